//! Photos: every raster image the site shows (a model's front-matter
//! `images:`, from its bundle or from `static/`; the bundle images its
//! body names; the images beside a free page that its body names; the
//! files of `static/`) is published as a few widths
//! (`images.widths` in `site.yaml`, never wider than the source), each as
//! AVIF and as a JPEG (PNG when transparent) fallback, made from the
//! upright pixels alone, so no EXIF, XMP, IPTC or maker note is ever
//! published. The file at the original name is the widest fallback (its
//! metadata stripped too), so links to it keep working; the original
//! bytes are published only with `images.originals: true`.
//!
//! [`prepare`] runs before rendering ([`prepare_later`] in `kheo serve`):
//! sources are read, hashed and looked up in the cache ([`cache`]); the
//! others are decoded ([`decode`]) and encoded ([`encode`]) on a pool of
//! at most [`WORKERS`] threads. The resulting [`Table`] is what the views
//! see (sizes for `srcset`, `width` and `height`; [`Table::body_picture`]
//! for images in bodies) and what [`Table::publish`] copies to the output.
//!
//! Memory is bounded: a worker holds one source file (at most
//! [`decode::MAX_FILE_BYTES`]), its pixels (the decoder refuses more
//! than [`decode::MAX_PIXELS`] from the header, before allocating; 150 MB
//! of RGB at most) and one resized copy, so a build holds at most
//! [`WORKERS`] × about 400 MB for photos, whatever the site's size.

pub mod cache;
pub mod decode;
pub mod encode;
mod prepare;

pub use prepare::{
    Later, Stamp, Tried, diagnostics, encode_pending, prepare, prepare_check, prepare_later, prune,
};

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::content::common::{Image, ImageSrc};
use crate::diag::Diagnostic;
use crate::render::Sink;
use crate::site::Site;
use encode::Fallback;

/// What a photo's file name must have percent-encoded in a URL.
const URL_PATH: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'\'')
    .add(b',')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');
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
    pub fn checked(mut self) -> Result<Settings, &'static str> {
        self.widths.sort_unstable();
        self.widths.dedup();
        if self.widths.is_empty() || self.widths.iter().any(|w| !(16..=4096).contains(w)) {
            return Err("images-widths-bad");
        }
        Ok(self)
    }
}

/// One source image, published.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Published {
    pub key: u64,
    pub entry: cache::Entry,
    /// The source's size and time when it was read.
    pub stamp: Option<Stamp>,
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
    /// The problems found of each source read (see [`diagnostics`]).
    pub problems: BTreeMap<PathBuf, Vec<decode::Problem>>,
    /// Files not in the cache, left for [`encode_pending`] (`kheo serve`
    /// only); their pages show them as they are meanwhile.
    pub pending: Vec<PathBuf>,
    /// Keys of entries `kheo check` sized without encoding them: not in
    /// the cache, their files are named, never made (a build has none).
    pub sized: BTreeSet<u64>,
    /// A hash of every source's entry: what the pages can show of the
    /// photos (a photo replaced under its name changes no entry file).
    pub digest: u64,
    /// A hash of the entries of `static/`'s files ([`Table::body_digest`]).
    pub static_digest: u64,
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

    /// A hash of what a body in `bundle` can show of the site's images:
    /// the entries of the bundle's files and of `static/`'s.
    pub fn body_digest(&self, bundle: Option<&Path>) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        if let Some(dir) = bundle {
            for (f, p) in self
                .sources
                .range(dir.to_path_buf()..)
                .take_while(|(f, _)| f.starts_with(dir))
            {
                (f.strip_prefix(dir).unwrap_or(f), &p.entry).hash(&mut h);
            }
        }
        h.write_u64(self.static_digest);
        h.finish()
    }

    /// Whether every raster file in the bundle `dir` is in the table
    /// (published, refused or pending): false when the bundle has one a
    /// body may name that the last build did not look at.
    pub fn knows_all_in(&self, dir: &Path) -> bool {
        prepare::rasters(dir, 1).iter().all(|f| {
            self.sources.contains_key(f) || self.refused.contains(f) || self.pending.contains(f)
        })
    }

    /// The `<picture>` of the local image a body shows at `dest` (as
    /// written: a file of the bundle, or `/…` in `static/`), with `alt`,
    /// on the page at `page`; `None` when kheo did not publish it in
    /// widths (external, refused, pending, or not a file kheo knows).
    pub fn body_picture(
        &self,
        bundle: Option<&Path>,
        page: &str,
        dest: &str,
        alt: &str,
        url: impl Fn(&str) -> String,
    ) -> Option<String> {
        // A destination is a URL: a photo named with a space or in
        // Vietnamese is written percent-encoded (`anh%20doi.jpg`).
        let dest = percent_encoding::percent_decode_str(dest)
            .decode_utf8()
            .ok()?;
        let dest = dest.as_ref();
        // Never a path out of the bundle or `static/`: such a file is not
        // in the table anyway, as its path is not normalized.
        if dest.contains("..") || dest.contains('\\') || dest.contains(['?', '#', ':']) {
            return None;
        }
        let src = match dest.strip_prefix('/') {
            Some(rest) if !rest.starts_with('/') => ImageSrc::Site(rest.to_string()),
            Some(_) => return None,
            None => ImageSrc::Bundle(dest.trim_start_matches("./").to_string()),
        };
        let img = Image {
            src,
            alt: alt.to_string(),
            caption: None,
            credit: None,
        };
        let r = self.view(bundle, page, &img, url)?;
        let esc = |s: &str| {
            let mut out = String::with_capacity(s.len());
            let _ = pulldown_cmark_escape::escape_html(&mut out, s);
            out
        };
        const SIZES: &str = "(max-width: 42rem) calc(100vw - 2rem), 40rem";
        Some(format!(
            "<picture><source type=\"image/avif\" srcset=\"{}\" sizes=\"{SIZES}\"><img src=\"{}\" srcset=\"{}\" sizes=\"{SIZES}\" width=\"{}\" height=\"{}\" alt=\"{}\" loading=\"lazy\" decoding=\"async\"></picture>",
            esc(&r.avif_srcset),
            esc(&r.src),
            esc(&r.srcset),
            r.width,
            r.height,
            esc(alt)
        ))
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
        // The files keep the photo's name: spaces, commas (which would cut
        // a srcset) and anything not plain ASCII are percent-encoded.
        let url =
            |path: &str| url(&percent_encoding::utf8_percent_encode(path, URL_PATH).to_string());
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
        // The images of a bundle its body names, beside its page.
        let in_bodies: Vec<(&Path, String, Image)> = site
            .models
            .iter()
            .filter_map(|m| Some((m.bundle_dir.as_deref()?, m)))
            .flat_map(|(dir, m)| {
                let page = crate::render::cards::model_path(&m.url);
                self.sources
                    .range(dir.to_path_buf()..)
                    .take_while(move |(f, _)| f.starts_with(dir))
                    .filter_map(move |(f, _)| {
                        let name = f.strip_prefix(dir).ok()?.to_string_lossy();
                        let img = Image {
                            src: ImageSrc::Bundle(name.replace('\\', "/")),
                            alt: String::new(),
                            caption: None,
                            credit: None,
                        };
                        Some((dir, page.clone(), img))
                    })
            })
            .collect();
        // The photos beside a free page's file its body names, beside
        // the page.
        let in_pages: Vec<(&Path, String, Image)> = site
            .pages
            .iter()
            .filter_map(|p| Some((p.path.parent()?, p)))
            .flat_map(|(dir, p)| {
                self.sources
                    .range(dir.to_path_buf()..)
                    .take_while(move |(f, _)| f.starts_with(dir))
                    .filter(move |(f, _)| f.parent() == Some(dir))
                    .filter_map(move |(f, _)| {
                        let name = f.file_name()?.to_string_lossy();
                        p.body.contains(&*name).then(|| {
                            let img = Image {
                                src: ImageSrc::Bundle(name.into_owned()),
                                alt: String::new(),
                                caption: None,
                                credit: None,
                            };
                            (dir, format!("{}/", p.slug), img)
                        })
                    })
            })
            .collect();
        let all = listed
            .chain(
                in_bodies
                    .iter()
                    .chain(&in_pages)
                    .map(|(d, page, img)| (Some(*d), page.clone(), img)),
            )
            .chain(loose.iter().map(|(page, img)| (None, page.clone(), img)));
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
                let sized = self.sized.contains(&p.key);
                for (to, from) in copies {
                    files += 1;
                    // `kheo check`'s sinks keep the paths alone.
                    let done = if sized && from != src {
                        sink.write(&to, &[])
                    } else {
                        sink.copy(&to, &from)
                    };
                    if let Err(d) = done {
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

fn extension_is(name: &str, f: Fallback) -> bool {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match f {
        Fallback::Jpeg => matches!(ext.as_deref(), Some("jpg" | "jpeg")),
        Fallback::Png => ext.as_deref() == Some("png"),
    }
}
