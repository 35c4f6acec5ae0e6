//! Rendering diagnostics for people and editors (placeholder: one line each until it lands).
use crate::diag::{Diagnostic, Sources};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human { color: bool },
    Json,
}

pub fn render(diags: &[Diagnostic], sources: &Sources, format: Format) -> String {
    let _ = format;
    diags.iter().map(|d| d.one_line(sources) + "\n").collect()
}
