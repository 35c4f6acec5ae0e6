//! The tagged PDF, read back with lopdf as an assistive reader would: every content operator
//! is in marked content (an MCID or an artifact), every MCID has exactly one owner and the
//! parent tree agrees, the elements match the manuscript's model (headings, lists and their
//! items, quotes and sayings, tables and header cells, figures with alt text, links with their
//! annotations, notes), the markers read as words, and the catalog says what PDF/UA asks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use guidebuild::model::{Block, BlockKind, Document, Inline, InlineKind, ListKind};
use guidebuild::{manuscript, parse};
use lopdf::content::Content;
use lopdf::{Dictionary, Object, ObjectId};

use crate::common::run;

/// The PDF `guidebuild pdf` makes of `dir`, loaded.
fn build(dir: &Path) -> lopdf::Document {
    build_with(dir, &[])
}

/// The PDF `guidebuild pdf` makes of `dir` with `args` besides, loaded.
pub(crate) fn build_with(dir: &Path, args: &[&str]) -> lopdf::Document {
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("book.pdf");
    let mut all = vec!["pdf", dir.to_str().unwrap(), "-o", pdf.to_str().unwrap()];
    all.extend_from_slice(args);
    let o = run(&all);
    assert_eq!(o.code, 0, "{}", o.stderr);
    lopdf::Document::load(&pdf).unwrap()
}

fn model(dir: &Path) -> Document {
    let ms = manuscript::load(dir).unwrap();
    parse::document(&ms).value
}

fn name(o: &Object) -> Option<&[u8]> {
    o.as_name().ok()
}

fn deref<'d>(doc: &'d lopdf::Document, o: &'d Object) -> &'d Object {
    match o {
        Object::Reference(id) => doc.objects.get(id).unwrap_or(o),
        _ => o,
    }
}

/// A structure element as read: its type, attributes, and kids in order.
struct Element {
    id: ObjectId,
    role: String,
    dict: Dictionary,
}

/// The structure tree walked in order: every element, and each (page, MCID) with its owner.
struct Tree {
    elements: Vec<Element>,
    owners: BTreeMap<(ObjectId, i64), Vec<ObjectId>>,
    /// Annotation → the element whose OBJR points to it.
    objr: BTreeMap<ObjectId, ObjectId>,
}

/// The catalog's `/StructTreeRoot`.
fn struct_tree_root(doc: &lopdf::Document) -> &Dictionary {
    let catalog = doc.catalog().unwrap();
    let root = catalog.get(b"StructTreeRoot").unwrap();
    doc.get_dictionary(root.as_reference().unwrap()).unwrap()
}

fn walk(doc: &lopdf::Document) -> Tree {
    let root = struct_tree_root(doc);
    let mut tree = Tree {
        elements: Vec::new(),
        owners: BTreeMap::new(),
        objr: BTreeMap::new(),
    };
    let top = root.get(b"K").unwrap().as_reference().unwrap();
    let mut stack = vec![top];
    while let Some(id) = stack.pop() {
        let d = doc.get_dictionary(id).unwrap().clone();
        let role = String::from_utf8_lossy(name(d.get(b"S").unwrap()).unwrap()).into_owned();
        let page = d.get(b"Pg").and_then(Object::as_reference).ok();
        let kids: Vec<Object> = match d.get(b"K") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(o) => vec![o.clone()],
            Err(_) => Vec::new(),
        };
        let mut sub = Vec::new();
        for k in kids {
            match deref(doc, &k) {
                Object::Integer(m) => {
                    let pg = page.expect("a bare MCID needs the element's /Pg");
                    tree.owners.entry((pg, *m)).or_default().push(id);
                }
                Object::Dictionary(kd) => match kd.get(b"Type").ok().and_then(name) {
                    Some(b"MCR") => {
                        let pg = kd.get(b"Pg").unwrap().as_reference().unwrap();
                        let m = kd.get(b"MCID").unwrap().as_i64().unwrap();
                        tree.owners.entry((pg, m)).or_default().push(id);
                    }
                    Some(b"OBJR") => {
                        let a = kd.get(b"Obj").unwrap().as_reference().unwrap();
                        assert!(tree.objr.insert(a, id).is_none(), "two OBJRs for {a:?}");
                    }
                    _ => sub.push(k.as_reference().unwrap()),
                },
                other => panic!("unexpected kid {other:?}"),
            }
        }
        // parent before children, children in order
        stack.extend(sub.into_iter().rev());
        tree.elements.push(Element { id, role, dict: d });
    }
    tree
}

/// Per page, the MCIDs its content stream marks, checking on the way that every painting
/// operator is inside marked content (an MCID sequence or an artifact).
fn page_mcids(doc: &lopdf::Document) -> BTreeMap<ObjectId, Vec<i64>> {
    let mut out = BTreeMap::new();
    for (n, page) in doc.get_pages() {
        let content = Content::decode(&doc.get_page_content(page)).unwrap();
        let mut stack: Vec<Option<i64>> = Vec::new();
        let mut artifact = 0usize;
        let mut mcids = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "BDC" => {
                    let mcid = op
                        .operands
                        .get(1)
                        .and_then(|o| o.as_dict().ok())
                        .and_then(|d| d.get(b"MCID").ok())
                        .and_then(|m| m.as_i64().ok());
                    if let Some(m) = mcid {
                        assert!(stack.iter().all(Option::is_none), "page {n}: nested MCIDs");
                        mcids.push(m);
                    }
                    stack.push(mcid);
                }
                "BMC" => {
                    assert_eq!(name(&op.operands[0]), Some(&b"Artifact"[..]));
                    artifact += 1;
                    stack.push(None);
                }
                "EMC" => {
                    stack.pop().expect("EMC without BDC");
                }
                "TJ" | "Tj" | "f" | "Do" | "S" | "B" => {
                    let in_mcid = stack.iter().any(Option::is_some);
                    assert!(
                        in_mcid || !stack.is_empty(),
                        "page {n}: `{}` outside marked content",
                        op.operator
                    );
                }
                _ => {}
            }
        }
        assert!(stack.is_empty(), "page {n}: marked content left open");
        assert!(
            artifact > 0 || mcids.is_empty() || n == 1,
            "page {n}: no artifacts"
        );
        out.insert(page, mcids);
    }
    out
}

/// The parent tree's entries: key → value.
fn parent_tree(doc: &lopdf::Document) -> BTreeMap<i64, Object> {
    let root = struct_tree_root(doc);
    let pt = deref(doc, root.get(b"ParentTree").unwrap())
        .as_dict()
        .unwrap();
    let nums = pt.get(b"Nums").unwrap().as_array().unwrap();
    nums.chunks(2)
        .map(|kv| (kv[0].as_i64().unwrap(), kv[1].clone()))
        .collect()
}

/// What the model holds that the structure tree must show.
#[derive(Default, Debug, PartialEq)]
struct Counts {
    headings: usize,
    lists: usize,
    items: usize,
    quotes: usize,
    tables: usize,
    header_cells: usize,
    figures: usize,
    notes: usize,
}

fn count_model(doc: &Document) -> Counts {
    fn blocks(bs: &[Block], c: &mut Counts) {
        for b in bs {
            match &b.kind {
                // (one too long to be a heading is set, and tagged, as a paragraph)
                BlockKind::Heading { content, .. }
                    if guidebuild::model::plain_text(content).chars().count() <= 1000 =>
                {
                    c.headings += 1
                }
                BlockKind::List(l) => {
                    c.lists += 1;
                    c.items += l.items.len();
                    for i in &l.items {
                        blocks(&i.blocks, c);
                    }
                }
                BlockKind::BlockQuote(inner) => {
                    c.quotes += 1;
                    blocks(inner, c);
                }
                BlockKind::Sayings(_) => c.quotes += 1,
                BlockKind::Table(t) => {
                    c.tables += 1;
                    c.header_cells += t.head.len();
                }
                BlockKind::Figure { image, .. } if !image.is_decorative() => c.figures += 1,
                _ => {}
            }
        }
    }
    let mut c = Counts::default();
    for ch in &doc.chapters {
        if !ch.untitled {
            c.headings += 1;
        }
        blocks(&ch.blocks, &mut c);
        c.notes += ch.footnotes.len();
        for f in &ch.footnotes {
            blocks(&f.blocks, &mut c);
        }
    }
    c
}

fn count_tree(tree: &Tree) -> Counts {
    let n = |r: &str| tree.elements.iter().filter(|e| e.role == r).count();
    Counts {
        headings: ["H1", "H2", "H3", "H4", "H5", "H6"]
            .iter()
            .map(|h| n(h))
            .sum(),
        lists: n("L"),
        items: n("LI"),
        quotes: n("BlockQuote"),
        tables: n("Table"),
        header_cells: n("TH"),
        figures: n("Figure"),
        notes: n("Note"),
    }
}

fn text_of(o: &Object) -> String {
    match o {
        Object::String(b, _) if b.starts_with(&[0xFE, 0xFF]) => {
            let u: Vec<u16> = b[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c.get(1).copied().unwrap_or(0)]))
                .collect();
            String::from_utf16_lossy(&u)
        }
        Object::String(b, _) => String::from_utf8_lossy(b).into_owned(),
        _ => String::new(),
    }
}

/// Everything this file checks, on one manuscript.
fn check(dir: &Path) {
    check_with(dir, &[]);
}

/// [`check`] of the PDF made with `args` besides (`--fillable`): its form fields' widgets
/// are annotations too, each owned by a `Form` element and saying what it asks.
pub(crate) fn check_with(dir: &Path, args: &[&str]) {
    let doc = build_with(dir, args);
    let catalog = doc.catalog().unwrap();
    let marked = catalog.get(b"MarkInfo").unwrap().as_dict().unwrap();
    assert_eq!(marked.get(b"Marked").unwrap(), &Object::Boolean(true));
    assert!(catalog.get(b"Lang").is_ok());
    let meta = catalog.get(b"Metadata").unwrap().as_reference().unwrap();
    let mut meta = doc.get_object(meta).unwrap().as_stream().unwrap().clone();
    let _ = meta.decompress();
    let xmp = String::from_utf8_lossy(&meta.content).into_owned();
    assert!(xmp.contains("pdfuaid:part") && xmp.contains(">1<"), "{xmp}");
    assert!(
        xmp.contains("<dc:title>") && xmp.contains("<dc:language>"),
        "{xmp}"
    );

    let tree = walk(&doc);
    let marks = page_mcids(&doc);
    // every MCID on every page has exactly one owner, and nothing owns an MCID not there
    let mut on_pages = BTreeSet::new();
    for (page, ids) in &marks {
        for m in ids {
            on_pages.insert((*page, *m));
            let owners = tree.owners.get(&(*page, *m));
            assert_eq!(
                owners.map(Vec::len),
                Some(1),
                "MCID {m} on {page:?} has owners {owners:?}"
            );
        }
    }
    let owned: BTreeSet<_> = tree.owners.keys().copied().collect();
    assert_eq!(owned, on_pages, "the tree and the pages disagree");
    // the parent tree gives the same owner for each MCID, and each annotation's element
    let parents = parent_tree(&doc);
    for (page, ids) in &marks {
        if ids.is_empty() {
            continue;
        }
        let pd = doc.get_dictionary(*page).unwrap();
        let key = pd.get(b"StructParents").unwrap().as_i64().unwrap();
        let arr = deref(&doc, &parents[&key]).as_array().unwrap();
        assert_eq!(arr.len(), ids.len());
        for (m, owner) in arr.iter().enumerate() {
            let owner = owner.as_reference().unwrap();
            assert_eq!(tree.owners[&(*page, m as i64)], vec![owner]);
        }
    }
    let mut links = 0;
    for (_, page) in doc.get_pages() {
        let pd = doc.get_dictionary(page).unwrap();
        let Ok(annots) = pd.get(b"Annots") else {
            continue;
        };
        assert_eq!(pd.get(b"Tabs").ok().and_then(name), Some(&b"S"[..]));
        for a in deref(&doc, annots).as_array().unwrap() {
            let id = a.as_reference().unwrap();
            let ad = doc.get_dictionary(id).unwrap();
            let widget = ad.get(b"Subtype").ok().and_then(name) == Some(&b"Widget"[..]);
            let says = if widget { &b"TU"[..] } else { &b"Contents"[..] };
            assert!(!text_of(ad.get(says).unwrap()).is_empty());
            let key = ad.get(b"StructParent").unwrap().as_i64().unwrap();
            let el = parents[&key].as_reference().unwrap();
            assert_eq!(tree.objr.get(&id), Some(&el), "annotation {id:?}");
            let role = &tree.elements.iter().find(|e| e.id == el).unwrap().role;
            assert_eq!(role, if widget { "Form" } else { "Link" });
            links += 1;
        }
    }
    assert!(
        tree.elements.iter().filter(|e| e.role == "Link").count() <= links,
        "a Link element without an annotation"
    );

    // the elements match the model
    let m = model(dir);
    let want = count_model(&m);
    let mut got = count_tree(&tree);
    // the contents page's own heading
    let contents = tree.elements.iter().any(|e| e.role == "TOC");
    got.headings -= usize::from(contents);
    // and the notes pages' title, when the book asks for notes pages
    let notes = manuscript::load(dir)
        .unwrap()
        .config
        .workbook
        .notes_pages
        .unwrap_or(0)
        > 0;
    got.headings -= usize::from(notes);
    assert_eq!(got, want, "{}", dir.display());
    // headings never skip a level
    let mut last = 0;
    for e in &tree.elements {
        if let Some(l) = e.role.strip_prefix('H').and_then(|d| d.parse::<u32>().ok()) {
            assert!(l <= last + 1 || l == 1, "H{l} after H{last}");
            last = l;
        }
    }
    // figures say what they show; markers read as words
    for e in tree.elements.iter().filter(|e| e.role == "Figure") {
        assert!(!text_of(e.dict.get(b"Alt").unwrap()).is_empty());
    }
    let words: BTreeSet<String> = tree
        .elements
        .iter()
        .filter(|e| e.role == "Lbl")
        .filter_map(|e| e.dict.get(b"ActualText").ok().map(text_of))
        .collect();
    let marked = |k: fn(&ListKind) -> bool| {
        fn any(bs: &[Block], k: fn(&ListKind) -> bool) -> bool {
            bs.iter().any(|b| match &b.kind {
                BlockKind::List(l) => k(&l.kind) || l.items.iter().any(|i| any(&i.blocks, k)),
                BlockKind::BlockQuote(inner) => any(inner, k),
                _ => false,
            })
        }
        m.chapters.iter().any(|c| any(&c.blocks, k))
    };
    if marked(|k| matches!(k, ListKind::Check)) {
        assert!(words.contains("done"), "{words:?}");
    }
    if marked(|k| matches!(k, ListKind::Avoid)) {
        assert!(words.contains("avoid"), "{words:?}");
    }
    // sayings carry the group's name
    let theme = guidebuild::theme::Theme::default();
    let names: BTreeSet<String> = tree
        .elements
        .iter()
        .filter(|e| e.role == "BlockQuote")
        .filter_map(|e| e.dict.get(b"T").ok().map(text_of))
        .collect();
    let sayings = m
        .chapters
        .iter()
        .flat_map(|c| &c.blocks)
        .any(|b| matches!(b.kind, BlockKind::Sayings(_)));
    if sayings {
        assert!(
            names.contains(&theme.sayings.avoid.label) || names.contains(&theme.sayings.try_.label),
            "{names:?}"
        );
    }
    // header cells say what they head
    for e in tree.elements.iter().filter(|e| e.role == "TH") {
        let attrs: Vec<&Object> = match deref(&doc, e.dict.get(b"A").unwrap()) {
            Object::Array(a) => a.iter().collect(),
            o => vec![o],
        };
        let scope = attrs.iter().find_map(|a| {
            let d = deref(&doc, a).as_dict().ok()?;
            (d.get(b"O").ok().and_then(name) == Some(b"Table"))
                .then(|| d.get(b"Scope").ok().and_then(name))?
        });
        assert_eq!(scope, Some(&b"Column"[..]));
    }
    // links in the text: a Link element holds the words as well as the annotation
    let text_links = m.chapters.iter().any(|c| has_link(&c.blocks));
    if text_links {
        let with_words = tree
            .elements
            .iter()
            .filter(|e| e.role == "Link")
            .any(|e| tree.owners.values().any(|o| o == &vec![e.id]));
        assert!(with_words, "no Link element owns its words");
    }
}

fn has_link(bs: &[Block]) -> bool {
    fn inl(is: &[Inline]) -> bool {
        is.iter().any(|i| match &i.kind {
            InlineKind::Link { .. } => true,
            InlineKind::Emph(c) | InlineKind::Strong(c) | InlineKind::Strike(c) => inl(c),
            _ => false,
        })
    }
    bs.iter().any(|b| match &b.kind {
        BlockKind::Paragraph(i) => inl(i),
        BlockKind::List(l) => l.items.iter().any(|i| has_link(&i.blocks)),
        BlockKind::BlockQuote(inner) => has_link(inner),
        _ => false,
    })
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_guide_is_tagged() {
    check(&root().join("manuscript"));
}

#[test]
fn a_gfm_manuscript_with_tables_notes_and_figures_is_tagged() {
    check(&root().join("tests/fixtures/commonmark-gfm"));
}

#[test]
fn authors_manuscripts_are_tagged() {
    for d in ["emoji-markers", "long-chapters", "theme-partial"] {
        check(&root().join("tests/fixtures/authors").join(d));
    }
}

#[test]
fn reflection_prompts_are_named_lists_and_their_lines_are_artifacts() {
    let book = root().join("tests/fixtures/authors/workbook.md");
    // (every painting operator, the answer lines among them, is in marked content)
    check(&book);
    let doc = build(&book);
    let tree = walk(&doc);
    let named = tree
        .elements
        .iter()
        .filter(|e| e.role == "L")
        .filter(|e| {
            e.dict.get(b"T").ok().map(text_of).as_deref() == Some("Questions to reflect on")
        })
        .count();
    assert_eq!(named, 5);
    // the lines are drawn outside every element's content: artifacts
    let mut artifacts_with_rules = 0;
    for (_, page) in doc.get_pages() {
        let content = doc.get_and_decode_page_content(page).unwrap();
        let mut in_artifact = false;
        for op in &content.operations {
            match op.operator.as_str() {
                "BMC" | "BDC" => {
                    in_artifact = op.operands.first().and_then(name) == Some(b"Artifact")
                }
                "EMC" => in_artifact = false,
                "re" if in_artifact => artifacts_with_rules += 1,
                _ => {}
            }
        }
    }
    // 3 + 3 + 3 + 3 + 5 + 5 + 3 + 1 answer lines, and the headings' rules
    assert!(artifacts_with_rules >= 26, "{artifacts_with_rules}");
}

/// A booklet is for paper: its sheets hold the pages out of reading order, and it is not
/// tagged (said in the README).
#[test]
fn a_booklet_is_not_tagged() {
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("b.pdf");
    let dir = root().join("manuscript");
    let o = run(&[
        "pdf",
        dir.to_str().unwrap(),
        "--for",
        "booklet",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let doc = lopdf::Document::load(&pdf).unwrap();
    assert!(doc.catalog().unwrap().get(b"StructTreeRoot").is_err());
}
