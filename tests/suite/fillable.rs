//! The fillable PDF (`--fillable`), read back with lopdf: one field per reflection question,
//! blank, task box and notes page of the workbook fixture, each with a unique readable name,
//! its question as its tooltip, an appearance for every state, inside its page and over the
//! lines drawn for it; in the structure tree as a `Form` element; the same pages as the print
//! edition; and nothing of it in the print edition.

use std::collections::BTreeSet;
use std::path::Path;

use guidebuild::model::{plain_text, Block, BlockKind, Inline, InlineKind, ListKind};
use guidebuild::typeset::frame::{FieldKind, FrameItem, LineKind, PageFrame};
use guidebuild::typeset::TypesetOptions;
use guidebuild::{manuscript, parse};
use lopdf::{Dictionary, Object};

use crate::common::run;
use crate::tagged_pdf::{build_with, check_with};

fn worksheet() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/authors/worksheet"
    ))
}

/// What the model asks to be filled in: the questions' texts, the blanks, the task boxes
/// (ticked or not), and the notes pages `guide.toml` asks for.
struct Wanted {
    questions: Vec<String>,
    blanks: usize,
    tasks: Vec<bool>,
    notes_pages: usize,
}

fn wanted(dir: &Path) -> Wanted {
    fn blanks(run: &[Inline]) -> usize {
        run.iter()
            .map(|i| match &i.kind {
                InlineKind::Blank(_) => 1,
                InlineKind::Emph(c) | InlineKind::Strong(c) | InlineKind::Strike(c) => blanks(c),
                InlineKind::Link { content, .. } => blanks(content),
                _ => 0,
            })
            .sum()
    }
    fn walk(bs: &[Block], w: &mut Wanted) {
        for b in bs {
            match &b.kind {
                BlockKind::Paragraph(c) => w.blanks += blanks(c),
                BlockKind::Table(t) => {
                    for cell in t.head.iter().chain(t.rows.iter().flatten()) {
                        w.blanks += blanks(cell);
                    }
                }
                BlockKind::List(l) => {
                    for it in &l.items {
                        if l.answer_lines.is_some() {
                            let text: Vec<String> = it
                                .blocks
                                .iter()
                                .filter_map(|b| match &b.kind {
                                    BlockKind::Paragraph(c) => Some(plain_text(c)),
                                    _ => None,
                                })
                                .collect();
                            w.questions.push(text.join(" "));
                        }
                        if l.kind == ListKind::Task {
                            w.tasks.push(it.checked == Some(true));
                        }
                        walk(&it.blocks, w);
                    }
                }
                BlockKind::BlockQuote(inner) => walk(inner, w),
                _ => {}
            }
        }
    }
    let ms = manuscript::load(dir).unwrap();
    let doc = parse::document(&ms).value;
    let mut w = Wanted {
        questions: Vec::new(),
        blanks: 0,
        tasks: Vec::new(),
        notes_pages: usize::from(ms.config.workbook.notes_pages.unwrap_or(0)),
    };
    for ch in &doc.chapters {
        walk(&ch.blocks, &mut w);
    }
    w
}

fn text(o: &Object) -> String {
    match o {
        Object::String(b, _) => {
            if b.starts_with(&[0xFE, 0xFF]) {
                let units: Vec<u16> = b[2..]
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                    .collect();
                String::from_utf16_lossy(&units)
            } else {
                String::from_utf8_lossy(b).into_owned()
            }
        }
        _ => String::new(),
    }
}

fn get<'d>(doc: &'d lopdf::Document, d: &'d Dictionary, key: &[u8]) -> Option<&'d Object> {
    let o = d.get(key).ok()?;
    Some(match o {
        Object::Reference(id) => doc.get_object(*id).ok()?,
        _ => o,
    })
}

/// A widget as read: its full name, field type, tooltip, rectangle and page size.
struct Widget {
    name: String,
    kind: String,
    tooltip: String,
    dict: Dictionary,
    rect: [f32; 4],
    media: [f32; 4],
}

fn widgets(doc: &lopdf::Document) -> Vec<Widget> {
    let mut out = Vec::new();
    for (_, page) in doc.get_pages() {
        let pd = doc.get_dictionary(page).unwrap();
        let nums = |o: &Object| -> [f32; 4] {
            let a = o.as_array().unwrap();
            let f = |i: usize| a[i].as_float().unwrap();
            [f(0), f(1), f(2), f(3)]
        };
        let media = nums(get(doc, pd, b"MediaBox").unwrap());
        let Some(annots) = get(doc, pd, b"Annots") else {
            continue;
        };
        for a in annots.as_array().unwrap() {
            let d = doc.get_dictionary(a.as_reference().unwrap()).unwrap();
            if d.get(b"Subtype").unwrap().as_name().unwrap() != b"Widget" {
                continue;
            }
            assert_eq!(
                pd.get(b"Tabs").unwrap().as_name().unwrap(),
                b"S",
                "a page with fields takes its tab order from the structure"
            );
            let parent = get(doc, d, b"Parent").unwrap().as_dict().unwrap();
            let name = format!(
                "{}.{}",
                text(parent.get(b"T").unwrap()),
                text(d.get(b"T").unwrap())
            );
            out.push(Widget {
                name,
                kind: String::from_utf8_lossy(d.get(b"FT").unwrap().as_name().unwrap())
                    .into_owned(),
                tooltip: text(d.get(b"TU").unwrap()),
                dict: d.clone(),
                rect: nums(d.get(b"Rect").unwrap()),
                media,
            });
        }
    }
    out
}

#[test]
fn every_prompt_blank_box_and_notes_page_has_one_named_field() {
    let want = wanted(worksheet());
    assert!(!want.questions.is_empty() && want.blanks >= 5 && want.tasks.len() >= 5);
    let doc = build_with(worksheet(), &["--fillable"]);
    let ws = widgets(&doc);
    let names: BTreeSet<&str> = ws.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(names.len(), ws.len(), "field names repeat");
    for w in &ws {
        let (part, own) = w.name.split_once('.').unwrap();
        let part_ok = part == "notes"
            || part == "opening"
            || part
                .strip_prefix("ch")
                .is_some_and(|n| n.parse::<u32>().is_ok());
        let own_ok = ["q", "blank", "task", "page"].iter().any(|p| {
            own.strip_prefix(p)
                .is_some_and(|n| n.parse::<u32>().is_ok())
        });
        assert!(part_ok && own_ok, "an unreadable field name {}", w.name);
        assert!(!w.tooltip.trim().is_empty(), "{} has no tooltip", w.name);
    }
    let of = |p: &'static str| {
        ws.iter()
            .filter(move |w| w.name.split('.').nth(1).unwrap().starts_with(p))
    };
    // each question's field asks the question, in reading order
    let questions: Vec<String> = of("q").map(|w| w.tooltip.clone()).collect();
    assert_eq!(questions, want.questions);
    assert_eq!(of("blank").count(), want.blanks);
    assert_eq!(of("page").count(), want.notes_pages);
    let boxes: Vec<bool> = of("task")
        .map(|w| w.dict.get(b"V").unwrap().as_name().unwrap() == b"Yes")
        .collect();
    assert_eq!(
        boxes, want.tasks,
        "the boxes are ticked as the Markdown says"
    );
    for w in &ws {
        let multiline = w
            .dict
            .get(b"Ff")
            .ok()
            .and_then(|f| f.as_i64().ok())
            .unwrap_or(0)
            & (1 << 12)
            != 0;
        let (own, kind) = (w.name.split('.').nth(1).unwrap(), w.kind.as_str());
        match kind {
            "Tx" => {
                assert_eq!(multiline, !own.starts_with("blank"), "{}", w.name);
                let da = text(w.dict.get(b"DA").unwrap());
                assert!(
                    da.contains("/GbBody") && da.contains(" Tf "),
                    "{}: {da}",
                    w.name
                );
            }
            "Btn" => assert!(own.starts_with("task"), "{}", w.name),
            other => panic!("{}: field type {other}", w.name),
        }
    }
}

#[test]
fn every_field_shows_and_prints_without_the_viewer_making_its_look() {
    let doc = build_with(worksheet(), &["--fillable"]);
    let form = get(&doc, doc.catalog().unwrap(), b"AcroForm")
        .unwrap()
        .as_dict()
        .unwrap();
    assert!(
        form.get(b"NeedAppearances").is_err(),
        "no reliance on NeedAppearances"
    );
    // the form's font: the body face, embedded whole, a simple font typed text can use
    let dr = get(&doc, form, b"DR").unwrap().as_dict().unwrap();
    let fonts = get(&doc, dr, b"Font").unwrap().as_dict().unwrap();
    let font = get(&doc, fonts, b"GbBody").unwrap().as_dict().unwrap();
    assert_eq!(
        font.get(b"Subtype").unwrap().as_name().unwrap(),
        b"TrueType"
    );
    let base =
        String::from_utf8_lossy(font.get(b"BaseFont").unwrap().as_name().unwrap()).into_owned();
    assert!(
        base.starts_with("Literata") && !base.contains('+'),
        "{base}: not a subset"
    );
    let fd = get(&doc, font, b"FontDescriptor")
        .unwrap()
        .as_dict()
        .unwrap();
    let file = get(&doc, fd, b"FontFile2").unwrap().as_stream().unwrap();
    let whole = std::fs::metadata(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fonts/Literata-Regular.ttf"
    ))
    .unwrap()
    .len();
    assert_eq!(
        file.dict.get(b"Length1").unwrap().as_i64().unwrap() as u64,
        whole
    );
    assert!(!doc.objects.values().any(|o| matches!(o, Object::Dictionary(d) if d.get(b"JS").is_ok() || d.get(b"JavaScript").is_ok())));
    for w in widgets(&doc) {
        let ap = get(&doc, &w.dict, b"AP").unwrap().as_dict().unwrap();
        let normal = get(&doc, ap, b"N").unwrap();
        match w.kind.as_str() {
            "Tx" => assert!(normal.as_stream().is_ok(), "{}: /AP /N", w.name),
            _ => {
                let states = normal.as_dict().unwrap();
                let down = get(&doc, ap, b"D").unwrap().as_dict().unwrap();
                for s in [&b"Yes"[..], b"Off"] {
                    assert!(
                        get(&doc, states, s).unwrap().as_stream().is_ok(),
                        "{}",
                        w.name
                    );
                    assert!(
                        get(&doc, down, s).unwrap().as_stream().is_ok(),
                        "{}",
                        w.name
                    );
                }
                let v = w.dict.get(b"V").unwrap().as_name().unwrap();
                assert_eq!(w.dict.get(b"AS").unwrap().as_name().unwrap(), v);
            }
        }
        // inside the page (its crop box is its media box)
        let [x0, y0, x1, y1] = w.rect;
        let [mx0, my0, mx1, my1] = w.media;
        assert!(
            x0 >= mx0 && y0 >= my0 && x1 <= mx1 && y1 <= my1 && x0 < x1 && y0 < y1,
            "{} {:?}",
            w.name,
            w.rect
        );
    }
}

/// The layout of the worksheet, print or fillable.
fn frames(fillable: bool) -> Vec<PageFrame> {
    let ms = manuscript::load(worksheet()).unwrap();
    let (mut doc, _) = parse::document(&ms).into_parts();
    manuscript::load_assets(&mut doc, &ms);
    let opts = TypesetOptions {
        fillable,
        ..TypesetOptions::from_config(&ms.config, None)
    };
    guidebuild::typeset::layout_frames(&doc, &ms.config.theme, &ms.fonts, &opts)
        .unwrap()
        .0
}

#[test]
fn fields_lie_over_the_lines_drawn_for_them_on_the_same_pages() {
    let print = frames(false);
    let fill = frames(true);
    assert_eq!(print.len(), fill.len());
    let rule =
        guidebuild::theme::parse_color(&guidebuild::theme::Theme::default().colors.rule).unwrap();
    let mut seen = 0;
    for (p, f) in print.iter().zip(&fill) {
        // the same text at the same places (a ticked box's glyph aside: its field draws the tick)
        let texts = |fr: &PageFrame| -> Vec<(i64, i64, String)> {
            fr.items
                .iter()
                .filter_map(|i| match i {
                    FrameItem::Text(t) if t.info.kind != LineKind::Marker => Some((
                        (t.x * 100.0) as i64,
                        (t.baseline * 100.0) as i64,
                        t.text.clone(),
                    )),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(texts(p), texts(f), "page {}", p.label);
        assert!(!p.items.iter().any(|i| matches!(i, FrameItem::Field(_))));
        for item in &f.items {
            let FrameItem::Field(field) = item else {
                continue;
            };
            seen += 1;
            let inside = |x: f32, y: f32| {
                x >= field.x0 - 0.5
                    && x <= field.x1 + 0.5
                    && y >= field.y0 - 0.5
                    && y <= field.y1 + 2.0
            };
            match field.kind {
                FieldKind::Text {
                    multiline: true, ..
                } => {
                    // the question's (or the notes page's) ruled lines are under it, all of them
                    let lines = f.items.iter().filter(|i| matches!(i, FrameItem::Fill { x, y, w, color, .. } if *color == rule && inside(*x, *y) && inside(x + w, *y))).count();
                    assert!(lines >= 1, "{}: no answer line under it", field.name);
                }
                FieldKind::Text {
                    multiline: false, ..
                } => {
                    // the blank's rule is at its foot, as wide as it
                    let under = f.items.iter().any(|i| matches!(i, FrameItem::Fill { x, y, w, h, .. } if *h < 1.0 && (x - field.x0).abs() < 0.5 && (x + w - field.x1).abs() < 0.5 && *y >= field.y1 - 1.0 && *y <= field.y1 + 2.0));
                    assert!(under, "{}: no rule at its foot", field.name);
                }
                FieldKind::Check { .. } => {
                    // over the task's box glyph
                    let over = f.items.iter().any(|i| matches!(i, FrameItem::Text(t) if t.info.kind == LineKind::Marker && inside(t.x + t.width() / 2.0, t.baseline - 2.0)));
                    assert!(over, "{}: not over a box", field.name);
                }
            }
        }
    }
    assert!(seen >= 15, "{seen} fields");
}

#[test]
fn the_print_edition_has_no_form_and_the_fillable_one_is_the_same_file_twice() {
    let print = build_with(worksheet(), &[]);
    assert!(print.catalog().unwrap().get(b"AcroForm").is_err());
    assert!(widgets(&print).is_empty());
    let out = tempfile::tempdir().unwrap();
    let bytes = |name: &str| {
        let f = out.path().join(name);
        let o = run(&[
            "pdf",
            worksheet().to_str().unwrap(),
            "--fillable",
            "-o",
            f.to_str().unwrap(),
        ]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        std::fs::read(f).unwrap()
    };
    assert_eq!(bytes("a.pdf"), bytes("b.pdf"));
}

#[test]
fn the_fillable_pdf_is_tagged_with_its_fields_as_form_elements() {
    check_with(worksheet(), &["--fillable"]);
    let doc = build_with(worksheet(), &["--fillable"]);
    let forms = doc
        .objects
        .values()
        .filter(|o| matches!(o, Object::Dictionary(d) if d.get(b"S").ok().and_then(|s| s.as_name().ok()) == Some(&b"Form"[..])))
        .count();
    assert_eq!(forms, widgets(&doc).len());
}

#[test]
fn a_fillable_booklet_is_refused_with_what_to_do() {
    let out = tempfile::tempdir().unwrap();
    let f = out.path().join("b.pdf");
    let o = run(&[
        "pdf",
        worksheet().to_str().unwrap(),
        "--fillable",
        "--for",
        "booklet",
        "-o",
        f.to_str().unwrap(),
    ]);
    assert_ne!(o.code, 0);
    assert!(
        o.stderr.contains("GB009") && o.stderr.contains("--for home --fillable"),
        "{}",
        o.stderr
    );
    assert!(!f.exists());
}
