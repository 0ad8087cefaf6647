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

use super::encode::{Cursor, put_varint};
use super::files::{Word, encode_words, finish};
use super::fold::{runs, words};
use super::{Facets, Record, Source, Stats, Text};

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
    sort(&mut records);
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
    let encoded = encode_words(&table, n, |_, e| {
        let exact = e
            .spellings
            .iter()
            .map(|&s| {
                let (spelling, ids) = &spellings[s as usize];
                (std::borrow::Cow::Borrowed(spelling.as_str()), ids.to_vec())
            })
            .collect();
        Word::Sets(e.all.to_vec(), e.head.to_vec(), exact)
    });
    if stopped() {
        return None;
    }
    Some(finish(&records, facets, encoded, &|_, _| None))
}

/// The facet order of records: kind, province, field, newest year first
/// (none last in each); a stable sort keeps the site's own order within.
pub(super) fn sort(records: &mut [Record]) {
    records.sort_by_key(|r: &Record| {
        (
            r.kind,
            r.province.map_or(usize::MAX, |p| p),
            r.field.map_or(usize::MAX, |f| f),
            r.year.map_or(i64::MAX, |y| -i64::from(y)),
        )
    });
}
