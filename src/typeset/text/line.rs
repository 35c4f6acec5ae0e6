//! Laying out a paragraph's lines once its breaks are chosen: justified lines exactly fill the
//! measure (the extra width shared among the spaces, and between the letters on a line that
//! the spaces alone could not fill), the last line and lines ending in a hard break are
//! ragged, ragged paragraphs keep natural spaces and are aligned left, centred or right. A
//! break inside a word gives the glyph before it its natural advance and adds the hyphen.
//!
//! Coordinates: a glyph's `x` is measured from the left edge of the measure and includes
//! `first_indent` (on the first line) and any centring/right-alignment offset.

use crate::typeset::text::builder::{Built, Content};
use crate::typeset::text::linebreak::{line_start, split_ratio, Break, Kind, Params};
use crate::typeset::text::piece::{
    LinkBox, ParaAlign, ParaSpec, Piece, PlacedGlyph, PlacedRun, SetLine,
};
use crate::typeset::text::shape::glyph_text;
use crate::typeset::text::FontStore;

/// Lays out the lines for chosen breaks.
pub(crate) fn layout_lines(
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
        let start = line_start(items, prev);
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
    /// (glyph index, x) of each glyph placed
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

    /// The set line, its glyphs moved right by `offset`.
    fn finish(self, offset: f32, hyphenated: bool, overfull: bool) -> SetLine {
        let mut line = SetLine {
            runs: Vec::new(),
            links: Vec::new(),
            width: self.cursor,
            ascent: 0.0,
            descent: 0.0,
            hyphenated,
            max_space_em: self.max_space,
            letter_space_em: 0.0,
            overfull,
            span: Default::default(),
            text: String::with_capacity(self.placed.len() + 8),
        };
        for k in 0..self.placed.len() {
            self.place(&mut line, k, offset);
            self.link(&mut line.links, k, offset);
        }
        if line.runs.is_empty() {
            if let Some(p) = self.pieces.first() {
                let f = self.store.face_for(p.role);
                line.ascent = self.store.ascent(f, p.size);
                line.descent = self.store.descent(f, p.size);
            }
        }
        let first_piece = self
            .placed
            .first()
            .map_or(0, |&(gi, _)| self.built.glyphs[gi].piece as usize);
        line.span = self
            .pieces
            .get(first_piece)
            .map(|p| p.span)
            .unwrap_or_default();
        line
    }

    /// Places the `k`-th glyph of the line: its text, and its run (a new one, raising the
    /// line's ascent and descent, when face, size or colour change).
    fn place(&self, line: &mut SetLine, k: usize, offset: f32) {
        let (gi, x) = self.placed[k];
        let g = &self.built.glyphs[gi];
        let piece = &self.pieces[g.piece as usize];
        let t = if Some(gi) == self.hyphen {
            // An added hyphen reads as a soft hyphen, so extracted text rejoins the word.
            "\u{AD}".to_string()
        } else {
            glyph_text(&piece.text, g.start, g.end)
        };
        line.text.push_str(&t);
        let pg = PlacedGlyph {
            gid: g.gid,
            x: offset + x + g.dx,
            y: g.dy,
            advance: g.nat,
            len: t.len() as u16,
            piece: g.piece,
        };
        match line.runs.last_mut() {
            Some(r) if r.face == g.face && r.size == g.size && r.color == piece.color => {
                r.glyphs.push(pg)
            }
            _ => {
                line.ascent = line.ascent.max(self.store.ascent(g.face, g.size));
                line.descent = line.descent.max(self.store.descent(g.face, g.size));
                let mut glyphs = Vec::with_capacity(self.placed.len() - k);
                glyphs.push(pg);
                line.runs.push(PlacedRun {
                    face: g.face,
                    size: g.size,
                    color: piece.color,
                    glyphs,
                })
            }
        }
    }

    /// Extends the line's link boxes over the `k`-th glyph, if its piece is a link: the box
    /// before it when that has the same target and ends where the glyph starts, else a new one.
    fn link(&self, links: &mut Vec<LinkBox>, k: usize, offset: f32) {
        let (gi, x) = self.placed[k];
        let piece = &self.pieces[self.built.glyphs[gi].piece as usize];
        let Some(target) = &piece.link else {
            return;
        };
        let x1 = match self.placed.get(k + 1) {
            Some(&(_, nx)) => offset + nx,
            None => offset + self.cursor,
        };
        match links.last_mut() {
            Some(l) if &l.target == target && (l.x1 - (offset + x)).abs() < 0.01 => l.x1 = x1,
            _ => links.push(LinkBox {
                x0: offset + x,
                x1,
                target: target.clone(),
            }),
        }
    }
}
