//! Test support compiled only for tests (`cfg(test)` or the `testing` feature the test
//! suite turns on): documents built in code, generated prose, the layout audit and the
//! frame dump the golden files hold. Nothing here is in the shipped library.

pub mod audit;
pub mod dump;
pub mod paragraphs;
pub mod prose;
pub mod sample;

pub use dump::dump;
