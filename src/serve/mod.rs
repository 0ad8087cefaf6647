//! `kheo serve`: build, serve on 127.0.0.1, watch, rebuild, reload.
//!
//! The pages of the last good build are kept in memory ([`memory`]) and
//! served by a small HTTP server ([`http`]); nothing is written to disk, so
//! a preview never touches the site's `public/`. An edit under the site's
//! source folders ([`watch`]) starts a rebuild; a good rebuild replaces the
//! pages and reloads every open page, a failed one keeps them and shows its
//! problems in the terminal and over the page ([`live`]).
//!
//! An edit to one model that changes nothing its listings show (the body,
//! results, people, sources below the summary…) re-renders that model's
//! page alone ([`quick_update`]); every other change is a full rebuild
//! (load, index, render). The search index ([`Indexer`]) is built on a
//! thread of its own after the first build and after every edit, so a
//! large site's pages are served and reloaded without waiting for it; an
//! edit stops an index being made, and it starts again once edits pause.

pub mod http;
pub mod live;
pub mod memory;
pub mod watch;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Condvar, Mutex, Weak};
use std::time::Instant;

use crate::BuildOptions;
use crate::cli::Ui;
use crate::diag::Diagnostics;
use live::State;
use memory::{Files, MemorySink};

/// What `kheo serve` is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub dir: PathBuf,
    pub bind: String,
    /// 0 picks a free port.
    pub port: u16,
    pub drafts: bool,
    pub ui: Ui,
}

#[derive(Debug)]
pub enum Error {
    /// The address cannot be listened on, or the folder cannot be watched.
    Usage(String),
}

/// The outcome of one build for serving.
pub struct Built {
    /// The loaded site, for quick updates after the next edit.
    pub site: Option<crate::site::Site>,
    /// The pages, when the build succeeded.
    pub files: Option<Arc<Files>>,
    pub diags: Diagnostics,
    pub models: usize,
    pub awards: usize,
    pub pages: usize,
    /// Of which kept from the previous build, unchanged.
    pub kept: usize,
    pub millis: u128,
    /// Of which loading and indexing (the rest is rendering).
    pub load_millis: u128,
    /// Every model's hash and the shape of the site's pages, for the next
    /// edit ([`edit_update`]).
    pub hashes: Vec<u64>,
    pub shape: u64,
}

/// Builds the site into memory: a full load and render.
pub fn build(opts: &BuildOptions) -> Built {
    let start = Instant::now();
    let mut diags = Diagnostics::new();
    let site = crate::load_site(opts, &mut diags);
    render(opts, site, MemorySink::new, diags, start)
}

/// Renders a loaded and indexed site into the sink `make_sink` makes (only
/// if there is no error yet) and reports it. `start`: when the rebuild
/// began; the time until now was loading and indexing.
fn render(
    opts: &BuildOptions,
    mut site: crate::site::Site,
    make_sink: impl FnOnce() -> MemorySink,
    mut diags: Diagnostics,
    start: Instant,
) -> Built {
    if !diags.has_errors() {
        site.images = crate::images::prepare(&opts.dir, &site, &mut diags);
    }
    let (models, awards) = (site.models.len(), site.awards.len());
    let load_millis = start.elapsed().as_millis();
    // Listing pages after an edit are rendered from the cards kept.
    crate::render::memo::keep_cards();
    let (mut files, mut pages, mut kept, mut shape) = (None, 0, 0, 0);
    let mut hashes = Vec::new();
    if !diags.has_errors() {
        let sink = make_sink();
        hashes = crate::render::model_hashes(&site);
        let (stats, s) = crate::render_site_with(opts, &site, &sink, hashes.clone(), &mut diags);
        (pages, shape) = (stats.pages, s);
        kept = sink.kept();
        if !diags.has_errors() {
            files = Some(Arc::new(sink.finish()));
        }
    }
    Built {
        site: Some(site),
        files,
        diags,
        models,
        awards,
        pages,
        kept,
        millis: start.elapsed().as_millis(),
        load_millis,
        hashes,
        shape,
    }
}

/// The last good build, kept by the watcher for quick updates. The site is
/// shared with the [`Indexer`], which lets go of it whenever a rebuild
/// holds it ([`Indexer::hold`]), so that an edit changes it in place
/// ([`Arc::make_mut`] copies nothing).
pub struct Last {
    pub site: Arc<crate::site::Site>,
    /// Shared with the server's [`State`], which serves them.
    pub files: Arc<Files>,
    /// Every model's hash, and the shape of the site's pages (see
    /// [`Built`]).
    pub hashes: Vec<u64>,
    pub shape: u64,
}

/// Builds the search index of the latest good site in the background and
/// hands it to the server's [`State`]. It starts once edits have paused
/// for [`Indexer::QUIET`], and only while no rebuild holds it
/// ([`Indexer::hold`]): a rebuild stops an index being made and has both
/// cores to itself. The indexer holds the site only while it indexes; a
/// site it held would have to be copied by the edit ([`Arc::make_mut`]),
/// which at 100,000 models costs more than the edit.
pub struct Indexer {
    tx: Sender<Weak<crate::site::Site>>,
    shared: Arc<Shared>,
}

/// What a rebuild and the indexing thread share.
#[derive(Default)]
struct Shared {
    /// Set while a rebuild runs: the index being made is dropped, and no
    /// other is begun.
    stop: AtomicBool,
    /// Whether the indexing thread holds a site.
    indexing: Mutex<bool>,
    /// Signalled when it lets go of it.
    idle: Condvar,
}

/// A rebuild's hold on the [`Indexer`]; indexing may go on once it is
/// dropped.
pub struct Held<'a> {
    shared: &'a Shared,
    /// How long the hold waited for an index being made to stop.
    pub waited: Option<std::time::Duration>,
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.shared.stop.store(false, Ordering::Relaxed);
    }
}

impl Indexer {
    /// How long edits must pause before the index is rebuilt.
    pub const QUIET: std::time::Duration = std::time::Duration::from_millis(1000);

    /// Starts the indexing thread (which does nothing when the site turns
    /// search off with `search: false`).
    pub fn start(opts: &BuildOptions, state: Arc<State>, ui: Ui) -> Indexer {
        let (tx, rx) = channel::<Weak<crate::site::Site>>();
        let opts = opts.clone();
        let shared = Arc::new(Shared::default());
        let theirs = Arc::clone(&shared);
        std::thread::spawn(move || Self::run(&opts, &state, &ui, &rx, &theirs));
        Indexer { tx, shared }
    }

    /// Asks for a new index of `site`.
    pub fn refresh(&self, site: &Arc<crate::site::Site>) {
        let _ = self.tx.send(Arc::downgrade(site));
    }

    /// Stops the index being made, if any, and waits until the indexing
    /// thread has let go of its site; no index is begun until the hold is
    /// dropped. A stopped index is begun again once edits pause, unless a
    /// newer site was handed over since.
    pub fn hold(&self) -> Held<'_> {
        let start = Instant::now();
        self.shared.stop.store(true, Ordering::Relaxed);
        let mut indexing = lock(&self.shared.indexing);
        let waited = (*indexing).then(|| {
            while *indexing {
                indexing = self
                    .shared
                    .idle
                    .wait(indexing)
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
            }
            start.elapsed()
        });
        Held {
            shared: &self.shared,
            waited,
        }
    }

    fn run(
        opts: &BuildOptions,
        state: &State,
        ui: &Ui,
        rx: &Receiver<Weak<crate::site::Site>>,
        shared: &Shared,
    ) {
        use std::sync::mpsc::RecvTimeoutError;
        // A site whose index was stopped or not begun, to index when the
        // rebuild that held it is done (unless a newer one comes).
        let mut pending: Option<Weak<crate::site::Site>> = None;
        loop {
            let mut latest = match pending.take() {
                Some(w) => w,
                None => match rx.recv() {
                    Ok(w) => w,
                    Err(_) => return,
                },
            };
            // Wait for the edits to pause; keep only the newest site.
            loop {
                match rx.recv_timeout(Self::QUIET) {
                    Ok(newer) => latest = newer,
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            // Taken under the lock, so that a hold either sees it taken or
            // is seen here.
            let site = {
                let mut indexing = lock(&shared.indexing);
                if shared.stop.load(Ordering::Relaxed) {
                    pending = Some(latest);
                    continue;
                }
                // Gone: replaced since (a newer one is on its way).
                let Some(site) = latest.upgrade() else {
                    continue;
                };
                *indexing = true;
                site
            };
            let start = Instant::now();
            let sink = MemorySink::new();
            let mut diags = Diagnostics::new();
            let stats = crate::index_search(opts, &site, &sink, &shared.stop, &mut diags);
            // Read before letting go: a hold waits for that, and may clear
            // the flag as soon as its rebuild is done.
            let stopped = stats.is_none() && shared.stop.load(Ordering::Relaxed);
            drop(site);
            *lock(&shared.indexing) = false;
            shared.idle.notify_all();
            if diags.has_errors() {
                ui.diagnostics(&diags, &opts.dir);
                continue;
            }
            match stats {
                Some(s) => {
                    state.publish_index(sink.finish());
                    ui.detail(format!(
                        "search index: {} entries, {} files in {} ms",
                        s.records,
                        s.files,
                        start.elapsed().as_millis()
                    ));
                }
                // Stopped for an edit: to be begun again.
                None if stopped => {
                    ui.detail(format!(
                        "search index: stopped after {} ms for an edit",
                        start.elapsed().as_millis()
                    ));
                    pending = Some(latest);
                }
                // The site turns search off.
                None => {}
            }
        }
    }
}

/// Locks `m`, also after a thread panicked holding it (a bool cannot be
/// left half written).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// When `changed` is one model file of `site`, still there and loading
/// without a problem: its index in `site` and its new version.
fn edited_model(
    opts: &BuildOptions,
    site: &crate::site::Site,
    changed: &[PathBuf],
) -> Option<(usize, crate::content::Model)> {
    let [one] = changed else { return None };
    let path = opts.dir.join(one);
    // An entry under a `_defaults.yaml` is read with them by a full build.
    if entry_kind(one) != Some(Kind::Model)
        || !path.is_file()
        || crate::content::defaults::any_over(&opts.dir, one)
    {
        return None;
    }
    let i = site.model_at(&path)?;
    let md = site.config.markdown_options();
    let bytes = std::fs::read(&path).ok()?;
    let file = crate::content::frontmatter::decode(&path, &bytes).ok()?;
    let model = crate::content::model::load(&file, &site.config, &md).ok()?;
    Some((i, model))
}

/// The node model `i` moves to when its new version `model` names
/// another locality, if the move changes nothing but which lists it is in:
/// the new locality is in the tree already, and another model there
/// writes it the same way, as another model left in the old node writes
/// the old one (a node's names come from how entries write them, so they
/// stay the same).
fn moved_to(
    site: &crate::site::Site,
    i: usize,
    model: &crate::content::Model,
) -> Option<crate::locality::NodeId> {
    let to = site.existing_node(model)?;
    let from = site.model_node[i];
    let written = |node: usize, locality: &[String]| {
        site.node_models[node]
            .iter()
            .any(|&j| j != i && site.model_node[j] == node && site.models[j].locality == locality)
    };
    (to != from && written(to, &model.locality) && written(from, &site.models[i].locality))
        .then_some(to)
}

/// Re-renders one model's page after an edit of `changed`, when nothing
/// else can have changed. `None` means: do a full rebuild.
pub fn quick_update(
    opts: &BuildOptions,
    last: &mut Last,
    changed: &[PathBuf],
) -> Option<Arc<Files>> {
    let (i, mut model) = edited_model(opts, &last.site, changed)?;
    // Its URL is made when the site places it: with the same card hash,
    // it is where it was.
    model.url = last.site.models[i].url.clone();
    // Only the body changed (the card hash covers every other field):
    // nothing but its page shows the body.
    if last.site.models[i].card_hash() != model.card_hash() {
        return None;
    }
    let old = std::mem::replace(&mut Arc::make_mut(&mut last.site).models[i], model);
    let theme = crate::render::theme::Theme::load(&opts.dir, &last.site.config.theme).ok();
    let rendered = theme
        .and_then(|t| crate::render::Renderer::for_one_page(&last.site, &t).ok())
        .and_then(|r| r.render_model(i).ok());
    let Some((page, html)) = rendered else {
        Arc::make_mut(&mut last.site).models[i] = old;
        return None;
    };
    // Rendered outside the fingerprinted path: never keep it unseen.
    let files = Arc::make_mut(&mut last.files);
    files.fingerprints.remove(page.as_str());
    files
        .map
        .insert(page.into(), memory::Body::Bytes(Arc::new(html)));
    Some(Arc::clone(&last.files))
}

/// After an edit of one model that keeps its slug, images and draft
/// state (its field may change), and its locality or moves to another the site has
/// ([`moved_to`]), and adds or removes no page: puts the new version in
/// place in the last site's indexes and renders only the pages that can
/// show it ([`crate::render::edit`]). Those are handed to
/// `publish` at once (the reload waits for nothing else); then the open
/// data is written, its unchanged records copied, into `slot`'s files,
/// which the caller serves from then on. Returns how many pages were
/// looked at and how many of them were unchanged. `None`: not such an
/// edit, and `slot` is as it was; or the update failed half way, and
/// `slot` is emptied (the next build starts afresh).
pub fn edit_update(
    opts: &BuildOptions,
    slot: &mut Option<Last>,
    changed: &[PathBuf],
    publish: &mut dyn FnMut(Arc<Files>),
) -> Option<(usize, usize)> {
    let none = std::collections::HashSet::new();
    edit_update_shown(opts, slot, changed, &none, &mut |files, _| publish(files))
}

/// [`edit_update`], the pages that connected browsers show (`shown`,
/// files of the site) rendered and published first, with a reload of the
/// browsers showing them and the others not waiting for (`Reload::AllBut`
/// the rest), then the rest, reloading the browsers showing those
/// (`Reload::Only`); each browser reloads once, when its page is current.
pub fn edit_update_shown(
    opts: &BuildOptions,
    slot: &mut Option<Last>,
    changed: &[PathBuf],
    shown: &std::collections::HashSet<String>,
    publish: &mut dyn FnMut(Arc<Files>, live::Reload<'_>),
) -> Option<(usize, usize)> {
    let last = slot.as_mut()?;
    let (i, model) = edited_model(opts, &last.site, changed)?;
    let cfg = &last.site.config;
    let old = &last.site.models[i];
    let to = if crate::render::edit::keeps_place(old, &model) {
        None
    } else if crate::render::edit::moves_locality(old, &model) {
        Some(moved_to(&last.site, i, &model)?)
    } else {
        return None;
    };
    // A model's URL goes through its unit: a move that changes it adds a
    // page and removes one, which only a full rebuild does.
    if let Some(to) = to
        && crate::site::model_url(&last.site.tree, &model, to) != old.url
    {
        return None;
    }
    let theme = crate::render::theme::Theme::load(&opts.dir, &cfg.theme).ok()?;
    let (old_year, old_field) = (old.year, old.field);
    let old_node = to.map(|_| last.site.model_node[i]);
    let now = Arc::make_mut(&mut last.site).move_model(i, model, to);
    let mut hashes = std::mem::take(&mut last.hashes);
    hashes.remove(i);
    hashes.insert(now, crate::render::model_hash(&last.site, now));
    let edit = crate::render::edit::Edit {
        was: i,
        now,
        old_year,
        old_field,
        old_node,
    };
    let t = crate::progress::trace::span("serve: renderer and shape");
    let done = crate::render::Renderer::with_model_hashes(&last.site, &theme, hashes)
        .ok()
        .filter(|r| r.shape() == last.shape)
        .and_then(|r| {
            drop(t);
            let parts = r.edit_pages(&edit, shown);
            let sink = MemorySink::over(Arc::clone(&last.files));
            let _t = crate::progress::trace::span("serve: render the edit's pages (shown first)");
            let mut looked = r.render_edit_part(&sink, &parts, false).ok()?;
            drop(_t);
            let mut kept = sink.kept();
            let mut pages = Arc::new(sink.finish());
            if parts.is_split() {
                publish(
                    Arc::clone(&pages),
                    live::Reload::AllBut(parts.later_files()),
                );
                let sink = MemorySink::over(pages);
                let _t = crate::progress::trace::span("serve: render the edit's other pages");
                looked += r.render_edit_part(&sink, &parts, true).ok()?;
                kept += sink.kept();
                pages = Arc::new(sink.finish());
                publish(Arc::clone(&pages), live::Reload::Only(parts.later_files()));
            } else {
                publish(Arc::clone(&pages), live::Reload::All);
            }
            let sink = MemorySink::over(pages);
            r.write_open_data(&sink).ok()?;
            Some((
                Arc::new(sink.finish()),
                r.model_hashes().to_vec(),
                looked,
                kept,
            ))
        });
    match done {
        Some((files, hashes, looked, kept)) => {
            last.files = files;
            last.hashes = hashes;
            Some((looked, kept))
        }
        None => {
            *slot = None;
            None
        }
    }
}

/// Which entry list a changed file belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Model,
    Award,
    Page,
}

fn entry_kind(rel: &Path) -> Option<Kind> {
    if rel.extension().is_none_or(|e| e != "md") || rel == Path::new("content/pages/_index.md") {
        return None;
    }
    if rel.starts_with("content/models") {
        Some(Kind::Model)
    } else if rel.starts_with("content/awards") {
        Some(Kind::Award)
    } else if rel.starts_with("content/pages") {
        Some(Kind::Page)
    } else {
        None
    }
}

/// After edits of entry files alone (models, awards, free pages: changed,
/// added, deleted or renamed): reads only those files again, indexes the
/// site again from the last good one, and renders only the pages whose
/// fingerprint changed (the rest are kept, see [`MemorySink::after`]).
/// `None`: something else changed (a template, `site.yaml`…), do a full
/// rebuild.
pub fn entry_update(opts: &BuildOptions, last: &Last, changed: &[PathBuf]) -> Option<Built> {
    if changed.is_empty() {
        return None;
    }
    let start = Instant::now();
    let kinds: Vec<Kind> = changed
        .iter()
        .map(|p| entry_kind(p))
        .collect::<Option<_>>()?;
    // An entry under a `_defaults.yaml` is read with them by a full build.
    if changed
        .iter()
        .any(|p| crate::content::defaults::any_over(&opts.dir, p))
    {
        return None;
    }
    let old = &last.site;
    let cfg = old.config.clone();
    let md = cfg.markdown_options();
    let mut diags = Diagnostics::new();
    let mut content = crate::content::Content {
        models: old.models.clone(),
        awards: old.awards.clone(),
        pages: old.pages.clone(),
        home_intro: old.home_intro.clone(),
        extra_localities: old.extra_localities.clone(),
        loading: crate::content::Loading {
            parsed: changed.len(),
            ..Default::default()
        },
    };
    for (rel, kind) in changed.iter().zip(kinds) {
        let path = opts.dir.join(rel);
        content.models.retain(|m| m.path != path);
        content.awards.retain(|a| a.path != path);
        content.pages.retain(|p| p.path != path);
        if !path.is_file() {
            continue;
        }
        let file = match std::fs::read(&path)
            .map_err(|e| crate::diag::Diagnostic::error(&path, format!("cannot read: {e}")))
            .and_then(|b| crate::content::frontmatter::decode(&path, &b))
        {
            Ok(f) => f,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let drafts = opts.drafts;
        let loaded = match kind {
            Kind::Model => crate::content::model::load(&file, &cfg, &md)
                .map(|m| (m.draft && !drafts, Some(m), None, None)),
            Kind::Award => crate::content::award::load(&file, &md)
                .map(|a| (a.draft && !drafts, None, Some(a), None)),
            Kind::Page => crate::content::page::load(&file, &md)
                .map(|p| (p.draft && !drafts, None, None, Some(p))),
        };
        match loaded {
            Ok((true, ..)) => {}
            Ok((false, m, a, p)) => {
                content.models.extend(m);
                content.awards.extend(a);
                content.pages.extend(p);
            }
            Err(ds) => diags.extend(ds),
        }
    }
    // Loading sorts by path; indexing relies on no order but its own.
    content.models.sort_by(|a, b| a.path.cmp(&b.path));
    content.awards.sort_by(|a, b| a.path.cmp(&b.path));
    content.pages.sort_by(|a, b| a.path.cmp(&b.path));
    let site = crate::site::Site::build_after(cfg, content, old, &mut diags);
    Some(render(
        opts,
        site,
        || MemorySink::after(Arc::clone(&last.files)),
        diags,
        start,
    ))
}

/// The changed paths that can change the site: not those that are gone
/// and that the last build did not read, such as the temporary file an
/// editor (or `sed -i`) saves and renames onto the entry it edits. Left
/// in, such a file would turn a one-model edit into a full rebuild.
pub fn that_matter(opts: &BuildOptions, last: &Last, changed: &[PathBuf]) -> Vec<PathBuf> {
    let read = |rel: &Path| {
        opts.dir.join(rel).exists()
            || !rel.starts_with("content")
            || rel
                .extension()
                .is_some_and(|e| e == "md" || e == "yaml" || e == "yml")
            || last
                .files
                .map
                .values()
                .any(|b| matches!(b, memory::Body::File(p) if p.ends_with(rel)))
    };
    changed.iter().filter(|p| read(p)).cloned().collect()
}

/// Builds and hands the result to `state`; prints what happened.
fn rebuild(
    opts: &BuildOptions,
    state: &State,
    ui: &Ui,
    changed: &[PathBuf],
    last: &mut Option<Last>,
    indexer: &Indexer,
) {
    let start = Instant::now();
    // The search index waits, and one being made stops: the edit has the
    // cores, and the site, to itself.
    let held = indexer.hold();
    if let Some(w) = held.waited {
        ui.detail(format!("stopped the search index in {} ms", w.as_millis()));
    }
    // After a failed build, the files it failed on are not in `last`:
    // only a full build sees them (and reports them again if still wrong).
    if state.problems().is_some() {
        *last = None;
    }
    let kept;
    let changed = match last.as_ref() {
        Some(l) if !changed.is_empty() => {
            kept = that_matter(opts, l, changed);
            if kept.is_empty() {
                return;
            }
            &kept[..]
        }
        _ => changed,
    };
    if let Some(l) = last.as_mut()
        && let Some(files) = quick_update(opts, l, changed)
    {
        state.publish(files);
        indexer.refresh(&l.site);
        ui.info(format!(
            "{}: re-rendered its page in {} ms",
            changed[0].display(),
            start.elapsed().as_millis()
        ));
        return;
    }
    let mut published = None;
    let shown = state.shown();
    if let Some((looked, kept)) =
        edit_update_shown(opts, last, changed, &shown, &mut |pages, reload| {
            state.publish_reloading(pages, reload);
            published.get_or_insert(start.elapsed());
        })
    {
        if let Some(l) = last.as_ref() {
            state.publish_quietly(Arc::clone(&l.files));
            indexer.refresh(&l.site);
        }
        ui.info(format!(
            "{}: rebuilt the {looked} pages that can show it ({kept} unchanged) in {} ms, the open data in {} ms",
            changed[0].display(),
            published.unwrap_or_default().as_millis(),
            start.elapsed().as_millis()
        ));
        return;
    }
    let mut built = last
        .as_ref()
        .and_then(|l| entry_update(opts, l, changed))
        .unwrap_or_else(|| build(opts));
    let mut previous = None;
    if let (Some(site), Some(files)) = (built.site.take(), built.files.as_ref()) {
        let site = Arc::new(site);
        indexer.refresh(&site);
        previous = last.replace(Last {
            site,
            files: Arc::clone(files),
            hashes: std::mem::take(&mut built.hashes),
            shape: built.shape,
        });
    }
    // The previous site (100,000 models on a national site) is freed on
    // the side, not before the page reloads.
    let _ = std::thread::Builder::new().spawn(move || drop(previous));
    ui.diagnostics(&built.diags, &opts.dir);
    ui.detail(format!(
        "load + index {} ms, render {} ms",
        built.load_millis,
        built.millis - built.load_millis
    ));
    // Files that still exist first: an editor's temporary file renamed
    // onto the entry is not what the editor changed.
    let mut changed = changed.to_vec();
    changed.sort_by_key(|p| !opts.dir.join(p).exists());
    let what = match changed.as_slice() {
        [] => String::new(),
        [one] => format!("{}: ", one.display()),
        [one, rest @ ..] => format!("{} (+{}): ", one.display(), rest.len()),
    };
    match built.files {
        Some(files) => {
            state.publish(files);
            let verb = if changed.is_empty() {
                "built"
            } else {
                "rebuilt"
            };
            let kept = if built.kept > 0 {
                format!(" ({} unchanged)", built.kept)
            } else {
                String::new()
            };
            ui.info(format!(
                "{what}{verb} {} models, {} awards, {} pages{kept} in {} ms",
                built.models, built.awards, built.pages, built.millis
            ));
        }
        None => {
            state.fail(built.diags.report(&opts.dir).trim_end().to_string());
            ui.info(if state.has_pages() {
                format!("{what}the build failed; the last good pages stay served")
            } else {
                format!("{what}the build failed; fix the errors and save")
            });
        }
    }
}

/// The address pages link to: the one listened on, with a loopback
/// address in place of "any".
fn site_url(listener: &TcpListener, bind: &str, port: u16) -> String {
    match listener.local_addr() {
        Ok(mut a) => {
            if a.ip().is_unspecified() {
                a.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
            }
            format!("http://{a}/")
        }
        Err(_) => format!("http://{bind}:{port}/"),
    }
}

/// Serves the site until the process is stopped.
pub fn run(opts: Options) -> Result<(), Error> {
    let Options {
        dir,
        bind,
        port,
        drafts,
        ui,
    } = opts;
    let listener = TcpListener::bind((bind.as_str(), port)).map_err(|e| {
        Error::Usage(format!(
            "cannot listen on {bind}:{port}: {e}\n  help: another program may use that port: try --port {}",
            port.wrapping_add(1).max(1024)
        ))
    })?;
    let url = site_url(&listener, &bind, port);
    let root = std::path::absolute(&dir).unwrap_or_else(|_| dir.clone());
    let root = root.canonicalize().unwrap_or(root);
    let build_opts = BuildOptions {
        dir: dir.clone(),
        out: None,
        base_url: Some(url.clone()),
        drafts,
        no_search: false,
        ..BuildOptions::default()
    };
    let state = Arc::new(State::new());
    let mut watch = watch::Watch::new(&root)
        .map_err(|e| Error::Usage(format!("cannot watch {} for changes: {e}", root.display())))?;
    ui.detail(format!(
        "watching {} ({}, site.yaml)",
        root.display(),
        watch::FOLDERS.join(", ")
    ));
    let mut last = None;
    let indexer = Indexer::start(&build_opts, Arc::clone(&state), ui);
    rebuild(&build_opts, &state, &ui, &[], &mut last, &indexer);
    keep_freed_memory();
    ui.info(format!(
        "serving {} at {url} (Ctrl+C to stop)",
        display(&dir)
    ));
    {
        let state = Arc::clone(&state);
        std::thread::spawn(move || {
            while let Some(changed) = watch.next_change() {
                if ui.verbose {
                    for p in &changed {
                        eprintln!("changed: {}", p.display());
                    }
                }
                rebuild(&build_opts, &state, &ui, &changed, &mut last, &indexer);
            }
        });
    }
    http::serve(&listener, &state);
    Ok(())
}

/// From the first build on, the memory `kheo serve` frees stays with the
/// allocator instead of going back to the system a second later
/// (mimalloc's "purge"). Each edit of a national site frees and allocates
/// again hundreds of megabytes (the open data, the copied file set);
/// giving them back, then faulting them in again at the next edit, made a
/// title edit at 100,000 models take 340 ms instead of 195 ms
/// (benches/runs/HISTORY.md). Not from the start: for the first build, as for
/// `kheo build`, no gain was measured (cold builds at 100,000 varied from
/// 50 to 97 s either way).
#[cfg(not(target_os = "macos"))]
#[allow(unsafe_code)]
fn keep_freed_memory() {
    // `mi_option_purge_delay` in mimalloc.h (v2 and v3 alike): how many
    // milliseconds freed memory is kept before it is given back; -1: never.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: `mi_option_set` stores one integer in mimalloc's table of
    // options (it checks the index); it takes no pointer and allocates
    // nothing. When the binary's allocator is not mimalloc (tests), the
    // option is set on an allocator nothing uses.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
}

/// Without mimalloc (macOS), the system allocator keeps its own policy.
#[cfg(target_os = "macos")]
fn keep_freed_memory() {}

fn display(dir: &Path) -> String {
    if dir == Path::new(".") {
        "the site".to_string()
    } else {
        dir.display().to_string()
    }
}
