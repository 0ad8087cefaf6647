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
    sample_photos_are_published_light_and_stripped(&public);
}

/// Issue 26 on the sample site's output: every local raster image a page
/// shows is a `<picture>` of AVIF widths with a fallback, sized, decoded
/// asynchronously and lazy unless it is the first screen's; no published
/// image holds the phones' metadata, nor is any a source's bytes.
fn sample_photos_are_published_light_and_stripped(public: &std::path::Path) {
    let raster = |p: &str| {
        let p = p.to_ascii_lowercase();
        [".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif"]
            .iter()
            .any(|e| p.ends_with(e))
    };
    let mut shown = 0;
    for entry in walkdir::WalkDir::new(public).into_iter().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let doc = scraper::Html::parse_document(&std::fs::read_to_string(path).expect("read"));
        for img in doc.select(&sel("img")) {
            let a = |k: &str| img.value().attr(k);
            let src = a("src").unwrap_or_default();
            if !src.starts_with("/dvk/") || !raster(src) {
                continue;
            }
            shown += 1;
            let at = format!("{} in {}", src, path.display());
            for k in ["srcset", "sizes", "width", "height", "alt"] {
                assert!(a(k).is_some(), "{k} missing: {at}");
            }
            assert_eq!(a("decoding"), Some("async"), "{at}");
            assert!(
                a("loading") == Some("lazy") || a("fetchpriority") == Some("high"),
                "neither lazy nor the first screen's: {at}"
            );
            let picture = img
                .parent()
                .and_then(scraper::ElementRef::wrap)
                .filter(|p| p.value().name() == "picture")
                .unwrap_or_else(|| panic!("not in a <picture>: {at}"));
            let avif = picture
                .select(&sel("source[type='image/avif']"))
                .next()
                .and_then(|s| s.value().attr("srcset"))
                .unwrap_or_else(|| panic!("no AVIF source: {at}"));
            assert!(avif.contains(".avif 480w"), "{at}: {avif}");
        }
    }
    assert!(shown >= 5, "the sample's photos are shown {shown} times");
    let sources: Vec<Vec<u8>> = walkdir::WalkDir::new(repo().join("content"))
        .into_iter()
        .flatten()
        .filter(|e| raster(&e.path().to_string_lossy()))
        .map(|e| std::fs::read(e.path()).expect("read"))
        .collect();
    assert!(sources.len() >= 5);
    let mut published = 0;
    for entry in walkdir::WalkDir::new(public).into_iter().flatten() {
        let name = entry.path().to_string_lossy().into_owned();
        if !raster(&name) || name.contains("/icon-") {
            continue;
        }
        published += 1;
        let bytes = std::fs::read(entry.path()).expect("read");
        for needle in [
            &b"Exif\0\0"[..],
            b"http://ns.adobe.com/xap",
            b"Photoshop 3.0",
            b"SAMPLE-SERIAL",
            b"Sample Owner",
        ] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{name} holds {}",
                String::from_utf8_lossy(needle)
            );
        }
        assert!(!sources.contains(&bytes), "{name} is a source's bytes");
        if let Ok(img) = image::load_from_memory(&bytes) {
            assert!(img.width() <= 1600, "{name}: {} px wide", img.width());
        }
    }
    assert!(published >= 5 * 7, "{published} images published");
}
