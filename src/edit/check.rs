//! Checking an entry's new text before it is written, with the code `kheo
//! check` runs (no rules of its own): the loaders' parse and checks
//! (`model::load_partial`, `award::load_with`, filled from the
//! `_defaults.yaml` files over the entry), the placing of its locality
//! ([`crate::site::locality_problems`]), an award's model references
//! against the loaded site ([`crate::site::Site::award_ref_problems`]),
//! and the lints of one file (personal data, NUL characters, and, given
//! the list of pages of the last build, the links of the body).
//!
//! Each problem is mapped to the form's field it is about: the top-level
//! key whose lines hold it, the key a message names (a missing key), or
//! `body`. Not checked here, because they need every other entry: two
//! entries on one URL, and a model's awards.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::config::SiteConfig;
use crate::content::date::PartialDate;
use crate::content::defaults::Defaults;
use crate::content::{award, frontmatter, model, page};
use crate::diag::{Diagnostic, Diagnostics};
use crate::l10n::Messages;
use crate::site::Site;

/// A problem as the form shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The field it is about (`title`, `people`…; `body` for the Markdown),
    /// `None` for the file as a whole.
    pub key: Option<String>,
    /// The diagnostic's stable id (`locality-unknown`).
    pub id: &'static str,
    pub error: bool,
    /// Line in the entry's text (or in `file`).
    pub line: usize,
    /// Set when the problem is in another file (a `_defaults.yaml`).
    pub file: Option<PathBuf>,
    /// In the editor's language.
    pub message: String,
    pub help: Option<String>,
}

/// What checking needs of the site, read once: its configuration, its
/// folder defaults and its own localities.
#[derive(Debug)]
pub struct Checker {
    dir: PathBuf,
    cfg: SiteConfig,
    md: crate::markdown::Options,
    defaults: Defaults,
    extra: Vec<Vec<String>>,
}

impl Checker {
    /// Reads `site.yaml`, the `_defaults.yaml` files and
    /// `content/localities.yaml` of the site in `dir`; their own problems
    /// go to `diags`.
    pub fn load(dir: &Path, diags: &mut Diagnostics) -> Checker {
        let cfg = SiteConfig::load(dir, diags);
        let content = dir.join("content");
        let found = crate::fingerprint::walk(&content);
        let defaults = Defaults::load::<model::RawModel, award::RawAward>(&content, &found, diags);
        let extra = crate::content::load_extra_localities(&content.join("localities.yaml"), diags);
        Checker {
            dir: dir.to_path_buf(),
            md: cfg.markdown_options(),
            cfg,
            defaults,
            extra,
        }
    }

    /// The site folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn config(&self) -> &SiteConfig {
        &self.cfg
    }

    /// The site's own localities, for [`super::typeahead::TypeAhead`].
    pub fn extra_localities(&self) -> &[Vec<String>] {
        &self.extra
    }

    pub(super) fn defaults(&self) -> &Defaults {
        &self.defaults
    }

    /// The diagnostics `kheo check` gives the entry `rel` (a path under
    /// the site folder) if its text were `text`. `site`: the loaded site,
    /// for an award's model references; `outputs`: the files of the last
    /// build, for the body's links.
    pub fn diagnostics(
        &self,
        rel: &str,
        text: &str,
        site: Option<&Site>,
        outputs: Option<&BTreeSet<String>>,
    ) -> Vec<Diagnostic> {
        let path = self.dir.join(rel);
        let file = match frontmatter::decode(&path, text.as_bytes()) {
            Ok(f) => f,
            Err(d) => return vec![d],
        };
        let defaults = (!self.defaults.is_empty()).then_some(&self.defaults);
        let mut out = Vec::new();
        let mut page_path = None;
        let locality_problems = |locality: &[String], when: PartialDate, line: usize| {
            crate::site::locality_problems(
                locality,
                when,
                &path,
                line,
                &self.extra,
                self.cfg.unknown_localities_warn,
            )
        };
        if rel.starts_with("content/models/") {
            let (problems, read) = match model::load_partial(&file, &self.cfg, &self.md, defaults) {
                Ok(m) => (Vec::new(), Some(m)),
                Err((ds, m)) => (ds, m.map(|b| *b)),
            };
            out.extend(problems);
            if let Some(m) = read {
                if !m.locality.is_empty() {
                    out.extend(locality_problems(&m.locality, m.when(), m.locality_line));
                }
                page_path = Some(format!("mo-hinh/{}/", m.slug));
            }
        } else if rel.starts_with("content/awards/") {
            match award::load_with(&file, &self.md, defaults) {
                Ok(a) => {
                    let when = a.date.unwrap_or(PartialDate::year(a.years.1));
                    out.extend(locality_problems(&a.locality, when, a.locality_line));
                    if let Some(site) = site {
                        out.extend(site.award_ref_problems(&a));
                    }
                    page_path = Some(crate::render::cards::award_path(&a.slug));
                }
                Err(ds) => out.extend(ds),
            }
        } else {
            match page::load(&file, &self.md) {
                Ok(p) => page_path = Some(format!("{}/", p.slug)),
                Err(ds) => out.extend(ds),
            }
        }
        if let (Some(outputs), Some(page), Ok(split)) =
            (outputs, page_path, frontmatter::split(&file))
        {
            let urls = crate::lint::links::Urls {
                outputs,
                base_url: &self.cfg.base_url,
            };
            crate::lint::links::check_body(&path, &file.text, split.body, &page, &urls, &mut out);
        }
        out.extend(crate::lint::privacy_in(&path, &file.text));
        crate::lint::nul_characters(&path, &file.text, &mut out);
        out.sort_by_key(|d| (d.path.clone(), d.line, d.col, d.kind()));
        out
    }

    /// The model `text` would be, filled from the folder defaults over
    /// `rel`, as far as it reads (for the editor's preview).
    pub fn model(&self, rel: &str, text: &str) -> Option<crate::content::Model> {
        let path = self.dir.join(rel);
        let file = frontmatter::decode(&path, text.as_bytes()).ok()?;
        let defaults = (!self.defaults.is_empty()).then_some(&self.defaults);
        match model::load_partial(&file, &self.cfg, &self.md, defaults) {
            Ok(m) => Some(m),
            Err((_, m)) => m.map(|b| *b),
        }
    }

    /// The award `text` would be, filled from the folder defaults over
    /// `rel`, when it reads without an error (for the editor's preview).
    pub fn award(&self, rel: &str, text: &str) -> Option<crate::content::Award> {
        let path = self.dir.join(rel);
        let file = frontmatter::decode(&path, text.as_bytes()).ok()?;
        let defaults = (!self.defaults.is_empty()).then_some(&self.defaults);
        award::load_with(&file, &self.md, defaults).ok()
    }

    /// [`Checker::diagnostics`] as the form shows them: each beside its
    /// field, in the language of `m`.
    pub fn check(
        &self,
        rel: &str,
        text: &str,
        site: Option<&Site>,
        outputs: Option<&BTreeSet<String>>,
        m: &Messages,
    ) -> Vec<Problem> {
        let path = self.dir.join(rel);
        let read = frontmatter::decode(&path, text.as_bytes()).ok();
        let split = read.as_ref().and_then(|f| frontmatter::split(f).ok());
        self.diagnostics(rel, text, site, outputs)
            .into_iter()
            .map(|d| {
                let here = d.path == path;
                let named = d
                    .msg
                    .text("key")
                    .or_else(|| missing(d.kind()))
                    .map(str::to_string);
                let key = match (&split, here) {
                    (Some(s), true) if d.line >= s.body_line() => Some("body".to_string()),
                    (Some(s), true) if named.is_none() => key_at(s, d.line),
                    _ => named,
                };
                Problem {
                    key,
                    id: d.kind(),
                    error: d.is_error(),
                    line: d.line,
                    file: (!here).then(|| d.path.clone()),
                    message: d.message(m),
                    help: d.help(m),
                }
            })
            .collect()
    }
}

/// The field a missing-key message is about when it names none (the
/// loaders place it on the title's line, the form beside the year).
fn missing(id: &str) -> Option<&'static str> {
    match id {
        "missing-year" | "missing-year-or-period" => Some("year"),
        _ => None,
    }
}

/// The top-level key whose lines hold file line `line`, if any.
fn key_at(split: &frontmatter::Split, line: usize) -> Option<String> {
    let mut key = None;
    for (i, l) in split.yaml.lines().enumerate() {
        if split.yaml_line + i > line {
            break;
        }
        let head = !l.starts_with([' ', '\t', '-', '#']) && !l.trim().is_empty();
        if let (true, Some((k, _))) = (head, l.split_once(':')) {
            key = Some(k.trim().trim_matches(['"', '\'']).to_string());
        }
    }
    key
}

#[cfg(test)]
#[path = "check_tests.rs"]
mod tests;
