//! The XHTML text sink every EPUB page is written through: it escapes text and attribute
//! values, drops characters XML cannot carry, and records which characters are set in which
//! [`FontRole`] (so the embedded fonts can be subset to exactly what the pages show). It also
//! hands out ids that are valid XML names and unique within one file.

use crate::theme::FontRole;
use std::collections::{BTreeMap, BTreeSet};
use unicode_normalization::UnicodeNormalization;

/// Characters used per font role, gathered while writing pages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Usage {
    pub chars: BTreeMap<FontRole, BTreeSet<char>>,
}

impl Usage {
    /// Counts the characters of `text`, and those of its composed (NFC) form: a shaper that
    /// meets a letter followed by combining marks draws the precomposed glyph when the font
    /// maps it, which places the marks as designed (the subsets carry no mark positioning).
    pub fn add(&mut self, role: FontRole, text: &str) {
        let set = self.chars.entry(role).or_default();
        set.extend(text.chars().filter(|c| !c.is_control()));
        if !unicode_normalization::is_nfc(text) {
            set.extend(text.nfc().filter(|c| !c.is_control()));
        }
    }

    pub fn merge(&mut self, other: Usage) {
        for (role, chars) in other.chars {
            self.chars.entry(role).or_default().extend(chars);
        }
    }

    /// Roles that have at least one visible character.
    pub fn roles(&self) -> BTreeSet<FontRole> {
        self.chars
            .iter()
            .filter(|(_, c)| c.iter().any(|c| !c.is_whitespace()))
            .map(|(r, _)| *r)
            .collect()
    }
}

/// The font family of a run of text; bold/italic are applied on top for the body family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Body,
    Heading,
    Sans,
    Mono,
}

/// The typographic state of the text being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub family: Family,
    pub italic: bool,
    pub bold: bool,
}

impl Style {
    pub const BODY: Style = Style {
        family: Family::Body,
        italic: false,
        bold: false,
    };

    pub fn of(family: Family) -> Style {
        Style {
            family,
            italic: false,
            bold: false,
        }
    }

    pub fn role(self) -> FontRole {
        match self.family {
            Family::Body => FontRole::Body.styled(self.italic, self.bold),
            Family::Heading => FontRole::Heading,
            Family::Sans => FontRole::Sans,
            Family::Mono => FontRole::Mono,
        }
    }
}

/// Accumulates one XHTML file.
#[derive(Debug)]
pub struct Writer {
    out: String,
    styles: Vec<Style>,
    pub usage: Usage,
    /// Page-break markers still to place: (reading characters before it, its id, its label),
    /// in order; `read` counts the reading characters written so far.
    breaks: std::collections::VecDeque<(usize, String, String)>,
    read: usize,
}

impl Default for Writer {
    fn default() -> Self {
        Writer::new()
    }
}

impl Writer {
    pub fn new() -> Self {
        Writer {
            out: String::new(),
            styles: vec![Style::BODY],
            usage: Usage::default(),
            breaks: Default::default(),
            read: 0,
        }
    }

    /// Page-break markers to place in the text written from now on: each before the reading
    /// character (see [`crate::model::is_reading_char`]) at its offset, counted over
    /// [`Writer::text`] only.
    pub fn page_breaks(&mut self, breaks: Vec<(usize, String, String)>) {
        self.breaks = breaks.into();
        self.read = 0;
    }

    /// Places the markers due before the next reading character, here: a block's start, so
    /// that a page that starts with a block has its marker before the block's tag, not
    /// inside it (inside a heading it would join the heading's accessible name).
    pub fn place_due_breaks(&mut self) {
        while self.breaks.front().is_some_and(|b| b.0 <= self.read) {
            if let Some((_, id, label)) = self.breaks.pop_front() {
                self.page_break(&id, &label);
            }
        }
    }

    /// Places the markers the text did not reach (a page that starts past the text).
    pub fn flush_page_breaks(&mut self) {
        while let Some((_, id, label)) = self.breaks.pop_front() {
            self.page_break(&id, &label);
        }
    }

    fn page_break(&mut self, id: &str, label: &str) {
        let _ = std::fmt::Write::write_fmt(
            &mut self.out,
            format_args!(
                "<span id=\"{}\" epub:type=\"pagebreak\" role=\"doc-pagebreak\" aria-label=\"{}\"></span>",
                attr(id),
                attr(label)
            ),
        );
    }

    /// Counts `s` against the page breaks without writing it (an inline image's description,
    /// which the PDF's line carries as the image's text); breaks due before it are placed.
    pub fn read_unwritten(&mut self, s: &str) {
        let n = crate::model::reading_chars(s);
        if n > 0 {
            self.place_due_breaks();
        }
        self.read += n;
    }

    /// Text that decorates and is not read as the book's text (a list marker, a saying's
    /// glyph): escaped and counted against the font role, not against the page breaks.
    pub fn decoration(&mut self, s: &str) {
        let role = self.style().role();
        self.usage.add(role, s);
        escape_into(&mut self.out, s, false);
    }

    /// Markup written as is (the caller guarantees it is well formed).
    pub fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// Text content, escaped, counted against the current font role.
    pub fn text(&mut self, s: &str) {
        let role = self.style().role();
        self.usage.add(role, s);
        if self.breaks.is_empty() {
            escape_into(&mut self.out, s, false);
            return;
        }
        let mut from = 0;
        for (i, c) in s.char_indices() {
            if !crate::model::is_reading_char(c) {
                continue;
            }
            if self.breaks.front().is_some_and(|b| b.0 <= self.read) {
                escape_into(&mut self.out, &s[from..i], false);
                from = i;
                self.place_due_breaks();
            }
            self.read += 1;
        }
        escape_into(&mut self.out, &s[from..], false);
    }

    pub fn style(&self) -> Style {
        *self.styles.last().unwrap_or(&Style::BODY)
    }

    pub fn push(&mut self, style: Style) {
        self.styles.push(style);
    }

    /// The current style with italic and/or bold switched on.
    pub fn push_emphasis(&mut self, italic: bool, bold: bool) {
        let mut s = self.style();
        s.italic |= italic;
        s.bold |= bold;
        self.styles.push(s);
    }

    pub fn pop(&mut self) {
        if self.styles.len() > 1 {
            self.styles.pop();
        }
    }

    pub fn finish(self) -> (String, Usage) {
        (self.out, self.usage)
    }
}

/// True for characters XML 1.0 may carry (and that are not C1 controls, which readers garble).
fn xml_ok(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r')
        || (!c.is_control() && c != '\u{FFFE}' && c != '\u{FFFF}' && c != '\u{FEFF}')
}

fn escape_into(out: &mut String, s: &str, attr: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\'' if attr => out.push_str("&#39;"),
            '\n' | '\r' | '\t' if attr => out.push(' '),
            c if xml_ok(c) => out.push(c),
            _ => {}
        }
    }
}

/// The string without the characters XML cannot carry (nothing escaped).
pub fn strip_invalid(s: &str) -> String {
    s.chars().filter(|&c| xml_ok(c)).collect()
}

/// Escapes text content.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s, false);
    out
}

/// Escapes an attribute value (for use inside double quotes).
pub fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s, true);
    out
}

/// Escapes a double-quoted attribute value of the package documents: `&`, `<`, `>` and `"`
/// only (apostrophes and line breaks stay as they are, as they always have in those files),
/// characters XML cannot carry dropped.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if xml_ok(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Indents each non-empty line of `s` by `level` steps of two spaces; the lines are joined by
/// `\n` (a final line break is dropped, empty lines stay empty).
pub fn indent(s: &str, level: usize) -> String {
    let pad = " ".repeat(2 * level);
    let mut out = String::with_capacity(s.len() + s.len() / 8 + pad.len());
    for (i, l) in s.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if !l.is_empty() {
            out.push_str(&pad);
            out.push_str(l);
        }
    }
    out
}

/// Turns any string into a valid XML id: letters, digits, `-`, `_` and `.` are kept, anything
/// else becomes `-`, and an id that would not start with a letter or `_` gets an `id-` prefix.
pub fn xml_id(s: &str) -> String {
    let mut id: String = s
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let starts_ok = id
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if !starts_ok {
        id.insert_str(0, "id-");
    }
    id
}

/// Ids already used in one file.
#[derive(Debug, Default, Clone)]
pub struct Ids {
    used: BTreeSet<String>,
}

impl Ids {
    /// A valid id based on `base` that no earlier call returned (`base`, `base-2`, `base-3`, …).
    pub fn unique(&mut self, base: &str) -> String {
        let base = xml_id(base);
        let mut candidate = base.clone();
        let mut n = 2;
        while self.used.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        self.used.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        assert_eq!(
            esc("a < b & c > d \"q\" 'x'"),
            "a &lt; b &amp; c &gt; d \"q\" 'x'"
        );
        assert_eq!(
            attr("say \"hi\" & 'bye'"),
            "say &quot;hi&quot; &amp; &#39;bye&#39;"
        );
        assert_eq!(attr("two\nlines"), "two lines");
    }

    #[test]
    fn characters_xml_cannot_carry_are_dropped() {
        assert_eq!(esc("a\u{0}b\u{8}c\u{c}d\u{85}e\u{FFFF}f"), "abcdef");
        assert_eq!(esc("tab\there"), "tab\there");
        assert_eq!(esc("✔ 信頼 🙂"), "✔ 信頼 🙂");
    }

    #[test]
    fn ids_are_valid_and_unique() {
        assert_eq!(xml_id("give-them-space"), "give-them-space");
        assert_eq!(xml_id("1st step"), "id-1st-step");
        assert_eq!(xml_id("a\"b<c"), "a-b-c");
        assert_eq!(xml_id(""), "id-");
        assert_eq!(xml_id("доверие"), "id-доверие");
        let mut ids = Ids::default();
        assert_eq!(ids.unique("fn-1"), "fn-1");
        assert_eq!(ids.unique("fn-1"), "fn-1-2");
        assert_eq!(ids.unique("fn 1"), "fn-1-3");
    }

    #[test]
    fn usage_includes_composed_forms_of_combining_sequences() {
        let mut u = Usage::default();
        u.add(FontRole::Body, "Tie\u{302}\u{301}ng");
        let set = &u.chars[&FontRole::Body];
        assert!(set.contains(&'\u{302}') && set.contains(&'e'));
        assert!(set.contains(&'ế'));
    }

    #[test]
    fn page_breaks_go_before_their_reading_character() {
        let mut w = Writer::new();
        let b = |o: usize, l: &str| (o, format!("page-{l}"), l.to_string());
        w.page_breaks(vec![b(0, "1"), b(4, "2"), b(7, "3"), b(9, "4"), b(99, "5")]);
        w.raw("<h1>");
        w.place_due_breaks();
        w.text("Ab cd");
        // a decoration is not read; an image's description is read, not written
        w.decoration("✔ ");
        w.text(" e");
        w.read_unwritten("fg");
        w.raw("<img/>");
        w.text("h\u{AD}ij");
        w.flush_page_breaks();
        let (out, _) = w.finish();
        let m = |l: &str| {
            format!("<span id=\"page-{l}\" epub:type=\"pagebreak\" role=\"doc-pagebreak\" aria-label=\"{l}\"></span>")
        };
        let want = [
            "<h1>",
            &m("1"),
            "Ab cd✔  ",
            &m("2"),
            "e<img/>",
            &m("3"),
            "h\u{AD}i",
        ]
        .concat()
            + &m("4")
            + "j"
            + &m("5");
        assert_eq!(out, want);
    }

    #[test]
    fn writer_counts_chars_per_role() {
        let mut w = Writer::new();
        w.text("ab");
        w.push_emphasis(true, false);
        w.text("c");
        w.push_emphasis(false, true);
        w.text("d");
        w.pop();
        w.pop();
        w.push(Style::of(Family::Mono));
        w.text("<e>");
        w.pop();
        let (out, usage) = w.finish();
        assert_eq!(out, "abcd&lt;e&gt;");
        let set = |r| usage.chars[&r].iter().collect::<String>();
        assert_eq!(set(FontRole::Body), "ab");
        assert_eq!(set(FontRole::BodyItalic), "c");
        assert_eq!(set(FontRole::BodyBoldItalic), "d");
        assert_eq!(set(FontRole::Mono), "<>e");
    }
}
