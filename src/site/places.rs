//! Placing written localities in the tree: through the built-in registry
//! (each distinct path once), else as the site's extra localities or as
//! unknown names.

use std::collections::HashMap;

use super::type_first;
use crate::diag::{Diagnostic, Diagnostics};
use crate::l10n::Msg;
use crate::locality::{self, NodeId, registry};
use crate::text;

/// Per memo class ([`Places::class`]), each path the registry resolved.
/// The registry is built in, so an answer never goes stale: `kheo serve`
/// indexes the site again after an edit starting from the last index's
/// ([`Site::build_after`]).
pub(super) type Memo = [HashMap<Vec<String>, Result<registry::UnitId, registry::ResolveError>>; 4];

/// Resolves written localities to nodes of the tree: through the registry
/// (each distinct path and structure once), else as extra or unknown names.
pub(super) struct Places {
    pub(super) builder: locality::Builder,
    /// Per memo class ([`Places::class`]), each path resolved.
    pub(super) memo: Memo,
    /// Matching keys of the extra localities of `content/localities.yaml`.
    extra: Vec<Vec<String>>,
    warn_unknown: bool,
}

impl Places {
    pub(super) fn new(extra: &[Vec<String>], warn_unknown: bool, memo: Memo) -> Self {
        Places {
            builder: locality::Builder::new(),
            memo,
            extra: extra
                .iter()
                .map(|p| p.iter().map(|n| text::locality_key(n)).collect())
                .collect(),
            warn_unknown,
        }
    }

    /// Which memo answers for a date: its structure, or "either side".
    pub(super) fn class(when: crate::content::date::PartialDate) -> usize {
        // 2025 without a month could be either side of the reform: a class
        // of its own (the structures are 0, 1 and 2).
        match (when.year, when.month) {
            (2025, None) => 3,
            _ => registry::Structure::at(when.year, when.month, when.day) as usize,
        }
    }

    /// Names rewritten as the registry reads them ([`type_first`]), or
    /// `None` when they need no rewriting (names are trimmed when loaded;
    /// only a bracket needs it).
    pub(super) fn rewrite(path: &[String]) -> Option<Vec<String>> {
        path.iter()
            .any(|n| n.ends_with(')'))
            .then(|| path.iter().map(|n| type_first(n)).collect())
    }

    /// Whether `path` is (under) one of the site's own localities.
    pub(super) fn is_extra(&self, path: &[String]) -> bool {
        if self.extra.is_empty() {
            return false;
        }
        let keys: Vec<String> = path.iter().map(|n| text::locality_key(n)).collect();
        self.extra
            .iter()
            .any(|e| keys.starts_with(e) || e.starts_with(&keys))
    }

    /// The unit each of `entries` (locality, its
    /// [`crate::content::model::locality_hash`], date) names, when it is
    /// the registry's (`None` sends it to [`Places::place`]). Each distinct
    /// (path, structure) is looked up once, in the memo or else against
    /// the registry, on both cores, and remembered.
    pub(super) fn prefetch<'a>(
        &mut self,
        entries: impl Iterator<Item = (&'a [String], u64, crate::content::date::PartialDate)>,
    ) -> Vec<Option<registry::UnitId>> {
        use rayon::prelude::*;
        type When = crate::content::date::PartialDate;
        // The distinct (structure, path) of the entries, told apart by the
        // paths' hashes: a national site has 100,000 models and 11,000 of
        // these, and reading each model's names again cost more than all
        // the rest.
        let mut ids: HashMap<(usize, u64), usize> = HashMap::new();
        let mut firsts: Vec<(usize, &[String], When)> = Vec::new();
        let of: Vec<Option<usize>> = entries
            .map(|(path, hash, when)| {
                if path.is_empty() {
                    return None;
                }
                let class = Self::class(when);
                let next = firsts.len();
                Some(*ids.entry((class, hash)).or_insert_with(|| {
                    firsts.push((class, path, when));
                    next
                }))
            })
            .collect();
        let rewritten: Vec<Option<Vec<String>>> = firsts
            .iter()
            .map(|(_, path, _)| Self::rewrite(path))
            .collect();
        let keys: Vec<(usize, &[String], When)> = firsts
            .iter()
            .zip(&rewritten)
            .map(|(&(class, path, when), r)| (class, r.as_deref().unwrap_or(path), when))
            .collect();
        let extra: Vec<bool> = keys
            .iter()
            .map(|(_, path, _)| self.is_extra(path))
            .collect();
        let todo: Vec<&(usize, &[String], When)> = keys
            .iter()
            .zip(&extra)
            .filter(|((class, path, _), extra)| !**extra && !self.memo[*class].contains_key(*path))
            .map(|(k, _)| k)
            .collect();
        let resolved: Vec<_> = todo
            .par_iter()
            .map(|(_, path, when)| {
                registry::registry().resolve_at(path, when.year, when.month, when.day)
            })
            .collect();
        for ((class, path, _), r) in todo.into_iter().zip(resolved) {
            self.memo[*class].insert(path.to_vec(), r);
        }
        let answers: Vec<Option<registry::UnitId>> = keys
            .iter()
            .zip(&extra)
            .map(|((class, path, _), extra)| match extra {
                true => None,
                false => self.memo[*class].get(*path)?.as_ref().ok().copied(),
            })
            .collect();
        of.into_iter().map(|k| answers[k?]).collect()
    }

    pub(super) fn place(
        &mut self,
        path: &[String],
        when: crate::content::date::PartialDate,
        file: &std::path::Path,
        line: usize,
        diags: &mut Diagnostics,
    ) -> Option<NodeId> {
        if path.is_empty() {
            return None;
        }
        let rewritten = Self::rewrite(path);
        let path = rewritten.as_deref().unwrap_or(path);
        if self.is_extra(path) {
            return self.builder.add(path);
        }
        let memo = &mut self.memo[Self::class(when)];
        let resolved = match memo.get(path) {
            Some(r) => r.clone(),
            None => {
                let r = registry::registry().resolve_at(path, when.year, when.month, when.day);
                memo.insert(path.to_vec(), r.clone());
                r
            }
        };
        match resolved {
            Ok(unit) => Some(self.builder.add_unit(unit)),
            Err(e) => {
                let names: Vec<String> = e.candidates.iter().map(|c| c.full_name.clone()).collect();
                let names = if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join("; ")
                };
                let other = e
                    .other_structure
                    .map_or("none".to_string(), |o| registry::registry().full_name(o));
                let what = match e.kind {
                    registry::ResolveErrorKind::Unknown => Msg::new("locality-unknown"),
                    registry::ResolveErrorKind::Ambiguous => {
                        Msg::new("locality-ambiguous").arg("count", e.matches)
                    }
                }
                .arg("value", e.written.as_str())
                .arg("suggestion", names)
                .arg("other", other);
                let relaxed = self.warn_unknown && e.kind == registry::ResolveErrorKind::Unknown;
                let d = if relaxed {
                    Diagnostic::warning(file, what)
                } else {
                    Diagnostic::error(file, what)
                };
                diags.push(d.at(line, 1));
                relaxed.then(|| self.builder.add(path)).flatten()
            }
        }
    }
}

/// What placing one written locality says, as a build says it (the
/// browser editor checks one entry with it): an unknown or ambiguous
/// unit, unless it is one of the site's `extra` localities.
pub fn locality_problems(
    locality: &[String],
    when: crate::content::date::PartialDate,
    file: &std::path::Path,
    line: usize,
    extra: &[Vec<String>],
    warn_unknown: bool,
) -> Vec<Diagnostic> {
    let mut places = Places::new(extra, warn_unknown, Memo::default());
    let mut diags = Diagnostics::new();
    places.place(locality, when, file, line, &mut diags);
    diags.sorted()
}
