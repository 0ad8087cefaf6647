//! Saving a form (`POST /_sua/luu`), in the order `crate::edit` sets:
//! the form's edit ([`crate::edit::form::edit`]) applied to the file
//! ([`crate::edit::save::apply`], or [`crate::edit::create::plan`] for a
//! new entry), checked with `kheo check`'s code
//! ([`crate::edit::check::Checker::check`]); on an error the form comes
//! back with each problem beside its field and nothing is written.
//! Otherwise the staged photos are moved into the entry's bundle
//! ([`crate::edit::photos::commit`]) and the entry written with their
//! names, atomically; serve's watcher sees the file and rebuilds as after
//! any edit. A file changed on disk since the form was opened is never
//! overwritten: both versions are shown side by side
//! ([`conflict`]), and `POST /_sua/ghi-de` writes the editor's own only
//! when asked.

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::form::{self, Shown, edit_href, kind_named, kind_of, opened_new, refused};
use super::page;
use super::posted::{self as read_form, Staged, posted};
use crate::edit::check::Problem;
use crate::edit::form::Input;
use crate::edit::photos;
use crate::edit::schema::{self, Field, Kind};
use crate::edit::write::{self, WriteError};
use crate::edit::{create, save as apply};
use crate::l10n::Msg;
use crate::serve::http::{App, html_escape as esc};

/// What `kheo check` would say of entry `rel` if its text were `text`. An
/// award's model references are checked against the last good build's
/// models; while a rebuild changes them, they are not, and the build
/// reports a wrong one instead.
pub(super) fn check(app: &App, ctx: &super::Ctx, rel: &str, text: &str) -> Vec<Problem> {
    let site = if rel.starts_with("content/awards/") {
        app.state.site()
    } else {
        None
    };
    let m = app.guard.messages();
    ctx.checker.check(rel, text, site.as_deref(), None, m)
}

/// A problem about the whole form (the file could not be written), shown
/// on top, or beside `key`.
fn problem(app: &App, key: Option<&str>, msg: &Msg) -> Problem {
    Problem {
        key: key.map(str::to_string),
        id: msg.id,
        error: true,
        line: 0,
        file: None,
        message: app.guard.messages().text(msg),
        help: None,
    }
}

/// What a form posted, read against its fields.
pub(super) struct Posted {
    pub kind: Kind,
    pub fields: Vec<Field>,
    /// As the controls sent them (for showing the form again).
    pub inputs: Vec<(String, Input)>,
    /// As the edit takes them.
    pub clean: Vec<(String, Input)>,
    pub staged: Vec<Staged>,
    pub body: String,
}

pub(super) fn read(app: &App, kind: Kind, form: &[(String, String)]) -> Posted {
    let ctx = app.editor.ctx(app.state.settings());
    let fields = schema::fields(kind, ctx.checker.config());
    let inputs = read_form::read(&fields, form);
    let (clean, staged) = read_form::for_edit(&inputs);
    Posted {
        kind,
        fields,
        inputs,
        clean,
        staged,
        body: posted(form, "body").unwrap_or("").to_string(),
    }
}

/// The form again, with `problems`; nothing was written.
fn again(app: &App, p: &Posted, rel: Option<&str>, hash: &str, problems: &[Problem]) -> Response {
    let shown = Shown {
        kind: p.kind,
        rel,
        hash,
        inputs: p.inputs.clone(),
        body: &p.body,
        problems,
        saved: false,
        refused: true,
    };
    form::draw(app, &p.fields, &shown, StatusCode::UNPROCESSABLE_ENTITY)
}

fn saved(rel: &str) -> Response {
    Redirect::to(&format!("{}&da-luu=1", edit_href(rel))).into_response()
}

fn staged_pairs(staged: &[Staged]) -> Vec<(String, String)> {
    staged
        .iter()
        .map(|s| (s.id.clone(), s.name.clone()))
        .collect()
}

/// The form's values with each staged photo's `src` pointing where it
/// waits (`/_sua/tam/<id>/<name>`, a path under the site's root): what
/// the preview shows, and what is checked before the photos move into
/// the bundle (a bare file name in an entry that is not a bundle yet
/// would be refused).
pub(super) fn waiting(p: &Posted) -> Vec<(String, Input)> {
    let mut clean = p.clean.clone();
    let at: Vec<(String, String)> = p
        .staged
        .iter()
        .map(|s| (s.name.clone(), format!("/_sua/tam/{}/{}", s.id, s.name)))
        .collect();
    read_form::renamed(&mut clean, &p.staged, &at);
    clean
}

/// The text of the entry `rel` (now `text` on disk) after the form.
pub(super) fn text_after(
    p: &Posted,
    clean: &[(String, Input)],
    rel_text: (&std::path::Path, &str),
) -> Result<String, apply::SaveError> {
    let (path, text) = rel_text;
    let opened = apply::open(path, text)?;
    let edit = crate::edit::form::edit(&p.fields, &opened, clean, Some(p.body.clone()));
    apply::apply(path, text, &edit, p.kind.keys())
}

/// `POST /_sua/luu`.
pub async fn save(State(app): State<App>, Form(form): Form<Vec<(String, String)>>) -> Response {
    match posted(&form, "tep") {
        Some(rel) => {
            let Some(kind) = kind_of(rel) else {
                return refused(
                    &app,
                    StatusCode::BAD_REQUEST,
                    &Msg::new("edit-outside").arg("path", rel),
                );
            };
            let p = read(&app, kind, &form);
            existing(&app, &p, rel, posted(&form, "hash").unwrap_or(""))
        }
        None => {
            let Some(kind) = posted(&form, "loai").and_then(kind_named) else {
                return refused(
                    &app,
                    StatusCode::BAD_REQUEST,
                    &Msg::new("edit-outside").arg("path", ""),
                );
            };
            let p = read(&app, kind, &form);
            new(&app, &p)
        }
    }
}

fn existing(app: &App, p: &Posted, rel: &str, hash: &str) -> Response {
    let root = app.editor.root();
    let (_, text, opened) = match form::open_entry(app, rel) {
        Ok(o) => o,
        Err(msg) => return refused(app, StatusCode::BAD_REQUEST, &msg),
    };
    let path = root.join(rel);
    let new_text = match text_after(p, &p.clean, (&path, &text)) {
        Ok(t) => t,
        Err(e) => {
            let key = match &e {
                apply::SaveError::Unwritable { key } => Some(key.as_str()),
                _ => None,
            };
            return again(app, p, Some(rel), hash, &[problem(app, key, &e.msg())]);
        }
    };
    let ctx = app.editor.ctx(app.state.settings());
    let checked = if p.staged.is_empty() {
        new_text.clone()
    } else {
        text_after(p, &waiting(p), (&path, &text)).unwrap_or_else(|_| new_text.clone())
    };
    let problems = check(app, &ctx, rel, &checked);
    // Errors the file had before (an unknown key the form does not show)
    // are shown but do not stop a save that adds none.
    let before = check(app, &ctx, rel, &text);
    let new_error = |pr: &Problem| {
        pr.error
            && !before
                .iter()
                .any(|b| b.error && b.id == pr.id && b.key == pr.key && b.message == pr.message)
    };
    if problems.iter().any(new_error) {
        return again(app, p, Some(rel), hash, &problems);
    }
    // Changed on disk since the form was opened: before any photo moves.
    if opened.hash != hash {
        return conflict(app, rel, Some(text), new_text);
    }
    // Nothing changed: nothing written, no rebuild.
    if new_text == text && p.staged.is_empty() {
        return saved(rel);
    }
    let (rel, new_text) = if p.staged.is_empty() {
        (rel.to_string(), new_text)
    } else {
        let done = match photos::commit(root, rel, &staged_pairs(&p.staged)) {
            Ok(c) => c,
            Err(e) => {
                return again(
                    app,
                    p,
                    Some(rel),
                    hash,
                    &[problem(app, Some("images"), &e.msg())],
                );
            }
        };
        let mut clean = p.clean.clone();
        read_form::renamed(&mut clean, &p.staged, &done.names);
        let moved = root.join(&done.entry_rel);
        match text_after(p, &clean, (&moved, &text)) {
            Ok(t) => (done.entry_rel, t),
            Err(e) => return again(app, p, Some(rel), hash, &[problem(app, None, &e.msg())]),
        }
    };
    match write::save(root, &rel, hash, &new_text) {
        Ok(_) => saved(&rel),
        Err(WriteError::Conflict { disk, mine }) => conflict(app, &rel, disk, mine),
        Err(e) => again(app, p, Some(&rel), hash, &[problem(app, None, &e.msg())]),
    }
}

fn new(app: &App, p: &Posted) -> Response {
    let root = app.editor.root();
    let ctx = app.editor.ctx(app.state.settings());
    let edit = |clean: &[(String, Input)]| {
        crate::edit::form::edit(&p.fields, &opened_new(), clean, Some(p.body.clone()))
    };
    let planned = match create::plan(&ctx.checker, p.kind, &edit(&p.clean)) {
        Ok(pl) => pl,
        Err(e) => {
            let key = matches!(e, create::CreateError::Title(_)).then_some("title");
            return again(app, p, None, "", &[problem(app, key, &e.msg())]);
        }
    };
    let checked = if p.staged.is_empty() {
        planned.text.clone()
    } else {
        create::plan(&ctx.checker, p.kind, &edit(&waiting(p)))
            .map(|pl| pl.text)
            .unwrap_or_else(|_| planned.text.clone())
    };
    let problems = check(app, &ctx, &planned.rel, &checked);
    if problems.iter().any(|pr| pr.error) {
        return again(app, p, None, "", &problems);
    }
    if p.staged.is_empty() {
        return match create::create(&ctx.checker, p.kind, &edit(&p.clean)) {
            Ok(path) => saved(&super::rel_of(&path, root)),
            Err(e) => again(app, p, None, "", &[problem(app, None, &e.msg())]),
        };
    }
    let done = match photos::commit(root, &planned.rel, &staged_pairs(&p.staged)) {
        Ok(c) => c,
        Err(e) => return again(app, p, None, "", &[problem(app, Some("images"), &e.msg())]),
    };
    let mut clean = p.clean.clone();
    read_form::renamed(&mut clean, &p.staged, &done.names);
    let text = match create::plan(&ctx.checker, p.kind, &edit(&clean)) {
        Ok(pl) => pl.text,
        Err(e) => return again(app, p, None, "", &[problem(app, None, &e.msg())]),
    };
    match write::create(root, &done.entry_rel, &text) {
        Ok(_) => saved(&done.entry_rel),
        Err(e) => again(app, p, None, "", &[problem(app, None, &e.msg())]),
    }
}

/// The two versions side by side, and the editor's choices: write mine
/// over the disk's (knowingly), keep the disk's (open it again), or copy
/// mine from its box.
pub fn conflict(app: &App, rel: &str, disk: Option<String>, mine: String) -> Response {
    let m = app.guard.messages();
    let disk_hash = disk
        .as_deref()
        .map(|d| write::file_hash(d.as_bytes()))
        .unwrap_or_default();
    let main = format!(
        "<p role=\"alert\" class=\"loi\">{msg}</p><p class=\"tep\"><code>{file}</code></p>\
<div class=\"hai-ban\"><section aria-labelledby=\"ban-dia\"><h2 id=\"ban-dia\">{l_disk}</h2><pre tabindex=\"0\">{disk}</pre></section>\
<section aria-labelledby=\"ban-toi\"><h2 id=\"ban-toi\">{l_mine}</h2><pre tabindex=\"0\">{mine_html}</pre></section></div>\
<form id=\"ghi-de\" method=\"post\" action=\"/_sua/ghi-de\" class=\"chon\"><input type=\"hidden\" name=\"_token\" value=\"{token}\">\
<input type=\"hidden\" name=\"tep\" value=\"{file}\"><input type=\"hidden\" name=\"hash\" value=\"{disk_hash}\">\
<div class=\"truong\"><label for=\"ban-cua-toi\">{l_copy}</label><textarea id=\"ban-cua-toi\" name=\"noi-dung\" rows=\"8\" readonly>\n{mine_html}</textarea></div>\
<p><button type=\"submit\">{keep_mine}</button> <a class=\"nut\" href=\"{reopen}\">{keep_disk}</a></p></form>",
        msg = esc(&m.get("edit-conflict")),
        file = esc(rel),
        l_disk = esc(&m.get("editor-conflict-disk")),
        disk = esc(disk.as_deref().unwrap_or("")),
        l_mine = esc(&m.get("editor-conflict-mine")),
        mine_html = esc(&mine),
        token = esc(app.guard.token()),
        disk_hash = esc(&disk_hash),
        l_copy = esc(&m.get("editor-conflict-copy")),
        keep_mine = esc(&m.get("editor-conflict-keep-mine")),
        reopen = esc(&edit_href(rel)),
        keep_disk = esc(&m.get("editor-conflict-keep-disk")),
    );
    page(
        app,
        StatusCode::CONFLICT,
        &m.get("editor-conflict-title"),
        &main,
    )
}

/// `POST /_sua/ghi-de`: the editor's version written over the disk's,
/// which must still be the one the conflict screen showed; checked first
/// like any save.
pub async fn overwrite(
    State(app): State<App>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let m = app.guard.messages();
    let rel = posted(&form, "tep").unwrap_or("");
    let hash = posted(&form, "hash").unwrap_or("");
    let root = app.editor.root();
    let sent = posted(&form, "noi-dung").unwrap_or("");
    // A form sends its line ends as CRLF; the file's own are kept.
    let crlf = std::fs::read(root.join(rel))
        .map(|b| b.windows(2).any(|w| w == b"\r\n"))
        .unwrap_or(false);
    let text = if crlf {
        sent.to_string()
    } else {
        sent.replace("\r\n", "\n")
    };
    if kind_of(rel).is_none() {
        return refused(
            &app,
            StatusCode::BAD_REQUEST,
            &Msg::new("edit-outside").arg("path", rel),
        );
    }
    let ctx = app.editor.ctx(app.state.settings());
    let problems = check(&app, &ctx, rel, &text);
    if let Some(p) = problems.iter().find(|p| p.error) {
        let msg =
            Msg::new("editor-not-saved").arg("errors", problems.iter().filter(|p| p.error).count());
        let main = format!(
            "<p role=\"alert\" class=\"loi\">{}</p><p>{}</p><p><a href=\"{}\">{}</a></p>",
            esc(&m.text(&msg)),
            esc(&p.message),
            esc(&edit_href(rel)),
            esc(&m.get("editor-back"))
        );
        return page(
            &app,
            StatusCode::UNPROCESSABLE_ENTITY,
            &m.get("editor-title"),
            &main,
        );
    }
    match write::save(root, rel, hash, &text) {
        Ok(_) => saved(rel),
        Err(WriteError::Conflict { disk, mine }) => conflict(&app, rel, disk, mine),
        Err(e) => refused(&app, StatusCode::BAD_REQUEST, &e.msg()),
    }
}
