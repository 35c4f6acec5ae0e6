//! Inline decorations of set lines: the rule through `~~struck~~` text, inline images and
//! the rules of fill-in blanks (their pieces are made in [`super::pieces`]).
//!
//! A blank is one box as wide as its underscores (at least the theme's narrowest blank),
//! drawn like an image as glyph 0 carrying its underscores, with a thin rule in the text's
//! colour just under the baseline.
//!
//! A struck piece is set like any other; on each line the glyphs of consecutive struck pieces
//! of one size and colour get one rule, from the left edge of the first glyph to the right edge
//! of the last (spaces inside the run included, trailing spaces not), at the face's own
//! strikeout position and thickness (from `OS/2`; else the x-height middle and 0.06 em).
//!
//! An inline image is a piece whose text is its alt text; the breaker sees one box of the
//! image's width, drawn as glyph 0 carrying the alt text (emit shows glyph 0 invisibly inside
//! an ActualText span, so extraction gives the alt text back) with the image placed over it.
//! Sized as the EPUB sizes it (`max-height: 1.2em; vertical-align: middle`): at most 1.2 em
//! tall, centred half an x-height above the baseline. See [`Extra::Image`] for why a large
//! image stays inline.

use crate::fontkit::FaceId;
use crate::typeset::structure::Tag;
use crate::typeset::text::FontStore;
use crate::typeset::text::{Extra, Piece, SetLine};

use super::slot::Mark;

/// How far below the baseline a blank's rule is drawn, in em: clear of the letters beside
/// it, above their descenders, where a hand writes.
const BLANK_DROP: f32 = 0.12;

/// The thickness of a rule to write on, pt — a blank's, an answer line's, a notes page's:
/// light enough to write over, heavy enough to print on a home printer.
pub const WRITING_RULE: f32 = 0.5;

/// Tallest inline image, in em of the text around it (as the EPUB's stylesheet says).
pub const INLINE_IMAGE_MAX_EM: f32 = 1.2;

/// The x-height at `size`, pt (half an em when the font does not say).
pub fn x_height(store: &FontStore, face: FaceId, size: f32) -> f32 {
    let f = &store.faces[face];
    match f.font.metrics().x_height {
        Some(v) if v.to_f32() > 0.0 => v.to_f32() / f.upem * size,
        _ => 0.5 * size,
    }
}

/// The strikeout stroke at `size`: (top of the stroke above the baseline, thickness), pt.
pub fn strike_stroke(store: &FontStore, face: FaceId, size: f32) -> (f32, f32) {
    let f = &store.faces[face];
    let xh = x_height(store, face, size);
    let from_font = f.font.style_metrics().strike_through.map(|d| {
        (
            d.position.to_f32() / f.upem * size,
            d.thickness.to_f32() / f.upem * size,
        )
    });
    match from_font {
        // a sane stroke: above the baseline, below the x-height's top, not a slab
        Some((top, t)) if t > 0.0 && t < 0.2 * size && top > t && top <= xh + t => (top, t),
        _ => {
            let t = 0.06 * size;
            (xh / 2.0 + t / 2.0, t)
        }
    }
}

/// A struck stretch of a line being gathered: (x0, x1 of its last ink, size, colour, face).
struct Run {
    x0: f32,
    x1: Option<f32>,
    size: f32,
    color: (f32, f32, f32),
    face: FaceId,
}

/// The marks a set line needs besides its text: strikethrough rules and inline images, for
/// the line at `x` with its baseline at `base` (both in the coordinates of the slot).
pub fn inline_marks(
    store: &FontStore,
    pieces: &[Piece],
    line: &SetLine,
    x: f32,
    base: f32,
    out: &mut thin_vec::ThinVec<Mark>,
) {
    let mut run: Option<Run> = None;
    let flush = |run: &mut Option<Run>, out: &mut thin_vec::ThinVec<Mark>| {
        if let Some(Run {
            x0,
            x1: Some(x1),
            size,
            color,
            face,
        }) = run.take()
        {
            let (top, t) = strike_stroke(store, face, size);
            out.push(Mark::Fill {
                x: x + x0,
                y: base - top,
                w: x1 - x0,
                h: t,
                color,
            });
        }
    };
    for (g, text) in line.glyphs() {
        let Some(p) = pieces.get(g.piece as usize) else {
            continue;
        };
        match p.extra {
            Extra::Strike => {
                let face = store.face_for(p.role);
                let same = run
                    .as_ref()
                    .is_some_and(|r| r.size == p.size && r.color == p.color && r.face == face);
                if !same {
                    flush(&mut run, out);
                    run = Some(Run {
                        x0: g.x,
                        x1: None,
                        size: p.size,
                        color: p.color,
                        face,
                    });
                }
                let ink = !text.is_empty() && !text.chars().all(char::is_whitespace);
                if let (Some(r), true) = (run.as_mut(), ink) {
                    r.x1 = Some(g.x + g.advance);
                }
            }
            Extra::Image { asset, w, h } => {
                flush(&mut run, out);
                let xh = x_height(store, store.face_for(p.role), p.size);
                out.push(Mark::Image {
                    x: x + g.x,
                    y: base - xh / 2.0 - h / 2.0,
                    w,
                    h,
                    asset,
                    // its alt text is in the line, as the text the picture stands for
                    tag: Tag::ARTIFACT,
                });
            }
            Extra::Blank { .. } => {
                flush(&mut run, out);
                // the box's width, as the line breaker set it (never wider than the line)
                out.push(Mark::Fill {
                    x: x + g.x,
                    y: base + BLANK_DROP * p.size - WRITING_RULE / 2.0,
                    w: g.advance,
                    h: WRITING_RULE,
                    color: p.color,
                });
            }
            Extra::Plain => flush(&mut run, out),
        }
    }
    flush(&mut run, out);
}
