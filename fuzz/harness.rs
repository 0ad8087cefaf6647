// The checks each fuzz target runs on one input, shared by the cargo-fuzz
// targets (`fuzz/fuzz_targets/*.rs`, nightly) and by the regression tests
// that replay the kept inputs under plain `cargo test`
// (`tests/testsuite/fuzz_regressions.rs`, which includes this file by path).
//
// A check panics only when kheo breaks a guarantee: a panic inside kheo, a
// diagnostic without a line, a slug with characters a URL must not have, a
// sanitized body that still carries a script. Anything kheo reports as a
// diagnostic is a fine outcome.

#![allow(dead_code)]

use std::path::Path;

use kheo::config::SiteConfig;
use kheo::content::{self, frontmatter};
use kheo::diag::{Diagnostic, Diagnostics};
use kheo::locality::registry;
use kheo::markdown;
use kheo::text;

/// Markdown options as a site at `/` without `raw_html: true` has them.
pub fn md_options(trust_raw_html: bool) -> markdown::Options {
    markdown::Options {
        root: "/dvk/".to_string(),
        trust_raw_html,
    }
}

/// Every diagnostic about `path` names it and a line of the file (1 to the
/// number of lines + 1, for "missing key" errors placed after the block).
fn assert_located(diags: &[Diagnostic], path: &Path, lines: usize) {
    for d in diags {
        assert_eq!(d.path, path, "diagnostic for another file: {d:?}");
        assert!(
            d.line >= 1 && d.line <= lines + 1,
            "diagnostic without a line of the file ({lines} lines): {d:?}"
        );
        assert!(
            !d.message(&kheo::l10n::Messages::new(kheo::l10n::Lang::En))
                .is_empty(),
            "empty message: {d:?}"
        );
    }
}

/// Front matter: decode, split, parse as YAML, then load the bytes as a
/// model, an award and a page, and render every diagnostic with its source
/// line (which reads `path` from disk: the caller writes `data` there).
/// Returns how many diagnostics were reported (0 when everything loaded).
pub fn frontmatter(path: &Path, data: &[u8]) -> usize {
    let file = match frontmatter::decode(path, data) {
        Ok(f) => f,
        Err(d) => {
            let lines = data.iter().filter(|&&b| b == b'\n').count() + 1;
            assert_located(std::slice::from_ref(&d), path, lines);
            render(vec![d], path);
            return 1;
        }
    };
    let t = &file.text;
    assert!(!t.contains('\r'), "CR left after decoding");
    assert!(!t.starts_with('\u{feff}'), "BOM left after decoding");
    assert_eq!(text::nfc(t), *t, "decoded text is not NFC");
    let lines = t.split('\n').count();

    let mut diags = Vec::new();
    match frontmatter::split(&file) {
        Ok(s) => {
            assert!(t.ends_with(s.body), "body is not the end of the file");
            assert!(t.contains(s.yaml), "front matter is not part of the file");
            assert!(s.yaml_line >= 1);
            if let Err(d) = frontmatter::parse_map(&file, &s) {
                diags.push(d);
            }
        }
        Err(d) => diags.push(d),
    }

    let cfg = SiteConfig::default();
    let md = md_options(false);
    let model = content::model::load(&file, &cfg, &md);
    if let Ok(m) = &model {
        assert_slug(&m.slug);
        assert!(!m.title.trim().is_empty());
        assert!((1..=3).contains(&m.locality.len()), "{:?}", m.locality);
    }
    let award = content::award::load(&file, &md);
    if let Ok(a) = &award {
        assert_slug(&a.slug);
    }
    let page = content::page::load(&file, &md);
    for r in [model.err(), award.err(), page.err()].into_iter().flatten() {
        assert!(!r.is_empty(), "an error result without a diagnostic");
        diags.extend(r);
    }
    assert_located(&diags, path, lines);
    let n = diags.len();
    render(diags, path);
    n
}

/// Renders diagnostics as `kheo check` prints them (source line and caret),
/// with and without colour.
fn render(diags: Vec<Diagnostic>, path: &Path) {
    let mut sink = Diagnostics::new();
    sink.extend(diags);
    let root = path.parent().unwrap_or(Path::new("/"));
    let plain = sink.render(
        root,
        false,
        &kheo::l10n::Messages::new(kheo::l10n::Lang::En),
    );
    let _ = sink.render(root, true, &kheo::l10n::Messages::new(kheo::l10n::Lang::Vi));
    assert!(sink.is_empty() || plain.contains("error") || plain.contains("warning"));
}

/// A slug is a URL path segment: a-z, 0-9 and single dashes, not at the ends.
fn assert_slug(slug: &str) {
    assert!(!slug.is_empty(), "empty slug accepted");
    assert!(
        slug.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
        "slug {slug:?}"
    );
    assert!(
        !slug.starts_with('-') && !slug.ends_with('-'),
        "slug {slug:?}"
    );
}

/// The Vietnamese text functions: each output has the form its
/// documentation promises, whatever the input.
pub fn text(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let nfd: String = unicode_nfd(s);

    let slug = text::slugify(s);
    if !slug.is_empty() {
        assert_slug(&slug);
    }
    assert!(!slug.contains("--"), "slug {slug:?}");
    assert_eq!(text::slugify(&slug), slug, "slugify is not idempotent");
    assert_eq!(text::slugify(&nfd), slug, "slugify differs for NFD: {s:?}");

    let nfc = text::nfc(s);
    assert_eq!(text::nfc(&nfc), nfc, "nfc is not idempotent");

    let key = text::match_key(s);
    assert_eq!(
        text::match_key(&nfd),
        key,
        "match_key differs for NFD: {s:?}"
    );
    assert_eq!(
        text::match_key(&key),
        key,
        "match_key is not idempotent: {s:?}"
    );
    assert_eq!(key.trim(), key, "match_key not trimmed: {s:?}");
    assert!(!key.contains("  "), "match_key keeps double spaces: {s:?}");

    let placed = text::canonical_tone_placement(s);
    assert_eq!(text::nfc(&placed), placed, "tone placement is not NFC");
    assert_eq!(
        text::canonical_tone_placement(&placed),
        placed,
        "tone placement is not idempotent: {s:?}"
    );
    assert_eq!(
        text::match_key(&placed),
        key,
        "the key depends on tone placement: {s:?}"
    );

    let lkey = text::locality_key(s);
    assert_eq!(
        text::locality_key(&nfd),
        lkey,
        "locality_key differs for NFD: {s:?}"
    );
    assert!(
        key.ends_with(&lkey),
        "locality_key is not a tail of match_key: {s:?}"
    );

    let _ = kheo::locality::strip_type(s);
    let _ = registry::key(s);
    let _ = registry::written_kind(s);
    let _ = text::collator().compare(s, &nfc);
}

fn unicode_nfd(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd().collect()
}

/// Locality matching: the first two bytes pick a date (2015–2028, month
/// none or 1–12), the rest is a path of names separated by `/`. Resolves it
/// in the registry, then builds a site of two models written with that
/// path and with its tones placed differently, which must land on one node.
pub fn locality(data: &[u8]) {
    let [y, m, rest @ ..] = data else {
        return;
    };
    let Ok(written) = std::str::from_utf8(rest) else {
        return;
    };
    let year = 2015 + i32::from(y % 14);
    let month = match m % 13 {
        0 => None,
        m => Some(m),
    };
    let segments: Vec<&str> = written.split('/').take(8).collect();
    let reg = registry::registry();
    match reg.resolve_at(&segments, year, month, None) {
        Ok(id) => {
            assert!(!reg.full_name(id).is_empty());
            assert_eq!(reg.lineage(id).last(), Some(&id));
        }
        Err(e) => {
            assert!(e.candidates.len() <= 5, "{e:?}");
            let _ = e.to_string();
        }
    }

    let date = match month {
        Some(m) => format!("{year}-{m:02}"),
        None => year.to_string(),
    };
    let entry = |title: &str, names: &[String]| {
        let list: Vec<String> = names.iter().map(|n| yaml_quote(n)).collect();
        format!(
            "---\ntitle: {title}\nfield: kinh-te\ndate: {date}\nlocality: [{}]\n---\nThân bài.\n",
            list.join(", ")
        )
    };
    let as_written: Vec<String> = segments.iter().map(|s| s.to_string()).collect();
    let replaced: Vec<String> = segments
        .iter()
        .map(|s| text::canonical_tone_placement(s))
        .collect();
    let cfg = SiteConfig {
        unknown_localities_warn: true,
        ..SiteConfig::default()
    };
    let md = md_options(false);
    let mut models = Vec::new();
    for (i, names) in [as_written, replaced].iter().enumerate() {
        let path = Path::new(if i == 0 { "a.md" } else { "b.md" });
        let text = entry(if i == 0 { "Một" } else { "Hai" }, names);
        let Ok(file) = frontmatter::decode(path, text.as_bytes()) else {
            return;
        };
        match content::model::load(&file, &cfg, &md) {
            Ok(m) => models.push(m),
            Err(_) => return,
        }
    }
    let content = content::Content {
        models,
        ..Default::default()
    };
    let mut diags = Diagnostics::new();
    let site = kheo::site::Site::build(cfg, content, &mut diags);
    for d in diags.sorted() {
        assert!(d.line >= 1, "locality diagnostic without a line: {d:?}");
    }
    if site.models.len() == 2 && site.models.iter().all(|m| !m.locality.is_empty()) {
        assert_eq!(
            site.model_node[0], site.model_node[1],
            "two tone placements of {written:?} are two localities"
        );
    }
}

/// A YAML double-quoted scalar (JSON escapes are valid YAML escapes).
fn yaml_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if !is_yaml_printable(c) => out.push_str(&format!("\\U{:08x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn is_yaml_printable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && c != '\u{feff}'
}

/// Markdown rendering, sanitized and trusted. A sanitized body never holds a
/// script, an event handler or a `javascript:` link.
pub fn markdown(data: &[u8]) {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let trusted = markdown::render(body, &md_options(true));
    let safe = markdown::render(body, &md_options(false));
    let _ = trusted.first_paragraph;
    assert_eq!(safe.first_paragraph, trusted.first_paragraph);
    let lower = safe.html.to_ascii_lowercase();
    for bad in ["<script", "<iframe", "<form", "<object", "<embed", "<style"] {
        assert!(
            !lower.contains(bad),
            "{bad} in a sanitized body: {}",
            safe.html
        );
    }
    for attr in ["href=\"", "src=\""] {
        for (i, _) in lower.match_indices(attr) {
            let value: String = lower[i + attr.len()..]
                .chars()
                .take_while(|&c| c != '"')
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect();
            assert!(
                !value.starts_with("javascript:") && !value.starts_with("vbscript:"),
                "script URL in a sanitized body: {}",
                safe.html
            );
        }
    }
    assert!(
        !has_event_handler(&lower),
        "event handler in a sanitized body: {}",
        safe.html
    );
}

/// An ` on…=` attribute inside a tag (outside quoted attribute values).
fn has_event_handler(html: &str) -> bool {
    let mut in_tag = false;
    let mut quote: Option<u8> = None;
    let b = html.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') if in_tag => quote = Some(c),
            (None, b'<') => in_tag = true,
            (None, b'>') => in_tag = false,
            (None, b' ' | b'\t' | b'\n' | b'/') if in_tag && b[i + 1..].starts_with(b"on") => {
                let name = b[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .count();
                if b.get(i + 1 + name) == Some(&b'=') {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}
