//! Front matter splitting and YAML parsing, then a whole model, award and
//! page load, and the diagnostics rendered with their source lines.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| {
    // The diagnostics' source lines are read back from the file, as in
    // `kheo check`, so the input is written to a file of this process.
    thread_local! {
        static PATH: std::path::PathBuf =
            std::env::temp_dir().join(format!("kheo-fuzz-{}.md", std::process::id()));
    }
    PATH.with(|path| {
        std::fs::write(path, data).expect("write the input");
        harness::frontmatter(path, data);
    });
});
