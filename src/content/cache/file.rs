//! The layout of a cache file: a magic with [`STORE_VERSION`], a head,
//! the lengths of each kind's chunks, then the chunks, each a postcard
//! list of (path under the site folder, stamp, entry), encoded and
//! decoded on every core.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use super::{Row, Stamp};
use crate::content::{Award, Model, Page};

/// The one version of everything kept under `.kheo/`: raised whenever
/// what is kept or its encoding changes, so another layout is never read.
pub const STORE_VERSION: u8 = 6;
/// The start of each file: which file, and [`STORE_VERSION`].
pub(super) const fn magic(kind: u8) -> [u8; 8] {
    [b'k', b'h', b'e', b'o', kind, STORE_VERSION, b'\n', 0]
}
pub(super) const MAGIC: &[u8; 8] = &magic(b'c');
pub(super) const RECENT_MAGIC: &[u8; 8] = &magic(b'r');
/// Entries per separately encoded chunk: chunks are encoded and decoded in
/// parallel.
pub(super) const CHUNK: usize = 2048;
/// An entry's paths, which start with the site folder: its file's first.
pub trait Paths {
    fn path(&self) -> &Path;
    fn paths(&mut self) -> Vec<&mut PathBuf>;

    /// Whether the entry's paths are those of the file at `file`: a
    /// cache is read back from `.kheo/`, which anyone who can write the
    /// site's folder (or restore a CI cache) could have forged, and an
    /// entry naming another file or bundle folder would publish it.
    fn is_at(&self, file: &Path) -> bool {
        self.path() == file
    }
}

impl Paths for Model {
    fn path(&self) -> &Path {
        &self.path
    }
    fn is_at(&self, file: &Path) -> bool {
        self.path == file
            && self
                .bundle_dir
                .as_deref()
                .is_none_or(|d| Some(d) == file.parent())
    }
    fn paths(&mut self) -> Vec<&mut PathBuf> {
        let mut v = vec![&mut self.path];
        v.extend(self.bundle_dir.as_mut());
        v
    }
}

impl Paths for Award {
    fn path(&self) -> &Path {
        &self.path
    }
    fn paths(&mut self) -> Vec<&mut PathBuf> {
        vec![&mut self.path]
    }
}

impl Paths for Page {
    fn path(&self) -> &Path {
        &self.path
    }
    fn paths(&mut self) -> Vec<&mut PathBuf> {
        vec![&mut self.path]
    }
}

pub(super) fn put(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// Where one kind's chunks are in the file: (offset, length) of each.
pub(super) type Spans = Vec<(u64, u64)>;

/// One kind of entry, its chunks read from `file` at `spans` and decoded in
/// parallel (each a postcard list of (path under the site folder, stamp,
/// entry)), their paths moved from folder `from` to `to`.
pub(super) fn decode<T: serde::de::DeserializeOwned + Paths + Send>(
    file: &Path,
    spans: &[(u64, u64)],
    from: &Path,
    to: &Path,
) -> Option<Vec<Option<(String, Stamp, T)>>> {
    use std::io::{Read, Seek, SeekFrom};
    // Each thread reads through a handle of its own (a shared one has one
    // position for all).
    let init = || (Vec::new(), std::fs::File::open(file));
    let decoded: Vec<Vec<Option<(String, Stamp, T)>>> = spans
        .par_iter()
        .map_init(init, |(buf, f), &(at, len)| {
            let f = f.as_mut().ok()?;
            buf.resize(usize::try_from(len).ok()?, 0);
            f.seek(SeekFrom::Start(at)).ok()?;
            f.read_exact(buf).ok()?;
            let rows: Vec<(String, Stamp, T)> = postcard::from_bytes(buf).ok()?;
            Some(
                rows.into_iter()
                    .map(|(rel, stamp, mut entry)| {
                        if from != to {
                            for p in entry.paths() {
                                if let Ok(under) = p.strip_prefix(from) {
                                    *p = to.join(under);
                                }
                            }
                        }
                        Some((rel, stamp, entry))
                    })
                    .collect(),
            )
        })
        .collect::<Option<_>>()?;
    let mut list = Vec::with_capacity(decoded.iter().map(Vec::len).sum());
    for chunk in decoded {
        list.extend(chunk);
    }
    Some(list)
}

/// One kind's entries in chunks, encoded in parallel; returns the chunks.
pub(super) fn encode<T: Serialize + Sync + Paths>(
    dir: &Path,
    entries: &[Row<'_, T>],
) -> Vec<Vec<u8>> {
    entries
        .par_chunks(CHUNK)
        .map(|c| {
            let rows: Vec<(String, &Stamp, &T)> = c
                .iter()
                .filter_map(|&(s, e)| Some((relative(dir, e.path())?.to_string(), s, e)))
                .collect();
            postcard::to_allocvec(&rows).unwrap_or_default()
        })
        .collect()
}

/// A cache file: `magic`, the head, the lengths of each kind's chunks,
/// then the chunks; a load reads the chunks on both cores.
/// Returns the file's parts, written one after the other (not copied
/// into one buffer of the whole file first).
pub(super) fn write_file(
    magic: &[u8; 8],
    head: &[u8],
    kinds: [Vec<Vec<u8>>; 3],
) -> Option<Vec<Vec<u8>>> {
    let lens: [Vec<u64>; 3] =
        std::array::from_fn(|k| kinds[k].iter().map(|c| c.len() as u64).collect());
    let mut start = magic.to_vec();
    put(&mut start, head);
    put(&mut start, &postcard::to_allocvec(&lens).ok()?);
    let mut parts = vec![start];
    parts.extend(kinds.into_iter().flatten());
    Some(parts)
}

/// Opens a file [`write_file`] wrote: its head's bytes, and where each
/// kind's chunks are.
pub(super) fn read_file<'a>(
    path: &'a Path,
    magic: &[u8; 8],
) -> Option<(&'a Path, Vec<u8>, [Spans; 3])> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).ok()?;
    let file_len = file.metadata().ok()?.len();
    let read_part = |file: &mut std::fs::File| -> Option<Vec<u8>> {
        let mut n = [0u8; 8];
        file.read_exact(&mut n).ok()?;
        let n = u64::from_le_bytes(n);
        if n > file_len {
            return None;
        }
        let mut part = vec![0; usize::try_from(n).ok()?];
        file.read_exact(&mut part).ok()?;
        Some(part)
    };
    let mut start = [0u8; 8];
    file.read_exact(&mut start).ok()?;
    if &start != magic {
        return None;
    }
    let head = read_part(&mut file)?;
    let lens_part = read_part(&mut file)?;
    let lens: [Vec<u64>; 3] = postcard::from_bytes(&lens_part).ok()?;
    let mut at = 8 + 8 + head.len() as u64;
    at += 8 + lens_part.len() as u64;
    let spans = lens.map(|lens| {
        lens.into_iter()
            .map(|len| {
                let span = (at, len);
                at = at.saturating_add(len);
                span
            })
            .collect::<Spans>()
    });
    (at == file_len).then_some((path, head, spans))
}

/// `path` under `dir`, as the cache keys it. Paths are made by joining
/// names to `dir`, so most are cut as bytes; others (`./` or doubled
/// slashes in `dir`) by comparing components.
pub(super) fn relative<'a>(dir: &Path, path: &'a Path) -> Option<&'a str> {
    let (d, p) = (dir.to_str()?, path.to_str()?);
    if let Some(rest) = p.strip_prefix(d)
        && !d.is_empty()
        && !d.ends_with('/')
        && let Some(rel) = rest.strip_prefix('/')
        && !rel.starts_with('/')
    {
        return Some(rel);
    }
    path.strip_prefix(dir).ok()?.to_str()
}

/// Writes `parts` one after the other to `path` under a name of its own,
/// then renames it: two builds of one site at once cannot mix their bytes.
/// The name is the process's and the thread's: one thread writes one file
/// at a time.
pub(super) fn write_parts_atomically(path: &Path, parts: &[Vec<u8>]) -> Option<()> {
    // Not flushed: the cache is rebuilt when lost, and it is large.
    write_atomically(path, parts, false).ok()
}

/// [`write_parts_atomically`], with the error. The temporary file is in
/// `path`'s folder (the rename never crosses file systems) and removed
/// when anything fails; with `sync` it is flushed to disk before the
/// rename, so a crash of the machine too leaves the old file or the new
/// one, never a part of either.
pub(crate) fn write_atomically(path: &Path, parts: &[Vec<u8>], sync: bool) -> std::io::Result<()> {
    use std::io::Write;
    let thread: String = format!("{:?}", std::thread::current().id())
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let tmp = path.with_extension(format!("tmp-{}-{thread}", std::process::id()));
    let written = std::fs::File::create(&tmp).and_then(|mut f| {
        parts.iter().try_for_each(|p| f.write_all(p))?;
        if sync { f.sync_all() } else { Ok(()) }
    });
    let done = written.and_then(|()| std::fs::rename(&tmp, path));
    if done.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    done
}
