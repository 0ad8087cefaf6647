//! Rendering after an edit of one model that kept its locality and
//! images, and its slug or (in `kheo build`) not: the pages
//! that can show the model are found from the indexes, and only they are
//! fingerprinted (and rendered if their fingerprint changed). Every other
//! page is kept: fingerprinting all of a national site's 118,000 pages
//! takes longer than the edit may.
//!
//! The pages that can show model M:
//! - the pages every edit looks at: home, the indexes of localities,
//!   fields, years and awards, statistics, open data, search, 404 and the
//!   free pages;
//! - the pages of `/mo-hinh/` from where M was to where it is now;
//! - every page of each locality above M, of each locality above an award
//!   naming M (their pages show the award), and of each post-reform unit
//!   whose page lists the models of a unit M is in;
//! - every page of M's old and new field, of its old and new year, and the first page
//!   of the year of each award naming M, and those awards' pages;
//! - the page of M, of every model in a locality list M is in, and of
//!   every model of M's old and new field that has too few others in its province to
//!   find its related models there (related models come from those
//!   lists), and of every model an award naming M also names.
//!
//! The edit must leave the set of pages as it was ([`Renderer::shape`]):
//! the same pages, though the edited model's may have another URL
//! ([`Edit::moved`]); `serve` checks that, and builds the usual way
//! otherwise.
//! `tests/testsuite/serve_edits.rs` compares the result of random edits
//! with full builds, byte for byte.

use std::collections::BTreeSet;
use std::hash::{DefaultHasher, Hash, Hasher};

use super::cards::{RELATED, model_path};
use super::paginate::page_count;
use super::{Job, Renderer, Sink, feed};
use crate::content::Model;
use crate::diag::Diagnostic;

/// One model edited: its index in the listing order before and after the
/// edit, and its year before.
#[derive(Debug, Clone, Copy)]
pub struct Edit {
    pub was: usize,
    pub now: usize,
    pub old_year: i32,
    /// Its field before (the same as now, or another one).
    pub old_field: usize,
    /// The node the model was in, when the edit moved it to another
    /// ([`moves_locality`]).
    pub old_node: Option<usize>,
    /// Whether its URL changed (a title edit gives another slug when the
    /// entry writes none): its page moves, and the sitemap is made again.
    pub moved: bool,
}

/// The file of the page of the model at `url` ([`crate::content::Model::url`]).
pub fn model_file(url: &str) -> String {
    let mut file = model_path(url);
    file.push_str("index.html");
    file
}

/// The pages of an edit in two parts: those a browser shows, then the
/// others ([`Renderer::edit_pages`]).
#[derive(Debug)]
pub struct EditPages {
    first: Vec<Job>,
    later: Vec<Job>,
    later_files: std::collections::HashSet<String>,
    /// Whether the model's page moved ([`Edit::moved`]): the sitemap is
    /// written again with the last part.
    moved: bool,
}

impl EditPages {
    /// Whether some pages come later.
    pub fn is_split(&self) -> bool {
        !self.later.is_empty()
    }

    /// The files of the pages that come later.
    pub fn later_files(&self) -> &std::collections::HashSet<String> {
        &self.later_files
    }
}

/// Whether `new`, a new version of model `old`, keeps its place: its
/// slug (so its pages), locality, images and draft state. Then the edit
/// moves it in the listing order, maybe to another field, and changes
/// what its cards show, and nothing else.
pub fn keeps_place(old: &Model, new: &Model) -> bool {
    new.locality == old.locality && same_pages(old, new)
}

/// Whether `new`, a new version of model `old`, keeps its place but for
/// its locality: then it can move to another node already in the tree
/// ([`crate::site::Site::existing_node`]).
pub fn moves_locality(old: &Model, new: &Model) -> bool {
    new.locality != old.locality
        && !old.locality.is_empty()
        && !new.locality.is_empty()
        && same_pages(old, new)
}

/// Whether `new`, a new version of model `old`, keeps its place but for
/// its slug: its page moves to another URL (`render::moved` leaves a
/// redirect at the old one), and every page that links to it shows its
/// card, which its hash covers. Only for a model without photos: a
/// bundle's photos are published beside its page.
pub fn moves_page(old: &Model, new: &Model) -> bool {
    new.slug != old.slug
        && new.locality == old.locality
        && new.draft == old.draft
        && may_move(old, new)
}

/// Whether model `old`'s page may move to another URL as `new`: neither
/// version has photos, which are published beside the page.
pub fn may_move(old: &Model, new: &Model) -> bool {
    [old, new]
        .iter()
        .all(|m| m.images.is_empty() && m.bundle_dir.is_none())
}

/// The same slug (so pages), images and draft state.
fn same_pages(old: &Model, new: &Model) -> bool {
    new.slug == old.slug
        && new.images == old.images
        && new.bundle_dir == old.bundle_dir
        && new.draft == old.draft
}

impl Renderer<'_> {
    /// A hash of the site's set of pages and of what every page sees
    /// (`site`, the templates...: see [`super::incremental`]): equal
    /// before and after an edit when the edit added or removed no page and
    /// changed nothing that every page shows. Only then can the pages that
    /// cannot show the edited model be kept unseen.
    pub fn shape(&self) -> u64 {
        let mut h = DefaultHasher::new();
        (self.global, self.jobs()).hash(&mut h);
        h.finish()
    }

    /// The pages that can show the edited model, those open in
    /// a browser first: `shown` holds the files of the site the browsers
    /// connected to `kheo serve` show (`mo-hinh/x/index.html`). A field
    /// move on a national site renders a thousand listing pages; a browser
    /// showing one of them, or the model's page, gets it without waiting
    /// for the rest (as Hugo's "fast render" does).
    pub fn edit_pages(&self, edit: &Edit, shown: &std::collections::HashSet<String>) -> EditPages {
        let jobs = self.edited_jobs(edit);
        let (first, later): (Vec<Job>, Vec<Job>) = jobs
            .into_iter()
            .partition(|&j| shown.contains(&self.job_file(j)));
        if first.is_empty() {
            return EditPages {
                first: later,
                later: Vec::new(),
                later_files: Default::default(),
                moved: edit.moved,
            };
        }
        let later_files = later.iter().map(|&j| self.job_file(j)).collect();
        EditPages {
            first,
            later,
            later_files,
            moved: edit.moved,
        }
    }

    /// Renders, after an edit, one part of its [`EditPages`] (the first,
    /// or with `later` the rest), each page only if its fingerprint
    /// changed, and with the last part the feed (and the sitemap after a
    /// move); the open data is
    /// [`Renderer::write_open_data`]'s. `sink` must hold the previous
    /// build: every other file stays as it is there. Returns how many pages
    /// were looked at.
    pub fn render_edit_part(
        &self,
        sink: &dyn Sink,
        pages: &EditPages,
        later: bool,
    ) -> Result<usize, Vec<Diagnostic>> {
        let jobs = if later { &pages.later } else { &pages.first };
        // `serve` shows no bar.
        self.render_jobs(jobs, sink, None, &crate::progress::Progress::default())?;
        if later || !pages.is_split() {
            self.write_feed(sink)?;
            if pages.moved {
                self.write_sitemaps(sink)?;
            }
        }
        Ok(jobs.len())
    }

    fn write_feed(&self, sink: &dyn Sink) -> Result<(), Vec<Diagnostic>> {
        sink.write("feed.xml", feed::atom(self.site, &self.urls).as_bytes())
            .map_err(|d| vec![d])
    }

    /// The sitemap's files, listing the pages of `jobs` but the 404 page
    /// in the order of their paths: an edit that moves a model in the
    /// listing order leaves the sitemap as it was.
    pub(super) fn sitemaps(&self, jobs: &[Job]) -> Vec<(String, String)> {
        use rayon::prelude::*;
        let mut paths: Vec<String> = jobs
            .iter()
            .filter(|j| !matches!(j, Job::NotFound))
            .map(|&j| self.job_path(j))
            .collect();
        paths.par_sort_unstable();
        feed::sitemaps(&self.urls, &paths, feed::SITEMAP_MAX_URLS)
    }

    /// Writes the sitemap again, after an edit that moved a page
    /// ([`Edit::moved`]). No stale file of it stays: the set of pages, so
    /// their count, is the same.
    fn write_sitemaps(&self, sink: &dyn Sink) -> Result<(), Vec<Diagnostic>> {
        for (path, text) in self.sitemaps(&self.jobs()) {
            sink.write(&path, text.as_bytes()).map_err(|d| vec![d])?;
        }
        Ok(())
    }

    /// After an edit that moved model `now`'s page away from `old_url`
    /// (its [`crate::content::Model::url`] then): the redirect a build of
    /// the output leaves there ([`super::moved`]).
    pub fn leave_redirect(
        &self,
        sink: &dyn Sink,
        old_url: &str,
        now: usize,
    ) -> Result<(), Vec<Diagnostic>> {
        let target = self.urls.permalink(&model_path(&self.site.models[now].url));
        sink.write(
            &model_file(old_url),
            super::aliases::page(&target).as_bytes(),
        )
        .map_err(|d| vec![d])
    }

    /// Writes the open data files, copying the records that did not
    /// change out of the files `sink` had.
    pub fn write_open_data(&self, sink: &dyn Sink) -> Result<(), Vec<Diagnostic>> {
        let mut errs = Vec::new();
        self.write_data(sink, &mut errs);
        if errs.is_empty() { Ok(()) } else { Err(errs) }
    }

    /// The pages that can show the edited model: see the module's
    /// documentation.
    pub(super) fn edited_jobs(&self, edit: &Edit) -> Vec<Job> {
        let site = self.site;
        let per = site.config.paginate.max(1);
        let m = edit.now;
        let model = &site.models[m];
        let mut jobs = vec![
            Job::Home,
            Job::Localities,
            Job::Fields,
            Job::Years,
            Job::Awards,
            Job::Stats,
            Job::Data,
            Job::Search,
            Job::NotFound,
        ];
        jobs.extend((0..site.pages.len()).map(Job::Page));
        let (lo, hi) = (edit.was.min(edit.now), edit.was.max(edit.now));
        jobs.extend((lo / per + 1..=hi / per + 1).map(Job::Models));

        let awards = &site.model_awards[m];
        let own: Vec<usize> = if model.locality.is_empty() {
            Vec::new()
        } else {
            site.tree.lineage(site.model_node[m])
        };
        // Where it was, when it moved: those pages and models lose it.
        let before: Vec<usize> = edit
            .old_node
            .map(|n| site.tree.lineage(n))
            .unwrap_or_default();
        let own: Vec<usize> = own.into_iter().chain(before).collect();
        let mut nodes: BTreeSet<usize> = own.iter().copied().collect();
        for &a in awards {
            if let Some(n) = site.award_node[a] {
                nodes.extend(site.tree.lineage(n));
            }
        }
        if !own.is_empty() {
            for n in 0..site.tree.nodes.len() {
                let (_, came_from) = self.across_reform(n);
                if came_from
                    .iter()
                    .filter_map(|u| site.tree.by_unit.get(u))
                    .any(|x| own.contains(x))
                {
                    nodes.insert(n);
                }
            }
        }
        for &n in &nodes {
            let pages = page_count(site.node_models[n].len(), per);
            jobs.extend((1..=pages).map(|p| Job::Locality(n, p)));
        }
        let fields = BTreeSet::from([edit.old_field, model.field]);
        for &f in &fields {
            let pages = page_count(site.field_models[f].len(), per);
            jobs.extend((1..=pages).map(|p| Job::Field(f, p)));
        }
        for y in BTreeSet::from([edit.old_year, model.year]) {
            let len = site.year_models.get(&y).map_or(0, Vec::len);
            if len > 0 || site.year_awards.contains_key(&y) {
                jobs.extend((1..=page_count(len, per)).map(|p| Job::Year(y, p)));
            }
        }
        for &a in awards {
            jobs.push(Job::Year(site.awards[a].years.1, 1));
            jobs.push(Job::Award(a));
        }

        let mut models: BTreeSet<usize> = BTreeSet::from([m]);
        // Of the models in its lists, those whose related models can
        // include it, before or after the edit.
        let now_in = if model.locality.is_empty() {
            Vec::new()
        } else {
            site.tree.lineage(site.model_node[m])
        };
        let was_in = match edit.old_node {
            Some(n) => site.tree.lineage(n),
            None => now_in.clone(),
        };
        for &n in &own {
            models.extend(
                site.node_models[n]
                    .iter()
                    .filter(|&&j| may_relate(site, j, &now_in, &was_in)),
            );
        }
        // Of its fields' models, those whose related models come from the
        // field's list too: too few others share their province.
        for &f in &fields {
            models.extend(site.field_models[f].iter().filter(|&&j| {
                site.models[j].locality.is_empty() || {
                    let province = site.tree.lineage(site.model_node[j])[0];
                    site.node_models[province].len() <= RELATED
                }
            }));
        }
        for &a in awards {
            models.extend(&site.award_models[a]);
        }
        jobs.extend(models.into_iter().map(Job::Model));
        jobs.sort_unstable();
        jobs.dedup();
        jobs
    }
}

/// Whether the related models of model `j` ([`crate::site::Site::related`])
/// can include the edited model, which is now in the lists of the nodes
/// `now_in` and was in those of `was_in`. They come from `j`'s own
/// locality up: the lists of its node and its parents, up to the first
/// that holds more than [`RELATED`] models (the lists nest, so that one
/// holds the others). So the edited model can be among them only when it
/// is in that list, before the edit or after; when no list of `j`'s is
/// that long, its field's list is read too, and it may be.
fn may_relate(site: &crate::site::Site, j: usize, now_in: &[usize], was_in: &[usize]) -> bool {
    let line = site.tree.lineage(site.model_node[j]);
    let now_len = |n: usize| site.node_models[n].len();
    // The edited model is in the lists of `now_in`: before, it was in
    // those of `was_in` instead.
    let was_len =
        |n: usize| now_len(n) + usize::from(was_in.contains(&n)) - usize::from(now_in.contains(&n));
    let reach =
        |len: &dyn Fn(usize) -> usize| line.iter().rev().copied().find(|&n| len(n) > RELATED);
    match (reach(&now_len), reach(&was_len)) {
        (Some(now), Some(was)) => now_in.contains(&now) || was_in.contains(&was),
        _ => true,
    }
}
