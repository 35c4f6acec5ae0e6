//! Source spans, the table of source files they point into, and the one `Diagnostic` type that
//! the loader, the parser, the linter and both backends report problems with. Rendering them
//! for a terminal or as JSON lives in `report`.

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
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
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

    /// Byte range of the 1-based line `line` (without its newline).
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .map(|e| e - 1)
            .unwrap_or(self.text.len());
        start..end
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

/// A list of diagnostics gathered during one stage.
pub type Diagnostics = Vec<Diagnostic>;

pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.severity == Severity::Error)
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
        assert_eq!(&f.text[f.line_range(2)], "✔ x");
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
}
