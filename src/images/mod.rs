//! Photos: every raster image a model shows (its front matter's
//! `images:`, from its bundle or from `static/`) is published as a few
//! widths (`images.widths` in `site.yaml`, never wider than the source),
//! each as AVIF and as a JPEG (PNG when transparent) fallback, made from
//! the upright pixels alone, so no EXIF, XMP, IPTC or maker note is ever
//! published. The file at the original name is the widest fallback
//! (its metadata stripped too), so links to it keep working; the original
//! bytes are published only with `images.originals: true`.
//!
//! [`prepare`] runs before rendering: sources are read, hashed and looked
//! up in the cache ([`cache`]); the others are decoded ([`decode`]) and
//! encoded ([`encode`]) on a pool of at most [`WORKERS`] threads. The
//! resulting [`Table`] is what the views see (sizes for `srcset`,
//! `width` and `height`) and what [`Table::publish`] copies to the output.
//!
//! Memory is bounded: a worker holds one source file (at most
//! [`decode::MAX_FILE_BYTES`]), its pixels (the decoder refuses more
//! than [`decode::MAX_PIXELS`] from the header, before allocating; 150 MB
//! of RGB at most) and one resized copy, so a build holds at most
//! [`WORKERS`] × about 400 MB for photos, whatever the site's size.

pub mod cache;
pub mod decode;
pub mod encode;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;

use crate::content::common::{Image, ImageSrc};
use crate::content::frontmatter;
use crate::diag::{Diagnostic, Diagnostics};
use crate::render::Sink;
use crate::site::Site;
use encode::Fallback;

/// At most this many images are decoded at once (see the module's memory bound).
pub const WORKERS: usize = 4;

/// `images:` in `site.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Published widths in pixels; a source narrower than the widest is
    /// also published at its own width, never wider.
    pub widths: Vec<u32>,
    /// Publish the original files as they are, metadata included.
    pub originals: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            widths: vec![480, 960, 1600],
            originals: false,
        }
    }
}

impl Settings {
    /// The widths sorted, without repeats, each 16 to 4096 pixels.
    pub fn checked(mut self) -> Result<Settings, String> {
        self.widths.sort_unstable();
        self.widths.dedup();
        if self.widths.is_empty() || self.widths.iter().any(|w| !(16..=4096).contains(w)) {
            return Err("`images.widths` must list widths from 16 to 4096 pixels".into());
        }
        Ok(self)
    }
}

/// One source image, published.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Published {
    pub key: u64,
    pub entry: cache::Entry,
}

/// Every source image of a build, by file.
#[derive(Debug, Default, Clone)]
pub struct Table {
    pub sources: BTreeMap<PathBuf, Published>,
    /// `static/` of the site, for `/…` images.
    pub static_dir: PathBuf,
    pub originals: bool,
    /// Cache entries made by this build (the others were found).
    pub encoded: usize,
    /// Files that could not be published (reported).
    pub refused: BTreeSet<PathBuf>,
}

/// The widths a source `w` pixels wide is published at.
pub fn widths_for(settings: &[u32], w: u32) -> Vec<u32> {
    let mut out: Vec<u32> = settings.iter().copied().filter(|&s| s < w).collect();
    if settings.iter().any(|&s| s >= w) || out.is_empty() {
        out.push(w);
    }
    out
}

/// What a template gets for one image (see `docs/templates.md`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Responsive {
    /// The upright size of the widest published file.
    pub width: u32,
    pub height: u32,
    /// `url 480w, url 960w, …` of the AVIF files.
    pub avif_srcset: String,
    /// The same of the fallback files.
    pub srcset: String,
    /// MIME type of the fallback (`image/jpeg` or `image/png`).
    pub fallback_type: &'static str,
    /// The fallback closest to 960 pixels, for `src`.
    pub src: String,
}

impl Table {
    /// The source file of `img`, for a model in `bundle`.
    pub fn source(&self, bundle: Option<&Path>, img: &Image) -> Option<PathBuf> {
        match &img.src {
            ImageSrc::Bundle(f) => bundle.map(|d| d.join(f)),
            ImageSrc::Site(p) => Some(self.static_dir.join(p)),
            ImageSrc::External(_) => None,
        }
    }

    fn published(&self, bundle: Option<&Path>, img: &Image) -> Option<&Published> {
        self.sources.get(&self.source(bundle, img)?)
    }

    /// A hash of what the pages of a model with `images` show of them.
    pub fn digest(&self, bundle: Option<&Path>, images: &[Image]) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        for img in images {
            self.published(bundle, img).map(|p| &p.entry).hash(&mut h);
        }
        h.finish()
    }

    /// The site path (under the output) of `img`'s file of `width` in
    /// `ext`, or of its original name (`None`).
    fn path(page: &str, img: &Image, suffix: Option<(u32, &str)>) -> Option<String> {
        let (dir, name) = match &img.src {
            ImageSrc::Bundle(f) => (page.to_string(), f.as_str()),
            ImageSrc::Site(p) => match p.rsplit_once('/') {
                Some((d, n)) => (format!("{d}/"), n),
                None => (String::new(), p.as_str()),
            },
            ImageSrc::External(_) => return None,
        };
        Some(match suffix {
            None => format!("{dir}{name}"),
            Some((w, ext)) => {
                let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
                format!("{dir}{stem}-{w}.{ext}")
            }
        })
    }

    /// The responsive view of `img` on the page at `page` (a path such as
    /// `mo-hinh/slug/`), with `url` making a URL of a site path.
    pub fn view(
        &self,
        bundle: Option<&Path>,
        page: &str,
        img: &Image,
        url: impl Fn(&str) -> String,
    ) -> Option<Responsive> {
        let p = self.published(bundle, img)?;
        let e = &p.entry;
        let set = |ext: &str| {
            e.sizes
                .iter()
                .filter_map(|&(w, _)| {
                    Some(format!(
                        "{} {w}w",
                        url(&Self::path(page, img, Some((w, ext)))?)
                    ))
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let &(mid, _) = e.sizes.iter().min_by_key(|&&(w, _)| w.abs_diff(960))?;
        let &(width, height) = e.sizes.last()?;
        Some(Responsive {
            width,
            height,
            avif_srcset: set("avif"),
            srcset: set(e.fallback.ext()),
            fallback_type: e.fallback.mime(),
            src: url(&Self::path(page, img, Some((mid, e.fallback.ext())))?),
        })
    }

    /// Whether the `static/` file at site path `p` is a source image whose
    /// original is not published.
    pub fn hides_asset(&self, p: &str) -> bool {
        let f = self.static_dir.join(p);
        !self.originals && (self.sources.contains_key(&f) || self.refused.contains(&f))
    }

    /// Copies every published file of the site's images into `sink`;
    /// returns how many files.
    pub fn publish(&self, site: &Site, sink: &dyn Sink, errs: &mut Vec<Diagnostic>) -> usize {
        let mut done = BTreeSet::new();
        let mut files = 0;
        // Raster files of `static/` no model lists (a body may show them)
        // are published the same way, under their site path.
        let loose: Vec<(String, Image)> = self
            .sources
            .keys()
            .filter_map(|f| f.strip_prefix(&self.static_dir).ok())
            .map(|rel| {
                let rel = rel.to_string_lossy().replace('\\', "/");
                let img = Image {
                    src: ImageSrc::Site(rel),
                    alt: String::new(),
                    caption: None,
                    credit: None,
                };
                (String::new(), img)
            })
            .collect();
        let listed = site.models.iter().flat_map(|m| {
            let page = crate::render::cards::model_path(&m.url);
            m.images
                .iter()
                .map(move |img| (m.bundle_dir.as_deref(), page.clone(), img))
        });
        let all = listed.chain(loose.iter().map(|(page, img)| (None, page.clone(), img)));
        {
            for (bundle, page, img) in all {
                let Some(src) = self.source(bundle, img) else {
                    continue;
                };
                let Some(p) = self.sources.get(&src) else {
                    // Not an image kheo can publish (reported); a bundle
                    // file is copied as it was before photos were processed.
                    if let (ImageSrc::Bundle(name), true) = (&img.src, src.is_file()) {
                        files += 1;
                        if let Err(d) = sink.copy(&format!("{page}{name}"), &src) {
                            errs.push(d);
                        }
                    }
                    continue;
                };
                let Some(original) = Self::path(&page, img, None) else {
                    continue;
                };
                if !done.insert(original.clone()) {
                    continue;
                }
                let dir = cache::dir_of(&self.cache_root(), p.key);
                let e = &p.entry;
                let mut copies = Vec::new();
                for &(w, _) in &e.sizes {
                    if let Some(t) = Self::path(&page, img, Some((w, "avif"))) {
                        copies.push((t, e.avif(&dir, w)));
                    }
                    if let Some(t) = Self::path(&page, img, Some((w, e.fallback.ext()))) {
                        copies.push((t, e.fallback_file(&dir, w)));
                    }
                }
                if self.originals {
                    copies.push((original, src.clone()));
                } else if let Some(&(w, _)) = e.sizes.last()
                    && extension_is(&original, e.fallback)
                {
                    copies.push((original, e.fallback_file(&dir, w)));
                }
                for (to, from) in copies {
                    files += 1;
                    if let Err(d) = sink.copy(&to, &from) {
                        errs.push(d);
                    }
                }
            }
        }
        files
    }

    fn cache_root(&self) -> PathBuf {
        cache_root_of(&self.static_dir)
    }
}

fn cache_root_of(static_dir: &Path) -> PathBuf {
    static_dir
        .parent()
        .unwrap_or(Path::new("."))
        .join(".kheo/images")
}

/// The raster images under `static/` (by extension), sorted.
fn static_rasters(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
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

fn is_vector(file: &Path) -> bool {
    file.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg") || e.eq_ignore_ascii_case("svgz"))
}

fn extension_is(name: &str, f: Fallback) -> bool {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match f {
        Fallback::Jpeg => matches!(ext.as_deref(), Some("jpg" | "jpeg")),
        Fallback::Png => ext.as_deref() == Some("png"),
    }
}

/// One source and the first entry (file and `src` as written) showing it.
struct Job {
    file: PathBuf,
    entry: PathBuf,
    written: String,
}

/// Reads, checks and (when not cached) encodes every image the site's
/// models show, on at most [`WORKERS`] threads. Problems go to `diags`,
/// naming the entry and the line of its `images:` item.
pub fn prepare(dir: &Path, site: &Site, diags: &mut Diagnostics) -> Table {
    let settings = &site.config.images;
    let mut table = Table {
        static_dir: dir.join("static"),
        originals: settings.originals,
        ..Table::default()
    };
    let mut jobs: BTreeMap<PathBuf, Job> = BTreeMap::new();
    for file in static_rasters(&table.static_dir) {
        jobs.insert(
            file.clone(),
            Job {
                entry: file.clone(),
                written: String::new(),
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
                jobs.insert(
                    file.clone(),
                    Job {
                        file,
                        entry: m.path.clone(),
                        written: match &img.src {
                            ImageSrc::Site(p) => format!("/{p}"),
                            ImageSrc::Bundle(f) | ImageSrc::External(f) => f.clone(),
                        },
                    },
                );
            }
        }
    }
    if jobs.is_empty() {
        return table;
    }
    let root = table.cache_root();
    let _ = std::fs::create_dir_all(&root);
    let jobs: Vec<Job> = jobs.into_values().collect();
    crate::progress::start(crate::progress::Stage::Photos, jobs.len());
    let run = || {
        jobs.par_iter()
            .map(|j| {
                let r = one(&root, &settings.widths, &j.file);
                crate::progress::tick();
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
        let (published, problems, encoded) = r;
        table.encoded += usize::from(encoded);
        for p in problems {
            diags.push(diagnostic(j, p));
        }
        match published {
            Some(p) => {
                table.sources.insert(j.file.clone(), p);
            }
            None => {
                table.refused.insert(j.file.clone());
            }
        }
    }
    table
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

fn diagnostic(j: &Job, mut p: decode::Problem) -> Diagnostic {
    if j.written.is_empty() {
        // A file of `static/` no model lists: a page may not even use it.
        if p.error {
            p.error = false;
            p.message.push_str("; it is not published");
        }
        return Diagnostic::warning(&j.entry, p.message).help(p.help);
    }
    let line = std::fs::read(&j.entry)
        .ok()
        .and_then(|b| frontmatter::decode(&j.entry, &b).ok())
        .and_then(|f| {
            frontmatter::split(&f)
                .ok()
                .map(|s| frontmatter::value_line(&s, "images", &j.written))
        })
        .unwrap_or(1);
    let d = if p.error {
        Diagnostic::error(&j.entry, p.message)
    } else {
        Diagnostic::warning(&j.entry, p.message)
    };
    d.at(line, 1).help(p.help)
}

/// One source: from the cache, or decoded and encoded into it. Returns
/// what is published, the problems found and whether it was encoded.
fn one(
    root: &Path,
    widths: &[u32],
    file: &Path,
) -> (Option<Published>, Vec<decode::Problem>, bool) {
    let bytes = match decode::read(file) {
        Ok(b) => b,
        Err(p) => return (None, vec![p], false),
    };
    let key = cache::key(&bytes, widths);
    if let Some(entry) = cache::load(root, key) {
        // Warnings are for the editor, once per change of the file; a
        // cached entry was already reported when it was made. Errors are
        // never cached.
        return (Some(Published { key, entry }), Vec::new(), false);
    }
    let d = match decode::decode(file, &bytes) {
        Ok(d) => d,
        Err(p) => return (None, vec![p], false),
    };
    drop(bytes);
    let (w, h) = (d.pixels.width(), d.pixels.height());
    // A PNG stays a PNG, so that its file at the original name is one.
    let fallback = if d.alpha || d.png {
        Fallback::Png
    } else {
        Fallback::Jpeg
    };
    let mut files = Vec::new();
    for width in widths_for(widths, w) {
        match encode::encode(&d.pixels, d.alpha, fallback, width) {
            Ok(e) => files.push(e),
            Err(e) => {
                let mut problems = d.warnings;
                problems.push(decode::Problem {
                    error: true,
                    message: format!("image `{}` could not be encoded ({e})", file.display()),
                    help: "export it again as JPEG and replace the file".into(),
                });
                return (None, problems, false);
            }
        }
    }
    match cache::store(root, key, w, h, fallback, &files) {
        Ok(entry) => (Some(Published { key, entry }), d.warnings, true),
        Err(e) => {
            let mut problems = d.warnings;
            problems.push(decode::Problem {
                error: true,
                message: format!("cannot write the photo cache in {}: {e}", root.display()),
                help: "check that the site folder is writable and the disk is not full".into(),
            });
            (None, problems, false)
        }
    }
}
