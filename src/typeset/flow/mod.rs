//! The flow: the document model, block by block, into a vertical flow of slots with keep
//! constraints and each chapter's footnotes apart, and the front matter set whole. In order:
//!
//! 1. [`FlowCx::new`]: the context every step reads (fonts, theme, document, measure, text
//!    block height), passed along as a parameter;
//! 2. [`chapters`]: each chapter's flow (`book`, on two threads for a long book; `chapter`:
//!    title and rule; `blocks`: the blocks, sent to `heading`, `sayings`, `code`, `table`,
//!    `figure`, lists and quotes; `lines` and `pieces`: paragraphs into slots; `notes`: the
//!    footnotes, for the page foot or the chapter's end), for `page` to cut into pages;
//! 3. [`title_pages`]: the title page and the imprint (`title`);
//! 4. [`contents()`]: the table of contents as a flow, from entries `page` finds on the body
//!    pages (`contents`);
//! 5. [`notes_pages()`]: a workbook's ruled notes pages, after the chapters (`notes_pages`).
//!
//! Each entry gives back what it made and the warnings found on the way.

// the context, and what the flow is made of
mod anchors;
mod cx;
mod slot;

// text: inlines into pieces, pieces into set lines and their slots
mod deco;
mod lines;
mod picture;
mod pieces;

// blocks, each kind in its own file
mod blocks;
mod code;
mod figure;
mod heading;
mod sayings;
mod table;

// chapters with their footnotes, and the book's chapters on one or two threads
mod book;
mod chapter;
mod notes;

// the front matter, and the notes pages at the end
mod contents;
mod notes_pages;
mod title;

#[cfg(test)]
mod deco_tests;
#[cfg(test)]
mod notes_tests;

use crate::diag::Warned;

pub use chapter::ChapterFlow;
pub use contents::TocEntry;
pub use cx::{FlowCx, Palette, Style};
pub use lines::label;
pub use notes::{FootNote, FootNotes};
pub use slot::{FlowItem, Mark, Slot};
pub use title::FrontPage;

/// The flow of every chapter, in order, and the warnings found laying them out.
pub fn chapters(cx: &mut FlowCx) -> Warned<Vec<ChapterFlow>> {
    let flows = book::chapter_flows(cx, book::PARALLEL_MIN_BYTES);
    Warned::new(flows, cx.take_diagnostics())
}

/// The title page and the imprint: on its back when `two_sided`, else at its foot. `centre`
/// is the page's centre from the left edge of a recto's text block; `imprint` the author's
/// `[pdf] imprint` line, if any.
pub fn title_pages(
    cx: &mut FlowCx,
    centre: f32,
    two_sided: bool,
    imprint: Option<&str>,
) -> Warned<Vec<FrontPage>> {
    let pages = title::title_pages(cx, centre, two_sided, imprint);
    Warned::new(pages, cx.take_diagnostics())
}

/// `count` ruled notes pages for the end of the book, set whole (the first titled).
pub fn notes_pages(cx: &mut FlowCx, count: u16) -> Vec<FrontPage> {
    notes_pages::notes_pages(cx, count)
}

/// The table of contents as a flow, paginated like a chapter.
pub fn contents(cx: &mut FlowCx, entries: &[TocEntry]) -> Warned<Vec<FlowItem>> {
    let items = contents::contents(cx, entries);
    Warned::new(items, cx.take_diagnostics())
}
