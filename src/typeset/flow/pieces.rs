//! Inlines into pieces for the paragraph setter: each piece with its font, size and colour
//! from the inline's styling, links and footnote references (as superscripts linking to the
//! note), URLs and short code kept whole, struck text marked for its rule, and inline images
//! as one box standing for their alt text (see [`super::deco`] for how both are drawn).

use crate::diag::{Diagnostic, Span};
use crate::model::{Image, Inline, InlineKind, LinkTarget};
use crate::theme::FontRole;
use crate::typeset::text::{Extra, Link, Piece};

use super::anchors::footnote_anchor;
use super::cx::{FlowCx, Style};
use super::deco::INLINE_IMAGE_MAX_EM;
use super::picture::placeable;

/// Natural size over drawn size above which an inline image earns a `GB305` warning.
const SHRINK_WARNING: f32 = 4.0;

/// Points per CSS pixel: an image's natural size, as the EPUB reader shows it.
const PT_PER_PX: f32 = 0.75;

/// A piece of `text` in `style` (the body face made italic or bold as the style says), in
/// the link colour when it links.
pub(super) fn piece(
    cx: &FlowCx,
    text: &str,
    style: Style,
    link: Option<Link>,
    span: Span,
) -> Piece {
    let role = match style.role {
        FontRole::Body | FontRole::BodyItalic | FontRole::BodyBold | FontRole::BodyBoldItalic => {
            FontRole::Body.styled(style.italic, style.bold)
        }
        other => other,
    };
    Piece {
        text: text.to_string(),
        role,
        size: style.size,
        color: if link.is_some() {
            cx.pal.link
        } else {
            style.color
        },
        link,
        span,
        keep_together: false,
        extra: Extra::Plain,
    }
}

/// Inlines to pieces of text for the paragraph setter.
pub fn pieces(
    cx: &mut FlowCx,
    inlines: &[Inline],
    style: Style,
    link: Option<&Link>,
    out: &mut Vec<Piece>,
) {
    for inl in inlines {
        match &inl.kind {
            InlineKind::Text(t) => {
                let mut p = piece(cx, t, style, link.cloned(), inl.span);
                // a URL is never hyphenated (it may still break after a slash)
                p.keep_together = looks_like_url(t);
                out.push(p);
            }
            InlineKind::Emph(c) => {
                let s = Style {
                    italic: !style.italic,
                    ..style
                };
                pieces(cx, c, s, link, out);
            }
            InlineKind::Strong(c) => {
                let s = Style {
                    bold: true,
                    ..style
                };
                pieces(cx, c, s, link, out);
            }
            InlineKind::Strike(c) => struck_pieces(cx, c, style, link, out),
            InlineKind::Code(t) => {
                let s = Style {
                    role: FontRole::Mono,
                    size: style.size * cx.theme.code_scale,
                    ..style
                };
                let mut p = piece(cx, t, s, link.cloned(), inl.span);
                p.keep_together = t.chars().count() <= 24;
                out.push(p);
            }
            InlineKind::Link {
                target, content, ..
            } => {
                let l = match target {
                    LinkTarget::External(u) => Some(Link::Uri(u.as_str().into())),
                    LinkTarget::Internal {
                        id,
                        chapter: Some(_),
                    } => Some(Link::Internal(id.as_str().into())),
                    LinkTarget::Internal { chapter: None, .. } => None,
                };
                pieces(cx, content, style, l.as_ref().or(link), out);
            }
            InlineKind::Image(img) => {
                let p = image_piece(cx, img, style, link.cloned(), inl.span);
                out.push(p);
            }
            InlineKind::FootnoteRef { number, .. } => {
                let target = Link::Internal(footnote_anchor(cx.chapter(), *number).into());
                let mut p = piece(cx, &superscript(*number), style, Some(target), inl.span);
                p.keep_together = true;
                out.push(p);
            }
            InlineKind::SoftBreak => out.push(piece(cx, " ", style, link.cloned(), inl.span)),
            InlineKind::HardBreak => out.push(piece(cx, "\n", style, link.cloned(), inl.span)),
            InlineKind::Blank(n) => out.push(blank_piece(cx, *n, style, inl.span)),
        }
    }
}

/// Pieces of struck text (`~~…~~`): set as usual, marked to get their rule.
fn struck_pieces(
    cx: &mut FlowCx,
    inlines: &[Inline],
    style: Style,
    link: Option<&Link>,
    out: &mut Vec<Piece>,
) {
    let from = out.len();
    pieces(cx, inlines, style, link, out);
    for p in &mut out[from..] {
        if p.extra == Extra::Plain {
            p.extra = Extra::Strike;
        }
    }
}

/// The piece for an inline image; when it cannot be drawn (no asset, or a file the PDF
/// cannot hold, which is reported) its alt text (else its path) in brackets, in italics.
pub(super) fn image_piece(
    cx: &mut FlowCx,
    img: &Image,
    style: Style,
    link: Option<Link>,
    span: Span,
) -> Piece {
    if let Some(p) = image_box(cx, img, style, link.clone(), span) {
        return p;
    }
    let s = Style {
        italic: true,
        ..style
    };
    let alt = if img.alt.is_empty() {
        &img.src
    } else {
        &img.alt
    };
    piece(cx, &format!("[{alt}]"), s, link, span)
}

fn image_box(
    cx: &mut FlowCx,
    img: &Image,
    style: Style,
    link: Option<Link>,
    span: Span,
) -> Option<Piece> {
    let (a, (px_w, px_h)) = placeable(cx, img, span)?;
    let (pw, ph) = (px_w as f32, px_h as f32);
    let natural_h = ph * PT_PER_PX;
    let h = natural_h.min(INLINE_IMAGE_MAX_EM * style.size);
    let w = h * pw / ph;
    if natural_h > SHRINK_WARNING * h {
        cx.warn(
            Diagnostic::warning(
                "GB305",
                format!(
                    "inline image `{}` ({}×{} px) is shrunk to {h:.1} pt high to sit in the line",
                    img.src, px_w, px_h
                ),
            )
            .at(span)
            .help("to show it as a figure, put it in a paragraph of its own"),
        );
    }
    // an image without alt text is decorative: it reads as nothing
    let mut p = piece(cx, &img.alt, style, link, span);
    p.keep_together = true;
    p.extra = Extra::Image { asset: a, w, h };
    Some(p)
}

/// The piece for a fill-in blank of `n` underscores: one box carrying them as its text,
/// drawn as a rule (see [`super::deco`]).
fn blank_piece(cx: &FlowCx, n: u16, style: Style, span: Span) -> Piece {
    let em = crate::model::blank_em(n, cx.theme.reflection.blank_min_em);
    let mut p = piece(cx, &crate::model::blank_text(n), style, None, span);
    p.keep_together = true;
    p.extra = Extra::Blank { w: em * style.size };
    p
}

/// Text that is (or holds) a web or mail address.
pub(super) fn looks_like_url(t: &str) -> bool {
    t.contains("://") || t.starts_with("mailto:") || t.starts_with("www.")
}

/// A number in Unicode superscript digits (the body font draws them as superiors).
pub(super) fn superscript(n: u32) -> String {
    const SUP: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string()
        .chars()
        .map(|c| SUP[c.to_digit(10).unwrap_or(0) as usize])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn superscripts_spell_numbers() {
        assert_eq!(superscript(12), "¹²");
        assert_eq!(superscript(0), "⁰");
    }

    #[test]
    fn urls_are_recognised() {
        assert!(looks_like_url("https://example.org/a"));
        assert!(looks_like_url("mailto:a@b.org"));
        assert!(!looks_like_url("a plain sentence"));
    }
}
