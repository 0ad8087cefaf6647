//! The real-browser tests and quality gates, as part of `cargo test`.
//!
//! The tests themselves are JavaScript (`tests/browser/*.test.mjs`, run by
//! node's test runner through `tests/browser/run.mjs`): a walk through the
//! sample site by clicking links, the header with the keyboard only, no
//! sideways scrolling at 360×740, screenshots, the Nu Html Checker, axe-core,
//! page weight and Lighthouse, all in Debian's Chromium. This test builds the
//! sample site with the `kheo` binary cargo has just built, and fails when
//! any of them fails, or cannot run: a machine without Chromium, Java or the
//! npm packages fails here with the command that installs them; it never
//! passes without having run. See docs/quality.md.
//!
//! Only part of them: `KHEO_BROWSER_ONLY="axe walk" cargo test --test browser`.

use std::path::PathBuf;
use std::process::Command;

#[test]
fn the_sample_site_passes_the_browser_tests_and_quality_gates() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let run = repo.join("tests/browser/run.mjs");
    let only = std::env::var("KHEO_BROWSER_ONLY").unwrap_or_default();
    let status = Command::new("node")
        .arg(&run)
        .args(only.split_whitespace())
        .env("KHEO_BIN", env!("CARGO_BIN_EXE_kheo"))
        .current_dir(&repo)
        .status();
    let status = match status {
        Ok(s) => s,
        Err(e) => panic!(
            "cannot start `node` ({e}): the browser tests need Node.js 20 or later, Debian's \
             Chromium and Java; install them with `bash tests/browser/setup.sh` (see docs/quality.md)"
        ),
    };
    assert!(
        status.success(),
        "the browser tests or quality gates failed ({status}); their output is above, \
         screenshots and reports are in target/browser-artifacts/"
    );
}
