//! Subsetting any font file: TrueType outlines through our own subsetter (`ttf.rs`, which keeps
//! kerning and ligatures), other fonts (CFF outlines) through allsorts, which keeps no layout
//! tables. Also the two checks the tests make of a subset, through allsorts: which characters
//! a font maps, and how many glyphs it has.

use super::ttf;
use allsorts::binary::read::ReadScope;
use allsorts::font::MatchingPresentation;
use allsorts::font_data::FontData;
use allsorts::subset::{subset as allsorts_subset, CmapTarget, SubsetProfile};
use allsorts::Font;
use std::collections::BTreeSet;

fn open(bytes: &[u8]) -> Result<Font<allsorts::font_data::DynamicFontTableProvider<'_>>, String> {
    if !cmap_offsets_inside(bytes) {
        return Err("its `cmap` table points outside itself".into());
    }
    if !has_h_metrics(bytes) {
        return Err("its `hhea` table lists no horizontal metrics".into());
    }
    let data = ReadScope::new(bytes)
        .read::<FontData<'_>>()
        .map_err(|e| format!("not a font file I can read ({e})"))?;
    let provider = data
        .table_provider(0)
        .map_err(|e| format!("cannot read the font's tables ({e})"))?;
    Font::new(provider).map_err(|e| format!("the font has no usable Unicode cmap ({e})"))
}

/// Whether every subtable offset of the font's `cmap` (first face) lies inside the table:
/// allsorts trusts them when it looks characters up (and a bad one panics inside it).
fn cmap_offsets_inside(bytes: &[u8]) -> bool {
    use super::sfnt::{u16_at, u32_at, Tables};
    let Some(cmap) = Tables::parse_first_face(bytes).and_then(|t| t.get(b"cmap")) else {
        // no table directory or no cmap: allsorts refuses such a file by itself
        return true;
    };
    let Some(n) = u16_at(cmap, 2) else {
        return false;
    };
    (0..usize::from(n)).all(|i| {
        u32_at(cmap, 4 + 8 * i + 4)
            .is_some_and(|off| (off as usize).saturating_add(4) <= cmap.len())
    })
}

/// Whether the font's `hhea` (first face), when it has one, counts at least one horizontal
/// metric: allsorts' subsetter takes the last of them for the glyphs past the count, and with
/// none it reads before the first (found by the font fuzz target).
fn has_h_metrics(bytes: &[u8]) -> bool {
    use super::sfnt::{u16_at, Tables};
    match Tables::parse_first_face(bytes).and_then(|t| t.get(b"hhea")) {
        Some(hhea) => u16_at(hhea, 34).is_some_and(|n| n > 0),
        None => true,
    }
}

/// The glyph ids of the characters (those the font has), with `.notdef` first.
fn glyphs_for<T: allsorts::tables::FontTableProvider>(
    font: &mut Font<T>,
    chars: &BTreeSet<char>,
) -> Vec<u16> {
    let mut ids: BTreeSet<u16> = BTreeSet::new();
    for &c in chars {
        let (gid, _) = font.lookup_glyph_index(c, MatchingPresentation::NotRequired, None);
        if gid != 0 {
            ids.insert(gid);
        }
    }
    let mut out = vec![0u16];
    out.extend(ids);
    out
}

/// A copy of the font with only the glyphs for `chars`, keeping a Unicode cmap for them.
/// Returns an error message when the font cannot be read or written.
pub fn subset(bytes: &[u8], chars: &BTreeSet<char>) -> Result<Vec<u8>, String> {
    match ttf::subset(bytes, chars) {
        Ok(font) => Ok(font),
        Err(ttf::Error::NotTrueType) => subset_other(bytes, chars),
        Err(ttf::Error::Malformed(what)) => {
            subset_other(bytes, chars).map_err(|e| format!("its `{what}` table is malformed ({e})"))
        }
    }
}

/// Subsets a font our own subsetter does not take (CFF outlines) with allsorts, which keeps
/// no layout tables.
fn subset_other(bytes: &[u8], all: &BTreeSet<char>) -> Result<Vec<u8>, String> {
    let mut font = open(bytes)?;
    let glyphs = glyphs_for(&mut font, all);
    let profile = SubsetProfile::parse_custom("cvt,fpgm,prep".to_string())
        .map_err(|e| format!("bad subset profile ({e})"))?;
    allsorts_subset(
        &font.font_table_provider,
        &glyphs,
        &profile,
        CmapTarget::Unicode,
    )
    .map_err(|e| format!("subsetting failed ({e})"))
}

/// Which of `chars` the font maps to a real glyph (used to check a subset kept its cmap).
pub fn mapped_chars(bytes: &[u8], chars: &BTreeSet<char>) -> Result<BTreeSet<char>, String> {
    let mut font = open(bytes)?;
    Ok(chars
        .iter()
        .copied()
        .filter(|&c| {
            font.lookup_glyph_index(c, MatchingPresentation::NotRequired, None)
                .0
                != 0
        })
        .collect())
}

/// Number of glyphs in a font.
pub fn glyph_count(bytes: &[u8]) -> Result<u16, String> {
    Ok(open(bytes)?.num_glyphs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_font_is_an_error_not_a_panic() {
        assert!(subset(b"not a font", &BTreeSet::new()).is_err());
        assert!(mapped_chars(b"not a font", &BTreeSet::new()).is_err());
        assert!(glyph_count(b"").is_err());
    }
}
