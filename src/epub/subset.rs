//! Font subsetting for the EPUB: each embedded font keeps only the glyphs of the characters the
//! book sets in it (plus basic punctuation and digits), and — unlike a PDF subset — keeps a
//! Unicode `cmap`, because an e-reader lays the text out itself and must map characters to
//! glyphs. TrueType fonts go through our own subsetter (`ttf.rs`), which also keeps kerning and
//! ligatures (`layout.rs`); other fonts (CFF outlines) through allsorts, without layout tables.
//! Hinting tables are kept so small sizes render as designed, and so is the `name` table, which
//! carries each font's copyright and licence (the OFL asks for it). Fonts none of whose roles
//! the book uses are not embedded at all.

use super::writer::Usage;
use super::Parts;
use crate::diag::Diagnostic;
use crate::fonts::FontFiles;
use crate::theme::FontRole;
use allsorts::binary::read::ReadScope;
use allsorts::font::MatchingPresentation;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use allsorts::Font;
use std::collections::{BTreeMap, BTreeSet};

/// Characters every embedded face carries whatever the text: spaces, basic punctuation,
/// digits, and the hyphens a reader may insert when it hyphenates.
pub const BASIC: &str = " \u{a0}.,:;!?-\u{2010}\u{ad}()'\"\u{2018}\u{2019}\u{201c}\u{201d}\u{2013}\u{2014}\u{2026}0123456789";

fn open(bytes: &[u8]) -> Result<Font<allsorts::font_data::DynamicFontTableProvider<'_>>, String> {
    let data = ReadScope::new(bytes)
        .read::<FontData<'_>>()
        .map_err(|e| format!("not a font file I can read ({e})"))?;
    let provider = data
        .table_provider(0)
        .map_err(|e| format!("cannot read the font's tables ({e})"))?;
    Font::new(provider).map_err(|e| format!("the font has no usable Unicode cmap ({e})"))
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

/// A copy of the font with only the glyphs for `chars` (and [`BASIC`]), keeping a Unicode
/// cmap for them. Returns an error message when the font cannot be read or written.
pub fn subset_font(bytes: &[u8], chars: &BTreeSet<char>) -> Result<Vec<u8>, String> {
    let mut all = chars.clone();
    all.extend(BASIC.chars());
    match super::ttf::subset(bytes, &all) {
        Ok(font) => Ok(font),
        Err(super::ttf::Error::NotTrueType) => subset_other(bytes, &all),
        Err(super::ttf::Error::Malformed(what)) => {
            subset_other(bytes, &all).map_err(|e| format!("its `{what}` table is malformed ({e})"))
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
    subset(
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

/// Safe file name for a font inside the package.
fn font_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let clean: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let stem = clean.rsplit_once('.').map(|(s, _)| s).unwrap_or(&clean);
    format!("{stem}.ttf")
}

/// Subsets each font file whose roles the pages use. Returns the files to embed and the
/// role → path map the stylesheet declares.
pub(super) fn embed_fonts(
    fonts: &FontFiles,
    usage: &Usage,
    diags: &mut Vec<Diagnostic>,
) -> (Parts, BTreeMap<FontRole, String>) {
    let used = usage.roles();
    let mut files = Vec::new();
    let mut faces = BTreeMap::new();
    let mut taken = BTreeSet::new();
    for (file, roles) in fonts.distinct() {
        let roles: Vec<FontRole> = roles.into_iter().filter(|r| used.contains(r)).collect();
        if roles.is_empty() {
            continue;
        }
        let mut chars = BTreeSet::new();
        for r in &roles {
            chars.extend(usage.chars[r].iter().copied());
        }
        match subset_font(&file.bytes, &chars) {
            Ok(bytes) => {
                let mut path = format!("fonts/{}", font_file_name(&file.name));
                let mut n = 2;
                while !taken.insert(path.clone()) {
                    path = format!("fonts/{n}-{}", font_file_name(&file.name));
                    n += 1;
                }
                for r in roles {
                    faces.insert(r, path.clone());
                }
                files.push((path, bytes));
            }
            Err(e) => diags.push(
                Diagnostic::warning(
                    "GB406",
                    format!("font `{}` is not embedded in the EPUB: {e}", file.name),
                )
                .in_file(file.name.clone())
                .help("use a TrueType/OpenType font with a Unicode cmap, or the built-in fonts"),
            ),
        }
    }
    (files, faces)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::builtin;

    #[test]
    fn subset_is_smaller_and_keeps_every_used_char_mapped() {
        let original = builtin("Literata-Regular.ttf").unwrap();
        let used: BTreeSet<char> = "Repair trust — “sorry” ĳ Ωμέγα Ж".chars().collect();
        let sub = subset_font(original, &used).unwrap();
        assert!(
            sub.len() * 10 < original.len(),
            "{} vs {}",
            sub.len(),
            original.len()
        );
        // Every char the original maps is still mapped in the subset.
        let want = mapped_chars(original, &used).unwrap();
        assert!(want.contains(&'Ж') && want.contains(&'—'));
        assert_eq!(mapped_chars(&sub, &used).unwrap(), want);
        // Basic punctuation comes along; letters that were not asked for do not.
        let extra: BTreeSet<char> = "?!9zQ".chars().collect();
        let got = mapped_chars(&sub, &extra).unwrap();
        assert!(got.contains(&'?') && got.contains(&'9'));
        assert!(!got.contains(&'z') && !got.contains(&'Q'));
        assert!(glyph_count(&sub).unwrap() < 80);
    }

    #[test]
    fn marker_glyphs_survive_in_the_sans() {
        let sans = builtin("SourceSans3-Regular.ttf").unwrap();
        let used: BTreeSet<char> = "✔✘•☐".chars().collect();
        let sub = subset_font(sans, &used).unwrap();
        assert_eq!(mapped_chars(&sub, &used).unwrap(), used);
    }

    #[test]
    fn unreadable_font_is_an_error_not_a_panic() {
        assert!(subset_font(b"not a font", &BTreeSet::new()).is_err());
    }
}
