//! Markdown → document model (placeholder until the parser lands).
use crate::diag::Diagnostic;
use crate::manuscript::Manuscript;
use crate::model::Document;

/// Parses every chapter of the manuscript into one [`Document`]. Diagnostics are the
/// problems found on the way (raw HTML dropped, `javascript:` links removed, …).
pub fn parse(ms: &Manuscript) -> (Document, Vec<Diagnostic>) {
    let _ = ms;
    unimplemented!("parser not written yet")
}
