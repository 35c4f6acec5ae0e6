//! Front matter: the title page (title, subtitle, authors), the imprint (title, rights, date,
//! publisher, the author's line) on its back or, printed one-sided, at its foot, and the table
//! of contents — chapters and their second-level headings with
//! dot leaders aligned on one grid, page numbers flush right, every entry a link to its heading.

use crate::diag::Span;
use crate::theme::FontRole;
use crate::typeset::flow::cx::{stack_into, FlowItem, Layout, Mark, Slot, Style};
use crate::typeset::frame::{FrameGlyph, FrameRun, LineInfo, LineKind, PageKind};
use crate::typeset::page::compose::Geometry;
use crate::typeset::page::paginate::PageBox;
use crate::typeset::text::shape;
use crate::typeset::text::{Link, ParaAlign};

/// One line of the contents.
#[derive(Debug, Clone, PartialEq)]
pub struct TocEntry {
    pub level: u8,
    pub title: String,
    pub id: String,
    /// The page label the heading is on.
    pub label: String,
}

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

/// Slots one under the other from `y0`, spaces kept (front-matter pages are not paginated).
fn stack(items: Vec<FlowItem>, y0: f32) -> Vec<(f32, Slot)> {
    let mut out = Vec::new();
    stack_into(items, y0, &mut out);
    out
}

fn height(items: &[FlowItem]) -> f32 {
    items.iter().map(FlowItem::height).sum()
}

/// `YYYY-MM-DD` as "November 28, 2026"; anything else as written.
pub fn long_date(date: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let parts: Vec<&str> = date.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => match (m.parse::<usize>(), d.parse::<u32>()) {
            (Ok(m @ 1..=12), Ok(d)) => format!("{} {d}, {y}", MONTHS[m - 1]),
            _ => date.to_string(),
        },
        _ => date.to_string(),
    }
}

impl Layout<'_> {
    fn centred_text(&mut self, text: &str, style: Style, out: &mut Vec<FlowItem>) {
        if text.is_empty() {
            return;
        }
        let piece = self.piece(text, style, None, Span::default());
        let region = self.full();
        self.set_pieces(&[piece], Span::default(), &region, style, out);
    }

    /// The title page; with `imprint`, those lines centred at the foot of its text block (below
    /// the rest, should a long title reach that far).
    pub fn title_page(&mut self, geo: &Geometry, imprint: Option<&[String]>) -> PageBox {
        let em = self.em();
        let meta = &self.doc.meta;
        let (title, subtitle, authors) = (
            meta.title.clone(),
            meta.subtitle.clone(),
            meta.authors.join(", "),
        );
        let big = self.theme.heading_sizes[0] * 1.3;
        let head = Style {
            align: ParaAlign::Center,
            ..self.heading_style(big, 1.15, LineKind::Title)
        };
        let mut out = Vec::new();
        self.centred_text(&title, head, &mut out);
        if let Some(sub) = subtitle {
            out.push(FlowItem::Space(1.0 * em));
            let s = Style {
                size: em * 1.3,
                leading: em * 1.3 * 1.3,
                italic: true,
                color: self.pal.muted,
                ..head
            };
            self.centred_text(
                &sub,
                Style {
                    role: FontRole::Body,
                    ..s
                },
                &mut out,
            );
        }
        let w = 3.0 * em;
        out.push(FlowItem::Slot(Slot {
            height: 3.0 * em,
            marks: vec![Mark::Fill {
                x: (geo.measure - w) / 2.0,
                y: 1.5 * em,
                w,
                h: 1.2,
                color: self.pal.heading,
            }],
            ..Slot::default()
        }));
        let s = Style {
            size: em * 1.2,
            leading: em * 1.6,
            color: self.pal.text,
            role: FontRole::Sans,
            ..head
        };
        self.centred_text(&authors, s, &mut out);
        // centred on the page, not on the (mirrored) text block of a recto
        let dx = geo.width / 2.0 - geo.inside - geo.measure / 2.0;
        let mut slots = stack(out, geo.body_height * 0.2);
        if let Some(lines) = imprint.filter(|l| !l.is_empty()) {
            let below = slots.last().map_or(0.0, |(y, s)| y + s.height) + 2.0 * em;
            let foot = self.imprint_flow(lines, ParaAlign::Center);
            let y0 = (geo.body_height - height(&foot)).max(below);
            stack_into(foot, y0, &mut slots);
        }
        for (_, slot) in &mut slots {
            for m in &mut slot.marks {
                match m {
                    Mark::Text(t) => t.x += dx,
                    Mark::Fill { x, .. } | Mark::Image { x, .. } => *x += dx,
                    Mark::Link { x0, x1, .. } => {
                        *x0 += dx;
                        *x1 += dx;
                    }
                }
            }
        }
        PageBox {
            kind: PageKind::Title,
            chapter: None,
            slots,
        }
    }

    /// The imprint's lines: the title, the rights, "Published …" when the book is dated, the
    /// publisher, and `line`, the author's `[pdf] imprint` line, if any.
    pub fn imprint_lines(&self, line: Option<&str>) -> Vec<String> {
        let meta = &self.doc.meta;
        let mut lines = vec![meta.title.clone()];
        if let Some(r) = &meta.rights {
            lines.push(r.clone());
        }
        if let Some(date) = &meta.date {
            lines.push(format!("Published {}", long_date(date)));
        }
        if let Some(p) = &meta.publisher {
            lines.push(p.clone());
        }
        lines.extend(line.map(str::to_string));
        lines
    }

    /// The imprint's lines set small and muted, the title in italics.
    fn imprint_flow(&mut self, lines: &[String], align: ParaAlign) -> Vec<FlowItem> {
        let em = self.em();
        let style = Style {
            size: em * 0.82,
            leading: em * 0.82 * 1.45,
            color: self.pal.muted,
            align,
            hyphenate: false,
            kind: LineKind::Title,
            ..self.body()
        };
        let mut out = Vec::new();
        let region = self.full();
        for (k, l) in lines.iter().enumerate() {
            let s = Style {
                italic: k == 0,
                ..style
            };
            let piece = self.piece(l, s, None, Span::default());
            self.set_pieces(&[piece], Span::default(), &region, s, &mut out);
        }
        out
    }

    /// The imprint on the back of the title page, set at the foot of the text block; `line`
    /// is the author's `[pdf] imprint` line, if any.
    pub fn imprint_page(&mut self, geo: &Geometry, line: Option<&str>) -> PageBox {
        let lines = self.imprint_lines(line);
        let out = self.imprint_flow(&lines, ParaAlign::Left);
        let y0 = (geo.body_height - height(&out)).max(0.0);
        PageBox {
            kind: PageKind::Imprint,
            chapter: None,
            slots: stack(out, y0),
        }
    }

    /// The contents as a flow (paginated like a chapter).
    pub fn contents(&mut self, entries: &[TocEntry]) -> Vec<FlowItem> {
        let em = self.em();
        let mut out = Vec::new();
        out.push(FlowItem::Slot(Slot {
            height: (self.body_height * 0.14).round(),
            keep_with_next: true,
            ..Slot::default()
        }));
        let size = self.theme.heading_sizes[0];
        let head = self.heading_style(size, 1.2, LineKind::Contents);
        let region = self.full();
        let piece = self.piece("Contents", head, None, Span::default());
        let first = out.len();
        self.set_pieces(&[piece], Span::default(), &region, head, &mut out);
        if let Some(FlowItem::Slot(s)) = out.get_mut(first) {
            s.keep_with_next = true;
            s.anchors.push(("contents".into(), 0.0));
        }
        out.push(FlowItem::Space(2.0 * em));
        let dot = shape(self.store, ".", FontRole::Body, em);
        let pitch = 0.6 * em;
        let num_col = 2.2 * em;
        for (k, e) in entries.iter().enumerate() {
            let (indent, style) = if e.level <= 1 {
                (
                    0.0,
                    Style {
                        kind: LineKind::Contents,
                        align: ParaAlign::Left,
                        hyphenate: false,
                        ..self.body()
                    },
                )
            } else {
                let s = Style {
                    color: self.pal.muted,
                    kind: LineKind::Contents,
                    align: ParaAlign::Left,
                    hyphenate: false,
                    ..self.body()
                };
                (1.5 * em, s)
            };
            if e.level <= 1 && k > 0 {
                out.push(FlowItem::Space(0.5 * em));
            }
            let piece = self.piece(&e.title, style, None, Span::default());
            let lines = self.set_lines(&[piece], self.measure - indent - num_col - 1.0 * em, style);
            let n = lines.len();
            let keep = e.level <= 1 && entries.get(k + 1).is_some_and(|x| x.level > 1);
            for (i, line) in lines.into_iter().enumerate() {
                let line_width = line.width;
                let mut slot = self.line_slot(
                    line,
                    indent,
                    style,
                    LineInfo::plain(LineKind::Contents),
                    Span::default(),
                );
                let base = self.baseline(style);
                slot.marks.push(Mark::Link {
                    x0: indent,
                    y0: 0.0,
                    x1: self.measure,
                    y1: style.leading,
                    target: Link::Internal(e.id.clone()),
                });
                if i + 1 == n {
                    let mut num = self.label(
                        &e.label,
                        FontRole::Body,
                        style.size,
                        style.color,
                        LineKind::Contents,
                        Span::default(),
                    );
                    num.x = self.measure - num.width();
                    num.baseline = base;
                    // leaders on a grid from the right edge, so they line up down the page
                    let from = indent + line_width + 0.6 * em;
                    let to = self.measure - num_col;
                    let mut glyphs = Vec::new();
                    let mut x = to - pitch;
                    while x >= from {
                        for g in &dot.glyphs {
                            glyphs.push(FrameGlyph {
                                gid: g.gid,
                                x: x - from,
                                y: 0.0,
                                advance: g.advance,
                                len: g.text.len() as u16,
                            });
                        }
                        x -= pitch;
                    }
                    glyphs.reverse();
                    if let (false, Some(g)) = (glyphs.is_empty(), dot.glyphs.first()) {
                        let mut leader = self.label(
                            "",
                            FontRole::Body,
                            style.size,
                            self.pal.muted,
                            LineKind::Contents,
                            Span::default(),
                        );
                        let dots: String = dot.glyphs.iter().map(|g| g.text.as_str()).collect();
                        leader.text = dots.repeat(glyphs.len() / dot.glyphs.len().max(1));
                        leader.runs = vec![FrameRun {
                            face: g.face,
                            size: em,
                            color: self.pal.muted,
                            glyphs,
                        }];
                        leader.x = from;
                        leader.baseline = base;
                        slot.marks.push(Mark::Text(leader));
                    }
                    slot.marks.push(Mark::Text(num));
                }
                slot.keep_with_next = i + 1 < n || keep;
                out.push(FlowItem::Slot(slot));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::long_date;

    #[test]
    fn dates_read_as_words() {
        assert_eq!(long_date("2026-11-28"), "November 28, 2026");
        assert_eq!(long_date("someday"), "someday");
    }
}
