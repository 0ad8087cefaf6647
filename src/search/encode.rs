//! The binary pieces of the index: unsigned LEB128 varints, strings, and
//! sets of record ids. A set is written in whichever of four forms is
//! smallest, so a word found in almost every record costs a few bytes and
//! one found in half of them at most N/8 bytes:
//!
//! | tag | form | body |
//! | --- | --- | --- |
//! | 0 | list | count, then each id as the gap from the previous id + 1 (the first from -1) |
//! | 1 | complement | the list form of the ids of `0..n` *not* in the set |
//! | 2 | bitmap | first byte index, byte count, bytes (bit `i & 7` of byte `i >> 3`) |
//! | 3 | runs | run count, then per run: gap from the previous run's end, length - 1 |
//!
//! The client script decodes the same forms (`readSet`).

/// Appends `v` as an unsigned LEB128 varint.
pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// Appends a string: byte length, then UTF-8 bytes.
pub fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn list(ids: impl Iterator<Item = u32>, count: usize, tag: u8) -> Vec<u8> {
    let mut out = vec![tag];
    put_varint(&mut out, count as u64);
    let mut prev: i64 = -1;
    for id in ids {
        put_varint(&mut out, (id as i64 - prev - 1) as u64);
        prev = id as i64;
    }
    out
}

fn bitmap(ids: &[u32]) -> Vec<u8> {
    let first = (ids[0] >> 3) as usize;
    let last = (ids[ids.len() - 1] >> 3) as usize;
    let mut bytes = vec![0u8; last - first + 1];
    for &id in ids {
        bytes[(id >> 3) as usize - first] |= 1 << (id & 7);
    }
    let mut out = vec![2];
    put_varint(&mut out, first as u64);
    put_varint(&mut out, bytes.len() as u64);
    out.extend_from_slice(&bytes);
    out
}

fn runs(ids: &[u32]) -> Vec<u8> {
    let mut spans: Vec<(u32, u32)> = Vec::new();
    for &id in ids {
        match spans.last_mut() {
            Some((_, end)) if *end + 1 == id => *end = id,
            _ => spans.push((id, id)),
        }
    }
    let mut out = vec![3];
    put_varint(&mut out, spans.len() as u64);
    let mut prev_end: i64 = -1;
    for (start, end) in spans {
        put_varint(&mut out, (start as i64 - prev_end - 1) as u64);
        put_varint(&mut out, (end - start) as u64);
        prev_end = end as i64;
    }
    out
}

/// Bytes of `v` as a varint.
fn varint_len(v: u64) -> usize {
    (64 - v.max(1).leading_zeros() as usize).div_ceil(7)
}

/// Sizes of the four forms of a set, measured in one pass before only
/// the smallest is written: `[list, complement, bitmap, runs]`
/// (complement `usize::MAX` when the set holds at most half of `0..n`).
fn sizes(ids: &[u32], n: u32) -> [usize; 4] {
    let mut list = 1 + varint_len(ids.len() as u64);
    let mut runs_body = 0;
    let mut spans = 0u64;
    let mut missing = 1 + varint_len(u64::from(n) - ids.len() as u64);
    let mut last_missing: i64 = -1;
    let mut span: Option<(i64, i64)> = None;
    let mut prev_end: i64 = -1;
    let mut prev: i64 = -1;
    let mut missing_run = |a: i64, b: i64, last: &mut i64| {
        missing += varint_len((a - *last - 1) as u64) + (b - a) as usize;
        *last = b;
    };
    for &id in ids {
        let id = i64::from(id);
        list += varint_len((id - prev - 1) as u64);
        if id > prev + 1 {
            missing_run(prev + 1, id - 1, &mut last_missing);
        }
        span = match span {
            Some((start, end)) if end + 1 == id => Some((start, id)),
            Some((start, end)) => {
                runs_body +=
                    varint_len((start - prev_end - 1) as u64) + varint_len((end - start) as u64);
                spans += 1;
                prev_end = end;
                Some((id, id))
            }
            None => Some((id, id)),
        };
        prev = id;
    }
    if prev < i64::from(n) - 1 {
        missing_run(prev + 1, i64::from(n) - 1, &mut last_missing);
    }
    if let Some((start, end)) = span {
        runs_body += varint_len((start - prev_end - 1) as u64) + varint_len((end - start) as u64);
        spans += 1;
    }
    let complement = if ids.len() * 2 > n as usize {
        missing
    } else {
        usize::MAX
    };
    let (first, last) = (ids[0] >> 3, ids[ids.len() - 1] >> 3);
    let bytes = (last - first + 1) as usize;
    let bitmap = 1 + varint_len(u64::from(first)) + varint_len(bytes as u64) + bytes;
    [list, complement, bitmap, 1 + varint_len(spans) + runs_body]
}

/// Encodes a sorted, duplicate-free set of ids below `n` in its smallest
/// form (the first of the smallest, in the order of the table above).
pub fn put_set(out: &mut Vec<u8>, ids: &[u32], n: u32) {
    debug_assert!(ids.windows(2).all(|w| w[0] < w[1]));
    if ids.is_empty() {
        out.extend_from_slice(&[0, 0]);
        return;
    }
    let sizes = sizes(ids, n);
    let mut best = 0;
    for (form, &size) in sizes.iter().enumerate() {
        if size < sizes[best] {
            best = form;
        }
    }
    let bytes = match best {
        0 => list(ids.iter().copied(), ids.len(), 0),
        1 => {
            let mut it = ids.iter().copied().peekable();
            let missing = (0..n).filter(move |&i| {
                if it.peek() == Some(&i) {
                    it.next();
                    false
                } else {
                    true
                }
            });
            list(missing, n as usize - ids.len(), 1)
        }
        2 => bitmap(ids),
        _ => runs(ids),
    };
    debug_assert_eq!(bytes.len(), sizes[best]);
    out.extend_from_slice(&bytes);
}

/// A cursor over index bytes, for the reader and the tests.
pub struct Cursor<'a> {
    pub bytes: &'a [u8],
    pub pos: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Cursor { bytes, pos: 0 }
    }

    pub fn done(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    pub fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = *self.bytes.get(self.pos)?;
            self.pos += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
            shift += 7;
            if shift > 63 {
                return None;
            }
        }
    }

    pub fn str(&mut self) -> Option<&'a str> {
        let len = self.varint()? as usize;
        let s = self.bytes.get(self.pos..self.pos + len)?;
        self.pos += len;
        std::str::from_utf8(s).ok()
    }

    /// A list of ids: each below `n`, each above the one before; kept in
    /// `out` when given.
    fn list(&mut self, n: u32, mut out: Option<&mut Vec<u32>>) -> Option<()> {
        let count = self.varint()?;
        // Every id takes a byte at least: a count past the bytes left is
        // a forged file, not a reason to reserve gigabytes.
        if count > (self.bytes.len() - self.pos) as u64 {
            return None;
        }
        if let Some(out) = out.as_deref_mut() {
            out.reserve(count as usize);
        }
        let mut next: u64 = 0;
        for _ in 0..count {
            let id = next.checked_add(self.varint()?)?;
            if id >= u64::from(n) {
                return None;
            }
            if let Some(out) = out.as_deref_mut() {
                out.push(id as u32);
            }
            next = id + 1;
        }
        Some(())
    }

    /// Reads one set of ids below `n`, in its form (see [`put_set`]),
    /// keeping in `out`, when given, its ids, or for the complement form
    /// the ids it lacks; returns the form. Anything but a well-formed set
    /// (an id out of range or out of order, a truncated body) is `None`.
    fn walk_set(&mut self, n: u32, mut out: Option<&mut Vec<u32>>) -> Option<u8> {
        let tag = *self.bytes.get(self.pos)?;
        self.pos += 1;
        match tag {
            0 | 1 => self.list(n, out)?,
            2 => {
                let first = self.varint()?;
                let len = self.varint()?;
                if first.checked_add(len)? > u64::from(n).div_ceil(8) {
                    return None;
                }
                let bytes = self.bytes.get(self.pos..self.pos + len as usize)?;
                self.pos += len as usize;
                // Only the bytes holding ids at or past `n` can be wrong.
                for (i, &b) in bytes.iter().enumerate() {
                    let base = (first + i as u64) * 8;
                    if base + 7 >= u64::from(n)
                        && (0..8).any(|bit| b & (1 << bit) != 0 && base + bit >= u64::from(n))
                    {
                        return None;
                    }
                }
                if let Some(out) = out {
                    for (i, &b) in bytes.iter().enumerate() {
                        for bit in 0..8 {
                            if b & (1 << bit) != 0 {
                                out.push(((first + i as u64) * 8 + bit) as u32);
                            }
                        }
                    }
                }
            }
            3 => {
                let count = self.varint()?;
                let mut next: u64 = 0;
                for _ in 0..count {
                    let start = next.checked_add(self.varint()?)?;
                    let end = start.checked_add(self.varint()?)?;
                    if end >= u64::from(n) {
                        return None;
                    }
                    if let Some(out) = out.as_deref_mut() {
                        out.extend(start as u32..=end as u32);
                    }
                    next = end + 1;
                }
            }
            _ => return None,
        }
        Some(tag)
    }

    /// Moves past one set of ids below `n` when [`Cursor::set`] would read
    /// it, without making it: a word in every record is a few bytes
    /// here and 400 KB decoded, and a rebuild that takes over the last
    /// index decodes each word only when it comes to it.
    pub fn check_set(&mut self, n: u32) -> Option<()> {
        self.walk_set(n, None).map(|_| ())
    }

    /// Decodes one set of ids below `n`. Anything but a well-formed set
    /// (an id out of range or out of order, a truncated body) is `None`,
    /// and a set never holds more than `n` ids, so a forged file costs no
    /// more memory than a real one.
    pub fn set(&mut self, n: u32) -> Option<Vec<u32>> {
        let mut ids = Vec::new();
        if self.walk_set(n, Some(&mut ids))? != 1 {
            return Some(ids);
        }
        let mut missing = ids.into_iter().peekable();
        Some(
            (0..n)
                .filter(|&i| {
                    if missing.peek() == Some(&i) {
                        missing.next();
                        false
                    } else {
                        true
                    }
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(ids: &[u32], n: u32) -> (u8, usize) {
        let mut out = Vec::new();
        put_set(&mut out, ids, n);
        let mut c = Cursor::new(&out);
        assert_eq!(c.set(n).as_deref(), Some(ids));
        assert!(c.done());
        (out[0], out.len())
    }

    #[test]
    fn sizes_are_the_lengths_of_the_forms() {
        let mut seed = 7u64;
        for n in [1u32, 9, 64, 1000, 100_000] {
            for density in [1u64, 5, 50, 95, 100] {
                let ids: Vec<u32> = (0..n)
                    .filter(|_| {
                        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                        (seed >> 33) % 100 < density
                    })
                    .collect();
                if ids.is_empty() {
                    continue;
                }
                let missing: Vec<u32> = (0..n).filter(|i| ids.binary_search(i).is_err()).collect();
                let complement = if ids.len() * 2 > n as usize {
                    list(missing.into_iter(), n as usize - ids.len(), 1).len()
                } else {
                    usize::MAX
                };
                let want = [
                    list(ids.iter().copied(), ids.len(), 0).len(),
                    complement,
                    bitmap(&ids).len(),
                    runs(&ids).len(),
                ];
                assert_eq!(sizes(&ids, n), want, "n {n}, density {density}");
            }
        }
    }

    #[test]
    fn every_form_round_trips_and_the_smallest_wins() {
        let n = 100_000;
        assert_eq!(round_trip(&[], n).0, 0);
        assert_eq!(round_trip(&[5, 70, 99_999], n).0, 0);
        let almost_all: Vec<u32> = (0..n).filter(|i| i % 1000 != 7).collect();
        let (tag, len) = round_trip(&almost_all, n);
        assert_eq!(tag, 1);
        assert!(len < 300, "{len}");
        let half: Vec<u32> = (0..n).filter(|i| (i * 7919) % 13 < 6).collect();
        let (tag, len) = round_trip(&half, n);
        assert_eq!(tag, 2);
        assert!(len <= n as usize / 8 + 8);
        let blocks: Vec<u32> = (2000..9000).chain(50_000..51_000).collect();
        let (tag, len) = round_trip(&blocks, n);
        assert_eq!(tag, 3);
        assert!(len < 16, "{len}");
    }

    /// `check_set` takes exactly the sets `set` reads, and moves as far.
    #[test]
    fn checking_a_set_agrees_with_reading_it() {
        let mut seed = 11u64;
        let mut rand = || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            seed >> 33
        };
        for round in 0..4000 {
            let n = [1u32, 9, 64, 1000][round % 4];
            let ids: Vec<u32> = (0..n)
                .filter(|_| rand() % 100 < [2, 40, 90][round % 3])
                .collect();
            let mut bytes = Vec::new();
            put_set(&mut bytes, &ids, n);
            // Damaged copies: a byte changed, cut short, a smaller `n`.
            let mut forged = bytes.clone();
            let at = rand() as usize % forged.len();
            forged[at] = rand() as u8;
            let cut = &bytes[..rand() as usize % bytes.len()];
            for (b, n) in [
                (&bytes[..], n),
                (&forged[..], n),
                (cut, n),
                (&bytes[..], n / 2),
            ] {
                let (mut a, mut c) = (Cursor::new(b), Cursor::new(b));
                let read = a.set(n);
                assert_eq!(read.is_some(), c.check_set(n).is_some(), "{b:?} below {n}");
                if read.is_some() {
                    assert_eq!(a.pos, c.pos);
                }
            }
        }
    }

    #[test]
    fn varints() {
        for v in [0u64, 1, 127, 128, 300, 1 << 35] {
            let mut out = Vec::new();
            put_varint(&mut out, v);
            assert_eq!(Cursor::new(&out).varint(), Some(v));
        }
        assert_eq!(Cursor::new(&[0x80]).varint(), None);
    }
}
