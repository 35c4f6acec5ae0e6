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
use crate::typeset::flow::{self, FlowCx, Mark};
use crate::typeset::frame::{merge_fills, FrameItem, FrameLink, LineKind, PageFrame, PageKind};
use crate::typeset::page::paginate::PageBox;
use crate::typeset::text::Link;

/// Page size and text block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    /// Width of the text block.
    pub measure: f32,
    pub inside: f32,
    pub outside: f32,
    pub top: f32,
    pub bottom: f32,
    pub body_height: f32,
    /// Average characters of body text per full line.
    pub chars_per_line: f32,
    /// Mirrored margins and furniture (`sides = "two"`); else `inside == outside`.
    pub two_sided: bool,
}

impl Geometry {
    /// Left edge of the text block on physical page `p` (0-based; page 0 is a recto).
    pub fn left(&self, p: usize) -> f32 {
        if p.is_multiple_of(2) {
            self.inside
        } else {
            self.outside
        }
    }
}

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
    let em = lay.em();
    let head_size = em * 0.78;
    let muted = lay.palette().muted;
    let title = lay.doc().meta.title.clone();
    let mut frames = Vec::with_capacity(pages.len());
    for (p, page) in pages.into_iter().enumerate() {
        let left = geo.left(p);
        let mut items = Vec::new();
        for (y, slot) in page.slots {
            let top = geo.top + y;
            for mark in slot.marks {
                items.push(match mark {
                    Mark::Text(mut t) => {
                        t.x += left;
                        t.baseline += top;
                        FrameItem::Text(t)
                    }
                    Mark::Fill { x, y, w, h, color } => FrameItem::Fill {
                        x: x + left,
                        y: y + top,
                        w,
                        h,
                        color,
                    },
                    Mark::Image { x, y, w, h, asset } => FrameItem::Image {
                        x: x + left,
                        y: y + top,
                        w,
                        h,
                        asset,
                    },
                    Mark::Link {
                        x0,
                        y0,
                        x1,
                        y1,
                        target,
                    } => {
                        let target = match target {
                            Link::Uri(u) => FrameLink::Uri(u),
                            Link::Internal(id) => match anchors.get(&id) {
                                Some(&(page, y)) => FrameLink::Page { page, y },
                                None => continue,
                            },
                        };
                        FrameItem::Link {
                            x0: x0 + left,
                            y0: y0 + top,
                            x1: x1 + left,
                            y1: y1 + top,
                            target,
                        }
                    }
                });
            }
        }
        merge_fills(&mut items);
        let label = labels.get(p).cloned().unwrap_or_default();
        let recto = p.is_multiple_of(2);
        match page.kind {
            PageKind::Body => {
                let base = geo.top - 2.0 * em;
                let head = match (recto || !geo.two_sided, page.chapter) {
                    (true, Some(c)) => lay.doc().chapters[c].title_text.clone(),
                    _ => title.clone(),
                };
                let head = fit(lay, &head, head_size, geo.measure - 8.0 * em);
                let mut h = flow::label(
                    lay,
                    &head,
                    FontRole::Sans,
                    head_size,
                    muted,
                    LineKind::RunningHead,
                    Default::default(),
                );
                h.x = left + (geo.measure - h.width()) / 2.0;
                h.baseline = base;
                items.push(FrameItem::Text(h));
                let mut f = flow::label(
                    lay,
                    &label,
                    FontRole::Sans,
                    head_size,
                    muted,
                    LineKind::Folio,
                    Default::default(),
                );
                if geo.two_sided {
                    f.x = if recto {
                        left + geo.measure - f.width()
                    } else {
                        left
                    };
                    f.baseline = base;
                } else {
                    f.x = left + (geo.measure - f.width()) / 2.0;
                    f.baseline = geo.height - geo.bottom * 0.5;
                }
                items.push(FrameItem::Text(f));
            }
            PageKind::ChapterOpening | PageKind::Contents => {
                let mut f = flow::label(
                    lay,
                    &label,
                    FontRole::Sans,
                    head_size,
                    muted,
                    LineKind::Folio,
                    Default::default(),
                );
                f.x = left + (geo.measure - f.width()) / 2.0;
                f.baseline = geo.height - geo.bottom * 0.5;
                items.push(FrameItem::Text(f));
            }
            PageKind::Title | PageKind::Imprint | PageKind::Blank => {}
        }
        frames.push(PageFrame {
            width: geo.width,
            height: geo.height,
            label,
            kind: page.kind,
            items,
        });
    }
    frames
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
