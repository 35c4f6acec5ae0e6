//! Knuth–Plass total-fit line breaking over boxes, glue and penalties (our own code). The
//! first-fit baseline and the demerits of a given breaking are in [`crate::typeset::text::firstfit`].
//!
//! Costs follow TeX: badness 100·|r|³ (r the adjustment ratio), demerits
//! (line_penalty + badness)² ± penalty², extra demerits for two flagged (hyphenated) lines in a
//! row, for a hyphenated next-to-last line (far more when the hyphen is added, so that the last
//! line would start with the rest of a word: in effect forbidden while any other breaking
//! fits), for adjacent lines of very different tightness (fitness classes), for a runt last
//! line, and for a line that is one short word (balanced headings). The DP state carries the
//! number of hyphenated lines in a row so that a third one is never chosen. Ragged text is the
//! same algorithm with a finite stretch at every line end (badness then measures the ragged
//! gap); balanced text counts the last line's gap too.

/// A penalty this high forbids a break; its negative forces one.
pub(crate) const INF_PENALTY: f32 = 10000.0;
/// Badness of a line that cannot stretch at all (TeX caps badness at 10000; we do not, so
/// that in the last pass looseness is spread over lines instead of piled on one).
const INF_BADNESS: f64 = 1.0e8;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Kind {
    Box,
    /// `fill`: infinitely stretchable (the end of a paragraph or of a hard-broken line).
    Glue {
        stretch: f32,
        shrink: f32,
        fill: bool,
        breakable: bool,
    },
    Penalty {
        penalty: f32,
        /// Counts as a hyphenated line end (an added hyphen, or a word's own hyphen or dash).
        flagged: bool,
        /// Taking the break adds a hyphen: the word goes on on the next line.
        hyphen: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Item {
    pub width: f32,
    pub kind: Kind,
}

/// Settings of one breaking pass.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Params {
    /// Measure of the first line and of the others, pt.
    pub first_width: f32,
    pub width: f32,
    /// 0 for justified text; for ragged text, the stretch at each line end.
    pub ragged_stretch: f32,
    /// Whether fill glue stretches (false: balanced ragged text, where it is ignored).
    pub fill_last: bool,
    /// Largest adjustment ratio accepted; `f32::INFINITY` accepts any loose line.
    pub tolerance: f32,
    pub line_penalty: f64,
    pub double_hyphen_demerits: f64,
    /// A flagged next-to-last line (the last line follows a word's own hyphen or a dash).
    pub final_hyphen_demerits: f64,
    /// A next-to-last line ending in an added hyphen: the last line would start with the rest
    /// of a word ("heal-" / "ing."). Instead of `final_hyphen_demerits`.
    pub penultimate_hyphen_demerits: f64,
    pub adj_demerits: f64,
    /// Most hyphenated lines in a row.
    pub max_hyphen_run: u8,
    /// A last line narrower than this (pt) costs `runt_demerits`.
    pub runt_width: f32,
    pub runt_demerits: f64,
    /// Any line that is a single word (no breakable space) narrower than this (pt) costs
    /// `lone_word_demerits` (balanced headings).
    pub lone_word_width: f32,
    pub lone_word_demerits: f64,
    /// Letter-spacing, the last resort of justified text: how much the boxes of a line may
    /// widen and narrow, as fractions of their width (0: not at all). Spaces are stretched
    /// to `space_limit` (shrunk fully) before letters are spaced; see [`line_ratio`].
    pub track_stretch: f32,
    pub track_shrink: f32,
    /// The adjustment ratio of the spaces from which letter-spacing helps.
    pub space_limit: f32,
}

impl Params {
    pub(crate) fn new(first_width: f32, width: f32) -> Params {
        Params {
            first_width,
            width,
            ragged_stretch: 0.0,
            fill_last: true,
            tolerance: 1.0,
            line_penalty: 10.0,
            double_hyphen_demerits: 3000.0,
            final_hyphen_demerits: 5000.0,
            penultimate_hyphen_demerits: 5000.0,
            adj_demerits: 3000.0,
            max_hyphen_run: 2,
            runt_width: 0.0,
            runt_demerits: 0.0,
            lone_word_width: 0.0,
            lone_word_demerits: 0.0,
            track_stretch: 0.0,
            track_shrink: 0.0,
            space_limit: 1.0,
        }
    }

    /// The tightest adjustment ratio allowed: -1 (spaces fully shrunk), or -2 when letters
    /// may be drawn closer too.
    pub(crate) fn min_ratio(&self) -> f64 {
        if self.track_shrink > 0.0 {
            -2.0
        } else {
            -1.0
        }
    }
}

/// A chosen break: the item index, the line's adjustment ratio, whether it is flagged.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Break {
    pub at: usize,
    pub ratio: f32,
    pub flagged: bool,
}

/// Running totals of width, stretch, shrink, fill glue, the width of boxes (letters) and
/// the breakable spaces.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Sum {
    w: f64,
    st: f64,
    sh: f64,
    bw: f64,
    fil: u32,
    sp: u32,
}

/// Prefix sums: `sums[i]` covers items `0..i`.
pub(crate) fn prefix_sums(items: &[Item]) -> Vec<Sum> {
    let mut out = Vec::with_capacity(items.len() + 1);
    let mut s = Sum::default();
    out.push(s);
    for it in items {
        match it.kind {
            Kind::Penalty { .. } => {}
            Kind::Box => {
                s.w += f64::from(it.width);
                s.bw += f64::from(it.width);
            }
            Kind::Glue { .. } => s.w += f64::from(it.width),
        }
        if let Kind::Glue {
            stretch,
            shrink,
            fill,
            breakable,
        } = it.kind
        {
            s.st += f64::from(stretch);
            s.sh += f64::from(shrink);
            s.fil += u32::from(fill);
            s.sp += u32::from(breakable && !fill);
        }
        out.push(s);
    }
    out
}

/// Index of the first item of the line after a break at `at` (`None`: the paragraph start):
/// glue and optional penalties after a break are discarded.
pub(crate) fn line_start(items: &[Item], at: Option<usize>) -> usize {
    let mut j = at.map_or(0, |a| a + 1);
    while j < items.len() {
        match items[j].kind {
            Kind::Box => break,
            Kind::Penalty { penalty, .. } if penalty <= -INF_PENALTY => break,
            _ => j += 1,
        }
    }
    j
}

/// Whether item `i` is a legal break.
pub(crate) fn is_break(items: &[Item], i: usize) -> bool {
    match items[i].kind {
        Kind::Box => false,
        Kind::Glue { breakable, .. } => breakable && i > 0 && items[i - 1].kind == Kind::Box,
        Kind::Penalty { penalty, .. } => penalty < INF_PENALTY,
    }
}

pub(crate) fn penalty_of(item: &Item) -> (f64, f64, bool) {
    match item.kind {
        Kind::Penalty {
            penalty, flagged, ..
        } => (f64::from(item.width), f64::from(penalty), flagged),
        _ => (0.0, 0.0, false),
    }
}

/// The ratio for a line short of `need` pt with space stretch `st` and letter stretch `tr`:
/// spaces alone up to `limit`, then letters from `limit` to `limit + 1`, then spaces again
/// (the ratio beyond `limit + 1` is one more than the spaces'). Without letter stretch, the
/// plain ratio `need / st`.
fn staged_ratio(need: f64, st: f64, tr: f64, limit: f64) -> f64 {
    if tr <= 0.0 {
        return if st > 0.0 { need / st } else { f64::INFINITY };
    }
    if st > 0.0 && need <= limit * st {
        return need / st;
    }
    let rest = need - limit * st.max(0.0);
    if rest <= tr {
        limit + rest / tr
    } else if st > 0.0 {
        limit + 1.0 + (rest - tr) / st
    } else {
        f64::INFINITY
    }
}

/// How a line with adjustment ratio `r` under `p` is set: the ratio of its spaces and the
/// fraction of its letter-spacing capacity used (positive: of `track_stretch`, negative: of
/// `track_shrink`).
pub(crate) fn split_ratio(r: f64, p: &Params) -> (f64, f64) {
    let limit = f64::from(p.space_limit);
    if r > limit && p.track_stretch > 0.0 {
        if r <= limit + 1.0 {
            (limit, r - limit)
        } else {
            (r - 1.0, 1.0)
        }
    } else if r < -1.0 && p.track_shrink > 0.0 {
        (-1.0, (r + 1.0).max(-1.0))
    } else {
        (r, 0.0)
    }
}

/// Natural width and adjustment ratio of the line `start..at` (break at `at`). With letter-
/// spacing allowed (`p.track_stretch`, `p.track_shrink`) the ratio is staged: see
/// [`split_ratio`]; a ratio from -1 to `p.space_limit` means spaces alone.
pub(crate) fn line_ratio(
    items: &[Item],
    sums: &[Sum],
    start: usize,
    at: usize,
    l: f32,
    p: &Params,
) -> (f64, f64) {
    let (pw, _, _) = penalty_of(&items[at]);
    let a = sums[start];
    let b = sums[at];
    let w = b.w - a.w + pw;
    let l = f64::from(l);
    let r = if w < l - 1e-6 {
        if b.fil > a.fil && p.fill_last {
            0.0
        } else {
            let st = b.st - a.st + f64::from(p.ragged_stretch);
            let tr = (b.bw - a.bw) * f64::from(p.track_stretch);
            staged_ratio(l - w, st, tr, f64::from(p.space_limit))
        }
    } else if w > l + 1e-6 {
        let sh = b.sh - a.sh;
        let tr = (b.bw - a.bw) * f64::from(p.track_shrink);
        -staged_ratio(w - l, sh, tr, 1.0)
    } else {
        0.0
    };
    (w, r)
}

fn badness(r: f64) -> f64 {
    if r.is_infinite() {
        INF_BADNESS
    } else {
        (100.0 * r.abs().powi(3)).min(INF_BADNESS)
    }
}

fn fitness(r: f64) -> u8 {
    if r < -0.5 {
        0
    } else if r <= 0.5 {
        1
    } else if r <= 1.0 {
        2
    } else {
        3
    }
}

pub(crate) struct Node {
    pub(crate) at: Option<usize>,
    /// First item of the line after this break.
    pub(crate) start: usize,
    pub(crate) line: usize,
    pub(crate) fitness: u8,
    pub(crate) hyph_run: u8,
    pub(crate) total: f64,
    pub(crate) prev: Option<usize>,
    pub(crate) ratio: f64,
    pub(crate) flagged: bool,
}

impl Node {
    /// The paragraph's start: no break yet, a "decent" line before it.
    pub(crate) fn root(items: &[Item]) -> Node {
        Node {
            at: None,
            start: line_start(items, None),
            line: 0,
            fitness: 1,
            hyph_run: 0,
            total: 0.0,
            prev: None,
            ratio: 0.0,
            flagged: false,
        }
    }
}

/// The adjustment ratio of the line ending at `at` after `prev`, and when the line is
/// acceptable under `p`, its demerits, fitness class and hyphen run.
pub(crate) fn line_cost(
    items: &[Item],
    sums: &[Sum],
    prev: &Node,
    at: usize,
    p: &Params,
) -> (f64, Option<(f64, u8, u8)>) {
    crate::typeset::cost::add(1);
    let l = if prev.line == 0 {
        p.first_width
    } else {
        p.width
    };
    let (w, r) = line_ratio(items, sums, prev.start, at.max(prev.start), l, p);
    if r < p.min_ratio() - 1e-9 || r > f64::from(p.tolerance) {
        return (r, None);
    }
    let (_, pen, flagged) = penalty_of(&items[at]);
    let hyph_run = if flagged {
        prev.hyph_run.saturating_add(1)
    } else {
        0
    };
    if hyph_run > p.max_hyphen_run {
        return (r, None);
    }
    // Letters drawn closer look worse than letters spaced out: a squeezed line's badness
    // grows three times as fast beyond the spaces' own shrink.
    let b = badness(if r < -1.0 { 3.0 * r + 2.0 } else { r });
    let mut d = (p.line_penalty + b).powi(2);
    if pen >= 0.0 {
        d += pen * pen;
    } else if pen > -f64::from(INF_PENALTY) {
        d -= pen * pen;
    }
    if flagged && prev.hyph_run > 0 {
        d += p.double_hyphen_demerits;
    }
    let last = at + 1 == items.len();
    if last && prev.hyph_run > 0 {
        let added = prev
            .at
            .is_some_and(|a| matches!(items[a].kind, Kind::Penalty { hyphen: true, .. }));
        d += if added {
            p.penultimate_hyphen_demerits
        } else {
            p.final_hyphen_demerits
        };
    }
    if last && prev.line > 0 && w < f64::from(p.runt_width) {
        d += p.runt_demerits;
    }
    if w < f64::from(p.lone_word_width) && sums[at].sp == sums[prev.start].sp {
        d += p.lone_word_demerits;
    }
    let fit = if r.is_infinite() { 3 } else { fitness(r) };
    if fit.abs_diff(prev.fitness) > 1 {
        d += p.adj_demerits;
    }
    (r, Some((d, fit, hyph_run)))
}

/// Total-fit breaks, or `None` when no breaking satisfies `p` (the caller loosens it).
/// The items must end with a forced break.
pub(crate) fn knuth_plass(items: &[Item], p: &Params) -> Option<Vec<Break>> {
    total_fit(items, p).ok()
}

/// [`knuth_plass`], or the index of the first item where every line to it was too loose or
/// too tight (no feasible breaking goes on from there).
pub(crate) fn total_fit(items: &[Item], p: &Params) -> Result<Vec<Break>, usize> {
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let sums = prefix_sums(items);
    let mut arena = vec![Node::root(items)];
    let mut active: Vec<usize> = vec![0];
    let mut spare: Vec<usize> = Vec::new();
    for i in 0..items.len() {
        if !is_break(items, i) {
            continue;
        }
        let best = candidates(items, &sums, &arena, &mut active, &mut spare, i, p);
        add_nodes(items, &mut arena, &mut active, &best, i, p);
        if active.is_empty() {
            return Err(i);
        }
    }
    best_path(&arena, &active, items.len() - 1)
}

/// The best line ending at a break per (fitness class, hyphen run): its total demerits, the
/// node it starts after, its adjustment ratio.
type Best = [[Option<(f64, usize, f64)>; 4]; 4];

/// The best lines from the active nodes to break `i`. Nodes from which the line to `i` is
/// already too tight (or that `i`, a forced break, ends) are no longer active: `active` keeps
/// the others, `spare` takes the old list (its storage reused at the next break).
fn candidates(
    items: &[Item],
    sums: &[Sum],
    arena: &[Node],
    active: &mut Vec<usize>,
    spare: &mut Vec<usize>,
    i: usize,
    p: &Params,
) -> Best {
    let forced = matches!(items[i].kind, Kind::Penalty { penalty, .. } if penalty <= -INF_PENALTY);
    let mut best: Best = [[None; 4]; 4];
    let mut keep = std::mem::take(spare);
    keep.clear();
    for &a in active.iter() {
        let node = &arena[a];
        let (r, cost) = line_cost(items, sums, node, i, p);
        if let Some((d, fit, run)) = cost {
            let total = node.total + d;
            let slot = &mut best[fit as usize][run.min(3) as usize];
            if slot.is_none_or(|(t, _, _)| total < t) {
                *slot = Some((total, a, r));
            }
        }
        if r >= p.min_ratio() - 1e-9 && !forced {
            keep.push(a);
        }
    }
    *spare = std::mem::replace(active, keep);
    best
}

/// New active nodes at break `i`: the candidates within `adj_demerits` of the best one.
fn add_nodes(
    items: &[Item],
    arena: &mut Vec<Node>,
    active: &mut Vec<usize>,
    best: &Best,
    i: usize,
    p: &Params,
) {
    let min = best
        .iter()
        .flatten()
        .flatten()
        .map(|c| c.0)
        .fold(f64::INFINITY, f64::min);
    let (_, _, flagged) = penalty_of(&items[i]);
    let start = line_start(items, Some(i));
    for (fit, row) in best.iter().enumerate() {
        for (run, cand) in row.iter().enumerate() {
            if let Some((total, prev, r)) = *cand {
                if total <= min + p.adj_demerits {
                    arena.push(Node {
                        at: Some(i),
                        start,
                        line: arena[prev].line + 1,
                        fitness: fit as u8,
                        hyph_run: run as u8,
                        total,
                        prev: Some(prev),
                        ratio: r,
                        flagged,
                    });
                    active.push(arena.len() - 1);
                }
            }
        }
    }
}

/// The breaks of the cheapest active node at the last item, `last`, back to the start.
fn best_path(arena: &[Node], active: &[usize], last: usize) -> Result<Vec<Break>, usize> {
    let end = active
        .iter()
        .copied()
        .filter(|a| arena[*a].at == Some(last))
        .min_by(|a, b| arena[*a].total.total_cmp(&arena[*b].total))
        .ok_or(last)?;
    let mut out = Vec::new();
    let mut n = Some(end);
    while let Some(k) = n {
        let node = &arena[k];
        if let Some(at) = node.at {
            out.push(Break {
                at,
                ratio: node.ratio as f32,
                flagged: node.flagged,
            });
        }
        n = node.prev;
    }
    out.reverse();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staged_ratio_spends_spaces_then_letters_then_spaces() {
        let mut p = Params::new(100.0, 100.0);
        p.space_limit = 1.5;
        p.track_stretch = 0.02;
        p.track_shrink = 0.02;
        // 10 pt of space stretch, 4 pt of letter stretch (0.02 of 200 pt of letters).
        let (st, tr) = (10.0, 4.0);
        for (need, r, split) in [
            (10.0, 1.0, (1.0, 0.0)),
            (15.0, 1.5, (1.5, 0.0)),
            (17.0, 2.0, (1.5, 0.5)),
            (19.0, 2.5, (1.5, 1.0)),
            (24.0, 3.0, (2.0, 1.0)),
        ] {
            let got = staged_ratio(need, st, tr, 1.5);
            assert!((got - r).abs() < 1e-9, "{need}: {got}");
            assert_eq!(split_ratio(got, &p), split);
        }
        // Tight lines: spaces shrink fully, then letters (down to -2).
        let got = -staged_ratio(12.0, 10.0, 4.0, 1.0);
        assert!((got + 1.5).abs() < 1e-9, "{got}");
        assert_eq!(split_ratio(got, &p), (-1.0, -0.5));
        assert_eq!(p.min_ratio(), -2.0);
        // Without letter-spacing: the plain ratio.
        assert_eq!(staged_ratio(24.0, 10.0, 0.0, 1.5), 2.4);
        p.track_stretch = 0.0;
        assert_eq!(split_ratio(2.4, &p), (2.4, 0.0));
    }
}
