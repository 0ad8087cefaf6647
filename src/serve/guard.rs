//! Who may use the editor of `kheo serve`, and how much they may send.
//!
//! A web page the editor visits in the same browser can send requests to
//! the server on 127.0.0.1 (CSRF), and a page on a name that resolves to
//! 127.0.0.1 can read its answers (DNS rebinding). So: the editor
//! (`/_sua/`) answers the loopback address alone, and only under the
//! server's own names (the `Host` header); every write request (any
//! method but GET and HEAD), wherever it goes, must come from the
//! server's own origin (`Origin`, else `Referer`) and carry this run's
//! random [`Guard::token`] (the `X-Kheo-Token` header, a `_token` query
//! parameter, or a `_token` field of a URL-encoded form). A request body
//! is at most [`MAX_BODY`]. Each refusal says why, in the editor's
//! language. What a write may touch on disk is [`crate::edit::content_path`]'s.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use super::Report;
use super::http::{App, text};
use crate::l10n::Msg;

/// The largest request body: a phone photo of 20 MB and more, with the
/// form around it (multipart adds little).
pub const MAX_BODY: usize = 32 * 1024 * 1024;
/// The header a script sends the token in.
pub const TOKEN_HEADER: &str = "x-kheo-token";
/// The form field or query parameter a form sends the token in.
pub const TOKEN_FIELD: &str = "_token";
/// Where the editor lives.
pub const EDITOR: &str = "/_sua";

/// This run's secrets and names.
pub struct Guard {
    token: String,
    port: u16,
    ui: Arc<dyn Report>,
}

impl Guard {
    /// A guard for a server on `port`, with a fresh random token.
    pub fn new(port: u16, ui: Arc<dyn Report>) -> Result<Guard, getrandom::Error> {
        let token = crate::edit::random_hex(32)?;
        Ok(Guard { token, port, ui })
    }

    /// The token every write request must carry; the editor's pages embed it.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The reader's language.
    pub fn messages(&self) -> &crate::l10n::Messages {
        self.ui.messages()
    }

    /// The names this server answers the editor under (`127.0.0.1:1111`…).
    fn hosts(&self) -> [String; 3] {
        let p = self.port;
        [
            format!("127.0.0.1:{p}"),
            format!("localhost:{p}"),
            format!("[::1]:{p}"),
        ]
    }

    /// The address an editor opens.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}{EDITOR}/", self.port)
    }

    fn own_host(&self, host: &str) -> bool {
        self.hosts().iter().any(|h| h.eq_ignore_ascii_case(host))
    }

    /// Whether `origin` (`http://127.0.0.1:1111`) is this server's.
    fn own_origin(&self, origin: &str) -> bool {
        origin
            .strip_prefix("http://")
            .is_some_and(|host| self.own_host(host))
    }

    /// Whether a request came from one of this server's own pages: its
    /// `Origin`, or when a browser sent none, its `Referer`. A request
    /// with neither is refused: every browser sends one of them on a
    /// write, and a script outside the browser can send them too.
    fn same_origin(&self, h: &HeaderMap) -> Result<(), String> {
        let get = |n| h.get(n).and_then(|v| v.to_str().ok());
        if let Some(origin) = get(header::ORIGIN) {
            return if self.own_origin(origin) {
                Ok(())
            } else {
                Err(origin.to_string())
            };
        }
        match get(header::REFERER) {
            Some(r) => {
                let rest = r.strip_prefix("http://").unwrap_or("");
                let host = rest.split('/').next().unwrap_or("");
                if r.starts_with("http://") && self.own_host(host) {
                    Ok(())
                } else {
                    Err(r.split('?').next().unwrap_or(r).to_string())
                }
            }
            None => Err("-".to_string()),
        }
    }

    /// Whether `given` is the token, compared in constant time.
    fn is_token(&self, given: &str) -> bool {
        let (a, b) = (self.token.as_bytes(), given.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }

    fn refuse(&self, status: StatusCode, msg: Msg) -> Response {
        text(status, format!("{}\n", self.messages().text(&msg)))
    }

    /// The answer to a body past [`MAX_BODY`] (also for handlers that find
    /// it while reading a body sent without its length).
    pub fn too_large(&self, size: Option<u64>) -> Response {
        let mb = |n: u64| n.div_ceil(1024 * 1024);
        let msg = Msg::new("serve-too-large").arg("limit", mb(MAX_BODY as u64));
        let msg = match size {
            Some(s) => msg.arg("size", mb(s)),
            None => msg.arg("size", "?"),
        };
        self.refuse(StatusCode::PAYLOAD_TOO_LARGE, msg)
    }
}

fn is_editor(path: &str) -> bool {
    path == EDITOR || path.starts_with("/_sua/")
}

fn is_write(m: &Method) -> bool {
    m != Method::GET && m != Method::HEAD
}

/// The value of `name` in a URL-encoded `query` or form.
fn field(encoded: &[u8], name: &str) -> Option<String> {
    form_urlencoded::parse(encoded)
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

fn is_form(h: &HeaderMap) -> bool {
    h.get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}

/// The middleware: refuses what the module's doc says, lets the rest
/// through unchanged (a form read for its token is handed on whole).
pub async fn check(State(app): State<App>, req: Request, next: Next) -> Response {
    let g = &app.guard;
    let path = req.uri().path();
    let (editor, write) = (is_editor(path), is_write(req.method()));
    if !editor && !write {
        return next.run(req).await;
    }
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_canonical());
    if !peer.is_some_and(|ip| ip.is_loopback()) {
        return g.refuse(
            StatusCode::FORBIDDEN,
            Msg::new("serve-refused-remote").arg("url", g.url()),
        );
    }
    // One `Host`, or none at all: never two to choose from.
    let mut hosts = req.headers().get_all(header::HOST).iter();
    let host = match (hosts.next(), hosts.next()) {
        (Some(h), None) => h.to_str().unwrap_or(""),
        _ => "",
    };
    if editor && !g.own_host(host) {
        return g.refuse(
            StatusCode::FORBIDDEN,
            Msg::new("serve-refused-host")
                .arg("host", host.to_string())
                .arg("url", g.url()),
        );
    }
    if !write {
        return next.run(req).await;
    }
    let length = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if length.is_some_and(|n| n > MAX_BODY as u64) {
        return g.too_large(length);
    }
    if let Err(from) = g.same_origin(req.headers()) {
        return g.refuse(
            StatusCode::FORBIDDEN,
            Msg::new("serve-refused-origin")
                .arg("origin", from)
                .arg("url", g.url()),
        );
    }
    let mut given = req
        .headers()
        .get(TOKEN_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| field(req.uri().query()?.as_bytes(), TOKEN_FIELD));
    let mut req = req;
    if given.is_none() && is_form(req.headers()) {
        let (parts, body) = req.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
            return g.too_large(None);
        };
        given = field(&bytes, TOKEN_FIELD);
        req = Request::from_parts(parts, axum::body::Body::from(bytes));
    }
    if !given.is_some_and(|t| g.is_token(&t)) {
        return g.refuse(
            StatusCode::FORBIDDEN,
            Msg::new("serve-refused-token").arg("url", g.url()),
        );
    }
    next.run(req).await
}

#[cfg(test)]
#[path = "guard_tests.rs"]
mod tests;
