//! Markdown rendering, with raw HTML sanitized and trusted.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| harness::markdown(data));
