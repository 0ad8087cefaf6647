//! Progress for long runs: nothing for the first second (most builds are
//! done by then), then a spinner with the elapsed time on stderr, and only
//! on a terminal and without `--quiet`.
//!
//! The build does not report its own progress yet, so this shows that work
//! is going on, not how much is left.

use std::sync::mpsc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use super::Ui;

/// Runs `work` on this thread; shows a spinner labelled `label` if it takes
/// longer than a second.
pub fn run<T>(ui: &Ui, label: &str, work: impl FnOnce() -> T) -> T {
    if ui.quiet || !ui.tty {
        return work();
    }
    let (done, wait) = mpsc::channel::<()>();
    std::thread::scope(|s| {
        s.spawn(move || {
            if wait.recv_timeout(Duration::from_secs(1)) != Err(mpsc::RecvTimeoutError::Timeout) {
                return;
            }
            let bar = ProgressBar::new_spinner();
            if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} {elapsed}") {
                bar.set_style(style);
            }
            bar.set_message(label.to_string());
            bar.enable_steady_tick(Duration::from_millis(100));
            let _ = wait.recv();
            bar.finish_and_clear();
        });
        let out = work();
        let _ = done.send(());
        out
    })
}
