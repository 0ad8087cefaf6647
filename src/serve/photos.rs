//! Photos in `kheo serve`: a rebuild takes what the cache holds and
//! leaves the rest pending ([`crate::images::prepare_later`]; their pages
//! show the files as they are meanwhile). [`Photos::encode`] encodes
//! those on a thread of its own, then asks the watcher for a rebuild,
//! which finds them in the cache: a page reload never waits for an
//! encoder.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::Report;
use super::watch::Poke;
use crate::l10n::Msg;

/// The photos being encoded, and those tried.
#[derive(Default)]
pub struct Photos {
    /// Keys encoded on the side, with their warnings (see
    /// [`crate::images::Later`]).
    tried: Arc<Mutex<crate::images::Tried>>,
    /// Whether an encoder runs.
    busy: Arc<AtomicBool>,
    /// How to ask for the rebuild that follows (none in tests).
    pub poke: Option<Poke>,
    /// Where to say what was encoded (none in tests).
    pub ui: Option<Arc<dyn Report>>,
}

impl Photos {
    /// The keys tried so far.
    pub fn tried(&self) -> crate::images::Tried {
        super::indexer::lock(&self.tried).clone()
    }

    /// Encodes the `pending` sources of the site in `dir` at `widths`,
    /// unless an encoder runs already (the rebuild that follows it leaves
    /// what is still pending for the next).
    pub fn encode(&self, dir: PathBuf, widths: Vec<u32>, pending: Vec<PathBuf>) {
        if pending.is_empty() || self.busy.swap(true, Ordering::AcqRel) {
            return;
        }
        let (tried, busy, poke, ui) = (
            Arc::clone(&self.tried),
            Arc::clone(&self.busy),
            self.poke.clone(),
            self.ui.clone(),
        );
        let spawned = std::thread::Builder::new().spawn(move || {
            let start = Instant::now();
            let keys = crate::images::encode_pending(&dir, &widths, &pending);
            super::indexer::lock(&tried).extend(keys);
            busy.store(false, Ordering::Release);
            if let Some(ui) = ui {
                ui.detail(
                    &Msg::new("serve-photos-encoded")
                        .arg("count", pending.len())
                        .arg("ms", start.elapsed().as_millis() as u64),
                );
            }
            if let Some(p) = poke {
                let first = &pending[0];
                p.poke(first.strip_prefix(&dir).unwrap_or(first));
            }
        });
        if spawned.is_err() {
            self.busy.store(false, Ordering::Release);
        }
    }
}
