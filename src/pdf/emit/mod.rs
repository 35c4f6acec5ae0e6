//! Emit: frames into a PDF document — the only code that calls printpdf. Fonts and text are
//! in `text` (subset fonts, positioned glyphs, ToUnicode and ActualText), image XObjects in
//! `xobject` (JPEG as is, PNG with its own zlib data, alpha as a soft mask); here the pages
//! get their fills, images and text, `links` their borderless link annotations and `fields` the
//! widgets and `/AcroForm` of a fillable PDF. Returns the `PdfFile` for `nav` to finish.

mod content;
mod fields;
mod links;
mod marked;
mod text;
mod xobject;

use std::collections::BTreeMap;

use printpdf::{PdfDocument, PdfPage, PdfSaveOptions, Pt, Rect, XObjectId};

use crate::diag::Diagnostic;
use crate::fontkit::FaceId;
use crate::model::Asset;
use crate::pdf::file::{self, Deflater, PdfFile};
use crate::typeset::frame::{FrameItem, PageFrame, Rgb};
use crate::typeset::structure::{Structure, Tag};
use crate::typeset::text::FontStore;
use content::Content;
pub use content::Ink;
pub(crate) use links::xyz;
pub use links::Annot;
use marked::Marker;
use text::{embed_fonts, text_ops, usage_ops, Embedded};
use xobject::add_images;

/// Builds the PDF document for `frames`: printpdf writes the fonts, images and pages; the
/// pages' content streams are ours, put in place of printpdf's, and so are the link annotations.
/// The frames are let go of once the content streams and link boxes are taken from them,
/// before printpdf makes its objects, so a long book does not hold both at once.
pub fn emit(
    frames: Vec<PageFrame>,
    store: &FontStore,
    assets: &[Asset],
    title: &str,
    structure: Option<&Structure>,
    press: Press,
) -> Result<Emitted, Diagnostic> {
    let mut doc = PdfDocument::new(title);
    let fonts = embed_fonts(&mut doc, &frames, store, press.whole_fonts)?;
    let images = add_images(&mut doc, &frames, assets, press.ink);
    let mut mcids = Vec::with_capacity(frames.len());
    let contents: Vec<Vec<u8>> = frames
        .iter()
        .map(|f| {
            let (bytes, page_mcids) = page_content(f, &images, &fonts, structure, press);
            mcids.push(page_mcids);
            bytes
        })
        .collect();
    let mut pages: Vec<PdfPage> = frames.iter().map(page).collect();
    if let Some(first) = pages.first_mut() {
        first.ops.extend(usage_ops(&fonts));
    }
    let links = links::collect(&frames);
    drop(frames);
    doc.with_pages(pages);
    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    let page_ids = replace_contents(&mut lo, contents)?;
    let mut file = PdfFile::new(lo);
    let mut form = fields::Form::default();
    let tagged = structure.is_some();
    let annots = links::add_links(&mut file, &links, &page_ids, tagged, (&mut form, store));
    if let Some(form) = form.finish(&mut file) {
        let catalog = file.doc.catalog_mut().map_err(|e| {
            Diagnostic::error("GB304", format!("the PDF has no catalog for its form: {e}"))
        })?;
        catalog.set("AcroForm", lopdf::Object::Reference(file::object_id(form)));
    }
    Ok(Emitted {
        file,
        pages: page_ids,
        mcids,
        annots,
    })
}

/// How the pages are drawn for what the PDF is for: the colour space, whether each font is
/// embedded whole (a print shop asks for that) or as the subset the pages use, and whether
/// the invisible stand-ins that give text extraction a character no glyph shows (a fill-in
/// blank's underscores, a character no font has) are written — a print shop's file has no
/// invisible objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Press {
    pub ink: Ink,
    pub whole_fonts: bool,
    pub stand_ins: bool,
}

impl Default for Press {
    /// The screen's and the home printer's: RGB, subset fonts, stand-ins written.
    fn default() -> Self {
        Press {
            ink: Ink::Rgb,
            whole_fonts: false,
            stand_ins: true,
        }
    }
}

/// What `emit` made: the file, its pages' objects in order, and for the tagged file what
/// the structure tree must point to (each page's MCIDs, each link annotation).
pub struct Emitted {
    pub file: PdfFile,
    pub pages: Vec<lopdf::ObjectId>,
    /// Per page, the element of each MCID (empty when untagged).
    pub mcids: Vec<Vec<Tag>>,
    pub annots: Vec<Annot>,
}

/// One page's content stream (fills and images first, then all its text in one `BT`…`ET`),
/// and when `structure` is given, its content in marked-content sequences: the element of
/// each MCID, in order.
fn page_content(
    f: &PageFrame,
    images: &BTreeMap<usize, XObjectId>,
    fonts: &BTreeMap<FaceId, Embedded>,
    structure: Option<&Structure>,
    press: Press,
) -> (Vec<u8>, Vec<Tag>) {
    let h = f.height;
    let mut out = Content::with_capacity(16 * 1024, press.ink);
    let mut marker = Marker::new(structure);
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
                marker.switch(Tag::ARTIFACT, &mut out);
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
                tag,
            } => {
                if let Some(id) = images.get(asset) {
                    // an image is a sequence of its own, even beside another of its figure
                    marker.close(&mut out);
                    marker.switch(*tag, &mut out);
                    out.image(&id.0, *x, h - y - ih, *w, *ih);
                }
            }
            _ => {}
        }
    }
    marker.close(&mut out);
    let mut state = (None, fill);
    let mut texts = f.items.iter().filter_map(|i| match i {
        FrameItem::Text(t) => Some(t),
        _ => None,
    });
    if let Some(first) = texts.next() {
        out.raw("BT\n");
        let keep = press.stand_ins;
        text_ops(first, h, fonts, &mut state, &mut marker, &mut out, keep);
        for t in texts {
            text_ops(t, h, fonts, &mut state, &mut marker, &mut out, keep);
        }
        marker.close(&mut out);
        out.raw("ET\n");
    }
    // every page's stream is kept until all are deflated: only what it holds
    out.bytes.shrink_to_fit();
    (out.bytes, marker.mcids)
}

/// printpdf's page for a frame: its boxes (the content stream printpdf writes for it is
/// replaced, and the link annotations are added by `links`).
fn page(f: &PageFrame) -> PdfPage {
    let ops = Vec::new();
    let size = Rect::from_wh(Pt(f.width), Pt(f.height));
    PdfPage {
        media_box: size.clone(),
        trim_box: size.clone(),
        crop_box: size,
        ops,
    }
}

/// Puts our content streams, deflated (on every core), in place of printpdf's.
/// Returns the pages' objects, in order.
fn replace_contents(
    doc: &mut lopdf::Document,
    contents: Vec<Vec<u8>>,
) -> Result<Vec<lopdf::ObjectId>, Diagnostic> {
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
    for ((&page, raw), data) in pages.iter().zip(contents).zip(packed) {
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
    Ok(pages)
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
