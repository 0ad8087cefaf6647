//! The editor's place in `kheo serve` (issue 32, items 5 and 7), on the
//! real binary over loopback: `/_sua/` lists the entries with this run's
//! token; a write from another origin or without the token is refused; a
//! body past the limit is refused with its reason; none of it is in a
//! build.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::common::*;

const WAIT: Duration = Duration::from_secs(30);

/// Sends `head` (request line and headers, without the blank line) and
/// `body`; (status, body) of the answer, read to the end.
pub(crate) fn exchange(port: u16, head: &str, body: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(WAIT)).expect("timeout");
    let length = if head.contains("Content-Length") {
        String::new()
    } else {
        format!("\r\nContent-Length: {}", body.len())
    };
    let mut req = format!("{head}\r\nHost: 127.0.0.1:{port}{length}\r\n\r\n").into_bytes();
    req.extend_from_slice(body);
    // The server may answer (and close) before a refused body is all sent.
    let _ = s.write_all(&req);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let code = raw
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = raw
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (code, body)
}

fn site() -> SiteTest {
    SiteTest::new()
        .file(
            "content/models/ha-noi/a.md",
            &model("Đường hoa", "Hà Nội / Hoàn Kiếm", "kinh-te", 2021, ""),
        )
        .file(
            "content/awards/b.md",
            "---\ntitle: \"Tuyên dương 2019\"\nkind: tuyen-duong\nlevel: huyen\nissuer: UBND quận Bình Tân\nyear: 2019\nlocality: \"Hồ Chí Minh / Bình Tân\"\n---\n",
        )
}

/// The token in the editor's page, and the page's rows (the text of
/// their first four cells).
pub(crate) fn editor_page(port: u16) -> (String, Vec<Vec<String>>) {
    let (code, page) = exchange(port, "GET /_sua/ HTTP/1.1", b"");
    assert_eq!(code, 200, "{page}");
    let doc = scraper::Html::parse_document(&page);
    let sel = |s| scraper::Selector::parse(s).expect("selector");
    let token = doc
        .select(&sel("meta[name=kheo-token]"))
        .next()
        .and_then(|m| m.value().attr("content"))
        .expect("the token in the page")
        .to_string();
    let rows = doc
        .select(&sel("tbody tr"))
        .map(|tr| {
            // Kind, title, file, locality (then field, year, problems).
            tr.select(&sel("td"))
                .take(4)
                .map(|td| td.text().collect::<String>())
                .collect()
        })
        .collect();
    (token, rows)
}

#[test]
fn the_editor_lists_entries_and_refuses_writes_from_elsewhere_or_without_the_token() {
    let t = site();
    let server = Server::start_within(t.path(), WAIT);
    let port = server.port;
    let (token, rows) = editor_page(port);
    assert_eq!(token.len(), 64, "{token}");
    assert_eq!(
        rows,
        [
            [
                "Model",
                "Đường hoa",
                "content/models/ha-noi/a.md",
                "Hà Nội / Hoàn Kiếm"
            ],
            [
                "Award",
                "Tuyên dương 2019",
                "content/awards/b.md",
                "Hồ Chí Minh / Bình Tân"
            ],
        ]
    );
    // A new run, a new token.
    let again = Server::start_within(t.path(), WAIT);
    assert_ne!(editor_page(again.port).0, token);
    drop(again);

    let form = format!("title=X&_token={token}");
    // A cross-origin form post, even with the token (read by a page on a
    // name that resolves here): refused.
    let (code, body) = exchange(
        port,
        "POST /_sua/ HTTP/1.1\r\nOrigin: http://evil.example\r\nContent-Type: application/x-www-form-urlencoded",
        form.as_bytes(),
    );
    assert_eq!(code, 403, "{body}");
    assert!(body.contains("another site"), "{body}");
    // From the server's own page, without the token: refused.
    let (code, body) = exchange(
        port,
        &format!(
            "POST /_sua/ HTTP/1.1\r\nOrigin: http://127.0.0.1:{port}\r\nContent-Type: application/x-www-form-urlencoded"
        ),
        b"title=X",
    );
    assert_eq!(code, 403, "{body}");
    assert!(body.contains("key"), "{body}");
    // Both right: past the guard (no form takes a POST here yet).
    let (code, body) = exchange(
        port,
        &format!(
            "POST /_sua/ HTTP/1.1\r\nOrigin: http://127.0.0.1:{port}\r\nContent-Type: application/x-www-form-urlencoded"
        ),
        form.as_bytes(),
    );
    assert_eq!(code, 405, "{body}");

    // A body past the limit: refused before it is read, saying why.
    let (code, body) = exchange(
        port,
        &format!(
            "POST /_sua/ HTTP/1.1\r\nOrigin: http://127.0.0.1:{port}\r\nX-Kheo-Token: {token}\r\nContent-Length: {}",
            64 * 1024 * 1024
        ),
        b"",
    );
    assert_eq!(code, 413, "{body}");
    assert!(body.contains("at most 32 MB"), "{body}");

    // Nothing of the editor in a build.
    drop(server);
    t.build_ok();
    assert!(!t.out().join("_sua").exists());
}
