//! Layout: the document model, block by block, into a vertical flow of slots (a line of text,
//! a table row, an image, a strip of padding) and discardable spaces, each slot carrying its
//! marks (glyph runs, fills, links) relative to the text block and the keep constraints
//! pagination must honour (widows, orphans, headings kept with what follows). Paragraph
//! setting itself is `para::set_paragraph`; lists, sayings, tables, code and figures are in
//! `blocks`.

use super::fonts::FontStore;
use super::frame::{FrameGlyph, FrameRun, FrameText, LineInfo, LineKind, ParaPos, Rgb};
use super::para::{set_paragraph, Link, ParaAlign, ParaSpec, Piece, SetLine};
use super::shape::shape;
use crate::diag::{Diagnostic, Span};
use crate::model::{Block, BlockKind, Document, Inline, InlineKind, LinkTarget};
use crate::theme::{parse_color, FontRole, Theme};

/// One item of the vertical flow.
#[derive(Debug, Clone)]
pub enum FlowItem {
    Slot(Slot),
    /// Vertical space between blocks, dropped at a page break.
    Space(f32),
}

impl FlowItem {
    pub fn height(&self) -> f32 {
        match self {
            FlowItem::Slot(s) => s.height,
            FlowItem::Space(h) => *h,
        }
    }

    /// Dropped when it falls at the top or the foot of a page.
    pub fn discardable(&self) -> bool {
        match self {
            FlowItem::Slot(s) => s.strut,
            FlowItem::Space(_) => true,
        }
    }
}

/// A box of the flow: marks positioned relative to (left of the text block, top of the slot).
#[derive(Debug, Clone, Default)]
pub struct Slot {
    pub height: f32,
    pub marks: Vec<Mark>,
    /// No page break between this slot and the next one.
    pub keep_with_next: bool,
    /// Padding that carries decoration (a tinted box): dropped at a page break like a space.
    pub strut: bool,
    /// Link targets defined here: (id, y within the slot).
    pub anchors: Vec<(String, f32)>,
    /// Outline entries starting here: (level, title, anchor id, y within the slot).
    pub outline: Vec<(u8, String, String, f32)>,
}

impl Slot {
    pub fn has_text(&self) -> bool {
        self.marks.iter().any(|m| matches!(m, Mark::Text(_)))
    }
}

#[derive(Debug, Clone)]
pub enum Mark {
    Text(FrameText),
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        asset: usize,
    },
    Link {
        x0: f32,
        y0: f32,
        x1: f32,
        y1: f32,
        target: Link,
    },
}

/// A decoration drawn over the full height of every slot of a block (a box's tint, a rule).
#[derive(Debug, Clone, Copy)]
pub struct Band {
    pub x: f32,
    pub w: f32,
    pub color: Rgb,
}

/// Where a block is set: its left edge within the text block, its width, its decorations.
#[derive(Debug, Clone)]
pub struct Region {
    pub x: f32,
    pub width: f32,
    pub bands: Vec<Band>,
}

impl Region {
    pub fn inset(&self, left: f32, right: f32) -> Region {
        Region {
            x: self.x + left,
            width: (self.width - left - right).max(1.0),
            bands: self.bands.clone(),
        }
    }

    pub fn with_band(&self, band: Band) -> Region {
        let mut r = self.clone();
        r.bands.push(band);
        r
    }
}

/// How text of a block is set.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub size: f32,
    /// Baseline-to-baseline distance, pt.
    pub leading: f32,
    pub color: Rgb,
    pub role: FontRole,
    pub italic: bool,
    pub bold: bool,
    pub align: ParaAlign,
    pub hyphenate: bool,
    pub kind: LineKind,
}

/// Theme colours, parsed once (the theme was validated when loaded; bad values fall back).
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub text: Rgb,
    pub heading: Rgb,
    pub link: Rgb,
    pub muted: Rgb,
    pub rule: Rgb,
    pub code_bg: Rgb,
}

pub fn color(s: &str) -> Rgb {
    parse_color(s).unwrap_or((0.0, 0.0, 0.0))
}

/// The layout engine's state for one book.
pub struct Layout<'a> {
    pub store: &'a FontStore,
    pub theme: &'a Theme,
    pub doc: &'a Document,
    pub measure: f32,
    pub body_height: f32,
    pub hyphenate: bool,
    pub pal: Palette,
    pub diags: Vec<Diagnostic>,
    /// Chapter being laid out (for footnote anchors).
    pub chapter: usize,
    next_para: u32,
    /// How many more text slots must be kept with what precedes them.
    pending_keep: u32,
}

impl<'a> Layout<'a> {
    pub fn new(
        store: &'a FontStore,
        theme: &'a Theme,
        doc: &'a Document,
        measure: f32,
        body_height: f32,
        hyphenate: bool,
    ) -> Self {
        let c = &theme.colors;
        Layout {
            store,
            theme,
            doc,
            measure,
            body_height,
            hyphenate,
            pal: Palette {
                text: color(&c.text),
                heading: color(&c.heading),
                link: color(&c.link),
                muted: color(&c.muted),
                rule: color(&c.rule),
                code_bg: color(&c.code_background),
            },
            diags: Vec::new(),
            chapter: 0,
            next_para: 0,
            pending_keep: 0,
        }
    }

    /// A fresh paragraph id (for widow/orphan bookkeeping).
    pub fn take_para_id(&mut self) -> u32 {
        self.next_para += 1;
        self.next_para - 1
    }

    pub fn em(&self) -> f32 {
        self.theme.body_size
    }

    /// The body text style.
    pub fn body(&self) -> Style {
        let size = self.theme.body_size;
        Style {
            size,
            leading: size * self.theme.line_height,
            color: self.pal.text,
            role: FontRole::Body,
            italic: false,
            bold: false,
            align: ParaAlign::Justify,
            hyphenate: self.hyphenate,
            kind: LineKind::Body,
        }
    }

    pub fn full(&self) -> Region {
        Region {
            x: 0.0,
            width: self.measure,
            bands: Vec::new(),
        }
    }

    /// Adds a slot to the flow, applying the bands of its region and any pending keep.
    pub fn push_slot(&mut self, out: &mut Vec<FlowItem>, mut slot: Slot, region: &Region) {
        for b in region.bands.iter().rev() {
            slot.marks.insert(
                0,
                Mark::Fill {
                    x: b.x,
                    y: 0.0,
                    w: b.w,
                    h: slot.height,
                    color: b.color,
                },
            );
        }
        if self.pending_keep > 0 {
            slot.keep_with_next = true;
            if slot.has_text() {
                self.pending_keep -= 1;
            }
        }
        out.push(FlowItem::Slot(slot));
    }

    /// Vertical space: a plain space, or a strut when the region is decorated.
    pub fn push_space(&mut self, out: &mut Vec<FlowItem>, h: f32, region: &Region) {
        if h <= 0.0 {
            return;
        }
        if region.bands.is_empty() {
            out.push(FlowItem::Space(h));
        } else {
            let slot = Slot {
                height: h,
                strut: true,
                ..Slot::default()
            };
            self.push_slot(out, slot, region);
        }
    }

    /// Keeps the next `n` text slots with what precedes them.
    pub fn keep_next(&mut self, n: u32) {
        self.pending_keep = self.pending_keep.max(n);
    }

    /// Sets one run of inlines as a paragraph and adds its lines to the flow. Returns the
    /// index in `out` of the first slot added.
    pub fn paragraph(
        &mut self,
        inlines: &[Inline],
        span: Span,
        region: &Region,
        style: Style,
        out: &mut Vec<FlowItem>,
    ) -> usize {
        let mut pieces = Vec::new();
        self.pieces(inlines, style, None, &mut pieces);
        if pieces.is_empty() {
            pieces.push(self.piece(" ", style, None, span));
        }
        self.set_pieces(&pieces, span, region, style, out)
    }

    pub fn set_pieces(
        &mut self,
        pieces: &[Piece],
        span: Span,
        region: &Region,
        style: Style,
        out: &mut Vec<FlowItem>,
    ) -> usize {
        let mut lines = self.set_lines(pieces, region.width, style);
        mark_added_hyphens(pieces, &mut lines);
        let first = out.len();
        let count = lines.len() as u32;
        let id = self.take_para_id();
        for (i, line) in lines.into_iter().enumerate() {
            let i = i as u32;
            let last = i + 1 == count;
            let info = LineInfo {
                kind: style.kind,
                para: Some(ParaPos {
                    id,
                    index: i,
                    count,
                }),
                justified: matches!(style.align, ParaAlign::Justify)
                    && !last
                    && !line.text.ends_with('\n'),
                max_space_em: line.max_space_em,
                overfull: line.overfull,
                hyphenated: line.hyphenated,
            };
            let mut slot = self.line_slot(line, region.x, style, info, span);
            slot.keep_with_next = count >= 2 && (i == 0 || i + 2 == count);
            self.push_slot(out, slot, region);
        }
        first
    }

    /// Runs the paragraph setter and collects its diagnostics.
    pub fn set_lines(&mut self, pieces: &[Piece], width: f32, style: Style) -> Vec<SetLine> {
        let spec = ParaSpec {
            width,
            first_indent: 0.0,
            align: style.align,
            hyphenate: style.hyphenate,
            line_height: style.leading,
            em: style.size,
        };
        let res = set_paragraph(self.store, pieces, &spec);
        self.diags.extend(res.diagnostics);
        res.lines
    }

    /// Baseline of a line of `style` within a slot of its leading.
    pub fn baseline(&self, style: Style) -> f32 {
        let face = self.store.face_for(style.role);
        let a = self.store.ascent(face, style.size);
        let d = self.store.descent(face, style.size);
        (style.leading - (a + d)) / 2.0 + a
    }

    /// A slot holding one set line at `x`.
    pub fn line_slot(
        &self,
        line: SetLine,
        x: f32,
        style: Style,
        info: LineInfo,
        span: Span,
    ) -> Slot {
        let base = self.baseline(style);
        let mut slot = Slot {
            height: style.leading,
            ..Slot::default()
        };
        let (asc, desc) = (style.size * 0.85, style.size * 0.3);
        for l in &line.links {
            slot.marks.push(Mark::Link {
                x0: x + l.x0,
                y0: base - asc,
                x1: x + l.x1,
                y1: base + desc,
                target: l.target.clone(),
            });
        }
        slot.marks
            .push(Mark::Text(text_of_line(line, x, base, info, span)));
        slot
    }

    /// A one-off string (marker, folio, leader) shaped in `role`, as a text mark at `x`.
    pub fn label(
        &mut self,
        text: &str,
        role: FontRole,
        size: f32,
        color: Rgb,
        kind: LineKind,
        span: Span,
    ) -> FrameText {
        let shaped = shape(self.store, text, role, size);
        if !shaped.missing.is_empty() {
            self.diags.push(missing_glyphs(&shaped.missing, span));
        }
        let mut runs: Vec<FrameRun> = Vec::new();
        let mut x = 0.0;
        let mut all = String::with_capacity(text.len());
        for g in shaped.glyphs {
            all.push_str(&g.text);
            let glyph = FrameGlyph {
                gid: g.gid,
                x: x + g.x_offset,
                y: g.y_offset,
                advance: g.advance,
                len: g.text.len() as u16,
            };
            x += g.advance;
            match runs.last_mut() {
                Some(r) if r.face == g.face => r.glyphs.push(glyph),
                _ => runs.push(FrameRun {
                    face: g.face,
                    size,
                    color,
                    glyphs: vec![glyph],
                }),
            }
        }
        FrameText {
            x: 0.0,
            baseline: 0.0,
            runs,
            text: all,
            span,
            info: LineInfo::plain(kind),
        }
    }

    pub fn piece(&self, text: &str, style: Style, link: Option<Link>, span: Span) -> Piece {
        let role = match style.role {
            FontRole::Body
            | FontRole::BodyItalic
            | FontRole::BodyBold
            | FontRole::BodyBoldItalic => FontRole::Body.styled(style.italic, style.bold),
            other => other,
        };
        Piece {
            text: text.to_string(),
            role,
            size: style.size,
            color: if link.is_some() {
                self.pal.link
            } else {
                style.color
            },
            link,
            span,
            keep_together: false,
        }
    }

    /// Inlines to pieces of text for the paragraph setter.
    pub fn pieces(
        &self,
        inlines: &[Inline],
        style: Style,
        link: Option<&Link>,
        out: &mut Vec<Piece>,
    ) {
        for inl in inlines {
            match &inl.kind {
                InlineKind::Text(t) => {
                    let mut p = self.piece(t, style, link.cloned(), inl.span);
                    // a URL is never hyphenated (it may still break after a slash)
                    p.keep_together = looks_like_url(t);
                    out.push(p);
                }
                InlineKind::Emph(c) => {
                    let s = Style {
                        italic: !style.italic,
                        ..style
                    };
                    self.pieces(c, s, link, out);
                }
                InlineKind::Strong(c) => {
                    let s = Style {
                        bold: true,
                        ..style
                    };
                    self.pieces(c, s, link, out);
                }
                InlineKind::Strike(c) => self.pieces(c, style, link, out),
                InlineKind::Code(t) => {
                    let s = Style {
                        role: FontRole::Mono,
                        size: style.size * self.theme.code_scale,
                        ..style
                    };
                    let mut p = self.piece(t, s, link.cloned(), inl.span);
                    p.keep_together = t.chars().count() <= 24;
                    out.push(p);
                }
                InlineKind::Link {
                    target, content, ..
                } => {
                    let l = match target {
                        LinkTarget::External(u) => Some(Link::Uri(u.clone())),
                        LinkTarget::Internal {
                            id,
                            chapter: Some(_),
                        } => Some(Link::Internal(id.clone())),
                        LinkTarget::Internal { chapter: None, .. } => None,
                    };
                    self.pieces(content, style, l.as_ref().or(link), out);
                }
                InlineKind::Image(img) => {
                    let s = Style {
                        italic: true,
                        ..style
                    };
                    let alt = if img.alt.is_empty() {
                        &img.src
                    } else {
                        &img.alt
                    };
                    out.push(self.piece(&format!("[{alt}]"), s, link.cloned(), inl.span));
                }
                InlineKind::FootnoteRef { number, .. } => {
                    let target = Link::Internal(footnote_anchor(self.chapter, *number));
                    let mut p = self.piece(&superscript(*number), style, Some(target), inl.span);
                    p.keep_together = true;
                    out.push(p);
                }
                InlineKind::SoftBreak => out.push(self.piece(" ", style, link.cloned(), inl.span)),
                InlineKind::HardBreak => out.push(self.piece("\n", style, link.cloned(), inl.span)),
            }
        }
    }

    /// Lays out a run of blocks with the spacing between them.
    pub fn blocks(
        &mut self,
        blocks: &[Block],
        region: &Region,
        style: Style,
        out: &mut Vec<FlowItem>,
    ) {
        let gap = self.theme.paragraph_spacing * style.size;
        let mut i = 0;
        while i < blocks.len() {
            let b = &blocks[i];
            if i > 0 {
                let h = match &b.kind {
                    BlockKind::Heading { level, .. } if *level <= 2 => 1.6 * self.em(),
                    BlockKind::Heading { .. } => 1.1 * self.em(),
                    _ => gap,
                };
                self.push_space(out, h, region);
            }
            // An avoid group directly followed by a try group stays on one page when it fits.
            if let (BlockKind::Sayings(a), Some(next)) = (&b.kind, blocks.get(i + 1)) {
                if let BlockKind::Sayings(t) = &next.kind {
                    if a.kind == crate::model::SayingKind::Avoid
                        && t.kind == crate::model::SayingKind::Try
                    {
                        let start = out.len();
                        self.sayings(a, b.span, region, style, out);
                        self.push_space(out, gap, region);
                        self.sayings(t, next.span, region, style, out);
                        keep_together_if_fits(&mut out[start..], self.body_height);
                        i += 2;
                        continue;
                    }
                }
            }
            self.block(b, region, style, out);
            i += 1;
        }
    }

    /// One block.
    pub fn block(&mut self, b: &Block, region: &Region, style: Style, out: &mut Vec<FlowItem>) {
        match &b.kind {
            BlockKind::Heading {
                level, id, content, ..
            } => self.heading(*level, id, content, b.span, region, out),
            BlockKind::Paragraph(inl) => {
                self.paragraph(inl, b.span, region, style, out);
            }
            BlockKind::Figure { image, caption } => {
                self.figure(image, caption, b.span, region, style, out)
            }
            BlockKind::List(list) => self.list(list, 0, region, style, out),
            BlockKind::Sayings(s) => {
                let start = out.len();
                self.sayings(s, b.span, region, style, out);
                keep_together_if_fits(&mut out[start..], self.body_height);
            }
            BlockKind::BlockQuote(inner) => self.quote(inner, region, style, out),
            BlockKind::CodeBlock { text, .. } => self.code(text, b.span, region, out),
            BlockKind::Table(t) => self.table(t, b.span, region, style, out),
            BlockKind::ThematicBreak => {
                let w = 4.0 * self.em();
                let h = 1.6 * self.em();
                let slot = Slot {
                    height: h,
                    marks: vec![Mark::Fill {
                        x: region.x + (region.width - w) / 2.0,
                        y: h / 2.0,
                        w,
                        h: 0.6,
                        color: self.pal.rule,
                    }],
                    ..Slot::default()
                };
                self.push_slot(out, slot, region);
            }
        }
    }

    /// A heading below the chapter title: ragged, never hyphenated, kept with what follows.
    pub fn heading(
        &mut self,
        level: u8,
        id: &str,
        content: &[Inline],
        span: Span,
        region: &Region,
        out: &mut Vec<FlowItem>,
    ) {
        let lvl = level.clamp(1, 6);
        let size = self.theme.heading_sizes[(lvl - 1) as usize];
        let style = Style {
            size,
            leading: size * 1.25,
            color: self.pal.heading,
            role: FontRole::Heading,
            italic: false,
            bold: false,
            align: ParaAlign::Left,
            hyphenate: false,
            kind: LineKind::Heading(lvl.max(2)),
        };
        let first = self.paragraph(content, span, region, style, out);
        let title = crate::model::plain_text(content);
        for (k, item) in out[first..].iter_mut().enumerate() {
            if let FlowItem::Slot(s) = item {
                s.keep_with_next = true;
                if k == 0 {
                    s.anchors.push((id.to_string(), 0.0));
                    if lvl <= 2 {
                        s.outline.push((2, title.clone(), id.to_string(), 0.0));
                    }
                }
            }
        }
        // a little space below, kept: the heading belongs to what follows
        let below = Slot {
            height: 0.35 * self.em(),
            keep_with_next: true,
            strut: true,
            ..Slot::default()
        };
        self.push_slot(out, below, region);
        self.keep_next(1);
    }

    /// The chapter: an opening (sunk title and a short rule), its blocks, its footnotes.
    pub fn chapter(&mut self, index: usize) -> Vec<FlowItem> {
        let doc = self.doc;
        let ch = &doc.chapters[index];
        self.chapter = index;
        let mut out = Vec::new();
        let region = self.full();
        let sink = Slot {
            height: (self.body_height * 0.14).round(),
            keep_with_next: true,
            ..Slot::default()
        };
        out.push(FlowItem::Slot(sink));
        let size = self.theme.heading_sizes[0];
        let style = Style {
            size,
            leading: size * 1.2,
            color: self.pal.heading,
            role: FontRole::Heading,
            italic: false,
            bold: false,
            align: ParaAlign::Left,
            hyphenate: false,
            kind: LineKind::ChapterTitle,
        };
        let title_region = Region {
            x: 0.0,
            width: self.measure,
            bands: Vec::new(),
        };
        let first = self.paragraph(&ch.title, ch.span, &title_region, style, &mut out);
        for (k, item) in out[first..].iter_mut().enumerate() {
            if let FlowItem::Slot(s) = item {
                s.keep_with_next = true;
                if k == 0 {
                    s.anchors.push((ch.heading_id.clone(), 0.0));
                    s.anchors.push((ch.id.clone(), 0.0));
                    s.outline
                        .push((1, ch.title_text.clone(), ch.heading_id.clone(), 0.0));
                }
            }
        }
        let em = self.em();
        let rule = Slot {
            height: 2.4 * em,
            marks: vec![Mark::Fill {
                x: 0.0,
                y: 0.8 * em,
                w: 2.5 * em,
                h: 1.6,
                color: self.pal.heading,
            }],
            keep_with_next: true,
            ..Slot::default()
        };
        out.push(FlowItem::Slot(rule));
        self.keep_next(1);
        let body = self.body();
        self.blocks(&ch.blocks, &region, body, &mut out);
        self.footnotes(index, &mut out);
        self.pending_keep = 0;
        out
    }
}

/// Keeps a run of flow items on one page when it fits: no break inside it.
pub fn keep_together_if_fits(items: &mut [FlowItem], page: f32) {
    let total: f32 = items.iter().map(FlowItem::height).sum();
    if total > page {
        return;
    }
    let n = items.len();
    for (k, item) in items.iter_mut().enumerate() {
        if let FlowItem::Slot(s) = item {
            if k + 1 < n {
                s.keep_with_next = true;
            }
        }
    }
}

/// Marks the hyphens the setter added at line ends (not the words' own) as soft hyphens
/// (U+00AD), so extracted text joins the word again: the lines are matched against the
/// source text, whitespace aside, and a line-final `-` that is not in the source was added.
pub fn mark_added_hyphens(pieces: &[Piece], lines: &mut [SetLine]) {
    let keep = |c: &char| !c.is_whitespace() && *c != '\u{AD}';
    let src: Vec<char> = pieces
        .iter()
        .flat_map(|p| p.text.chars())
        .filter(keep)
        .collect();
    let mut cur = 0;
    for line in lines.iter_mut() {
        let t: Vec<char> = line.text.chars().filter(keep).collect();
        let n = t.len();
        let at = |k: usize| src.get(cur..cur + k).is_some_and(|s| s == &t[..k]);
        let added = line.hyphenated && t.last() == Some(&'-') && !at(n) && at(n - 1);
        if added {
            if let Some(g) = line.runs.last_mut().and_then(|r| r.glyphs.last_mut()) {
                if g.text == "-" {
                    g.text = "\u{AD}".into();
                    if let Some(i) = line.text.rfind('-') {
                        line.text.replace_range(i..i + 1, "\u{AD}");
                    }
                }
            }
            cur += n - 1;
        } else {
            cur += n;
        }
    }
}

/// A set line as a text mark at (x, baseline).
pub fn text_of_line(line: SetLine, x: f32, baseline: f32, info: LineInfo, span: Span) -> FrameText {
    FrameText {
        x,
        baseline,
        runs: line
            .runs
            .into_iter()
            .map(|r| FrameRun {
                face: r.face,
                size: r.size,
                color: r.color,
                glyphs: r
                    .glyphs
                    .into_iter()
                    .map(|g| FrameGlyph {
                        gid: g.gid,
                        x: g.x,
                        y: g.y,
                        advance: g.advance,
                        len: g.text.len() as u16,
                    })
                    .collect(),
            })
            .collect(),
        text: line.text,
        span: if line.span == Span::default() {
            span
        } else {
            line.span
        },
        info,
    }
}

/// The warning for characters no font covers.
pub fn missing_glyphs(chars: &[char], span: Span) -> Diagnostic {
    let list: Vec<String> = chars
        .iter()
        .map(|c| format!("`{c}` (U+{:04X})", *c as u32))
        .collect();
    Diagnostic::warning(
        "GB301",
        format!("no font has a glyph for {}", list.join(", ")),
    )
    .at(span)
    .help("use another character, or name a font that has it in [theme.fonts]")
}

/// Text that is (or holds) a web or mail address.
pub fn looks_like_url(t: &str) -> bool {
    t.contains("://") || t.starts_with("mailto:") || t.starts_with("www.")
}

/// Id of the anchor of footnote `n` in chapter `ch`.
pub fn footnote_anchor(ch: usize, n: u32) -> String {
    format!("fn-{ch}-{n}")
}

/// A number in Unicode superscript digits (the body font draws them as superiors).
pub fn superscript(n: u32) -> String {
    const SUP: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string()
        .chars()
        .map(|c| SUP[c.to_digit(10).unwrap_or(0) as usize])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn superscripts_spell_numbers() {
        assert_eq!(superscript(12), "¹²");
        assert_eq!(superscript(0), "⁰");
    }

    #[test]
    fn keep_together_respects_page_height() {
        let slot = |h| {
            FlowItem::Slot(Slot {
                height: h,
                ..Slot::default()
            })
        };
        let mut items = vec![slot(10.0), FlowItem::Space(5.0), slot(10.0)];
        keep_together_if_fits(&mut items, 30.0);
        assert!(matches!(&items[0], FlowItem::Slot(s) if s.keep_with_next));
        assert!(matches!(&items[2], FlowItem::Slot(s) if !s.keep_with_next));
        let mut items = vec![slot(20.0), slot(20.0)];
        keep_together_if_fits(&mut items, 30.0);
        assert!(matches!(&items[0], FlowItem::Slot(s) if !s.keep_with_next));
    }
}
