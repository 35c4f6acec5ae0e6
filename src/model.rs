//! The owned document model: what one parse of the manuscript produces and what every backend
//! (EPUB, PDF) and the linter read. No backend ever sees Markdown; everything it needs is here,
//! and every node keeps the source span it came from so diagnostics can name `file:line:col`.

use crate::diag::Span;

/// A whole book: metadata plus chapters in reading order, and the assets (images) they use.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub meta: Metadata,
    pub chapters: Vec<Chapter>,
    /// Images referenced by the chapters (and the cover), already read by the CLI.
    pub assets: Vec<Asset>,
}

impl Document {
    /// Every image the chapters and their footnotes use (figures and inline images, however
    /// deep in lists, quotes, sayings, tables and links), in reading order, with the span of
    /// its use.
    pub fn images(&self) -> Vec<(&Image, Span)> {
        fn inlines<'a>(run: &'a [Inline], out: &mut Vec<(&'a Image, Span)>) {
            for i in run {
                match &i.kind {
                    InlineKind::Image(img) => out.push((img, i.span)),
                    InlineKind::Emph(c)
                    | InlineKind::Strong(c)
                    | InlineKind::Strike(c)
                    | InlineKind::Link { content: c, .. } => inlines(c, out),
                    _ => {}
                }
            }
        }
        fn blocks<'a>(bs: &'a [Block], out: &mut Vec<(&'a Image, Span)>) {
            for b in bs {
                match &b.kind {
                    BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) => {
                        inlines(content, out)
                    }
                    BlockKind::Figure { image, caption } => {
                        out.push((image, b.span));
                        inlines(caption, out);
                    }
                    BlockKind::List(l) => {
                        if let Some(lead) = &l.lead {
                            inlines(&lead.content, out);
                        }
                        for it in &l.items {
                            blocks(&it.blocks, out);
                        }
                    }
                    BlockKind::Sayings(s) => {
                        if let Some(lead) = &s.lead {
                            inlines(&lead.content, out);
                        }
                        for it in &s.items {
                            inlines(&it.content, out);
                        }
                    }
                    BlockKind::BlockQuote(inner) => blocks(inner, out),
                    BlockKind::Table(t) => {
                        for cell in t.head.iter().chain(t.rows.iter().flatten()) {
                            inlines(cell, out);
                        }
                    }
                    BlockKind::CodeBlock { .. } | BlockKind::ThematicBreak => {}
                }
            }
        }
        let mut out = Vec::new();
        for ch in &self.chapters {
            blocks(&ch.blocks, &mut out);
            for f in &ch.footnotes {
                blocks(&f.blocks, &mut out);
            }
        }
        out
    }
}

/// Book-level metadata, merged from `guide.toml`, YAML front matter and defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Metadata {
    pub title: String,
    pub subtitle: Option<String>,
    /// At least one entry; "Anonymous" when nobody is named.
    pub authors: Vec<String>,
    /// BCP 47 language tag, e.g. `en` or `en-US`.
    pub lang: String,
    /// Publication date as `YYYY-MM-DD`, when the author gave one (`guide.toml` or front matter
    /// `date`, else `SOURCE_DATE_EPOCH`). `None`: the book says nothing about when it was published.
    pub date: Option<String>,
    /// Seconds since the Unix epoch used for every "modified"/"created" stamp in the outputs:
    /// the publication date when there is one, else the newest chapter file's modification
    /// time (the same files give the same stamp); never the clock.
    pub timestamp: i64,
    /// Stable identifier: a UUID string (no `urn:uuid:` prefix), derived from metadata when not given.
    pub identifier: String,
    pub description: Option<String>,
    pub keywords: Vec<String>,
    pub publisher: Option<String>,
    pub rights: Option<String>,
    /// Index into `Document::assets` of the cover image, if any.
    pub cover: Option<usize>,
}

/// A binary asset (an image), read from inside the manuscript folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    /// Path relative to the manuscript folder, with `/` separators, as written in the Markdown.
    pub rel_path: String,
    pub media_type: String,
    pub bytes: Vec<u8>,
    /// Pixel size when the image header could be read.
    pub size_px: Option<(u32, u32)>,
    /// The image as the PDF holds it, decoded once on first use (see [`Asset::picture`]).
    pub decoded: crate::image::Decoded,
    /// Where the manuscript first uses it (`None` for the cover, or a hand-built document).
    pub first_use: Option<Span>,
}

impl Asset {
    /// The image decoded for the PDF (once per build, whichever stage asks first), or why the
    /// PDF cannot hold it.
    pub fn picture(&self) -> Result<&crate::image::ImageInfo, &crate::image::ImageError> {
        self.decoded.get(&self.bytes)
    }

    /// Whether the image is sound: a PNG or JPEG whose data decodes within the budget
    /// ([`crate::image::verify`], once per build); GIF and SVG files pass (the EPUB re-writes
    /// an SVG from its parsed tree).
    pub fn verified(&self) -> Result<(), &crate::image::ImageError> {
        self.decoded.verified(&self.bytes)
    }
}

/// One chapter: one Markdown file (or one top-level heading section of a single-file manuscript).
#[derive(Debug, Clone, PartialEq)]
pub struct Chapter {
    /// Stable, unique, XML-safe id (used for file names and anchors), e.g. `ch01-acknowledge-the-hurt`.
    pub id: String,
    /// The chapter title (the text of its first-level heading), as inlines.
    pub title: Vec<Inline>,
    /// The chapter title as plain text (for the TOC, running heads, outline).
    pub title_text: String,
    /// Id of the chapter heading (what `#id` links to), unique in the book.
    pub heading_id: String,
    /// Span of the chapter heading, or of the file start when there is none.
    pub span: Span,
    /// The book's opening: text the author wrote before the first heading. It has no heading
    /// of its own and is set after the title like a foreword; it is not listed in the contents
    /// or the outline (`title` then holds the book's title, for running heads only).
    pub untitled: bool,
    /// Body blocks after the chapter heading.
    pub blocks: Vec<Block>,
    /// Footnote definitions of this chapter, in order of first reference.
    pub footnotes: Vec<Footnote>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Footnote {
    /// Label as written (`[^label]`).
    pub label: String,
    /// 1-based number in the chapter, in order of first reference.
    pub number: u32,
    pub blocks: Vec<Block>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: BlockKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
    /// A heading below the chapter title (level 2..=6); level 1 only inside a chapter that has more.
    Heading {
        level: u8,
        id: String,
        content: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    /// A paragraph that is only an image: set as a figure.
    Figure {
        image: Image,
        caption: Vec<Inline>,
    },
    List(List),
    /// Quoted phrases to say or not to say, introduced by a lead-in.
    Sayings(Sayings),
    BlockQuote(Vec<Block>),
    CodeBlock {
        lang: Option<String>,
        text: String,
    },
    Table(Table),
    ThematicBreak,
}

/// What a list is, as decided by the markers its items carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListKind {
    Bullet,
    Ordered {
        start: u64,
    },
    /// ✔ ✓ ☑ `[x]`: things to do / qualities to keep.
    Check,
    /// ❌ ✗ ✘ ✖: things not to do.
    Avoid,
    /// A GFM task list with at least one open `[ ]` item.
    Task,
}

/// The marker glyph the author typed at the start of an item (removed from its text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// ✔ ✓ ☑ or `[x]`; the char is what the author typed (`x` for `[x]`).
    Check(char),
    /// ❌ ✗ ✘ ✖.
    Avoid(char),
    /// `[ ]` in a task list.
    TaskOpen,
}

#[derive(Debug, Clone, PartialEq)]
pub struct List {
    pub kind: ListKind,
    /// Tight lists have no blank lines between items.
    pub tight: bool,
    /// The paragraph ending in ":" that introduces the list, kept with it.
    pub lead: Option<Lead>,
    pub items: Vec<ListItem>,
    /// A reflection prompt's questions ("Reflect:", "Journal:", "Your answers:" before the
    /// list): the ruled lines of answer space set under each question in print. `None`: an
    /// ordinary list.
    pub answer_lines: Option<u8>,
}

impl Document {
    /// Whether any chapter (its body, its footnotes, at any depth) has a reflection prompt.
    pub fn has_reflection_prompts(&self) -> bool {
        fn any(blocks: &[Block]) -> bool {
            blocks.iter().any(|b| match &b.kind {
                BlockKind::List(l) => {
                    l.answer_lines.is_some() || l.items.iter().any(|it| any(&it.blocks))
                }
                BlockKind::BlockQuote(inner) => any(inner),
                _ => false,
            })
        }
        self.chapters
            .iter()
            .any(|c| any(&c.blocks) || c.footnotes.iter().any(|f| any(&f.blocks)))
    }
}

/// The answer lines under each question of a reflection prompt when its lead-in names no
/// number ("Reflect (5 lines):" names 5).
pub const ANSWER_LINES: u8 = 3;

/// The most answer lines a lead-in may ask for under each question (a page's worth).
pub const ANSWER_LINES_MAX: u8 = 30;

#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// The marker the author typed, if any. In a Check/Avoid list an item with `None` (or with
    /// the other kind's marker) is a slip that `check` reports; it is still drawn as the list kind.
    pub marker: Option<Marker>,
    /// For task lists: whether the box is ticked.
    pub checked: Option<bool>,
    pub blocks: Vec<Block>,
    pub span: Span,
}

/// A lead-in paragraph ("Avoid saying:", "Taking responsibility means:") kept with what follows.
#[derive(Debug, Clone, PartialEq)]
pub struct Lead {
    pub content: Vec<Inline>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SayingKind {
    /// Phrases to avoid ("Avoid saying:", "Instead of saying:").
    Avoid,
    /// Phrases to try ("Instead, try:", "Try:", "Say:", "Ask:", "For example:", …).
    Try,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sayings {
    pub kind: SayingKind,
    /// The lead-in; `None` only when a document is built by hand.
    pub lead: Option<Lead>,
    /// Each saying: one quoted phrase, quotation marks included as the author wrote them.
    pub items: Vec<Saying>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Saying {
    pub content: Vec<Inline>,
    pub span: Span,
    /// The marker glyph the author typed before the phrase (`- ❌ “…”`), removed from the
    /// text; the lead-in decides the kind, and a marker that contradicts it is reported.
    pub marker: Option<Marker>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub align: Vec<Align>,
    pub head: Vec<Vec<Inline>>,
    pub rows: Vec<Vec<Vec<Inline>>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// Index into `Document::assets`; `None` when the image could not be used (already reported).
    pub asset: Option<usize>,
    /// The path as written.
    pub src: String,
    pub alt: String,
    pub title: String,
}

/// The title that says an image is decoration on purpose: `![](flourish.png "decorative")`.
pub const DECORATIVE: &str = "decorative";

impl Image {
    /// Decoration on purpose: no alt text and the title `"decorative"`. It reads as nothing
    /// (an artifact in the tagged PDF, `role="presentation"` in the EPUB), has no caption,
    /// and is not reported as missing its description.
    pub fn is_decorative(&self) -> bool {
        self.alt.trim().is_empty() && self.title.trim().eq_ignore_ascii_case(DECORATIVE)
    }

    /// No description, and not decoration on purpose (`GB212`).
    pub fn undescribed(&self) -> bool {
        self.alt.trim().is_empty() && !self.is_decorative()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Inline {
    pub kind: InlineKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum InlineKind {
    /// Text after smart punctuation (curly quotes, dashes, ellipses).
    Text(String),
    Emph(Vec<Inline>),
    Strong(Vec<Inline>),
    Strike(Vec<Inline>),
    Code(String),
    Link {
        target: LinkTarget,
        title: String,
        content: Vec<Inline>,
    },
    Image(Image),
    /// A footnote reference: the chapter-local number of the footnote.
    FootnoteRef {
        label: String,
        number: u32,
    },
    SoftBreak,
    HardBreak,
    /// A fill-in blank: a run of this many underscores (at least four) in a paragraph, list
    /// item or table cell — `My promise: ____`. Drawn as a rule on the baseline as wide as the
    /// run (at least `theme.reflection.blank_min_em`); reads as the underscores.
    Blank(u16),
}

/// The text a blank stands for where text is needed (plain text, the EPUB, the PDF's text):
/// its underscores.
pub fn blank_text(len: u16) -> String {
    "_".repeat(usize::from(len))
}

/// The width of an underscore in the book's faces, about half an em.
pub const UNDERSCORE_EM: f32 = 0.5;

/// How wide a blank of `len` underscores is drawn, in em, in both outputs: as wide as typed,
/// at least `min_em` (`theme.reflection.blank_min_em`).
pub fn blank_em(len: u16, min_em: f32) -> f32 {
    (f32::from(len) * UNDERSCORE_EM).max(min_em)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// `#id` inside the book: the chapter id and heading/anchor id it resolves to.
    /// `chapter` is `None` when the id does not exist (the linter reports it).
    Internal { id: String, chapter: Option<usize> },
    /// `http:`, `https:`, `mailto:` or `tel:` (the parser drops links with any other scheme).
    External(String),
}

impl Inline {
    pub fn text(s: impl Into<String>, span: Span) -> Self {
        Inline {
            kind: InlineKind::Text(s.into()),
            span,
        }
    }
}

/// Plain text of a run of inlines (footnote refs and images are skipped, breaks become spaces).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(inlines, &mut out);
    out
}

fn push_plain(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match &inline.kind {
            InlineKind::Text(t) | InlineKind::Code(t) => out.push_str(t),
            InlineKind::Emph(c)
            | InlineKind::Strong(c)
            | InlineKind::Strike(c)
            | InlineKind::Link { content: c, .. } => push_plain(c, out),
            InlineKind::SoftBreak | InlineKind::HardBreak => out.push(' '),
            InlineKind::Blank(n) => out.push_str(&blank_text(*n)),
            InlineKind::Image(_) | InlineKind::FootnoteRef { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_flattens_nesting_and_breaks() {
        let s = Span::default();
        let inl = vec![
            Inline::text("a ", s),
            Inline {
                kind: InlineKind::Emph(vec![Inline::text("b", s)]),
                span: s,
            },
            Inline {
                kind: InlineKind::SoftBreak,
                span: s,
            },
            Inline::text("c", s),
        ];
        assert_eq!(plain_text(&inl), "a b c");
    }
}

/// Where a printed page starts, as a place in its chapter's text: the PDF's page `label` begins
/// at the `offset`-th reading character ([`reading_chars`]) of chapter `chapter`'s text, its
/// title included and its list markers, saying glyphs and footnotes not. The EPUB puts its
/// page-break markers there, so both name the same page for the same words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageStart {
    pub label: String,
    pub chapter: usize,
    pub offset: usize,
}

/// Whether `c` counts as a character of the text where a page may start: not white space
/// and not a soft hyphen (the PDF's line-end hyphens are soft hyphens; the EPUB has none).
pub fn is_reading_char(c: char) -> bool {
    !c.is_whitespace() && c != '\u{AD}'
}

/// How many reading characters `text` has (see [`is_reading_char`]).
pub fn reading_chars(text: &str) -> usize {
    text.chars().filter(|&c| is_reading_char(c)).count()
}
