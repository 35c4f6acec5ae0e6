//! Tests of the whole EPUB backend: well-formed pages, one marker per item, labelled lists,
//! distinct sayings, links, fonts subset per used role, metadata, and byte-identical rebuilds.

use super::*;
use crate::diag::Span;
use crate::model::*;
use std::collections::BTreeSet;

/// A small XML well-formedness check: tags nest, attributes are quoted, `&` starts a known
/// entity, no `<` in text. Returns the ids declared.
fn well_formed(xml: &str) -> Result<Vec<String>, String> {
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

fn parts_of(doc: &Document) -> Vec<(String, Vec<u8>)> {
    render_parts(
        doc,
        &Theme::default(),
        &FontFiles::default_set(),
        &EpubOptions::default(),
    )
    .unwrap()
}

fn part<'a>(parts: &'a [(String, Vec<u8>)], name: &str) -> &'a str {
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
fn one_hidden_marker_per_item_and_labelled_lists() {
    let doc = sample::document();
    let theme = Theme::default();
    let x = chapter_xhtml(&doc, &theme, 0);
    for (kind, label, glyph, n) in [
        ("check", "Checklist", "✔", 3),
        ("avoid", "Things to avoid", "✘", 2),
    ] {
        let open = format!("<ul class=\"marked {kind}\" aria-label=\"{label}\">");
        let start = x.find(&open).unwrap_or_else(|| panic!("{open}"));
        let list = &x[start..start + x[start..].find("</ul>").unwrap()];
        assert_eq!(list.matches("<li>").count(), n);
        let marker = format!(
            "<li><span class=\"marker marker-{kind}\" aria-hidden=\"true\">{glyph} </span>"
        );
        assert_eq!(list.matches(&marker).count(), n, "{list}");
        assert_eq!(list.matches("class=\"marker").count(), n);
    }
    // Bullets: one theme glyph per item, nested list included; ordered lists keep numbers.
    assert_eq!(
        x.matches("marker-bullet\" aria-hidden=\"true\">• </span>")
            .count(),
        3
    );
    assert!(x.contains("<ol class=\"ordered\" start=\"3\">"));
    // Task items say their state instead of hiding it.
    assert!(x.contains("<ul class=\"marked task\" aria-label=\"Tasks\">"));
    assert!(x.contains("marker-done\" role=\"img\" aria-label=\"done\">✔ </span>"));
    assert!(x.contains("marker-open\" role=\"img\" aria-label=\"not done\">☐ </span>"));
    // The lead-in is kept with its list.
    assert!(x.contains(
        "<div class=\"lead-group\">\n<p class=\"lead\">Taking responsibility means:</p>\n<ul"
    ));

    // The theme decides glyphs and labels.
    let mut t2 = theme.clone();
    t2.markers.check.glyph = "☑".into();
    t2.markers.check.label = "Do this".into();
    let y = chapter_xhtml(&doc, &t2, 0);
    assert!(y.contains("aria-label=\"Do this\""));
    assert_eq!(y.matches("aria-hidden=\"true\">☑ </span>").count(), 3);
    assert!(!y.contains("marker-check\" aria-hidden=\"true\">✔"));
}

#[test]
fn sayings_are_labelled_groups_that_differ_by_kind() {
    let x = chapter_xhtml(&sample::document(), &Theme::default(), 0);
    assert!(x.contains(
        "<div class=\"sayings sayings-avoid\" role=\"group\" aria-label=\"Phrases to avoid\">\n\
         <p class=\"lead\"><span class=\"saying-glyph\" aria-hidden=\"true\">✘ </span>Avoid saying:</p>\n\
         <blockquote class=\"saying\"><p>“I already said sorry.”</p></blockquote>"
    ));
    assert!(x.contains(
        "<div class=\"sayings sayings-try\" role=\"group\" aria-label=\"Phrases to try\">\n\
         <p class=\"lead\"><span class=\"saying-glyph\" aria-hidden=\"true\">✔ </span>Instead, try:</p>"
    ));
    let css = stylesheet(&Theme::default(), &BTreeMap::new());
    let t = Theme::default();
    assert!(css.contains(&format!(
        ".sayings-avoid {{\n  border-left: 0.3em solid {};\n  background-color: {};",
        t.sayings.avoid.rule_color, t.sayings.avoid.background
    )));
    assert!(css.contains(&format!(
        ".sayings-try {{\n  border-left: 0.3em solid {};\n  background-color: {};",
        t.sayings.try_.rule_color, t.sayings.try_.background
    )));
    assert_ne!(t.sayings.avoid.background, t.sayings.try_.background);
}

#[test]
fn links_resolve_or_fall_back_to_text() {
    let mut doc = sample::document();
    let x = chapter_xhtml(&doc, &Theme::default(), 0);
    assert!(x.contains("<a href=\"ch02.xhtml#first-steps\">the first steps</a>"));
    assert!(x.contains(
        "<a href=\"https://example.org/trust?a=1&amp;b=2\" title=\"An outside page\">more</a>"
    ));
    assert!(x.contains(", or a missing anchor."));
    // Footnote reference and its note with a back link.
    assert!(x.contains(
        "<a id=\"fnref-1\" href=\"#fn-1\" epub:type=\"noteref\" role=\"doc-noteref\">1</a>"
    ));
    assert!(x.contains("<aside class=\"footnote\" id=\"fn-1\" epub:type=\"footnote\" role=\"doc-footnote\">\n<p><a class=\"backlink\" href=\"#fnref-1\" role=\"doc-backlink\">1</a>"));
    // A chapter link to an id that is not there: text, and a warning.
    doc.chapters[1].blocks.push(Block {
        kind: BlockKind::Paragraph(vec![Inline {
            kind: InlineKind::Link {
                target: LinkTarget::Internal {
                    id: "gone".into(),
                    chapter: Some(0),
                },
                title: String::new(),
                content: vec![Inline::text("gone", Span::default())],
            },
            span: Span::new(0, 5, 9),
        }]),
        span: Span::default(),
    });
    let r = render(
        &doc,
        &Theme::default(),
        &FontFiles::default_set(),
        &EpubOptions::default(),
    )
    .unwrap();
    assert_eq!(r.diagnostics.len(), 1);
    assert_eq!(r.diagnostics[0].code, "GB404");
    assert_eq!(r.diagnostics[0].span, Some(Span::new(0, 5, 9)));
    assert!(chapter_xhtml(&doc, &Theme::default(), 1).contains("<p>gone</p>"));
}

#[test]
fn fonts_are_subset_per_used_role_and_keep_their_cmap() {
    let doc = sample::document();
    let fonts = FontFiles::default_set();
    let parts = parts_of(&doc);
    let css = part(&parts, "OEBPS/stylesheet.css");
    let mut total = 0;
    for (file, _) in fonts.distinct() {
        let path = format!("OEBPS/fonts/{}", file.name);
        let sub = &parts.iter().find(|(n, _)| *n == path).expect(&path).1;
        assert!(sub.len() * 5 < file.bytes.len(), "{path} not subset");
        assert!(css.contains(&format!("url(\"fonts/{}\")", file.name)));
        total += sub.len();
    }
    assert!(total < 120_000, "fonts take {total} bytes");
    // Every character of the page text the original font can draw, the subset can too.
    let body = &parts
        .iter()
        .find(|(n, _)| n == "OEBPS/fonts/Literata-Regular.ttf")
        .unwrap()
        .1;
    let used: BTreeSet<char> = "Trust grows back slowly — “one kept promise” Доверие 20 Mon"
        .chars()
        .collect();
    let original = &fonts.get(FontRole::Body).bytes;
    assert_eq!(
        subset::mapped_chars(body, &used).unwrap(),
        subset::mapped_chars(original, &used).unwrap()
    );
    let sans = &parts
        .iter()
        .find(|(n, _)| n == "OEBPS/fonts/SourceSans3-Regular.ttf")
        .unwrap()
        .1;
    let markers: BTreeSet<char> = "✔✘•☐".chars().collect();
    assert_eq!(subset::mapped_chars(sans, &markers).unwrap(), markers);

    // A book without code, bold or italic does not carry those faces.
    let mut plain = doc.clone();
    plain.chapters.truncate(1);
    plain.chapters[0].blocks.truncate(1);
    plain.chapters[0].blocks[0] = Block {
        kind: BlockKind::Paragraph(vec![Inline::text("Just words.", Span::default())]),
        span: Span::default(),
    };
    plain.chapters[0].footnotes.clear();
    plain.meta.subtitle = None;
    let names: Vec<String> = parts_of(&plain).into_iter().map(|(n, _)| n).collect();
    assert!(names.contains(&"OEBPS/fonts/Literata-Regular.ttf".to_string()));
    for gone in ["SourceCodePro", "Literata-Bold", "Literata-Italic"] {
        assert!(
            !names.iter().any(|n| n.contains(gone)),
            "{gone} in {names:?}"
        );
    }
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
        "<meta property=\"schema:accessibilityFeature\">alternativeText</meta>",
        "<meta property=\"schema:accessibilityHazard\">none</meta>",
        "<meta property=\"dcterms:conformsTo\">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>",
        "<dc:description>A test book with &lt;every&gt; kind of block.</dc:description>",
        "properties=\"cover-image\"",
        "media-type=\"font/ttf\"",
    ] {
        assert!(opf.contains(needle), "missing {needle}");
    }
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
fn unusable_images_are_left_out_with_a_warning() {
    let mut doc = sample::document();
    doc.assets[0].media_type = "image/tiff".into();
    let r = render(
        &doc,
        &Theme::default(),
        &FontFiles::default_set(),
        &EpubOptions::default(),
    )
    .unwrap();
    assert!(r.diagnostics.iter().any(|d| d.code == "GB402"));
    let x = chapter_xhtml(&doc, &Theme::default(), 1);
    assert!(!x.contains("<img"));
    assert!(x.contains("<p class=\"missing-image\">A small green square.</p>"));
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
