//! The guard and the routes, called as hyper calls them (no socket).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Body as HttpBody;
use axum::extract::ConnectInfo;
use axum::http::{Request as HttpRequest, StatusCode};
use axum::routing::post;
use tower_service::Service;

use super::*;
use crate::l10n::{Lang, Messages};
use crate::serve::http::{App, router};
use crate::serve::live::State as Live;
use crate::serve::memory::{Body, Files};

const PORT: u16 = 4321;
const OWN: &str = "http://127.0.0.1:4321";

struct Quiet(Messages);

impl Report for Quiet {
    fn info(&self, _: &Msg) {}
    fn detail(&self, _: &Msg) {}
    fn warning(&self, _: &Msg) {}
    fn diagnostics(&self, _: &crate::diag::Diagnostics, _: &std::path::Path) {}
    fn messages(&self) -> &Messages {
        &self.0
    }
}

fn app(lang: Lang, files: &[(&str, &str)]) -> App {
    let state = Live::new();
    let mut f = Files::default();
    for (k, v) in files {
        f.map
            .insert((*k).into(), Body::Bytes(Arc::new(v.as_bytes().to_vec())));
    }
    state.publish(Arc::new(f));
    state.set_entries(vec![crate::serve::editor::Entry {
        award: false,
        title: "Đường hoa <Lê Lợi>".into(),
        file: "content/models/a.md".into(),
        locality: "Hà Nội / Hoàn Kiếm".into(),
        ..Default::default()
    }]);
    let ui: Arc<dyn Report> = Arc::new(Quiet(Messages::new(lang)));
    App {
        state: Arc::new(state),
        guard: Arc::new(Guard::new(PORT, ui).expect("token")),
        editor: Arc::new(crate::serve::editor::Editor::new(std::env::temp_dir())),
    }
}

/// A route that answers what it was sent, behind the guard alone.
fn echo(app: &App) -> Router {
    Router::new()
        .route("/_sua/echo", post(|body: String| async move { body }))
        .layer(axum::middleware::from_fn_with_state(app.clone(), check))
        .with_state(app.clone())
}

/// A request from `peer` (loopback unless said), with `Host` set.
fn request(method: &str, uri: &str, headers: &[(&str, &str)], body: &str) -> HttpRequest<HttpBody> {
    let mut b = HttpRequest::builder().method(method).uri(uri);
    if !headers.iter().any(|(k, _)| *k == "host") {
        b = b.header("host", "127.0.0.1:4321");
    }
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    let mut r = b.body(HttpBody::from(body.to_string())).expect("request");
    let peer: SocketAddr = ([127, 0, 0, 1], 50000).into();
    r.extensions_mut().insert(ConnectInfo(peer));
    r
}

fn from(mut r: HttpRequest<HttpBody>, peer: [u8; 4]) -> HttpRequest<HttpBody> {
    let peer: SocketAddr = (peer, 50000).into();
    r.extensions_mut().insert(ConnectInfo(peer));
    r
}

/// (status, headers, body) of `req` through `routes`.
fn send(
    mut routes: Router,
    req: HttpRequest<HttpBody>,
) -> (StatusCode, axum::http::HeaderMap, String) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async move {
        let res = routes.call(req).await.expect("infallible");
        let (parts, body) = res.into_parts();
        let bytes = axum::body::to_bytes(body, usize::MAX).await.expect("body");
        (
            parts.status,
            parts.headers,
            String::from_utf8_lossy(&bytes).into_owned(),
        )
    })
}

#[test]
fn writes_need_the_servers_origin_and_the_token() {
    let a = app(Lang::En, &[]);
    let token = a.guard.token().to_string();
    let form = |t: &str| format!("title=A&{TOKEN_FIELD}={t}");
    let ct = ("content-type", "application/x-www-form-urlencoded");

    // Another site's page posting a form: refused, with the reason.
    let (code, _, body) = send(
        echo(&a),
        request(
            "POST",
            "/_sua/echo",
            &[("origin", "http://evil.example"), ct],
            &form(&token),
        ),
    );
    assert_eq!(code, StatusCode::FORBIDDEN);
    assert!(
        body.contains("another site (http://evil.example)"),
        "{body}"
    );
    // The same from a page on a name that resolves to 127.0.0.1.
    let (code, _, _) = send(
        echo(&a),
        request(
            "POST",
            "/_sua/echo",
            &[("origin", "http://evil.example:4321"), ct],
            &form(&token),
        ),
    );
    assert_eq!(code, StatusCode::FORBIDDEN);
    // No Origin, a Referer from elsewhere, or neither: refused.
    for h in [vec![("referer", "http://evil.example/x")], vec![]] {
        let (code, _, _) = send(echo(&a), request("POST", "/_sua/echo", &h, ""));
        assert_eq!(code, StatusCode::FORBIDDEN, "{h:?}");
    }
    // From the server's own page, but without the token or with another.
    let (code, _, body) = send(
        echo(&a),
        request("POST", "/_sua/echo", &[("origin", OWN), ct], "title=A"),
    );
    assert_eq!(code, StatusCode::FORBIDDEN);
    assert!(body.contains("does not carry this session's key"), "{body}");
    let other = "0".repeat(token.len());
    let (code, _, _) = send(
        echo(&a),
        request("POST", "/_sua/echo", &[("origin", OWN), ct], &form(&other)),
    );
    assert_eq!(code, StatusCode::FORBIDDEN);

    // The token in the form, the header or the query: let through, and
    // the form reaches the handler whole.
    let (code, _, body) = send(
        echo(&a),
        request("POST", "/_sua/echo", &[("origin", OWN), ct], &form(&token)),
    );
    assert_eq!((code, body), (StatusCode::OK, form(&token)));
    let (code, _, body) = send(
        echo(&a),
        request(
            "POST",
            "/_sua/echo",
            &[
                ("referer", "http://localhost:4321/_sua/"),
                (TOKEN_HEADER, &token),
            ],
            "{}",
        ),
    );
    assert_eq!((code, body.as_str()), (StatusCode::OK, "{}"));
    let (code, _, _) = send(
        echo(&a),
        request(
            "POST",
            &format!("/_sua/echo?{TOKEN_FIELD}={token}"),
            &[("origin", OWN)],
            "x",
        ),
    );
    assert_eq!(code, StatusCode::OK);

    // Writes elsewhere than the editor are guarded as well.
    let (code, _, _) = send(router(a.clone()), request("DELETE", "/mo-hinh/", &[], ""));
    assert_eq!(code, StatusCode::FORBIDDEN);
}

#[test]
fn the_editor_answers_this_computer_under_its_own_names_only() {
    let a = app(Lang::Vi, &[("index.html", "<body>home</body>")]);
    let (code, headers, page) = send(router(a.clone()), request("GET", "/_sua/", &[], ""));
    assert_eq!(code, StatusCode::OK, "{page}");
    assert_eq!(headers["x-frame-options"], "DENY");
    let doc = scraper::Html::parse_document(&page);
    let sel = |s| scraper::Selector::parse(s).expect("selector");
    let meta = doc
        .select(&sel("meta[name=kheo-token]"))
        .next()
        .expect("token meta");
    assert_eq!(meta.value().attr("content"), Some(a.guard.token()));
    let cells: Vec<String> = doc
        .select(&sel("tbody td"))
        .map(|td| td.text().collect())
        .collect();
    assert_eq!(
        cells,
        [
            "Mô hình",
            "Đường hoa <Lê Lợi>",
            "content/models/a.md",
            "Hà Nội / Hoàn Kiếm",
            "",
            "0",
            ""
        ]
    );
    assert!(page.contains("<title>Sửa nội dung</title>"), "{page}");

    // Another name for 127.0.0.1 (DNS rebinding) cannot read it.
    let (code, _, body) = send(
        router(a.clone()),
        request("GET", "/_sua/", &[("host", "evil.example:4321")], ""),
    );
    assert_eq!(code, StatusCode::FORBIDDEN);
    assert!(body.contains("evil.example:4321"), "{body}");
    // Two names at once: refused, whichever comes first.
    let (code, _, _) = send(
        router(a.clone()),
        request(
            "GET",
            "/_sua/",
            &[("host", "127.0.0.1:4321"), ("host", "evil.example:4321")],
            "",
        ),
    );
    assert_eq!(code, StatusCode::FORBIDDEN);
    // Another computer (kheo serve --bind 0.0.0.0): the site, not the editor.
    let remote = |path| from(request("GET", path, &[], ""), [192, 168, 1, 9]);
    assert_eq!(
        send(router(a.clone()), remote("/_sua/")).0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(send(router(a.clone()), remote("/")).0, StatusCode::OK);
    // Never a page of the site under /_sua/.
    assert_eq!(
        send(router(a.clone()), request("GET", "/_sua/khong-co", &[], "")).0,
        StatusCode::NOT_FOUND
    );
}

#[test]
fn a_body_past_the_limit_is_refused_with_its_size_in_both_languages() {
    for (lang, want) in [(Lang::En, "at most 32 MB"), (Lang::Vi, "tối đa 32 MB")] {
        let a = app(lang, &[]);
        let len = (MAX_BODY + 1).to_string();
        let req = request(
            "POST",
            "/_sua/echo",
            &[
                ("origin", OWN),
                (TOKEN_HEADER, a.guard.token()),
                ("content-length", &len),
            ],
            "",
        );
        let (code, _, body) = send(echo(&a), req);
        assert_eq!(code, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(body.contains(want), "{body}");
    }
    // A 20 MB photo and its form get through.
    const { assert!(MAX_BODY > 21 * 1024 * 1024) };
}

/// An upload sent without its length (chunked) is cut at the limit by
/// axum while the photo route reads it: answered 413 as JSON, as the
/// form reads every answer of that route; a body that is not a
/// multipart form is 415.
#[test]
fn an_upload_past_the_limit_without_its_length_is_refused_as_json() {
    for (lang, want) in [(Lang::En, "at most 32 MB"), (Lang::Vi, "tối đa 32 MB")] {
        let a = app(lang, &[]);
        let big = format!(
            "--b\r\nContent-Disposition: form-data; name=\"anh\"; filename=\"a.jpg\"\r\n\r\n{}\r\n--b--\r\n",
            "x".repeat(MAX_BODY)
        );
        let headers = [
            ("origin", OWN),
            (TOKEN_HEADER, a.guard.token()),
            ("content-type", "multipart/form-data; boundary=b"),
        ];
        let req = request("POST", "/_sua/api/anh", &headers, &big);
        drop(big);
        let (code, h, body) = send(router(a.clone()), req);
        assert_eq!(code, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
        assert_eq!(
            h.get(axum::http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok()),
            Some("application/json; charset=utf-8")
        );
        let v: serde_json::Value = serde_json::from_str(&body).expect("json");
        assert!(
            v["error"].as_str().expect("a message").contains(want),
            "{body}"
        );

        let form = [headers[0], headers[1], ("content-type", "text/plain")];
        let req = request("POST", "/_sua/api/anh", &form, "anh=x");
        let (code, _, body) = send(router(a.clone()), req);
        assert_eq!(code, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{body}");
        assert!(body.contains("multipart/form-data"), "{body}");
    }
}

#[test]
fn pretty_urls_redirects_and_404() {
    let a = app(
        Lang::En,
        &[
            ("index.html", "<body>home</body>"),
            ("mo-hinh/a/index.html", "<body>a</body>"),
            ("404.html", "<body>không thấy</body>"),
            ("css/x.css", "body{}"),
        ],
    );
    let get = |p: &str| send(router(a.clone()), request("GET", p, &[], ""));
    let (code, _, body) = get("/mo-hinh/a/");
    assert_eq!(code, StatusCode::OK);
    assert!(body.contains("live.js"), "{body}");
    let (code, headers, _) = get("/mo-hinh/a");
    assert_eq!(code, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(headers["location"], "/mo-hinh/a/");
    let (code, _, body) = get("/khong-co/");
    assert_eq!(code, StatusCode::NOT_FOUND);
    assert!(body.contains("không thấy"), "{body}");
    let (code, headers, body) = get("/css/x.css");
    assert_eq!(body, "body{}", "no script in non-HTML files");
    assert_eq!(code, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/css; charset=utf-8");
    assert_eq!(get("/%2e%2e/etc/passwd").0, StatusCode::BAD_REQUEST);
}
