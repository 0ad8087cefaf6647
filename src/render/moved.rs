//! Models that moved since the last build of an output: a title, locality
//! or slug edited gives a model another URL, and links to the old one would
//! break. Each build records every model file's URL in the output
//! (`.kheo-urls`, one line per model: its file, its URL, the old URLs still
//! redirected); the next build of that output finds the models whose URL
//! changed, writes a redirect at each old one that no page or alias covers,
//! and warns with the `aliases:` line that keeps it after a fresh build.
//! The record is read as hostile input: a line that is not a model page's
//! path under `mo-hinh/` is ignored.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::content::common::alias_path;
use crate::diag::{Diagnostic, Diagnostics};
use crate::render::{Sink, aliases};
use crate::site::Site;

/// The record's name in the output folder.
pub const RECORD: &str = ".kheo-urls";

/// A record larger than this is not read (a national site's is ~10 MB).
const MAX_RECORD: u64 = 256 * 1024 * 1024;

/// A model page's site path from the record, or `None` if it is not one.
fn page_path(s: &str) -> Option<String> {
    let p = alias_path(s)?;
    (p.starts_with("mo-hinh/") && p != "mo-hinh/" && !p.starts_with("mo-hinh/trang/")).then_some(p)
}

/// The last record of `out`, as text (empty when there is none or it is
/// too large).
fn read(out: &Path) -> String {
    let path = out.join(RECORD);
    let fits = std::fs::metadata(&path).is_ok_and(|m| m.is_file() && m.len() <= MAX_RECORD);
    fits.then(|| std::fs::read_to_string(&path).ok())
        .flatten()
        .unwrap_or_default()
}

/// The lines of a record: model file → the rest of its line (its URL
/// then, and the old URLs it still redirected, unchecked). Slices of the
/// text: a national site's record has 100,000 lines, and most of them
/// are only compared with the line this build writes.
fn lines(text: &str) -> HashMap<&str, &str, ahash::RandomState> {
    text.lines().filter_map(|l| l.split_once('\t')).collect()
}

/// Writes the redirects of models that moved since the last build of
/// `out`, warns about each, and writes the record of this build; returns
/// how many files it wrote.
pub fn redirect(
    site: &Site,
    dir: &Path,
    out: &Path,
    urls: &crate::render::cards::Urls,
    sink: &dyn Sink,
    diags: &mut Diagnostics,
) -> usize {
    let text = read(out);
    let last = lines(&text);
    let mut files = 1;
    // Every alias: a redirect never hides one (nor a model's page, see
    // `taken`). Made only when some model moved.
    let aliases: std::cell::OnceCell<HashSet<&str>> = std::cell::OnceCell::new();
    let taken = |o: &str| {
        let url = o
            .strip_prefix("mo-hinh/")
            .and_then(|u| u.strip_suffix('/'))
            .unwrap_or(o);
        site.model_by_url.contains_key(url)
            || aliases
                .get_or_init(|| {
                    site.models
                        .iter()
                        .flat_map(|m| m.aliases.iter().map(String::as_str))
                        .collect()
                })
                .contains(o)
    };
    let mut record = String::with_capacity(text.len() + 4096);
    let mut now = String::new();
    for m in &site.models {
        let file = m
            .path
            .strip_prefix(dir)
            .unwrap_or(&m.path)
            .to_string_lossy();
        now.clear();
        now.push_str("mo-hinh/");
        now.push_str(&m.url);
        now.push('/');
        record.push_str(&file);
        record.push('\t');
        record.push_str(&now);
        // The same URL as then, and no old one kept: nothing to redirect.
        let then = last.get(file.as_ref()).filter(|&&rest| rest != now);
        let mut old: Vec<String> = Vec::new();
        // A line whose URL is not a model page's is ignored whole.
        let mut parts = then.map(|rest| rest.split('\t'));
        if let Some(first) = parts.as_mut().and_then(|p| p.next()).and_then(page_path) {
            let rest = parts.into_iter().flatten().filter_map(page_path);
            for o in std::iter::once(first).chain(rest) {
                if o != now && !taken(&o) && !old.contains(&o) {
                    old.push(o);
                }
            }
        }
        for o in &old {
            record.push('\t');
            record.push_str(o);
            let target = urls.permalink(&now);
            files += 1;
            if let Err(d) = sink.write(&format!("{o}index.html"), aliases::page(&target).as_bytes())
            {
                diags.push(d);
            }
            diags.push(
                Diagnostic::warning(&m.path, "model-moved")
                    .arg("old", o)
                    .arg("new", now.as_str())
                    .at(1, 1),
            );
        }
        record.push('\n');
    }
    if let Err(d) = sink.write(RECORD, record.as_bytes()) {
        diags.push(d);
    }
    files
}
