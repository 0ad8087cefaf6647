//! Raw HTML in Markdown, made safe with ammonia.
//!
//! Runs only on bodies that contain raw HTML (most do not, so the common
//! path pays nothing). Keeps what Markdown itself produces and ordinary
//! formatting (tables, images, links, `<br>`, `<sup>`…); drops scripts,
//! styles, iframes, forms, event handlers and URLs of any scheme but
//! `http(s)` and `mailto`.

use std::collections::HashSet;
use std::sync::OnceLock;

fn cleaner() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        // Heading ids, highlighting classes and footnote markup come from
        // our own Markdown adapters.
        b.add_generic_attributes(["id", "class"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .filter_style_properties(HashSet::from(["text-align"]))
            .add_tags(["figure", "figcaption", "mark", "details", "summary"])
            // The `<picture>` kheo makes of a body's photos.
            .add_tags(["picture", "source"])
            .add_tag_attributes("source", ["type", "srcset", "sizes"])
            .add_tag_attributes(
                "img",
                ["srcset", "sizes", "width", "height", "loading", "decoding"],
            )
            .url_schemes(HashSet::from(super::guard::ALLOWED_SCHEMES))
            .link_rel(None);
        b
    })
}

/// Sanitizes a rendered body.
pub fn clean(html: &str) -> String {
    cleaner().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dangerous_markup_is_removed_and_formatting_kept() {
        let dirty = r#"<p>Chào <b>bạn</b><script>alert(1)</script></p>
<img src="x.png" alt="ảnh" onerror="alert(1)">
<a href="javascript:alert(1)">x</a><a href="/mo-hinh/a/">a</a>
<iframe src="https://evil.example"></iframe><form action="/x"><input name="q"></form>
<table><tr><td style="text-align: center; position: fixed">1</td></tr></table>
<h2 id="ket-qua">Kết quả</h2><span class="hl-keyword">fn</span>"#;
        let c = clean(dirty);
        for bad in [
            "<script",
            "onerror",
            "javascript:",
            "<iframe",
            "<form",
            "<input",
            "position",
        ] {
            assert!(!c.contains(bad), "{bad} survived: {c}");
        }
        for good in [
            "<b>bạn</b>",
            "alt=\"ảnh\"",
            "href=\"/mo-hinh/a/\"",
            "<table>",
            "text-align",
            "id=\"ket-qua\"",
            "class=\"hl-keyword\"",
        ] {
            assert!(c.contains(good), "{good} lost: {c}");
        }
    }
}
