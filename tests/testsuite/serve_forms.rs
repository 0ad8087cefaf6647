//! The editor's forms in `kheo serve` (issue 32), on the real binary over
//! loopback, posted as a browser posts them: the form's HTML is parsed
//! and every control's value collected (a text area loses the newline
//! after its tag, and its line ends are sent as CRLF). A form sent back
//! unchanged writes the same bytes; one changed field changes only its
//! lines; a new model typed with a locality without diacritics lands in
//! its province's folder and is served after the rebuild; a save with an
//! error writes nothing and says why beside the field; a file changed on
//! disk while its form is open is never overwritten silently; writes from
//! elsewhere, without the token, or outside `content/` are refused; the
//! "Sửa" buttons are served, never built.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::common::*;

pub(crate) const WAIT: Duration = Duration::from_secs(60);

/// An answer: status, headers (names in lower case), body.
pub(crate) struct Answer {
    pub code: u16,
    headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn request(port: u16, head: &str, body: &[u8]) -> Answer {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(WAIT)).expect("timeout");
    let mut req = format!(
        "{head}\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    req.extend_from_slice(body);
    let _ = s.write_all(&req);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let mut lines = head.lines();
    let code = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Answer {
        code,
        headers,
        body: body.to_string(),
    }
}

pub(crate) fn get(port: u16, path: &str) -> Answer {
    request(port, &format!("GET {path} HTTP/1.1"), b"")
}

fn encode(fields: &[(String, String)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        s.append_pair(k, v);
    }
    s.finish()
}

/// Posts `fields` URL-encoded from `origin` (the server's own when
/// `None`).
fn post_from(port: u16, path: &str, fields: &[(String, String)], origin: Option<&str>) -> Answer {
    let own = format!("http://127.0.0.1:{port}");
    request(
        port,
        &format!(
            "POST {path} HTTP/1.1\r\nOrigin: {}\r\nContent-Type: application/x-www-form-urlencoded",
            origin.unwrap_or(&own)
        ),
        encode(fields).as_bytes(),
    )
}

pub(crate) fn post(port: u16, path: &str, fields: &[(String, String)]) -> Answer {
    post_from(port, path, fields, None)
}

/// What a browser sends for the form `form_id` of `html`.
fn form_fields(html: &str, form_id: &str) -> Vec<(String, String)> {
    let doc = scraper::Html::parse_document(html);
    let form = doc
        .select(&sel(&format!("form#{form_id}")))
        .next()
        .expect("the form");
    let mut out = Vec::new();
    for el in form.select(&sel("input[name], textarea[name], select[name]")) {
        let v = el.value();
        let name = v.attr("name").unwrap_or("").to_string();
        match v.name() {
            "input" if v.attr("type") == Some("checkbox") => {
                if v.attr("checked").is_some() {
                    out.push((name, v.attr("value").unwrap_or("on").to_string()));
                }
            }
            "input" => out.push((name, v.attr("value").unwrap_or("").to_string())),
            "textarea" => {
                let text: String = el.text().collect();
                out.push((name, text.replace("\r\n", "\n").replace('\n', "\r\n")));
            }
            _ => {
                let options: Vec<_> = el.select(&sel("option")).collect();
                let chosen = options
                    .iter()
                    .find(|o| o.value().attr("selected").is_some())
                    .or(options.first());
                let value = chosen.map(|o| {
                    o.value()
                        .attr("value")
                        .map(str::to_string)
                        .unwrap_or_else(|| o.text().collect())
                });
                out.push((name, value.unwrap_or_default()));
            }
        }
    }
    out
}

pub(crate) fn set(fields: &mut [(String, String)], name: &str, value: &str) {
    let f = fields
        .iter_mut()
        .find(|(k, _)| k == name)
        .unwrap_or_else(|| panic!("no field {name}"));
    f.1 = value.to_string();
}

pub(crate) fn form_of(port: u16, rel: &str) -> Vec<(String, String)> {
    let a = get(port, &format!("/_sua/sua?tep={}", encode_one(rel)));
    assert_eq!(a.code, 200, "{}", a.body);
    form_fields(&a.body, "bieu-mau")
}

/// The path a page rendered for this server (a preview) says it is
/// served at: its canonical URL without the server's address.
pub(crate) fn served_path(doc: &scraper::Html, port: u16) -> String {
    let canonical = attrs(doc, "link[rel=canonical]", "href");
    canonical[0]
        .split_once(&format!(":{port}"))
        .expect("own address")
        .1
        .to_string()
}

fn encode_one(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Waits until `ok` holds, at most [`WAIT`].
fn wait_until(what: &str, mut ok: impl FnMut() -> bool) {
    let end = Instant::now() + WAIT;
    while !ok() {
        assert!(Instant::now() < end, "waited too long for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

const HAND_WRITTEN: &str = "---\n# Mô hình của phường, viết tay.\ntitle: Đường hoa   # tên gọi ở phường\n\n# Địa bàn\nlocality: Hà Nội / Hoàn Kiếm\nfield: kinh-te\nyear: 2021\nghi_chu_rieng: khóa kheo không biết, vẫn phải giữ\norganizations:\n  # tổ chức chính trước\n  - Hội Phụ nữ phường\n  - Đoàn Thanh niên\ntags: [dân vận, tổ dân phố]\nresults:\n  - {label: Hộ tham gia, value: 310}\n---\n\nNội dung viết tay.\n\nĐoạn hai.\n";

pub(crate) fn site() -> SiteTest {
    SiteTest::new()
        .file(
            "content/models/ha-noi/a.md",
            &model(
                "Tổ dân vận số 3",
                "Hà Nội / Hoàn Kiếm",
                "kinh-te",
                2021,
                "summary: Tóm tắt\nresults:\n  - label: Hộ tham gia\n    value: 310\npeople:\n  - {name: Bà Lan, role: tổ trưởng}\n",
            ),
        )
        .file(
            "content/awards/b.md",
            "---\ntitle: \"Tuyên dương 2019\"\nkind: tuyen-duong\nlevel: huyen\nissuer: UBND quận Bình Tân\nyear: 2019\nlocality: \"Hồ Chí Minh / Bình Tân\"\n---\nLời khen.\n",
        )
}

#[test]
fn forms_sent_back_save_the_same_bytes_or_only_the_changed_lines() {
    // The unknown key is an error: this site's build fails, its entries
    // are still listed and edited.
    let t = site().file("content/models/ha-noi/tay.md", HAND_WRITTEN);
    let server = Server::start_within(t.path(), WAIT);
    let port = server.port;
    for rel in ["content/models/ha-noi/a.md", "content/models/ha-noi/tay.md"] {
        let before = std::fs::read(t.path().join(rel)).expect("read");
        let a = post(port, "/_sua/luu", &form_of(port, rel));
        assert_eq!(a.code, 303, "{rel}: {}", a.body);
        assert!(
            a.header("location").is_some_and(|l| l.contains("da-luu=1")),
            "{:?}",
            a.headers
        );
        assert_eq!(
            std::fs::read(t.path().join(rel)).expect("read"),
            before,
            "{rel}"
        );
    }
    // The hand-written file (comments, an unknown key, flow rows): one
    // field changed, only its line differs.
    let rel = "content/models/ha-noi/tay.md";
    let mut f = form_of(port, rel);
    set(&mut f, "f:title", "Đường hoa: mười năm");
    let a = post(port, "/_sua/luu", &f);
    assert_eq!(a.code, 303, "{}", a.body);
    let after = disk(&t, rel);
    let changed: Vec<(&str, &str)> = HAND_WRITTEN
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        [(
            "title: Đường hoa   # tên gọi ở phường",
            "title: \"Đường hoa: mười năm\"   # tên gọi ở phường"
        )]
    );
    assert_eq!(after.lines().count(), HAND_WRITTEN.lines().count());
    // The form shows it saved, and the entry's own problem (the unknown
    // key) on top, since no field shows it.
    let shown = get(port, a.header("location").expect("location"));
    let doc = scraper::Html::parse_document(&shown.body);
    assert_eq!(texts(&doc, ".da-luu").len(), 1, "{}", shown.body);
    assert!(
        texts(&doc, ".tom-tat li")
            .iter()
            .any(|l| l.contains("ghi_chu_rieng")),
        "{}",
        shown.body
    );
}

#[test]
fn a_new_model_typed_without_diacritics_lands_in_its_folder_and_is_served() {
    let t = site();
    let server = Server::start_within(t.path(), WAIT);
    let port = server.port;
    // The type-ahead finds the commune typed without marks.
    let a = get(port, "/_sua/api/dia-ban?q=phuong%20hoan%20kiem&nam=2024");
    assert_eq!(a.code, 200, "{}", a.body);
    let found: serde_json::Value = serde_json::from_str(&a.body).expect("json");
    let value = found[0]["value"]
        .as_str()
        .expect("a suggestion")
        .to_string();
    assert_eq!(value, "Hà Nội / Hoàn Kiếm");

    let page = get(port, "/_sua/them?loai=mo-hinh");
    assert_eq!(page.code, 200, "{}", page.body);
    let mut f = form_fields(&page.body, "bieu-mau");
    set(&mut f, "f:title", "Sân chơi cho trẻ em phố cổ");
    set(&mut f, "f:locality", &value);
    set(&mut f, "f:field", "van-hoa-xa-hoi");
    set(&mut f, "f:year", "2024");
    set(&mut f, "r:results:0:label", "Sân chơi");
    set(&mut f, "r:results:0:value", "3");
    set(&mut f, "body", "Người dân cùng làm sân chơi.\r\n");
    // The preview renders it through the site's theme.
    let preview = post(port, "/_sua/api/xem-truoc", &f);
    assert_eq!(preview.code, 200, "{}", preview.body);
    let doc = scraper::Html::parse_document(&preview.body);
    assert_eq!(texts(&doc, "h1"), ["Sân chơi cho trẻ em phố cổ"]);
    assert!(preview.body.contains("Người dân cùng làm sân chơi."));

    let mut events = server.events();
    assert_eq!(events.next().0, "hello");
    let a = post(port, "/_sua/luu", &f);
    assert_eq!(a.code, 303, "{}", a.body);
    let rel = "content/models/ha-noi/san-choi-cho-tre-em-pho-co.md";
    assert!(
        a.header("location")
            .is_some_and(|l| l.ends_with(&format!("tep={}&da-luu=1", encode_one(rel)))),
        "{:?}",
        a.headers
    );
    let text = disk(&t, rel);
    assert!(text.contains("locality: Hà Nội / Hoàn Kiếm"), "{text}");
    assert!(text.contains("Người dân cùng làm sân chơi.\n"), "{text}");
    assert!(!text.contains('\r'), "{text}");
    // Served after the rebuild, with its "Sửa" button; the "saved"
    // notice links it from the reload on (the open data comes after).
    while events.next().0 != "reload" {}
    let saved = get(port, a.header("location").expect("location"));
    let doc = scraper::Html::parse_document(&saved.body);
    let url = attrs(&doc, ".da-luu a", "href").join("");
    assert!(!url.is_empty(), "{}", saved.body);
    let list = get(port, "/_sua/");
    assert!(list.body.contains("san-choi-cho-tre-em-pho-co.md"));
    let page = get(port, &url);
    assert_eq!(page.code, 200, "{url}");
    let doc = scraper::Html::parse_document(&page.body);
    assert_eq!(texts(&doc, "h1"), ["Sân chơi cho trẻ em phố cổ"]);
    assert_eq!(
        attrs(&doc, "a.kheo-sua", "href"),
        [format!("/_sua/sua?tep={}", encode_one(rel))]
    );
}

#[test]
fn a_save_with_an_error_writes_nothing_and_says_why_beside_the_field() {
    let t = site();
    let server = Server::start_within(t.path(), WAIT);
    let port = server.port;
    let rel = "content/models/ha-noi/a.md";
    let before = std::fs::read(t.path().join(rel)).expect("read");
    let mut f = form_of(port, rel);
    set(&mut f, "f:field", "khong-co");
    set(&mut f, "f:summary", "Tóm tắt mới");
    let a = post(port, "/_sua/luu", &f);
    assert_eq!(a.code, 422, "{}", a.body);
    assert_eq!(std::fs::read(t.path().join(rel)).expect("read"), before);
    let doc = scraper::Html::parse_document(&a.body);
    // Beside the field, tied to its control, in the editor's language.
    let said = texts(&doc, "#e-field p");
    assert!(
        said.iter().any(|s| s.contains("khong-co")),
        "{said:?}\n{}",
        a.body
    );
    let described = attrs(&doc, "#i-field", "aria-describedby");
    assert!(
        described[0].split(' ').any(|id| id == "e-field"),
        "{described:?}"
    );
    assert_eq!(attrs(&doc, "#i-field", "aria-invalid"), ["true"]);
    // What was typed is still there.
    assert_eq!(texts(&doc, "#i-summary"), ["Tóm tắt mới"]);
    // And listed on top, linking to the field.
    assert_eq!(attrs(&doc, ".tom-tat a", "href"), ["#i-field"]);
}

#[test]
fn a_file_changed_on_disk_while_its_form_is_open_is_not_overwritten() {
    let t = site();
    let server = Server::start_within(t.path(), WAIT);
    let port = server.port;
    let rel = "content/models/ha-noi/a.md";
    let mut f = form_of(port, rel);
    let theirs = disk(&t, rel).replace("Tóm tắt", "Tóm tắt của người khác");
    std::fs::write(t.path().join(rel), &theirs).expect("write");
    set(&mut f, "f:summary", "Tóm tắt của tôi");
    let a = post(port, "/_sua/luu", &f);
    assert_eq!(a.code, 409, "{}", a.body);
    assert_eq!(disk(&t, rel), theirs);
    let doc = scraper::Html::parse_document(&a.body);
    let versions = texts(&doc, ".hai-ban pre");
    assert_eq!(versions.len(), 2);
    assert!(
        versions[0].contains("Tóm tắt của người khác"),
        "{versions:?}"
    );
    assert!(versions[1].contains("Tóm tắt của tôi"), "{versions:?}");
    // Keeping the disk's version is opening the form again.
    let reopen = attrs(&doc, ".chon a", "href");
    assert_eq!(reopen, [format!("/_sua/sua?tep={}", encode_one(rel))]);
    // Keeping mine writes it, knowingly.
    let keep = form_fields(&a.body, "ghi-de");
    let a = post(port, "/_sua/ghi-de", &keep);
    assert_eq!(a.code, 303, "{}", a.body);
    let mine = disk(&t, rel);
    assert!(mine.contains("summary: Tóm tắt của tôi"), "{mine}");
    assert!(!mine.contains('\r'), "{mine}");
    // That choice, made on a stale screen, is refused in turn.
    let a = post(port, "/_sua/ghi-de", &keep);
    assert_eq!(a.code, 409, "{}", a.body);
}

#[test]
fn writes_from_elsewhere_without_the_token_or_outside_content_are_refused() {
    let t = site().file("site.yaml", "title: Thử\n");
    let server = Server::start_within(t.path(), WAIT);
    let port = server.port;
    let rel = "content/models/ha-noi/a.md";
    let before = disk(&t, rel);
    let mut f = form_of(port, rel);
    set(&mut f, "f:summary", "Bị sửa");
    // Another origin, even with the token.
    let a = post_from(port, "/_sua/luu", &f, Some("http://evil.example"));
    assert_eq!(a.code, 403, "{}", a.body);
    // No token.
    let without: Vec<_> = f.iter().filter(|(k, _)| k != "_token").cloned().collect();
    let a = post(port, "/_sua/luu", &without);
    assert_eq!(a.code, 403, "{}", a.body);
    assert_eq!(disk(&t, rel), before);
    // Paths out of `content/`, through `..` or not an entry at all.
    for bad in [
        "content/models/../../site.yaml",
        "../site.yaml",
        "content/models/../../../x.md",
        "site.yaml",
    ] {
        let mut g = f.clone();
        set(&mut g, "tep", bad);
        let a = post(port, "/_sua/luu", &g);
        assert_eq!(a.code, 400, "{bad}: {}", a.body);
        let a = get(port, &format!("/_sua/sua?tep={}", encode_one(bad)));
        assert_eq!(a.code, 400, "{bad}: {}", a.body);
    }
    assert_eq!(disk(&t, "site.yaml"), "title: Thử\n");
    assert_eq!(disk(&t, rel), before);
    assert!(!t.path().parent().expect("parent").join("x.md").exists());
}

#[test]
fn the_edit_buttons_are_served_and_never_built() {
    let t = site();
    let server = Server::start_within(t.path(), WAIT);
    let port = server.port;
    let home = get(port, "/");
    let doc = scraper::Html::parse_document(&home.body);
    assert_eq!(
        attrs(&doc, "a.kheo-sua", "href"),
        ["/_sua/them?loai=mo-hinh"]
    );
    // An award's page has its button too, and its form a preview.
    let list = get(port, "/_sua/");
    let doc = scraper::Html::parse_document(&list.body);
    let award_form = attrs(&doc, "tbody a", "href")
        .into_iter()
        .find(|h| h.contains("awards"))
        .expect("the award's form");
    let form = get(port, &award_form);
    let preview = post(
        port,
        "/_sua/api/xem-truoc",
        &form_fields(&form.body, "bieu-mau"),
    );
    let doc = scraper::Html::parse_document(&preview.body);
    assert_eq!(texts(&doc, "h1"), ["Tuyên dương 2019"], "{}", preview.body);
    let path = served_path(&doc, port);
    let award = get(port, &path);
    assert_eq!(award.code, 200, "{path}");
    let doc = scraper::Html::parse_document(&award.body);
    assert_eq!(attrs(&doc, "a.kheo-sua", "href"), [award_form]);
    drop(server);
    t.build_ok();
    let mut pages = 0;
    for e in walkdir::WalkDir::new(t.out())
        .into_iter()
        .filter_map(Result::ok)
    {
        let p = e.path();
        if p.is_file() && p.extension().is_some_and(|x| x == "html") {
            pages += 1;
            let html = std::fs::read_to_string(p).expect("read");
            assert!(!html.contains("_sua"), "{}", p.display());
            assert!(!html.contains("kheo-sua"), "{}", p.display());
            assert!(!html.contains(">Sửa<"), "{}", p.display());
        }
    }
    assert!(pages > 5, "{pages}");
}

/// The text of the site's file `rel` (not the built output's).
pub(crate) fn disk(t: &SiteTest, rel: &str) -> String {
    std::fs::read_to_string(t.path().join(rel)).expect("read")
}

#[test]
fn the_type_ahead_follows_the_sites_own_localities_as_they_change() {
    let t = site();
    let server = Server::start_within(t.path(), WAIT);
    let port = server.port;
    let found = |q: &str| {
        let a = get(port, &format!("/_sua/api/dia-ban?q={}", encode_one(q)));
        let v: serde_json::Value = serde_json::from_str(&a.body).expect("json");
        v.as_array()
            .expect("a list")
            .iter()
            .filter_map(|s| s["value"].as_str().map(str::to_string))
            .collect::<Vec<_>>()
    };
    assert_eq!(found("to dan pho so 5"), Vec::<String>::new());
    std::fs::write(
        t.path().join("content/localities.yaml"),
        "- Hà Nội / Hoàn Kiếm / Tổ dân phố số 5\n",
    )
    .expect("write");
    wait_until("the site's new unit in the type-ahead", || {
        found("to dan pho so 5") == ["Hà Nội / Hoàn Kiếm / Tổ dân phố số 5"]
    });
}

#[cfg(unix)]
#[test]
fn an_entry_reached_through_a_symbolic_link_is_neither_shown_nor_written() {
    let t = site();
    let outside = tempfile::tempdir().expect("temp dir");
    let target = outside.path().join("x.md");
    let text = model("Ngoài", "Hà Nội / Hoàn Kiếm", "kinh-te", 2021, "");
    std::fs::write(&target, &text).expect("write");
    std::os::unix::fs::symlink(&target, t.path().join("content/models/ha-noi/lien-ket.md"))
        .expect("symlink");
    std::os::unix::fs::symlink(outside.path(), t.path().join("content/models/ngoai"))
        .expect("symlink");
    let server = Server::start_within(t.path(), WAIT);
    let port = server.port;
    let mut f = form_of(port, "content/models/ha-noi/a.md");
    set(&mut f, "f:summary", "Qua liên kết");
    for rel in [
        "content/models/ha-noi/lien-ket.md",
        "content/models/ngoai/x.md",
    ] {
        let a = get(port, &format!("/_sua/sua?tep={}", encode_one(rel)));
        assert_eq!(a.code, 400, "{rel}: {}", a.body);
        let mut g = f.clone();
        set(&mut g, "tep", rel);
        let a = post(port, "/_sua/luu", &g);
        assert_eq!(a.code, 400, "{rel}: {}", a.body);
        let a = post(
            port,
            "/_sua/ghi-de",
            &[
                ("tep".to_string(), rel.to_string()),
                ("hash".to_string(), String::new()),
                ("noi-dung".to_string(), text.replace("Ngoài", "Bị ghi")),
                ("_token".to_string(), posted_token(&f)),
            ],
        );
        assert_ne!(a.code, 303, "{rel}: {}", a.body);
    }
    assert_eq!(std::fs::read_to_string(&target).expect("read"), text);
}

fn posted_token(f: &[(String, String)]) -> String {
    f.iter()
        .find(|(k, _)| k == "_token")
        .map(|(_, v)| v.clone())
        .expect("the token field")
}
