//! Manuscript linter (placeholder until it lands).
use crate::diag::Diagnostic;
use crate::manuscript::Manuscript;
use crate::model::Document;

/// Every slip the rules find in the parsed document.
pub fn lint(doc: &Document, ms: &Manuscript) -> Vec<Diagnostic> {
    let _ = (doc, ms);
    Vec::new()
}

pub mod fix {
    //! Placeholder until the fixer lands.
    use crate::diag::{Diagnostic, FileId, Sources};
    pub struct FileFix {
        pub file: FileId,
        pub new_text: String,
        pub changes: Vec<String>,
    }
    pub fn plan_fixes(diags: &[Diagnostic], sources: &Sources) -> Vec<FileFix> {
        let _ = (diags, sources);
        Vec::new()
    }
}
