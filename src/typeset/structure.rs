//! The book's logical structure, for the tagged PDF: a tree of standard structure elements
//! (Document → Sect per chapter → headings, paragraphs, lists, quotes, tables, figures, links,
//! notes; the contents page as a TOC) that the flow builds as it lays the blocks out, in the
//! order of the Markdown. Every text line, image and link box the flow makes carries the
//! [`Tag`] of the element it belongs to; page furniture (running heads, folios) and
//! everything drawn (rules, tints, backgrounds) is [`Tag::ARTIFACT`]. The PDF writer turns
//! tags into marked content and the tree into the file's structure tree.

/// The structure element a piece of content belongs to, or [`Tag::ARTIFACT`]. Tags are
/// unique in the book: the part of the book (title pages, contents, a chapter) in the high
/// half, so that chapters laid out on different threads never share one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tag(pub u64);

impl Tag {
    /// Not part of the text: running heads, folios, rules, tints, leaders, a repeated
    /// table header.
    pub const ARTIFACT: Tag = Tag(u64::MAX);

    pub fn is_artifact(self) -> bool {
        self == Tag::ARTIFACT
    }
}

/// The standard structure types guidebuild uses (ISO 32000-1, 14.8.4), so no role map is
/// needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Sect,
    /// A heading, level 1 (the chapter title) to 6.
    H(u8),
    P,
    L,
    LI,
    Lbl,
    LBody,
    BlockQuote,
    Table,
    TR,
    TH,
    TD,
    Figure,
    Caption,
    Link,
    Note,
    Code,
    TOC,
    TOCI,
    /// A form field's widget (the fillable PDF).
    Form,
}

impl Role {
    /// The type's name as the PDF writes it (`/S /LBody`).
    pub fn name(self) -> &'static str {
        match self {
            Role::Sect => "Sect",
            Role::H(1) => "H1",
            Role::H(2) => "H2",
            Role::H(3) => "H3",
            Role::H(4) => "H4",
            Role::H(5) => "H5",
            Role::H(_) => "H6",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::BlockQuote => "BlockQuote",
            Role::Table => "Table",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::Figure => "Figure",
            Role::Caption => "Caption",
            Role::Link => "Link",
            Role::Note => "Note",
            Role::Code => "Code",
            Role::TOC => "TOC",
            Role::TOCI => "TOCI",
            Role::Form => "Form",
        }
    }
}

/// What a few elements say besides their content.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extra {
    /// `/Alt`: a figure's description.
    pub alt: Option<String>,
    /// `/ActualText`: what a marker reads as ("done", "avoid").
    pub actual_text: Option<String>,
    /// `/T`: a group's name ("Phrases to avoid").
    pub title: Option<String>,
    /// A header cell's `/Scope` is `/Column` (the table's head row).
    pub column_header: bool,
}

/// One structure element: its tag, its parent (`None`: the Document), its type.
#[derive(Debug, Clone, PartialEq)]
pub struct StructNode {
    pub tag: Tag,
    pub parent: Option<Tag>,
    pub role: Role,
    pub extra: Option<Box<Extra>>,
}

/// The whole tree, in reading order (every parent before its children, siblings in order).
/// Tags ascend through the list and each part's tags count up from 0 with no gap, so an
/// element is found at its part's first index plus its number (a binary search is the
/// fallback for a list made otherwise).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Structure {
    pub nodes: Vec<StructNode>,
    /// The index of each part's first element (`u32::MAX`: a part with none).
    parts: Vec<u32>,
}

impl Structure {
    /// The tree of `nodes` (sorted by tag).
    pub fn new(nodes: Vec<StructNode>) -> Structure {
        let mut parts: Vec<u32> = Vec::new();
        for (i, node) in nodes.iter().enumerate() {
            let part = (node.tag.0 >> 32) as usize;
            if part >= parts.len() {
                parts.resize(part + 1, u32::MAX);
                parts[part] = i as u32;
            }
        }
        Structure { nodes, parts }
    }

    /// The index of `tag`'s element.
    pub fn find(&self, tag: Tag) -> Option<usize> {
        let part = (tag.0 >> 32) as usize;
        let start = *self.parts.get(part)?;
        let at = start as usize + (tag.0 & u64::from(u32::MAX)) as usize;
        match self.nodes.get(at) {
            Some(node) if node.tag == tag => Some(at),
            _ => self.nodes.binary_search_by(|n| n.tag.cmp(&tag)).ok(),
        }
    }
}

/// Builds one part of the tree while the flow lays it out: the elements open now (the
/// innermost owns the content being made) and those made so far.
#[derive(Debug, Default)]
pub struct Tagger {
    base: u64,
    next: u64,
    open: Vec<Tag>,
    nodes: Vec<StructNode>,
}

impl Tagger {
    /// Starts part `part` of the book (0 the title pages, 1 the contents, 2 + n chapter n).
    pub fn begin(&mut self, part: u32) {
        self.base = u64::from(part) << 32;
        self.next = 0;
        self.open.clear();
    }

    /// A new element under the innermost open one (or `parent`), not opened.
    pub fn add(&mut self, role: Role, parent: Option<Tag>, extra: Option<Extra>) -> Tag {
        let tag = Tag(self.base | self.next);
        self.next += 1;
        let parent = parent.or_else(|| self.open.last().copied());
        self.nodes.push(StructNode {
            tag,
            parent,
            role,
            extra: extra.map(Box::new),
        });
        tag
    }

    /// A new element under the innermost open one, opened: content made now is its own.
    pub fn open(&mut self, role: Role, extra: Option<Extra>) -> Tag {
        let tag = self.add(role, None, extra);
        self.open.push(tag);
        tag
    }

    /// Opens an element made before (`add`).
    pub fn reopen(&mut self, tag: Tag) {
        self.open.push(tag);
    }

    /// Closes `tag` (and anything left open inside it).
    pub fn close(&mut self, tag: Tag) {
        if let Some(k) = self.open.iter().rposition(|t| *t == tag) {
            self.open.truncate(k);
        }
    }

    /// The element that owns the content being made now.
    pub fn current(&self) -> Tag {
        self.open.last().copied().unwrap_or(Tag::ARTIFACT)
    }

    /// The elements made so far, leaving none.
    pub fn take(&mut self) -> Vec<StructNode> {
        self.open.clear();
        std::mem::take(&mut self.nodes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_nest_under_the_open_one_and_tags_ascend() {
        let mut t = Tagger::default();
        t.begin(3);
        assert!(t.current().is_artifact());
        let sect = t.open(Role::Sect, None);
        let p = t.open(Role::P, None);
        assert_eq!(t.current(), p);
        let link = t.add(Role::Link, None, None);
        t.close(p);
        assert_eq!(t.current(), sect);
        let note = t.add(Role::Note, Some(p), None);
        t.close(sect);
        let nodes = t.take();
        assert_eq!(nodes.len(), 4);
        assert_eq!(nodes[0].parent, None);
        assert_eq!(nodes[2].parent, Some(p));
        assert_eq!(nodes[3].parent, Some(p));
        assert!(sect < p && p < link && link < note);
        assert_eq!(sect.0 >> 32, 3);
        let s = Structure::new(nodes);
        assert_eq!(s.find(link), Some(2));
        assert_eq!(s.find(Tag::ARTIFACT), None);
    }

    #[test]
    fn elements_are_found_in_every_part_and_strangers_are_not() {
        let mut t = Tagger::default();
        let mut tags = Vec::new();
        for part in [0, 1, 4] {
            t.begin(part);
            let sect = t.open(Role::Sect, None);
            tags.push(sect);
            tags.push(t.add(Role::P, None, None));
            t.close(sect);
        }
        let s = Structure::new(t.take());
        for (i, tag) in tags.iter().enumerate() {
            assert_eq!(s.find(*tag), Some(i));
        }
        // a part with no elements, a number past a part's end, a list with a gap
        assert_eq!(s.find(Tag(2 << 32)), None);
        assert_eq!(s.find(Tag((1 << 32) | 2)), None);
        assert_eq!(s.find(Tag(9 << 32)), None);
        let mut gap = s.nodes.clone();
        gap.remove(0);
        let g = Structure::new(gap);
        assert_eq!(g.find(tags[1]), Some(0));
        assert_eq!(g.find(tags[5]), Some(4));
    }
}
