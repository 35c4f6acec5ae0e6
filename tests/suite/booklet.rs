//! The booklet edition (`--for booklet`) on the real binary: the guide's pages, half the
//! sheet, two-up on landscape sheets in saddle-stitch order and padded to a multiple of 4 at
//! the end; the inner sheets shifted toward the fold by the paper's thickness; fold marks
//! that `[pdf.booklet] marks = false` takes away; no links, bookmarks or page labels; the
//! default name ending in `-booklet.pdf`; a sheet with no booklet page refused.

use crate::common::*;
use lopdf::{Document, Object};
use std::fs;
use std::path::Path;

/// Per sheet side, in order: the page numbers (1-based) of its two halves as the form
/// XObjects it draws are named, and the x offset each is drawn at.
fn sides(pdf: &Document) -> Vec<Vec<(usize, f32)>> {
    pdf.get_pages()
        .values()
        .map(|&p| {
            let content = String::from_utf8(pdf.get_page_content(p)).unwrap();
            content
                .lines()
                .filter_map(|l| {
                    let (head, name) = l.split_once(" cm /P")?;
                    let page: usize = name.split_whitespace().next()?.parse().ok()?;
                    let dx: f32 = head.split_whitespace().rev().nth(1)?.parse().ok()?;
                    // from the fold, at the sheet's centre
                    let dx = dx - media_box(pdf, p)[2] / 2.0;
                    Some((page, dx))
                })
                .collect()
        })
        .collect()
}

fn media_box(pdf: &Document, page: lopdf::ObjectId) -> Vec<f32> {
    let d = pdf.get_dictionary(page).unwrap();
    let b = d.get(b"MediaBox").unwrap().as_array().unwrap();
    b.iter().map(|o| o.as_float().unwrap()).collect()
}

/// Runs `guidebuild CMD DIR ARGS… -o OUT`, `args` split at spaces.
fn run_cmd(cmd: &str, dir: &Path, args: &str, out: &Path) -> Out {
    let mut all = vec![cmd, dir.to_str().unwrap()];
    all.extend(args.split_whitespace());
    all.extend(["-o", out.to_str().unwrap()]);
    run(&all)
}

fn booklet(args: &str, out: &Path) -> (Out, Document) {
    let args = format!("--for booklet {args}");
    let o = run_cmd("pdf", Path::new("manuscript"), &args, out);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let pdf = Document::load(out).unwrap();
    (o, pdf)
}

#[test]
fn the_guide_folds_into_a_booklet() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b.pdf");
    let (o, pdf) = booklet("", &out);
    assert!(
        o.stderr.contains("flipping on the short edge"),
        "{}",
        o.stderr
    );
    let sides = sides(&pdf);
    // every page of the book once, on a side of a sheet, padded to a multiple of 4
    let mut shown: Vec<usize> = sides.iter().flatten().map(|&(p, _)| p).collect();
    shown.sort_unstable();
    let n = shown.len();
    assert_eq!(shown, (1..=n).collect::<Vec<_>>());
    let total = sides.len() * 2;
    assert!(
        total.is_multiple_of(4) && total >= n && total - n < 4,
        "{n} pages on {total}"
    );
    assert!(n >= 8, "{n}");
    // sheet 1: the last page and page 1 on its front, pages 2 and N − 1 on its back; the
    // halves of every side add up to N + 1 (blanks, past n, are not drawn)
    assert_eq!(sides[0].last().unwrap().0, 1);
    assert_eq!(sides[1][0].0, 2);
    for side in &sides {
        if let [(a, _), (b, _)] = side[..] {
            assert_eq!(a + b, total + 1);
        }
    }
    // every sheet is Letter, landscape: two 5.5 × 8.5 in pages
    for &p in pdf.get_pages().values() {
        assert_eq!(media_box(&pdf, p), [0.0, 0.0, 792.0, 612.0]);
    }
    // creep: sheet s's halves are shifted s × 0.1 mm toward the fold
    let t = 0.1 * 72.0 / 25.4;
    for (k, side) in sides.iter().enumerate() {
        let c = (k / 2) as f32 * t;
        for &(page, dx) in side {
            let left = dx < -396.0 / 2.0;
            let want = if left { c - 396.0 } else { -c };
            assert!(
                (dx - want).abs() < 0.002,
                "side {k}, page {page}: {dx} vs {want}"
            );
        }
    }
    // no links, bookmarks or page labels: a booklet is for paper
    let catalog = pdf.catalog().unwrap();
    assert!(catalog.get(b"Outlines").is_err() && catalog.get(b"PageLabels").is_err());
    for (_, obj) in pdf.objects.iter() {
        if let Object::Dictionary(d) = obj {
            assert!(d.get(b"Annots").is_err());
            assert!(d.get(b"Subtype").ok().and_then(|s| s.as_name().ok()) != Some(b"Link"));
        }
    }
    // not the same file as the one-page-per-sheet PDF
    let home = dir.path().join("home.pdf");
    assert_eq!(run_cmd("pdf", Path::new("manuscript"), "", &home).code, 0);
    let id = |d: &Document| d.trailer.get(b"ID").unwrap().as_array().unwrap()[0].clone();
    assert_ne!(id(&pdf), id(&Document::load(&home).unwrap()));
    // the same manuscript gives the same bytes
    let again = dir.path().join("again.pdf");
    booklet("", &again);
    assert_eq!(fs::read(&out).unwrap(), fs::read(&again).unwrap());
}

#[test]
fn a4_sheets_take_a5_pages_and_the_paper_sets_the_creep() {
    let dir = tempfile::tempdir().unwrap();
    let ms = dir.path().join("manuscript");
    copy_dir(Path::new("manuscript"), &ms);
    let toml = fs::read_to_string(ms.join("guide.toml")).unwrap();
    fs::write(
        ms.join("guide.toml"),
        format!("{toml}\n[pdf.booklet]\npaper_mm = 0.3\nmarks = false\n"),
    )
    .unwrap();
    let out = dir.path().join("a4.pdf");
    let o = run_cmd("pdf", &ms, "--for booklet --paper a4", &out);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let pdf = Document::load(&out).unwrap();
    for &p in pdf.get_pages().values() {
        let b = media_box(&pdf, p);
        assert!(
            (b[2] - 841.89).abs() < 0.01 && (b[3] - 595.276).abs() < 0.01,
            "{b:?}"
        );
        // no fold marks: nothing is stroked
        let content = String::from_utf8(pdf.get_page_content(p)).unwrap();
        assert!(!content.contains(" S"), "{content}");
    }
    let sides = sides(&pdf);
    // sheet 2's pages (A5) shifted 0.3 mm toward the fold
    let c = 0.3 * 72.0 / 25.4;
    for &(page, dx) in &sides[2] {
        let want = if dx < 0.0 - 419.528 / 2.0 {
            c - 419.528
        } else {
            -c
        };
        assert!((dx - want).abs() < 0.002, "page {page}: {dx} vs {want}");
    }
}

#[test]
fn the_booklet_has_its_own_name_and_needs_a_letter_or_a4_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("both");
    let manuscript = Path::new("manuscript");
    let o = run_cmd("build", manuscript, "--for booklet", &out);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let mut names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(
        names[0].ends_with("-booklet.pdf") && names[1].ends_with(".epub"),
        "{names:?}"
    );
    let file = dir.path().join("x.pdf");
    let o = run_cmd("pdf", manuscript, "--for booklet --paper a5", &file);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.contains("GB008") && o.stderr.contains("not a5"),
        "{}",
        o.stderr
    );
    assert!(!file.exists());
    let o = run_cmd("pdf", manuscript, "--for leaflet", &file);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("use home, booklet, kdp or ingramspark"),
        "{}",
        o.stderr
    );
}
