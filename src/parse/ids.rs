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
    /// (chapter, written anchor) → id: what `file.md#anchor` finds in that file's chapters.
    by_chapter: BTreeMap<(usize, String), String>,
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
        for alias in [id.clone(), explicit.to_string(), github_slug(text)] {
            if !alias.is_empty() {
                self.by_chapter
                    .entry((chapter, alias.clone()))
                    .or_insert_with(|| id.clone());
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

    /// What a link destination points to, written in the file named `from`. `files` lists
    /// each chapter file's name (as in `Sources`) with its first chapter and that chapter's
    /// heading id, in reading order. A path is read relative to `from`'s folder, as GitHub
    /// reads it (`../other.md`, `./other.md#heading`), else as the end of a chapter's name;
    /// an anchor after it is looked for in that file's chapters first.
    pub fn resolve(&self, url: &str, from: &str, files: &[(String, usize, String)]) -> LinkTarget {
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
            Some((p, f)) => (p, Some(percent_decode(f))),
            None => (url, None),
        };
        let path = percent_decode(path.split('?').next().unwrap_or(path));
        let Some(k) = find_file(&path, from, files) else {
            // A relative link to something that is not a chapter cannot work inside the book.
            return unresolved(&frag.unwrap_or_else(|| url.to_string()));
        };
        let (_, first, heading) = &files[k];
        match frag.filter(|f| !f.is_empty()) {
            Some(f) => {
                let end = files.get(k + 1).map_or(usize::MAX, |next| next.1);
                let mut here = self
                    .by_chapter
                    .range((*first, String::new())..)
                    .take_while(|((ch, _), _)| *ch < end);
                match here.find(|((_, alias), _)| *alias == f) {
                    Some(((ch, _), id)) => LinkTarget::Internal {
                        id: id.clone(),
                        chapter: Some(*ch),
                    },
                    None => lookup(&f),
                }
            }
            None => LinkTarget::Internal {
                id: heading.clone(),
                chapter: Some(*first),
            },
        }
    }
}

/// The chapter file a relative `path` names, written in the file `from`: relative to `from`'s
/// folder, else the file whose name ends with it.
fn find_file(path: &str, from: &str, files: &[(String, usize, String)]) -> Option<usize> {
    let folder = from.rsplit_once('/').map_or("", |(dir, _)| dir);
    let wanted = normalise(&format!("{folder}/{path}"));
    if let Some(k) = files
        .iter()
        .position(|(name, _, _)| normalise(name) == wanted)
    {
        return Some(k);
    }
    let path = path.trim_start_matches("./");
    files
        .iter()
        .position(|(name, _, _)| name == path || name.ends_with(&format!("/{path}")))
}

/// A `/`-separated path with `.` and `name/..` taken out (as text: nothing is read).
fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
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
            ids.resolve("#intro-2", FROM, &files),
            internal("intro-2", Some(0))
        );
        assert_eq!(
            ids.resolve("#1-step", FROM, &files),
            internal("sec-1-step", Some(1))
        );
        assert_eq!(
            ids.resolve("#9lives", FROM, &files),
            internal("sec-9lives", Some(1))
        );
        assert_eq!(ids.resolve("#nope", FROM, &files), internal("nope", None));
        assert_eq!(
            ids.resolve("02-step.md", FROM, &files),
            internal("sec-1-step", Some(1))
        );
        assert_eq!(
            ids.resolve("./02-step.md#intro", FROM, &files),
            internal("intro", Some(0))
        );
        assert_eq!(
            ids.resolve("https://example.org/#x", FROM, &files),
            LinkTarget::External("https://example.org/#x".into())
        );
        assert_eq!(
            ids.resolve("mailto:a@b.c", FROM, &files),
            LinkTarget::External("mailto:a@b.c".into())
        );
        assert_eq!(percent_decode("caf%C3%A9%2"), "café%2");
    }

    /// The file the links of `claims_are_unique_with_fallbacks_and_aliases` are written in.
    const FROM: &str = "m/01-intro.md";

    #[test]
    fn chapter_files_are_found_relative_to_the_linking_file() {
        let mut ids = Ids::default();
        let s = Span::default();
        let mut d = Warned::clean(());
        // chapters 0-1 in a/one.md, 2 in b/two.md, 3 in three.md; both files have a "Notes"
        for (ch, text) in [(0, "One"), (0, "Notes"), (1, "Later"), (2, "Two")] {
            d.take(ids.claim("", text, ch, s));
        }
        d.take(ids.claim("", "Notes", 2, s));
        d.take(ids.claim("", "Three", 3, s));
        d.take(ids.claim("", "1. Start", 3, s));
        let files = vec![
            ("./m/a/one.md".to_string(), 0, "one".to_string()),
            ("./m/b/two.md".to_string(), 2, "two".to_string()),
            ("./m/three.md".to_string(), 3, "three".to_string()),
        ];
        let internal = |id: &str, ch| LinkTarget::Internal {
            id: id.into(),
            chapter: Some(ch),
        };
        let from_a = "./m/a/one.md";
        assert_eq!(
            ids.resolve("../b/two.md", from_a, &files),
            internal("two", 2)
        );
        assert_eq!(
            ids.resolve("../three.md", from_a, &files),
            internal("three", 3)
        );
        assert_eq!(
            ids.resolve("./one.md#later", from_a, &files),
            internal("later", 1)
        );
        // the anchor is looked for in the file named first: its own "Notes"
        assert_eq!(
            ids.resolve("../b/two.md#notes", from_a, &files),
            internal("notes-2", 2)
        );
        assert_eq!(
            ids.resolve("one.md#notes", from_a, &files),
            internal("notes", 0)
        );
        // percent-encoded and GitHub-style (`Two` → `two`) anchors
        assert_eq!(
            ids.resolve("../three.md#1-start", from_a, &files),
            internal("sec-1-start", 3)
        );
        assert_eq!(
            ids.resolve("..%2Fthree.md", from_a, &files),
            internal("three", 3)
        );
        // a name that is the end of a chapter's name still works from anywhere
        assert_eq!(
            ids.resolve("b/two.md", "./m/three.md", &files),
            internal("two", 2)
        );
        assert_eq!(
            ids.resolve("../nope.md", from_a, &files),
            LinkTarget::Internal {
                id: "../nope.md".into(),
                chapter: None
            }
        );
    }
}
