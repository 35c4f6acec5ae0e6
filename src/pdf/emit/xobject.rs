//! Image XObjects from the files' own compressed data: a JPEG as it is (DCTDecode), a PNG
//! with its zlib data and PNG predictors (FlateDecode), a PNG with alpha as its colour
//! channels plus a soft-mask image. A print-shop interior's images are decoded and written
//! again in its ink (DeviceGray or DeviceCMYK), any alpha flattened onto white paper: no
//! RGB and no soft mask. Each image the frames show is added once.

use std::collections::BTreeMap;

use printpdf::{DictItem, ExternalStream, ExternalXObject, PdfDocument, XObject, XObjectId};

use super::content::Ink;
use crate::image::{ImageData, Pixels};
use crate::model::Asset;
use crate::pdf::file::Deflater;
use crate::typeset::frame::{FrameItem, PageFrame};

/// A stream dictionary under construction.
type Dict = BTreeMap<String, DictItem>;

fn name(s: &str) -> DictItem {
    DictItem::Name(s.as_bytes().to_vec())
}

fn gray_or_rgb(colors: u8) -> DictItem {
    name(if colors == 1 {
        "DeviceGray"
    } else {
        "DeviceRGB"
    })
}

/// `/Type /XObject /Subtype /Image`, the size (`(width, height)` in pixels), the colour
/// space, 8 bits per component (a PNG may change that) and the filter.
fn image_dict(size: (u32, u32), color_space: DictItem, filter: &str) -> Dict {
    let mut dict = BTreeMap::new();
    dict.insert("Type".to_string(), name("XObject"));
    dict.insert("Subtype".to_string(), name("Image"));
    dict.insert("Width".to_string(), DictItem::Int(i64::from(size.0)));
    dict.insert("Height".to_string(), DictItem::Int(i64::from(size.1)));
    dict.insert("ColorSpace".to_string(), color_space);
    dict.insert("BitsPerComponent".to_string(), DictItem::Int(8));
    dict.insert("Filter".to_string(), name(filter));
    dict
}

fn stream(dict: Dict, content: Vec<u8>) -> ExternalStream {
    ExternalStream {
        dict,
        content,
        compress: false,
    }
}

/// A PNG without alpha: its own zlib data, undone by the PNG predictors.
fn png(size: (u32, u32), colors: u8, bits: u8, palette: Option<Vec<u8>>) -> Dict {
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
        None => gray_or_rgb(colors),
    };
    let mut dict = image_dict(size, cs, "FlateDecode");
    dict.insert("BitsPerComponent".into(), DictItem::Int(i64::from(bits)));
    let mut parms = BTreeMap::new();
    parms.insert("Predictor".to_string(), DictItem::Int(15));
    parms.insert("Colors".to_string(), DictItem::Int(i64::from(colors)));
    parms.insert(
        "BitsPerComponent".to_string(),
        DictItem::Int(i64::from(bits)),
    );
    parms.insert("Columns".to_string(), DictItem::Int(i64::from(size.0)));
    dict.insert("DecodeParms".into(), DictItem::Dict { map: parms });
    dict
}

/// A print-shop image: its pixels over white paper, each turned into the ink's grey or
/// CMYK as the page colours are ([`Ink::gray`] and [`Ink::cmyk`] but for the tint floor:
/// a photograph's highlights stay as light as they are), deflated.
fn printed(px: &Pixels, ink: Ink) -> (Dict, Vec<u8>) {
    let c = usize::from(px.colors);
    let n = px.width as usize * px.height as usize;
    let per = if ink == Ink::Cmyk { 4 } else { 1 };
    let mut out = Vec::with_capacity(n * per);
    for k in 0..n {
        let sample = |i: usize| f32::from(px.samples[k * c + i.min(c - 1)]) / 255.0;
        let a = px.alpha.as_ref().map_or(1.0, |a| f32::from(a[k]) / 255.0);
        // flattened onto white
        let over = |v: f32| v * a + (1.0 - a);
        let rgb = (over(sample(0)), over(sample(1)), over(sample(2)));
        let byte = |v: f32| (v * 255.0).round() as u8;
        if ink == Ink::Cmyk {
            out.extend(Ink::separate(rgb).map(byte));
        } else {
            out.push(byte(Ink::luma(rgb)));
        }
    }
    let cs = if ink == Ink::Cmyk {
        "DeviceCMYK"
    } else {
        "DeviceGray"
    };
    let mut dict = image_dict((px.width, px.height), name(cs), "FlateDecode");
    match Deflater::new().pack(&out) {
        Some(data) => (dict, data),
        None => {
            dict.remove("Filter");
            (dict, out)
        }
    }
}

/// An image XObject from the file's own compressed data, or its decoded colour and mask,
/// or for a print shop's `ink` its pixels in that ink (`None`: not an image the PDF can
/// show; layout warned about it).
fn image_xobject(asset: &Asset, ink: Ink) -> Option<ExternalXObject> {
    let info = asset.picture().ok()?;
    if ink != Ink::Rgb {
        let px = crate::image::pixels(&asset.bytes).ok()?;
        let (dict, content) = printed(&px, ink);
        return Some(ExternalXObject {
            stream: stream(dict, content),
            width: None,
            height: None,
            dpi: None,
        });
    }
    let size = (info.width, info.height);
    let (dict, content) = match &info.data {
        ImageData::Jpeg { components } => {
            let cs = gray_or_rgb(*components);
            (image_dict(size, cs, "DCTDecode"), asset.bytes.clone())
        }
        ImageData::Png {
            colors,
            bits,
            palette,
            idat,
        } => (png(size, *colors, *bits, palette.clone()), idat.clone()),
        ImageData::Masked {
            colors,
            color,
            mask,
        } => {
            let mut dict = image_dict(size, gray_or_rgb(*colors), "FlateDecode");
            let mask_dict = image_dict(size, name("DeviceGray"), "FlateDecode");
            dict.insert(
                "SMask".into(),
                DictItem::Stream {
                    stream: stream(mask_dict, mask.clone()),
                },
            );
            (dict, color.clone())
        }
        // `picture` never gives an undecoded alpha PNG
        ImageData::PngAlpha { .. } => return None,
    };
    Some(ExternalXObject {
        stream: stream(dict, content),
        width: None,
        height: None,
        dpi: None,
    })
}

/// Adds each image the frames show, once; returns asset index → resource name.
pub(super) fn add_images(
    doc: &mut PdfDocument,
    frames: &[PageFrame],
    assets: &[Asset],
    ink: Ink,
) -> BTreeMap<usize, XObjectId> {
    let mut images = BTreeMap::new();
    for item in frames.iter().flat_map(|f| &f.items) {
        let FrameItem::Image { asset, .. } = item else {
            continue;
        };
        if images.contains_key(asset) {
            continue;
        }
        if let Some(x) = assets.get(*asset).and_then(|a| image_xobject(a, ink)) {
            let id = XObjectId(format!("Im{asset}"));
            doc.resources
                .xobjects
                .map
                .insert(id.clone(), XObject::External(x));
            images.insert(*asset, id);
        }
    }
    images
}
