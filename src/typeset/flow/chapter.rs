//! Chapters and headings: a chapter opens with its title and a short rule (the untitled
//! opening with neither), then its blocks with the spacing between them (an avoid group directly
//! followed by a try group is kept on one page when it fits), its footnotes apart. Headings
//! are ragged, never hyphenated, kept with at least two lines of what follows, and carry the
//! anchors and outline entries navigation needs.

use crate::diag::Span;
use crate::model::{Block, BlockKind, Inline};
use crate::typeset::flow::cx::{
    keep_together_if_fits, FlowItem, Layout, Mark, Region, Slot, Style,
};
use crate::typeset::flow::notes::ChapterFlow;
use crate::typeset::frame::LineKind;

impl Layout<'_> {
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
        let style = self.heading_style(size, 1.25, LineKind::Heading(lvl.max(2)));
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

    /// The chapter: its title and a short rule (nothing for the untitled opening, whose
    /// first slot carries the chapter's anchors instead), then its blocks; its footnotes apart
    /// for the page foot (or at its end, see `notes`). The space above the title — sunk on a
    /// page of its own, a few lines when chapters run on — is the caller's (`typeset`).
    pub fn chapter(&mut self, index: usize) -> ChapterFlow {
        let doc = self.doc;
        let ch = &doc.chapters[index];
        self.chapter = index;
        // paragraph ids are numbered per chapter, so that chapters laid out on different
        // threads still get ids unique in the book
        self.next_para = (index as u64) << 32;
        let mut out = Vec::new();
        let region = self.full();
        if ch.untitled {
            let body = self.body();
            self.blocks(&ch.blocks, &region, body, &mut out);
            if let Some(FlowItem::Slot(s)) = out.iter_mut().find(|i| matches!(i, FlowItem::Slot(_)))
            {
                s.anchors.insert(0, (ch.id.clone(), 0.0));
                s.anchors.insert(0, (ch.heading_id.clone(), 0.0));
            }
            self.pending_keep = 0;
            let notes = self.notes(index, &mut out);
            self.pending_keep = 0;
            return ChapterFlow { items: out, notes };
        }
        let size = self.theme.heading_sizes[0];
        let style = self.heading_style(size, 1.2, LineKind::ChapterTitle);
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
            height: 2.2 * em,
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
        self.pending_keep = 0;
        let notes = self.notes(index, &mut out);
        self.pending_keep = 0;
        ChapterFlow { items: out, notes }
    }
}
