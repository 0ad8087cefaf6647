//! Edits `kheo serve` must not take a short way with: a change of the
//! site's language (every kept card) and entries under a folder's
//! `_defaults.yaml` (read with their defaults by a full rebuild only).

use std::path::PathBuf;

use super::*;

/// `serve` keeps the model cards it renders, by a key that covers the UI
/// strings and the configuration: after the site's language changes (the
/// templates, and so the kept cards, stay), every card is the new one.
#[test]
fn kept_cards_follow_a_change_of_language() {
    let site = crate::incremental::sample_copy();
    let site = site.path();
    let page = |last: &Last| match &last.files.map["mo-hinh/index.html"] {
        Body::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        Body::File(_) => panic!("a listing is kept in memory"),
    };
    let vi = page(&full(site));
    let cards = vi.matches("class=\"card model-card").count();
    assert!(cards >= 10, "{cards} cards");
    assert_eq!(
        vi.matches("<span class=\"sr\">Lĩnh vực: </span>").count(),
        cards
    );
    rewrite(site, "site.yaml", |t| {
        t.replace("language: vi", "language: en")
    });
    let en = page(&full(site));
    assert_eq!(en.matches("class=\"card model-card").count(), cards);
    assert_eq!(
        en.matches("<span class=\"sr\">Field: </span>").count(),
        cards
    );
    assert!(!en.contains("Lĩnh vực: </span>"));
}

#[test]
fn entries_under_folder_defaults_and_the_defaults_take_a_full_rebuild() {
    let site = crate::incremental::sample_copy();
    let site = site.path();
    let opts = options(site);
    let mut last = session(site);
    // A model that takes its locality from content/models/hai-phong/_defaults.yaml:
    // read alone, it would have none.
    let rel = "content/models/hai-phong/doi-rac-thai-nhua-lay-khau-trang-y-te.md";
    rewrite(site, rel, |t| format!("{t}\nMột câu mới.\n"));
    let changed = [PathBuf::from(rel)];
    assert!(serve::quick_update(&opts, &mut last, &changed).is_none());
    assert!(serve::entry_update(&opts, &last, &changed).is_none());
    let mut slot = session(site);
    assert!(serve::edit_update(&opts, &mut slot, &changed, &mut |_| {}).is_none());
    // An edit of the defaults: a full rebuild, which moves the model.
    let defaults = "content/models/hai-phong/_defaults.yaml";
    rewrite(site, defaults, |t| {
        t.replace("Hải Phòng / Hải An", "Hải Phòng / Lê Chân")
    });
    assert!(serve::entry_update(&opts, &last, &[PathBuf::from(defaults)]).is_none());
    let after = full(site);
    let page = "mo-hinh/hai-phong/quan-le-chan/doi-rac-thai-nhua-lay-khau-trang-y-te/index.html";
    assert!(after.files.map.contains_key(page));
    assert!(
        !last
            .last
            .as_ref()
            .expect("last")
            .files
            .map
            .contains_key(page)
    );
}
