//! `<img>` tags in raw HTML of a body (typed by an editor, or pasted from
//! Word or a web page) swapped for the `<picture>` of a photo kheo
//! published in widths, as Markdown images are (`markdown::render_with`).
//!
//! This module only finds the tags and reads their `src` and `alt`; what
//! replaces a tag comes from the caller ([`super::Pictures`]), and the
//! whole body still goes through the sanitizer afterwards, so nothing here
//! widens what raw HTML may publish. A tag's extent is found by a small
//! scanner that follows the HTML tokenizer's rules for quoted attribute
//! values; its attributes are then read by html5ever's tokenizer, which
//! decodes character references the way a browser does. Comments and the
//! content of `script`, `style`, `textarea`, `title` and `xmp` are text to
//! a browser, so an `<img>` there is left alone.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::Pictures;

/// Elements whose content is text, not markup.
const RAW_TEXT: [&str; 5] = ["script", "style", "textarea", "title", "xmp"];

/// `html` with each `<img>` that `pictures` knows replaced by its
/// `<picture>`; `None` when nothing was replaced.
pub fn swap(html: &str, pictures: Pictures) -> Option<String> {
    if !has_img(html) {
        return None;
    }
    let b = html.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        let at = i + off;
        let rest = &b[at..];
        if rest.starts_with(b"<!--") {
            i = memchr::memmem::find(&rest[4..], b"-->").map_or(b.len(), |e| at + 4 + e + 3);
            continue;
        }
        let name_len = rest[1..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if name_len == 0 {
            i = at + 1;
            continue;
        }
        let name = html[at + 1..at + 1 + name_len].to_ascii_lowercase();
        let end = tag_end(b, at + 1 + name_len);
        if RAW_TEXT.contains(&name.as_str()) {
            // Up to the element's end tag (or the end of this piece).
            let close = format!("</{name}");
            i = find_ascii_ci(&b[end..], close.as_bytes()).map_or(b.len(), |e| end + e);
            continue;
        }
        if name == "img"
            && let Some((src, alt)) = src_and_alt(&html[at..end])
            && let Some(picture) = pictures(&src, &alt)
        {
            out.push_str(&html[copied..at]);
            out.push_str(&picture);
            copied = end;
        }
        i = end;
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&html[copied..]);
    Some(out)
}

/// Whether `html` may hold an `<img` tag (any case).
pub fn has_img(html: &str) -> bool {
    find_ascii_ci(html.as_bytes(), b"<img").is_some()
}

fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// The offset just past the `>` ending the tag whose attributes start at
/// `i`, or the end of `b` when the tag is not closed. A `>` inside a
/// quoted value does not end the tag; quotes count only right after `=`.
fn tag_end(b: &[u8], mut i: usize) -> usize {
    let mut after_eq = false;
    while i < b.len() {
        match b[i] {
            b'>' => return i + 1,
            b'=' => after_eq = true,
            q @ (b'"' | b'\'') if after_eq => {
                i = memchr::memchr(q, &b[i + 1..]).map_or(b.len(), |e| i + 1 + e);
                after_eq = false;
            }
            c if c.is_ascii_whitespace() => {}
            _ => after_eq = false,
        }
        i += 1;
    }
    b.len()
}

/// The decoded `src` and `alt` (empty when missing) of one `<img …>` tag;
/// `None` without a `src`, or with a `srcset` already (the editor chose
/// the widths).
fn src_and_alt(tag: &str) -> Option<(String, String)> {
    struct Sink(RefCell<Option<html5ever::tokenizer::Tag>>);
    impl TokenSink for Sink {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            if let Token::TagToken(t) = token
                && t.kind == TagKind::StartTag
            {
                self.0.borrow_mut().get_or_insert(t);
            }
            TokenSinkResult::Continue
        }
    }
    let tok = Tokenizer::new(Sink(RefCell::new(None)), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(tag));
    let _ = tok.feed(&input);
    tok.end();
    let tag = tok.sink.0.into_inner()?;
    if &*tag.name != "img" {
        return None;
    }
    let attr = |n: &str| {
        tag.attrs
            .iter()
            .find(|a| a.name.prefix.is_none() && &*a.name.local == n)
            .map(|a| a.value.to_string())
    };
    if attr("srcset").is_some() {
        return None;
    }
    Some((
        attr("src")?.trim().to_string(),
        attr("alt").unwrap_or_default(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pics(src: &str, alt: &str) -> Option<String> {
        (src == "anh.jpg" || src == "/anh/b.jpg").then(|| format!("[{src}|{alt}]"))
    }

    #[test]
    fn local_images_are_swapped_with_their_alt() {
        let html = r#"<p>Ảnh: <IMG class="x" SRC = 'anh.jpg' alt="Đồi &amp; chè" width=600>!</p><img src="https://e.org/anh.jpg" alt="ngoài">"#;
        assert_eq!(
            swap(html, &pics).as_deref(),
            Some(
                r#"<p>Ảnh: [anh.jpg|Đồi & chè]!</p><img src="https://e.org/anh.jpg" alt="ngoài">"#
            )
        );
    }

    #[test]
    fn a_quoted_greater_than_does_not_end_the_tag() {
        let html = "<img alt=\"a > b\" src=\"/anh/b.jpg\"\n  title='x>y'>sau";
        assert_eq!(swap(html, &pics).as_deref(), Some("[/anh/b.jpg|a > b]sau"));
    }

    #[test]
    fn comments_raw_text_and_unknown_images_are_left_alone() {
        for html in [
            "<!-- <img src=\"anh.jpg\"> -->",
            "<textarea><img src=\"anh.jpg\"></textarea>",
            "<script>var s = '<img src=\"anh.jpg\">';</script>",
            "<img src=\"khac.jpg\" alt=\"x\">",
            "<img src=\"anh.jpg\" srcset=\"anh.jpg 1x\">",
            "<img alt=\"không có src\">",
            "<imgx src=\"anh.jpg\">",
            "a < b <img",
        ] {
            assert_eq!(swap(html, &pics), None, "{html}");
        }
        // After a comment or a raw-text element, tags count again.
        assert_eq!(
            swap("<!-- x --><style>p{}</style><img src=anh.jpg>", &pics).as_deref(),
            Some("<!-- x --><style>p{}</style>[anh.jpg|]")
        );
    }
}
