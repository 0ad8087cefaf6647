//! Page metadata beyond the title: Open Graph type and image, the
//! breadcrumb trail, schema.org JSON-LD, and the web app manifest.

use crate::markdown::guard::published_url;
use serde::Serialize;
use serde_json::{Value, json};

use super::cards::{Urls, model_path};
use super::views::{Crumb, PageMeta};
use super::{Job, Renderer};
use crate::content::common::ImageSrc;
use crate::site::Site;

/// JSON for a `<script>` element. `<`, `>` and `&` are written as
/// `\u003c`, `\u003e`, `\u0026`, so no string can end the element or
/// open a comment that changes how the rest of the page is read
/// (`<!--<script>`); U+2028 and U+2029 as escapes too (old JavaScript
/// parsers end a string there). The JSON's value is unchanged.
pub fn script_safe(v: &Value) -> String {
    escape_script(v.to_string())
}

/// [`script_safe`] of JSON already written.
fn escape_script(json: String) -> String {
    // Escapes are rare (a title with "&"): the text between them is copied
    // in slices, and a text without any is returned as it is.
    let b = json.as_bytes();
    let mut out = String::new();
    let mut from = 0;
    for (i, &c) in b.iter().enumerate() {
        let (escape, len) = match c {
            b'<' => ("\\u003c", 1),
            b'>' => ("\\u003e", 1),
            b'&' => ("\\u0026", 1),
            0xe2 if b[i + 1..].starts_with(&[0x80, 0xa8]) => ("\\u2028", 3),
            0xe2 if b[i + 1..].starts_with(&[0x80, 0xa9]) => ("\\u2029", 3),
            _ => continue,
        };
        if out.is_empty() {
            out.reserve(json.len() + json.len() / 16);
        }
        out.push_str(&json[from..i]);
        out.push_str(escape);
        from = i + len;
    }
    if from == 0 {
        return json;
    }
    out.push_str(&json[from..]);
    out
}

/// The JSON-LD graph of a page, typed: the keys of each object in their
/// sorted order, as `serde_json`'s maps write them (the bytes a page had
/// when it was made of `serde_json::Value`s), without a map of owned keys
/// made for each page.
#[derive(Serialize)]
struct Graph<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: Vec<Node<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Node<'a> {
    WebSite(WebSite<'a>),
    Article(Article<'a>),
    Award(AwardArticle<'a>),
    Page(Page<'a>),
    Crumbs(Crumbs<'a>),
}

#[derive(Serialize)]
struct Id<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
}

/// A typed thing with a name: a place, an organization.
#[derive(Serialize)]
struct Named {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: String,
}

#[derive(Serialize)]
struct WebSite<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
    #[serde(rename = "@type")]
    kind: &'static str,
    description: &'a str,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    name: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct Article<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    about: &'a str,
    #[serde(rename = "contentLocation", skip_serializing_if = "Option::is_none")]
    content_location: Option<Named>,
    #[serde(rename = "datePublished")]
    date_published: String,
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    url: &'a str,
}

#[derive(Serialize)]
struct AwardArticle<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    author: Named,
    #[serde(rename = "datePublished")]
    date_published: String,
    headline: &'a str,
    #[serde(rename = "isPartOf")]
    is_part_of: Id<'a>,
    url: &'a str,
}

#[derive(Serialize)]
struct Page<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "isPartOf")]
    is_part_of: Id<'a>,
    name: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct Crumbs<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "itemListElement")]
    items: Vec<ListItem<'a>>,
}

#[derive(Serialize)]
struct ListItem<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    item: String,
    name: &'a str,
    position: usize,
}

impl<'s> Renderer<'s> {
    fn crumb(&self, name: String, path: &str) -> Crumb {
        Crumb {
            name,
            url: self.urls.url(path),
        }
    }

    /// The trail from the home page to the page's parent; a model's is
    /// the one its page shows, through the list of places.
    fn trail(&self, job: Job) -> Vec<Crumb> {
        let site = self.site;
        let section = |key: &str, name: &str, path: &str| self.crumb(self.tr(key, name), path);
        // A model's is the trail its page shows: its place, from the list
        // of places (no home page).
        if let Job::Model(i) = job {
            let mut t = vec![section("localities", "Địa bàn", "dia-ban/")];
            if !site.models[i].locality.is_empty() {
                for n in site.tree.lineage(site.model_node[i]) {
                    t.push(self.crumb(site.tree.nodes[n].name.clone(), &site.tree.nodes[n].path));
                }
            }
            return t;
        }
        let mut t = vec![self.crumb(self.tr("home", "Trang chủ"), "")];
        match job {
            Job::Home | Job::NotFound => return Vec::new(),
            Job::Models(p) | Job::Field(_, p) | Job::Year(_, p) | Job::Locality(_, p) if p > 1 => {
                let base = match job {
                    Job::Models(_) => ("models", "Mô hình", "mo-hinh/".to_string()),
                    Job::Field(f, _) => (
                        "fields",
                        "Lĩnh vực",
                        format!("linh-vuc/{}/", site.config.fields[f].key),
                    ),
                    Job::Year(y, _) => ("years", "Năm", format!("nam/{y}/")),
                    Job::Locality(n, _) => {
                        ("localities", "Địa bàn", site.tree.nodes[n].path.clone())
                    }
                    _ => ("models", "Mô hình", "mo-hinh/".to_string()),
                };
                t.push(self.crumb(self.tr(base.0, base.1), &base.2));
            }
            Job::Locality(n, _) => {
                t.push(section("localities", "Địa bàn", "dia-ban/"));
                let lineage = site.tree.lineage(n);
                for &a in &lineage[..lineage.len() - 1] {
                    t.push(self.crumb(site.tree.nodes[a].name.clone(), &site.tree.nodes[a].path));
                }
            }
            Job::Field(..) => t.push(section("fields", "Lĩnh vực", "linh-vuc/")),
            Job::Year(..) => t.push(section("years", "Năm", "nam/")),
            Job::Award(_) => t.push(section("awards", "Khen thưởng", "khen-thuong/")),
            _ => {}
        }
        t
    }

    /// Fills the metadata that depends on the kind of page.
    pub(super) fn decorate(&self, job: Job, meta: &mut PageMeta) {
        let site = self.site;
        let cfg = &site.config;
        meta.trail = self.trail(job);
        let lang = &cfg.language;
        // Every page is printed 100,000 times over on a national site: the
        // graph says what the page does not (its `<title>`, description,
        // canonical URL and `lang` are in the head already), and names the
        // site, which the home page describes, by its id alone; a model's
        // article, the most printed, not at all: what a search engine takes
        // from it is its headline, place, date and field.
        let website = format!("{}#website", self.urls.base);
        let part_of = || Id { id: &website };
        if let Job::Model(i) = job {
            let m = &site.models[i];
            meta.og_type = "article";
            meta.image = m.images.first().map(|img| match &img.src {
                ImageSrc::Bundle(f) => self.urls.permalink(&format!("{}{f}", model_path(&m.url))),
                ImageSrc::Site(p) => self.urls.permalink(p),
                ImageSrc::External(u) => published_url(u).to_string(),
            });
        } else if let Job::Award(_) | Job::Page(_) = job {
            meta.og_type = "article";
        }
        let main = match job {
            Job::Home => Node::WebSite(WebSite {
                id: &website,
                kind: "WebSite",
                description: &cfg.description,
                in_language: lang,
                name: &cfg.title,
                url: &self.urls.base,
            }),
            Job::Model(i) => {
                let m = &site.models[i];
                Node::Article(Article {
                    kind: "Article",
                    about: &cfg.fields[m.field].name,
                    content_location: (!m.locality.is_empty()).then(|| Named {
                        kind: "Place",
                        name: site.tree.display_path(site.model_node[i]),
                    }),
                    date_published: m
                        .date
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| m.year.to_string()),
                    headline: &m.title,
                    image: meta.image.as_deref(),
                    url: &meta.permalink,
                })
            }
            Job::Award(i) => {
                let a = &site.awards[i];
                Node::Award(AwardArticle {
                    kind: "Article",
                    author: Named {
                        kind: "Organization",
                        name: a.issuer.clone(),
                    },
                    date_published: a
                        .date
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| a.years.1.to_string()),
                    headline: &a.title,
                    is_part_of: part_of(),
                    url: &meta.permalink,
                })
            }
            _ => Node::Page(Page {
                kind: match job {
                    Job::Page(_) => "WebPage",
                    _ => "CollectionPage",
                },
                is_part_of: part_of(),
                name: &meta.title,
                url: &meta.permalink,
            }),
        };
        let mut graph = vec![main];
        // The trail up to the page's parent: the page itself, its title and
        // URL, is the main node already (search engines take a trail
        // without it). A trail of one step, the home page or the list of
        // places alone, says nothing the URL does not.
        if meta.trail.len() > 1 {
            let items: Vec<ListItem> = meta
                .trail
                .iter()
                .enumerate()
                .map(|(k, c)| ListItem {
                    kind: "ListItem",
                    item: self.absolute(&c.url),
                    name: &c.name,
                    position: k + 1,
                })
                .collect();
            graph.push(Node::Crumbs(Crumbs {
                kind: "BreadcrumbList",
                items,
            }));
        }
        let json = serde_json::to_string(&Graph {
            context: "https://schema.org",
            graph,
        })
        .unwrap_or_default();
        meta.jsonld = escape_script(json);
    }

    /// Absolute URL of a root-relative one.
    fn absolute(&self, url: &str) -> String {
        self.urls
            .permalink(url.strip_prefix(self.urls.root.as_str()).unwrap_or(url))
    }
}

/// `manifest.webmanifest`: name, colours and the theme's icon.
pub fn manifest(site: &Site, urls: &Urls) -> String {
    let cfg = &site.config;
    let short: String = cfg.title.chars().take(12).collect();
    let v = json!({
        "name": cfg.title,
        "short_name": short,
        "description": cfg.description,
        "lang": cfg.language,
        "start_url": urls.root,
        "scope": urls.root,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#9e1b32",
        "icons": [
            {"src": format!("{}favicon.svg", urls.root), "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
            {"src": format!("{}icon-192.png", urls.root), "sizes": "192x192", "type": "image/png"},
            {"src": format!("{}icon-512.png", urls.root), "sizes": "512x512", "type": "image/png"}
        ]
    });
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_in_script_cannot_close_the_element() {
        let v = json!({"x": "</script><script>alert(1)</script>"});
        assert!(!script_safe(&v).contains("</"));
    }

    #[test]
    fn the_typed_graph_writes_the_bytes_of_sorted_json_maps() {
        let id = || Id { id: "w" };
        let graph = Graph {
            context: "c",
            graph: vec![
                Node::WebSite(WebSite {
                    id: "w",
                    kind: "WebSite",
                    description: "d",
                    in_language: "vi",
                    name: "n",
                    url: "u",
                }),
                Node::Article(Article {
                    kind: "Article",
                    about: "a",
                    content_location: Some(Named {
                        kind: "Place",
                        name: "p".into(),
                    }),
                    date_published: "2020".into(),
                    headline: "h",
                    image: Some("i"),
                    url: "u",
                }),
                Node::Award(AwardArticle {
                    kind: "Article",
                    author: Named {
                        kind: "Organization",
                        name: "o".into(),
                    },
                    date_published: "2021".into(),
                    headline: "h",
                    is_part_of: id(),
                    url: "u",
                }),
                Node::Page(Page {
                    kind: "WebPage",
                    is_part_of: id(),
                    name: "n",
                    url: "u",
                }),
                Node::Crumbs(Crumbs {
                    kind: "BreadcrumbList",
                    items: vec![ListItem {
                        kind: "ListItem",
                        item: "x".into(),
                        name: "n",
                        position: 1,
                    }],
                }),
            ],
        };
        let values = json!({"@context": "c", "@graph": [
            {"@id": "w", "@type": "WebSite", "description": "d", "inLanguage": "vi", "name": "n", "url": "u"},
            {"@type": "Article", "about": "a", "contentLocation": {"@type": "Place", "name": "p"}, "datePublished": "2020", "headline": "h", "image": "i", "url": "u"},
            {"@type": "Article", "author": {"@type": "Organization", "name": "o"}, "datePublished": "2021", "headline": "h", "isPartOf": {"@id": "w"}, "url": "u"},
            {"@type": "WebPage", "isPartOf": {"@id": "w"}, "name": "n", "url": "u"},
            {"@type": "BreadcrumbList", "itemListElement": [{"@type": "ListItem", "item": "x", "name": "n", "position": 1}]},
        ]});
        let typed = serde_json::to_string(&graph).expect("serializes");
        assert_eq!(typed, values.to_string());
    }

    #[test]
    fn json_in_script_escapes_every_unsafe_character_and_nothing_else() {
        let v = json!({"x": "a<b>c&d\u{2028}e\u{2029}f ạ–…"});
        assert_eq!(
            script_safe(&v),
            r#"{"x":"a\u003cb\u003ec\u0026d\u2028e\u2029f ạ–…"}"#
        );
        let plain = json!({"x": "Hà Nội – “mô hình”"});
        assert_eq!(script_safe(&plain), plain.to_string());
    }
}
