//! One XHTML content document per chapter: the page skeleton (`lang`, `xml:lang`, `<title>`,
//! stylesheet), the chapter section with its roles, every block kind of the model, and the
//! chapter's footnotes with back links. Lists and sayings are in `lists.rs`, inline content
//! and links in `inline.rs`.

use super::plan::Plan;
use super::writer::{attr, esc, Family, Ids, Style, Usage, Writer};
use super::Labels;
use crate::diag::Diagnostic;
use crate::model::{Align, Block, BlockKind, Document, Image, Table};
use crate::theme::Theme;
use std::collections::BTreeMap;

/// Whether a language is written right to left (by its primary subtag).
pub fn is_rtl(lang: &str) -> bool {
    let primary = lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        primary.as_str(),
        "ar" | "he" | "iw" | "fa" | "ur" | "yi" | "ps" | "sd" | "ug" | "dv" | "ckb" | "syr"
    )
}

/// What every page writer needs to know about the book.
pub struct Ctx<'a> {
    pub doc: &'a Document,
    pub theme: &'a Theme,
    pub labels: &'a Labels,
    pub plan: &'a Plan,
    /// Where the printed edition's pages start (empty: no page-break markers).
    pub page_starts: &'a [crate::model::PageStart],
}

/// A page being written: the text sink plus per-file state.
pub struct Page<'a> {
    pub ctx: &'a Ctx<'a>,
    pub w: Writer,
    /// Index of the chapter being written (`None` for front matter pages).
    pub chapter: Option<usize>,
    pub ids: Ids,
    next_heading: usize,
    /// Footnote number → id of its first reference (where the back link goes).
    pub first_ref: BTreeMap<u32, String>,
    pub diags: Vec<Diagnostic>,
}

impl<'a> Page<'a> {
    pub fn new(ctx: &'a Ctx<'a>, chapter: Option<usize>) -> Self {
        let ids = chapter
            .and_then(|i| ctx.plan.anchors.get(i))
            .map(|a| a.ids.clone())
            .unwrap_or_default();
        Page {
            ctx,
            w: Writer::new(),
            chapter,
            ids,
            next_heading: 0,
            first_ref: BTreeMap::new(),
            diags: Vec::new(),
        }
    }

    /// XML declaration, doctype, `<html>` with the book's language (and direction), `<head>`,
    /// and `<body …>`.
    pub fn start(&mut self, title: &str, body_type: &str) {
        let lang = attr(&self.ctx.doc.meta.lang);
        let dir = if is_rtl(&self.ctx.doc.meta.lang) {
            " dir=\"rtl\""
        } else {
            ""
        };
        self.w.raw(&format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
             <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
             lang=\"{lang}\" xml:lang=\"{lang}\"{dir}>\n<head>\n<meta charset=\"utf-8\"/>\n\
             <title>{}</title>\n\
             <link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n\
             <body epub:type=\"{body_type}\">\n",
            esc(title)
        ));
    }

    pub fn end(&mut self) {
        self.w.raw("</body>\n</html>\n");
    }

    fn heading_id(&mut self, fallback: &str) -> String {
        let planned = self
            .chapter
            .and_then(|c| self.ctx.plan.anchors.get(c))
            .and_then(|a| a.headings.get(self.next_heading))
            .cloned();
        self.next_heading += 1;
        planned.unwrap_or_else(|| self.ids.unique(fallback))
    }

    pub fn blocks(&mut self, blocks: &[Block]) {
        for b in blocks {
            self.w.place_due_breaks();
            self.block(b);
        }
    }

    pub fn block(&mut self, block: &Block) {
        match &block.kind {
            BlockKind::Heading { level, id, content } => {
                let level = (*level).clamp(1, 6);
                let id = self.heading_id(id);
                self.w.raw(&format!("<h{level} id=\"{}\">", attr(&id)));
                self.w.push(Style::of(Family::Heading));
                self.inlines(content);
                self.w.pop();
                self.w.raw(&format!("</h{level}>\n"));
            }
            BlockKind::Paragraph(content) => {
                self.w.raw("<p>");
                self.inlines(content);
                self.w.raw("</p>\n");
            }
            BlockKind::Figure { image, caption } => self.figure(image, caption),
            BlockKind::List(list) => self.list(list),
            BlockKind::Sayings(s) => self.sayings(s),
            BlockKind::BlockQuote(inner) => {
                self.w.raw("<blockquote>\n");
                self.blocks(inner);
                self.w.raw("</blockquote>\n");
            }
            BlockKind::CodeBlock { lang, text } => {
                let class: String = lang
                    .as_deref()
                    .unwrap_or("")
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+'))
                    .collect();
                if class.is_empty() {
                    self.w.raw("<pre class=\"code\"><code>");
                } else {
                    self.w.raw(&format!(
                        "<pre class=\"code\"><code class=\"language-{class}\">"
                    ));
                }
                self.w.push(Style::of(Family::Mono));
                self.w.text(text.strip_suffix('\n').unwrap_or(text));
                self.w.pop();
                self.w.raw("</code></pre>\n");
            }
            BlockKind::Table(t) => self.table(t),
            BlockKind::ThematicBreak => self.w.raw("<hr/>\n"),
        }
    }

    /// `<img …/>` for an image, or `None` when its asset is not in the book.
    pub fn img_tag(&self, image: &Image, class: &str) -> Option<String> {
        let index = image.asset?;
        let path = self.ctx.plan.asset_paths.get(index)?.as_ref()?;
        let mut tag = format!(
            "<img class=\"{class}\" src=\"{}\" alt=\"{}\"",
            attr(path),
            attr(image.alt.trim())
        );
        if image.alt.trim().is_empty() {
            tag.push_str(" role=\"presentation\"");
        }
        if !image.title.is_empty() && !image.is_decorative() {
            tag.push_str(&format!(" title=\"{}\"", attr(&image.title)));
        }
        if let Some((w, h)) = self.ctx.doc.assets[index].size_px {
            tag.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
        }
        tag.push_str("/>");
        Some(tag)
    }

    fn figure(&mut self, image: &Image, caption: &[crate::model::Inline]) {
        match self.img_tag(image, "figure-image") {
            Some(tag) => {
                self.w.raw("<figure class=\"figure\">\n");
                self.w.raw(&tag);
                self.w.raw("\n");
                if !caption.is_empty() {
                    self.w.raw("<figcaption>");
                    self.w.push(Style::of(Family::Sans));
                    self.inlines(caption);
                    self.w.pop();
                    self.w.raw("</figcaption>\n");
                }
                self.w.raw("</figure>\n");
            }
            None => {
                // The image could not be used (already reported): keep its words.
                self.w.raw("<p class=\"missing-image\">");
                if caption.is_empty() {
                    self.w.text(&image.alt);
                } else {
                    self.inlines(caption);
                }
                self.w.raw("</p>\n");
            }
        }
    }

    fn table(&mut self, t: &Table) {
        let class = |i: usize| match t.align.get(i).copied().unwrap_or(Align::None) {
            Align::None => "",
            Align::Left => " class=\"al-left\"",
            Align::Center => " class=\"al-center\"",
            Align::Right => " class=\"al-right\"",
        };
        self.w.raw("<div class=\"table-wrap\">\n<table>\n");
        if !t.head.is_empty() {
            self.w.raw("<thead>\n<tr>");
            self.w.push_emphasis(false, true);
            for (i, cell) in t.head.iter().enumerate() {
                self.w.raw(&format!("<th scope=\"col\"{}>", class(i)));
                self.inlines(cell);
                self.w.raw("</th>");
            }
            self.w.pop();
            self.w.raw("</tr>\n</thead>\n");
        }
        if !t.rows.is_empty() {
            self.w.raw("<tbody>\n");
            for row in &t.rows {
                self.w.raw("<tr>");
                for (i, cell) in row.iter().enumerate() {
                    self.w.raw(&format!("<td{}>", class(i)));
                    self.inlines(cell);
                    self.w.raw("</td>");
                }
                self.w.raw("</tr>\n");
            }
            self.w.raw("</tbody>\n");
        }
        self.w.raw("</table>\n</div>\n");
    }

    pub fn finish(self) -> (String, Usage, Vec<Diagnostic>) {
        let (s, u) = self.w.finish();
        (s, u, self.diags)
    }
}

/// The XHTML of chapter `index`, its character usage and any warnings (unresolved links).
/// Also gives back the page-break markers it placed: id and page label.
pub fn chapter_page(
    ctx: &Ctx,
    index: usize,
) -> (String, Usage, Vec<Diagnostic>, Vec<(String, String)>) {
    let ch = &ctx.doc.chapters[index];
    let mut p = Page::new(ctx, Some(index));
    let hid = p.heading_id(&ch.heading_id);
    let breaks: Vec<(usize, String, String)> = (ctx.page_starts.iter())
        .filter(|s| s.chapter == index)
        .map(|s| {
            (
                s.offset,
                p.ids.unique(&format!("page-{}", s.label)),
                s.label.clone(),
            )
        })
        .collect();
    let placed: Vec<(String, String)> = (breaks.iter())
        .map(|(_, id, label)| (id.clone(), label.clone()))
        .collect();
    p.w.page_breaks(breaks);
    if ch.untitled {
        // The book's opening: no heading; named by the book's title (its <title> too).
        let name = &ctx.doc.meta.title;
        p.start(name, "bodymatter");
        p.w.raw(&format!(
            "<section class=\"chapter opening\" id=\"{}\" aria-label=\"{}\">\n",
            attr(&hid),
            attr(name)
        ));
    } else if ch.title_text.trim().is_empty() {
        // No heading to show: the section itself carries the anchor and a name.
        let name = format!("{} {}", ctx.labels.chapter, index + 1);
        p.start(&name, "bodymatter");
        p.w.raw(&format!(
            "<section class=\"chapter\" id=\"{}\" epub:type=\"chapter\" role=\"doc-chapter\" aria-label=\"{}\">\n",
            attr(&hid),
            attr(&name)
        ));
    } else {
        p.start(&ch.title_text, "bodymatter");
        p.w.raw(&format!(
            "<section class=\"chapter\" epub:type=\"chapter\" role=\"doc-chapter\" aria-labelledby=\"{}\">\n",
            attr(&hid)
        ));
        p.w.place_due_breaks();
        p.w.raw(&format!(
            "<h1 class=\"chapter-title\" id=\"{}\">",
            attr(&hid)
        ));
        p.w.push(Style::of(Family::Heading));
        p.inlines(&ch.title);
        p.w.pop();
        p.w.raw("</h1>\n");
    }
    p.blocks(&ch.blocks);
    p.w.flush_page_breaks();
    if !ch.footnotes.is_empty() {
        p.footnotes(index);
    }
    p.w.raw("</section>\n");
    p.end();
    let (xhtml, usage, diags) = p.finish();
    (xhtml, usage, diags, placed)
}

impl Page<'_> {
    fn footnotes(&mut self, index: usize) {
        let ctx = self.ctx;
        let ch = &ctx.doc.chapters[index];
        self.w.raw(&format!(
            "<section class=\"footnotes\" epub:type=\"footnotes\" aria-label=\"{}\">\n",
            attr(&ctx.labels.notes)
        ));
        for note in &ch.footnotes {
            let id = ctx.plan.anchors[index]
                .footnotes
                .get(&note.number)
                .cloned()
                .unwrap_or_else(|| self.ids.unique(&format!("fn-{}", note.number)));
            self.w.raw(&format!(
                "<aside class=\"footnote\" id=\"{}\" epub:type=\"footnote\" role=\"doc-footnote\">\n",
                attr(&id)
            ));
            let back = match self.first_ref.get(&note.number) {
                Some(r) => format!(
                    "<a class=\"backlink\" href=\"#{}\" role=\"doc-backlink\" aria-label=\"{}\">",
                    attr(r),
                    attr(
                        &ctx.labels
                            .back_to_reference
                            .replace("{n}", &note.number.to_string())
                    )
                ),
                None => "<span class=\"backlink\">".to_string(),
            };
            let close = if back.starts_with("<a") {
                "</a>"
            } else {
                "</span>"
            };
            let number = note.number.to_string();
            let mut rest = note.blocks.as_slice();
            self.w.raw("<p>");
            self.w.raw(&back);
            self.w.text(&number);
            self.w.raw(close);
            self.w.text(" ");
            if let Some((first, tail)) = rest.split_first() {
                if let BlockKind::Paragraph(content) = &first.kind {
                    self.inlines(content);
                    rest = tail;
                }
            }
            self.w.raw("</p>\n");
            self.blocks(rest);
            self.w.raw("</aside>\n");
        }
        self.w.raw("</section>\n");
    }
}
