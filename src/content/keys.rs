//! The keys of front matter, checked one by one so that one run names
//! every mistake of a file: each unknown key (with the nearest known one),
//! each unknown key inside a list of maps (`images`, `people`…), and each
//! value of the wrong shape, each at its own line.
//!
//! Owns the [`Schema`] of an entry kind (its keys) and [`clean`], which
//! takes a parsed YAML map and returns it without the keys that are wrong,
//! plus one diagnostic for each. What a value *means* (a known field, a
//! real date) is checked later by the model's and award's resolvers; this
//! module only makes sure serde can read what is left.

use std::collections::BTreeSet;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_yaml_ng::{Mapping, Value};

use super::frontmatter::{Split, closest, key_line, value_line};
use crate::diag::Diagnostic;
use crate::l10n::Msg;

/// The keys a kind of entry takes.
pub trait Schema: DeserializeOwned {
    /// Its top-level keys.
    const KEYS: &'static [&'static str];
    /// Keys whose value is a list of maps, with the keys those maps take.
    const NESTED: &'static [(&'static str, &'static [&'static str])] = &[];
}

pub const IMAGE_KEYS: &[&str] = &["src", "alt", "caption", "credit"];
pub const PERSON_KEYS: &[&str] = &["name", "role", "kind"];
pub const SOURCE_KEYS: &[&str] = &["title", "url", "publisher", "date"];
pub const RESULT_KEYS: &[&str] = &["label", "value"];
pub const RECIPIENT_KEYS: &[&str] = &["name", "kind", "unit", "model"];

/// A map with its wrong keys taken out.
#[derive(Debug, Default)]
pub struct Clean {
    pub map: Mapping,
    /// One per wrong key, in the file's order.
    pub problems: Vec<Diagnostic>,
    /// The top-level keys that were written but taken out (their value
    /// was wrong): a later check must not call them missing.
    pub failed: BTreeSet<String>,
}

/// "did you mean `title`?", or the list of keys.
fn unknown(path: &Path, line: usize, id: &'static str, key: &str, known: &[&str]) -> Diagnostic {
    let suggestion = closest(key, known).unwrap_or("");
    Diagnostic::error(path, Msg::new(id))
        .arg("value", key)
        .arg(
            "suggestion",
            if suggestion.is_empty() {
                "none"
            } else {
                suggestion
            },
        )
        .arg("known", known.join(", "))
        .at(line, 1)
}

/// Takes out of `map` the keys `T` does not know and the values serde
/// cannot read as `T`, with a diagnostic for each.
pub fn clean<T: Schema>(path: &Path, split: &Split, mut map: Mapping) -> Clean {
    let mut out = Clean::default();
    let keys: Vec<Value> = map.keys().cloned().collect();
    for k in keys {
        let name = match &k {
            Value::String(s) => s.clone(),
            other => serde_yaml_ng::to_string(other)
                .unwrap_or_default()
                .trim()
                .to_string(),
        };
        if !T::KEYS.contains(&name.as_str()) {
            let line = key_line(split, &name);
            out.problems
                .push(unknown(path, line, "key-unknown", &name, T::KEYS));
            map.remove(&k);
            // `titel:` is the title written wrong: not a missing title too.
            if let Some(meant) = closest(&name, T::KEYS) {
                out.failed.insert(meant.to_string());
            }
            continue;
        }
        let Some(known) = T::NESTED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, ks)| *ks)
        else {
            continue;
        };
        if let Some(Value::Sequence(items)) = map.get_mut(&k) {
            for item in items.iter_mut() {
                let Value::Mapping(m) = item else { continue };
                let inner: Vec<Value> = m.keys().cloned().collect();
                for ik in inner {
                    let iname = ik.as_str().unwrap_or("").to_string();
                    if !known.contains(&iname.as_str()) {
                        let line = value_line(split, &name, &iname);
                        let d = unknown(path, line, "key-unknown-nested", &iname, known)
                            .arg("parent", name.as_str());
                        out.problems.push(d);
                        m.remove(&ik);
                    }
                }
            }
        }
    }
    let whole = Value::Mapping(map);
    let reads = T::deserialize(&whole).is_ok();
    let mut map = match whole {
        Value::Mapping(m) => m,
        _ => Mapping::new(),
    };
    if !reads {
        // Each key alone: the ones that fail are the wrong values.
        let keys: Vec<Value> = map.keys().cloned().collect();
        for k in keys {
            let mut one = Mapping::new();
            let v = map.get(&k).cloned().unwrap_or(Value::Null);
            one.insert(k.clone(), v);
            if T::deserialize(&Value::Mapping(one)).is_err() {
                let name = k.as_str().unwrap_or("").to_string();
                let line = key_line(split, &name);
                out.problems.push(
                    Diagnostic::error(path, Msg::new("value-bad").arg("key", name.as_str()))
                        .at(line, 1),
                );
                out.failed.insert(name);
                map.remove(&k);
            }
        }
    }
    out.map = map;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::award::RawAward;
    use crate::content::model::RawModel;
    use crate::content::page::RawPage;

    /// Every key a schema lists is one its struct reads (and so a key
    /// added to the struct but not to the list is found by the loaders'
    /// tests, which write every key).
    fn keys_are_read<T: Schema>() {
        for k in T::KEYS {
            let mut m = Mapping::new();
            m.insert(Value::String((*k).to_string()), Value::Null);
            assert!(
                serde_yaml_ng::from_value::<T>(Value::Mapping(m)).is_ok(),
                "{k}"
            );
        }
    }

    #[test]
    fn schemas_list_only_keys_their_structs_read() {
        keys_are_read::<RawModel>();
        keys_are_read::<RawAward>();
        keys_are_read::<RawPage>();
    }
}
