//! Layout of the guide's structured blocks: lists with hanging markers (one theme glyph and
//! colour per list kind, the same everywhere), sayings set apart in tinted, ruled boxes (avoid
//! and try told apart by colour and glyph), block quotes. Code, tables and figures are in
//! `display`, footnotes in `notes`.

use crate::diag::Span;
use crate::model::{Block, List, ListItem, ListKind, SayingKind, Sayings};
use crate::theme::FontRole;
use crate::typeset::flow::cx::{Band, FlowItem, Layout, Mark, Region, Slot, Style};
use crate::typeset::frame::{FrameText, LineKind};
use crate::typeset::text::ParaAlign;

impl Layout<'_> {
    /// Hangs `marker` left of the first text line added to `out` since `start`, its right
    /// edge at `right`. Adds an empty line to carry it when the item has no text.
    pub fn hang(
        &mut self,
        out: &mut Vec<FlowItem>,
        start: usize,
        mut marker: FrameText,
        right: f32,
        region: &Region,
        style: Style,
    ) {
        marker.x = right - marker.width();
        let found = out[start..].iter_mut().find_map(|item| match item {
            FlowItem::Slot(s) if s.has_text() => Some(s),
            _ => None,
        });
        match found {
            Some(slot) => {
                let base = slot
                    .marks
                    .iter()
                    .find_map(|m| match m {
                        Mark::Text(t) => Some(t.baseline),
                        _ => None,
                    })
                    .unwrap_or(0.0);
                marker.baseline = base;
                slot.marks.push(Mark::Text(marker));
            }
            None => {
                marker.baseline = self.baseline(style);
                let slot = Slot {
                    height: style.leading,
                    marks: vec![Mark::Text(marker)],
                    ..Slot::default()
                };
                self.push_slot(out, slot, region);
            }
        }
    }

    /// The marker of item `k` of a list: glyph, font, colour from the theme.
    fn marker(&mut self, list: &List, item: &ListItem, k: usize, style: Style) -> FrameText {
        let m = &self.theme.markers;
        let (text, role, color, size) = match list.kind {
            ListKind::Bullet => (
                m.bullet.glyph.clone(),
                FontRole::Sans,
                &m.bullet.color,
                style.size,
            ),
            ListKind::Ordered { start } => (
                format!("{}.", start + k as u64),
                FontRole::Body,
                &self.theme.colors.heading,
                style.size,
            ),
            ListKind::Check => (
                m.check.glyph.clone(),
                FontRole::Sans,
                &m.check.color,
                style.size * 0.95,
            ),
            ListKind::Avoid => (
                m.avoid.glyph.clone(),
                FontRole::Sans,
                &m.avoid.color,
                style.size * 0.95,
            ),
            ListKind::Task => match item.checked {
                Some(true) => ("☑".to_string(), FontRole::Sans, &m.check.color, style.size),
                _ => (
                    m.task_open.glyph.clone(),
                    FontRole::Sans,
                    &m.task_open.color,
                    style.size,
                ),
            },
        };
        let color = crate::typeset::flow::cx::color(color);
        self.label(&text, role, size, color, LineKind::Marker, item.span)
    }

    /// A list: its lead-in kept with it, items with hanging markers, nested lists further in.
    pub fn list(
        &mut self,
        list: &List,
        depth: u32,
        region: &Region,
        style: Style,
        out: &mut Vec<FlowItem>,
    ) {
        let em = style.size;
        if let Some(lead) = &list.lead {
            let lead_style = Style {
                kind: LineKind::Lead,
                ..style
            };
            let first = self.paragraph(&lead.content, lead.span, region, lead_style, out);
            keep_all(&mut out[first..]);
            self.keep_next(1);
            self.push_space(out, 0.3 * em, region);
        }
        let indent = self.theme.list_indent * em;
        let inner = region.inset(indent, 0.0);
        let gap = if list.tight {
            0.2 * em
        } else {
            self.theme.paragraph_spacing * em
        };
        for (k, item) in list.items.iter().enumerate() {
            if k > 0 {
                self.push_space(out, gap, region);
            }
            let start = out.len();
            self.item_blocks(&item.blocks, depth, &inner, style, out);
            let marker = self.marker(list, item, k, style);
            self.hang(out, start, marker, inner.x - 0.45 * em, &inner, style);
        }
    }

    /// The blocks of a list item: nested lists go one level deeper.
    fn item_blocks(
        &mut self,
        blocks: &[Block],
        depth: u32,
        region: &Region,
        style: Style,
        out: &mut Vec<FlowItem>,
    ) {
        for (i, b) in blocks.iter().enumerate() {
            if i > 0 {
                self.push_space(out, 0.3 * style.size, region);
            }
            match &b.kind {
                crate::model::BlockKind::List(l) => self.list(l, depth + 1, region, style, out),
                _ => self.block(b, region, style, out),
            }
        }
    }

    /// A group of sayings: a tinted box with a coloured rule at its left edge, the lead-in
    /// after the group's glyph, each saying in italic on its own.
    pub fn sayings(
        &mut self,
        s: &Sayings,
        span: Span,
        region: &Region,
        style: Style,
        out: &mut Vec<FlowItem>,
    ) {
        let st = match s.kind {
            SayingKind::Avoid => self.theme.sayings.avoid.clone(),
            SayingKind::Try => self.theme.sayings.try_.clone(),
        };
        let em = style.size;
        let rule_w = 2.6;
        let boxed = region
            .with_band(Band {
                x: region.x,
                w: region.width,
                color: crate::typeset::flow::cx::color(&st.background),
            })
            .with_band(Band {
                x: region.x,
                w: rule_w,
                color: crate::typeset::flow::cx::color(&st.rule_color),
            });
        let inner = boxed.inset(rule_w + 1.4 * em, 0.9 * em);
        let pad = 0.55 * em;
        self.push_space(out, pad, &boxed);
        let accent = crate::typeset::flow::cx::color(&st.rule_color);
        if let Some(lead) = &s.lead {
            let lead_style = Style {
                role: FontRole::Heading,
                color: accent,
                align: ParaAlign::Left,
                hyphenate: false,
                size: em * 0.95,
                kind: LineKind::Lead,
                ..style
            };
            let first = self.paragraph(&lead.content, lead.span, &inner, lead_style, out);
            keep_all(&mut out[first..]);
            let glyph = self.label(
                &st.glyph,
                FontRole::Sans,
                em * 0.9,
                accent,
                LineKind::Marker,
                lead.span,
            );
            self.hang(out, first, glyph, inner.x - 0.3 * em, &inner, lead_style);
            self.keep_next(1);
            self.push_space(out, 0.3 * em, &boxed);
        }
        let say_style = Style {
            italic: st.italic,
            color: crate::typeset::flow::cx::color(&st.color),
            align: ParaAlign::Left,
            hyphenate: false,
            ..style
        };
        for (k, saying) in s.items.iter().enumerate() {
            if k > 0 {
                self.push_space(out, 0.35 * em, &boxed);
            }
            self.paragraph(&saying.content, saying.span, &inner, say_style, out);
        }
        if s.items.is_empty() && s.lead.is_none() {
            let _ = span;
        }
        self.push_space(out, pad, &boxed);
    }

    /// A block quote: indented, with a thin rule at its left.
    pub fn quote(
        &mut self,
        inner: &[Block],
        region: &Region,
        style: Style,
        out: &mut Vec<FlowItem>,
    ) {
        let em = style.size;
        let ruled = region.with_band(Band {
            x: region.x + 0.3 * em,
            w: 1.4,
            color: self.pal.rule,
        });
        let r = ruled.inset(1.5 * em, 0.8 * em);
        let s = Style {
            color: self.pal.muted,
            ..style
        };
        self.blocks(inner, &r, s, out);
    }
}

/// Marks every slot of a run as kept with the next.
pub fn keep_all(items: &mut [FlowItem]) {
    for item in items {
        if let FlowItem::Slot(s) = item {
            s.keep_with_next = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::Span;
    use crate::fonts::FontFiles;
    use crate::model::{Inline, InlineKind, Saying, SayingKind, Sayings};
    use crate::theme::{FontRole, Theme};
    use crate::typeset::flow::cx::{FlowItem, Layout, Mark};
    use crate::typeset::text::shape;
    use crate::typeset::text::FontStore;

    #[test]
    fn a_saying_fills_the_box_less_its_padding() {
        let store = FontStore::new(&FontFiles::default_set()).unwrap();
        let theme = Theme::default();
        let doc = crate::testing::sample::sample_document();
        let mut lay = Layout::new(&store, &theme, &doc, 340.0, 600.0, true);
        let text = "“I can see how this hurt you, and you’re right to feel this way. I’m truly \
sorry, and I want to understand what these weeks have been like for you.”";
        let s = Sayings {
            kind: SayingKind::Try,
            lead: None,
            items: vec![Saying {
                content: vec![Inline {
                    kind: InlineKind::Text(text.into()),
                    span: Span::default(),
                }],
                span: Span::default(),
                marker: None,
            }],
        };
        let (region, style) = (lay.full(), lay.body());
        let mut out = Vec::new();
        lay.sayings(&s, Span::default(), &region, style, &mut out);
        let lines: Vec<_> = out
            .iter()
            .filter_map(|i| match i {
                FlowItem::Slot(s) => s.marks.iter().find_map(|m| match m {
                    Mark::Text(t) => Some(t.clone()),
                    _ => None,
                }),
                FlowItem::Space(_) => None,
            })
            .collect();
        assert!(lines.len() >= 2, "{lines:?}");
        let em = style.size;
        // the box's right padding is the only room left at a line's end, but for a word
        // that did not fit
        let right = region.width - 0.9 * em;
        let role = if theme.sayings.try_.italic {
            FontRole::BodyItalic
        } else {
            FontRole::Body
        };
        let w = |t: &str| shape(&store, t, role, em).width;
        for pair in lines.windows(2) {
            let next = pair[1].text.split(' ').next().unwrap_or("");
            let end = pair[0].x + pair[0].width();
            assert!(
                end + w(" ") + w(next) > right - 0.5,
                "{:?} ends at {end}, room up to {right} for {next:?}",
                pair[0].text
            );
        }
    }
}
