//! Tests of [`super::deco`]: strikethrough rules over the exact glyph extent of struck runs
//! (also across a line break), inline images as one box standing for their alt text,
//! sized like the EPUB's, and the warning for a large image shrunk into the line.

use crate::diag::Span;
use crate::model::{Asset, Image, Inline, InlineKind};
use crate::testing::paragraphs::{piece, store};
use crate::theme::Theme;
use crate::typeset::frame::FrameGlyph;
use crate::typeset::text::{set_paragraph, Extra, ParaAlign, ParaSpec};

use super::cx::FlowCx;
use super::deco::*;
use super::lines::paragraph;
use super::slot::{FlowItem, Mark};

fn narrow(width: f32) -> ParaSpec {
    ParaSpec {
        width,
        first_indent: 0.0,
        align: ParaAlign::Justify,
        hyphenate: false,
        line_height: 13.0,
        em: 10.0,
        balance: false,
    }
}

#[test]
fn struck_run_split_over_two_lines_gets_one_rule_per_line_over_its_glyphs() {
    let s = store();
    let mut struck = piece("struck words that run on");
    struck.extra = Extra::Strike;
    struck.color = (0.5, 0.0, 0.0);
    let pieces = vec![piece("Some plain "), struck, piece(" and plain again.")];
    let lines = set_paragraph(&s, &pieces, &narrow(110.0)).lines;
    assert!(lines.len() >= 2);
    let mut rules = 0;
    for line in &lines {
        let mut marks = thin_vec::ThinVec::new();
        inline_marks(&s, &pieces, line, 20.0, 9.0, &mut marks);
        let ink: Vec<_> = line
            .glyphs()
            .filter(|(g, t)| g.piece == 1 && !t.trim().is_empty())
            .collect();
        if ink.is_empty() {
            assert!(marks.is_empty(), "{marks:?}");
            continue;
        }
        rules += 1;
        assert_eq!(marks.len(), 1, "{}: {marks:?}", line.text);
        let Mark::Fill { x, y, w, h, color } = marks[0] else {
            panic!("{marks:?}");
        };
        let first = ink[0].0;
        let last = ink[ink.len() - 1].0;
        assert!((x - (20.0 + first.x)).abs() < 1e-3, "{x} vs {}", first.x);
        assert!((x + w - (20.0 + last.x + last.advance)).abs() < 1e-3);
        assert_eq!(color, (0.5, 0.0, 0.0));
        // through the middle of the x-height, thin
        let xh = x_height(&s, s.face_for(crate::theme::FontRole::Body), 10.0);
        let mid = 9.0 - (y + h / 2.0);
        assert!(mid > 0.3 * xh && mid < 0.7 * xh, "{mid} vs x-height {xh}");
        assert!(h > 0.2 && h < 1.2, "{h}");
    }
    assert_eq!(rules, 2, "the struck run spans two lines");
}

#[test]
fn plain_text_gets_no_marks() {
    let s = store();
    let pieces = vec![piece("Nothing struck here at all.")];
    let lines = set_paragraph(&s, &pieces, &narrow(300.0)).lines;
    let mut marks = thin_vec::ThinVec::new();
    inline_marks(&s, &pieces, &lines[0], 0.0, 9.0, &mut marks);
    assert!(marks.is_empty());
}

#[test]
fn image_piece_is_one_box_drawn_as_its_image_reading_as_its_alt() {
    let s = store();
    let mut img = piece("a sprout");
    img.extra = Extra::Image {
        asset: 3,
        w: 16.0,
        h: 12.0,
    };
    let pieces = vec![piece("An image "), img, piece(" in a line.")];
    let lines = set_paragraph(&s, &pieces, &narrow(300.0)).lines;
    assert_eq!(lines.len(), 1);
    let line = &lines[0];
    assert!(
        line.text.contains("An image a sprout in a line."),
        "{}",
        line.text
    );
    let g: Vec<_> = line.glyphs().filter(|(g, _)| g.piece == 1).collect();
    assert_eq!(g.len(), 1, "one stand-in glyph for the image");
    assert_eq!((g[0].0.gid, g[0].0.advance, g[0].1), (0, 16.0, "a sprout"));
    let g: Vec<_> = g.into_iter().map(|(g, _)| g).collect();
    // the next word starts a space after the image's right edge
    let (next, _) = line
        .glyphs()
        .find(|(x, t)| x.piece == 2 && *t == "i")
        .unwrap();
    assert!(next.x > g[0].x + 16.0 + 1.0, "{} {}", next.x, g[0].x);
    let mut marks = thin_vec::ThinVec::new();
    inline_marks(&s, &pieces, line, 5.0, 9.0, &mut marks);
    let [Mark::Image {
        x,
        y,
        w,
        h,
        asset,
        tag,
    }] = marks[..]
    else {
        panic!("{marks:?}");
    };
    assert_eq!((asset, w, h), (3, 16.0, 12.0));
    // (its alt text is in the line: the picture itself is an artifact)
    assert!(tag.is_artifact());
    assert!((x - (5.0 + g[0].x)).abs() < 1e-3);
    // centred half an x-height above the baseline
    let xh = x_height(&s, s.face_for(crate::theme::FontRole::Body), 10.0);
    assert!((9.0 - (y + h / 2.0) - xh / 2.0).abs() < 1e-3);
    // the frame glyph keeps the alt text for extraction
    let t = crate::typeset::flow::lines::text_of_line(
        line.clone(),
        0.0,
        0.0,
        crate::typeset::frame::LineInfo::plain(crate::typeset::frame::LineKind::Body),
        Span::default(),
        crate::typeset::structure::Tag::ARTIFACT,
    );
    let texts = t.glyph_texts().concat();
    let zero = t
        .runs
        .iter()
        .flat_map(|r| r.glyphs.iter())
        .position(|g: &FrameGlyph| g.gid == 0)
        .unwrap();
    assert_eq!(texts[zero], "a sprout");
}

/// A PNG of `w`×`h` RGB pixels (its data is decoded before the image is placed).
fn png(w: u32, h: u32) -> Vec<u8> {
    crate::image::samples::good_png(w, h, 2)
}

/// Sets a paragraph holding one inline image of `w`×`h` px; returns the image marks and
/// the warnings.
fn set_with_image(w: u32, h: u32) -> (Vec<(f32, f32)>, Vec<String>, f32) {
    let s = store();
    let theme = Theme::default();
    let mut doc = crate::testing::sample::sample_document();
    doc.assets = vec![Asset {
        rel_path: "i.png".into(),
        media_type: "image/png".into(),
        bytes: png(w, h),
        size_px: None,
        decoded: Default::default(),
        first_use: None,
    }];
    let mut cx = FlowCx::new(&s, &theme, &doc, 300.0, 600.0, true);
    let text = |t: &str| Inline {
        kind: InlineKind::Text(t.into()),
        span: Span::default(),
    };
    let image = Inline {
        kind: InlineKind::Image(Image {
            asset: Some(0),
            src: "i.png".into(),
            alt: "icon".into(),
            title: String::new(),
        }),
        span: Span::default(),
    };
    let mut out = Vec::new();
    let style = cx.body();
    let region = cx.full();
    paragraph(
        &mut cx,
        &[text("Before "), image, text(" after.")],
        Span::default(),
        &region,
        style,
        &mut out,
    );
    let sizes = out
        .iter()
        .flat_map(|f| match f {
            FlowItem::Slot(s) => s.marks.clone(),
            FlowItem::Space(_) => thin_vec::ThinVec::new(),
        })
        .filter_map(|m| match m {
            Mark::Image { w, h, .. } => Some((w, h)),
            _ => None,
        })
        .collect();
    let codes = cx
        .take_diagnostics()
        .iter()
        .map(|d| d.code.to_string())
        .collect();
    (sizes, codes, style.size)
}

#[test]
fn small_inline_image_keeps_its_size_and_a_large_one_is_capped_and_reported() {
    let (sizes, codes, _) = set_with_image(16, 12);
    assert_eq!(sizes, vec![(12.0, 9.0)]);
    assert!(codes.is_empty(), "{codes:?}");
    let (sizes, codes, em) = set_with_image(40, 30);
    let cap = INLINE_IMAGE_MAX_EM * em;
    assert_eq!(sizes.len(), 1);
    assert!((sizes[0].1 - cap).abs() < 1e-3 && (sizes[0].0 - cap * 4.0 / 3.0).abs() < 1e-3);
    assert!(codes.is_empty(), "{codes:?}");
    let (sizes, codes, _) = set_with_image(800, 600);
    assert!((sizes[0].1 - cap).abs() < 1e-3);
    assert_eq!(codes, vec!["GB305".to_string()]);
}
