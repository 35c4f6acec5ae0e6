//! Property tests: the parser never panics and every span it produces lies inside its file on
//! character boundaries, whatever the input.

use super::*;

/// Every span must lie inside its file and on character boundaries.
fn check_spans(doc: &Document, ms: &Manuscript) {
    let ok = |s: Span| {
        let t = &ms.sources.get(s.file).text;
        assert!(s.start <= s.end && s.end <= t.len(), "{s:?}");
        assert!(
            t.is_char_boundary(s.start) && t.is_char_boundary(s.end),
            "{s:?}"
        );
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
    use crate::config::{FrontMatter, GuideConfig};
    use crate::parse::tests::manuscript;
    use proptest::prelude::*;

    fn markdownish() -> impl Strategy<Value = String> {
        let pieces = proptest::sample::select(vec![
            "# ",
            "## ",
            "\n",
            "\n\n",
            "- ",
            "1. ",
            "> ",
            "✔",
            "❌",
            "✖\u{fe0f}",
            "[x] ",
            "[ ] ",
            "“",
            "”",
            "\"",
            ":",
            "Avoid saying:",
            "Try:",
            "text",
            " ",
            "*",
            "**",
            "~~",
            "`",
            "```",
            "[",
            "]",
            "(",
            ")",
            "#id",
            "{#x}",
            "[^1]",
            "[^1]: ",
            "<b>",
            "</b>",
            "<script>",
            "</script>",
            "<!--",
            "-->",
            "<div>",
            "|",
            "|:-|",
            "![a](b.png)",
            "javascript:",
            "    ",
            "\t",
            "\\",
            "&amp;",
            "---",
            "信",
            "\r\n",
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
            let (doc, _) = document(&ms).into_parts();
            check_spans(&doc, &ms);
        }

        #[test]
        fn never_panics_on_arbitrary_strings(text in ".*", two in ".*") {
            let ms = manuscript(
                &[("m/a.md", &text, 0, FrontMatter::default()), ("m/b.md", &two, 0, FrontMatter::default())],
                GuideConfig::default(),
            );
            let (doc, _) = document(&ms).into_parts();
            check_spans(&doc, &ms);
        }
    }
}

#[test]
fn hostile_nesting_is_flattened_not_overflowing() {
    use crate::config::{FrontMatter, GuideConfig};
    use crate::parse::tests::manuscript;
    let quotes = format!("{} deep\n", ">".repeat(100_000));
    let emph = format!("{}x{}\n", "*".repeat(50_000), "*".repeat(50_000));
    let links = format!("{}x{}\n", "[".repeat(20_000), "](u)".repeat(20_000));
    let lists: String = (0..200)
        .map(|i| format!("{}- ✔ a\n", "  ".repeat(i)))
        .collect();
    let tight = format!("- {}x{}\n", "_".repeat(20_000), "_".repeat(20_000));
    for (text, deep) in [
        (quotes, true),
        (emph, true),
        (links, false),
        (lists, true),
        (tight, true),
    ] {
        let ms = manuscript(
            &[("m/a.md", &text, 0, FrontMatter::default())],
            GuideConfig::default(),
        );
        // Run on a small stack, as test threads and CLI workers may have.
        let (doc, diags) = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || {
                let (doc, diags) = document(&ms).into_parts();
                check_spans(&doc, &ms);
                (doc, diags)
            })
            .unwrap()
            .join()
            .expect("no stack overflow or panic");
        let words: String = doc
            .chapters
            .iter()
            .map(|c| format!("{:?}", c.blocks))
            .collect();
        assert!(words.contains("deep") || words.contains('x') || words.contains('a'));
        assert_eq!(diags.iter().any(|d| d.code == "GB111"), deep);
    }
}
