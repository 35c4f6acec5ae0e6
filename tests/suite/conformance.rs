//! The test inputs themselves, and the long book through the outside PDF checkers.
//!
//! - The every-construct fixture really holds every construct it claims to (so the EPUB and PDF
//!   tests that use it keep covering them), read through the library's own loader and parser.
//! - The benchmark's book generator (`benches/build/genbook.rs`) is deterministic and writes
//!   exactly the words asked for.
//! - A generated 60,000-word book builds to a PDF of 200+ pages that qpdf, pdffonts (every font
//!   embedded and subset) and mutool accept.
//!
//! The checkers and python3 come from `scripts/install-validators.sh` and the machine. When one is
//! missing the test fails under CI (`CI=true`) and is skipped with a loud message elsewhere.

use guidebuild::model::{
    Block, BlockKind, Document, Inline, InlineKind, LinkTarget, ListKind, SayingKind,
};

use crate::common::tool_available;
use std::path::{Path, PathBuf};
use std::process::Command;

fn tool(cmd: &str, args: &[&str]) -> (i32, String, String) {
    let o = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd}: {e}"));
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[path = "../../benches/build/genbook.rs"]
mod genbook_rs;

/// Writes the benchmark's generated book of `words` words into `dir`.
pub(crate) fn genbook(dir: &Path, words: usize) {
    genbook_rs::write_book(dir, &genbook_rs::BookSpec::new(words)).expect("genbook writes");
}

fn md_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    v.sort();
    v
}

// ---- The every-construct fixture ---------------------------------------------------------

#[derive(Default, Debug)]
struct Seen {
    heading_levels: Vec<u8>,
    list_depth: usize,
    mixed_nesting: bool,
    ordered_starts: Vec<u64>,
    task_open: bool,
    task_done: bool,
    check: bool,
    avoid: bool,
    sayings: Vec<(SayingKind, usize)>,
    table_aligns: usize,
    fenced_lang: bool,
    code_no_lang: bool,
    figure: bool,
    inline_image: bool,
    internal_link: bool,
    external_link: bool,
    footnote_refs: usize,
    quote: bool,
    thematic: bool,
    hard_breaks: usize,
    strike: bool,
    emph: bool,
    strong: bool,
    code: bool,
    text: String,
}

fn walk_blocks(blocks: &[Block], depth: usize, parent: Option<ListKind>, s: &mut Seen) {
    for b in blocks {
        match &b.kind {
            BlockKind::Heading { level, content, .. } => {
                s.heading_levels.push(*level);
                walk_inlines(content, s);
            }
            BlockKind::Paragraph(c) => walk_inlines(c, s),
            BlockKind::Figure { caption, .. } => {
                s.figure = true;
                walk_inlines(caption, s);
            }
            BlockKind::List(l) => {
                let d = depth + 1;
                s.list_depth = s.list_depth.max(d);
                if let (Some(p), k) = (parent, l.kind) {
                    let ordered = |k: ListKind| matches!(k, ListKind::Ordered { .. });
                    if ordered(p) != ordered(k) {
                        s.mixed_nesting = true;
                    }
                }
                match l.kind {
                    ListKind::Ordered { start } => s.ordered_starts.push(start),
                    ListKind::Check => s.check = true,
                    ListKind::Avoid => s.avoid = true,
                    ListKind::Task => {
                        for it in &l.items {
                            match it.checked {
                                Some(true) => s.task_done = true,
                                Some(false) => s.task_open = true,
                                None => {}
                            }
                        }
                    }
                    ListKind::Bullet => {}
                }
                if let Some(lead) = &l.lead {
                    walk_inlines(&lead.content, s);
                }
                for it in &l.items {
                    walk_blocks(&it.blocks, d, Some(l.kind), s);
                }
            }
            BlockKind::Sayings(sy) => {
                s.sayings.push((sy.kind, sy.items.len()));
                for it in &sy.items {
                    walk_inlines(&it.content, s);
                }
            }
            BlockKind::BlockQuote(inner) => {
                s.quote = true;
                walk_blocks(inner, depth, parent, s);
            }
            BlockKind::CodeBlock { lang, .. } => match lang {
                Some(l) if !l.is_empty() => s.fenced_lang = true,
                _ => s.code_no_lang = true,
            },
            BlockKind::Table(t) => {
                let mut a: Vec<String> = t.align.iter().map(|x| format!("{x:?}")).collect();
                a.sort();
                a.dedup();
                s.table_aligns = s.table_aligns.max(a.len());
            }
            BlockKind::ThematicBreak => s.thematic = true,
        }
    }
}

fn walk_inlines(inlines: &[Inline], s: &mut Seen) {
    for i in inlines {
        match &i.kind {
            InlineKind::Text(t) => {
                s.text.push_str(t);
                s.text.push(' ');
            }
            InlineKind::Emph(c) => {
                s.emph = true;
                walk_inlines(c, s)
            }
            InlineKind::Strong(c) => {
                s.strong = true;
                walk_inlines(c, s)
            }
            InlineKind::Strike(c) => {
                s.strike = true;
                walk_inlines(c, s)
            }
            InlineKind::Code(_) => s.code = true,
            InlineKind::Link {
                target, content, ..
            } => {
                match target {
                    LinkTarget::Internal { chapter, .. } => {
                        assert!(
                            chapter.is_some(),
                            "an internal link in the fixture does not resolve"
                        );
                        s.internal_link = true;
                    }
                    LinkTarget::External(u) => {
                        assert!(!u.starts_with("javascript:"), "javascript: link kept");
                        s.external_link = true;
                    }
                }
                walk_inlines(content, s)
            }
            InlineKind::Image(_) => s.inline_image = true,
            InlineKind::FootnoteRef { .. } => s.footnote_refs += 1,
            InlineKind::HardBreak => s.hard_breaks += 1,
            InlineKind::SoftBreak => {}
            InlineKind::Blank(_) => s.text.push_str("____ "),
        }
    }
}

fn load(dir: &str) -> Document {
    let ms = guidebuild::manuscript::load(Path::new(dir)).expect("fixture loads");
    let (mut doc, mut diags) = guidebuild::parse::document(&ms).into_parts();
    diags.extend(guidebuild::manuscript::load_assets(&mut doc, &ms));
    let errors: Vec<_> = diags
        .iter()
        .filter(|d| d.severity == guidebuild::diag::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{dir}: {errors:?}");
    doc
}

#[test]
fn the_every_construct_fixture_holds_every_construct() {
    let doc = load("tests/fixtures/commonmark-gfm");
    assert!(doc.meta.cover.is_some(), "cover image from guide.toml");
    assert_eq!(doc.chapters.len(), 3);
    let mut s = Seen::default();
    for ch in &doc.chapters {
        walk_blocks(&ch.blocks, 0, None, &mut s);
        for f in &ch.footnotes {
            walk_blocks(&f.blocks, 0, None, &mut s);
        }
    }
    let mut levels = s.heading_levels.clone();
    levels.sort();
    levels.dedup();
    assert_eq!(levels, vec![2, 3, 4, 5, 6], "h1 is the chapter title");
    assert!(s.list_depth >= 3, "three levels of nesting");
    assert!(
        s.mixed_nesting,
        "bullet and ordered lists nested in each other"
    );
    assert!(s.ordered_starts.contains(&7), "{:?}", s.ordered_starts);
    assert!(s.task_open && s.task_done, "task list with [ ] and [x]");
    assert!(s.check && s.avoid, "check and avoid lists");
    let kinds = |k: SayingKind| s.sayings.iter().filter(|(x, _)| *x == k).count();
    assert!(
        kinds(SayingKind::Avoid) >= 2 && kinds(SayingKind::Try) >= 2,
        "{:?}",
        s.sayings
    );
    assert!(
        s.sayings.iter().any(|(_, n)| *n >= 2),
        "a list of quotes as sayings"
    );
    assert_eq!(s.table_aligns, 4, "left, center, right and default");
    assert!(s.fenced_lang && s.code_no_lang, "fenced and indented code");
    assert!(s.figure && s.inline_image, "figure and inline image");
    assert!(s.internal_link && s.external_link);
    assert!(s.footnote_refs >= 3, "footnote references");
    let fnote = doc
        .chapters
        .iter()
        .flat_map(|c| &c.footnotes)
        .map(|f| f.blocks.len())
        .max();
    assert_eq!(fnote, Some(2), "a footnote with two paragraphs");
    assert!(s.quote && s.thematic);
    assert!(s.hard_breaks >= 2, "backslash and two-space hard breaks");
    assert!(s.strike && s.emph && s.strong && s.code);
    for needle in [
        "\u{201c}double quotes\u{201d}",
        "\u{2013}",
        "\u{2014}",
        "\u{2026}",
        "Καλημέρα",
        "Привет",
        "Tie\u{302}\u{301}ng",
        "你好",
        "🌱",
    ] {
        assert!(s.text.contains(needle), "{needle:?} missing from the text");
    }
    assert!(
        !s.text.contains("alert(1)"),
        "script text reached the model"
    );
}

#[test]
fn the_other_fixture_manuscripts_load() {
    let d = load("tests/fixtures/no-toml");
    assert_eq!(d.meta.title, "A Folder Without a guide.toml");
    assert_eq!(d.meta.lang, "en-GB");
    assert_eq!(d.chapters.len(), 3);
    let d = load("tests/fixtures/single-file.md");
    assert_eq!(d.meta.authors, vec!["Ana Lima", "Ben Okafor"]);
    assert_eq!(d.chapters.len(), 3, "one chapter per # heading");
}

#[test]
fn the_latin1_byte_is_on_line_3() {
    let bytes = std::fs::read("tests/fixtures/bad/non-utf8/01-chapter.md").unwrap();
    let err = std::str::from_utf8(&bytes).unwrap_err();
    let line = bytes[..err.valid_up_to()]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1;
    assert_eq!(line, 3);
    assert_eq!(bytes[err.valid_up_to()], 0xe9);
}

// ---- The generated book ------------------------------------------------------------------

fn words_in(dir: &Path) -> usize {
    md_files(dir)
        .iter()
        .flat_map(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|t| {
            let syntax = t.chars().all(|c| c == '#')
                || t == "-"
                || t == ">"
                || (t.starts_with("[^") && t.ends_with("]:"))
                || ["✔", "❌", "✘", "✗"].contains(&t.as_str())
                || (t.ends_with('.') && t[..t.len() - 1].chars().all(|c| c.is_ascii_digit()));
            !syntax
        })
        .count()
}

#[test]
fn genbook_is_deterministic_and_exact() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    genbook(a.path(), 15_000);
    genbook(b.path(), 15_000);
    let fa = md_files(a.path());
    assert_eq!(fa.len(), 20);
    for f in &fa {
        let g = b.path().join(f.file_name().unwrap());
        assert_eq!(std::fs::read(f).unwrap(), std::fs::read(g).unwrap());
    }
    assert_eq!(words_in(a.path()), 15_000);
}

#[test]
fn a_60000_word_book_makes_200_plus_valid_pages() {
    if !["qpdf", "pdffonts", "pdfinfo", "mutool"]
        .iter()
        .all(|t| tool_available(t))
    {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    genbook(&book, 60_000);
    assert_eq!(words_in(&book), 60_000);
    let pdf = dir.path().join("book.pdf");
    let o = Command::new(env!("CARGO_BIN_EXE_guidebuild"))
        .args(["pdf", book.to_str().unwrap(), "-o", pdf.to_str().unwrap()])
        .args(["--color", "never"])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let p = pdf.to_str().unwrap();

    let (_, info, _) = tool("pdfinfo", &[p]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo reports pages");
    assert!(pages >= 200, "{pages} pages");

    let (code, out, err) = tool("qpdf", &["--check", p]);
    assert_eq!(code, 0, "qpdf --check:\n{out}{err}");

    let (_, out, err) = tool("pdffonts", &[p]);
    assert!(err.trim().is_empty(), "pdffonts: {err}");
    let rows: Vec<&str> = out.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts");
    for row in rows {
        let c: Vec<&str> = row.split_whitespace().collect();
        let n = c.len();
        assert_eq!((c[n - 5], c[n - 4]), ("yes", "yes"), "not emb+sub: {row}");
    }

    let (code, _, err) = tool("mutool", &["draw", "-q", "-o", "/dev/null", p]);
    let err: Vec<&str> = err
        .lines()
        .filter(|l| !l.contains("ICC support is not available"))
        .collect();
    assert!(code == 0 && err.is_empty(), "mutool draw: {err:?}");
}
