//! Reading an entry file and splitting it into YAML front matter and Markdown.
//!
//! Owns: decoding (UTF-8, BOM, CRLF, NFC), finding the `---` fences, and
//! turning serde_yaml_ng's errors into diagnostics whose line numbers count from
//! the top of the *file*, not of the front matter block. It knows nothing of
//! what the keys mean: that is `model.rs` / `award.rs`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_yaml_ng::{Mapping, Value};

use super::keys::{self, Schema};
use crate::diag::Diagnostic;
use crate::l10n::Msg;
use crate::text;

/// An entry file, decoded and normalized.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    /// NFC text with LF line ends and no BOM.
    pub text: String,
}

/// The two parts of an entry.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based line of the file on which the YAML starts.
    pub yaml_line: usize,
    pub body: &'a str,
}

impl Split<'_> {
    /// 1-based line of the file on which the body starts.
    pub fn body_line(&self) -> usize {
        self.yaml_line + self.yaml.matches('\n').count() + 1
    }
}

/// Decodes a file's bytes: rejects invalid UTF-8 (naming the line), strips a
/// BOM, turns CRLF into LF and normalizes to NFC.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<SourceFile, Diagnostic> {
    // Checked with SIMD first: Vietnamese text has a multi-byte letter every
    // few bytes, which keeps std's check off its ASCII fast path, and
    // each entry is decoded twice. std's answer is only needed for where
    // the bad byte is.
    let checked = match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(_) => std::str::from_utf8(bytes),
    };
    let s = match checked {
        Ok(s) => s,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let col = good.len() - good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
            return Err(Diagnostic::error(path, "file-not-utf8").at(line, col));
        }
    };
    let s = s.strip_prefix('\u{feff}').unwrap_or(s);
    let s: std::borrow::Cow<str> = if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        s.into()
    };
    Ok(SourceFile {
        path: path.to_path_buf(),
        text: text::nfc(&s),
    })
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Splits `---\n<yaml>\n---\n<body>`.
pub fn split<'a>(file: &'a SourceFile) -> Result<Split<'a>, Diagnostic> {
    split_text(&file.path, &file.text)
}

/// [`split`] of a text that may not be decoded yet: a text with a BOM
/// fails, one with CRLF line ends splits with the CRs kept.
pub fn split_text<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let first_line = text.lines().next().unwrap_or("");
    if !is_fence(first_line) {
        let id = if text.trim().is_empty() {
            "file-empty"
        } else {
            "front-matter-missing"
        };
        return Err(Diagnostic::error(path, id).at(1, 1));
    }
    let yaml_start = first_line.len() + 1;
    let mut offset = yaml_start.min(text.len());
    let mut line_no = 2;
    for line in text[offset..].split_inclusive('\n') {
        if is_fence(line.trim_end_matches('\n')) {
            let yaml = &text[yaml_start.min(text.len())..offset];
            let body = &text[(offset + line.len()).min(text.len())..];
            return Ok(Split {
                yaml,
                yaml_line: 2,
                body,
            });
        }
        offset += line.len();
        line_no += 1;
    }
    let _ = line_no;
    Err(Diagnostic::error(path, "front-matter-not-closed").at(1, 1))
}

/// A YAML syntax error as an editor can act on it, located in the file
/// (`first_line`: the file line of the YAML's first line). What went wrong
/// is read from the text itself, never from the parser's message: a tab
/// in the indentation (named at its real column), a `: ` inside an
/// unquoted value, a key written twice, else a line the parser could not
/// read.
pub fn yaml_error(
    path: &Path,
    yaml: &str,
    first_line: usize,
    e: &serde_yaml_ng::Error,
) -> Diagnostic {
    let (line0, col) = e
        .location()
        .map(|l| (l.line().saturating_sub(1), l.column()))
        .unwrap_or((0, 1));
    let lines: Vec<&str> = yaml.lines().collect();
    // A tab where YAML wants spaces: in the indentation, or before the
    // place the parser stopped on its line. Tabs in values are fine.
    for (i, l) in lines.iter().enumerate().take(line0 + 1) {
        let indent: String = l.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
        let at = indent
            .chars()
            .position(|c| c == '\t')
            .or_else(|| (i == line0).then(|| tab_before(l, col)).flatten());
        if let Some(c) = at {
            return Diagnostic::error(path, "yaml-tab")
                .at(first_line + i, c + 1)
                .span(1);
        }
    }
    if let Some((i, c)) = unclosed(&lines[..(line0 + 1).min(lines.len())]) {
        return Diagnostic::error(path, "yaml-unclosed")
            .at(first_line + i, c + 1)
            .span(1);
    }
    let line_text = lines.get(line0).copied().unwrap_or("");
    if let Some((key, value)) = line_text.split_once(':') {
        let key = key.trim();
        let value = value.trim();
        let quoted = value.starts_with('"') || value.starts_with('\'');
        if !quoted && value.contains(": ") && !key.is_empty() {
            return Diagnostic::error(
                path,
                Msg::new("yaml-colon-in-value")
                    .arg("key", key)
                    .arg("value", value),
            )
            .at(first_line + line0, 1);
        }
        if !line_text.starts_with([' ', '-'])
            && !key.is_empty()
            && lines[..line0].iter().any(|l| {
                l.split_once(':')
                    .is_some_and(|(k, _)| !l.starts_with([' ', '-']) && k.trim() == key)
            })
        {
            return Diagnostic::error(path, Msg::new("key-duplicate").arg("value", key))
                .at(first_line + line0, 1);
        }
    }
    Diagnostic::error(path, "yaml-syntax").at(first_line + line0, col.max(1))
}

/// The outermost `[` or `{` (outside quotes) still open at the end of
/// `lines`: its 0-based line and char column. The parser notices only
/// where the block ends, lines later.
fn unclosed(lines: &[&str]) -> Option<(usize, usize)> {
    let mut open: Vec<(usize, usize)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let mut quote: Option<char> = None;
        for (j, ch) in line.chars().enumerate() {
            match (quote, ch) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(ch),
                (None, '#')
                    if j == 0
                        || line[..line.char_indices().nth(j).map_or(0, |(b, _)| b)]
                            .ends_with(' ') =>
                {
                    break;
                }
                (None, '[' | '{') => open.push((i, j)),
                (None, ']' | '}') => {
                    open.pop();
                }
                _ => {}
            }
        }
    }
    open.first().copied()
}

/// The 0-based char column of a tab before char column `col` (1-based).
fn tab_before(line: &str, col: usize) -> Option<usize> {
    line.chars().take(col).position(|c| c == '\t')
}

/// The candidate nearest to `word` by edit distance, if it is near enough.
pub fn closest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    candidates
        .iter()
        .map(|c| (strsim::levenshtein(word, c), *c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

/// Front matter read as `T`, with the problems of its keys.
#[derive(Debug)]
pub struct Parsed<T> {
    pub value: T,
    /// Unknown keys and values of the wrong shape, each at its line; the
    /// value was read without them.
    pub problems: Vec<Diagnostic>,
    /// Keys written with a value of the wrong shape.
    pub failed: BTreeSet<String>,
}

/// Parses the front matter as a YAML map (empty when there is nothing),
/// mapping error positions to file lines. An error here leaves nothing
/// to read, so it is the file's only one.
pub fn parse_map(file: &SourceFile, split: &Split) -> Result<Mapping, Diagnostic> {
    if let Some((line, col)) = too_deep(split.yaml) {
        return Err(Diagnostic::error(
            &file.path,
            Msg::new("yaml-too-deep").arg("depth", MAX_DEPTH),
        )
        .at(split.yaml_line + line, col));
    }
    if let Some((line, col)) = find_anchor(split.yaml) {
        return Err(Diagnostic::error(&file.path, "yaml-anchor").at(split.yaml_line + line, col));
    }
    if split.yaml.trim().is_empty() {
        return Ok(Mapping::new());
    }
    match serde_yaml_ng::from_str::<Value>(split.yaml) {
        Ok(Value::Mapping(m)) => Ok(m),
        Ok(Value::Null) => Ok(Mapping::new()),
        Ok(_) => Err(Diagnostic::error(&file.path, "front-matter-not-map").at(split.yaml_line, 1)),
        Err(e) => Err(yaml_error(&file.path, split.yaml, split.yaml_line, &e)),
    }
}

/// Parses the front matter into `T`: every unknown key and every value of
/// the wrong shape is a problem of its own, and the rest is still read.
pub fn parse<T: Schema>(file: &SourceFile, split: &Split) -> Result<Parsed<T>, Diagnostic> {
    // Most files are right: read them straight (unknown keys are refused
    // at every level), and only look key by key at the others.
    let guarded = too_deep(split.yaml).is_none() && find_anchor(split.yaml).is_none();
    if guarded
        && !split.yaml.trim().is_empty()
        && let Ok(value) = serde_yaml_ng::from_str::<T>(split.yaml)
    {
        return Ok(Parsed {
            value,
            problems: Vec::new(),
            failed: BTreeSet::new(),
        });
    }
    let map = parse_map(file, split)?;
    let clean = keys::clean::<T>(&file.path, split, map);
    match serde_yaml_ng::from_value::<T>(Value::Mapping(clean.map)) {
        Ok(value) => Ok(Parsed {
            value,
            problems: clean.problems,
            failed: clean.failed,
        }),
        // Every key reads alone; what fails together is rare: name the block.
        Err(_) => Err(Diagnostic::error(&file.path, "front-matter-bad").at(split.yaml_line, 1)),
    }
}

/// Deepest nesting front matter may use. Entries need three or four levels;
/// a parser given thousands spends seconds before its own limit triggers.
const MAX_DEPTH: usize = 32;

/// Where flow brackets (`[`, `{`) outside quotes first nest deeper than
/// [`MAX_DEPTH`], or a line is indented that deep (0-based line, 1-based column).
fn too_deep(yaml: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    for (i, line) in yaml.lines().enumerate() {
        let indent = line.bytes().take_while(|&b| b == b' ').count();
        if indent / 2 > MAX_DEPTH {
            return Some((i, indent + 1));
        }
        for (j, b) in line.bytes().enumerate() {
            match (quote, b) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, b'"' | b'\'') => quote = Some(b),
                (None, b'#') if j == 0 || line.as_bytes()[j - 1] == b' ' => break,
                (None, b'[' | b'{') => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some((i, j + 1));
                    }
                }
                (None, b']' | b'}') => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        // A single-quoted or plain scalar does not span lines in entries;
        // a double-quoted one may, so only that quote carries over.
        if quote == Some(b'\'') {
            quote = None;
        }
    }
    None
}

/// Where the first YAML anchor is defined (0-based line, 1-based column), if
/// any. Entries never need anchors, and expanding aliases is how a small file
/// becomes billions of values ("billion laughs"), so they are refused before
/// parsing. An anchor is `&name` right after `: `, `- `, `[`, `{` or `, `.
fn find_anchor(yaml: &str) -> Option<(usize, usize)> {
    for (i, line) in yaml.lines().enumerate() {
        let b = line.as_bytes();
        for (j, &c) in b.iter().enumerate() {
            if c != b'&' {
                continue;
            }
            let before = if j == 0 { b' ' } else { b[j - 1] };
            let opens = matches!(before, b'[' | b'{' | b',')
                || (before == b' '
                    && j >= 2
                    && matches!(b[j - 2], b':' | b'-' | b',' | b'[' | b'{'));
            let name_len = b[j + 1..]
                .iter()
                .take_while(|x| x.is_ascii_alphanumeric() || matches!(x, b'_' | b'-'))
                .count();
            let after = b.get(j + 1 + name_len).copied().unwrap_or(b' ');
            if opens && name_len > 0 && matches!(after, b' ' | b'\t' | b'[' | b'{') {
                return Some((i, j + 1));
            }
        }
    }
    None
}

/// The file line of a top-level key (`key:` at column 1), for diagnostics
/// about a value that parsed but does not make sense.
pub fn key_line(split: &Split, key: &str) -> usize {
    for (i, line) in split.yaml.lines().enumerate() {
        if let Some(rest) = line.strip_prefix(key)
            && rest.trim_start().starts_with(':')
        {
            return split.yaml_line + i;
        }
    }
    split.yaml_line
}

/// The file line of the first line at or after `key`'s line that contains `needle`.
pub fn value_line(split: &Split, key: &str, needle: &str) -> usize {
    let start = key_line(split, key);
    for (i, line) in split.yaml.lines().enumerate() {
        let file_line = split.yaml_line + i;
        if file_line >= start && line.contains(needle) {
            return file_line;
        }
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        decode(Path::new("x.md"), text.as_bytes()).expect("utf-8")
    }

    #[test]
    fn splits_front_matter_and_body() {
        let f = file("---\ntitle: A\n---\n# Body\n");
        let s = split(&f).expect("split");
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "# Body\n");
    }

    #[test]
    fn accepts_bom_and_crlf() {
        let f = file("\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\n");
        let s = split(&f).expect("split");
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n");
    }

    #[test]
    fn unterminated_front_matter_is_an_error() {
        let f = file("---\ntitle: A\nBody\n");
        let d = split(&f).expect_err("unterminated");
        assert_eq!(d.kind(), "front-matter-not-closed");
    }

    #[test]
    fn empty_file_is_an_error() {
        let d = split(&file("")).expect_err("empty");
        assert_eq!(d.kind(), "file-empty");
    }

    #[test]
    fn yaml_error_line_counts_from_file_top() {
        let f = file("---\ntitle: A\nyear: [1\n---\n");
        let s = split(&f).expect("split");
        let d = parse_map(&f, &s).expect_err("bad yaml");
        assert!(
            d.line >= 3,
            "line {} should be in the file, not the block",
            d.line
        );
    }

    #[test]
    fn a_tab_is_named_at_its_column() {
        let f = file("---\ntitle: A\npeople:\n  - name: B\n\t role: C\n---\n");
        let s = split(&f).expect("split");
        let d = parse_map(&f, &s).expect_err("tab");
        assert_eq!((d.kind(), d.line, d.col), ("yaml-tab", 5, 1));
    }

    #[test]
    fn every_unknown_key_gets_its_own_problem_and_suggestion() {
        use crate::content::model::RawModel;
        let f = file("---\nyear: 2020\ntitel: A\nfeild: x\n---\n");
        let s = split(&f).expect("split");
        let p = parse::<RawModel>(&f, &s).expect("parsed");
        let got: Vec<_> = p
            .problems
            .iter()
            .map(|d| (d.kind(), d.line, d.msg.text("suggestion").unwrap_or("")))
            .collect();
        assert_eq!(
            got,
            [("key-unknown", 3, "title"), ("key-unknown", 4, "field")]
        );
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let d = decode(Path::new("x.md"), b"---\ntitle: \xff\n").expect_err("bad");
        assert_eq!(d.line, 2);
    }

    #[test]
    fn deep_nesting_is_found_and_normal_lists_are_not() {
        assert_eq!(
            too_deep(&format!("tags: {}", "[".repeat(40))),
            Some((0, 39))
        );
        assert_eq!(too_deep("results: [{label: \"[[[[\", value: 1}]\n"), None);
    }

    #[test]
    fn anchors_are_found_and_ampersands_in_text_are_not() {
        assert_eq!(find_anchor("a: &x [1]\nb: *x\n"), Some((0, 4)));
        assert_eq!(find_anchor("tags:\n  - &t hoa\n"), Some((1, 5)));
        assert_eq!(
            find_anchor("title: Tôm & cá, R&D\norganizations: [Hội & Đoàn]\n"),
            None
        );
    }

    #[test]
    fn key_line_finds_top_level_keys() {
        let f = file("---\ntitle: A\nfield: x\n---\n");
        let s = split(&f).expect("split");
        assert_eq!(key_line(&s, "field"), 3);
    }
}
