//! The static search index behind `/tim-kiem/`: built during `kheo build`
//! from the resolved site, written as plain files under
//! `tim-kiem/chi-muc/`, read by the theme's small client script
//! (`static/js/tim-kiem.js`). No server code, no WebAssembly.
//!
//! What is indexed: the main content of every published model, award and
//! free page (never listings, never drafts a build leaves out, never an
//! entry's `private` map, which resolved content does not have). Each
//! record carries its title, locality path, field, year and an excerpt for
//! display, and four facets: province (`tinh`), field (`linh-vuc`), year
//! (`nam`) and kind (`loai`).
//!
//! The files ([`index`] writes them, [`read`] reads them back for tests):
//!
//! | file | what |
//! | --- | --- |
//! | `manifest.json` | build id, record count, the first key of every chunk, facet values |
//! | `facets.bin` | each record's facet values, run-length coded |
//! | `t/<i>.bin` | word chunk `i`: folded words in byte order, each with its record sets |
//! | `s/<i>.bin` | spelling chunk `i`: spellings in byte order, each with its records |
//! | `m/<run>.<i>.json` | display data of up to [`GROUP`] records of one facet run ([`files::display_groups`]) |
//!
//! Records are numbered in facet order (kind, province, field, newest year
//! first), so facets are a few thousand runs even at 100,000 records and the
//! sets of a place name are runs too. A word chunk holds, per folded word
//! ([`fold`]): the records containing it, the records having it in the
//! title or locality, and how many spellings it has. A spelling chunk
//! holds, for every word that has some spelling with diacritics, the
//! records of each spelling ("hòa", "hoa", "họa"), so that a query typed
//! with diacritics can rank exact matches first. A query loads the
//! manifest, the facets, one word chunk per word (and one spelling chunk
//! per word when typed with diacritics) and the display data of the
//! results shown: at 100,000 records, a few dozen kilobytes.

pub mod encode;
mod files;
pub mod fold;
pub mod index;
pub mod read;
pub mod reuse;

use std::sync::atomic::AtomicBool;

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::render::Sink;
use crate::render::cards::{award_path, model_path};
use crate::site::Site;

pub use index::{Built, build};

/// Where the index lives under the output root.
pub const DIR: &str = "tim-kiem/chi-muc/";
/// Records per display-data file.
pub const GROUP: usize = 8;
/// The index format's version, in its manifest.
pub const VERSION: u32 = 2;
/// A word chunk is closed once it reaches this many bytes.
pub const CHUNK_BYTES: usize = 8 * 1024;
/// Longest excerpt, in characters.
pub const EXCERPT_CHARS: usize = 180;

/// What a record is; also the value of the `loai` facet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Model,
    Award,
    Page,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Model, Kind::Award, Kind::Page];

    pub fn key(self) -> &'static str {
        match self {
            Kind::Model => "mo-hinh",
            Kind::Award => "khen-thuong",
            Kind::Page => "trang",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Model => "Mô hình",
            Kind::Award => "Khen thưởng",
            Kind::Page => "Trang",
        }
    }
}

/// One searchable page.
#[derive(Debug, Clone)]
pub struct Record {
    /// Site path without the root: `mo-hinh/<slug>/`.
    pub path: String,
    pub title: String,
    /// "Phường An Lạc, Quận Bình Tân, Hồ Chí Minh", or empty.
    pub locality: String,
    /// Field name, or empty.
    pub field_name: String,
    /// "2019", "2009–2019", or empty.
    pub year_label: String,
    pub excerpt: String,
    pub kind: Kind,
    /// Index into [`Facets::provinces`].
    pub province: Option<usize>,
    /// Index into [`Facets::fields`].
    pub field: Option<usize>,
    pub year: Option<i32>,
    /// Where the record's text comes from (see [`text`]).
    pub source: Source,
}

/// The entry a record is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Model(usize),
    Award(usize),
    Page(usize),
}

/// The text of a record, made when the index needs it (so that a large
/// site's text is never all in memory at once).
#[derive(Debug, Default, Clone)]
pub struct Text {
    /// Title and locality: words found here rank higher.
    pub head: String,
    /// Everything else that the page shows, as plain text.
    pub body: String,
}

/// The values facets can take, `(key, display name)`, in display order.
#[derive(Debug, Clone, Default)]
pub struct Facets {
    pub provinces: Vec<(String, String)>,
    pub fields: Vec<(String, String)>,
}

/// Sizes of one index, for reports and `docs/performance.md`.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    pub records: usize,
    /// Records whose text was read and cut into words (the others were
    /// taken over from the last index, see [`reuse`]).
    pub redone: usize,
    pub words: usize,
    pub spellings: usize,
    pub files: usize,
    pub bytes: usize,
}

/// What a rebuild knows of the last build's index (see [`reuse`]).
pub struct Since<'a> {
    /// The last index's files, named as in its folder.
    pub fetch: &'a (dyn Fn(&str) -> Option<Vec<u8>> + Sync),
    /// The entry files read anew since the last build, from the parse
    /// cache it left; every other entry was read the same.
    pub anew: &'a std::collections::HashSet<&'a std::path::Path>,
}

/// Builds the index of a loaded site and writes it to `sink`, from the
/// last build's index when `since` has one that can be read. `Ok(None)`:
/// `stop` was set before it was done, and nothing was written.
pub fn write_index(
    site: &Site,
    sink: &dyn Sink,
    since: Option<Since>,
    stop: &AtomicBool,
) -> Result<Option<Stats>, Vec<Diagnostic>> {
    let (records, facets) = records(site);
    let md = site.config.markdown_options();
    let text = |src| text(site, &md, src);
    let last = since.as_ref().and_then(|s| {
        let _t = crate::progress::trace::span("search: read the last index");
        reuse::read(s.fetch, records.len())
    });
    let made = match (last, &since) {
        (Some(last), Some(since)) => {
            let _t = crate::progress::trace::span("search: update the last index");
            let kept = |r: &Record| {
                let path = match r.source {
                    Source::Model(i) => &site.models[i].path,
                    Source::Award(i) => &site.awards[i].path,
                    Source::Page(i) => &site.pages[i].path,
                };
                !since.anew.contains(path.as_path())
            };
            match reuse::rebuild(last, records, &facets, &kept, &text, stop) {
                Ok(made) => made,
                Err(records) => build(records, &facets, &text, stop),
            }
        }
        _ => {
            let _t = crate::progress::trace::span("search: the whole index");
            build(records, &facets, &text, stop)
        }
    };
    let Some(built) = made else {
        return Ok(None);
    };
    let errors: Vec<Diagnostic> = built
        .files
        .par_iter()
        .filter_map(|(path, bytes)| sink.write(path, bytes).err())
        .collect();
    if errors.is_empty() {
        Ok(Some(built.stats))
    } else {
        Err(errors)
    }
}

/// Plain text of rendered HTML: tags dropped (a block tag leaves a space),
/// the few entities kheo's Markdown writes decoded.
pub fn html_text(html: &str, out: &mut String) {
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_decoded(&rest[..lt], out);
        match rest[lt..].find('>') {
            Some(gt) => {
                out.push(' ');
                rest = &rest[lt + gt + 1..];
            }
            None => {
                rest = "";
            }
        }
    }
    push_decoded(rest, out);
}

fn push_decoded(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[1..e];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
}

/// Cuts a plain text to [`EXCERPT_CHARS`] at a word boundary.
pub fn excerpt(text: &str) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for w in text.split_whitespace() {
        let n = w.chars().count();
        if chars + n + usize::from(!out.is_empty()) > EXCERPT_CHARS {
            if out.is_empty() {
                out.extend(w.chars().take(EXCERPT_CHARS));
            }
            let cut = out.trim_end_matches([',', ';', ':', '.', ' ']).len();
            out.truncate(cut);
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        out.push_str(w);
        chars += n;
    }
    out
}

/// The searchable text of an entry: everything its page shows, as text.
pub fn text(site: &Site, md: &crate::markdown::Options, source: Source) -> Text {
    let mut body = String::new();
    let mut line = |s: &str| {
        body.push_str(s);
        body.push('\n');
    };
    let head = match source {
        Source::Model(i) => {
            let m = &site.models[i];
            line(&m.summary);
            line(&site.config.fields[m.field].name);
            let details = m.details();
            details
                .organizations
                .iter()
                .chain(&details.tags)
                .for_each(|s| line(s));
            for p in &details.people {
                line(&p.name);
                line(p.role.as_deref().unwrap_or(""));
            }
            for r in &details.results {
                line(&r.label);
                line(&r.value);
            }
            for img in &m.images {
                line(img.caption.as_deref().unwrap_or(""));
            }
            // The body is read again (see `Model::body_html`). When the file
            // changed since it was loaded, its page failed to render with
            // an error already, or a rebuild follows (`serve`): leave it out.
            if let Ok(html) = m.body_for_text(md) {
                html_text(&html, &mut body);
            }
            format!(
                "{}\n{}",
                m.title,
                site.tree.display_path(site.model_node[i])
            )
        }
        Source::Award(i) => {
            let a = &site.awards[i];
            line(&a.issuer);
            line(a.kind_name());
            for r in &a.recipients {
                line(&r.name);
                line(r.unit.as_deref().unwrap_or(""));
            }
            html_text(&a.content, &mut body);
            let locality = site.award_node[i]
                .map(|n| site.tree.display_path(n))
                .unwrap_or_default();
            format!("{}\n{locality}", a.title)
        }
        Source::Page(i) => {
            let p = &site.pages[i];
            line(p.summary.as_deref().unwrap_or(""));
            html_text(&p.content, &mut body);
            p.title.clone()
        }
    };
    Text { head, body }
}

/// The records and facet values of a site, in the site's order.
pub fn records(site: &Site) -> (Vec<Record>, Facets) {
    let facets = Facets {
        provinces: site
            .tree
            .roots
            .iter()
            .map(|&n| {
                (
                    site.tree.nodes[n].slug.clone(),
                    site.tree.nodes[n].name.clone(),
                )
            })
            .collect(),
        fields: site
            .config
            .fields
            .iter()
            .map(|f| (f.key.clone(), f.name.clone()))
            .collect(),
    };
    let province_of = |node: usize| {
        let root = site.tree.lineage(node)[0];
        site.tree.roots.iter().position(|&r| r == root)
    };
    let plain_excerpt = |html: &str, default: &str| {
        let mut plain = String::new();
        html_text(html, &mut plain);
        excerpt(if plain.trim().is_empty() {
            default
        } else {
            &plain
        })
    };
    let mut out: Vec<Record> = (0..site.models.len())
        .into_par_iter()
        .map(|i| {
            let m = &site.models[i];
            let node = site.model_node[i];
            Record {
                path: model_path(&m.url),
                title: m.title.clone(),
                locality: site.tree.display_path(node),
                field_name: site.config.fields[m.field].name.clone(),
                year_label: m.year.to_string(),
                excerpt: excerpt(&m.summary),
                kind: Kind::Model,
                province: province_of(node),
                field: Some(m.field),
                year: Some(m.year),
                source: Source::Model(i),
            }
        })
        .collect();
    out.extend(site.awards.iter().enumerate().map(|(i, a)| {
        let node = site.award_node[i];
        Record {
            path: award_path(&a.slug),
            title: a.title.clone(),
            locality: node.map(|n| site.tree.display_path(n)).unwrap_or_default(),
            field_name: String::new(),
            year_label: a.year_label(),
            excerpt: plain_excerpt(&a.content, &a.issuer),
            kind: Kind::Award,
            province: node.and_then(province_of),
            field: None,
            year: Some(a.years.1),
            source: Source::Award(i),
        }
    }));
    out.extend(site.pages.iter().enumerate().map(|(i, p)| Record {
        path: format!("{}/", p.slug),
        title: p.title.clone(),
        locality: String::new(),
        field_name: String::new(),
        year_label: String::new(),
        excerpt: match &p.summary {
            Some(s) => excerpt(s),
            None => plain_excerpt(&p.content, ""),
        },
        kind: Kind::Page,
        province: None,
        field: None,
        year: None,
        source: Source::Page(i),
    }));
    (out, facets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_to_text() {
        let mut s = String::new();
        html_text(
            "<p>Hội &amp; Đoàn<br>“khéo”&#39;s &#x41; &bogus; a&b</p><h2 id=\"x\">Kết quả</h2>",
            &mut s,
        );
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(s, "Hội & Đoàn “khéo”'s A &bogus; a&b Kết quả");
    }

    #[test]
    fn excerpts_cut_at_words() {
        assert_eq!(excerpt("  Ngắn  gọn. "), "Ngắn gọn.");
        let long = "Hội viên phụ nữ trồng hoa ".repeat(20);
        let e = excerpt(&long);
        assert!(e.ends_with('…'));
        assert!(e.chars().count() <= EXCERPT_CHARS + 1);
        assert!(!e.contains("  "));
    }
}
