//! The PDF through outside checkers, on the bundled guide and the fixtures: qpdf --check, pdffonts
//! (every font embedded and subset), mutool and Ghostscript render every page, pdftotext gives back
//! every manuscript word in order, and the outline has one entry per heading down to level 2.
//!
//! The checkers come from Debian packages (`scripts/install-validators.sh`). When one is missing the
//! test fails under CI (`CI=true`) and is skipped with a loud message elsewhere.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

const BOOKS: &[&str] = &[
    "manuscript",
    "tests/fixtures/commonmark-gfm",
    "tests/fixtures/no-toml",
    "tests/fixtures/single-file.md",
];

/// Builds each book's PDF; returns (book, pdf path, characters the build said no font can draw).
fn build_pdfs_with_uncovered(dir: &Path) -> Vec<(String, PathBuf, Vec<char>)> {
    BOOKS
        .iter()
        .map(|b| {
            let out = dir.join(format!("{}.pdf", b.replace(['/', '.'], "_")));
            let o = run(&["pdf", b, "-o", out.to_str().unwrap()]);
            assert_eq!(o.code, 0, "{b}: {}", o.stderr);
            let uncovered = o
                .stderr
                .split("(U+")
                .skip(1)
                .filter_map(|s| u32::from_str_radix(s.split(')').next()?, 16).ok())
                .filter_map(char::from_u32)
                .collect();
            (b.to_string(), out, uncovered)
        })
        .collect()
}

fn build_pdfs(dir: &Path) -> Vec<(String, PathBuf)> {
    build_pdfs_with_uncovered(dir)
        .into_iter()
        .map(|(b, p, _)| (b, p))
        .collect()
}

fn tool(cmd: &str, args: &[&str]) -> (i32, String, String) {
    let o = Command::new(cmd).args(args).output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn qpdf_pdffonts_mutool_and_ghostscript_accept_every_pdf() {
    if !["qpdf", "pdffonts", "mutool", "gs"]
        .iter()
        .all(|t| tool_available(t))
    {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (book, pdf) in build_pdfs(dir.path()) {
        let p = pdf.to_str().unwrap();
        let (code, out, err) = tool("qpdf", &["--check", p]);
        assert_eq!(code, 0, "{book}: qpdf --check:\n{out}{err}");

        let (_, out, err) = tool("pdffonts", &[p]);
        assert!(err.trim().is_empty(), "{book}: pdffonts stderr: {err}");
        let rows: Vec<&str> = out.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{book}: no fonts");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type [encoding…] emb sub uni object ID
            let n = cols.len();
            assert_eq!(
                (cols[n - 5], cols[n - 4]),
                ("yes", "yes"),
                "{book}: font not embedded+subset: {row}"
            );
        }

        let (code, _, err) = tool("mutool", &["draw", "-q", "-o", "/dev/null", p]);
        let err: Vec<&str> = err
            .lines()
            .filter(|l| !l.contains("ICC support is not available"))
            .collect();
        assert!(code == 0 && err.is_empty(), "{book}: mutool draw: {err:?}");

        let (code, out, err) = tool(
            "gs",
            &[
                "-dNOPAUSE",
                "-dBATCH",
                "-dSAFER",
                "-sDEVICE=nullpage",
                "-dPDFSTOPONERROR",
                p,
            ],
        );
        let all = format!("{out}{err}").to_lowercase();
        assert!(
            code == 0 && !all.contains("error") && !all.contains("repaired"),
            "{book}: ghostscript:\n{out}{err}"
        );
    }
}

#[test]
fn pdftotext_returns_every_manuscript_word_in_order() {
    if !tool_available("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (book, pdf, uncovered) in build_pdfs_with_uncovered(dir.path()) {
        let (code, text, err) = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
        assert_eq!(code, 0, "{book}: {err}");
        // A hyphen the engine added at a line end is a soft hyphen (U+00AD): join the word again.
        let joined = text.replace("\u{ad}\n", "").replace('\u{ad}', "");
        let have = words(&joined);
        // Characters no font covers were reported as warnings and left out: drop them from the
        // words we look for (the rest of each word must still be there).
        let prose: String = manuscript_prose(Path::new(&book))
            .chars()
            .filter(|c| !uncovered.contains(c))
            .collect();
        let want = words(&prose);
        assert_subsequence(&want, &have, &book);
    }
}

#[test]
fn an_inline_image_reads_as_its_alt_text_within_its_line() {
    if !tool_available("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("c.pdf");
    let o = run(&[
        "pdf",
        "tests/fixtures/commonmark-gfm",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    // the invisible stand-in under the image is as wide as the image: no gap that would
    // split the sentence into two lines in pdftotext's default (reading order) mode
    let (code, text, err) = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        text.lines()
            .any(|l| l.contains("An inline image small sprout sits in the middle")),
        "{text}"
    );
}

/// Titles of the outline entries with their depth, read with lopdf.
fn outline(pdf: &Path) -> Vec<(usize, String)> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    let root = catalog
        .get(b"Outlines")
        .and_then(|o| o.as_reference())
        .expect("an /Outlines entry");
    let mut out = Vec::new();
    fn walk(
        doc: &lopdf::Document,
        node: lopdf::ObjectId,
        depth: usize,
        out: &mut Vec<(usize, String)>,
    ) {
        let mut cur = doc
            .get_dictionary(node)
            .unwrap()
            .get(b"First")
            .and_then(|f| f.as_reference())
            .ok();
        while let Some(id) = cur {
            let d = doc.get_dictionary(id).unwrap();
            let title = d
                .get(b"Title")
                .ok()
                .and_then(|t| lopdf::decode_text_string(t).ok())
                .unwrap_or_default();
            out.push((depth, title));
            walk(doc, id, depth + 1, out);
            cur = d.get(b"Next").and_then(|n| n.as_reference()).ok();
        }
    }
    walk(&doc, root, 0, &mut out);
    out
}

#[test]
fn the_outline_has_one_entry_per_heading_down_to_level_2_nested() {
    let dir = tempfile::tempdir().unwrap();
    let pdfs = build_pdfs(dir.path());
    // The guide: twelve chapters, no second-level headings.
    let guide = outline(&pdfs[0].1);
    assert_eq!(guide.len(), 12, "{guide:?}");
    assert!(guide.iter().all(|(d, _)| *d == 0));
    assert!(
        guide[1].1.starts_with("1. Acknowledge the Hurt"),
        "{guide:?}"
    );
    // The fixture: level-2 headings are nested under their chapter, level 3+ are not listed.
    let fx = outline(&pdfs[1].1);
    let md: String = std::fs::read_dir("tests/fixtures/commonmark-gfm")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let h1 = md.lines().filter(|l| l.starts_with("# ")).count();
    let h2 = md.lines().filter(|l| l.starts_with("## ")).count();
    assert_eq!(fx.iter().filter(|(d, _)| *d == 0).count(), h1, "{fx:?}");
    assert_eq!(fx.iter().filter(|(d, _)| *d == 1).count(), h2, "{fx:?}");
    assert!(fx.iter().all(|(d, _)| *d <= 1), "{fx:?}");
}
