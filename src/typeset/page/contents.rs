//! The contents' entries, found on the paginated body: every chapter title and second-level
//! heading with the label of the page it is on, for [`crate::typeset::flow::contents()`] to set.

use crate::typeset::flow::TocEntry;
use crate::typeset::page::paginate::PageBox;

/// Contents entries from the body pages (levels 1 and 2), `label(p)` naming body page `p`.
pub fn entries(pages: &[PageBox], label: impl Fn(usize) -> String) -> Vec<TocEntry> {
    let mut out = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        for (_, slot) in &page.slots {
            for (level, title, id, _) in &slot.outline {
                out.push(TocEntry {
                    level: *level,
                    title: title.clone(),
                    id: id.clone(),
                    label: label(p),
                });
            }
        }
    }
    out
}
