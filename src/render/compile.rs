//! Compiling a theme's templates, and what `kheo serve` keeps of them from
//! one rebuild to the next ([`Session`]).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use tera::Tera;

use super::{THEME_PREFIX, memo};
use crate::diag::Diagnostic;

pub(super) fn tera_error(template: &str, e: &tera::Error) -> Diagnostic {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(&format!(": {s}"));
        src = s.source();
    }
    // Tera's own words: the reader is whoever wrote the template.
    Diagnostic::error(
        PathBuf::from(format!("templates/{template}")),
        "template-error",
    )
    .arg("detail", msg)
}

/// What `kheo serve` keeps for rendering from one rebuild to the next:
/// the templates it compiled last, with the cards they rendered
/// ([`memo`]). After an edit `serve` makes a renderer again, and compiling
/// the theme again was a tenth of the time to reload after a field edit;
/// listing pages shifted by one card render from the cards kept. A build
/// has no session: it compiles once and keeps cards up to
/// [`memo::BUILD_BYTES`].
#[derive(Default)]
pub struct Session {
    last: Mutex<Option<(u64, Compiled)>>,
}

/// The templates `named`, compiled: with a session, those it compiled
/// last when they are the same text. The templates come with the memo of
/// the cards they rendered, which lives as long as they do: every card
/// in a session, up to [`memo::BUILD_BYTES`] of them without.
pub(super) fn compile(
    named: &[(String, &str)],
    session: Option<&Session>,
) -> Result<Compiled, Vec<Diagnostic>> {
    use std::hash::{Hash, Hasher};
    let Some(session) = session else {
        return compile_anew(named, memo::BUILD_BYTES);
    };
    let mut h = std::collections::hash_map::DefaultHasher::new();
    named.hash(&mut h);
    let key = h.finish();
    if let Ok(last) = session.last.lock()
        && let Some((k, compiled)) = last.as_ref()
        && *k == key
    {
        return Ok(compiled.clone());
    }
    let compiled = compile_anew(named, usize::MAX)?;
    if let Ok(mut last) = session.last.lock() {
        *last = Some((key, compiled.clone()));
    }
    Ok(compiled)
}

/// Compiled templates and their card memo.
pub(super) type Compiled = (Arc<Tera>, Arc<memo::CardMemo>);

/// The theme's templates (`named`: theme templates under `theme/`, then
/// the site's overrides), compiled. `theme/` is a fallback prefix: a name
/// resolves to the site's template first, then the theme's. `cards`: how
/// many bytes of the cards rendered the memo keeps.
fn compile_anew(named: &[(String, &str)], cards: usize) -> Result<Compiled, Vec<Diagnostic>> {
    let mut tera = Tera::new();
    // Before the templates, which call it.
    let memo = memo::CardMemo::register(&mut tera, cards);
    tera.set_fallback_prefixes([THEME_PREFIX])
        .map_err(|e| vec![tera_error("(loading)", &e)])?;
    tera.add_raw_templates(named.iter().map(|(n, s)| (n.as_str(), *s)))
        .map_err(|e| vec![tera_error("(loading)", &e)])?;
    for required in ["base.html", "index.html", "model.html"] {
        if !tera.contains_template(required)
            && !tera.contains_template(&format!("{THEME_PREFIX}{required}"))
        {
            return Err(vec![
                Diagnostic::error(PathBuf::from("templates"), "theme-template-missing")
                    .arg("value", required),
            ]);
        }
    }
    let tera = Arc::new(tera);
    memo.bind(&tera);
    Ok((tera, memo))
}
