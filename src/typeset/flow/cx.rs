//! Layout: the document model, block by block, into a vertical flow of slots (a line of text,
//! a table row, an image, a strip of padding) and discardable spaces, each slot carrying its
//! marks (glyph runs, fills, links) relative to the text block and the keep constraints
//! pagination must honour (widows, orphans, headings kept with what follows). This module
//! holds the flow's types and the engine's state; text lines are made in `lines` (with
//! `para::set_paragraph`), chapters and headings in `chapter`, lists and sayings in `blocks`,
//! code, tables and figures in `display`.

use crate::diag::Diagnostic;
use crate::model::Document;
use crate::theme::{parse_color, FontRole, Theme};
use crate::typeset::frame::{FrameText, LineKind, Rgb};
use crate::typeset::text::FontStore;
use crate::typeset::text::{Link, ParaAlign};

pub use crate::typeset::flow::lines::{
    footnote_anchor, looks_like_url, mark_added_hyphens, missing_glyphs, superscript, text_of_line,
};

/// One item of the vertical flow.
#[derive(Debug, Clone)]
pub enum FlowItem {
    Slot(Slot),
    /// Vertical space between blocks, dropped at a page break.
    Space(f32),
}

/// Sets `items` one under the other from `y` into `out` (spaces kept); returns the y below
/// the last one.
pub fn stack_into(items: Vec<FlowItem>, mut y: f32, out: &mut Vec<(f32, Slot)>) -> f32 {
    for item in items {
        match item {
            FlowItem::Slot(s) => {
                let h = s.height;
                out.push((y, s));
                y += h;
            }
            FlowItem::Space(h) => y += h,
        }
    }
    y
}

impl FlowItem {
    pub fn height(&self) -> f32 {
        match self {
            FlowItem::Slot(s) => s.height,
            FlowItem::Space(h) => *h,
        }
    }

    /// Dropped when it falls at the top or the foot of a page.
    pub fn discardable(&self) -> bool {
        match self {
            FlowItem::Slot(s) => s.strut,
            FlowItem::Space(_) => true,
        }
    }
}

/// A box of the flow: marks positioned relative to (left of the text block, top of the slot).
#[derive(Debug, Clone, Default)]
pub struct Slot {
    pub height: f32,
    pub marks: Vec<Mark>,
    /// No page break between this slot and the next one.
    pub keep_with_next: bool,
    /// Padding that carries decoration (a tinted box): dropped at a page break like a space.
    pub strut: bool,
    /// Link targets defined here: (id, y within the slot).
    pub anchors: Vec<(String, f32)>,
    /// Outline entries starting here: (level, title, anchor id, y within the slot).
    pub outline: Vec<(u8, String, String, f32)>,
    /// A table's header row, set again above this row when the row opens a page.
    pub repeat: Option<Box<Slot>>,
    /// Footnotes referred to on this slot: set at the foot of its page.
    pub notes: Vec<u32>,
}

impl Slot {
    pub fn has_text(&self) -> bool {
        self.marks.iter().any(|m| matches!(m, Mark::Text(_)))
    }

    /// The header to set above this slot when it opens a page: a copy without the anchors and
    /// outline entries, which belong to the first one.
    pub fn repeated_header(&self) -> Option<Slot> {
        self.repeat.as_ref().map(|h| Slot {
            height: h.height,
            marks: h.marks.clone(),
            keep_with_next: true,
            ..Slot::default()
        })
    }

    /// Height taken above this slot when it opens a page (its repeated header).
    pub fn head_room(&self) -> f32 {
        self.repeat.as_ref().map_or(0.0, |h| h.height)
    }
}

#[derive(Debug, Clone)]
pub enum Mark {
    Text(FrameText),
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
    },
    Link {
        x0: f32,
        y0: f32,
        x1: f32,
        y1: f32,
        target: Link,
    },
}

/// A decoration drawn over the full height of every slot of a block (a box's tint, a rule).
#[derive(Debug, Clone, Copy)]
pub struct Band {
    pub x: f32,
    pub w: f32,
    pub color: Rgb,
}

/// Where a block is set: its left edge within the text block, its width, its decorations.
#[derive(Debug, Clone)]
pub struct Region {
    pub x: f32,
    pub width: f32,
    pub bands: Vec<Band>,
}

impl Region {
    pub fn inset(&self, left: f32, right: f32) -> Region {
        Region {
            x: self.x + left,
            width: (self.width - left - right).max(1.0),
            bands: self.bands.clone(),
        }
    }

    pub fn with_band(&self, band: Band) -> Region {
        let mut r = self.clone();
        r.bands.push(band);
        r
    }
}

/// How text of a block is set.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub size: f32,
    /// Baseline-to-baseline distance, pt.
    pub leading: f32,
    pub color: Rgb,
    pub role: FontRole,
    pub italic: bool,
    pub bold: bool,
    pub align: ParaAlign,
    pub hyphenate: bool,
    pub kind: LineKind,
}

/// Theme colours, parsed once (the theme was validated when loaded; bad values fall back).
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub text: Rgb,
    pub heading: Rgb,
    pub link: Rgb,
    pub muted: Rgb,
    pub rule: Rgb,
    pub code_bg: Rgb,
}

pub fn color(s: &str) -> Rgb {
    parse_color(s).unwrap_or((0.0, 0.0, 0.0))
}

/// The layout engine's state for one book.
pub struct Layout<'a> {
    pub store: &'a FontStore,
    pub theme: &'a Theme,
    pub doc: &'a Document,
    pub measure: f32,
    pub body_height: f32,
    pub hyphenate: bool,
    pub pal: Palette,
    pub diags: Vec<Diagnostic>,
    /// Chapter being laid out (for footnote anchors).
    pub chapter: usize,
    pub(crate) next_para: u64,
    /// How many more text slots must be kept with what precedes them.
    pub(crate) pending_keep: u32,
}

impl<'a> Layout<'a> {
    pub fn new(
        store: &'a FontStore,
        theme: &'a Theme,
        doc: &'a Document,
        measure: f32,
        body_height: f32,
        hyphenate: bool,
    ) -> Self {
        let c = &theme.colors;
        Layout {
            store,
            theme,
            doc,
            measure,
            body_height,
            hyphenate,
            pal: Palette {
                text: color(&c.text),
                heading: color(&c.heading),
                link: color(&c.link),
                muted: color(&c.muted),
                rule: color(&c.rule),
                code_bg: color(&c.code_background),
            },
            diags: Vec::new(),
            chapter: 0,
            next_para: 0,
            pending_keep: 0,
        }
    }

    /// A fresh paragraph id (for widow/orphan bookkeeping).
    pub fn take_para_id(&mut self) -> u64 {
        self.next_para += 1;
        self.next_para - 1
    }

    pub fn em(&self) -> f32 {
        self.theme.body_size
    }

    /// The body text style.
    pub fn body(&self) -> Style {
        let size = self.theme.body_size;
        Style {
            size,
            leading: size * self.theme.line_height,
            color: self.pal.text,
            role: FontRole::Body,
            italic: false,
            bold: false,
            align: ParaAlign::Justify,
            hyphenate: self.hyphenate,
            kind: LineKind::Body,
        }
    }

    /// Ragged, unhyphenated text in the heading face and colour: `size` on `leading` × size.
    pub fn heading_style(&self, size: f32, leading: f32, kind: LineKind) -> Style {
        Style {
            size,
            leading: size * leading,
            color: self.pal.heading,
            role: FontRole::Heading,
            align: ParaAlign::Left,
            hyphenate: false,
            kind,
            ..self.body()
        }
    }

    pub fn full(&self) -> Region {
        Region {
            x: 0.0,
            width: self.measure,
            bands: Vec::new(),
        }
    }

    /// Adds a slot to the flow, applying the bands of its region and any pending keep, and
    /// noting the footnotes it refers to (with an anchor for the way back).
    pub fn push_slot(&mut self, out: &mut Vec<FlowItem>, mut slot: Slot, region: &Region) {
        for b in region.bands.iter().rev() {
            slot.marks.insert(
                0,
                Mark::Fill {
                    x: b.x,
                    y: 0.0,
                    w: b.w,
                    h: slot.height,
                    color: b.color,
                },
            );
        }
        for m in &slot.marks {
            if let Mark::Link { target, .. } = m {
                if let Some(n) = crate::typeset::flow::notes::note_of(target, self.chapter) {
                    if !slot.notes.contains(&n) {
                        slot.notes.push(n);
                    }
                }
            }
        }
        for &n in &slot.notes {
            let id = crate::typeset::flow::notes::reference_anchor(self.chapter, n);
            if !slot.anchors.iter().any(|(a, _)| *a == id) {
                slot.anchors.push((id, 0.0));
            }
        }
        if self.pending_keep > 0 {
            slot.keep_with_next = true;
            if slot.has_text() {
                self.pending_keep -= 1;
            }
        }
        out.push(FlowItem::Slot(slot));
    }

    /// Vertical space: a plain space, or a strut when the region is decorated.
    pub fn push_space(&mut self, out: &mut Vec<FlowItem>, h: f32, region: &Region) {
        if h <= 0.0 {
            return;
        }
        if region.bands.is_empty() {
            out.push(FlowItem::Space(h));
        } else {
            let slot = Slot {
                height: h,
                strut: true,
                ..Slot::default()
            };
            self.push_slot(out, slot, region);
        }
    }

    /// Keeps the next `n` text slots with what precedes them.
    pub fn keep_next(&mut self, n: u32) {
        self.pending_keep = self.pending_keep.max(n);
    }
}

/// Keeps a run of flow items on one page when it fits: no break inside it.
pub fn keep_together_if_fits(items: &mut [FlowItem], page: f32) {
    let total: f32 = items.iter().map(FlowItem::height).sum();
    if total > page {
        return;
    }
    let n = items.len();
    for (k, item) in items.iter_mut().enumerate() {
        if let FlowItem::Slot(s) = item {
            if k + 1 < n {
                s.keep_with_next = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keep_together_respects_page_height() {
        let slot = |h| {
            FlowItem::Slot(Slot {
                height: h,
                ..Slot::default()
            })
        };
        let mut items = vec![slot(10.0), FlowItem::Space(5.0), slot(10.0)];
        keep_together_if_fits(&mut items, 30.0);
        assert!(matches!(&items[0], FlowItem::Slot(s) if s.keep_with_next));
        assert!(matches!(&items[2], FlowItem::Slot(s) if !s.keep_with_next));
        let mut items = vec![slot(20.0), slot(20.0)];
        keep_together_if_fits(&mut items, 30.0);
        assert!(matches!(&items[0], FlowItem::Slot(s) if !s.keep_with_next));
    }
}
