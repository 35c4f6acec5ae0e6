//! Printing diagnostics, for people and for editors. Every command (`check`, `pdf`, `epub`,
//! `build`) prints through [`render`], so all problems read the same way.
//!
//! - **Human**: rustc/Typst style via codespan-reporting — `warning[GB201]: message`, then
//!   `┌─ file:line:col`, the source line with the span underlined, and `= help: …`. Diagnostics
//!   without a place print as one line (`file: error[GB002]: message (help: …)`). A closing line
//!   counts them (`found 1 error and 2 warnings`) when there is at least one. ANSI colours only
//!   when `color` is true (the CLI decides: a terminal and no `NO_COLOR`).
//! - **Json**: one JSON array (pretty-printed, one key per line) of objects
//!   `{code, severity, file, line, column, end_line, end_column, message, hint}`; lines and
//!   columns are 1-based, columns count characters, `end_*` is the position just after the span;
//!   place fields are `null` for diagnostics without a place. `[]` when clean.
//!
//! Both list diagnostics sorted by file and offset ([`Diagnostic::order`]), so output is
//! stable. This is the one place diagnostics are sorted: the stages hand them on as found.

use crate::diag::{sort_for_output, Diagnostic, Severity, Sources, Span};
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::termcolor::{Ansi, WriteColor};
use codespan_reporting::term::{self, Config, Styles, StylesWriter};
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human { color: bool },
    Json,
}

/// Renders diagnostics (sorted by place) as text for a terminal or as JSON.
pub fn render(diags: &[Diagnostic], sources: &Sources, format: Format) -> String {
    let mut sorted = diags.to_vec();
    sort_for_output(&mut sorted);
    match format {
        Format::Human { color } => human(&sorted, sources, color),
        Format::Json => json(&sorted, sources),
    }
}

fn placed(d: &Diagnostic, sources: &Sources) -> Option<Span> {
    d.span.filter(|s| crate::check::valid_span(sources, *s))
}

fn human(diags: &[Diagnostic], sources: &Sources, color: bool) -> String {
    let mut files = SimpleFiles::new();
    for f in &sources.files {
        files.add(f.name.as_str(), f.text.as_str());
    }
    let config = Config::default();
    let styles = if color {
        Styles::default()
    } else {
        Styles::no_color()
    };
    let mut buf: Vec<u8> = Vec::new();
    for d in diags {
        match placed(d, sources) {
            Some(span) if too_long_to_show(sources, span) => {
                one_line(&mut buf, d, sources, color, &styles, true)
            }
            Some(span) => {
                let severity = match d.severity {
                    Severity::Error => CsSeverity::Error,
                    Severity::Warning => CsSeverity::Warning,
                };
                let cs = CsDiagnostic::new(severity)
                    .with_code(d.code)
                    .with_message(&d.message)
                    .with_labels(vec![Label::primary(span.file, span.start..span.end)])
                    .with_notes(d.help.iter().map(|h| format!("help: {h}")).collect());
                let emitted = if color {
                    let mut w = StylesWriter::new(Ansi::new(&mut buf), &styles);
                    term::emit_to_write_style(&mut w, &config, &files, &cs)
                } else {
                    term::emit_to_io_write(&mut buf, &config, &files, &cs)
                };
                if emitted.is_err() {
                    // Cannot happen for a valid span; fall back to the one-line form anyway.
                    one_line(&mut buf, d, sources, color, &styles, false);
                }
            }
            None => one_line(&mut buf, d, sources, color, &styles, false),
        }
    }
    let mut out = String::from_utf8_lossy(&buf).into_owned();
    if let Some(s) = summary(diags) {
        out.push_str(&s);
        out.push('\n');
    }
    out
}

/// Longest source line shown under a diagnostic: a longer one (a pasted megabyte without a
/// line break) would print all of itself, so the diagnostic prints as one line instead, with
/// its line and column.
const SHOWN_LINE_MAX: usize = 400;

/// Whether the lines `span` covers hold more than `SHOWN_LINE_MAX` bytes (looking no
/// further than that either side, so many diagnostics on one long line stay cheap).
fn too_long_to_show(sources: &Sources, span: Span) -> bool {
    let Some(text) = sources.files.get(span.file).map(|f| f.text.as_bytes()) else {
        return false;
    };
    let start = span.start.min(text.len());
    let end = span.end.clamp(start, text.len());
    if end - start > SHOWN_LINE_MAX {
        return true;
    }
    let lo = start.saturating_sub(SHOWN_LINE_MAX + 1);
    let hi = (end + SHOWN_LINE_MAX + 1).min(text.len());
    let from = text[lo..start]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(lo, |i| lo + i + 1);
    let to = text[end..hi]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(hi, |i| end + i);
    to - from > SHOWN_LINE_MAX
}

/// `file: error[CODE]: message (help: …)` (`file:line:col` with `placed`), the severity
/// coloured like codespan's headers.
fn one_line(
    buf: &mut Vec<u8>,
    d: &Diagnostic,
    sources: &Sources,
    color: bool,
    st: &Styles,
    placed: bool,
) {
    let file = d
        .span
        .and_then(|s| sources.files.get(s.file))
        .map(|f| f.name.clone())
        .or_else(|| d.file.clone());
    let unplaced = Diagnostic {
        span: if placed { d.span } else { None },
        file,
        ..d.clone()
    };
    let text = unplaced.one_line(sources);
    let tag = format!("{}[{}]", d.severity, d.code);
    let mut w = Ansi::new(buf);
    match (color, text.find(&tag)) {
        (true, Some(at)) => {
            let spec = match d.severity {
                Severity::Error => &st.header_error,
                Severity::Warning => &st.header_warning,
            };
            let _ = write!(w, "{}", &text[..at]);
            let _ = w.set_color(spec);
            let _ = write!(w, "{tag}");
            let _ = w.reset();
            let _ = writeln!(w, "{}", &text[at + tag.len()..]);
        }
        _ => {
            let _ = writeln!(w, "{text}");
        }
    }
}

/// `found 2 errors and 3 warnings`, or `None` when there is nothing to count.
pub fn summary(diags: &[Diagnostic]) -> Option<String> {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => None,
        (e, 0) => Some(format!("found {}", count(e, "error"))),
        (0, w) => Some(format!("found {}", count(w, "warning"))),
        (e, w) => Some(format!(
            "found {} and {}",
            count(e, "error"),
            count(w, "warning")
        )),
    }
}

/// One diagnostic in the JSON output; fields in this order.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: String,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    message: &'a str,
    hint: Option<&'a str>,
}

fn json(diags: &[Diagnostic], sources: &Sources) -> String {
    let items: Vec<JsonDiagnostic> = diags
        .iter()
        .map(|d| {
            let (file, start, end) = match placed(d, sources) {
                Some(s) => {
                    let f = sources.get(s.file);
                    (
                        Some(f.name.clone()),
                        Some(f.line_col(s.start)),
                        Some(f.line_col(s.end)),
                    )
                }
                None => (
                    d.span
                        .and_then(|s| sources.files.get(s.file))
                        .map(|f| f.name.clone())
                        .or_else(|| d.file.clone()),
                    None,
                    None,
                ),
            };
            JsonDiagnostic {
                code: d.code,
                severity: d.severity.to_string(),
                file,
                line: start.map(|p| p.0),
                column: start.map(|p| p.1),
                end_line: end.map(|p| p.0),
                end_column: end.map(|p| p.1),
                message: &d.message,
                hint: d.help.as_deref(),
            }
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (Vec<Diagnostic>, Sources) {
        let mut s = Sources::default();
        let f = s.add("m/02-take.md", "# Take\n\n- ✔ honesty\n- empathy\n");
        let at = s.get(f).text.find("empathy").unwrap();
        let d = vec![
            Diagnostic::warning("GB201", "this item has no `✔` marker")
                .at(Span::new(f, at, at + 7))
                .help("start it with `✔ `"),
            Diagnostic::error("GB002", "cannot read m/03.md").in_file("m/03.md"),
        ];
        (d, s)
    }

    #[test]
    fn human_output_has_snippet_help_and_summary() {
        let (d, s) = sample();
        let out = render(&d, &s, Format::Human { color: false });
        let expected = "\
m/03.md: error[GB002]: cannot read m/03.md
warning[GB201]: this item has no `✔` marker
  ┌─ m/02-take.md:4:3
  │
4 │ - empathy
  │   ^^^^^^^
  │
  = help: start it with `✔ `

found 1 error and 1 warning
";
        assert_eq!(out, expected);
        assert!(!out.contains('\u{1b}'));
        let colored = render(&d, &s, Format::Human { color: true });
        assert!(colored.contains("\u{1b}["), "{colored:?}");
        assert_eq!(render(&[], &s, Format::Human { color: false }), "");
    }

    #[test]
    fn a_span_on_a_very_long_line_prints_as_one_placed_line() {
        let mut s = Sources::default();
        let long = format!("# T\n\nSee {} now.\n", "x".repeat(100_000));
        let f = s.add("m/01.md", &long);
        let d = vec![Diagnostic::warning("GB302", "too wide")
            .at(Span::new(f, 9, 100_009))
            .help("shorten it")];
        let out = render(&d, &s, Format::Human { color: false });
        assert_eq!(
            out,
            "m/01.md:3:5: warning[GB302]: too wide (help: shorten it)\nfound 1 warning\n"
        );
        // a short span on a long line too
        let d = vec![Diagnostic::warning("GB302", "x").at(Span::new(f, 50_000, 50_001))];
        let out = render(&d, &s, Format::Human { color: false });
        assert!(out.len() < 200, "{} bytes", out.len());
        assert!(out.starts_with("m/01.md:3:"), "{out}");
    }

    #[test]
    fn json_output_names_every_field() {
        let (d, s) = sample();
        let out = render(&d, &s, Format::Json);
        let keys = [
            "code",
            "severity",
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
        ];
        let at = |k: &str| out.find(&format!("\"{k}\":")).unwrap();
        assert!(
            keys.windows(2).all(|w| at(w[0]) < at(w[1])),
            "fields in order:\n{out}"
        );
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let arr = v.as_array().unwrap();
        assert_eq!(arr.len(), 2);
        assert_eq!(arr[0]["file"], "m/03.md");
        assert!(arr[0]["line"].is_null());
        let w = &arr[1];
        assert_eq!(w["code"], "GB201");
        assert_eq!(w["severity"], "warning");
        assert_eq!(w["file"], "m/02-take.md");
        assert_eq!(
            (w["line"].as_u64(), w["column"].as_u64()),
            (Some(4), Some(3))
        );
        assert_eq!(
            (w["end_line"].as_u64(), w["end_column"].as_u64()),
            (Some(4), Some(10))
        );
        assert_eq!(w["hint"], "start it with `✔ `");
        assert_eq!(render(&[], &s, Format::Json), "[]\n");
    }

    #[test]
    fn bad_spans_fall_back_to_one_line() {
        let (_, s) = sample();
        let d = vec![Diagnostic::warning("GB999", "odd").at(Span::new(0, 5, 500))];
        let out = render(&d, &s, Format::Human { color: false });
        assert!(
            out.starts_with("m/02-take.md: warning[GB999]: odd\n"),
            "{out}"
        );
    }
}
