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

/// The most URLs one sitemap file may list (sitemaps.org; its other
/// limit, 50 MB, is far off at a hundred bytes a URL).
pub const SITEMAP_MAX_URLS: usize = 50_000;

/// The sitemap files of a site whose pages are at `paths`: `sitemap.xml`
/// alone while they fit in one file; else `sitemap.xml` is an index of
/// `sitemap-1.xml`, `sitemap-2.xml`… of at most `max` URLs each, so a
/// national site's sitemap stays valid at any size.
pub fn sitemaps(urls: &Urls, paths: &[String], max: usize) -> Vec<(String, String)> {
    if paths.len() <= max {
        let one = sitemap(urls, paths.iter().map(String::as_str));
        return vec![("sitemap.xml".to_string(), one)];
    }
    let mut files: Vec<(String, String)> = paths
        .chunks(max.max(1))
        .enumerate()
        .map(|(i, chunk)| {
            let name = format!("sitemap-{}.xml", i + 1);
            (name, sitemap(urls, chunk.iter().map(String::as_str)))
        })
        .collect();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (name, _) in &files {
        index.push_str(&format!(
            "  <sitemap><loc>{}</loc></sitemap>\n",
            xml_escape(&urls.permalink(name))
        ));
    }
    index.push_str("</sitemapindex>\n");
    files.push(("sitemap.xml".to_string(), index));
    files
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The `<loc>`s of a sitemap or sitemap index, read as XML.
    fn locs(xml: &str, root: &str) -> Vec<String> {
        let mut r = quick_xml::Reader::from_str(xml);
        let (mut out, mut in_loc, mut top) = (Vec::new(), false, String::new());
        loop {
            match r.read_event().expect("well-formed XML") {
                quick_xml::events::Event::Start(e) => {
                    let name = e.name().as_ref().to_string();
                    if top.is_empty() {
                        top = name.clone();
                    }
                    in_loc = name == "loc";
                }
                quick_xml::events::Event::Text(t) if in_loc => {
                    out.push(t.as_ref().to_string());
                }
                quick_xml::events::Event::End(_) => in_loc = false,
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(top, root);
        out
    }

    #[test]
    fn a_large_site_gets_a_sitemap_index_of_files_within_the_limit() {
        let urls = Urls {
            root: "/dvk/".into(),
            base: "https://e.vn/dvk/".into(),
        };
        let paths: Vec<String> = (0..7).map(|i| format!("mo-hinh/m{i}/")).collect();
        let one = sitemaps(&urls, &paths[..3], 3);
        assert_eq!(one.len(), 1);
        assert_eq!(locs(&one[0].1, "urlset").len(), 3);

        let files = sitemaps(&urls, &paths, 3);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
        let index = locs(&files[3].1, "sitemapindex");
        assert_eq!(
            index,
            [
                "https://e.vn/dvk/sitemap-1.xml",
                "https://e.vn/dvk/sitemap-2.xml",
                "https://e.vn/dvk/sitemap-3.xml"
            ]
        );
        // Every page listed once, in order, no file over the limit.
        let mut all = Vec::new();
        for (_, xml) in &files[..3] {
            let l = locs(xml, "urlset");
            assert!(l.len() <= 3);
            all.extend(l);
        }
        let want: Vec<String> = paths.iter().map(|p| urls.permalink(p)).collect();
        assert_eq!(all, want);
    }
}
