//! How an award names a model (`models:`, `recipients[].model`): by its
//! URL (`/mo-hinh/ha-noi/ba-dinh/hu-gao-tinh-thuong/`, with or without the
//! site's address and the slashes), by its file under `content/models/`
//! (`ha-noi/ba-dinh/hu-gao.md`, with or without `content/models/` and
//! `.md`), or by its slug alone when one model has it. Titles repeat across
//! communes, so a bare slug that several models share is an error listing
//! them. This module owns that reading and its did-you-mean; `site` keeps
//! what it resolved.

use std::collections::HashMap;

use crate::content::Model;
use crate::content::frontmatter::closest;
use crate::diag::Diagnostic;
use std::path::Path;

/// What a reference names, or why it names nothing.
pub enum Found {
    One(usize),
    /// A bare slug several models have: their indexes.
    Several(Vec<usize>),
    /// Nothing; the nearest reference that would name a model.
    Missing(Option<String>),
}

/// The models by URL, by slug and (made on the first reference that needs
/// it) by file.
pub struct Resolver<'a> {
    models: &'a [Model],
    by_url: &'a HashMap<String, usize, ahash::RandomState>,
    by_slug: HashMap<&'a str, Vec<usize>>,
    by_file: Option<HashMap<String, usize>>,
}

/// The model with errors (not loaded) that `written` names, by its file,
/// its slug or the last segment of an address.
pub fn broken<'a>(written: &str, broken: &'a [Model]) -> Option<&'a Model> {
    let w = written.trim().trim_matches('/');
    let w = w.strip_suffix(".md").unwrap_or(w);
    let last = w.rsplit('/').next().unwrap_or(w);
    broken
        .iter()
        .find(|m| model_file(m) == w || m.slug == w || (!m.slug.is_empty() && m.slug == last))
}

/// The problem `found` (the answer to reference `written`, on `line` of
/// the award file `path`) means, if any.
pub(super) fn problem(
    found: &Found,
    written: &str,
    line: usize,
    path: &Path,
    models: &[Model],
    broken_models: &[Model],
) -> Option<Diagnostic> {
    match found {
        Found::One(_) => None,
        Found::Several(many) => {
            let list: Vec<String> = many
                .iter()
                .take(5)
                .map(|&i| format!("`{}.md`", model_file(&models[i])))
                .collect();
            Some(
                Diagnostic::error(path, "ref-several")
                    .arg("value", written)
                    .arg("count", many.len())
                    .arg("files", list.join(", "))
                    .at(line, 1),
            )
        }
        // A model whose file has errors is not loaded: say so, not that
        // the award names nothing (its errors stop the build already).
        Found::Missing(_) if let Some(m) = broken(written, broken_models) => Some(
            Diagnostic::warning(path, "ref-model-broken")
                .arg("value", written)
                .arg("file", m.path.display().to_string())
                .at(line, 1),
        ),
        Found::Missing(near) => Some(
            Diagnostic::error(path, "ref-missing")
                .arg("value", written)
                .arg("suggestion", near.clone().unwrap_or_else(|| "none".into()))
                .at(line, 1),
        ),
    }
}

impl super::Site {
    /// Whether every model reference the awards write names what the
    /// last indexing found (`ref_model`), or still nothing: after
    /// [`super::Site::move_model`] gave a model another slug and URL
    /// without indexing again, a reference by either may name another
    /// model, several, or none.
    pub fn refs_hold(&self) -> bool {
        let mut resolver = Resolver::new(&self.models, &self.model_by_url);
        self.awards
            .iter()
            .flat_map(|a| &a.refs)
            .all(
                |(written, _)| match (resolver.find(written), self.ref_model.get(written)) {
                    (Found::One(now), Some(&then)) => now == then,
                    (Found::One(_), None) | (_, Some(_)) => false,
                    _ => true,
                },
            )
    }

    /// What a build says of the model references of `award` against this
    /// site's models (the browser editor checks one award with it).
    pub fn award_ref_problems(&self, award: &crate::content::Award) -> Vec<Diagnostic> {
        let mut resolver = Resolver::new(&self.models, &self.model_by_url);
        award
            .refs
            .iter()
            .filter_map(|(written, line)| {
                let found = resolver.find(written);
                problem(
                    &found,
                    written,
                    *line,
                    &award.path,
                    &self.models,
                    &self.broken,
                )
            })
            .collect()
    }
}

/// A model's file under `content/models/`, `/`-separated, without `.md`
/// (and without `/index` for a bundle).
pub fn model_file(m: &Model) -> String {
    let p = m.path.to_string_lossy().replace('\\', "/");
    let rel = match p.find("content/models/") {
        Some(at) => &p[at + "content/models/".len()..],
        None => p.as_str(),
    };
    let rel = rel.strip_suffix(".md").unwrap_or(rel);
    rel.strip_suffix("/index").unwrap_or(rel).to_string()
}

/// `written` as a path: the scheme and host of a full address, the
/// slashes at both ends and `.md` removed (`None` for a bare slug).
fn as_path(written: &str) -> Option<String> {
    let mut t = written.trim().replace('\\', "/");
    if let Some(rest) = t
        .strip_prefix("https://")
        .or_else(|| t.strip_prefix("http://"))
    {
        t = rest
            .split_once('/')
            .map(|(_, p)| p.to_string())
            .unwrap_or_default();
    }
    if !t.contains('/') && !t.ends_with(".md") {
        return None;
    }
    let t = t.trim_matches('/');
    let t = t.strip_suffix("/index.html").unwrap_or(t);
    let t = t.strip_suffix(".md").unwrap_or(t);
    Some(t.strip_suffix("/index").unwrap_or(t).to_string())
}

impl<'a> Resolver<'a> {
    pub fn new(
        models: &'a [Model],
        by_url: &'a HashMap<String, usize, ahash::RandomState>,
    ) -> Self {
        let mut by_slug: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, m) in models.iter().enumerate() {
            by_slug.entry(m.slug.as_str()).or_default().push(i);
        }
        Resolver {
            models,
            by_url,
            by_slug,
            by_file: None,
        }
    }

    pub fn find(&mut self, written: &str) -> Found {
        let Some(path) = as_path(written) else {
            let slug = written.trim();
            return match self.by_slug.get(slug).map(Vec::as_slice) {
                Some([one]) => Found::One(*one),
                Some(many) if !many.is_empty() => Found::Several(many.to_vec()),
                _ => {
                    let slugs: Vec<&str> = self.by_slug.keys().copied().collect();
                    Found::Missing(closest(slug, &slugs).map(str::to_string))
                }
            };
        };
        // A URL names a model below `mo-hinh/`, in a site maybe served
        // under a sub-path: whatever comes before it is left out.
        let url = match path.find("mo-hinh/") {
            Some(at) if at == 0 || path[..at].ends_with('/') => Some(&path[at + 8..]),
            _ => None,
        };
        if let Some(&i) = url.and_then(|u| self.by_url.get(u)) {
            return Found::One(i);
        }
        let models = self.models;
        let by_file = self.by_file.get_or_insert_with(|| {
            models
                .iter()
                .enumerate()
                .map(|(i, m)| (model_file(m), i))
                .collect()
        });
        let file = path
            .strip_prefix("content/models/")
            .or_else(|| path.strip_prefix("models/"))
            .unwrap_or(&path);
        if let Some(&i) = by_file.get(file).or_else(|| self.by_url.get(file)) {
            return Found::One(i);
        }
        let near = match url {
            Some(u) => {
                let urls: Vec<&str> = self.by_url.keys().map(String::as_str).collect();
                closest(u, &urls).map(|u| format!("/mo-hinh/{u}/"))
            }
            None => {
                let files: Vec<&str> = by_file.keys().map(String::as_str).collect();
                closest(file, &files).map(|f| format!("{f}.md"))
            }
        };
        Found::Missing(near)
    }
}

#[cfg(test)]
mod tests {
    use super::as_path;

    #[test]
    fn paths_and_slugs() {
        assert_eq!(as_path("hu-gao"), None);
        assert_eq!(as_path("hu-gao.md").as_deref(), Some("hu-gao"));
        assert_eq!(
            as_path("/mo-hinh/ha-noi/ba-dinh/hu-gao/").as_deref(),
            Some("mo-hinh/ha-noi/ba-dinh/hu-gao")
        );
        assert_eq!(
            as_path("https://dvk.vn/sub/mo-hinh/ha-noi/x/").as_deref(),
            Some("sub/mo-hinh/ha-noi/x")
        );
        assert_eq!(
            as_path("content\\models\\ha-noi\\x\\index.md").as_deref(),
            Some("content/models/ha-noi/x")
        );
    }
}
