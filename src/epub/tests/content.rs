//! Tests of what the pages say: one hidden marker per item and labelled lists, sayings that
//! differ by kind, links that resolve or fall back to text, images, and fonts subset per role.

use super::{parsed, part, parts_of, well_formed};
use crate::diag::Span;
use crate::epub::*;
use crate::fonts::FontFiles;
use crate::model::*;
use crate::theme::{FontRole, Theme};
use std::collections::{BTreeMap, BTreeSet};

#[test]
fn one_hidden_marker_per_item_and_labelled_lists() {
    let doc = sample::document();
    let theme = Theme::default();
    let x = chapter_xhtml(&doc, &theme, 0);
    for (kind, label, glyph, n) in [
        ("check", "Checklist", "✔", 3),
        ("avoid", "Things to avoid", "✘", 2),
    ] {
        let open = format!("<ul class=\"marked {kind}\" role=\"list\" aria-label=\"{label}\">");
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
    assert!(x.contains("<ul class=\"marked task\" role=\"list\" aria-label=\"Tasks\">"));
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
    assert!(x.contains("<aside class=\"footnote\" id=\"fn-1\" epub:type=\"footnote\" role=\"doc-footnote\">\n<p><a class=\"backlink\" href=\"#fnref-1\" role=\"doc-backlink\" aria-label=\"Back to note 1’s reference\">1</a>"));
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
    assert_eq!(r.warnings.len(), 1);
    assert_eq!(r.warnings[0].code, "GB404");
    assert_eq!(r.warnings[0].span, Some(Span::new(0, 5, 9)));
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
        crate::fontkit::mapped_chars(body, &used).unwrap(),
        crate::fontkit::mapped_chars(original, &used).unwrap()
    );
    let sans = &parts
        .iter()
        .find(|(n, _)| n == "OEBPS/fonts/SourceSans3-Regular.ttf")
        .unwrap()
        .1;
    let markers: BTreeSet<char> = "✔✘•☐".chars().collect();
    assert_eq!(
        crate::fontkit::mapped_chars(sans, &markers).unwrap(),
        markers
    );

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
    assert!(r.warnings.iter().any(|d| d.code == "GB402"));
    let x = chapter_xhtml(&doc, &Theme::default(), 1);
    assert!(!x.contains("<img"));
    assert!(x.contains("<p class=\"missing-image\">A small green square.</p>"));
}

#[test]
fn every_character_set_in_a_face_is_in_its_subset() {
    let mut doc = sample::document();
    doc.meta.cover = Some(0);
    let fonts = FontFiles::default_set();
    let (built, _, usage) = build_book(
        &doc,
        &Theme::default(),
        &fonts,
        &EpubOptions::default(),
        false,
    )
    .unwrap();
    let parts = built.parts;
    assert!(usage.chars[&FontRole::Sans].contains(&'✔'));
    assert!(usage.chars[&FontRole::Mono].contains(&'&'));
    assert!(usage.chars[&FontRole::BodyItalic].contains(&'“'));
    assert!(usage.chars[&FontRole::Heading].contains(&'C')); // "Contents"
    for (role, chars) in &usage.chars {
        let file = fonts.get(*role);
        let path = format!("OEBPS/fonts/{}", file.name);
        let sub = &parts.iter().find(|(n, _)| *n == path).expect(&path).1;
        let want = crate::fontkit::mapped_chars(&file.bytes, chars).unwrap();
        assert!(
            want.len() * 2 > chars.len(),
            "{role:?} font maps few of {chars:?}"
        );
        assert_eq!(
            crate::fontkit::mapped_chars(sub, chars).unwrap(),
            want,
            "{role:?}"
        );
    }
}

#[test]
fn reflection_prompts_are_a_named_group_with_answer_space_and_a_note() {
    let doc = parsed(
        "# One\n\nReflect (5 lines):\n\n- What hurt the most?\n- What do you need?\n\n\
         Steps:\n\n- Agree on a time\n",
    );
    let parts = parts_of(&doc);
    let page = parts
        .iter()
        .map(|(n, _)| n.as_str())
        .find(|n| n.ends_with(".xhtml") && part(&parts, n).contains("What hurt"))
        .expect("the chapter");
    let x = part(&parts, page);
    well_formed(x).unwrap();
    let theme = Theme::default();
    assert_eq!(
        x.matches(&format!(
            "class=\"lead-group reflection\" role=\"group\" aria-label=\"{}\"",
            theme.reflection.label
        ))
        .count(),
        1
    );
    // the count is the PDF's business: the lead-in reads as the author's words without it
    assert!(x.contains("<p class=\"lead\">Reflect:</p>"), "{x}");
    assert_eq!(
        x.matches("<div class=\"answer\" aria-hidden=\"true\"></div>")
            .count(),
        2
    );
    assert_eq!(x.matches(theme.reflection.note.as_str()).count(), 1);
    // an ordinary list after a lead-in is not a prompt
    assert!(
        x.contains("<div class=\"lead-group\">\n<p class=\"lead\">Steps:</p>"),
        "{x}"
    );
    let css = part(&parts, "OEBPS/stylesheet.css");
    assert!(css.contains(".reflection .answer"));
}

#[test]
fn a_blank_is_its_underscores_drawn_out_to_the_narrowest_blank() {
    let doc = parsed("# One\n\nMy promise: ____ and a long one: ______________________________.\n");
    let parts = parts_of(&doc);
    let page = parts
        .iter()
        .map(|(n, _)| n.as_str())
        .find(|n| n.ends_with(".xhtml") && part(&parts, n).contains("My promise"))
        .expect("the chapter");
    let x = part(&parts, page);
    well_formed(x).unwrap();
    // 8 em at half an em an underscore: 16, the 4 typed among them
    assert!(
        x.contains(&format!(
            "My promise: <span class=\"blank\">{}</span>",
            "_".repeat(16)
        )),
        "{x}"
    );
    // a longer run is as long as typed
    assert!(
        x.contains(&format!("<span class=\"blank\">{}</span>.", "_".repeat(30))),
        "{x}"
    );
}
