//! The same page numbers in both outputs: the EPUB that `build` makes beside the PDF marks
//! where each of the PDF's body pages starts (`epub:type="pagebreak"`, `role="doc-pagebreak"`),
//! lists them in a page-list navigation and names the PDF edition as their source. The words
//! after each marker are checked against the first words of that page, read from the PDF
//! engine's own frames: on the guide and on a generated book of about 140 pages (footnotes,
//! lists, sayings, tables). `epub` alone makes the same EPUB.

use crate::common::*;
use guidebuild::typeset::frame::{FrameItem, LineKind};
use std::collections::BTreeMap;
use std::path::Path;

/// Page label → the first three words of the page's text (its lines that are not list markers,
/// saying glyphs, running heads, folios or footnotes), from the frames of the manuscript's PDF.
fn pdf_page_words(dir: &Path) -> BTreeMap<String, Vec<String>> {
    let ms = guidebuild::manuscript::load(dir).unwrap();
    let (mut doc, _) = guidebuild::parse::document(&ms).into_parts();
    guidebuild::manuscript::load_assets(&mut doc, &ms);
    let opts = guidebuild::typeset::TypesetOptions::from_config(&ms.config, None);
    let (frames, _) =
        guidebuild::typeset::layout_frames(&doc, &ms.config.theme, &ms.fonts, &opts).unwrap();
    let mut out = BTreeMap::new();
    for f in &frames {
        // the page's text lines in order, until three words
        let text: Vec<&str> = (f.items.iter())
            .filter_map(|i| match i {
                FrameItem::Text(t)
                    if t.info.kind.in_flow() && t.info.kind != LineKind::Footnote =>
                {
                    Some(t.text.as_str())
                }
                _ => None,
            })
            .take(3)
            .collect();
        if !text.is_empty() {
            // a line-end hyphen the setter added joins the word again
            let joined = text.join(" ").replace("\u{AD} ", "");
            out.insert(f.label.clone(), first_words(&joined));
        }
    }
    out
}

fn first_words(s: &str) -> Vec<String> {
    s.split_whitespace().take(3).map(str::to_string).collect()
}

/// A page-break marker: where it is (`chNN.xhtml#id`), its page label, the words after it.
type Marker = (String, String, Vec<String>);

/// (where, page label, first words after it) for every page-break marker of the EPUB's
/// chapters, in reading order; and the page list's (href, label) entries.
fn epub_markers(epub: &[u8]) -> (Vec<Marker>, Vec<(String, String)>) {
    let entries = zip_entries(epub);
    let mut markers = Vec::new();
    for (name, bytes) in &entries {
        let Some(file) = name.strip_prefix("OEBPS/").filter(|n| n.starts_with("ch")) else {
            continue;
        };
        let x = String::from_utf8(bytes.clone()).unwrap();
        let mut rest = x.as_str();
        while let Some(at) = rest.find("<span id=\"page-") {
            let tag_end = at + rest[at..].find("</span>").unwrap() + "</span>".len();
            let tag = &rest[at..tag_end];
            assert!(
                tag.contains("epub:type=\"pagebreak\"") && tag.contains("role=\"doc-pagebreak\""),
                "{tag}"
            );
            let id = tag["<span id=\"".len()..].split('"').next().unwrap();
            let label = tag
                .split("aria-label=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            // what follows, decorations (markers, saying glyphs: aria-hidden) left out
            let mut after = rest[tag_end..].to_string();
            while let Some(h) = after.find("aria-hidden=\"true\">") {
                let open = after[..h].rfind("<span").unwrap();
                let close = h + after[h..].find("</span>").unwrap() + "</span>".len();
                after.replace_range(open..close, "");
            }
            let words = first_words(&xhtml_text(&format!("<body>{after}")));
            markers.push((format!("{file}#{id}"), label.to_string(), words));
            rest = &rest[tag_end..];
        }
    }
    let nav = String::from_utf8(entries["OEBPS/nav.xhtml"].clone()).unwrap();
    let list = nav.split("epub:type=\"page-list\"").nth(1).unwrap_or("");
    let list = &list[..list.find("</nav>").unwrap_or(0)];
    let pages = list
        .split("<li><a href=\"")
        .skip(1)
        .map(|s| {
            let href = s.split('"').next().unwrap().to_string();
            let label = s
                .split('>')
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap()
                .to_string();
            (href, label)
        })
        .collect();
    (markers, pages)
}

fn check_book(dir: &Path, min_pages: usize) {
    let out = tempfile::tempdir().unwrap();
    let o = run(&[
        "build",
        dir.to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let epub_path = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "epub"))
        .unwrap();
    let epub = std::fs::read(&epub_path).unwrap();
    let pdf_words = pdf_page_words(dir);
    let (markers, page_list) = epub_markers(&epub);
    let body: Vec<&String> = pdf_words
        .keys()
        .filter(|k| k.parse::<u32>().is_ok())
        .collect();
    assert!(body.len() >= min_pages, "{} body pages", body.len());
    // one marker per body page with text, each before the words that start that page
    assert_eq!(markers.len(), body.len());
    for (_, label, words) in &markers {
        let want = &pdf_words[label];
        let same = words == want
            // a page that starts inside a hyphenated word: the PDF line has its first part
            || (words.first().zip(want.first()))
                .is_some_and(|(w, p)| p.ends_with('-') && w.starts_with(p.trim_end_matches('-')));
        assert!(same, "page {label}: EPUB {words:?}, PDF {want:?}");
    }
    // the page list names every marker, in order
    let placed: Vec<(String, String)> = markers
        .iter()
        .map(|(h, l, _)| (h.clone(), l.clone()))
        .collect();
    assert_eq!(page_list, placed);
    let opf = String::from_utf8(zip_entries(&epub)["OEBPS/content.opf"].clone()).unwrap();
    assert!(opf.contains("<dc:source id=\"page-source\">"), "{opf}");
    assert!(opf.contains("<meta refines=\"#page-source\" property=\"source-of\">pagination</meta>"));
    // the NCX, for EPUB 2 reading systems, counts the same pages
    let ncx = String::from_utf8(zip_entries(&epub)["OEBPS/toc.ncx"].clone()).unwrap();
    let total = format!("\"dtb:totalPageCount\" content=\"{}\"", markers.len());
    assert!(ncx.contains(&total), "{ncx}");
    for f in ["pageBreakMarkers", "pageNavigation", "printPageNumbers"] {
        assert!(opf.contains(&format!(">{f}</meta>")), "{f}");
    }
    // the EPUB alone is the same book, page numbers and all
    let alone = out.path().join("alone.epub");
    let o = run(&["epub", dir.to_str().unwrap(), "-o", alone.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(std::fs::read(&alone).unwrap(), epub);
}

#[test]
fn the_guide_epub_marks_the_pdf_pages() {
    check_book(Path::new("manuscript"), 5);
}

#[test]
fn a_long_book_epub_marks_every_pdf_page() {
    let dir = tempfile::tempdir().unwrap();
    crate::conformance::genbook(dir.path(), 30_000);
    check_book(dir.path(), 100);
}
