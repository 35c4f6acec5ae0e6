//! Tables: one slot per row, column widths from their content (natural widths when they fit,
//! else shared out between each column's longest word and its natural width), the bold header
//! kept with the first row and set again above a row that opens a page, rules above, under the
//! header, between rows and below.

use crate::diag::Span;
use crate::model::{plain_text, Align, Inline, Table};
use crate::theme::FontRole;
use crate::typeset::frame::{LineInfo, LineKind};
use crate::typeset::structure::{Extra, Role, Tag};
use crate::typeset::text::shape;
use crate::typeset::text::ParaAlign;

use super::cx::{FlowCx, Region, Style};
use super::deco::inline_marks;
use super::lines::{baseline, blank_fields, line_marks, set_lines};
use super::pieces::pieces;
use super::slot::{FlowItem, Mark, Slot};

/// A row: whether it is the header, and its cells.
type Row<'t> = (bool, &'t Vec<Vec<Inline>>);

/// Where a table's cells go: the columns' widths from `x`, the padding in each cell.
struct Grid<'t> {
    x: f32,
    widths: Vec<f32>,
    align: &'t [Align],
    pad: f32,
    vpad: f32,
}

/// A table: one slot per row, header kept with the first row and repeated above a row that
/// opens a page.
pub(super) fn table(
    cx: &mut FlowCx,
    t: &Table,
    span: Span,
    region: &Region,
    style: Style,
    out: &mut Vec<FlowItem>,
) {
    let ncols = t
        .rows
        .iter()
        .map(Vec::len)
        .chain([t.head.len(), t.align.len()])
        .max()
        .unwrap_or(0);
    if ncols == 0 {
        return;
    }
    let em = cx.em();
    let size = em * 0.92;
    let cell = Style {
        size,
        leading: size * 1.35,
        align: ParaAlign::Left,
        hyphenate: false,
        kind: LineKind::Table,
        ..style
    };
    let pad = 0.45 * em;
    let rows: Vec<Row> = std::iter::once((true, &t.head))
        .filter(|(_, h)| !h.is_empty())
        .chain(t.rows.iter().map(|r| (false, r)))
        .collect();
    let grid = Grid {
        x: region.x,
        widths: measure_columns(cx, &rows, ncols, size, pad, region.width),
        align: &t.align,
        pad,
        vpad: 0.3 * em,
    };
    let last = rows.len().saturating_sub(1);
    let mut header: Option<Box<Slot>> = None;
    let element = cx.open(Role::Table);
    for (r, (head, row)) in rows.iter().enumerate() {
        let cs = Style {
            bold: *head,
            ..cell
        };
        let tr = cx.open(Role::TR);
        let mut slot = row_slot(cx, &grid, row, cs, span, *head);
        cx.close(tr);
        rule_row(cx, &mut slot, &grid, r == 0, *head, r == last);
        // rows after the first carry the header, set again when they open a page
        if r >= 2 {
            slot.repeat = header.clone();
        }
        cx.push_slot(out, slot, region);
        if *head {
            // as pushed: with the bands of its region; set again, it is an artifact
            if let Some(FlowItem::Slot(s)) = out.last() {
                header = Some(Box::new(repeated(s)));
            }
        }
    }
    cx.close(element);
}

/// The header row as it is set again atop a page: the same marks, but read only once (its
/// text an artifact, without link boxes or form fields).
fn repeated(header: &Slot) -> Slot {
    let mut s = header.clone();
    s.marks
        .retain(|m| !matches!(m, Mark::Link { .. } | Mark::Field(_)));
    for m in s.marks.iter_mut() {
        if let Mark::Text(t) = m {
            t.tag = Tag::ARTIFACT;
            t.tag_from.clear();
        }
    }
    s
}

/// The columns' widths filling `total`, from each column's natural and minimum width
/// (padding `pad` either side included).
fn measure_columns(
    cx: &FlowCx,
    rows: &[Row],
    ncols: usize,
    size: f32,
    pad: f32,
    total: f32,
) -> Vec<f32> {
    let empty: Vec<Inline> = Vec::new();
    let mut nat = vec![0.0f32; ncols];
    let mut min = vec![0.0f32; ncols];
    for (head, row) in rows {
        let role = if *head {
            FontRole::BodyBold
        } else {
            FontRole::Body
        };
        for c in 0..ncols {
            let (n, m) = cell_widths(cx, row.get(c).unwrap_or(&empty), role, size);
            nat[c] = nat[c].max(n + 2.0 * pad);
            min[c] = min[c].max(m + 2.0 * pad);
        }
    }
    column_widths(&nat, &min, total)
}

/// Natural (one line) and minimum (longest word) widths of a cell.
fn cell_widths(cx: &FlowCx, cell: &[Inline], role: FontRole, size: f32) -> (f32, f32) {
    let text = plain_text(cell);
    let nat = shape(cx.store, &text, role, size).width;
    let min = text
        .split_whitespace()
        .map(|w| shape(cx.store, w, role, size).width)
        .fold(0.0, f32::max);
    (nat, min)
}

/// One row's slot: each cell's lines set in its column (each cell a `TH` in the header, else
/// a `TD`), the slot as tall as the tallest.
fn row_slot(
    cx: &mut FlowCx,
    grid: &Grid,
    row: &[Vec<Inline>],
    cs: Style,
    span: Span,
    head: bool,
) -> Slot {
    let empty: Vec<Inline> = Vec::new();
    let (pad, vpad, size) = (grid.pad, grid.vpad, cs.size);
    let mut slot = Slot::default();
    let mut x = grid.x;
    let mut lines_max = 1;
    let base = baseline(cx, cs);
    for (c, &width) in grid.widths.iter().enumerate() {
        let align = match grid.align.get(c) {
            Some(Align::Center) => ParaAlign::Center,
            Some(Align::Right) => ParaAlign::Right,
            _ => ParaAlign::Left,
        };
        let s = Style { align, ..cs };
        let element = if head {
            let extra = Extra {
                column_header: true,
                ..Extra::default()
            };
            cx.open_with(Role::TH, extra)
        } else {
            cx.open(Role::TD)
        };
        let mut ps = Vec::new();
        pieces(cx, row.get(c).unwrap_or(&empty), s, None, &mut ps);
        if !ps.is_empty() {
            let lines = set_lines(cx, &ps, width - 2.0 * pad, s);
            lines_max = lines_max.max(lines.len());
            for (k, line) in lines.into_iter().enumerate() {
                let y = vpad + base + k as f32 * cs.leading;
                let mut info = LineInfo::plain(LineKind::Table);
                info.overfull = line.overfull;
                inline_marks(cx.store, &ps, &line, x + pad, y, &mut slot.marks);
                if cx.fillable {
                    // a blank in a cell asks what its row says
                    let asks: Vec<String> = row.iter().map(|c| plain_text(c)).collect();
                    let asks = asks.join(" – ");
                    let at = (x + pad, y);
                    blank_fields(cx, &ps, &line, at, Some(&asks), &mut slot.marks);
                }
                line_marks(cx, line, x + pad, y, size, info, span, &mut slot.marks);
            }
        }
        cx.close(element);
        x += width;
    }
    slot.height = lines_max as f32 * cs.leading + 2.0 * vpad;
    slot
}

/// The rules of a row: above the first, under the header (which is kept with the first row),
/// below the last, thin ones between the others.
fn rule_row(cx: &FlowCx, slot: &mut Slot, grid: &Grid, first: bool, head: bool, last: bool) {
    let full_w: f32 = grid.widths.iter().sum();
    let rule = |y: f32, h: f32, color| Mark::Fill {
        x: grid.x,
        y,
        w: full_w,
        h,
        color,
    };
    if first {
        slot.marks.push(rule(0.0, 0.8, cx.pal.heading));
    }
    if head {
        slot.marks
            .push(rule(slot.height - 0.5, 0.5, cx.pal.heading));
        slot.keep_with_next = true;
    } else if last {
        slot.marks
            .push(rule(slot.height - 0.8, 0.8, cx.pal.heading));
    } else {
        slot.marks.push(rule(slot.height - 0.3, 0.3, cx.pal.rule));
    }
}

/// Column widths filling `total`: natural widths when they fit (stretched in proportion),
/// else each column between its minimum and natural width in proportion to the difference.
fn column_widths(nat: &[f32], min: &[f32], total: f32) -> Vec<f32> {
    let sum_nat: f32 = nat.iter().sum();
    if sum_nat <= total {
        return nat.iter().map(|n| n * total / sum_nat.max(1.0)).collect();
    }
    let sum_min: f32 = min.iter().sum();
    if sum_min >= total {
        return min.iter().map(|m| m * total / sum_min.max(1.0)).collect();
    }
    let slack: f32 = nat.iter().zip(min).map(|(n, m)| n - m).sum();
    nat.iter()
        .zip(min)
        .map(|(n, m)| m + (n - m) * (total - sum_min) / slack.max(1e-3))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::column_widths;

    #[test]
    fn columns_fill_the_measure() {
        let w = column_widths(&[50.0, 150.0], &[20.0, 40.0], 400.0);
        assert!((w.iter().sum::<f32>() - 400.0).abs() < 0.01);
        assert!((w[1] / w[0] - 3.0).abs() < 0.01);
        let w = column_widths(&[300.0, 300.0], &[50.0, 150.0], 400.0);
        assert!((w.iter().sum::<f32>() - 400.0).abs() < 0.01);
        assert!(w[0] >= 50.0 && w[1] >= 150.0);
    }
}
