//! Emit: frames into a PDF document — the only code that calls printpdf. Fonts and text are
//! in `text` (subset fonts, positioned glyphs, ToUnicode and ActualText); here the pages get
//! their fills, images (JPEG as is, PNG with its own zlib data, alpha as a soft mask), text and
//! borderless link annotations. Returns the lopdf document for `nav` to finish.

mod content;
mod text;

use std::collections::BTreeMap;

use printpdf::{
    Actions, BorderArray, ColorArray, Destination, DictItem, ExternalStream, ExternalXObject,
    LinkAnnotation, Op, PdfDocument, PdfPage, PdfSaveOptions, Pt, Rect, XObject, XObjectId,
};

use crate::diag::Diagnostic;
use crate::image::{probe, split_alpha, ImageData};
use crate::model::Asset;
use crate::typeset::frame::{FrameItem, FrameLink, PageFrame, Rgb};
use crate::typeset::text::FontStore;
use content::Content;
use text::{embed_fonts, text_ops, usage_ops};

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
    let mut contents = Vec::with_capacity(frames.len());
    for f in frames {
        let h = f.height;
        let mut out = Content::with_capacity(16 * 1024);
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
                        out.fill_color(*color);
                        fill = Some(*color);
                    }
                    out.fill_rect(*x, h - y - rh, *w, *rh);
                }
                FrameItem::Image {
                    x,
                    y,
                    w,
                    h: ih,
                    asset,
                } => {
                    if let Some(id) = images.get(asset) {
                        out.image(&id.0, *x, h - y - ih, *w, *ih);
                    }
                }
                _ => {}
            }
        }
        let mut state = (None, fill);
        let mut texts = f.items.iter().filter_map(|i| match i {
            FrameItem::Text(t) => Some(t),
            _ => None,
        });
        if let Some(first) = texts.next() {
            out.raw("BT\n");
            text_ops(first, h, &fonts, &mut state, &mut out);
            for t in texts {
                text_ops(t, h, &fonts, &mut state, &mut out);
            }
            out.raw("ET\n");
        }
        contents.push(out.bytes);
        let mut ops = Vec::new();
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
    if let Some(first) = pages.first_mut() {
        first.ops.extend(usage_ops(&fonts));
    }
    doc.with_pages(pages);
    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    replace_contents(&mut lo, contents)?;
    Ok(lo)
}

/// Puts our content streams, deflated (on every core), in place of printpdf's.
fn replace_contents(doc: &mut lopdf::Document, contents: Vec<Vec<u8>>) -> Result<(), Diagnostic> {
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    if pages.len() != contents.len() {
        return Err(Diagnostic::error(
            "GB304",
            format!(
                "the PDF writer made {} pages for {} frames",
                pages.len(),
                contents.len()
            ),
        )
        .help("this is a bug in guidebuild; please report it"));
    }
    let packed = deflate_all(&contents);
    for ((page, raw), data) in pages.into_iter().zip(contents).zip(packed) {
        let content_id = doc
            .get_dictionary(page)
            .and_then(|d| d.get(b"Contents"))
            .and_then(lopdf::Object::as_reference)
            .map_err(|e| {
                Diagnostic::error("GB304", format!("the PDF page has no content stream: {e}"))
            })?;
        let mut dict = lopdf::Dictionary::new();
        let stream = match data {
            Some(data) => {
                dict.set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
                lopdf::Stream::new(dict, data)
            }
            None => lopdf::Stream::new(dict, raw).with_compression(false),
        };
        doc.objects
            .insert(content_id, lopdf::Object::Stream(stream));
    }
    Ok(())
}

/// zlib-deflates each buffer, spread over the machine's cores; order is kept, and `None`
/// stands for a buffer that could not be packed (to be kept as it is).
pub(crate) fn deflate_all(bufs: &[Vec<u8>]) -> Vec<Option<Vec<u8>>> {
    let total: usize = bufs.iter().map(Vec::len).sum();
    let run = |part: &[Vec<u8>]| {
        let mut z = Deflater::new();
        part.iter().map(|b| z.pack(b)).collect::<Vec<_>>()
    };
    if total < 256 * 1024 {
        return run(bufs);
    }
    // (asked only now: finding the usable cores reads files under /proc and /sys)
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4);
    if threads < 2 {
        return run(bufs);
    }
    let chunk = bufs.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = bufs
            .chunks(chunk)
            .map(|part| s.spawn(move || run(part)))
            .collect();
        handles
            .into_iter()
            .zip(bufs.chunks(chunk))
            .flat_map(|(h, part)| h.join().unwrap_or_else(|_| vec![None; part.len()]))
            .collect()
    })
}

/// A zlib compressor kept for many streams: setting one up clears a few hundred KB of
/// tables, which for a short book cost more than compressing its pages.
pub(crate) struct Deflater(flate2::Compress);

impl Deflater {
    /// zlib's default level: `best` costs three times the time for about 1% of size on
    /// content streams.
    pub(crate) fn new() -> Deflater {
        Deflater(flate2::Compress::new(flate2::Compression::new(6), true))
    }

    /// The zlib data of `data` (`None` should compressing into memory ever fail).
    pub(crate) fn pack(&mut self, data: &[u8]) -> Option<Vec<u8>> {
        self.0.reset();
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        loop {
            let read = self.0.total_in() as usize;
            let status =
                self.0
                    .compress_vec(&data[read..], &mut out, flate2::FlushCompress::Finish);
            match status {
                Ok(flate2::Status::StreamEnd) => return Some(out),
                Ok(_) => out.reserve(out.capacity().max(64)),
                Err(_) => return None,
            }
        }
    }
}
