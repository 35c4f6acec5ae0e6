//! The flow's items: slots (a line of text, a table row, an image, a strip of padding) with
//! their marks relative to the text block and the keep constraints pagination must honour
//! (widows, orphans, headings kept with what follows), and the discardable spaces between
//! them; with the helpers that keep a run of them together or stack them one under another.

use thin_vec::ThinVec;

use crate::typeset::text::Link;

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
/// Its lists are `ThinVec`s, one pointer each and nothing allocated while empty (most slots
/// have no anchors, outline entries or notes): a slot is 48 bytes, not 112, which a flow of
/// 100,000 headings holds several hundred thousand of.
#[derive(Debug, Clone, Default)]
pub struct Slot {
    pub height: f32,
    pub marks: ThinVec<Mark>,
    /// No page break between this slot and the next one.
    pub keep_with_next: bool,
    /// Padding that carries decoration (a tinted box): dropped at a page break like a space.
    pub strut: bool,
    /// Link targets defined here: (id, y within the slot).
    pub anchors: ThinVec<(String, f32)>,
    /// Outline entries starting here: (level, title, anchor id, y within the slot).
    pub outline: ThinVec<(u8, String, String, f32)>,
    /// A table's header row, set again above this row when the row opens a page.
    pub repeat: Option<Box<Slot>>,
    /// Footnotes referred to on this slot: set at the foot of its page.
    pub notes: ThinVec<u32>,
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

/// A positioned item of a slot, relative to (left of the text block, top of the slot).
pub type Mark = crate::typeset::frame::Item<Link>;

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

/// Marks every slot of a run as kept with the next.
pub fn keep_all(items: &mut [FlowItem]) {
    for item in items {
        if let FlowItem::Slot(s) = item {
            s.keep_with_next = true;
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
