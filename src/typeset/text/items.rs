//! Pieces of a paragraph → the line breaker's boxes, glue and penalties, with the shaped glyphs
//! each item stands for. Words (which may span pieces, e.g. "**self**-care") are shaped per
//! piece fragment through the store's memo; their break points come from [`crate::typeset::text::hyphen`] and
//! are kept only where a glyph cluster starts (never inside a ligature). A token wider than
//! the measure gets extra break points (URL points, then any cluster) and a `GB302` warning;
//! the word part is in [`crate::typeset::text::words`].

use crate::diag::Diagnostic;
use crate::fontkit::FaceId;
use crate::theme::FontRole;
use crate::typeset::flow::deco::Extra;
use crate::typeset::text::hyphen::BreakKind;
use crate::typeset::text::linebreak::{Item, Kind, INF_PENALTY};
use crate::typeset::text::memo::UnitShape;
use crate::typeset::text::shape::shape_units;
use crate::typeset::text::store::FontStore;
use crate::typeset::text::tuning::Tuning;
use crate::typeset::text::{ParaAlign, ParaSpec, Piece};
use std::ops::Range;
use std::rc::Rc;

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
pub(super) struct Frag {
    pub(super) piece: usize,
    pub(super) start: usize,
    pub(super) end: usize,
}

pub(super) struct Builder<'a> {
    pub(super) store: &'a FontStore,
    pub(super) pieces: &'a [Piece],
    pub(super) spec: &'a ParaSpec,
    pub(super) tuning: &'a Tuning,
    pub(super) hyphenate: bool,
    /// The narrowest line, pt: a token wider than this must be broken.
    pub(super) narrowest: f32,
    pub(super) out: Built,
    pub(super) reported: Vec<char>,
    pub(super) scratch_breaks: Vec<(usize, BreakKind)>,
    pub(super) scratch_starts: Vec<(usize, usize)>,
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
    // the last character of text seen, for phrase breaks in balanced text
    let mut prev: Option<char> = None;
    for (pi, piece) in pieces.iter().enumerate() {
        if let Extra::Image { w, .. } = piece.extra {
            // one box (glued to the words either side unless spaces part them)
            b.flush_word(&mut word, &mut shy);
            word_len = 0;
            b.object(pi, w);
            continue;
        }
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
                prev = Some(c);
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
                ' ' | '\t' => {
                    if spec.balance && prev.is_some_and(ends_phrase) && !b.last_is_glue() {
                        b.push(
                            Kind::Penalty {
                                penalty: tuning.phrase_penalty,
                                flagged: false,
                                hyphen: false,
                            },
                            0.0,
                            Content::Nothing,
                        );
                    }
                    b.space(pi, i, true)
                }
                '\u{A0}' => b.space(pi, i, false),
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

/// Whether a word ending in `c` ends a phrase: a break after it reads well in a heading.
fn ends_phrase(c: char) -> bool {
    matches!(c, ':' | ';' | '—' | '–' | '?' | '!')
}

impl Builder<'_> {
    pub(super) fn push(&mut self, kind: Kind, width: f32, content: Content) {
        self.out.items.push(Item { width, kind });
        self.out.content.push(content);
    }

    pub(super) fn unit(&mut self, piece: usize, text: &str) -> Rc<UnitShape> {
        let u = shape_units(self.store, text, self.pieces[piece].role);
        self.report_missing(piece, &u.missing);
        u
    }

    /// A `GB301` warning for each character no font has (once per paragraph); shaping draws
    /// the replacement box for it.
    pub(super) fn report_missing(&mut self, piece: usize, missing: &[char]) {
        let p = &self.pieces[piece];
        for c in missing {
            if !self.reported.contains(c) {
                self.reported.push(*c);
                self.out.diagnostics.push(
                    Diagnostic::warning(
                        "GB301",
                        format!(
                            "no font has the character U+{:04X} `{}`; the PDF prints a box (▯) \
                             in its place",
                            *c as u32, c
                        ),
                    )
                    .at(p.span)
                    .help("use another character, or name a font that has it in [theme.fonts]"),
                );
            }
        }
    }

    /// Appends shaped glyphs for `text` (at `offset` in piece `pi`) and returns their range.
    pub(super) fn glyphs(&mut self, pi: usize, offset: usize, u: &UnitShape) -> Range<usize> {
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

    pub(super) fn last_is_glue(&self) -> bool {
        matches!(
            self.out.items.last(),
            Some(Item {
                kind: Kind::Glue { .. },
                ..
            })
        )
    }

    /// An interword space at byte `at` of piece `pi`.
    pub(super) fn space(&mut self, pi: usize, at: usize, breakable: bool) {
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
        // a space inside code keeps the monospace width: it is part of what is quoted
        let (stretch, shrink) = match self.spec.align {
            ParaAlign::Justify if p.role != FontRole::Mono => {
                (w * self.tuning.space_stretch, w * self.tuning.space_shrink)
            }
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

    /// An inline object (an image) `w` pt wide: glyph 0 of the piece's face, standing for the
    /// piece's whole text (its alt text).
    pub(super) fn object(&mut self, pi: usize, w: f32) {
        let p = &self.pieces[pi];
        let g = self.out.glyphs.len();
        self.out.glyphs.push(PGlyph {
            face: self.store.face_for(p.role),
            gid: 0,
            size: p.size,
            adv: w,
            nat: w,
            dx: 0.0,
            dy: 0.0,
            piece: pi as u32,
            start: 0,
            end: p.text.len() as u32,
        });
        self.push(Kind::Box, w, Content::Glyphs(g..g + 1));
    }

    /// A hard line break (and the paragraph end).
    pub(super) fn forced_break(&mut self) {
        // trailing spaces, and a phrase break before them (nothing follows the phrase)
        while self.last_is_glue()
            || matches!(self.out.items.last(), Some(Item { kind: Kind::Penalty { penalty, .. }, .. })
                if *penalty < 0.0 && *penalty > -INF_PENALTY)
        {
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
                hyphen: false,
            },
            0.0,
            Content::Nothing,
        );
    }
}
