//! `kheo serve`: build, serve on 127.0.0.1, watch, rebuild, reload.
//!
//! The pages of the last good build are kept in memory ([`memory`]) and
//! served over HTTP ([`http`], on hyper and axum), with the editor's
//! routes ([`editor`]) behind [`guard`]; nothing is written to disk, so
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

pub mod editor;
pub mod guard;
pub mod http;
mod indexer;
pub mod live;
pub mod memory;
mod photos;
mod update;
pub mod watch;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::BuildOptions;
use crate::diag::Diagnostics;
use crate::l10n::Msg;
pub use indexer::{Held, Indexer};
use live::State;
use memory::{Files, MemorySink};
pub use update::{edit_update, edit_update_shown, entry_update, quick_update, that_matter};

/// Where `kheo serve` tells what it did: the terminal, for the command
/// line (which decides how: quiet, verbose, colours), in the reader's
/// language.
pub trait Report: Send + Sync {
    /// A line the editor reads (what was rebuilt, how long it took).
    fn info(&self, msg: &Msg);
    /// A line for `--verbose` alone.
    fn detail(&self, msg: &Msg);
    /// A warning the editor must see, even with `--quiet`.
    fn warning(&self, msg: &Msg);
    /// The problems a build found, with paths relative to `root`.
    fn diagnostics(&self, diags: &Diagnostics, root: &Path);
    /// The reader's language, for the problems shown in the browser.
    fn messages(&self) -> &crate::l10n::Messages;
}

/// What `kheo serve` is asked to do.
#[derive(Clone)]
pub struct Options {
    pub dir: PathBuf,
    pub bind: String,
    /// 0 picks a free port.
    pub port: u16,
    pub drafts: bool,
    pub ui: Arc<dyn Report>,
}

#[derive(Debug)]
pub enum Error {
    /// The address cannot be listened on, or the folder cannot be watched.
    Usage(Msg),
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
    /// Whether the pages were handed to the [`Early`] hook before the open
    /// data was written.
    pub early: bool,
}

/// Everything `kheo serve` keeps from one rebuild to the next.
#[derive(Default)]
pub struct Session {
    /// The last good build; none before the first or after a failed one
    /// (only a full build sees the files it failed on).
    pub last: Option<Last>,
    /// The templates compiled last and the cards they rendered.
    pub render: crate::render::Session,
    /// Photos encoded on the side.
    pub photos: photos::Photos,
}

/// What a rebuild after an edit does with its pages once everything but
/// the open data is written ([`MemorySink::snapshot`]), given the site
/// they show: `kheo serve` publishes them, so the reload does not wait for
/// the open data (a second on a national site). [`Built::early`] says
/// whether it was called.
pub type Early<'a> = Option<&'a dyn Fn(Arc<Files>, &crate::site::Site)>;

/// Builds the site into memory: a full load and render.
pub fn build(opts: &BuildOptions, session: &Session) -> Built {
    let start = Instant::now();
    let mut diags = Diagnostics::new();
    let site = crate::load_site(opts, &mut diags);
    render(opts, session, site, MemorySink::new, diags, start, None)
}

/// Renders a loaded and indexed site into the sink `make_sink` makes (only
/// if there is no error yet) and reports it. `start`: when the rebuild
/// began; the time until now was loading and indexing.
fn render(
    opts: &BuildOptions,
    session: &Session,
    mut site: crate::site::Site,
    make_sink: impl FnOnce() -> MemorySink,
    mut diags: Diagnostics,
    start: Instant,
    early: Early<'_>,
) -> Built {
    if !diags.has_errors() {
        let tried = session.photos.tried();
        let later = crate::images::Later {
            previous: session.last.as_ref().map(|l| &l.site.images),
            tried: &tried,
        };
        site.images = crate::images::prepare_later(&opts.dir, &site, later, &mut diags);
    }
    let (models, awards) = (site.models.len(), site.awards.len());
    let load_millis = start.elapsed().as_millis();
    let (mut files, mut pages, mut kept, mut shape) = (None, 0, 0, 0);
    let mut hashes = Vec::new();
    let mut published = false;
    if !diags.has_errors() {
        let sink = make_sink();
        hashes = crate::render::model_hashes(&site);
        let mut pages_done = || {
            if let Some(publish) = early {
                publish(Arc::new(sink.snapshot()), &site);
                published = true;
            }
        };
        let (stats, s) = crate::render_site_with(
            opts,
            &site,
            &sink,
            hashes.clone(),
            &session.render,
            &mut pages_done,
            &mut diags,
        );
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
        early: published,
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

/// Builds and hands the result to `state`; prints what happened.
fn rebuild(
    opts: &BuildOptions,
    state: &State,
    ui: &dyn Report,
    changed: &[PathBuf],
    session: &mut Session,
    indexer: &Indexer,
) {
    let start = Instant::now();
    if changed.iter().any(|p| editor::changes_settings(p)) {
        state.settings_changed();
    }
    // The search index waits, and one being made stops: the edit has the
    // cores, and the site, to itself.
    let held = indexer.hold();
    if let Some(w) = held.waited {
        ui.detail(&Msg::new("serve-index-held").arg("ms", w.as_millis() as u64));
    }
    // After a failed build, the files it failed on are not in `last`:
    // only a full build sees them (and reports them again if still wrong).
    if state.problems().is_some() {
        session.last = None;
    }
    let kept;
    let changed = match session.last.as_ref() {
        Some(l) if !changed.is_empty() => {
            kept = that_matter(opts, l, changed);
            if kept.is_empty() {
                return;
            }
            &kept[..]
        }
        _ => changed,
    };
    let messages = ui.messages();
    if let Some(files) = quick_update(opts, session, changed)
        && let Some(l) = session.last.as_ref()
    {
        // The photos' warnings as the edit left them (a photo's line
        // moved, or the body no longer shows it), before the reload.
        state.note(photo_notes(&photo_warnings(&l.site), &opts.dir, messages));
        state.publish(files);
        indexer.refresh(&l.site);
        state.set_site(&l.site);
        ui.info(
            &Msg::new("serve-quick")
                .path("file", &changed[0])
                .arg("ms", start.elapsed().as_millis() as u64),
        );
        return;
    }
    let mut published = None;
    let shown = state.shown();
    if let Some((looked, kept)) = edit_update_shown(
        opts,
        session,
        changed,
        &shown,
        &mut |site, came_or_went| {
            state.note(photo_notes(&photo_warnings(site), &opts.dir, messages));
            // The editor's "saved" notice links a new entry's page from
            // the reload on.
            if came_or_went {
                let entries = editor::entries_after(&state.entries(), site, changed, &opts.dir);
                state.set_entries(entries);
            }
        },
        &mut |pages, reload| {
            state.publish_reloading(pages, reload);
            published.get_or_insert(start.elapsed());
        },
    ) {
        if let Some(l) = session.last.as_ref() {
            state.publish_quietly(Arc::clone(&l.files));
            let mut entries = editor::entries(&l.site, &opts.dir, None);
            editor::keep_problems(&mut entries, &state.entries(), changed, &opts.dir);
            state.set_entries(entries);
            indexer.refresh(&l.site);
            state.set_site(&l.site);
        }
        ui.info(
            &Msg::new("serve-shown")
                .path("file", &changed[0])
                .arg("looked", looked)
                .arg("kept", kept)
                .arg("ms", published.unwrap_or_default().as_millis() as u64)
                .arg("total", start.elapsed().as_millis() as u64),
        );
        return;
    }
    // The pages, published as soon as they are all there, with the
    // photos' warnings their site has then; the open data comes after.
    let early = |files: Arc<Files>, site: &crate::site::Site| {
        state.note(photo_notes(&photo_warnings(site), &opts.dir, messages));
        // The editor's "saved" notice links a new entry's page as soon as
        // it is served.
        let mut entries = editor::entries(site, &opts.dir, None);
        editor::keep_problems(&mut entries, &state.entries(), changed, &opts.dir);
        state.set_entries(entries);
        state.publish(files);
    };
    let mut built =
        entry_update(opts, session, changed, Some(&early)).unwrap_or_else(|| build(opts, session));
    let mut previous = None;
    let loaded = built.site.take();
    if let (Some(site), None) = (&loaded, &built.files) {
        // The editor lists the entries with their problems, those the
        // build could not publish too.
        state.set_entries(editor::entries(site, &opts.dir, Some(&built.diags)));
    }
    if let (Some(site), Some(files)) = (loaded, built.files.as_ref()) {
        session.photos.encode(
            opts.dir.clone(),
            site.config.images.widths.clone(),
            site.images.pending.clone(),
        );
        let site = Arc::new(site);
        indexer.refresh(&site);
        state.set_site(&site);
        state.set_entries(editor::entries(&site, &opts.dir, Some(&built.diags)));
        previous = session.last.replace(Last {
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
    ui.detail(
        &Msg::new("serve-timings")
            .arg("load", built.load_millis as u64)
            .arg("render", (built.millis - built.load_millis) as u64),
    );
    // Files that still exist first: an editor's temporary file renamed
    // onto the entry is not what the editor changed.
    let mut changed = changed.to_vec();
    changed.sort_by_key(|p| !opts.dir.join(p).exists());
    // The file that triggered the build, and how many more ("none" for
    // the first build).
    let (first, more) = match changed.as_slice() {
        [] => ("none".to_string(), 0),
        [one, rest @ ..] => (one.display().to_string(), rest.len()),
    };
    match built.files {
        Some(files) => {
            state.note(photo_notes(&built.diags, &opts.dir, ui.messages()));
            if built.early {
                state.publish_quietly(files);
            } else {
                state.publish(files);
            }
            ui.info(
                &Msg::new("serve-built")
                    .arg("file", first.as_str())
                    .arg("more", more)
                    .arg("models", built.models)
                    .arg("awards", built.awards)
                    .arg("pages", built.pages)
                    .arg("kept", built.kept)
                    .arg("ms", built.millis as u64),
            );
        }
        None => {
            // The browser's overlay: what it is, then the problems.
            let report = built.diags.report(&opts.dir, ui.messages());
            state.fail(format!(
                "{}\n\n{}",
                ui.messages().get("serve-overlay-head"),
                report.trim_end()
            ));
            ui.info(
                &Msg::new("serve-failed")
                    .arg("file", first.as_str())
                    .arg("more", more)
                    .arg("served", if state.has_pages() { "yes" } else { "no" }),
            );
        }
    }
}

/// The problems of the photos `site` shows, as its last photo
/// preparation found them, on the lines where its entries name them now.
pub fn photo_warnings(site: &crate::site::Site) -> Diagnostics {
    let mut d = Diagnostics::new();
    d.extend(crate::images::diagnostics(site));
    d
}

/// The image warnings of a good build, for the browser's overlay (a
/// photo just copied in is where a CMYK or animated file shows first).
fn photo_notes(diags: &Diagnostics, dir: &Path, m: &crate::l10n::Messages) -> Option<String> {
    let mut images = Diagnostics::new();
    for d in diags.sorted() {
        if !d.is_error() && d.kind().starts_with("image-") {
            images.push(d);
        }
    }
    if images.warning_count() == 0 {
        return None;
    }
    let report = images.report(dir, m);
    Some(format!(
        "{}\n\n{}",
        m.get("serve-overlay-photos-head"),
        report.trim_end()
    ))
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

/// The warning for a server that other computers can reach: any address
/// but a loopback one (`--bind 0.0.0.0`, a network card's address).
fn bind_warning(listening: std::net::SocketAddr) -> Option<Msg> {
    let ip = listening.ip().to_canonical();
    (!ip.is_loopback())
        .then(|| Msg::new("serve-bind-warning").arg("address", listening.to_string()))
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
        Error::Usage(
            Msg::new("serve-listen-failed")
                .arg("address", format!("{bind}:{port}"))
                .arg("detail", e.to_string())
                .arg("next", port.wrapping_add(1).max(1024)),
        )
    })?;
    let url = site_url(&listener, &bind, port);
    let local = listener.local_addr().ok();
    if let Some(w) = local.and_then(bind_warning) {
        ui.warning(&w);
    }
    let guard = guard::Guard::new(local.map_or(port, |a| a.port()), Arc::clone(&ui))
        .map_err(|e| Error::Usage(Msg::new("serve-no-token").arg("detail", e.to_string())))?;
    let root = std::path::absolute(&dir).unwrap_or_else(|_| dir.clone());
    let root = root.canonicalize().unwrap_or(root);
    // Photos of forms left unsaved: they never reached `content/`.
    crate::edit::photos::remove_old_staged(&root, crate::edit::photos::KEEP_STAGED);
    let build_opts = BuildOptions {
        dir: dir.clone(),
        out: None,
        base_url: Some(url.clone()),
        drafts,
        no_search: false,
        ..BuildOptions::default()
    };
    let state = Arc::new(State::new());
    let mut watch = watch::Watch::new(&root).map_err(|e| {
        Error::Usage(
            Msg::new("serve-watch-failed")
                .path("dir", &root)
                .arg("detail", e.to_string()),
        )
    })?;
    ui.detail(
        &Msg::new("serve-watching")
            .path("dir", &root)
            .arg("folders", watch::FOLDERS.join(", ")),
    );
    let mut session = Session::default();
    session.photos.poke = Some(watch.poke());
    session.photos.ui = Some(Arc::clone(&ui));
    let indexer = Indexer::start(&build_opts, Arc::clone(&state), Arc::clone(&ui));
    rebuild(&build_opts, &state, &*ui, &[], &mut session, &indexer);
    keep_freed_memory();
    ui.info(
        &Msg::new("serve-serving")
            .arg("dir", display(&dir))
            .arg("url", url.as_str()),
    );
    ui.info(&Msg::new("serve-editor").arg("url", guard.url()));
    {
        let state = Arc::clone(&state);
        std::thread::spawn(move || {
            while let Some(changed) = watch.next_change() {
                for p in &changed {
                    ui.detail(&Msg::new("serve-changed").path("file", p));
                }
                rebuild(&build_opts, &state, &*ui, &changed, &mut session, &indexer);
            }
        });
    }
    let app = http::App {
        state,
        guard: Arc::new(guard),
        editor: Arc::new(editor::Editor::new(root)),
    };
    http::serve(listener, app).map_err(|e| {
        Error::Usage(
            Msg::new("serve-listen-failed")
                .arg("address", format!("{bind}:{port}"))
                .arg("detail", e.to_string())
                .arg("next", port.wrapping_add(1).max(1024)),
        )
    })
}

/// From the first build on, the memory `kheo serve` frees stays with the
/// allocator instead of going back to the system a second later
/// (mimalloc's "purge"). Each edit of a national site frees and allocates
/// again hundreds of megabytes (the open data, the copied file set);
/// giving them back, then faulting them in again at the next edit, made
/// the reload after an edit markedly slower (benches/runs/HISTORY.md).
/// Not from the start: for the first build, as for `kheo build`, no gain
/// was measured.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_server_other_computers_can_reach_warns() {
        let at = |s: &str| bind_warning(s.parse().expect("address")).map(|m| m.id);
        assert_eq!(at("127.0.0.1:1111"), None);
        assert_eq!(at("[::1]:1111"), None);
        assert_eq!(at("[::ffff:127.0.0.1]:1111"), None);
        assert_eq!(at("0.0.0.0:1111"), Some("serve-bind-warning"));
        assert_eq!(at("[::]:1111"), Some("serve-bind-warning"));
        assert_eq!(at("192.168.1.9:1111"), Some("serve-bind-warning"));
        let m = bind_warning("0.0.0.0:1111".parse().expect("address")).expect("warning");
        let vi = crate::l10n::Messages::new(crate::l10n::Lang::Vi).text(&m);
        assert!(vi.contains("0.0.0.0:1111") && vi.contains("--bind"), "{vi}");
    }
}
