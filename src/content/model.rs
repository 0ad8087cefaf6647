//! Models (mô hình): `RawModel` straight from YAML, then [`Model`], typed and
//! checked. The raw struct is destructured field by field so a new key
//! cannot be forgotten; `private` is read (so it is a known key) and dropped
//! here, which is why no later stage can publish it.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::common::{
    self, Ctx, Image, Person, RawImage, RawLocality, RawPerson, RawSource, Scalar, Source,
};
use super::date::PartialDate;
use super::defaults::{Defaults, Kind};
use super::enums::{Status, choices_help, parse_choice};
use super::frontmatter::{self, SourceFile};
use super::keys::{self, Schema};
use crate::config::SiteConfig;
use crate::diag::Diagnostic;
use crate::l10n::Msg;
use crate::markdown;
use crate::text;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawModel {
    title: Option<String>,
    locality: Option<RawLocality>,
    field: Option<String>,
    year: Option<i64>,
    date: Option<Scalar>,
    summary: Option<String>,
    organizations: Option<Vec<String>>,
    people: Option<Vec<RawPerson>>,
    results: Option<Vec<RawResult>>,
    status: Option<String>,
    tags: Option<Vec<String>>,
    sources: Option<Vec<RawSource>>,
    images: Option<Vec<RawImage>>,
    featured: Option<bool>,
    draft: Option<bool>,
    slug: Option<String>,
    aliases: Option<Vec<String>>,
    #[allow(dead_code)]
    private: Option<serde_yaml_ng::Value>,
}

impl Schema for RawModel {
    const KEYS: &'static [&'static str] = &[
        "title",
        "locality",
        "field",
        "year",
        "date",
        "summary",
        "organizations",
        "people",
        "results",
        "status",
        "tags",
        "sources",
        "images",
        "featured",
        "draft",
        "slug",
        "aliases",
        "private",
    ];
    const NESTED: &'static [(&'static str, &'static [&'static str])] = &[
        ("people", keys::PERSON_KEYS),
        ("results", keys::RESULT_KEYS),
        ("sources", keys::SOURCE_KEYS),
        ("images", keys::IMAGE_KEYS),
    ];
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawResult {
    label: String,
    value: Scalar,
}

#[derive(Debug, Clone, PartialEq, Hash, serde::Serialize, serde::Deserialize)]
pub struct KeyResult {
    pub label: String,
    pub value: String,
}

/// A model, resolved. Has no `private` field by design.
#[derive(Debug, Clone, Hash, serde::Serialize, serde::Deserialize)]
pub struct Model {
    #[serde(deserialize_with = "super::cache::text::path")]
    pub path: PathBuf,
    /// Folder holding the bundle's files, when the model is `<slug>/index.md`.
    pub bundle_dir: Option<PathBuf>,
    /// The last segment of its URL: its `slug:`, or made from its title.
    #[serde(deserialize_with = "super::cache::text::string")]
    pub slug: String,
    /// Its site path under `mo-hinh/`, without the slashes at the ends:
    /// its unit's path in the locality tree, then [`Model::slug`]
    /// (`ha-noi/ba-dinh/hu-gao-tinh-thuong`). Set by [`crate::site`] when
    /// it places the model (it depends on the tree, not on the file alone),
    /// so it is not kept in the parse cache.
    #[serde(skip)]
    pub url: String,
    /// Old site paths (`aliases:`) that redirect to its page.
    pub aliases: Vec<String>,
    #[serde(deserialize_with = "super::cache::text::string")]
    pub title: String,
    /// The title's Vietnamese sort key ([`text::Collator::sort_key`]),
    /// made when the file is parsed (and kept in the parse cache): sorting
    /// a national site compares titles millions of times.
    pub title_key: Vec<u8>,
    /// Top-down names as written (NFC, trimmed).
    #[serde(deserialize_with = "super::cache::text::strings")]
    pub locality: Vec<String>,
    /// File line of the `locality:` key, for diagnostics about it.
    pub locality_line: usize,
    /// Index into `SiteConfig::fields`.
    pub field: usize,
    pub year: i32,
    pub date: Option<PartialDate>,
    #[serde(deserialize_with = "super::cache::text::string")]
    pub summary: String,
    /// Organizations, people, results, tags and sources: [`Model::details`].
    details: Packed,
    pub status: Status,
    pub images: Vec<Image>,
    pub featured: bool,
    pub draft: bool,
    /// Fingerprint of the Markdown body ([`super::body_hash`]). The body
    /// itself is not kept: [`Model::body_html`] reads and renders it when
    /// the model's page is rendered, so a national site's bodies are never
    /// all in memory at once.
    pub body_hash: u64,
    /// [`Model::card_hash`].
    card: u64,
    /// [`Model::locality_hash`].
    locality_hash: u64,
}

/// What only a model's own page, its open data record and the search
/// index show. Kept packed in the [`Model`] ([`Model::details`] unpacks
/// it): a rebuild of a national site reads 100,000 models from the parse
/// cache and renders a handful of their pages, and these lists were most
/// of what it decoded (two thirds of the strings).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Details {
    pub organizations: Vec<String>,
    pub people: Vec<Person>,
    pub results: Vec<KeyResult>,
    pub tags: Vec<String>,
    pub sources: Vec<Source>,
}

/// [`Details`] in postcard, kept as one block of bytes (and stored as such
/// in the parse cache: read with one copy, not string by string).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
struct Packed(Box<[u8]>);

impl Packed {
    fn pack(d: &Details) -> Packed {
        Packed(
            postcard::to_allocvec(d)
                .unwrap_or_default()
                .into_boxed_slice(),
        )
    }

    /// Bytes this binary packed: they unpack (a damaged cache fails to
    /// load as a whole, before any model is made of it).
    fn unpack(&self) -> Details {
        postcard::from_bytes(&self.0).unwrap_or_default()
    }
}

impl serde::Serialize for Packed {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Packed {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Bytes;
        impl<'de> serde::de::Visitor<'de> for Bytes {
            type Value = Packed;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Packed, E> {
                Ok(Packed(v.into()))
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Packed, E> {
                Ok(Packed(v.into_boxed_slice()))
            }
        }
        d.deserialize_byte_buf(Bytes)
    }
}

/// A hash of a locality path as written, names in order.
pub fn locality_hash(path: &[String]) -> u64 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut h = DefaultHasher::new();
    path.hash(&mut h);
    h.finish()
}

impl Model {
    /// Its date, or its year when it has none: what its locality is read
    /// at (the structure before or after July 2025) and what the feed
    /// shows.
    pub fn when(&self) -> PartialDate {
        self.date.unwrap_or(PartialDate::year(self.year))
    }

    /// The model's body, read again from its file and rendered. An error
    /// when the file is gone or its body changed since it was loaded (an
    /// edit during the build): building again picks the edit up.
    pub fn body_html(&self, md: &markdown::Options) -> Result<String, Diagnostic> {
        self.body_rendered(md, None).map(|r| r.html)
    }

    /// [`Model::body_html`] for its text alone ([`markdown::render_for_text`]).
    pub fn body_for_text(&self, md: &markdown::Options) -> Result<String, Diagnostic> {
        self.body_read(|body| markdown::render_for_text(body, md))
    }

    /// [`Model::body_html`], with the body's first paragraph, its local
    /// images through `pictures`.
    pub fn body_rendered(
        &self,
        md: &markdown::Options,
        pictures: Option<markdown::Pictures>,
    ) -> Result<markdown::Rendered, Diagnostic> {
        self.body_read(|body| markdown::render_with(body, md, pictures))
    }

    /// `render` of the body, read again from the model's file.
    fn body_read<T>(&self, render: impl FnOnce(&str) -> T) -> Result<T, Diagnostic> {
        let changed = || Diagnostic::error(&self.path, "file-changed-during-build");
        let bytes = std::fs::read(&self.path).map_err(|_| changed())?;
        // A file is nearly always saved as the loader decodes it (UTF-8,
        // no BOM, LF line ends, NFC): then the body read as it is hashes
        // to the loaded body's hash, and decoding (normalizing and copying
        // the whole file) can be left out. A BOM, a CR or a character NFC
        // would change makes the hashes differ, and the file is decoded.
        let raw = simdutf8::basic::from_utf8(&bytes)
            .ok()
            .and_then(|text| frontmatter::split_text(&self.path, text).ok())
            .filter(|split| super::body_hash(split.body) == self.body_hash);
        if let Some(split) = raw {
            return Ok(render(split.body));
        }
        let file = frontmatter::decode(&self.path, &bytes)?;
        let split = frontmatter::split(&file)?;
        if super::body_hash(split.body) != self.body_hash {
            return Err(changed());
        }
        Ok(render(split.body))
    }

    /// A hash of every field but the body's fingerprint and the file's
    /// paths (no page shows those): two versions of a model with the same
    /// card hash differ at most in their bodies, which only their own
    /// pages show. Made when the file is parsed (and kept in the parse
    /// cache): a rebuild of a national site needs all 100,000.
    pub fn card_hash(&self) -> u64 {
        self.card
    }

    /// Its organizations, people, results, tags and sources, unpacked.
    pub fn details(&self) -> Details {
        self.details.unpack()
    }

    /// [`locality_hash`] of the locality as written, made when the file is
    /// parsed: indexing a national site groups 100,000 models by locality,
    /// and reading every model's names to hash them was most of that.
    pub fn locality_hash(&self) -> u64 {
        self.locality_hash
    }

    fn make_card_hash(&self) -> u64 {
        use std::hash::{DefaultHasher, Hash, Hasher};
        let Model {
            path: _,
            bundle_dir: _,
            slug,
            // Made from the slug and the locality, both hashed.
            url: _,
            // Only the redirect pages show them.
            aliases: _,
            title,
            title_key,
            locality,
            locality_line,
            field,
            year,
            date,
            summary,
            details,
            status,
            images,
            featured,
            draft,
            body_hash: _,
            card: _,
            locality_hash: _,
        } = self;
        let mut h = DefaultHasher::new();
        (slug, title, title_key, locality, locality_line).hash(&mut h);
        (field, year, date, summary, details).hash(&mut h);
        (status, images, featured, draft).hash(&mut h);
        h.finish()
    }

    /// Sort key for "newest first": date (a bare year sorts as its start).
    pub fn date_key(&self) -> (i32, u8, u8) {
        match self.date {
            Some(d) => (d.year, d.month.unwrap_or(0), d.day.unwrap_or(0)),
            None => (self.year, 0, 0),
        }
    }
}

/// Resolves a field written by key or by name against the site's fields.
pub fn parse_field(cfg: &SiteConfig, input: &str) -> Option<usize> {
    parse_field_by(cfg, &FieldKeys::of(cfg), input)
}

/// The matching key and the slug of each of the site's field names: made
/// once for a load, not again for every model (each is several passes of
/// Unicode normalization).
pub struct FieldKeys(Vec<(String, String)>);

impl FieldKeys {
    pub fn of(cfg: &SiteConfig) -> FieldKeys {
        FieldKeys(
            cfg.fields
                .iter()
                .map(|f| (text::match_key(&f.name), text::slugify(&f.name)))
                .collect(),
        )
    }
}

/// [`parse_field`], with the names' keys made already.
fn parse_field_by(cfg: &SiteConfig, keys: &FieldKeys, input: &str) -> Option<usize> {
    let s = text::slugify(input);
    let k = text::match_key(input);
    cfg.fields
        .iter()
        .zip(&keys.0)
        .position(|(f, (key, slug))| f.key == s || *key == k || *slug == s)
}

/// "`kinh-te` (Kinh tế), …": the site's fields, for a message.
pub fn field_list(cfg: &SiteConfig) -> String {
    let list: Vec<String> = cfg
        .fields
        .iter()
        .map(|f| format!("`{}` ({})", f.key, f.name))
        .collect();
    list.join(", ")
}

/// The message for a field the site does not have: the nearest field
/// (by key or by name, so `kinh-tee` finds `kinh-te`) and the list.
pub fn field_unknown(cfg: &SiteConfig, written: &str) -> Msg {
    let keys: Vec<&str> = cfg.fields.iter().map(|f| f.key.as_str()).collect();
    let names: Vec<String> = cfg
        .fields
        .iter()
        .map(|f| text::match_key(&f.name))
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let by_key = frontmatter::closest(&text::slugify(written), &keys);
    let by_name = frontmatter::closest(&text::match_key(written), &names)
        .and_then(|n| names.iter().position(|x| *x == n))
        .map(|i| keys[i]);
    Msg::new("field-unknown")
        .arg("value", written)
        .arg("suggestion", by_key.or(by_name).unwrap_or("none"))
        .arg("choices", field_list(cfg))
}

/// Reads one model file.
pub fn load(
    file: &SourceFile,
    cfg: &SiteConfig,
    md: &markdown::Options,
) -> Result<Model, Vec<Diagnostic>> {
    load_with(file, cfg, md, None)
}

/// Reads one model file, its missing keys filled from the `_defaults.yaml`
/// files over it.
pub fn load_with(
    file: &SourceFile,
    cfg: &SiteConfig,
    md: &markdown::Options,
    defaults: Option<&Defaults>,
) -> Result<Model, Vec<Diagnostic>> {
    load_partial(file, cfg, md, defaults).map_err(|(d, _)| d)
}

/// [`load_with`], and on errors what could be read of the model (when
/// its front matter could be parsed at all): its locality, links and
/// images are still checked, so one run names every mistake.
pub fn load_partial(
    file: &SourceFile,
    cfg: &SiteConfig,
    md: &markdown::Options,
    defaults: Option<&Defaults>,
) -> Result<Model, super::Failed<Model>> {
    load_partial_by(file, cfg, &FieldKeys::of(cfg), md, defaults)
}

/// [`load_partial`], with the keys of the site's fields made already.
pub fn load_partial_by(
    file: &SourceFile,
    cfg: &SiteConfig,
    keys: &FieldKeys,
    // The body is rendered with the page; its first paragraph, all a
    // load needs of it, does not depend on the options.
    _md: &markdown::Options,
    defaults: Option<&Defaults>,
) -> Result<Model, super::Failed<Model>> {
    let split = frontmatter::split(file).map_err(|d| (vec![d], None))?;
    let filled = defaults.and_then(|d| d.fill::<RawModel>(Kind::Models, file, &split));
    let (parsed, origins) = match filled {
        Some(r) => r.map_err(|d| (vec![d], None))?,
        None => (
            frontmatter::parse::<RawModel>(file, &split).map_err(|d| (vec![d], None))?,
            Default::default(),
        ),
    };
    let frontmatter::Parsed {
        value: raw,
        problems,
        failed,
    } = parsed;
    let RawModel {
        title,
        locality,
        field,
        year,
        date,
        summary,
        organizations,
        people,
        results,
        status,
        tags,
        sources,
        images,
        featured,
        draft,
        slug,
        aliases,
        private: _,
    } = raw;
    let mut ctx = Ctx::new(&file.path, &split);
    ctx.origins = origins;
    ctx.errors = problems;
    ctx.failed = failed;
    let title = common::required_text(&mut ctx, "title", title);
    let locality = common::locality(&mut ctx, locality, true);
    let locality_line = frontmatter::key_line(&split, "locality");
    let field_text = common::required_text(&mut ctx, "field", field);
    let field = if field_text.is_empty() {
        0
    } else {
        match parse_field_by(cfg, keys, &field_text) {
            Some(i) => i,
            None => {
                ctx.error("field", field_unknown(cfg, &field_text));
                0
            }
        }
    };
    let (year, date) = common::year_and_date(&mut ctx, year, date);
    let year = year.unwrap_or_else(|| {
        let written = ctx.failed("year") || ctx.failed("date");
        if !written && !ctx.errors.iter().any(|e| e.kind().starts_with("date-")) {
            ctx.error("title", Msg::new("missing-year"));
        }
        0
    });
    let status = match status {
        None => Status::Ongoing,
        Some(s) => parse_choice::<Status>(&s).unwrap_or_else(|| {
            ctx.error("status", choices_help::<Status>(&s));
            Status::Ongoing
        }),
    };
    let slug = common::slug(&mut ctx, slug, &title);
    let aliases = common::aliases(&mut ctx, aliases);
    let bundle_dir = (file.path.file_name().and_then(|n| n.to_str()) == Some("index.md"))
        .then(|| file.path.parent().map(Path::to_path_buf))
        .flatten();
    let images = common::images(&mut ctx, images, bundle_dir.as_deref());
    let people = common::people(&mut ctx, people);
    let results = results
        .unwrap_or_default()
        .into_iter()
        .map(|r| KeyResult {
            label: r.label.trim().to_string(),
            value: r.value.0.trim().to_string(),
        })
        .collect();
    // Without a summary, the body's first paragraph stands in; the body
    // itself is rendered with the page (`Model::body_html`).
    let summary = summary
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| markdown::first_paragraph_of(split.body));
    let mut model = Model {
        path: file.path.clone(),
        bundle_dir,
        slug,
        url: String::new(),
        aliases,
        title_key: text::collator().sort_key(&title),
        title,
        locality,
        locality_line,
        field,
        year,
        date,
        summary,
        details: Packed::pack(&Details {
            organizations: organizations.unwrap_or_default(),
            people,
            results,
            tags: tags.unwrap_or_default(),
            sources: common::sources(&mut ctx, sources),
        }),
        status,
        images,
        featured: featured.unwrap_or(false),
        draft: draft.unwrap_or(false),
        body_hash: super::body_hash(split.body),
        card: 0,
        locality_hash: 0,
    };
    model.card = model.make_card_hash();
    model.locality_hash = locality_hash(&model.locality);
    common::body(&mut ctx);
    match ctx.finish(()) {
        Ok(()) => Ok(model),
        Err(errors) => Err((errors, Some(Box::new(model)))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_reads_again_as_loaded_however_its_file_is_saved() {
        let dir = tempfile::tempdir().expect("temp dir");
        let md = markdown::Options {
            root: "/".into(),
            trust_raw_html: false,
        };
        let cfg = SiteConfig::default();
        let nfc =
            "---\ntitle: X\nlocality: Hà Nội\nfield: kinh-te\nyear: 2020\n---\nĐoạn **một**.\n";
        let nfd = nfc.replace('à', "a\u{300}").replace('ạ', "a\u{323}");
        let crlf_bom = format!("\u{feff}{}", nfd.replace('\n', "\r\n"));
        let mut bodies = Vec::new();
        for (i, text) in [nfc.to_string(), nfd, crlf_bom].iter().enumerate() {
            let path = dir.path().join(format!("{i}.md"));
            std::fs::write(&path, text).expect("write");
            let source = frontmatter::decode(&path, text.as_bytes()).expect("utf-8");
            let m = load(&source, &cfg, &md).expect("loads");
            bodies.push(m.body_html(&md).expect("unchanged"));
            std::fs::write(&path, text.replace("một", "hai")).expect("write");
            let changed = m.body_html(&md).expect_err("changed");
            assert_eq!(changed.kind(), "file-changed-during-build");
        }
        assert_eq!(bodies[0], "<p>Đoạn <strong>một</strong>.</p>\n");
        assert!(bodies.iter().all(|b| *b == bodies[0]), "{bodies:?}");
    }
}
