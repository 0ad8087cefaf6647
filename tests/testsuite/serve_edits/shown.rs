//! `kheo serve` after an edit with browsers open: the pages they show
//! are published and reloaded first.

use std::path::PathBuf;
use std::sync::Arc;

use kheo::serve::{
    self,
    memory::{Body, Files},
};

use super::{assert_same, assert_same_files, full, open_data, options, retitle, rewrite, session};
use crate::common::*;

/// An edit with browsers on the model's page and a listing: those pages
/// (and every page the edit does not touch) are published and reloaded
/// first, the other listing pages it shifts after, each browser reloaded once, when its page
/// is current; the pages served at the end are a full build's.
#[test]
fn pages_a_browser_shows_are_published_first() {
    use kheo::serve::live::Reload;
    use std::collections::HashSet;
    let site = crate::incremental::sample_copy();
    let site = site.path();
    rewrite(site, "site.yaml", |t| {
        t.replace("paginate: 12", "paginate: 2")
    });
    let dir = site.join("content/models/them");
    std::fs::create_dir_all(&dir).expect("mkdir");
    for i in 0..12 {
        std::fs::write(
            dir.join(format!("m{i}.md")),
            model(
                &format!("Mô hình số {i}"),
                "Hải Phòng / Hải An",
                if i % 2 == 0 {
                    "kinh-te"
                } else {
                    "van-hoa-xa-hoi"
                },
                2020 + i % 3,
                &format!("slug: them-{i}\n"),
            ),
        )
        .expect("write");
    }
    let opts = options(site);
    let mut slot = session(site);
    let page = "mo-hinh/hai-phong/quan-hai-an/them-0/index.html".to_string();
    let shown: HashSet<String> = [page.clone(), "linh-vuc/kinh-te/index.html".to_string()].into();
    let rel = "content/models/them/m0.md";
    // A title that moves it to the front of its listings: every page of
    // them shifts by one card.
    rewrite(site, rel, |t| retitle(t, "Ấp"));
    let before = Arc::clone(&slot.last.as_ref().expect("last").files);
    let mut published: Vec<(Arc<Files>, &'static str, HashSet<String>)> = Vec::new();
    let done = serve::edit_update_shown(
        &opts,
        &mut slot,
        &[PathBuf::from(rel)],
        &shown,
        &mut |_, _| {},
        &mut |files, reload| {
            let (kind, set) = match reload {
                Reload::All => ("all", HashSet::new()),
                Reload::AllBut(s) => ("all but", s.clone()),
                Reload::Only(s) => ("only", s.clone()),
            };
            published.push((files, kind, set));
        },
    );
    assert!(done.is_some(), "the edit did not take the short way");
    assert_eq!(
        published.len(),
        2,
        "published once, not first the shown pages"
    );
    let (first, kind, later) = &published[0];
    assert_eq!(*kind, "all but");
    assert_eq!(published[1].1, "only");
    assert_eq!(&published[1].2, later, "the second reload is for the rest");
    assert!(!later.contains(&page), "the shown model page came later");
    assert!(
        !later.contains("linh-vuc/kinh-te/index.html"),
        "the shown listing came later"
    );
    let body = |f: &Files, p: &str| match f.get(p) {
        Some(Body::Bytes(b)) => b.to_vec(),
        _ => Vec::new(),
    };
    // The shown pages are current in the first set; the others there are
    // still the previous build's, and some of them change after.
    let want = full(site);
    assert_eq!(
        body(first, &page),
        body(&want.files, &page),
        "model page not current"
    );
    assert!(
        later.iter().all(|p| body(first, p) == body(&before, p)),
        "a later page was published before its turn"
    );
    assert!(
        later
            .iter()
            .any(|p| body(&published[1].0, p) != body(&before, p)),
        "no later page changed: nothing to wait for"
    );
    assert_same_files(
        &published[1].0,
        &want.files,
        |p| !open_data(p),
        "the last set",
    );
    assert_same(
        slot.last.as_ref().expect("last"),
        &want,
        "after the open data",
    );
}
