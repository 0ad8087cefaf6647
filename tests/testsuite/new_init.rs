//! `kheo init` and `kheo new`, through the real binary: a new site builds
//! and checks clean; new entries carry every key of the schema, take flags
//! the way a build reads them, and never overwrite a file.

use std::path::Path;

use crate::common::*;

/// Runs kheo: (exit status, stdout, stderr).
fn kheo(args: &[&str]) -> (i32, String, String) {
    let out = kheo_command()
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run kheo");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

const MODEL_KEYS: &[&str] = &[
    "title",
    "locality",
    "field",
    "year",
    "date",
    "summary",
    "organizations",
    "people",
    "results",
    "status",
    "tags",
    "sources",
    "images",
    "featured",
    "draft",
    "slug",
    "private",
];

const AWARD_KEYS: &[&str] = &[
    "title",
    "kind",
    "level",
    "issuer",
    "locality",
    "year",
    "period",
    "date",
    "recipients",
    "totals",
    "models",
    "sources",
    "draft",
    "slug",
    "private",
];

/// Whether `key:` is written in `text`, active or commented.
fn has_key(text: &str, key: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim_start_matches(['#', ' ']);
        l.strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with(':'))
    })
}

#[test]
fn init_makes_a_site_that_builds_and_checks_clean() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("trang-moi");
    let (code, _, err) = kheo(&["init", &s(&dir)]);
    assert_eq!(code, 0, "{err}");
    for f in [
        "site.yaml",
        "content/pages/gioi-thieu.md",
        "content/awards/ly-thai-to-cong-nhan-2022.md",
    ] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    assert!(dir.join("static").is_dir() && dir.join("templates").is_dir());
    let cfg = std::fs::read_to_string(dir.join("site.yaml")).expect("site.yaml");
    for key in [
        "title",
        "description",
        "base_url",
        "language",
        "theme",
        "paginate",
        "feed_limit",
        "home_latest",
        "fields",
    ] {
        assert!(has_key(&cfg, key), "site.yaml does not mention `{key}`");
    }

    // A new site speaks Vietnamese (`language: vi`), whatever the machine's.
    let (code, _, err) = kheo(&["check", &s(&dir)]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("không có vấn đề gì"), "{err}");
    let (code, _, err) = kheo(&["build", &s(&dir)]);
    assert_eq!(code, 0, "{err}");
    let model = dir.join("public/mo-hinh/ha-noi/quan-hoan-kiem/ly-thai-to/ly-thai-to-chung-suc-phong-dich/index.html");
    let doc = scraper::Html::parse_document(&std::fs::read_to_string(model).expect("model page"));
    let award_links = attrs(
        &doc,
        "a[href*='/khen-thuong/ly-thai-to-cong-nhan-2022/']",
        "href",
    );
    assert!(!award_links.is_empty(), "the model page links to its award");
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::write(tmp.path().join("ghi-chu.txt"), "của tôi").expect("write");
    let (code, _, err) = kheo(&["init", &s(tmp.path())]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not empty"), "{err}");
    assert!(!tmp.path().join("site.yaml").exists());
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("ghi-chu.txt")).expect("read"),
        "của tôi"
    );
}

#[test]
fn new_model_writes_every_key_and_builds() {
    let t = SiteTest::new();
    let dir = s(t.path());
    let (code, out, err) = kheo(&[
        "new",
        "model",
        "Đường hoa “Lê Lợi”",
        "--locality",
        "Thanh Hóa / Sầm Sơn / Trường Sơn",
        "--field",
        "Văn hoá - Xã hội",
        "--year",
        "2023",
        "--dir",
        &dir,
    ]);
    assert_eq!(code, 0, "{err}");
    let path = t.path().join("content/models/duong-hoa-le-loi.md");
    assert_eq!(out.trim(), s(&path), "prints the new file's path");
    let text = std::fs::read_to_string(&path).expect("new file");
    for key in MODEL_KEYS {
        assert!(has_key(&text, key), "`{key}` missing:\n{text}");
    }
    assert!(text.contains("field: van-hoa-xa-hoi"), "{text}");
    t.build_ok();
    let doc = t.html(&t.model("duong-hoa-le-loi"));
    assert_eq!(texts(&doc, "h1"), ["Đường hoa “Lê Lợi”"]);
}

#[test]
fn new_never_overwrites() {
    let t = SiteTest::new().file(
        "content/models/ha-noi/to-dan-van.md",
        &model("Tổ dân vận", "Hà Nội", "kinh-te", 2021, ""),
    );
    let before = std::fs::read_to_string(t.path().join("content/models/ha-noi/to-dan-van.md"))
        .expect("read");
    let (code, _, err) = kheo(&["new", "model", "Tổ dân vận", "--dir", &s(t.path())]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("already exists"), "{err}");
    assert!(!t.path().join("content/models/to-dan-van.md").exists());
    let after = std::fs::read_to_string(t.path().join("content/models/ha-noi/to-dan-van.md"))
        .expect("read");
    assert_eq!(before, after);
}

#[test]
fn new_checks_flags_like_a_build() {
    let t = SiteTest::new();
    let dir = s(t.path());
    let (code, _, err) = kheo(&["new", "model", "A", "--field", "kinh-tee", "--dir", &dir]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("unknown field `kinh-tee`") && err.contains("did you mean `kinh-te`"),
        "{err}"
    );
    let (code, _, err) = kheo(&[
        "new",
        "model",
        "A",
        "--locality",
        "A / B / C / D",
        "--dir",
        &dir,
    ]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = kheo(&["new", "award", "K", "--kind", "bằng khenn", "--dir", &dir]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("bang-khen"), "{err}");
    let (code, _, err) = kheo(&["new", "model", "A", "--year", "20233", "--dir", &dir]);
    assert_eq!(code, 2, "{err}");
    assert!(
        std::fs::read_dir(t.path().join("content/models"))
            .expect("dir")
            .next()
            .is_none(),
        "nothing written"
    );
}

#[test]
fn new_model_without_required_flags_says_what_to_fill_in() {
    let t = SiteTest::new();
    // The site folder is the positional argument, as for build and check.
    let (code, _, err) = kheo(&["new", "model", "Mô hình mới", &s(t.path())]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("locality, field"), "{err}");
    // And check says where: the empty keys' lines.
    let (code, _, err) = kheo(&["check", &s(t.path())]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("mo-hinh-moi.md:9:1: \n") || err.contains("the locality has an empty level"),
        "{err}"
    );
    assert!(err.contains("`field` is empty"), "{err}");
}

#[test]
fn new_award_names_existing_models_only() {
    let t = SiteTest::new().file(
        "content/models/a.md",
        &model("Đường hoa", "Hà Nội", "kinh-te", 2021, ""),
    );
    let dir = s(t.path());
    let (code, _, err) = kheo(&[
        "new",
        "award",
        "Bằng khen 2021",
        "--kind",
        "Bằng khen",
        "--level",
        "cấp tỉnh",
        "--issuer",
        "UBND thành phố Hà Nội",
        "--model",
        "duong-hoaa",
        "--dir",
        &dir,
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("did you mean `duong-hoa`"), "{err}");

    let (code, out, err) = kheo(&[
        "new",
        "award",
        "Bằng khen 2021",
        "--kind",
        "Bằng khen",
        "--level",
        "cấp tỉnh",
        "--issuer",
        "UBND thành phố Hà Nội",
        "--model",
        "duong-hoa",
        "--year",
        "2021",
        "--dir",
        &dir,
    ]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(out.trim()).expect("award file");
    for key in AWARD_KEYS {
        assert!(has_key(&text, key), "`{key}` missing:\n{text}");
    }
    t.build_ok();
    let doc = t.html(&t.model("duong-hoa"));
    assert!(
        !attrs(&doc, "a[href*='/khen-thuong/bang-khen-2021/']", "href").is_empty(),
        "the model lists its new award"
    );
}
