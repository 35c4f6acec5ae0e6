//! The PDF writer: typeset frames into a PDF file — the only code that writes PDF objects.
//! `emit` draws the frames with printpdf (subset fonts, positioned glyphs, images) and writes
//! the link annotations to bytes; `nav` adds the outline, page labels and metadata with lopdf;
//! `tagged` writes the structure tree the marked content points into (PDF/UA-1); `impose`
//! lays a booklet's pages out two-up on its sheets; `file` holds both kinds of object and
//! writes the file once, with pdf-writer.

pub mod emit;
pub mod file;
pub mod impose;
pub mod nav;
pub mod tagged;

use crate::config::Booklet;
use crate::diag::{Diagnostic, Warned};
use crate::fonts::FontFiles;
use crate::model::{Asset, Document, Metadata, PageStart};
use crate::theme::Theme;
use crate::typeset::frame::FrameItem;
use crate::typeset::{font_store, typeset, FontStore, Typeset, TypesetOptions};
use crate::Rendered;

/// Where each body page of the PDF `opts` describe starts, without writing it (for an EPUB
/// made alone).
pub fn page_starts(
    doc: &Document,
    theme: &Theme,
    fonts: &FontFiles,
    opts: &TypesetOptions,
) -> Result<Vec<PageStart>, Diagnostic> {
    let store = font_store(fonts, opts)?;
    Ok(typeset(doc, theme, &store, opts).value.page_starts)
}

/// The name of the printed edition whose page numbers the EPUB carries (`dc:source`).
pub fn edition_name(title: &str, opts: &TypesetOptions) -> String {
    match opts.booklet {
        Some(b) => format!(
            "{title}, PDF booklet edition ({} pages on {} sheets)",
            opts.paper.name(),
            b.sheet.name()
        ),
        None => format!("{title}, PDF edition ({} pages)", opts.paper.name()),
    }
}

/// The PDF file of a typeset book: its frames drawn (`emit`), then its outline, page labels and
/// metadata added (`nav`), for a booklet its pages laid on its sheets (`impose`), before the
/// one save. `emit` lets the frames go before printpdf makes its objects, so a long book does
/// not hold both in memory. A booklet is for paper: no links, no bookmarks.
pub fn pdf(
    mut typeset: Typeset,
    store: &FontStore,
    meta: &Metadata,
    assets: &[Asset],
    booklet: Option<&Booklet>,
) -> Result<Vec<u8>, Diagnostic> {
    let heights: Vec<f32> = typeset.frames.iter().map(|f| f.height).collect();
    if booklet.is_some() {
        for f in &mut typeset.frames {
            f.items
                .retain(|i| !matches!(i, FrameItem::Link { .. } | FrameItem::Field(_)));
        }
        typeset.outline.clear();
    }
    // a booklet's sheets hold its pages out of order: it is for paper, and is not tagged
    let tagged = booklet.is_none();
    let structure = tagged.then_some(&typeset.structure);
    let emitted = emit::emit(typeset.frames, store, assets, &meta.title, structure)?;
    let mut file = emitted.file;
    if tagged {
        tagged::structure_tree(
            &mut file,
            &typeset.structure,
            &emitted.pages,
            &emitted.mcids,
            &emitted.annots,
        );
    }
    let (outline, front) = (&typeset.outline, typeset.front_pages);
    let file = nav::finish(file, meta, outline, front, &heights, tagged)?;
    let file = match booklet {
        Some(b) => impose::booklet(file, b)?,
        None => file,
    };
    Ok(file.save())
}

/// Typesets the document and writes it as PDF bytes, with the warnings found on the way.
pub fn render(
    doc: &Document,
    theme: &Theme,
    fonts: &FontFiles,
    opts: &TypesetOptions,
) -> Result<Warned<Rendered>, Diagnostic> {
    render_telling(doc, theme, fonts, opts, |_| {})
}

/// Like [`render`], telling `pages` where each body page starts as soon as the layout is
/// done, before the file is written (the EPUB made beside it marks the same pages).
pub fn render_telling(
    doc: &Document,
    theme: &Theme,
    fonts: &FontFiles,
    opts: &TypesetOptions,
    pages: impl FnOnce(&[PageStart]),
) -> Result<Warned<Rendered>, Diagnostic> {
    let store = font_store(fonts, opts)?;
    let (t, diagnostics) = typeset(doc, theme, &store, opts).into_parts();
    pages(&t.page_starts);
    let pages = t.frames.len();
    let bytes = pdf(t, &store, &doc.meta, &doc.assets, opts.booklet.as_ref())?;
    let rendered = Rendered {
        bytes,
        pages: Some(pages),
    };
    Ok(Warned::new(rendered, diagnostics))
}
