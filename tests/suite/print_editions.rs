//! The print-shop editions (`--for kdp`, `--for ingramspark`): generated books of about 100,
//! 200, 400 and 600 pages get the gutter their service's table asks for their page count;
//! the files hold what a print shop and PDF/X-1a:2001 ask (boxes, ink, whole fonts, nothing
//! interactive, the output intent and keys, PDF 1.3); the preflight reports, at their
//! places, what the service would refuse.
//!
//! Of ISO 15930-1 (PDF/X-1a:2001) these tests check: the PDF version (1.3, the standard's
//! base); the output intent (`/S /GTS_PDFX`, an OutputConditionIdentifier with its registry,
//! so no profile need be embedded); the Info keys `GTS_PDFXVersion`, `GTS_PDFXConformance`,
//! `Trapped` (`/False`), `Title` and the dates; the file ID in the trailer; a TrimBox on
//! every page, inside the BleedBox, inside the MediaBox; colour only DeviceGray or
//! DeviceCMYK, in content streams and images; no soft masks (no transparency); fonts
//! embedded (whole); no annotations, form fields, JavaScript or encryption. They do not check
//! what veraPDF would besides: the fonts' internal tables, each glyph's width against the
//! font's, the XMP rules of the 2003 revision, or overprint settings.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use guidebuild::config::{Edition, GuideConfig, PdfChoice, Service};
use guidebuild::fonts::FontFiles;
use guidebuild::testing::{audit, sample};
use guidebuild::theme::Theme;
use guidebuild::typeset::{self, TypesetOptions};
use lopdf::{Document, Object};

use crate::common::*;

fn options(edition: Edition) -> TypesetOptions {
    let asked = PdfChoice {
        edition: Some(edition),
        ..PdfChoice::default()
    };
    TypesetOptions::for_edition(&GuideConfig::default(), asked).unwrap()
}

/// The inside margin (to the spine) and outside margin of every page with body text.
fn inside_and_outside(frames: &[guidebuild::typeset::frame::PageFrame]) -> Vec<(f32, f32)> {
    audit::margins(frames)
        .into_iter()
        .enumerate()
        .filter_map(|(p, m)| {
            let (left, right) = m?;
            // page 0 is a recto: its spine is on the left
            Some(if p % 2 == 0 {
                (left, right)
            } else {
                (right, left)
            })
        })
        .collect()
}

/// Generated books of about 100, 200, 400 and 600 pages: for each service, every body page's
/// inside margin is at least the gutter its table gives for the book's page count, the
/// outside at least the safe distance, and the page count even; the inside margin grows
/// with the count.
#[test]
fn the_gutter_grows_with_the_page_count_by_each_services_table() {
    let books = [(8, 2600), (10, 4100), (18, 5000), (20, 6100)];
    for edition in [Edition::Kdp, Edition::IngramSpark] {
        let service = edition.service().unwrap();
        let opts = options(edition);
        let mut insides = Vec::new();
        let mut counts = Vec::new();
        for (chapters, words) in books {
            let doc = sample::long_book(chapters, words);
            let (frames, _) =
                typeset::layout_frames(&doc, &Theme::default(), &FontFiles::default_set(), &opts)
                    .unwrap();
            let n = frames.len();
            assert!(n.is_multiple_of(2), "{edition:?}: {n} pages");
            let gutter = service.gutter(n);
            let safe = service.safe(false);
            let margins = inside_and_outside(&frames);
            assert!(
                margins.len() > n / 2,
                "{n} pages, {} with body text",
                margins.len()
            );
            let least_inside = margins.iter().map(|m| m.0).fold(f32::MAX, f32::min);
            let least_outside = margins.iter().map(|m| m.1).fold(f32::MAX, f32::min);
            assert!(
                least_inside >= gutter - 0.01,
                "{edition:?}, {n} pages: inside {least_inside} under the gutter {gutter}"
            );
            assert!(
                least_outside >= safe,
                "{edition:?}, {n} pages: outside {least_outside}"
            );
            insides.push(least_inside);
            counts.push(n);
        }
        // the books reach four steps of the table
        let steps: BTreeSet<u32> = counts.iter().map(|&n| service.gutter(n) as u32).collect();
        assert!(
            steps.len() >= 3,
            "{edition:?}: {counts:?} reach only {steps:?}"
        );
        assert!(
            insides.windows(2).all(|w| w[1] >= w[0] - 0.01) && insides[3] > insides[0] + 5.0,
            "{edition:?}: inside margins {insides:?} for {counts:?} pages"
        );
        if service == Service::Kdp {
            assert_eq!(steps.len(), 4, "{counts:?}");
        }
    }
}

/// Numbers of a box array.
fn rect(d: &lopdf::Dictionary, key: &[u8]) -> [f32; 4] {
    let a = d.get(key).unwrap().as_array().unwrap();
    let v: Vec<f32> = a.iter().map(|o| o.as_float().unwrap()).collect();
    [v[0], v[1], v[2], v[3]]
}

fn inside(a: [f32; 4], b: [f32; 4]) -> bool {
    a[0] >= b[0] - 0.01 && a[1] >= b[1] - 0.01 && a[2] <= b[2] + 0.01 && a[3] <= b[3] + 0.01
}

fn literal(d: &lopdf::Dictionary, key: &[u8]) -> String {
    match d.get(key) {
        Ok(Object::String(s, _)) => String::from_utf8_lossy(s).into_owned(),
        other => panic!("{}: {other:?}", String::from_utf8_lossy(key)),
    }
}

/// The operators of a content stream (strings taken out first).
fn operators(content: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut hex = false;
    let mut word = String::new();
    for &b in content {
        match b {
            b'(' if !hex => depth += 1,
            b')' if !hex && depth > 0 => depth -= 1,
            b'<' if depth == 0 => hex = true,
            b'>' if hex => hex = false,
            _ if depth > 0 || hex => {}
            b if b.is_ascii_whitespace() || b"[]/".contains(&b) => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            b => word.push(b as char),
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out.retain(|w| {
        w.chars()
            .all(|c| c.is_ascii_alphabetic() || c == '*' || c == '\'')
    });
    out
}

/// What every print-shop file must hold, checked on `bytes` for a trim of `trim` pt and a
/// bleed of `bleed` pt: see the module's list.
fn assert_print_file(bytes: &[u8], trim: (f32, f32), bleed: f32, cmyk: bool) -> Document {
    assert!(bytes.starts_with(b"%PDF-1.3\n"), "{:?}", &bytes[..9]);
    let raw = String::from_utf8_lossy(bytes);
    for banned in [
        "/DeviceRGB",
        "/SMask",
        "/Annots",
        "/AcroForm",
        "/ObjStm",
        "/XRef",
        "/Encrypt",
        "/JavaScript",
        "/Outlines",
        "/StructTreeRoot",
        "/Metadata",
        "/CalRGB",
        "/ICCBased",
        "/Group",
    ] {
        assert!(!raw.contains(banned), "the file holds {banned}");
    }
    assert!(
        raw.contains("\ntrailer\n<<") && raw.contains("\nxref\n0 "),
        "a classic xref table"
    );
    let pdf = Document::load_mem(bytes).unwrap();
    let info = pdf
        .get_dictionary(pdf.trailer.get(b"Info").unwrap().as_reference().unwrap())
        .unwrap();
    assert_eq!(literal(info, b"GTS_PDFXVersion"), "PDF/X-1:2001");
    assert_eq!(literal(info, b"GTS_PDFXConformance"), "PDF/X-1a:2001");
    assert_eq!(info.get(b"Trapped").unwrap().as_name().unwrap(), b"False");
    assert!(!literal(info, b"Title").is_empty());
    assert!(pdf.trailer.get(b"ID").is_ok());
    let catalog = pdf.catalog().unwrap();
    let intents = catalog.get(b"OutputIntents").unwrap().as_array().unwrap();
    let intent = pdf
        .get_dictionary(intents[0].as_reference().unwrap())
        .unwrap();
    assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFX");
    assert_eq!(
        literal(intent, b"OutputConditionIdentifier"),
        "CGATS TR 001"
    );
    assert!(!literal(intent, b"RegistryName").is_empty());
    let pages = pdf.get_pages();
    assert!(pages.len().is_multiple_of(2), "{} pages", pages.len());
    let mut inks = BTreeSet::new();
    for (k, &id) in pages.values().enumerate() {
        let page = pdf.get_dictionary(id).unwrap();
        let (media, bleed_box, trim_box) = (
            rect(page, b"MediaBox"),
            rect(page, b"BleedBox"),
            rect(page, b"TrimBox"),
        );
        assert!(
            inside(trim_box, bleed_box) && inside(bleed_box, media),
            "page {k}"
        );
        assert!(
            (trim_box[2] - trim_box[0] - trim.0).abs() < 0.01,
            "page {k}: {trim_box:?}"
        );
        assert!(
            (trim_box[3] - trim_box[1] - trim.1).abs() < 0.01,
            "page {k}: {trim_box:?}"
        );
        assert!(
            (media[2] - trim.0 - bleed).abs() < 0.01,
            "page {k}: {media:?}"
        );
        assert!(
            (media[3] - trim.1 - 2.0 * bleed).abs() < 0.01,
            "page {k}: {media:?}"
        );
        // the bleed is on the outside: right of a recto, left of a verso
        let left = if k % 2 == 0 { 0.0 } else { bleed };
        assert!((trim_box[0] - left).abs() < 0.01, "page {k}: {trim_box:?}");
        let ops = operators(&pdf.get_page_content(id));
        // (`Tr`: no invisible text, KDP refuses invisible objects)
        for op in [
            "rg", "RG", "sc", "SC", "scn", "SCN", "cs", "CS", "gs", "sh", "Tr",
        ] {
            assert!(!ops.iter().any(|o| o == op), "page {k} uses `{op}`");
        }
        inks.extend(
            ops.into_iter()
                .filter(|o| ["g", "G", "k", "K"].contains(&o.as_str())),
        );
    }
    let want: BTreeSet<String> = [if cmyk { "k" } else { "g" }.to_string()].into();
    assert_eq!(inks, want);
    // fonts: whole (the size of a font file under fonts/), named without a subset tag
    let sizes: BTreeSet<usize> = fs::read_dir("fonts")
        .unwrap()
        .filter_map(|e| {
            let p = e.ok()?.path();
            (p.extension()? == "ttf").then(|| fs::metadata(&p).unwrap().len() as usize)
        })
        .collect();
    let mut fonts = 0;
    for obj in pdf.objects.values() {
        let Ok(d) = obj.as_dict() else { continue };
        if d.get(b"Type").and_then(Object::as_name).ok() != Some(b"FontDescriptor") {
            continue;
        }
        let name =
            String::from_utf8_lossy(d.get(b"FontName").unwrap().as_name().unwrap()).into_owned();
        assert!(!name.contains('+'), "{name} is a subset");
        let file = pdf
            .get_object(d.get(b"FontFile2").unwrap().as_reference().unwrap())
            .unwrap();
        let mut st = file.as_stream().unwrap().clone();
        st.decompress().unwrap();
        assert!(
            sizes.contains(&st.content.len()),
            "{name}: {} bytes is no whole font",
            st.content.len()
        );
        fonts += 1;
    }
    assert!(fonts >= 3, "{fonts} fonts");
    pdf
}

fn build(dir: &Path, args: &str, out: &Path) -> Out {
    let mut all = vec!["pdf", dir.to_str().unwrap()];
    all.extend(args.split_whitespace());
    all.extend(["-o", out.to_str().unwrap()]);
    run(&all)
}

#[test]
fn the_guide_as_a_kdp_and_an_ingramspark_interior() {
    let dir = tempfile::tempdir().unwrap();
    for edition in ["kdp", "ingramspark"] {
        let out = dir.path().join(format!("{edition}.pdf"));
        let o = build(Path::new("manuscript"), &format!("--for {edition}"), &out);
        assert_eq!(o.code, 0, "{}", o.stderr);
        assert!(o.stderr.contains("paperback interior"), "{}", o.stderr);
        // the guide is long enough and clean: no preflight finding
        assert!(!o.stderr.contains("warning[GB6"), "{}", o.stderr);
        let bytes = fs::read(&out).unwrap();
        let pdf = assert_print_file(&bytes, (432.0, 648.0), 0.0, false);
        assert!(pdf.get_pages().len() >= 24);
    }
}

/// A copy of the guide with `toml` added to its guide.toml.
fn guide_with(dir: &Path, toml: &str) -> std::path::PathBuf {
    let ms = dir.join("ms");
    copy_dir(Path::new("manuscript"), &ms);
    let mut cfg = fs::read_to_string(ms.join("guide.toml")).unwrap();
    cfg.push_str(toml);
    fs::write(ms.join("guide.toml"), cfg).unwrap();
    ms
}

#[test]
fn bleed_and_colour_and_trim_from_guide_toml() {
    let dir = tempfile::tempdir().unwrap();
    let ms = guide_with(
        dir.path(),
        "\n[pdf.print]\nbleed = true\ncolor = true\ntrim = \"5.25x8\"\n",
    );
    let out = dir.path().join("kdp.pdf");
    let o = build(&ms, "--for kdp", &out);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stderr.contains("5.25x8 in trim, with bleed"),
        "{}",
        o.stderr
    );
    let bytes = fs::read(&out).unwrap();
    let pdf = assert_print_file(&bytes, (378.0, 576.0), 9.0, true);
    // each page's content is moved onto its trim first
    for (k, &id) in pdf.get_pages().values().enumerate().take(4) {
        let content = String::from_utf8(pdf.get_page_content(id)).unwrap();
        let dx = if k % 2 == 0 { 0 } else { 9 };
        assert!(
            content.starts_with(&format!("1 0 0 1 {dx} 9 cm\n")),
            "page {k}: {}",
            &content[..40]
        );
    }
    // --paper wins over [pdf.print] trim
    let o = build(&ms, "--for kdp --paper 5x8", &out);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_print_file(&fs::read(&out).unwrap(), (360.0, 576.0), 9.0, true);
}

/// The worksheet's fill-in blanks are drawn rules; their underscores, an invisible stand-in
/// for text extraction in the home PDF, are left out of a print shop's file.
#[test]
fn a_worksheet_prints_its_blanks_without_invisible_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("w.pdf");
    let worksheet = Path::new("tests/fixtures/authors/worksheet");
    let o = build(worksheet, "--for kdp", &out);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_print_file(&fs::read(&out).unwrap(), (432.0, 648.0), 0.0, false);
    // the home PDF has them (so the check above can fail)
    let home = dir.path().join("h.pdf");
    assert_eq!(build(worksheet, "", &home).code, 0);
    let pdf = Document::load(&home).unwrap();
    let invisible = pdf
        .get_pages()
        .values()
        .flat_map(|&id| operators(&pdf.get_page_content(id)))
        .filter(|o| o == "Tr")
        .count();
    assert!(invisible > 0);
}

#[test]
fn a_print_shop_interior_is_never_fillable_and_takes_its_own_name() {
    let dir = tempfile::tempdir().unwrap();
    let o = build(
        Path::new("manuscript"),
        "--for kdp --fillable",
        &dir.path().join("x.pdf"),
    );
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.contains("GB009") && o.stderr.contains("KDP interior"),
        "{}",
        o.stderr
    );
    assert!(!dir.path().join("x.pdf").exists());
    // the default name says the edition, beside the home PDF
    let ms = dir.path().join("ms");
    copy_dir(Path::new("manuscript"), &ms);
    let o = run(&["build", ms.to_str().unwrap(), "--for", "ingramspark"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let made: Vec<String> = fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        made.iter().any(|n| n.ends_with("-ingramspark.pdf")),
        "{made:?}"
    );
    assert!(made.iter().any(|n| n.ends_with(".epub")), "{made:?}");
}

/// A short guide of an author's own, with a colour set in guide.toml: `check --for kdp`
/// reports the page count and the colour at its line, and the same build reports them too.
#[test]
fn check_for_kdp_reports_what_kdp_would_refuse() {
    let dir = tempfile::tempdir().unwrap();
    let ms = dir.path().join("ms");
    fs::create_dir_all(&ms).unwrap();
    fs::write(
        ms.join("guide.toml"),
        "title = \"Two Pages\"\nauthor = \"A. Writer\"\n\n[theme.colors]\nheading = \"#aa2244\"\nrule = \"#777777\"\n",
    )
    .unwrap();
    fs::write(ms.join("01-start.md"), "# Start\n\nA short guide.\n").unwrap();
    let o = run(&["check", ms.to_str().unwrap(), "--for", "kdp"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(
        o.stderr.contains("warning[GB601]") && o.stderr.contains("24 pages or more"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains("warning[GB606]") && o.stderr.contains("colors.heading"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("guide.toml:5:"), "{}", o.stderr);
    // a grey is no finding
    assert!(!o.stderr.contains("colors.rule"), "{}", o.stderr);
    // IngramSpark prints from 18 pages; a colour interior has no colour to warn of
    let mut cfg = fs::read_to_string(ms.join("guide.toml")).unwrap();
    cfg.push_str("\n[pdf.print]\ncolor = true\n");
    fs::write(ms.join("guide.toml"), cfg).unwrap();
    let o = run(&["check", ms.to_str().unwrap(), "--for", "ingramspark"]);
    assert!(
        o.stderr.contains("18 pages or more") && !o.stderr.contains("GB606"),
        "{}",
        o.stderr
    );
    // without --for, check knows of no edition
    let o = run(&["check", ms.to_str().unwrap()]);
    assert!(!o.stderr.contains("GB60"), "{}", o.stderr);
}

/// The image XObjects of a file: their colour space names and whether any has a soft mask.
fn images(pdf: &Document) -> Vec<Vec<u8>> {
    pdf.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image"))
        .map(|s| {
            assert!(s.dict.get(b"SMask").is_err(), "an image with a soft mask");
            s.dict
                .get(b"ColorSpace")
                .unwrap()
                .as_name()
                .unwrap()
                .to_vec()
        })
        .collect()
}

/// An RGB image with alpha, and a small gray one set large: in a black-and-white interior
/// both are DeviceGray with no soft mask (the alpha flattened onto white), in a colour one
/// DeviceCMYK; the small one is reported (GB604), the large one not.
#[test]
fn images_are_flattened_into_the_interiors_ink_and_checked_for_resolution() {
    let mut doc = sample::sample_document();
    sample::add_figure(
        &mut doc,
        "sunrise.png",
        guidebuild::image::samples::good_png(1600, 1000, 6),
        1,
    );
    sample::add_figure(
        &mut doc,
        "tiny.png",
        guidebuild::image::samples::good_png(60, 40, 0),
        2,
    );
    let theme = Theme::default();
    let fonts = FontFiles::default_set();
    for (color, space) in [(false, &b"DeviceGray"[..]), (true, &b"DeviceCMYK"[..])] {
        let mut opts = options(Edition::Kdp);
        if let Some(p) = opts.print.as_mut() {
            p.color = color;
        }
        let made = guidebuild::pdf::render(&doc, &theme, &fonts, &opts).unwrap();
        let low: Vec<_> = made.warnings.iter().filter(|d| d.code == "GB604").collect();
        assert_eq!(low.len(), 1, "{:?}", made.warnings);
        assert!(low[0].message.contains("tiny.png"), "{}", low[0].message);
        let pdf = assert_print_file(&made.value.bytes, (432.0, 648.0), 0.0, color);
        let spaces = images(&pdf);
        assert_eq!(spaces, vec![space.to_vec(); 2]);
    }
}

/// The preflight on the guide's own pages finds nothing; made smaller, thinner or wider than
/// a service allows, each page is reported once, at the manuscript line its text is from.
#[test]
fn the_preflight_finds_small_type_thin_lines_and_the_unsafe_edge() {
    use guidebuild::typeset::frame::FrameItem;
    let doc = sample::sample_document();
    let opts = options(Edition::IngramSpark);
    let shop = opts.print.unwrap();
    let (mut frames, _) =
        typeset::layout_frames(&doc, &Theme::default(), &FontFiles::default_set(), &opts).unwrap();
    guidebuild::pdf::print::prepare(&mut frames, &shop);
    let clean = guidebuild::pdf::print::preflight(&frames, &doc.assets, &shop);
    assert!(clean.iter().all(|d| d.code == "GB601"), "{clean:?}");
    // a body line at 6 pt, one pushed to 0.2 in from the trim, a hairline
    let body = |f: &guidebuild::typeset::frame::PageFrame| {
        f.items.iter().position(|i| matches!(i, FrameItem::Text(t) if t.info.kind == guidebuild::typeset::frame::LineKind::Body))
    };
    let p = frames.iter().position(|f| body(f).is_some()).unwrap();
    let k = body(&frames[p]).unwrap();
    let FrameItem::Text(t) = &mut frames[p].items[k] else {
        unreachable!()
    };
    t.runs.iter_mut().for_each(|r| r.size = 6.0);
    let span = t.span;
    let q = p
        + 1
        + frames[p + 1..]
            .iter()
            .position(|f| body(f).is_some())
            .unwrap();
    let k = body(&frames[q]).unwrap();
    if let FrameItem::Text(t) = &mut frames[q].items[k] {
        t.x = 14.4;
    }
    frames[q].items.push(FrameItem::Fill {
        x: 100.0,
        y: 300.0,
        w: 100.0,
        h: 0.1,
        color: (0.0, 0.0, 0.0),
    });
    let found = guidebuild::pdf::print::preflight(&frames, &doc.assets, &shop);
    let of = |code: &str| found.iter().filter(|d| d.code == code).collect::<Vec<_>>();
    assert_eq!(of("GB602").len(), 1, "{found:?}");
    assert_eq!(of("GB602")[0].span, Some(span));
    assert!(
        of("GB602")[0].message.contains("6.0 pt"),
        "{:?}",
        of("GB602")
    );
    assert_eq!(of("GB603").len(), 1, "{found:?}");
    assert!(
        of("GB603")[0].message.contains("0.10 pt"),
        "{:?}",
        of("GB603")
    );
    assert_eq!(of("GB605").len(), 1, "{found:?}");
    assert!(of("GB605")[0].span.is_some(), "{:?}", of("GB605"));
}
