//! `site.yaml` → [`SiteConfig`]. Every key has a default, so a site without
//! the file builds. This module reads and validates the configuration only;
//! command-line overrides (`--base-url`, `--drafts`) are applied by the caller.

use std::path::Path;

use serde::Deserialize;

use crate::content::frontmatter::{self, SourceFile, Split};
use crate::content::keys::Schema;
use crate::diag::{Diagnostic, Diagnostics};
use crate::l10n::Msg;
use crate::text;

/// A field (lĩnh vực) of the site: URL key and display name.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    pub key: String,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    /// Absolute URL with a trailing slash.
    pub base_url: String,
    pub language: String,
    pub theme: String,
    pub paginate: usize,
    pub fields: Vec<FieldDef>,
    /// How many models the Atom feed carries.
    pub feed_limit: usize,
    /// How many models the home page lists as latest.
    pub home_latest: usize,
    /// Publish raw HTML in Markdown bodies as written (default: sanitized).
    pub raw_html: bool,
    /// Build the search index of `/tim-kiem/` (default: yes).
    pub search: bool,
    /// A locality the built-in registry does not know is a warning rather
    /// than an error (`unknown_localities: warn`), for sites that track
    /// non-administrative units.
    pub unknown_localities_warn: bool,
    /// How photos are published (`images:`, see [`crate::images`]).
    pub images: crate::images::Settings,
    /// Warnings stop a build as errors do (`strict: true`, or `--strict`):
    /// for a deploy pipeline that must publish nothing doubtful.
    pub strict: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    description: Option<String>,
    base_url: Option<String>,
    language: Option<String>,
    theme: Option<String>,
    paginate: Option<usize>,
    fields: Option<Vec<FieldDef>>,
    feed_limit: Option<usize>,
    home_latest: Option<usize>,
    raw_html: Option<bool>,
    search: Option<bool>,
    unknown_localities: Option<String>,
    strict: Option<bool>,
    images: Option<crate::images::Settings>,
}

impl Schema for RawConfig {
    const KEYS: &'static [&'static str] = &[
        "title",
        "description",
        "base_url",
        "language",
        "theme",
        "paginate",
        "fields",
        "feed_limit",
        "home_latest",
        "raw_html",
        "search",
        "unknown_localities",
        "strict",
        "images",
    ];
    const NESTED: &'static [(&'static str, &'static [&'static str])] =
        &[("fields", &["key", "name"])];
}

/// The `language:` of the site in `dir`: `None` when it has no
/// `site.yaml`, `Some(None)` when the file does not say (or cannot be
/// read: its problem is reported by [`SiteConfig::load`]).
pub fn language_of(dir: &Path) -> Option<Option<String>> {
    let bytes = std::fs::read(dir.join("site.yaml")).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap_or_default();
    Some(
        value
            .get("language")
            .and_then(|v| v.as_str())
            .map(str::to_string),
    )
}

pub fn default_fields() -> Vec<FieldDef> {
    [
        ("kinh-te", "Kinh tế"),
        ("van-hoa-xa-hoi", "Văn hóa – Xã hội"),
        ("quoc-phong-an-ninh", "Quốc phòng – An ninh"),
        ("xay-dung-he-thong-chinh-tri", "Xây dựng hệ thống chính trị"),
    ]
    .into_iter()
    .map(|(key, name)| FieldDef {
        key: key.to_string(),
        name: name.to_string(),
    })
    .collect()
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Dân vận khéo".to_string(),
            description: "Mô hình, điển hình “Dân vận khéo” theo địa bàn, lĩnh vực và năm."
                .to_string(),
            base_url: "http://127.0.0.1:1111/".to_string(),
            language: "vi".to_string(),
            theme: "default".to_string(),
            paginate: 50,
            fields: default_fields(),
            feed_limit: 30,
            home_latest: 8,
            raw_html: false,
            search: true,
            unknown_localities_warn: false,
            images: crate::images::Settings::default(),
            strict: false,
        }
    }
}

/// Why `url` cannot be the site's `base_url` (every link of the site
/// starts with it): only `http://` and `https://` addresses can be.
pub fn base_url_problem(url: &str) -> Option<Msg> {
    let lower = url.trim().to_ascii_lowercase();
    let ok = ["http://", "https://"]
        .iter()
        .any(|p| lower.strip_prefix(p).is_some_and(|rest| !rest.is_empty()));
    (!ok).then(|| Msg::new("base-url-bad").arg("value", url.trim()))
}

/// Makes a base URL absolute-looking and ending in `/`.
pub fn normalize_base_url(url: &str) -> String {
    let url = url.trim();
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

impl SiteConfig {
    /// How this site's Markdown is rendered: links under its root path,
    /// raw HTML trusted only when `raw_html: true`.
    pub fn markdown_options(&self) -> crate::markdown::Options {
        crate::markdown::Options {
            root: self.root_path(),
            trust_raw_html: self.raw_html,
        }
    }

    /// The path part of `base_url`, with leading and trailing slash (`/dvk/`).
    pub fn root_path(&self) -> String {
        let rest = self
            .base_url
            .split_once("://")
            .map(|(_, r)| r)
            .unwrap_or(&self.base_url);
        match rest.find('/') {
            Some(i) => rest[i..].to_string(),
            None => "/".to_string(),
        }
    }

    /// Loads `site.yaml` from `dir` (defaults when absent). Problems go to `diags`.
    pub fn load(dir: &Path, diags: &mut Diagnostics) -> SiteConfig {
        let path = dir.join("site.yaml");
        let text = match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(s) => text::nfc(&s),
                Err(_) => {
                    diags.push(Diagnostic::error(&path, "file-not-utf8"));
                    return SiteConfig::default();
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return SiteConfig::default(),
            Err(e) => {
                diags.push(crate::diag::io_error(&path, &e));
                return SiteConfig::default();
            }
        };
        let source = SourceFile {
            path: path.clone(),
            text: text.replace("\r\n", "\n"),
        };
        let split = Split {
            yaml: &source.text,
            yaml_line: 1,
            body: "",
        };
        let raw: RawConfig = match frontmatter::parse::<RawConfig>(&source, &split) {
            Ok(p) => {
                diags.extend(p.problems);
                p.value
            }
            Err(d) => {
                diags.push(d);
                return SiteConfig::default();
            }
        };
        let RawConfig {
            title,
            description,
            base_url,
            language,
            theme,
            paginate,
            fields,
            feed_limit,
            home_latest,
            raw_html,
            search,
            unknown_localities,
            images,
            strict,
        } = raw;
        let d = SiteConfig::default();
        let mut cfg = SiteConfig {
            title: title.unwrap_or(d.title),
            description: description.unwrap_or(d.description),
            base_url: base_url
                .map(|u| normalize_base_url(&u))
                .unwrap_or(d.base_url),
            language: language.unwrap_or(d.language),
            theme: theme.unwrap_or(d.theme),
            paginate: paginate.unwrap_or(d.paginate),
            fields: fields.unwrap_or(d.fields),
            feed_limit: feed_limit.unwrap_or(d.feed_limit),
            home_latest: home_latest.unwrap_or(d.home_latest),
            raw_html: raw_html.unwrap_or(d.raw_html),
            unknown_localities_warn: false,
            search: search.unwrap_or(d.search),
            images: match images.map(crate::images::Settings::checked) {
                None => d.images,
                Some(Ok(s)) => s,
                Some(Err(e)) => {
                    diags.push(Diagnostic::error(&path, e));
                    d.images
                }
            },
            strict: strict.unwrap_or(false),
        };
        if let Some(problem) = base_url_problem(&cfg.base_url) {
            let line = text
                .lines()
                .position(|l| l.starts_with("base_url"))
                .map_or(1, |i| i + 1);
            diags.push(Diagnostic::error(&path, problem).at(line, 1));
            cfg.base_url = SiteConfig::default().base_url;
        }
        match unknown_localities.as_deref() {
            None | Some("error") => {}
            Some("warn") => cfg.unknown_localities_warn = true,
            Some(other) => diags.push(
                Diagnostic::error(&path, "unknown-localities-bad")
                    .arg("value", other)
                    .at(frontmatter::key_line(&split, "unknown_localities"), 1),
            ),
        }
        if cfg.paginate == 0 {
            diags.push(
                Diagnostic::error(&path, "paginate-zero")
                    .at(frontmatter::key_line(&split, "paginate"), 1),
            );
            cfg.paginate = 50;
        }
        if !matches!(cfg.language.as_str(), "vi" | "en") {
            diags.push(
                Diagnostic::error(&path, "language-unknown")
                    .arg("value", cfg.language.as_str())
                    .at(frontmatter::key_line(&split, "language"), 1),
            );
            cfg.language = "vi".to_string();
        }
        let mut seen = std::collections::BTreeSet::new();
        for f in &cfg.fields {
            if f.key.is_empty() || text::slugify(&f.key) != f.key {
                diags.push(
                    Diagnostic::error(&path, "field-key-bad")
                        .arg("value", f.key.as_str())
                        .arg("example", text::slugify(&f.name))
                        .at(frontmatter::value_line(&split, "fields", &f.key), 1),
                );
            }
            if !seen.insert(f.key.clone()) {
                diags.push(
                    Diagnostic::error(&path, "field-twice")
                        .arg("value", f.key.as_str())
                        .at(frontmatter::key_line(&split, "fields"), 1),
                );
            }
        }
        if cfg.fields.is_empty() {
            diags.push(
                Diagnostic::error(&path, "fields-empty")
                    .at(frontmatter::key_line(&split, "fields"), 1),
            );
            cfg.fields = default_fields();
        }
        cfg
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_path_of_sub_path_site() {
        let cfg = SiteConfig {
            base_url: "https://example.org/dvk/".into(),
            ..SiteConfig::default()
        };
        assert_eq!(cfg.root_path(), "/dvk/");
        let cfg = SiteConfig {
            base_url: "https://example.org/".into(),
            ..SiteConfig::default()
        };
        assert_eq!(cfg.root_path(), "/");
    }
}
