//! Progress for long runs: nothing for the first second (most builds are
//! done by then), then a bar on stderr with the stage, items done out of
//! the stage's total and the elapsed time (from [`crate::progress`]); only
//! on a terminal and without `--quiet`. A stage without a count (the search
//! index) shows as a spinner.

use std::sync::mpsc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use super::Ui;
use crate::progress::{Progress, Stage};

/// Runs `work` on this thread; shows how far `progress` is (a spinner
/// labelled with message `label` between stages) if it takes longer than
/// a second.
pub fn run<T>(ui: &Ui, label: &'static str, progress: &Progress, work: impl FnOnce() -> T) -> T {
    if ui.quiet || !ui.tty {
        return work();
    }
    let (done, wait) = mpsc::channel::<()>();
    std::thread::scope(|s| {
        s.spawn(move || {
            if wait.recv_timeout(Duration::from_secs(1)) != Err(mpsc::RecvTimeoutError::Timeout) {
                return;
            }
            let bar = ProgressBar::new(0);
            let counted =
                ProgressStyle::with_template("{msg:>12} [{bar:30}] {pos}/{len} {elapsed}")
                    .map(|s| s.progress_chars("=> "));
            let spinner = ProgressStyle::with_template("{spinner} {msg} {elapsed}");
            let mut shown = None;
            loop {
                let (stage, done, total) = progress.get();
                let msg = match stage {
                    Stage::Loading => ui.msgs.get("progress-loading"),
                    Stage::Rendering => ui.msgs.get("progress-rendering"),
                    Stage::Indexing => ui.msgs.get("progress-indexing"),
                    Stage::Photos => ui.msgs.get("progress-photos"),
                    Stage::Idle => ui.msgs.get(label),
                };
                if shown != Some((stage, total)) {
                    let style = if total > 0 { &counted } else { &spinner };
                    if let Ok(style) = style {
                        bar.set_style(style.clone());
                    }
                    bar.set_length(total as u64);
                    bar.set_message(msg);
                    shown = Some((stage, total));
                }
                bar.set_position(done.min(total) as u64);
                bar.tick();
                match wait.recv_timeout(Duration::from_millis(100)) {
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    _ => break,
                }
            }
            bar.finish_and_clear();
        });
        let out = work();
        let _ = done.send(());
        out
    })
}
