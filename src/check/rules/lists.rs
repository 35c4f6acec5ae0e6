//! Rules about the semantic lists and sayings: a check/avoid list item without the list's marker
//! (GB201, fixable), a list that mixes check and avoid markers (GB202), and a sayings lead-in
//! (“Avoid saying:”, “Try:” …) with no saying after it (GB203); and, when the author turns it
//! on with `[check] avoid_needs_try = true`, phrases to avoid with no phrases to try right after
//! them (GB211).

use crate::check::{chapter_blocks, first_line, slice};
use crate::diag::{Diagnostic, Sources, Span};
use crate::model::{
    plain_text, Block, BlockKind, Document, List, ListItem, ListKind, Marker, SayingKind,
};

pub(in crate::check) fn check(doc: &Document, src: &Sources, words: &[String]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for ch in &doc.chapters {
        if !ch.untitled {
            out.extend(blank_in_heading(
                &plain_text(&ch.title),
                first_line(src, ch.span),
            ));
        }
        for b in chapter_blocks(ch) {
            match &b.kind {
                BlockKind::Heading { content, .. } => {
                    out.extend(blank_in_heading(
                        &plain_text(content),
                        first_line(src, b.span),
                    ));
                }
                BlockKind::List(l) if matches!(l.kind, ListKind::Check | ListKind::Avoid) => {
                    out.extend(marked_list(l, src))
                }
                BlockKind::Paragraph(content) => {
                    let text = plain_text(content);
                    if let Some(kind) = saying_lead_kind(&text) {
                        out.push(empty_lead(text.trim(), kind, first_line(src, b.span)));
                    } else if crate::parse::is_reflection_lead_in(&text, words) {
                        // (a lead-in with its questions after it is the list's, never a paragraph)
                        out.push(empty_prompt(text.trim(), first_line(src, b.span)));
                    }
                }
                BlockKind::Sayings(s) if s.items.is_empty() => {
                    let (text, span) = match &s.lead {
                        Some(l) => (plain_text(&l.content), l.span),
                        None => (String::new(), b.span),
                    };
                    out.push(empty_lead(text.trim(), s.kind, first_line(src, span)));
                }
                _ => {}
            }
        }
    }
    out
}

/// GB211 (`[check] avoid_needs_try`): a block of phrases to avoid whose next block, in the same
/// sequence of blocks (chapter body, quote, list item, footnote), is not a block of phrases to
/// try. Empty sayings blocks are left to GB203.
pub(in crate::check) fn avoid_needs_try(doc: &Document, src: &Sources) -> Vec<Diagnostic> {
    fn sequence(blocks: &[Block], src: &Sources) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (i, b) in blocks.iter().enumerate() {
            match &b.kind {
                BlockKind::Sayings(s) if s.kind == SayingKind::Avoid && !s.items.is_empty() => {
                    let answered = matches!(
                        blocks.get(i + 1).map(|n| &n.kind),
                        Some(BlockKind::Sayings(t)) if t.kind == SayingKind::Try
                    );
                    if !answered {
                        let (lead, span) = match &s.lead {
                            Some(l) => (plain_text(&l.content).trim().to_string(), l.span),
                            None => (String::new(), b.span),
                        };
                        let what = if lead.is_empty() {
                            "these phrases to avoid".to_string()
                        } else {
                            format!("the phrases after “{lead}”")
                        };
                        out.push(
                            Diagnostic::warning(
                                "GB211",
                                format!("{what} are not followed by phrases to try"),
                            )
                            .at(first_line(src, span))
                            .help(
                                "right after them, add what to say instead (“Instead, try:” and the phrases), \
                                 or set `avoid_needs_try = false` in guide.toml's [check]",
                            ),
                        );
                    }
                }
                BlockKind::List(l) => l
                    .items
                    .iter()
                    .for_each(|it| out.extend(sequence(&it.blocks, src))),
                BlockKind::BlockQuote(inner) => out.extend(sequence(inner, src)),
                _ => {}
            }
        }
        out
    }
    doc.chapters
        .iter()
        .flat_map(|ch| {
            let footnotes = ch.footnotes.iter().flat_map(|f| sequence(&f.blocks, src));
            sequence(&ch.blocks, src).into_iter().chain(footnotes)
        })
        .collect()
}

fn empty_lead(text: &str, kind: SayingKind, span: Span) -> Diagnostic {
    let what = match kind {
        SayingKind::Avoid => "phrases to avoid",
        SayingKind::Try => "phrases to try",
    };
    Diagnostic::warning(
        "GB203",
        format!("“{text}” introduces {what}, but no quoted phrase follows it"),
    )
    .at(span)
    .help(
        "put the phrases right after it as quotations (`> “…”` or `- “…”`), or reword the lead-in",
    )
}

/// GB214: a reflection lead-in with no questions after it.
/// GB215: a heading with a fill-in blank (`## My goal: ____`). A heading names a part of
/// the book; it is not a place to write (the blank stays underscores there, and the
/// fillable PDF puts no field in it).
fn blank_in_heading(text: &str, span: Span) -> Option<Diagnostic> {
    crate::parse::holds_blank(text).then(|| {
        Diagnostic::warning(
            "GB215",
            format!("the heading “{}” has a fill-in blank; a heading is not a place to write", text.trim()),
        )
        .at(span)
        .help("move the blank into a paragraph under the heading (`My goal: ____`), or put them in backticks (`` `____` ``) if they are meant as text")
    })
}

fn empty_prompt(text: &str, span: Span) -> Diagnostic {
    Diagnostic::warning(
        "GB214",
        format!("“{text}” introduces questions to answer in writing, but no list of questions follows it"),
    )
    .at(span)
    .help("put the questions right after it as a list (`- What hurt the most?`), or reword the lead-in")
}

/// The kind of sayings a paragraph introduces: it ends in ":" and its wording is one of the
/// parser's known lead-ins ([`crate::parse::saying_lead_kind`], the one phrase table).
pub(crate) fn saying_lead_kind(text: &str) -> Option<SayingKind> {
    let t = text.trim_end();
    if !t.ends_with([':', '：']) {
        return None;
    }
    crate::parse::saying_lead_kind(t)
}

/// Byte offset where an item's text starts: after indentation, the list marker (`-`, `*`, `+`,
/// `1.`, `1)`) and the spaces after it. `None` when the source does not look like an item.
pub(crate) fn item_text_start(src: &Sources, span: Span) -> Option<usize> {
    let text = slice(src, span);
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    match b.get(i) {
        Some(b'-' | b'*' | b'+') => i += 1,
        Some(c) if c.is_ascii_digit() => {
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if !matches!(b.get(i), Some(b'.' | b')')) {
                return None;
            }
            i += 1;
        }
        _ => return None,
    }
    if !matches!(b.get(i), None | Some(b' ' | b'\t' | b'\n' | b'\r')) {
        return None;
    }
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    Some(span.start + i)
}

/// The marker exactly as the author typed it at `at` (`✔`, `✔️`, `[x]`), if it is there.
fn typed_marker(src: &Sources, file: usize, at: usize, marker: Marker) -> Option<Span> {
    let text = &src.get(file).text.get(at..)?;
    let c = match marker {
        Marker::Check(c) | Marker::Avoid(c) => c,
        Marker::TaskOpen => return None,
    };
    let len = if matches!(c, 'x' | 'X') {
        let lower = text.get(..3)?.to_ascii_lowercase();
        (lower == "[x]").then_some(3)?
    } else if text.starts_with(c) {
        // Keep a variation selector typed after the glyph (✔️).
        c.len_utf8()
            + text[c.len_utf8()..]
                .chars()
                .take_while(|&v| matches!(v, '\u{FE0E}' | '\u{FE0F}'))
                .map(char::len_utf8)
                .sum::<usize>()
    } else {
        return None;
    };
    Some(Span::new(file, at, at + len))
}

fn same_kind(list: ListKind, m: Option<Marker>) -> bool {
    matches!(
        (list, m),
        (ListKind::Check, Some(Marker::Check(_))) | (ListKind::Avoid, Some(Marker::Avoid(_)))
    )
}

/// The marker most of the list's items use, as typed (ties go to the first one written).
fn majority_marker(l: &List, src: &Sources) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for it in l.items.iter().filter(|it| same_kind(l.kind, it.marker)) {
        let marker = it.marker?;
        let typed = item_text_start(src, it.span)
            .and_then(|at| typed_marker(src, it.span.file, at, marker))
            .map(|s| slice(src, s).to_string())
            .unwrap_or_else(|| match marker {
                Marker::Check(c @ ('x' | 'X')) => format!("[{c}]"),
                Marker::Check(c) | Marker::Avoid(c) => c.to_string(),
                Marker::TaskOpen => "[ ]".to_string(),
            });
        match counts.iter_mut().find(|(t, _)| *t == typed) {
            Some((_, n)) => *n += 1,
            None => counts.push((typed, 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(t, _)| t)
}

fn marked_list(l: &List, src: &Sources) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let (kind_name, other_name) = match l.kind {
        ListKind::Check => ("check", "an avoid"),
        _ => ("avoid", "a check"),
    };
    let glyph = majority_marker(l, src);
    for it in &l.items {
        match it.marker {
            None => out.push(missing_marker(it, kind_name, glyph.as_deref(), src)),
            Some(m @ (Marker::Check(_) | Marker::Avoid(_))) if !same_kind(l.kind, Some(m)) => {
                let at = item_text_start(src, it.span);
                let span = at
                    .and_then(|a| typed_marker(src, it.span.file, a, m))
                    .unwrap_or_else(|| first_line(src, it.span));
                let shown = slice(src, span);
                out.push(
                    Diagnostic::warning(
                        "GB202",
                        format!("this {kind_name} list has {other_name} item: it mixes ✔ and ❌ markers"),
                    )
                    .at(span)
                    .help(format!(
                        "split it into a list of things to do (✔) and one of things to avoid (❌){}",
                        if shown.is_empty() { String::new() } else { format!(", or change `{shown}`") }
                    )),
                );
            }
            _ => {}
        }
    }
    out
}

fn missing_marker(it: &ListItem, kind: &str, glyph: Option<&str>, src: &Sources) -> Diagnostic {
    let shown = glyph.unwrap_or(if kind == "check" { "✔" } else { "❌" });
    let at = item_text_start(src, it.span);
    let span = match at {
        Some(a) => {
            // The item's first words, even when they start on the next line.
            let rest = slice(src, Span::new(it.span.file, a, it.span.end.max(a)));
            let words = a + rest.len() - rest.trim_start().len();
            first_line(src, Span::new(it.span.file, words, it.span.end.max(words)))
        }
        None => first_line(src, it.span),
    };
    let d = Diagnostic::warning(
        "GB201",
        format!("this item of a {kind} list has no `{shown}` marker, unlike the others"),
    )
    .at(span)
    .help(format!(
        "start it with `{shown} ` like the rest of the list, or move it out of the list"
    ));
    // Only when the item's text starts on the marker's line: inserting before an empty first
    // line (an item that opens with a code block, say) would change the structure.
    let text_follows = |a: usize| {
        let rest = &src.get(it.span.file).text[a..];
        !rest.is_empty() && !rest.starts_with(['\n', '\r'])
    };
    match (at, glyph) {
        (Some(a), Some(g)) if text_follows(a) => {
            d.with_fix(Span::new(it.span.file, a, a), format!("{g} "))
        }
        _ => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testkit::Book;

    #[test]
    fn lead_in_table_matches_whole_phrases_only() {
        assert_eq!(saying_lead_kind("Avoid saying:"), Some(SayingKind::Avoid));
        assert_eq!(saying_lead_kind("Instead, try:"), Some(SayingKind::Try));
        assert_eq!(saying_lead_kind("Don’t  say :"), Some(SayingKind::Avoid));
        assert_eq!(saying_lead_kind("Say"), None);
        assert_eq!(saying_lead_kind("Then ask:"), Some(SayingKind::Try));
        assert_eq!(saying_lead_kind("Let them share:"), None);
    }

    #[test]
    fn item_text_start_skips_the_list_marker() {
        let mut s = Sources::default();
        let f = s.add("a.md", "  - ✔ a\n12) b\nplain\n");
        assert_eq!(item_text_start(&s, Span::new(f, 0, 9)), Some(4));
        assert_eq!(item_text_start(&s, Span::new(f, 10, 15)), Some(14));
        assert_eq!(item_text_start(&s, Span::new(f, 16, 21)), None);
    }

    #[test]
    fn missing_marker_is_reported_with_the_majority_glyph_as_fix() {
        let mut b = Book::new();
        let text = "# T\n\n- ✔ honesty\n- empathy\n- ✔ growth\n";
        let f = b.file("a.md", text);
        let list = b.list(
            f,
            ListKind::Check,
            &["- ✔ honesty", "- empathy", "- ✔ growth"],
        );
        b.chapter(f, "T", vec![list]);
        let d = b.lint();
        assert_eq!(b.codes(), ["a.md:4:3 GB201"]);
        assert_eq!(b.sources.slice(d[0].span.unwrap()), "empathy");
        let fix = d[0].fix.clone().unwrap();
        assert_eq!(
            (fix.span.start, fix.span.end),
            (text.find("empathy").unwrap(), fix.span.start)
        );
        assert_eq!(fix.replacement, "✔ ");
    }

    #[test]
    fn task_style_check_lists_get_a_task_box_fix() {
        let mut b = Book::new();
        let f = b.file("a.md", "# T\n\n- [x] one\n- [x] two\n- three\n");
        let list = b.list(f, ListKind::Check, &["- [x] one", "- [x] two", "- three"]);
        b.chapter(f, "T", vec![list]);
        assert_eq!(b.lint()[0].fix.as_ref().unwrap().replacement, "[x] ");
    }

    #[test]
    fn mixed_markers_point_at_the_odd_marker() {
        let mut b = Book::new();
        let f = b.file("a.md", "# T\n\n- ❌ one\n- ❌ two\n- ✔ three\n");
        let list = b.list(f, ListKind::Avoid, &["- ❌ one", "- ❌ two", "- ✔ three"]);
        b.chapter(f, "T", vec![list]);
        let d = b.lint();
        assert_eq!(b.codes(), ["a.md:5:3 GB202"]);
        assert_eq!(b.sources.slice(d[0].span.unwrap()), "✔");
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn a_blank_in_a_heading_is_reported_and_one_in_a_paragraph_is_not() {
        let mut b = Book::new();
        let f = b.file(
            "a.md",
            "# T\n\n## My goal: ____\n\nMy promise: ____\n\n## snake_case\n",
        );
        let blocks = vec![
            b.heading(f, "## My goal: ____", "my-goal"),
            b.para(f, "My promise: ____"),
            b.heading(f, "## snake_case", "snake-case"),
        ];
        b.chapter(f, "T", blocks);
        let d = b.lint();
        assert_eq!(b.codes(), ["a.md:3:1 GB215"]);
        assert!(d[0].message.contains("My goal"), "{}", d[0].message);
    }

    #[test]
    fn a_reflection_lead_in_without_questions_is_reported() {
        let mut b = Book::new();
        let f = b.file(
            "a.md",
            "# T\n\nJournal (5 lines):\n\nThen talk it over.\n\nReflective listening:\n\nIt helps.\n",
        );
        let blocks = vec![
            b.para(f, "Journal (5 lines):"),
            b.para(f, "Then talk it over."),
            b.para(f, "Reflective listening:"),
            b.para(f, "It helps."),
        ];
        b.chapter(f, "T", blocks);
        let d = b.lint();
        assert_eq!(b.codes(), ["a.md:3:1 GB214"]);
        assert!(
            d[0].message.contains("Journal (5 lines):"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn a_lead_in_left_as_a_paragraph_is_reported() {
        let mut b = Book::new();
        let f = b.file("a.md", "# T\n\nAvoid saying:\n\nNothing quoted here.\n");
        let blocks = vec![
            b.para(f, "Avoid saying:"),
            b.para(f, "Nothing quoted here."),
        ];
        b.chapter(f, "T", blocks);
        let d = b.lint();
        assert_eq!(b.codes(), ["a.md:3:1 GB203"]);
        assert!(
            d[0].message.contains("phrases to avoid"),
            "{}",
            d[0].message
        );
    }

    /// `check` on one parsed file, with `[check] avoid_needs_try` set as given.
    fn lint_parsed(text: &str, avoid_needs_try: bool) -> (Vec<Diagnostic>, Sources) {
        let mut sources = Sources::default();
        let file = sources.add("a.md", text);
        let ms = crate::manuscript::Manuscript {
            root: ".".into(),
            sources,
            config: crate::config::GuideConfig {
                title: Some("Book".into()),
                check: crate::config::CheckConfig { avoid_needs_try },
                ..Default::default()
            },
            config_file: None,
            chapters: vec![crate::manuscript::ChapterSource {
                file,
                body_start: 0,
                front: Default::default(),
            }],
            fonts: crate::fonts::FontFiles::default_set(),
            source_date_epoch: None,
            newest_mtime: None,
        };
        let (doc, _) = crate::parse::document(&ms).into_parts();
        let mut d = crate::check::lint(&doc, &ms);
        crate::diag::sort_for_output(&mut d);
        (d, ms.sources)
    }

    #[test]
    fn avoid_needs_try_only_when_asked_and_only_without_a_try_block_next() {
        let text = "# T\n\nAvoid saying:\n\n- \"Calm down.\"\n\nInstead, try:\n\n> \"Take your time.\"\n\n\
                    Don't say:\n\n> \"Whatever.\"\n\nThat one stings.\n\n> Avoid saying:\n>\n> - \"Later.\"\n";
        let (d, src) = lint_parsed(text, false);
        assert!(d.iter().all(|d| d.code != "GB211"), "{d:?}");
        let (d, src2) = lint_parsed(text, true);
        let got: Vec<String> = d
            .iter()
            .filter(|d| d.code == "GB211")
            .map(|d| src2.location(d.span.unwrap()))
            .collect();
        // The answered pair is fine; the lone "Don't say:" and the one inside a quote are not.
        assert_eq!(got, ["a.md:11:1", "a.md:17:3"]);
        let first = d.iter().find(|d| d.code == "GB211").unwrap();
        assert_eq!(
            first.message,
            "the phrases after “Don’t say:” are not followed by phrases to try"
        );
        assert_eq!(src.slice(first.span.unwrap()), "Don't say:");
        assert!(first.help.is_some());
    }
}
