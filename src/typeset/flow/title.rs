//! The title page (title, subtitle, authors) and the imprint (title, rights, date, publisher,
//! the author's line): on the back of the title page when printing on two sides, else at the
//! title page's foot. Set whole, not paginated.

use crate::diag::Span;
use crate::theme::FontRole;
use crate::typeset::frame::{LineKind, PageKind};
use crate::typeset::structure::Role;
use crate::typeset::text::ParaAlign;

use super::cx::{FlowCx, Style};
use super::lines::set_pieces;
use super::pieces::piece;
use super::slot::{stack_into, FlowItem, Mark, Slot};

/// A page of front matter, set whole: its kind, and its slots at their y from the top of the
/// text block.
#[derive(Debug, Clone)]
pub struct FrontPage {
    pub kind: PageKind,
    pub slots: Vec<(f32, Slot)>,
}

/// The title page, and the imprint: on its back when `two_sided`, else at its foot. `centre`
/// is the page's centre, from the left edge of a recto's text block (the title page is
/// centred on the page); `line` the author's `[pdf] imprint` line, if any.
pub fn title_pages(
    cx: &mut FlowCx,
    centre: f32,
    two_sided: bool,
    line: Option<&str>,
) -> Vec<FrontPage> {
    cx.begin_part(0);
    let sect = cx.open(Role::Sect);
    let pages = if two_sided {
        vec![title_page(cx, centre, None), imprint_page(cx, line)]
    } else {
        let imprint = imprint_lines(cx, line);
        vec![title_page(cx, centre, Some(&imprint))]
    };
    cx.close(sect);
    pages
}

/// Slots one under the other from `y0`, spaces kept (front-matter pages are not paginated).
fn stack(items: Vec<FlowItem>, y0: f32) -> Vec<(f32, Slot)> {
    let mut out = Vec::new();
    stack_into(items, y0, &mut out);
    out
}

fn height(items: &[FlowItem]) -> f32 {
    items.iter().map(FlowItem::height).sum()
}

/// `YYYY-MM-DD` as "November 28, 2026"; anything else as written.
fn long_date(date: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let parts: Vec<&str> = date.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => match (m.parse::<usize>(), d.parse::<u32>()) {
            (Ok(m @ 1..=12), Ok(d)) => format!("{} {d}, {y}", MONTHS[m - 1]),
            _ => date.to_string(),
        },
        _ => date.to_string(),
    }
}

fn centred_text(cx: &mut FlowCx, text: &str, style: Style, out: &mut Vec<FlowItem>) {
    if text.is_empty() {
        return;
    }
    let p = piece(cx, text, style, None, Span::default());
    let region = cx.full();
    let element = cx.open(Role::P);
    set_pieces(cx, &[p], Span::default(), &region, style, out);
    cx.close(element);
}

/// The title page; with `imprint`, those lines centred at the foot of its text block (below
/// the rest, should a long title reach that far).
fn title_page(cx: &mut FlowCx, centre: f32, imprint: Option<&[String]>) -> FrontPage {
    let em = cx.em();
    let meta = &cx.doc.meta;
    let (title, subtitle, authors) = (
        meta.title.clone(),
        meta.subtitle.clone(),
        meta.authors.join(", "),
    );
    let big = cx.theme.heading_sizes[0] * 1.3;
    let head = Style {
        align: ParaAlign::Center,
        ..cx.heading_style(big, 1.15, LineKind::Title)
    };
    let mut out = Vec::new();
    centred_text(cx, &title, head, &mut out);
    if let Some(sub) = subtitle {
        out.push(FlowItem::Space(1.0 * em));
        let s = Style {
            size: em * 1.3,
            leading: em * 1.3 * 1.3,
            italic: true,
            color: cx.pal.muted,
            ..head
        };
        let s = Style {
            role: FontRole::Body,
            ..s
        };
        centred_text(cx, &sub, s, &mut out);
    }
    let w = 3.0 * em;
    out.push(FlowItem::Slot(Slot {
        height: 3.0 * em,
        marks: thin_vec::thin_vec![Mark::Fill {
            x: (cx.measure - w) / 2.0,
            y: 1.5 * em,
            w,
            h: 1.2,
            color: cx.pal.heading,
        }],
        ..Slot::default()
    }));
    let s = Style {
        size: em * 1.2,
        leading: em * 1.6,
        color: cx.pal.text,
        role: FontRole::Sans,
        ..head
    };
    centred_text(cx, &authors, s, &mut out);
    let mut slots = stack(out, cx.body_height * 0.2);
    if let Some(lines) = imprint.filter(|l| !l.is_empty()) {
        let below = slots.last().map_or(0.0, |(y, s)| y + s.height) + 2.0 * em;
        let foot = imprint_flow(cx, lines, ParaAlign::Center);
        let y0 = (cx.body_height - height(&foot)).max(below);
        stack_into(foot, y0, &mut slots);
    }
    // centred on the page, not on the (mirrored) text block of a recto
    shift(&mut slots, centre - cx.measure / 2.0);
    FrontPage {
        kind: PageKind::Title,
        slots,
    }
}

/// Moves every mark of `slots` `dx` to the right.
fn shift(slots: &mut [(f32, Slot)], dx: f32) {
    for (_, slot) in slots {
        for m in &mut slot.marks {
            match m {
                Mark::Text(t) => t.x += dx,
                Mark::Fill { x, .. } | Mark::Image { x, .. } => *x += dx,
                Mark::Link { x0, x1, .. } => {
                    *x0 += dx;
                    *x1 += dx;
                }
                Mark::Field(f) => {
                    f.x0 += dx;
                    f.x1 += dx;
                }
            }
        }
    }
}

/// The imprint's lines: the title, the rights, "Published …" when the book is dated, the
/// publisher, and `line`, the author's `[pdf] imprint` line, if any.
fn imprint_lines(cx: &FlowCx, line: Option<&str>) -> Vec<String> {
    let meta = &cx.doc.meta;
    let mut lines = vec![meta.title.clone()];
    if let Some(r) = &meta.rights {
        lines.push(r.clone());
    }
    if let Some(date) = &meta.date {
        lines.push(format!("Published {}", long_date(date)));
    }
    if let Some(p) = &meta.publisher {
        lines.push(p.clone());
    }
    lines.extend(line.map(str::to_string));
    lines
}

/// The imprint's lines set small and muted, the title in italics.
fn imprint_flow(cx: &mut FlowCx, lines: &[String], align: ParaAlign) -> Vec<FlowItem> {
    let em = cx.em();
    let style = Style {
        size: em * 0.82,
        leading: em * 0.82 * 1.45,
        color: cx.pal.muted,
        align,
        hyphenate: false,
        kind: LineKind::Title,
        ..cx.body()
    };
    let mut out = Vec::new();
    let region = cx.full();
    for (k, l) in lines.iter().enumerate() {
        let s = Style {
            italic: k == 0,
            ..style
        };
        let p = piece(cx, l, s, None, Span::default());
        let element = cx.open(Role::P);
        set_pieces(cx, &[p], Span::default(), &region, s, &mut out);
        cx.close(element);
    }
    out
}

/// The imprint on the back of the title page, set at the foot of the text block; `line` is
/// the author's `[pdf] imprint` line, if any.
fn imprint_page(cx: &mut FlowCx, line: Option<&str>) -> FrontPage {
    let lines = imprint_lines(cx, line);
    let out = imprint_flow(cx, &lines, ParaAlign::Left);
    let y0 = (cx.body_height - height(&out)).max(0.0);
    FrontPage {
        kind: PageKind::Imprint,
        slots: stack(out, y0),
    }
}

#[cfg(test)]
mod tests {
    use super::long_date;

    #[test]
    fn dates_read_as_words() {
        assert_eq!(long_date("2026-11-28"), "November 28, 2026");
        assert_eq!(long_date("someday"), "someday");
    }
}
