//! What the package documents say, and assembling the book. [`Package`] gathers the book's
//! metadata, its accessibility facts and its files (content documents in reading order, with
//! their contents entries and landmarks); `opf.rs` and `nav.rs` write the package document, the
//! navigation document and the NCX from it, and `container.rs` lays them out with every file
//! and zips the book once.

use crate::diag::Diagnostic;
use crate::model::Metadata;

/// A landmark of the navigation (and of the EPUB 2 guide).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LandmarkKind {
    Cover,
    TitlePage,
    Toc,
    Text,
}

impl LandmarkKind {
    /// Its `epub:type` in the navigation document.
    pub fn epub_type(self) -> &'static str {
        match self {
            LandmarkKind::Cover => "cover",
            LandmarkKind::TitlePage => "titlepage",
            LandmarkKind::Toc => "toc",
            LandmarkKind::Text => "bodymatter",
        }
    }

    /// Its `type` in the package document's guide.
    pub fn guide_type(self) -> &'static str {
        match self {
            LandmarkKind::Cover => "cover",
            LandmarkKind::TitlePage => "title-page",
            LandmarkKind::Toc => "toc",
            LandmarkKind::Text => "text",
        }
    }
}

/// A page's landmark: its kind, its name, and whether the EPUB 2 guide lists it too (the
/// book's untitled opening is a landmark of the navigation only).
#[derive(Debug, Clone, PartialEq)]
pub struct Landmark {
    pub kind: LandmarkKind,
    pub title: String,
    pub in_guide: bool,
}

/// A page's entry in the contents: its title and its second-level entries (href, title).
#[derive(Debug, Clone, PartialEq)]
pub struct TocEntry {
    pub title: String,
    pub children: Vec<(String, String)>,
}

/// One file of the book, in the order it is added (content documents in reading order).
#[derive(Debug, Clone)]
pub enum Item {
    /// A content document in the spine, with its entry in the contents and its landmark.
    Page {
        file: String,
        xhtml: String,
        toc: Option<TocEntry>,
        landmark: Option<Landmark>,
    },
    /// The stylesheet (`stylesheet.css`, which the navigation document links).
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

impl Item {
    /// Its path inside `OEBPS/`.
    pub fn file(&self) -> &str {
        match self {
            Item::Page { file, .. }
            | Item::Resource { file, .. }
            | Item::CoverImage { file, .. } => file,
            Item::Stylesheet(_) => STYLESHEET,
        }
    }

    pub fn media_type(&self) -> &str {
        match self {
            Item::Page { .. } => "application/xhtml+xml",
            Item::Stylesheet(_) => "text/css",
            Item::Resource { media_type, .. } | Item::CoverImage { media_type, .. } => media_type,
        }
    }

    pub fn into_bytes(self) -> Vec<u8> {
        match self {
            Item::Page { xhtml, .. } => xhtml.into_bytes(),
            Item::Stylesheet(css) => css.into_bytes(),
            Item::Resource { bytes, .. } | Item::CoverImage { bytes, .. } => bytes,
        }
    }
}

/// The accessibility facts the metadata states.
#[derive(Debug, Clone)]
pub struct A11y {
    pub has_images: bool,
    /// Every image has a description (alt text): `alternativeText` may be claimed.
    pub images_described: bool,
    /// The theme's colours meet WCAG 2.1 AA's contrast (`Theme::low_contrast` is empty): the
    /// book may claim WCAG 2.1 AA.
    pub wcag_aa: bool,
    pub certified_by: String,
}

/// Everything the package documents are written from.
pub struct Package<'a> {
    pub meta: &'a Metadata,
    pub a11y: A11y,
    /// The name of the contents (navigation title, guide entry) and of the landmarks.
    pub contents_label: String,
    pub landmarks_label: String,
    /// Whether some chapter has second-level entries (the NCX's `dtb:depth`).
    pub nested_toc: bool,
    pub items: Vec<Item>,
    /// The printed edition the page numbers are from, when the book carries them.
    pub page_source: Option<String>,
    /// The page-break markers in reading order: href (`chNN.xhtml#id`) and page label.
    pub page_list: Vec<(String, String)>,
    /// The page list's name.
    pub pages_label: String,
}

/// Where the stylesheet goes (inside `OEBPS/`); the navigation document links it.
pub const STYLESHEET: &str = "stylesheet.css";

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

/// The book's "modified" stamp (`YYYY-MM-DDTHH:MM:SSZ`), from the document's timestamp.
pub fn modified(meta: &Metadata) -> Result<String, Diagnostic> {
    crate::date::iso_stamp(meta.timestamp).ok_or_else(|| {
        Diagnostic::error(
            "GB405",
            format!("timestamp {} is out of range for a date", meta.timestamp),
        )
        .help("set `date` in guide.toml to YYYY-MM-DD, or SOURCE_DATE_EPOCH to seconds since 1970")
    })
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
