//! Markdown to HTML, as a chain of small adapters over pulldown-cmark events
//! (after cobalt's `DecoratedParser`): heading ids,
//! `base_url` link rewriting, fenced code highlighted; raw HTML sanitized. Each adapter is a
//! function over a `Vec<Event>` with its own tests; `render` runs the chain.

pub mod guard;
mod highlight;
mod raw_images;
mod sanitize;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};

use crate::text;

/// What rendering needs to know about the site.
#[derive(Debug, Clone)]
pub struct Options {
    /// Path prefix of the site (`/` or `/dvk/`), put before root-relative links.
    pub root: String,
    /// Trust raw HTML in bodies as written (`raw_html: true` in site.yaml).
    /// Otherwise it is sanitized.
    pub trust_raw_html: bool,
}

/// A rendered body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// Plain text of the first paragraph, for default summaries.
    pub first_paragraph: String,
}

fn parser_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options as O;
    O::ENABLE_TABLES | O::ENABLE_FOOTNOTES | O::ENABLE_STRIKETHROUGH | O::ENABLE_HEADING_ATTRIBUTES
}

/// The `<picture>` markup of a local image a body shows, from where it
/// is written and its alt text; `None` keeps the plain `<img>`.
pub type Pictures<'a> = &'a dyn Fn(&str, &str) -> Option<String>;

/// Renders a Markdown body.
pub fn render(body: &str, opts: &Options) -> Rendered {
    render_with(body, opts, None)
}

/// [`render`], with the images kheo published in widths shown through
/// `pictures`.
pub fn render_with(body: &str, opts: &Options, pictures: Option<Pictures>) -> Rendered {
    render_as(body, opts, pictures, true)
}

/// [`render`]'s HTML for its text alone (the search index's): the same
/// elements and text, without the headings' ids and with links as
/// written, attributes that only a page's reader follows.
pub fn render_for_text(body: &str, opts: &Options) -> String {
    render_as(body, opts, None, false).html
}

fn render_as(body: &str, opts: &Options, pictures: Option<Pictures>, attrs: bool) -> Rendered {
    // CommonMark: U+0000 is replaced by U+FFFD; a NUL must not reach a page.
    let body: std::borrow::Cow<str> = if memchr::memchr(0, body.as_bytes()).is_some() {
        body.replace('\0', "\u{FFFD}").into()
    } else {
        body.into()
    };
    let body = body.as_ref();
    let events: Vec<Event> = Parser::new_ext(body, parser_options()).collect();
    let first_paragraph = first_paragraph(&events);
    let has_raw_html = events
        .iter()
        .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    let events = match pictures {
        Some(p) => picture_images(events, p),
        None => events,
    };
    let events = demote_headings(events);
    let events = if attrs {
        rewrite_links(heading_ids(events), &opts.root)
    } else {
        events
    };
    let events = highlight::code_blocks(events);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if has_raw_html && !opts.trust_raw_html {
        // Too deep for the sanitizer to stay linear: the loaders refuse
        // such a body, and here it is shown as text.
        html = if guard::too_deep(&html) {
            let mut escaped = String::with_capacity(html.len() * 5 / 4);
            let _ = pulldown_cmark_escape::escape_html(&mut escaped, &html);
            escaped
        } else {
            sanitize::clean(&html)
        };
    }
    Rendered {
        html,
        first_paragraph,
    }
}

/// Plain text of a body's first top-level paragraph, what
/// [`render`] gives as [`Rendered::first_paragraph`]: the parser stops
/// there, and nothing is rendered (a loader needs this alone, for an entry
/// without a summary).
pub fn first_paragraph_of(body: &str) -> String {
    let body: std::borrow::Cow<str> = if memchr::memchr(0, body.as_bytes()).is_some() {
        body.replace('\0', "\u{FFFD}").into()
    } else {
        body.into()
    };
    first_paragraph(Parser::new_ext(&body, parser_options()))
}

/// Plain text of the first top-level paragraph.
fn first_paragraph<'e, E: std::borrow::Borrow<Event<'e>>>(
    events: impl IntoIterator<Item = E>,
) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    let mut inside = false;
    for ev in events {
        let ev = ev.borrow();
        match ev {
            Event::Start(Tag::Paragraph) if depth == 0 => inside = true,
            Event::End(TagEnd::Paragraph) if inside && depth == 0 => break,
            Event::Start(_) if !inside => depth += 1,
            Event::End(_) if !inside => depth = depth.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if inside => out.push_str(t),
            Event::SoftBreak | Event::HardBreak if inside => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// Pages put the entry's title in the one `<h1>`, so a body that uses `#`
/// has all its headings moved down one level (`#` → `<h2>`, `##` → `<h3>`),
/// keeping their order; a body starting at `##` is left as it is.
pub fn demote_headings(events: Vec<Event>) -> Vec<Event> {
    let has_h1 = events.iter().any(|e| {
        matches!(
            e,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            })
        )
    });
    if !has_h1 {
        return events;
    }
    let down = |l: HeadingLevel| match l {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    };
    events
        .into_iter()
        .map(|e| match e {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => Event::Start(Tag::Heading {
                level: down(level),
                id,
                classes,
                attrs,
            }),
            Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(down(level))),
            other => other,
        })
        .collect()
}

/// Gives every heading without an explicit `{#id}` an id made from its text,
/// unique within the document.
pub fn heading_ids(events: Vec<Event>) -> Vec<Event> {
    let mut used = std::collections::BTreeSet::new();
    // Explicit ids are taken first so generated ones never collide with them.
    for ev in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = ev {
            used.insert(id.to_string());
        }
    }
    let mut out = Vec::with_capacity(events.len());
    let mut pending: Option<(usize, String)> = None;
    for ev in events {
        match &ev {
            Event::Start(Tag::Heading { id: None, .. }) => {
                pending = Some((out.len(), String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = pending.as_mut() {
                    text.push_str(t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((at, title)) = pending.take() {
                    let base = match text::slugify(&title) {
                        s if s.is_empty() => "muc".to_string(),
                        s => s,
                    };
                    let mut id = base.clone();
                    let mut n = 2;
                    while used.contains(&id) {
                        id = format!("{base}-{n}");
                        n += 1;
                    }
                    used.insert(id.clone());
                    if let Event::Start(Tag::Heading {
                        level,
                        classes,
                        attrs,
                        ..
                    }) = &out[at]
                    {
                        let level: HeadingLevel = *level;
                        out[at] = Event::Start(Tag::Heading {
                            level,
                            id: Some(CowStr::from(id)),
                            classes: classes.clone(),
                            attrs: attrs.clone(),
                        });
                    }
                }
            }
            _ => {}
        }
        out.push(ev);
    }
    out
}

fn rewrite(dest: CowStr, root: &str) -> CowStr<'static> {
    // The loaders refuse these with a diagnostic; none reaches a page.
    if guard::refused_scheme(&dest).is_some() {
        return CowStr::from("#");
    }
    match dest.strip_prefix('/') {
        Some(rest) if !rest.starts_with('/') => CowStr::from(format!("{root}{rest}")),
        _ => CowStr::from(dest.into_string()),
    }
}

/// Swaps each image `pictures` knows (by its URL as written) for its
/// `<picture>`, the image's text as its alt; and likewise each `<img>` of
/// raw HTML ([`raw_images`]), with its `alt`.
fn picture_images<'a>(events: Vec<Event<'a>>, pictures: Pictures) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut it = events.into_iter().peekable();
    while let Some(ev) = it.next() {
        let ev = match ev {
            // An HTML block comes a line at a time: a tag may span lines.
            Event::Html(first)
                if raw_images::has_img(&first)
                    || it.peek().is_some_and(|e| matches!(e, Event::Html(_))) =>
            {
                let mut block = first.into_string();
                while let Some(Event::Html(next)) = it.next_if(|e| matches!(e, Event::Html(_))) {
                    block.push_str(&next);
                }
                let block = raw_images::swap(&block, pictures).unwrap_or(block);
                out.push(Event::Html(CowStr::from(block)));
                continue;
            }
            Event::InlineHtml(tag) => {
                out.push(match raw_images::swap(&tag, pictures) {
                    Some(html) => Event::InlineHtml(CowStr::from(html)),
                    None => Event::InlineHtml(tag),
                });
                continue;
            }
            ev => ev,
        };
        let Event::Start(Tag::Image { dest_url, .. }) = &ev else {
            out.push(ev);
            continue;
        };
        let dest = dest_url.to_string();
        let mut inner = vec![ev];
        let mut alt = String::new();
        let mut depth = 0usize;
        for e in it.by_ref() {
            match &e {
                Event::Start(Tag::Image { .. }) => depth += 1,
                Event::End(TagEnd::Image) if depth == 0 => {
                    inner.push(e);
                    break;
                }
                Event::End(TagEnd::Image) => depth -= 1,
                Event::Text(t) | Event::Code(t) => alt.push_str(t),
                _ => {}
            }
            inner.push(e);
        }
        match pictures(&dest, &alt) {
            Some(html) => out.push(Event::InlineHtml(CowStr::from(html))),
            None => out.extend(inner),
        }
    }
    out
}

/// Puts the site's path prefix before root-relative links and images
/// (`/mo-hinh/x/` → `/dvk/mo-hinh/x/`) and drops URLs of refused schemes
/// (`guard::refused_scheme`).
pub fn rewrite_links<'a>(events: Vec<Event<'a>>, root: &str) -> Vec<Event<'a>> {
    events
        .into_iter()
        .map(|ev| match ev {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if link_type != LinkType::Email => Event::Start(Tag::Link {
                link_type,
                dest_url: rewrite(dest_url, root),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: rewrite(dest_url, root),
                title,
                id,
            }),
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        render(
            md,
            &Options {
                root: "/dvk/".into(),
                trust_raw_html: false,
            },
        )
        .html
    }

    #[test]
    fn a_body_using_h1_is_moved_down_one_level() {
        let h = html("# Một\n\n## Hai\n");
        assert!(h.contains("<h2 id=\"mot\">Một</h2>"), "{h}");
        assert!(h.contains("<h3 id=\"hai\">Hai</h3>"), "{h}");
        let h = html("## Hai\n");
        assert!(h.contains("<h2 id=\"hai\">"), "{h}");
    }

    #[test]
    fn headings_get_unique_ids() {
        let h = html("## Kết quả\n\n## Kết quả\n\n## Cách làm {#rieng}\n");
        assert!(h.contains(r#"<h2 id="ket-qua">"#), "{h}");
        assert!(h.contains(r#"<h2 id="ket-qua-2">"#), "{h}");
        assert!(h.contains(r#"<h2 id="rieng">"#), "{h}");
    }

    #[test]
    fn root_relative_links_get_the_sub_path() {
        let h =
            html("[a](/mo-hinh/x/) [b](https://e.org/) [c](//cdn.org/x) [d](javascript:alert(1))");
        assert!(h.contains(r#"href="/dvk/mo-hinh/x/""#), "{h}");
        assert!(h.contains(r#"href="https://e.org/""#), "{h}");
        assert!(h.contains(r#"href="//cdn.org/x""#), "{h}");
        assert!(!h.contains("javascript"), "{h}");
    }

    #[test]
    fn raw_html_is_sanitized_unless_trusted() {
        let md = "Xin chào <script>alert(1)</script> <sup>2</sup>\n\n<div onclick=\"x\">a</div>\n";
        let h = html(md);
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("onclick"), "{h}");
        assert!(h.contains("<sup>2</sup>"), "{h}");
        let trusted = render(
            md,
            &Options {
                root: "/".into(),
                trust_raw_html: true,
            },
        )
        .html;
        assert!(trusted.contains("onclick"), "{trusted}");
    }

    #[test]
    fn raw_html_images_become_pictures_and_stay_sanitized() {
        let pics = |dest: &str, alt: &str| {
            (dest == "anh.jpg").then(|| {
                format!("<picture><img src=\"anh-960.jpg\" srcset=\"anh-480.jpg 480w\" alt=\"{alt}\"></picture>")
            })
        };
        let md = "Trước <img\nsrc=\"anh.jpg\" alt=\"Một\" onerror=\"x()\"> sau.\n\n\
                  <div class=\"WordSection1\">\n<p><img width=\"600\"\n  src=\"anh.jpg\" alt=\"Hai\"></p>\n\
                  <img src=\"https://e.org/anh.jpg\" alt=\"Ba\" onerror=\"y()\">\n</div>\n";
        let h = render_with(
            md,
            &Options {
                root: "/".into(),
                trust_raw_html: false,
            },
            Some(&pics),
        )
        .html;
        assert_eq!(h.matches("<picture>").count(), 2, "{h}");
        assert!(h.contains(r#"srcset="anh-480.jpg 480w" alt="Một""#), "{h}");
        assert!(h.contains(r#"alt="Hai""#), "{h}");
        assert!(
            h.contains(r#"<img src="https://e.org/anh.jpg" alt="Ba">"#),
            "{h}"
        );
        assert!(!h.contains("onerror") && !h.contains("width"), "{h}");
    }

    #[test]
    fn tables_footnotes_strikethrough() {
        let h = html("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~cũ~~ mới[^1]\n\n[^1]: Ghi chú.\n");
        assert!(h.contains("<table>"), "{h}");
        assert!(h.contains("<del>cũ</del>"), "{h}");
        assert!(h.contains("footnote"), "{h}");
    }

    #[test]
    fn first_paragraph_is_plain_text() {
        let r = render(
            "# Tiêu đề\n\nĐoạn **đầu** tiên\nnối dòng.\n\nĐoạn hai.",
            &Options {
                root: "/".into(),
                trust_raw_html: false,
            },
        );
        assert_eq!(r.first_paragraph, "Đoạn đầu tiên nối dòng.");
    }

    #[test]
    fn first_paragraph_alone_is_the_rendered_one() {
        let opts = Options {
            root: "/".into(),
            trust_raw_html: false,
        };
        for body in [
            "# Tiêu đề\n\nĐoạn **đầu** tiên\nnối dòng.\n\nĐoạn hai.",
            "> Trích dẫn\n\n- mục\n\nĐoạn [liên kết][a] và `mã`.\n\n[a]: /x/",
            "<div>\nkhối</div>\n\nSau\0 đó.  \nxuống dòng",
            "",
        ] {
            let whole = render(body, &opts).first_paragraph;
            assert_eq!(first_paragraph_of(body), whole, "{body:?}");
        }
        assert_eq!(
            first_paragraph_of("Đoạn [liên kết][a].\n\n[a]: /x/"),
            "Đoạn liên kết."
        );
    }
}
