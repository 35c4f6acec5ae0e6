//! Tests of footnotes: which notes a note brings along and how they stack; and pagination with
//! [`super::notes::FootNotes`], which puts every note once on the page of its first reference
//! and keeps each page's text and notes within the text block.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use crate::typeset::page::paginate::breaks_with_notes;

use super::notes::{FootNote, FootNotes};
use super::slot::{FlowItem, Slot};

fn note(h: f32, refs: Vec<u32>) -> FootNote {
    FootNote {
        items: vec![FlowItem::Slot(Slot {
            height: h,
            ..Slot::default()
        })],
        height: h,
        refs,
    }
}

#[test]
fn a_note_brings_the_notes_it_refers_to_once() {
    let mut notes = FootNotes {
        rule: Slot {
            height: 5.0,
            ..Slot::default()
        },
        gap: 1.0,
        ..FootNotes::default()
    };
    notes.notes.insert(1, note(10.0, vec![3]));
    notes.notes.insert(2, note(20.0, vec![]));
    notes.notes.insert(3, note(30.0, vec![]));
    let none = BTreeSet::new();
    assert_eq!(notes.brought(&[1, 2], &none, &none), vec![1, 3, 2]);
    assert_eq!(
        notes.brought(&[1], &BTreeSet::from([1]), &none),
        Vec::<u32>::new()
    );
    assert_eq!(notes.area(&[]), 0.0);
    assert_eq!(notes.area(&[1, 2]), 5.0 + 30.0 + 1.0);
    let stack = notes.take_stack(&[2, 1]);
    let ys: Vec<f32> = stack.iter().map(|(y, _)| *y).collect();
    assert_eq!(ys, vec![0.0, 5.0, 26.0]);
    assert!(!notes.notes.contains_key(&2));
}

/// A flow of lines (height, kept with the next, notes referred to) and spaces (no notes).
fn flow() -> impl Strategy<Value = Vec<(f32, bool, Vec<u32>, bool)>> {
    prop::collection::vec(
        (
            8.0f32..14.0,
            prop::bool::weighted(0.3),
            prop::collection::vec(1u32..8, 0..2),
            prop::bool::weighted(0.15),
        ),
        1..120,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Every item on one page in order, every note once on the page of its first
    /// reference, and no page's text and notes taller than the block (unless one line
    /// alone is).
    #[test]
    fn notes_land_with_their_first_reference(
        items in flow(),
        heights in prop::collection::vec(5.0f32..70.0, 8),
    ) {
        let mut notes = FootNotes {
            rule: Slot { height: 6.0, ..Slot::default() },
            gap: 2.0,
            ..FootNotes::default()
        };
        for (k, h) in heights.iter().enumerate() {
            notes.notes.insert(k as u32 + 1, note(*h, vec![]));
        }
        let flow: Vec<FlowItem> = items
            .iter()
            .map(|(h, keep, refs, space)| {
                if *space {
                    FlowItem::Space(*h)
                } else {
                    FlowItem::Slot(Slot {
                        height: *h,
                        keep_with_next: *keep,
                        notes: refs.clone().into(),
                        ..Slot::default()
                    })
                }
            })
            .collect();
        let page_h = 200.0;
        let pages = breaks_with_notes(&flow, page_h, &notes);
        let mut next = 0;
        let mut home: BTreeMap<u32, usize> = BTreeMap::new();
        for (p, r) in pages.iter().enumerate() {
            prop_assert!(r.start >= next && r.end > r.start);
            prop_assert!(flow[next..r.start].iter().all(FlowItem::discardable));
            next = r.end;
            for n in &r.notes {
                prop_assert!(home.insert(*n, p).is_none(), "note {} twice", n);
            }
            let solid: Vec<usize> = (r.start..r.end)
                .filter(|&i| !flow[i].discardable())
                .collect();
            if solid.len() > 1 {
                let last = *solid.last().unwrap();
                let text: f32 = flow[r.start..=last].iter().map(FlowItem::height).sum();
                prop_assert!(text + notes.area(&r.notes) <= page_h + 0.01,
                    "page {}: {} + {}", p, text, notes.area(&r.notes));
            }
        }
        prop_assert!(flow[next..].iter().all(FlowItem::discardable));
        // each note's page is the page of the first line that refers to it
        for (n, p) in &home {
            let first_ref = pages.iter().position(|r| {
                flow[r.start..r.end].iter().any(|i| matches!(i, FlowItem::Slot(s) if s.notes.contains(n)))
            });
            prop_assert_eq!(first_ref, Some(*p), "note {}", n);
        }
    }
}
