//! Pieces of a paragraph → the line breaker's boxes, glue and penalties, with the shaped glyphs
//! each item stands for. Words (which may span pieces, e.g. "**self**-care") are shaped per
//! piece fragment through the store's memo; their break points come from [`super::hyphen`] and
//! are kept only where a glyph cluster starts (never inside a ligature). A token wider than
//! the measure gets extra break points (URL points, then any cluster) and a `GB302` warning.

use super::fonts::{role_index, FaceId, FontStore};
use super::hyphen::{url_breaks, word_breaks, BreakKind};
use super::linebreak::{Item, Kind, INF_PENALTY};
use super::para::{ParaAlign, ParaSpec, Piece};
use super::shape::{shape_units, UnitShape};
use super::text_tuning::Tuning;
use crate::diag::Diagnostic;
use crate::theme::FontRole;
use std::borrow::Cow;
use std::ops::Range;
use std::rc::Rc;

/// A word shaped in em units, with its break points (the glyph index where the next line
/// would start, and the kind of break), memoised in the [`FontStore`].
#[derive(Debug)]
pub(crate) struct WordInfo {
    pub shape: Rc<UnitShape>,
    pub breaks: Vec<(u32, BreakKind)>,
}

/// The memoised shape and breaks of a one-piece word.
fn word_info(
    store: &FontStore,
    text: &str,
    role: FontRole,
    keep: bool,
    hyphenate: bool,
) -> Rc<WordInfo> {
    let slot = role_index(role) * 4 + usize::from(keep) * 2 + usize::from(hyphenate);
    if let Some(hit) = store.words.borrow()[slot].get(text) {
        return hit.clone();
    }
    let shape = shape_units(store, text, role);
    let breaks = word_breaks(text, &[], keep, hyphenate)
        .into_iter()
        .filter_map(|(o, k)| {
            let g = shape
                .glyphs
                .iter()
                .position(|g| g.end > g.start && g.start as usize == o)?;
            (g > 0).then_some((g as u32, k))
        })
        .collect();
    let info = Rc::new(WordInfo { shape, breaks });
    store.words.borrow_mut()[slot].insert(text.into(), info.clone());
    info
}

/// Penalties for the kinds of break inside a word (the others are in [`Tuning`]).
const URL_PENALTY: f32 = 100.0;
const EMERGENCY_PENALTY: f32 = 1000.0;

/// A glyph of the paragraph, at its piece's size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PGlyph {
    pub face: FaceId,
    pub gid: u16,
    pub size: f32,
    /// Shaped advance, pt.
    pub adv: f32,
    /// Natural advance, pt.
    pub nat: f32,
    pub dx: f32,
    pub dy: f32,
    pub piece: u32,
    /// Byte range in the piece's text (empty for extra glyphs of a cluster).
    pub start: u32,
    pub end: u32,
}

/// What an item draws.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Content {
    /// A box: glyphs `range` of [`Built::glyphs`].
    Glyphs(Range<usize>),
    /// A space: its glyph, if the face has one.
    Space(Option<usize>),
    /// A break inside a word: the hyphen glyph to add, and the glyph before the break whose
    /// kerned advance becomes its natural one when the break is taken.
    WordBreak {
        hyphen: Option<usize>,
        before: usize,
    },
    Nothing,
}

/// The paragraph as the line breaker sees it.
#[derive(Debug, Default)]
pub(crate) struct Built {
    pub items: Vec<Item>,
    pub content: Vec<Content>,
    pub glyphs: Vec<PGlyph>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Built {
    /// Room for a paragraph of `bytes` bytes of text.
    fn with_capacity(bytes: usize) -> Built {
        Built {
            items: Vec::with_capacity(bytes / 3 + 4),
            content: Vec::with_capacity(bytes / 3 + 4),
            glyphs: Vec::with_capacity(bytes + 4),
            diagnostics: Vec::new(),
        }
    }
}

/// A run of one piece's text inside a word.
#[derive(Debug, Clone, Copy)]
struct Frag {
    piece: usize,
    start: usize,
    end: usize,
}

struct Builder<'a> {
    store: &'a FontStore,
    pieces: &'a [Piece],
    spec: &'a ParaSpec,
    tuning: &'a Tuning,
    hyphenate: bool,
    /// The narrowest line, pt: a token wider than this must be broken.
    narrowest: f32,
    out: Built,
    reported: Vec<char>,
    scratch_breaks: Vec<(usize, BreakKind)>,
    scratch_starts: Vec<(usize, usize)>,
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
    let mut b = Builder {
        store,
        pieces,
        spec,
        tuning,
        hyphenate,
        narrowest: (spec.width - spec.first_indent.max(0.0)).min(spec.width),
        out: Built::with_capacity(pieces.iter().map(|p| p.text.len()).sum()),
        reported: Vec::new(),
        scratch_breaks: Vec::new(),
        scratch_starts: Vec::new(),
    };
    let mut word: Vec<Frag> = Vec::new();
    let mut shy: Vec<usize> = Vec::new();
    let mut word_len = 0usize;
    for (pi, piece) in pieces.iter().enumerate() {
        let text = piece.text.as_str();
        let mut frag_start: Option<usize> = None;
        for (i, c) in text.char_indices() {
            let special = matches!(
                c,
                ' ' | '\t' | '\n' | '\r' | '\u{A0}' | '\u{AD}' | '\u{200B}'
            );
            if !special {
                if frag_start.is_none() {
                    frag_start = Some(i);
                }
                continue;
            }
            if let Some(s) = frag_start.take() {
                word.push(Frag {
                    piece: pi,
                    start: s,
                    end: i,
                });
                word_len += i - s;
            }
            if c == '\u{AD}' {
                shy.push(word_len);
                continue;
            }
            b.flush_word(&mut word, &mut shy);
            word_len = 0;
            match c {
                ' ' | '\t' => b.space(pi, i, true),
                '\u{A0}' => b.space(pi, i, false),
                '\u{200B}' => b.push(
                    Kind::Penalty {
                        penalty: 0.0,
                        flagged: false,
                    },
                    0.0,
                    Content::Nothing,
                ),
                '\n' => b.forced_break(),
                _ => {}
            }
        }
        if let Some(s) = frag_start.take() {
            word.push(Frag {
                piece: pi,
                start: s,
                end: text.len(),
            });
            word_len += text.len() - s;
        }
    }
    b.flush_word(&mut word, &mut shy);
    b.forced_break();
    b.out
}

impl Builder<'_> {
    fn push(&mut self, kind: Kind, width: f32, content: Content) {
        self.out.items.push(Item { width, kind });
        self.out.content.push(content);
    }

    fn unit(&mut self, piece: usize, text: &str) -> Rc<UnitShape> {
        let u = shape_units(self.store, text, self.pieces[piece].role);
        self.report_missing(piece, &u.missing);
        u
    }

    /// A `GB301` warning for each character no font has (once per paragraph).
    fn report_missing(&mut self, piece: usize, missing: &[char]) {
        let p = &self.pieces[piece];
        for c in missing {
            if !self.reported.contains(c) {
                self.reported.push(*c);
                self.out.diagnostics.push(
                    Diagnostic::warning(
                        "GB301",
                        format!(
                            "no font has the character U+{:04X} `{}`; it is left out of the PDF",
                            *c as u32, c
                        ),
                    )
                    .at(p.span)
                    .help("use another character, or a theme font that has it"),
                );
            }
        }
    }

    /// Appends shaped glyphs for `text` (at `offset` in piece `pi`) and returns their range.
    fn glyphs(&mut self, pi: usize, offset: usize, u: &UnitShape) -> Range<usize> {
        let size = self.pieces[pi].size;
        let first = self.out.glyphs.len();
        for g in &u.glyphs {
            let (start, end) = if g.end > g.start {
                (g.start + offset as u32, g.end + offset as u32)
            } else {
                (0, 0)
            };
            self.out.glyphs.push(PGlyph {
                face: g.face,
                gid: g.gid,
                size,
                adv: g.adv * size,
                nat: g.nat * size,
                dx: g.dx * size,
                dy: g.dy * size,
                piece: pi as u32,
                start,
                end,
            });
        }
        first..self.out.glyphs.len()
    }

    fn last_is_glue(&self) -> bool {
        matches!(
            self.out.items.last(),
            Some(Item {
                kind: Kind::Glue { .. },
                ..
            })
        )
    }

    /// An interword space at byte `at` of piece `pi`.
    fn space(&mut self, pi: usize, at: usize, breakable: bool) {
        if self.out.items.is_empty() || self.last_is_glue() {
            return;
        }
        let p = &self.pieces[pi];
        let u = self.unit(pi, " ");
        let range = self.glyphs(pi, 0, &u);
        let glyph = range.clone().next();
        if let Some(g) = glyph {
            let ch_len = p.text[at..].chars().next().map_or(1, char::len_utf8);
            self.out.glyphs[g].start = at as u32;
            self.out.glyphs[g].end = (at + ch_len) as u32;
        }
        let w = u.width * p.size;
        let (stretch, shrink) = match self.spec.align {
            ParaAlign::Justify => (w * self.tuning.space_stretch, w * self.tuning.space_shrink),
            _ => (0.0, 0.0),
        };
        self.push(
            Kind::Glue {
                stretch,
                shrink,
                fill: false,
                breakable,
            },
            w,
            Content::Space(glyph),
        );
    }

    /// A hard line break (and the paragraph end).
    fn forced_break(&mut self) {
        while self.last_is_glue() {
            self.out.items.pop();
            self.out.content.pop();
        }
        let fill = Kind::Glue {
            stretch: 0.0,
            shrink: 0.0,
            fill: true,
            breakable: false,
        };
        self.push(fill, 0.0, Content::Nothing);
        self.push(
            Kind::Penalty {
                penalty: -INF_PENALTY,
                flagged: false,
            },
            0.0,
            Content::Nothing,
        );
    }

    /// Shapes a word (fragments of one or more pieces) and pushes its boxes and breaks.
    fn flush_word(&mut self, frags: &mut Vec<Frag>, shy: &mut Vec<usize>) {
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
                starts.push((at, r.start));
                at += f.end - f.start;
                range.end = r.end;
            }
            glyph_range = range;
            for (o, k) in word_breaks(&text, shy, keep, self.hyphenate) {
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
                Kind::Penalty { penalty, flagged },
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
        let width = self.widest_segment(r, breaks);
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
