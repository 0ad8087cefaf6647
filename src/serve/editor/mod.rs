//! The editor's place in `kheo serve`: the routes under `/_sua/`, which
//! exist only while serving (never in `kheo build` output). It owns what
//! the editor's handlers share: the entries of the last build ([`Entry`],
//! with their problems), the site folder and the checker and locality
//! type-ahead read for those entries ([`Editor`]), the page frame every
//! editor page is drawn in (this run's token in
//! `<meta name="kheo-token">`, our own script and style, the headers that
//! keep it out of other sites' frames), and the "Sửa" buttons put into
//! the site's pages by the server. The list is [`list`]'s, the forms
//! [`form`]'s, saving [`save`]'s, the preview [`preview`]'s. Reading and
//! writing entries belong to `crate::edit`; who may reach these routes is
//! [`super::guard`]'s.

mod assets;
mod controls;
mod form;
mod list;
mod photos;
mod pick;
mod posted;
mod preview;
mod save;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use super::guard::{EDITOR, TOKEN_FIELD, TOKEN_HEADER};
use super::http::{App, html, html_escape, text};
use crate::diag::Diagnostics;
use crate::edit::check::Checker;
use crate::edit::typeahead::TypeAhead;

/// One entry in the list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    pub award: bool,
    pub title: String,
    /// Relative to the site folder, with `/` between parts.
    pub file: String,
    /// `Tỉnh / Huyện / Xã`, empty for an award given nowhere in particular.
    pub locality: String,
    /// A model's field (its name), an award's kind.
    pub field: String,
    pub year: i32,
    /// Its page in the site (`mo-hinh/ha-noi/x/`); empty for an entry
    /// the last build could not publish.
    pub page: String,
    /// Errors and warnings the last build gave its file.
    pub errors: usize,
    pub warnings: usize,
}

/// A path as the list shows it: relative to `root`, with `/`.
fn rel_of(p: &Path, root: &Path) -> String {
    p.strip_prefix(root)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The entries of a loaded site, models first (those the build could not
/// publish too), each kind in file order; with the problems `diags` gives
/// their files, when the build's diagnostics are known.
pub fn entries(site: &crate::site::Site, root: &Path, diags: Option<&Diagnostics>) -> Vec<Entry> {
    let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
    for d in diags.map(Diagnostics::sorted).unwrap_or_default() {
        let c = counts.entry(rel_of(&d.path, root)).or_default();
        if d.is_error() {
            c.0 += 1;
        } else {
            c.1 += 1;
        }
    }
    let model = |m: &crate::content::Model, page: String| model_entry(site, m, root, page);
    let mut out: Vec<Entry> = site
        .models
        .iter()
        .map(|m| model(m, crate::render::cards::model_path(&m.url)))
        .chain(site.broken.iter().map(|m| model(m, String::new())))
        .collect();
    out.sort_by(|a, b| a.file.cmp(&b.file));
    let mut awards: Vec<Entry> = site
        .awards
        .iter()
        .map(|a| Entry {
            award: true,
            title: a.title.clone(),
            file: rel_of(&a.path, root),
            locality: a.locality.join(" / "),
            field: crate::content::enums::Choice::name(a.kind).to_string(),
            year: a.years.1,
            page: crate::render::cards::award_path(&a.slug),
            ..Entry::default()
        })
        .collect();
    awards.sort_by(|a, b| a.file.cmp(&b.file));
    out.extend(awards);
    for e in &mut out {
        if let Some((errors, warnings)) = counts.get(&e.file) {
            (e.errors, e.warnings) = (*errors, *warnings);
        }
    }
    out
}

/// Model `m`'s entry, its page at `page` (empty when not published).
fn model_entry(
    site: &crate::site::Site,
    m: &crate::content::Model,
    root: &Path,
    page: String,
) -> Entry {
    Entry {
        award: false,
        title: m.title.clone(),
        file: rel_of(&m.path, root),
        locality: m.locality.join(" / "),
        field: site
            .config
            .fields
            .get(m.field)
            .map(|f| f.name.clone())
            .unwrap_or_default(),
        year: m.year,
        page,
        ..Entry::default()
    }
}

/// The entries `old` after a one-model edit that added, removed or
/// changed the model files `changed` (paths under `root`): theirs taken
/// out, and made again from `site` for those it has; the others as they
/// were: making the whole list again over a national site's models would
/// hold back the reload that shows the new model.
pub fn entries_after(
    old: &[Entry],
    site: &crate::site::Site,
    changed: &[PathBuf],
    root: &Path,
) -> Vec<Entry> {
    let rels: Vec<String> = changed.iter().map(|p| rel_of(p, root)).collect();
    let mut out: Vec<Entry> = old
        .iter()
        .filter(|e| !rels.contains(&e.file))
        .cloned()
        .collect();
    let paths: Vec<PathBuf> = changed.iter().map(|p| root.join(p)).collect();
    for m in site.models.iter().filter(|m| paths.contains(&m.path)) {
        let entry = model_entry(site, m, root, crate::render::cards::model_path(&m.url));
        // Models first, each kind in file order.
        let at = out.partition_point(|e| !e.award && e.file < entry.file);
        out.insert(at, entry);
    }
    out
}

/// After a rebuild that read only the `changed` files (paths under
/// `root`, or relative to it), the problems `old` had for every other
/// file; the changed ones loaded without an error, and their warnings
/// show in their forms.
pub fn keep_problems(entries: &mut [Entry], old: &[Entry], changed: &[PathBuf], root: &Path) {
    let changed: Vec<String> = changed.iter().map(|p| rel_of(p, root)).collect();
    let before: HashMap<&str, (usize, usize)> = old
        .iter()
        .map(|e| (e.file.as_str(), (e.errors, e.warnings)))
        .collect();
    for e in entries.iter_mut() {
        if changed.contains(&e.file) {
            continue;
        }
        if let Some((errors, warnings)) = before.get(e.file.as_str()) {
            (e.errors, e.warnings) = (*errors, *warnings);
        }
    }
}

/// Whether a change of `path` (under the site folder) changes what the
/// editor's checker reads.
pub fn changes_settings(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    // A `site.yaml` elsewhere only makes the checker read again.
    name == "_defaults.yaml" || name == "site.yaml" || path.ends_with("content/localities.yaml")
}

/// What checking and type-ahead need, read for one version of the
/// site's settings.
pub struct Ctx {
    pub checker: Checker,
    pub typeahead: TypeAhead,
}

/// What the editor's handlers share.
pub struct Editor {
    root: PathBuf,
    /// Made again when `site.yaml`, a `_defaults.yaml` or
    /// `content/localities.yaml` changes ([`State::settings`]): reading
    /// them walks `content/`, a second at 100,000 models.
    ///
    /// [`State::settings`]: super::live::State::settings
    ctx: Mutex<Option<(u64, Arc<Ctx>)>>,
}

impl Editor {
    /// The editor of the site in `root`.
    pub fn new(root: PathBuf) -> Editor {
        Editor {
            root,
            ctx: Mutex::new(None),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The checker and type-ahead for the `settings`-th version of the
    /// site's settings.
    pub fn ctx(&self, settings: u64) -> Arc<Ctx> {
        let mut held = self.ctx.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((seen, ctx)) = held.as_ref()
            && *seen == settings
        {
            return Arc::clone(ctx);
        }
        let mut diags = Diagnostics::new();
        let checker = Checker::load(&self.root, &mut diags);
        let typeahead = TypeAhead::new(checker.extra_localities());
        let ctx = Arc::new(Ctx { checker, typeahead });
        *held = Some((settings, Arc::clone(&ctx)));
        ctx
    }
}

/// The routes under `/_sua/`.
pub fn routes() -> Router<App> {
    Router::new()
        .route(EDITOR, get(|| async { Redirect::permanent("/_sua/") }))
        .route("/_sua/", get(list::list))
        .route("/_sua/sua", get(form::edit_form))
        .route("/_sua/them", get(form::new_form))
        .route("/_sua/luu", post(save::save))
        .route("/_sua/ghi-de", post(save::overwrite))
        .route("/_sua/api/dia-ban", get(localities))
        .route("/_sua/api/mo-hinh", get(pick::models))
        .route("/_sua/api/xem-truoc", post(preview::preview))
        .route(assets::SCRIPT, get(assets::script))
        .route(assets::STYLE, get(assets::style))
        .route(assets::ICON, get(assets::icon))
        .merge(photos::routes())
        .route(
            "/_sua/{*rest}",
            get(|| async { text(StatusCode::NOT_FOUND, "not found\n") }),
        )
}

/// An editor page: `title`, then `main` (HTML), in the editor's language,
/// with the token for forms and scripts, our script and style.
pub fn page(app: &App, status: StatusCode, title: &str, main: &str) -> Response {
    let m = app.guard.messages();
    let token = html_escape(app.guard.token());
    let page = format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta name=\"kheo-token\" content=\"{token}\" data-header=\"{TOKEN_HEADER}\" data-field=\"{TOKEN_FIELD}\">\
<title>{title}</title><link rel=\"icon\" href=\"{icon}\"><link rel=\"stylesheet\" href=\"{style}\">\
<script src=\"{script}\" defer></script></head>\n<body>\
<a class=\"bo-qua\" href=\"#chinh\">{skip}</a>\
<header class=\"dau\"><a href=\"/_sua/\">{home}</a> · <a href=\"/\">{site}</a></header>\n\
<main id=\"chinh\" tabindex=\"-1\"><h1>{title}</h1>\n{main}\n</main></body></html>\n",
        lang = m.lang().code(),
        title = html_escape(title),
        style = assets::STYLE,
        icon = assets::ICON,
        script = assets::SCRIPT,
        skip = html_escape(&m.get("editor-skip")),
        home = html_escape(&m.get("editor-title")),
        site = html_escape(&m.get("editor-site")),
    );
    guarded(html(status, page.into_bytes()))
}

/// The headers of every editor answer: never in another site's frame
/// (clickjacking), no script or style from elsewhere.
pub fn guarded(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'; form-action 'self'"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    r
}

/// `GET /_sua/api/dia-ban?q=…&nam=…`: the localities `q` may mean, as
/// JSON, the structure of year `nam` first.
async fn localities(State(app): State<App>, Query(q): Query<HashMap<String, String>>) -> Response {
    let typed = q.get("q").map(String::as_str).unwrap_or("");
    let at = q
        .get("nam")
        .and_then(|y| y.trim().parse::<i32>().ok())
        .map(crate::content::date::PartialDate::year);
    let ctx = app.editor.ctx(app.state.settings());
    let found = ctx
        .typeahead
        .suggest(typed, at, crate::edit::typeahead::MAX);
    let m = app.guard.messages();
    let shown: Vec<serde_json::Value> = found
        .iter()
        .map(|s| {
            let note = if s.became.is_empty() {
                String::new()
            } else {
                m.text(
                    &crate::l10n::Msg::new("edit-locality-became").arg("new", s.became.join("; ")),
                )
            };
            serde_json::json!({
                "value": s.value,
                "full_name": s.full_name,
                "source": s.source,
                "became": s.became,
                "note": note,
            })
        })
        .collect();
    (
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::Value::Array(shown).to_string(),
    )
        .into_response()
}

/// The page of the site `key` (a served file, `mo-hinh/x/index.html`)
/// with a "Sửa" button when it is an entry's page, and "Thêm mô hình" on
/// the home page: only `serve` calls this, so a build never has them.
pub fn with_buttons(app: &App, key: &str, page: Vec<u8>) -> Vec<u8> {
    let m = app.guard.messages();
    let dir = key.strip_suffix("index.html").unwrap_or(key);
    let link = if key == "index.html" {
        Some((
            "/_sua/them?loai=mo-hinh".to_string(),
            m.get("editor-new-model"),
        ))
    } else {
        app.state
            .entries()
            .iter()
            .find(|e| !e.page.is_empty() && e.page == dir)
            .map(|e| (form::edit_href(&e.file), m.get("editor-edit")))
    };
    let Some((href, label)) = link else {
        return page;
    };
    // Inline style: the site's own stylesheet knows nothing of it, and a
    // theme whose policy refuses inline styles still shows a plain link.
    let tag = format!(
        "<a class=\"kheo-sua\" href=\"{}\" style=\"position:fixed;right:12px;bottom:12px;z-index:2147483646;padding:8px 14px;background:#0b5394;color:#fff;border-radius:4px;font:600 15px/1.2 sans-serif;text-decoration:none\">{}</a>",
        html_escape(&href),
        html_escape(&label)
    );
    let lower = page.to_ascii_lowercase();
    let at = lower
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + tag.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The list after one model comes or goes is the list made whole.
    #[test]
    fn entries_after_an_add_or_a_removal_are_the_list_made_again() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let opts = crate::BuildOptions {
            dir: root.clone(),
            ..crate::BuildOptions::default()
        };
        let mut diags = Diagnostics::new();
        let site = crate::load_site_with(&opts, crate::content::CacheUse::Off, None, &mut diags);
        let whole = entries(&site, &root, None);
        let added = &site.models[site.models.len() / 2].path;
        let rel = rel_of(added, &root);
        // Before the add, the list had no entry for it.
        let before: Vec<Entry> = whole.iter().filter(|e| e.file != rel).cloned().collect();
        assert_eq!(before.len() + 1, whole.len());
        let after = entries_after(&before, &site, std::slice::from_ref(added), &root);
        let files = |v: &[Entry]| {
            v.iter()
                .map(|e| (e.file.clone(), e.page.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(files(&after), files(&whole));
        // A file gone from the site leaves the list.
        let gone = root.join("content/models/ha-noi/khong-con.md");
        let mut with_gone = whole.clone();
        with_gone.insert(
            0,
            Entry {
                file: "content/models/ha-noi/khong-con.md".into(),
                ..Entry::default()
            },
        );
        let after = entries_after(&with_gone, &site, &[gone], &root);
        assert_eq!(files(&after), files(&whole));
    }
}
