//! Golden files: the EPUB's text parts (XHTML, CSS, OPF, NCX) and a text dump of the PDF's page
//! layout, for the bundled guide and the fixtures. `UPDATE_GOLDEN=1 cargo test --test golden`
//! rewrites them; review the diff before committing.

mod common;

use common::*;
use std::path::Path;

const BOOKS: &[(&str, &str)] = &[
    ("guide", "manuscript"),
    ("commonmark-gfm", "tests/fixtures/commonmark-gfm"),
    ("no-toml", "tests/fixtures/no-toml"),
    ("single-file", "tests/fixtures/single-file.md"),
];

#[test]
fn epub_text_parts_match_golden_files() {
    for (name, dir) in BOOKS {
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join("b.epub");
        let o = run(&["epub", dir, "-o", target.to_str().unwrap()]);
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
    use guidebuild::{manuscript, parse, pdf};
    for (name, dir) in BOOKS {
        let ms = manuscript::load(Path::new(dir)).unwrap();
        let (mut doc, _) = parse::parse(&ms);
        manuscript::load_assets(&mut doc, &ms);
        let opts = pdf::PdfOptions::from_config(&ms.config.pdf, None);
        let (frames, _) = pdf::layout_frames(&doc, &ms.config.theme, &ms.fonts, &opts).unwrap();
        assert_golden(
            &Path::new("tests/golden/pdf").join(format!("{name}.txt")),
            &pdf::dump(&frames),
        );
    }
}
