//! Links and images in entries, checked against the list of files a build
//! writes: `[x](/mo-hinh/slug/)` to a model that does not exist, an image
//! that is not published, an image without alternative text.
//!
//! Works on the Markdown source (re-read from the entry's file, so lines are
//! the file's) and on the set of output paths that rendering produced; it
//! never renders anything itself.

use std::collections::BTreeSet;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

use crate::content::frontmatter;
use crate::diag::Diagnostic;
use crate::l10n::Msg;

/// What lint needs to know about a site's URLs.
pub struct Urls<'a> {
    /// Every file a build writes, relative to the output root (`mo-hinh/x/index.html`).
    pub outputs: &'a BTreeSet<String>,
    /// The site's `base_url`, with its trailing slash.
    pub base_url: &'a str,
}

impl Urls<'_> {
    /// Whether the site path `path` (no leading slash) is served.
    pub fn exists(&self, path: &str) -> bool {
        let path = path.trim_end_matches('/');
        path.is_empty()
            || self.outputs.contains(path)
            || self.outputs.contains(&format!("{path}/index.html"))
    }

    /// The existing page nearest to `path` in the same section, for "did you mean".
    fn nearest(&self, path: &str) -> Option<String> {
        let path = path.trim_end_matches('/');
        let section = path.split('/').next().unwrap_or("");
        let pages: Vec<&str> = self
            .outputs
            .iter()
            .filter_map(|p| p.strip_suffix("/index.html").or(Some(p.as_str())))
            .filter(|p| p.split('/').next() == Some(section) && !p.contains("/trang/"))
            .collect();
        frontmatter::closest(path, &pages).map(|p| {
            if self.outputs.contains(p) {
                format!("/{p}")
            } else {
                format!("/{p}/")
            }
        })
    }
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// The site path a link points to, or `None` for external links, e-mail,
/// same-page anchors. `Err` for a relative link that climbs above the site.
pub fn site_path(dest: &str, page: &str, base_url: &str) -> Option<Result<String, ()>> {
    let dest = dest.trim();
    let no_frag = dest.split(['#', '?']).next().unwrap_or("");
    if no_frag.is_empty() || no_frag.starts_with("//") {
        return None;
    }
    let rel = if let Some(rest) = no_frag.strip_prefix(base_url) {
        rest.to_string()
    } else if let Some(rest) = no_frag.strip_prefix('/') {
        rest.to_string()
    } else if no_frag.contains(':') {
        return None; // https:, mailto:, tel:…
    } else {
        // Relative to the page's folder.
        let mut parts: Vec<&str> = page.split('/').filter(|p| !p.is_empty()).collect();
        for seg in no_frag.split('/') {
            match seg {
                "." | "" => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Some(Err(()));
                    }
                }
                s => parts.push(s),
            }
        }
        let mut s = parts.join("/");
        if no_frag.ends_with('/') && !s.is_empty() {
            s.push('/');
        }
        s
    };
    Some(Ok(percent_decode(&rel)))
}

/// Turns byte offsets of a file's text into 1-based (line, char column).
pub struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    pub fn locate(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let col = self.text[start..offset.min(self.text.len())]
            .chars()
            .count()
            + 1;
        (line, col)
    }
}

fn parser_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options as O;
    O::ENABLE_TABLES | O::ENABLE_FOOTNOTES | O::ENABLE_STRIKETHROUGH | O::ENABLE_HEADING_ATTRIBUTES
}

/// A link or image found in a body.
struct Found {
    image: bool,
    dest: String,
    /// Byte range of the whole `[..](..)` in the file's text.
    range: Range<usize>,
    alt: String,
}

fn collect(body: &str, body_at: usize) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut in_image: Option<usize> = None;
    for (ev, range) in Parser::new_ext(body, parser_options()).into_offset_iter() {
        let range = range.start + body_at..range.end + body_at;
        match ev {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if !matches!(link_type, LinkType::Email) => out.push(Found {
                image: false,
                dest: dest_url.to_string(),
                range,
                alt: String::new(),
            }),
            Event::Start(Tag::Image { dest_url, .. }) => {
                in_image = Some(out.len());
                out.push(Found {
                    image: true,
                    dest: dest_url.to_string(),
                    range,
                    alt: String::new(),
                });
            }
            Event::End(TagEnd::Image) => in_image = None,
            // Raw HTML: its `<img src>` and `<a href>` are checked too
            // (their text is not Markdown: no alternative text to ask for).
            Event::Html(h) | Event::InlineHtml(h) => {
                for (line, image, dest) in crate::markdown::guard::raw_links(&h) {
                    let skip: usize = h
                        .split_inclusive('\n')
                        .take(line.saturating_sub(1) as usize)
                        .map(str::len)
                        .sum();
                    let at = h[skip..].find(dest.as_str()).map_or(skip, |i| skip + i);
                    let start = range.start + at;
                    out.push(Found {
                        image,
                        range: start..start + dest.len(),
                        dest,
                        alt: "-".to_string(),
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(i) = in_image {
                    out[i].alt.push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

/// Checks the links and images of one entry's body. `page` is the entry's
/// own site path (`mo-hinh/x/`), against which relative links resolve.
pub fn check_body(
    path: &Path,
    text: &str,
    body: &str,
    page: &str,
    urls: &Urls,
    out: &mut Vec<Diagnostic>,
) {
    let body_at = text.len() - body.len();
    let lines = Lines::new(text);
    for f in collect(body, body_at) {
        // Point at the destination inside `[text](dest)` when it is written there.
        let written = &text[f.range.clone()];
        let (at, len) = match written
            .rfind(f.dest.as_str())
            .filter(|_| !f.dest.is_empty())
        {
            Some(i) => (f.range.start + i, f.dest.chars().count()),
            None => (f.range.start, written.chars().count().min(40)),
        };
        let (line, col) = lines.locate(at);
        let what = if f.image { "image" } else { "link" };
        if f.image && f.alt.trim().is_empty() {
            out.push(
                Diagnostic::warning(path, "body-image-no-alt")
                    .arg("value", f.dest.as_str())
                    .at(line, col)
                    .span(len),
            );
        }
        let target = match site_path(&f.dest, page, urls.base_url) {
            None => continue,
            Some(Err(())) => {
                out.push(
                    Diagnostic::error(path, "link-leaves-site")
                        .arg("what", what)
                        .arg("value", f.dest.as_str())
                        .at(line, col)
                        .span(len),
                );
                continue;
            }
            Some(Ok(t)) => t,
        };
        if urls.exists(&target) {
            continue;
        }
        // What to say about the fix, as a key the message selects on.
        let near = urls.nearest(&target);
        let hint = if near.is_some() {
            "near"
        } else if f.image && !f.dest.starts_with('/') {
            "image-bundle"
        } else if f.image {
            "image-static"
        } else {
            match target.split('/').next().unwrap_or("") {
                "mo-hinh" => "model",
                "khen-thuong" => "award",
                "dia-ban" => "locality",
                _ => "other",
            }
        };
        // A dead link or a missing image publishes a page that works
        // less well, not a wrong one: a warning (fatal with --strict).
        out.push(
            Diagnostic::warning(
                path,
                if f.image {
                    Msg::new("image-dead")
                } else {
                    Msg::new("link-dead")
                },
            )
            .arg("value", f.dest.as_str())
            .arg("hint", hint)
            .arg("near", near.unwrap_or_default())
            .arg("target", target.as_str())
            .at(line, col)
            .span(len),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_of_links() {
        let b = "https://dvk.example.org/";
        let p = |d: &str| site_path(d, "mo-hinh/a/", b);
        assert_eq!(p("/mo-hinh/x/"), Some(Ok("mo-hinh/x/".into())));
        assert_eq!(p("/mo-hinh/x/#ket-qua"), Some(Ok("mo-hinh/x/".into())));
        assert_eq!(
            p("https://dvk.example.org/nam/2020/"),
            Some(Ok("nam/2020/".into()))
        );
        assert_eq!(p("https://example.org/"), None);
        assert_eq!(p("mailto:a@b.vn"), None);
        assert_eq!(p("#ket-qua"), None);
        assert_eq!(p("anh.jpg"), Some(Ok("mo-hinh/a/anh.jpg".into())));
        assert_eq!(p("../b/"), Some(Ok("mo-hinh/b/".into())));
        assert_eq!(p("../../../x"), Some(Err(())));
        assert_eq!(
            p("/anh/hoa%20giay.jpg"),
            Some(Ok("anh/hoa giay.jpg".into()))
        );
    }

    #[test]
    fn lines_and_char_columns() {
        let l = Lines::new("ab\nđặng x\n");
        assert_eq!(l.locate(0), (1, 1));
        assert_eq!(l.locate(3), (2, 1));
        assert_eq!(l.locate(3 + "đặng ".len()), (2, 6));
    }
}
