//! Where a word may break: hyphenation points from hypher's English (US) patterns, the word's
//! own hyphens and dashes, soft hyphens from the source, and the break points of URLs.
//!
//! Rules (the typesetter's choices, documented here):
//! - A word with a soft hyphen (U+00AD) breaks only at its soft hyphens.
//! - A compound with its own hyphen breaks only after that hyphen ("self-|care"), never
//!   inside its parts; after an en or em dash a break is allowed too (no hyphen added).
//! - Otherwise hypher's patterns, at least 2 letters before and 3 after the break, on the
//!   word's letters only (leading and trailing punctuation is left alone).
//! - Not hyphenated: words under 5 letters, words with digits, words with a capital letter
//!   after the first (acronyms such as "NASA", names such as "McKay", "iPhone"), and
//!   `keep_together` text (code, URLs). Capitalised words ("Responsibility") are hyphenated.
//! - URLs and e-mail addresses (a `keep_together` token with "://", starting "www." or
//!   "mailto:", or with an `@`) may break after `/` or `//` and after a scheme's `:`, and before `.`,
//!   `?`, `&`, `#`, `=`, `_`, `-` and `@`, with no hyphen added (a URL's own hyphen must not
//!   look like one added).
//! - Other words break after a slash between letters ("and/|or"), with no hyphen added.
//! - The author's exceptions (`[pdf] hyphenation_exceptions` in guide.toml) replace the
//!   patterns for the words they list, whatever their case: "strike-through" breaks there
//!   only, "guidebuild" never.

use crate::config::HyphenationExceptions;
use hypher::{hyphenate_bounded, Lang};

/// The break offsets (bytes) in `word` if its letters are one of the author's exceptions.
fn exception_points(exceptions: &HyphenationExceptions, word: &str) -> Option<Vec<usize>> {
    if exceptions.is_empty() {
        return None;
    }
    let (start, end) = letters(word)?;
    let core = &word[start..end];
    let key: String = core.chars().flat_map(char::to_lowercase).collect();
    let counts = exceptions.breaks(&key)?;
    let offsets: Vec<usize> = core.char_indices().map(|(i, _)| start + i).collect();
    Some(
        counts
            .iter()
            .filter_map(|n| offsets.get(*n).copied())
            .collect(),
    )
}

/// Why a word may break at a point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BreakKind {
    /// A hyphenation point: a hyphen is added at the line end.
    Hyphen,
    /// After the word's own hyphen: nothing is added, but the line counts as hyphenated.
    Explicit,
    /// After a dash or inside a URL: nothing is added.
    Plain,
    /// Anywhere, as the last resort in a token wider than the line.
    Emergency,
}

/// The break points inside `word` (byte offsets where a new line may start), in order.
/// `shy` lists the byte offsets of soft hyphens already taken out of `word`.
pub(crate) fn word_breaks(
    word: &str,
    shy: &[usize],
    keep_together: bool,
    hyphenate: bool,
    exceptions: &HyphenationExceptions,
) -> Vec<(usize, BreakKind)> {
    if keep_together {
        if is_url(word) {
            return url_breaks(word)
                .into_iter()
                .map(|o| (o, BreakKind::Plain))
                .collect();
        }
        return Vec::new();
    }
    if !shy.is_empty() {
        return shy
            .iter()
            .filter(|o| **o > 0 && **o < word.len())
            .map(|o| (*o, BreakKind::Hyphen))
            .collect();
    }
    let dashes = dash_breaks(word);
    if !dashes.is_empty() || !hyphenate {
        return dashes;
    }
    exception_points(exceptions, word)
        .unwrap_or_else(|| hyphenation_points(word))
        .into_iter()
        .map(|o| (o, BreakKind::Hyphen))
        .collect()
}

/// The byte range from a word's first to its last letter.
fn letters(word: &str) -> Option<(usize, usize)> {
    let start = word.find(|c: char| c.is_alphabetic())?;
    let end = word
        .char_indices()
        .rfind(|(_, c)| c.is_alphabetic())
        .map(|(i, c)| i + c.len_utf8())?;
    Some((start, end))
}

/// Breaks after hyphens and dashes that have text on both sides.
fn dash_breaks(word: &str) -> Vec<(usize, BreakKind)> {
    let mut out = Vec::new();
    for (i, c) in word.char_indices() {
        let after = i + c.len_utf8();
        if i == 0 || after >= word.len() {
            continue;
        }
        let kind = match c {
            '-' | '\u{2010}' => BreakKind::Explicit,
            '\u{2013}' | '\u{2014}' => BreakKind::Plain,
            '/' if word[..i].ends_with(char::is_alphabetic) => BreakKind::Plain,
            _ => continue,
        };
        // Not between two dashes ("--") or before closing punctuation.
        let next = word[after..].chars().next().unwrap_or(' ');
        if next.is_alphanumeric() || next == '(' || next == '\u{201C}' || next == '"' {
            out.push((after, kind));
        }
    }
    out
}

/// Hyphenation points of an ordinary word, following the rules in the module comment.
pub(crate) fn hyphenation_points(word: &str) -> Vec<usize> {
    if word.chars().any(|c| c.is_numeric()) {
        return Vec::new();
    }
    // The letters: from the first to the last alphabetic character.
    let Some((start, end)) = letters(word) else {
        return Vec::new();
    };
    let core = &word[start..end];
    if core.chars().skip(1).any(|c| c.is_uppercase()) {
        return Vec::new();
    }
    // Only letters and apostrophes inside; anything else (a slash, a dot) means no hyphens.
    if !core
        .chars()
        .all(|c| c.is_alphabetic() || c == '\'' || c == '\u{2019}')
    {
        return Vec::new();
    }
    if core.chars().filter(|c| c.is_alphabetic()).count() < 5 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut at = start;
    let syllables: Vec<&str> = hyphenate_bounded(core, Lang::English, 2, 3).collect();
    for s in &syllables[..syllables.len().saturating_sub(1)] {
        at += s.len();
        // Never next to an apostrophe ("don'|t").
        let before = word[..at].chars().next_back().unwrap_or(' ');
        let after = word[at..].chars().next().unwrap_or(' ');
        if before.is_alphabetic() && after.is_alphabetic() {
            out.push(at);
        }
    }
    out
}

/// Whether a token looks like a URL, a web address or an e-mail address.
pub(crate) fn is_url(word: &str) -> bool {
    word.contains("://")
        || word.starts_with("www.")
        || word.starts_with("mailto:")
        || word
            .find('@')
            .is_some_and(|a| a > 0 && word[a..].contains('.'))
}

/// Break points for a URL or another long token: after `/` (after `//`, not inside it) and after a
/// `:` not followed by `/` ("mailto:|name"), and before `.`, `?`, `&`, `#`, `=`, `_`, `-`,
/// `@` when text follows.
pub(crate) fn url_breaks(word: &str) -> Vec<usize> {
    let b = word.as_bytes();
    let mut out = Vec::new();
    for (i, &c) in b.iter().enumerate() {
        let after_ok = i + 1 < b.len() && b[i + 1] != b'/';
        match c {
            b'/' if after_ok && i > 0 => out.push(i + 1),
            b':' if after_ok && i > 0 => out.push(i + 1),
            b'.' | b'?' | b'&' | b'#' | b'=' | b'_' | b'-' | b'@'
                if i > 0 && i + 1 < b.len() && out.last() != Some(&i) =>
            {
                out.push(i)
            }
            _ => {}
        }
    }
    out.retain(|o| word.is_char_boundary(*o));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wb(word: &str, shy: &[usize], keep: bool, hyphenate: bool) -> Vec<(usize, BreakKind)> {
        word_breaks(
            word,
            shy,
            keep,
            hyphenate,
            &HyphenationExceptions::default(),
        )
    }

    #[test]
    fn exceptions_replace_the_patterns_whatever_the_case() {
        let ex =
            HyphenationExceptions::parse(&["strike-through".into(), "Guidebuild".into()]).unwrap();
        let b = word_breaks("Strikethrough,", &[], false, true, &ex);
        assert_eq!(b, vec![(6, BreakKind::Hyphen)]);
        // listed without hyphens: never hyphenated, where the patterns would
        assert!(!hyphenation_points("guidebuild").is_empty());
        assert!(word_breaks("guidebuild", &[], false, true, &ex).is_empty());
        // other words keep the patterns; no hyphenation when it is off
        assert_eq!(
            word_breaks("responsibility", &[], false, true, &ex),
            wb("responsibility", &[], false, true)
        );
        assert!(word_breaks("strikethrough", &[], false, false, &ex).is_empty());
    }

    fn split(word: &str) -> String {
        let mut s = word.to_string();
        for o in hyphenation_points(word).iter().rev() {
            s.insert(*o, '-');
        }
        s
    }

    #[test]
    fn english_patterns_with_bounds() {
        assert_eq!(split("responsibility"), "re-spon-si-bil-ity");
        assert_eq!(split("Responsibility,"), "Re-spon-si-bil-ity,");
        assert_eq!(split("(hyphenation)"), "(hy-phen-ation)");
        // Short words, acronyms, digits, mixed case: left whole.
        assert_eq!(split("about"), "about");
        assert_eq!(split("word"), "word");
        assert_eq!(split("UNESCO's"), "UNESCO's");
        assert_eq!(split("covid19thing"), "covid19thing");
        assert_eq!(split("McDonaldson"), "McDonaldson");
    }

    #[test]
    fn compounds_break_only_at_their_hyphen() {
        let b = wb("self-responsibility", &[], false, true);
        assert_eq!(b, vec![(5, BreakKind::Explicit)]);
        let b = wb("trust\u{2014}repair", &[], false, true);
        assert_eq!(b, vec![(8, BreakKind::Plain)]);
        assert!(wb("--", &[], false, true).is_empty());
    }

    #[test]
    fn soft_hyphens_win() {
        let b = wb("counselor", &[5], false, true);
        assert_eq!(b, vec![(5, BreakKind::Hyphen)]);
    }

    #[test]
    fn keep_together_and_urls() {
        assert!(wb("responsibility", &[], true, true).is_empty());
        let url = "https://example.org/guides/trust";
        let b: Vec<usize> = wb(url, &[], true, true).iter().map(|x| x.0).collect();
        let parts: Vec<&str> = {
            let mut v = Vec::new();
            let mut last = 0;
            for o in &b {
                v.push(&url[last..*o]);
                last = *o;
            }
            v.push(&url[last..]);
            v
        };
        assert_eq!(
            parts,
            vec!["https://", "example", ".org/", "guides/", "trust"],
            "{b:?}"
        );
    }

    fn url_parts(url: &str) -> Vec<&str> {
        let mut v = Vec::new();
        let mut last = 0;
        for (o, k) in wb(url, &[], true, true) {
            assert_eq!(k, BreakKind::Plain);
            v.push(&url[last..o]);
            last = o;
        }
        v.push(&url[last..]);
        v
    }

    #[test]
    fn email_addresses_break_at_their_punctuation() {
        assert_eq!(
            url_parts("mailto:someone@example.org,"),
            vec!["mailto:", "someone", "@example", ".org,"]
        );
        assert_eq!(url_parts("a.b@c.org"), vec!["a", ".b", "@c", ".org"]);
        assert_eq!(
            url_parts("https://x.org/a?b=c&d_e"),
            vec!["https://", "x", ".org/", "a", "?b", "=c", "&d", "_e"]
        );
        // `@` alone does not make a URL; nor does a handle without a dot after it.
        assert!(wb("@name", &[], true, true).is_empty());
        assert!(wb("user@host", &[], true, true).is_empty());
    }

    #[test]
    fn slashes_between_words_break_without_a_hyphen() {
        assert_eq!(wb("and/or", &[], false, true), vec![(4, BreakKind::Plain)]);
        assert!(wb("1/2", &[], false, true).is_empty());
        assert!(wb("/usr", &[], false, true).is_empty());
    }
}
