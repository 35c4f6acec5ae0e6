//! Footnotes. Each note of a chapter is laid out on its own (the theme's footnote size, its
//! number hanging and linking back to the first reference), and the line that refers to it
//! carries its number (`Slot::notes`). Pagination then sets a page's notes at the foot of its
//! text block, under a short rule, and shrinks the room left for text by their height; a line
//! whose note does not fit moves to the next page with it (a note is never split). Notes that
//! nothing refers to, and notes taller than half the text block (which would empty the pages
//! they land on), are set at the chapter's end instead, as a list under a rule.

use crate::typeset::structure::Role;
use std::collections::{BTreeMap, BTreeSet};

use crate::model::Footnote;
use crate::theme::FontRole;
use crate::typeset::frame::LineKind;
use crate::typeset::text::Link;

use super::anchors::{footnote_anchor, reference_anchor};
use super::blocks::blocks;
use super::cx::FlowCx;
use super::lines::{hang, label};
use super::slot::{stack_into, FlowItem, Mark, Slot};

/// One note set apart for the foot of a page.
#[derive(Debug, Clone)]
pub struct FootNote {
    pub items: Vec<FlowItem>,
    pub height: f32,
    /// Notes referred to inside this one: they go on the same page.
    pub refs: Vec<u32>,
}

/// A chapter's notes for the page foot, by number.
#[derive(Debug, Clone, Default)]
pub struct FootNotes {
    pub notes: BTreeMap<u32, FootNote>,
    /// The rule above a page's notes, its slot's height taking the space around it.
    pub rule: Slot,
    /// Space between two notes.
    pub gap: f32,
}

impl FootNotes {
    /// The notes a slot referring to `refs` brings to a page, with the notes those refer to,
    /// in order of reference: none already set on an earlier page (`placed`) or on this one
    /// (`page`). Two sets, so that a page never copies the book's set of placed notes.
    pub fn brought(&self, refs: &[u32], placed: &BTreeSet<u32>, page: &BTreeSet<u32>) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        let mut todo: Vec<u32> = refs.iter().rev().copied().collect();
        while let Some(n) = todo.pop() {
            if placed.contains(&n) || page.contains(&n) || out.contains(&n) {
                continue;
            }
            if let Some(note) = self.notes.get(&n) {
                out.push(n);
                todo.extend(note.refs.iter().rev());
            }
        }
        out
    }

    /// Height of the foot area holding `notes` (nothing when there are none).
    pub fn area(&self, notes: &[u32]) -> f32 {
        if notes.is_empty() {
            return 0.0;
        }
        let text: f32 = notes
            .iter()
            .filter_map(|n| self.notes.get(n))
            .map(|n| n.height)
            .sum();
        self.rule.height + text + self.gap * (notes.len() - 1) as f32
    }

    /// The notes the slots of `items` bring to their page, given those set on earlier pages.
    pub fn of_page(&self, items: &[FlowItem], placed: &BTreeSet<u32>) -> Vec<u32> {
        let mut have = BTreeSet::new();
        let mut out = Vec::new();
        for item in items {
            if let FlowItem::Slot(s) = item {
                for n in self.brought(&s.notes, placed, &have) {
                    have.insert(n);
                    out.push(n);
                }
            }
        }
        out
    }

    /// Takes the slots of `notes` out, stacked under the rule from y = 0.
    pub fn take_stack(&mut self, notes: &[u32]) -> Vec<(f32, Slot)> {
        let mut out = vec![(0.0, self.rule.clone())];
        let mut y = self.rule.height;
        for (k, n) in notes.iter().enumerate() {
            let Some(note) = self.notes.remove(n) else {
                continue;
            };
            if k > 0 {
                y += self.gap;
            }
            y = stack_into(note.items, y, &mut out);
        }
        out
    }
}

impl FootNotes {
    /// Takes in the notes of another chapter (numbered apart, see `ChapterFlow::shift_notes`).
    pub fn absorb(&mut self, other: FootNotes) {
        if self.rule.height == 0.0 {
            self.rule = other.rule;
            self.gap = other.gap;
        }
        self.notes.extend(other.notes);
    }
}

/// A short rule over notes, in a slot `h` tall.
fn note_rule(cx: &FlowCx, h: f32, y: f32) -> Slot {
    Slot {
        height: h,
        marks: thin_vec::thin_vec![Mark::Fill {
            x: 0.0,
            y,
            w: (cx.measure * 0.25).round(),
            h: 0.5,
            color: cx.pal.rule,
        }],
        ..Slot::default()
    }
}

/// One note: its blocks with its number hanging, linking back to the first reference; its
/// anchor on its first line.
fn note_items(cx: &mut FlowCx, chapter: usize, note: &Footnote) -> Vec<FlowItem> {
    let em = cx.em();
    let style = cx.note_style();
    let inner = cx.full().inset(1.6 * em, 0.0);
    let mut out = Vec::new();
    // in the reading order, the note follows the text that first refers to it
    let owner = cx.note_owner(note.number);
    let element = cx.add_element(Role::Note, owner, None);
    cx.reopen(element);
    blocks(cx, &note.blocks, &inner, style, &mut out);
    let muted = cx.pal.muted;
    // its number is the link back to the reference
    let back_link = cx.open(Role::Link);
    let num = label(
        cx,
        &format!("{}.", note.number),
        FontRole::Body,
        style.size,
        muted,
        LineKind::Marker,
        note.span,
    );
    let right = inner.x - 0.4 * em;
    let back = Mark::Link {
        x0: right - num.width(),
        y0: 0.0,
        x1: right,
        y1: style.leading,
        target: Link::Internal(reference_anchor(chapter, note.number).into()),
        tag: back_link,
    };
    cx.close(element);
    hang(cx, &mut out, 0, num, right, &inner, style);
    if let Some(FlowItem::Slot(s)) = out.iter_mut().find(|i| matches!(i, FlowItem::Slot(_))) {
        s.marks.push(back);
        s.anchors.push((footnote_anchor(chapter, note.number), 0.0));
    }
    out
}

/// Every note of the chapter laid out, by number, with the notes each refers to.
fn laid_out(cx: &mut FlowCx, chapter: usize) -> BTreeMap<u32, FootNote> {
    let doc = cx.doc;
    let mut laid: BTreeMap<u32, FootNote> = BTreeMap::new();
    for note in &doc.chapters[chapter].footnotes {
        let items = note_items(cx, chapter, note);
        let height = items.iter().map(FlowItem::height).sum();
        let mut refs = Vec::new();
        for i in &items {
            if let FlowItem::Slot(s) = i {
                refs.extend(s.notes.iter().filter(|n| **n != note.number));
            }
        }
        laid.insert(
            note.number,
            FootNote {
                items,
                height,
                refs,
            },
        );
    }
    laid
}

/// The notes for the page foot: those referred to from `out`, directly or through another
/// foot note, and no taller than `limit`.
fn foot_set(out: &[FlowItem], laid: &BTreeMap<u32, FootNote>, limit: f32) -> BTreeSet<u32> {
    let mut foot: BTreeSet<u32> = BTreeSet::new();
    let mut todo: Vec<u32> = out
        .iter()
        .filter_map(|i| match i {
            FlowItem::Slot(s) => Some(s.notes.clone()),
            FlowItem::Space(_) => None,
        })
        .flatten()
        .collect();
    while let Some(n) = todo.pop() {
        match laid.get(&n) {
            Some(note) if note.height <= limit && foot.insert(n) => {
                todo.extend(note.refs.iter().copied())
            }
            _ => {}
        }
    }
    foot
}

/// Lays out the chapter's notes: those referred to in `out` (or in such a note) go to the
/// page foot, the others are set at the end of `out`. Every slot is left naming only the foot
/// notes it refers to.
pub(super) fn notes(cx: &mut FlowCx, chapter: usize, out: &mut Vec<FlowItem>) -> FootNotes {
    let em = cx.em();
    let laid = laid_out(cx, chapter);
    // referred to from the text, directly or through another foot note, and short enough
    let foot = foot_set(out, &laid, cx.body_height * 0.5);
    let (foot_notes, end): (BTreeMap<u32, FootNote>, BTreeMap<u32, FootNote>) =
        laid.into_iter().partition(|(n, _)| foot.contains(n));
    if !end.is_empty() {
        let region = cx.full();
        cx.push_space(out, 1.4 * em, &region);
        let mut rule = note_rule(cx, 0.9 * em, 0.3 * em);
        rule.keep_with_next = true;
        out.push(FlowItem::Slot(rule));
        for (k, (_, note)) in end.into_iter().enumerate() {
            if k > 0 {
                out.push(FlowItem::Space(0.3 * em));
            }
            out.extend(note.items);
        }
    }
    let mut notes = FootNotes {
        notes: foot_notes,
        rule: note_rule(cx, 1.3 * em, 0.8 * em),
        gap: 0.25 * em,
    };
    let keep = |s: &mut Slot| s.notes.retain(|n| foot.contains(n));
    for item in out.iter_mut() {
        if let FlowItem::Slot(s) = item {
            keep(s);
        }
    }
    for note in notes.notes.values_mut() {
        for item in note.items.iter_mut() {
            if let FlowItem::Slot(s) = item {
                keep(s);
            }
        }
        note.refs.retain(|n| foot.contains(n));
    }
    notes
}
