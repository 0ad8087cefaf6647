//! A title edit of a model without `slug:` (as a national corpus is
//! written) gives its page another URL. `kheo serve` takes it the
//! one-model way, as `kheo build` does: the pages that can show the model,
//! a redirect at the old URL (so a browser showing it follows), the
//! sitemap again; and a full rebuild when the new URL or the awards'
//! references need one.

use std::collections::HashSet;
use std::path::PathBuf;

use kheo::serve::live::Reload;

use super::*;

const REL: &str = "content/models/hoa-binh/to-lien-gia-an-toan-phong-chay-chua-chay.md";
const OLD: &str = "mo-hinh/hoa-binh/hoa-binh/to-lien-gia-an-toan-phong-chay-chua-chay/index.html";

/// A served file's text (empty when it is not there or not in memory).
pub(super) fn text(files: &Files, path: &str) -> String {
    match files.get(path) {
        Some(Body::Bytes(b)) => String::from_utf8_lossy(b).into_owned(),
        _ => String::new(),
    }
}

/// Whether `path`, a file `got` has and `want` (a full build) has not, is
/// the redirect an edit left at a model's old URL, to a page `want` has.
pub(super) fn left_redirect(got: &Files, want: &Files, path: &str) -> bool {
    let page = text(got, path);
    let target = page
        .split_once("http-equiv=\"refresh\" content=\"0; url=")
        .and_then(|(_, rest)| rest.split_once('"'))
        .and_then(|(url, _)| url.split_once("://"))
        .and_then(|(_, rest)| rest.split_once('/'))
        .map(|(_, path)| format!("{path}index.html"));
    !want.map.contains_key(path) && target.is_some_and(|t| want.map.contains_key(t.as_str()))
}

#[test]
fn a_title_edit_moves_the_page_in_place_and_the_browser_follows() {
    let site = crate::incremental::sample_copy();
    let site = site.path();
    let opts = options(site);
    let mut slot = session(site);
    assert!(text(&slot.last.as_ref().expect("last").files, OLD).contains("Tổ liên gia"));
    rewrite(site, REL, |t| retitle(t, "Đổi tên"));
    let new = OLD.replace("/to-lien-gia", "/doi-ten-to-lien-gia");
    // A browser shows the model's page: it is reloaded first, and finds
    // the redirect to the new page there.
    let shown: HashSet<String> = [OLD.to_string()].into();
    let mut published: Vec<(Arc<Files>, bool)> = Vec::new();
    let done = serve::edit_update_shown(
        &opts,
        &mut slot,
        &[PathBuf::from(REL)],
        &shown,
        &mut |_, _| {},
        &mut |files, reload| {
            let reloads_it = match reload {
                Reload::All => true,
                Reload::AllBut(later) => !later.contains(OLD),
                Reload::Only(now) => now.contains(OLD),
            };
            published.push((files, reloads_it));
        },
    );
    assert!(done.is_some(), "the title edit took the full way");
    assert_eq!(published.len(), 2, "the moved page did not come first");
    let (first, reloads_it) = &published[0];
    assert!(
        reloads_it,
        "the browser on the old page was not reloaded first"
    );
    let redirect = text(first, OLD);
    assert!(
        redirect.contains("http-equiv=\"refresh\"")
            && redirect.contains("/doi-ten-to-lien-gia-an-toan-phong-chay-chua-chay/\""),
        "{redirect}"
    );
    assert!(text(first, &new).contains("Đổi tên Tổ liên gia"));
    // At the end: what a full build of the edited site serves, and the
    // redirect; the sitemap names the new URL, not the old.
    let want = full(site);
    let got = slot.last.as_ref().expect("last");
    assert_same(got, &want, "after a title edit that moved the page");
    assert!(left_redirect(&got.files, &want.files, OLD));
    let sitemap = text(&got.files, "sitemap.xml");
    assert!(sitemap.contains("/doi-ten-to-lien-gia-an-toan-phong-chay-chua-chay/</loc>"));
    assert!(!sitemap.contains("/to-lien-gia-an-toan-phong-chay-chua-chay/</loc>"));

    // Back to the old title: the page takes its URL again, not the
    // redirect's body.
    rewrite(site, REL, |t| t.replace("Đổi tên ", ""));
    assert!(serve::edit_update(&opts, &mut slot, &[PathBuf::from(REL)], &mut |_| {}).is_some());
    let got = slot.last.as_ref().expect("last");
    assert!(text(&got.files, OLD).contains("Tổ liên gia"));
    assert_same(got, &full(site), "after the old title came back");
}

#[test]
fn a_new_url_a_full_indexing_would_refuse_takes_the_full_way() {
    let site = crate::incremental::sample_copy();
    let site = site.path();
    let opts = options(site);
    // The URL of another model of the same unit (`slug:
    // hoc-bong-1000-dong`): an error only a full build reports.
    let mut slot = session(site);
    rewrite(site, REL, |t| {
        t.replace(
            "title: Tổ liên gia an toàn phòng cháy chữa cháy",
            "title: Học bổng 1000 đồng",
        )
    });
    let changed = [PathBuf::from(REL)];
    assert!(serve::edit_update(&opts, &mut slot, &changed, &mut |_| {}).is_none());
    assert!(slot.last.is_some(), "refused before anything changed");

    // An award naming the model by its URL: the new URL leaves the
    // reference naming nothing, which a full build reports.
    let site2 = crate::incremental::sample_copy();
    let site2 = site2.path();
    std::fs::write(
        site2.join("content/awards/to-lien-gia.md"),
        "---\ntitle: Giấy khen tổ liên gia\nkind: giay-khen\nlevel: huyen\n\
         issuer: UBND thành phố Hòa Bình\nyear: 2022\n\
         models: [/mo-hinh/hoa-binh/hoa-binh/to-lien-gia-an-toan-phong-chay-chua-chay/]\n---\n",
    )
    .expect("write");
    let opts = options(site2);
    let mut slot = session(site2);
    rewrite(site2, REL, |t| retitle(t, "Đổi tên"));
    assert!(serve::edit_update(&opts, &mut slot, &changed, &mut |_| {}).is_none());
    let built = serve::build(&opts, &Session::default());
    assert!(
        built
            .diags
            .sorted()
            .iter()
            .any(|d| d.is_error() && d.path.ends_with("content/awards/to-lien-gia.md")),
        "{}",
        built.diags.report(site2, &en())
    );
}
