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
//! A model added or removed ([`Change`]) is such an edit too: its own
//! page comes or goes, every page of `/mo-hinh/` shows another count (and
//! those from its place on shift by one), and each list it is in may gain
//! or lose its last page.
//!
//! The edit must leave the set of pages as it was ([`Renderer::shape`]):
//! the same pages, though the edited model's may have another URL
//! ([`Edit::moved`]), or but for those a model added or removed brings or
//! takes ([`Renderer::shape_before`]); `build` and `serve` check that,
//! and build the usual way otherwise.
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
    /// Whether the model is new, or gone, or neither.
    pub change: Change,
}

/// What an [`Edit`] did to the set of models.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A model edited: the same models.
    Kept,
    /// A model added, at `now` (`was` is the same; its year and field
    /// are `old_year` and `old_field`).
    Added,
    /// A model removed from `was` (`now` is the same): it was in the node
    /// `old_node`, of `old_field` and `old_year`. Its page and every page
    /// past the end of a list it was in are gone: the caller removes
    /// them ([`Renderer::gone_files`]).
    Removed,
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
    /// Whether the model's page moved ([`Edit::moved`]), or is new or
    /// gone: the sitemap is written again with the last part.
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

/// Whether model `m` of `site` may be added or removed the one-model way:
/// without photos (published beside its page) or `aliases:` (redirects
/// of their own), named by no award, and in a node that another model
/// keeps in the tree, named alike ([`crate::site::Site::node_kept_without`]).
pub fn may_come_or_go(site: &crate::site::Site, m: usize) -> bool {
    let model = &site.models[m];
    model.images.is_empty()
        && model.bundle_dir.is_none()
        && model.aliases.is_empty()
        && site.model_awards[m].is_empty()
        && site.node_kept_without(m)
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

    /// [`Renderer::shape`] of the site before `edit`, told from the site
    /// after it: equal to the shape before when the edit changed the set
    /// of pages only as adding or removing one model does (its page, and
    /// a page more or less at the end of the lists it is in) and nothing
    /// that every page shows.
    pub fn shape_before(&self, edit: &Edit) -> u64 {
        let (sign, model) = match edit.change {
            Change::Kept => return self.shape(),
            Change::Added => (-1, Some(edit.now)),
            Change::Removed => (1, None),
        };
        let site = self.site;
        let node = model.map_or(edit.old_node, |m| {
            (!site.models[m].locality.is_empty()).then(|| site.model_node[m])
        });
        let one = super::jobs::OneModel {
            sign,
            nodes: node.map(|n| site.tree.lineage(n)).unwrap_or_default(),
            field: model.map_or(edit.old_field, |m| site.models[m].field),
            year: model.map_or(edit.old_year, |m| site.models[m].year),
        };
        let mut h = DefaultHasher::new();
        (self.global, self.jobs_as(Some(&one))).hash(&mut h);
        h.finish()
    }

    /// How many numbered files the sitemap has (`sitemap-1.xml`…; none
    /// when `sitemap.xml` lists every page).
    pub fn sitemap_parts(&self) -> usize {
        // Every page but the 404 page.
        let pages = self.jobs().len() - 1;
        if pages <= feed::SITEMAP_MAX_URLS {
            0
        } else {
            pages.div_ceil(feed::SITEMAP_MAX_URLS)
        }
    }

    /// After a model was removed ([`Change::Removed`]) from the URL
    /// `url`: the files of the pages it leaves behind, its own and the
    /// last page of each list that is a page shorter now.
    pub fn gone_files(&self, edit: &Edit, url: &str) -> Vec<String> {
        let site = self.site;
        let per = site.config.paginate.max(1);
        let shorter =
            |len: usize| (page_count(len + 1, per) > page_count(len, per)).then_some(len / per + 1);
        let mut jobs = Vec::new();
        jobs.extend(shorter(site.models.len()).map(Job::Models));
        for n in edit
            .old_node
            .map(|n| site.tree.lineage(n))
            .unwrap_or_default()
        {
            jobs.extend(shorter(site.node_models[n].len()).map(|p| Job::Locality(n, p)));
        }
        let f = edit.old_field;
        jobs.extend(shorter(site.field_models[f].len()).map(|p| Job::Field(f, p)));
        let y = edit.old_year;
        match site.year_models.get(&y).map_or(0, Vec::len) {
            // The year's one model: its page is gone unless awards keep it.
            0 if !site.year_awards.contains_key(&y) => jobs.push(Job::Year(y, 1)),
            len => jobs.extend(shorter(len).map(|p| Job::Year(y, p))),
        }
        let mut files: Vec<String> = jobs.into_iter().map(|j| self.job_file(j)).collect();
        files.push(model_file(url));
        files
    }

    /// The pages that can show the edited model, those open in
    /// a browser first: `shown` holds the files of the site the browsers
    /// connected to `kheo serve` show (`mo-hinh/x/index.html`). A field
    /// move on a national site renders a thousand listing pages; a browser
    /// showing one of them, or the model's page, gets it without waiting
    /// for the rest (as Hugo's "fast render" does).
    pub fn edit_pages(&self, edit: &Edit, shown: &std::collections::HashSet<String>) -> EditPages {
        let moved = edit.moved || edit.change != Change::Kept;
        let jobs = self.edited_jobs(edit);
        let (first, later): (Vec<Job>, Vec<Job>) = jobs
            .into_iter()
            .partition(|&j| shown.contains(&self.job_file(j)));
        if first.is_empty() {
            return EditPages {
                first: later,
                later: Vec::new(),
                later_files: Default::default(),
                moved,
            };
        }
        let later_files = later.iter().map(|&j| self.job_file(j)).collect();
        EditPages {
            first,
            later,
            later_files,
            moved,
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
    /// ([`Edit::moved`]), added or removed one: a file of it past the
    /// new count stays ([`Renderer::sitemap_parts`]).
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
        // The model as it is now: none when it was removed.
        let here = (edit.change != Change::Removed).then_some(edit.now);
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
        // A model added or removed changes the count every page of the
        // listing shows ("1–50 of N").
        let (first, last) = match edit.change {
            Change::Kept => (lo / per + 1, hi / per + 1),
            _ => (1, page_count(site.models.len(), per)),
        };
        jobs.extend((first..=last).map(Job::Models));

        let awards: &[usize] = here.map_or(&[], |m| &site.model_awards[m]);
        // The lists of nodes it is in now, and was in before the edit.
        let now_in: Vec<usize> = match here {
            Some(m) if !site.models[m].locality.is_empty() => site.tree.lineage(site.model_node[m]),
            _ => Vec::new(),
        };
        let was_in: Vec<usize> = match (edit.change, edit.old_node) {
            (Change::Added, _) => Vec::new(),
            (_, Some(n)) => site.tree.lineage(n),
            (_, None) => now_in.clone(),
        };
        let own: Vec<usize> = BTreeSet::from_iter(now_in.iter().chain(&was_in).copied())
            .into_iter()
            .collect();
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
        let fields = BTreeSet::from_iter(
            [Some(edit.old_field), here.map(|m| site.models[m].field)]
                .into_iter()
                .flatten(),
        );
        for &f in &fields {
            let pages = page_count(site.field_models[f].len(), per);
            jobs.extend((1..=pages).map(|p| Job::Field(f, p)));
        }
        let years = BTreeSet::from_iter(
            [Some(edit.old_year), here.map(|m| site.models[m].year)]
                .into_iter()
                .flatten(),
        );
        for y in years {
            let len = site.year_models.get(&y).map_or(0, Vec::len);
            if len > 0 || site.year_awards.contains_key(&y) {
                jobs.extend((1..=page_count(len, per)).map(|p| Job::Year(y, p)));
            }
        }
        for &a in awards {
            jobs.push(Job::Year(site.awards[a].years.1, 1));
            jobs.push(Job::Award(a));
        }

        let mut models: BTreeSet<usize> = here.into_iter().collect();
        // Of the models in its lists, those whose related models can
        // include it, before or after the edit.
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
