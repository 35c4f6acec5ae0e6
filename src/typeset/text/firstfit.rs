//! The first-fit line breaker (each line takes as much as fits): the baseline Knuth–Plass is
//! tested against, and the last resort when no total-fit breaking exists (a glyph wider than
//! the line). Also the total demerits of a given breaking, to compare breakers.

use crate::typeset::text::linebreak::{
    is_break, line_ratio, line_start, penalty_of, prefix_sums, Break, Item, Kind, Params,
    INF_PENALTY,
};
#[cfg(test)]
use crate::typeset::text::linebreak::{line_cost, Node};

/// First fit: each line takes as much as fits (shrinking spaces if needed). A line that cannot
/// fit anything breaks at the first opportunity (and will be overfull).
pub(crate) fn greedy(items: &[Item], p: &Params) -> Vec<Break> {
    let sums = prefix_sums(items);
    let mut out = Vec::new();
    let mut prev: Option<usize> = None;
    let mut line = 0;
    while prev.is_none_or(|a| a + 1 < items.len()) {
        let start = line_start(items, prev);
        let l = if line == 0 { p.first_width } else { p.width };
        let mut chosen: Option<(usize, f64)> = None;
        for i in start..items.len() {
            crate::typeset::cost::add(1);
            if !is_break(items, i) {
                continue;
            }
            let (_, r) = line_ratio(items, &sums, start, i, l, p);
            let forced =
                matches!(items[i].kind, Kind::Penalty { penalty, .. } if penalty <= -INF_PENALTY);
            if r < p.min_ratio() - 1e-9 {
                if chosen.is_none() {
                    chosen = Some((i, r));
                }
                break;
            }
            chosen = Some((i, r));
            if forced {
                break;
            }
        }
        let Some((at, r)) = chosen else { break };
        let (_, _, flagged) = penalty_of(&items[at]);
        out.push(Break {
            at,
            ratio: r as f32,
            flagged,
        });
        prev = Some(at);
        line += 1;
    }
    out
}

/// Total demerits of a given breaking under `p` (no tolerance limit); `None` if a line is
/// overfull or breaks a hyphen rule.
#[cfg(test)]
pub(crate) fn total_demerits(items: &[Item], breaks: &[Break], p: &Params) -> Option<f64> {
    let sums = prefix_sums(items);
    let p = Params {
        tolerance: f32::INFINITY,
        ..p.clone()
    };
    let mut node = Node::root(items);
    for b in breaks {
        let (r, cost) = line_cost(items, &sums, &node, b.at, &p);
        let (d, fit, run) = cost?;
        node = Node {
            at: Some(b.at),
            start: line_start(items, Some(b.at)),
            line: node.line + 1,
            fitness: fit,
            hyph_run: run,
            total: node.total + d,
            prev: None,
            ratio: r,
            flagged: b.flagged,
        };
    }
    Some(node.total)
}
