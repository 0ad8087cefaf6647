//! The last build's search index, read back from its output, so that a
//! rebuild cuts into words only the records that changed since: a
//! national site's one-model edit would otherwise read and cut every
//! entry again for an index that differs in one record.
//!
//! A record is taken over from the last index when its entry was read
//! from the same parse cache (not anew) and its display data is the same
//! (path, title, locality, field, year, excerpt): then its text is the
//! same. Its ids are renumbered into the new facet order; every other
//! record is cut into words as a whole build does. The result is, byte
//! for byte, the index a whole build makes.
//!
//! The files are distrusted: they must match their manifest's checksum,
//! every set must be in order and below the record count, every spelling
//! must belong to a word of the index. Anything else gives `None`, and the
//! index is made whole.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;

use super::encode::Cursor;
use super::files::{self, encode_words, finish};
use super::fold::{self, Word};
use super::index::{Built, sort};
use super::{DIR, Facets, GROUP, Record, Source, Text, VERSION};

/// Largest index file read back: the real ones are a few kilobytes.
const MAX_FILE: u64 = 16 << 20;

/// A record's display data, as `m/<g>.json` holds it.
type Row = [String; 6];

/// One word's records. As read from the last index, only its entry's
/// bytes (checked); decoded when the word comes to be encoded again
/// ([`decoded`]), one word at a time: decoded all at once, the sets of a
/// national site's common words took hundreds of megabytes.
#[derive(Default, Clone)]
pub(super) struct Sets {
    all: Vec<u32>,
    head: Vec<u32>,
    /// Its spellings and their records; empty when its one spelling is
    /// the word itself (whose records are then `all`).
    spellings: Vec<Spelling>,
    /// Its entry in the last index (empty for a word it lacked).
    bytes: Vec<u8>,
    /// Whether its records differ from the last index's, which then
    /// cannot be copied.
    touched: bool,
}

#[derive(Clone)]
pub(super) struct Spelling {
    text: String,
    ids: Vec<u32>,
    /// Its entry in the last index (empty for a spelling it lacked).
    bytes: Vec<u8>,
}

/// The last build's index, read.
pub struct Last {
    /// Records in the last index.
    n: u32,
    rows: Vec<Row>,
    /// Sorted by word.
    words: Vec<(String, Sets)>,
    /// The display-data files, by name: the old ids of their records and
    /// their bytes.
    groups: HashMap<String, (Range<usize>, Vec<u8>)>,
}

/// Reads the files of an index folder (`<out>/tim-kiem/chi-muc/`): only
/// regular files, none larger than [`MAX_FILE`].
pub fn from_dir(out: &Path) -> impl Fn(&str) -> Option<Vec<u8>> + Sync + use<> {
    let dir: PathBuf = out.join(DIR);
    move |name: &str| {
        let path = dir.join(name);
        let meta = std::fs::symlink_metadata(&path).ok()?;
        if !meta.is_file() || meta.len() > MAX_FILE {
            return None;
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        std::fs::File::open(&path)
            .ok()?
            .take(MAX_FILE + 1)
            .read_to_end(&mut bytes)
            .ok()?;
        (bytes.len() as u64 <= MAX_FILE).then_some(bytes)
    }
}

/// Reads back the index whose files `fetch` gives (named as in the index
/// folder). `records`: how many records the site has now; a last index
/// far larger is not read (its size is the file's word, not a fact).
pub fn read(fetch: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync), records: usize) -> Option<Last> {
    let man_bytes = fetch("manifest.json")?;
    let man: super::read::Manifest = serde_json::from_slice(&man_bytes).ok()?;
    if man.v != VERSION
        || man.g != GROUP
        || man.n > records.saturating_mul(4).max(records + 100_000)
    {
        return None;
    }
    let n = man.n as u32;
    let (c, s) = (man.c.len(), man.s.len());
    let facet_bytes = fetch("facets.bin")?;
    let facets = super::read::facet_values(&man, &facet_bytes).ok()?;
    let display = super::read::group_files(&man, &facets)?;
    drop(facets);
    let mut names = vec!["facets.bin".to_string()];
    names.extend((0..c).map(|i| format!("t/{i}.bin")));
    names.extend((0..s).map(|i| format!("s/{i}.bin")));
    names.extend(display.iter().map(|(name, _)| name.clone()));
    let mut files: Vec<Vec<u8>> = names[1..]
        .par_iter()
        .map(|name| fetch(name))
        .collect::<Option<_>>()?;
    files.insert(0, facet_bytes);
    let mut crc = crc32fast::Hasher::new();
    for (name, bytes) in names.iter().zip(&files) {
        crc.update(DIR.as_bytes());
        crc.update(name.as_bytes());
        crc.update(bytes);
    }
    if format!("{:08x}", crc.finalize()) != man.id {
        return None;
    }

    let chunks: Vec<Vec<(String, Sets, u64)>> = files[1..1 + c]
        .par_iter()
        .map(|bytes| word_chunk(bytes, n))
        .collect::<Option<_>>()?;
    let mut declared = Vec::new();
    let mut words_sets: Vec<(String, Sets)> = Vec::new();
    for (word, sets, count) in chunks.into_iter().flatten() {
        words_sets.push((word, sets));
        declared.push(count);
    }
    if !words_sets.windows(2).all(|p| p[0].0 < p[1].0) {
        return None;
    }
    let spelled: Vec<Vec<Spelling>> = files[1 + c..1 + c + s]
        .par_iter()
        .map(|bytes| spelling_chunk(bytes, n))
        .collect::<Option<_>>()?;
    for spelling in spelled.into_iter().flatten() {
        let folded = folded_of(&spelling.text)?;
        let i = words_sets
            .binary_search_by(|(w, _)| w.as_str().cmp(&folded))
            .ok()?;
        words_sets[i].1.spellings.push(spelling);
    }
    if words_sets
        .iter()
        .zip(&declared)
        .any(|((_, sets), &d)| sets.spellings.len() as u64 != d)
    {
        return None;
    }

    let groups = files.split_off(1 + c + s);
    let rows: Vec<Vec<Row>> = groups
        .par_iter()
        .zip(&display)
        .map(|(bytes, (_, ids))| {
            serde_json::from_slice(bytes)
                .ok()
                .filter(|rows: &Vec<Row>| rows.len() == ids.len())
        })
        .collect::<Option<_>>()?;
    let rows: Vec<Row> = rows.into_iter().flatten().collect();
    let groups = display
        .into_iter()
        .zip(groups)
        .map(|((name, ids), bytes)| (name, (ids, bytes)))
        .collect();
    (rows.len() == man.n).then_some(Last {
        n,
        rows,
        words: words_sets,
        groups,
    })
}

/// The folded word of a spelling (`hoa:2` → `hoa`, `đoàn` → `doan`).
fn folded_of(spelling: &str) -> Option<String> {
    let base = spelling.split(':').next()?;
    match fold::words(base).as_slice() {
        [w] => Some(w.folded.clone()),
        _ => None,
    }
}

/// Entries of a word chunk: word, sets, declared number of spellings.
fn word_chunk(bytes: &[u8], n: u32) -> Option<Vec<(String, Sets, u64)>> {
    let mut c = Cursor::new(bytes);
    let count = c.varint()?;
    let mut out = Vec::new();
    for _ in 0..count {
        let start = c.pos;
        let word = c.str()?.to_string();
        c.check_set(n)?;
        c.check_set(n)?;
        let spellings = c.varint()?;
        let sets = Sets {
            bytes: bytes[start..c.pos].to_vec(),
            ..Sets::default()
        };
        out.push((word, sets, spellings));
    }
    c.done().then_some(out)
}

/// Entries of a spelling chunk.
fn spelling_chunk(bytes: &[u8], n: u32) -> Option<Vec<Spelling>> {
    let mut c = Cursor::new(bytes);
    let count = c.varint()?;
    let mut out = Vec::new();
    for _ in 0..count {
        let start = c.pos;
        let text = c.str()?.to_string();
        c.check_set(n)?;
        out.push(Spelling {
            text,
            ids: Vec::new(),
            bytes: bytes[start..c.pos].to_vec(),
        });
    }
    c.done().then_some(out)
}

/// A word of the last index with its sets decoded (its entries were
/// checked when read: `None` only if they changed since).
fn decoded(sets: &Sets, n: u32) -> Option<Sets> {
    let mut c = Cursor::new(&sets.bytes);
    c.str()?;
    let all = c.set(n)?;
    let head = c.set(n)?;
    let spellings = sets
        .spellings
        .iter()
        .map(|sp| {
            let mut c = Cursor::new(&sp.bytes);
            c.str()?;
            Some(Spelling {
                text: sp.text.clone(),
                ids: c.set(n)?,
                bytes: Vec::new(),
            })
        })
        .collect::<Option<_>>()?;
    Some(Sets {
        all,
        head,
        spellings,
        bytes: Vec::new(),
        touched: false,
    })
}

/// Whether `row` is `r`'s display data.
fn same_row(row: &Row, r: &Record) -> bool {
    let now = [
        &r.path,
        &r.title,
        &r.locality,
        &r.field_name,
        &r.year_label,
        &r.excerpt,
    ];
    row.iter().zip(now).all(|(a, b)| a == b)
}

/// Builds the index of `records` from `last`: `kept` says which records'
/// entries were read the same as for the last build (see the module
/// comment); the others' text `text` gives. `Ok(None)`: stopped;
/// `Err`: the last index cannot be used after all (its bytes changed
/// since they were checked), the records given back for a whole index.
pub fn rebuild(
    last: Last,
    mut records: Vec<Record>,
    facets: &Facets,
    kept: &(dyn Fn(&Record) -> bool + Sync),
    text: &(dyn Fn(Source) -> Text + Sync),
    stop: &AtomicBool,
) -> Result<Option<Built>, Vec<Record>> {
    let stopped = || stop.load(Ordering::Relaxed);
    sort(&mut records);
    let Last {
        n: last_n,
        rows,
        words,
        groups,
    } = last;

    // Old id → new id of every record taken over; the others are redone.
    let by_path: HashMap<&str, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r[0].as_str(), i))
        .collect();
    let mut moved = vec![u32::MAX; rows.len()];
    let mut redo = Vec::new();
    for (j, r) in records.iter().enumerate() {
        match by_path.get(r.path.as_str()) {
            Some(&i) if kept(r) && same_row(&rows[i], r) => moved[i] = j as u32,
            _ => redo.push(j as u32),
        }
    }
    drop(by_path);
    // The old ids whose number changes or which leave, as runs of
    // consecutive ids: for a body edit, the record redone; for a title
    // edit, the few between the record's old and new places in its facet
    // group. With as many records as before, a set that holds none of
    // them is as the last index had it, bytes and all; with another
    // count, every set is renumbered (their encoding depends on it).
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for i in (0..rows.len() as u32).filter(|&i| moved[i as usize] != i) {
        match runs.last_mut() {
            Some((_, hi)) if *hi + 1 == i => *hi = i,
            _ => runs.push((i, i)),
        }
    }
    let local = records.len() == rows.len() && runs.len() <= 64;

    let _t = crate::progress::trace::span("search: cut the records redone");
    let found: Vec<Vec<(Word, bool)>> = redo
        .par_iter()
        .map(|&j| {
            if stopped() {
                return Vec::new();
            }
            let t = text(records[j as usize].source);
            let mut ws: Vec<(Word, bool)> = fold::words(&t.head)
                .into_iter()
                .map(|w| (w, true))
                .chain(fold::words(&t.body).into_iter().map(|w| (w, false)))
                .collect();
            ws.sort_unstable();
            ws.dedup();
            ws
        })
        .collect();
    if stopped() {
        return Ok(None);
    }
    let mut added: HashMap<String, Sets> = HashMap::new();
    for (&j, ws) in redo.iter().zip(found) {
        for (w, head) in ws {
            let e = added.entry(w.folded).or_default();
            push_once(&mut e.all, j);
            if head {
                push_once(&mut e.head, j);
            }
            match e.spellings.iter_mut().find(|s| s.text == w.exact) {
                Some(s) => push_once(&mut s.ids, j),
                None => e.spellings.push(Spelling {
                    text: w.exact,
                    ids: vec![j],
                    bytes: Vec::new(),
                }),
            }
        }
    }

    drop(_t);
    let _t = crate::progress::trace::span("search: renumber, merge and encode");
    // Renumbers a set; whether it changed. Looking the runs up in a set
    // beats walking it when only they change.
    let remap = |ids: &mut Vec<u32>| {
        let holds = |&(lo, hi): &(u32, u32)| {
            let k = ids.partition_point(|&x| x < lo);
            k < ids.len() && ids[k] <= hi
        };
        if local && !runs.iter().any(holds) {
            return false;
        }
        ids.retain_mut(|i| {
            *i = moved[*i as usize];
            *i != u32::MAX
        });
        ids.sort_unstable();
        true
    };
    // Every word: as the last index had it, and what the entries redone add.
    let mut table: Vec<(String, (Sets, Option<Sets>))> =
        words.into_iter().map(|(w, s)| (w, (s, None))).collect();
    let mut new_words = Vec::new();
    for (word, a) in added {
        match table.binary_search_by(|(w, _)| w.as_str().cmp(&word)) {
            Ok(i) => table[i].1.1 = Some(a),
            Err(_) => new_words.push((word, (Sets::default(), Some(a)))),
        }
    }
    table.extend(new_words);
    table.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    if stopped() {
        return Ok(None);
    }
    let (touched, bad) = (AtomicUsize::new(0), AtomicBool::new(false));
    let n = records.len() as u32;
    let encoded = encode_words(&table, n, |word, (was, add)| {
        let mut s = if was.bytes.is_empty() {
            let Some(a) = add else {
                return files::Word::Gone;
            };
            let mut a = a.clone();
            a.touched = true;
            a
        } else {
            let Some(mut s) = decoded(was, last_n) else {
                bad.store(true, Ordering::Relaxed);
                return files::Word::Gone;
            };
            s.touched |= remap(&mut s.all);
            s.touched |= remap(&mut s.head);
            for sp in &mut s.spellings {
                s.touched |= remap(&mut sp.ids);
            }
            if let Some(a) = add {
                merge(word, &mut s, a.clone());
            }
            s
        };
        if !s.touched {
            let spellings = was
                .spellings
                .iter()
                .map(|sp| (sp.text.as_str(), sp.bytes.as_slice()))
                .collect();
            return files::Word::Bytes(&was.bytes, spellings);
        }
        touched.fetch_add(1, Ordering::Relaxed);
        s.spellings.retain(|sp| !sp.ids.is_empty());
        if s.all.is_empty() {
            return files::Word::Gone;
        }
        let spellings = s
            .spellings
            .into_iter()
            .map(|sp| (Cow::Owned(sp.text), sp.ids))
            .collect();
        files::Word::Sets(s.all, s.head, spellings)
    });
    if bad.load(Ordering::Relaxed) {
        return Err(records);
    }
    crate::progress::trace::note(|| {
        format!(
            "search: {} records redone, {} runs of ids moved, words changed: {} of {}",
            redo.len(),
            runs.len(),
            touched.load(Ordering::Relaxed),
            table.len()
        )
    });
    // A display-data file whose rows are all as they were is kept.
    let same_group = |name: &str, ids: Range<usize>| {
        let (old, bytes) = groups.get(name)?;
        let same = old.len() == ids.len()
            && old
                .clone()
                .zip(ids)
                .all(|(i, j)| same_row(&rows[i], &records[j]));
        same.then_some(bytes.as_slice())
    };
    let mut built = finish(&records, facets, encoded, &same_group);
    built.stats.redone = redo.len();
    Ok(Some(built))
}

/// Adds `id` to ids added in increasing order, once.
fn push_once(ids: &mut Vec<u32>, id: u32) {
    if ids.last() != Some(&id) {
        ids.push(id);
    }
}

/// Adds the records of redone entries to a word the last index had.
fn merge(word: &str, old: &mut Sets, added: Sets) {
    old.touched = true;
    let plain_only = added.spellings.iter().all(|s| s.text == *word);
    if old.spellings.is_empty() && !plain_only {
        // The word's one spelling was itself: spell it out before others join.
        old.spellings.push(Spelling {
            text: word.to_string(),
            ids: old.all.clone(),
            bytes: Vec::new(),
        });
    }
    if !old.spellings.is_empty() {
        for s in added.spellings {
            match old.spellings.iter_mut().find(|o| o.text == s.text) {
                Some(o) => union(&mut o.ids, s.ids),
                None => old.spellings.push(s),
            }
        }
    }
    union(&mut old.all, added.all);
    union(&mut old.head, added.head);
}

/// `a ∪ b` into `a`, both sorted and without repeats. `b` holds the
/// records of the entries redone, usually a handful: each is put in its
/// place rather than the whole set sorted again.
fn union(a: &mut Vec<u32>, b: Vec<u32>) {
    if b.len() <= 32 {
        for id in b {
            if let Err(at) = a.binary_search(&id) {
                a.insert(at, id);
            }
        }
    } else {
        a.extend(b);
        a.sort_unstable();
        a.dedup();
    }
}
