//! kheo: a static site generator for the models and awards of the
//! "Dân vận khéo" movement.
//!
//! The build is a pipeline of stages, each a module:
//!
//! 1. **discover + parse** — [`content`]: walk `content/`, split front matter,
//!    `RawModel` → [`content::Model`] (typed, checked), awards, pages.
//! 2. **resolve** — [`locality`]: written localities → one tree of units.
//! 3. **index** — [`site`]: models by locality, field, year; awards ⇄ models;
//!    the route table.
//! 4. **render** — [`render`]: view structs through Tera templates; never
//!    reads content from disk and never writes.
//! 5. **write** — [`output`]: a staging folder swapped in on success.
//!
//! [`config`] reads `site.yaml`, [`diag`] collects every problem of a run,
//! [`text`] holds the Vietnamese text functions (NFC, matching keys, slugs,
//! collation), [`markdown`] the Markdown chain, [`serve`] the preview server,
//! [`lint`] the checks only `kheo check` runs, [`edit`] the browser editor's
//! library (schema, type-ahead, saving forms into files), [`cli`] the commands.

pub mod cli;
pub mod config;
pub mod content;
pub mod diag;
pub mod edit;
pub mod fingerprint;
pub mod images;
pub mod l10n;
pub mod lint;
pub mod locality;
pub mod markdown;
mod one_edit;
pub mod output;
pub mod progress;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
#[cfg(test)]
mod testing;
pub mod text;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use config::SiteConfig;
use diag::{Diagnostic, Diagnostics};
use one_edit::{EditSince, edit_since};
use render::{Renderer, Sink, Stats, theme::Theme};
use site::Site;

/// What `kheo build` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder.
    pub dir: PathBuf,
    /// Output folder (default `<dir>/public`).
    pub out: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Replace a non-empty output folder kheo did not create (`--wipe-output`).
    pub wipe_output: bool,
    /// Ignore what the last build recorded: check every output file and
    /// write again any deleted or changed by hand (`--recheck`).
    pub recheck: bool,
    /// Skip the search index (`--no-search`; `search: false` in `site.yaml`
    /// skips it too).
    pub no_search: bool,
    /// Warnings stop the build (`--strict`; `strict: true` in `site.yaml`
    /// does too).
    pub strict: bool,
    /// How far the build is, for a progress bar.
    pub progress: std::sync::Arc<progress::Progress>,
}

impl BuildOptions {
    pub fn out_dir(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.dir.join("public"))
    }
}

/// The outcome of a build or a check.
#[derive(Debug)]
pub struct Report {
    pub diags: Diagnostics,
    pub stats: Stats,
    /// Files written, left as they were, and removed in the output.
    pub changes: output::Changes,
    pub models: usize,
    pub awards: usize,
    /// Entry files read and parsed (the others came from the cache of
    /// parsed entries; none at all when nothing changed).
    pub parsed: usize,
    pub elapsed: Duration,
    /// Warnings count as errors ([`BuildOptions::strict`]).
    pub strict: bool,
}

impl Report {
    /// No errors, and no warnings when warnings are fatal.
    pub fn ok(&self) -> bool {
        !(self.diags.has_errors() || self.strict && self.diags.warning_count() > 0)
    }
}

/// Stages 1–3: configuration, content and indexes. Reuses the cache of
/// parsed entries but does not update it (see [`content::cache`]).
pub fn load_site(opts: &BuildOptions, diags: &mut Diagnostics) -> Site {
    load_site_with(opts, content::CacheUse::Read, None, diags)
}

/// [`load_site`], with the cache used as `cache` says, and the walk of
/// `content/` already made by [`fingerprint::scan`] if there is one.
pub fn load_site_with(
    opts: &BuildOptions,
    cache: content::CacheUse,
    found: Option<&[fingerprint::Found]>,
    diags: &mut Diagnostics,
) -> Site {
    let mut cfg = SiteConfig::load(&opts.dir, diags);
    if let Some(url) = &opts.base_url {
        match config::base_url_problem(url) {
            Some(_) => diags.push(plain_error(
                l10n::Msg::new("base-url-flag-bad").arg("value", url.as_str()),
            )),
            None => cfg.base_url = config::normalize_base_url(url),
        }
    }
    let md = cfg.markdown_options();
    let content = {
        let _t = progress::trace::span("load: content (cache, parse)");
        content::load(opts, &cfg, &md, cache, found, diags)
    };
    let _t = progress::trace::span("index: Site::build");
    Site::build(cfg, content, diags)
}

/// What `kheo serve` gives a render: every model's hash (it keeps them,
/// see [`Renderer::with_model_hashes`]), its session, and what to do once
/// everything but the open data is written.
struct Serving<'a> {
    hashes: Vec<u64>,
    session: &'a render::Session,
    pages_done: &'a mut dyn FnMut(),
}

/// [`render_since`], in `serve`'s session ([`Serving`]), or with an
/// [`EditSince`]; also returns the
/// shape of the site's set of pages ([`Renderer::shape`], 0 when nothing
/// rendered).
fn render_with(
    opts: &BuildOptions,
    site: &Site,
    sink: &dyn Sink,
    last: Option<&output::Summary>,
    serving: Option<Serving<'_>>,
    since: Option<EditSince>,
    diags: &mut Diagnostics,
) -> (Stats, u64) {
    let mut nothing = || {};
    let (hashes, session, pages_done): (_, _, &mut dyn FnMut()) = match serving {
        Some(s) => (Some(s.hashes), Some(s.session), s.pages_done),
        None => (None, None, &mut nothing),
    };
    // The shape is for `serve` and for an edit's pages; other builds
    // need not list every page twice.
    let wants_shape = hashes.is_some() || since.is_some();
    let (theme, hashes, since) = match since {
        Some(s) => (Ok(s.theme), Some(s.hashes), Some((s.edit, s.shape))),
        None => (Theme::load(&opts.dir, &site.config.theme), hashes, None),
    };
    let theme = match theme {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return (Stats::default(), 0);
        }
    };
    let _t = progress::trace::span("render: Renderer::new (templates, hashes)");
    let made = match hashes {
        Some(h) => Renderer::with_model_hashes(site, &theme, h, session),
        None => Renderer::new(site, &theme),
    };
    let renderer = match made {
        Ok(r) => r,
        Err(ds) => {
            diags.extend(ds);
            return (Stats::default(), 0);
        }
    };
    drop(_t);
    let shape = if wants_shape { renderer.shape() } else { 0 };
    // Everything but bodies as the last build of this output saw it, from
    // the same parse cache: only the models read anew can differ (in their
    // bodies), so only their pages are looked at.
    let bodies = match last {
        Some(last)
            if site.loading.cache_id != 0
                && last.cache == site.loading.cache_id
                && last.state == renderer.state() =>
        {
            let anew: std::collections::HashSet<&Path> = site
                .loading
                .models_anew
                .iter()
                .map(PathBuf::as_path)
                .collect();
            Some(
                (0..site.models.len())
                    .filter(|&i| anew.contains(site.models[i].path.as_path()))
                    .collect::<std::collections::HashSet<usize>>(),
            )
        }
        _ => None,
    };
    let look = match (&bodies, &since) {
        (Some(models), _) => render::Look::Bodies(models),
        (None, Some((edit, before))) if *before == renderer.shape_before(edit) => {
            render::Look::Edit(edit)
        }
        _ => render::Look::All,
    };
    match renderer.render_all(&theme, sink, look, &opts.progress, pages_done) {
        Ok(stats) => (stats, shape),
        Err(ds) => {
            diags.extend(ds);
            (Stats::default(), 0)
        }
    }
}

/// Stage 4 alone: renders an already loaded site into any sink. For callers
/// that keep the site or the pages: `kheo check` (lints over the site and
/// the list of written paths) and `kheo serve` (pages kept in memory).
pub fn render_site(
    opts: &BuildOptions,
    site: &Site,
    sink: &dyn Sink,
    diags: &mut Diagnostics,
) -> Stats {
    render_since(opts, site, sink, None, diags)
}

/// [`render_site`] after the last build of an output, whose summary is
/// `last`: when this site has the same inputs but for the bodies of the
/// models read anew, only their pages are rendered, and the others are
/// taken from the sink as that build wrote them ([`Sink::keep_as_was`]).
/// `kheo check` after a build: the pages that rendered then render now.
pub fn render_since(
    opts: &BuildOptions,
    site: &Site,
    sink: &dyn Sink,
    last: Option<&output::Summary>,
    diags: &mut Diagnostics,
) -> Stats {
    render_with(opts, site, sink, last, None, None, diags).0
}

/// [`render_site`] for `kheo serve`, in its session, with every model's
/// hash given (see [`Renderer::with_model_hashes`]): it keeps them, and
/// the returned shape of the site's pages ([`Renderer::shape`]), for the
/// next edit; `pages_done` is called once everything but the open data
/// is in `sink`.
pub fn render_site_with(
    opts: &BuildOptions,
    site: &Site,
    sink: &dyn Sink,
    hashes: Vec<u64>,
    session: &render::Session,
    pages_done: &mut dyn FnMut(),
    diags: &mut Diagnostics,
) -> (Stats, u64) {
    let serving = Serving {
        hashes,
        session,
        pages_done,
    };
    render_with(opts, site, sink, None, Some(serving), None, diags)
}

/// Writes the search index of `/tim-kiem/` (see [`search`]) into `sink`,
/// unless `--no-search` or `search: false` turn it off, or `stop` is set
/// before it is done (`kheo serve` stops its indexer for an edit). `build`
/// calls it after rendering; `kheo serve` on its own schedule.
pub fn index_search(
    opts: &BuildOptions,
    site: &Site,
    sink: &dyn Sink,
    since: Option<search::Since>,
    stop: &std::sync::atomic::AtomicBool,
    diags: &mut Diagnostics,
) -> Option<search::Stats> {
    if opts.no_search || !site.config.search {
        return None;
    }
    opts.progress.start(progress::Stage::Indexing, 0);
    match search::write_index(site, sink, since, stop) {
        Ok(s) => s,
        Err(ds) => {
            diags.extend(ds);
            None
        }
    }
}

/// Builds the site into its output folder. With any error, the previous
/// output is left untouched.
pub fn build(opts: &BuildOptions) -> Report {
    let start = Instant::now();
    let mut strict = opts.strict;
    let mut diags = Diagnostics::new();
    let out = opts.out_dir();
    if let Err(d) = output::check_target(&opts.dir, &out, opts.wipe_output) {
        diags.push(d);
        return Report {
            diags,
            stats: Stats::default(),
            changes: output::Changes::default(),
            models: 0,
            awards: 0,
            parsed: 0,
            elapsed: start.elapsed(),
            strict,
        };
    }
    // Nothing changed since the last build of this output: stop here.
    let scan = {
        let _t = progress::trace::span("scan: walk and fingerprint the inputs");
        fingerprint::scan(opts)
    };
    let fingerprint = scan.fingerprint;
    let last = output::stored_summary(&out).filter(|_| !opts.recheck);
    if let Some((last, files)) = last
        && last.fingerprint == fingerprint
    {
        return Report {
            diags,
            stats: Stats {
                pages: last.pages,
                files,
                state: last.state,
                bodies_only: false,
                one_model: false,
            },
            changes: output::Changes {
                written: 0,
                unchanged: files,
                removed: 0,
                ignored_manifest: false,
            },
            models: last.models,
            awards: last.awards,
            parsed: 0,
            elapsed: start.elapsed(),
            strict,
        };
    }
    // The staging folder and the previous manifest are made ready while
    // the content loads: a one-edit rebuild of a national site reads a
    // 118,000-line manifest, and indexing leaves a core idle.
    let (mut site, staging) = std::thread::scope(|s| {
        let staging = s.spawn(|| {
            let _t = progress::trace::span("output: staging and last manifest (beside the load)");
            output::Staging::begin(&out)
        });
        let site = load_site_with(
            opts,
            content::CacheUse::ReadWrite,
            Some(&scan.content),
            &mut diags,
        );
        let staging = staging
            .join()
            .unwrap_or_else(|_| Err(plain_error("output-thread-failed")));
        (site, staging)
    });
    drop(scan);
    strict |= site.config.strict;
    if !diags.has_errors() {
        let _t = progress::trace::span("photos: read, check and encode (cached)");
        site.images = images::prepare(&opts.dir, &site, &opts.progress, &mut diags);
    }
    let (models, awards, parsed) = (site.models.len(), site.awards.len(), site.loading.parsed);
    let mut stats = Stats::default();
    let mut changes = output::Changes::default();
    if diags.has_errors() {
        if let Ok(staging) = staging {
            staging.abort();
        }
    } else {
        match staging {
            Ok(mut staging) => {
                let last = last.map(|l| l.0);
                let since = {
                    let _t = progress::trace::span("edit_since: the one-model way");
                    let had = |path: &str| staging.last_entry(path).is_some();
                    last.as_ref()
                        .and_then(|l| edit_since(opts, &mut site, l, &had))
                };
                stats = render_with(
                    opts,
                    &site,
                    &staging,
                    last.as_ref(),
                    None,
                    since,
                    &mut diags,
                )
                .0;
                if !diags.has_errors() {
                    let _t = progress::trace::span("render: moved models' redirects");
                    let urls = render::cards::Urls {
                        root: site.config.root_path(),
                        base: site.config.base_url.clone(),
                    };
                    stats.files += render::moved::redirect(
                        &site, &opts.dir, &out, &urls, &staging, &mut diags,
                    );
                }
                // A build is never stopped half way.
                let never = std::sync::atomic::AtomicBool::new(false);
                // The last index can be updated when this build's entries
                // come from the parse cache the last build left.
                let fetch = search::reuse::from_dir(&out);
                let anew: std::collections::HashSet<&Path> = site
                    .loading
                    .entries_anew
                    .iter()
                    .map(PathBuf::as_path)
                    .collect();
                let since = last
                    .as_ref()
                    .filter(|l| site.loading.cache_id != 0 && l.cache == site.loading.cache_id)
                    .map(|_| search::Since {
                        fetch: &fetch,
                        anew: &anew,
                    });
                if !diags.has_errors()
                    && let Some(s) = index_search(opts, &site, &staging, since, &never, &mut diags)
                {
                    stats.files += s.files;
                }
                // What `kheo check` says, `kheo build` says too: dead links,
                // missing images and personal data are warnings (fatal
                // when strict), checked against every file of this build.
                // A link in an unchanged entry resolves as it did unless
                // it pointed at a file this build no longer makes: only
                // the entries read anew and those that may link to such a
                // file are checked (a national site's one-edit rebuild
                // would otherwise read and parse every file again), unless
                // warnings are fatal, when every entry is.
                if !diags.has_errors() {
                    let _t = progress::trace::span("lint: links, images, personal data");
                    let paths = staging.paths();
                    let anew: std::collections::HashSet<PathBuf> =
                        site.loading.entries_anew.iter().cloned().collect();
                    let gone = staging.gone_since_last(&paths, search::DIR);
                    let only = gone
                        .filter(|_| !strict)
                        .and_then(|g| lint::only_after(&site, &opts.dir, &g, &anew));
                    lint::run(&site, &opts.dir, &paths, only.as_ref(), &mut diags);
                }
                staging.set_summary(output::Summary {
                    fingerprint,
                    models,
                    awards,
                    pages: stats.pages,
                    state: stats.state,
                    cache: site.loading.cache_next,
                });
                if diags.has_errors() || strict && diags.warning_count() > 0 {
                    staging.abort();
                } else {
                    let _t = progress::trace::span("output: commit");
                    match staging.commit() {
                        Ok(c) => {
                            changes = c;
                            images::prune(&site.images);
                        }
                        Err(d) => diags.push(d),
                    }
                }
            }
            Err(d) => diags.push(d),
        }
    }
    let elapsed = start.elapsed();
    // The parse cache may still be being written (beside the rendering).
    site.loading.saving.wait();
    // Freeing a national site's entries is a noticeable share of a small
    // rebuild; `kheo build` exits right after and need not wait for it.
    let _ = std::thread::Builder::new().spawn(move || drop(site));
    Report {
        diags,
        stats,
        changes,
        models,
        awards,
        parsed,
        elapsed,
        strict,
    }
}

/// Validates everything a build does, rendering every page, and writes nothing.
pub fn check(opts: &BuildOptions) -> Report {
    let start = Instant::now();
    let mut diags = Diagnostics::new();
    let mut site = load_site(opts, &mut diags);
    site.images = images::prepare_check(&opts.dir, &site, &opts.progress, &mut diags);
    let stats = render_since(opts, &site, &lint::PathSink::new(), None, &mut diags);
    Report {
        diags,
        stats,
        changes: output::Changes::default(),
        models: site.models.len(),
        awards: site.awards.len(),
        parsed: site.loading.parsed,
        elapsed: start.elapsed(),
        strict: opts.strict || site.config.strict,
    }
}

/// A usage problem (bad arguments, missing folder): exit status 2.
#[derive(Debug)]
pub struct UsageError(pub l10n::Msg);

/// Checks that `dir` is a site folder: a folder with `content/` in it.
pub fn check_site_dir(dir: &Path) -> Result<(), UsageError> {
    if !dir.is_dir() {
        return Err(UsageError(l10n::Msg::new("dir-missing").path("dir", dir)));
    }
    if !dir.join("content").is_dir() {
        return Err(UsageError(l10n::Msg::new("dir-not-site").path("dir", dir)));
    }
    Ok(())
}

/// For messages: a diagnostic without a file.
pub fn plain_error(msg: impl Into<l10n::Msg>) -> Diagnostic {
    Diagnostic::error(PathBuf::new(), msg)
}
