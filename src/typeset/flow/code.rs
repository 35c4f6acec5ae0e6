//! Code blocks: mono on a tint, never justified, each source line set as it is written (tabs
//! as four spaces) and an over-long one broken after its last space that fits (else where it
//! overflows), its continuation indented by two characters.

use crate::diag::Span;
use crate::fontkit::FaceId;
use crate::theme::FontRole;
use crate::typeset::frame::{FrameGlyph, FrameRun, FrameText, LineInfo, LineKind, ParaPos, Rgb};
use crate::typeset::structure::Role;
use crate::typeset::text::ParaAlign;
use crate::typeset::text::{shape, ShapedGlyph};

use super::cx::{Band, FlowCx, Region, Style};
use super::lines::{baseline, missing_glyphs};
use super::slot::{FlowItem, Mark, Slot};

/// One line of code as drawn: its glyphs and, for each, its face and source text.
type CodeLine = (Vec<FrameGlyph>, Vec<(FaceId, String)>);

/// A code block.
pub(super) fn code(
    cx: &mut FlowCx,
    text: &str,
    span: Span,
    region: &Region,
    out: &mut Vec<FlowItem>,
) {
    let em = cx.em();
    let size = em * cx.theme.code_scale;
    let style = Style {
        size,
        leading: size * 1.4,
        role: FontRole::Mono,
        align: ParaAlign::Left,
        hyphenate: false,
        kind: LineKind::Code,
        ..cx.body()
    };
    let boxed = region.with_band(Band {
        x: region.x,
        w: region.width,
        color: cx.pal.code_bg,
    });
    let pad_x = 0.7 * em;
    let avail = region.width - 2.0 * pad_x;
    let mut visual: Vec<CodeLine> = Vec::new();
    for raw in text.trim_end_matches('\n').split('\n') {
        let raw = raw.replace('\t', "    ");
        let shaped = shape(cx.store, &raw, FontRole::Mono, size);
        if !shaped.missing.is_empty() {
            cx.warn(missing_glyphs(&shaped.missing, span));
        }
        let indent = 2.0 * size * 0.6;
        break_line(shaped.glyphs, avail, indent, &mut visual);
    }
    let pad = 0.5 * em;
    cx.push_space(out, pad, &boxed);
    let tag = cx.open(Role::Code);
    let count = visual.len() as u32;
    let id = cx.take_para_id();
    let base = baseline(cx, style);
    for (i, (glyphs, faces)) in visual.into_iter().enumerate() {
        let i = i as u32;
        let text: String = faces.iter().map(|(_, t)| t.as_str()).collect();
        let runs = code_runs(glyphs, faces, size, cx.pal.text);
        let mut info = LineInfo::plain(LineKind::Code);
        info.para = Some(ParaPos {
            id,
            index: i,
            count,
        });
        let slot = Slot {
            height: style.leading,
            marks: thin_vec::thin_vec![Mark::Text(FrameText {
                x: region.x + pad_x,
                baseline: base,
                runs,
                text,
                span,
                info,
                tag,
                tag_from: thin_vec::ThinVec::new(),
            })],
            keep_with_next: count >= 2 && (i == 0 || i + 2 == count),
            ..Slot::default()
        };
        cx.push_slot(out, slot, &boxed);
    }
    cx.close(tag);
    cx.push_space(out, pad, &boxed);
}

/// One source line's glyphs as lines no wider than `avail`: broken after the last space on
/// the line if there is one, else where it overflows, each continuation starting at `indent`.
fn break_line(glyphs: Vec<ShapedGlyph>, avail: f32, indent: f32, visual: &mut Vec<CodeLine>) {
    let (mut line, mut faces, mut x, mut last_space) = (Vec::new(), Vec::new(), 0.0f32, None);
    for g in glyphs {
        if x + g.advance > avail && !line.is_empty() {
            // break after the last space if there is one on this line, else here
            let cut = match last_space {
                Some(k) if k + 1 < line.len() => k + 1,
                _ => line.len(),
            };
            let mut rest: Vec<FrameGlyph> = line.split_off(cut);
            let rest_faces: Vec<(FaceId, String)> = faces.split_off(cut);
            visual.push((std::mem::take(&mut line), std::mem::take(&mut faces)));
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
    visual.push((line, faces));
}

/// The glyphs of a code line grouped into runs of one face.
fn code_runs(
    glyphs: Vec<FrameGlyph>,
    faces: Vec<(FaceId, String)>,
    size: f32,
    color: Rgb,
) -> Vec<FrameRun> {
    let mut runs: Vec<FrameRun> = Vec::new();
    for (g, (face, _)) in glyphs.into_iter().zip(faces) {
        match runs.last_mut() {
            Some(r) if r.face == face => r.glyphs.push(g),
            _ => runs.push(FrameRun {
                face,
                size,
                color,
                glyphs: vec![g],
            }),
        }
    }
    runs
}
