//! Renders a document built in code (every block kind, or a long generated book) to PDF.
//!
//! `cargo run --example pdf_sample -- OUT.pdf [sample|long] [letter|a4|a5|6x9] [--dump]`

use guidebuild::config::Paper;
use guidebuild::fonts::FontFiles;
use guidebuild::pdf::{self, sample, PdfOptions};
use guidebuild::theme::Theme;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = args.first().cloned().unwrap_or_else(|| "sample.pdf".into());
    let doc = match args.get(1).map(String::as_str) {
        Some("long") => sample::long_book(25, 2400),
        _ => sample::sample_document(),
    };
    let paper = args
        .get(2)
        .and_then(|p| Paper::parse(p))
        .unwrap_or_default();
    let opts = PdfOptions {
        paper,
        hyphenate: true,
    };
    let theme = Theme::default();
    let fonts = FontFiles::default_set();
    let t0 = std::time::Instant::now();
    let r = match pdf::render(&doc, &theme, &fonts, &opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {}", e.message);
            std::process::exit(1);
        }
    };
    let dt = t0.elapsed();
    for d in &r.diagnostics {
        eprintln!("{}[{}]: {}", d.severity, d.code, d.message);
    }
    std::fs::write(&out, &r.bytes).expect("write the PDF");
    eprintln!(
        "{out}: {} bytes in {:.1} ms",
        r.bytes.len(),
        dt.as_secs_f64() * 1000.0
    );
    if args.iter().any(|a| a == "--dump") {
        let (frames, _) = pdf::layout_frames(&doc, &theme, &fonts, &opts).expect("layout");
        print!("{}", pdf::dump(&frames));
    }
}
