//! The EPUB font subsets shaped against the fonts they come from: text made of the kept
//! characters must get the same glyph count (ligatures formed), advances and offsets (kerning
//! applied) from the subset as from the original, and the subsets must stay valid fonts.

use crate::epub::subset::subset_font;
use crate::fontkit::{glyph_count, mapped_chars};
use crate::fonts::builtin;
use harfrust::{Buffer, Direction, Font, Script, ShapeOptions, ShaperFont};
use std::collections::BTreeSet;

/// (advance, x offset, y offset, cluster) of each glyph of `text`.
fn shape(font: &[u8], text: &str) -> Vec<(i32, i32, i32, u32)> {
    let f = Font::new(font.to_vec(), 0).expect("harfrust reads the font");
    let shaper = ShaperFont::new(&f);
    let mut b = Buffer::new();
    b.set_direction(Direction::LeftToRight);
    b.set_script(Some(Script::LATIN));
    b.push_str(text);
    harfrust::shape(&shaper, &mut b, ShapeOptions::new()).expect("shapes");
    b.glyph_positions()
        .iter()
        .zip(b.glyph_infos())
        .map(|(p, i)| (p.x_advance, p.x_offset, p.y_offset, i.cluster))
        .collect()
}

const TEXT: &str = "Office affairs: “To AVoid Wolf’s tyranny,” fly. Ty P. Yes—eff, ffl. 1/2 Ω Ж";

const FACES: [&str; 7] = [
    "Literata-Regular.ttf",
    "Literata-Italic.ttf",
    "Literata-Bold.ttf",
    "Literata-BoldItalic.ttf",
    "SourceSans3-Regular.ttf",
    "SourceSans3-Semibold.ttf",
    "SourceCodePro-Regular.ttf",
];

#[test]
fn subsets_shape_like_their_originals() {
    let chars: BTreeSet<char> = TEXT.chars().collect();
    for name in FACES {
        let original = builtin(name).unwrap();
        let sub = subset_font(original, &chars).unwrap();
        for line in TEXT.split(' ') {
            assert_eq!(shape(&sub, line), shape(original, line), "{name}: {line}");
        }
        assert_eq!(
            mapped_chars(&sub, &chars).unwrap(),
            mapped_chars(original, &chars).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn ligatures_and_kerning_are_really_there() {
    let chars: BTreeSet<char> = "fitAVo".chars().collect();
    for (name, lig) in [
        ("Literata-Regular.ttf", "fi"),
        ("SourceSans3-Regular.ttf", "ft"),
    ] {
        let sub = subset_font(builtin(name).unwrap(), &chars).unwrap();
        // The pair becomes one glyph, which the cmap does not map: the ligature closure kept it.
        assert_eq!(shape(&sub, lig).len(), 1, "{name}");
        assert_eq!(shape(&sub, "fo").len(), 2, "{name}");
        // A is kerned before V.
        assert!(shape(&sub, "AV")[0].0 < shape(&sub, "A")[0].0, "{name}");
    }
}

#[test]
fn ligature_glyphs_come_only_with_their_components() {
    let lit = builtin("Literata-Regular.ttf").unwrap();
    let with: BTreeSet<char> = "fi".chars().collect();
    let without: BTreeSet<char> = "f".chars().collect();
    let a = glyph_count(&subset_font(lit, &with).unwrap()).unwrap();
    let b = glyph_count(&subset_font(lit, &without).unwrap()).unwrap();
    // With i: i, fi, and perhaps more ligatures of f and i (ffi); without it, none of those.
    assert!(a >= b + 2, "{a} vs {b}");
}
