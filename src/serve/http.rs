//! The HTTP side of `kheo serve`: hyper reads and writes HTTP/1.1, axum
//! routes, tokio runs them; this module owns only what is kheo's own.
//!
//! What it decides: the routes (the site's pages, the live-reload script
//! and event stream of [`super::live`], the editor's `/_sua/` of
//! [`super::editor`]); how many connections are served at once
//! ([`MAX_CONNECTIONS`]: past it a connection is answered 503 and the
//! server stays up); how long a client may take to send a request's head
//! ([`IDLE`], counted from when the server starts waiting for it, however
//! slowly it trickles in: slowloris); that a connection is kept open only
//! when the client asks `Connection: keep-alive` (browsers do; scripts
//! that read to the end do not). Pretty URLs (`/x/` → `x/index.html`,
//! `/x` → redirect to `/x/`), the site's `404.html`, the reload script
//! injected into HTML answers. Request paths are percent-decoded and
//! refused if they could climb out of the site ([`site_path`]). Who may
//! write, and how much, is [`super::guard`]'s.

use std::net::SocketAddr;
use std::path::{Component, Path};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body as HttpBody, Bytes};
use axum::extract::{ConnectInfo, Request, State as Shared};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use hyper_util::rt::{TokioIo, TokioTimer};
use tower_service::Service;

use super::guard::Guard;
use super::live::{self, State};
use super::memory::Body;

/// How long a connection may take to send a request's head, counted from
/// when the server starts waiting for it (before the first request and
/// between requests).
pub const IDLE: Duration = Duration::from_secs(10);
/// Connections served at once. Browsers open six per site and one event
/// stream per tab; an editor's preview never comes near. Past it a
/// connection is answered 503 at once.
pub const MAX_CONNECTIONS: usize = 512;
/// How often an idle event stream gets a comment, so that a page gone
/// away is noticed (and a proxy does not close the stream).
const PING: Duration = Duration::from_secs(15);

/// What every request handler reads.
#[derive(Clone)]
pub struct App {
    pub state: Arc<State>,
    pub guard: Arc<Guard>,
    /// The site folder, absolute: what the editor reads and writes.
    pub root: Arc<Path>,
}

fn content_type(path: &str) -> &'static str {
    let ext = Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "webmanifest" => "application/manifest+json",
        "wasm" => "application/wasm",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// `s` with its `%XX` escapes decoded; none when a `%` is not followed by
/// two hex digits (a malformed request) or the result is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let well_formed = memchr::memchr_iter(b'%', b).all(|i| {
        b.get(i + 1..i + 3)
            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    });
    if !well_formed {
        return None;
    }
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(std::borrow::Cow::into_owned)
}

/// The site path a request names (`/mo-hinh/x/` → `mo-hinh/x/`), or
/// `None` if it is malformed or could climb out of the site.
pub fn site_path(request_path: &str) -> Option<String> {
    let path = request_path.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut parts = Vec::new();
    for c in Path::new(decoded.trim_start_matches('/')).components() {
        match c {
            Component::Normal(p) => parts.push(p.to_str()?.to_string()),
            Component::CurDir => {}
            _ => return None,
        }
    }
    let mut out = parts.join("/");
    if decoded.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// A plain-text answer.
pub fn text(status: StatusCode, body: impl Into<String>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body.into(),
    )
        .into_response()
}

pub fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The page shown while no build has succeeded yet: the problems, which
/// begin with a line saying what they are in the reader's language.
fn problems_page(problems: &str) -> Vec<u8> {
    let head = problems.lines().next().unwrap_or("kheo");
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{}</title></head><body><pre>{}</pre></body></html>",
        html_escape(head),
        html_escape(problems)
    )
    .into_bytes()
}

/// A page kept in memory, handed to hyper without a copy.
struct Kept(Arc<Vec<u8>>);

impl AsRef<[u8]> for Kept {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// The bytes of a served file; none if a file on disk (a photo) cannot
/// be read any more.
async fn body_bytes(body: &Body) -> Option<Bytes> {
    match body {
        Body::Bytes(b) => Some(Bytes::from_owner(Kept(Arc::clone(b)))),
        Body::File(p) => {
            let p = p.clone();
            tokio::task::spawn_blocking(move || std::fs::read(p).ok())
                .await
                .ok()
                .flatten()
                .map(Bytes::from)
        }
    }
}

/// Answers a GET for `uri` from the last good build.
async fn page(Shared(app): Shared<App>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "method not allowed\n",
        )
            .into_response();
    }
    let target = uri.path();
    let Some(path) = site_path(target) else {
        return text(StatusCode::BAD_REQUEST, "bad request\n");
    };
    let state = &app.state;
    if !state.has_pages() {
        let problems = state.problems().unwrap_or_else(|| "…".into());
        return html(
            StatusCode::INTERNAL_SERVER_ERROR,
            live::inject(&problems_page(&problems)),
        );
    }
    let files = state.files();
    let key = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    let (status, key, found) = match files.get(&key) {
        Some(b) => (StatusCode::OK, key, Some(b)),
        None if files.get(&format!("{path}/index.html")).is_some() => {
            let location = format!("{target}/");
            return (
                StatusCode::MOVED_PERMANENTLY,
                [(header::LOCATION, location)],
            )
                .into_response();
        }
        None => (
            StatusCode::NOT_FOUND,
            "404.html".to_string(),
            files.get("404.html"),
        ),
    };
    let bytes = match found {
        Some(b) => body_bytes(b).await,
        None => None,
    };
    let Some(bytes) = bytes else {
        return text(StatusCode::NOT_FOUND, "not found\n");
    };
    let ctype = content_type(&key);
    if ctype.starts_with("text/html") {
        return html(status, live::inject(&bytes));
    }
    (status, [(header::CONTENT_TYPE, ctype)], bytes).into_response()
}

pub fn html(status: StatusCode, body: Vec<u8>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        live::SCRIPT,
    )
        .into_response()
}

/// The file of the site a page connecting to the event stream shows: its
/// `page=` parameter (`location.pathname`), as a file (`mo-hinh/x/` →
/// `mo-hinh/x/index.html`).
fn shown_page(query: Option<&str>) -> Option<String> {
    let value = query?.split('&').find_map(|kv| kv.strip_prefix("page="))?;
    let mut path = site_path(&percent_decode(value)?)?;
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    }
    Some(path)
}

/// Streams events to one page until it goes away (the stream is dropped,
/// and with it the page's channel).
async fn events(Shared(app): Shared<App>, uri: Uri) -> Response {
    let (first, rx) = app.state.subscribe(shown_page(uri.query()));
    let mut head = String::from("retry: 500\n\n");
    for e in first {
        head.push_str(&e);
    }
    let later = futures_util::stream::unfold(rx, |mut rx| async move {
        let msg = match tokio::time::timeout(PING, rx.recv()).await {
            Ok(Some(e)) => Bytes::from(e.to_string()),
            Ok(None) => return None,
            Err(_) => Bytes::from_static(b": ping\n\n"),
        };
        Some((Ok::<_, std::convert::Infallible>(msg), rx))
    });
    let first = futures_util::stream::once(async move { Ok(Bytes::from(head)) });
    let body = HttpBody::from_stream(futures_util::StreamExt::chain(first, later));
    (
        [
            (header::CONTENT_TYPE, "text/event-stream"),
            (header::CONNECTION, "keep-alive"),
            (header::HeaderName::from_static("x-accel-buffering"), "no"),
        ],
        body,
    )
        .into_response()
}

/// Headers every answer carries, and whether the connection stays open:
/// only when the client asked (one that reads to the end of the stream
/// would otherwise wait for the idle timeout).
async fn common_headers(req: Request, next: Next) -> Response {
    let keep = asks_keep_alive(req.headers());
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if !h.contains_key(header::CONNECTION) {
        if keep {
            h.insert(header::CONNECTION, HeaderValue::from_static("keep-alive"));
            h.insert(
                header::HeaderName::from_static("keep-alive"),
                HeaderValue::from_static("timeout=10"),
            );
        } else {
            h.insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
    }
    res
}

fn asks_keep_alive(h: &HeaderMap) -> bool {
    h.get_all(header::CONNECTION).iter().any(|v| {
        v.to_str().is_ok_and(|v| {
            v.split(',')
                .any(|t| t.trim().eq_ignore_ascii_case("keep-alive"))
        })
    })
}

/// Every route of the server.
pub fn router(app: App) -> Router {
    Router::new()
        .route(live::SCRIPT_PATH, get(script))
        .route(live::EVENTS, get(events))
        .merge(super::editor::routes())
        .fallback(page)
        .layer(middleware::from_fn_with_state(
            app.clone(),
            super::guard::check,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(super::guard::MAX_BODY))
        .layer(middleware::from_fn(common_headers))
        .with_state(app)
}

/// The answer of a connection past [`MAX_CONNECTIONS`].
fn busy() -> Response {
    let mut r = text(
        StatusCode::SERVICE_UNAVAILABLE,
        "too many connections: try again\n",
    );
    let h = r.headers_mut();
    h.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    h.insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}

/// Accepts connections until the process ends, each served on a task of
/// its own while fewer than [`MAX_CONNECTIONS`] are open.
pub fn serve(listener: std::net::TcpListener, app: App) -> std::io::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("kheo-http")
        .build()?;
    listener.set_nonblocking(true)?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let open = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
        let routes = router(app);
        loop {
            let (stream, peer) = match listener.accept().await {
                Ok(c) => c,
                // Out of file descriptors: this connection is lost, not
                // the server; let a few close before accepting again.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            };
            let _ = stream.set_nodelay(true);
            let slot = Arc::clone(&open).try_acquire_owned().ok();
            let routes = routes.clone();
            tokio::spawn(connection(stream, peer, slot, routes));
        }
    })
}

/// Serves one connection: requests one after another while the client
/// keeps it open, or one 503 when there was no `slot` for it.
async fn connection(
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    slot: Option<tokio::sync::OwnedSemaphorePermit>,
    routes: Router,
) {
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(IDLE)
        // `Content-Length`, not `content-length`: what the hand-written
        // server sent, and what scripts that match headers by case expect.
        .title_case_headers(true)
        .keep_alive(slot.is_some());
    // A client that stops reading its answer is let go too.
    let mut stream = tokio_io_timeout::TimeoutStream::new(stream);
    stream.set_write_timeout(Some(IDLE));
    let io = TokioIo::new(Box::pin(stream));
    let svc = hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
        let mut routes = routes.clone();
        let full = slot.is_none();
        async move {
            if full {
                return Ok::<_, std::convert::Infallible>(busy());
            }
            req.extensions_mut().insert(ConnectInfo(peer));
            routes.call(req.map(HttpBody::new)).await
        }
    });
    let _ = builder.serve_connection(io, svc).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_event_stream_learns_the_page_it_serves() {
        let p = |q: &str| shown_page(Some(q));
        assert_eq!(
            p("page=%2Fmo-hinh%2Fx%2F"),
            Some("mo-hinh/x/index.html".into())
        );
        assert_eq!(p("page=%2F"), Some("index.html".into()));
        assert_eq!(p("a=1&page=%2F404.html"), Some("404.html".into()));
        assert_eq!(shown_page(None), None);
        assert_eq!(p("page=%2F..%2Fetc%2F"), None);
    }

    #[test]
    fn traversal_is_refused() {
        assert_eq!(site_path("/mo-hinh/x/"), Some("mo-hinh/x/".into()));
        assert_eq!(site_path("/"), Some(String::new()));
        assert_eq!(site_path("/a%20b.jpg?v=1"), Some("a b.jpg".into()));
        assert_eq!(site_path("/../etc/passwd"), None);
        assert_eq!(site_path("/%2e%2e/etc/passwd"), None);
        assert_eq!(site_path("/a/..%2f..%2fetc"), None);
        assert_eq!(site_path("/..\\etc"), None);
        assert_eq!(site_path("/%ZZ"), None);
    }

    #[test]
    fn keep_alive_only_when_asked() {
        let mut h = HeaderMap::new();
        assert!(!asks_keep_alive(&h));
        h.insert(header::CONNECTION, HeaderValue::from_static("Keep-Alive"));
        assert!(asks_keep_alive(&h));
        h.insert(header::CONNECTION, HeaderValue::from_static("close"));
        assert!(!asks_keep_alive(&h));
    }
}
