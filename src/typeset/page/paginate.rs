//! Pagination: cuts a flow of slots and spaces into pages of the text block's height. Greedy
//! filling with backtracking to the last legal break: a break is legal after a slot that is not
//! kept with the next (widow and orphan lines, headings with what follows, lead-ins with their
//! list, an avoid/try pair — all expressed as keeps by layout). Spaces and struts at a page's
//! top or foot are dropped. A run of kept slots taller than a page is broken where it
//! overflows rather than lost. The foot notes a page's lines refer to take room at its foot
//! (see `notes`); a line whose notes do not fit moves on. A table row that opens a page has its table's header set again
//! above it. Chapters that run on are cut as one flow, each page naming the chapter current at
//! its top. Ragged bottom: no vertical justification.

use std::collections::BTreeSet;

use crate::typeset::flow::{FlowItem, FootNotes, FrontPage, Slot};
use crate::typeset::frame::PageKind;

/// One page before framing: slots at their y from the top of the text block.
#[derive(Debug, Clone)]
pub struct PageBox {
    pub kind: PageKind,
    /// The chapter the page belongs to (for the running head).
    pub chapter: Option<usize>,
    pub slots: Vec<(f32, Slot)>,
}

impl From<FrontPage> for PageBox {
    /// A page set whole (the title pages, the notes pages): no chapter's running head.
    fn from(p: FrontPage) -> PageBox {
        PageBox {
            kind: p.kind,
            chapter: None,
            slots: p.slots,
        }
    }
}

/// Whether the flow may break between item `j` and the next one.
fn breakable_after(items: &[FlowItem], j: usize) -> bool {
    items[..=j]
        .iter()
        .rev()
        .find_map(|item| match item {
            FlowItem::Slot(s) => Some(!s.keep_with_next),
            FlowItem::Space(_) => None,
        })
        .unwrap_or(true)
}

/// One page of a flow: items `[start, end)` and the footnotes set at its foot.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRange {
    pub start: usize,
    pub end: usize,
    pub notes: Vec<u32>,
}

/// Page ranges `[start, end)` of the flow for a text block `page_h` tall.
pub fn breaks(items: &[FlowItem], page_h: f32) -> Vec<(usize, usize)> {
    breaks_with_notes(items, page_h, &FootNotes::default())
        .into_iter()
        .map(|r| (r.start, r.end))
        .collect()
}

/// Pages of the flow for a text block `page_h` tall, less the foot notes each page carries:
/// a line whose notes would not fit goes to the next page (back to the last legal break).
pub fn breaks_with_notes(items: &[FlowItem], page_h: f32, notes: &FootNotes) -> Vec<PageRange> {
    let n = items.len();
    let mut pages = Vec::new();
    let mut placed: BTreeSet<u32> = BTreeSet::new();
    let mut i = 0;
    loop {
        while i < n && items[i].discardable() {
            i += 1;
        }
        if i >= n {
            break;
        }
        let start = i;
        // a table row opening the page brings its header along
        let mut y = match &items[start] {
            FlowItem::Slot(s) => s.head_room(),
            FlowItem::Space(_) => 0.0,
        };
        let mut have: BTreeSet<u32> = BTreeSet::new();
        let mut page_notes: Vec<u32> = Vec::new();
        let mut last_legal = None;
        let mut end = n;
        let mut j = start;
        while j < n {
            crate::typeset::cost::add(1);
            let h = items[j].height();
            let new = match &items[j] {
                FlowItem::Slot(s) if !s.notes.is_empty() => notes.brought(&s.notes, &placed, &have),
                _ => Vec::new(),
            };
            let foot = if new.is_empty() {
                notes.area(&page_notes)
            } else {
                let all: Vec<u32> = page_notes.iter().chain(&new).copied().collect();
                notes.area(&all)
            };
            // a discardable item may hang below the block: it is dropped there
            if j > start && y + h + foot > page_h + 0.01 && !items[j].discardable() {
                end = last_legal.unwrap_or(j);
                break;
            }
            y += h;
            have.extend(new.iter().copied());
            page_notes.extend(new);
            if j + 1 < n && breakable_after(items, j) {
                last_legal = Some(j + 1);
            }
            j += 1;
        }
        let page_notes = notes.of_page(&items[start..end], &placed);
        placed.extend(page_notes.iter().copied());
        pages.push(PageRange {
            start,
            end,
            notes: page_notes,
        });
        i = end;
    }
    pages
}

/// Cuts a flow into pages: the first of kind `first`, the others `rest`; each page's foot
/// notes set at the foot of its text block.
pub fn paginate(
    items: Vec<FlowItem>,
    page_h: f32,
    first: PageKind,
    rest: PageKind,
    chapter: Option<usize>,
    notes: FootNotes,
) -> Vec<PageBox> {
    cut(items, page_h, notes, |k, _| {
        (if k == 0 { first } else { rest }, chapter)
    })
}

/// Where a chapter starts in a flow of chapters that run on (see [`paginate_run_on`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChapterStart {
    /// Index of the chapter's first flow item (never a discardable one).
    pub item: usize,
    pub chapter: usize,
}

/// Cuts the flow of several chapters set one after the other into pages. A page whose first
/// item is a chapter's first item is that chapter's opening (no running head); every other
/// page is a body page of the chapter current at its top — the chapter whose text the page
/// begins with, even when another one opens further down (its running head names it).
pub fn paginate_run_on(
    items: Vec<FlowItem>,
    page_h: f32,
    notes: FootNotes,
    starts: &[ChapterStart],
) -> Vec<PageBox> {
    cut(items, page_h, notes, |k, start| {
        let current = starts.iter().rev().find(|s| s.item <= start);
        let opening = k == 0 || current.is_some_and(|s| s.item == start);
        let kind = if opening {
            PageKind::ChapterOpening
        } else {
            PageKind::Body
        };
        (kind, current.or(starts.first()).map(|s| s.chapter))
    })
}

/// Cuts a flow into pages; `page(k, start)` names the kind and chapter of page `k`, whose
/// first item is `start`.
fn cut(
    items: Vec<FlowItem>,
    page_h: f32,
    mut notes: FootNotes,
    page: impl Fn(usize, usize) -> (PageKind, Option<usize>),
) -> Vec<PageBox> {
    let ranges = breaks_with_notes(&items, page_h, &notes);
    let mut items: Vec<Option<FlowItem>> = items.into_iter().map(Some).collect();
    let mut pages = Vec::with_capacity(ranges.len());
    for (k, r) in ranges.into_iter().enumerate() {
        let (start, end) = (r.start, r.end);
        // trailing spaces and struts are dropped
        let mut last = end;
        while last > start && items[last - 1].as_ref().is_some_and(FlowItem::discardable) {
            last -= 1;
        }
        let mut y = 0.0;
        let mut slots = Vec::new();
        let header = match &items[start] {
            Some(FlowItem::Slot(s)) => s.repeated_header(),
            _ => None,
        };
        if let Some(h) = header {
            y = h.height;
            slots.push((0.0, h));
        }
        for item in items[start..last].iter_mut() {
            match item.take() {
                Some(FlowItem::Slot(s)) => {
                    let h = s.height;
                    slots.push((y, s));
                    y += h;
                }
                Some(FlowItem::Space(h)) => y += h,
                None => {}
            }
        }
        if !r.notes.is_empty() {
            // at the foot of the block; below the text if that overflows (a pathological line)
            let top = (page_h - notes.area(&r.notes)).max(y);
            for (dy, slot) in notes.take_stack(&r.notes) {
                slots.push((top + dy, slot));
            }
        }
        let (kind, chapter) = page(k, start);
        pages.push(PageBox {
            kind,
            chapter,
            slots,
        });
    }
    if pages.is_empty() {
        let (kind, chapter) = page(0, 0);
        pages.push(PageBox {
            kind,
            chapter,
            slots: Vec::new(),
        });
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(keep: bool) -> FlowItem {
        FlowItem::Slot(Slot {
            height: 10.0,
            keep_with_next: keep,
            ..Slot::default()
        })
    }

    #[test]
    fn fills_greedily_and_drops_space_at_the_break() {
        let items = vec![line(false), FlowItem::Space(5.0), line(false), line(false)];
        // 10 + 5 + 10 = 25 fits in 27; the third line goes over
        assert_eq!(breaks(&items, 27.0), vec![(0, 3), (3, 4)]);
        let pages = paginate(
            items,
            27.0,
            PageKind::ChapterOpening,
            PageKind::Body,
            None,
            FootNotes::default(),
        );
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[1].slots[0].0, 0.0);
        assert_eq!(pages[0].kind, PageKind::ChapterOpening);
    }

    #[test]
    fn keeps_move_a_run_to_the_next_page() {
        // a heading (kept) then two paragraph lines: the first kept with the second
        let items = vec![
            line(false),
            line(false),
            line(true),
            line(true),
            line(false),
        ];
        // a 40 pt page would take four lines, but breaking after line 3 would strand the
        // heading; the last legal break is after the second line
        assert_eq!(breaks(&items, 40.0), vec![(0, 2), (2, 5)]);
    }

    #[test]
    fn an_unbreakable_run_taller_than_a_page_is_cut_where_it_overflows() {
        let items = vec![line(true), line(true), line(true), line(false)];
        assert_eq!(breaks(&items, 25.0), vec![(0, 2), (2, 4)]);
    }

    #[test]
    fn a_row_opening_a_page_brings_its_header() {
        let head = Slot {
            height: 12.0,
            keep_with_next: true,
            anchors: thin_vec::thin_vec![("t".into(), 0.0)],
            ..Slot::default()
        };
        let row = |repeat: bool| {
            FlowItem::Slot(Slot {
                height: 10.0,
                repeat: repeat.then(|| Box::new(head.clone())),
                ..Slot::default()
            })
        };
        let items = vec![
            FlowItem::Slot(head.clone()),
            row(false),
            row(true),
            row(true),
            row(true),
        ];
        // 12 + 10 + 10 on the first page; then header + two rows (12 + 10 + 10 <= 33)
        assert_eq!(breaks(&items, 33.0), vec![(0, 3), (3, 5)]);
        let pages = paginate(
            items,
            33.0,
            PageKind::Body,
            PageKind::Body,
            None,
            FootNotes::default(),
        );
        assert_eq!(pages.len(), 2);
        let (y, h) = &pages[1].slots[0];
        assert_eq!((*y, h.height), (0.0, 12.0));
        assert!(
            h.anchors.is_empty(),
            "the anchor stays with the first header"
        );
        assert_eq!(pages[1].slots[1].0, 12.0);
        assert_eq!(pages[1].slots.len(), 3);
    }

    #[test]
    fn a_line_whose_note_does_not_fit_moves_to_the_next_page_with_it() {
        use crate::typeset::flow::FootNote;
        let mut notes = FootNotes {
            rule: Slot {
                height: 4.0,
                ..Slot::default()
            },
            ..FootNotes::default()
        };
        notes.notes.insert(
            1,
            FootNote {
                items: vec![FlowItem::Slot(Slot {
                    height: 8.0,
                    ..Slot::default()
                })],
                height: 8.0,
                refs: vec![],
            },
        );
        let with_note = FlowItem::Slot(Slot {
            height: 10.0,
            notes: thin_vec::thin_vec![1],
            ..Slot::default()
        });
        // three lines fill 30 of 40; the third one's note needs 12 more
        let items = vec![line(false), line(false), with_note, line(false)];
        let r = breaks_with_notes(&items, 40.0, &notes);
        assert_eq!((r[0].start, r[0].end), (0, 2));
        assert!(r[0].notes.is_empty());
        assert_eq!((r[1].start, r[1].end, r[1].notes.clone()), (2, 4, vec![1]));
        let pages = paginate(items, 40.0, PageKind::Body, PageKind::Body, None, notes);
        // page 2: the line, the next line, then the rule and the note at the foot (40 - 12)
        let ys: Vec<f32> = pages[1].slots.iter().map(|(y, _)| *y).collect();
        assert_eq!(ys, vec![0.0, 10.0, 28.0, 32.0]);
        // without the note all three lines would have fit
        assert_eq!(
            breaks(&[line(false), line(false), line(false)], 40.0).len(),
            1
        );
    }

    #[test]
    fn spaces_at_a_page_top_are_dropped() {
        let items = vec![line(false), FlowItem::Space(5.0), line(false)];
        let pages = paginate(
            items,
            12.0,
            PageKind::Body,
            PageKind::Body,
            None,
            FootNotes::default(),
        );
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[1].slots.len(), 1);
        assert_eq!(pages[1].slots[0].0, 0.0);
    }
}
