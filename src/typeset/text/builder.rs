//! The paragraph as the line breaker sees it ([`Built`]: items, what each draws, the glyphs),
//! and the [`Builder`] that gathers it: items pushed one by one, glyphs shaped through the
//! store's memo and scaled to their piece's size, spaces, inline objects, hard breaks, and
//! the `GB301` warnings for characters no font has.

use crate::diag::Diagnostic;
use crate::fontkit::FaceId;
use crate::theme::FontRole;
use crate::typeset::text::hyphen::BreakKind;
use crate::typeset::text::linebreak::{Item, Kind, INF_PENALTY};
use crate::typeset::text::memo::UnitShape;
use crate::typeset::text::piece::{ParaAlign, ParaSpec, Piece};
use crate::typeset::text::shape::shape_units;
use crate::typeset::text::tuning::Tuning;
use crate::typeset::text::FontStore;
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

/// The state of building one paragraph's items.
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

impl<'a> Builder<'a> {
    /// Starts building the items of `pieces`, hyphenated or not.
    pub(super) fn new(
        store: &'a FontStore,
        pieces: &'a [Piece],
        spec: &'a ParaSpec,
        tuning: &'a Tuning,
        hyphenate: bool,
    ) -> Builder<'a> {
        Builder {
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
        }
    }

    /// Appends an item and what it draws.
    pub(super) fn push(&mut self, kind: Kind, width: f32, content: Content) {
        self.out.items.push(Item { width, kind });
        self.out.content.push(content);
    }

    /// `text` shaped in piece `piece`'s role (em units), its missing characters reported.
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
                    .about(crate::diag::Subject::char(*c))
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

    /// Whether the last item is glue (a space).
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

    /// A box of glyphs `r`.
    pub(super) fn box_of(&mut self, r: Range<usize>) {
        let w = self.out.glyphs[r.clone()].iter().map(|g| g.adv).sum();
        self.push(Kind::Box, w, Content::Glyphs(r));
    }
}
