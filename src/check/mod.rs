//! `guidebuild check`: the manuscript linter. It reads the parsed [`Document`] (and, where the
//! model does not keep what a rule needs, the source text through the spans) and reports the
//! slips authors of these guides make: a check-list item that lost its ✔, an “Avoid saying:” with
//! nothing after it, step 4 after step 2, a straight quote among curly ones. This module owns the
//! rule table ([`RULES`]), the entry point ([`lint`]) and the tree walks the rules share; the
//! rules live in `rules/` (`lists`, `structure`, `text`) and `coverage`, safe fixes are
//! applied by `fix`.

mod coverage;
pub mod fix;
mod rules;

use crate::diag::{Diagnostic, Sources, Span};
use crate::manuscript::Manuscript;
use crate::model::{Block, BlockKind, Chapter, Document, Inline, InlineKind};

/// One lint code, for `--help`, the README and editors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub summary: &'static str,
}

/// Every code `guidebuild check` reports for the rules. GB0xx codes come from the loader
/// (`manuscript::load`, `manuscript::load_assets`, `config::parse_guide_toml`) and GB1xx from the
/// parser, both of which the CLI runs before [`lint`]; `check` prints them with the rest. (The
/// parser's other codes, GB101–GB109, are listed in `crate::parse`.)
pub const RULES: &[RuleInfo] = &[
    RuleInfo {
        code: "GB010",
        name: "unknown-config-key",
        summary: "error: an unknown key in guide.toml (the nearest known key is suggested)",
    },
    RuleInfo {
        code: "GB011",
        name: "bad-config-value",
        summary: "error: a guide.toml value that is not valid (the key is named)",
    },
    RuleInfo {
        code: "GB030",
        name: "missing-image",
        summary: "error: an image that does not exist or whose path leaves the manuscript folder",
    },
    RuleInfo {
        code: "GB031",
        name: "remote-image",
        summary: "warning: a remote image that cannot be embedded",
    },
    RuleInfo {
        code: "GB032",
        name: "broken-image",
        summary: "warning: an image whose data is damaged, over 40 megapixels or 160 MB decoded, or an SVG that does not parse (the PDF shows a placeholder, the EPUB leaves it out)",
    },
    RuleInfo {
        code: "GB105",
        name: "repeated-heading-id",
        summary: "warning: an explicit heading id `{#id}` used twice (from the parser; the second is renamed)",
    },
    RuleInfo {
        code: "GB110",
        name: "empty-file",
        summary: "warning: a chapter file with no content at all (from the parser)",
    },
    RuleInfo {
        code: "GB112",
        name: "saying-marker-contradicts-lead",
        summary: "warning: a ✔ phrase after “Avoid saying:”, or a ❌ one after “Try:” (from the parser; the lead-in wins)",
    },
    RuleInfo {
        code: "GB201",
        name: "missing-marker",
        summary: "warning: a check or avoid list item without the list's marker (fixable)",
    },
    RuleInfo {
        code: "GB202",
        name: "mixed-markers",
        summary: "warning: a list that mixes check (✔) and avoid (❌) markers",
    },
    RuleInfo {
        code: "GB203",
        name: "empty-saying-lead",
        summary:
            "warning: a lead-in for sayings (“Avoid saying:”, “Try:” …) with no saying after it",
    },
    RuleInfo {
        code: "GB204",
        name: "skipped-heading-level",
        summary: "warning: a heading that skips a level (`#` then `###`)",
    },
    RuleInfo {
        code: "GB205",
        name: "step-sequence",
        summary: "warning: numbered headings out of sequence (a gap, a repeat, or out of order)",
    },
    RuleInfo {
        code: "GB206",
        name: "mixed-quotes",
        summary:
            "warning: a straight quote among curly ones in a chapter, or the reverse (fixable)",
    },
    RuleInfo {
        code: "GB207",
        name: "empty-chapter",
        summary: "warning: a chapter with a title but no content",
    },
    RuleInfo {
        code: "GB208",
        name: "duplicate-id",
        summary: "error: two headings whose ids still clash after parsing",
    },
    RuleInfo {
        code: "GB209",
        name: "broken-link",
        summary: "error: an internal link (`#id`) to an id that does not exist",
    },
    RuleInfo {
        code: "GB210",
        name: "uncovered-character",
        summary: "warning: a character that no font can draw (the PDF prints ▯ for it)",
    },
    RuleInfo {
        code: "GB212",
        name: "image-without-description",
        summary: "warning: an image with no description (`![](…)`): the EPUB then does not claim text alternatives",
    },
    RuleInfo {
        code: "GB213",
        name: "low-contrast-theme",
        summary: "warning: a theme colour under WCAG AA's contrast (4.5:1 for text, 3:1 for markers and the sayings' rules): the EPUB then does not claim WCAG 2.1 AA",
    },
    RuleInfo {
        code: "GB214",
        name: "empty-reflection-lead",
        summary: "warning: a reflection lead-in (“Reflect:”, “Journal:” …) with no list of questions after it",
    },
    RuleInfo {
        code: "GB215",
        name: "blank-in-heading",
        summary: "warning: a fill-in blank (`____`) in a heading, where nobody writes",
    },
    RuleInfo {
        code: "GB211",
        name: "avoid-needs-try",
        summary: "warning: phrases to avoid with no phrases to try right after them (only with `[check] avoid_needs_try = true`)",
    },
    RuleInfo {
        code: "GB601",
        name: "too-few-pages",
        summary: "warning (print shop, `--for kdp|ingramspark`): fewer pages than the service prints (KDP 24, IngramSpark 18)",
    },
    RuleInfo {
        code: "GB602",
        name: "type-too-small",
        summary: "warning (print shop): type under 7 pt",
    },
    RuleInfo {
        code: "GB603",
        name: "line-too-thin",
        summary: "warning (print shop): a line thinner than the service prints (KDP 0.75 pt, IngramSpark 0.25 pt)",
    },
    RuleInfo {
        code: "GB604",
        name: "image-resolution",
        summary: "warning (print shop): an image under 300 pixels per inch at its printed size",
    },
    RuleInfo {
        code: "GB605",
        name: "outside-safe-area",
        summary: "warning (print shop): something printed nearer the trim than the service allows, or in the gutter",
    },
    RuleInfo {
        code: "GB606",
        name: "colour-in-black-and-white",
        summary: "warning (print shop, black and white): a theme colour set in guide.toml that is not a grey",
    },
];

/// Images whose data the outputs cannot use (GB032), decoded within the budget. Run by
/// `check` beside [`lint`]; a build does not, as its renderers report the same images (GB302,
/// GB407) and decode them anyway.
pub fn images(doc: &Document) -> Vec<Diagnostic> {
    rules::images::check(doc)
}

/// The theme colours a black-and-white print-shop interior prints as grey (GB606), at
/// their keys in guide.toml (none for a colour interior); for that edition's build and
/// `check --for`.
pub fn print_colors(ms: &Manuscript, shop: &crate::config::PrintShop) -> Vec<Diagnostic> {
    rules::print::colors(ms, shop)
}

/// Every slip the rules find in the parsed document, rule by rule in the order found (the
/// report sorts them for output). Some are errors (GB208, GB209), so this is a list of
/// diagnostics rather than a [`crate::diag::Warned`] value.
pub fn lint(doc: &Document, ms: &Manuscript) -> Vec<Diagnostic> {
    let src = &ms.sources;
    let mut out = rules::lists::check(doc, src, &ms.config.theme.reflection.words);
    if ms.config.check.avoid_needs_try {
        out.extend(rules::lists::avoid_needs_try(doc, src));
    }
    out.extend(rules::structure::check(doc, src));
    out.extend(rules::text::check(doc, src));
    out.extend(coverage::check(doc, ms));
    out.extend(rules::access::check(doc, ms));
    // A rule given an out-of-range span (a hand-built model) must not break rendering.
    out.retain(|d| d.span.is_none_or(|s| valid_span(src, s)));
    out
}

/// Whether a span lies inside its file and on character boundaries.
pub(crate) fn valid_span(src: &Sources, s: Span) -> bool {
    src.files.get(s.file).is_some_and(|f| {
        s.start <= s.end
            && s.end <= f.text.len()
            && f.text.is_char_boundary(s.start)
            && f.text.is_char_boundary(s.end)
    })
}

/// The source text of a span, or `""` when the span does not fit its file.
pub(crate) fn slice(src: &Sources, s: Span) -> &str {
    if valid_span(src, s) {
        &src.get(s.file).text[s.start..s.end]
    } else {
        ""
    }
}

/// The span cut at the end of its first line (block spans often run over several lines; the
/// first line is what a reader needs to see), with trailing whitespace removed.
pub(crate) fn first_line(src: &Sources, s: Span) -> Span {
    let text = slice(src, s);
    let line = text.split('\n').next().unwrap_or("").trim_end();
    Span::new(s.file, s.start, s.start + line.len())
}

/// Calls `f` on every block, depth first in source order: list items, block quotes included.
pub(crate) fn walk_blocks<'a>(blocks: &'a [Block], f: &mut dyn FnMut(&'a Block)) {
    for b in blocks {
        f(b);
        match &b.kind {
            BlockKind::List(l) => {
                for it in &l.items {
                    walk_blocks(&it.blocks, f);
                }
            }
            BlockKind::BlockQuote(inner) => walk_blocks(inner, f),
            _ => {}
        }
    }
}

/// Every block of a chapter: its body, then its footnotes' blocks.
pub(crate) fn chapter_blocks(ch: &Chapter) -> Vec<&Block> {
    let mut out = Vec::new();
    walk_blocks(&ch.blocks, &mut |b| out.push(b));
    for f in &ch.footnotes {
        walk_blocks(&f.blocks, &mut |b| out.push(b));
    }
    out
}

/// The runs of inline content one block holds directly (not those of nested blocks).
pub(crate) fn block_inline_runs(b: &Block) -> Vec<&[Inline]> {
    match &b.kind {
        BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) => vec![content],
        BlockKind::Figure { caption, .. } => vec![caption],
        BlockKind::List(l) => l.lead.iter().map(|x| x.content.as_slice()).collect(),
        BlockKind::Sayings(s) => s
            .lead
            .iter()
            .map(|x| x.content.as_slice())
            .chain(s.items.iter().map(|x| x.content.as_slice()))
            .collect(),
        BlockKind::Table(t) => t
            .head
            .iter()
            .chain(t.rows.iter().flatten())
            .map(Vec::as_slice)
            .collect(),
        BlockKind::BlockQuote(_) | BlockKind::CodeBlock { .. } | BlockKind::ThematicBreak => {
            Vec::new()
        }
    }
}

/// Every run of inlines in a chapter: its title, then each block's runs in source order.
pub(crate) fn chapter_inline_runs(ch: &Chapter) -> Vec<&[Inline]> {
    let mut out: Vec<&[Inline]> = vec![&ch.title];
    for b in chapter_blocks(ch) {
        out.extend(block_inline_runs(b));
    }
    out
}

/// Calls `f` on every inline, depth first, in order.
pub(crate) fn walk_inlines<'a>(inlines: &'a [Inline], f: &mut dyn FnMut(&'a Inline)) {
    for i in inlines {
        f(i);
        match &i.kind {
            InlineKind::Emph(c)
            | InlineKind::Strong(c)
            | InlineKind::Strike(c)
            | InlineKind::Link { content: c, .. } => walk_inlines(c, f),
            _ => {}
        }
    }
}

#[cfg(test)]
pub(crate) mod testkit;

#[cfg(test)]
mod tests {
    use super::testkit::*;
    use super::*;

    #[test]
    fn every_rule_code_is_unique_and_well_formed() {
        let mut codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), RULES.len());
        for r in RULES {
            assert!(r.code.starts_with("GB") && r.code.len() == 5, "{}", r.code);
            assert!(!r.name.is_empty() && !r.summary.is_empty());
        }
    }

    #[test]
    fn first_line_stops_at_the_newline() {
        let mut s = Sources::default();
        let f = s.add("a.md", "## Title  \nmore\n");
        assert_eq!(first_line(&s, Span::new(f, 0, 16)), Span::new(f, 0, 8));
        assert_eq!(slice(&s, Span::new(f, 0, 99)), "");
    }

    #[test]
    fn a_clean_chapter_has_no_diagnostics() {
        let mut b = Book::new();
        let f = b.file("01-a.md", "# Title\n\nJust “text” here, it’s fine.\n");
        b.chapter(f, "Title", vec![b.para(f, "Just “text” here, it’s fine.")]);
        assert_eq!(b.lint(), Vec::<Diagnostic>::new());
    }
}
