//! The cache of parsed entries in `.kheo/`: reused, refreshed, following
//! the site folder when it moves, and never trusted blindly (a file edited
//! just before a build, files removed, added or renamed).

use std::path::PathBuf;

use super::*;

#[test]
fn the_parse_cache_is_reused_refreshed_and_never_trusted_blindly() {
    // Without the photo cache: `check` decodes the photos, encodes none.
    let site = copy_site(&PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    let site = site.path();
    // Everything dated back, so the cache trusts the files.
    for e in walkdir::WalkDir::new(site.join("content"))
        .into_iter()
        .flatten()
    {
        if e.file_type().is_file() {
            age(e.path());
        }
    }
    let out_dir = tempfile::tempdir().expect("temp dir");
    let out = out_dir.path().join("public");

    // `check` writes nothing, not even the cache.
    let r = kheo::check(&kheo::BuildOptions {
        dir: site.to_path_buf(),
        ..kheo::BuildOptions::default()
    });
    assert!(r.ok());
    assert!(!site.join(".kheo").exists(), "check wrote a cache");
    seed_photo_cache(site);

    build(site, &out, false);
    let cache = site.join(".kheo/cache/entries.bin");
    assert!(cache.is_file());
    let ignore = std::fs::read_to_string(site.join(".kheo/.gitignore")).expect(".gitignore");
    assert!(ignore.lines().any(|l| l == "*"), "{ignore}");

    // A damaged cache is ignored: the build parses everything again.
    std::fs::write(&cache, b"not a cache").expect("write");
    let edited = "content/models/hai-phong/dan-van-chuyen-doi-so-hai-an.md";
    edit(site, edited, |t| {
        t + "\nĐoạn viết thêm sau khi hỏng bộ đệm.\n"
    });
    rebuild_matches_fresh(site, &out, "damaged cache");

    // An edit within the same second as the cache: the stamp looks the
    // same size-wise, the content differs; never served from the cache.
    build(site, &out, false);
    let p = site.join(edited);
    let text = std::fs::read_to_string(&p).expect("read");
    std::fs::write(&p, text.replace("Đoạn viết thêm", "Đoạn viết lại")).expect("write");
    rebuild_matches_fresh(site, &out, "racy edit");
    assert!(
        std::fs::read_to_string(
            out.join("mo-hinh/hai-phong/quan-hai-an/dan-van-chuyen-doi-so-hai-an/index.html")
        )
        .expect("page")
        .contains("Đoạn viết lại")
    );
}

/// The sample, built in `site-a` of a temp folder into its `public`, then
/// renamed `site-b`: (the temp folder, `site-b`, `public`).
fn built_then_moved() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let parent = tempfile::tempdir().expect("temp dir");
    let sample = sample_copy();
    let first = parent.path().join("site-a");
    std::fs::rename(sample.path(), &first).expect("move the site");
    age_content(&first);
    let out = parent.path().join("public");
    let r = build(&first, &out, false);
    assert!(
        r.parsed > 30,
        "a cold build parses everything: {}",
        r.parsed
    );
    let moved = parent.path().join("site-b");
    std::fs::rename(&first, &moved).expect("rename the site");
    (parent, moved, out)
}

#[test]
fn the_parse_cache_follows_the_site_folder_when_it_moves() {
    // The folder renamed: the cached entries' paths name files that are
    // no longer there, so a page read through them would fail.
    let (_parent, moved, out) = built_then_moved();
    let edited = "content/models/hai-phong/dan-van-chuyen-doi-so-hai-an.md";
    edit(&moved, edited, |t| {
        t + "\nMột câu viết sau khi dời thư mục.\n"
    });
    let r = build(&moved, &out, false);
    assert_eq!(r.parsed, 1, "only the edited file is parsed again");
    let page = std::fs::read_to_string(
        out.join("mo-hinh/hai-phong/quan-hai-an/dan-van-chuyen-doi-so-hai-an/index.html"),
    )
    .expect("model page");
    assert!(page.contains("Một câu viết sau khi dời thư mục."));
    rebuild_matches_fresh(&moved, &out, "moved site");
}

/// A site folder that moved (or is named another way on the command
/// line) is the same site to the one-model way. The file paths of free
/// pages and awards were in what every page sees, so after a move the
/// first title edit fingerprinted every page again.
#[test]
fn a_title_edit_after_the_site_folder_moved_renders_only_its_pages() {
    let (_parent, moved, out) = built_then_moved();
    let edited = "content/models/hai-phong/dan-van-chuyen-doi-so-hai-an.md";
    edit(&moved, edited, |t| {
        t.replacen("title: ", "title: Cập nhật – ", 1)
    });
    let r = build(&moved, &out, false);
    assert_eq!(r.parsed, 1, "only the edited file is parsed again");
    assert!(r.stats.one_model, "the title edit took the full way");
    rebuild_matches_fresh(&moved, &out, "title edit after a move");
}

/// An entry is trusted when its file was last changed well before the load
/// that parsed it began, however soon after that the cache was written: a
/// file edited a moment before a build is not parsed again by the next
/// one (which then takes the one-model way). (Stamps in whole seconds are
/// distrusted for 2 s: `content::cache`'s unit test.)
#[test]
fn a_file_edited_just_before_a_build_is_parsed_once() {
    let (site, _out_dir, out) = built_large_site();
    let site = site.path();
    let (a, b) = ("content/models/them/m7.md", "content/models/them/m8.md");
    // Fractions of a second: 300 ms before the build is well before.
    // (A field edit: a title edit would change the slug made from it.)
    let to_field = |t: String| t.replacen("field: \"kinh-te\"", "field: \"van-hoa-xa-hoi\"", 1);
    edit(site, a, to_field);
    let t = set_mtime(&site.join(a), std::time::Duration::from_millis(300));
    let since_epoch = t.duration_since(std::time::UNIX_EPOCH).expect("epoch");
    if since_epoch.subsec_nanos() == 0 {
        // One chance in a billion: a whole second is distrusted for 2 s.
        set_mtime(&site.join(a), std::time::Duration::from_millis(301));
    }
    assert_eq!(build(site, &out, false).parsed, 1);
    edit(site, b, to_field);
    let r = build(site, &out, false);
    assert_eq!(
        r.parsed, 1,
        "the file edited before the last build was parsed again"
    );
    assert!(r.stats.one_model, "the field edit took the full way");
    rebuild_matches_fresh(site, &out, "edits just before builds");
}

/// The parse cache is kept in the walk's order and read in it; files
/// removed, added or renamed since put it out of step, and every other
/// file must still come from it (and the site be what a fresh build makes).
#[test]
fn removed_added_and_renamed_files_leave_the_rest_cached() {
    let (site, _out_dir, out) = built_large_site();
    let site = site.path();
    let dir = site.join("content/models/them");
    std::fs::remove_file(dir.join("m10.md")).expect("remove");
    std::fs::remove_file(dir.join("m11.md")).expect("remove");
    let r = build(site, &out, false);
    assert_eq!(r.parsed, 0, "a removal made the cache miss");
    std::fs::write(
        dir.join("m10b.md"),
        model("Mô hình mới", "Hải Phòng / Hải An", "kinh-te", 2024, ""),
    )
    .expect("write");
    age(&dir.join("m10b.md"));
    assert_eq!(build(site, &out, false).parsed, 1, "one file added");
    // A rename: the file's new name sorts far from its old one, and the
    // renamed file (a new inode) is read again, nothing else.
    std::fs::rename(dir.join("m5.md"), dir.join("z5.md")).expect("rename");
    let r = build(site, &out, false);
    assert!(r.parsed <= 1, "{} files parsed after a rename", r.parsed);
    // Several steps apart at once (more than the look ahead).
    for i in 40..60 {
        std::fs::remove_file(dir.join(format!("m{i}.md"))).expect("remove");
    }
    assert_eq!(build(site, &out, false).parsed, 0);
    rebuild_matches_fresh(site, &out, "removed, added and renamed files");
}

#[test]
fn one_edit_on_a_large_site_does_not_rewrite_the_parse_cache() {
    let (site, _out_dir, out) = built_large_site();
    let site = site.path();
    let cache = site.join(".kheo/cache/entries.bin");
    let bytes = std::fs::read(&cache).expect("cache");

    // One file, edited twice: parsed each time, the cache left as it is
    // (rewriting it costs more than parsing a file); the entry goes to the
    // file of recent entries instead.
    let recent = site.join(".kheo/cache/recent.bin");
    for n in 0..2 {
        edit(site, "content/models/them/m7.md", |t| {
            t + &format!("\nThêm {n}.\n")
        });
        assert_eq!(build(site, &out, false).parsed, 1);
        assert!(
            std::fs::read(&cache).expect("cache") == bytes,
            "rewritten after one edit"
        );
        assert!(recent.is_file(), "no recent entries");
    }
    // Another file: only it is parsed, though m7 differs from the cache
    // itself (its last version is among the recent entries).
    edit(site, "content/models/them/m8.md", |t| t + "\nThêm.\n");
    assert_eq!(build(site, &out, false).parsed, 1);
    // More than 1% of the site parsed since the cache was written: it is
    // written again, and the next build parses only what changed since.
    for i in 20..25 {
        edit(site, &format!("content/models/them/m{i}.md"), |t| {
            t + "\nSửa.\n"
        });
    }
    assert_eq!(build(site, &out, false).parsed, 5);
    assert!(!recent.exists(), "recent entries left beside a new cache");
    assert!(
        std::fs::read(&cache).expect("cache") != bytes,
        "not rewritten"
    );
    edit(site, "content/models/them/m30.md", |t| t + "\nSửa.\n");
    assert_eq!(build(site, &out, false).parsed, 1);
    rebuild_matches_fresh(site, &out, "edits on a large site");
}
