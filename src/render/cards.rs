//! Building view structs from the resolved site. Each function maps one
//! content type to its view; nothing here knows about templates or files.

use crate::content::common::{Image, ImageSrc, Source};
use crate::content::enums::{Choice, Status};
use crate::markdown::guard::published_url;
use crate::site::Site;

use super::views::*;
use std::sync::OnceLock;
use tera::Value;
use tera::value::Key;

/// Every model's card, made the first time a page shows it: a rebuild that
/// renders a handful of pages makes a handful of cards, not 100,000.
pub struct Cards<'s> {
    site: &'s Site,
    urls: Urls,
    /// What the cards of the models of one node share (their locality's
    /// crumbs and name), and of one field, as template values: a listing
    /// makes each card's value ([`Cards::value`]) around them.
    nodes: Vec<OnceLock<(Value, Value)>>,
    fields: Vec<Value>,
    /// Each status's value, and each year's page URL: the same for
    /// thousands of cards.
    statuses: Vec<Value>,
    years: std::collections::HashMap<i32, Value, ahash::RandomState>,
    /// Each model's [`card_keys`] (none: cards without a key, rendered
    /// every time they are shown).
    keys: Vec<u64>,
}

/// Per model, the `card_key` of its card: a hash of `global` (what every
/// card sees: the templates, the UI strings, the configuration, kheo's
/// binary) and of the model's hash (everything its card shows of it, see
/// `render/incremental.rs`). Two cards with the same key render the same
/// HTML ([`super::memo`]). Never 0.
pub fn card_keys(global: u64, model_hashes: &[u64]) -> Vec<u64> {
    use rayon::prelude::*;
    use std::hash::{Hash, Hasher};
    model_hashes
        .par_iter()
        .map(|m| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (global, m).hash(&mut h);
            h.finish().max(1)
        })
        .collect()
}

impl<'s> Cards<'s> {
    pub fn new(site: &'s Site, urls: &Urls) -> Cards<'s> {
        Cards {
            site,
            urls: urls.clone(),
            nodes: (0..site.tree.nodes.len())
                .map(|_| OnceLock::new())
                .collect(),
            fields: (0..site.config.fields.len())
                .map(|f| Value::from_serializable(&field_ref(site, urls, f)))
                .collect(),
            statuses: Status::ALL
                .iter()
                .map(|&st| Value::from_serializable(&named(st)))
                .collect(),
            years: site
                .year_models
                .keys()
                .map(|&y| (y, Value::from(urls.url(&year_path(y)))))
                .collect(),
            keys: Vec::new(),
        }
    }

    /// Gives the cards their keys ([`card_keys`]).
    pub fn set_keys(&mut self, keys: Vec<u64>) {
        self.keys = keys;
    }

    /// Model `i`'s card key, 0 when the cards have none.
    fn key(&self, i: usize) -> u64 {
        self.keys.get(i).copied().unwrap_or(0)
    }

    /// Model `i`'s card, the one way a card is made: a template value
    /// with `title`, `url`, `summary`, `locality` (crumbs, top-down),
    /// `locality_name` (bottom-up: "Phường An Lạc, Quận Bình Tân, TP. Hồ
    /// Chí Minh"), `field` (key, name, url: no count, so that moving a
    /// model to another field does not change every other card), `year`,
    /// `year_url`, `status`, `featured`, `image` (the first, or none) and
    /// `card_key` ([`card_keys`]; 0 when the cards have none). Made
    /// straight from the model and the values its card shares with others
    /// (its locality's, its field's): a listing page shows fifty cards, and
    /// a field edit of a national site renders a thousand listing pages.
    pub fn value(&self, i: usize) -> Value {
        let (site, urls) = (self.site, &self.urls);
        let m = &site.models[i];
        let (locality, locality_name) = if m.locality.is_empty() {
            (Value::from(Vec::<Value>::new()), Value::from(""))
        } else {
            let n = site.model_node[i];
            self.nodes[n]
                .get_or_init(|| {
                    (
                        Value::from_serializable(&locality_crumbs(site, urls, n)),
                        Value::from(site.tree.display_path(n)),
                    )
                })
                .clone()
        };
        let image = match m.images.first() {
            Some(img) => Value::from_serializable(&image_view(
                site,
                m.bundle_dir.as_deref(),
                urls,
                &model_path(&m.url),
                img,
            )),
            None => Value::from(()),
        };
        let year_url = match self.years.get(&m.year) {
            Some(v) => v.clone(),
            None => Value::from(urls.url(&year_path(m.year))),
        };
        // `Status::ALL` lists the statuses in their declared order.
        let status = self.statuses[m.status as usize].clone();
        let mut card = tera::Map::with_capacity(12);
        let mut put = |k: &'static str, v: Value| {
            card.insert(Key::Str(k), v);
        };
        put("title", Value::from(m.title.as_str()));
        put("url", Value::from(urls.model_url(&m.url)));
        put("summary", Value::from(m.summary.as_str()));
        put("locality", locality);
        put("locality_name", locality_name);
        put("field", self.fields[m.field].clone());
        put("year", Value::from(m.year));
        put("year_url", year_url);
        put("status", status);
        put("featured", Value::from(m.featured));
        put("image", image);
        put("card_key", Value::from(self.key(i)));
        Value::from(card)
    }
}

/// URL helper bound to a site's root path and base URL.
#[derive(Debug, Clone)]
pub struct Urls {
    /// `/` or `/dvk/`.
    pub root: String,
    /// `https://example.org/dvk/`.
    pub base: String,
}

impl Urls {
    /// Root-relative URL of a site path (`mo-hinh/x/` → `/dvk/mo-hinh/x/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.root)
    }
    /// `url(&model_path(slug))` in one allocation: every listing card
    /// asks for it.
    pub fn model_url(&self, slug: &str) -> String {
        let mut url = String::with_capacity(self.root.len() + MODELS.len() + slug.len() + 1);
        url.push_str(&self.root);
        url.push_str(MODELS);
        url.push_str(slug);
        url.push('/');
        url
    }
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// How many related models a model's page shows.
pub const RELATED: usize = 4;

pub fn named<C: Choice>(c: C) -> Named {
    Named {
        key: c.key(),
        name: c.name().to_string(),
    }
}

/// The section of the models' pages.
const MODELS: &str = "mo-hinh/";

/// A model page's site path, with room for the `index.html` that names its
/// file (`Renderer::job_file`, for each of a national site's 100,000).
pub fn model_path(slug: &str) -> String {
    let mut p = String::with_capacity(MODELS.len() + slug.len() + "/index.html".len());
    p.push_str(MODELS);
    p.push_str(slug);
    p.push('/');
    p
}

pub fn award_path(slug: &str) -> String {
    format!("khen-thuong/{slug}/")
}

pub fn field_path(key: &str) -> String {
    format!("linh-vuc/{key}/")
}

pub fn year_path(year: i32) -> String {
    format!("nam/{year}/")
}

/// A field's key, name and url, as a model's card shows it.
pub fn field_ref(site: &Site, urls: &Urls, i: usize) -> NavLink {
    let f = &site.config.fields[i];
    NavLink {
        key: f.key.clone(),
        name: f.name.clone(),
        url: urls.url(&field_path(&f.key)),
    }
}

pub fn field_link(site: &Site, urls: &Urls, i: usize) -> FieldLink {
    let f = &site.config.fields[i];
    FieldLink {
        key: f.key.clone(),
        name: f.name.clone(),
        url: urls.url(&field_path(&f.key)),
        count: site.field_models[i].len(),
    }
}

fn image_view(
    site: &Site,
    bundle: Option<&std::path::Path>,
    urls: &Urls,
    page_path: &str,
    img: &Image,
) -> ImageView {
    let sized = site.images.view(bundle, page_path, img, |p| urls.url(p));
    let src = match &img.src {
        ImageSrc::Bundle(f) => urls.url(&format!("{page_path}{f}")),
        ImageSrc::Site(p) => urls.url(p),
        ImageSrc::External(u) => published_url(u).to_string(),
    };
    ImageView {
        alt: img.alt.clone(),
        caption: img.caption.clone(),
        credit: img.credit.clone(),
        src: sized.as_ref().map_or(src, |s| s.src.clone()),
        sized,
    }
}

fn source_view(s: &Source) -> SourceView {
    SourceView {
        title: s.title.clone(),
        url: s.url.as_deref().map(|u| published_url(u).to_string()),
        publisher: s.publisher.clone(),
        date: s.date.clone(),
    }
}

/// Breadcrumb of a locality node, from the province down.
pub fn locality_crumbs(site: &Site, urls: &Urls, node: usize) -> Vec<Crumb> {
    site.tree
        .lineage(node)
        .into_iter()
        .map(|n| Crumb {
            name: site.tree.nodes[n].name.clone(),
            url: urls.url(&site.tree.nodes[n].path),
        })
        .collect()
}

pub fn award_card(site: &Site, urls: &Urls, i: usize) -> AwardCard {
    let a = &site.awards[i];
    let (locality, locality_name) = match site.award_node[i] {
        Some(n) => (locality_crumbs(site, urls, n), site.tree.display_path(n)),
        None => (Vec::new(), String::new()),
    };
    AwardCard {
        title: a.title.clone(),
        url: urls.url(&award_path(&a.slug)),
        kind: named(a.kind),
        level: named(a.level),
        issuer: a.issuer.clone(),
        year_label: a.year_label(),
        year: a.years.1,
        year_url: urls.url(&year_path(a.years.1)),
        locality,
        locality_name,
    }
}

/// A model's full view.
pub fn model_view(
    site: &Site,
    urls: &Urls,
    i: usize,
    card: impl Fn(usize) -> ModelCard,
    award_cards: &[AwardCard],
    content: String,
) -> ModelView {
    let m = &site.models[i];
    let path = model_path(&m.url);
    let (date, date_iso) = match m.date {
        Some(d) => (d.display(), d.to_string()),
        None => (m.year.to_string(), m.year.to_string()),
    };
    let details = m.details();
    ModelView {
        card: card(i),
        date,
        date_iso,
        content,
        lead: true,
        results: details
            .results
            .iter()
            .map(|r| ResultView {
                label: r.label.clone(),
                value: r.value.clone(),
            })
            .collect(),
        people: details
            .people
            .iter()
            .map(|p| PersonView {
                name: p.name.clone(),
                role: p.role.clone(),
                kind: p.kind.map(named),
            })
            .collect(),
        sources: details.sources.iter().map(source_view).collect(),
        organizations: details.organizations,
        tags: details.tags,
        images: m
            .images
            .iter()
            .map(|img| image_view(site, m.bundle_dir.as_deref(), urls, &path, img))
            .collect(),
        awards: site.model_awards[i]
            .iter()
            .map(|&a| award_cards[a].clone())
            .collect(),
        related: site.related(i, RELATED).into_iter().map(&card).collect(),
    }
}

pub fn award_view(
    site: &Site,
    urls: &Urls,
    i: usize,
    card: impl Fn(usize) -> ModelCard,
    award_cards: &[AwardCard],
) -> AwardView {
    let a = &site.awards[i];
    AwardView {
        card: award_cards[i].clone(),
        date: a.date.map(|d| d.display()),
        date_iso: a.date.map(|d| d.to_string()),
        content: a.content.clone(),
        recipients: a
            .recipients
            .iter()
            .map(|r| RecipientView {
                name: r.name.clone(),
                kind: r.kind.map(named),
                unit: r.unit.clone(),
                model: r
                    .model
                    .as_ref()
                    .and_then(|s| site.ref_model.get(s))
                    .map(|&mi| Crumb {
                        name: site.models[mi].title.clone(),
                        url: urls.url(&model_path(&site.models[mi].url)),
                    }),
            })
            .collect(),
        totals: a
            .totals
            .iter()
            .map(|(k, n)| TotalView {
                kind: named(*k),
                count: *n,
            })
            .collect(),
        models: site.award_models[i].iter().map(|&m| card(m)).collect(),
        sources: a.sources.iter().map(source_view).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A card has the fields docs/templates.md promises theme authors, no
    /// more and no fewer: every model of the sample site, with and
    /// without images, localities of every depth, each field and status.
    #[test]
    fn cards_have_the_documented_fields() {
        let opts = crate::BuildOptions {
            dir: std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            ..crate::BuildOptions::default()
        };
        let mut diags = crate::diag::Diagnostics::new();
        let site = crate::load_site_with(&opts, crate::content::CacheUse::Off, None, &mut diags);
        assert!(!diags.has_errors());
        assert!(site.models.iter().any(|m| !m.images.is_empty()));
        let urls = Urls {
            root: "/dvk/".into(),
            base: "https://example.org/dvk/".into(),
        };
        let doc = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/templates.md"),
        )
        .expect("docs/templates.md");
        let para = doc
            .split("\n\n")
            .find(|p| p.starts_with("A `ModelCard`"))
            .expect("the paragraph on cards");
        let cards = Cards::new(&site, &urls);
        for i in 0..site.models.len() {
            let card = cards.value(i);
            let map = card.as_map().expect("a card is a map");
            for key in map.keys() {
                let key = key.to_string();
                assert!(
                    para.contains(&format!("`{key}`")),
                    "{key} is not documented"
                );
            }
            assert_eq!(map.len(), 12, "model {}", site.models[i].slug);
            let url = map
                .get(&Key::Str("url"))
                .and_then(|u| u.as_str())
                .expect("url");
            assert!(url.starts_with("/dvk/mo-hinh/"), "{url}");
        }
    }
}
