//! Renders the built-in sample document (every block kind) to EPUB files for checking with
//! EPUBCheck and Ace: `cargo run --example epub_sample [OUT_DIR]` writes
//! `epub_sample.epub` (no cover), `epub_sample_cover.epub` (with a cover image),
//! `epub_sample_rtl.epub` (the same book declared Arabic, right to left) and
//! `epub_sample_thin.epub` (no language, title, authors or chapter titles: the fallbacks).

use guidebuild::epub::{render, EpubOptions};
// The sample is test data, not part of the library: the example compiles its own copy, whose
// `crate::diag` and `crate::model` are these.
use guidebuild::{diag, model};
#[path = "../src/epub/sample.rs"]
mod sample;
use guidebuild::fonts::FontFiles;
use guidebuild::model::Document;
use guidebuild::theme::Theme;
use std::path::PathBuf;

fn variants() -> Vec<(&'static str, Document)> {
    let base = sample::document();
    let mut cover = base.clone();
    cover.meta.cover = Some(0);
    let mut rtl = base.clone();
    rtl.meta.lang = "ar".into();
    let mut thin = base.clone();
    thin.meta.lang = String::new();
    thin.meta.title = String::new();
    thin.meta.subtitle = None;
    thin.meta.authors.clear();
    thin.chapters[1].title.clear();
    thin.chapters[1].title_text.clear();
    vec![
        ("epub_sample.epub", base),
        ("epub_sample_cover.epub", cover),
        ("epub_sample_rtl.epub", rtl),
        ("epub_sample_thin.epub", thin),
    ]
}

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "/tmp".into()));
    let theme = Theme::default();
    let fonts = FontFiles::default_set();
    for (name, doc) in variants() {
        match render(&doc, &theme, &fonts, &EpubOptions::default()) {
            Ok(r) => {
                for d in &r.warnings {
                    eprintln!("{}[{}]: {}", d.severity, d.code, d.message);
                }
                let path = dir.join(name);
                std::fs::write(&path, &r.bytes).expect("write the EPUB");
                println!("{} {} bytes", path.display(), r.bytes.len());
            }
            Err(d) => {
                eprintln!("error[{}]: {}", d.code, d.message);
                std::process::exit(1);
            }
        }
    }
}
