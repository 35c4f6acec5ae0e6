//! Images the outputs cannot hold (GB032): a PNG or JPEG whose data does not decode within
//! the pixel and memory budget (`crate::image`), or an SVG that does not parse. These are what
//! a build reports as GB302 (the PDF's framed placeholder) and GB407 (left out of the EPUB);
//! `check` tells them before a build, once per image, at its first use.

use crate::diag::Diagnostic;
use crate::model::{Asset, Document};

pub(in crate::check) fn check(doc: &Document) -> Vec<Diagnostic> {
    doc.assets.iter().filter_map(broken).collect()
}

/// The warning for `a`, if its data cannot be used.
fn broken(a: &Asset) -> Option<Diagnostic> {
    let why = if a.media_type.trim().eq_ignore_ascii_case("image/svg+xml") {
        crate::epub::sanitise_svg(&a.bytes).err()?
    } else {
        a.verified().err()?.to_string()
    };
    let d = Diagnostic::warning(
        "GB032",
        format!("image `{}` cannot be used: {why}", a.rel_path),
    )
    .help(
        "open it in an image editor and save it again (PNG or JPEG, under 40 megapixels); \
         until then the PDF shows a framed placeholder and the EPUB leaves it out, keeping \
         its description",
    );
    Some(match a.first_use {
        Some(span) => d.at(span),
        None => d.in_file(a.rel_path.clone()),
    })
}
