//! The typesetter's cost grows with its input, whatever the input's shape: doubling one huge
//! word, one huge heading, one huge chapter title or the number of headings at most about
//! doubles the work it counts (`typeset::cost`: candidate lines, breaking steps, glyphs
//! scanned, bytes shaped, pagination steps) and the bytes it allocates (a copy made per page
//! or per line grows faster than the input). Work is counted, never time.

use guidebuild::config::{ChapterBreak, Paper, Sides};
use guidebuild::diag::Span;
use guidebuild::fonts::FontFiles;
use guidebuild::model::{Block, BlockKind, Document, Inline, InlineKind};
use guidebuild::testing::sample;
use guidebuild::theme::Theme;
use guidebuild::typeset::{self, cost, TypesetOptions};

fn opts() -> TypesetOptions {
    TypesetOptions {
        paper: Paper::Letter,
        booklet: None,
        print: None,
        hyphenate: true,
        chapter_break: ChapterBreak::Recto,
        sides: Sides::Two,
        imprint: None,
        hyphenation_exceptions: Default::default(),
        fillable: false,
        notes_pages: 0,
    }
}

/// The work of typesetting `doc` (on this thread: a one-chapter book is set on one): the
/// steps counted, and the bytes allocated.
fn work(doc: &Document) -> (u64, u64) {
    cost::take();
    crate::counting::take();
    let (frames, _) =
        typeset::layout_frames(doc, &Theme::default(), &FontFiles::default_set(), &opts()).unwrap();
    let steps = cost::take();
    let bytes = crate::counting::take();
    assert!(!frames.is_empty());
    (steps, bytes)
}

/// A short one-chapter book (a few pages) with `blocks` added after its first block.
fn book(blocks: Vec<Block>) -> Document {
    let mut doc = sample::long_book(1, 600);
    doc.chapters[0].blocks.splice(1..1, blocks);
    doc
}

fn block(kind: BlockKind) -> Block {
    Block {
        kind,
        span: Span::default(),
    }
}

fn heading(id: &str, text: String) -> Block {
    block(BlockKind::Heading {
        level: 2,
        id: id.into(),
        content: vec![Inline::text(text, Span::default())],
    })
}

/// `n` words of prose.
fn words(n: usize) -> String {
    sample::prose(7, n)
}

/// Doubling the input from `n` at most multiplies the work by 2.2, and does multiply it by
/// 1.5 at least (the input is most of the work, so the check can fail).
fn assert_linear(what: &str, n: usize, make: impl Fn(usize) -> Document) {
    let (once, once_bytes) = work(&make(n));
    let (twice, twice_bytes) = work(&make(2 * n));
    for (kind, a, b) in [("steps", once, twice), ("bytes", once_bytes, twice_bytes)] {
        let ratio = b as f64 / a as f64;
        eprintln!("{what}, {kind}: {a} → {b} ({ratio:.2}×)");
        assert!(
            (1.5..=2.2).contains(&ratio),
            "{what}: doubling the input multiplied the {kind} by {ratio:.2} ({a} → {b})"
        );
    }
}

#[test]
fn a_huge_word_costs_its_length() {
    assert_linear("one unbroken word", 20_000, |n| {
        let word = "a".repeat(n);
        book(vec![block(BlockKind::Paragraph(vec![Inline::text(
            format!("Before {word} after."),
            Span::default(),
        )]))])
    });
}

#[test]
fn a_huge_url_costs_its_length() {
    assert_linear("one long URL", 4_000, |n| {
        let url = format!("https://example/{}", "ab/cd.".repeat(n));
        let code = Inline {
            kind: InlineKind::Code(url),
            span: Span::default(),
        };
        book(vec![block(BlockKind::Paragraph(vec![code]))])
    });
}

#[test]
fn a_huge_heading_costs_its_length() {
    assert_linear("one long heading", 2_000, |n| {
        book(vec![heading("long", words(n))])
    });
}

#[test]
fn a_huge_chapter_title_costs_its_length() {
    assert_linear("one long chapter title", 1_000, |n| {
        let mut doc = book(Vec::new());
        let title = words(n);
        doc.chapters[0].title = vec![Inline::text(title.clone(), Span::default())];
        doc.chapters[0].title_text = title;
        doc
    });
}

#[test]
fn many_headings_cost_their_number() {
    assert_linear("many headings", 2_000, |n| {
        book(
            (0..n)
                .map(|k| heading(&format!("h{k}"), format!("Heading {k}")))
                .collect(),
        )
    });
}

#[test]
fn many_footnotes_cost_their_number() {
    use guidebuild::model::Footnote;
    assert_linear("many footnotes", 5_000, |n| {
        let mut doc = book(
            (1..=n as u32)
                .map(|k| {
                    block(BlockKind::Paragraph(vec![
                        Inline::text(format!("Paragraph {k}."), Span::default()),
                        Inline {
                            kind: InlineKind::FootnoteRef {
                                label: format!("n{k}"),
                                number: k,
                            },
                            span: Span::default(),
                        },
                    ]))
                })
                .collect(),
        );
        doc.chapters[0].footnotes = (1..=n as u32)
            .map(|k| Footnote {
                label: format!("n{k}"),
                number: k,
                blocks: vec![block(BlockKind::Paragraph(vec![Inline::text(
                    format!("Note {k}."),
                    Span::default(),
                )]))],
                span: Span::default(),
            })
            .collect();
        doc
    });
}

#[test]
fn a_heading_too_long_to_be_one_is_set_as_a_paragraph_with_a_warning() {
    use guidebuild::typeset::frame::{FrameItem, LineKind};
    let span = Span::new(0, 10, 20);
    let heading = |text: String| Block {
        kind: BlockKind::Heading {
            level: 2,
            id: "long".into(),
            content: vec![Inline::text(text, Span::default())],
        },
        span,
    };
    let set = |doc: &Document| {
        typeset::layout_frames(doc, &Theme::default(), &FontFiles::default_set(), &opts()).unwrap()
    };
    let kinds = |frames: &[guidebuild::typeset::frame::PageFrame], kind: LineKind| {
        frames
            .iter()
            .flat_map(|f| &f.items)
            .filter(|i| matches!(i, FrameItem::Text(t) if t.info.kind == kind))
            .count()
    };
    // the book's own headings
    let (frames, _) = set(&book(Vec::new()));
    let before = kinds(&frames, LineKind::Heading(2));
    // A long heading (some 600 characters) is still one, with no warning.
    let (frames, warnings) = set(&book(vec![heading(words(100))]));
    assert!(kinds(&frames, LineKind::Heading(2)) > before + 3);
    assert!(!warnings.iter().any(|w| w.code == "GB310"));
    // Some 12,000 characters: a paragraph of body text, the warning at the heading.
    let (frames, warnings) = set(&book(vec![heading(words(2000))]));
    assert_eq!(kinds(&frames, LineKind::Heading(2)), before);
    let w: Vec<_> = warnings.iter().filter(|w| w.code == "GB310").collect();
    assert_eq!(w.len(), 1, "{warnings:?}");
    assert_eq!(w[0].span, Some(span));
}
