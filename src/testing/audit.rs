//! The layout rules checked on frames, from the engine's own data: no widow (the last line of
//! a paragraph alone at a page top), no orphan (its first line alone at a page foot), no
//! heading or lead-in as the last line of a page, no overfull line, nothing off the page; and
//! the widest word space of every justified body line, for the max and p95 the tests report.
//! [`verso_openings`] finds chapters that open on a left-hand page, [`notes_away`] footnote
//! references whose note is on another page, [`blank_pages`] counts pages with nothing to read,
//! [`margins`] measures the text block's margins page by page.

use crate::typeset::frame::{FrameItem, FrameLink, LineKind, PageFrame, PageKind};

/// What the audit of a book's frames found.
#[derive(Debug, Default)]
pub struct Audit {
    pub problems: Vec<String>,
    /// Widest word space of every justified line, em.
    pub spaces: Vec<f32>,
    /// Where the widest of them is: page and line text.
    pub widest: String,
    pub lines: usize,
}

impl Audit {
    pub fn max_space(&self) -> f32 {
        self.spaces.iter().copied().fold(0.0, f32::max)
    }

    pub fn p95_space(&self) -> f32 {
        let mut s = self.spaces.clone();
        s.sort_by(f32::total_cmp);
        s.get(s.len() * 95 / 100).copied().unwrap_or(0.0)
    }
}

/// Checks the layout rules on every page.
pub fn audit(frames: &[PageFrame]) -> Audit {
    let mut a = Audit::default();
    for (p, f) in frames.iter().enumerate() {
        let lines: Vec<_> = f
            .items
            .iter()
            .filter_map(|i| match i {
                FrameItem::Text(t) if t.info.kind.in_flow() => Some(t),
                _ => None,
            })
            .collect();
        // notes at the foot stand apart from the text flow above them
        let mut flow = lines.clone();
        while flow.last().map(|t| t.info.kind) == Some(LineKind::Footnote)
            && flow.iter().any(|t| t.info.kind != LineKind::Footnote)
        {
            flow.pop();
        }
        a.lines += lines.len();
        let at = |what: &str, text: &str| format!("page {} ({}): {what}: {text:?}", p + 1, f.label);
        if let Some(first) = flow.first() {
            if let Some(pp) = first.info.para {
                if pp.count > 1 && pp.index + 1 == pp.count {
                    a.problems.push(at("widow", &first.text));
                }
            }
        }
        if let Some(last) = flow.last() {
            if let Some(pp) = last.info.para {
                if pp.count > 1
                    && pp.index == 0
                    && !matches!(
                        last.info.kind,
                        LineKind::Heading(_) | LineKind::ChapterTitle
                    )
                {
                    a.problems.push(at("orphan", &last.text));
                }
            }
            if matches!(
                last.info.kind,
                LineKind::Heading(_) | LineKind::ChapterTitle | LineKind::Lead
            ) {
                a.problems.push(at("stranded at the foot", &last.text));
            }
        }
        for l in &lines {
            if l.info.overfull {
                a.problems.push(at("overfull", &l.text));
            }
            if l.info.justified && l.info.kind == LineKind::Body {
                if l.info.max_space_em > a.max_space() {
                    a.widest = at("widest space", &l.text);
                }
                a.spaces.push(l.info.max_space_em);
            }
            if l.x + l.width() > f.width + 0.5 {
                a.problems.push(at("runs off the page", &l.text));
            }
        }
    }
    a
}

/// How many pages have nothing to read: no line of the text flow (running heads and folios
/// do not count) and no image. 0 for a book that wastes no paper.
pub fn blank_pages(frames: &[PageFrame]) -> usize {
    frames
        .iter()
        .filter(|f| {
            !f.items.iter().any(|i| match i {
                FrameItem::Text(t) => t.info.kind.in_flow() && !t.text.trim().is_empty(),
                FrameItem::Image { .. } => true,
                _ => false,
            })
        })
        .count()
}

/// The left and right margins of each page's text, in pt: from the page's left edge to the
/// leftmost start of a line of the text flow, and from the rightmost end of a justified body
/// line to the right edge (`None` for a page without such lines).
pub fn margins(frames: &[PageFrame]) -> Vec<Option<(f32, f32)>> {
    frames
        .iter()
        .map(|f| {
            let lines = f.items.iter().filter_map(|i| match i {
                FrameItem::Text(t) if t.info.justified && t.info.kind == LineKind::Body => Some(t),
                _ => None,
            });
            let (mut left, mut right) = (f32::MAX, f32::MIN);
            for t in lines {
                left = left.min(t.x);
                right = right.max(t.x + t.width());
            }
            (left < f32::MAX).then_some((left, f.width - right))
        })
        .collect()
}

/// The chapter openings on a verso (an even page, 1-based), as `page N (label)`: none when
/// chapters open on rectos.
pub fn verso_openings(frames: &[PageFrame]) -> Vec<String> {
    frames
        .iter()
        .enumerate()
        .filter(|(p, f)| f.kind == PageKind::ChapterOpening && !p.is_multiple_of(2))
        .map(|(p, f)| format!("page {} ({})", p + 1, f.label))
        .collect()
}

/// The links that lead to a footnote on another page than their own, as `page N (label) →
/// page M`: none when every note is at the foot of its reference's page. (Notes set at the
/// chapter's end, those taller than half a page, show up here.) A link leads to a note when
/// the first line below its target is a footnote line.
pub fn notes_away(frames: &[PageFrame]) -> Vec<String> {
    let mut out = Vec::new();
    for (p, f) in frames.iter().enumerate() {
        for item in &f.items {
            let FrameItem::Link {
                target: FrameLink::Page { page, y },
                ..
            } = item
            else {
                continue;
            };
            let Some(target) = frames.get(*page) else {
                continue;
            };
            let first_below = target
                .items
                .iter()
                .filter_map(|i| match i {
                    FrameItem::Text(t) if t.info.kind.in_flow() && t.baseline > *y => Some(t),
                    _ => None,
                })
                .min_by(|a, b| a.baseline.total_cmp(&b.baseline));
            if first_below.is_some_and(|t| t.info.kind == LineKind::Footnote) && *page != p {
                out.push(format!(
                    "page {} ({}) → page {} ({})",
                    p + 1,
                    f.label,
                    page + 1,
                    target.label
                ));
            }
        }
    }
    out
}

/// The lines that end in a hyphen the setter added (U+00AD in the line's text) and are
/// their paragraph's next-to-last line, so that the last line starts with the rest of the
/// word ("heal-" / "ing."), as `page N (label): text`. A word's own hyphen does not count.
pub fn penultimate_hyphens(frames: &[PageFrame]) -> Vec<String> {
    let mut out = Vec::new();
    for (p, f) in frames.iter().enumerate() {
        for item in &f.items {
            let FrameItem::Text(t) = item else { continue };
            let Some(pp) = t.info.para else { continue };
            if pp.count >= 2 && pp.index + 2 == pp.count && t.text.ends_with('\u{AD}') {
                out.push(format!("page {} ({}): {:?}", p + 1, f.label, t.text));
            }
        }
    }
    out
}

/// The worst case of [`penultimate_hyphens`]: the rest of the word is the whole last line
/// ("heal-" / "ing."), as `page N (label): text of the last line`.
pub fn fragment_last_lines(frames: &[PageFrame]) -> Vec<String> {
    let lines = || {
        frames.iter().enumerate().flat_map(|(p, f)| {
            f.items.iter().filter_map(move |i| match i {
                FrameItem::Text(t) => t.info.para.map(|pp| (p, f, t, pp)),
                _ => None,
            })
        })
    };
    let hyphened: std::collections::BTreeSet<u64> = lines()
        .filter(|(_, _, t, pp)| {
            pp.count >= 2 && pp.index + 2 == pp.count && t.text.ends_with('\u{AD}')
        })
        .map(|(_, _, _, pp)| pp.id)
        .collect();
    lines()
        .filter(|(_, _, t, pp)| {
            pp.index + 1 == pp.count
                && hyphened.contains(&pp.id)
                && !t.text.trim().contains(char::is_whitespace)
        })
        .map(|(p, f, t, _)| format!("page {} ({}): {:?}", p + 1, f.label, t.text))
        .collect()
}

/// How many justified body lines have a word space wider than `em` em.
pub fn wide_spaces(frames: &[PageFrame], em: f32) -> usize {
    audit(frames).spaces.iter().filter(|s| **s > em).count()
}
