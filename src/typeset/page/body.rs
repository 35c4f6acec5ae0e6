//! The body's pages: the chapters' flows cut into pages as `chapter_break` says — each
//! chapter on a new page (`page`), on a recto after a true blank if need be (`recto`), all
//! running on in one flow with space above each title (`none`), or as [`runs_on`] decides
//! (`auto`).

use crate::config::ChapterBreak;
use crate::model::Document;
use crate::typeset::flow::{ChapterFlow, FlowItem, FootNotes, Slot};
use crate::typeset::frame::PageKind;
use crate::typeset::page::paginate::{paginate, paginate_run_on, ChapterStart, PageBox};

/// The body's pages for the chapters' `flows` (in order), body lines `leading` apart on a
/// text block `block` high.
pub fn body_pages(
    flows: Vec<ChapterFlow>,
    doc: &Document,
    chapter_break: ChapterBreak,
    leading: f32,
    block: f32,
) -> Vec<PageBox> {
    let run_on = match chapter_break {
        ChapterBreak::None => true,
        ChapterBreak::Page | ChapterBreak::Recto => false,
        ChapterBreak::Auto => {
            let lengths: Vec<f32> = flows
                .iter()
                .zip(&doc.chapters)
                .filter(|(_, ch)| !ch.untitled)
                .map(|(f, _)| f.length())
                .collect();
            runs_on(&lengths, block)
        }
    };
    if run_on {
        return run_on_pages(flows, doc, RUN_ON_LINES * leading, block);
    }
    let recto = chapter_break == ChapterBreak::Recto;
    let mut body: Vec<PageBox> = Vec::new();
    for (c, mut flow) in flows.into_iter().enumerate() {
        // the front matter has an even number of pages: an even body index is a recto
        if recto && !body.len().is_multiple_of(2) {
            body.push(blank());
        }
        if !doc.chapters[c].untitled {
            flow.items.insert(0, FlowItem::Slot(sink(block)));
        }
        body.extend(paginate(
            flow.items,
            block,
            PageKind::ChapterOpening,
            PageKind::Body,
            Some(c),
            flow.notes,
        ));
    }
    body
}

/// Whether the chapters of a book run on under `chapter_break = "auto"`, from `lengths`, the
/// set height of each titled chapter (title, rule, text, end notes and foot notes, in pt; the
/// untitled opening not counted): they run on when the median of them (the mean of the two
/// middle ones for an even count) is less than `block`, one text block's height; otherwise
/// every chapter opens on a new page. A book without titled chapters runs on.
pub fn runs_on(lengths: &[f32], block: f32) -> bool {
    let mut l = lengths.to_vec();
    l.sort_by(f32::total_cmp);
    let n = l.len();
    if n == 0 {
        return true;
    }
    let median = if n % 2 == 1 {
        l[n / 2]
    } else {
        (l[n / 2 - 1] + l[n / 2]) / 2.0
    };
    median < block
}

/// Lines of body text above a chapter's title when chapters run on.
const RUN_ON_LINES: f32 = 2.0;

/// The space that sinks a chapter's title on a page of its own.
fn sink(body_height: f32) -> Slot {
    Slot {
        height: (body_height * 0.14).round(),
        keep_with_next: true,
        ..Slot::default()
    }
}

/// The chapters set one after the other in one flow, `space` above each title (dropped at a
/// page top, like any space: a title there lines up with the text of the other pages), their
/// notes numbered apart so they can share pages.
fn run_on_pages(flows: Vec<ChapterFlow>, doc: &Document, space: f32, block: f32) -> Vec<PageBox> {
    let mut items: Vec<FlowItem> = Vec::new();
    let mut notes = FootNotes::default();
    let mut starts = Vec::new();
    for (c, mut flow) in flows.into_iter().enumerate() {
        if !doc.chapters[c].untitled {
            flow.items.insert(0, FlowItem::Space(space));
        }
        // chapter `c`'s note `n` becomes `c << 20 | n`
        flow.shift_notes((c as u32) << 20);
        let first = flow
            .items
            .iter()
            .position(|i| !i.discardable())
            .unwrap_or(0);
        if first < flow.items.len() {
            starts.push(ChapterStart {
                item: items.len() + first,
                chapter: c,
            });
        }
        items.extend(flow.items);
        notes.absorb(flow.notes);
    }
    paginate_run_on(items, block, notes, &starts)
}

/// A true blank page: no running head, no folio (it still counts in the page labels).
pub fn blank() -> PageBox {
    PageBox {
        kind: PageKind::Blank,
        chapter: None,
        slots: Vec::new(),
    }
}
