//! Choosing a paragraph's breaks: Knuth–Plass pass by pass, each more tolerant than the last
//! (from the second pass on, justified lines may space their letters a little), so that no
//! line is ever overfull. When the first breaking found leaves the end of a hyphenated word as
//! the last line, the letter-spacing passes are tried for a breaking that does not. Past the
//! last pass the limit on hyphenated lines in a row goes, and last of all comes first fit.

use crate::typeset::text::firstfit::greedy;
use crate::typeset::text::linebreak::{knuth_plass, Break, Item, Kind, Params};
use crate::typeset::text::piece::{ParaAlign, ParaSpec};
use crate::typeset::text::tuning::Tuning;

/// The breaks chosen, the pass that found them (1-based; one more than the passes: without
/// the hyphen-run limit; two more: first fit) and that pass's settings.
pub(crate) struct Chosen {
    pub breaks: Vec<Break>,
    pub pass: usize,
    pub params: Params,
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

/// The settings of each pass of one paragraph.
struct Passes<'a> {
    base: Params,
    tuning: &'a Tuning,
    justify: bool,
}

impl Passes<'_> {
    /// Pass `n` (0-based): its tolerance, and letter-spacing from `track_from` on.
    fn params(&self, n: usize) -> Params {
        let t = self.tuning;
        let mut p = self.base.clone();
        p.space_limit = t.passes[0];
        p.tolerance = t.passes[n];
        if n >= t.track_from && self.justify {
            p.track_stretch = if n >= t.wide_track_from {
                t.wide_track_stretch
            } else {
                t.track_stretch
            };
            p.track_shrink = t.track_shrink;
        }
        p
    }

    /// Knuth–Plass breaks under pass `n`, if that pass finds any.
    fn run(&self, items: &[Item], n: usize) -> Option<Chosen> {
        let params = self.params(n);
        let breaks = knuth_plass(items, &params)?;
        Some(Chosen {
            breaks,
            pass: n + 1,
            params,
        })
    }
}

/// The breaks of a paragraph's items (see the module comment).
pub(crate) fn choose_breaks(items: &[Item], spec: &ParaSpec, tuning: &Tuning) -> Chosen {
    let passes = Passes {
        base: params_for(spec, tuning),
        tuning,
        justify: spec.align == ParaAlign::Justify,
    };
    match (0..tuning.passes.len()).find_map(|n| passes.run(items, n)) {
        Some(c) if passes.justify && ends_in_fragment(items, &c.breaks) => {
            avoid_fragment(items, &passes, c)
        }
        Some(c) => c,
        None => last_resort(items, &passes),
    }
}

/// When the only breaking with spaces alone leaves the end of a hyphenated word at the start
/// of the last line, the first letter-spacing pass (spaces still under the limit) may avoid
/// it. When the rest of the word would be the whole last line ("heal-" / "ing."), every later
/// pass is tried before that is accepted.
fn avoid_fragment(items: &[Item], passes: &Passes, found: Chosen) -> Chosen {
    let t = passes.tuning;
    let lone = last_line_is_one_word(items, &found.breaks);
    let from = t.track_from.max(found.pass);
    let to = if lone {
        t.passes.len()
    } else {
        (t.track_from + 1).max(from)
    };
    for n in from..to {
        let Some(c) = passes.run(items, n) else {
            continue;
        };
        if !ends_in_fragment(items, &c.breaks) || (lone && !last_line_is_one_word(items, &c.breaks))
        {
            return c;
        }
    }
    found
}

/// No pass found breaks: the last pass without the limit on hyphenated lines in a row, else
/// first fit.
fn last_resort(items: &[Item], passes: &Passes) -> Chosen {
    let n = passes.tuning.passes.len();
    let mut params = passes.params(n - 1);
    params.max_hyphen_run = u8::MAX;
    match knuth_plass(items, &params) {
        Some(breaks) => Chosen {
            breaks,
            pass: n + 1,
            params,
        },
        None => Chosen {
            breaks: greedy(items, &params),
            pass: n + 2,
            params,
        },
    }
}

/// Whether the next-to-last line of `breaks` ends in an added hyphen, so that the last line
/// is the rest of a word and what follows it.
fn ends_in_fragment(items: &[Item], breaks: &[Break]) -> bool {
    breaks.len() >= 2
        && matches!(
            items[breaks[breaks.len() - 2].at].kind,
            Kind::Penalty { hyphen: true, .. }
        )
}

/// Whether the last line of `breaks` holds no word space: one word (or the rest of one).
fn last_line_is_one_word(items: &[Item], breaks: &[Break]) -> bool {
    let [.., before, last] = breaks else {
        return false;
    };
    !items[before.at + 1..last.at]
        .iter()
        .any(|i| matches!(i.kind, Kind::Glue { fill: false, .. }))
}
