//! The editor's photo uploads over HTTP: `POST /_sua/api/anh` takes one
//! photo as a multipart form (the file in the field `anh`, `giu_goc=1` to
//! keep the original) and stages it with [`crate::edit::photos::stage`],
//! answering its [`Staged`] as JSON or `{"error": …}` in the editor's
//! language; `GET /_sua/tam/<id>/<name>` serves a staged photo to the
//! form (its thumbnail, the preview). Who may send, and how much, is
//! [`crate::serve::guard`]'s, as for every write; the staging and the paths are
//! the library's. Moving photos into `content/` happens when the entry is
//! saved ([`crate::edit::photos::commit`]).

use axum::Router;
use axum::body::Bytes;
use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::extract::{Path as UrlPath, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::edit::photos::{self, PhotoError, Staged};
use crate::l10n::Msg;
use crate::serve::guard::MAX_BODY;
use crate::serve::http::App;

/// Where a form sends a photo.
pub const UPLOAD: &str = "/_sua/api/anh";
/// The field holding the file.
pub const FILE_FIELD: &str = "anh";
/// The field that asks to keep the original (`1`).
pub const KEEP_FIELD: &str = "giu_goc";

/// The photo routes, merged into the editor's.
pub fn routes() -> Router<App> {
    Router::new()
        .route(UPLOAD, post(upload))
        .route("/_sua/tam/{id}/{name}", get(staged))
}

fn json(status: StatusCode, body: Vec<u8>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response()
}

/// `{"error": "<message>"}` in the editor's language.
fn error(app: &App, status: StatusCode, msg: &Msg) -> Response {
    let m = app.guard.messages();
    let mut text = m.text(msg);
    if let Some(help) = m.help(msg) {
        text = format!("{text}: {help}");
    }
    let body = serde_json::json!({ "error": text }).to_string();
    json(status, body.into_bytes())
}

/// The answer to a multipart body that cannot be read: past the limit
/// (413, the guard's message), or malformed (400).
fn unreadable_form(app: &App, e: &MultipartError) -> Response {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        let mb = |n: usize| n.div_ceil(1024 * 1024);
        let msg = Msg::new("serve-too-large")
            .arg("limit", mb(MAX_BODY))
            .arg("size", "?");
        return error(app, StatusCode::PAYLOAD_TOO_LARGE, &msg);
    }
    let msg = Msg::new("edit-upload-bad-form").arg("detail", e.body_text());
    error(app, StatusCode::BAD_REQUEST, &msg)
}

/// The upload: one photo, made ready on a blocking thread (decoding and
/// encoding a phone photo takes about a second of CPU).
async fn upload(State(app): State<App>, form: Result<Multipart, MultipartRejection>) -> Response {
    let Ok(mut form) = form else {
        let msg = Msg::new("edit-upload-bad-form").arg("detail", "multipart/form-data");
        return error(&app, StatusCode::UNSUPPORTED_MEDIA_TYPE, &msg);
    };
    let mut file: Option<(String, Bytes)> = None;
    let mut keep = false;
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return unreadable_form(&app, &e),
        };
        match field.name() {
            Some(FILE_FIELD) => {
                let name = field.file_name().unwrap_or(FILE_FIELD).to_string();
                match field.bytes().await {
                    Ok(b) => file = Some((name, b)),
                    Err(e) => return unreadable_form(&app, &e),
                }
            }
            Some(KEEP_FIELD) => match field.text().await {
                Ok(v) => keep = v.trim() == "1",
                Err(e) => return unreadable_form(&app, &e),
            },
            _ => {}
        }
    }
    let Some((name, bytes)) = file else {
        return error(
            &app,
            StatusCode::BAD_REQUEST,
            &Msg::new("edit-upload-no-file"),
        );
    };
    let root = app.editor.root().to_path_buf();
    let done = tokio::task::spawn_blocking(move || photos::stage(&root, &name, &bytes, keep)).await;
    match done {
        Ok(Ok(staged)) => answer(&staged),
        Ok(Err(e)) => {
            let status = match e {
                PhotoError::Image(_) | PhotoError::Unreadable { .. } => {
                    StatusCode::UNSUPPORTED_MEDIA_TYPE
                }
                PhotoError::Missing { .. } | PhotoError::Entry(_) => StatusCode::BAD_REQUEST,
                PhotoError::Io { .. } => StatusCode::INTERNAL_SERVER_ERROR,
            };
            error(&app, status, &e.msg())
        }
        Err(e) => {
            let msg = Msg::new("edit-upload-bad-form").arg("detail", e.to_string());
            error(&app, StatusCode::INTERNAL_SERVER_ERROR, &msg)
        }
    }
}

fn answer(staged: &Staged) -> Response {
    match serde_json::to_vec(staged) {
        Ok(body) => json(StatusCode::OK, body),
        Err(e) => json(
            StatusCode::INTERNAL_SERVER_ERROR,
            serde_json::json!({ "error": e.to_string() })
                .to_string()
                .into_bytes(),
        ),
    }
}

/// A staged photo, for the form (gone once the entry is saved).
async fn staged(
    State(app): State<App>,
    UrlPath((id, name)): UrlPath<(String, String)>,
) -> Response {
    let Some(path) = photos::staged_path(app.editor.root(), &id, &name) else {
        return crate::serve::http::text(StatusCode::NOT_FOUND, "not found\n");
    };
    let Ok(Ok(bytes)) = tokio::task::spawn_blocking(move || std::fs::read(path)).await else {
        return crate::serve::http::text(StatusCode::NOT_FOUND, "not found\n");
    };
    let kind = match name.rsplit_once('.').map(|(_, e)| e) {
        Some("png") => "image/png",
        Some("webp") => "image/webp",
        Some("gif") => "image/gif",
        _ => "image/jpeg",
    };
    (StatusCode::OK, [(header::CONTENT_TYPE, kind)], bytes).into_response()
}
