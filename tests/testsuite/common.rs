//! Test helpers: a throw-away site folder, a build, and parsed output.
//!
//! `SiteTest::new()` makes an empty site in a temp dir; `.file(path, text)`
//! adds files; `.build()` runs kheo's library build and returns the report;
//! `.html(url_path)` parses an output page. `check_links` follows every
//! internal link and fragment of a built site.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use scraper::{Html, Selector};

pub struct SiteTest {
    pub dir: tempfile::TempDir,
    pub base_url: Option<String>,
}

impl SiteTest {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("content/models")).expect("mkdir");
        SiteTest {
            dir,
            base_url: None,
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    pub fn file(self, rel: &str, text: &str) -> Self {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
        self
    }

    pub fn bytes(self, rel: &str, bytes: &[u8]) -> Self {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
        self
    }

    pub fn options(&self) -> kheo::BuildOptions {
        kheo::BuildOptions {
            dir: self.dir.path().to_path_buf(),
            base_url: self.base_url.clone(),
            ..kheo::BuildOptions::default()
        }
    }

    pub fn build(&self) -> kheo::Report {
        kheo::build(&self.options())
    }

    /// Builds and fails the test with the diagnostics if the build failed.
    pub fn build_ok(&self) -> kheo::Report {
        let r = self.build();
        assert!(
            r.ok(),
            "build failed:\n{}",
            r.diags.report(self.path(), &en())
        );
        r
    }

    pub fn read(&self, rel: &str) -> String {
        let p = self.out().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
    }

    /// The site path of the one built model page whose slug (last URL
    /// segment) is `slug`, e.g. `mo-hinh/ha-noi/ba-dinh/x/`: a model's URL
    /// goes through its unit, which most tests need not spell out.
    pub fn model(&self, slug: &str) -> String {
        let root = self.out().join("mo-hinh");
        let found: Vec<String> = walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_name() == "index.html")
            .filter_map(|e| {
                let dir = e.path().parent()?;
                let rel = dir.strip_prefix(self.out()).ok()?;
                (dir.file_name()? == slug && !rel.starts_with("mo-hinh/trang"))
                    .then(|| format!("{}/", rel.to_string_lossy().replace('\\', "/")))
            })
            .collect();
        match found.as_slice() {
            [one] => one.clone(),
            _ => panic!("model pages with the slug {slug}: {found:?}"),
        }
    }

    /// Parses the page at a site path such as `mo-hinh/x/` (or `404.html`).
    pub fn html(&self, path: &str) -> Html {
        let rel = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        };
        Html::parse_document(&self.read(&rel))
    }

    /// The open data files that the `/du-lieu/` page offers for download,
    /// as paths under the output (`du-lieu/mo-hinh/ha-noi.csv`).
    pub fn data_links(&self) -> Vec<String> {
        attrs(&self.html("du-lieu/"), "a[download]", "href")
            .into_iter()
            .map(|h| match h.find("du-lieu/") {
                Some(at) => h[at..].to_string(),
                None => panic!("a data link outside du-lieu/: {h}"),
            })
            .collect()
    }

    /// The files inside the zip archive of the whole set at `rel`, by
    /// name, with their text. Together they must be one file per province
    /// CSV that the data page links, under its name in `du-lieu/` (with
    /// `.json` in the archive of JSON); a CSV part must be, byte for byte,
    /// the file published under that name, and a JSON part must not be
    /// published at all (it is offered in the archive only).
    pub fn unzip(&self, rel: &str) -> Vec<(String, String)> {
        use std::io::Read;
        let file =
            std::fs::File::open(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let mut zip = zip::ZipArchive::new(file).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let mut parts = Vec::new();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).expect("a file of the zip");
            let name = entry.name().expect("a file name").to_string();
            let mut text = String::new();
            entry.read_to_string(&mut text).expect("UTF-8");
            let published = self.out().join(format!("du-lieu/{name}"));
            if name.ends_with(".csv") {
                assert_eq!(text, self.read(&format!("du-lieu/{name}")), "{rel}: {name}");
            } else {
                assert!(!published.exists(), "{rel}: {name} is also published");
            }
            parts.push((name, text));
        }
        let ext = if rel.contains("-csv") {
            ".csv"
        } else {
            ".json"
        };
        let mut linked: Vec<String> = self
            .data_links()
            .into_iter()
            .filter(|l| l.starts_with("du-lieu/mo-hinh/") && l.ends_with(".csv"))
            .map(|l| format!("{}{ext}", &l["du-lieu/".len()..l.len() - ".csv".len()]))
            .collect();
        let mut names: Vec<String> = parts.iter().map(|p| p.0.clone()).collect();
        linked.sort();
        names.sort();
        assert_eq!(names, linked, "{rel}: the province files");
        parts
    }

    /// Every model of the open data as JSON records, from the zipped
    /// whole set; each record must be in its province's file.
    pub fn data_models(&self) -> Vec<serde_json::Value> {
        let mut whole = Vec::new();
        for (name, text) in self.unzip("du-lieu/mo-hinh-json.zip") {
            let province = name
                .strip_prefix("mo-hinh/")
                .and_then(|f| f.strip_suffix(".json"))
                .unwrap_or_else(|| panic!("{name}: not a province file"));
            let part: Vec<serde_json::Value> = serde_json::from_str(&text).expect("JSON");
            for m in &part {
                let top = m["locality_url"].as_str().unwrap_or_default();
                assert!(
                    top.contains(&format!("/dia-ban/{province}/")) || top.is_empty(),
                    "{name}: {top}"
                );
            }
            whole.extend(part);
        }
        whole
    }

    /// The whole CSV of models, from its zip: the first province file
    /// whole, then the rows of the others, whose header must be the same.
    pub fn data_models_csv(&self) -> String {
        let mut whole = String::new();
        for (name, text) in self.unzip("du-lieu/mo-hinh-csv.zip") {
            let mut lines = text.split_inclusive("\r\n");
            let header = lines.next().unwrap_or_default();
            if whole.is_empty() {
                whole.push_str(header);
            } else {
                assert!(whole.starts_with(header), "{name}: header");
            }
            whole.extend(lines);
        }
        whole
    }
}

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("bad selector {s}: {e:?}"))
}

/// Text of every element matching `selector`, whitespace-folded.
pub fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Every value of `attr` on elements matching `selector`.
pub fn attrs(doc: &Html, selector: &str, attr: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// Writes a model file's text.
/// The errors of a build (not its warnings), sorted.
pub fn error_list(r: &kheo::Report) -> Vec<kheo::diag::Diagnostic> {
    r.diags
        .sorted()
        .into_iter()
        .filter(|d| d.is_error())
        .collect()
}

pub fn model(title: &str, locality: &str, field: &str, year: i32, extra: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\nlocality: \"{locality}\"\nfield: \"{field}\"\nyear: {year}\n{extra}---\nNội dung của {title}.\n"
    )
}

/// Follows every internal link (`href`, `src`) of every HTML file under
/// `out`, where internal URLs start with `root`; checks the target file
/// exists and a `#fragment` names an id in it. Returns the broken links.
pub fn check_links(out: &Path, root: &str) -> Vec<String> {
    let mut ids: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let mut broken = Vec::new();
    let files: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().to_path_buf())
        .collect();
    let mut docs = BTreeMap::new();
    for f in &files {
        let doc = Html::parse_document(&std::fs::read_to_string(f).expect("read html"));
        let set: BTreeSet<String> = doc
            .select(&sel("[id]"))
            .filter_map(|e| e.value().attr("id").map(str::to_string))
            .collect();
        ids.insert(f.clone(), set);
        docs.insert(f.clone(), doc);
    }
    for (f, doc) in &docs {
        for (selector, attr) in [
            ("a[href]", "href"),
            ("link[href]", "href"),
            ("img[src]", "src"),
            ("script[src]", "src"),
        ] {
            for url in attrs(doc, selector, attr) {
                if url.starts_with("http://")
                    || url.starts_with("https://")
                    || url.starts_with("mailto:")
                    || url.starts_with("//")
                {
                    continue;
                }
                let (path, frag) = match url.split_once('#') {
                    Some((p, fr)) => (p.to_string(), Some(fr.to_string())),
                    None => (url.clone(), None),
                };
                let path = path.split('?').next().unwrap_or("").to_string();
                let target = if path.is_empty() {
                    f.clone()
                } else if let Some(rest) = path.strip_prefix(root) {
                    let t = out.join(rest);
                    if path.ends_with('/') || t.is_dir() {
                        t.join("index.html")
                    } else {
                        t
                    }
                } else {
                    broken.push(format!(
                        "{}: `{url}` is not under the site root {root}",
                        f.display()
                    ));
                    continue;
                };
                if !target.is_file() {
                    broken.push(format!(
                        "{}: `{url}` → missing {}",
                        f.display(),
                        target.display()
                    ));
                    continue;
                }
                if let Some(fr) = frag.filter(|fr| !fr.is_empty())
                    && !ids.get(&target).is_some_and(|s| s.contains(&fr))
                {
                    broken.push(format!("{}: `{url}` → no id `{fr}`", f.display()));
                }
            }
        }
    }
    broken
}

/// A running `kheo serve` (the real binary, on a free loopback port);
/// killed on drop, even when an assertion fails. Its stderr lines arrive on
/// `log`, and are drained to the end so it never blocks on a full pipe.
pub struct Server {
    pub child: std::process::Child,
    pub port: u16,
    pub log: std::sync::mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `kheo serve DIR --port 0` and waits (at most `wait`) for the
    /// line saying where it serves.
    pub fn start_within(dir: &Path, wait: std::time::Duration) -> Server {
        use std::io::BufRead;
        use std::process::Stdio;
        let mut child = kheo_command()
            .args(["serve", &dir.to_string_lossy(), "--port", "0"])
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start kheo serve");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, log) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
            {
                let _ = tx.send(line);
            }
        });
        let mut server = Server {
            child,
            port: 0,
            log,
        };
        let deadline = std::time::Instant::now() + wait;
        while server.port == 0 {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let line = server
                .log
                .recv_timeout(left)
                .expect("kheo serve should say where it serves");
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                server.port = rest
                    .split('/')
                    .next()
                    .and_then(|p| p.parse().ok())
                    .expect("port");
            }
        }
        server
    }
}

/// The kheo binary, in an English environment (a site's `language:` still
/// wins): tests that read its output do not depend on the machine's locale.
pub fn kheo_command() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_kheo"));
    c.env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    c
}

/// English messages, to read diagnostics in tests.
pub fn en() -> kheo::l10n::Messages {
    kheo::l10n::Messages::new(kheo::l10n::Lang::En)
}
