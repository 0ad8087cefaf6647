//! Reading a posted form back into the inputs of
//! [`crate::edit::form`]. Each field posts its shape (`t:<key>`, see
//! [`Shape`]) with its values: `f:<key>` (text, tick box, one list item
//! per line), `r:<key>:<i>:<sub>` (rows), `p:<key>:<i>:k|v` (pairs). A
//! row keeps, in `_had`, the sub-keys its file wrote (an empty one stays
//! empty rather than going), and a staged photo its upload in
//! `_id`/`_name`; a ticked `x:<key>:<i>` removes the row.

use std::collections::BTreeMap;

use super::controls::Shape;
use crate::edit::form::Input;
use crate::edit::schema::Field;

/// The first value posted under `name`.
pub fn posted<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Indexed groups `<prefix><i>:<sub>` in the order they were posted.
fn groups(form: &[(String, String)], prefix: &str) -> BTreeMap<usize, Vec<(String, String)>> {
    let mut out: BTreeMap<usize, Vec<(String, String)>> = BTreeMap::new();
    for (k, v) in form {
        let Some(rest) = k.strip_prefix(prefix) else {
            continue;
        };
        let Some((i, sub)) = rest.split_once(':') else {
            continue;
        };
        let Ok(i) = i.parse::<usize>() else { continue };
        out.entry(i).or_default().push((sub.to_string(), v.clone()));
    }
    out
}

/// What the controls of `fields` posted in `form`: each shown field's
/// input (rows keep their `_` keys: see [`for_edit`]). A field the form
/// did not show is left out, so its key is kept as the file has it.
pub fn read(fields: &[Field], form: &[(String, String)]) -> Vec<(String, Input)> {
    let mut out = Vec::new();
    for f in fields {
        let key = f.key;
        let Some(shape) = posted(form, &format!("t:{key}")).and_then(Shape::parse) else {
            continue;
        };
        let value = posted(form, &format!("f:{key}"));
        let input = match shape {
            Shape::Text => Input::Text(value.unwrap_or("").to_string()),
            Shape::Bool => Input::Bool(value.is_some()),
            Shape::List => Input::List(
                value
                    .unwrap_or("")
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect(),
            ),
            Shape::Rows => Input::Rows(
                groups(form, &format!("r:{key}:"))
                    .into_iter()
                    .filter(|(i, _)| posted(form, &format!("x:{key}:{i}")).is_none())
                    .map(|(_, row)| row)
                    .filter(|row| {
                        row.iter()
                            .any(|(k, v)| !k.starts_with('_') && !v.trim().is_empty())
                    })
                    .collect(),
            ),
            Shape::Pairs => Input::Pairs(
                groups(form, &format!("p:{key}:"))
                    .into_values()
                    .filter_map(|p| {
                        let k = posted(&p, "k").unwrap_or("").to_string();
                        let v = posted(&p, "v").unwrap_or("").to_string();
                        (!v.trim().is_empty() || !k.trim().is_empty()).then_some((k, v))
                    })
                    .filter(|(_, v)| !v.trim().is_empty())
                    .collect(),
            ),
        };
        out.push((key.to_string(), input));
    }
    out
}

/// The inputs as [`crate::edit::form::edit`] takes them (a row's empty
/// sub-fields left out unless its file wrote them, no `_` keys), and the
/// staged photos the rows carry: `(row's key, row, id, name)`.
pub fn for_edit(inputs: &[(String, Input)]) -> (Vec<(String, Input)>, Vec<Staged>) {
    let mut staged = Vec::new();
    let clean = inputs
        .iter()
        .map(|(key, input)| {
            let Input::Rows(rows) = input else {
                return (key.clone(), input.clone());
            };
            let rows = rows
                .iter()
                .enumerate()
                .map(|(i, row)| {
                    let get = |k: &str| posted(row, k).unwrap_or("").to_string();
                    if !get("_id").is_empty() {
                        staged.push(Staged {
                            key: key.clone(),
                            row: i,
                            id: get("_id"),
                            name: get("_name"),
                        });
                    }
                    let had = get("_had");
                    let had: Vec<&str> = had.split(',').collect();
                    row.iter()
                        .filter(|(k, v)| {
                            !k.starts_with('_')
                                && (!v.trim().is_empty() || had.contains(&k.as_str()))
                        })
                        .cloned()
                        .collect()
                })
                .collect();
            (key.clone(), Input::Rows(rows))
        })
        .collect();
    (clean, staged)
}

/// A photo uploaded in the form, waiting to be committed with its entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staged {
    pub key: String,
    pub row: usize,
    pub id: String,
    pub name: String,
}

/// `inputs` with each staged photo's `src` renamed as `names` says
/// (`(staged name, name in the bundle)`).
pub fn renamed(inputs: &mut [(String, Input)], staged: &[Staged], names: &[(String, String)]) {
    for s in staged {
        let Some(new) = names.iter().find(|(n, _)| *n == s.name).map(|(_, b)| b) else {
            continue;
        };
        for (key, input) in inputs.iter_mut() {
            if *key != s.key {
                continue;
            }
            if let Input::Rows(rows) = input
                && let Some(row) = rows.get_mut(s.row)
            {
                for (k, v) in row.iter_mut() {
                    if k == "src" && *v == s.name {
                        *v = new.clone();
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SiteConfig;
    use crate::edit::schema::{Kind, fields};

    fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn rows_keep_what_their_file_wrote_and_drop_blank_and_removed_ones() {
        let fs = fields(Kind::Model, &SiteConfig::default());
        let posted = form(&[
            ("t:results", "rows"),
            ("r:results:0:_had", "label,value,note"),
            ("r:results:0:label", "Hộ tham gia"),
            ("r:results:0:value", "310"),
            ("r:results:0:note", ""),
            ("r:results:1:_had", ""),
            ("r:results:1:label", "Bị xóa"),
            ("x:results:1", "1"),
            ("r:results:2:_had", ""),
            ("r:results:2:label", "Mới"),
            ("r:results:2:value", ""),
            ("r:results:3:_had", ""),
            ("r:results:3:label", ""),
            ("t:title", "text"),
            ("f:title", "Tên"),
            ("t:featured", "bool"),
            ("t:tags", "list"),
            ("f:tags", "a\r\n\r\n b \r\n"),
        ]);
        let read = read(&fs, &posted);
        let (clean, staged) = for_edit(&read);
        assert!(staged.is_empty());
        let get = |k: &str| {
            clean
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, i)| i.clone())
        };
        let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
        assert_eq!(
            get("results"),
            Some(Input::Rows(vec![
                vec![
                    pair("label", "Hộ tham gia"),
                    pair("value", "310"),
                    pair("note", "")
                ],
                vec![pair("label", "Mới")],
            ]))
        );
        assert_eq!(get("title"), Some(Input::Text("Tên".into())));
        assert_eq!(get("featured"), Some(Input::Bool(false)));
        assert_eq!(get("tags"), Some(Input::List(vec!["a".into(), "b".into()])));
        // A field the form did not show is not touched.
        assert_eq!(get("summary"), None);
    }

    #[test]
    fn staged_photos_are_found_and_renamed_in_their_rows() {
        let fs = fields(Kind::Model, &SiteConfig::default());
        let posted = form(&[
            ("t:images", "rows"),
            ("r:images:0:_had", "src,alt"),
            ("r:images:0:src", "cu.jpg"),
            ("r:images:0:alt", "Ảnh cũ"),
            ("r:images:1:_id", "a1b2"),
            ("r:images:1:_name", "san-choi.jpg"),
            ("r:images:1:_had", ""),
            ("r:images:1:src", "san-choi.jpg"),
            ("r:images:1:alt", "Sân chơi"),
        ]);
        let (mut clean, staged) = for_edit(&read(&fs, &posted));
        assert_eq!(
            staged,
            [Staged {
                key: "images".into(),
                row: 1,
                id: "a1b2".into(),
                name: "san-choi.jpg".into()
            }]
        );
        renamed(
            &mut clean,
            &staged,
            &[("san-choi.jpg".into(), "san-choi-2.jpg".into())],
        );
        let Input::Rows(rows) = &clean[0].1 else {
            panic!("rows")
        };
        assert_eq!(posted_src(&rows[0]), "cu.jpg");
        assert_eq!(posted_src(&rows[1]), "san-choi-2.jpg");
        assert!(rows[1].iter().all(|(k, _)| !k.starts_with('_')));
    }

    fn posted_src(row: &[(String, String)]) -> &str {
        posted(row, "src").unwrap_or("")
    }
}
