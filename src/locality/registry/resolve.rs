//! Resolving a written, top-down locality path ("TP. Hồ Chí Minh / Quận 4 /
//! Phường 1") to one unit of the registry, and the error that lists the
//! closest names when that fails.
//!
//! Each segment is matched on [`key`] among the children of the unit the
//! previous segments resolved to (the first among provinces). When a level
//! is skipped ("Hà Nội / Lý Thái Tổ") the grandchildren are tried; when the
//! first segment is no province the whole structure is. A written type word
//! ("Quận Thủ Đức") breaks ties between units of one name but never rules a
//! unit out: types change (xã → phường, huyện → thị xã). In the pre-2025
//! structure a name that no longer exists falls back to the old units
//! ("Quận 2" in 2019), and under an old unit the names of what it continued
//! as are tried too.

use std::fmt;

use super::key::{coarse, key, written_kind};
use super::{Registry, Structure, UnitId};
use crate::text;

/// Why a path did not resolve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ResolveErrorKind {
    /// No unit of that name where it was looked for.
    Unknown,
    /// Several units of that name, and nothing written tells them apart.
    Ambiguous,
}

/// A unit offered in an error, with its full name for the message.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Candidate {
    pub id: UnitId,
    pub full_name: String,
}

/// A path that did not resolve: which segment, why, and the closest units.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ResolveError {
    pub kind: ResolveErrorKind,
    /// Index of the segment that failed in the written path.
    pub segment: usize,
    /// That segment as written.
    pub written: String,
    /// The unit the segments before it resolved to, if any.
    pub within: Option<UnitId>,
    /// Up to five units: for `Ambiguous` the units of that name, for
    /// `Unknown` the closest names by edit distance on the matching key
    /// (within `within` when there is one).
    pub candidates: Vec<Candidate>,
    /// How many units matched, for `Ambiguous` (may exceed the candidates).
    pub matches: usize,
    /// The unit the same path names in the other structure, if it names one:
    /// e.g. a pre-2025 ward written on an entry dated after 1 July 2025.
    pub other_structure: Option<UnitId>,
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reg = super::registry();
        let place = match self.within {
            Some(id) => format!(" in {}", reg.full_name(id)),
            None => String::new(),
        };
        match self.kind {
            ResolveErrorKind::Unknown => write!(f, "unknown locality “{}”{place}", self.written)?,
            ResolveErrorKind::Ambiguous => write!(
                f,
                "“{}”{place} names {} units; write its parent too",
                self.written, self.matches
            )?,
        }
        if !self.candidates.is_empty() {
            let names: Vec<&str> = self
                .candidates
                .iter()
                .map(|c| c.full_name.as_str())
                .collect();
            let lead = match self.kind {
                ResolveErrorKind::Unknown => "did you mean",
                ResolveErrorKind::Ambiguous => "one of",
            };
            write!(f, "; {lead}: {}", names.join("; "))?;
        }
        if let Some(id) = self.other_structure {
            let u = reg.unit(id);
            let when = match u.structure {
                Structure::Post2025 => "from 1 July 2025",
                _ => "before 1 July 2025",
            };
            write!(f, " ({when} this is {})", reg.full_name(id))?;
        }
        Ok(())
    }
}

impl std::error::Error for ResolveError {}

const MAX_CANDIDATES: usize = 5;

impl Registry {
    /// Resolve a top-down written path (1–3 segments, any spelling) in a
    /// structure: `Post2025` looks only at post-2025 units; `Pre2025` at
    /// pre-2025 units, falling back to old ones; `Old` the other way round.
    /// Returns the deepest unit.
    pub fn resolve<S: AsRef<str>>(
        &self,
        path: &[S],
        structure: Structure,
    ) -> Result<UnitId, ResolveError> {
        self.resolve_in(path, structure).map_err(|mut e| {
            let other = match structure {
                Structure::Post2025 => Structure::Pre2025,
                _ => Structure::Post2025,
            };
            e.other_structure = self.resolve_in(path, other).ok();
            e
        })
    }

    /// Resolve in the structure in force at a date ([`Structure::at`]). For a
    /// date that does not tell which side of 1 July 2025 it is on (2025
    /// alone), a path that fails before the reform is tried after it.
    pub fn resolve_at<S: AsRef<str>>(
        &self,
        path: &[S],
        year: i32,
        month: Option<u8>,
        day: Option<u8>,
    ) -> Result<UnitId, ResolveError> {
        let structure = Structure::at(year, month, day);
        let result = self.resolve(path, structure);
        match (&result, year, month) {
            (Err(_), 2025, None) => self.resolve(path, Structure::Post2025).or(result),
            _ => result,
        }
    }

    fn resolve_in<S: AsRef<str>>(
        &self,
        path: &[S],
        structure: Structure,
    ) -> Result<UnitId, ResolveError> {
        let segments: Vec<&str> = path
            .iter()
            .map(|s| s.as_ref().trim())
            .filter(|s| !s.is_empty())
            .collect();
        let mut current: Option<UnitId> = None;
        for (i, written) in segments.iter().enumerate() {
            let k = key(written);
            let kind = written_kind(written);
            let mut matches: Vec<(usize, UnitId)> = self
                .by_coarse
                .get(coarse(&k).as_str())
                .map(|&c| self.members[c as usize].as_slice())
                .unwrap_or_default()
                .iter()
                .filter(|&&id| self.allowed(id, structure))
                .filter_map(|&id| Some((self.tier_of(id, current)?, id)))
                .filter(|&(_, id)| self.key_of(id) == k)
                .collect();
            let nearest = matches.iter().map(|&(t, _)| t).min();
            matches.retain(|&(t, _)| Some(t) == nearest);
            let matches: Vec<UnitId> = matches.into_iter().map(|(_, id)| id).collect();
            let matches = self.narrow(matches, kind, structure);
            match matches.as_slice() {
                [one] => current = Some(*one),
                [] => {
                    let scope: Vec<UnitId> = self
                        .tiers(current, structure)
                        .into_iter()
                        .flatten()
                        .collect();
                    return Err(ResolveError {
                        kind: ResolveErrorKind::Unknown,
                        segment: i,
                        written: written.to_string(),
                        within: current,
                        candidates: self.closest(&k, &scope),
                        matches: 0,
                        other_structure: None,
                    });
                }
                many => {
                    return Err(ResolveError {
                        kind: ResolveErrorKind::Ambiguous,
                        segment: i,
                        written: written.to_string(),
                        within: current,
                        candidates: self.candidates(many.iter().copied()),
                        matches: many.len(),
                        other_structure: None,
                    });
                }
            }
        }
        current.ok_or_else(|| ResolveError {
            kind: ResolveErrorKind::Unknown,
            segment: 0,
            written: String::new(),
            within: None,
            candidates: Vec::new(),
            matches: 0,
            other_structure: None,
        })
    }

    fn allowed(&self, id: UnitId, structure: Structure) -> bool {
        match structure {
            Structure::Post2025 => self.unit(id).structure == Structure::Post2025,
            _ => self.unit(id).structure != Structure::Post2025,
        }
    }

    /// Which of [`Registry::tiers`] a unit is in, without building them.
    fn tier_of(&self, id: UnitId, current: Option<UnitId>) -> Option<usize> {
        let u = self.unit(id);
        let Some(cur) = current else {
            return Some(usize::from(u.level != 1));
        };
        let next = self.next[cur.index()];
        let parent = u.parent?;
        if parent == cur {
            return Some(0);
        }
        if Some(parent) == next {
            return Some(1);
        }
        let grandparent = self.unit(parent).parent?;
        (grandparent == cur || Some(grandparent) == next).then_some(2)
    }

    /// Where to look for the next segment, nearest first: under nothing,
    /// provinces then every unit; under a unit, its children, then (for an
    /// old unit) the children of what it continued as, then grandchildren.
    fn tiers(&self, current: Option<UnitId>, structure: Structure) -> Vec<Vec<UnitId>> {
        let allowed = |id: &UnitId| self.allowed(*id, structure);
        let Some(cur) = current else {
            let (provinces, rest): (Vec<UnitId>, Vec<UnitId>) = self
                .units()
                .map(|(id, _)| id)
                .filter(allowed)
                .partition(|id| self.unit(*id).level == 1);
            return vec![provinces, rest];
        };
        let mut tiers = vec![self.children(cur).to_vec()];
        if let Some(next) = self.next[cur.index()] {
            tiers.push(self.children(next).to_vec());
        }
        let grandchildren: Vec<UnitId> = tiers
            .iter()
            .flatten()
            .flat_map(|&c| self.children(c).iter().copied())
            .collect();
        tiers.push(grandchildren);
        for tier in &mut tiers {
            tier.retain(allowed);
        }
        tiers
    }

    /// Break ties: a unit of the written type, then the preferred structure
    /// (pre-2025 over old for `Pre2025`, old over pre-2025 for `Old`).
    fn narrow(
        &self,
        mut matches: Vec<UnitId>,
        kind: Option<&str>,
        structure: Structure,
    ) -> Vec<UnitId> {
        if matches.len() > 1
            && let Some(kind) = kind
            && matches.iter().any(|&m| self.unit(m).kind == kind)
        {
            matches.retain(|&m| self.unit(m).kind == kind);
        }
        if matches.len() > 1 && matches.iter().any(|&m| self.unit(m).structure == structure) {
            matches.retain(|&m| self.unit(m).structure == structure);
        }
        matches
    }

    /// Up to five units by edit distance to `k`, nearest first. Distances
    /// are measured on the coarse keys first (cheap, and forgiving of missing
    /// diacritics), then the nearest few are ranked on the real keys;
    /// coarse distances beyond half the key's length (at least 2) are not
    /// offered.
    fn closest(&self, k: &str, scope: &[UnitId]) -> Vec<Candidate> {
        let target = coarse(k);
        let limit = (target.chars().count() / 2).max(2);
        let mut scored: Vec<(usize, UnitId)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for &id in scope {
            if !seen.insert(id) {
                continue;
            }
            let d = strsim::levenshtein(&target, self.coarse_key(id));
            if d <= limit {
                scored.push((d, id));
            }
        }
        scored.sort_by_key(|&(d, id)| (d, self.unit(id).level, id));
        scored.truncate(4 * MAX_CANDIDATES);
        let mut ranked: Vec<(usize, usize, u8, UnitId)> = scored
            .into_iter()
            .map(|(d, id)| {
                let e = strsim::levenshtein(k, self.key_of(id));
                (e, d, self.unit(id).level, id)
            })
            .collect();
        ranked.sort();
        self.candidates(ranked.into_iter().map(|(_, _, _, id)| id))
    }

    fn candidates(&self, ids: impl Iterator<Item = UnitId>) -> Vec<Candidate> {
        let mut out: Vec<Candidate> = ids
            .take(MAX_CANDIDATES)
            .map(|id| Candidate {
                id,
                full_name: self.full_name(id),
            })
            .collect();
        // Keep the nearest-first order but show equals in Vietnamese order.
        if out.len() > 1 {
            let coll = text::collator();
            let rank: Vec<UnitId> = out.iter().map(|c| c.id).collect();
            out.sort_by(|a, b| {
                let ra = rank.iter().position(|&r| r == a.id);
                let rb = rank.iter().position(|&r| r == b.id);
                let same_tier = self.key_of(a.id) == self.key_of(b.id);
                if same_tier {
                    coll.compare(&a.full_name, &b.full_name)
                } else {
                    ra.cmp(&rb)
                }
            });
        }
        out
    }
}
