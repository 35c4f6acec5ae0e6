//! The table of contents: chapters and their second-level headings (indented, muted), dot
//! leaders aligned on one grid from the right edge, page numbers flush right, every entry a
//! link to its heading. A flow, paginated like a chapter.

use crate::diag::Span;
use crate::theme::FontRole;
use crate::typeset::frame::{FrameGlyph, FrameRun, FrameText, LineInfo, LineKind};
use crate::typeset::structure::{Role, Tag};
use crate::typeset::text::{shape, Shaped};
use crate::typeset::text::{Link, ParaAlign, SetLine};

use super::cx::{FlowCx, Style};
use super::lines::{baseline, label, line_slot, set_lines, set_pieces};
use super::pieces::piece;
use super::slot::{FlowItem, Mark, Slot};

/// One line of the contents.
#[derive(Debug, Clone, PartialEq)]
pub struct TocEntry {
    /// 1 for a chapter, 2 for a heading in it.
    pub level: u8,
    pub title: String,
    /// The anchor of the heading (the entry links to it).
    pub id: String,
    /// The page label the heading is on.
    pub label: String,
}

/// The contents as a flow (paginated like a chapter).
pub fn contents(cx: &mut FlowCx, entries: &[TocEntry]) -> Vec<FlowItem> {
    let em = cx.em();
    cx.begin_part(1);
    let sect = cx.open(Role::Sect);
    let mut out = Vec::new();
    out.push(FlowItem::Slot(Slot {
        height: (cx.body_height * 0.14).round(),
        keep_with_next: true,
        ..Slot::default()
    }));
    let size = cx.theme.heading_sizes[0];
    let head = cx.heading_style(size, 1.2, LineKind::Contents);
    let region = cx.full();
    let p = piece(cx, "Contents", head, None, Span::default());
    let first = out.len();
    let h1 = cx.open(Role::H(1));
    set_pieces(cx, &[p], Span::default(), &region, head, &mut out);
    cx.close(h1);
    if let Some(FlowItem::Slot(s)) = out.get_mut(first) {
        s.keep_with_next = true;
        s.anchors.push(("contents".into(), 0.0));
    }
    out.push(FlowItem::Space(2.0 * em));
    let dot = shape(cx.store, ".", FontRole::Body, em);
    let toc = cx.open(Role::TOC);
    for (k, e) in entries.iter().enumerate() {
        if e.level <= 1 && k > 0 {
            out.push(FlowItem::Space(0.5 * em));
        }
        let keep = e.level <= 1 && entries.get(k + 1).is_some_and(|x| x.level > 1);
        let item = cx.open(Role::TOCI);
        let link = cx.open(Role::Link);
        entry(cx, e, keep, &dot, &mut out);
        cx.close(link);
        cx.close(item);
    }
    cx.close(toc);
    cx.close(sect);
    out
}

/// The lines of one entry, the last with its leaders and page number; all kept together,
/// and a chapter's with its first heading when `keep`.
fn entry(cx: &mut FlowCx, e: &TocEntry, keep: bool, dot: &Shaped, out: &mut Vec<FlowItem>) {
    let em = cx.em();
    let num_col = 2.2 * em;
    let plain = Style {
        kind: LineKind::Contents,
        align: ParaAlign::Left,
        hyphenate: false,
        ..cx.body()
    };
    let (indent, style) = if e.level <= 1 {
        (0.0, plain)
    } else {
        let s = Style {
            color: cx.pal.muted,
            ..plain
        };
        (1.5 * em, s)
    };
    let p = piece(cx, &e.title, style, None, Span::default());
    let width = cx.measure - indent - num_col - 1.0 * em;
    let lines = set_lines(cx, &[p], width, style);
    let n = lines.len();
    for (i, line) in lines.into_iter().enumerate() {
        let line_width = line.width;
        let mut slot = entry_line(cx, line, indent, style, &e.id);
        if i + 1 == n {
            let base = baseline(cx, style);
            let mut num = label(
                cx,
                &e.label,
                FontRole::Body,
                style.size,
                style.color,
                LineKind::Contents,
                Span::default(),
            );
            num.x = cx.measure - num.width();
            num.baseline = base;
            // leaders on a grid from the right edge, so they line up down the page
            let from = indent + line_width + 0.6 * em;
            let to = cx.measure - num_col;
            if let Some(mut leader) = leaders(cx, dot, from, to, style, base) {
                leader.tag = Tag::ARTIFACT;
                slot.marks.push(Mark::Text(leader));
            }
            slot.marks.push(Mark::Text(num));
        }
        slot.keep_with_next = i + 1 < n || keep;
        out.push(FlowItem::Slot(slot));
    }
}

/// One line of an entry at `indent`, the whole width linking to the heading `id`.
fn entry_line(cx: &mut FlowCx, line: SetLine, indent: f32, style: Style, id: &str) -> Slot {
    let mut slot = line_slot(
        cx,
        line,
        indent,
        style,
        LineInfo::plain(LineKind::Contents),
        Span::default(),
    );
    slot.marks.push(Mark::Link {
        x0: indent,
        y0: 0.0,
        x1: cx.measure,
        y1: style.leading,
        target: Link::Internal(id.into()),
        tag: cx.tag(),
    });
    slot
}

/// Dot leaders from `from` to `to` on the baseline `base`: dots every 0.6 em counted from
/// `to` leftwards, so that the leaders of every entry line up; none when there is no room.
fn leaders(
    cx: &mut FlowCx,
    dot: &Shaped,
    from: f32,
    to: f32,
    style: Style,
    base: f32,
) -> Option<FrameText> {
    let em = cx.em();
    let pitch = 0.6 * em;
    let mut glyphs = Vec::new();
    let mut x = to - pitch;
    while x >= from {
        for g in &dot.glyphs {
            glyphs.push(FrameGlyph {
                gid: g.gid,
                x: x - from,
                y: 0.0,
                advance: g.advance,
                len: g.text.len() as u16,
            });
        }
        x -= pitch;
    }
    glyphs.reverse();
    let g = dot.glyphs.first().filter(|_| !glyphs.is_empty())?;
    let muted = cx.pal.muted;
    let mut leader = label(
        cx,
        "",
        FontRole::Body,
        style.size,
        muted,
        LineKind::Contents,
        Span::default(),
    );
    let dots: String = dot.glyphs.iter().map(|g| g.text.as_str()).collect();
    leader.text = dots.repeat(glyphs.len() / dot.glyphs.len().max(1));
    leader.runs = vec![FrameRun {
        face: g.face,
        size: em,
        color: muted,
        glyphs,
    }];
    leader.x = from;
    leader.baseline = base;
    Some(leader)
}
