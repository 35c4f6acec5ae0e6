//! Blocks: a run of blocks with the spacing between them (an avoid group directly followed
//! by a try group is kept on one page when it fits), each block sent to what sets its kind,
//! and the blocks that hold blocks — lists with hanging markers (one theme glyph and colour
//! per list kind, the same everywhere), nested lists further in, and block quotes, indented
//! with a thin rule at their left. Headings, sayings, code, tables and figures are set in
//! files of their own, footnotes in `notes`.

use thin_vec::ThinVec;

use crate::model::{plain_text, Block, BlockKind, List, ListItem, ListKind, SayingKind};
use crate::parse::saying_lead_kind;
use crate::theme::{FontRole, READS_AVOID, READS_DONE, READS_NOT_DONE};
use crate::typeset::frame::{FieldKind, FrameText, LineKind};
use crate::typeset::structure::{Extra, Role, Tag};

use super::code::code;
use super::cx::{color, Band, FieldFor, FlowCx, Region, Style};
use super::deco::WRITING_RULE;
use super::figure::figure;
use super::heading::heading;
use super::lines::{hang, label, paragraph};
use super::sayings::sayings;
use super::slot::{keep_all, keep_together_if_fits, FlowItem, Mark, Slot};
use super::table::table;

/// Lays out a run of blocks with the spacing between them.
pub(super) fn blocks(
    cx: &mut FlowCx,
    blocks: &[Block],
    region: &Region,
    style: Style,
    out: &mut Vec<FlowItem>,
) {
    let gap = cx.theme.paragraph_spacing * style.size;
    let mut i = 0;
    while i < blocks.len() {
        let b = &blocks[i];
        if i > 0 {
            let h = match &b.kind {
                BlockKind::Heading { level, .. } if *level <= 2 => 1.6 * cx.em(),
                BlockKind::Heading { .. } => 1.1 * cx.em(),
                _ => gap,
            };
            cx.push_space(out, h, region);
        }
        // An avoid group directly followed by a try group stays on one page when it fits.
        if let (BlockKind::Sayings(a), Some(next)) = (&b.kind, blocks.get(i + 1)) {
            if let BlockKind::Sayings(t) = &next.kind {
                if a.kind == SayingKind::Avoid && t.kind == SayingKind::Try {
                    let start = out.len();
                    sayings(cx, a, b.span, region, style, out);
                    cx.push_space(out, gap, region);
                    sayings(cx, t, next.span, region, style, out);
                    keep_together_if_fits(&mut out[start..], cx.body_height);
                    i += 2;
                    continue;
                }
            }
        }
        block(cx, b, region, style, out);
        i += 1;
    }
}

/// One block.
fn block(cx: &mut FlowCx, b: &Block, region: &Region, style: Style, out: &mut Vec<FlowItem>) {
    match &b.kind {
        BlockKind::Heading {
            level, id, content, ..
        } => heading(cx, *level, id, content, b.span, region, out),
        BlockKind::Paragraph(inl) => {
            let p = cx.open(Role::P);
            paragraph(cx, inl, b.span, region, style, out);
            cx.close(p);
        }
        BlockKind::Figure { image, caption } => {
            figure(cx, image, caption, b.span, region, style, out)
        }
        BlockKind::List(l) => list(cx, l, 0, region, style, out),
        BlockKind::Sayings(s) => {
            let start = out.len();
            sayings(cx, s, b.span, region, style, out);
            keep_together_if_fits(&mut out[start..], cx.body_height);
        }
        BlockKind::BlockQuote(inner) => quote(cx, inner, region, style, out),
        BlockKind::CodeBlock { text, .. } => code(cx, text, b.span, region, out),
        BlockKind::Table(t) => table(cx, t, b.span, region, style, out),
        BlockKind::ThematicBreak => {
            let w = 4.0 * cx.em();
            let h = 1.6 * cx.em();
            let slot = Slot {
                height: h,
                marks: thin_vec::thin_vec![Mark::Fill {
                    x: region.x + (region.width - w) / 2.0,
                    y: h / 2.0,
                    w,
                    h: 0.6,
                    color: cx.pal.rule,
                }],
                ..Slot::default()
            };
            cx.push_slot(out, slot, region);
        }
    }
}

/// What a list's markers read as in the tagged PDF, where the glyph alone says nothing a
/// listener needs (the same words as the EPUB's labels): a tick is "done", a cross "avoid",
/// a task's box "done" or "not done". Bullets and numbers read as themselves.
pub(super) fn marker_words(list: &List, item: &ListItem) -> Option<&'static str> {
    match list.kind {
        ListKind::Bullet | ListKind::Ordered { .. } => None,
        ListKind::Check => Some(READS_DONE),
        ListKind::Avoid => Some(READS_AVOID),
        ListKind::Task if item.checked == Some(true) => Some(READS_DONE),
        ListKind::Task => Some(READS_NOT_DONE),
    }
}

/// The marker of item `k` of a list: glyph, font, colour from the theme.
fn marker(cx: &mut FlowCx, list: &List, item: &ListItem, k: usize, style: Style) -> FrameText {
    let m = &cx.theme.markers;
    let (text, role, color_name, size) = match list.kind {
        ListKind::Bullet => (
            m.bullet.glyph.clone(),
            FontRole::Sans,
            &m.bullet.color,
            style.size,
        ),
        ListKind::Ordered { start } => (
            format!("{}.", start + k as u64),
            FontRole::Body,
            &cx.theme.colors.heading,
            style.size,
        ),
        ListKind::Check => (
            m.check.glyph.clone(),
            FontRole::Sans,
            &m.check.color,
            style.size * 0.95,
        ),
        ListKind::Avoid => (
            m.avoid.glyph.clone(),
            FontRole::Sans,
            &m.avoid.color,
            style.size * 0.95,
        ),
        // (in a fillable PDF every box is drawn open: its field draws the tick, which the
        // reader may take away)
        ListKind::Task => match item.checked {
            Some(true) if !cx.fillable => {
                ("☑".to_string(), FontRole::Sans, &m.check.color, style.size)
            }
            _ => (
                m.task_open.glyph.clone(),
                FontRole::Sans,
                &m.task_open.color,
                style.size,
            ),
        },
    };
    let c = color(color_name);
    label(cx, &text, role, size, c, LineKind::Marker, item.span)
}

/// A list: its lead-in kept with it, items with hanging markers, nested lists further in.
fn list(
    cx: &mut FlowCx,
    list: &List,
    depth: u32,
    region: &Region,
    style: Style,
    out: &mut Vec<FlowItem>,
) {
    let em = style.size;
    let mut lead_kind = None;
    if let Some(lead) = &list.lead {
        let lead_style = Style {
            kind: LineKind::Lead,
            ..style
        };
        let p = cx.open(Role::P);
        let first = paragraph(cx, &lead.content, lead.span, region, lead_style, out);
        cx.close(p);
        keep_all(&mut out[first..]);
        cx.keep_next(1);
        cx.push_space(out, 0.3 * em, region);
        lead_kind = saying_lead_kind(&plain_text(&lead.content));
    }
    let name = match list.answer_lines {
        Some(_) => Some(cx.theme.reflection.label.clone()),
        None => cx.theme.list_name(list.kind, lead_kind).map(str::to_string),
    };
    let element = cx.open_with(
        Role::L,
        Extra {
            title: name,
            ..Extra::default()
        },
    );
    let indent = cx.theme.list_indent * em;
    let inner = region.nest(indent, 0.0, NESTED_MEASURE_MIN * em);
    let gap = if list.tight {
        0.2 * em
    } else {
        cx.theme.paragraph_spacing * em
    };
    for (k, item) in list.items.iter().enumerate() {
        if k > 0 {
            cx.push_space(out, gap, region);
        }
        let start = out.len();
        let li = cx.open(Role::LI);
        let words = marker_words(list, item).map(|w| Extra {
            actual_text: Some(w.to_string()),
            ..Extra::default()
        });
        let lbl = cx.add_element(Role::Lbl, None, words);
        let body = cx.open(Role::LBody);
        item_blocks(cx, &item.blocks, depth, &inner, style, out);
        cx.close(body);
        cx.reopen(lbl);
        let m = marker(cx, list, item, k, style);
        cx.close(lbl);
        hang(cx, out, start, m, inner.x - 0.45 * em, &inner, style);
        if cx.fillable && list.kind == ListKind::Task {
            task_field(cx, &mut out[start..], item, li);
        }
        if let Some(lines) = list.answer_lines {
            answer_space(cx, out, lines, &inner, style, (item, li));
        }
        cx.close(li);
    }
    cx.close(element);
}

/// A reflection question's answer space: `lines` ruled lines under it, a body line apart, in
/// the rule colour, across the item's measure; drawn, so an artifact in the tagged PDF. The
/// question's last line is kept with them and they with each other: never a question at a
/// page's foot with its lines overleaf.
fn answer_space(
    cx: &mut FlowCx,
    out: &mut Vec<FlowItem>,
    lines: u8,
    region: &Region,
    style: Style,
    (question, li): (&ListItem, Tag),
) {
    if let Some(FlowItem::Slot(last)) = out
        .iter_mut()
        .rev()
        .find(|i| matches!(i, FlowItem::Slot(_)))
    {
        last.keep_with_next = true;
    }
    let leading = cx.body().leading.max(style.leading);
    let height = leading * f32::from(lines);
    let marks = ruled_lines(cx, region.x, region.width, u32::from(lines), leading);
    let mut slot = Slot {
        height,
        marks,
        ..Slot::default()
    };
    let multiline = FieldKind::Text {
        multiline: true,
        size: cx.em(),
    };
    let rect = (region.x, 0.0, region.x + region.width, height);
    let asks = item_text(question);
    if let Some(f) = cx.field(FieldFor::Question, multiline, rect, &asks, Some(li)) {
        slot.marks.push(f);
    }
    cx.push_slot(out, slot, region);
}

/// What a list item says, as plain text (its paragraphs one after another).
fn item_text(item: &ListItem) -> String {
    let mut text = String::new();
    for b in &item.blocks {
        if let BlockKind::Paragraph(inl) = &b.kind {
            text.push_str(&plain_text(inl));
            text.push(' ');
        }
    }
    text
}

/// A fillable PDF's box to tick over a task item's marker (in the first of `items` that
/// holds it), named for the task and ticked as the Markdown says.
fn task_field(cx: &mut FlowCx, items: &mut [FlowItem], item: &ListItem, li: Tag) {
    let size = cx.em();
    for it in items {
        let FlowItem::Slot(slot) = it else { continue };
        let Some((x, base, w)) = slot.marks.iter().find_map(|m| match m {
            Mark::Text(t) if t.info.kind == LineKind::Marker => Some((t.x, t.baseline, t.width())),
            _ => None,
        }) else {
            continue;
        };
        // a square round the glyph, a little larger than it
        let side = (0.9 * size).max(w);
        let x0 = x + w / 2.0 - side / 2.0;
        let y0 = base - 0.75 * size;
        let on = item.checked == Some(true);
        let check = FieldKind::Check { on };
        let asks = item_text(item);
        let rect = (x0, y0, x0 + side, y0 + side);
        if let Some(f) = cx.field(FieldFor::Task, check, rect, &asks, Some(li)) {
            slot.marks.push(f);
        }
        return;
    }
}

/// `lines` lines to write on, `leading` apart, from `x`, `w` wide, in the rule colour (drawn:
/// artifacts), each a quarter of a line above the foot of its line: a question's answer
/// space and a notes page alike.
pub(super) fn ruled_lines(cx: &FlowCx, x: f32, w: f32, lines: u32, leading: f32) -> ThinVec<Mark> {
    (1..=lines)
        .map(|k| Mark::Fill {
            x,
            y: leading * k as f32 - 0.25 * leading,
            w,
            h: WRITING_RULE,
            color: cx.pal.rule,
        })
        .collect()
}

/// The narrowest measure nesting leaves, in em: about a dozen levels of lists on a trade page.
const NESTED_MEASURE_MIN: f32 = 12.0;

/// The blocks of a list item: nested lists go one level deeper.
fn item_blocks(
    cx: &mut FlowCx,
    blocks: &[Block],
    depth: u32,
    region: &Region,
    style: Style,
    out: &mut Vec<FlowItem>,
) {
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 {
            cx.push_space(out, 0.3 * style.size, region);
        }
        match &b.kind {
            BlockKind::List(l) => list(cx, l, depth + 1, region, style, out),
            // an item of one paragraph is its text: the item's body holds it directly
            BlockKind::Paragraph(inl) if blocks.len() == 1 => {
                paragraph(cx, inl, b.span, region, style, out);
            }
            _ => block(cx, b, region, style, out),
        }
    }
}

/// A block quote: indented, with a thin rule at its left.
fn quote(cx: &mut FlowCx, inner: &[Block], region: &Region, style: Style, out: &mut Vec<FlowItem>) {
    let em = style.size;
    let ruled = region.with_band(Band {
        x: region.x + 0.3 * em,
        w: 1.4,
        color: cx.pal.rule,
    });
    let r = ruled.nest(1.5 * em, 0.8 * em, NESTED_MEASURE_MIN * em);
    let s = Style {
        color: cx.pal.muted,
        ..style
    };
    let element = cx.open(Role::BlockQuote);
    blocks(cx, inner, &r, s, out);
    cx.close(element);
}
