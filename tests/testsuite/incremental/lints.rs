//! What `kheo build` checks besides building (links, images, personal
//! data), and how much of it a rebuild looks at again.

use super::age_content;
use crate::common::*;

/// `kheo build` checks links and personal data like `kheo check`, but a
/// rebuild that makes the same files checks only the entries read anew;
/// a strict build checks every entry, so an old warning still stops it.
#[test]
fn a_rebuild_checks_the_entries_read_anew_and_strict_checks_all() {
    let t = SiteTest::new()
        .file(
            "content/models/a.md",
            &format!(
                "{}Xem [trang lạ](/khong-co/).\n",
                model("A", "Hà Nội", "kinh-te", 2021, "")
            ),
        )
        .file(
            "content/models/b.md",
            &model("B", "Hà Nội", "kinh-te", 2021, ""),
        );
    let dead = |r: &kheo::Report| {
        r.diags
            .sorted()
            .iter()
            .filter(|d| d.kind() == "link-dead")
            .map(|d| d.path.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect::<Vec<_>>()
    };
    // Files older than the build: the parse cache trusts them next time.
    age_content(t.path());
    let r = t.build_ok();
    assert_eq!(dead(&r), [Some("a.md".to_string())]);
    // b.md's body edited (same pages): a.md is not read again.
    let t = t.file(
        "content/models/b.md",
        &format!(
            "{}Thêm một câu.\n",
            model("B", "Hà Nội", "kinh-te", 2021, "")
        ),
    );
    let r = t.build_ok();
    assert!(dead(&r).is_empty(), "{:?}", dead(&r));
    // b.md's title edited: its URL changes, and a redirect stays at the
    // old one, so every link that resolved still does: a.md is not read
    // again either.
    let t = t.file(
        "content/models/b.md",
        &format!(
            "{}Thêm một câu.\n",
            model("B mới", "Hà Nội", "kinh-te", 2021, "")
        ),
    );
    let r = t.build_ok();
    assert!(dead(&r).is_empty(), "{:?}", dead(&r));
    // A strict build looks at every entry again.
    let r = kheo::build(&kheo::BuildOptions {
        strict: true,
        ..t.options()
    });
    assert_eq!(dead(&r), [Some("a.md".to_string())]);
    assert!(!r.ok(), "a strict build with a warning fails");
}

/// `kheo check` after a build renders only the pages whose inputs changed
/// since (the others rendered then, from the same inputs), and says what
/// a check that renders every page says: the same dead link, in an entry
/// it did not render, and no link to a page it did not render reported
/// as dead.
#[test]
fn check_after_a_build_renders_only_what_changed_and_says_the_same() {
    let t = SiteTest::new()
        .file(
            "content/models/a.md",
            &format!(
                "{}Xem [trang lạ](/khong-co/) và [trang chủ](/).\n",
                model("A", "Hà Nội", "kinh-te", 2021, "slug: a\n")
            ),
        )
        .file(
            "content/models/b.md",
            &model(
                "B",
                "Hà Nội",
                "kinh-te",
                2021,
                "slug: b\nsummary: Tóm tắt.\n",
            ),
        );
    age_content(t.path());
    t.build_ok();
    let said = |r: &kheo::Report| {
        r.diags
            .sorted()
            .iter()
            .map(|d| format!("{} {}", d.kind(), d.path.display()))
            .collect::<Vec<_>>()
    };
    let check = || kheo::cli::check::check(&t.options());
    let after_build = check();
    assert!(after_build.stats.bodies_only, "every page rendered again");
    // b.md's body edited: its page alone is rendered.
    let t = t.file(
        "content/models/b.md",
        &format!(
            "{}\nThêm một đoạn.\n",
            model(
                "B",
                "Hà Nội",
                "kinh-te",
                2021,
                "slug: b\nsummary: Tóm tắt.\n"
            )
        ),
    );
    age_content(t.path());
    let after_edit = kheo::cli::check::check(&t.options());
    assert!(after_edit.stats.bodies_only);
    assert_eq!(after_edit.stats.pages, after_build.stats.pages);
    // Without the build's output, every page is rendered: the same words.
    std::fs::remove_dir_all(t.out()).expect("rm");
    let whole = kheo::cli::check::check(&t.options());
    assert!(!whole.stats.bodies_only);
    assert_eq!(whole.stats.pages, after_edit.stats.pages);
    assert_eq!(said(&after_build), said(&whole));
    assert_eq!(said(&after_edit), said(&whole));
    assert_eq!(
        said(&whole)
            .iter()
            .filter(|s| s.starts_with("link-dead"))
            .count(),
        1,
        "{:?}",
        said(&whole)
    );
}

/// After an edit, the personal data lint reads the entries read anew
/// without walking `content/`: a phone number written into the edited
/// entry is reported, the one another entry already had is not again.
#[test]
fn a_rebuild_finds_personal_data_in_the_entry_edited() {
    let t = SiteTest::new()
        .file(
            "content/models/a.md",
            &format!(
                "{}Gọi 0912000111.\n",
                model("A", "Hà Nội", "kinh-te", 2021, "")
            ),
        )
        .file(
            "content/models/b.md",
            &model("B", "Hà Nội", "kinh-te", 2021, ""),
        );
    let phones = |r: &kheo::Report| {
        r.diags
            .sorted()
            .iter()
            .filter(|d| d.kind() == "privacy-phone")
            .filter_map(|d| Some(d.path.file_name()?.to_string_lossy().into_owned()))
            .collect::<Vec<_>>()
    };
    age_content(t.path());
    assert_eq!(phones(&t.build_ok()), ["a.md"]);
    let t = t.file(
        "content/models/b.md",
        &format!(
            "{}Liên hệ 0987000222.\n",
            model("B", "Hà Nội", "kinh-te", 2021, "")
        ),
    );
    assert_eq!(phones(&t.build_ok()), ["b.md"]);
}

/// A build that removes a model checks again the entries that may link to
/// it, however the link is written (absolute, relative, with `base_url`,
/// percent-encoded): each is reported by that very build. It checks no
/// other entry: an old dead link elsewhere is not reported again.
#[test]
fn removing_a_model_reports_the_links_to_it_and_checks_no_other_entry() {
    let linking = |slug: &str, dest: &str| {
        format!(
            "{}Xem [mô hình]({dest}).\n",
            model(slug, "Hà Nội", "kinh-te", 2021, &format!("slug: {slug}\n"))
        )
    };
    let t = SiteTest::new()
        .file(
            "site.yaml",
            "title: T\nbase_url: \"https://dvk.example.org/\"\n",
        )
        .file(
            "content/models/bo-di.md",
            &model("Bỏ đi", "Hà Nội", "kinh-te", 2021, "slug: bo-di\n"),
        )
        .file(
            "content/models/tuyet-doi.md",
            &linking("tuyet-doi", "/mo-hinh/ha-noi/bo-di/"),
        )
        .file(
            "content/models/tuong-doi.md",
            &linking("tuong-doi", "../bo-di/"),
        )
        .file(
            "content/models/dia-chi.md",
            &linking(
                "dia-chi",
                "https://dvk.example.org/mo-hinh/ha-noi/bo-di/#ket-qua",
            ),
        )
        .file(
            "content/models/ma-hoa.md",
            &linking("ma-hoa", "/mo-hinh/ha-noi/b%6F-di/"),
        )
        .file("content/models/khac.md", &linking("khac", "/khong-co/"));
    // The files a build warns about, and how many entries its lint
    // checked, as the binary's trace says.
    let build = || {
        let run = kheo_command()
            .env("KHEO_TRACE", "1")
            .arg("build")
            .arg(t.path())
            .output()
            .expect("run kheo");
        let err = String::from_utf8_lossy(&run.stderr).into_owned();
        assert!(run.status.success(), "{err}");
        let mut warned: Vec<String> = err
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("--> content/models/"))
            .filter_map(|l| l.split(':').next().map(str::to_string))
            .collect();
        warned.sort();
        let checked = err
            .lines()
            .find_map(|l| l.split("lint: entries checked: ").nth(1))
            .map(|n| n.trim().parse::<usize>().expect("a count"));
        (warned, checked)
    };
    // Files older than the build: the parse cache trusts them next time.
    age_content(t.path());
    assert_eq!(build(), (vec!["khac.md".to_string()], Some(6)));
    assert_eq!(t.model("bo-di"), "mo-hinh/ha-noi/bo-di/");
    std::fs::remove_file(t.path().join("content/models/bo-di.md")).expect("rm");
    let (warned, checked) = build();
    assert_eq!(
        warned,
        ["dia-chi.md", "ma-hoa.md", "tuong-doi.md", "tuyet-doi.md"]
    );
    assert_eq!(checked, Some(4));
}
