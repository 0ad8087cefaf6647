//! Rebuilds that render only what changed (issue 8): after each kind of
//! edit, an incremental rebuild of an existing output must leave exactly
//! the files a fresh build of the same site writes, byte for byte, while
//! rewriting only the pages the edit can change.

use std::path::{Path, PathBuf};

use crate::common::*;

mod fingerprints;
mod lints;
mod moves;
mod opendata;
mod parse_cache;
mod rewrites;

/// A copy of the bundled sample site (content, configuration, static files).
pub(crate) fn sample_copy() -> tempfile::TempDir {
    let dir = copy_site(&PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    seed_photo_cache(dir.path());
    dir
}

/// Gives a copy of the sample site the photo cache of the sample site
/// itself (encoded once per run of the tests, see `kheo::images`), so that
/// each copy does not encode the sample's five 4032 × 3024 photos again.
/// The cache is keyed by the photos' bytes: a copy builds the same output
/// with it or without it.
pub(crate) fn seed_photo_cache(site: &Path) {
    static ONCE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    let root = ONCE.get_or_init(|| {
        let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let opts = kheo::BuildOptions {
            dir: repo.clone(),
            ..kheo::BuildOptions::default()
        };
        let mut diags = kheo::diag::Diagnostics::new();
        let loaded = kheo::load_site(&opts, &mut diags);
        kheo::images::prepare(&repo, &loaded, &opts.progress, &mut diags);
        repo.join(".kheo/images")
    });
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for e in entries.flatten() {
        let to = site.join(".kheo/images").join(e.file_name());
        if std::fs::create_dir_all(&to).is_err() {
            continue;
        }
        for f in std::fs::read_dir(e.path()).into_iter().flatten().flatten() {
            let _ = std::fs::copy(f.path(), to.join(f.file_name()));
        }
    }
}

/// A copy of a site's sources (not its `.kheo/` cache nor its output).
pub(crate) fn copy_site(repo: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for top in ["content", "static", "templates", "site.yaml"] {
        let from = repo.join(top);
        for e in walkdir::WalkDir::new(&from)
            .into_iter()
            .filter_map(Result::ok)
        {
            let rel = e.path().strip_prefix(repo).expect("prefix");
            let to = dir.path().join(rel);
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).expect("mkdir");
            } else if e.file_type().is_file() {
                std::fs::copy(e.path(), &to).expect("copy");
            }
        }
    }
    dir
}

pub(crate) fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("prefix");
            (
                rel.to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .filter(|(rel, _)| {
            ![".kheo-output", ".kheo-records", ".kheo-cards"].contains(&rel.as_str())
        })
        .collect();
    out.sort();
    out
}

fn build(site: &Path, out: &Path, recheck: bool) -> kheo::Report {
    let r = kheo::build(&kheo::BuildOptions {
        dir: site.to_path_buf(),
        out: Some(out.to_path_buf()),
        recheck,
        ..kheo::BuildOptions::default()
    });
    assert!(r.ok(), "build failed:\n{}", r.diags.report(site, &en()));
    r
}

/// Rebuilds `out` incrementally and compares it with a fresh build.
/// Returns how many files the rebuild wrote.
/// The outputs of a rebuild (`a`) and of a fresh build (`b`), less the
/// one thing a rebuild writes on purpose that a fresh build does not: a
/// redirect at the old URL of a model that moved since the last build
/// (`render/moved.rs`), and those old URLs in the record. Returns how
/// many redirects were left out.
pub(crate) fn as_fresh(a: &mut Vec<(String, Vec<u8>)>, b: &mut Vec<(String, Vec<u8>)>) -> usize {
    let redirect =
        |f: &(String, Vec<u8>)| String::from_utf8_lossy(&f.1).contains("http-equiv=\"refresh\"");
    let theirs: std::collections::HashSet<String> = b.iter().map(|f| f.0.clone()).collect();
    let before = a.len();
    a.retain(|f| theirs.contains(&f.0) || !redirect(f));
    let left_out = before - a.len();
    for v in [a, b] {
        for f in v.iter_mut().filter(|f| f.0 == ".kheo-urls") {
            let lines: Vec<String> = String::from_utf8_lossy(&f.1)
                .lines()
                .map(|l| l.split('\t').take(2).collect::<Vec<_>>().join("\t"))
                .collect();
            f.1 = lines.join("\n").into_bytes();
        }
    }
    left_out
}

fn rebuild_matches_fresh(site: &Path, out: &Path, what: &str) -> usize {
    let r = build(site, out, false);
    // The fresh build parses everything: no cache of parsed entries.
    assert!(
        site.join(".kheo/cache/entries.bin").is_file(),
        "{what}: no cache"
    );
    std::fs::remove_dir_all(site.join(".kheo")).expect("rm cache");
    let fresh = tempfile::tempdir().expect("temp dir");
    let f = build(site, &fresh.path().join("o"), true);
    let (mut a, mut b) = (files(out), files(&fresh.path().join("o")));
    let moved = as_fresh(&mut a, &mut b);
    // The count it reports is of the files the output now has.
    assert_eq!(
        r.stats.files,
        f.stats.files + moved,
        "{what}: files counted"
    );
    assert_eq!(
        r.changes.written + r.changes.unchanged,
        r.stats.files,
        "{what}: files written and kept"
    );
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "{what}: the files differ");
    for (x, y) in a.iter().zip(&b) {
        assert!(x.1 == y.1, "{what}: {} differs from a fresh build", x.0);
    }
    r.changes.written
}

/// Edits a file, dating it back a minute: the cache of parsed entries
/// distrusts files changed just before the load that read them, and a
/// test that edits right after building must still exercise it.
fn edit(site: &Path, rel: &str, f: impl FnOnce(String) -> String) {
    let p = site.join(rel);
    let text = std::fs::read_to_string(&p).expect("read");
    let new = f(text.clone());
    assert_ne!(new, text, "the edit of {rel} changed nothing");
    std::fs::write(&p, new).expect("write");
    age(&p);
}

/// Overrides the theme's `model.html` with a copy that adds a paragraph
/// of class `class` to every model page.
fn override_model_template(site: &Path, class: &str) {
    std::fs::create_dir_all(site.join("templates")).expect("mkdir");
    let theme =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/model.html");
    let tpl = std::fs::read_to_string(theme).expect("theme model.html");
    let mark = format!("{{% block content %}}<p class=\"{class}\">*</p>");
    std::fs::write(
        site.join("templates/model.html"),
        tpl.replacen("{% block content %}", &mark, 1),
    )
    .expect("write");
}

fn age(p: &Path) {
    set_mtime(p, std::time::Duration::from_secs(60));
}

/// Sets `p`'s modification time to `ago` before now, and returns it.
fn set_mtime(p: &Path, ago: std::time::Duration) -> std::time::SystemTime {
    let t = std::time::SystemTime::now() - ago;
    let f = std::fs::File::options().write(true).open(p).expect("open");
    f.set_modified(t).expect("set mtime");
    t
}

#[test]
fn every_kind_of_edit_rebuilds_to_exactly_what_a_fresh_build_writes() {
    let site = sample_copy();
    let site = site.path();
    let out_dir = tempfile::tempdir().expect("temp dir");
    let out = out_dir.path().join("public");
    let first = build(site, &out, false);
    let total = first.stats.files;
    assert!(total > 100);

    // The model whose page we edit, and one that shares nothing with it.
    let edited = "content/models/hai-phong/dan-van-chuyen-doi-so-hai-an.md";
    assert!(
        site.join(edited).is_file(),
        "sample changed: pick another model"
    );

    // A body edit: its page, the pages listing it (their cards carry its
    // hash), feed, data — a handful, not the site.
    edit(site, edited, |t| t + "\nMột câu mới ở cuối bài.\n");
    let written = rebuild_matches_fresh(site, &out, "body edit");
    assert!(
        written >= 1 && written < total / 4,
        "body edit wrote {written} of {total}"
    );
    let page = std::fs::read_to_string(
        out.join("mo-hinh/hai-phong/quan-hai-an/dan-van-chuyen-doi-so-hai-an/index.html"),
    )
    .expect("model page");
    assert!(page.contains("Một câu mới ở cuối bài."));

    // A title edit changes its card in every listing, and its order.
    edit(site, edited, |t| {
        t.replacen("title: ", "title: Mô hình ", 1)
    });
    rebuild_matches_fresh(site, &out, "title edit");

    // Moving it to another year and field.
    edit(site, edited, |t| {
        t.replace("field: Xây dựng hệ thống chính trị", "field: kinh-te")
            .replace("date: \"2023\"", "date: \"2012\"")
    });
    rebuild_matches_fresh(site, &out, "year and field edit");

    // A new model, then deleting it.
    std::fs::write(
        site.join("content/models/ha-noi/mo-hinh-moi.md"),
        model(
            "Mô hình mới của phường",
            "Hà Nội / Hoàn Kiếm",
            "kinh-te",
            2024,
            "",
        ),
    )
    .expect("write");
    rebuild_matches_fresh(site, &out, "new model");
    std::fs::remove_file(site.join("content/models/ha-noi/mo-hinh-moi.md")).expect("rm");
    rebuild_matches_fresh(site, &out, "deleted model");

    // A folder's defaults: a value the models of the folder lack.
    let defaults = "content/models/hai-phong/_defaults.yaml";
    edit(site, defaults, |t| t + "status: nhan-rong\n");
    let written = rebuild_matches_fresh(site, &out, "defaults edit");
    assert!(written > 1, "a default reached no page ({written} written)");

    // A template override: every page that uses it.
    override_model_template(site, "x-override");
    rebuild_matches_fresh(site, &out, "template override");
    assert!(
        std::fs::read_to_string(
            out.join("mo-hinh/hai-phong/quan-hai-an/dan-van-chuyen-doi-so-hai-an/index.html")
        )
        .expect("page")
        .contains("x-override")
    );

    // The site's configuration: every page.
    edit(site, "site.yaml", |t| {
        t.replace("title: \"Dân vận khéo\"", "title: \"Dân vận khéo 2\"")
    });
    let written = rebuild_matches_fresh(site, &out, "site.yaml edit");
    assert!(
        written > total / 2,
        "a new site title must reach every page ({written} of {total})"
    );
}

/// Dates back every file under `content/`, so the parse cache trusts them.
fn age_content(site: &Path) {
    for e in walkdir::WalkDir::new(site.join("content"))
        .into_iter()
        .flatten()
    {
        if e.file_type().is_file() {
            age(e.path());
        }
    }
}

/// The sample plus 300 models in `content/models/them/m{i}.md`, dated
/// back: enough that one edit does not rewrite the parse cache.
fn large_site() -> tempfile::TempDir {
    let site = sample_copy();
    let dir = site.path().join("content/models/them");
    std::fs::create_dir_all(&dir).expect("mkdir");
    for i in 0..300 {
        std::fs::write(
            dir.join(format!("m{i}.md")),
            model(
                &format!("Mô hình số {i}"),
                "Hải Phòng / Hải An",
                "kinh-te",
                2020 + i % 5,
                "",
            ),
        )
        .expect("write");
    }
    age_content(site.path());
    site
}

/// [`large_site`], built once into `public` of a temp folder: (the site,
/// that folder, `public`).
fn built_large_site() -> (tempfile::TempDir, tempfile::TempDir, PathBuf) {
    let site = large_site();
    let out_dir = tempfile::tempdir().expect("temp dir");
    let out = out_dir.path().join("public");
    build(site.path(), &out, false);
    (site, out_dir, out)
}

#[test]
fn body_edits_render_only_their_pages_and_nothing_else_is_missed() {
    let site = large_site();
    let site = site.path();
    let dirs = tempfile::tempdir().expect("temp dir");
    let (a, b) = (dirs.path().join("a"), dirs.path().join("b"));
    let first = build(site, &a, false);
    assert!(!first.stats.bodies_only);
    let page = |out: &Path, i: usize| {
        std::fs::read_to_string(out.join(format!(
            "mo-hinh/hai-phong/quan-hai-an/mo-hinh-so-{i}/index.html"
        )))
        .expect("model page")
    };

    // A body edit: only that model's page is looked at.
    edit(site, "content/models/them/m7.md", |t| {
        t + "\nCâu mới thứ nhất.\n"
    });
    let r = build(site, &a, false);
    assert!(r.stats.bodies_only, "a body edit took the long way");
    assert!(page(&a, 7).contains("Câu mới thứ nhất."));
    // Its page and the search index's files that hold its words.
    assert!(r.changes.written < 20, "wrote {}", r.changes.written);

    // A title edit changes listings: every page is checked.
    edit(site, "content/models/them/m8.md", |t| {
        t.replace("Mô hình số 8\"", "Mô hình số tám\"")
    });
    assert!(!build(site, &a, false).stats.bodies_only);
    // A body edit with a template change: every page is checked.
    edit(site, "content/models/them/m7.md", |t| {
        t + "\nCâu mới thứ hai.\n"
    });
    override_model_template(site, "x-o");
    assert!(!build(site, &a, false).stats.bodies_only);
    assert!(page(&a, 7).contains("x-o") && page(&a, 7).contains("Câu mới thứ hai."));
    // Body edits again: the short way, and the title edit still shows.
    edit(site, "content/models/them/m7.md", |t| {
        t + "\nCâu mới thứ ba.\n"
    });
    assert!(build(site, &a, false).stats.bodies_only);
    assert!(page(&a, 7).contains("Câu mới thứ ba."));

    // Another output built meanwhile rewrites the parse cache with new
    // bodies; `a` never saw them, so it must not take the short way.
    for i in [9, 20, 21, 22, 23, 24] {
        edit(site, &format!("content/models/them/m{i}.md"), |t| {
            t + "\nThân bài mới.\n"
        });
    }
    build(site, &b, false);
    let r = build(site, &a, false);
    assert!(!r.stats.bodies_only, "a used a cache it did not build from");
    assert!(page(&a, 9).contains("Thân bài mới."));
    rebuild_matches_fresh(site, &a, "body edits, the short way and the long");
}

#[test]
fn random_edit_sequences_always_leave_what_a_fresh_build_writes() {
    // Edits of every kind in a pseudo-random order (fixed seed), built
    // into two outputs in turn, with the parse cache kept throughout, so
    // that the short ways (cached entries, kept pages, body-only edits)
    // meet each other's leftovers. After every build, the output must be
    // byte for byte a fresh build of a copy of the sources.
    let site = large_site();
    let site = site.path();
    let dirs = tempfile::tempdir().expect("temp dir");
    let outs = [dirs.path().join("a"), dirs.path().join("b")];
    for out in &outs {
        build(site, out, false);
    }
    let mut seed: u64 = 0x5eed_0008;
    let mut next = |n: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    let mut added = 0;
    let mut shortcuts = 0;
    let mut in_place = 0;
    let mut came_or_went = 0;
    for step in 0..24 {
        let m = format!("content/models/them/m{}.md", next(40));
        let what = match next(9) {
            0..=2 if site.join(&m).is_file() => {
                edit(site, &m, |t| t + &format!("\nBước {step}.\n"));
                "body"
            }
            3 if site.join(&m).is_file() => {
                edit(site, &m, |t| {
                    t.replacen("title: \"", &format!("title: \"B{step} "), 1)
                });
                "title"
            }
            4 => {
                added += 1;
                let p = site.join(format!("content/models/them/moi-{added}.md"));
                std::fs::write(
                    &p,
                    model(
                        &format!("Mới {added}"),
                        "Hải Phòng / Hải An",
                        "kinh-te",
                        2024,
                        "",
                    ),
                )
                .expect("write");
                age(&p);
                "new model"
            }
            5 if site.join(&m).is_file() => {
                std::fs::remove_file(site.join(&m)).expect("rm");
                "deleted model"
            }
            6 => {
                override_model_template(site, &format!("x-{step}"));
                "template"
            }
            // Edits that keep the model's place (its slug comes from its
            // title, which stays): a new summary, another year.
            7 if site.join(&m).is_file() => {
                edit(site, &m, |t| {
                    let t: String = t
                        .lines()
                        .filter(|l| !l.starts_with("summary:"))
                        .map(|l| format!("{l}\n"))
                        .collect();
                    t.replacen("---\n", &format!("---\nsummary: \"Tóm tắt {step}.\"\n"), 1)
                });
                "summary"
            }
            8 if site.join(&m).is_file() => {
                edit(site, &m, |t| {
                    t.lines()
                        .map(|l| match l.strip_prefix("year: ") {
                            Some(y) => format!(
                                "year: {}\n",
                                2016 + (y.trim().parse::<i32>().unwrap_or(2016) - 2015) % 9
                            ),
                            None => format!("{l}\n"),
                        })
                        .collect()
                });
                "year"
            }
            _ => "nothing",
        };
        let out = &outs[usize::try_from(next(2)).expect("index")];
        let r = build(site, out, false);
        shortcuts += usize::from(r.stats.bodies_only);
        in_place += usize::from(r.stats.one_model);
        if matches!(what, "new model" | "deleted model") {
            came_or_went += usize::from(r.stats.one_model);
        }
        let copy = copy_site(site);
        let fresh = copy.path().join("public");
        build(copy.path(), &fresh, false);
        let (mut got, mut want) = (files(out), files(&fresh));
        as_fresh(&mut got, &mut want);
        let names = |v: &[(String, Vec<u8>)]| v.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
        assert_eq!(
            names(&got),
            names(&want),
            "step {step} ({what}): the files differ"
        );
        for (x, y) in got.iter().zip(&want) {
            assert!(
                x.1 == y.1,
                "step {step} ({what}): {} differs from a fresh build",
                x.0
            );
        }
    }
    assert!(shortcuts > 0, "no build took the body-edit short way");
    assert!(in_place > 0, "no build took the one-model short way");
    assert!(
        came_or_went > 0,
        "no model added or removed took the one-model way"
    );
}
