//! The catalogues are complete: both parse, both have the same messages
//! with the same attributes, and every id the code names exists.

use std::collections::BTreeSet;

use fluent_syntax::ast::{Entry, Resource};
use fluent_syntax::parser;

use super::*;

/// Message id → its attribute names, for one Fluent file (which must parse).
fn ids(src: &'static str, name: &str) -> BTreeSet<String> {
    let res: Resource<&str> = match parser::parse(src) {
        Ok(r) => r,
        Err((_, errors)) => panic!("{name} does not parse: {errors:?}"),
    };
    let mut out = BTreeSet::new();
    for e in res.body {
        if let Entry::Message(m) = e {
            assert!(m.value.is_some(), "{name}: `{}` has no text", m.id.name);
            out.insert(m.id.name.to_string());
            for a in m.attributes {
                out.insert(format!("{}.{}", m.id.name, a.id.name));
            }
        }
    }
    out
}

#[test]
fn every_message_has_both_languages() {
    let vi = ids(VI_FTL, "vi");
    let en = ids(EN_FTL, "en");
    let only_vi: Vec<_> = vi.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&vi).collect();
    assert!(only_vi.is_empty(), "no English for {only_vi:?}");
    assert!(only_en.is_empty(), "no Vietnamese for {only_en:?}");
}

/// The ids the code names: the string literal that starts the message of a
/// `Msg::new(`, `Diagnostic::error(` / `warning(` (its second argument),
/// `.get(`, `msg(` or `Outcome::…(` call. Read from the sources, so a new
/// message cannot ship without its text.
fn ids_in_code() -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for e in walkdir::WalkDir::new(&root) {
        let e = e.expect("walk src");
        if e.path().extension().and_then(|x| x.to_str()) != Some("rs") {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).expect("read");
        for (i, _) in text.match_indices('"') {
            let rest = &text[i + 1..];
            let Some(end) = rest.find('"') else { continue };
            let lit = &rest[..end];
            let is_id = lit.len() > 2
                && lit.contains('-')
                && lit
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && lit.as_bytes()[0].is_ascii_lowercase();
            if !is_id {
                continue;
            }
            let mut from = i.saturating_sub(80);
            while !text.is_char_boundary(from) {
                from += 1;
            }
            let before = &text[from..i];
            let before = before.trim_end();
            let call = [
                "Msg::new(",
                "msg(",
                ".get(",
                "Diagnostic::error(",
                "Diagnostic::warning(",
                "::error(",
                "::warning(",
            ];
            let last_open = before.rfind('(').unwrap_or(0);
            let opened = &before[..=last_open.min(before.len().saturating_sub(1))];
            let direct = call.iter().any(|c| before.ends_with(c));
            // `Diagnostic::error(path, "id")`: the id is the second argument.
            let second = call.iter().any(|c| opened.ends_with(c))
                && before[last_open..].matches(',').count() == 1
                && !before[last_open..].contains('"');
            if direct || second {
                let file = e.path().strip_prefix(&root).unwrap_or(e.path());
                out.insert((lit.to_string(), file.display().to_string()));
            }
        }
    }
    out
}

#[test]
fn every_id_the_code_names_has_a_message() {
    let vi = Messages::new(Lang::Vi);
    let en = Messages::new(Lang::En);
    let found = ids_in_code();
    assert!(found.len() > 50, "the scan finds the ids: {}", found.len());
    let missing: Vec<_> = found
        .iter()
        .filter(|(id, _)| !vi.has(id) || !en.has(id))
        .collect();
    assert!(missing.is_empty(), "ids without a message: {missing:?}");
}

#[test]
fn arguments_are_put_in_place() {
    let m = Msg::new("key-unknown")
        .arg("value", "titel")
        .arg("suggestion", "title")
        .arg("known", "title, year");
    let en = Messages::new(Lang::En);
    assert_eq!(en.text(&m), "unknown key `titel`");
    assert_eq!(en.help(&m).as_deref(), Some("did you mean `title`?"));
    let vi = Messages::new(Lang::Vi);
    assert_eq!(vi.text(&m), "không có khóa `titel`");
}

#[test]
fn language_comes_from_the_environment_in_posix_order() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    };
    assert_eq!(
        Lang::from_env_vars(env(&[("LANG", "vi_VN.UTF-8")])),
        Lang::Vi
    );
    assert_eq!(Lang::from_env_vars(env(&[("LANG", "C.UTF-8")])), Lang::En);
    assert_eq!(
        Lang::from_env_vars(env(&[("LC_ALL", "vi_VN"), ("LANG", "en_US")])),
        Lang::Vi
    );
    assert_eq!(Lang::from_env_vars(env(&[])), Lang::En);
}

/// docs/editors.md lists every message an editor can meet: each message
/// with a help line, by its id (tools/messages-table.py makes the table).
#[test]
fn the_editors_guide_lists_every_message() {
    let guide =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/editors.md"))
            .expect("docs/editors.md");
    let missing: Vec<String> = ids(VI_FTL, "vi")
        .into_iter()
        .filter_map(|id| id.strip_suffix(".help").map(str::to_string))
        .filter(|id| !guide.contains(&format!("| `{id}` |")))
        .collect();
    assert!(
        missing.is_empty(),
        "not in docs/editors.md (run tools/messages-table.py): {missing:?}"
    );
}
