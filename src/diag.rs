//! Diagnostics: problems found in a site, collected and reported together.
//!
//! Every stage pushes [`Diagnostic`]s into a [`Diagnostics`] sink and keeps
//! going, so one run reports every problem. This module owns the data and
//! its rendering for people: errors first, then warnings, each sorted by
//! file and line, each with the offending line of the file and a caret
//! (read from the file at report time, through annotate-snippets), then one
//! count. It does not decide exit codes (that is `main.rs`) nor whether a
//! terminal wants colour (the caller says).

use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::l10n::{Arg, Messages, Msg};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, located in a file (line and column are 1-based; 0 = unknown).
///
/// What it says is a [`Msg`]: a stable id (its kind, the Fluent message
/// id in `locales/`) and arguments; the text, and the help line (the
/// message's `.help` attribute), are made in the reader's language when
/// the report is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    /// Length of the offending text in chars from `col` (0 = not known:
    /// the renderer underlines the word at `col`, or the value the message
    /// quotes).
    pub len: usize,
    pub msg: Msg,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, msg: impl Into<Msg>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: 0,
            col: 0,
            len: 0,
            msg: msg.into(),
        }
    }

    pub fn warning(path: impl Into<PathBuf>, msg: impl Into<Msg>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, msg)
        }
    }

    pub fn at(mut self, line: usize, col: usize) -> Self {
        self.line = line;
        self.col = col;
        self
    }

    /// How many chars from the column the problem spans.
    pub fn span(mut self, len: usize) -> Self {
        self.len = len;
        self
    }

    /// Adds an argument to the message.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.msg = self.msg.arg(name, value);
        self
    }

    /// Its stable kind: the message id.
    pub fn kind(&self) -> &'static str {
        self.msg.id
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// What is wrong, in `m`'s language.
    pub fn message(&self, m: &Messages) -> String {
        m.text(&self.msg)
    }

    /// How to fix it, in `m`'s language.
    pub fn help(&self, m: &Messages) -> Option<String> {
        m.help(&self.msg)
    }

    /// One line (plus a help line): `error: path:line:col: message`.
    pub fn one_line(&self, m: &Messages) -> String {
        let label = match self.severity {
            Severity::Error => m.get("label-error"),
            Severity::Warning => m.get("label-warning"),
        };
        let mut s = format!("{label}: {}", self.path.display());
        if self.line > 0 {
            s.push_str(&format!(":{}", self.line));
            if self.col > 0 {
                s.push_str(&format!(":{}", self.col));
            }
        }
        s.push_str(&format!(": {}", self.message(m)));
        if let Some(help) = self.help(m) {
            s.push_str(&format!("\n  {}: {help}", m.get("label-help")));
        }
        s
    }
}

/// Why a file could not be read or written, as a key the messages select
/// on (the system's own text is English, so it is only a detail).
fn io_reason(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::NotFound => "not-found",
        std::io::ErrorKind::PermissionDenied => "permission",
        std::io::ErrorKind::AlreadyExists => "exists",
        _ => "other",
    }
}

/// A file that could not be read.
pub fn io_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(path, "io-read")
        .arg("reason", io_reason(e))
        .arg("detail", e.to_string())
}

/// A file or folder that could not be written (made, renamed, removed).
pub fn io_write_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(path, "io-write")
        .arg("reason", io_reason(e))
        .arg("detail", e.to_string())
}

/// The sink every stage writes problems into.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.sorted().iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.sorted().iter().filter(|d| !d.is_error()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The diagnostics without duplicates: errors first, then warnings, each
    /// sorted by file, line and column.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut v = self.items.clone();
        v.sort_by(|a, b| {
            (a.severity, &a.path, a.line, a.col, &a.msg)
                .cmp(&(b.severity, &b.path, b.line, b.col, &b.msg))
        });
        v.dedup();
        v
    }

    /// Every diagnostic with its source line, then one count, with paths
    /// shown relative to `root`; plain text (no colour), in `m`'s language.
    pub fn report(&self, root: &Path, m: &Messages) -> String {
        self.render(root, false, m)
    }

    /// Like [`Diagnostics::report`], with ANSI colour when `color`.
    pub fn render(&self, root: &Path, color: bool, m: &Messages) -> String {
        let sorted = self.sorted();
        let mut out = String::new();
        let mut cache = SourceCache::default();
        for d in &sorted {
            out.push_str(&render_one(d, root, color, &mut cache, m));
            out.push_str("\n\n");
        }
        if let Some(summary) = summary(&sorted, m) {
            out.push_str(&summary);
            out.push('\n');
        }
        out
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// "2 errors and 1 warning in 2 files", or `None` when there is nothing.
fn summary(sorted: &[Diagnostic], m: &Messages) -> Option<String> {
    if sorted.is_empty() {
        return None;
    }
    let errors = sorted.iter().filter(|d| d.is_error()).count();
    let warnings = sorted.len() - errors;
    let mut files: Vec<&Path> = sorted
        .iter()
        .map(|d| d.path.as_path())
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    files.sort();
    files.dedup();
    Some(
        m.text(
            &Msg::new("diag-summary")
                .arg("errors", errors)
                .arg("warnings", warnings)
                .arg("files", files.len()),
        ),
    )
}

/// Files read for their lines, once per report.
#[derive(Default)]
struct SourceCache {
    files: std::collections::HashMap<PathBuf, Option<Vec<String>>>,
}

impl SourceCache {
    /// Line `n` (1-based) of `path`, decoded as the loaders decode it (BOM
    /// dropped, CRLF as LF, NFC) so columns agree with theirs.
    fn line(&mut self, path: &Path, n: usize) -> Option<&str> {
        let lines = self.files.entry(path.to_path_buf()).or_insert_with(|| {
            let bytes = std::fs::read(path).ok()?;
            let text = String::from_utf8_lossy(&bytes);
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            let text = crate::text::nfc(&text.replace("\r\n", "\n").replace('\r', "\n"));
            Some(text.split('\n').map(str::to_string).collect())
        });
        lines.as_ref()?.get(n.checked_sub(1)?).map(String::as_str)
    }
}

fn display_path(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Byte range of `len` chars from 1-based char column `col` in `line`.
fn char_range(line: &str, col: usize, len: usize) -> std::ops::Range<usize> {
    let byte_at = |c: usize| {
        line.char_indices()
            .nth(c)
            .map(|(i, _)| i)
            .unwrap_or(line.len())
    };
    let start = byte_at(col.saturating_sub(1));
    let end = byte_at(col.saturating_sub(1) + len.max(1));
    start..end.max(start)
}

/// What to underline on the line, as a byte range.
fn locate(d: &Diagnostic, line: &str) -> std::ops::Range<usize> {
    if d.len > 0 && d.col > 0 {
        return char_range(line, d.col, d.len);
    }
    let body_start = line.len() - line.trim_start().len();
    if d.kind().starts_with("missing-") {
        // The key is not written anywhere: point at the line, not at a word.
        return 0..0;
    }
    if d.col <= 1 {
        // Loaders point at a key's line; the message's `value` argument
        // (else another text argument) is the offending value: underline
        // it where it is written.
        let value_from = line.find(':').map_or(body_start, |i| i + 1);
        let value = d.msg.text("value");
        let others = d
            .msg
            .args
            .iter()
            .filter_map(|(n, v)| (*n != "value").then(|| v.as_text()).flatten());
        for quoted in value.into_iter().chain(others) {
            let quoted = quoted.trim();
            if quoted.is_empty() {
                continue;
            }
            if let Some(i) = line[value_from..].find(quoted) {
                let s = value_from + i;
                return s..s + quoted.len();
            }
            if let Some(i) = line.find(quoted) {
                return i..i + quoted.len();
            }
        }
        if d.col == 0 && body_start == line.len() {
            return 0..0;
        }
        // Else the key (up to its colon), or the whole line.
        let end = match line.find(':') {
            Some(i) if i > body_start => i,
            _ => line.trim_end().len(),
        };
        return body_start..end.max(body_start);
    }
    // A column without a length: the word that starts there.
    let r = char_range(line, d.col, 1);
    let rest = &line[r.start..];
    let word = rest
        .find(|c: char| c.is_whitespace() || matches!(c, ',' | ']' | '}' | ':'))
        .unwrap_or(rest.len());
    r.start..r.start + word.max(r.len())
}

fn render_one(
    d: &Diagnostic,
    root: &Path,
    color: bool,
    cache: &mut SourceCache,
    m: &Messages,
) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let level = match d.severity {
        Severity::Error => Level::ERROR.with_name(m.get("label-error")),
        Severity::Warning => Level::WARNING.with_name(m.get("label-warning")),
    };
    let shown = display_path(&d.path, root);
    let file = if d.path.is_absolute() || d.path.exists() {
        d.path.clone()
    } else {
        root.join(&d.path)
    };
    let line_text = if d.line > 0 && !d.path.as_os_str().is_empty() {
        cache.line(&file, d.line).map(str::to_string)
    } else {
        None
    };
    // Paths inside messages are shown relative to the site, like the
    // locations. Not for a site given as `.` or `..`: its paths are
    // relative already, and `./` is also in what the editor wrote
    // (`../x/`, `./x/`), which must be shown as written.
    let root_prefix = format!("{}{}", root.display(), std::path::MAIN_SEPARATOR);
    let dots_only = root.components().all(|c| {
        matches!(
            c,
            std::path::Component::CurDir | std::path::Component::ParentDir
        )
    });
    let relative = |s: &str| {
        if dots_only {
            s.to_string()
        } else {
            s.replace(&root_prefix, "")
        }
    };
    let message = relative(&d.message(m));
    let help = d.help(m).as_deref().map(relative);
    let title = level.primary_title(message.as_str());
    let mut group: Group = match &line_text {
        Some(text) => {
            let span = locate(d, text);
            Group::with_title(title).element(
                Snippet::source(text.as_str())
                    .line_start(d.line)
                    .path(shown.as_str())
                    .annotation(AnnotationKind::Primary.span(span)),
            )
        }
        None if !shown.is_empty() => {
            let mut origin = Origin::path(shown.as_str());
            if d.line > 0 {
                origin = origin.line(d.line);
                if d.col > 0 {
                    origin = origin.char_column(d.col);
                }
            }
            Group::with_title(title).element(origin)
        }
        None => Group::with_title(title),
    };
    if let Some(help) = &help {
        group = group.element(
            Level::HELP
                .with_name(m.get("label-help"))
                .message(help.as_str()),
        );
    }
    renderer.render(&[group])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::l10n::Lang;

    #[test]
    fn underlines_the_quoted_value_on_a_key_line() {
        let d = Diagnostic::error("x.md", "field-unknown")
            .arg("value", "kinh doanh")
            .at(4, 1);
        let line = "field: \"kinh doanh\"";
        assert_eq!(&line[locate(&d, line)], "kinh doanh");
    }

    #[test]
    fn underlines_the_key_without_a_quote() {
        let d = Diagnostic::error("x.md", "key-unknown").at(2, 1);
        assert_eq!(&"titel: A"[locate(&d, "titel: A")], "titel");
    }

    #[test]
    fn spans_count_chars_not_bytes() {
        let d = Diagnostic::warning("x.md", "privacy-phone")
            .at(1, 5)
            .span(3);
        let line = "Gọi ông 090";
        assert_eq!(&line[locate(&d, line)], "ông");
    }

    /// A link written `../x/` or `./y/` is shown as written, whatever
    /// folder the site was given as.
    #[test]
    fn a_relative_link_in_a_message_is_shown_as_written() {
        let mut ds = Diagnostics::new();
        ds.push(Diagnostic::warning("a.md", "link-dead").arg("value", "../khong-co/"));
        ds.push(Diagnostic::warning("a.md", "link-dead").arg("value", "./khong-co-2/"));
        for root in [".", "./", "..", "", "/nowhere"] {
            let en = ds.report(Path::new(root), &Messages::new(Lang::En));
            assert!(en.contains("`../khong-co/`"), "{root}: {en}");
            assert!(en.contains("`./khong-co-2/`"), "{root}: {en}");
        }
    }

    #[test]
    fn errors_come_before_warnings_then_a_count_in_each_language() {
        let mut ds = Diagnostics::new();
        ds.push(Diagnostic::warning("a.md", "file-empty"));
        ds.push(Diagnostic::error("b.md", "front-matter-not-closed"));
        ds.push(Diagnostic::error("b.md", "front-matter-not-closed"));
        let en = ds.report(Path::new("/nowhere"), &Messages::new(Lang::En));
        let (e, w) = (
            en.find("error: the front matter").expect("error"),
            en.find("warning: the file is empty").expect("warning"),
        );
        assert!(e < w, "{en}");
        assert!(en.ends_with("1 error and 1 warning in 2 files\n"), "{en}");
        let vi = ds.report(Path::new("/nowhere"), &Messages::new(Lang::Vi));
        assert!(vi.starts_with("lỗi: "), "{vi}");
        assert!(vi.ends_with("1 lỗi và 1 cảnh báo trong 2 tệp\n"), "{vi}");
    }
}
