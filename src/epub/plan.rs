//! The layout of the book before any page is written: the file name of every chapter, the final
//! (valid, unique) id of every heading and footnote in each chapter, and where each image asset
//! goes in the package. Both the page writers and the link resolver read this one plan, so a
//! link always points at an id that its target file really defines.

use super::writer::Ids;
use crate::diag::{Diagnostic, Warned};
use crate::model::{plain_text, Block, BlockKind, Chapter, Document};
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
        for (i, asset) in doc.assets.iter().enumerate() {
            let ext = IMAGE_TYPES
                .iter()
                .find(|(t, _)| t.eq_ignore_ascii_case(asset.media_type.trim()))
                .map(|(_, e)| *e);
            match ext {
                Some(ext) => asset_paths.push(Some(format!("images/img{:02}.{ext}", i + 1))),
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
