//! Fonts and text for emit: each face the frames use is subset (subsetter, exactly the glyphs
//! used, renumbered) and added once under a stable resource name with a `XXXXXX+` subset tag;
//! each line is written as glyph ids positioned by TJ adjustments computed against the integer
//! widths printpdf writes in `/W`, so every glyph lands where layout put it (justification
//! included), with its source text for the ToUnicode map — or an ActualText span where that
//! map cannot say it (an added hyphen, a placeholder for a character no font has).

use std::collections::BTreeMap;

use printpdf::{
    Codepoint, Color, DictItem, FontId, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, Pt,
    TextItem, TextMatrix, TextRenderingMode,
};

use crate::diag::Diagnostic;
use crate::pdf::fonts::{FaceId, FontStore};
use crate::pdf::frame::{FrameGlyph, FrameItem, FrameText, PageFrame, Rgb};

const SOFT_HYPHEN: &str = "\u{AD}";

/// A face as embedded: its resource id, old → new glyph ids, and the `/W` width (1/1000 em,
/// truncated exactly as printpdf truncates it) of each new glyph id.
pub(super) struct Embedded {
    id: FontId,
    remap: BTreeMap<u16, u16>,
    widths: BTreeMap<u16, i64>,
    /// Old glyph id → the text its ToUnicode entry gives.
    texts: BTreeMap<u16, String>,
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

pub(super) fn rgb(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: c.0,
        g: c.1,
        b: c.2,
        icc_profile: None,
    })
}

/// Subsets and adds every face the frames use.
pub(super) fn embed_fonts(
    doc: &mut PdfDocument,
    frames: &[PageFrame],
    store: &FontStore,
) -> Result<BTreeMap<FaceId, Embedded>, Diagnostic> {
    // glyphs used per face, with the text of their first use (for ToUnicode)
    let mut used: BTreeMap<FaceId, BTreeMap<u16, String>> = BTreeMap::new();
    for f in frames {
        for item in &f.items {
            if let FrameItem::Text(t) = item {
                for (r, texts) in t.runs.iter().zip(t.glyph_texts()) {
                    let set = used.entry(r.face).or_default();
                    for (g, text) in r.glyphs.iter().zip(texts) {
                        // the ToUnicode text of a glyph is its first ordinary use: an added
                        // hyphen (U+00AD) draws the hyphen glyph and reads through ActualText
                        let e = set.entry(g.gid).or_default();
                        if e.is_empty() && text != SOFT_HYPHEN && g.gid != 0 {
                            e.push_str(text);
                        }
                    }
                }
            }
        }
    }
    // a hyphen seen only as an added hyphen still reads as a hyphen
    for set in used.values_mut() {
        for (gid, text) in set.iter_mut() {
            if text.is_empty() && *gid != 0 {
                *text = "-".into();
            }
        }
    }
    let mut out = BTreeMap::new();
    for (face, gids) in &used {
        let mut remapper = subsetter::GlyphRemapper::new();
        for gid in gids.keys() {
            remapper.remap(*gid);
        }
        let fail = |why: String| {
            Diagnostic::error(
                "GB303",
                format!("font `{}` cannot be embedded: {why}", store.name(*face)),
            )
            .help("use another font file in [theme.fonts]")
        };
        let bytes = subsetter::subset(store.bytes(*face), 0, &remapper)
            .map_err(|e| fail(format!("{e:?}")))?;
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
            .ok_or_else(|| fail("the subset could not be read back".into()))?;
        let ps = store.postscript_name(*face);
        parsed.font_name = Some(format!("{}+{}", subset_tag(&ps, gids), ps));
        let upm = parsed.pdf_font_metrics.units_per_em as f32;
        let mut remap = BTreeMap::new();
        let mut widths = BTreeMap::new();
        for old in gids.keys() {
            let new = remapper.get(*old).unwrap_or(0);
            remap.insert(*old, new);
            let w = parsed.get_glyph_width(new).unwrap_or(0);
            widths.insert(new, (w as f32 * 1000.0 / upm) as i64);
        }
        let id = FontId(format!("F{face}"));
        doc.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(parsed));
        out.insert(
            *face,
            Embedded {
                id,
                remap,
                widths,
                texts: gids.clone(),
            },
        );
    }
    Ok(out)
}

/// The text a glyph stands for in extraction, and whether its ToUnicode entry (keyed by
/// glyph id, one text per glyph) says otherwise — then it gets an ActualText span.
fn special(emb: &Embedded, g: &FrameGlyph, text: &str) -> bool {
    g.gid == 0 || (!text.is_empty() && emb.texts.get(&g.gid).map(String::as_str) != Some(text))
}

/// `/Span << /ActualText (…) >>` for a stretch of glyphs.
fn actual_text(text: &str) -> Op {
    let mut data = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        data.extend_from_slice(&u.to_be_bytes());
    }
    let mut props = BTreeMap::new();
    props.insert(
        "ActualText".to_string(),
        DictItem::String {
            data,
            literal: false,
        },
    );
    Op::BeginMarkedContentWithProperties {
        tag: "Span".into(),
        properties: DictItem::Dict { map: props },
    }
}

/// Text ops for one line: per run a font switch if needed, a colour switch if needed, and
/// one positioned glyph string per stretch of glyphs on the same vertical offset. A glyph
/// whose text differs from its ToUnicode entry (an added hyphen reads as U+00AD) is shown in
/// its own ActualText span; a placeholder for a character no font has (glyph 0) is also
/// invisible, so the reader sees no box but extraction still gives the character back.
pub(super) fn text_ops(
    t: &FrameText,
    page_h: f32,
    fonts: &BTreeMap<FaceId, Embedded>,
    state: &mut (Option<(FaceId, f32)>, Option<Rgb>),
    ops: &mut Vec<Op>,
) {
    for (run, texts) in t.runs.iter().zip(t.glyph_texts()) {
        let Some(emb) = fonts.get(&run.face) else {
            continue;
        };
        if run.glyphs.is_empty() {
            continue;
        }
        if state.0 != Some((run.face, run.size)) {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(emb.id.clone()),
                size: Pt(run.size),
            });
            state.0 = Some((run.face, run.size));
        }
        if state.1 != Some(run.color) {
            ops.push(Op::SetFillColor {
                col: rgb(run.color),
            });
            state.1 = Some(run.color);
        }
        let mut k = 0;
        while k < run.glyphs.len() {
            let first = &run.glyphs[k];
            let alone = special(emb, first, texts[k]);
            let mut end = k + 1;
            while !alone
                && end < run.glyphs.len()
                && run.glyphs[end].y == first.y
                && !special(emb, &run.glyphs[end], texts[end])
            {
                end += 1;
            }
            let seg = &run.glyphs[k..end];
            if alone {
                ops.push(actual_text(texts[k]));
                if first.gid == 0 {
                    ops.push(Op::SetTextRenderingMode {
                        mode: TextRenderingMode::Invisible,
                    });
                }
            }
            let mut cps = Vec::with_capacity(seg.len());
            for (i, g) in seg.iter().enumerate() {
                let gid = emb.remap.get(&g.gid).copied().unwrap_or(0);
                let offset = match seg.get(i + 1) {
                    Some(next) => {
                        let want = (next.x - g.x) * 1000.0 / run.size;
                        let w = emb.widths.get(&gid).copied().unwrap_or(0) as f32;
                        ((w - want) * 10.0).round() / 10.0
                    }
                    None => 0.0,
                };
                let offset = if offset == 0.0 { 0.0 } else { offset };
                cps.push(Codepoint {
                    gid,
                    offset,
                    cid: emb.texts.get(&g.gid).cloned(),
                });
            }
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(
                    Pt(t.x + seg[0].x),
                    Pt(page_h - t.baseline + first.y),
                ),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(cps)],
            });
            if alone {
                if first.gid == 0 {
                    ops.push(Op::SetTextRenderingMode {
                        mode: TextRenderingMode::Fill,
                    });
                }
                ops.push(Op::EndMarkedContent);
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
