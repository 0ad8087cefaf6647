//! The route table: every entry's URL, checked for clashes before anything
//! renders. Two entries on one URL is an error naming both files.

use std::collections::HashMap;
use std::path::Path;

use crate::content::{Award, Model, Page};
use crate::diag::{Diagnostic, Diagnostics};
use crate::l10n::Msg;

/// First URL segments kheo's own pages use; a free page may not take them.
pub const RESERVED: &[&str] = &[
    "mo-hinh",
    "dia-ban",
    "linh-vuc",
    "nam",
    "khen-thuong",
    "thong-ke",
    "tim-kiem",
    "du-lieu",
    "trang",
    "feed.xml",
    "sitemap.xml",
    "robots.txt",
    "404.html",
    "css",
    "js",
    "pagefind",
    "favicon.svg",
];

/// Whether two of `entries` may have one slug, or one none: their slugs'
/// hashes, made and sorted on both cores, have two alike. Only then are
/// they claimed one by one (which finds the clash, names the files, and
/// sees through a collision of hashes): on a national site that loop read
/// 100,000 slugs scattered in memory on one core.
fn may_clash<T: Sync>(entries: &[T], slug: impl Fn(&T) -> &String + Sync) -> bool {
    use rayon::prelude::*;
    use std::hash::{BuildHasher, RandomState};
    if entries.iter().any(|e| slug(e).is_empty()) {
        return true;
    }
    let state = RandomState::new();
    let mut hashes: Vec<u64> = entries
        .par_iter()
        .map(|e| state.hash_one(slug(e)))
        .collect();
    hashes.par_sort_unstable();
    hashes.windows(2).any(|w| w[0] == w[1])
}

/// Which kinds of entries may hold two of one slug (a clash, or entries
/// whose slug is empty): only those need [`super::dedupe_by_slug`].
pub struct Clashes {
    pub awards: bool,
    pub pages: bool,
}

/// Checks the models' URLs ([`Model::url`], their unit's path and their
/// slug): two models on one URL share a title (or a `slug:`) and a unit.
/// Returns whether some models must be left out
/// ([`super::dedupe_models`]).
pub fn check_models(models: &[Model], diags: &mut Diagnostics) -> bool {
    let mut clash = false;
    for m in models {
        // `/mo-hinh/trang/2/` is the listing's second page.
        if m.url == "trang" || m.url.starts_with("trang/") {
            diags.push(
                Diagnostic::error(&m.path, "url-reserved")
                    .arg("value", format!("/mo-hinh/{}/", m.url))
                    .at(1, 1),
            );
        }
    }
    if !models.iter().any(|m| m.slug.is_empty()) && !may_clash(models, |m| &m.url) {
        return false;
    }
    let mut table: HashMap<&str, &Path> = HashMap::new();
    for m in models {
        if m.slug.is_empty() {
            clash = true;
            continue; // already reported
        }
        let path = m.path.as_path();
        if let Some(&other) = table.get(m.url.as_str()) {
            let (first, second) = (other.min(path), other.max(path));
            diags.push(
                Diagnostic::error(second, "url-clash-models")
                    .arg("value", format!("/mo-hinh/{}/", m.url))
                    .arg("other", first.display().to_string())
                    .at(1, 1),
            );
            clash = true;
        } else {
            table.insert(&m.url, path);
        }
    }
    clash
}

/// Checks the entries' `aliases:`: an old path may not be a page of the
/// site (an entry's URL, a listing, kheo's own sections), nor the old
/// path of two entries. Such an alias is an error, and left out.
pub fn check_aliases(
    models: &mut [Model],
    awards: &mut [Award],
    pages: &mut [Page],
    diags: &mut Diagnostics,
) {
    use std::collections::HashSet;
    let taken: HashSet<String> = models
        .iter()
        .map(|m| format!("mo-hinh/{}/", m.url))
        .chain(awards.iter().map(|a| format!("khen-thuong/{}/", a.slug)))
        .chain(pages.iter().map(|p| format!("{}/", p.slug)))
        .collect();
    let mut claimed: HashMap<String, std::path::PathBuf> = HashMap::new();
    let mut keep = |path: &Path, aliases: &mut Vec<String>, diags: &mut Diagnostics| {
        aliases.retain(|a| {
            let mut segs = a.split('/');
            let first = segs.next().unwrap_or("");
            let second = segs.next().unwrap_or("");
            let listing = matches!(first, "mo-hinh" | "khen-thuong")
                && (second.is_empty() || second == "trang");
            let own = RESERVED.contains(&first) && !matches!(first, "mo-hinh" | "khen-thuong");
            let why = if taken.contains(a.as_str()) || listing || own {
                Some(Msg::new("alias-is-page").arg("value", format!("/{a}")))
            } else {
                claimed.get(a).map(|other| {
                    Msg::new("alias-twice")
                        .arg("value", format!("/{a}"))
                        .arg("other", other.display().to_string())
                })
            };
            match why {
                Some(why) => {
                    diags.push(Diagnostic::error(path, why).at(1, 1));
                    false
                }
                None => {
                    claimed.insert(a.clone(), path.to_path_buf());
                    true
                }
            }
        });
    };
    for m in models.iter_mut() {
        keep(&m.path, &mut m.aliases, diags);
    }
    for a in awards.iter_mut() {
        keep(&a.path, &mut a.aliases, diags);
    }
    for p in pages.iter_mut() {
        keep(&p.path, &mut p.aliases, diags);
    }
}

pub fn check(awards: &[Award], pages: &[Page], diags: &mut Diagnostics) -> Clashes {
    // Slugs are a-z, 0-9 and - (anything else is already an error), so
    // the three kinds live under URL prefixes of their own and can only
    // clash within a kind: each is checked on its slugs, without making
    // 100,000 URLs.
    fn claim_all<'a>(
        prefix: &str,
        entries: impl Iterator<Item = (&'a str, &'a Path)>,
        diags: &mut Diagnostics,
    ) -> bool {
        let mut table: HashMap<&str, &Path> = HashMap::new();
        let mut clash = false;
        for (slug, path) in entries {
            if slug.is_empty() {
                clash = true;
                continue; // already reported
            }
            if let Some(&other) = table.get(slug) {
                let (first, second) = (other.min(path), other.max(path));
                diags.push(
                    Diagnostic::error(second, "url-clash")
                        .arg("value", format!("/{prefix}{slug}/"))
                        .arg("other", first.display().to_string())
                        .at(1, 1),
                );
                clash = true;
            } else {
                table.insert(slug, path);
            }
        }
        clash
    }
    let awards = may_clash(awards, |a| &a.slug)
        && claim_all(
            "khen-thuong/",
            awards.iter().map(|a| (a.slug.as_str(), a.path.as_path())),
            diags,
        );
    let mut free = Vec::with_capacity(pages.len());
    for p in pages {
        if RESERVED.contains(&p.slug.as_str()) {
            diags.push(
                Diagnostic::error(&p.path, "page-url-reserved")
                    .arg("value", format!("/{}/", p.slug))
                    .at(1, 1),
            );
        } else {
            free.push((p.slug.as_str(), p.path.as_path()));
        }
    }
    // A reserved slug left out of the table may still be shared.
    let reserved = free.len() < pages.len();
    let pages = claim_all("", free.into_iter(), diags) || reserved;
    Clashes { awards, pages }
}
