//! The output's own records: the manifest `.kheo-output` (every file kheo
//! wrote, with its length, CRC-32 and fingerprint, and the summary of the
//! build's inputs) and `.kheo-records` (the layouts of the open-data files).
//! Both are read back by the next build, so both are distrusted: a path
//! that could leave the output makes the whole manifest ignored.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::io_err;
use crate::diag::Diagnostic;
use crate::render::table::Layout;

/// Name of the marker + manifest file in every output folder kheo creates.
pub const MARKER: &str = ".kheo-output";
const MANIFEST_HEADER: &str =
    "# kheo output manifest v2: this folder is written by kheo. length crc32 fingerprint path\n";
/// The header of manifests written before pages had fingerprints: still read.
const MANIFEST_HEADER_V1: &str =
    "# kheo output manifest v1: this folder is written by kheo. length crc32 path";

/// Beside the manifest: the layouts of the output's files of records (the
/// open data, see [`crate::render::table`]), each with the length and
/// CRC-32 of the file it describes, so that the next build copies the
/// records that did not change out of the file.
pub(super) const RECORDS: &str = ".kheo-records";
/// The layouts' version: the one of everything kheo keeps.
const RECORDS_VERSION: u32 = crate::content::cache::STORE_VERSION as u32;
/// Where earlier versions kept the places of the cards in each listing
/// page: removed from an output when it is next written.
pub(super) const OLD_CARDS: &str = ".kheo-cards";
pub(super) type Layouts = HashMap<String, (u64, u32, Layout)>;

/// Per file: length, CRC-32, and for pages the fingerprint of everything
/// the page was rendered from (0: none; see [`Staging::keep`]).
/// A file of this build: its path, length, CRC-32 and fingerprint.
pub(super) type Entry = (String, u64, u32, u64);
/// The previous build's manifest, looked up once per page.
pub(super) type OldManifest = HashMap<String, (u64, u32, u64), ahash::RandomState>;

fn known_header(line: &str) -> Option<bool> {
    if line == MANIFEST_HEADER.trim_end() {
        Some(true)
    } else if line == MANIFEST_HEADER_V1 {
        Some(false)
    } else {
        None
    }
}

/// What the last build recorded about its inputs (see `fingerprint.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    pub fingerprint: u64,
    pub models: usize,
    pub awards: usize,
    pub pages: usize,
    /// What that build's pages saw but model bodies
    /// ([`crate::render::Stats::state`]), and the parse cache the next
    /// build's entries come from ([`crate::content::Loading::cache_next`]); 0
    /// when unknown.
    pub state: u64,
    pub cache: u64,
}

const SUMMARY_PREFIX: &str = "# inputs ";

fn parse_summary(line: &str) -> Option<Summary> {
    let mut p = line.strip_prefix(SUMMARY_PREFIX)?.split(' ');
    Some(Summary {
        fingerprint: u64::from_str_radix(p.next()?, 16).ok()?,
        models: p.next()?.parse().ok()?,
        awards: p.next()?.parse().ok()?,
        pages: p.next()?.parse().ok()?,
        state: p
            .next()
            .and_then(|g| u64::from_str_radix(g, 16).ok())
            .unwrap_or(0),
        cache: p
            .next()
            .and_then(|g| u64::from_str_radix(g, 16).ok())
            .unwrap_or(0),
    })
}

/// The summary the output's manifest records, and how many files it lists.
pub fn stored_summary(out: &Path) -> Option<(Summary, usize)> {
    // Every rebuild asks, and a national site's manifest has 118,000
    // lines: only the first two are taken apart, the others counted.
    let bytes = std::fs::read(out.join(MARKER)).ok()?;
    let mut lines = bytes.split(|&b| b == b'\n');
    known_header(std::str::from_utf8(lines.next()?).ok()?)?;
    let summary = parse_summary(std::str::from_utf8(lines.next()?).ok()?)?;
    let rest = lines.filter(|l| !l.is_empty()).count();
    Some((summary, rest))
}

/// The paths of the files the last build of `out` recorded.
pub fn recorded_paths(out: &Path) -> Option<std::collections::HashSet<String>> {
    read_manifest(out).map(|m| m.into_keys().collect())
}

/// The layouts recorded in `out`; none when missing or of another version.
pub(super) fn read_layouts(out: &Path) -> Layouts {
    let Ok(bytes) = std::fs::read(out.join(RECORDS)) else {
        return Layouts::new();
    };
    match postcard::from_bytes::<(u32, Vec<(String, u64, u32, Layout)>)>(&bytes) {
        Ok((RECORDS_VERSION, list)) => list
            .into_iter()
            .map(|(path, len, crc, l)| (path, (len, crc, l)))
            .collect(),
        _ => Layouts::new(),
    }
}

/// Writes the layouts into the folder `dir` (or removes a stale file when
/// there are none), through a temporary file.
pub(super) fn write_layouts(dir: &Path, layouts: &Layouts) -> Result<(), Diagnostic> {
    let file = dir.join(RECORDS);
    if layouts.is_empty() {
        let _ = std::fs::remove_file(&file);
        return Ok(());
    }
    let mut list: Vec<(&String, &u64, &u32, &Layout)> = layouts
        .iter()
        .map(|(p, (len, crc, l))| (p, len, crc, l))
        .collect();
    list.sort_by(|a, b| a.0.cmp(b.0));
    let bytes = postcard::to_allocvec(&(RECORDS_VERSION, list))
        .map_err(|e| crate::diag::io_write_error(&file, &std::io::Error::other(e)))?;
    let tmp = dir.join(format!("{RECORDS}.tmp"));
    std::fs::write(&tmp, bytes).map_err(|e| io_err(&tmp, "write", e))?;
    std::fs::rename(&tmp, &file).map_err(|e| io_err(&file, "write", e))
}

/// Whether `path` names a file inside the output: relative, `/`-separated,
/// with no empty, `.` or `..` part, no backslash, drive or control
/// character (a line break would forge a line of the manifest). The
/// output's manifest is read back by the next build, and anyone who can
/// write the folder can forge it: a path that fails this makes the whole
/// manifest untrusted.
pub fn safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains(['\\', ':'])
        && !path.chars().any(char::is_control)
        && path
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != "..")
}

/// The first folder on the way from `out` to the file at `path` that is a
/// symbolic link (or not a folder): writing or deleting through it would
/// reach outside the output.
pub(super) fn link_on_the_way(out: &Path, path: &str) -> Option<PathBuf> {
    let mut dir = out.to_path_buf();
    let mut parts = path.split('/').peekable();
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            break;
        }
        dir.push(part);
        match std::fs::symlink_metadata(&dir) {
            Ok(m) if m.is_dir() => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            _ => return Some(dir),
        }
    }
    None
}

/// The file at `path` in the output `out`, opened, when its bytes are
/// `len` long with the CRC-32 `crc` (what the manifest lists) and no link
/// leads to it: a file kheo wrote earlier may have been changed by anyone
/// since, so it is read whole through the checksum before it is trusted.
pub(super) fn open_checked(out: &Path, path: &str, len: u64, crc: u32) -> Option<std::fs::File> {
    use std::io::{Read, Seek};
    if link_on_the_way(out, path).is_some() {
        return None;
    }
    let at = out.join(path);
    if !std::fs::symlink_metadata(&at).ok()?.is_file() {
        return None;
    }
    let mut file = std::fs::File::open(at).ok()?;
    let mut sum = crc32fast::Hasher::new();
    let mut buf = vec![0; 256 * 1024];
    let mut read = 0u64;
    loop {
        let n = file.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        sum.update(&buf[..n]);
        read += n as u64;
    }
    file.rewind().ok()?;
    (read == len && sum.finalize() == crc).then_some(file)
}

/// The manifest of the output in `out`, or `None` when there is none or
/// it cannot be trusted (see [`safe_relative`]).
pub(super) fn read_manifest(out: &Path) -> Option<OldManifest> {
    let bytes = std::fs::read(out.join(MARKER)).ok()?;
    let text = simdutf8::basic::from_utf8(&bytes).ok()?;
    let mut lines = text.lines().peekable();
    let v2 = known_header(lines.next()?)?;
    if lines.peek().is_some_and(|l| l.starts_with(SUMMARY_PREFIX)) {
        lines.next();
    }
    let mut m = OldManifest::with_capacity_and_hasher(text.len() / 48, Default::default());
    for line in lines {
        let mut parts = line.splitn(if v2 { 4 } else { 3 }, ' ');
        let len = parts.next()?.parse().ok()?;
        let crc = u32::from_str_radix(parts.next()?, 16).ok()?;
        let fp = if v2 {
            u64::from_str_radix(parts.next()?, 16).ok()?
        } else {
            0
        };
        let path = parts.next()?;
        if !safe_relative(path) || path == MARKER {
            return None;
        }
        m.insert(path.to_string(), (len, crc, fp));
    }
    Some(m)
}

pub(super) fn manifest_text(m: &[Entry], summary: Option<Summary>) -> String {
    let mut s = String::with_capacity(MANIFEST_HEADER.len() + m.len() * 64);
    s.push_str(MANIFEST_HEADER);
    if let Some(x) = summary {
        s.push_str(&format!(
            "{SUMMARY_PREFIX}{:016x} {} {} {} {:016x} {:x}\n",
            x.fingerprint, x.models, x.awards, x.pages, x.state, x.cache
        ));
    }
    // A national site's manifest is 118,000 lines: formatted on both cores.
    let parts: Vec<String> = m
        .par_chunks(8192)
        .map(|chunk| {
            use std::fmt::Write;
            let mut s = String::with_capacity(chunk.len() * 64);
            for (path, len, crc, fp) in chunk {
                let _ = writeln!(s, "{len} {crc:08x} {fp:x} {path}");
            }
            s
        })
        .collect();
    for p in parts {
        s.push_str(&p);
    }
    s
}

/// A writer that counts and checksums what goes through it.
pub(super) struct Counting<W> {
    inner: W,
    pub(super) len: u64,
    pub(super) crc: crc32fast::Hasher,
}

impl<W: std::io::Write> Counting<W> {
    pub(super) fn new(inner: W) -> Self {
        Counting {
            inner,
            len: 0,
            crc: crc32fast::Hasher::new(),
        }
    }
}

impl<W: std::io::Write> std::io::Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.len += n as u64;
        self.crc.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
