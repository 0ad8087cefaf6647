//! Which entries may link to a file the last build wrote and this one does
//! not (a model removed, the last page of a list): after such a build,
//! only they and the entries read anew need their links checked again,
//! since any other link resolves as it did.
//!
//! Entries' links are not kept between builds, so each entry's file is
//! read again, but only searched for the names of the files gone, never
//! decoded nor parsed. The search may take an entry that does not link to
//! a file gone (it is then checked for nothing); it must never miss one
//! that does. How a link reaches a file ([`super::links::site_path`]): an
//! absolute link names it whole; a relative one joins the entry's page
//! with what is written, where `.`, empty segments and `..` may stand
//! between two names, and the last names may come from the page itself
//! (`../`, `./`); entities, backslash escapes and percent-encoding may
//! spell a name with other characters.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use memchr::memmem::Finder;
use rayon::prelude::*;

use super::Entry;

/// Past this many files gone (a theme or a list reshaped), searching for
/// each name costs about what checking every entry does.
const MOST_NAMES: usize = 32;

/// A file gone, as a link reaches it: `mo-hinh/x/index.html` as
/// `mo-hinh/x` (see [`super::links::Urls::exists`]).
struct Gone {
    /// The folder or file a link names, without a trailing slash.
    target: String,
    /// Its last name (`x`), found anywhere in a text.
    name: Finder<'static>,
    /// Where that name sits after the one before it, when the target has
    /// two names or more: written after it (`hinh/x`), or after `./`,
    /// `../` or an empty segment (`//x`), which leave the one before it
    /// to the page's own path.
    after: Vec<Finder<'static>>,
    /// The folder the target is in (`mo-hinh`), empty at the root.
    parent: String,
}

impl Gone {
    /// `None` for a name a byte search of the file cannot find for sure:
    /// an entry's text is normalised (NFC) before it is parsed, and NFC
    /// turns three non-ASCII characters into `K`, `;` and `` ` ``.
    fn of(path: &str) -> Option<Gone> {
        let target = path
            .strip_suffix("/index.html")
            .unwrap_or(path)
            .trim_end_matches('/');
        let sure = |s: &str| s.bytes().all(|b| b.is_ascii() && !b"K;`".contains(&b));
        if target.is_empty() || !sure(target) {
            return None;
        }
        let (parent, name) = target.rsplit_once('/').unwrap_or(("", target));
        let finder = |s: String| Finder::new(s.as_bytes()).into_owned();
        let after = match parent.rsplit('/').next() {
            Some(before) if !parent.is_empty() => vec![
                finder(format!("{before}/{name}")),
                finder(format!("./{name}")),
                finder(format!("//{name}")),
            ],
            _ => Vec::new(),
        };
        Some(Gone {
            target: target.to_string(),
            name: finder(name.to_string()),
            after,
            parent: parent.to_string(),
        })
    }

    /// Whether a link of an entry with page `page` and file text `text`
    /// may reach this target.
    fn reachable(&self, page: &[&str], text: &[u8]) -> bool {
        // The page itself or a folder above it: `./`, `../`.
        if page.contains(&self.target.as_str()) {
            return true;
        }
        if self.name.find(text).is_none() {
            return false;
        }
        // The name may follow nothing but `./`, `../` or the start of the
        // link, the folder before it being the page's own.
        if self.after.is_empty() || page.contains(&self.parent.as_str()) {
            return true;
        }
        self.after.iter().any(|f| f.find(text).is_some())
    }
}

/// Whether `text` spells something in a way its bytes do not show: a
/// backslash escape, an HTML entity, a percent-encoded byte.
fn encoded(text: &[u8]) -> bool {
    memchr::memchr3_iter(b'\\', b'&', b'%', text).any(|i| {
        let next = |k: usize| text.get(i + k).copied().unwrap_or(b' ');
        match text[i] {
            b'\\' => true,
            b'&' => !next(1).is_ascii_whitespace(),
            _ => next(1).is_ascii_hexdigit() && next(2).is_ascii_hexdigit(),
        }
    })
}

/// The site path `page` (`mo-hinh/a/b/`) and each folder above it, but
/// the root: what a relative link may name without writing it.
fn folders(page: &str) -> Vec<&str> {
    let page = page.trim_end_matches('/');
    let mut out: Vec<&str> = page.match_indices('/').map(|(i, _)| &page[..i]).collect();
    if !page.is_empty() {
        out.push(page);
    }
    out
}

/// What [`super::run`] looks at after a build that no longer makes the
/// files `gone` (site paths) of the last one: the entries that may link to
/// one of them, or `None` when every entry must be checked (too many
/// files gone, or a name the search cannot be sure of). `skip`: entries
/// checked anyway (read anew), not searched.
pub(super) fn entries_linking(
    entries: &[Entry],
    gone: &[&str],
    skip: &HashSet<PathBuf>,
) -> Option<(HashSet<PathBuf>, usize)> {
    if gone.len() > MOST_NAMES {
        return None;
    }
    let gone: Vec<Gone> = gone.iter().map(|p| Gone::of(p)).collect::<Option<_>>()?;
    let targets: HashSet<&str> = gone.iter().map(|g| g.target.as_str()).collect();
    let searched: Vec<&Entry> = entries
        .iter()
        .filter(|e| !skip.contains(&*e.path))
        .collect();
    let found = searched
        .par_iter()
        .filter(|e| may_link(e, &gone, &targets))
        .map(|e| e.path.to_path_buf())
        .collect();
    Some((found, searched.len()))
}

fn may_link(e: &Entry, gone: &[Gone], targets: &HashSet<&str>) -> bool {
    if e.site_images
        .iter()
        .any(|i| targets.contains(i.trim_end_matches('/')))
    {
        return true;
    }
    // An entry that no longer reads was reported by the loaders; the lint
    // checks it for nothing, as a full one would.
    let Ok(text) = std::fs::read(Path::new(&*e.path)) else {
        return true;
    };
    let page = folders(&e.page);
    encoded(&text) || gone.iter().any(|g| g.reachable(&page, &text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::links::{Urls, site_path};
    use std::collections::BTreeSet;

    /// Whether the search keeps an entry at `page` whose text is `text`.
    fn kept(gone: &str, page: &str, text: &str) -> bool {
        let g = Gone::of(gone).expect("a sure name");
        encoded(text.as_bytes()) || g.reachable(&folders(page), text.as_bytes())
    }

    #[test]
    fn every_way_to_write_a_link_to_a_file_gone_is_kept() {
        let base = "https://dvk.example.org/";
        let gone = "mo-hinh/ha-noi/x/index.html";
        let outputs = BTreeSet::from([gone.to_string()]);
        let urls = Urls {
            outputs: &outputs,
            base_url: base,
        };
        for (page, dest) in [
            ("mo-hinh/ha-noi/a/", "/mo-hinh/ha-noi/x/"),
            (
                "mo-hinh/ha-noi/a/",
                "https://dvk.example.org/mo-hinh/ha-noi/x/",
            ),
            ("mo-hinh/ha-noi/a/", "../x/"),
            ("mo-hinh/ha-noi/a/", "../x"),
            ("mo-hinh/ha-noi/a/", ".././x/index.html"),
            ("mo-hinh/hue/a/", "../../ha-noi/x/#ket-qua"),
            ("mo-hinh/hue/a/", "../../ha-noi//x/"),
            ("mo-hinh/hue/a/", "../../ha-noi/./x/"),
            ("mo-hinh/hue/a/", "../../ha-noi/b/../x/"),
            ("gioi-thieu/", "../mo-hinh/ha-noi/x/"),
            ("mo-hinh/ha-noi/x/b/", "../"),
            ("mo-hinh/ha-noi/x/b/", "./.."),
            ("mo-hinh/ha-noi/x/", "./"),
            ("mo-hinh/ha-noi/", "x"),
            ("", "mo-hinh/ha-noi/x/"),
            ("mo-hinh/ha-noi/a/", "/mo-hinh/ha-noi/%78/"),
        ] {
            let target = site_path(dest, page, base)
                .expect("a site link")
                .expect("in");
            assert!(urls.exists(&target), "{dest} does not reach {gone}");
            let text = format!("---\ntitle: A\n---\nXem [đây]({dest}).\n");
            assert!(kept(gone, page, &text), "{page} {dest}");
        }
        // Spelled with an entity or a backslash escape.
        for text in ["[a](/mo-hinh/ha-noi/&#120;/)", "[a](/mo-hinh/ha-noi/\\x/)"] {
            assert!(kept(gone, "gioi-thieu/", text), "{text}");
        }
    }

    #[test]
    fn an_entry_without_the_name_is_not_kept() {
        let gone = "mo-hinh/trang/3/index.html";
        let text = "Tăng 30%, 3 tổ, [năm](/nam/2023/), A & B, [x](../y/).";
        assert!(!kept(gone, "mo-hinh/ha-noi/a/", text));
        // The name alone, not after its folder nor after a `./`.
        assert!(!kept(gone, "mo-hinh/ha-noi/a/", "[x](/nam/3/)"));
        assert!(kept(gone, "mo-hinh/ha-noi/a/", "[x](/mo-hinh/trang/3/)"));
        assert!(kept(gone, "mo-hinh/ha-noi/a/", "[x](../../trang/./3/)"));
        // From a page in the folder: the name written alone.
        assert!(kept(gone, "mo-hinh/trang/", "[x](3/)"));
    }

    #[test]
    fn names_nfc_may_make_are_not_searched() {
        assert!(Gone::of("anh/K.jpg").is_none());
        assert!(Gone::of("anh/ảnh.jpg").is_none());
        assert!(Gone::of("anh/a.jpg").is_some());
    }
}
