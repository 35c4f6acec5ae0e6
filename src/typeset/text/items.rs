//! Pieces of a paragraph → the line breaker's boxes, glue and penalties, with the shaped glyphs
//! each item stands for. The pieces' text is read character by character: letters gather into
//! words (which may span pieces, e.g. "**self**-care"), soft hyphens mark break points in the
//! word, and spaces, hard breaks and zero-width spaces end it. Words are set by
//! [`crate::typeset::text::words`]; an inline image and a fill-in blank are one box each.

use crate::typeset::text::builder::{Builder, Built, Content, Frag};
use crate::typeset::text::linebreak::Kind;
use crate::typeset::text::piece::{Extra, ParaSpec, Piece};
use crate::typeset::text::tuning::Tuning;
use crate::typeset::text::words::flush_word;
use crate::typeset::text::FontStore;

/// The word being read: its fragments, the offsets of its soft hyphens (in the word's text)
/// and its length so far, bytes.
#[derive(Default)]
struct Word {
    frags: Vec<Frag>,
    shy: Vec<usize>,
    len: usize,
}

/// Builds the items of a paragraph. `hyphenate` may be false even when the spec allows it
/// (the breaker's first pass).
pub(crate) fn build(
    store: &FontStore,
    pieces: &[Piece],
    spec: &ParaSpec,
    tuning: &Tuning,
    hyphenate: bool,
) -> Built {
    let mut b = Builder::new(store, pieces, spec, tuning, hyphenate);
    let mut word = Word::default();
    // the last character of text seen, for phrase breaks in balanced text
    let mut prev: Option<char> = None;
    for (pi, piece) in pieces.iter().enumerate() {
        match piece.extra {
            Extra::Image { w, .. } => {
                // one box (glued to the words either side unless spaces part them)
                end_word(&mut b, &mut word);
                b.object(pi, w);
                continue;
            }
            Extra::Blank { w } => {
                // one box, never wider than a line
                end_word(&mut b, &mut word);
                b.object(pi, w.min(spec.width - spec.first_indent.max(0.0)).max(1.0));
                continue;
            }
            Extra::Plain | Extra::Strike => {}
        }
        read_piece(&mut b, &mut word, &mut prev, pi);
    }
    end_word(&mut b, &mut word);
    b.forced_break();
    b.out
}

/// Reads piece `pi`: its letters into `word`, and the items of what ends words.
fn read_piece(b: &mut Builder, word: &mut Word, prev: &mut Option<char>, pi: usize) {
    let pieces = b.pieces;
    let text = pieces[pi].text.as_str();
    let mut frag_start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let special = matches!(
            c,
            ' ' | '\t' | '\n' | '\r' | '\u{A0}' | '\u{AD}' | '\u{200B}'
        );
        if !special {
            frag_start.get_or_insert(i);
            *prev = Some(c);
            continue;
        }
        if let Some(s) = frag_start.take() {
            add_frag(word, pi, s, i);
        }
        if c == '\u{AD}' {
            word.shy.push(word.len);
            continue;
        }
        end_word(b, word);
        separator(b, pi, i, c, *prev);
    }
    if let Some(s) = frag_start {
        add_frag(word, pi, s, text.len());
    }
}

fn add_frag(word: &mut Word, piece: usize, start: usize, end: usize) {
    word.frags.push(Frag { piece, start, end });
    word.len += end - start;
}

/// Sets the word read so far, if any, and starts the next.
fn end_word(b: &mut Builder, word: &mut Word) {
    flush_word(b, &mut word.frags, &mut word.shy);
    word.len = 0;
}

/// The items of the character `c` at byte `at` of piece `pi`, which ends a word; `prev` is
/// the last character of text before it.
fn separator(b: &mut Builder, pi: usize, at: usize, c: char, prev: Option<char>) {
    match c {
        ' ' | '\t' => {
            if b.spec.balance && prev.is_some_and(ends_phrase) && !b.last_is_glue() {
                b.push(
                    Kind::Penalty {
                        penalty: b.tuning.phrase_penalty,
                        flagged: false,
                        hyphen: false,
                    },
                    0.0,
                    Content::Nothing,
                );
            }
            b.space(pi, at, true)
        }
        '\u{A0}' => b.space(pi, at, false),
        '\u{200B}' => b.push(
            Kind::Penalty {
                penalty: 0.0,
                flagged: false,
                hyphen: false,
            },
            0.0,
            Content::Nothing,
        ),
        '\n' => b.forced_break(),
        _ => {}
    }
}

/// Whether a word ending in `c` ends a phrase: a break after it reads well in a heading.
fn ends_phrase(c: char) -> bool {
    matches!(c, ':' | ';' | '—' | '–' | '?' | '!')
}
