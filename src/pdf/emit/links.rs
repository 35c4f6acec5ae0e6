//! Link annotations, added after printpdf has made the pages: one indirect, borderless `/Link`
//! annotation per link box, listed in its page's `/Annots` (with the widgets of a fillable
//! PDF's fields, which `fields` writes, in the order the page holds them). They are written straight to bytes
//! into the `PdfFile`'s chunk (a few dozen bytes each, not lopdf's object trees). A web link's
//! `/URI` action is one object shared by every box of that address (a URL broken over many
//! lines, or the same address linked twice), so a long address is written once, not once per
//! line. An internal link's destination names its page object and the y to show at the top.

use std::collections::BTreeMap;
use std::sync::Arc;

use lopdf::{Object, ObjectId};
use pdf_writer::types::{ActionType, AnnotationFlags, AnnotationType};
use pdf_writer::{Name, Rect, Ref, Str, TextStr};

use super::fields::Form;
use crate::pdf::file::{object_id, reference, PdfFile};
use crate::typeset::frame::{FrameItem, FrameLink, PageFrame};
use crate::typeset::structure::Tag;
use crate::typeset::text::FontStore;

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
fn coord(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

/// One page's link boxes and form fields, taken from its frame so the frames can be let go
/// of before the file is made: the page's height and its `Link` and `Field` items.
pub(super) struct PageLinks {
    height: f32,
    label: String,
    links: Vec<FrameItem>,
}

/// A link annotation as the structure tree needs it: its page, its object, its link
/// element, and its key in the parent tree (`/StructParent`).
#[derive(Debug, Clone, Copy)]
pub struct Annot {
    pub page: usize,
    pub annot: Ref,
    pub tag: Tag,
    pub key: i32,
}

/// The longest address a link's `/Contents` repeats whole (a longer one is cut short with an
/// ellipsis: the action holds it, and each of the link's boxes would repeat it — a
/// million-character address on 400 pages made 400 MB of descriptions).
const DESCRIBED_AT_MOST: usize = 120;

/// What a link to `uri` is said to be: the address, cut short after
/// [`DESCRIBED_AT_MOST`] characters.
fn described(uri: &str) -> String {
    match uri.char_indices().nth(DESCRIBED_AT_MOST) {
        Some((at, _)) => format!("{}…", &uri[..at]),
        None => uri.to_string(),
    }
}

/// The link boxes of every frame, in page order.
pub(super) fn collect(frames: &[PageFrame]) -> Vec<PageLinks> {
    let is_annotation =
        |item: &&FrameItem| matches!(item, FrameItem::Link { .. } | FrameItem::Field(_));
    frames
        .iter()
        .map(|frame| PageLinks {
            height: frame.height,
            label: frame.label.clone(),
            links: frame.items.iter().filter(is_annotation).cloned().collect(),
        })
        .collect()
}

/// Adds the link annotations of each page of `links` to the pages of `file` (`pages`: their
/// objects in order, one per frame), each described (`/Contents`: the address, or the page
/// it goes to); pages with links take their tab order from the structure (`/Tabs /S`).
/// When `tagged`, each annotation gets its key in the parent tree, counted on from the
/// pages' keys (one per page); returns them.
pub(super) fn add_links(
    file: &mut PdfFile,
    links: &[PageLinks],
    pages: &[ObjectId],
    tagged: bool,
    (form, store): (&mut Form, &FontStore),
) -> Vec<Annot> {
    let mut actions: BTreeMap<Arc<str>, Ref> = BTreeMap::new();
    let mut annots: Vec<Ref> = Vec::new();
    let mut tagged_annots = Vec::new();
    for (index, (frame, &page_id)) in links.iter().zip(pages).enumerate() {
        let h = frame.height;
        annots.clear();
        for item in &frame.links {
            if let FrameItem::Field(field) = item {
                let key = tagged
                    .then(|| i32::try_from(pages.len() + tagged_annots.len()).unwrap_or(i32::MAX));
                let id = form.widget(file, store, field, (reference(page_id), h), key);
                if let Some(key) = key {
                    tagged_annots.push(Annot {
                        page: index,
                        annot: id,
                        tag: field.tag,
                        key,
                    });
                }
                annots.push(id);
                continue;
            }
            let FrameItem::Link {
                x0,
                y0,
                x1,
                y1,
                target,
                tag,
            } = item
            else {
                continue;
            };
            // (`/Contents`: what the box does, for a reader that cannot see it)
            let (dest, contents) = match target {
                FrameLink::Uri(u) => (
                    Target::Action(match actions.get(u) {
                        Some(&id) => id,
                        None => {
                            let id = file.reserve();
                            file.object(id)
                                .start::<pdf_writer::writers::Action>()
                                .action_type(ActionType::Uri)
                                .uri(Str(u.as_bytes()));
                            actions.insert(u.clone(), id);
                            id
                        }
                    }),
                    described(u),
                ),
                FrameLink::Page { page, y } => {
                    let Some(&dest) = pages.get(*page) else {
                        continue;
                    };
                    let target = links.get(*page);
                    let top = target.map_or(h, |p| p.height) - y;
                    let label = target.map_or("", |p| p.label.as_str());
                    (
                        Target::Page(reference(dest), top.round()),
                        format!("Go to page {label}"),
                    )
                }
            };
            let id = file.reserve();
            let mut a = file.object(id).start::<pdf_writer::writers::Annotation>();
            a.subtype(AnnotationType::Link)
                .rect(Rect::new(
                    coord(*x0),
                    coord(h - y1),
                    coord(*x1),
                    coord(h - y0),
                ))
                .border(0.0, 0.0, 0.0, None)
                // printed: the box is invisible, but a viewer that prints annotations keeps it
                .flags(AnnotationFlags::PRINT)
                .contents(TextStr(&contents));
            if tagged && !tag.is_artifact() {
                let key = i32::try_from(pages.len() + tagged_annots.len()).unwrap_or(i32::MAX);
                a.struct_parent(key);
                tagged_annots.push(Annot {
                    page: index,
                    annot: id,
                    tag: *tag,
                    key,
                });
            }
            match dest {
                Target::Action(act) => {
                    a.pair(Name(b"A"), act);
                }
                Target::Page(page, top) => {
                    let mut d = a.insert(Name(b"Dest")).array();
                    d.item(page).item(Name(b"XYZ"));
                    d.push().primitive(pdf_writer::Null);
                    d.item(top);
                    d.push().primitive(pdf_writer::Null);
                }
            }
            drop(a);
            annots.push(id);
        }
        let list = (!annots.is_empty()).then(|| {
            let id = file.reserve();
            file.object(id).array().items(annots.iter().copied());
            id
        });
        if let Ok(page) = file.doc.get_dictionary_mut(page_id) {
            match list {
                Some(id) => {
                    page.set("Annots", Object::Reference(object_id(id)));
                    page.set("Tabs", Object::Name(b"S".to_vec()));
                }
                None => {
                    page.remove(b"Annots");
                }
            }
        }
    }
    tagged_annots
}

/// Where a link goes: a shared action object, or a page and the y at the window's top.
enum Target {
    Action(Ref),
    Page(Ref, f32),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_address_is_described_short_and_a_short_one_whole() {
        assert_eq!(described("https://example.com/a"), "https://example.com/a");
        let long = format!("https://example.com/{}", "é".repeat(5000));
        let d = described(&long);
        assert_eq!(d.chars().count(), DESCRIBED_AT_MOST + 1);
        assert!(d.ends_with('…') && long.starts_with(d.trim_end_matches('…')));
    }
}
