//! The real `kheo` binary: exit status 0 / 1 / 2, messages on stderr,
//! `check` writing nothing, `--quiet`, and plain output when piped.

use crate::common::*;

fn kheo(args: &[&str]) -> (i32, String) {
    let out = kheo_command().args(args).output().expect("run kheo");
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
    assert!(err.contains("1 model,"), "{err}");

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
    // A folder that is not a site (no content/) is a usage error too.
    let empty = tempfile::tempdir().expect("tempdir");
    let empty = empty.path().to_string_lossy().into_owned();
    let (code, err) = kheo(&["build", &empty]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no content/ folder"), "{err}");
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

/// A dead link is a warning in `check` and in `build` alike; `--strict`
/// (or `strict: true`) makes both fail, and a strict build writes nothing.
#[test]
fn broken_links_are_warnings_that_strict_makes_fatal() {
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
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning: the link to `/khen-thuong/khong-co/` leads to no page"),
        "{err}"
    );
    assert!(err.contains("content/pages/gioi-thieu.md:4:"), "{err}");
    assert!(
        !err.contains("/mo-hinh/ha-noi/duong-hoa/`"),
        "a good link is not reported: {err}"
    );
    let (code, err) = kheo(&["check", "--strict", &dir]);
    assert_eq!(code, 1, "{err}");

    // build says what check says, and publishes.
    let (code, err) = kheo(&["build", &dir]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("`/khen-thuong/khong-co/`"), "{err}");
    assert!(t.path().join("public/index.html").is_file());
    // Strict: nothing is written.
    let out = t.path().join("strict-out");
    let out_s = out.to_string_lossy().into_owned();
    let (code, err) = kheo(&["build", "--strict", &dir, "-o", &out_s]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("`/khen-thuong/khong-co/`"), "{err}");
    assert!(!out.join("index.html").exists(), "a strict build published");
    // The site's own key does the same.
    let _t = t.file("site.yaml", "language: en\nstrict: true\n");
    let (code, err) = kheo(&["build", &dir, "-o", &out_s]);
    assert_eq!(code, 1, "{err}");
    assert!(!out.join("index.html").exists(), "a strict build published");
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

/// The language: site.yaml's `language:` for a site's messages; LANG (or
/// LC_ALL) when there is no site.yaml, for the help too.
#[test]
fn messages_and_help_speak_the_sites_or_the_environments_language() {
    let t = SiteTest::new().file("site.yaml", "language: vi\n").file(
        "content/models/a.md",
        &model("A", "Hà Nội", "kinh-tee", 2021, ""),
    );
    let dir = t.path().to_string_lossy().into_owned();
    let (code, err) = kheo(&["check", &dir]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("lỗi: không có lĩnh vực `kinh-tee`"), "{err}");
    assert!(
        err.contains("cách sửa: có phải ý bạn là `kinh-te`?"),
        "{err}"
    );
    assert!(err.contains("1 lỗi trong 1 tệp"), "{err}");

    let empty = tempfile::tempdir().expect("tempdir");
    let help = |lang: &str| {
        let out = kheo_command()
            .current_dir(empty.path())
            .env("LANG", lang)
            .args(["build", "--help"])
            .output()
            .expect("run kheo");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let vi = help("vi_VN.UTF-8");
    assert!(
        vi.contains("Cách dùng:") && vi.contains("Thư mục của trang"),
        "{vi}"
    );
    assert!(!vi.contains("Options:"), "{vi}");
    // clap's own words in usage lines and placeholders too.
    assert!(
        vi.contains("[TÙY CHỌN]") && vi.contains("[THƯ_MỤC]"),
        "{vi}"
    );
    assert!(!vi.contains("[OPTIONS]") && !vi.contains("[DIR]"), "{vi}");
    let en = help("en_US.UTF-8");
    assert!(
        en.contains("Usage:") && en.contains("The site folder"),
        "{en}"
    );
}

/// A mistake on the command line is said in the reader's language, with
/// the nearest command or option and where the help is; exit 2.
#[test]
fn command_line_mistakes_speak_the_readers_language() {
    let empty = tempfile::tempdir().expect("tempdir");
    let run = |lang: &str, args: &[&str]| {
        let out = kheo_command()
            .current_dir(empty.path())
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", lang)
            .args(args)
            .output()
            .expect("run kheo");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, vi) = run("vi_VN.UTF-8", &["check", "--stirct"]);
    assert_eq!(code, 2, "{vi}");
    assert!(vi.contains("lỗi: không có tùy chọn `--stirct`"), "{vi}");
    assert!(vi.contains("có phải ý bạn là `--strict`?"), "{vi}");
    assert!(vi.contains("kheo check --help"), "{vi}");
    let (code, en) = run("en_US.UTF-8", &["buil"]);
    assert_eq!(code, 2, "{en}");
    assert!(en.contains("error: there is no command `buil`"), "{en}");
    assert!(en.contains("did you mean `build`?"), "{en}");
    assert!(!en.contains("unrecognized"), "{en}");
}
