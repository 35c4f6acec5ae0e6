//! Marked content: while a page's content stream is written, each stretch of content goes
//! into the marked-content sequence of the structure element it belongs to (`/P <</MCID 3>>
//! BDC … EMC`, the MCIDs counted up on each page) or into an `/Artifact` sequence (furniture
//! and everything drawn). A sequence stays open while the content keeps its element, so a
//! paragraph's lines on one page are one sequence. Untagged (a booklet), it writes nothing.

use super::content::Content;
use crate::typeset::structure::{Structure, Tag};

/// The marked-content state of one page's stream.
pub(super) struct Marker<'s> {
    structure: Option<&'s Structure>,
    open: Option<Tag>,
    /// The element of each MCID on the page, in order.
    pub mcids: Vec<Tag>,
}

impl<'s> Marker<'s> {
    /// A page's marker; `structure` is `None` for an untagged file.
    pub fn new(structure: Option<&'s Structure>) -> Marker<'s> {
        Marker {
            structure,
            open: None,
            mcids: Vec::new(),
        }
    }

    /// The content written next is `tag`'s: the open sequence ends and the tag's begins,
    /// unless it is the one open. A tag the structure does not know is an artifact.
    pub fn switch(&mut self, tag: Tag, out: &mut Content) {
        let Some(s) = self.structure else {
            return;
        };
        // (only known tags are ever open: the look-up is for a change of element)
        if self.open == Some(tag) {
            return;
        }
        let role = s.find(tag).map(|i| s.nodes[i].role.name());
        let tag = if role.is_some() { tag } else { Tag::ARTIFACT };
        if self.open == Some(tag) {
            return;
        }
        self.close(out);
        match role {
            Some(role) => {
                out.begin_mcid(role, self.mcids.len());
                self.mcids.push(tag);
            }
            None => out.begin_artifact(),
        }
        self.open = Some(tag);
    }

    /// Ends the open sequence, if any (before `ET`, and at the end of the page).
    pub fn close(&mut self, out: &mut Content) {
        if self.open.take().is_some() {
            out.end_marked();
        }
    }
}

/// The tag of each glyph of a line, read in order: the line's tag, taken over from glyph
/// `k` on by each entry of its `tag_from`.
pub(super) struct TagCursor<'t> {
    tag: Tag,
    from: &'t [(u32, Tag)],
}

impl<'t> TagCursor<'t> {
    pub fn new(tag: Tag, from: &'t [(u32, Tag)]) -> TagCursor<'t> {
        TagCursor { tag, from }
    }

    /// The tag of glyph `k` (`k` never going back).
    pub fn at(&mut self, k: u32) -> Tag {
        while let Some(&(start, t)) = self.from.first() {
            if start > k {
                break;
            }
            self.tag = t;
            self.from = &self.from[1..];
        }
        self.tag
    }

    /// The tag of glyph `k` without moving on.
    pub fn peek(&self, k: u32) -> Tag {
        let mut tag = self.tag;
        for &(start, t) in self.from {
            if start > k {
                break;
            }
            tag = t;
        }
        tag
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::structure::{Role, StructNode};

    fn node(tag: u64, role: Role) -> StructNode {
        StructNode {
            tag: Tag(tag),
            parent: None,
            role,
            extra: None,
        }
    }

    #[test]
    fn sequences_open_per_element_and_artifacts_have_no_mcid() {
        let s = Structure::new(vec![node(1, Role::P), node(2, Role::Link)]);
        let mut m = Marker::new(Some(&s));
        let mut c = Content::default();
        m.switch(Tag(1), &mut c);
        m.switch(Tag(1), &mut c);
        m.switch(Tag(2), &mut c);
        m.switch(Tag::ARTIFACT, &mut c);
        m.switch(Tag(9), &mut c);
        m.switch(Tag(1), &mut c);
        m.close(&mut c);
        assert_eq!(
            std::str::from_utf8(&c.bytes).unwrap(),
            "/P <</MCID 0>> BDC\nEMC\n/Link <</MCID 1>> BDC\nEMC\n/Artifact BMC\nEMC\n\
             /P <</MCID 2>> BDC\nEMC\n"
        );
        assert_eq!(m.mcids, vec![Tag(1), Tag(2), Tag(1)]);
        let mut untagged = Marker::new(None);
        let mut c = Content::default();
        untagged.switch(Tag(1), &mut c);
        untagged.close(&mut c);
        assert!(c.bytes.is_empty());
    }

    #[test]
    fn a_cursor_follows_the_takeovers() {
        let from = [(2, Tag(5)), (4, Tag(1))];
        let mut c = TagCursor::new(Tag(1), &from);
        assert_eq!(c.peek(3), Tag(5));
        let tags: Vec<u64> = (0..6).map(|k| c.at(k).0).collect();
        assert_eq!(tags, vec![1, 1, 5, 5, 1, 1]);
    }
}
