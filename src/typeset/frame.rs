//! Frames: the positioned result of typesetting. One [`PageFrame`] per physical page holds
//! glyph runs, filled rectangles (backgrounds and rules), images and link areas at absolute
//! positions — points from the page's top-left corner, y growing downwards — and every text line
//! keeps the source span it came from. `emit` turns frames into PDF, `dump` into text for golden
//! tests, and the layout tests read the per-line [`LineInfo`].

use crate::diag::Span;

use crate::fontkit::FaceId;
use crate::typeset::structure::Tag;
use crate::typeset::text::glyph_slices;

/// An sRGB colour, each channel 0..=1.
pub type Rgb = (f32, f32, f32);

/// What a page is for: decides its furniture (running heads, folios).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Title,
    Imprint,
    Contents,
    Blank,
    ChapterOpening,
    Body,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PageFrame {
    pub width: f32,
    pub height: f32,
    /// The page label a reader sees: `i`, `ii`, … in the front matter, `1`, `2`, … after.
    pub label: String,
    pub kind: PageKind,
    pub items: Vec<FrameItem>,
}

/// One positioned thing on a page: the same type while it is placed relative to a slot of the
/// flow (`L` the unresolved [`crate::typeset::text::Link`]: a `Mark`) and once on its page
/// (`L` = [`FrameLink`]: a [`FrameItem`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Item<L> {
    Text(FrameText),
    /// A filled rectangle: backgrounds, and rules (thin rectangles).
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        asset: usize,
        /// The figure it is (an inline image is an artifact: its alt text is in the line).
        tag: Tag,
    },
    Link {
        x0: f32,
        y0: f32,
        x1: f32,
        y1: f32,
        target: L,
        /// The link element whose annotation this box is.
        tag: Tag,
    },
    /// A form field's box in a fillable PDF (`--fillable`): over a question's answer lines,
    /// a blank's rule or a task's box. Drawn by nothing: the print edition has none.
    Field(Box<Field>),
}

/// A fillable PDF's form field: where its widget is, what it holds, its name and tooltip.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub kind: FieldKind,
    /// The field's full name, unique in the book: its part and its own, `ch3.q2`.
    pub name: String,
    /// What the field asks (`/TU`): the question, the blank's sentence, the task.
    pub tooltip: String,
    /// The colour of what is typed in it, or of its tick.
    pub color: Rgb,
    /// The `Form` element whose widget this is.
    pub tag: Tag,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldKind {
    /// Text typed at `size` pt: over answer lines (`multiline`) or a blank (one line).
    Text { multiline: bool, size: f32 },
    /// A box to tick, ticked (`on`) for `[x]`.
    Check { on: bool },
}

/// An item placed on its page, links resolved.
pub type FrameItem = Item<FrameLink>;

impl<L> Item<L> {
    /// The item moved by (`dx`, `dy`), a link's target replaced by what `resolve` makes of it
    /// (`None`, a link that goes nowhere, drops the item).
    pub fn placed<M>(
        self,
        dx: f32,
        dy: f32,
        resolve: impl FnOnce(L) -> Option<M>,
    ) -> Option<Item<M>> {
        Some(match self {
            Item::Text(mut t) => {
                t.x += dx;
                t.baseline += dy;
                Item::Text(t)
            }
            Item::Fill { x, y, w, h, color } => Item::Fill {
                x: x + dx,
                y: y + dy,
                w,
                h,
                color,
            },
            Item::Image {
                x,
                y,
                w,
                h,
                asset,
                tag,
            } => Item::Image {
                x: x + dx,
                y: y + dy,
                w,
                h,
                asset,
                tag,
            },
            Item::Link {
                x0,
                y0,
                x1,
                y1,
                target,
                tag,
            } => Item::Link {
                x0: x0 + dx,
                y0: y0 + dy,
                x1: x1 + dx,
                y1: y1 + dy,
                target: resolve(target)?,
                tag,
            },
            Item::Field(mut f) => {
                f.x0 += dx;
                f.x1 += dx;
                f.y0 += dy;
                f.y1 += dy;
                Item::Field(f)
            }
        })
    }
}

/// Where a link goes, resolved to a physical page.
#[derive(Debug, Clone, PartialEq)]
pub enum FrameLink {
    /// Shared with the link's other boxes (see `Link`).
    Uri(std::sync::Arc<str>),
    /// 0-based physical page and the y (from the page top) to show at the window top.
    Page { page: usize, y: f32 },
}

/// One line of text (or one hanging marker, running head, folio …).
#[derive(Debug, Clone, PartialEq)]
pub struct FrameText {
    /// Left end of the line.
    pub x: f32,
    pub baseline: f32,
    pub runs: Vec<FrameRun>,
    /// The text the line stands for (for dumps and tests).
    pub text: String,
    pub span: Span,
    pub info: LineInfo,
    /// The structure element the line belongs to ([`Tag::ARTIFACT`] for furniture).
    pub tag: Tag,
    /// Where other elements take over within the line (a link's words): from glyph `k`
    /// (counted through the runs) on, the content is the tag's, until the next entry.
    pub tag_from: thin_vec::ThinVec<(u32, Tag)>,
}

/// Glyphs of one face, size and colour.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameRun {
    pub face: FaceId,
    pub size: f32,
    pub color: Rgb,
    pub glyphs: Vec<FrameGlyph>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FrameGlyph {
    pub gid: u16,
    /// From the line's left end, pt.
    pub x: f32,
    /// Up from the baseline, pt.
    pub y: f32,
    /// The glyph's natural advance, pt.
    pub advance: f32,
    /// Bytes of the line's `text` this glyph stands for: the glyphs' texts follow one another
    /// through the line ("fi" for the ligature, 0 for the extra glyphs of a cluster).
    pub len: u16,
}

/// What kind of line this is, for furniture decisions and layout tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Body,
    /// Heading below the chapter title (level 2..=6).
    Heading(u8),
    ChapterTitle,
    /// A lead-in ("Avoid saying:") that introduces a list or sayings.
    Lead,
    /// A list marker or a saying glyph hanging beside a line.
    Marker,
    Code,
    Table,
    Caption,
    Footnote,
    RunningHead,
    Folio,
    Contents,
    Title,
}

impl LineKind {
    /// Lines that belong to the text flow (not page furniture, not hanging markers).
    pub fn in_flow(self) -> bool {
        !matches!(
            self,
            LineKind::Marker | LineKind::RunningHead | LineKind::Folio
        )
    }
}

/// Where a line sits in its paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParaPos {
    /// Unique per paragraph in the book.
    pub id: u64,
    pub index: u32,
    pub count: u32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineInfo {
    pub kind: LineKind,
    pub para: Option<ParaPos>,
    /// Set justified (stretched to the measure): not a last line, not ragged.
    pub justified: bool,
    /// Widest inter-word space on the line, in em of its size.
    pub max_space_em: f32,
    pub overfull: bool,
    pub hyphenated: bool,
}

impl LineInfo {
    pub fn plain(kind: LineKind) -> Self {
        LineInfo {
            kind,
            para: None,
            justified: false,
            max_space_em: 0.0,
            overfull: false,
            hyphenated: false,
        }
    }
}

impl FrameText {
    /// The text of each glyph, run by run: consecutive slices of `text`.
    pub fn glyph_texts(&self) -> Vec<Vec<&str>> {
        let lens = self
            .runs
            .iter()
            .flat_map(|r| r.glyphs.iter().map(|g| g.len));
        let mut texts = glyph_slices(&self.text, lens);
        (self.runs.iter())
            .map(|r| texts.by_ref().take(r.glyphs.len()).collect())
            .collect()
    }

    /// Width of the line from its left end to the end of its last glyph.
    pub fn width(&self) -> f32 {
        self.runs
            .iter()
            .flat_map(|r| r.glyphs.iter())
            .map(|g| g.x + g.advance)
            .fold(0.0, f32::max)
    }
}

/// Merges fills of one colour that touch vertically at the same x and width (a tinted box
/// drawn slot by slot) into one rectangle each, keeping the first one's place in the list.
/// Works in place, so the list keeps its allocation (and the room its maker left in it).
pub fn merge_fills(items: &mut Vec<FrameItem>) {
    let mut kept = 0;
    for i in 0..items.len() {
        if let FrameItem::Fill { x, y, w, h, color } = items[i] {
            let joined = items[..kept]
                .iter_mut()
                .rev()
                .take(64)
                .any(|prev| match prev {
                    FrameItem::Fill {
                        x: px,
                        y: py,
                        w: pw,
                        h: ph,
                        color: pc,
                    } if *pc == color
                        && (*px - x).abs() < 0.01
                        && (*pw - w).abs() < 0.01
                        && (*py + *ph - y).abs() < 0.01 =>
                    {
                        *ph += h;
                        true
                    }
                    _ => false,
                });
            if joined {
                continue;
            }
        }
        items.swap(kept, i);
        kept += 1;
    }
    items.truncate(kept);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn touching_fills_of_one_colour_merge() {
        let c = (1.0, 0.0, 0.0);
        let mut items = vec![
            FrameItem::Fill {
                x: 10.0,
                y: 0.0,
                w: 5.0,
                h: 2.0,
                color: c,
            },
            FrameItem::Fill {
                x: 10.0,
                y: 2.0,
                w: 5.0,
                h: 3.0,
                color: c,
            },
            FrameItem::Fill {
                x: 10.0,
                y: 9.0,
                w: 5.0,
                h: 1.0,
                color: c,
            },
        ];
        merge_fills(&mut items);
        assert_eq!(items.len(), 2);
        assert!(matches!(items[0], FrameItem::Fill { h, .. } if (h - 5.0).abs() < 1e-6));
    }
}
