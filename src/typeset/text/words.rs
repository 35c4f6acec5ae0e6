//! Words → boxes and in-word breaks: the memoised shape and break points of a one-piece word,
//! the slower path for words spanning pieces or with soft hyphens, break points kept only where
//! a glyph cluster starts (never inside a ligature), and tokens wider than the line (broken at
//! URL points, then between any letters, with a `GB302` warning).

use crate::diag::Diagnostic;
use crate::theme::FontRole;
use crate::typeset::text::builder::{Builder, Content, Frag};
use crate::typeset::text::hyphen::{url_breaks, word_breaks, BreakKind};
use crate::typeset::text::kern::kern_across;
use crate::typeset::text::linebreak::Kind;
use crate::typeset::text::memo::WordInfo;
use crate::typeset::text::shape::shape_units;
use crate::typeset::text::FontStore;
use std::borrow::Cow;
use std::ops::Range;
use std::rc::Rc;

/// The memoised shape and breaks of a one-piece word.
fn word_info(
    store: &FontStore,
    text: &str,
    role: FontRole,
    keep: bool,
    hyphenate: bool,
) -> Rc<WordInfo> {
    store.memo.word(role, keep, hyphenate, text, || {
        let shape = shape_units(store, text, role);
        let points = word_breaks(text, &[], keep, hyphenate, &store.exceptions);
        let index = (points.len() > INDEX_FROM).then(|| {
            let glyphs = shape.glyphs.iter().enumerate();
            ClusterIndex::new(glyphs.map(|(g, x)| (0, x.start, x.end, g)))
        });
        let breaks = points
            .into_iter()
            .filter_map(|(o, k)| {
                let g = match &index {
                    Some(index) => index.first(0, o as u32)?,
                    None => {
                        crate::typeset::cost::add(shape.glyphs.len());
                        shape
                            .glyphs
                            .iter()
                            .position(|g| g.end > g.start && g.start as usize == o)?
                    }
                };
                (g > 0).then_some((g as u32, k))
            })
            .collect();
        WordInfo { shape, breaks }
    })
}

/// From how many break points a word's clusters are indexed rather than scanned (the
/// same glyphs either way; a scan per point would make a huge word cost its length squared).
const INDEX_FROM: usize = 16;

/// The clusters of a word's glyphs, sorted by (fragment, byte offset in the fragment's
/// piece, glyph index): the first glyph of a cluster is found by binary search.
struct ClusterIndex(Vec<(usize, u32, usize)>);

impl ClusterIndex {
    /// From `(fragment, start, end, glyph index)` of each glyph; extra glyphs (an empty
    /// range) start no cluster.
    fn new(glyphs: impl Iterator<Item = (usize, u32, u32, usize)>) -> ClusterIndex {
        let mut v: Vec<(usize, u32, usize)> = glyphs
            .filter(|g| g.2 > g.1)
            .map(|(k, start, _, g)| (k, start, g))
            .collect();
        v.sort_unstable();
        ClusterIndex(v)
    }

    /// The first glyph of fragment `k` whose cluster starts at byte `start` of its piece.
    fn first(&self, k: usize, start: u32) -> Option<usize> {
        let i = self.0.partition_point(|e| (e.0, e.1) < (k, start));
        self.0
            .get(i)
            .filter(|e| e.0 == k && e.1 == start)
            .map(|e| e.2)
    }

    /// The index of the clusters of a word's glyphs (`starts`: each fragment's word offset
    /// and first glyph; the last fragment ends at glyph `end`).
    fn of_word(b: &Builder, starts: &[(usize, usize)], end: usize) -> ClusterIndex {
        let glyphs = starts.iter().enumerate().flat_map(|(k, &(_, gs))| {
            let ge = starts.get(k + 1).map_or(end, |s| s.1);
            (gs..ge).map(move |g| (k, g))
        });
        ClusterIndex::new(glyphs.map(|(k, g)| {
            let x = &b.out.glyphs[g];
            (k, x.start, x.end, g)
        }))
    }
}

/// Penalties for the kinds of break inside a word (the others are in `Tuning`).
const URL_PENALTY: f32 = 100.0;
const EMERGENCY_PENALTY: f32 = 1000.0;

/// A word's glyphs (`range` of the paragraph's), whether it is kept together, and its text.
struct WordGlyphs<'t> {
    range: Range<usize>,
    keep: bool,
    text: Cow<'t, str>,
}

/// Shapes a word (fragments of one or more pieces) and pushes its boxes and breaks.
pub(super) fn flush_word(b: &mut Builder, frags: &mut Vec<Frag>, shy: &mut Vec<usize>) {
    if frags.is_empty() {
        shy.clear();
        return;
    }
    let mut breaks = std::mem::take(&mut b.scratch_breaks);
    let mut starts = std::mem::take(&mut b.scratch_starts);
    breaks.clear();
    starts.clear();
    let word = if frags.len() == 1 && shy.is_empty() {
        one_piece(b, frags[0], &mut starts, &mut breaks)
    } else {
        many_pieces(b, frags, shy, &mut starts, &mut breaks)
    };
    // A token wider than the line is reported, and broken wherever it must be.
    let total: f32 = b.out.glyphs[word.range.clone()].iter().map(|g| g.adv).sum();
    if total > b.narrowest {
        overwide(b, frags, &starts, &word.range, &word.text, &mut breaks);
        breaks.sort_by_key(|k| k.0);
        breaks.dedup_by_key(|k| k.0);
    }
    push_word(b, &word, &breaks);
    frags.clear();
    shy.clear();
    b.scratch_breaks = breaks;
    b.scratch_starts = starts;
}

/// The common case, memoised: a word of one piece, without soft hyphens. Fills `starts` (the
/// word offset and first glyph of each fragment) and `breaks` (glyph index, kind).
fn one_piece<'a>(
    b: &mut Builder<'a>,
    f: Frag,
    starts: &mut Vec<(usize, usize)>,
    breaks: &mut Vec<(usize, BreakKind)>,
) -> WordGlyphs<'a> {
    let pieces = b.pieces;
    let piece = &pieces[f.piece];
    let text = &piece.text[f.start..f.end];
    let info = word_info(b.store, text, piece.role, piece.keep_together, b.hyphenate);
    b.report_missing(f.piece, &info.shape.missing);
    let range = b.glyphs(f.piece, f.start, &info.shape);
    starts.push((0, range.start));
    breaks.extend(
        info.breaks
            .iter()
            .map(|(g, k)| (range.start + *g as usize, *k)),
    );
    WordGlyphs {
        range,
        keep: piece.keep_together,
        text: Cow::Borrowed(text),
    }
}

/// A word spanning pieces, or with soft hyphens: each fragment shaped on its own, kerned to
/// the one before; the break points of the whole word's text kept where a cluster starts.
fn many_pieces<'a>(
    b: &mut Builder<'a>,
    frags: &[Frag],
    shy: &[usize],
    starts: &mut Vec<(usize, usize)>,
    breaks: &mut Vec<(usize, BreakKind)>,
) -> WordGlyphs<'a> {
    let pieces = b.pieces;
    let text: String = frags
        .iter()
        .map(|f| &pieces[f.piece].text[f.start..f.end])
        .collect();
    let keep = frags.iter().any(|f| pieces[f.piece].keep_together);
    let mut range = b.out.glyphs.len()..b.out.glyphs.len();
    let mut at = 0;
    for f in frags {
        let u = b.unit(f.piece, &pieces[f.piece].text[f.start..f.end]);
        let r = b.glyphs(f.piece, f.start, &u);
        if range.end > range.start && r.end > r.start {
            // the pair kern across the fragments' boundary (see `kern`)
            kern_across(b, range.end - 1, r.start);
        }
        starts.push((at, r.start));
        at += f.end - f.start;
        range.end = r.end;
    }
    let points = word_breaks(&text, shy, keep, b.hyphenate, &b.store.exceptions);
    let index = (points.len() > INDEX_FROM).then(|| ClusterIndex::of_word(b, starts, range.end));
    for (o, k) in points {
        if let Some(g) = glyph_at(b, frags, starts, range.end, o, index.as_ref()) {
            breaks.push((g, k));
        }
    }
    WordGlyphs {
        range,
        keep,
        text: Cow::Owned(text),
    }
}

/// Pushes a word's boxes, with a penalty at each of its `breaks` (sorted).
fn push_word(b: &mut Builder, word: &WordGlyphs, breaks: &[(usize, BreakKind)]) {
    let tuning = b.tuning;
    let mut from = word.range.start;
    for &(g, kind) in breaks {
        if g <= from || g >= word.range.end {
            continue;
        }
        b.box_of(from..g);
        let before = g - 1;
        let fix = b.out.glyphs[before].nat - b.out.glyphs[before].adv;
        let (penalty, flagged, hyphen) = match kind {
            BreakKind::Hyphen => (tuning.hyphen_penalty, true, hyphen_glyph(b, before)),
            BreakKind::Explicit => (tuning.explicit_penalty, true, None),
            BreakKind::Plain if word.keep => (URL_PENALTY, false, None),
            BreakKind::Plain => (tuning.explicit_penalty, false, None),
            BreakKind::Emergency => (EMERGENCY_PENALTY, false, None),
        };
        let hw = hyphen.map_or(0.0, |h| b.out.glyphs[h].adv);
        b.push(
            Kind::Penalty {
                penalty,
                flagged,
                hyphen: kind == BreakKind::Hyphen,
            },
            fix + hw,
            Content::WordBreak { hyphen, before },
        );
        from = g;
    }
    b.box_of(from..word.range.end);
}

/// The glyph index where word offset `o` starts a cluster, if it does (looked up in `index`
/// when there is one, else found by a scan of the fragment's glyphs).
fn glyph_at(
    b: &Builder,
    frags: &[Frag],
    starts: &[(usize, usize)],
    end: usize,
    o: usize,
    index: Option<&ClusterIndex>,
) -> Option<usize> {
    // the last fragment starting at or before `o` (the word offsets ascend)
    let k = starts.partition_point(|(s, _)| *s <= o).checked_sub(1)?;
    let (ws, gs) = starts[k];
    let f = frags[k];
    let target = (f.start + o - ws) as u32;
    let ge = starts.get(k + 1).map_or(end, |s| s.1);
    if o == ws {
        return (gs < ge).then_some(gs);
    }
    if let Some(index) = index {
        return index.first(k, target);
    }
    crate::typeset::cost::add(ge - gs);
    (gs..ge).find(|&g| {
        let x = &b.out.glyphs[g];
        x.end > x.start && x.start == target
    })
}

/// Width of the widest unbreakable stretch of a word (with room for a hyphen at a break).
/// `breaks` must be sorted.
fn widest_segment(b: &Builder, r: &Range<usize>, breaks: &[(usize, BreakKind)]) -> f32 {
    let mut from = r.start;
    let mut widest: f32 = 0.0;
    for c in breaks.iter().map(|k| k.0).chain(std::iter::once(r.end)) {
        let c = c.clamp(from, r.end);
        let w: f32 = b.out.glyphs[from..c].iter().map(|g| g.adv).sum();
        // About 0.35 em for a hyphen at a break inside the word.
        let hy = if c < r.end && c > r.start {
            b.out.glyphs[c - 1].size * 0.35
        } else {
            0.0
        };
        widest = widest.max(w + hy);
        from = c;
    }
    widest
}

/// A token wider than the measure: add URL break points, then break anywhere; warn.
fn overwide(
    b: &mut Builder,
    frags: &[Frag],
    starts: &[(usize, usize)],
    r: &Range<usize>,
    text: &str,
    breaks: &mut Vec<(usize, BreakKind)>,
) {
    // the whole token, as the message says (not its widest piece between break points)
    let width: f32 = b.out.glyphs[r.clone()].iter().map(|g| g.adv).sum();
    let points = url_breaks(text);
    let index = (points.len() > INDEX_FROM).then(|| ClusterIndex::of_word(b, starts, r.end));
    for o in points {
        if let Some(g) = glyph_at(b, frags, starts, r.end, o, index.as_ref()) {
            breaks.push((g, BreakKind::Plain));
        }
    }
    breaks.sort_by_key(|k| k.0);
    let mut how = "at its slashes and dots";
    if widest_segment(b, r, breaks) > b.narrowest {
        how = "between letters";
        letter_breaks(b, r, breaks);
    }
    let first = frags[0];
    let shown: String = text.chars().take(40).collect();
    b.out.diagnostics.push(
        Diagnostic::warning(
            "GB302",
            format!(
                "`{shown}{}` is wider than the line ({width:.1} pt > {:.1} pt); it is broken {how}",
                if text.chars().count() > 40 { "…" } else { "" },
                b.narrowest
            ),
        )
        .at(b.pieces[first.piece].span)
        .help("shorten it, or give it its own line (e.g. a link text instead of a bare URL)"),
    );
}

/// A stretch without break points longer than this many lines is broken only where a line
/// of the narrowest measure fills up, not after every letter: the lines come out the same
/// (first fit is all a run of letters allows), and the breaker has a few points per line to
/// weigh instead of one per letter, which for a word of a million letters is the difference
/// between a few and several hundred megabytes.
const LETTER_BREAKS_UP_TO: f32 = 8.0;

/// Emergency breaks in `r` (whose known break points, sorted, are in `breaks`): after every
/// cluster of a stretch between them, or, in a stretch longer than `LETTER_BREAKS_UP_TO`
/// lines, where each line of the narrowest measure fills up.
fn letter_breaks(b: &Builder, r: &Range<usize>, breaks: &mut Vec<(usize, BreakKind)>) {
    // (`breaks` is sorted: between two neighbouring bounds there is no known break point)
    let bounds: Vec<usize> = std::iter::once(r.start)
        .chain(
            breaks
                .iter()
                .map(|k| k.0)
                .filter(|&g| g > r.start && g < r.end),
        )
        .chain(std::iter::once(r.end))
        .collect();
    crate::typeset::cost::add(r.len());
    let starts_cluster = |g: usize| {
        let x = b.out.glyphs[g];
        x.end > x.start
    };
    for w in bounds.windows(2) {
        let (from, to) = (w[0], w[1]);
        let width: f32 = b.out.glyphs[from..to].iter().map(|g| g.adv).sum();
        if width <= LETTER_BREAKS_UP_TO * b.narrowest {
            for g in from + 1..to {
                if starts_cluster(g) {
                    breaks.push((g, BreakKind::Emergency));
                }
            }
            continue;
        }
        // cluster by cluster: a break before the one that would overfill the line
        let mut line = 0.0;
        let mut g = from;
        while g < to {
            let end = (g + 1..to).find(|&k| starts_cluster(k)).unwrap_or(to);
            let cw: f32 = b.out.glyphs[g..end].iter().map(|x| x.adv).sum();
            if line > 0.0 && line + cw > b.narrowest {
                breaks.push((g, BreakKind::Emergency));
                line = 0.0;
            }
            line += cw;
            g = end;
        }
    }
}

/// A hyphen glyph in the face and size of `before`'s piece.
fn hyphen_glyph(b: &mut Builder, before: usize) -> Option<usize> {
    let pi = b.out.glyphs[before].piece as usize;
    let u = b.unit(pi, "-");
    let r = b.glyphs(pi, 0, &u);
    let g = r.clone().next()?;
    // The hyphen is not in the source: no text range of its own.
    b.out.glyphs[g].start = 0;
    b.out.glyphs[g].end = 0;
    Some(g)
}
