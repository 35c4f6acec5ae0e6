//! `guidebuild check` end to end. Each folder under `tests/lint/` is a tiny manuscript that
//! triggers exactly one rule (or none: `clean`; or the seed's own slips: `seed-slips`), with the
//! expected plain output (`expected.txt`, what `check` prints on stderr with `NO_COLOR=1`) and
//! JSON (`expected.json`, stdout of `check --format json`) beside it. `UPDATE_GOLDEN=1`
//! rewrites the golden files. Also: `check --fix` on a copy makes the manuscript pass and
//! touches only the fixed characters, and no input text makes the linter panic.

use crate::common::{assert_golden, copy_dir, run_env};
use guidebuild::check::{self, fix::plan_fixes};
use guidebuild::config::GuideConfig;
use guidebuild::diag::Sources;
use guidebuild::fonts::FontFiles;
use guidebuild::manuscript::{ChapterSource, Manuscript};
use guidebuild::report::{self, Format};
use proptest::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};

/// Each fixture, the codes its JSON output must hold (in order), and the exit code.
const FIXTURES: &[(&str, &[&str], i32)] = &[
    ("clean", &[], 0),
    ("missing-marker", &["GB201"], 1),
    ("mixed-markers", &["GB202"], 1),
    ("empty-saying-lead", &["GB203"], 1),
    ("skipped-heading-level", &["GB204"], 1),
    ("step-sequence", &["GB205"], 1),
    ("mixed-quotes", &["GB206"], 1),
    ("empty-chapter", &["GB207"], 1),
    ("duplicate-id", &["GB105"], 1),
    ("broken-link", &["GB209"], 1),
    ("uncovered-character", &["GB210"], 1),
    ("avoid-needs-try", &["GB211"], 1),
    ("saying-marker-contradicts-lead", &["GB112"], 1),
    ("missing-image", &["GB030"], 1),
    // The loader refuses the manuscript: a usage error (exit 2), printed on stderr only.
    ("unknown-config-key", &[], 2),
    ("bad-config-value", &[], 2),
    ("seed-slips", &["GB206", "GB206", "GB201"], 1),
];

fn fixture(name: &str) -> String {
    format!("tests/lint/{name}")
}

#[test]
fn every_fixture_matches_its_golden_output() {
    let listed: Vec<&str> = FIXTURES.iter().map(|f| f.0).collect();
    let mut on_disk: Vec<String> = fs::read_dir("tests/lint")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(
        on_disk, sorted,
        "every fixture folder is listed in FIXTURES"
    );

    for &(name, codes, exit) in FIXTURES {
        let dir = fixture(name);
        let human = run_env(&["check", &dir], &[]);
        assert_eq!(human.code, exit, "{name}: exit code\n{}", human.stderr);
        assert_golden(&Path::new(&dir).join("expected.txt"), &human.stderr);
        if exit == 0 {
            assert_eq!(human.stderr, "", "{name}");
            assert!(
                human.stdout.contains("is clean"),
                "{name}: {}",
                human.stdout
            );
        } else {
            assert!(
                !human.stderr.contains('\u{1b}'),
                "{name}: NO_COLOR output has escapes"
            );
        }

        let json = run_env(&["check", "--format", "json", &dir], &[]);
        assert_eq!(json.code, exit, "{name}: exit code with --format json");
        assert_golden(&Path::new(&dir).join("expected.json"), &json.stdout);
        if exit != 2 {
            let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
            let got: Vec<&str> = v
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["code"].as_str().unwrap())
                .collect();
            assert_eq!(got, codes, "{name}: the fixture triggers exactly its rule");
            for d in v.as_array().unwrap() {
                assert!(d["file"].as_str().unwrap().starts_with(&dir), "{name}: {d}");
                assert!(d["line"].as_u64().unwrap() >= 1 && d["column"].as_u64().unwrap() >= 1);
                assert!(d["hint"].is_string(), "{name}: every diagnostic has a hint");
            }
        }
    }
}

#[test]
fn the_bundled_guide_is_clean() {
    let out = run_env(&["check", "manuscript"], &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "");
    let json = run_env(&["check", "--format", "json", "manuscript"], &[]);
    assert_eq!(json.stdout, "[]\n");
}

#[test]
fn colour_only_when_asked() {
    let dir = fixture("missing-marker");
    // Piped and NO_COLOR: plain. `--color always`: ANSI escapes, same text underneath.
    let plain = run_env(&["check", &dir], &[]);
    assert!(!plain.stderr.contains('\u{1b}'));
    let coloured = run_env(&["check", "--color", "always", &dir], &[]);
    assert!(coloured.stderr.contains("\u{1b}["), "{}", coloured.stderr);
    let mut stripped = String::new();
    let mut in_escape = false;
    for c in coloured.stderr.chars() {
        match (in_escape, c) {
            (false, '\u{1b}') => in_escape = true,
            (true, 'm') => in_escape = false,
            (true, _) => {}
            (false, c) => stripped.push(c),
        }
    }
    assert_eq!(stripped, plain.stderr);
}

/// Lines (1-based) where two texts differ, with the old and new middle part of each line
/// after the common prefix and suffix are removed.
fn line_edits(old: &str, new: &str) -> Vec<(usize, String, String)> {
    let (o, n): (Vec<&str>, Vec<&str>) = (old.split('\n').collect(), new.split('\n').collect());
    assert_eq!(o.len(), n.len(), "a fix never adds or removes lines");
    let mut edits = Vec::new();
    for (i, (a, b)) in o.iter().zip(&n).enumerate() {
        if a == b {
            continue;
        }
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        let max_suf = a.len().min(b.len()) - pre;
        let suf = a
            .iter()
            .rev()
            .zip(b.iter().rev())
            .take(max_suf)
            .take_while(|(x, y)| x == y)
            .count();
        edits.push((
            i + 1,
            a[pre..a.len() - suf].iter().collect(),
            b[pre..b.len() - suf].iter().collect(),
        ));
    }
    edits
}

fn md_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    v.sort();
    v
}

/// Runs `check --fix` on a copy of a fixture; returns (file name, line, old, new) of each edit.
fn fix_copy(name: &str) -> Vec<(String, usize, String, String)> {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join(name);
    copy_dir(Path::new(&fixture(name)), &dir);
    let d = dir.to_str().unwrap();
    let before: Vec<(PathBuf, String)> = md_files(&dir)
        .into_iter()
        .map(|p| (p.clone(), fs::read_to_string(&p).unwrap()))
        .collect();
    let fixed = run_env(&["check", "--fix", d], &[]);
    assert!(fixed.stdout.contains("fixed "), "{name}: {}", fixed.stdout);
    let again = run_env(&["check", d], &[]);
    assert_eq!(again.code, 0, "{name} after --fix:\n{}", again.stderr);
    let mut edits = Vec::new();
    for (p, old) in before {
        let new = fs::read_to_string(&p).unwrap();
        let fname = p.file_name().unwrap().to_string_lossy().into_owned();
        for (line, o, n) in line_edits(&old, &new) {
            edits.push((fname.clone(), line, o, n));
        }
    }
    edits
}

fn e(f: &str, line: usize, old: &str, new: &str) -> (String, usize, String, String) {
    (f.into(), line, old.into(), new.into())
}

#[test]
fn fix_touches_only_the_fixed_characters() {
    assert_eq!(
        fix_copy("missing-marker"),
        [e("01-qualities.md", 7, "", "✔ ")]
    );
    assert_eq!(fix_copy("mixed-quotes"), [e("01-sayings.md", 5, "'", "’")]);
    assert_eq!(
        fix_copy("seed-slips"),
        [
            e("01-acknowledge-the-hurt.md", 9, "'", "’"),
            e("01-acknowledge-the-hurt.md", 10, "'", "’"),
            e("11-final-thoughts.md", 9, "", "✔ "),
        ]
    );
}

#[test]
fn fix_is_never_applied_without_the_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("m");
    copy_dir(Path::new(&fixture("seed-slips")), &dir);
    let before = crate::common::snapshot(&dir);
    let out = run_env(&["check", dir.to_str().unwrap()], &[]);
    assert_eq!(out.code, 1);
    assert_eq!(crate::common::snapshot(&dir), before);
}

/// An in-memory manuscript of one chapter file.
fn manuscript(text: &str) -> Manuscript {
    let mut sources = Sources::default();
    let file = sources.add("m/01.md", text);
    Manuscript {
        root: PathBuf::from("m"),
        sources,
        config: GuideConfig {
            title: Some("T".into()),
            ..GuideConfig::default()
        },
        config_file: None,
        chapters: vec![ChapterSource {
            file,
            body_start: 0,
            front: Default::default(),
        }],
        fonts: FontFiles::default_set(),
        source_date_epoch: None,
        newest_mtime: None,
    }
}

fn lint_all(text: &str) {
    let ms = manuscript(text);
    let (doc, mut diags) = guidebuild::parse::document(&ms).into_parts();
    diags.extend(check::lint(&doc, &ms));
    for f in [
        Format::Human { color: false },
        Format::Human { color: true },
        Format::Json,
    ] {
        let _ = report::render(&diags, &ms.sources, f);
    }
    for fix in plan_fixes(&diags, &ms.sources) {
        // A fixed text lints again without trouble.
        let ms2 = manuscript(&fix.new_text);
        let (doc2, _) = guidebuild::parse::document(&ms2).into_parts();
        let _ = check::lint(&doc2, &ms2);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn lint_never_panics_on_guide_like_text(
        text in "(# |## |#### |- |> |1\\. |4\\) |- ✔ |- ❌ |- \\[x\\] |✔|❌|\"|'|“|”|‘|’|`|\\{#[a-z]{1,3}\\}|\\[l\\]\\(#[a-z]{1,3}\\)|!\\[i\\]\\(p.png\\)|Avoid saying:|Try:|Step 2 |😀|é|[a-z ]{1,6}|\n|\n\n|\t|\\\\){0,60}"
    ) {
        lint_all(&text);
    }

    #[test]
    fn lint_never_panics_on_arbitrary_text(text in any::<String>()) {
        lint_all(&text);
    }
}

/// `line:col code` of what the parser and the linter report for one chapter text.
fn codes_of(text: &str) -> Vec<String> {
    let ms = manuscript(text);
    let (doc, mut diags) = guidebuild::parse::document(&ms).into_parts();
    diags.extend(check::lint(&doc, &ms));
    guidebuild::diag::sort_for_output(&mut diags);
    diags
        .iter()
        .map(|d| match d.span {
            Some(s) => {
                let (l, c) = ms.sources.get(s.file).line_col(s.start);
                format!("{l}:{c} {}", d.code)
            }
            None => d.code.to_string(),
        })
        .collect()
}

/// Applies the planned fixes to a one-file manuscript and returns the new text.
fn fixed(text: &str) -> String {
    let ms = manuscript(text);
    let (doc, mut diags) = guidebuild::parse::document(&ms).into_parts();
    diags.extend(check::lint(&doc, &ms));
    match plan_fixes(&diags, &ms.sources).pop() {
        Some(f) => f.new_text,
        None => text.to_string(),
    }
}

#[test]
fn rules_work_on_what_the_parser_builds() {
    // The marker as typed is what the fix adds: `[x]`, ✔ with its variation selector.
    let t = "# T\n\n- [x] one\n- [x] two\n- three\n";
    assert_eq!(codes_of(t), ["5:3 GB201"]);
    assert_eq!(fixed(t), "# T\n\n- [x] one\n- [x] two\n- [x] three\n");
    let t = "# T\n\n- ✔\u{fe0f} one\n- ✔\u{fe0f} two\n- three\n";
    assert_eq!(fixed(t), t.replace("- three", "- ✔\u{fe0f} three"));
    // Ordered lists, lists in block quotes, loose items with more paragraphs.
    let t = "# T\n\n1. ✔ one\n2. ✔ two\n3. three\n";
    assert_eq!(fixed(t), t.replace("3. three", "3. ✔ three"));
    let t = "# T\n\n> - ✔ one\n> - ✔ two\n> - three\n";
    assert_eq!(fixed(t), t.replace("> - three", "> - ✔ three"));
    let t = "# T\n\n- ✔ one\n\n  more\n- two\n- ✔ three\n";
    assert_eq!(codes_of(t), ["6:3 GB201"]);
    // Quotes in headings, emphasis and link text are fixed; link targets are not touched.
    let t = "# T\n\n## It's *\"here\"* “x” ‘y’\n\nText [it's](#t) **don't** “a” “b”.\n";
    assert_eq!(codes_of(t).len(), 5);
    assert_eq!(
        fixed(t),
        "# T\n\n## It’s *“here”* “x” ‘y’\n\nText [it’s](#t) **don’t** “a” “b”.\n"
    );
    // Code is never counted or changed.
    assert_eq!(
        codes_of("# T\n\n“a” `it's` and\n\n```\ndon't\n```\n"),
        Vec::<String>::new()
    );
    // A setext title is level 1; a second `#` in one file starts a chapter.
    assert_eq!(codes_of("T\n=\n\n### Deep\n\nx\n"), ["4:1 GB204"]);
    assert_eq!(
        codes_of("# A\n\nx\n\n# B\n\n### Deep\n"),
        ["5:1 GB207", "7:1 GB204"]
    );
    // A lead-in followed by something that is not a quotation.
    assert_eq!(codes_of("# T\n\nSay:\n\n```\ncode\n```\n"), ["3:1 GB203"]);
    assert_eq!(
        codes_of("# T\n\nSay:\n\n> “Sorry.”\n"),
        Vec::<String>::new()
    );
}

#[test]
fn no_marker_fix_for_an_item_whose_text_starts_on_a_later_line() {
    let t = "# T\n\n- ✔ one\n- ✔ two\n-\n  three\n";
    let codes = codes_of(t);
    assert_eq!(codes, ["6:3 GB201"], "the slip is still reported");
    assert_eq!(fixed(t), t, "but not fixed");
}

/// An image without a description and a pale link colour: `check` says where each is (the
/// colour at its line in guide.toml), and the EPUB claims neither text alternatives nor
/// WCAG 2.1 AA; with both put right, it claims both.
#[test]
fn accessibility_claims_are_dropped_with_a_warning_where_they_would_be_false() {
    use crate::common::zip_entries;
    let tmp = tempfile::tempdir().unwrap();
    let ms = tmp.path().join("book");
    fs::create_dir_all(&ms).unwrap();
    let png = guidebuild::image::samples::good_png(8, 8, 2);
    fs::write(ms.join("pic.png"), &png).unwrap();
    let toml = "title = \"Pale\"\nauthor = \"A\"\nlanguage = \"en\"\ndate = \"2026-01-01\"\n\n\
                [theme.colors]\nlink = \"#a0a0a0\"\n";
    fs::write(ms.join("guide.toml"), toml).unwrap();
    let chapter = "# One\n\nSee [the site](https://example.org).\n\n![](pic.png)\n";
    fs::write(ms.join("01-one.md"), chapter).unwrap();
    let dir = ms.to_str().unwrap();
    let c = run_env(&["check", dir], &[]);
    assert_eq!(c.code, 1, "{}", c.stderr);
    assert!(
        c.stderr.contains("warning[GB213]: the theme's `colors.link` (#a0a0a0) on white has a contrast of 2.6:1, under WCAG AA's 4.5:1")
            && c.stderr.contains("guide.toml:7:"),
        "{}",
        c.stderr
    );
    assert!(
        c.stderr
            .contains("warning[GB212]: image `pic.png` has no description")
            && c.stderr.contains("01-one.md:5:1"),
        "{}",
        c.stderr
    );
    let opf = |out: &Path| {
        let r = run_env(&["epub", dir, "-o", out.to_str().unwrap()], &[]);
        assert!(r.code == 0, "{}", r.stderr);
        let e = zip_entries(&fs::read(out).unwrap());
        String::from_utf8(e["OEBPS/content.opf"].clone()).unwrap()
    };
    let low = opf(&tmp.path().join("low.epub"));
    assert!(
        !low.contains("conformsTo") && !low.contains("alternativeText"),
        "{low}"
    );
    fs::write(ms.join("guide.toml"), toml.replace("#a0a0a0", "#1f5fa8")).unwrap();
    fs::write(
        ms.join("01-one.md"),
        chapter.replace("![]", "![A small square]"),
    )
    .unwrap();
    let c = run_env(&["check", dir], &[]);
    assert_eq!(c.code, 0, "{}", c.stderr);
    let good = opf(&tmp.path().join("good.epub"));
    assert!(
        good.contains("WCAG 2.1 Level AA</meta>") && good.contains(">alternativeText<"),
        "{good}"
    );
}
