//! PDF backend (placeholder until it lands).
use crate::config::Paper;
use crate::diag::Diagnostic;
use crate::fonts::FontFiles;
use crate::model::Document;
use crate::theme::Theme;
use crate::Rendered;

#[derive(Debug, Clone)]
pub struct PdfOptions {
    pub paper: Paper,
    pub hyphenate: bool,
}

/// Renders the document as PDF bytes.
pub fn render(
    doc: &Document,
    theme: &Theme,
    fonts: &FontFiles,
    opts: &PdfOptions,
) -> Result<Rendered, Diagnostic> {
    let _ = (doc, theme, fonts, opts);
    unimplemented!("pdf backend not written yet")
}
