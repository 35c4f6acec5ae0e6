//! Composition: paginated pages into frames. Places each page's slots in its text block
//! (two-sided: mirrored margins, the inside margin on the left of a recto; one-sided: the same
//! margins on every page), adds the furniture — two-sided: running heads (book title on a
//! verso, chapter title on a recto) with the folio at the outer edge; one-sided: the chapter's
//! title centred at the head and the folio centred at the foot of every page; a folio at the
//! foot of chapter openings and contents pages; nothing on the title, imprint and blank pages.
//! The chapter of a page is the one current at its top (see `paginate`). It also resolves
//! internal links to a page and y, and collects the outline entries at the y of their headings.

use std::collections::BTreeMap;

use crate::theme::FontRole;
use crate::typeset::flow::{self, FlowCx};
use crate::typeset::frame::{
    merge_fills, FrameItem, FrameLink, FrameText, LineKind, PageFrame, PageKind,
};
use crate::typeset::geometry::Geometry;
use crate::typeset::page::paginate::PageBox;
use crate::typeset::text::Link;

/// An outline entry: where a heading is.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub level: u8,
    pub title: String,
    pub page: usize,
    /// From the page top.
    pub y: f32,
}

/// Where every anchor is: id → (physical page, y from the page top). First definition wins.
pub fn anchors(pages: &[PageBox], geo: &Geometry) -> BTreeMap<String, (usize, f32)> {
    let mut map = BTreeMap::new();
    for (p, page) in pages.iter().enumerate() {
        for (y, slot) in &page.slots {
            for (id, dy) in &slot.anchors {
                map.entry(id.clone()).or_insert((p, geo.top + y + dy));
            }
        }
    }
    map
}

/// The outline entries in page order.
pub fn outline(pages: &[PageBox], geo: &Geometry) -> Vec<OutlineEntry> {
    let mut out = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        for (y, slot) in &page.slots {
            for (level, title, _id, dy) in &slot.outline {
                out.push(OutlineEntry {
                    level: *level,
                    title: title.clone(),
                    page: p,
                    y: geo.top + y + dy,
                });
            }
        }
    }
    out
}

/// Text of a running head, shortened with an ellipsis to fit `max` pt.
fn fit(lay: &mut FlowCx, text: &str, size: f32, max: f32) -> String {
    let width = |lay: &mut FlowCx, t: &str| {
        flow::label(
            lay,
            t,
            FontRole::Sans,
            size,
            (0.0, 0.0, 0.0),
            LineKind::RunningHead,
            Default::default(),
        )
        .width()
    };
    if width(lay, text) <= max {
        return text.to_string();
    }
    let mut words: Vec<&str> = text.split_whitespace().collect();
    while words.len() > 1 {
        words.pop();
        let t = format!("{}…", words.join(" "));
        if width(lay, &t) <= max {
            return t;
        }
    }
    words.concat()
}

/// Frames for all pages. `labels[p]` is the page label of physical page `p`.
pub fn compose(
    lay: &mut FlowCx,
    pages: Vec<PageBox>,
    labels: &[String],
    geo: &Geometry,
) -> Vec<PageFrame> {
    let anchors = anchors(&pages, geo);
    let mut frames = Vec::with_capacity(pages.len());
    for (p, page) in pages.into_iter().enumerate() {
        let label = labels.get(p).cloned().unwrap_or_default();
        let (kind, chapter) = (page.kind, page.chapter);
        let mut items = place(page, geo.left(p), geo, &anchors);
        furnish(lay, &mut items, p, kind, chapter, &label, geo);
        frames.push(PageFrame {
            width: geo.width,
            height: geo.height,
            label,
            kind,
            items,
        });
    }
    frames
}

/// A page's slots at their place on the page (text block at `left`), internal links resolved
/// through `anchors` (a link to an anchor that does not exist is dropped).
fn place(
    page: PageBox,
    left: f32,
    geo: &Geometry,
    anchors: &BTreeMap<String, (usize, f32)>,
) -> Vec<FrameItem> {
    let mut items = Vec::new();
    for (y, slot) in page.slots {
        let top = geo.top + y;
        items.extend(slot.marks.into_iter().filter_map(|mark| {
            mark.placed(left, top, |target| match target {
                Link::Uri(u) => Some(FrameLink::Uri(u)),
                Link::Internal(id) => {
                    let &(page, y) = anchors.get(&id)?;
                    Some(FrameLink::Page { page, y })
                }
            })
        }));
    }
    merge_fills(&mut items);
    items
}

/// The furniture of physical page `p`: running head and folio on body pages (see the module
/// doc for where), a folio at the foot of chapter openings and contents pages, nothing else.
fn furnish(
    lay: &mut FlowCx,
    items: &mut Vec<FrameItem>,
    p: usize,
    kind: PageKind,
    chapter: Option<usize>,
    label: &str,
    geo: &Geometry,
) {
    let em = lay.em();
    let size = em * 0.78;
    let left = geo.left(p);
    let recto = p.is_multiple_of(2);
    let foot = geo.height - geo.bottom * 0.5;
    let centred = |w: f32| left + (geo.measure - w) / 2.0;
    match kind {
        PageKind::Body => {
            let base = geo.top - 2.0 * em;
            let head = match (recto || !geo.two_sided, chapter) {
                (true, Some(c)) => lay.doc().chapters[c].title_text.clone(),
                _ => lay.doc().meta.title.clone(),
            };
            let head = fit(lay, &head, size, geo.measure - 8.0 * em);
            let mut h = furniture(lay, &head, size, LineKind::RunningHead);
            h.x = centred(h.width());
            h.baseline = base;
            items.push(FrameItem::Text(h));
            let mut f = furniture(lay, label, size, LineKind::Folio);
            (f.x, f.baseline) = match (geo.two_sided, recto) {
                (true, true) => (left + geo.measure - f.width(), base),
                (true, false) => (left, base),
                (false, _) => (centred(f.width()), foot),
            };
            items.push(FrameItem::Text(f));
        }
        PageKind::ChapterOpening | PageKind::Contents => {
            let mut f = furniture(lay, label, size, LineKind::Folio);
            f.x = centred(f.width());
            f.baseline = foot;
            items.push(FrameItem::Text(f));
        }
        PageKind::Title | PageKind::Imprint | PageKind::Blank => {}
    }
}

/// A running head or folio: `text` in the sans face at `size`, in the muted colour.
fn furniture(lay: &mut FlowCx, text: &str, size: f32, kind: LineKind) -> FrameText {
    let muted = lay.palette().muted;
    flow::label(
        lay,
        text,
        FontRole::Sans,
        size,
        muted,
        kind,
        Default::default(),
    )
}

/// Lower-case roman numerals for front-matter labels.
pub fn roman(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::roman;

    #[test]
    fn roman_numerals() {
        assert_eq!(roman(1), "i");
        assert_eq!(roman(4), "iv");
        assert_eq!(roman(9), "ix");
        assert_eq!(roman(14), "xiv");
        assert_eq!(roman(49), "xlix");
    }
}
