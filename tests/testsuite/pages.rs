//! The pages of SPEC §5: pagination, base_url sub-paths, awards ⇄ models,
//! feed and sitemap, template overrides, bundles, drafts and private data.

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::common::*;

fn many_models(mut t: SiteTest, n: usize) -> SiteTest {
    for i in 0..n {
        t = t.file(
            &format!("content/models/m{i:02}.md"),
            &model(
                &format!("Mô hình số {i:02}"),
                "Hà Nội / Hoàn Kiếm",
                "kinh-te",
                2000 + (i as i32 % 5),
                "",
            ),
        );
    }
    t
}

#[test]
fn listings_paginate_at_the_configured_size() {
    let t = many_models(SiteTest::new().file("site.yaml", "paginate: 4\n"), 10);
    t.build_ok();
    // 10 models at 4 a page: pages 1, 2, 3, and no page 4.
    let count = |path: &str| {
        attrs(
            &t.html(path),
            "main a[href^='/mo-hinh/ha-noi/quan-hoan-kiem/m']",
            "href",
        )
        .iter()
        .collect::<std::collections::BTreeSet<_>>()
        .len()
    };
    assert_eq!(count("mo-hinh/"), 4);
    assert_eq!(count("mo-hinh/trang/2/"), 4);
    assert_eq!(count("mo-hinh/trang/3/"), 2);
    assert!(!t.out().join("mo-hinh/trang/4").exists());
    assert!(
        !t.out().join("mo-hinh/trang/1").exists(),
        "page 1 lives at the listing's own URL"
    );
    // The same for a locality and a field.
    assert_eq!(count("dia-ban/ha-noi/quan-hoan-kiem/trang/3/"), 2);
    assert_eq!(count("linh-vuc/kinh-te/trang/3/"), 2);
    // Page 2 links back to page 1 and on to page 3.
    let p2 = t.html("mo-hinh/trang/2/");
    let hrefs = attrs(&p2, "a[href]", "href");
    assert!(hrefs.contains(&"/mo-hinh/".to_string()), "{hrefs:?}");
    assert!(
        hrefs.contains(&"/mo-hinh/trang/3/".to_string()),
        "{hrefs:?}"
    );
    // Every model appears exactly once across the pages.
    let mut all = Vec::new();
    for p in ["mo-hinh/", "mo-hinh/trang/2/", "mo-hinh/trang/3/"] {
        let mut v: Vec<String> = attrs(
            &t.html(p),
            "main a[href^='/mo-hinh/ha-noi/quan-hoan-kiem/m']",
            "href",
        );
        v.sort();
        v.dedup();
        all.extend(v);
    }
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 10);
}

#[test]
fn a_sub_path_base_url_prefixes_every_internal_link() {
    let mut t = many_models(SiteTest::new().file("site.yaml", "paginate: 4\n"), 6).file(
        "content/pages/gioi-thieu.md",
        "---\ntitle: Giới thiệu\n---\nXem [mô hình](/mo-hinh/ha-noi/quan-hoan-kiem/mo-hinh-so-01/).\n",
    );
    t.base_url = Some("https://example.org/dvk".to_string());
    t.build_ok();
    let broken = check_links(&t.out(), "/dvk/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    // A Markdown root-relative link is rewritten too.
    let page = t.html("gioi-thieu/");
    assert!(
        attrs(&page, "a[href]", "href")
            .contains(&"/dvk/mo-hinh/ha-noi/quan-hoan-kiem/mo-hinh-so-01/".to_string())
    );
    // Sitemap and feed carry absolute URLs under the sub-path.
    let sitemap = t.read("sitemap.xml");
    assert!(sitemap.contains(
        "<loc>https://example.org/dvk/mo-hinh/ha-noi/quan-hoan-kiem/mo-hinh-so-01/</loc>"
    ));
    let robots = t.read("robots.txt");
    assert!(robots.contains("Sitemap: https://example.org/dvk/sitemap.xml"));
}

#[test]
fn awards_and_models_link_both_ways() {
    let t = SiteTest::new()
        .file("content/models/a.md", &model("Tổ dân vận số 3", "Hà Nội / Hoàn Kiếm / Lý Thái Tổ", "xay-dung-he-thong-chinh-tri", 2022, "slug: to-dan-van-3\n"))
        .file("content/models/b.md", &model("Chung sức phòng dịch", "Hà Nội / Hoàn Kiếm / Lý Thái Tổ", "van-hoa-xa-hoi", 2022, ""))
        .file("content/models/c.md", &model("Không có giải", "Hà Nội", "kinh-te", 2022, ""))
        .file(
            "content/awards/a.md",
            "---\ntitle: Giấy khen Tổ dân vận số 3\nkind: Giấy khen\nlevel: cấp huyện\nissuer: UBND quận Hoàn Kiếm\nlocality: Hà Nội / Hoàn Kiếm\nyear: 2022\nrecipients:\n  - {name: Tổ dân vận số 3, kind: tap-the, model: to-dan-van-3}\n---\n",
        )
        .file(
            "content/awards/b.md",
            "---\ntitle: Công nhận mô hình 2009–2019\nkind: cong-nhan\nlevel: co-so\nissuer: Đảng ủy phường Lý Thái Tổ\nperiod: 2009–2019\nmodels: [chung-suc-phong-dich, to-dan-van-3]\ntotals: {tap-the: 10, ca-nhan: 3}\n---\n",
        );
    t.build_ok();
    let m = t.html(&t.model("to-dan-van-3"));
    let links = attrs(&m, "a[href^='/khen-thuong/']", "href");
    assert!(
        links.contains(&"/khen-thuong/giay-khen-to-dan-van-so-3/".to_string()),
        "{links:?}"
    );
    assert!(
        links.contains(&"/khen-thuong/cong-nhan-mo-hinh-2009-2019/".to_string()),
        "{links:?}"
    );
    let m = t.html(&t.model("chung-suc-phong-dich"));
    let links = attrs(&m, "a[href^='/khen-thuong/']", "href");
    assert!(
        links.contains(&"/khen-thuong/cong-nhan-mo-hinh-2009-2019/".to_string()),
        "{links:?}"
    );
    assert!(
        !links.contains(&"/khen-thuong/giay-khen-to-dan-van-so-3/".to_string()),
        "{links:?}"
    );
    let m = t.html(&t.model("khong-co-giai"));
    assert!(attrs(&m, "main a[href^='/khen-thuong/']", "href").is_empty());
    let a = t.html("khen-thuong/cong-nhan-mo-hinh-2009-2019/");
    let links = attrs(&a, "a[href^='/mo-hinh/']", "href");
    assert!(
        links.contains(&"/mo-hinh/ha-noi/quan-hoan-kiem/ly-thai-to/to-dan-van-3/".to_string())
            && links.contains(
                &"/mo-hinh/ha-noi/quan-hoan-kiem/ly-thai-to/chung-suc-phong-dich/".to_string()
            ),
        "{links:?}"
    );
    assert!(texts(&a, "main").join(" ").contains("2009–2019"));
    // The awards index groups by the award's (last) year.
    assert!(t.out().join("nam/2019/index.html").is_file());
}

fn xml_ok(text: &str) -> Vec<String> {
    let mut r = Reader::from_str(text);
    let mut names = Vec::new();
    loop {
        match r.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => names.push(e.name().as_ref().to_string()),
            Ok(_) => {}
            Err(e) => panic!("not well-formed XML: {e}\n{text}"),
        }
    }
    names
}

#[test]
fn feed_and_sitemap_are_well_formed_xml() {
    let t = SiteTest::new()
        .file(
            "content/models/a.md",
            &model(
                "Dấu & <ký tự> \\\"đặc biệt\\\"",
                "Hà Nội",
                "kinh-te",
                2021,
                "summary: \"A < B & C\"\n",
            ),
        )
        .file(
            "content/models/b.md",
            &model("Mô hình B", "Hà Nội", "kinh-te", 2020, ""),
        );
    t.build_ok();
    let feed = t.read("feed.xml");
    let names = xml_ok(&feed);
    assert_eq!(names.iter().filter(|n| *n == "entry").count(), 2);
    assert!(feed.contains("Dấu &amp; &lt;ký tự&gt;"));
    let sitemap = t.read("sitemap.xml");
    let names = xml_ok(&sitemap);
    let locs = names.iter().filter(|n| *n == "loc").count();
    assert!(locs >= 10, "{locs} urls");
    assert!(!sitemap.contains("404.html"));
    // Every sitemap URL is a page that exists.
    for loc in sitemap.split("<loc>").skip(1) {
        let url = loc.split("</loc>").next().unwrap_or("");
        let rel = url
            .strip_prefix("http://127.0.0.1:1111/")
            .unwrap_or_else(|| panic!("not absolute under base_url: {url}"));
        assert!(t.out().join(rel).join("index.html").is_file(), "{url}");
    }
}

#[test]
fn a_site_template_overrides_the_themes() {
    let t = SiteTest::new()
        .file("content/models/a.md", &model("A", "Hà Nội", "kinh-te", 2021, ""))
        .file(
            "templates/model.html",
            "{% extends \"base.html\" %}{% block content %}<h1 class=\"rieng\">{{ model.title }}</h1>{% endblock content %}",
        );
    t.build_ok();
    let doc = t.html(&t.model("a"));
    assert_eq!(texts(&doc, "h1.rieng"), ["A"]);
    // Other pages still use the theme's own templates.
    assert!(texts(&t.html(""), "h1.rieng").is_empty());
}

#[test]
fn private_data_and_drafts_never_reach_the_output() {
    let t = SiteTest::new()
        .file(
            "content/models/a.md",
            &model("Công khai", "Hà Nội", "kinh-te", 2021, "private:\n  lien_he: BIMAT-LIENHE-7731\n  ghi_chu: BIMAT-GHICHU\n"),
        )
        .file("content/models/b.md", &model("BANNHAP-TIEUDE", "Hà Nội", "kinh-te", 2021, "draft: true\n"))
        .file(
            "content/awards/c.md",
            "---\ntitle: Giải\nkind: bang-khen\nlevel: tinh\nissuer: UBND\nyear: 2021\nprivate: {so: BIMAT-GIAI}\n---\n",
        );
    t.build_ok();
    for entry in walkdir::WalkDir::new(t.out())
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).expect("read");
            let text = String::from_utf8_lossy(&bytes);
            for marker in ["BIMAT", "BANNHAP", "bannhap"] {
                assert!(
                    !text.contains(marker),
                    "{marker} found in {}",
                    entry.path().display()
                );
            }
        }
    }
    // With --drafts the draft is built.
    let mut opts = t.options();
    opts.drafts = true;
    assert!(kheo::build(&opts).ok());
    assert!(
        t.out()
            .join(t.model("bannhap-tieude"))
            .join("index.html")
            .is_file()
    );
}

#[test]
fn bundle_images_are_published_beside_the_page() {
    let t = SiteTest::new()
        .file(
            "content/models/hoa/index.md",
            &model("Đường hoa", "Thanh Hóa / Sầm Sơn", "van-hoa-xa-hoi", 2023, "slug: duong-hoa\nimages:\n  - {src: anh.svg, alt: Con đường hoa, caption: Đường hoa Lê Lợi}\n"),
        )
        .file("content/models/hoa/anh.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    t.build_ok();
    assert!(
        t.out()
            .join("mo-hinh/thanh-hoa/thanh-pho-sam-son/duong-hoa/anh.svg")
            .is_file()
    );
    let doc = t.html(&t.model("duong-hoa"));
    assert!(
        attrs(&doc, "img", "src")
            .contains(&"/mo-hinh/thanh-hoa/thanh-pho-sam-son/duong-hoa/anh.svg".to_string())
    );
    assert!(attrs(&doc, "img", "alt").contains(&"Con đường hoa".to_string()));
}

#[test]
fn every_page_of_spec_5_exists() {
    let t = SiteTest::new()
        .file("content/models/a.md", &model("A", "Hà Nội / Hoàn Kiếm", "kinh-te", 2021, ""))
        .file("content/awards/b.md", "---\ntitle: B\nkind: bang-khen\nlevel: tinh\nissuer: UBND\nyear: 2021\nmodels: [a]\n---\n")
        .file("content/pages/gioi-thieu.md", "---\ntitle: Giới thiệu\n---\nTrang giới thiệu.\n");
    t.build_ok();
    for p in [
        "index.html",
        "mo-hinh/index.html",
        "mo-hinh/ha-noi/quan-hoan-kiem/a/index.html",
        "dia-ban/index.html",
        "dia-ban/ha-noi/index.html",
        "dia-ban/ha-noi/quan-hoan-kiem/index.html",
        "linh-vuc/index.html",
        "linh-vuc/kinh-te/index.html",
        "nam/index.html",
        "nam/2021/index.html",
        "khen-thuong/index.html",
        "khen-thuong/b/index.html",
        "gioi-thieu/index.html",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
    ] {
        assert!(t.out().join(p).is_file(), "{p} missing");
    }
    let broken = check_links(&t.out(), "/");
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    // The locality page has a breadcrumb up the tree.
    let doc = t.html("dia-ban/ha-noi/quan-hoan-kiem/");
    assert!(attrs(&doc, "nav a[href]", "href").contains(&"/dia-ban/ha-noi/".to_string()));
}

#[test]
fn a_site_can_override_one_component_of_the_theme() {
    let t = SiteTest::new()
        .file("content/models/a.md", &model("A", "Hà Nội", "kinh-te", 2021, "status: nhan-rong\n"))
        .file(
            "templates/my-components.html",
            "{% component status_badge(s: map) -%}<b class=\"trang-thai-rieng\">{{ s.name }}</b>{%- endcomponent status_badge %}",
        );
    t.build_ok();
    // The listing uses the site's badge, and the theme's other components still work.
    let doc = t.html("mo-hinh/");
    assert_eq!(texts(&doc, "b.trang-thai-rieng"), ["Nhân rộng"]);
    assert!(!attrs(&doc, "main a[href='/mo-hinh/ha-noi/a/']", "href").is_empty());
}

/// The theme's listings render each card once (`model_card_html`, kept
/// per model and heading level) and reuse it: every page must be byte for
/// byte what calling the `model_card` component on each page renders.
#[test]
fn cards_rendered_once_are_those_the_component_renders_on_each_page() {
    let theme = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/templates/components.html"),
    )
    .expect("theme components");
    let memoized = "{{ model_card_html(m=m, hl=hl, t=t) }}";
    assert!(
        theme.contains(memoized),
        "the theme lists cards through the memo"
    );
    let direct = theme.replace(memoized, "{{ <model_card m={m} hl={hl} t={t} /> }}");
    let (a, b) = (
        crate::incremental::sample_copy(),
        crate::incremental::sample_copy(),
    );
    std::fs::create_dir_all(b.path().join("templates")).expect("mkdir");
    std::fs::write(b.path().join("templates/components.html"), direct).expect("override");
    // As `kheo serve` renders, keeping each card it rendered.
    let pages = |site: &std::path::Path| {
        let built = kheo::serve::build(
            &kheo::BuildOptions {
                dir: site.to_path_buf(),
                ..kheo::BuildOptions::default()
            },
            &kheo::serve::Session::default(),
        );
        assert!(!built.diags.has_errors(), "{:?}", built.diags);
        let files = built.files.expect("pages");
        let mut pages: Vec<(String, Vec<u8>)> = files
            .map
            .iter()
            .filter_map(|(p, b)| match b {
                kheo::serve::memory::Body::Bytes(bytes) => Some((p.to_string(), bytes.to_vec())),
                kheo::serve::memory::Body::File(_) => None,
            })
            .collect();
        pages.sort();
        pages
    };
    let (fa, fb) = (pages(a.path()), pages(b.path()));
    let mut cards = 0;
    for ((pa, ba), (pb, bb)) in fa.iter().zip(&fb) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs");
        cards += String::from_utf8_lossy(ba)
            .matches("class=\"card model-card")
            .count();
    }
    // Models are listed many times over (listings, related models).
    assert!(cards > 200, "{cards} cards");
}

/// A site's own `model_card` is the card of every listing, at each
/// listing's heading level, though each card is rendered once per level;
/// a model page's related models are links, not cards.
#[test]
fn an_overridden_model_card_is_on_every_listing_at_its_heading_level() {
    let mut t = SiteTest::new().file(
        "templates/my-components.html",
        "{% component model_card(m: map, hl: integer = 3, @t) -%}<h{{ hl }} class=\"the\">{{ m.title }} {{ t.field }}</h{{ hl }}>{%- endcomponent model_card %}",
    );
    for (i, f) in ["kinh-te", "kinh-te", "van-hoa-xa-hoi"].iter().enumerate() {
        t = t.file(
            &format!("content/models/m{i}.md"),
            &model(&format!("Mô hình {i}"), "Hà Nội / Hoàn Kiếm", f, 2021, ""),
        );
    }
    t.build_ok();
    let titles = |path: &str, sel: &str| texts(&t.html(path), sel);
    // models.html and field.html list at level 2, year.html and locality.html at 3.
    assert_eq!(titles("mo-hinh/", "h2.the").len(), 3);
    assert_eq!(titles("linh-vuc/kinh-te/", "h2.the").len(), 2);
    assert_eq!(titles("nam/2021/", "h3.the").len(), 3);
    assert_eq!(titles("dia-ban/ha-noi/quan-hoan-kiem/", "h3.the").len(), 3);
    assert_eq!(titles("nam/2021/", "h2.the").len(), 0);
    for title in titles("nam/2021/", "h3.the") {
        assert!(
            title.starts_with("Mô hình ") && title.ends_with(" Lĩnh vực"),
            "{title}"
        );
    }
    // A model's page lists its related models as links, not as cards
    // (issue 31: four cards were a quarter of a model page).
    let page = "mo-hinh/ha-noi/quan-hoan-kiem/mo-hinh-0/";
    assert!(titles(page, ".the").is_empty());
    let related = attrs(&t.html(page), ".related li > a", "href");
    assert!(
        related.contains(&"/mo-hinh/ha-noi/quan-hoan-kiem/mo-hinh-1/".to_string()),
        "{related:?}"
    );
}

/// Issue 24: a model without `summary:` showed its first paragraph twice,
/// as the lead and as the body's start. A written summary still leads.
#[test]
fn a_models_first_paragraph_is_shown_once() {
    let t = SiteTest::new()
        .file(
            "content/models/a.md",
            &format!(
                "{}Đoạn đầu của bài.\n\nĐoạn thứ hai.\n",
                model("Không tóm tắt", "Hà Nội / Hoàn Kiếm", "kinh-te", 2021, "")
            ),
        )
        .file(
            "content/models/b.md",
            &format!(
                "{}Đoạn đầu của bài B.\n",
                model(
                    "Có tóm tắt",
                    "Hà Nội / Hoàn Kiếm",
                    "kinh-te",
                    2021,
                    "summary: Tóm tắt riêng.\n"
                )
            ),
        );
    t.build_ok();
    let count = |page: &str, text: &str| {
        let doc = scraper::Html::parse_document(&t.read(page));
        texts(&doc, "main p")
            .iter()
            .filter(|p| p.contains(text))
            .count()
    };
    let a = "mo-hinh/ha-noi/quan-hoan-kiem/khong-tom-tat/index.html";
    assert_eq!(count(a, "Đoạn đầu của bài."), 1);
    let b = "mo-hinh/ha-noi/quan-hoan-kiem/co-tom-tat/index.html";
    assert_eq!(count(b, "Tóm tắt riêng."), 1);
    assert_eq!(count(b, "Đoạn đầu của bài B."), 1);
}
