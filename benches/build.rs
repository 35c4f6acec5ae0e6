//! The benchmark: what a build costs, and pandoc + Typst on the same input for comparison.
//!
//! ```text
//! cargo bench --bench build                  # everything, a Markdown table at the end
//! BENCH_RUNS=20 cargo bench --bench build    # timed runs per row (default 10)
//! BENCH_COMPARE=0 cargo bench --bench build  # guidebuild only
//! cargo bench --bench build -- genbook DIR WORDS   # only write a generated book
//! benches/install-compare.sh                 # the venv with pandoc and Typst, once
//! ```
//!
//! Cargo builds the release `guidebuild` binary for the bench (the bench profile is the release
//! profile) and hands its path over as `CARGO_BIN_EXE_guidebuild`; every number is of that
//! binary run as a whole process, output to a temporary folder (`BENCH_KEEP=1` keeps it).
//!
//! - Inputs: the bundled guide (`manuscript/`) and generated books of 15,000, 60,000 and 240,000
//!   words (`genbook`: 20 chapters of headings, paragraphs with footnotes, lists, check and avoid
//!   lists and sayings, 6×9 in pages; the same bytes every time).
//! - Rows: `build` (PDF + EPUB in one process), `pdf`, `epub` and `pdf --for kdp` (the print
//!   shop's interior: fonts whole, PDF 1.3) on each input; one untimed run
//!   (two for the guide), then `BENCH_RUNS` timed ones (five times as many for the guide, whose
//!   runs are short and noisy).
//! - Per row: median wall time (parent's clock around spawn and `wait4`), median CPU time (user +
//!   system of the child and all its threads, from `wait4`'s rusage), peak RSS (the largest
//!   `ru_maxrss` over the runs), CPU per 1,000 words.
//! - Growth: for each command, CPU per 1,000 words at 15k/60k/240k, their spread
//!   ((largest − smallest) / smallest) and the log-log slope of CPU time against words (1.0 is
//!   linear). Targets, reported and never asserted: spread under 5 %, the 240k book's PDF + EPUB
//!   under 1.0 s of CPU.
//! - Comparison (`compare.rs`): pandoc 3 → Typst → PDF on the guide and the 60k book
//!   (`BENCH_RUNS` and 3 runs) and the 240k book (1 run; `BENCH_COMPARE_240K=0` skips it), from a
//!   venv that `benches/install-compare.sh` makes; skipped with a message when it is missing.
//!
//! `cargo test` does not run this (benches are not test targets); `cargo test --bench build`
//! (and `--benches`, `--all-targets`) runs it unoptimised, and then it times nothing. No test
//! asserts a time. `genbook` works in any profile: `scripts/conformance.sh` uses it through
//! `cargo test --bench build -- genbook DIR WORDS`, and the test suite includes
//! `build/genbook.rs` itself.

#[path = "build/compare.rs"]
mod compare;
#[path = "build/genbook.rs"]
mod genbook;
#[path = "build/measure.rs"]
mod measure;

use measure::{log_log_slope, measure, spread_pct, Summary};
use std::fs;
use std::path::{Path, PathBuf};

const BOOK_WORDS: [usize; 3] = [15_000, 60_000, 240_000];
/// Each command as run: its name and arguments (the last, a print shop's interior).
const COMMANDS: [&str; 4] = ["build", "pdf", "epub", "pdf --for kdp"];

/// One line of the table.
struct Row {
    what: String,
    input: String,
    words: usize,
    output: String,
    cost: Summary,
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn env_off(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| v.trim() == "0")
}

fn kb(path: &Path) -> u64 {
    fs::metadata(path).map_or(0, |m| (m.len() + 512) / 1024)
}

fn pages(pdf: &Path) -> String {
    let n = fs::read(pdf)
        .ok()
        .and_then(|b| lopdf::Document::load_mem(&b).ok())
        .map(|d| d.get_pages().len());
    n.map_or_else(|| "? pages".to_string(), |n| format!("{n} pages"))
}

/// The one file with extension `ext` in `dir`.
fn file_in(dir: &Path, ext: &str) -> Option<PathBuf> {
    fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == ext))
}

/// Whitespace-separated tokens of the manuscript's Markdown (markup included: approximate).
fn words_of(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .filter_map(|p| fs::read_to_string(p).ok())
        .map(|t| t.split_whitespace().count())
        .sum()
}

/// What the output of `command` into `out` looks like, for the table.
fn describe(command: &str, out: &Path) -> String {
    match command {
        "build" => match (file_in(out, "pdf"), file_in(out, "epub")) {
            (Some(p), Some(e)) => format!("{}, {} KB PDF + {} KB EPUB", pages(&p), kb(&p), kb(&e)),
            _ => "?".to_string(),
        },
        "pdf" | "pdf --for kdp" => format!("{}, {} KB", pages(out), kb(out)),
        _ => format!("{} KB", kb(out)),
    }
}

/// The three commands on one manuscript.
fn bench_input(
    bin: &Path,
    root: &Path,
    (src, input, words): (&Path, &str, usize),
    work: &Path,
    warmup: usize,
    runs: usize,
) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    for command in COMMANDS {
        let out = match command {
            "build" => work.join("built"),
            "pdf --for kdp" => work.join("only.kdp.pdf"),
            other => work.join(format!("only.{other}")),
        };
        let (src_s, out_s) = (src.to_str().unwrap_or(""), out.to_str().unwrap_or(""));
        eprintln!("bench: guidebuild {command} on {input} ({runs} runs)");
        let mut parts = command.split(' ');
        let mut args = vec![parts.next().unwrap_or(command), src_s];
        args.extend(parts);
        args.extend(["-o", out_s]);
        let cost = measure(bin, &args, root, warmup, runs)?;
        rows.push(Row {
            what: format!("`guidebuild {command}`"),
            input: input.to_string(),
            words,
            output: describe(command, &out),
            cost,
        });
    }
    Ok(rows)
}

fn fmt_ms(v: f64) -> String {
    if v >= 10_000.0 {
        let n = v.round() as u64;
        format!("{},{:03}", n / 1000, n % 1000)
    } else {
        format!("{v:.1}")
    }
}

fn print_table(rows: &[Row]) {
    println!("| what | input | output | runs | wall, median (ms) | CPU, median (ms) | CPU per 1,000 words (ms) | peak RSS (MB) |");
    println!("|---|---|---|---:|---:|---:|---:|---:|");
    for r in rows {
        let per_k = r.cost.cpu_ms / (r.words as f64 / 1000.0);
        println!(
            "| {} | {} | {} | {} | {} | {} | {:.2} | {:.1} |",
            r.what,
            r.input,
            r.output,
            r.cost.runs,
            fmt_ms(r.cost.wall_ms),
            fmt_ms(r.cost.cpu_ms),
            per_k,
            r.cost.peak_rss_mb
        );
    }
}

/// CPU per 1,000 words across the generated books, per command: spread and slope.
fn print_growth(rows: &[Row]) {
    println!();
    for command in COMMANDS {
        let what = format!("`guidebuild {command}`");
        let pts: Vec<(f64, f64)> = rows
            .iter()
            .filter(|r| r.what == what && r.input.ends_with("-word book"))
            .map(|r| (r.words as f64, r.cost.cpu_ms))
            .collect();
        if pts.len() < 2 {
            continue;
        }
        let per_k: Vec<f64> = pts.iter().map(|(w, c)| c / (w / 1000.0)).collect();
        let values: Vec<String> = per_k.iter().map(|p| format!("{p:.2}")).collect();
        let sizes: Vec<String> = pts
            .iter()
            .map(|(w, _)| format!("{}k", w / 1000.0))
            .collect();
        println!(
            "- {what}: CPU per 1,000 words {} ms at {}; spread {:.1} % (target < 5 %); log-log slope {:.3}",
            values.join(" / "),
            sizes.join(" / "),
            spread_pct(&per_k),
            log_log_slope(&pts)
        );
        // The guide's CPU time is nearly all start-up (fonts, theme, writers): taken off as a
        // fixed cost, what is left is the part that grows with the words.
        let guide = rows
            .iter()
            .find(|r| r.what == what && r.input.starts_with("the guide"));
        if let Some(g) = guide {
            let net: Vec<f64> = pts
                .iter()
                .map(|(w, c)| (c - g.cost.cpu_ms) / (w / 1000.0))
                .collect();
            let values: Vec<String> = net.iter().map(|p| format!("{p:.2}")).collect();
            println!(
                "  - less the guide's {} ms as a fixed cost: {} ms; spread {:.1} %",
                fmt_ms(g.cost.cpu_ms),
                values.join(" / "),
                spread_pct(&net)
            );
        }
    }
    let big = rows
        .iter()
        .find(|r| r.what == "`guidebuild build`" && r.words == 240_000);
    if let Some(r) = big {
        let met = if r.cost.cpu_ms < 1000.0 {
            "met"
        } else {
            "not met"
        };
        println!(
            "- 240k-word book, PDF + EPUB: {} ms CPU (target < 1,000 ms: {met})",
            fmt_ms(r.cost.cpu_ms)
        );
    }
}

/// pandoc → Typst rows, or a line saying why there are none.
fn comparison_rows(root: &Path, work: &Path, books: &[(PathBuf, usize)], runs: usize) -> Vec<Row> {
    if env_off("BENCH_COMPARE") {
        eprintln!("bench: pandoc/Typst comparison skipped (BENCH_COMPARE=0)");
        return Vec::new();
    }
    let tools = match compare::find_tools(root) {
        Ok(t) => t,
        Err(why) => {
            eprintln!(
                "bench: pandoc/Typst comparison SKIPPED: {why}; run benches/install-compare.sh"
            );
            return Vec::new();
        }
    };
    let guide = root.join("manuscript");
    let guide_words = words_of(&guide);
    let label = format!("the guide (≈{guide_words} words)");
    let mut inputs = vec![(guide, "guide".to_string(), label, guide_words, runs)];
    for (dir, w) in books {
        if *w == 60_000 || (*w == 240_000 && !env_off("BENCH_COMPARE_240K")) {
            let n = if *w == 60_000 { runs.min(3) } else { 1 };
            inputs.push((dir.clone(), format!("book-{w}"), book_label(*w), *w, n));
        }
    }
    let what = format!(
        "pandoc {} → Typst {} → PDF",
        tools.pandoc_version, tools.typst_version
    );
    let mut rows = Vec::new();
    for (src, name, input, words, n) in inputs {
        eprintln!("bench: pandoc → Typst on {input} ({n} runs)");
        match compare::run(&tools, root, &src, work, &name, n) {
            Ok(c) => rows.push(Row {
                what: what.clone(),
                output: format!(
                    "{}, {} KB (pandoc {} + Typst {} ms wall)",
                    pages(&c.pdf),
                    kb(&c.pdf),
                    fmt_ms(c.pandoc.wall_ms),
                    fmt_ms(c.typst.wall_ms)
                ),
                input,
                words,
                cost: Summary {
                    runs: n,
                    wall_ms: c.pandoc.wall_ms + c.typst.wall_ms,
                    cpu_ms: c.pandoc.cpu_ms + c.typst.cpu_ms,
                    peak_rss_mb: c.pandoc.peak_rss_mb.max(c.typst.peak_rss_mb),
                },
            }),
            Err(e) => eprintln!("bench: pandoc → Typst on {input} failed: {e}"),
        }
    }
    rows
}

fn book_label(words: usize) -> String {
    format!("{},{:03}-word book", words / 1000, words % 1000)
}

fn genbook_command(args: &[String]) -> Result<(), String> {
    let [dir, words] = args else {
        return Err("usage: genbook DIR WORDS".to_string());
    };
    let words = words
        .parse()
        .map_err(|_| format!("not a word count: {words}"))?;
    genbook::write_book(Path::new(dir), &genbook::BookSpec::new(words))
        .map_err(|e| format!("{dir}: {e}"))
}

fn run_all(root: &Path, work: &Path) -> Result<Vec<Row>, String> {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_guidebuild"));
    let runs = env_usize("BENCH_RUNS", 10).max(1);
    let mut books = Vec::new();
    for w in BOOK_WORDS {
        let dir = work.join(format!("book-{w}"));
        genbook::write_book(&dir, &genbook::BookSpec::new(w)).map_err(|e| e.to_string())?;
        books.push((dir, w));
    }
    let guide = root.join("manuscript");
    let guide_work = work.join("out-guide");
    fs::create_dir_all(&guide_work).map_err(|e| e.to_string())?;
    let guide_words = words_of(&guide);
    let label = format!("the guide (≈{guide_words} words)");
    let mut rows = bench_input(
        &bin,
        root,
        (&guide, &label, guide_words),
        &guide_work,
        2,
        runs * 5,
    )?;
    for (dir, w) in &books {
        let out = work.join(format!("out-{w}"));
        fs::create_dir_all(&out).map_err(|e| e.to_string())?;
        rows.extend(bench_input(
            &bin,
            root,
            (dir, &book_label(*w), *w),
            &out,
            1,
            runs,
        )?);
    }
    rows.extend(comparison_rows(root, work, &books, runs));
    Ok(rows)
}

fn machine() -> String {
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines().find_map(|l| {
                l.strip_prefix("model name")
                    .map(|m| m.trim_start_matches([' ', '\t', ':']).to_string())
            })
        })
        .unwrap_or_else(|| "unknown CPU".to_string());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load: Vec<&str> = load.split_whitespace().take(3).collect();
    format!(
        "{cores} cores ({cpu}), load average {} at the end",
        load.join(" ")
    )
}

fn main() {
    // Cargo passes --bench (and libtest-style flags); positional arguments are ours.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if args.first().is_some_and(|a| a == "genbook") {
        if let Err(e) = genbook_command(&args[1..]) {
            eprintln!("genbook: {e}");
            std::process::exit(2);
        }
        return;
    }
    if cfg!(debug_assertions) {
        // `cargo test --benches` / `--all-targets` build this without optimisations: no numbers.
        eprintln!("bench: not an optimised build, nothing timed; run `cargo bench --bench build`");
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::Builder::new()
        .prefix("guidebuild-bench-")
        .tempdir()
        .expect("a temporary folder");
    let rows = match run_all(&root, tmp.path()) {
        Ok(rows) => rows,
        Err(e) => {
            eprintln!("bench: {e}");
            std::process::exit(1);
        }
    };
    println!();
    println!("Release build, {}.", machine());
    println!();
    print_table(&rows);
    print_growth(&rows);
    if std::env::var("BENCH_KEEP").is_ok_and(|v| v == "1") {
        eprintln!("bench: outputs kept in {}", tmp.keep().display());
    }
}
