//! Files made of records: the open data. A national site's models make
//! 100,000 records and over 200 MB in its provinces' files, and an edit of
//! one model changes one record of one file. A [`Table`] gives each record a key, a hash of
//! everything the record is made from; a sink that still has the last
//! build's file and its [`Layout`] copies every record whose key it knows
//! from there ([`Table::splice`]) and makes only the others.

use std::collections::HashMap;
use std::io::{self, Read, Write};

/// Makes record `i`'s bytes into the buffer.
pub type MakeRecord<'a> = dyn Fn(usize, &mut Vec<u8>) + Send + Sync + 'a;

/// A file of `head`, then the records with `sep` between them, then `tail`.
pub struct Table<'a> {
    pub head: Vec<u8>,
    pub sep: &'static [u8],
    pub tail: &'static [u8],
    /// Per record, a hash of everything its bytes are made from (never 0
    /// for a record that may be copied; 0 makes it anew every time).
    pub keys: Vec<u64>,
    pub make: Box<MakeRecord<'a>>,
}

/// Where each record of a written table is in its file: what a later
/// build needs to copy records out of it.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Layout {
    pub head: u64,
    pub sep: u64,
    pub tail: u64,
    pub keys: Vec<u64>,
    pub lens: Vec<u32>,
}

impl Layout {
    /// The length of the file this layout describes.
    pub fn file_len(&self) -> u64 {
        let n = self.lens.len() as u64;
        self.head
            + self.lens.iter().map(|&l| u64::from(l)).sum::<u64>()
            + self.sep * n.saturating_sub(1)
            + self.tail
    }

    /// Each record's offset in the file.
    fn offsets(&self) -> Vec<u64> {
        let mut at = self.head;
        self.lens
            .iter()
            .map(|&l| {
                let o = at;
                at += u64::from(l) + self.sep;
                o
            })
            .collect()
    }
}

/// Reads `buf.len()` bytes of the last build's file at an offset.
pub type ReadAt<'a> = dyn Fn(u64, &mut [u8]) -> io::Result<()> + 'a;

impl Table<'_> {
    /// Writes the whole file, making every record.
    pub fn write_all(&self, w: &mut dyn Write) -> io::Result<()> {
        self.splice(None, w).map(|_| ())
    }

    /// Writes into `w` the file [`Table::write_all`] wrote, read from
    /// `file` (`len` bytes, its records `lens` long), in the same writes
    /// through the same buffer: a compressor makes the same bytes of the
    /// same writes only (deflate's blocks depend on how the input comes).
    /// `false`, and nothing written, when it is not such a file.
    pub fn replay(
        &self,
        file: &mut dyn Read,
        len: u64,
        lens: &[u32],
        w: &mut dyn Write,
    ) -> io::Result<bool> {
        let layout = Layout {
            head: self.head.len() as u64,
            sep: self.sep.len() as u64,
            tail: self.tail.len() as u64,
            keys: Vec::new(),
            lens: lens.to_vec(),
        };
        if layout.file_len() != len || lens.len() != self.keys.len() {
            return Ok(false);
        }
        let mut buf = vec![0; self.head.len()];
        file.read_exact(&mut buf)?;
        if buf != self.head {
            return Ok(false);
        }
        let mut out = io::BufWriter::with_capacity(256 * 1024, w);
        out.write_all(&buf)?;
        let mut next = |n: usize, out: &mut dyn Write| {
            buf.resize(n, 0);
            file.read_exact(&mut buf)?;
            out.write_all(&buf).map(|()| buf == self.tail)
        };
        for (i, &len) in lens.iter().enumerate() {
            if i > 0 {
                next(self.sep.len(), &mut out)?;
            }
            next(len as usize, &mut out)?;
        }
        if !next(self.tail.len(), &mut out)? {
            return Err(io::Error::other("the file changed while it was read"));
        }
        out.flush()?;
        Ok(true)
    }

    /// Writes the file into `w`, copying from `old` (the last build's file
    /// and its layout) every record whose key it has, and returns the new
    /// layout. Runs of records that follow each other in both files are
    /// copied in one piece, separators included.
    pub fn splice(
        &self,
        old: Option<(&Layout, &ReadAt<'_>)>,
        w: &mut dyn Write,
    ) -> io::Result<Layout> {
        // The old layout's separator must be this one's for runs to copy
        // whole; a different one means another format: make everything.
        let old = old.filter(|(l, _)| l.sep == self.sep.len() as u64);
        let (offsets, lens, by_key) = match old {
            Some((l, _)) => {
                // The keys are hashes already: ahash, not SipHash, for the
                // 100,000 of a national site's table.
                let mut by_key =
                    HashMap::with_capacity_and_hasher(l.keys.len(), ahash::RandomState::new());
                for (k, &key) in l.keys.iter().enumerate() {
                    if key != 0 {
                        by_key.entry(key).or_insert(k);
                    }
                }
                (l.offsets(), l.lens.as_slice(), by_key)
            }
            None => (Vec::new(), &[][..], HashMap::default()),
        };
        let read = old.map(|(_, r)| r);
        let mut out = io::BufWriter::with_capacity(256 * 1024, w);
        out.write_all(&self.head)?;
        let mut layout = Layout {
            head: self.head.len() as u64,
            sep: self.sep.len() as u64,
            tail: self.tail.len() as u64,
            keys: self.keys.clone(),
            lens: Vec::with_capacity(self.keys.len()),
        };
        // The run of old bytes to copy: (start, end, last old record).
        let mut run: Option<(u64, u64, usize)> = None;
        let mut buf = Vec::new();
        let mut copy = Vec::new();
        for (i, &key) in self.keys.iter().enumerate() {
            let found = (key != 0).then(|| by_key.get(&key).copied()).flatten();
            match (found, run) {
                (Some(k), Some((start, _, last))) if k == last + 1 => {
                    run = Some((start, offsets[k] + u64::from(lens[k]), k));
                    layout.lens.push(lens[k]);
                    continue;
                }
                _ => {}
            }
            if let (Some(r), Some(read)) = (run.take(), read) {
                copy_range(read, r.0, r.1, &mut copy, &mut out)?;
            }
            if i > 0 {
                out.write_all(self.sep)?;
            }
            match found {
                Some(k) => {
                    run = Some((offsets[k], offsets[k] + u64::from(lens[k]), k));
                    layout.lens.push(lens[k]);
                }
                None => {
                    buf.clear();
                    (self.make)(i, &mut buf);
                    out.write_all(&buf)?;
                    let len = u32::try_from(buf.len()).map_err(io::Error::other)?;
                    layout.lens.push(len);
                }
            }
        }
        if let (Some(r), Some(read)) = (run, read) {
            copy_range(read, r.0, r.1, &mut copy, &mut out)?;
        }
        out.write_all(self.tail)?;
        out.flush()?;
        Ok(layout)
    }
}

/// Copies bytes `start..end` of the old file into `out`, a megabyte at a time.
fn copy_range(
    read: &ReadAt<'_>,
    start: u64,
    end: u64,
    buf: &mut Vec<u8>,
    out: &mut dyn Write,
) -> io::Result<()> {
    const CHUNK: u64 = 1 << 20;
    let mut at = start;
    while at < end {
        let n = (end - at).min(CHUNK) as usize;
        buf.resize(n, 0);
        read(at, &mut buf[..n])?;
        out.write_all(&buf[..n])?;
        at += n as u64;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table<'a>(words: &'a [&'a str], keys: Vec<u64>) -> Table<'a> {
        Table {
            head: b"[\n".to_vec(),
            sep: b",\n",
            tail: b"\n]\n",
            keys,
            make: Box::new(move |i, out| out.extend_from_slice(words[i].as_bytes())),
        }
    }

    fn key(w: &str) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        w.hash(&mut h);
        h.finish().max(1)
    }

    /// Writes `words` after a table of `before`, copying what it can, and
    /// returns the bytes and how many records were made anew.
    fn splice_after(before: &[&str], words: &[&str]) -> (Vec<u8>, usize) {
        let old = table(before, before.iter().map(|w| key(w)).collect());
        let mut old_bytes = Vec::new();
        let layout = old.splice(None, &mut old_bytes).expect("write");
        assert_eq!(layout.file_len(), old_bytes.len() as u64);
        let made = std::sync::atomic::AtomicUsize::new(0);
        let new = Table {
            make: Box::new(|i, out: &mut Vec<u8>| {
                made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                out.extend_from_slice(words[i].as_bytes());
            }),
            ..table(words, words.iter().map(|w| key(w)).collect())
        };
        let read = |at: u64, buf: &mut [u8]| {
            let at = at as usize;
            buf.copy_from_slice(&old_bytes[at..at + buf.len()]);
            Ok(())
        };
        let mut bytes = Vec::new();
        let new_layout = new
            .splice(Some((&layout, &read)), &mut bytes)
            .expect("write");
        assert_eq!(new_layout.file_len(), bytes.len() as u64);
        (bytes, made.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// Records the size of every write it is given.
    struct Writes(Vec<usize>, Vec<u8>);

    impl Write for Writes {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.push(buf.len());
            self.1.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_replayed_file_comes_in_the_writes_it_was_made_in() {
        let long = "x".repeat(100_000);
        let words: Vec<&str> = ["a", "bb", long.as_str(), "ccc"]
            .into_iter()
            .cycle()
            .take(41)
            .collect();
        let t = table(&words, vec![1; words.len()]);
        let mut made = Writes(Vec::new(), Vec::new());
        let layout = t.splice(None, &mut made).expect("write");
        let len = made.1.len() as u64;
        let mut replayed = Writes(Vec::new(), Vec::new());
        let ok = t.replay(&mut &made.1[..], len, &layout.lens, &mut replayed);
        assert!(ok.expect("write"));
        assert_eq!(replayed.1, made.1);
        assert_eq!(replayed.0, made.0);
        assert!(made.0.len() > 4, "{:?}", made.0);
        // Not this table's file: nothing is written.
        let mut other = Writes(Vec::new(), Vec::new());
        let short = t.replay(&mut &made.1[1..], len - 1, &layout.lens, &mut other);
        assert!(!short.expect("write"));
        let fewer = t.replay(&mut &made.1[..], len, &layout.lens[1..], &mut other);
        assert!(!fewer.expect("write"));
        assert!(other.1.is_empty());
    }

    #[test]
    fn a_spliced_file_is_the_file_made_whole() {
        let cases: &[(&[&str], &[&str])] = &[
            (&["a", "bb", "ccc", "dddd"], &["a", "bb", "ccc", "dddd"]),
            (&["a", "bb", "ccc", "dddd"], &["a", "ccc", "bb", "dddd"]),
            (&["a", "bb", "ccc", "dddd"], &["x", "a", "bb", "ccc"]),
            (&["a", "bb", "ccc", "dddd"], &["dddd", "ccc", "bb", "a"]),
            (&["a", "bb", "ccc"], &["a", "b2", "ccc", "e"]),
            (&["a"], &[]),
            (&[], &["a", "b"]),
        ];
        for (before, after) in cases {
            let mut whole = Vec::new();
            table(after, after.iter().map(|w| key(w)).collect())
                .write_all(&mut whole)
                .expect("write");
            let (spliced, made) = splice_after(before, after);
            assert_eq!(
                String::from_utf8_lossy(&spliced),
                String::from_utf8_lossy(&whole),
                "{before:?} → {after:?}"
            );
            let new = after.iter().filter(|w| !before.contains(w)).count();
            assert_eq!(
                made, new,
                "{before:?} → {after:?}: only new records are made"
            );
        }
    }

    #[test]
    fn records_without_a_key_are_always_made() {
        let words = ["a", "b"];
        let old = table(&words, vec![0, 0]);
        let mut old_bytes = Vec::new();
        let layout = old.splice(None, &mut old_bytes).expect("write");
        let read = |_: u64, _: &mut [u8]| -> io::Result<()> {
            panic!("nothing may be copied without a key")
        };
        let mut bytes = Vec::new();
        table(&words, vec![0, 0])
            .splice(Some((&layout, &read)), &mut bytes)
            .expect("write");
        assert_eq!(bytes, old_bytes);
    }
}
