//! The fonts the EPUB embeds: each embedded font keeps only the glyphs of the characters the
//! book sets in it (plus basic punctuation and digits), and — unlike a PDF subset — keeps a
//! Unicode `cmap`, because an e-reader lays the text out itself and must map characters to
//! glyphs. The subsetting itself is [`crate::fontkit`]'s: TrueType fonts through our own
//! subsetter, which also keeps kerning and ligatures; other fonts (CFF outlines) through
//! allsorts, without layout tables. Hinting tables are kept so small sizes render as designed,
//! and so is the `name` table, which carries each font's copyright and licence (the OFL asks
//! for it). Fonts none of whose roles the book uses are not embedded at all. Characters a
//! role's font lacks go into the subset of the font the PDF would draw them with — another
//! theme font, or the built-in symbol or emoji face — and a character no face has is mapped to
//! the symbol face's ▯, so a reader following the stylesheet's font stacks draws what the PDF
//! draws.

use super::container::Parts;
use super::writer::Usage;
use crate::diag::{Diagnostic, Warned};
use crate::fontkit;
use crate::fontkit::fallback_for;
use crate::fonts::{draws_nothing, FontFile, FontFiles, FALLBACK, REPLACEMENT};
use crate::theme::FontRole;
use std::collections::{BTreeMap, BTreeSet};

/// Characters every embedded face carries whatever the text: spaces, basic punctuation,
/// digits, and the hyphens a reader may insert when it hyphenates.
pub const BASIC: &str = " \u{a0}.,:;!?-\u{2010}\u{ad}()'\"\u{2018}\u{2019}\u{201c}\u{201d}\u{2013}\u{2014}\u{2026}0123456789";

/// A copy of the font with only the glyphs for `chars` and [`BASIC`], keeping a Unicode cmap
/// for them. Returns an error message when the font cannot be read or written.
pub fn subset_font(bytes: &[u8], chars: &BTreeSet<char>) -> Result<Vec<u8>, String> {
    let mut all = chars.clone();
    all.extend(BASIC.chars());
    fontkit::subset(bytes, &all)
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

/// The fonts to embed: the files, the role → path map and the fallback faces' paths (index in
/// [`FALLBACK`], path) the stylesheet declares.
pub(super) struct Embedded {
    pub files: Parts,
    pub faces: BTreeMap<FontRole, String>,
    pub fallbacks: Vec<(usize, String)>,
}

/// The roles a role falls back to after its own face, as in the PDF (`pdf::shape`): Sans,
/// Body, Mono.
pub(super) const CHAIN: [FontRole; 3] = [FontRole::Sans, FontRole::Body, FontRole::Mono];

/// Which file draws each character, the way the PDF picks: the role's own file, then the
/// files of [`CHAIN`], then the fallback faces; a character none has is drawn with the first
/// fallback face's replacement box. Returns, per distinct file, the characters other roles
/// send to it; per fallback face its characters; and the characters no face has.
#[allow(clippy::type_complexity)]
fn assign(
    distinct: &[(&FontFile, Vec<FontRole>)],
    usage: &Usage,
) -> (Vec<BTreeSet<char>>, Vec<BTreeSet<char>>, BTreeSet<char>) {
    let file_of = |role: FontRole| distinct.iter().position(|(_, rs)| rs.contains(&role));
    // Each file's coverage, read once.
    let covers: Vec<_> = distinct
        .iter()
        .map(|(f, _)| fontkit::cached_coverage(f))
        .collect();
    let mut extra = vec![BTreeSet::new(); distinct.len()];
    let mut fallback = vec![BTreeSet::new(); FALLBACK.len()];
    let mut none = BTreeSet::new();
    for (role, chars) in &usage.chars {
        let Some(own) = file_of(*role) else { continue };
        let mut chain = vec![own];
        for r in CHAIN {
            if let Some(f) = file_of(r).filter(|f| !chain.contains(f)) {
                chain.push(f);
            }
        }
        for &c in chars {
            // An unreadable cmap counts as covering (the subsetter reports the font).
            let has = |f: usize| covers[f].as_ref().is_none_or(|s| s.contains(&c));
            if draws_nothing(c) || has(own) {
                continue;
            }
            if let Some(f) = chain[1..].iter().copied().find(|f| has(*f)) {
                extra[f].insert(c);
            } else if let Some(i) = fallback_for(c) {
                fallback[i].insert(c);
            } else {
                none.insert(c);
            }
        }
    }
    (extra, fallback, none)
}

/// A unique path under `fonts/` for a font file name.
fn package_path(name: &str, taken: &mut BTreeSet<String>) -> String {
    let mut path = format!("fonts/{}", font_file_name(name));
    let mut n = 2;
    while !taken.insert(path.clone()) {
        path = format!("fonts/{n}-{}", font_file_name(name));
        n += 1;
    }
    path
}

/// Subsets each font file whose roles the pages use, or that draws characters other roles
/// lack, and the fallback faces for the characters only they have (the first one also with
/// the replacement box, mapped from each character no face has). Returns what to embed and
/// declare.
pub(super) fn embed_fonts(fonts: &FontFiles, usage: &Usage) -> Warned<Embedded> {
    let mut diags = Vec::new();
    let used = usage.roles();
    let mut out = Embedded {
        files: Vec::new(),
        faces: BTreeMap::new(),
        fallbacks: Vec::new(),
    };
    let mut taken = BTreeSet::new();
    let distinct = fonts.distinct();
    let (extra, fallback, none) = assign(&distinct, usage);
    let mut fail = |name: &str, e: String| {
        diags.push(
            Diagnostic::warning(
                "GB406",
                format!("font `{name}` is not embedded in the EPUB: {e}"),
            )
            .in_file(name.to_string())
            .help("use a TrueType/OpenType font with a Unicode cmap, or the built-in fonts"),
        )
    };
    for ((file, all_roles), extra) in distinct.iter().zip(&extra) {
        let mut roles: Vec<FontRole> = all_roles
            .iter()
            .copied()
            .filter(|r| used.contains(r))
            .collect();
        if !extra.is_empty() {
            // The stylesheet names this file's fallback roles after each role's own family.
            for r in all_roles {
                if CHAIN.contains(r) && !roles.contains(r) {
                    roles.push(*r);
                }
            }
        }
        if roles.is_empty() {
            continue;
        }
        let mut chars = extra.clone();
        for r in all_roles.iter().filter(|r| used.contains(r)) {
            chars.extend(usage.chars[r].iter().copied());
        }
        match subset_font(&file.bytes, &chars) {
            Ok(bytes) => {
                let path = package_path(&file.name, &mut taken);
                for r in roles {
                    out.faces.insert(r, path.clone());
                }
                out.files.push((path, bytes));
            }
            Err(e) => fail(&file.name, e),
        }
    }
    for (i, (name, bytes)) in FALLBACK.iter().enumerate() {
        let mut aliases = BTreeMap::new();
        let mut chars = fallback[i].clone();
        if i == 0 {
            aliases.extend(none.iter().map(|c| (*c, REPLACEMENT)));
        }
        if chars.is_empty() && aliases.is_empty() {
            continue;
        }
        if !aliases.is_empty() {
            chars.insert(REPLACEMENT);
        }
        match fontkit::subset_with_aliases(bytes, &chars, &aliases) {
            Ok(sub) => {
                let path = package_path(name, &mut taken);
                out.fallbacks.push((i, path.clone()));
                out.files.push((path, sub));
            }
            Err(e) => fail(name, format!("{e:?}")),
        }
    }
    Warned::new(out, diags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fontkit::{glyph_count, mapped_chars};
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
