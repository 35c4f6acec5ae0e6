//! EPUB 3 backend: a pure function from the document model, theme and font bytes to the bytes
//! of an EPUB that passes EPUBCheck and Ace. It writes the pages (`pages.rs`, `xhtml.rs`,
//! `lists.rs`, `inline.rs` through `writer.rs`), generates the stylesheet from the theme
//! (`css/`), subsets the fonts to the characters the pages use, keeping kerning and
//! ligatures (`subset.rs`, through [`crate::fontkit`]), writes the package document (`opf.rs`), the
//! navigation document and the NCX (`nav.rs`) from what `package.rs` gathers, and lays all
//! the files out in the container, zipped once (`container.rs`).
//! Same input, same bytes: dates and the identifier come from the document, never the clock.

mod container;
mod css;
mod inline;
mod lists;
mod nav;
mod opf;
mod package;
mod pages;
mod plan;
#[cfg(test)]
mod sample;
mod subset;
mod svg;
mod writer;
mod xhtml;

#[cfg(test)]
mod tests;

use crate::diag::{Diagnostic, Warned};
use crate::fonts::FontFiles;
use crate::model::Document;
use crate::theme::Theme;
use crate::Rendered;
use package::{Item, Landmark, LandmarkKind, TocEntry};
use std::collections::BTreeMap;

pub use css::stylesheet;

pub use container::Parts;
pub use svg::sanitise as sanitise_svg;
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
    /// Accessible name of the page list (the printed edition's page numbers).
    pub pages: String,
    /// Accessible names of a task item's box.
    pub task_done: String,
    pub task_open: String,
    /// Navigation name of a chapter without a title ("Chapter 3").
    pub chapter: String,
    /// Accessible name of a footnote's link back to its reference; `{n}` is the note's
    /// number ("Back to note 1’s reference").
    pub back_to_reference: String,
}

impl Default for Labels {
    fn default() -> Self {
        Labels {
            contents: "Contents".into(),
            title_page: "Title Page".into(),
            cover: "Cover".into(),
            notes: "Notes".into(),
            landmarks: "Landmarks".into(),
            pages: "Pages".into(),
            task_done: crate::theme::READS_DONE.into(),
            task_open: crate::theme::READS_NOT_DONE.into(),
            chapter: "Chapter".into(),
            back_to_reference: "Back to note {n}’s reference".into(),
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
    /// The printed edition's page numbers: a page-break marker where each of its pages
    /// starts, a page list in the navigation, and the edition named as their source.
    pub pages: Option<PageList>,
}

/// Where the pages of a printed edition start, and the edition's name (`dc:source`).
#[derive(Debug, Clone, PartialEq)]
pub struct PageList {
    pub starts: Vec<crate::model::PageStart>,
    pub source: String,
}

impl Default for EpubOptions {
    fn default() -> Self {
        EpubOptions {
            labels: Labels::default(),
            certified_by: None,
            embed_fonts: true,
            pages: None,
        }
    }
}

/// Renders the document as EPUB 3 bytes.
pub fn render(
    doc: &Document,
    theme: &Theme,
    fonts: &FontFiles,
    opts: &EpubOptions,
) -> Result<Warned<Rendered>, Diagnostic> {
    let (built, diagnostics, _) = build_book(doc, theme, fonts, opts, true)?;
    let rendered = Rendered {
        bytes: built.zip,
        pages: None,
    };
    Ok(Warned::new(rendered, diagnostics))
}

/// Every file of the EPUB in container order (`mimetype`, `META-INF/…`, `OEBPS/content.opf`, …)
/// with its bytes: what [`render`] zips. For golden-file tests of the XHTML, CSS and OPF.
pub fn render_parts(
    doc: &Document,
    theme: &Theme,
    fonts: &FontFiles,
    opts: &EpubOptions,
) -> Result<Parts, Diagnostic> {
    Ok(build_book(doc, theme, fonts, opts, false)?.0.parts)
}

/// The XHTML of chapter `index` (0-based) as it goes in the book, with default labels.
pub fn chapter_xhtml(doc: &Document, theme: &Theme, index: usize) -> String {
    let plan = plan::Plan::new(doc).value;
    let labels = Labels::default();
    let ctx = xhtml::Ctx {
        doc,
        theme,
        labels: &labels,
        plan: &plan,
        page_starts: &[],
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
        .find(|(n, _)| n == container::OPF)
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    Ok(opf)
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

/// A content document with its entry in the contents; its landmark, if any, is named by that
/// entry.
fn page(file: &str, xhtml: String, toc: TocEntry, landmark: Option<LandmarkKind>) -> Item {
    Item::Page {
        file: file.to_string(),
        xhtml,
        landmark: landmark.map(|kind| Landmark {
            kind,
            title: toc.title.clone(),
            in_guide: true,
        }),
        toc: Some(toc),
    }
}

fn entry(title: &str) -> TocEntry {
    TocEntry {
        title: title.to_string(),
        children: Vec::new(),
    }
}

/// A page-break marker as the page list links it: `chNN.xhtml#id` and the page label.
type PageMark = (String, String);

/// The pages in reading order (cover, title page, contents, chapters) with their entries in
/// the contents and their landmarks, the characters they set, and the page-break markers.
fn page_items(ctx: &xhtml::Ctx) -> Warned<(Vec<Item>, Usage, Vec<PageMark>)> {
    let mut diags = Vec::new();
    let (doc, labels, plan) = (ctx.doc, ctx.labels, ctx.plan);
    let mut usage = Usage::default();
    let mut items = Vec::new();
    if let Some((xhtml, u)) = pages::cover_page(ctx) {
        usage.merge(u);
        let toc = entry(&labels.cover);
        items.push(page(
            pages::COVER_FILE,
            xhtml,
            toc,
            Some(LandmarkKind::Cover),
        ));
    }
    let (xhtml, u) = pages::title_page(ctx);
    usage.merge(u);
    let toc = entry(&labels.title_page);
    items.push(page(
        pages::TITLE_FILE,
        xhtml,
        toc,
        Some(LandmarkKind::TitlePage),
    ));
    let (xhtml, u) = pages::contents_page(ctx);
    usage.merge(u);
    let toc = entry(&labels.contents);
    items.push(page(
        pages::CONTENTS_FILE,
        xhtml,
        toc,
        Some(LandmarkKind::Toc),
    ));
    let mut page_list = Vec::new();
    for (i, ch) in doc.chapters.iter().enumerate() {
        let (xhtml, u, d, breaks) = xhtml::chapter_page(ctx, i);
        usage.merge(u);
        diags.extend(d);
        let file = &plan.chapter_files[i];
        page_list.extend(
            breaks
                .into_iter()
                .map(|(id, label)| (format!("{file}#{id}"), label)),
        );
        if ch.untitled {
            // The book's opening is in the spine but not in the contents; where it starts the
            // text, it is the "bodymatter" landmark, named by the book.
            items.push(Item::Page {
                file: file.clone(),
                xhtml,
                toc: None,
                landmark: (i == 0).then(|| Landmark {
                    kind: LandmarkKind::Text,
                    title: writer::strip_invalid(&doc.meta.title),
                    in_guide: false,
                }),
            });
            continue;
        }
        let title = if ch.title_text.trim().is_empty() {
            format!("{} {}", labels.chapter, i + 1)
        } else {
            ch.title_text.clone()
        };
        let children = plan.anchors[i]
            .sections
            .iter()
            .map(|(id, t)| (format!("{file}#{id}"), t.clone()))
            .collect();
        let lm = (i == 0).then_some(LandmarkKind::Text);
        items.push(page(file, xhtml, TocEntry { title, children }, lm));
    }
    usage.merge(pages::nav_usage(ctx, &nav_titles(&items)));
    Warned::new((items, usage, page_list), diags)
}

/// The titles the navigation document shows: the contents' entries and the landmarks of
/// pages not in the contents.
fn nav_titles(items: &[Item]) -> Vec<String> {
    let mut titles = Vec::new();
    for item in items {
        match item {
            Item::Page { toc: Some(t), .. } => {
                titles.push(t.title.clone());
                titles.extend(t.children.iter().map(|(_, c)| c.clone()));
            }
            Item::Page {
                landmark: Some(l), ..
            } => titles.push(l.title.clone()),
            _ => {}
        }
    }
    titles
}

/// The embedded fonts and the images (the cover image marked), in that order; true when the
/// book has an image.
fn resources(doc: &Document, plan: &plan::Plan, fonts: Parts, items: &mut Vec<Item>) -> bool {
    for (file, bytes) in fonts {
        let media_type = "font/ttf".into();
        items.push(Item::Resource {
            file,
            bytes,
            media_type,
        });
    }
    let mut has_images = false;
    for (i, path) in plan.asset_paths.iter().enumerate() {
        let (Some(file), Some(media_type)) = (path.clone(), plan::Plan::media_type(doc, i)) else {
            continue;
        };
        has_images = true;
        let bytes = match plan.svg.get(&i) {
            Some(clean) => clean.clone(),
            None => doc.assets[i].bytes.clone(),
        };
        let media_type = media_type.to_string();
        items.push(if doc.meta.cover == Some(i) {
            Item::CoverImage {
                file,
                bytes,
                media_type,
            }
        } else {
            Item::Resource {
                file,
                bytes,
                media_type,
            }
        });
    }
    has_images
}

/// Writes the pages and the stylesheet, subsets the fonts, and assembles the book (zipped
/// when `zip` is set). Returns the book, the diagnostics and the characters the pages set.
fn build_book(
    doc: &Document,
    theme: &Theme,
    fonts: &FontFiles,
    opts: &EpubOptions,
    zip: bool,
) -> Result<(container::Built, Vec<Diagnostic>, Usage), Diagnostic> {
    let fixed = normalized(doc);
    let doc = fixed.as_ref().unwrap_or(doc);
    let mut warned = Warned::clean(());
    let plan = warned.take(plan::Plan::new(doc));
    let labels = &opts.labels;
    let ctx = xhtml::Ctx {
        doc,
        theme,
        labels,
        plan: &plan,
        page_starts: opts.pages.as_ref().map_or(&[], |p| &p.starts),
    };
    let (pages, usage, page_list) = warned.take(page_items(&ctx));
    let embedded = if opts.embed_fonts {
        warned.take(subset::embed_fonts(fonts, &usage))
    } else {
        subset::Embedded {
            files: Vec::new(),
            faces: BTreeMap::new(),
            fallbacks: Vec::new(),
        }
    };
    let css = css::stylesheet_with(
        theme,
        &embedded.faces,
        &embedded.fallbacks,
        doc.has_reflection_prompts(),
    );
    let mut items = vec![Item::Stylesheet(css)];
    let has_images = resources(doc, &plan, embedded.files, &mut items);
    items.extend(pages);
    let certified_by = opts
        .certified_by
        .clone()
        .or_else(|| doc.meta.publisher.clone())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| doc.meta.authors.join(", "));
    let pkg = package::Package {
        meta: &doc.meta,
        a11y: package::A11y {
            has_images,
            images_described: doc.images().iter().all(|(i, _)| !i.undescribed()),
            wcag_aa: theme.low_contrast().is_empty(),
            certified_by,
        },
        contents_label: labels.contents.clone(),
        landmarks_label: labels.landmarks.clone(),
        nested_toc: plan.anchors.iter().any(|a| !a.sections.is_empty()),
        items,
        page_source: opts.pages.as_ref().map(|p| p.source.clone()),
        pages_label: labels.pages.clone(),
        page_list,
    };
    let built = container::build(pkg, zip)?;
    Ok((built, warned.warnings, usage))
}
