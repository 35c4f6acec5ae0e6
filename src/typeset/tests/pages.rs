//! Tests of page-level layout on whole books: chapters opening on rectos after a true blank,
//! table headers repeated on every page a table continues on, footnotes at the foot of their
//! reference's page (and the tall ones at the chapter's end), with the links both ways; and
//! no paper wasted by default: no blank page, the imprint on the title page one-sided, short
//! chapters running on (never a title at a page foot, the contents, outline and running heads
//! naming the page a title is drawn on) and long ones on new pages, symmetric or mirrored
//! margins, the untitled opening without a title or an entry, no contents for one chapter.

use super::super::*;
use super::{frames_of, openings, opts, page_link_targets};
use crate::config::{ChapterBreak, Paper, Sides};
use crate::diag::Span;
use crate::fonts::FontFiles;
use crate::model::{Block, BlockKind, Inline};
use crate::testing::audit::{self, audit};
use crate::testing::sample;
use crate::typeset::frame::{self, FrameItem, PageFrame};
use crate::typeset::page::body::runs_on;

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
    let t = typeset(&doc, &Theme::default(), &store, &opts(Paper::A5)).value;
    let openings = openings(&frames);
    let chapters: Vec<&page::compose::OutlineEntry> =
        t.outline.iter().filter(|o| o.level == 1).collect();
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

    let off = TypesetOptions {
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

    // one-sided too: the imprint shares the title page, the front matter is made even and
    // every chapter still opens on an odd page
    let one = frames_with(&doc, Paper::A5, ChapterBreak::Recto, Sides::One);
    assert!(audit::verso_openings(&one).is_empty());
    assert_eq!(super::openings(&one).len(), 6);
    assert!(one.iter().all(|f| f.kind != frame::PageKind::Imprint));
    assert!(audit::blank_pages(&one) > 0);
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

/// The frames of `doc` with the given chapter break and sides (hyphenation on, no imprint line).
fn frames_with(
    doc: &Document,
    paper: Paper,
    chapter_break: crate::config::ChapterBreak,
    sides: crate::config::Sides,
) -> Vec<PageFrame> {
    let o = TypesetOptions {
        chapter_break,
        sides,
        ..opts(paper)
    };
    layout_frames(doc, &Theme::default(), &FontFiles::default_set(), &o)
        .unwrap()
        .0
}

/// The options a `guide.toml` without a `[pdf]` table gives.
fn default_opts(paper: Paper) -> TypesetOptions {
    TypesetOptions::from_config(&crate::config::GuideConfig::default(), Some(paper))
}

/// For each page: the first lines of the chapter titles drawn on it.
fn titles_by_page(frames: &[PageFrame]) -> Vec<Vec<&frame::FrameText>> {
    frames
        .iter()
        .map(|f| {
            f.items
                .iter()
                .filter_map(|i| match i {
                    FrameItem::Text(t)
                        if t.info.kind == frame::LineKind::ChapterTitle
                            && t.info.para.is_none_or(|p| p.index == 0) =>
                    {
                        Some(t)
                    }
                    _ => None,
                })
                .collect()
        })
        .collect()
}

/// The last line of the text flow on each page, if any.
fn last_lines(frames: &[PageFrame]) -> Vec<Option<&frame::FrameText>> {
    frames
        .iter()
        .map(|f| {
            f.items
                .iter()
                .filter_map(|i| match i {
                    FrameItem::Text(t) if t.info.kind.in_flow() => Some(t),
                    _ => None,
                })
                .max_by(|a, b| a.baseline.total_cmp(&b.baseline))
        })
        .collect()
}

/// The defaults (`chapter_break = "auto"`, `sides = "one"`) add no blank page to any book:
/// short chapters, long ones, with footnotes, on every paper; and the imprint shares the
/// title page.
#[test]
fn the_defaults_waste_no_page() {
    assert_eq!(default_opts(Paper::A5).chapter_break, ChapterBreak::Auto);
    assert_eq!(default_opts(Paper::A5).sides, Sides::One);
    let books = [
        sample::sample_document(),
        sample::long_book(7, 180),
        sample::long_book(3, 1400),
        long_book_with_notes(false),
    ];
    for (b, doc) in books.iter().enumerate() {
        for paper in [Paper::Letter, Paper::A5] {
            let (frames, _) = layout_frames(
                doc,
                &Theme::default(),
                &FontFiles::default_set(),
                &default_opts(paper),
            )
            .unwrap();
            assert_eq!(audit::blank_pages(&frames), 0, "book {b} {paper:?}");
            assert!(frames
                .iter()
                .all(|f| f.kind != frame::PageKind::Blank && f.kind != frame::PageKind::Imprint));
            let a = audit(&frames);
            assert!(
                a.problems.is_empty(),
                "book {b} {paper:?}: {:#?}",
                a.problems
            );
            assert!(audit::notes_away(&frames).is_empty(), "book {b} {paper:?}");
        }
    }
    // the counter does count a blank: the recto layout of a book that needs one
    let (recto, _) = frames_of(&sample::long_book(6, 700), Paper::A5);
    let blanks = recto
        .iter()
        .filter(|f| f.kind == frame::PageKind::Blank)
        .count();
    assert!(blanks > 0);
    assert_eq!(audit::blank_pages(&recto), blanks);
}

/// One-sided, the imprint lines are at the foot of the title page (the date as words); two-
/// sided, they are on the back of it, as before.
#[test]
fn the_imprint_folds_to_the_title_page_foot_one_sided() {
    let mut doc = sample::sample_document();
    doc.meta.date = Some("2026-11-28".into());
    doc.meta.rights = Some("© 2026 The Author".into());
    let texts = |f: &PageFrame| -> Vec<(String, f32)> {
        f.items
            .iter()
            .filter_map(|i| match i {
                FrameItem::Text(t) => Some((t.text.clone(), t.baseline)),
                _ => None,
            })
            .collect()
    };
    let one = frames_with(&doc, Paper::Letter, ChapterBreak::Page, Sides::One);
    assert_eq!(one[0].kind, frame::PageKind::Title);
    assert_eq!(one[1].kind, frame::PageKind::Contents);
    let title = texts(&one[0]);
    let published = title
        .iter()
        .find(|(t, _)| t == "Published November 28, 2026")
        .expect("the date on the title page");
    assert!(title.iter().any(|(t, _)| t == "© 2026 The Author"));
    // below the authors, in the lower part of the page
    let authors = title
        .iter()
        .find(|(t, _)| *t == doc.meta.authors.join(", "))
        .unwrap();
    assert!(published.1 > authors.1);
    assert!(published.1 > one[0].height * 0.6);
    let two = frames_with(&doc, Paper::Letter, ChapterBreak::Page, Sides::Two);
    assert_eq!(two[1].kind, frame::PageKind::Imprint);
    assert!(texts(&two[1])
        .iter()
        .any(|(t, _)| t == "Published November 28, 2026"));
    assert!(!texts(&two[0])
        .iter()
        .any(|(t, _)| t.starts_with("Published")));
    // the same body; two-sided, one page more at least (the imprint) and an even front matter
    let body = |f: &[PageFrame]| f.iter().position(|p| p.label == "1").unwrap();
    assert_eq!(one.len() - body(&one), two.len() - body(&two));
    assert_eq!(body(&one), 2);
    assert!(body(&two) >= 3 && body(&two) % 2 == 0);
}

/// The `auto` rule itself: the median of the titled chapters' lengths against one text block.
#[test]
fn auto_runs_on_when_the_median_chapter_is_shorter_than_a_text_block() {
    assert!(runs_on(&[], 500.0));
    assert!(runs_on(&[100.0, 2000.0, 300.0], 500.0));
    assert!(!runs_on(&[100.0, 600.0, 700.0], 500.0));
    // an even count: the mean of the two middle ones (450 and 600 → 525)
    assert!(!runs_on(&[100.0, 450.0, 600.0, 3000.0], 500.0));
    assert!(runs_on(&[100.0, 450.0, 500.0, 3000.0], 500.0));
    assert!(!runs_on(&[500.0], 500.0));
}

/// Under `auto`, a book of short chapters runs them on (several titles share a page, with
/// space above them), and a book of long chapters opens each on a new page, as `page` does.
#[test]
fn auto_runs_short_chapters_on_and_opens_long_ones_on_new_pages() {
    let short = sample::long_book(8, 160);
    let frames = frames_with(&short, Paper::Letter, ChapterBreak::Auto, Sides::One);
    let titles = titles_by_page(&frames);
    let n: usize = titles.iter().map(Vec::len).sum();
    assert_eq!(n, 8);
    assert!(
        titles.iter().any(|t| t.len() >= 2),
        "no page has two chapter titles"
    );
    let pages = frames.len();
    let paged = frames_with(&short, Paper::Letter, ChapterBreak::Page, Sides::One);
    assert!(pages < paged.len(), "{pages} vs {}", paged.len());
    assert_eq!(
        frames_with(&short, Paper::Letter, ChapterBreak::None, Sides::One),
        frames
    );
    // a title in mid-page has more than two lines' worth of space above it
    let lead = Theme::default().body_size * Theme::default().line_height;
    for (p, ts) in titles.iter().enumerate() {
        for t in ts {
            let above = frames[p]
                .items
                .iter()
                .filter_map(|i| match i {
                    FrameItem::Text(o) if o.info.kind.in_flow() && o.baseline < t.baseline => {
                        Some(o.baseline)
                    }
                    _ => None,
                })
                .fold(f32::MIN, f32::max);
            if above > f32::MIN {
                assert!(t.baseline - above > 3.0 * lead, "page {p}: {}", t.text);
            }
        }
    }

    let long = sample::long_book(4, 1500);
    let frames = frames_with(&long, Paper::Letter, ChapterBreak::Auto, Sides::One);
    let titles = titles_by_page(&frames);
    let with_title: Vec<usize> = (0..frames.len())
        .filter(|&p| !titles[p].is_empty())
        .collect();
    assert_eq!(with_title.len(), 4);
    for &p in &with_title {
        assert_eq!(frames[p].kind, frame::PageKind::ChapterOpening);
        // the title is the first line on its page
        let first = frames[p]
            .items
            .iter()
            .filter_map(|i| match i {
                FrameItem::Text(t) if t.info.kind.in_flow() => Some(t.baseline),
                _ => None,
            })
            .fold(f32::MAX, f32::min);
        assert_eq!(first, titles[p][0].baseline);
    }
    assert_eq!(
        frames_with(&long, Paper::Letter, ChapterBreak::Page, Sides::One),
        frames
    );
}

/// Chapters of many lengths run on: no chapter title (nor any heading) is ever the last line
/// of a page, every page keeps the layout rules, and there is no blank page.
#[test]
fn a_run_on_chapter_title_is_never_at_a_page_foot() {
    let mut doc = sample::long_book(14, 260);
    // cut the chapters to different lengths so that their titles fall all over the page
    for (c, ch) in doc.chapters.iter_mut().enumerate() {
        let keep = 1 + (c * 5) % ch.blocks.len().max(1);
        ch.blocks.truncate(keep);
    }
    for paper in [Paper::Letter, Paper::A5, Paper::Trade] {
        let frames = frames_with(&doc, paper, ChapterBreak::None, Sides::One);
        let titles: usize = titles_by_page(&frames).iter().map(Vec::len).sum();
        assert_eq!(titles, 14, "{paper:?}");
        for (p, last) in last_lines(&frames).into_iter().enumerate() {
            let last = last.expect("a page with text");
            assert!(
                !matches!(
                    last.info.kind,
                    frame::LineKind::ChapterTitle | frame::LineKind::Heading(_)
                ),
                "{paper:?} page {p}: {:?} at the foot",
                last.text
            );
        }
        let a = audit(&frames);
        assert!(a.problems.is_empty(), "{paper:?}: {:#?}", a.problems);
        assert_eq!(audit::blank_pages(&frames), 0);
    }
}

/// With chapters running on, the outline, the contents (its links and its page numbers) and
/// the running heads name the page each chapter's title is drawn on, at its y.
#[test]
fn run_on_contents_and_outline_point_at_the_title_as_drawn() {
    let doc = sample::long_book(9, 230);
    let o = TypesetOptions {
        chapter_break: ChapterBreak::None,
        sides: Sides::One,
        ..opts(Paper::Letter)
    };
    let store = FontStore::new(&FontFiles::default_set()).unwrap();
    let t = typeset(&doc, &Theme::default(), &store, &o).value;
    let frames = &t.frames;
    let titles = titles_by_page(frames);
    let chapters: Vec<&page::compose::OutlineEntry> =
        t.outline.iter().filter(|e| e.level == 1).collect();
    assert_eq!(chapters.len(), 9);
    let contents: Vec<&PageFrame> = frames
        .iter()
        .filter(|f| f.kind == frame::PageKind::Contents)
        .collect();
    let links: Vec<(usize, f32)> = contents
        .iter()
        .flat_map(|f| &f.items)
        .filter_map(|i| match i {
            FrameItem::Link {
                target: frame::FrameLink::Page { page, y },
                ..
            } => Some((*page, *y)),
            _ => None,
        })
        .collect();
    let contents_text: Vec<&str> = contents
        .iter()
        .flat_map(|f| &f.items)
        .filter_map(|i| match i {
            FrameItem::Text(t) => Some(t.text.as_str()),
            _ => None,
        })
        .collect();
    let mut shared = 0;
    for e in &chapters {
        let p = titles
            .iter()
            .position(|ts| ts.iter().any(|t| e.title.starts_with(t.text.as_str())))
            .unwrap_or_else(|| panic!("{} is not drawn", e.title));
        let line = titles[p]
            .iter()
            .find(|t| e.title.starts_with(t.text.as_str()))
            .unwrap();
        assert_eq!(e.page, p, "{}", e.title);
        // the entry opens just above the title's first baseline
        assert!(
            e.y < line.baseline && line.baseline - e.y < 40.0,
            "{}",
            e.title
        );
        assert!(
            links.contains(&(e.page, e.y)),
            "no contents link to {}",
            e.title
        );
        assert!(contents_text.contains(&frames[p].label.as_str()));
        if frames[p].kind == frame::PageKind::Body {
            shared += 1;
        }
    }
    assert!(shared >= 3, "only {shared} titles in mid-page");
    // the running head of a page names the chapter current at its top
    for (p, f) in frames.iter().enumerate() {
        if f.kind != frame::PageKind::Body {
            continue;
        }
        let current = chapters.iter().rev().find(|e| {
            e.page < p || (e.page == p && titles[p].first().is_some_and(|t| t.baseline < 0.0))
        });
        let head = f
            .items
            .iter()
            .find_map(|i| match i {
                FrameItem::Text(t) if t.info.kind == frame::LineKind::RunningHead => {
                    Some(t.text.as_str())
                }
                _ => None,
            })
            .unwrap();
        let want = current.unwrap().title.as_str();
        assert!(
            head == want || (head.ends_with('…') && want.starts_with(head.trim_end_matches('…'))),
            "page {p}: {head:?} for {want:?}"
        );
    }
}

/// One-sided, every page has the same margin left and right; two-sided, the margins are
/// mirrored (the wider one outside), and the folio follows: centred at the foot one-sided,
/// at the outer edge two-sided.
#[test]
fn margins_are_symmetric_one_sided_and_mirrored_two_sided() {
    let doc = sample::long_book(3, 900);
    for paper in [Paper::Letter, Paper::A5] {
        let one = frames_with(&doc, paper, ChapterBreak::Page, Sides::One);
        let m = audit::margins(&one);
        assert!(m.iter().flatten().count() > 5);
        for (p, mm) in m.iter().enumerate() {
            if let Some((l, r)) = mm {
                assert!((l - r).abs() < 0.75, "{paper:?} page {p}: {l} vs {r}");
            }
        }
        let two = frames_with(&doc, paper, ChapterBreak::Page, Sides::Two);
        let m = audit::margins(&two);
        let (mut rectos, mut versos) = (0, 0);
        for (p, mm) in m.iter().enumerate() {
            if let Some((l, r)) = mm {
                if p % 2 == 0 {
                    assert!(r - l > 4.0, "{paper:?} recto {p}: {l} vs {r}");
                    rectos += 1;
                } else {
                    assert!(l - r > 4.0, "{paper:?} verso {p}: {l} vs {r}");
                    versos += 1;
                }
            }
        }
        assert!(rectos > 1 && versos > 1);
        let folio = |f: &PageFrame| {
            f.items
                .iter()
                .find_map(|i| match i {
                    FrameItem::Text(t) if t.info.kind == frame::LineKind::Folio => Some(t.clone()),
                    _ => None,
                })
                .unwrap()
        };
        for (p, f) in one.iter().enumerate() {
            if f.kind == frame::PageKind::Body {
                let t = folio(f);
                assert!(
                    (t.x + t.width() / 2.0 - f.width / 2.0).abs() < 0.5,
                    "page {p}"
                );
                assert!(t.baseline > f.height * 0.9, "page {p}");
            }
        }
        for (p, f) in two.iter().enumerate() {
            if f.kind == frame::PageKind::Body {
                let t = folio(f);
                let mid = t.x + t.width() / 2.0;
                assert_eq!(mid > f.width / 2.0, p % 2 == 0, "page {p}");
                assert!(t.baseline < f.height * 0.1, "page {p}");
            }
        }
    }
}

/// The untitled opening has no title drawn and no entry in the contents or the outline; it is
/// the first text of the body, and the first titled chapter follows it as `chapter_break`
/// says: on a new page (`page`), run on (`none`).
#[test]
fn the_untitled_opening_has_no_heading_and_no_entry() {
    let mut doc = sample::long_book(4, 200);
    doc.chapters[0].untitled = true;
    doc.chapters[0].title_text = doc.meta.title.clone();
    // short, like a foreword: the first chapter fits below it
    doc.chapters[0].blocks.truncate(2);
    let opening_title = doc.chapters[0].title_text.clone();
    let first_words = match &doc.chapters[0].blocks[0].kind {
        BlockKind::Paragraph(inl) => crate::model::plain_text(inl)
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" "),
        other => panic!("{other:?}"),
    };
    for brk in [ChapterBreak::Page, ChapterBreak::None, ChapterBreak::Recto] {
        let o = TypesetOptions {
            chapter_break: brk,
            sides: Sides::One,
            ..opts(Paper::Letter)
        };
        let store = FontStore::new(&FontFiles::default_set()).unwrap();
        let t = typeset(&doc, &Theme::default(), &store, &o).value;
        let frames = &t.frames;
        let titles = titles_by_page(frames);
        let n: usize = titles.iter().map(Vec::len).sum();
        assert_eq!(n, 3, "{brk:?}: only the titled chapters have a title drawn");
        assert!(t.outline.iter().all(|e| e.title != opening_title));
        assert_eq!(t.outline.iter().filter(|e| e.level == 1).count(), 3);
        let contents: Vec<&str> = frames
            .iter()
            .filter(|f| f.kind == frame::PageKind::Contents)
            .flat_map(|f| &f.items)
            .filter_map(|i| match i {
                FrameItem::Text(t) if t.info.kind == frame::LineKind::Contents => {
                    Some(t.text.as_str())
                }
                _ => None,
            })
            .collect();
        assert!(!contents.is_empty());
        assert!(!contents.iter().any(|t| t.contains(&opening_title)));
        // the body's first page starts with the opening's text
        let body = frames.iter().position(|f| f.label == "1").unwrap();
        let first = frames[body]
            .items
            .iter()
            .filter_map(|i| match i {
                FrameItem::Text(t) if t.info.kind.in_flow() => Some(t),
                _ => None,
            })
            .min_by(|a, b| a.baseline.total_cmp(&b.baseline))
            .unwrap();
        assert!(
            first.text.starts_with(&first_words),
            "{brk:?}: {:?}",
            first.text
        );
        assert_eq!(first.info.kind, frame::LineKind::Body);
        let second = titles.iter().position(|t| !t.is_empty()).unwrap();
        match brk {
            ChapterBreak::None => assert_eq!(
                second,
                body,
                "run on after the opening: {}",
                crate::testing::dump(&frames[body..=second])
            ),
            ChapterBreak::Recto => assert!(second > body && (second - body) % 2 == 0),
            _ => assert!(second > body),
        }
    }
}

/// A book with a single titled chapter has no contents page; with two it has one.
#[test]
fn one_chapter_needs_no_contents_page() {
    let mut doc = sample::long_book(2, 300);
    let frames = frames_with(&doc, Paper::Letter, ChapterBreak::Auto, Sides::One);
    assert_eq!(frames[1].kind, frame::PageKind::Contents);
    doc.chapters[0].untitled = true;
    let frames = frames_with(&doc, Paper::Letter, ChapterBreak::Auto, Sides::One);
    assert!(frames.iter().all(|f| f.kind != frame::PageKind::Contents));
    assert_eq!(frames[1].label, "1");
    doc.chapters.truncate(1);
    doc.chapters[0].untitled = false;
    let frames = frames_with(&doc, Paper::Letter, ChapterBreak::Auto, Sides::One);
    assert!(frames.iter().all(|f| f.kind != frame::PageKind::Contents));
}

/// Chapters that run on share pages, and their foot notes too: each note at the foot of its
/// reference's page, under the text.
#[test]
fn run_on_chapters_keep_their_notes_at_the_reference_page() {
    let doc = long_book_with_notes(false);
    let total: usize = doc.chapters.iter().map(|c| c.footnotes.len()).sum();
    for paper in [Paper::Letter, Paper::A5] {
        let frames = frames_with(&doc, paper, ChapterBreak::None, Sides::One);
        assert!(audit::notes_away(&frames).is_empty(), "{paper:?}");
        assert_eq!(note_firsts(&frames).len(), total, "{paper:?}");
        let a = audit(&frames);
        assert!(a.problems.is_empty(), "{paper:?}: {:#?}", a.problems);
    }
}
