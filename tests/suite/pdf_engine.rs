//! The PDF engine on documents built in code: the frame dump of a sample book with every block
//! kind against its golden file, the navigation and metadata lopdf reads back from the bytes
//! (nested outline at the headings' y, page labels, /Lang, Info dates, borderless links), and
//! the layout rules (`pdf::audit`) on the bundled guide and the fixtures on every paper size,
//! no blank page in any of them under the defaults, and the page budgets of two fixtures.

use guidebuild::config::Paper;
use guidebuild::fonts::FontFiles;
use guidebuild::pdf;
use guidebuild::testing::{audit, dump, sample};
use guidebuild::theme::Theme;
use guidebuild::typeset::{self, TypesetOptions};
use lopdf::{Document, Object};
use std::path::Path;

fn opts() -> TypesetOptions {
    TypesetOptions {
        paper: Paper::Letter,
        booklet: None,
        print: None,
        hyphenate: true,
        chapter_break: guidebuild::config::ChapterBreak::Recto,
        sides: guidebuild::config::Sides::Two,
        imprint: None,
        hyphenation_exceptions: Default::default(),
        fillable: false,
        notes_pages: 0,
    }
}

#[test]
fn sample_frames_match_the_golden_dump() {
    let doc = sample::sample_document();
    let (frames, _) =
        typeset::layout_frames(&doc, &Theme::default(), &FontFiles::default_set(), &opts())
            .unwrap();
    crate::common::assert_golden(Path::new("tests/golden/pdf_sample.dump"), &dump(&frames));
}

fn render() -> Document {
    let doc = sample::sample_document();
    let r = pdf::render(&doc, &Theme::default(), &FontFiles::default_set(), &opts()).unwrap();
    Document::load_mem(&r.bytes).unwrap()
}

fn name(o: &Object) -> String {
    String::from_utf8_lossy(o.as_name().unwrap()).into_owned()
}

#[test]
fn catalog_and_info_carry_the_metadata() {
    let d = render();
    assert_eq!(d.version, "1.7");
    let cat = d.catalog().unwrap();
    assert_eq!(
        lopdf::decode_text_string(cat.get(b"Lang").unwrap()).unwrap(),
        "en-US"
    );
    assert_eq!(name(cat.get(b"PageMode").unwrap()), "UseOutlines");
    let prefs = cat.get(b"ViewerPreferences").unwrap().as_dict().unwrap();
    assert_eq!(
        prefs.get(b"DisplayDocTitle").unwrap(),
        &Object::Boolean(true)
    );
    // roman front matter (title, imprint, contents, blank), arabic from the first chapter
    let nums = cat
        .get(b"PageLabels")
        .unwrap()
        .as_dict()
        .unwrap()
        .get(b"Nums")
        .unwrap()
        .as_array()
        .unwrap();
    assert_eq!(nums[0].as_i64().unwrap(), 0);
    assert_eq!(name(nums[1].as_dict().unwrap().get(b"S").unwrap()), "r");
    assert_eq!(nums[2].as_i64().unwrap(), 4);
    assert_eq!(name(nums[3].as_dict().unwrap().get(b"S").unwrap()), "D");
    let info_id = d.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = d.get_dictionary(info_id).unwrap();
    let s = |k: &[u8]| lopdf::decode_text_string(info.get(k).unwrap()).unwrap();
    assert_eq!(s(b"Title"), "How to Repair Trust After a Broken Promise");
    assert_eq!(s(b"Author"), "Anonymous");
    assert_eq!(s(b"Creator"), "guidebuild");
    assert_eq!(s(b"Keywords"), "trust, repair");
    assert!(s(b"Subject").starts_with("A Step-by-Step Guide"));
    assert_eq!(s(b"CreationDate"), "D:20261128000000Z");
    assert_eq!(s(b"ModDate"), "D:20261128000000Z");
}

#[test]
fn outline_nests_sections_under_chapters_and_opens_at_the_heading() {
    let d = render();
    let cat = d.catalog().unwrap();
    let root = d
        .get_dictionary(cat.get(b"Outlines").unwrap().as_reference().unwrap())
        .unwrap();
    let first = d
        .get_dictionary(root.get(b"First").unwrap().as_reference().unwrap())
        .unwrap();
    let title =
        |dict: &lopdf::Dictionary| lopdf::decode_text_string(dict.get(b"Title").unwrap()).unwrap();
    assert_eq!(title(first), "Take Full Responsibility");
    let child = d
        .get_dictionary(first.get(b"First").unwrap().as_reference().unwrap())
        .unwrap();
    assert_eq!(title(child), "What responsibility means");
    assert!(child.get(b"Next").is_err(), "one section in chapter 1");
    let second = d
        .get_dictionary(first.get(b"Next").unwrap().as_reference().unwrap())
        .unwrap();
    assert_eq!(title(second), "Rebuild Emotional Safety");
    // the section's destination is its heading: well below the top of its page
    let dest = child.get(b"Dest").unwrap().as_array().unwrap();
    assert_eq!(name(&dest[1]), "XYZ");
    let top = dest[3].as_float().unwrap();
    assert!(top < 792.0 - 200.0 && top > 100.0, "top {top}");
}

#[test]
fn links_have_no_visible_border() {
    let d = render();
    let mut links = 0;
    for (_, page) in d.get_pages() {
        let p = d.get_dictionary(page).unwrap();
        // the list may be an indirect object of its own
        let Ok(annots) = p
            .get(b"Annots")
            .and_then(|o| d.dereference(o))
            .and_then(|(_, o)| o.as_array())
        else {
            continue;
        };
        for a in annots {
            let a = match a {
                Object::Reference(r) => d.get_dictionary(*r).unwrap(),
                Object::Dictionary(x) => x,
                _ => continue,
            };
            let border: Vec<f32> = a
                .get(b"Border")
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_float().unwrap())
                .collect();
            assert_eq!(border, vec![0.0, 0.0, 0.0]);
            links += 1;
        }
    }
    // contents entries, the external and internal links, the footnote reference
    assert!(links >= 6, "{links} links");
}

/// The layout rules on the bundled guide and the fixtures, every paper size.
#[test]
fn guide_and_fixtures_keep_every_layout_rule_on_every_paper() {
    use guidebuild::{manuscript, parse};
    for dir in [
        "manuscript",
        "tests/fixtures/commonmark-gfm",
        "tests/fixtures/no-toml",
        "tests/fixtures/single-file.md",
    ] {
        let ms = manuscript::load(Path::new(dir)).unwrap();
        let (mut doc, _) = parse::document(&ms).into_parts();
        manuscript::load_assets(&mut doc, &ms);
        for paper in [Paper::Letter, Paper::A4, Paper::A5, Paper::Trade] {
            // the manuscript's own [pdf] settings (its hyphenation exceptions), with
            // hyphenation on and chapters on rectos
            let o = TypesetOptions {
                hyphenate: true,
                chapter_break: guidebuild::config::ChapterBreak::Recto,
                ..TypesetOptions::from_config(&ms.config, Some(paper))
            };
            let (frames, _) =
                typeset::layout_frames(&doc, &ms.config.theme, &ms.fonts, &o).unwrap();
            let a = audit::audit(&frames);
            assert!(a.problems.is_empty(), "{dir} {paper:?}: {:#?}", a.problems);
            let verso = audit::verso_openings(&frames);
            assert!(
                verso.is_empty(),
                "{dir} {paper:?}: verso openings {verso:?}"
            );
            eprintln!(
                "{dir} {paper:?}: {} pages, justified word space max {:.3} em, p95 {:.3} em, {} lines; {}",
                frames.len(),
                a.max_space(),
                a.p95_space(),
                a.spaces.len(),
                a.widest
            );
        }
    }
}

/// The fixture's footnotes are at the foot of the page that refers to them.
#[test]
fn fixture_footnotes_are_on_their_reference_page() {
    use guidebuild::typeset::frame::{FrameItem, LineKind};
    use guidebuild::{manuscript, parse};
    let ms = manuscript::load(Path::new("tests/fixtures/commonmark-gfm")).unwrap();
    let (mut doc, _) = parse::document(&ms).into_parts();
    manuscript::load_assets(&mut doc, &ms);
    for paper in [Paper::Letter, Paper::A5] {
        let o = TypesetOptions { paper, ..opts() };
        let (frames, _) = typeset::layout_frames(&doc, &ms.config.theme, &ms.fonts, &o).unwrap();
        let page_of = |needle: &str, kind: LineKind| {
            frames
                .iter()
                .position(|f| {
                    f.items.iter().any(|i| {
                        matches!(i, FrameItem::Text(t) if t.info.kind == kind && t.text.contains(needle))
                    })
                })
                .unwrap_or_else(|| panic!("{needle:?} not found"))
        };
        let refs = page_of("Footnotes are numbered per chapter", LineKind::Body);
        assert_eq!(
            page_of("The first paragraph of a long footnote", LineKind::Footnote),
            refs
        );
        assert_eq!(page_of("A short footnote", LineKind::Footnote), refs);
        assert!(audit::notes_away(&frames).is_empty());
    }
}

/// The frames of a manuscript with the options its `guide.toml` gives (defaults without one).
fn manuscript_frames(dir: &str, untitled_opening: bool) -> Vec<typeset::frame::PageFrame> {
    use guidebuild::{manuscript, parse};
    let ms = manuscript::load(Path::new(dir)).unwrap();
    let (mut doc, _) = parse::document(&ms).into_parts();
    manuscript::load_assets(&mut doc, &ms);
    if untitled_opening {
        // the text before the first heading (the parser marks it so as well)
        doc.chapters[0].untitled = true;
    }
    let o = TypesetOptions::from_config(&ms.config, None);
    typeset::layout_frames(&doc, &ms.config.theme, &ms.fonts, &o)
        .unwrap()
        .0
}

/// Under the defaults no book gets a blank page, and every layout rule holds.
#[test]
fn guide_and_fixtures_have_no_blank_page_by_default() {
    for dir in [
        "manuscript",
        "tests/fixtures/authors/user-guide.md",
        "tests/fixtures/authors/long-chapters",
        "tests/fixtures/authors/emoji-markers",
        "tests/fixtures/authors/theme-partial",
        "tests/fixtures/authors/contradiction.md",
        "tests/fixtures/commonmark-gfm",
        "tests/fixtures/no-toml",
        "tests/fixtures/single-file.md",
    ] {
        let frames = manuscript_frames(dir, false);
        assert_eq!(audit::blank_pages(&frames), 0, "{dir}");
        let a = audit::audit(&frames);
        assert!(a.problems.is_empty(), "{dir}: {:#?}", a.problems);
        eprintln!("{dir}: {} pages", frames.len());
    }
}

/// The author's user guide (about 2,300 words, US Letter), its foreword untitled: title page
/// and contents included, at most 10 pages, none blank, chapters running on.
#[test]
fn the_user_guide_fits_in_ten_pages() {
    use guidebuild::typeset::frame::{FrameItem, LineKind};
    let frames = manuscript_frames("tests/fixtures/authors/user-guide.md", true);
    assert!(frames.len() <= 10, "{} pages", frames.len());
    assert_eq!(audit::blank_pages(&frames), 0);
    let titles = frames
        .iter()
        .flat_map(|f| &f.items)
        .filter(|i| {
            matches!(i, FrameItem::Text(t) if t.info.kind == LineKind::ChapterTitle
                && t.info.para.is_none_or(|p| p.index == 0))
        })
        .count();
    assert_eq!(
        titles, 9,
        "the nine `#` chapters, the foreword without a title"
    );
}

/// Three chapters of about 950 words each open on a new page under `auto`.
#[test]
fn long_chapters_open_on_new_pages_by_default() {
    use guidebuild::typeset::frame::PageKind;
    let frames = manuscript_frames("tests/fixtures/authors/long-chapters", false);
    let openings = frames
        .iter()
        .filter(|f| f.kind == PageKind::ChapterOpening)
        .count();
    assert_eq!(openings, 3);
}
/// Every object reachable from the trailer, following references through arrays,
/// dictionaries and stream dictionaries.
fn reachable(doc: &lopdf::Document) -> std::collections::BTreeSet<lopdf::ObjectId> {
    let mut seen = std::collections::BTreeSet::new();
    let mut todo: Vec<&Object> = doc.trailer.iter().map(|(_, v)| v).collect();
    while let Some(o) = todo.pop() {
        match o {
            Object::Reference(id) if seen.insert(*id) => todo.extend(doc.objects.get(id)),
            Object::Array(a) => todo.extend(a),
            Object::Dictionary(d) => todo.extend(d.iter().map(|(_, v)| v)),
            Object::Stream(s) => todo.extend(s.dict.iter().map(|(_, v)| v)),
            _ => {}
        }
    }
    seen
}

#[test]
fn every_object_is_reachable_and_numbered_densely() {
    let mut book = sample::sample_document();
    sample::add_figure(
        &mut book,
        "rgba.png",
        guidebuild::image::samples::good_png(12, 8, 6),
        1,
    );
    sample::add_figure(
        &mut book,
        "rgb.png",
        guidebuild::image::samples::good_png(9, 7, 2),
        2,
    );
    let r = pdf::render(
        &book,
        &Theme::default(),
        &FontFiles::default_set(),
        &TypesetOptions::from_config(&Default::default(), Some(Paper::Letter)),
    )
    .unwrap();
    let doc = lopdf::Document::load_mem(&r.bytes).unwrap();
    let ids: Vec<lopdf::ObjectId> = doc.objects.keys().copied().collect();
    let dense: Vec<lopdf::ObjectId> = (1..=ids.len() as u32).map(|n| (n, 0)).collect();
    assert_eq!(ids, dense, "object numbers are not 1..{}", ids.len());
    let seen = reachable(&doc);
    // the object streams and the cross-reference stream hold the file together: nothing
    // refers to them
    let structural = |id: &lopdf::ObjectId| {
        doc.objects[id].as_stream().ok().is_some_and(|s| {
            matches!(
                s.dict.get(b"Type").and_then(Object::as_name),
                Ok(b"ObjStm" | b"XRef")
            )
        })
    };
    let orphans: Vec<_> = ids
        .iter()
        .filter(|id| !seen.contains(id) && !structural(id))
        .collect();
    assert!(orphans.is_empty(), "unreferenced objects {orphans:?}");
    assert!(ids.iter().any(structural), "no object streams");
    assert!(seen.iter().all(|id| doc.objects.contains_key(id)));
    // the images and the soft mask are among them
    let images = ids
        .iter()
        .filter_map(|id| doc.objects[id].as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image"))
        .count();
    assert_eq!(images, 3);
}
