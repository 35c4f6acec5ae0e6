//! Print: a print shop's interior (`--for kdp`, `--for ingramspark`), in three steps around
//! the writer. Before it, [`prepare`] makes the frames printable (every rule at least the
//! service's thinnest line, fills that touch the trim carried into the bleed) and
//! [`preflight`] reports what the service would still refuse, each at its place in the
//! manuscript; the writer draws the pages in the interior's ink with the fonts whole (see
//! `emit::Press`); after it, [`finish`] sets each page's boxes (trim, bleed, media) and
//! shifts its content onto the trim, and makes the file PDF/X-1a:2001 — the output intent,
//! the Info keys, PDF 1.3 saved without object streams (`boxes`, `pdfx`).
//!
//! What the layout already did for the edition: mirrored margins with the gutter the page
//! count asks for, every chapter on a recto, an even page count (`Geometry::for_print`,
//! `typeset`); what the caller leaves out: links, bookmarks, form fields and the tags.

mod boxes;
mod pdfx;
mod preflight;

use crate::config::{PrintShop, BLEED};
use crate::diag::Diagnostic;
use crate::model::Metadata;
use crate::pdf::file::PdfFile;
use crate::typeset::frame::{FrameItem, PageFrame};

pub use preflight::preflight;

/// How near an edge of the trim an item may end and still count as touching it, pt.
const AT_TRIM: f32 = 0.5;

/// Makes the frames printable for `shop`: a rule (a fill thinner than the service's
/// thinnest line) thickened about its centre to that line, and a fill that touches the trim
/// on the outside, top or bottom extended into the bleed when the book has one.
pub fn prepare(frames: &mut [PageFrame], shop: &PrintShop) {
    let least = shop.service.min_line();
    for (p, f) in frames.iter_mut().enumerate() {
        let (fw, fh) = (f.width, f.height);
        let recto = p.is_multiple_of(2);
        for item in &mut f.items {
            let FrameItem::Fill { x, y, w, h, .. } = item else {
                continue;
            };
            if *h < least && *w > *h {
                *y -= (least - *h) / 2.0;
                *h = least;
            } else if *w < least && *h > *w {
                *x -= (least - *w) / 2.0;
                *w = least;
            }
            if !shop.bleed {
                continue;
            }
            if *y <= AT_TRIM {
                *h += *y + BLEED;
                *y = -BLEED;
            }
            if *y + *h >= fh - AT_TRIM {
                *h = fh + BLEED - *y;
            }
            if recto && *x + *w >= fw - AT_TRIM {
                *w = fw + BLEED - *x;
            }
            if !recto && *x <= AT_TRIM {
                *w += *x + BLEED;
                *x = -BLEED;
            }
        }
    }
}

/// The frames made printable ([`prepare`]) and what the service would still refuse in them
/// ([`preflight`]): what a print shop's build and `check --for` do before the writer.
pub fn printable(
    frames: &mut [PageFrame],
    assets: &[crate::model::Asset],
    shop: &PrintShop,
) -> Vec<Diagnostic> {
    prepare(frames, shop);
    preflight(frames, assets, shop)
}

/// Finishes a print shop's file: each page's boxes and content on its trim
/// ([`boxes::set`]), the PDF/X-1a:2001 output intent and Info keys ([`pdfx::mark`]), saved
/// as PDF 1.3 without object streams.
pub fn finish(
    mut file: PdfFile,
    meta: &Metadata,
    shop: &PrintShop,
    trim: (f32, f32),
) -> Result<PdfFile, Diagnostic> {
    boxes::set(&mut file.doc, trim, shop.bleed())?;
    pdfx::mark(&mut file.doc, meta)?;
    file.set_classic();
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Service;
    use crate::typeset::frame::PageKind;

    fn page(items: Vec<FrameItem>) -> PageFrame {
        PageFrame {
            width: 432.0,
            height: 648.0,
            label: "1".into(),
            kind: PageKind::Body,
            items,
        }
    }

    fn fill(x: f32, y: f32, w: f32, h: f32) -> FrameItem {
        FrameItem::Fill {
            x,
            y,
            w,
            h,
            color: (0.5, 0.5, 0.5),
        }
    }

    #[test]
    fn thin_rules_are_thickened_to_the_services_least_line() {
        let kdp = PrintShop {
            service: Service::Kdp,
            bleed: false,
            color: false,
        };
        let mut frames = vec![page(vec![
            fill(50.0, 100.0, 300.0, 0.5),
            fill(10.0, 10.0, 0.3, 40.0),
        ])];
        prepare(&mut frames, &kdp);
        assert_eq!(frames[0].items[0], fill(50.0, 99.875, 300.0, 0.75));
        assert_eq!(frames[0].items[1], fill(9.775, 10.0, 0.75, 40.0));
        let ingram = PrintShop {
            service: Service::IngramSpark,
            ..kdp
        };
        let mut frames = vec![page(vec![fill(50.0, 100.0, 300.0, 0.5)])];
        prepare(&mut frames, &ingram);
        assert_eq!(frames[0].items[0], fill(50.0, 100.0, 300.0, 0.5));
    }

    #[test]
    fn fills_at_the_trim_run_into_the_bleed_on_the_outside_only() {
        let shop = PrintShop {
            service: Service::Kdp,
            bleed: true,
            color: false,
        };
        // a band across the top of a recto and of a verso, touching both side edges
        let mut frames = vec![
            page(vec![fill(0.0, 0.0, 432.0, 50.0)]),
            page(vec![fill(0.0, 0.0, 432.0, 50.0)]),
        ];
        prepare(&mut frames, &shop);
        // recto: out at the top and the right (outside), not at the left (the spine)
        assert_eq!(frames[0].items[0], fill(0.0, -9.0, 441.0, 59.0));
        // verso: out at the top and the left
        assert_eq!(frames[1].items[0], fill(-9.0, -9.0, 441.0, 59.0));
    }
}
