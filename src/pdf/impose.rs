//! Impose: a finished PDF's pages laid two-up on sheets in saddle-stitch order, for a booklet
//! printed at home. Each page becomes a form XObject (its own content stream and resources,
//! unchanged); each side of a sheet is a new page twice as wide that draws two of them, left
//! and right of the fold, each clipped to its half. The page count is padded with blank
//! pages to a multiple of 4, at the end. Inner sheets are shifted toward the fold by the
//! paper's thickness per sheet (creep), so that once folded their text sits where the outer
//! sheets' does. Optional short marks at the centre of each sheet's top and bottom edges
//! show where to fold. A booklet is for paper: the caller leaves out links and bookmarks,
//! and page labels, which name the pages and not the sheets, go here. The file gets its own
//! ID, derived from the book's, so a viewer does not take it for the one-page-per-sheet PDF.

use std::fmt::Write;

use lopdf::{Dictionary, Object, ObjectId, Stream};

use crate::config::Booklet;
use crate::diag::Diagnostic;
use crate::pdf::file::PdfFile;

/// The pages each side of each sheet shows, left and right of the fold, in print order
/// (sheet 1 front, sheet 1 back, sheet 2 front, …) for a book of `n` pages padded to a
/// multiple of 4 with blanks (`None`) at the end. With `N` pages, sheet `s` (from 0, the
/// outermost) shows on its front the pages `N − 1 − 2s` | `2s` and on its back
/// `2s + 1` | `N − 2 − 2s` (0-based).
pub fn sides(n: usize) -> Vec<[Option<usize>; 2]> {
    let total = n.div_ceil(4) * 4;
    let page = |p: usize| (p < n).then_some(p);
    (0..total / 4)
        .flat_map(|s| {
            [
                [page(total - 1 - 2 * s), page(2 * s)],
                [page(2 * s + 1), page(total - 2 - 2 * s)],
            ]
        })
        .collect()
}

/// How far sheet `s` (0 the outermost) of a booklet is shifted toward the fold, pt.
pub fn creep(booklet: &Booklet, sheet: usize) -> f32 {
    sheet as f32 * booklet.sheet_thickness
}

/// Length of a fold mark from the sheet's edge, pt: well inside the top and bottom margins.
const MARK: f32 = 14.0;

/// Lays the pages of `file` out as the sheets of a booklet.
pub fn booklet(mut file: PdfFile, booklet: &Booklet) -> Result<PdfFile, Diagnostic> {
    let doc = &mut file.doc;
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let (w, h) = match pages.first().map(|&p| media_box(doc, p)) {
        Some(Some(size)) => size,
        _ => return Err(broken("the PDF has no page size to impose")),
    };
    let forms = pages
        .iter()
        .map(|&p| page_to_form(doc, p, w, h))
        .collect::<Result<Vec<ObjectId>, Diagnostic>>()?;
    let root = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .map_err(|_| broken("the PDF has no page tree"))?;
    // the sheet, landscape; the fold at its centre (two A5 pages are 2.8 pt narrower than A4)
    let (sheet_h, sheet_w) = booklet.sheet.size_pt();
    let (sheet_w, sheet_h) = (sheet_w.max(2.0 * w), sheet_h.max(h));
    let mid = sheet_w / 2.0;
    let y = (sheet_h - h) / 2.0;
    let mut kids = Vec::new();
    for (k, side) in sides(pages.len()).iter().enumerate() {
        let c = creep(booklet, k / 2);
        let mut ops = String::new();
        let mut xobjects = Dictionary::new();
        for (half, page) in side.iter().enumerate() {
            let Some(p) = *page else { continue };
            let name = format!("P{}", p + 1);
            xobjects.set(name.as_bytes(), Object::Reference(forms[p]));
            // the left page moves right toward the fold, the right page left
            let (clip, dx) = if half == 0 {
                (mid - w, mid - w + c)
            } else {
                (mid, mid - c)
            };
            let _ = writeln!(
                ops,
                "q {} {} {} {} re W n 1 0 0 1 {} {} cm /{name} Do Q",
                num(clip),
                num(y),
                num(w),
                num(h),
                num(dx),
                num(y)
            );
        }
        if booklet.marks {
            let (x, top) = (num(mid), num(sheet_h));
            let _ = writeln!(
                ops,
                "q 0.55 G 0.5 w {x} {top} m {x} {} l S {x} 0 m {x} {} l S Q",
                num(sheet_h - MARK),
                num(MARK)
            );
        }
        let content = doc.add_object(Stream::new(Dictionary::new(), ops.into_bytes()));
        let mut resources = Dictionary::new();
        resources.set("XObject", Object::Dictionary(xobjects));
        let mut sheet = Dictionary::new();
        sheet.set("Type", Object::Name(b"Page".to_vec()));
        sheet.set("Parent", Object::Reference(root));
        sheet.set("MediaBox", rect(sheet_w, sheet_h));
        sheet.set("Contents", Object::Reference(content));
        sheet.set("Resources", Object::Dictionary(resources));
        kids.push(Object::Reference(doc.add_object(sheet)));
    }
    for p in &pages {
        doc.objects.remove(p);
    }
    let tree = doc
        .get_dictionary_mut(root)
        .map_err(|_| broken("the PDF's page tree is not a dictionary"))?;
    tree.set("Count", Object::Integer(kids.len() as i64));
    tree.set("Kids", Object::Array(kids));
    // another file than the one-page-per-sheet PDF of the same book: another file ID
    if let Ok(Object::Array(id)) = doc.trailer.get(b"ID") {
        if let Some(Object::String(first, format)) = id.first() {
            let ns = uuid::Uuid::NAMESPACE_OID;
            let mut seed = first.clone();
            seed.extend_from_slice(b"booklet");
            let new = Object::String(uuid::Uuid::new_v5(&ns, &seed).as_bytes().to_vec(), *format);
            doc.trailer.set("ID", Object::Array(vec![new.clone(), new]));
        }
    }
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.remove(b"PageLabels");
        catalog.remove(b"Outlines");
        catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
    }
    Ok(file)
}

/// Width and height of page `p`'s media box.
fn media_box(doc: &lopdf::Document, p: ObjectId) -> Option<(f32, f32)> {
    let b = doc
        .get_dictionary(p)
        .ok()?
        .get(b"MediaBox")
        .ok()?
        .as_array()
        .ok()?;
    let v: Vec<f32> = b.iter().filter_map(|o| o.as_float().ok()).collect();
    match v[..] {
        [x0, y0, x1, y1] => Some((x1 - x0, y1 - y0)),
        _ => None,
    }
}

/// Turns page `p`'s content stream into a form XObject of the page's size with the page's
/// resources; returns the stream's object.
fn page_to_form(
    doc: &mut lopdf::Document,
    p: ObjectId,
    w: f32,
    h: f32,
) -> Result<ObjectId, Diagnostic> {
    let page = doc
        .get_dictionary(p)
        .map_err(|_| broken("a page is not a dictionary"))?;
    let resources = page
        .get(b"Resources")
        .cloned()
        .unwrap_or(Object::Dictionary(Dictionary::new()));
    let contents = page
        .get(b"Contents")
        .and_then(Object::as_reference)
        .map_err(|_| broken("a page has no single content stream"))?;
    let stream = doc
        .get_object_mut(contents)
        .and_then(Object::as_stream_mut)
        .map_err(|_| broken("a page's contents are not a stream"))?;
    stream.dict.set("Type", Object::Name(b"XObject".to_vec()));
    stream.dict.set("Subtype", Object::Name(b"Form".to_vec()));
    stream.dict.set("BBox", rect(w, h));
    stream.dict.set("Resources", resources);
    Ok(contents)
}

/// `[0 0 w h]`.
fn rect(w: f32, h: f32) -> Object {
    Object::Array(vec![0.into(), 0.into(), Object::Real(w), Object::Real(h)])
}

/// A number for a content stream: at most three decimals, no trailing zeros.
fn num(v: f32) -> String {
    let s = format!("{:.3}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// The error for a PDF our own writer made that cannot be imposed: a bug.
fn broken(what: &str) -> Diagnostic {
    Diagnostic::error("GB305", format!("cannot make the booklet: {what}"))
        .help("this is a bug in guidebuild; please report it")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_pages_fold_in_saddle_stitch_order() {
        let s = sides(8);
        let pages = |v: &[Option<usize>; 2]| [v[0].map(|p| p + 1), v[1].map(|p| p + 1)];
        let got: Vec<_> = s.iter().map(pages).collect();
        assert_eq!(
            got,
            [
                [Some(8), Some(1)],
                [Some(2), Some(7)],
                [Some(6), Some(3)],
                [Some(4), Some(5)],
            ]
        );
    }

    #[test]
    fn padding_is_blank_pages_at_the_end() {
        // 5 pages: padded to 8, pages 6–8 blank; every page shown exactly once
        let s = sides(5);
        assert_eq!(s.len(), 4);
        assert_eq!(s[0], [None, Some(0)]);
        assert_eq!(s[1], [Some(1), None]);
        let mut shown: Vec<usize> = s.iter().flatten().flatten().copied().collect();
        shown.sort_unstable();
        assert_eq!(shown, [0, 1, 2, 3, 4]);
        for n in [1, 4, 9, 30, 101] {
            let s = sides(n);
            assert_eq!(s.len() * 2, n.div_ceil(4) * 4, "{n}");
            let mut shown: Vec<usize> = s.iter().flatten().flatten().copied().collect();
            shown.sort_unstable();
            assert_eq!(shown, (0..n).collect::<Vec<_>>(), "{n}");
            // facing halves of one side always add up to N − 1 (the fold pairs them)
            for side in &s {
                if let [Some(a), Some(b)] = side {
                    assert_eq!(a + b, n.div_ceil(4) * 4 - 1, "{n}");
                }
            }
        }
    }

    #[test]
    fn inner_sheets_creep_by_the_paper_thickness() {
        let b = Booklet {
            sheet: crate::config::Paper::Letter,
            sheet_thickness: 0.1 * 72.0 / 25.4,
            marks: true,
        };
        assert_eq!(creep(&b, 0), 0.0);
        assert!((creep(&b, 5) - 5.0 * 0.283_46).abs() < 1e-3);
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(396.0), "396");
        assert_eq!(num(0.28346), "0.283");
        assert_eq!(num(-0.0001), "0");
    }
}
