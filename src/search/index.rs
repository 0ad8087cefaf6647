//! Records → index files (the format is described in `search/mod.rs`).
//!
//! Records are numbered in facet order and split into runs of letters in
//! parallel batches; each distinct run is cut into words once and the
//! records are added to one word table, which is written in byte order of
//! the folded words, cut into chunks of about [`CHUNK_BYTES`]. Everything is sorted
//! before it is written: the same records give the same bytes.
// The encoding passes pair terms with their postings and spellings;
// naming each tuple would not make them clearer.
#![allow(clippy::type_complexity)]

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use super::encode::{Cursor, put_set, put_str, put_varint};
use super::fold::{runs, words};
use super::{CHUNK_BYTES, DIR, Facets, GROUP, Kind, Record, Source, Stats, Text};

/// Records cut into words at once, per batch.
const BATCH: usize = 2048;

/// The files of one index, paths relative to the output root.
pub struct Built {
    pub files: Vec<(String, Vec<u8>)>,
    pub stats: Stats,
}

#[derive(Default)]
struct Entry {
    /// Records containing the word.
    all: Ids,
    /// Records with the word in the title or locality.
    head: Ids,
    /// Ids of the word's spellings (`Word::exact`) in [`Table::spellings`].
    spellings: Vec<u32>,
}

/// A growing set of record ids, added in increasing order, kept as
/// varint gaps: a third of the memory of a `Vec<u32>` at 100,000 records.
#[derive(Default)]
struct Ids {
    gaps: Vec<u8>,
    /// Last id added, plus one (0: none yet).
    next: u32,
}

impl Ids {
    fn push_once(&mut self, id: u32) {
        if self.next == id + 1 {
            return;
        }
        put_varint(&mut self.gaps, u64::from(id - self.next));
        self.next = id + 1;
    }

    fn to_vec(&self) -> Vec<u32> {
        let mut c = Cursor::new(&self.gaps);
        let mut out = Vec::new();
        let mut next = 0u32;
        while let Some(g) = c.varint() {
            let id = next + g as u32;
            out.push(id);
            next = id + 1;
        }
        out
    }
}

/// FxHash: a fast hasher for the short strings of the run cache (the
/// index is built from the site's own content; no untrusted keys).
#[derive(Default, Clone, Copy)]
struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl Fx {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fx>>;

/// Words and spellings met so far, with their records.
#[derive(Default)]
struct Table {
    word_ids: FxMap<String, u32>,
    /// By word id: the folded word and its entry.
    words: Vec<(String, Entry)>,
    /// By spelling id: the spelling and the records containing it.
    spellings: Vec<(String, Ids)>,
    /// Spelling id → its word id.
    spelling_word: Vec<u32>,
    /// Run of text → the spelling ids of its words.
    runs: FxMap<String, Vec<u32>>,
}

impl Table {
    /// The spelling ids of the words of one run of text, cut once.
    fn cut(&mut self, run: &str) -> &[u32] {
        if !self.runs.contains_key(run) {
            let mut ids = Vec::new();
            for w in words(run) {
                let wid = match self.word_ids.get(&w.folded) {
                    Some(&id) => id,
                    None => {
                        let id = self.words.len() as u32;
                        self.word_ids.insert(w.folded.clone(), id);
                        self.words.push((w.folded, Entry::default()));
                        id
                    }
                };
                let entry = &mut self.words[wid as usize].1;
                let sid = match entry
                    .spellings
                    .iter()
                    .find(|&&s| self.spellings[s as usize].0 == w.exact)
                {
                    Some(&s) => s,
                    None => {
                        let s = self.spellings.len() as u32;
                        self.spellings.push((w.exact, Ids::default()));
                        self.spelling_word.push(wid);
                        entry.spellings.push(s);
                        s
                    }
                };
                ids.push(sid);
            }
            self.runs.insert(run.to_string(), ids);
        }
        self.runs.get(run).map_or(&[], Vec::as_slice)
    }

    /// Records that record `id` has these spellings.
    fn add(&mut self, id: u32, spellings: &[u32], head: bool) {
        for &s in spellings {
            self.spellings[s as usize].1.push_once(id);
            let e = &mut self.words[self.spelling_word[s as usize] as usize].1;
            e.all.push_once(id);
            if head {
                e.head.push_once(id);
            }
        }
    }
}

/// One record's spellings found through the run cache, and its runs the
/// cache did not have yet.
#[derive(Default)]
struct Found<'t> {
    head: Vec<u32>,
    body: Vec<u32>,
    new: Vec<(&'t str, bool)>,
}

fn find<'t>(runs_of: &FxMap<String, Vec<u32>>, text: &'t Text) -> Found<'t> {
    let mut f = Found::default();
    for (part, head) in [(&text.head, true), (&text.body, false)] {
        for run in runs(part) {
            match runs_of.get(run) {
                Some(ids) => {
                    if head {
                        f.head.extend_from_slice(ids)
                    } else {
                        f.body.extend_from_slice(ids)
                    }
                }
                None => f.new.push((run, head)),
            }
        }
    }
    f.head.sort_unstable();
    f.head.dedup();
    f.body.sort_unstable();
    f.body.dedup();
    f
}

#[derive(Serialize)]
struct FacetJson<'a> {
    /// URL parameter of the facet.
    k: &'a str,
    /// Values: `[key, name]`; value 0 of `facets.bin` is "none", value i is `v[i-1]`.
    v: Vec<(String, String)>,
}

#[derive(Serialize)]
struct Manifest<'a> {
    /// Format version.
    v: u32,
    /// Build id: a checksum of every other file, for cache busting.
    id: String,
    /// Number of records.
    n: usize,
    /// Records per display-data file.
    g: usize,
    /// First folded word of each word chunk `t/<i>.bin`.
    c: Vec<&'a str>,
    /// First spelling of each spelling chunk `s/<i>.bin`.
    s: Vec<&'a str>,
    f: Vec<FacetJson<'a>>,
}

/// Cuts sorted `(key, entry)` pairs into files of about [`CHUNK_BYTES`]:
/// `(first key, entry count + entries)`.
fn chunk<'a, B: AsRef<[u8]>>(
    entries: impl Iterator<Item = (&'a str, B)>,
) -> Vec<(&'a str, Vec<u8>)> {
    let mut out = Vec::new();
    let mut cur: Vec<u8> = Vec::new();
    let mut first = "";
    let mut count = 0u64;
    let mut close = |first: &'a str, count: u64, body: &mut Vec<u8>| {
        let mut bytes = Vec::with_capacity(body.len() + 4);
        put_varint(&mut bytes, count);
        bytes.append(body);
        out.push((first, bytes));
    };
    for (key, bytes) in entries {
        if count == 0 {
            first = key;
        }
        cur.extend_from_slice(bytes.as_ref());
        count += 1;
        if cur.len() >= CHUNK_BYTES {
            close(first, count, &mut cur);
            count = 0;
        }
    }
    if count > 0 {
        close(first, count, &mut cur);
    }
    out
}

/// Stops making an index: what was made so far (at 100,000 records,
/// millions of words and runs of text) is freed on a thread of its own,
/// not by the caller, which `serve` waits for before it renders an edit.
fn give_up<T: Send + 'static>(made: T) -> Option<Built> {
    let _ = std::thread::Builder::new().spawn(move || drop(made));
    None
}

/// Builds the index files of `records`, whose text `text` gives. `None`:
/// `stop` was set on the way (it is looked at for every record and between
/// the steps, so that `serve` can have its cores back at once for an edit).
pub fn build(
    mut records: Vec<Record>,
    facets: &Facets,
    text: &(dyn Fn(Source) -> Text + Sync),
    stop: &AtomicBool,
) -> Option<Built> {
    let stopped = || stop.load(Ordering::Relaxed);
    // Facet order: kind, province, field, newest year first (none last in
    // each), then the site's own order (the sort is stable).
    let key = |r: &Record| {
        (
            r.kind,
            r.province.map_or(usize::MAX, |p| p),
            r.field.map_or(usize::MAX, |f| f),
            r.year.map_or(i64::MAX, |y| -i64::from(y)),
        )
    };
    records.sort_by_key(key);
    let n = records.len() as u32;

    // Words → records, a batch at a time: the batch's text is made and
    // looked up in the run cache in parallel; runs the cache lacks are cut
    // in record order, so ids are the same on every run.
    let mut table = Table::default();
    for b in 0..records.len().div_ceil(BATCH) {
        let batch = &records[b * BATCH..records.len().min((b + 1) * BATCH)];
        let texts: Vec<Text> = batch
            .par_iter()
            .map(|r| {
                if stopped() {
                    Text::default()
                } else {
                    text(r.source)
                }
            })
            .collect();
        if stopped() {
            return give_up((table, records));
        }
        let found: Vec<Option<Found>> = texts
            .par_iter()
            .map(|t| (!stopped()).then(|| find(&table.runs, t)))
            .collect();
        for (i, f) in found.into_iter().enumerate() {
            // Adding a batch's words takes a good part of a second at
            // 100,000 records; a stop is looked at every few records.
            let (Some(mut f), false) = (f, i % 64 == 0 && stopped()) else {
                return give_up((table, records));
            };
            let id = (b * BATCH + i) as u32;
            for (run, head) in f.new {
                let ids = table.cut(run).to_vec();
                if head {
                    f.head.extend(ids);
                } else {
                    f.body.extend(ids);
                }
            }
            f.head.sort_unstable();
            f.head.dedup();
            table.add(id, &f.head, true);
            table.add(id, &f.body, false);
        }
    }
    let Table {
        words: table,
        spellings,
        ..
    } = table;
    let mut table: Vec<(String, Entry)> = table;
    table.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    if stopped() {
        return None;
    }
    let word_count = table.len();

    // Word entries: word, records, head records, number of spellings
    // (0 when the word is never written with diacritics: its one spelling
    // is then its records). Spelling entries: spelling, records; in their
    // own files, which only a query typed with diacritics reads.
    let encoded: Vec<(Vec<u8>, Vec<(&str, Vec<u8>)>)> = table
        .par_iter()
        .map(|(word, e)| {
            let mut exact: Vec<&(String, Ids)> = e
                .spellings
                .iter()
                .map(|&s| &spellings[s as usize])
                .collect();
            if exact.len() == 1 && exact[0].0 == *word {
                exact.clear();
            }
            let mut out = Vec::new();
            put_str(&mut out, word);
            put_set(&mut out, &e.all.to_vec(), n);
            put_set(&mut out, &e.head.to_vec(), n);
            put_varint(&mut out, exact.len() as u64);
            let spelled = exact
                .into_iter()
                .map(|(s, ids)| {
                    let mut out = Vec::new();
                    put_str(&mut out, s);
                    put_set(&mut out, &ids.to_vec(), n);
                    (s.as_str(), out)
                })
                .collect();
            (out, spelled)
        })
        .collect();
    let (word_entries, spelled): (Vec<Vec<u8>>, Vec<Vec<(&str, Vec<u8>)>>) =
        encoded.into_iter().unzip();
    let word_chunks = chunk(table.iter().map(|(w, _)| w.as_str()).zip(word_entries));
    let mut spelled: Vec<(&str, Vec<u8>)> = spelled.into_iter().flatten().collect();
    spelled.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
    let spelling_count = spelled.len();
    let spelling_chunks = chunk(spelled.into_iter());
    if stopped() {
        return None;
    }

    // Facets, run-length coded in record order.
    let mut years: Vec<i32> = records.iter().filter_map(|r| r.year).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let values: [Vec<usize>; 4] = [
        records
            .iter()
            .map(|r| r.province.map_or(0, |p| p + 1))
            .collect(),
        records
            .iter()
            .map(|r| r.field.map_or(0, |f| f + 1))
            .collect(),
        records
            .iter()
            .map(|r| {
                r.year
                    .and_then(|y| years.iter().position(|&v| v == y))
                    .map_or(0, |p| p + 1)
            })
            .collect(),
        records
            .iter()
            .map(|r| {
                Kind::ALL
                    .iter()
                    .position(|&k| k == r.kind)
                    .map_or(0, |p| p + 1)
            })
            .collect(),
    ];
    let mut facet_bin = Vec::new();
    for vals in &values {
        let mut runs: Vec<(usize, u64)> = Vec::new();
        for &v in vals {
            match runs.last_mut() {
                Some((last, len)) if *last == v => *len += 1,
                _ => runs.push((v, 1)),
            }
        }
        put_varint(&mut facet_bin, runs.len() as u64);
        for (v, len) in runs {
            put_varint(&mut facet_bin, v as u64);
            put_varint(&mut facet_bin, len);
        }
    }

    // Display data.
    let groups: Vec<Vec<u8>> = records
        .par_chunks(GROUP)
        .map(|g| {
            let rows: Vec<[&str; 6]> = g
                .iter()
                .map(|r| {
                    [
                        r.path.as_str(),
                        r.title.as_str(),
                        r.locality.as_str(),
                        r.field_name.as_str(),
                        r.year_label.as_str(),
                        r.excerpt.as_str(),
                    ]
                })
                .collect();
            serde_json::to_vec(&rows).unwrap_or_default()
        })
        .collect();

    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    files.push((format!("{DIR}facets.bin"), facet_bin));
    let mut firsts = Vec::with_capacity(word_chunks.len());
    for (i, (first, bytes)) in word_chunks.into_iter().enumerate() {
        firsts.push(first);
        files.push((format!("{DIR}t/{i}.bin"), bytes));
    }
    let mut spelling_firsts = Vec::with_capacity(spelling_chunks.len());
    for (i, (first, bytes)) in spelling_chunks.into_iter().enumerate() {
        spelling_firsts.push(first);
        files.push((format!("{DIR}s/{i}.bin"), bytes));
    }
    for (g, bytes) in groups.into_iter().enumerate() {
        files.push((format!("{DIR}m/{g}.json"), bytes));
    }
    let mut crc = crc32fast::Hasher::new();
    for (path, bytes) in &files {
        crc.update(path.as_bytes());
        crc.update(bytes);
    }
    let manifest = Manifest {
        v: 1,
        id: format!("{:08x}", crc.finalize()),
        n: records.len(),
        g: GROUP,
        c: firsts,
        s: spelling_firsts,
        f: vec![
            FacetJson {
                k: "tinh",
                v: facets.provinces.clone(),
            },
            FacetJson {
                k: "linh-vuc",
                v: facets.fields.clone(),
            },
            FacetJson {
                k: "nam",
                v: years
                    .iter()
                    .map(|y| (y.to_string(), y.to_string()))
                    .collect(),
            },
            FacetJson {
                k: "loai",
                v: Kind::ALL
                    .iter()
                    .map(|k| (k.key().to_string(), k.name().to_string()))
                    .collect(),
            },
        ],
    };
    files.push((
        format!("{DIR}manifest.json"),
        serde_json::to_vec(&manifest).unwrap_or_default(),
    ));
    let stats = Stats {
        records: records.len(),
        words: word_count,
        spellings: spelling_count,
        files: files.len(),
        bytes: files.iter().map(|(_, b)| b.len()).sum(),
    };
    Some(Built { files, stats })
}
