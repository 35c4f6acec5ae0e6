//! Footnotes: numbering each chapter's references in order of first use (references inside
//! footnotes come after those of the body), copying the definitions into the chapter, and the
//! warnings for references with no definition and definitions nobody refers to.

use crate::diag::{Diagnostic, FileId, Span};
use crate::model::{Block, Chapter, Footnote, Inline, InlineKind};
use crate::parse::blocks::FootDef;
use crate::parse::walk;
use std::collections::BTreeMap;

/// Footnote labels in order of first reference, with a fast position lookup.
#[derive(Default)]
struct Order {
    labels: Vec<String>,
    pos: BTreeMap<String, usize>,
}

impl Order {
    fn position_or_push(&mut self, label: &str) -> usize {
        if let Some(&p) = self.pos.get(label) {
            return p;
        }
        self.labels.push(label.to_string());
        self.pos.insert(label.to_string(), self.labels.len() - 1);
        self.labels.len() - 1
    }
}

/// A file's definitions by label.
pub(crate) type Defs<'a> = BTreeMap<&'a str, &'a FootDef>;

pub(crate) fn by_label(defs: &[FootDef]) -> Defs<'_> {
    defs.iter().map(|d| (d.label.as_str(), d)).collect()
}

/// Numbers every footnote reference of a chapter and fills `chapter.footnotes`.
pub(crate) fn number_chapter(ch: &mut Chapter, defs: &Defs<'_>) {
    let mut order = Order::default();
    walk::inlines(&mut ch.title, &mut |i| number_ref(i, &mut order, defs));
    walk::all_inlines(&mut ch.blocks, &mut |i| number_ref(i, &mut order, defs));
    drain(ch, defs, &mut order);
}

/// Appends a definition nobody referred to (after the referenced ones).
pub(crate) fn append_unreferenced(ch: &mut Chapter, def: &FootDef, defs: &Defs<'_>) {
    let mut order = Order::default();
    for f in &ch.footnotes {
        order.position_or_push(&f.label);
    }
    order.position_or_push(&def.label);
    drain(ch, defs, &mut order);
}

/// Copies the definitions of `order[ch.footnotes.len()..]` into the chapter, numbering the
/// references found inside them as they come.
fn drain(ch: &mut Chapter, defs: &Defs<'_>, order: &mut Order) {
    let mut k = ch.footnotes.len();
    while k < order.labels.len() {
        let label = order.labels[k].clone();
        if let Some(def) = defs.get(label.as_str()) {
            let mut blocks: Vec<Block> = def.blocks.clone();
            walk::all_inlines(&mut blocks, &mut |i| number_ref(i, order, defs));
            ch.footnotes.push(Footnote {
                label,
                number: k as u32 + 1,
                blocks,
                span: def.span,
            });
        }
        k += 1;
    }
}

fn number_ref(i: &mut Inline, order: &mut Order, defs: &Defs<'_>) {
    let InlineKind::FootnoteRef { label, number } = &mut i.kind else {
        return;
    };
    if !defs.contains_key(label.as_str()) {
        // Not produced by the GFM parser, but never leave a dangling number.
        i.kind = InlineKind::Text(format!("[^{label}]"));
        return;
    }
    *number = order.position_or_push(label) as u32 + 1;
}

/// Warnings for `[^label]` left as text because no definition exists in the file (the GFM
/// footnote rules keep such references as plain text).
pub(crate) fn undefined_refs(blocks: &mut [Block], src: &str, file: FileId) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    walk::all_inlines(blocks, &mut |i| {
        if !matches!(i.kind, InlineKind::Text(_)) {
            return;
        }
        let Some(text) = src.get(i.span.start..i.span.end) else {
            return;
        };
        let mut from = 0;
        while let Some(at) = text[from..].find("[^") {
            let start = from + at;
            from = start + 2;
            if text[..start].ends_with('\\') {
                continue;
            }
            let rest = &text[start + 2..];
            let Some(close) = rest.find(']') else {
                break;
            };
            let label = &rest[..close];
            if label.is_empty() || label.contains(char::is_whitespace) {
                continue;
            }
            let s = i.span.start + start;
            diags.push(
                Diagnostic::warning(
                    "GB107",
                    format!("footnote `[^{label}]` has no definition; it is kept as text"),
                )
                .at(Span::new(file, s, s + label.len() + 3))
                .help(format!(
                    "add `[^{label}]: …` on its own line in the same file"
                )),
            );
        }
    });
    diags
}

/// Warning for a definition no chapter refers to.
pub(crate) fn unreferenced(def: &FootDef) -> Diagnostic {
    Diagnostic::warning(
        "GB108",
        format!("footnote `[^{}]` is never referred to", def.label),
    )
    .at(def.span)
    .help(format!(
        "refer to it with `[^{}]` in the text, or delete it; it is kept at the end of its chapter",
        def.label
    ))
}

#[cfg(test)]
mod tests {
    use crate::model::{BlockKind, InlineKind};
    use crate::parse::tests::{codes, para_text, parse_one};

    #[test]
    fn footnotes_are_numbered_per_chapter_in_order_of_reference() {
        let text = "# One\n\nFirst[^b] then[^a] again[^b] missing[^zz].\n\n[^a]: Note A[^c].\n\
                    [^b]: Note B.\n[^c]: Note C.\n[^lonely]: Nobody.\n\n# Two\n\nHere[^a].\n";
        let (doc, diags, ms) = parse_one(text);
        assert_eq!(codes(&diags), ["GB107", "GB108"]);
        assert_eq!(ms.sources.slice(diags[0].span.unwrap()), "[^zz]");
        let one = &doc.chapters[0];
        let labels: Vec<_> = one
            .footnotes
            .iter()
            .map(|f| (f.label.as_str(), f.number))
            .collect();
        assert_eq!(labels, [("b", 1), ("a", 2), ("c", 3), ("lonely", 4)]);
        let refs: Vec<u32> = match &one.blocks[0].kind {
            BlockKind::Paragraph(p) => p
                .iter()
                .filter_map(|i| match i.kind {
                    InlineKind::FootnoteRef { number, .. } => Some(number),
                    _ => None,
                })
                .collect(),
            _ => panic!(),
        };
        assert_eq!(refs, [1, 2, 1]);
        assert!(para_text(&one.blocks[0]).contains("missing[^zz]."));
        let two = &doc.chapters[1];
        let labels: Vec<_> = two
            .footnotes
            .iter()
            .map(|f| (f.label.as_str(), f.number))
            .collect();
        assert_eq!(labels, [("a", 1), ("c", 2)]);
    }
}
