//! Fuzz target `parse_markdown`: its body is `harness::run("parse_markdown", …)`, which the stable test suite
//! replays on the committed corpus and crash inputs.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::run("parse_markdown", data));
