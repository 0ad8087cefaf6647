//! `kheo build [DIR] [-o OUT] [--base-url URL] [--drafts] [--recheck]
//! [--wipe-output]`.

use std::path::PathBuf;

use super::{Outcome, Ui, progress, site_dir, summary};
use crate::BuildOptions;

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
}

pub fn run(args: Args, ui: &Ui) -> Outcome {
    if let Err(o) = site_dir(&args.dir) {
        return o;
    }
    if args.force {
        return Outcome::Usage(
            "--force is gone: it meant two things, one of them destructive\n  help: --recheck checks every output file and writes again any deleted or changed by hand; --wipe-output deletes everything in an output folder kheo did not make".into(),
        );
    }
    let opts = BuildOptions {
        dir: args.dir.clone(),
        out: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
        recheck: args.recheck,
        wipe_output: args.wipe_output,
        no_search: args.no_search,
    };
    ui.detail(format!(
        "building {} into {}",
        opts.dir.display(),
        opts.out_dir().display()
    ));
    let report = progress::run(ui, "building", || crate::build(&opts));
    ui.diagnostics(&report.diags, &opts.dir);
    if !report.ok() {
        ui.info("build failed: the previous output, if any, is left as it was");
        return Outcome::ContentErrors;
    }
    let c = report.changes;
    if c.ignored_manifest {
        ui.detail(format!(
            "the output's {} could not be read or named a file outside the output: it was ignored and the output built anew",
            crate::output::MARKER
        ));
    }
    ui.detail(format!(
        "{} entry files parsed anew (the others came from the cache in .kheo/){}",
        report.parsed,
        if report.stats.bodies_only {
            "; only their bodies can have changed, so only their pages were rendered"
        } else if report.stats.one_model {
            "; one model changed in place, so only the pages that can show it were looked at"
        } else {
            ""
        }
    ));
    ui.detail(format!(
        "{} files: {} written, {} unchanged, {} removed",
        report.stats.files, c.written, c.unchanged, c.removed
    ));
    ui.info(format!(
        "built {} → {}",
        summary(&report),
        opts.out_dir().display()
    ));
    Outcome::Success
}
