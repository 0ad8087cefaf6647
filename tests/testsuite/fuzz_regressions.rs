//! Inputs kept from the cargo-fuzz runs (`fuzz/`, docs/reliability.md),
//! replayed under plain `cargo test` through the very checks the fuzz
//! targets run (`fuzz/harness.rs`): no panic, and every problem reported as
//! a diagnostic with its file and line.
//!
//! Each target's inputs are the files of `tests/fuzz-regressions/<target>/`;
//! to keep a new one, copy the crashing input from `fuzz/artifacts/<target>/`
//! there under a name that says what it guards.

use std::path::{Path, PathBuf};

#[path = "../../fuzz/harness.rs"]
mod harness;

/// The kept inputs of one target, sorted; there is at least one.
fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-regressions")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    files
}

/// Runs `check` on each input, naming the input that fails.
fn replay(target: &str, check: impl Fn(&Path, &[u8])) {
    for path in inputs(target) {
        let data = std::fs::read(&path).expect("read input");
        let name = path.display().to_string();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&path, &data)));
        assert!(result.is_ok(), "{name} fails again");
    }
}

#[test]
fn kept_front_matter_inputs_load_or_report_with_a_line() {
    replay("frontmatter", |path, data| {
        harness::frontmatter(path, data);
    });
}

#[test]
fn kept_text_inputs_keep_slug_and_key_properties() {
    replay("text", |_, data| harness::text(data));
}

#[test]
fn kept_locality_inputs_resolve_or_report() {
    replay("locality", |_, data| harness::locality(data));
}

#[test]
fn kept_markdown_inputs_render_safely() {
    replay("markdown", |_, data| harness::markdown(data));
}
