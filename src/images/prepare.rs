//! Finding the images a site shows and making their published files.
//!
//! The sources: every model's front-matter `images:` (from its bundle or
//! `static/`), the images of a bundle its body names, those beside a free
//! page's file that its body names, and every raster file of `static/` (a
//! body or a page may show it). [`prepare`] is a
//! build's: each source is read, hashed and found in the cache or decoded
//! and encoded now, on at most [`WORKERS`] threads. [`prepare_later`] is
//! `kheo serve`'s: a source not in the cache is left `pending` (its page
//! shows the file as it is, in the preview only) and [`encode_pending`]
//! encodes it on a thread of its own, so a page reload never waits for
//! an encoder; it also takes a file whose size and time did not change
//! from the last build without reading it again.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;

use super::encode::{self, Fallback};
use super::{Published, Table, WORKERS, cache, decode, widths_for};
use crate::content::common::ImageSrc;
use crate::content::frontmatter;
use crate::diag::{Diagnostic, Diagnostics};
use crate::progress::{Progress, Stage};
use crate::site::Site;

/// A file's size and modification time.
pub type Stamp = (u64, SystemTime);

/// What `kheo serve` knows from its earlier builds.
#[derive(Debug, Clone, Copy)]
pub struct Later<'a> {
    /// The last build's table: a source with the same stamp is taken from
    /// it without being read again.
    pub previous: Option<&'a Table>,
    /// Keys [`encode_pending`] already tried, with the warnings each
    /// got: one still not in the cache failed, and is encoded now, so
    /// that the build reports why; one in it is reported with its
    /// warnings, by every build of the session.
    pub tried: &'a Tried,
}

/// What [`encode_pending`] found: each key tried, with its warnings.
pub type Tried = BTreeMap<u64, Vec<decode::Problem>>;

/// Where a source was named, for the line of a problem.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Named {
    /// In `images:`, as written.
    FrontMatter,
    /// In the body of the entry.
    Body,
    /// Nowhere: a file of `static/`.
    Static,
}

/// One source and the first entry showing it.
struct Job {
    file: PathBuf,
    entry: PathBuf,
    written: String,
    named: Named,
}

/// Reads, checks and (when not cached) encodes every image the site
/// shows. Problems go to `diags`, naming the entry and the line.
pub fn prepare(dir: &Path, site: &Site, progress: &Progress, diags: &mut Diagnostics) -> Table {
    prepare_with(dir, site, Mode::Build(progress), diags)
}

/// [`prepare`] for `kheo check`, which writes nothing: a source not in
/// the cache is decoded (its problems found, its sizes known) but not
/// encoded, and its entry is in the table's `sized`.
pub fn prepare_check(
    dir: &Path,
    site: &Site,
    progress: &Progress,
    diags: &mut Diagnostics,
) -> Table {
    prepare_with(dir, site, Mode::Check(progress), diags)
}

/// [`prepare`] for `kheo serve`: sources not in the cache are left in
/// the table's `pending` for [`encode_pending`].
pub fn prepare_later(dir: &Path, site: &Site, later: Later, diags: &mut Diagnostics) -> Table {
    prepare_with(dir, site, Mode::Serve(later), diags)
}

/// Who prepares the photos. A build's and a check's are counted on their
/// progress bar; `kheo serve`'s are mostly known from an earlier build.
#[derive(Clone, Copy)]
enum Mode<'a> {
    Build(&'a Progress),
    Check(&'a Progress),
    Serve(Later<'a>),
}

fn prepare_with(dir: &Path, site: &Site, mode: Mode, diags: &mut Diagnostics) -> Table {
    let progress = match mode {
        Mode::Build(p) | Mode::Check(p) => Some(p),
        Mode::Serve(_) => None,
    };
    let settings = &site.config.images;
    let mut table = Table {
        static_dir: dir.join("static"),
        originals: settings.originals,
        ..Table::default()
    };
    let jobs = jobs(site, &table);
    if jobs.is_empty() {
        return table;
    }
    let root = table.cache_root();
    if !matches!(mode, Mode::Check(_)) {
        let _ = std::fs::create_dir_all(&root);
    }
    if let Some(p) = progress {
        p.start(Stage::Photos, jobs.len());
    }
    let run = || {
        jobs.par_iter()
            .map(|j| {
                let r = look(&root, &settings.widths, &j.file, mode);
                if let Some(p) = progress {
                    p.tick();
                }
                r
            })
            .collect::<Vec<_>>()
    };
    let results = match rayon::ThreadPoolBuilder::new()
        .num_threads(rayon::current_num_threads().min(WORKERS))
        .build()
    {
        Ok(pool) => pool.install(run),
        Err(_) => run(),
    };
    for (j, r) in jobs.iter().zip(results) {
        match r {
            Look::Pending => table.pending.push(j.file.clone()),
            Look::Sized(p, problems) => {
                table.problems.insert(j.file.clone(), problems);
                table.sized.insert(p.key);
                table.sources.insert(j.file.clone(), p);
            }
            Look::Done(published, problems, encoded) => {
                table.encoded += usize::from(encoded);
                table.problems.insert(j.file.clone(), problems);
                match published {
                    Some(p) => {
                        table.sources.insert(j.file.clone(), p);
                    }
                    None => {
                        table.refused.insert(j.file.clone());
                    }
                }
            }
        }
    }
    diags.extend(reported(&jobs, &table));
    // Paths from the site folder: a site moved elsewhere shows the same.
    table.digest = {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        for (f, p) in &table.sources {
            (f.strip_prefix(dir).unwrap_or(f), &p.entry).hash(&mut h);
        }
        h.finish()
    };
    table.static_digest = {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        let dir = &table.static_dir;
        for (f, p) in table.sources.range(dir.clone()..) {
            let Ok(rel) = f.strip_prefix(dir) else {
                break;
            };
            (rel, &p.entry).hash(&mut h);
        }
        h.finish()
    };
    table
}

/// The problems of the photos `site` shows now, from those its last
/// photo preparation found ([`Table::problems`]), each on the line of the
/// entry that names the photo now: `kheo serve` reports them again after
/// an edit it renders without preparing the photos (the edit may move a
/// photo's line, or stop showing it).
pub fn diagnostics(site: &Site) -> Vec<Diagnostic> {
    reported(&jobs(site, &site.images), &site.images)
}

fn reported(jobs: &[Job], table: &super::Table) -> Vec<Diagnostic> {
    jobs.iter()
        .flat_map(|j| {
            let found = table.problems.get(&j.file).map_or(&[][..], Vec::as_slice);
            found.iter().map(move |p| diagnostic(j, p.clone()))
        })
        .collect()
}

/// The sources of `site`, by file, each with the first entry naming it.
fn jobs(site: &Site, table: &Table) -> Vec<Job> {
    let mut jobs: BTreeMap<PathBuf, Job> = BTreeMap::new();
    for file in rasters(&table.static_dir, usize::MAX) {
        jobs.insert(
            file.clone(),
            Job {
                entry: file.clone(),
                written: String::new(),
                named: Named::Static,
                file,
            },
        );
    }
    for m in &site.models {
        for img in &m.images {
            // Vector images are published as they are.
            if let Some(file) = table.source(m.bundle_dir.as_deref(), img)
                && file.is_file()
                && !is_vector(&file)
            {
                // A model's line is the better place for a problem.
                let written = match &img.src {
                    ImageSrc::Site(p) => format!("/{p}"),
                    ImageSrc::Bundle(f) | ImageSrc::External(f) => f.clone(),
                };
                jobs.insert(
                    file.clone(),
                    Job {
                        file,
                        entry: m.path.clone(),
                        written,
                        named: Named::FrontMatter,
                    },
                );
            }
        }
        // The other images of a bundle: those its body names.
        let Some(bundle) = &m.bundle_dir else {
            continue;
        };
        let others: Vec<PathBuf> = rasters(bundle, 1)
            .into_iter()
            .filter(|f| !jobs.contains_key(f))
            .collect();
        if others.is_empty() {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&m.path) else {
            continue;
        };
        for file in others {
            let name = file_name(&file);
            if names(&text, &name) {
                jobs.insert(
                    file.clone(),
                    Job {
                        file,
                        entry: m.path.clone(),
                        written: name,
                        named: Named::Body,
                    },
                );
            }
        }
    }
    // Free pages: the photos beside a page's file that its body names
    // (published beside the page, as a bundle's are).
    for p in &site.pages {
        let Some(dir) = p.path.parent() else {
            continue;
        };
        for file in rasters(dir, 1) {
            let name = file_name(&file);
            if !jobs.contains_key(&file) && names(&p.body, &name) {
                jobs.insert(
                    file.clone(),
                    Job {
                        file,
                        entry: p.path.clone(),
                        written: name,
                        named: Named::Body,
                    },
                );
            }
        }
    }
    jobs.into_values().collect()
}

/// The raster images under `dir` (by extension, at most `depth` folders
/// down), sorted.
pub(super) fn rasters(dir: &Path, depth: usize) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .max_depth(depth)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension().is_some_and(|e| {
                let e = e.to_string_lossy().to_ascii_lowercase();
                // Not WebP nor GIF: their files at the original name would
                // be JPEG or PNG, so they are published as they are.
                matches!(e.as_str(), "jpg" | "jpeg" | "png")
            })
        })
        .collect();
    out.sort();
    out
}

/// Whether `text` names the file `name`, as written or percent-encoded
/// (Markdown needs `anh%20doi.jpg` for a name with a space).
fn names(text: &str, name: &str) -> bool {
    text.contains(name)
        || text.contains('%')
            && percent_encoding::percent_decode_str(text)
                .decode_utf8_lossy()
                .contains(name)
}

fn file_name(file: &Path) -> String {
    file.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn is_vector(file: &Path) -> bool {
    file.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg") || e.eq_ignore_ascii_case("svgz"))
}

fn stamp(file: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(file).ok()?;
    Some((m.len(), m.modified().ok()?))
}

/// Removes the cache entries `table` does not use (after a build that
/// succeeded: an entry no page shows any more is not kept forever).
pub fn prune(table: &Table) {
    if table.sources.is_empty() {
        return;
    }
    let used = table.sources.values().map(|p| p.key).collect();
    cache::prune(&table.cache_root(), &used);
}

fn diagnostic(j: &Job, p: decode::Problem) -> Diagnostic {
    if j.named == Named::Static {
        // A file of `static/` no model lists: a page may not even use it,
        // so a refusal is a warning that says the file is not published.
        let msg = p.msg.arg("static", if p.error { "yes" } else { "no" });
        return Diagnostic::warning(&j.entry, msg);
    }
    let line = std::fs::read(&j.entry)
        .ok()
        .and_then(|b| frontmatter::decode(&j.entry, &b).ok())
        .and_then(|f| {
            let s = frontmatter::split(&f).ok()?;
            Some(match j.named {
                Named::Body => s
                    .body
                    .lines()
                    .position(|l| l.contains(&j.written))
                    .map_or(s.body_line(), |i| s.body_line() + i),
                _ => frontmatter::value_line(&s, "images", &j.written),
            })
        })
        .unwrap_or(1);
    let d = if p.error {
        Diagnostic::error(&j.entry, p.msg)
    } else {
        Diagnostic::warning(&j.entry, p.msg)
    };
    d.at(line, 1)
}

/// What became of one source.
enum Look {
    /// Published (or refused: `None`), with the problems found and
    /// whether it was encoded now.
    Done(Option<Published>, Vec<decode::Problem>, bool),
    /// Not in the cache: left for [`encode_pending`].
    Pending,
    /// Not in the cache, decoded but not encoded (`kheo check`).
    Sized(Published, Vec<decode::Problem>),
}

/// One source: from the last build, from the cache, left for later, or
/// decoded and encoded into the cache.
fn look(root: &Path, widths: &[u32], file: &Path, mode: Mode) -> Look {
    let later = match mode {
        Mode::Serve(l) => Some(l),
        _ => None,
    };
    let now = stamp(file);
    if let Some(l) = later
        && let Some(p) = l.previous.and_then(|t| t.sources.get(file))
        && now.is_some()
        && p.stamp == now
        && cache::load(root, p.key).as_ref() == Some(&p.entry)
    {
        return Look::Done(Some(p.clone()), warned(later, p.key), false);
    }
    let bytes = match decode::read(file) {
        Ok(b) => b,
        Err(p) => return Look::Done(None, vec![p], false),
    };
    let key = cache::key(&bytes, widths);
    if let Some(entry) = cache::load(root, key) {
        // Warnings are for the editor, once per change of the file; a
        // cached entry was already reported when it was made. Errors are
        // never cached.
        let p = Published {
            key,
            entry,
            stamp: now,
        };
        return Look::Done(Some(p), warned(later, key), false);
    }
    if later.is_some_and(|l| !l.tried.contains_key(&key)) {
        return Look::Pending;
    }
    if let Mode::Check(_) = mode {
        return match decode::decode(file, &bytes) {
            Err(p) => Look::Done(None, vec![p], false),
            Ok(d) => {
                let entry = sized(widths, &d);
                let p = Published {
                    key,
                    entry,
                    stamp: now,
                };
                Look::Sized(p, d.warnings)
            }
        };
    }
    let (published, problems, encoded) = encode_into(root, widths, file, key, bytes);
    let published = published.map(|(key, entry)| Published {
        key,
        entry,
        stamp: now,
    });
    Look::Done(published, problems, encoded)
}

/// The warnings `kheo serve`'s encoder found for `key` (a build reports
/// those of the photos it encodes itself).
fn warned(later: Option<Later>, key: u64) -> Vec<decode::Problem> {
    later
        .and_then(|l| l.tried.get(&key).cloned())
        .unwrap_or_default()
}

/// Encodes the sources `files` into the cache (`kheo serve`, on a thread
/// of its own); returns the keys tried, with the warnings of those
/// encoded. Problems are reported by the build that follows, which finds
/// the keys tried ([`Later`]).
pub fn encode_pending(dir: &Path, widths: &[u32], files: &[PathBuf]) -> Tried {
    let root = super::cache_root_of(&dir.join("static"));
    let _ = std::fs::create_dir_all(&root);
    let run = || {
        files
            .par_iter()
            .filter_map(|file| {
                let bytes = decode::read(file).ok()?;
                let key = cache::key(&bytes, widths);
                let mut warnings = Vec::new();
                if cache::load(&root, key).is_none() {
                    let (_, problems, _) = encode_into(&root, widths, file, key, bytes);
                    warnings = problems.into_iter().filter(|p| !p.error).collect();
                }
                Some((key, warnings))
            })
            .collect::<Tried>()
    };
    match rayon::ThreadPoolBuilder::new()
        .num_threads(rayon::current_num_threads().min(WORKERS))
        .build()
    {
        Ok(pool) => pool.install(run),
        Err(_) => run(),
    }
}

/// The entry encoding `d` at `widths` would make.
fn sized(widths: &[u32], d: &decode::Decoded) -> cache::Entry {
    let (w, h) = (d.pixels.width(), d.pixels.height());
    cache::Entry {
        width: w,
        height: h,
        fallback: fallback_of(d),
        sizes: widths_for(widths, w)
            .into_iter()
            .map(|x| {
                let x = x.min(w);
                (x, encode::height_for(w, h, x))
            })
            .collect(),
    }
}

/// A PNG stays a PNG, so that its file at the original name is one.
fn fallback_of(d: &decode::Decoded) -> Fallback {
    if d.alpha || d.png {
        Fallback::Png
    } else {
        Fallback::Jpeg
    }
}

/// Decodes `bytes` (of `file`) and stores its published files under
/// `key`. Returns the entry (`None`: refused), the problems found and
/// whether it was encoded.
#[allow(clippy::type_complexity)]
fn encode_into(
    root: &Path,
    widths: &[u32],
    file: &Path,
    key: u64,
    bytes: Vec<u8>,
) -> (Option<(u64, cache::Entry)>, Vec<decode::Problem>, bool) {
    let d = match decode::decode(file, &bytes) {
        Ok(d) => d,
        Err(p) => return (None, vec![p], false),
    };
    drop(bytes);
    let (w, h) = (d.pixels.width(), d.pixels.height());
    let fallback = fallback_of(&d);
    let refused = |p: decode::Problem| {
        let mut problems = d.warnings.clone();
        problems.push(p);
        (None, problems, false)
    };
    let name = file_name(file);
    let mut files = Vec::new();
    for width in widths_for(widths, w) {
        match encode::encode(&d.pixels, d.alpha, fallback, width) {
            Ok(e) => files.push(e),
            Err(e) => {
                return refused(
                    decode::Problem::error("image-encode-failed", &name)
                        .arg("detail", e.to_string()),
                );
            }
        }
    }
    match cache::store(root, key, w, h, fallback, &files) {
        Ok(entry) => (Some((key, entry)), d.warnings, true),
        Err(e) => refused(
            decode::Problem::error("image-cache-unwritable", &name)
                .arg("dir", root.to_string_lossy().replace('\\', "/"))
                .arg("detail", e.to_string()),
        ),
    }
}
