//! The book's untitled opening in the EPUB (no heading, not in the contents or the NCX, its
//! page titled by the book, first in the spine, still the start of the text), and sayings
//! that come out the same however the author typed them.

use super::{parsed, part, parts_of, well_formed};
use crate::epub::*;
use crate::theme::Theme;

const BOOK: &str = "Opening words before any heading.\n\nA second paragraph.\n\n\
                    # Step 1\n\nFirst step.\n\n# Step 2\n\nSecond step.\n";

#[test]
fn the_opening_has_no_heading_and_is_not_listed_but_comes_first() {
    let doc = parsed(BOOK);
    assert!(doc.chapters[0].untitled, "{:#?}", doc.chapters[0]);
    let parts = parts_of(&doc);
    let opening = part(&parts, "OEBPS/ch01.xhtml");
    assert!(opening.contains("<title>The Book</title>"), "{opening}");
    assert!(!opening.contains("<h1"), "{opening}");
    assert!(opening.contains("<p>Opening words before any heading.</p>"));
    assert!(opening.contains(&format!(
        "<section class=\"chapter opening\" id=\"{}\" aria-label=\"The Book\">",
        doc.chapters[0].heading_id
    )));
    // The next chapter keeps its heading.
    let step1 = part(&parts, "OEBPS/ch02.xhtml");
    assert!(step1.contains("<title>Step 1</title>"));
    assert!(step1.contains("<h1 class=\"chapter-title\""));

    // Not in the navigation's contents, the NCX or the contents page …
    let nav = part(&parts, "OEBPS/nav.xhtml");
    let toc = &nav[..nav.find("epub:type=\"landmarks\"").unwrap()];
    assert!(!toc.contains("ch01.xhtml"), "{toc}");
    assert!(toc.contains("<a href=\"ch02.xhtml\">Step 1</a>"));
    let ncx = part(&parts, "OEBPS/toc.ncx");
    assert!(!ncx.contains("ch01.xhtml"), "{ncx}");
    assert!(ncx.contains("ch02.xhtml"));
    let contents = part(&parts, "OEBPS/contents.xhtml");
    assert!(!contents.contains("ch01.xhtml") && contents.contains("ch02.xhtml"));
    // … but it is where the text starts, and first of the chapters in the spine.
    let landmarks = &nav[nav.find("epub:type=\"landmarks\"").unwrap()..];
    assert!(
        landmarks.contains("<li><a epub:type=\"bodymatter\" href=\"ch01.xhtml\">The Book</a></li>"),
        "{landmarks}"
    );
    assert_eq!(landmarks.matches("bodymatter").count(), 1);
    let opf = part(&parts, "OEBPS/content.opf");
    let spine: Vec<&str> = opf
        .match_indices("<itemref idref=\"")
        .map(|(i, m)| {
            let rest = &opf[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    let first_chapter = spine.iter().position(|s| s.contains("ch0")).unwrap();
    assert_eq!(spine[first_chapter], "id_ch01.xhtml", "{spine:?}");
    for name in ["OEBPS/nav.xhtml", "OEBPS/toc.ncx", "OEBPS/ch01.xhtml"] {
        well_formed(part(&parts, name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn a_book_that_starts_with_a_heading_has_no_opening() {
    let doc = parsed("# Step 1\n\nFirst step.\n");
    assert!(!doc.chapters[0].untitled);
    let parts = parts_of(&doc);
    let nav = part(&parts, "OEBPS/nav.xhtml");
    assert!(nav.contains("<a href=\"ch01.xhtml\">Step 1</a>"));
    assert!(nav.contains("<a epub:type=\"bodymatter\" href=\"ch01.xhtml\">Step 1</a>"));
}

/// The sayings block of the first chapter's page.
fn sayings_div(text: &str) -> String {
    let doc = parsed(&format!("# Step\n\n{text}"));
    let x = chapter_xhtml(&doc, &Theme::default(), 0);
    let start = x
        .find("<div class=\"sayings")
        .unwrap_or_else(|| panic!("{text}: {x}"));
    let end = start + x[start..].find("</div>").unwrap();
    x[start..end].to_string()
}

#[test]
fn sayings_look_the_same_however_they_were_typed() {
    let quote = sayings_div("Avoid saying:\n\n> \"Calm down.\"\n> \"Whatever.\"\n");
    assert!(
        quote.contains("<blockquote class=\"saying\"><p>“Calm down.”</p></blockquote>"),
        "{quote}"
    );
    assert!(quote.contains("sayings-avoid"));
    for typed in [
        "Avoid saying:\n\n- ❌ \"Calm down.\"\n- ❌ \"Whatever.\"\n",
        "Avoid saying:\n\n- ✔ \"Calm down.\"\n- ✔ \"Whatever.\"\n",
        "Avoid saying:\n\n- 🚫 \"Calm down.\"\n- 🚫 \"Whatever.\"\n",
        "Avoid saying:\n\n* “Calm down.”\n* “Whatever.”\n",
        "Avoid saying:\n\n1. \"Calm down.\"\n2. \"Whatever.\"\n",
        "Avoid saying:\n\n\"Calm down.\"\n\n\"Whatever.\"\n",
    ] {
        assert_eq!(sayings_div(typed), quote, "{typed}");
    }
    let try_quote = sayings_div("Instead, try:\n\n> \"Go on.\"\n");
    assert!(try_quote.contains("sayings-try"));
    assert_eq!(sayings_div("Instead, try:\n\n- ✔ \"Go on.\"\n"), try_quote);
    assert_eq!(sayings_div("Instead, try:\n\n- ❌ \"Go on.\"\n"), try_quote);
}
