//! Renders the built-in sample document (every block kind) to EPUB files for checking with
//! EPUBCheck and Ace: `cargo run --example epub_sample [OUT_DIR]` writes
//! `epub_sample.epub` (no cover), `epub_sample_cover.epub` (with a cover image) and
//! `epub_sample_rtl.epub` (the same book declared Arabic, right to left).

use guidebuild::epub::{render, sample, EpubOptions};
use guidebuild::fonts::FontFiles;
use guidebuild::theme::Theme;
use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "/tmp".into()));
    let theme = Theme::default();
    let fonts = FontFiles::default_set();
    let mut doc = sample::document();
    for (name, cover, lang) in [
        ("epub_sample.epub", None, "en"),
        ("epub_sample_cover.epub", Some(0), "en"),
        ("epub_sample_rtl.epub", None, "ar"),
    ] {
        doc.meta.cover = cover;
        doc.meta.lang = lang.to_string();
        match render(&doc, &theme, &fonts, &EpubOptions::default()) {
            Ok(r) => {
                for d in &r.diagnostics {
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
