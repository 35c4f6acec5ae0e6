//! The post-processing pass over what epub-builder writes. It fixes what the crate's templates
//! cannot express — the duplicate `epub-creator-N` ids it gives `<dc:language>`, `xml:lang` on
//! `<package>`, the subtitle and publisher, `lang`/`xml:lang` on the nav document, `role` and
//! accessible names on its `<nav>`s — puts the files' contents in place of the empty
//! stand-ins the crate was given, and zips the book deterministically: `mimetype` first
//! and stored, every entry dated 1980-01-01, entries in a fixed order. Each fix expects the
//! template text exactly; when it is missing (a changed crate) the build fails with GB401
//! instead of shipping a book that would not validate.

use super::package::Built;
use super::writer::{attr, esc};
use crate::diag::Diagnostic;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

pub const OPF: &str = "OEBPS/content.opf";
pub const NAV: &str = "OEBPS/nav.xhtml";
pub const NCX: &str = "OEBPS/toc.ncx";

/// What the fixes need to know.
#[derive(Debug, Clone)]
pub struct FixMeta {
    pub lang: String,
    pub languages: usize,
    pub subtitle: Option<String>,
    pub publisher: Option<String>,
    pub landmarks_label: String,
    /// For the NCX (read by EPUB 2 readers): the book's title and identifier, and whether the
    /// navigation has a second level.
    pub title: String,
    pub uid: String,
    pub nested_toc: bool,
    /// The title the crate gives the NCX (its toc name), which the fix replaces.
    pub toc_name: String,
    /// The book's untitled opening, when it starts the text: its file and the name of its
    /// "bodymatter" landmark (the crate lists only landmarks of content in the contents).
    pub opening_landmark: Option<(String, String)>,
}

fn template_changed(file: &str, expected: &str) -> Diagnostic {
    Diagnostic::error(
        "GB401",
        format!("the EPUB builder wrote {file} without the expected text `{expected}`; refusing to write a book that would not validate"),
    )
    .help("the epub-builder crate changed; pin it to =0.8.3 or update src/epub/fixup.rs")
}

/// Replaces `from` with `to`, requiring exactly `count` occurrences.
fn replace_exact(
    text: &str,
    file: &str,
    from: &str,
    to: &str,
    count: usize,
) -> Result<String, Diagnostic> {
    if text.matches(from).count() != count {
        return Err(template_changed(file, from));
    }
    Ok(text.replace(from, to))
}

pub fn fix_opf(opf: &str, m: &FixMeta) -> Result<String, Diagnostic> {
    let lang = attr(&m.lang);
    let mut s = replace_exact(
        opf,
        "content.opf",
        "<package version=\"3.0\" xmlns=\"http://www.idpf.org/2007/opf\" unique-identifier=\"epub-id-1\">",
        &format!("<package version=\"3.0\" xmlns=\"http://www.idpf.org/2007/opf\" unique-identifier=\"epub-id-1\" xml:lang=\"{lang}\">"),
        1,
    )?;
    for i in 0..m.languages {
        s = replace_exact(
            &s,
            "content.opf",
            &format!("<dc:language id=\"epub-creator-{i}\">"),
            &format!("<dc:language id=\"epub-language-{i}\">"),
            1,
        )?;
    }
    let mut after_title = String::new();
    if let Some(sub) = m.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
        after_title.push_str(&format!(
            "\n    <meta refines=\"#title\" property=\"title-type\">main</meta>\
             \n    <dc:title id=\"subtitle\">{}</dc:title>\
             \n    <meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>",
            esc(sub)
        ));
    }
    if let Some(p) = m.publisher.as_deref().filter(|p| !p.trim().is_empty()) {
        after_title.push_str(&format!("\n    <dc:publisher>{}</dc:publisher>", esc(p)));
    }
    s = replace_exact(
        &s,
        "content.opf",
        "<dc:title>",
        "<dc:title id=\"title\">",
        1,
    )?;
    s = replace_exact(
        &s,
        "content.opf",
        "</dc:title>",
        &format!("</dc:title>{after_title}"),
        1,
    )?;
    unique_ids(&s, "content.opf")?;
    Ok(s)
}

pub fn fix_nav(nav: &str, m: &FixMeta) -> Result<String, Diagnostic> {
    let lang = attr(&m.lang);
    let dir = if super::xhtml::is_rtl(&m.lang) {
        " dir=\"rtl\""
    } else {
        ""
    };
    let s = replace_exact(
        nav,
        "nav.xhtml",
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\">",
        &format!("<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\"{dir}>"),
        1,
    )?;
    let s = replace_exact(
        &s,
        "nav.xhtml",
        "<nav epub:type = \"toc\" id=\"toc\">",
        "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\" aria-labelledby=\"toc-title\">",
        1,
    )?;
    // The heading that names the toc nav must be there.
    let s = replace_exact(
        &s,
        "nav.xhtml",
        "<h1 id=\"toc-title\">",
        "<h1 id=\"toc-title\">",
        1,
    )?;
    let s = replace_exact(
        &s,
        "nav.xhtml",
        "<nav epub:type = \"landmarks\">",
        &format!(
            "<nav epub:type=\"landmarks\" id=\"landmarks\" aria-label=\"{}\" hidden=\"hidden\">",
            attr(&m.landmarks_label)
        ),
        1,
    )?;
    let s = match &m.opening_landmark {
        Some((file, title)) => add_landmark(&s, "bodymatter", file, title)?,
        None => s,
    };
    let s = replace_exact(
        &s,
        "nav.xhtml",
        "<meta charset = \"utf-8\" />",
        "<meta charset=\"utf-8\"/>",
        1,
    )?;
    unique_ids(&s, "nav.xhtml")?;
    Ok(s)
}

/// Appends an entry to the landmarks list of the nav document.
fn add_landmark(nav: &str, epub_type: &str, file: &str, title: &str) -> Result<String, Diagnostic> {
    let expected = "<nav epub:type=\"landmarks\" … <ol> … </ol>";
    let at = nav
        .find("<nav epub:type=\"landmarks\"")
        .and_then(|n| nav[n..].find("</ol>").map(|o| n + o))
        .ok_or_else(|| template_changed("nav.xhtml", expected))?;
    let entry = format!(
        "<li><a epub:type=\"{}\" href=\"{}\">{}</a></li>\n",
        attr(epub_type),
        attr(file),
        esc(title)
    );
    // On a line of its own, indented like the entry before it.
    let line = nav[..at].rfind('\n').map_or(0, |n| n + 1);
    let prev = &nav[..line.saturating_sub(1)];
    let prev = &prev[prev.rfind('\n').map_or(0, |n| n + 1)..];
    let indent = &prev[..prev.len() - prev.trim_start().len()];
    let mut out = String::with_capacity(nav.len() + entry.len() + indent.len());
    out.push_str(&nav[..line]);
    out.push_str(indent);
    out.push_str(&entry);
    out.push_str(&nav[line..]);
    Ok(out)
}

/// The NCX gets the book's identifier (`dtb:uid`), its real depth, and the book title as
/// `docTitle` (the crate writes the name of the contents there).
pub fn fix_ncx(ncx: &str, m: &FixMeta) -> Result<String, Diagnostic> {
    let depth = if m.nested_toc { 2 } else { 1 };
    let s = replace_exact(
        ncx,
        "toc.ncx",
        "<meta name=\"dtb:depth\" content=\"1\" />",
        &format!(
            "<meta name=\"dtb:uid\" content=\"{}\" />\n    <meta name=\"dtb:depth\" content=\"{depth}\" />",
            attr(&m.uid)
        ),
        1,
    )?;
    replace_exact(
        &s,
        "toc.ncx",
        &format!("<docTitle>\n    <text>{}</text>", esc(&m.toc_name)),
        &format!("<docTitle>\n    <text>{}</text>", esc(&m.title)),
        1,
    )
}

/// Fails when an `id="…"` value occurs twice.
fn unique_ids(text: &str, file: &str) -> Result<(), Diagnostic> {
    let mut seen = BTreeSet::new();
    for part in text.split(" id=\"").skip(1) {
        let id = part.split('"').next().unwrap_or("");
        if !seen.insert(id) {
            return Err(Diagnostic::error(
                "GB401",
                format!("{file} would carry the id `{id}` twice"),
            )
            .help("this is a bug in guidebuild; please report it with the manuscript"));
        }
    }
    Ok(())
}

fn zip_err(e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error("GB401", format!("could not re-zip the EPUB: {e}"))
        .help("this is a bug in guidebuild; please report it with the manuscript")
}

/// Every entry of a zip, in stored order.
pub fn unzip(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let mut ar = ZipArchive::new(Cursor::new(bytes)).map_err(zip_err)?;
    let mut out = Vec::with_capacity(ar.len());
    for i in 0..ar.len() {
        let mut f = ar.by_index(i).map_err(zip_err)?;
        let mut data = Vec::with_capacity(f.size() as usize);
        f.read_to_end(&mut data).map_err(zip_err)?;
        out.push((f.name().to_string(), data));
    }
    Ok(out)
}

/// Deflate level 2: with the zlib-rs backend level 1 leaves the guide 19% bigger (74.6 KB
/// against 62.7 KB) for no gain in time. Most of the bytes are font subsets, which level 9 shrinks
/// only 5% more (measured on the bundled guide: 70 KB against 67 KB) at twice the time.
const LEVEL: i64 = 2;

/// Writes the entries as an EPUB container: `mimetype` first and stored, the rest deflated in
/// the given order, every date 1980-01-01 00:00, fixed permissions.
pub fn rezip(entries: &[(String, Vec<u8>)]) -> Result<Vec<u8>, Diagnostic> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let base = SimpleFileOptions::default()
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    w.start_file(
        "mimetype",
        base.compression_method(CompressionMethod::Stored),
    )
    .map_err(zip_err)?;
    w.write_all(b"application/epub+zip").map_err(zip_err)?;
    for (name, data) in entries.iter().filter(|(n, _)| n != "mimetype") {
        w.start_file(
            name.as_str(),
            base.compression_method(CompressionMethod::Deflated)
                .compression_level(Some(LEVEL)),
        )
        .map_err(zip_err)?;
        w.write_all(data).map_err(zip_err)?;
    }
    Ok(w.finish().map_err(zip_err)?.into_inner())
}

/// Applies the package and nav fixes to a built EPUB and puts the contents of its other files
/// in (the builder was handed empty stand-ins). Returns every entry in the crate's order.
pub fn fix_epub(built: Built, m: &FixMeta) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let mut entries = unzip(&built.zip)?;
    for name in [OPF, NAV, NCX] {
        let Some(entry) = entries.iter_mut().find(|(n, _)| n == name) else {
            return Err(template_changed(name, name));
        };
        let text = String::from_utf8(std::mem::take(&mut entry.1))
            .map_err(|_| template_changed(name, "UTF-8 text"))?;
        let fixed = match name {
            OPF => fix_opf(&text, m)?,
            NAV => fix_nav(&text, m)?,
            _ => fix_ncx(&text, m)?,
        };
        entry.1 = fixed.into_bytes();
    }
    fill(&mut entries, built.payload)?;
    Ok(entries)
}

/// Puts each file's contents into its empty entry; every file must have exactly one.
fn fill(
    entries: &mut [(String, Vec<u8>)],
    payload: Vec<(String, Vec<u8>)>,
) -> Result<(), Diagnostic> {
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, (name, data)) in entries.iter().enumerate() {
        if data.is_empty() && index.insert(name.as_str(), i).is_some() {
            return Err(template_changed(name, "one entry per file"));
        }
    }
    let mut slots: Vec<Option<Vec<u8>>> = vec![None; entries.len()];
    for (name, data) in payload {
        let Some(&i) = index.get(name.as_str()) else {
            return Err(template_changed(&name, "an entry for the file"));
        };
        if slots[i].replace(data).is_some() {
            return Err(template_changed(&name, "one entry per file"));
        }
    }
    for (entry, slot) in entries.iter_mut().zip(slots) {
        if let Some(data) = slot {
            entry.1 = data;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> FixMeta {
        FixMeta {
            lang: "en".into(),
            languages: 1,
            subtitle: Some("A & B".into()),
            publisher: None,
            landmarks_label: "Landmarks".into(),
            title: "T & U".into(),
            uid: "urn:uuid:x".into(),
            nested_toc: true,
            toc_name: "Contents".into(),
            opening_landmark: None,
        }
    }

    #[test]
    fn ncx_gets_uid_depth_and_title() {
        let ncx = "<head>\n    <meta name=\"dtb:depth\" content=\"1\" />\n  </head>\n  <docTitle>\n    <text>Contents</text>\n  </docTitle>";
        let s = fix_ncx(ncx, &meta()).unwrap();
        assert!(s.contains("<meta name=\"dtb:uid\" content=\"urn:uuid:x\" />"));
        assert!(s.contains("<meta name=\"dtb:depth\" content=\"2\" />"));
        assert!(s.contains("<text>T &amp; U</text>"));
        assert!(fix_ncx("<head></head>", &meta()).is_err());
    }

    const OPF_SAMPLE: &str = "<package version=\"3.0\" xmlns=\"http://www.idpf.org/2007/opf\" unique-identifier=\"epub-id-1\">\n<dc:identifier id=\"epub-id-1\">x</dc:identifier>\n<dc:title>T</dc:title>\n<dc:language id=\"epub-creator-0\">en</dc:language>\n<dc:creator id=\"epub-creator-0\">A</dc:creator>\n</package>";

    #[test]
    fn opf_fix_makes_ids_unique_and_adds_lang_and_subtitle() {
        let s = fix_opf(OPF_SAMPLE, &meta()).unwrap();
        assert!(s.contains("unique-identifier=\"epub-id-1\" xml:lang=\"en\">"));
        assert!(s.contains("<dc:language id=\"epub-language-0\">en</dc:language>"));
        assert!(s.contains("<dc:creator id=\"epub-creator-0\">"));
        assert!(s.contains("<dc:title id=\"subtitle\">A &amp; B</dc:title>"));
        assert!(unique_ids(&s, "x").is_ok());
    }

    #[test]
    fn fixup_refuses_unexpected_template_text() {
        let changed = OPF_SAMPLE.replace("epub-creator-0\">en", "lang-0\">en");
        let e = fix_opf(&changed, &meta()).unwrap_err();
        assert_eq!(e.code, "GB401");
        assert!(e.message.contains("<dc:language id=\"epub-creator-0\">"));
        let e = fix_nav("<html><body><nav id=\"toc\"></nav></body></html>", &meta()).unwrap_err();
        assert_eq!(e.code, "GB401");
        // A duplicate id the fixes do not know about is caught too.
        let dup = OPF_SAMPLE.replace("</package>", "<meta id=\"title\"/></package>");
        assert!(fix_opf(&dup, &meta()).is_err());
    }

    #[test]
    fn contents_go_into_their_empty_entries_exactly_once() {
        let mut entries = vec![
            ("OEBPS/content.opf".to_string(), b"<package/>".to_vec()),
            ("OEBPS/a.xhtml".to_string(), Vec::new()),
            ("OEBPS/f.ttf".to_string(), Vec::new()),
        ];
        let payload = vec![
            ("OEBPS/f.ttf".to_string(), vec![1, 2]),
            ("OEBPS/a.xhtml".to_string(), b"<html/>".to_vec()),
        ];
        fill(&mut entries, payload).unwrap();
        assert_eq!(entries[1].1, b"<html/>");
        assert_eq!(entries[2].1, [1, 2]);
        // A file the crate did not list, or one given twice, is refused.
        let mut again = entries.clone();
        again[2].1.clear();
        let stray = vec![("OEBPS/b.xhtml".to_string(), vec![1])];
        assert_eq!(fill(&mut again, stray).unwrap_err().code, "GB401");
        let twice = vec![
            ("OEBPS/f.ttf".to_string(), vec![1]),
            ("OEBPS/f.ttf".to_string(), vec![2]),
        ];
        assert_eq!(fill(&mut again, twice).unwrap_err().code, "GB401");
    }

    #[test]
    fn rezip_puts_a_stored_mimetype_first_with_fixed_dates() {
        let entries = vec![
            ("b.txt".to_string(), b"bbbb".to_vec()),
            ("mimetype".to_string(), b"ignored".to_vec()),
            ("a.txt".to_string(), b"aaaa".to_vec()),
        ];
        let z = rezip(&entries).unwrap();
        assert_eq!(&z[30..38], b"mimetype");
        assert_eq!(&z[38..58], b"application/epub+zip");
        let mut ar = ZipArchive::new(Cursor::new(&z)).unwrap();
        let names: Vec<String> = (0..ar.len())
            .map(|i| ar.by_index(i).unwrap().name().to_string())
            .collect();
        assert_eq!(names, ["mimetype", "b.txt", "a.txt"]);
        let first = ar.by_index(0).unwrap();
        assert_eq!(first.compression(), CompressionMethod::Stored);
        assert_eq!(first.last_modified(), Some(DateTime::default()));
        drop(first);
        assert_eq!(rezip(&entries).unwrap(), z);
    }
}
