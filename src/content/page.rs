//! Free pages (`content/pages/*.md`): a title, an optional summary, a body.
//! `_index.md` is the home page's introduction, not a page of its own.

use std::path::PathBuf;

use serde::Deserialize;

use super::common::{self, Ctx};
use super::frontmatter::{self, SourceFile};
use super::keys::Schema;
use crate::diag::Diagnostic;
use crate::markdown;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPage {
    title: Option<String>,
    summary: Option<String>,
    slug: Option<String>,
    aliases: Option<Vec<String>>,
    weight: Option<i64>,
    draft: Option<bool>,
    #[allow(dead_code)]
    private: Option<serde_yaml_ng::Value>,
}

impl Schema for RawPage {
    const KEYS: &'static [&'static str] = &[
        "title", "summary", "slug", "aliases", "weight", "draft", "private",
    ];
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Page {
    pub path: PathBuf,
    pub slug: String,
    /// Old site paths (`aliases:`) that redirect to it.
    pub aliases: Vec<String>,
    pub title: String,
    pub summary: Option<String>,
    /// Order in the navigation (lower first), then title.
    pub weight: i64,
    pub draft: bool,
    /// The body rendered, its images as written.
    pub content: String,
    /// The body as written: the page is rendered again with the photos
    /// of `static/` it shows in widths (`crate::images`), known only
    /// after loading.
    pub body: String,
}

/// Everything a page shows, not where its file is: a site folder named
/// another way (`kheo build .`, an absolute path, a moved folder) leaves
/// the pages' fingerprints as they were.
impl std::hash::Hash for Page {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        let Page {
            path: _,
            slug,
            // Only the redirect pages show them.
            aliases: _,
            title,
            summary,
            weight,
            draft,
            content,
            // What `content` is made from.
            body: _,
        } = self;
        (slug, title, summary, weight, draft, content).hash(h);
    }
}

pub fn load(file: &SourceFile, md: &markdown::Options) -> Result<Page, Vec<Diagnostic>> {
    let split = frontmatter::split(file).map_err(|d| vec![d])?;
    let parsed = frontmatter::parse::<RawPage>(file, &split).map_err(|d| vec![d])?;
    let raw = parsed.value;
    let RawPage {
        title,
        summary,
        slug,
        aliases,
        weight,
        draft,
        private: _,
    } = raw;
    let mut ctx = Ctx::new(&file.path, &split);
    ctx.errors = parsed.problems;
    ctx.failed = parsed.failed;
    let title = common::required_text(&mut ctx, "title", title);
    let slug = match slug {
        Some(s) => common::slug(&mut ctx, Some(s), &title),
        None => {
            let stem = file.path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            common::slug(&mut ctx, None, if stem.is_empty() { &title } else { stem })
        }
    };
    let aliases = common::aliases(&mut ctx, aliases);
    common::body(&mut ctx);
    let rendered = markdown::render(split.body, md);
    ctx.finish(Page {
        path: file.path.clone(),
        slug,
        aliases,
        title,
        summary: summary.or(Some(rendered.first_paragraph).filter(|s| !s.is_empty())),
        weight: weight.unwrap_or(0),
        draft: draft.unwrap_or(false),
        content: rendered.html,
        body: split.body.to_string(),
    })
}
