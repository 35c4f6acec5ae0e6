//! The form of a fillable PDF (`--fillable`): a widget annotation for each field box the
//! frames hold, merged with its terminal field, under one parent field per part of the
//! book (`ch3` holds `q2`, so the full name is `ch3.q2`), and the `/AcroForm` that lists
//! the parents.
//!
//! Every widget has its appearance streams, so it shows and prints without the viewer
//! making one (`/NeedAppearances` is not set): an empty text field's is empty, a box to
//! tick has a tick for `/Yes` and nothing for `/Off`, and a pressed look for both. Typed
//! text is set in the theme's body face, embedded whole as a simple TrueType font with
//! the standard Latin encoding (a subset would lack the letters a reader types), at the
//! body size. Each widget says what it asks (`/TU`); pages with fields take their tab
//! order from the structure (`/Tabs /S`, set with the links). No JavaScript.

use pdf_writer::types::AnnotationFlags;
use pdf_writer::{Name, Rect, Ref, Str, TextStr};

use crate::fontkit::FaceId;
use crate::pdf::file::{Deflater, PdfFile};
use crate::theme::FontRole;
use crate::typeset::frame::{Field, FieldKind, Rgb};
use crate::typeset::text::FontStore;

/// The resource name of the form's font, in `/DR` and in each `/DA`.
const FONT: &str = "GbBody";

/// The first and last codes the form's font encodes (the printable Latin ones).
const FIRST_CHAR: u8 = 32;
const LAST_CHAR: u8 = 255;

/// The form being written: its font (written with the first text field), the parent field
/// of each part with its kids, in the order they come.
#[derive(Default)]
pub(super) struct Form {
    font: Option<Ref>,
    parents: Vec<(String, Ref, Vec<Ref>)>,
}

/// A coordinate as written: two decimals.
fn coord(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

impl Form {
    /// The parent field of `name`'s part (its index in `parents`) and the terminal name
    /// under it: `ch3.q2` → (`ch3`'s, `q2`).
    fn parent<'n>(&mut self, file: &mut PdfFile, name: &'n str) -> (usize, &'n str) {
        let (part, own) = name.split_once('.').unwrap_or(("fields", name));
        let at = match self.parents.iter().position(|(p, _, _)| p == part) {
            Some(at) => at,
            None => {
                let id = file.reserve();
                self.parents.push((part.to_string(), id, Vec::new()));
                self.parents.len() - 1
            }
        };
        (at, own)
    }

    /// The form's font, embedded the first time a text field asks for it.
    fn font(&mut self, file: &mut PdfFile, store: &FontStore) -> Ref {
        if let Some(f) = self.font {
            return f;
        }
        let f = embed_font(file, store, store.face_for(FontRole::Body));
        self.font = Some(f);
        f
    }

    /// Writes the widget of `field` on page `page` (`height` tall), keyed `key` in the
    /// parent tree when tagged; returns its object.
    pub(super) fn widget(
        &mut self,
        file: &mut PdfFile,
        store: &FontStore,
        field: &Field,
        (page, height): (Ref, f32),
        key: Option<i32>,
    ) -> Ref {
        let (at, own) = self.parent(file, &field.name);
        let parent = self.parents[at].1;
        let (w, h) = (field.x1 - field.x0, field.y1 - field.y0);
        let rect = Rect::new(
            coord(field.x0),
            coord(height - field.y1),
            coord(field.x1),
            coord(height - field.y0),
        );
        let id = file.reserve();
        let looks = match field.kind {
            FieldKind::Text { multiline, size } => {
                let font = self.font(file, store);
                let look = text_look(file, font, w, h);
                Looks::Text {
                    look,
                    multiline,
                    size,
                }
            }
            FieldKind::Check { on } => Looks::Check {
                looks: check_looks(file, w, h, field.color),
                on,
            },
        };
        let mut a = file.object(id).dict();
        a.pair(Name(b"Type"), Name(b"Annot"))
            .pair(Name(b"Subtype"), Name(b"Widget"))
            .pair(Name(b"Rect"), rect)
            .pair(Name(b"F"), AnnotationFlags::PRINT.bits() as i32)
            .pair(Name(b"P"), page)
            .pair(Name(b"Parent"), parent)
            .pair(Name(b"T"), TextStr(own))
            .pair(Name(b"TU"), TextStr(&field.tooltip));
        if let Some(k) = key {
            a.pair(Name(b"StructParent"), k);
        }
        match looks {
            Looks::Text {
                look,
                multiline,
                size,
            } => {
                let (r, g, b) = field.color;
                let da = format!("/{FONT} {size:.1} Tf {r:.3} {g:.3} {b:.3} rg");
                a.pair(Name(b"FT"), Name(b"Tx"))
                    .pair(Name(b"Ff"), if multiline { 1 << 12 } else { 0 })
                    .pair(Name(b"DA"), Str(da.as_bytes()))
                    .pair(Name(b"V"), TextStr(""));
                a.insert(Name(b"AP")).dict().pair(Name(b"N"), look);
            }
            Looks::Check { looks, on } => {
                let state = if on { Name(b"Yes") } else { Name(b"Off") };
                a.pair(Name(b"FT"), Name(b"Btn"))
                    .pair(Name(b"V"), state)
                    .pair(Name(b"AS"), state);
                a.insert(Name(b"MK")).dict().pair(Name(b"CA"), Str(b"4"));
                let mut ap = a.insert(Name(b"AP")).dict();
                ap.insert(Name(b"N"))
                    .dict()
                    .pair(Name(b"Yes"), looks[0])
                    .pair(Name(b"Off"), looks[1]);
                ap.insert(Name(b"D"))
                    .dict()
                    .pair(Name(b"Yes"), looks[2])
                    .pair(Name(b"Off"), looks[3]);
            }
        }
        drop(a);
        self.parents[at].2.push(id);
        id
    }

    /// Writes the parent fields and the `/AcroForm` (`None`: the book has no fields).
    pub(super) fn finish(self, file: &mut PdfFile) -> Option<Ref> {
        if self.parents.is_empty() {
            return None;
        }
        for (name, id, kids) in &self.parents {
            let mut d = file.object(*id).dict();
            d.pair(Name(b"T"), TextStr(name));
            d.insert(Name(b"Kids")).array().items(kids.iter().copied());
        }
        let form = file.reserve();
        let mut d = file.object(form).dict();
        d.insert(Name(b"Fields"))
            .array()
            .items(self.parents.iter().map(|(_, id, _)| *id));
        if let Some(font) = self.font {
            d.insert(Name(b"DR"))
                .dict()
                .insert(Name(b"Font"))
                .dict()
                .pair(Name(FONT.as_bytes()), font);
            d.pair(Name(b"DA"), Str(format!("/{FONT} 0 Tf 0 g").as_bytes()));
        }
        drop(d);
        Some(form)
    }
}

/// A widget's appearance streams, written, with what its field is: a text field's one
/// (and how its text is set), a box's on, off, pressed on, pressed off (and its state).
enum Looks {
    Text {
        look: Ref,
        multiline: bool,
        size: f32,
    },
    Check {
        looks: [Ref; 4],
        on: bool,
    },
}

/// An empty text field's appearance: its box and nothing in it (as a viewer writes one).
fn text_look(file: &mut PdfFile, font: Ref, w: f32, h: f32) -> Ref {
    let id = file.reserve();
    let mut x = file.stream_chunk(id).form_xobject(id, b"/Tx BMC\nEMC\n");
    x.bbox(Rect::new(0.0, 0.0, coord(w), coord(h)));
    x.resources().fonts().pair(Name(FONT.as_bytes()), font);
    id
}

/// A box's four appearances: ticked, empty, and the same pressed (a light grey ground).
fn check_looks(file: &mut PdfFile, w: f32, h: f32, (r, g, b): Rgb) -> [Ref; 4] {
    let s = w.min(h);
    let tick = format!(
        "q {r:.3} {g:.3} {b:.3} RG {lw:.2} w 1 J 1 j {x0:.2} {y0:.2} m {x1:.2} {y1:.2} l {x2:.2} {y2:.2} l S Q\n",
        lw = 0.12 * s,
        x0 = 0.22 * s,
        y0 = 0.5 * s,
        x1 = 0.42 * s,
        y1 = 0.26 * s,
        x2 = 0.8 * s,
        y2 = 0.8 * s,
    );
    let pressed = format!("q 0.85 g 0 0 {w:.2} {h:.2} re f Q\n");
    let bodies = [
        tick.clone(),
        String::new(),
        format!("{pressed}{tick}"),
        pressed,
    ];
    bodies.map(|body| {
        let id = file.reserve();
        let mut x = file.stream_chunk(id).form_xobject(id, body.as_bytes());
        x.bbox(Rect::new(0.0, 0.0, coord(w), coord(h)));
        id
    })
}

/// The character each code from 128 to 159 stands for in the standard Latin encoding of
/// PDF (`WinAnsiEncoding`, Annex D of ISO 32000-1); `None` where it stands for none. Codes
/// 32 to 127 and 160 to 255 are the characters of the same number.
const WIN_ANSI_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// The character code `code` stands for in the form font's encoding.
fn win_ansi(code: u8) -> Option<char> {
    match code {
        128..=159 => WIN_ANSI_HIGH[usize::from(code - 128)],
        127 => None,
        c => Some(char::from(c)),
    }
}

/// Embeds `face` whole as a simple TrueType font with the standard Latin encoding: its
/// widths for codes 32–255, its descriptor and its font file, deflated.
fn embed_font(file: &mut PdfFile, store: &FontStore, face: FaceId) -> Ref {
    let upem = f32::from(store.units_per_em(face).max(1));
    let per_mille = |units: f32| (units * 1000.0 / upem).round() as i32;
    let widths: Vec<i32> = (FIRST_CHAR..=LAST_CHAR)
        .map(|c| {
            win_ansi(c)
                .and_then(|ch| store.glyph_id(face, ch))
                .map_or(0, |g| per_mille(store.glyph_advance(face, g)))
        })
        .collect();
    let name = store.postscript_name(face);
    let ascent = (store.ascent(face, 1000.0)).round() as i32;
    let descent = -(store.descent(face, 1000.0)).round() as i32;
    let bytes = store.bytes(face);
    let font_file = file.reserve();
    let packed = Deflater::new().pack(bytes);
    {
        let data: &[u8] = packed.as_deref().unwrap_or(bytes);
        let mut s = file.stream_chunk(font_file).stream(font_file, data);
        s.pair(Name(b"Length1"), bytes.len() as i32);
        if packed.is_some() {
            s.filter(pdf_writer::Filter::FlateDecode);
        }
    }
    let descriptor = file.reserve();
    {
        let mut d = file.object(descriptor).dict();
        d.pair(Name(b"Type"), Name(b"FontDescriptor"))
            .pair(Name(b"FontName"), Name(name.as_bytes()))
            // non-symbolic: its encoding is the standard Latin one
            .pair(Name(b"Flags"), 32)
            .pair(
                Name(b"FontBBox"),
                Rect::new(-500.0, descent as f32, 1500.0, ascent as f32),
            )
            .pair(Name(b"ItalicAngle"), 0)
            .pair(Name(b"Ascent"), ascent)
            .pair(Name(b"Descent"), descent)
            .pair(Name(b"CapHeight"), (0.7 * ascent as f32).round() as i32)
            .pair(Name(b"StemV"), 80)
            .pair(Name(b"FontFile2"), font_file);
    }
    let font = file.reserve();
    let mut f = file.object(font).dict();
    f.pair(Name(b"Type"), Name(b"Font"))
        .pair(Name(b"Subtype"), Name(b"TrueType"))
        .pair(Name(b"BaseFont"), Name(name.as_bytes()))
        .pair(Name(b"FirstChar"), i32::from(FIRST_CHAR))
        .pair(Name(b"LastChar"), i32::from(LAST_CHAR))
        .pair(Name(b"Encoding"), Name(b"WinAnsiEncoding"))
        .pair(Name(b"FontDescriptor"), descriptor);
    f.insert(Name(b"Widths")).array().items(widths);
    drop(f);
    font
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latin_encoding_names_its_characters() {
        assert_eq!(win_ansi(b'A'), Some('A'));
        assert_eq!(win_ansi(0x80), Some('€'));
        assert_eq!(win_ansi(0x92), Some('’'));
        assert_eq!(win_ansi(0x81), None);
        assert_eq!(win_ansi(0xE9), Some('é'));
        assert_eq!(win_ansi(127), None);
    }
}
