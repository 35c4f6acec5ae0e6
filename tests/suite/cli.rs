//! The real binary on the bundled guide and the fixtures: exit codes, one-line errors that name
//! the file, atomic outputs, byte-identical rebuilds, and every manuscript word reaching the EPUB.

use crate::common::*;
use std::fs;
use std::path::Path;

#[test]
fn help_on_every_subcommand_has_an_example() {
    for sub in ["epub", "pdf", "build", "check"] {
        let o = run(&[sub, "--help"]);
        assert_eq!(o.code, 0, "{sub} --help");
        assert!(
            o.stdout.contains("Example"),
            "{sub} --help lacks an example:\n{}",
            o.stdout
        );
    }
}

#[test]
fn missing_dir_is_a_usage_error() {
    let o = run(&["epub", "no/such/manuscript"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("no/such/manuscript"), "{}", o.stderr);
    assert!(!o.stderr.contains("panicked"));
}

/// Each bad input: exit 2, a message naming the file, no panic, and nothing written.
#[test]
fn bad_inputs_get_one_clear_error_and_exit_2() {
    let cases: &[(&str, &[&str])] = &[
        ("missing-image", &["does not exist", ".md:"]),
        ("escaping-image", &["outside the manuscript folder", ".md:"]),
        ("non-utf8", &["not valid UTF-8", "chapter.md:3:"]),
        (
            "unknown-key",
            &["subtitel", "did you mean `subtitle`", "guide.toml:"],
        ),
        ("bad-value", &["date", "guide.toml:"]),
        ("empty", &["no Markdown chapters"]),
    ];
    for (name, wants) in cases {
        let dir = Path::new("tests/fixtures/bad").join(name);
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join("x.epub");
        let o = run(&[
            "epub",
            dir.to_str().unwrap(),
            "-o",
            target.to_str().unwrap(),
            "--color",
            "never",
        ]);
        assert_eq!(o.code, 2, "{name}: {}", o.stderr);
        for w in *wants {
            assert!(
                o.stderr.contains(w),
                "{name}: expected {w:?} in:\n{}",
                o.stderr
            );
        }
        assert!(!o.stderr.contains("panicked"), "{name}");
        assert!(!target.exists(), "{name}: an output was written");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_good_file() {
    let work = tempfile::tempdir().unwrap();
    let ms = work.path().join("ms");
    copy_dir(Path::new("tests/fixtures/no-toml"), &ms);
    let target = work.path().join("book.epub");
    let o = run(&["epub", ms.to_str().unwrap(), "-o", target.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let good = fs::read(&target).unwrap();
    // Break the manuscript: an image that does not exist.
    let first = first_md(&ms);
    let mut text = fs::read_to_string(&first).unwrap();
    text.push_str("\n\n![gone](missing.png)\n");
    fs::write(&first, text).unwrap();
    let o = run(&["epub", ms.to_str().unwrap(), "-o", target.to_str().unwrap()]);
    assert_ne!(o.code, 0);
    assert_eq!(
        fs::read(&target).unwrap(),
        good,
        "the previous good EPUB was changed"
    );
    let leftovers: Vec<_> = fs::read_dir(work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        2,
        "temporary files left behind: {leftovers:?}"
    );
}

#[test]
fn the_manuscript_is_never_modified_by_a_build() {
    let before = snapshot(Path::new("manuscript"));
    let out = tempfile::tempdir().unwrap();
    let o = run(&["build", "manuscript", "-o", out.path().to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(before, snapshot(Path::new("manuscript")));
}

#[test]
fn build_prints_one_status_line_per_output_and_uses_the_title_slug() {
    let out = tempfile::tempdir().unwrap();
    let o = run(&["build", "manuscript", "-o", out.path().to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let lines: Vec<&str> = o.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", o.stdout);
    for (line, ext) in lines.iter().zip(["pdf", "epub"]) {
        assert!(
            line.contains(&format!("how-to-repair-trust-after-a-broken-promise.{ext}")),
            "{line}"
        );
        assert!(line.contains(" KB") && line.contains(" ms"), "{line}");
    }
}

#[test]
fn rebuilds_are_byte_identical() {
    for (cmd, ext) in [("epub", "epub"), ("pdf", "pdf")] {
        let out = tempfile::tempdir().unwrap();
        let a = out.path().join(format!("a.{ext}"));
        let b = out.path().join(format!("b.{ext}"));
        for t in [&a, &b] {
            let o = run(&[cmd, "manuscript", "-o", t.to_str().unwrap()]);
            assert_eq!(o.code, 0, "{}", o.stderr);
        }
        assert!(
            fs::read(&a).unwrap() == fs::read(&b).unwrap(),
            "{cmd}: two builds differ"
        );
    }
}

#[test]
fn single_file_and_folder_without_toml_build() {
    for input in ["tests/fixtures/single-file.md", "tests/fixtures/no-toml"] {
        let out = tempfile::tempdir().unwrap();
        let o = run(&["build", input, "-o", out.path().to_str().unwrap()]);
        assert_eq!(o.code, 0, "{input}: {}", o.stderr);
        assert_eq!(fs::read_dir(out.path()).unwrap().count(), 2, "{input}");
    }
}

#[test]
fn every_manuscript_word_reaches_the_epub_in_order() {
    for ms in ["manuscript", "tests/fixtures/commonmark-gfm"] {
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join("b.epub");
        let o = run(&["epub", ms, "-o", target.to_str().unwrap()]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        let book_words = words(&epub_text(&fs::read(&target).unwrap()));
        let ms_words = words(&manuscript_prose(Path::new(ms)));
        assert_subsequence(&ms_words, &book_words, ms);
    }
}

#[test]
fn a_single_file_builds_beside_itself_and_build_o_must_be_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("guide.md");
    fs::write(&src, "---\ntitle: Beside\n---\n\n# One\n\nText.\n").unwrap();
    let o = run(&["build", src.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    for ext in ["pdf", "epub"] {
        let p = dir.path().join(format!("guide.{ext}"));
        assert!(p.is_file(), "{} missing", p.display());
        assert!(o.stdout.contains(&p.display().to_string()), "{}", o.stdout);
    }
    assert!(!dir.path().join("out").exists());
    // pdf alone: beside the file too
    fs::remove_file(dir.path().join("guide.pdf")).unwrap();
    let o = run(&["pdf", src.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(dir.path().join("guide.pdf").is_file());

    // `build -o x.pdf` is refused, and nothing is made
    let bad = dir.path().join("guide-copy.pdf");
    let o = run(&["build", src.to_str().unwrap(), "-o", bad.to_str().unwrap()]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("names a file"), "{}", o.stderr);
    assert!(!bad.exists());
    // a folder given with -o gets the file's own name
    let out = dir.path().join("shared");
    let o = run(&["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(out.join("guide.pdf").is_file() && out.join("guide.epub").is_file());
}

#[test]
fn a_folder_builds_into_out_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    fs::create_dir(&book).unwrap();
    fs::write(
        book.join("01-a.md"),
        "---\ntitle: Folder Book\n---\n\n# A\n\nText.\n",
    )
    .unwrap();
    let o = run(&["build", book.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(dir.path().join("out/folder-book.pdf").is_file());
    assert!(dir.path().join("out/folder-book.epub").is_file());
}

/// The linter and the PDF engine both find characters no font can draw; a build names each
/// one once (the linter's GB210), wherever and however often it occurs: in a heading, in
/// several paragraphs, two on one line, in a table cell.
#[test]
fn a_build_reports_each_missing_character_once() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.md");
    fs::write(
        &book,
        "---\ntitle: Boxes\n---\n\n# A \u{10FFFD} heading\n\nTwo at once: \u{10FFFD} and \u{10FFFC}.\n\n\
         Again \u{10FFFD}, later.\n\n| a | b |\n|---|---|\n| \u{10FFFC} | x |\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = run(&[
        "build",
        book.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--color",
        "never",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(out.join("book.pdf").is_file() && out.join("book.epub").is_file());
    for code in ["U+10FFFD", "U+10FFFC"] {
        assert_eq!(o.stderr.matches(code).count(), 1, "{code}:\n{}", o.stderr);
    }
    assert_eq!(
        o.stderr.matches("warning[GB210]").count(),
        2,
        "{}",
        o.stderr
    );
    assert!(!o.stderr.contains("GB301"), "{}", o.stderr);
    assert!(o.stderr.contains("found 2 warnings"), "{}", o.stderr);
}
