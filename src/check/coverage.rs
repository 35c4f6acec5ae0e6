//! Characters no theme font can draw (GB210). Each distinct font file's cmap is read once (with
//! allsorts) into a set of code points; every character of the text the book prints (titles,
//! headings, paragraphs, list items, sayings, tables, captions, code, footnotes) is looked up
//! in the union, because the PDF engine falls back from one theme font to another per character.
//! Markers the theme draws (✔, ❌) are not in the text — the parser removed them.

use super::{chapter_blocks, chapter_inline_runs, first_line, slice, walk_inlines};
use crate::diag::{Diagnostic, FileId, Sources, Span};
use crate::fonts::{FontFile, FontFiles};
use crate::manuscript::Manuscript;
use crate::model::{BlockKind, Document, InlineKind};
use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::tables::cmap::Cmap;
use allsorts::tables::FontTableProvider;
use allsorts::tag;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, OnceLock};

/// The code points a font maps to a real glyph, or `None` when its cmap cannot be read.
pub(crate) fn cmap_chars(bytes: &[u8]) -> Option<BTreeSet<u32>> {
    let font = ReadScope::new(bytes).read::<FontData<'_>>().ok()?;
    let provider = font.table_provider(0).ok()?;
    let data = provider.read_table_data(tag::CMAP).ok()?;
    let cmap = ReadScope::new(&data).read::<Cmap<'_>>().ok()?;
    let (_, sub) = allsorts::font::read_cmap_subtable(&cmap).ok()??;
    let mut set = BTreeSet::new();
    sub.mappings_fn(|ch, gid| {
        if gid != 0 {
            set.insert(ch);
        }
    })
    .ok()?;
    Some(set)
}

/// The cmap of a font file, read once per process for the built-in (`'static`) fonts.
fn cached_cmap(file: &FontFile) -> Option<Arc<BTreeSet<u32>>> {
    type Cache = Mutex<BTreeMap<(usize, usize), Option<Arc<BTreeSet<u32>>>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let Cow::Borrowed(b) = &file.bytes else {
        return cmap_chars(&file.bytes).map(Arc::new);
    };
    // A 'static slice never moves or changes: its address and length identify it.
    let key = (b.as_ptr() as usize, b.len());
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return hit;
    }
    let set = cmap_chars(b).map(Arc::new);
    if let Ok(mut c) = cache.lock() {
        c.insert(key, set.clone());
    }
    set
}

/// The code points each theme font draws (one set per distinct file); `None` when no font
/// could be read at all (then the rule stays silent rather than flag every character).
pub(crate) fn font_coverage(fonts: &FontFiles) -> Option<Vec<Arc<BTreeSet<u32>>>> {
    let sets: Vec<_> = fonts
        .distinct()
        .into_iter()
        .filter_map(|(file, _)| cached_cmap(file))
        .collect();
    (!sets.is_empty()).then_some(sets)
}

/// Characters that are never drawn, so need no glyph: whitespace, controls, and Unicode's
/// default-ignorable code points (joiners, variation selectors, bidi marks, soft hyphen).
fn ignorable(c: char) -> bool {
    let u = c as u32;
    c.is_whitespace()
        || c.is_control()
        || matches!(u,
            0xAD | 0x34F | 0x61C | 0x115F..=0x1160 | 0x17B4..=0x17B5 | 0x180B..=0x180F
            | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
            | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF)
}

pub(super) fn check(doc: &Document, ms: &Manuscript, out: &mut Vec<Diagnostic>) {
    let Some(sets) = font_coverage(&ms.fonts) else {
        return;
    };
    let covered = |c: char| sets.iter().any(|s| s.contains(&(c as u32)));
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
    for ((_, c), span) in first {
        out.push(
            Diagnostic::warning(
                "GB210",
                format!("no theme font can draw `{c}` (U+{:04X})", c as u32),
            )
            .at(span)
            .help(
                "it would print as an empty box: replace it, or name a font that has it in \
                 `[theme.fonts]` in guide.toml",
            ),
        );
    }
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
    fn built_in_fonts_cover_the_guide_but_not_emoji() {
        let sets = font_coverage(&FontFiles::default_set()).unwrap();
        assert_eq!(sets.len(), 7);
        let covered = |c: char| sets.iter().any(|s| s.contains(&(c as u32)));
        for c in "Aa’“”—–…é".chars() {
            assert!(covered(c), "{c}");
        }
        assert!(!covered('😀'));
        assert!(cmap_chars(b"not a font").is_none());
    }

    #[test]
    fn each_uncovered_char_is_reported_once_per_file_at_its_first_place() {
        let mut b = Book::new();
        let f = b.file("a.md", "# T\n\nSmile 😀 and 😀 again\n");
        let p = b.para(f, "Smile 😀 and 😀 again");
        b.chapter(f, "T", vec![p]);
        let d = b.lint();
        assert_eq!(b.codes(), ["a.md:3:7 GB210"]);
        assert!(d[0].message.contains("U+1F600"), "{}", d[0].message);
        assert_eq!(b.sources.slice(d[0].span.unwrap()), "😀");
    }
}
