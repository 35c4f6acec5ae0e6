//! Headings below the chapter title: ragged, never hyphenated, kept with at least two lines
//! of what follows, carrying the anchor links go to and (levels 1 and 2) an outline entry.

use crate::diag::Span;
use crate::model::{plain_text, Inline};
use crate::typeset::frame::LineKind;

use super::cx::{FlowCx, Region};
use super::lines::paragraph;
use super::slot::{FlowItem, Slot};

/// A heading below the chapter title: ragged, never hyphenated, kept with what follows.
pub(super) fn heading(
    cx: &mut FlowCx,
    level: u8,
    id: &str,
    content: &[Inline],
    span: Span,
    region: &Region,
    out: &mut Vec<FlowItem>,
) {
    let lvl = level.clamp(1, 6);
    let size = cx.theme.heading_sizes[(lvl - 1) as usize];
    let style = cx.heading_style(size, 1.25, LineKind::Heading(lvl.max(2)));
    let first = paragraph(cx, content, span, region, style, out);
    let title = plain_text(content);
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
        height: 0.35 * cx.em(),
        keep_with_next: true,
        strut: true,
        ..Slot::default()
    };
    cx.push_slot(out, below, region);
    cx.keep_next(1);
}
