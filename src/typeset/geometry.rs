//! Page geometry: the paper, the text block and the margins, from the paper size, one- or
//! two-sided printing and the measure the theme's body text wants.

use crate::config::{Paper, PrintShop, Sides};
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

impl Geometry {
    /// The geometry of a print-shop interior of `pages` pages, from the book's own (`self`):
    /// the inside margin at least the service's gutter for that count, taken from the
    /// outside margin while that keeps half an inch (and the service's safe distance, plus
    /// an eighth of an inch), from the measure after that; the running heads and folios (set
    /// at `em`) at least the service's safe distance from the trim at the top and bottom.
    pub fn for_print(&self, shop: &PrintShop, pages: usize, em: f32) -> Geometry {
        let safe = shop.service.safe(shop.bleed);
        let inside = self.inside.max(shop.service.gutter(pages).ceil());
        let floor = (safe + 9.0).max(36.0);
        let mut outside = (self.outside - (inside - self.inside)).max(floor);
        let mut measure = self.width - inside - outside;
        if measure > self.measure {
            // the book's own margins are wider than the service asks: keep its measure
            outside += measure - self.measure;
            measure = self.measure;
        }
        // the running head's baseline is 2 em above the text block, its capitals 0.6 em
        // above that; the folio sits halfway down the bottom margin, 0.25 em above its
        // descenders
        let top = self.top.max((safe + 2.6 * em).ceil());
        let bottom = self.bottom.max((2.0 * (safe + 0.25 * em)).ceil());
        Geometry {
            measure,
            inside,
            outside,
            top,
            bottom,
            body_height: self.height - top - bottom,
            chars_per_line: self.chars_per_line * measure / self.measure,
            two_sided: true,
            ..*self
        }
    }
}
