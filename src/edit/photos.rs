//! Photos an editor adds in the browser editor: an upload is made ready
//! at once ([`stage`]: orientation applied, metadata stripped unless the
//! editor keeps the original, size checked) into a staging folder under
//! the site's `.kheo/`, and lands in `content/` only when the entry is
//! saved ([`commit`]: moved into the entry's bundle, an `x.md` entry
//! becoming `x/index.md`). So a form that is never saved writes nothing
//! under `content/`, and a new entry can take photos before its file
//! exists. It does not parse requests or draw the form.
//!
//! The stored file is made from the decoded, upright pixels alone (as the
//! published files are), so no EXIF, GPS, XMP, IPTC or maker note reaches
//! `content/`, which an editor's site keeps in its history. Its long edge
//! is capped at [`STORED_SCALE`] times the widest width the site
//! publishes (3200 px at the default `images.widths`), never making it
//! narrower than that widest width: every published width is still made
//! from more pixels than it shows, and the site can raise
//! `images.widths` later without the photos falling short, while a 12- to
//! 48-megapixel phone photo of 4–20 MB becomes a file of one to three.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::Serialize;

use super::content_path;
use super::write::{WriteError, entry_path};
use crate::images::{decode, encode, widths_for};
use crate::l10n::Msg;

/// Where staged uploads wait, under the site folder; one folder per
/// upload, named by its id.
pub const STAGING: &str = ".kheo/tai-len";
/// A staged upload's long edge is at most this many times the widest
/// width the site publishes (see the module's doc).
pub const STORED_SCALE: u32 = 2;
/// JPEG quality of the stored file: the pipeline encodes it again for
/// publishing, so it must carry little loss of its own.
pub const STORED_QUALITY: u8 = 90;
/// Staged uploads older than this are removed when `kheo serve` starts:
/// a form left open that long has been given up.
pub const KEEP_STAGED: Duration = Duration::from_secs(24 * 60 * 60);
/// The phone width the published size is given for: the file a page's
/// `src` names and a phone's browser takes for a page-wide photo (the
/// width closest to this, as [`crate::images::Table::view`] picks it).
const PHONE_WIDTH: u32 = 960;
/// Random bytes in an id (shown as twice as many hex digits).
const ID_BYTES: usize = 16;
/// The file types a staged name may have.
const EXTENSIONS: [&str; 4] = ["jpg", "png", "webp", "gif"];

/// An upload made ready, waiting in [`STAGING`] for its entry's save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Staged {
    /// The upload's folder under [`STAGING`]: random, safe in a path.
    pub id: String,
    /// The file name it will have in the bundle: safe for a path and a
    /// URL, from the uploaded name.
    pub name: String,
    pub width: u32,
    pub height: u32,
    /// The bytes of the file that will land in `content/`.
    pub bytes: u64,
    /// What a citizen downloads for it on a phone: the bytes of the
    /// published AVIF at the width the model page shows.
    pub published_bytes: u64,
    /// The original bytes were kept (the editor asked): metadata stays.
    pub kept_original: bool,
}

/// Why an upload or its move into the bundle failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhotoError {
    /// Not a photo kheo can publish, or a broken one (`detail` says why).
    Unreadable { name: String, detail: String },
    /// The image pipeline refused the file: its own message (an
    /// `image-…` id: not an image, HEIC, damaged, too large…).
    Image(Msg),
    /// The staged upload is gone or its id is not one of ours.
    Missing { id: String },
    /// The entry's path is refused (outside `content/`, a link…).
    Entry(WriteError),
    /// The file system refused.
    Io { path: PathBuf, detail: String },
}

impl PhotoError {
    /// The message for the editor.
    pub fn msg(&self) -> Msg {
        match self {
            PhotoError::Unreadable { name, detail } => Msg::new("edit-photo-unreadable")
                .arg("name", name.as_str())
                .arg("detail", detail.as_str()),
            PhotoError::Image(msg) => msg.clone(),
            PhotoError::Missing { id } => Msg::new("edit-photo-missing").arg("id", id.as_str()),
            PhotoError::Entry(e) => e.msg(),
            PhotoError::Io { path, detail } => Msg::new("edit-io")
                .path("path", path)
                .arg("detail", detail.as_str()),
        }
    }
}

fn io(path: &Path, e: &std::io::Error) -> PhotoError {
    PhotoError::Io {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

/// Makes the uploaded `bytes` (named `upload_name` on the editor's
/// machine) ready under [`STAGING`] of the site folder `site`.
pub fn stage(
    site: &Path,
    upload_name: &str,
    bytes: &[u8],
    keep_original: bool,
) -> Result<Staged, PhotoError> {
    let shown = upload_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .to_string();
    if bytes.len() as u64 > decode::MAX_FILE_BYTES {
        return Err(PhotoError::Image(
            Msg::new("image-file-too-big")
                .arg("name", shown.as_str())
                .arg("mb", decode::MAX_FILE_BYTES / (1024 * 1024)),
        ));
    }
    let decoded = decode::decode(Path::new(&shown), bytes).map_err(|p| PhotoError::Image(p.msg))?;
    let unreadable = |detail: String| PhotoError::Unreadable {
        name: shown.clone(),
        detail,
    };
    let widths = site_widths(site);
    let png = decoded.alpha || decoded.png;
    let (stored, ext, pixels) = if keep_original {
        let ext = image::guess_format(bytes)
            .ok()
            .and_then(|f| f.extensions_str().first().copied())
            .unwrap_or("jpg");
        (bytes.to_vec(), ext, decoded)
    } else {
        let widest = widths.iter().max().copied().unwrap_or(PHONE_WIDTH);
        let stored = store(&decoded, png, widest).map_err(&unreadable)?;
        drop(decoded);
        // What a build will read: published sizes are counted from it.
        let again =
            decode::decode(Path::new(&shown), &stored).map_err(|p| PhotoError::Image(p.msg))?;
        (stored, if png { "png" } else { "jpg" }, again)
    };
    let (width, height) = (pixels.pixels.width(), pixels.pixels.height());
    let published_bytes = phone_avif_bytes(&pixels, &widths).map_err(&unreadable)?;
    drop(pixels);
    let name = safe_name(&shown, ext);
    let id = super::random_hex(ID_BYTES).map_err(|e| unreadable(e.to_string()))?;
    let dir = staging_dir(site)?.join(&id);
    std::fs::create_dir(&dir).map_err(|e| io(&dir, &e))?;
    let path = dir.join(&name);
    write_new(&path, &stored)?;
    Ok(Staged {
        id,
        name,
        width,
        height,
        bytes: stored.len() as u64,
        published_bytes,
        kept_original: keep_original,
    })
}

/// The widths the site publishes (`images.widths` of `site.yaml`; the
/// defaults when it cannot be read, which the build reports itself).
fn site_widths(site: &Path) -> Vec<u32> {
    let mut diags = crate::diag::Diagnostics::new();
    crate::config::SiteConfig::load(site, &mut diags)
        .images
        .widths
}

/// The size a `w` × `h` photo is stored at, for a site whose widest
/// published width is `widest` (see the module's doc).
pub fn stored_size(w: u32, h: u32, widest: u32) -> (u32, u32) {
    let cap = u64::from(widest * STORED_SCALE);
    let long = u64::from(w.max(h));
    if long <= cap {
        return (w, h);
    }
    let width = ((u64::from(w) * cap / long) as u32).max(widest.min(w));
    (width, encode::height_for(w, h, width))
}

/// The upright pixels of `d`, at [`stored_size`], as a JPEG (a PNG when
/// `png`) carrying nothing but pixels.
fn store(d: &decode::Decoded, png: bool, widest: u32) -> Result<Vec<u8>, String> {
    let (w, h) = (d.pixels.width(), d.pixels.height());
    let size = stored_size(w, h, widest);
    let resized;
    let buf = if size == (w, h) {
        d.pixels.as_bytes()
    } else {
        resized = kheo_codec::resize(d.pixels.as_bytes(), (w, h), d.alpha, size)?;
        &resized
    };
    if png {
        kheo_codec::png(buf, size, d.alpha)
    } else {
        kheo_codec::jpeg(buf, size, STORED_QUALITY)
    }
}

/// The bytes of the AVIF a build publishes for `d` at the width a phone
/// takes ([`PHONE_WIDTH`]'s nearest among the widths `d` is published
/// at): the same resize and encoder settings as [`encode::encode`].
fn phone_avif_bytes(d: &decode::Decoded, widths: &[u32]) -> Result<u64, String> {
    let (w, h) = (d.pixels.width(), d.pixels.height());
    let width = widths_for(widths, w)
        .into_iter()
        .min_by_key(|x| x.abs_diff(PHONE_WIDTH))
        .unwrap_or(w)
        .min(w);
    let size = (width, encode::height_for(w, h, width));
    let buf = kheo_codec::resize(d.pixels.as_bytes(), (w, h), d.alpha, size)?;
    let avif = kheo_codec::avif(
        &buf,
        size,
        d.alpha,
        encode::AVIF_QUALITY,
        encode::AVIF_SPEED,
    )?;
    Ok(avif.len() as u64)
}

/// A file name for the upload `shown`, safe in a path and a URL:
/// `Ảnh đội tuyển.JPG` gives `anh-doi-tuyen.jpg`.
pub fn safe_name(shown: &str, ext: &str) -> String {
    let stem = match shown.rsplit_once('.') {
        Some((s, _)) if !s.is_empty() => s,
        _ => shown,
    };
    let slug = crate::text::title_slug(stem);
    let slug = if slug.is_empty() {
        "anh".to_string()
    } else {
        slug
    };
    format!("{slug}.{ext}")
}

fn is_id(id: &str) -> bool {
    id.len() == 2 * ID_BYTES
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Whether `name` is of the shape [`safe_name`] makes: a slug, a dot and
/// one of [`EXTENSIONS`].
fn is_name(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    EXTENSIONS.contains(&ext)
        && !stem.is_empty()
        && stem.len() <= crate::text::MAX_SLUG + 8
        && !stem.starts_with('-')
        && !stem.ends_with('-')
        && !stem.contains("--")
        && stem
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_link(m: &std::fs::Metadata) -> bool {
    m.file_type().is_symlink() || content_path::is_junction(m)
}

/// [`STAGING`] under `site`, made if missing; refused if it or `.kheo`
/// is a link (an upload is never written elsewhere through one).
fn staging_dir(site: &Path) -> Result<PathBuf, PhotoError> {
    let dir = site.join(STAGING);
    std::fs::create_dir_all(&dir).map_err(|e| io(&dir, &e))?;
    // A kept original still carries its GPS: `.kheo/` is never
    // committed (the parse cache writes the same file on a build).
    let ignore = site.join(".kheo/.gitignore");
    if !ignore.exists() {
        let _ = std::fs::write(
            &ignore,
            "# kheo's caches and photos waiting for a save: never to commit.\n*\n",
        );
    }
    let mut at = site.to_path_buf();
    for part in STAGING.split('/') {
        at.push(part);
        let m = std::fs::symlink_metadata(&at).map_err(|e| io(&at, &e))?;
        if is_link(&m) || !m.is_dir() {
            return Err(PhotoError::Io {
                path: at,
                detail: "a link or not a folder".to_string(),
            });
        }
    }
    Ok(dir)
}

/// The staged file `id`/`name`, when both are ours (no `..`, no `/`)
/// and it exists: for the form's thumbnail and the preview.
pub fn staged_path(site: &Path, id: &str, name: &str) -> Option<PathBuf> {
    if !is_id(id) || !is_name(name) {
        return None;
    }
    let mut at = site.to_path_buf();
    let parts: Vec<&str> = STAGING.split('/').chain([id, name]).collect();
    for (i, part) in parts.iter().enumerate() {
        at.push(part);
        let m = std::fs::symlink_metadata(&at).ok()?;
        let last = i + 1 == parts.len();
        if is_link(&m) || (last && !m.is_file()) || (!last && !m.is_dir()) {
            return None;
        }
    }
    Some(at)
}

/// Removes the staged uploads of `site` last changed more than `age`
/// ago (`kheo serve` calls it with [`KEEP_STAGED`] when it starts).
/// Only folders of our id's shape are touched, never through a link.
/// Returns how many were removed.
pub fn remove_old_staged(site: &Path, age: Duration) -> usize {
    let dir = site.join(STAGING);
    let Ok(m) = std::fs::symlink_metadata(&dir) else {
        return 0;
    };
    if is_link(&m) || !m.is_dir() {
        return 0;
    }
    let Ok(list) = std::fs::read_dir(&dir) else {
        return 0;
    };
    let now = SystemTime::now();
    let mut removed = 0;
    for e in list.flatten() {
        let ours = e.file_name().to_str().is_some_and(is_id);
        let Ok(m) = std::fs::symlink_metadata(e.path()) else {
            continue;
        };
        let old = m
            .modified()
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|d| d > age);
        if ours && old && m.is_dir() && !is_link(&m) && std::fs::remove_dir_all(e.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Writes `bytes` as the new file `path`, never over an existing one.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), PhotoError> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| io(path, &e))?;
    f.write_all(bytes).map_err(|e| io(path, &e))?;
    f.sync_all().map_err(|e| io(path, &e))
}

/// What [`commit`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Committed {
    /// The entry's path after the move (`x.md` becomes `x/index.md`).
    pub entry_rel: String,
    /// Each staged name and the name it got in the bundle (a number is
    /// added when the bundle has a file of that name already).
    pub names: Vec<(String, String)>,
}

/// Moves the staged `photos` (`(id, name)` pairs) into the bundle of the
/// entry `entry_rel` (a `/`-separated path under `site`, as
/// [`super::write::entry_path`] takes), turning a plain `x.md` into
/// `x/index.md` first. Never replaces a file. The caller then writes the
/// entry at [`Committed::entry_rel`] with the images' new names.
///
/// A model's or award's URL comes from its slug (its title's, or
/// `slug:`) and its locality, never from its file's name, so the move
/// keeps it. A free page's URL is its file's name, so a page's photos go
/// beside its file instead (where a page's photos are looked for), and it
/// is not moved. An entry whose file does not exist yet (a new one) gets
/// its bundle folder, and `entry_rel` names its `index.md`.
///
/// A save that fails half way leaves every photo staged, as it found
/// them: the ones already moved go back, so that saving again finds them.
pub fn commit(
    site: &Path,
    entry_rel: &str,
    photos: &[(String, String)],
) -> Result<Committed, PhotoError> {
    commit_with(site, entry_rel, photos, move_in)
}

/// [`commit`], each photo moved into the bundle by `move_one` ([`move_in`]).
fn commit_with(
    site: &Path,
    entry_rel: &str,
    photos: &[(String, String)],
    mut move_one: impl FnMut(&Path, &Path, &str) -> Result<String, PhotoError>,
) -> Result<Committed, PhotoError> {
    let entry = entry_path(site, entry_rel).map_err(PhotoError::Entry)?;
    // Every photo is checked before anything moves.
    let mut sources = Vec::with_capacity(photos.len());
    for (id, name) in photos {
        let path =
            staged_path(site, id, name).ok_or_else(|| PhotoError::Missing { id: id.clone() })?;
        sources.push((path, name));
    }
    if photos.is_empty() {
        return Ok(Committed {
            entry_rel: entry_rel.to_string(),
            names: Vec::new(),
        });
    }
    let plain = entry.file_name().and_then(|n| n.to_str()) != Some("index.md")
        && !entry_rel.starts_with("content/pages/");
    let (dir, rel) = if plain {
        let stem = &entry_rel[..entry_rel.len() - ".md".len()];
        let rel = format!("{stem}/index.md");
        let bundle = entry.with_extension("");
        open_bundle(&bundle)?;
        // Made just now, perhaps: checked again for links.
        entry_path(site, &rel).map_err(PhotoError::Entry)?;
        (bundle, rel)
    } else {
        let dir = entry.parent().map(Path::to_path_buf).unwrap_or_default();
        std::fs::create_dir_all(&dir).map_err(|e| io(&dir, &e))?;
        entry_path(site, entry_rel).map_err(PhotoError::Entry)?;
        (dir, entry_rel.to_string())
    };
    let mut names = Vec::with_capacity(sources.len());
    let mut moved: Vec<(&Path, PathBuf)> = Vec::with_capacity(sources.len());
    let undo = |moved: &[(&Path, PathBuf)], e: PhotoError| {
        put_back(moved);
        if plain {
            // The bundle made for this save, when nothing else is in it.
            let _ = std::fs::remove_dir(&dir);
        }
        Err(e)
    };
    for (from, name) in &sources {
        match move_one(from, &dir, name) {
            Ok(got) => {
                moved.push((from.as_path(), dir.join(&got)));
                names.push(((*name).clone(), got));
            }
            Err(e) => return undo(&moved, e),
        }
    }
    // The photos first: if this rename fails, the entry is where it was.
    if plain && entry.exists() {
        let index = dir.join("index.md");
        if let Err(e) = std::fs::rename(&entry, &index) {
            return undo(&moved, io(&entry, &e));
        }
    }
    for (from, _) in &moved {
        if let Some(staged) = from.parent() {
            // Empty now; a failure only leaves it to the next cleanup.
            let _ = std::fs::remove_dir(staged);
        }
    }
    Ok(Committed {
        entry_rel: rel,
        names,
    })
}

/// Moves photos a failed save had moved into the bundle back to where
/// they were staged, last first. One that cannot go back stays in the
/// bundle: never lost, and the next save's [`open_bundle`] accepts it.
fn put_back(moved: &[(&Path, PathBuf)]) {
    for (staged, in_bundle) in moved.iter().rev() {
        if std::fs::rename(in_bundle, staged).is_err() && std::fs::copy(in_bundle, staged).is_ok() {
            let _ = std::fs::remove_file(in_bundle);
        }
    }
}

/// Makes the bundle folder `bundle` of a plain entry, or accepts it if
/// it exists and holds only files that are not entries (photos an earlier
/// save moved there before failing): never a folder with entries or
/// folders of its own, which would become part of the bundle.
fn open_bundle(bundle: &Path) -> Result<(), PhotoError> {
    let taken = || {
        PhotoError::Entry(WriteError::Exists {
            path: bundle.to_path_buf(),
        })
    };
    match std::fs::create_dir(bundle) {
        Ok(()) => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(io(bundle, &e)),
    }
    let m = std::fs::symlink_metadata(bundle).map_err(|e| io(bundle, &e))?;
    if is_link(&m) || !m.is_dir() {
        return Err(taken());
    }
    for e in std::fs::read_dir(bundle).map_err(|e| io(bundle, &e))? {
        let e = e.map_err(|e| io(bundle, &e))?;
        let kind = e.file_type().map_err(|err| io(&e.path(), &err))?;
        let md = e
            .file_name()
            .to_str()
            .is_none_or(|n| n.to_ascii_lowercase().ends_with(".md"));
        if !kind.is_file() || md {
            return Err(taken());
        }
    }
    Ok(())
}

/// Moves `from` into `dir` as `name`, or `name-2`, `name-3`… when taken:
/// the name is claimed with an exclusive create, then the file renamed
/// over the claim (copied when the two are on different disks).
fn move_in(from: &Path, dir: &Path, name: &str) -> Result<String, PhotoError> {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    for n in 1..10_000u32 {
        let candidate = if n == 1 {
            name.to_string()
        } else {
            format!("{stem}-{n}.{ext}")
        };
        let to = dir.join(&candidate);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&to)
        {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io(&to, &e)),
        }
        if std::fs::rename(from, &to).is_err() {
            std::fs::copy(from, &to).map_err(|e| io(&to, &e))?;
            let _ = std::fs::remove_file(from);
        }
        return Ok(candidate);
    }
    Err(PhotoError::Io {
        path: dir.join(name),
        detail: "no free name".to_string(),
    })
}

#[cfg(test)]
#[path = "photos_tests.rs"]
mod tests;
