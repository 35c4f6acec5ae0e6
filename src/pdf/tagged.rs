//! The tagged PDF's structure tree, from the typeset book's [`Structure`] and what `emit`
//! marked: a `Document` element holding every element in the reading order, each element's
//! kids its sub-elements and its marked content (MCRs, and an OBJR for each link
//! annotation), the parent tree that maps each page's MCIDs and each annotation back to its
//! element, and the catalog's `/StructTreeRoot` and `/MarkInfo`. Elements with no content
//! anywhere below them are left out (but table cells, which keep a table's grid).
//!
//! An element's kids are its sub-elements in the order they were made, its own content
//! placed among them by position: each MCR goes before the first sub-element whose content
//! starts after it on the pages (a link's words sit inside its paragraph's lines).

use lopdf::{Dictionary, Object, ObjectId};
use pdf_writer::types::TableHeaderScope;
use pdf_writer::writers::{Attributes, StructChildren};
use pdf_writer::{Dict, Name, Ref, TextStr};

use crate::pdf::emit::Annot;
use crate::pdf::file::{object_id, reference, PdfFile};
use crate::typeset::structure::{Role, Structure, Tag};

/// Where a piece of content is: its page, its MCID there (an annotation sorts after the
/// page's MCIDs).
type Place = (u32, u32);

/// Writes the structure tree of `structure` into `file`: `pages` the page objects, `mcids`
/// the element of each MCID on each page, `annots` the tagged link annotations.
pub fn structure_tree(
    file: &mut PdfFile,
    structure: &Structure,
    pages: &[ObjectId],
    mcids: &[Vec<Tag>],
    annots: &[Annot],
) {
    let nodes = &structure.nodes;
    let n = nodes.len();
    // each element's own content, in page order; its link annotations
    let content = Groups::of(
        n,
        mcids.iter().enumerate().flat_map(|(p, tags)| {
            tags.iter()
                .enumerate()
                .filter_map(move |(m, tag)| structure.find(*tag).map(|i| (i, (p as u32, m as u32))))
        }),
    );
    let objrs = Groups::of(
        n,
        annots
            .iter()
            .filter_map(|a| structure.find(a.tag).map(|i| (i, a))),
    );
    let parent: Vec<Option<usize>> = nodes
        .iter()
        .map(|node| node.parent.and_then(|t| structure.find(t)))
        .collect();
    // where each element's content starts, its sub-elements' included; which are kept
    let mut first: Vec<Option<Place>> = (0..n)
        .map(|i| {
            let mcr = content.get(i).first().copied();
            let obj = objrs.get(i).first().map(|a| (a.page as u32, u32::MAX));
            mcr.into_iter().chain(obj).min()
        })
        .collect();
    let mut keep: Vec<bool> = (0..n)
        .map(|i| first[i].is_some() || matches!(nodes[i].role, Role::TD | Role::TH))
        .collect();
    // (parents come before their children: one pass from the end carries both upwards)
    for i in (0..n).rev() {
        if let Some(p) = parent[i] {
            keep[p] |= keep[i];
            first[p] = match (first[p], first[i]) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
    }
    let kids = Groups::of(
        n,
        (0..n)
            .filter(|&i| keep[i])
            .filter_map(|i| parent[i].map(|p| (p, i))),
    );
    let top: Vec<usize> = (0..n).filter(|&i| keep[i] && parent[i].is_none()).collect();
    let root = file.reserve();
    let document = file.reserve();
    let refs: Vec<Option<Ref>> = keep.iter().map(|&k| k.then(|| file.reserve())).collect();
    let page_ref = |p: u32| reference(pages[p as usize]);

    let mut doc_element = file
        .object(document)
        .start::<pdf_writer::writers::StructElement>();
    doc_element.custom_kind(Name(b"Document")).parent(root);
    let mut k = doc_element.children();
    for r in top.iter().filter_map(|&i| refs[i]) {
        k.struct_element(r);
    }
    drop(k);
    drop(doc_element);
    let mut list: Vec<Kid> = Vec::new();
    for i in 0..n {
        let Some(r) = refs[i] else {
            continue;
        };
        let node = &nodes[i];
        // (`/Type /StructElem` is optional and left out: a fifth of a small element)
        let mut e = file.object(r).dict();
        e.pair(Name(b"S"), Name(node.role.name().as_bytes()));
        e.pair(
            Name(b"P"),
            parent[i].and_then(|p| refs[p]).unwrap_or(document),
        );
        let mine = content.get(i);
        let home = mine.first().map(|(p, _)| *p);
        if let Some(p) = home {
            e.pair(Name(b"Pg"), page_ref(p));
        }
        if let Some(x) = &node.extra {
            if let Some(alt) = &x.alt {
                e.pair(Name(b"Alt"), TextStr(alt));
            }
            if let Some(t) = &x.actual_text {
                e.pair(Name(b"ActualText"), TextStr(t));
            }
            if let Some(t) = &x.title {
                e.pair(Name(b"T"), TextStr(t));
            }
            if x.column_header {
                e.insert(Name(b"A"))
                    .start::<Attributes>()
                    .table()
                    .scope(TableHeaderScope::Column);
            }
        }
        list.clear();
        let mut m = 0;
        for &c in kids.get(i) {
            if let Some(start) = first[c] {
                while m < mine.len() && mine[m] < start {
                    list.push(Kid::Content(mine[m]));
                    m += 1;
                }
            }
            if let Some(cr) = refs[c] {
                list.push(Kid::Element(cr));
            }
        }
        list.extend(mine[m..].iter().map(|place| Kid::Content(*place)));
        list.extend(
            objrs
                .get(i)
                .iter()
                .map(|a| Kid::Annot(a.page as u32, a.annot)),
        );
        write_kids(&mut e, &list, home, &page_ref);
    }

    // the parent tree: each page's MCIDs (an array per page), each annotation
    let mut entries: Vec<(i32, Ref)> = Vec::new();
    for (p, tags) in mcids.iter().enumerate() {
        if tags.is_empty() {
            continue;
        }
        let array = file.reserve();
        let owners = tags
            .iter()
            .map(|t| structure.find(*t).and_then(|i| refs[i]).unwrap_or(document));
        file.object(array).array().items(owners);
        entries.push((p as i32, array));
        if let Ok(page) = file.doc.get_dictionary_mut(pages[p]) {
            page.set("StructParents", Object::Integer(p as i64));
        }
    }
    for a in annots {
        if let Some(r) = structure.find(a.tag).and_then(|i| refs[i]) {
            entries.push((a.key, r));
        }
    }
    let next_key = entries.iter().map(|(k, _)| k + 1).max().unwrap_or(0);
    let mut tree = file
        .object(root)
        .start::<pdf_writer::writers::StructTreeRoot>();
    tree.child(document);
    {
        let mut parents = tree.parent_tree();
        let mut nums = parents.nums();
        for (key, r) in &entries {
            nums.insert(*key, *r);
        }
    }
    tree.parent_tree_next_key(next_key);
    drop(tree);

    if let Ok(catalog) = file.doc.catalog_mut() {
        catalog.set("StructTreeRoot", Object::Reference(object_id(root)));
        let mut mark = Dictionary::new();
        mark.set("Marked", Object::Boolean(true));
        catalog.set("MarkInfo", Object::Dictionary(mark));
    }
}

/// Items grouped by the element they belong to, in one list: element `i`'s are
/// `items[starts[i]..starts[i + 1]]`, in the order they came.
struct Groups<T> {
    items: Vec<T>,
    starts: Vec<u32>,
}

impl<T: Copy> Groups<T> {
    /// `pairs` (element, item) grouped for `n` elements, each group in the order given.
    fn of(n: usize, pairs: impl Iterator<Item = (usize, T)>) -> Groups<T> {
        let mut pairs: Vec<(usize, T)> = pairs.collect();
        // (stable: a group keeps its items' order)
        pairs.sort_by_key(|(i, _)| *i);
        let mut starts = vec![0u32; n + 1];
        for (i, _) in &pairs {
            starts[i + 1] += 1;
        }
        for i in 0..n {
            starts[i + 1] += starts[i];
        }
        Groups {
            items: pairs.into_iter().map(|(_, item)| item).collect(),
            starts,
        }
    }

    /// Element `i`'s items.
    fn get(&self, i: usize) -> &[T] {
        &self.items[self.starts[i] as usize..self.starts[i + 1] as usize]
    }
}

/// One kid of an element: its content on a page (MCID), a sub-element, a link annotation.
#[derive(Clone, Copy)]
enum Kid {
    Content(Place),
    Element(Ref),
    Annot(u32, Ref),
}

/// Writes an element's `/K`: one kid as itself (a bare MCID when it is on the element's
/// page `home`), more as an array.
fn write_kids(e: &mut Dict, list: &[Kid], home: Option<u32>, page_ref: &dyn Fn(u32) -> Ref) {
    match list {
        [] => {}
        [Kid::Content((p, id))] if Some(*p) == home => {
            e.pair(Name(b"K"), *id as i32);
        }
        [Kid::Element(r)] => {
            e.pair(Name(b"K"), *r);
        }
        _ => {
            let mut k = e.insert(Name(b"K")).start::<StructChildren>();
            for kid in list {
                match *kid {
                    Kid::Content((p, id)) if Some(p) == home => {
                        k.marked_content_id(id as i32);
                    }
                    Kid::Content((p, id)) => {
                        k.marked_content_ref()
                            .page(page_ref(p))
                            .marked_content_id(id as i32);
                    }
                    Kid::Element(r) => {
                        k.struct_element(r);
                    }
                    // (an OBJR's page defaults to its element's)
                    Kid::Annot(p, r) if Some(p) == home => {
                        k.object_ref().object(r);
                    }
                    Kid::Annot(p, r) => {
                        k.object_ref().page(page_ref(p)).object(r);
                    }
                }
            }
        }
    }
}
