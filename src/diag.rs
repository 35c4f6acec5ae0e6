//! Source spans, the table of source files they point into, and the one `Diagnostic` type that
//! the loader, the parser, the linter and both backends report problems with. Rendering them
//! for a terminal or as JSON lives in `report`.
//!
//! How problems travel between stages:
//! - a problem that stops a stage is an error: `Result<_, Diagnostic>` (or `Vec<Diagnostic>`
//!   where a stage reports several at once, like the linter);
//! - problems that leave the stage's result usable ride along with it in a [`Warned`];
//! - what a finding is about, when another stage may find it too, is a [`Subject`], so the
//!   stages compare findings without reading each other's messages;
//! - the order diagnostics are shown in is [`Diagnostic::order`]; they are sorted once, when
//!   they are rendered (`report::render`), never inside a stage.

use std::fmt;

/// Index of a file in [`Sources`].
pub type FileId = usize;

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        Span { file, start, end }
    }
}

/// One source file: its name as shown to the user (relative to where the user ran the tool,
/// e.g. `manuscript/02-take-responsibility.md`) and its full text.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let mut line_starts = vec![0];
        // a line ends at LF, CRLF or a lone CR (as CommonMark has it)
        let b = text.as_bytes();
        line_starts.extend((0..b.len()).filter_map(|i| {
            let ends = b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n'));
            ends.then_some(i + 1)
        }));
        SourceFile {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// 1-based line and column (column counted in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let col = self.text[start..end].chars().count() + 1;
        (line + 1, col)
    }
}

/// All source files of one build (chapters, `guide.toml`), indexed by [`FileId`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sources {
    pub files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.files.push(SourceFile::new(name, text));
        self.files.len() - 1
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    /// `file:line:col` of the start of a span.
    pub fn location(&self, span: Span) -> String {
        let f = self.get(span.file);
        let (l, c) = f.line_col(span.start);
        format!("{}:{}:{}", f.name, l, c)
    }

    /// The source text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        &self.get(span.file).text[span.start..span.end]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A problem found in the manuscript (or its configuration).
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable code, e.g. `GB101`; see `check::RULES` for the list.
    pub code: &'static str,
    pub message: String,
    /// Where; `None` for problems with no place in a source (a missing folder, say).
    pub span: Option<Span>,
    /// File name to show when there is no span (e.g. a chapter that is not valid UTF-8).
    pub file: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
    /// A safe automatic fix: replace the span's text with this (`check --fix`).
    pub fix: Option<Fix>,
    /// What the finding is about, for findings two stages can both make (see [`Subject`]).
    pub subject: Option<Subject>,
}

/// What a diagnostic is about, in a form other stages can compare. A build runs the linter and
/// the backends over the same text, and some findings come from both: the build matches them
/// on this instead of on message text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Subject {
    /// Characters no font can draw, as the message names them: the linter's GB210 names one,
    /// the PDF engine's GB301 those of one line or paragraph.
    Chars(Vec<char>),
}

impl Subject {
    /// The subject of a finding about one character.
    pub fn char(c: char) -> Subject {
        Subject::Chars(vec![c])
    }

    /// The characters a finding is about (none for a subject of another kind).
    pub fn chars(&self) -> &[char] {
        match self {
            Subject::Chars(cs) => cs,
        }
    }
}

/// A text edit that `check --fix` may apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub span: Span,
    pub replacement: String,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            span: None,
            file: None,
            help: None,
            fix: None,
            subject: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn at(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_fix(mut self, span: Span, replacement: impl Into<String>) -> Self {
        self.fix = Some(Fix {
            span,
            replacement: replacement.into(),
        });
        self
    }

    /// Says what the finding is about (see [`Subject`]).
    pub fn about(mut self, subject: Subject) -> Self {
        self.subject = Some(subject);
        self
    }

    /// The order diagnostics are shown in: by file and offset (those without a span first,
    /// then by the file they name), then by code and message, so output is the same on every
    /// run. `report::render` sorts by it; stages leave their diagnostics in the order found.
    pub fn order(&self) -> impl Ord + '_ {
        (
            self.span.map(|s| (s.file, s.start, s.end)),
            self.file.as_deref(),
            self.code,
            self.message.as_str(),
        )
    }

    /// One line: `file:line:col: error[CODE]: message (help: …)`.
    pub fn one_line(&self, sources: &Sources) -> String {
        let place = match (self.span, &self.file) {
            (Some(span), _) if span.file < sources.files.len() => {
                format!("{}: ", sources.location(span))
            }
            (_, Some(f)) => format!("{f}: "),
            _ => String::new(),
        };
        let mut s = format!("{place}{}[{}]: {}", self.severity, self.code, self.message);
        if let Some(h) = &self.help {
            s.push_str(&format!(" (help: {h})"));
        }
        s
    }
}

/// A stage's result together with the warnings found while making it: problems worth telling
/// the author that still leave the value usable (a dropped HTML block, a footnote never
/// referred to). Problems that stop the stage are errors and travel as `Err` instead. (Once
/// stages are joined, an error that leaves the value usable may ride here too: an image that
/// cannot be read leaves a document the linter can still check, and the build, looking at
/// the severities, writes nothing.)
///
/// Stages hand their warnings on and never print them; whoever runs the stages gathers them
/// all and renders them once. Combine steps with [`Warned::and_then`] (or take a step's value
/// and keep its warnings with [`Warned::take`]); at the end, [`Warned::into_parts`].
#[derive(Debug, Clone, PartialEq)]
#[must_use = "the warnings must be passed on or reported"]
pub struct Warned<T> {
    pub value: T,
    /// In the order found; rendering sorts them.
    pub warnings: Vec<Diagnostic>,
}

/// A warned value reads as the value: `rendered.bytes` for `rendered.value.bytes`.
impl<T> std::ops::Deref for Warned<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> Warned<T> {
    /// A value and the warnings found making it.
    pub fn new(value: T, warnings: Vec<Diagnostic>) -> Self {
        Warned { value, warnings }
    }

    /// A value made without warnings.
    pub fn clean(value: T) -> Self {
        Warned::new(value, Vec::new())
    }

    /// Adds a warning.
    pub fn warn(&mut self, d: Diagnostic) {
        self.warnings.push(d);
    }

    /// Adds the warnings of another step.
    pub fn extend(&mut self, warnings: impl IntoIterator<Item = Diagnostic>) {
        self.warnings.extend(warnings);
    }

    /// The value of another step, whose warnings join these.
    pub fn take<U>(&mut self, step: Warned<U>) -> U {
        self.warnings.extend(step.warnings);
        step.value
    }

    /// Changes the value, keeping the warnings.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Warned<U> {
        Warned::new(f(self.value), self.warnings)
    }

    /// The next step on the value: its warnings follow these.
    pub fn and_then<U>(self, f: impl FnOnce(T) -> Warned<U>) -> Warned<U> {
        let mut next = f(self.value);
        let mut warnings = self.warnings;
        warnings.append(&mut next.warnings);
        Warned::new(next.value, warnings)
    }

    /// The value and the warnings, apart.
    pub fn into_parts(self) -> (T, Vec<Diagnostic>) {
        (self.value, self.warnings)
    }
}

/// Many steps' values in order, with all their warnings in the same order.
impl<T> FromIterator<Warned<T>> for Warned<Vec<T>> {
    fn from_iter<I: IntoIterator<Item = Warned<T>>>(iter: I) -> Self {
        let mut all = Warned::clean(Vec::new());
        for w in iter {
            let v = all.take(w);
            all.value.push(v);
        }
        all
    }
}

/// Sorts diagnostics into the order they are shown in ([`Diagnostic::order`]).
pub fn sort_for_output(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| a.order().cmp(&b.order()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars_not_bytes() {
        let f = SourceFile::new("a.md", "ab\n✔ x\nlast");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        // after the 3-byte ✔ and a space
        assert_eq!(f.line_col(7), (2, 3));
        assert_eq!(f.line_col(f.text.len()), (3, 5));
    }

    #[test]
    fn one_line_names_place_code_and_help() {
        let mut s = Sources::default();
        let id = s.add("m/ch.md", "hello\nworld");
        let d = Diagnostic::error("GB001", "bad")
            .at(Span::new(id, 6, 11))
            .help("fix it");
        assert_eq!(
            d.one_line(&s),
            "m/ch.md:2:1: error[GB001]: bad (help: fix it)"
        );
    }

    #[test]
    fn warned_steps_keep_every_warning_in_order() {
        let w = |n: &'static str| Diagnostic::warning("GB101", n);
        let first = Warned::new(2, vec![w("a")]);
        let both = first.and_then(|n| Warned::new(n * 10, vec![w("b"), w("c")]));
        let mut total = both.map(|n| n + 1);
        let three = total.take(Warned::new(3, vec![w("d")]));
        total.warn(w("e"));
        let (value, warnings) = total.into_parts();
        assert_eq!((value, three), (21, 3));
        let names: Vec<&str> = warnings.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(names, ["a", "b", "c", "d", "e"]);
        let many: Warned<Vec<u8>> = [Warned::clean(1), Warned::new(2, vec![w("x")])]
            .into_iter()
            .collect();
        assert_eq!((many.value, many.warnings.len()), (vec![1, 2], 1));
    }

    #[test]
    fn output_order_is_place_then_code_then_message() {
        let mut d = vec![
            Diagnostic::warning("GB207", "b").at(Span::new(0, 5, 6)),
            Diagnostic::warning("GB207", "a").at(Span::new(0, 1, 2)),
            Diagnostic::warning("GB206", "z").at(Span::new(0, 1, 2)),
            Diagnostic::warning("GB201", "y").at(Span::new(1, 0, 1)),
            Diagnostic::error("GB010", "c").in_file("guide.toml"),
            Diagnostic::error("GB005", "d"),
        ];
        sort_for_output(&mut d);
        let msgs: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(msgs, ["d", "c", "z", "a", "b", "y"]);
    }

    #[test]
    fn a_subject_names_its_characters() {
        let d = Diagnostic::warning("GB210", "x").about(Subject::char('a'));
        assert_eq!(d.subject.as_ref().map(Subject::chars), Some(&['a'][..]));
        assert_eq!(Subject::Chars(vec!['a', 'b']).chars(), ['a', 'b']);
        assert_eq!(Diagnostic::warning("GB210", "x").subject, None);
    }
}
