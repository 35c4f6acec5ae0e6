//! Tests of [`super`]: kerning across piece boundaries, on made-up pieces and on every
//! paragraph of the bundled guide and the fixture.

use super::*;
use crate::testing::paragraphs::{piece, store};
use crate::typeset::text::builder::{Built, Content};
use crate::typeset::text::items::build;
use crate::typeset::text::piece::{ParaAlign, ParaSpec, Piece};
use crate::typeset::text::record::record_paragraphs;
use crate::typeset::text::tuning::Tuning;
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

/// On the bundled guide and the fixture, every kerned pair at a piece boundary inside a
/// word gets its kern (before this module, none did). The paragraphs are those the
/// typesetter sets, recorded. Prints the counts:
/// `cargo test --lib piece_boundaries_are_kerned -- --nocapture`.
#[test]
fn piece_boundaries_are_kerned_in_the_guide_and_the_fixture() {
    let mut total = 0;
    for dir in ["manuscript", "tests/fixtures/commonmark-gfm"] {
        let ms = crate::manuscript::load(Path::new(dir)).unwrap();
        let (doc, _) = crate::parse::document(&ms).into_parts();
        let s = FontStore::new(&ms.fonts).unwrap();
        let opts = crate::typeset::TypesetOptions::from_config(&ms.config, None);
        let (_, paragraphs) = record_paragraphs(|| {
            let _ = crate::typeset::typeset(&doc, &ms.config.theme, &s, &opts);
        });
        let (mut n, mut paras) = ([0; 3], 0);
        for (pieces, _) in &paragraphs {
            let built = build(&s, pieces, &spec(), &Tuning::default(), true);
            let b = boundaries(&s, pieces, &built);
            (0..3).for_each(|i| n[i] += b[i]);
            paras += 1;
        }
        eprintln!(
            "{dir}: {paras} paragraphs, {} piece boundaries inside words, {} in one face and \
             size with a pair kern, {} kerned",
            n[0], n[1], n[2]
        );
        assert_eq!(n[2], n[1], "{dir}");
        total += n[1];
    }
    assert!(total > 0, "nothing was measured");
}
