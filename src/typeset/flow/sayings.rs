//! Sayings: a group of things to say (or not to say) set apart in a tinted box with a
//! coloured rule at its left edge — avoid and try told apart by colour and glyph — the
//! lead-in after the group's glyph, each saying in italic on its own.

use crate::diag::Span;
use crate::model::{Lead, SayingKind, Sayings};
use crate::theme::FontRole;
use crate::typeset::frame::{LineKind, Rgb};
use crate::typeset::structure::{Extra, Role, Tag};
use crate::typeset::text::ParaAlign;

use super::cx::{color, Band, FlowCx, Region, Style};
use super::lines::{hang, label, paragraph};
use super::slot::{keep_all, FlowItem};

/// A group of sayings: a tinted box with a coloured rule at its left edge, the lead-in
/// after the group's glyph, each saying in italic on its own.
pub(super) fn sayings(
    cx: &mut FlowCx,
    s: &Sayings,
    span: Span,
    region: &Region,
    style: Style,
    out: &mut Vec<FlowItem>,
) {
    let st = match s.kind {
        SayingKind::Avoid => cx.theme.sayings.avoid.clone(),
        SayingKind::Try => cx.theme.sayings.try_.clone(),
    };
    let em = style.size;
    let rule_w = 2.6;
    let boxed = region
        .with_band(Band {
            x: region.x,
            w: region.width,
            color: color(&st.background),
        })
        .with_band(Band {
            x: region.x,
            w: rule_w,
            color: color(&st.rule_color),
        });
    let inner = boxed.inset(rule_w + 1.4 * em, 0.9 * em);
    let pad = 0.55 * em;
    // a quotation of several phrases, with the group's name (the EPUB's `aria-label`)
    let element = cx.open_with(
        Role::BlockQuote,
        Extra {
            title: Some(st.label.clone()),
            ..Extra::default()
        },
    );
    cx.push_space(out, pad, &boxed);
    let accent = color(&st.rule_color);
    if let Some(lead) = &s.lead {
        lead_in(cx, lead, &st.glyph, accent, &inner, style, out);
        cx.keep_next(1);
        cx.push_space(out, 0.3 * em, &boxed);
    }
    let say_style = Style {
        italic: st.italic,
        color: color(&st.color),
        align: ParaAlign::Left,
        hyphenate: false,
        ..style
    };
    for (k, saying) in s.items.iter().enumerate() {
        if k > 0 {
            cx.push_space(out, 0.35 * em, &boxed);
        }
        let p = cx.open(Role::P);
        paragraph(cx, &saying.content, saying.span, &inner, say_style, out);
        cx.close(p);
    }
    if s.items.is_empty() && s.lead.is_none() {
        let _ = span;
    }
    cx.close(element);
    cx.push_space(out, pad, &boxed);
}

/// A group's lead-in in the heading face and the group's colour, kept with what follows, the
/// group's glyph hanging before it.
fn lead_in(
    cx: &mut FlowCx,
    lead: &Lead,
    glyph: &str,
    accent: Rgb,
    inner: &Region,
    style: Style,
    out: &mut Vec<FlowItem>,
) {
    let em = style.size;
    let lead_style = Style {
        role: FontRole::Heading,
        color: accent,
        align: ParaAlign::Left,
        hyphenate: false,
        size: em * 0.95,
        kind: LineKind::Lead,
        ..style
    };
    let p = cx.open(Role::P);
    let first = paragraph(cx, &lead.content, lead.span, inner, lead_style, out);
    cx.close(p);
    keep_all(&mut out[first..]);
    // the group's glyph: its name says what it shows
    let mut g = label(
        cx,
        glyph,
        FontRole::Sans,
        em * 0.9,
        accent,
        LineKind::Marker,
        lead.span,
    );
    g.tag = Tag::ARTIFACT;
    hang(cx, out, first, g, inner.x - 0.3 * em, inner, lead_style);
}

#[cfg(test)]
mod tests {
    use super::sayings;
    use crate::diag::Span;
    use crate::fonts::FontFiles;
    use crate::model::{Inline, InlineKind, Saying, SayingKind, Sayings};
    use crate::theme::{FontRole, Theme};
    use crate::typeset::flow::cx::FlowCx;
    use crate::typeset::flow::slot::{FlowItem, Mark};
    use crate::typeset::text::shape;
    use crate::typeset::text::FontStore;

    #[test]
    fn a_saying_fills_the_box_less_its_padding() {
        let store = FontStore::new(&FontFiles::default_set()).unwrap();
        let theme = Theme::default();
        let doc = crate::testing::sample::sample_document();
        let mut cx = FlowCx::new(&store, &theme, &doc, 340.0, 600.0, true);
        let text = "“I can see how this hurt you, and you’re right to feel this way. I’m truly \
sorry, and I want to understand what these weeks have been like for you.”";
        let s = Sayings {
            kind: SayingKind::Try,
            lead: None,
            items: vec![Saying {
                content: vec![Inline {
                    kind: InlineKind::Text(text.into()),
                    span: Span::default(),
                }],
                span: Span::default(),
                marker: None,
            }],
        };
        let (region, style) = (cx.full(), cx.body());
        let mut out = Vec::new();
        sayings(&mut cx, &s, Span::default(), &region, style, &mut out);
        let lines: Vec<_> = out
            .iter()
            .filter_map(|i| match i {
                FlowItem::Slot(s) => s.marks.iter().find_map(|m| match m {
                    Mark::Text(t) => Some(t.clone()),
                    _ => None,
                }),
                FlowItem::Space(_) => None,
            })
            .collect();
        assert!(lines.len() >= 2, "{lines:?}");
        let em = style.size;
        // the box's right padding is the only room left at a line's end, but for a word
        // that did not fit
        let right = region.width - 0.9 * em;
        let role = if theme.sayings.try_.italic {
            FontRole::BodyItalic
        } else {
            FontRole::Body
        };
        let w = |t: &str| shape(&store, t, role, em).width;
        for pair in lines.windows(2) {
            let next = pair[1].text.split(' ').next().unwrap_or("");
            let end = pair[0].x + pair[0].width();
            assert!(
                end + w(" ") + w(next) > right - 0.5,
                "{:?} ends at {end}, room up to {right} for {next:?}",
                pair[0].text
            );
        }
    }
}
