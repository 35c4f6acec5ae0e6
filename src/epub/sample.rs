//! A small document built in code that uses every block and inline kind of the model (check,
//! avoid, task, bullet and ordered lists with lead-ins, both kinds of sayings, a table, code, a
//! footnote, a figure with a generated PNG, headings h2–h6, non-Latin text, an emoji, links).
//! Test data, compiled only into the EPUB tests and into `examples/epub_sample.rs` (which
//! includes this file) to produce a book to validate; not part of the library.

use crate::diag::Span;
use crate::model::*;

fn s() -> Span {
    Span::default()
}

fn t(text: &str) -> Inline {
    Inline::text(text, s())
}

fn il(kind: InlineKind) -> Inline {
    Inline { kind, span: s() }
}

fn b(kind: BlockKind) -> Block {
    Block { kind, span: s() }
}

fn para(inl: Vec<Inline>) -> Block {
    b(BlockKind::Paragraph(inl))
}

fn lead(text: &str) -> Option<Lead> {
    Some(Lead {
        content: vec![t(text)],
        span: s(),
    })
}

fn item(marker: Option<Marker>, checked: Option<bool>, text: &str) -> ListItem {
    ListItem {
        marker,
        checked,
        blocks: vec![para(vec![t(text)])],
        span: s(),
    }
}

fn list(kind: ListKind, lead_in: Option<&str>, items: Vec<ListItem>) -> Block {
    b(BlockKind::List(List {
        answer_lines: None,
        kind,
        tight: true,
        lead: lead_in.and_then(lead),
        items,
    }))
}

fn sayings(kind: SayingKind, lead_in: &str, items: &[&str]) -> Block {
    b(BlockKind::Sayings(Sayings {
        kind,
        lead: lead(lead_in),
        items: items
            .iter()
            .map(|x| Saying {
                marker: None,
                content: vec![t(x)],
                span: s(),
            })
            .collect(),
    }))
}

fn heading(level: u8, id: &str, text: &str) -> Block {
    b(BlockKind::Heading {
        level,
        id: id.into(),
        content: vec![t(text)],
    })
}

fn chapter(id: &str, title: &str, blocks: Vec<Block>, footnotes: Vec<Footnote>) -> Chapter {
    Chapter {
        untitled: false,
        id: id.into(),
        title: vec![t(title)],
        title_text: title.into(),
        heading_id: id.into(),
        span: s(),
        blocks,
        footnotes,
    }
}

/// A 4×4 PNG, drawn in code (a green square with a light centre).
pub fn tiny_png() -> Vec<u8> {
    fn crc32(data: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for &byte in data {
            c ^= byte as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(data);
        out.extend(&body);
        out.extend(crc32(&body).to_be_bytes());
    }
    let (w, h) = (4u32, 4u32);
    let mut raw = Vec::new();
    for y in 0..h {
        raw.push(0); // filter: none
        for x in 0..w {
            let inner = (1..3).contains(&x) && (1..3).contains(&y);
            raw.extend(if inner {
                [0xE8, 0xF5, 0xE9]
            } else {
                [0x2E, 0x7D, 0x32]
            });
        }
    }
    // zlib stream with one stored deflate block
    let mut z = vec![0x78, 0x01, 0x01];
    z.extend((raw.len() as u16).to_le_bytes());
    z.extend((!(raw.len() as u16)).to_le_bytes());
    z.extend(&raw);
    let (mut a, mut bb) = (1u32, 0u32);
    for &x in &raw {
        a = (a + x as u32) % 65521;
        bb = (bb + a) % 65521;
    }
    z.extend(((bb << 16) | a).to_be_bytes());
    let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]); // 8-bit RGB
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &z);
    chunk(&mut png, b"IEND", &[]);
    png
}

/// The sample book.
pub fn document() -> Document {
    let check = |c| Some(Marker::Check(c));
    let avoid = Some(Marker::Avoid('❌'));
    let intro = chapter(
        "introduction",
        "Introduction",
        vec![
            para(vec![
                t("Trust grows back slowly — “one kept promise at a time.” See "),
                il(InlineKind::Link {
                    target: LinkTarget::Internal {
                        id: "first-steps".into(),
                        chapter: Some(1),
                    },
                    title: String::new(),
                    content: vec![t("the first steps")],
                }),
                t(", read "),
                il(InlineKind::Link {
                    target: LinkTarget::External("https://example.org/trust?a=1&b=2".into()),
                    title: "An outside page".into(),
                    content: vec![t("more")],
                }),
                t(", or a "),
                il(InlineKind::Link {
                    target: LinkTarget::Internal {
                        id: "nowhere".into(),
                        chapter: None,
                    },
                    title: String::new(),
                    content: vec![t("missing anchor")],
                }),
                t(". Use "),
                il(InlineKind::Emph(vec![
                    t("gentle "),
                    il(InlineKind::Strong(vec![t("words")])),
                ])),
                t(", "),
                il(InlineKind::Strike(vec![t("not blame")])),
                t(", and "),
                il(InlineKind::Code("<honest> & clear".into())),
                t("."),
                il(InlineKind::FootnoteRef {
                    label: "why".into(),
                    number: 1,
                }),
                il(InlineKind::SoftBreak),
                t("Non-Latin: Доверие, 信頼, ثقة. Emoji: 🤝"),
                il(InlineKind::HardBreak),
                t("Second line after a hard break."),
            ]),
            list(
                ListKind::Check,
                Some("Taking responsibility means:"),
                vec![
                    item(check('✔'), None, "No blaming circumstances"),
                    item(check('x'), None, "No pointing fingers"),
                    item(None, None, "No deflecting"),
                ],
            ),
            list(
                ListKind::Avoid,
                Some("While they speak:"),
                vec![
                    item(avoid, None, "Don’t defend"),
                    item(avoid, None, "Don’t rush"),
                ],
            ),
            sayings(
                SayingKind::Avoid,
                "Avoid saying:",
                &["“I already said sorry.”", "“You’re overreacting.”"],
            ),
            sayings(
                SayingKind::Try,
                "Instead, try:",
                &["“I understand why you feel hurt.”"],
            ),
            heading(2, "lists", "More lists"),
            list(
                ListKind::Task,
                Some("This week:"),
                vec![
                    item(check('x'), Some(true), "Write the apology"),
                    item(Some(Marker::TaskOpen), Some(false), "Keep the next promise"),
                ],
            ),
            list(
                ListKind::Bullet,
                None,
                vec![
                    item(None, None, "What hurt the most"),
                    ListItem {
                        marker: None,
                        checked: None,
                        blocks: vec![
                            para(vec![t("Why it felt like a betrayal")]),
                            list(
                                ListKind::Bullet,
                                None,
                                vec![item(None, None, "A nested point")],
                            ),
                        ],
                        span: s(),
                    },
                ],
            ),
            list(
                ListKind::Ordered { start: 3 },
                Some("Steps, starting at three:"),
                vec![item(None, None, "Listen"), item(None, None, "Repeat back")],
            ),
        ],
        vec![Footnote {
            label: "why".into(),
            number: 1,
            blocks: vec![para(vec![t("Because repair is built from small acts.")])],
            span: s(),
        }],
    );
    let steps = chapter(
        "first-steps",
        "1. First Steps",
        vec![
            heading(2, "table", "A table"),
            b(BlockKind::Table(Table {
                align: vec![Align::Left, Align::Center, Align::Right],
                head: vec![vec![t("Day")], vec![t("Action")], vec![t("Minutes")]],
                rows: vec![
                    vec![vec![t("Mon")], vec![t("Listen")], vec![t("20")]],
                    vec![vec![t("Tue")], vec![t("Check in")], vec![t("10")]],
                ],
            })),
            heading(3, "code", "Code"),
            b(BlockKind::CodeBlock {
                lang: Some("text".into()),
                text: "if promise.broken() {\n    repair(&trust); // <no blame>\n}\n".into(),
            }),
            heading(4, "figure", "A figure"),
            b(BlockKind::Figure {
                image: Image {
                    asset: Some(0),
                    src: "images/square.png".into(),
                    alt: "A green square".into(),
                    title: String::new(),
                },
                caption: vec![t("A small green square.")],
            }),
            b(BlockKind::Figure {
                image: Image {
                    asset: Some(0),
                    src: "images/square.png".into(),
                    alt: String::new(),
                    title: String::new(),
                },
                caption: vec![],
            }),
            heading(5, "quote", "A quotation"),
            b(BlockKind::BlockQuote(vec![para(vec![t(
                "Listening is healing.",
            )])])),
            b(BlockKind::ThematicBreak),
            heading(6, "last", "Smallest heading"),
            para(vec![
                t("Back to the "),
                il(InlineKind::Link {
                    target: LinkTarget::Internal {
                        id: "introduction".into(),
                        chapter: Some(0),
                    },
                    title: String::new(),
                    content: vec![t("introduction")],
                }),
                t("."),
            ]),
        ],
        vec![],
    );
    Document {
        meta: Metadata {
            title: "Sample: Repairing Trust & Keeping Promises".into(),
            subtitle: Some("Every block kind, once".into()),
            authors: vec!["A. Writer".into(), "B. Helper".into()],
            lang: "en".into(),
            date: Some("2026-11-28".into()),
            timestamp: 1_795_824_000,
            identifier: "6f1c2d1e-3b5a-5c8e-9a47-2d0f4b8e7c31".into(),
            description: Some("A test book with <every> kind of block.".into()),
            keywords: vec!["trust".into(), "test".into()],
            publisher: None,
            rights: Some("CC BY 4.0".into()),
            cover: None,
        },
        chapters: vec![intro, steps],
        assets: vec![Asset {
            rel_path: "images/square.png".into(),
            media_type: "image/png".into(),
            bytes: tiny_png(),
            size_px: Some((4, 4)),
            decoded: Default::default(),
            first_use: None,
        }],
    }
}
