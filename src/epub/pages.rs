//! The generated front matter: the optional cover page (the image carries `role="doc-cover"`),
//! the title page (title, subtitle, authors) and the contents page, which is part of the
//! reading order and links to every chapter.

use super::writer::{attr, Family, Style, Usage};
use super::xhtml::{Ctx, Page};

pub const COVER_FILE: &str = "cover.xhtml";
pub const TITLE_FILE: &str = "title.xhtml";
pub const CONTENTS_FILE: &str = "contents.xhtml";

/// The cover page, when the book has a usable cover image.
pub fn cover_page(ctx: &Ctx) -> Option<(String, Usage)> {
    let index = ctx.doc.meta.cover?;
    let path = ctx.plan.asset_paths.get(index)?.as_ref()?;
    let mut p = Page::new(ctx, None);
    p.start(&ctx.labels.cover, "cover");
    let alt = format!("{}: {}", ctx.labels.cover, ctx.doc.meta.title);
    let mut img = format!(
        "<img class=\"cover-image\" role=\"doc-cover\" src=\"{}\" alt=\"{}\"",
        attr(path),
        attr(&alt)
    );
    if let Some((w, h)) = ctx.doc.assets[index].size_px {
        img.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
    }
    img.push_str("/>");
    p.w.raw(&format!(
        "<section class=\"cover\" epub:type=\"cover\">\n{img}\n</section>\n"
    ));
    p.end();
    let (s, u, _) = p.finish();
    Some((s, u))
}

/// The title page.
pub fn title_page(ctx: &Ctx) -> (String, Usage) {
    let meta = &ctx.doc.meta;
    let mut p = Page::new(ctx, None);
    p.start(&meta.title, "frontmatter");
    p.w.raw("<section class=\"titlepage\" epub:type=\"titlepage\">\n<h1 class=\"title\">");
    p.w.push(Style::of(Family::Heading));
    p.w.text(&meta.title);
    p.w.pop();
    p.w.raw("</h1>\n");
    if let Some(sub) = meta.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
        p.w.raw("<p class=\"subtitle\">");
        p.w.push_emphasis(true, false);
        p.w.text(sub);
        p.w.pop();
        p.w.raw("</p>\n");
    }
    if !meta.authors.is_empty() {
        p.w.raw("<div class=\"authors\">\n");
        p.w.push(Style::of(Family::Sans));
        for a in &meta.authors {
            p.w.raw("<p class=\"author\">");
            p.w.text(a);
            p.w.raw("</p>\n");
        }
        p.w.pop();
        p.w.raw("</div>\n");
    }
    p.w.raw("</section>\n");
    p.end();
    let (s, u, _) = p.finish();
    (s, u)
}

/// The contents page: a `doc-toc` navigation list of the chapters.
pub fn contents_page(ctx: &Ctx) -> (String, Usage) {
    let label = &ctx.labels.contents;
    let mut p = Page::new(ctx, None);
    p.start(label, "frontmatter");
    p.w.raw(
        "<nav class=\"contents\" role=\"doc-toc\" aria-labelledby=\"contents-title\">\n\
         <h1 id=\"contents-title\">",
    );
    p.w.push(Style::of(Family::Heading));
    p.w.text(label);
    p.w.pop();
    p.w.raw("</h1>\n<ol class=\"contents-list\" role=\"list\">\n");
    // The book's opening has no title of its own and is not listed.
    for (i, ch) in ctx
        .doc
        .chapters
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.untitled)
    {
        let file = &ctx.plan.chapter_files[i];
        p.w.raw(&format!("<li><a href=\"{}\">", attr(file)));
        if ch.title_text.trim().is_empty() {
            p.w.text(&format!("{} {}", ctx.labels.chapter, i + 1));
        } else {
            p.inlines(&plain_title(&ch.title));
        }
        p.w.raw("</a></li>\n");
    }
    p.w.raw("</ol>\n</nav>\n");
    p.end();
    let (s, u, _) = p.finish();
    (s, u)
}

/// A chapter title without links or note references (a contents entry is itself a link).
fn plain_title(title: &[crate::model::Inline]) -> Vec<crate::model::Inline> {
    use crate::model::{Inline, InlineKind};
    let mut out = Vec::new();
    for i in title {
        match &i.kind {
            InlineKind::Link { content, .. } => out.extend(plain_title(content)),
            InlineKind::FootnoteRef { .. } | InlineKind::Image(_) => {}
            InlineKind::Emph(c) => out.push(Inline {
                kind: InlineKind::Emph(plain_title(c)),
                span: i.span,
            }),
            InlineKind::Strong(c) => out.push(Inline {
                kind: InlineKind::Strong(plain_title(c)),
                span: i.span,
            }),
            InlineKind::Strike(c) => out.push(Inline {
                kind: InlineKind::Strike(plain_title(c)),
                span: i.span,
            }),
            _ => out.push(i.clone()),
        }
    }
    out
}

/// Text of the nav document that the EPUB builder writes (entries and heading), so the fonts
/// carry its characters too: the nav uses the same stylesheet.
pub fn nav_usage(ctx: &Ctx, toc_titles: &[String]) -> Usage {
    let mut u = Usage::default();
    u.add(Style::of(Family::Heading).role(), &ctx.labels.contents);
    for t in toc_titles {
        u.add(Style::BODY.role(), t);
    }
    u
}
