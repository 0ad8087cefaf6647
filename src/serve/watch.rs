//! Watching a site for edits: `content/`, `static/`, `templates/`,
//! `themes/`, `i18n/` (recursively) and `site.yaml`, through notify, with
//! a short debounce so one save (or a burst of them) is one rebuild.
//!
//! Filters out what is not an edit: kheo's own reads (inotify reports
//! opens), editors' temporary and backup files, hidden files.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};

/// The folders of a site that hold its sources.
pub const FOLDERS: &[&str] = &["content", "static", "templates", "themes", "i18n"];

/// Quiet time after the last event before a rebuild starts.
pub const DEBOUNCE: Duration = Duration::from_millis(10);
/// Longest wait for quiet once an edit was seen.
const MAX_WAIT: Duration = Duration::from_millis(250);

pub struct Watch {
    root: PathBuf,
    watcher: RecommendedWatcher,
    rx: Receiver<notify::Result<notify::Event>>,
    tx: Sender<notify::Result<notify::Event>>,
    /// Source folders being watched.
    watched: Vec<PathBuf>,
}

/// Whether a path is an editor's temporary or backup file, or hidden.
fn is_noise(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with('#')
        || name == "4913"
        || [".swp", ".swx", ".tmp", ".bak", ".part", ".crdownload"]
            .iter()
            .any(|e| name.ends_with(e))
}

fn is_edit(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

impl Watch {
    /// Starts watching the site in `root` (an absolute path).
    pub fn new(root: &Path) -> notify::Result<Watch> {
        let (tx, rx) = channel();
        let theirs = tx.clone();
        let watcher = notify::recommended_watcher(move |res| {
            let _ = theirs.send(res);
        })?;
        let mut w = Watch {
            root: root.to_path_buf(),
            watcher,
            rx,
            tx,
            watched: Vec::new(),
        };
        // The root itself, not recursively: site.yaml, and source folders
        // that appear later.
        w.watcher.watch(root, RecursiveMode::NonRecursive)?;
        for f in FOLDERS {
            w.add_folder(&root.join(f));
        }
        Ok(w)
    }

    fn add_folder(&mut self, dir: &Path) {
        if dir.is_dir()
            && !self.watched.iter().any(|w| w == dir)
            && self.watcher.watch(dir, RecursiveMode::Recursive).is_ok()
        {
            self.watched.push(dir.to_path_buf());
        }
    }

    /// Whether `path` is a source of the site.
    fn is_source(&self, path: &Path) -> bool {
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return false;
        };
        let mut parts = rel.components();
        let first = parts.next().and_then(|c| c.as_os_str().to_str());
        match first {
            Some("site.yaml") => parts.next().is_none(),
            Some(f) => FOLDERS.contains(&f) && !is_noise(path),
            None => false,
        }
    }

    /// The source paths an event touches.
    fn sources(&mut self, ev: notify::Event) -> Vec<PathBuf> {
        if !is_edit(&ev.kind) {
            return Vec::new();
        }
        let mut out = Vec::new();
        for p in ev.paths {
            // A source folder created (or moved in) after start.
            if p.parent() == Some(self.root.as_path())
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| FOLDERS.contains(&n))
            {
                self.add_folder(&p);
            }
            if self.is_source(&p) && !out.contains(&p) {
                out.push(p);
            }
        }
        out
    }

    /// A handle that asks for a rebuild as if a file had changed.
    pub fn poke(&self) -> Poke {
        Poke {
            root: self.root.clone(),
            tx: self.tx.clone(),
        }
    }

    /// Waits for the next edit, then for the edits that follow it closely;
    /// returns the paths touched (relative to the root), or `None` when the
    /// watcher has stopped.
    pub fn next_change(&mut self) -> Option<Vec<PathBuf>> {
        let mut changed: Vec<PathBuf> = Vec::new();
        while changed.is_empty() {
            match self.rx.recv().ok()? {
                Ok(ev) => changed.extend(self.sources(ev)),
                Err(_) => continue,
            }
        }
        let first = Instant::now();
        loop {
            let left = MAX_WAIT.saturating_sub(first.elapsed());
            if left.is_zero() {
                break;
            }
            match self.rx.recv_timeout(DEBOUNCE.min(left)) {
                Ok(Ok(ev)) => {
                    for p in self.sources(ev) {
                        if !changed.contains(&p) {
                            changed.push(p);
                        }
                    }
                }
                Ok(Err(_)) => {}
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        let root = self.root.clone();
        Some(
            changed
                .into_iter()
                .map(|p| p.strip_prefix(&root).map(Path::to_path_buf).unwrap_or(p))
                .collect(),
        )
    }
}

/// Asks the [`Watch`] it came from for a rebuild (`kheo serve`, once the
/// photos a build left pending are encoded).
#[derive(Clone)]
pub struct Poke {
    root: PathBuf,
    tx: Sender<notify::Result<notify::Event>>,
}

impl Poke {
    /// As if `rel` (a source path under the site) had changed.
    pub fn poke(&self, rel: &Path) {
        let ev = notify::Event::new(EventKind::Modify(notify::event::ModifyKind::Any))
            .add_path(self.root.join(rel));
        let _ = self.tx.send(Ok(ev));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_are_noise() {
        for n in [
            ".a.md.swp",
            "a.md~",
            "#a.md#",
            "4913",
            "a.md.tmp",
            ".hidden",
        ] {
            assert!(is_noise(Path::new(n)), "{n}");
        }
        assert!(!is_noise(Path::new("a.md")));
    }

    #[test]
    fn reads_are_not_edits() {
        assert!(!is_edit(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(is_edit(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(is_edit(&EventKind::Modify(notify::event::ModifyKind::Any)));
    }
}
