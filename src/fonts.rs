//! The font files a build uses, one per [`FontRole`]: the OFL fonts committed under `fonts/` are
//! compiled into the binary (so it runs anywhere), and a theme may name other files, which the
//! loader reads from the manuscript folder. Backends get bytes from here and never read disk.
//! Two more built-in faces, a symbol face and a monochrome emoji face ([`FALLBACK`]), are no
//! theme role's: both backends try them last, after the theme's faces, for characters those
//! lack, and draw the symbol face's ▯ ([`REPLACEMENT`]) for a character no face has.

use crate::theme::{FontNames, FontRole};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The fonts compiled into the binary: (file name, bytes).
pub const BUILTIN: &[(&str, &[u8])] = &[
    (
        "Literata-Regular.ttf",
        include_bytes!("../fonts/Literata-Regular.ttf"),
    ),
    (
        "Literata-Italic.ttf",
        include_bytes!("../fonts/Literata-Italic.ttf"),
    ),
    (
        "Literata-Bold.ttf",
        include_bytes!("../fonts/Literata-Bold.ttf"),
    ),
    (
        "Literata-BoldItalic.ttf",
        include_bytes!("../fonts/Literata-BoldItalic.ttf"),
    ),
    (
        "SourceSans3-Regular.ttf",
        include_bytes!("../fonts/SourceSans3-Regular.ttf"),
    ),
    (
        "SourceSans3-Semibold.ttf",
        include_bytes!("../fonts/SourceSans3-Semibold.ttf"),
    ),
    (
        "SourceCodePro-Regular.ttf",
        include_bytes!("../fonts/SourceCodePro-Regular.ttf"),
    ),
    ("NotoSansSymbols2-Regular.ttf", SYMBOLS),
    ("NotoEmoji-Regular.ttf", EMOJI),
];

/// The symbol face's bytes, as a static of their own so that the binary holds one copy for
/// both tables (a literal named twice was compiled in twice).
static SYMBOLS_DATA: [u8; include_bytes!("../fonts/NotoSansSymbols2-Regular.ttf").len()] =
    *include_bytes!("../fonts/NotoSansSymbols2-Regular.ttf");
static SYMBOLS: &[u8] = &SYMBOLS_DATA;
/// The emoji face's bytes, likewise.
static EMOJI_DATA: [u8; include_bytes!("../fonts/NotoEmoji-Regular.ttf").len()] =
    *include_bytes!("../fonts/NotoEmoji-Regular.ttf");
static EMOJI: &[u8] = &EMOJI_DATA;

/// The last fallbacks, in the order tried after the theme's faces: (file name, bytes). The
/// first one also draws [`REPLACEMENT`].
pub const FALLBACK: [(&str, &[u8]); 2] = [
    ("NotoSansSymbols2-Regular.ttf", SYMBOLS),
    ("NotoEmoji-Regular.ttf", EMOJI),
];

/// What is drawn for a character no face has (U+25AF WHITE VERTICAL RECTANGLE, from the first
/// fallback face): a visible box, while the text keeps the character itself.
pub const REPLACEMENT: char = '\u{25AF}';

/// Characters that are never drawn, so need no glyph: whitespace, controls, and Unicode's
/// default-ignorable code points (joiners, variation selectors, bidi marks, soft hyphen).
pub fn draws_nothing(c: char) -> bool {
    let u = c as u32;
    c.is_whitespace()
        || c.is_control()
        || matches!(u,
            0xAD | 0x34F | 0x61C | 0x115F..=0x1160 | 0x17B4..=0x17B5 | 0x180B..=0x180F
            | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
            | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF)
}

/// The fallback faces as font files.
pub fn fallback_files() -> [FontFile; 2] {
    FALLBACK.map(|(name, bytes)| FontFile {
        name: name.to_string(),
        bytes: Cow::Borrowed(bytes),
    })
}

/// Looks a built-in font up by file name.
pub fn builtin(name: &str) -> Option<&'static [u8]> {
    BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, b)| *b)
}

/// One font file.
#[derive(Debug, Clone, PartialEq)]
pub struct FontFile {
    /// File name as named in the theme (used for PDF font names and EPUB file names).
    pub name: String,
    pub bytes: Cow<'static, [u8]>,
}

/// The font for each role. Several roles may share one file.
#[derive(Debug, Clone, PartialEq)]
pub struct FontFiles {
    pub by_role: BTreeMap<FontRole, FontFile>,
}

impl FontFiles {
    /// The theme's fonts, all built in. Returns the names that are not built in as `Err`.
    pub fn builtin_for(names: &FontNames) -> Result<FontFiles, Vec<(FontRole, String)>> {
        let mut by_role = BTreeMap::new();
        let mut missing = Vec::new();
        for role in FontRole::ALL {
            let name = names.get(role);
            match builtin(name) {
                Some(bytes) => {
                    by_role.insert(
                        role,
                        FontFile {
                            name: name.to_string(),
                            bytes: Cow::Borrowed(bytes),
                        },
                    );
                }
                None => missing.push((role, name.to_string())),
            }
        }
        if missing.is_empty() {
            Ok(FontFiles { by_role })
        } else {
            Err(missing)
        }
    }

    /// The default theme's fonts.
    pub fn default_set() -> FontFiles {
        FontFiles::builtin_for(&FontNames::default()).expect("default fonts are built in")
    }

    pub fn get(&self, role: FontRole) -> &FontFile {
        &self.by_role[&role]
    }

    /// Distinct files in a stable order, each with the roles that use it.
    pub fn distinct(&self) -> Vec<(&FontFile, Vec<FontRole>)> {
        let mut out: Vec<(&FontFile, Vec<FontRole>)> = Vec::new();
        for (role, file) in &self.by_role {
            match out.iter_mut().find(|(f, _)| f.name == file.name) {
                Some((_, roles)) => roles.push(*role),
                None => out.push((file, vec![*role])),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_theme_fonts_are_all_built_in() {
        let f = FontFiles::default_set();
        assert_eq!(f.by_role.len(), FontRole::ALL.len());
        assert!(f.get(FontRole::Sans).bytes.len() > 10_000);
        assert_eq!(f.distinct().len(), 7);
    }
}
