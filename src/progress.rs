//! How far a build is, for a progress bar: the stage and how many of its
//! items are done. The build counts as it goes (loading counts entry
//! files, rendering counts pages) into the [`Progress`] its options carry;
//! `kheo build` reads it from another thread ([`crate::cli`]'s progress
//! bar). Each build has its own: builds running at the same time in one
//! process (tests) do not share one.

use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};

/// The stages a bar can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Idle,
    Loading,
    Rendering,
    Indexing,
    Photos,
}

/// One build's progress: written by the build, read by a bar.
#[derive(Debug, Default)]
pub struct Progress {
    stage: AtomicU8,
    done: AtomicUsize,
    total: AtomicUsize,
}

impl Progress {
    /// Starts a stage of `total` items.
    pub fn start(&self, stage: Stage, total: usize) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
        self.stage.store(stage as u8, Ordering::Relaxed);
    }

    /// One more item done.
    pub fn tick(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// `n` items of the current stage done at once.
    pub fn advance(&self, n: usize) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }

    /// The current stage, items done and total.
    pub fn get(&self) -> (Stage, usize, usize) {
        let stage = match self.stage.load(Ordering::Relaxed) {
            1 => Stage::Loading,
            2 => Stage::Rendering,
            3 => Stage::Indexing,
            4 => Stage::Photos,
            _ => Stage::Idle,
        };
        (
            stage,
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

/// A wall-clock timeline of a build's stages on standard error, for
/// profiling: `KHEO_TRACE=1 kheo build …` prints each stage's start and
/// length in milliseconds since the first span. Off (and free) otherwise.
pub mod trace {
    use std::sync::OnceLock;
    use std::time::Instant;

    fn origin() -> Option<&'static Instant> {
        static ORIGIN: OnceLock<Option<Instant>> = OnceLock::new();
        ORIGIN
            .get_or_init(|| std::env::var_os("KHEO_TRACE").map(|_| Instant::now()))
            .as_ref()
    }

    /// A stage being timed; printed when dropped.
    pub struct Span(Option<(&'static str, Instant)>);

    /// Prints a line of the timeline (made only when tracing).
    pub fn note(line: impl FnOnce() -> String) {
        if origin().is_some() {
            eprintln!("[trace] {}", line());
        }
    }

    /// Times the stage `name` until the span is dropped.
    pub fn span(name: &'static str) -> Span {
        Span(origin().map(|_| (name, Instant::now())))
    }

    impl Drop for Span {
        fn drop(&mut self) {
            if let (Some((name, start)), Some(origin)) = (self.0, origin()) {
                let at = start.duration_since(*origin).as_secs_f64() * 1e3;
                let took = start.elapsed().as_secs_f64() * 1e3;
                eprintln!("[trace] {at:8.1} ms +{took:7.1} ms  {name}");
            }
        }
    }
}
