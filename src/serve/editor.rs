//! The editor's place in `kheo serve`: the routes under `/_sua/`, which
//! exist only while serving (never in `kheo build` output). For now the
//! entry list: every model and award of the last good build with its
//! title, its file and its locality, and this run's token in the page
//! (`<meta name="kheo-token">`) for the forms to send back. The forms
//! themselves, and reading and writing entries, belong to `crate::edit`;
//! photo uploads are [`super::editor_photos`]'s.
//! Who may reach these routes is [`super::guard`]'s.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

use super::guard::{EDITOR, TOKEN_FIELD, TOKEN_HEADER};
use super::http::{App, html, html_escape, text};

/// One entry in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub award: bool,
    pub title: String,
    /// Relative to the site folder, with `/` between parts.
    pub file: String,
    /// `Tỉnh / Huyện / Xã`, empty for an award given nowhere in particular.
    pub locality: String,
}

/// The entries of a loaded site, models first, each kind in file order.
pub fn entries(site: &crate::site::Site, root: &std::path::Path) -> Vec<Entry> {
    let file = |p: &std::path::Path| {
        p.strip_prefix(root)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    };
    let mut out: Vec<Entry> = site
        .models
        .iter()
        .map(|m| Entry {
            award: false,
            title: m.title.clone(),
            file: file(&m.path),
            locality: m.locality.join(" / "),
        })
        .collect();
    out.sort_by(|a, b| a.file.cmp(&b.file));
    let mut awards: Vec<Entry> = site
        .awards
        .iter()
        .map(|a| Entry {
            award: true,
            title: a.title.clone(),
            file: file(&a.path),
            locality: a.locality.join(" / "),
        })
        .collect();
    awards.sort_by(|a, b| a.file.cmp(&b.file));
    out.extend(awards);
    out
}

/// The routes under `/_sua/`.
pub fn routes() -> Router<App> {
    Router::new()
        .route(EDITOR, get(|| async { Redirect::permanent("/_sua/") }))
        .route("/_sua/", get(list))
        .merge(super::editor_photos::routes())
        .route(
            "/_sua/{*rest}",
            get(|| async { text(StatusCode::NOT_FOUND, "not found\n") }),
        )
}

/// The entry list.
async fn list(State(app): State<App>) -> Response {
    let m = app.guard.messages();
    let entries = app.state.entries();
    let mut rows = String::new();
    for e in entries.iter() {
        let kind = m.get(if e.award {
            "editor-kind-award"
        } else {
            "editor-kind-model"
        });
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td></tr>\n",
            html_escape(&kind),
            html_escape(&e.title),
            html_escape(&e.file),
            html_escape(&e.locality),
        ));
    }
    let table = if entries.is_empty() {
        format!("<p>{}</p>", html_escape(&m.get("editor-empty")))
    } else {
        format!(
            "<table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n{rows}</tbody></table>",
            html_escape(&m.get("editor-col-kind")),
            html_escape(&m.get("editor-col-title")),
            html_escape(&m.get("editor-col-file")),
            html_escape(&m.get("editor-col-locality")),
        )
    };
    let token = html_escape(app.guard.token());
    let page = format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta name=\"kheo-token\" content=\"{token}\" data-header=\"{TOKEN_HEADER}\" data-field=\"{TOKEN_FIELD}\">\
<title>{title}</title></head>\n<body><main><h1>{title}</h1>\n{table}\n</main></body></html>\n",
        lang = m.lang().code(),
        title = html_escape(&m.get("editor-title")),
    );
    let mut r = html(StatusCode::OK, page.into_bytes());
    // The editor is never shown in another site's frame (clickjacking),
    // and runs no script or style from elsewhere.
    let h = r.headers_mut();
    h.insert(
        axum::http::header::X_FRAME_OPTIONS,
        axum::http::HeaderValue::from_static("DENY"),
    );
    h.insert(
        axum::http::header::CONTENT_SECURITY_POLICY,
        axum::http::HeaderValue::from_static(
            "default-src 'self'; frame-ancestors 'none'; form-action 'self'",
        ),
    );
    h.insert(
        axum::http::header::REFERRER_POLICY,
        axum::http::HeaderValue::from_static("same-origin"),
    );
    r.into_response()
}
