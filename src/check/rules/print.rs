//! What a black-and-white print-shop interior cannot show: a theme colour the author set
//! in guide.toml that is not a grey (GB606, at its key). Run for `check --for kdp` and
//! `--for ingramspark` and by such a build, not by the plain lint: the home PDF and the
//! EPUB show colour. The default theme's colours are left alone: its dark text and
//! headings print black, its links as text, its pale boxes as light tints.

use crate::config::{value_span, PrintShop};
use crate::diag::Diagnostic;
use crate::manuscript::Manuscript;
use crate::pdf::emit::Ink;
use crate::theme::parse_color;

pub(in crate::check) fn colors(ms: &Manuscript, shop: &PrintShop) -> Vec<Diagnostic> {
    let Some(file) = ms.config_file.filter(|_| !shop.color) else {
        return Vec::new();
    };
    let text = &ms.sources.get(file).text;
    let mut out = Vec::new();
    for (key, value) in ms.config.theme.colors() {
        // only what the author wrote: a key guide.toml sets
        let Some(span) = value_span(text, &format!("theme.{key}"), file) else {
            continue;
        };
        let written = text.get(span.start..span.end).unwrap_or_default();
        if !written
            .to_ascii_lowercase()
            .contains(&value.to_ascii_lowercase())
        {
            continue;
        }
        let Some(rgb) = parse_color(value).filter(|&c| !Ink::is_grey(c)) else {
            continue;
        };
        let black = 1.0 - Ink::gray(rgb);
        out.push(
            Diagnostic::warning(
                "GB606",
                format!(
                    "the theme's `{key}` ({value}) is a colour: a black-and-white interior prints it as {:.0} % black",
                    black * 100.0
                ),
            )
            .at(span)
            .help("give it a grey (`#555555`) for print, or make a colour interior (`[pdf.print] color = true`)"),
        );
    }
    out
}
