//! Reading an entry file and splitting it into YAML front matter and Markdown.
//!
//! Owns: decoding (UTF-8, BOM, CRLF, NFC), finding the `---` fences, and
//! turning serde_yaml's errors into diagnostics whose line numbers count from
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

/// Decodes a file's bytes: rejects invalid UTF-8 (naming the line), strips a
/// BOM, turns CRLF into LF and normalizes to NFC.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<SourceFile, Diagnostic> {
    let s = match std::str::from_utf8(bytes) {
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
    let s = if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.to_string()
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

/// serde_yaml's message without its own " at line X column Y" suffix, which
/// counts from the front matter block and would mislead.
pub fn yaml_message(e: &serde_yaml::Error) -> String {
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
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance over chars.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Parses the front matter into `T`, mapping error positions to file lines.
pub fn parse<T: DeserializeOwned>(file: &SourceFile, split: &Split) -> Result<T, Diagnostic> {
    // An empty block is an empty map, so "missing key" errors name the key.
    let yaml = if split.yaml.trim().is_empty() {
        "{}"
    } else {
        split.yaml
    };
    serde_yaml::from_str(yaml).map_err(|e| {
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
    fn key_line_finds_top_level_keys() {
        let f = file("---\ntitle: A\nfield: x\n---\n");
        let s = split(&f).expect("split");
        assert_eq!(key_line(&s, "field"), 3);
    }
}
