//! The PDF writer: typeset frames into a PDF file — the only code that writes PDF objects.
//! `emit` draws the frames with printpdf (subset fonts, positioned glyphs, images) and writes
//! the link annotations to bytes; `nav` adds the outline, page labels and metadata with lopdf;
//! `tagged` writes the structure tree the marked content points into (PDF/UA-1); `impose`
//! lays a booklet's pages out two-up on its sheets; `print` makes a print shop's interior
//! (printable frames, the preflight, the page boxes and PDF/X-1a); `file` holds both kinds of
//! object and writes the file once, with pdf-writer.

pub mod emit;
pub mod file;
pub mod impose;
pub mod nav;
pub mod print;
pub mod tagged;

use crate::config::{Booklet, PrintShop};
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

/// The preflight of the print shop's interior `opts` describe (`check --for`): the book
/// typeset and made printable as the build would, then [`print::preflight`]; nothing for
/// another edition.
pub fn preflight(
    doc: &Document,
    theme: &Theme,
    fonts: &FontFiles,
    opts: &TypesetOptions,
) -> Result<Vec<Diagnostic>, Diagnostic> {
    let Some(shop) = opts.print else {
        return Ok(Vec::new());
    };
    let store = font_store(fonts, opts)?;
    let mut t = typeset(doc, theme, &store, opts).value;
    Ok(print::printable(&mut t.frames, &doc.assets, &shop))
}

/// The name of the printed edition whose page numbers the EPUB carries (`dc:source`).
pub fn edition_name(title: &str, opts: &TypesetOptions) -> String {
    match (opts.booklet, opts.print) {
        (Some(b), _) => format!(
            "{title}, PDF booklet edition ({} pages on {} sheets)",
            opts.paper.name(),
            b.sheet.name()
        ),
        (None, Some(p)) => format!(
            "{title}, {} paperback edition ({} in)",
            p.service.name(),
            opts.paper.name()
        ),
        (None, None) => format!("{title}, PDF edition ({} pages)", opts.paper.name()),
    }
}

/// What the PDF is made for, as the writer needs it: a booklet's imposition or a print
/// shop's interior (neither: the home edition, for screens and home printers).
#[derive(Debug, Clone, Copy, Default)]
pub struct Printing<'a> {
    pub booklet: Option<&'a Booklet>,
    pub print: Option<&'a PrintShop>,
}

impl<'a> From<&'a TypesetOptions> for Printing<'a> {
    fn from(opts: &'a TypesetOptions) -> Self {
        Printing {
            booklet: opts.booklet.as_ref(),
            print: opts.print.as_ref(),
        }
    }
}

/// The PDF file of a typeset book: its frames drawn (`emit`), then its outline, page labels and
/// metadata added (`nav`), for a booklet its pages laid on its sheets (`impose`), for a print
/// shop its boxes and PDF/X marks set (`print`; its frames made printable first, by
/// [`print::prepare`]), before the one save. `emit` lets the frames go before printpdf makes
/// its objects, so a long book does not hold both in memory. A booklet and a print shop's
/// interior are for paper: no links, no bookmarks, no form fields, no tags.
pub fn pdf(
    mut typeset: Typeset,
    store: &FontStore,
    meta: &Metadata,
    assets: &[Asset],
    edition: Printing,
) -> Result<Vec<u8>, Diagnostic> {
    let heights: Vec<f32> = typeset.frames.iter().map(|f| f.height).collect();
    let trim = (typeset.geometry.width, typeset.geometry.height);
    let paper = edition.booklet.is_some() || edition.print.is_some();
    if paper {
        for f in &mut typeset.frames {
            f.items
                .retain(|i| !matches!(i, FrameItem::Link { .. } | FrameItem::Field(_)));
        }
        typeset.outline.clear();
    }
    // a booklet's sheets hold its pages out of order, and PDF/X-1a:2001 is PDF 1.3, before
    // tags: neither is tagged
    let tagged = !paper;
    let structure = tagged.then_some(&typeset.structure);
    let press = match edition.print {
        Some(shop) => emit::Press {
            ink: if shop.color {
                emit::Ink::Cmyk
            } else {
                emit::Ink::Gray
            },
            whole_fonts: true,
            stand_ins: false,
        },
        None => emit::Press::default(),
    };
    let emitted = emit::emit(typeset.frames, store, assets, &meta.title, structure, press)?;
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
    let plain = edition.print.is_some();
    let file = nav::finish(file, meta, outline, front, &heights, tagged, plain)?;
    let file = match (edition.booklet, edition.print) {
        (Some(b), _) => impose::booklet(file, b)?,
        (None, Some(shop)) => print::finish(file, meta, shop, trim)?,
        (None, None) => file,
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
    let (mut t, mut diagnostics) = typeset(doc, theme, &store, opts).into_parts();
    pages(&t.page_starts);
    if let Some(shop) = &opts.print {
        diagnostics.extend(print::printable(&mut t.frames, &doc.assets, shop));
    }
    let pages = t.frames.len();
    let bytes = pdf(t, &store, &doc.meta, &doc.assets, Printing::from(opts))?;
    let rendered = Rendered {
        bytes,
        pages: Some(pages),
    };
    Ok(Warned::new(rendered, diagnostics))
}
