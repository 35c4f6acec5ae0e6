//! Page geometry: the paper, the text block and the margins, from the paper size, one- or
//! two-sided printing and the measure the theme's body text wants.

use crate::config::{Paper, Sides};
use crate::theme::{FontRole, Theme};
use crate::typeset::text::shape;
use crate::typeset::text::FontStore;

/// Page size and text block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    /// Width of the text block.
    pub measure: f32,
    pub inside: f32,
    pub outside: f32,
    pub top: f32,
    pub bottom: f32,
    pub body_height: f32,
    /// Average characters of body text per full line.
    pub chars_per_line: f32,
    /// Mirrored margins and furniture (`sides = "two"`); else `inside == outside`.
    pub two_sided: bool,
}

impl Geometry {
    /// Left edge of the text block on physical page `p` (0-based; page 0 is a recto).
    pub fn left(&self, p: usize) -> f32 {
        if p.is_multiple_of(2) {
            self.inside
        } else {
            self.outside
        }
    }
}

/// English text with the usual mix of letters, spaces and punctuation: the sample for the
/// average character width that decides the measure.
const SAMPLE: &str = "Trust is rebuilt slowly, through small promises kept again and again. \
Listen without defending yourself, name what you did, and ask what the other person needs.";

/// Characters per line the measure aims at (the range for comfortable reading is 60–75).
const TARGET_CHARS: f32 = 68.0;

/// The page geometry for a paper size, one- or two-sided printing and the theme's body text:
/// the same margin left and right on every page for one side, two parts inside to three
/// outside (mirrored) for two.
pub fn geometry(paper: Paper, sides: Sides, theme: &Theme, store: &FontStore) -> Geometry {
    let (width, height) = paper.size_pt();
    let body = theme.body_size;
    let sample = shape(store, SAMPLE, FontRole::Body, body);
    let avg = sample.width / SAMPLE.chars().count() as f32;
    // small pages keep room to hold and bind them and give up characters instead
    let min_inside = (width * 0.1).max(42.0);
    let min_outside = (width * 0.12).max(48.0);
    let measure = (TARGET_CHARS * avg)
        .min(width - min_inside - min_outside)
        .round();
    let spare = width - measure;
    let two_sided = sides == Sides::Two;
    let inside = if two_sided {
        // mirrored margins: two parts inside to three outside
        (spare * 0.4).max(min_inside).round()
    } else {
        spare / 2.0
    };
    let outside = spare - inside;
    let top = (height * 0.095).round();
    let bottom = (height * 0.12).round();
    Geometry {
        width,
        height,
        measure,
        inside,
        outside,
        top,
        bottom,
        body_height: height - top - bottom,
        chars_per_line: measure / avg,
        two_sided,
    }
}
