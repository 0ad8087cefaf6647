//! Open data at `/du-lieu/`: every published model and award as JSON and as
//! CSV (UTF-8 with a BOM, so spreadsheet programs read the diacritics).
//!
//! Built from resolved content only, so `private` and drafts cannot appear.
//! Records are in the site's listing order; keys and columns are fixed and
//! documented on the `/du-lieu/` page (`data.html`).

use std::io::{self, Write};
use std::sync::OnceLock;

use serde::Serialize;

use super::Fill;
use super::cards::{Urls, award_path, model_path};
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
            url: s.url.as_deref(),
            publisher: s.publisher.as_deref(),
            date: s.date.as_deref(),
        })
        .collect()
}

fn model_records<'a>(site: &'a Site, urls: &Urls) -> Vec<ModelRecord<'a>> {
    site.models
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let node = (!m.locality.is_empty()).then(|| site.model_node[i]);
            let (locality_path, locality_name, node) = locality_parts(site, node);
            let page = model_path(&m.slug);
            let f = &site.config.fields[m.field];
            ModelRecord {
                slug: &m.slug,
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
                organizations: &m.organizations,
                people: m
                    .people
                    .iter()
                    .map(|p| Person {
                        name: &p.name,
                        role: p.role.as_deref(),
                        kind: p.kind.map(|k| k.key()),
                    })
                    .collect(),
                results: m
                    .results
                    .iter()
                    .map(|r| LabelValue {
                        label: &r.label,
                        value: &r.value,
                    })
                    .collect(),
                tags: &m.tags,
                sources: sources(&m.sources),
                images: m
                    .images
                    .iter()
                    .map(|img| Image {
                        url: match &img.src {
                            ImageSrc::Bundle(f) => urls.permalink(&format!("{page}{f}")),
                            ImageSrc::Site(p) => urls.permalink(p),
                            ImageSrc::External(u) => u.clone(),
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
        })
        .collect()
}

fn award_records<'a>(site: &'a Site, urls: &Urls) -> Vec<AwardRecord<'a>> {
    site.awards
        .iter()
        .enumerate()
        .map(|(i, a)| {
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
                    .map(|&m| site.models[m].slug.as_str())
                    .collect(),
                sources: sources(&a.sources),
            }
        })
        .collect()
}

/// One CSV field, quoted when needed (RFC 4180).
fn csv_field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// Writes a CSV file (UTF-8 with a BOM, for spreadsheet programs; CRLF).
fn csv(
    w: &mut dyn Write,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> io::Result<()> {
    let mut out = String::from("\u{feff}");
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            csv_field(&mut out, cell);
        }
        out.push_str("\r\n");
        if out.len() > 64 * 1024 {
            w.write_all(out.as_bytes())?;
            out.clear();
        }
    }
    w.write_all(out.as_bytes())
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

/// The records of the open data, made when a file first needs them and
/// shared by the JSON and the CSV of the same entries.
pub struct Records<'a> {
    site: &'a Site,
    urls: &'a Urls,
    models: OnceLock<Vec<ModelRecord<'a>>>,
    awards: OnceLock<Vec<AwardRecord<'a>>>,
}

impl<'a> Records<'a> {
    pub fn new(site: &'a Site, urls: &'a Urls) -> Records<'a> {
        Records {
            site,
            urls,
            models: OnceLock::new(),
            awards: OnceLock::new(),
        }
    }

    fn models(&self) -> &[ModelRecord<'a>] {
        self.models
            .get_or_init(|| model_records(self.site, self.urls))
    }

    fn awards(&self) -> &[AwardRecord<'a>] {
        self.awards
            .get_or_init(|| award_records(self.site, self.urls))
    }
}

/// The four open data files: (path, what writes it), to be written in
/// parallel. Records are made when a file needs them and dropped with
/// `records`, and the bytes stream to the output, so a national site never
/// holds a whole file in memory.
pub fn files<'r>(records: &'r Records<'_>) -> Vec<(&'static str, Box<Fill<'r>>)> {
    vec![
        (
            "du-lieu/mo-hinh.json",
            Box::new(move |w: &mut dyn Write| {
                serde_json::to_writer_pretty(w, records.models()).map_err(io::Error::other)
            }),
        ),
        (
            "du-lieu/mo-hinh.csv",
            Box::new(move |w: &mut dyn Write| model_csv(w, records.models())),
        ),
        (
            "du-lieu/khen-thuong.json",
            Box::new(move |w: &mut dyn Write| {
                serde_json::to_writer_pretty(w, records.awards()).map_err(io::Error::other)
            }),
        ),
        (
            "du-lieu/khen-thuong.csv",
            Box::new(move |w: &mut dyn Write| award_csv(w, records.awards())),
        ),
    ]
}

fn model_csv(w: &mut dyn Write, models: &[ModelRecord]) -> io::Result<()> {
    csv(
        w,
        MODEL_COLUMNS,
        models.iter().map(|m| {
            let level = |k: usize| {
                m.locality_path
                    .get(k)
                    .map(|s| s.to_string())
                    .unwrap_or_default()
            };
            vec![
                m.slug.to_string(),
                m.url.clone(),
                m.title.to_string(),
                level(0),
                level(1),
                level(2),
                m.locality_name.clone(),
                m.field.key.to_string(),
                m.field.name.to_string(),
                m.year.to_string(),
                m.date.clone().unwrap_or_default(),
                m.status.key.to_string(),
                m.summary.to_string(),
                m.organizations.join("; "),
                m.results
                    .iter()
                    .map(|r| format!("{}: {}", r.label, r.value))
                    .collect::<Vec<_>>()
                    .join("; "),
                m.tags.join("; "),
                m.awards.join("; "),
            ]
        }),
    )
}

fn award_csv(w: &mut dyn Write, awards: &[AwardRecord]) -> io::Result<()> {
    csv(
        w,
        AWARD_COLUMNS,
        awards.iter().map(|a| {
            vec![
                a.slug.to_string(),
                a.url.clone(),
                a.title.to_string(),
                a.kind.key.to_string(),
                a.level.key.to_string(),
                a.issuer.to_string(),
                a.year_from.to_string(),
                a.year_to.to_string(),
                a.date.clone().unwrap_or_default(),
                a.locality_name.clone(),
                a.recipients
                    .iter()
                    .map(|r| r.name)
                    .collect::<Vec<_>>()
                    .join("; "),
                a.totals
                    .iter()
                    .map(|(k, n)| format!("{k}: {n}"))
                    .collect::<Vec<_>>()
                    .join("; "),
                a.models.join("; "),
            ]
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_when_needed() {
        let mut s = Vec::new();
        csv(
            &mut s,
            &["a", "b"],
            vec![vec!["x".into(), "có, \"dấu\"\nphẩy".into()]].into_iter(),
        )
        .expect("write");
        assert_eq!(
            String::from_utf8(s).expect("utf-8"),
            "\u{feff}a,b\r\nx,\"có, \"\"dấu\"\"\nphẩy\"\r\n"
        );
    }
}
