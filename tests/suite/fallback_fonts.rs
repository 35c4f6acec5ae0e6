//! Symbols and emoji print, the same in both outputs: a manuscript with emoji, dingbats,
//! arrows and check boxes builds a PDF whose glyph frames draw every one of them with a real
//! glyph — from a theme face where one has it, else from the built-in symbol or emoji face —
//! and an EPUB whose font subsets map the same characters in the same faces. A character no
//! face has is drawn as the replacement box in both, keeps its text, and is reported with its
//! line. Rebuilds are byte-identical.

use guidebuild::epub::{self, EpubOptions};
use guidebuild::fontkit::mapped_chars;
use guidebuild::fonts::REPLACEMENT;
use guidebuild::manuscript::{self, Manuscript};
use guidebuild::model::Document;
use guidebuild::pdf;
use guidebuild::typeset::frame::FrameItem;
use guidebuild::typeset::FontStore;
use guidebuild::typeset::{self, TypesetOptions};
use guidebuild::{check, parse};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const SYMBOLS: &str = "NotoSansSymbols2-Regular.ttf";
const EMOJI: &str = "NotoEmoji-Regular.ttf";

/// The sentence of the issue, each character with the face the PDF must draw it with.
const DRAWN: &[(char, &str)] = &[
    ('😊', EMOJI),
    ('❤', "SourceSans3-Regular.ttf"),
    ('✅', EMOJI),
    ('❌', EMOJI),
    ('★', SYMBOLS),
    ('→', "Literata-Regular.ttf"),
    ('←', "Literata-Regular.ttf"),
    ('☐', "SourceSans3-Regular.ttf"),
    ('✓', "SourceSans3-Regular.ttf"),
    ('💬', EMOJI),
    ('🙏', EMOJI),
    ('🚫', EMOJI),
    ('⛔', SYMBOLS),
];

const BOOK: &str = "---\ntitle: Symbols\n---\n\n# A\n\n\
    Hi 😊 ❤️ ✅ ❌ ★ → ← ☐ ✓ 💬 🙏 🚫 ⛔ and 👨‍👩‍👧 too.\n\n\
    | a | b |\n|---|---|\n| ✅ x | ❌ y |\n\n\
    Nothing has \u{10FFFD} this one.\n";

fn load(dir: &Path) -> (Manuscript, Document, Vec<guidebuild::diag::Diagnostic>) {
    let path = dir.join("book.md");
    std::fs::write(&path, BOOK).unwrap();
    let ms = manuscript::load(&path).unwrap();
    let (doc, mut diags) = parse::document(&ms).into_parts();
    diags.extend(check::lint(&doc, &ms));
    (ms, doc, diags)
}

/// Every glyph of the PDF's frames: (its text, face file name, glyph id).
fn pdf_glyphs(ms: &Manuscript, doc: &Document) -> (Vec<(String, String, u16)>, FontStore) {
    let opts = TypesetOptions::from_config(&ms.config, None);
    let (frames, _) = typeset::layout_frames(doc, &ms.config.theme, &ms.fonts, &opts).unwrap();
    let store = FontStore::new(&ms.fonts)
        .unwrap()
        .with_exceptions(opts.hyphenation_exceptions.clone());
    let mut out = Vec::new();
    for f in &frames {
        for item in &f.items {
            if let FrameItem::Text(t) = item {
                for (run, texts) in t.runs.iter().zip(t.glyph_texts()) {
                    for (g, text) in run.glyphs.iter().zip(texts) {
                        out.push((text.to_string(), store.name(run.face).to_string(), g.gid));
                    }
                }
            }
        }
    }
    (out, store)
}

/// The EPUB's embedded fonts by file name, and its stylesheet.
fn epub_fonts(ms: &Manuscript, doc: &Document) -> (BTreeMap<String, Vec<u8>>, String) {
    let parts =
        epub::render_parts(doc, &ms.config.theme, &ms.fonts, &EpubOptions::default()).unwrap();
    let css = parts
        .iter()
        .find(|(n, _)| n.ends_with("stylesheet.css"))
        .map(|(_, b)| String::from_utf8(b.clone()).unwrap())
        .unwrap();
    let fonts = parts
        .into_iter()
        .filter_map(|(n, b)| Some((n.strip_prefix("OEBPS/fonts/")?.to_string(), b)))
        .collect();
    (fonts, css)
}

#[test]
fn every_symbol_and_emoji_prints_in_the_pdf_and_the_epub_carries_it() {
    let dir = tempfile::tempdir().unwrap();
    let (ms, doc, diags) = load(dir.path());
    let (glyphs, _) = pdf_glyphs(&ms, &doc);
    for &(c, face) in DRAWN {
        let hits: Vec<_> = glyphs.iter().filter(|(t, _, _)| t.starts_with(c)).collect();
        assert!(!hits.is_empty(), "{c} is drawn");
        for (_, f, gid) in hits {
            assert_eq!(f, face, "{c} is drawn from {face}");
            assert_ne!(*gid, 0, "{c} has a real glyph");
        }
    }
    // The family ZWJ sequence prints without a box (joined or as its parts).
    let family: Vec<_> = glyphs
        .iter()
        .filter(|(t, _, _)| "👨👩👧".contains(t.as_str()) && !t.is_empty())
        .collect();
    assert!(!family.is_empty() && family.iter().all(|(_, f, g)| f == EMOJI && *g != 0));
    // Only the character no face has is reported.
    let coverage: Vec<_> = diags
        .iter()
        .filter(|d| d.code == "GB210" || d.code == "GB301")
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(coverage.len(), 1, "{coverage:?}");
    assert!(coverage[0].contains("U+10FFFD"), "{coverage:?}");

    // The EPUB: each character sits in the subset of the face the PDF drew it with, and the
    // stylesheet falls back to the symbol and emoji faces.
    let (fonts, css) = epub_fonts(&ms, &doc);
    for &(c, face) in DRAWN {
        let one = BTreeSet::from([c]);
        let sub = fonts.get(face).unwrap_or_else(|| panic!("{face} embedded"));
        assert_eq!(mapped_chars(sub, &one).unwrap(), one, "{c} in {face}");
    }
    let body = css
        .lines()
        .find(|l| l.contains("\"Guide Body\", "))
        .unwrap();
    assert!(
        body.contains("\"Guide Symbols\", \"Guide Emoji\""),
        "{body}"
    );
    assert!(css.contains(&format!("src: url(\"fonts/{EMOJI}\")")));
}

#[test]
fn a_character_no_face_has_prints_as_the_replacement_and_is_reported_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let (ms, doc, diags) = load(dir.path());
    let d = diags
        .iter()
        .find(|d| d.code == "GB210")
        .expect("a GB210 warning");
    assert!(d.message.contains("U+10FFFD"), "{}", d.message);
    assert!(d.help.as_deref().unwrap().contains('▯'));
    let at = ms.sources.location(d.span.unwrap());
    assert!(at.ends_with("book.md:13:13"), "{at}");

    let (glyphs, store) = pdf_glyphs(&ms, &doc);
    let (face, gid) = store.replacement().unwrap();
    assert_eq!(store.name(face), SYMBOLS);
    let drawn: Vec<_> = glyphs
        .iter()
        .filter(|(t, _, _)| t == "\u{10FFFD}")
        .collect();
    assert_eq!(drawn.len(), 1);
    assert_eq!((drawn[0].1.as_str(), drawn[0].2), (SYMBOLS, gid));

    // The EPUB's symbol subset maps the character to the same box.
    let (fonts, _) = epub_fonts(&ms, &doc);
    let both = BTreeSet::from(['\u{10FFFD}', REPLACEMENT]);
    assert_eq!(mapped_chars(&fonts[SYMBOLS], &both).unwrap(), both);
}

#[test]
fn rebuilds_with_the_fallback_faces_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let (ms, doc, _) = load(dir.path());
    let opts = TypesetOptions::from_config(&ms.config, None);
    let build = || {
        let p = pdf::render(&doc, &ms.config.theme, &ms.fonts, &opts).unwrap();
        let e = epub::render(&doc, &ms.config.theme, &ms.fonts, &EpubOptions::default()).unwrap();
        (p.value.bytes, e.value.bytes)
    };
    let (pdf1, epub1) = build();
    let (pdf2, epub2) = build();
    assert!(pdf1 == pdf2, "PDF rebuild differs");
    assert!(epub1 == epub2, "EPUB rebuild differs");
    // (the font dictionaries are in compressed object streams: read them as a reader does)
    let doc = lopdf::Document::load_mem(&pdf1).unwrap();
    let fonts: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter_map(|d| d.get(b"BaseFont").and_then(lopdf::Object::as_name).ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect();
    let has = |name: &str| fonts.iter().any(|f| f.ends_with(name));
    assert!(
        has("+NotoEmoji-Regular") && has("+NotoSansSymbols2-Regular"),
        "{fonts:?}"
    );
}
