//! The records of the open data at `/du-lieu/`: every published model and
//! award as JSON and as CSV (UTF-8 with a BOM, so spreadsheet programs read
//! the diacritics). Which files hold which records: `datasets.rs`.
//!
//! Built from resolved content only, so `private` and drafts cannot appear.
//! Records are in the site's listing order; keys and columns are fixed and
//! documented on the `/du-lieu/` page (`data.html`).

use crate::markdown::guard::published_url;
use serde::Serialize;

use super::cards::{Urls, award_path, model_path};
use super::table::{MakeRecord, Table};
use crate::content::common::ImageSrc;
use crate::content::enums::Choice;
use crate::site::Site;

#[derive(Serialize)]
struct KeyName<'a> {
    key: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct ModelRecord<'a> {
    slug: &'a str,
    url: String,
    title: &'a str,
    /// The locality as written in the entry, top-down.
    locality: &'a [String],
    /// The unit it was grouped under, top-down (display names).
    locality_path: Vec<&'a str>,
    locality_name: String,
    locality_url: Option<String>,
    field: KeyName<'a>,
    year: i32,
    date: Option<String>,
    status: KeyName<'a>,
    summary: &'a str,
    organizations: &'a [String],
    people: Vec<Person<'a>>,
    results: Vec<LabelValue<'a>>,
    tags: &'a [String],
    sources: Vec<Source<'a>>,
    images: Vec<Image<'a>>,
    featured: bool,
    awards: Vec<&'a str>,
}

#[derive(Serialize)]
struct Person<'a> {
    name: &'a str,
    role: Option<&'a str>,
    kind: Option<&'a str>,
}

#[derive(Serialize)]
struct LabelValue<'a> {
    label: &'a str,
    value: &'a str,
}

#[derive(Serialize)]
struct Source<'a> {
    title: &'a str,
    url: Option<&'a str>,
    publisher: Option<&'a str>,
    date: Option<&'a str>,
}

#[derive(Serialize)]
struct Image<'a> {
    url: String,
    alt: &'a str,
    caption: Option<&'a str>,
    credit: Option<&'a str>,
}

#[derive(Serialize)]
struct Recipient<'a> {
    name: &'a str,
    kind: Option<&'a str>,
    unit: Option<&'a str>,
    model: Option<&'a str>,
}

#[derive(Serialize)]
struct AwardRecord<'a> {
    slug: &'a str,
    url: String,
    title: &'a str,
    kind: KeyName<'a>,
    level: KeyName<'a>,
    issuer: &'a str,
    year_from: i32,
    year_to: i32,
    date: Option<String>,
    locality: &'a [String],
    locality_name: String,
    recipients: Vec<Recipient<'a>>,
    totals: std::collections::BTreeMap<&'a str, u64>,
    models: Vec<&'a str>,
    sources: Vec<Source<'a>>,
}

fn locality_parts(site: &Site, node: Option<usize>) -> (Vec<&str>, String, Option<usize>) {
    match node {
        Some(n) => (
            site.tree
                .lineage(n)
                .into_iter()
                .map(|i| site.tree.nodes[i].name.as_str())
                .collect(),
            site.tree.display_path(n),
            Some(n),
        ),
        None => (Vec::new(), String::new(), None),
    }
}

fn sources(s: &[crate::content::common::Source]) -> Vec<Source<'_>> {
    s.iter()
        .map(|s| Source {
            title: &s.title,
            url: s.url.as_deref().map(published_url),
            publisher: s.publisher.as_deref(),
            date: s.date.as_deref(),
        })
        .collect()
}

fn model_record<'a>(
    site: &'a Site,
    urls: &Urls,
    i: usize,
    details: &'a crate::content::model::Details,
) -> ModelRecord<'a> {
    let m = &site.models[i];
    let node = (!m.locality.is_empty()).then(|| site.model_node[i]);
    let (locality_path, locality_name, node) = locality_parts(site, node);
    let page = model_path(&m.url);
    let f = &site.config.fields[m.field];
    ModelRecord {
        slug: &m.url,
        url: urls.permalink(&page),
        title: &m.title,
        locality: &m.locality,
        locality_path,
        locality_name,
        locality_url: node.map(|n| urls.permalink(&site.tree.nodes[n].path)),
        field: KeyName {
            key: &f.key,
            name: &f.name,
        },
        year: m.year,
        date: m.date.map(|d| d.to_string()),
        status: KeyName {
            key: m.status.key(),
            name: m.status.name(),
        },
        summary: &m.summary,
        organizations: &details.organizations,
        people: details
            .people
            .iter()
            .map(|p| Person {
                name: &p.name,
                role: p.role.as_deref(),
                kind: p.kind.map(|k| k.key()),
            })
            .collect(),
        results: details
            .results
            .iter()
            .map(|r| LabelValue {
                label: &r.label,
                value: &r.value,
            })
            .collect(),
        tags: &details.tags,
        sources: sources(&details.sources),
        images: m
            .images
            .iter()
            .map(|img| Image {
                url: match &img.src {
                    ImageSrc::Bundle(f) => urls.permalink(&format!("{page}{f}")),
                    ImageSrc::Site(p) => urls.permalink(p),
                    ImageSrc::External(u) => published_url(u).to_string(),
                },
                alt: &img.alt,
                caption: img.caption.as_deref(),
                credit: img.credit.as_deref(),
            })
            .collect(),
        featured: m.featured,
        awards: site.model_awards[i]
            .iter()
            .map(|&a| site.awards[a].slug.as_str())
            .collect(),
    }
}

fn award_record<'a>(site: &'a Site, urls: &Urls, i: usize) -> AwardRecord<'a> {
    let a = &site.awards[i];
    let (_, locality_name, _) = locality_parts(site, site.award_node[i]);
    AwardRecord {
        slug: &a.slug,
        url: urls.permalink(&award_path(&a.slug)),
        title: &a.title,
        kind: KeyName {
            key: a.kind.key(),
            name: a.kind.name(),
        },
        level: KeyName {
            key: a.level.key(),
            name: a.level.name(),
        },
        issuer: &a.issuer,
        year_from: a.years.0,
        year_to: a.years.1,
        date: a.date.map(|d| d.to_string()),
        locality: &a.locality,
        locality_name,
        recipients: a
            .recipients
            .iter()
            .map(|r| Recipient {
                name: &r.name,
                kind: r.kind.map(|k| k.key()),
                unit: r.unit.as_deref(),
                model: r.model.as_deref(),
            })
            .collect(),
        totals: a.totals.iter().map(|(k, n)| (k.key(), *n)).collect(),
        models: site.award_models[i]
            .iter()
            .map(|&m| site.models[m].url.as_str())
            .collect(),
        sources: sources(&a.sources),
    }
}

/// One CSV field, quoted when needed (RFC 4180). A field that a
/// spreadsheet would read as a formula (it begins with `=`, `+`, `-`, `@`,
/// a tab or a carriage return) gets a `'` before it, as OWASP advises for
/// CSV injection; the JSON keeps the exact value.
fn csv_field(out: &mut Vec<u8>, s: &str) {
    let neutral;
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        neutral = format!("'{s}");
        neutral.as_str()
    } else {
        s
    };
    if s.contains([',', '"', '\n', '\r']) {
        out.push(b'"');
        out.extend_from_slice(s.replace('"', "\"\"").as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

/// One CSV row, ended by CRLF.
fn csv_row<S: AsRef<str>>(out: &mut Vec<u8>, cells: &[S]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        csv_field(out, cell.as_ref());
    }
    out.extend_from_slice(b"\r\n");
}

/// The start of a CSV file: a BOM, so spreadsheet programs read the
/// diacritics, and the header row.
fn csv_head(columns: &[&str]) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    csv_row(&mut out, columns);
    out
}

/// Columns of `mo-hinh.csv`, in order.
pub const MODEL_COLUMNS: &[&str] = &[
    "slug",
    "url",
    "title",
    "province",
    "district",
    "commune",
    "locality_name",
    "field",
    "field_name",
    "year",
    "date",
    "status",
    "summary",
    "organizations",
    "results",
    "tags",
    "awards",
];

/// Columns of `khen-thuong.csv`, in order.
pub const AWARD_COLUMNS: &[&str] = &[
    "slug",
    "url",
    "title",
    "kind",
    "level",
    "issuer",
    "year_from",
    "year_to",
    "date",
    "locality_name",
    "recipients",
    "totals",
    "models",
];

/// The keys of the open data's records ([`Table::keys`]), per model and
/// per award: a hash of everything the record shows.
#[derive(Debug, Default)]
pub struct Keys {
    pub models: Vec<u64>,
    pub awards: Vec<u64>,
}

/// A record as JSON, on one line. Serializing these records cannot fail
/// (no maps with non-string keys, no foreign types).
fn json_line<T: Serialize>(out: &mut Vec<u8>, record: &T) {
    if serde_json::to_writer(&mut *out, record).is_err() {
        out.extend_from_slice(b"null");
    }
}

/// A JSON file of records, one record per line.
pub fn json_table<'a>(keys: Vec<u64>, make: Box<MakeRecord<'a>>) -> Table<'a> {
    Table {
        head: b"[\n".to_vec(),
        sep: b",\n",
        tail: b"\n]\n",
        keys,
        make,
    }
}

/// A CSV file of records, under a header row of `columns`.
pub fn csv_table<'a>(columns: &[&str], keys: Vec<u64>, make: Box<MakeRecord<'a>>) -> Table<'a> {
    Table {
        head: csv_head(columns),
        sep: b"",
        tail: b"",
        keys,
        make,
    }
}

/// Model `i`'s record as one line of JSON.
pub fn model_json(site: &Site, urls: &Urls, i: usize, out: &mut Vec<u8>) {
    let details = site.models[i].details();
    json_line(out, &model_record(site, urls, i, &details));
}

/// Model `i`'s record as one CSV row ([`MODEL_COLUMNS`]).
pub fn model_csv(site: &Site, urls: &Urls, i: usize, out: &mut Vec<u8>) {
    let details = site.models[i].details();
    model_row(out, &model_record(site, urls, i, &details));
}

/// Award `i`'s record as one line of JSON.
pub fn award_json(site: &Site, urls: &Urls, i: usize, out: &mut Vec<u8>) {
    json_line(out, &award_record(site, urls, i));
}

/// Award `i`'s record as one CSV row ([`AWARD_COLUMNS`]).
pub fn award_csv(site: &Site, urls: &Urls, i: usize, out: &mut Vec<u8>) {
    award_row(out, &award_record(site, urls, i));
}

fn model_row(out: &mut Vec<u8>, m: &ModelRecord) {
    let level = |k: usize| m.locality_path.get(k).copied().unwrap_or_default();
    let year = m.year.to_string();
    let results = m
        .results
        .iter()
        .map(|r| format!("{}: {}", r.label, r.value))
        .collect::<Vec<_>>()
        .join("; ");
    csv_row(
        out,
        &[
            m.slug,
            &m.url,
            m.title,
            level(0),
            level(1),
            level(2),
            &m.locality_name,
            m.field.key,
            m.field.name,
            &year,
            m.date.as_deref().unwrap_or_default(),
            m.status.key,
            m.summary,
            &m.organizations.join("; "),
            &results,
            &m.tags.join("; "),
            &m.awards.join("; "),
        ],
    );
}

fn award_row(out: &mut Vec<u8>, a: &AwardRecord) {
    let recipients = a
        .recipients
        .iter()
        .map(|r| r.name)
        .collect::<Vec<_>>()
        .join("; ");
    let totals = a
        .totals
        .iter()
        .map(|(k, n)| format!("{k}: {n}"))
        .collect::<Vec<_>>()
        .join("; ");
    csv_row(
        out,
        &[
            a.slug,
            &a.url,
            a.title,
            a.kind.key,
            a.level.key,
            a.issuer,
            &a.year_from.to_string(),
            &a.year_to.to_string(),
            a.date.as_deref().unwrap_or_default(),
            &a.locality_name,
            &recipients,
            &totals,
            &a.models.join("; "),
        ],
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_when_needed() {
        let mut s = csv_head(&["a", "b"]);
        csv_row(&mut s, &["x", "có, \"dấu\"\nphẩy"]);
        assert_eq!(
            String::from_utf8(s).expect("utf-8"),
            "\u{feff}a,b\r\nx,\"có, \"\"dấu\"\"\nphẩy\"\r\n"
        );
    }

    #[test]
    fn csv_cells_that_look_like_formulas_are_neutralised() {
        let mut s = Vec::new();
        csv_row(
            &mut s,
            &[
                "=HYPERLINK(\"x\")",
                "+1",
                "-2",
                "@SUM(A1)",
                "\tx",
                "\rx",
                "a=b",
                "Hà Nội",
            ],
        );
        assert_eq!(
            String::from_utf8(s).expect("utf-8"),
            "\"'=HYPERLINK(\"\"x\"\")\",'+1,'-2,'@SUM(A1),'\tx,\"'\rx\",a=b,Hà Nội\r\n"
        );
    }
}
