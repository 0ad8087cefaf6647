//! Photos an editor shows without Markdown's image syntax or a bundle
//! (issue 26, item 1: every published raster image): `<img>` in raw HTML
//! (typed, or pasted from Word), the photos beside a free page's file,
//! and the warnings `kheo serve` shows after an edit it renders on its
//! quick path.

use std::time::{Duration, Instant};

use crate::common::{SiteTest, model, sel};
use crate::photos::{SERIAL, cmyk_jpeg, phone_photo};

/// A model bundle at `content/models/than/` with a `summary:` (so a body
/// edit changes no card) and the body `body`.
fn than_with_body(body: &str) -> String {
    let head = model(
        "Thân",
        "Hà Nội / Hoàn Kiếm",
        "kinh-te",
        2024,
        "slug: than\nsummary: Mô hình ở Hoàn Kiếm.\n",
    );
    format!("{}\n{body}\n", head.trim_end())
}

/// Every URL of a `srcset`, and the `src`, of the `<picture>`s of `doc`,
/// as files of `out` (the site is built at `/`).
fn picture_files(doc: &scraper::Html, out: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut urls = Vec::new();
    for el in doc.select(&sel("picture source, picture img")) {
        if let Some(set) = el.value().attr("srcset") {
            urls.extend(set.split(',').filter_map(|c| c.split_whitespace().next()));
        }
        urls.extend(el.value().attr("src"));
    }
    urls.iter()
        .map(|u| out.join(u.trim_start_matches('/')))
        .collect()
}

/// Word's pasted HTML and a hand-typed `<img>`, of a bundle photo and of
/// a photo in `static/`, become the same `<picture>` as a Markdown image;
/// an external image and a photo kheo has no file for stay as they were,
/// and event handlers are still removed.
#[test]
fn raw_html_images_of_local_photos_become_pictures() {
    let body = "Đồi chè <img src=\"doi.jpg\" alt=\"Đồi chè &amp; nương\" onerror=\"alert(1)\"> ở Tân Uyên.\n\n\
        <div class=\"WordSection1\">\n<p class=\"MsoNormal\"><span><img width=\"602\" height=\"451\"\n\
        id=\"Picture_1\" SRC=\"/anh/cho.jpg\" alt=\"Chợ phiên\"></span></p>\n\
        <p><img src=\"https://example.org/ngoai.jpg\" alt=\"Ảnh ngoài\"></p>\n\
        <p><img src=\"khong-co.jpg\" alt=\"Không có\"></p>\n</div>\n";
    let t = SiteTest::new()
        .file("content/models/than/index.md", &than_with_body(body))
        .bytes("content/models/than/doi.jpg", &phone_photo(1200, 900, 1))
        .bytes("static/anh/cho.jpg", &phone_photo(640, 480, 6));
    t.build_ok();
    let page = t.model("than");
    let doc = t.html(&page);
    let pics: Vec<_> = doc.select(&sel("main picture")).collect();
    assert_eq!(pics.len(), 2, "{}", doc.html());
    let img = |i: usize| pics[i].select(&sel("img")).next().expect("img");
    let a = |i: usize, k: &str| img(i).value().attr(k).map(str::to_string);
    assert_eq!(a(0, "alt").as_deref(), Some("Đồi chè & nương"));
    assert_eq!(
        (a(0, "width"), a(0, "height")),
        (Some("1200".into()), Some("900".into()))
    );
    assert_eq!(a(0, "src"), Some(format!("/{page}doi-960.jpg")));
    // Upright (orientation 6), its own size, not the one Word wrote.
    assert_eq!(a(1, "alt").as_deref(), Some("Chợ phiên"));
    assert_eq!(
        (a(1, "width"), a(1, "height")),
        (Some("480".into()), Some("640".into()))
    );
    for (i, pic) in pics.iter().enumerate() {
        assert_eq!(a(i, "loading").as_deref(), Some("lazy"));
        assert_eq!(a(i, "decoding").as_deref(), Some("async"));
        assert!(a(i, "sizes").is_some() && a(i, "srcset").is_some());
        let source = pic.select(&sel("source")).next().expect("source");
        assert_eq!(source.value().attr("type"), Some("image/avif"));
    }
    // Every file the pictures name is published, and holds no metadata.
    // Three widths of `doi.jpg` and its `src`; one of `cho.jpg` (480
    // wide upright, never upscaled) and its `src`.
    let files = picture_files(&doc, &t.out());
    assert_eq!(files.len(), 2 * 3 + 1 + 2 + 1, "{files:?}");
    for f in &files {
        let bytes = std::fs::read(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        assert!(!bytes.windows(SERIAL.len()).any(|w| w == SERIAL.as_bytes()));
    }
    // The external image and the missing one are left as written.
    let plain: Vec<_> = doc
        .select(&sel("main img"))
        .filter(|i| i.value().attr("srcset").is_none())
        .map(|i| i.value().attr("src").unwrap_or_default().to_string())
        .collect();
    assert_eq!(plain, ["https://example.org/ngoai.jpg", "khong-co.jpg"]);
    assert!(!doc.html().contains("onerror"), "{}", doc.html());
}

/// A free page's photo beside its file (`content/pages/`), named in its
/// body by Markdown or by raw HTML, is published beside the page in
/// widths, its metadata gone, and shown through `<picture>`.
#[test]
fn a_free_page_shows_a_photo_beside_its_file_through_picture() {
    let t = SiteTest::new()
        .file(
            "content/pages/gioi-thieu.md",
            "---\ntitle: Giới thiệu\n---\nHội nghị:\n\n![Hội nghị tổng kết](hoi-nghi.jpg)\n\n\
             <p><img src=\"./le-trao.jpg\" alt=\"Lễ trao giải\"></p>\n",
        )
        .bytes("content/pages/hoi-nghi.jpg", &phone_photo(1200, 900, 1))
        .bytes("content/pages/le-trao.jpg", &phone_photo(800, 600, 1))
        .bytes("content/pages/khong-dung.jpg", &phone_photo(64, 48, 1));
    t.build_ok();
    let doc = t.html("gioi-thieu/");
    let alts: Vec<_> = doc
        .select(&sel("main picture img"))
        .map(|i| {
            let v = i.value();
            (v.attr("alt"), v.attr("width"), v.attr("loading"))
        })
        .collect();
    assert_eq!(
        alts,
        [
            (Some("Hội nghị tổng kết"), Some("1200"), Some("lazy")),
            (Some("Lễ trao giải"), Some("800"), Some("lazy"))
        ]
    );
    let files = picture_files(&doc, &t.out());
    assert_eq!(files.len(), 2 * 3 + 1 + 2 * 2 + 1, "{files:?}");
    for f in &files {
        assert!(f.starts_with(t.out().join("gioi-thieu")), "{}", f.display());
        let bytes = std::fs::read(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        assert!(!bytes.windows(SERIAL.len()).any(|w| w == SERIAL.as_bytes()));
    }
    // At its own name, the widest fallback; a photo no page names is not
    // published.
    assert_eq!(
        std::fs::read(t.out().join("gioi-thieu/hoi-nghi.jpg")).expect("at its name"),
        std::fs::read(t.out().join("gioi-thieu/hoi-nghi-1200.jpg")).expect("1200")
    );
    let published: Vec<_> = walkdir::WalkDir::new(t.out())
        .into_iter()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("khong-dung"))
        .collect();
    assert!(published.is_empty(), "{published:?}");
}

/// `kheo serve`'s overlay of photo warnings follows an edit it renders
/// on its quick path (one model's body): the warning names the line the
/// photo is on now, and goes away when the body no longer shows it.
#[test]
fn serve_photo_warnings_follow_a_quick_body_edit() {
    let rel = "content/models/than/index.md";
    let t = SiteTest::new()
        .file(rel, &than_with_body("![In](in.jpg)\n"))
        .bytes("content/models/than/in.jpg", &cmyk_jpeg());
    let server = crate::common::Server::start_within(t.path(), Duration::from_secs(60));
    let line_of = |text: &str| {
        text.lines()
            .position(|l| l.contains("in.jpg"))
            .map(|i| i + 1)
    };
    // What a page connecting now is shown: the problems event, if any.
    let shown = || {
        let mut events = server.events();
        assert_eq!(events.next().0, "hello");
        events.within(Duration::from_secs(2)).map(|(_, data)| data)
    };
    let wait_for = |line: usize| {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if let Some(notes) = shown()
                && notes.contains(&format!("index.md:{line}:"))
            {
                assert!(notes.contains("in.jpg"), "{notes}");
                return;
            }
            assert!(Instant::now() < deadline, "no warning on line {line}");
            std::thread::sleep(Duration::from_millis(200));
        }
    };
    let first = std::fs::read_to_string(t.path().join(rel)).expect("read");
    // The photo is encoded aside; the build after it shows its warning.
    wait_for(line_of(&first).expect("named"));
    let edit = |body: &str| {
        crate::serve::write(&t, rel, &than_with_body(body));
        crate::serve::log_line(&server, "re-rendered its page");
    };
    edit("Hai đoạn mới.\n\nRồi một đoạn nữa.\n\n![In](in.jpg)\n");
    let moved = line_of(&std::fs::read_to_string(t.path().join(rel)).expect("read"));
    assert_eq!(moved, line_of(&first).map(|l| l + 4));
    wait_for(moved.expect("named"));
    edit("Ảnh đã bỏ.\n");
    assert_eq!(shown(), None, "a warning about a photo no page shows");
}
