//! Between form controls and front matter values: what each control shows
//! for a value ([`input`]) and the value it sends back ([`value`]), by the
//! control of its [`Field`].
//!
//! A control sends text; the file may have a number or a list where the
//! form shows text (`value: 310`, `date: 2019`, a locality written as a
//! list). When what the control sends reads as the value the file has,
//! that value is kept as it is, so a form sent back unchanged saves the
//! same bytes ([`super::save::apply`] keeps a key whose value is equal).
//! An empty control removes its key (`Value::Null`).

use serde_yaml_ng::{Mapping, Value};

use super::save::{Edit, Opened};
use super::schema::{Control, Field};

/// What a control shows and sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A text box, a date, a choice, a locality, a text area.
    Text(String),
    /// A tick box.
    Bool(bool),
    /// One text per line or per box (organizations, tags).
    List(Vec<String>),
    /// Repeatable rows: each a sub-key → text.
    Rows(Vec<Vec<(String, String)>>),
    /// Name → text pairs (private notes, totals by kind).
    Pairs(Vec<(String, String)>),
}

/// A scalar's text as a control shows it.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// What the control of `field` shows for `v`.
pub fn input(field: &Field, v: &Value) -> Input {
    match (&field.control, v) {
        (Control::Bool, Value::Bool(b)) => Input::Bool(*b),
        (Control::Locality, Value::Sequence(items)) => {
            let names: Vec<String> = items.iter().filter_map(text).collect();
            Input::Text(names.join(" / "))
        }
        (_, Value::Sequence(items)) if items.iter().all(|i| text(i).is_some()) => {
            Input::List(items.iter().filter_map(text).collect())
        }
        (_, Value::Sequence(items)) => Input::Rows(
            items
                .iter()
                .map(|row| match row {
                    Value::Mapping(m) => pairs(m),
                    other => vec![(String::new(), text(other).unwrap_or_default())],
                })
                .collect(),
        ),
        (_, Value::Mapping(m)) => Input::Pairs(pairs(m)),
        (_, other) => Input::Text(text(other).unwrap_or_default()),
    }
}

fn pairs(m: &Mapping) -> Vec<(String, String)> {
    m.iter()
        .map(|(k, v)| {
            let shown = text(v).unwrap_or_else(|| {
                serde_yaml_ng::to_string(v)
                    .unwrap_or_default()
                    .trim()
                    .to_string()
            });
            (text(k).unwrap_or_default(), shown)
        })
        .collect()
}

/// `typed` as the value of a scalar: `was` itself when it reads the same
/// (`310` for "310"), a number for a year, else the text.
fn scalar(typed: &str, was: Option<&Value>, number: bool) -> Value {
    let typed = typed.replace("\r\n", "\n");
    let typed = typed.trim();
    if let Some(w) = was
        && text(w).is_some_and(|t| t.trim() == typed)
    {
        return w.clone();
    }
    if typed.is_empty() {
        return Value::Null;
    }
    match typed.parse::<i64>() {
        Ok(n) if number => Value::Number(n.into()),
        _ => Value::String(typed.to_string()),
    }
}

fn map_of(pairs: &[(String, String)], was: Option<&Mapping>, numbers: bool) -> Mapping {
    let mut m = Mapping::new();
    for (k, typed) in pairs {
        let k = k.trim();
        let before = was.and_then(|w| w.get(k));
        let v = scalar(typed, before, numbers);
        if !k.is_empty() && !v.is_null() {
            m.insert(Value::String(k.to_string()), v);
        }
    }
    m
}

/// The value the control of `field` sends for `typed`; `was` is the
/// value the file has (kept when `typed` reads as it).
pub fn value(field: &Field, typed: &Input, was: Option<&Value>) -> Value {
    if was.is_some_and(|w| input(field, w) == *typed) {
        return was.cloned().unwrap_or(Value::Null);
    }
    let none_if_empty = |v: Value| match &v {
        Value::Sequence(s) if s.is_empty() => Value::Null,
        Value::Mapping(m) if m.is_empty() => Value::Null,
        _ => v,
    };
    match typed {
        Input::Bool(true) => Value::Bool(true),
        // Unticked: the key goes (false is every flag's default).
        Input::Bool(false) => Value::Null,
        Input::Text(t) => scalar(t, was, field.control == Control::Year),
        Input::List(items) => none_if_empty(Value::Sequence(
            items
                .iter()
                .map(|i| scalar(i, None, false))
                .filter(|v| !v.is_null())
                .collect(),
        )),
        Input::Rows(rows) => {
            let before = |i: usize| match was {
                Some(Value::Sequence(s)) => s.get(i).and_then(Value::as_mapping),
                _ => None,
            };
            let order: Vec<&str> = match &field.control {
                Control::Rows { fields } => fields.iter().map(|f| f.key).collect(),
                _ => Vec::new(),
            };
            let rows = rows.iter().enumerate().map(|(i, row)| {
                // Sub-keys in the schema's order, then any others.
                let mut sorted = row.clone();
                sorted
                    .sort_by_key(|(k, _)| order.iter().position(|o| o == k).unwrap_or(usize::MAX));
                Value::Mapping(map_of(&sorted, before(i), false))
            });
            none_if_empty(Value::Sequence(
                rows.filter(|r| r.as_mapping().is_some_and(|m| !m.is_empty()))
                    .collect(),
            ))
        }
        Input::Pairs(p) => {
            let numbers = matches!(field.control, Control::Counts { .. });
            none_if_empty(Value::Mapping(map_of(
                p,
                was.and_then(Value::as_mapping),
                numbers,
            )))
        }
    }
}

/// The [`Edit`] a form sends: for each control of `fields` in `typed`,
/// its value (keys the form does not show are kept by
/// [`super::save::apply`]), and the body.
pub fn edit(
    fields: &[Field],
    opened: &Opened,
    typed: &[(String, Input)],
    body: Option<String>,
) -> Edit {
    let values = typed
        .iter()
        .filter_map(|(key, input)| {
            let field = fields.iter().find(|f| f.key == key)?;
            let was = opened.values.get(key.as_str());
            Some((key.clone(), value(field, input, was)))
        })
        .collect();
    Edit { values, body }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::SiteConfig;
    use crate::edit::schema::{Kind, fields};
    use crate::edit::{save, yaml};

    fn field(kind: Kind, key: &str) -> Field {
        fields(kind, &SiteConfig::default())
            .into_iter()
            .find(|f| f.key == key)
            .expect("field")
    }

    #[test]
    fn a_form_sent_back_unchanged_saves_every_sample_entry_as_it_was() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut n = 0;
        for (kind, dir) in [(Kind::Model, "models"), (Kind::Award, "awards")] {
            let fs = fields(kind, &SiteConfig::default());
            for e in walkdir::WalkDir::new(root.join(dir))
                .into_iter()
                .filter_map(Result::ok)
            {
                let p = e.path();
                if p.extension().is_none_or(|x| x != "md") {
                    continue;
                }
                let text = std::fs::read_to_string(p).expect("read");
                let opened = save::open(p, &text).expect("open");
                let shown: Vec<(String, Input)> = fs
                    .iter()
                    .map(|f| {
                        let v = opened.values.get(f.key).cloned().unwrap_or(Value::Null);
                        (f.key.to_string(), input(f, &v))
                    })
                    .collect();
                // The browser sends the text area back with CRLF.
                let body = opened.body.replace('\n', "\r\n");
                let e = edit(&fs, &opened, &shown, Some(body));
                let out = save::apply(p, &text, &e, kind.keys()).expect("apply");
                assert!(out == text, "{}", p.display());
                n += 1;
            }
        }
        assert!(n > 40, "{n}");
    }

    #[test]
    fn typed_text_becomes_the_values_kheo_reads() {
        let year = field(Kind::Model, "year");
        assert_eq!(
            value(&year, &Input::Text(" 2023 ".into()), None),
            Value::Number(2023.into())
        );
        let date = field(Kind::Model, "date");
        assert_eq!(
            value(&date, &Input::Text("2019".into()), None),
            Value::String("2019".into())
        );
        // The file's `date: 2019` stays a number when the form shows it back.
        let was = Value::Number(2019.into());
        assert_eq!(value(&date, &Input::Text("2019".into()), Some(&was)), was);
        let tags = field(Kind::Model, "tags");
        assert_eq!(
            value(&tags, &Input::List(vec![" ".into()]), None),
            Value::Null
        );
        let featured = field(Kind::Model, "featured");
        assert_eq!(value(&featured, &Input::Bool(false), None), Value::Null);
        let results = field(Kind::Model, "results");
        let typed = Input::Rows(vec![
            vec![
                ("value".into(), "310".into()),
                ("label".into(), "Chậu hoa".into()),
            ],
            vec![
                ("label".into(), " ".into()),
                ("value".into(), String::new()),
            ],
        ]);
        let got = value(&results, &typed, None);
        let want: Value =
            serde_yaml_ng::from_str("[{label: Chậu hoa, value: '310'}]").expect("yaml");
        assert!(yaml::same(&got, &want), "{got:?}");
        let totals = field(Kind::Award, "totals");
        let typed = Input::Pairs(vec![
            ("tap-the".into(), "93".into()),
            ("ca-nhan".into(), "".into()),
        ]);
        let want: Value = serde_yaml_ng::from_str("{tap-the: 93}").expect("yaml");
        assert_eq!(value(&totals, &typed, None), want);
        let locality = field(Kind::Model, "locality");
        let list: Value = serde_yaml_ng::from_str("[Hà Nội, Hoàn Kiếm]").expect("yaml");
        assert_eq!(
            input(&locality, &list),
            Input::Text("Hà Nội / Hoàn Kiếm".into())
        );
        assert_eq!(
            value(
                &locality,
                &Input::Text("Hà Nội / Hoàn Kiếm".into()),
                Some(&list)
            ),
            list
        );
    }
}
