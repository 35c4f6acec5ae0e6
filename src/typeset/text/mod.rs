//! Setting a paragraph: pieces of styled text in, positioned lines of glyphs out. The pieces
//! become boxes, glue and penalties ([`crate::typeset::text::items`]), [`crate::typeset::text::linebreak`] chooses the
//! breaks (Knuth–Plass, loosening the tolerance pass by pass so that no line is ever
//! overfull; one pass further, with letters spaced a little, when the first would leave the
//! end of a hyphenated word as the last line), and the lines are laid out here: justified
//! lines exactly fill the measure (the extra width shared among the spaces), the last line and
//! lines ending in a hard break are ragged, ragged paragraphs keep natural spaces and are
//! aligned left, centred or right. Ragged text fills its lines, except headings and the like
//! (`ParaSpec::balance`), whose lines are balanced and end after a phrase where they can.
//!
//! Coordinates: a glyph's `x` is measured from the left edge of the measure and includes
//! `first_indent` (on the first line) and any centring/right-alignment offset.

#[cfg(test)]
mod bench;
pub mod firstfit;
pub mod hyphen;
pub mod items;
pub mod kern;
pub mod linebreak;
pub mod memo;
pub mod shape;
pub mod store;
#[cfg(test)]
pub(crate) mod tests;
pub mod tuning;
pub mod words;
#[cfg(test)]
mod wrap_tests;

use crate::diag::{Diagnostic, Span};
use crate::fontkit::FaceId;
use crate::theme::FontRole;
use crate::typeset::text::firstfit::greedy;
use crate::typeset::text::items::{build, Built, Content};
use crate::typeset::text::linebreak::{knuth_plass, split_ratio, Break, Kind, Params};
use crate::typeset::text::shape::glyph_text;
use crate::typeset::text::store::FontStore;
use crate::typeset::text::tuning::Tuning;

/// Where a link goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Link {
    Uri(String),
    /// The id of an element of the document.
    Internal(String),
}

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// The text; `\n` is a hard line break, U+00AD a soft hyphen, U+00A0 a non-breaking space.
    pub text: String,
    pub role: FontRole,
    /// pt.
    pub size: f32,
    pub color: (f32, f32, f32),
    pub link: Option<Link>,
    pub span: Span,
    /// Code spans and URLs: never hyphenated (URLs may still break after `/`).
    pub keep_together: bool,
    /// Struck through, or an inline image (see [`crate::typeset::flow::deco`]).
    pub extra: crate::typeset::flow::deco::Extra,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParaAlign {
    Justify,
    Left,
    Center,
    Right,
}

/// How to set a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct ParaSpec {
    /// The measure, pt.
    pub width: f32,
    /// Indent of the first line, pt (its measure is `width - first_indent`).
    pub first_indent: f32,
    pub align: ParaAlign,
    pub hyphenate: bool,
    /// Baseline to baseline, pt.
    pub line_height: f32,
    /// The body size, pt: the unit of the space limits and of `max_space_em`.
    pub em: f32,
    /// Headings, titles, contents entries, captions, table cells (ragged, unhyphenated): lines of
    /// similar length, broken after a phrase (`:`, `—` …) where that fits, no line a lone
    /// short word. Other ragged text fills its lines.
    pub balance: bool,
}

/// A glyph placed on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGlyph {
    pub gid: u16,
    /// From the left edge of the measure, pt.
    pub x: f32,
    /// Vertical offset (up is positive), pt.
    pub y: f32,
    /// The font's natural advance at this size, pt (no kerning).
    pub advance: f32,
    pub text: String,
    /// Index of the piece the glyph comes from.
    pub piece: u32,
}

/// Glyphs of one face, size and colour, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedRun {
    pub face: FaceId,
    pub size: f32,
    pub color: (f32, f32, f32),
    pub glyphs: Vec<PlacedGlyph>,
}

/// A clickable stretch of a line.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkBox {
    pub x0: f32,
    pub x1: f32,
    pub target: Link,
}

/// One set line.
#[derive(Debug, Clone, PartialEq)]
pub struct SetLine {
    pub runs: Vec<PlacedRun>,
    pub links: Vec<LinkBox>,
    /// Width of the line's content, pt (the measure on a justified line).
    pub width: f32,
    pub ascent: f32,
    pub descent: f32,
    /// Ends with a hyphen (added, or the word's own; see `text`).
    pub hyphenated: bool,
    /// Widest interword gap on the line, in `em`; 0 if none.
    pub max_space_em: f32,
    /// Space added between letters (negative: taken away), in `em`; 0 on all but the lines
    /// that could not be justified by their spaces alone.
    pub letter_space_em: f32,
    /// Wider than its measure (only when a single glyph is wider than the measure).
    pub overfull: bool,
    /// Source span of the line's first piece.
    pub span: Span,
    /// The line's text, for dumps. A hyphen the setter added at the end is U+00AD (as is its
    /// glyph's `text`); a word's own hyphen stays `-`.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParaResult {
    pub lines: Vec<SetLine>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The breaker's settings for a spec; `tolerance` set per pass.
pub(crate) fn params_for(spec: &ParaSpec, t: &Tuning) -> Params {
    let mut p = Params::new(spec.width - spec.first_indent, spec.width);
    p.line_penalty = t.line_penalty;
    p.double_hyphen_demerits = t.double_hyphen_demerits;
    p.final_hyphen_demerits = t.final_hyphen_demerits;
    p.penultimate_hyphen_demerits = t.penultimate_hyphen_demerits;
    p.adj_demerits = t.adj_demerits;
    match spec.align {
        ParaAlign::Justify => {
            p.runt_width = spec.width * t.runt_fraction;
            p.runt_demerits = t.runt_demerits;
        }
        _ if spec.balance => {
            // Balanced: every line's gap counts, the last one's too, as a fraction of the
            // measure; a line costs more than any gap, so that the fewest lines are used.
            p.ragged_stretch = spec.width;
            p.fill_last = false;
            p.line_penalty = t.balance_line_penalty;
            p.lone_word_width = spec.width * t.lone_word_fraction;
            p.lone_word_demerits = t.lone_word_demerits;
        }
        _ => {
            p.ragged_stretch = 3.0 * spec.em;
        }
    }
    p
}

/// Sets a paragraph. Never fails: problems (missing characters, over-wide tokens, lines that
/// had to be set loose) come back as diagnostics.
pub fn set_paragraph(store: &FontStore, pieces: &[Piece], spec: &ParaSpec) -> ParaResult {
    #[cfg(test)]
    RECORD.with(|r| {
        if let Some(v) = r.borrow_mut().as_mut() {
            v.push((pieces.to_vec(), spec.clone()));
        }
    });
    set_paragraph_traced(store, pieces, spec, &Tuning::default()).0
}

/// Paragraphs set, with their spec (recorded for measurements).
#[cfg(test)]
pub(crate) type Recorded = Vec<(Vec<Piece>, ParaSpec)>;

#[cfg(test)]
thread_local! {
    /// When `Some`, every paragraph set on this thread is recorded.
    pub(crate) static RECORD: std::cell::RefCell<Option<Recorded>> =
        const { std::cell::RefCell::new(None) };
}

/// [`set_paragraph`] with given tuning, also saying which pass found the breaks (1-based;
/// one more than the passes: without the hyphen-run limit; two more: first fit).
pub(crate) fn set_paragraph_traced(
    store: &FontStore,
    pieces: &[Piece],
    spec: &ParaSpec,
    tuning: &Tuning,
) -> (ParaResult, usize) {
    let built = build(store, pieces, spec, tuning, spec.hyphenate);
    let base = params_for(spec, tuning);
    // pass `n` (0-based): its tolerance, and letter-spacing from `track_from` on
    let pass_params = |n: usize| {
        let mut p = base.clone();
        p.space_limit = tuning.passes[0];
        p.tolerance = tuning.passes[n];
        if n >= tuning.track_from && spec.align == ParaAlign::Justify {
            p.track_stretch = if n >= tuning.wide_track_from {
                tuning.wide_track_stretch
            } else {
                tuning.track_stretch
            };
            p.track_shrink = tuning.track_shrink;
        }
        p
    };
    let mut found = None;
    for n in 0..tuning.passes.len() {
        let p = pass_params(n);
        if let Some(b) = knuth_plass(&built.items, &p) {
            found = Some((b, n + 1, p));
            break;
        }
    }
    // When the only breaking with spaces alone leaves the end of a hyphenated word at the
    // start of the last line, the first letter-spacing pass (spaces still under the limit)
    // may avoid it. When the rest of the word would be the whole last line ("heal-" /
    // "ing."), every later pass is tried before that is accepted.
    if let Some((b, pass, _)) = &found {
        if spec.align == ParaAlign::Justify && ends_in_fragment(&built.items, b) {
            let lone = last_line_is_one_word(&built.items, b);
            let from = tuning.track_from.max(*pass);
            let to = if lone {
                tuning.passes.len()
            } else {
                (tuning.track_from + 1).max(from)
            };
            for n in from..to {
                let p = pass_params(n);
                let Some(b) = knuth_plass(&built.items, &p) else {
                    continue;
                };
                let better = if lone {
                    !ends_in_fragment(&built.items, &b) || !last_line_is_one_word(&built.items, &b)
                } else {
                    !ends_in_fragment(&built.items, &b)
                };
                if better {
                    found = Some((b, n + 1, p));
                    break;
                }
            }
        }
    }
    let (breaks, pass, p) = found.unwrap_or_else(|| {
        let mut p = pass_params(tuning.passes.len() - 1);
        p.max_hyphen_run = u8::MAX;
        match knuth_plass(&built.items, &p) {
            Some(b) => (b, tuning.passes.len() + 1, p),
            None => (greedy(&built.items, &p), tuning.passes.len() + 2, p),
        }
    });
    let lines = layout_lines(store, pieces, spec, &built, &breaks, &p);
    let result = ParaResult {
        lines,
        diagnostics: built.diagnostics,
    };
    (result, pass)
}

/// Whether the next-to-last line of `breaks` ends in an added hyphen, so that the last line
/// is the rest of a word and what follows it.
pub(crate) fn ends_in_fragment(
    items: &[crate::typeset::text::linebreak::Item],
    breaks: &[Break],
) -> bool {
    breaks.len() >= 2
        && matches!(
            items[breaks[breaks.len() - 2].at].kind,
            Kind::Penalty { hyphen: true, .. }
        )
}

/// Whether the last line of `breaks` holds no word space: one word (or the rest of one).
fn last_line_is_one_word(
    items: &[crate::typeset::text::linebreak::Item],
    breaks: &[Break],
) -> bool {
    let [.., before, last] = breaks else {
        return false;
    };
    !items[before.at + 1..last.at]
        .iter()
        .any(|i| matches!(i.kind, Kind::Glue { fill: false, .. }))
}

/// Lays out the lines for chosen breaks.
fn layout_lines(
    store: &FontStore,
    pieces: &[Piece],
    spec: &ParaSpec,
    built: &Built,
    breaks: &[Break],
    p: &Params,
) -> Vec<SetLine> {
    let items = &built.items;
    let mut lines = Vec::with_capacity(breaks.len());
    let mut prev: Option<usize> = None;
    for (n, br) in breaks.iter().enumerate() {
        let start = crate::typeset::text::linebreak::line_start(items, prev);
        let measure = if n == 0 { p.first_width } else { p.width };
        let indent = if n == 0 { spec.first_indent } else { 0.0 };
        let mut line = LineBuilder::new(store, pieces, built);
        let (ratio, track) = match spec.align {
            ParaAlign::Justify if br.ratio.is_finite() => {
                split_ratio(f64::from(br.ratio).max(p.min_ratio()), p)
            }
            _ => (0.0, 0.0),
        };
        let ratio = ratio as f32;
        let word_break = match built.content[br.at] {
            Content::WordBreak { hyphen, before } => Some((hyphen, before)),
            _ => None,
        };
        if track != 0.0 {
            let hyphen = matches!(word_break, Some((Some(_), _)));
            let frac = if track > 0.0 {
                p.track_stretch
            } else {
                p.track_shrink
            };
            line.delta = letter_gap(built, start..br.at.max(start), hyphen, track as f32 * frac);
        }
        for i in start..br.at.max(start) {
            line.item(i, ratio, spec.em);
        }
        let mut hyphenated = false;
        if let Some((hyphen, before)) = word_break {
            line.take_break(hyphen, before);
            hyphenated = br.flagged;
        }
        let natural = line.cursor;
        let offset = match spec.align {
            ParaAlign::Center => ((measure - natural) / 2.0).max(0.0),
            ParaAlign::Right => (measure - natural).max(0.0),
            _ => 0.0,
        };
        let letter_space = line.delta / spec.em;
        let mut set = line.finish(indent + offset, hyphenated, natural > measure + 0.01);
        set.letter_space_em = letter_space;
        lines.push(set);
        prev = Some(br.at);
    }
    lines
}

/// The space between letters that makes a line's letters `frac` of their width wider (or,
/// negative, narrower): the glyphs of items `range`, one gap before every glyph cluster but
/// the first, and one before an added hyphen.
fn letter_gap(built: &Built, range: std::ops::Range<usize>, hyphen: bool, frac: f32) -> f32 {
    let mut width = 0.0;
    let mut clusters = 0usize;
    for i in range {
        if let Content::Glyphs(r) = &built.content[i] {
            width += built.items[i].width;
            clusters += built.glyphs[r.clone()]
                .iter()
                .filter(|g| g.end > g.start)
                .count();
        }
    }
    let gaps = (clusters + usize::from(hyphen)).saturating_sub(1);
    if gaps == 0 {
        0.0
    } else {
        frac * width / gaps as f32
    }
}

/// Accumulates one line's glyphs.
struct LineBuilder<'a> {
    store: &'a FontStore,
    pieces: &'a [Piece],
    built: &'a Built,
    /// (glyph index, x, natural-advance override)
    placed: Vec<(usize, f32)>,
    cursor: f32,
    max_space: f32,
    /// Letter-spacing: added before every glyph cluster but the line's first.
    delta: f32,
    /// A glyph cluster has been placed.
    started: bool,
    /// The glyph whose advance is its natural one (the break was taken after it).
    before: Option<usize>,
    hyphen: Option<usize>,
}

impl<'a> LineBuilder<'a> {
    fn new(store: &'a FontStore, pieces: &'a [Piece], built: &'a Built) -> Self {
        LineBuilder {
            store,
            pieces,
            built,
            placed: Vec::with_capacity(96),
            cursor: 0.0,
            max_space: 0.0,
            delta: 0.0,
            started: false,
            before: None,
            hyphen: None,
        }
    }

    fn item(&mut self, i: usize, ratio: f32, em: f32) {
        let item = &self.built.items[i];
        match (&self.built.content[i], item.kind) {
            (Content::Glyphs(r), _) => {
                for g in r.clone() {
                    let x = &self.built.glyphs[g];
                    if self.delta != 0.0 && x.end > x.start {
                        if self.started {
                            self.cursor += self.delta;
                        }
                        self.started = true;
                    }
                    self.placed.push((g, self.cursor));
                    self.cursor += self.built.glyphs[g].adv;
                }
            }
            (
                Content::Space(glyph),
                Kind::Glue {
                    stretch,
                    shrink,
                    fill,
                    ..
                },
            ) => {
                let w = if fill {
                    item.width
                } else if ratio >= 0.0 {
                    item.width + ratio * stretch
                } else {
                    item.width + ratio * shrink
                };
                if let Some(g) = glyph {
                    self.placed.push((*g, self.cursor));
                }
                self.cursor += w;
                // the word spaces justification sets (not fixed spaces, such as in code)
                if stretch > 0.0 || shrink > 0.0 {
                    self.max_space = self.max_space.max(w / em);
                }
            }
            // Glue without a glyph (fill) and penalties not taken: only glue has width.
            (_, Kind::Glue { .. }) => self.cursor += item.width,
            _ => {}
        }
    }

    /// The line ends at a break inside a word.
    fn take_break(&mut self, hyphen: Option<usize>, before: usize) {
        let g = &self.built.glyphs[before];
        self.cursor += g.nat - g.adv;
        self.before = Some(before);
        if let Some(h) = hyphen {
            self.cursor += self.delta;
            self.placed.push((h, self.cursor));
            self.cursor += self.built.glyphs[h].adv;
            self.hyphen = Some(h);
        }
    }

    fn finish(self, offset: f32, hyphenated: bool, overfull: bool) -> SetLine {
        let mut runs: Vec<PlacedRun> = Vec::new();
        let mut links: Vec<LinkBox> = Vec::new();
        let mut text = String::with_capacity(self.placed.len() + 8);
        let mut ascent: f32 = 0.0;
        let mut descent: f32 = 0.0;
        let mut first_piece = None;
        for (k, &(gi, x)) in self.placed.iter().enumerate() {
            let g = &self.built.glyphs[gi];
            let piece = &self.pieces[g.piece as usize];
            first_piece.get_or_insert(g.piece as usize);
            let t = if Some(gi) == self.hyphen {
                // An added hyphen reads as a soft hyphen, so extracted text rejoins the word.
                "\u{AD}".to_string()
            } else {
                glyph_text(&piece.text, g.start, g.end)
            };
            text.push_str(&t);
            let pg = PlacedGlyph {
                gid: g.gid,
                x: offset + x + g.dx,
                y: g.dy,
                advance: g.nat,
                text: t,
                piece: g.piece,
            };
            match runs.last_mut() {
                Some(r) if r.face == g.face && r.size == g.size && r.color == piece.color => {
                    r.glyphs.push(pg)
                }
                _ => {
                    ascent = ascent.max(self.store.ascent(g.face, g.size));
                    descent = descent.max(self.store.descent(g.face, g.size));
                    let mut glyphs = Vec::with_capacity(self.placed.len() - k);
                    glyphs.push(pg);
                    runs.push(PlacedRun {
                        face: g.face,
                        size: g.size,
                        color: piece.color,
                        glyphs,
                    })
                }
            }
            if let Some(target) = &piece.link {
                let x1 = match self.placed.get(k + 1) {
                    Some(&(_, nx)) => offset + nx,
                    None => offset + self.cursor,
                };
                match links.last_mut() {
                    Some(l) if &l.target == target && (l.x1 - (offset + x)).abs() < 0.01 => {
                        l.x1 = x1
                    }
                    _ => links.push(LinkBox {
                        x0: offset + x,
                        x1,
                        target: target.clone(),
                    }),
                }
            }
        }
        let first_piece = first_piece.unwrap_or(0);
        if runs.is_empty() {
            if let Some(p) = self.pieces.first() {
                let f = self.store.face_for(p.role);
                ascent = self.store.ascent(f, p.size);
                descent = self.store.descent(f, p.size);
            }
        }
        SetLine {
            runs,
            links,
            width: self.cursor,
            ascent,
            descent,
            hyphenated,
            max_space_em: self.max_space,
            letter_space_em: 0.0,
            overfull,
            span: self
                .pieces
                .get(first_piece)
                .map(|p| p.span)
                .unwrap_or_default(),
            text,
        }
    }
}
