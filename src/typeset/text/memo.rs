//! The memos of a paragraph setter: text shaped in em units per (role, text), and words shaped
//! with their break points per (role, word flags, text). The same words repeat all through a
//! book, so each is shaped once per build. Also the harfrust buffer reused between shaping
//! calls. A memo belongs to one thread (another thread makes its own over the same faces).
//! Texts over 1 KB are shaped but not remembered, and a map of 32K texts starts again empty.

use crate::fontkit::{role_index, FaceId};
use crate::theme::FontRole;
use crate::typeset::text::hyphen::BreakKind;
use harfrust::Buffer;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

/// A glyph in em units (multiply by the size for pt).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct UnitGlyph {
    pub face: FaceId,
    pub gid: u16,
    /// Shaped advance (kerning included), em.
    pub adv: f32,
    /// Natural advance from `hmtx`, em.
    pub nat: f32,
    pub dx: f32,
    pub dy: f32,
    /// Byte range of the source text this glyph stands for; empty for extra glyphs.
    pub start: u32,
    pub end: u32,
}

/// A shaped string in em units.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct UnitShape {
    pub glyphs: Vec<UnitGlyph>,
    pub width: f32,
    pub missing: Vec<char>,
}

/// A word shaped in em units, with its break points (the glyph index where the next line
/// would start, and the kind of break).
#[derive(Debug)]
pub(crate) struct WordInfo {
    pub shape: Rc<UnitShape>,
    pub breaks: Vec<(u32, BreakKind)>,
}

/// The longest text remembered, bytes: a longer one (a huge word, a whole title) does not
/// come again, and remembering it would keep its glyphs to the end of the build.
const REMEMBER_MAX: usize = 1024;

/// Most texts one memo map keeps: when it is full it starts again empty. A book's vocabulary
/// is a few thousand words; a manuscript of a hundred thousand different ones (numbered
/// headings, random text) would otherwise keep all of their glyphs to the end of the build.
/// What is shaped does not depend on the memo, so the output is the same either way.
const ENTRIES_MAX: usize = 32 * 1024;

/// Inserts into a memo map, emptying it first when it is full.
fn remember<V>(map: &mut FastMap<Box<str>, V>, text: &str, value: V) {
    if map.len() >= ENTRIES_MAX {
        map.clear();
    }
    map.insert(text.into(), value);
}

/// FNV-1a: a fast hash for the memo's short string keys (never iterated for output).
#[derive(Default, Clone, Copy)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A hash map with [`Fnv`] hashing.
type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// The shaping memo and the word memo of one thread.
pub(crate) struct Memo {
    /// Shaped text in em units, per role index, keyed by the text.
    shapes: RefCell<Vec<FastMap<Box<str>, Rc<UnitShape>>>>,
    /// Words shaped with their break points, per role and word flags.
    words: RefCell<Vec<FastMap<Box<str>, Rc<WordInfo>>>>,
    /// A harfrust buffer reused between shaping calls.
    buffer: RefCell<Option<Buffer>>,
}

impl Memo {
    /// Empty memos.
    pub(crate) fn new() -> Memo {
        Memo {
            shapes: RefCell::new(vec![FastMap::default(); FontRole::ALL.len()]),
            words: RefCell::new(vec![FastMap::default(); FontRole::ALL.len() * 4]),
            buffer: RefCell::new(None),
        }
    }

    /// `text` shaped in `role`: remembered, or made by `shape` and remembered.
    pub(crate) fn shape(
        &self,
        role: FontRole,
        text: &str,
        shape: impl FnOnce() -> UnitShape,
    ) -> Rc<UnitShape> {
        let ri = role_index(role);
        if let Some(hit) = self.shapes.borrow()[ri].get(text) {
            return hit.clone();
        }
        let shaped = Rc::new(shape());
        if text.len() <= REMEMBER_MAX {
            remember(&mut self.shapes.borrow_mut()[ri], text, shaped.clone());
        }
        shaped
    }

    /// The word `text` in `role` with its breaks (`keep`: kept together; `hyphenate`):
    /// remembered, or made by `make` and remembered.
    pub(crate) fn word(
        &self,
        role: FontRole,
        keep: bool,
        hyphenate: bool,
        text: &str,
        make: impl FnOnce() -> WordInfo,
    ) -> Rc<WordInfo> {
        let slot = role_index(role) * 4 + usize::from(keep) * 2 + usize::from(hyphenate);
        if let Some(hit) = self.words.borrow()[slot].get(text) {
            return hit.clone();
        }
        let info = Rc::new(make());
        if text.len() <= REMEMBER_MAX {
            remember(&mut self.words.borrow_mut()[slot], text, info.clone());
        }
        info
    }

    /// The shaping buffer (a new one if it is out); give it back with [`Memo::put_buffer`].
    pub(crate) fn take_buffer(&self) -> Buffer {
        self.buffer.borrow_mut().take().unwrap_or_default()
    }

    /// Gives back the buffer after shaping `shaped` bytes of text. A buffer that grew for a
    /// text longer than [`REMEMBER_MAX`] is let go instead: it keeps its room (40 bytes a
    /// character) for as long as it is kept, 40 MB after a word of a million letters.
    pub(crate) fn put_buffer(&self, buffer: Buffer, shaped: usize) {
        if shaped <= REMEMBER_MAX {
            *self.buffer.borrow_mut() = Some(buffer);
        }
    }
}
