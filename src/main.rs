//! The `kheo` command: parses arguments, calls the library, and maps the
//! outcome to an exit status in one place: 0 success, 1 content errors,
//! 2 usage errors.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use kheo::{BuildOptions, Report};

#[derive(Parser)]
#[command(
    name = "kheo",
    version,
    about = "Static site generator for the models and awards of the “Dân vận khéo” movement"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site in DIR into OUT (default DIR/public).
    Build {
        /// The site folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output folder.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Base URL of the published site, e.g. https://example.org/dvk/
        #[arg(long)]
        base_url: Option<String>,
        /// Include entries marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Replace an output folder kheo did not create.
        #[arg(long)]
        force: bool,
    },
    /// Build the site and serve it on 127.0.0.1 for preview.
    Serve {
        #[arg(default_value = ".")]
        dir: PathBuf,
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[arg(long)]
        drafts: bool,
    },
    /// Validate everything a build would, and write nothing.
    Check {
        #[arg(default_value = ".")]
        dir: PathBuf,
        #[arg(long)]
        drafts: bool,
    },
}

fn finish(report: &Report, dir: &std::path::Path, verb: &str) -> ExitCode {
    eprint!("{}", report.diags.report(dir));
    if report.ok() {
        eprintln!(
            "{verb}: {} models, {} awards, {} pages in {} ms",
            report.models,
            report.awards,
            report.stats.pages,
            report.elapsed.as_millis()
        );
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            dir,
            output,
            base_url,
            drafts,
            force,
        } => {
            if let Err(e) = kheo::check_site_dir(&dir) {
                return usage(&e.0);
            }
            let opts = BuildOptions {
                dir: dir.clone(),
                out: output,
                base_url,
                drafts,
                force,
            };
            let report = kheo::build(&opts);
            let code = finish(&report, &dir, "built");
            if report.ok() {
                eprintln!("output: {}", opts.out_dir().display());
            }
            code
        }
        Command::Check { dir, drafts } => {
            if let Err(e) = kheo::check_site_dir(&dir) {
                return usage(&e.0);
            }
            let report = kheo::check(&BuildOptions {
                dir: dir.clone(),
                drafts,
                ..BuildOptions::default()
            });
            finish(&report, &dir, "checked")
        }
        Command::Serve {
            dir,
            port,
            bind,
            output,
            drafts,
        } => {
            if let Err(e) = kheo::check_site_dir(&dir) {
                return usage(&e.0);
            }
            let listener = match std::net::TcpListener::bind((bind.as_str(), port)) {
                Ok(l) => l,
                Err(e) => {
                    return usage(&format!("cannot listen on {bind}:{port}: {e} (try --port)"));
                }
            };
            let addr = listener
                .local_addr()
                .map(|a| a.to_string())
                .unwrap_or_else(|_| format!("{bind}:{port}"));
            let opts = BuildOptions {
                dir: dir.clone(),
                out: output,
                base_url: Some(format!("http://{addr}/")),
                drafts,
                force: false,
            };
            let report = kheo::build(&opts);
            let code = finish(&report, &dir, "built");
            if !report.ok() {
                return code;
            }
            eprintln!(
                "serving {} at http://{addr}/ (Ctrl+C to stop)",
                opts.out_dir().display()
            );
            kheo::serve::serve_forever(listener, opts.out_dir());
            ExitCode::SUCCESS
        }
    }
}
