//! A small HTTP/1.1 server for previewing a site: GET and HEAD only, one
//! thread per connection up to [`MAX_CONNECTIONS`] (past it a connection
//! gets a 503 and the server stays up), pages from the last good build in
//! memory. A request's head must arrive within [`IDLE`] of its first byte
//! being awaited, however slowly it trickles in (slowloris).
//! A connection is closed after its answer unless the client asks
//! `Connection: keep-alive` (browsers do; scripts that read to the end do
//! not), then it serves requests until the client goes quiet. Request lines
//! and headers are bounded, so a client cannot grow the server's memory.
//!
//! Pretty URLs (`/x/` → `x/index.html`, `/x` → redirect to `/x/`), the
//! site's `404.html`, the live-reload script injected into HTML responses,
//! and the event stream of [`super::live`]. Request paths are
//! percent-decoded and refused if they could climb out of the site.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::live::{self, State};
use super::memory::Body;

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
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "webmanifest" => "application/manifest+json",
        "wasm" => "application/wasm",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
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

struct Response<'a> {
    status: &'a str,
    ctype: &'a str,
    body: Vec<u8>,
    extra: String,
}

impl Response<'_> {
    fn text(status: &str, body: &str) -> Response<'static> {
        let status: &'static str = match status {
            "400" => "400 Bad Request",
            "405" => "405 Method Not Allowed",
            "503" => "503 Service Unavailable",
            _ => "500 Internal Server Error",
        };
        Response {
            status,
            ctype: "text/plain; charset=utf-8",
            body: body.as_bytes().to_vec(),
            extra: String::new(),
        }
    }
}

/// Writes one answer; false when the client has gone.
fn send(stream: &mut TcpStream, r: &Response, head: bool, keep_alive: bool) -> bool {
    let connection = if keep_alive {
        "keep-alive\r\nKeep-Alive: timeout=10"
    } else {
        "close"
    };
    let header = format!(
        "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n{}Connection: {connection}\r\n\r\n",
        r.status,
        r.ctype,
        r.body.len(),
        r.extra
    );
    let body: &[u8] = if head { &[] } else { &r.body };
    stream
        .write_all(header.as_bytes())
        .and_then(|()| stream.write_all(body))
        .and_then(|()| stream.flush())
        .is_ok()
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
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

fn body_bytes(body: &Body) -> Option<Vec<u8>> {
    match body {
        Body::Bytes(b) => Some(b.as_ref().clone()),
        Body::File(p) => std::fs::read(p).ok(),
    }
}

/// Answers a GET for `target` from the last good build.
fn page(state: &State, target: &str) -> Response<'static> {
    if target.split('?').next() == Some(live::SCRIPT_PATH) {
        return Response {
            status: "200 OK",
            ctype: "text/javascript; charset=utf-8",
            body: live::SCRIPT.as_bytes().to_vec(),
            extra: String::new(),
        };
    }
    let Some(path) = site_path(target) else {
        return Response::text("400", "bad request\n");
    };
    if !state.has_pages() {
        let problems = state.problems().unwrap_or_else(|| "…".into());
        return Response {
            status: "500 Internal Server Error",
            ctype: "text/html; charset=utf-8",
            body: live::inject(&problems_page(&problems)),
            extra: String::new(),
        };
    }
    let files = state.files();
    let key = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    let (status, key, found) = match files.get(&key) {
        Some(b) => ("200 OK", key, Some(b)),
        None if files.get(&format!("{path}/index.html")).is_some() => {
            let location = target.split('?').next().unwrap_or("/");
            return Response {
                status: "301 Moved Permanently",
                ctype: "text/plain; charset=utf-8",
                body: Vec::new(),
                extra: format!("Location: {location}/\r\n"),
            };
        }
        None => (
            "404 Not Found",
            "404.html".to_string(),
            files.get("404.html"),
        ),
    };
    let Some(bytes) = found.and_then(body_bytes) else {
        return Response {
            status: "404 Not Found",
            ctype: "text/plain; charset=utf-8",
            body: b"not found\n".to_vec(),
            extra: String::new(),
        };
    };
    let ctype = content_type(&key);
    let body = if ctype.starts_with("text/html") {
        live::inject(&bytes)
    } else {
        bytes
    };
    Response {
        status,
        ctype,
        body,
        extra: String::new(),
    }
}

/// The file of the site a page connecting to the event stream shows: its
/// `page=` parameter (`location.pathname`), as a file (`mo-hinh/x/` →
/// `mo-hinh/x/index.html`).
fn shown_page(target: &str) -> Option<String> {
    let query = target.split_once('?')?.1;
    let value = query.split('&').find_map(|kv| kv.strip_prefix("page="))?;
    let mut path = site_path(&percent_decode(value)?)?;
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    }
    Some(path)
}

/// Streams events to one page until it goes away.
fn events(mut stream: TcpStream, state: &State, target: &str) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let header = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nX-Accel-Buffering: no\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n";
    if stream.write_all(header.as_bytes()).is_err() {
        return;
    }
    let (first, rx) = state.subscribe(shown_page(target));
    for e in first {
        if stream.write_all(e.as_bytes()).is_err() {
            return;
        }
    }
    let _ = stream.flush();
    loop {
        let msg = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(e) => e.to_string(),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
            Err(_) => return,
        };
        if stream.write_all(msg.as_bytes()).is_err() || stream.flush().is_err() {
            return;
        }
    }
}

/// Longest request line or header line read; longer ones end the connection.
const MAX_LINE: u64 = 8 * 1024;
/// Most header lines read for one request.
const MAX_HEADERS: usize = 100;
/// How long a connection may take to send a request's head, counted from
/// when the server starts waiting for it (before the first request and
/// between requests).
const IDLE: Duration = Duration::from_secs(10);
/// Connections served at once, each on a thread of its own. Browsers
/// open six per site and one event stream per tab; an editor's preview
/// never comes near. Past it a connection is answered 503 at once.
pub const MAX_CONNECTIONS: usize = 512;

/// A stream whose reads fail once a deadline has passed: a client that
/// sends a byte every few seconds cannot hold a connection open by
/// resetting a per-read timeout.
struct Deadline {
    stream: TcpStream,
    until: Instant,
}

impl Read for Deadline {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        self.stream.read(buf)
    }
}

/// Accepts connections for ever, each handled on a thread of its own
/// while fewer than [`MAX_CONNECTIONS`] are open.
pub fn serve(listener: &TcpListener, state: &Arc<State>) {
    let open = Arc::new(AtomicUsize::new(0));
    for mut stream in listener.incoming().flatten() {
        if open.load(Ordering::Acquire) >= MAX_CONNECTIONS {
            let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
            let mut r = Response::text("503", "too many connections: try again\n");
            r.extra = "Retry-After: 1\r\n".into();
            send(&mut stream, &r, false, false);
            continue;
        }
        let slot = Slot::take(&open);
        let state = Arc::clone(state);
        // Out of threads: this one connection is dropped (and its slot
        // given back with the closure), not the server.
        let _ = std::thread::Builder::new().spawn(move || {
            let _slot = slot;
            handle(stream, state);
        });
    }
}

/// One of the [`MAX_CONNECTIONS`], given back when dropped.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(open: &Arc<AtomicUsize>) -> Slot {
        open.fetch_add(1, Ordering::AcqRel);
        Slot(Arc::clone(open))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// One request's first line and whether the client asked to keep the
/// connection open.
struct Request {
    method: String,
    target: String,
    keep_alive: bool,
}

/// One line, at most [`MAX_LINE`] bytes; `None` at the end of the stream,
/// on an error or on a line that is too long.
fn read_line(reader: &mut impl BufRead) -> Option<String> {
    let mut buf = Vec::new();
    let n = reader.take(MAX_LINE).read_until(b'\n', &mut buf).ok()?;
    if n == 0 || !buf.ends_with(b"\n") {
        return None;
    }
    Some(String::from_utf8_lossy(&buf).into_owned())
}

/// Reads the next request's head; `None` when the client is done or broken.
fn read_request(reader: &mut impl BufRead) -> Option<Request> {
    let line = read_line(reader)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("/").to_string();
    // Only a client that says so explicitly gets the connection kept: one
    // that reads the answer to its end would otherwise wait for the idle
    // timeout.
    let mut keep_alive = false;
    for _ in 0..MAX_HEADERS {
        let h = read_line(reader)?;
        if h.trim().is_empty() {
            return Some(Request {
                method,
                target,
                keep_alive,
            });
        }
        if let Some((name, value)) = h.split_once(':')
            && name.trim().eq_ignore_ascii_case("connection")
        {
            keep_alive = value
                .split(',')
                .any(|v| v.trim().eq_ignore_ascii_case("keep-alive"));
        }
    }
    None
}

/// Handles one connection: requests one after another while the client
/// keeps it open.
pub fn handle(mut stream: TcpStream, state: Arc<State>) {
    let _ = stream.set_nodelay(true);
    // A client that stops reading its answer is let go too.
    let _ = stream.set_write_timeout(Some(IDLE));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => Deadline {
            stream: s,
            until: Instant::now() + IDLE,
        },
        Err(_) => return,
    });
    while let Some(req) = read_request(&mut reader) {
        let head = req.method == "HEAD";
        if req.method != "GET" && !head {
            let mut r = Response::text("405", "method not allowed\n");
            r.extra = "Allow: GET, HEAD\r\n".into();
            send(&mut stream, &r, false, false);
            return;
        }
        if req.target.split('?').next() == Some(live::EVENTS) && !head {
            events(stream, &state, &req.target);
            return;
        }
        let r = page(&state, &req.target);
        if !send(&mut stream, &r, head, req.keep_alive) || !req.keep_alive {
            return;
        }
        reader.get_mut().until = Instant::now() + IDLE;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::memory::Files;

    #[test]
    fn the_event_stream_learns_the_page_it_serves() {
        let p = |t: &str| shown_page(t);
        assert_eq!(
            p("/__kheo/reload?page=%2Fmo-hinh%2Fx%2F"),
            Some("mo-hinh/x/index.html".into())
        );
        assert_eq!(p("/__kheo/reload?page=%2F"), Some("index.html".into()));
        assert_eq!(
            p("/__kheo/reload?a=1&page=%2F404.html"),
            Some("404.html".into())
        );
        assert_eq!(p("/__kheo/reload"), None);
        assert_eq!(p("/__kheo/reload?page=%2F..%2Fetc%2F"), None);
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
    fn keep_alive_only_when_asked_and_long_lines_end_the_connection() {
        let mut r = std::io::Cursor::new(
            "GET /a/ HTTP/1.1\r\nHost: x\r\nConnection: Keep-Alive\r\n\r\nHEAD /b HTTP/1.1\r\n\r\n",
        );
        let a = read_request(&mut r).expect("first request");
        assert_eq!(
            (a.method.as_str(), a.target.as_str(), a.keep_alive),
            ("GET", "/a/", true)
        );
        let b = read_request(&mut r).expect("second request");
        assert_eq!(
            (b.method.as_str(), b.target.as_str(), b.keep_alive),
            ("HEAD", "/b", false)
        );
        assert!(read_request(&mut r).is_none(), "end of stream");

        let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_LINE as usize));
        assert!(read_request(&mut std::io::Cursor::new(long)).is_none());
        let many = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "X: y\r\n".repeat(MAX_HEADERS + 1)
        );
        assert!(read_request(&mut std::io::Cursor::new(many)).is_none());
    }

    fn state_with(files: &[(&str, &str)]) -> State {
        let st = State::new();
        let mut f = Files::default();
        for (k, v) in files {
            f.map.insert(
                (*k).into(),
                Body::Bytes(std::sync::Arc::new(v.as_bytes().to_vec())),
            );
        }
        st.publish(std::sync::Arc::new(f));
        st
    }

    #[test]
    fn pretty_urls_redirects_and_404() {
        let st = state_with(&[
            ("index.html", "<body>home</body>"),
            ("mo-hinh/a/index.html", "<body>a</body>"),
            ("404.html", "<body>không thấy</body>"),
            ("css/x.css", "body{}"),
        ]);
        let r = page(&st, "/mo-hinh/a/");
        assert_eq!(r.status, "200 OK");
        assert!(String::from_utf8_lossy(&r.body).contains("live.js"));
        let r = page(&st, "/mo-hinh/a");
        assert!(r.status.starts_with("301"));
        assert!(r.extra.contains("Location: /mo-hinh/a/"));
        let r = page(&st, "/khong-co/");
        assert!(r.status.starts_with("404"));
        assert!(String::from_utf8_lossy(&r.body).contains("không thấy"));
        let r = page(&st, "/css/x.css");
        assert_eq!(r.body, b"body{}", "no script in non-HTML files");
    }
}
