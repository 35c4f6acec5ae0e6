//! Tests of the whole parser on in-memory manuscripts (chapters, ids, links, footnotes, raw
//! HTML, front matter, metadata) and a property test that it never panics. List and sayings
//! tests live next to their code and use the helpers here.

use super::*;
use crate::config::{FrontMatter, GuideConfig};
use crate::diag::Sources;
use crate::fonts::FontFiles;
use crate::manuscript::ChapterSource;
use crate::model::{Block, LinkTarget};

/// A manuscript made of `(name, text, body_start, front)` files.
pub(crate) fn manuscript(
    files: &[(&str, &str, usize, FrontMatter)],
    config: GuideConfig,
) -> Manuscript {
    let mut sources = Sources::default();
    let mut chapters = Vec::new();
    for (name, text, body_start, front) in files {
        let file = sources.add(*name, *text);
        chapters.push(ChapterSource {
            file,
            body_start: *body_start,
            front: front.clone(),
        });
    }
    Manuscript {
        root: std::path::PathBuf::from("m"),
        sources,
        config,
        config_file: None,
        chapters,
        fonts: FontFiles::default_set(),
        source_date_epoch: None,
        newest_mtime: None,
    }
}

/// Parses one file `m/book.md` with a configured title (so `#` headings are chapters).
pub(crate) fn parse_one(text: &str) -> (Document, Vec<Diagnostic>, Manuscript) {
    let cfg = GuideConfig {
        title: Some("Book".into()),
        ..Default::default()
    };
    let ms = manuscript(&[("m/book.md", text, 0, FrontMatter::default())], cfg);
    let (doc, diags) = document(&ms).into_parts();
    (doc, diags, ms)
}

/// The blocks of the only chapter of `text` (which gets a `# C` heading in front).
pub(crate) fn body(text: &str) -> (Vec<Block>, Vec<Diagnostic>, Manuscript) {
    let (doc, diags, ms) = parse_one(&format!("# C\n\n{text}"));
    assert_eq!(doc.chapters.len(), 1, "{doc:#?}");
    (doc.chapters[0].blocks.clone(), diags, ms)
}

pub(crate) fn codes(diags: &[Diagnostic]) -> Vec<&'static str> {
    diags.iter().map(|d| d.code).collect()
}

pub(crate) fn para_text(b: &Block) -> String {
    match &b.kind {
        BlockKind::Paragraph(c) => plain_text(c),
        other => panic!("not a paragraph: {other:?}"),
    }
}

#[test]
fn chapters_split_at_top_level_headings_with_unique_ids() {
    let (doc, diags, _) = parse_one(
        "# Introduction\n\nHello.\n\n# 1. Take Responsibility {#resp}\n\n## Notes\n\nA\n\n\
         # 2. Listen\n\n## Notes\n\n### Notes\n\n# 信任\n\nx\n",
    );
    assert!(diags.is_empty(), "{diags:?}");
    let ids: Vec<_> = doc.chapters.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "ch01-introduction",
            "ch02-take-responsibility",
            "ch03-listen",
            "ch04"
        ]
    );
    let hids: Vec<_> = doc.chapters.iter().map(|c| c.heading_id.as_str()).collect();
    assert_eq!(hids, ["introduction", "resp", "sec-2-listen", "section-1"]);
    assert_eq!(doc.chapters[1].title_text, "1. Take Responsibility");
    let sub = |c: usize, i: usize| match &doc.chapters[c].blocks[i].kind {
        BlockKind::Heading { level, id, .. } => (*level, id.clone()),
        k => panic!("{k:?}"),
    };
    assert_eq!(sub(1, 0), (2, "notes".into()));
    assert_eq!(sub(2, 0), (2, "notes-2".into()));
    assert_eq!(sub(2, 1), (3, "notes-3".into()));
    for c in &doc.chapters {
        assert!(is_ncname(&c.id) && is_ncname(&c.heading_id));
    }
}

#[test]
fn duplicate_explicit_ids_are_reported_and_deduplicated() {
    let (doc, diags, ms) = parse_one("# A {#x}\n\n## B {#x}\n");
    assert_eq!(codes(&diags), ["GB105"]);
    assert_eq!(ms.sources.slice(diags[0].span.unwrap()), "## B {#x}");
    assert_eq!(doc.chapters[0].heading_id, "x");
    assert!(
        matches!(&doc.chapters[0].blocks[0].kind, BlockKind::Heading { id, .. } if id == "x-2")
    );
}

#[test]
fn preamble_and_files_without_headings_become_chapters() {
    let fm = FrontMatter {
        title: Some("Before We Begin".into()),
        ..Default::default()
    };
    let ms = manuscript(
        &[
            ("m/00-preface.md", "Some words.\n", 0, fm),
            (
                "m/01-getting_started.md",
                "Text\n\n# Real Title\n\nMore\n",
                0,
                FrontMatter::default(),
            ),
            ("m/02-empty.md", "  \n\n", 0, FrontMatter::default()),
        ],
        GuideConfig::default(),
    );
    let (doc, diags) = document(&ms).into_parts();
    let titles: Vec<_> = doc.chapters.iter().map(|c| c.title_text.as_str()).collect();
    assert_eq!(titles, ["Before We Begin", "Getting started", "Real Title"]);
    // The first file's title is the book's: its text is the book's opening. The second file's
    // text before its heading is a chapter named after the file, as before.
    let untitled: Vec<bool> = doc.chapters.iter().map(|c| c.untitled).collect();
    assert_eq!(untitled, [true, false, false]);
    assert_eq!(codes(&diags), ["GB110"]);
    // The book title comes from the first file's front matter.
    assert_eq!(doc.meta.title, "Before We Begin");
    assert_eq!(doc.chapters[1].span, Span::new(1, 0, 0));
}

#[test]
fn text_before_the_first_heading_of_a_single_file_is_the_untitled_opening() {
    let text = "If you're reading this.\n\nA quick word.\n\n# Step 1: Pick Your Moment\n\nA\n\n\
                # Step 2\n\nB\n\n## Talking With Your Teenager\n\nC\n";
    let fm = FrontMatter {
        title: Some("Talking With Your Teenager".into()),
        ..Default::default()
    };
    let ms = manuscript(&[("m/user-guide.md", text, 0, fm)], GuideConfig::default());
    let (doc, diags) = document(&ms).into_parts();
    assert!(diags.is_empty(), "{diags:?}");
    let got: Vec<(&str, bool)> = doc
        .chapters
        .iter()
        .map(|c| (c.title_text.as_str(), c.untitled))
        .collect();
    assert_eq!(
        got,
        [
            ("Talking With Your Teenager", true),
            ("Step 1: Pick Your Moment", false),
            ("Step 2", false)
        ]
    );
    let opening = &doc.chapters[0];
    assert_eq!(plain_text(&opening.title), "Talking With Your Teenager");
    assert_eq!(opening.blocks.len(), 2);
    assert_eq!(opening.id, "ch01-opening");
    assert_eq!(opening.span, Span::new(0, 0, 0));
    // Its heading id is still unique: a section with the book's name gets another.
    let BlockKind::Heading { id, .. } = &doc.chapters[2].blocks[1].kind else {
        panic!("{:#?}", doc.chapters[2].blocks)
    };
    assert_ne!(id, &opening.heading_id);
    let mut all: Vec<&str> = doc.chapters.iter().map(|c| c.heading_id.as_str()).collect();
    all.push(id);
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n);
}

#[test]
fn only_the_first_file_has_an_opening() {
    let cfg = GuideConfig {
        title: Some("The Book".into()),
        ..Default::default()
    };
    let ms = manuscript(
        &[
            (
                "m/00-introduction.md",
                "Hello.\n",
                0,
                FrontMatter::default(),
            ),
            (
                "m/01-two.md",
                "Lead text.\n\n# Two\n\nx\n",
                0,
                FrontMatter::default(),
            ),
        ],
        cfg.clone(),
    );
    let (doc, _) = document(&ms).into_parts();
    let got: Vec<(&str, bool)> = doc
        .chapters
        .iter()
        .map(|c| (c.title_text.as_str(), c.untitled))
        .collect();
    // A first file with no heading and a title of its own keeps it; a later file's text before
    // its heading is a chapter named after the file.
    assert_eq!(
        got,
        [("Introduction", false), ("Two", false), ("Two", false)]
    );
    assert_eq!(doc.chapters[1].span, Span::new(1, 0, 0));
    // A first file whose name gives the book's title: the opening.
    let ms = manuscript(
        &[("m/the-book.md", "Hello.\n", 0, FrontMatter::default())],
        cfg,
    );
    let (doc, _) = document(&ms).into_parts();
    assert!(doc.chapters[0].untitled);
    assert_eq!(doc.chapters[0].title_text, "The Book");
}

#[test]
fn fallback_title_is_the_first_heading() {
    let ms = manuscript(
        &[(
            "m/a.md",
            "Intro text\n\n# First\n\nx\n\n# Second\n",
            0,
            FrontMatter::default(),
        )],
        GuideConfig::default(),
    );
    let (doc, _) = document(&ms).into_parts();
    assert_eq!(doc.meta.title, "First");
    assert_eq!(doc.chapters.len(), 3);
}

#[test]
fn single_file_with_one_title_heading_uses_level_two_as_chapters() {
    let text = "# My Guide\n\nWelcome.\n\n## Step One\n\n### Detail\n\nA\n\n## Step Two\n\nB\n";
    let ms = manuscript(
        &[("m/guide.md", text, 0, FrontMatter::default())],
        GuideConfig::default(),
    );
    let (doc, diags) = document(&ms).into_parts();
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(doc.meta.title, "My Guide");
    let titles: Vec<_> = doc.chapters.iter().map(|c| c.title_text.as_str()).collect();
    assert_eq!(titles, ["My Guide", "Step One", "Step Two"]);
    assert!(doc.chapters[0].untitled && !doc.chapters[1].untitled);
    assert!(matches!(
        &doc.chapters[1].blocks[0].kind,
        BlockKind::Heading { level: 2, content, .. } if plain_text(content) == "Detail"
    ));
    // With the title in guide.toml the same file is one chapter.
    let (doc, _, _) = parse_one(text);
    assert_eq!(doc.chapters.len(), 1);
}

#[test]
fn front_matter_offset_is_added_to_spans() {
    let text = "---\ntitle: Hi there\n---\n# Hello\n\n- ✔ Keep *going*\n- ✔ Rest\n";
    let body_start = text.find("# Hello").unwrap();
    let fm = FrontMatter {
        title: Some("Hi there".into()),
        ..Default::default()
    };
    let ms = manuscript(&[("m/a.md", text, body_start, fm)], GuideConfig::default());
    let (doc, _) = document(&ms).into_parts();
    assert_eq!(doc.meta.title, "Hi there");
    let ch = &doc.chapters[0];
    assert_eq!(ms.sources.slice(ch.span), "# Hello");
    assert_eq!(ms.sources.location(ch.span), "m/a.md:4:1");
    let BlockKind::List(l) = &ch.blocks[0].kind else {
        panic!()
    };
    let BlockKind::Paragraph(p) = &l.items[0].blocks[0].kind else {
        panic!()
    };
    assert_eq!(ms.sources.slice(p[0].span), "Keep ");
    assert_eq!(ms.sources.slice(l.items[1].span), "- ✔ Rest");
}

#[test]
fn internal_links_resolve_across_files() {
    let ms = manuscript(
        &[
            (
                "m/01-a.md",
                "# Alpha\n\n[b](#beta) [sub](#deep-dive) [gh](#alpha) [no](#nowhere) \
                 [f](02-b.md) [fh](./02-b.md#deep-dive) [x](other.md) [w](https://e.org/#a) \
                 <me@example.org>\n",
                0,
                FrontMatter::default(),
            ),
            (
                "m/02-b.md",
                "# Beta\n\n## Deep Dive\n",
                0,
                FrontMatter::default(),
            ),
        ],
        GuideConfig::default(),
    );
    let (doc, diags) = document(&ms).into_parts();
    assert!(diags.is_empty(), "{diags:?}");
    let BlockKind::Paragraph(p) = &doc.chapters[0].blocks[0].kind else {
        panic!()
    };
    let targets: Vec<LinkTarget> = p
        .iter()
        .filter_map(|i| match &i.kind {
            InlineKind::Link { target, .. } => Some(target.clone()),
            _ => None,
        })
        .collect();
    let int = |id: &str, ch: Option<usize>| LinkTarget::Internal {
        id: id.into(),
        chapter: ch,
    };
    assert_eq!(
        targets,
        [
            int("beta", Some(1)),
            int("deep-dive", Some(1)),
            int("alpha", Some(0)),
            int("nowhere", None),
            int("beta", Some(1)),
            int("deep-dive", Some(1)),
            int("other.md", None),
            LinkTarget::External("https://e.org/#a".into()),
            LinkTarget::External("mailto:me@example.org".into()),
        ]
    );
}

#[test]
fn common_constructs_map_to_the_model() {
    let text = "*em* **strong** ~~gone~~ `code` \"quoted\" -- x...  \nnext\nsoft\n\n\
                ```rust title\nfn main() {}\n```\n\n    indented\n\n---\n\n\
                | L | C | R |\n|:--|:-:|--:|\n| a | *b* | c |\n\n\
                ![A *calm* lake](lake.png \"Lake\")\n\nSee ![icon](i.png) here.\n";
    let (blocks, diags, _) = body(text);
    assert!(diags.is_empty(), "{diags:?}");
    let BlockKind::Paragraph(p) = &blocks[0].kind else {
        panic!()
    };
    let kinds: Vec<_> = p.iter().map(|i| std::mem::discriminant(&i.kind)).collect();
    assert!(kinds.contains(&std::mem::discriminant(&InlineKind::HardBreak)));
    assert!(kinds.contains(&std::mem::discriminant(&InlineKind::SoftBreak)));
    assert!(matches!(p[0].kind, InlineKind::Emph(_)));
    assert!(matches!(p[2].kind, InlineKind::Strong(_)));
    assert!(matches!(p[4].kind, InlineKind::Strike(_)));
    assert!(matches!(&p[6].kind, InlineKind::Code(c) if c == "code"));
    assert!(plain_text(p).contains("“quoted” – x…"), "{}", plain_text(p));
    assert_eq!(
        blocks[1].kind,
        BlockKind::CodeBlock {
            lang: Some("rust".into()),
            text: "fn main() {}\n".into()
        }
    );
    assert_eq!(
        blocks[2].kind,
        BlockKind::CodeBlock {
            lang: None,
            text: "indented\n".into()
        }
    );
    assert_eq!(blocks[3].kind, BlockKind::ThematicBreak);
    let BlockKind::Table(t) = &blocks[4].kind else {
        panic!("{:?}", blocks[4])
    };
    use crate::model::Align;
    assert_eq!(t.align, [Align::Left, Align::Center, Align::Right]);
    assert_eq!(t.head.len(), 3);
    assert_eq!(t.rows.len(), 1);
    assert_eq!(plain_text(&t.rows[0][1]), "b");
    let BlockKind::Figure { image, caption } = &blocks[5].kind else {
        panic!("{:?}", blocks[5])
    };
    assert_eq!(
        (image.src.as_str(), image.alt.as_str()),
        ("lake.png", "A calm lake")
    );
    assert_eq!(image.title, "Lake");
    assert!(image.asset.is_none());
    assert!(caption
        .iter()
        .any(|i| matches!(i.kind, InlineKind::Emph(_))));
    let BlockKind::Paragraph(p) = &blocks[6].kind else {
        panic!()
    };
    assert!(p
        .iter()
        .any(|i| matches!(&i.kind, InlineKind::Image(im) if im.src == "i.png")));
}

/// The bundled guide: its structure, its semantic blocks, and no parser warnings.
#[test]
fn bundled_manuscript_parses_into_the_expected_book() {
    use crate::model::{ListKind, Marker, SayingKind};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
    let ms = crate::manuscript::load(&dir).expect("bundled manuscript loads");
    let (doc, diags) = document(&ms).into_parts();
    assert!(
        diags.is_empty(),
        "{:?}",
        diags
            .iter()
            .map(|d| d.one_line(&ms.sources))
            .collect::<Vec<_>>()
    );
    assert_eq!(doc.meta.title, "How to Repair Trust After a Broken Promise");
    assert_eq!(doc.chapters.len(), 12);
    assert_eq!(doc.chapters[0].title_text, "Introduction");
    for n in 1..=10 {
        let t = &doc.chapters[n].title_text;
        assert!(t.starts_with(&format!("{n}. ")), "{t}");
    }
    assert!(doc.chapters[11].title_text.starts_with("Final Thoughts"));

    // Per chapter: the lists (kind, item count) and sayings (kind, item count) in order.
    let mut lists: Vec<Vec<(ListKind, usize)>> = Vec::new();
    let mut sayings: Vec<Vec<(SayingKind, usize)>> = Vec::new();
    for ch in &doc.chapters {
        let mut l = Vec::new();
        let mut s = Vec::new();
        for b in &ch.blocks {
            match &b.kind {
                BlockKind::List(list) => {
                    l.push((list.kind, list.items.len()));
                    for it in &list.items {
                        let text = match &it.blocks[0].kind {
                            BlockKind::Paragraph(p) => plain_text(p),
                            k => panic!("{k:?}"),
                        };
                        assert!(leading_marker(&text).is_none(), "glyph left in {text}");
                        let want = match list.kind {
                            ListKind::Check => Some(Marker::Check('✔')),
                            ListKind::Avoid => Some(Marker::Avoid('❌')),
                            _ => None,
                        };
                        assert_eq!(it.marker, want, "{text}");
                        let BlockKind::Paragraph(p) = &it.blocks[0].kind else {
                            panic!()
                        };
                        assert!(!ms.sources.slice(p[0].span).starts_with(['✔', '❌']));
                    }
                }
                BlockKind::Sayings(say) => {
                    s.push((say.kind, say.items.len()));
                    for it in &say.items {
                        assert!(is_quotation(&plain_text(&it.content)));
                        assert!(ms.sources.slice(it.span).starts_with('“'));
                    }
                }
                _ => {}
            }
        }
        lists.push(l);
        sayings.push(s);
    }
    use ListKind::{Avoid as LA, Bullet as LB, Check as LC};
    use SayingKind::{Avoid as SA, Try as ST};
    assert_eq!(lists[2], [(LC, 4)]);
    assert_eq!(lists[3], [(LB, 4), (LA, 4)]);
    assert_eq!(lists[11], [(LC, 7)]);
    assert_eq!(sayings[1], [(SA, 3), (ST, 1)]);
    assert_eq!(sayings[2], [(ST, 1)]);
    assert_eq!(sayings[4], [(ST, 1)]);
    assert_eq!(sayings[5], [(ST, 1)]);
    assert_eq!(sayings[7], [(SA, 1), (ST, 1)]);
    assert_eq!(sayings[8], [(ST, 3)]);
    let total: usize = sayings.iter().map(Vec::len).sum();
    assert_eq!(total, 8);
    // Every list after a lead-in keeps it; no paragraph ending in ":" is left on its own.
    for ch in &doc.chapters {
        for b in &ch.blocks {
            if let BlockKind::Paragraph(p) = &b.kind {
                assert!(
                    !plain_text(p).trim_end().ends_with(':'),
                    "{}",
                    plain_text(p)
                );
            }
        }
    }
}

#[test]
fn lone_carriage_returns_end_lines_as_crlf_and_lf_do() {
    let heading_texts = |text: &str| -> Vec<String> {
        let (doc, _, _) = parse_one(text);
        let mut out: Vec<String> = doc.chapters.iter().map(|c| c.title_text.clone()).collect();
        walk::all_blocks(&mut doc.chapters[0].blocks.clone(), &mut |b| {
            if let BlockKind::Heading { content, .. } = &b.kind {
                out.push(plain_text(content));
            }
        });
        out
    };
    let lf = "# Title\n\nFirst line\nsecond line\n\n## Sub\n\nBody\n";
    let want = heading_texts(lf);
    assert_eq!(want, ["Title", "Sub"]);
    assert_eq!(heading_texts(&lf.replace('\n', "\r\n")), want);
    assert_eq!(heading_texts(&lf.replace('\n', "\r")), want);
    // the spans still index the file as written: one byte for one byte
    let cr = lf.replace('\n', "\r");
    let (doc, _, _) = parse_one(&cr);
    let sub = &doc.chapters[0].blocks[1];
    assert_eq!(&cr[sub.span.start..sub.span.start + 6], "## Sub");
    assert_eq!(super::blocks::line_ends_as_lf("a\rb\r\nc\r"), "a\nb\r\nc\n");
}

#[test]
fn nul_becomes_the_replacement_character() {
    let (blocks, diags, _) = body("A\0B and `x\0y` and [l\0nk](#c)\n\n```\nco\0de\n```\n");
    let mut text = String::new();
    for b in &blocks {
        match &b.kind {
            BlockKind::Paragraph(content) => text.push_str(&plain_text(content)),
            BlockKind::CodeBlock { text: code, .. } => text.push_str(code),
            _ => {}
        }
    }
    assert!(!text.contains('\0'), "{text:?}");
    for want in ["A\u{FFFD}B", "x\u{FFFD}y", "l\u{FFFD}nk", "co\u{FFFD}de"] {
        assert!(text.contains(want), "{want} in {text:?}");
    }
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn a_chapter_of_only_a_byte_order_mark_has_no_content() {
    for empty in ["\u{FEFF}", "\u{FEFF}  \n\n\t\n"] {
        let ms = manuscript(
            &[
                ("m/a.md", "# A\n\nText\n", 0, FrontMatter::default()),
                ("m/b.md", empty, 0, FrontMatter::default()),
            ],
            GuideConfig::default(),
        );
        let (doc, diags) = document(&ms).into_parts();
        assert_eq!(codes(&diags), ["GB110"], "{empty:?}");
        assert_eq!(doc.chapters.len(), 1);
    }
    // a byte-order mark before real text is not text
    let (doc, _, _) = parse_one("\u{FEFF}# Title\n\nBody\n");
    assert_eq!(doc.chapters[0].title_text, "Title");
}
