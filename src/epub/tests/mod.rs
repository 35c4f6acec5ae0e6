//! Tests of the whole EPUB backend: well-formed pages with unique ids and the book's language,
//! escaping, package metadata and landmarks, fallbacks, right-to-left, and byte-identical
//! rebuilds. Markers, sayings, links, images and fonts are in `content.rs`; the book's untitled
//! opening and sayings however they were typed in `opening.rs`; font subsets shaped against
//! their originals in `fonts.rs`.

use super::*;

mod content;
mod fonts;
mod opening;
use crate::diag::Span;
use crate::model::*;
use std::collections::BTreeSet;

/// A small XML well-formedness check: tags nest, attributes are quoted, `&` starts a known
/// entity, no `<` in text. Returns the ids declared.
pub(super) fn well_formed(xml: &str) -> Result<Vec<String>, String> {
    let mut stack: Vec<String> = Vec::new();
    let mut ids = Vec::new();
    let mut rest = xml;
    while let Some(pos) = rest.find(['<', '&']) {
        let (text, tail) = rest.split_at(pos);
        if text.contains('>') && !stack.is_empty() {
            return Err(format!("raw > in text: {text}"));
        }
        if let Some(t) = tail.strip_prefix('&') {
            let end = t.find(';').ok_or("unterminated entity")?;
            let name = &t[..end];
            if !matches!(name, "amp" | "lt" | "gt" | "quot" | "#39") {
                return Err(format!("unknown entity &{name};"));
            }
            rest = &t[end + 1..];
            continue;
        }
        let end = tail.find('>').ok_or("unterminated tag")?;
        let tag = &tail[1..end];
        rest = &tail[end + 1..];
        if tag.starts_with('?') || tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().ok_or(format!("stray </{name}>"))?;
            if open != name.trim() {
                return Err(format!("<{open}> closed by </{name}>"));
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let body = tag.trim_end_matches('/');
        let name = body
            .split_whitespace()
            .next()
            .ok_or("empty tag")?
            .to_string();
        let attrs = &body[name.len()..];
        if attrs.matches('"').count() % 2 != 0 || attrs.contains('<') {
            return Err(format!("bad attributes in <{tag}>"));
        }
        if let Some(i) = attrs.find(" id=\"") {
            let v = &attrs[i + 5..];
            ids.push(v[..v.find('"').unwrap_or(0)].to_string());
        }
        if !self_closing {
            stack.push(name);
        }
    }
    if !stack.is_empty() {
        return Err(format!("unclosed {stack:?}"));
    }
    Ok(ids)
}

pub(super) fn parts_of(doc: &Document) -> Vec<(String, Vec<u8>)> {
    render_parts(
        doc,
        &Theme::default(),
        &FontFiles::default_set(),
        &EpubOptions::default(),
    )
    .unwrap()
}

/// The document the parser makes of one Markdown file `m/book.md`, titled "The Book".
pub(super) fn parsed(text: &str) -> Document {
    let mut sources = crate::diag::Sources::default();
    let file = sources.add("m/book.md", text);
    let ms = crate::manuscript::Manuscript {
        root: "m".into(),
        sources,
        config: crate::config::GuideConfig {
            title: Some("The Book".into()),
            ..Default::default()
        },
        config_file: None,
        chapters: vec![crate::manuscript::ChapterSource {
            file,
            body_start: 0,
            front: Default::default(),
        }],
        fonts: FontFiles::default_set(),
        source_date_epoch: Some(0),
        newest_mtime: None,
    };
    crate::parse::document(&ms).into_parts().0
}

pub(super) fn part<'a>(parts: &'a [(String, Vec<u8>)], name: &str) -> &'a str {
    let bytes = &parts.iter().find(|(n, _)| n == name).expect(name).1;
    std::str::from_utf8(bytes).unwrap()
}

#[test]
fn two_renders_are_byte_identical() {
    let doc = sample::document();
    let (t, f, o) = (
        Theme::default(),
        FontFiles::default_set(),
        EpubOptions::default(),
    );
    let a = render(&doc, &t, &f, &o).unwrap();
    let b = render(&doc, &t, &f, &o).unwrap();
    assert_eq!(a.bytes, b.bytes);
    let mut other = doc.clone();
    other.meta.timestamp += 86_400;
    assert_ne!(render(&other, &t, &f, &o).unwrap().bytes, a.bytes);
}

#[test]
fn every_page_is_well_formed_with_unique_ids_and_language() {
    let mut doc = sample::document();
    doc.meta.cover = Some(0);
    let parts = parts_of(&doc);
    let pages: Vec<&String> = parts
        .iter()
        .map(|(n, _)| n)
        .filter(|n| n.ends_with(".xhtml"))
        .collect();
    assert_eq!(pages.len(), 6, "{pages:?}"); // cover, title, contents, 2 chapters, nav
    for name in pages {
        let xml = part(&parts, name);
        let ids = well_formed(xml).unwrap_or_else(|e| panic!("{name}: {e}"));
        let unique: BTreeSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{name}: duplicate ids {ids:?}");
        assert!(xml.contains("lang=\"en\" xml:lang=\"en\""), "{name}");
    }
    well_formed(part(&parts, "OEBPS/content.opf")).unwrap();
    well_formed(part(&parts, "OEBPS/toc.ncx")).unwrap();
}

#[test]
fn hostile_text_is_escaped() {
    let mut doc = sample::document();
    doc.meta.title = "A <b>&\"title\"</b>".into();
    doc.chapters[0].title = vec![Inline::text(
        "<script>alert('x')</script> & co",
        Span::default(),
    )];
    doc.chapters[0].title_text = "<script>alert('x')</script> & co".into();
    doc.chapters[0].heading_id = "bad id\"><x".into();
    let parts = parts_of(&doc);
    for (name, bytes) in &parts {
        if name.ends_with(".xhtml") || name.ends_with(".opf") || name.ends_with(".ncx") {
            let xml = std::str::from_utf8(bytes).unwrap();
            well_formed(xml).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(!xml.contains("<script"), "{name}");
        }
    }
    let ch = part(&parts, "OEBPS/ch01.xhtml");
    assert!(ch.contains("id=\"bad-id---x\""));
    assert!(ch.contains("&lt;script&gt;alert('x')&lt;/script&gt; &amp; co"));
}

#[test]
fn accessibility_claims_follow_the_descriptions_and_the_theme() {
    let mut doc = sample::document();
    let opf = |doc: &Document, theme: &Theme| {
        let parts = render_parts(
            doc,
            theme,
            &FontFiles::default_set(),
            &EpubOptions::default(),
        )
        .unwrap();
        part(&parts, "OEBPS/content.opf").to_string()
    };
    // every image described, the default theme: both claims
    for b in doc.chapters.iter_mut().flat_map(|ch| &mut ch.blocks) {
        if let BlockKind::Figure { image, .. } = &mut b.kind {
            if image.alt.is_empty() {
                image.alt = "A picture".into();
            }
        }
    }
    let undescribed = doc
        .images()
        .iter()
        .filter(|(i, _)| i.alt.trim().is_empty())
        .count();
    assert_eq!(undescribed, 0);
    let good = opf(&doc, &Theme::default());
    assert!(good.contains(">alternativeText<"), "{good}");
    assert!(good.contains("WCAG 2.1 Level AA</meta>"), "{good}");
    assert!(
        good.contains("This publication meets WCAG 2.1 Level AA."),
        "{good}"
    );
    // link text at 2.3:1 on white: no conformance claim, and the summary says why
    let mut pale = Theme::default();
    pale.colors.link = "#a0a0a0".into();
    assert_eq!(pale.low_contrast().len(), 1);
    let low = opf(&doc, &pale);
    assert!(!low.contains("conformsTo"), "{low}");
    assert!(!low.contains("meets WCAG"), "{low}");
    assert!(low.contains("below WCAG 2.1 AA's contrast"), "{low}");
    assert!(low.contains(">alternativeText<"), "{low}");
}

#[test]
fn package_has_metadata_accessibility_and_landmarks() {
    let mut doc = sample::document();
    doc.meta.cover = Some(0);
    let parts = parts_of(&doc);
    assert_eq!(parts[0].0, "mimetype");
    let opf = part(&parts, "OEBPS/content.opf");
    for needle in [
        "xml:lang=\"en\"",
        "<dc:identifier id=\"epub-id-1\">urn:uuid:6f1c2d1e-3b5a-5c8e-9a47-2d0f4b8e7c31</dc:identifier>",
        "<dc:language id=\"epub-language-0\">en</dc:language>",
        "<dc:title id=\"subtitle\">Every block kind, once</dc:title>",
        "<meta property=\"dcterms:modified\">2026-11-28T00:00:00Z</meta>",
        "<meta property=\"schema:accessMode\">visual</meta>",
        "<meta property=\"schema:accessibilityHazard\">none</meta>",
        "<meta property=\"dcterms:conformsTo\">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>",
        "<dc:description>A test book with &lt;every&gt; kind of block.</dc:description>",
        "properties=\"cover-image\"",
        "media-type=\"font/ttf\"",
    ] {
        assert!(opf.contains(needle), "missing {needle}");
    }
    // one of the sample's images has no description: no claim of text alternatives
    assert!(!opf.contains("alternativeText"), "{opf}");
    assert!(
        opf.contains("Some images have no text alternative."),
        "{opf}"
    );
    let spine: Vec<&str> = opf
        .split("<itemref idref=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(
        spine,
        [
            "id_cover.xhtml",
            "id_title.xhtml",
            "id_contents.xhtml",
            "id_ch01.xhtml",
            "id_ch02.xhtml"
        ]
    );
    let nav = part(&parts, "OEBPS/nav.xhtml");
    assert!(nav.contains("role=\"doc-toc\" aria-labelledby=\"toc-title\""));
    for lm in ["cover", "titlepage", "toc", "bodymatter"] {
        assert!(nav.contains(&format!("<a epub:type=\"{lm}\"")), "{lm}");
    }
    let cover = part(&parts, "OEBPS/cover.xhtml");
    assert!(cover.contains("<img class=\"cover-image\" role=\"doc-cover\""));
    let contents = part(&parts, "OEBPS/contents.xhtml");
    assert!(contents.contains("<li><a href=\"ch02.xhtml\">1. First Steps</a></li>"));
    let title = part(&parts, "OEBPS/title.xhtml");
    assert!(title.contains("<p class=\"author\">B. Helper</p>"));
}

#[test]
fn the_well_formedness_check_catches_breakage() {
    assert!(well_formed("<p>a<b>c</b></p>").is_ok());
    assert!(well_formed("<p>a<b>c</p></b>").is_err());
    assert!(well_formed("<p>a & b</p>").is_err());
    assert!(well_formed("<p>a</p><p>").is_err());
    assert!(well_formed("<a href=\"x>y</a>").is_err());
}

#[test]
fn right_to_left_books_say_so() {
    let mut doc = sample::document();
    doc.meta.lang = "ar-EG".into();
    let parts = parts_of(&doc);
    assert!(
        part(&parts, "OEBPS/ch01.xhtml").contains("lang=\"ar-EG\" xml:lang=\"ar-EG\" dir=\"rtl\">")
    );
    assert!(part(&parts, "OEBPS/nav.xhtml").contains("xml:lang=\"ar-EG\" dir=\"rtl\">"));
    assert!(part(&parts, "OEBPS/content.opf").contains("page-progression-direction=\"rtl\""));
    let ltr = parts_of(&sample::document());
    assert!(!part(&ltr, "OEBPS/ch01.xhtml").contains("dir=\"rtl\""));
    assert!(part(&ltr, "OEBPS/content.opf").contains("page-progression-direction=\"ltr\""));
}

#[test]
fn thin_documents_still_make_a_valid_package() {
    let mut doc = sample::document();
    doc.meta.lang = " ".into();
    doc.meta.title = String::new();
    doc.meta.authors.clear();
    doc.meta.subtitle = None;
    doc.chapters[1].title.clear();
    doc.chapters[1].title_text.clear();
    let parts = parts_of(&doc);
    let opf = part(&parts, "OEBPS/content.opf");
    assert!(opf.contains("<dc:language id=\"epub-language-0\">und</dc:language>"));
    assert!(opf.contains("<dc:title id=\"title\">Untitled</dc:title>"));
    assert!(!opf.contains("a11y:certifiedBy"));
    assert!(part(&parts, "OEBPS/nav.xhtml").contains("<a href=\"ch02.xhtml\">Chapter 2</a>"));
    let ch2 = part(&parts, "OEBPS/ch02.xhtml");
    assert!(ch2.contains("<title>Chapter 2</title>"));
    assert!(ch2.contains(
        "id=\"first-steps\" epub:type=\"chapter\" role=\"doc-chapter\" aria-label=\"Chapter 2\">"
    ));
    assert!(!ch2.contains("<h1"));
    assert!(part(&parts, "OEBPS/contents.xhtml").contains("<a href=\"ch02.xhtml\">Chapter 2</a>"));
    for (name, bytes) in &parts {
        if name.ends_with(".xhtml") {
            well_formed(std::str::from_utf8(bytes).unwrap()).unwrap();
        }
    }
    doc.chapters.clear();
    let parts = parts_of(&doc);
    assert!(part(&parts, "OEBPS/nav.xhtml").contains("epub:type=\"titlepage\""));
}

/// Every `<li>` of a `<ul>` starts with exactly one marker; returns how many there were.
fn markers_per_item(xhtml: &str) -> usize {
    let mut stack = Vec::new();
    let mut items = 0;
    let mut i = 0;
    while let Some(pos) = xhtml[i..].find('<') {
        let at = i + pos;
        let rest = &xhtml[at..];
        if rest.starts_with("<ul") {
            stack.push('u');
        } else if rest.starts_with("<ol") {
            stack.push('o');
        } else if rest.starts_with("</ul>") || rest.starts_with("</ol>") {
            stack.pop();
        } else if rest.starts_with("<li>") && stack.last() == Some(&'u') {
            let after = &rest[4..];
            let first = after.strip_prefix("<p>").unwrap_or(after);
            let context: String = rest.chars().take(80).collect();
            assert!(
                first.starts_with("<span class=\"marker "),
                "unmarked: {context}"
            );
            let item_end = after.find("</li>").unwrap_or(after.len());
            let nested = after[..item_end].find("<ul").unwrap_or(item_end);
            assert_eq!(after[..nested].matches("class=\"marker ").count(), 1);
            items += 1;
        }
        i = at + 1;
    }
    items
}

#[test]
fn the_bundled_guide_is_small_and_marks_every_item_once() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
    let ms = crate::manuscript::load(&root).expect("the bundled manuscript loads");
    let (mut doc, _) = crate::parse::document(&ms).into_parts();
    let _ = crate::manuscript::load_assets(&mut doc, &ms);
    let opts = EpubOptions::default();
    let r = render(&doc, &ms.config.theme, &ms.fonts, &opts).unwrap();
    assert!(r.bytes.len() < 150_000, "{} bytes", r.bytes.len());
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    let parts = render_parts(&doc, &ms.config.theme, &ms.fonts, &opts).unwrap();
    let mut marked = 0;
    for (i, _) in doc.chapters.iter().enumerate() {
        let name = format!("OEBPS/ch{:02}.xhtml", i + 1);
        marked += markers_per_item(part(&parts, &name));
    }
    let list_items: usize = doc
        .chapters
        .iter()
        .flat_map(|c| &c.blocks)
        .map(|b| match &b.kind {
            BlockKind::List(l) if !matches!(l.kind, ListKind::Ordered { .. }) => l.items.len(),
            _ => 0,
        })
        .sum();
    assert!(list_items > 20);
    assert!(
        marked >= list_items,
        "{marked} markers for {list_items} items"
    );
}

#[test]
#[should_panic(expected = "unmarked")]
fn the_marker_check_catches_an_unmarked_item() {
    markers_per_item("<ul class=\"bullet\">\n<li>no marker here at all, just words</li>\n</ul>");
}
