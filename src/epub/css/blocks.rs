//! The stylesheet rules for the book's blocks, generated from the theme: lists with one hanging
//! marker per item coloured per kind, lead-ins kept with their lists, the two kinds of sayings
//! (rule, tint, colour, italic), figures, tables, footnotes and the front matter pages, and
//! their mirror images for right-to-left books.

use super::rules::{decls, num, rule};
use crate::theme::Theme;

/// Lists: one hanging marker per item, coloured per kind; lead-ins kept with their lists.
pub fn lists(css: &mut String, theme: &Theme, indent: &str, gap: &str, sans: &str) {
    let m = &theme.markers;
    rule(
        css,
        "ul, ol",
        &decls![
            format!("margin: 0 0 {gap} 0"),
            format!("padding-left: {indent}")
        ],
    );
    rule(css, "li", &decls!["margin: 0 0 0.3em 0"]);
    rule(css, "li > p", &decls!["margin: 0 0 0.3em 0"]);
    rule(css, "li > ul, li > ol", &decls!["margin: 0.3em 0 0 0"]);
    // One marker per item: the glyph is in the markup, so no list-style bullet as well.
    rule(
        css,
        "ul.bullet, ul.marked",
        &decls!["list-style: none", "padding-left: 0", "margin-left: 0"],
    );
    rule(
        css,
        "ul.bullet > li, ul.marked > li",
        &decls![format!("margin-left: {indent}")],
    );
    rule(
        css,
        ".marker",
        &decls![
            "display: inline-block",
            format!("width: {indent}"),
            format!("margin-left: -{indent}"),
            "text-indent: 0",
            format!("font-family: {sans}"),
            "font-style: normal",
            "font-weight: 400",
        ],
    );
    for (class, color) in [
        ("marker-bullet", &m.bullet.color),
        ("marker-check", &m.check.color),
        ("marker-avoid", &m.avoid.color),
        ("marker-open", &m.task_open.color),
        ("marker-done", &m.check.color),
    ] {
        rule(
            css,
            &format!(".{class}"),
            &decls![format!("color: {color}")],
        );
    }
    rule(
        css,
        "ol.ordered > li::marker",
        &decls![format!("color: {}", m.bullet.color)],
    );
    // A lead-in stays with what it introduces.
    rule(
        css,
        ".lead",
        &decls![
            "margin-bottom: 0.3em",
            "page-break-after: avoid",
            "break-after: avoid",
        ],
    );
    rule(
        css,
        ".lead-group > ul, .lead-group > ol",
        &decls!["margin-top: 0"],
    );
}

/// Reflection prompts (only in a book that has them): each question's answer space, two
/// ruled lines (the printed page has more), and the note under the questions, muted.
pub fn reflection(css: &mut String, theme: &Theme) {
    let ruled = format!("1px solid {}", theme.colors.rule);
    rule(
        css,
        ".reflection .answer",
        &decls![
            "height: 1.5em",
            format!("border-bottom: {ruled}"),
            "margin: 0 0 0.6em 0",
        ],
    );
    rule(
        css,
        ".reflection .answer::before",
        &decls![
            "content: \"\"",
            "display: block",
            "height: 1.5em",
            format!("border-bottom: {ruled}"),
        ],
    );
    rule(
        css,
        ".answer-note",
        &decls![
            format!("color: {}", theme.colors.muted),
            "font-size: 0.9em",
            "font-style: italic",
            "margin-top: 0.2em",
        ],
    );
}

/// The two kinds of sayings: rule, tint, colour, italic.
pub fn sayings(css: &mut String, theme: &Theme, heading: &str, sans: &str) {
    rule(
        css,
        ".sayings",
        &decls![
            "margin: 0.9em 0",
            "padding: 0.5em 0.9em",
            "page-break-inside: avoid",
            "break-inside: avoid",
        ],
    );
    rule(
        css,
        ".sayings .lead",
        &decls![
            format!("font-family: {heading}"),
            "font-weight: 600",
            "font-style: normal",
            "font-size: 0.9em",
            "margin: 0 0 0.35em 0",
        ],
    );
    rule(
        css,
        ".saying-glyph",
        &decls![
            format!("font-family: {sans}"),
            "font-weight: 400",
            "margin-right: 0.2em",
        ],
    );
    rule(
        css,
        "blockquote.saying",
        &decls!["margin: 0.3em 0 0 0", "padding: 0"],
    );
    rule(css, "blockquote.saying p", &decls!["margin: 0"]);
    for (class, s) in [
        ("sayings-avoid", &theme.sayings.avoid),
        ("sayings-try", &theme.sayings.try_),
    ] {
        rule(
            css,
            &format!(".{class}"),
            &decls![
                format!("border-left: 0.3em solid {}", s.rule_color),
                format!("background-color: {}", s.background),
                format!("color: {}", s.color),
            ],
        );
        rule(
            css,
            &format!(".{class} .lead, .{class} .saying-glyph"),
            &decls![format!("color: {}", s.rule_color)],
        );
        rule(
            css,
            &format!(".{class} blockquote.saying"),
            &decls![
                format!("color: {}", s.color),
                format!("font-style: {}", if s.italic { "italic" } else { "normal" }),
            ],
        );
    }
}

/// Figures, images and tables.
pub fn figures_and_tables(css: &mut String, theme: &Theme, sans: &str) {
    let c = &theme.colors;
    rule(
        css,
        "figure.figure",
        &decls![
            "margin: 1em 0",
            "text-align: center",
            "page-break-inside: avoid",
            "break-inside: avoid",
        ],
    );
    rule(
        css,
        "img.figure-image, img.cover-image",
        &decls!["max-width: 100%", "height: auto"],
    );
    rule(
        css,
        "img.inline-image",
        &decls!["max-height: 1.2em", "width: auto", "vertical-align: middle"],
    );
    rule(
        css,
        "figcaption",
        &decls![
            format!("font-family: {sans}"),
            "font-size: 0.9em",
            format!("color: {}", c.muted),
            "margin-top: 0.4em",
        ],
    );
    rule(
        css,
        ".table-wrap",
        &decls!["overflow-x: auto", "margin: 0 0 1em 0"],
    );
    rule(css, "table", &decls!["border-collapse: collapse"]);
    rule(
        css,
        "th, td",
        &decls![
            format!("border-bottom: 1px solid {}", c.rule),
            "padding: 0.3em 0.6em",
            "text-align: left",
            "text-align: start",
            "vertical-align: top",
        ],
    );
    rule(css, "th", &decls!["font-weight: 700"]);
    rule(css, ".al-left", &decls!["text-align: left"]);
    rule(css, ".al-center", &decls!["text-align: center"]);
    rule(css, ".al-right", &decls!["text-align: right"]);
}

/// Footnotes, and the front matter pages: title page, contents (and the navigation), cover.
pub fn notes_and_front_matter(css: &mut String, theme: &Theme, sans: &str) {
    let c = &theme.colors;
    let title = theme.heading_sizes[0] / theme.body_size.max(1.0);
    rule(
        css,
        "sup.noteref",
        &decls![
            "font-size: 0.75em",
            "line-height: 0",
            "vertical-align: super"
        ],
    );
    rule(
        css,
        ".footnotes",
        &decls![
            "margin-top: 2em",
            format!("border-top: 1px solid {}", c.rule),
            "padding-top: 0.6em",
            "font-size: 0.9em",
        ],
    );
    rule(css, ".footnote p", &decls!["margin: 0 0 0.4em 0"]);
    rule(css, ".backlink", &decls!["margin-right: 0.35em"]);
    rule(
        css,
        ".titlepage",
        &decls!["text-align: center", "margin-top: 20%"],
    );
    rule(
        css,
        ".titlepage h1.title",
        &decls![
            format!("font-size: {}em", num(title)),
            "margin-bottom: 0.6em"
        ],
    );
    rule(
        css,
        ".subtitle",
        &decls![
            "font-style: italic",
            "font-size: 1.2em",
            format!("color: {}", c.muted)
        ],
    );
    rule(
        css,
        ".authors",
        &decls![
            format!("font-family: {sans}"),
            "font-size: 1.15em",
            "margin-top: 3em",
        ],
    );
    rule(
        css,
        ".contents-list, nav#toc ol, nav#landmarks ol",
        &decls!["list-style: none", "padding-left: 0"],
    );
    rule(
        css,
        "nav#toc ol ol",
        &decls![format!("padding-left: {}em", num(theme.list_indent))],
    );
    rule(
        css,
        ".contents-list li, nav#toc li",
        &decls!["margin: 0 0 0.5em 0"],
    );
    rule(css, ".cover", &decls!["text-align: center"]);
}

/// Mirrors the hanging markers and the sayings' rule for right-to-left books (`dir="rtl"`).
pub fn right_to_left(css: &mut String, theme: &Theme, indent: &str) {
    rule(
        css,
        "[dir=\"rtl\"] ul, [dir=\"rtl\"] ol",
        &decls!["padding-left: 0", format!("padding-right: {indent}")],
    );
    rule(
        css,
        "[dir=\"rtl\"] ul.bullet, [dir=\"rtl\"] ul.marked",
        &decls!["padding-right: 0"],
    );
    rule(
        css,
        "[dir=\"rtl\"] ul.bullet > li, [dir=\"rtl\"] ul.marked > li",
        &decls!["margin-left: 0", format!("margin-right: {indent}")],
    );
    rule(
        css,
        "[dir=\"rtl\"] .marker",
        &decls!["margin-left: 0", format!("margin-right: -{indent}")],
    );
    rule(
        css,
        "[dir=\"rtl\"] blockquote",
        &decls![format!("margin: 0.8em {indent} 0.8em 0")],
    );
    rule(
        css,
        "[dir=\"rtl\"] blockquote.saying",
        &decls!["margin: 0.3em 0 0 0"],
    );
    rule(
        css,
        "[dir=\"rtl\"] .saying-glyph",
        &decls!["margin-right: 0", "margin-left: 0.2em"],
    );
    for (class, s) in [
        ("sayings-avoid", &theme.sayings.avoid),
        ("sayings-try", &theme.sayings.try_),
    ] {
        rule(
            css,
            &format!("[dir=\"rtl\"] .{class}"),
            &decls![
                "border-left: none",
                format!("border-right: 0.3em solid {}", s.rule_color),
            ],
        );
    }
}
