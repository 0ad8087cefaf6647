//! The search index under `kheo serve`: made on a thread of its own after
//! each good build, stopped by an edit, begun again once edits pause.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Condvar, Mutex, Weak};
use std::time::Instant;

use super::Report;
use super::live::State;
use super::memory::MemorySink;
use crate::BuildOptions;
use crate::diag::Diagnostics;
use crate::l10n::Msg;

/// Builds the search index of the latest good site in the background and
/// hands it to the server's [`State`]. It starts once edits have paused
/// for [`Indexer::QUIET`], and only while no rebuild holds it
/// ([`Indexer::hold`]): a rebuild stops an index being made and has both
/// cores to itself. The indexer holds the site only while it indexes; a
/// site it held would have to be copied by the edit ([`Arc::make_mut`]),
/// which at 100,000 models costs more than the edit.
pub struct Indexer {
    tx: Sender<Weak<crate::site::Site>>,
    shared: Arc<Shared>,
}

/// What a rebuild and the indexing thread share.
#[derive(Default)]
struct Shared {
    /// Set while a rebuild runs: the index being made is dropped, and no
    /// other is begun.
    stop: AtomicBool,
    /// Whether the indexing thread holds a site.
    indexing: Mutex<bool>,
    /// Signalled when it lets go of it.
    idle: Condvar,
}

/// A rebuild's hold on the [`Indexer`]; indexing may go on once it is
/// dropped.
pub struct Held<'a> {
    shared: &'a Shared,
    /// How long the hold waited for an index being made to stop.
    pub waited: Option<std::time::Duration>,
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.shared.stop.store(false, Ordering::Relaxed);
    }
}

impl Indexer {
    /// How long edits must pause before the index is rebuilt.
    pub const QUIET: std::time::Duration = std::time::Duration::from_millis(1000);

    /// Starts the indexing thread (which does nothing when the site turns
    /// search off with `search: false`).
    pub fn start(opts: &BuildOptions, state: Arc<State>, ui: Arc<dyn Report>) -> Indexer {
        let (tx, rx) = channel::<Weak<crate::site::Site>>();
        let opts = opts.clone();
        let shared = Arc::new(Shared::default());
        let theirs = Arc::clone(&shared);
        std::thread::spawn(move || Self::run(&opts, &state, &*ui, &rx, &theirs));
        Indexer { tx, shared }
    }

    /// Asks for a new index of `site`.
    pub fn refresh(&self, site: &Arc<crate::site::Site>) {
        let _ = self.tx.send(Arc::downgrade(site));
    }

    /// Stops the index being made, if any, and waits until the indexing
    /// thread has let go of its site; no index is begun until the hold is
    /// dropped. A stopped index is begun again once edits pause, unless a
    /// newer site was handed over since.
    pub fn hold(&self) -> Held<'_> {
        let start = Instant::now();
        self.shared.stop.store(true, Ordering::Relaxed);
        let mut indexing = lock(&self.shared.indexing);
        let waited = (*indexing).then(|| {
            while *indexing {
                indexing = self
                    .shared
                    .idle
                    .wait(indexing)
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
            }
            start.elapsed()
        });
        Held {
            shared: &self.shared,
            waited,
        }
    }

    fn run(
        opts: &BuildOptions,
        state: &State,
        ui: &dyn Report,
        rx: &Receiver<Weak<crate::site::Site>>,
        shared: &Shared,
    ) {
        use std::sync::mpsc::RecvTimeoutError;
        // A site whose index was stopped or not begun, to index when the
        // rebuild that held it is done (unless a newer one comes).
        let mut pending: Option<Weak<crate::site::Site>> = None;
        loop {
            let mut latest = match pending.take() {
                Some(w) => w,
                None => match rx.recv() {
                    Ok(w) => w,
                    Err(_) => return,
                },
            };
            // Wait for the edits to pause; keep only the newest site.
            loop {
                match rx.recv_timeout(Self::QUIET) {
                    Ok(newer) => latest = newer,
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            // Taken under the lock, so that a hold either sees it taken or
            // is seen here.
            let site = {
                let mut indexing = lock(&shared.indexing);
                if shared.stop.load(Ordering::Relaxed) {
                    pending = Some(latest);
                    continue;
                }
                // Gone: replaced since (a newer one is on its way).
                let Some(site) = latest.upgrade() else {
                    continue;
                };
                *indexing = true;
                site
            };
            let start = Instant::now();
            let sink = MemorySink::new();
            let mut diags = Diagnostics::new();
            let stats = crate::index_search(opts, &site, &sink, None, &shared.stop, &mut diags);
            // Read before letting go: a hold waits for that, and may clear
            // the flag as soon as its rebuild is done.
            let stopped = stats.is_none() && shared.stop.load(Ordering::Relaxed);
            drop(site);
            *lock(&shared.indexing) = false;
            shared.idle.notify_all();
            if diags.has_errors() {
                ui.diagnostics(&diags, &opts.dir);
                continue;
            }
            match stats {
                Some(s) => {
                    state.publish_index(sink.finish());
                    ui.detail(
                        &Msg::new("serve-index-done")
                            .arg("records", s.records)
                            .arg("files", s.files)
                            .arg("ms", start.elapsed().as_millis() as u64),
                    );
                }
                // Stopped for an edit: to be begun again.
                None if stopped => {
                    ui.detail(
                        &Msg::new("serve-index-stopped")
                            .arg("ms", start.elapsed().as_millis() as u64),
                    );
                    pending = Some(latest);
                }
                // The site turns search off.
                None => {}
            }
        }
    }
}

/// Locks `m`, also after a thread panicked holding it (a bool cannot be
/// left half written).
pub(super) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
