//! Documents built in code for tests, examples and benchmarks: a short sample with every block
//! kind, and a long generated book (deterministic prose, headings, lists, sayings, code,
//! tables, footnotes) of any length.

use crate::diag::Span;
use crate::model::*;

fn sp() -> Span {
    Span::default()
}

fn t(s: &str) -> Inline {
    Inline::text(s, sp())
}

fn inl(kind: InlineKind) -> Inline {
    Inline { kind, span: sp() }
}

fn block(kind: BlockKind) -> Block {
    Block { kind, span: sp() }
}

fn para(s: &str) -> Block {
    block(BlockKind::Paragraph(vec![t(s)]))
}

fn meta(title: &str) -> Metadata {
    Metadata {
        title: title.into(),
        subtitle: Some("A Step-by-Step Guide to Healing and Rebuilding Connection".into()),
        authors: vec!["Anonymous".into()],
        lang: "en-US".into(),
        date: Some("2026-11-28".into()),
        timestamp: 1_795_824_000,
        identifier: "6f1c2d1e-3b5a-5c8e-9a47-2d0f4b8e7c31".into(),
        description: Some("Practical steps for repairing trust.".into()),
        keywords: vec!["trust".into(), "repair".into()],
        publisher: None,
        rights: Some("© 2026 Anonymous. Some rights reserved.".into()),
        cover: None,
    }
}

fn list(kind: ListKind, lead: Option<&str>, items: &[&str]) -> Block {
    block(BlockKind::List(List {
        kind,
        answer_lines: None,
        tight: true,
        lead: lead.map(|l| Lead {
            content: vec![t(l)],
            span: sp(),
        }),
        items: items
            .iter()
            .map(|s| ListItem {
                marker: None,
                checked: Some(false),
                blocks: vec![para(s)],
                span: sp(),
            })
            .collect(),
    }))
}

fn sayings(kind: SayingKind, lead: &str, items: &[&str]) -> Block {
    block(BlockKind::Sayings(Sayings {
        kind,
        lead: Some(Lead {
            content: vec![t(lead)],
            span: sp(),
        }),
        items: items
            .iter()
            .map(|s| Saying {
                marker: None,
                content: vec![t(s)],
                span: sp(),
            })
            .collect(),
    }))
}

fn heading(level: u8, id: &str, text: &str) -> Block {
    block(BlockKind::Heading {
        level,
        id: id.into(),
        content: vec![t(text)],
    })
}

fn chapter(n: usize, title: &str, blocks: Vec<Block>, footnotes: Vec<Footnote>) -> Chapter {
    let id = format!("ch{n:02}");
    Chapter {
        untitled: false,
        id: id.clone(),
        title: vec![t(title)],
        title_text: title.into(),
        heading_id: format!("{id}-title"),
        span: sp(),
        blocks,
        footnotes,
    }
}

const LONG: &str = "When a promise breaks, the damage is rarely about the event alone; it is about what the broken promise seemed to say about reliability, respect and care. Acknowledging the hurt without minimising it, explaining without excusing, and listening without defending yourself are the foundations of any genuine reconciliation, and they take more patience than most people expect.";

/// A short book with every kind of block.
pub fn sample_document() -> Document {
    let link = inl(InlineKind::Link {
        target: LinkTarget::External("https://example.org/trust".into()),
        title: String::new(),
        content: vec![t("a longer article")],
    });
    let internal = inl(InlineKind::Link {
        target: LinkTarget::Internal {
            id: "ch02-title".into(),
            chapter: Some(1),
        },
        title: String::new(),
        content: vec![t("the next chapter")],
    });
    let mut opening = vec![
        t("Trust can’t heal if responsibility is shared, blurred, or avoided. "),
        inl(InlineKind::Emph(vec![t("Taking responsibility")])),
        t(" means naming what you did"),
        inl(InlineKind::FootnoteRef {
            label: "a".into(),
            number: 1,
        }),
        t(" and "),
        inl(InlineKind::Strong(vec![t("not")])),
        t(" explaining it away; see "),
        link,
        t(" or "),
        internal,
        t(". Use "),
        inl(InlineKind::Code("repair --slowly".into())),
        t(" as a reminder. "),
    ];
    opening.push(t(LONG));
    let ch1 = vec![
        block(BlockKind::Paragraph(opening)),
        para(LONG),
        heading(2, "what-it-means", "What responsibility means"),
        list(
            ListKind::Check,
            Some("Taking responsibility means:"),
            &[
                "No blaming circumstances",
                "No pointing fingers",
                "No deflecting",
                "No “but you also…”",
            ],
        ),
        list(
            ListKind::Avoid,
            Some("Things that make it worse:"),
            &[
                "Explaining before listening",
                "Asking to be forgiven quickly",
            ],
        ),
        sayings(
            SayingKind::Avoid,
            "Avoid saying:",
            &["“I’m sorry if you were hurt.”", "“You’re overreacting.”"],
        ),
        sayings(
            SayingKind::Try,
            "Instead, try:",
            &[
                "“I broke my promise, and I understand why that hurt you.”",
                "“What would help you feel safer right now?”",
            ],
        ),
        heading(3, "small-steps", "Small steps"),
        list(
            ListKind::Ordered { start: 1 },
            None,
            &[
                "Acknowledge the hurt.",
                "Take full responsibility.",
                "Give them space.",
                "Offer a sincere apology, and keep the next promise you make, however small it is.",
            ],
        ),
        list(ListKind::Bullet, None, &["Be patient", "Be consistent"]),
        list(
            ListKind::Task,
            Some("This week:"),
            &["Write down what you promised", "Ask what they need"],
        ),
    ];
    let table = Table {
        align: vec![Align::Left, Align::Left, Align::Right],
        head: vec![vec![t("Step")], vec![t("What it shows")], vec![t("Weeks")]],
        rows: vec![
            vec![
                vec![t("Listen")],
                vec![t("That their feelings matter more than your image")],
                vec![t("1")],
            ],
            vec![
                vec![t("Apologise")],
                vec![t("Ownership without excuses")],
                vec![t("1–2")],
            ],
            vec![
                vec![t("Keep small promises")],
                vec![t("Reliability, again and again")],
                vec![t("12")],
            ],
        ],
    };
    let ch2 = vec![
        para(LONG),
        block(BlockKind::BlockQuote(vec![para("Trust arrives on foot and leaves on horseback. — an old saying")])),
        block(BlockKind::CodeBlock {
            lang: None,
            text: "promise = keep(promise)\nif broken:\n    acknowledge(); apologise(); repair(patiently, consistently, for_as_long_as_it_takes=True)\n".into(),
        }),
        block(BlockKind::Table(table)),
        block(BlockKind::ThematicBreak),
        block(BlockKind::Figure {
            image: Image {
                asset: None,
                src: "images/bridge.png".into(),
                alt: "A footbridge across a river".into(),
                title: String::new(),
            },
            caption: vec![t("Rebuilding is a bridge built plank by plank.")],
        }),
        para(LONG),
    ];
    let note = Footnote {
        label: "a".into(),
        number: 1,
        blocks: vec![para(
            "Naming it precisely matters more than naming it eloquently.",
        )],
        span: sp(),
    };
    Document {
        meta: meta("How to Repair Trust After a Broken Promise"),
        chapters: vec![
            chapter(1, "Take Full Responsibility", ch1, vec![note]),
            chapter(2, "Rebuild Emotional Safety", ch2, Vec::new()),
        ],
        assets: Vec::new(),
    }
}

/// Adds a figure with the image `bytes` at the end of the first chapter.
pub fn add_figure(doc: &mut Document, path: &str, bytes: Vec<u8>, k: usize) {
    let media_type = if bytes.starts_with(&[0xFF, 0xD8]) {
        "image/jpeg"
    } else {
        "image/png"
    };
    doc.assets.push(Asset {
        rel_path: path.into(),
        media_type: media_type.into(),
        bytes,
        size_px: None,
        decoded: Default::default(),
        first_use: None,
    });
    let image = Image {
        asset: Some(doc.assets.len() - 1),
        src: path.into(),
        alt: format!("figure {k}"),
        title: String::new(),
    };
    if let Some(ch) = doc.chapters.first_mut() {
        ch.blocks.push(block(BlockKind::Figure {
            image,
            caption: vec![t(&format!("Figure {k}: {path}"))],
        }));
    }
}

/// Deterministic prose: `words` words of plausible English sentences.
pub fn prose(seed: u64, words: usize) -> String {
    const W: &[&str] = &[
        "trust",
        "promise",
        "the",
        "and",
        "of",
        "to",
        "a",
        "in",
        "that",
        "is",
        "you",
        "it",
        "with",
        "for",
        "not",
        "what",
        "they",
        "need",
        "when",
        "broken",
        "repair",
        "patience",
        "consistency",
        "acknowledgement",
        "responsibility",
        "understanding",
        "relationship",
        "listening",
        "defensiveness",
        "reliability",
        "transparency",
        "reconciliation",
        "apologise",
        "honestly",
        "carefully",
        "time",
        "small",
        "steps",
        "again",
        "every",
        "week",
        "feel",
        "safe",
        "respect",
        "hurt",
        "explain",
        "without",
        "excuses",
        "their",
        "own",
        "pace",
        "conversation",
        "commitment",
        "forgiveness",
        "disappointment",
        "expectations",
        "agreements",
        "emotional",
        "safety",
        "actions",
        "words",
        "over",
    ];
    let mut x = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    let mut next = |n: usize| {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((x >> 33) as usize) % n
    };
    let mut s = String::new();
    let mut in_sentence = 0;
    for i in 0..words {
        let w = W[next(W.len())];
        if in_sentence == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push_str(w);
        }
        in_sentence += 1;
        let end = i + 1 == words || (in_sentence > 6 && next(10) < 2);
        if end {
            s.push('.');
            in_sentence = 0;
        } else if in_sentence > 3 && next(12) == 0 {
            s.push(',');
        }
        if i + 1 < words {
            s.push(' ');
        }
    }
    s
}

/// A long book: `chapters` chapters of about `words_per_chapter` words each, with headings,
/// lists, sayings and a footnote in every chapter.
pub fn long_book(chapters: usize, words_per_chapter: usize) -> Document {
    let mut chs = Vec::new();
    for c in 0..chapters {
        let mut blocks = Vec::new();
        let mut written = 0;
        let mut k = 0;
        while written < words_per_chapter {
            let n = 40 + (c * 7 + k * 13) % 110;
            if k % 6 == 3 {
                blocks.push(heading(
                    2,
                    &format!("c{c}-s{k}"),
                    &format!("Section {} of chapter {}", k / 6 + 1, c + 1),
                ));
            }
            if k % 9 == 5 {
                blocks.push(list(
                    ListKind::Check,
                    Some("Remember:"),
                    &["Listen first", "Keep small promises", "Ask, do not assume"],
                ));
            }
            if k % 11 == 7 {
                blocks.push(sayings(
                    SayingKind::Avoid,
                    "Avoid saying:",
                    &["“You should be over this by now.”"],
                ));
                blocks.push(sayings(
                    SayingKind::Try,
                    "Try:",
                    &["“Take the time you need; I will be here.”"],
                ));
            }
            blocks.push(para(&prose((c * 1000 + k) as u64, n)));
            written += n;
            k += 1;
        }
        chs.push(chapter(
            c + 1,
            &format!(
                "Chapter {}: {}",
                c + 1,
                prose(c as u64 + 99, 4).trim_end_matches('.')
            ),
            blocks,
            Vec::new(),
        ));
    }
    Document {
        meta: meta("A Long Generated Book"),
        chapters: chs,
        assets: Vec::new(),
    }
}
