//! Tests of the engine as a whole, from its own data: the layout rules (no widow, no orphan,
//! no heading or lead-in stranded at a page foot, no overfull line, word spaces under 0.5 em)
//! checked on the frames of a sample book and a long generated one, every paper size, the
//! warnings for characters no font has, and byte-identical output.

mod pages;

use super::*;
use crate::config::Paper;
use crate::diag::Span;
use crate::fonts::FontFiles;
use crate::model::{Block, BlockKind, Inline};
use crate::pdf::render;
use crate::testing::audit::audit;
use crate::testing::sample;
use crate::typeset::frame::{FrameItem, PageFrame};

pub(super) fn opts(paper: Paper) -> TypesetOptions {
    TypesetOptions {
        paper,
        booklet: None,
        print: None,
        hyphenate: true,
        chapter_break: crate::config::ChapterBreak::Recto,
        sides: crate::config::Sides::Two,
        imprint: None,
        hyphenation_exceptions: Default::default(),
        fillable: false,
        notes_pages: 0,
    }
}

/// The pages the internal links among `items` go to.
pub(super) fn page_link_targets<'a>(items: impl IntoIterator<Item = &'a FrameItem>) -> Vec<usize> {
    items
        .into_iter()
        .filter_map(|i| match i {
            FrameItem::Link {
                target: frame::FrameLink::Page { page, .. },
                ..
            } => Some(*page),
            _ => None,
        })
        .collect()
}

/// The indices of the chapter openings among `frames`.
pub(super) fn openings(frames: &[PageFrame]) -> Vec<usize> {
    (0..frames.len())
        .filter(|&p| frames[p].kind == frame::PageKind::ChapterOpening)
        .collect()
}

pub(super) fn frames_of(doc: &Document, paper: Paper) -> (Vec<PageFrame>, Vec<Diagnostic>) {
    layout_frames(
        doc,
        &Theme::default(),
        &FontFiles::default_set(),
        &opts(paper),
    )
    .unwrap()
}

#[test]
fn sample_book_keeps_every_layout_rule() {
    let doc = sample::sample_document();
    let (frames, diags) = frames_of(&doc, Paper::Letter);
    let a = audit(&frames);
    assert!(a.problems.is_empty(), "{:#?}", a.problems);
    assert!(diags.is_empty(), "{diags:?}");
    // front matter: title, imprint, contents (+ blank to open the body on a recto)
    assert_eq!(frames[0].kind, frame::PageKind::Title);
    assert_eq!(frames[2].kind, frame::PageKind::Contents);
    assert_eq!(frames[2].label, "iii");
    let body = frames.iter().position(|f| f.label == "1").unwrap();
    assert_eq!(body % 2, 0, "the first chapter opens on a recto");
    assert_eq!(frames[body].kind, frame::PageKind::ChapterOpening);
}

#[test]
fn contents_links_point_at_chapter_openings() {
    let doc = sample::sample_document();
    let (frames, _) = frames_of(&doc, Paper::Letter);
    let second = openings(&frames)[1];
    let targets = page_link_targets(&frames[2].items);
    assert!(targets.contains(&second), "{targets:?} vs {second}");
}

#[test]
fn every_paper_gets_a_readable_measure() {
    let store = FontStore::new(&FontFiles::default_set()).unwrap();
    for paper in [Paper::Letter, Paper::A4, Paper::A5, Paper::Trade] {
        let g = geometry(paper, crate::config::Sides::Two, &Theme::default(), &store);
        assert!(
            (60.0..=75.0).contains(&g.chars_per_line),
            "{paper:?}: {} chars",
            g.chars_per_line
        );
        assert!(g.inside < g.outside, "{paper:?}: margins not mirrored");
        assert!((g.inside + g.measure + g.outside - g.width).abs() < 0.01);
        let (frames, _) = frames_of(&sample::sample_document(), paper);
        let a = audit(&frames);
        assert!(a.problems.is_empty(), "{paper:?}: {:#?}", a.problems);
    }
}

#[test]
fn long_book_keeps_every_layout_rule() {
    let doc = sample::long_book(36, 2700);
    let (frames, _) = frames_of(&doc, Paper::Letter);
    assert!(frames.len() >= 200, "only {} pages", frames.len());
    let a = audit(&frames);
    assert!(a.problems.is_empty(), "{:#?}", a.problems);
    eprintln!(
        "long book: {} pages, {} lines, justified word space max {:.3} em, p95 {:.3} em",
        frames.len(),
        a.lines,
        a.max_space(),
        a.p95_space()
    );
    assert!(a.p95_space() < 0.5, "p95 space {}", a.p95_space());
}

#[test]
fn rendering_is_byte_identical() {
    let doc = sample::sample_document();
    let (t, f) = (Theme::default(), FontFiles::default_set());
    let a = render(&doc, &t, &f, &opts(Paper::A5)).unwrap();
    let b = render(&doc, &t, &f, &opts(Paper::A5)).unwrap();
    assert!(a.bytes.starts_with(b"%PDF-1.7"));
    assert_eq!(a.bytes, b.bytes);
}

#[test]
fn a_character_no_font_has_is_a_warning_at_its_place() {
    let mut doc = sample::sample_document();
    let span = Span::new(0, 10, 14);
    doc.chapters[0].blocks.insert(
        0,
        Block {
            kind: BlockKind::Paragraph(vec![Inline::text("Hello \u{10FFFD} there", span)]),
            span,
        },
    );
    let r = render(
        &doc,
        &Theme::default(),
        &FontFiles::default_set(),
        &opts(Paper::Letter),
    )
    .unwrap();
    let d = r
        .warnings
        .iter()
        .find(|d| d.code == "GB301")
        .expect("a GB301 warning");
    assert!(d.message.contains("U+10FFFD"), "{}", d.message);
    assert!(d.message.contains('▯'), "{}", d.message);
    assert_eq!(d.span, Some(span));
}

#[test]
fn without_hyphenation_no_line_ends_in_an_added_hyphen() {
    let doc = sample::sample_document();
    let o = TypesetOptions {
        paper: Paper::A5,
        booklet: None,
        print: None,
        hyphenate: false,
        chapter_break: crate::config::ChapterBreak::Recto,
        sides: crate::config::Sides::Two,
        imprint: None,
        hyphenation_exceptions: Default::default(),
        fillable: false,
        notes_pages: 0,
    };
    let (frames, _) =
        layout_frames(&doc, &Theme::default(), &FontFiles::default_set(), &o).unwrap();
    for f in &frames {
        for i in &f.items {
            if let FrameItem::Text(t) = i {
                assert!(!t.text.ends_with('\u{ad}'), "{:?}", t.text);
            }
        }
    }
}

/// The bundled guide meets the strict rule: no justified word space reaches 0.5 em.
#[test]
fn guide_word_spaces_stay_under_half_an_em() {
    let ms = crate::manuscript::load(std::path::Path::new("manuscript")).unwrap();
    let (doc, _) = crate::parse::document(&ms).into_parts();
    let (frames, _) = frames_of(&doc, Paper::Letter);
    let a = audit(&frames);
    assert!(a.lines > 100, "only {} lines", a.lines);
    assert!(a.max_space() < 0.5, "max space {}", a.max_space());
}

/// The generated long book is much denser in long words that English patterns cannot
/// hyphenate ("promise", "safety"); a few paragraphs can only be set with letter-spacing as the
/// last resort (at most +2.5% / -2% of a line's letters), and then no space reaches 0.5 em
/// either: measured max 0.490 em, p95 0.446 em.
#[test]
fn long_book_word_spaces_stay_under_half_an_em() {
    let doc = sample::long_book(36, 2700);
    let (frames, _) = frames_of(&doc, Paper::Letter);
    let a = audit(&frames);
    assert!(a.max_space() < 0.5, "max space {}", a.max_space());
}

/// The CommonMark/GFM fixture: one line cannot be set under 0.5 em. "This chapter covers
/// emphasis, strong emphasis, both at once," is followed by "strikethrough," which the English
/// patterns do not hyphenate; the line without it is short by more than its spaces (at
/// 0.49 em) and letter-spacing (+2.5%) can make up, and with it the line is too long even with
/// spaces and letters at their tightest. Measured 0.518 em; every other line stays under 0.5.
#[test]
fn fixture_word_spaces_stay_under_half_an_em_but_one() {
    let ms =
        crate::manuscript::load(std::path::Path::new("tests/fixtures/commonmark-gfm")).unwrap();
    let (doc, _) = crate::parse::document(&ms).into_parts();
    let (frames, _) = frames_of(&doc, Paper::Letter);
    let a = audit(&frames);
    assert!(a.lines > 40, "only {} lines", a.lines);
    let over = a.spaces.iter().filter(|s| **s >= 0.5).count();
    assert!(over <= 1, "{over} lines at 0.5 em or more");
    assert!(a.max_space() < 0.52, "max space {}", a.max_space());
}

#[test]
fn odd_documents_render_without_panicking() {
    use crate::model::{Chapter, List, ListItem, ListKind, Table};
    let s = Span::default();
    let mut doc = sample::sample_document();
    doc.chapters.clear();
    let r = render(
        &doc,
        &Theme::default(),
        &FontFiles::default_set(),
        &opts(Paper::A5),
    )
    .unwrap();
    assert!(r.bytes.starts_with(b"%PDF-1.7"));

    // an untitled chapter of pathological blocks
    let para = |t: &str| Block {
        kind: BlockKind::Paragraph(vec![Inline::text(t, s)]),
        span: s,
    };
    let mut nested = para("deep");
    for _ in 0..14 {
        nested = Block {
            kind: BlockKind::List(List {
                kind: ListKind::Bullet,
                tight: true,
                lead: None,
                answer_lines: None,
                items: vec![ListItem {
                    marker: None,
                    checked: None,
                    blocks: vec![nested],
                    span: s,
                }],
            }),
            span: s,
        };
    }
    let huge_cell = "word ".repeat(2500);
    let blocks = vec![
        nested,
        Block {
            kind: BlockKind::CodeBlock {
                lang: None,
                text: "x".repeat(500),
            },
            span: s,
        },
        Block {
            kind: BlockKind::Table(Table {
                align: vec![],
                head: vec![],
                rows: vec![vec![vec![Inline::text(huge_cell, s)], vec![]]],
            }),
            span: s,
        },
        Block {
            kind: BlockKind::List(List {
                kind: ListKind::Check,
                tight: false,
                lead: None,
                answer_lines: None,
                items: vec![ListItem {
                    marker: None,
                    checked: None,
                    blocks: vec![],
                    span: s,
                }],
            }),
            span: s,
        },
        para(&"https://example.org/a/very/long/path/".repeat(12)),
    ];
    doc.chapters.push(Chapter {
        untitled: false,
        id: "c".into(),
        title: vec![],
        title_text: String::new(),
        heading_id: "c-t".into(),
        span: s,
        blocks,
        footnotes: vec![],
    });
    let (frames, _) = frames_of(&doc, Paper::A5);
    for f in &frames {
        for i in &f.items {
            if let FrameItem::Text(t) = i {
                assert!(
                    t.x >= 0.0 && t.x + t.width() <= f.width + 0.5,
                    "{:?} runs off",
                    t.text
                );
            }
        }
    }
    let r = render(
        &doc,
        &Theme::default(),
        &FontFiles::default_set(),
        &opts(Paper::A5),
    )
    .unwrap();
    assert!(r.bytes.starts_with(b"%PDF-1.7"));
}
#[test]
fn images_are_embedded_with_their_alpha_or_replaced_with_a_warning() {
    let mut doc = sample::sample_document();
    sample::add_figure(
        &mut doc,
        "rgba.png",
        crate::image::samples::good_png(30, 20, 6),
        1,
    );
    sample::add_figure(
        &mut doc,
        "rgb.png",
        crate::image::samples::good_png(30, 20, 2),
        2,
    );
    sample::add_figure(&mut doc, "anim.gif", b"GIF89a....".to_vec(), 3);
    let r = render(
        &doc,
        &Theme::default(),
        &FontFiles::default_set(),
        &opts(Paper::Letter),
    )
    .unwrap();
    let warned: Vec<_> = r.warnings.iter().filter(|d| d.code == "GB302").collect();
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(warned[0].message.contains("anim.gif"));
    let pdf = lopdf::Document::load_mem(&r.bytes).unwrap();
    let images: Vec<&lopdf::Stream> = pdf
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").ok().and_then(|n| n.as_name().ok()) == Some(b"Image"))
        .collect();
    // colour of the RGBA image, its soft mask, the RGB image
    assert_eq!(images.len(), 3);
    assert_eq!(images.iter().filter(|s| s.dict.has(b"SMask")).count(), 1);
    let (frames, _) = frames_of(&doc, Paper::Letter);
    let placed = frames
        .iter()
        .flat_map(|f| &f.items)
        .filter(|i| matches!(i, FrameItem::Image { .. }))
        .count();
    assert_eq!(placed, 2, "the GIF is a placeholder");
}

/// The frames of a manuscript on disk, with its own `[pdf]` settings.
fn frames_of_manuscript(path: &str) -> Vec<PageFrame> {
    let ms = crate::manuscript::load(std::path::Path::new(path)).unwrap();
    let (mut doc, _) = crate::parse::document(&ms).into_parts();
    crate::manuscript::load_assets(&mut doc, &ms);
    let o = TypesetOptions::from_config(&ms.config, None);
    layout_frames(&doc, &ms.config.theme, &ms.fonts, &o)
        .unwrap()
        .0
}

#[test]
fn no_paragraph_ends_with_the_rest_of_a_hyphenated_word() {
    use crate::testing::audit::penultimate_hyphens;
    let (sample, _) = frames_of(&sample::sample_document(), Paper::Letter);
    let guide = frames_of_manuscript("tests/fixtures/authors/user-guide.md");
    for (name, frames) in [("sample", &sample), ("user guide", &guide)] {
        let found = penultimate_hyphens(frames);
        assert!(found.is_empty(), "{name}: {found:#?}");
        let a = audit(frames);
        assert!(a.problems.is_empty(), "{name}: {:#?}", a.problems);
        assert!(a.max_space() < 0.5, "{name}: {}", a.widest);
    }
    // the check finds one: a hyphen added on the next-to-last line of a paragraph
    let mut frames = guide;
    let line = frames
        .iter_mut()
        .flat_map(|f| f.items.iter_mut())
        .find_map(|i| match i {
            FrameItem::Text(t) if t.info.para.is_some_and(|p| p.count >= 2) => Some(t),
            _ => None,
        })
        .unwrap();
    let pp = line.info.para.as_mut().unwrap();
    pp.index = pp.count - 2;
    line.text.push('\u{AD}');
    assert_eq!(penultimate_hyphens(&frames).len(), 1);
}

/// The answer lines of each page: the thin fills a reflection question's space is drawn with
/// (y from the page top), and the page's text lines (baseline, text).
fn answer_lines_and_text(frame: &PageFrame) -> (Vec<f32>, Vec<(f32, String)>) {
    let mut rules = Vec::new();
    let mut text = Vec::new();
    for item in &frame.items {
        match item {
            FrameItem::Fill { y, h, .. } if (*h - 0.5).abs() < 0.001 => rules.push(*y),
            FrameItem::Text(t) if t.info.kind.in_flow() => text.push((t.baseline, t.text.clone())),
            _ => {}
        }
    }
    (rules, text)
}

#[test]
fn reflection_questions_get_their_answer_lines_on_their_own_page() {
    let frames = frames_of_manuscript("tests/fixtures/authors/workbook.md");
    let want = [
        ("What was the argument really about?", 3),
        ("When did you first notice you were upset?", 3),
        ("What would “repair” look like to you?", 5),
        ("What do you need from me to feel safe again?", 3),
        ("One word for how you feel right now", 1),
        ("Agree on a time", 0),
    ];
    for (question, lines) in want {
        let (frame, at) = frames
            .iter()
            .find_map(|f| {
                let (_, text) = answer_lines_and_text(f);
                text.iter()
                    .find(|(_, t)| t == question)
                    .map(|(b, _)| (f, *b))
            })
            .unwrap_or_else(|| panic!("no line reads {question:?}"));
        let (rules, text) = answer_lines_and_text(frame);
        let next = text
            .iter()
            .map(|(b, _)| *b)
            .filter(|b| *b > at + 0.1)
            .fold(f32::MAX, f32::min);
        let under = rules.iter().filter(|y| **y > at && **y < next).count();
        assert_eq!(under, lines, "{question}");
    }
    // a prompt at a page foot moves over with its lines: no page opens with answer lines
    let mut book = String::from("# Prompts\n\n");
    for k in 0..60 {
        book.push_str(&"Some words to fill a page. ".repeat(k % 7 + 1));
        book.push_str(&format!("\n\nReflect:\n\n- Question {k} to answer?\n\n"));
    }
    let dir = std::env::temp_dir().join(format!("gb-prompts-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("01.md"), book).unwrap();
    let frames = frames_of_manuscript(dir.to_str().unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
    let mut seen = 0;
    for f in &frames {
        let (rules, text) = answer_lines_and_text(f);
        seen += rules.len();
        if let Some(first) = rules.iter().copied().reduce(f32::min) {
            assert!(
                text.iter()
                    .any(|(b, t)| *b < first && t.starts_with("Question")),
                "page {} opens with answer lines",
                f.label
            );
        }
    }
    assert_eq!(seen, 60 * 3);
}
