//! Text lines: set paragraphs become slots with their widow/orphan keeps, one-off strings
//! (markers, folios, numbers) are shaped as labels and hung left of a block's first line, and
//! the hyphens the setter added are marked as soft hyphens so extracted text joins the word.

use crate::diag::{Diagnostic, Span};
use crate::model::Inline;
use crate::theme::FontRole;
use crate::typeset::frame::{
    FieldKind, FrameGlyph, FrameRun, FrameText, LineInfo, LineKind, ParaPos, Rgb,
};
use crate::typeset::structure::Tag;
use crate::typeset::text::shape;
use crate::typeset::text::{set_paragraph, Extra, ParaAlign, ParaSpec, Piece, SetLine};

use super::cx::{FieldFor, FlowCx, Region, Style};
use super::deco::inline_marks;
use super::pieces::{piece, pieces};
use super::slot::{FlowItem, Mark, Slot};

/// Sets one run of inlines as a paragraph and adds its lines to the flow. Returns the index
/// in `out` of the first slot added.
pub(super) fn paragraph(
    cx: &mut FlowCx,
    inlines: &[Inline],
    span: Span,
    region: &Region,
    style: Style,
    out: &mut Vec<FlowItem>,
) -> usize {
    let mut ps = Vec::new();
    pieces(cx, inlines, style, None, &mut ps);
    if ps.is_empty() {
        ps.push(piece(cx, " ", style, None, span));
    }
    set_pieces(cx, &ps, span, region, style, out)
}

/// Sets `pieces` as a paragraph and adds its lines to the flow, each with its strikethrough
/// rules and inline images, the first and last two kept together. Returns the index in `out`
/// of the first slot added.
pub(super) fn set_pieces(
    cx: &mut FlowCx,
    pieces: &[Piece],
    span: Span,
    region: &Region,
    style: Style,
    out: &mut Vec<FlowItem>,
) -> usize {
    // a line with a blank is a form's line: ragged, not stretched to reach a long blank
    let style = match style.align {
        ParaAlign::Justify
            if pieces
                .iter()
                .any(|p| matches!(p.extra, Extra::Blank { .. })) =>
        {
            Style {
                align: ParaAlign::Left,
                ..style
            }
        }
        _ => style,
    };
    let mut lines = set_lines(cx, pieces, region.width, style);
    mark_added_hyphens(pieces, &mut lines);
    let first = out.len();
    let count = lines.len() as u32;
    let id = cx.take_para_id();
    for (i, line) in lines.into_iter().enumerate() {
        let i = i as u32;
        let last = i + 1 == count;
        let info = LineInfo {
            kind: style.kind,
            para: Some(ParaPos {
                id,
                index: i,
                count,
            }),
            justified: matches!(style.align, ParaAlign::Justify)
                && !last
                && !line.text.ends_with('\n'),
            max_space_em: line.max_space_em,
            overfull: line.overfull,
            hyphenated: line.hyphenated,
        };
        let mut marks = thin_vec::ThinVec::new();
        inline_marks(
            cx.store,
            pieces,
            &line,
            region.x,
            baseline(cx, style),
            &mut marks,
        );
        if cx.fillable {
            let base = baseline(cx, style);
            blank_fields(cx, pieces, &line, (region.x, base), None, &mut marks);
        }
        let mut slot = line_slot(cx, line, region.x, style, info, span);
        slot.marks.splice(0..0, marks);
        slot.keep_with_next = count >= 2 && (i == 0 || i + 2 == count);
        cx.push_slot(out, slot, region);
    }
    first
}

/// A fillable PDF's one-line field over each blank of a set line (at `x`, its baseline at
/// `base`), asking `asks`, else the blank's sentence: the paragraph's text.
pub(super) fn blank_fields(
    cx: &mut FlowCx,
    pieces: &[Piece],
    line: &SetLine,
    (x, base): (f32, f32),
    asks: Option<&str>,
    marks: &mut thin_vec::ThinVec<Mark>,
) {
    let mut asks: Option<String> = asks.map(str::to_string);
    for (g, _) in line.glyphs() {
        let Some(p) = pieces.get(g.piece as usize) else {
            continue;
        };
        if !matches!(p.extra, Extra::Blank { .. }) {
            continue;
        }
        let asks = asks.get_or_insert_with(|| pieces.iter().map(|p| p.text.as_str()).collect());
        let (x0, x1) = (x + g.x, x + g.x + g.advance);
        // above the rule, so what is typed sits on it as handwriting would
        let rect = (x0, base - 1.05 * p.size, x1, base + 0.08 * p.size);
        let kind = FieldKind::Text {
            multiline: false,
            size: p.size,
        };
        if let Some(f) = cx.field(FieldFor::Blank, kind, rect, asks, None) {
            marks.push(f);
        }
    }
}

/// Runs the paragraph setter and collects its diagnostics.
pub(super) fn set_lines(
    cx: &mut FlowCx,
    pieces: &[Piece],
    width: f32,
    style: Style,
) -> Vec<SetLine> {
    let spec = ParaSpec {
        width,
        first_indent: 0.0,
        align: style.align,
        hyphenate: style.hyphenate,
        line_height: style.leading,
        em: style.size,
        balance: !style.hyphenate
            && matches!(
                style.kind,
                LineKind::Heading(_)
                    | LineKind::ChapterTitle
                    | LineKind::Title
                    | LineKind::Contents
                    | LineKind::Caption
                    | LineKind::Table
            ),
    };
    let res = set_paragraph(cx.store, pieces, &spec);
    cx.warn_all(res.diagnostics);
    res.lines
}

/// Baseline of a line of `style` within a slot of its leading.
pub(super) fn baseline(cx: &FlowCx, style: Style) -> f32 {
    let face = cx.store.face_for(style.role);
    let a = cx.store.ascent(face, style.size);
    let d = cx.store.descent(face, style.size);
    (style.leading - (a + d)) / 2.0 + a
}

/// A slot holding one set line at `x`.
pub(super) fn line_slot(
    cx: &mut FlowCx,
    line: SetLine,
    x: f32,
    style: Style,
    info: LineInfo,
    span: Span,
) -> Slot {
    let base = baseline(cx, style);
    let mut slot = Slot {
        height: style.leading,
        // (kept to the end of the layout: room for exactly its marks)
        marks: thin_vec::ThinVec::with_capacity(line.links.len() + 1),
        ..Slot::default()
    };
    line_marks(cx, line, x, base, style.size, info, span, &mut slot.marks);
    slot
}

/// A set line's marks at (`x`, `base`): a link box for each of its links (each in its link
/// element, see [`FlowCx::link_element`]) and its text, owned by the element open now but
/// for the links' words.
#[allow(clippy::too_many_arguments)]
pub(super) fn line_marks(
    cx: &mut FlowCx,
    line: SetLine,
    x: f32,
    base: f32,
    size: f32,
    info: LineInfo,
    span: Span,
    marks: &mut thin_vec::ThinVec<Mark>,
) {
    let (asc, desc) = (size * 0.85, size * 0.3);
    let mut boxes = Vec::with_capacity(line.links.len());
    let n = line.links.len();
    for (i, l) in line.links.iter().enumerate() {
        let starts = i == 0 && l.x0 < 0.5;
        let runs_on = i + 1 == n && l.x1 > line.width - 0.5;
        let tag = cx.link_element(&l.target, starts, runs_on);
        boxes.push((l.x0, l.x1, tag));
        marks.push(Mark::Link {
            x0: x + l.x0,
            y0: base - asc,
            x1: x + l.x1,
            y1: base + desc,
            target: l.target.clone(),
            tag,
        });
    }
    if n == 0 {
        cx.end_links();
    }
    let tag = cx.tag();
    let tag_from = link_spans(&line, &boxes, tag);
    let mut text = text_of_line(line, x, base, info, span, tag);
    text.tag_from = tag_from;
    marks.push(Mark::Text(text));
}

/// Where the link elements take over a line's glyphs: a glyph whose middle is inside a link
/// box is the link's.
fn link_spans(
    line: &SetLine,
    boxes: &[(f32, f32, Tag)],
    tag: Tag,
) -> thin_vec::ThinVec<(u32, Tag)> {
    let mut out = thin_vec::ThinVec::new();
    if boxes.is_empty() {
        return out;
    }
    let mut cur = tag;
    let glyphs = line.runs.iter().flat_map(|r| r.glyphs.iter());
    for (k, g) in glyphs.enumerate() {
        let mid = g.x + g.advance / 2.0;
        let t = boxes
            .iter()
            .find(|(a, b, _)| mid >= *a && mid < *b)
            .map_or(tag, |b| b.2);
        if t != cur {
            out.push((k as u32, t));
            cur = t;
        }
    }
    out
}

/// A one-off string (marker, folio, leader) shaped in `role`, as a text mark at x = 0 on
/// the baseline; characters no font has are reported.
pub fn label(
    cx: &mut FlowCx,
    text: &str,
    role: FontRole,
    size: f32,
    color: Rgb,
    kind: LineKind,
    span: Span,
) -> FrameText {
    let shaped = shape(cx.store, text, role, size);
    if !shaped.missing.is_empty() {
        cx.warn(missing_glyphs(&shaped.missing, span));
    }
    let mut runs: Vec<FrameRun> = Vec::new();
    let mut x = 0.0;
    let mut all = String::with_capacity(text.len());
    for g in shaped.glyphs {
        all.push_str(&g.text);
        let glyph = FrameGlyph {
            gid: g.gid,
            x: x + g.x_offset,
            y: g.y_offset,
            advance: g.advance,
            len: g.text.len() as u16,
        };
        x += g.advance;
        match runs.last_mut() {
            Some(r) if r.face == g.face => r.glyphs.push(glyph),
            _ => runs.push(FrameRun {
                face: g.face,
                size,
                color,
                glyphs: vec![glyph],
            }),
        }
    }
    FrameText {
        x: 0.0,
        baseline: 0.0,
        runs,
        text: all,
        span,
        info: LineInfo::plain(kind),
        tag: cx.tag(),
        tag_from: thin_vec::ThinVec::new(),
    }
}

/// Hangs `marker` left of the first text line added to `out` since `start`, its right edge
/// at `right`. Adds an empty line to carry it when the item has no text.
pub(super) fn hang(
    cx: &mut FlowCx,
    out: &mut Vec<FlowItem>,
    start: usize,
    mut marker: FrameText,
    right: f32,
    region: &Region,
    style: Style,
) {
    marker.x = right - marker.width();
    let found = out[start..].iter_mut().find_map(|item| match item {
        FlowItem::Slot(s) if s.has_text() => Some(s),
        _ => None,
    });
    match found {
        Some(slot) => {
            let base = slot
                .marks
                .iter()
                .find_map(|m| match m {
                    Mark::Text(t) => Some(t.baseline),
                    _ => None,
                })
                .unwrap_or(0.0);
            marker.baseline = base;
            slot.marks.push(Mark::Text(marker));
        }
        None => {
            marker.baseline = baseline(cx, style);
            let slot = Slot {
                height: style.leading,
                marks: thin_vec::thin_vec![Mark::Text(marker)],
                ..Slot::default()
            };
            cx.push_slot(out, slot, region);
        }
    }
}

/// Marks the hyphens the setter added at line ends (not the words' own) as soft hyphens
/// (U+00AD), so extracted text joins the word again: the lines are matched against the
/// source text, whitespace aside, and a line-final `-` that is not in the source was added.
pub(super) fn mark_added_hyphens(pieces: &[Piece], lines: &mut [SetLine]) {
    let keep = |c: &char| !c.is_whitespace() && *c != '\u{AD}';
    let src: Vec<char> = pieces
        .iter()
        .flat_map(|p| p.text.chars())
        .filter(keep)
        .collect();
    let mut cur = 0;
    for line in lines.iter_mut() {
        let t: Vec<char> = line.text.chars().filter(keep).collect();
        let n = t.len();
        let at = |k: usize| src.get(cur..cur + k).is_some_and(|s| s == &t[..k]);
        let added = line.hyphenated && t.last() == Some(&'-') && !at(n) && at(n - 1);
        if added {
            if let Some(g) = line.runs.last_mut().and_then(|r| r.glyphs.last_mut()) {
                // The last glyph's text ends the line's.
                if g.len == 1 && line.text.ends_with('-') {
                    g.len = '\u{AD}'.len_utf8() as u16;
                    line.text.pop();
                    line.text.push('\u{AD}');
                }
            }
            cur += n - 1;
        } else {
            cur += n;
        }
    }
}

/// A set line as a text mark at (x, baseline), all of it `tag`'s.
pub(super) fn text_of_line(
    line: SetLine,
    x: f32,
    baseline: f32,
    info: LineInfo,
    span: Span,
    tag: Tag,
) -> FrameText {
    FrameText {
        x,
        baseline,
        runs: line
            .runs
            .into_iter()
            .map(|r| FrameRun {
                face: r.face,
                size: r.size,
                color: r.color,
                glyphs: r
                    .glyphs
                    .into_iter()
                    .map(|g| FrameGlyph {
                        gid: g.gid,
                        x: g.x,
                        y: g.y,
                        advance: g.advance,
                        len: g.len,
                    })
                    .collect(),
            })
            .collect(),
        text: line.text,
        span: if line.span == Span::default() {
            span
        } else {
            line.span
        },
        info,
        tag,
        tag_from: thin_vec::ThinVec::new(),
    }
}

/// The warning for characters no font covers (shaping draws the replacement box for them).
pub(super) fn missing_glyphs(chars: &[char], span: Span) -> Diagnostic {
    let list: Vec<String> = chars
        .iter()
        .map(|c| format!("`{c}` (U+{:04X})", *c as u32))
        .collect();
    Diagnostic::warning(
        "GB301",
        format!(
            "no font has a glyph for {}; the PDF prints a box (▯) in its place",
            list.join(", ")
        ),
    )
    .at(span)
    .about(crate::diag::Subject::Chars(chars.to_vec()))
    .help("use another character, or name a font that has it in [theme.fonts]")
}
