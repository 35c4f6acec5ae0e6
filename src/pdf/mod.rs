//! The PDF writer: typeset frames into a PDF file — the only code that writes PDF objects.
//! `emit` draws the frames with printpdf (subset fonts, positioned glyphs, images) and writes
//! the link annotations to bytes; `nav` adds the outline, page labels and metadata with lopdf;
//! `file` holds both kinds of object and writes the file once, with pdf-writer.

pub mod emit;
pub mod file;
pub mod nav;

use crate::diag::{Diagnostic, Warned};
use crate::fonts::FontFiles;
use crate::model::{Asset, Document, Metadata};
use crate::theme::Theme;
use crate::typeset::{font_store, typeset, FontStore, Typeset, TypesetOptions};
use crate::Rendered;

/// The PDF file of a typeset book: its frames drawn (`emit`), then its outline, page labels and
/// metadata added (`nav`) before the one save. `emit` lets the frames go before printpdf makes
/// its objects, so a long book does not hold both in memory.
pub fn pdf(
    typeset: Typeset,
    store: &FontStore,
    meta: &Metadata,
    assets: &[Asset],
) -> Result<Vec<u8>, Diagnostic> {
    let heights: Vec<f32> = typeset.frames.iter().map(|f| f.height).collect();
    let lo = emit::emit(typeset.frames, store, assets, &meta.title)?;
    nav::finish(lo, meta, &typeset.outline, typeset.front_pages, &heights)
}

/// Typesets the document and writes it as PDF bytes, with the warnings found on the way.
pub fn render(
    doc: &Document,
    theme: &Theme,
    fonts: &FontFiles,
    opts: &TypesetOptions,
) -> Result<Warned<Rendered>, Diagnostic> {
    let store = font_store(fonts, opts)?;
    let (t, diagnostics) = typeset(doc, theme, &store, opts).into_parts();
    let pages = t.frames.len();
    let bytes = pdf(t, &store, &doc.meta, &doc.assets)?;
    let rendered = Rendered {
        bytes,
        pages: Some(pages),
    };
    Ok(Warned::new(rendered, diagnostics))
}
