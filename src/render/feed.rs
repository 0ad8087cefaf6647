//! The Atom feed, the sitemap and robots.txt: written here, not by
//! templates, so they are always well-formed XML with every value escaped.

use super::cards::{Urls, model_path};
use crate::site::Site;

/// Escapes text for XML content and attributes.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids are dropped rather than breaking the feed.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Atom feed of the newest models. Its `updated` is the newest entry's date,
/// never the build time, so the same content gives the same bytes.
pub fn atom(site: &Site, urls: &Urls) -> String {
    let cfg = &site.config;
    let n = cfg.feed_limit.min(site.models.len());
    let newest = site.models[..n]
        .iter()
        .map(crate::content::Model::when)
        .max();
    let updated = newest
        .map(|d| d.rfc3339())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml_escape(&cfg.language)
    ));
    out.push_str(&format!("  <title>{}</title>\n", xml_escape(&cfg.title)));
    out.push_str(&format!(
        "  <subtitle>{}</subtitle>\n",
        xml_escape(&cfg.description)
    ));
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml_escape(&urls.permalink("feed.xml"))
    ));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&urls.base)
    ));
    out.push_str(&format!("  <id>{}</id>\n", xml_escape(&urls.base)));
    out.push_str(&format!("  <updated>{updated}</updated>\n"));
    for (i, m) in site.models[..n].iter().enumerate() {
        let link = urls.permalink(&model_path(&m.url));
        let date = m.when();
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>{}</title>\n", xml_escape(&m.title)));
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&link)
        ));
        out.push_str(&format!("    <id>{}</id>\n", xml_escape(&link)));
        out.push_str(&format!("    <updated>{}</updated>\n", date.rfc3339()));
        out.push_str(&format!(
            "    <author><name>{}</name></author>\n",
            xml_escape(&cfg.title)
        ));
        let f = &cfg.fields[m.field];
        out.push_str(&format!(
            "    <category term=\"{}\" label=\"{}\"/>\n",
            xml_escape(&f.key),
            xml_escape(&f.name)
        ));
        if !m.locality.is_empty() {
            let place = site.tree.display_path(site.model_node[i]);
            out.push_str(&format!(
                "    <summary>{} — {}</summary>\n",
                xml_escape(&place),
                xml_escape(&m.summary)
            ));
        } else {
            out.push_str(&format!(
                "    <summary>{}</summary>\n",
                xml_escape(&m.summary)
            ));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// Sitemap of every page's absolute URL, in the order given.
pub fn sitemap<'a>(urls: &Urls, paths: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in paths {
        out.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            xml_escape(&urls.permalink(p))
        ));
    }
    out.push_str("</urlset>\n");
    out
}

pub fn robots(urls: &Urls) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        urls.permalink("sitemap.xml")
    )
}
