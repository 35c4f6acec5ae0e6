//! Input from someone else, read as it is meant (issue 16): theme numbers that are not finite
//! or out of range and days that do not exist are refused where they are written; lone CR
//! line endings, NUL characters and a byte-order mark are read as CommonMark says; deeply
//! nested front matter is refused before the YAML parser sees it. Built by the real binary.

use crate::common::*;
use std::fs;
use std::path::Path;

/// A manuscript folder with `guide.toml` (if given) and the chapters `(name, bytes)`.
fn folder(dir: &Path, guide: Option<&str>, chapters: &[(&str, &[u8])]) -> String {
    let m = dir.join("m");
    fs::create_dir_all(&m).unwrap();
    if let Some(g) = guide {
        fs::write(m.join("guide.toml"), g).unwrap();
    }
    for (name, bytes) in chapters {
        fs::write(m.join(name), bytes).unwrap();
    }
    m.to_str().unwrap().to_string()
}

/// The one file in `out` whose name ends in `.ext`.
fn output(out: &Path, ext: &str) -> Vec<u8> {
    let found: Vec<_> = fs::read_dir(out)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    fs::read(&found[0]).unwrap()
}

/// Builds both outputs of `m` into `dir/out`.
fn build(dir: &Path, m: &str) -> (Out, std::path::PathBuf) {
    let out = dir.join("out");
    let o = run(&["build", m, "-o", out.to_str().unwrap()]);
    (o, out)
}

#[test]
fn theme_numbers_that_are_not_finite_stop_the_build_at_their_line() {
    for (line, key) in [
        (
            "heading_sizes = [nan, 15.0, 12.5, 11.0, 10.5, 10.5]",
            "theme.heading_sizes[0]",
        ),
        ("code_scale = inf", "theme.code_scale"),
        ("list_indent = -inf", "theme.list_indent"),
        ("paragraph_spacing = 40.0", "theme.paragraph_spacing"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let guide = format!("title = \"T\"\n[theme]\n{line}\n");
        let m = folder(dir.path(), Some(&guide), &[("a.md", b"# A\n\nText.\n")]);
        let (o, out) = build(dir.path(), &m);
        assert_eq!(o.code, 2, "{line}: {}", o.stderr);
        assert!(o.stderr.contains("error[GB011]"), "{line}: {}", o.stderr);
        assert!(
            o.stderr.contains(&format!("`{key}`")),
            "{line}: {}",
            o.stderr
        );
        assert!(o.stderr.contains("guide.toml:3:"), "{line}: {}", o.stderr);
        let written = fs::read_dir(&out).map(|d| d.count()).unwrap_or(0);
        assert_eq!(written, 0, "{line}: nothing is written");
    }
}

#[test]
fn a_day_that_does_not_exist_is_refused_in_guide_toml_and_in_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    let guide = "title = \"T\"\ndate = \"2026-02-30\"\n";
    let m = folder(dir.path(), Some(guide), &[("a.md", b"# A\n\nText.\n")]);
    let (o, _) = build(dir.path(), &m);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("error[GB011]"), "{}", o.stderr);
    assert!(
        o.stderr.contains("`2026-02-30` is not a date"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("guide.toml:2:1"), "{}", o.stderr);

    let dir = tempfile::tempdir().unwrap();
    let chapter = b"---\ntitle: A Guide\ndate: 2026-02-30\n---\n# A\n\nText.\n";
    let m = folder(dir.path(), None, &[("a.md", chapter)]);
    let (o, _) = build(dir.path(), &m);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("error[GB012]"), "{}", o.stderr);
    assert!(
        o.stderr.contains("`2026-02-30` is not a date"),
        "{}",
        o.stderr
    );
}

#[test]
fn lone_carriage_returns_are_line_endings() {
    let dir = tempfile::tempdir().unwrap();
    let text = "# One\n\nFirst line\nsecond line.\n\n# Two\n\nBody.\n";
    let m = folder(
        dir.path(),
        Some("title = \"T\"\n"),
        &[("a.md", text.replace('\n', "\r").as_bytes())],
    );
    let (o, out) = build(dir.path(), &m);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let epub = output(&out, "epub");
    let docs = spine_documents(&epub);
    let bodies: Vec<&String> = docs.iter().map(|(_, x)| x).collect();
    assert!(
        bodies.iter().any(|x| x.contains(">Two</h1>")),
        "the second heading is a heading: {bodies:?}"
    );
    assert!(!epub_text(&epub).contains("# Two"));
}

#[test]
fn nul_is_the_replacement_character_in_both_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let m = folder(
        dir.path(),
        Some("title = \"T\"\n"),
        &[("a.md", b"# A\n\nOne\0two.\n")],
    );
    let (o, out) = build(dir.path(), &m);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let epub = output(&out, "epub");
    assert!(
        epub_text(&epub).contains("One\u{FFFD}two"),
        "{}",
        epub_text(&epub)
    );
    assert!(output(&out, "pdf").starts_with(b"%PDF"));
}

#[test]
fn a_chapter_of_only_a_byte_order_mark_is_reported_as_empty() {
    for empty in [&b"\xef\xbb\xbf"[..], b"\xef\xbb\xbf \n\n"] {
        let dir = tempfile::tempdir().unwrap();
        let m = folder(
            dir.path(),
            None,
            &[("a.md", b"# A\n\nText.\n"), ("b.md", empty)],
        );
        let o = run(&["check", &m, "--format", "json"]);
        let report: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        let codes: Vec<&str> = report
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["code"].as_str())
            .collect();
        assert!(codes.contains(&"GB110"), "{empty:?}: {}", o.stdout);
    }
}

#[test]
fn a_bad_front_matter_date_is_named_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let chapter = b"---\ntitle: A Guide\ndate: 2026-02-30\n---\n# A\n\nText.\n";
    let m = folder(dir.path(), None, &[("a.md", chapter)]);
    let o = run(&["check", &m]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("error[GB012]"), "{}", o.stderr);
    assert!(o.stderr.contains("a.md:3:1"), "{}", o.stderr);
}

#[test]
fn deeply_nested_front_matter_is_refused_as_too_deep() {
    for (yaml, line) in [
        (
            format!("k: {}{}", "[".repeat(100_000), "]".repeat(100_000)),
            3,
        ),
        (format!("k:\n{}x", "- ".repeat(100_000)), 4),
        (format!("k: {}", "{a: ".repeat(100_000)), 3),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let chapter = format!("---\ntitle: T\n{yaml}\n---\n# A\n\nText.\n");
        let m = folder(dir.path(), None, &[("a.md", chapter.as_bytes())]);
        let o = run(&["check", &m]);
        assert_eq!(o.code, 2, "{}", o.stderr);
        assert!(o.stderr.contains("error[GB012]"), "{}", o.stderr);
        assert!(
            o.stderr
                .contains("front matter nests deeper than 32 levels"),
            "{}",
            o.stderr
        );
        let at = format!("a.md:{line}:");
        let head: String = o.stderr.chars().take(400).collect();
        assert!(o.stderr.contains(&at), "{at}: {head}");
    }
}

#[test]
fn lines_after_lone_carriage_returns_are_counted_in_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let text = "# A\r\rSome <b>bold</b> text.\r";
    let m = folder(
        dir.path(),
        Some("title = \"T\"\n"),
        &[("a.md", text.as_bytes())],
    );
    let o = run(&["check", &m, "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let html = report
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "GB102")
        .unwrap_or_else(|| panic!("{}", o.stdout));
    assert_eq!(html["line"], 3, "{html}");
}

#[test]
fn load_errors_about_guide_toml_name_its_line() {
    let text: &[u8] = b"# A\n\nText.\n";
    for (guide, code, at) in [
        (
            "title = \"T\"\nchapters = [\"a.md\", \"missing.md\"]\n",
            "GB004",
            "guide.toml:2:",
        ),
        (
            "title = \"T\"\nchapters = [\n  \"a.md\",\n  \"../a.md\",\n]\n",
            "GB004",
            "guide.toml:4:",
        ),
        ("title = \"T\"\nchapters = []\n", "GB005", "guide.toml:2:"),
        (
            "title = \"T\"\n[theme.fonts]\nbody = \"Nope.ttf\"\n",
            "GB006",
            "guide.toml:3:",
        ),
        (
            "title = \"T\"\n[theme.fonts]\nmono = \"../Out.ttf\"\n",
            "GB006",
            "guide.toml:3:",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let m = folder(dir.path(), Some(guide), &[("a.md", text)]);
        let o = run(&["check", &m]);
        assert_eq!(o.code, 2, "{guide}: {}", o.stderr);
        assert!(
            o.stderr.contains(&format!("error[{code}]")),
            "{guide}: {}",
            o.stderr
        );
        assert!(o.stderr.contains(at), "{guide}: want {at} in {}", o.stderr);
    }
}

/// Lists and quotes nested deeper than the page allows stop moving right: the words of a
/// 40-deep list and a 30-deep quote still fit their lines (no word is wider than the line,
/// GB302), and every item's text is in the PDF.
#[test]
fn nesting_deeper_than_the_page_keeps_a_measure_for_its_words() {
    let tmp = tempfile::tempdir().unwrap();
    let mut md = String::from("# Deep\n\n");
    for depth in 0..40 {
        md.push_str(&format!(
            "{}- level{depth} words here\n",
            "  ".repeat(depth)
        ));
    }
    md.push('\n');
    md.push_str(&format!("{} quoted words at the bottom\n", "> ".repeat(30)));
    let m = folder(tmp.path(), None, &[("01-deep.md", md.as_bytes())]);
    let (o, out) = build(tmp.path(), &m);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(!o.stderr.contains("GB302"), "{}", o.stderr);
    let pdf = lopdf::Document::load_mem(&output(&out, "pdf")).unwrap();
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    let text = pdf.extract_text(&pages).unwrap();
    for depth in [0, 12, 39] {
        assert!(
            text.contains(&format!("level{depth}")),
            "level{depth} missing"
        );
    }
    assert!(text.contains("quoted"), "{text}");
}
