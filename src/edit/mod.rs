//! The library half of the browser editor (issue 32): everything a form in
//! `kheo serve` needs except HTTP. It owns the schema a form is drawn
//! from ([`schema`]) and what its controls show and send ([`form`]),
//! locality type-ahead ([`typeahead`]), turning a form back into the entry
//! file an editor would write by hand ([`save`], with [`yaml`] writing
//! single keys), checking an entry's new text with the same code as
//! `kheo check` ([`check`]), placing and naming a new entry ([`create`])
//! and writing files safely ([`write`]). It does not parse
//! requests, render forms or rebuild the site.
//!
//! Front matter is edited as text, one top-level key at a time, rather
//! than through a lossless YAML tree: the Rust crates that keep comments
//! while editing were young (yaml-edit 0.x, one maintainer, with lists of
//! known failures for CRLF files; noyalib 0.0.x), and entries only need
//! top-level keys replaced. Every text written is read back with kheo's
//! own parser before it is returned ([`save::apply`]).

pub mod check;
pub mod content_path;
pub mod create;
pub mod form;
pub mod photos;
pub mod save;
pub mod schema;
pub mod typeahead;
pub mod write;
pub mod yaml;

/// `n` random bytes from the system's secure source, in hex: the run's
/// token, a staged photo's id, a preview's scratch name — none can be
/// guessed.
pub fn random_hex(n: usize) -> Result<String, getrandom::Error> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// A site in a temporary folder with `content/models/` and `files`
/// (paths relative to the site, with their text), for the tests.
#[cfg(test)]
pub(crate) fn test_site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let t = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(t.path().join("content/models")).expect("mkdir");
    for (rel, text) in files {
        let p = t.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    t
}
