//! Localities against the built-in registry (issue 3): the structure in
//! force at the entry's date, unknown and ambiguous names, the site's own
//! units, and pages that link a unit to what it became.

use crate::common::*;

#[test]
fn one_name_before_and_after_the_reform_is_two_units() {
    let t = SiteTest::new()
        .file("content/models/cu.md", &model("Cũ", "Hồ Chí Minh / Bình Tân", "kinh-te", 2019, ""))
        .file(
            "content/models/moi.md",
            "---\ntitle: Mới\nlocality: Hồ Chí Minh / Bình Tân\nfield: kinh-te\ndate: 2025-09-02\n---\nMới.\n",
        );
    t.build_ok();
    // Two children of one province, told apart by their unit type.
    let old = t.html("dia-ban/ho-chi-minh/quan-binh-tan/");
    let new = t.html("dia-ban/ho-chi-minh/phuong-binh-tan/");
    assert!(
        !attrs(
            &old,
            "main a[href='/mo-hinh/ho-chi-minh/quan-binh-tan/cu/']",
            "href"
        )
        .is_empty()
    );
    assert!(
        attrs(
            &old,
            "main a[href='/mo-hinh/ho-chi-minh/phuong-binh-tan/moi/']",
            "href"
        )
        .is_empty()
    );
    assert!(
        !attrs(
            &new,
            "main a[href='/mo-hinh/ho-chi-minh/phuong-binh-tan/moi/']",
            "href"
        )
        .is_empty()
    );
    assert_eq!(texts(&old, "h1"), ["Quận Bình Tân"]);
    assert!(
        texts(&old, ".locality-official")[0].starts_with("Quận Bình Tân, Thành phố Hồ Chí Minh")
    );
    // The old district says what it became, linking the new ward's page.
    let became: Vec<String> = attrs(&old, ".unit-change a", "href");
    assert!(
        became.contains(&"/dia-ban/ho-chi-minh/phuong-binh-tan/".to_string()),
        "{became:?}"
    );
    // The new ward lists the old units it came from.
    assert!(!texts(&new, ".unit-change li").is_empty());
}

#[test]
fn unknown_and_ambiguous_localities_are_errors_with_suggestions() {
    let t = SiteTest::new()
        .file(
            "content/models/a.md",
            &model("A", "Thanh Hóa / Sầm Sơm", "kinh-te", 2023, ""),
        )
        .file(
            "content/models/b.md",
            &model("B", "Tân Uyên", "kinh-te", 2020, ""),
        );
    let r = t.build();
    assert!(!r.ok());
    let errs = error_list(&r);
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert!(errs[0].message(&en()).contains("Sầm Sơm"), "{:?}", errs[0]);
    assert_eq!(errs[0].line, 3);
    assert!(
        errs[0]
            .help(&en())
            .as_deref()
            .unwrap_or("")
            .contains("Sầm Sơn"),
        "{:?}",
        errs[0]
    );
    assert!(errs[1].message(&en()).contains("units"), "{:?}", errs[1]);
    assert!(
        errs[1]
            .help(&en())
            .as_deref()
            .unwrap_or("")
            .contains("Lai Châu"),
        "{:?}",
        errs[1]
    );
}

#[test]
fn the_site_can_add_units_or_relax_unknown_names() {
    let t = SiteTest::new()
        .file(
            "content/localities.yaml",
            "- Hà Nội / Hoàn Kiếm / Tổ dân phố số 5\n",
        )
        .file(
            "content/models/a.md",
            &model(
                "A",
                "Hà Nội / Hoàn Kiếm / Tổ dân phố số 5",
                "kinh-te",
                2022,
                "",
            ),
        )
        .file(
            "content/models/b.md",
            &model("B", "Hà Nội / Hoàn Kiếm", "kinh-te", 2022, ""),
        );
    let r = t.build_ok();
    assert!(r.diags.is_empty(), "{}", r.diags.report(t.path(), &en()));
    // The added unit hangs under the province the registry knows.
    let hn = t.html("dia-ban/ha-noi/");
    assert!(
        !attrs(
            &hn,
            "main a[href='/mo-hinh/ha-noi/hoan-kiem/to-dan-pho-so-5/a/']",
            "href"
        )
        .is_empty()
    );
    assert!(!attrs(&hn, "main a[href='/mo-hinh/ha-noi/hoan-kiem/b/']", "href").is_empty());

    let t = SiteTest::new()
        .file("site.yaml", "unknown_localities: warn\n")
        .file(
            "content/models/a.md",
            &model("A", "Hà Nội / Khu phố Không Có", "kinh-te", 2022, ""),
        );
    let r = t.build_ok();
    assert_eq!(
        r.diags.warning_count(),
        1,
        "{}",
        r.diags.report(t.path(), &en())
    );
}

#[test]
fn a_unit_type_in_brackets_tells_units_of_one_name_apart() {
    // Cai Lậy is both a district (huyện) and a town (thị xã) of Tiền Giang.
    let t = SiteTest::new()
        .file(
            "content/models/a.md",
            &model("A", "Tiền Giang / Cai Lậy (Huyện)", "kinh-te", 2020, ""),
        )
        .file(
            "content/models/b.md",
            &model("B", "Tiền Giang / Cai Lậy (Thị xã)", "kinh-te", 2020, ""),
        )
        .file(
            "content/models/c.md",
            &model("C", "Tiền Giang / Thị xã Cai Lậy", "kinh-te", 2020, ""),
        );
    t.build_ok();
    let tg = t.html("dia-ban/tien-giang/");
    let children: std::collections::BTreeSet<String> =
        attrs(&tg, "main a[href^='/dia-ban/tien-giang/']", "href")
            .into_iter()
            .collect();
    assert_eq!(children.len(), 2, "{children:?}");
}

#[test]
fn a_year_2025_entry_is_placed_on_either_side_whatever_came_before() {
    // The same district-level path, first in a 2026 entry (after the
    // reform: no districts, an error) and then in one of 2025 without a
    // month (either side: fine). The second must not inherit the first's
    // resolution.
    let path = "Hồ Chí Minh / Quận Bình Tân / Phường An Lạc";
    let t = SiteTest::new()
        .file(
            "content/models/sau.md",
            &model("Sau", path, "kinh-te", 2026, ""),
        )
        .file(
            "content/models/giua.md",
            &model("Giữa", path, "kinh-te", 2025, ""),
        );
    let r = t.build();
    let errs = error_list(&r);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(errs[0].path.ends_with("sau.md"), "{:?}", errs[0]);
}

#[test]
fn every_build_reports_the_localities_it_cannot_place() {
    // Resolutions are remembered from one build to the next in a process
    // (`kheo serve`); an unknown name must still be reported every time.
    let t = SiteTest::new().file(
        "content/models/a.md",
        &model("A", "Thanh Hóa / Sầm Sơm", "kinh-te", 2023, ""),
    );
    for round in 0..2 {
        let r = t.build();
        let errs = error_list(&r);
        assert_eq!(errs.len(), 1, "round {round}: {errs:#?}");
        assert!(errs[0].message(&en()).contains("Sầm Sơm"), "{:?}", errs[0]);
    }
}
