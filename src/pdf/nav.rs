//! Navigation and metadata, added with lopdf to what printpdf wrote: a nested outline whose
//! entries open at their heading's y (chapters with their second-level headings under them),
//! `/PageLabels` (roman front matter, arabic from the first chapter), `/Lang`, the Info
//! dictionary (dates from the document's timestamp, never the clock), `DisplayDocTitle`,
//! `/PageMode /UseOutlines`, the XMP metadata packet, PDF 1.7, and a document ID derived from the book's identifier so
//! the bytes are the same on every run.

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use crate::diag::Diagnostic;
use crate::model::Metadata;
use crate::pdf::file::PdfFile;
use crate::typeset::page::compose::OutlineEntry;

/// A PDF text string: literal when ASCII, else UTF-16BE with a byte-order mark.
pub fn text(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut b = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            b.extend_from_slice(&u.to_be_bytes());
        }
        Object::String(b, StringFormat::Hexadecimal)
    }
}

/// `D:YYYYMMDDHHmmSSZ` for seconds since the Unix epoch (UTC).
pub fn pdf_date(ts: i64) -> String {
    let (y, m, d, hh, mm, ss) = crate::date::utc(ts);
    format!("D:{y:04}{m:02}{d:02}{hh:02}{mm:02}{ss:02}Z")
}

/// 16 bytes from the identifier (two FNV-1a halves): the document's permanent ID.
fn doc_id(meta: &Metadata) -> Vec<u8> {
    let hash = |seed: u64| {
        let mut h = seed;
        for b in meta.identifier.bytes().chain(meta.title.bytes()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h
    };
    let mut v = hash(0xcbf2_9ce4_8422_2325).to_be_bytes().to_vec();
    v.extend_from_slice(&hash(0x8422_2325_cbf2_9ce4).to_be_bytes());
    v
}

fn fail(e: lopdf::Error) -> Diagnostic {
    Diagnostic::error("GB304", format!("the PDF could not be finished: {e}"))
        .help("this is a bug in guidebuild; please report it")
}

/// Builds the outline tree; returns the root's id, or `None` without entries.
fn outline(
    doc: &mut lopdf::Document,
    entries: &[OutlineEntry],
    pages: &[ObjectId],
    heights: &[f32],
) -> Option<ObjectId> {
    if entries.is_empty() {
        return None;
    }
    let root = doc.new_object_id();
    // top-level items with their children (level > 1 nests under the last top-level item)
    let mut tree: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        match tree.last_mut() {
            Some((_, kids)) if e.level > 1 => kids.push(i),
            _ => tree.push((i, Vec::new())),
        }
    }
    let ids: Vec<ObjectId> = entries.iter().map(|_| doc.new_object_id()).collect();
    let dest = |e: &OutlineEntry| {
        let page = pages.get(e.page).copied().unwrap_or(pages[0]);
        crate::pdf::emit::xyz(page, heights.get(e.page).copied().unwrap_or(792.0) - e.y)
    };
    let link = |d: &mut Dictionary, list: &[usize], k: usize| {
        if k > 0 {
            d.set("Prev", Object::Reference(ids[list[k - 1]]));
        }
        if let Some(n) = list.get(k + 1) {
            d.set("Next", Object::Reference(ids[*n]));
        }
    };
    let tops: Vec<usize> = tree.iter().map(|(i, _)| *i).collect();
    for (k, (i, kids)) in tree.iter().enumerate() {
        let mut d = Dictionary::new();
        d.set("Title", text(&entries[*i].title));
        d.set("Parent", Object::Reference(root));
        d.set("Dest", dest(&entries[*i]));
        link(&mut d, &tops, k);
        if let (Some(f), Some(l)) = (kids.first(), kids.last()) {
            d.set("First", Object::Reference(ids[*f]));
            d.set("Last", Object::Reference(ids[*l]));
            d.set("Count", Object::Integer(kids.len() as i64));
        }
        for (j, c) in kids.iter().enumerate() {
            let mut cd = Dictionary::new();
            cd.set("Title", text(&entries[*c].title));
            cd.set("Parent", Object::Reference(ids[*i]));
            cd.set("Dest", dest(&entries[*c]));
            link(&mut cd, kids, j);
            doc.objects.insert(ids[*c], Object::Dictionary(cd));
        }
        doc.objects.insert(ids[*i], Object::Dictionary(d));
    }
    let mut r = Dictionary::new();
    r.set("Type", Object::Name(b"Outlines".to_vec()));
    r.set("First", Object::Reference(ids[tops[0]]));
    r.set("Last", Object::Reference(ids[*tops.last().unwrap_or(&0)]));
    r.set("Count", Object::Integer(entries.len() as i64));
    doc.objects.insert(root, Object::Dictionary(r));
    Some(root)
}

/// Deflates every stream not yet filtered (fonts, ToUnicode maps; page contents come
/// deflated from emit), spread over the cores when there is much of it (a print shop's
/// fonts, embedded whole, are over a megabyte).
fn compress(doc: &mut lopdf::Document) {
    let ids: Vec<ObjectId> = (doc.objects.iter())
        .filter_map(|(id, obj)| match obj {
            Object::Stream(st) if st.allows_compression && st.dict.get(b"Filter").is_err() => {
                Some(*id)
            }
            _ => None,
        })
        .collect();
    let bufs: Vec<Vec<u8>> = (ids.iter())
        .filter_map(|id| match doc.objects.get_mut(id) {
            Some(Object::Stream(st)) => Some(std::mem::take(&mut st.content)),
            _ => None,
        })
        .collect();
    let packed = crate::pdf::emit::deflate_all(&bufs);
    for ((id, raw), packed) in ids.iter().zip(bufs).zip(packed) {
        let Some(Object::Stream(st)) = doc.objects.get_mut(id) else {
            continue;
        };
        match packed {
            Some(p) if p.len() + 19 < raw.len() => {
                st.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                st.set_content(p);
            }
            _ => st.set_content(raw),
        }
    }
}

/// The Info dictionary: title, authors, subject, keywords, and dates from the document's
/// timestamp (never the clock).
fn info(meta: &Metadata) -> Dictionary {
    let mut info = Dictionary::new();
    info.set("Title", text(&meta.title));
    info.set("Author", text(&meta.authors.join(", ")));
    if let Some(s) = meta.subtitle.as_ref().or(meta.description.as_ref()) {
        info.set("Subject", text(s));
    }
    if !meta.keywords.is_empty() {
        info.set("Keywords", text(&meta.keywords.join(", ")));
    }
    info.set("Creator", text("guidebuild"));
    info.set("Producer", text("guidebuild (printpdf, lopdf, pdf-writer)"));
    // the stamp is the publication date or the newest chapter file's time; a book made in
    // memory with neither gets no dates rather than 1970
    if meta.timestamp > 0 {
        let date = text(&pdf_date(meta.timestamp));
        info.set("CreationDate", date.clone());
        info.set("ModDate", date);
    }
    info.set("Trapped", Object::Name(b"False".to_vec()));
    info
}

/// The XMP metadata packet: title, authors, language, dates (from the document's timestamp),
/// the tools, and for a tagged file the PDF/UA part it claims (`pdfuaid:part` 1).
fn xmp(meta: &Metadata, tagged: bool) -> String {
    use xmp_writer::{DateTime, LangId, Timezone, XmpWriter};
    let mut x = XmpWriter::new();
    x.title([(None, meta.title.as_str())]);
    x.creator(meta.authors.iter().map(String::as_str));
    x.language([LangId(&meta.lang)]);
    if let Some(s) = meta.subtitle.as_ref().or(meta.description.as_ref()) {
        x.description([(None, s.as_str())]);
    }
    x.format("application/pdf");
    x.creator_tool("guidebuild");
    x.producer("guidebuild (printpdf, lopdf, pdf-writer)");
    if !meta.keywords.is_empty() {
        x.pdf_keywords(&meta.keywords.join(", "));
    }
    if meta.timestamp > 0 {
        let (y, m, d, hh, mm, ss) = crate::date::utc(meta.timestamp);
        let at = DateTime::new(
            u16::try_from(y).unwrap_or(9999),
            m as u8,
            d as u8,
            hh as u8,
            mm as u8,
            ss as u8,
            Timezone::Utc,
        );
        x.create_date(at);
        x.modify_date(at);
    }
    if tagged {
        x.pdfua_part(1);
    }
    x.finish(None)
}

/// `/PageLabels`: roman numerals for the `front_pages` first pages, arabic from there on.
fn page_labels(front_pages: usize, pages: usize) -> Dictionary {
    let mut nums = Vec::new();
    if front_pages > 0 {
        let mut r = Dictionary::new();
        r.set("S", Object::Name(b"r".to_vec()));
        nums.extend([Object::Integer(0), Object::Dictionary(r)]);
    }
    if front_pages < pages {
        let mut d = Dictionary::new();
        d.set("S", Object::Name(b"D".to_vec()));
        nums.extend([Object::Integer(front_pages as i64), Object::Dictionary(d)]);
    }
    let mut labels = Dictionary::new();
    labels.set("Nums", Object::Array(nums));
    labels
}

/// Finishes the document and serialises it; a `plain` file (a print shop's, PDF 1.3) gets
/// only the Info dictionary, the ID and the page labels, no XMP packet, `/Lang` or viewer
/// preferences. Every object printpdf wrote stays referenced:
/// our Info dictionary takes the place (and the object number) of printpdf's, so the file
/// needs no pruning or renumbering, and the objects added here are numbered after the rest.
pub fn finish(
    mut file: PdfFile,
    meta: &Metadata,
    entries: &[OutlineEntry],
    front_pages: usize,
    heights: &[f32],
    tagged: bool,
    plain: bool,
) -> Result<PdfFile, Diagnostic> {
    let metadata = (!plain).then(|| {
        let packet = xmp(meta, tagged);
        let metadata = file.reserve();
        let mut z = crate::pdf::file::Deflater::new();
        match z.pack(packet.as_bytes()) {
            Some(packed) => {
                file.stream_chunk(metadata)
                    .metadata(metadata, &packed)
                    .filter(pdf_writer::Filter::FlateDecode);
            }
            None => {
                file.stream_chunk(metadata)
                    .metadata(metadata, packet.as_bytes());
            }
        }
        metadata
    });
    let doc = &mut file.doc;
    doc.version = "1.7".into();
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    if pages.is_empty() {
        return Err(Diagnostic::error("GB304", "the PDF has no pages"));
    }
    let outline_root = outline(doc, entries, &pages, heights);

    let info = Object::Dictionary(info(meta));
    match doc.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(id) if doc.objects.contains_key(&id) => {
            doc.objects.insert(id, info);
        }
        _ => {
            let id = doc.add_object(info);
            doc.trailer.set("Info", Object::Reference(id));
        }
    }
    let id = Object::String(doc_id(meta), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));

    let catalog = doc.catalog_mut().map_err(fail)?;
    if let Some(metadata) = metadata {
        catalog.set("Lang", text(&meta.lang));
        catalog.set(
            "Metadata",
            Object::Reference(crate::pdf::file::object_id(metadata)),
        );
        let mut prefs = Dictionary::new();
        prefs.set("DisplayDocTitle", Object::Boolean(true));
        catalog.set("ViewerPreferences", Object::Dictionary(prefs));
    }
    catalog.set(
        "PageLabels",
        Object::Dictionary(page_labels(front_pages, pages.len())),
    );
    match outline_root {
        Some(root) => {
            catalog.set("Outlines", Object::Reference(root));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        None => catalog.set("PageMode", Object::Name(b"UseNone".to_vec())),
    }
    compress(doc);
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_come_from_the_timestamp() {
        assert_eq!(pdf_date(0), "D:19700101000000Z");
        // 2026-11-28 00:00:00 UTC
        assert_eq!(pdf_date(1_795_824_000), "D:20261128000000Z");
        assert_eq!(pdf_date(951_782_400 + 3_661), "D:20000229010101Z");
    }

    #[test]
    fn text_strings_are_literal_or_utf16() {
        assert_eq!(
            text("ab"),
            Object::String(b"ab".to_vec(), StringFormat::Literal)
        );
        match text("é") {
            Object::String(b, StringFormat::Hexadecimal) => {
                assert_eq!(b, vec![0xFE, 0xFF, 0, 0xE9])
            }
            other => panic!("{other:?}"),
        }
    }
}
