//! Photos beyond the front matter (issue 26): images a body shows, from
//! its bundle or `static/`, published in widths through `<picture>`; and
//! `kheo serve`, whose reloads do not wait for an encoder.

use std::time::{Duration, Instant};

use image::GenericImageView;

use crate::common::{SiteTest, attrs, error_list, model, sel};
use crate::photos::{cmyk_jpeg, phone_photo};

/// A model with the slug `than` and the front-matter lines `extra`.
fn than(extra: &str) -> String {
    model(
        "Thân",
        "Hà Nội / Hoàn Kiếm",
        "kinh-te",
        2024,
        &format!("slug: than\n{extra}"),
    )
}

/// A model bundle at `content/models/than/` whose body shows `body`.
fn with_body(body: &str) -> String {
    format!("{}\n{body}\n", than("").trim_end())
}

#[test]
fn body_images_are_published_in_widths_through_picture() {
    let t = SiteTest::new()
        .file(
            "content/models/than/index.md",
            &with_body(
                "Đồi chè buổi sáng:\n\n![Đồi chè buổi sáng](doi.jpg)\n\n\
                 Chợ phiên: ![Chợ phiên](/anh/cho.jpg)\n\n![Không có](khong-co.jpg)\n",
            ),
        )
        .bytes("content/models/than/doi.jpg", &phone_photo(1200, 900, 1))
        .bytes("static/anh/cho.jpg", &phone_photo(640, 480, 6));
    t.build_ok();
    let page = t.model("than");
    let doc = t.html(&page);
    let pics: Vec<_> = doc.select(&sel(".prose picture, main picture")).collect();
    assert_eq!(pics.len(), 2, "{}", doc.html());
    let first = pics[0];
    let source = first.select(&sel("source")).next().expect("source");
    assert_eq!(source.value().attr("type"), Some("image/avif"));
    assert_eq!(
        source.value().attr("srcset"),
        Some(
            format!(
                "/{page}doi-480.avif 480w, /{page}doi-960.avif 960w, /{page}doi-1200.avif 1200w"
            )
            .as_str()
        )
    );
    let img = first.select(&sel("img")).next().expect("img");
    let a = |k: &str| img.value().attr(k);
    assert_eq!(a("alt"), Some("Đồi chè buổi sáng"));
    assert_eq!((a("width"), a("height")), (Some("1200"), Some("900")));
    assert_eq!((a("loading"), a("decoding")), (Some("lazy"), Some("async")));
    assert!(a("sizes").is_some());
    assert_eq!(a("src"), Some(format!("/{page}doi-960.jpg").as_str()));
    // Upright: orientation 6 turns the stored 640 × 480 to 480 × 640.
    let second = pics[1].select(&sel("img")).next().expect("img");
    assert_eq!(second.value().attr("width"), Some("480"));
    assert_eq!(second.value().attr("height"), Some("640"));
    // The files are there; the name as written holds the widest
    // fallback, not the phone's bytes.
    let dir = t.out().join(&page);
    assert_eq!(
        image::open(dir.join("doi-480.jpg"))
            .expect("480")
            .dimensions(),
        (480, 360)
    );
    assert!(dir.join("doi-1200.avif").is_file());
    assert_eq!(
        std::fs::read(dir.join("doi.jpg")).expect("doi.jpg"),
        std::fs::read(dir.join("doi-1200.jpg")).expect("1200")
    );
    assert!(t.out().join("anh/cho-480.avif").is_file());
    // An image kheo has no file for stays a plain <img>.
    let plain: Vec<_> = doc
        .select(&sel("img[alt='Không có']"))
        .filter(|i| i.value().attr("srcset").is_none())
        .collect();
    assert_eq!(plain.len(), 1);
}

/// A rebuild after only a body photo was replaced (same name, new size)
/// renders the model's page again: its fingerprint covers the photos its
/// body may show, not the body's text alone.
#[test]
fn a_body_photo_replaced_under_its_name_shows_its_new_size() {
    let t = SiteTest::new()
        .file(
            "content/models/than/index.md",
            &with_body("![Đồi chè buổi sáng](doi.jpg)\n"),
        )
        .bytes("content/models/than/doi.jpg", &phone_photo(1200, 900, 1));
    t.build_ok();
    let page = t.model("than");
    std::fs::write(
        t.path().join("content/models/than/doi.jpg"),
        phone_photo(800, 800, 1),
    )
    .expect("write");
    t.build_ok();
    let doc = t.html(&page);
    let img = doc
        .select(&sel("img[alt='Đồi chè buổi sáng']"))
        .next()
        .expect("img");
    assert_eq!(img.value().attr("width"), Some("800"));
}

#[test]
fn serve_leaves_new_photos_for_later_and_reports_bad_ones_after() {
    let t = SiteTest::new()
        .file(
            "content/models/than/index.md",
            &than("images:\n  - {src: a.jpg, alt: A}\n  - {src: hong.jpg, alt: Hỏng}\n"),
        )
        .bytes("content/models/than/a.jpg", &phone_photo(640, 480, 1))
        .bytes(
            "content/models/than/hong.jpg",
            b"\xFF\xD8\xFF\xE0 not a jpeg",
        );
    let opts = t.options();
    let mut diags = kheo::diag::Diagnostics::new();
    let site = kheo::load_site(&opts, &mut diags);
    let none = kheo::images::Tried::new();
    let later = |tried| kheo::images::Later {
        previous: None,
        tried,
    };
    // Nothing is decoded or encoded on the way to the page.
    let table = kheo::images::prepare_later(&opts.dir, &site, later(&none), &mut diags);
    assert_eq!(table.pending.len(), 2);
    assert!(table.sources.is_empty() && table.encoded == 0);
    assert!(!diags.has_errors());
    let tried = kheo::images::encode_pending(&opts.dir, &[480, 960, 1600], &table.pending);
    assert_eq!(tried.len(), 2);
    // After: the good photo is in the cache, the bad one is reported on
    // its line.
    let table = kheo::images::prepare_later(&opts.dir, &site, later(&tried), &mut diags);
    assert!(table.pending.is_empty());
    assert_eq!(table.sources.len(), 1);
    assert_eq!(table.encoded, 0, "found in the cache");
    let errors: Vec<_> = diags
        .sorted()
        .into_iter()
        .filter(|d| d.is_error())
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].msg.text("name"), Some("hong.jpg"), "{errors:?}");
    assert_eq!(errors[0].line, 9, "{errors:?}");
}

#[test]
fn serve_shows_a_new_photo_at_once_and_its_widths_when_encoded() {
    let t = SiteTest::new()
        .file(
            "content/models/than/index.md",
            &than("images:\n  - {src: a.jpg, alt: Ảnh A}\n"),
        )
        .bytes("content/models/than/a.jpg", &phone_photo(1600, 1200, 1));
    let server = crate::common::Server::start_within(t.path(), Duration::from_secs(60));
    let page = |path: &str| {
        let (code, body) = crate::serve::get_bytes(server.port, path);
        (code, String::from_utf8_lossy(&body).into_owned())
    };
    // The page is served before the photo is encoded: the photo as it is.
    let found = |html: &str| {
        let doc = scraper::Html::parse_document(html);
        doc.select(&sel("a[href$='/than/']"))
            .filter_map(|a| a.value().attr("href"))
            .map(|h| {
                h.split("://")
                    .nth(1)
                    .map_or(h, |r| &r[r.find('/').unwrap_or(0)..])
                    .to_string()
            })
            .next()
    };
    let (_, home) = page("/mo-hinh/");
    let path = found(&home).expect("the model is listed");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let (code, html) = page(&path);
        assert_eq!(code, 200);
        let doc = scraper::Html::parse_document(&html);
        if doc
            .select(&sel("picture source[type='image/avif']"))
            .next()
            .is_some()
        {
            let img = doc.select(&sel("picture img")).next().expect("img");
            assert_eq!(img.value().attr("width"), Some("1600"));
            let src = img.value().attr("src").expect("src");
            let (code, bytes) =
                crate::serve::get_bytes(server.port, &src[src.find("/mo-hinh").expect("path")..]);
            assert_eq!(code, 200);
            assert_eq!(image::load_from_memory(&bytes).expect("jpeg").width(), 960);
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the photo was never published: {html}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// `kheo check` writes nothing (SPEC §6): it decodes the photos to find
/// their problems and sizes, and encodes none into the cache.
#[test]
fn check_finds_a_bad_photo_and_writes_no_cache() {
    let t = SiteTest::new()
        .file(
            "content/models/than/index.md",
            &than("images:\n  - {src: a.jpg, alt: A}\n  - {src: rong.jpg, alt: Rỗng}\n"),
        )
        .bytes("content/models/than/a.jpg", &phone_photo(640, 480, 1))
        .bytes("content/models/than/rong.jpg", b"");
    let r = kheo::check(&t.options());
    let errors: Vec<_> = error_list(&r)
        .iter()
        .map(|d| (d.kind(), d.msg.text("name").map(str::to_string), d.line))
        .collect();
    assert_eq!(
        errors,
        [("image-empty", Some("rong.jpg".to_string()), 9)],
        "{:?}",
        r.diags.sorted()
    );
    assert!(!t.path().join(".kheo").exists(), "check wrote a cache");
    assert!(!t.out().exists(), "check wrote an output");
}

/// A free page's Markdown image of a photo in `static/` is a `<picture>`
/// of its widths too (issue 26: every published raster image).
#[test]
fn a_free_page_shows_a_static_photo_through_picture() {
    let t = SiteTest::new()
        .file(
            "content/pages/gioi-thieu.md",
            "---\ntitle: Giới thiệu\n---\n![Hội nghị tổng kết](/anh/hoi-nghi.jpg)\n",
        )
        .bytes("static/anh/hoi-nghi.jpg", &phone_photo(1200, 900, 1));
    t.build_ok();
    let doc = t.html("gioi-thieu/");
    let img = doc
        .select(&sel("picture img[alt='Hội nghị tổng kết']"))
        .next()
        .expect("a <picture>");
    assert_eq!(img.value().attr("width"), Some("1200"));
    assert_eq!(img.value().attr("height"), Some("900"));
    let avif = attrs(&doc, "picture source[type='image/avif']", "srcset");
    assert!(avif[0].contains("/anh/hoi-nghi-480.avif 480w"), "{avif:?}");
    for f in ["anh/hoi-nghi-480.avif", "anh/hoi-nghi-1200.jpg"] {
        assert!(t.out().join(f).is_file(), "{f}");
    }
}

/// The warnings of a photo `kheo serve` encoded on its own thread are
/// reported by the builds that follow (the overlay shows them), not lost
/// because the photo is then found in the cache.
#[test]
fn serve_reports_the_warnings_of_photos_encoded_aside() {
    let cmyk = cmyk_jpeg();
    let t = SiteTest::new()
        .file(
            "content/models/than/index.md",
            &than("images:\n  - {src: in.jpg, alt: In}\n"),
        )
        .bytes("content/models/than/in.jpg", &cmyk);
    let opts = t.options();
    let mut diags = kheo::diag::Diagnostics::new();
    let site = kheo::load_site(&opts, &mut diags);
    let later = |tried| kheo::images::Later {
        previous: None,
        tried,
    };
    let none = kheo::images::Tried::new();
    let table = kheo::images::prepare_later(&opts.dir, &site, later(&none), &mut diags);
    assert_eq!(table.pending.len(), 1);
    let tried = kheo::images::encode_pending(&opts.dir, &[480, 960, 1600], &table.pending);
    for build in 0..2 {
        let mut diags = kheo::diag::Diagnostics::new();
        let table = kheo::images::prepare_later(&opts.dir, &site, later(&tried), &mut diags);
        assert_eq!(table.sources.len(), 1, "build {build}");
        let found: Vec<_> = diags
            .sorted()
            .iter()
            .map(|d| (d.kind(), d.is_error(), d.line))
            .collect();
        assert_eq!(found, [("image-cmyk", false, 8)], "build {build}");
    }
}

#[test]
fn photos_named_with_spaces_and_diacritics_are_published_and_their_urls_resolve() {
    // Markdown needs a name with a space percent-encoded; a phone or an
    // editor names photos in Vietnamese.
    let t = SiteTest::new()
        .file(
            "content/models/than/index.md",
            &with_body(
                "![Đội tình nguyện](%E1%BA%A3nh%20%C4%91%E1%BB%99i.jpg)\n\n\
                 <img src=\"cho%20phien.jpg\" alt=\"Chợ phiên\">\n",
            ),
        )
        .bytes(
            "content/models/than/ảnh đội.jpg",
            &phone_photo(1200, 900, 1),
        )
        .bytes(
            "content/models/than/cho phien.jpg",
            &phone_photo(640, 480, 1),
        );
    t.build_ok();
    let page = t.model("than");
    let doc = t.html(&page);
    let pics: Vec<_> = doc.select(&sel("main picture")).collect();
    assert_eq!(pics.len(), 2, "{}", doc.html());
    for pic in pics {
        let img = pic.select(&sel("img")).next().expect("img");
        let source = pic.select(&sel("source")).next().expect("source");
        let mut urls = vec![img.value().attr("src").expect("src").to_string()];
        for set in [img.value().attr("srcset"), source.value().attr("srcset")] {
            for candidate in set.expect("srcset").split(", ") {
                let (url, w) = candidate.rsplit_once(' ').expect("url and width");
                assert!(w.ends_with('w'), "{candidate}");
                urls.push(url.to_string());
            }
        }
        for url in urls {
            assert!(!url.contains([' ', ',']), "{url}");
            let path = percent_encoding::percent_decode_str(url.trim_start_matches('/'))
                .decode_utf8()
                .expect("UTF-8")
                .into_owned();
            assert!(t.out().join(&path).is_file(), "{url}: no {path}");
        }
    }
}
