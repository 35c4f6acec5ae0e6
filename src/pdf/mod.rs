//! PDF backend (placeholder until it lands).
pub mod fonts;
pub mod hyphen;
pub mod linebreak;
pub mod para;
pub mod shape;
pub(crate) mod text_items;
#[cfg(test)]
mod text_tests;

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
