//! A page's fingerprint names what it shows, not where it stands in the
//! site's order: a model added at the front of the list, in a build that
//! looks at every page, renders again the pages that show it, not every
//! model page after it.

use super::large_site;
use crate::common::*;

/// (pages looked at, pages rendered) of a build of `site` into `out`, as
/// the binary's trace says.
fn looked_and_rendered(site: &std::path::Path, out: &std::path::Path) -> (usize, usize) {
    let run = kheo_command()
        .env("KHEO_TRACE", "1")
        .arg("build")
        .arg(site)
        .arg("-o")
        .arg(out)
        .output()
        .expect("run kheo");
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{err}");
    let mut got = (0, 0);
    for line in err.lines() {
        if let Some(rest) = line.split("pages looked at: ").nth(1) {
            let mut n = rest
                .split(|c: char| !c.is_ascii_digit())
                .filter(|s| !s.is_empty())
                .map(|s| s.parse::<usize>().expect("a count"));
            got.0 += n.next().expect("looked at");
            got.1 += n.next().expect("rendered");
        }
    }
    got
}

#[test]
fn a_model_added_first_renders_its_pages_not_every_later_one() {
    let site = large_site();
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    let (all, _) = looked_and_rendered(site.path(), &out);
    let models = walkdir::WalkDir::new(out.join("mo-hinh"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_name() == "index.html")
        .count();
    // The newest year: first in the site's order. Its `aliases:` send the
    // build the full way, which looks at every page.
    std::fs::write(
        site.path().join("content/models/them/moi.md"),
        model(
            "Mô hình mới nhất",
            "Hải Phòng / Hải An",
            "kinh-te",
            2026,
            "aliases: [/cu/mo-hinh-moi/]\n",
        ),
    )
    .expect("write");
    let (looked, rendered) = looked_and_rendered(site.path(), &out);
    assert!(looked >= all, "looked at {looked} of {all} pages");
    assert!(
        rendered < models / 2,
        "rendered {rendered} pages for {models} model and listing pages"
    );
}
