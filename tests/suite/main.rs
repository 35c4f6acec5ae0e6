//! The integration suite, as one test binary (one link instead of a dozen): the real binary and
//! the library's stages on the bundled guide and the fixtures. Each module is one concern; the
//! shared helpers are in `common`.

mod common;

mod authors;
mod cli;
mod conformance;
mod fallback_fonts;
mod golden;
mod hardening_files;
mod hardening_input;
mod hardening_output;
mod layout_habits;
mod lint;
mod pdf_engine;
mod pdf_tools;
mod scaling;
mod seed_kept;
mod workflow;
