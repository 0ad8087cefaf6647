//! Decoding the compiled-in TSV files into a [`Registry`] with its indexes.
//! The format is described in the files' own header comments and in
//! `tools/registry/README.md`; the data is generated, so a malformed line is
//! a bug in the generator, caught by this module's tests, and is skipped
//! rather than panicking at run time.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use super::key::coarse;
use super::{Registry, Structure, Unit, UnitId};

pub(super) const UNITS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/registry/units.tsv"
));
pub(super) const CHANGES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/registry/changes.tsv"
));

/// Every unit-type word the data uses.
pub(super) const KINDS: &[&str] = &[
    "Tỉnh",
    "Thành phố",
    "Quận",
    "Huyện",
    "Thị xã",
    "Phường",
    "Xã",
    "Thị trấn",
    "Đặc khu",
];

fn structure(field: &str) -> Option<Structure> {
    match field {
        "2025" => Some(Structure::Post2025),
        "2024" => Some(Structure::Pre2025),
        "old" => Some(Structure::Old),
        _ => None,
    }
}

fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// One parsed line of `units.tsv`, before parents are linked.
struct Row {
    unit: Unit,
    parent: Option<(Structure, &'static str)>,
    next: Option<&'static str>,
}

fn parse_row(line: &'static str) -> Option<Row> {
    let mut f = line.split('\t');
    let s = structure(f.next()?)?;
    let code = f.next()?;
    let level = f.next()?.parse().ok()?;
    let kind = f.next().filter(|k| KINDS.contains(k))?;
    let name = f.next()?;
    let parent = match f.next().unwrap_or("") {
        "" => None,
        p => Some(match p.split_once(':') {
            Some(("old", c)) => (Structure::Old, c),
            Some(("2024", c)) => (Structure::Pre2025, c),
            Some(_) => return None,
            None => (s, p),
        }),
    };
    let next = f.next().filter(|n| !n.is_empty());
    Some(Row {
        unit: Unit {
            code,
            structure: s,
            level,
            kind,
            name,
            parent: None,
        },
        parent,
        next,
    })
}

/// Where each (structure, level) block of units lies. The file is sorted by
/// structure, level and code, and a code's length gives its level, so a
/// code is found by binary search: no hash map over 15,000 codes to build.
#[derive(Debug, Default)]
pub(super) struct CodeIndex {
    blocks: Vec<(Structure, u8, usize, usize)>,
    /// Each unit's code as a number (codes are all digits; within a block
    /// they have one length, so numeric order is the file's order).
    numbers: Vec<u32>,
}

impl CodeIndex {
    fn new(units: &[Unit]) -> CodeIndex {
        let mut blocks: Vec<(Structure, u8, usize, usize)> = Vec::new();
        for (i, u) in units.iter().enumerate() {
            match blocks.last_mut() {
                Some((s, l, _, end)) if *s == u.structure && *l == u.level => *end = i + 1,
                _ => blocks.push((u.structure, u.level, i, i + 1)),
            }
        }
        let numbers = units
            .iter()
            .map(|u| u.code.parse().unwrap_or(u32::MAX))
            .collect();
        CodeIndex { blocks, numbers }
    }

    pub(super) fn find(&self, structure: Structure, code: &str) -> Option<UnitId> {
        let level = match (code.len(), structure) {
            (2, _) => 1,
            (3, Structure::Post2025) => return None,
            (3, _) => 2,
            (5, Structure::Post2025) => 2,
            (5, _) => 3,
            _ => return None,
        };
        let &(_, _, start, end) = self
            .blocks
            .iter()
            .find(|(s, l, _, _)| *s == structure && *l == level)?;
        let number: u32 = code.parse().ok()?;
        let i = self.numbers[start..end].binary_search(&number).ok()?;
        Some(UnitId((start + i) as u32))
    }

    /// Every block is sorted by code, without repeats, every code numeric
    /// and of its level's length (checked by tests).
    #[cfg(test)]
    pub(super) fn is_sound(&self, units: &[Unit]) -> bool {
        self.blocks.iter().all(|&(s, l, start, end)| {
            self.numbers[start..end].windows(2).all(|w| w[0] < w[1])
                && units[start..end].iter().all(|u| {
                    u.code.bytes().all(|b| b.is_ascii_digit())
                        && self
                            .find(s, u.code)
                            .is_some_and(|id| id.index() >= start && id.index() < end)
                        && u.level == l
                })
        })
    }
}

/// Lists of units per unit, flattened ("compressed sparse rows"): one
/// allocation instead of one per unit.
#[derive(Debug, Default)]
pub(super) struct Links {
    start: Vec<u32>,
    items: Vec<UnitId>,
}

impl Links {
    /// From (owner, item) pairs; each owner's items keep the pairs' order.
    fn from_pairs(n: usize, pairs: &[(UnitId, UnitId)]) -> Links {
        let mut start = vec![0u32; n + 1];
        for (owner, _) in pairs {
            start[owner.index() + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut items = vec![UnitId(0); pairs.len()];
        for &(owner, item) in pairs {
            items[fill[owner.index()] as usize] = item;
            fill[owner.index()] += 1;
        }
        Links { start, items }
    }

    pub(super) fn get(&self, id: UnitId) -> &[UnitId] {
        let (a, b) = (self.start[id.index()], self.start[id.index() + 1]);
        &self.items[a as usize..b as usize]
    }
}

/// FNV-1a: the maps below are keyed by short names, where SipHash's setup
/// dominates, and nothing an attacker controls is inserted into them.
pub(super) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub(super) type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// Build the registry from the two files. Parents precede children in the
/// file (sorted by structure, then level); old units come after the 2024
/// units they point to.
pub(super) fn decode(units_tsv: &'static str, changes_tsv: &'static str) -> Registry {
    let rows: Vec<Row> = data_lines(units_tsv).filter_map(parse_row).collect();
    let n = rows.len();
    let mut units: Vec<Unit> = Vec::with_capacity(n);
    let mut links = Vec::with_capacity(n);
    for r in rows {
        units.push(r.unit);
        links.push((r.parent, r.next));
    }
    let codes = CodeIndex::new(&units);
    let mut next = Vec::with_capacity(n);
    let mut child_pairs = Vec::with_capacity(n);
    for (i, (parent, nxt)) in links.into_iter().enumerate() {
        let parent = parent.and_then(|(s, c)| codes.find(s, c));
        if let Some(p) = parent {
            // Rows come in code order within a level, so each list is in
            // code order: the unit's own structure first, then old units.
            child_pairs.push((p, UnitId(i as u32)));
        }
        units[i].parent = parent;
        next.push(nxt.and_then(|c| codes.find(Structure::Pre2025, c)));
    }
    let children = Links::from_pairs(n, &child_pairs);

    // Index on the coarse key, interned (names repeat: "Phường 1", "Tân
    // Phú"); the real key of a unit is computed when a lookup first needs it
    // (see `Registry::key_of`).
    let mut by_name: FnvMap<&'static str, u32> =
        FnvMap::with_capacity_and_hasher(n, Default::default());
    let mut by_coarse: FnvMap<Box<str>, u32> =
        FnvMap::with_capacity_and_hasher(n, Default::default());
    let mut coarse_keys: Vec<Box<str>> = Vec::new();
    let mut members: Vec<Vec<UnitId>> = Vec::new();
    let mut coarse_of = Vec::with_capacity(n);
    for (i, u) in units.iter().enumerate() {
        let c = *by_name.entry(u.name).or_insert_with(|| {
            let c = coarse(u.name).into_boxed_str();
            *by_coarse.entry(c.clone()).or_insert_with(|| {
                coarse_keys.push(c);
                members.push(Vec::new());
                (coarse_keys.len() - 1) as u32
            })
        });
        members[c as usize].push(UnitId(i as u32));
        coarse_of.push(c);
    }
    let keys = (0..n).map(|_| OnceLock::new()).collect();

    let mut became = Vec::new();
    for line in data_lines(changes_tsv) {
        let Some((old, news)) = line.split_once('\t') else {
            continue;
        };
        let Some(old) = codes.find(Structure::Pre2025, old) else {
            continue;
        };
        for new in news
            .split(',')
            .filter_map(|c| codes.find(Structure::Post2025, c))
        {
            became.push((old, new));
        }
    }
    // changes.tsv is in code order, so each 2025 unit's list is too.
    let came_from: Vec<(UnitId, UnitId)> = became.iter().map(|&(o, n)| (n, o)).collect();
    let old_forms: Vec<(UnitId, UnitId)> = next
        .iter()
        .enumerate()
        .filter_map(|(i, n)| Some(((*n)?, UnitId(i as u32))))
        .collect();

    Registry {
        units,
        keys,
        coarse_keys,
        coarse_of,
        by_coarse,
        members,
        children,
        next,
        codes,
        became: Links::from_pairs(n, &became),
        came_from: Links::from_pairs(n, &came_from),
        old_forms: Links::from_pairs(n, &old_forms),
    }
}
