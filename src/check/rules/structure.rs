//! Rules about the book's structure: skipped heading levels (GB204), numbered headings out of
//! sequence (GB205), chapters with no content (GB207), duplicate heading ids (GB208) and internal
//! links to ids that do not exist (GB209).

use crate::check::{chapter_blocks, chapter_inline_runs, first_line, slice, walk_inlines};
use crate::diag::{Diagnostic, Sources, Span};
use crate::model::{plain_text, BlockKind, Chapter, Document, InlineKind, LinkTarget};
use std::collections::BTreeMap;

pub(in crate::check) fn check(doc: &Document, src: &Sources) -> Vec<Diagnostic> {
    let chapter_steps: Vec<(u32, Span)> = doc
        .chapters
        .iter()
        .filter_map(|ch| Some((step_number(&ch.title_text)?, number_span(src, ch.span))))
        .collect();
    let mut out = sequence(&chapter_steps);
    for ch in &doc.chapters {
        out.extend(heading_levels(ch, src));
        out.extend(heading_steps(ch, src));
        if !ch
            .blocks
            .iter()
            .any(|b| !matches!(b.kind, BlockKind::Heading { .. } | BlockKind::ThematicBreak))
        {
            out.push(
                Diagnostic::warning(
                    "GB207",
                    format!("the chapter “{}” has no content", ch.title_text.trim()),
                )
                .at(first_line(src, ch.span))
                .help("write the chapter's text, or remove the chapter"),
            );
        }
    }
    out.extend(duplicate_ids(doc, src));
    out.extend(broken_links(doc, src));
    out
}

/// The level of the heading a span starts with (`#`…`######`, or a setext underline).
fn source_heading_level(src: &Sources, span: Span) -> Option<u8> {
    let text = slice(src, span);
    let line = text.split('\n').next().unwrap_or("");
    let t = line.trim_start_matches(' ');
    let hashes = t.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) && t[hashes..].chars().next().is_none_or(char::is_whitespace) {
        return Some(hashes as u8);
    }
    let file = &src.get(span.file).text;
    let next = file[span.start + line.len()..].split('\n').nth(1)?.trim();
    if !next.is_empty() && next.chars().all(|c| c == '=') {
        Some(1)
    } else if !next.is_empty() && next.chars().all(|c| c == '-') && !line.trim().is_empty() {
        Some(2)
    } else {
        None
    }
}

fn heading_levels(ch: &Chapter, src: &Sources) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut prev = source_heading_level(src, ch.span);
    for b in &ch.blocks {
        let BlockKind::Heading { level, .. } = b.kind else {
            continue;
        };
        if let Some(p) = prev {
            if level > p + 1 {
                let hashes = |n: u8| "#".repeat(n as usize);
                out.push(
                    Diagnostic::warning(
                        "GB204",
                        format!(
                            "heading level skipped: a level-{level} heading follows a level-{p} one"
                        ),
                    )
                    .at(first_line(src, b.span))
                    .help(format!(
                        "use `{}` here (or add the missing `{}` heading above it)",
                        hashes(p + 1),
                        hashes(p + 1)
                    )),
                );
            }
        }
        prev = Some(level);
    }
    out
}

/// The step number a heading starts with: `3. …`, `3) …` or `Step 3 …` (up to 999).
pub(crate) fn step_number(title: &str) -> Option<u32> {
    let t = title.trim_start();
    let (digits_at, is_step) = match t.get(..5) {
        Some(w) if w.eq_ignore_ascii_case("step ") => (5, true),
        _ => (0, false),
    };
    let rest = &t[digits_at..];
    let n_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    if n_len == 0 || n_len > 3 {
        return None;
    }
    let n: u32 = rest[..n_len].parse().ok()?;
    let after = &rest[n_len..];
    let ok = if is_step {
        !after.starts_with(|c: char| c.is_alphanumeric())
    } else {
        let mut c = after.chars();
        matches!(c.next(), Some('.' | ')')) && c.next().is_none_or(char::is_whitespace)
    };
    ok.then_some(n)
}

/// The span of the number in a heading's first line, or the whole first line.
fn number_span(src: &Sources, span: Span) -> Span {
    let line = first_line(src, span);
    let text = slice(src, line);
    let start = text.find(|c: char| c.is_ascii_digit());
    match start {
        Some(s) => {
            let len = text[s..].bytes().take_while(u8::is_ascii_digit).count();
            let end = match text[s + len..].chars().next() {
                Some(c @ ('.' | ')')) => s + len + c.len_utf8(),
                _ => s + len,
            };
            Span::new(span.file, line.start + s, line.start + end)
        }
        None => line,
    }
}

/// Numbered headings below the chapter title, grouped by level and parent heading.
fn heading_steps(ch: &Chapter, src: &Sources) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut open: BTreeMap<u8, Vec<(u32, Span)>> = BTreeMap::new();
    for b in &ch.blocks {
        if let BlockKind::Heading { level, content, .. } = &b.kind {
            for (_, seq) in open.split_off(&(level + 1)) {
                out.extend(sequence(&seq));
            }
            if let Some(n) = step_number(&plain_text(content)) {
                open.entry(*level)
                    .or_default()
                    .push((n, number_span(src, b.span)));
            }
        }
    }
    for seq in open.values() {
        out.extend(sequence(seq));
    }
    out
}

/// Reports gaps, repeats and out-of-order numbers in one run of numbered headings.
fn sequence(steps: &[(u32, Span)]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if steps.len() < 2 {
        return out;
    }
    let all: Vec<u32> = steps.iter().map(|s| s.0).collect();
    let renumber = "number the steps 1, 2, 3, … in reading order";
    if all[0] > 1 {
        let missing = (1..all[0]).filter(|n| !all.contains(n)).count();
        if missing > 0 {
            out.push(
                Diagnostic::warning(
                    "GB205",
                    format!("numbered headings start at {}, not 1", all[0]),
                )
                .at(steps[0].1)
                .help(renumber),
            );
        }
    }
    let mut highest = all[0];
    for (i, &(n, span)) in steps.iter().enumerate().skip(1) {
        let (message, help) = if all[..i].contains(&n) {
            (format!("step {n} is numbered twice"), renumber.to_string())
        } else if n < highest {
            (
                format!("step {n} comes after step {highest}"),
                "put the steps in order".to_string(),
            )
        } else if n > highest + 1 {
            let gap: Vec<u32> = (highest + 1..n).collect();
            let later = gap.iter().all(|g| all[i..].contains(g));
            let list = gap
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            let help = if later {
                format!("step {list} comes later; put the steps in order")
            } else {
                format!("step {list} is missing; add it or renumber the steps")
            };
            (format!("step {n} follows step {highest}"), help)
        } else {
            highest = n;
            continue;
        };
        highest = highest.max(n);
        out.push(Diagnostic::warning("GB205", message).at(span).help(help));
    }
    out
}

/// Two headings whose ids are the same in the model: the EPUB would have duplicate XML ids and
/// a link could reach only one of them. (The parser renames a repeated explicit `{#id}` and
/// reports it as GB105, so this fires only when a model still has a clash.)
fn duplicate_ids(doc: &Document, src: &Sources) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
    for ch in &doc.chapters {
        let mut headings = vec![(ch.heading_id.as_str(), ch.span)];
        for b in chapter_blocks(ch) {
            if let BlockKind::Heading { id, .. } = &b.kind {
                headings.push((id.as_str(), b.span));
            }
        }
        for (id, span) in headings {
            if id.is_empty() {
                continue;
            }
            match seen.get(id) {
                Some(first) => out.push(
                    Diagnostic::error(
                        "GB208",
                        format!(
                            "the id `{id}` is already used by the heading at {}",
                            src.location(*first)
                        ),
                    )
                    .at(first_line(src, span))
                    .help(format!(
                        "give one of the two headings another `{{#id}}`: a link to `#{id}` can reach only one"
                    )),
                ),
                None => {
                    seen.insert(id, span);
                }
            }
        }
    }
    out
}

fn broken_links(doc: &Document, src: &Sources) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut known: Vec<String> = Vec::new();
    for ch in &doc.chapters {
        known.push(ch.heading_id.clone());
        for b in chapter_blocks(ch) {
            if let BlockKind::Heading { id, .. } = &b.kind {
                known.push(id.clone());
            }
        }
    }
    known.sort();
    known.dedup();
    let known_refs: Vec<&str> = known.iter().map(String::as_str).collect();
    // One suggestion per distinct broken id (edit distances are not free on a big book).
    let mut suggestions: BTreeMap<&str, Option<&str>> = BTreeMap::new();
    for ch in &doc.chapters {
        for run in chapter_inline_runs(ch) {
            walk_inlines(run, &mut |inl| {
                if let InlineKind::Link {
                    target: LinkTarget::Internal { id, chapter: None },
                    ..
                } = &inl.kind
                {
                    let near = suggestions
                        .entry(id.as_str())
                        .or_insert_with(|| crate::config::nearest(id, &known_refs));
                    let help = match near {
                        Some(near) => format!("did you mean `#{near}`?"),
                        None => format!("add `{{#{id}}}` to the heading you mean, or fix the link"),
                    };
                    out.push(
                        Diagnostic::error(
                            "GB209",
                            format!("this link goes to `#{id}`, but no heading has that id"),
                        )
                        .at(first_line(src, inl.span))
                        .help(help),
                    );
                }
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testkit::Book;
    use crate::model::{Block, Inline};

    #[test]
    fn step_numbers_are_recognised() {
        assert_eq!(step_number("1. Acknowledge the Hurt"), Some(1));
        assert_eq!(step_number("10) Create"), Some(10));
        assert_eq!(step_number("Step 4: Offer"), Some(4));
        assert_eq!(step_number("1.5 ways"), None);
        assert_eq!(step_number("2024. A year"), None);
        assert_eq!(step_number("Introduction"), None);
        assert_eq!(step_number("Steps 4"), None);
    }

    fn steps_book(titles: &[&str]) -> Book {
        let mut b = Book::new();
        for (i, t) in titles.iter().enumerate() {
            let f = b.file(&format!("{i:02}.md"), &format!("# {t}\n\nText.\n"));
            let p = b.para(f, "Text.");
            b.chapter(f, t, vec![p]);
        }
        b
    }

    #[test]
    fn gaps_repeats_and_disorder_are_reported_once_each() {
        let b = steps_book(&[
            "Intro",
            "1. A",
            "2. B",
            "4. D",
            "3. C",
            "3. C again",
            "5. E",
        ]);
        let d = b.lint();
        let msgs: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "step 4 follows step 2",
                "step 3 comes after step 4",
                "step 3 is numbered twice"
            ]
        );
        assert_eq!(b.codes()[0], "03.md:1:3 GB205");
        assert!(d[0].help.as_deref().unwrap().contains("comes later"));
        assert!(steps_book(&["1. A", "2. B", "3. C", "Final"])
            .lint()
            .is_empty());
        let missing = steps_book(&["2. B", "3. C"]).lint();
        assert_eq!(missing[0].message, "numbered headings start at 2, not 1");
    }

    #[test]
    fn skipped_levels_count_the_chapter_title() {
        let mut b = Book::new();
        let f = b.file("a.md", "# T\n\n### Deep\n\nText.\n\n## Ok\n\n### Fine\n");
        let blocks = vec![
            b.heading(f, "### Deep", "deep"),
            b.para(f, "Text."),
            b.heading(f, "## Ok", "ok"),
            b.heading(f, "### Fine", "fine"),
        ];
        b.chapter(f, "T", blocks);
        assert_eq!(b.codes(), ["a.md:3:1 GB204"]);
    }

    #[test]
    fn empty_chapters_and_duplicate_model_ids() {
        let mut b = Book::new();
        let f = b.file("a.md", "# T\n\n## One {#same}\n\nx\n\n## Two {#same}\n");
        let g = b.file("b.md", "# Empty\n");
        let blocks = vec![
            b.heading(f, "## One {#same}", "same"),
            b.para(f, "x"),
            b.heading(f, "## Two {#same}", "same"),
        ];
        b.chapter(f, "T", blocks);
        b.chapter(g, "Empty", vec![]);
        assert_eq!(b.codes(), ["a.md:7:1 GB208", "b.md:1:1 GB207"]);
        let d = b.lint();
        assert_eq!(b.sources.slice(d[0].span.unwrap()), "## Two {#same}");
        assert!(d[0].message.contains("a.md:3:1"), "{}", d[0].message);
    }

    #[test]
    fn internal_links_to_missing_ids_are_errors_with_a_suggestion() {
        let mut b = Book::new();
        let f = b.file("a.md", "# T\n\n## Tips\n\nSee [tips](#tip) and [t](#t).\n");
        let link = |b: &Book, needle: &str, id: &str, ch: Option<usize>| Inline {
            kind: InlineKind::Link {
                target: LinkTarget::Internal {
                    id: id.into(),
                    chapter: ch,
                },
                title: String::new(),
                content: vec![],
            },
            span: b.find(f, needle),
        };
        let para = Block {
            kind: BlockKind::Paragraph(vec![
                link(&b, "[tips](#tip)", "tip", None),
                link(&b, "[t](#t)", "t", Some(0)),
            ]),
            span: b.find(f, "See"),
        };
        let blocks = vec![b.heading(f, "## Tips", "tips"), para];
        b.chapter(f, "T", blocks);
        let d = b.lint();
        assert_eq!(b.codes(), ["a.md:5:5 GB209"]);
        assert_eq!(d[0].help.as_deref(), Some("did you mean `#tips`?"));
    }
}
