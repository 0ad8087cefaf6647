//! Fenced code blocks highlighted by syntect with CSS classes (the theme's
//! stylesheet colours them). The syntax set is loaded the first time a code
//! block with a known language appears, never before: most sites have none.

use std::sync::OnceLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).ok();
    out
}

fn highlight(code: &str, lang: &str) -> String {
    let lang_class = escape(lang);
    let plain = || {
        format!(
            "<pre><code class=\"language-{lang_class}\">{}</code></pre>\n",
            escape(code)
        )
    };
    if lang.is_empty() {
        return format!("<pre><code>{}</code></pre>\n", escape(code));
    }
    let set = syntaxes();
    let Some(syntax) = set.find_syntax_by_token(lang) else {
        return plain();
    };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        set,
        ClassStyle::SpacedPrefixed { prefix: "hl-" },
    );
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return plain();
        }
    }
    format!(
        "<pre class=\"hl\"><code class=\"language-{lang_class}\">{}</code></pre>\n",
        generator.finalize()
    )
}

/// Replaces each code block by its highlighted HTML.
pub fn code_blocks(events: Vec<Event>) -> Vec<Event> {
    let mut out = Vec::with_capacity(events.len());
    let mut block: Option<(String, String)> = None;
    for ev in events {
        match ev {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                block = Some((lang, String::new()));
            }
            Event::Text(t) if block.is_some() => {
                if let Some((_, code)) = block.as_mut() {
                    code.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, code)) = block.take() {
                    out.push(Event::Html(CowStr::from(highlight(&code, &lang))));
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes() {
        let h = highlight("fn main() {}\n", "rust");
        assert!(h.contains("hl-"), "{h}");
        assert!(h.starts_with("<pre class=\"hl\">"), "{h}");
    }

    #[test]
    fn unknown_language_is_escaped_plain() {
        let h = highlight("<b>x</b>\n", "khong-co");
        assert!(h.contains("&lt;b&gt;"), "{h}");
    }
}
