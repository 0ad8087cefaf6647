//! Tests of `kheo new`: the templates load as the loaders read them.
use super::*;
use crate::content::frontmatter::{SourceFile, decode};

fn source(text: &str, name: &str) -> SourceFile {
    decode(Path::new(name), text.as_bytes()).expect("utf-8")
}

#[test]
fn a_full_model_template_loads_without_errors() {
    let cfg = SiteConfig::default();
    let text = model_template(
        &cfg,
        "Đường hoa “Lê Lợi” \\ 2",
        Some("Thanh Hóa / Sầm Sơn / Trường Sơn"),
        Some("van-hoa-xa-hoi"),
        2023,
        None,
    );
    let md = crate::markdown::Options {
        root: "/".into(),
        trust_raw_html: false,
    };
    let m = crate::content::model::load(&source(&text, "x.md"), &cfg, &md)
        .unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    assert_eq!(m.title, "Đường hoa “Lê Lợi” \\ 2");
    assert_eq!(m.locality, ["Thanh Hóa", "Sầm Sơn", "Trường Sơn"]);
    assert_eq!(m.year, 2023);
}

#[test]
fn a_full_award_template_loads_without_errors() {
    let models = vec!["duong-hoa".to_string()];
    let text = award_template(&AwardFill {
        title: "Bằng khen 2019",
        kind: Some("bang-khen"),
        level: Some("tinh"),
        issuer: Some("UBND tỉnh"),
        locality: Some("Thanh Hóa"),
        when: "period: \"2009-2019\"",
        models: &models,
        slug: Some("bk-2019"),
    });
    let md = crate::markdown::Options {
        root: "/".into(),
        trust_raw_html: false,
    };
    let a = crate::content::award::load(&source(&text, "x.md"), &md)
        .unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    assert_eq!(a.years, (2009, 2019));
    assert_eq!(a.models, ["duong-hoa"]);
    assert_eq!(a.slug, "bk-2019");
}

#[test]
fn this_year_is_plausible() {
    let y = this_year();
    assert!((2024..2200).contains(&y), "{y}");
}
