//! Figures: the image scaled to the measure (and to at most 0.6 of the text block's height),
//! centred, its caption kept below it, small, italic and centred; or, when the image cannot be
//! placed, a framed placeholder with the alt text (and the `GB302` warning that says why).

use crate::diag::Span;
use crate::model::{plain_text, Image, Inline};
use crate::theme::FontRole;
use crate::typeset::frame::LineKind;
use crate::typeset::structure::{Extra, Role, Tag};
use crate::typeset::text::ParaAlign;

use super::cx::{FlowCx, Region, Style};
use super::lines::{label, paragraph};
use super::picture::placeable;
use super::slot::{FlowItem, Mark, Slot};

/// A figure: the image (or a placeholder) and its caption.
pub(super) fn figure(
    cx: &mut FlowCx,
    image: &Image,
    caption: &[Inline],
    span: Span,
    region: &Region,
    style: Style,
    out: &mut Vec<FlowItem>,
) {
    let em = cx.em();
    let placed = placeable(cx, image, span).map(|(a, (w, h))| (a, w as f32, h as f32));
    // decoration on purpose reads as nothing; any other image is a figure, described by its
    // alt text (else its caption, else its file name: `GB212` asks the author for better)
    let element = (!image.is_decorative()).then(|| {
        let alt = if !image.alt.trim().is_empty() {
            image.alt.trim().to_string()
        } else if !caption.is_empty() {
            plain_text(caption)
        } else {
            format!("Image: {}", file_name(&image.src))
        };
        let extra = Extra {
            alt: Some(alt),
            ..Extra::default()
        };
        cx.open_with(Role::Figure, extra)
    });
    let mut slot = Slot {
        keep_with_next: !caption.is_empty(),
        ..Slot::default()
    };
    match placed {
        Some((asset, pw, ph)) => {
            let mut w = region.width.min(pw);
            let mut h = w * ph / pw;
            let max_h = cx.body_height * 0.6;
            if h > max_h {
                h = max_h;
                w = h * pw / ph;
            }
            slot.height = h + 0.4 * em;
            slot.marks.push(Mark::Image {
                x: region.x + (region.width - w) / 2.0,
                y: 0.2 * em,
                w,
                h,
                asset,
                tag: element.unwrap_or(Tag::ARTIFACT),
            });
        }
        None => placeholder(cx, image, span, region, &mut slot),
    }
    cx.push_slot(out, slot, region);
    if !caption.is_empty() {
        let s = Style {
            size: em * 0.9,
            leading: em * 0.9 * cx.theme.line_height,
            italic: true,
            color: cx.pal.muted,
            align: ParaAlign::Center,
            hyphenate: false,
            kind: LineKind::Caption,
            ..style
        };
        let c = cx.open(Role::Caption);
        paragraph(cx, caption, span, region, s, out);
        cx.close(c);
    }
    if let Some(e) = element {
        cx.close(e);
    }
}

/// The last part of an image's path.
fn file_name(src: &str) -> &str {
    src.rsplit(['/', '\\']).next().unwrap_or(src)
}

/// In `slot`, what stands for an image that cannot be placed: a tinted, framed box across the
/// region with the alt text (else the path) centred in it.
fn placeholder(cx: &mut FlowCx, image: &Image, span: Span, region: &Region, slot: &mut Slot) {
    let em = cx.em();
    let h = 4.5 * em;
    slot.height = h + 0.4 * em;
    let (x, y, w) = (region.x, 0.2 * em, region.width);
    let c = cx.pal.rule;
    slot.marks.push(Mark::Fill {
        x,
        y,
        w,
        h,
        color: cx.pal.code_bg,
    });
    for (fx, fy, fw, fh) in [
        (x, y, w, 0.8),
        (x, y + h - 0.8, w, 0.8),
        (x, y, 0.8, h),
        (x + w - 0.8, y, 0.8, h),
    ] {
        slot.marks.push(Mark::Fill {
            x: fx,
            y: fy,
            w: fw,
            h: fh,
            color: c,
        });
    }
    let alt = if image.alt.is_empty() {
        image.src.as_str()
    } else {
        image.alt.as_str()
    };
    let muted = cx.pal.muted;
    let mut text = label(
        cx,
        &format!("[Image: {alt}]"),
        FontRole::BodyItalic,
        em * 0.9,
        muted,
        LineKind::Caption,
        span,
    );
    let lw = text.width().min(w);
    text.x = x + (w - lw) / 2.0;
    text.baseline = y + h / 2.0 + em * 0.3;
    slot.marks.push(Mark::Text(text));
}
