//! The typesetter: the document model in, pages of positioned items out, in three stages with
//! data flowing one way. `text` sets paragraphs (shaping, hyphenation, items, Knuth–Plass,
//! lines); `flow` turns the model's blocks into a vertical flow of slots with keep constraints
//! and each chapter's footnotes apart; `page` cuts the flow into pages (footnotes at the foot of
//! their reference's page; chapters on new pages or running on, see [`typeset`]) and composes
//! them into [`frame::PageFrame`]s with running heads, folios and resolved links. The PDF
//! writer (`crate::pdf`) turns frames into a file.

pub mod cost;
pub mod flow;
pub mod frame;
pub mod geometry;
pub mod page;
pub mod structure;
#[cfg(test)]
mod tests;
pub mod text;

use crate::config::ChapterBreak;
use crate::diag::{Diagnostic, Warned};
use crate::fonts::FontFiles;
use crate::model::Document;
use crate::theme::Theme;

use flow::FlowCx;
use frame::{PageFrame, PageKind};
use page::body::blank;
use page::compose::{compose, outline, roman, OutlineEntry};
use page::paginate::paginate;
use page::paginate::PageBox;
use structure::Structure;

pub use crate::config::TypesetOptions;
pub use geometry::{geometry, Geometry};
pub use text::FontStore;

/// Everything typesetting produced, before emission (its warnings travel beside it, in a
/// [`Warned`]).
pub struct Typeset {
    pub frames: Vec<PageFrame>,
    pub outline: Vec<OutlineEntry>,
    /// Number of front-matter (roman-numbered) pages.
    pub front_pages: usize,
    /// Where each body page with text starts in its chapter (for the EPUB's page list).
    pub page_starts: Vec<crate::model::PageStart>,
    pub geometry: Geometry,
    /// The logical structure the frames' tags refer to (for the tagged PDF).
    pub structure: Structure,
}

/// Lays out the whole book: the page geometry, each chapter's flow, the body's pages (the
/// untitled opening first, then the chapters as `chapter_break` says: [`page::body`]), the
/// front matter (which needs the body's page numbers for its contents), the page labels
/// (roman, then arabic) and the frames. No blank page is ever added but those `recto` and
/// two-sided printing ask for, and for a print shop one at the end to make the count even.
///
/// A print-shop interior's inside margin depends on its page count ([`Geometry::for_print`]),
/// and its page count on the measure the margins leave: the book is laid out with the
/// gutter of the count the last layout made until the gutter stays the same. The gutter
/// only grows and the measure only narrows, so this ends within the table's few steps.
pub fn typeset(
    doc: &Document,
    theme: &Theme,
    store: &FontStore,
    opts: &TypesetOptions,
) -> Warned<Typeset> {
    let base = geometry(opts.paper, opts.sides, theme, store);
    let Some(shop) = opts.print else {
        return lay_out(doc, theme, store, opts, base);
    };
    let mut geo = base.for_print(&shop, 0, theme.body_size);
    let mut laid;
    // (one pass per step of the gutter table at most)
    let mut passes = 0;
    loop {
        laid = lay_out(doc, theme, store, opts, geo);
        passes += 1;
        let pages = laid.value.frames.len().next_multiple_of(2);
        let wanted = base.for_print(&shop, pages, theme.body_size);
        if wanted == geo || passes == 6 {
            break;
        }
        geo = wanted;
        // a long book's layout is let go of before the next is made, not held beside it
        drop(laid);
    }
    let frames = &mut laid.value.frames;
    if !frames.len().is_multiple_of(2) {
        let label = (frames.len() + 1 - laid.value.front_pages).to_string();
        frames.push(PageFrame {
            width: geo.width,
            height: geo.height,
            label,
            kind: PageKind::Blank,
            items: Vec::new(),
        });
    }
    laid
}

/// [`typeset`] with the page geometry decided.
fn lay_out(
    doc: &Document,
    theme: &Theme,
    store: &FontStore,
    opts: &TypesetOptions,
    geo: Geometry,
) -> Warned<Typeset> {
    let mut cx = FlowCx::new(
        store,
        theme,
        doc,
        geo.measure,
        geo.body_height,
        opts.hyphenate,
    )
    .with_fields(opts.fillable)
    .on_paper(opts.print.is_some());
    let mut warned = Warned::clean(());
    let mut flows = warned.take(flow::chapters(&mut cx));
    let chapters: Vec<_> = flows
        .iter_mut()
        .map(|f| std::mem::take(&mut f.structure))
        .collect();
    let leading = cx.body().leading;
    let body = page::body::body_pages(flows, doc, opts.chapter_break, leading, geo.body_height);
    let front = warned.take(front_matter(&mut cx, &body, &geo, opts));
    // the title pages and the contents, then the chapters: the reading order, tags ascending
    let mut nodes = cx.take_structure();
    nodes.extend(chapters.into_iter().flatten());
    // a workbook's notes pages after the chapters, their elements last
    let notes = flow::notes_pages(&mut cx, opts.notes_pages);
    nodes.extend(cx.take_structure());
    let structure = Structure::new(nodes);
    let front_pages = front.len();
    let body_pages = body.len();
    let mut labels: Vec<String> = (1..=front_pages).map(roman).collect();
    labels.extend((1..=body_pages + notes.len()).map(|n| n.to_string()));
    let mut pages = front;
    pages.extend(body);
    pages.extend(notes.into_iter().map(PageBox::from));
    let outline = warned.take(outline(&pages, &geo));
    let frames = compose(&mut cx, pages, &labels, &geo);
    warned.extend(cx.take_diagnostics());
    let untitled = doc.chapters.first().is_some_and(|c| c.untitled);
    // (the notes pages hold none of the book's text: the EPUB has no page of theirs)
    let text_frames = &frames[..front_pages + body_pages];
    let page_starts = page::starts::page_starts(text_frames, front_pages, untitled);
    let typeset = Typeset {
        frames,
        outline,
        front_pages,
        page_starts,
        geometry: geo,
        structure,
    };
    Warned::new(typeset, dedup(warned.warnings))
}

/// The front matter: the title page; the imprint on its back when printing on two sides, else
/// folded to the title page's foot; the contents, for a book of at least two titled chapters
/// (with one there is nothing to find); and, when printing on two sides or opening chapters
/// on rectos, a blank to make the front matter even.
fn front_matter(
    cx: &mut FlowCx,
    body: &[PageBox],
    geo: &Geometry,
    opts: &TypesetOptions,
) -> Warned<Vec<PageBox>> {
    let recto = opts.chapter_break == ChapterBreak::Recto;
    let entries = page::contents::entries(body, |p| (p + 1).to_string());
    let centre = geo.width / 2.0 - geo.inside;
    let mut front = flow::title_pages(cx, centre, geo.two_sided, opts.imprint.as_deref())
        .map(|pages| pages.into_iter().map(PageBox::from).collect::<Vec<_>>());
    if entries.iter().filter(|e| e.level <= 1).count() >= 2 {
        let contents = front.take(flow::contents(cx, &entries));
        front.value.extend(paginate(
            contents,
            geo.body_height,
            PageKind::Contents,
            PageKind::Contents,
            None,
            flow::FootNotes::default(),
        ));
    }
    // the first chapter opens on a recto
    if (geo.two_sided || recto) && !front.value.len().is_multiple_of(2) {
        front.value.push(blank());
    }
    front
}

/// Drops repeated diagnostics (the same message at the same place).
fn dedup(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::with_capacity(diags.len());
    diags
        .into_iter()
        .filter(|d| seen.insert((d.code, d.span, d.message.clone())))
        .collect()
}

/// The fonts a book is typeset with: the theme's faces, parsed once, hyphenating the words
/// of `[pdf] hyphenation_exceptions` the author's way.
pub fn font_store(fonts: &FontFiles, opts: &TypesetOptions) -> Result<FontStore, Diagnostic> {
    Ok(FontStore::new(fonts)?.with_exceptions(opts.hyphenation_exceptions.clone()))
}

/// The frames of the typeset book and the warnings found on the way (for tests and dumps).
pub fn layout_frames(
    doc: &Document,
    theme: &Theme,
    fonts: &FontFiles,
    opts: &TypesetOptions,
) -> Result<(Vec<PageFrame>, Vec<Diagnostic>), Diagnostic> {
    let store = font_store(fonts, opts)?;
    let t = typeset(doc, theme, &store, opts);
    Ok((t.value.frames, t.warnings))
}
