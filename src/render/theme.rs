//! Finding a theme's files: templates, static assets and UI strings.
//!
//! `themes/<name>/` in the site wins; the `default` theme is also embedded in
//! the binary (see `build.rs`), so a site without a `themes/` folder builds.
//! A file in the site's own `templates/` overrides the theme's file of the
//! same name. Assets are a table of (output path, where to read), not fields.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// Where an asset's bytes come from.
#[derive(Debug, Clone)]
pub enum Asset {
    Embedded(&'static [u8]),
    File(PathBuf),
}

/// A theme, resolved against a site.
#[derive(Debug, Default)]
pub struct Theme {
    /// Template name → source.
    pub templates: BTreeMap<String, String>,
    /// The site's own templates (`templates/`), by name. They win over the
    /// theme's by name, and the components they define override the
    /// theme's one by one.
    pub overrides: BTreeMap<String, String>,
    /// Output path → asset (theme static first, then the site's `static/`).
    pub assets: BTreeMap<String, Asset>,
    /// Language → YAML files of UI strings, the theme's first, then the site's.
    pub i18n: BTreeMap<String, Vec<(String, String)>>,
}

fn read_dir_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    for e in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.file_type().is_file()
            && let Ok(rel) = e.path().strip_prefix(dir)
        {
            let rel = rel.to_string_lossy().replace('\\', "/");
            if !rel.split('/').any(|p| p.starts_with('.')) {
                out.push((rel, e.path().to_path_buf()));
            }
        }
    }
    out
}

fn read_text(path: &Path) -> Result<String, Diagnostic> {
    std::fs::read_to_string(path).map_err(|e| crate::diag::io_error(path, &e))
}

impl Theme {
    /// Loads theme `name` for the site in `site_dir`.
    pub fn load(site_dir: &Path, name: &str) -> Result<Theme, Diagnostic> {
        let mut theme = Theme::default();
        let dir = site_dir.join("themes").join(name);
        if dir.is_dir() {
            for (rel, path) in read_dir_files(&dir) {
                theme.add(&rel, Asset::File(path))?;
            }
        } else if name == "default" {
            for (rel, bytes) in DEFAULT_THEME {
                theme.add(rel, Asset::Embedded(bytes))?;
            }
        } else {
            return Err(Diagnostic::error(
                site_dir.join("site.yaml"),
                crate::l10n::Msg::new("theme-missing")
                    .arg("value", name)
                    .path("dir", &dir),
            ));
        }
        for (rel, path) in read_dir_files(&site_dir.join("templates")) {
            theme.overrides.insert(rel, read_text(&path)?);
        }
        for (rel, path) in read_dir_files(&site_dir.join("static")) {
            theme.assets.insert(rel, Asset::File(path));
        }
        for (rel, path) in read_dir_files(&site_dir.join("i18n")) {
            if let Some(lang) = rel.strip_suffix(".yaml") {
                // The site's strings are merged over the theme's, key by key.
                let text = read_text(&path)?;
                theme
                    .i18n
                    .entry(lang.to_string())
                    .or_default()
                    .push((path.display().to_string(), text));
            }
        }
        if theme.templates.is_empty() {
            return Err(Diagnostic::error(&dir, "theme-empty"));
        }
        Ok(theme)
    }

    fn add(&mut self, rel: &str, asset: Asset) -> Result<(), Diagnostic> {
        let text = |a: &Asset| -> Result<String, Diagnostic> {
            match a {
                Asset::Embedded(b) => Ok(String::from_utf8_lossy(b).into_owned()),
                Asset::File(p) => read_text(p),
            }
        };
        if let Some(name) = rel.strip_prefix("templates/") {
            self.templates.insert(name.to_string(), text(&asset)?);
        } else if let Some(path) = rel.strip_prefix("static/") {
            self.assets.insert(path.to_string(), asset);
        } else if let Some(file) = rel.strip_prefix("i18n/")
            && let Some(lang) = file.strip_suffix(".yaml")
        {
            let source = format!("i18n/{file}");
            self.i18n
                .entry(lang.to_string())
                .or_default()
                .push((source, text(&asset)?));
        }
        Ok(())
    }

    /// The UI strings of `lang` as a flat map (the site's override the theme's).
    pub fn strings(&self, lang: &str) -> Result<BTreeMap<String, String>, Diagnostic> {
        let mut out = BTreeMap::new();
        for (name, yaml) in self.i18n.get(lang).map(Vec::as_slice).unwrap_or(&[]) {
            if yaml.trim().is_empty() {
                continue;
            }
            let parsed: BTreeMap<String, String> = serde_yaml_ng::from_str(yaml).map_err(|e| {
                match serde_yaml_ng::from_str::<serde_yaml_ng::Value>(yaml) {
                    // Good YAML, but not `key: text` lines.
                    Ok(_) => Diagnostic::error(name.as_str(), "ui-strings-bad").at(1, 1),
                    Err(_) => crate::content::frontmatter::yaml_error(
                        Path::new(name.as_str()),
                        yaml,
                        1,
                        &e,
                    ),
                }
            })?;
            out.extend(parsed);
        }
        Ok(out)
    }
}
