//! `.kheo-cards`, beside the manifest: where the cards are in each of the
//! output's listing pages ([`crate::render::memo`]), with the length and
//! CRC-32 of the file they were found in, so that the next build takes
//! the cards of a page it renders again out of the page's last file.
//!
//! A national site has 13,000 listing pages and 650,000 cards on them,
//! and a field edit renders a thousand of those pages again: the file is
//! a few flat arrays, read and written whole in a few milliseconds,
//! rather than an entry per page (which, read beside the content and
//! written again after each edit, cost more than the cards saved).

use std::path::Path;

use crate::diag::Diagnostic;
use crate::render::memo::CardSpan;

use super::{Entry, io_err};

const FILE: &str = ".kheo-cards";
const VERSION: u32 = 2;

/// One page's cards as this build found them: its path, the length and
/// CRC-32 of its file, and where its cards are.
pub type PageCards = (String, u64, u32, Vec<CardSpan>);

/// The card layouts of an output, sorted by path.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct CardFile {
    /// What the cards' keys were made of besides their models
    /// ([`crate::render::Sink::keeps_cards`]).
    generation: u64,
    /// The paths one after the other; page `i`'s ends at `path_ends[i]`.
    paths: String,
    path_ends: Vec<u32>,
    /// Each page file's length and CRC-32.
    files: Vec<(u64, u32)>,
    /// Page `i`'s cards end at `span_ends[i]` in `spans`.
    span_ends: Vec<u32>,
    spans: Vec<CardSpan>,
}

impl CardFile {
    /// Whether `name` (a path in the output) is this file's.
    pub fn is_file(name: &str) -> bool {
        name == FILE
    }

    /// The layouts recorded in the output `out`: none when missing, of
    /// another version or not whole.
    pub fn read(out: &Path) -> CardFile {
        let Ok(bytes) = std::fs::read(out.join(FILE)) else {
            return CardFile::default();
        };
        match bincode::deserialize::<(u32, CardFile)>(&bytes) {
            Ok((VERSION, f)) if f.is_whole() => f,
            _ => CardFile::default(),
        }
    }

    /// Whether every end is in order and in bounds.
    fn is_whole(&self) -> bool {
        let n = self.path_ends.len();
        let ordered = |ends: &[u32], len: usize| {
            ends.windows(2).all(|w| w[0] <= w[1]) && ends.last().is_none_or(|&e| e as usize <= len)
        };
        self.files.len() == n
            && self.span_ends.len() == n
            && ordered(&self.path_ends, self.paths.len())
            && ordered(&self.span_ends, self.spans.len())
            && self
                .path_ends
                .iter()
                .all(|&e| self.paths.is_char_boundary(e as usize))
    }

    /// The generation of the cards recorded.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    fn len(&self) -> usize {
        self.path_ends.len()
    }

    fn path(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.path_ends[i - 1] };
        &self.paths[start as usize..self.path_ends[i] as usize]
    }

    fn page_spans(&self, i: usize) -> &[CardSpan] {
        let start = if i == 0 { 0 } else { self.span_ends[i - 1] };
        &self.spans[start as usize..self.span_ends[i] as usize]
    }

    /// The length and CRC-32 of the page file at `path` when its cards
    /// were recorded, and where they are.
    pub fn get(&self, path: &str) -> Option<(u64, u32, &[CardSpan])> {
        let mut lo = 0;
        let mut hi = self.len();
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.path(mid).cmp(path) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let (len, crc) = self.files[mid];
                    return Some((len, crc, self.page_spans(mid)));
                }
            }
        }
        None
    }

    fn push(&mut self, path: &str, len: u64, crc: u32, spans: &[CardSpan]) -> Option<()> {
        self.paths.push_str(path);
        self.path_ends.push(u32::try_from(self.paths.len()).ok()?);
        self.files.push((len, crc));
        self.spans.extend_from_slice(spans);
        self.span_ends.push(u32::try_from(self.spans.len()).ok()?);
        Some(())
    }

    /// The layouts for the output this build leaves: those of the pages
    /// it wrote (`new`, cards of `generation`), and those of `self` (the
    /// last build's) whose files the new `manifest` lists with the same
    /// length and CRC-32, when they are of the same generation.
    pub fn next(&self, mut new: Vec<PageCards>, manifest: &[Entry], generation: u64) -> CardFile {
        new.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        new.dedup_by(|a, b| a.0 == b.0);
        let listed = |path: &str, len: u64, crc: u32| {
            manifest
                .binary_search_by(|e| e.0.as_str().cmp(path))
                .is_ok_and(|i| (manifest[i].1, manifest[i].2) == (len, crc))
        };
        let mut next = CardFile {
            generation,
            ..CardFile::default()
        };
        let mut new = new.into_iter().peekable();
        let same = self.generation == generation;
        for i in (0..self.len()).filter(|_| same) {
            let path = self.path(i);
            while let Some(n) = new.next_if(|n| n.0.as_str() < path) {
                next.push(&n.0, n.1, n.2, &n.3);
            }
            if new.peek().is_some_and(|n| n.0 == path) {
                continue;
            }
            let (len, crc) = self.files[i];
            if listed(path, len, crc) {
                next.push(path, len, crc, self.page_spans(i));
            }
        }
        for n in new {
            next.push(&n.0, n.1, n.2, &n.3);
        }
        next
    }

    /// Writes the layouts into the folder `dir` (or removes a stale file
    /// when there are none), through a temporary file.
    pub fn write(&self, dir: &Path) -> Result<(), Diagnostic> {
        let file = dir.join(FILE);
        if self.len() == 0 {
            let _ = std::fs::remove_file(&file);
            return Ok(());
        }
        let bytes = bincode::serialize(&(VERSION, self))
            .map_err(|e| Diagnostic::error(&file, format!("cannot write: {e}")))?;
        let tmp = dir.join(format!("{FILE}.tmp"));
        std::fs::write(&tmp, bytes).map_err(|e| io_err(&tmp, "write", e))?;
        std::fs::rename(&tmp, &file).map_err(|e| io_err(&file, "write", e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, len: u64, first: u64) -> PageCards {
        (path.into(), len, 7, vec![(first, 0, 3), (first + 1, 4, 3)])
    }

    #[test]
    fn the_next_file_keeps_what_the_manifest_still_lists_and_takes_the_new() {
        let dir = tempfile::tempdir().expect("temp");
        let first = CardFile::default().next(
            vec![page("b/index.html", 10, 1), page("a/index.html", 20, 3)],
            &[],
            1,
        );
        assert_eq!(
            first.get("a/index.html"),
            Some((20, 7, &[(3, 0, 3), (4, 4, 3)][..]))
        );
        first.write(dir.path()).expect("write");
        let read = CardFile::read(dir.path());
        assert_eq!(read.get("b/index.html"), first.get("b/index.html"));
        assert_eq!(read.get("c/index.html"), None);
        // b is kept as it was, a is rewritten with other cards, c is
        // gone from the manifest, d is new.
        let manifest: Vec<Entry> = vec![
            ("a/index.html".into(), 30, 7, 0),
            ("b/index.html".into(), 10, 7, 0),
            ("d/index.html".into(), 40, 7, 0),
        ];
        let all: Vec<Entry> = vec![
            ("a/index.html".into(), 20, 7, 0),
            ("b/index.html".into(), 10, 7, 0),
            ("c/index.html".into(), 5, 7, 0),
        ];
        let with_c = read.next(vec![page("c/index.html", 5, 9)], &all, 1);
        assert_eq!(with_c.get("b/index.html"), first.get("b/index.html"));
        let next = with_c.next(
            vec![page("d/index.html", 40, 5), page("a/index.html", 30, 6)],
            &manifest,
            1,
        );
        assert_eq!(next.get("a/index.html").map(|g| g.0), Some(30));
        assert_eq!(next.get("b/index.html"), first.get("b/index.html"));
        assert_eq!(next.get("c/index.html"), None, "not in the manifest");
        assert_eq!(next.get("d/index.html").map(|g| g.2[0].0), Some(5));
        // A file listed with another length is not kept either.
        let changed: Vec<Entry> = vec![("b/index.html".into(), 11, 7, 0)];
        assert_eq!(
            first.next(Vec::new(), &changed, 1).get("b/index.html"),
            None
        );
        // Cards of another generation are not kept, whatever the manifest.
        let other = first.next(Vec::new(), &all, 2);
        assert_eq!(other.get("b/index.html"), None);
        assert_eq!(other.generation(), 2);
    }

    #[test]
    fn a_damaged_file_is_read_as_none() {
        let dir = tempfile::tempdir().expect("temp");
        let f = CardFile::default().next(vec![page("a/index.html", 20, 3)], &[], 1);
        f.write(dir.path()).expect("write");
        let path = dir.path().join(FILE);
        let mut bytes = std::fs::read(&path).expect("read");
        bytes.truncate(bytes.len() - 3);
        std::fs::write(&path, &bytes).expect("write");
        assert_eq!(CardFile::read(dir.path()).get("a/index.html"), None);
        // Ends out of bounds are refused, not followed.
        let bad = CardFile {
            span_ends: vec![99],
            ..CardFile::default().next(vec![page("a/index.html", 20, 3)], &[], 1)
        };
        bad.write(dir.path()).expect("write");
        assert_eq!(CardFile::read(dir.path()).get("a/index.html"), None);
    }
}
