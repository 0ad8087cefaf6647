//! `kheo check [DIR] [--drafts]`: everything a build validates (pages are
//! rendered into a sink that keeps only the paths; after a build of the
//! same inputs, only the pages of the bodies edited since), then the lints
//! of [`crate::lint`]: links and images in entries, personal data in
//! public text. Writes nothing. Exit 1 on errors; warnings alone exit 0.

use std::path::PathBuf;
use std::time::Instant;

use super::{Outcome, Ui, progress, site_dir, summary};
use crate::diag::Diagnostics;
use crate::l10n::Msg;
use crate::{BuildOptions, Report, lint};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Check entries marked `draft: true` as if published.
    #[arg(long)]
    pub drafts: bool,
    /// Count warnings as errors (exit 1 on any).
    #[arg(long)]
    pub strict: bool,
    /// Output folder of the last build (default DIR/public): pages whose
    /// inputs did not change since it are not rendered again.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Checks the site in `opts.dir`: the build's validation plus the lints.
pub fn check(opts: &BuildOptions) -> Report {
    let start = Instant::now();
    let mut diags = Diagnostics::new();
    let mut site = crate::load_site(opts, &mut diags);
    // Bad photos are found only by decoding them; encoding them would
    // write the cache, and a check writes nothing.
    site.images = crate::images::prepare_check(&opts.dir, &site, &opts.progress, &mut diags);
    // A page whose inputs are those the last build rendered it from
    // renders as it did then: only the others need rendering to be checked.
    let out = opts.out_dir();
    let last = crate::output::stored_summary(&out)
        .map(|(s, _)| s)
        .zip(crate::output::recorded_paths(&out));
    let (sink, last) = match last {
        Some((summary, paths)) => (lint::PathSink::after(paths), Some(summary)),
        None => (lint::PathSink::new(), None),
    };
    let stats = crate::render_since(opts, &site, &sink, last.as_ref(), &mut diags);
    // Without rendered pages every link would look broken: check links
    // only when rendering went through.
    if stats.pages > 0 {
        lint::check_links(&site, &opts.dir, &sink.into_paths(), &mut diags);
    }
    lint::check_privacy(&opts.dir, &mut diags);
    Report {
        diags,
        stats,
        changes: crate::output::Changes::default(),
        models: site.models.len(),
        awards: site.awards.len(),
        parsed: site.loading.parsed,
        elapsed: start.elapsed(),
        strict: opts.strict || site.config.strict,
    }
}

pub fn run(args: Args, ui: &Ui) -> Outcome {
    if let Err(o) = site_dir(&args.dir) {
        return o;
    }
    let opts = BuildOptions {
        dir: args.dir.clone(),
        out: args.output.clone(),
        drafts: args.drafts,
        strict: args.strict,
        ..BuildOptions::default()
    };
    let report = progress::run(ui, "progress-checking", &opts.progress, || check(&opts));
    ui.diagnostics(&report.diags, &opts.dir);
    if report.diags.is_empty() {
        ui.info(summary(ui, "checked-clean", &report));
    } else {
        ui.info(summary(ui, "checked", &report));
    }
    if !report.ok() && !report.diags.has_errors() {
        ui.info(Msg::new("check-failed-strict"));
    }
    if report.ok() {
        Outcome::Success
    } else {
        Outcome::ContentErrors
    }
}
