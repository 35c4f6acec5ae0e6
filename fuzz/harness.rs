//! The bodies of the fuzz targets, shared by the cargo-fuzz binaries (`fuzz_targets/`, nightly)
//! and by the stable test suite (`tests/suite/fuzz_regressions.rs`), which replays every
//! committed corpus and crash input through the very same code. Each target takes raw bytes
//! and either returns or panics; a panic (or a broken output invariant, asserted here) is a
//! finding.
//!
//! Inputs are bounded so that one run takes a fraction of a second: the whole-book target takes
//! at most [`MAX_BOOK`] bytes, the others somewhat more.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::io::Read;
use std::path::PathBuf;

use guidebuild::config::{FrontMatter, GuideConfig};
use guidebuild::diag::{Diagnostic, Severity, Sources};
use guidebuild::fonts::FontFiles;
use guidebuild::manuscript::{self, ChapterSource, Manuscript};
use guidebuild::typeset::TypesetOptions;
use guidebuild::{check, config, epub, fontkit, image, parse, pdf};

/// The largest input of the whole-book target (bytes): past it the input is skipped.
pub const MAX_BOOK: usize = 4096;
/// The largest input of the parser and configuration targets (bytes).
pub const MAX_TEXT: usize = 16 * 1024;
/// The largest image or font input (bytes).
pub const MAX_BINARY: usize = 256 * 1024;

/// What separates chapters (and `guide.toml` from the chapter) in a text input: a form feed.
pub const SEPARATOR: char = '\u{c}';

/// The targets by name, as the folders under `tests/fuzz-regressions/` and `fuzz/corpus/`.
pub const TARGETS: [&str; 5] = ["parse_markdown", "build_book", "config", "image", "font"];

/// Runs target `name` on one input.
pub fn run(name: &str, data: &[u8]) {
    match name {
        "parse_markdown" => parse_markdown(data),
        "build_book" => build_book(data),
        "config" => config_and_front_matter(data),
        "image" => image_data(data),
        "font" => font_data(data),
        _ => panic!("no fuzz target named {name}"),
    }
}

thread_local! {
    /// This thread's scratch folder (removed when the thread ends).
    static SCRATCH: tempfile::TempDir = scratch_folder();
}

/// A folder with two small images the chapters may name (`a.png`, `images/b.png`), so that
/// image references can resolve.
fn scratch_folder() -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("guidebuild-fuzz")
        .tempdir()
        .expect("scratch folder");
    std::fs::create_dir_all(dir.path().join("images")).expect("scratch folder");
    let png = include_bytes!("../tests/fixtures/commonmark-gfm/images/sprout.png");
    std::fs::write(dir.path().join("a.png"), png).expect("scratch image");
    std::fs::write(dir.path().join("images/b.png"), png).expect("scratch image");
    dir
}

fn scratch() -> PathBuf {
    SCRATCH.with(|d| d.path().to_path_buf())
}

/// An in-memory manuscript of these chapters (no front matter, default configuration), rooted
/// in the scratch folder.
pub fn manuscript_of(chapters: &[&str]) -> Manuscript {
    let mut sources = Sources::default();
    let chapters = chapters
        .iter()
        .enumerate()
        .map(|(i, text)| ChapterSource {
            file: sources.add(format!("{:02}.md", i + 1), *text),
            body_start: 0,
            front: FrontMatter::default(),
        })
        .collect();
    Manuscript {
        root: scratch(),
        sources,
        config: GuideConfig::default(),
        config_file: None,
        chapters,
        fonts: FontFiles::default_set(),
        source_date_epoch: Some(0),
        newest_mtime: None,
    }
}

/// The chapters of a text input: split at form feeds, at most four.
fn chapters(text: &str) -> Vec<&str> {
    let mut parts: Vec<&str> = text.splitn(4, SEPARATOR).collect();
    if parts.is_empty() {
        parts.push("");
    }
    parts
}

/// Markdown → model: the parser alone, then the linter on its document.
pub fn parse_markdown(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if text.len() > MAX_TEXT {
        return;
    }
    let ms = manuscript_of(&chapters(text));
    let (doc, _) = parse::document(&ms).into_parts();
    let _ = check::lint(&doc, &ms);
}

/// The whole build in process, as the CLI does it: parse, images, lint, the EPUB and the PDF.
/// Every output made must hold the invariants of [`assert_valid_pdf`] and [`assert_valid_epub`].
pub fn build_book(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if text.len() > MAX_BOOK {
        return;
    }
    let _ = build_manuscript(&manuscript_of(&chapters(text)));
}

/// What a build made: each output's bytes, or the error that stopped it.
pub struct Built {
    pub pdf: Result<Vec<u8>, Diagnostic>,
    pub epub: Result<Vec<u8>, Diagnostic>,
}

/// Builds both outputs of a loaded manuscript as the CLI does (parse, images, lint, EPUB, PDF)
/// and checks what was made: a PDF of at least one page that lopdf reads, an EPUB of the
/// container's shape with well-formed XML, and errors that are error diagnostics with a code.
pub fn build_manuscript(ms: &Manuscript) -> Built {
    let (mut doc, _) = parse::document(ms).into_parts();
    let _ = manuscript::load_assets(&mut doc, ms);
    let _ = check::lint(&doc, ms);
    let theme = &ms.config.theme;
    let epub =
        epub::render(&doc, theme, &ms.fonts, &epub::EpubOptions::default()).map(|r| r.value.bytes);
    let opts = TypesetOptions::from_config(&ms.config, None);
    let pdf = pdf::render(&doc, theme, &ms.fonts, &opts).map(|r| {
        let pages = r.value.pages.unwrap_or(0);
        assert!(pages >= 1, "a PDF of no pages");
        let bytes = r.value.bytes;
        assert_eq!(assert_valid_pdf(&bytes), pages, "lopdf counts other pages");
        bytes
    });
    if let Ok(bytes) = &epub {
        assert_valid_epub(bytes);
    }
    for e in [pdf.as_ref().err(), epub.as_ref().err()]
        .into_iter()
        .flatten()
    {
        assert_eq!(
            e.severity,
            Severity::Error,
            "a build stopped by a non-error: {e:?}"
        );
        assert!(e.code.starts_with("GB"), "an error with no code: {e:?}");
    }
    Built { pdf, epub }
}

/// `guide.toml` and a chapter's YAML front matter (the input split at the first form feed):
/// the configuration parser in memory, then the loader on a real folder, then the parser.
pub fn config_and_front_matter(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if text.len() > MAX_TEXT {
        return;
    }
    let (toml, chapter) = text
        .split_once(SEPARATOR)
        .unwrap_or((text, "# A\n\nText.\n"));
    let _ = config::parse_guide_toml(toml, 0);
    let dir = scratch().join("config");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("config folder");
    std::fs::write(dir.join("guide.toml"), toml).expect("guide.toml");
    std::fs::write(dir.join("01.md"), chapter).expect("chapter");
    if let Ok(ms) = manuscript::load(&dir) {
        let (doc, _) = parse::document(&ms).into_parts();
        let _ = TypesetOptions::from_config(&ms.config, None);
        let _ = check::lint(&doc, &ms);
    }
}

/// Image headers and data: the header probe and the full decode, which must not panic, and
/// which agree on the size whenever the data decodes. (They once did not: a PNG whose first
/// IDAT held a second signature and IHDR was 512×2 to `pixel_size` and 4×4 to `decode`,
/// `tests/fuzz-regressions/image/png-second-ihdr-in-idat`; a second IHDR is now damage.)
pub fn image_data(data: &[u8]) {
    if data.len() > MAX_BINARY {
        return;
    }
    let header = image::pixel_size(data);
    if let Ok(info) = image::decode(data) {
        // what the layout is told and what the PDF holds are the same picture
        assert_eq!(
            header,
            Some((info.width, info.height)),
            "header and data disagree"
        );
    }
}

/// Font files: the character map, the glyph count and the subsetter (whose output must read
/// back as a font covering what was kept).
pub fn font_data(data: &[u8]) {
    if data.len() > MAX_BINARY {
        return;
    }
    let Some(covered) = fontkit::coverage(data) else {
        return;
    };
    let _ = fontkit::glyph_count(data);
    let want: BTreeSet<char> = covered.iter().take(8).copied().chain(['a', ' ']).collect();
    let _ = fontkit::mapped_chars(data, &want);
    if let Ok(sub) = fontkit::subset(data, &want) {
        let _ = fontkit::coverage(&sub);
        let _ = fontkit::glyph_count(&sub);
    }
}

/// A PDF that lopdf reads, with at least one page: its page count.
pub fn assert_valid_pdf(bytes: &[u8]) -> usize {
    let doc = lopdf::Document::load_mem(bytes).expect("the PDF parses with lopdf");
    let pages = doc.get_pages().len();
    assert!(pages >= 1, "the PDF has no page");
    pages
}

/// An EPUB that is a zip whose first entry is an uncompressed `mimetype` of the right
/// content, and whose XHTML, OPF and NCX files are well-formed XML.
pub fn assert_valid_epub(bytes: &[u8]) {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("the EPUB is a zip");
    {
        let mut first = zip.by_index(0).expect("a first entry");
        assert_eq!(first.name(), "mimetype", "the first entry is not mimetype");
        assert_eq!(
            first.compression(),
            zip::CompressionMethod::Stored,
            "mimetype is compressed"
        );
        let mut s = String::new();
        first.read_to_string(&mut s).expect("mimetype reads");
        assert_eq!(s, "application/epub+zip");
    }
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry reads");
        let name = f.name().to_string();
        if [".xhtml", ".opf", ".ncx", ".xml"]
            .iter()
            .any(|e| name.ends_with(e))
        {
            let mut s = String::new();
            f.read_to_string(&mut s).expect("XML entry is UTF-8");
            if let Err(e) = well_formed(&s) {
                panic!("{name} is not well-formed XML: {e}");
            }
        }
    }
}

/// Whether `text` is one well-formed XML document (elements nest and match, one root,
/// attributes quoted and not repeated, `<` and `&` only where they may be). A small checker,
/// not a validator: no DTD is read, and only the five predefined and numeric entities are known.
pub fn well_formed(text: &str) -> Result<(), String> {
    let mut open: Vec<&str> = Vec::new();
    let mut roots = 0;
    let mut rest = text.strip_prefix('\u{feff}').unwrap_or(text);
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            check_text(rest, open.is_empty())?;
            break;
        };
        check_text(&rest[..lt], open.is_empty())?;
        rest = &rest[lt..];
        rest = markup(rest, &mut open, &mut roots)?;
    }
    match (open.last(), roots) {
        (Some(name), _) => Err(format!("<{name}> is never closed")),
        (None, 1) => Ok(()),
        (None, n) => Err(format!("{n} root elements")),
    }
}

/// One piece of markup at the start of `rest` (which starts with `<`): what follows it.
fn markup<'a>(
    rest: &'a str,
    open: &mut Vec<&'a str>,
    roots: &mut usize,
) -> Result<&'a str, String> {
    let skip = |start: &str, end: &str| -> Result<&'a str, String> {
        let body = &rest[start.len()..];
        let at = body.find(end).ok_or(format!("{start} with no {end}"))?;
        Ok(&body[at + end.len()..])
    };
    if rest.starts_with("<?") {
        return skip("<?", "?>");
    }
    if rest.starts_with("<!--") {
        return skip("<!--", "-->");
    }
    if rest.starts_with("<![CDATA[") {
        if open.is_empty() {
            return Err("CDATA outside the root".into());
        }
        return skip("<![CDATA[", "]]>");
    }
    if rest.starts_with("<!DOCTYPE") {
        if *roots > 0 || !open.is_empty() {
            return Err("DOCTYPE after the root".into());
        }
        return skip("<!DOCTYPE", ">");
    }
    if let Some(body) = rest.strip_prefix("</") {
        let end = body.find('>').ok_or("an end tag with no >")?;
        let name = body[..end].trim_end();
        match open.pop() {
            Some(o) if o == name => return Ok(&body[end + 1..]),
            Some(o) => return Err(format!("</{name}> closes <{o}>")),
            None => return Err(format!("</{name}> closes nothing")),
        }
    }
    let (name, empty, after) = start_tag(&rest[1..])?;
    if open.is_empty() {
        *roots += 1;
    }
    if !empty {
        open.push(name);
    }
    Ok(after)
}

/// A start tag after its `<`: its name, whether it is empty (`/>`) and what follows it.
fn start_tag(s: &str) -> Result<(&str, bool, &str), String> {
    let name_end = s
        .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .ok_or("a tag with no end")?;
    let name = &s[..name_end];
    if !valid_name(name) {
        return Err(format!("bad element name {name:?}"));
    }
    let mut rest = &s[name_end..];
    let mut seen = BTreeSet::new();
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("/>") {
            return Ok((name, true, after));
        }
        if let Some(after) = rest.strip_prefix('>') {
            return Ok((name, false, after));
        }
        let eq = rest
            .find('=')
            .ok_or(format!("<{name}>: attribute with no value"))?;
        let attr = rest[..eq].trim_end();
        if !valid_name(attr) || !seen.insert(attr) {
            return Err(format!("<{name}>: bad or repeated attribute {attr:?}"));
        }
        let value = rest[eq + 1..].trim_start();
        let quote = value.chars().next().filter(|q| *q == '"' || *q == '\'');
        let quote = quote.ok_or(format!("<{name} {attr}>: unquoted value"))?;
        let close = value[1..]
            .find(quote)
            .ok_or("an unclosed attribute value")?;
        let v = &value[1..1 + close];
        if v.contains('<') {
            return Err(format!("<{name} {attr}>: `<` in a value"));
        }
        check_entities(v)?;
        rest = &value[close + 2..];
    }
}

fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '-' | '.'))
}

/// Character data: entities well-formed, `]]>` absent, and outside the root only whitespace.
fn check_text(text: &str, outside: bool) -> Result<(), String> {
    if outside && !text.trim().is_empty() {
        return Err(format!("text outside the root: {:?}", short(text)));
    }
    if text.contains("]]>") {
        return Err("`]]>` in text".into());
    }
    check_entities(text)
}

fn check_entities(text: &str) -> Result<(), String> {
    for (at, _) in text.match_indices('&') {
        let after = &text[at + 1..];
        let end = after
            .find(';')
            .ok_or(format!("a bare & at {:?}", short(after)))?;
        let name = &after[..end];
        let ok = match name.strip_prefix('#') {
            Some(n) => match n.strip_prefix('x') {
                Some(h) => !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()),
                None => !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()),
            },
            None => ["amp", "lt", "gt", "quot", "apos"].contains(&name),
        };
        if !ok {
            return Err(format!("unknown entity &{};", short(name)));
        }
    }
    if text.chars().any(|c| {
        matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
    }) {
        return Err(format!("a character XML forbids in {:?}", short(text)));
    }
    Ok(())
}

fn short(s: &str) -> String {
    s.chars().take(40).collect()
}
