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
    }
}

/// Parses one file `m/book.md` with a configured title (so `#` headings are chapters).
pub(crate) fn parse_one(text: &str) -> (Document, Vec<Diagnostic>, Manuscript) {
    let cfg = GuideConfig {
        title: Some("Book".into()),
        ..Default::default()
    };
    let ms = manuscript(&[("m/book.md", text, 0, FrontMatter::default())], cfg);
    let (doc, diags) = parse(&ms);
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

fn para_text(b: &Block) -> String {
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
        ["ch01-introduction", "ch02-take-responsibility", "ch03-listen", "ch04"]
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
    assert!(matches!(&doc.chapters[0].blocks[0].kind, BlockKind::Heading { id, .. } if id == "x-2"));
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
            ("m/01-getting_started.md", "Text\n\n# Real Title\n\nMore\n", 0, FrontMatter::default()),
            ("m/02-empty.md", "  \n\n", 0, FrontMatter::default()),
        ],
        GuideConfig::default(),
    );
    let (doc, diags) = parse(&ms);
    let titles: Vec<_> = doc.chapters.iter().map(|c| c.title_text.as_str()).collect();
    assert_eq!(titles, ["Before We Begin", "Getting started", "Real Title"]);
    assert_eq!(codes(&diags), ["GB110"]);
    // The book title comes from the first file's front matter.
    assert_eq!(doc.meta.title, "Before We Begin");
    assert_eq!(doc.chapters[1].span, Span::new(1, 0, 0));
}

#[test]
fn fallback_title_is_the_first_heading() {
    let ms = manuscript(
        &[("m/a.md", "Intro text\n\n# First\n\nx\n\n# Second\n", 0, FrontMatter::default())],
        GuideConfig::default(),
    );
    let (doc, _) = parse(&ms);
    assert_eq!(doc.meta.title, "First");
    assert_eq!(doc.chapters.len(), 3);
}

#[test]
fn single_file_with_one_title_heading_uses_level_two_as_chapters() {
    let text = "# My Guide\n\nWelcome.\n\n## Step One\n\n### Detail\n\nA\n\n## Step Two\n\nB\n";
    let ms = manuscript(&[("m/guide.md", text, 0, FrontMatter::default())], GuideConfig::default());
    let (doc, diags) = parse(&ms);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(doc.meta.title, "My Guide");
    let titles: Vec<_> = doc.chapters.iter().map(|c| c.title_text.as_str()).collect();
    assert_eq!(titles, ["My Guide", "Step One", "Step Two"]);
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
    let (doc, _) = parse(&ms);
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
            ("m/02-b.md", "# Beta\n\n## Deep Dive\n", 0, FrontMatter::default()),
        ],
        GuideConfig::default(),
    );
    let (doc, diags) = parse(&ms);
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
fn unsafe_links_are_dropped_keeping_their_text() {
    let (blocks, diags, ms) = body("Click [here](javascript:alert(1)) or [there](DATA:text/html,x).\n");
    assert_eq!(para_text(&blocks[0]), "Click here or there.");
    let BlockKind::Paragraph(p) = &blocks[0].kind else {
        panic!()
    };
    assert!(p.iter().all(|i| matches!(i.kind, InlineKind::Text(_))));
    assert_eq!(codes(&diags), ["GB104", "GB104"]);
    assert_eq!(ms.sources.slice(diags[0].span.unwrap()), "[here](javascript:alert(1))");
    assert!(diags[0].help.is_some());
}

#[test]
fn raw_html_is_dropped_with_warnings() {
    let text = "a <span class=\"x\">kept</span> b<br>c <script>evil()</script> d <!-- hush -->\n\n\
                <div>\nblock\n</div>\n\n<script>\nbad()\n</script>\n\n<!-- a comment -->\n\n\
                Tail <style>p{}</style>end\n";
    let (blocks, diags, ms) = body(text);
    assert_eq!(codes(&diags), ["GB102", "GB102", "GB103", "GB101", "GB101", "GB103"]);
    assert_eq!(ms.sources.location(diags[3].span.unwrap()), "m/book.md:5:1");
    assert_eq!(blocks.len(), 2, "{blocks:#?}");
    assert_eq!(para_text(&blocks[0]), "a kept b c  d ");
    assert_eq!(para_text(&blocks[1]), "Tail end");
    let BlockKind::Paragraph(p) = &blocks[0].kind else {
        panic!()
    };
    assert!(p.iter().any(|i| i.kind == InlineKind::HardBreak));
    let all = format!("{blocks:?}");
    assert!(!all.contains("evil") && !all.contains("bad()") && !all.contains("p{}"));
}

#[test]
fn footnotes_are_numbered_per_chapter_in_order_of_reference() {
    let text = "# One\n\nFirst[^b] then[^a] again[^b] missing[^zz].\n\n[^a]: Note A[^c].\n\
                [^b]: Note B.\n[^c]: Note C.\n[^lonely]: Nobody.\n\n# Two\n\nHere[^a].\n";
    let (doc, diags, ms) = parse_one(text);
    assert_eq!(codes(&diags), ["GB107", "GB108"]);
    assert_eq!(ms.sources.slice(diags[0].span.unwrap()), "[^zz]");
    let one = &doc.chapters[0];
    let labels: Vec<_> = one.footnotes.iter().map(|f| (f.label.as_str(), f.number)).collect();
    assert_eq!(labels, [("b", 1), ("a", 2), ("c", 3), ("lonely", 4)]);
    let refs: Vec<u32> = match &one.blocks[0].kind {
        BlockKind::Paragraph(p) => p
            .iter()
            .filter_map(|i| match i.kind {
                InlineKind::FootnoteRef { number, .. } => Some(number),
                _ => None,
            })
            .collect(),
        _ => panic!(),
    };
    assert_eq!(refs, [1, 2, 1]);
    assert!(para_text(&one.blocks[0]).contains("missing[^zz]."));
    let two = &doc.chapters[1];
    let labels: Vec<_> = two.footnotes.iter().map(|f| (f.label.as_str(), f.number)).collect();
    assert_eq!(labels, [("a", 1), ("c", 2)]);
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
    assert_eq!((image.src.as_str(), image.alt.as_str()), ("lake.png", "A calm lake"));
    assert_eq!(image.title, "Lake");
    assert!(image.asset.is_none());
    assert!(caption.iter().any(|i| matches!(i.kind, InlineKind::Emph(_))));
    let BlockKind::Paragraph(p) = &blocks[6].kind else {
        panic!()
    };
    assert!(p.iter().any(|i| matches!(&i.kind, InlineKind::Image(im) if im.src == "i.png")));
}

/// Every span must lie inside its file and on character boundaries.
fn check_spans(doc: &Document, ms: &Manuscript) {
    let ok = |s: Span| {
        let t = &ms.sources.get(s.file).text;
        assert!(s.start <= s.end && s.end <= t.len(), "{s:?}");
        assert!(t.is_char_boundary(s.start) && t.is_char_boundary(s.end), "{s:?}");
    };
    let mut doc = doc.clone();
    for ch in &mut doc.chapters {
        ok(ch.span);
        walk::all_blocks(&mut ch.blocks, &mut |b| ok(b.span));
        walk::all_inlines(&mut ch.blocks, &mut |i| ok(i.span));
        for f in &mut ch.footnotes {
            ok(f.span);
            walk::all_inlines(&mut f.blocks, &mut |i| ok(i.span));
        }
    }
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    fn markdownish() -> impl Strategy<Value = String> {
        let pieces = proptest::sample::select(vec![
            "# ", "## ", "\n", "\n\n", "- ", "1. ", "> ", "✔", "❌", "✖\u{fe0f}", "[x] ", "[ ] ",
            "“", "”", "\"", ":", "Avoid saying:", "Try:", "text", " ", "*", "**", "~~", "`",
            "```", "[", "]", "(", ")", "#id", "{#x}", "[^1]", "[^1]: ", "<b>", "</b>", "<script>",
            "</script>", "<!--", "-->", "<div>", "|", "|:-|", "![a](b.png)", "javascript:",
            "    ", "\t", "\\", "&amp;", "---", "信", "\r\n",
        ]);
        proptest::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn never_panics_on_markdownish_input(text in markdownish(), cut in 0usize..40) {
            let mut start = cut.min(text.len());
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let ms = manuscript(&[("m/a.md", &text, start, FrontMatter::default())], GuideConfig::default());
            let (doc, _) = parse(&ms);
            check_spans(&doc, &ms);
        }

        #[test]
        fn never_panics_on_arbitrary_strings(text in ".*", two in ".*") {
            let ms = manuscript(
                &[("m/a.md", &text, 0, FrontMatter::default()), ("m/b.md", &two, 0, FrontMatter::default())],
                GuideConfig::default(),
            );
            let (doc, _) = parse(&ms);
            check_spans(&doc, &ms);
        }
    }
}
