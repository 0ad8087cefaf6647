//! Checks over a loaded site and the list of files its build writes:
//! links and images in entries ([`links`]) and the privacy lint of SPEC §7
//! ([`privacy`]). `kheo check` runs them over every entry; `kheo build`
//! over the entries a rebuild may have changed the findings of ([`run`]'s
//! `only`, [`only_after`]); `kheo serve` not at all (its editor checks the
//! entry being edited). They read each entry's source again.
//!
//! Links that leave the site are errors; dead links, missing images,
//! images without alternative text and personal data in public text are
//! warnings (a page that works less well, not a wrong one).

mod gone;
pub mod links;
pub mod privacy;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::content::common::ImageSrc;
use crate::content::frontmatter;
use crate::diag::{Diagnostic, Diagnostics};
use crate::l10n::Msg;
use crate::render::Sink;
use crate::render::cards::{award_path, model_path};
use crate::site::Site;

/// A sink that keeps only the paths written: what `check` renders into, so
/// links can be checked against the exact list of pages and files.
#[derive(Default)]
pub struct PathSink {
    paths: Mutex<BTreeSet<String>>,
    /// The files of the output's last build, which a page rendered from
    /// the same inputs may be taken as (see [`crate::render_since`]).
    last: std::collections::HashSet<String>,
}

impl PathSink {
    pub fn new() -> Self {
        Self::default()
    }

    /// A sink that takes the files of the output's last build as written
    /// when the renderer finds their pages unchanged.
    pub fn after(last: std::collections::HashSet<String>) -> Self {
        PathSink {
            last,
            ..Self::default()
        }
    }

    pub fn into_paths(self) -> BTreeSet<String> {
        self.paths.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn add(&self, path: &str) {
        let mut set = self.paths.lock().unwrap_or_else(|e| e.into_inner());
        set.insert(path.to_string());
    }
}

impl Sink for PathSink {
    fn write(&self, path: &str, _: &[u8]) -> Result<(), Diagnostic> {
        self.add(path);
        Ok(())
    }

    fn discards(&self) -> bool {
        true
    }

    fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic> {
        if !from.is_file() {
            return Err(crate::diag::io_error(
                from,
                &std::io::Error::from(std::io::ErrorKind::NotFound),
            ));
        }
        self.add(path);
        Ok(())
    }

    fn write_stream(
        &self,
        path: &str,
        _fp: u64,
        fill: &mut crate::render::Fill<'_>,
    ) -> Result<(), Diagnostic> {
        fill(&mut std::io::sink()).map_err(|e| crate::diag::io_write_error(Path::new(path), &e))?;
        self.add(path);
        Ok(())
    }

    fn keep_as_was(&self, path: &str) -> bool {
        let kept = self.last.contains(path);
        if kept {
            self.add(path);
        }
        kept
    }
}

/// An entry file and the site path of its page.
struct Entry<'a> {
    path: std::borrow::Cow<'a, Path>,
    page: String,
    /// Images from the front matter that live under the site's root (`/anh/x.jpg`).
    site_images: Vec<&'a str>,
}

fn read_entry(path: &Path) -> Option<frontmatter::SourceFile> {
    let bytes = std::fs::read(path).ok()?;
    frontmatter::decode(path, &bytes).ok()
}

fn check_entry(e: &Entry, urls: &links::Urls) -> Vec<Diagnostic> {
    // Files that do not read or split were reported by the loaders already.
    match read_entry(&e.path) {
        Some(file) => check_entry_text(e, &file, urls),
        None => Vec::new(),
    }
}

fn check_entry_text(
    e: &Entry,
    file: &frontmatter::SourceFile,
    urls: &links::Urls,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let (body, split) = match frontmatter::split(file) {
        Ok(s) => (s.body, Some(s)),
        // `_index.md` may be plain Markdown.
        Err(_) => (file.text.as_str(), None),
    };
    links::check_body(&e.path, &file.text, body, &e.page, urls, &mut out);
    nul_characters(&e.path, &file.text, &mut out);
    for src in &e.site_images {
        if !urls.exists(src) {
            let line = split
                .as_ref()
                .map_or(1, |s| frontmatter::value_line(s, "images", src));
            out.push(
                Diagnostic::warning(&*e.path, "image-site-missing")
                    .arg("value", format!("/{src}"))
                    .arg("target", *src)
                    .at(line, 1),
            );
        }
    }
    out
}

/// NUL characters (pasted from another program): the page shows each as
/// U+FFFD (�), as CommonMark says; the editor is told where they are.
pub fn nul_characters(path: &Path, text: &str, out: &mut Vec<Diagnostic>) {
    if memchr::memchr(0, text.as_bytes()).is_none() {
        return;
    }
    for (i, line) in text.split('\n').enumerate() {
        if let Some(at) = line.find('\0') {
            let n = line.matches('\0').count();
            out.push(
                Diagnostic::warning(path, "nul-characters")
                    .arg("count", n)
                    .at(i + 1, line[..at].chars().count() + 1),
            );
        }
    }
}

/// Every `.md` under `content/`, drafts and broken files included: a draft
/// is published one day, and its phone numbers with it.
fn content_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir.join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().to_path_buf())
        .collect();
    out.sort();
    out
}

/// The files of `only` that [`content_files`] lists, without walking
/// `content/`: after one edit, a national site's walk would cost more than
/// the file it finds.
fn content_files_in(dir: &Path, only: &std::collections::HashSet<PathBuf>) -> Vec<PathBuf> {
    let content = dir.join("content");
    let listed = |f: &Path| {
        let Ok(rel) = f.strip_prefix(&content) else {
            return false;
        };
        let is = |p: &Path, file: bool| {
            std::fs::symlink_metadata(p).is_ok_and(|m| if file { m.is_file() } else { m.is_dir() })
        };
        // As the walk: no hidden name on the way, and no link followed.
        f.extension().is_some_and(|x| x == "md")
            && rel
                .components()
                .all(|c| !c.as_os_str().to_string_lossy().starts_with('.'))
            && is(f, true)
            && f.ancestors()
                .skip(1)
                .take_while(|a| *a != content)
                .all(|a| is(a, false))
    };
    let mut out: Vec<PathBuf> = only.iter().filter(|f| listed(f)).cloned().collect();
    out.sort();
    out
}

/// Which lines of an entry are published: not `private:` and what is under
/// it, not YAML comments. Returns, per line, whether to scan it.
fn public_lines(text: &str) -> Vec<bool> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut public = vec![true; lines.len()];
    if lines.first().map(|l| l.trim_end()) != Some("---") {
        return public;
    }
    public[0] = false;
    let mut in_private = false;
    for (i, line) in lines.iter().enumerate().skip(1) {
        if line.trim_end() == "---" {
            public[i] = false;
            break;
        }
        let top_level = !line.starts_with([' ', '\t']) && !line.trim().is_empty();
        if top_level && !line.trim_start().starts_with('#') {
            in_private = line
                .strip_prefix("private")
                .is_some_and(|r| r.trim_start().starts_with(':'));
        }
        if in_private || line.trim_start().starts_with('#') {
            public[i] = false;
        }
    }
    public
}

fn privacy_of(path: &Path) -> Vec<Diagnostic> {
    match read_entry(path) {
        Some(file) => privacy_in(path, &file.text),
        None => Vec::new(),
    }
}

/// The privacy lint of one entry's text (NFC, LF), reported at `path`.
pub fn privacy_in(path: &Path, text: &str) -> Vec<Diagnostic> {
    let public = public_lines(text);
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        if !public.get(i).copied().unwrap_or(true) {
            continue;
        }
        for f in privacy::scan_line(line) {
            let id = match f.kind {
                privacy::Kind::Phone => Msg::new("privacy-phone"),
                privacy::Kind::Email => Msg::new("privacy-email"),
                privacy::Kind::IdNumber => Msg::new("privacy-id-number"),
            };
            out.push(
                Diagnostic::warning(path, id)
                    .arg("value", f.text.as_str())
                    .at(i + 1, f.col)
                    .span(f.len),
            );
        }
    }
    out
}

/// The entry files a lint looks at: all, or only these.
pub type Only<'a> = Option<&'a std::collections::HashSet<PathBuf>>;

/// The entries a build's lint looks at ([`run`]'s `only`), given the
/// entries read anew and the files of the last build this one no longer
/// makes; `None`: every entry. A link in an entry not read anew resolves
/// as it did, unless it pointed at a file gone: of those entries, only
/// the ones that may link to such a file are looked at again.
pub fn only_after(
    site: &Site,
    dir: &Path,
    gone: &[&str],
    anew: &std::collections::HashSet<PathBuf>,
) -> Option<std::collections::HashSet<PathBuf>> {
    if gone.is_empty() {
        return Some(anew.clone());
    }
    let entries = link_entries(site, dir, None);
    let Some((mut only, searched)) = gone::entries_linking(&entries, gone, anew) else {
        crate::progress::trace::note(|| format!("lint: files gone: {}, every entry", gone.len()));
        return None;
    };
    crate::progress::trace::note(|| {
        format!(
            "lint: files gone: {}, entries searched: {searched}, may link to one: {}",
            gone.len(),
            only.len()
        )
    });
    only.extend(anew.iter().cloned());
    Some(only)
}

/// Runs every lint over `site` (in folder `dir`), whose build writes
/// `outputs`; over the files of `only` when given.
pub fn run(
    site: &Site,
    dir: &Path,
    outputs: &BTreeSet<String>,
    only: Only,
    diags: &mut Diagnostics,
) {
    // One read of each file serves both lints: at a national site's size
    // reading and normalising every entry again is a visible share of a
    // build.
    let urls = links::Urls {
        outputs,
        base_url: &site.config.base_url,
    };
    let entries = link_entries(site, dir, only);
    crate::progress::trace::note(|| format!("lint: entries checked: {}", entries.len()));
    let by_path: std::collections::HashMap<&Path, &Entry> =
        entries.iter().map(|e| (&*e.path, e)).collect();
    let files = match only {
        Some(only) => content_files_in(dir, only),
        None => content_files(dir),
    };
    let found: Vec<(Option<Vec<Diagnostic>>, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|p| {
            let Some(file) = read_entry(p) else {
                return (by_path.get(p.as_path()).map(|_| Vec::new()), Vec::new());
            };
            let links = by_path
                .get(p.as_path())
                .map(|e| check_entry_text(e, &file, &urls));
            (links, privacy_in(p, &file.text))
        })
        .collect();
    let (links, privacy): (Vec<_>, Vec<_>) = found.into_iter().unzip();
    let mut links: std::collections::HashMap<&Path, Vec<Diagnostic>> = files
        .iter()
        .zip(links)
        .filter_map(|(p, l)| l.map(|l| (p.as_path(), l)))
        .collect();
    // Entries in the links' order, then the privacy findings in the files'
    // order, as the two lints gave them when run one after the other.
    for e in &entries {
        match links.remove(&*e.path) {
            Some(l) => diags.extend(l),
            None => diags.extend(check_entry(e, &urls)),
        }
    }
    diags.extend(privacy.into_iter().flatten());
}

/// Links and images of every published entry, against `outputs`.
pub fn check_links(site: &Site, dir: &Path, outputs: &BTreeSet<String>, diags: &mut Diagnostics) {
    check_links_of(site, dir, outputs, None, diags);
}

fn check_links_of(
    site: &Site,
    dir: &Path,
    outputs: &BTreeSet<String>,
    only: Only,
    diags: &mut Diagnostics,
) {
    let urls = links::Urls {
        outputs,
        base_url: &site.config.base_url,
    };
    let entries = link_entries(site, dir, only);
    let found: Vec<Vec<Diagnostic>> = entries.par_iter().map(|e| check_entry(e, &urls)).collect();
    diags.extend(found.into_iter().flatten());
}

/// The entries whose links and images are checked (of `only` when given).
fn link_entries<'a>(site: &'a Site, dir: &Path, only: Only) -> Vec<Entry<'a>> {
    let mut entries: Vec<Entry> = Vec::new();
    // Models with errors are not published, but their links and images
    // are checked all the same (one run names every mistake); relative
    // links resolve as from their page, which has no unit yet.
    let broken: Vec<String> = site
        .broken
        .iter()
        .map(|m| format!("mo-hinh/{}/", m.slug))
        .collect();
    // Only the entries asked for: their pages' paths are made for each.
    let asked = |p: &Path| only.is_none_or(|o| o.contains(p));
    let published = site
        .models
        .iter()
        .filter(|m| asked(&m.path))
        .map(|m| (m, model_path(&m.url)));
    for (m, page) in published.chain(site.broken.iter().zip(broken)) {
        let site_images = m
            .images
            .iter()
            .filter_map(|i| match &i.src {
                ImageSrc::Site(p) => Some(p.as_str()),
                _ => None,
            })
            .collect();
        entries.push(Entry {
            path: (&m.path).into(),
            page,
            site_images,
        });
    }
    for a in &site.awards {
        entries.push(Entry {
            path: (&a.path).into(),
            page: award_path(&a.slug),
            site_images: Vec::new(),
        });
    }
    for p in &site.pages {
        entries.push(Entry {
            path: (&p.path).into(),
            page: format!("{}/", p.slug),
            site_images: Vec::new(),
        });
    }
    let intro = dir.join("content").join("pages").join("_index.md");
    if intro.is_file() {
        entries.push(Entry {
            path: intro.into(),
            page: String::new(),
            site_images: Vec::new(),
        });
    }
    if let Some(only) = only {
        entries.retain(|e| only.contains(&*e.path));
    }
    entries
}

/// Phone numbers, e-mail addresses and ID numbers in every entry under `content/`.
pub fn check_privacy(dir: &Path, diags: &mut Diagnostics) {
    let files = content_files(dir);
    let found: Vec<Vec<Diagnostic>> = files.par_iter().map(|p| privacy_of(p)).collect();
    diags.extend(found.into_iter().flatten());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_block_and_comments_are_not_public() {
        let text = "---\ntitle: A\n# ghi chú 0912345678\nprivate:\n  phone: x\n  note: y\nyear: 2020\n---\nbody\n";
        let p = public_lines(text);
        let lines: Vec<&str> = text.split('\n').collect();
        let public: Vec<&str> = lines
            .iter()
            .zip(&p)
            .filter(|(_, p)| **p)
            .map(|(l, _)| *l)
            .collect();
        assert_eq!(public, ["title: A", "year: 2020", "body", ""]);
    }
}
