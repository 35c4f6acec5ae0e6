//! Fuzz target `image`: its body is `harness::run("image", …)`, which the stable test suite
//! replays on the committed corpus and crash inputs.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::run("image", data));
