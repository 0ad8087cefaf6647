//! `kheo serve` as an editor uses it: the real binary on a free loopback
//! port, a page connected to the live-reload stream, and edits on disk.
//! Every wait is bounded; the server is killed when the test ends.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::common::*;

const WAIT: Duration = Duration::from_secs(30);

impl Server {
    /// GET `path`: (status code, body).
    fn get(&self, path: &str) -> (u16, String) {
        let (code, body) = get_bytes(self.port, path);
        (code, String::from_utf8_lossy(&body).into_owned())
    }

    pub(crate) fn events(&self) -> Events {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(
            s,
            "GET /__kheo/reload HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("request");
        Events {
            reader: BufReader::new(s),
        }
    }
}

/// A page's view of the live-reload stream.
pub(crate) struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// The next event: (name, data).
    pub(crate) fn next(&mut self) -> (String, String) {
        self.within(WAIT)
            .unwrap_or_else(|| panic!("no event within {WAIT:?}"))
    }

    /// The next event, if one comes within `wait`.
    pub(crate) fn within(&mut self, wait: Duration) -> Option<(String, String)> {
        let deadline = Instant::now() + wait;
        let (mut name, mut data) = (String::new(), Vec::new());
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            self.reader
                .get_ref()
                .set_read_timeout(Some(left))
                .expect("timeout");
            let mut line = String::new();
            let n = match self.reader.read_line(&mut line) {
                Ok(n) => n,
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    return None;
                }
                Err(e) => panic!("read event stream: {e}"),
            };
            assert!(n > 0, "the event stream closed");
            let line = line.trim_end_matches(['\r', '\n']);
            if let Some(v) = line.strip_prefix("event: ") {
                name = v.to_string();
            } else if let Some(v) = line.strip_prefix("data: ") {
                data.push(v.to_string());
            } else if line.is_empty() && !name.is_empty() {
                return Some((name, data.join("\n")));
            }
        }
    }

    /// Skips to the next event named `want`.
    fn expect(&mut self, want: &str) -> String {
        loop {
            let (name, data) = self.next();
            if name == want {
                return data;
            }
            assert!(
                name != "problems" || want == "problems",
                "expected `{want}`, the build failed:\n{data}"
            );
        }
    }
}

/// GET `path` from the server on `port`: (status code, body bytes).
pub(crate) fn get_bytes(port: u16, path: &str) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(WAIT)).expect("timeout");
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").expect("request");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("response");
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n");
    let (head, body) = match split {
        Some(i) => (&raw[..i], raw[i + 4..].to_vec()),
        None => (&raw[..], Vec::new()),
    };
    let code = String::from_utf8_lossy(head)
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (code, body)
}

/// Written whole, as editors that save through a temporary file do: the
/// server never sees the file empty or half written (on a loaded machine,
/// a rebuild could start between `write`'s create and its bytes).
pub(crate) fn write(t: &SiteTest, rel: &str, text: &str) {
    let p = t.path().join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    let tmp = p.with_extension("kheo-test-tmp");
    std::fs::write(&tmp, text).expect("write");
    std::fs::rename(&tmp, &p).expect("rename");
}

/// Two models of one commune, `a.md` ("Đường hoa") and `b.md`.
fn two_models() -> SiteTest {
    SiteTest::new()
        .file(
            "content/models/a.md",
            &model("Đường hoa", "Hà Nội / Hoàn Kiếm", "kinh-te", 2021, ""),
        )
        .file(
            "content/models/b.md",
            &model("Tổ dân vận", "Hà Nội / Hoàn Kiếm", "kinh-te", 2020, ""),
        )
}

/// The next line of the server's log that contains `what`.
pub(crate) fn log_line(server: &Server, what: &str) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = server.log.recv_timeout(left).expect("a log line");
        if line.contains(what) {
            return line;
        }
    }
}

#[test]
fn an_edit_reloads_the_page_and_errors_keep_the_last_good_pages() {
    let t = two_models();
    let server = Server::start_within(t.path(), WAIT);
    let (code, page) = server.get("/mo-hinh/ha-noi/quan-hoan-kiem/duong-hoa/");
    assert_eq!(code, 200, "{page}");
    assert!(page.contains("Nội dung của Đường hoa"), "{page}");
    assert!(
        page.contains(r#"<script src="/__kheo/live.js"></script>"#),
        "the reload script is injected when serving"
    );
    let (code, js) = server.get("/__kheo/live.js");
    assert_eq!(code, 200);
    assert!(js.contains("EventSource"), "{js}");

    let mut ev = server.events();
    assert_eq!(ev.next().0, "hello");

    // An edit: a reload event, then the changed page.
    write(
        &t,
        "content/models/a.md",
        &model("Đường hoa", "Hà Nội / Hoàn Kiếm", "kinh-te", 2021, "")
            .replace("Nội dung của Đường hoa.", "Đã sửa: 310 chậu hoa giấy."),
    );
    ev.expect("reload");
    let (_, page) = server.get("/mo-hinh/ha-noi/quan-hoan-kiem/duong-hoa/");
    assert!(page.contains("Đã sửa: 310 chậu hoa giấy."), "{page}");

    // A content error: the problems over the stream, the last good page stays.
    write(
        &t,
        "content/models/a.md",
        &model("Đường hoa", "Hà Nội / Hoàn Kiếm", "kinh-tee", 2021, ""),
    );
    let problems = ev.expect("problems");
    assert!(
        problems.contains("content/models/a.md:4:9") && problems.contains("unknown field"),
        "{problems}"
    );
    let (code, page) = server.get("/mo-hinh/ha-noi/quan-hoan-kiem/duong-hoa/");
    assert_eq!(code, 200);
    assert!(page.contains("Đã sửa: 310 chậu hoa giấy."), "{page}");
    // A page opened now gets the problems at once.
    let mut late = server.events();
    assert_eq!(late.next().0, "hello");
    assert_eq!(late.next().0, "problems");

    // Fixed: reload again.
    write(
        &t,
        "content/models/a.md",
        &model("Đường hoa", "Hà Nội / Hoàn Kiếm", "kinh-te", 2021, ""),
    );
    ev.expect("reload");

    // Adding, renaming and deleting entries.
    write(
        &t,
        "content/models/c.md",
        &model("Mô hình mới", "Hà Nội", "kinh-te", 2022, ""),
    );
    ev.expect("reload");
    assert_eq!(server.get("/mo-hinh/ha-noi/mo-hinh-moi/").0, 200);
    let (_, list) = server.get("/mo-hinh/");
    assert!(list.contains("Mô hình mới"), "{list}");

    std::fs::rename(
        t.path().join("content/models/c.md"),
        t.path().join("content/models/d.md"),
    )
    .expect("rename");
    std::fs::write(
        t.path().join("content/models/d.md"),
        model("Mô hình đổi tên", "Hà Nội", "kinh-te", 2022, ""),
    )
    .expect("write");
    ev.expect("reload");
    // Wait out a possible second reload for the rename's two events.
    let deadline = Instant::now() + WAIT;
    while server.get("/mo-hinh/ha-noi/mo-hinh-doi-ten/").0 != 200 {
        assert!(Instant::now() < deadline, "renamed entry never served");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(server.get("/mo-hinh/ha-noi/mo-hinh-moi/").0, 404);

    std::fs::remove_file(t.path().join("content/models/b.md")).expect("delete");
    let deadline = Instant::now() + WAIT;
    while server.get("/mo-hinh/ha-noi/quan-hoan-kiem/to-dan-van/").0 != 404 {
        assert!(Instant::now() < deadline, "deleted entry still served");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_writes_nothing_and_builds_carry_no_reload_script() {
    let t = SiteTest::new().file(
        "content/models/a.md",
        &model("A", "Hà Nội", "kinh-te", 2021, ""),
    );
    {
        let server = Server::start_within(t.path(), WAIT);
        assert_eq!(server.get("/").0, 200);
    }
    assert!(!t.out().exists(), "serve must not write public/");
    t.build_ok();
    for e in walkdir::WalkDir::new(t.out()).into_iter().flatten() {
        if e.file_type().is_file() {
            let bytes = std::fs::read(e.path()).expect("read");
            assert!(
                !String::from_utf8_lossy(&bytes).contains("__kheo"),
                "{} has the reload script",
                e.path().display()
            );
        }
    }
}

#[test]
fn a_site_that_fails_from_the_start_shows_its_problems() {
    let t = SiteTest::new().file(
        "content/models/a.md",
        &model("A", "Hà Nội", "khong-co", 2021, ""),
    );
    let server = Server::start_within(t.path(), WAIT);
    let (code, page) = server.get("/");
    assert_eq!(code, 500);
    assert!(page.contains("content/models/a.md:4:9"), "{page}");
    let mut ev = server.events();
    assert_eq!(ev.next().0, "hello");
    assert_eq!(ev.next().0, "problems");
    write(
        &t,
        "content/models/a.md",
        &model("A", "Hà Nội", "kinh-te", 2021, ""),
    );
    ev.expect("reload");
    assert_eq!(server.get("/mo-hinh/ha-noi/a/").0, 200);
}

/// The search index as served, read the way the page's script reads it.
fn served_search(port: u16, query: &str) -> Option<Vec<String>> {
    let index = kheo::search::read::Index::open_with(Box::new(move |name: &str| {
        match get_bytes(port, &format!("/{}{name}", kheo::search::DIR)) {
            (200, body) => Ok(body),
            (code, _) => Err(format!("{name}: HTTP {code}")),
        }
    }))
    .ok()?;
    let answer = index.search(query, &[]).ok()?;
    let mut paths = Vec::new();
    for id in answer.ids {
        paths.push(index.hit(id).ok()?.0.path);
    }
    Some(paths)
}

/// Waits until a search for `query` on the served index finds `path`.
fn wait_found(server: &Server, query: &str, path: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        let found = served_search(server.port, query);
        if found.as_ref().is_some_and(|p| p.iter().any(|p| p == path)) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "search for {query:?} never found {path}: {found:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_builds_the_search_index_and_refreshes_it_after_edits() {
    let t = two_models();
    let server = Server::start_within(t.path(), WAIT);
    // Built once at start, and found without diacritics.
    wait_found(
        &server,
        "duong hoa",
        "mo-hinh/ha-noi/quan-hoan-kiem/duong-hoa/",
    );

    // A body edit (a quick page update) reaches the index too.
    let mut ev = server.events();
    assert_eq!(ev.next().0, "hello");
    write(
        &t,
        "content/models/a.md",
        &model("Đường hoa", "Hà Nội / Hoàn Kiếm", "kinh-te", 2021, "").replace(
            "Nội dung của Đường hoa.",
            "Trồng hoa giấy dọc mương Quỳnh Lưu.",
        ),
    );
    ev.expect("reload");
    wait_found(
        &server,
        "quynh luu",
        "mo-hinh/ha-noi/quan-hoan-kiem/duong-hoa/",
    );

    // A new entry (a full rebuild): indexed, and the old entries still are.
    write(
        &t,
        "content/models/c.md",
        &model("Sân chơi thiếu nhi", "Hà Nội", "van-hoa-xa-hoi", 2022, ""),
    );
    ev.expect("reload");
    wait_found(&server, "san choi", "mo-hinh/ha-noi/san-choi-thieu-nhi/");
    wait_found(
        &server,
        "duong hoa",
        "mo-hinh/ha-noi/quan-hoan-kiem/duong-hoa/",
    );
    assert_eq!(
        served_search(server.port, "quynh luu").map(|p| p.len()),
        Some(1)
    );
}

/// Every HTML page the server has, compared with a fresh `kheo build` of
/// the same site for the server's address (minus the injected reload
/// script and edit button): an edit served by re-rendering only some pages must serve
/// exactly what a full build writes.
fn assert_serves_a_fresh_build(server: &Server, t: &SiteTest) {
    let out = tempfile::tempdir().expect("temp dir");
    let report = kheo::build(&kheo::BuildOptions {
        dir: t.path().to_path_buf(),
        out: Some(out.path().join("o")),
        base_url: Some(format!("http://127.0.0.1:{}/", server.port)),
        no_search: true,
        ..kheo::BuildOptions::default()
    });
    assert!(report.ok(), "{}", report.diags.report(t.path(), &en()));
    let root = out.path().join("o");
    let mut pages = 0;
    for e in walkdir::WalkDir::new(&root).into_iter().flatten() {
        let rel = e
            .path()
            .strip_prefix(&root)
            .expect("prefix")
            .to_string_lossy()
            .into_owned();
        if !rel.ends_with(".html") || rel == "404.html" {
            continue;
        }
        let url = format!("/{}", rel.trim_end_matches("index.html"));
        let (code, served) = server.get(&url);
        assert_eq!(code, 200, "{url}");
        let mut served = served.replace(r#"<script src="/__kheo/live.js"></script>"#, "");
        // The editor's button, which serve alone adds.
        if let Some(at) = served.find(r#"<a class="kheo-sua""#) {
            let end = served[at..].find("</a>").expect("the button's end") + at + 4;
            served.replace_range(at..end, "");
        }
        let built = std::fs::read_to_string(e.path()).expect("read");
        assert!(served == built, "{url} differs from a fresh build");
        pages += 1;
    }
    assert!(pages > 10);
}

#[test]
fn edits_that_change_listings_serve_what_a_full_build_writes() {
    let t = SiteTest::new()
        .file(
            "content/models/a.md",
            &model("Đường hoa", "Hà Nội / Hoàn Kiếm", "kinh-te", 2021, ""),
        )
        .file(
            "content/models/b.md",
            &model("Tổ dân vận", "Hà Nội / Ba Đình", "kinh-te", 2020, ""),
        )
        .file(
            "content/models/c.md",
            &model("Sân chơi", "Hải Phòng", "van-hoa-xa-hoi", 2019, ""),
        );
    let server = Server::start_within(t.path(), WAIT);
    let mut ev = server.events();
    assert_eq!(ev.next().0, "hello");

    // A title edit changes the model's card on every listing.
    write(
        &t,
        "content/models/a.md",
        &model(
            "Con đường hoa",
            "Hà Nội / Hoàn Kiếm",
            "kinh-te",
            2021,
            "slug: duong-hoa\n",
        ),
    );
    ev.expect("reload");
    let (_, list) = server.get("/dia-ban/ha-noi/");
    assert!(list.contains("Con đường hoa"), "{list}");
    // Only the pages showing it were rendered: the server says how many it kept.
    let line = log_line(&server, "a.md: rebuilt");
    assert!(line.contains("unchanged)"), "{line}");
    assert_serves_a_fresh_build(&server, &t);

    // Moving a model to another province and year.
    write(
        &t,
        "content/models/b.md",
        &model("Tổ dân vận", "Hải Phòng", "kinh-te", 2018, ""),
    );
    ev.expect("reload");
    assert_serves_a_fresh_build(&server, &t);

    // A broken entry, then an edit of another one: the problem stays shown
    // until it is fixed (the other edit must not hide it).
    write(
        &t,
        "content/models/c.md",
        &model("Sân chơi", "Hải Phòng", "khong-co", 2019, ""),
    );
    ev.expect("problems");
    write(
        &t,
        "content/models/b.md",
        &model("Tổ dân vận", "Hải Phòng", "kinh-te", 2018, "").replace("Nội dung", "Nội dung mới"),
    );
    let problems = ev.expect("problems");
    assert!(problems.contains("content/models/c.md"), "{problems}");
    write(
        &t,
        "content/models/c.md",
        &model("Sân chơi", "Hải Phòng", "van-hoa-xa-hoi", 2019, ""),
    );
    ev.expect("reload");
    assert_serves_a_fresh_build(&server, &t);
}

#[test]
fn a_rebuild_holds_the_search_indexer_and_lets_it_go_after() {
    use kheo::serve::{Indexer, live::State};
    use std::sync::Arc;
    let t = two_models();
    let opts = t.options();
    let mut diags = kheo::diag::Diagnostics::new();
    let site = Arc::new(kheo::load_site(&opts, &mut diags));
    assert!(!diags.has_errors());
    let state = Arc::new(State::new());
    let indexer = Indexer::start(
        &opts,
        Arc::clone(&state),
        Arc::new(kheo::cli::Ui::new(true, false, kheo::l10n::Lang::En)),
    );
    let manifest = "tim-kiem/chi-muc/manifest.json";
    {
        let held = indexer.hold();
        assert!(held.waited.is_none(), "nothing was being indexed");
        indexer.refresh(&site);
        // Edits pause, but a rebuild holds the indexer: no index is begun,
        // and the site is the rebuild's alone (an edit changes it in place).
        std::thread::sleep(Indexer::QUIET * 3);
        assert!(
            state.files().get(manifest).is_none(),
            "an index was made while a rebuild held the indexer"
        );
        assert_eq!(Arc::strong_count(&site), 1, "the indexer took the site");
    }
    // Let go: the index held back is made.
    let start = Instant::now();
    while state.files().get(manifest).is_none() {
        assert!(
            start.elapsed() < WAIT,
            "no index after the rebuild let the indexer go"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn moving_a_model_to_another_field_keeps_the_pages_that_cannot_show_it() {
    // Ten models in each of three provinces, of two fields.
    let mut t = SiteTest::new();
    for (p, province) in ["Hà Nội", "Hải Phòng", "Cần Thơ"].iter().enumerate() {
        for i in 0..10 {
            let field = if i % 2 == 0 {
                "kinh-te"
            } else {
                "van-hoa-xa-hoi"
            };
            t = t.file(
                &format!("content/models/m{p}-{i}.md"),
                &model(
                    &format!("Mô hình {p} số {i}"),
                    province,
                    field,
                    2015 + i,
                    "",
                ),
            );
        }
    }
    let server = Server::start_within(t.path(), WAIT);
    let mut ev = server.events();
    assert_eq!(ev.next().0, "hello");
    write(
        &t,
        "content/models/m0-3.md",
        &model("Mô hình 0 số 3", "Hà Nội", "quoc-phong-an-ninh", 2018, ""),
    );
    ev.expect("reload");
    // The other provinces' pages and their models' pages do not show it
    // (the fields' counts are not in what every page sees): of the 57
    // pages, far fewer are rendered again. The server says "rebuilt the L
    // pages that can show it (K unchanged)", or after a full indexing
    // "rebuilt … P pages (K unchanged)".
    let line = log_line(&server, "m0-3.md: rebuilt");
    let number_before = |word: &str| -> usize {
        let at = line.find(word).unwrap_or_else(|| panic!("{word}: {line}"));
        let n = line[..at].rsplit([' ', '(']).next().unwrap_or("");
        n.parse().unwrap_or_else(|_| panic!("{word}: {line}"))
    };
    let rendered = number_before(" pages") - number_before(" unchanged");
    assert!(rendered <= 30, "{line}");
    assert_serves_a_fresh_build(&server, &t);
    let (_, field) = server.get("/linh-vuc/quoc-phong-an-ninh/");
    assert!(field.contains("Mô hình 0 số 3"), "{field}");
}
