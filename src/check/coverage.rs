//! Characters no font can draw (GB210). Each distinct font file's cmap is read once (by
//! `fontkit`) into a set of characters; every character of the text the book prints (titles,
//! headings, paragraphs, list items, sayings, tables, captions, code, footnotes) is looked up
//! in the union, because the PDF engine falls back from one theme font to another per character
//! and then to the built-in symbol and emoji faces (whose cmaps are read only when a character
//! is missing from every theme font). Such a character prints as a ▯ in the PDF and the EPUB.
//! Markers the theme draws (✔, ❌) are not in the text — the parser removed them.

use super::{chapter_blocks, chapter_inline_runs, first_line, slice, walk_inlines};
use crate::diag::{Diagnostic, FileId, Sources, Span, Subject};
use crate::fontkit::{cached_coverage, fallback_for};
use crate::fonts::{draws_nothing as ignorable, FontFiles};
use crate::manuscript::Manuscript;
use crate::model::{BlockKind, Document, InlineKind};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The code points each theme font draws (one set per distinct file); `None` when no font
/// could be read at all (then the rule stays silent rather than flag every character).
pub(crate) fn font_coverage(fonts: &FontFiles) -> Option<Vec<Arc<BTreeSet<char>>>> {
    let sets: Vec<_> = fonts
        .distinct()
        .into_iter()
        .filter_map(|(file, _)| cached_coverage(file))
        .collect();
    (!sets.is_empty()).then_some(sets)
}

pub(super) fn check(doc: &Document, ms: &Manuscript) -> Vec<Diagnostic> {
    let Some(sets) = font_coverage(&ms.fonts) else {
        return Vec::new();
    };
    let covered = |c: char| sets.iter().any(|s| s.contains(&c)) || fallback_for(c).is_some();
    let src = &ms.sources;
    // First place of each uncovered character, per file.
    let mut first: BTreeMap<(FileId, char), Span> = BTreeMap::new();
    let mut note = |text: &str, span: Span| {
        for c in text.chars() {
            if ignorable(c) || covered(c) {
                continue;
            }
            let at = locate(src, span, c);
            first
                .entry((span.file, c))
                .and_modify(|s| {
                    if at.start < s.start {
                        *s = at
                    }
                })
                .or_insert(at);
        }
    };
    for ch in &doc.chapters {
        for run in chapter_inline_runs(ch) {
            walk_inlines(run, &mut |i| match &i.kind {
                InlineKind::Text(t) | InlineKind::Code(t) => note(t, i.span),
                _ => {}
            });
        }
        for b in chapter_blocks(ch) {
            if let BlockKind::CodeBlock { text, .. } = &b.kind {
                note(text, b.span);
            }
        }
    }
    first
        .into_iter()
        .map(|((_, c), span)| {
            Diagnostic::warning(
                "GB210",
                format!("no font can draw `{c}` (U+{:04X})", c as u32),
            )
            .at(span)
            .about(Subject::char(c))
            .help(
                "the PDF and the EPUB print a box (▯) in its place: replace it, or name a font \
                 that has it in `[theme.fonts]` in guide.toml",
            )
        })
        .collect()
}

/// The span of `c` inside `span`'s source text, or the span's first line when the character
/// is not written literally there (an entity like `&#x1F600;`).
fn locate(src: &Sources, span: Span, c: char) -> Span {
    match slice(src, span).find(c) {
        Some(at) => Span::new(span.file, span.start + at, span.start + at + c.len_utf8()),
        None => first_line(src, span),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::Book;
    use super::*;

    #[test]
    fn theme_fonts_cover_the_guide_and_the_fallbacks_the_emoji() {
        let sets = font_coverage(&FontFiles::default_set()).unwrap();
        assert_eq!(sets.len(), 7);
        let covered = |c: char| sets.iter().any(|s| s.contains(&c));
        for c in "Aa’“”—–…é".chars() {
            assert!(covered(c), "{c}");
        }
        assert!(!covered('😀'));
        for c in "😀❌✅★☐".chars() {
            assert!(fallback_for(c).is_some(), "{c}");
        }
        assert_eq!(fallback_for('★'), Some(0));
        assert_eq!(fallback_for('😀'), Some(1));
        assert_eq!(fallback_for('\u{10FFFD}'), None);
        assert!(crate::fontkit::coverage(b"not a font").is_none());
    }

    #[test]
    fn each_uncovered_char_is_reported_once_per_file_at_its_first_place() {
        let mut b = Book::new();
        let f = b.file("a.md", "# T\n\nSmile 😀 \u{10FFFD} and \u{10FFFD} again\n");
        let p = b.para(f, "Smile 😀 \u{10FFFD} and \u{10FFFD} again");
        b.chapter(f, "T", vec![p]);
        let d = b.lint();
        assert_eq!(b.codes(), ["a.md:3:9 GB210"]);
        assert!(d[0].message.contains("U+10FFFD"), "{}", d[0].message);
        assert!(d[0].help.as_deref().unwrap_or("").contains('▯'));
        assert_eq!(b.sources.slice(d[0].span.unwrap()), "\u{10FFFD}");
    }
}
