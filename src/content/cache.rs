//! The entries of the last build, parsed, so that a rebuild reads and
//! parses only the files that changed since (issue 8: one edit on a
//! national site must not re-parse 100,000 files).
//!
//! Kept in `<site>/.kheo/cache/entries.bin` (with a `.gitignore`, so the
//! folder stays out of version control), written by `kheo build` only;
//! `kheo check` reads it but writes nothing. An entry is reused when its
//! file's length, modification time, change time and inode are those
//! recorded, and its modification time is well before the moment the load
//! that parsed it began (50 ms where stamps have fractions of a second, 2 s
//! where they are whole seconds): a file saved twice in one timestamp tick
//! could otherwise keep its old parse (the "racy" case git handles the
//! same way). Before, the moment was that of the cache's writing, later
//! than the read: an entry read at the start of a long cold load and saved
//! again in the same tick could be trusted, while a file edited just
//! before a build was parsed again by the next one too. Everything else (another kheo version, another
//! `site.yaml`, a damaged file) means a cold load: the cache only ever
//! saves time, it never decides what is published.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::fingerprint::nanos;

use serde::{Deserialize, Serialize};

use super::{Award, Model, Page};
use crate::config::SiteConfig;
use crate::markdown;

mod file;
#[cfg(test)]
mod tests;
pub mod text;

pub(crate) use file::write_atomically;
use file::{
    MAGIC, RECENT_MAGIC, decode, encode, read_file, relative, write_file, write_parts_atomically,
};
pub use file::{Paths, STORE_VERSION};

/// What the cache remembers of a file, to tell whether it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    len: u64,
    mtime_ns: i128,
    ctime_ns: i128,
    ino: u64,
}

impl Stamp {
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        Stamp::found(&crate::fingerprint::Meta::of(meta))
    }

    /// The stamp of a file found by [`crate::fingerprint::walk`].
    pub fn found(meta: &crate::fingerprint::Meta) -> Stamp {
        Stamp {
            len: meta.len,
            mtime_ns: meta.mtime_ns,
            ctime_ns: meta.ctime_ns,
            ino: meta.ino,
        }
    }

    #[cfg(test)]
    fn default_for_tests() -> Stamp {
        Stamp {
            len: 0,
            mtime_ns: 0,
            ctime_ns: 0,
            ino: 0,
        }
    }

    /// The file's length in bytes.
    pub fn size(&self) -> u64 {
        self.len
    }
}

const FILE: &str = ".kheo/cache/entries.bin";
/// The entries parsed since `FILE` was written, as the last build saw
/// them: read over `FILE`'s, and written by every build that parsed a
/// file, so that each build parses only what changed since the last one
/// (and knows what the last one saw of it) without rewriting `FILE`.
const RECENT: &str = ".kheo/cache/recent.bin";
/// A file changed this close to the moment its entry was read may have
/// changed again within the same timestamp: its stamp is not trusted.
/// Two seconds where the file system keeps whole seconds (FAT keeps two);
/// where stamps have fractions of a second (ext4, tmpfs, btrfs, xfs,
/// APFS, NTFS: ticks of 10 ms at most), a twentieth of a second.
const RACY_NS: i128 = 2_000_000_000;
const RACY_FINE_NS: i128 = 50_000_000;

fn racy_window(mtime_ns: i128) -> i128 {
    if mtime_ns % 1_000_000_000 == 0 {
        RACY_NS
    } else {
        RACY_FINE_NS
    }
}

/// The moment a load begins, before it reads any entry file: the time
/// [`Cache::fresh`] compares the stamps of the entries it parses with.
pub fn now_ns() -> i128 {
    nanos(Ok(SystemTime::now()))
}

/// The head of the file; the entries follow in chunks.
#[derive(Serialize, Deserialize)]
struct Head {
    key: u64,
    written_ns: i128,
    /// When the load that parsed these entries began ([`now_ns`]).
    read_ns: i128,
    /// The site folder as it was written when the cache was made: entries
    /// are keyed by their path under it, and their own paths start with
    /// it (rewritten when the folder is now written another way).
    dir: PathBuf,
}

/// The head of `RECENT`.
#[derive(Serialize, Deserialize)]
struct RecentHead {
    key: u64,
    /// The [`Cache::id`] of the `FILE` it adds to.
    base: u64,
    written_ns: i128,
    read_ns: i128,
    dir: PathBuf,
}

/// The parsed entries of the last build, by path under the site folder.
#[derive(Default)]
pub struct Cache {
    dir: PathBuf,
    written_ns: i128,
    read_ns: i128,
    /// When `RECENT` was written (0: none read) and when its entries were
    /// read, and the entries that came from it.
    recent_ns: i128,
    recent_read_ns: i128,
    pub recent: std::collections::HashSet<String>,
    pub models: Entries<Model>,
    pub awards: Entries<Award>,
    pub pages: Entries<Page>,
}

/// What parses the same way: this kheo binary (its version, and its size
/// and time, since entries are stored in its own layout, which another
/// build of kheo may not share), the site's configuration and the Markdown
/// options.
pub fn key(cfg: &SiteConfig, md: &markdown::Options) -> u64 {
    let mut h = DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    binary_stamp().hash(&mut h);
    format!("{cfg:?}").hash(&mut h);
    (&md.root, md.trust_raw_html).hash(&mut h);
    h.finish()
}

/// The running kheo binary's size and modification time: another build
/// of kheo may store or render the same inputs otherwise.
pub fn binary_stamp() -> Option<(u64, i128)> {
    static STAMP: std::sync::OnceLock<Option<(u64, i128)>> = std::sync::OnceLock::new();
    *STAMP.get_or_init(|| {
        let meta = std::env::current_exe().and_then(std::fs::metadata).ok()?;
        Some((meta.len(), nanos(meta.modified())))
    })
}

/// The cached entries of one kind, in the order they were saved: the walk's
/// order, which is the order a later load asks for them in. Each is taken
/// out when its file is loaded; finding it is a comparison with the next
/// one in line, and a hash lookup only when files were added, removed or
/// renamed since. The entries of `RECENT` are kept apart and come first.
pub struct Entries<T> {
    list: Vec<Option<(String, Stamp, T)>>,
    /// Where the next file asked for is expected.
    next: usize,
    /// Positions in `list` by the hash of their key, made on the first miss.
    index: Option<HashMap<u64, usize>>,
    recent: HashMap<String, (Stamp, T)>,
}

impl<T> Default for Entries<T> {
    fn default() -> Self {
        Entries {
            list: Vec::new(),
            next: 0,
            index: None,
            recent: HashMap::new(),
        }
    }
}

fn key_hash(rel: &str) -> u64 {
    let mut h = DefaultHasher::new();
    rel.hash(&mut h);
    h.finish()
}

impl<T> Entries<T> {
    /// How many entries the cache holds (those of `RECENT` included).
    pub fn len(&self) -> usize {
        self.list.len() + self.recent.len()
    }

    /// Whether the cache holds none of this kind.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entries no load took ([`Entries::take`]): those of files gone
    /// since the cache was written.
    pub fn into_left(self) -> Vec<T> {
        let recent = self.recent;
        let mut left: Vec<T> = self
            .list
            .into_iter()
            .flatten()
            .filter(|(rel, ..)| !recent.contains_key(rel))
            .map(|(_, _, v)| v)
            .collect();
        left.extend(recent.into_values().map(|(_, v)| v));
        left
    }

    /// Takes the entry of the file at `rel` (under the site folder) out,
    /// and whether it is one of `RECENT`'s.
    pub fn take(&mut self, rel: &str) -> Option<(Stamp, T, bool)> {
        let listed = self.find(rel).and_then(|k| {
            self.next = k + 1;
            self.list[k].take()
        });
        if !self.recent.is_empty()
            && let Some((stamp, entry)) = self.recent.remove(rel)
        {
            return Some((stamp, entry, true));
        }
        listed.map(|(_, stamp, entry)| (stamp, entry, false))
    }

    fn find(&mut self, rel: &str) -> Option<usize> {
        let list = &self.list;
        let is = |k: usize| list[k].as_ref().is_some_and(|e| e.0 == rel);
        // A file removed or added since is a short step aside.
        let near = self.next..(self.next + 8).min(list.len());
        if let Some(k) = near.clone().find(|&k| is(k)) {
            return Some(k);
        }
        let index = self.index.get_or_insert_with(|| {
            list.iter()
                .enumerate()
                .filter_map(|(k, e)| Some((key_hash(&e.as_ref()?.0), k)))
                .collect()
        });
        let &k = index.get(&key_hash(rel))?;
        is(k).then_some(k)
    }
}

/// An entry and its file's stamp, as the cache saves them.
pub type Row<'a, T> = (&'a Stamp, &'a T);

/// The rows of `entries` and their `stamps`.
pub fn rows<'a, T>(stamps: &'a [Stamp], entries: &'a [T]) -> Vec<Row<'a, T>> {
    stamps.iter().zip(entries).collect()
}

impl Cache {
    /// The cache of the site in `dir`, if there is one made with `key`.
    pub fn open(dir: &Path, key: u64) -> Cache {
        let mut cache = Cache::read(dir, key).unwrap_or_default();
        if cache.written_ns != 0 {
            cache.read_recent(dir, key);
        }
        cache
    }

    /// Reads `RECENT` over the entries, when it adds to this cache.
    fn read_recent(&mut self, dir: &Path, key: u64) {
        let path = dir.join(RECENT);
        let Some(recent) = read_file(&path, RECENT_MAGIC).and_then(|(file, head, spans)| {
            let head: RecentHead = postcard::from_bytes(&head).ok()?;
            if head.key != key || head.base != self.id() {
                return None;
            }
            let models = decode::<Model>(file, &spans[0], &head.dir, dir)?;
            let awards = decode::<Award>(file, &spans[1], &head.dir, dir)?;
            let pages = decode::<Page>(file, &spans[2], &head.dir, dir)?;
            Some((head.written_ns, head.read_ns, models, awards, pages))
        }) else {
            return;
        };
        let (written_ns, read_ns, models, awards, pages) = recent;
        self.recent_ns = written_ns;
        self.recent_read_ns = read_ns;
        fn keep<T>(
            into: &mut Entries<T>,
            keys: &mut std::collections::HashSet<String>,
            list: Vec<Option<(String, Stamp, T)>>,
        ) {
            for (rel, stamp, entry) in list.into_iter().flatten() {
                keys.insert(rel.clone());
                into.recent.insert(rel, (stamp, entry));
            }
        }
        keep(&mut self.models, &mut self.recent, models);
        keep(&mut self.awards, &mut self.recent, awards);
        keep(&mut self.pages, &mut self.recent, pages);
    }

    fn read(dir: &Path, key: u64) -> Option<Cache> {
        let path = dir.join(FILE);
        let (file, head, spans) = read_file(&path, MAGIC)?;
        let head: Head = postcard::from_bytes(&head).ok()?;
        if head.key != key {
            return None;
        }
        Some(Cache {
            dir: dir.to_path_buf(),
            written_ns: head.written_ns,
            read_ns: head.read_ns,
            recent_ns: 0,
            recent_read_ns: 0,
            recent: Default::default(),
            models: Entries {
                list: decode(file, &spans[0], &head.dir, dir)?,
                ..Entries::default()
            },
            awards: Entries {
                list: decode(file, &spans[1], &head.dir, dir)?,
                ..Entries::default()
            },
            pages: Entries {
                list: decode(file, &spans[2], &head.dir, dir)?,
                ..Entries::default()
            },
        })
    }

    /// Which cache this is: the time it was written (0: no cache), and
    /// that of its recent entries.
    pub fn id(&self) -> u64 {
        recent_id(self.written_ns as u64, self.recent_ns)
    }

    /// The id of `FILE` alone, which `RECENT` names.
    fn base_id(&self) -> u64 {
        self.written_ns as u64
    }

    /// The key of `path` in the cache's maps.
    pub fn relative<'a>(&self, path: &'a Path) -> Option<&'a str> {
        relative(&self.dir, path)
    }

    /// Whether an entry recorded with `old` (one of `RECENT`'s when
    /// `recent`) may be reused for a file now stamped `now`.
    pub fn fresh(&self, recent: bool, old: &Stamp, now: &Stamp) -> bool {
        let read = if recent {
            self.recent_read_ns
        } else {
            self.read_ns
        };
        old == now && now.mtime_ns < read - racy_window(now.mtime_ns)
    }
}

fn recent_id(base: u64, recent_ns: i128) -> u64 {
    if recent_ns == 0 {
        return base;
    }
    let mut h = DefaultHasher::new();
    (base, recent_ns).hash(&mut h);
    h.finish().max(1)
}

/// Writes the entries parsed since the cache `base` was written
/// (`RECENT`); returns the [`Cache::id`] a load will then have, or `None`
/// when the file cannot be written (the next load has the old id, which no
/// build will take for this one's).
pub fn save_recent(
    dir: &Path,
    key: u64,
    read_ns: i128,
    base: &Cache,
    models: &[Row<'_, Model>],
    awards: &[Row<'_, Award>],
    pages: &[Row<'_, Page>],
) -> Option<u64> {
    let written_ns = nanos(Ok(SystemTime::now()));
    let head = RecentHead {
        key,
        base: base.base_id(),
        written_ns,
        read_ns,
        dir: dir.to_path_buf(),
    };
    let bytes = write_file(
        RECENT_MAGIC,
        &postcard::to_allocvec(&head).ok()?,
        [encode(dir, models), encode(dir, awards), encode(dir, pages)],
    )?;
    write_parts_atomically(&dir.join(RECENT), &bytes)?;
    Some(recent_id(base.base_id(), written_ns))
}

/// Whether a load that parsed `parsed` files again, with `cached` entries
/// in the cache, should rewrite it. Rewriting a national site's cache
/// costs as much as parsing about a thousand files, and an entry missing
/// from it is only parsed again: the cache is rewritten once more than 1%
/// of the site was parsed anew, and always for a small site.
pub fn worth_saving(parsed: usize, cached: usize) -> bool {
    parsed > cached / 100
}

/// Writes the cache of the entries just loaded, beside the build; returns
/// its [`Cache::id`] and the write to wait for. Failing to write it (a read-only site folder) is not an
/// error: the next build is a cold one.
pub fn save(
    dir: &Path,
    key: u64,
    read_ns: i128,
    models: &[Row<'_, Model>],
    awards: &[Row<'_, Award>],
    pages: &[Row<'_, Page>],
) -> Option<(u64, Saving)> {
    let written_ns = nanos(Ok(SystemTime::now()));
    let head = Head {
        key,
        written_ns,
        read_ns,
        dir: dir.to_path_buf(),
    };
    let bytes = write_file(
        MAGIC,
        &postcard::to_allocvec(&head).ok()?,
        [encode(dir, models), encode(dir, awards), encode(dir, pages)],
    )?;
    let path = dir.join(FILE);
    std::fs::create_dir_all(path.parent()?).ok()?;
    let ignore = dir.join(".kheo/.gitignore");
    if !ignore.exists() {
        let _ = std::fs::write(
            &ignore,
            "# kheo's cache of parsed entries: safe to delete, never to commit.\n*\n",
        );
    }
    // Written beside the rest of the build (a national site's cache is
    // over a hundred megabytes), and waited
    // for before the build returns ([`Saving`]). The id is given
    // now: when the write fails the old cache stays, with its own id,
    // which no later build takes for this one's.
    let recent = dir.join(RECENT);
    let write = move || {
        if write_parts_atomically(&path, &bytes).is_some() {
            // The recent entries were of the cache this one replaces.
            let _ = std::fs::remove_file(recent);
        }
    };
    // (No thread: no cache written, and the next build reads every file.)
    let handle = std::thread::Builder::new().spawn(write).ok()?;
    Some((written_ns as u64, Saving::of(handle)))
}

/// A cache file being written beside the build ([`save`]): waited for by
/// [`Saving::wait`], or when the last copy of it is dropped.
#[derive(Debug, Clone, Default)]
pub struct Saving(std::sync::Arc<std::sync::Mutex<Pending>>);

#[derive(Debug, Default)]
struct Pending(Option<std::thread::JoinHandle<()>>);

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(handle) = self.0.take() {
            let _ = handle.join();
        }
    }
}

impl Saving {
    fn of(handle: std::thread::JoinHandle<()>) -> Saving {
        Saving(std::sync::Arc::new(std::sync::Mutex::new(Pending(Some(
            handle,
        )))))
    }

    /// Waits until the file is written (at once when none is being).
    pub fn wait(&self) {
        let handle = self.0.lock().ok().and_then(|mut p| p.0.take());
        if let Some(handle) = handle {
            let _ = handle.join();
        }
    }
}
