//! Link annotations, written with lopdf after printpdf has made the pages: one indirect,
//! borderless `/Link` annotation per link box, listed in its page's `/Annots`. A web link's
//! `/URI` action is one object shared by every box of that address (a URL broken over many
//! lines, or the same address linked twice), so a long address is written once, not once per
//! line. An internal link's destination names its page object and the y to show at the top.

use std::collections::BTreeMap;
use std::sync::Arc;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use crate::typeset::frame::{FrameItem, FrameLink, PageFrame};

/// A destination showing `page` with `top` (pt from the page's bottom) at the window's top,
/// at the reader's zoom: `[page /XYZ null top null]`.
pub(crate) fn xyz(page: ObjectId, top: f32) -> Object {
    Object::Array(vec![
        Object::Reference(page),
        Object::Name(b"XYZ".to_vec()),
        Object::Null,
        Object::Real(top.round()),
        Object::Null,
    ])
}

/// A coordinate as written: two decimals are far finer than a link box needs.
fn coord(v: f32) -> Object {
    Object::Real((v * 100.0).round() / 100.0)
}

/// Adds the link annotations of `frames` to the pages of `doc` (`pages`: their objects in
/// order, one per frame).
pub(super) fn add_links(doc: &mut lopdf::Document, frames: &[PageFrame], pages: &[ObjectId]) {
    let mut actions: BTreeMap<Arc<str>, ObjectId> = BTreeMap::new();
    for (frame, &page_id) in frames.iter().zip(pages) {
        let h = frame.height;
        let mut annots = Vec::new();
        for item in &frame.items {
            let FrameItem::Link {
                x0,
                y0,
                x1,
                y1,
                target,
            } = item
            else {
                continue;
            };
            let mut a = Dictionary::new();
            a.set("Type", Object::Name(b"Annot".to_vec()));
            a.set("Subtype", Object::Name(b"Link".to_vec()));
            a.set(
                "Rect",
                Object::Array(vec![coord(*x0), coord(h - y1), coord(*x1), coord(h - y0)]),
            );
            a.set("Border", Object::Array(vec![0.into(), 0.into(), 0.into()]));
            // printed (bit 3): the box is invisible, but a viewer that prints annotations keeps it
            a.set("F", Object::Integer(4));
            match target {
                FrameLink::Uri(u) => {
                    let id = *actions.entry(u.clone()).or_insert_with(|| {
                        let mut act = Dictionary::new();
                        act.set("S", Object::Name(b"URI".to_vec()));
                        act.set(
                            "URI",
                            Object::String(u.as_bytes().to_vec(), StringFormat::Literal),
                        );
                        doc.add_object(Object::Dictionary(act))
                    });
                    a.set("A", Object::Reference(id));
                }
                FrameLink::Page { page, y } => {
                    let Some(&dest) = pages.get(*page) else {
                        continue;
                    };
                    let top = frames.get(*page).map_or(h, |p| p.height) - y;
                    a.set("Dest", xyz(dest, top));
                }
            }
            annots.push(Object::Reference(doc.add_object(Object::Dictionary(a))));
        }
        if let Ok(page) = doc.get_dictionary_mut(page_id) {
            if annots.is_empty() {
                page.remove(b"Annots");
            } else {
                page.set("Annots", Object::Array(annots));
            }
        }
    }
}
