//! Setting a paragraph: pieces of styled text in, positioned lines of glyphs out.
//!
//! The pipeline, file by file:
//! 1. `items`: the pieces become the line breaker's boxes, glue and penalties, with the
//!    glyphs each stands for. Words are shaped through the store's memo (`shape`, `memo`),
//!    get their break points (`hyphen`), are kerned across pieces (`kern`) and, when wider
//!    than the line, broken anyway (`words`); the items are gathered in a `builder`.
//! 2. `passes`: the breaks, chosen by Knuth–Plass (`linebreak`) pass by pass, loosening the
//!    tolerance so that no line is ever overfull, with first fit (`firstfit`) as the last
//!    resort; the constants are in `tuning`.
//! 3. `line`: the lines laid out for those breaks (justified or ragged, aligned, hyphens
//!    added), as the `piece` types the rest of the typesetter reads.
//!
//! Ragged text fills its lines, except headings and the like ([`ParaSpec::balance`]), whose
//! lines are balanced and end after a phrase where they can. What the setter draws on (the
//! parsed faces, this thread's memos, the hyphenation exceptions) comes in one handle, the
//! [`FontStore`] (`store`).

mod builder;
mod firstfit;
mod hyphen;
mod items;
mod kern;
mod line;
mod linebreak;
mod memo;
mod passes;
mod piece;
#[cfg(any(test, feature = "testing"))]
mod record;
mod shape;
mod store;
#[cfg(test)]
mod tests;
mod tuning;
mod words;
#[cfg(test)]
mod wrap_tests;

pub use piece::{
    glyph_slices, Extra, Link, LinkBox, ParaAlign, ParaResult, ParaSpec, Piece, PlacedGlyph,
    PlacedRun, SetLine,
};
#[cfg(any(test, feature = "testing"))]
pub use record::record_paragraphs;
pub use shape::{shape, Shaped, ShapedGlyph};
pub use store::FontStore;
pub(crate) use tuning::Tuning;

/// Sets a paragraph. Never fails: problems (missing characters, over-wide tokens, lines that
/// had to be set loose) come back as diagnostics.
pub fn set_paragraph(store: &FontStore, pieces: &[Piece], spec: &ParaSpec) -> ParaResult {
    #[cfg(any(test, feature = "testing"))]
    record::note(pieces, spec);
    set_paragraph_traced(store, pieces, spec, &Tuning::default()).0
}

/// [`set_paragraph`] with given tuning, also saying which pass found the breaks (1-based;
/// one more than the passes: without the hyphen-run limit; two more: first fit).
pub(crate) fn set_paragraph_traced(
    store: &FontStore,
    pieces: &[Piece],
    spec: &ParaSpec,
    tuning: &Tuning,
) -> (ParaResult, usize) {
    let built = items::build(store, pieces, spec, tuning, spec.hyphenate);
    let chosen = passes::choose_breaks(&built.items, spec, tuning);
    let lines = line::layout_lines(store, pieces, spec, &built, &chosen.breaks, &chosen.params);
    let result = ParaResult {
        lines,
        diagnostics: built.diagnostics,
    };
    (result, chosen.pass)
}
