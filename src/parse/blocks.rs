//! Block structure: turns the pulldown-cmark event stream of one chapter file into model
//! blocks with spans (paragraphs, figures, headings, quotes, code, tables, rules, lists) and
//! collects footnote definitions. Raw HTML blocks are dropped here. Inline content is handled
//! in `inlines`, list markers in `lists`, lead-ins and sayings in `sayings`.

use crate::diag::{Diagnostic, FileId, Span, Warned};
use crate::model::{Align, Block, BlockKind, Inline, InlineKind, Table};
use crate::parse::sayings::Prompts;
use pulldown_cmark::{Alignment, CodeBlockKind, CowStr, Event, Options, Parser, Tag};
use std::borrow::Cow;
use std::iter::Peekable;
use std::ops::Range;
use std::vec::IntoIter;

/// A footnote definition as written (`[^label]: …`), before numbering.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FootDef {
    pub label: String,
    pub blocks: Vec<Block>,
    pub span: Span,
}

/// Everything one chapter file parses into.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FileParse {
    pub blocks: Vec<Block>,
    pub footnotes: Vec<FootDef>,
}

/// The Markdown extensions of the dialect (see the crate README).
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Walks the event stream of one file. Shared by `blocks`, `inlines` and `lists`.
pub(crate) struct Builder<'a> {
    events: Peekable<IntoIter<(Event<'a>, Range<usize>)>>,
    pub(crate) file: FileId,
    /// Offset of the parsed body in the whole file (front matter length).
    base: usize,
    /// The whole file text (spans index it).
    pub(crate) src: &'a str,
    pub(crate) diags: Vec<Diagnostic>,
    footnotes: Vec<FootDef>,
    footnote_labels: std::collections::BTreeSet<String>,
    /// The task-list box of the list item being read, if it had one.
    pub(crate) task: Option<bool>,
    /// Inside `<script>`/`<style>`: everything is dropped until the closing tag.
    pub(crate) suppress: Option<&'static str>,
    /// Whether the current list item had a paragraph of its own (a loose list).
    pub(crate) item_had_paragraph: bool,
    /// The alt text (as inlines) of the last image read, for figure captions.
    pub(crate) last_alt: Option<(Span, Vec<Inline>)>,
    /// How many containers (blocks and inlines) are open, against [`MAX_DEPTH`].
    pub(crate) depth: usize,
    warned_deep: bool,
    /// What makes a list a reflection prompt in this book.
    prompts: Prompts<'a>,
    /// Reading a heading's inlines (where underscores are not a blank).
    pub(crate) in_heading: bool,
}

/// Deepest nesting of quotes, lists and inline formatting that is kept as structure; deeper
/// levels are flattened into their parent (so hostile input cannot exhaust the stack).
pub(crate) const MAX_DEPTH: usize = 48;

/// Parses the Markdown body of one file: `src[body_start..]`, spans indexing all of `src`.
/// The text is read as CommonMark says (see [`line_ends_as_lf`] and [`without_nul`]); a
/// byte-order mark at the start of the file is not text.
pub(crate) fn parse_file(
    src: &str,
    body_start: usize,
    file: FileId,
    prompts: Prompts,
) -> Warned<FileParse> {
    let text = line_ends_as_lf(src);
    let src: &str = &text;
    let mut body_start = body_start.min(src.len());
    if body_start == 0 && src.starts_with('\u{FEFF}') {
        body_start = '\u{FEFF}'.len_utf8();
    }
    let body = src.get(body_start..).unwrap_or("");
    let events: Vec<_> = Parser::new_ext(body, options())
        .into_offset_iter()
        .map(|(ev, range)| (without_nul(ev), range))
        .collect();
    let mut b = Builder {
        events: events.into_iter().peekable(),
        file,
        base: body_start,
        src,
        diags: Vec::new(),
        footnotes: Vec::new(),
        footnote_labels: Default::default(),
        task: None,
        suppress: None,
        item_had_paragraph: false,
        last_alt: None,
        depth: 0,
        warned_deep: false,
        prompts,
        in_heading: false,
    };
    let mut blocks = Vec::new();
    // A stray `End` (never expected at the top level) must not cut the file short.
    while b.events.peek().is_some() {
        blocks.extend(b.blocks());
    }
    b.diags
        .extend(crate::parse::sayings::attach(&mut blocks, src, prompts));
    let parse = FileParse {
        blocks,
        footnotes: b.footnotes,
    };
    Warned::new(parse, b.diags)
}

/// The text with every lone carriage return (one not followed by a line feed) made a line
/// feed: CommonMark's line endings are LF, CRLF and CR, pulldown-cmark knows only the first
/// two. One byte for one byte, so every offset into the text stays an offset into the file.
pub(crate) fn line_ends_as_lf(src: &str) -> Cow<'_, str> {
    let lone = |i: usize| src.as_bytes().get(i + 1) != Some(&b'\n');
    if !src.bytes().enumerate().any(|(i, b)| b == b'\r' && lone(i)) {
        return Cow::Borrowed(src);
    }
    let bytes: Vec<u8> = src
        .bytes()
        .enumerate()
        .map(|(i, b)| if b == b'\r' && lone(i) { b'\n' } else { b })
        .collect();
    // only ASCII bytes were swapped for ASCII bytes
    Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| src.to_string()))
}

/// The event with every NUL character in its text, code, link or image target and title, or
/// code-block info made U+FFFD, as CommonMark requires. Done on the events, not the text, so
/// that spans keep their offsets; silently, as CommonMark does.
fn without_nul(ev: Event<'_>) -> Event<'_> {
    fn clean(s: CowStr<'_>) -> CowStr<'_> {
        if s.contains('\0') {
            CowStr::from(s.replace('\0', "\u{FFFD}"))
        } else {
            s
        }
    }
    match ev {
        Event::Text(t) => Event::Text(clean(t)),
        Event::Code(t) => Event::Code(clean(t)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: clean(dest_url),
            title: clean(title),
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: clean(dest_url),
            title: clean(title),
            id,
        }),
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(clean(info))))
        }
        other => other,
    }
}

/// Whether an event belongs to inline content (as opposed to starting or ending a block).
pub(crate) fn is_inline(ev: &Event<'_>) -> bool {
    match ev {
        Event::Start(t) => is_inline_tag(t),
        Event::End(_) | Event::Rule | Event::Html(_) => false,
        _ => true,
    }
}

/// Whether a tag is inline formatting (emphasis, links, images, …).
pub(crate) fn is_inline_tag(t: &Tag<'_>) -> bool {
    matches!(
        t,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

impl<'a> Builder<'a> {
    pub(crate) fn span(&self, r: &Range<usize>) -> Span {
        let len = self.src.len();
        Span::new(
            self.file,
            (self.base + r.start).min(len),
            (self.base + r.end).min(len),
        )
    }

    /// A block's span without the trailing blank lines pulldown-cmark includes.
    pub(crate) fn block_span(&self, r: &Range<usize>) -> Span {
        let mut s = self.span(r);
        let trimmed = self.src[s.start..s.end].trim_end().len();
        s.end = s.start + trimmed;
        s
    }

    pub(crate) fn next_event(&mut self) -> Option<(Event<'a>, Range<usize>)> {
        self.events.next()
    }

    pub(crate) fn peek_event(&mut self) -> Option<&Event<'a>> {
        self.events.peek().map(|(e, _)| e)
    }

    pub(crate) fn warn(&mut self, code: &'static str, msg: String, span: Span, help: &str) {
        self.diags
            .push(Diagnostic::warning(code, msg).at(span).help(help));
    }

    /// Skips the rest of an element whose `Start` was just consumed.
    pub(crate) fn skip_element(&mut self) {
        let mut depth = 1usize;
        while let Some((ev, _)) = self.next_event() {
            match ev {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }

    /// Reads blocks until the `End` of the enclosing element (consumed) or the end of input.
    pub(crate) fn blocks(&mut self) -> Vec<Block> {
        self.depth += 1;
        let out = self.blocks_here();
        self.depth -= 1;
        out
    }

    /// Whether nesting is too deep to follow (then containers are flattened into their parent).
    pub(crate) fn too_deep(&mut self, range: &Range<usize>) -> bool {
        if self.depth < MAX_DEPTH {
            return false;
        }
        if !self.warned_deep {
            self.warned_deep = true;
            let span = self.span(range);
            self.warn(
                "GB111",
                format!("content nested more than {MAX_DEPTH} levels deep is flattened"),
                span,
                "nest quotes, lists and emphasis less deeply",
            );
        }
        true
    }

    fn blocks_here(&mut self) -> Vec<Block> {
        let mut out = Vec::new();
        // Containers flattened into this level because nesting was too deep.
        let mut flat = 0usize;
        while let Some(ev) = self.peek_event() {
            if is_inline(ev) {
                // Tight list items hold inline content with no paragraph around it.
                let start = self.events.peek().map(|(_, r)| r.start).unwrap_or(0);
                let content = self.inlines(true);
                self.suppress = None;
                let end = content.last().map_or(start, |i| i.span.end - self.base);
                if !content.is_empty() {
                    let span = self.span(&(start..end));
                    out.push(self.paragraph(content, span));
                }
                continue;
            }
            let Some((ev, range)) = self.next_event() else {
                break;
            };
            let span = self.block_span(&range);
            let kind = match ev {
                Event::End(_) if flat > 0 => {
                    flat -= 1;
                    continue;
                }
                Event::End(_) => break,
                Event::Start(
                    Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_),
                ) if self.too_deep(&range) => {
                    flat += 1;
                    continue;
                }
                Event::Start(Tag::Paragraph) => {
                    self.item_had_paragraph = true;
                    let content = self.inlines(false);
                    self.suppress = None;
                    if !content.is_empty() {
                        out.push(self.paragraph(content, span));
                    }
                    continue;
                }
                Event::Start(Tag::Heading { level, id, .. }) => {
                    // a run of underscores in a heading stays text (check reports it, GB215)
                    self.in_heading = true;
                    let content = self.inlines(false);
                    self.in_heading = false;
                    self.suppress = None;
                    BlockKind::Heading {
                        level: level as u8,
                        id: id.map(|s| s.to_string()).unwrap_or_default(),
                        content,
                    }
                }
                Event::Start(Tag::BlockQuote(_)) => BlockKind::BlockQuote(self.blocks()),
                Event::Start(Tag::CodeBlock(kind)) => self.code_block(kind),
                Event::Start(Tag::HtmlBlock) => {
                    self.html_block(span);
                    continue;
                }
                Event::Start(Tag::List(start)) => BlockKind::List(self.list(start)),
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let blocks = self.blocks();
                    self.footnote_definition(label.to_string(), blocks, span);
                    continue;
                }
                Event::Start(Tag::Table(align)) => BlockKind::Table(self.table(&align)),
                Event::Start(_) => {
                    self.skip_element();
                    continue;
                }
                Event::Rule => BlockKind::ThematicBreak,
                // `Html` only occurs inside HTML blocks; anything else here is not a block.
                _ => continue,
            };
            out.push(Block { kind, span });
        }
        let warnings = crate::parse::sayings::attach(&mut out, self.src, self.prompts);
        self.diags.extend(warnings);
        out
    }

    /// A paragraph, or a figure when its only content is one image.
    fn paragraph(&mut self, content: Vec<Inline>, span: Span) -> Block {
        let mut images = content.iter().filter(|i| match &i.kind {
            InlineKind::Text(t) => !t.trim().is_empty(),
            InlineKind::SoftBreak | InlineKind::HardBreak => false,
            _ => true,
        });
        if let (Some(first), None) = (images.next(), images.next()) {
            if let InlineKind::Image(image) = &first.kind {
                let image = image.clone();
                let caption = if image.alt.trim().is_empty() {
                    if image.title.is_empty() || image.is_decorative() {
                        Vec::new()
                    } else {
                        vec![Inline::text(image.title.clone(), first.span)]
                    }
                } else {
                    match self.last_alt.take() {
                        Some((s, alt)) if s == first.span => alt,
                        _ => vec![Inline::text(image.alt.clone(), first.span)],
                    }
                };
                return Block {
                    kind: BlockKind::Figure { image, caption },
                    span,
                };
            }
        }
        Block {
            kind: BlockKind::Paragraph(content),
            span,
        }
    }

    fn code_block(&mut self, kind: CodeBlockKind<'_>) -> BlockKind {
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info
                .split_whitespace()
                .next()
                .map(|s| s.trim_matches(|c| c == '{' || c == '}' || c == '.'))
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            CodeBlockKind::Indented => None,
        };
        let mut text = String::new();
        while let Some((ev, _)) = self.next_event() {
            match ev {
                Event::Text(t) => text.push_str(&t),
                Event::End(_) => break,
                Event::Start(_) => self.skip_element(),
                _ => {}
            }
        }
        BlockKind::CodeBlock { lang, text }
    }

    /// Drops a raw HTML block: silently when it is only comments, else with a warning.
    fn html_block(&mut self, span: Span) {
        let mut html = String::new();
        while let Some((ev, _)) = self.next_event() {
            match ev {
                Event::Html(t) | Event::Text(t) | Event::InlineHtml(t) => html.push_str(&t),
                Event::End(_) => break,
                Event::Start(_) => self.skip_element(),
                _ => {}
            }
        }
        if strip_comments(&html).trim().is_empty() {
            return;
        }
        let first = html.trim().lines().next().unwrap_or("").trim();
        let preview: String = first.chars().take(40).collect();
        let more = if first.chars().count() > 40 {
            "…"
        } else {
            ""
        };
        self.warn(
            "GB101",
            format!("raw HTML block `{preview}{more}` dropped"),
            span,
            "write it in Markdown instead; raw HTML never reaches the book",
        );
    }

    fn footnote_definition(&mut self, label: String, blocks: Vec<Block>, span: Span) {
        if !self.footnote_labels.insert(label.clone()) {
            self.warn(
                "GB109",
                format!("footnote `[^{label}]` is defined twice; the second definition is ignored"),
                span,
                "give each footnote its own label",
            );
            return;
        }
        self.footnotes.push(FootDef {
            label,
            blocks,
            span,
        });
    }

    fn table(&mut self, align: &[Alignment]) -> Table {
        let mut table = Table {
            align: align
                .iter()
                .map(|a| match a {
                    Alignment::None => Align::None,
                    Alignment::Left => Align::Left,
                    Alignment::Center => Align::Center,
                    Alignment::Right => Align::Right,
                })
                .collect(),
            head: Vec::new(),
            rows: Vec::new(),
        };
        while let Some((ev, _)) = self.next_event() {
            match ev {
                Event::Start(Tag::TableHead) => table.head = self.table_row(),
                Event::Start(Tag::TableRow) => {
                    let row = self.table_row();
                    table.rows.push(row);
                }
                Event::Start(_) => self.skip_element(),
                Event::End(_) => break,
                _ => {}
            }
        }
        table
    }

    fn table_row(&mut self) -> Vec<Vec<Inline>> {
        let mut cells = Vec::new();
        while let Some((ev, _)) = self.next_event() {
            match ev {
                Event::Start(Tag::TableCell) => {
                    let cell = self.inlines(false);
                    self.suppress = None;
                    cells.push(cell);
                }
                Event::Start(_) => self.skip_element(),
                Event::End(_) => break,
                _ => {}
            }
        }
        cells
    }
}

/// The text of some HTML with its `<!-- … -->` comments removed.
pub(crate) fn strip_comments(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<!--") {
        out.push_str(&rest[..i]);
        match rest[i + 4..].find("-->") {
            Some(j) => rest = &rest[i + 4 + j + 3..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}
