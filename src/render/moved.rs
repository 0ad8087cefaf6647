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

/// The last record of `out`: model file → (its URL then, the old URLs it
/// still redirected).
fn read(out: &Path) -> HashMap<String, (String, Vec<String>)> {
    let mut map = HashMap::new();
    let path = out.join(RECORD);
    let fits = std::fs::metadata(&path).is_ok_and(|m| m.is_file() && m.len() <= MAX_RECORD);
    let Some(text) = fits.then(|| std::fs::read_to_string(&path).ok()).flatten() else {
        return map;
    };
    for line in text.lines() {
        let mut parts = line.split('\t');
        let (Some(file), Some(url)) = (parts.next(), parts.next().and_then(page_path)) else {
            continue;
        };
        let old: Vec<String> = parts.filter_map(page_path).collect();
        map.insert(file.to_string(), (url, old));
    }
    map
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
    let last = read(out);
    let mut files = 1;
    // Every page a model or an alias has now: a redirect never hides one.
    let mut taken: HashSet<String> = site
        .models
        .iter()
        .map(|m| format!("mo-hinh/{}/", m.url))
        .collect();
    taken.extend(site.models.iter().flat_map(|m| m.aliases.iter().cloned()));
    let mut record = String::new();
    for m in &site.models {
        let file = m
            .path
            .strip_prefix(dir)
            .unwrap_or(&m.path)
            .to_string_lossy();
        let now = format!("mo-hinh/{}/", m.url);
        let mut old: Vec<String> = Vec::new();
        if let Some((then, kept)) = last.get(file.as_ref()) {
            for o in std::iter::once(then).chain(kept) {
                if *o != now && !taken.contains(o) && !old.contains(o) {
                    old.push(o.clone());
                }
            }
        }
        record.push_str(&file);
        record.push('\t');
        record.push_str(&now);
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
