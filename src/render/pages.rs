//! The pages of a site: for each kind of page, its template, its path and
//! the values it sees (`prepare`), plus the views shared by several pages.
//! Split from `render/mod.rs`, which owns loading, the job list and writing.

use std::collections::BTreeMap;

use super::cards::{self, award_path, field_path, model_path, year_path};
use super::incremental::{HashWriter, PageCtx};
use super::views::*;
use super::{Job, Renderer, charts, opendata, paginate};

impl<'s> Renderer<'s> {
    fn meta(
        &self,
        kind: &'static str,
        section: &str,
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
            section: section.to_string(),
            og_type: "website",
            image: None,
            jsonld: String::new(),
            trail: Vec::new(),
        }
    }

    fn paged_title(&self, title: &str, page: usize) -> String {
        if page > 1 {
            format!("{title} – {} {page}", self.tr("page", "Trang"))
        } else {
            title.to_string()
        }
    }

    /// A listing page: `items` and `paginator` in the context.
    fn listing(&self, ctx: &mut PageCtx, base: &str, idx: &[usize], page: usize) -> String {
        let p = paginate::page(&self.urls, base, idx, self.site.config.paginate, page);
        ctx.insert_models(self, "items", p.items);
        ctx.insert("paginator", &p.paginator);
        p.path
    }

    /// Prepares one page: (output site path, template, context). With
    /// `hash`, the context is only hashed: the page's fingerprint (see
    /// [`super::incremental`]).
    pub(super) fn prepare(
        &self,
        job: Job,
        hash: bool,
    ) -> Result<(String, &'static str, PageCtx), crate::diag::Diagnostic> {
        let site = self.site;
        let cfg = &site.config;
        let mut ctx = if hash {
            PageCtx::Hash(HashWriter::new(self.global))
        } else {
            PageCtx::Render(self.base.clone())
        };
        let desc = cfg.description.clone();
        let (path, template, mut meta) = match job {
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
                    featured: featured.iter().map(|&i| self.card(i, hash)).collect(),
                    latest: latest.iter().map(|&i| self.card(i, hash)).collect(),
                    latest_awards: self.award_cards.iter().take(6).cloned().collect(),
                    provinces,
                    counts: self.counts(),
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
                let path = self.listing(&mut ctx, "mo-hinh/", &self.all_models, page);
                let title = self.paged_title(&self.tr("title_models", "Tất cả mô hình"), page);
                (
                    path.clone(),
                    "models.html",
                    self.meta("models", "models", title, desc, &path),
                )
            }
            Job::Model(i) => {
                let m = &site.models[i];
                let bundle = m.bundle_dir.as_deref();
                // Without a `summary:`, the summary is the body's first
                // paragraph: shown once, in the body, not again above it.
                let (content, lead) = if hash {
                    // The photos its body may show are part of its page.
                    let photos = site.images.body_digest(bundle);
                    (format!("{} {photos}", m.body_hash), true)
                } else {
                    let page = model_path(&m.url);
                    let pictures = |dest: &str, alt: &str| {
                        site.images
                            .body_picture(bundle, &page, dest, alt, |p| self.urls.url(p))
                    };
                    let body = m.body_rendered(&self.markdown, Some(&pictures))?;
                    let lead = body.first_paragraph != m.summary;
                    (body.html, lead)
                };
                let card = |m| self.card(m, hash);
                let mut view =
                    cards::model_view(site, &self.urls, i, card, &self.award_cards, content);
                view.lead = lead;
                ctx.insert("model", &view);
                let path = model_path(&m.url);
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
                ctx.insert("counts", &self.counts());
                let title = self.tr("title_localities", "Địa bàn");
                (
                    "dia-ban/".to_string(),
                    "localities.html",
                    self.meta("localities", "localities", title, desc, "dia-ban/"),
                )
            }
            Job::Locality(n, page) => {
                let node = &site.tree.nodes[n];
                let path = self.listing(&mut ctx, &node.path, &site.node_models[n], page);
                let description = format!(
                    "{} – {} {}",
                    site.tree.display_path(n),
                    site.node_models[n].len(),
                    self.tr("models_lower", "mô hình")
                );
                ctx.insert_shared("locality", self.locality_hashes.get(n), || {
                    self.locality_view(n, hash)
                });
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
                ctx.insert_awards(self, "awards", awards);
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
                    &cards::award_view(
                        site,
                        &self.urls,
                        i,
                        |m| self.card(m, hash),
                        &self.award_cards,
                    ),
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
                let path = format!("{}/", p.slug);
                // Its images are beside its file, as a bundle's are.
                let dir = p.path.parent();
                let content = if hash {
                    // The photos it may show are part of it.
                    format!("{} {}", site.images.body_digest(dir), p.content)
                } else {
                    let pictures = |dest: &str, alt: &str| {
                        site.images
                            .body_picture(dir, &path, dest, alt, |x| self.urls.url(x))
                    };
                    crate::markdown::render_with(&p.body, &self.markdown, Some(&pictures)).html
                };
                ctx.insert(
                    "content",
                    &FreePageView {
                        title: p.title.clone(),
                        summary: p.summary.clone(),
                        content,
                    },
                );
                let section = p.slug.as_str();
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
                let description = self.tr(
                    "stats_intro",
                    "Phong trào qua các con số, tính từ nội dung của trang.",
                );
                (
                    "thong-ke/".to_string(),
                    "stats.html",
                    self.meta("stats", "stats", title, description, "thong-ke/"),
                )
            }
            Job::Data => {
                use super::datasets as ds;
                let file = |path: &str, format: &str, about: &str| DataFile {
                    name: path.trim_start_matches("du-lieu/").to_string(),
                    url: self.urls.url(path),
                    format: format.to_string(),
                    about: about.to_string(),
                };
                let files = vec![
                    file(ds::CSV_ZIP, "CSV (zip)", "models"),
                    file(ds::JSON_ZIP, "JSON (zip)", "models"),
                    file(ds::AWARDS_CSV, "CSV", "awards"),
                    file(ds::AWARDS_JSON, "JSON", "awards"),
                ];
                let provinces: Vec<DataGroup> = ds::groups(self.site)
                    .iter()
                    .map(|g| {
                        let (csv, _) = ds::group_paths(g);
                        DataGroup {
                            name: g.node.map(|n| self.site.tree.nodes[n].full_name.clone()),
                            count: g.models.len(),
                            csv: file(&csv, "CSV", "models"),
                        }
                    })
                    .collect();
                ctx.insert("provinces", &provinces);
                ctx.insert("files", &files);
                ctx.insert("model_columns", &opendata::MODEL_COLUMNS);
                ctx.insert("award_columns", &opendata::AWARD_COLUMNS);
                let title = self.tr("title_data", "Dữ liệu mở");
                let description = self.tr(
                    "data_intro",
                    "Toàn bộ mô hình và khen thưởng đã công bố, tải về dạng JSON và CSV.",
                );
                (
                    "du-lieu/".to_string(),
                    "data.html",
                    self.meta("data", "data", title, description, "du-lieu/"),
                )
            }
            Job::Search => {
                let title = self.tr("title_search", "Tìm kiếm");
                let description = self.tr(
                    "search_intro",
                    "Tìm mô hình, khen thưởng theo tên, địa bàn, lĩnh vực và năm; gõ có dấu hay không dấu đều được.",
                );
                (
                    "tim-kiem/".to_string(),
                    "search.html",
                    self.meta("search", "search", title, description, "tim-kiem/"),
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
        // `decorate` adds what is derived from values already hashed (trail,
        // JSON-LD, image): a fingerprint need not pay for it.
        if !hash {
            self.decorate(job, &mut meta);
        }
        ctx.insert("page", &meta);
        Ok((path, template, ctx))
    }

    /// Model `i`'s card in a view: see [`ModelCard`].
    fn card(&self, i: usize, hash: bool) -> ModelCard {
        if hash {
            ModelCard::Hash(self.model_hashes[i])
        } else {
            ModelCard::Value(self.cards.value(i))
        }
    }

    fn chart_words(&self) -> charts::Words<'_> {
        let w = |k: &str, d: &'static str| -> &str {
            self.strings.get(k).map(String::as_str).unwrap_or(d)
        };
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

    /// The units a district or commune became at the reform, or (after
    /// it) the units it came from, whose models its page lists too.
    /// Provinces keep their page across the reform: none for them.
    pub(super) fn across_reform(
        &self,
        n: usize,
    ) -> (
        Vec<crate::locality::registry::UnitId>,
        Vec<crate::locality::registry::UnitId>,
    ) {
        let node = &self.site.tree.nodes[n];
        let reg = crate::locality::registry::registry();
        match node.units.last().copied() {
            Some(u) if node.depth > 1 => match reg.unit(u).structure {
                crate::locality::registry::Structure::Post2025 => (Vec::new(), reg.predecessors(u)),
                _ => (reg.successors(u), Vec::new()),
            },
            _ => (Vec::new(), Vec::new()),
        }
    }

    fn locality_view(&self, n: usize, hash: bool) -> LocalityView {
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
        let reg = crate::locality::registry::registry();
        let tree = &site.tree;
        let link = |u: crate::locality::registry::UnitId| {
            let node = tree.by_unit.get(&u).copied();
            UnitLink {
                name: reg.full_name(u),
                url: node.map(|x| self.urls.url(&tree.nodes[x].path)),
                count: node.map_or(0, |x| site.node_models[x].len()),
            }
        };
        let unit = node.units.last().copied();
        let structure = match unit.map(|u| reg.unit(u).structure) {
            Some(crate::locality::registry::Structure::Post2025) => "post2025",
            Some(crate::locality::registry::Structure::Pre2025) => "pre2025",
            Some(crate::locality::registry::Structure::Old) => "old",
            None => "",
        };
        let (became, came_from_units) = self.across_reform(n);
        let became: Vec<UnitLink> = became.into_iter().map(link).collect();
        let mut from_models: Vec<usize> = came_from_units
            .iter()
            .filter_map(|u| tree.by_unit.get(u))
            .flat_map(|&x| site.node_models[x].iter().copied())
            .collect();
        let came_from: Vec<UnitLink> = came_from_units.into_iter().map(link).collect();
        from_models.sort_unstable();
        from_models.dedup();
        from_models.truncate(site.config.paginate);
        LocalityView {
            name: node.name.clone(),
            full_name: node.full_name.clone(),
            canonical_name: tree.canonical_name(n),
            kind: node.kind.clone(),
            structure,
            became,
            came_from,
            came_from_models: from_models.iter().map(|&m| self.card(m, hash)).collect(),
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
                    url: card.year_url.clone(),
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
}
