//! Times each stage of a PDF + EPUB build of a manuscript (load, parse, lint, typeset, emit,
//! structure tree, nav and save, EPUB), best of N runs, to see where the time goes. A measuring aid, not a test.
//!
//! `cargo run --release --example phase_times -- DIR [RUNS] [untagged]` (`untagged`: no
//! structure tree, as a booklet is written)

use std::time::Instant;

use guidebuild::pdf;
use guidebuild::typeset::{self, TypesetOptions};
use guidebuild::{check, epub, manuscript, parse};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.first().cloned().unwrap_or_else(|| "manuscript".into());
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
    let tagged = !args.iter().any(|a| a == "untagged");
    let names = [
        "load", "parse", "lint", "typeset", "emit", "tree", "nav", "epub",
    ];
    let mut best = [f64::MAX; 8];
    for _ in 0..runs {
        let mut t = [0.0; 8];
        let mut lap = Instant::now();
        let mut tick = |i: usize, t: &mut [f64; 8]| {
            t[i] = lap.elapsed().as_secs_f64() * 1000.0;
            lap = Instant::now();
        };
        let ms = manuscript::load(std::path::Path::new(&dir)).expect("load");
        tick(0, &mut t);
        let (mut doc, _) = parse::document(&ms).into_parts();
        manuscript::load_assets(&mut doc, &ms);
        tick(1, &mut t);
        let _ = check::lint(&doc, &ms);
        tick(2, &mut t);
        let opts = TypesetOptions::from_config(&ms.config, None);
        let store = typeset::font_store(&ms.fonts, &opts).expect("fonts");
        let ts = typeset::typeset(&doc, &ms.config.theme, &store, &opts).value;
        tick(3, &mut t);
        let heights: Vec<f32> = ts.frames.iter().map(|f| f.height).collect();
        let e = pdf::emit::emit(
            ts.frames,
            &store,
            &doc.assets,
            &doc.meta.title,
            tagged.then_some(&ts.structure),
            pdf::emit::Press::default(),
        )
        .expect("emit");
        let mut file = e.file;
        tick(4, &mut t);
        if tagged {
            pdf::tagged::structure_tree(&mut file, &ts.structure, &e.pages, &e.mcids, &e.annots);
        }
        tick(5, &mut t);
        let bytes = pdf::nav::finish(
            file,
            &doc.meta,
            &ts.outline,
            ts.front_pages,
            &heights,
            tagged,
            false,
        )
        .expect("nav")
        .save();
        tick(6, &mut t);
        let e = epub::render(&doc, &ms.config.theme, &ms.fonts, &Default::default()).expect("epub");
        tick(7, &mut t);
        assert!(!bytes.is_empty() && !e.bytes.is_empty());
        for i in 0..8 {
            best[i] = best[i].min(t[i]);
        }
    }
    for (n, b) in names.iter().zip(best) {
        println!("{n:8} {b:8.2} ms");
    }
    println!("{:8} {:8.2} ms", "total", best.iter().sum::<f64>());
}
