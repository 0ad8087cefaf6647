//! Saving forms into the sample site's entries and into files written the
//! ways editors write them (comments, CRLF, a BOM, unknown keys).

use std::path::{Path, PathBuf};

use serde_yaml_ng::Value;

use super::*;
use crate::content::keys::Schema;
use crate::content::model::RawModel;

fn samples() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "md")
                && (p.starts_with(root.join("models")) || p.starts_with(root.join("awards")))
        })
        .collect();
    out.sort();
    assert!(out.len() > 40, "the sample site's entries: {}", out.len());
    out
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).expect("read sample")
}

/// The form as it opens: every key, the body.
fn as_opened(o: &Opened) -> Edit {
    Edit {
        values: o
            .values
            .iter()
            .map(|(k, v)| (k.as_str().expect("string key").to_string(), v.clone()))
            .collect(),
        body: Some(o.body.clone()),
    }
}

/// Another value of the same shape.
fn changed(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(format!("{s} (sửa: lần 2)")),
        Value::Number(n) => Value::Number((n.as_i64().unwrap_or(0) + 1).into()),
        Value::Bool(b) => Value::Bool(!b),
        Value::Sequence(items) => {
            let mut items = items.clone();
            let extra = items.last().map_or(Value::String("mới".into()), changed);
            items.push(extra);
            Value::Sequence(items)
        }
        Value::Mapping(m) => {
            let mut m = m.clone();
            for (_, v) in m.iter_mut() {
                *v = changed(v);
            }
            Value::Mapping(m)
        }
        other => other.clone(),
    }
}

const ORDER: &[&str] = RawModel::KEYS;

#[test]
fn an_unchanged_form_gives_back_every_sample_entry_byte_for_byte() {
    for p in samples() {
        let text = read(&p);
        let opened = open(&p, &text).expect("opens");
        let out = apply(&p, &text, &as_opened(&opened), ORDER).expect("applies");
        assert!(out == text, "{} changed", p.display());
    }
}

/// The 1-based line range of `key`'s block in `text`.
fn block_lines(p: &Path, text: &str, key: &str) -> std::ops::Range<usize> {
    let (whole, _) = parse(p, text).expect("parses");
    let raw = split_raw(text).expect("front matter");
    let pieces = pieces(&raw.lines, &whole, 2).expect("pieces");
    let mut line = 2;
    for piece in pieces {
        let n = piece.text.split_inclusive('\n').count();
        if piece.key.as_deref() == Some(key) {
            return line..line + n;
        }
        line += n;
    }
    panic!("{key} not in {}", p.display());
}

#[test]
fn changing_one_key_of_a_sample_entry_changes_only_its_lines() {
    let mut checked = 0;
    for p in samples() {
        let text = read(&p);
        let opened = open(&p, &text).expect("opens");
        for (k, v) in &opened.values {
            let key = k.as_str().expect("string key");
            let new = changed(v);
            let edit = Edit {
                values: vec![(key.to_string(), new.clone())],
                body: None,
            };
            let out = apply(&p, &text, &edit, ORDER).expect("applies");
            let before: Vec<&str> = text.split_inclusive('\n').collect();
            let after: Vec<&str> = out.split_inclusive('\n').collect();
            let same_head = before
                .iter()
                .zip(&after)
                .take_while(|(a, b)| a == b)
                .count();
            let same_tail = before
                .iter()
                .rev()
                .zip(after.iter().rev())
                .take_while(|(a, b)| a == b)
                .count()
                .min(before.len() - same_head);
            let block = block_lines(&p, &text, key);
            // 1-based lines of the original that differ.
            let differ = same_head + 1..before.len() - same_tail + 1;
            assert!(
                differ.start >= block.start && differ.end <= block.end,
                "{} `{key}`: lines {differ:?} changed, block {block:?}\n{out}",
                p.display()
            );
            let back = open(&p, &out).expect("reads back");
            assert!(
                crate::edit::yaml::same(back.values.get(key).expect("key"), &new),
                "{} `{key}`",
                p.display()
            );
            assert_eq!(back.body, opened.body);
            let others = |m: &serde_yaml_ng::Mapping| {
                m.iter()
                    .filter(|(k2, _)| k2.as_str() != Some(key))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(others(&back.values), others(&opened.values));
            checked += 1;
        }
    }
    assert!(checked > 300, "{checked} keys changed");
}

const HAND_WRITTEN: &str = "---
# Mô hình của phường, viết tay.
title: Tổ dân vận số 3   # tên gọi ở phường

# Địa bàn
locality: Hà Nội / Hoàn Kiếm / Lý Thái Tổ
field: xay-dung-he-thong-chinh-tri
year: 2022
ghi_chu_rieng: khóa kheo không biết, vẫn phải giữ
organizations:
  # tổ chức chính trước
  - Hội Phụ nữ phường
  - Đoàn Thanh niên
tags: [dân vận, tổ dân phố]
---

Nội dung bài viết.
";

fn set(edit: &[(&str, Value)]) -> Edit {
    Edit {
        values: edit
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
        body: None,
    }
}

#[test]
fn comments_unknown_keys_and_order_are_kept() {
    let p = Path::new("content/models/a.md");
    let edit = set(&[
        ("title", Value::String("Tổ dân vận số 3: mười năm".into())),
        ("year", Value::Number(2023.into())),
    ]);
    let out = apply(p, HAND_WRITTEN, &edit, ORDER).expect("applies");
    let expected = HAND_WRITTEN
        .replace(
            "title: Tổ dân vận số 3   # tên gọi ở phường",
            "title: \"Tổ dân vận số 3: mười năm\"   # tên gọi ở phường",
        )
        .replace("year: 2022", "year: 2023");
    assert_eq!(out, expected);
}

#[test]
fn a_changed_list_loses_only_its_own_comments() {
    let p = Path::new("content/models/a.md");
    let orgs = serde_yaml_ng::from_str::<Value>("[Hội Phụ nữ phường, MTTQ]").expect("yaml");
    let tags = serde_yaml_ng::from_str::<Value>("[dân vận]").expect("yaml");
    let out = apply(
        p,
        HAND_WRITTEN,
        &set(&[("organizations", orgs), ("tags", tags)]),
        ORDER,
    )
    .expect("applies");
    let expected = HAND_WRITTEN
        .replace(
            "  # tổ chức chính trước\n  - Hội Phụ nữ phường\n  - Đoàn Thanh niên\n",
            "  - Hội Phụ nữ phường\n  - MTTQ\n",
        )
        .replace("tags: [dân vận, tổ dân phố]", "tags: [dân vận]");
    assert_eq!(out, expected);
}

#[test]
fn crlf_and_a_bom_are_kept_and_the_body_too() {
    let p = Path::new("content/models/a.md");
    // Notepad's file: BOM, CRLF, and one LF-only line pasted into the body.
    let text = format!(
        "\u{feff}{}",
        HAND_WRITTEN.replace('\n', "\r\n") + "Dòng dán từ Word\n"
    );
    let edit = set(&[
        ("summary", Value::String("Một câu tóm tắt.".into())),
        ("featured", Value::Bool(true)),
    ]);
    let out = apply(p, &text, &edit, ORDER).expect("applies");
    assert!(out.starts_with("\u{feff}---\r\n"));
    let (head, body) = out.split_at(out.find("\r\n---\r\n").expect("fence") + 7);
    assert_eq!(
        body,
        text.split_at(text.find("\r\n---\r\n").expect("fence") + 7)
            .1
    );
    assert!(!head.replace("\r\n", "").contains('\n'), "{head:?}");
    assert!(head.contains("summary: Một câu tóm tắt.\r\n"), "{head:?}");
    let back = open(p, &out).expect("reads back");
    assert_eq!(back.values.get("featured"), Some(&Value::Bool(true)));
}

#[test]
fn a_body_from_the_browser_is_written_with_the_files_line_ends() {
    let p = Path::new("content/models/a.md");
    let text = HAND_WRITTEN.replace('\n', "\r\n");
    let edit = Edit {
        values: Vec::new(),
        // Browsers send a text area's lines with CRLF; here, the same body.
        body: Some("\r\nNội dung bài viết.\r\n".to_string()),
    };
    assert_eq!(apply(p, &text, &edit, ORDER).expect("applies"), text);
    let edit = Edit {
        values: Vec::new(),
        body: Some("\nNội dung mới.\n".to_string()),
    };
    let out = apply(p, &text, &edit, ORDER).expect("applies");
    assert!(out.ends_with("---\r\n\r\nNội dung mới.\r\n"), "{out:?}");
}

#[test]
fn new_keys_go_after_their_commented_example_in_a_kheo_new_file() {
    let cfg = crate::config::SiteConfig::default();
    let text = crate::cli::new::model_template(
        &cfg,
        "Đường hoa",
        Some("Thanh Hóa / Sầm Sơn"),
        Some("kinh-te"),
        2024,
        None,
    );
    let p = Path::new("content/models/a.md");
    let people =
        serde_yaml_ng::from_str::<Value>("[{name: Bà Ba, role: Tổ trưởng, kind: ca-nhan}]")
            .expect("yaml");
    let edit = set(&[("featured", Value::Bool(true)), ("people", people)]);
    let out = apply(p, &text, &edit, ORDER).expect("applies");
    assert!(
        out.contains("# featured: true\nfeatured: true\n# Bản nháp"),
        "{out}"
    );
    assert!(
        out.contains("kind: ca-nhan}\npeople:\n  - name: Bà Ba\n    role: Tổ trưởng\n    kind: ca-nhan\n# Những con số"),
        "{out}"
    );
    // Everything else is the template as it was.
    let removed = out
        .replace("featured: true\n# Bản nháp", "# Bản nháp")
        .replace(
            "people:\n  - name: Bà Ba\n    role: Tổ trưởng\n    kind: ca-nhan\n",
            "",
        );
    assert_eq!(removed, text);
}

#[test]
fn new_keys_without_an_example_follow_the_schema_order() {
    let p = Path::new("content/models/a.md");
    let text = "---\ntitle: A\nfield: kinh-te\n# ghi chú về năm\nyear: 2020\n---\n";
    let edit = set(&[
        ("locality", Value::String("Lai Châu / Tam Đường".into())),
        ("status", Value::String("nhan-rong".into())),
    ]);
    let out = apply(p, text, &edit, ORDER).expect("applies");
    assert_eq!(
        out,
        "---\ntitle: A\nlocality: Lai Châu / Tam Đường\nfield: kinh-te\n# ghi chú về năm\nyear: 2020\nstatus: nhan-rong\n---\n"
    );
}

#[test]
fn a_null_value_removes_the_key_and_keeps_the_comment_above() {
    let p = Path::new("content/models/a.md");
    let out = apply(p, HAND_WRITTEN, &set(&[("tags", Value::Null)]), ORDER).expect("applies");
    assert_eq!(
        out,
        HAND_WRITTEN.replace("tags: [dân vận, tổ dân phố]\n", "")
    );
}

#[test]
fn front_matter_that_does_not_cut_into_keys_is_refused() {
    let p = Path::new("content/models/a.md");
    let text = "---\n{title: A,\nyear: 2020}\n---\n";
    let got = apply(
        p,
        text,
        &set(&[("year", Value::Number(2021.into()))]),
        ORDER,
    );
    assert!(
        matches!(got, Err(SaveError::Unusual { line: 2 })),
        "{got:?}"
    );
    let broken = "---\ntitle: [A\n---\n";
    let got = apply(
        p,
        broken,
        &set(&[("year", Value::Number(2021.into()))]),
        ORDER,
    );
    match got {
        Err(SaveError::NotEntry(d)) => assert_eq!(d.kind(), "yaml-unclosed"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_nfd_file_keeps_its_bytes_where_the_form_changed_nothing() {
    use unicode_normalization::UnicodeNormalization;
    let p = Path::new("content/models/a.md");
    // Saved by macOS's text tools: decomposed marks.
    let nfd: String = HAND_WRITTEN.nfd().collect();
    let opened = open(p, &nfd).expect("opens");
    assert_eq!(
        opened.values.get("title"),
        Some(&Value::String("Tổ dân vận số 3".into()))
    );
    let same = apply(p, &nfd, &as_opened(&opened), ORDER).expect("applies");
    assert!(same == nfd);
    let out = apply(
        p,
        &nfd,
        &set(&[("year", Value::Number(2024.into()))]),
        ORDER,
    )
    .expect("applies");
    assert_eq!(out, nfd.replace("year: 2022", "year: 2024"));
}

#[test]
fn hostile_values_are_written_as_data() {
    let p = Path::new("content/models/a.md");
    let text = "---\ntitle: A\n---\n\nBài.\n";
    for evil in [
        "A\n---\nfeatured: true",
        "A: B # c",
        "&x [*x]",
        "!!binary AAAA",
        "{title: B}",
        "- a",
        "\"'\\",
        "\u{feff}A\r\nB\u{2028}C",
        "",
    ] {
        let v = Value::String(evil.to_string());
        let out = apply(p, text, &set(&[("title", v.clone())]), ORDER).expect(evil);
        let back = open(p, &out).expect("reads back");
        assert_eq!(back.values.len(), 1, "{evil:?}: {out}");
        assert!(
            crate::edit::yaml::same(back.values.get("title").expect("title"), &v),
            "{evil:?}"
        );
        assert_eq!(back.body, "\nBài.\n");
    }
}
