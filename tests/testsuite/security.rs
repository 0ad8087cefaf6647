//! Issue 23, "hostile editors": what an entry writes can never run in a
//! citizen's browser or spreadsheet, nor break the build. Each test names
//! the guarantee of docs/reliability.md it proves.

use crate::common::*;

use kheo::markdown::guard::refused_scheme;

/// Every `href`/`src`/`srcset` URL of every HTML file under `out`, and the
/// text of every other output file, carries no refused scheme.
fn assert_no_refused_scheme(out: &std::path::Path) {
    for e in walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let text = String::from_utf8_lossy(&std::fs::read(e.path()).expect("read")).into_owned();
        if e.path().extension().is_some_and(|x| x == "html") {
            let doc = scraper::Html::parse_document(&text);
            for el in doc.select(&sel("*")) {
                for (name, value) in el.value().attrs() {
                    if ["href", "src", "srcset", "action", "formaction"].contains(&name) {
                        assert_eq!(
                            refused_scheme(value),
                            None,
                            "{}: {name}={value:?}",
                            e.path().display()
                        );
                    }
                }
            }
        }
        let lower = text.to_ascii_lowercase();
        for bad in ["javascript:", "vbscript:", "data:text"] {
            assert!(!lower.contains(bad), "{} holds {bad}", e.path().display());
        }
    }
}

#[test]
fn urls_of_other_schemes_are_errors_with_their_lines_and_never_published() {
    let t = SiteTest::new().file(
        "content/models/a.md",
        "---\ntitle: A\nlocality: Hà Nội\nfield: kinh-te\nyear: 2021\n\
         sources:\n  - {title: Báo, url: \"  JavaScript:alert(1)\"}\n\
         images:\n  - {src: \"data:image/png;base64,AA\", alt: x}\n---\n\
         Đoạn một.\n\n[xem](java&#115;cript:alert(2)) và ![ảnh](vbscript:x)\n\n\
         <a href=\"data:text/html,<script>alert(3)</script>\">y</a>\n\n\
         <img src=\"file:///etc/passwd\" alt=\"z\">\n",
    );
    let r = t.build();
    assert!(!r.ok());
    let errors = error_list(&r);
    let at: Vec<(usize, String)> = errors
        .iter()
        .map(|d| (d.line, d.message(&en()).clone()))
        .collect();
    let lines: Vec<usize> = at.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [7, 9, 13, 13, 15, 17], "{at:#?}");
    for (_, msg) in &at {
        assert!(msg.contains("never published"), "{msg}");
    }
    for d in &errors {
        assert!(d.path.ends_with("content/models/a.md"));
        let help = d.help(&en()).unwrap_or_default();
        assert!(help.contains("https://"), "{help}");
    }
    // A failed build writes nothing.
    assert!(!t.out().exists());
}

#[test]
fn a_site_with_every_allowed_kind_of_url_publishes_no_other_scheme() {
    let t = SiteTest::new()
        .file(
            "content/models/a.md",
            "---\ntitle: A\nlocality: Hà Nội\nfield: kinh-te\nyear: 2021\n\
             sources:\n  - {title: Báo, url: \"https://baochinhphu.vn/x\"}\n---\n\
             [b](/mo-hinh/) [web](http://dvk.example/) [thư](mailto:a@b.vn) [trên](#top)\n\n\
             <a href=\"/mo-hinh/\">b</a> <a href=\"https://e.vn\">e</a>\n",
        )
        .file(
            "content/models/b.md",
            &model("B", "Hà Nội / Ba Đình", "kinh-te", 2020, ""),
        );
    t.build_ok();
    let doc = t.html(&t.model("a"));
    let hrefs = attrs(&doc, "main a", "href");
    for want in [
        "https://baochinhphu.vn/x",
        "mailto:a@b.vn",
        "http://dvk.example/",
    ] {
        assert!(hrefs.iter().any(|h| h == want), "{want} in {hrefs:?}");
    }
    assert_no_refused_scheme(&t.out());
}

#[test]
fn json_in_a_script_element_cannot_end_or_reopen_it() {
    let title = "Mô hình <!--<script> & </script>\u{2028}x";
    let t = SiteTest::new().file(
        "content/models/a.md",
        &format!(
            "---\ntitle: \"{title}\"\nslug: a\nlocality: Hà Nội\nfield: kinh-te\nyear: 2021\n---\nThân bài.\n"
        ),
    );
    t.build_ok();
    let raw = t.read(&format!("{}index.html", t.model("a")));
    let doc = scraper::Html::parse_document(&raw);
    // The page after the script is still a page: its heading, body and footer.
    let folded = title.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(texts(&doc, "h1"), [folded]);
    assert!(texts(&doc, "main").concat().contains("Thân bài."));
    assert_eq!(doc.select(&sel("footer")).count(), 1);
    let scripts: Vec<String> = doc
        .select(&sel("script[type='application/ld+json']"))
        .map(|s| s.inner_html())
        .collect();
    assert_eq!(scripts.len(), 1);
    for c in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
        assert!(!scripts[0].contains(c), "{c:?} raw in {}", scripts[0]);
    }
    // And its value is the title exactly.
    let v: serde_json::Value = serde_json::from_str(&scripts[0]).expect("JSON-LD parses");
    fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
            serde_json::Value::Object(o) => o.values().for_each(|v| strings(v, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    strings(&v, &mut all);
    assert!(all.iter().any(|s| s == title), "{all:?}");
}

#[test]
fn csv_cells_read_as_formulas_are_neutralised_and_json_keeps_the_value() {
    let t = SiteTest::new().file(
        "content/models/a.md",
        "---\ntitle: \"=1+2\"\nslug: a\nlocality: Hà Nội\nfield: kinh-te\nyear: 2021\n\
         summary: \"@SUM(A1)\"\ntags: [\"-3\"]\n---\nx\n",
    );
    t.build_ok();
    let csv = t.data_models_csv();
    let row = csv.lines().nth(1).expect("a row");
    let cells: Vec<&str> = row.split(',').collect();
    assert!(cells.contains(&"'=1+2"), "{row}");
    assert!(cells.contains(&"'@SUM(A1)"), "{row}");
    assert!(cells.contains(&"'-3"), "{row}");
    assert!(!cells.iter().any(|c| c.starts_with(['=', '+', '-', '@'])));
    let text = serde_json::Value::from(t.data_models()).to_string();
    assert!(
        text.contains("\"=1+2\"") && text.contains("\"@SUM(A1)\""),
        "{text}"
    );
}

#[test]
fn raw_html_nested_past_the_bound_is_refused_naming_file_and_line() {
    // Nearly 4 MB (the entry size limit) of nested raw HTML: once half
    // an hour of sanitizing.
    let n = 4_000_000 / 11;
    let body = format!("Mở đầu.\n\n{}x{}\n", "<div>".repeat(n), "</div>".repeat(n));
    let t = SiteTest::new().file(
        "content/models/a.md",
        &format!("---\ntitle: A\nlocality: Hà Nội\nfield: kinh-te\nyear: 2021\n---\n{body}"),
    );
    let r = t.build();
    let errors = error_list(&r);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].path.ends_with("a.md"));
    assert_eq!(errors[0].line, 9);
    assert!(errors[0].message(&en()).contains("nested more than"));
}

#[test]
fn a_title_of_any_length_builds_with_a_slug_cut_at_a_word_boundary() {
    let title = "Mô hình “Dân vận khéo” trong xây dựng nông thôn mới ".repeat(7);
    assert!(title.chars().count() > 335);
    let t = SiteTest::new().file(
        "content/models/a.md",
        &model(title.trim(), "Hà Nội", "kinh-te", 2021, ""),
    );
    t.build_ok();
    let listing = t.html("mo-hinh/");
    let href = attrs(&listing, "main a[href^='/mo-hinh/']", "href")
        .into_iter()
        .find(|h| h.len() > "/mo-hinh/".len() + 20)
        .expect("a link to the model");
    let slug = href.trim_end_matches('/').rsplit('/').next().expect("slug");
    assert!(slug.len() <= kheo::text::MAX_SLUG, "{slug}");
    let (head, _sum) = slug
        .rsplit_once('-')
        .expect("a cut slug ends in a checksum");
    assert!(
        kheo::text::slugify(&title).starts_with(&format!("{head}-")),
        "{slug}"
    );
    assert!(check_links(&t.out(), "/").is_empty());
}

#[test]
fn nul_in_a_body_becomes_the_replacement_character_and_check_warns() {
    let t = SiteTest::new().file(
        "content/models/a.md",
        "---\ntitle: A\nslug: a\nlocality: Hà Nội\nfield: kinh-te\nyear: 2021\n---\nMột\0hai.\n",
    );
    t.build_ok();
    // Every published text file (the search index's `.bin` files are binary).
    let text = ["html", "xml", "json", "csv", "txt", "js"];
    for e in walkdir::WalkDir::new(t.out())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_file()
                && e.path()
                    .extension()
                    .is_some_and(|x| text.iter().any(|t| x == *t))
        })
    {
        let bytes = std::fs::read(e.path()).expect("read");
        assert!(!bytes.contains(&0), "NUL in {}", e.path().display());
    }
    assert!(
        texts(&t.html(&t.model("a")), "main")
            .concat()
            .contains("Một\u{FFFD}hai.")
    );
    let r = kheo::cli::check::check(&t.options());
    let warnings: Vec<_> = r
        .diags
        .sorted()
        .into_iter()
        .filter(|d| !d.is_error())
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert_eq!((warnings[0].line, warnings[0].col), (8, 4));
}

#[test]
fn the_output_path_is_checked_as_resolved_however_it_is_spelled() {
    let t = SiteTest::new().file(
        "content/models/a.md",
        &model("A", "Hà Nội", "kinh-te", 2021, ""),
    );
    let site = t.path();
    std::fs::create_dir_all(site.join("static")).expect("mkdir");
    let mut spellings = vec![
        site.join("missing/../content/out"),
        site.join("content/./../content/x"),
        site.join("static/../static/x"),
        site.join("content/models/../../templates/x"),
        site.join(".kheo/x"),
        site.join("sub/.."),
        site.join(".."),
    ];
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(site.join("content"), site.join("link")).expect("symlink");
        spellings.push(site.join("link/out"));
        std::os::unix::fs::symlink(site, site.join("self")).expect("symlink");
        spellings.push(site.join("self"));
    }
    for out in spellings {
        let mut opts = t.options();
        opts.out = Some(out.clone());
        opts.wipe_output = true;
        let r = kheo::build(&opts);
        assert!(!r.ok(), "{} accepted", out.display());
        assert_eq!(error_list(&r).len(), 1, "{}", out.display());
    }
    // Nothing was written anywhere in the site: only what the test made.
    let files: Vec<String> = walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            e.path()
                .strip_prefix(site)
                .expect("inside")
                .display()
                .to_string()
        })
        .filter(|p| !p.is_empty())
        .collect();
    let mut expected = vec!["content", "content/models", "content/models/a.md", "static"];
    if cfg!(unix) {
        expected.extend(["link", "self"]);
    }
    let mut files = files;
    files.sort();
    expected.sort();
    assert_eq!(files, expected);
}

#[test]
fn force_is_split_into_recheck_and_a_destructive_wipe_output() {
    let t = SiteTest::new()
        .file(
            "content/models/a.md",
            &model("A", "Hà Nội", "kinh-te", 2021, ""),
        )
        .file("public/cua-toi.txt", "của tôi");
    let run = |args: &[&str]| {
        let o = kheo_command()
            .args(args)
            .arg(t.path())
            .output()
            .expect("run kheo");
        (
            o.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (code, err) = run(&["build", "--force"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--recheck") && err.contains("--wipe-output"),
        "{err}"
    );
    // --recheck does not replace a folder kheo did not make.
    let (code, err) = run(&["build", "--recheck"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("--wipe-output"), "{err}");
    assert_eq!(t.read("cua-toi.txt"), "của tôi");
    let (code, err) = run(&["build", "--wipe-output"]);
    assert_eq!(code, 0, "{err}");
    assert!(!t.out().join("cua-toi.txt").exists());
    // In kheo's own output, --recheck writes back a page deleted by hand.
    let page = t.out().join(format!("{}index.html", t.model("a")));
    let before = std::fs::read(&page).expect("page");
    std::fs::remove_file(&page).expect("rm");
    assert_eq!(run(&["build"]).0, 0);
    assert!(!page.exists(), "a no-change build looks at no file");
    assert_eq!(run(&["build", "--recheck"]).0, 0);
    assert_eq!(std::fs::read(&page).expect("page back"), before);
}

#[test]
fn a_forged_output_manifest_never_deletes_outside_the_output() {
    let outside = tempfile::tempdir().expect("temp dir");
    let victim = outside.path().join("victim.txt");
    std::fs::write(&victim, "của người khác").expect("write");
    let t = SiteTest::new()
        .file(
            "content/models/a.md",
            &model("A", "Hà Nội", "kinh-te", 2021, ""),
        )
        .file(
            "content/models/b.md",
            &model("B", "Hà Nội", "kinh-te", 2021, ""),
        );
    t.build_ok();
    let manifest = t.out().join(".kheo-output");
    let good = std::fs::read_to_string(&manifest).expect("manifest");
    let fresh_files = |dir: &std::path::Path| -> Vec<String> {
        let mut v: Vec<String> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| !e.file_type().is_dir())
            .map(|e| {
                e.path()
                    .strip_prefix(dir)
                    .expect("in")
                    .display()
                    .to_string()
            })
            .filter(|p| !p.starts_with(".kheo"))
            .collect();
        v.sort();
        v
    };
    let before = fresh_files(&t.out());
    let rel_up = pathdiff(&victim, &t.out());
    let forged_paths = [
        rel_up,
        victim.display().to_string(),
        format!("mo-hinh/{}", pathdiff(&victim, &t.out().join("mo-hinh"))),
        "mo-hinh//a".to_string(),
        "./x".to_string(),
    ];
    for forged in forged_paths {
        let mut text = good.clone();
        text.push_str(&format!("14 00000000 0 {forged}\n"));
        std::fs::write(&manifest, text).expect("forge");
        // An edit, so the build does not stop at "nothing changed".
        let body = std::fs::read_to_string(t.path().join("content/models/b.md")).expect("read");
        std::fs::write(t.path().join("content/models/b.md"), body + "\nThêm.\n").expect("edit");
        let r = t.build_ok();
        assert!(r.changes.ignored_manifest, "{forged} trusted");
        assert!(victim.is_file(), "{forged} deleted the file outside");
        assert_eq!(fresh_files(&t.out()), before, "{forged}");
    }
    // A path through a link: the folder `lnk` in the output leads outside.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(outside.path(), t.out().join("lnk")).expect("symlink");
        let mut text = std::fs::read_to_string(&manifest).expect("manifest");
        text.push_str("14 00000000 0 lnk/victim.txt\n");
        std::fs::write(&manifest, text).expect("forge");
        let body = std::fs::read_to_string(t.path().join("content/models/b.md")).expect("read");
        std::fs::write(t.path().join("content/models/b.md"), body + "\nNữa.\n").expect("edit");
        t.build_ok();
        assert!(victim.is_file(), "deleted through a link");
    }
}

/// `target` relative to `from`, with `..` (both absolute).
fn pathdiff(target: &std::path::Path, from: &std::path::Path) -> String {
    let t: Vec<_> = target.components().collect();
    let f: Vec<_> = from.components().collect();
    let common = t.iter().zip(&f).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); f.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// Reads the status line of the answer on `s` (0 when the server closed).
fn status_of(s: &mut std::net::TcpStream) -> u16 {
    use std::io::Read;
    let mut buf = [0u8; 12];
    match s.read_exact(&mut buf) {
        Ok(()) => String::from_utf8_lossy(&buf[9..12]).parse().unwrap_or(0),
        Err(_) => 0,
    }
}

fn get_status(port: u16) -> u16 {
    use std::io::Write;
    let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return 0;
    };
    let _ = s.set_read_timeout(Some(std::time::Duration::from_secs(20)));
    let _ = s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    status_of(&mut s)
}

#[test]
fn serve_bounds_its_connections_and_lets_slow_clients_go() {
    use std::io::Write;
    use std::time::{Duration, Instant};
    let t = SiteTest::new().file(
        "content/models/a.md",
        &model("A", "Hà Nội", "kinh-te", 2021, ""),
    );
    let server = Server::start_within(t.path(), Duration::from_secs(60));
    let port = server.port;
    assert_eq!(get_status(port), 200);

    // Every slot taken by a client that says nothing…
    let idle: Vec<std::net::TcpStream> = (0..kheo::serve::http::MAX_CONNECTIONS)
        .map(|_| std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect"))
        .collect();
    // …the next connection is answered 503 at once, and the server stays up.
    assert_eq!(get_status(port), 503);
    drop(idle);
    let deadline = Instant::now() + Duration::from_secs(30);
    while get_status(port) != 200 {
        assert!(Instant::now() < deadline, "the server did not come back");
        std::thread::sleep(Duration::from_millis(100));
    }

    // A client that sends its request a byte at a time, each within the
    // old per-read timeout, is let go once the head's deadline passes.
    let mut slow = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    slow.write_all(b"GET / HTTP/1.1\r\n").expect("write");
    let start = Instant::now();
    let mut closed = false;
    while start.elapsed() < Duration::from_secs(40) {
        std::thread::sleep(Duration::from_millis(500));
        if slow.write_all(b"X").is_err() {
            closed = true;
            break;
        }
    }
    if !closed {
        slow.set_read_timeout(Some(Duration::from_secs(1)))
            .expect("timeout");
        closed = status_of(&mut slow) == 0;
    }
    assert!(closed, "a slowloris client was kept for 40 s");
    assert_eq!(get_status(port), 200);
}

#[test]
fn base_url_must_be_a_web_address() {
    let t = SiteTest::new()
        .file(
            "content/models/a.md",
            &model("A", "Hà Nội", "kinh-te", 2021, ""),
        )
        .file(
            "site.yaml",
            "title: X\nbase_url: \"javascript:alert(1)//\"\n",
        );
    let errors = error_list(&t.build());
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].path.ends_with("site.yaml"));
    assert_eq!(errors[0].line, 2);
    assert!(!t.out().exists());
    let t = t.file("site.yaml", "title: X\n");
    let mut opts = t.options();
    opts.base_url = Some(" DATA:text/html,x".into());
    let r = kheo::build(&opts);
    assert_eq!(error_list(&r).len(), 1);
    opts.base_url = Some("HTTPS://dvk.example/".into());
    assert!(kheo::build(&opts).ok());
}
