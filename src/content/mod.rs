//! Discovering and loading a site's content: `content/models`,
//! `content/awards`, `content/pages`. Files are read and parsed in parallel;
//! every problem becomes a diagnostic and loading goes on. The result is
//! sorted by path, so nothing downstream depends on thread timing.

pub mod award;
pub mod cache;
pub mod common;
pub mod date;
pub mod defaults;
pub mod enums;
pub mod frontmatter;
pub mod keys;
pub mod model;
pub mod page;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use award::Award;
pub use model::Model;
pub use page::Page;

use crate::config::SiteConfig;
use crate::diag::{Diagnostic, Diagnostics};
use crate::fingerprint::{Found, walk};
use crate::markdown;

/// Everything under `content/`, parsed.
#[derive(Debug, Default)]
pub struct Content {
    pub models: Vec<Model>,
    pub awards: Vec<Award>,
    pub pages: Vec<Page>,
    /// Models whose files have errors, as far as they could be read: never
    /// published, but their locality, links and images are checked too,
    /// and an award that names one is told so (one run, every mistake).
    pub broken_models: Vec<Model>,
    /// Rendered body of `content/pages/_index.md`: the home page's introduction.
    pub home_intro: Option<String>,
    /// Localities the site adds to the built-in registry
    /// (`content/localities.yaml`), each a top-down list of names.
    pub extra_localities: Vec<Vec<String>>,
    /// How the load went with the cache of parsed entries.
    pub loading: Loading,
}

/// How a load went with the cache of parsed entries: what a build needs to
/// tell what changed since the last one (kept by [`crate::site::Site`]).
#[derive(Debug, Clone, Default)]
pub struct Loading {
    /// How many entry files were read and parsed; the others came from the
    /// cache of parsed entries.
    pub parsed: usize,
    /// Which parse cache the entries came from ([`cache::Cache::id`]; 0 for
    /// none), and the models read anew instead: with the same cache, only
    /// these can differ from what an earlier load saw.
    pub cache_id: u64,
    pub models_anew: Vec<PathBuf>,
    /// Every entry file (model, award, page) read anew, and those with
    /// errors: what an incremental build checks the links and text of.
    pub entries_anew: Vec<PathBuf>,
    /// The versions of those models the cache had (what the last build
    /// from it saw), where it had them.
    pub models_before: Vec<Model>,
    /// The models the cache had whose files are gone.
    pub models_gone: Vec<Model>,
    /// The cache the next load will read: `cache_id`, or the one this load
    /// wrote.
    pub cache_next: u64,
    /// That cache's file, still being written beside the build.
    pub saving: cache::Saving,
}

/// A fingerprint of an entry's Markdown body: its length and CRC-32. Tells
/// whether a body read again is the one loaded, and whether a page built
/// from it can have changed.
pub fn body_hash(body: &str) -> u64 {
    ((body.len() as u64) << 32) | u64::from(crc32fast::hash(body.as_bytes()))
}

/// A Markdown file of the content and its stamp (none for a symbolic link:
/// the file it points to is stamped when loaded).
type Listed = Vec<(PathBuf, Option<cache::Stamp>)>;

/// The Markdown files under `content/models`, `content/awards` and
/// `content/pages` among `found` (a [`walk`] of `content`), in one pass and
/// in the walk's order, skipping hidden files and folders. Symbolic links
/// are followed only when they stay inside `root`.
fn markdown_files(
    found: &[Found],
    content: &Path,
    root: &Path,
    diags: &mut Diagnostics,
) -> [Listed; 3] {
    let mut root_real = None;
    let mut out: [Listed; 3] = Default::default();
    let content_bytes = content.as_os_str().as_encoded_bytes();
    let sep = |b: u8| std::path::is_separator(char::from(b));
    for f in found {
        // On bytes: a national site has 100,000 paths, and taking each
        // apart into components cost a tenth of a one-edit rebuild.
        let bytes = f.path.as_os_str().as_encoded_bytes();
        let rel = match bytes.strip_prefix(content_bytes) {
            Some(rest) if !content_bytes.last().is_none_or(|&b| sep(b)) => {
                match rest.split_first() {
                    Some((&b, rel)) if sep(b) => rel,
                    _ => continue,
                }
            }
            _ => match f.path.strip_prefix(content) {
                Ok(rel) => rel.as_os_str().as_encoded_bytes(),
                Err(_) => continue,
            },
        };
        let mut parts = rel.split(|&b| sep(b)).filter(|p| !p.is_empty());
        let out = match parts.next() {
            Some(b"models") => &mut out[0],
            Some(b"awards") => &mut out[1],
            Some(b"pages") => &mut out[2],
            _ => continue,
        };
        if parts.any(|p| p.starts_with(b".")) {
            continue;
        }
        let meta = match &f.meta {
            Ok(m) => m,
            Err(e) => {
                diags.push(crate::diag::io_error(&f.path, e));
                continue;
            }
        };
        if !rel.ends_with(b".md") {
            continue;
        }
        if meta.is_symlink() {
            let root_real = root_real
                .get_or_insert_with(|| root.canonicalize().unwrap_or_else(|_| root.to_path_buf()));
            match f.path.canonicalize() {
                Ok(real) if real.starts_with(&*root_real) && real.is_file() => {
                    out.push((f.path.clone(), None));
                }
                _ => diags.push(Diagnostic::error(&f.path, "symlink-outside")),
            }
        } else if meta.is_file() {
            out.push((f.path.clone(), Some(cache::Stamp::found(meta))));
        }
    }
    out
}

/// The largest entry file kheo reads. A real entry is a few kilobytes; this
/// keeps a runaway file (or a mistake such as a pasted export) from taking
/// the build's memory and time.
pub const MAX_ENTRY_BYTES: u64 = 4 * 1024 * 1024;

fn read(path: &Path) -> Result<frontmatter::SourceFile, Diagnostic> {
    let meta = std::fs::metadata(path).map_err(|e| crate::diag::io_error(path, &e))?;
    read_sized(path, meta.len())
}

fn read_sized(path: &Path, size: u64) -> Result<frontmatter::SourceFile, Diagnostic> {
    if size > MAX_ENTRY_BYTES {
        return Err(Diagnostic::error(path, "file-too-big")
            .arg("size", size / (1024 * 1024))
            .arg("max", MAX_ENTRY_BYTES / (1024 * 1024))
            .at(1, 1));
    }
    let bytes = std::fs::read(path).map_err(|e| crate::diag::io_error(path, &e))?;
    frontmatter::decode(path, &bytes)
}

/// What [`load_all`] loaded, and how.
struct Loaded<T> {
    /// In the order of the files, and each file's stamp.
    entries: Vec<T>,
    stamps: Vec<cache::Stamp>,
    /// Files read and parsed (not taken from the cache).
    parsed: usize,
    /// Those of them that loaded.
    anew: Vec<PathBuf>,
    /// The cached versions of the files read anew, where the cache had them.
    before: Vec<T>,
    /// Per entry, whether it is newer than the cache's main file: taken
    /// from its recent entries (`RECENT`), or parsed now.
    newer: Vec<bool>,
    /// What could be read of the entries with errors.
    broken: Vec<T>,
}

/// An entry that failed to load: its problems, and what could be read of
/// it (for the checks that still make sense).
pub type Failed<T> = (Vec<Diagnostic>, Option<Box<T>>);

/// Loads `files`: from `cached` when a file is unchanged since the cache
/// was written (the entry is moved out of it), else read and parsed, in
/// parallel. Each entry is moved once more, into its place: a national
/// site's 100,000 models are 40 MB, and each move into new memory cost a
/// build that reuses them all tens of milliseconds.
fn load_all<T: Send + Sync + cache::Paths>(
    files: &[(PathBuf, Option<cache::Stamp>)],
    cache: &cache::Cache,
    cached: &mut cache::Entries<T>,
    load: impl Fn(&frontmatter::SourceFile) -> Result<T, Failed<T>> + Sync,
    progress: &crate::progress::Progress,
    diags: &mut Diagnostics,
) -> Loaded<T> {
    // Unchanged files first, one pass without threads: taking an entry out
    // of the cache is a lookup, far cheaper than a thread hand-off.
    let mut slots: Vec<Option<T>> = Vec::with_capacity(files.len());
    let mut stamps: Vec<Option<cache::Stamp>> = Vec::with_capacity(files.len());
    let mut newer: Vec<bool> = Vec::with_capacity(files.len());
    let mut todo: Vec<usize> = Vec::new();
    let mut before = Vec::new();
    for (i, (p, stamp)) in files.iter().enumerate() {
        let rel = cache.relative(p);
        match (stamp, stamp.and_then(|_| cached.take(rel?))) {
            (Some(now), Some((was, v, recent))) if cache.fresh(recent, &was, now) && v.is_at(p) => {
                slots.push(Some(v));
                stamps.push(Some(*now));
                newer.push(recent);
            }
            (_, old) => {
                before.extend(old.map(|(_, v, _)| v));
                slots.push(None);
                stamps.push(None);
                newer.push(true);
                todo.push(i);
            }
        }
    }
    progress.advance(files.len() - todo.len());
    let results: Vec<Result<(cache::Stamp, T), Failed<T>>> = todo
        .par_iter()
        .map(|&i| {
            progress.tick();
            let (p, stamp) = &files[i];
            let stamp = match stamp {
                Some(s) => *s,
                None => std::fs::metadata(p)
                    .map(|m| cache::Stamp::of(&m))
                    .map_err(|e| (vec![crate::diag::io_error(p, &e)], None))?,
            };
            let file = read_sized(p, stamp.size()).map_err(|d| (vec![d], None))?;
            load(&file).map(|v| (stamp, v))
        })
        .collect();
    let mut anew = Vec::new();
    let mut broken = Vec::new();
    for (&i, r) in todo.iter().zip(results) {
        match r {
            Ok((stamp, v)) => {
                anew.push(files[i].0.clone());
                slots[i] = Some(v);
                stamps[i] = Some(stamp);
            }
            Err((ds, partial)) => {
                diags.extend(ds);
                broken.extend(partial.map(|b| *b));
            }
        }
    }
    // Into vectors made to size (a flattening iterator cannot tell its
    // length).
    let mut entries: Vec<T> = Vec::with_capacity(slots.len());
    let mut kept_stamps: Vec<cache::Stamp> = Vec::with_capacity(stamps.len());
    let mut kept_newer: Vec<bool> = Vec::with_capacity(newer.len());
    for ((slot, stamp), newer) in slots.into_iter().zip(stamps).zip(newer) {
        // A file that failed to load has neither.
        if let (Some(v), Some(stamp)) = (slot, stamp) {
            entries.push(v);
            kept_stamps.push(stamp);
            kept_newer.push(newer);
        }
    }
    let (stamps, newer) = (kept_stamps, kept_newer);
    Loaded {
        entries,
        stamps,
        parsed: todo.len(),
        anew,
        before,
        newer,
        broken,
    }
}

/// How [`load`] uses the cache of parsed entries ([`cache`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheUse {
    /// Parse every file (tests, and when there is no site folder to keep it in).
    Off,
    /// Reuse what is there, write nothing (`kheo check`, `kheo serve`).
    Read,
    /// Reuse, then record this load (`kheo build`).
    ReadWrite,
}

/// Loads all content of the site in `opts.dir`, counting the files in
/// `opts.progress`. Drafts are dropped unless `opts.drafts`. `found` is a
/// [`walk`] of the site's `content/` when the caller has one.
pub fn load(
    opts: &crate::BuildOptions,
    cfg: &SiteConfig,
    md: &markdown::Options,
    cache_use: CacheUse,
    found: Option<&[Found]>,
    diags: &mut Diagnostics,
) -> Content {
    let (dir, drafts, progress) = (opts.dir.as_path(), opts.drafts, &*opts.progress);
    let content = dir.join("content");
    if !content.is_dir() {
        diags.push(Diagnostic::error(&content, "no-content-folder"));
        return Content::default();
    }
    let walked;
    let found = match found {
        Some(f) => f,
        None => {
            walked = walk(&content);
            &walked
        }
    };
    let _t = crate::progress::trace::span("load: list the entry files");
    let [model_files, award_files, mut page_files] = markdown_files(found, &content, dir, diags);
    for files in [&model_files, &award_files, &page_files] {
        case_clashes(files, diags);
    }
    drop(_t);
    let intro_path = content.join("pages").join("_index.md");
    let has_intro = page_files.iter().any(|(p, _)| p == &intro_path);
    page_files.retain(|(p, _)| p != &intro_path);

    progress.start(
        crate::progress::Stage::Loading,
        model_files.len() + award_files.len() + page_files.len(),
    );
    let defaults =
        defaults::Defaults::load::<model::RawModel, award::RawAward>(&content, found, diags);
    // Entries are cached as their defaults filled them: another text of a
    // defaults file is another cache (an edit of one parses every entry).
    let key = match defaults.is_empty() {
        true => cache::key(cfg, md),
        false => cache::key(cfg, md) ^ defaults.hash(),
    };
    let defaults = (!defaults.is_empty()).then_some(&defaults);
    // Before any entry file is read: an entry parsed now is trusted by a
    // later load only if its file was last changed well before this.
    let read_ns = cache::now_ns();
    let mut cache = match cache_use {
        CacheUse::Off => cache::Cache::default(),
        CacheUse::Read | CacheUse::ReadWrite => {
            let _t = crate::progress::trace::span("load: open the parse cache");
            cache::Cache::open(dir, key)
        }
    };
    let cached = cache.models.len() + cache.awards.len() + cache.pages.len();
    let (mut cached_models, mut cached_awards, mut cached_pages) = (
        std::mem::take(&mut cache.models),
        std::mem::take(&mut cache.awards),
        std::mem::take(&mut cache.pages),
    );
    let _t = crate::progress::trace::span("load: models (cache or parse)");
    let field_keys = model::FieldKeys::of(cfg);
    let models = load_all(
        &model_files,
        &cache,
        &mut cached_models,
        |f| model::load_partial_by(f, cfg, &field_keys, md, defaults),
        progress,
        diags,
    );
    drop(_t);
    let awards = load_all(
        &award_files,
        &cache,
        &mut cached_awards,
        |f| award::load_with(f, md, defaults).map_err(|d| (d, None)),
        progress,
        diags,
    );
    let pages = load_all(
        &page_files,
        &cache,
        &mut cached_pages,
        |f| page::load(f, md).map_err(|d| (d, None)),
        progress,
        diags,
    );
    let parsed = models.parsed + awards.parsed + pages.parsed;
    let entries_anew: Vec<PathBuf> = (models.anew.iter())
        .chain(&awards.anew)
        .chain(&pages.anew)
        .chain(models.broken.iter().map(|m| &m.path))
        .cloned()
        .collect();
    let (cache_id, models_anew, models_before) = (cache.id(), models.anew, models.before);
    let mut cache_next = cache_id;
    let mut saving = cache::Saving::default();
    // What is left are the entries of files that are gone.
    let models_gone = cached_models.into_left();
    drop((cached_awards, cached_pages));
    if cache_use == CacheUse::ReadWrite && parsed > 0 {
        let _t = crate::progress::trace::span("load: save the parse cache");
        // The next load reads what this one saw, or (failing to write) the
        // old cache, which no build will take for this one's: the entries
        // parsed since the cache was written, in a file of their own
        // while they are few, else the whole cache again.
        let all_models = cache::rows(&models.stamps, &models.entries);
        let all_awards = cache::rows(&awards.stamps, &awards.entries);
        let all_pages = cache::rows(&pages.stamps, &pages.entries);
        // Known from the load itself: looking 100,000 paths up in the
        // set of recent ones cost more than the rest of the save.
        fn newer<'a, T>(rows: &[cache::Row<'a, T>], newer: &[bool]) -> Vec<cache::Row<'a, T>> {
            rows.iter()
                .zip(newer)
                .filter(|(_, n)| **n)
                .map(|(r, _)| *r)
                .collect()
        }
        let newer_models = newer(&all_models, &models.newer);
        let newer_awards = newer(&all_awards, &awards.newer);
        let newer_pages = newer(&all_pages, &pages.newer);
        let newer = newer_models.len() + newer_awards.len() + newer_pages.len();
        cache_next = if cache_id != 0 && !cache::worth_saving(newer, cached) {
            cache::save_recent(
                dir,
                key,
                read_ns,
                &cache,
                &newer_models,
                &newer_awards,
                &newer_pages,
            )
        } else {
            cache::save(dir, key, read_ns, &all_models, &all_awards, &all_pages).map(|(id, s)| {
                saving = s;
                id
            })
        }
        .unwrap_or(0);
    }
    drop(cache);
    let broken_models = models.broken;
    let (mut models, mut awards, mut pages) = (models.entries, awards.entries, pages.entries);
    if !drafts {
        models.retain(|m| !m.draft);
        awards.retain(|a| !a.draft);
        pages.retain(|p| !p.draft);
    }
    let home_intro = if has_intro {
        read(&intro_path)
            .map(|f| {
                let (first, body) = match frontmatter::split(&f) {
                    Ok(s) => (s.body_line(), s.body.to_string()),
                    Err(_) => (1, f.text.clone()),
                };
                diags.extend(common::body_problems(&intro_path, first, &body));
                body
            })
            .map(|body| markdown::render(&body, md).html)
            .map_err(|d| diags.push(d))
            .ok()
    } else {
        None
    };
    let extra_localities = load_extra_localities(&content.join("localities.yaml"), diags);
    Content {
        models,
        awards,
        pages,
        broken_models,
        home_intro,
        extra_localities,
        loading: Loading {
            parsed,
            cache_id,
            models_anew,
            entries_anew,
            models_before,
            models_gone,
            cache_next,
            saving,
        },
    }
}

/// Two entry files whose paths differ only in case are one file on
/// Windows and macOS: a site written on Linux would lose one there. The
/// later one (by path) gets the error; both still load here.
fn case_clashes<S>(files: &[(PathBuf, S)], diags: &mut Diagnostics) {
    let mut seen: std::collections::HashMap<String, &Path> = Default::default();
    let mut sorted: Vec<&Path> = files.iter().map(|(p, _)| p.as_path()).collect();
    sorted.sort();
    for p in sorted {
        let folded = crate::text::nfc(&p.to_string_lossy()).to_lowercase();
        if let Some(first) = seen.get(&folded) {
            diags.push(
                Diagnostic::error(p, "case-clash")
                    .arg("value", p.display().to_string())
                    .arg("other", first.display().to_string())
                    .at(1, 1),
            );
        } else {
            seen.insert(folded, p);
        }
    }
}

/// Reads `content/localities.yaml`: a list of localities the registry does
/// not know (a residential group, a village, a unit being created), written
/// top-down like an entry's `locality`:
///
/// ```yaml
/// - Hà Nội / Hoàn Kiếm / Tổ dân phố số 5
/// - [Lai Châu, Tam Đường, Bản Bo, Bản Nà Luồng]
/// ```
pub(crate) fn load_extra_localities(path: &Path, diags: &mut Diagnostics) -> Vec<Vec<String>> {
    let Ok(bytes) = std::fs::read(path) else {
        return Vec::new();
    };
    let file = match frontmatter::decode(path, &bytes) {
        Ok(f) => f,
        Err(d) => {
            diags.push(d);
            return Vec::new();
        }
    };
    if file.text.trim().is_empty() {
        return Vec::new();
    }
    let value = match serde_yaml_ng::from_str::<serde_yaml_ng::Value>(&file.text) {
        Ok(v) => v,
        Err(e) => {
            diags.push(frontmatter::yaml_error(path, &file.text, 1, &e));
            return Vec::new();
        }
    };
    match serde_yaml_ng::from_value::<Vec<common::RawLocality>>(value) {
        Ok(list) => list
            .into_iter()
            .map(|l| match l {
                common::RawLocality::Path(s) => {
                    s.split('/').map(|p| p.trim().to_string()).collect()
                }
                common::RawLocality::List(v) => {
                    v.into_iter().map(|p| p.trim().to_string()).collect()
                }
            })
            .filter(|v: &Vec<String>| !v.is_empty() && v.iter().all(|p| !p.is_empty()))
            .collect(),
        Err(_) => {
            diags.push(Diagnostic::error(path, "localities-bad").at(1, 1));
            Vec::new()
        }
    }
}
