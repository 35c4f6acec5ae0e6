//! The layout of the book before any page is written: the file name of every chapter, the final
//! (valid, unique) id of every heading and footnote in each chapter, and where each image asset
//! goes in the package. Both the page writers and the link resolver read this one plan, so a
//! link always points at an id that its target file really defines. An image goes in only
//! when it is sound: a PNG or JPEG whose data decodes within the budget
//! ([`crate::model::Asset::verified`]), an SVG as re-written by `svg::sanitise`; any other is
//! left out with a `GB407` warning at its first use, and the pages keep its description.

use super::writer::Ids;
use crate::diag::{Diagnostic, Span, Warned};
use crate::model::{plain_text, Asset, Block, BlockKind, Chapter, Document};
use std::collections::BTreeMap;

/// Media types EPUB 3.3 readers must support for images (core media types).
const IMAGE_TYPES: &[(&str, &str)] = &[
    ("image/png", "png"),
    ("image/jpeg", "jpg"),
    ("image/gif", "gif"),
    ("image/webp", "webp"),
    ("image/svg+xml", "svg"),
];

/// Ids of one chapter file.
#[derive(Debug, Clone, Default)]
pub struct Anchors {
    /// Final id of each heading in rendering order (the chapter heading first).
    pub headings: Vec<String>,
    /// Source id (as the model has it) → final id, first occurrence wins.
    pub by_source: BTreeMap<String, String>,
    /// Footnote number → id of its note.
    pub footnotes: BTreeMap<u32, String>,
    /// Second-level headings directly in the chapter body: (final id, text) for the navigation.
    pub sections: Vec<(String, String)>,
    /// Every id handed out so far, so ids made while rendering stay unique.
    pub ids: Ids,
}

#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// `ch01.xhtml`, … in reading order.
    pub chapter_files: Vec<String>,
    pub anchors: Vec<Anchors>,
    /// Path inside `OEBPS/` for each asset, `None` when the asset cannot go in the book.
    pub asset_paths: Vec<Option<String>>,
    /// The bytes the book holds for each SVG asset: re-written without scripts or external
    /// references (`svg::sanitise`).
    pub svg: BTreeMap<usize, Vec<u8>>,
}

impl Plan {
    /// Where everything goes, and a warning for each image the book cannot hold.
    pub fn new(doc: &Document) -> Warned<Plan> {
        let mut diags = Vec::new();
        let width = doc.chapters.len().to_string().len().max(2);
        let chapter_files = (1..=doc.chapters.len())
            .map(|n| format!("ch{n:0width$}.xhtml"))
            .collect();
        let anchors = doc.chapters.iter().map(anchors_of).collect();
        let mut asset_paths = Vec::with_capacity(doc.assets.len());
        let mut svg = BTreeMap::new();
        let mut used_at = None;
        for (i, asset) in doc.assets.iter().enumerate() {
            let ext = IMAGE_TYPES
                .iter()
                .find(|(t, _)| t.eq_ignore_ascii_case(asset.media_type.trim()))
                .map(|(_, e)| *e);
            match ext {
                Some(ext) => match sound(asset, ext) {
                    Ok(clean) => {
                        if let Some(bytes) = clean {
                            svg.insert(i, bytes);
                        }
                        asset_paths.push(Some(format!("images/img{:02}.{ext}", i + 1)));
                    }
                    Err(why) => {
                        let spans = used_at.get_or_insert_with(|| first_uses(doc));
                        diags.push(left_out(asset, i, &why, spans));
                        asset_paths.push(None);
                    }
                },
                None => {
                    diags.push(
                        Diagnostic::warning(
                            "GB402",
                            format!(
                                "image `{}` has media type `{}`, which EPUB readers need not support; it is left out of the EPUB",
                                asset.rel_path, asset.media_type
                            ),
                        )
                        .in_file(asset.rel_path.clone())
                        .help("convert it to PNG, JPEG, GIF, WebP or SVG"),
                    );
                    asset_paths.push(None);
                }
            }
        }
        let plan = Plan {
            chapter_files,
            anchors,
            asset_paths,
            svg,
        };
        Warned::new(plan, diags)
    }

    /// The media type an asset is stored with, if it goes in the book.
    pub fn media_type(doc: &Document, index: usize) -> Option<&'static str> {
        let asset = doc.assets.get(index)?;
        IMAGE_TYPES
            .iter()
            .find(|(t, _)| t.eq_ignore_ascii_case(asset.media_type.trim()))
            .map(|(t, _)| *t)
    }

    /// `chNN.xhtml#id` for an internal link, or `None` when the id is not in that chapter.
    pub fn link(&self, chapter: usize, id: &str) -> Option<String> {
        let file = self.chapter_files.get(chapter)?;
        let target = self.anchors.get(chapter)?.by_source.get(id)?;
        Some(format!("{file}#{target}"))
    }
}

/// An asset the book can hold as it is (`None`), as re-written (an SVG's clean bytes), or why
/// it cannot go in: its data does not decode within the budget, or the SVG does not parse.
fn sound(asset: &Asset, ext: &str) -> Result<Option<Vec<u8>>, String> {
    if ext == "svg" {
        return super::svg::sanitise(&asset.bytes)
            .map(Some)
            .map_err(|e| format!("the SVG cannot be read ({e})"));
    }
    asset.verified().map(|()| None).map_err(|e| e.to_string())
}

/// The `GB407` warning for an image left out of the book, at its first use.
fn left_out(asset: &Asset, index: usize, why: &str, used_at: &BTreeMap<usize, Span>) -> Diagnostic {
    let d = Diagnostic::warning(
        "GB407",
        format!(
            "image `{}` is left out of the EPUB (its description is kept): {why}",
            asset.rel_path
        ),
    )
    .help("open the image in an image editor and save it again (PNG or JPEG, under 40 megapixels)");
    match used_at.get(&index) {
        Some(span) => d.at(*span),
        None => d.in_file(asset.rel_path.clone()),
    }
}

/// Where each asset is first used in the chapters (reading order; footnotes after the body).
/// Where each asset is first used (figures and inline images, footnotes included).
fn first_uses(doc: &Document) -> BTreeMap<usize, Span> {
    let mut at = BTreeMap::new();
    for (img, span) in doc.images() {
        if let Some(i) = img.asset {
            at.entry(i).or_insert(span);
        }
    }
    at
}

fn anchors_of(ch: &Chapter) -> Anchors {
    let mut a = Anchors::default();
    let first = a.ids.unique(&ch.heading_id);
    a.by_source.insert(ch.heading_id.clone(), first.clone());
    a.headings.push(first);
    walk(&ch.blocks, &mut a, 0);
    for note in &ch.footnotes {
        let id = a.ids.unique(&format!("fn-{}", note.number));
        a.footnotes.insert(note.number, id);
    }
    for note in &ch.footnotes {
        walk(&note.blocks, &mut a, 1);
    }
    a
}

/// Visits headings in the order the chapter writer emits them.
fn walk(blocks: &[Block], a: &mut Anchors, depth: usize) {
    for b in blocks {
        match &b.kind {
            BlockKind::Heading { id, level, content } => {
                let fin = a.ids.unique(id);
                a.by_source.entry(id.clone()).or_insert_with(|| fin.clone());
                if depth == 0 && *level == 2 {
                    a.sections.push((fin.clone(), plain_text(content)));
                }
                a.headings.push(fin);
            }
            BlockKind::List(list) => {
                for item in &list.items {
                    walk(&item.blocks, a, depth + 1);
                }
            }
            BlockKind::BlockQuote(inner) => walk(inner, a, depth + 1),
            _ => {}
        }
    }
}
