//! A new entry from a form: where its file goes and what it holds.
//!
//! The file name is the title's slug ([`text::title_slug`], the rules of
//! every kheo URL), or the form's `slug`; `-2`, `-3`… are added until no
//! file or bundle folder has the name, and the write itself never replaces
//! a file ([`super::write::create`]). The folder is the one whose
//! `_defaults.yaml` gives the entry's locality or a unit above it (the
//! deepest such), else, for a model, the folder of its province
//! (`content/models/thanh-hoa/`, as the sample site and `kheo import`
//! sort them), else `content/models/` or `content/awards/`. Keys whose
//! value is the one the folder's defaults give are left out: the editor
//! wrote them once, in the defaults file.

use std::path::{Path, PathBuf};

use serde_yaml_ng::Value;

use super::check::Checker;
use super::save::{self, Edit, SaveError};
use super::schema::Kind;
use super::write::{self, WriteError};
use crate::content::date::PartialDate;
use crate::content::defaults;
use crate::l10n::Msg;
use crate::locality::registry;
use crate::text;

/// A new entry, planned: its path under the site folder and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub rel: String,
    pub text: String,
}

/// Why a new entry was not made.
#[derive(Debug, Clone)]
pub enum CreateError {
    /// No title, or one with no letter or digit to name a file after.
    Title(Msg),
    Save(SaveError),
    Write(WriteError),
}

impl CreateError {
    pub fn msg(&self) -> Msg {
        match self {
            CreateError::Title(m) => m.clone(),
            CreateError::Save(e) => e.msg(),
            CreateError::Write(e) => e.msg(),
        }
    }
}

fn text_of<'a>(edit: &'a Edit, key: &str) -> Option<&'a str> {
    edit.values
        .iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.as_str())
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// A locality value as its names, top-down.
fn names(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => s.split('/').map(|p| p.trim().to_string()).collect(),
        Value::Sequence(items) => items
            .iter()
            .filter_map(Value::as_str)
            .map(|p| p.trim().to_string())
            .collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|p| !p.is_empty())
    .collect()
}

fn keys(names: &[String]) -> Vec<String> {
    names.iter().map(|n| text::locality_key(n)).collect()
}

/// The date the entry's locality is read at: its `date`, else its
/// `year`, else this year.
fn when(edit: &Edit) -> PartialDate {
    let get = |k: &str| edit.values.iter().find(|(key, _)| key == k).map(|(_, v)| v);
    let date = get("date").and_then(|v| match v {
        Value::String(s) => PartialDate::parse(s).ok(),
        Value::Number(n) => n.as_i64().map(|y| PartialDate::year(y as i32)),
        _ => None,
    });
    let year = get("year")
        .and_then(Value::as_i64)
        .map(|y| PartialDate::year(y as i32));
    date.or(year)
        .unwrap_or_else(|| PartialDate::year(crate::cli::new::this_year() as i32))
}

/// The folder a new entry of `kind` with `edit`'s values goes into.
fn folder(checker: &Checker, kind: Kind, edit: &Edit, dir: &Path) -> PathBuf {
    let base = dir.join("content").join(kind.folder());
    let locality = edit
        .values
        .iter()
        .find(|(k, _)| k == "locality")
        .map(|(_, v)| names(v))
        .unwrap_or_default();
    let mine = keys(&locality);
    let best = checker
        .defaults()
        .files(defaults_kind(kind))
        .filter_map(|(d, values)| {
            let theirs = keys(&names(values.get("locality")?));
            let fits = !theirs.is_empty() && mine.starts_with(&theirs);
            fits.then(|| ((theirs.len(), d.components().count()), d.to_path_buf()))
        })
        .max();
    if let Some((_, d)) = best {
        return d;
    }
    if kind == Kind::Award || locality.is_empty() {
        return base;
    }
    let d = when(edit);
    let written: Vec<String> = locality
        .iter()
        .map(|n| crate::site::type_first(n))
        .collect();
    let r = registry::registry();
    // The whole path, else its first name alone (a commune written
    // without its marks does not resolve; its province may).
    let resolved = r
        .resolve_at(&written, d.year, d.month, d.day)
        .or_else(|_| r.resolve_at(&written[..1], d.year, d.month, d.day));
    let province = match resolved {
        Ok(id) => {
            let top = r.lineage(id)[0];
            r.unit(top).display_name()
        }
        Err(_) => locality[0].clone(),
    };
    match text::slugify(&province) {
        s if s.is_empty() => base,
        s => base.join(s),
    }
}

fn defaults_kind(kind: Kind) -> defaults::Kind {
    match kind {
        Kind::Model => defaults::Kind::Models,
        Kind::Award => defaults::Kind::Awards,
    }
}

/// The values the defaults files over `folder` give, the nearest first.
fn inherited(checker: &Checker, kind: Kind, folder: &Path) -> Vec<(String, Value)> {
    let mut files: Vec<(&Path, &serde_yaml_ng::Mapping)> = checker
        .defaults()
        .files(defaults_kind(kind))
        .filter(|(d, _)| folder.starts_with(d))
        .collect();
    files.sort_by_key(|(d, _)| std::cmp::Reverse(d.components().count()));
    let mut out: Vec<(String, Value)> = Vec::new();
    for (_, values) in files {
        for (k, v) in values {
            if let Some(k) = k.as_str()
                && !out.iter().any(|(o, _)| o == k)
            {
                out.push((k.to_string(), v.clone()));
            }
        }
    }
    out
}

/// Whether a value is the one a default gives: localities are compared
/// unit by unit as kheo matches them (case, marks placement, type words).
fn alike(key: &str, default: &Value, v: &Value) -> bool {
    match key {
        "locality" => {
            let (a, b) = (keys(&names(default)), keys(&names(v)));
            !a.is_empty() && a == b
        }
        _ => super::yaml::same(default, v),
    }
}

/// Where a new entry of `kind` goes and its text: the front matter of
/// `edit`'s values (keys in the schema's order, those its folder's
/// defaults already give left out), then its body.
pub fn plan(checker: &Checker, kind: Kind, edit: &Edit) -> Result<Planned, CreateError> {
    let dir = checker.dir();
    let title = text_of(edit, "title").ok_or(CreateError::Title(Msg::new("new-title-empty")))?;
    let slug = match text_of(edit, "slug") {
        Some(s) => text::slugify(s),
        None => text::title_slug(title),
    };
    if slug.is_empty() {
        return Err(CreateError::Title(Msg::new("new-title-no-slug")));
    }
    let folder = folder(checker, kind, edit, dir);
    let given = inherited(checker, kind, &folder);
    let values: Vec<(String, Value)> = edit
        .values
        .iter()
        .filter(|(k, v)| !v.is_null() && !given.iter().any(|(g, gv)| g == k && alike(k, gv, v)))
        .cloned()
        .collect();
    let mut name = slug.clone();
    let mut n = 2;
    while folder.join(format!("{name}.md")).exists() || folder.join(&name).exists() {
        name = format!("{slug}-{n}");
        n += 1;
    }
    let path = folder.join(format!("{name}.md"));
    let rel = path
        .strip_prefix(dir)
        .unwrap_or(&path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    let body = edit.body.as_deref().unwrap_or("").replace("\r\n", "\n");
    let skeleton = match body.trim().is_empty() {
        true => "---\n---\n".to_string(),
        false => format!("---\n---\n\n{}\n", body.trim_end()),
    };
    let edit = Edit { values, body: None };
    let text = save::apply(&path, &skeleton, &edit, kind.keys()).map_err(CreateError::Save)?;
    Ok(Planned { rel, text })
}

/// [`plan`], then the file written; a name taken meanwhile by another
/// file makes it plan again (up to a few times).
pub fn create(checker: &Checker, kind: Kind, edit: &Edit) -> Result<PathBuf, CreateError> {
    let mut last = None;
    for _ in 0..5 {
        let p = plan(checker, kind, edit)?;
        match write::create(checker.dir(), &p.rel, &p.text) {
            Ok(path) => return Ok(path),
            Err(e @ WriteError::Exists { .. }) => last = Some(e),
            Err(e) => return Err(CreateError::Write(e)),
        }
    }
    Err(CreateError::Write(last.unwrap_or(WriteError::Outside {
        path: String::new(),
    })))
}

#[cfg(test)]
#[path = "create_tests.rs"]
mod tests;
