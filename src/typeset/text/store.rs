//! The build's fonts, parsed once: one face per distinct font file, with the harfrust shaping
//! font and plan, line metrics, natural glyph advances and cmap coverage, plus the memo of
//! shaped words that [`crate::typeset::text::shape`] fills (the same words repeat all through a book). After
//! the theme's faces come the built-in fallback faces (symbols, emoji: [`crate::fonts::FALLBACK`]),
//! which are parsed only when a character first needs one, so a book that never does pays
//! nothing for them.

use crate::diag::Diagnostic;
use crate::fonts::{FontFiles, FALLBACK, REPLACEMENT};
use crate::theme::FontRole;
use crate::typeset::text::hyphen::Exceptions;
use crate::typeset::text::shape::UnitShape;
use crate::typeset::text::words::WordInfo;
use harfrust::font::name::NameId;
use harfrust::{Buffer, Direction, Font, Script, ShapePlan};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Index;
use std::rc::Rc;
use std::sync::{Arc, OnceLock};

/// FNV-1a: a fast hash for the memo's short string keys (never iterated for output).
#[derive(Default, Clone, Copy)]
pub(crate) struct Fnv(u64);

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
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// Index of a face in a [`FontStore`].
pub type FaceId = usize;

/// One parsed font file.
pub(crate) struct Face {
    pub(crate) name: String,
    pub(crate) bytes: Cow<'static, [u8]>,
    pub(crate) font: Font,
    pub(crate) plan: ShapePlan,
    pub(crate) upem: f32,
    ascent_units: f32,
    descent_units: f32,
    /// Natural advance of every glyph, in font units.
    advances: Vec<f32>,
}

impl Face {
    /// Parses a font file; `None` when harfrust cannot read it.
    fn parse(name: &str, bytes: Cow<'static, [u8]>) -> Option<Face> {
        let font = match &bytes {
            Cow::Borrowed(b) => Font::new(*b, 0),
            Cow::Owned(v) => Font::new(v.clone(), 0),
        }?;
        let plan = ShapePlan::new(
            &font,
            Direction::LeftToRight,
            Some(Script::LATIN),
            None,
            &[],
        );
        let metrics = *font.metrics();
        let upem = f32::from(metrics.units_per_em.max(16));
        let (ascent_units, descent_units) = match metrics.h_line() {
            Some(line) => (line.ascender.to_f32(), -line.descender.to_f32()),
            None => (upem * 0.8, upem * 0.2),
        };
        let gm = font.glyph_metrics();
        let advances = (0..font.num_glyphs().min(65536))
            .map(|g| gm.h_advance(harfrust::GlyphId::new(g)))
            .collect();
        Some(Face {
            name: name.to_string(),
            bytes,
            font,
            plan,
            upem,
            ascent_units,
            descent_units,
            advances,
        })
    }
}

/// The theme's faces, then the fallback faces, each parsed on first use.
pub(crate) struct Faces {
    theme: Vec<Face>,
    fallback: [OnceLock<Option<Face>>; FALLBACK.len()],
}

impl Faces {
    fn len(&self) -> usize {
        self.theme.len() + FALLBACK.len()
    }

    /// The fallback face at `i` in [`FALLBACK`], parsed now if it was not yet.
    fn fallback(&self, i: usize) -> Option<&Face> {
        self.fallback[i]
            .get_or_init(|| Face::parse(FALLBACK[i].0, Cow::Borrowed(FALLBACK[i].1)))
            .as_ref()
    }

    fn iter(&self) -> impl Iterator<Item = &Face> {
        self.theme.iter()
    }
}

impl Index<FaceId> for Faces {
    type Output = Face;

    /// The face; an id past the fallbacks, or a fallback that cannot be read (the built-in
    /// files are tested to read), gives the first theme face.
    fn index(&self, id: FaceId) -> &Face {
        match id.checked_sub(self.theme.len()) {
            None => &self.theme[id],
            Some(i) if i < FALLBACK.len() => self.fallback(i).unwrap_or(&self.theme[0]),
            Some(_) => &self.theme[0],
        }
    }
}

/// All faces of a build and the shaping memo.
pub struct FontStore {
    /// Shared (read-only) with the stores of other threads made through [`FontStore::share`].
    pub(crate) faces: Arc<Faces>,
    /// Face of each role, indexed like [`FontRole::ALL`].
    roles: [FaceId; 7],
    /// Shaped text in em units, per role index, keyed by the text.
    pub(crate) memo: RefCell<Vec<FastMap<Box<str>, Rc<UnitShape>>>>,
    /// Words shaped with their break points, per role and word flags (see `text_items`).
    pub(crate) words: RefCell<Vec<FastMap<Box<str>, Rc<WordInfo>>>>,
    /// A harfrust buffer reused between shaping calls.
    pub(crate) buffer: RefCell<Option<Buffer>>,
    /// The author's hyphenation exceptions: they decide the break points memoised in
    /// `words`, so they live beside them.
    pub(crate) exceptions: Arc<Exceptions>,
}

impl std::fmt::Debug for FontStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.faces.iter().map(|x| x.name.as_str()).collect();
        f.debug_struct("FontStore").field("faces", &names).finish()
    }
}

/// The parsed faces of a [`FontStore`], to be sent to another thread.
pub(crate) struct SharedFaces {
    faces: Arc<Faces>,
    roles: [FaceId; 7],
    exceptions: Arc<Exceptions>,
}

impl SharedFaces {
    /// A store over these faces with an empty memo (the same face ids as the original).
    pub(crate) fn store(self) -> FontStore {
        FontStore {
            faces: self.faces,
            roles: self.roles,
            memo: RefCell::new(vec![FastMap::default(); 7]),
            words: RefCell::new(vec![FastMap::default(); 7 * 4]),
            buffer: RefCell::new(None),
            exceptions: self.exceptions,
        }
    }
}

/// Index of a role in [`FontRole::ALL`].
pub(crate) fn role_index(role: FontRole) -> usize {
    FontRole::ALL.iter().position(|r| *r == role).unwrap_or(0)
}

impl FontStore {
    /// Parses every distinct font file once. A file harfrust cannot read is a `GB300` error.
    pub fn new(files: &FontFiles) -> Result<FontStore, Diagnostic> {
        let mut faces: Vec<Face> = Vec::new();
        let mut roles = [0usize; 7];
        for (file, file_roles) in files.distinct() {
            let face = Face::parse(&file.name, file.bytes.clone()).ok_or_else(|| {
                Diagnostic::error(
                    "GB300",
                    format!("the font file `{}` could not be read", file.name),
                )
                .help("use a TrueType (.ttf) or OpenType (.otf) font file")
            })?;
            let id = faces.len();
            faces.push(face);
            for role in file_roles {
                roles[role_index(role)] = id;
            }
        }
        if faces.is_empty() {
            return Err(Diagnostic::error("GB300", "no font files were given")
                .help("the theme must name a font for every role"));
        }
        let shared = SharedFaces {
            faces: Arc::new(Faces {
                theme: faces,
                fallback: Default::default(),
            }),
            roles,
            exceptions: Arc::default(),
        };
        Ok(shared.store())
    }

    /// The store a PDF build uses: the theme's faces, with `[pdf] hyphenation_exceptions`.
    pub fn for_options(
        files: &FontFiles,
        opts: &crate::typeset::TypesetOptions,
    ) -> Result<FontStore, Diagnostic> {
        Ok(FontStore::new(files)?.with_exceptions(opts.hyphenation_exceptions.clone()))
    }

    /// The same store, hyphenating the words of `exceptions` the author's way.
    pub fn with_exceptions(self, exceptions: Exceptions) -> FontStore {
        FontStore {
            exceptions: Arc::new(exceptions),
            ..self
        }
    }

    /// What another thread needs to make its own store over the same parsed faces: a store's
    /// memo is not shared between threads, the faces are.
    pub(crate) fn share(&self) -> SharedFaces {
        SharedFaces {
            faces: Arc::clone(&self.faces),
            roles: self.roles,
            exceptions: Arc::clone(&self.exceptions),
        }
    }

    /// The face a role draws with.
    pub fn face_for(&self, role: FontRole) -> FaceId {
        self.roles[role_index(role)]
    }

    /// Number of faces: the theme's, then the fallbacks.
    pub fn face_count(&self) -> usize {
        self.faces.len()
    }

    /// The fallback faces' ids, in the order they are tried.
    pub fn fallback_faces(&self) -> std::ops::Range<FaceId> {
        self.faces.theme.len()..self.faces.len()
    }

    /// The face and glyph drawn for a character no face has ([`REPLACEMENT`] from the first
    /// fallback face); `None` if that face cannot be read.
    pub fn replacement(&self) -> Option<(FaceId, u16)> {
        let id = self.faces.theme.len();
        let gid = self
            .faces
            .fallback(0)?
            .font
            .charmap()
            .map_unicode(REPLACEMENT)?;
        Some((id, u16::try_from(gid.to_u32()).ok()?))
    }

    /// The font file's bytes (whole, not subset).
    pub fn bytes(&self, face: FaceId) -> &[u8] {
        match self.fallback_index(face) {
            Some(i) => FALLBACK[i].1,
            None => &self.faces[face].bytes,
        }
    }

    /// The file name, e.g. `Literata-Regular.ttf`.
    pub fn name(&self, face: FaceId) -> &str {
        match self.fallback_index(face) {
            Some(i) => FALLBACK[i].0,
            None => &self.faces[face].name,
        }
    }

    /// The index in [`FALLBACK`] of a fallback face (known without parsing it).
    fn fallback_index(&self, face: FaceId) -> Option<usize> {
        face.checked_sub(self.faces.theme.len())
            .filter(|i| *i < FALLBACK.len())
    }

    /// The PostScript name from the `name` table, or one made from the file name.
    pub fn postscript_name(&self, face: FaceId) -> String {
        let f = &self.faces[face];
        let from_table: Option<String> = f
            .font
            .names()
            .get(NameId::POSTSCRIPT_NAME)
            .and_then(|n| n.english_or_first())
            .map(|l| l.name().chars().collect());
        let raw = from_table.unwrap_or_else(|| {
            f.name
                .rsplit_once('.')
                .map(|(stem, _)| stem.to_string())
                .unwrap_or_else(|| f.name.clone())
        });
        // PDF names: printable ASCII without delimiters or spaces.
        raw.chars()
            .filter(|c| c.is_ascii_graphic() && !"[](){}<>/%#".contains(*c))
            .collect()
    }

    pub fn units_per_em(&self, face: FaceId) -> u16 {
        self.faces[face].upem as u16
    }

    /// Height above the baseline at `size`, pt.
    pub fn ascent(&self, face: FaceId, size: f32) -> f32 {
        let f = &self.faces[face];
        f.ascent_units / f.upem * size
    }

    /// Depth below the baseline at `size`, pt, positive.
    pub fn descent(&self, face: FaceId, size: f32) -> f32 {
        let f = &self.faces[face];
        f.descent_units / f.upem * size
    }

    /// Whether the face's cmap maps `ch` to a glyph (a fallback face that cannot be read
    /// covers nothing).
    pub fn covers(&self, face: FaceId, ch: char) -> bool {
        let f = match self.fallback_index(face) {
            Some(i) => self.faces.fallback(i),
            None => self.faces.theme.get(face),
        };
        f.is_some_and(|f| f.font.charmap().map_unicode(ch).is_some())
    }

    /// The natural (unkerned) advance of a glyph, font units; 0 for a glyph the face lacks.
    pub fn glyph_advance(&self, face: FaceId, gid: u16) -> f32 {
        self.faces[face]
            .advances
            .get(usize::from(gid))
            .copied()
            .unwrap_or(0.0)
    }

    /// The natural advance of a glyph in em.
    pub(crate) fn advance_em(&self, face: FaceId, gid: u16) -> f32 {
        self.glyph_advance(face, gid) / self.faces[face].upem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_fonts_load_with_metrics() {
        let store = FontStore::new(&FontFiles::default_set()).unwrap();
        assert_eq!(store.face_count(), 9);
        assert_eq!(store.fallback_faces(), 7..9);
        let body = store.face_for(FontRole::Body);
        assert_eq!(store.name(body), "Literata-Regular.ttf");
        assert!(store.postscript_name(body).starts_with("Literata"));
        let a = store.ascent(body, 10.0);
        let d = store.descent(body, 10.0);
        assert!(a > 6.0 && a < 12.0, "ascent {a}");
        assert!(d > 1.0 && d < 5.0, "descent {d}");
        assert!(store.covers(body, 'a'));
        assert!(!store.covers(body, '\u{274C}'));
        let sans = store.face_for(FontRole::Sans);
        assert!(store.covers(sans, '\u{2714}'));
        assert!(store.units_per_em(body) >= 1000);
    }

    #[test]
    fn fallback_faces_are_parsed_only_when_asked() {
        let store = FontStore::new(&FontFiles::default_set()).unwrap();
        let [symbols, emoji] = [7, 8];
        assert_eq!(store.name(emoji), "NotoEmoji-Regular.ttf");
        assert!(store.bytes(symbols).len() > 100_000);
        assert!(store.faces.fallback.iter().all(|f| f.get().is_none()));
        assert!(store.covers(emoji, '\u{1F60A}'));
        assert!(store.faces.fallback[1].get().is_some());
        assert!(store.faces.fallback[0].get().is_none());
        assert!(store.covers(symbols, '\u{2605}'));
        assert!(!store.covers(emoji, '\u{10FFFD}'));
        let (face, gid) = store.replacement().unwrap();
        assert_eq!(face, symbols);
        assert!(gid != 0 && store.glyph_advance(face, gid) > 0.0);
        assert!(store.units_per_em(emoji) >= 1000);
    }

    #[test]
    fn bad_font_bytes_are_a_diagnostic() {
        let mut files = FontFiles::default_set();
        for f in files.by_role.values_mut() {
            f.bytes = Cow::Owned(b"not a font".to_vec());
        }
        let err = FontStore::new(&files).unwrap_err();
        assert_eq!(err.code, "GB300");
    }
}
