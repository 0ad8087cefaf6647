//! Rendering: view structs through Tera 2 templates into page bytes.
//!
//! Owns template loading (theme + site overrides), the UI strings, the list
//! of pages a site has (its routes), and turning each into HTML/XML. It
//! never touches the disk for output: every file goes through the
//! [`Sink`] that `output.rs` provides. Pages render in parallel; their
//! content does not depend on the order they are rendered in.

mod aliases;
pub mod cards;
pub mod charts;
mod compile;
mod datasets;
pub mod edit;
pub mod feed;
mod incremental;
mod jobs;
pub mod memo;
pub mod meta;
pub mod moved;
pub mod opendata;
pub mod pages;
pub mod paginate;
mod sink;
pub mod table;
pub mod theme;
pub mod views;

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Tera, Value};

use crate::diag::Diagnostic;
use crate::site::Site;
use cards::Urls;
use theme::{Asset, Theme};
use views::*;

pub use compile::Session;
use compile::{compile, tera_error};
use jobs::Job;
pub use sink::{Fill, Sink};

/// Prefix under which the theme's templates are registered (see `Renderer::new`).
const THEME_PREFIX: &str = "theme/";

/// What one build rendered.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    pub pages: usize,
    pub files: usize,
    /// A hash of everything the pages saw but model bodies ([`global`],
    /// every entry's hash and the photo table, see [`incremental`]): a
    /// later build from
    /// the same parse cache with the same state can differ only in the
    /// bodies of the models it read anew ([`Renderer::render_all`]'s
    /// `only`).
    pub state: u64,
    /// Whether only the pages of the models read anew were looked at (the
    /// others kept as the last build wrote them, see `state`).
    pub bodies_only: bool,
    /// Whether only the pages that can show the one model edited were
    /// looked at ([`Look::Edit`]).
    pub one_model: bool,
}

/// Which pages a build looks at; the others are kept as the last build
/// of the output wrote them ([`Sink::keep_as_was`]).
#[derive(Debug, Clone, Copy)]
pub enum Look<'a> {
    /// Every page (each fingerprinted, when the sink can keep pages).
    All,
    /// The pages of these models: nothing but their bodies changed since
    /// the last build (see [`Stats::state`]).
    Bodies(&'a std::collections::HashSet<usize>),
    /// The pages that can show one edited model ([`edit`]).
    Edit(&'a edit::Edit),
}

/// Per model, a hash of everything its card and the pages listing it show
/// (see `render/incremental.rs`).
pub fn model_hashes(site: &Site) -> Vec<u64> {
    incremental::model_hashes(site)
}

/// [`model_hashes`] of one model.
pub fn model_hash(site: &Site, i: usize) -> u64 {
    incremental::model_hash(site, i)
}

/// Everything needed to render any page of one site.
pub struct Renderer<'s> {
    site: &'s Site,
    tera: Arc<Tera>,
    urls: Urls,
    strings: BTreeMap<String, String>,
    base: Context,
    /// Every model's card, made when first shown ([`cards::Cards`]), and
    /// turned into template values per page, not kept as values: at
    /// 100,000 models those would take hundreds of megabytes.
    cards: cards::Cards<'s>,
    award_cards: Vec<AwardCard>,
    award_values: Vec<Value>,
    /// For model bodies, rendered with their pages.
    markdown: crate::markdown::Options,
    /// Hash of what every page sees; per model and per award, a hash of
    /// what their cards and pages show of them (see [`incremental`]).
    global: u64,
    model_hashes: Vec<u64>,
    award_hashes: Vec<u64>,
    /// [`Stats::state`].
    state: u64,
    /// Per locality node, the hash of its view, shared by all of its
    /// listing pages: made once, when the first of them is fingerprinted.
    locality_hashes: Vec<std::sync::OnceLock<u64>>,
    /// Every model in listing order (`/mo-hinh/`), made once: each of its
    /// thousands of pages takes a slice of it.
    all_models: Vec<usize>,
    /// The cards the templates rendered ([`memo`]).
    memo: Arc<memo::CardMemo>,
}

impl<'s> Renderer<'s> {
    pub fn new(site: &'s Site, theme: &Theme) -> Result<Renderer<'s>, Vec<Diagnostic>> {
        Self::make(site, theme, Some(None), true, None)
    }

    /// A renderer for its fingerprints alone ([`Renderer::state`],
    /// [`Renderer::shape`], [`Renderer::model_hashes`]), which renders
    /// nothing: its templates are not compiled nor the awards' cards made.
    /// A one-edit rebuild asks them of the site as it was before the edit.
    pub fn fingerprints_only(
        site: &'s Site,
        theme: &Theme,
    ) -> Result<Renderer<'s>, Vec<Diagnostic>> {
        Self::make(site, theme, Some(None), false, None)
    }

    /// A renderer for a page or two (`serve` after an edit that changed
    /// only one model's page): the pages' fingerprints are not computed.
    pub fn for_one_page(
        site: &'s Site,
        theme: &Theme,
        session: &Session,
    ) -> Result<Renderer<'s>, Vec<Diagnostic>> {
        Self::make(site, theme, None, true, Some(session))
    }

    /// A renderer given every model's hash ([`model_hashes`], kept by
    /// `serve` between edits, which is cheaper than hashing 100,000
    /// models again after each), in `serve`'s session if any.
    pub fn with_model_hashes(
        site: &'s Site,
        theme: &Theme,
        hashes: Vec<u64>,
        session: Option<&Session>,
    ) -> Result<Renderer<'s>, Vec<Diagnostic>> {
        Self::make(site, theme, Some(Some(hashes)), true, session)
    }

    /// The hash of each model this renderer fingerprints pages with.
    pub fn model_hashes(&self) -> &[u64] {
        &self.model_hashes
    }

    /// `hashes`: no fingerprints (`None`), or fingerprints from the given
    /// model hashes or, without them, hashes made here. Without `render`,
    /// nothing only rendering needs is made.
    fn make(
        site: &'s Site,
        theme: &Theme,
        hashes: Option<Option<Vec<u64>>>,
        render: bool,
        session: Option<&Session>,
    ) -> Result<Renderer<'s>, Vec<Diagnostic>> {
        let named: Vec<(String, &str)> = theme
            .templates
            .iter()
            .map(|(n, s)| (format!("{THEME_PREFIX}{n}"), s.as_str()))
            .chain(theme.overrides.iter().map(|(n, s)| (n.clone(), s.as_str())))
            .collect();
        let cfg = &site.config;
        let urls = Urls {
            root: cfg.root_path(),
            base: cfg.base_url.clone(),
        };
        // The templates compile on one core while the awards' cards are
        // made on the other: after an edit in `kheo serve`, making the
        // renderer of a national site is a good part of the time to reload.
        let (compiled, (award_cards, award_values)) = rayon::join(
            || {
                if render {
                    compile(&named, session)
                } else {
                    Ok((Arc::new(Tera::new()), Arc::default()))
                }
            },
            || {
                if !render {
                    return (Vec::new(), Vec::new());
                }
                let cards: Vec<AwardCard> = (0..site.awards.len())
                    .into_par_iter()
                    .map(|i| cards::award_card(site, &urls, i))
                    .collect();
                let values: Vec<Value> = cards.par_iter().map(Value::from_serializable).collect();
                (cards, values)
            },
        );
        let (tera, memo) = compiled?;
        let strings = theme.strings(&cfg.language).map_err(|d| vec![d])?;
        let cards = cards::Cards::new(site, &urls);
        let mut r = Renderer {
            site,
            tera,
            urls,
            strings,
            base: Context::new(),
            cards,
            award_cards,
            award_values,
            markdown: cfg.markdown_options(),
            global: 0,
            model_hashes: Vec::new(),
            award_hashes: Vec::new(),
            state: 0,
            locality_hashes: Vec::new(),
            all_models: (0..site.models.len()).collect(),
            memo,
        };
        let site_view = r.site_view();
        r.base.insert("site", &site_view);
        r.base.insert("t", &r.strings);
        if let Some(given) = hashes {
            let every = incremental::global(&named, &r.strings, site);
            let mut h = incremental::HashWriter::new(every);
            h.value("site", &site_view);
            r.global = std::hash::Hasher::finish(&h.0);
            r.model_hashes = given.unwrap_or_else(|| model_hashes(site));
            if render {
                // Not the global hash: the site-wide values (counts) are
                // on no card, and a model added must not make every
                // card's key another.
                r.cards.set_keys(cards::card_keys(every, &r.model_hashes));
                r.memo.trim(site.models.len());
            }
            r.award_hashes = incremental::award_hashes(site, &r.model_hashes);
            r.state = {
                use std::hash::{Hash, Hasher};
                let mut h = std::collections::hash_map::DefaultHasher::new();
                // The photos too: bodies show them, and a photo replaced
                // under its name reads no entry anew.
                let photos = site.images.digest;
                (r.global, &r.model_hashes, &r.award_hashes, photos).hash(&mut h);
                h.finish().max(1)
            };
            r.locality_hashes = (0..site.tree.nodes.len())
                .map(|_| std::sync::OnceLock::new())
                .collect();
        }
        Ok(r)
    }

    /// [`Stats::state`] of this renderer's site (0 without fingerprints).
    pub fn state(&self) -> u64 {
        self.state
    }

    /// A UI string, with a Vietnamese default when the theme lacks the key.
    fn tr(&self, key: &str, default: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| default.to_string())
    }

    fn site_view(&self) -> SiteView {
        let site = self.site;
        let cfg = &site.config;
        let u = &self.urls;
        let fields: Vec<NavLink> = (0..cfg.fields.len())
            .map(|i| {
                let FieldLink { key, name, url, .. } = cards::field_link(site, u, i);
                NavLink { key, name, url }
            })
            .collect();
        let pages: Vec<NavLink> = site
            .pages
            .iter()
            .map(|p| NavLink {
                key: p.slug.clone(),
                name: p.title.clone(),
                url: u.url(&format!("{}/", p.slug)),
            })
            .collect();
        let nav = vec![
            NavLink {
                key: "home".into(),
                name: self.tr("home", "Trang chủ"),
                url: u.url(""),
            },
            NavLink {
                key: "models".into(),
                name: self.tr("models", "Mô hình"),
                url: u.url("mo-hinh/"),
            },
            NavLink {
                key: "localities".into(),
                name: self.tr("localities", "Địa bàn"),
                url: u.url("dia-ban/"),
            },
            NavLink {
                key: "fields".into(),
                name: self.tr("fields", "Lĩnh vực"),
                url: u.url("linh-vuc/"),
            },
            NavLink {
                key: "years".into(),
                name: self.tr("years", "Năm"),
                url: u.url("nam/"),
            },
            NavLink {
                key: "awards".into(),
                name: self.tr("awards", "Khen thưởng"),
                url: u.url("khen-thuong/"),
            },
            NavLink {
                key: "stats".into(),
                name: self.tr("stats", "Thống kê"),
                url: u.url("thong-ke/"),
            },
            NavLink {
                key: "data".into(),
                name: self.tr("data", "Dữ liệu mở"),
                url: u.url("du-lieu/"),
            },
        ];
        SiteView {
            title: cfg.title.clone(),
            description: cfg.description.clone(),
            base_url: cfg.base_url.clone(),
            root: u.root.clone(),
            language: cfg.language.clone(),
            fields,
            nav,
            pages,
            feed_url: u.url("feed.xml"),
            manifest_url: u.url("manifest.webmanifest"),
            search: cfg.search,
        }
    }

    /// How many models, awards, localities and provinces the site has:
    /// on the home and localities pages.
    fn counts(&self) -> SiteCounts {
        let site = self.site;
        SiteCounts {
            models: site.models.len(),
            awards: site.awards.len(),
            localities: site.tree.nodes.len(),
            provinces: site.tree.roots.len(),
        }
    }

    /// Renders one model's page alone: (output path, HTML). For `serve`,
    /// when an edit changed nothing a listing shows.
    pub fn render_model(&self, i: usize) -> Result<(String, Vec<u8>), Diagnostic> {
        let mut html = Vec::new();
        let file = self.render_job(Job::Model(i), &mut html)?;
        Ok((file, html))
    }

    /// Renders one award's page alone: (output path, HTML). For the
    /// editor's preview.
    pub fn render_award(&self, i: usize) -> Result<(String, Vec<u8>), Diagnostic> {
        let mut html = Vec::new();
        let file = self.render_job(Job::Award(i), &mut html)?;
        Ok((file, html))
    }

    /// Renders `job` into `html` (cleared first); returns the output file.
    /// Into bytes, not a `String`: Tera's `render` checks that every page
    /// it wrote is UTF-8, a pass over every page of the site, for text that
    /// is UTF-8 by construction and is written out as bytes anyway.
    fn render_job(&self, job: Job, html: &mut Vec<u8>) -> Result<String, Diagnostic> {
        let (path, template, ctx) = self.prepare(job, false)?;
        let incremental::PageCtx::Render(ctx) = ctx else {
            return Err(tera_error(template, &tera::Error::message("no context")));
        };
        html.clear();
        self.tera
            .render_to(template, &ctx, &mut *html)
            .map_err(|e| tera_error(template, &e))?;
        Ok(if path.ends_with(".html") {
            path
        } else {
            format!("{path}index.html")
        })
    }

    /// Renders and writes every page, asset, bundle image, the feed, sitemap
    /// and robots.txt, then calls `pages_done` (`kheo serve` shows the
    /// pages then), then writes the open data. The pages `look` leaves out
    /// are kept as the last build of the output wrote them, without being
    /// fingerprinted.
    pub fn render_all(
        &self,
        theme: &Theme,
        sink: &dyn Sink,
        look: Look<'_>,
        progress: &crate::progress::Progress,
        pages_done: &mut dyn FnMut(),
    ) -> Result<Stats, Vec<Diagnostic>> {
        let jobs = self.jobs();
        progress.start(crate::progress::Stage::Rendering, jobs.len());
        let t = crate::progress::trace::span("render: pages");
        match look {
            Look::All => self.render_jobs(&jobs, sink, None, progress)?,
            Look::Bodies(models) => {
                let looks = |job: Job| matches!(job, Job::Model(i) if models.contains(&i));
                self.render_jobs(&jobs, sink, Some(&looks), progress)?
            }
            Look::Edit(edit) => {
                let edited: std::collections::HashSet<Job> =
                    self.edited_jobs(edit).into_iter().collect();
                let looks = |job: Job| edited.contains(&job);
                self.render_jobs(&jobs, sink, Some(&looks), progress)?
            }
        }
        drop(t);
        let _t = crate::progress::trace::span("render: feed, sitemap, open data, assets");
        let mut files = jobs.len();
        let mut errs = Vec::new();
        let mut extra = vec![
            ("feed.xml".to_string(), feed::atom(self.site, &self.urls)),
            ("robots.txt".to_string(), feed::robots(&self.urls)),
            (
                "manifest.webmanifest".to_string(),
                meta::manifest(self.site, &self.urls),
            ),
        ];
        // The sitemap lists the URLs of the pages, so it stays as it was
        // when the set of pages did: after a body edit, or an edit that
        // changed no page's URL (a national site's sitemap is 11 MB).
        let same_pages = match look {
            Look::All => false,
            Look::Bodies(_) => true,
            Look::Edit(edit) => !edit.moved && edit.change == edit::Change::Kept,
        };
        if same_pages && sink.keep_as_was("sitemap.xml") {
            // The same pages: as many files of the index as last time.
            files += 1;
            let mut k = 1;
            while sink.keep_as_was(&format!("sitemap-{k}.xml")) {
                files += 1;
                k += 1;
            }
        } else {
            extra.extend(self.sitemaps(&jobs));
        }
        // Redirects from the entries' `aliases:` (in no sitemap).
        for (path, target) in aliases::redirects(self.site, &self.urls) {
            extra.push((path, aliases::page(&target)));
        }
        for (path, text) in extra.drain(..) {
            files += 1;
            if let Err(d) = sink.write(&path, text.as_bytes()) {
                errs.push(d);
            }
        }
        for (path, asset) in &theme.assets {
            if self.site.images.hides_asset(path) {
                continue;
            }
            files += 1;
            let r = match asset {
                Asset::Embedded(b) => sink.write(path, b),
                Asset::File(p) => sink.copy(path, p),
            };
            if let Err(d) = r {
                errs.push(d);
            }
        }
        files += self.site.images.publish(self.site, sink, &mut errs);
        if errs.is_empty() {
            pages_done();
        }
        files += {
            let _t = crate::progress::trace::span("render: open data");
            self.write_data(sink, &mut errs)
        };
        if errs.is_empty() {
            Ok(Stats {
                pages: jobs.len(),
                files,
                state: self.state,
                bodies_only: matches!(look, Look::Bodies(_)),
                one_model: matches!(look, Look::Edit(_)),
            })
        } else {
            Err(errs)
        }
    }

    /// Renders `jobs` into `sink`: each page whose fingerprint the sink
    /// does not keep; with `looks`, the pages it does not look at are
    /// kept as they were (when the sink has them).
    fn render_jobs(
        &self,
        jobs: &[Job],
        sink: &dyn Sink,
        looks: Option<&(dyn Fn(Job) -> bool + Sync)>,
        progress: &crate::progress::Progress,
    ) -> Result<(), Vec<Diagnostic>> {
        let fingerprints = sink.wants_fingerprints() && !self.model_hashes.is_empty();
        // The pages not looked at are kept in one go, and those the sink
        // cannot keep are rendered as the others.
        let todo: Vec<Job>;
        let jobs = match looks {
            Some(looks) => {
                let _t = crate::progress::trace::span("render: keep the pages not looked at");
                let (looked, rest): (Vec<Job>, Vec<Job>) =
                    jobs.par_iter().partition(|&&job| looks(job));
                let files: Vec<String> = rest.par_iter().map(|&job| self.job_file(job)).collect();
                let missing = sink.keep_all_as_was(files);
                progress.advance(rest.len() - missing.len());
                todo = looked
                    .into_iter()
                    .chain(missing.into_iter().map(|i| rest[i]))
                    .collect();
                &todo[..]
            }
            None => jobs,
        };
        let rendered = std::sync::atomic::AtomicUsize::new(0);
        let errors: Vec<Diagnostic> = jobs
            .par_iter()
            // One buffer per worker, grown to the largest page once.
            .map_init(Vec::new, |html, &job| {
                progress.tick();
                let fp = if fingerprints {
                    self.fingerprint(job)
                } else {
                    0
                };
                if fp != 0 && sink.keep(&self.job_file(job), fp) {
                    return None;
                }
                rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                match self.render_job(job, html) {
                    Ok(file) => sink.write_page(&file, html, fp).err(),
                    Err(d) => Some(d),
                }
            })
            .flatten()
            .collect();
        crate::progress::trace::note(|| {
            format!(
                "pages looked at: {}, rendered: {}",
                jobs.len(),
                rendered.load(std::sync::atomic::Ordering::Relaxed),
            )
        });
        if errors.is_empty() {
            return Ok(());
        }
        // One broken template gives the same error on every page: report it once.
        let mut errors = errors;
        errors.sort_by(|a, b| (&a.path, &a.msg).cmp(&(&b.path, &b.msg)));
        errors.dedup_by(|a, b| a.path == b.path && a.msg == b.msg);
        Err(errors)
    }
}
