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
