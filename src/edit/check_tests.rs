//! Checking one entry's text: the problems are `kheo check`'s, each beside
//! its field, in the editor's language.

use std::collections::BTreeSet;

use super::*;
use crate::l10n::Lang;

use crate::edit::test_site as site;

const BAD: &str = "---
title: Tổ dân vận
locality: Hà Nội / Hoàn Kiếm / Không Có Phường Này
field: kinh-tee
year: 2019
status: xyz
---

Liên hệ chị Lan: 0912 345 678.
";

fn keyed(problems: &[Problem]) -> BTreeSet<(Option<&str>, &str)> {
    problems.iter().map(|p| (p.key.as_deref(), p.id)).collect()
}

#[test]
fn problems_sit_beside_their_fields_in_both_languages() {
    let t = site(&[]);
    let checker = Checker::load(t.path(), &mut Diagnostics::new());
    let vi = checker.check(
        "content/models/a.md",
        BAD,
        None,
        None,
        &Messages::new(Lang::Vi),
    );
    assert_eq!(
        keyed(&vi),
        BTreeSet::from([
            (Some("locality"), "locality-unknown"),
            (Some("field"), "field-unknown"),
            (Some("status"), "choice-unknown"),
            (Some("body"), "privacy-phone"),
        ]),
        "{vi:#?}"
    );
    let en = checker.check(
        "content/models/a.md",
        BAD,
        None,
        None,
        &Messages::new(Lang::En),
    );
    let field = |ps: &[Problem]| {
        ps.iter()
            .find(|p| p.id == "field-unknown")
            .map(|p| (p.message.clone(), p.help.clone()))
            .expect("field problem")
    };
    let (vi_msg, vi_help) = field(&vi);
    let (en_msg, en_help) = field(&en);
    assert_eq!(en_msg, "unknown field `kinh-tee`");
    assert_ne!(vi_msg, en_msg);
    assert!(en_help.is_some_and(|h| h.contains("`kinh-te`")));
    assert!(vi_help.is_some_and(|h| h.contains("`kinh-te`")));
}

#[test]
fn the_problems_are_the_ones_kheo_check_reports() {
    let rel = "content/models/a.md";
    let t = site(&[(rel, BAD)]);
    let opts = crate::BuildOptions {
        dir: t.path().to_path_buf(),
        ..crate::BuildOptions::default()
    };
    let report = crate::cli::check::check(&opts);
    let file = t.path().join(rel);
    let by_check: BTreeSet<(&str, usize)> = report
        .diags
        .sorted()
        .iter()
        .filter(|d| d.path == file)
        .map(|d| (d.kind(), d.line))
        .collect();
    let checker = Checker::load(t.path(), &mut Diagnostics::new());
    let mine: BTreeSet<(&str, usize)> = checker
        .diagnostics(rel, BAD, None, None)
        .iter()
        .map(|d| (d.kind(), d.line))
        .collect();
    assert!(by_check.len() >= 4, "{by_check:?}");
    assert_eq!(mine, by_check);
}

#[test]
fn folder_defaults_fill_what_the_entry_leaves_out() {
    let t = site(&[(
        "content/models/hai-phong/_defaults.yaml",
        "locality: Hải Phòng / Hải An\n",
    )]);
    let checker = Checker::load(t.path(), &mut Diagnostics::new());
    let text = "---\ntitle: Chợ dân sinh\nfield: kinh-te\nyear: 2023\n---\n\nBài.\n";
    let m = Messages::new(Lang::Vi);
    let inside = checker.check("content/models/hai-phong/cho.md", text, None, None, &m);
    assert!(inside.is_empty(), "{inside:#?}");
    let outside = checker.check("content/models/cho.md", text, None, None, &m);
    assert_eq!(
        keyed(&outside),
        BTreeSet::from([(Some("locality"), "missing-key")])
    );
    // A missing year is shown beside the year, not the title it is on.
    let no_year = text.replace("year: 2023\n", "");
    let got = checker.check("content/models/hai-phong/cho.md", &no_year, None, None, &m);
    assert_eq!(
        keyed(&got),
        BTreeSet::from([(Some("year"), "missing-year")])
    );
}

#[test]
fn an_award_naming_no_model_is_told_so_against_the_loaded_site() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let opts = crate::BuildOptions {
        dir: dir.to_path_buf(),
        ..crate::BuildOptions::default()
    };
    let loaded = crate::load_site(&opts, &mut Diagnostics::new());
    let checker = Checker::load(dir, &mut Diagnostics::new());
    let award = |models: &str| {
        format!(
            "---\ntitle: Giấy khen\nkind: giay-khen\nlevel: huyen\nissuer: UBND quận Bình Tân\n\
             locality: Hồ Chí Minh / Bình Tân\nyear: 2019\nmodels: [{models}]\n---\n"
        )
    };
    let m = Messages::new(Lang::En);
    let rel = "content/awards/moi.md";
    let good = checker.check(rel, &award("binh-tan-muoi-nam"), Some(&loaded), None, &m);
    assert!(good.is_empty(), "{good:#?}");
    let bad = checker.check(
        rel,
        &award("binh-tan-muoi-nam-sai"),
        Some(&loaded),
        None,
        &m,
    );
    assert_eq!(
        keyed(&bad),
        BTreeSet::from([(Some("models"), "ref-missing")])
    );
    assert!(
        bad[0]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("binh-tan-muoi-nam")),
        "{bad:#?}"
    );
}
