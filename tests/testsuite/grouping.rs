//! Localities written in different ways group into one unit; fields and
//! enum values are accepted by key or Vietnamese name (SPEC §3–§4).

use unicode_normalization::UnicodeNormalization;

use crate::common::*;

#[test]
fn differently_written_localities_are_one_node() {
    let t = SiteTest::new()
        .file("content/models/a.md", &model("Mô hình A", "Hồ Chí Minh / Bình Tân", "kinh-te", 2019, ""))
        .file("content/models/b.md", &model("Mô hình B", "TP. Hồ Chí Minh / Quận Bình Tân", "kinh-te", 2019, ""))
        .file(
            "content/models/c.md",
            "---\ntitle: Mô hình C\nlocality: [Thành phố Hồ Chí Minh, quận Bình Tân, phường An Lạc]\nfield: kinh-te\nyear: 2019\n---\nC.\n",
        )
        .file("content/models/d.md", &model("Mô hình D", "Thanh Hoá / Sầm Sơn", "kinh-te", 2020, ""))
        .file("content/models/e.md", &model("Mô hình E", "Tỉnh Thanh Hóa / TP Sầm Sơn / Phường Trường Sơn", "kinh-te", 2020, ""));
    t.build_ok();
    let index = t.html("dia-ban/");
    // Two provinces, however they were written.
    let provinces = attrs(&index, "a[href^='/dia-ban/']", "href");
    let unique: std::collections::BTreeSet<_> = provinces
        .iter()
        .filter(|h| h.matches('/').count() == 3)
        .collect();
    assert_eq!(unique.len(), 2, "{provinces:?}");
    // The district page lists all three Bình Tân models, including the commune's.
    let district = t.html("dia-ban/ho-chi-minh/quan-binh-tan/");
    let links = attrs(&district, "a[href^='/mo-hinh/']", "href");
    for slug in [
        "binh-tan/mo-hinh-a",
        "binh-tan/mo-hinh-b",
        "binh-tan/an-lac/mo-hinh-c",
    ] {
        assert!(
            links.contains(&format!("/mo-hinh/ho-chi-minh/quan-{slug}/")),
            "{slug} missing from {links:?}"
        );
    }
    assert!(
        t.out()
            .join("dia-ban/ho-chi-minh/quan-binh-tan/an-lac/index.html")
            .is_file()
    );
    // Tone placement "Hoá"/"Hóa" does not split Thanh Hóa.
    let province = t.html("dia-ban/thanh-hoa/");
    let links = attrs(&province, "a[href^='/mo-hinh/']", "href");
    assert!(
        links.contains(&"/mo-hinh/thanh-hoa/thanh-pho-sam-son/mo-hinh-d/".to_string())
            && links.contains(
                &"/mo-hinh/thanh-hoa/thanh-pho-sam-son/truong-son/mo-hinh-e/".to_string()
            ),
        "{links:?}"
    );
    assert!(!t.out().join("dia-ban/thanh-hoa-2").exists());
}

#[test]
fn nfd_text_groups_with_nfc_text() {
    let nfd: String = model(
        "Mô hình NFD",
        "Hòa Bình / Kỳ Sơn",
        "Văn hóa – Xã hội",
        2023,
        "",
    )
    .nfd()
    .collect();
    let t = SiteTest::new()
        .file(
            "content/models/a.md",
            &model(
                "Mô hình NFC",
                "Hoà Bình / Huyện Kỳ Sơn",
                "van-hoa-xa-hoi",
                2023,
                "",
            ),
        )
        .file("content/models/b.md", &nfd);
    t.build_ok();
    // The registry knows Kỳ Sơn as a ward of the city of Hòa Bình (since 2020).
    let page = t.html("dia-ban/hoa-binh/hoa-binh/ky-son/");
    let links = attrs(&page, "a[href^='/mo-hinh/']", "href");
    assert!(
        links.contains(&"/mo-hinh/hoa-binh/hoa-binh/ky-son/mo-hinh-nfd/".to_string()),
        "{links:?}"
    );
    assert!(
        links.contains(&"/mo-hinh/hoa-binh/hoa-binh/ky-son/mo-hinh-nfc/".to_string()),
        "{links:?}"
    );
    // Both are in one field.
    let field = t.html("linh-vuc/van-hoa-xa-hoi/");
    assert!(
        !attrs(
            &field,
            "a[href='/mo-hinh/hoa-binh/hoa-binh/ky-son/mo-hinh-nfd/']",
            "href"
        )
        .is_empty()
    );
    assert!(
        !attrs(
            &field,
            "a[href='/mo-hinh/hoa-binh/hoa-binh/ky-son/mo-hinh-nfc/']",
            "href"
        )
        .is_empty()
    );
}

#[test]
fn fields_accept_key_name_and_variants() {
    let t = SiteTest::new()
        .file(
            "content/models/a.md",
            &model("A", "Hà Nội", "Văn hóa - Xã hội", 2020, ""),
        )
        .file(
            "content/models/b.md",
            &model("B", "Hà Nội", "văn hoá – xã hội", 2020, ""),
        )
        .file(
            "content/models/c.md",
            &model("C", "Hà Nội", "VAN-HOA-XA-HOI", 2020, ""),
        )
        .file(
            "content/models/d.md",
            &model("D", "Hà Nội", "Quốc phòng – An ninh", 2020, ""),
        );
    t.build_ok();
    let field = t.html("linh-vuc/van-hoa-xa-hoi/");
    for s in ["a", "b", "c"] {
        assert!(
            !attrs(&field, &format!("a[href='/mo-hinh/ha-noi/{s}/']"), "href").is_empty(),
            "model {s} not in field"
        );
    }
    assert!(attrs(&field, "a[href='/mo-hinh/ha-noi/d/']", "href").is_empty());
}

#[test]
fn configured_fields_replace_the_default_four() {
    let t = SiteTest::new()
        .file(
            "site.yaml",
            "fields:\n  - {key: moi-truong, name: Môi trường}\n  - {key: kinh-te, name: Kinh tế}\n",
        )
        .file(
            "content/models/a.md",
            &model("A", "Hà Nội", "Môi trường", 2020, ""),
        );
    t.build_ok();
    assert!(t.out().join("linh-vuc/moi-truong/index.html").is_file());
    assert!(!t.out().join("linh-vuc/van-hoa-xa-hoi").exists());
}

#[test]
fn date_gives_the_year() {
    let t = SiteTest::new().file(
        "content/models/a.md",
        "---\ntitle: A\nlocality: Hà Nội\nfield: kinh-te\ndate: 2022-10-13\n---\nA.\n",
    );
    t.build_ok();
    let year = t.html("nam/2022/");
    assert!(!attrs(&year, "a[href='/mo-hinh/ha-noi/a/']", "href").is_empty());
    let page = t.html(&t.model("a"));
    assert!(attrs(&page, "time", "datetime").contains(&"2022-10-13".to_string()));
}

#[test]
fn names_are_sorted_in_vietnamese_order() {
    let t = SiteTest::new()
        .file(
            "content/models/a.md",
            &model("A", "Hồ Chí Minh / Quận 10", "kinh-te", 2019, ""),
        )
        .file(
            "content/models/b.md",
            &model("B", "Hồ Chí Minh / Quận 2", "kinh-te", 2019, ""),
        )
        .file(
            "content/models/c.md",
            &model("C", "Hồ Chí Minh / Bình Tân", "kinh-te", 2019, ""),
        )
        .file(
            "content/models/d.md",
            &model("D", "Đà Nẵng", "kinh-te", 2019, ""),
        )
        .file(
            "content/models/e.md",
            &model("E", "Cà Mau", "kinh-te", 2019, ""),
        )
        .file(
            "content/models/f.md",
            &model("F", "Hồ Chí Minh / Gò Vấp", "kinh-te", 2019, ""),
        );
    t.build_ok();
    let doc = t.html("dia-ban/");
    let order: Vec<String> = attrs(&doc, "a[href^='/dia-ban/']", "href");
    let pos = |h: &str| {
        order
            .iter()
            .position(|x| x == h)
            .unwrap_or_else(|| panic!("{h} not in {order:?}"))
    };
    assert!(pos("/dia-ban/ca-mau/") < pos("/dia-ban/da-nang/"));
    assert!(pos("/dia-ban/da-nang/") < pos("/dia-ban/ho-chi-minh/"));
    assert!(pos("/dia-ban/ho-chi-minh/quan-binh-tan/") < pos("/dia-ban/ho-chi-minh/quan-go-vap/"));
    assert!(pos("/dia-ban/ho-chi-minh/quan-go-vap/") < pos("/dia-ban/ho-chi-minh/quan-2/"));
    assert!(pos("/dia-ban/ho-chi-minh/quan-2/") < pos("/dia-ban/ho-chi-minh/quan-10/"));
}
