//! The package document (`content.opf`), written by us rather than by epub-builder's template,
//! which cannot express what the book needs: `xml:lang` on `<package>`; an id of its own for
//! `<dc:language>` (the template gives it `epub-creator-N`, the id of the first author too, so
//! the document would carry an id twice); the title's id with the subtitle refining it; the
//! publisher. The layout (line breaks, indentation, the blank lines where the template's
//! conditions were) is the one the book has always had, so rebuilt books stay byte-identical.

use super::package::{modified, A11y, Item, Package};
use super::writer::{attr, esc, indent, quoted, strip_invalid};
use crate::diag::Diagnostic;
use crate::model::Metadata;
use std::collections::BTreeSet;
use std::fmt::Write;

/// The publication date (`YYYY-MM-DD` at midnight UTC), only when the author gave one: a
/// book without a date gets no `dc:date` rather than an invented one.
fn publication_date(meta: &Metadata) -> Option<String> {
    let date = meta.date.as_deref()?;
    let days = crate::date::parse_ymd(date.trim())?;
    crate::date::iso_stamp(days * 86_400)
}

fn given(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.trim().is_empty())
}

/// The package document.
pub fn content_opf(pkg: &Package) -> Result<String, Diagnostic> {
    let meta = pkg.meta;
    let modified = modified(meta)?;
    let uid = super::package::book_uuid(&meta.identifier)
        .urn()
        .to_string();
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = write!(
        s,
        "<package version=\"3.0\" xmlns=\"http://www.idpf.org/2007/opf\" unique-identifier=\"epub-id-1\" xml:lang=\"{}\">\n  \
         <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n            \
         xmlns:opf=\"http://www.idpf.org/2007/opf\">\n    \
         <dc:identifier id=\"epub-id-1\">{uid}</dc:identifier>\n",
        attr(&meta.lang)
    );
    titles(&mut s, meta);
    let _ = writeln!(
        s,
        "    <meta property=\"dcterms:modified\">{modified}</meta>"
    );
    s.push_str(&indent(&optional(pkg).join("\n"), 2));
    s.push_str("\n  </metadata>\n");
    manifest(&mut s, pkg);
    s.push_str("</package>\n");
    unique_ids(&s, "content.opf")?;
    Ok(s)
}

/// Title and subtitle, publisher, date, language and authors.
fn titles(s: &mut String, meta: &Metadata) {
    let _ = write!(
        s,
        "    <dc:title id=\"title\">{}</dc:title>",
        esc(&meta.title)
    );
    if let Some(sub) = given(&meta.subtitle) {
        let _ = write!(
            s,
            "\n    <meta refines=\"#title\" property=\"title-type\">main</meta>\
             \n    <dc:title id=\"subtitle\">{}</dc:title>\
             \n    <meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>",
            esc(sub)
        );
    }
    if let Some(p) = given(&meta.publisher) {
        let _ = write!(s, "\n    <dc:publisher>{}</dc:publisher>", esc(p));
    }
    s.push_str("\n    ");
    if let Some(date) = publication_date(meta) {
        let _ = write!(s, "\n    <dc:date>{date}</dc:date>\n    ");
    }
    let _ = write!(
        s,
        "\n    \n    <dc:language id=\"epub-language-0\">{}</dc:language>\n    \n    ",
        esc(&meta.lang)
    );
    if !meta.authors.is_empty() {
        s.push_str("\n    ");
        for (i, a) in meta.authors.iter().enumerate() {
            let _ = write!(
                s,
                "\n    <dc:creator id=\"epub-creator-{i}\">{}</dc:creator>\
                 \n    <meta refines=\"#epub-creator-{i}\" property=\"role\" scheme=\"marc:relators\">aut</meta>\n    ",
                esc(a)
            );
        }
        s.push_str("\n    ");
    }
    s.push('\n');
}

/// The summary of the accessibility metadata: what holds, and nothing that does not.
fn summary(a: &A11y) -> String {
    let mut s = String::new();
    if a.wcag_aa {
        s.push_str("This publication meets WCAG 2.1 Level AA. ");
    }
    s.push_str("It has a table of contents, headings for navigation, a logical reading order, ");
    if a.has_images && a.images_described {
        s.push_str("text alternatives for its images, ");
    }
    s.push_str(
        "and text that can be resized and restyled. List markers are decoration; each marked \
         list is named.",
    );
    if a.has_images && !a.images_described {
        s.push_str(" Some images have no text alternative.");
    }
    if !a.wcag_aa {
        s.push_str(" Some of its colours are below WCAG 2.1 AA's contrast.");
    }
    s
}

/// The metadata after the stamp: description, subjects, rights, the accessibility metadata
/// (schema.org access modes, features, hazards, summary, conformance) and the cover.
fn optional(pkg: &Package) -> Vec<String> {
    let meta = pkg.meta;
    let mut out = Vec::new();
    if let Some(d) = given(&meta.description) {
        out.push(format!("<dc:description>{}</dc:description>", esc(d)));
    }
    for k in &meta.keywords {
        out.push(format!("<dc:subject>{}</dc:subject>", esc(k)));
    }
    if let Some(r) = given(&meta.rights) {
        out.push(format!("<dc:rights>{}</dc:rights>", esc(r)));
    }
    // the printed edition the page-break markers come from (EPUBCheck 5.3 does not know the
    // newer `a11y:pageBreakSource`: `source-of` says it)
    if let (Some(source), false) = (&pkg.page_source, pkg.page_list.is_empty()) {
        out.push(format!(
            "<dc:source id=\"page-source\">{}</dc:source>",
            esc(source)
        ));
        out.push(
            "<meta refines=\"#page-source\" property=\"source-of\">pagination</meta>".to_string(),
        );
    }
    let images = pkg.a11y.has_images;
    let mut props = vec![("schema:accessMode", "textual")];
    if images {
        props.push(("schema:accessMode", "visual"));
    }
    props.push(("schema:accessModeSufficient", "textual"));
    for f in [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ] {
        props.push(("schema:accessibilityFeature", f));
    }
    if images && pkg.a11y.images_described {
        props.push(("schema:accessibilityFeature", "alternativeText"));
    }
    if !pkg.page_list.is_empty() {
        props.push(("schema:accessibilityFeature", "pageBreakMarkers"));
        props.push(("schema:accessibilityFeature", "pageNavigation"));
        props.push(("schema:accessibilityFeature", "printPageNumbers"));
    }
    props.push(("schema:accessibilityHazard", "none"));
    let summary = summary(&pkg.a11y);
    props.push(("schema:accessibilitySummary", &summary));
    if pkg.a11y.wcag_aa {
        props.push((
            "dcterms:conformsTo",
            "EPUB Accessibility 1.1 - WCAG 2.1 Level AA",
        ));
    }
    let certified_by = pkg.a11y.certified_by.as_str();
    if !certified_by.trim().is_empty() {
        props.push(("a11y:certifiedBy", certified_by));
    }
    for (property, content) in props {
        out.push(format!(
            "<meta property=\"{property}\">{}</meta>",
            esc(content)
        ));
    }
    for item in &pkg.items {
        if let Item::CoverImage { .. } = item {
            out.push("<meta name=\"cover\" content=\"cover-image\"/>".into());
        }
    }
    out
}

/// True for the characters of an XML name (letters, digits and `-`, `.`, `_`, `·`, combining
/// marks and the other ranges XML allows).
fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '_' | '-' | '.' | '\u{B7}')
        || matches!(c, '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{37D}')
        || matches!(c, '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}' | '\u{203F}'..='\u{2040}')
        || matches!(c, '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}')
        || matches!(c, '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// A file's manifest id: `id_` and its path with every other character made `_`.
fn manifest_id(file: &str) -> String {
    let mut id = String::from("id_");
    id.extend(file.chars().map(|c| if is_id_char(c) { c } else { '_' }));
    id
}

/// Manifest, spine (the pages in reading order, in the book's direction) and the EPUB 2 guide.
fn manifest(s: &mut String, pkg: &Package) {
    let (mut items, mut spine, mut guide) = (Vec::new(), Vec::new(), Vec::new());
    for item in &pkg.items {
        let file = item.file();
        let cover = matches!(item, Item::CoverImage { .. });
        let id = if cover {
            "cover-image".to_string()
        } else {
            manifest_id(file)
        };
        let properties = if cover {
            "properties=\"cover-image\" "
        } else {
            ""
        };
        items.push(format!(
            "<item media-type=\"{}\" {properties}id=\"{}\" href=\"{}\"/>",
            quoted(item.media_type()),
            quoted(&id),
            quoted(file)
        ));
        let Item::Page { toc, landmark, .. } = item else {
            continue;
        };
        spine.push(format!("<itemref idref=\"{}\"/>", quoted(&id)));
        if let (Some(toc), Some(lm)) = (toc, landmark.as_ref().filter(|l| l.in_guide)) {
            guide.push(format!(
                "<reference type=\"{}\" title=\"{}\" href=\"{}\"/>",
                lm.kind.guide_type(),
                quoted(&strip_invalid(&toc.title)),
                quoted(file)
            ));
        }
    }
    let direction = if super::xhtml::is_rtl(&pkg.meta.lang) {
        "rtl"
    } else {
        "ltr"
    };
    let _ = write!(
        s,
        "  <manifest>\n    \
         <item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>\n    \
         <item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n\
         {}\n  </manifest>\n  \
         <spine toc=\"ncx\" page-progression-direction=\"{direction}\">\n{}\n  </spine>\n  \
         <guide>\n    <reference type=\"toc\" title=\"{}\" href=\"nav.xhtml\"/>\n{}\n  </guide>\n",
        indent(&items.join("\n"), 2),
        indent(&spine.join("\n"), 2),
        quoted(&strip_invalid(&pkg.contents_label)),
        indent(&guide.join("\n"), 2),
    );
}

/// Fails when an `id="…"` value occurs twice (two files whose manifest ids coincide).
pub fn unique_ids(text: &str, file: &str) -> Result<(), Diagnostic> {
    let mut seen = BTreeSet::new();
    for part in text.split(" id=\"").skip(1) {
        let id = part.split('"').next().unwrap_or("");
        if !seen.insert(id) {
            return Err(Diagnostic::error(
                "GB401",
                format!("{file} would carry the id `{id}` twice"),
            )
            .help("this is a bug in guidebuild; please report it with the manuscript"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_ids_are_xml_names() {
        assert_eq!(manifest_id("fonts/A b+c.ttf"), "id_fonts_A_b_c.ttf");
        assert_eq!(manifest_id("images/été.png"), "id_images_été.png");
    }

    #[test]
    fn a_doubled_id_is_refused() {
        assert!(unique_ids("<a id=\"x\"/><b id=\"y\"/>", "f").is_ok());
        let e = unique_ids("<a id=\"x\"/><b id=\"x\"/>", "f").unwrap_err();
        assert_eq!(e.code, "GB401");
    }
}
