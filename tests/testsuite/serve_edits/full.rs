//! Edits `kheo serve` must not take a short way with: a change of the
//! site's language (every kept card) and entries under a folder's
//! `_defaults.yaml` (read with their defaults by a full rebuild only).

use std::path::PathBuf;

use super::moves::text;
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
    assert!(serve::entry_update(&opts, &last, &changed, None).is_none());
    let mut slot = session(site);
    assert!(serve::edit_update(&opts, &mut slot, &changed, &mut |_| {}).is_none());
    // An edit of the defaults: a full rebuild, which moves the model.
    let defaults = "content/models/hai-phong/_defaults.yaml";
    rewrite(site, defaults, |t| {
        t.replace("Hải Phòng / Hải An", "Hải Phòng / Lê Chân")
    });
    assert!(serve::entry_update(&opts, &last, &[PathBuf::from(defaults)], None).is_none());
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

/// A model added: its page and the listings are handed out before the
/// open data is written (the reload does not wait for it); until then the
/// last build's open data is served, and at the end the new record is in.
#[test]
fn a_model_added_is_served_before_its_open_data() {
    let site = crate::incremental::sample_copy();
    let site = site.path();
    let opts = options(site);
    let last = session(site);
    let rel = "content/models/ho-chi-minh/mo-hinh-moi-them.md";
    std::fs::write(
        site.join(rel),
        model(
            "Mô hình mới thêm",
            "Thành phố Hồ Chí Minh / Quận 1",
            "kinh-te",
            2024,
            "",
        ),
    )
    .expect("write");
    let page = "mo-hinh/ho-chi-minh/quan-1/mo-hinh-moi-them/index.html";
    let csv = "du-lieu/mo-hinh/ho-chi-minh.csv";
    let handed = std::cell::RefCell::new(Vec::new());
    let early = |files: Arc<Files>, _: &kheo::site::Site| handed.borrow_mut().push(files);
    let built = serve::entry_update(&opts, &last, &[PathBuf::from(rel)], Some(&early))
        .expect("an entry edit");
    let handed = handed.into_inner();
    assert!(
        built.early && handed.len() == 1,
        "handed out {} times",
        handed.len()
    );
    let first = &handed[0];
    assert!(text(first, page).contains("Mô hình mới thêm"));
    assert!(text(first, "linh-vuc/kinh-te/index.html").contains("Mô hình mới thêm"));
    let before = text(&last.last.as_ref().expect("last").files, csv);
    assert!(
        !before.is_empty() && text(first, csv) == before,
        "no open data, or the new one"
    );
    let files = built.files.expect("files");
    assert!(text(&files, csv).contains("Mô hình mới thêm"));
    assert_same_files(&files, &full(site).files, |_| true, "a model added");
}
