//! Saving a form into an entry file: the new text is the old text with
//! only the changed top-level keys rewritten, so the file stays the one
//! its editor wrote by hand.
//!
//! The front matter is edited as text, not through a YAML tree (see
//! `edit/mod.rs` for why). It is cut into *key blocks* (a line at column
//! 0 that starts a top-level key, with every indented line, `- ` line and
//! comment after it up to its last such line) and *trivia* (blank lines
//! and column-0 comments between blocks). Each block must read alone as
//! its one key with the value the whole front matter gives it, else the
//! file is refused ([`SaveError::Unusual`]) rather than guessed at.
//!
//! What is kept, byte for byte: the body (unless the form changed it),
//! the BOM, the line ends (a CRLF file gets CRLF lines), every trivia
//! line (so every comment on a line of its own between keys), every block
//! whose value the form leaves as it was (NFC-equal), every key the form
//! does not name, and the order of the keys. A key the form adds goes
//! after its commented-out example (`# featured: true`, as `kheo new`
//! writes them) or else after the key before it in the schema's order.
//!
//! What is lost: in a block whose value changed, the comments *inside*
//! the block (indented `#` lines, a comment after a list item); a comment
//! at the end of the key's own line is kept when both the old and the new
//! value fit on that line. A removed key's block goes with its comments;
//! the comment lines above it stay.

use std::path::Path;

use serde_yaml_ng::{Mapping, Value};

use super::yaml::{Style, emit_key, nfc_value, same};
use crate::content::frontmatter;
use crate::diag::Diagnostic;
use crate::l10n::Msg;
use crate::text;

/// Why a form could not be saved into a file.
#[derive(Debug, Clone)]
pub enum SaveError {
    /// The file is not an entry kheo can read (no front matter, a YAML
    /// error...): kheo's own diagnostic.
    NotEntry(Diagnostic),
    /// The top-level key block at this file line does not read alone as
    /// one key (a flow map over several lines at column 0...).
    Unusual { line: usize },
    /// No YAML text reads back as the value given for this key.
    Unwritable { key: String },
}

impl SaveError {
    /// The message for the editor.
    pub fn msg(&self) -> Msg {
        match self {
            SaveError::NotEntry(d) => d.msg.clone(),
            SaveError::Unusual { line } => Msg::new("edit-unusual").arg("line", *line),
            SaveError::Unwritable { key } => Msg::new("edit-unwritable").arg("key", key.as_str()),
        }
    }
}

/// An entry as a form shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    /// The front matter's keys in file order, text in NFC.
    pub values: Mapping,
    /// The Markdown body, NFC with LF line ends.
    pub body: String,
    /// [`super::write::file_hash`] of the text: what a save passes back to
    /// detect an edit made on disk meanwhile.
    pub hash: String,
}

/// What a form sends: the keys it sets (`Value::Null` removes a key; a
/// key it does not name is kept as it is) and the body, if it shows one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Edit {
    pub values: Vec<(String, Value)>,
    pub body: Option<String>,
}

/// The raw parts of an entry's text.
struct Raw<'a> {
    bom: &'a str,
    open: &'a str,
    lines: Vec<&'a str>,
    close: &'a str,
    body: &'a str,
    nl: &'static str,
}

fn split_raw(text: &str) -> Option<Raw<'_>> {
    let (bom, rest) = match text.strip_prefix('\u{feff}') {
        Some(r) => ("\u{feff}", r),
        None => ("", text),
    };
    let mut parts = rest.split_inclusive('\n');
    let open = parts.next()?;
    if open.trim_end() != "---" {
        return None;
    }
    let mut lines = Vec::new();
    let mut at = open.len();
    for line in parts {
        at += line.len();
        if line.trim_end() == "---" {
            let nl = if open.ends_with("\r\n") { "\r\n" } else { "\n" };
            return Some(Raw {
                bom,
                open,
                lines,
                close: line,
                body: &rest[at..],
                nl,
            });
        }
        lines.push(line);
    }
    None
}

/// Reads `text` (the file's text, as on disk) with kheo's own parser: the
/// front matter as a map, the body.
fn parse(path: &Path, text: &str) -> Result<(Mapping, String), SaveError> {
    let file = frontmatter::decode(path, text.as_bytes()).map_err(SaveError::NotEntry)?;
    let split = frontmatter::split(&file).map_err(SaveError::NotEntry)?;
    let map = frontmatter::parse_map(&file, &split).map_err(SaveError::NotEntry)?;
    Ok((map, split.body.to_string()))
}

/// Opens an entry's text for a form.
pub fn open(path: &Path, text: &str) -> Result<Opened, SaveError> {
    let (map, body) = parse(path, text)?;
    Ok(Opened {
        values: map,
        body,
        hash: super::write::file_hash(text.as_bytes()),
    })
}

/// A piece of the front matter: a key block, or trivia lines (`key` none).
#[derive(Debug)]
struct Piece {
    key: Option<String>,
    text: String,
    /// The value the block gives its key.
    value: Value,
}

#[derive(PartialEq)]
enum Line {
    Head,
    Inside,
    Trivia,
}

fn kind(line: &str) -> Line {
    let l = line.trim_end_matches(['\n', '\r']);
    if l.trim().is_empty() || l.starts_with('#') {
        Line::Trivia
    } else if l.starts_with([' ', '\t', '-']) {
        Line::Inside
    } else {
        Line::Head
    }
}

/// Text with LF line ends and in NFC, as kheo reads it.
fn as_read(s: &str) -> String {
    text::nfc(&s.replace("\r\n", "\n"))
}

/// Cuts the front matter into pieces and checks each block reads alone as
/// the value the whole gives its key. `first`: the file line of `lines[0]`.
fn pieces(lines: &[&str], whole: &Mapping, first: usize) -> Result<Vec<Piece>, SaveError> {
    let kinds: Vec<Line> = lines.iter().map(|l| kind(l)).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if kinds[i] != Line::Head {
            let start = i;
            while i < lines.len() && kinds[i] != Line::Head {
                // Lines inside a block before any head: not an entry
                // kheo wrote or an editor would; the parser decides.
                if kinds[i] == Line::Inside {
                    return Err(SaveError::Unusual { line: first + i });
                }
                i += 1;
            }
            out.push(Piece {
                key: None,
                text: lines[start..i].concat(),
                value: Value::Null,
            });
            continue;
        }
        let start = i;
        let mut end = i + 1;
        let mut j = i + 1;
        while j < lines.len() && kinds[j] != Line::Head {
            if kinds[j] == Line::Inside {
                end = j + 1;
            }
            j += 1;
        }
        let text = lines[start..end].concat();
        let unusual = SaveError::Unusual {
            line: first + start,
        };
        let Ok(Value::Mapping(alone)) = serde_yaml_ng::from_str::<Value>(&as_read(&text)) else {
            return Err(unusual);
        };
        let (key, value) = match alone.iter().next() {
            Some((Value::String(k), v)) if alone.len() == 1 => (k.clone(), nfc_value(v)),
            _ => return Err(unusual),
        };
        if !whole.get(key.as_str()).is_some_and(|w| same(w, &value)) {
            return Err(unusual);
        }
        out.push(Piece {
            key: Some(key),
            text,
            value,
        });
        i = end;
    }
    let blocks = out.iter().filter(|p| p.key.is_some()).count();
    if blocks != whole.len() {
        return Err(SaveError::Unusual { line: first });
    }
    Ok(out)
}

/// The comment at the end of a one-line block (`year: 2020  # năm công
/// nhận`), found as the first ` #` before which the line reads the same.
fn line_comment(block: &str, value: &Value) -> Option<String> {
    let line = block.trim_end_matches(['\n', '\r']);
    if line.contains('\n') {
        return None;
    }
    line.match_indices(" #").find_map(|(i, _)| {
        let before = as_read(&line[..i]);
        match serde_yaml_ng::from_str::<Value>(&before) {
            Ok(Value::Mapping(m)) if m.values().next().is_some_and(|v| same(v, value)) => {
                // With the spaces that line it up.
                Some(line[line[..i].trim_end().len()..].to_string())
            }
            _ => None,
        }
    })
}

/// Where a key the file lacks goes: after its commented-out example, else
/// after the nearest key before it in `order`, else before the comments
/// over the nearest key after it, else at the end.
fn insertion_point(pieces: &[Piece], key: &str, order: &[&str]) -> Place {
    let example = format!("{key}:");
    for (i, p) in pieces.iter().enumerate() {
        if p.key.is_some() {
            continue;
        }
        let lines: Vec<&str> = p.text.split_inclusive('\n').collect();
        let Some(at) = lines.iter().position(|l| {
            l.strip_prefix('#')
                .is_some_and(|r| r.trim_start().starts_with(&example))
        }) else {
            continue;
        };
        // The example's own lines (`#   - {...}`) stay with it.
        let mut end = at + 1;
        while end < lines.len()
            && lines[end]
                .strip_prefix('#')
                .is_some_and(|r| r.starts_with("  "))
        {
            end += 1;
        }
        return Place::Inside {
            piece: i,
            line: end,
        };
    }
    let rank = |k: &str| order.iter().position(|o| *o == k);
    let Some(mine) = rank(key) else {
        return Place::Before(pieces.len());
    };
    let before = pieces
        .iter()
        .rposition(|p| p.key.as_deref().and_then(rank).is_some_and(|r| r < mine));
    if let Some(b) = before {
        return Place::Before(b + 1);
    }
    let at = match pieces
        .iter()
        .position(|p| p.key.as_deref().and_then(rank).is_some_and(|r| r > mine))
    {
        Some(a) if a > 0 && pieces[a - 1].key.is_none() => a - 1,
        Some(a) => a,
        None => pieces.len(),
    };
    Place::Before(at)
}

/// Where [`insertion_point`] puts a key: before piece `usize`, or inside
/// a trivia piece, before its line `line`.
enum Place {
    Before(usize),
    Inside { piece: usize, line: usize },
}

/// The index to insert at, splitting a trivia piece when the insertion
/// falls inside it.
fn resolve_point(pieces: &mut Vec<Piece>, at: Place) -> usize {
    let (i, end) = match at {
        Place::Before(i) => return i,
        Place::Inside { piece, line } => (piece, line),
    };
    let lines: Vec<&str> = pieces[i].text.split_inclusive('\n').collect();
    if end >= lines.len() {
        return i + 1;
    }
    let head = lines[..end].concat();
    let tail = lines[end..].concat();
    pieces[i].text = head;
    pieces.insert(
        i + 1,
        Piece {
            key: None,
            text: tail,
            value: Value::Null,
        },
    );
    i + 1
}

/// The new text of the entry `text` (as on disk: BOM and CRLF kept) with
/// `edit` applied; keys the file lacks are placed by `order` (the entry
/// kind's keys, [`super::schema::Kind::keys`]). The result is read back
/// with kheo's parser and must give every value of `edit`, every other key
/// as it was, and the body.
pub fn apply(path: &Path, text: &str, edit: &Edit, order: &[&str]) -> Result<String, SaveError> {
    let (whole, body) = parse(path, text)?;
    let raw = split_raw(text).ok_or_else(|| {
        SaveError::NotEntry(Diagnostic::error(path, "front-matter-missing").at(1, 1))
    })?;
    let mut pieces = pieces(&raw.lines, &whole, 2)?;
    let nl = raw.nl;
    for (key, new) in &edit.values {
        let found = pieces.iter().position(|p| p.key.as_deref() == Some(key));
        let unwritable = || SaveError::Unwritable { key: key.clone() };
        match (found, new) {
            (Some(i), Value::Null) => {
                pieces.remove(i);
            }
            (Some(i), new) if same(&pieces[i].value, new) => {}
            (Some(i), new) => {
                let old = &pieces[i];
                let style = Style::of(&as_read(&old.text));
                let mut out = emit_key(key, new, style, nl).ok_or_else(unwritable)?;
                let one_line = out.matches('\n').count() == 1;
                if let (true, Some(c)) = (one_line, line_comment(&old.text, &old.value)) {
                    out.truncate(out.len() - nl.len());
                    out.push_str(&c);
                    out.push_str(nl);
                }
                pieces[i].text = out;
                pieces[i].value = nfc_value(new);
            }
            (None, Value::Null) => {}
            (None, new) => {
                let out = emit_key(key, new, Style::new_key(new), nl).ok_or_else(unwritable)?;
                let at = insertion_point(&pieces, key, order);
                let at = resolve_point(&mut pieces, at);
                pieces.insert(
                    at,
                    Piece {
                        key: Some(key.clone()),
                        text: out,
                        value: nfc_value(new),
                    },
                );
            }
        }
    }
    let mut out = String::with_capacity(text.len() + 256);
    out.push_str(raw.bom);
    out.push_str(raw.open);
    for p in &pieces {
        out.push_str(&p.text);
    }
    out.push_str(raw.close);
    let new_body = edit.body.as_deref().map(as_read).filter(|b| *b != body);
    match new_body {
        None => out.push_str(raw.body),
        Some(b) => {
            if !raw.close.ends_with('\n') && !b.is_empty() {
                out.push_str(nl);
            }
            out.push_str(&b.replace('\n', nl));
        }
    }
    check_result(path, &out, &whole, edit)?;
    Ok(out)
}

/// The saved text reads back as the values given, the other keys as they
/// were, and the body given.
fn check_result(path: &Path, out: &str, before: &Mapping, edit: &Edit) -> Result<(), SaveError> {
    let (after, body) = parse(path, out)?;
    let mut expected = before.clone();
    for (k, v) in &edit.values {
        match v {
            Value::Null => {
                expected.remove(k.as_str());
            }
            v => {
                expected.insert(Value::String(k.clone()), v.clone());
            }
        }
    }
    for (k, v) in &expected {
        if !after.get(k).is_some_and(|a| same(a, v)) {
            let key = k.as_str().unwrap_or("").to_string();
            return Err(SaveError::Unwritable { key });
        }
    }
    if after.len() != expected.len() {
        return Err(SaveError::Unwritable { key: String::new() });
    }
    if let Some(b) = &edit.body
        && as_read(b) != body
    {
        return Err(SaveError::Unwritable {
            key: "body".to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
#[path = "save_tests.rs"]
mod tests;
