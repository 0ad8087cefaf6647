//! `kheo build [DIR] [-o OUT] [--base-url URL] [--drafts] [--recheck]
//! [--wipe-output]`.

use std::path::PathBuf;

use super::{Outcome, Ui, progress, site_dir, summary};
use crate::BuildOptions;
use crate::l10n::Msg;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Output folder (default DIR/public).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Base URL of the published site, e.g. https://example.org/dvk/
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include entries marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Check every output file, and write again any deleted or changed by
    /// hand (after a crash, or hand edits in the output).
    #[arg(long)]
    pub recheck: bool,
    /// DELETE everything in the output folder, even files kheo did not
    /// write, and build there.
    #[arg(long)]
    pub wipe_output: bool,
    /// Replaced by --recheck and --wipe-output.
    #[arg(long, hide = true)]
    pub force: bool,
    /// Skip the search index, for a faster preview.
    #[arg(long)]
    pub no_search: bool,
    /// Stop on warnings too (dead links, missing images, personal data):
    /// nothing doubtful is published.
    #[arg(long)]
    pub strict: bool,
}

pub fn run(args: Args, ui: &Ui) -> Outcome {
    if let Err(o) = site_dir(&args.dir) {
        return o;
    }
    if args.force {
        return Outcome::Usage(Msg::new("force-gone"));
    }
    let opts = BuildOptions {
        dir: args.dir.clone(),
        out: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
        recheck: args.recheck,
        wipe_output: args.wipe_output,
        no_search: args.no_search,
        strict: args.strict,
        ..BuildOptions::default()
    };
    ui.detail(
        Msg::new("build-start")
            .path("dir", &opts.dir)
            .path("out", &opts.out_dir()),
    );
    let report = progress::run(ui, "progress-building", &opts.progress, || {
        crate::build(&opts)
    });
    ui.diagnostics(&report.diags, &opts.dir);
    if !report.ok() {
        ui.info(if report.diags.has_errors() {
            Msg::new("build-failed")
        } else {
            Msg::new("build-failed-strict")
        });
        return Outcome::ContentErrors;
    }
    let c = report.changes;
    if c.ignored_manifest {
        ui.detail(Msg::new("build-manifest-ignored").arg("marker", crate::output::MARKER));
    }
    let how = if report.stats.bodies_only {
        "bodies-only"
    } else if report.stats.one_model {
        "one-model"
    } else {
        "all"
    };
    ui.detail(
        Msg::new("build-parsed")
            .arg("count", report.parsed)
            .arg("how", how),
    );
    ui.detail(
        Msg::new("build-files")
            .arg("files", report.stats.files)
            .arg("written", c.written)
            .arg("unchanged", c.unchanged)
            .arg("removed", c.removed),
    );
    ui.info(summary(ui, "built", &report).path("out", &opts.out_dir()));
    Outcome::Success
}
