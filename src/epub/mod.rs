//! EPUB 3 backend (placeholder until it lands).
use crate::diag::Diagnostic;
use crate::fonts::FontFiles;
use crate::model::Document;
use crate::theme::Theme;
use crate::Rendered;

#[derive(Debug, Clone, Default)]
pub struct EpubOptions {}

/// Renders the document as EPUB 3 bytes.
pub fn render(
    doc: &Document,
    theme: &Theme,
    fonts: &FontFiles,
    opts: &EpubOptions,
) -> Result<Rendered, Diagnostic> {
    let _ = (doc, theme, fonts, opts);
    unimplemented!("epub backend not written yet")
}
