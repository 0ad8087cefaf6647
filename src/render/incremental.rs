//! Rendering only what changed: every page gets a fingerprint of
//! everything it is rendered from, recorded in the output's manifest. When
//! the next build finds the same fingerprint for a page whose file is still
//! there, the page is neither rendered nor written ([`super::Sink::keep`]).
//!
//! A fingerprint is a hash of the same values the template would see:
//! [`Renderer::prepare`] fills a [`PageCtx`] that either builds the Tera
//! context or hashes each value (as JSON) instead, every page the same way.
//! Three shortcuts keep it far cheaper than rendering: a model's card, in
//! any view, is hashed as its model's [entry hash](model_hashes) without
//! being made ([`super::views::ModelCard`]); a model's body as its
//! `body_hash`, without being read; and a locality's view, the same on each
//! of its listing pages, is hashed once.
//!
//! [`global`] covers what every page sees: kheo's version and binary, the templates,
//! the UI strings, the site configuration and the site-wide values
//! (navigation, counts). Changing any of them renders every page again.

use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use super::{Job, Renderer};
use crate::site::Site;

/// A hasher of values as `serde_json` writes them. The text of each value
/// is made in a buffer kept for the page and hashed in one piece: hashing
/// each of the writes of a view's hundred fields costs more.
pub(super) struct HashWriter(pub DefaultHasher, Vec<u8>);

impl HashWriter {
    pub fn new(seed: u64) -> HashWriter {
        let mut h = DefaultHasher::new();
        seed.hash(&mut h);
        HashWriter(h, Vec::new())
    }

    pub fn value<T: Serialize + ?Sized>(&mut self, key: &str, v: &T) {
        key.hash(&mut self.0);
        self.1.clear();
        // Serializing a view cannot fail (no maps with non-string keys);
        // should it, the page's hash differs from any earlier one and the
        // page is rendered: the safe side.
        if serde_json::to_writer(&mut self.1, v).is_err() {
            u64::MAX.hash(&mut self.0);
        } else {
            self.0.write(&self.1);
        }
    }
}

/// What [`Renderer::prepare`] fills: the context of a page to render, or
/// the fingerprint of one.
pub(super) enum PageCtx {
    Render(Context),
    Hash(HashWriter),
}

impl PageCtx {
    pub fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) {
        match self {
            PageCtx::Render(c) => c.insert(key, v),
            PageCtx::Hash(h) => h.value(key, v),
        }
    }

    /// `key`: a value every page of a group shows alike (a locality's view,
    /// on each of its listing pages). When hashing, it is made and hashed
    /// once per group and the hash kept in `cell`; without a cell it is
    /// made every time.
    pub fn insert_shared<T: Serialize>(
        &mut self,
        key: &'static str,
        cell: Option<&std::sync::OnceLock<u64>>,
        make: impl FnOnce() -> T,
    ) {
        match (self, cell) {
            (PageCtx::Hash(h), Some(cell)) => {
                let hash = *cell.get_or_init(|| {
                    let mut one = HashWriter::new(0);
                    one.value(key, &make());
                    one.0.finish()
                });
                key.hash(&mut h.0);
                hash.hash(&mut h.0);
            }
            (ctx, _) => ctx.insert(key, &make()),
        }
    }

    /// `key`: the cards of models `idx` (a listing's items).
    pub fn insert_models(&mut self, r: &Renderer<'_>, key: &'static str, idx: &[usize]) {
        match self {
            PageCtx::Render(c) => c.insert_value(
                key,
                Value::from(
                    idx.iter()
                        .map(|&i| r.cards.value(i))
                        .collect::<Vec<Value>>(),
                ),
            ),
            PageCtx::Hash(h) => {
                key.hash(&mut h.0);
                for &i in idx {
                    r.model_hashes[i].hash(&mut h.0);
                }
            }
        }
    }

    /// `key`: the cards of awards `idx`.
    pub fn insert_awards(&mut self, r: &Renderer<'_>, key: &'static str, idx: &[usize]) {
        match self {
            PageCtx::Render(c) => c.insert_value(
                key,
                Value::from(
                    idx.iter()
                        .map(|&i| r.award_values[i].clone())
                        .collect::<Vec<Value>>(),
                ),
            ),
            PageCtx::Hash(h) => {
                key.hash(&mut h.0);
                for &i in idx {
                    r.award_hashes[i].hash(&mut h.0);
                }
            }
        }
    }
}

/// What every page sees, hashed: see the module's documentation.
pub(super) fn global(templates: &[(String, &str)], strings: &impl Hash, site: &Site) -> u64 {
    let mut h = DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    // Another build of kheo may render the same inputs otherwise (a fix,
    // a new format): its first build renders every page again.
    crate::content::cache::binary_stamp().hash(&mut h);
    templates.hash(&mut h);
    strings.hash(&mut h);
    format!("{:?}", site.config).hash(&mut h);
    site.home_intro.hash(&mut h);
    site.pages.hash(&mut h);
    site.extra_localities.hash(&mut h);
    h.finish()
}

/// Per model, a hash of the model but its body, and of the names and
/// paths of its locality's levels: everything its card and other pages
/// show of it. (The body is on its own page only, whose fingerprint adds
/// it: a body edit changes that one fingerprint.)
pub(super) fn model_hashes(site: &Site) -> Vec<u64> {
    // Each node's chain once: a national site has 100,000 models in a few
    // thousand nodes.
    let chains: Vec<u64> = (0..site.tree.nodes.len())
        .into_par_iter()
        .map(|n| chain_hash(site, n))
        .collect();
    (0..site.models.len())
        .into_par_iter()
        .map(|i| card_and_chain(site, i, |n| chains[n]))
        .collect()
}

/// [`model_hashes`] of model `i`.
pub(super) fn model_hash(site: &Site, i: usize) -> u64 {
    card_and_chain(site, i, |n| chain_hash(site, n))
}

fn card_and_chain(site: &Site, i: usize, chain: impl Fn(usize) -> u64) -> u64 {
    let mut h = DefaultHasher::new();
    h.write_u64(site.models[i].card_hash());
    let m = &site.models[i];
    if !m.images.is_empty() {
        h.write_u64(site.images.digest(m.bundle_dir.as_deref(), &m.images));
    }
    if !site.models[i].locality.is_empty() {
        h.write_u64(chain(site.model_node[i]));
    }
    h.finish()
}

/// [`node_chain`] of node `n`, as one number.
fn chain_hash(site: &Site, n: usize) -> u64 {
    let mut h = DefaultHasher::new();
    node_chain(site, n, &mut h);
    h.finish()
}

/// Per award, the same as [`model_hashes`], plus the models it names
/// (their titles and slugs are on its card).
pub(super) fn award_hashes(site: &Site, model_hashes: &[u64]) -> Vec<u64> {
    (0..site.awards.len())
        .into_par_iter()
        .map(|a| {
            let mut h = DefaultHasher::new();
            site.awards[a].hash(&mut h);
            if let Some(n) = site.award_node[a] {
                node_chain(site, n, &mut h);
            }
            for &m in &site.award_models[a] {
                model_hashes[m].hash(&mut h);
            }
            h.finish()
        })
        .collect()
}

/// What every open data file shows, hashed: each model as its card hash
/// has it (every field but the body, and its locality's levels), the
/// awards naming it, and the awards. Made once for all the files.
pub(super) fn data_hash(r: &Renderer<'_>) -> u64 {
    let mut h = DefaultHasher::new();
    (&r.model_hashes, &r.site.model_awards, &r.award_hashes).hash(&mut h);
    h.finish()
}

/// The keys of the open data's records ([`super::table::Table::keys`]):
/// a model's record shows what its card hash covers and the slugs of the
/// awards naming it; an award's record what its hash covers.
pub(super) fn data_keys(r: &Renderer<'_>) -> super::opendata::Keys {
    let site = r.site;
    let models = (0..site.models.len())
        .into_par_iter()
        .map(|i| {
            let mut h = DefaultHasher::new();
            (r.global, r.model_hashes[i]).hash(&mut h);
            for &a in &site.model_awards[i] {
                site.awards[a].slug.hash(&mut h);
            }
            h.finish().max(1)
        })
        .collect();
    let awards = r
        .award_hashes
        .iter()
        .map(|&a| {
            let mut h = DefaultHasher::new();
            (r.global, a).hash(&mut h);
            h.finish().max(1)
        })
        .collect();
    super::opendata::Keys { models, awards }
}

/// The fingerprint of the open data file `path`, from [`data_hash`].
pub(super) fn data_fingerprint(r: &Renderer<'_>, data: u64, path: &str) -> u64 {
    let mut h = DefaultHasher::new();
    (r.global, path, data).hash(&mut h);
    h.finish().max(1)
}

fn node_chain(site: &Site, node: usize, h: &mut DefaultHasher) {
    for n in site.tree.lineage(node) {
        let n = &site.tree.nodes[n];
        (&n.name, &n.full_name, &n.path, &n.kind).hash(h);
    }
}

impl Renderer<'_> {
    /// The fingerprint of a page's inputs (see the module's documentation).
    pub(super) fn fingerprint(&self, job: Job) -> u64 {
        match self.prepare(job, true) {
            Ok((_, template, PageCtx::Hash(mut h))) => {
                template.hash(&mut h.0);
                // What `decorate` (not run when hashing) reads besides the
                // hashed values: the kind of page and which page of a
                // listing, and the ancestors of a locality or an award
                // (breadcrumbs); a model's are in its card's hash. Not the
                // index of a model, award or place: one added before it
                // shifts the index, not the page.
                std::mem::discriminant(&job).hash(&mut h.0);
                match job {
                    Job::Models(p) | Job::Locality(_, p) => p.hash(&mut h.0),
                    Job::Field(f, p) => (f, p).hash(&mut h.0),
                    Job::Year(y, p) => (y, p).hash(&mut h.0),
                    _ => {}
                }
                let node = match job {
                    Job::Locality(n, _) => Some(n),
                    Job::Award(a) => self.site.award_node[a],
                    _ => None,
                };
                if let Some(n) = node {
                    node_chain(self.site, n, &mut h.0);
                }
                h.0.finish().max(1)
            }
            // Not hashable (an error the render will report): render it.
            _ => 0,
        }
    }
}
