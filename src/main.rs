//! The `kheo` command: parses arguments, runs the command (`kheo::cli`),
//! and maps its outcome to the exit status, here and only here:
//! 0 success, 1 content errors (or a refused command), 2 usage errors.

use std::process::ExitCode;

use clap::Parser;

use kheo::cli::{Cli, Outcome};

/// mimalloc instead of the system allocator: a build allocates millions of
/// small strings and vectors on every core, and glibc's allocator spent a
/// tenth of a one-edit rebuild of a national site in `malloc`, `free` and
/// their consolidation (benches/runs/HISTORY.md). Not on macOS (Cargo.toml).
#[cfg(not(target_os = "macos"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // No input may make kheo panic; if a bug does, say so in one line
    // instead of a backtrace.
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "error: kheo stopped on an internal error{at}; this is a bug in kheo, not in your site: please report it with the file you were editing"
        );
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match std::panic::catch_unwind(|| kheo::cli::run(cli)) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::ContentErrors) => ExitCode::from(1),
        Ok(Outcome::Refused(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(1)
        }
        Ok(Outcome::Usage(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
        Err(_) => ExitCode::from(1),
    }
}
