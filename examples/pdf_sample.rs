//! Renders a document built in code (every block kind, or a long generated book) to PDF.
//!
//! `cargo run --example pdf_sample -- OUT.pdf [sample|long] [letter|a4|a5|6x9] [--dump]`

use guidebuild::config::Paper;
use guidebuild::fonts::FontFiles;
use guidebuild::pdf;
use guidebuild::testing::{dump, sample};
use guidebuild::theme::Theme;
use guidebuild::typeset::{self, FontStore, TypesetOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = args.first().cloned().unwrap_or_else(|| "sample.pdf".into());
    let mut doc = match args.get(1).map(String::as_str) {
        Some("long") => sample::long_book(25, 2400),
        _ => sample::sample_document(),
    };
    // `--image FILE` (repeatable): a figure per file at the end of the first chapter
    for (k, w) in args.windows(2).enumerate() {
        if w[0] == "--image" {
            let bytes = std::fs::read(&w[1]).expect("read the image");
            sample::add_figure(&mut doc, &w[1], bytes, k);
        }
    }
    let paper = args
        .get(2)
        .and_then(|p| Paper::parse(p))
        .unwrap_or_default();
    let opts = TypesetOptions {
        paper,
        booklet: None,
        print: None,
        hyphenate: true,
        chapter_break: guidebuild::config::ChapterBreak::Recto,
        sides: guidebuild::config::Sides::Two,
        imprint: None,
        hyphenation_exceptions: Default::default(),
        fillable: false,
        notes_pages: 0,
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
    for d in &r.warnings {
        eprintln!("{}[{}]: {}", d.severity, d.code, d.message);
    }
    std::fs::write(&out, &r.bytes).expect("write the PDF");
    eprintln!(
        "{out}: {} bytes in {:.1} ms",
        r.bytes.len(),
        dt.as_secs_f64() * 1000.0
    );
    if args.iter().any(|a| a == "--geometry") {
        let store = FontStore::new(&fonts).expect("fonts");
        for paper in [Paper::Letter, Paper::A4, Paper::A5, Paper::Trade] {
            let g = typeset::geometry(paper, opts.sides, &theme, &store);
            eprintln!(
                "{paper:?}: {:.0}x{:.0} pt, measure {:.0} pt = {:.1} chars, inside {:.0} outside {:.0} top {:.0} bottom {:.0}",
                g.width, g.height, g.measure, g.chars_per_line, g.inside, g.outside, g.top, g.bottom
            );
        }
    }
    if args.iter().any(|a| a == "--time") {
        let ms = |t: std::time::Instant| t.elapsed().as_secs_f64() * 1000.0;
        let t1 = std::time::Instant::now();
        let store = FontStore::new(&fonts).expect("fonts");
        let a = ms(t1);
        let t1 = std::time::Instant::now();
        let t = typeset::typeset(&doc, &theme, &store, &opts).value;
        let b = ms(t1);
        let t1 = std::time::Instant::now();
        let heights: Vec<f32> = t.frames.iter().map(|f| f.height).collect();
        let pages = t.frames.len();
        let e = pdf::emit::emit(
            t.frames,
            &store,
            &doc.assets,
            &doc.meta.title,
            Some(&t.structure),
            pdf::emit::Press::default(),
        )
        .expect("emit");
        let mut file = e.file;
        pdf::tagged::structure_tree(&mut file, &t.structure, &e.pages, &e.mcids, &e.annots);
        let c = ms(t1);
        let t1 = std::time::Instant::now();
        let bytes = pdf::nav::finish(
            file,
            &doc.meta,
            &t.outline,
            t.front_pages,
            &heights,
            true,
            false,
        )
        .expect("nav")
        .save();
        let d = ms(t1);
        eprintln!(
            "fonts {a:.1} ms, typeset {b:.1} ms, emit {c:.1} ms, nav+save {d:.1} ms; {} pages, {} bytes",
            pages,
            bytes.len()
        );
    }
    if args.iter().any(|a| a == "--dump") {
        let (frames, _) = typeset::layout_frames(&doc, &theme, &fonts, &opts).expect("layout");
        print!("{}", dump(&frames));
    }
}
