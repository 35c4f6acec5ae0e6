//! Kerning across piece boundaries. Each piece of a word ("**self**-care", a link and the
//! comma after it, the halves of a word around a soft hyphen) is shaped on its own, so the
//! pair kern between the last glyph of one piece and the first of the next would be lost.
//! Where both glyphs come from the same face at the same size, the pair is shaped together
//! and its kern added to the left glyph's advance — unless shaping them together changes the
//! glyphs (a ligature or a contextual form), since pieces are never merged into one glyph.
//! The left glyph keeps its natural advance as `nat`, so a line break taken between the
//! pieces drops the kern again, as it does inside a word.

use crate::theme::FontRole;
use crate::typeset::text::builder::{Builder, PGlyph};
use crate::typeset::text::shape::shape_units;
use crate::typeset::text::FontStore;

/// The kern, em, between the clusters `left` and `right` when shaped in `role`, if shaping
/// them together gives exactly the glyphs `gids` (the same face for both) they have apart.
pub(crate) fn pair_kern(
    store: &FontStore,
    role: FontRole,
    left: &str,
    right: &str,
    gids: (u16, u16),
) -> Option<f32> {
    let alone = shape_units(store, left, role);
    let mut both = String::with_capacity(left.len() + right.len());
    both.push_str(left);
    both.push_str(right);
    let pair = shape_units(store, &both, role);
    match (&alone.glyphs[..], &pair.glyphs[..]) {
        ([a], [l, r])
            if l.gid == gids.0 && r.gid == gids.1 && a.gid == gids.0 && l.face == r.face =>
        {
            Some(l.adv - a.adv)
        }
        _ => None,
    }
}

/// Adds the pair kern between glyph `a`, the last of one fragment, and glyph `b`, the
/// first of the next, when they share face and size (see the module comment).
pub(super) fn kern_across(bl: &mut Builder, a: usize, b: usize) {
    let (ga, gb): (PGlyph, PGlyph) = (bl.out.glyphs[a], bl.out.glyphs[b]);
    let whole = |g: &PGlyph| g.end > g.start;
    if ga.face != gb.face || ga.size != gb.size || !whole(&ga) || !whole(&gb) {
        return;
    }
    let (pa, pb) = (&bl.pieces[ga.piece as usize], &bl.pieces[gb.piece as usize]);
    let (Some(left), Some(right)) = (
        pa.text.get(ga.start as usize..ga.end as usize),
        pb.text.get(gb.start as usize..gb.end as usize),
    ) else {
        return;
    };
    // shaped in the left piece's role: its face must be the glyphs' face, else the pair
    // would be shaped in another font
    if bl.store.face_for(pa.role) != ga.face {
        return;
    }
    if let Some(k) = pair_kern(bl.store, pa.role, left, right, (ga.gid, gb.gid)) {
        bl.out.glyphs[a].adv += k * ga.size;
    }
}

#[cfg(test)]
#[path = "kern_tests.rs"]
mod tests;
