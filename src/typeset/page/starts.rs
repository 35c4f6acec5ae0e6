//! Where each body page starts in its chapter's text, for the EPUB's page-break markers: the
//! frames are read in order, a chapter title's first line opens the next chapter, and the text
//! lines of the flow (not list markers or saying glyphs, running heads, folios or footnotes)
//! are counted in reading characters. A page with no such line (a blank) starts nowhere.

use crate::model::{reading_chars, PageStart};
use crate::typeset::frame::{FrameItem, LineKind, PageFrame};

/// The start of every body page that has text, in order. `untitled_opening`: the first
/// chapter is the untitled opening, whose text comes before any chapter title.
pub fn page_starts(
    frames: &[PageFrame],
    front_pages: usize,
    untitled_opening: bool,
) -> Vec<PageStart> {
    let mut chapter: Option<usize> = untitled_opening.then_some(0);
    let mut offset = 0;
    let mut starts = Vec::new();
    for frame in frames.iter().skip(front_pages) {
        let mut first = true;
        for item in &frame.items {
            let FrameItem::Text(t) = item else { continue };
            let kind = t.info.kind;
            if !kind.in_flow() || kind == LineKind::Footnote {
                continue;
            }
            if kind == LineKind::ChapterTitle && t.info.para.is_none_or(|p| p.index == 0) {
                chapter = Some(chapter.map_or(0, |c| c + 1));
                offset = 0;
            }
            if let (true, Some(c)) = (first, chapter) {
                starts.push(PageStart {
                    label: frame.label.clone(),
                    chapter: c,
                    offset,
                });
                first = false;
            }
            offset += reading_chars(&t.text);
        }
    }
    starts
}
