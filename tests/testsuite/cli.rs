//! The real `kheo` binary: exit status 0 / 1 / 2, messages on stderr,
//! `check` writing nothing, `--quiet`, and plain output when piped.

use std::process::Command;

use crate::common::*;

fn kheo(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kheo"))
        .args(args)
        .output()
        .expect("run kheo");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn exit_status_is_0_1_or_2() {
    let t = SiteTest::new().file(
        "content/models/a.md",
        &model("A", "Hà Nội", "kinh-te", 2021, ""),
    );
    let dir = t.path().to_string_lossy().into_owned();
    let (code, err) = kheo(&["build", &dir]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 models"), "{err}");

    let _t = t.file(
        "content/models/b.md",
        &model("B", "Hà Nội", "khong-co", 2021, ""),
    );
    let (code, err) = kheo(&["build", &dir]);
    assert_eq!(code, 1, "{err}");
    // The caret points at the value on line 4: `field: "khong-co"`.
    assert!(err.contains("content/models/b.md:4:9"), "{err}");
    assert!(err.contains("1 error in 1 file"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    let (code, _) = kheo(&["build", "/khong/co/thu/muc/nay"]);
    assert_eq!(code, 2);
    let (code, _) = kheo(&["check", "/khong/co/thu/muc/nay"]);
    assert_eq!(code, 2);
    let (code, _) = kheo(&["buidl"]);
    assert_eq!(code, 2);
    let (code, _) = kheo(&["build", "--no-such-flag"]);
    assert_eq!(code, 2);
    let (code, err) = kheo(&["check", &dir]);
    assert_eq!(code, 1, "{err}");
    let (code, _) = kheo(&["--help"]);
    assert_eq!(code, 0);
}

#[test]
fn check_writes_nothing_and_warnings_alone_exit_0() {
    let t = SiteTest::new().file(
        "content/models/a.md",
        // A fabricated number: a warning, not an error.
        &model(
            "A",
            "Hà Nội",
            "kinh-te",
            2021,
            "summary: \"Gọi 0912 000 111\"\n",
        ),
    );
    let dir = t.path().to_string_lossy().into_owned();
    let (code, err) = kheo(&["check", &dir]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning: this looks like a phone number"),
        "{err}"
    );
    assert!(err.contains("content/models/a.md:6:"), "{err}");
    assert!(err.contains("1 warning in 1 file"), "{err}");
    assert!(!t.out().exists(), "check must not write public/");
    let entries: Vec<_> = std::fs::read_dir(t.path())
        .expect("read dir")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(entries, ["content"], "check wrote something");
}

#[test]
fn check_reports_broken_links_as_errors() {
    let t = SiteTest::new()
        .file(
            "content/models/a.md",
            &model("Đường hoa", "Hà Nội", "kinh-te", 2021, ""),
        )
        .file(
            "content/pages/gioi-thieu.md",
            "---\ntitle: Giới thiệu\n---\nXem [đường hoa](/mo-hinh/ha-noi/duong-hoa/) và [khen thưởng](/khen-thuong/khong-co/).\n",
        );
    let dir = t.path().to_string_lossy().into_owned();
    let (code, err) = kheo(&["check", &dir]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("link to `/khen-thuong/khong-co/`: no such page"),
        "{err}"
    );
    assert!(err.contains("content/pages/gioi-thieu.md:4:"), "{err}");
    assert!(
        !err.contains("/mo-hinh/ha-noi/duong-hoa/`"),
        "a good link is not reported: {err}"
    );
}

#[test]
fn piped_output_is_plain_and_quiet_prints_only_problems() {
    let t = SiteTest::new().file(
        "content/models/a.md",
        &model("A", "Hà Nội", "khong-co", 2021, ""),
    );
    let dir = t.path().to_string_lossy().into_owned();
    let (_, err) = kheo(&["check", &dir]);
    assert!(
        !err.contains('\u{1b}'),
        "no colour codes when piped: {err:?}"
    );
    assert!(err.contains("checked 0 models"), "{err}");
    let (code, err) = kheo(&["--quiet", "check", &dir]);
    assert_eq!(code, 1);
    assert!(err.contains("unknown field"), "{err}");
    assert!(!err.contains("checked"), "{err}");

    let _t = t.file(
        "content/models/a.md",
        &model("A", "Hà Nội", "kinh-te", 2021, ""),
    );
    let (code, err) = kheo(&["build", "-q", &dir]);
    assert_eq!(code, 0);
    assert_eq!(err, "", "quiet and no problems: nothing at all");
}
