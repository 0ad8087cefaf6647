//! Reading an entry file and splitting it into YAML front matter and Markdown.
//!
//! Owns: decoding (UTF-8, BOM, CRLF, NFC), finding the `---` fences, and
//! turning serde_yaml_ng's errors into diagnostics whose line numbers count from
//! the top of the *file*, not of the front matter block. It knows nothing of
//! what the keys mean: that is `model.rs` / `award.rs`.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::diag::Diagnostic;
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
    // few bytes, which keeps std's check off its ASCII fast path (5 % of a
    // cold build, each entry being decoded twice). std's answer is only
    // needed for where the bad byte is.
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
            return Err(Diagnostic::error(path, "the file is not valid UTF-8")
                .at(line, col)
                .help("save the file with the UTF-8 encoding (most editors: \"Save with encoding\" → UTF-8)"));
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
    let text = file.text.as_str();
    let first_line = text.lines().next().unwrap_or("");
    if !is_fence(first_line) {
        let msg = if text.trim().is_empty() {
            "the file is empty"
        } else {
            "the file does not start with front matter"
        };
        return Err(Diagnostic::error(&file.path, msg).at(1, 1).help(
            "start the file with a line `---`, then the keys (title: …, locality: …), then another `---` line, then the text",
        ));
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
    Err(
        Diagnostic::error(&file.path, "the front matter is not closed")
            .at(1, 1)
            .help("add a line with only `---` after the last key, before the text"),
    )
}

/// serde_yaml_ng's message without its own " at line X column Y" suffix, which
/// counts from the front matter block and would mislead.
pub fn yaml_message(e: &serde_yaml_ng::Error) -> String {
    let msg = e.to_string();
    let msg = match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    };
    msg.replace("unknown field", "unknown key")
        .replace("missing field", "missing key")
}

/// A help text for a serde_yaml error, when we can say something useful.
fn yaml_help(msg: &str) -> Option<String> {
    if let Some(rest) = msg.strip_prefix("unknown key `") {
        let key = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        if let Some(best) = closest(key, &expected) {
            return Some(format!("did you mean `{best}`?"));
        }
        return Some(format!("known keys: {}", expected.join(", ")));
    }
    if msg.starts_with("missing key") {
        return Some("add the key to the front matter".to_string());
    }
    if msg.contains("mapping values are not allowed") {
        return Some("a value containing `: ` must be quoted: title: \"…\"".to_string());
    }
    if msg.contains("invalid type") {
        return Some("check the value's type (text, number, list or map) against the format in the editors' guide".to_string());
    }
    None
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

/// Parses the front matter into `T`, mapping error positions to file lines.
pub fn parse<T: DeserializeOwned>(file: &SourceFile, split: &Split) -> Result<T, Diagnostic> {
    if let Some((line, col)) = too_deep(split.yaml) {
        return Err(Diagnostic::error(
            &file.path,
            format!("the front matter is nested more than {MAX_DEPTH} levels deep"),
        )
        .at(split.yaml_line + line, col)
        .help("entries need at most a list of maps: check the brackets on this line"));
    }
    if let Some((line, col)) = find_anchor(split.yaml) {
        return Err(Diagnostic::error(
            &file.path,
            "YAML anchors (&name) and aliases (*name) are not allowed in front matter",
        )
        .at(split.yaml_line + line, col)
        .help("write the value out in full where it is needed"));
    }
    // An empty block is an empty map, so "missing key" errors name the key.
    let yaml = if split.yaml.trim().is_empty() {
        "{}"
    } else {
        split.yaml
    };
    serde_yaml_ng::from_str(yaml).map_err(|e| {
        let msg = yaml_message(&e);
        let (line, col) = e
            .location()
            .map(|l| (l.line() + split.yaml_line - 1, l.column()))
            .unwrap_or((split.yaml_line, 1));
        let mut d = Diagnostic::error(&file.path, msg.clone()).at(line, col);
        if let Some(h) = yaml_help(&msg) {
            d = d.help(h);
        }
        d
    })
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
        assert!(d.message.contains("not closed"));
    }

    #[test]
    fn empty_file_is_an_error() {
        let d = split(&file("")).expect_err("empty");
        assert!(d.message.contains("empty"));
    }

    #[test]
    fn yaml_error_line_counts_from_file_top() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            title: String,
            year: i32,
        }
        let f = file("---\ntitle: A\nyear: [1\n---\n");
        let s = split(&f).expect("split");
        let d = parse::<T>(&f, &s).expect_err("bad yaml");
        assert!(
            d.line >= 3,
            "line {} should be in the file, not the block",
            d.line
        );
    }

    #[test]
    fn misspelled_key_gets_a_suggestion() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct T {
            title: Option<String>,
            year: Option<i32>,
        }
        let f = file("---\nyear: 2020\ntitel: A\n---\n");
        let s = split(&f).expect("split");
        let d = parse::<T>(&f, &s).expect_err("unknown key");
        assert_eq!(d.line, 3);
        assert_eq!(d.help.as_deref(), Some("did you mean `title`?"));
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
