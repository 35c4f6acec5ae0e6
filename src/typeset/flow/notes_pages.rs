//! The ruled notes pages a workbook ends with (`[workbook] notes_pages`): the first titled
//! like a chapter (`theme.reflection.notes_title`, in the outline), every one ruled to the
//! foot of the text block at the body's line height in the rule colour, as a question's
//! answer lines are; in a fillable PDF each page is one many-line field. Set whole, not
//! paginated: they are pages, not text that flows.

use crate::diag::Span;
use crate::model::Inline;
use crate::typeset::frame::{FieldKind, LineKind, PageKind};
use crate::typeset::structure::Role;

use super::blocks::ruled_lines;
use super::cx::{FieldFor, FlowCx};
use super::lines::paragraph;
use super::slot::{stack_into, FlowItem, Slot};
use super::title::FrontPage;

/// The anchor of the first notes page (its outline entry goes there).
pub const NOTES_ANCHOR: &str = "guidebuild-notes-pages";

/// `count` ruled notes pages, the first one titled.
pub fn notes_pages(cx: &mut FlowCx, count: u16) -> Vec<FrontPage> {
    if count == 0 {
        return Vec::new();
    }
    cx.begin_notes();
    let sect = cx.open(Role::Sect);
    let mut pages = Vec::with_capacity(usize::from(count));
    for n in 1..=count {
        let mut items = Vec::new();
        if n == 1 {
            title(cx, &mut items);
        }
        let mut slots = Vec::new();
        let y = stack_into(items, 0.0, &mut slots);
        slots.push((y, ruled(cx, cx.body_height - y, n)));
        pages.push(FrontPage {
            kind: if n == 1 {
                PageKind::ChapterOpening
            } else {
                PageKind::Body
            },
            slots,
        });
    }
    cx.close(sect);
    pages
}

/// The notes pages' title, as a chapter's, with the outline entry and its anchor.
fn title(cx: &mut FlowCx, out: &mut Vec<FlowItem>) {
    let size = cx.theme.heading_sizes[0];
    let style = cx.heading_style(size, 1.2, LineKind::Heading(1));
    let text = vec![Inline::text(
        cx.theme.reflection.notes_title.clone(),
        Span::default(),
    )];
    let region = cx.full();
    let h1 = cx.open(Role::H(1));
    let first = paragraph(cx, &text, Span::default(), &region, style, out);
    cx.close(h1);
    if let Some(FlowItem::Slot(s)) = out.get_mut(first) {
        s.anchors.push((NOTES_ANCHOR.to_string(), 0.0));
        let t = cx.theme.reflection.notes_title.clone();
        s.outline.push((1, t, NOTES_ANCHOR.to_string(), 0.0));
    }
    out.push(FlowItem::Space(cx.em()));
}

/// A slot of `height` ruled a body line apart (drawn, an artifact), with page `n`'s field.
fn ruled(cx: &mut FlowCx, height: f32, n: u16) -> Slot {
    let leading = cx.body().leading;
    let lines = (height / leading).floor().max(0.0) as u32;
    let mut marks = ruled_lines(cx, 0.0, cx.measure, lines, leading);
    let kind = FieldKind::Text {
        multiline: true,
        size: cx.em(),
    };
    let asks = format!("{}, page {n}", cx.theme.reflection.notes_title);
    let rect = (0.0, 0.0, cx.measure, leading * lines as f32);
    if let Some(f) = cx.field(FieldFor::NotesPage, kind, rect, &asks, None) {
        marks.push(f);
    }
    Slot {
        height,
        marks,
        ..Slot::default()
    }
}
