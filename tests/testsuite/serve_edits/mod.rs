//! `kheo serve` after an edit of one model: the body alone (its page
//! re-rendered), or fields its cards and listings show (the site's indexes
//! updated in place and only the pages that can show it looked at, see
//! `render/edit.rs`), or what changes the site's shape (a full rebuild).
//! Whatever way an edit takes, the pages served must be, byte for byte,
//! those of a full build of the edited site.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use kheo::serve::{
    self, Last, Session,
    memory::{Body, Files},
};

use crate::common::*;

mod full;
mod moves;
mod shown;

fn options(site: &Path) -> kheo::BuildOptions {
    kheo::BuildOptions {
        dir: site.to_path_buf(),
        base_url: Some("http://127.0.0.1:1/".into()),
        ..kheo::BuildOptions::default()
    }
}

/// A serving session after a full build.
fn session(site: &Path) -> Session {
    Session {
        last: Some(full(site)),
        ..Session::default()
    }
}

/// A full build for serving, as kept after it.
fn full(site: &Path) -> Last {
    let mut built = serve::build(&options(site), &Session::default());
    assert!(
        !built.diags.has_errors(),
        "{}",
        built.diags.report(site, &en())
    );
    Last {
        site: Arc::new(built.site.take().expect("site")),
        files: built.files.take().expect("files"),
        hashes: std::mem::take(&mut built.hashes),
        shape: built.shape,
    }
}

fn assert_same(got: &Last, want: &Last, what: &str) {
    assert_same_files(&got.files, &want.files, |_| true, what);
}

/// Whether a file is open data, which `edit_update` writes after handing
/// out the pages.
fn open_data(path: &str) -> bool {
    path.starts_with("du-lieu/") && !path.ends_with(".html")
}

fn assert_same_files(got: &Files, want: &Files, keep: impl Fn(&str) -> bool, what: &str) {
    let mut paths: Vec<&str> = want.map.keys().map(|p| &**p).filter(|p| keep(p)).collect();
    paths.sort();
    // A redirect at a model's old URL is what `kheo build` leaves too.
    let mut got_paths: Vec<&str> = got.map.keys().map(|p| &**p).collect();
    got_paths.retain(|p| keep(p) && !moves::left_redirect(got, want, p));
    got_paths.sort();
    assert_eq!(got_paths, paths, "{what}: not the same files");
    for p in paths {
        let same = match (&got.map[p], &want.map[p]) {
            (Body::Bytes(a), Body::Bytes(b)) => a == b,
            (Body::File(a), Body::File(b)) => a == b,
            _ => false,
        };
        assert!(same, "{what}: {p} differs from a full build");
    }
}

fn rewrite(site: &Path, rel: &str, f: impl FnOnce(&str) -> String) {
    let p = site.join(rel);
    let text = std::fs::read_to_string(&p).expect("read");
    let new = f(&text);
    assert_ne!(new, text, "the edit of {rel} changed nothing");
    std::fs::write(&p, new).expect("write");
}

/// A new title: a prefix inside the quotes, or before an unquoted title.
fn retitle(text: &str, prefix: &str) -> String {
    let mut out = String::new();
    let mut done = false;
    for line in text.split_inclusive('\n') {
        match line.strip_prefix("title:") {
            Some(rest) if !done => {
                let rest = rest.trim_start();
                let title = match rest.strip_prefix('"') {
                    Some(r) => format!("\"{prefix} {r}"),
                    None => format!("{prefix} {rest}"),
                };
                out.push_str(&format!("title: {title}"));
                done = true;
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// A model's text moved between the fields "kinh-te" and "van-hoa-xa-hoi".
fn other_field(t: &str) -> String {
    if t.contains("field: \"kinh-te\"") {
        t.replace("field: \"kinh-te\"", "field: \"van-hoa-xa-hoi\"")
    } else {
        t.replace("field: \"van-hoa-xa-hoi\"", "field: \"kinh-te\"")
    }
}

/// Takes the edit of `rel` in place if `serve::edit_update` can, else
/// builds afresh into `slot`; returns whether it was in place, and a
/// full build of the site to compare with.
fn in_place_or_full(
    opts: &kheo::BuildOptions,
    slot: &mut Session,
    site: &Path,
    rel: &str,
) -> (bool, Last) {
    let changed = [PathBuf::from(rel)];
    let in_place = serve::edit_update(opts, slot, &changed, &mut |_| {}).is_some();
    let want = full(site);
    if !in_place {
        slot.last = Some(full(site));
    }
    (in_place, want)
}

#[test]
fn random_model_edits_serve_what_a_full_build_writes() {
    let site = crate::incremental::sample_copy();
    let site = site.path();
    // Short pages, so that a model moving in a list shifts others
    // across pages. The models added below have a `slug:`, so that a new
    // title keeps their address (else the edit is a new page).
    rewrite(site, "site.yaml", |t| {
        t.replace("paginate: 12", "paginate: 3")
    });
    let dir = site.join("content/models/them");
    std::fs::create_dir_all(&dir).expect("mkdir");
    for i in 0..24 {
        let (place, field) = match i % 3 {
            0 => ("Hải Phòng / Hải An", "kinh-te"),
            1 => ("Thành phố Hồ Chí Minh / Quận 1", "van-hoa-xa-hoi"),
            _ => ("Tỉnh Lai Châu / Huyện Tam Đường / Xã Bản Bo", "kinh-te"),
        };
        std::fs::write(
            dir.join(format!("m{i}.md")),
            model(
                &format!("Mô hình số {i}"),
                place,
                field,
                2019 + i % 4,
                &format!("slug: them-{i}\n"),
            ),
        )
        .expect("write");
    }
    // Alone in their provinces: their related models come from their
    // field's list.
    for (i, province) in ["Điện Biên", "Sơn La", "Yên Bái", "Cao Bằng"]
        .iter()
        .enumerate()
    {
        std::fs::write(
            dir.join(format!("alone{i}.md")),
            model(
                &format!("Mô hình lẻ {i}"),
                province,
                "kinh-te",
                2021,
                &format!("slug: le-{i}\n"),
            ),
        )
        .expect("write");
    }
    // After the reform: its page lists the models of the commune it came
    // from (the Bản Bo above).
    std::fs::create_dir_all(site.join("content/models/sau")).expect("mkdir");
    std::fs::write(
        site.join("content/models/sau/ban-bo.md"),
        model(
            "Mô hình sau sáp nhập",
            "Tỉnh Lai Châu / Xã Bản Bo",
            "kinh-te",
            2026,
            "date: 2026-03-01\nslug: sau-sap-nhap\n",
        ),
    )
    .expect("write");
    let mut models: Vec<String> = walkdir::WalkDir::new(site.join("content/models"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            e.path()
                .strip_prefix(site)
                .expect("prefix")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    models.sort();
    let opts = options(site);
    let mut slot = session(site);
    let mut seed: u64 = 0x5e7e_0008;
    let mut next = |n: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    let (mut quick, mut in_place, mut whole, mut moved) = (0, 0, 0, 0);
    let (mut came, mut went) = (0, 0);
    for step in 0..40 {
        let mut rel = models[usize::try_from(next(models.len() as u64)).expect("index")].clone();
        let mine = rel.starts_with("content/models/them/");
        // Models no later edit below names: those added here, and the
        // last of the 24.
        let spare = rel
            .strip_prefix("content/models/them/")
            .is_some_and(|f| f.starts_with("moi-") || f > "m13" && f.starts_with("m1"));
        let what = match next(9) {
            7 => {
                // A new model in one of the three places (a listing page
                // more or less now and then: three to a page).
                rel = format!("content/models/them/moi-{step}.md");
                let place = [
                    "Hải Phòng / Hải An",
                    "Thành phố Hồ Chí Minh / Quận 1",
                    "Tỉnh Lai Châu / Huyện Tam Đường / Xã Bản Bo",
                ][step % 3];
                let field = ["kinh-te", "van-hoa-xa-hoi"][step % 2];
                let text = model(
                    &format!("Mô hình mới {step}"),
                    place,
                    field,
                    2019 + (step as i32) % 4,
                    &format!("slug: moi-{step}\n"),
                );
                std::fs::write(site.join(&rel), text).expect("write");
                models.push(rel.clone());
                "add"
            }
            8 if spare => {
                std::fs::remove_file(site.join(&rel)).expect("rm");
                models.retain(|m| *m != rel);
                "remove"
            }
            0 => {
                rewrite(site, &rel, |t| format!("{t}\nBước {step}.\n"));
                "body"
            }
            1 | 2 => {
                rewrite(site, &rel, |t| retitle(t, &format!("B{step}")));
                "title"
            }
            3 if mine => {
                let shift = 1 + next(7);
                rewrite(site, &rel, |t| {
                    t.lines()
                        .map(|l| match l.strip_prefix("year: ") {
                            Some(y) => {
                                let y: u64 = y.trim().parse().expect("year");
                                format!("year: {}", 2016 + (y - 2016 + shift) % 8)
                            }
                            None => l.to_string(),
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                        + "\n"
                });
                "year"
            }
            4 if mine => {
                rewrite(site, &rel, |t| {
                    if t.contains("featured: true\n") {
                        t.replace("featured: true\n", "")
                    } else {
                        t.replacen("---\n", "---\nfeatured: true\n", 1)
                    }
                });
                "featured"
            }
            5 if mine => {
                rewrite(site, &rel, other_field);
                "field"
            }
            6 if mine && !rel.contains("/alone") => {
                // To another locality that other models write the same
                // way: moved in place between the two nodes.
                const PLACES: [&str; 3] = [
                    "Hải Phòng / Hải An",
                    "Thành phố Hồ Chí Minh / Quận 1",
                    "Tỉnh Lai Châu / Huyện Tam Đường / Xã Bản Bo",
                ];
                let to = 1 + next(2) as usize;
                rewrite(site, &rel, |t| {
                    let at = PLACES
                        .iter()
                        .position(|p| t.contains(&format!("locality: \"{p}\"")))
                        .expect("one of the places");
                    t.replace(PLACES[at], PLACES[(at + to) % PLACES.len()])
                });
                "locality"
            }
            _ if mine => {
                let line = format!("summary: \"Tóm tắt {step}.\"");
                rewrite(site, &rel, |t| {
                    if t.contains("summary:") {
                        t.lines()
                            .map(|l| {
                                if l.starts_with("summary:") {
                                    line.clone()
                                } else {
                                    l.to_string()
                                }
                            })
                            .collect::<Vec<_>>()
                            .join("\n")
                            + "\n"
                    } else {
                        t.replacen("---\n", &format!("---\n{line}\n"), 1)
                    }
                });
                "summary"
            }
            _ => {
                rewrite(site, &rel, |t| retitle(t, &format!("C{step}")));
                "title"
            }
        };
        let changed = [PathBuf::from(&rel)];
        let way = if serve::quick_update(&opts, &mut slot, &changed).is_some() {
            quick += 1;
            "its page"
        } else if let Some(pages) = {
            let mut pages = None;
            serve::edit_update(&opts, &mut slot, &changed, &mut |p| pages = Some(p)).and(pages)
        } {
            // The pages handed out before the open data is written: all
            // but the open data as a full build has them.
            let want = full(site);
            // The indexes, updated in place, as indexing the edited site
            // makes them.
            let (got, fresh) = (&slot.last.as_ref().expect("last").site, &want.site);
            // Node numbers follow the order models were placed in: compare
            // nodes by path.
            let by_path = |s: &kheo::site::Site| {
                (0..s.tree.nodes.len())
                    .map(|n| (s.tree.nodes[n].path.clone(), s.node_models[n].clone()))
                    .collect::<std::collections::BTreeMap<_, _>>()
            };
            assert_eq!(by_path(got), by_path(fresh), "step {step}: node lists");
            assert_eq!(
                got.field_models, fresh.field_models,
                "step {step}: field lists"
            );
            assert_eq!(
                got.year_models, fresh.year_models,
                "step {step}: year lists"
            );
            assert_eq!(
                got.model_awards, fresh.model_awards,
                "step {step}: model awards"
            );
            assert_eq!(
                got.award_models, fresh.award_models,
                "step {step}: award models"
            );
            assert_eq!(got.model_by_url, fresh.model_by_url, "step {step}: URLs");
            assert_eq!(got.ref_model, fresh.ref_model, "step {step}: references");
            let node_paths = |s: &kheo::site::Site| {
                s.model_node
                    .iter()
                    .map(|&n| s.tree.nodes[n].path.clone())
                    .collect::<Vec<_>>()
            };
            assert_eq!(node_paths(got), node_paths(fresh), "step {step}: nodes");
            assert_same_files(
                &pages,
                &want.files,
                |p| !open_data(p),
                &format!("step {step}: pages"),
            );
            in_place += 1;
            "in place"
        } else {
            whole += 1;
            slot.last = Some(full(site));
            "full"
        };
        match (what, way) {
            ("locality", "in place") => moved += 1,
            ("add", "in place") => came += 1,
            ("remove", "in place") => went += 1,
            _ => {}
        }
        let label = format!("step {step}: {what} of {rel} ({way})");
        assert_same(slot.last.as_ref().expect("last"), &full(site), &label);
    }
    // Titles of the models of Bản Bo before the reform, which the page of
    // Bản Bo after it lists: that page must follow.
    for i in [2, 5, 8, 11] {
        let rel = format!("content/models/them/m{i}.md");
        rewrite(site, &rel, |t| retitle(t, "Trước"));
        assert!(
            serve::edit_update(&opts, &mut slot, &[PathBuf::from(&rel)], &mut |_| {}).is_some(),
            "{rel}: not updated in place"
        );
        assert_same(
            slot.last.as_ref().expect("last"),
            &full(site),
            &format!("title of {rel}, shown after the reform"),
        );
    }
    // Moves to another locality, one model after another: in place when
    // no listing gains or loses a page (else a full build), the page at
    // its new unit's URL and a redirect at the old one, and always what a
    // full build writes.
    let mut moved_in_place = 0;
    for (i, from, to) in [
        (0, "Hải Phòng / Hải An", "Thành phố Hồ Chí Minh / Quận 1"),
        (
            1,
            "Thành phố Hồ Chí Minh / Quận 1",
            "Tỉnh Lai Châu / Huyện Tam Đường / Xã Bản Bo",
        ),
        (
            3,
            "Hải Phòng / Hải An",
            "Tỉnh Lai Châu / Huyện Tam Đường / Xã Bản Bo",
        ),
        (
            5,
            "Tỉnh Lai Châu / Huyện Tam Đường / Xã Bản Bo",
            "Hải Phòng / Hải An",
        ),
        (6, "Hải Phòng / Hải An", "Thành phố Hồ Chí Minh / Quận 1"),
        (7, "Thành phố Hồ Chí Minh / Quận 1", "Hải Phòng / Hải An"),
    ] {
        let rel = format!("content/models/them/m{i}.md");
        let text = std::fs::read_to_string(site.join(&rel)).expect("read");
        if !text.contains(&format!("locality: \"{from}\"")) {
            continue; // moved by the random edits above
        }
        rewrite(site, &rel, |t| t.replace(from, to));
        let (in_place, want) = in_place_or_full(&opts, &mut slot, site, &rel);
        moved_in_place += usize::from(in_place);
        assert_same(
            slot.last.as_ref().expect("last"),
            &want,
            &format!("{rel} moved from {from} to {to}"),
        );
    }
    assert!(moved_in_place > 0, "no move to another unit was in place");

    // Moves to another field, one model after another: in place when no
    // listing gains or loses a page, and the field lists as indexing
    // makes them.
    let mut fields_in_place = 0;
    for i in [0, 2, 4, 6, 8, 10, 12] {
        let rel = format!("content/models/them/m{i}.md");
        rewrite(site, &rel, other_field);
        let (in_place, want) = in_place_or_full(&opts, &mut slot, site, &rel);
        let got = slot.last.as_ref().expect("last");
        if in_place {
            fields_in_place += 1;
            assert_eq!(
                got.site.field_models, want.site.field_models,
                "{rel}: field lists"
            );
        }
        assert_same(got, &want, &format!("{rel} moved to another field"));
    }
    assert!(fields_in_place > 0, "no move to another field was in place");

    // Saved the way `sed -i` and many editors save: a temporary file,
    // renamed onto the entry. The server hears of both; only the entry
    // matters, so the edit still takes the short way.
    let rel = "content/models/them/m4.md";
    let temp = "content/models/them/sedAbC123";
    let text = retitle(
        &std::fs::read_to_string(site.join(rel)).expect("read"),
        "Lưu",
    );
    std::fs::write(site.join(temp), text).expect("write");
    std::fs::rename(site.join(temp), site.join(rel)).expect("rename");
    let heard = [PathBuf::from(temp), PathBuf::from(rel)];
    let changed = serve::that_matter(&opts, slot.last.as_ref().expect("last"), &heard);
    assert_eq!(changed, [PathBuf::from(rel)]);
    assert!(serve::edit_update(&opts, &mut slot, &changed, &mut |_| {}).is_some());
    assert_same(
        slot.last.as_ref().expect("last"),
        &full(site),
        "an edit saved by renaming",
    );
    assert!(
        quick > 2 && in_place > 10 && whole > 0 && came > 0 && went > 0,
        "ways taken: {quick} page, {in_place} in place ({moved} moved to another locality, \
         {came} added, {went} removed), {whole} full"
    );
}
