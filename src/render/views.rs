//! View structs: the only data a template ever sees.
//!
//! Every page gets `site` ([`SiteView`]), `t` (the UI strings of the site's
//! language), `page` ([`PageMeta`]) and the page-specific values documented
//! on each template in `docs/templates.md`. Views are built from resolved
//! content by `render::build_views`; they deliberately have no field for an
//! entry's `private` map, so private data cannot reach a template by mistake.
//! All URLs are root-relative paths that already carry the site's sub-path
//! (`/dvk/mo-hinh/x/`); `permalink`s are absolute.

use serde::Serialize;

/// Site-wide values, the same on every page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    /// Absolute base URL with a trailing slash: `https://example.org/dvk/`.
    pub base_url: String,
    /// Path prefix with leading and trailing slash: `/dvk/` (or `/`).
    pub root: String,
    /// `vi` or `en`.
    pub language: String,
    /// The site's fields: key, name and URL. Their counts are on the
    /// fields page and the home page (`fields`, `home.fields`), not here:
    /// every page sees `site`, and a model moved to another field would
    /// otherwise change every page. So are the site's counts
    /// (`home.counts`, and `counts` on the localities page): a model added
    /// would change every page.
    pub fields: Vec<NavLink>,
    /// Main navigation: home, models, localities, fields, years, awards, pages.
    pub nav: Vec<NavLink>,
    /// Free pages (giới thiệu...), sorted by `weight` then title.
    pub pages: Vec<NavLink>,
    pub feed_url: String,
    /// URL of the web app manifest.
    pub manifest_url: String,
    /// Whether the site has search (`search:` in `site.yaml`): the header's
    /// search box and `/tim-kiem/` use it.
    pub search: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteCounts {
    pub models: usize,
    pub awards: usize,
    pub localities: usize,
    pub provinces: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavLink {
    /// Stable id for the link (`home`, `models`, `localities`, `fields`, `years`, `awards`, or a page slug).
    pub key: String,
    pub name: String,
    pub url: String,
}

/// Metadata every page has.
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    /// `home`, `models`, `model`, `localities`, `locality`, `fields`, `field`,
    /// `years`, `year`, `awards`, `award`, `page`, `search`, `404`.
    pub kind: &'static str,
    pub title: String,
    pub description: String,
    pub url: String,
    pub permalink: String,
    /// Nav key of the section this page belongs to, for `aria-current`
    /// (a free page's own slug).
    pub section: String,
    /// Open Graph type: `website` or `article`.
    pub og_type: &'static str,
    /// Absolute URL of the page's image (a model's first image), if any.
    pub image: Option<String>,
    /// schema.org JSON-LD for the page, ready for a
    /// `<script type="application/ld+json">` (`</` is escaped).
    pub jsonld: String,
    /// Breadcrumb from the home page to this page's parent, for JSON-LD and themes.
    pub trail: Vec<Crumb>,
}

/// A field with its listing URL and number of models.
#[derive(Debug, Clone, Serialize)]
pub struct FieldLink {
    pub key: String,
    pub name: String,
    pub url: String,
    pub count: usize,
}

/// A key with its display name (status, award kind, award level, recipient kind).
#[derive(Debug, Clone, Serialize)]
pub struct Named {
    pub key: &'static str,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Crumb {
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImageView {
    /// URL of the image (bundle images sit beside the page).
    pub src: String,
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    /// The published widths, for `<picture>` (none for external images
    /// and for files kheo could not read).
    pub sized: Option<crate::images::Responsive>,
}

/// A model as shown in listings. On a page being rendered, the template
/// value made by [`super::cards::Cards::value`], the one place a card is
/// made. On a page being fingerprinted (`render/incremental.rs`), the
/// model's hash, which covers everything its card shows: a page's views
/// are made by the same code either way, and only the cards in them are
/// hashed without being made.
#[derive(Debug, Clone)]
pub enum ModelCard {
    Value(tera::Value),
    Hash(u64),
}

impl Serialize for ModelCard {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ModelCard::Value(v) => v.serialize(s),
            // A map, so that a view can flatten a card either way.
            ModelCard::Hash(h) => {
                use serde::ser::SerializeMap;
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry("card", h)?;
                map.end()
            }
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ResultView {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonView {
    pub name: String,
    pub role: Option<String>,
    pub kind: Option<Named>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub title: String,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub date: Option<String>,
}

/// A model's own page.
#[derive(Debug, Clone, Serialize)]
pub struct ModelView {
    #[serde(flatten)]
    pub card: ModelCard,
    /// Display date: "13/10/2022", "04/2023" or "2019".
    pub date: String,
    /// ISO date for `<time datetime>`: "2022-10-13", "2023-04" or "2019".
    pub date_iso: String,
    /// Rendered, sanitized Markdown body.
    pub content: String,
    /// Show the summary above the body: not when it is the body's own
    /// first paragraph (a model without `summary:`).
    pub lead: bool,
    pub results: Vec<ResultView>,
    pub people: Vec<PersonView>,
    pub organizations: Vec<String>,
    pub tags: Vec<String>,
    pub sources: Vec<SourceView>,
    pub images: Vec<ImageView>,
    pub awards: Vec<AwardCard>,
    pub related: Vec<ModelCard>,
}

/// An award as shown in listings.
#[derive(Debug, Clone, Serialize)]
pub struct AwardCard {
    pub title: String,
    pub url: String,
    pub kind: Named,
    pub level: Named,
    pub issuer: String,
    /// "2019" or "2009–2019".
    pub year_label: String,
    /// Last year of the award (its year, or the end of its period), for grouping.
    pub year: i32,
    /// The page of that year.
    pub year_url: String,
    pub locality: Vec<Crumb>,
    pub locality_name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecipientView {
    pub name: String,
    pub kind: Option<Named>,
    pub unit: Option<String>,
    /// The model this recipient is linked to.
    pub model: Option<Crumb>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TotalView {
    pub kind: Named,
    pub count: u64,
}

/// An award's own page.
#[derive(Debug, Clone, Serialize)]
pub struct AwardView {
    #[serde(flatten)]
    pub card: AwardCard,
    /// Display date ("13/10/2022") and ISO date ("2022-10-13"), when given.
    pub date: Option<String>,
    pub date_iso: Option<String>,
    pub content: String,
    pub recipients: Vec<RecipientView>,
    pub totals: Vec<TotalView>,
    /// Every model the award names (through `models` or a recipient's `model`).
    pub models: Vec<ModelCard>,
    pub sources: Vec<SourceView>,
}

/// Pagination of a listing.
#[derive(Debug, Clone, Serialize)]
pub struct Paginator {
    /// 1-based number of this page.
    pub current: usize,
    pub total_pages: usize,
    pub total_items: usize,
    /// 1-based index of the first item on this page (0 when empty).
    pub first_item: usize,
    pub last_item: usize,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    pub pages: Vec<PageLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
}

/// One bar of a "counts by" summary.
#[derive(Debug, Clone, Serialize)]
pub struct CountLink {
    pub name: String,
    pub url: String,
    pub count: usize,
}

/// A node of the locality tree.
#[derive(Debug, Clone, Serialize)]
pub struct LocalityNodeView {
    pub name: String,
    /// With unit type when known: "Quận Bình Tân".
    pub full_name: String,
    pub url: String,
    /// Models in the whole subtree.
    pub count: usize,
    pub children: Vec<LocalityNodeView>,
}

/// A locality page's header.
#[derive(Debug, Clone, Serialize)]
pub struct LocalityView {
    pub name: String,
    pub full_name: String,
    /// Official full name from the registry ("Phường Trường Sơn, Thành phố
    /// Sầm Sơn, Tỉnh Thanh Hóa"), or the written names for other units.
    pub canonical_name: String,
    /// Unit type ("Phường"), empty when unknown.
    pub kind: String,
    /// `pre2025` (the three-level structure before 1 July 2025), `post2025`,
    /// `old` (a unit that ceased before 2025), or empty for a name the
    /// registry does not know. A province written on both sides is `post2025`.
    pub structure: &'static str,
    /// What this unit became on 1 July 2025 (for a unit that changed).
    pub became: Vec<UnitLink>,
    /// The units this one came from (for a unit created on 1 July 2025).
    pub came_from: Vec<UnitLink>,
    /// Models of the units it came from (first page only).
    pub came_from_models: Vec<ModelCard>,
    /// 1 = province, 2 = district (or commune after 2025), 3 = commune.
    pub level: usize,
    pub url: String,
    /// From the root to the parent (the node itself not included).
    pub breadcrumb: Vec<Crumb>,
    pub count: usize,
    pub children: Vec<CountLink>,
    pub by_field: Vec<CountLink>,
    pub by_year: Vec<CountLink>,
    pub awards: Vec<AwardCard>,
}

/// A year with its counts.
#[derive(Debug, Clone, Serialize)]
pub struct YearView {
    pub year: i32,
    pub url: String,
    pub models: usize,
    pub awards: usize,
}

/// Awards of one year, grouped by level (highest level first).
#[derive(Debug, Clone, Serialize)]
pub struct AwardYearGroup {
    pub year: i32,
    /// The year's page.
    pub url: String,
    pub levels: Vec<AwardLevelGroup>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AwardLevelGroup {
    pub level: Named,
    pub awards: Vec<AwardCard>,
}

/// The home page's values.
#[derive(Debug, Clone, Serialize)]
pub struct HomeView {
    /// Rendered body of `content/pages/_index.md` if present, else empty.
    pub intro: String,
    pub fields: Vec<FieldLink>,
    pub years: Vec<YearView>,
    pub featured: Vec<ModelCard>,
    pub latest: Vec<ModelCard>,
    pub latest_awards: Vec<AwardCard>,
    pub provinces: Vec<CountLink>,
    pub counts: SiteCounts,
}

/// A free page.
#[derive(Debug, Clone, Serialize)]
pub struct FreePageView {
    pub title: String,
    pub summary: Option<String>,
    pub content: String,
}

/// A file of open data, on the `/du-lieu/` page.
#[derive(Debug, Clone, Serialize)]
pub struct DataFile {
    pub name: String,
    pub url: String,
    /// `JSON` or `CSV`.
    pub format: String,
    /// `models` or `awards`.
    pub about: String,
}

/// A province's file of open data, on the `/du-lieu/` page (its JSON is
/// in the zipped whole set only).
#[derive(Debug, Clone, Serialize)]
pub struct DataGroup {
    /// The province's name; none for the models without a locality.
    pub name: Option<String>,
    /// How many models its file holds.
    pub count: usize,
    pub csv: DataFile,
}

/// A unit named on a locality page: linked when the site has a page for it.
#[derive(Debug, Clone, Serialize)]
pub struct UnitLink {
    pub name: String,
    pub url: Option<String>,
    /// Models under that unit on this site.
    pub count: usize,
}
