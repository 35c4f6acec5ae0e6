//! Lead-ins and sayings. A paragraph ending in ":" is kept with what it introduces: a list gets
//! it as its `lead`; quoted phrases after it — a block quote of quotations, a list whose items
//! are all quotations (bullet, numbered, or marked with ✔/❌-style glyphs), or a run of
//! paragraphs that are each a quotation — become one [`Sayings`] block with one [`Saying`] per
//! quoted phrase.
//!
//! Whether they are phrases to avoid or to try is decided by the lead-in's wording (the phrase
//! tables below, shared with the linter), never by how the author typed the list: `- ❌ "…"`,
//! `* “…”`, `1. "…"` and `> "…"` after "Avoid saying:" all give the same block. A marker glyph
//! before a phrase is removed from its text and kept in [`Saying::marker`]; one that says the
//! opposite of the lead-in (✔ after "Avoid saying:") is reported (GB112) and the lead-in wins.
//! After a lead-in the tables do not know ("While they talk:"), the markers decide by majority
//! (❌ phrases → avoid; no markers or a tie → try), and a marker against that majority is
//! reported the same way.

use crate::diag::{Diagnostic, Span};
use crate::model::{
    plain_text, Block, BlockKind, Inline, InlineKind, Lead, ListItem, ListKind, Marker, Saying,
    SayingKind, Sayings, ANSWER_LINES, ANSWER_LINES_MAX,
};
use crate::parse::markers::leading_marker;

/// Lead-ins that introduce phrases to avoid (compared lower-case, without the final ":" and
/// after the trailing `LEAD_QUALIFIERS` are taken off, so "Don't say things like:" is
/// "don't say"). A lead-in may also end with one of these after other words ("So whatever you
/// do, don't say:").
pub const AVOID_LEADS: &[&str] = &[
    "avoid saying",
    "avoid asking",
    "avoid phrases like",
    "avoid words like",
    "phrases to avoid",
    "words to avoid",
    "instead of saying",
    "rather than saying",
    "don't say",
    "do not say",
    "never say",
    "stop saying",
    "try not to say",
    "what not to say",
];

/// Lead-ins that introduce phrases to try (compared like [`AVOID_LEADS`]; "Say this instead:"
/// is "say"). Any other lead-in followed by quotations also gives phrases to try, unless their
/// markers say otherwise.
pub const TRY_LEADS: &[&str] = &[
    "try",
    "try saying",
    "try asking",
    "instead, try",
    "instead try",
    "instead, say",
    "instead say",
    "instead, ask",
    "instead ask",
    "say",
    "you can say",
    "you could say",
    "you might say",
    "ask",
    "ask them",
    "for example",
    "for instance",
    "phrases to try",
];

/// Words that may follow a lead-in's verb without changing what it introduces ("Say this
/// instead:", "Try something like:", "Don't say things like this:"); taken off the end, one
/// after the other, before the tables are consulted.
pub const LEAD_QUALIFIERS: &[&str] = &[
    "instead",
    "this",
    "these",
    "things like",
    "something like",
    "phrases like",
    "words like",
];

/// Characters that open a quotation.
pub const OPENING_QUOTES: &[char] = &['“', '"', '‘', '\'', '«', '„', '‚', '‹', '「', '『'];
/// Characters that close a quotation.
pub const CLOSING_QUOTES: &[char] = &['”', '"', '’', '\'', '»', '“', '‘', '›', '」', '』'];

/// The kind of sayings a *known* lead-in introduces ("Avoid saying:" → Avoid, "Instead, try:"
/// → Try, "Say this instead:" → Try), or `None` for any other text. Case, curly apostrophes,
/// the final ":" and earlier sentences ("It hurts. Avoid saying:") do not matter; the phrase
/// may end a longer clause ("So instead of saying:"); trailing `LEAD_QUALIFIERS` are ignored.
pub fn saying_lead_kind(lead_text: &str) -> Option<SayingKind> {
    let norm = lead_text.replace(['’', '‘'], "'").to_lowercase();
    let norm = norm.trim().trim_end_matches([':', '：']).trim_end();
    let last = norm
        .rsplit(['.', '!', '?', '…', '\n'])
        .next()
        .unwrap_or(norm);
    let mut last = last.split_whitespace().collect::<Vec<_>>().join(" ");
    loop {
        let matches = |p: &&str| {
            last == *p
                || last.strip_suffix(*p).is_some_and(|before| {
                    before.ends_with([' ', ',', '—', '–', '-', '(', '"', '“'])
                })
        };
        if AVOID_LEADS.iter().any(matches) {
            return Some(SayingKind::Avoid);
        }
        if TRY_LEADS.iter().any(matches) {
            return Some(SayingKind::Try);
        }
        let shorter = LEAD_QUALIFIERS.iter().find_map(|q| {
            last.strip_suffix(q)
                .filter(|rest| rest.ends_with([' ', ',']))
                .map(|rest| rest.trim_end_matches([' ', ',']).to_string())
        });
        match shorter {
            Some(s) if !s.is_empty() => last = s,
            _ => return None,
        }
    }
}

/// Whether text is one quotation: it opens with a quotation mark and closes with one (a final
/// `.` `,` `;` `!` or `?` after the closing mark is allowed).
pub fn is_quotation(text: &str) -> bool {
    let t = text.trim();
    let t = t.trim_end_matches(['.', ',', ';', '!', '?']);
    let mut chars = t.chars();
    match (chars.next(), chars.next_back()) {
        (Some(a), Some(b)) => OPENING_QUOTES.contains(&a) && CLOSING_QUOTES.contains(&b),
        _ => false,
    }
}

/// Whether a paragraph ends in ":" (ignoring trailing space).
fn is_lead_in(content: &[Inline]) -> bool {
    plain_text(content).trim_end().ends_with([':', '：'])
}

/// How reflection prompts begin: a lead-in whose first words are one of these (after
/// "Questions to", "Some", "A few" …) introduces questions to answer in writing.
const REFLECTION_STARTS: &[&str] = &[
    "reflect",
    "reflection",
    "reflections",
    "journal",
    "journaling",
    "journalling",
    "write it down",
    "write down",
    "write about",
    "your answers",
    "your answer",
    "questions to reflect on",
    "questions for reflection",
    "questions to answer",
    "questions to ask yourself",
    "questions to journal",
    "prompts",
    "journal prompts",
    "writing prompts",
    "reflection prompts",
    "take a moment to reflect",
];

/// What makes a list a reflection prompt in this book: the author's own lead-in words
/// (`[theme.reflection] words`, besides [`REFLECTION_STARTS`]) and the answer lines under
/// each question when its lead-in names no number (`[workbook] lines`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Prompts<'a> {
    pub words: &'a [String],
    pub lines: u8,
}

impl Default for Prompts<'_> {
    fn default() -> Self {
        Prompts {
            words: &[],
            lines: ANSWER_LINES,
        }
    }
}

/// Whether a lead-in's text (its colon and a line count taken off) introduces a reflection
/// prompt: it begins with one of [`REFLECTION_STARTS`] or of the author's `words`.
fn is_reflection_lead(text: &str, words: &[String]) -> bool {
    let norm = |t: &str| {
        let t = t.replace(['’', '‘'], "'").to_lowercase();
        t.trim().trim_end_matches([':', '：']).trim().to_string()
    };
    let text = norm(text);
    let begins = |w: &str| {
        text.strip_prefix(w)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', ',', '(']))
    };
    REFLECTION_STARTS.iter().any(|w| begins(w)) || words.iter().any(|w| begins(&norm(w)))
}

/// Whether a paragraph's text is a reflection prompt's lead-in: it ends in ":", and its
/// words (a line count taken off) begin as a reflection lead's (the built-in words, or one of
/// the author's `words`).
pub fn is_reflection_lead_in(text: &str, words: &[String]) -> bool {
    let t = text.trim_end();
    let lead = line_count(t).map_or(t, |(at, _)| &t[..at]);
    t.ends_with([':', '：']) && is_reflection_lead(lead, words)
}

/// A reflection prompt's answer lines, from its lead-in (`None`: not a prompt). A count the
/// author wrote before the colon — "Reflect (5 lines):", "Journal (1 line):" — sets it and is
/// taken out of the printed lead-in; without one it is the book's (`prompts.lines`).
fn reflection(lead: &mut [Inline], prompts: Prompts) -> Option<u8> {
    let text = plain_text(lead);
    if !is_reflection_lead_in(&text, prompts.words) {
        return None;
    }
    let count = line_count(&text).map(|(_, n)| n);
    if count.is_some() {
        // the count is at the end of the last text piece: "Reflect (5 lines):" → "Reflect:"
        if let Some(Inline {
            kind: InlineKind::Text(t),
            ..
        }) = lead.last_mut()
        {
            if let Some((at, _)) = line_count(t) {
                let colon = t.trim_end().chars().last().unwrap_or(':');
                t.truncate(at);
                let kept = t.trim_end().len();
                t.truncate(kept);
                t.push(colon);
            }
        }
    }
    Some(count.unwrap_or(prompts.lines).clamp(1, ANSWER_LINES_MAX))
}

/// Where a trailing "(N lines):" starts in `text`, and N.
fn line_count(text: &str) -> Option<(usize, u8)> {
    let t = text.trim_end().strip_suffix([':', '：'])?.trim_end();
    let inner = t.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let mut words = inner[open + 1..].split_whitespace();
    let n: u64 = words.next()?.parse().ok()?;
    let unit = words.next()?.to_lowercase();
    if words.next().is_some() || !matches!(unit.as_str(), "line" | "lines") {
        return None;
    }
    Some((open, n.min(u64::from(u8::MAX)) as u8))
}

/// The kind of phrase a marker glyph stands for: ✔ → try, ❌ → avoid.
fn marker_kind(m: Marker) -> Option<SayingKind> {
    match m {
        Marker::Check(_) => Some(SayingKind::Try),
        Marker::Avoid(_) => Some(SayingKind::Avoid),
        Marker::TaskOpen => None,
    }
}

/// A saying found after a lead-in, with where its marker was typed (for GB112).
struct Found {
    saying: Saying,
    marker_at: Option<Span>,
}

/// Length of a marker glyph as typed at the start of `s`: the glyph and a variation selector.
fn glyph_len(s: &str, c: char) -> usize {
    let rest = &s[c.len_utf8()..];
    c.len_utf8() + rest.len() - rest.trim_start_matches(['\u{fe0e}', '\u{fe0f}']).len()
}

/// Removes a marker glyph from the start of a run of inlines (its first text), moving that
/// text's span past it when the source really has the glyph there. Returns the marker and the
/// span of the glyph as typed.
fn take_marker(content: &mut Vec<Inline>, src: &str) -> Option<(Marker, Span)> {
    let first = content.first_mut()?;
    let InlineKind::Text(t) = &mut first.kind else {
        return None;
    };
    let (marker, len) = leading_marker(t)?;
    let removed = t[..len].to_string();
    t.replace_range(..len, "");
    let old = first.span;
    let mut at = Span::new(old.file, old.start, old.start);
    if src
        .get(old.start..)
        .is_some_and(|s| s.starts_with(&removed))
    {
        let c = removed.chars().next().unwrap_or(' ');
        at.end = old.start + glyph_len(&removed, c);
        first.span.start = (old.start + len).min(old.end);
    }
    if t.is_empty() {
        content.remove(0);
    }
    Some((marker, at))
}

/// The span of the marker a list item's author typed (already removed from its text by
/// `lists`): the glyph or `[x]` between the item's start and its text.
fn item_marker_span(it: &ListItem, text_start: usize, src: &str, m: Marker) -> Span {
    let (from, to) = (it.span.start, text_start.max(it.span.start));
    let fallback = Span::new(it.span.file, from, from);
    let Some(head) = src.get(from..to) else {
        return fallback;
    };
    let found = match m {
        Marker::Check(c) | Marker::Avoid(c) if !matches!(c, 'x' | 'X') => {
            head.find(c).map(|i| (i, glyph_len(&head[i..], c)))
        }
        _ => head.to_ascii_lowercase().find("[x]").map(|i| (i, 3)),
    };
    found.map_or(fallback, |(i, len)| {
        Span::new(it.span.file, from + i, from + i + len)
    })
}

/// The sayings of one paragraph: one per line when every line is a quotation (each line may
/// start with a marker glyph), else the whole paragraph when it is one quotation, else `None`.
fn paragraph_sayings(content: &[Inline], span: Span, src: &str) -> Option<Vec<Found>> {
    let mut lines: Vec<Vec<Inline>> = vec![Vec::new()];
    for i in content {
        match i.kind {
            InlineKind::SoftBreak | InlineKind::HardBreak => lines.push(Vec::new()),
            _ => lines.last_mut().expect("never empty").push(i.clone()),
        }
    }
    lines.retain(|l| !plain_text(l).trim().is_empty());
    if lines.len() > 1 {
        let marked: Vec<_> = lines
            .into_iter()
            .map(|mut l| (take_marker(&mut l, src), l))
            .collect();
        if marked.iter().all(|(_, l)| is_quotation(&plain_text(l))) {
            return Some(marked.into_iter().map(|(m, l)| line_saying(l, m)).collect());
        }
    }
    let mut whole = content.to_vec();
    let old_start = whole.first().map(|i| i.span.start);
    let marker = take_marker(&mut whole, src);
    let mut span = span;
    if marker.is_some() && old_start == Some(span.start) {
        span.start = whole.first().map_or(span.start, |i| i.span.start);
    }
    is_quotation(&plain_text(&whole)).then(|| {
        vec![Found {
            saying: Saying {
                marker: marker.map(|m| m.0),
                content: whole,
                span,
            },
            marker_at: marker.map(|m| m.1),
        }]
    })
}

fn line_saying(line: Vec<Inline>, marker: Option<(Marker, Span)>) -> Found {
    let start = line.iter().map(|i| i.span.start).min().unwrap_or(0);
    let end = line.iter().map(|i| i.span.end).max().unwrap_or(start);
    let file = line.first().map_or(0, |i| i.span.file);
    Found {
        saying: Saying {
            marker: marker.map(|m| m.0),
            content: line,
            span: Span::new(file, start, end),
        },
        marker_at: marker.map(|m| m.1),
    }
}

/// The sayings a block after a lead-in holds, if it is made of quotations: a list of any kind
/// but a task list (markers `lists` took off are kept), a block quote, or a paragraph.
fn block_sayings(block: &Block, known_lead: bool, src: &str) -> Option<Vec<Found>> {
    match &block.kind {
        BlockKind::List(l) if !matches!(l.kind, ListKind::Task) => {
            let mut out = Vec::new();
            for it in &l.items {
                let [Block {
                    kind: BlockKind::Paragraph(p),
                    span,
                }] = it.blocks.as_slice()
                else {
                    return None;
                };
                let mut found = paragraph_sayings(p, *span, src)?;
                // The marker `lists` already removed belongs to the item's first phrase.
                if let (Some(m), Some(first)) = (it.marker, found.first_mut()) {
                    if first.saying.marker.is_none() {
                        first.saying.marker = Some(m);
                        first.marker_at = Some(item_marker_span(it, span.start, src, m));
                    }
                }
                out.extend(found);
            }
            (!out.is_empty()).then_some(out)
        }
        BlockKind::BlockQuote(inner) if !inner.is_empty() => {
            let mut out = Vec::new();
            for b in inner {
                let BlockKind::Paragraph(p) = &b.kind else {
                    return None;
                };
                match paragraph_sayings(p, b.span, src) {
                    Some(s) => out.extend(s),
                    // After a known lead-in, a quoted block is a saying even without marks.
                    None if known_lead => {
                        let mut content = p.clone();
                        let marker = take_marker(&mut content, src);
                        let mut span = b.span;
                        if marker.is_some() {
                            span.start = content.first().map_or(span.start, |i| i.span.start);
                        }
                        out.push(Found {
                            saying: Saying {
                                marker: marker.map(|m| m.0),
                                content,
                                span,
                            },
                            marker_at: marker.map(|m| m.1),
                        })
                    }
                    None => return None,
                }
            }
            Some(out)
        }
        BlockKind::Paragraph(p) => paragraph_sayings(p, block.span, src),
        _ => None,
    }
}

/// The kind of a block of sayings: the known lead-in's, else the majority of the markers
/// typed (ties and no markers: phrases to try).
fn decide_kind(known: Option<SayingKind>, found: &[Found]) -> SayingKind {
    if let Some(k) = known {
        return k;
    }
    let count = |k: SayingKind| {
        found
            .iter()
            .filter(|f| f.saying.marker.and_then(marker_kind) == Some(k))
            .count()
    };
    if count(SayingKind::Avoid) > count(SayingKind::Try) {
        SayingKind::Avoid
    } else {
        SayingKind::Try
    }
}

fn kind_phrases(k: SayingKind) -> &'static str {
    match k {
        SayingKind::Avoid => "phrases to avoid",
        SayingKind::Try => "phrases to try",
    }
}

/// GB112: a phrase's marker says the opposite of its block's kind.
fn contradiction(
    marker: Marker,
    at: Span,
    kind: SayingKind,
    lead: &str,
    known: bool,
) -> Option<Diagnostic> {
    let mk = marker_kind(marker)?;
    if mk == kind {
        return None;
    }
    let typed = match marker {
        Marker::Check(c @ ('x' | 'X')) => format!("[{c}]"),
        Marker::Check(c) | Marker::Avoid(c) => c.to_string(),
        Marker::TaskOpen => return None,
    };
    let (what, other) = (kind_phrases(mk), kind_phrases(kind));
    let one = match mk {
        SayingKind::Avoid => "a phrase to avoid",
        SayingKind::Try => "a phrase to try",
    };
    let message = if known {
        format!("`{typed}` marks {one}, but “{lead}” introduces {other}")
    } else {
        format!("`{typed}` marks {one}, but most phrases after “{lead}” are {other}")
    };
    let fitting = match kind {
        SayingKind::Avoid => "❌",
        SayingKind::Try => "✔",
    };
    let help = if known {
        format!(
            "the lead-in decides, so it is set with the {other}: mark it `{fitting}` or not at all, or move it under a lead-in for {what}"
        )
    } else {
        format!(
            "the block is set as {other}: mark it `{fitting}`, or give it a lead-in that says which (“Avoid saying:”, “Instead, try:”)"
        )
    };
    Some(Diagnostic::warning("GB112", message).at(at).help(help))
}

/// Attaches lead-ins to the lists they introduce and turns quoted phrases after a lead-in into
/// [`BlockKind::Sayings`]. Runs on every sequence of blocks (chapter body, quote, list item);
/// `src` is the whole file text (spans index it). Returns the warnings for markers that
/// contradict the block's kind (GB112).
pub(crate) fn attach(blocks: &mut Vec<Block>, src: &str, prompts: Prompts) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let old = std::mem::take(blocks);
    let mut it = old.into_iter().peekable();
    while let Some(block) = it.next() {
        let (content, lead_span) = match block.kind {
            BlockKind::Paragraph(ref c) if is_lead_in(c) && it.peek().is_some() => {
                (c.clone(), block.span)
            }
            _ => {
                blocks.push(block);
                continue;
            }
        };
        let lead_text = plain_text(&content);
        let known = saying_lead_kind(&lead_text);
        let lead = Lead {
            content,
            span: lead_span,
        };
        let next = it.peek().expect("checked above");
        if let Some(mut found) = block_sayings(next, known.is_some(), src) {
            let run_of_paragraphs = matches!(next.kind, BlockKind::Paragraph(_));
            let mut end = it.next().map_or(lead_span.end, |b| b.span.end);
            // A run of quotation paragraphs continues until something else comes.
            if run_of_paragraphs {
                while let Some(more) = it
                    .peek()
                    .filter(|b| matches!(b.kind, BlockKind::Paragraph(_)))
                    .and_then(|b| block_sayings(b, false, src))
                {
                    end = it.next().map_or(end, |b| b.span.end);
                    found.extend(more);
                }
            }
            let kind = decide_kind(known, &found);
            for f in &found {
                if let (Some(m), Some(at)) = (f.saying.marker, f.marker_at) {
                    warnings.extend(contradiction(
                        m,
                        at,
                        kind,
                        lead_text.trim(),
                        known.is_some(),
                    ));
                }
            }
            blocks.push(Block {
                kind: BlockKind::Sayings(Sayings {
                    kind,
                    lead: Some(lead),
                    items: found.into_iter().map(|f| f.saying).collect(),
                }),
                span: Span::new(lead_span.file, lead_span.start, end),
            });
            continue;
        }
        if matches!(next.kind, BlockKind::List(_)) {
            let mut list_block = it.next().expect("peeked");
            if let BlockKind::List(l) = &mut list_block.kind {
                let mut lead = lead;
                l.answer_lines = reflection(&mut lead.content, prompts);
                l.lead = Some(lead);
            }
            list_block.span.start = lead_span.start;
            blocks.push(list_block);
            continue;
        }
        blocks.push(block);
    }
    warnings
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::tests::{body, codes};

    /// The answer lines and the printed lead-in of the list in `text`.
    fn prompt(text: &str) -> (Option<u8>, String) {
        let (blocks, _, _) = body(text);
        match &blocks[0].kind {
            BlockKind::List(l) => (
                l.answer_lines,
                l.lead
                    .as_ref()
                    .map_or(String::new(), |x| plain_text(&x.content)),
            ),
            other => panic!("not a list: {other:?}"),
        }
    }

    #[test]
    fn the_authors_own_words_begin_prompts_too() {
        let words = vec!["Ponder".to_string(), "Notes to self".to_string()];
        assert!(is_reflection_lead_in("Ponder:", &words));
        assert!(is_reflection_lead_in("ponder these (2 lines):", &words));
        assert!(is_reflection_lead_in("Notes to self:", &words));
        assert!(!is_reflection_lead_in("Ponder:", &[]));
        assert!(!is_reflection_lead_in("Ponderous steps:", &words));
        // the book's answer lines when the lead-in names none, its own count when it does
        let prompts = Prompts {
            words: &words,
            lines: 6,
        };
        let mut lead = vec![Inline::text("Ponder:", crate::diag::Span::default())];
        assert_eq!(reflection(&mut lead, prompts), Some(6));
        let mut lead = vec![Inline::text(
            "Ponder (2 lines):",
            crate::diag::Span::default(),
        )];
        assert_eq!(reflection(&mut lead, prompts), Some(2));
        assert_eq!(plain_text(&lead), "Ponder:");
    }

    #[test]
    fn reflection_prompts_in_the_ways_authors_write_them() {
        for lead in [
            "Reflect:",
            "Reflection:",
            "Questions to reflect on:",
            "Journal:",
            "Write it down:",
            "Your answers:",
            "**Journal prompts:**",
            "Take a moment to reflect:",
            "Reflect, then talk:",
        ] {
            let (lines, _) = prompt(&format!("{lead}\n\n- What hurt the most?\n- Why?\n"));
            assert_eq!(lines, Some(ANSWER_LINES), "{lead}");
        }
        for lead in [
            "Reflective listening means:",
            "Steps:",
            "Write to them when:",
        ] {
            let (lines, _) = prompt(&format!("{lead}\n\n- One\n- Two\n"));
            assert_eq!(lines, None, "{lead}");
        }
        let (lines, text) = prompt("Reflect (5 lines):\n\n1. What hurt the most?\n");
        assert_eq!((lines, text.as_str()), (Some(5), "Reflect:"));
        let (lines, text) = prompt("Journal (1 line)：\n\n- A word for today\n");
        assert_eq!((lines, text.as_str()), (Some(1), "Journal："));
        let (lines, _) = prompt("Reflect (500 lines):\n\n- Too many\n");
        assert_eq!(lines, Some(ANSWER_LINES_MAX));
        // a count in another list's lead-in is the author's text
        let (lines, text) = prompt("Steps (3 lines):\n\n- One\n");
        assert_eq!((lines, text.as_str()), (None, "Steps (3 lines):"));
    }

    fn sayings(b: &Block) -> (SayingKind, String, Vec<String>) {
        match &b.kind {
            BlockKind::Sayings(s) => (
                s.kind,
                plain_text(&s.lead.as_ref().expect("lead").content),
                s.items.iter().map(|i| plain_text(&i.content)).collect(),
            ),
            k => panic!("not sayings: {k:#?}"),
        }
    }

    #[test]
    fn quotation_paragraphs_after_lead_ins() {
        let text = "Avoid saying:\n\n“It's not a big deal.”\n\n“You're overreacting.”\n\n\
                    “I didn’t mean it like that.”\n\nInstead, try:\n\n\
                    “I can see how this hurt you.”\n\nValidation matters.\n";
        let (blocks, diags, ms) = body(text);
        assert!(diags.is_empty());
        assert_eq!(blocks.len(), 3, "{blocks:#?}");
        let (k, lead, items) = sayings(&blocks[0]);
        assert_eq!((k, lead.as_str()), (SayingKind::Avoid, "Avoid saying:"));
        assert_eq!(
            items,
            [
                "“It’s not a big deal.”",
                "“You’re overreacting.”",
                "“I didn’t mean it like that.”"
            ]
        );
        let (k, _, items) = sayings(&blocks[1]);
        assert_eq!((k, items.len()), (SayingKind::Try, 1));
        assert!(matches!(blocks[2].kind, BlockKind::Paragraph(_)));
        let BlockKind::Sayings(s) = &blocks[0].kind else {
            panic!()
        };
        assert_eq!(ms.sources.slice(s.items[1].span), "“You're overreacting.”");
        assert!(ms
            .sources
            .slice(blocks[0].span)
            .starts_with("Avoid saying:"));
        assert!(ms.sources.slice(blocks[0].span).ends_with("like that.”"));
    }

    #[test]
    fn block_quotes_and_lists_of_quotations() {
        let text = "Try:\n\n> “Take your time.”\n> “I’m here.”\n\nDon't say:\n\n\
                    - \"Why don't you trust me?\"\n- \"Get over it.\"\n\n\
                    Ask:\n\n> What do you need?\n\nAs the poet wrote:\n\n> Not a quotation\n";
        let (blocks, _, _) = body(text);
        let (k, _, items) = sayings(&blocks[0]);
        assert_eq!(
            (k, items),
            (
                SayingKind::Try,
                vec!["“Take your time.”".into(), "“I’m here.”".into()]
            )
        );
        let (k, _, items) = sayings(&blocks[1]);
        assert_eq!(k, SayingKind::Avoid);
        assert_eq!(items, ["“Why don’t you trust me?”", "“Get over it.”"]);
        // A known lead-in makes its quote block sayings even without quotation marks.
        let (k, _, items) = sayings(&blocks[2]);
        assert_eq!(
            (k, items),
            (SayingKind::Try, vec!["What do you need?".into()])
        );
        // An unknown lead-in before a plain quote: the quote stays a quote.
        assert!(matches!(blocks[3].kind, BlockKind::Paragraph(_)));
        assert!(matches!(blocks[4].kind, BlockKind::BlockQuote(_)));
    }

    #[test]
    fn lead_ins_are_kept_with_lists_and_unknown_leads_give_try() {
        let text = "Taking responsibility means:\n\n- ✔ No blaming\n- ✔ No deflecting\n\n\
                    Transparency says:\n\n“I want you to feel safe.”\n\n\
                    A note:\n\nJust a paragraph.\n\n> A plain quote.\n";
        let (blocks, _, ms) = body(text);
        let BlockKind::List(l) = &blocks[0].kind else {
            panic!("{:#?}", blocks[0])
        };
        assert_eq!(l.kind, ListKind::Check);
        let lead = l.lead.as_ref().unwrap();
        assert_eq!(plain_text(&lead.content), "Taking responsibility means:");
        assert_eq!(ms.sources.slice(lead.span), "Taking responsibility means:");
        let (k, _, _) = sayings(&blocks[1]);
        assert_eq!(k, SayingKind::Try);
        assert!(matches!(blocks[2].kind, BlockKind::Paragraph(_)));
        assert!(matches!(blocks[3].kind, BlockKind::Paragraph(_)));
        assert!(matches!(blocks[4].kind, BlockKind::BlockQuote(_)));
    }

    #[test]
    fn lead_phrases() {
        use SayingKind::*;
        for (t, k) in [
            ("Avoid saying:", Some(Avoid)),
            ("INSTEAD OF SAYING:", Some(Avoid)),
            ("Don’t say:", Some(Avoid)),
            ("Do not say:", Some(Avoid)),
            ("Never say:", Some(Avoid)),
            ("Stop saying:", Some(Avoid)),
            ("It hurts. So instead of saying:", Some(Avoid)),
            ("Instead, try:", Some(Try)),
            ("Try:", Some(Try)),
            ("Try saying:", Some(Try)),
            ("Say:", Some(Try)),
            ("Ask:", Some(Try)),
            ("For example:", Some(Try)),
            ("Transparency says:", None),
            ("Taking responsibility means:", None),
            ("Essay:", None),
        ] {
            assert_eq!(saying_lead_kind(t), k, "{t}");
        }
    }

    #[test]
    fn quotations() {
        assert!(is_quotation("“Hello.”"));
        assert!(is_quotation(" \"Hi\". "));
        assert!(is_quotation("«Salut»"));
        assert!(!is_quotation("“Hello,” she said."));
        assert!(!is_quotation("Hello"));
        assert!(!is_quotation("“"));
    }

    /// The Sayings block of a text that is a lead-in and one block of phrases.
    fn one_sayings(text: &str) -> (Sayings, Vec<Diagnostic>, crate::manuscript::Manuscript) {
        let (blocks, diags, ms) = body(text);
        match blocks.as_slice() {
            [Block {
                kind: BlockKind::Sayings(s),
                ..
            }] => (s.clone(), diags, ms),
            other => panic!("{text}: {other:#?}"),
        }
    }

    #[test]
    fn every_spelling_gives_the_same_sayings_block() {
        let phrases = ["“It’s not a big deal.”", "“You’re overreacting.”"];
        for (text, marker) in [
            (
                "Avoid saying:\n\n- ❌ \"It's not a big deal.\"\n- ❌ \"You're overreacting.\"\n",
                Some(Marker::Avoid('❌')),
            ),
            (
                "Avoid saying:\n\n- ✘ \"It's not a big deal.\"\n- ✘ \"You're overreacting.\"\n",
                Some(Marker::Avoid('✘')),
            ),
            (
                "Avoid saying:\n\n- 🚫 \"It's not a big deal.\"\n- 🚫 \"You're overreacting.\"\n",
                Some(Marker::Avoid('🚫')),
            ),
            (
                "Avoid saying:\n\n- ⛔\u{fe0f} \"It's not a big deal.\"\n- ⛔\u{fe0f} \"You're overreacting.\"\n",
                Some(Marker::Avoid('⛔')),
            ),
            (
                "Avoid saying:\n\n* “It’s not a big deal.”\n* “You’re overreacting.”\n",
                None,
            ),
            (
                "Avoid saying:\n\n1. \"It's not a big deal.\"\n2. \"You're overreacting.\"\n",
                None,
            ),
            (
                "Avoid saying:\n\n> \"It's not a big deal.\"\n> \"You're overreacting.\"\n",
                None,
            ),
            (
                "Avoid saying:\n\n> ❌ \"It's not a big deal.\"\n>\n> ❌ \"You're overreacting.\"\n",
                Some(Marker::Avoid('❌')),
            ),
            (
                "Don't say things like:\n\n\"It's not a big deal.\"\n\n\"You're overreacting.\"\n",
                None,
            ),
        ] {
            let (s, diags, ms) = one_sayings(text);
            assert!(diags.is_empty(), "{text}: {diags:?}");
            assert_eq!(s.kind, SayingKind::Avoid, "{text}");
            let got: Vec<String> = s.items.iter().map(|i| plain_text(&i.content)).collect();
            assert_eq!(got, phrases, "{text}");
            for item in &s.items {
                assert_eq!(item.marker, marker, "{text}");
                // The span is the phrase itself, marker and list syntax left out.
                let typed = ms.sources.slice(item.span);
                assert!(typed.starts_with(['"', '“']), "{text}: {typed:?}");
                assert!(typed.ends_with(['"', '”']), "{text}: {typed:?}");
            }
        }
    }

    #[test]
    fn the_lead_in_decides_and_a_contrary_marker_is_reported_at_the_marker() {
        let text = "Avoid saying:\n\n- ✔ \"Be more proactive.\"\n- ✔ \"Do better.\"\n\n\
                    Try:\n\n- ❌ \"Can you check slide four?\"\n";
        let (blocks, diags, ms) = body(text);
        assert_eq!(blocks.len(), 2, "{blocks:#?}");
        let (k, _, items) = sayings(&blocks[0]);
        assert_eq!(k, SayingKind::Avoid);
        assert_eq!(items, ["“Be more proactive.”", "“Do better.”"]);
        let BlockKind::Sayings(s) = &blocks[0].kind else {
            panic!()
        };
        assert_eq!(s.items[0].marker, Some(Marker::Check('✔')));
        assert_eq!(sayings(&blocks[1]).0, SayingKind::Try);
        let got: Vec<(String, &str)> = diags
            .iter()
            .map(|d| (ms.sources.location(d.span.unwrap()), d.code))
            .collect();
        // The body gets "# C\n\n" in front: the first item is on line 5.
        assert_eq!(
            got,
            [
                ("m/book.md:5:3".to_string(), "GB112"),
                ("m/book.md:6:3".to_string(), "GB112"),
                ("m/book.md:10:3".to_string(), "GB112"),
            ]
        );
        assert_eq!(ms.sources.slice(diags[0].span.unwrap()), "✔");
        assert_eq!(ms.sources.slice(diags[2].span.unwrap()), "❌");
        assert_eq!(
            diags[0].message,
            "`✔` marks a phrase to try, but “Avoid saying:” introduces phrases to avoid"
        );
        assert_eq!(
            diags[2].message,
            "`❌` marks a phrase to avoid, but “Try:” introduces phrases to try"
        );
        assert!(diags.iter().all(|d| d.help.is_some()));
    }

    #[test]
    fn after_an_unknown_lead_in_the_markers_decide() {
        let (s, diags, _) =
            one_sayings("While they talk:\n\n- ❌ \"Calm down.\"\n- ❌ \"Whatever.\"\n");
        assert_eq!(s.kind, SayingKind::Avoid);
        assert!(diags.is_empty(), "{diags:?}");
        let (s, diags, _) = one_sayings("While they talk:\n\n- ✅ \"Go on.\"\n");
        assert_eq!(s.kind, SayingKind::Try);
        assert!(diags.is_empty());
        // No markers: phrases to try, as before.
        let (s, _, _) = one_sayings("Transparency says:\n\n- \"I want you to feel safe.\"\n");
        assert_eq!(s.kind, SayingKind::Try);
        // A marker against the majority is reported, with its own wording.
        let (s, diags, _) = one_sayings("While they talk:\n\n- ❌ \"a\"\n- ❌ \"b\"\n- ✔ \"c\"\n");
        assert_eq!(s.kind, SayingKind::Avoid);
        assert_eq!(codes(&diags), ["GB112"]);
        assert!(diags[0]
            .message
            .contains("most phrases after “While they talk:”"));
    }

    #[test]
    fn marked_lists_that_are_not_all_quotations_stay_lists() {
        let (blocks, diags, _) = body("Avoid saying:\n\n- ❌ \"Calm down.\"\n- ❌ Interrupting\n");
        assert!(diags.is_empty());
        let BlockKind::List(l) = &blocks[0].kind else {
            panic!("{blocks:#?}")
        };
        assert_eq!(l.kind, ListKind::Avoid);
        assert!(l.lead.is_some());
        // A task list of quotations is a task list.
        let (blocks, _, _) = body("Say:\n\n- [ ] \"Hi.\"\n- [x] \"Bye.\"\n");
        assert!(matches!(&blocks[0].kind, BlockKind::List(l) if l.kind == ListKind::Task));
    }

    #[test]
    fn authors_phrasings_of_lead_ins() {
        use SayingKind::*;
        for (t, k) in [
            ("Say this instead:", Some(Try)),
            ("Instead, say something like:", Some(Try)),
            ("Try this instead:", Some(Try)),
            ("Try something like this:", Some(Try)),
            ("Don't say things like:", Some(Avoid)),
            ("Don’t say things like this:", Some(Avoid)),
            ("Avoid phrases like:", Some(Avoid)),
            ("Phrases to avoid:", Some(Avoid)),
            ("Try not to say this:", Some(Avoid)),
            ("Instead of saying this:", Some(Avoid)),
            ("Avoid saying things like:", Some(Avoid)),
            // Qualifiers alone, or a qualifier on an unknown verb, are not lead-ins.
            ("Instead:", None),
            ("Something like this:", None),
            ("Remember this:", None),
            ("Read this instead:", None),
        ] {
            assert_eq!(saying_lead_kind(t), k, "{t}");
        }
    }
}
