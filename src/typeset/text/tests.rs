//! Tests of paragraph setting as a whole: shaping, hyphenation, Knuth–Plass breaking and line
//! layout together, on fixed text and on random word lists (proptest).

use crate::diag::Span;
use crate::testing::paragraphs::{piece, spec, store};
use crate::theme::FontRole;
use crate::typeset::text::firstfit::{greedy, total_demerits};
use crate::typeset::text::items::build;
use crate::typeset::text::linebreak::{knuth_plass, Kind};
use crate::typeset::text::passes::params_for;
use crate::typeset::text::tuning::Tuning;
use crate::typeset::text::*;
use proptest::prelude::*;

const TEXT: &str = "Repairing trust is slow work, and it begins with taking responsibility for \
what happened without excuses. Say what you did, name the effect it had on the other person, \
and ask what they need from you now. Then keep the small promises you make, consistently, \
for as long as it takes; reliability over weeks and months is what rebuilds confidence.";

/// The letters of a text in order: no spaces, hyphens or soft hyphens.
fn letters(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{AD}'))
        .collect()
}

fn all_text(r: &ParaResult) -> String {
    r.lines.iter().map(|l| l.text.as_str()).collect()
}

/// Checks the invariants every set paragraph must keep.
fn check_lines(r: &ParaResult, sp: &ParaSpec, source: &str) {
    assert_eq!(
        letters(&all_text(r)),
        letters(source),
        "text lost or reordered"
    );
    let n = r.lines.len();
    for (i, l) in r.lines.iter().enumerate() {
        let limit = if i == 0 {
            sp.width - sp.first_indent
        } else {
            sp.width
        };
        assert!(!l.overfull, "overfull line {i}: {}", l.text);
        assert!(
            l.width <= limit + 0.01,
            "line {i} is {} > {limit}: {}",
            l.width,
            l.text
        );
        // Justified, except the last line, lines ending at a hard break, and lines without a
        // space to stretch (a lone word fragment on a narrow measure).
        let last = i + 1 == n;
        let hard = source.contains('\n');
        if sp.align == ParaAlign::Justify && !last && !hard && l.max_space_em > 0.0 {
            assert!(
                (l.width - limit).abs() < 0.01,
                "line {i} not justified: {}",
                l.width
            );
        }
        // Glyph positions increase and stay inside the measure.
        let xs: Vec<f32> = l
            .runs
            .iter()
            .flat_map(|r| r.glyphs.iter().map(|g| g.x))
            .collect();
        assert!(xs.windows(2).all(|w| w[1] >= w[0] - 0.5), "{xs:?}");
        assert!(xs.iter().all(|x| *x >= -0.01 && *x <= sp.width + 0.01));
    }
}

#[test]
fn justified_lines_fill_the_measure_and_the_last_is_ragged() {
    let s = store();
    let sp = spec(300.0);
    let r = set_paragraph(&s, &[piece(TEXT)], &sp);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert!(r.lines.len() >= 4);
    check_lines(&r, &sp, TEXT);
    let last = r.lines.last().unwrap();
    assert!(
        last.width < 290.0,
        "last line should be ragged: {}",
        last.width
    );
    // Natural spaces on the last line (Literata's space is 0.2 em).
    assert!(
        (last.max_space_em - 0.2).abs() < 0.01,
        "{}",
        last.max_space_em
    );
    assert!(r.lines.iter().all(|l| l.max_space_em < 0.5));
    assert!(r.lines.iter().all(|l| l.ascent > 7.0 && l.descent > 1.0));
}

/// Long words the patterns cannot break ("promise") leave no breaking with spaces alone under
/// 0.5 em: the last resort spaces the letters of a line by at most 2.5% of their width (here
/// +0.011 em between letters) and keeps every space under 0.5 em; ordinary text never needs it.
#[test]
fn letter_spacing_is_the_last_resort() {
    const HARD: &str = "Emotional agreements promise with, their acknowledgement promise \
patience carefully excuses to time what with broken a. Apologise that honestly over \
consistency of pace, defensiveness promise in relationship it.";
    let s = store();
    let mut sp = spec(341.0);
    sp.em = 10.5;
    let mut p = piece(HARD);
    p.size = 10.5;
    let r = set_paragraph(&s, std::slice::from_ref(&p), &sp);
    check_lines(&r, &sp, HARD);
    let spaced: Vec<&SetLine> = r
        .lines
        .iter()
        .filter(|l| l.letter_space_em != 0.0)
        .collect();
    assert!(!spaced.is_empty(), "no line letter-spaced");
    for l in &r.lines[..r.lines.len() - 1] {
        assert!(l.max_space_em < 0.5, "{} em: {}", l.max_space_em, l.text);
        assert!(
            l.letter_space_em.abs() < 0.02,
            "{}: {}",
            l.letter_space_em,
            l.text
        );
    }
    // With spaces alone (no letter-spacing pass) some line is looser than 0.5 em.
    let t = Tuning {
        track_from: 9,
        ..Tuning::default()
    };
    let (alone, pass) = set_paragraph_traced(&s, &[p], &sp, &t);
    assert!(pass > 1);
    assert!(alone.lines.iter().any(|l| l.max_space_em > 0.5));
    assert!(alone.lines.iter().all(|l| l.letter_space_em == 0.0));
    // Ordinary text: never letter-spaced.
    let plain = set_paragraph(&s, &[piece(TEXT)], &spec(300.0));
    assert!(plain.lines.iter().all(|l| l.letter_space_em == 0.0));
}

#[test]
fn first_indent_shortens_and_shifts_the_first_line() {
    let s = store();
    let mut sp = spec(300.0);
    sp.first_indent = 15.0;
    let r = set_paragraph(&s, &[piece(TEXT)], &sp);
    check_lines(&r, &sp, TEXT);
    let first_x = r.lines[0].runs[0].glyphs[0].x;
    assert!((first_x - 15.0).abs() < 1.0, "{first_x}");
}

#[test]
fn knuth_plass_beats_or_equals_first_fit() {
    let s = store();
    let sp = spec(250.0);
    let t = Tuning::default();
    let built = build(&s, &[piece(TEXT)], &sp, &t, true);
    let mut p = params_for(&sp, &t);
    p.tolerance = f32::INFINITY;
    p.max_hyphen_run = u8::MAX;
    let kp = knuth_plass(&built.items, &p).expect("a breaking exists");
    let ff = greedy(&built.items, &p);
    let dk = total_demerits(&built.items, &kp, &p).unwrap();
    let df = total_demerits(&built.items, &ff, &p).expect("first fit is not overfull here");
    assert!(dk <= df, "KP {dk} > first fit {df}");
    assert!(kp.iter().all(|b| b.ratio >= -1.0));
}

#[test]
fn hard_break_ends_a_line_ragged() {
    let s = store();
    let sp = spec(300.0);
    let text = "Say it plainly:\nI broke your trust, and I am sorry for the hurt it caused you and the people who rely on us both.";
    let r = set_paragraph(&s, &[piece(text)], &sp);
    assert_eq!(r.lines[0].text, "Say it plainly:");
    assert!(r.lines[0].width < 100.0);
    assert!(r.lines.len() >= 3);
    check_lines(&r, &sp, text);
}

#[test]
fn missing_character_is_reported_at_its_span() {
    let s = store();
    let mut p = piece("Don\u{2019}t say \u{10FFFD} this");
    p.span = Span::new(3, 10, 30);
    let r = set_paragraph(&s, &[p], &spec(300.0));
    assert_eq!(r.diagnostics.len(), 1);
    let d = &r.diagnostics[0];
    assert_eq!(d.code, "GB301");
    assert!(d.message.contains("U+10FFFD"), "{}", d.message);
    assert!(d.message.contains('\u{10FFFD}'));
    assert_eq!(d.span, Some(Span::new(3, 10, 30)));
    // Drawn as the replacement box, the text keeping the character.
    assert_eq!(r.lines[0].text, "Don\u{2019}t say \u{10FFFD} this");
    let (face, gid) = s.replacement().unwrap();
    let (boxed, _) = r.lines[0]
        .glyphs()
        .find(|(_, t)| *t == "\u{10FFFD}")
        .expect("a glyph for the character");
    let run = (r.lines[0].runs.iter())
        .find(|run| run.glyphs.iter().any(|g| std::ptr::eq(g, boxed)))
        .unwrap();
    assert_eq!((run.face, boxed.gid), (face, gid));
}

#[test]
fn check_mark_falls_back_to_sans_in_a_body_paragraph() {
    let s = store();
    let r = set_paragraph(&s, &[piece("\u{2714} Listen first")], &spec(300.0));
    assert!(r.diagnostics.is_empty());
    let runs = &r.lines[0].runs;
    assert_eq!(runs[0].face, s.face_for(FontRole::Sans));
    assert_eq!(r.lines[0].glyphs().next().unwrap().1, "\u{2714}");
    assert_eq!(runs[1].face, s.face_for(FontRole::Body));
}

#[test]
fn long_url_is_broken_and_reported() {
    let s = store();
    let sp = spec(150.0);
    let url = "https://www.example.org/guides/repairing-trust/chapter-two/acknowledge-the-hurt";
    let mut u = piece(url);
    u.keep_together = true;
    u.link = Some(Link::Uri(url.into()));
    u.span = Span::new(0, 40, 40 + url.len());
    let pieces = [piece("Read more at "), u, piece(" when you can.")];
    let r = set_paragraph(&s, &pieces, &sp);
    check_lines(&r, &sp, &format!("Read more at {url} when you can."));
    let d: Vec<_> = r.diagnostics.iter().filter(|d| d.code == "GB302").collect();
    assert_eq!(d.len(), 1, "{:?}", r.diagnostics);
    assert_eq!(d[0].span, Some(Span::new(0, 40, 40 + url.len())));
    // the message compares the URL's whole width with the line's
    let (wide, line) = d[0].message.split_once(" pt > ").unwrap();
    let wide: f32 = wide.rsplit('(').next().unwrap().parse().unwrap();
    assert!(
        wide > 150.0 && line.starts_with("150.0 pt"),
        "{}",
        d[0].message
    );
    // Broken at URL points, never with an added hyphen.
    assert!(r
        .lines
        .iter()
        .all(|l| !l.hyphenated || l.text.ends_with("-")));
    let links: usize = r.lines.iter().map(|l| l.links.len()).sum();
    assert!(links >= 2, "the link continues over lines");
    for l in &r.lines {
        for b in &l.links {
            assert!(b.x0 < b.x1 && b.x1 <= sp.width + 0.01);
        }
    }
}

#[test]
fn a_word_wider_than_the_line_breaks_between_letters() {
    let s = store();
    let sp = spec(40.0);
    let w = "Pneumonoultramicroscopicsilicovolcanoconiosis";
    let mut p = piece(w);
    p.keep_together = true;
    let r = set_paragraph(&s, &[p], &sp);
    check_lines(&r, &sp, w);
    assert!(r.lines.len() >= 4);
    assert!(r
        .diagnostics
        .iter()
        .any(|d| d.code == "GB302" && d.message.contains("between letters")));
}

#[test]
fn a_huge_word_gets_a_few_break_points_per_line_not_one_per_letter() {
    let s = store();
    let sp = spec(150.0);
    let w = "x".repeat(20_000);
    let mut p = piece(&w);
    p.keep_together = true;
    let built = build(&s, std::slice::from_ref(&p), &sp, &Tuning::default(), true);
    let breaks = built
        .items
        .iter()
        .filter(|i| matches!(i.kind, Kind::Penalty { .. }))
        .count();
    let r = set_paragraph(&s, &[p], &sp);
    check_lines(&r, &sp, &w);
    // every line but the last is full: the breaks fall where a line fills up
    let lines = r.lines.len();
    assert!(lines > 100, "{lines} lines");
    assert!(
        breaks <= 2 * lines,
        "{breaks} break points for {lines} lines"
    );
    for l in &r.lines[..lines - 1] {
        assert!(
            l.width > 0.9 * sp.width,
            "a short line: {} of {}",
            l.width,
            sp.width
        );
    }
}

#[test]
fn a_huge_url_is_one_shared_link_target() {
    let s = store();
    let sp = spec(150.0);
    let url = format!("https://example.org/{}", "a".repeat(20_000));
    let mut u = piece(&url);
    u.keep_together = true;
    u.link = Some(Link::Uri(url.as_str().into()));
    let r = set_paragraph(&s, &[piece("See "), u], &sp);
    let boxes: Vec<&LinkBox> = r.lines.iter().flat_map(|l| &l.links).collect();
    assert!(boxes.len() > 100, "{} link boxes", boxes.len());
    let Some(Link::Uri(first)) = boxes.first().map(|b| &b.target) else {
        panic!("no link box");
    };
    for b in &boxes {
        let Link::Uri(u) = &b.target else {
            panic!("{:?}", b.target)
        };
        assert!(std::sync::Arc::ptr_eq(u, first), "a copy of the URL");
    }
}

#[test]
fn soft_hyphens_are_honoured_and_not_drawn() {
    let s = store();
    let sp = spec(120.0);
    let text = "aaaa aaaa aaaa coun\u{AD}sel\u{AD}or\u{AD}ship";
    let r = set_paragraph(&s, &[piece(text)], &sp);
    check_lines(&r, &sp, text);
    // Soft hyphens are not drawn; an added hyphen reads as U+00AD, only at a line end.
    for l in &r.lines {
        let inner = l.text.trim_end_matches('\u{AD}');
        assert!(
            !inner.contains('\u{AD}') && !inner.contains('-'),
            "{}",
            l.text
        );
        assert_eq!(l.hyphenated, l.text.ends_with('\u{AD}'));
        let glyphs: Vec<&PlacedGlyph> = l.runs.iter().flat_map(|r| &r.glyphs).collect();
        if l.hyphenated {
            assert_eq!(l.glyphs().last().unwrap().1, "\u{AD}");
            let hy = shape(&s, "-", FontRole::Body, 10.0);
            assert_eq!(glyphs.last().unwrap().gid, hy.glyphs[0].gid);
        }
    }
    for l in &r.lines[..r.lines.len() - 1] {
        if l.hyphenated {
            let t = l.text.trim_end_matches('\u{AD}');
            assert!(
                t.ends_with("coun") || t.ends_with("sel") || t.ends_with("or"),
                "{}",
                l.text
            );
        }
    }
}

#[test]
fn ragged_heading_is_balanced_and_unhyphenated() {
    let s = store();
    let mut sp = spec(200.0);
    sp.align = ParaAlign::Left;
    sp.hyphenate = false;
    let mut p = piece("Take Full Responsibility for What Happened Between You");
    p.role = FontRole::Heading;
    p.size = 18.0;
    let r = set_paragraph(&s, &[p], &sp);
    assert!(r.lines.len() >= 2);
    assert!(r
        .lines
        .iter()
        .all(|l| !l.hyphenated && !l.text.ends_with('-')));
    let widths: Vec<f32> = r.lines.iter().map(|l| l.width).collect();
    let (lo, hi) = widths
        .iter()
        .fold((f32::MAX, 0f32), |(a, b), w| (a.min(*w), b.max(*w)));
    assert!(hi - lo < 0.45 * sp.width, "unbalanced: {widths:?}");
    // Natural spaces: Source Sans's space is 0.2 em of 18 pt.
    for l in &r.lines {
        assert!(
            l.max_space_em <= 0.2 * 18.0 / 10.0 + 0.01,
            "{}",
            l.max_space_em
        );
    }
}

#[test]
fn centre_and_right_alignment_offset_the_glyphs() {
    let s = store();
    for (align, expect) in [(ParaAlign::Center, 0.5), (ParaAlign::Right, 1.0)] {
        let mut sp = spec(300.0);
        sp.align = align;
        let r = set_paragraph(&s, &[piece("Chapter One")], &sp);
        let l = &r.lines[0];
        let x0 = l.runs[0].glyphs[0].x;
        assert!(
            (x0 - (300.0 - l.width) * expect).abs() < 0.5,
            "{align:?} {x0}"
        );
    }
}

#[test]
fn pieces_keep_their_style_and_links() {
    let s = store();
    let mut b = piece("responsibility");
    b.role = FontRole::BodyBold;
    b.color = (0.5, 0.0, 0.0);
    let mut l = piece("see the next chapter");
    l.link = Some(Link::Internal("ch-2".into()));
    let pieces = [piece("Take "), b, piece(" and "), l, piece(".")];
    let r = set_paragraph(&s, &pieces, &spec(400.0));
    let line = &r.lines[0];
    assert_eq!(line.text, "Take responsibility and see the next chapter.");
    let bold = line
        .runs
        .iter()
        .find(|r| r.face == s.face_for(FontRole::BodyBold))
        .unwrap();
    assert_eq!(bold.color, (0.5, 0.0, 0.0));
    assert_eq!(line.links.len(), 1);
    let lb = &line.links[0];
    assert_eq!(lb.target, Link::Internal("ch-2".into()));
    assert!(lb.x0 > 100.0 && lb.x1 > lb.x0 + 50.0);
    // The cross-piece word "chapter." is one word: no break between "chapter" and ".".
    assert!(r.diagnostics.is_empty());
}

#[test]
fn ligature_in_a_paragraph_keeps_its_text() {
    let s = store();
    let r = set_paragraph(&s, &[piece("official finish")], &spec(300.0));
    assert!(
        r.lines[0].glyphs().any(|(_, t)| t == "ffi" || t == "fi"),
        "no ligature"
    );
    assert_eq!(r.lines[0].text, "official finish");
}

#[test]
fn empty_and_space_only_paragraphs_do_not_panic() {
    let s = store();
    for t in ["", "   ", "\n", "a\n\nb", "\u{AD}", "\u{200B}x"] {
        let r = set_paragraph(&s, &[piece(t)], &spec(100.0));
        assert!(r.lines.iter().all(|l| !l.overfull), "{t:?}");
    }
    let r = set_paragraph(&s, &[], &spec(100.0));
    assert!(r.lines.len() <= 1);
    // Degenerate measures: no panic; only a glyph wider than the line may be overfull.
    for w in [0.0, 1.0, 4.0, -5.0, f32::NAN] {
        let r = set_paragraph(&s, &[piece("Trust, slowly.")], &spec(w));
        assert_eq!(letters(&all_text(&r)), "Trust,slowly.");
    }
    let mut sp = spec(100.0);
    sp.first_indent = -12.0;
    let r = set_paragraph(&s, &[piece(TEXT)], &sp);
    assert_eq!(letters(&all_text(&r)), letters(TEXT));
}

const WORDS: &[&str] = &[
    "a",
    "trust",
    "is",
    "rebuilt",
    "through",
    "consistent",
    "actions",
    "responsibility",
    "acknowledgement",
    "communication",
    "the",
    "of",
    "understanding",
    "self-respect",
    "relationship",
    "transparency",
    "and",
    "patience",
    "counselor",
    "apology",
    "we",
    "uncomfortable",
    "predictability",
    "it",
    "vulnerability",
    "accountability",
    "day-to-day",
];

fn words_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 1..80).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn no_line_exceeds_the_measure(text in words_strategy(), width in 60.0f32..400.0, indent in 0.0f32..20.0) {
        let s = store();
        let mut sp = spec(width);
        sp.first_indent = indent;
        let r = set_paragraph(&s, &[piece(&text)], &sp);
        check_lines(&r, &sp, &text);
    }

    #[test]
    fn never_three_hyphenated_lines_in_a_row(text in words_strategy(), width in 90.0f32..160.0) {
        let s = store();
        let sp = spec(width);
        let r = set_paragraph(&s, &[piece(&text)], &sp);
        let mut run = 0;
        for l in &r.lines {
            run = if l.hyphenated { run + 1 } else { 0 };
            prop_assert!(run <= 2, "three hyphenated lines in a row at {width}: {:?}",
                r.lines.iter().map(|l| l.text.clone()).collect::<Vec<_>>());
        }
    }
}
