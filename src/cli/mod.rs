//! The command line: one module per command, each an `Args` struct (clap)
//! and a `run()` that calls the library and says how it went.
//!
//! This module owns argument parsing, what is printed on the terminal
//! (diagnostics, progress, the summary line) and the [`Outcome`] of a
//! command. It does not exit: `main.rs` maps an outcome to the process's
//! exit status, in one place.

pub mod build;
pub mod check;
pub mod import;
pub mod init;
pub mod new;
mod progress;
pub mod serve;

use std::io::IsTerminal;
use std::path::Path;

use clap::{Parser, Subcommand};

use crate::diag::Diagnostics;
use crate::l10n::{Lang, Messages, Msg};

#[derive(Debug, Parser)]
#[command(
    name = "kheo",
    version,
    about = "Static site generator for the models and awards of the “Dân vận khéo” movement",
    after_help = "Exit status: 0 success, 1 content errors, 2 usage errors."
)]
pub struct Cli {
    /// Print only problems: no progress, no summary.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Say more: folders, timings, what triggered a rebuild.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site in DIR into OUT (default DIR/public).
    Build(build::Args),
    /// Build the site, serve it on 127.0.0.1 and reload the browser on every edit.
    Serve(serve::Args),
    /// Validate everything (content, references, links, images, privacy) and write nothing.
    Check(check::Args),
    /// Write a new model or award from a template.
    #[command(subcommand)]
    New(new::Kind),
    /// Create a new site: site.yaml, content folders, one example model and award.
    Init(init::Args),
    /// Write one model per row of a spreadsheet (.xlsx, .xls, .ods, .csv), never over a file.
    Import(import::Args),
}

impl Command {
    /// The site folder the command works on, when it has one.
    pub fn site_dir(&self) -> Option<&Path> {
        match self {
            Command::Build(a) => Some(&a.dir),
            Command::Serve(a) => Some(&a.dir),
            Command::Check(a) => Some(&a.dir),
            Command::New(k) => Some(k.dir()),
            // Import reads the site in the current folder.
            Command::Import(_) => Some(Path::new(".")),
            // A new site has no site.yaml yet.
            Command::Init(_) => None,
        }
    }
}

impl Cli {
    /// The language to speak: the site's (its `site.yaml`'s `language:`),
    /// else the environment's.
    pub fn lang(&self) -> Lang {
        match self.command.site_dir() {
            Some(dir) => Lang::for_site(dir),
            None => Lang::from_env(),
        }
    }
}

/// How a command went. `main.rs` turns it into the exit status.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Content errors, already printed: exit 1.
    ContentErrors,
    /// The command refused to do its work (e.g. a file exists): exit 1.
    Refused(Msg),
    /// Bad arguments or a missing folder: exit 2.
    Usage(Msg),
}

/// What and how to print, decided once from the flags and the terminal,
/// and in which language.
#[derive(Debug, Clone)]
pub struct Ui {
    pub quiet: bool,
    pub verbose: bool,
    /// ANSI colour in diagnostics: stderr is a terminal and `NO_COLOR` is not set.
    pub color: bool,
    /// stderr is a terminal (progress is shown only then).
    pub tty: bool,
    /// Every sentence printed comes from here.
    pub msgs: Messages,
}

impl Ui {
    pub fn new(quiet: bool, verbose: bool, lang: Lang) -> Ui {
        let tty = std::io::stderr().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
            || std::env::var("TERM").is_ok_and(|t| t == "dumb");
        Ui {
            quiet,
            verbose,
            color: tty && !no_color,
            tty,
            msgs: Messages::new(lang),
        }
    }

    /// Prints every diagnostic and the count, with paths relative to `root`.
    pub fn diagnostics(&self, diags: &Diagnostics, root: &Path) {
        if !diags.is_empty() {
            eprint!("{}", diags.render(root, self.color, &self.msgs));
        }
    }

    /// The text of `msg` in the user's language.
    pub fn text(&self, msg: &Msg) -> String {
        self.msgs.text(msg)
    }

    /// A line of normal output (the summary), unless `--quiet`.
    pub fn info(&self, msg: impl Into<Msg>) {
        if !self.quiet {
            eprintln!("{}", self.text(&msg.into()));
        }
    }

    /// A line shown only with `--verbose`.
    pub fn detail(&self, msg: impl Into<Msg>) {
        if self.verbose {
            eprintln!("{}", self.text(&msg.into()));
        }
    }

    /// `error: …` and its help line, for an outcome that is not content
    /// errors (those are printed as diagnostics).
    pub fn refusal(&self, msg: &Msg) -> String {
        let mut s = format!("{}: {}", self.msgs.get("label-error"), self.text(msg));
        if let Some(help) = self.msgs.help(msg) {
            s.push_str(&format!("\n  {}: {help}", self.msgs.get("label-help")));
        }
        s
    }
}

/// Runs the command line's command, speaking `ui`'s language.
pub fn run(cli: Cli, ui: &Ui) -> Outcome {
    match cli.command {
        Command::Build(a) => build::run(a, ui),
        Command::Serve(a) => serve::run(a, ui),
        Command::Check(a) => check::run(a, ui),
        Command::New(k) => new::run(k, ui),
        Command::Init(a) => init::run(a, ui),
        Command::Import(a) => import::run(a, ui),
    }
}

/// A site folder given on the command line must exist.
fn site_dir(dir: &Path) -> Result<(), Outcome> {
    crate::check_site_dir(dir).map_err(|e| Outcome::Usage(e.0))
}

/// "3 models, 2 awards, 41 pages in 120 ms", as the argument `summary`
/// of the message `id`.
fn summary(ui: &Ui, id: &'static str, report: &crate::Report) -> Msg {
    let counts = ui.text(
        &Msg::new("run-summary")
            .arg("models", report.models)
            .arg("awards", report.awards)
            .arg("pages", report.stats.pages)
            .arg("ms", report.elapsed.as_millis() as u64),
    );
    Msg::new(id).arg("summary", counts)
}
