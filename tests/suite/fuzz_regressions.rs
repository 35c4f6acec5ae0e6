//! Replays the fuzz targets' inputs on stable: the minimised corpus (`fuzz/corpus/<target>/`)
//! and every crash the fuzzers found (`tests/fuzz-regressions/<target>/`), each through the very
//! body the fuzz binary runs (`fuzz/harness.rs`). The assertion is the fuzzers' own: no panic,
//! and every output made passes the harness's checks (a PDF lopdf reads, an EPUB of the
//! container's shape with well-formed XML).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use crate::harness;

/// The inputs of one target, sorted by path.
fn inputs(target: &str) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for root in ["fuzz/corpus", "tests/fuzz-regressions"] {
        let Ok(dir) = std::fs::read_dir(Path::new(root).join(target)) else {
            continue;
        };
        files.extend(dir.map(|e| e.unwrap().path()).filter(|p| p.is_file()));
    }
    files.sort();
    files
}

/// Runs every input of `target`; the failures are listed together, each by its file.
fn replay(target: &str) -> usize {
    let files = inputs(target);
    let mut failed = Vec::new();
    for file in &files {
        let data = std::fs::read(file).unwrap();
        if catch_unwind(AssertUnwindSafe(|| harness::run(target, &data))).is_err() {
            failed.push(file.display().to_string());
        }
    }
    assert!(
        failed.is_empty(),
        "{target}: these inputs fail: {failed:#?}"
    );
    files.len()
}

#[test]
fn every_target_has_committed_inputs() {
    for target in harness::TARGETS {
        assert!(
            !inputs(target).is_empty(),
            "no corpus or regression for {target}"
        );
    }
}

#[test]
fn parse_markdown_inputs_replay() {
    replay("parse_markdown");
}

#[test]
fn build_book_inputs_replay() {
    replay("build_book");
}

#[test]
fn config_inputs_replay() {
    replay("config");
}

#[test]
fn image_inputs_replay() {
    replay("image");
}

#[test]
fn font_inputs_replay() {
    replay("font");
}

#[test]
fn the_harness_rejects_what_is_broken() {
    // The checks can fail: a truncated PDF, an EPUB without its mimetype first, bad XML.
    let broken_pdf = catch_unwind(|| harness::assert_valid_pdf(b"%PDF-1.7\n1 0 obj\n"));
    assert!(broken_pdf.is_err());
    assert!(harness::well_formed("<a><b></a></b>").is_err());
    assert!(harness::well_formed("<a x='1' x='2'/>").is_err());
    assert!(harness::well_formed("<a>&nbsp;</a>").is_err());
    assert!(harness::well_formed("<a/><b/>").is_err());
    assert!(harness::well_formed(
        "<?xml version='1.0'?><!DOCTYPE html><a>x &amp; y<![CDATA[<]]></a>"
    )
    .is_ok());
}
