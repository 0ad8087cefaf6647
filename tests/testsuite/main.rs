//! kheo's integration tests: one binary, one tiny fixture site per case
//! (built in a temp dir by `common::SiteTest`), assertions on parsed output.
//! See tests/README.md for how to add a case.

mod common;

mod bench_smoke;
mod citizens;
mod cli;
mod corpus;
mod diagnostics;
mod errors;
mod escaping;
mod fuzz_regressions;
mod grouping;
mod import;
mod incremental;
mod localities;
mod new_init;
mod pages;
mod photos;
mod photos_body;
mod photos_raw;
mod reliability;
mod sample;
mod search;
mod search_reuse;
mod security;
mod serve;
mod serve_award_refs;
mod serve_editor;
mod serve_edits;
mod serve_forms;
mod serve_load;
mod serve_upload;
