//! The site's indexes, built once from loaded content in a fixed order:
//! models newest first, the locality tree with each node's whole subtree,
//! fields, years, awards ⇄ models. Also the route table that rejects two
//! entries on one URL. Nothing here renders or writes.

mod change;
mod order;
mod places;
mod refs;
mod routes;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::config::SiteConfig;
use crate::content::{Award, Content, Model, Page};
use crate::diag::Diagnostics;
use crate::locality::{LocalityTree, NodeId, registry};
use crate::text;
use rayon::prelude::*;

use order::{model_order, sort_awards, sort_models};
pub use places::locality_problems;
use places::{Memo, Places};
pub use routes::RESERVED;

/// A site ready to render: content plus every index over it.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    /// The published photos ([`crate::images::prepare`]); empty until then.
    pub images: crate::images::Table,
    /// Newest first, then by title in Vietnamese order.
    pub models: Vec<Model>,
    /// Newest first, then highest level, then title.
    pub awards: Vec<Award>,
    /// By weight, then title.
    pub pages: Vec<Page>,
    /// Models whose files have errors ([`Content::broken_models`]): not
    /// published, not in any list.
    pub broken: Vec<Model>,
    pub home_intro: Option<String>,
    /// The site's own localities (`content/localities.yaml`), kept so that
    /// `serve` can index the site again after an edit without reading them.
    pub extra_localities: Vec<Vec<String>>,
    /// How the load this site came from went with the parse cache.
    pub loading: crate::content::Loading,
    /// The localities the registry resolved, for [`Site::build_after`].
    resolved: std::sync::Arc<Memo>,
    pub tree: LocalityTree,
    /// Deepest locality node of each model.
    pub model_node: Vec<NodeId>,
    pub award_node: Vec<Option<NodeId>>,
    /// Models of each node's whole subtree, in model order.
    pub node_models: Vec<Vec<usize>>,
    /// Awards given in each node's subtree.
    pub node_awards: Vec<Vec<usize>>,
    /// Models of each field (index of `config.fields`).
    pub field_models: Vec<Vec<usize>>,
    /// Models of each year, newest year first when iterated in reverse.
    pub year_models: BTreeMap<i32, Vec<usize>>,
    /// Awards by (last) year.
    pub year_awards: BTreeMap<i32, Vec<usize>>,
    /// Awards naming each model.
    pub model_awards: Vec<Vec<usize>>,
    /// Models each award names, in the order written, without repeats.
    pub award_models: Vec<Vec<usize>>,
    /// Models by [`Model::url`].
    pub model_by_url: HashMap<String, usize, ahash::RandomState>,
    /// The model each reference an award writes names ([`refs`]).
    pub ref_model: HashMap<String, usize>,
}

/// A model's [`Model::url`]: the path of its node in the locality tree
/// (`dia-ban/ha-noi/ba-dinh/` gives `ha-noi/ba-dinh/`), then its slug; its
/// slug alone when its locality could not be placed (already an error).
pub fn model_url(tree: &LocalityTree, m: &Model, node: NodeId) -> String {
    match tree.nodes.get(node) {
        Some(n) if !m.locality.is_empty() => {
            let unit = n.path.strip_prefix("dia-ban/").unwrap_or(&n.path);
            format!("{unit}{}", m.slug)
        }
        _ => m.slug.clone(),
    }
}

/// Keeps, of models with one URL, the first by path (the others are
/// already errors), with their nodes, in the listing order.
fn dedupe_models(models: &mut Vec<Model>, nodes: &mut Vec<NodeId>) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, m) in models.iter().enumerate() {
        let e = first.entry(m.url.as_str()).or_insert(i);
        if models[*e].path > m.path {
            *e = i;
        }
    }
    let keep: Vec<bool> = models
        .iter()
        .enumerate()
        .map(|(i, m)| first.get(m.url.as_str()) == Some(&i))
        .collect();
    let mut k = keep.iter();
    nodes.retain(|_| *k.next().unwrap_or(&false));
    let mut k = keep.iter();
    models.retain(|_| *k.next().unwrap_or(&false));
}

impl Site {
    /// Builds every index. Broken references and URL clashes go to `diags`.
    pub fn build(config: SiteConfig, content: Content, diags: &mut Diagnostics) -> Site {
        Self::build_from(config, content, Memo::default(), diags)
    }

    /// [`Site::build`], taking the localities `previous` resolved through
    /// the registry as known (`kheo serve`, after an edit).
    pub fn build_after(
        config: SiteConfig,
        content: Content,
        previous: &Site,
        diags: &mut Diagnostics,
    ) -> Site {
        Self::build_from(config, content, (*previous.resolved).clone(), diags)
    }

    fn build_from(
        config: SiteConfig,
        content: Content,
        memo: Memo,
        diags: &mut Diagnostics,
    ) -> Site {
        let Content {
            mut models,
            mut awards,
            mut pages,
            broken_models: broken,
            home_intro,
            extra_localities,
            loading,
        } = content;
        let t = crate::progress::trace::span("index: routes check");
        // Models are checked once placed: their URLs go through their units.
        let clashes = routes::check(&awards, &pages, diags);
        drop(t);
        let t = crate::progress::trace::span("index: sort");
        // Entries that clash keep only the first (by path) so pages stay unique.
        if clashes.awards {
            dedupe_by_slug(&mut awards, |a| (&a.slug, &a.path));
        }
        if clashes.pages {
            dedupe_by_slug(&mut pages, |p| (&p.slug, &p.path));
        }
        sort_models(&mut models);
        let _t2 = crate::progress::trace::span("sort: awards");
        sort_awards(&mut awards);
        drop(_t2);
        let coll = text::collator();
        pages.sort_by(|a, b| {
            a.weight
                .cmp(&b.weight)
                .then_with(|| coll.compare(&a.title, &b.title))
                .then_with(|| a.slug.cmp(&b.slug))
        });

        drop(t);
        let t = crate::progress::trace::span("index: prefetch");
        let mut places = Places::new(&extra_localities, config.unknown_localities_warn, memo);
        // Each model's unit, when the registry knows it; then placed in the
        // tree in model order (which numbers the nodes). A model whose
        // locality could not be placed (already an error) is kept without
        // one, so `check` can still render everything else.
        // (Awards' localities too, so that placing them finds them known.)
        let mut units = places.prefetch(
            models
                .iter()
                .map(|m| (m.locality.as_slice(), m.locality_hash(), m.when()))
                .chain(awards.iter().map(|a| {
                    let when = a
                        .date
                        .unwrap_or(crate::content::date::PartialDate::year(a.years.1));
                    let hash = crate::content::model::locality_hash(&a.locality);
                    (a.locality.as_slice(), hash, when)
                })),
        );
        units.truncate(models.len());
        drop(t);
        let t = crate::progress::trace::span("index: units + place");
        let mut model_node: Vec<NodeId> = models
            .iter_mut()
            .zip(units)
            .map(|(m, unit)| {
                let node = match unit {
                    Some(unit) => Some(places.builder.add_unit(unit)),
                    None => places.place(&m.locality, m.when(), &m.path, m.locality_line, diags),
                };
                if node.is_none() {
                    m.locality.clear();
                }
                node.unwrap_or(0)
            })
            .collect();
        let award_node: Vec<Option<NodeId>> = awards
            .iter()
            .map(|a| {
                let when = a
                    .date
                    .unwrap_or(crate::content::date::PartialDate::year(a.years.1));
                places.place(&a.locality, when, &a.path, a.locality_line, diags)
            })
            .collect();
        // A model with errors is left out, but its locality is checked too.
        for m in &broken {
            places.place(&m.locality, m.when(), &m.path, m.locality_line, diags);
        }
        drop(t);
        let t = crate::progress::trace::span("index: finish tree");
        let Places { builder, memo, .. } = places;
        let tree = builder.finish();
        drop(t);
        let t = crate::progress::trace::span("index: model URLs");
        models
            .par_iter_mut()
            .zip(model_node.par_iter())
            .for_each(|(m, &n)| m.url = model_url(&tree, m, n));
        if routes::check_models(&models, diags) {
            dedupe_models(&mut models, &mut model_node);
        }
        if models.iter().any(|m| !m.aliases.is_empty())
            || awards.iter().any(|a| !a.aliases.is_empty())
            || pages.iter().any(|p| !p.aliases.is_empty())
        {
            routes::check_aliases(&mut models, &mut awards, &mut pages, diags);
        }

        let mut site = Site {
            config,
            images: crate::images::Table::default(),
            models,
            awards,
            pages,
            broken,
            home_intro,
            extra_localities,
            loading,
            resolved: std::sync::Arc::new(memo),
            tree,
            model_node,
            award_node,
            node_models: Vec::new(),
            node_awards: Vec::new(),
            field_models: Vec::new(),
            year_models: BTreeMap::new(),
            year_awards: BTreeMap::new(),
            model_awards: Vec::new(),
            award_models: Vec::new(),
            model_by_url: HashMap::default(),
            ref_model: HashMap::new(),
        };
        drop(t);
        let _t = crate::progress::trace::span("index: lists");
        site.index_lists(diags);
        site
    }

    /// The lists over placed entries: models and awards of each node,
    /// field and year, awards ⇄ models, models by slug. Awards naming a
    /// slug no model has go to `diags`.
    fn index_lists(&mut self, diags: &mut Diagnostics) {
        let Site {
            config,
            models,
            awards,
            broken,
            tree,
            model_node,
            award_node,
            ..
        } = &*self;
        // The lists, and the models by slug beside them.
        let lists = || {
            let mut node_models = vec![Vec::new(); tree.nodes.len()];
            let mut field_models = vec![Vec::new(); config.fields.len()];
            let mut year_models: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
            for (i, m) in models.iter().enumerate() {
                if !m.locality.is_empty() {
                    let mut n = Some(model_node[i]);
                    while let Some(at) = n {
                        node_models[at].push(i);
                        n = tree.nodes[at].parent;
                    }
                }
                field_models[m.field].push(i);
                year_models.entry(m.year).or_default().push(i);
            }
            let mut node_awards = vec![Vec::new(); tree.nodes.len()];
            let mut year_awards: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
            for (i, a) in awards.iter().enumerate() {
                if let Some(n) = award_node[i] {
                    for n in tree.lineage(n) {
                        node_awards[n].push(i);
                    }
                }
                year_awards.entry(a.years.1).or_default().push(i);
            }
            (
                node_models,
                field_models,
                year_models,
                node_awards,
                year_awards,
            )
        };
        let by_url = || -> HashMap<String, usize, ahash::RandomState> {
            models
                .iter()
                .enumerate()
                .map(|(i, m)| (m.url.clone(), i))
                .collect()
        };
        let ((node_models, field_models, year_models, node_awards, year_awards), model_by_url) =
            rayon::join(lists, by_url);
        let mut model_awards = vec![Vec::new(); models.len()];
        let mut award_models = Vec::with_capacity(awards.len());
        let mut ref_model = HashMap::new();
        let mut resolver = refs::Resolver::new(models, &model_by_url);
        for (ai, a) in awards.iter().enumerate() {
            let mut named = Vec::new();
            for (written, line) in &a.refs {
                let found = match ref_model.get(written) {
                    Some(&mi) => refs::Found::One(mi),
                    None => resolver.find(written),
                };
                match found {
                    refs::Found::One(mi) => {
                        ref_model.insert(written.clone(), mi);
                        if !named.contains(&mi) {
                            named.push(mi);
                            model_awards[mi].push(ai);
                        }
                    }
                    other => diags.extend(refs::problem(
                        &other, written, *line, &a.path, models, broken,
                    )),
                }
            }
            award_models.push(named);
        }

        self.node_models = node_models;
        self.node_awards = node_awards;
        self.field_models = field_models;
        self.year_models = year_models;
        self.year_awards = year_awards;
        self.model_awards = model_awards;
        self.award_models = award_models;
        self.model_by_url = model_by_url;
        self.ref_model = ref_model;
    }

    /// The index of the model read from `path`. The paths are compared
    /// from their ends as bytes first: comparing 100,000 paths component
    /// by component took tens of milliseconds of an edit in `kheo serve`.
    pub fn model_at(&self, path: &Path) -> Option<usize> {
        let name = path.file_name()?.as_encoded_bytes();
        self.models
            .iter()
            .position(|m| m.path.as_os_str().as_encoded_bytes().ends_with(name) && m.path == path)
    }

    /// Puts `model`, a new version of model `i` placed in the same node
    /// (its field may differ), where the listing order puts it, and moves
    /// it in every list: for `kheo serve` after an edit of one model. Returns its new
    /// index. The awards' references stay as the last indexing found them
    /// (the slug stays), so no new problem can arise. Only the models
    /// between its old and new places change index.
    pub fn replace_model(&mut self, i: usize, model: Model) -> usize {
        self.move_model(i, model, None)
    }

    /// The node of the locality tree that `model`'s locality names, when
    /// the registry knows it and the tree has it already; `None` for a
    /// site with localities of its own (`content/localities.yaml`), which
    /// a full indexing places otherwise.
    pub fn existing_node(&self, model: &Model) -> Option<NodeId> {
        if model.locality.is_empty() || !self.extra_localities.is_empty() {
            return None;
        }
        let when = model.when();
        let rewritten = Places::rewrite(&model.locality);
        let path = rewritten.as_deref().unwrap_or(&model.locality);
        let unit = registry::registry()
            .resolve_at(path, when.year, when.month, when.day)
            .ok()?;
        self.tree.by_unit.get(&unit).copied()
    }

    /// Whether model `i`'s new version `model`, placed in `node`, may take
    /// its URL without indexing the site again: kheo does not reserve it,
    /// no other model has it and no entry's `aliases:` claims it (each an
    /// error a full indexing reports).
    pub fn url_is_free(&self, i: usize, model: &Model, node: NodeId) -> bool {
        let url = model_url(&self.tree, model, node);
        let page = format!("mo-hinh/{url}/");
        let mut problems = Diagnostics::new();
        let mut placed = model.clone();
        placed.url.clone_from(&url);
        routes::check_models(std::slice::from_ref(&placed), &mut problems);
        !problems.has_errors()
            && self.model_by_url.get(&url).is_none_or(|&j| j == i)
            && !self
                .models
                .iter()
                .flat_map(|m| &m.aliases)
                .chain(self.awards.iter().flat_map(|a| &a.aliases))
                .chain(self.pages.iter().flat_map(|p| &p.aliases))
                .any(|a| *a == page)
    }

    /// [`Site::replace_model`], the new version also moved to node `to`
    /// ([`Site::existing_node`]): out of the lists of its old node and
    /// their parents, into those of `to` and its parents. A node left
    /// without models stays in the tree (a full indexing would drop it:
    /// the caller compares the site's pages, [`crate::render::Renderer::shape`]).
    pub fn move_model(&mut self, i: usize, mut model: Model, to: Option<NodeId>) -> usize {
        use std::cmp::Ordering::Less;
        model.url = model_url(&self.tree, &model, to.unwrap_or(self.model_node[i]));
        if model.url != self.models[i].url {
            self.model_by_url.remove(&self.models[i].url);
            self.model_by_url.insert(model.url.clone(), i);
        }
        let (old_year, old_field) = (self.models[i].year, self.models[i].field);
        let at = self.models[..i].partition_point(|m| model_order(m, &model) == Less)
            + self.models[i + 1..].partition_point(|m| model_order(m, &model) == Less);
        self.models[i] = model;
        let (lo, hi) = (i.min(at), i.max(at));
        if at < i {
            self.models[lo..=hi].rotate_right(1);
            self.model_node[lo..=hi].rotate_right(1);
            self.model_awards[lo..=hi].rotate_right(1);
        } else {
            self.models[lo..=hi].rotate_left(1);
            self.model_node[lo..=hi].rotate_left(1);
            self.model_awards[lo..=hi].rotate_left(1);
        }
        // Old index → new index.
        let moved = |o: usize| match o {
            _ if o == i => at,
            _ if o < lo || o > hi => o,
            _ if at > i => o - 1,
            _ => o + 1,
        };
        let remap = |list: &mut Vec<usize>| {
            for x in list.iter_mut() {
                *x = moved(*x);
            }
        };
        self.node_models.iter_mut().for_each(remap);
        self.field_models.iter_mut().for_each(remap);
        self.year_models.values_mut().for_each(remap);
        self.award_models.iter_mut().for_each(remap);
        self.ref_model.values_mut().for_each(|x| *x = moved(*x));
        for k in lo..=hi {
            if let Some(x) = self.model_by_url.get_mut(&self.models[k].url) {
                *x = k;
            }
        }
        // The lists it is in keep model order.
        let m = &self.models[at];
        match to {
            Some(to) if to != self.model_node[at] => {
                for n in self.tree.lineage(self.model_node[at]) {
                    self.node_models[n].retain(|&x| x != at);
                }
                // The other indexes kept their order when remapped.
                for n in self.tree.lineage(to) {
                    let list = &mut self.node_models[n];
                    let pos = list.partition_point(|&x| x < at);
                    list.insert(pos, at);
                }
                self.model_node[at] = to;
            }
            _ if !m.locality.is_empty() => {
                for n in self.tree.lineage(self.model_node[at]) {
                    self.node_models[n].sort_unstable();
                }
            }
            _ => {}
        }
        let m = &self.models[at];
        if m.field == old_field {
            self.field_models[m.field].sort_unstable();
        } else {
            self.field_models[old_field].retain(|&x| x != at);
            let list = &mut self.field_models[m.field];
            let pos = list.partition_point(|&x| x < at);
            list.insert(pos, at);
        }
        let year = m.year;
        if year == old_year {
            if let Some(list) = self.year_models.get_mut(&year) {
                list.sort_unstable();
            }
        } else {
            if let Some(list) = self.year_models.get_mut(&old_year) {
                list.retain(|&x| x != at);
                if list.is_empty() {
                    self.year_models.remove(&old_year);
                }
            }
            let list = self.year_models.entry(year).or_default();
            let pos = list.partition_point(|&x| x < at);
            list.insert(pos, at);
        }
        at
    }

    /// Up to `n` models related to model `i`: same locality first (nearest
    /// node up the tree), then same field; nearest in the listing order.
    pub fn related(&self, i: usize, n: usize) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::with_capacity(n);
        let take_near = |list: &[usize], out: &mut Vec<usize>| {
            // Lists are in model order, so the neighbours of `i` are found by search.
            let pos = list.partition_point(|&x| x < i);
            let (mut lo, mut hi) = (pos, pos);
            while out.len() < n && (lo > 0 || hi < list.len()) {
                if hi < list.len() {
                    let c = list[hi];
                    hi += 1;
                    if c != i && !out.contains(&c) {
                        out.push(c);
                    }
                }
                if out.len() < n && lo > 0 {
                    lo -= 1;
                    let c = list[lo];
                    if c != i && !out.contains(&c) {
                        out.push(c);
                    }
                }
            }
        };
        if !self.models[i].locality.is_empty() {
            for node in self.tree.lineage(self.model_node[i]).into_iter().rev() {
                take_near(&self.node_models[node], &mut out);
                if out.len() >= n {
                    break;
                }
            }
        }
        let field = self.models[i].field;
        if out.len() < n {
            take_near(&self.field_models[field], &mut out);
        }
        out.truncate(n);
        out
    }
}

/// "Cao Lãnh (Huyện)" → "Huyện Cao Lãnh": lists often put the unit type
/// in brackets after the name to tell apart units of one name.
pub(crate) fn type_first(name: &str) -> String {
    let t = name.trim();
    if let Some(open) = t.rfind('(')
        && t.ends_with(')')
    {
        let kind = t[open + 1..t.len() - 1].trim();
        let base = t[..open].trim();
        let probe = format!("{kind} {base}");
        // Only when the bracket holds a unit type (the key drops it).
        if !base.is_empty() && text::locality_key(&probe) == text::locality_key(base) {
            return probe;
        }
    }
    t.to_string()
}

fn dedupe_by_slug<T>(items: &mut Vec<T>, key: impl Fn(&T) -> (&String, &std::path::PathBuf)) {
    let mut seen = std::collections::HashSet::with_capacity(items.len());
    if items.iter().all(|x| seen.insert(key(x).0)) {
        return;
    }
    items.sort_by(|a, b| key(a).cmp(&key(b)));
    items.dedup_by(|b, a| key(a).0 == key(b).0);
}
