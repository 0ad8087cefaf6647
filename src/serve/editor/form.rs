//! The form of one entry, `/_sua/sua?tep=<file>` for an existing one and
//! `/_sua/them?loai=mo-hinh|khen-thuong` for a new one: one control per
//! field ([`super::controls`]), the Markdown body, the problems of the
//! last try beside their fields and listed on top (each linking to its
//! field), the live preview beside the form, and the photo drop zone.
//! It posts to `/_sua/luu` as a plain form, so saving works without
//! script; the script adds type-ahead, rows, uploads and the preview.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::controls;
use super::page;
use crate::edit::check::Problem;
use crate::edit::form::Input;
use crate::edit::save::{self, Opened};
use crate::edit::schema::{self, Field, Kind};
use crate::edit::write;
use crate::l10n::{Messages, Msg};
use crate::serve::http::{App, html_escape as esc};

/// The form's address for the entry file `rel`.
pub fn edit_href(rel: &str) -> String {
    let q: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("tep", rel)
        .finish();
    format!("/_sua/sua?{q}")
}

/// The kind of entry a file under the site is.
pub fn kind_of(rel: &str) -> Option<Kind> {
    if rel.starts_with("content/models/") {
        Some(Kind::Model)
    } else if rel.starts_with("content/awards/") {
        Some(Kind::Award)
    } else {
        None
    }
}

/// The kind a new entry's `loai` names.
pub fn kind_named(loai: &str) -> Option<Kind> {
    match loai {
        "mo-hinh" => Some(Kind::Model),
        "khen-thuong" => Some(Kind::Award),
        _ => None,
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Model => "mo-hinh",
        Kind::Award => "khen-thuong",
    }
}

/// The entry `rel` as it is on disk now: its kind, text and opened form;
/// or the message saying why it cannot be edited here.
pub fn open_entry(app: &App, rel: &str) -> Result<(Kind, String, Opened), Msg> {
    let kind = kind_of(rel).ok_or_else(|| Msg::new("edit-outside").arg("path", rel))?;
    let path = write::entry_path(app.editor.root(), rel).map_err(|e| e.msg())?;
    let text = std::fs::read(&path)
        .map_err(|e| {
            Msg::new("edit-io")
                .path("path", &path)
                .arg("detail", e.to_string())
        })
        .and_then(|b| {
            String::from_utf8(b).map_err(|e| {
                Msg::new("edit-io")
                    .path("path", &path)
                    .arg("detail", e.to_string())
            })
        })?;
    let opened = save::open(&path, &text).map_err(|e| e.msg())?;
    Ok((kind, text, opened))
}

/// An empty entry's opened form, for a new one.
pub fn opened_new() -> Opened {
    save::open(std::path::Path::new("new.md"), "---\n---\n").unwrap_or(Opened {
        values: Default::default(),
        body: String::new(),
        hash: String::new(),
    })
}

/// What each control shows for the values of `opened`.
pub fn inputs_of(fields: &[Field], opened: &Opened) -> Vec<(String, Input)> {
    fields
        .iter()
        .map(|f| {
            let v = opened
                .values
                .get(f.key)
                .cloned()
                .unwrap_or(serde_yaml_ng::Value::Null);
            (f.key.to_string(), crate::edit::form::input(f, &v))
        })
        .collect()
}

/// A page saying why nothing can be edited here.
pub fn refused(app: &App, status: StatusCode, msg: &Msg) -> Response {
    let m = app.guard.messages();
    let main = format!(
        "<p role=\"alert\" class=\"loi\">{}</p><p><a href=\"/_sua/\">{}</a></p>",
        esc(&m.text(msg)),
        esc(&m.get("editor-back"))
    );
    page(app, status, &m.get("editor-title"), &main)
}

/// `GET /_sua/sua?tep=…`.
pub async fn edit_form(
    State(app): State<App>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let rel = q.get("tep").map(String::as_str).unwrap_or("");
    let (kind, text, opened) = match open_entry(&app, rel) {
        Ok(o) => o,
        Err(msg) => return refused(&app, StatusCode::BAD_REQUEST, &msg),
    };
    let ctx = app.editor.ctx(app.state.settings());
    let fields = schema::fields(kind, ctx.checker.config());
    // The file's problems as it is, each beside its field.
    let problems = ctx
        .checker
        .check(rel, &text, None, None, app.guard.messages());
    let shown = Shown {
        kind,
        rel: Some(rel),
        hash: &opened.hash,
        inputs: inputs_of(&fields, &opened),
        body: &opened.body,
        problems: &problems,
        saved: q.contains_key("da-luu"),
        refused: false,
    };
    draw(&app, &fields, &shown, StatusCode::OK)
}

/// `GET /_sua/them?loai=…`.
pub async fn new_form(
    State(app): State<App>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let Some(kind) = q.get("loai").and_then(|l| kind_named(l)) else {
        return refused(
            &app,
            StatusCode::BAD_REQUEST,
            &Msg::new("edit-outside").arg("path", q.get("loai").cloned().unwrap_or_default()),
        );
    };
    let ctx = app.editor.ctx(app.state.settings());
    let fields = schema::fields(kind, ctx.checker.config());
    let opened = opened_new();
    let shown = Shown {
        kind,
        rel: None,
        hash: "",
        inputs: inputs_of(&fields, &opened),
        body: "",
        problems: &[],
        saved: false,
        refused: false,
    };
    draw(&app, &fields, &shown, StatusCode::OK)
}

/// What a form shows.
pub struct Shown<'a> {
    pub kind: Kind,
    /// The entry's file; `None` for a new entry.
    pub rel: Option<&'a str>,
    /// [`Opened::hash`] of the file when the form was first opened.
    pub hash: &'a str,
    pub inputs: Vec<(String, Input)>,
    pub body: &'a str,
    pub problems: &'a [Problem],
    /// Just saved: say so, with a link to the page.
    pub saved: bool,
    /// Shown again after a save that wrote nothing.
    pub refused: bool,
}

/// The form page.
pub fn draw(app: &App, fields: &[Field], shown: &Shown<'_>, status: StatusCode) -> Response {
    let m = app.guard.messages();
    let by_key = |k: &str| -> Vec<&Problem> {
        shown
            .problems
            .iter()
            .filter(|p| p.key.as_deref() == Some(k))
            .collect()
    };
    let mut controls_html = String::new();
    for f in fields {
        let input = shown
            .inputs
            .iter()
            .find(|(k, _)| k == f.key)
            .map(|(_, i)| i.clone())
            .unwrap_or(Input::Text(String::new()));
        controls_html.push_str(&controls::field(f, &input, &by_key(f.key), m));
    }
    let body_problems = by_key("body");
    let (body_errors, body_aria) = body_described(&body_problems);
    let title = match (shown.rel, shown.kind) {
        (Some(_), _) => {
            let t = shown
                .inputs
                .iter()
                .find(|(k, _)| k == "title")
                .and_then(|(_, i)| match i {
                    Input::Text(t) => Some(t.clone()),
                    _ => None,
                })
                .unwrap_or_default();
            m.text(&Msg::new("editor-form-edit").arg("title", t))
        }
        (None, Kind::Model) => m.get("editor-new-model"),
        (None, Kind::Award) => m.get("editor-new-award"),
    };
    let which = match shown.rel {
        Some(rel) => format!(
            "<input type=\"hidden\" name=\"tep\" value=\"{}\"><input type=\"hidden\" name=\"hash\" value=\"{}\"><p class=\"tep\"><code>{}</code></p>",
            esc(rel),
            esc(shown.hash),
            esc(rel)
        ),
        None => format!(
            "<input type=\"hidden\" name=\"loai\" value=\"{}\">",
            kind_name(shown.kind)
        ),
    };
    let main = format!(
        "{notice}{summary}<div class=\"khung\"><form id=\"bieu-mau\" method=\"post\" action=\"/_sua/luu\" data-xem-truoc=\"/_sua/api/xem-truoc\">\
<input type=\"hidden\" name=\"_token\" value=\"{token}\">{which}\n{controls_html}\
<div class=\"truong than\" id=\"w-body\"><label for=\"i-body\">{l_body}</label>\
<textarea id=\"i-body\" name=\"body\" rows=\"16\"{body_aria}>\n{body}</textarea>{body_errors}</div>\
<p class=\"luu\"><button type=\"submit\">{save}</button> <a href=\"/_sua/\">{back}</a></p></form>\
<section class=\"xem\" aria-labelledby=\"xem-tieu-de\"><h2 id=\"xem-tieu-de\">{l_preview}</h2>\
<p class=\"goi-y-truong\" id=\"xem-trang-thai\" role=\"status\">{preview_hint}</p>\
<iframe id=\"xem-truoc\" title=\"{l_preview}\" sandbox=\"allow-same-origin\"></iframe></section></div>",
        notice = if shown.saved {
            saved_notice(app, shown.rel)
        } else {
            String::new()
        },
        summary = summary(shown.problems, fields, m, shown.refused),
        token = esc(app.guard.token()),
        l_body = esc(&m.get("editor-body")),
        body = esc(shown.body),
        save = esc(&m.get("editor-save")),
        back = esc(&m.get("editor-back")),
        l_preview = esc(&m.get("editor-preview")),
        preview_hint = esc(&m.get("editor-preview-hint")),
    );
    page(app, status, &title, &main)
}

fn body_described(problems: &[&Problem]) -> (String, String) {
    if problems.is_empty() {
        return (String::new(), String::new());
    }
    let mut html = String::from("<div class=\"loi\" id=\"e-body\">");
    for p in problems {
        html.push_str(&format!("<p>{}</p>", esc(&p.message)));
    }
    html.push_str("</div>");
    let invalid = if problems.iter().any(|p| p.error) {
        " aria-invalid=\"true\""
    } else {
        ""
    };
    (html, format!(" aria-describedby=\"e-body\"{invalid}"))
}

/// The problems on top, each linking to its field; those about no field
/// of the form (another file, the file as a whole) are only here.
fn summary(problems: &[Problem], fields: &[Field], m: &Messages, refused: bool) -> String {
    if problems.is_empty() {
        return String::new();
    }
    let errors = problems.iter().filter(|p| p.error).count();
    let head = if refused {
        Msg::new("editor-not-saved").arg("errors", errors)
    } else {
        Msg::new("editor-file-problems")
            .arg("errors", errors)
            .arg("warnings", problems.len() - errors)
    };
    let mut out = format!(
        "<div class=\"tom-tat\" role=\"alert\" tabindex=\"-1\" id=\"tom-tat\"><p>{}</p><ul>",
        esc(&m.text(&head))
    );
    for p in problems {
        let target = p
            .key
            .as_deref()
            .filter(|k| *k == "body" || fields.iter().any(|f| f.key == *k));
        let text = match &p.file {
            Some(f) => format!("{}: {}", f.display(), p.message),
            None => p.message.clone(),
        };
        match target {
            Some(k) => out.push_str(&format!("<li><a href=\"#i-{k}\">{}</a></li>", esc(&text))),
            None => out.push_str(&format!("<li>{}</li>", esc(&text))),
        }
    }
    out.push_str("</ul></div>");
    out
}

/// "Saved", with a link to the entry's page once the rebuild has it.
fn saved_notice(app: &App, rel: Option<&str>) -> String {
    let m = app.guard.messages();
    let entries = app.state.entries();
    let page = rel.and_then(|r| entries.iter().find(|e| e.file == r && !e.page.is_empty()));
    let link = match page {
        Some(e) => format!(
            " <a href=\"/{}\">{}</a>",
            esc(&e.page),
            esc(&m.get("editor-view-page"))
        ),
        None => String::new(),
    };
    format!(
        "<p class=\"da-luu\" role=\"status\">{}{link}</p>",
        esc(&m.text(&Msg::new("editor-saved").arg("file", rel.unwrap_or("")))),
    )
}

/// The drop zone and file button of the images rows: the script posts
/// each photo to the upload route and adds a row for it.
pub fn photo_zone(m: &Messages) -> String {
    format!(
        "<div class=\"tha-anh\" data-tai-len=\"/_sua/api/anh\" data-dang-tai=\"{uploading}\" data-kich-thuoc=\"{size}\" data-mo-ta=\"{alt}\">\
<p>{drop}</p><label class=\"nut\" for=\"chon-anh\">{choose}</label>\
<input type=\"file\" id=\"chon-anh\" accept=\"image/*\" multiple>\
<div class=\"o\"><input type=\"checkbox\" id=\"giu-goc\"><label for=\"giu-goc\">{keep}</label></div>\
<p class=\"trang-thai-anh\" role=\"status\"></p></div>",
        uploading = esc(&m.get("editor-photo-uploading")),
        size = esc(&m.text(&Msg::new("editor-photo-size").arg("kb", "__KB__"))),
        alt = esc(&m.get("edit-field-images-alt")),
        drop = esc(&m.get("editor-photo-drop")),
        choose = esc(&m.get("editor-photo-choose")),
        keep = esc(&m.get("editor-photo-keep")),
    )
}
