//! Manuscripts written the way other authors write them (`tests/fixtures/authors/`), built by
//! the real binary: what the front matter says when the author gave no date.

use crate::common::*;
use std::fs;

/// 2026-10-01 00:00:00 UTC.
const OCT_1: u64 = 1_790_812_800;

#[test]
fn a_guide_without_a_date_claims_none_and_is_stamped_with_its_newest_file() {
    let dir = tempfile::tempdir().unwrap();
    let src = copy_with_mtime(
        std::path::Path::new("tests/fixtures/authors/user-guide.md"),
        dir.path(),
        OCT_1,
    );
    let build = |out: &str| {
        let out = dir.path().join(out);
        let o = run(&["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        let pdf = fs::read(out.join("user-guide.pdf")).unwrap();
        let epub = fs::read(out.join("user-guide.epub")).unwrap();
        (pdf, epub)
    };
    let (pdf, epub) = build("a");
    let opf = zip_entries(&epub)
        .into_iter()
        .find(|(p, _)| p.ends_with(".opf"))
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .unwrap();
    assert!(!opf.contains("<dc:date"), "{opf}");
    assert!(
        opf.contains("<meta property=\"dcterms:modified\">2026-10-01T00:00:00Z</meta>"),
        "{opf}"
    );
    assert!(!opf.contains("1970"), "{opf}");
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|o| o.as_reference())
        .unwrap();
    let info = doc.get_dictionary(info).unwrap();
    for key in [&b"CreationDate"[..], b"ModDate"] {
        let v = info.get(key).and_then(|o| o.as_str()).unwrap();
        let v = String::from_utf8_lossy(v);
        assert!(v.starts_with("D:20261001"), "{v}");
    }
    // the page text, from the engine's own frames of the same manuscript
    let ms = guidebuild::manuscript::load(&src).unwrap();
    let (doc_model, _) = guidebuild::parse::document(&ms).into_parts();
    let opts = guidebuild::typeset::TypesetOptions::from_config(&ms.config, None);
    let (frames, _) =
        guidebuild::typeset::layout_frames(&doc_model, &ms.config.theme, &ms.fonts, &opts).unwrap();
    let text = guidebuild::testing::dump(&frames);
    assert!(!text.contains("Published"), "an invented publication line");
    assert!(!text.contains("1970"));
    assert!(!text.contains("Typeset with guidebuild"));
    // the same files give the same bytes; a newer chapter file moves the stamp
    assert_eq!(build("b"), (pdf.clone(), epub.clone()));
    set_mtimes(&src, OCT_1 + 86_400);
    let (_, epub2) = build("c");
    assert_ne!(epub2, epub);
}

/// Phrases to avoid get one accessible name however they are typed: as quotations (sayings)
/// or as a ❌ list after the same lead-in. A ❌ list after any other lead-in keeps the avoid
/// list's name.
#[test]
fn phrases_to_avoid_have_one_name_in_every_spelling() {
    let tmp = tempfile::tempdir().unwrap();
    let md = tmp.path().join("guide.md");
    std::fs::write(
        &md,
        "# Listening\n\nAvoid saying:\n\n> “You always do this.”\n\nAvoid saying:\n\n\
         - ❌ Don’t defend yourself\n- ❌ Don’t correct them\n\nWhile they speak:\n\n\
         - ❌ Don’t interrupt\n- ❌ Don’t look away\n",
    )
    .unwrap();
    let out = tmp.path().join("guide.epub");
    let r = crate::common::run(&["epub", md.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = crate::common::spine_documents(&std::fs::read(&out).unwrap())
        .into_iter()
        .map(|(_, x)| x)
        .find(|x| x.contains("interrupt"))
        .unwrap();
    let labels: Vec<&str> = page
        .split("aria-label=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .filter(|l| l.contains("avoid"))
        .collect();
    assert_eq!(
        labels,
        ["Phrases to avoid", "Phrases to avoid", "Things to avoid"],
        "{page}"
    );
}
