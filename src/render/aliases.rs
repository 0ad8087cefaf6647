//! Redirect pages for `aliases:`: at each old path of a model, award or
//! page, a small page that sends the browser to the entry's URL (meta
//! refresh, `rel=canonical` for search engines, and a link for the rest).
//! They are in no sitemap. This module owns the list of redirects and
//! their HTML; which alias may be written is `site::routes`' check.

use crate::render::cards::{Urls, award_path, model_path};
use crate::site::Site;

/// Every redirect of the site: (file to write, permalink of the target),
/// in the order of the entries.
pub fn redirects(site: &Site, urls: &Urls) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut add = |aliases: &[String], target: String| {
        for a in aliases {
            out.push((format!("{a}index.html"), urls.permalink(&target)));
        }
    };
    for m in &site.models {
        add(&m.aliases, model_path(&m.url));
    }
    for a in &site.awards {
        add(&a.aliases, award_path(&a.slug));
    }
    for p in &site.pages {
        add(&p.aliases, format!("{}/", p.slug));
    }
    out
}

/// The HTML of a redirect to `target` (an absolute URL, already made of
/// slugs and the site's address, escaped here all the same).
pub fn page(target: &str) -> String {
    let t = target
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>Đã chuyển địa chỉ</title>\n<link rel=\"canonical\" href=\"{t}\">\n\
         <meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={t}\">\n</head>\n\
         <body>\n<p>Trang này đã chuyển đến <a href=\"{t}\">{t}</a>.</p>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_target_is_escaped() {
        let p = super::page("https://x.vn/a\"><script>/");
        assert!(!p.contains("<script>"));
        assert!(p.contains("rel=\"canonical\" href=\"https://x.vn/a&quot;&gt;&lt;script&gt;/\""));
    }
}
