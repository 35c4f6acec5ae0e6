//! Paragraph setting for tests and measurements: a store over the default fonts, a body
//! piece and a justified spec; setting a paragraph and saying which breaking pass found its
//! breaks, with the default tuning or with some of its settings changed; the statistics the measurements print (spaces on justified lines, hyphens, runts,
//! passes); every paragraph of the bundled guide as plain text; and the paragraphs a
//! document's typesetting sets, recorded.

use crate::diag::Span;
use crate::fonts::FontFiles;
use crate::theme::FontRole;
use crate::typeset::text::{ParaAlign, ParaResult, ParaSpec, Piece, Tuning};
use crate::typeset::FontStore;

pub use crate::typeset::text::record_paragraphs;

/// A store over the default fonts, without hyphenation exceptions.
pub fn store() -> FontStore {
    FontStore::new(&FontFiles::default_set()).unwrap()
}

/// `text` in the body face at 10 pt, black, no link.
pub fn piece(text: &str) -> Piece {
    Piece {
        text: text.to_string(),
        role: FontRole::Body,
        size: 10.0,
        color: (0.0, 0.0, 0.0),
        link: None,
        span: Span::new(0, 0, text.len()),
        keep_together: false,
        extra: Default::default(),
    }
}

/// Justified and hyphenated at `width` pt, 10 pt em, no indent.
pub fn spec(width: f32) -> ParaSpec {
    ParaSpec {
        width,
        first_indent: 0.0,
        align: ParaAlign::Justify,
        hyphenate: true,
        line_height: 13.0,
        em: 10.0,
        balance: false,
    }
}

/// Sets a paragraph as [`crate::typeset::text::set_paragraph`] does (the default tuning),
/// also saying which pass found the breaks (1-based; one more than the passes: without the
/// hyphen-run limit; two more: first fit).
pub fn set_traced(store: &FontStore, pieces: &[Piece], spec: &ParaSpec) -> (ParaResult, usize) {
    crate::typeset::text::set_paragraph_traced(store, pieces, spec, &Tuning::default())
}

/// The settings a tuning sweep turns: the penalty of a hyphenation point, the tolerance of
/// the first breaking pass (the second is one more), the demerits of a runt last line. The
/// default is the typesetter's own tuning.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Knobs {
    pub hyphen_penalty: f32,
    pub tolerance: f32,
    pub runt_demerits: f64,
}

impl Default for Knobs {
    fn default() -> Knobs {
        let t = Tuning::default();
        Knobs {
            hyphen_penalty: t.hyphen_penalty,
            tolerance: t.passes[0],
            runt_demerits: t.runt_demerits,
        }
    }
}

/// [`set_traced`] with the typesetter's tuning changed as `knobs` say.
pub fn set_tuned(
    store: &FontStore,
    pieces: &[Piece],
    spec: &ParaSpec,
    knobs: &Knobs,
) -> (ParaResult, usize) {
    let t = Tuning::default();
    let tuning = Tuning {
        hyphen_penalty: knobs.hyphen_penalty,
        passes: [
            knobs.tolerance,
            knobs.tolerance + 1.0,
            t.passes[2],
            t.passes[3],
        ],
        runt_demerits: knobs.runt_demerits,
        ..t
    };
    crate::typeset::text::set_paragraph_traced(store, pieces, spec, &tuning)
}

/// The justified paragraphs a document's typesetting sets on this thread (pieces and spec),
/// with the default theme on letter paper, two-sided, hyphenated. (A long book's later
/// chapters may be laid out on a second thread: their paragraphs are not among these.)
pub fn justified_paragraphs(
    doc: &crate::model::Document,
    store: &FontStore,
) -> Vec<(Vec<Piece>, ParaSpec)> {
    let opts = crate::typeset::TypesetOptions {
        paper: crate::config::Paper::Letter,
        booklet: None,
        print: None,
        hyphenate: true,
        chapter_break: crate::config::ChapterBreak::Recto,
        sides: crate::config::Sides::Two,
        imprint: None,
        hyphenation_exceptions: Default::default(),
        fillable: false,
        notes_pages: 0,
    };
    let theme = crate::theme::Theme::default();
    let (_, paragraphs) = record_paragraphs(|| {
        let _ = crate::typeset::typeset(doc, &theme, store, &opts);
    });
    paragraphs
        .into_iter()
        .filter(|(_, s)| s.align == ParaAlign::Justify)
        .collect()
}

/// Statistics of setting paragraphs: spaces on justified lines (em), hyphens, runts.
#[derive(Debug, Default)]
pub struct Stats {
    pub lines: usize,
    pub justified: Vec<f32>,
    pub hyphenated: usize,
    pub max_run: usize,
    pub overfull: usize,
    pub too_wide: usize,
    pub runts: usize,
    pub last_line_spaces: Vec<f32>,
    pub passes: [usize; 7],
    pub worst: Vec<(f32, String)>,
    /// Lines set with letter-spacing, and the widest and tightest spacing (em).
    pub tracked: usize,
    pub track_range: (f32, f32),
}

impl Stats {
    pub fn add_traced(&mut self, r: &(ParaResult, usize), spec: &ParaSpec) {
        self.passes[r.1.min(6)] += 1;
        self.add(&r.0, spec);
    }

    pub fn add(&mut self, r: &ParaResult, spec: &ParaSpec) {
        let mut run = 0;
        for (i, l) in r.lines.iter().enumerate() {
            self.lines += 1;
            let last = i + 1 == r.lines.len();
            if last {
                self.last_line_spaces.push(l.max_space_em);
                if i > 0 && l.width < spec.width * 0.12 {
                    self.runts += 1;
                }
            } else if l.max_space_em > 0.0 {
                self.justified.push(l.max_space_em);
                if l.max_space_em > 0.5 {
                    self.worst.push((l.max_space_em, l.text.clone()));
                }
            }
            if l.hyphenated {
                self.hyphenated += 1;
                run += 1;
                self.max_run = self.max_run.max(run);
            } else {
                run = 0;
            }
            self.overfull += usize::from(l.overfull);
            if l.letter_space_em != 0.0 {
                self.tracked += 1;
                self.track_range.0 = self.track_range.0.min(l.letter_space_em);
                self.track_range.1 = self.track_range.1.max(l.letter_space_em);
            }
            let limit = if i == 0 {
                spec.width - spec.first_indent
            } else {
                spec.width
            };
            self.too_wide += usize::from(l.width > limit + 0.01);
        }
    }

    pub fn max_p95(&self) -> (f32, f32) {
        let mut v = self.justified.clone();
        v.sort_by(f32::total_cmp);
        if v.is_empty() {
            return (0.0, 0.0);
        }
        (v[v.len() - 1], v[(v.len() * 95 / 100).min(v.len() - 1)])
    }

    pub fn report(&self, label: &str) -> String {
        let (max, p95) = self.max_p95();
        let over = self.justified.iter().filter(|x| **x > 0.5).count();
        format!(
            "{label}: {} lines, spaces max {max:.3} em p95 {p95:.3} em, {over} lines > 0.5 em, \
             {} hyphenated ({:.1}%), longest hyphen run {}, {} runts, {} overfull, {} too wide, \
             passes {:?}, {} letter-spaced lines ({:.4} to {:.4} em)",
            self.lines,
            self.hyphenated,
            100.0 * self.hyphenated as f32 / self.lines.max(1) as f32,
            self.max_run,
            self.runts,
            self.overfull,
            self.too_wide,
            &self.passes[1..],
            self.tracked,
            self.track_range.0,
            self.track_range.1
        )
    }
}

/// Every paragraph of the bundled guide as plain text, with the indent it is set at (list
/// items and sayings narrower).
pub fn guide_paragraphs() -> Vec<(String, f32)> {
    use crate::model::{Block, BlockKind, Inline, InlineKind};
    /// The text of inlines, hard breaks kept as `\n`.
    fn plain_text(inlines: &[Inline]) -> String {
        let mut out = String::new();
        for i in inlines {
            match &i.kind {
                InlineKind::Text(t) | InlineKind::Code(t) => out.push_str(t),
                InlineKind::Emph(c)
                | InlineKind::Strong(c)
                | InlineKind::Strike(c)
                | InlineKind::Link { content: c, .. } => out.push_str(&plain_text(c)),
                InlineKind::SoftBreak => out.push(' '),
                InlineKind::HardBreak => out.push('\n'),
                _ => {}
            }
        }
        out
    }
    fn walk(blocks: &[Block], indent: f32, out: &mut Vec<(String, f32)>) {
        for b in blocks {
            match &b.kind {
                BlockKind::Paragraph(c) => out.push((plain_text(c), indent)),
                BlockKind::List(l) => {
                    if let Some(lead) = &l.lead {
                        out.push((plain_text(&lead.content), indent));
                    }
                    for item in &l.items {
                        walk(&item.blocks, indent + 15.0, out);
                    }
                }
                BlockKind::Sayings(s) => {
                    for saying in &s.items {
                        out.push((plain_text(&saying.content), indent + 20.0));
                    }
                }
                BlockKind::BlockQuote(inner) => walk(inner, indent + 20.0, out),
                _ => {}
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
    let ms = crate::manuscript::load(&root).expect("the bundled manuscript loads");
    let (doc, _) = crate::parse::document(&ms).into_parts();
    let mut out = Vec::new();
    for ch in &doc.chapters {
        walk(&ch.blocks, 0.0, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_knobs_are_the_typesetters_tuning() {
        let s = store();
        let text = "Trust is rebuilt slowly, through small promises kept again and again; \
                    listen without defending yourself, and ask what the other person needs.";
        for width in [120.0, 200.0, 300.0] {
            let sp = spec(width);
            let pieces = [piece(text)];
            assert_eq!(
                set_tuned(&s, &pieces, &sp, &Knobs::default()),
                set_traced(&s, &pieces, &sp)
            );
        }
    }
}
