//! The route table: every entry's URL, checked for clashes before anything
//! renders. Two entries on one URL is an error naming both files.

use std::collections::HashMap;
use std::path::Path;

use crate::content::{Award, Model, Page};
use crate::diag::{Diagnostic, Diagnostics};

/// First URL segments kheo's own pages use; a free page may not take them.
pub const RESERVED: &[&str] = &[
    "mo-hinh",
    "dia-ban",
    "linh-vuc",
    "nam",
    "khen-thuong",
    "thong-ke",
    "tim-kiem",
    "du-lieu",
    "trang",
    "feed.xml",
    "sitemap.xml",
    "robots.txt",
    "404.html",
    "css",
    "js",
    "pagefind",
    "favicon.svg",
];

pub fn check<'a>(
    models: &'a [Model],
    awards: &'a [Award],
    pages: &'a [Page],
    diags: &mut Diagnostics,
) {
    let mut table: HashMap<String, &Path> =
        HashMap::with_capacity(models.len() + awards.len() + pages.len());
    let mut claim = |url: String, path: &'a Path, diags: &mut Diagnostics| {
        if url.ends_with("//") {
            return; // an empty slug, already reported
        }
        if let Some(&other) = table.get(&url) {
            let (first, second) = if other <= path {
                (other, path)
            } else {
                (path, other)
            };
            diags.push(
                Diagnostic::error(
                    second,
                    format!(
                        "two entries have the URL /{url}: this file and {}",
                        first.display()
                    ),
                )
                .at(1, 1)
                .help("give one of them another title or a `slug:` of its own"),
            );
        } else {
            table.insert(url, path);
        }
    };
    for m in models {
        claim(format!("mo-hinh/{}/", m.slug), &m.path, diags);
    }
    for a in awards {
        claim(format!("khen-thuong/{}/", a.slug), &a.path, diags);
    }
    for p in pages {
        if RESERVED.contains(&p.slug.as_str()) {
            diags.push(
                Diagnostic::error(&p.path, format!("the page URL /{}/ is kheo's own", p.slug))
                    .at(1, 1)
                    .help("rename the file or give the page another `slug:`"),
            );
            continue;
        }
        claim(format!("{}/", p.slug), &p.path, diags);
    }
}
