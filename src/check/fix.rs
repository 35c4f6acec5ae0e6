//! `check --fix`: turns the safe fixes carried by diagnostics (a missing list marker, a curly
//! quote) into new file texts. Fixes are applied in source order; one that overlaps a fix
//! already taken (or that does not fit its file) is left out, so every character outside the
//! fixed spans stays exactly where it was. Writing the files is the CLI's job.

use crate::diag::{Diagnostic, FileId, Fix, Sources};
use std::collections::BTreeMap;

/// The new text of one file and a line per change (`02-x.md:14:3: added `✔ ``).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFix {
    pub file: FileId,
    pub new_text: String,
    pub changes: Vec<String>,
}

/// Applies every diagnostic's fix that does not overlap another, file by file (in file order).
pub fn plan_fixes(diags: &[Diagnostic], sources: &Sources) -> Vec<FileFix> {
    let mut by_file: BTreeMap<FileId, Vec<(&Fix, &'static str)>> = BTreeMap::new();
    for d in diags {
        if let Some(fix) = &d.fix {
            if super::valid_span(sources, fix.span) {
                by_file
                    .entry(fix.span.file)
                    .or_default()
                    .push((fix, d.code));
            }
        }
    }
    let mut out = Vec::new();
    for (file, mut fixes) in by_file {
        fixes.sort_by_key(|(f, code)| (f.span.start, f.span.end, *code, f.replacement.clone()));
        let text = &sources.get(file).text;
        let mut new_text = String::with_capacity(text.len() + 16);
        let mut changes = Vec::new();
        let mut pos = 0;
        let mut last: Option<(usize, usize)> = None;
        for (fix, code) in fixes {
            let (s, e) = (fix.span.start, fix.span.end);
            // Overlap: starts inside the last edit, or the same edit range twice.
            if s < pos || last == Some((s, e)) {
                continue;
            }
            new_text.push_str(&text[pos..s]);
            new_text.push_str(&fix.replacement);
            pos = e;
            last = Some((s, e));
            changes.push(format!(
                "{}: {} ({code})",
                sources.location(fix.span),
                describe(&text[s..e], &fix.replacement)
            ));
        }
        new_text.push_str(&text[pos..]);
        if !changes.is_empty() && new_text != *text {
            out.push(FileFix {
                file,
                new_text,
                changes,
            });
        }
    }
    out
}

fn describe(old: &str, new: &str) -> String {
    match (old.is_empty(), new.is_empty()) {
        (true, _) => format!("added `{}`", new.trim_end()),
        (false, true) => format!("removed `{old}`"),
        (false, false) => format!("replaced `{old}` with `{new}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Span;

    fn fix(file: FileId, s: usize, e: usize, r: &str) -> Diagnostic {
        Diagnostic::warning("GB206", "x").with_fix(Span::new(file, s, e), r)
    }

    #[test]
    fn fixes_apply_in_order_and_touch_nothing_else() {
        let mut src = Sources::default();
        let a = src.add("a.md", "It's \"x\"\n- empathy\n");
        let b = src.add("b.md", "clean\n");
        let diags = vec![
            fix(a, 7, 8, "”"),
            fix(a, 2, 3, "’"),
            fix(a, 5, 6, "“"),
            Diagnostic::warning("GB201", "m").with_fix(Span::new(a, 11, 11), "✔ "),
            Diagnostic::warning("GB207", "no fix").at(Span::new(b, 0, 1)),
        ];
        let plan = plan_fixes(&diags, &src);
        assert_eq!(plan.len(), 1);
        assert_eq!(plan[0].new_text, "It’s “x”\n- ✔ empathy\n");
        assert_eq!(
            plan[0].changes,
            [
                "a.md:1:3: replaced `'` with `’` (GB206)",
                "a.md:1:6: replaced `\"` with `“` (GB206)",
                "a.md:1:8: replaced `\"` with `”` (GB206)",
                "a.md:2:3: added `✔` (GB201)",
            ]
        );
    }

    #[test]
    fn overlapping_and_out_of_range_fixes_are_skipped() {
        let mut src = Sources::default();
        let a = src.add("a.md", "abcdef");
        let diags = vec![
            fix(a, 1, 4, "X"),
            fix(a, 2, 3, "Y"),
            fix(a, 4, 4, "+"),
            fix(a, 4, 4, "-"),
            fix(a, 5, 99, "Z"),
            fix(7, 0, 1, "W"),
        ];
        let plan = plan_fixes(&diags, &src);
        assert_eq!(plan[0].new_text, "aX+ef");
        assert_eq!(plan[0].changes.len(), 2);
        assert!(plan_fixes(&[], &src).is_empty());
    }
}
