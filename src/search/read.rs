//! Reads a written index back and answers queries the way the client
//! script does (`tim-kiem.js`: `search()`), for tests and for measuring
//! what a query downloads. Not used by the build.
//!
//! A query's words are folded ([`super::fold`]); a record matches when it
//! contains every word (when none does, the records containing the most
//! words are returned, `partial` set). Matches rank by: words found spelled
//! exactly as typed (only when the query has some diacritic: then "hoa
//! bình" ranks "hoa" above "hòa"; a query typed without any is taken as
//! folded and ranks no spelling first), then words in the title or
//! locality, then newest year, then record order. Facet filters narrow the
//! matches; each facet's counts are over the matches narrowed by the other
//! facets' filters. An empty query with a filter lists every record that
//! passes the filters.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::DIR;
use super::encode::Cursor;
use super::fold::words;

#[derive(Debug, Deserialize)]
pub struct Manifest {
    pub v: u32,
    pub id: String,
    pub n: usize,
    pub g: usize,
    pub c: Vec<String>,
    pub s: Vec<String>,
    pub f: Vec<FacetDef>,
}

#[derive(Debug, Deserialize)]
pub struct FacetDef {
    pub k: String,
    pub v: Vec<(String, String)>,
}

/// One word's entry in a chunk.
#[derive(Debug, Default, Clone)]
pub struct WordEntry {
    pub all: Vec<u32>,
    pub head: Vec<u32>,
    /// How many spellings the word has (0: only without diacritics).
    pub spellings: u64,
}

/// A result, with its display data.
#[derive(Debug, Clone, Deserialize)]
pub struct Hit {
    pub path: String,
    pub title: String,
    pub locality: String,
    pub field: String,
    pub year: String,
    pub excerpt: String,
}

#[derive(Debug, Default)]
pub struct Answer {
    /// Matching record ids, best first.
    pub ids: Vec<u32>,
    /// No record has every word: these have the most.
    pub partial: bool,
    /// Per facet parameter: `(value key, count)` of values with a count.
    pub counts: BTreeMap<String, Vec<(String, usize)>>,
    /// Files read, relative to the index folder, with their sizes.
    pub fetched: BTreeMap<String, usize>,
}

/// Per facet of the manifest, each record's value (0: none), from
/// `facets.bin`.
pub(super) fn facet_values(manifest: &Manifest, bytes: &[u8]) -> Result<Vec<Vec<u16>>, String> {
    let mut c = Cursor::new(bytes);
    let mut facets = Vec::new();
    for _ in 0..manifest.f.len() {
        let runs = c.varint().ok_or_else(|| bad("facets"))?;
        let mut vals = Vec::with_capacity(manifest.n);
        for _ in 0..runs {
            let v = c.varint().ok_or_else(|| bad("facets"))? as u16;
            let len = c.varint().ok_or_else(|| bad("facets"))?;
            if len as usize > manifest.n - vals.len() {
                return Err(bad("facet length"));
            }
            vals.extend(std::iter::repeat_n(v, len as usize));
        }
        if vals.len() != manifest.n {
            return Err(bad("facet length"));
        }
        facets.push(vals);
    }
    Ok(facets)
}

/// The display-data files of an index and the records each holds
/// ([`super::files::display_groups`]); `None` for a facet value the
/// manifest has no key for.
pub(super) fn group_files(
    manifest: &Manifest,
    facets: &[Vec<u16>],
) -> Option<Vec<(String, std::ops::Range<usize>)>> {
    let keys: Vec<Vec<&str>> = manifest
        .f
        .iter()
        .map(|f| f.v.iter().map(|(k, _)| k.as_str()).collect())
        .collect();
    super::files::display_groups(facets, &keys)
}

/// Where an index's files come from: a folder, or anything else (a server).
type Fetch = Box<dyn Fn(&str) -> Result<Vec<u8>, String> + Send + Sync>;

pub struct Index {
    fetch: Fetch,
    pub manifest: Manifest,
    /// Per facet, each record's value (0: none).
    pub facets: Vec<Vec<u16>>,
    /// The display-data files, in record order, with the records each
    /// holds: found once, as the client does.
    groups: Vec<(String, std::ops::Range<usize>)>,
    pub startup_bytes: usize,
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn bad(what: &str) -> String {
    format!("malformed search index: {what}")
}

impl Index {
    /// Opens the index of a built site (`out` is the output root).
    pub fn open(out: &Path) -> Result<Index, String> {
        let dir: PathBuf = out.join(DIR);
        Self::open_with(Box::new(move |name: &str| read(&dir.join(name))))
    }

    /// Opens an index whose files (named relative to the index folder,
    /// `manifest.json`, `t/0.bin`…) `fetch` returns: e.g. over HTTP from
    /// `kheo serve`.
    pub fn open_with(fetch: Fetch) -> Result<Index, String> {
        let man_bytes = fetch("manifest.json")?;
        let manifest: Manifest =
            serde_json::from_slice(&man_bytes).map_err(|e| bad(&e.to_string()))?;
        let fb = fetch("facets.bin")?;
        let facets = facet_values(&manifest, &fb)?;
        let groups = group_files(&manifest, &facets).ok_or_else(|| bad("facet values"))?;
        Ok(Index {
            fetch,
            startup_bytes: man_bytes.len() + fb.len(),
            manifest,
            facets,
            groups,
        })
    }

    /// The chunk that would hold `word`.
    pub fn chunk_of(&self, word: &str) -> Option<usize> {
        let i = self
            .manifest
            .c
            .partition_point(|first| first.as_str() <= word);
        i.checked_sub(1)
    }

    /// The records containing a spelling, and the bytes of the file read.
    pub fn spelling(&self, exact: &str) -> Result<(Option<Vec<u32>>, String, usize), String> {
        let i = self
            .manifest
            .s
            .partition_point(|first| first.as_str() <= exact);
        let Some(i) = i.checked_sub(1) else {
            return Ok((None, String::new(), 0));
        };
        let name = format!("s/{i}.bin");
        let bytes = (self.fetch)(&name)?;
        let n = self.manifest.n as u32;
        let mut c = Cursor::new(&bytes);
        let count = c.varint().ok_or_else(|| bad("spelling chunk"))?;
        let mut found = None;
        for _ in 0..count {
            let s = c.str().ok_or_else(|| bad("spelling"))?;
            let ids = c.set(n).ok_or_else(|| bad("set"))?;
            if s == exact {
                found = Some(ids);
            }
        }
        if !c.done() {
            return Err(bad("trailing bytes"));
        }
        Ok((found, name, bytes.len()))
    }

    /// Every entry of chunk `i`.
    pub fn chunk(&self, i: usize) -> Result<(Vec<(String, WordEntry)>, usize), String> {
        let bytes = (self.fetch)(&format!("t/{i}.bin"))?;
        let n = self.manifest.n as u32;
        let mut c = Cursor::new(&bytes);
        let count = c.varint().ok_or_else(|| bad("chunk"))?;
        let mut out = Vec::new();
        for _ in 0..count {
            let word = c.str().ok_or_else(|| bad("word"))?.to_string();
            let all = c.set(n).ok_or_else(|| bad("set"))?;
            let head = c.set(n).ok_or_else(|| bad("set"))?;
            let spellings = c.varint().ok_or_else(|| bad("spellings"))?;
            out.push((
                word,
                WordEntry {
                    all,
                    head,
                    spellings,
                },
            ));
        }
        if !c.done() {
            return Err(bad("trailing bytes"));
        }
        Ok((out, bytes.len()))
    }

    /// The display-data files, in record order, with the records each holds.
    pub fn display_files(&self) -> &[(String, std::ops::Range<usize>)] {
        &self.groups
    }

    /// Display data of record `id`.
    pub fn hit(&self, id: u32) -> Result<(Hit, String, usize), String> {
        let id = id as usize;
        let (name, ids) = self
            .groups
            .get(self.groups.partition_point(|(_, ids)| ids.end <= id))
            .filter(|(_, ids)| ids.contains(&id))
            .ok_or_else(|| bad("record"))?;
        let bytes = (self.fetch)(name)?;
        let rows: Vec<(String, String, String, String, String, String)> =
            serde_json::from_slice(&bytes).map_err(|e| bad(&e.to_string()))?;
        let (path, title, locality, field, year, excerpt) = rows
            .into_iter()
            .nth(id - ids.start)
            .ok_or_else(|| bad("record"))?;
        Ok((
            Hit {
                path,
                title,
                locality,
                field,
                year,
                excerpt,
            },
            name.clone(),
            bytes.len(),
        ))
    }

    /// Answers `query` under `filters` (`(facet parameter, value key)`).
    pub fn search(&self, query: &str, filters: &[(&str, &str)]) -> Result<Answer, String> {
        let n = self.manifest.n;
        let mut answer = Answer::default();
        let mut qwords = words(query);
        let mut seen = BTreeSet::new();
        qwords.retain(|w| seen.insert(w.folded.clone()));
        let mut count = vec![0u16; n];
        let mut exact = vec![0u16; n];
        let mut head = vec![0u16; n];
        let spelled = qwords.iter().any(|w| w.has_marks());
        for w in &qwords {
            let Some(ci) = self.chunk_of(&w.folded) else {
                continue;
            };
            let (entries, size) = self.chunk(ci)?;
            answer.fetched.insert(format!("t/{ci}.bin"), size);
            let Some((_, e)) = entries.iter().find(|(word, _)| *word == w.folded) else {
                continue;
            };
            for &id in &e.all {
                *count.get_mut(id as usize).ok_or_else(|| bad("record id"))? += 1;
            }
            for &id in &e.head {
                *head.get_mut(id as usize).ok_or_else(|| bad("record id"))? += 1;
            }
            if spelled {
                // No spellings: the word is never written with diacritics.
                let ids = if e.spellings == 0 {
                    Some(e.all.clone())
                } else {
                    let (ids, name, size) = self.spelling(&w.exact)?;
                    answer.fetched.insert(name, size);
                    ids
                };
                for id in ids.into_iter().flatten() {
                    *exact.get_mut(id as usize).ok_or_else(|| bad("record id"))? += 1;
                }
            }
        }
        // Filters: facet index → wanted value.
        let mut wanted: Vec<Option<u16>> = vec![None; self.manifest.f.len()];
        for (k, v) in filters {
            let Some(fi) = self.manifest.f.iter().position(|f| f.k == *k) else {
                continue;
            };
            let val = self.manifest.f[fi].v.iter().position(|(key, _)| key == v);
            // An unknown value matches nothing, as the client does.
            wanted[fi] = Some(val.map_or(u16::MAX, |p| p as u16 + 1));
        }
        let filtered = wanted.iter().any(Option::is_some);
        let mut matched: Vec<u32> = if qwords.is_empty() {
            if filtered {
                (0..n as u32).collect()
            } else {
                Vec::new()
            }
        } else {
            let need = qwords.len() as u16;
            let all: Vec<u32> = (0..n as u32)
                .filter(|&i| count[i as usize] == need)
                .collect();
            if all.is_empty() {
                let best = count.iter().copied().max().unwrap_or(0);
                if best > 0 {
                    answer.partial = true;
                    (0..n as u32)
                        .filter(|&i| count[i as usize] == best)
                        .collect()
                } else {
                    Vec::new()
                }
            } else {
                all
            }
        };
        let passes = |id: u32, skip: Option<usize>| {
            wanted.iter().enumerate().all(|(fi, w)| {
                Some(fi) == skip || w.is_none_or(|v| self.facets[fi][id as usize] == v)
            })
        };
        for (fi, f) in self.manifest.f.iter().enumerate() {
            let mut c = vec![0usize; f.v.len() + 1];
            for &id in &matched {
                if passes(id, Some(fi)) {
                    c[self.facets[fi][id as usize] as usize] += 1;
                }
            }
            let list =
                f.v.iter()
                    .enumerate()
                    .filter(|(i, _)| c[i + 1] > 0)
                    .map(|(i, (key, _))| (key.clone(), c[i + 1]))
                    .collect();
            answer.counts.insert(f.k.clone(), list);
        }
        matched.retain(|&id| passes(id, None));
        let year = self.manifest.f.iter().position(|f| f.k == "nam");
        matched.sort_by_key(|&id| {
            let i = id as usize;
            let y = year.map_or(0, |fi| self.facets[fi][i]);
            (
                std::cmp::Reverse(exact[i]),
                std::cmp::Reverse(head[i]),
                if y == 0 { u16::MAX } else { y },
                id,
            )
        });
        answer.ids = matched;
        Ok(answer)
    }

    /// `search`, then the display data of the first `limit` results, with
    /// every file read counted in `Answer::fetched`.
    pub fn search_hits(
        &self,
        query: &str,
        filters: &[(&str, &str)],
        limit: usize,
    ) -> Result<(Vec<Hit>, Answer), String> {
        let mut answer = self.search(query, filters)?;
        let mut hits = Vec::new();
        for &id in answer.ids.iter().take(limit) {
            let (hit, name, size) = self.hit(id)?;
            answer.fetched.insert(name, size);
            hits.push(hit);
        }
        Ok((hits, answer))
    }
}
