//! Lists and their semantic kind. The marker glyph an author types at the start of an item
//! (✔ ✓ ☑ ✅ or a ticked `[x]` box for things to do; ❌ ✗ ✘ ✖ 🚫 ⛔ for things to avoid) decides the
//! list's kind by majority and is then removed from the text (with the whitespace and any
//! U+FE0F after it), so the theme alone draws markers. An open `[ ]` box makes a task list.

use crate::diag::Span;
use crate::model::{Block, BlockKind, InlineKind, List, ListItem, ListKind, Marker};
use crate::parse::blocks::Builder;
use crate::parse::markers::leading_marker;

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
            answer_lines: None,
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
    if src
        .get(old.start..)
        .is_some_and(|s| s.starts_with(&removed))
    {
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
        let first_is_check = matches!(markers.iter().flatten().next(), Some((Marker::Check(_), _)));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plain_text;
    use crate::parse::tests::body;

    fn only_list(text: &str) -> (List, crate::manuscript::Manuscript) {
        let (blocks, diags, ms) = body(text);
        assert!(diags.is_empty(), "{diags:?}");
        match blocks.as_slice() {
            [Block {
                kind: BlockKind::List(l),
                ..
            }] => (l.clone(), ms),
            other => panic!("{other:#?}"),
        }
    }

    fn item_text(it: &ListItem) -> String {
        match &it.blocks[0].kind {
            BlockKind::Paragraph(p) => plain_text(p),
            k => panic!("{k:?}"),
        }
    }

    #[test]
    fn each_glyph_is_recognised_and_removed() {
        for (glyph, check) in [
            ("✔", true),
            ("✓", true),
            ("☑", true),
            ("✅", true),
            ("✔\u{fe0f}", true),
            ("❌", false),
            ("✗", false),
            ("✘", false),
            ("✖", false),
            ("✖\u{fe0f}", false),
        ] {
            let (l, ms) = only_list(&format!("- {glyph} No blaming\n- {glyph}\u{a0} Two\n"));
            let c = glyph.chars().next().unwrap();
            let (kind, marker) = if check {
                (ListKind::Check, Marker::Check(c))
            } else {
                (ListKind::Avoid, Marker::Avoid(c))
            };
            assert_eq!(l.kind, kind, "{glyph}");
            for it in &l.items {
                assert_eq!(it.marker, Some(marker));
                assert_eq!(it.checked, None);
            }
            assert_eq!(item_text(&l.items[0]), "No blaming");
            assert_eq!(item_text(&l.items[1]), "Two");
            let BlockKind::Paragraph(p) = &l.items[0].blocks[0].kind else {
                panic!()
            };
            assert_eq!(ms.sources.slice(p[0].span), "No blaming", "{glyph}");
            assert_eq!(ms.sources.slice(l.items[0].blocks[0].span), "No blaming");
        }
    }

    #[test]
    fn ticked_boxes_make_a_check_list_and_open_boxes_a_task_list() {
        let (l, _) = only_list("- [x] done\n- [X] also\n");
        assert_eq!(l.kind, ListKind::Check);
        assert!(l.items.iter().all(|i| i.marker == Some(Marker::Check('x'))));
        assert_eq!(item_text(&l.items[0]), "done");
        let (l, _) = only_list("- [x] done\n- [ ] open\n- plain\n");
        assert_eq!(l.kind, ListKind::Task);
        let got: Vec<_> = l.items.iter().map(|i| (i.marker, i.checked)).collect();
        assert_eq!(
            got,
            [
                (Some(Marker::Check('x')), Some(true)),
                (Some(Marker::TaskOpen), Some(false)),
                (None, None)
            ]
        );
    }

    #[test]
    fn majority_decides_and_unmarked_items_keep_no_marker() {
        let (l, _) = only_list("- ✔ honesty\n- ✔ responsibility\n- empathy\n- ✔ patience\n");
        assert_eq!(l.kind, ListKind::Check);
        assert_eq!(l.items[2].marker, None);
        assert_eq!(item_text(&l.items[2]), "empathy");
        assert_eq!(item_text(&l.items[3]), "patience");
        // Mixed: the majority wins, the odd item keeps its own marker.
        let (l, _) = only_list("- ❌ a\n- ❌ b\n- ✔ c\n");
        assert_eq!(l.kind, ListKind::Avoid);
        assert_eq!(l.items[2].marker, Some(Marker::Check('✔')));
        assert_eq!(item_text(&l.items[2]), "c");
        // A minority of markers leaves a plain list with its text untouched.
        let (l, _) = only_list("- ✔ a\n- b\n- c\n");
        assert_eq!(l.kind, ListKind::Bullet);
        assert!(l.items.iter().all(|i| i.marker.is_none()));
        assert_eq!(item_text(&l.items[0]), "✔ a");
    }

    #[test]
    fn ordered_lists_keep_start_and_loose_items_are_read() {
        let (l, _) = only_list("3. a\n4. b\n");
        assert_eq!(l.kind, ListKind::Ordered { start: 3 });
        assert!(l.tight);
        let (l, _) = only_list("1. ✔ one\n\n   more\n\n2. ✔ two\n");
        assert_eq!(l.kind, ListKind::Check);
        assert!(!l.tight);
        assert_eq!(l.items[0].blocks.len(), 2);
        assert_eq!(item_text(&l.items[0]), "one");
    }

    #[test]
    fn nested_lists_are_classified_on_their_own() {
        let (l, _) = only_list("- ✔ outer\n  - ❌ inner\n  - ❌ inner2\n- ✔ outer2\n");
        assert_eq!(l.kind, ListKind::Check);
        let BlockKind::List(inner) = &l.items[0].blocks[1].kind else {
            panic!("{:?}", l.items[0].blocks)
        };
        assert_eq!(inner.kind, ListKind::Avoid);
        assert_eq!(item_text(&inner.items[1]), "inner2");
    }

    #[test]
    fn marker_before_formatting_leaves_the_formatting() {
        let (l, _) = only_list("- ✔ **bold** start\n- ✔ x\n");
        let BlockKind::Paragraph(p) = &l.items[0].blocks[0].kind else {
            panic!()
        };
        assert!(matches!(p[0].kind, InlineKind::Strong(_)));
        assert_eq!(leading_marker("✔️  x"), Some((Marker::Check('✔'), 8)));
        assert_eq!(leading_marker("x ✔"), None);
    }
}
