//! Fonts and text for emit: each face the frames use is subset (subsetter, exactly the glyphs
//! used, renumbered) and added once under a stable resource name with a `XXXXXX+` subset tag;
//! each line is written as glyph ids positioned by TJ adjustments computed against the integer
//! widths printpdf writes in `/W`, so every glyph lands where layout put it (justification
//! included), with its source text for the ToUnicode map — or an ActualText span where that
//! map cannot say it (an added hyphen, a placeholder for a character no font has).

use std::collections::BTreeMap;

use printpdf::{
    Codepoint, FontId, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, Pt, TextItem,
};

use super::content::Content;
use super::marked::{Marker, TagCursor};

use crate::diag::Diagnostic;
use crate::fontkit::FaceId;
use crate::typeset::frame::{FrameGlyph, FrameItem, FrameText, PageFrame, Rgb};
use crate::typeset::text::FontStore;

const SOFT_HYPHEN: &str = "\u{AD}";

/// A face as embedded: its resource name, old → new glyph ids, and the `/W` width (1/1000
/// em, truncated exactly as printpdf truncates it) of each new glyph id.
pub(super) struct Embedded {
    id: FontId,
    /// The resource name content streams use (`F3`).
    name: String,
    /// Old glyph id → new one (`u16::MAX`: not in the subset).
    remap: Vec<u16>,
    /// New glyph id → width.
    widths: Vec<i64>,
    /// Old glyph id → the text its ToUnicode entry gives (`None`: not in the subset).
    texts: Vec<Option<String>>,
}

impl Embedded {
    fn new_gid(&self, old: u16) -> u16 {
        match self.remap.get(usize::from(old)) {
            Some(&g) if g != u16::MAX => g,
            _ => 0,
        }
    }

    fn text_of(&self, old: u16) -> Option<&str> {
        self.texts.get(usize::from(old))?.as_deref()
    }
}

/// A deterministic six-letter subset tag from the face name and its glyph set.
fn subset_tag(name: &str, gids: &BTreeMap<u16, String>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    name.bytes().for_each(&mut eat);
    for g in gids.keys() {
        g.to_be_bytes().into_iter().for_each(&mut eat);
    }
    (0..6)
        .map(|i| (b'A' + ((h >> (i * 8)) % 26) as u8) as char)
        .collect()
}

/// Per face, the glyphs the frames use, each with the text of its first ordinary use (for
/// ToUnicode); a face with a run but no glyphs is there with none.
fn glyphs_used(frames: &[PageFrame]) -> BTreeMap<FaceId, BTreeMap<u16, String>> {
    /// What is known of a glyph id so far.
    const UNSEEN: u8 = 0;
    const NO_TEXT: u8 = 1;
    const TEXT: u8 = 2;
    /// The state of each glyph id (one look-up for most glyphs) and the glyphs with texts.
    type Face = (Vec<u8>, BTreeMap<u16, String>);
    // indexed by face id
    let mut faces: Vec<Option<Face>> = Vec::new();
    for f in frames {
        for item in &f.items {
            let FrameItem::Text(t) = item else {
                continue;
            };
            for (r, texts) in t.runs.iter().zip(t.glyph_texts()) {
                if faces.len() <= r.face {
                    faces.resize_with(r.face + 1, || None);
                }
                let (state, set) =
                    faces[r.face].get_or_insert_with(|| (vec![UNSEEN; 1 << 16], BTreeMap::new()));
                for (g, text) in r.glyphs.iter().zip(texts) {
                    let st = &mut state[usize::from(g.gid)];
                    if *st == TEXT {
                        continue;
                    }
                    if *st == UNSEEN {
                        set.insert(g.gid, String::new());
                        *st = NO_TEXT;
                    }
                    // the ToUnicode text of a glyph is its first ordinary use: an added
                    // hyphen (U+00AD) draws the hyphen glyph and reads through ActualText
                    if !text.is_empty() && text != SOFT_HYPHEN && g.gid != 0 {
                        set.insert(g.gid, text.to_string());
                        *st = TEXT;
                    }
                }
            }
        }
    }
    let mut used = BTreeMap::new();
    for (face, entry) in faces.into_iter().enumerate() {
        let Some((_, mut set)) = entry else {
            continue;
        };
        // a hyphen seen only as an added hyphen still reads as a hyphen
        for (gid, text) in set.iter_mut() {
            if text.is_empty() && *gid != 0 {
                *text = "-".into();
            }
        }
        used.insert(face, set);
    }
    used
}

/// Adds every face the frames use: subset, or `whole` (every glyph, the font's own
/// numbering, no subset tag in its name).
pub(super) fn embed_fonts(
    doc: &mut PdfDocument,
    frames: &[PageFrame],
    store: &FontStore,
    whole: bool,
) -> Result<BTreeMap<FaceId, Embedded>, Diagnostic> {
    let mut out = BTreeMap::new();
    for (face, gids) in &glyphs_used(frames) {
        out.insert(*face, embed_face(doc, *face, gids, store, whole)?);
    }
    Ok(out)
}

/// Subsets one face to `gids` (old glyph id → ToUnicode text), or takes it `whole`, and
/// adds it to `doc`.
fn embed_face(
    doc: &mut PdfDocument,
    face: FaceId,
    gids: &BTreeMap<u16, String>,
    store: &FontStore,
    whole: bool,
) -> Result<Embedded, Diagnostic> {
    let mut remapper = subsetter::GlyphRemapper::new();
    for gid in gids.keys() {
        remapper.remap(*gid);
    }
    let fail = |why: String| {
        Diagnostic::error(
            "GB303",
            format!("font `{}` cannot be embedded: {why}", store.name(face)),
        )
        .help("use another font file in [theme.fonts]")
    };
    let bytes = if whole {
        store.bytes(face).to_vec()
    } else {
        subsetter::subset(store.bytes(face), 0, &remapper).map_err(|e| fail(format!("{e:?}")))?
    };
    let mut warnings = Vec::new();
    let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
        .ok_or_else(|| fail("the subset could not be read back".into()))?;
    let ps = store.postscript_name(face);
    parsed.font_name = Some(if whole {
        ps.to_string()
    } else {
        format!("{}+{}", subset_tag(&ps, gids), ps)
    });
    let upm = parsed.pdf_font_metrics.units_per_em as f32;
    let top = gids.keys().next_back().map_or(0, |g| usize::from(*g) + 1);
    let mut remap = vec![u16::MAX; top];
    let mut widths = Vec::new();
    let mut texts = vec![None; top];
    for (old, text) in gids {
        let new = if whole {
            *old
        } else {
            remapper.get(*old).unwrap_or(0)
        };
        remap[usize::from(*old)] = new;
        let w = parsed.get_glyph_width(new).unwrap_or(0);
        if widths.len() <= usize::from(new) {
            widths.resize(usize::from(new) + 1, 0);
        }
        widths[usize::from(new)] = (w as f32 * 1000.0 / upm) as i64;
        texts[usize::from(*old)] = Some(text.clone());
    }
    let name = format!("F{face}");
    let id = FontId(name.clone());
    doc.resources
        .fonts
        .map
        .insert(id.clone(), PdfFont::new(parsed));
    Ok(Embedded {
        id,
        name,
        remap,
        widths,
        texts,
    })
}

/// printpdf writes each font's `/W` widths and ToUnicode map from the glyphs the pages show:
/// one invisible glyph string per face with every glyph of its subset tells it all of them.
/// The pages' real content streams are ours (`content`), so this stream is replaced.
pub(super) fn usage_ops(fonts: &BTreeMap<FaceId, Embedded>) -> Vec<Op> {
    let mut ops = vec![Op::StartTextSection];
    for emb in fonts.values() {
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(emb.id.clone()),
            size: Pt(1.0),
        });
        let cps = (0..emb.texts.len())
            .filter_map(|old| {
                let old = u16::try_from(old).ok()?;
                Some(Codepoint {
                    gid: emb.new_gid(old),
                    offset: 0.0,
                    cid: Some(emb.text_of(old)?.to_string()),
                })
            })
            .collect();
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(cps)],
        });
    }
    ops.push(Op::EndTextSection);
    ops
}

/// The text a glyph stands for in extraction, and whether its ToUnicode entry (keyed by
/// glyph id, one text per glyph) says otherwise — then it gets an ActualText span.
fn special(emb: &Embedded, g: &FrameGlyph, text: &str) -> bool {
    g.gid == 0 || (!text.is_empty() && emb.text_of(g.gid) != Some(text))
}

/// What one page's text stream remembers between lines: the font, size and fill colour set.
pub(super) type TextState = (Option<(FaceId, f32)>, Option<Rgb>);

/// Text for one line: per run a font switch if needed, a colour switch if needed, and one
/// positioned glyph string per stretch of glyphs on the same vertical offset. A glyph whose
/// text differs from its ToUnicode entry (an added hyphen reads as U+00AD) is shown in its
/// own ActualText span; a placeholder for a character no font has (glyph 0) is also
/// invisible, so the reader sees no box but extraction still gives the character back —
/// unless `stand_ins` is false (a print shop's file), when it is left out.
pub(super) fn text_ops(
    t: &FrameText,
    page_h: f32,
    fonts: &BTreeMap<FaceId, Embedded>,
    state: &mut TextState,
    marker: &mut Marker,
    out: &mut Content,
    stand_ins: bool,
) {
    let mut tags = TagCursor::new(t.tag, &t.tag_from);
    // the line's first glyph of each run, counted through the runs
    let mut k0 = 0u32;
    for (run, texts) in t.runs.iter().zip(t.glyph_texts()) {
        let base = k0;
        k0 += run.glyphs.len() as u32;
        let Some(emb) = fonts.get(&run.face) else {
            continue;
        };
        if run.glyphs.is_empty() {
            continue;
        }
        // (the font and colour are set inside the run's first sequence)
        marker.switch(tags.at(base), out);
        if state.0 != Some((run.face, run.size)) {
            out.font(&emb.name, run.size);
            state.0 = Some((run.face, run.size));
        }
        if state.1 != Some(run.color) {
            out.fill_color(run.color);
            state.1 = Some(run.color);
        }
        let mut k = 0;
        while k < run.glyphs.len() {
            let first = &run.glyphs[k];
            let alone = special(emb, first, texts[k]);
            let tag = tags.at(base + k as u32);
            let mut end = k + 1;
            while !alone
                && end < run.glyphs.len()
                && run.glyphs[end].y == first.y
                && !special(emb, &run.glyphs[end], texts[end])
                && tags.peek(base + end as u32) == tag
            {
                end += 1;
            }
            if alone && first.gid == 0 && !stand_ins {
                k = end;
                continue;
            }
            marker.switch(tag, out);
            let seg = &run.glyphs[k..end];
            // an invisible stand-in (glyph 0) is scaled to the width it stands for (an
            // inline image, a missing character), so text extraction sees no gap around it
            let mut scaled = false;
            if alone {
                out.begin_actual_text(texts[k]);
                if first.gid == 0 {
                    out.raw("3 Tr\n");
                    let w0 = emb.widths.first().copied().unwrap_or(0) as f32;
                    let tz = first.advance * 1000.0 / run.size / w0 * 100.0;
                    if w0 > 0.0 && tz.is_finite() && (tz - 100.0).abs() > 0.5 {
                        out.op(&[tz], "Tz");
                        scaled = true;
                    }
                }
            }
            out.text_at(t.x + seg[0].x, page_h - t.baseline + first.y);
            out.glyphs(seg.iter().enumerate().map(|(i, g)| {
                let gid = emb.new_gid(g.gid);
                let adj = match seg.get(i + 1) {
                    Some(next) => {
                        let want = (next.x - g.x) * 1000.0 / run.size;
                        let w = emb.widths.get(usize::from(gid)).copied().unwrap_or(0) as f32;
                        ((w - want) * 10.0).round() / 10.0
                    }
                    None => 0.0,
                };
                (gid, adj)
            }));
            if alone {
                if first.gid == 0 {
                    out.raw("0 Tr\n");
                }
                if scaled {
                    out.raw("100 Tz\n");
                }
                out.end_marked();
            }
            k = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::subset_tag;
    use std::collections::BTreeMap;

    #[test]
    fn subset_tags_are_six_capitals_and_stable() {
        let mut g = BTreeMap::new();
        g.insert(3u16, "a".to_string());
        let a = subset_tag("Literata-Regular", &g);
        assert_eq!(a.len(), 6);
        assert!(a.chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!(a, subset_tag("Literata-Regular", &g));
        assert_ne!(a, subset_tag("Literata-Italic", &g));
    }
}
