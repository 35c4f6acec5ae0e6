//! Inline content: text runs with emphasis, code, links, images, footnote references and
//! breaks. Internal links go to `chNN.xhtml#id` only when that id exists in the target file;
//! a link whose target is unknown is written as plain text (never a dead link). External links
//! keep their URL, with the characters a URL may not contain percent-encoded.

use super::writer::{attr, Family, Style};
use super::xhtml::Page;
use crate::diag::Diagnostic;
use crate::model::{Inline, InlineKind, LinkTarget};

impl Page<'_> {
    pub fn inlines(&mut self, inlines: &[Inline]) {
        for i in inlines {
            self.inline(i);
        }
    }

    fn wrapped(&mut self, open: &str, close: &str, style: Option<Style>, content: &[Inline]) {
        self.w.raw(open);
        if let Some(s) = style {
            self.w.push(s);
        }
        self.inlines(content);
        if style.is_some() {
            self.w.pop();
        }
        self.w.raw(close);
    }

    fn styled(&mut self, open: &str, close: &str, italic: bool, bold: bool, c: &[Inline]) {
        self.w.raw(open);
        self.w.push_emphasis(italic, bold);
        self.inlines(c);
        self.w.pop();
        self.w.raw(close);
    }

    pub fn inline(&mut self, inline: &Inline) {
        match &inline.kind {
            InlineKind::Text(t) => self.w.text(t),
            InlineKind::Emph(c) => self.styled("<em>", "</em>", true, false, c),
            InlineKind::Strong(c) => self.styled("<strong>", "</strong>", false, true, c),
            InlineKind::Strike(c) => self.wrapped("<s>", "</s>", None, c),
            InlineKind::Code(t) => {
                self.w.raw("<code>");
                self.w.push(Style::of(Family::Mono));
                self.w.text(t);
                self.w.pop();
                self.w.raw("</code>");
            }
            InlineKind::Link {
                target,
                title,
                content,
            } => self.link(inline, target, title, content),
            InlineKind::Image(image) => match self.img_tag(image, "inline-image") {
                Some(tag) => {
                    // the PDF's line reads the image as its description: so do the page breaks
                    self.w.read_unwritten(&image.alt);
                    self.w.raw(&tag)
                }
                None => self.w.text(&image.alt),
            },
            InlineKind::FootnoteRef { number, .. } => self.note_ref(*number),
            InlineKind::SoftBreak => self.w.raw("\n"),
            InlineKind::HardBreak => self.w.raw("<br/>\n"),
            InlineKind::Blank(n) => self.blank(*n),
        }
    }

    /// A fill-in blank: its underscores (read, as the PDF's line reads them), drawn out with
    /// more as decoration to the theme's narrowest blank, unbroken. Underscores in a row are
    /// a line in any reader's font, with no CSS to depend on.
    fn blank(&mut self, n: u16) {
        let typed = crate::model::blank_text(n);
        let em = crate::model::blank_em(n, self.ctx.theme.reflection.blank_min_em);
        let min = (em / crate::model::UNDERSCORE_EM).ceil() as usize;
        self.w.raw("<span class=\"blank\">");
        self.w.text(&typed);
        if min > typed.len() {
            self.w.decoration(&"_".repeat(min - typed.len()));
        }
        self.w.raw("</span>");
    }

    fn link(&mut self, at: &Inline, target: &LinkTarget, title: &str, content: &[Inline]) {
        let href = match target {
            LinkTarget::External(url) => match external_href(url) {
                Some(h) => Some(h),
                None => {
                    self.diags.push(
                        Diagnostic::warning(
                            "GB403",
                            format!("link to `{url}` leads nowhere inside the EPUB; its text is kept without the link"),
                        )
                        .at(at.span)
                        .help("link to a full URL (https://…) or to a heading id (#id)"),
                    );
                    None
                }
            },
            LinkTarget::Internal { id, chapter } => match chapter {
                None => None, // the linter reports unknown ids
                Some(c) => match self.ctx.plan.link(*c, id) {
                    Some(h) => Some(h),
                    None => {
                        self.diags.push(
                            Diagnostic::warning(
                                "GB404",
                                format!("link target `#{id}` is not an id in the chapter it points to; its text is kept without the link"),
                            )
                            .at(at.span)
                            .help("link to the id of a heading, e.g. `[text](#heading-id)`"),
                        );
                        None
                    }
                },
            },
        };
        match href {
            Some(h) => {
                let mut open = format!("<a href=\"{}\"", attr(&h));
                if !title.is_empty() {
                    open.push_str(&format!(" title=\"{}\"", attr(title)));
                }
                open.push('>');
                self.wrapped(&open, "</a>", None, content);
            }
            None => self.inlines(content),
        }
    }

    fn note_ref(&mut self, number: u32) {
        let Some(chapter) = self.chapter else {
            return;
        };
        let Some(note) = self.ctx.plan.anchors[chapter]
            .footnotes
            .get(&number)
            .cloned()
        else {
            return;
        };
        let id = self.ids.unique(&format!("fnref-{number}"));
        self.first_ref.entry(number).or_insert_with(|| id.clone());
        self.w.raw(&format!(
            "<sup class=\"noteref\"><a id=\"{}\" href=\"#{}\" epub:type=\"noteref\" role=\"doc-noteref\">",
            attr(&id),
            attr(&note)
        ));
        self.w.text(&number.to_string());
        self.w.raw("</a></sup>");
    }
}

/// The schemes an external link may have (the parser drops links with any other).
const LINK_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// The `href` for an external link, or `None` for something that is not an absolute URL of
/// one of [`LINK_SCHEMES`] (a relative path would point at a file that is not in the book).
pub fn external_href(url: &str) -> Option<String> {
    let url = url.trim();
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let mut chars = scheme.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    if !first_ok
        || !chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        || !LINK_SCHEMES.iter().any(|s| scheme.eq_ignore_ascii_case(s))
    {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' => {
                out.push_str(&format!("%{:02X}", c as u32))
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_links_need_a_scheme_and_get_encoded() {
        assert_eq!(
            external_href("https://example.org/a b?q=\"x\"").as_deref(),
            Some("https://example.org/a%20b?q=%22x%22")
        );
        assert_eq!(
            external_href("mailto:a@b.org").as_deref(),
            Some("mailto:a@b.org")
        );
        assert_eq!(external_href("chapter2.md"), None);
        assert_eq!(external_href("JavaScript:alert(1)"), None);
        assert_eq!(external_href("1http://x"), None);
        assert_eq!(external_href("file:///etc/passwd"), None);
        assert_eq!(external_href("jar:x!/y"), None);
        assert_eq!(
            external_href("tel:+15550100").as_deref(),
            Some("tel:+15550100")
        );
    }
}
