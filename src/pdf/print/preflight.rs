//! The preflight of a print shop's interior: what the service would refuse or print badly,
//! read from the frames about to be written (after [`super::prepare`]), each reported once
//! at the place in the manuscript it comes from where there is one.
//!
//! - GB601 fewer pages than the service prints;
//! - GB602 type under 7 pt;
//! - GB603 a line thinner than the service's thinnest;
//! - GB604 an image under 300 pixels per inch at its printed size;
//! - GB605 something printed outside the safe area (nearer the trim than the service
//!   allows, or in the gutter the page count asks for).
//!
//! A theme colour that is not grey in a black-and-white interior (GB606) is the manuscript's
//! own setting, found in guide.toml by `check`.

use std::collections::BTreeSet;

use crate::config::{PrintShop, MIN_PPI, MIN_TYPE_PT};
use crate::diag::{Diagnostic, FileId, Span};
use crate::model::Asset;
use crate::typeset::frame::{FrameItem, FrameText, LineKind, PageFrame};

/// How far past a limit an item may reach before it is reported, pt (rounding).
const SLACK: f32 = 0.5;

/// Most places reported for one kind of finding; the rest are counted in the last.
const MOST: usize = 5;

/// The preflight's findings for `frames`, to be printed by `shop`.
pub fn preflight(frames: &[PageFrame], assets: &[Asset], shop: &PrintShop) -> Vec<Diagnostic> {
    let service = shop.service;
    let mut out = Vec::new();
    let pages = frames.len();
    if pages < service.min_pages() {
        out.push(
            Diagnostic::warning(
                "GB601",
                format!(
                    "the book has {pages} pages; {} prints paperbacks of {} pages or more",
                    service.name(),
                    service.min_pages()
                ),
            )
            .help("add content, or notes pages (`[workbook] notes_pages`), to reach the minimum"),
        );
    }
    let mut small = Findings::default();
    let mut thin = Findings::default();
    let mut outside = Findings::default();
    let mut images = BTreeSet::new();
    let safe = service.safe(shop.bleed);
    let gutter = service.gutter(pages);
    for (p, f) in frames.iter().enumerate() {
        let recto = p.is_multiple_of(2);
        // the safe area of this page: the gutter on the spine side, `safe` elsewhere
        let (left, right) = if recto {
            (gutter, f.width - safe)
        } else {
            (safe, f.width - gutter)
        };
        let (top, bottom) = (safe, f.height - safe);
        let out_of = |x0: f32, y0: f32, x1: f32, y1: f32| {
            x0 < left - SLACK || x1 > right + SLACK || y0 < top - SLACK || y1 > bottom + SLACK
        };
        for item in &f.items {
            match item {
                FrameItem::Text(t) => {
                    let size = t.runs.iter().map(|r| r.size).fold(f32::MAX, f32::min);
                    if size < MIN_TYPE_PT - 0.01 && t.runs.iter().any(|r| !r.glyphs.is_empty()) {
                        small.add(p, size, t);
                    }
                    let (x0, y0, x1, y1) = text_box(t);
                    if x1 > x0 && out_of(x0, y0, x1, y1) {
                        outside.add(p, 0.0, t);
                    }
                }
                FrameItem::Fill { x, y, w, h, .. } => {
                    let line = w.min(*h);
                    if line < service.min_line() - 0.01 {
                        thin.add_at(p, line, None);
                    }
                    // a fill into the bleed is meant to be cut
                    if !shop.bleed && out_of(*x, *y, x + w, y + h) {
                        outside.add_at(p, 0.0, None);
                    }
                }
                FrameItem::Image {
                    x, y, w, h, asset, ..
                } => {
                    if let Some(a) = assets.get(*asset) {
                        let px = a.picture().ok().map(|i| (i.width, i.height));
                        if let Some((pw, ph)) = px.or(a.size_px) {
                            let ppi = (pw as f32 / (w / 72.0)).min(ph as f32 / (h / 72.0));
                            if ppi < MIN_PPI - 0.5 && images.insert(*asset) {
                                out.push(low_resolution(a, ppi, p, f));
                            }
                        }
                    }
                    if out_of(*x, *y, x + w, y + h) {
                        outside.add_at(p, 0.0, None);
                    }
                }
                FrameItem::Link { .. } | FrameItem::Field(_) => {}
            }
        }
    }
    out.extend(small.report(frames, |size| {
        Diagnostic::warning(
            "GB602",
            format!("type at {size:.1} pt: the print shops ask for 7 pt or more"),
        )
        .help("raise the theme's sizes (`[theme] body_size`, footnotes follow it)")
    }));
    out.extend(thin.report(frames, |w| {
        Diagnostic::warning(
            "GB603",
            format!(
                "a line {w:.2} pt thin: {} asks for {} pt or more",
                service.name(),
                service.min_line()
            ),
        )
        .help("this is a bug in guidebuild (its rules are thickened for the print shop); please report it")
    }));
    out.extend(outside.report(frames, |_| {
        Diagnostic::warning(
            "GB605",
            format!(
                "printed outside {}'s safe area ({:.3} in from the trim, {:.3} in at the spine)",
                service.name(),
                safe / 72.0,
                gutter / 72.0
            ),
        )
        .help("make the line, table or image narrower; a long word or URL may need a break")
    }));
    out
}

/// A GB604 for image `a`, first printed on page `p`.
fn low_resolution(a: &Asset, ppi: f32, p: usize, f: &PageFrame) -> Diagnostic {
    let d = Diagnostic::warning(
        "GB604",
        format!(
            "image `{}` prints at {ppi:.0} pixels per inch (page {}, {p} from the front); print shops ask for {MIN_PPI:.0}",
            a.rel_path, f.label
        ),
    )
    .help("use a larger image, or set it smaller (`{width=50%}`)");
    match a.first_use {
        Some(span) => d.at(span),
        None => d,
    }
}

/// The box a line's glyphs take (x0, y0 from the page's top, x1, y1): from the line's first
/// glyph to its last one's advance, from its tallest run's ascender (0.8 em) to its
/// descenders (0.25 em).
fn text_box(t: &FrameText) -> (f32, f32, f32, f32) {
    let mut x0 = f32::MAX;
    let mut x1 = f32::MIN;
    let mut size: f32 = 0.0;
    for r in &t.runs {
        for g in &r.glyphs {
            x0 = x0.min(g.x);
            x1 = x1.max(g.x + g.advance);
        }
        if !r.glyphs.is_empty() {
            size = size.max(r.size);
        }
    }
    if x1 < x0 {
        return (0.0, 0.0, 0.0, 0.0);
    }
    (
        t.x + x0,
        t.baseline - 0.8 * size,
        t.x + x1,
        t.baseline + 0.25 * size,
    )
}

/// Where one kind of finding was seen: per place (the manuscript's line, or the page), the
/// first value, in the order found.
#[derive(Default)]
struct Findings {
    seen: Vec<(usize, f32, Option<Span>)>,
    keys: BTreeSet<(Option<(FileId, usize)>, usize)>,
}

impl Findings {
    fn add(&mut self, page: usize, value: f32, t: &FrameText) {
        // furniture (running heads, folios) comes from no line of the manuscript
        let span = match t.info.kind {
            LineKind::RunningHead | LineKind::Folio => None,
            _ => Some(t.span),
        };
        self.add_at(page, value, span);
    }

    fn add_at(&mut self, page: usize, value: f32, span: Option<Span>) {
        // a place is its source line, or the page for what has none
        let key = match span {
            Some(s) => (Some((s.file, s.start)), 0),
            None => (None, page),
        };
        if self.keys.insert(key) {
            self.seen.push((page, value, span));
        }
    }

    /// One diagnostic per place, the first [`MOST`]; the last says how many more there are.
    fn report(&self, frames: &[PageFrame], make: impl Fn(f32) -> Diagnostic) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = Vec::new();
        for (k, (page, value, span)) in self.seen.iter().enumerate().take(MOST) {
            let label = frames.get(*page).map_or("?", |f| f.label.as_str());
            let mut d = make(*value);
            d.message = format!("{} (page {label})", d.message);
            if let Some(s) = span {
                d = d.at(*s);
            }
            if k + 1 == MOST && self.seen.len() > MOST {
                d.message = format!("{}, and {} more places", d.message, self.seen.len() - MOST);
            }
            out.push(d);
        }
        out
    }
}
