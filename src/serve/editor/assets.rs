//! The editor's own script and style, served under `/_sua/` as files:
//! the editor's policy (`default-src 'self'`) runs no inline script or
//! style, and nothing comes from another site.

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// The script's path.
pub const SCRIPT: &str = "/_sua/tai/sua.js";
/// The style's path.
pub const STYLE: &str = "/_sua/tai/sua.css";

pub async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("assets/sua.js"),
    )
        .into_response()
}

pub async fn style() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("assets/sua.css"),
    )
        .into_response()
}
