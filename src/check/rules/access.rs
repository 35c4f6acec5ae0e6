//! What keeps the books' accessibility claims true: an image without a description (GB212),
//! and a theme colour under WCAG 2.1 AA's contrast (GB213, placed at its key in guide.toml).
//! The EPUB states `alternativeText` and WCAG 2.1 AA conformance only when neither is found
//! (see `epub`); these tell the author why a claim is missing and what to change.

use crate::check::first_line;
use crate::config::value_span;
use crate::diag::{Diagnostic, Sources};
use crate::manuscript::Manuscript;
use crate::model::Document;

pub(in crate::check) fn check(doc: &Document, ms: &Manuscript) -> Vec<Diagnostic> {
    let mut out = undescribed_images(doc, &ms.sources);
    out.extend(low_contrast(ms));
    out
}

fn undescribed_images(doc: &Document, src: &Sources) -> Vec<Diagnostic> {
    doc.images()
        .into_iter()
        .filter(|(img, _)| img.undescribed())
        .map(|(img, span)| {
            Diagnostic::warning("GB212", format!("image `{}` has no description", img.src))
                // (a figure's span is its whole block: its first line is the image)
                .at(first_line(src, span))
                .help(
                    "say what it shows between the brackets: `![A couple talking at a table](…)`; \
                 without one, the EPUB does not claim text alternatives for its images (an \
                 image that is only decoration: `![](flourish.png \"decorative\")`)",
                )
        })
        .collect()
}

fn low_contrast(ms: &Manuscript) -> Vec<Diagnostic> {
    ms.config
        .theme
        .low_contrast()
        .into_iter()
        .map(|lc| {
            let d = Diagnostic::warning(
                "GB213",
                format!(
                    "the theme's `{}` ({}) on {} has a contrast of {:.1}:1, under WCAG AA's {}:1",
                    lc.key, lc.color, lc.against, lc.ratio, lc.needed
                ),
            )
            .help("choose a darker colour (or a lighter background); until then the EPUB does not claim WCAG 2.1 AA");
            let place = ms.config_file.and_then(|f| {
                value_span(&ms.sources.get(f).text, &format!("theme.{}", lc.key), f)
            });
            match place {
                Some(span) => d.at(span),
                None => d.in_file("guide.toml"),
            }
        })
        .collect()
}
