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

use rayon::prelude::*;
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
/// The one version of everything kept under `.kheo/`: raised whenever
/// what is kept or its encoding changes, so another layout is never read.
pub const STORE_VERSION: u8 = 5;
/// The start of each file: which file, and [`STORE_VERSION`].
const fn magic(kind: u8) -> [u8; 8] {
    [b'k', b'h', b'e', b'o', kind, STORE_VERSION, b'\n', 0]
}
const MAGIC: &[u8; 8] = &magic(b'c');
const RECENT_MAGIC: &[u8; 8] = &magic(b'r');
/// Entries per separately encoded chunk: chunks are encoded and decoded in
/// parallel.
const CHUNK: usize = 2048;
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

/// An entry's paths, which start with the site folder: its file's first.
pub trait Paths {
    fn path(&self) -> &Path;
    fn paths(&mut self) -> Vec<&mut PathBuf>;
}

impl Paths for Model {
    fn path(&self) -> &Path {
        &self.path
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

fn put(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    out.extend_from_slice(bytes);
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

/// Where one kind's chunks are in the file: (offset, length) of each.
type Spans = Vec<(u64, u64)>;

/// One kind of entry, its chunks read from `file` at `spans` and decoded in
/// parallel (each a postcard list of (path under the site folder, stamp,
/// entry)), their paths moved from folder `from` to `to`.
fn decode<T: serde::de::DeserializeOwned + Paths + Send>(
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

/// An entry and its file's stamp, as the cache saves them.
pub type Row<'a, T> = (&'a Stamp, &'a T);

/// The rows of `entries` and their `stamps`.
pub fn rows<'a, T>(stamps: &'a [Stamp], entries: &'a [T]) -> Vec<Row<'a, T>> {
    stamps.iter().zip(entries).collect()
}

/// One kind's entries in chunks, encoded in parallel; returns the chunks.
fn encode<T: Serialize + Sync + Paths>(dir: &Path, entries: &[Row<'_, T>]) -> Vec<Vec<u8>> {
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
fn write_file(magic: &[u8; 8], head: &[u8], kinds: [Vec<Vec<u8>>; 3]) -> Option<Vec<Vec<u8>>> {
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
fn read_file<'a>(path: &'a Path, magic: &[u8; 8]) -> Option<(&'a Path, Vec<u8>, [Spans; 3])> {
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
fn relative<'a>(dir: &Path, path: &'a Path) -> Option<&'a str> {
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

/// Writes `parts` one after the other to `path` under a name of its own,
/// then renames it: two builds of one site at once cannot mix their bytes.
fn write_parts_atomically(path: &Path, parts: &[Vec<u8>]) -> Option<()> {
    use std::io::Write;
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = path.with_extension(format!("tmp-{}-{n}", std::process::id()));
    let written =
        std::fs::File::create(&tmp).and_then(|mut f| parts.iter().try_for_each(|p| f.write_all(p)));
    if written.is_err() || std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
        return None;
    }
    Some(())
}

/// Whether a load that parsed `parsed` files again, with `cached` entries
/// in the cache, should rewrite it. Rewriting a national site's cache
/// costs as much as parsing about a thousand files, and an entry missing
/// from it is only parsed again: the cache is rewritten once more than 1%
/// of the site was parsed anew, and always for a small site.
pub fn worth_saving(parsed: usize, cached: usize) -> bool {
    parsed > cached / 100
}

/// Writes the cache of the entries just loaded; returns its
/// [`Cache::id`]. Failing to write it (a read-only site folder) is not an
/// error: the next build is a cold one.
pub fn save(
    dir: &Path,
    key: u64,
    read_ns: i128,
    models: &[Row<'_, Model>],
    awards: &[Row<'_, Award>],
    pages: &[Row<'_, Page>],
) -> Option<u64> {
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
    // 140 MB: half a second of a cold build spent writing it), and waited
    // for before the build returns ([`finish_writes`]). The id is given
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
    if let Ok(mut w) = WRITES.lock() {
        w.push(handle);
    }
    Some(written_ns as u64)
}

/// Cache files being written ([`save`]).
static WRITES: std::sync::Mutex<Vec<std::thread::JoinHandle<()>>> =
    std::sync::Mutex::new(Vec::new());

/// Waits until every cache file [`save`] began is written.
pub fn finish_writes() {
    let pending = WRITES.lock().map(|mut w| std::mem::take(&mut *w));
    for handle in pending.unwrap_or_default() {
        let _ = handle.join();
    }
}

#[cfg(test)]
mod entries_tests {
    use super::*;

    fn entries(names: &[&str]) -> Entries<usize> {
        let stamp = Stamp {
            len: 1,
            mtime_ns: 1,
            ctime_ns: 1,
            ino: 1,
        };
        Entries {
            list: names
                .iter()
                .enumerate()
                .map(|(i, n)| Some((n.to_string(), stamp, i)))
                .collect(),
            ..Entries::default()
        }
    }

    #[test]
    fn texts_read_back_what_postcard_wrote_and_never_bad_utf8() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Row {
            #[serde(deserialize_with = "super::text::string")]
            title: String,
            #[serde(deserialize_with = "super::text::path")]
            path: PathBuf,
            #[serde(deserialize_with = "super::text::strings")]
            locality: Vec<String>,
            after: u32,
        }
        let row = Row {
            title: "Dân vận khéo: \"Đường hoa nông thôn mới\"".into(),
            path: PathBuf::from("content/models/đường-hoa.md"),
            locality: vec!["Tỉnh Hòa Bình".into(), String::new(), "Xã Tân Lạc".into()],
            after: 7,
        };
        let bytes = postcard::to_allocvec(&row).expect("encode");
        assert_eq!(postcard::from_bytes::<Row>(&bytes).expect("decode"), row);
        // A byte of the title that breaks its UTF-8: an error, not a string.
        let mut bad = bytes.clone();
        // (postcard: a one-byte length, then the bytes)
        let at = 1 + "Dân".len() - 1;
        bad[at] = 0xFF;
        assert!(postcard::from_bytes::<Row>(&bad).is_err());
    }

    /// Taken in order, out of order, twice, or not there: each entry comes
    /// out once, the one saved for that name; `RECENT`'s come first.
    #[test]
    fn entries_come_out_by_name_whatever_the_order() {
        let names: Vec<String> = (0..40).map(|i| format!("m{i:02}.md")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut e = entries(&refs);
        assert_eq!(e.take("m00.md").map(|t| t.1), Some(0));
        assert_eq!(e.take("new.md").map(|t| t.1), None);
        // m01 and m02 removed: a step aside.
        assert_eq!(e.take("m03.md").map(|t| t.1), Some(3));
        // Far ahead, then back.
        assert_eq!(e.take("m30.md").map(|t| t.1), Some(30));
        assert_eq!(e.take("m04.md").map(|t| t.1), Some(4));
        assert_eq!(e.take("m04.md").map(|t| t.1), None, "taken twice");
        assert_eq!(e.take("m05.md").map(|t| t.1), Some(5));
        let mut e = entries(&refs);
        e.recent
            .insert("m01.md".into(), (Stamp::default_for_tests(), 99));
        assert_eq!(e.take("m00.md").map(|t| (t.1, t.2)), Some((0, false)));
        assert_eq!(e.take("m01.md").map(|t| (t.1, t.2)), Some((99, true)));
        // The saved m01 went with it: the next is in step again.
        assert_eq!(e.take("m02.md").map(|t| t.1), Some(2));
        assert!(e.index.is_none(), "in step, no index needed");
        assert_eq!(e.len(), 40);
    }
}

#[cfg(test)]
mod racy_tests {
    use super::*;

    fn stamp(mtime_ns: i128) -> Stamp {
        Stamp {
            len: 10,
            mtime_ns,
            ctime_ns: mtime_ns,
            ino: 1,
        }
    }

    /// An entry is reused only when its file changed well before the load
    /// that read it began: 50 ms for stamps with fractions of a second,
    /// 2 s for whole seconds; entries of `RECENT` by their own load.
    #[test]
    fn stamps_close_to_the_read_are_not_trusted() {
        let read = 1_800_000_000_123_456_789;
        let cache = Cache {
            read_ns: read,
            recent_read_ns: read + 10_000_000_000,
            recent: ["r.md".to_string()].into_iter().collect(),
            ..Cache::default()
        };
        let fresh = |rel: &str, mtime: i128| {
            cache.fresh(cache.recent.contains(rel), &stamp(mtime), &stamp(mtime))
        };
        assert!(fresh("a.md", read - 60_000_000));
        assert!(!fresh("a.md", read - 40_000_000));
        assert!(!fresh("a.md", read + 1));
        let whole = read - read % 1_000_000_000;
        assert!(!fresh("a.md", whole - 1_000_000_000));
        assert!(fresh("a.md", whole - 3_000_000_000));
        // The recent entry was read 10 s later.
        assert!(fresh("r.md", read + 5_000_000_000));
        assert!(!fresh("a.md", read + 5_000_000_000));
        // A stamp that differs is never fresh.
        assert!(!cache.fresh(
            false,
            &stamp(read - 9_000_000_000),
            &stamp(read - 8_000_000_000)
        ));
    }
}

/// Text fields read from the cache through one check of their UTF-8 by
/// `simdutf8` instead of std's (`#[serde(deserialize_with)]` on the
/// [`Model`]'s strings): the parse cache of a national site holds 140 MB,
/// most of it Vietnamese text, and std's check of each string was a
/// tenth of decoding it. The bytes are what postcard wrote for a `String`
/// (its length, then its bytes), read in place.
pub mod text {
    use serde::de::{Deserializer, Error, SeqAccess, Visitor};
    use std::path::PathBuf;

    struct Text;

    impl<'de> Visitor<'de> for Text {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("UTF-8 text")
        }
        fn visit_borrowed_bytes<E: Error>(self, v: &'de [u8]) -> Result<String, E> {
            self.visit_bytes(v)
        }
        fn visit_bytes<E: Error>(self, v: &[u8]) -> Result<String, E> {
            simdutf8::basic::from_utf8(v)
                .map(str::to_owned)
                .map_err(|_| E::custom("text that is not UTF-8"))
        }
        fn visit_str<E: Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }
        fn visit_string<E: Error>(self, v: String) -> Result<String, E> {
            Ok(v)
        }
    }

    pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        d.deserialize_bytes(Text)
    }

    pub fn path<'de, D: Deserializer<'de>>(d: D) -> Result<PathBuf, D::Error> {
        string(d).map(PathBuf::from)
    }

    pub fn strings<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
        struct List;
        impl<'de> Visitor<'de> for List {
            type Value = Vec<String>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of texts")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
                struct One(String);
                impl<'de> serde::Deserialize<'de> for One {
                    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<One, D::Error> {
                        string(d).map(One)
                    }
                }
                let mut v = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                while let Some(One(s)) = seq.next_element()? {
                    v.push(s);
                }
                Ok(v)
            }
        }
        d.deserialize_seq(List)
    }
}
