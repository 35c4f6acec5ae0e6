//! The data of setting a paragraph: what comes in (styled pieces of text and how to set them)
//! and what goes out (lines of placed glyph runs, with their link boxes and measurements).

use std::sync::Arc;

use crate::diag::{Diagnostic, Span};
use crate::fontkit::FaceId;
use crate::theme::FontRole;

/// Where a link goes. The text is shared (`Arc`): every piece, line and link box of a link
/// holds the same target, and a URL may be long.
#[derive(Debug, Clone)]
pub enum Link {
    Uri(Arc<str>),
    /// The id of an element of the document.
    Internal(Arc<str>),
}

impl PartialEq for Link {
    /// The same target; the clones of one link (the usual case, glyph after glyph) are told
    /// by their pointer, without reading a long URL through.
    fn eq(&self, other: &Link) -> bool {
        match (self, other) {
            (Link::Uri(a), Link::Uri(b)) | (Link::Internal(a), Link::Internal(b)) => {
                Arc::ptr_eq(a, b) || a == b
            }
            _ => false,
        }
    }
}

/// What a piece draws besides (or instead of) its glyphs.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Extra {
    #[default]
    Plain,
    /// Struck through (`~~text~~`).
    Strike,
    /// An inline image, `w` × `h` pt, in place of the piece's text (its alt text).
    ///
    /// An image written inside a sentence stays in the sentence, however large: the EPUB
    /// shows it there at the same size, the author chose the place, and one blank line
    /// around it makes it a figure (set at full size with a caption). A large image scaled
    /// far down gets a `GB305` warning that says so, rather than being moved silently.
    Image { asset: usize, w: f32, h: f32 },
    /// A fill-in blank `w` pt wide (at most the line's measure), in place of the piece's
    /// text (its underscores): a rule on the baseline.
    Blank { w: f32 },
}

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// The text; `\n` is a hard line break, U+00AD a soft hyphen, U+00A0 a non-breaking space.
    pub text: String,
    pub role: FontRole,
    /// pt.
    pub size: f32,
    pub color: (f32, f32, f32),
    pub link: Option<Link>,
    pub span: Span,
    /// Code spans and URLs: never hyphenated (URLs may still break after `/`).
    pub keep_together: bool,
    /// Struck through, or an inline image (drawn by the flow's decorations).
    pub extra: Extra,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParaAlign {
    Justify,
    Left,
    Center,
    Right,
}

/// How to set a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct ParaSpec {
    /// The measure, pt.
    pub width: f32,
    /// Indent of the first line, pt (its measure is `width - first_indent`).
    pub first_indent: f32,
    pub align: ParaAlign,
    pub hyphenate: bool,
    /// Baseline to baseline, pt.
    pub line_height: f32,
    /// The body size, pt: the unit of the space limits and of `max_space_em`.
    pub em: f32,
    /// Headings, titles, contents entries, captions, table cells (ragged, unhyphenated): lines of
    /// similar length, broken after a phrase (`:`, `—` …) where that fits, no line a lone
    /// short word. Other ragged text fills its lines.
    pub balance: bool,
}

/// A glyph placed on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGlyph {
    pub gid: u16,
    /// From the left edge of the measure, pt.
    pub x: f32,
    /// Vertical offset (up is positive), pt.
    pub y: f32,
    /// The font's natural advance at this size, pt (no kerning).
    pub advance: f32,
    /// Bytes of the line's `text` the glyph stands for (see [`SetLine::glyphs`]): "fi" for
    /// the ligature, 0 for the extra glyphs of a cluster.
    pub len: u16,
    /// Index of the piece the glyph comes from.
    pub piece: u32,
}

/// Glyphs of one face, size and colour, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedRun {
    pub face: FaceId,
    pub size: f32,
    pub color: (f32, f32, f32),
    pub glyphs: Vec<PlacedGlyph>,
}

/// A clickable stretch of a line.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkBox {
    pub x0: f32,
    pub x1: f32,
    pub target: Link,
}

/// One set line.
#[derive(Debug, Clone, PartialEq)]
pub struct SetLine {
    pub runs: Vec<PlacedRun>,
    pub links: Vec<LinkBox>,
    /// Width of the line's content, pt (the measure on a justified line).
    pub width: f32,
    pub ascent: f32,
    pub descent: f32,
    /// Ends with a hyphen (added, or the word's own; see `text`).
    pub hyphenated: bool,
    /// Widest interword gap on the line, in `em`; 0 if none.
    pub max_space_em: f32,
    /// Space added between letters (negative: taken away), in `em`; 0 on all but the lines
    /// that could not be justified by their spaces alone.
    pub letter_space_em: f32,
    /// Wider than its measure (only when a single glyph is wider than the measure).
    pub overfull: bool,
    /// Source span of the line's first piece.
    pub span: Span,
    /// The line's text, the glyphs' texts one after another. A hyphen the setter added at
    /// the end is U+00AD; a word's own hyphen stays `-`.
    pub text: String,
}

impl SetLine {
    /// The line's glyphs in order, each with the text it stands for.
    pub fn glyphs(&self) -> impl Iterator<Item = (&PlacedGlyph, &str)> + '_ {
        let glyphs = self.runs.iter().flat_map(|r| &r.glyphs);
        let lens = glyphs.clone().map(|g| g.len);
        glyphs.zip(glyph_slices(&self.text, lens))
    }
}

/// A line's text cut into its glyphs' texts: consecutive slices of `text`, `lens` bytes each
/// (cut short at the text's end; a length that splits a character gives an empty slice).
pub fn glyph_slices<'a>(
    text: &'a str,
    lens: impl IntoIterator<Item = u16> + 'a,
) -> impl Iterator<Item = &'a str> + 'a {
    let mut at = 0;
    lens.into_iter().map(move |len| {
        let end = (at + usize::from(len)).min(text.len());
        let slice = text.get(at..end).unwrap_or_default();
        at = end;
        slice
    })
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParaResult {
    pub lines: Vec<SetLine>,
    pub diagnostics: Vec<Diagnostic>,
}
