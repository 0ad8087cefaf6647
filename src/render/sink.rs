//! Where rendered files go: the [`Sink`] trait, which the output folder
//! (`output.rs`), `serve`'s memory and `check`'s null sink implement.

use std::path::Path;

use super::table;
use crate::diag::Diagnostic;

/// Where rendered files go. Paths are relative to the output root, with `/`.
pub trait Sink: Sync {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
    fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic>;
    /// Writes a large file as `fill` produces it (the open data of a
    /// national site is hundreds of megabytes). By default the bytes are
    /// collected and handed to [`Sink::write`].
    /// `fp` is the fingerprint of the file's inputs, as for a page.
    fn write_stream(&self, path: &str, fp: u64, fill: &mut Fill<'_>) -> Result<(), Diagnostic> {
        let mut bytes = Vec::new();
        fill(&mut bytes).map_err(|e| crate::diag::io_write_error(Path::new(path), &e))?;
        self.write_page(path, &bytes, fp)
    }
    /// Writes a file of records (the open data, see [`table`]). By default
    /// every record is made and the bytes go to [`Sink::write_stream`]; an
    /// output folder copies the records it still has.
    fn write_table(&self, path: &str, fp: u64, table: &table::Table<'_>) -> Result<(), Diagnostic> {
        self.write_stream(path, fp, &mut |w| table.write_all(w))
    }
    /// Writes a page rendered from inputs with the fingerprint `fp` (see
    /// [`Sink::keep`]).
    fn write_page(&self, path: &str, bytes: &[u8], _fp: u64) -> Result<(), Diagnostic> {
        self.write(path, bytes)
    }
    /// Keeps the page at `path` as the last build wrote it, without
    /// checking its inputs (the caller knows they did not change), when
    /// the output still holds it. Only an output folder can say yes.
    fn keep_as_was(&self, _path: &str) -> bool {
        false
    }
    /// [`Sink::keep_as_was`] of many pages at once (a one-model edit
    /// keeps all but a few of a national site's 118,000 pages); returns
    /// the indexes in `paths` of those it could not keep.
    fn keep_all_as_was(&self, paths: Vec<String>) -> Vec<usize> {
        (0..paths.len())
            .filter(|&i| !self.keep_as_was(&paths[i]))
            .collect()
    }
    /// Whether the page at `path`, rendered from inputs with the
    /// fingerprint `fp`, is already there as it would be rendered now: then
    /// it is not rendered again. Only an output folder can say yes.
    fn keep(&self, _path: &str, _fp: u64) -> bool {
        false
    }
    /// Whether [`Sink::keep`] can ever say yes: if not, pages are not
    /// fingerprinted at all.
    fn wants_fingerprints(&self) -> bool {
        false
    }
    /// What the last build recorded of the file at `path`: its length,
    /// CRC-32 and fingerprint. Only an output folder has a last build.
    fn last_entry(&self, _path: &str) -> Option<(u64, u32, u64)> {
        None
    }
    /// The last build's file at `path`, opened, when its bytes are still
    /// those [`Sink::last_entry`] records.
    fn open_last(&self, _path: &str) -> Option<std::fs::File> {
        None
    }
    /// The table file at `path` as this build wrote it, opened, and the
    /// lengths of its records, when the sink can read it back (a fresh
    /// output folder): the zipped open data holds the province files,
    /// read back rather than made again.
    fn written(&self, _path: &str) -> Option<(std::fs::File, Vec<u32>)> {
        None
    }
    /// Whether the bytes are thrown away (`kheo check`): then files that
    /// only repeat others in another form (the zipped open data) are
    /// written empty, for their paths.
    fn discards(&self) -> bool {
        false
    }
}

/// Produces a streamed file's bytes (see [`Sink::write_stream`]).
pub type Fill<'a> = dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()> + Send + 'a;
