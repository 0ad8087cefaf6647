//! The real `kheo` binary: exit status 0 / 1 / 2 and messages on stderr.

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
    assert!(err.contains("content/models/b.md:4:1"), "{err}");
    assert!(err.contains("1 error(s)"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    let (code, _) = kheo(&["build", "/khong/co/thu/muc/nay"]);
    assert_eq!(code, 2);
    let (code, _) = kheo(&["buidl"]);
    assert_eq!(code, 2);
    let (code, err) = kheo(&["check", &dir]);
    assert_eq!(code, 1, "{err}");
}
