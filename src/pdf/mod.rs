//! The PDF writer: typeset frames into a PDF file — the only code that writes PDF objects.
//! `emit` draws the frames with printpdf (subset fonts, positioned glyphs, images, link
//! annotations); `nav` adds the outline, page labels and metadata with lopdf before the save.

pub mod emit;
pub mod nav;

use crate::diag::Diagnostic;
use crate::fonts::FontFiles;
use crate::model::Document;
use crate::theme::Theme;
use crate::typeset::{typeset, FontStore, TypesetOptions};
use crate::Rendered;

/// Renders the document as PDF bytes.
pub fn render(
    doc: &Document,
    theme: &Theme,
    fonts: &FontFiles,
    opts: &TypesetOptions,
) -> Result<Rendered, Diagnostic> {
    let store = FontStore::new(fonts)?.with_exceptions(opts.hyphenation_exceptions.clone());
    let t = typeset(doc, theme, &store, opts);
    let lo = emit::emit(&t.frames, &store, &doc.assets, &doc.meta.title)?;
    let heights: Vec<f32> = t.frames.iter().map(|f| f.height).collect();
    drop(t.frames);
    let bytes = nav::finish(lo, &doc.meta, &t.outline, t.front_pages, &heights)?;
    Ok(Rendered {
        bytes,
        diagnostics: t.diagnostics,
        pages: Some(heights.len()),
    })
}
