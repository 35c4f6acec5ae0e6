//! Composition: paginated pages into frames. Places each page's slots in its text block
//! (two-sided: mirrored margins, the inside margin on the left of a recto; one-sided: the same
//! margins on every page), adds the furniture — two-sided: running heads (book title on a
//! verso, chapter title on a recto) with the folio at the outer edge; one-sided: the chapter's
//! title centred at the head and the folio centred at the foot of every page; a folio at the
//! foot of chapter openings and contents pages; nothing on the title, imprint and blank pages.
//! The chapter of a page is the one current at its top (see `paginate`). It also resolves
//! internal links to a page and y, and collects the outline entries at the y of their headings.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Warned};
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

/// Most entries the PDF's outline has. Every chapter is listed; sections after that many
/// entries are left out (with a warning): a reader's outline pane of tens of thousands of
/// entries helps no one, and each entry is an object in the file.
pub const OUTLINE_MAX: usize = 5_000;

/// The outline entries in page order: every chapter, and the sections while there is room
/// under `OUTLINE_MAX` (the first ones); a warning when sections are left out.
pub fn outline(pages: &[PageBox], geo: &Geometry) -> Warned<Vec<OutlineEntry>> {
    let all = || {
        pages.iter().enumerate().flat_map(|(p, page)| {
            page.slots.iter().flat_map(move |(y, slot)| {
                slot.outline
                    .iter()
                    .map(move |(level, title, _id, dy)| (*level, title, p, geo.top + y + dy))
            })
        })
    };
    let (mut chapters, mut sections) = (0usize, 0usize);
    for (level, ..) in all() {
        if level <= 1 {
            chapters += 1;
        } else {
            sections += 1;
        }
    }
    let room = OUTLINE_MAX.saturating_sub(chapters);
    let mut out = Vec::with_capacity(chapters + sections.min(room));
    let mut kept = 0;
    for (level, title, page, y) in all() {
        if level > 1 {
            if kept == room {
                continue;
            }
            kept += 1;
        }
        out.push(OutlineEntry {
            level,
            title: title.clone(),
            page,
            y,
        });
    }
    let mut warnings = Vec::new();
    if kept < sections {
        warnings.push(
            Diagnostic::warning(
                "GB311",
                format!(
                    "the PDF's outline lists every chapter and the first {kept} of {sections} \
                     sections (at most {OUTLINE_MAX} entries)"
                ),
            )
            .help(
                "the EPUB's navigation still lists them all; for all of them in the PDF's \
                 outline, make fewer of them headings",
            ),
        );
    }
    Warned::new(out, warnings)
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
    // The most words, fewer than all, that fit with the ellipsis (else the first word alone).
    // The width grows with the words, so their number is found by bisection: a long title
    // costs a few shapings, not one per word.
    let words: Vec<&str> = text.split_whitespace().collect();
    let cut = |k: usize| format!("{}…", words[..k].join(" "));
    // words[..lo] fit (or lo is 0), words[..hi] do not
    let (mut lo, mut hi) = (0, words.len());
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if width(lay, &cut(mid)) <= max {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    if lo == 0 {
        words.first().copied().unwrap_or_default().to_string()
    } else {
        cut(lo)
    }
}

/// The running heads already fitted, by chapter (`None`: the book's title), so that each
/// title is measured once, not once a page.
type Heads = BTreeMap<Option<usize>, String>;

/// Frames for all pages. `labels[p]` is the page label of physical page `p`.
pub fn compose(
    lay: &mut FlowCx,
    pages: Vec<PageBox>,
    labels: &[String],
    geo: &Geometry,
) -> Vec<PageFrame> {
    let anchors = anchors(&pages, geo);
    let mut heads = Heads::new();
    let mut frames = Vec::with_capacity(pages.len());
    for (p, page) in pages.into_iter().enumerate() {
        let label = labels.get(p).cloned().unwrap_or_default();
        let (kind, chapter) = (page.kind, page.chapter);
        let mut items = place(page, geo.left(p), geo, &anchors);
        let head = (kind == PageKind::Body).then(|| running_head(lay, &mut heads, p, chapter, geo));
        furnish(lay, &mut items, p, kind, head.as_deref(), &label, geo);
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
    // Room for every mark and the two pieces of furniture, so the page's list is made once
    // at its size (grown by doubling it was up to twice that, 24 MB of 100,000 headings).
    let marks: usize = page.slots.iter().map(|(_, s)| s.marks.len()).sum();
    let mut items = Vec::with_capacity(marks + FURNITURE);
    for (y, slot) in page.slots {
        let top = geo.top + y;
        items.extend(slot.marks.into_iter().filter_map(|mark| {
            mark.placed(left, top, |target| match target {
                Link::Uri(u) => Some(FrameLink::Uri(u)),
                Link::Internal(id) => {
                    let &(page, y) = anchors.get(&*id)?;
                    Some(FrameLink::Page { page, y })
                }
            })
        }));
    }
    merge_fills(&mut items);
    items
}

/// The running head of body page `p` of `chapter`: two-sided, the book's title on a verso
/// and the chapter's on a recto; one-sided, the chapter's; fitted to the measure less 8 em.
fn running_head(
    lay: &mut FlowCx,
    heads: &mut Heads,
    p: usize,
    chapter: Option<usize>,
    geo: &Geometry,
) -> String {
    let of = match (p.is_multiple_of(2) || !geo.two_sided, chapter) {
        (true, Some(c)) => Some(c),
        _ => None,
    };
    let max = geo.measure - 8.0 * lay.em();
    let size = lay.em() * 0.78;
    heads
        .entry(of)
        .or_insert_with(|| {
            let head = match of {
                Some(c) => lay.doc().chapters[c].title_text.clone(),
                None => lay.doc().meta.title.clone(),
            };
            fit(lay, &head, size, max)
        })
        .clone()
}

/// The most items [`furnish`] adds to a page: a running head and a folio.
const FURNITURE: usize = 2;

/// The furniture of physical page `p`: running head (`head`) and folio on body pages (see the module
/// doc for where), a folio at the foot of chapter openings and contents pages, nothing else.
fn furnish(
    lay: &mut FlowCx,
    items: &mut Vec<FrameItem>,
    p: usize,
    kind: PageKind,
    head: Option<&str>,
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
            let mut h = furniture(lay, head.unwrap_or_default(), size, LineKind::RunningHead);
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
