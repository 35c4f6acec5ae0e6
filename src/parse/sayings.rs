//! Lead-ins and sayings. A paragraph ending in ":" is kept with what it introduces: a list gets
//! it as its `lead`; quoted phrases after it — a block quote of quotations, a list whose items
//! are all quotations, or a run of paragraphs that are each a quotation — become one
//! [`Sayings`] block with one [`Saying`] per quoted phrase. Whether they are phrases to avoid or
//! to try is decided by the lead-in's wording (the phrase tables below, shared with the linter).

use crate::diag::Span;
use crate::model::{
    plain_text, Block, BlockKind, Inline, InlineKind, Lead, ListKind, Saying, SayingKind, Sayings,
};

/// Lead-ins that introduce phrases to avoid (compared lower-case, without the final ":").
pub const AVOID_LEADS: &[&str] = &[
    "avoid saying",
    "avoid saying things like",
    "avoid phrases like",
    "instead of saying",
    "rather than saying",
    "don't say",
    "don't say things like",
    "do not say",
    "never say",
    "stop saying",
    "try not to say",
];

/// Lead-ins that introduce phrases to try (compared lower-case, without the final ":").
/// Any other lead-in followed by quotations also gives phrases to try.
pub const TRY_LEADS: &[&str] = &[
    "try",
    "try saying",
    "try something like",
    "try asking",
    "instead, try",
    "instead try",
    "instead, say",
    "instead say",
    "say",
    "say something like",
    "you can say",
    "you could say",
    "you might say",
    "ask",
    "ask them",
    "for example",
    "for instance",
];

/// Characters that open a quotation.
pub const OPENING_QUOTES: &[char] = &['“', '"', '‘', '\'', '«', '„', '‚', '‹', '「', '『'];
/// Characters that close a quotation.
pub const CLOSING_QUOTES: &[char] = &['”', '"', '’', '\'', '»', '“', '‘', '›', '」', '』'];

/// The kind of sayings a *known* lead-in introduces ("Avoid saying:" → Avoid, "Instead, try:"
/// → Try), or `None` for any other text. Case, curly apostrophes, the final ":" and earlier
/// sentences ("It hurts. Avoid saying:") do not matter; the phrase may end a longer clause
/// ("So instead of saying:").
pub fn saying_lead_kind(lead_text: &str) -> Option<SayingKind> {
    let norm = lead_text.replace(['’', '‘'], "'").to_lowercase();
    let norm = norm.trim().trim_end_matches([':', '：']).trim_end();
    let last = norm
        .rsplit(['.', '!', '?', '…', '\n'])
        .next()
        .unwrap_or(norm);
    let last = last.split_whitespace().collect::<Vec<_>>().join(" ");
    let matches = |p: &&str| {
        last == *p
            || last
                .strip_suffix(*p)
                .is_some_and(|before| before.ends_with([' ', ',', '—', '–', '-', '(', '"', '“']))
    };
    if AVOID_LEADS.iter().any(matches) {
        Some(SayingKind::Avoid)
    } else if TRY_LEADS.iter().any(matches) {
        Some(SayingKind::Try)
    } else {
        None
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

/// The sayings of one paragraph: one per line when every line is a quotation, else the whole
/// paragraph when it is one quotation, else `None`.
fn paragraph_sayings(content: &[Inline], span: Span) -> Option<Vec<Saying>> {
    let mut lines: Vec<Vec<Inline>> = vec![Vec::new()];
    for i in content {
        match i.kind {
            InlineKind::SoftBreak | InlineKind::HardBreak => lines.push(Vec::new()),
            _ => lines.last_mut().expect("never empty").push(i.clone()),
        }
    }
    lines.retain(|l| !plain_text(l).trim().is_empty());
    if !lines.is_empty() && lines.iter().all(|l| is_quotation(&plain_text(l))) {
        return Some(lines.into_iter().map(line_saying).collect());
    }
    is_quotation(&plain_text(content)).then(|| {
        vec![Saying {
            marker: None,
            content: content.to_vec(),
            span,
        }]
    })
}

fn line_saying(line: Vec<Inline>) -> Saying {
    let start = line.iter().map(|i| i.span.start).min().unwrap_or(0);
    let end = line.iter().map(|i| i.span.end).max().unwrap_or(start);
    let file = line.first().map_or(0, |i| i.span.file);
    Saying {
        marker: None,
        content: line,
        span: Span::new(file, start, end),
    }
}

/// The sayings a block after a lead-in holds, if it is made of quotations.
fn block_sayings(block: &Block, known_lead: bool) -> Option<Vec<Saying>> {
    match &block.kind {
        BlockKind::List(l) if matches!(l.kind, ListKind::Bullet | ListKind::Ordered { .. }) => {
            let mut out = Vec::new();
            for it in &l.items {
                match it.blocks.as_slice() {
                    [Block {
                        kind: BlockKind::Paragraph(p),
                        span,
                    }] => out.extend(paragraph_sayings(p, *span)?),
                    _ => return None,
                }
            }
            (!out.is_empty()).then_some(out)
        }
        BlockKind::BlockQuote(inner) if !inner.is_empty() => {
            let mut out = Vec::new();
            for b in inner {
                let BlockKind::Paragraph(p) = &b.kind else {
                    return None;
                };
                match paragraph_sayings(p, b.span) {
                    Some(s) => out.extend(s),
                    // After a known lead-in, a quoted block is a saying even without marks.
                    None if known_lead => out.push(Saying {
                        marker: None,
                        content: p.clone(),
                        span: b.span,
                    }),
                    None => return None,
                }
            }
            Some(out)
        }
        BlockKind::Paragraph(p) => paragraph_sayings(p, block.span),
        _ => None,
    }
}

/// Attaches lead-ins to the lists they introduce and turns quoted phrases after a lead-in into
/// [`BlockKind::Sayings`]. Runs on every sequence of blocks (chapter body, quote, list item).
pub(crate) fn attach(blocks: &mut Vec<Block>) {
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
        let kind = known.unwrap_or(SayingKind::Try);
        let lead = Lead {
            content,
            span: lead_span,
        };
        let next = it.peek().expect("checked above");
        if let Some(mut items) = block_sayings(next, known.is_some()) {
            let run_of_paragraphs = matches!(next.kind, BlockKind::Paragraph(_));
            let mut end = it.next().map_or(lead_span.end, |b| b.span.end);
            // A run of quotation paragraphs continues until something else comes.
            if run_of_paragraphs {
                while let Some(more) = it
                    .peek()
                    .filter(|b| matches!(b.kind, BlockKind::Paragraph(_)))
                    .and_then(|b| block_sayings(b, false))
                {
                    end = it.next().map_or(end, |b| b.span.end);
                    items.extend(more);
                }
            }
            blocks.push(Block {
                kind: BlockKind::Sayings(Sayings {
                    kind,
                    lead: Some(lead),
                    items,
                }),
                span: Span::new(lead_span.file, lead_span.start, end),
            });
            continue;
        }
        if matches!(next.kind, BlockKind::List(_)) {
            let mut list_block = it.next().expect("peeked");
            if let BlockKind::List(l) = &mut list_block.kind {
                l.lead = Some(lead);
            }
            list_block.span.start = lead_span.start;
            blocks.push(list_block);
            continue;
        }
        blocks.push(block);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::tests::body;

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
}
