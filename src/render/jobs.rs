//! The pages a site has ([`Job`]), in the fixed order they are rendered
//! and listed in the sitemap, and where each goes in the output.

use super::Renderer;
use super::cards::{award_path, field_path, model_path, year_path};
use super::paginate::{self, page_count};

/// One page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Job {
    Home,
    Models(usize),
    Model(usize),
    Localities,
    Locality(usize, usize),
    Fields,
    Field(usize, usize),
    Years,
    Year(i32, usize),
    Awards,
    Award(usize),
    Page(usize),
    Stats,
    Data,
    Search,
    NotFound,
}

/// One model counted in (`sign` 1) or out (-1) of the lists it is in:
/// the nodes of its locality and their parents, its field and its year
/// ([`Renderer::jobs_as`]).
pub(super) struct OneModel {
    pub sign: isize,
    pub nodes: Vec<usize>,
    pub field: usize,
    pub year: i32,
}

impl Renderer<'_> {
    /// Every page of the site, in a fixed order (also the sitemap's order).
    pub(super) fn jobs(&self) -> Vec<Job> {
        self.jobs_as(None)
    }

    /// [`Renderer::jobs`], or with `one`, the pages the site would have
    /// with one model more or less in the lists `one` names: the pages of
    /// the site before a model was added or removed, told from the site
    /// after ([`super::edit::Change`]).
    pub(super) fn jobs_as(&self, one: Option<&OneModel>) -> Vec<Job> {
        let site = self.site;
        let per = site.config.paginate;
        // A list's length, with the model counted in or out.
        let len = |n: usize, has: bool| match one {
            Some(o) if has => n.checked_add_signed(o.sign).unwrap_or(0),
            _ => n,
        };
        let mut jobs = vec![Job::Home];
        let models = len(site.models.len(), true);
        jobs.extend((1..=page_count(models, per)).map(Job::Models));
        jobs.extend((0..models).map(Job::Model));
        jobs.push(Job::Localities);
        for n in 0..site.tree.nodes.len() {
            let has = one.is_some_and(|o| o.nodes.contains(&n));
            let count = len(site.node_models[n].len(), has);
            jobs.extend((1..=page_count(count, per)).map(|p| Job::Locality(n, p)));
        }
        jobs.push(Job::Fields);
        for f in 0..site.config.fields.len() {
            let has = one.is_some_and(|o| o.field == f);
            let count = len(site.field_models[f].len(), has);
            jobs.extend((1..=page_count(count, per)).map(|p| Job::Field(f, p)));
        }
        jobs.push(Job::Years);
        let years: std::collections::BTreeSet<i32> = site
            .year_models
            .keys()
            .chain(site.year_awards.keys())
            .chain(one.map(|o| &o.year))
            .copied()
            .collect();
        for &y in years.iter().rev() {
            let has = one.is_some_and(|o| o.year == y);
            let n = len(site.year_models.get(&y).map_or(0, Vec::len), has);
            // A year with neither models nor awards has no page.
            if n > 0 || site.year_awards.contains_key(&y) {
                jobs.extend((1..=page_count(n, per)).map(|p| Job::Year(y, p)));
            }
        }
        jobs.push(Job::Awards);
        jobs.extend((0..site.awards.len()).map(Job::Award));
        jobs.extend((0..site.pages.len()).map(Job::Page));
        jobs.push(Job::Stats);
        jobs.push(Job::Data);
        jobs.push(Job::Search);
        jobs.push(Job::NotFound);
        jobs
    }

    /// The file of a page in the output.
    pub(super) fn job_file(&self, job: Job) -> String {
        // In place: a one-edit rebuild of a national site asks for the
        // files of the 117,000 pages it keeps.
        let mut path = self.job_path(job);
        if !path.ends_with(".html") {
            path.push_str("index.html");
        }
        path
    }

    /// The site path of a page, without rendering it.
    pub(super) fn job_path(&self, job: Job) -> String {
        let site = self.site;
        let per = |base: &str, n: usize| paginate::page_path(base, n);
        match job {
            Job::Home => String::new(),
            Job::Models(p) => per("mo-hinh/", p),
            Job::Model(i) => model_path(&site.models[i].url),
            Job::Localities => "dia-ban/".into(),
            Job::Locality(n, p) => per(&site.tree.nodes[n].path, p),
            Job::Fields => "linh-vuc/".into(),
            Job::Field(f, p) => per(&field_path(&site.config.fields[f].key), p),
            Job::Years => "nam/".into(),
            Job::Year(y, p) => per(&year_path(y), p),
            Job::Awards => "khen-thuong/".into(),
            Job::Award(i) => award_path(&site.awards[i].slug),
            Job::Page(i) => format!("{}/", site.pages[i].slug),
            Job::Stats => "thong-ke/".into(),
            Job::Data => "du-lieu/".into(),
            Job::Search => "tim-kiem/".into(),
            Job::NotFound => "404.html".into(),
        }
    }
}
