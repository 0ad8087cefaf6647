//! Photo uploads in the editor (issue 32, item 4), on the real binary
//! over loopback: a phone photo of more than 8 MB with GPS goes through
//! the guard and comes out staged upright and without its metadata,
//! served to the form; writes from elsewhere or without the token are
//! refused; after the library's commit, a build publishes the photo on
//! the model's unchanged URL.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::common::*;
use crate::photos::{SERIAL, phone_photo, photo};
use crate::serve_editor::{editor_page, exchange};

const WAIT: Duration = Duration::from_secs(60);
const BOUNDARY: &str = "----kheo-test-7f3a";

/// A phone photo of 4032 × 3024 on its side (orientation 6) with GPS,
/// serial and owner, grainy as a phone's in dim light, so that its JPEG
/// is past 8 MB as such photos are.
fn large_phone_photo() -> Vec<u8> {
    let mut img = photo::scene(4032, 3024, 11);
    photo::grain(&mut img);
    photo::with_phone_metadata(&img, 6)
}

/// A multipart body with the file `name` in `anh`, and `giu_goc=1` when
/// `keep`.
fn multipart(name: &str, bytes: &[u8], keep: bool) -> Vec<u8> {
    let mut b = Vec::new();
    if keep {
        b.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"giu_goc\"\r\n\r\n1\r\n"
            )
            .as_bytes(),
        );
    }
    b.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"anh\"; filename=\"{name}\"\r\nContent-Type: image/jpeg\r\n\r\n"
        )
        .as_bytes(),
    );
    b.extend_from_slice(bytes);
    b.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    b
}

fn post_head(origin: &str, token: Option<&str>) -> String {
    let mut h = format!(
        "POST /_sua/api/anh HTTP/1.1\r\nOrigin: {origin}\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}"
    );
    if let Some(t) = token {
        h.push_str(&format!("\r\nX-Kheo-Token: {t}"));
    }
    h
}

/// A GET of `path`: (status, content type, body bytes).
fn get_bytes(port: u16, path: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(WAIT)).expect("timeout");
    let req = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    s.write_all(req.as_bytes()).expect("send");
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head");
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let code = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let kind = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-type")
                .then(|| v.trim().to_string())
        })
        .unwrap_or_default();
    (code, kind, raw[end + 4..].to_vec())
}

fn has(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_large_phone_photo_is_uploaded_without_its_gps_and_published_after_commit() {
    let t = SiteTest::new().file(
        "content/models/ha-noi/a.md",
        &model("Đường hoa", "Hà Nội / Hoàn Kiếm", "kinh-te", 2021, ""),
    );
    t.build_ok();
    let page = t.model("duong-hoa");
    let photo = large_phone_photo();
    assert!(photo.len() > 8_000_000, "{} bytes", photo.len());
    assert!(has(&photo, SERIAL.as_bytes()) && has(&photo, b"Exif\0\0"));

    let server = Server::start_within(t.path(), WAIT);
    let port = server.port;
    let own = format!("http://127.0.0.1:{port}");
    let (token, _) = editor_page(port);
    let body = multipart("Ảnh đội tuyển.jpg", &photo, false);

    // Without the token, or from another site with it: refused by the
    // guard, nothing staged.
    let (code, answer) = exchange(port, &post_head(&own, None), &body);
    assert_eq!(code, 403, "{answer}");
    let evil = post_head("http://evil.example", Some(&token));
    let (code, answer) = exchange(port, &evil, &body);
    assert_eq!(code, 403, "{answer}");
    assert!(!t.path().join(".kheo/tai-len").exists());

    // Not a photo: refused with the pipeline's message, as JSON.
    let head = post_head(&own, Some(&token));
    let (code, answer) = exchange(port, &head, &multipart("x.jpg", b"<html>", false));
    assert_eq!(code, 415, "{answer}");
    let e: serde_json::Value = serde_json::from_str(&answer).expect("json");
    let e = e["error"].as_str().expect("an error");
    assert!(
        e.contains("`x.jpg` is not a JPEG, PNG, WebP or GIF image"),
        "{e}"
    );
    // No file field at all.
    let empty = format!("--{BOUNDARY}--\r\n");
    let (code, answer) = exchange(port, &head, empty.as_bytes());
    assert_eq!(code, 400, "{answer}");
    assert!(answer.contains("no photo"), "{answer}");

    let (code, answer) = exchange(port, &head, &body);
    assert_eq!(code, 200, "{answer}");
    let staged: serde_json::Value = serde_json::from_str(&answer).expect("json");
    let id = staged["id"].as_str().expect("id").to_string();
    let name = staged["name"].as_str().expect("name").to_string();
    assert_eq!(name, "anh-doi-tuyen.jpg");
    // Upright, its long edge at twice the widest published width.
    assert_eq!(
        (staged["width"].as_u64(), staged["height"].as_u64()),
        (Some(2400), Some(3200))
    );
    assert_eq!(staged["kept_original"], false);
    let bytes = staged["bytes"].as_u64().expect("bytes");
    let published = staged["published_bytes"].as_u64().expect("published");
    assert!(bytes < photo.len() as u64 / 2, "{answer}");
    assert!(published > 0 && published < bytes / 4, "{answer}");

    // Served to the form, and what is served is what is staged.
    let (code, kind, served) = get_bytes(port, &format!("/_sua/tam/{id}/{name}"));
    assert_eq!((code, kind.as_str()), (200, "image/jpeg"));
    let on_disk =
        std::fs::read(t.path().join(".kheo/tai-len").join(&id).join(&name)).expect("staged");
    assert_eq!(served, on_disk);
    assert_eq!(on_disk.len() as u64, bytes);
    for needle in [
        SERIAL.as_bytes(),
        b"Exif\0\0",
        b"II*\0",
        b"http://ns.adobe.com/xap",
    ] {
        assert!(!has(&served, needle), "{}", String::from_utf8_lossy(needle));
    }
    for bad in [
        format!("/_sua/tam/{id}/..%2F..%2Fsite.yaml"),
        format!("/_sua/tam/..%2F..%2Fcontent/{name}"),
        format!("/_sua/tam/{id}/x.jpg"),
    ] {
        assert_eq!(get_bytes(port, &bad).0, 404, "{bad}");
    }
    drop(server);

    // The form's save: photos into the bundle, then the entry written.
    let done = kheo::edit::photos::commit(
        t.path(),
        "content/models/ha-noi/a.md",
        &[(id.clone(), name.clone())],
    )
    .expect("committed");
    assert_eq!(done.entry_rel, "content/models/ha-noi/a/index.md");
    let entry = t.path().join(&done.entry_rel);
    let text = std::fs::read_to_string(&entry).expect("moved");
    let text = text.replace(
        "year: 2021\n",
        &format!(
            "year: 2021\nimages:\n  - src: {}\n    alt: Đội tuyển\n",
            done.names[0].1
        ),
    );
    std::fs::write(&entry, text).expect("write");
    t.build_ok();
    assert_eq!(t.model("duong-hoa"), page, "the URL is kept");
    let doc = t.html(&page);
    let srcset = attrs(&doc, "picture source[type='image/avif']", "srcset");
    assert_eq!(srcset.len(), 1, "{srcset:?}");
    assert!(srcset[0].contains("anh-doi-tuyen-960.avif"), "{srcset:?}");
    let avif = std::fs::read(t.out().join(&page).join("anh-doi-tuyen-960.avif")).expect("avif");
    // The size the form showed is the size published.
    assert_eq!(avif.len() as u64, published);
    for f in std::fs::read_dir(t.out().join(&page))
        .expect("list")
        .flatten()
    {
        let b = std::fs::read(f.path()).expect("read");
        assert!(!has(&b, SERIAL.as_bytes()), "{}", f.path().display());
    }
}

#[test]
fn keeping_the_original_stages_the_bytes_sent() {
    let t = SiteTest::new();
    let photo = phone_photo(320, 240, 6);
    let server = Server::start_within(t.path(), WAIT);
    let port = server.port;
    let (token, _) = editor_page(port);
    let head = post_head(&format!("http://127.0.0.1:{port}"), Some(&token));
    let (code, answer) = exchange(port, &head, &multipart("goc.jpg", &photo, true));
    assert_eq!(code, 200, "{answer}");
    let staged: serde_json::Value = serde_json::from_str(&answer).expect("json");
    assert_eq!(staged["kept_original"], true);
    let id = staged["id"].as_str().expect("id");
    let (code, _, served) = get_bytes(port, &format!("/_sua/tam/{id}/goc.jpg"));
    assert_eq!(code, 200);
    assert_eq!(served, photo);
}
