//! Chapters: a chapter opens with its title and a short rule (the untitled opening with
//! neither, its first slot carrying the chapter's anchors instead), then its blocks; its
//! footnotes are set apart for the page foot (or at its end, see `notes`).

use crate::typeset::frame::LineKind;
use crate::typeset::structure::{Role, StructNode};

use super::blocks::blocks;
use super::cx::{FlowCx, Region};
use super::lines::paragraph;
use super::notes::{notes, FootNotes};
use super::slot::{FlowItem, Mark, Slot};

/// The chapter's flow and its notes for the page foot.
#[derive(Debug, Clone)]
pub struct ChapterFlow {
    pub items: Vec<FlowItem>,
    pub notes: FootNotes,
    /// The chapter's structure elements, its `Sect` first.
    pub structure: Vec<StructNode>,
}

impl ChapterFlow {
    /// How tall the chapter is once set: its flow (title and rule included) and its foot
    /// notes, one under the other.
    pub fn length(&self) -> f32 {
        let flow: f32 = self.items.iter().map(FlowItem::height).sum();
        let notes: f32 = self.notes.notes.values().map(|n| n.height).sum();
        flow + notes
    }

    /// Adds `by` to every note number (in the notes, their cross-references and the slots
    /// referring to them), so that the notes of several chapters can share one flow.
    pub fn shift_notes(&mut self, by: u32) {
        let shift = |items: &mut Vec<FlowItem>| {
            for item in items.iter_mut() {
                if let FlowItem::Slot(s) = item {
                    for n in s.notes.iter_mut() {
                        *n += by;
                    }
                }
            }
        };
        shift(&mut self.items);
        let old = std::mem::take(&mut self.notes.notes);
        for (n, mut note) in old {
            shift(&mut note.items);
            for r in note.refs.iter_mut() {
                *r += by;
            }
            self.notes.notes.insert(n + by, note);
        }
    }
}

/// The chapter: its title and a short rule (nothing for the untitled opening, whose first
/// slot carries the chapter's anchors instead), then its blocks; its footnotes apart for the
/// page foot (or at its end, see `notes`). The space above the title — sunk on a page of its
/// own, a few lines when chapters run on — is the caller's (`typeset`).
pub(super) fn chapter(cx: &mut FlowCx, index: usize) -> ChapterFlow {
    let doc = cx.doc;
    let ch = &doc.chapters[index];
    cx.begin_chapter(index);
    let sect = cx.open(Role::Sect);
    cx.heading_level = u8::from(!ch.untitled);
    let mut out = Vec::new();
    let region = cx.full();
    if ch.untitled {
        let body = cx.body();
        blocks(cx, &ch.blocks, &region, body, &mut out);
        if let Some(FlowItem::Slot(s)) = out.iter_mut().find(|i| matches!(i, FlowItem::Slot(_))) {
            s.anchors.insert(0, (ch.id.clone(), 0.0));
            s.anchors.insert(0, (ch.heading_id.clone(), 0.0));
        }
    } else {
        title(cx, index, &mut out);
        let body = cx.body();
        blocks(cx, &ch.blocks, &region, body, &mut out);
    }
    cx.clear_keep();
    let notes = notes(cx, index, &mut out);
    cx.clear_keep();
    cx.close(sect);
    ChapterFlow {
        items: out,
        notes,
        structure: cx.take_structure(),
    }
}

/// The title of chapter `index` and the short rule under it, kept with what follows.
fn title(cx: &mut FlowCx, index: usize, out: &mut Vec<FlowItem>) {
    let doc = cx.doc;
    let ch = &doc.chapters[index];
    let size = cx.theme.heading_sizes[0];
    let style = cx.heading_style(size, 1.2, LineKind::ChapterTitle);
    let title_region = Region {
        x: 0.0,
        width: cx.measure,
        bands: Vec::new(),
    };
    let h1 = cx.open(Role::H(1));
    let first = paragraph(cx, &ch.title, ch.span, &title_region, style, out);
    cx.close(h1);
    for (k, item) in out[first..].iter_mut().enumerate() {
        if let FlowItem::Slot(s) = item {
            s.keep_with_next = true;
            if k == 0 {
                s.anchors.push((ch.heading_id.clone(), 0.0));
                s.anchors.push((ch.id.clone(), 0.0));
                s.outline
                    .push((1, ch.title_text.clone(), ch.heading_id.clone(), 0.0));
            }
        }
    }
    let em = cx.em();
    let rule = Slot {
        height: 2.2 * em,
        marks: thin_vec::thin_vec![Mark::Fill {
            x: 0.0,
            y: 0.8 * em,
            w: 2.5 * em,
            h: 1.6,
            color: cx.pal.heading,
        }],
        keep_with_next: true,
        ..Slot::default()
    };
    out.push(FlowItem::Slot(rule));
    cx.keep_next(1);
}
