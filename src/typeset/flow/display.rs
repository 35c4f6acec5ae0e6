//! Layout of display blocks: code (mono on a tint, never justified, over-long lines broken
//! with a continuation indent), tables (column widths from content, bold header repeated at
//! the top of every page the table continues on, rules) and
//! figures (the image scaled to the measure with its caption kept below it, or a framed
//! placeholder with the alt text and a GB302 warning when the image cannot be placed).

use crate::diag::{Diagnostic, Span};
use crate::image::{probe, split_alpha, ImageData};
use crate::model::{plain_text, Align, Image, Inline, Table};
use crate::theme::FontRole;
use crate::typeset::flow::cx::{
    missing_glyphs, text_of_line, Band, FlowItem, Layout, Mark, Region, Slot, Style,
};
use crate::typeset::frame::{FrameGlyph, FrameRun, FrameText, LineInfo, LineKind, ParaPos};
use crate::typeset::text::shape;
use crate::typeset::text::ParaAlign;

impl Layout<'_> {
    /// A code block.
    pub fn code(&mut self, text: &str, span: Span, region: &Region, out: &mut Vec<FlowItem>) {
        let em = self.em();
        let size = em * self.theme.code_scale;
        let style = Style {
            size,
            leading: size * 1.4,
            role: FontRole::Mono,
            align: ParaAlign::Left,
            hyphenate: false,
            kind: LineKind::Code,
            ..self.body()
        };
        let boxed = region.with_band(Band {
            x: region.x,
            w: region.width,
            color: self.pal.code_bg,
        });
        let pad_x = 0.7 * em;
        let avail = region.width - 2.0 * pad_x;
        let mut visual: Vec<Vec<FrameGlyph>> = Vec::new();
        let mut runs_face: Vec<Vec<(usize, String)>> = Vec::new();
        for raw in text.trim_end_matches('\n').split('\n') {
            let raw = raw.replace('\t', "    ");
            let shaped = shape(self.store, &raw, FontRole::Mono, size);
            if !shaped.missing.is_empty() {
                self.diags.push(missing_glyphs(&shaped.missing, span));
            }
            let indent = 2.0 * size * 0.6;
            let (mut line, mut faces, mut x, mut last_space) =
                (Vec::new(), Vec::new(), 0.0f32, None);
            for g in shaped.glyphs {
                if x + g.advance > avail && !line.is_empty() {
                    // break after the last space if there is one on this line, else here
                    let cut = match last_space {
                        Some(k) if k + 1 < line.len() => k + 1,
                        _ => line.len(),
                    };
                    let mut rest: Vec<FrameGlyph> = line.split_off(cut);
                    let rest_faces: Vec<(usize, String)> = faces.split_off(cut);
                    visual.push(std::mem::take(&mut line));
                    runs_face.push(std::mem::take(&mut faces));
                    let shift = rest.first().map(|g: &FrameGlyph| g.x).unwrap_or(0.0) - indent;
                    for r in &mut rest {
                        r.x -= shift;
                    }
                    x = rest.last().map(|g| g.x + g.advance).unwrap_or(indent);
                    line = rest;
                    faces = rest_faces;
                    last_space = None;
                }
                if g.text == " " {
                    last_space = Some(line.len());
                }
                line.push(FrameGlyph {
                    gid: g.gid,
                    x: x + g.x_offset,
                    y: g.y_offset,
                    advance: g.advance,
                    len: g.text.len() as u16,
                });
                faces.push((g.face, g.text));
                x += g.advance;
            }
            visual.push(line);
            runs_face.push(faces);
        }
        let pad = 0.5 * em;
        self.push_space(out, pad, &boxed);
        let count = visual.len() as u32;
        let id = self.take_para_id();
        let base = self.baseline(style);
        for (i, (glyphs, faces)) in visual.into_iter().zip(runs_face).enumerate() {
            let i = i as u32;
            let mut runs: Vec<FrameRun> = Vec::new();
            let text: String = faces.iter().map(|(_, t)| t.as_str()).collect();
            for (g, (face, _)) in glyphs.into_iter().zip(faces) {
                match runs.last_mut() {
                    Some(r) if r.face == face => r.glyphs.push(g),
                    _ => runs.push(FrameRun {
                        face,
                        size,
                        color: self.pal.text,
                        glyphs: vec![g],
                    }),
                }
            }
            let mut info = LineInfo::plain(LineKind::Code);
            info.para = Some(ParaPos {
                id,
                index: i,
                count,
            });
            let slot = Slot {
                height: style.leading,
                marks: vec![Mark::Text(FrameText {
                    x: region.x + pad_x,
                    baseline: base,
                    runs,
                    text,
                    span,
                    info,
                })],
                keep_with_next: count >= 2 && (i == 0 || i + 2 == count),
                ..Slot::default()
            };
            self.push_slot(out, slot, &boxed);
        }
        self.push_space(out, pad, &boxed);
    }

    /// Natural (one line) and minimum (longest word) widths of a cell.
    fn cell_widths(&self, cell: &[Inline], role: FontRole, size: f32) -> (f32, f32) {
        let text = plain_text(cell);
        let nat = shape(self.store, &text, role, size).width;
        let min = text
            .split_whitespace()
            .map(|w| shape(self.store, w, role, size).width)
            .fold(0.0, f32::max);
        (nat, min)
    }

    /// A table: one slot per row, header kept with the first row and repeated above a row
    /// that opens a page.
    pub fn table(
        &mut self,
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
        let em = self.em();
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
        let vpad = 0.3 * em;
        let empty: Vec<Inline> = Vec::new();
        let rows: Vec<(bool, &Vec<Vec<Inline>>)> = std::iter::once((true, &t.head))
            .filter(|(_, h)| !h.is_empty())
            .chain(t.rows.iter().map(|r| (false, r)))
            .collect();
        let mut nat = vec![0.0f32; ncols];
        let mut min = vec![0.0f32; ncols];
        for (head, row) in &rows {
            let role = if *head {
                FontRole::BodyBold
            } else {
                FontRole::Body
            };
            for c in 0..ncols {
                let (n, m) = self.cell_widths(row.get(c).unwrap_or(&empty), role, size);
                nat[c] = nat[c].max(n + 2.0 * pad);
                min[c] = min[c].max(m + 2.0 * pad);
            }
        }
        let widths = column_widths(&nat, &min, region.width);
        let last = rows.len().saturating_sub(1);
        let mut header: Option<Box<Slot>> = None;
        for (r, (head, row)) in rows.iter().enumerate() {
            let cs = Style {
                bold: *head,
                ..cell
            };
            let mut slot = Slot::default();
            let mut x = region.x;
            let mut lines_max = 1;
            let base = self.baseline(cs);
            for (c, &width) in widths.iter().enumerate() {
                let align = match t.align.get(c) {
                    Some(Align::Center) => ParaAlign::Center,
                    Some(Align::Right) => ParaAlign::Right,
                    _ => ParaAlign::Left,
                };
                let s = Style { align, ..cs };
                let mut pieces = Vec::new();
                self.pieces(row.get(c).unwrap_or(&empty), s, None, &mut pieces);
                if !pieces.is_empty() {
                    let lines = self.set_lines(&pieces, width - 2.0 * pad, s);
                    lines_max = lines_max.max(lines.len());
                    for (k, line) in lines.into_iter().enumerate() {
                        let y = vpad + base + k as f32 * cs.leading;
                        let mut info = LineInfo::plain(LineKind::Table);
                        info.overfull = line.overfull;
                        for l in &line.links {
                            slot.marks.push(Mark::Link {
                                x0: x + pad + l.x0,
                                y0: y - size * 0.85,
                                x1: x + pad + l.x1,
                                y1: y + size * 0.3,
                                target: l.target.clone(),
                            });
                        }
                        crate::typeset::flow::deco::inline_marks(
                            self.store,
                            &pieces,
                            &line,
                            x + pad,
                            y,
                            &mut slot.marks,
                        );
                        slot.marks
                            .push(Mark::Text(text_of_line(line, x + pad, y, info, span)));
                    }
                }
                x += width;
            }
            slot.height = lines_max as f32 * cs.leading + 2.0 * vpad;
            let full_w: f32 = widths.iter().sum();
            let rule = |y: f32, h: f32, color| Mark::Fill {
                x: region.x,
                y,
                w: full_w,
                h,
                color,
            };
            if r == 0 {
                slot.marks.push(rule(0.0, 0.8, self.pal.heading));
            }
            if *head {
                slot.marks
                    .push(rule(slot.height - 0.5, 0.5, self.pal.heading));
                slot.keep_with_next = true;
            } else if r == last {
                slot.marks
                    .push(rule(slot.height - 0.8, 0.8, self.pal.heading));
            } else {
                slot.marks.push(rule(slot.height - 0.3, 0.3, self.pal.rule));
            }
            // rows after the first carry the header, set again when they open a page
            if r >= 2 {
                slot.repeat = header.clone();
            }
            self.push_slot(out, slot, region);
            if *head {
                // as pushed: with the bands of its region
                if let Some(FlowItem::Slot(s)) = out.last() {
                    header = Some(Box::new(s.clone()));
                }
            }
        }
    }

    /// A figure: the image (or a placeholder) and its caption.
    pub fn figure(
        &mut self,
        image: &Image,
        caption: &[Inline],
        span: Span,
        region: &Region,
        style: Style,
        out: &mut Vec<FlowItem>,
    ) {
        let em = self.em();
        let doc = self.doc;
        let asset = image.asset.and_then(|a| doc.assets.get(a).map(|x| (a, x)));
        let placed = match asset {
            Some((a, bytes)) => match probe(&bytes.bytes).and_then(|info| {
                if let ImageData::PngAlpha { .. } = info.data {
                    split_alpha(&info)?;
                }
                Ok(info)
            }) {
                Ok(info) => Some((a, info.width as f32, info.height as f32)),
                Err(why) => {
                    self.diags.push(
                        Diagnostic::warning(
                            "GB302",
                            format!("image `{}` cannot be placed in the PDF: {why}", image.src),
                        )
                        .at(span)
                        .help("save it as an 8-bit JPEG, or as a non-interlaced 8-bit PNG"),
                    );
                    None
                }
            },
            None => None,
        };
        let mut slot = Slot {
            keep_with_next: !caption.is_empty(),
            ..Slot::default()
        };
        match placed {
            Some((asset, pw, ph)) => {
                let mut w = region.width.min(pw);
                let mut h = w * ph / pw;
                let max_h = self.body_height * 0.6;
                if h > max_h {
                    h = max_h;
                    w = h * pw / ph;
                }
                slot.height = h + 0.4 * em;
                slot.marks.push(Mark::Image {
                    x: region.x + (region.width - w) / 2.0,
                    y: 0.2 * em,
                    w,
                    h,
                    asset,
                });
            }
            None => {
                let h = 4.5 * em;
                slot.height = h + 0.4 * em;
                let (x, y, w) = (region.x, 0.2 * em, region.width);
                let c = self.pal.rule;
                slot.marks.push(Mark::Fill {
                    x,
                    y,
                    w,
                    h,
                    color: self.pal.code_bg,
                });
                for (fx, fy, fw, fh) in [
                    (x, y, w, 0.8),
                    (x, y + h - 0.8, w, 0.8),
                    (x, y, 0.8, h),
                    (x + w - 0.8, y, 0.8, h),
                ] {
                    slot.marks.push(Mark::Fill {
                        x: fx,
                        y: fy,
                        w: fw,
                        h: fh,
                        color: c,
                    });
                }
                let alt = if image.alt.is_empty() {
                    image.src.as_str()
                } else {
                    image.alt.as_str()
                };
                let mut label = self.label(
                    &format!("[Image: {alt}]"),
                    FontRole::BodyItalic,
                    em * 0.9,
                    self.pal.muted,
                    LineKind::Caption,
                    span,
                );
                let lw = label.width().min(w);
                label.x = x + (w - lw) / 2.0;
                label.baseline = y + h / 2.0 + em * 0.3;
                slot.marks.push(Mark::Text(label));
            }
        }
        self.push_slot(out, slot, region);
        if !caption.is_empty() {
            let s = Style {
                size: em * 0.9,
                leading: em * 0.9 * self.theme.line_height,
                italic: true,
                color: self.pal.muted,
                align: ParaAlign::Center,
                hyphenate: false,
                kind: LineKind::Caption,
                ..style
            };
            self.paragraph(caption, span, region, s, out);
        }
    }
}

/// Column widths filling `total`: natural widths when they fit (stretched in proportion),
/// else each column between its minimum and natural width in proportion to the difference.
pub fn column_widths(nat: &[f32], min: &[f32], total: f32) -> Vec<f32> {
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
