//! Emit: frames into a PDF document — the only code that calls printpdf. Fonts are subset here
//! (subsetter, one subset per face with exactly the glyphs the frames use, renumbered) and
//! added once each under a stable resource name with a `XXXXXX+` subset tag; text is written
//! as glyph ids positioned by TJ adjustments computed against the integer widths printpdf
//! writes in `/W`, so every glyph lands where layout put it (justification included); each
//! glyph carries its source text for the ToUnicode map. Fills, images and borderless links
//! follow. Returns the lopdf document for `nav` to finish.

use std::collections::BTreeMap;

use printpdf::{
    Actions, BorderArray, Codepoint, Color, ColorArray, Destination, DictItem, ExternalStream,
    ExternalXObject, FontId, LinkAnnotation, Op, PaintMode, ParsedFont, PdfDocument, PdfFont,
    PdfFontHandle, PdfPage, PdfSaveOptions, Pt, Rect, TextItem, TextMatrix, TextRenderingMode,
    XObject, XObjectId, XObjectTransform,
};

use super::fonts::{FaceId, FontStore};
use super::frame::{FrameGlyph, FrameItem, FrameLink, FrameText, PageFrame, Rgb};
use super::image::{probe, split_alpha, ImageData};
use crate::diag::Diagnostic;
use crate::model::Asset;

const SOFT_HYPHEN: &str = "\u{AD}";

/// A face as embedded: its resource id, old → new glyph ids, and the `/W` width (1/1000 em,
/// truncated exactly as printpdf truncates it) of each new glyph id.
struct Embedded {
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

fn rgb(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: c.0,
        g: c.1,
        b: c.2,
        icc_profile: None,
    })
}

/// Subsets and adds every face the frames use.
fn embed_fonts(
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

/// An image XObject from the file's own compressed data.
fn image_xobject(asset: &Asset) -> Option<ExternalXObject> {
    let info = probe(&asset.bytes).ok()?;
    let alpha = match info.data {
        ImageData::PngAlpha { .. } => Some(split_alpha(&info).ok()?),
        _ => None,
    };
    let name = |s: &str| DictItem::Name(s.as_bytes().to_vec());
    let mut dict = BTreeMap::new();
    dict.insert("Type".to_string(), name("XObject"));
    dict.insert("Subtype".to_string(), name("Image"));
    dict.insert("Width".to_string(), DictItem::Int(i64::from(info.width)));
    dict.insert("Height".to_string(), DictItem::Int(i64::from(info.height)));
    let content = match info.data {
        ImageData::Jpeg { components } => {
            let cs = if components == 1 {
                "DeviceGray"
            } else {
                "DeviceRGB"
            };
            dict.insert("ColorSpace".into(), name(cs));
            dict.insert("BitsPerComponent".into(), DictItem::Int(8));
            dict.insert("Filter".into(), name("DCTDecode"));
            asset.bytes.clone()
        }
        ImageData::Png {
            colors,
            bits,
            palette,
            idat,
        } => {
            let cs = match palette {
                Some(p) => DictItem::Array(vec![
                    name("Indexed"),
                    name("DeviceRGB"),
                    DictItem::Int((p.len() / 3) as i64 - 1),
                    DictItem::String {
                        data: p,
                        literal: false,
                    },
                ]),
                None if colors == 1 => name("DeviceGray"),
                None => name("DeviceRGB"),
            };
            dict.insert("ColorSpace".into(), cs);
            dict.insert("BitsPerComponent".into(), DictItem::Int(i64::from(bits)));
            dict.insert("Filter".into(), name("FlateDecode"));
            let mut parms = BTreeMap::new();
            parms.insert("Predictor".to_string(), DictItem::Int(15));
            parms.insert("Colors".to_string(), DictItem::Int(i64::from(colors)));
            parms.insert(
                "BitsPerComponent".to_string(),
                DictItem::Int(i64::from(bits)),
            );
            parms.insert("Columns".to_string(), DictItem::Int(i64::from(info.width)));
            dict.insert("DecodeParms".into(), DictItem::Dict { map: parms });
            idat
        }
        ImageData::PngAlpha { colors, .. } => {
            let (color, mask) = alpha?;
            let cs = if colors == 1 {
                "DeviceGray"
            } else {
                "DeviceRGB"
            };
            dict.insert("ColorSpace".into(), name(cs));
            dict.insert("BitsPerComponent".into(), DictItem::Int(8));
            dict.insert("Filter".into(), name("FlateDecode"));
            let mut m = BTreeMap::new();
            m.insert("Type".to_string(), name("XObject"));
            m.insert("Subtype".to_string(), name("Image"));
            m.insert("Width".to_string(), DictItem::Int(i64::from(info.width)));
            m.insert("Height".to_string(), DictItem::Int(i64::from(info.height)));
            m.insert("ColorSpace".to_string(), name("DeviceGray"));
            m.insert("BitsPerComponent".to_string(), DictItem::Int(8));
            m.insert("Filter".to_string(), name("FlateDecode"));
            dict.insert(
                "SMask".into(),
                DictItem::Stream {
                    stream: ExternalStream {
                        dict: m,
                        content: mask,
                        compress: false,
                    },
                },
            );
            color
        }
    };
    Some(ExternalXObject {
        stream: ExternalStream {
            dict,
            content,
            compress: false,
        },
        width: None,
        height: None,
        dpi: None,
    })
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
fn text_ops(
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

/// Builds the PDF document for `frames`.
pub fn emit(
    frames: &[PageFrame],
    store: &FontStore,
    assets: &[Asset],
    title: &str,
) -> Result<lopdf::Document, Diagnostic> {
    let mut doc = PdfDocument::new(title);
    let fonts = embed_fonts(&mut doc, frames, store)?;
    let mut images = BTreeMap::new();
    for f in frames {
        for item in &f.items {
            if let FrameItem::Image { asset, .. } = item {
                if images.contains_key(asset) {
                    continue;
                }
                if let Some(x) = assets.get(*asset).and_then(image_xobject) {
                    let id = XObjectId(format!("Im{asset}"));
                    doc.resources
                        .xobjects
                        .map
                        .insert(id.clone(), XObject::External(x));
                    images.insert(*asset, id);
                }
            }
        }
    }
    let mut pages = Vec::with_capacity(frames.len());
    for f in frames {
        let h = f.height;
        let mut ops = Vec::new();
        let mut fill: Option<Rgb> = None;
        for item in &f.items {
            match item {
                FrameItem::Fill {
                    x,
                    y,
                    w,
                    h: rh,
                    color,
                } => {
                    if fill != Some(*color) {
                        ops.push(Op::SetFillColor { col: rgb(*color) });
                        fill = Some(*color);
                    }
                    ops.push(Op::DrawRectangle {
                        rectangle: Rect {
                            x: Pt(*x),
                            y: Pt(h - y - rh),
                            width: Pt(*w),
                            height: Pt(*rh),
                            mode: Some(PaintMode::Fill),
                            winding_order: None,
                        },
                    });
                }
                FrameItem::Image {
                    x,
                    y,
                    w,
                    h: ih,
                    asset,
                } => {
                    if let Some(id) = images.get(asset) {
                        ops.push(Op::UseXobject {
                            id: id.clone(),
                            transform: XObjectTransform {
                                translate_x: Some(Pt(*x)),
                                translate_y: Some(Pt(h - y - ih)),
                                rotate: None,
                                scale_x: Some(*w),
                                scale_y: Some(*ih),
                                dpi: None,
                                no_auto_scale: true,
                            },
                        });
                    }
                }
                _ => {}
            }
        }
        let mut state = (None, fill);
        let texts: Vec<&FrameText> = f
            .items
            .iter()
            .filter_map(|i| match i {
                FrameItem::Text(t) => Some(t),
                _ => None,
            })
            .collect();
        if !texts.is_empty() {
            ops.push(Op::StartTextSection);
            for t in texts {
                text_ops(t, h, &fonts, &mut state, &mut ops);
            }
            ops.push(Op::EndTextSection);
        }
        for item in &f.items {
            if let FrameItem::Link {
                x0,
                y0,
                x1,
                y1,
                target,
            } = item
            {
                let actions = match target {
                    FrameLink::Uri(u) => Actions::uri(u.clone()),
                    FrameLink::Page { page, y } => {
                        let top = frames.get(*page).map(|p| p.height).unwrap_or(h) - y;
                        Actions::go_to(Destination::Xyz {
                            page: page + 1,
                            left: None,
                            top: Some(top.round()),
                            zoom: None,
                        })
                    }
                };
                let rect = Rect {
                    x: Pt(*x0),
                    y: Pt(h - y1),
                    width: Pt(x1 - x0),
                    height: Pt(y1 - y0),
                    mode: None,
                    winding_order: None,
                };
                ops.push(Op::LinkAnnotation {
                    link: LinkAnnotation::new(
                        rect,
                        actions,
                        Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                        Some(ColorArray::Transparent),
                        None,
                    ),
                });
            }
        }
        let size = Rect::from_wh(Pt(f.width), Pt(f.height));
        pages.push(PdfPage {
            media_box: size.clone(),
            trim_box: size.clone(),
            crop_box: size,
            ops,
        });
    }
    doc.with_pages(pages);
    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    Ok(doc.to_lopdf_document(&opts, &mut warnings))
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
