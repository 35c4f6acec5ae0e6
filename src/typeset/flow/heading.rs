//! Headings below the chapter title: ragged, never hyphenated, kept with at least two lines
//! of what follows, carrying the anchor links go to and (levels 1 and 2) an outline entry.
//! A heading too long to be one ([`LONGEST_HEADING`] characters) is set as a ragged paragraph
//! of body text instead, with a `GB310` warning, its outline entry shortened.

use crate::diag::{Diagnostic, Span};
use crate::model::{plain_text, Inline};
use crate::typeset::frame::LineKind;
use crate::typeset::structure::Role;
use crate::typeset::text::ParaAlign;

use super::cx::{FlowCx, Region, Style};
use super::lines::paragraph;
use super::slot::{FlowItem, Slot};

/// The most characters a heading is set as one: past that it reads as a paragraph, and
/// kept whole with what follows it would fill pages.
const LONGEST_HEADING: usize = 1000;

/// The most characters of a too-long heading's outline and contents entry.
const LONGEST_ENTRY: usize = 120;

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
    let mut title = plain_text(content);
    let chars = title.chars().count();
    let long = chars > LONGEST_HEADING;
    let style = if long {
        cx.warn(too_long(chars, span));
        title = title.chars().take(LONGEST_ENTRY).collect::<String>() + "…";
        Style {
            align: ParaAlign::Left,
            ..cx.body()
        }
    } else {
        let size = cx.theme.heading_sizes[(lvl - 1) as usize];
        cx.heading_style(size, 1.25, LineKind::Heading(lvl.max(2)))
    };
    let role = if long {
        Role::P
    } else {
        // `### ` straight after the chapter title is tagged H2: headings never skip a level
        let tagged = lvl.min(cx.heading_level + 1);
        cx.heading_level = tagged;
        Role::H(tagged)
    };
    let element = cx.open(role);
    let first = paragraph(cx, content, span, region, style, out);
    cx.close(element);
    let last = out.len().saturating_sub(1);
    for (k, item) in out[first..].iter_mut().enumerate() {
        if let FlowItem::Slot(s) = item {
            // a paragraph keeps only its own lines together, and its last with what follows
            s.keep_with_next |= !long || first + k == last;
            if k == 0 {
                // (one each, usually: no room for more in a book of many headings)
                s.anchors.reserve_exact(1);
                s.anchors.push((id.to_string(), 0.0));
                if lvl <= 2 {
                    s.outline.reserve_exact(1);
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

/// The warning for a heading of `chars` characters set as a paragraph.
fn too_long(chars: usize, span: Span) -> Diagnostic {
    Diagnostic::warning(
        "GB310",
        format!(
            "a heading of {chars} characters is too long to set as one \
             (at most {LONGEST_HEADING}); it is set as a paragraph"
        ),
    )
    .at(span)
    .help("shorten the heading, or make the text below it a paragraph")
}
