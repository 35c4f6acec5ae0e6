//! A face's character map, read once for what the rest of the program asks of it: which characters it maps to
//! a glyph (its coverage), read from its Unicode `cmap` (format 12 before format 4) by our own
//! reader; the first face of a collection. The built-in (`'static`) fonts' coverage is read
//! once per process.

use super::sfnt::{Cmap, Tables};
use crate::fonts::{fallback_files, FontFile};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, OnceLock};

/// A font face's character map.
pub struct CharMap<'a> {
    cmap: Cmap<'a>,
}

impl<'a> CharMap<'a> {
    /// Reads the face (the first of a collection); `None` when the file has no table
    /// directory or no Unicode `cmap` (format 4 or 12) to read.
    pub fn parse(bytes: &'a [u8]) -> Option<CharMap<'a>> {
        let tables = Tables::parse_first_face(bytes)?;
        Some(CharMap {
            cmap: Cmap::parse(tables.get(b"cmap")?)?,
        })
    }

    /// The glyph the face draws `c` with, 0 when it has none.
    pub fn glyph(&self, c: char) -> u16 {
        self.cmap.map(c)
    }

    /// Whether the face maps `c` to a real glyph.
    pub fn maps(&self, c: char) -> bool {
        self.glyph(c) != 0
    }

    /// Every character the face maps to a real glyph.
    pub fn coverage(&self) -> BTreeSet<char> {
        self.cmap.mappings().into_iter().map(|(c, _)| c).collect()
    }
}

/// The characters a font file maps to a real glyph, or `None` when its `cmap` cannot be read.
pub fn coverage(bytes: &[u8]) -> Option<BTreeSet<char>> {
    CharMap::parse(bytes).map(|f| f.coverage())
}

/// [`coverage`] of a font file, read once per process for the built-in (`'static`) fonts.
pub fn cached_coverage(file: &FontFile) -> Option<Arc<BTreeSet<char>>> {
    type Cache = Mutex<BTreeMap<(usize, usize), Option<Arc<BTreeSet<char>>>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let Cow::Borrowed(b) = &file.bytes else {
        return coverage(&file.bytes).map(Arc::new);
    };
    // A 'static slice never moves or changes: its address and length identify it.
    let key = (b.as_ptr() as usize, b.len());
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return hit;
    }
    let set = coverage(b).map(Arc::new);
    if let Ok(mut c) = cache.lock() {
        c.insert(key, set.clone());
    }
    set
}

/// Which fallback face ([`crate::fonts::FALLBACK`] index) draws `c`, the first that has it;
/// their coverage is read on the first call.
pub fn fallback_for(c: char) -> Option<usize> {
    static SETS: OnceLock<Vec<Option<Arc<BTreeSet<char>>>>> = OnceLock::new();
    SETS.get_or_init(|| fallback_files().iter().map(cached_coverage).collect())
        .iter()
        .position(|s| s.as_ref().is_some_and(|s| s.contains(&c)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{BUILTIN, FALLBACK};
    use allsorts::tables::FontTableProvider;

    /// The code points allsorts reads from a font's cmap: the reference the tests hold ours to.
    fn cmap_chars(bytes: &[u8]) -> Option<BTreeSet<u32>> {
        let font = allsorts::binary::read::ReadScope::new(bytes)
            .read::<allsorts::font_data::FontData<'_>>()
            .ok()?;
        let provider = font.table_provider(0).ok()?;
        let data = provider.read_table_data(allsorts::tag::CMAP).ok()?;
        let cmap = allsorts::binary::read::ReadScope::new(&data)
            .read::<allsorts::tables::cmap::Cmap<'_>>()
            .ok()?;
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

    #[test]
    fn coverage_is_what_the_other_readers_see_in_every_bundled_font() {
        for (name, bytes) in BUILTIN.iter().chain(FALLBACK.iter()) {
            let ours = coverage(bytes).unwrap_or_else(|| panic!("{name} unreadable"));
            let theirs: BTreeSet<char> = cmap_chars(bytes)
                .unwrap()
                .into_iter()
                .filter_map(char::from_u32)
                .collect();
            assert_eq!(ours.len(), theirs.len(), "{name}");
            assert!(ours == theirs, "{name}");
            let face = CharMap::parse(bytes).unwrap();
            let some: Vec<char> = ours.iter().copied().step_by(97).collect();
            assert!(some.iter().all(|&c| face.maps(c)), "{name}");
        }
    }

    #[test]
    fn a_collection_is_read_by_its_first_face() {
        let (_, bytes) = BUILTIN[0];
        // A one-face collection: header, one offset, then the face moved by 16 bytes (its
        // table offsets count from the file's start, so they move too).
        let mut ttc = b"ttcf".to_vec();
        ttc.extend([0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 16]);
        let n = usize::from(u16::from_be_bytes([bytes[4], bytes[5]]));
        let mut face = bytes.to_vec();
        for i in 0..n {
            let at = 12 + 16 * i + 8;
            let off = u32::from_be_bytes(face[at..at + 4].try_into().unwrap()) + 16;
            face[at..at + 4].copy_from_slice(&off.to_be_bytes());
        }
        ttc.extend(face);
        assert_eq!(coverage(&ttc), coverage(bytes));
    }

    #[test]
    fn unreadable_files_have_no_coverage() {
        assert!(coverage(b"not a font").is_none());
        assert!(coverage(&[]).is_none());
        let file = FontFile {
            name: "x.ttf".into(),
            bytes: Cow::Owned(b"not a font".to_vec()),
        };
        assert!(cached_coverage(&file).is_none());
    }

    #[test]
    fn fallback_faces_are_built_in_and_have_the_symbols_and_emoji() {
        let [symbols, emoji] = fallback_files();
        let maps = |f: &FontFile, c: char| cached_coverage(f).map(|s| s.contains(&c));
        assert_eq!(crate::fonts::builtin(&symbols.name), Some(&*symbols.bytes));
        assert_eq!(crate::fonts::builtin(&emoji.name), Some(&*emoji.bytes));
        for c in "★☐✓▯".chars() {
            assert_eq!(maps(&symbols, c), Some(true), "{c}");
        }
        assert_eq!(maps(&symbols, crate::fonts::REPLACEMENT), Some(true));
        for c in "😊✅❌💬🙏🚫⛔".chars() {
            assert_eq!(maps(&emoji, c), Some(true), "{c}");
        }
        assert_eq!(maps(&emoji, '\u{10FFFD}'), Some(false));
    }
}
