//! `kheo build [DIR] [-o OUT] [--base-url URL] [--drafts] [--force]`.

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
    /// Replace an output folder kheo did not create; in kheo's own output,
    /// check every file (one deleted or changed by hand is written again).
    #[arg(long)]
    pub force: bool,
    /// Skip the search index, for a faster preview.
    #[arg(long)]
    pub no_search: bool,
}

pub fn run(args: Args, ui: &Ui) -> Outcome {
    if let Err(o) = site_dir(&args.dir) {
        return o;
    }
    let opts = BuildOptions {
        dir: args.dir.clone(),
        out: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
        force: args.force,
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
