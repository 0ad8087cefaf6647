//! The pages of one build, kept in memory: what `kheo serve` renders into
//! and serves from. Serving never writes to disk, so it cannot clobber a
//! site's `public/` nor leave folders behind; a failed rebuild simply does
//! not replace the last good set.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::diag::Diagnostic;
use crate::render::Sink;

/// Where a served file's bytes are.
#[derive(Debug, Clone)]
pub enum Body {
    /// Shared, so that an edit that changes one page can copy the set cheaply.
    Bytes(Arc<Vec<u8>>),
    /// A copied file (asset, image): read when requested.
    File(PathBuf),
}

/// Every file of a build, by its path in the site (`mo-hinh/x/index.html`).
#[derive(Debug, Default, Clone)]
pub struct Files {
    pub map: HashMap<String, Body>,
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

/// A [`Sink`] collecting a build into [`Files`].
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<HashMap<String, Body>>,
}

impl MemorySink {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn finish(self) -> Files {
        Files {
            map: self.files.into_inner().unwrap_or_else(|e| e.into_inner()),
        }
    }

    fn put(&self, path: &str, body: Body) {
        let mut m = self.files.lock().unwrap_or_else(|e| e.into_inner());
        m.insert(path.to_string(), body);
    }
}

impl Sink for MemorySink {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.put(path, Body::Bytes(Arc::new(bytes.to_vec())));
        Ok(())
    }

    fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic> {
        if !from.is_file() {
            return Err(Diagnostic::error(from, "file not found"));
        }
        self.put(path, Body::File(from.to_path_buf()));
        Ok(())
    }
}
