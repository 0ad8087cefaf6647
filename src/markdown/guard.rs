//! What an entry may not publish, found before anything is written: URLs
//! with a scheme other than `http(s)` or `mailto` (in front matter, in
//! Markdown links and images, in raw HTML attributes), and raw HTML nested
//! deeper than [`MAX_DEPTH`].
//!
//! The nesting bound exists because the sanitizer's HTML tree builder
//! looks through the open elements for every tag it meets: its time grows
//! with depth × tags, so a body of 40,000 nested `<div>` took minutes. Up
//! to the bound it stays linear in the body's length. Raw HTML is read by
//! html5ever's tokenizer (no tree, so linear), which decodes character
//! references the way a browser does (`java&#115;cript:` is caught).
//!
//! This module finds; the loaders turn findings into diagnostics with
//! lines, and `markdown::render` refuses the same URLs again on output.

use std::cell::{Cell, RefCell};
use std::ops::Range;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use pulldown_cmark::{Event, LinkType, Parser, Tag as MdTag};

/// Raw HTML elements may nest this deep; real pages, Word's pasted HTML
/// included, stay far below.
pub const MAX_DEPTH: usize = 100;

/// The schemes an editor may use (besides relative paths).
pub const ALLOWED_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// The scheme of `url` when it is one kheo refuses (`javascript`, `data`,
/// `file`, `C` of a Windows path…), as written; `None` for `http(s):`,
/// `mailto:`, `//host/…` and relative paths.
pub fn refused_scheme(url: &str) -> Option<String> {
    // What a browser does first: leading and trailing spaces and control
    // characters go, and tabs and line breaks anywhere.
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let end = cleaned.find([':', '/', '?', '#'])?;
    if !cleaned[end..].starts_with(':') {
        return None;
    }
    let scheme = &cleaned[..end];
    let allowed = ALLOWED_SCHEMES
        .iter()
        .any(|s| s.eq_ignore_ascii_case(scheme));
    (!allowed).then(|| scheme.to_string())
}

/// `url` as a page may carry it: itself, or `#` when its scheme is
/// refused. The loaders refuse such URLs with an error; this is for what
/// comes back from the parse cache, which anyone who can write `.kheo/`
/// could have forged.
pub fn published_url(url: &str) -> &str {
    if refused_scheme(url).is_some() {
        "#"
    } else {
        url
    }
}

/// A problem found in a body, at a byte offset of the body.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// A link, image or raw HTML attribute with a refused scheme.
    Scheme { at: usize, url: String },
    /// Raw HTML nested deeper than [`MAX_DEPTH`].
    TooDeep { at: usize },
}

/// Every problem of a Markdown body. Bodies without link syntax and
/// without `<` (most of a national site) cost one scan for three bytes.
pub fn inspect(body: &str) -> Vec<Problem> {
    let may_link = memchr::memmem::find(body.as_bytes(), b"](").is_some()
        || memchr::memmem::find(body.as_bytes(), b"]:").is_some();
    if !may_link && memchr::memchr(b'<', body.as_bytes()).is_none() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut html: Vec<Range<usize>> = Vec::new();
    for (ev, range) in Parser::new_ext(body, super::parser_options()).into_offset_iter() {
        match ev {
            Event::Start(
                MdTag::Link {
                    link_type,
                    ref dest_url,
                    ..
                }
                | MdTag::Image {
                    link_type,
                    ref dest_url,
                    ..
                },
            ) if link_type != LinkType::Email && refused_scheme(dest_url).is_some() => {
                out.push(Problem::Scheme {
                    at: dest_at(body, &range, dest_url),
                    url: dest_url.to_string(),
                });
            }
            Event::Html(_) | Event::InlineHtml(_) => match html.last_mut() {
                Some(last) if last.end >= range.start => last.end = last.end.max(range.end),
                _ => html.push(range),
            },
            _ => {}
        }
    }
    // Raw HTML is read as one document, so a tag split over lines or an
    // element opened in one block and closed in another counts as written.
    let mut depth = Depth::default();
    for r in html {
        let scan = scan_html(&body[r.clone()], &mut depth);
        for (line, url) in scan.urls {
            out.push(Problem::Scheme {
                at: r.start + line_offset(&body[r.clone()], line),
                url,
            });
        }
        if let Some(line) = scan.too_deep {
            out.push(Problem::TooDeep {
                at: r.start + line_offset(&body[r.clone()], line),
            });
            break;
        }
    }
    out.sort_by_key(|p| match p {
        Problem::Scheme { at, .. } | Problem::TooDeep { at } => *at,
    });
    out
}

/// Whether rendered HTML nests deeper than [`MAX_DEPTH`]: the sanitizer
/// is not run on such HTML.
pub fn too_deep(html: &str) -> bool {
    scan_html(html, &mut Depth::default()).too_deep.is_some()
}

/// Where a link's destination is written inside `[text](dest)`, or where
/// the link starts.
fn dest_at(body: &str, range: &Range<usize>, dest: &str) -> usize {
    body.get(range.clone())
        .and_then(|w| w.rfind(dest).filter(|_| !dest.is_empty()))
        .map_or(range.start, |i| range.start + i)
}

/// Byte offset of 1-based `line` in `s`.
fn line_offset(s: &str, line: u64) -> usize {
    if line <= 1 {
        return 0;
    }
    s.match_indices('\n')
        .nth(line as usize - 2)
        .map_or(0, |(i, _)| i + 1)
}

/// Attributes that hold a URL, in any element.
const URL_ATTRIBUTES: [&str; 14] = [
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "cite",
    "data",
    "background",
    "longdesc",
    "usemap",
    "xlink:href",
    "ping",
    "manifest",
    "codebase",
];

/// Elements that have no end tag, or whose end tag may be left out: they
/// do not count towards the depth.
const NOT_NESTING: [&str; 29] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup",
    "thead", "tbody", "tfoot", "rp", "rt",
];

#[derive(Default)]
struct Depth {
    now: Cell<usize>,
}

#[derive(Default)]
struct Scan {
    urls: Vec<(u64, String)>,
    too_deep: Option<u64>,
    /// `<a href>` (false) and `<img src>` (true), with their lines: what
    /// the link check follows.
    links: Vec<(u64, bool, String)>,
}

struct Sink<'d> {
    depth: &'d Depth,
    found: RefCell<Scan>,
}

impl Sink<'_> {
    fn tag(&self, tag: &Tag, line: u64) {
        let name: &str = &tag.name;
        match tag.kind {
            TagKind::StartTag => {
                let mut found = self.found.borrow_mut();
                for a in &tag.attrs {
                    let attr = match &a.name.prefix {
                        Some(p) => format!("{p}:{}", &*a.name.local),
                        None => a.name.local.to_string(),
                    };
                    let value: &str = &a.value;
                    let urls: Vec<&str> = if attr == "srcset" {
                        value
                            .split(',')
                            .filter_map(|c| c.split_whitespace().next())
                            .collect()
                    } else if URL_ATTRIBUTES.contains(&attr.as_str()) {
                        vec![value]
                    } else {
                        Vec::new()
                    };
                    for u in urls {
                        if refused_scheme(u).is_some() {
                            found.urls.push((line, u.to_string()));
                        }
                    }
                    match (name, attr.as_str()) {
                        ("img", "src") => found.links.push((line, true, value.to_string())),
                        ("a", "href") => found.links.push((line, false, value.to_string())),
                        _ => {}
                    }
                }
                if !tag.self_closing && !NOT_NESTING.contains(&name) {
                    let d = self.depth.now.get() + 1;
                    self.depth.now.set(d);
                    if d > MAX_DEPTH && found.too_deep.is_none() {
                        found.too_deep = Some(line);
                    }
                }
            }
            TagKind::EndTag => {
                if !NOT_NESTING.contains(&name) {
                    self.depth.now.set(self.depth.now.get().saturating_sub(1));
                }
            }
        }
    }
}

impl TokenSink for Sink<'_> {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token {
            self.tag(&tag, line);
        }
        TokenSinkResult::Continue
    }
}

/// The `<a href>` and `<img src>` of a piece of raw HTML: (1-based line,
/// is an image, the address as written).
pub fn raw_links(html: &str) -> Vec<(u64, bool, String)> {
    scan_html(html, &mut Depth::default()).links
}

fn scan_html(html: &str, depth: &mut Depth) -> Scan {
    let sink = Sink {
        depth,
        found: RefCell::new(Scan::default()),
    };
    let tok = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tok.feed(&input);
    tok.end();
    tok.sink.found.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_mail_and_relative_urls_pass() {
        for ok in [
            "https://a.vn/x",
            "HTTP://A.VN",
            "mailto:a@b.vn",
            "/mo-hinh/x/",
            "anh.jpg",
            "../b/",
            "#ket-qua",
            "?q=1",
            "//cdn.example/x",
            "a/b:c",
        ] {
            assert_eq!(refused_scheme(ok), None, "{ok}");
        }
        for (bad, scheme) in [
            ("javascript:alert(1)", "javascript"),
            ("  JavaScript:alert(1)", "JavaScript"),
            ("java\tscript:alert(1)", "javascript"),
            ("\u{1}javascript:x", "javascript"),
            ("data:text/html,<b>", "data"),
            ("vbscript:x", "vbscript"),
            ("file:///etc/passwd", "file"),
            ("C:\\Users\\a.docx", "C"),
            ("tel:0912", "tel"),
        ] {
            assert_eq!(refused_scheme(bad).as_deref(), Some(scheme), "{bad}");
        }
    }

    #[test]
    fn urls_from_the_cache_are_published_only_with_an_allowed_scheme() {
        assert_eq!(published_url("https://a.vn/"), "https://a.vn/");
        assert_eq!(published_url("/anh/x.jpg"), "/anh/x.jpg");
        assert_eq!(published_url(" javascript:alert(1)"), "#");
        assert_eq!(published_url("data:text/html,x"), "#");
    }

    #[test]
    fn links_images_and_raw_html_attributes_are_inspected() {
        let body = "Đoạn [a](javascript:alert(1)) và ![b](data:image/png;base64,AA)\n\n\
                    [r]: vbscript:x\n\n[c][r]\n\n\
                    <a href=\"java&#115;cript:alert(2)\">x</a>\n\n\
                    <img srcset=\"a.jpg 1x, javascript:y 2x\">\n\n\
                    [ok](https://a.vn/) <a href=\"/mo-hinh/x/\">ok</a>\n";
        let urls: Vec<String> = inspect(body)
            .into_iter()
            .map(|p| match p {
                Problem::Scheme { url, .. } => url,
                p => panic!("{p:?}"),
            })
            .collect();
        assert_eq!(
            urls,
            [
                "javascript:alert(1)",
                "data:image/png;base64,AA",
                "vbscript:x",
                "javascript:alert(2)",
                "javascript:y"
            ]
        );
    }

    #[test]
    fn offsets_point_at_the_url() {
        let body = "một\n\nhai [x](javascript:a)\n\n<p>\n<a href=\"data:x\">y</a></p>\n";
        let at: Vec<usize> = inspect(body)
            .iter()
            .map(|p| match p {
                Problem::Scheme { at, .. } | Problem::TooDeep { at } => *at,
            })
            .collect();
        assert_eq!(at.len(), 2);
        assert!(body[at[0]..].starts_with("javascript:a"));
        assert!(body[at[1]..].starts_with("<a href"), "{}", &body[at[1]..]);
    }

    #[test]
    fn nesting_is_bounded_and_optional_end_tags_do_not_count() {
        let deep = format!("{}x{}", "<div>".repeat(101), "</div>".repeat(101));
        assert!(matches!(inspect(&deep)[..], [Problem::TooDeep { .. }]));
        let ok = format!("{}x{}", "<div>".repeat(100), "</div>".repeat(100));
        assert!(inspect(&ok).is_empty());
        // Depth goes back down: many shallow blocks are fine.
        assert!(inspect(&"<div><b>x</b></div>\n\n".repeat(500)).is_empty());
        assert!(inspect(&"<ul><li>a<li>b<li>c</ul>".repeat(200)).is_empty());
        assert!(inspect(&"<p>x".repeat(500)).is_empty());
    }

    #[test]
    fn bodies_without_links_or_html_are_not_parsed() {
        assert!(inspect("Chỉ có chữ: không có liên kết.").is_empty());
        assert!(too_deep(&"<div>".repeat(101)));
        assert!(!too_deep("<div>a</div>"));
    }
}
