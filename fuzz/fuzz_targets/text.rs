//! Slugs and the Vietnamese text functions (NFC, matching keys, tone placement).

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| harness::text(data));
