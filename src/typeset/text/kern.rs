//! Kerning across piece boundaries. Each piece of a word ("**self**-care", a link and the
//! comma after it, the halves of a word around a soft hyphen) is shaped on its own, so the
//! pair kern between the last glyph of one piece and the first of the next would be lost.
//! Where both glyphs come from the same face at the same size, the pair is shaped together
//! and its kern added to the left glyph's advance — unless shaping them together changes the
//! glyphs (a ligature or a contextual form), since pieces are never merged into one glyph.
//! The left glyph keeps its natural advance as `nat`, so a line break taken between the
//! pieces drops the kern again, as it does inside a word.

use crate::theme::FontRole;
use crate::typeset::text::items::{Builder, PGlyph};
use crate::typeset::text::shape::shape_units;
use crate::typeset::text::store::FontStore;

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

impl Builder<'_> {
    /// Adds the pair kern between glyph `a`, the last of one fragment, and glyph `b`, the
    /// first of the next, when they share face and size (see the module comment).
    pub(super) fn kern_across(&mut self, a: usize, b: usize) {
        let (ga, gb): (PGlyph, PGlyph) = (self.out.glyphs[a], self.out.glyphs[b]);
        let whole = |g: &PGlyph| g.end > g.start;
        if ga.face != gb.face || ga.size != gb.size || !whole(&ga) || !whole(&gb) {
            return;
        }
        let (pa, pb) = (
            &self.pieces[ga.piece as usize],
            &self.pieces[gb.piece as usize],
        );
        let (Some(left), Some(right)) = (
            pa.text.get(ga.start as usize..ga.end as usize),
            pb.text.get(gb.start as usize..gb.end as usize),
        ) else {
            return;
        };
        // shaped in the left piece's role: its face must be the glyphs' face, else the pair
        // would be shaped in another font
        if self.store.face_for(pa.role) != ga.face {
            return;
        }
        if let Some(k) = pair_kern(self.store, pa.role, left, right, (ga.gid, gb.gid)) {
            self.out.glyphs[a].adv += k * ga.size;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, BlockKind, Inline};
    use crate::typeset::flow::FlowCx;
    use crate::typeset::text::items::{build, Built, Content};
    use crate::typeset::text::tests::{piece, store};
    use crate::typeset::text::tuning::Tuning;
    use crate::typeset::text::{ParaAlign, ParaSpec, Piece};
    use std::path::Path;

    fn spec() -> ParaSpec {
        ParaSpec {
            width: 340.0,
            first_indent: 0.0,
            align: ParaAlign::Justify,
            hyphenate: true,
            line_height: 14.0,
            em: 10.0,
            balance: false,
        }
    }

    /// Piece boundaries inside words (glyphs of two pieces with no space or break between):
    /// (all of them, those in one face and size with a pair kern there, of which kerned as
    /// the pair shaped together is).
    fn boundaries(s: &FontStore, pieces: &[Piece], built: &Built) -> [usize; 3] {
        let mut n = [0; 3];
        let mut prev: Option<usize> = None;
        for c in &built.content {
            let r = match c {
                Content::Glyphs(r) => r.clone(),
                Content::WordBreak { .. } => continue,
                _ => {
                    prev = None;
                    continue;
                }
            };
            for g in r {
                let Some(p) = prev.replace(g) else { continue };
                let (a, b) = (built.glyphs[p], built.glyphs[g]);
                if a.piece == b.piece || a.end <= a.start || b.end <= b.start {
                    continue;
                }
                n[0] += 1;
                let (pa, pb) = (&pieces[a.piece as usize], &pieces[b.piece as usize]);
                let left = &pa.text[a.start as usize..a.end as usize];
                let right = &pb.text[b.start as usize..b.end as usize];
                if a.face != b.face || a.size != b.size {
                    continue;
                }
                let Some(k) = pair_kern(s, pa.role, left, right, (a.gid, b.gid)) else {
                    continue;
                };
                if k == 0.0 {
                    continue;
                }
                n[1] += 1;
                let alone = shape_units(s, left, pa.role).glyphs[0].adv;
                if ((a.adv - alone * a.size) - k * a.size).abs() < 1e-4 {
                    n[2] += 1;
                }
            }
        }
        n
    }

    #[test]
    fn link_and_the_comma_after_it_are_kerned_like_one_word() {
        let s = store();
        // "y," and "r." kern in Literata: the same pairs inside one piece and across two
        let mut link = piece("every");
        link.color = (0.0, 0.0, 1.0);
        let pieces = vec![link, piece(", after")];
        let built = build(&s, &pieces, &spec(), &Tuning::default(), true);
        assert_eq!(boundaries(&s, &pieces, &built), [1, 1, 1]);
        let one = build(
            &s,
            &[piece("every, after")],
            &spec(),
            &Tuning::default(),
            true,
        );
        let width = |b: &Built| b.items.iter().map(|i| i.width).sum::<f32>();
        assert!((width(&built) - width(&one)).abs() < 1e-3);
    }

    #[test]
    fn no_kern_across_faces_or_sizes() {
        let s = store();
        let mut it = piece("every");
        it.role = FontRole::BodyItalic;
        let pieces = vec![it, piece(", after")];
        let built = build(&s, &pieces, &spec(), &Tuning::default(), true);
        let y = built.glyphs.iter().rposition(|g| g.piece == 0).unwrap();
        assert!((built.glyphs[y].adv - built.glyphs[y].nat).abs() < 1e-4);
    }

    /// Every run of inlines in the blocks, in order.
    fn runs<'a>(blocks: &'a [Block], out: &mut Vec<&'a [Inline]>) {
        for b in blocks {
            match &b.kind {
                BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) => {
                    out.push(content)
                }
                BlockKind::Figure { caption, .. } => out.push(caption),
                BlockKind::List(l) => {
                    out.extend(l.lead.iter().map(|x| &x.content[..]));
                    l.items.iter().for_each(|i| runs(&i.blocks, out));
                }
                BlockKind::Sayings(x) => {
                    out.extend(x.lead.iter().map(|x| &x.content[..]));
                    out.extend(x.items.iter().map(|i| &i.content[..]));
                }
                BlockKind::BlockQuote(inner) => runs(inner, out),
                BlockKind::Table(t) => {
                    out.extend(t.head.iter().chain(t.rows.iter().flatten()).map(|c| &c[..]))
                }
                BlockKind::CodeBlock { .. } | BlockKind::ThematicBreak => {}
            }
        }
    }

    /// On the bundled guide and the fixture, every kerned pair at a piece boundary inside a
    /// word gets its kern (before this module, none did). Prints the counts:
    /// `cargo test --lib piece_boundaries_are_kerned -- --nocapture`.
    #[test]
    fn piece_boundaries_are_kerned_in_the_guide_and_the_fixture() {
        let mut total = 0;
        for dir in ["manuscript", "tests/fixtures/commonmark-gfm"] {
            let ms = crate::manuscript::load(Path::new(dir)).unwrap();
            let (doc, _) = crate::parse::parse(&ms);
            let s = FontStore::new(&ms.fonts).unwrap();
            let mut lay = FlowCx::new(&s, &ms.config.theme, &doc, 340.0, 600.0, true);
            let style = lay.body();
            let (mut n, mut paras) = ([0; 3], 0);
            for ch in &doc.chapters {
                let mut all = Vec::new();
                runs(&ch.blocks, &mut all);
                for inl in all {
                    let mut pieces = Vec::new();
                    crate::typeset::flow::pieces(&mut lay, inl, style, None, &mut pieces);
                    let built = build(&s, &pieces, &spec(), &Tuning::default(), true);
                    let b = boundaries(&s, &pieces, &built);
                    (0..3).for_each(|i| n[i] += b[i]);
                    paras += 1;
                }
            }
            eprintln!(
                "{dir}: {paras} runs, {} piece boundaries inside words, {} in one face and size \
                 with a pair kern, {} kerned",
                n[0], n[1], n[2]
            );
            assert_eq!(n[2], n[1], "{dir}");
            total += n[1];
        }
        assert!(total > 0, "nothing was measured");
    }
}
