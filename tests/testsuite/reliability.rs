//! Issue 6's guarantees that the build itself owns: resource bombs end in
//! an error quickly, links cannot publish files from outside the site, and
//! the output is byte-identical across runs and thread counts.

use std::time::{Duration, Instant};

use crate::common::*;

fn errors_of(t: &SiteTest) -> Vec<kheo::diag::Diagnostic> {
    let r = t.build();
    assert!(!r.ok(), "the build should fail");
    r.diags
        .sorted()
        .into_iter()
        .filter(|d| d.is_error())
        .collect()
}

#[test]
fn yaml_alias_bombs_and_deep_nesting_end_in_an_error_quickly() {
    // The classic "billion laughs": ten levels of nine aliases each,
    // hidden where any YAML is accepted (the editor's private notes).
    let mut bomb =
        String::from("---\ntitle: Bom\nlocality: Hà Nội\nfield: kinh-te\nyear: 2021\nprivate:\n");
    bomb.push_str("  a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
    for w in names.windows(2) {
        let (prev, name) = (w[0], w[1]);
        bomb.push_str(&format!("  {name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    bomb.push_str("---\n");
    let deep = format!(
        "---\ntitle: Sâu\ntags: {}{}\n---\n",
        "[".repeat(20_000),
        "]".repeat(20_000)
    );
    let t = SiteTest::new()
        .file("content/models/bomb.md", &bomb)
        .file("content/models/deep.md", &deep)
        .file(
            "content/models/ok.md",
            &model("OK", "Hà Nội", "kinh-te", 2021, ""),
        );
    let start = Instant::now();
    let errs = errors_of(&t);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "took {:?}",
        start.elapsed()
    );
    let files: Vec<String> = errs
        .iter()
        .map(|d| {
            d.path
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    assert!(
        files.contains(&"bomb.md".to_string()) && files.contains(&"deep.md".to_string()),
        "{errs:#?}"
    );
    assert!(!t.out().exists(), "nothing is written");
}

#[test]
fn an_oversized_entry_is_refused_without_reading_it() {
    let mut body = model("Lớn", "Hà Nội", "kinh-te", 2021, "");
    body.push_str(&"Dân vận khéo. ".repeat(50 * 1024 * 1024 / 14));
    let t = SiteTest::new().file("content/models/lon.md", &body);
    let start = Instant::now();
    let errs = errors_of(&t);
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "took {:?}",
        start.elapsed()
    );
    assert!(errs[0].message(&en()).contains("MB"), "{errs:#?}");
}

#[cfg(unix)]
#[test]
fn symbolic_links_cannot_publish_files_from_outside_the_site() {
    let outside = tempfile::tempdir().expect("temp");
    std::fs::write(
        outside.path().join("secret.md"),
        model("Bí mật", "Hà Nội", "kinh-te", 2021, ""),
    )
    .expect("write");
    std::fs::write(outside.path().join("passwd.svg"), "BIMAT-NGOAI").expect("write");
    let t = SiteTest::new().file(
        "content/models/hoa/index.md",
        &model(
            "Hoa",
            "Hà Nội",
            "kinh-te",
            2021,
            "images: [{src: anh.svg, alt: Ảnh}]\n",
        ),
    );
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        t.path().join("content/models/secret.md"),
    )
    .expect("link");
    std::os::unix::fs::symlink(
        outside.path().join("passwd.svg"),
        t.path().join("content/models/hoa/anh.svg"),
    )
    .expect("link");
    let errs = errors_of(&t);
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert!(errs.iter().any(|d| d.path.ends_with("secret.md")));
    assert!(
        errs.iter()
            .any(|d| d.path.ends_with("index.md") && d.message(&en()).contains("outside"))
    );
}

#[test]
fn slugs_and_paths_cannot_climb_out() {
    let t = SiteTest::new()
        .file(
            "content/models/a.md",
            &model("A", "Hà Nội", "kinh-te", 2021, "slug: ../../etc\n"),
        )
        .file(
            "content/models/b/index.md",
            &model(
                "B",
                "Hà Nội",
                "kinh-te",
                2021,
                "images: [{src: ../../x.png, alt: x}]\n",
            ),
        )
        .file(
            "content/models/c.md",
            &model(
                "C",
                "Hà Nội",
                "kinh-te",
                2021,
                "images: [{src: /etc/passwd/../x, alt: x}]\n",
            ),
        );
    let errs = errors_of(&t);
    let files: Vec<String> = errs
        .iter()
        .map(|d| d.path.to_string_lossy().into_owned())
        .collect();
    assert!(files.iter().any(|f| f.ends_with("a.md")), "{errs:#?}");
    assert!(files.iter().any(|f| f.ends_with("index.md")), "{errs:#?}");
    assert!(files.iter().any(|f| f.ends_with("c.md")), "{errs:#?}");
}

fn tree(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn output_is_byte_identical_across_runs_and_thread_counts() {
    let repo = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let outs = tempfile::tempdir().expect("temp");
    let mut trees = Vec::new();
    for (i, threads) in ["1", "2", "2"].iter().enumerate() {
        let out = outs.path().join(format!("o{i}"));
        let status = kheo_command()
            .args([
                "build",
                &repo.to_string_lossy(),
                "-o",
                &out.to_string_lossy(),
            ])
            .stderr(std::process::Stdio::null())
            .env("RAYON_NUM_THREADS", threads)
            .status()
            .expect("run kheo");
        assert!(status.success());
        trees.push(tree(&out));
    }
    assert!(trees[0].len() > 50);
    for t in &trees[1..] {
        assert_eq!(t.len(), trees[0].len());
        for (a, b) in t.iter().zip(&trees[0]) {
            assert_eq!(a.0, b.0);
            assert!(a.1 == b.1, "{} differs between runs", a.0);
        }
    }
}

#[test]
fn a_build_killed_midway_leaves_the_previous_site_whole() {
    let mut t = SiteTest::new().file(
        "content/models/a.md",
        &model("A", "Hà Nội", "kinh-te", 2021, ""),
    );
    t.build_ok();
    let before = tree(&t.out());
    for i in 0..1200 {
        t = t.file(
            &format!("content/models/m{i}.md"),
            &model(
                &format!("Mô hình {i}"),
                "Hà Nội / Hoàn Kiếm",
                "kinh-te",
                2000 + i % 20,
                "",
            ),
        );
    }
    let mut child = kheo_command()
        .args(["build", &t.path().to_string_lossy()])
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("run kheo");
    // Wait until the build is writing its staging folder, then kill it.
    let start = Instant::now();
    let staging_seen = loop {
        let writing = std::fs::read_dir(t.path())
            .expect("ls")
            .filter_map(Result::ok)
            .any(|e| e.file_name().to_string_lossy().contains("kheo-staging"));
        if writing || start.elapsed() > Duration::from_secs(60) {
            break writing;
        }
        if child.try_wait().expect("wait").is_some() {
            break false;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    std::thread::sleep(Duration::from_millis(30));
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        staging_seen,
        "the build finished before it could be killed; make the site bigger"
    );
    assert!(tree(&t.out()) == before, "the previous output changed");
    // The next build clears the leftover staging folder and succeeds.
    t.build_ok();
    assert!(
        t.out()
            .join(t.model("mo-hinh-1199"))
            .join("index.html")
            .is_file()
    );
    let leftovers = std::fs::read_dir(t.path())
        .expect("ls")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("kheo-"))
        .count();
    assert_eq!(leftovers, 0);
}

/// Model bodies are not kept in memory: a page reads its body again when it
/// is rendered. An edit that lands between loading and rendering must not
/// publish a page mixing the old front matter with the new text.
#[test]
fn a_body_edited_during_the_build_is_an_error_not_a_mixed_page() {
    let t = SiteTest::new().file(
        "content/models/a.md",
        &model("Đường hoa", "Hà Nội / Hoàn Kiếm", "kinh-te", 2021, ""),
    );
    let opts = t.options();
    let mut diags = kheo::diag::Diagnostics::new();
    let site = kheo::load_site(&opts, &mut diags);
    assert!(!diags.has_errors(), "{}", diags.report(t.path(), &en()));

    // Unchanged: the body is read again and rendered.
    let sink = kheo::serve::memory::MemorySink::new();
    kheo::render_site(&opts, &site, &sink, &mut diags);
    assert!(!diags.has_errors(), "{}", diags.report(t.path(), &en()));
    let files = sink.finish();
    let Some(kheo::serve::memory::Body::Bytes(page)) =
        files.get("mo-hinh/ha-noi/quan-hoan-kiem/duong-hoa/index.html")
    else {
        panic!("no model page");
    };
    assert!(String::from_utf8_lossy(page).contains("Nội dung của Đường hoa."));

    // Edited after loading: an error naming the file, and no page.
    std::fs::write(
        t.path().join("content/models/a.md"),
        model("Đường hoa", "Hà Nội / Hoàn Kiếm", "kinh-te", 2021, "")
            .replace("Nội dung của", "Đã sửa:"),
    )
    .expect("write");
    let sink = kheo::serve::memory::MemorySink::new();
    let mut diags = kheo::diag::Diagnostics::new();
    kheo::render_site(&opts, &site, &sink, &mut diags);
    let errors: Vec<_> = diags
        .sorted()
        .into_iter()
        .filter(|d| d.is_error())
        .collect();
    assert_eq!(errors.len(), 1, "{}", diags.report(t.path(), &en()));
    assert!(errors[0].path.ends_with("content/models/a.md"));
    assert!(
        errors[0]
            .message(&en())
            .contains("changed while kheo was building")
    );

    // The next build picks the edit up.
    t.build_ok();
    assert!(
        t.read("mo-hinh/ha-noi/quan-hoan-kiem/duong-hoa/index.html")
            .contains("Đã sửa:")
    );
}

#[cfg(unix)]
#[test]
fn hidden_files_are_skipped_and_links_may_not_leave_the_site() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        outside.path().join("ngoai.md"),
        model("Ngoài", "Hà Nội", "kinh-te", 2021, ""),
    )
    .expect("write");
    let t = SiteTest::new()
        .file(
            "content/models/a.md",
            &model("A", "Hà Nội", "kinh-te", 2021, ""),
        )
        .file(
            "content/models/.nhap.md",
            &model("Nháp ẩn", "Hà Nội", "kinh-te", 2021, ""),
        )
        .file(
            "content/models/.cu/b.md",
            &model("Cũ ẩn", "Hà Nội", "kinh-te", 2021, ""),
        )
        .file("shared/c.md", &model("C", "Hà Nội", "kinh-te", 2021, ""));
    let models = t.path().join("content/models");
    symlink(t.path().join("shared/c.md"), models.join("c.md")).expect("link inside");
    symlink(outside.path().join("ngoai.md"), models.join("ngoai.md")).expect("link outside");

    let errs = error_list(&t.build());
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(errs[0].path.ends_with("ngoai.md"), "{:?}", errs[0]);
    assert!(
        errs[0].message(&en()).contains("outside the site"),
        "{:?}",
        errs[0]
    );

    std::fs::remove_file(models.join("ngoai.md")).expect("rm link");
    let r = t.build_ok();
    assert_eq!(r.models, 2, "A and the linked C, not the hidden ones");
    assert!(t.out().join(t.model("c")).join("index.html").is_file());
    assert!(!t.out().join("mo-hinh/ha-noi/nhap-an").exists());
    assert!(!t.out().join("mo-hinh/ha-noi/cu-an").exists());
}
