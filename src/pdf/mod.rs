//! PDF backend (placeholder until it lands).
pub mod fonts;
pub mod hyphen;
pub mod linebreak;
pub mod para;
pub mod shape;
#[cfg(test)]
mod text_bench;
pub(crate) mod text_firstfit;
pub(crate) mod text_items;
pub mod text_prose;
#[cfg(test)]
mod text_tests;
pub(crate) mod text_tuning;
pub(crate) mod text_words;

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
