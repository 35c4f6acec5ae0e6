//! Cutting files into chapters. Each top-level `#` heading starts a chapter; content before the
//! first one (if any) is a chapter titled by the file's front matter `title` or its humanised
//! file name — except in the book's first file, where it is the book's *opening* (an untitled
//! chapter, see [`split`]) when the file goes on with chapter headings or when that title would
//! only repeat the book's. One more exception, for a single-file book whose title comes from
//! its only `#` heading: that heading is the book's title, so its `##` headings become the
//! chapters (see [`single_title_mode`]).

use crate::diag::{FileId, Span};
use crate::model::{plain_text, Block, BlockKind, Inline};
use crate::parse::walk;

/// A chapter before ids, footnotes and links are settled.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Draft {
    pub file: FileId,
    pub title: Vec<Inline>,
    pub title_text: String,
    /// `{#id}` written on the chapter heading (empty if none).
    pub explicit_id: String,
    pub span: Span,
    pub blocks: Vec<Block>,
    /// The book's opening: no heading of its own, titled by the book's title.
    pub untitled: bool,
}

/// What to call a chapter made of the content before a file's first chapter heading.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PreambleTitle {
    pub title: Vec<Inline>,
    pub explicit_id: String,
    pub span: Span,
}

/// "02-take_responsibility" → "Take responsibility"; the stem itself when nothing is left.
pub fn humanise_stem(stem: &str) -> String {
    let words: Vec<&str> = stem
        .trim_start_matches(|c: char| c.is_ascii_digit() || "-_. ".contains(c))
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .collect();
    let mut s = words.join(" ");
    if s.is_empty() {
        return stem.to_string();
    }
    if let Some(first) = s.chars().next() {
        let upper: String = first.to_uppercase().collect();
        s.replace_range(..first.len_utf8(), &upper);
    }
    s
}

/// The top-level headings of a file at `level`.
pub(crate) fn count_headings(blocks: &[Block], level: u8) -> usize {
    blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Heading { level: l, .. } if l == level))
        .count()
}

/// Whether a single-file book uses its only `#` heading as the book title and its `##`
/// headings as chapters: when the book has one file, no title in `guide.toml` or front
/// matter, exactly one top-level `#` heading and at least one top-level `##` heading. (Without
/// `##` headings the `#` heading simply titles the one chapter, as usual.)
pub(crate) fn single_title_mode(files: usize, title_given: bool, blocks: &[Block]) -> bool {
    files == 1 && !title_given && count_headings(blocks, 1) == 1 && count_headings(blocks, 2) > 0
}

/// Cuts one file's blocks into chapters at top-level headings of `level`. Blocks before the
/// first such heading become a chapter titled by `preamble` (dropped when there are none).
///
/// `book_title` is given for the book's first file only. There the blocks before the first
/// heading are the book's opening — an untitled chapter (`untitled: true`) whose title is the
/// book's, for running heads — when the file has chapter headings after them (a foreword
/// before "# Step 1") or when `preamble` would just repeat the book's title (a file whose
/// front matter `title` is the book's). Otherwise, a file with no heading is titled by
/// `preamble` as in every other file ("00-introduction.md" → "Introduction").
pub(crate) fn split(
    file: FileId,
    blocks: Vec<Block>,
    level: u8,
    preamble: PreambleTitle,
    book_title: Option<&str>,
) -> Vec<Draft> {
    let mut drafts: Vec<Draft> = Vec::new();
    let mut current: Option<Draft> = None;
    let mut before: Vec<Block> = Vec::new();
    for b in blocks {
        match b.kind {
            BlockKind::Heading {
                level: l,
                id,
                content,
            } if l == level => {
                drafts.extend(current.take());
                // An empty heading (`#` alone) still needs a title for the contents.
                let title = if plain_text(&content).trim().is_empty() {
                    preamble.title.clone()
                } else {
                    content
                };
                current = Some(Draft {
                    file,
                    title_text: plain_text(&title).trim().to_string(),
                    title,
                    explicit_id: id,
                    span: b.span,
                    blocks: Vec::new(),
                    untitled: false,
                });
            }
            _ => match &mut current {
                Some(d) => d.blocks.push(b),
                None => before.push(b),
            },
        }
    }
    drafts.extend(current);
    if !before.is_empty() {
        let title_text = plain_text(&preamble.title).trim().to_string();
        let opening = book_title.filter(|book| {
            !drafts.is_empty() || title_text.to_lowercase() == book.trim().to_lowercase()
        });
        let draft = match opening {
            Some(book) => Draft {
                file,
                title: vec![Inline::text(book.trim(), preamble.span)],
                title_text: book.trim().to_string(),
                explicit_id: preamble.explicit_id,
                span: preamble.span,
                blocks: before,
                untitled: true,
            },
            None => Draft {
                file,
                title_text,
                title: preamble.title,
                explicit_id: preamble.explicit_id,
                span: preamble.span,
                blocks: before,
                untitled: false,
            },
        };
        drafts.insert(0, draft);
    }
    drafts
}

/// In single-title mode, after splitting: raises the headings inside a chapter one level
/// (`###` → level 2) so levels stay consecutive under the chapter title.
pub(crate) fn raise_headings(blocks: &mut [Block]) {
    walk::all_blocks(blocks, &mut |b| {
        if let BlockKind::Heading { level, .. } = &mut b.kind {
            if *level >= 3 {
                *level -= 1;
            }
        }
    });
}

/// In single-title mode: removes the top-level `#` heading, returning it as the preamble title.
pub(crate) fn take_title_heading(blocks: &mut Vec<Block>) -> Option<PreambleTitle> {
    let at = blocks
        .iter()
        .position(|b| matches!(b.kind, BlockKind::Heading { level: 1, .. }))?;
    let b = blocks.remove(at);
    match b.kind {
        BlockKind::Heading { id, content, .. } => Some(PreambleTitle {
            title: content,
            explicit_id: id,
            span: b.span,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_humanised() {
        assert_eq!(
            humanise_stem("02-take_responsibility"),
            "Take responsibility"
        );
        assert_eq!(humanise_stem("intro"), "Intro");
        assert_eq!(humanise_stem("01"), "01");
        assert_eq!(humanise_stem("éclair"), "Éclair");
    }
}
