//! Tests of page-level layout on whole books: chapters opening on rectos after a true blank,
//! table headers repeated on every page a table continues on, footnotes at the foot of their
//! reference's page (and the tall ones at the chapter's end), with the links both ways.

use super::audit::{self, audit};
use super::frame::{self, FrameItem, PageFrame};
use super::tests::{frames_of, openings, opts, page_link_targets};
use super::*;
use crate::config::Paper;
use crate::diag::Span;
use crate::fonts::FontFiles;
use crate::model::{Block, BlockKind, Inline};

/// Chapters open on rectos: a true blank (no furniture) goes before a chapter that would open
/// on a verso, the page labels still count it, and the contents and outline point at the
/// openings; with the option off no blank is added in the body.
#[test]
fn chapters_open_on_rectos_after_a_true_blank() {
    let doc = sample::long_book(6, 700);
    let (frames, _) = frames_of(&doc, Paper::A5);
    assert!(
        audit::verso_openings(&frames).is_empty(),
        "{:?}",
        audit::verso_openings(&frames)
    );
    let body = frames.iter().position(|f| f.label == "1").unwrap();
    let blanks: Vec<usize> = (body..frames.len())
        .filter(|&p| frames[p].kind == frame::PageKind::Blank)
        .collect();
    assert!(
        !blanks.is_empty(),
        "this book needs a blank before a chapter"
    );
    for &p in &blanks {
        assert!(frames[p].items.is_empty(), "page {p} is not blank");
        assert_eq!(frames[p + 1].kind, frame::PageKind::ChapterOpening);
        // labels run on through the blank
        let n: usize = frames[p].label.parse().unwrap();
        assert_eq!(frames[p + 1].label, (n + 1).to_string());
    }
    // every contents entry of a chapter names the label of its opening and links to it
    let store = FontStore::new(&FontFiles::default_set()).unwrap();
    let t = typeset(&doc, &Theme::default(), &store, &opts(Paper::A5));
    let openings = openings(&frames);
    let chapters: Vec<&compose::OutlineEntry> = t.outline.iter().filter(|o| o.level == 1).collect();
    assert_eq!(chapters.len(), openings.len());
    for (o, &p) in chapters.iter().zip(&openings) {
        assert_eq!(o.page, p, "{}", o.title);
    }
    let contents_links = page_link_targets(
        frames
            .iter()
            .filter(|f| f.kind == frame::PageKind::Contents)
            .flat_map(|f| &f.items),
    );
    for p in &openings {
        assert!(contents_links.contains(p), "no contents link to page {p}");
        let contents_text: Vec<&str> = frames
            .iter()
            .filter(|f| f.kind == frame::PageKind::Contents)
            .flat_map(|f| &f.items)
            .filter_map(|i| match i {
                FrameItem::Text(t) => Some(t.text.as_str()),
                _ => None,
            })
            .collect();
        assert!(contents_text.contains(&frames[*p].label.as_str()));
    }

    let off = PdfOptions {
        chapter_break: crate::config::ChapterBreak::Page,
        ..opts(Paper::A5)
    };
    let (plain, _) =
        layout_frames(&doc, &Theme::default(), &FontFiles::default_set(), &off).unwrap();
    assert!(plain[body..]
        .iter()
        .all(|f| f.kind != frame::PageKind::Blank));
    assert!(!audit::verso_openings(&plain).is_empty());
    assert_eq!(plain.len() + blanks.len(), frames.len());
}

/// A document whose first chapter holds a table of `rows` rows under a "Stage | What to say"
/// header.
fn with_long_table(rows: usize) -> Document {
    use crate::model::Table;
    let s = Span::default();
    let cell = |t: &str| vec![Inline::text(t, s)];
    let mut doc = sample::sample_document();
    let table = Table {
        align: vec![],
        head: vec![cell("Stage"), cell("What to say")],
        rows: (1..=rows)
            .map(|k| {
                vec![
                    cell(&format!("Row {k}")),
                    cell("Name what happened, plainly, and ask what would help now."),
                ]
            })
            .collect(),
    };
    doc.chapters[0].blocks.insert(
        1,
        Block {
            kind: BlockKind::Table(table),
            span: s,
        },
    );
    doc
}

/// The table lines of each page that start a row: the header's "Stage", a row's "Row n" (the
/// narrow first column may break it after "Row").
fn table_lines(f: &PageFrame) -> Vec<&str> {
    f.items
        .iter()
        .filter_map(|i| match i {
            FrameItem::Text(t) if t.info.kind == frame::LineKind::Table => Some(t.text.as_str()),
            _ => None,
        })
        .filter(|t| *t == "Stage" || t.starts_with("Row"))
        .collect()
}

/// A table broken across pages has its header at the top of every page it continues on, and
/// never leaves the header alone at a page foot.
#[test]
fn a_table_across_pages_repeats_its_header() {
    let doc = with_long_table(70);
    let (frames, _) = frames_of(&doc, Paper::A5);
    let pages: Vec<Vec<&str>> = frames
        .iter()
        .map(table_lines)
        .filter(|l| !l.is_empty())
        .collect();
    assert!(pages.len() >= 3, "the table spans {} pages", pages.len());
    let mut rows = 0;
    for lines in &pages {
        assert_eq!(lines[0], "Stage", "{lines:?}");
        assert_eq!(lines.iter().filter(|l| **l == "Stage").count(), 1);
        assert!(lines.len() >= 2, "a header alone: {lines:?}");
        rows += lines.len() - 1;
    }
    assert_eq!(rows, 70, "every row once");
    let a = audit(&frames);
    assert!(a.problems.is_empty(), "{:#?}", a.problems);
}

/// The long book with a footnote referred to from every third paragraph of each chapter,
/// notes of 8 to 80 words, and (when `tall`) one note in chapter 1 longer than half a page.
fn long_book_with_notes(tall: bool) -> Document {
    use crate::model::{Footnote, InlineKind};
    let s = Span::default();
    let mut doc = sample::long_book(8, 1500);
    for (c, ch) in doc.chapters.iter_mut().enumerate() {
        let mut n = 0u32;
        let mut k = 0usize;
        for b in ch.blocks.iter_mut() {
            let BlockKind::Paragraph(inl) = &mut b.kind else {
                continue;
            };
            k += 1;
            if !k.is_multiple_of(3) {
                continue;
            }
            n += 1;
            // mid-paragraph: the reference falls anywhere on a line
            let at = inl.len().min(1);
            inl.insert(
                at,
                Inline {
                    kind: InlineKind::FootnoteRef {
                        label: format!("n{n}"),
                        number: n,
                    },
                    span: s,
                },
            );
            let words = if tall && c == 0 && n == 2 {
                600
            } else {
                8 + (c * 17 + n as usize * 29) % 73
            };
            ch.footnotes.push(Footnote {
                label: format!("n{n}"),
                number: n,
                blocks: vec![Block {
                    kind: BlockKind::Paragraph(vec![Inline::text(
                        sample::prose(c as u64 * 100 + n as u64, words),
                        s,
                    )]),
                    span: s,
                }],
                span: s,
            });
        }
    }
    doc
}

/// The lines of each note: its first line's text, per page.
fn note_firsts(frames: &[PageFrame]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (p, f) in frames.iter().enumerate() {
        for i in &f.items {
            if let FrameItem::Text(t) = i {
                if t.info.kind == frame::LineKind::Footnote
                    && t.info.para.is_some_and(|pp| pp.index == 0)
                {
                    out.push((p, t.text.clone()));
                }
            }
        }
    }
    out
}

/// Every note is at the foot of its reference's page, once, under the text; the pages keep
/// every layout rule; the links go both ways.
#[test]
fn footnotes_sit_at_the_foot_of_their_reference_page() {
    let doc = long_book_with_notes(false);
    let total: usize = doc.chapters.iter().map(|c| c.footnotes.len()).sum();
    for paper in [Paper::Letter, Paper::A5] {
        let (frames, _) = frames_of(&doc, paper);
        let away = audit::notes_away(&frames);
        assert!(away.is_empty(), "{paper:?}: {away:?}");
        let a = audit(&frames);
        assert!(a.problems.is_empty(), "{paper:?}: {:#?}", a.problems);
        assert_eq!(
            note_firsts(&frames).len(),
            total,
            "{paper:?}: every note once"
        );
        for f in &frames {
            let texts = |k: frame::LineKind| {
                f.items.iter().filter_map(move |i| match i {
                    FrameItem::Text(t) if t.info.kind == k => Some(t.baseline),
                    _ => None,
                })
            };
            // notes below the text, inside the text block
            let text_low = texts(frame::LineKind::Body).fold(0.0, f32::max);
            let note_high = texts(frame::LineKind::Footnote).fold(f32::MAX, f32::min);
            assert!(
                text_low < note_high,
                "{paper:?} page {}: notes over the text",
                f.label
            );
            let note_low = texts(frame::LineKind::Footnote).fold(0.0, f32::max);
            assert!(
                note_low < f.height * 0.9,
                "{paper:?} page {}: notes in the margin",
                f.label
            );
        }
        // every note's number links back to the page of its reference
        let back: usize = frames
            .iter()
            .enumerate()
            .flat_map(|(p, f)| f.items.iter().map(move |i| (p, i)))
            .filter(|(p, i)| {
                matches!(i, FrameItem::Link { x0, target: frame::FrameLink::Page { page, .. }, .. }
                    if page == p && frames[*p].items.iter().any(|t| matches!(t,
                        FrameItem::Text(t) if t.info.kind == frame::LineKind::Marker
                            && (t.x - x0).abs() < 0.01)))
            })
            .count();
        assert!(
            back >= total,
            "{paper:?}: {back} back links for {total} notes"
        );
    }
}

/// A note taller than half the text block is set at its chapter's end, after the text.
#[test]
fn a_note_taller_than_half_a_page_goes_to_the_chapter_end() {
    let doc = long_book_with_notes(true);
    let (frames, _) = frames_of(&doc, Paper::A5);
    let away = audit::notes_away(&frames);
    assert_eq!(away.len(), 1, "{away:?}");
    let a = audit(&frames);
    assert!(a.problems.is_empty(), "{:#?}", a.problems);
    let tall = sample::prose(2, 600);
    let first_word = tall.split_whitespace().next().unwrap();
    let (p, _) = note_firsts(&frames)
        .into_iter()
        .find(|(_, t)| t.starts_with(first_word))
        .unwrap();
    // it starts after the last body line of chapter 1 and before chapter 2 opens
    let second = openings(&frames)[1];
    assert!(p < second);
    assert!(frames[p + 1..second]
        .iter()
        .flat_map(|f| &f.items)
        .all(|i| !matches!(i, FrameItem::Text(t) if t.info.kind == frame::LineKind::Body)));
}
