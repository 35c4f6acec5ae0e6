//! Lists and their semantic kind. The marker glyph an author types at the start of an item
//! (✔ ✓ ☑ ✅ or a ticked `[x]` box for things to do; ❌ ✗ ✘ ✖ for things to avoid) decides the
//! list's kind by majority and is then removed from the text (with the whitespace and any
//! U+FE0F after it), so the theme alone draws markers. An open `[ ]` box makes a task list.

use crate::diag::Span;
use crate::model::{Block, BlockKind, InlineKind, List, ListItem, ListKind, Marker};
use crate::parse::blocks::Builder;

/// Glyphs that mark an item of a check list (things to do or keep).
pub const CHECK_GLYPHS: &[char] = &['✔', '✓', '☑', '✅'];
/// Glyphs that mark an item of an avoid list (things not to do).
pub const AVOID_GLYPHS: &[char] = &['❌', '✗', '✘', '✖'];

/// The marker a piece of text starts with, and how many bytes the marker, a following U+FE0F
/// and the whitespace after it take.
pub fn leading_marker(text: &str) -> Option<(Marker, usize)> {
    let c = text.chars().next()?;
    let marker = if CHECK_GLYPHS.contains(&c) {
        Marker::Check(c)
    } else if AVOID_GLYPHS.contains(&c) {
        Marker::Avoid(c)
    } else {
        return None;
    };
    let mut len = c.len_utf8();
    let rest = &text[len..];
    let rest2 = rest.strip_prefix('\u{fe0f}').unwrap_or(rest);
    len += rest.len() - rest2.len();
    len += rest2.len() - rest2.trim_start().len();
    Some((marker, len))
}

impl<'a> Builder<'a> {
    /// Reads a list whose `Start` was just consumed, up to its `End`.
    pub(crate) fn list(&mut self, start: Option<u64>) -> List {
        let mut items = Vec::new();
        let mut tight = true;
        while let Some((ev, range)) = self.next_event() {
            match ev {
                pulldown_cmark::Event::Start(pulldown_cmark::Tag::Item) => {
                    let span = self.block_span(&range);
                    let (outer_task, outer_para) = (self.task.take(), self.item_had_paragraph);
                    self.item_had_paragraph = false;
                    let blocks = self.blocks();
                    if self.item_had_paragraph {
                        tight = false;
                    }
                    let checked = self.task.take();
                    (self.task, self.item_had_paragraph) = (outer_task, outer_para);
                    items.push(ListItem {
                        marker: None,
                        checked,
                        blocks,
                        span,
                    });
                }
                pulldown_cmark::Event::Start(_) => self.skip_element(),
                pulldown_cmark::Event::End(_) => break,
                _ => {}
            }
        }
        let kind = classify(&mut items, start, self.src);
        List {
            kind,
            tight,
            lead: None,
            items,
        }
    }
}

/// The glyph marker at the start of an item's first paragraph, with its byte length.
fn item_glyph(item: &ListItem) -> Option<(Marker, usize)> {
    let Some(Block {
        kind: BlockKind::Paragraph(content),
        ..
    }) = item.blocks.first()
    else {
        return None;
    };
    match &content.first()?.kind {
        InlineKind::Text(t) => leading_marker(t),
        _ => None,
    }
}

/// Removes `len` bytes of marker from the start of the item's first text, moving the spans of
/// the text (and of the paragraph, when they start together) past it in the source.
fn strip_marker(item: &mut ListItem, len: usize, src: &str) {
    let Some(Block {
        kind: BlockKind::Paragraph(content),
        span: para_span,
    }) = item.blocks.first_mut()
    else {
        return;
    };
    let Some(first) = content.first_mut() else {
        return;
    };
    let InlineKind::Text(t) = &mut first.kind else {
        return;
    };
    let removed = t[..len].to_string();
    t.replace_range(..len, "");
    let old: Span = first.span;
    // Only move the span when the source really has the marker there (not an entity).
    if src.get(old.start..).is_some_and(|s| s.starts_with(&removed)) {
        first.span.start = (old.start + len).min(old.end);
        if para_span.start == old.start {
            para_span.start = first.span.start;
        }
    }
    if t.is_empty() {
        content.remove(0);
    }
}

/// Decides a list's kind from its items' markers, records each item's marker and strips the
/// glyphs when the list becomes a check or avoid list.
///
/// - any open `[ ]` box → [`ListKind::Task`];
/// - more than half the items marked (glyph or ticked box) → [`ListKind::Check`] or
///   [`ListKind::Avoid`], whichever marker is more common (ties: the first marked item's kind);
///   an unmarked item keeps `marker: None` for the linter, a mixed item keeps its own marker;
/// - otherwise a ticked box alone still makes a task list; else bullet or ordered. In those
///   lists glyphs stay in the text and items get no marker.
pub(crate) fn classify(items: &mut [ListItem], start: Option<u64>, src: &str) -> ListKind {
    let plain = match start {
        Some(start) => ListKind::Ordered { start },
        None => ListKind::Bullet,
    };
    if items.iter().any(|i| i.checked == Some(false)) {
        for it in items.iter_mut() {
            it.marker = match it.checked {
                Some(true) => Some(Marker::Check('x')),
                Some(false) => Some(Marker::TaskOpen),
                None => None,
            };
        }
        return ListKind::Task;
    }
    let markers: Vec<Option<(Marker, usize)>> = items
        .iter()
        .map(|it| match it.checked {
            Some(true) => Some((Marker::Check('x'), 0)),
            _ => item_glyph(it),
        })
        .collect();
    let checks = markers
        .iter()
        .filter(|m| matches!(m, Some((Marker::Check(_), _))))
        .count();
    let avoids = markers
        .iter()
        .filter(|m| matches!(m, Some((Marker::Avoid(_), _))))
        .count();
    if (checks + avoids) * 2 > items.len() {
        let first_is_check =
            matches!(markers.iter().flatten().next(), Some((Marker::Check(_), _)));
        let kind = if checks > avoids || (checks == avoids && first_is_check) {
            ListKind::Check
        } else {
            ListKind::Avoid
        };
        for (it, m) in items.iter_mut().zip(markers) {
            it.checked = None;
            if let Some((marker, len)) = m {
                it.marker = Some(marker);
                if len > 0 {
                    strip_marker(it, len, src);
                }
            }
        }
        return kind;
    }
    if items.iter().any(|i| i.checked == Some(true)) {
        for it in items.iter_mut() {
            it.marker = it.checked.map(|_| Marker::Check('x'));
        }
        return ListKind::Task;
    }
    plain
}
