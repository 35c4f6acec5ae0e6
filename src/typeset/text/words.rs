//! Words → boxes and in-word breaks: the memoised shape and break points of a one-piece word,
//! the slower path for words spanning pieces or with soft hyphens, break points kept only where
//! a glyph cluster starts (never inside a ligature), and tokens wider than the line (broken at
//! URL points, then between any letters, with a `GB302` warning).

use crate::diag::Diagnostic;
use crate::theme::FontRole;
use crate::typeset::text::hyphen::{url_breaks, word_breaks, BreakKind};
use crate::typeset::text::items::{Builder, Content, Frag};
use crate::typeset::text::linebreak::Kind;
use crate::typeset::text::memo::WordInfo;
use crate::typeset::text::shape::shape_units;
use crate::typeset::text::store::FontStore;
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
        let breaks = word_breaks(text, &[], keep, hyphenate, &store.exceptions)
            .into_iter()
            .filter_map(|(o, k)| {
                let g = shape
                    .glyphs
                    .iter()
                    .position(|g| g.end > g.start && g.start as usize == o)?;
                (g > 0).then_some((g as u32, k))
            })
            .collect();
        WordInfo { shape, breaks }
    })
}

/// Penalties for the kinds of break inside a word (the others are in `Tuning`).
const URL_PENALTY: f32 = 100.0;
const EMERGENCY_PENALTY: f32 = 1000.0;

impl Builder<'_> {
    /// Shapes a word (fragments of one or more pieces) and pushes its boxes and breaks.
    pub(super) fn flush_word(&mut self, frags: &mut Vec<Frag>, shy: &mut Vec<usize>) {
        if frags.is_empty() {
            shy.clear();
            return;
        }
        let mut breaks = std::mem::take(&mut self.scratch_breaks);
        let mut starts = std::mem::take(&mut self.scratch_starts);
        breaks.clear();
        starts.clear();
        let glyph_range;
        let keep;
        let text: Cow<str>;
        if frags.len() == 1 && shy.is_empty() {
            // The common case, memoised: one piece, no soft hyphens.
            let f = frags[0];
            let piece = &self.pieces[f.piece];
            keep = piece.keep_together;
            text = Cow::Borrowed(&piece.text[f.start..f.end]);
            let info = word_info(self.store, &text, piece.role, keep, self.hyphenate);
            self.report_missing(f.piece, &info.shape.missing);
            glyph_range = self.glyphs(f.piece, f.start, &info.shape);
            starts.push((0, glyph_range.start));
            breaks.extend(
                info.breaks
                    .iter()
                    .map(|(g, k)| (glyph_range.start + *g as usize, *k)),
            );
        } else {
            text = Cow::Owned(
                frags
                    .iter()
                    .map(|f| &self.pieces[f.piece].text[f.start..f.end])
                    .collect(),
            );
            keep = frags.iter().any(|f| self.pieces[f.piece].keep_together);
            let mut range = self.out.glyphs.len()..self.out.glyphs.len();
            let mut at = 0;
            for f in frags.iter() {
                let u = self.unit(f.piece, &self.pieces[f.piece].text[f.start..f.end]);
                let r = self.glyphs(f.piece, f.start, &u);
                if range.end > range.start && r.end > r.start {
                    // the pair kern across the fragments' boundary (see `text_kern`)
                    self.kern_across(range.end - 1, r.start);
                }
                starts.push((at, r.start));
                at += f.end - f.start;
                range.end = r.end;
            }
            glyph_range = range;
            for (o, k) in word_breaks(&text, shy, keep, self.hyphenate, &self.store.exceptions) {
                if let Some(g) = self.glyph_at(frags, &starts, glyph_range.end, o) {
                    breaks.push((g, k));
                }
            }
        }
        // A token wider than the line is reported, and broken wherever it must be.
        let total: f32 = self.out.glyphs[glyph_range.clone()]
            .iter()
            .map(|g| g.adv)
            .sum();
        if total > self.narrowest {
            self.overwide(frags, &starts, &glyph_range, &text, &mut breaks);
            breaks.sort_by_key(|b| b.0);
            breaks.dedup_by_key(|b| b.0);
        }
        let mut from = glyph_range.start;
        for &(g, kind) in &breaks {
            if g <= from || g >= glyph_range.end {
                continue;
            }
            self.box_of(from..g);
            let before = g - 1;
            let fix = self.out.glyphs[before].nat - self.out.glyphs[before].adv;
            let (penalty, flagged, hyphen) = match kind {
                BreakKind::Hyphen => (self.tuning.hyphen_penalty, true, self.hyphen_glyph(before)),
                BreakKind::Explicit => (self.tuning.explicit_penalty, true, None),
                BreakKind::Plain if keep => (URL_PENALTY, false, None),
                BreakKind::Plain => (self.tuning.explicit_penalty, false, None),
                BreakKind::Emergency => (EMERGENCY_PENALTY, false, None),
            };
            let hw = hyphen.map_or(0.0, |h| self.out.glyphs[h].adv);
            self.push(
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
        self.box_of(from..glyph_range.end);
        frags.clear();
        shy.clear();
        self.scratch_breaks = breaks;
        self.scratch_starts = starts;
    }

    fn box_of(&mut self, r: Range<usize>) {
        let w = self.out.glyphs[r.clone()].iter().map(|g| g.adv).sum();
        self.push(Kind::Box, w, Content::Glyphs(r));
    }

    /// The glyph index where word offset `o` starts a cluster, if it does.
    fn glyph_at(
        &self,
        frags: &[Frag],
        starts: &[(usize, usize)],
        end: usize,
        o: usize,
    ) -> Option<usize> {
        let k = starts.iter().rposition(|(s, _)| *s <= o)?;
        let (ws, gs) = starts[k];
        let f = frags[k];
        let target = (f.start + o - ws) as u32;
        let ge = starts.get(k + 1).map_or(end, |s| s.1);
        if o == ws {
            return (gs < ge).then_some(gs);
        }
        (gs..ge).find(|&g| {
            let x = &self.out.glyphs[g];
            x.end > x.start && x.start == target
        })
    }

    /// Width of the widest unbreakable stretch of a word (with room for a hyphen at a break).
    /// `breaks` must be sorted.
    fn widest_segment(&self, r: &Range<usize>, breaks: &[(usize, BreakKind)]) -> f32 {
        let mut from = r.start;
        let mut widest: f32 = 0.0;
        for c in breaks.iter().map(|b| b.0).chain(std::iter::once(r.end)) {
            let c = c.clamp(from, r.end);
            let w: f32 = self.out.glyphs[from..c].iter().map(|g| g.adv).sum();
            // About 0.35 em for a hyphen at a break inside the word.
            let hy = if c < r.end && c > r.start {
                self.out.glyphs[c - 1].size * 0.35
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
        &mut self,
        frags: &[Frag],
        starts: &[(usize, usize)],
        r: &Range<usize>,
        text: &str,
        breaks: &mut Vec<(usize, BreakKind)>,
    ) {
        // the whole token, as the message says (not its widest piece between break points)
        let width: f32 = self.out.glyphs[r.clone()].iter().map(|g| g.adv).sum();
        for o in url_breaks(text) {
            if let Some(g) = self.glyph_at(frags, starts, r.end, o) {
                breaks.push((g, BreakKind::Plain));
            }
        }
        breaks.sort_by_key(|b| b.0);
        let mut how = "at its slashes and dots";
        if self.widest_segment(r, breaks) > self.narrowest {
            how = "between letters";
            for g in r.start + 1..r.end {
                let x = self.out.glyphs[g];
                if x.end > x.start && !breaks.iter().any(|b| b.0 == g) {
                    breaks.push((g, BreakKind::Emergency));
                }
            }
        }
        let first = frags[0];
        let shown: String = text.chars().take(40).collect();
        self.out.diagnostics.push(
            Diagnostic::warning(
                "GB302",
                format!(
                    "`{shown}{}` is wider than the line ({width:.1} pt > {:.1} pt); it is broken {how}",
                    if text.chars().count() > 40 { "…" } else { "" },
                    self.narrowest
                ),
            )
            .at(self.pieces[first.piece].span)
            .help("shorten it, or give it its own line (e.g. a link text instead of a bare URL)"),
        );
    }

    /// A hyphen glyph in the face and size of `before`'s piece.
    fn hyphen_glyph(&mut self, before: usize) -> Option<usize> {
        let pi = self.out.glyphs[before].piece as usize;
        let u = self.unit(pi, "-");
        let r = self.glyphs(pi, 0, &u);
        let g = r.clone().next()?;
        // The hyphen is not in the source: no text range of its own.
        self.out.glyphs[g].start = 0;
        self.out.glyphs[g].end = 0;
        Some(g)
    }
}
