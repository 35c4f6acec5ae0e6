//! EPUB 3 backend: a pure function from the document model, theme and font bytes to the bytes
//! of an EPUB that passes EPUBCheck and Ace. It writes the pages (`pages.rs`, `xhtml.rs`,
//! `lists.rs`, `inline.rs` through `writer.rs`), generates the stylesheet from the theme
//! (`css.rs`), subsets the fonts to the characters the pages use, keeping kerning and
//! ligatures (`subset.rs`, `ttf.rs`, `layout.rs`), has epub-builder write the package
//! documents for empty stand-ins of the files (`package.rs`), then fixes those documents, puts
//! the files in and zips the book once (`fixup.rs`).
//! Same input, same bytes: dates and the identifier come from the document, never the clock.

mod coverage;
mod css;
mod css_blocks;
mod fixup;
mod inline;
mod layout;
mod ligatures;
mod lists;
mod package;
mod pages;
mod pairs;
mod plan;
pub mod sample;
mod sfnt;
pub mod subset;
mod ttf;
mod writer;
mod xhtml;

#[cfg(test)]
mod tests;

use crate::diag::{Diagnostic, Severity};
use crate::fonts::FontFiles;
use crate::model::Document;
use crate::theme::Theme;
use crate::Rendered;
use epub_builder::ReferenceType;
use std::collections::BTreeMap;

pub use css::stylesheet;

/// Files of the book: (path in the container, bytes).
pub type Parts = Vec<(String, Vec<u8>)>;
pub use writer::Usage;

/// Words the generated pages and navigation use, in the book's language.
#[derive(Debug, Clone, PartialEq)]
pub struct Labels {
    pub contents: String,
    pub title_page: String,
    pub cover: String,
    /// Accessible name of a chapter's footnotes.
    pub notes: String,
    /// Accessible name of the landmarks navigation.
    pub landmarks: String,
    /// Accessible names of a task item's box.
    pub task_done: String,
    pub task_open: String,
    /// Navigation name of a chapter without a title ("Chapter 3").
    pub chapter: String,
}

impl Default for Labels {
    fn default() -> Self {
        Labels {
            contents: "Contents".into(),
            title_page: "Title Page".into(),
            cover: "Cover".into(),
            notes: "Notes".into(),
            landmarks: "Landmarks".into(),
            task_done: "done".into(),
            task_open: "not done".into(),
            chapter: "Chapter".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EpubOptions {
    pub labels: Labels,
    /// Who stands behind the accessibility claim (`a11y:certifiedBy`); by default the
    /// publisher, else the authors.
    pub certified_by: Option<String>,
    /// Embed the theme's fonts (subset). When off, readers use their own fonts.
    pub embed_fonts: bool,
}

impl Default for EpubOptions {
    fn default() -> Self {
        EpubOptions {
            labels: Labels::default(),
            certified_by: None,
            embed_fonts: true,
        }
    }
}

/// Renders the document as EPUB 3 bytes.
pub fn render(
    doc: &Document,
    theme: &Theme,
    fonts: &FontFiles,
    opts: &EpubOptions,
) -> Result<Rendered, Diagnostic> {
    let (parts, diagnostics, _) = build_parts(doc, theme, fonts, opts)?;
    Ok(Rendered {
        bytes: fixup::rezip(&parts)?,
        diagnostics,
        pages: None,
    })
}

/// Every file of the EPUB in container order (`mimetype`, `META-INF/…`, `OEBPS/content.opf`, …)
/// with its bytes: what [`render`] zips. For golden-file tests of the XHTML, CSS and OPF.
pub fn render_parts(
    doc: &Document,
    theme: &Theme,
    fonts: &FontFiles,
    opts: &EpubOptions,
) -> Result<Parts, Diagnostic> {
    let (mut parts, _, _) = build_parts(doc, theme, fonts, opts)?;
    if parts.first().is_none_or(|(n, _)| n != "mimetype") {
        parts.insert(0, ("mimetype".into(), b"application/epub+zip".to_vec()));
    }
    Ok(parts)
}

/// The XHTML of chapter `index` (0-based) as it goes in the book, with default labels.
pub fn chapter_xhtml(doc: &Document, theme: &Theme, index: usize) -> String {
    let mut diags = Vec::new();
    let plan = plan::Plan::new(doc, &mut diags);
    let labels = Labels::default();
    let ctx = xhtml::Ctx {
        doc,
        theme,
        labels: &labels,
        plan: &plan,
    };
    if index >= doc.chapters.len() {
        return String::new();
    }
    xhtml::chapter_page(&ctx, index).0
}

/// The package document (`content.opf`) as it goes in the book.
pub fn package_opf(
    doc: &Document,
    theme: &Theme,
    fonts: &FontFiles,
    opts: &EpubOptions,
) -> Result<String, Diagnostic> {
    let parts = render_parts(doc, theme, fonts, opts)?;
    let opf = parts
        .into_iter()
        .find(|(n, _)| n == fixup::OPF)
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    Ok(opf)
}

/// Where an entry goes in the container: `META-INF` first, then the package document and the
/// navigation, then everything else in the order it was added.
fn rank(name: &str) -> u8 {
    match name {
        "mimetype" => 0,
        n if n.starts_with("META-INF/") => 1,
        fixup::OPF => 2,
        fixup::NAV => 3,
        "OEBPS/toc.ncx" => 4,
        _ => 5,
    }
}

/// A copy of the document with the metadata a valid package cannot do without filled in
/// (language `und`, title "Untitled"), or `None` when nothing is missing.
fn normalized(doc: &Document) -> Option<Document> {
    let m = &doc.meta;
    if !m.lang.trim().is_empty() && !m.title.trim().is_empty() {
        return None;
    }
    let mut d = doc.clone();
    if d.meta.lang.trim().is_empty() {
        d.meta.lang = "und".into();
    }
    if d.meta.title.trim().is_empty() {
        d.meta.title = "Untitled".into();
    }
    Some(d)
}

fn build_parts(
    doc: &Document,
    theme: &Theme,
    fonts: &FontFiles,
    opts: &EpubOptions,
) -> Result<(Parts, Vec<Diagnostic>, Usage), Diagnostic> {
    let fixed = normalized(doc);
    let doc = fixed.as_ref().unwrap_or(doc);
    let mut diags = Vec::new();
    let plan = plan::Plan::new(doc, &mut diags);
    let labels = &opts.labels;
    let ctx = xhtml::Ctx {
        doc,
        theme,
        labels,
        plan: &plan,
    };
    let mut usage = Usage::default();
    let mut pages: Vec<package::Item> = Vec::new();
    let mut toc_titles = Vec::new();
    let mut page = |file: &str, xhtml: String, toc: Option<(String, Vec<(String, String)>)>, lm| {
        if let Some((t, children)) = &toc {
            toc_titles.push(t.clone());
            toc_titles.extend(children.iter().map(|(_, c)| c.clone()));
        }
        pages.push(package::Item::Page {
            file: file.to_string(),
            xhtml,
            toc,
            landmark: lm,
        });
    };

    if let Some((xhtml, u)) = pages::cover_page(&ctx) {
        usage.merge(u);
        let toc = Some((labels.cover.clone(), vec![]));
        page(pages::COVER_FILE, xhtml, toc, Some(ReferenceType::Cover));
    }
    let (xhtml, u) = pages::title_page(&ctx);
    usage.merge(u);
    let toc = Some((labels.title_page.clone(), vec![]));
    page(
        pages::TITLE_FILE,
        xhtml,
        toc,
        Some(ReferenceType::TitlePage),
    );
    let (xhtml, u) = pages::contents_page(&ctx);
    usage.merge(u);
    let toc = Some((labels.contents.clone(), vec![]));
    page(pages::CONTENTS_FILE, xhtml, toc, Some(ReferenceType::Toc));
    // The book's opening is in the spine but not in the navigation (nor the NCX: epub-builder
    // lists only content with a title), so its "bodymatter" landmark is added by the fixup.
    let mut opening_landmark = None;
    for (i, ch) in doc.chapters.iter().enumerate() {
        let (xhtml, u, d) = xhtml::chapter_page(&ctx, i);
        usage.merge(u);
        diags.extend(d);
        let file = &plan.chapter_files[i];
        let children = plan.anchors[i]
            .sections
            .iter()
            .map(|(id, t)| (format!("{file}#{id}"), t.clone()))
            .collect();
        if ch.untitled {
            if i == 0 {
                opening_landmark = Some((file.clone(), writer::strip_invalid(&doc.meta.title)));
            }
            page(file, xhtml, None, None);
            continue;
        }
        let lm = (i == 0).then_some(ReferenceType::Text);
        let title = if ch.title_text.trim().is_empty() {
            format!("{} {}", labels.chapter, i + 1)
        } else {
            ch.title_text.clone()
        };
        page(file, xhtml, Some((title, children)), lm);
    }
    if let Some((_, t)) = &opening_landmark {
        toc_titles.push(t.clone());
    }
    usage.merge(pages::nav_usage(&ctx, &toc_titles));

    let embedded = if opts.embed_fonts {
        subset::embed_fonts(fonts, &usage, &mut diags)
    } else {
        subset::Embedded {
            files: Vec::new(),
            faces: BTreeMap::new(),
            fallbacks: Vec::new(),
        }
    };
    let css = css::stylesheet_with(theme, &embedded.faces, &embedded.fallbacks);
    let mut items = vec![package::Item::Stylesheet(css)];
    for (path, bytes) in embedded.files {
        items.push(package::Item::Resource {
            file: path,
            bytes,
            media_type: "font/ttf".into(),
        });
    }
    let mut has_images = false;
    for (i, path) in plan.asset_paths.iter().enumerate() {
        let (Some(path), Some(media_type)) = (path, plan::Plan::media_type(doc, i)) else {
            continue;
        };
        has_images = true;
        let file = path.clone();
        let bytes = doc.assets[i].bytes.clone();
        let media_type = media_type.to_string();
        items.push(if doc.meta.cover == Some(i) {
            package::Item::CoverImage {
                file,
                bytes,
                media_type,
            }
        } else {
            package::Item::Resource {
                file,
                bytes,
                media_type,
            }
        });
    }
    items.extend(pages);

    let certified_by = opts
        .certified_by
        .clone()
        .or_else(|| doc.meta.publisher.clone())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| doc.meta.authors.join(", "));
    let a11y = package::A11y {
        has_images,
        certified_by,
        contents_label: labels.contents.clone(),
    };
    let built = package::build(&doc.meta, &a11y, items)?;
    let fix = fixup::FixMeta {
        lang: doc.meta.lang.clone(),
        languages: 1,
        subtitle: doc.meta.subtitle.clone(),
        publisher: doc.meta.publisher.clone(),
        landmarks_label: labels.landmarks.clone(),
        title: writer::strip_invalid(&doc.meta.title),
        uid: package::book_uuid(&doc.meta.identifier).urn().to_string(),
        nested_toc: plan.anchors.iter().any(|a| !a.sections.is_empty()),
        toc_name: writer::strip_invalid(&labels.contents),
        opening_landmark,
    };
    let mut parts = fixup::fix_epub(built, &fix)?;
    parts.sort_by_key(|(n, _)| rank(n));
    diags.sort_by_key(|d| (d.severity != Severity::Error, d.span, d.code));
    Ok((parts, diags, usage))
}
