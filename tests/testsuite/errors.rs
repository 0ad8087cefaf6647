//! Bad input: every problem is reported with file and line, all in one run,
//! and a failed build leaves the previous output untouched.

use crate::common::*;

fn errors(t: &SiteTest) -> Vec<kheo::diag::Diagnostic> {
    let r = t.build();
    assert!(!r.ok(), "the build should fail");
    r.diags
        .sorted()
        .into_iter()
        .filter(|d| d.is_error())
        .collect()
}

fn file_name(d: &kheo::diag::Diagnostic) -> String {
    d.path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
fn an_award_naming_a_missing_model_is_an_error_at_its_line() {
    let t = SiteTest::new()
        .file("content/models/a.md", &model("Đường hoa", "Hà Nội", "kinh-te", 2021, ""))
        .file("content/awards/x.md", "---\ntitle: X\nkind: bang-khen\nlevel: tinh\nissuer: UBND\nyear: 2021\nmodels:\n  - duong-hoaa\n---\n");
    let errs = errors(&t);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(file_name(&errs[0]), "x.md");
    assert_eq!(errs[0].line, 8);
    assert!(errs[0].message(&en()).contains("duong-hoaa"));
    assert!(
        errs[0]
            .help(&en())
            .as_deref()
            .unwrap_or("")
            .contains("duong-hoa"),
        "{:?}",
        errs[0]
    );
}

#[test]
fn two_entries_on_one_url_name_both_files() {
    let t = SiteTest::new()
        .file(
            "content/models/a.md",
            &model("Cùng tên", "Hà Nội", "kinh-te", 2021, ""),
        )
        .file(
            "content/models/sub/b.md",
            &model("Cùng tên", "Hà Nội", "kinh-te", 2022, ""),
        );
    let errs = errors(&t);
    assert_eq!(errs.len(), 1, "{errs:?}");
    let text = errs[0].one_line(&en());
    assert!(text.contains("a.md") && text.contains("b.md"), "{text}");
}

#[test]
fn every_problem_of_a_run_is_reported() {
    let t = SiteTest::new()
        .file(
            "content/models/a.md",
            "---\ntitel: A\nlocality: Hà Nội\nfield: kinh-te\nyear: 2021\n---\n",
        )
        .file(
            "content/models/b.md",
            &model("B", "Hà Nội", "kinh doanh", 2021, ""),
        )
        .file(
            "content/models/c.md",
            &model("C", "Hà Nội", "kinh-te", 2021, "status: dang-lam\n"),
        )
        .file("content/models/d.md", "---\ntitle: D\nlocality: Hà Nội\n")
        .file("content/models/e.md", "")
        .file(
            "content/models/f.md",
            "---\ntitle: F\nlocality: A / B / C / D\nfield: kinh-te\nyear: 2021\n---\n",
        )
        .file(
            "content/models/g.md",
            "---\ntitle: G\nlocality: Hà Nội\nfield: kinh-te\ndate: 2021-02-30\n---\n",
        )
        .file(
            "content/models/h.md",
            "---\ntitle: H: có dấu hai chấm\nlocality: Hà Nội\n---\n",
        )
        .bytes("content/models/i.md", b"---\ntitle: \xff\n---\n")
        .file(
            "content/models/ok.md",
            &model("OK", "Hà Nội", "kinh-te", 2021, ""),
        );
    let errs = errors(&t);
    let by_file: std::collections::BTreeMap<String, &kheo::diag::Diagnostic> =
        errs.iter().map(|d| (file_name(d), d)).collect();
    for f in [
        "a.md", "b.md", "c.md", "d.md", "e.md", "f.md", "g.md", "h.md", "i.md",
    ] {
        assert!(by_file.contains_key(f), "no error for {f}: {errs:#?}");
    }
    assert!(!by_file.contains_key("ok.md"));
    // Misspelled key: a suggestion, on its line.
    assert_eq!(by_file["a.md"].line, 2);
    assert_eq!(
        by_file["a.md"].help(&en()).as_deref(),
        Some("did you mean `title`?")
    );
    // Unknown field: a suggestion.
    assert!(
        by_file["b.md"]
            .help(&en())
            .as_deref()
            .unwrap_or("")
            .contains("Kinh tế"),
        "{:?}",
        by_file["b.md"]
    );
    assert_eq!(by_file["c.md"].line, 6);
    assert!(by_file["d.md"].message(&en()).contains("not closed"));
    assert!(by_file["e.md"].message(&en()).contains("empty"));
    assert!(by_file["g.md"].message(&en()).contains("day 30"));
    assert!(
        by_file["h.md"].line >= 2,
        "YAML syntax errors point into the file: {:?}",
        by_file["h.md"]
    );
    assert_eq!(by_file["i.md"].line, 2);
    // Every error names a line.
    assert!(errs.iter().all(|d| d.line > 0), "{errs:#?}");
}

#[test]
fn a_failed_build_leaves_the_previous_output() {
    let t = SiteTest::new().file(
        "content/models/a.md",
        &model("A", "Hà Nội", "kinh-te", 2021, ""),
    );
    t.build_ok();
    let before = t.read("mo-hinh/ha-noi/a/index.html");
    let t = t.file(
        "content/models/b.md",
        &model("B", "Hà Nội", "khong-co", 2021, ""),
    );
    assert!(!t.build().ok());
    assert_eq!(t.read("mo-hinh/ha-noi/a/index.html"), before);
    assert!(!t.out().join("mo-hinh/ha-noi/b").exists());
    // No staging folder is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(t.path())
        .expect("ls")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("kheo-staging"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn a_folder_kheo_did_not_make_is_not_replaced() {
    let t = SiteTest::new()
        .file(
            "content/models/a.md",
            &model("A", "Hà Nội", "kinh-te", 2021, ""),
        )
        .file("public/cua-toi.txt", "của tôi");
    let r = t.build();
    assert!(!r.ok());
    assert_eq!(t.read("cua-toi.txt"), "của tôi");
    let mut opts = t.options();
    opts.wipe_output = true;
    assert!(kheo::build(&opts).ok());
    // From then on the folder is kheo's and rebuilds need no --wipe-output.
    assert!(t.build().ok());
}

#[test]
fn an_output_folder_holding_the_site_is_refused() {
    let t = SiteTest::new().file(
        "content/models/a.md",
        &model("A", "Hà Nội", "kinh-te", 2021, ""),
    );
    let mut opts = t.options();
    opts.out = Some(t.path().to_path_buf());
    opts.wipe_output = true;
    assert!(!kheo::build(&opts).ok());
    opts.out = Some(t.path().join("content/out"));
    assert!(!kheo::build(&opts).ok());
    assert!(t.path().join("content/models/a.md").is_file());
}

#[test]
fn a_rebuild_rewrites_only_changed_files_and_removes_stale_ones() {
    // The search index holds bodies; this test is about pages.
    let t = SiteTest::new()
        .file("site.yaml", "search: false\n")
        .file(
            "content/models/a.md",
            &model("A", "Hà Nội", "kinh-te", 2021, ""),
        )
        .file(
            "content/models/b.md",
            &model("B", "Hà Nội", "kinh-te", 2020, ""),
        );
    let first = t.build_ok();
    assert!(first.changes.written > 10);
    let page_a = t.out().join(t.model("a")).join("index.html");
    let mtime = |p: &std::path::Path| {
        std::fs::metadata(p)
            .and_then(|m| m.modified())
            .expect("mtime")
    };
    let before = mtime(&page_a);
    std::thread::sleep(std::time::Duration::from_millis(20));
    // Nothing changed: nothing is written.
    let again = t.build_ok();
    assert_eq!(again.changes.written, 0, "{:?}", again.changes);
    assert_eq!(mtime(&page_a), before);
    // An edit below the first paragraph (which is the summary in listings):
    // that model's page changes, and nothing else.
    let t = t.file(
        "content/models/b.md",
        &format!(
            "{}\nĐoạn hai: Nội dung mới.\n",
            model("B", "Hà Nội", "kinh-te", 2020, "")
        ),
    );
    let edit = t.build_ok();
    assert_eq!(edit.changes.written, 1, "{:?}", edit.changes);
    assert_eq!(mtime(&page_a), before);
    assert!(
        t.read("mo-hinh/ha-noi/b/index.html")
            .contains("Nội dung mới")
    );
    // Deleting an entry removes its page, and a file the user put there stays.
    let t = t.file("public/cua-toi.txt", "của tôi");
    std::fs::remove_file(t.path().join("content/models/b.md")).expect("rm");
    let del = t.build_ok();
    assert!(del.changes.removed >= 1, "{:?}", del.changes);
    assert!(!t.out().join("mo-hinh/ha-noi/b").exists());
    assert_eq!(t.read("cua-toi.txt"), "của tôi");
}

#[test]
fn a_rebuild_with_nothing_changed_stops_early() {
    let t = SiteTest::new()
        .file(
            "content/models/a.md",
            &model("A", "Hà Nội", "kinh-te", 2021, ""),
        )
        .file(
            "content/models/b.md",
            &model("B", "Hà Nội", "kinh-te", 2020, ""),
        );
    let first = t.build_ok();
    let again = t.build_ok();
    assert_eq!(again.changes.written, 0);
    assert_eq!(again.models, 2);
    assert_eq!(again.stats.pages, first.stats.pages);
    // Touching a file (a new modification time) makes the build look again;
    // identical output means nothing is written.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let t = t.file(
        "content/models/a.md",
        &model("A", "Hà Nội", "kinh-te", 2021, ""),
    );
    let touched = t.build_ok();
    assert_eq!(touched.changes.written, 0);
    // A real change is built.
    let t = t.file(
        "content/models/c.md",
        &model("C", "Hà Nội", "kinh-te", 2022, ""),
    );
    let changed = t.build_ok();
    assert_eq!(changed.models, 3);
    assert!(t.out().join(t.model("c")).join("index.html").is_file());
}

/// Issue 24: two entries whose file names differ only in case are one file
/// on Windows and macOS; on Linux, where both exist, that is an error
/// naming both.
#[test]
fn file_names_that_differ_only_in_case_are_an_error() {
    let t = SiteTest::new()
        .file(
            "content/models/Duong-Hoa.md",
            &model("Đường hoa A", "Hà Nội", "kinh-te", 2021, ""),
        )
        .file(
            "content/models/duong-hoa.md",
            &model("Đường hoa B", "Hà Nội", "kinh-te", 2021, ""),
        );
    let errs = errors(&t);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].kind(), "case-clash");
    assert_eq!(file_name(&errs[0]), "duong-hoa.md");
    let text = errs[0].one_line(&en());
    assert!(text.contains("Duong-Hoa.md"), "{text}");
}
