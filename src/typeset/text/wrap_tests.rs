//! Tests of where lines end, beyond the breaker's basics: no hyphen on a paragraph's
//! next-to-last line when another breaking keeps the spaces under the limit, headings
//! balanced and broken after a phrase, other ragged text (sayings) filling its measure.

use crate::testing::paragraphs::{piece, spec, store};
use crate::theme::FontRole;
use crate::typeset::text::items::build;
use crate::typeset::text::tuning::Tuning;
use crate::typeset::text::*;

const TEXT: &str = "Healing begins the moment you acknowledge the pain you caused, and it \
continues through the uncomfortable conversations that follow. Responsibility means naming \
what happened without minimizing it, listening without interrupting, and understanding that \
reassurance is earned through consistent, unremarkable, everyday behaviour.";

/// The paragraph's breaks under `tuning`: whether its next-to-last line ends in an added
/// hyphen, and the widest word space (em).
fn set_with(width: f32, text: &str, tuning: &Tuning) -> (bool, f32) {
    let s = store();
    let sp = spec(width);
    let pieces = [piece(text)];
    let (r, _) = set_paragraph_traced(&s, &pieces, &sp, tuning);
    let n = r.lines.len();
    let fragment = n >= 2 && r.lines[n - 2].text.ends_with('\u{AD}');
    let widest = r.lines.iter().map(|l| l.max_space_em).fold(0.0, f32::max);
    (fragment, widest)
}

#[test]
fn no_hyphen_on_the_next_to_last_line_when_another_breaking_exists() {
    // TeX's weak final-hyphen demerits, as before: at some of these measures the best
    // breaking leaves the end of a hyphenated word to start the last line.
    let weak = Tuning {
        penultimate_hyphen_demerits: 5000.0,
        ..Tuning::default()
    };
    let strong = Tuning::default();
    let words: Vec<&str> = TEXT.split(' ').collect();
    let (mut before, mut after, mut n) = (0, 0, 0);
    // the paragraph from its k-th word on, at measures around the book's
    for k in (0..words.len() / 2).step_by(2) {
        let text = words[k..].join(" ");
        for w in (0..12).map(|i| 300.0 + 7.0 * i as f32) {
            let (weak_frag, _) = set_with(w, &text, &weak);
            let (frag, widest) = set_with(w, &text, &strong);
            before += usize::from(weak_frag);
            after += usize::from(frag);
            n += 1;
            assert!(widest < 0.5, "{k} at {w}: a space of {widest} em");
        }
    }
    // (measured: 40 before, 3 after, of 120: the 3 that no breaking with spaces under
    // 0.5 em and letters spaced by at most 2.5 % avoids)
    assert!(before >= n / 4, "the weak rule left only {before} of {n}");
    assert!(
        after * 10 <= before,
        "{after} of {n} still end in a fragment ({before} before)"
    );
}

#[test]
fn a_hyphen_on_the_next_to_last_line_stays_when_nothing_else_fits() {
    // One long word at the end of a two-line paragraph: without its hyphen the first line
    // would be far too loose or too tight.
    let text = "Bring tea. Internationalization";
    let s = store();
    let sp = spec(95.0);
    let r = set_paragraph(&s, &[piece(text)], &sp);
    assert_eq!(
        r.lines.len(),
        2,
        "{:?}",
        r.lines.iter().map(|l| &l.text).collect::<Vec<_>>()
    );
    assert!(r.lines[0].text.ends_with('\u{AD}'), "{}", r.lines[0].text);
}

/// A heading set at `size` on `width`: its lines' texts.
fn heading(text: &str, width: f32, size: f32) -> Vec<String> {
    let s = store();
    let mut sp = spec(width);
    sp.align = ParaAlign::Left;
    sp.hyphenate = false;
    sp.balance = true;
    let mut p = piece(text);
    p.role = FontRole::Heading;
    p.size = size;
    set_paragraph(&s, &[p], &sp)
        .lines
        .into_iter()
        .map(|l| l.text.trim_end().to_string())
        .collect()
}

const LONG_TITLE: &str = "Final Thoughts: You Won’t Always Get It Right — Keep Coming Back Anyway";

#[test]
fn a_heading_breaks_after_a_phrase() {
    for (width, size) in [(340.0, 22.0), (300.0, 15.0), (420.0, 22.0), (260.0, 10.5)] {
        let lines = heading(LONG_TITLE, width, size);
        assert!(lines.len() >= 2, "{width}/{size}: {lines:?}");
        for l in &lines[..lines.len() - 1] {
            assert!(
                l.ends_with(':') || l.ends_with('—'),
                "{width}/{size}: a line ends inside a phrase: {lines:?}"
            );
        }
        // no line is one short word
        for l in &lines {
            assert!(l.contains(' '), "{width}/{size}: {lines:?}");
        }
    }
}

#[test]
fn a_heading_that_fits_on_one_line_is_not_split_at_its_colon() {
    let lines = heading("Step 1: Pick Your Moment", 340.0, 22.0);
    assert_eq!(lines, vec!["Step 1: Pick Your Moment".to_string()]);
}

#[test]
fn a_heading_without_phrases_gets_balanced_lines() {
    let text = "Take Full Responsibility for What Happened Between the Two of You";
    let lines = heading(text, 340.0, 22.0);
    assert_eq!(lines.len(), 2, "{lines:?}");
    // greedy fill would leave "You" or "of You" alone
    let s = store();
    let w = |t: &str| shape(&s, t, FontRole::Heading, 22.0).width;
    let (a, b) = (w(&lines[0]), w(&lines[1]));
    assert!((a - b).abs() < 0.3 * 340.0, "{lines:?}: {a} / {b}");
}

#[test]
fn phrase_breaks_are_only_in_balanced_text() {
    let s = store();
    let count = |balance: bool| {
        let mut sp = spec(300.0);
        sp.align = ParaAlign::Left;
        sp.hyphenate = false;
        sp.balance = balance;
        build(&s, &[piece(LONG_TITLE)], &sp, &Tuning::default(), false)
            .items
            .iter()
            .filter(|i| {
                matches!(i.kind, crate::typeset::text::linebreak::Kind::Penalty { penalty, .. }
                    if penalty < 0.0 && penalty > -crate::typeset::text::linebreak::INF_PENALTY)
            })
            .count()
    };
    assert_eq!(count(true), 2);
    assert_eq!(count(false), 0);
}

#[test]
fn ragged_text_that_is_not_balanced_fills_its_lines() {
    // a saying: ragged, unhyphenated, not a heading
    let s = store();
    let mut sp = spec(300.0);
    sp.align = ParaAlign::Left;
    sp.hyphenate = false;
    let text = "“I can see how this hurt you, and you’re right to feel this way. I’m truly \
sorry, and I want to understand what it has been like for you since then.”";
    let r = set_paragraph(&s, &[piece(text)], &sp);
    assert!(r.lines.len() >= 2);
    let w = |t: &str| shape(&s, t, FontRole::Body, 10.0).width;
    for pair in r.lines.windows(2) {
        let next_word = pair[1].text.split(' ').next().unwrap_or("");
        assert!(
            pair[0].width + w(" ") + w(next_word) > sp.width - 3.0 * sp.em,
            "{:?} leaves room for {next_word:?}",
            pair[0].text
        );
    }
}
