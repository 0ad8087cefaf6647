//! Edits that give one model another URL: a title edit when the entry
//! writes no `slug:` (as a national corpus is written). The one-model way
//! renders only the pages that can show the model, and the output is what
//! a fresh build writes, but for the redirect left at the old URL.

use super::{build, built_large_site, edit, rebuild_matches_fresh};

#[test]
fn a_title_edit_that_moves_a_model_takes_the_one_model_way() {
    let (site, _out_dir, out) = built_large_site();
    let site = site.path();
    let dir = "mo-hinh/hai-phong/quan-hai-an";
    let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap_or_default();
    let pages = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_name() == "index.html")
        .count();
    assert!(read(&format!("{dir}/mo-hinh-so-8/index.html")).contains("Mô hình số 8"));

    edit(site, "content/models/them/m8.md", |t| {
        t.replace("Mô hình số 8\"", "Mô hình số tám\"")
    });
    let r = build(site, &out, false);
    assert!(r.stats.one_model, "the title edit took the full way");
    // Its page moved, a redirect stays at the old URL, and the sitemap
    // lists the new one alone.
    assert!(read(&format!("{dir}/mo-hinh-so-tam/index.html")).contains("Mô hình số tám"));
    let old = read(&format!("{dir}/mo-hinh-so-8/index.html"));
    assert!(
        old.contains("http-equiv=\"refresh\"") && old.contains("/mo-hinh-so-tam/"),
        "{old}"
    );
    let sitemap = read("sitemap.xml");
    assert!(sitemap.contains(&format!("/{dir}/mo-hinh-so-tam/</loc>")));
    assert!(!sitemap.contains("/mo-hinh-so-8/"));
    // Not every page: those that can show the model.
    assert!(
        r.changes.written < pages / 2,
        "wrote {} files for {pages} pages",
        r.changes.written
    );
    rebuild_matches_fresh(site, &out, "title edit that moves a model");
}

/// `out` is, byte for byte, a fresh build of a copy of `site` (but for
/// the redirects left at old URLs).
fn same_as_fresh(site: &std::path::Path, out: &std::path::Path, what: &str) {
    let copy = super::copy_site(site);
    let fresh = copy.path().join("public");
    build(copy.path(), &fresh, false);
    let (mut got, mut want) = (super::files(out), super::files(&fresh));
    super::as_fresh(&mut got, &mut want);
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&got), names(&want), "{what}: the files differ");
    for (x, y) in got.iter().zip(&want) {
        assert!(x.1 == y.1, "{what}: {} differs from a fresh build", x.0);
    }
}

#[test]
fn a_model_added_or_removed_takes_the_one_model_way() {
    let (site, _out_dir, out) = built_large_site();
    let site = site.path();
    let dir = "mo-hinh/hai-phong/quan-hai-an";
    let exists = |rel: &str| out.join(rel).is_file();
    let pages = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_name() == "index.html")
        .count();
    // Added, one after another: near the front of the listings (the
    // newest year), then at their end (the oldest).
    for (i, year) in [(1, 2024), (2, 2015)] {
        let rel = format!("content/models/them/moi-{i}.md");
        let text = crate::common::model(
            &format!("Mô hình thêm {i}"),
            "Hải Phòng / Hải An",
            "kinh-te",
            year,
            "",
        );
        std::fs::write(site.join(&rel), text).expect("write");
        // Old enough for the parse cache to keep it.
        super::age(&site.join(&rel));
        let r = build(site, &out, false);
        assert!(r.stats.one_model, "model {i} added: the full way");
        assert!(r.changes.written < pages / 2, "wrote {}", r.changes.written);
        assert!(exists(&format!("{dir}/mo-hinh-them-{i}/index.html")));
        assert!(
            std::fs::read_to_string(out.join("sitemap.xml"))
                .expect("sitemap")
                .contains(&format!("/{dir}/mo-hinh-them-{i}/</loc>"))
        );
        same_as_fresh(site, &out, &format!("model {i} added"));
    }
    // Removed: its page goes, and no listing page past the end stays.
    for rel in ["content/models/them/moi-2.md", "content/models/them/m17.md"] {
        std::fs::remove_file(site.join(rel)).expect("rm");
        let r = build(site, &out, false);
        assert!(r.stats.one_model, "{rel} removed: the full way");
        same_as_fresh(site, &out, &format!("{rel} removed"));
    }
    assert!(!exists(&format!("{dir}/mo-hinh-so-17/index.html")));
}
