//! A national corpus (issue 25): one title in many units, each at a URL of
//! its own that says where it is and stays put when other entries come,
//! go or move; references across units; `aliases:` redirects.

use std::collections::BTreeMap;

use crate::common::*;

/// Every model page of the built site: its site path → its title (`h1`).
fn model_pages(t: &SiteTest) -> BTreeMap<String, String> {
    let root = t.out().join("mo-hinh");
    walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html")
        .filter_map(|e| {
            let rel = e.path().parent()?.strip_prefix(t.out()).ok()?;
            let rel = format!("{}/", rel.to_string_lossy().replace('\\', "/"));
            (rel != "mo-hinh/" && !rel.starts_with("mo-hinh/trang/")).then_some(rel)
        })
        // Redirects of models that moved are not model pages.
        .filter(|rel| attrs(&t.html(rel), "meta[http-equiv=refresh]", "content").is_empty())
        .map(|rel| {
            let title = texts(&t.html(&rel), "h1").join(" ");
            (rel, title)
        })
        .collect()
}

#[test]
fn one_title_in_two_units_builds_at_two_urls_that_say_where() {
    let t = SiteTest::new()
        .file(
            "content/models/ha-noi/hu-gao.md",
            &model("Hũ gạo tình thương", "Hà Nội / Ba Đình", "van-hoa-xa-hoi", 2022, ""),
        )
        .file(
            "content/models/thanh-hoa/hu-gao.md",
            &model("Hũ gạo tình thương", "Thanh Hóa / Sầm Sơn / Trường Sơn", "van-hoa-xa-hoi", 2022, ""),
        )
        .file(
            "content/awards/k.md",
            "---\ntitle: K\nkind: bang-khen\nlevel: tinh\nissuer: UBND\nyear: 2023\nmodels:\n  - thanh-hoa/hu-gao.md\n---\n",
        );
    t.build_ok();
    let pages = model_pages(&t);
    assert_eq!(
        pages.keys().collect::<Vec<_>>(),
        [
            "mo-hinh/ha-noi/quan-ba-dinh/hu-gao-tinh-thuong/",
            "mo-hinh/thanh-hoa/thanh-pho-sam-son/truong-son/hu-gao-tinh-thuong/",
        ]
    );
    // The unit's part of the URL is its page under /dia-ban/.
    for p in pages.keys() {
        let unit = p
            .trim_start_matches("mo-hinh/")
            .trim_end_matches("hu-gao-tinh-thuong/");
        assert!(
            t.out()
                .join("dia-ban")
                .join(unit)
                .join("index.html")
                .is_file(),
            "{unit}"
        );
    }
    // The award names the one in Thanh Hóa, by its file.
    let award = t.html("khen-thuong/k/");
    let links = attrs(&award, "main a[href^='/mo-hinh/']", "href");
    assert!(
        links.contains(
            &"/mo-hinh/thanh-hoa/thanh-pho-sam-son/truong-son/hu-gao-tinh-thuong/".to_string()
        ) && !links.iter().any(|l| l.contains("/ha-noi/")),
        "{links:?}"
    );
    assert!(check_links(&t.out(), "/").is_empty());
}

#[test]
fn a_bare_slug_two_units_share_is_an_error_naming_both_files() {
    let t = SiteTest::new()
        .file("content/models/a.md", &model("Camera an ninh", "Hà Nội / Ba Đình", "kinh-te", 2022, ""))
        .file("content/models/b.md", &model("Camera an ninh", "Hải Phòng / Hải An", "kinh-te", 2022, ""))
        .file(
            "content/awards/k.md",
            "---\ntitle: K\nkind: bang-khen\nlevel: tinh\nissuer: UBND\nyear: 2023\nmodels: [camera-an-ninh]\n---\n",
        );
    let r = t.build();
    let errs = error_list(&r);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(
        errs[0]
            .message(&en())
            .contains("2 models have the slug `camera-an-ninh`")
    );
    let help = errs[0].help(&en()).unwrap_or_default();
    assert!(help.contains("`a.md`") && help.contains("`b.md`"), "{help}");
}

/// Titles that recur across communes, as on a national site.
const TITLES: [&str; 10] = [
    "Hũ gạo tình thương",
    "Tổ tự quản đường hoa",
    "Camera an ninh",
    "Tuyến đường sáng xanh sạch đẹp",
    "Dân vận khéo trong xây dựng nông thôn mới",
    "Chi hội phụ nữ tiết kiệm",
    "Tổ hòa giải ở cơ sở",
    "Bữa cơm nghĩa tình",
    "Mái ấm công đoàn",
    "Thắp sáng đường quê",
];

#[test]
fn adding_a_hundred_models_with_used_titles_changes_no_earlier_url() {
    // 60 models: every title in six units.
    let first: [(&str, i32); 6] = [
        ("Hà Nội / Hoàn Kiếm", 2021),
        ("Hà Nội / Hoàn Kiếm / Lý Thái Tổ", 2022),
        ("Hải Phòng / Hải An", 2020),
        ("Thanh Hóa / Sầm Sơn / Trường Sơn", 2023),
        ("Hồ Chí Minh / Bình Tân", 2019),
        ("Lai Châu / Tam Đường", 2021),
    ];
    let mut t = SiteTest::new();
    for (u, (place, year)) in first.iter().enumerate() {
        for (k, title) in TITLES.iter().enumerate() {
            t = t.file(
                &format!("content/models/dot1/{u}-{k}.md"),
                &model(title, place, "kinh-te", *year, ""),
            );
        }
    }
    t.build_ok();
    let before = model_pages(&t);
    assert_eq!(before.len(), 60);
    // 100 more with the same titles, in ten other units: among them the
    // ward of Bình Tân made in 2025 beside the old district of that name,
    // and units under the provinces and districts already there.
    let second: [(&str, &str); 10] = [
        ("Hồ Chí Minh / Bình Tân", "date: 2025-09-02\n"),
        ("Hà Nội / Ba Đình", ""),
        ("Hà Nội / Ba Đình", "date: 2025-09-02\n"),
        ("Hà Nội / Hoàn Kiếm / Hàng Bạc", ""),
        ("Hải Phòng / Lê Chân", ""),
        ("Thanh Hóa / Sầm Sơn", ""),
        ("Lai Châu / Tân Uyên", ""),
        ("Lai Châu / Tam Đường / Bản Bo", ""),
        ("Hồ Chí Minh / Quận 1", ""),
        ("Hòa Bình", ""),
    ];
    for (u, (place, extra)) in second.iter().enumerate() {
        let year = if extra.is_empty() { 2024 } else { 2025 };
        for (k, title) in TITLES.iter().enumerate() {
            t = t.file(
                &format!("content/models/dot2/{u}-{k}.md"),
                &model(title, place, "kinh-te", year, extra),
            );
        }
    }
    t.build_ok();
    let after = model_pages(&t);
    assert_eq!(after.len(), 160);
    for (url, title) in &before {
        assert_eq!(after.get(url), Some(title), "{url} changed");
    }
    // Removing and renaming other entries moves none of them either.
    for u in 0..10 {
        std::fs::remove_file(t.path().join(format!("content/models/dot2/{u}-0.md"))).expect("rm");
        let p = t.path().join(format!("content/models/dot2/{u}-1.md"));
        let text = std::fs::read_to_string(&p).expect("read");
        std::fs::write(&p, text.replace(TITLES[1], "Tên mới hẳn")).expect("write");
    }
    t.build_ok();
    let last = model_pages(&t);
    assert_eq!(last.len(), 150);
    for (url, title) in &before {
        assert_eq!(last.get(url), Some(title), "{url} changed");
    }
}

#[test]
fn aliases_publish_redirects_in_no_sitemap() {
    let t = SiteTest::new()
        .file(
            "content/models/a.md",
            &model(
                "Hũ gạo tình thương",
                "Hà Nội / Hoàn Kiếm",
                "kinh-te",
                2022,
                "aliases: [/mo-hinh/hu-gao-tinh-thuong/, \"mo-hinh/cu/ten-cu\"]\n",
            ),
        )
        .file(
            "content/pages/gioi-thieu.md",
            "---\ntitle: Giới thiệu\naliases: [/ve-chung-toi/]\n---\nA.\n",
        );
    t.build_ok();
    let target = "http://127.0.0.1:1111/mo-hinh/ha-noi/quan-hoan-kiem/hu-gao-tinh-thuong/";
    for old in ["mo-hinh/hu-gao-tinh-thuong/", "mo-hinh/cu/ten-cu/"] {
        let doc = t.html(old);
        assert_eq!(
            attrs(&doc, "link[rel=canonical]", "href"),
            [target],
            "{old}"
        );
        let refresh = attrs(&doc, "meta[http-equiv=refresh]", "content");
        assert_eq!(refresh, [format!("0; url={target}")], "{old}");
        assert_eq!(attrs(&doc, "a", "href"), [target]);
    }
    let page = t.html("ve-chung-toi/");
    assert_eq!(
        attrs(&page, "link[rel=canonical]", "href"),
        ["http://127.0.0.1:1111/gioi-thieu/"]
    );
    let sitemap = t.read("sitemap.xml");
    assert!(
        sitemap.contains(&format!("<loc>{target}</loc>")),
        "{sitemap}"
    );
    assert!(
        !sitemap.contains("ten-cu") && !sitemap.contains("ve-chung-toi"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("<loc>http://127.0.0.1:1111/mo-hinh/hu-gao-tinh-thuong/</loc>"));
}

#[test]
fn an_alias_over_a_page_or_out_of_the_site_is_an_error() {
    let t = SiteTest::new()
        .file(
            "content/models/a.md",
            &model(
                "A",
                "Hà Nội",
                "kinh-te",
                2022,
                "aliases: [/mo-hinh/trang/2/, /dia-ban/ha-noi/]\n",
            ),
        )
        .file(
            "content/models/b.md",
            &model(
                "B",
                "Hà Nội",
                "kinh-te",
                2022,
                "aliases: [../../etc/passwd]\n",
            ),
        )
        .file(
            "content/models/c.md",
            &model(
                "C",
                "Hà Nội",
                "kinh-te",
                2022,
                "aliases: [/mo-hinh/ha-noi/a/]\n",
            ),
        );
    let r = t.build();
    let errs: Vec<String> = error_list(&r)
        .iter()
        .map(|d| d.message(&en()).clone())
        .collect();
    assert_eq!(errs.len(), 4, "{errs:#?}");
    assert!(
        errs.iter()
            .any(|e| e.contains("`../../etc/passwd` is not an address of the site"))
    );
    assert!(
        errs.iter()
            .any(|e| e.contains("/mo-hinh/trang/2/ is a page of the site"))
    );
    assert!(
        errs.iter()
            .any(|e| e.contains("/dia-ban/ha-noi/ is a page of the site"))
    );
    assert!(
        errs.iter()
            .any(|e| e.contains("/mo-hinh/ha-noi/a/ is a page of the site"))
    );
}

#[test]
fn folder_defaults_fill_what_an_entry_does_not_write() {
    let t = SiteTest::new()
        .file(
            "content/models/ha-noi/_defaults.yaml",
            "locality: Hà Nội / Hoàn Kiếm\nfield: kinh-te\norganizations: [Hội Phụ nữ]\n",
        )
        .file(
            "content/models/ha-noi/ly-thai-to/_defaults.yaml",
            "locality: Hà Nội / Hoàn Kiếm / Lý Thái Tổ\nyear: 2022\n",
        )
        // Takes all but its title from the folders: the nearest wins.
        .file("content/models/ha-noi/ly-thai-to/a.md", "---\ntitle: Hũ gạo tình thương\n---\nA.\n")
        // Its own values win.
        .file(
            "content/models/ha-noi/b.md",
            "---\ntitle: Camera an ninh\nfield: quoc-phong-an-ninh\nyear: 2021\norganizations: [Công an phường]\n---\nB.\n",
        )
        .file("content/awards/_defaults.yaml", "issuer: UBND quận Hoàn Kiếm\nlevel: huyen\nkind: giay-khen\n")
        .file(
            "content/awards/k.md",
            "---\ntitle: Giấy khen 2023\nyear: 2023\nmodels: [ha-noi/ly-thai-to/a.md]\n---\n",
        );
    t.build_ok();
    let a = t.html("mo-hinh/ha-noi/quan-hoan-kiem/ly-thai-to/hu-gao-tinh-thuong/");
    let text = texts(&a, "main").join(" ");
    assert!(
        text.contains("Kinh tế") && text.contains("2022") && text.contains("Hội Phụ nữ"),
        "{text}"
    );
    let b = t.html("mo-hinh/ha-noi/quan-hoan-kiem/camera-an-ninh/");
    let text = texts(&b, "main").join(" ");
    assert!(
        text.contains("Quốc phòng") && text.contains("Công an phường"),
        "{text}"
    );
    assert!(!text.contains("Hội Phụ nữ"), "{text}");
    let k = texts(&t.html("khen-thuong/giay-khen-2023/"), "main").join(" ");
    assert!(k.contains("UBND quận Hoàn Kiếm"), "{k}");
}

#[test]
fn an_error_in_a_default_names_the_defaults_file_and_line() {
    let t = SiteTest::new()
        .file(
            "content/models/a/_defaults.yaml",
            "# mặc định\nlocality: Hà Nội\nfield: kinh-tee\n",
        )
        .file(
            "content/models/a/x.md",
            "---\ntitle: X\nyear: 2022\n---\nX.\n",
        )
        .file(
            "content/models/b/_defaults.yaml",
            "locality: Hà Nội\nfeild: kinh-te\n",
        )
        .file(
            "content/models/b/y.md",
            &model("Y", "Hà Nội", "kinh-te", 2022, ""),
        );
    let r = t.build();
    let errs = error_list(&r);
    let at = |d: &kheo::diag::Diagnostic| {
        let rel = d
            .path
            .strip_prefix(t.path())
            .unwrap_or(&d.path)
            .to_path_buf();
        (rel.to_string_lossy().into_owned(), d.line)
    };
    let unknown_field = errs
        .iter()
        .find(|d| d.message(&en()).contains("unknown field `kinh-tee`"))
        .unwrap_or_else(|| panic!("{errs:#?}"));
    assert_eq!(
        at(unknown_field),
        ("content/models/a/_defaults.yaml".to_string(), 3)
    );
    let unknown_key = errs
        .iter()
        .find(|d| d.message(&en()).contains("feild"))
        .unwrap_or_else(|| panic!("{errs:#?}"));
    assert_eq!(
        at(unknown_key),
        ("content/models/b/_defaults.yaml".to_string(), 2)
    );
}

#[test]
fn a_rebuild_redirects_a_model_that_moved_and_says_which_alias_to_add() {
    let t = SiteTest::new().file(
        "content/models/a.md",
        &model(
            "Hũ gạo tình thương",
            "Hà Nội / Hoàn Kiếm",
            "kinh-te",
            2022,
            "",
        ),
    );
    t.build_ok();
    let old = "mo-hinh/ha-noi/quan-hoan-kiem/hu-gao-tinh-thuong/";
    assert!(t.out().join(old).join("index.html").is_file());
    // Its locality edited: its URL changes.
    let t = t.file(
        "content/models/a.md",
        &model(
            "Hũ gạo tình thương",
            "Hà Nội / Ba Đình",
            "kinh-te",
            2022,
            "",
        ),
    );
    let r = t.build_ok();
    let new = "http://127.0.0.1:1111/mo-hinh/ha-noi/quan-ba-dinh/hu-gao-tinh-thuong/";
    let doc = t.html(old);
    assert_eq!(attrs(&doc, "link[rel=canonical]", "href"), [new]);
    let warning = r
        .diags
        .sorted()
        .into_iter()
        .find(|d| d.message(&en()).contains("moved from"))
        .expect("a warning");
    assert!(warning.path.ends_with("content/models/a.md"));
    let help = warning.help(&en()).unwrap_or_default();
    assert!(help.contains(&format!("aliases: [/{old}]")), "{help}");
    // The next rebuild keeps it, still warning.
    let t = t.file(
        "content/models/a.md",
        &format!(
            "{}Thêm một câu.\n",
            model(
                "Hũ gạo tình thương",
                "Hà Nội / Ba Đình",
                "kinh-te",
                2022,
                ""
            )
        ),
    );
    let r = t.build_ok();
    assert!(t.out().join(old).join("index.html").is_file());
    assert!(
        r.diags
            .sorted()
            .iter()
            .any(|d| d.message(&en()).contains("moved from"))
    );
    // With the alias written, no warning, and the redirect stays.
    let t = t.file(
        "content/models/a.md",
        &model(
            "Hũ gạo tình thương",
            "Hà Nội / Ba Đình",
            "kinh-te",
            2022,
            &format!("aliases: [/{old}]\n"),
        ),
    );
    let r = t.build_ok();
    assert!(r.diags.is_empty(), "{}", r.diags.report(t.path(), &en()));
    assert_eq!(attrs(&t.html(old), "link[rel=canonical]", "href"), [new]);
}

#[test]
fn a_hostile_url_record_is_ignored() {
    let t = SiteTest::new().file(
        "content/models/a.md",
        &model("A", "Hà Nội", "kinh-te", 2022, ""),
    );
    t.build_ok();
    // The record names pages outside the site and outside mo-hinh/.
    std::fs::write(
        t.out().join(".kheo-urls"),
        "content/models/a.md\tmo-hinh/../../../etc/\t/etc/passwd\n\
         content/models/a.md\tdia-ban/ha-noi/\tmo-hinh/x/../../y/\n\
         garbage\n",
    )
    .expect("write");
    let t = t.file(
        "content/models/a.md",
        &model("A", "Hà Nội", "kinh-te", 2023, ""),
    );
    let r = t.build_ok();
    assert!(r.diags.is_empty(), "{}", r.diags.report(t.path(), &en()));
    // No redirect anywhere: every line of the record was thrown out.
    let redirects: Vec<_> = walkdir::WalkDir::new(t.out())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html")
        .filter(|e| {
            std::fs::read_to_string(e.path()).is_ok_and(|h| h.contains("http-equiv=\"refresh\""))
        })
        .map(|e| e.path().to_path_buf())
        .collect();
    assert!(redirects.is_empty(), "{redirects:?}");
}
