//! Records → index files (the format is described in `search/mod.rs`).
//!
//! Records are numbered in facet order, cut into words in parallel batches
//! (so memory stays bounded whatever the site's size), merged into one
//! word table, and the word table is written in byte order of the folded
//! words, cut into chunks of about [`CHUNK_BYTES`]. Everything is sorted
//! before it is written: the same records give the same bytes.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use super::encode::{put_set, put_str, put_varint};
use super::fold::{Word, words};
use super::{CHUNK_BYTES, DIR, Facets, GROUP, Kind, Record, Stats};

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
    all: Vec<u32>,
    /// Records with the word in the title or locality.
    head: Vec<u32>,
    /// Diacritic spellings (`Word::exact`) and the records containing each.
    exact: Vec<(String, Vec<u32>)>,
}

fn push_once(v: &mut Vec<u32>, id: u32) {
    if v.last() != Some(&id) {
        v.push(id);
    }
}

/// The distinct words of one record: `(word, in head)`, sorted.
fn record_words(r: &Record) -> Vec<(Word, bool)> {
    let mut head = words(&r.head);
    head.sort_unstable();
    head.dedup();
    let mut all: Vec<(Word, bool)> = head.into_iter().map(|w| (w, true)).collect();
    let mut body = words(&r.body);
    body.sort_unstable();
    body.dedup();
    all.extend(body.into_iter().map(|w| (w, false)));
    // Head first for equal words, so dedup keeps the head flag.
    all.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    all.dedup_by(|a, b| a.0 == b.0);
    all
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
    /// First folded word of each chunk `t/<i>.bin`.
    c: Vec<&'a str>,
    f: Vec<FacetJson<'a>>,
}

/// Builds the index files of `records`.
pub fn build(mut records: Vec<Record>, facets: &Facets) -> Built {
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

    // Words → records.
    let mut table: HashMap<String, Entry> = HashMap::new();
    for (b, batch) in records.chunks(BATCH).enumerate() {
        let cut: Vec<Vec<(Word, bool)>> = batch.par_iter().map(record_words).collect();
        for (i, ws) in cut.into_iter().enumerate() {
            let id = (b * BATCH + i) as u32;
            for (w, head) in ws {
                let e = match table.get_mut(&w.folded) {
                    Some(e) => e,
                    None => table.entry(w.folded.clone()).or_default(),
                };
                push_once(&mut e.all, id);
                if head {
                    push_once(&mut e.head, id);
                }
                if w.has_marks() {
                    match e.exact.iter_mut().find(|(s, _)| *s == w.exact) {
                        Some((_, ids)) => push_once(ids, id),
                        None => e.exact.push((w.exact, vec![id])),
                    }
                }
            }
        }
    }
    let mut table: Vec<(String, Entry)> = table.into_iter().collect();
    table.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let word_count = table.len();

    // Encoded entries, then chunks.
    let encoded: Vec<Vec<u8>> = table
        .par_iter_mut()
        .map(|(word, e)| {
            e.exact.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            let mut out = Vec::new();
            put_str(&mut out, word);
            put_set(&mut out, &e.all, n);
            put_set(&mut out, &e.head, n);
            put_varint(&mut out, e.exact.len() as u64);
            for (s, ids) in &e.exact {
                put_str(&mut out, s);
                put_set(&mut out, ids, n);
            }
            out
        })
        .collect();
    // (index of the chunk's first word in `table`, bytes)
    let mut chunks: Vec<(usize, Vec<u8>)> = Vec::new();
    let mut cur: Vec<u8> = Vec::new();
    let mut cur_first = 0;
    let mut cur_count = 0u64;
    let close = |chunks: &mut Vec<(usize, Vec<u8>)>, first: usize, count: u64, body: &[u8]| {
        let mut bytes = Vec::with_capacity(body.len() + 4);
        put_varint(&mut bytes, count);
        bytes.extend_from_slice(body);
        chunks.push((first, bytes));
    };
    for (i, bytes) in encoded.iter().enumerate() {
        if cur_count == 0 {
            cur_first = i;
        }
        cur.extend_from_slice(bytes);
        cur_count += 1;
        if cur.len() >= CHUNK_BYTES {
            close(&mut chunks, cur_first, cur_count, &cur);
            cur.clear();
            cur_count = 0;
        }
    }
    if cur_count > 0 {
        close(&mut chunks, cur_first, cur_count, &cur);
    }

    // Facets, run-length coded in record order.
    let mut years: Vec<i32> = records.iter().filter_map(|r| r.year).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let values: [Vec<usize>; 4] = [
        records.iter().map(|r| r.province.map_or(0, |p| p + 1)).collect(),
        records.iter().map(|r| r.field.map_or(0, |f| f + 1)).collect(),
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
            .map(|r| Kind::ALL.iter().position(|&k| k == r.kind).map_or(0, |p| p + 1))
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
    for (i, (_, bytes)) in chunks.iter().enumerate() {
        files.push((format!("{DIR}t/{i}.bin"), bytes.clone()));
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
        c: chunks
            .iter()
            .map(|(first, _)| table[*first].0.as_str())
            .collect(),
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
                v: years.iter().map(|y| (y.to_string(), y.to_string())).collect(),
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
        files: files.len(),
        bytes: files.iter().map(|(_, b)| b.len()).sum(),
    };
    Built { files, stats }
}
