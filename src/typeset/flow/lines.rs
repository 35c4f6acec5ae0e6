//! Text lines: inlines become pieces for the paragraph setter (styles, links, footnote
//! references as superscripts, URLs kept whole), set paragraphs become slots with their
//! widow/orphan keeps, one-off strings (markers, folios, numbers) are shaped as labels, and
//! the hyphens the setter added are marked as soft hyphens so extracted text joins the word.

use crate::diag::{Diagnostic, Span};
use crate::model::{Inline, InlineKind, LinkTarget};
use crate::theme::FontRole;
use crate::typeset::flow::cx::{FlowItem, Layout, Mark, Region, Slot, Style};
use crate::typeset::flow::deco::inline_marks;
use crate::typeset::frame::{FrameGlyph, FrameRun, FrameText, LineInfo, LineKind, ParaPos, Rgb};
use crate::typeset::text::shape;
use crate::typeset::text::{set_paragraph, Extra, Link, ParaAlign, ParaSpec, Piece, SetLine};

impl Layout<'_> {
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
            let mut marks = Vec::new();
            inline_marks(
                self.store,
                pieces,
                &line,
                region.x,
                self.baseline(style),
                &mut marks,
            );
            let mut slot = self.line_slot(line, region.x, style, info, span);
            slot.marks.splice(0..0, marks);
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
            balance: !style.hyphenate
                && matches!(
                    style.kind,
                    LineKind::Heading(_)
                        | LineKind::ChapterTitle
                        | LineKind::Title
                        | LineKind::Contents
                        | LineKind::Caption
                        | LineKind::Table
                ),
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
            extra: Extra::Plain,
        }
    }

    /// Inlines to pieces of text for the paragraph setter.
    pub fn pieces(
        &mut self,
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
                InlineKind::Strike(c) => self.struck_pieces(c, style, link, out),
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
                    let p = self.image_piece(img, style, link.cloned(), inl.span);
                    out.push(p);
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

/// The warning for characters no font covers (shaping draws the replacement box for them).
pub fn missing_glyphs(chars: &[char], span: Span) -> Diagnostic {
    let list: Vec<String> = chars
        .iter()
        .map(|c| format!("`{c}` (U+{:04X})", *c as u32))
        .collect();
    Diagnostic::warning(
        "GB301",
        format!(
            "no font has a glyph for {}; the PDF prints a box (▯) in its place",
            list.join(", ")
        ),
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
    fn urls_are_recognised() {
        assert!(looks_like_url("https://example.org/a"));
        assert!(looks_like_url("mailto:a@b.org"));
        assert!(!looks_like_url("a plain sentence"));
    }
}
