//! Writing one top-level front matter key as YAML text, the way an editor
//! writes it by hand: plain scalars where YAML reads them back as the same
//! text, double quotes otherwise (a title with `: `, a value `"310"` that
//! must stay text, `true` as a word); lists and rows in block or flow
//! style as the file already wrote them.
//!
//! Every choice is checked by parsing what was written with kheo's own
//! YAML library: a scalar is left plain only when it reads back as itself,
//! and [`emit_key`] returns `None` rather than text that would read back as
//! another value. This module knows nothing of the file around the key
//! (that is `save.rs`).

use serde_yaml_ng::{Mapping, Value};

use crate::text;

/// How the file already writes a key's list, so a rewritten key keeps the
/// look of the rest of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// The list on the key's line: `tags: [a, b]`.
    pub flow_list: bool,
    /// Each row of a list on one line: `- {label: A, value: "1"}`.
    pub flow_items: bool,
    /// Spaces before a list's `-` (2 for `  - a`, 0 for `- a`).
    pub indent: usize,
}

impl Default for Style {
    fn default() -> Style {
        Style {
            flow_list: false,
            flow_items: false,
            indent: 2,
        }
    }
}

impl Style {
    /// The style of an existing key's text (its lines, LF ends).
    pub fn of(span: &str) -> Style {
        let mut lines = span.lines();
        let first = lines.next().unwrap_or("");
        let after = first.split_once(':').map_or("", |(_, v)| v.trim_start());
        let mut style = Style {
            flow_list: after.starts_with('['),
            ..Style::default()
        };
        if let Some(item) = lines.find(|l| l.trim_start().starts_with('-')) {
            style.indent = item.len() - item.trim_start().len();
            style.flow_items = item.trim_start()[1..].trim_start().starts_with('{');
        }
        style
    }

    /// The style for a key the file does not have yet: a short list of
    /// words on one line (as `kheo new`'s template writes tags), rows one
    /// field per line.
    pub fn new_key(value: &Value) -> Style {
        let short_words = match value {
            Value::Sequence(items) => {
                items.iter().all(is_scalar)
                    && items
                        .iter()
                        .map(|i| scalar_text(i).len() + 2)
                        .sum::<usize>()
                        <= 60
            }
            _ => false,
        };
        Style {
            flow_list: short_words,
            ..Style::default()
        }
    }
}

fn is_scalar(v: &Value) -> bool {
    matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_))
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// `s` as a YAML scalar that reads back as the string `s`: plain when it
/// does, else double-quoted (JSON's escapes are YAML's). `flow`: inside
/// `[...]` or `{...}`, where `,` and brackets end a plain scalar.
pub fn string(s: &str, flow: bool) -> String {
    if plain_reads_back(s, flow) {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
    }
}

fn plain_reads_back(s: &str, flow: bool) -> bool {
    // Cheap refusals first; the parse below decides the rest.
    if s.is_empty() || s.trim() != s || s.contains(['\n', '\r', '\t']) {
        return false;
    }
    let doc = if flow {
        format!("k: [{s}]")
    } else {
        format!("k: {s}")
    };
    let Ok(Value::Mapping(m)) = serde_yaml_ng::from_str::<Value>(&doc) else {
        return false;
    };
    let got = m.get("k");
    match (flow, got) {
        (false, Some(Value::String(g))) => g == s,
        (true, Some(Value::Sequence(items))) => {
            matches!(items.as_slice(), [Value::String(g)] if g == s)
        }
        _ => false,
    }
}

fn scalar(v: &Value, flow: bool) -> Option<String> {
    match v {
        Value::String(s) => Some(string(s, flow)),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => Some("null".to_string()),
        _ => None,
    }
}

fn key_text(k: &Value) -> Option<String> {
    match k {
        Value::String(s) => Some(string(s, true)),
        other => scalar(other, true),
    }
}

/// A value in flow style (`[a, b]`, `{k: v}`), for nesting the block
/// writer does not lay out.
fn flow(v: &Value) -> Option<String> {
    match v {
        Value::Sequence(items) => {
            let parts: Option<Vec<String>> = items.iter().map(flow).collect();
            Some(format!("[{}]", parts?.join(", ")))
        }
        Value::Mapping(m) => {
            let parts: Option<Vec<String>> = m
                .iter()
                .map(|(k, v)| Some(format!("{}: {}", key_text(k)?, flow(v)?)))
                .collect();
            Some(format!("{{{}}}", parts?.join(", ")))
        }
        Value::Tagged(_) => None,
        other => scalar(other, true),
    }
}

/// Writes what follows `key:` for `v` (a space and a scalar, or a line
/// break and nested lines), nested lines at column `col`.
fn value(out: &mut String, v: &Value, col: usize, style: Style, nl: &str) -> Option<()> {
    let pad = |n: usize| " ".repeat(n);
    match v {
        Value::Sequence(items) if items.is_empty() => out.push_str(" []"),
        Value::Mapping(m) if m.is_empty() => out.push_str(" {}"),
        Value::Sequence(items) if style.flow_list && items.iter().all(is_scalar) => {
            out.push(' ');
            out.push_str(&flow(v)?);
        }
        Value::Sequence(items) => {
            for item in items {
                out.push_str(nl);
                out.push_str(&pad(col));
                out.push('-');
                match item {
                    Value::Mapping(m) if style.flow_items || m.values().any(|x| !is_scalar(x)) => {
                        out.push(' ');
                        out.push_str(&flow(item)?);
                    }
                    Value::Mapping(m) => mapping(out, m, col + 2, true, nl)?,
                    other if is_scalar(other) => {
                        out.push(' ');
                        out.push_str(&scalar(other, false)?);
                    }
                    other => {
                        out.push(' ');
                        out.push_str(&flow(other)?);
                    }
                }
            }
        }
        Value::Mapping(m) => {
            out.push_str(nl);
            mapping(out, m, col, false, nl)?;
        }
        Value::Tagged(_) => return None,
        other => {
            out.push(' ');
            out.push_str(&scalar(other, false)?);
        }
    }
    Some(())
}

/// The entries of `m` one per line at column `col`; the first right after
/// a `- ` already written when `after_dash`.
fn mapping(out: &mut String, m: &Mapping, col: usize, after_dash: bool, nl: &str) -> Option<()> {
    for (i, (k, v)) in m.iter().enumerate() {
        if i == 0 && after_dash {
            out.push(' ');
        } else {
            if i > 0 {
                out.push_str(nl);
            }
            out.push_str(&" ".repeat(col));
        }
        out.push_str(&key_text(k)?);
        out.push(':');
        let nested = Style {
            flow_list: true,
            flow_items: true,
            indent: 2,
        };
        match v {
            Value::Sequence(_) | Value::Mapping(_) => {
                out.push(' ');
                out.push_str(&flow(v)?);
            }
            _ => value(out, v, col + 2, nested, nl)?,
        }
    }
    Some(())
}

/// The lines of `key: value`, each ending in `nl`, in `style`; `None` when
/// no text kheo can write reads back as `v` (a tagged value).
pub fn emit_key(key: &str, v: &Value, style: Style, nl: &str) -> Option<String> {
    let mut out = string(key, false);
    out.push(':');
    value(&mut out, v, style.indent, style, nl)?;
    out.push_str(nl);
    if reads_back(key, &out, v) {
        return Some(out);
    }
    // A layout the block writer got wrong: the whole value in flow style.
    let out = format!("{}: {}{nl}", string(key, false), flow(v)?);
    reads_back(key, &out, v).then_some(out)
}

/// Whether `text` (one key's lines) reads back as `key: v`.
fn reads_back(key: &str, text: &str, v: &Value) -> bool {
    match serde_yaml_ng::from_str::<Value>(text) {
        Ok(Value::Mapping(m)) => m.len() == 1 && m.get(key).is_some_and(|got| same(got, v)),
        _ => false,
    }
}

/// `a` and `b` are the same value once their text is NFC: what kheo reads
/// from a file is normalized, so an NFD file and the NFC form agree.
pub fn same(a: &Value, b: &Value) -> bool {
    nfc_value(a) == nfc_value(b)
}

/// `v` with every string (and string key) in NFC.
pub fn nfc_value(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(text::nfc(s)),
        Value::Sequence(items) => Value::Sequence(items.iter().map(nfc_value).collect()),
        Value::Mapping(m) => Value::Mapping(
            m.iter()
                .map(|(k, v)| (nfc_value(k), nfc_value(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(s: &str) -> Value {
        serde_yaml_ng::from_str(s).expect("yaml")
    }

    #[test]
    fn strings_are_quoted_only_when_plain_would_read_otherwise() {
        assert_eq!(string("Đường hoa Lê Lợi", false), "Đường hoa Lê Lợi");
        assert_eq!(string("Hà Nội: 5 năm", false), "\"Hà Nội: 5 năm\"");
        assert_eq!(string("310", false), "\"310\"");
        assert_eq!(string("true", false), "\"true\"");
        assert_eq!(
            string("# không phải ghi chú", false),
            "\"# không phải ghi chú\""
        );
        assert_eq!(string("a, b", false), "a, b");
        assert_eq!(string("a, b", true), "\"a, b\"");
        assert_eq!(string("", false), "\"\"");
        // Quotes inside a value need no quoting of their own.
        assert_eq!(
            string("Tuyên dương \"Dân vận khéo\"", false),
            "Tuyên dương \"Dân vận khéo\""
        );
        assert_eq!(
            string("\"Dân vận khéo\" 2019", false),
            "\"\\\"Dân vận khéo\\\" 2019\""
        );
    }

    #[test]
    fn lists_and_rows_follow_the_style_they_were_written_in() {
        let tags = yaml("[đường hoa, du lịch]");
        let flow = Style {
            flow_list: true,
            ..Style::default()
        };
        assert_eq!(
            emit_key("tags", &tags, flow, "\n").as_deref(),
            Some("tags: [đường hoa, du lịch]\n")
        );
        assert_eq!(
            emit_key("tags", &tags, Style::default(), "\n").as_deref(),
            Some("tags:\n  - đường hoa\n  - du lịch\n")
        );
        let rows = yaml("[{label: Chậu hoa, value: '310'}]");
        let items = Style {
            flow_items: true,
            ..Style::default()
        };
        assert_eq!(
            emit_key("results", &rows, items, "\r\n").as_deref(),
            Some("results:\r\n  - {label: Chậu hoa, value: \"310\"}\r\n")
        );
        assert_eq!(
            emit_key("results", &rows, Style::default(), "\n").as_deref(),
            Some("results:\n  - label: Chậu hoa\n    value: \"310\"\n")
        );
        let private = yaml("{ghi_chu: 'gọi: anh Ba', so: '310'}");
        assert_eq!(
            emit_key("private", &private, Style::default(), "\n").as_deref(),
            Some("private:\n  ghi_chu: \"gọi: anh Ba\"\n  so: \"310\"\n")
        );
    }

    #[test]
    fn style_is_read_from_the_existing_text() {
        let s = Style::of("results:\n- {label: A, value: \"1\"}\n");
        assert_eq!((s.flow_list, s.flow_items, s.indent), (false, true, 0));
        let s = Style::of("tags: [a, b]\n");
        assert!(s.flow_list);
    }

    #[test]
    fn every_emitted_key_reads_back_as_its_value() {
        for v in [
            yaml("'Quận 4: 10 năm # một'"),
            yaml("[\"a]\", '{b}', 'c: d', '- e', 12, true]"),
            yaml("[{name: 'A: B', role: '', kind: ca-nhan}]"),
            yaml("{tap-the: 93, ca-nhan: 96}"),
            yaml("\"dòng một\\ndòng hai\""),
            yaml("[[a, b], {c: [d]}]"),
        ] {
            for style in [
                Style::default(),
                Style::of("k: [x]\n"),
                Style::of("k:\n- {a: b}\n"),
            ] {
                let text = emit_key("k", &v, style, "\n").expect("emits");
                assert!(reads_back("k", &text, &v), "{text}");
            }
        }
    }
}
