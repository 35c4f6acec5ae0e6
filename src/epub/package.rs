//! Drives epub-builder: package metadata (title, authors, language, dates and identifier taken
//! from the document, never the clock), the accessibility metadata (schema.org access modes,
//! features, hazards, summary, conformance), the manifest and spine in reading order, the
//! navigation (nav + NCX, which the crate writes) and landmarks. What the crate cannot express
//! is fixed afterwards in `fixup.rs`.

use super::writer::esc;
use crate::diag::Diagnostic;
use crate::model::Metadata;
use epub_builder::{
    EpubBuilder, EpubContent, EpubVersion, MetadataOpfV3, ReferenceType, TocElement, ZipLibrary,
};

/// One file of the book, in the order it is added (content documents in reading order).
#[derive(Debug, Clone)]
pub enum Item {
    /// A content document in the spine. `toc` is its title in the navigation (with second-level
    /// entries), `landmark` its landmark type (needs a `toc` title).
    Page {
        file: String,
        xhtml: String,
        toc: Option<(String, Vec<(String, String)>)>,
        landmark: Option<ReferenceType>,
    },
    /// The stylesheet (`stylesheet.css`, which the crate's nav document also links).
    Stylesheet(String),
    Resource {
        file: String,
        bytes: Vec<u8>,
        media_type: String,
    },
    CoverImage {
        file: String,
        bytes: Vec<u8>,
        media_type: String,
    },
}

/// The accessibility facts the metadata states.
#[derive(Debug, Clone)]
pub struct A11y {
    pub has_images: bool,
    pub certified_by: String,
    pub contents_label: String,
}

fn err(e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error("GB401", format!("could not assemble the EPUB: {e}"))
        .help("this is a bug in guidebuild; please report it with the manuscript")
}

/// The identifier as a UUID: the metadata's own when it is one, else a name-based UUID of it.
pub fn book_uuid(identifier: &str) -> uuid::Uuid {
    let s = identifier.trim();
    let bare = s
        .strip_prefix("urn:uuid:")
        .or_else(|| s.strip_prefix("URN:UUID:"))
        .unwrap_or(s);
    uuid::Uuid::parse_str(bare)
        .unwrap_or_else(|_| uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, s.as_bytes()))
}

/// The publication date (`YYYY-MM-DD` at midnight UTC), only when the author gave one: a
/// book without a date gets no `dc:date` rather than an invented one.
fn publication_date(meta: &Metadata) -> Option<chrono::DateTime<chrono::Utc>> {
    let date = meta.date.as_deref()?;
    chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|dt| dt.and_utc())
}

fn meta3(property: &str, content: &str) -> Box<MetadataOpfV3> {
    Box::new(MetadataOpfV3::new(property.to_string(), esc(content)))
}

/// Text fit for the package document (characters XML cannot carry removed; the crate
/// escapes the rest).
fn clean(s: &str) -> String {
    super::writer::strip_invalid(s)
}

/// Where the crate puts the stylesheet (inside `OEBPS/`); its nav document links it.
const STYLESHEET: &str = "stylesheet.css";

/// What [`build`] returns: the crate's container, whose package documents are complete but
/// whose other files are empty, and the contents of those files by container path.
pub struct Built {
    pub zip: Vec<u8>,
    pub payload: Vec<(String, Vec<u8>)>,
}

pub fn build(meta: &Metadata, a11y: &A11y, items: Vec<Item>) -> Result<Built, Diagnostic> {
    let zip = ZipLibrary::new().map_err(err)?;
    let mut b = EpubBuilder::new(zip).map_err(err)?;
    b.epub_version(EpubVersion::V33);
    b.escape_html(true);
    b.set_title(clean(&meta.title));
    for a in &meta.authors {
        b.add_author(clean(a));
    }
    b.add_language(clean(&meta.lang));
    if super::xhtml::is_rtl(&meta.lang) {
        b.metadata("direction", "rtl").map_err(err)?;
    }
    b.set_generator("guidebuild");
    b.set_toc_name(clean(&a11y.contents_label));
    if let Some(d) = meta.description.as_deref().filter(|d| !d.trim().is_empty()) {
        b.add_description(clean(d));
    }
    for k in &meta.keywords {
        b.add_subject(clean(k));
    }
    if let Some(r) = meta.rights.as_deref().filter(|r| !r.trim().is_empty()) {
        b.set_license(clean(r));
    }
    let modified = chrono::DateTime::from_timestamp(meta.timestamp, 0).ok_or_else(|| {
        Diagnostic::error(
            "GB405",
            format!("timestamp {} is out of range for a date", meta.timestamp),
        )
        .help("set `date` in guide.toml to YYYY-MM-DD, or SOURCE_DATE_EPOCH to seconds since 1970")
    })?;
    b.set_modified_date(modified);
    if let Some(p) = publication_date(meta) {
        b.set_publication_date(p);
    }
    b.set_uuid(book_uuid(&meta.identifier));

    let mut modes = vec!["textual"];
    if a11y.has_images {
        modes.push("visual");
    }
    for m in modes {
        b.add_metadata_opf(meta3("schema:accessMode", m));
    }
    b.add_metadata_opf(meta3("schema:accessModeSufficient", "textual"));
    let mut features = vec![
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ];
    if a11y.has_images {
        features.push("alternativeText");
    }
    for f in features {
        b.add_metadata_opf(meta3("schema:accessibilityFeature", f));
    }
    b.add_metadata_opf(meta3("schema:accessibilityHazard", "none"));
    let summary = if a11y.has_images {
        "This publication meets WCAG 2.1 Level AA. It has a table of contents, headings for \
         navigation, a logical reading order, text alternatives for its images, and text that \
         can be resized and restyled. List markers are decoration; each marked list is named."
    } else {
        "This publication meets WCAG 2.1 Level AA. It has a table of contents, headings for \
         navigation, a logical reading order, and text that can be resized and restyled. List \
         markers are decoration; each marked list is named."
    };
    b.add_metadata_opf(meta3("schema:accessibilitySummary", summary));
    b.add_metadata_opf(meta3(
        "dcterms:conformsTo",
        "EPUB Accessibility 1.1 - WCAG 2.1 Level AA",
    ));
    if !a11y.certified_by.trim().is_empty() {
        b.add_metadata_opf(meta3("a11y:certifiedBy", &a11y.certified_by));
    }

    // The crate only lists the files and writes the package documents; it gets empty
    // stand-ins for the contents, which go into the container once, in `fixup.rs`.
    let mut payload = Vec::with_capacity(items.len());
    let empty: &[u8] = &[];
    for item in items {
        match item {
            Item::Stylesheet(css) => {
                b.stylesheet(empty).map_err(err)?;
                payload.push((format!("OEBPS/{STYLESHEET}"), css.into_bytes()));
            }
            Item::Resource {
                file,
                bytes,
                media_type,
            } => {
                b.add_resource(&file, empty, media_type).map_err(err)?;
                payload.push((format!("OEBPS/{file}"), bytes));
            }
            Item::CoverImage {
                file,
                bytes,
                media_type,
            } => {
                b.add_cover_image(&file, empty, media_type).map_err(err)?;
                payload.push((format!("OEBPS/{file}"), bytes));
            }
            Item::Page {
                file,
                xhtml,
                toc,
                landmark,
            } => {
                let mut content = EpubContent::new(file.clone(), empty);
                if let Some((title, children)) = toc {
                    content = content.title(clean(&title));
                    for (href, t) in children {
                        content = content.child(TocElement::new(href, clean(&t)).level(2));
                    }
                }
                if let Some(r) = landmark {
                    content = content.reftype(r);
                }
                b.add_content(content).map_err(err)?;
                payload.push((format!("OEBPS/{file}"), xhtml.into_bytes()));
            }
        }
    }
    let mut out = Vec::new();
    b.generate(&mut out).map_err(err)?;
    Ok(Built { zip: out, payload })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_becomes_a_stable_uuid() {
        let u = "6f1c2d1e-3b5a-5c8e-9a47-2d0f4b8e7c31";
        assert_eq!(book_uuid(&format!("urn:uuid:{u}")).to_string(), u);
        assert_eq!(book_uuid(u).to_string(), u);
        let a = book_uuid("isbn:978-3-16-148410-0");
        assert_eq!(a, book_uuid("isbn:978-3-16-148410-0"));
        assert_ne!(a, book_uuid("isbn:978-3-16-148410-1"));
    }
}
