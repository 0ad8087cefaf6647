//! What a rebuild rewrites beyond the edited pages: a page deleted from
//! the output by hand (with `--recheck`), never a linked copy of the
//! output, and listing pages that shift when a model moves.

use super::*;

#[test]
fn recheck_rewrites_a_page_deleted_from_the_output_by_hand() {
    // A body-edit rebuild trusts the output's manifest for the pages it
    // keeps (see `Staging::keep_as_was`); `--recheck` checks every file.
    let (site, _out_dir, out) = built_large_site();
    let site = site.path();
    let gone = out.join("mo-hinh/hai-phong/quan-hai-an/mo-hinh-so-3/index.html");
    let before = std::fs::read(&gone).expect("page");
    std::fs::remove_file(&gone).expect("rm");
    edit(site, "content/models/them/m7.md", |t| t + "\nMột câu.\n");
    assert!(build(site, &out, false).stats.bodies_only);
    let r = build(site, &out, true);
    assert!(r.ok(), "{}", r.diags.report(site, &en()));
    assert_eq!(std::fs::read(&gone).expect("page back"), before);
    rebuild_matches_fresh(site, &out, "a page deleted by hand, then --recheck");
}

/// A page replaced by a rebuild is a new file: a hard-linked copy of the
/// output stays as it was, and the output is still what a fresh build
/// writes.
#[test]
fn rebuilds_never_write_into_a_linked_copy_of_the_output() {
    let site = sample_copy();
    let site = site.path();
    let out = site.join("public");
    build(site, &out, false);
    let page = out.join("mo-hinh/ha-noi/bo-tu-lenh-thu-do-ba-cung/index.html");
    let copy = site.join("kept-copy.html");
    std::fs::hard_link(&page, &copy).expect("hard link");
    let before = std::fs::read(&copy).expect("read");
    let rel = "content/models/ha-noi/bo-tu-lenh-thu-do-ba-cung.md";
    for i in 0..3 {
        edit(site, rel, |t| format!("{t}\nLần sửa thứ {i}.\n"));
        build(site, &out, false);
        let html = std::fs::read_to_string(&page).expect("page");
        assert!(
            html.contains(&format!("Lần sửa thứ {i}.")),
            "edit {i} missing"
        );
        assert_eq!(
            std::fs::read(&copy).expect("read"),
            before,
            "a hard-linked copy of the output changed"
        );
    }
    rebuild_matches_fresh(site, &out, "after rebuilds beside a linked copy");
}

/// A model added at the top of a field shifts every page of its listing
/// by one card: the pages come out as a fresh build writes them, nothing
/// of a page changed by hand survives, and a new card template reaches
/// every listing.
#[test]
fn shifted_listing_pages_come_out_as_a_fresh_build_writes_them() {
    let (site, _out_dir, out) = built_large_site();
    let site = site.path();

    // A card on the third page of the field, changed by hand (same length).
    let third = out.join("linh-vuc/kinh-te/trang/3/index.html");
    let page = std::fs::read_to_string(&third).expect("third page");
    let tenth = page
        .match_indices("<article class=\"card model-card")
        .nth(9)
        .expect("ten cards")
        .0;
    let at = tenth
        + page[tenth..]
            .find("Mô hình số ")
            .expect("a generated model");
    let mut changed = page.clone();
    changed.replace_range(at..at + "Mô hình số ".len(), "Mô hình SỐ ");
    assert_eq!(changed.len(), page.len());
    std::fs::write(&third, &changed).expect("write");

    // A page that cannot show the new model: no count of the site's is
    // on every page, so it is not written again.
    let elsewhere = out.join("mo-hinh/ha-noi/cong-an-ha-noi-dan-van-kheo/index.html");
    let stamp = |p: &Path| {
        std::fs::metadata(p)
            .and_then(|m| m.modified())
            .expect("stamp")
    };
    let before = stamp(&elsewhere);
    std::fs::write(
        site.join("content/models/them/moi-nhat.md"),
        model(
            "Mô hình mới nhất",
            "Hải Phòng / Hải An",
            "kinh-te",
            2024,
            "",
        ),
    )
    .expect("write");
    age(&site.join("content/models/them/moi-nhat.md"));
    let r = build(site, &out, false);
    let first = texts(
        &scraper::Html::parse_document(
            &std::fs::read_to_string(out.join("linh-vuc/kinh-te/index.html")).expect("page 1"),
        ),
        ".model-card h2",
    );
    assert!(first.iter().any(|t| t == "Mô hình mới nhất"), "{first:?}");
    assert_eq!(
        stamp(&elsewhere),
        before,
        "a page that cannot show it was written"
    );
    let pages = std::fs::read_dir(out.join("linh-vuc/kinh-te/trang"))
        .expect("pages")
        .count();
    assert!(pages > 20, "{pages} pages");
    assert!(r.stats.pages > 0);
    let rebuilt = std::fs::read_to_string(&third).expect("third page");
    assert!(
        !rebuilt.contains("Mô hình SỐ "),
        "a card from a changed file"
    );
    std::fs::remove_file(site.join("content/models/them/moi-nhat.md")).expect("rm");
    rebuild_matches_fresh(site, &out, "a model added, then removed");

    // Another card template: no card of the last pages is its.
    std::fs::create_dir_all(site.join("templates")).expect("mkdir");
    std::fs::write(
        site.join("templates/my-components.html"),
        "{% component model_card(m: map, hl: integer = 3, @t) -%}<article class=\"card model-card\"><h{{ hl }} class=\"mine\">{{ m.title }}</h{{ hl }}></article>{%- endcomponent model_card %}",
    )
    .expect("write");
    build(site, &out, false);
    let listing = scraper::Html::parse_document(
        &std::fs::read_to_string(out.join("linh-vuc/kinh-te/trang/2/index.html")).expect("page 2"),
    );
    assert_eq!(texts(&listing, "h2.mine").len(), 12);
    edit(site, "content/models/them/m7.md", |t| {
        t.replace("year: 2022", "year: 2024")
    });
    build(site, &out, false);
    rebuild_matches_fresh(site, &out, "a model moved to the top, with the site's card");
}
