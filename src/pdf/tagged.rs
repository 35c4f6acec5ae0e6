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
use pdf_writer::{Name, Ref, TextStr};

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
    // each element's own content, in page order
    let mut content: Vec<(u32, Place)> = Vec::new();
    for (p, tags) in mcids.iter().enumerate() {
        for (m, tag) in tags.iter().enumerate() {
            if let Some(i) = structure.find(*tag) {
                content.push((i as u32, (p as u32, m as u32)));
            }
        }
    }
    content.sort_by_key(|(i, _)| *i);
    let mut own: Vec<std::ops::Range<usize>> = vec![0..0; n];
    let mut k = 0;
    while k < content.len() {
        let i = content[k].0 as usize;
        let start = k;
        while k < content.len() && content[k].0 as usize == i {
            k += 1;
        }
        own[i] = start..k;
    }
    let mut objrs: Vec<Vec<&Annot>> = vec![Vec::new(); n];
    for a in annots {
        if let Some(i) = structure.find(a.tag) {
            objrs[i].push(a);
        }
    }
    let parent: Vec<Option<usize>> = nodes
        .iter()
        .map(|node| node.parent.and_then(|t| structure.find(t)))
        .collect();
    // where each element's content starts, its sub-elements' included; which are kept
    let mut first: Vec<Option<Place>> = (0..n)
        .map(|i| {
            let mcr = own[i].clone().next().map(|k| content[k].1);
            let obj = objrs[i].first().map(|a| (a.page as u32, u32::MAX));
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
    let mut kids: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut top: Vec<usize> = Vec::new();
    for i in (0..n).filter(|&i| keep[i]) {
        match parent[i] {
            Some(p) => kids[p].push(i),
            None => top.push(i),
        }
    }
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
        let mut e = file.object(r).start::<pdf_writer::writers::StructElement>();
        e.custom_kind(Name(node.role.name().as_bytes()));
        e.parent(parent[i].and_then(|p| refs[p]).unwrap_or(document));
        let mine = &content[own[i].clone()];
        let home = mine.first().map(|(_, (p, _))| *p);
        if let Some(p) = home {
            e.page(page_ref(p));
        }
        if let Some(x) = &node.extra {
            if let Some(alt) = &x.alt {
                e.alt(TextStr(alt));
            }
            if let Some(t) = &x.actual_text {
                e.actual_text(TextStr(t));
            }
            if let Some(t) = &x.title {
                e.title(TextStr(t));
            }
            if x.column_header {
                e.attributes()
                    .push()
                    .table()
                    .scope(TableHeaderScope::Column);
            }
        }
        list.clear();
        let mut m = 0;
        for &c in &kids[i] {
            if let Some(start) = first[c] {
                while m < mine.len() && mine[m].1 < start {
                    list.push(Kid::Content(mine[m].1));
                    m += 1;
                }
            }
            if let Some(cr) = refs[c] {
                list.push(Kid::Element(cr));
            }
        }
        list.extend(mine[m..].iter().map(|(_, place)| Kid::Content(*place)));
        list.extend(objrs[i].iter().map(|a| Kid::Annot(a.page as u32, a.annot)));
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

/// One kid of an element: its content on a page (MCID), a sub-element, a link annotation.
#[derive(Clone, Copy)]
enum Kid {
    Content(Place),
    Element(Ref),
    Annot(u32, Ref),
}

/// Writes an element's `/K`: one kid as itself (a bare MCID when it is on the element's
/// page `home`), more as an array.
fn write_kids(
    e: &mut pdf_writer::writers::StructElement,
    list: &[Kid],
    home: Option<u32>,
    page_ref: &dyn Fn(u32) -> Ref,
) {
    match list {
        [] => {}
        [Kid::Content((p, id))] if Some(*p) == home => {
            e.pair(Name(b"K"), *id as i32);
        }
        [Kid::Element(r)] => {
            e.child(*r);
        }
        _ => {
            let mut k = e.children();
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
                    Kid::Annot(p, r) => {
                        k.object_ref().page(page_ref(p)).object(r);
                    }
                }
            }
        }
    }
}
