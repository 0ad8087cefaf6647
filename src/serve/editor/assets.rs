//! The editor's own script and style, served under `/_sua/` as files:
//! the editor's policy (`default-src 'self'`) runs no inline script or
//! style, and nothing comes from another site.

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// The script's path.
pub const SCRIPT: &str = "/_sua/tai/sua.js";
/// The style's path.
pub const STYLE: &str = "/_sua/tai/sua.css";
/// The icon's path (else the browser asks the site for `/favicon.ico`).
pub const ICON: &str = "/_sua/tai/sua.svg";

pub async fn icon() -> Response {
    (
        [(header::CONTENT_TYPE, "image/svg+xml")],
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\"><rect width=\"16\" height=\"16\" rx=\"3\" fill=\"#0b4f8a\"/><path d=\"M4 12l1-3 5-5 2 2-5 5z\" fill=\"#fff\"/></svg>",
    )
        .into_response()
}

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
