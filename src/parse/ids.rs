//! Ids and internal links. Chapter ids (`ch01-<slug>`), heading ids (from `{#id}` or a slug of
//! the heading, unique across the book, XML-NCName-safe) and the resolution of `#id`,
//! `chapter.md` and `chapter.md#id` links to [`LinkTarget::Internal`].

use crate::diag::{Diagnostic, Span, Warned};
use crate::model::LinkTarget;
use std::collections::{BTreeMap, BTreeSet};

/// Longest slug kept in a heading id (cut at a hyphen).
const MAX_SLUG: usize = 60;
/// Longest slug kept in a chapter id (cut at a hyphen).
const MAX_CHAPTER_SLUG: usize = 24;

/// A slug: lower-case ASCII letters and digits joined by single hyphens. Common accented Latin
/// letters are folded (é → e, ß → ss); other characters separate words. May be empty (for
/// titles in non-Latin scripts).
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in s.chars().flat_map(char::to_lowercase) {
        let folded = fold_latin(c);
        if c.is_ascii_alphanumeric() || folded.is_some() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            match folded {
                Some(f) => out.push_str(f),
                None => out.push(c),
            }
        } else if c == '\'' || c == '’' {
            // "don't" → "dont", like most slug makers.
        } else {
            gap = true;
        }
    }
    out
}

fn fold_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ł' | 'ľ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'þ' => "th",
        'ð' => "d",
        _ => return None,
    })
}

/// The anchor GitHub would give a heading (lower case, spaces to hyphens, punctuation dropped);
/// kept as an alias so links written for GitHub keep working.
pub fn github_slug(s: &str) -> String {
    s.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Whether `s` is a valid XML NCName (what `id` attributes need).
pub fn is_ncname(s: &str) -> bool {
    let mut chars = s.chars();
    let start_ok = |c: char| c == '_' || c.is_alphabetic();
    match chars.next() {
        Some(c) if start_ok(c) => {}
        _ => return false,
    }
    chars.all(|c| start_ok(c) || c.is_numeric() || c == '-' || c == '.' || c == '\u{b7}')
}

/// Cuts a slug to at most `max` bytes at a hyphen (or hard, when its first word is longer).
fn cut(slug: &str, max: usize) -> String {
    if slug.len() <= max {
        return slug.to_string();
    }
    match slug[..=max].rfind('-') {
        Some(i) if i > 0 => slug[..i].to_string(),
        _ => slug[..max].to_string(),
    }
}

/// Words a shortened chapter slug does not end on.
const SMALL_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with",
];

/// `ch01-acknowledge-the-hurt`: the 1-based chapter number and a short slug of the title
/// without its leading number.
pub fn chapter_id(index: usize, title: &str) -> String {
    let slug = slugify(title);
    let slug = slug.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-');
    let mut slug = cut(slug, MAX_CHAPTER_SLUG);
    // A cut title should not end on a little word ("ch04-give-them-space-to").
    while let Some((head, last)) = slug.rsplit_once('-') {
        if !SMALL_WORDS.contains(&last) {
            break;
        }
        slug.truncate(head.len());
    }
    if slug.is_empty() {
        format!("ch{:02}", index + 1)
    } else {
        format!("ch{:02}-{slug}", index + 1)
    }
}

/// Every id used in the book, and what each written anchor resolves to.
#[derive(Debug, Default)]
pub(crate) struct Ids {
    used: BTreeSet<String>,
    /// Written anchor (final id, explicit id as written, GitHub-style slug) → (id, chapter).
    targets: BTreeMap<String, (String, usize)>,
    fallbacks: usize,
    /// Next `-N` suffix to try per base id (keeps many equal headings linear).
    next_suffix: BTreeMap<String, usize>,
}

impl Ids {
    /// Reserves an id that headings must not take (chapter ids).
    pub fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }

    /// Gives a heading its unique id: `explicit` (`{#id}`, may be empty) or a slug of `text`.
    pub fn claim(
        &mut self,
        explicit: &str,
        text: &str,
        chapter: usize,
        span: Span,
    ) -> Warned<String> {
        let mut warnings = Vec::new();
        let base = if explicit.is_empty() {
            self.slug_or_fallback(text)
        } else if !is_ncname(explicit) {
            let id = self.slug_or_fallback(explicit);
            warnings.push(
                Diagnostic::warning(
                    "GB106",
                    format!("heading id `{explicit}` is not a valid XML id; using `{id}`"),
                )
                .at(span)
                .help("ids must start with a letter and hold only letters, digits, `-`, `_`, `.`"),
            );
            id
        } else {
            if self.used.contains(explicit) {
                warnings.push(
                    Diagnostic::warning(
                        "GB105",
                        format!("heading id `{explicit}` is used more than once"),
                    )
                    .at(span)
                    .help("give each heading its own `{#id}`; links go to the first one"),
                );
            }
            explicit.to_string()
        };
        let mut id = base.clone();
        let n = self.next_suffix.entry(base.clone()).or_insert(2);
        while self.used.contains(&id) {
            id = format!("{base}-{n}");
            *n += 1;
        }
        self.used.insert(id.clone());
        self.targets.insert(id.clone(), (id.clone(), chapter));
        for alias in [explicit.to_string(), github_slug(text)] {
            if !alias.is_empty() {
                self.targets
                    .entry(alias)
                    .or_insert_with(|| (id.clone(), chapter));
            }
        }
        Warned::new(id, warnings)
    }

    fn slug_or_fallback(&mut self, text: &str) -> String {
        let slug = cut(&slugify(text), MAX_SLUG);
        if slug.is_empty() {
            self.fallbacks += 1;
            format!("section-{}", self.fallbacks)
        } else if slug.starts_with(|c: char| c.is_ascii_digit()) {
            format!("sec-{slug}")
        } else {
            slug
        }
    }

    /// What a link destination points to. `files` lists each chapter file's name (as in
    /// `Sources`) with its first chapter and that chapter's heading id.
    pub fn resolve(&self, url: &str, files: &[(String, usize, String)]) -> LinkTarget {
        let unresolved = |id: &str| LinkTarget::Internal {
            id: id.to_string(),
            chapter: None,
        };
        let lookup = |frag: &str| match self.targets.get(frag) {
            Some((id, ch)) => LinkTarget::Internal {
                id: id.clone(),
                chapter: Some(*ch),
            },
            None => unresolved(frag),
        };
        if let Some(frag) = url.strip_prefix('#') {
            return lookup(&percent_decode(frag));
        }
        if has_scheme(url) || url.starts_with("//") || url.is_empty() {
            return LinkTarget::External(url.to_string());
        }
        let (path, frag) = match url.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (url, None),
        };
        let path = percent_decode(path.split('?').next().unwrap_or(path));
        let path = path.trim_start_matches("./");
        let file = files
            .iter()
            .find(|(name, _, _)| name == path || name.ends_with(&format!("/{path}")));
        match (file, frag) {
            (Some(_), Some(f)) if !f.is_empty() => lookup(&percent_decode(f)),
            (Some((_, ch, id)), _) => LinkTarget::Internal {
                id: id.clone(),
                chapter: Some(*ch),
            },
            // A relative link to something that is not a chapter cannot work inside the book.
            (None, f) => unresolved(&f.map_or_else(|| url.to_string(), percent_decode)),
        }
    }
}

/// Whether a URL starts with a scheme (`https:`, `mailto:`, …).
fn has_scheme(url: &str) -> bool {
    match url.split_once(':') {
        Some((scheme, _)) => {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

/// Decodes `%XX` escapes (invalid UTF-8 is replaced).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |x: u8| (x as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("Take Full Responsibility"),
            "take-full-responsibility"
        );
        assert_eq!(slugify("  Don’t -- Panic!! "), "dont-panic");
        assert_eq!(slugify("Café Crème"), "cafe-creme");
        assert_eq!(slugify("信任"), "");
        assert_eq!(
            github_slug("1. Acknowledge the Hurt"),
            "1-acknowledge-the-hurt"
        );
    }

    #[test]
    fn chapter_ids_drop_numbers_and_stay_short() {
        assert_eq!(
            chapter_id(
                1,
                "1. Acknowledge the Hurt Honestly (No Defensiveness, No Excuses)"
            ),
            "ch02-acknowledge-the-hurt"
        );
        assert_eq!(chapter_id(0, "Introduction"), "ch01-introduction");
        assert_eq!(
            chapter_id(3, "3. Give Them Space to Express Their Pain"),
            "ch04-give-them-space"
        );
        assert_eq!(chapter_id(11, "信任"), "ch12");
        assert!(is_ncname(&chapter_id(11, "信任")));
    }

    #[test]
    fn ncnames() {
        assert!(is_ncname("intro"));
        assert!(is_ncname("_x.y-z9"));
        assert!(is_ncname("café"));
        assert!(!is_ncname("1-intro"));
        assert!(!is_ncname("a b"));
        assert!(!is_ncname(""));
        assert!(!is_ncname("a:b"));
    }

    #[test]
    fn claims_are_unique_with_fallbacks_and_aliases() {
        let mut ids = Ids::default();
        let mut d = Warned::clean(());
        let s = Span::default();
        ids.reserve("ch01-intro");
        assert_eq!(d.take(ids.claim("", "Intro", 0, s)), "intro");
        assert_eq!(d.take(ids.claim("", "Intro", 0, s)), "intro-2");
        assert_eq!(d.take(ids.claim("", "Привет", 0, s)), "section-1");
        assert_eq!(d.take(ids.claim("", "1. Step", 1, s)), "sec-1-step");
        assert_eq!(d.take(ids.claim("ch01-intro", "X", 1, s)), "ch01-intro-2");
        assert_eq!(d.warnings.len(), 1);
        assert_eq!(d.warnings[0].code, "GB105");
        assert_eq!(d.take(ids.claim("9lives", "Cats", 1, s)), "sec-9lives");
        assert_eq!(d.warnings[1].code, "GB106");
        let files = vec![("m/02-step.md".to_string(), 1, "sec-1-step".to_string())];
        let internal = |id: &str, ch| LinkTarget::Internal {
            id: id.into(),
            chapter: ch,
        };
        assert_eq!(
            ids.resolve("#intro-2", &files),
            internal("intro-2", Some(0))
        );
        assert_eq!(
            ids.resolve("#1-step", &files),
            internal("sec-1-step", Some(1))
        );
        assert_eq!(
            ids.resolve("#9lives", &files),
            internal("sec-9lives", Some(1))
        );
        assert_eq!(ids.resolve("#nope", &files), internal("nope", None));
        assert_eq!(
            ids.resolve("02-step.md", &files),
            internal("sec-1-step", Some(1))
        );
        assert_eq!(
            ids.resolve("./02-step.md#intro", &files),
            internal("intro", Some(0))
        );
        assert_eq!(
            ids.resolve("https://example.org/#x", &files),
            LinkTarget::External("https://example.org/#x".into())
        );
        assert_eq!(
            ids.resolve("mailto:a@b.c", &files),
            LinkTarget::External("mailto:a@b.c".into())
        );
        assert_eq!(percent_decode("caf%C3%A9%2"), "café%2");
    }
}
