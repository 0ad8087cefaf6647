//! What an editor reads when something is wrong: the rendered diagnostics
//! (plain text, as with NO_COLOR or a pipe) of `kheo check` for a set of
//! broken entries, as insta snapshots in tests/snapshots/.
//!
//! Each case is one tiny site; the snapshot is the whole report, so a
//! change in a message, a line number, a caret or the count shows up here.
//! Review changes with `cargo insta review` (or INSTA_UPDATE=always).

use crate::common::*;

/// `kheo check`'s report for a site made of `files` (plus one good model).
fn report(files: &[(&str, &str)]) -> String {
    report_in(files, kheo::l10n::Lang::En)
}

/// [`report`] in `lang`.
fn report_in(files: &[(&str, &str)], lang: kheo::l10n::Lang) -> String {
    let mut t = SiteTest::new().file(
        "content/models/tot.md",
        &model("Mô hình tốt", "Hà Nội / Hoàn Kiếm", "kinh-te", 2021, ""),
    );
    for (path, text) in files {
        t = t.file(path, text);
    }
    let opts = t.options();
    let r = kheo::cli::check::check(&opts);
    r.diags.report(t.path(), &kheo::l10n::Messages::new(lang))
}

fn bytes_report(path: &str, bytes: &[u8]) -> String {
    let t = SiteTest::new().bytes(path, bytes);
    kheo::cli::check::check(&t.options())
        .diags
        .report(t.path(), &en())
}

macro_rules! snap {
    ($name:literal, $value:expr) => {
        insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!($name, $value);
        });
    };
}

#[test]
fn misspelled_key() {
    snap!(
        "misspelled_key",
        report(&[(
            "content/models/a.md",
            "---\ntitel: Đường hoa\nlocality: Hà Nội\nfield: kinh-te\nyear: 2021\n---\n",
        )])
    );
}

#[test]
fn unknown_field_status_and_kind() {
    snap!(
        "unknown_enum_values",
        report(&[
            (
                "content/models/a.md",
                &model("A", "Hà Nội", "Văn hóa xã hộii", 2021, "status: dang lam\n",),
            ),
            (
                "content/awards/k.md",
                "---\ntitle: K\nkind: bằng khenn\nlevel: cấp tỉnhh\nissuer: UBND tỉnh\nyear: 2021\n---\n",
            ),
        ])
    );
}

#[test]
fn yaml_syntax_errors_point_into_the_file() {
    snap!(
        "yaml_syntax",
        report(&[
            (
                "content/models/a.md",
                "---\ntitle: A\nlocality: Hà Nội\nfield: kinh-te\nyear: [2021\n---\nBody\n",
            ),
            (
                "content/models/b.md",
                "---\ntitle: Mô hình: dân vận khéo\nlocality: Hà Nội\nfield: kinh-te\nyear: 2021\n---\n",
            ),
        ])
    );
}

#[test]
fn broken_files() {
    snap!(
        "broken_files",
        report(&[
            ("content/models/empty.md", ""),
            ("content/models/no-front-matter.md", "Chỉ có nội dung.\n"),
            (
                "content/models/not-closed.md",
                "---\ntitle: A\nlocality: Hà Nội\n",
            ),
        ])
    );
}

#[test]
fn dates_years_and_localities() {
    snap!(
        "dates_years_localities",
        report(&[
            (
                "content/models/a.md",
                "---\ntitle: A\nlocality: Hà Nội\nfield: kinh-te\ndate: 2021-02-30\n---\n",
            ),
            (
                "content/models/b.md",
                "---\ntitle: B\nlocality: A / B / C / D\nfield: kinh-te\nyear: 2021\n---\n",
            ),
            (
                "content/models/c.md",
                "---\ntitle: C\nlocality: Hà Nội\nfield: kinh-te\nyear: 2020\ndate: 2021-05\n---\n",
            ),
            (
                "content/models/d.md",
                "---\ntitle: D\nlocality: Hà Nội\nfield: kinh-te\n---\n",
            ),
        ])
    );
}

#[test]
fn references_between_entries() {
    snap!(
        "references",
        report(&[
            (
                "content/models/duong-hoa.md",
                &model("Đường hoa", "Hà Nội", "kinh-te", 2021, ""),
            ),
            (
                "content/awards/x.md",
                "---\ntitle: X\nkind: bang-khen\nlevel: tinh\nissuer: UBND\nyear: 2021\nmodels:\n  - duong-hoaa\n---\n",
            ),
            (
                // The same title and unit as tot.md: a real duplicate.
                "content/models/sub/trung.md",
                &model("Mô hình tốt", "Hà Nội / Hoàn Kiếm", "kinh-te", 2022, ""),
            ),
            (
                // The same title in another unit: a URL of its own.
                "content/models/hai-phong/tot.md",
                &model("Mô hình tốt", "Hải Phòng", "kinh-te", 2022, ""),
            ),
            (
                // A bare slug two models have; a file, a URL, and two near misses.
                "content/awards/y.md",
                "---\ntitle: Y\nkind: bang-khen\nlevel: tinh\nissuer: UBND\nyear: 2022\nmodels:\n  - mo-hinh-tot\n  - hai-phong/tot.md\n  - /mo-hinh/ha-noi/duong-hoa/\n  - hai-phong/tott.md\n  - /mo-hinh/ha-noi/duong-hoaa/\n---\n",
            ),
        ])
    );
}

#[test]
fn links_and_images_in_bodies() {
    snap!(
        "links_and_images",
        report(&[(
            "content/models/a.md",
            "---\ntitle: A\nlocality: Hà Nội\nfield: kinh-te\nyear: 2021\nimages:\n  - {src: /anh/khong-co.jpg, alt: Ảnh}\n---\nXem [mô hình tốt](/mo-hinh/ha-noi/quan-hoan-kiem/mo-hinh-tott/), [địa bàn](/dia-ban/ha-noi/) và [trang lạ](/khong-co-trang/).\n\n![](/anh/cung-khong-co.png)\n",
        )])
    );
}

#[test]
fn personal_data_in_public_text() {
    // Fabricated numbers and addresses; `private:` is not public and is not reported.
    snap!(
        "privacy",
        report(&[(
            "content/models/a.md",
            "---\ntitle: A\nlocality: Hà Nội\nfield: kinh-te\nyear: 2021\nsummary: \"Liên hệ chị Hoa, 0987.000.111\"\nprivate:\n  dien_thoai: \"0912 000 111\"\n---\nGọi +84 388 000 222 hoặc 0243 000 1111, thư về hoa.tran@example.vn.\n\nCCCD 001100000001, CMND 100000001. Kinh phí 350.000.000 đồng.\n",
        )])
    );
}

#[test]
fn invalid_utf8_names_line_and_column() {
    snap!(
        "invalid_utf8",
        bytes_report("content/models/a.md", b"---\ntitle: A\xff\n---\n")
    );
}

#[test]
fn errors_then_warnings_sorted_by_file_then_a_count() {
    let text = report(&[
        (
            "content/models/b.md",
            &model("B", "Hà Nội", "kinh-te", 2021, "status: xyz\n"),
        ),
        (
            "content/models/a.md",
            "---\ntitle: A\nlocality: Hà Nội\nfield: kinh-te\nyear: 2021\n---\nGọi 0912000111.\n",
        ),
        (
            "content/models/c.md",
            &model("C", "Hà Nội", "kinh-tee", 2021, ""),
        ),
    ]);
    let heads: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("error") || l.starts_with("warning") || l.starts_with(" -->"))
        .collect();
    let files: Vec<&str> = heads
        .iter()
        .filter(|l| l.starts_with(" -->"))
        .copied()
        .collect();
    assert_eq!(
        files,
        [
            " --> content/models/b.md:6:9",
            " --> content/models/c.md:4:9",
            " --> content/models/a.md:7:5",
        ],
        "{text}"
    );
    assert!(
        text.ends_with("2 errors and 1 warning in 3 files\n"),
        "{text}"
    );
}

/// The model file of issue 24: six mistakes (an unknown key, a year in
/// words, a misspelled field, an unknown locality, a dead link and a
/// missing image in raw HTML). One run names them all.
const SIX_MISTAKES: &str = "---\ntitle: Đường hoa Lê Lợi\nlocality: Hà Nội / Hoàn Kiếmm\nfield: kinh-tee\nyear: hai nghìn\nnguoi_lien_he: chị Lan\n---\nXem [mô hình khác](/mo-hinh/khong-co/).\n\n<p><img src=\"/anh/khong-co.jpg\" alt=\"Đường hoa\"></p>\n";

/// An award naming that model: told the model has errors, not that no
/// model has the slug.
const AWARD_OF_IT: &str = "---\ntitle: Bằng khen\nkind: bang-khen\nlevel: tinh\nissuer: UBND tỉnh\nyear: 2021\nmodels:\n  - duong-hoa-le-loi\n---\n";

/// A front matter indented with a tab: named as a tab, at its column.
const TAB: &str = "---\ntitle: B\nlocality: Hà Nội\nfield: kinh-te\nyear: 2021\npeople:\n\t- name: Chị Lan\n---\n";

#[test]
fn six_mistakes_in_one_file_are_six_diagnostics_of_one_run() {
    let t = SiteTest::new()
        .file("content/models/a.md", SIX_MISTAKES)
        .file("content/awards/k.md", AWARD_OF_IT);
    let r = kheo::cli::check::check(&t.options());
    let of_a: Vec<(&str, usize)> = r
        .diags
        .sorted()
        .iter()
        .filter(|d| d.path.ends_with("a.md"))
        .map(|d| (d.kind(), d.line))
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    let mut kinds: Vec<&str> = of_a.iter().map(|(k, _)| *k).collect();
    kinds.sort();
    assert_eq!(
        kinds,
        [
            "field-unknown",
            "image-dead",
            "key-unknown",
            "link-dead",
            "locality-unknown",
            "value-bad",
        ],
        "{}",
        r.diags.report(t.path(), &en())
    );
    let by_kind = |k: &str| {
        r.diags
            .sorted()
            .into_iter()
            .find(|d| d.kind() == k)
            .unwrap_or_else(|| panic!("no {k}"))
    };
    assert_eq!(by_kind("locality-unknown").line, 3);
    assert_eq!(
        by_kind("field-unknown").msg.text("suggestion"),
        Some("kinh-te")
    );
    assert_eq!(by_kind("value-bad").line, 5);
    assert_eq!(by_kind("key-unknown").line, 6);
    assert_eq!(by_kind("link-dead").line, 8);
    assert_eq!(by_kind("image-dead").line, 10);
    // The award: one warning that points at the model's file.
    let award: Vec<_> = r
        .diags
        .sorted()
        .into_iter()
        .filter(|d| d.path.ends_with("k.md"))
        .collect();
    assert_eq!(award.len(), 1, "{award:?}");
    assert_eq!(award[0].kind(), "ref-model-broken");
    assert!(!award[0].is_error());
    assert!(
        award[0]
            .msg
            .text("file")
            .is_some_and(|f| f.ends_with("content/models/a.md")),
        "{award:?}"
    );
}

#[test]
fn a_tab_is_named_at_its_column_with_the_fix() {
    let t = SiteTest::new().file("content/models/b.md", TAB);
    let r = kheo::cli::check::check(&t.options());
    let d = r.diags.sorted();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!((d[0].kind(), d[0].line, d[0].col), ("yaml-tab", 7, 1));
    let vi = d[0].help(&kheo::l10n::Messages::new(kheo::l10n::Lang::Vi));
    assert!(vi.is_some_and(|h| h.contains("dấu cách")));
}

/// The whole report of a broken site, in each language: every message and
/// help line an editor reads.
#[test]
fn a_broken_site_in_vietnamese_and_english() {
    let files = [
        ("content/models/a.md", SIX_MISTAKES),
        ("content/awards/k.md", AWARD_OF_IT),
        ("content/models/b.md", TAB),
        (
            "content/models/c.md",
            "---\ntitle: C: mô hình\nlocality: Hà Nội\nfield: kinh-te\nyear: 2021\n---\n",
        ),
        (
            "content/models/d.md",
            "---\ntitle: D\nlocality: Hà Nội\nfield: kinh-te\ndate: 2021-02-30\nstatus: dang lam\n---\nGọi 0912000111.\n",
        ),
    ];
    snap!("broken_site_vi", report_in(&files, kheo::l10n::Lang::Vi));
    snap!("broken_site_en", report_in(&files, kheo::l10n::Lang::En));
}
