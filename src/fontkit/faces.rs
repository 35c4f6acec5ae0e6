//! The build's fonts, parsed once: one face per distinct font file, with the harfrust shaping
//! font and plan, line metrics, natural glyph advances and cmap coverage, and the face each
//! role draws with. After the theme's faces come the built-in fallback faces (symbols, emoji:
//! [`crate::fonts::FALLBACK`]), which are parsed only when a character first needs one, so a
//! book that never does pays nothing for them. Read-only once made: shared between threads.

use crate::diag::Diagnostic;
use crate::fonts::{FontFiles, FALLBACK, REPLACEMENT};
use crate::theme::FontRole;
use harfrust::font::name::NameId;
use harfrust::{Direction, Font, Script, ShapePlan};
use std::borrow::Cow;
use std::ops::Index;
use std::sync::OnceLock;

/// Index of a face in [`Faces`].
pub type FaceId = usize;

/// Index of a role in [`FontRole::ALL`].
pub fn role_index(role: FontRole) -> usize {
    FontRole::ALL.iter().position(|r| *r == role).unwrap_or(0)
}

/// One parsed font file.
pub struct Face {
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

/// The theme's faces, then the fallback faces (each parsed on first use), and the face of
/// each role.
pub struct Faces {
    theme: Vec<Face>,
    fallback: [OnceLock<Option<Face>>; FALLBACK.len()],
    /// Face of each role, indexed like [`FontRole::ALL`].
    roles: [FaceId; 7],
}

impl std::fmt::Debug for Faces {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.theme.iter().map(|x| x.name.as_str()).collect();
        f.debug_struct("Faces").field("faces", &names).finish()
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

impl Faces {
    /// Parses every distinct font file once. A file harfrust cannot read is a `GB300` error.
    pub fn new(files: &FontFiles) -> Result<Faces, Diagnostic> {
        let mut theme: Vec<Face> = Vec::new();
        let mut roles = [0usize; 7];
        for (file, file_roles) in files.distinct() {
            let face = Face::parse(&file.name, file.bytes.clone()).ok_or_else(|| {
                Diagnostic::error(
                    "GB300",
                    format!("the font file `{}` could not be read", file.name),
                )
                .help("use a TrueType (.ttf) or OpenType (.otf) font file")
            })?;
            let id = theme.len();
            theme.push(face);
            for role in file_roles {
                roles[role_index(role)] = id;
            }
        }
        if theme.is_empty() {
            return Err(Diagnostic::error("GB300", "no font files were given")
                .help("the theme must name a font for every role"));
        }
        Ok(Faces {
            theme,
            fallback: Default::default(),
            roles,
        })
    }

    /// The fallback face at `i` in [`FALLBACK`], parsed now if it was not yet.
    fn fallback(&self, i: usize) -> Option<&Face> {
        self.fallback[i]
            .get_or_init(|| Face::parse(FALLBACK[i].0, Cow::Borrowed(FALLBACK[i].1)))
            .as_ref()
    }

    /// The index in [`FALLBACK`] of a fallback face (known without parsing it).
    fn fallback_index(&self, face: FaceId) -> Option<usize> {
        face.checked_sub(self.theme.len())
            .filter(|i| *i < FALLBACK.len())
    }

    /// The face a role draws with.
    pub fn face_for(&self, role: FontRole) -> FaceId {
        self.roles[role_index(role)]
    }

    /// Number of faces: the theme's, then the fallbacks.
    pub fn face_count(&self) -> usize {
        self.theme.len() + FALLBACK.len()
    }

    /// The fallback faces' ids, in the order they are tried.
    pub fn fallback_faces(&self) -> std::ops::Range<FaceId> {
        self.theme.len()..self.face_count()
    }

    /// The face and glyph drawn for a character no face has ([`REPLACEMENT`] from the first
    /// fallback face); `None` if that face cannot be read.
    pub fn replacement(&self) -> Option<(FaceId, u16)> {
        let id = self.theme.len();
        let gid = self.fallback(0)?.font.charmap().map_unicode(REPLACEMENT)?;
        Some((id, u16::try_from(gid.to_u32()).ok()?))
    }

    /// The font file's bytes (whole, not subset).
    pub fn bytes(&self, face: FaceId) -> &[u8] {
        match self.fallback_index(face) {
            Some(i) => FALLBACK[i].1,
            None => &self[face].bytes,
        }
    }

    /// The file name, e.g. `Literata-Regular.ttf`.
    pub fn name(&self, face: FaceId) -> &str {
        match self.fallback_index(face) {
            Some(i) => FALLBACK[i].0,
            None => &self[face].name,
        }
    }

    /// The PostScript name from the `name` table, or one made from the file name.
    pub fn postscript_name(&self, face: FaceId) -> String {
        let f = &self[face];
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
        self[face].upem as u16
    }

    /// Height above the baseline at `size`, pt.
    pub fn ascent(&self, face: FaceId, size: f32) -> f32 {
        let f = &self[face];
        f.ascent_units / f.upem * size
    }

    /// Depth below the baseline at `size`, pt, positive.
    pub fn descent(&self, face: FaceId, size: f32) -> f32 {
        let f = &self[face];
        f.descent_units / f.upem * size
    }

    /// The glyph the face's cmap maps `ch` to, if any.
    pub fn glyph_id(&self, face: FaceId, ch: char) -> Option<u16> {
        let f = match self.fallback_index(face) {
            Some(i) => self.fallback(i),
            None => self.theme.get(face),
        }?;
        f.font.charmap().map_unicode(ch).map(|g| g.to_u32() as u16)
    }

    /// Whether the face's cmap maps `ch` to a glyph (a fallback face that cannot be read
    /// covers nothing).
    pub fn covers(&self, face: FaceId, ch: char) -> bool {
        let f = match self.fallback_index(face) {
            Some(i) => self.fallback(i),
            None => self.theme.get(face),
        };
        f.is_some_and(|f| f.font.charmap().map_unicode(ch).is_some())
    }

    /// The natural (unkerned) advance of a glyph, font units; 0 for a glyph the face lacks.
    pub fn glyph_advance(&self, face: FaceId, gid: u16) -> f32 {
        self[face]
            .advances
            .get(usize::from(gid))
            .copied()
            .unwrap_or(0.0)
    }

    /// The natural advance of a glyph in em.
    pub fn advance_em(&self, face: FaceId, gid: u16) -> f32 {
        self.glyph_advance(face, gid) / self[face].upem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_fonts_load_with_metrics() {
        let faces = Faces::new(&FontFiles::default_set()).unwrap();
        assert_eq!(faces.face_count(), 9);
        assert_eq!(faces.fallback_faces(), 7..9);
        let body = faces.face_for(FontRole::Body);
        assert_eq!(faces.name(body), "Literata-Regular.ttf");
        assert!(faces.postscript_name(body).starts_with("Literata"));
        let a = faces.ascent(body, 10.0);
        let d = faces.descent(body, 10.0);
        assert!(a > 6.0 && a < 12.0, "ascent {a}");
        assert!(d > 1.0 && d < 5.0, "descent {d}");
        assert!(faces.covers(body, 'a'));
        assert!(!faces.covers(body, '\u{274C}'));
        let sans = faces.face_for(FontRole::Sans);
        assert!(faces.covers(sans, '\u{2714}'));
        assert!(faces.units_per_em(body) >= 1000);
    }

    #[test]
    fn fallback_faces_are_parsed_only_when_asked() {
        let faces = Faces::new(&FontFiles::default_set()).unwrap();
        let [symbols, emoji] = [7, 8];
        assert_eq!(faces.name(emoji), "NotoEmoji-Regular.ttf");
        assert!(faces.bytes(symbols).len() > 100_000);
        assert!(faces.fallback.iter().all(|f| f.get().is_none()));
        assert!(faces.covers(emoji, '\u{1F60A}'));
        assert!(faces.fallback[1].get().is_some());
        assert!(faces.fallback[0].get().is_none());
        assert!(faces.covers(symbols, '\u{2605}'));
        assert!(!faces.covers(emoji, '\u{10FFFD}'));
        let (face, gid) = faces.replacement().unwrap();
        assert_eq!(face, symbols);
        assert!(gid != 0 && faces.glyph_advance(face, gid) > 0.0);
        assert!(faces.units_per_em(emoji) >= 1000);
    }

    #[test]
    fn bad_font_bytes_are_a_diagnostic() {
        let mut files = FontFiles::default_set();
        for f in files.by_role.values_mut() {
            f.bytes = Cow::Owned(b"not a font".to_vec());
        }
        let err = Faces::new(&files).unwrap_err();
        assert_eq!(err.code, "GB300");
    }
}
