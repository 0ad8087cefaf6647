//! The pages of one build, kept in memory: what `kheo serve` renders into
//! and serves from. Serving never writes to disk, so it cannot clobber a
//! site's `public/` nor leave folders behind; a failed rebuild simply does
//! not replace the last good set.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::diag::Diagnostic;
use crate::render::Sink;
use crate::render::table::{Layout, Table};

/// Where a served file's bytes are.
#[derive(Debug, Clone)]
pub enum Body {
    /// Shared, so that an edit that changes one page can copy the set cheaply.
    Bytes(Arc<Vec<u8>>),
    /// A copied file (asset, image): read when requested.
    File(Arc<Path>),
}

/// Every file of a build, by its path in the site (`mo-hinh/x/index.html`),
/// and the fingerprint of each page's inputs (see `render::incremental`),
/// so that the next rebuild renders only the pages an edit changed. The
/// paths are shared (`Arc<str>`): an edit in `kheo serve` copies the set,
/// 118,000 files on a national site, and copying it allocated every path
/// again.
#[derive(Debug, Default, Clone)]
pub struct Files {
    pub map: HashMap<Arc<str>, Body>,
    pub fingerprints: HashMap<Arc<str>, u64>,
    /// The layout of each file of records (the open data), so that the
    /// next build copies the records that did not change.
    pub layouts: HashMap<String, Layout>,
}

impl Files {
    pub fn get(&self, path: &str) -> Option<&Body> {
        self.map.get(path)
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// A [`Sink`] collecting a build into [`Files`]. Made [`after`] a
/// previous build, it keeps that build's pages whose fingerprint is the
/// same instead of rendering them again.
///
/// [`after`]: MemorySink::after
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<Files>,
    previous: Option<Arc<Files>>,
    kept: std::sync::atomic::AtomicUsize,
}

impl MemorySink {
    pub fn new() -> Self {
        Self::default()
    }

    /// A sink for a rebuild after `previous`.
    pub fn after(previous: Arc<Files>) -> Self {
        MemorySink {
            files: Mutex::default(),
            previous: Some(previous),
            kept: Default::default(),
        }
    }

    /// A sink that starts as `previous`, for a rebuild that renders some
    /// pages only ([`crate::render::Renderer::render_edit_part`]): every file it
    /// does not write stays as `previous` has it.
    pub fn over(previous: Arc<Files>) -> Self {
        let _t = crate::progress::trace::span("serve: copy the file set");
        MemorySink {
            files: Mutex::new(Files::clone(&previous)),
            previous: Some(previous),
            kept: Default::default(),
        }
    }

    /// How many pages were kept from the previous build.
    pub fn kept(&self) -> usize {
        self.kept.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The files written so far, and the files but pages of the previous
    /// build not written again yet (the open data, until it is): what to
    /// serve for the moment before the rebuild is done. A page the rebuild
    /// did not write is gone.
    pub fn snapshot(&self) -> Files {
        let mut files = self.lock().clone();
        if let Some(previous) = &self.previous {
            for (path, body) in &previous.map {
                if !path.ends_with(".html") {
                    files
                        .map
                        .entry(Arc::clone(path))
                        .or_insert_with(|| body.clone());
                }
            }
        }
        files
    }

    pub fn finish(self) -> Files {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Files> {
        self.files.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A file that is not a page written by its fingerprint: a stale
    /// fingerprint at its path would let a later page take its body.
    fn put(&self, path: &str, body: Body) {
        let mut files = self.lock();
        files.fingerprints.remove(path);
        files.map.insert(path.into(), body);
    }
}

impl Sink for MemorySink {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.put(path, Body::Bytes(Arc::new(bytes.to_vec())));
        Ok(())
    }

    fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic> {
        if !from.is_file() {
            return Err(crate::diag::io_error(
                from,
                &std::io::Error::from(std::io::ErrorKind::NotFound),
            ));
        }
        self.put(path, Body::File(from.into()));
        Ok(())
    }

    fn write_page(&self, path: &str, bytes: &[u8], fp: u64) -> Result<(), Diagnostic> {
        let path: Arc<str> = path.into();
        let mut files = self.lock();
        files
            .map
            .insert(Arc::clone(&path), Body::Bytes(Arc::new(bytes.to_vec())));
        files.fingerprints.insert(path, fp);
        Ok(())
    }

    fn keep(&self, path: &str, fp: u64) -> bool {
        let Some(prev) = &self.previous else {
            return false;
        };
        let (Some(&old), Some((path, body))) =
            (prev.fingerprints.get(path), prev.map.get_key_value(path))
        else {
            return false;
        };
        if old != fp {
            return false;
        }
        let mut files = self.lock();
        files.map.insert(Arc::clone(path), body.clone());
        files.fingerprints.insert(Arc::clone(path), fp);
        if let Some(layout) = prev.layouts.get(&**path) {
            files.layouts.insert(path.to_string(), layout.clone());
        }
        self.kept.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        true
    }

    fn wants_fingerprints(&self) -> bool {
        true
    }

    fn write_table(&self, path: &str, fp: u64, table: &Table<'_>) -> Result<(), Diagnostic> {
        let old = self.previous.as_ref().and_then(|p| {
            let layout = p.layouts.get(path)?;
            match p.map.get(path)? {
                Body::Bytes(b) if layout.file_len() == b.len() as u64 => Some((layout, b)),
                _ => None,
            }
        });
        let read = |at: u64, buf: &mut [u8]| {
            let bytes = old.map_or(&[][..], |(_, b)| b.as_slice());
            let from = usize::try_from(at).unwrap_or(usize::MAX);
            match bytes.get(from..from.saturating_add(buf.len())) {
                Some(part) => {
                    buf.copy_from_slice(part);
                    Ok(())
                }
                None => Err(std::io::Error::other("past the end of the previous file")),
            }
        };
        // Made to the old file's size (and some): a province's file of a
        // national site is megabytes, and a vector growing to it copied
        // and faulted in its memory several times over.
        let mut bytes = Vec::with_capacity(old.map_or(0, |(_, b)| b.len() + (1 << 16)));
        let layout = table
            .splice(old.map(|(l, _)| (l, &read as _)), &mut bytes)
            .map_err(|e| crate::diag::io_write_error(Path::new(path), &e))?;
        let mut files = self.lock();
        let path: Arc<str> = path.into();
        files
            .map
            .insert(Arc::clone(&path), Body::Bytes(Arc::new(bytes)));
        files.fingerprints.insert(Arc::clone(&path), fp);
        files.layouts.insert(path.to_string(), layout);
        Ok(())
    }
}
