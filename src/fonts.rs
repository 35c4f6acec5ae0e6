//! The font files a build uses, one per [`FontRole`]: the OFL fonts committed under `fonts/` are
//! compiled into the binary (so it runs anywhere), and a theme may name other files, which the
//! loader reads from the manuscript folder. Backends get bytes from here and never read disk.
//! Two more built-in faces, a symbol face and a monochrome emoji face ([`FALLBACK`]), are no
//! theme role's: both backends try them last, after the theme's faces, for characters those
//! lack, and draw the symbol face's ▯ ([`REPLACEMENT`]) for a character no face has.

use crate::theme::{FontNames, FontRole};
use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::tables::cmap::Cmap;
use allsorts::tables::FontTableProvider;
use allsorts::tag;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, OnceLock};

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

/// Whether the font maps `c` to a real glyph, read from its cmap; the built-in (`'static`)
/// fonts' cmaps are read once per process. `None` when the cmap cannot be read.
pub fn maps(file: &FontFile, c: char) -> Option<bool> {
    cached_cmap(file).map(|set| set.contains(&(c as u32)))
}

/// The code points a font maps to a real glyph, or `None` when its cmap cannot be read.
pub(crate) fn cmap_chars(bytes: &[u8]) -> Option<BTreeSet<u32>> {
    let font = ReadScope::new(bytes).read::<FontData<'_>>().ok()?;
    let provider = font.table_provider(0).ok()?;
    let data = provider.read_table_data(tag::CMAP).ok()?;
    let cmap = ReadScope::new(&data).read::<Cmap<'_>>().ok()?;
    let (_, sub) = allsorts::font::read_cmap_subtable(&cmap).ok()??;
    let mut set = BTreeSet::new();
    sub.mappings_fn(|ch, gid| {
        if gid != 0 {
            set.insert(ch);
        }
    })
    .ok()?;
    Some(set)
}

/// The cmap of a font file, read once per process for the built-in (`'static`) fonts.
pub(crate) fn cached_cmap(file: &FontFile) -> Option<Arc<BTreeSet<u32>>> {
    type Cache = Mutex<BTreeMap<(usize, usize), Option<Arc<BTreeSet<u32>>>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let Cow::Borrowed(b) = &file.bytes else {
        return cmap_chars(&file.bytes).map(Arc::new);
    };
    // A 'static slice never moves or changes: its address and length identify it.
    let key = (b.as_ptr() as usize, b.len());
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return hit;
    }
    let set = cmap_chars(b).map(Arc::new);
    if let Ok(mut c) = cache.lock() {
        c.insert(key, set.clone());
    }
    set
}

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

/// Which fallback face ([`FALLBACK`] index) draws `c`, the first that has it; their cmaps are
/// read on the first call.
pub fn fallback_for(c: char) -> Option<usize> {
    static SETS: OnceLock<Vec<Option<Arc<BTreeSet<u32>>>>> = OnceLock::new();
    SETS.get_or_init(|| fallback_files().iter().map(cached_cmap).collect())
        .iter()
        .position(|s| s.as_ref().is_some_and(|s| s.contains(&(c as u32))))
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

    #[test]
    fn fallback_faces_are_built_in_and_have_the_symbols_and_emoji() {
        let [symbols, emoji] = fallback_files();
        assert_eq!(builtin(&symbols.name), Some(&*symbols.bytes));
        assert_eq!(builtin(&emoji.name), Some(&*emoji.bytes));
        for c in "★☐✓▯".chars() {
            assert_eq!(maps(&symbols, c), Some(true), "{c}");
        }
        assert_eq!(maps(&symbols, REPLACEMENT), Some(true));
        for c in "😊✅❌💬🙏🚫⛔".chars() {
            assert_eq!(maps(&emoji, c), Some(true), "{c}");
        }
        assert_eq!(maps(&emoji, '\u{10FFFD}'), Some(false));
    }
}
