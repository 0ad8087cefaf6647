//! Locality type-ahead: what an editor typed ("truong son", "Thanh Hoá /
//! Trường", "TP HCM / q4", "phuong 1") → the best units, ranked, over the
//! built-in registry (both structures and the older names, each old unit
//! shown with what it became on 1 July 2025) and the site's
//! `content/localities.yaml`.
//!
//! Matching is the registry's: each segment is folded with
//! [`registry::key`] (type words, case, tone placement, the alias table:
//! "TP HCM", "Q.4", "Dak Lak") then [`registry::coarse`] (no diacritics),
//! and compared with the coarse keys the registry keeps for every unit.
//! The last segment is a prefix (the editor is still typing); segments
//! before it must each name, or begin the name of, one of the unit's
//! ancestors. Where the editor typed diacritics, units whose real key
//! agrees rank first ("Sơn Hà" before "Sơn Hạ").

use std::collections::HashSet;

use serde::Serialize;

use crate::content::date::PartialDate;
use crate::locality::registry::{self, Registry, Structure, UnitId};
use crate::text;

/// Where a suggestion comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// A unit of the structure in force from 1 July 2025.
    Post2025,
    /// A unit of the structure in force until 30 June 2025.
    Pre2025,
    /// A unit of earlier lists (renamed, merged).
    Old,
    /// `content/localities.yaml`.
    Site,
}

/// One suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// What the form writes into `locality:`, top-down
    /// ("Thanh Hóa / Sầm Sơn / Trường Sơn"): it resolves to this unit.
    pub value: String,
    /// Its full name, bottom-up ("Phường Trường Sơn, Thành phố Sầm Sơn,
    /// Tỉnh Thanh Hóa").
    pub full_name: String,
    pub source: Source,
    /// For a unit before the reform: the full names of what it became.
    pub became: Vec<String>,
}

/// How many suggestions [`suggest`] gives at most.
pub const MAX: usize = 10;

/// What queries are answered from, made once for a site: its own
/// localities (`content/localities.yaml`) folded, and the registry's type
/// words.
#[derive(Debug, Clone)]
pub struct TypeAhead {
    /// Each site locality as written, and the coarse key of each name.
    paths: Vec<(Vec<String>, Vec<String>)>,
    words: Vec<(String, &'static str)>,
}

impl TypeAhead {
    /// For a site whose own localities are `paths` (what
    /// [`crate::content::load_extra_localities`] read).
    pub fn new(paths: &[Vec<String>]) -> TypeAhead {
        TypeAhead {
            paths: paths
                .iter()
                .map(|p| (p.clone(), p.iter().map(|n| fold(n)).collect()))
                .collect(),
            words: type_words(registry::registry()),
        }
    }

    /// The best units for what an editor typed (`typed`: a name, or a
    /// top-down path separated by `/` or `,`, still being typed). `at`: the
    /// entry's date, whose structure ranks first (the new one without a
    /// date). At most `limit` (and [`MAX`]) suggestions, the best match
    /// first, the site's own localities among the registry's units.
    pub fn suggest(&self, typed: &str, at: Option<PartialDate>, limit: usize) -> Vec<Suggestion> {
        suggest(typed, at, self, limit)
    }
}

/// A typed segment as the registry's coarse keys are written.
fn fold(segment: &str) -> String {
    registry::coarse(&registry::key(segment))
}

/// One segment of the query.
struct Part {
    /// Coarse key, without a leading type word.
    coarse: String,
    /// The type word it started with, as the registry spells it.
    kind: Option<&'static str>,
    /// Its full key, when the editor typed diacritics.
    marked: Option<String>,
}

/// The coarse type words of the registry's units ("phuong", "thi xa"),
/// longest first: an editor typing without diacritics writes them too.
fn type_words(r: &Registry) -> Vec<(String, &'static str)> {
    let mut seen: Vec<(String, &'static str)> = Vec::new();
    for (_, u) in r.units() {
        if !seen.iter().any(|(_, k)| *k == u.kind) {
            seen.push((registry::coarse(u.kind), u.kind));
        }
    }
    seen.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    seen
}

fn part(segment: &str, words: &[(String, &'static str)]) -> Part {
    let mut coarse = fold(segment);
    let mut kind = registry::written_kind(segment);
    if kind.is_none() {
        for (w, k) in words {
            if let Some(rest) = coarse.strip_prefix(w.as_str())
                && let Some(rest) = rest.strip_prefix(' ')
                && !rest.is_empty()
            {
                coarse = rest.to_string();
                kind = Some(*k);
                break;
            }
        }
    }
    let marked = (!segment.is_ascii()).then(|| registry::key(segment));
    Part {
        coarse,
        kind,
        marked,
    }
}

/// How well a name's coarse key matches a typed prefix: 0 the whole name,
/// 1 its start, 2 the start of a later word; `None` not at all.
fn tier(name: &str, typed: &str) -> Option<u8> {
    if name == typed {
        Some(0)
    } else if name.starts_with(typed) {
        Some(1)
    } else if typed.len() >= 2
        && name
            .match_indices(' ')
            .any(|(i, _)| name[i + 1..].starts_with(typed))
    {
        Some(2)
    } else {
        None
    }
}

/// Whether an ancestor's coarse key matches a segment typed before the last.
fn names_ancestor(name: &str, typed: &str) -> bool {
    name == typed || name.starts_with(typed)
}

/// How a unit ranks for a query, best first: how its name matches, then
/// whether the typed marks agree, whether the typed type word does, its
/// structure (the entry's first), its level, its name's length.
type Rank = (u8, u8, u8, u8, u8, usize);

fn rank_of(s: Structure, preferred: Structure) -> u8 {
    match (s == preferred, s) {
        (true, _) => 0,
        (false, Structure::Old) => 2,
        (false, _) => 1,
    }
}

/// The locality path an editor writes for unit `id`: each level's
/// display name ("Quận 4" for a number), top-down.
fn path_of(r: &Registry, id: UnitId) -> String {
    let names: Vec<String> = r
        .lineage(id)
        .into_iter()
        .map(|u| r.unit(u).display_name())
        .collect();
    names.join(" / ")
}

/// [`TypeAhead::suggest`].
fn suggest(
    typed: &str,
    at: Option<PartialDate>,
    site: &TypeAhead,
    limit: usize,
) -> Vec<Suggestion> {
    let limit = limit.min(MAX);
    let r = registry::registry();
    let parts: Vec<Part> = typed
        .split(['/', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| part(s, &site.words))
        .filter(|p| !p.coarse.is_empty())
        .collect();
    let Some((last, before)) = parts.split_last() else {
        return Vec::new();
    };
    let preferred = at.map_or(Structure::Post2025, |d| {
        Structure::at(d.year, d.month, d.day)
    });
    let mut found: Vec<(Rank, UnitId)> = Vec::new();
    for (id, u) in r.units() {
        let Some(t) = tier(r.coarse_key(id), &last.coarse) else {
            continue;
        };
        if !before.is_empty() && !ancestors_match(r, id, before) {
            continue;
        }
        let accent = match &last.marked {
            Some(k) => u8::from(!r.key_of(id).starts_with(k.as_str())),
            None => 0,
        };
        let kind = u8::from(last.kind.is_some_and(|k| k != u.kind));
        let key = (
            t,
            accent,
            kind,
            rank_of(u.structure, preferred),
            u.level,
            u.name.len(),
        );
        found.push((key, id));
    }
    found.sort_unstable();
    let mut out: Vec<(u8, Suggestion)> = Vec::new();
    let mut values = HashSet::new();
    for (rank, id) in found {
        if out.len() >= limit {
            break;
        }
        let u = r.unit(id);
        let value = path_of(r, id);
        // An old unit whose path now names a unit of the 2024 list under
        // the same name is that unit for the editor: not shown twice.
        let reads_as = match u.structure {
            Structure::Post2025 => r.resolve(&split(&value), Structure::Post2025),
            _ => r.resolve(&split(&value), Structure::Pre2025),
        };
        if reads_as.ok() != Some(id)
            || !values.insert((u.structure == Structure::Post2025, value.clone()))
        {
            continue;
        }
        let became = r
            .successors(id)
            .into_iter()
            .map(|s| r.full_name(s))
            .collect();
        let suggestion = Suggestion {
            value,
            full_name: r.full_name(id),
            source: match u.structure {
                Structure::Post2025 => Source::Post2025,
                Structure::Pre2025 => Source::Pre2025,
                Structure::Old => Source::Old,
            },
            became,
        };
        out.push((rank.0, suggestion));
    }
    // The site's own units among the registry's, by how well their names
    // match (after the registry's of the same match: those are checked).
    out.extend(site_matches(site, last, before, limit));
    out.sort_by_key(|(tier, _)| *tier);
    out.truncate(limit);
    out.into_iter().map(|(_, s)| s).collect()
}

fn split(value: &str) -> Vec<&str> {
    value.split(" / ").collect()
}

/// Whether each of `before` names an ancestor of `id`, top-down.
fn ancestors_match(r: &Registry, id: UnitId, before: &[Part]) -> bool {
    let lineage = r.lineage(id);
    let above = &lineage[..lineage.len() - 1];
    let mut from = 0;
    for p in before {
        match above[from..]
            .iter()
            .position(|&a| names_ancestor(r.coarse_key(a), &p.coarse))
        {
            Some(i) => from += i + 1,
            None => return false,
        }
    }
    true
}

/// The site's own localities matching, best first, at most `n`, each with
/// how its name matches ([`tier`]).
fn site_matches(site: &TypeAhead, last: &Part, before: &[Part], n: usize) -> Vec<(u8, Suggestion)> {
    let mut found: Vec<(u8, usize)> = Vec::new();
    for (i, (_, keys)) in site.paths.iter().enumerate() {
        let Some((name, above)) = keys.split_last() else {
            continue;
        };
        let Some(t) = tier(name, &last.coarse) else {
            continue;
        };
        let mut from = 0;
        let fits = before.iter().all(|p| {
            match above[from..]
                .iter()
                .position(|a| names_ancestor(a, &p.coarse))
            {
                Some(j) => {
                    from += j + 1;
                    true
                }
                None => false,
            }
        });
        if fits {
            found.push((t, i));
        }
    }
    found.sort_unstable();
    found
        .into_iter()
        .take(n)
        .map(|(t, i)| {
            let names = &site.paths[i].0;
            let full: Vec<String> = names.iter().rev().map(|n| text::nfc(n)).collect();
            let s = Suggestion {
                value: names.join(" / "),
                full_name: full.join(", "),
                source: Source::Site,
                became: Vec::new(),
            };
            (t, s)
        })
        .collect()
}

#[cfg(test)]
#[path = "typeahead_tests.rs"]
mod tests;
