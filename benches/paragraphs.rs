//! Measurements of paragraph setting, not checks: spaces on justified lines, hyphenated lines,
//! runts, the breaking passes used, and the time to set 60,000 words of generated prose; on
//! generated prose, on the bundled guide's paragraphs, and on the justified paragraphs the
//! typesetter sets for the guide, the fixture and a long generated book.
//!
//! `cargo bench --bench paragraphs` runs them all; a name after `--` (`generated`, `guide`,
//! `documents`, `sweep`) runs the measurements whose name contains it.

use guidebuild::testing::paragraphs::{
    guide_paragraphs, justified_paragraphs, piece, set_traced, set_tuned, spec, store, Knobs, Stats,
};
use guidebuild::testing::prose::generate_prose;
use guidebuild::testing::sample::long_book;
use guidebuild::typeset::text::{set_paragraph, Piece};
use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let wanted = |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f));
    if wanted("generated") {
        generated();
    }
    if wanted("guide") {
        guide();
    }
    if wanted("documents") {
        documents();
    }
    if wanted("sweep") {
        sweep();
    }
}

/// CPU time this thread has run, ms (Linux `schedstat`; 0 elsewhere): unlike wall time it does
/// not count the time other processes on a busy machine take.
fn thread_cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e6)
}

/// The fastest of `runs` runs of `f` (the machine is shared), wall and CPU time, ms.
fn fastest(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    let mut wall = Duration::MAX;
    let mut cpu = f64::INFINITY;
    for _ in 0..runs {
        let (t, c) = (Instant::now(), thread_cpu_ms());
        f();
        wall = wall.min(t.elapsed());
        cpu = cpu.min(thread_cpu_ms() - c);
    }
    (wall.as_secs_f64() * 1e3, cpu)
}

/// Prints the widest spaces of the measured lines.
fn print_worst(stats: &mut Stats, n: usize) {
    stats.worst.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (w, t) in stats.worst.iter().take(n) {
        println!("   {w:.2} em: {t}");
    }
}

/// 60,000 words of generated prose at three measures, with the time to set them with a
/// fresh store (shaping every word) and with a warm one.
fn generated() {
    let paras = generate_prose(60_000, 1);
    let pieces: Vec<Vec<Piece>> = paras
        .iter()
        .map(|p| {
            let mut x = piece(p);
            x.size = 10.5;
            vec![x]
        })
        .collect();
    for width in [288.0, 330.0, 380.0] {
        let s = store();
        let mut sp = spec(width);
        sp.first_indent = 10.5;
        sp.em = 10.5;
        let mut stats = Stats::default();
        for p in &pieces {
            stats.add_traced(&set_traced(&s, p, &sp), &sp);
        }
        let (cold, cold_cpu) = fastest(3, || {
            let fresh = store();
            for p in &pieces {
                std::hint::black_box(set_paragraph(&fresh, p, &sp));
            }
        });
        let (warm, warm_cpu) = fastest(5, || {
            for p in &pieces {
                std::hint::black_box(set_paragraph(&s, p, &sp));
            }
        });
        println!(
            "{} | 60k words: {cold:.1} ms cold store, {warm:.1} ms warm (CPU time: {cold_cpu:.1} \
             ms cold, {warm_cpu:.1} ms warm)",
            stats.report(&format!("generated at {width} pt"))
        );
        print_worst(&mut stats, 6);
    }
}

/// The bundled guide's paragraphs as plain text, at the measure the PDF uses (about 68
/// characters) and either side of it.
fn guide() {
    let paras = guide_paragraphs();
    let words: usize = paras.iter().map(|p| p.0.split_whitespace().count()).sum();
    let s = store();
    for width in [300.0, 340.0, 380.0] {
        let mut stats = Stats::default();
        for (text, indent) in &paras {
            let mut sp = spec(width - indent);
            sp.em = 10.5;
            let mut x = piece(text);
            x.size = 10.5;
            stats.add_traced(&set_traced(&s, &[x], &sp), &sp);
        }
        println!(
            "{}",
            stats.report(&format!(
                "guide ({} paragraphs, {words} words) at {width} pt",
                paras.len()
            ))
        );
        print_worst(&mut stats, 4);
    }
}

/// The justified paragraphs the typesetter sets for whole documents, as it sets them.
fn documents() {
    let load = |dir: &str| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let ms = guidebuild::manuscript::load(&root).expect("manuscript loads");
        guidebuild::parse::document(&ms).into_parts().0
    };
    let docs = [
        ("guide", load("manuscript")),
        ("fixture", load("tests/fixtures/commonmark-gfm")),
        ("long book", long_book(36, 2700)),
    ];
    let s = store();
    for (name, doc) in &docs {
        let mut stats = Stats::default();
        for (pieces, sp) in justified_paragraphs(doc, &s) {
            stats.add_traced(&set_traced(&s, &pieces, &sp), &sp);
        }
        println!("{}", stats.report(&format!("{name}, as typeset")));
        print_worst(&mut stats, 4);
    }
}

/// A tuning aid: the statistics of 30,000 words of generated prose under variants of the
/// hyphen penalty, the first pass's tolerance and the runt demerits.
fn sweep() {
    let paras = generate_prose(30_000, 3);
    let s = store();
    let mut variants = vec![("default".to_string(), Knobs::default())];
    for hyphen_penalty in [100.0, 135.0] {
        for runt_demerits in [4000.0, 20000.0] {
            for tolerance in [1.5, 2.0] {
                variants.push((
                    format!("hp {hyphen_penalty} runt {runt_demerits} tol {tolerance}"),
                    Knobs {
                        hyphen_penalty,
                        tolerance,
                        runt_demerits,
                    },
                ));
            }
        }
    }
    for width in [288.0, 340.0] {
        for (name, knobs) in &variants {
            let mut sp = spec(width);
            sp.first_indent = 10.5;
            sp.em = 10.5;
            let mut stats = Stats::default();
            for p in &paras {
                let mut x = piece(p);
                x.size = 10.5;
                stats.add_traced(&set_tuned(&s, &[x], &sp, knobs), &sp);
            }
            println!("{}", stats.report(&format!("sweep {width} pt {name}")));
        }
    }
}
