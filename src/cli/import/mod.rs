//! `kheo import FILE [DIR] [--dry-run]`: one model per row of a
//! spreadsheet (`.xlsx`, `.xls`, `.ods` through calamine; `.csv`), written
//! as a Markdown entry into `DIR` (default `content/models/` of the site in
//! the current folder). Columns are mapped by their header, in Vietnamese
//! or English; an unknown header is an error with did-you-mean. Every row
//! is checked as `kheo check` checks a model (front matter rules, the
//! locality against the registry) and every problem is reported with its
//! sheet, row and column; nothing is written unless every row is good.
//! An existing file is never overwritten.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

mod sheet;

use sheet::column_letter;
pub use sheet::{Sheet, read_sheets};

use super::{Outcome, Ui};
use crate::config::SiteConfig;
use crate::content::{frontmatter, model};
use crate::diag::Diagnostics;
use crate::l10n::{Messages, Msg};
use crate::locality::registry;
use crate::text;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The spreadsheet: .xlsx, .xls, .ods or .csv (UTF-8).
    pub file: PathBuf,
    /// Where to write the entries (default: content/models of the site in
    /// the current folder).
    pub dir: Option<PathBuf>,
    /// Show what would be written, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// The front matter keys a column can fill, each with the headers that
/// name it (compared as slugs: case and accents do not matter).
const COLUMNS: &[(&str, &[&str])] = &[
    ("title", &["Tên mô hình", "Tên", "Mô hình", "title"]),
    ("locality", &["Địa bàn", "Địa phương", "locality"]),
    ("field", &["Lĩnh vực", "field"]),
    ("year", &["Năm", "year"]),
    ("date", &["Ngày", "Thời gian", "date"]),
    ("summary", &["Tóm tắt", "summary"]),
    (
        "organizations",
        &["Đơn vị", "Đơn vị thực hiện", "Tổ chức", "organizations"],
    ),
    ("results", &["Kết quả", "results"]),
    ("status", &["Trạng thái", "status"]),
    ("tags", &["Từ khóa", "tags"]),
    ("featured", &["Nổi bật", "featured"]),
    ("body", &["Nội dung", "Mô tả", "body", "content"]),
];

/// A problem with a cell (or a header: `col` then names it).
struct Problem {
    sheet: String,
    row: usize,
    col: Option<usize>,
    header: String,
    msg: Msg,
}

/// The key a header names, or the nearest header kheo knows.
fn column_key(header: &str) -> Result<&'static str, Option<&'static str>> {
    let slug = text::slugify(header);
    for (key, names) in COLUMNS {
        if names.iter().any(|n| text::slugify(n) == slug) {
            return Ok(key);
        }
    }
    let all: Vec<&'static str> = COLUMNS
        .iter()
        .flat_map(|(_, n)| n.iter().copied())
        .collect();
    let slugs: Vec<String> = all.iter().map(|n| text::slugify(n)).collect();
    let refs: Vec<&str> = slugs.iter().map(String::as_str).collect();
    let near = frontmatter::closest(&slug, &refs)
        .and_then(|s| slugs.iter().position(|x| x == s))
        .map(|i| all[i]);
    Err(near)
}

/// A list cell: items separated by `;` or new lines.
fn items(cell: &str) -> Vec<String> {
    cell.split([';', '\n'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// `31/12/2022`, `12/2022` → `2022-12-31`, `2022-12`; anything else as is.
fn iso_date(cell: &str) -> String {
    let parts: Vec<&str> = cell.trim().split(['/', '.']).collect();
    let num = |s: &str| s.trim().parse::<u32>().ok();
    match parts.as_slice() {
        [d, m, y] if y.len() == 4 => match (num(d), num(m), num(y)) {
            (Some(d), Some(m), Some(y)) => format!("{y:04}-{m:02}-{d:02}"),
            _ => cell.trim().to_string(),
        },
        [m, y] if y.len() == 4 => match (num(m), num(y)) {
            (Some(m), Some(y)) => format!("{y:04}-{m:02}"),
            _ => cell.trim().to_string(),
        },
        _ => cell.trim().to_string(),
    }
}

/// One row as an entry: its Markdown text, and for each line of the text
/// the column it came from.
struct Entry {
    text: String,
    line_col: Vec<Option<usize>>,
    title: String,
    locality: Vec<String>,
}

fn entry(row: &[String], columns: &[(usize, &'static str)]) -> Result<Entry, (usize, Msg)> {
    let cell = |key: &str| -> Option<(usize, &str)> {
        columns
            .iter()
            .find(|(_, k)| *k == key)
            .map(|&(c, _)| (c, row.get(c).map(|s| s.trim()).unwrap_or("")))
            .filter(|(_, v)| !v.is_empty())
    };
    let mut lines = vec!["---".to_string()];
    let mut line_col = vec![None];
    let mut put = |key: &str, col: usize, value: serde_json::Value| {
        lines.push(format!("{key}: {value}"));
        line_col.push(Some(col));
    };
    for &(col, key) in columns {
        let Some((_, v)) = cell(key) else { continue };
        let value = match key {
            "year" => match v.parse::<i64>() {
                Ok(y) => serde_json::json!(y),
                Err(_) => {
                    return Err((col, Msg::new("import-year-bad").arg("value", v)));
                }
            },
            "date" => serde_json::json!(iso_date(v)),
            "organizations" | "tags" => serde_json::json!(items(v)),
            "results" => {
                let mut out = Vec::new();
                for it in items(v) {
                    let Some((label, value)) = it.rsplit_once(':') else {
                        return Err((col, Msg::new("import-result-bad").arg("value", it)));
                    };
                    out.push(serde_json::json!({"label": label.trim(), "value": value.trim()}));
                }
                serde_json::json!(out)
            }
            "featured" => {
                let yes = matches!(text::slugify(v).as_str(), "co" | "x" | "true" | "1" | "yes");
                serde_json::json!(yes)
            }
            "body" => continue,
            _ => serde_json::json!(v),
        };
        put(key, col, value);
    }
    lines.push("---".to_string());
    line_col.push(None);
    let body = cell("body").map(|(_, b)| b.to_string()).unwrap_or_default();
    let title = cell("title")
        .map(|(_, t)| t.to_string())
        .unwrap_or_default();
    let locality = cell("locality")
        .map(|(_, l)| l.split('/').map(|s| text::nfc(s.trim())).collect())
        .unwrap_or_default();
    Ok(Entry {
        text: format!("{}\n{body}\n", lines.join("\n")),
        line_col,
        title,
        locality,
    })
}

/// What an import found: the files it writes (or would write), and the
/// problems, each worded (in the reader's language) with its sheet, row
/// and column.
pub struct Imported {
    pub files: Vec<(PathBuf, String)>,
    pub problems: Vec<String>,
}

impl Problem {
    fn render(&self, file: &Path, m: &Messages) -> String {
        let mut at = Msg::new("import-at")
            .path("file", file)
            .arg("sheet", self.sheet.as_str())
            .arg("row", self.row);
        at = match self.col {
            Some(c) => at
                .arg("column", column_letter(c))
                .arg("header", self.header.as_str()),
            None => at.arg("column", "none").arg("header", ""),
        };
        let mut s = format!(
            "{}: {}: {}",
            m.get("label-error"),
            m.text(&at),
            m.text(&self.msg)
        );
        if let Some(h) = m.help(&self.msg) {
            s.push_str(&format!("\n  = {}: {h}", m.get("label-help")));
        }
        s
    }
}

/// Reads `file` and checks every row as a model of the site in `site`;
/// plans a new file in `dir` for each (never one that exists). Writes
/// nothing: see [`write`].
pub fn import(file: &Path, site: &Path, dir: &Path, m: &Messages) -> Result<Imported, Msg> {
    let sheets = read_sheets(file)?;
    let mut diags = Diagnostics::new();
    let cfg = SiteConfig::load(site, &mut diags);
    let md = cfg.markdown_options();
    let extra: Vec<Vec<String>> =
        crate::content::load_extra_localities(&site.join("content/localities.yaml"), &mut diags)
            .iter()
            .map(|p| p.iter().map(|n| text::locality_key(n)).collect())
            .collect();
    let mut problems: Vec<Problem> = Vec::new();
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let mut taken: HashSet<PathBuf> = HashSet::new();
    // (slug, unit) → (sheet, row) of the first row with them.
    let mut seen: HashMap<(String, String), (String, usize)> = HashMap::new();
    for sheet in &sheets {
        let mut rows = sheet
            .rows
            .iter()
            .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()));
        let Some((head_row, head)) = rows.next() else {
            continue;
        };
        let mut columns: Vec<(usize, &'static str)> = Vec::new();
        let mut headers: BTreeMap<usize, String> = BTreeMap::new();
        let mut bad = false;
        for (c, h) in head.iter().enumerate() {
            let h = h.trim();
            if h.is_empty() {
                continue;
            }
            headers.insert(c, h.to_string());
            match column_key(h) {
                Ok(key) if columns.iter().any(|(_, k)| *k == key) => {
                    bad = true;
                    problems.push(Problem {
                        sheet: sheet.name.clone(),
                        row: *head_row,
                        col: Some(c),
                        header: h.to_string(),
                        msg: Msg::new("import-column-twice").arg("value", key),
                    });
                }
                Ok(key) => columns.push((c, key)),
                Err(near) => {
                    bad = true;
                    let known: Vec<&str> = COLUMNS.iter().map(|(_, n)| n[0]).collect();
                    problems.push(Problem {
                        sheet: sheet.name.clone(),
                        row: *head_row,
                        col: Some(c),
                        header: h.to_string(),
                        msg: Msg::new("import-column-unknown")
                            .arg("value", h)
                            .arg("suggestion", near.unwrap_or("none"))
                            .arg("known", known.join(", ")),
                    });
                }
            }
        }
        if !columns.iter().any(|(_, k)| *k == "title") {
            bad = true;
            problems.push(Problem {
                sheet: sheet.name.clone(),
                row: *head_row,
                col: None,
                header: String::new(),
                msg: Msg::new("import-no-title-column"),
            });
        }
        if bad {
            continue;
        }
        for (row_no, row) in rows {
            let at = |col: Option<usize>, msg: Msg| Problem {
                sheet: sheet.name.clone(),
                row: *row_no,
                col,
                header: col
                    .and_then(|c| headers.get(&c).cloned())
                    .unwrap_or_default(),
                msg,
            };
            let e = match entry(row, &columns) {
                Ok(e) => e,
                Err((col, msg)) => {
                    problems.push(at(Some(col), msg));
                    continue;
                }
            };
            let col_of = |key: &str| columns.iter().find(|(_, k)| *k == key).map(|&(c, _)| c);
            let source = frontmatter::SourceFile {
                path: dir.join("x.md"),
                text: text::nfc(&e.text),
            };
            let m = match model::load(&source, &cfg, &md) {
                Ok(m) => m,
                Err(ds) => {
                    for d in ds {
                        let col = d
                            .line
                            .checked_sub(1)
                            .and_then(|l| e.line_col.get(l).copied().flatten());
                        // A missing key names no line of its own: its column, if any.
                        let col = col.or_else(|| {
                            COLUMNS
                                .iter()
                                .map(|(k, _)| *k)
                                .find(|k| d.msg.text("key") == Some(*k))
                                .and_then(col_of)
                        });
                        problems.push(at(col, d.msg));
                    }
                    continue;
                }
            };
            let when = m.when();
            let keys: Vec<String> = e.locality.iter().map(|n| text::locality_key(n)).collect();
            let is_extra = extra
                .iter()
                .any(|x| keys.starts_with(x) || x.starts_with(&keys));
            // Read as the site reads it: "Cai Lậy (Huyện)" is "Huyện Cai Lậy".
            let written: Vec<String> = e
                .locality
                .iter()
                .map(|n| crate::site::type_first(n))
                .collect();
            let unit =
                match registry::registry().resolve_at(&written, when.year, when.month, when.day) {
                    Ok(u) => format!("{}", u.0),
                    Err(_) if is_extra || cfg.unknown_localities_warn => keys.join("/"),
                    Err(err) => {
                        let names: Vec<String> =
                            err.candidates.iter().map(|c| c.full_name.clone()).collect();
                        let names = if names.is_empty() {
                            "none".to_string()
                        } else {
                            names.join("; ")
                        };
                        problems.push(at(
                            col_of("locality"),
                            Msg::new("import-locality-unknown")
                                .arg("value", e.locality.join(" / "))
                                .arg("suggestion", names),
                        ));
                        continue;
                    }
                };
            let key = (m.slug.clone(), unit);
            if let Some((s, r)) = seen.get(&key) {
                problems.push(at(
                    col_of("title"),
                    Msg::new("import-row-twice")
                        .arg("sheet", s.as_str())
                        .arg("row", *r),
                ));
                continue;
            }
            seen.insert(key, (sheet.name.clone(), *row_no));
            // Named after its title and its unit; never a file that exists.
            let place = e
                .locality
                .last()
                .map(|l| text::slugify(l))
                .unwrap_or_default();
            let mut base = text::slugify(&e.title);
            base.truncate(60);
            let base = match place.is_empty() {
                true => base.trim_end_matches('-').to_string(),
                false => format!("{}-{place}", base.trim_end_matches('-')),
            };
            let mut path = dir.join(format!("{base}.md"));
            let mut n = 2;
            while taken.contains(&path) || path.exists() {
                path = dir.join(format!("{base}-{n}.md"));
                n += 1;
            }
            taken.insert(path.clone());
            files.push((path, e.text));
        }
    }
    Ok(Imported {
        files,
        problems: problems.iter().map(|p| p.render(file, m)).collect(),
    })
}

/// Writes the planned files, each only if no file has its name.
pub fn write(files: &[(PathBuf, String)]) -> Result<(), Msg> {
    use std::io::Write;
    let fail = |p: &Path, e: std::io::Error| {
        Msg::new("init-write-failed")
            .path("path", p)
            .arg("detail", e.to_string())
    };
    for (path, text) in files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| fail(parent, e))?;
        }
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|e| fail(path, e))?;
        f.write_all(text.as_bytes()).map_err(|e| fail(path, e))?;
    }
    Ok(())
}

pub fn run(a: Args, ui: &Ui) -> Outcome {
    let site = PathBuf::from(".");
    let dir = a.dir.clone().unwrap_or_else(|| site.join("content/models"));
    if !a.file.is_file() {
        return Outcome::Usage(Msg::new("import-no-file").path("file", &a.file));
    }
    let start = std::time::Instant::now();
    let found = match import(&a.file, &site, &dir, &ui.msgs) {
        Ok(f) => f,
        Err(msg) => return Outcome::Usage(msg),
    };
    for p in &found.problems {
        eprintln!("{p}\n");
    }
    if !found.problems.is_empty() {
        eprintln!(
            "{}",
            ui.text(
                &Msg::new("import-failed")
                    .arg("count", found.problems.len())
                    .path("file", &a.file)
            )
        );
        return Outcome::ContentErrors;
    }
    if a.dry_run {
        for (path, text) in &found.files {
            println!("==> {} <==\n{text}", path.display());
        }
        ui.info(
            Msg::new("import-dry-run")
                .arg("count", found.files.len())
                .path("dir", &dir),
        );
        return Outcome::Success;
    }
    if let Err(msg) = write(&found.files) {
        return Outcome::Refused(msg);
    }
    ui.info(
        Msg::new("import-done")
            .arg("count", found.files.len())
            .path("dir", &dir)
            .arg("ms", start.elapsed().as_millis() as u64),
    );
    Outcome::Success
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_letters_dates() {
        assert_eq!(iso_date("31/12/2022"), "2022-12-31");
        assert_eq!(iso_date("3/2024"), "2024-03");
        assert_eq!(column_key("TÊN MÔ HÌNH"), Ok("title"));
        assert_eq!(column_key("Ten mo hinh"), Ok("title"));
        assert_eq!(column_key("Linh vuc"), Ok("field"));
        assert_eq!(column_key("Lĩnh vự"), Err(Some("Lĩnh vực")));
    }
}
