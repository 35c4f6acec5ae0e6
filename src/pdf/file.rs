//! The PDF file as it is put together, and its one save. printpdf's objects (fonts, images,
//! pages) arrive in lopdf's object model, where `nav` edits them; the objects guidebuild makes
//! itself — link annotations, their actions, each page's `/Annots` — are written straight to
//! bytes with pdf-writer. In lopdf's model a link annotation is a tree of dictionaries, arrays
//! and boxed names of about 3 KB; written, it is under 120 bytes, so a book of 50,000 links
//! holds 6 MB rather than 150 MB of them until the save.
//!
//! `save` writes lopdf's objects with pdf-writer too, then the written ones, the
//! cross-reference table and the trailer (pdf-writer orders the table by object number).

use lopdf::{Object, ObjectId};
use pdf_writer::{Chunk, Dict, Name, Obj, Pdf, Ref, Settings, Str};

/// Objects written compactly (pdf-writer indents them by default, 3% of the guide's file).
const COMPACT: Settings = Settings { pretty: false };

/// A PDF being assembled: lopdf's document and the objects already written.
pub struct PdfFile {
    /// printpdf's objects, and what `nav` adds to them.
    pub doc: lopdf::Document,
    /// The objects written by guidebuild's own code.
    pub chunk: Chunk,
}

impl PdfFile {
    /// A file of the objects of `doc`, with none written yet.
    pub fn new(doc: lopdf::Document) -> PdfFile {
        PdfFile {
            doc,
            chunk: Chunk::with_settings(COMPACT),
        }
    }

    /// A fresh object number, for lopdf's objects and the written ones alike.
    pub fn reserve(&mut self) -> Ref {
        let (id, _) = self.doc.new_object_id();
        reference((id, 0))
    }

    /// The whole file: every lopdf object, then the written ones, the cross-reference table
    /// and the trailer (`/Root`, `/Info` and `/ID` from lopdf's trailer).
    pub fn save(self) -> Vec<u8> {
        let PdfFile { doc, chunk } = self;
        let mut pdf = Pdf::with_settings_and_capacity(COMPACT, chunk.len() + 64 * 1024);
        let (major, minor) = version(&doc.version);
        pdf.set_version(major, minor);
        let root = doc.trailer.get(b"Root").and_then(Object::as_reference).ok();
        let info = doc.trailer.get(b"Info").and_then(Object::as_reference).ok();
        for (&id, object) in &doc.objects {
            let r = reference(id);
            match object {
                // the catalog writer puts `/Type /Catalog` and registers it with the trailer
                Object::Dictionary(d) if Some(id) == root => {
                    entries(&mut pdf.catalog(r), d, &[b"Type"])
                }
                Object::Dictionary(d) if Some(id) == info => {
                    entries(&mut pdf.document_info(r), d, &[])
                }
                // the stream writer puts `/Length`
                Object::Stream(st) => {
                    entries(&mut pdf.stream(r, &st.content), &st.dict, &[b"Length"])
                }
                _ => value(pdf.indirect(r), object),
            }
        }
        pdf.extend(&chunk);
        drop(chunk);
        if let Ok(Object::Array(ids)) = doc.trailer.get(b"ID") {
            if let [Object::String(a, _), Object::String(b, _)] = ids.as_slice() {
                pdf.set_file_id((a.clone(), b.clone()));
            }
        }
        pdf.finish()
    }
}

/// pdf-writer's reference for lopdf's object number.
pub fn reference(id: ObjectId) -> Ref {
    Ref::new(i32::try_from(id.0).unwrap_or(i32::MAX).max(1))
}

/// lopdf's object number for pdf-writer's reference.
pub fn object_id(r: Ref) -> ObjectId {
    (r.get().unsigned_abs(), 0)
}

/// Writes the entries of `d` into `dict`, but those named in `skip`.
fn entries(dict: &mut Dict<'_>, d: &lopdf::Dictionary, skip: &[&[u8]]) {
    for (k, v) in d.iter().filter(|(k, _)| !skip.contains(&k.as_slice())) {
        value(dict.insert(Name(k)), v);
    }
}

/// `"1.7"` as (1, 7); 1.7 for anything else.
fn version(v: &str) -> (u8, u8) {
    let mut parts = v.split('.').map(|p| p.parse::<u8>());
    match (parts.next(), parts.next()) {
        (Some(Ok(a)), Some(Ok(b))) => (a, b),
        _ => (1, 7),
    }
}

/// Writes a lopdf value (a stream only as a stream's own object, never nested).
fn value(obj: Obj<'_>, v: &Object) {
    match v {
        Object::Null => obj.primitive(pdf_writer::Null),
        Object::Boolean(b) => obj.primitive(*b),
        Object::Integer(i) => {
            obj.primitive(i32::try_from(*i).unwrap_or(if *i < 0 { i32::MIN } else { i32::MAX }))
        }
        Object::Real(f) => obj.primitive(*f),
        Object::Name(n) => obj.primitive(Name(n)),
        Object::String(s, _) => obj.primitive(Str(s)),
        Object::Reference(id) => obj.primitive(reference(*id)),
        Object::Array(items) => {
            let mut a = obj.array();
            for item in items {
                value(a.push(), item);
            }
        }
        Object::Dictionary(d) => entries(&mut obj.dict(), d, &[]),
        Object::Stream(st) => entries(&mut obj.dict(), &st.dict, &[]),
    }
}
