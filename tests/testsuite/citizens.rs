//! Statistics and open data (issue 7): counts match the content exactly,
//! files parse, and nothing private or draft is in them.

use crate::common::*;

fn site() -> SiteTest {
    SiteTest::new()
        .file("content/models/a.md", &model("A, có \\\"phẩy\\\"", "Hà Nội / Hoàn Kiếm", "kinh-te", 2021, "slug: a\nprivate: {x: BIMAT-A}\nresults: [{label: Hộ, value: 12}]\n"))
        .file("content/models/b.md", &model("B", "Hà Nội / Hoàn Kiếm / Lý Thái Tổ", "kinh-te", 2022, "slug: b\n"))
        .file("content/models/c.md", &model("C", "Lai Châu / Tam Đường", "van-hoa-xa-hoi", 2022, "slug: c\n"))
        .file("content/models/d.md", &model("D-NHAP", "Lai Châu", "kinh-te", 2022, "draft: true\n"))
        .file(
            "content/awards/x.md",
            "---\ntitle: X\nkind: bang-khen\nlevel: tinh\nissuer: UBND\nyear: 2022\nmodels: [a, b]\nrecipients: [{name: Tổ 3, kind: tap-the, model: b}]\ntotals: {ca-nhan: 4}\n---\n",
        )
}

#[test]
fn open_data_lists_every_published_model_and_nothing_private() {
    let t = site();
    t.build_ok();
    let models = t.data_models();
    assert_eq!(models.len(), 3);
    let a = models
        .iter()
        .find(|m| m["slug"] == "ha-noi/quan-hoan-kiem/a")
        .expect("model a");
    assert_eq!(a["field"]["key"], "kinh-te");
    assert_eq!(
        a["locality_path"],
        serde_json::json!(["Hà Nội", "Hoàn Kiếm"])
    );
    assert_eq!(a["awards"], serde_json::json!(["x"]));
    assert_eq!(
        a["url"],
        "http://127.0.0.1:1111/mo-hinh/ha-noi/quan-hoan-kiem/a/"
    );
    assert_eq!(a["results"][0]["value"], "12");
    let csv = t.data_models_csv();
    assert!(csv.starts_with('\u{feff}'), "CSV starts with a BOM");
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 4, "header + 3 rows: {csv}");
    assert!(
        lines[0]
            .trim_start_matches('\u{feff}')
            .starts_with("slug,url,title,province")
    );
    assert!(csv.contains("\"A, có \"\"phẩy\"\"\""), "{csv}");
    let awards: serde_json::Value =
        serde_json::from_str(&t.read("du-lieu/khen-thuong.json")).expect("json");
    assert_eq!(
        awards[0]["models"],
        serde_json::json!([
            "ha-noi/quan-hoan-kiem/a",
            "ha-noi/quan-hoan-kiem/ly-thai-to/b"
        ])
    );
    assert_eq!(awards[0]["totals"]["ca-nhan"], 4);
    // Split by province: Hà Nội's file holds a and b, Lai Châu's c.
    let hanoi = t.read("du-lieu/mo-hinh/ha-noi.csv");
    assert!(hanoi.starts_with('\u{feff}'), "each CSV starts with a BOM");
    assert_eq!(hanoi.trim_end().split("\r\n").count(), 3, "{hanoi}");
    // The JSON is in its archive only, one file per province there too.
    let json = t.unzip("du-lieu/mo-hinh-json.zip");
    let laichau = &json
        .iter()
        .find(|(name, _)| name == "mo-hinh/lai-chau.json")
        .expect("Lai Châu's JSON in the archive")
        .1;
    let laichau: serde_json::Value = serde_json::from_str(laichau).expect("json");
    assert_eq!(laichau.as_array().map(Vec::len), Some(1));
    assert_eq!(laichau[0]["title"], "C");
    assert!(!t.out().join("du-lieu/mo-hinh/lai-chau.json").exists());
    let links = t.data_links();
    for f in [
        "du-lieu/mo-hinh-csv.zip",
        "du-lieu/mo-hinh-json.zip",
        "du-lieu/mo-hinh/ha-noi.csv",
        "du-lieu/mo-hinh/lai-chau.csv",
        "du-lieu/khen-thuong.csv",
        "du-lieu/khen-thuong.json",
    ] {
        assert!(links.contains(&f.to_string()), "{f} not in {links:?}");
    }
    for f in &links {
        let text = if f.ends_with(".zip") {
            t.unzip(f).into_iter().map(|p| p.1).collect()
        } else {
            t.read(f)
        };
        assert!(!text.contains("BIMAT") && !text.contains("D-NHAP"), "{f}");
    }
}

#[test]
fn statistics_match_the_content() {
    let t = site();
    t.build_ok();
    let doc = t.html("thong-ke/");
    // One SVG per chart, each titled, with a table beside it.
    let svgs = doc.select(&sel("svg[role='img']")).count();
    assert_eq!(svgs, 5);
    assert!(doc.select(&sel("svg title")).count() >= 5);
    // The field table: Kinh tế 2, Văn hóa – Xã hội 1 (the draft is not counted).
    let tables: Vec<Vec<String>> = doc
        .select(&sel("table"))
        .map(|tb| {
            tb.select(&sel("tbody tr"))
                .map(|r| r.text().collect::<Vec<_>>().join("|"))
                .collect()
        })
        .collect();
    assert!(
        tables[0].contains(&"Kinh tế|2".to_string()),
        "{:?}",
        tables[0]
    );
    assert!(
        tables[0].contains(&"Văn hóa – Xã hội|1".to_string()),
        "{:?}",
        tables[0]
    );
    // By year, stacked by field: 2022 has one of each of the two fields.
    assert!(
        tables[1].iter().any(|r| r.starts_with("2022|1|1|0|0|2")),
        "{:?}",
        tables[1]
    );
    // Provinces: Hà Nội 2, Lai Châu 1.
    assert_eq!(
        tables[2],
        vec!["Hà Nội|2".to_string(), "Lai Châu|1".to_string()]
    );
    // Recipients by kind: one named collective, four counted individuals.
    assert!(
        tables[4].contains(&"Tập thể|1".to_string())
            && tables[4].contains(&"Cá nhân|4".to_string()),
        "{:?}",
        tables[4]
    );
    // The home page shows small versions.
    let home = t.html("");
    assert!(home.select(&sel("svg[role='img']")).count() >= 1);
}

#[test]
fn every_page_has_metadata_and_valid_json_ld() {
    let mut t = site().file(
        "content/pages/gioi-thieu.md",
        "---\ntitle: Giới thiệu\n---\n# Về trang\n\nNội dung.\n",
    );
    t.base_url = Some("https://example.org/dvk/".into());
    t.build_ok();
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(t.out())
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let name = entry.path().display().to_string();
        let doc =
            scraper::Html::parse_document(&std::fs::read_to_string(entry.path()).expect("read"));
        assert_eq!(attrs(&doc, "html", "lang"), ["vi"], "{name}");
        assert_eq!(doc.select(&sel("head > title")).count(), 1, "{name}");
        assert!(!texts(&doc, "head > title")[0].is_empty(), "{name}");
        assert!(
            !attrs(&doc, "meta[name='description']", "content")[0].is_empty(),
            "{name}"
        );
        assert!(
            attrs(&doc, "meta[property='og:title']", "content").len() == 1,
            "{name}"
        );
        assert_eq!(doc.select(&sel("h1")).count(), 1, "one h1 in {name}");
        if name.ends_with("404.html") {
            continue;
        }
        let canonical = attrs(&doc, "link[rel='canonical']", "href");
        assert!(
            canonical[0].starts_with("https://example.org/dvk/"),
            "{name}: {canonical:?}"
        );
        let ld = texts(&doc, "script[type='application/ld+json']");
        let v: serde_json::Value =
            serde_json::from_str(&ld[0]).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(v["@context"], "https://schema.org");
    }
    assert!(pages > 15);
    // A model is an Article with its place; a free page's `#` heading is not a second h1.
    let doc = t.html(&t.model("a"));
    let v: serde_json::Value =
        serde_json::from_str(&texts(&doc, "script[type='application/ld+json']")[0]).expect("json");
    assert_eq!(v["@graph"][0]["@type"], "Article");
    assert_eq!(
        v["@graph"][0]["contentLocation"]["name"],
        "Quận Hoàn Kiếm, Thành phố Hà Nội"
    );
    assert_eq!(v["@graph"][1]["@type"], "BreadcrumbList");
    // Its trail is the one the page shows, up to the page (which is the
    // article itself): the same names and links, made absolute.
    let trail: Vec<(String, String)> = v["@graph"][1]["itemListElement"]
        .as_array()
        .expect("items")
        .iter()
        .enumerate()
        .map(|(k, i)| {
            assert_eq!(i["position"], k + 1);
            (
                i["name"].as_str().expect("name").to_string(),
                i["item"].as_str().expect("item").to_string(),
            )
        })
        .collect();
    let shown: Vec<(String, String)> = doc
        .select(&sel("nav.breadcrumb a"))
        .map(|a| {
            let href = a.value().attr("href").expect("href");
            (a.text().collect(), format!("https://example.org{href}"))
        })
        .collect();
    assert_eq!(trail, shown);
    // A trail of one step (the home page) is left out.
    let data: serde_json::Value =
        serde_json::from_str(&texts(&t.html("du-lieu/"), "script[type='application/ld+json']")[0])
            .expect("json");
    assert_eq!(data["@graph"].as_array().map(Vec::len), Some(1), "{data}");
    assert_eq!(
        trail.last().map(|c| c.1.as_str()),
        Some("https://example.org/dvk/dia-ban/ha-noi/quan-hoan-kiem/")
    );
    assert_eq!(
        v["@graph"][0]["url"].as_str(),
        attrs(&doc, "link[rel='canonical']", "href")
            .first()
            .map(String::as_str)
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&t.read("manifest.webmanifest")).expect("manifest");
    assert_eq!(manifest["start_url"], "/dvk/");
    for icon in manifest["icons"].as_array().expect("icons") {
        let src = icon["src"]
            .as_str()
            .expect("src")
            .trim_start_matches("/dvk/");
        assert!(t.out().join(src).is_file(), "{src}");
    }
}
