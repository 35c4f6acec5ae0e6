//! Valid output from hostile but accepted input, through the real binary: links never nest in
//! the EPUB, link schemes are an allow-list in both outputs, links to other chapter files
//! resolve (GitHub style) in both, broken or oversized images become warnings and a
//! placeholder (never their bytes in the book), and an SVG reaches the EPUB without scripts,
//! event attributes, foreign content, external references or a DOCTYPE.

use crate::common::{run, zip_entries};
use guidebuild::image::samples;
use std::fs;
use std::path::{Path, PathBuf};

/// Writes the files of a manuscript into a fresh folder and builds both outputs: the run,
/// the EPUB's bytes and the PDF parsed.
struct Built {
    code: i32,
    stderr: String,
    epub: Vec<u8>,
    pdf: lopdf::Document,
    _dir: tempfile::TempDir,
}

fn build(files: &[(&str, &[u8])]) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let ms = dir.path().join("book");
    for (name, bytes) in files {
        let path = ms.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    let out = dir.path().join("out");
    let r = run(&["build", ms.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let find = |ext: &str| -> PathBuf {
        fs::read_dir(&out)
            .unwrap_or_else(|e| panic!("no output ({e}): {}", r.stderr))
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|x| x == ext))
            .unwrap_or_else(|| panic!("no .{ext} written: {}", r.stderr))
    };
    let epub = fs::read(find("epub")).unwrap();
    epubcheck_if_present(&epub, dir.path());
    let pdf = lopdf::Document::load(find("pdf")).unwrap();
    Built {
        code: r.code,
        stderr: r.stderr,
        epub,
        pdf,
        _dir: dir,
    }
}

/// The chapter pages of an EPUB, as (name, text).
fn chapter_pages(epub: &[u8]) -> Vec<(String, String)> {
    zip_entries(epub)
        .into_iter()
        .filter(|(n, _)| n.starts_with("OEBPS/ch") && n.ends_with(".xhtml"))
        .map(|(n, b)| (n, String::from_utf8(b).unwrap()))
        .collect()
}

/// The deepest nesting of `<a>` elements in an XHTML page.
fn deepest_link(xhtml: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut rest = xhtml;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if rest.starts_with("a ") || rest.starts_with("a>") {
            let end = rest.find('>').unwrap();
            if !rest[..end].ends_with('/') {
                depth += 1;
                deepest = deepest.max(depth);
            }
        } else if rest.starts_with("/a>") {
            depth -= 1;
        }
    }
    deepest
}

/// Every link annotation of the PDF's pages: its URI (external) or `None` (inside the book).
fn pdf_links(pdf: &lopdf::Document) -> Vec<Option<String>> {
    use lopdf::Object;
    let deref = |o: &'_ Object| -> Option<lopdf::Dictionary> {
        match o {
            Object::Reference(r) => pdf.get_dictionary(*r).ok().cloned(),
            Object::Dictionary(x) => Some(x.clone()),
            _ => None,
        }
    };
    let mut out = Vec::new();
    for (_, page) in pdf.get_pages() {
        let p = pdf.get_dictionary(page).unwrap();
        let annots = match p.get(b"Annots") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(Object::Reference(r)) => pdf.get_object(*r).unwrap().as_array().unwrap().clone(),
            _ => continue,
        };
        for a in annots.iter().filter_map(deref) {
            let uri = a.get(b"A").ok().and_then(deref).and_then(|act| {
                act.get(b"URI")
                    .ok()
                    .and_then(|u| u.as_str().ok())
                    .map(|u| String::from_utf8_lossy(u).into_owned())
            });
            out.push(uri);
        }
    }
    out
}

#[test]
fn links_inside_link_text_never_nest_in_either_output() {
    let text = "# One\n\n\
        [a <https://x.example> b](https://y.example)\n\n\
        [*a <https://x.example>* b](https://y.example)\n\n\
        [**<me@x.example>** c](https://y.example)\n\n\
        [a [b](https://z.example) c](https://y.example)\n\n\
        - [in a list <https://x.example>](https://y.example)\n\n\
        > [in a quote <https://x.example>](https://y.example)\n\n\
        | head |\n|---|\n| [cell <https://x.example>](https://y.example) |\n";
    let b = build(&[("01-one.md", text.as_bytes())]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let pages = chapter_pages(&b.epub);
    assert!(!pages.is_empty());
    for (name, page) in &pages {
        assert_eq!(deepest_link(page), 1, "{name} nests links:\n{page}");
        assert!(page.contains("https://x.example"), "inner link's text kept");
        assert!(
            !page.contains("href=\"https://x.example"),
            "{name}: inner link kept"
        );
    }
    // the PDF links what the EPUB links: the outer links, never the inner autolinks (but
    // `[a [b](z) c](y)` is, as CommonMark reads it, text around the one link to z)
    let uris: Vec<String> = pdf_links(&b.pdf).into_iter().flatten().collect();
    assert!(uris.iter().any(|u| u == "https://y.example"), "{uris:?}");
    assert!(uris.iter().any(|u| u == "https://z.example"), "{uris:?}");
    assert!(
        uris.iter().all(|u| !u.contains("x.example")),
        "inner link in the PDF: {uris:?}"
    );
}

#[test]
fn link_schemes_are_an_allow_list_in_both_outputs() {
    let text = "# One\n\n\
        [p](file:///etc/passwd) [j](jar:file:///x.jar!/y) [b](blob:https://e.example/1)\n\
        [s](javascript:alert(1)) [l](livescript:x) [n](//e.example/x)\n\n\
        [web](https://ok.example) [mail](mailto:a@ok.example) [call](tel:+15550100)\n";
    let b = build(&[("01-one.md", text.as_bytes())]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let dropped: Vec<&str> = b.stderr.lines().filter(|l| l.contains("GB104")).collect();
    assert_eq!(dropped.len(), 6, "{}", b.stderr);
    // each warning is located: file:line:col
    let mut places = Vec::new();
    for (n, line) in text.lines().enumerate() {
        for (col, _) in line.match_indices("](") {
            let open = line[..col].rfind('[').unwrap();
            places.push((n + 1, open + 1));
        }
    }
    for &(line, col) in &places[..6] {
        assert!(
            b.stderr.contains(&format!("01-one.md:{line}:{col}")),
            "{line}:{col} missing:\n{}",
            b.stderr
        );
    }
    let pages = chapter_pages(&b.epub).into_iter().map(|(_, p)| p);
    let all: String = pages.collect();
    for gone in [
        "file:",
        "jar:",
        "blob:",
        "javascript:",
        "livescript:",
        "//e.example",
    ] {
        assert!(!all.contains(gone), "{gone} in the EPUB");
    }
    for kept in [
        "href=\"https://ok.example\"",
        "href=\"mailto:a@ok.example\"",
        "href=\"tel:+15550100\"",
    ] {
        assert!(all.contains(kept), "{kept} missing from the EPUB");
    }
    // the link texts stay
    assert!(all.contains(">p ") || all.contains("p j b"), "{all}");
    let mut uris: Vec<String> = pdf_links(&b.pdf).into_iter().flatten().collect();
    uris.sort();
    assert_eq!(
        uris,
        ["https://ok.example", "mailto:a@ok.example", "tel:+15550100"]
    );
}

#[test]
fn links_to_other_chapter_files_resolve_in_both_outputs() {
    let one = "# One\n\nOn to [two](./part/02-two.md) and [its end](part/02-two.md#the-end).\n";
    let two = "# Two\n\nBack to [one](../01-one.md), on to [three](../03-three.md#Later).\n\n\
        ## The End\n\nDone.\n";
    let three = "# Three\n\n## Later {#Later}\n\nSee [the end](part/02-two.md#the-end).\n";
    let toml =
        "title = \"Links\"\nchapters = [\"01-one.md\", \"part/02-two.md\", \"03-three.md\"]\n";
    let files: [(&str, &[u8]); 4] = [
        ("guide.toml", toml.as_bytes()),
        ("01-one.md", one.as_bytes()),
        ("part/02-two.md", two.as_bytes()),
        ("03-three.md", three.as_bytes()),
    ];
    let b = build(&files);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert!(!b.stderr.contains("GB209"), "{}", b.stderr);
    let pages = chapter_pages(&b.epub);
    let hrefs: Vec<&str> = pages
        .iter()
        .flat_map(|(_, p)| p.split("<a href=\"").skip(1))
        .map(|h| &h[..h.find('"').unwrap()])
        .collect();
    for want in [
        "ch02.xhtml#two",
        "ch01.xhtml#one",
        "ch03.xhtml#Later",
        "ch02.xhtml#the-end",
    ] {
        assert!(hrefs.iter().any(|h| h.contains(want)), "{want}: {hrefs:?}");
    }
    // the PDF: the same five links, all inside the book
    let internal = pdf_links(&b.pdf).iter().filter(|u| u.is_none()).count();
    assert!(internal >= 5, "{internal} internal links");
    // `check` agrees: nothing is broken
    let dir = b._dir.path().join("book");
    let r = run(&["check", dir.to_str().unwrap()]);
    assert!(
        !r.stdout.contains("GB209") && !r.stderr.contains("GB209"),
        "{}",
        r.stderr
    );
}

#[test]
fn broken_and_oversized_images_become_warnings_and_placeholders() {
    let broken: [(&str, Vec<u8>); 4] = [
        ("huge.png", samples::png_huge_header()),
        ("notzlib.png", samples::png_not_zlib()),
        ("bomb.png", samples::png_bomb()),
        ("noscan.jpg", samples::jpeg_no_scan()),
    ];
    let mut text = String::from("# Pictures\n\n![a good one](good.png)\n\n");
    for (name, _) in &broken {
        text.push_str(&format!("![picture {name}]({name})\n\n"));
    }
    text.push_str("Inline ![good jpeg](good.jpg) and ![broken inline](noscan.jpg).\n");
    let good = samples::good_png(40, 30, 2);
    let jpeg = samples::good_jpeg();
    let mut files: Vec<(&str, &[u8])> = vec![
        ("01-pictures.md", text.as_bytes()),
        ("good.png", &good),
        ("good.jpg", &jpeg),
    ];
    files.extend(broken.iter().map(|(n, b)| (*n, b.as_slice())));
    let b = build(&files);
    assert_eq!(b.code, 0, "{}", b.stderr);
    for (k, (name, _)) in broken.iter().enumerate() {
        let line = 5 + 2 * k;
        for code in ["GB302", "GB407"] {
            let warned = b
                .stderr
                .lines()
                .any(|l| l.contains(code) && l.contains(&format!("`{name}`")));
            assert!(warned, "no {code} for {name}:\n{}", b.stderr);
        }
        assert!(
            b.stderr.contains(&format!("01-pictures.md:{line}:1")),
            "{name} not located at line {line}:\n{}",
            b.stderr
        );
    }
    // `check` tells the same images before a build, once each, where they are used
    let ms = b._dir.path().join("book");
    let c = run(&["check", ms.to_str().unwrap()]);
    assert_eq!(c.code, 1, "{}", c.stderr);
    for (k, (name, _)) in broken.iter().enumerate() {
        let line = 5 + 2 * k;
        let at = format!("01-pictures.md:{line}:1");
        let told = c
            .stderr
            .matches(&format!("image `{name}` cannot be used"))
            .count();
        assert_eq!(told, 1, "{name}:\n{}", c.stderr);
        assert!(c.stderr.contains(&at), "{name} not at {at}:\n{}", c.stderr);
    }
    assert_eq!(
        c.stderr.matches("warning[GB032]").count(),
        4,
        "{}",
        c.stderr
    );
    assert!(!c.stderr.contains("`good."), "{}", c.stderr);
    // the EPUB holds the two good images only, and the broken ones' descriptions
    let entries = zip_entries(&b.epub);
    let images: Vec<&Vec<u8>> = entries
        .iter()
        .filter(|(n, _)| n.starts_with("OEBPS/images/"))
        .map(|(_, b)| b)
        .collect();
    assert_eq!(images.len(), 2, "{:?}", entries.keys().collect::<Vec<_>>());
    assert!(images.contains(&&good) && images.contains(&&jpeg));
    let page = &chapter_pages(&b.epub)[0].1;
    for (name, _) in &broken {
        assert!(page.contains(&format!("picture {name}")), "{name}'s text");
    }
    assert_eq!(page.matches("<img").count(), 2, "{page}");
    // the PDF embeds the two good images (the JPEG as its own bytes) and frames the rest
    let xobjects: Vec<&lopdf::Stream> = b
        .pdf
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").ok().and_then(|n| n.as_name().ok()) == Some(b"Image"))
        .collect();
    assert_eq!(xobjects.len(), 2);
    assert!(xobjects.iter().any(|s| s.content == jpeg));
}

const HOSTILE_SVG: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/css" href="https://evil.example/s.css"?>
<!DOCTYPE svg [
  <!ENTITY inner "<script>alert('entity')</script>">
]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="40" height="30" viewBox="0 0 40 30" onload="alert('load')">
  <script type="text/javascript">alert('script')</script>
  <foreignObject width="10" height="10">
    <iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example/"/>
  </foreignObject>
  <style>@import url("https://evil.example/x.css"); rect { fill: #0a0 }</style>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#000"/></linearGradient></defs>
  <g onclick="alert('click')">&inner;
    <rect width="40" height="30" fill="url(#g)" style="stroke: url(https://evil.example/p)"/>
  </g>
  <a xlink:href="javascript:alert('a')"><text x="2" y="20">hi</text></a>
  <use xlink:href="https://evil.example/sprite.svg#x"/>
  <image href="file:///etc/passwd" width="1" height="1"/>
  <set attributeName="href" to="javascript:alert('set')"/>
</svg>
"##;

#[test]
fn a_hostile_svg_reaches_the_epub_cleaned() {
    let text = "# Drawing\n\n![a drawing](drawing.svg)\n\n![broken](broken.svg)\n";
    let files: [(&str, &[u8]); 3] = [
        ("01-drawing.md", text.as_bytes()),
        ("drawing.svg", HOSTILE_SVG.as_bytes()),
        (
            "broken.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><g></svg>",
        ),
    ];
    let b = build(&files);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let entries = zip_entries(&b.epub);
    let svgs: Vec<String> = entries
        .iter()
        .filter(|(n, _)| n.ends_with(".svg"))
        .map(|(_, b)| String::from_utf8(b.clone()).unwrap())
        .collect();
    assert_eq!(svgs.len(), 1, "the broken SVG is left out");
    let svg = &svgs[0];
    for bad in [
        "script",
        "alert",
        "onload",
        "onclick",
        "foreignObject",
        "iframe",
        "DOCTYPE",
        "ENTITY",
        "xml-stylesheet",
        "evil.example",
        "passwd",
        "@import",
        "<set",
    ] {
        assert!(!svg.contains(bad), "`{bad}` kept in the EPUB's SVG:\n{svg}");
    }
    for good in [
        "viewBox=\"0 0 40 30\"",
        "fill=\"url(#g)\"",
        "<text",
        "hi</text>",
    ] {
        assert!(svg.contains(good), "`{good}` lost:\n{svg}");
    }
    // the broken one: a warning at its place, its description kept
    assert!(
        b.stderr.contains("GB407") && b.stderr.contains("01-drawing.md:5:1"),
        "{}",
        b.stderr
    );
    let page = &chapter_pages(&b.epub)[0].1;
    assert!(page.contains("broken") && page.matches("<img").count() == 1);
    // `check` names the one that does not parse, and not the hostile one (it is cleaned)
    let c = run(&["check", b._dir.path().join("book").to_str().unwrap()]);
    assert!(
        c.stderr
            .contains("warning[GB032]: image `broken.svg` cannot be used")
            && c.stderr.contains("01-drawing.md:5:1"),
        "{}",
        c.stderr
    );
    assert_eq!(c.stderr.matches("GB032").count(), 1, "{}", c.stderr);
    // the package declares no scripted content (EPUBCheck OPF-014)
    let opf = String::from_utf8(entries["OEBPS/content.opf"].clone()).unwrap();
    assert!(!opf.contains("scripted"), "{opf}");
}

/// Runs EPUBCheck on the book when `GUIDEBUILD_EPUBCHECK` names its jar: `.ci/run` sets it, and
/// under CI (`CI=true`) its absence is a failure; elsewhere the check is skipped with a message.
fn epubcheck_if_present(epub: &[u8], dir: &Path) {
    let Some(jar) = std::env::var_os("GUIDEBUILD_EPUBCHECK") else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but GUIDEBUILD_EPUBCHECK does not name the EPUBCheck jar"
        );
        eprintln!("note: EPUBCheck skipped (set GUIDEBUILD_EPUBCHECK to its jar to run it)");
        return;
    };
    let path = dir.join("check.epub");
    fs::write(&path, epub).unwrap();
    let o = std::process::Command::new("java")
        .arg("-jar")
        .arg(jar)
        .arg(&path)
        .output()
        .expect("java");
    let text =
        String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "EPUBCheck:\n{text}");
}
