//! A print shop's page boxes. Every page is the trim (`TrimBox`) plus, with bleed, 0.125 in
//! more on the outside, top and bottom (`BleedBox` = `MediaBox` = `CropBox`): on a recto the
//! outside is the right, on a verso the left. The content, laid out on the trim, is moved
//! onto it by a one-operator stream put before the page's own.

use lopdf::{Object, Stream};

use crate::diag::Diagnostic;

/// `[x0 y0 x1 y1]`.
fn rect(x0: f32, y0: f32, x1: f32, y1: f32) -> Object {
    Object::Array(vec![x0.into(), y0.into(), x1.into(), y1.into()])
}

/// Where page `k` (0-based, 0 a recto) of trim `(w, h)` with `bleed` has its trim in its
/// media box: the offset of the trim's lower left corner.
pub(super) fn trim_at(k: usize, bleed: f32) -> (f32, f32) {
    let recto = k.is_multiple_of(2);
    (if recto { 0.0 } else { bleed }, bleed)
}

/// Sets every page's boxes and moves its content onto its trim.
pub(super) fn set(
    doc: &mut lopdf::Document,
    (w, h): (f32, f32),
    bleed: f32,
) -> Result<(), Diagnostic> {
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    let media = rect(0.0, 0.0, w + bleed, h + 2.0 * bleed);
    for (k, page) in pages.into_iter().enumerate() {
        let (dx, dy) = trim_at(k, bleed);
        let shift = (bleed > 0.0).then(|| {
            let op = format!("1 0 0 1 {dx} {dy} cm\n");
            doc.add_object(
                Stream::new(lopdf::Dictionary::new(), op.into_bytes()).with_compression(false),
            )
        });
        let d = doc.get_dictionary_mut(page).map_err(|e| {
            Diagnostic::error("GB304", format!("a PDF page could not be read: {e}"))
        })?;
        d.set("MediaBox", media.clone());
        d.set("CropBox", media.clone());
        d.set("BleedBox", media.clone());
        d.set("TrimBox", rect(dx, dy, dx + w, dy + h));
        if let Some(shift) = shift {
            let contents = match d.get(b"Contents") {
                Ok(Object::Array(a)) => a.clone(),
                Ok(c) => vec![c.clone()],
                Err(_) => Vec::new(),
            };
            let mut all = vec![Object::Reference(shift)];
            all.extend(contents);
            d.set("Contents", Object::Array(all));
        }
    }
    Ok(())
}
