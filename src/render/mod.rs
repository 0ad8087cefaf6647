//! Rendering: view structs through Tera 2 templates into page bytes.
//!
//! Owns template loading (theme + site overrides), the UI strings, the list
//! of pages a site has (its routes), and turning each into HTML/XML. It
//! never touches the disk for output: every file goes through the
//! [`Sink`] that `output.rs` provides. Pages render in parallel; their
//! content does not depend on the order they are rendered in.

pub mod cards;
pub mod charts;
pub mod feed;
pub mod opendata;
pub mod paginate;
pub mod theme;
pub mod views;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tera::{Context, Tera, Value};

use crate::content::common::ImageSrc;
use crate::diag::Diagnostic;
use crate::site::Site;
use cards::{Urls, award_path, field_path, model_path, year_path};
use paginate::page_count;
use theme::{Asset, Theme};
use views::*;

/// Where rendered files go. Paths are relative to the output root, with `/`.
pub trait Sink: Sync {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
    fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic>;
}

/// What one build rendered.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    pub pages: usize,
    pub files: usize,
}

/// One page to render.
#[derive(Debug, Clone, Copy)]
enum Job {
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
    NotFound,
}

/// Everything needed to render any page of one site.
pub struct Renderer<'s> {
    site: &'s Site,
    tera: Tera,
    urls: Urls,
    strings: BTreeMap<String, String>,
    base: Context,
    cards: Vec<ModelCard>,
    card_values: Vec<Value>,
    award_cards: Vec<AwardCard>,
    award_values: Vec<Value>,
}

fn tera_error(template: &str, e: &tera::Error) -> Diagnostic {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(&format!(": {s}"));
        src = s.source();
    }
    Diagnostic::error(PathBuf::from(format!("templates/{template}")), msg)
        .help("fix the template, or delete your override to use the theme's own")
}

impl<'s> Renderer<'s> {
    pub fn new(site: &'s Site, theme: &Theme) -> Result<Renderer<'s>, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.add_raw_templates(
            theme
                .templates
                .iter()
                .map(|(n, s)| (n.as_str(), s.as_str())),
        )
        .map_err(|e| vec![tera_error("(loading)", &e)])?;
        for required in ["base.html", "index.html", "model.html"] {
            if !tera.contains_template(required) {
                return Err(vec![Diagnostic::error(
                    PathBuf::from("templates"),
                    format!("the theme has no `{required}`"),
                )]);
            }
        }
        let cfg = &site.config;
        let urls = Urls {
            root: cfg.root_path(),
            base: cfg.base_url.clone(),
        };
        let strings = theme.strings(&cfg.language).map_err(|d| vec![d])?;
        let cards: Vec<ModelCard> = (0..site.models.len())
            .into_par_iter()
            .map(|i| cards::model_card(site, &urls, i))
            .collect();
        let card_values = cards.par_iter().map(Value::from_serializable).collect();
        let award_cards: Vec<AwardCard> = (0..site.awards.len())
            .map(|i| cards::award_card(site, &urls, i))
            .collect();
        let award_values = award_cards.iter().map(Value::from_serializable).collect();
        let mut r = Renderer {
            site,
            tera,
            urls,
            strings,
            base: Context::new(),
            cards,
            card_values,
            award_cards,
            award_values,
        };
        let site_view = r.site_view();
        r.base.insert("site", &site_view);
        r.base.insert("t", &r.strings);
        Ok(r)
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
        let fields: Vec<FieldLink> = (0..cfg.fields.len())
            .map(|i| cards::field_link(site, u, i))
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
            counts: SiteCounts {
                models: site.models.len(),
                awards: site.awards.len(),
                localities: site.tree.nodes.len(),
                provinces: site.tree.roots.len(),
            },
        }
    }

    /// Every page of the site, in a fixed order (also the sitemap's order).
    fn jobs(&self) -> Vec<Job> {
        let site = self.site;
        let per = site.config.paginate;
        let mut jobs = vec![Job::Home];
        jobs.extend((1..=page_count(site.models.len(), per)).map(Job::Models));
        jobs.extend((0..site.models.len()).map(Job::Model));
        jobs.push(Job::Localities);
        for n in 0..site.tree.nodes.len() {
            jobs.extend(
                (1..=page_count(site.node_models[n].len(), per)).map(|p| Job::Locality(n, p)),
            );
        }
        jobs.push(Job::Fields);
        for f in 0..site.config.fields.len() {
            jobs.extend(
                (1..=page_count(site.field_models[f].len(), per)).map(|p| Job::Field(f, p)),
            );
        }
        jobs.push(Job::Years);
        let years: std::collections::BTreeSet<i32> = site
            .year_models
            .keys()
            .chain(site.year_awards.keys())
            .copied()
            .collect();
        for &y in years.iter().rev() {
            let n = site.year_models.get(&y).map_or(0, Vec::len);
            jobs.extend((1..=page_count(n, per)).map(|p| Job::Year(y, p)));
        }
        jobs.push(Job::Awards);
        jobs.extend((0..site.awards.len()).map(Job::Award));
        jobs.extend((0..site.pages.len()).map(Job::Page));
        jobs.push(Job::Stats);
        jobs.push(Job::Data);
        jobs.push(Job::NotFound);
        jobs
    }

    fn meta(
        &self,
        kind: &'static str,
        section: &'static str,
        title: String,
        description: String,
        path: &str,
    ) -> PageMeta {
        PageMeta {
            kind,
            title,
            description,
            url: self.urls.url(path),
            permalink: self.urls.permalink(path),
            section,
        }
    }

    fn items(&self, idx: &[usize]) -> Value {
        Value::from(
            idx.iter()
                .map(|&i| self.card_values[i].clone())
                .collect::<Vec<Value>>(),
        )
    }

    fn awards_value(&self, idx: &[usize]) -> Value {
        Value::from(
            idx.iter()
                .map(|&i| self.award_values[i].clone())
                .collect::<Vec<Value>>(),
        )
    }

    fn paged_title(&self, title: &str, page: usize) -> String {
        if page > 1 {
            format!("{title} – {} {page}", self.tr("page", "Trang"))
        } else {
            title.to_string()
        }
    }

    /// A listing page: `items` and `paginator` in the context.
    fn listing(&self, ctx: &mut Context, base: &str, idx: &[usize], page: usize) -> String {
        let p = paginate::page(&self.urls, base, idx, self.site.config.paginate, page);
        ctx.insert_value("items", self.items(p.items));
        ctx.insert("paginator", &p.paginator);
        p.path
    }

    /// Renders one page: (output site path, template, context).
    fn prepare(&self, job: Job) -> (String, &'static str, Context) {
        let site = self.site;
        let cfg = &site.config;
        let mut ctx = self.base.clone();
        let desc = cfg.description.clone();
        let (path, template, meta) = match job {
            Job::Home => {
                let latest: Vec<usize> = (0..site.models.len().min(cfg.home_latest)).collect();
                let featured: Vec<usize> = (0..site.models.len())
                    .filter(|&i| site.models[i].featured)
                    .take(6)
                    .collect();
                let provinces: Vec<CountLink> = site
                    .tree
                    .roots
                    .iter()
                    .map(|&n| CountLink {
                        name: site.tree.nodes[n].name.clone(),
                        url: self.urls.url(&site.tree.nodes[n].path),
                        count: site.node_models[n].len(),
                    })
                    .collect();
                let home = HomeView {
                    intro: site.home_intro.clone().unwrap_or_default(),
                    fields: (0..cfg.fields.len())
                        .map(|i| cards::field_link(site, &self.urls, i))
                        .collect(),
                    years: self.year_views(),
                    featured: featured.iter().map(|&i| self.cards[i].clone()).collect(),
                    latest: latest.iter().map(|&i| self.cards[i].clone()).collect(),
                    latest_awards: self.award_cards.iter().take(6).cloned().collect(),
                    provinces,
                };
                ctx.insert("home", &home);
                let mut small = charts::all(site, &self.chart_words(), "home-");
                small.truncate(2);
                ctx.insert("charts", &small);
                (
                    String::new(),
                    "index.html",
                    self.meta("home", "home", cfg.title.clone(), desc, ""),
                )
            }
            Job::Models(page) => {
                let all: Vec<usize> = (0..site.models.len()).collect();
                let path = self.listing(&mut ctx, "mo-hinh/", &all, page);
                let title = self.paged_title(&self.tr("title_models", "Tất cả mô hình"), page);
                (
                    path.clone(),
                    "models.html",
                    self.meta("models", "models", title, desc, &path),
                )
            }
            Job::Model(i) => {
                let m = &site.models[i];
                let view = cards::model_view(site, &self.urls, i, &self.cards, &self.award_cards);
                ctx.insert("model", &view);
                let path = model_path(&m.slug);
                (
                    path.clone(),
                    "model.html",
                    self.meta("model", "models", m.title.clone(), m.summary.clone(), &path),
                )
            }
            Job::Localities => {
                let tree: Vec<LocalityNodeView> =
                    site.tree.roots.iter().map(|&n| self.node_view(n)).collect();
                ctx.insert("tree", &tree);
                let title = self.tr("title_localities", "Địa bàn");
                (
                    "dia-ban/".to_string(),
                    "localities.html",
                    self.meta("localities", "localities", title, desc, "dia-ban/"),
                )
            }
            Job::Locality(n, page) => {
                let node = &site.tree.nodes[n];
                let view = self.locality_view(n);
                let path = self.listing(&mut ctx, &node.path, &site.node_models[n], page);
                let description = format!(
                    "{} – {} {}",
                    site.tree.display_path(n),
                    view.count,
                    self.tr("models_lower", "mô hình")
                );
                ctx.insert("locality", &view);
                let title = self.paged_title(&node.full_name, page);
                (
                    path.clone(),
                    "locality.html",
                    self.meta("locality", "localities", title, description, &path),
                )
            }
            Job::Fields => {
                let fields: Vec<FieldLink> = (0..cfg.fields.len())
                    .map(|i| cards::field_link(site, &self.urls, i))
                    .collect();
                ctx.insert("fields", &fields);
                let title = self.tr("title_fields", "Lĩnh vực");
                (
                    "linh-vuc/".to_string(),
                    "fields.html",
                    self.meta("fields", "fields", title, desc, "linh-vuc/"),
                )
            }
            Job::Field(f, page) => {
                let field = cards::field_link(site, &self.urls, f);
                let path = self.listing(
                    &mut ctx,
                    &field_path(&field.key),
                    &site.field_models[f],
                    page,
                );
                let title = self.paged_title(&field.name, page);
                ctx.insert("field", &field);
                (
                    path.clone(),
                    "field.html",
                    self.meta("field", "fields", title, desc, &path),
                )
            }
            Job::Years => {
                ctx.insert("years", &self.year_views());
                let title = self.tr("title_years", "Theo năm");
                (
                    "nam/".to_string(),
                    "years.html",
                    self.meta("years", "years", title, desc, "nam/"),
                )
            }
            Job::Year(y, page) => {
                let empty = Vec::new();
                let models = site.year_models.get(&y).unwrap_or(&empty);
                let path = self.listing(&mut ctx, &year_path(y), models, page);
                let awards = if page == 1 {
                    site.year_awards.get(&y).unwrap_or(&empty).as_slice()
                } else {
                    &[]
                };
                ctx.insert_value("awards", self.awards_value(awards));
                ctx.insert("year", &self.year_view(y));
                let title = self.paged_title(&format!("{} {y}", self.tr("year", "Năm")), page);
                (
                    path.clone(),
                    "year.html",
                    self.meta("year", "years", title, desc, &path),
                )
            }
            Job::Awards => {
                ctx.insert("groups", &self.award_groups());
                let title = self.tr("title_awards", "Khen thưởng");
                (
                    "khen-thuong/".to_string(),
                    "awards.html",
                    self.meta("awards", "awards", title, desc, "khen-thuong/"),
                )
            }
            Job::Award(i) => {
                let a = &site.awards[i];
                ctx.insert(
                    "award",
                    &cards::award_view(site, i, &self.cards, &self.award_cards),
                );
                let path = award_path(&a.slug);
                let description = format!("{} – {} – {}", a.kind_name(), a.issuer, a.year_label());
                (
                    path.clone(),
                    "award.html",
                    self.meta("award", "awards", a.title.clone(), description, &path),
                )
            }
            Job::Page(i) => {
                let p = &site.pages[i];
                ctx.insert(
                    "content",
                    &FreePageView {
                        title: p.title.clone(),
                        summary: p.summary.clone(),
                        content: p.content.clone(),
                    },
                );
                let path = format!("{}/", p.slug);
                let section: &'static str = "page";
                let description = p.summary.clone().unwrap_or(desc);
                (
                    path.clone(),
                    "page.html",
                    self.meta("page", section, p.title.clone(), description, &path),
                )
            }
            Job::Stats => {
                ctx.insert("charts", &charts::all(site, &self.chart_words(), ""));
                let title = self.tr("title_stats", "Thống kê");
                let description = self.tr("stats_intro", "Phong trào qua các con số, tính từ nội dung của trang.");
                (
                    "thong-ke/".to_string(),
                    "stats.html",
                    self.meta("stats", "stats", title, description, "thong-ke/"),
                )
            }
            Job::Data => {
                let files: Vec<DataFile> = [
                    ("mo-hinh.json", "JSON", "models"),
                    ("mo-hinh.csv", "CSV", "models"),
                    ("khen-thuong.json", "JSON", "awards"),
                    ("khen-thuong.csv", "CSV", "awards"),
                ]
                .into_iter()
                .map(|(name, format, about)| DataFile {
                    name: name.to_string(),
                    url: self.urls.url(&format!("du-lieu/{name}")),
                    format: format.to_string(),
                    about: about.to_string(),
                })
                .collect();
                ctx.insert("files", &files);
                ctx.insert("model_columns", &opendata::MODEL_COLUMNS);
                ctx.insert("award_columns", &opendata::AWARD_COLUMNS);
                let title = self.tr("title_data", "Dữ liệu mở");
                let description = self.tr("data_intro", "Toàn bộ mô hình và khen thưởng đã công bố, tải về dạng JSON và CSV.");
                (
                    "du-lieu/".to_string(),
                    "data.html",
                    self.meta("data", "data", title, description, "du-lieu/"),
                )
            }
            Job::NotFound => {
                let title = self.tr("title_404", "Không tìm thấy trang");
                (
                    "404.html".to_string(),
                    "404.html",
                    self.meta("404", "", title, desc, "404.html"),
                )
            }
        };
        ctx.insert("page", &meta);
        (path, template, ctx)
    }

    fn chart_words(&self) -> charts::Words<'_> {
        let w = |k: &str, d: &'static str| -> &str { self.strings.get(k).map(String::as_str).unwrap_or(d) };
        charts::Words {
            models: w("chart_models", "Số mô hình"),
            awards: w("chart_awards", "Số khen thưởng"),
            year: w("year", "Năm"),
            field: w("field", "Lĩnh vực"),
            province: w("chart_province", "Tỉnh, thành phố"),
            level: w("award_level", "Cấp khen thưởng"),
            recipient_kind: w("chart_recipient_kind", "Đối tượng được khen"),
            count: w("chart_count", "Số lượng"),
            total: w("chart_total", "Tổng"),
        }
    }

    fn year_view(&self, y: i32) -> YearView {
        YearView {
            year: y,
            url: self.urls.url(&year_path(y)),
            models: self.site.year_models.get(&y).map_or(0, Vec::len),
            awards: self.site.year_awards.get(&y).map_or(0, Vec::len),
        }
    }

    /// Every year with models or awards, newest first.
    fn year_views(&self) -> Vec<YearView> {
        let site = self.site;
        let years: std::collections::BTreeSet<i32> = site
            .year_models
            .keys()
            .chain(site.year_awards.keys())
            .copied()
            .collect();
        years.iter().rev().map(|&y| self.year_view(y)).collect()
    }

    fn node_view(&self, n: usize) -> LocalityNodeView {
        let node = &self.site.tree.nodes[n];
        LocalityNodeView {
            name: node.name.clone(),
            full_name: node.full_name.clone(),
            url: self.urls.url(&node.path),
            count: self.site.node_models[n].len(),
            children: node.children.iter().map(|&c| self.node_view(c)).collect(),
        }
    }

    fn locality_view(&self, n: usize) -> LocalityView {
        let site = self.site;
        let node = &site.tree.nodes[n];
        let models = &site.node_models[n];
        let mut by_field = vec![0usize; site.config.fields.len()];
        let mut by_year: BTreeMap<i32, usize> = BTreeMap::new();
        for &m in models {
            by_field[site.models[m].field] += 1;
            *by_year.entry(site.models[m].year).or_insert(0) += 1;
        }
        let mut crumbs = cards::locality_crumbs(site, &self.urls, n);
        crumbs.pop();
        LocalityView {
            name: node.name.clone(),
            full_name: node.full_name.clone(),
            level: node.depth,
            url: self.urls.url(&node.path),
            breadcrumb: crumbs,
            count: models.len(),
            children: node
                .children
                .iter()
                .map(|&c| CountLink {
                    name: site.tree.nodes[c].full_name.clone(),
                    url: self.urls.url(&site.tree.nodes[c].path),
                    count: site.node_models[c].len(),
                })
                .collect(),
            by_field: by_field
                .iter()
                .enumerate()
                .filter(|(_, c)| **c > 0)
                .map(|(f, &count)| CountLink {
                    name: site.config.fields[f].name.clone(),
                    url: self.urls.url(&field_path(&site.config.fields[f].key)),
                    count,
                })
                .collect(),
            by_year: by_year
                .iter()
                .rev()
                .map(|(&y, &count)| CountLink {
                    name: y.to_string(),
                    url: self.urls.url(&year_path(y)),
                    count,
                })
                .collect(),
            awards: site.node_awards[n]
                .iter()
                .map(|&a| self.award_cards[a].clone())
                .collect(),
        }
    }

    fn award_groups(&self) -> Vec<AwardYearGroup> {
        let mut groups: Vec<AwardYearGroup> = Vec::new();
        // Awards are sorted newest first, then by level, so groups form in one pass.
        for (i, card) in self.award_cards.iter().enumerate() {
            let level = self.site.awards[i].level;
            if groups.last().is_none_or(|g| g.year != card.year) {
                groups.push(AwardYearGroup {
                    year: card.year,
                    levels: Vec::new(),
                });
            }
            let Some(g) = groups.last_mut() else { continue };
            if g.levels
                .last()
                .is_none_or(|l| l.level.key != cards::named(level).key)
            {
                g.levels.push(AwardLevelGroup {
                    level: cards::named(level),
                    awards: Vec::new(),
                });
            }
            if let Some(l) = g.levels.last_mut() {
                l.awards.push(card.clone());
            }
        }
        groups
    }

    fn render_job(&self, job: Job) -> Result<(String, String), Diagnostic> {
        let (path, template, ctx) = self.prepare(job);
        let html = self
            .tera
            .render(template, &ctx)
            .map_err(|e| tera_error(template, &e))?;
        let file = if path.ends_with(".html") {
            path
        } else {
            format!("{path}index.html")
        };
        Ok((file, html))
    }

    /// Renders and writes every page, asset, bundle image, the feed, sitemap and robots.txt.
    pub fn render_all(&self, theme: &Theme, sink: &dyn Sink) -> Result<Stats, Vec<Diagnostic>> {
        let jobs = self.jobs();
        let errors: Vec<Diagnostic> = jobs
            .par_iter()
            .filter_map(|&job| {
                let (file, html) = match self.render_job(job) {
                    Ok(x) => x,
                    Err(d) => return Some(d),
                };
                sink.write(&file, html.as_bytes()).err()
            })
            .collect();
        if !errors.is_empty() {
            // One broken template gives the same error on every page: report it once.
            let mut errors = errors;
            errors.sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
            errors.dedup_by(|a, b| a.path == b.path && a.message == b.message);
            return Err(errors);
        }
        let mut files = jobs.len();
        let mut errs = Vec::new();
        let paths: Vec<String> = jobs
            .iter()
            .filter(|j| !matches!(j, Job::NotFound))
            .map(|&j| self.job_path(j))
            .collect();
        let mut extra = vec![
            ("feed.xml".to_string(), feed::atom(self.site, &self.urls)),
            (
                "sitemap.xml".to_string(),
                feed::sitemap(&self.urls, paths.iter().map(String::as_str)),
            ),
            ("robots.txt".to_string(), feed::robots(&self.urls)),
        ];
        match opendata::files(self.site, &self.urls) {
            Ok(data) => {
                for (path, bytes) in data {
                    files += 1;
                    if let Err(d) = sink.write(&path, &bytes) {
                        errs.push(d);
                    }
                }
            }
            Err(e) => errs.push(Diagnostic::error(PathBuf::from("du-lieu"), format!("cannot write open data: {e}"))),
        }
        for (path, text) in extra.drain(..) {
            files += 1;
            if let Err(d) = sink.write(&path, text.as_bytes()) {
                errs.push(d);
            }
        }
        for (path, asset) in &theme.assets {
            files += 1;
            let r = match asset {
                Asset::Embedded(b) => sink.write(path, b),
                Asset::File(p) => sink.copy(path, p),
            };
            if let Err(d) = r {
                errs.push(d);
            }
        }
        for m in &self.site.models {
            let Some(dir) = &m.bundle_dir else { continue };
            for img in &m.images {
                if let ImageSrc::Bundle(name) = &img.src {
                    files += 1;
                    if let Err(d) =
                        sink.copy(&format!("{}{name}", model_path(&m.slug)), &dir.join(name))
                    {
                        errs.push(d);
                    }
                }
            }
        }
        if errs.is_empty() {
            Ok(Stats {
                pages: jobs.len(),
                files,
            })
        } else {
            Err(errs)
        }
    }

    /// The site path of a page, without rendering it.
    fn job_path(&self, job: Job) -> String {
        let site = self.site;
        let per = |base: &str, n: usize| paginate::page_path(base, n);
        match job {
            Job::Home => String::new(),
            Job::Models(p) => per("mo-hinh/", p),
            Job::Model(i) => model_path(&site.models[i].slug),
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
            Job::NotFound => "404.html".into(),
        }
    }
}
