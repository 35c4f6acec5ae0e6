//! The integration suite, as one test binary (one link instead of a dozen): the real binary and
//! the library's stages on the bundled guide and the fixtures. Each module is one concern; the
//! shared helpers are in `common`.

mod common;
/// The fuzz targets' bodies, replayed on stable by `fuzz_regressions` and used by
/// `random_manuscripts` for its checks.
#[path = "../../fuzz/harness.rs"]
mod harness;

mod authors;
mod cli;
mod conformance;
mod fallback_fonts;
mod fuzz_regressions;
mod golden;
mod hardening_files;
mod hardening_input;
mod hardening_output;
mod layout_habits;
mod lint;
mod pdf_engine;
mod pdf_tools;
mod random_manuscripts;
mod scaling;
mod seed_kept;
mod workflow;
