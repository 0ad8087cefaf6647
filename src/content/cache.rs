//! The entries of the last build, parsed, so that a rebuild reads and
//! parses only the files that changed since (issue 8: one edit on a
//! national site must not re-parse 100,000 files).
//!
//! Kept in `<site>/.kheo/cache/entries.bin` (with a `.gitignore`, so the
//! folder stays out of version control), written by `kheo build` only;
//! `kheo check` reads it but writes nothing. An entry is reused when its
//! file's length, modification time, change time and inode are those
//! recorded, and its modification time is not within two seconds of the
//! moment the cache was written: a file saved twice in one timestamp tick
//! could otherwise keep its old parse (the "racy" case git handles the
//! same way). Everything else (another kheo version, another
//! `site.yaml`, a damaged file) means a cold load: the cache only ever
//! saves time, it never decides what is published.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::{Award, Model, Page};
use crate::config::SiteConfig;
use crate::markdown;

/// What the cache remembers of a file, to tell whether it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    len: u64,
    mtime_ns: i128,
    ctime_ns: i128,
    ino: u64,
}

fn nanos(t: std::io::Result<SystemTime>) -> i128 {
    match t.map(|t| t.duration_since(UNIX_EPOCH)) {
        Ok(Ok(d)) => d.as_nanos() as i128,
        Ok(Err(e)) => -(e.duration().as_nanos() as i128),
        Err(_) => 0,
    }
}

impl Stamp {
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        let (ctime_ns, ino) = {
            use std::os::unix::fs::MetadataExt;
            (
                i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
                meta.ino(),
            )
        };
        #[cfg(not(unix))]
        let (ctime_ns, ino) = (nanos(meta.created()), 0);
        Stamp {
            len: meta.len(),
            mtime_ns: nanos(meta.modified()),
            ctime_ns,
            ino,
        }
    }
}

const FILE: &str = ".kheo/cache/entries.bin";
/// A file changed this close to the cache's writing may change again
/// within the same timestamp: never trust its stamp.
const RACY_NS: i128 = 2_000_000_000;

#[derive(Deserialize)]
struct Stored {
    key: u64,
    written_ns: i128,
    models: Vec<(PathBuf, Stamp, Model)>,
    awards: Vec<(PathBuf, Stamp, Award)>,
    pages: Vec<(PathBuf, Stamp, Page)>,
}

/// [`Stored`], borrowed, for writing.
#[derive(Serialize)]
struct ToStore<'a> {
    key: u64,
    written_ns: i128,
    models: &'a [(PathBuf, Stamp, Model)],
    awards: &'a [(PathBuf, Stamp, Award)],
    pages: &'a [(PathBuf, Stamp, Page)],
}

/// The parsed entries of the last build, by path.
#[derive(Default)]
pub struct Cache {
    written_ns: i128,
    pub models: HashMap<PathBuf, (Stamp, Model)>,
    pub awards: HashMap<PathBuf, (Stamp, Award)>,
    pub pages: HashMap<PathBuf, (Stamp, Page)>,
}

/// What parses the same way: kheo's version, the site's configuration
/// and the Markdown options.
pub fn key(cfg: &SiteConfig, md: &markdown::Options) -> u64 {
    let mut h = DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    format!("{cfg:?}").hash(&mut h);
    (&md.root, md.trust_raw_html).hash(&mut h);
    h.finish()
}

impl Cache {
    /// The cache of the site in `dir`, if there is one made with `key`.
    pub fn open(dir: &Path, key: u64) -> Cache {
        let Ok(bytes) = std::fs::read(dir.join(FILE)) else {
            return Cache::default();
        };
        match bincode::deserialize::<Stored>(&bytes) {
            Ok(s) if s.key == key => Cache {
                written_ns: s.written_ns,
                models: s.models.into_iter().map(|(p, s, m)| (p, (s, m))).collect(),
                awards: s.awards.into_iter().map(|(p, s, a)| (p, (s, a))).collect(),
                pages: s.pages.into_iter().map(|(p, s, x)| (p, (s, x))).collect(),
            },
            _ => Cache::default(),
        }
    }

    /// Whether an entry recorded with `old` may be reused for a file now
    /// stamped `now`.
    pub fn fresh(&self, old: &Stamp, now: &Stamp) -> bool {
        old == now && now.mtime_ns < self.written_ns - RACY_NS
    }
}

/// Writes the cache of the entries just loaded. Failing to write it (a
/// read-only site folder) is not an error: the next build is a cold one.
pub fn save(
    dir: &Path,
    key: u64,
    models: &[(PathBuf, Stamp, Model)],
    awards: &[(PathBuf, Stamp, Award)],
    pages: &[(PathBuf, Stamp, Page)],
) {
    let stored = ToStore {
        key,
        written_ns: nanos(Ok(SystemTime::now())),
        models,
        awards,
        pages,
    };
    let Ok(bytes) = bincode::serialize(&stored) else {
        return;
    };
    let path = dir.join(FILE);
    let Some(folder) = path.parent() else { return };
    if std::fs::create_dir_all(folder).is_err() {
        return;
    }
    let ignore = dir.join(".kheo/.gitignore");
    if !ignore.exists() {
        let _ = std::fs::write(
            &ignore,
            "# kheo's cache of parsed entries: safe to delete, never to commit.\n*\n",
        );
    }
    // A name of its own, so two builds of one site at once cannot mix
    // their bytes; the rename is atomic.
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = path.with_extension(format!("tmp-{}-{n}", std::process::id()));
    if std::fs::write(&tmp, bytes).is_err() || std::fs::rename(&tmp, &path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}
