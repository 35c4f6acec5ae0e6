//! Measurements of paragraph setting (ignored tests, run by hand in release): space widths on
//! justified lines, hyphenated lines, runts, passes, and time per 60,000 words of generated
//! prose; plus a tuning sweep. `cargo test --release --lib text_bench -- --ignored --nocapture`.

use crate::testing::paragraphs::{piece, spec, store};
use crate::typeset::text::set_paragraph_traced;
use crate::typeset::text::tuning::Tuning;
use crate::typeset::text::*;

/// Statistics of setting paragraphs: spaces on justified lines (em), hyphens, runts.
#[derive(Debug, Default)]
pub(crate) struct Stats {
    pub lines: usize,
    pub justified: Vec<f32>,
    pub hyphenated: usize,
    pub max_run: usize,
    pub overfull: usize,
    pub too_wide: usize,
    pub runts: usize,
    pub last_line_spaces: Vec<f32>,
    pub passes: [usize; 7],
    pub worst: Vec<(f32, String)>,
    /// Lines set with letter-spacing, and the widest and tightest spacing (em).
    pub tracked: usize,
    pub track_range: (f32, f32),
}

impl Stats {
    pub(crate) fn add_traced(&mut self, r: &(ParaResult, usize), spec: &ParaSpec) {
        self.passes[r.1.min(6)] += 1;
        self.add(&r.0, spec);
    }

    pub(crate) fn add(&mut self, r: &ParaResult, spec: &ParaSpec) {
        let mut run = 0;
        for (i, l) in r.lines.iter().enumerate() {
            self.lines += 1;
            let last = i + 1 == r.lines.len();
            if last {
                self.last_line_spaces.push(l.max_space_em);
                if i > 0 && l.width < spec.width * 0.12 {
                    self.runts += 1;
                }
            } else if l.max_space_em > 0.0 {
                self.justified.push(l.max_space_em);
                if l.max_space_em > 0.5 {
                    self.worst.push((l.max_space_em, l.text.clone()));
                }
            }
            if l.hyphenated {
                self.hyphenated += 1;
                run += 1;
                self.max_run = self.max_run.max(run);
            } else {
                run = 0;
            }
            self.overfull += usize::from(l.overfull);
            if l.letter_space_em != 0.0 {
                self.tracked += 1;
                self.track_range.0 = self.track_range.0.min(l.letter_space_em);
                self.track_range.1 = self.track_range.1.max(l.letter_space_em);
            }
            let limit = if i == 0 {
                spec.width - spec.first_indent
            } else {
                spec.width
            };
            self.too_wide += usize::from(l.width > limit + 0.01);
        }
    }

    pub(crate) fn max_p95(&self) -> (f32, f32) {
        let mut v = self.justified.clone();
        v.sort_by(f32::total_cmp);
        if v.is_empty() {
            return (0.0, 0.0);
        }
        (v[v.len() - 1], v[(v.len() * 95 / 100).min(v.len() - 1)])
    }

    pub(crate) fn report(&self, label: &str) -> String {
        let (max, p95) = self.max_p95();
        let over = self.justified.iter().filter(|x| **x > 0.5).count();
        format!(
            "{label}: {} lines, spaces max {max:.3} em p95 {p95:.3} em, {over} lines > 0.5 em, \
             {} hyphenated ({:.1}%), longest hyphen run {}, {} runts, {} overfull, {} too wide, \
             passes {:?}, {} letter-spaced lines ({:.4} to {:.4} em)",
            self.lines,
            self.hyphenated,
            100.0 * self.hyphenated as f32 / self.lines.max(1) as f32,
            self.max_run,
            self.runts,
            self.overfull,
            self.too_wide,
            &self.passes[1..],
            self.tracked,
            self.track_range.0,
            self.track_range.1
        )
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

/// Measurement, not a check: `cargo test --release --lib measure_generated -- --ignored --nocapture`.
#[test]
#[ignore]
fn measure_generated() {
    let paras = crate::testing::prose::generate_prose(60_000, 1);
    for width in [288.0, 330.0, 380.0] {
        let s = store();
        let mut sp = spec(width);
        sp.first_indent = 10.5;
        let pieces: Vec<Vec<Piece>> = paras
            .iter()
            .map(|p| {
                let mut x = piece(p);
                x.size = 10.5;
                vec![x]
            })
            .collect();
        sp.em = 10.5;
        let mut stats = Stats::default();
        for p in &pieces {
            stats.add_traced(&set_paragraph_traced(&s, p, &sp, &Tuning::default()), &sp);
        }
        // The machine is shared: report the fastest of several runs, wall and CPU time.
        let mut cold = std::time::Duration::MAX;
        let mut cold_cpu = f64::INFINITY;
        for _ in 0..3 {
            let fresh = store();
            let (t, c) = (std::time::Instant::now(), thread_cpu_ms());
            for p in &pieces {
                std::hint::black_box(set_paragraph(&fresh, p, &sp));
            }
            cold = cold.min(t.elapsed());
            cold_cpu = cold_cpu.min(thread_cpu_ms() - c);
        }
        let mut warm = std::time::Duration::MAX;
        let mut warm_cpu = f64::INFINITY;
        for _ in 0..5 {
            let (t, c) = (std::time::Instant::now(), thread_cpu_ms());
            for p in &pieces {
                std::hint::black_box(set_paragraph(&s, p, &sp));
            }
            warm = warm.min(t.elapsed());
            warm_cpu = warm_cpu.min(thread_cpu_ms() - c);
        }
        eprintln!("  CPU time: {cold_cpu:.1} ms cold store, {warm_cpu:.1} ms warm");
        eprintln!(
            "{} | 60k words: {:.1} ms cold store, {:.1} ms warm",
            stats.report(&format!("measure {width} pt")),
            cold.as_secs_f64() * 1e3,
            warm.as_secs_f64() * 1e3
        );
        stats.worst.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (w, t) in stats.worst.iter().take(6) {
            eprintln!("   {w:.2} em: {t}");
        }
    }
}

/// Tuning aid, not a check: `cargo test --release --lib tune_sweep -- --ignored --nocapture`.
#[test]
#[ignore]
fn tune_sweep() {
    let paras = crate::testing::prose::generate_prose(30_000, 3);
    let s = store();
    let base = Tuning::default();
    let mut variants: Vec<(String, Tuning)> = vec![("default".into(), base.clone())];
    for hp in [100.0, 135.0] {
        for runt in [4000.0, 20000.0] {
            for tol in [1.5, 2.0] {
                let mut t = base.clone();
                t.hyphen_penalty = hp;
                t.space_stretch = 1.0;
                t.passes = [tol, tol + 1.0, 4.0, f32::INFINITY];
                t.runt_demerits = runt;
                t.double_hyphen_demerits = 10000.0;
                variants.push((format!("hp {hp} runt {runt} tol {tol}"), t));
            }
        }
    }
    for width in [288.0, 340.0] {
        for (name, t) in &variants {
            let mut sp = spec(width);
            sp.first_indent = 10.5;
            sp.em = 10.5;
            let mut stats = Stats::default();
            for p in &paras {
                let mut x = piece(p);
                x.size = 10.5;
                stats.add_traced(&set_paragraph_traced(&s, &[x], &sp, t), &sp);
            }
            eprintln!("{}", stats.report(&format!("{width} {name}")));
        }
    }
}

#[test]
#[ignore]
fn debug_worst() {
    let paras = crate::testing::prose::generate_prose(30_000, 3);
    let s = store();
    let mut sp = spec(340.0);
    sp.first_indent = 10.5;
    sp.em = 10.5;
    let mut shown = 0;
    for p in &paras {
        let mut x = piece(p);
        x.size = 10.5;
        let (r, pass) = set_paragraph_traced(&s, &[x], &sp, &Tuning::default());
        let n = r.lines.len();
        if r.lines[..n - 1].iter().any(|l| l.max_space_em > 0.7) && shown < 4 {
            shown += 1;
            eprintln!("--- pass {pass}");
            for l in &r.lines {
                eprintln!("{:.3} {:7.2} {}", l.max_space_em, l.width, l.text);
            }
        }
    }
}

/// Where the time goes (warm store): `cargo test --release --lib time_phases -- --ignored --nocapture`.
#[test]
#[ignore]
fn time_phases() {
    use crate::typeset::text::items::build;
    use crate::typeset::text::linebreak::knuth_plass;
    use crate::typeset::text::passes::params_for;
    let paras = crate::testing::prose::generate_prose(60_000, 1);
    let s = store();
    let mut sp = spec(330.0);
    sp.em = 10.5;
    let pieces: Vec<Piece> = paras.iter().map(|p| piece(p)).collect();
    let t = Tuning::default();
    for p in &pieces {
        set_paragraph(&s, std::slice::from_ref(p), &sp);
    }
    let best = |f: &dyn Fn()| {
        (0..5)
            .map(|_| {
                let t = std::time::Instant::now();
                f();
                t.elapsed().as_secs_f64() * 1e3
            })
            .fold(f64::INFINITY, f64::min)
    };
    let b = best(&|| {
        for p in &pieces {
            std::hint::black_box(build(&s, std::slice::from_ref(p), &sp, &t, true));
        }
    });
    let k = best(&|| {
        for p in &pieces {
            let built = build(&s, std::slice::from_ref(p), &sp, &t, true);
            let mut pr = params_for(&sp, &t);
            pr.tolerance = 1.5;
            std::hint::black_box(knuth_plass(&built.items, &pr));
        }
    });
    let all = best(&|| {
        for p in &pieces {
            std::hint::black_box(set_paragraph(&s, std::slice::from_ref(p), &sp));
        }
    });
    eprintln!(
        "phases, 60k words, ms: items {b:.1}, items+KP(pass 1) {k:.1}, set_paragraph {all:.1}"
    );
}

/// Every paragraph of the bundled guide as plain text, with the indent it is set at (list
/// items and sayings narrower).
fn guide_paragraphs() -> Vec<(String, f32)> {
    use crate::model::{Block, BlockKind, Inline, InlineKind};
    /// The text of inlines, hard breaks kept as `\n`.
    fn plain_text(inlines: &[Inline]) -> String {
        let mut out = String::new();
        for i in inlines {
            match &i.kind {
                InlineKind::Text(t) | InlineKind::Code(t) => out.push_str(t),
                InlineKind::Emph(c)
                | InlineKind::Strong(c)
                | InlineKind::Strike(c)
                | InlineKind::Link { content: c, .. } => out.push_str(&plain_text(c)),
                InlineKind::SoftBreak => out.push(' '),
                InlineKind::HardBreak => out.push('\n'),
                _ => {}
            }
        }
        out
    }
    fn walk(blocks: &[Block], indent: f32, out: &mut Vec<(String, f32)>) {
        for b in blocks {
            match &b.kind {
                BlockKind::Paragraph(c) => out.push((plain_text(c), indent)),
                BlockKind::List(l) => {
                    if let Some(lead) = &l.lead {
                        out.push((plain_text(&lead.content), indent));
                    }
                    for item in &l.items {
                        walk(&item.blocks, indent + 15.0, out);
                    }
                }
                BlockKind::Sayings(s) => {
                    for saying in &s.items {
                        out.push((plain_text(&saying.content), indent + 20.0));
                    }
                }
                BlockKind::BlockQuote(inner) => walk(inner, indent + 20.0, out),
                _ => {}
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
    let ms = crate::manuscript::load(&root).expect("the bundled manuscript loads");
    let (doc, _) = crate::parse::parse(&ms);
    let mut out = Vec::new();
    for ch in &doc.chapters {
        walk(&ch.blocks, 0.0, &mut out);
    }
    out
}

/// The real guide's paragraphs at the measure the PDF uses (about 68 characters):
/// `cargo test --release --lib measure_guide -- --ignored --nocapture`.
#[test]
#[ignore]
fn measure_guide() {
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
            stats.add_traced(
                &set_paragraph_traced(&s, &[x], &sp, &Tuning::default()),
                &sp,
            );
        }
        eprintln!(
            "{}",
            stats.report(&format!(
                "guide ({} paragraphs, {words} words) at {width} pt",
                paras.len()
            ))
        );
        stats.worst.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (w, t) in stats.worst.iter().take(4) {
            eprintln!("   {w:.2} em: {t}");
        }
    }
}

/// Every justified paragraph a document's typesetting sets (pieces and spec).
fn recorded_paragraphs(doc: &crate::model::Document) -> Vec<(Vec<Piece>, ParaSpec)> {
    let opts = crate::typeset::TypesetOptions {
        paper: crate::config::Paper::Letter,
        hyphenate: true,
        chapter_break: crate::config::ChapterBreak::Recto,
        sides: crate::config::Sides::Two,
        imprint: None,
        hyphenation_exceptions: Default::default(),
    };
    let st = store();
    let (_, v) = crate::typeset::text::record_paragraphs(|| {
        crate::typeset::typeset(doc, &crate::theme::Theme::default(), &st, &opts)
    });
    v.into_iter()
        .filter(|(_, s)| s.align == ParaAlign::Justify)
        .collect()
}

fn doc_of(dir: &str) -> crate::model::Document {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let ms = crate::manuscript::load(&root).expect("manuscript loads");
    crate::parse::parse(&ms).0
}

/// The loose lines of the guide, the fixture and the long book, with their paragraphs:
/// `cargo test --release --lib explain_loose -- --ignored --nocapture`.
#[test]
#[ignore]
fn explain_loose() {
    let docs = [
        ("guide", doc_of("manuscript")),
        ("fixture", doc_of("tests/fixtures/commonmark-gfm")),
        ("long book", crate::testing::sample::long_book(36, 2700)),
    ];
    let s = store();
    for (name, doc) in &docs {
        let paras = recorded_paragraphs(doc);
        let mut stats = Stats::default();
        for (pieces, sp) in &paras {
            let r = set_paragraph_traced(&s, pieces, sp, &Tuning::default());
            stats.add_traced(&r, sp);
            let (res, pass) = r;
            let n = res.lines.len();
            if res.lines[..n.saturating_sub(1)]
                .iter()
                .any(|l| l.max_space_em >= 0.5)
                || pieces.iter().any(|p| p.text.contains("autolink"))
            {
                eprintln!(
                    "--- {name}: pass {pass}, width {} em {} pieces {}",
                    sp.width,
                    sp.em,
                    pieces.len()
                );
                for l in &res.lines {
                    eprintln!(
                        "{:.3} {:+.4} {:7.2} {}",
                        l.max_space_em, l.letter_space_em, l.width, l.text
                    );
                }
            }
        }
        eprintln!("{}", stats.report(name));
    }
}

/// The text of items `a..b` of a built paragraph (`|` marks in-word breaks, `_` spaces).
fn items_text(
    built: &crate::typeset::text::builder::Built,
    pieces: &[Piece],
    a: usize,
    b: usize,
) -> String {
    use crate::typeset::text::builder::Content;
    let mut s = String::new();
    for i in a..b.min(built.items.len()) {
        match &built.content[i] {
            Content::Glyphs(r) => {
                for g in r.clone() {
                    let g = &built.glyphs[g];
                    s.push_str(&pieces[g.piece as usize].text[g.start as usize..g.end as usize]);
                }
            }
            Content::Space(_) => s.push(' '),
            Content::WordBreak { .. } => s.push('|'),
            Content::Nothing => {}
        }
    }
    s
}

/// Where the first pass fails on the long book's paragraphs:
/// `cargo test --release --lib explain_dead_ends -- --ignored --nocapture`.
#[test]
#[ignore]
fn explain_dead_ends() {
    use crate::typeset::text::items::build;
    use crate::typeset::text::linebreak::total_fit;
    use crate::typeset::text::passes::params_for;
    let s = store();
    let t = Tuning::default();
    let doc = crate::testing::sample::long_book(36, 2700);
    let mut shown = 0;
    for (pieces, sp) in recorded_paragraphs(&doc) {
        let built = build(&s, &pieces, &sp, &t, true);
        let mut p = params_for(&sp, &t);
        p.tolerance = std::env::var("TOL").map_or(t.passes[0], |v| v.parse().unwrap());
        p.space_limit = t.passes[0];
        if p.tolerance > t.passes[0] {
            let env = |k: &str, d: f32| std::env::var(k).map_or(d, |v| v.parse().unwrap());
            p.track_stretch = env("TS", t.track_stretch);
            p.track_shrink = env("TSH", t.track_shrink);
            p.max_hyphen_run = env("RUN", 2.0) as u8;
        }
        if let Err(i) = total_fit(&built.items, &p) {
            shown += 1;
            if shown > 25 {
                continue;
            }
            let from = i.saturating_sub(60);
            eprintln!(
                "dead end at {i}/{}: …{} ⟂ {}…",
                built.items.len(),
                items_text(&built, &pieces, from, i),
                items_text(&built, &pieces, i, i + 20)
            );
        }
    }
    eprintln!("{shown} paragraphs fail the first pass");
}

/// The fixture's link paragraph, item by item:
/// `cargo test --release --lib explain_fixture -- --ignored --nocapture`.
#[test]
#[ignore]
fn explain_fixture() {
    use crate::typeset::text::items::build;
    use crate::typeset::text::linebreak::total_fit;
    use crate::typeset::text::passes::params_for;
    let s = store();
    let t = Tuning::default();
    let doc = doc_of("tests/fixtures/commonmark-gfm");
    for (pieces, sp) in recorded_paragraphs(&doc) {
        if !pieces.iter().any(|p| p.text.contains("autolink")) {
            continue;
        }
        for p in &pieces {
            eprintln!("piece {:?} keep {} {:?}", p.text, p.keep_together, p.role);
        }
        let built = build(&s, &pieces, &sp, &t, true);
        for (i, it) in built.items.iter().enumerate() {
            eprintln!(
                "{i:3} {:7.2} {:?} {:?}",
                it.width,
                it.kind,
                items_text(&built, &pieces, i, i + 1)
            );
        }
        let mut p = params_for(&sp, &t);
        for tol in t.passes {
            p.tolerance = tol;
            eprintln!("tol {tol}: {:?}", total_fit(&built.items, &p));
        }
    }
}
