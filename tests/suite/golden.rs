//! Golden files: the EPUB's text parts (XHTML, CSS, OPF, NCX) and a text dump of the PDF's page
//! layout, for the bundled guide and the fixtures. `UPDATE_GOLDEN=1 cargo test --test golden`
//! rewrites them; review the diff before committing.

use crate::common::*;
use std::path::Path;

const BOOKS: &[(&str, &str)] = &[
    ("guide", "manuscript"),
    ("commonmark-gfm", "tests/fixtures/commonmark-gfm"),
    ("no-toml", "tests/fixtures/no-toml"),
    ("single-file", "tests/fixtures/single-file.md"),
    // written the way other authors write: no date, their own markers, text before the first
    // heading, emoji (built from a copy whose files carry a fixed time: see `epub_of`)
    ("user-guide", "tests/fixtures/authors/user-guide.md"),
    ("emoji-markers", "tests/fixtures/authors/emoji-markers"),
    ("contradiction", "tests/fixtures/authors/contradiction.md"),
    ("long-chapters", "tests/fixtures/authors/long-chapters"),
    ("theme-partial", "tests/fixtures/authors/theme-partial"),
    // a workbook: blanks, task boxes, reflection prompts, notes pages
    ("worksheet", "tests/fixtures/authors/worksheet"),
];

/// Books whose fillable edition (`--fillable`) has a layout dump too: its pages and fields.
const FILLABLE: &[(&str, &str)] = &[("worksheet", "tests/fixtures/authors/worksheet")];

/// 2026-10-01 00:00:00 UTC: the modification time the copies of undated fixtures get, so
/// their EPUB's `dcterms:modified` is the same on every checkout.
const FIXED_MTIME: u64 = 1_790_812_800;

#[test]
fn epub_text_parts_match_golden_files() {
    for (name, dir) in BOOKS {
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join("b.epub");
        let copy = copy_with_mtime(Path::new(dir), &out.path().join("src"), FIXED_MTIME);
        let o = run(&[
            "epub",
            copy.to_str().unwrap(),
            "-o",
            target.to_str().unwrap(),
        ]);
        assert_eq!(o.code, 0, "{name}: {}", o.stderr);
        let entries = zip_entries(&std::fs::read(&target).unwrap());
        let mut listing = String::new();
        for (path, bytes) in &entries {
            listing.push_str(&format!("{path}\n"));
            let text_part = [".xhtml", ".css", ".opf", ".ncx"]
                .iter()
                .any(|e| path.ends_with(e));
            if text_part {
                let golden = Path::new("tests/golden/epub").join(name).join(path);
                assert_golden(&golden, &String::from_utf8(bytes.clone()).unwrap());
            }
        }
        assert_golden(
            &Path::new("tests/golden/epub").join(name).join("FILES.txt"),
            &listing,
        );
    }
}

#[test]
fn pdf_layout_dump_matches_golden_files() {
    use guidebuild::{manuscript, parse};
    for (name, dir) in BOOKS {
        let ms = manuscript::load(Path::new(dir)).unwrap();
        let (mut doc, _) = parse::document(&ms).into_parts();
        manuscript::load_assets(&mut doc, &ms);
        let opts = guidebuild::typeset::TypesetOptions::from_config(&ms.config, None);
        let (frames, _) =
            guidebuild::typeset::layout_frames(&doc, &ms.config.theme, &ms.fonts, &opts).unwrap();
        assert_golden(
            &Path::new("tests/golden/pdf").join(format!("{name}.txt")),
            &guidebuild::testing::dump(&frames),
        );
    }
    for (name, dir) in FILLABLE {
        let ms = manuscript::load(Path::new(dir)).unwrap();
        let (mut doc, _) = parse::document(&ms).into_parts();
        manuscript::load_assets(&mut doc, &ms);
        let opts = guidebuild::typeset::TypesetOptions {
            fillable: true,
            ..guidebuild::typeset::TypesetOptions::from_config(&ms.config, None)
        };
        let (frames, _) =
            guidebuild::typeset::layout_frames(&doc, &ms.config.theme, &ms.fonts, &opts).unwrap();
        assert_golden(
            &Path::new("tests/golden/pdf").join(format!("{name}-fillable.txt")),
            &guidebuild::testing::dump(&frames),
        );
    }
}
