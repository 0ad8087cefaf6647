//! The published files of each source image, kept in
//! `<site>/.kheo/images/<key>/` between builds. The key is a hash of the
//! source's bytes and of every setting that shapes the output (widths,
//! encoders, qualities, this format's version), so an entry is either
//! exactly what encoding would make now or is not found. Entries are
//! written in a temporary folder and renamed into place, so a stopped
//! build leaves none half made; an entry that does not read back whole is
//! made again. Entries no build used last are removed by [`prune`].

use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use super::encode::{self, Encoded, Fallback};

/// Bumped whenever the files made for the same source would differ.
const VERSION: u32 = 1;
const META: &str = "meta";

/// The cache key of a source with `bytes`, published at `widths`.
pub fn key(bytes: &[u8], widths: &[u32]) -> u64 {
    // SipHash with fixed keys: the same on every run and machine.
    let mut h = std::hash::DefaultHasher::new();
    (
        VERSION,
        widths,
        encode::AVIF_QUALITY.to_bits(),
        encode::AVIF_SPEED,
        encode::JPEG_QUALITY,
    )
        .hash(&mut h);
    h.write(bytes);
    h.finish()
}

/// What one entry holds: the upright size of the source, the fallback
/// format and each published width with its height.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Entry {
    pub width: u32,
    pub height: u32,
    pub fallback: Fallback,
    pub sizes: Vec<(u32, u32)>,
}

impl Entry {
    pub fn avif(&self, dir: &Path, width: u32) -> PathBuf {
        dir.join(format!("{width}.avif"))
    }
    pub fn fallback_file(&self, dir: &Path, width: u32) -> PathBuf {
        dir.join(format!("{width}.{}", self.fallback.ext()))
    }
}

pub fn dir_of(root: &Path, key: u64) -> PathBuf {
    root.join(format!("{key:016x}"))
}

/// The entry `key`, when it is there whole.
pub fn load(root: &Path, key: u64) -> Option<Entry> {
    let dir = dir_of(root, key);
    let text = std::fs::read_to_string(dir.join(META)).ok()?;
    let mut lines = text.lines();
    if lines.next()? != format!("kheo-images {VERSION}") {
        return None;
    }
    let mut head = lines.next()?.split(' ');
    let width = head.next()?.parse().ok()?;
    let height = head.next()?.parse().ok()?;
    let fallback = match head.next()? {
        "jpg" => Fallback::Jpeg,
        "png" => Fallback::Png,
        _ => return None,
    };
    let mut sizes = Vec::new();
    for line in lines {
        let (w, h) = line.split_once(' ')?;
        let (w, h): (u32, u32) = (w.parse().ok()?, h.parse().ok()?);
        if w == 0 || h == 0 || w > width {
            return None;
        }
        sizes.push((w, h));
    }
    let e = Entry {
        width,
        height,
        fallback,
        sizes,
    };
    let whole = !e.sizes.is_empty()
        && e.sizes.iter().all(|&(w, _)| {
            [e.avif(&dir, w), e.fallback_file(&dir, w)]
                .iter()
                .all(|f| std::fs::metadata(f).is_ok_and(|m| m.is_file() && m.len() > 0))
        });
    whole.then_some(e)
}

/// Stores the files of `key` and returns its entry.
pub fn store(
    root: &Path,
    key: u64,
    width: u32,
    height: u32,
    fallback: Fallback,
    files: &[Encoded],
) -> std::io::Result<Entry> {
    let e = Entry {
        width,
        height,
        fallback,
        sizes: files.iter().map(|f| (f.width, f.height)).collect(),
    };
    let dir = dir_of(root, key);
    let tmp = root.join(format!(
        "tmp-{key:016x}-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp)?;
    for f in files {
        std::fs::write(e.avif(&tmp, f.width), &f.avif)?;
        std::fs::write(e.fallback_file(&tmp, f.width), &f.fallback)?;
    }
    let mut meta = format!(
        "kheo-images {VERSION}\n{width} {height} {}\n",
        fallback.ext()
    );
    for (w, h) in &e.sizes {
        meta.push_str(&format!("{w} {h}\n"));
    }
    std::fs::write(tmp.join(META), meta)?;
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(err) = std::fs::rename(&tmp, &dir) {
        let _ = std::fs::remove_dir_all(&tmp);
        // Another build (`kheo serve` beside `kheo build`) stored the
        // same entry first: the same bytes, since the key says so.
        return match load(root, key) {
            Some(found) if found == e => Ok(found),
            _ => Err(err),
        };
    }
    Ok(e)
}

/// Removes the entries (and leftover temporary folders) not in `used`.
pub fn prune(root: &Path, used: &BTreeSet<u64>) {
    let Ok(rd) = std::fs::read_dir(root) else {
        return;
    };
    for ent in rd.flatten() {
        let name = ent.file_name();
        let name = name.to_string_lossy();
        let keep = match u64::from_str_radix(&name, 16) {
            Ok(k) if name.len() == 16 => used.contains(&k),
            // Another build's entry being written, or one left by a
            // build that was stopped an hour ago or more.
            _ => ent
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_none_or(|age| age.as_secs() < 3600),
        };
        if !keep && ent.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(ent.path());
        }
    }
}
