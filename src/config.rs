//! `site.yaml` → [`SiteConfig`]. Every key has a default, so a site without
//! the file builds. This module reads and validates the configuration only;
//! command-line overrides (`--base-url`, `--drafts`) are applied by the caller.

use std::path::Path;

use serde::Deserialize;

use crate::diag::{Diagnostic, Diagnostics};
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
    images: Option<crate::images::Settings>,
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
        }
    }
}

/// Why `url` cannot be the site's `base_url` (every link of the site
/// starts with it): only `http://` and `https://` addresses can be.
pub fn base_url_problem(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    let ok = ["http://", "https://"]
        .iter()
        .any(|p| lower.strip_prefix(p).is_some_and(|rest| !rest.is_empty()));
    (!ok).then(|| format!("base_url `{}` is not a web address", url.trim()))
}

/// The help for [`base_url_problem`].
pub const BASE_URL_HELP: &str =
    "write the address the site is published at, e.g. `base_url: https://danvan.example.gov.vn/`";

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
                    diags.push(
                        Diagnostic::error(&path, "site.yaml is not valid UTF-8")
                            .help("save the file as UTF-8"),
                    );
                    return SiteConfig::default();
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return SiteConfig::default(),
            Err(e) => {
                diags.push(Diagnostic::error(&path, format!("cannot read: {e}")));
                return SiteConfig::default();
            }
        };
        let raw: RawConfig = if text.trim().is_empty() {
            RawConfig::default()
        } else {
            match serde_yaml_ng::from_str(&text) {
                Ok(r) => r,
                Err(e) => {
                    let (line, col) = e
                        .location()
                        .map(|l| (l.line(), l.column()))
                        .unwrap_or((0, 0));
                    diags.push(
                        Diagnostic::error(&path, crate::content::frontmatter::yaml_message(&e))
                            .at(line, col)
                            .help("see the commented site.yaml made by `kheo init` for every key"),
                    );
                    return SiteConfig::default();
                }
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
                    diags.push(
                        Diagnostic::error(&path, e)
                            .help("write e.g. `images: {widths: [480, 960, 1600]}`"),
                    );
                    d.images
                }
            },
        };
        if let Some(problem) = base_url_problem(&cfg.base_url) {
            let line = text
                .lines()
                .position(|l| l.starts_with("base_url"))
                .map_or(1, |i| i + 1);
            diags.push(
                Diagnostic::error(&path, problem)
                    .at(line, 1)
                    .help(BASE_URL_HELP),
            );
            cfg.base_url = SiteConfig::default().base_url;
        }
        match unknown_localities.as_deref() {
            None | Some("error") => {}
            Some("warn") => cfg.unknown_localities_warn = true,
            Some(other) => diags.push(
                Diagnostic::error(
                    &path,
                    format!("unknown_localities: `{other}` is not a choice"),
                )
                .help("use `error` (the default) or `warn`"),
            ),
        }
        if cfg.paginate == 0 {
            diags.push(
                Diagnostic::error(&path, "`paginate` must be at least 1")
                    .help("write e.g. `paginate: 50`"),
            );
            cfg.paginate = 50;
        }
        if !matches!(cfg.language.as_str(), "vi" | "en") {
            diags.push(
                Diagnostic::error(&path, format!("unknown language `{}`", cfg.language))
                    .help("use `vi` or `en`"),
            );
            cfg.language = "vi".to_string();
        }
        let mut seen = std::collections::BTreeSet::new();
        for f in &cfg.fields {
            if f.key.is_empty() || text::slugify(&f.key) != f.key {
                diags.push(
                    Diagnostic::error(&path, format!("field key `{}` is not a URL slug", f.key))
                        .help(format!(
                            "use only a-z, 0-9 and -, e.g. `{}`",
                            text::slugify(&f.name)
                        )),
                );
            }
            if !seen.insert(f.key.clone()) {
                diags.push(Diagnostic::error(
                    &path,
                    format!("field `{}` is listed twice", f.key),
                ));
            }
        }
        if cfg.fields.is_empty() {
            diags.push(
                Diagnostic::error(&path, "`fields` is empty").help("list at least one field"),
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
