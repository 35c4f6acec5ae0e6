//! The names of the anchors footnotes link by: a note's own anchor (where a reference goes)
//! and the anchor at its first reference (where the note's number links back to).

use crate::typeset::text::Link;

/// Id of the anchor of footnote `n` in chapter `ch`.
pub fn footnote_anchor(ch: usize, n: u32) -> String {
    format!("fn-{ch}-{n}")
}

/// Id of the anchor at the first reference to note `n` of chapter `ch` (for the back link).
pub fn reference_anchor(ch: usize, n: u32) -> String {
    format!("fnref-{ch}-{n}")
}

/// The note number a link target names, if it is a note of chapter `ch`.
pub fn note_of(target: &Link, ch: usize) -> Option<u32> {
    match target {
        Link::Internal(id) => id.strip_prefix(&format!("fn-{ch}-"))?.parse().ok(),
        Link::Uri(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_links_are_recognised_by_chapter() {
        assert_eq!(
            note_of(&Link::Internal(footnote_anchor(2, 7).into()), 2),
            Some(7)
        );
        assert_eq!(
            note_of(&Link::Internal(footnote_anchor(2, 7).into()), 1),
            None
        );
        assert_eq!(note_of(&Link::Internal("intro".into()), 2), None);
    }
}
