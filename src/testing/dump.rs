//! A stable, readable text dump of frames — what golden tests compare. Per page its number,
//! label, kind and size; then every item in drawing order: text lines with their baseline,
//! left edge, first face and size and text; fills, images and links with their boxes.
//! Numbers are rounded to 0.1 pt so the dump does not churn on float noise.

use std::fmt::Write;

use crate::typeset::frame::{FieldKind, FrameItem, FrameLink, PageFrame, Rgb};
use crate::typeset::text::FontStore;

fn hex(c: Rgb) -> String {
    let b = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("#{:02x}{:02x}{:02x}", b(c.0), b(c.1), b(c.2))
}

/// The dump, faces named `face<N>`.
pub fn dump(frames: &[PageFrame]) -> String {
    dump_with(frames, None)
}

/// The dump. Face names come from the store when one is given, else `face<N>`.
pub fn dump_with(frames: &[PageFrame], store: Option<&FontStore>) -> String {
    let mut s = String::new();
    let face = |id: usize| match store {
        Some(st) if id < st.face_count() => st.name(id).to_string(),
        _ => format!("face{id}"),
    };
    for (p, f) in frames.iter().enumerate() {
        let _ = writeln!(
            s,
            "page {} label={} kind={:?} size={:.1}x{:.1}",
            p + 1,
            f.label,
            f.kind,
            f.width,
            f.height
        );
        for item in &f.items {
            let _ = match item {
                FrameItem::Text(t) => {
                    let (name, size) = t
                        .runs
                        .first()
                        .map(|r| (face(r.face), r.size))
                        .unwrap_or_default();
                    writeln!(
                        s,
                        "  text y={:.1} x={:.1} {} {:.1} {:?} {:?}",
                        t.baseline,
                        t.x,
                        name,
                        size,
                        t.info.kind,
                        t.text.trim_end_matches('\n')
                    )
                }
                FrameItem::Fill { x, y, w, h, color } => writeln!(
                    s,
                    "  fill x={x:.1} y={y:.1} w={w:.1} h={h:.1} {}",
                    hex(*color)
                ),
                FrameItem::Image {
                    x, y, w, h, asset, ..
                } => {
                    writeln!(
                        s,
                        "  image x={x:.1} y={y:.1} w={w:.1} h={h:.1} asset={asset}"
                    )
                }
                FrameItem::Link {
                    x0,
                    y0,
                    x1,
                    y1,
                    target,
                    ..
                } => {
                    let to = match target {
                        FrameLink::Uri(u) => u.to_string(),
                        FrameLink::Page { page, y } => format!("page {} y={y:.1}", page + 1),
                    };
                    writeln!(s, "  link {x0:.1},{y0:.1}-{x1:.1},{y1:.1} -> {to}")
                }
                FrameItem::Field(f) => {
                    let kind = match f.kind {
                        FieldKind::Text {
                            multiline: true,
                            size,
                        } => format!("text {size:.1} multi"),
                        FieldKind::Text { size, .. } => format!("text {size:.1}"),
                        FieldKind::Check { on } => {
                            format!("check {}", if on { "on" } else { "off" })
                        }
                    };
                    writeln!(
                        s,
                        "  field {:.1},{:.1}-{:.1},{:.1} {} {kind} {:?}",
                        f.x0, f.y0, f.x1, f.y1, f.name, f.tooltip
                    )
                }
            };
        }
    }
    s
}
