//! Shaping: text in one role → glyphs, with kerning and standard ligatures from harfrust,
//! per-character fallback through the role's face, then Sans, Body and Mono, then the built-in
//! symbol and emoji faces, and the source text each glyph stands for (so a ligature glyph
//! carries "fi" and copy-paste gives the source back). Variation selectors and joiners go with
//! the face of the character before them and are dropped by the shaper where that face has no
//! sequence for them (an emoji ZWJ sequence the emoji face cannot join prints as its parts).
//! Characters no face covers are reported and drawn as the replacement box ▯ carrying their own
//! text, never as glyph 0 nor left out. Results are memoised per (role, text) in em units in
//! the store's [`crate::typeset::text::memo`], so each distinct word is shaped once per build.

use crate::fontkit::FaceId;
use crate::theme::FontRole;
use crate::typeset::text::memo::{UnitGlyph, UnitShape};
use crate::typeset::text::FontStore;
use harfrust::{Buffer, BufferFlags, Direction, Script, ShapeOptions, ShaperFont};
use std::rc::Rc;

/// One shaped glyph at a size.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapedGlyph {
    pub face: FaceId,
    pub gid: u16,
    /// Advance at the size, pt, kerning included.
    pub advance: f32,
    pub x_offset: f32,
    pub y_offset: f32,
    /// The source characters this glyph stands for ("fi" for the ligature); "" for the extra
    /// glyphs of one cluster.
    pub text: String,
}

/// A shaped string.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shaped {
    pub glyphs: Vec<ShapedGlyph>,
    /// Sum of the advances, pt.
    pub width: f32,
    /// Characters no face covers, in order of first appearance (drawn as the replacement box
    /// in `glyphs`).
    pub missing: Vec<char>,
}

/// Characters that draw nothing and are left out of glyph text: controls, the soft hyphen,
/// zero-width and directional marks, variation selectors, the BOM.
pub(crate) fn is_ignorable(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}' | '\u{AD}' | '\u{34F}' | '\u{61C}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{E0000}'..='\u{E0FFF}')
}

/// Combining marks that must stay in their base character's run.
fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// The text a glyph stands for, without ignorable characters.
pub(crate) fn glyph_text(src: &str, start: u32, end: u32) -> String {
    let s = src.get(start as usize..end as usize).unwrap_or("");
    if s.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        return s.to_string();
    }
    s.chars().filter(|c| !is_ignorable(*c)).collect()
}

/// The faces tried for a role, in order, without repeats: the role's, Sans, Body, Mono, then
/// the fallback faces.
pub(crate) fn fallback_chain(store: &FontStore, role: FontRole) -> Vec<FaceId> {
    let mut chain = Vec::with_capacity(6);
    for r in [role, FontRole::Sans, FontRole::Body, FontRole::Mono] {
        let f = store.face_for(r);
        if !chain.contains(&f) {
            chain.push(f);
        }
    }
    chain.extend(store.fallback_faces());
    chain
}

/// Where a run of text is drawn: shaped in a face, or as replacement boxes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum RunFace {
    Face(FaceId),
    Replace,
}

/// Shapes `text` in `role` at `size` pt. See the module comment.
pub fn shape(store: &FontStore, text: &str, role: FontRole, size: f32) -> Shaped {
    let u = shape_units(store, text, role);
    Shaped {
        glyphs: u
            .glyphs
            .iter()
            .map(|g| ShapedGlyph {
                face: g.face,
                gid: g.gid,
                advance: g.adv * size,
                x_offset: g.dx * size,
                y_offset: g.dy * size,
                text: glyph_text(text, g.start, g.end),
            })
            .collect(),
        width: u.width * size,
        missing: u.missing.clone(),
    }
}

/// Shapes `text` in em units, through the store's memo.
pub(crate) fn shape_units(store: &FontStore, text: &str, role: FontRole) -> Rc<UnitShape> {
    store
        .memo
        .shape(role, text, || shape_uncached(store, text, role))
}

fn shape_uncached(store: &FontStore, text: &str, role: FontRole) -> UnitShape {
    crate::typeset::cost::add(text.len());
    let chain = fallback_chain(store, role);
    let mut out = UnitShape::default();
    // Split into runs of one face each.
    let mut runs: Vec<(usize, usize, RunFace)> = Vec::new();
    let mut cur: Option<(usize, RunFace)> = None;
    for (i, c) in text.char_indices() {
        let face = if is_ignorable(c) || is_mark(c) {
            cur.map(|(_, f)| f)
        } else {
            let f = chain.iter().copied().find(|f| store.covers(*f, c));
            if f.is_none() && !out.missing.contains(&c) {
                out.missing.push(c);
            }
            Some(f.map_or(RunFace::Replace, RunFace::Face))
        };
        match (cur, face) {
            (Some((_, cf)), Some(f)) if cf == f => {}
            (Some((s, cf)), _) => {
                runs.push((s, i, cf));
                cur = face.map(|f| (i, f));
            }
            (None, _) => cur = face.map(|f| (i, f)),
        }
    }
    if let Some((s, f)) = cur {
        runs.push((s, text.len(), f));
    }
    let mut buffer = store.memo.take_buffer();
    for (start, end, face) in runs {
        match face {
            RunFace::Face(face) => {
                buffer = shape_run(store, face, text, start, end, buffer, &mut out);
            }
            RunFace::Replace => replace_run(store, text, start, end, &mut out),
        }
    }
    store.memo.put_buffer(buffer, text.len());
    out.width = out.glyphs.iter().map(|g| g.adv).sum();
    out
}

/// One replacement box for `text[start..end]`, standing for it (`start..end`: the source
/// text, "" for `(0, 0)`); nothing when the replacement face cannot be read.
fn push_replacement(store: &FontStore, start: usize, end: usize, out: &mut UnitShape) {
    let Some((face, gid)) = store.replacement() else {
        return;
    };
    let nat = store.advance_em(face, gid);
    out.glyphs.push(UnitGlyph {
        face,
        gid,
        adv: nat,
        nat,
        dx: 0.0,
        dy: 0.0,
        start: start as u32,
        end: end as u32,
    });
}

/// A run of characters no face has: one replacement box per character, each standing for the
/// character and the marks and selectors after it.
fn replace_run(store: &FontStore, text: &str, start: usize, end: usize, out: &mut UnitShape) {
    let bases: Vec<usize> = text[start..end]
        .char_indices()
        .filter(|(_, c)| !is_ignorable(*c) && !is_mark(*c))
        .map(|(i, _)| start + i)
        .collect();
    for (k, &s) in bases.iter().enumerate() {
        let e = bases.get(k + 1).copied().unwrap_or(end);
        push_replacement(store, s, e, out);
    }
}

/// Shapes `text[start..end]` in one face and appends the glyphs to `out`.
fn shape_run(
    store: &FontStore,
    face: FaceId,
    text: &str,
    start: usize,
    end: usize,
    mut buffer: Buffer,
    out: &mut UnitShape,
) -> Buffer {
    let f = &store.faces[face];
    buffer.clear();
    buffer.set_direction(Direction::LeftToRight);
    buffer.set_script(Some(Script::LATIN));
    buffer.set_flags(BufferFlags::REMOVE_DEFAULT_IGNORABLES);
    buffer.push_str(&text[start..end]);
    let shaper = ShaperFont::new(&f.font);
    if harfrust::shape(
        &shaper,
        &mut buffer,
        ShapeOptions::new().plan(Some(&f.plan)),
    )
    .is_err()
    {
        return Buffer::new();
    }
    let infos = buffer.glyph_infos();
    let pos = buffer.glyph_positions();
    let scale = 1.0 / f.upem;
    for i in 0..infos.len() {
        let cl = infos[i].cluster as usize;
        let first = i == 0 || infos[i - 1].cluster as usize != cl;
        let next = infos[i..]
            .iter()
            .map(|g| g.cluster as usize)
            .find(|c| *c != cl)
            .unwrap_or(end - start);
        let (s, e) = if first {
            ((start + cl) as u32, (start + next) as u32)
        } else {
            (0, 0)
        };
        let gid = infos[i].glyph_id;
        if gid == 0 || gid > u32::from(u16::MAX) {
            // A glyph the face lacks (a mark its base face does not have): report it and draw
            // the replacement box in its place.
            let mut lacking = false;
            for c in text[start + cl..start + next].chars() {
                if !is_ignorable(c) {
                    lacking = true;
                    if !out.missing.contains(&c) {
                        out.missing.push(c);
                    }
                }
            }
            if lacking {
                push_replacement(store, s as usize, e as usize, out);
            }
            continue;
        }
        let gid = gid as u16;
        out.glyphs.push(UnitGlyph {
            face,
            gid,
            adv: pos[i].x_advance as f32 * scale,
            nat: store.advance_em(face, gid),
            dx: pos[i].x_offset as f32 * scale,
            dy: pos[i].y_offset as f32 * scale,
            start: s,
            end: e,
        });
    }
    buffer
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontFiles;

    fn store() -> FontStore {
        FontStore::new(&FontFiles::default_set()).unwrap()
    }

    #[test]
    fn fi_ligature_is_one_glyph_carrying_fi() {
        let s = store();
        let sh = shape(&s, "office", FontRole::Body, 10.0);
        let texts: Vec<&str> = sh.glyphs.iter().map(|g| g.text.as_str()).collect();
        assert!(sh.glyphs.len() < 6, "expected a ligature, got {texts:?}");
        assert!(
            texts.iter().any(|t| t.len() > 1 && t.contains('i')),
            "{texts:?}"
        );
        assert_eq!(texts.concat(), "office");
        let fi = shape(&s, "fi", FontRole::Body, 10.0);
        assert_eq!(fi.glyphs.len(), 1);
        assert_eq!(fi.glyphs[0].text, "fi");
    }

    #[test]
    fn kerning_changes_av_width() {
        let s = store();
        let sh = shape(&s, "AV", FontRole::Body, 10.0);
        let natural: f32 = sh
            .glyphs
            .iter()
            .map(|g| s.glyph_advance(g.face, g.gid) / s.units_per_em(g.face) as f32 * 10.0)
            .sum();
        assert_eq!(sh.glyphs.len(), 2);
        assert!(sh.width < natural - 0.05, "{} vs {}", sh.width, natural);
    }

    #[test]
    fn check_mark_falls_back_to_sans() {
        let s = store();
        let sh = shape(&s, "a\u{2714}\u{FE0F}b", FontRole::Body, 10.0);
        assert!(sh.missing.is_empty(), "{:?}", sh.missing);
        assert_eq!(sh.glyphs.len(), 3);
        assert_eq!(sh.glyphs[1].face, s.face_for(FontRole::Sans));
        assert_eq!(sh.glyphs[1].text, "\u{2714}");
        assert_eq!(sh.glyphs[0].face, s.face_for(FontRole::Body));
        assert_ne!(sh.glyphs[1].gid, 0);
    }

    #[test]
    fn symbols_and_emoji_fall_back_to_the_built_in_faces() {
        let s = store();
        let [symbols, emoji] = [7, 8];
        for (c, face) in [
            ("\u{274C}", emoji),
            ("\u{1F60A}", emoji),
            ("\u{2705}", emoji),
            ("\u{2605}", symbols),
        ] {
            let sh = shape(&s, &format!("no {c} here"), FontRole::Body, 10.0);
            assert!(sh.missing.is_empty(), "{c}: {:?}", sh.missing);
            let g = sh.glyphs.iter().find(|g| g.text == c).expect(c);
            assert_eq!(g.face, face, "{c}");
            assert!(g.gid != 0 && g.advance > 0.0, "{c}");
            let text: String = sh.glyphs.iter().map(|g| g.text.as_str()).collect();
            assert_eq!(text, format!("no {c} here"));
        }
    }

    #[test]
    fn emoji_selectors_and_joiners_draw_no_box() {
        let s = store();
        // ❤️ (with VS16), 👍🏽 and a family ZWJ sequence, which the face may join or not.
        for t in [
            "\u{2764}\u{FE0F}",
            "\u{1F44D}\u{1F3FD}",
            "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}",
            "\u{1F60A}\u{FE0E}",
        ] {
            let sh = shape(&s, t, FontRole::Body, 10.0);
            assert!(sh.missing.is_empty(), "{t:?}: {:?}", sh.missing);
            let (face, gid) = s.replacement().unwrap();
            assert!(
                sh.glyphs
                    .iter()
                    .all(|g| g.gid != 0 && (g.face, g.gid) != (face, gid)),
                "{t:?}: {:?}",
                sh.glyphs
            );
            let text: String = sh.glyphs.iter().map(|g| g.text.as_str()).collect();
            assert_eq!(text, t.replace(['\u{FE0F}', '\u{FE0E}', '\u{200D}'], ""));
        }
    }

    #[test]
    fn uncovered_character_is_missing_and_drawn_as_the_replacement() {
        let s = store();
        let sh = shape(&s, "no \u{10FFFD}\u{FE0F} here", FontRole::Body, 10.0);
        assert_eq!(sh.missing, vec!['\u{10FFFD}']);
        assert!(sh.glyphs.iter().all(|g| g.gid != 0));
        let (face, gid) = s.replacement().unwrap();
        let boxes: Vec<&ShapedGlyph> = sh
            .glyphs
            .iter()
            .filter(|g| (g.face, g.gid) == (face, gid))
            .collect();
        assert_eq!(boxes.len(), 1);
        assert_eq!(boxes[0].text, "\u{10FFFD}");
        assert!(boxes[0].advance > 1.0);
        let text: String = sh.glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(text, "no \u{10FFFD} here");
    }

    #[test]
    fn memo_returns_the_same_result() {
        let s = store();
        let a = shape(&s, "Responsibility", FontRole::BodyItalic, 11.0);
        let b = shape(&s, "Responsibility", FontRole::BodyItalic, 11.0);
        assert_eq!(a, b);
        let c = shape(&s, "Responsibility", FontRole::BodyItalic, 22.0);
        assert!((c.width - 2.0 * a.width).abs() < 1e-3);
    }
}
