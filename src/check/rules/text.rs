//! Mixed quote styles (GB206, fixable): a straight `'` or `"` in a chapter whose other quotes are
//! curly (or a curly one among straight ones). Smart punctuation makes the output right either
//! way, so this reads the SOURCE text — only the parts the model says are prose (text inlines),
//! skipping code spans, HTML, URLs, link targets, heading ids and escaped characters.

use crate::check::{chapter_inline_runs, walk_inlines};
use crate::diag::{Diagnostic, Sources, Span};
use crate::model::{Chapter, Document, InlineKind};

pub(in crate::check) fn check(doc: &Document, src: &Sources) -> Vec<Diagnostic> {
    doc.chapters
        .iter()
        .flat_map(|ch| mixed_quotes(ch, src))
        .collect()
}

fn is_straight(c: char) -> bool {
    c == '\'' || c == '"'
}

/// Byte ranges (per file) of the chapter's prose, merged and sorted.
fn prose_regions(ch: &Chapter, src: &Sources) -> Vec<Span> {
    let mut spans = Vec::new();
    for run in chapter_inline_runs(ch) {
        walk_inlines(run, &mut |i| {
            if matches!(i.kind, InlineKind::Text(_)) && crate::check::valid_span(src, i.span) {
                spans.push(i.span);
            }
        });
    }
    spans.sort();
    let mut merged: Vec<Span> = Vec::new();
    for s in spans {
        match merged.last_mut() {
            Some(m) if m.file == s.file && s.start <= m.end => m.end = m.end.max(s.end),
            _ => merged.push(s),
        }
    }
    merged
}

/// Every quote character in a region of prose, as (offset, char), skipping code, HTML, URLs,
/// link destinations, `{#id}` attributes, backslash escapes and primes after digits (5'10").
pub(crate) fn quotes_in(text: &str, base: usize) -> Vec<(usize, char)> {
    let mut found = Vec::new();
    let mut i = 0;
    let b = text.as_bytes();
    while i < text.len() {
        let rest = &text[i..];
        let c = rest.chars().next().unwrap_or(' ');
        let skip_to = |pat: &str, from: usize| rest[from..].find(pat).map(|p| from + p + pat.len());
        let skip = match c {
            '\\' => Some(1 + rest[1..].chars().next().map_or(0, char::len_utf8)),
            '`' => {
                let run = rest.bytes().take_while(|&x| x == b'`').count();
                Some(skip_to(&rest[..run], run).unwrap_or(run))
            }
            '<' if rest[1..]
                .starts_with(|x: char| x.is_ascii_alphabetic() || "/!?".contains(x)) =>
            {
                skip_to(">", 1)
            }
            ']' if rest.starts_with("](") => skip_to(")", 2),
            '{' if rest.starts_with("{#") => skip_to("}", 2),
            'h' | 'w' | 'm'
                if ["http://", "https://", "www.", "mailto:"]
                    .iter()
                    .any(|p| rest.starts_with(p))
                    && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) =>
            {
                Some(rest.find(char::is_whitespace).unwrap_or(rest.len()))
            }
            _ => None,
        };
        if let Some(n) = skip {
            i += n.max(1);
            continue;
        }
        if matches!(c, '\'' | '"' | '‘' | '’' | '“' | '”') {
            let after_digit = is_straight(c) && i > 0 && b[i - 1].is_ascii_digit();
            if !after_digit {
                found.push((base + i, c));
            }
        }
        i += c.len_utf8();
    }
    found
}

/// The curly character a straight quote at `at` in `text` should be: opening after the start,
/// whitespace or opening punctuation (looking past emphasis markers), closing otherwise.
pub(crate) fn curly_for(text: &str, at: usize, c: char) -> char {
    let before = text[..at].trim_end_matches(['*', '_', '~']);
    let prev = before.chars().next_back();
    let next = text[at + c.len_utf8()..].chars().next();
    let opening = match prev {
        None => true,
        Some(p) => p.is_whitespace() || "([{“‘—–-/>".contains(p),
    };
    match (c, opening) {
        // ’90s, ’tis: an apostrophe before a digit is still an apostrophe.
        ('\'', true) if next.is_some_and(|n| n.is_ascii_digit()) => '’',
        ('\'', true) => '‘',
        ('\'', false) => '’',
        (_, true) => '“',
        (_, false) => '”',
    }
}

fn straight_for(c: char) -> char {
    if matches!(c, '‘' | '’') {
        '\''
    } else {
        '"'
    }
}

fn mixed_quotes(ch: &Chapter, src: &Sources) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut quotes: Vec<(usize, usize, char)> = Vec::new();
    for r in prose_regions(ch, src) {
        let text = &src.get(r.file).text[r.start..r.end];
        quotes.extend(
            quotes_in(text, r.start)
                .into_iter()
                .map(|(o, c)| (r.file, o, c)),
        );
    }
    let straight = quotes.iter().filter(|q| is_straight(q.2)).count();
    let curly = quotes.len() - straight;
    if straight == 0 || curly == 0 {
        return out;
    }
    let fix_straight = curly >= straight;
    for (file, at, c) in quotes {
        if is_straight(c) != fix_straight {
            continue;
        }
        let text = &src.get(file).text;
        let span = Span::new(file, at, at + c.len_utf8());
        let (want, what, others) = if fix_straight {
            (curly_for(text, at, c), "straight", "curly")
        } else {
            (straight_for(c), "curly", "straight")
        };
        let letter = |c: Option<char>| c.is_some_and(char::is_alphabetic);
        let inside_word = letter(text[..at].chars().next_back())
            && letter(text[at + c.len_utf8()..].chars().next());
        let name = if matches!(c, '\'' | '’') && inside_word {
            "apostrophe"
        } else {
            "quote"
        };
        out.push(
            Diagnostic::warning(
                "GB206",
                format!("{what} {name} `{c}` in a chapter whose other quotes are {others}"),
            )
            .at(span)
            .help(format!("write `{want}` like the rest of the chapter"))
            .with_fix(span, want.to_string()),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testkit::Book;

    #[test]
    fn code_urls_html_and_escapes_are_skipped() {
        let t =
            r#"a `don't` <span class="x"> [l](http://a.b/it's) \" www.x.com/'a' 5'10" {#it's} b'"#;
        let q = quotes_in(t, 0);
        assert_eq!(q, vec![(t.len() - 1, '\'')]);
    }

    #[test]
    fn curly_choice_follows_context() {
        let t = "\"Hi,\" she said. It's *'quoted'* ('90s)";
        let at = |n: usize, c: char| t.match_indices(c).nth(n).unwrap().0;
        assert_eq!(curly_for(t, at(0, '"'), '"'), '“');
        assert_eq!(curly_for(t, at(1, '"'), '"'), '”');
        assert_eq!(curly_for(t, at(0, '\''), '\''), '’');
        assert_eq!(curly_for(t, at(1, '\''), '\''), '‘');
        assert_eq!(curly_for(t, at(2, '\''), '\''), '’');
        assert_eq!(curly_for(t, at(3, '\''), '\''), '’');
    }

    #[test]
    fn straight_apostrophes_among_curly_quotes_are_fixed() {
        let mut b = Book::new();
        let f = b.file(
            "a.md",
            "# T\n\n“It's not a big deal.” “I didn’t mean it.”\n",
        );
        let p = b.para(f, "“It's not a big deal.” “I didn’t mean it.”");
        b.chapter(f, "T", vec![p]);
        let d = b.lint();
        assert_eq!(b.codes(), ["a.md:3:4 GB206"]);
        assert_eq!(d[0].fix.as_ref().unwrap().replacement, "’");
        assert!(
            d[0].message.starts_with("straight apostrophe"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn a_curly_quote_among_straight_ones_is_the_odd_one() {
        let mut b = Book::new();
        let f = b.file(
            "a.md",
            "# T\n\n\"Don't,\" he said. \"Stop it.\" It’s late.\n",
        );
        let p = b.para(f, "\"Don't,\" he said. \"Stop it.\" It’s late.");
        b.chapter(f, "T", vec![p]);
        let d = b.lint();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].fix.as_ref().unwrap().replacement, "'");
        let all_straight = "# T\n\n\"Don't,\" he said.\n";
        let mut b2 = Book::new();
        let f2 = b2.file("b.md", all_straight);
        let p2 = b2.para(f2, "\"Don't,\" he said.");
        b2.chapter(f2, "T", vec![p2]);
        assert!(b2.lint().is_empty());
    }
}
