//! Images the PDF can place: an image's asset, decoded (once, kept with the asset), or the `GB302` warning that says why
//! it cannot be placed (a figure then shows a framed placeholder, an inline image its alt text).

use crate::diag::{Diagnostic, Span};
use crate::model::Image;

use super::cx::FlowCx;

/// The asset index of `img` and its size in pixels, when the PDF can place it; `None` when
/// the image has no asset, or (with a warning) when its file is not one the PDF can hold.
pub(super) fn placeable(cx: &mut FlowCx, img: &Image, span: Span) -> Option<(usize, (u32, u32))> {
    let doc = cx.doc;
    let a = img.asset?;
    match doc.assets.get(a)?.picture() {
        Ok(info) => Some((a, (info.width, info.height))),
        Err(why) => {
            cx.warn(
                Diagnostic::warning(
                    "GB302",
                    format!("image `{}` cannot be placed in the PDF: {why}", img.src),
                )
                .at(span)
                .help("save it as an 8-bit JPEG, or as a non-interlaced 8-bit PNG"),
            );
            None
        }
    }
}
