//! The navigation document (`nav.xhtml`) and the NCX (`toc.ncx`, for EPUB 2 readers), written
//! by us rather than by epub-builder's templates, which cannot express what the book needs.
//! The navigation document needs `lang`/`xml:lang` (and `dir` for right-to-left books) on
//! `<html>`, `role="doc-toc"` and an accessible name on the contents `<nav>`, an id, an
//! accessible name and `hidden` on the landmarks `<nav>`, and the "bodymatter" landmark of
//! the book's untitled opening, which has no entry in the contents (the crate lists only
//! landmarks of pages it lists). The NCX needs the book's identifier (`dtb:uid`), its real
//! depth, and the book's title as `docTitle` (the crate writes the name of the contents there).
//! The layout is the one the book has always had, so rebuilt books stay byte-identical.

use super::package::{Item, Landmark, Package, TocEntry};
use super::writer::{attr, esc, indent, quoted, strip_invalid};
use crate::diag::Diagnostic;
use std::fmt::Write;

/// The pages' contents entries and landmarks, in reading order.
fn pages<'a>(
    pkg: &'a Package,
) -> impl Iterator<Item = (&'a str, Option<&'a TocEntry>, Option<&'a Landmark>)> {
    pkg.items.iter().filter_map(|item| match item {
        Item::Page {
            file,
            toc,
            landmark,
            ..
        } => Some((file.as_str(), toc.as_ref(), landmark.as_ref())),
        _ => None,
    })
}

/// An entry of the contents as the navigation shows it: characters XML cannot carry dropped.
struct Entry<'a> {
    href: &'a str,
    title: String,
    children: Vec<(&'a str, String)>,
}

/// The entries of the contents that have a title.
fn entries<'a>(pkg: &'a Package) -> Vec<Entry<'a>> {
    pages(pkg)
        .filter_map(|(file, toc, _)| {
            let toc = toc?;
            let title = strip_invalid(&toc.title);
            let children = toc
                .children
                .iter()
                .map(|(href, t)| (href.as_str(), strip_invalid(t)))
                .collect();
            (!title.is_empty()).then_some(Entry {
                href: file,
                title,
                children,
            })
        })
        .collect()
}

/// An ordered list of `items`, indented below its parent.
fn list(items: &[String]) -> String {
    format!("<ol>\n{}\n</ol>", indent(&items.join("\n"), 1))
}

/// One entry of the contents, with its second-level list.
fn toc_item(href: &str, title: &str, children: &[(&str, String)]) -> String {
    let link = |href: &str, title: &str| format!("<a href=\"{}\">{}</a>", quoted(href), esc(title));
    if children.is_empty() {
        return format!("<li>{}</li>", link(href, title));
    }
    let sub: Vec<String> = children
        .iter()
        .map(|(h, t)| {
            if t.is_empty() {
                String::new()
            } else {
                format!("<li>{}</li>", link(h, t))
            }
        })
        .collect();
    format!(
        "<li>\n  {}\n{}\n</li>",
        link(href, title),
        indent(&list(&sub), 1)
    )
}

/// The navigation document.
pub fn nav_xhtml(pkg: &Package) -> Result<String, Diagnostic> {
    let lang = attr(&pkg.meta.lang);
    let dir = if super::xhtml::is_rtl(&pkg.meta.lang) {
        " dir=\"rtl\""
    } else {
        ""
    };
    let name = esc(&pkg.contents_label);
    let toc: Vec<String> = entries(pkg)
        .iter()
        .map(|e| toc_item(e.href, &e.title, &e.children))
        .collect();
    let landmarks: Vec<String> = pages(pkg)
        .filter_map(|(file, _, lm)| {
            let lm = lm?;
            let title = strip_invalid(&lm.title);
            (!title.is_empty()).then(|| {
                format!(
                    "<li><a epub:type=\"{}\" href=\"{}\">{}</a></li>",
                    lm.kind.epub_type(),
                    quoted(file),
                    esc(&title)
                )
            })
        })
        .collect();
    let landmarks = if landmarks.is_empty() {
        String::new()
    } else {
        indent(&list(&landmarks), 2)
    };
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n");
    let _ = write!(
        s,
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\"{dir}>\n\
         <head>\n  <meta charset=\"utf-8\"/>\n  <meta name=\"generator\" content=\"guidebuild\" />\n  \
         <title>{name}</title>\n  <link rel=\"stylesheet\" type=\"text/css\" href=\"{}\" />\n</head>\n<body>\n  \
         <nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\" aria-labelledby=\"toc-title\">\n    \
         <h1 id=\"toc-title\">{name}</h1>\n{}\n  </nav>\n  \
         <nav epub:type=\"landmarks\" id=\"landmarks\" aria-label=\"{}\" hidden=\"hidden\">\n{landmarks}\n  </nav>\n{}\
         </body>\n</html>\n",
        super::package::STYLESHEET,
        indent(&list(&toc), 2),
        attr(&pkg.landmarks_label),
        page_list(pkg),
    );
    super::opf::unique_ids(&s, "nav.xhtml")?;
    Ok(s)
}

/// The page list: a link to each page-break marker, named by its page label (empty when the
/// book carries no page numbers).
fn page_list(pkg: &Package) -> String {
    if pkg.page_list.is_empty() {
        return String::new();
    }
    let items: Vec<String> = (pkg.page_list.iter())
        .map(|(href, label)| format!("<li><a href=\"{}\">{}</a></li>", quoted(href), esc(label)))
        .collect();
    format!(
        "  <nav epub:type=\"page-list\" id=\"page-list\" aria-label=\"{}\" hidden=\"hidden\">\n{}\n  </nav>\n",
        attr(&pkg.pages_label),
        indent(&list(&items), 2)
    )
}

/// Writes one navigation point of the NCX and those below it, each line indented by `pad`
/// spaces (its children by two more), numbered in reading order from `n`. Written straight
/// into the file's text: a book of a hundred thousand headings has as many points.
fn nav_point(
    out: &mut String,
    n: &mut usize,
    href: &str,
    title: &str,
    children: &[(&str, String)],
    pad: usize,
) {
    *n += 1;
    let id = *n;
    let p = " ".repeat(pad);
    // a line break inside the title continues at the point's own indent, as the others do
    let title = indent(esc(title).trim(), pad / 2);
    let title = title.strip_prefix(p.as_str()).unwrap_or(&title);
    let _ = write!(
        out,
        "{p}<navPoint playOrder=\"{id}\" id=\"navPoint-{id}\">\n{p}  <navLabel>\n{p}   <text>{title}</text>\n\
         {p}  </navLabel>\n{p}  <content src=\"{}\"/>",
        quoted(href)
    );
    for (h, t) in children {
        out.push('\n');
        nav_point(out, n, h, t, &[], pad + 2);
    }
    let _ = write!(out, "\n{p}</navPoint>");
}

/// The NCX.
pub fn toc_ncx(pkg: &Package) -> String {
    let uid = super::package::book_uuid(&pkg.meta.identifier)
        .urn()
        .to_string();
    let depth = if pkg.nested_toc { 2 } else { 1 };
    // the printed edition's pages the book marks (0 when it marks none)
    let pages = pkg.page_list.len();
    let max_page = (pkg.page_list.iter())
        .filter_map(|(_, label)| label.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <ncx version=\"2005-1\" xmlns=\"http://www.daisy.org/z3986/2005/ncx/\">\n  <head>\n    \
         <meta name=\"dtb:uid\" content=\"{}\" />\n    <meta name=\"dtb:depth\" content=\"{depth}\" />\n    \
         <meta name=\"dtb:totalPageCount\" content=\"{pages}\" />\n    <meta name=\"dtb:maxPageNumber\" content=\"{max_page}\" />\n  \
         </head>\n  <docTitle>\n    <text>{}</text>\n  </docTitle>\n  <navMap>\n",
        attr(&uid),
        esc(&pkg.meta.title),
    );
    let mut n = 0;
    for (i, e) in entries(pkg).iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        nav_point(&mut out, &mut n, e.href, &e.title, &e.children, 4);
    }
    out.push_str("\n  </navMap>\n</ncx>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nav_points_are_numbered_in_reading_order_below_their_chapter() {
        let mut n = 0;
        let kids = [
            ("a.xhtml#x", "X & Y".to_string()),
            ("a.xhtml#z", " Z ".into()),
        ];
        let (mut a, mut b) = (String::new(), String::new());
        nav_point(&mut a, &mut n, "a.xhtml", "A", &kids, 0);
        nav_point(&mut b, &mut n, "b.xhtml", "B", &[], 0);
        assert!(
            a.starts_with("<navPoint playOrder=\"1\" id=\"navPoint-1\">"),
            "{a}"
        );
        assert!(
            a.contains("\n  <navPoint playOrder=\"2\" id=\"navPoint-2\">"),
            "{a}"
        );
        assert!(a.contains("<text>X &amp; Y</text>") && a.contains("<text>Z</text>"));
        assert!(a.ends_with("  </navPoint>\n</navPoint>"), "{a}");
        assert!(b.starts_with("<navPoint playOrder=\"4\""), "{b}");
    }

    #[test]
    fn a_chapter_with_sections_nests_an_ordered_list_of_the_titled_ones() {
        let kids = [("a.xhtml#x", "X".to_string()), ("a.xhtml#y", String::new())];
        let item = toc_item("a.xhtml", "A <1>", &kids);
        assert_eq!(
            item,
            "<li>\n  <a href=\"a.xhtml\">A &lt;1&gt;</a>\n  <ol>\n    \
             <li><a href=\"a.xhtml#x\">X</a></li>\n  </ol>\n</li>"
        );
        assert_eq!(
            toc_item("b.xhtml", "B", &[]),
            "<li><a href=\"b.xhtml\">B</a></li>"
        );
    }
}
