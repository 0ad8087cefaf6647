//! The bundled sample site (the repository's own `content/`) builds, every
//! internal link and fragment resolves, and nothing private is published.

use crate::common::*;

fn repo() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_sample_site_builds_with_every_link_resolving() {
    let out = tempfile::tempdir().expect("temp");
    let opts = kheo::BuildOptions {
        dir: repo(),
        out: Some(out.path().join("public")),
        base_url: Some("https://example.org/dvk/".into()),
        ..kheo::BuildOptions::default()
    };
    let r = kheo::build(&opts);
    assert!(r.ok(), "{}", r.diags.report(&repo(), &en()));
    assert!(r.models >= 25, "{} models", r.models);
    assert!(r.awards >= 6, "{} awards", r.awards);
    let public = out.path().join("public");
    let broken = check_links(&public, "/dvk/");
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );

    // Six provinces, four fields, at least four years.
    let index = scraper::Html::parse_document(
        &std::fs::read_to_string(public.join("dia-ban/index.html")).expect("read"),
    );
    let provinces: std::collections::BTreeSet<String> =
        attrs(&index, "a[href^='/dvk/dia-ban/']", "href")
            .into_iter()
            .filter(|h| h.matches('/').count() == 4)
            .collect();
    assert!(provinces.len() >= 6, "{provinces:?}");
    for f in [
        "kinh-te",
        "van-hoa-xa-hoi",
        "quoc-phong-an-ninh",
        "xay-dung-he-thong-chinh-tri",
    ] {
        let doc = scraper::Html::parse_document(
            &std::fs::read_to_string(public.join(format!("linh-vuc/{f}/index.html")))
                .expect("read"),
        );
        assert!(
            !attrs(&doc, "main a[href^='/dvk/mo-hinh/']", "href").is_empty(),
            "field {f} is empty"
        );
    }
    let years = std::fs::read_dir(public.join("nam")).expect("nam").count();
    assert!(years > 4, "{years}");

    // No phone number from the seeds, nor anything private.
    for entry in walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let text =
                String::from_utf8_lossy(&std::fs::read(entry.path()).expect("read")).into_owned();
            assert!(!text.contains("0772275432"), "{}", entry.path().display());
            assert!(!text.contains("ghi_chu"), "{}", entry.path().display());
        }
    }
}
