//! Reading-order traversal of the model: every run of inlines (paragraphs, headings, leads,
//! sayings, table cells, captions) and every block, at any depth. The id, footnote and link
//! passes are built on these so they all see the document in the same order.

use crate::model::{Block, BlockKind, Inline, InlineKind};

/// Calls `f` on every top-level run of inlines inside `blocks`, in reading order.
pub(crate) fn inline_roots(blocks: &mut [Block], f: &mut dyn FnMut(&mut Vec<Inline>)) {
    for b in blocks {
        match &mut b.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) => f(content),
            BlockKind::Figure { caption, .. } => f(caption),
            BlockKind::List(l) => {
                if let Some(lead) = &mut l.lead {
                    f(&mut lead.content);
                }
                for it in &mut l.items {
                    inline_roots(&mut it.blocks, f);
                }
            }
            BlockKind::Sayings(s) => {
                if let Some(lead) = &mut s.lead {
                    f(&mut lead.content);
                }
                for it in &mut s.items {
                    f(&mut it.content);
                }
            }
            BlockKind::BlockQuote(inner) => inline_roots(inner, f),
            BlockKind::Table(t) => {
                for cell in t.head.iter_mut().chain(t.rows.iter_mut().flatten()) {
                    f(cell);
                }
            }
            BlockKind::CodeBlock { .. } | BlockKind::ThematicBreak => {}
        }
    }
}

/// Calls `f` on every inline of a run, parents before their children, in reading order.
pub(crate) fn inlines(run: &mut [Inline], f: &mut dyn FnMut(&mut Inline)) {
    for i in run {
        f(i);
        match &mut i.kind {
            InlineKind::Emph(c)
            | InlineKind::Strong(c)
            | InlineKind::Strike(c)
            | InlineKind::Link { content: c, .. } => inlines(c, f),
            _ => {}
        }
    }
}

/// Calls `f` on every inline anywhere in `blocks`, in reading order.
pub(crate) fn all_inlines(blocks: &mut [Block], f: &mut dyn FnMut(&mut Inline)) {
    inline_roots(blocks, &mut |run| inlines(run, f));
}

/// Calls `f` on every block at any depth (a container before what it contains).
pub(crate) fn all_blocks(blocks: &mut [Block], f: &mut dyn FnMut(&mut Block)) {
    for b in blocks {
        f(b);
        match &mut b.kind {
            BlockKind::List(l) => {
                for it in &mut l.items {
                    all_blocks(&mut it.blocks, f);
                }
            }
            BlockKind::BlockQuote(inner) => all_blocks(inner, f),
            _ => {}
        }
    }
}
