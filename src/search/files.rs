//! Encoded words, facets and display data → the files of an index (the
//! format is described in `search/mod.rs`). Both ways of making an index
//! end here: [`super::index`] from every record's text, [`super::reuse`]
//! from the last build's index.

use std::borrow::Cow;
use std::ops::Range;

use rayon::prelude::*;
use serde::Serialize;

use super::encode::{put_set, put_str, put_varint};
use super::index::Built;
use super::{CHUNK_BYTES, DIR, Facets, GROUP, Kind, Record, Stats, VERSION};

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
    s: Vec<Cow<'a, str>>,
    f: Vec<FacetJson<'a>>,
}

/// Cuts sorted `(key, entry)` pairs into files of about [`CHUNK_BYTES`]:
/// `(first key, entry count + entries)`.
fn chunk<K, B: AsRef<[u8]>>(entries: impl Iterator<Item = (K, B)>) -> Vec<(K, Vec<u8>)> {
    let mut out = Vec::new();
    let mut cur: Vec<u8> = Vec::new();
    let mut first: Option<K> = None;
    let mut count = 0u64;
    let mut close = |first: K, count: u64, body: &mut Vec<u8>| {
        let mut bytes = Vec::with_capacity(body.len() + 4);
        put_varint(&mut bytes, count);
        bytes.append(body);
        out.push((first, bytes));
    };
    for (key, bytes) in entries {
        if first.is_none() {
            first = Some(key);
        }
        cur.extend_from_slice(bytes.as_ref());
        count += 1;
        if cur.len() >= CHUNK_BYTES
            && let Some(f) = first.take()
        {
            close(f, count, &mut cur);
            count = 0;
        }
    }
    if let Some(f) = first {
        close(f, count, &mut cur);
    }
    out
}

/// The encoded words of an index: word chunks, spelling chunks, and how
/// many words and spellings they hold.
pub(super) struct Encoded<'a> {
    words: Vec<(&'a str, Vec<u8>)>,
    spellings: Vec<(Cow<'a, str>, Vec<u8>)>,
    word_count: usize,
    spelling_count: usize,
}

/// A word to encode: its sets, or the bytes the last index had for it.
pub(super) enum Word<'a> {
    /// Its records, its records with the word in the title or locality,
    /// and its spellings with their records.
    Sets(Vec<u32>, Vec<u32>, Vec<(Cow<'a, str>, Vec<u32>)>),
    /// Its entry, and its spellings' entries, already encoded.
    Bytes(&'a [u8], Vec<(&'a str, &'a [u8])>),
    /// No record has it any more: it is left out.
    Gone,
}

/// Encodes words sorted in byte order into chunks; `word` gives each.
pub(super) fn encode_words<'a, E: Sync>(
    table: &'a [(String, E)],
    n: u32,
    word: impl Fn(&'a str, &'a E) -> Word<'a> + Sync,
) -> Encoded<'a> {
    // Word entries: word, records, head records, number of spellings
    // (0 when the word is never written with diacritics: its one spelling
    // is then its records). Spelling entries: spelling, records; in their
    // own files, which only a query typed with diacritics reads.
    type Spelled<'a> = Vec<(Cow<'a, str>, Cow<'a, [u8]>)>;
    let encoded: Vec<Option<(Cow<[u8]>, Spelled)>> = table
        .par_iter()
        .map(|(w, e)| match word(w, e) {
            Word::Gone => None,
            Word::Bytes(entry, spelled) => Some((
                Cow::Borrowed(entry),
                spelled
                    .into_iter()
                    .map(|(s, b)| (Cow::Borrowed(s), Cow::Borrowed(b)))
                    .collect(),
            )),
            Word::Sets(all, head, mut exact) => {
                if exact.len() == 1 && exact[0].0 == w.as_str() {
                    exact.clear();
                }
                let mut out = Vec::new();
                put_str(&mut out, w);
                put_set(&mut out, &all, n);
                put_set(&mut out, &head, n);
                put_varint(&mut out, exact.len() as u64);
                let spelled = exact
                    .into_iter()
                    .map(|(s, ids)| {
                        let mut out = Vec::new();
                        put_str(&mut out, &s);
                        put_set(&mut out, &ids, n);
                        (s, Cow::Owned(out))
                    })
                    .collect();
                Some((Cow::Owned(out), spelled))
            }
        })
        .collect();
    let mut word_count = 0;
    let mut spelled: Spelled = Vec::new();
    let mut word_entries = Vec::with_capacity(encoded.len());
    for ((w, _), e) in table.iter().zip(encoded) {
        if let Some((entry, s)) = e {
            word_entries.push((w.as_str(), entry));
            spelled.extend(s);
            word_count += 1;
        }
    }
    let words = chunk(word_entries.into_iter());
    spelled.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let spelling_count = spelled.len();
    Encoded {
        words,
        spellings: chunk(spelled.into_iter()),
        word_count,
        spelling_count,
    }
}

/// The display-data files of an index, in record order: the records of
/// each facet run (records with the same value in every facet, which the
/// facet order keeps together) cut into groups of [`GROUP`], each named
/// by its run's value keys and its place in the run:
/// `m/<tinh>.<linh-vuc>.<nam>.<loai>.<i>.json`, `_` for no value. A
/// record added or removed changes the files of its run only, where
/// numbering the groups across the index would change every later one.
/// `values`: per facet, each record's value (0: none; value `v` is
/// `keys[facet][v - 1]`). `None` for a value without a key.
pub(crate) fn display_groups<V: Copy + Into<usize>>(
    values: &[Vec<V>],
    keys: &[Vec<&str>],
) -> Option<Vec<(String, Range<usize>)>> {
    let n = values.first().map_or(0, Vec::len);
    let same = |a: usize, b: usize| values.iter().all(|v| v[a].into() == v[b].into());
    let mut out = Vec::new();
    let mut start = 0;
    while start < n {
        let mut end = start + 1;
        while end < n && same(start, end) {
            end += 1;
        }
        let mut run = String::from("m/");
        for (f, v) in values.iter().enumerate() {
            match v[start].into() {
                0 => run.push('_'),
                k => run.push_str(keys.get(f)?.get(k - 1)?),
            }
            run.push('.');
        }
        for (i, lo) in (start..end).step_by(GROUP).enumerate() {
            out.push((format!("{run}{i}.json"), lo..end.min(lo + GROUP)));
        }
        start = end;
    }
    Some(out)
}

/// The bytes of a display-data file the last index had with the same
/// rows, by its name and the records it holds now.
pub(super) type Kept<'k> = dyn Fn(&str, Range<usize>) -> Option<&'k [u8]> + Sync + 'k;

/// The files of an index: facets, encoded words, display data, manifest.
/// `kept`: see [`Kept`].
pub(super) fn finish<'k>(
    records: &[Record],
    facets: &Facets,
    encoded: Encoded,
    kept: &Kept<'k>,
) -> Built {
    let Encoded {
        words: word_chunks,
        spellings: spelling_chunks,
        word_count,
        spelling_count,
    } = encoded;
    // Facets, run-length coded in record order.
    let mut years: Vec<i32> = records.iter().filter_map(|r| r.year).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let year_keys: Vec<String> = years.iter().map(i32::to_string).collect();
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

    // Display data, a file per group of records of one facet run.
    let keys: Vec<Vec<&str>> = vec![
        facets.provinces.iter().map(|(k, _)| k.as_str()).collect(),
        facets.fields.iter().map(|(k, _)| k.as_str()).collect(),
        year_keys.iter().map(String::as_str).collect(),
        Kind::ALL.iter().map(|k| k.key()).collect(),
    ];
    let names = display_groups(&values, &keys).unwrap_or_default();
    let groups: Vec<(String, Vec<u8>)> = names
        .into_par_iter()
        .map(|(name, ids)| {
            if let Some(bytes) = kept(&name, ids.clone()) {
                return (name, bytes.to_vec());
            }
            let rows: Vec<[&str; 6]> = records[ids]
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
            (name, serde_json::to_vec(&rows).unwrap_or_default())
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
    for (name, bytes) in groups {
        files.push((format!("{DIR}{name}"), bytes));
    }
    let mut crc = crc32fast::Hasher::new();
    for (path, bytes) in &files {
        crc.update(path.as_bytes());
        crc.update(bytes);
    }
    let manifest = Manifest {
        v: VERSION,
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
                v: year_keys.iter().map(|y| (y.clone(), y.clone())).collect(),
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
        redone: records.len(),
        words: word_count,
        spellings: spelling_count,
        files: files.len(),
        bytes: files.iter().map(|(_, b)| b.len()).sum(),
    };
    Built { files, stats }
}
