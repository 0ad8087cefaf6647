//! Page metadata beyond the title: Open Graph type and image, the
//! breadcrumb trail, schema.org JSON-LD, and the web app manifest.

use crate::markdown::guard::published_url;
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
    let json = v.to_string();
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

impl<'s> Renderer<'s> {
    fn crumb(&self, name: String, path: &str) -> Crumb {
        Crumb {
            name,
            url: self.urls.url(path),
        }
    }

    /// The trail from the home page to the page's parent.
    fn trail(&self, job: Job) -> Vec<Crumb> {
        let site = self.site;
        let home = self.crumb(self.tr("home", "Trang chủ"), "");
        let section = |key: &str, name: &str, path: &str| self.crumb(self.tr(key, name), path);
        let mut t = vec![home];
        match job {
            Job::Home | Job::NotFound => return Vec::new(),
            Job::Model(i) => {
                t.push(section("models", "Mô hình", "mo-hinh/"));
                if !site.models[i].locality.is_empty() {
                    for n in site.tree.lineage(site.model_node[i]) {
                        t.push(
                            self.crumb(site.tree.nodes[n].name.clone(), &site.tree.nodes[n].path),
                        );
                    }
                }
            }
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
        // site, which the home page describes, by its id alone.
        let website = json!({"@id": format!("{}#website", self.urls.base)});
        let main = match job {
            Job::Home => {
                json!({"@type": "WebSite", "@id": format!("{}#website", self.urls.base), "name": cfg.title, "url": self.urls.base, "description": cfg.description, "inLanguage": lang})
            }
            Job::Model(i) => {
                let m = &site.models[i];
                meta.og_type = "article";
                meta.image = m.images.first().map(|img| match &img.src {
                    ImageSrc::Bundle(f) => {
                        self.urls.permalink(&format!("{}{f}", model_path(&m.url)))
                    }
                    ImageSrc::Site(p) => self.urls.permalink(p),
                    ImageSrc::External(u) => published_url(u).to_string(),
                });
                let mut v = json!({
                    "@type": "Article",
                    "headline": m.title,
                    "url": meta.permalink,
                    "datePublished": m.date.map(|d| d.to_string()).unwrap_or_else(|| m.year.to_string()),
                    "about": cfg.fields[m.field].name,
                    "isPartOf": website,
                });
                if !m.locality.is_empty() {
                    v["contentLocation"] = json!({"@type": "Place", "name": site.tree.display_path(site.model_node[i])});
                }
                let tags = m.details().tags;
                if !tags.is_empty() {
                    v["keywords"] = json!(tags.join(", "));
                }
                if let Some(img) = &meta.image {
                    v["image"] = json!(img);
                }
                v
            }
            Job::Award(i) => {
                let a = &site.awards[i];
                meta.og_type = "article";
                json!({
                    "@type": "Article",
                    "headline": a.title,
                    "url": meta.permalink,
                    "datePublished": a.date.map(|d| d.to_string()).unwrap_or_else(|| a.years.1.to_string()),
                    "author": {"@type": "Organization", "name": a.issuer},
                    "isPartOf": website,
                })
            }
            Job::Page(_) => {
                meta.og_type = "article";
                json!({"@type": "WebPage", "name": meta.title, "url": meta.permalink, "isPartOf": website})
            }
            _ => {
                json!({"@type": "CollectionPage", "name": meta.title, "url": meta.permalink, "isPartOf": website})
            }
        };
        let mut graph = vec![main];
        if !meta.trail.is_empty() {
            let mut items: Vec<Value> = meta
                .trail
                .iter()
                .enumerate()
                .map(|(k, c)| json!({"@type": "ListItem", "position": k + 1, "name": c.name, "item": self.absolute(&c.url)}))
                .collect();
            // The last crumb is this page: no URL needed (schema.org's
            // BreadcrumbList, and search engines, take it so).
            items.push(
                json!({"@type": "ListItem", "position": items.len() + 1, "name": meta.title}),
            );
            graph.push(json!({"@type": "BreadcrumbList", "itemListElement": items}));
        }
        meta.jsonld = script_safe(&json!({"@context": "https://schema.org", "@graph": graph}));
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
