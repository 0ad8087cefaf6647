//! Files made of records: the open data. A national site's `mo-hinh.json`
//! holds 100,000 records and over 100 MB. A [`Table`] makes its records
//! in batches on every core and writes them in order, so the whole file
//! is never in memory.

use std::io::{self, Write};

use rayon::prelude::*;

/// Makes record `i`'s bytes into the buffer.
pub type MakeRecord<'a> = dyn Fn(usize, &mut Vec<u8>) + Send + Sync + 'a;

/// A file of `head`, then the records with `sep` between them, then `tail`.
pub struct Table<'a> {
    pub head: Vec<u8>,
    pub sep: &'static [u8],
    pub tail: &'static [u8],
    /// How many records.
    pub len: usize,
    pub make: Box<MakeRecord<'a>>,
}

impl Table<'_> {
    /// Writes the whole file, making every record.
    pub fn write_all(&self, w: &mut dyn Write) -> io::Result<()> {
        // Records are made a batch at a time, in runs of `RUN` on each
        // core, and the runs written in order.
        const BATCH: usize = 8192;
        const RUN: usize = 256;
        let mut out = io::BufWriter::with_capacity(256 * 1024, w);
        out.write_all(&self.head)?;
        let mut from = 0;
        while from < self.len {
            let end = (from + BATCH).min(self.len);
            let runs: Vec<Vec<u8>> = (from..end)
                .step_by(RUN)
                .collect::<Vec<_>>()
                .into_par_iter()
                .map(|start| {
                    let mut buf = Vec::new();
                    for i in start..(start + RUN).min(end) {
                        if i > 0 {
                            buf.extend_from_slice(self.sep);
                        }
                        (self.make)(i, &mut buf);
                    }
                    buf
                })
                .collect();
            for run in runs {
                out.write_all(&run)?;
            }
            from = end;
        }
        out.write_all(self.tail)?;
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_come_out_in_order_with_separators_between() {
        for n in [0, 1, 2, 255, 256, 257, 8192, 8193, 20_000] {
            let table = Table {
                head: b"[\n".to_vec(),
                sep: b",\n",
                tail: b"\n]\n",
                len: n,
                make: Box::new(|i, out| out.extend_from_slice(i.to_string().as_bytes())),
            };
            let mut bytes = Vec::new();
            table.write_all(&mut bytes).expect("write");
            let body: Vec<String> = (0..n).map(|i| i.to_string()).collect();
            let want = format!("[\n{}\n]\n", body.join(",\n"));
            assert_eq!(
                String::from_utf8(bytes).expect("utf-8"),
                want,
                "{n} records"
            );
        }
    }
}
