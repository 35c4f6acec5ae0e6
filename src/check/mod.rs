//! Manuscript linter (placeholder until it lands).
use crate::diag::Diagnostic;
use crate::manuscript::Manuscript;
use crate::model::Document;

/// Every slip the rules find in the parsed document.
pub fn lint(doc: &Document, ms: &Manuscript) -> Vec<Diagnostic> {
    let _ = (doc, ms);
    Vec::new()
}
