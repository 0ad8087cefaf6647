//! The `kheo` command: parses arguments, runs the command (`kheo::cli`),
//! and maps its outcome to the exit status, here and only here:
//! 0 success, 1 content errors (or a refused command), 2 usage errors.

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use kheo::cli::{Cli, Outcome, Ui};
use kheo::l10n::{Lang, Messages};

/// mimalloc instead of the system allocator: a build allocates millions of
/// small strings and vectors on every core, and glibc's allocator spent a
/// good part of a one-edit rebuild of a national site in `malloc`, `free`
/// and their consolidation (benches/runs/HISTORY.md). Not on macOS
/// (Cargo.toml).
#[cfg(not(target_os = "macos"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // The help speaks the language of the site in the current folder, or
    // of the environment; the command then speaks its own site's.
    let help = Messages::new(Lang::for_site(std::path::Path::new(".")));
    let parsed = kheo::l10n::cli::localize(Cli::command(), &help)
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            match kheo::l10n::cli::error(&e, &help) {
                Some(said) => eprintln!("{said}"),
                None => {
                    let _ = e.print();
                }
            }
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let ui = Ui::new(cli.quiet, cli.verbose, cli.lang());
    // No input may make kheo panic; if a bug does, say so in one line
    // instead of a backtrace.
    let msgs = ui.msgs.clone();
    std::panic::set_hook(Box::new(move |info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "{}: {}",
            msgs.get("label-error"),
            msgs.text(&kheo::l10n::Msg::new("internal-error").arg("at", at))
        );
    }));
    // The catalogue is only read: what a panic leaves of it is fine to print with.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| kheo::cli::run(cli, &ui))) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::ContentErrors) => ExitCode::from(1),
        Ok(Outcome::Refused(msg)) => {
            eprintln!("{}", ui.refusal(&msg));
            ExitCode::from(1)
        }
        Ok(Outcome::Usage(msg)) => {
            eprintln!("{}", ui.refusal(&msg));
            ExitCode::from(2)
        }
        Err(_) => ExitCode::from(1),
    }
}
