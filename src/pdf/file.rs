//! The PDF file as it is put together, and its one save. printpdf's objects (fonts, images,
//! pages) arrive in lopdf's object model, where `nav` edits them; the objects guidebuild makes
//! itself — link annotations, their actions, each page's `/Annots` — are written straight to
//! bytes with pdf-writer. In lopdf's model a link annotation is a tree of dictionaries, arrays
//! and boxed names of about 3 KB; written, it is under 120 bytes, so a book of 50,000 links
//! holds 6 MB rather than 150 MB of them until the save.
//!
//! `save` writes lopdf's objects with pdf-writer too: the streams as they are, every other
//! object (lopdf's and the written ones) packed into compressed object streams, and a
//! cross-reference stream (PDF 1.5), so a tagged book's thousands of small structure
//! elements cost a fifth of their written size. [`Deflater`] is the one zlib compressor every
//! step that packs a stream uses.

use lopdf::{Object, ObjectId};
use pdf_writer::{Chunk, Dict, Name, Obj, Ref, Settings, Str};

/// Objects written compactly (pdf-writer indents them by default, 3% of the guide's file).
const COMPACT: Settings = Settings { pretty: false };

/// Objects packed into one object stream: enough to compress well, few enough that a reader
/// that wants one object does not inflate much to find it.
const PER_OBJECT_STREAM: usize = 200;

/// Written objects are packed into object streams whenever this many bytes of them wait, so
/// a long book's (a tagged book of 25,000 footnotes writes 18 MB of small objects) never
/// pile up in memory; a book with fewer is packed at the save.
const PACK_AT: usize = 1 << 20;

/// A PDF being assembled: lopdf's document and the objects already written.
pub struct PdfFile {
    /// printpdf's objects, and what `nav` adds to them.
    pub doc: lopdf::Document,
    /// The objects (not streams) written by guidebuild's own code, and where each starts.
    chunk: Chunk,
    starts: Vec<(Ref, usize)>,
    /// The streams written by guidebuild's own code (the XMP packet, the object streams
    /// packed so far), and where each starts.
    streams: Chunk,
    stream_starts: Vec<(Ref, usize)>,
    /// The helper packing written objects while the rest of the book is written (started
    /// by the first megabyte of them).
    packer: Option<Packer>,
    /// Saved the way PDF 1.3 reads: every object on its own and a cross-reference table
    /// (a print shop's PDF/X-1a file), not in object streams.
    classic: bool,
}

impl PdfFile {
    /// A file of the objects of `doc`, with none written yet.
    pub fn new(doc: lopdf::Document) -> PdfFile {
        PdfFile {
            doc,
            chunk: Chunk::with_settings(COMPACT),
            starts: Vec::new(),
            streams: Chunk::with_settings(COMPACT),
            stream_starts: Vec::new(),
            packer: None,
            classic: false,
        }
    }

    /// Saves the file the way PDF 1.3 reads it ([`PdfFile::save`]): no object streams.
    pub fn set_classic(&mut self) {
        self.classic = true;
    }

    /// A fresh object number, for lopdf's objects and the written ones alike.
    pub fn reserve(&mut self) -> Ref {
        let (id, _) = self.doc.new_object_id();
        reference((id, 0))
    }

    /// Starts writing object `id` (not a stream: it goes into an object stream).
    pub fn object(&mut self, id: Ref) -> Obj<'_> {
        if self.chunk.len() >= PACK_AT && !self.classic {
            self.pack_written();
        }
        self.starts.push((id, self.chunk.len()));
        self.chunk.indirect(id)
    }

    /// Hands the objects written so far to the packer (started by the first call: there are
    /// more than a megabyte of them, a long book), each group of them numbered for its
    /// object stream here, so the file is the same however the threads run.
    fn pack_written(&mut self) {
        let chunk = std::mem::replace(
            &mut self.chunk,
            Chunk::with_settings_and_capacity(COMPACT, PACK_AT + PACK_AT / 8),
        );
        let starts = std::mem::take(&mut self.starts);
        let stms = (0..starts.len().div_ceil(PER_OBJECT_STREAM))
            .map(|_| self.reserve())
            .collect();
        let batch = Batch {
            chunk,
            starts,
            stms,
        };
        let packer = self.packer.get_or_insert_with(Packer::start);
        packer.pack(batch);
    }

    /// The chunk to write stream `id` into (call once per stream).
    pub fn stream_chunk(&mut self, id: Ref) -> &mut Chunk {
        self.stream_starts.push((id, self.streams.len()));
        &mut self.streams
    }

    /// The whole file: the streams as they are, every other object packed into compressed
    /// object streams, then a cross-reference stream that is also the trailer (`/Root`,
    /// `/Info` and `/ID` from lopdf's trailer). PDF 1.5 and later read this form; the
    /// objects of a tagged book's structure tree compress to a fifth of their size in it.
    pub fn save(self) -> Vec<u8> {
        if self.classic {
            return self.save_classic();
        }
        let PdfFile {
            mut doc,
            chunk,
            starts,
            streams,
            stream_starts,
            packer,
            classic: _,
        } = self;
        let early = packer.map(Packer::finish);
        let trailer = trailer_of(&doc);
        let mut out = header(&doc);
        // object number -> where it is
        let early_count = early.as_ref().map_or(0, |p| p.packed.len());
        let mut xref: Vec<(i32, Place)> =
            Vec::with_capacity(doc.objects.len() + starts.len() + early_count + early_count / 64);
        let mut small = Chunk::with_settings_and_capacity(COMPACT, 64 * 1024);
        let mut small_starts = Vec::new();
        // the streams go out one by one, each let go of once written
        for (id, object) in std::mem::take(&mut doc.objects) {
            let r = reference(id);
            match object {
                Object::Stream(ref st) => {
                    let mut one =
                        Chunk::with_settings_and_capacity(COMPACT, st.content.len() + 256);
                    write_object(&mut one, r, &object, trailer.root);
                    drop(object);
                    xref.push((r.get(), Place::At(out.len())));
                    out.extend_from_slice(one.as_bytes());
                }
                _ => {
                    small_starts.push((r, small.len()));
                    write_object(&mut small, r, &object, trailer.root);
                }
            }
        }
        drop(doc);
        let base = out.len();
        out.extend_from_slice(streams.as_bytes());
        xref.extend(
            stream_starts
                .iter()
                .map(|(r, s)| (r.get(), Place::At(base + s))),
        );
        drop(streams);
        // every other object, packed
        let mut bodies: Vec<(Ref, &[u8])> = Vec::new();
        bodies.extend(bodies_of(&small, &small_starts));
        bodies.extend(bodies_of(&chunk, &starts));
        // (the early object streams, reserved from lopdf's numbers, are counted too)
        let early_refs = early
            .iter()
            .flat_map(|e| e.packed.iter().map(|p| p.1.get()));
        let mut next = 1 + xref
            .iter()
            .map(|(n, _)| *n)
            .chain(bodies.iter().map(|(r, _)| r.get()))
            .chain(early_refs)
            .max()
            .unwrap_or(0);
        let total: usize = bodies.iter().map(|b| b.1.len()).sum();
        let mut packed = early.unwrap_or_else(|| {
            Packed::with(if total > PACK_AT {
                Deflater::fast()
            } else {
                Deflater::new()
            })
        });
        let count = bodies.len().div_ceil(PER_OBJECT_STREAM) as i32;
        packed.pack(&bodies, (next..next + count).map(Ref::new));
        next += count;
        let base = out.len();
        out.extend_from_slice(packed.streams.as_bytes());
        xref.extend(
            packed
                .starts
                .iter()
                .map(|(r, s)| (r.get(), Place::At(base + s))),
        );
        xref.extend(
            packed
                .packed
                .iter()
                .map(|&(r, stm, k)| (r.get(), Place::In(stm.get(), k))),
        );
        let mut z = packed.z;
        xref_stream(&mut out, xref, next, &trailer, &mut z);
        out
    }
}

impl PdfFile {
    /// The whole file as PDF 1.3 has it: every object written on its own, then a
    /// cross-reference table and the trailer dictionary (`/Size`, `/Root`, `/Info`, `/ID`).
    fn save_classic(self) -> Vec<u8> {
        let PdfFile {
            mut doc,
            chunk,
            starts,
            streams,
            stream_starts,
            ..
        } = self;
        let trailer = trailer_of(&doc);
        let mut out = header(&doc);
        let mut xref: Vec<(i32, usize)> = Vec::with_capacity(doc.objects.len() + starts.len());
        for (id, object) in std::mem::take(&mut doc.objects) {
            let r = reference(id);
            let mut one = Chunk::with_settings(COMPACT);
            write_object(&mut one, r, &object, trailer.root);
            xref.push((r.get(), out.len()));
            out.extend_from_slice(one.as_bytes());
        }
        for (chunk, starts) in [(&streams, &stream_starts), (&chunk, &starts)] {
            let base = out.len();
            out.extend_from_slice(chunk.as_bytes());
            xref.extend(starts.iter().map(|(r, s)| (r.get(), base + s)));
        }
        xref.sort_by_key(|(n, _)| *n);
        let size = xref.last().map_or(1, |(n, _)| n + 1);
        let at = out.len();
        let mut table = format!("xref\n0 {size}\n0000000000 65535 f\r\n");
        let mut next = xref.iter().peekable();
        for n in 1..size {
            match next.next_if(|(k, _)| *k == n) {
                Some((_, offset)) => table.push_str(&format!("{offset:010} 00000 n\r\n")),
                None => table.push_str("0000000000 65535 f\r\n"),
            }
        }
        out.extend_from_slice(table.as_bytes());
        let mut c = Chunk::with_settings(COMPACT);
        {
            // pdf-writer writes a dictionary only as an object's: its body is the trailer's
            let mut d = c.indirect(Ref::new(1)).dict();
            d.pair(Name(b"Size"), size);
            trailer.write(&mut d);
        }
        let body = bodies_of(&c, &[(Ref::new(1), 0)])[0].1;
        out.extend_from_slice(b"trailer\n");
        out.extend_from_slice(body);
        out.extend_from_slice(format!("\nstartxref\n{at}\n%%EOF\n").as_bytes());
        out
    }
}

/// The file's first bytes: its version and a comment of high bytes (a binary file).
fn header(doc: &lopdf::Document) -> Vec<u8> {
    let (major, minor) = version(&doc.version);
    let mut out = Vec::with_capacity(256 * 1024);
    out.extend_from_slice(format!("%PDF-{major}.{minor}\n%\u{80}\u{80}\n\n").as_bytes());
    out
}

/// Writes lopdf's object `r` into `chunk`: a stream with its dictionary (the stream writer
/// puts `/Length`), the catalog (`root`) with its `/Type` first, any other object as it is.
fn write_object(chunk: &mut Chunk, r: Ref, object: &Object, root: Option<Ref>) {
    match object {
        Object::Stream(st) => entries(&mut chunk.stream(r, &st.content), &st.dict, &[b"Length"]),
        Object::Dictionary(d) if Some(r) == root => {
            let mut c = chunk.indirect(r).dict();
            c.pair(Name(b"Type"), Name(b"Catalog"));
            entries(&mut c, d, &[b"Type"]);
        }
        _ => value(chunk.indirect(r), object),
    }
}

/// What lopdf's trailer says of the root, the Info dictionary and the ID.
fn trailer_of(doc: &lopdf::Document) -> Trailer {
    let root = doc.trailer.get(b"Root").and_then(Object::as_reference).ok();
    let info = doc.trailer.get(b"Info").and_then(Object::as_reference).ok();
    Trailer {
        root: root.map(reference),
        info: info.map(reference),
        id: match doc.trailer.get(b"ID") {
            Ok(Object::Array(ids)) => match ids.as_slice() {
                [Object::String(a, _), Object::String(b, _)] => Some((a.clone(), b.clone())),
                _ => None,
            },
            _ => None,
        },
    }
}

/// Writes object stream `stm` holding the objects of `group` (their bodies), compressed
/// with `z`.
fn object_stream(out: &mut Chunk, stm: Ref, group: &[(Ref, &[u8])], z: &mut Deflater) {
    use std::io::Write as _;
    // the header (number and offset of each object), then the bodies, one newline apart
    let mut all: Vec<u8> = Vec::with_capacity(group.iter().map(|b| b.1.len() + 13).sum());
    let mut offset = 0;
    for (r, body) in group {
        let _ = write!(all, "{} {} ", r.get(), offset);
        offset += body.len() + 1;
    }
    let first = all.len();
    for (k, (_, body)) in group.iter().enumerate() {
        if k > 0 {
            all.push(b'\n');
        }
        all.extend_from_slice(body);
    }
    let packed = z.pack(&all);
    let mut s = out.stream(stm, packed.as_deref().unwrap_or(&all));
    s.pair(Name(b"Type"), Name(b"ObjStm"));
    s.pair(Name(b"N"), group.len() as i32);
    s.pair(Name(b"First"), first as i32);
    if packed.is_some() {
        s.filter(pdf_writer::Filter::FlateDecode);
    }
}

/// Objects written and waiting to be packed: the chunk holding them, where each starts,
/// the number of each group's object stream.
struct Batch {
    chunk: Chunk,
    starts: Vec<(Ref, usize)>,
    stms: Vec<Ref>,
}

/// What the packer made: the object streams, where each starts, each packed object's
/// stream and index there, and its compressor (for the rest at the save).
struct Packed {
    streams: Chunk,
    starts: Vec<(Ref, usize)>,
    packed: Vec<(Ref, Ref, usize)>,
    z: Deflater,
}

/// Packs batches of written objects into object streams at zlib's fastest level, on a
/// helper thread while the pages and the structure tree are still being written (on 25,000
/// footnotes that is 17 MB of objects; the other core is idle then), or in place when no
/// thread can be had. Two batches wait at most.
enum Packer {
    Thread {
        to: std::sync::mpsc::SyncSender<Batch>,
        done: std::thread::JoinHandle<Packed>,
    },
    InPlace(Box<Packed>),
}

impl Packer {
    fn start() -> Packer {
        let (to, from) = std::sync::mpsc::sync_channel::<Batch>(2);
        let thread = crate::cores::spawn_apart("pack", move || {
            let mut packed = Packed::with(Deflater::fast());
            for batch in from {
                packed.pack_batch(batch);
            }
            packed
        });
        match thread {
            Ok(done) => Packer::Thread { to, done },
            Err(_) => Packer::InPlace(Box::new(Packed::with(Deflater::fast()))),
        }
    }

    fn pack(&mut self, batch: Batch) {
        match self {
            Packer::Thread { to, .. } => {
                // (the thread ends only when this side hangs up, or by a panic that
                // `finish` passes on)
                let _ = to.send(batch);
            }
            Packer::InPlace(p) => p.pack_batch(batch),
        }
    }

    /// Everything packed, once the last batch is.
    fn finish(self) -> Packed {
        match self {
            Packer::Thread { to, done } => {
                drop(to);
                done.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            }
            Packer::InPlace(p) => *p,
        }
    }
}

impl Packed {
    fn with(z: Deflater) -> Packed {
        Packed {
            streams: Chunk::with_settings(COMPACT),
            starts: Vec::new(),
            packed: Vec::new(),
            z,
        }
    }

    fn pack_batch(&mut self, batch: Batch) {
        self.pack(
            &bodies_of(&batch.chunk, &batch.starts),
            batch.stms.into_iter(),
        );
    }

    /// Packs `bodies` into object streams of [`PER_OBJECT_STREAM`] each, numbered `stms`.
    fn pack(&mut self, bodies: &[(Ref, &[u8])], stms: impl Iterator<Item = Ref>) {
        for (group, stm) in bodies.chunks(PER_OBJECT_STREAM).zip(stms) {
            self.starts.push((stm, self.streams.len()));
            object_stream(&mut self.streams, stm, group, &mut self.z);
            self.packed
                .extend(group.iter().enumerate().map(|(k, (r, _))| (*r, stm, k)));
        }
    }
}

/// Where an object is: at a byte offset, or the `k`th object of object stream `n`.
#[derive(Clone, Copy)]
enum Place {
    At(usize),
    In(i32, usize),
}

/// What the trailer says (inside the cross-reference stream's dictionary).
struct Trailer {
    root: Option<Ref>,
    info: Option<Ref>,
    id: Option<(Vec<u8>, Vec<u8>)>,
}

impl Trailer {
    /// `/Root`, `/Info` and `/ID` into the trailer's dictionary (or the cross-reference
    /// stream's).
    fn write(&self, d: &mut Dict<'_>) {
        if let Some(r) = self.root {
            d.pair(Name(b"Root"), r);
        }
        if let Some(r) = self.info {
            d.pair(Name(b"Info"), r);
        }
        if let Some((a, b)) = &self.id {
            let mut ids = d.insert(Name(b"ID")).array();
            ids.item(Str(a));
            ids.item(Str(b));
        }
    }
}

/// Each object of `chunk` as written (`starts`: where each begins), without its
/// `n 0 obj` … `endobj` frame: what an object stream holds.
fn bodies_of<'c>(chunk: &'c Chunk, starts: &[(Ref, usize)]) -> Vec<(Ref, &'c [u8])> {
    let bytes = chunk.as_bytes();
    starts
        .iter()
        .enumerate()
        .map(|(k, &(r, s))| {
            let end = starts.get(k + 1).map_or(bytes.len(), |n| n.1);
            let mut body = &bytes[s..end];
            if let Some(at) = body.iter().position(|&b| b == b'\n') {
                body = &body[at + 1..];
            }
            let body = body.trim_ascii_end();
            let body = body
                .strip_suffix(b"endobj")
                .unwrap_or(body)
                .trim_ascii_end();
            (r, body)
        })
        .collect()
}

/// The cross-reference stream (object `id`: the last one) and the end of the file. Each
/// entry is a type byte, four bytes of offset or object-stream number, two of index.
fn xref_stream(
    out: &mut Vec<u8>,
    mut xref: Vec<(i32, Place)>,
    id: i32,
    trailer: &Trailer,
    z: &mut Deflater,
) {
    let at = out.len();
    xref.push((id, Place::At(at)));
    xref.sort_by_key(|(n, _)| *n);
    let size = id + 1;
    let mut rows = vec![[0u8; 7]; size as usize];
    // object 0 heads the (empty) list of free objects
    rows[0] = [0, 0, 0, 0, 0, 0xFF, 0xFF];
    for (n, place) in xref {
        let (kind, a, b) = match place {
            Place::At(o) => (1u8, o as u32, 0u16),
            Place::In(stm, k) => (2u8, stm as u32, k as u16),
        };
        let row = &mut rows[n as usize];
        row[0] = kind;
        row[1..5].copy_from_slice(&a.to_be_bytes());
        row[5..7].copy_from_slice(&b.to_be_bytes());
    }
    let raw: Vec<u8> = rows.concat();
    let packed = z.pack(&raw);
    let mut c = Chunk::with_settings(COMPACT);
    let mut s = c.stream(Ref::new(id), packed.as_deref().unwrap_or(&raw));
    s.pair(Name(b"Type"), Name(b"XRef"));
    s.pair(Name(b"Size"), size);
    s.insert(Name(b"W")).array().items([1, 4, 2]);
    trailer.write(&mut s);
    if packed.is_some() {
        s.filter(pdf_writer::Filter::FlateDecode);
    }
    drop(s);
    out.extend_from_slice(c.as_bytes());
    out.extend_from_slice(format!("startxref\n{at}\n%%EOF").as_bytes());
}

/// A zlib compressor kept for many streams: setting one up clears a few hundred KB of
/// tables, which for a short book cost more than compressing its pages.
pub struct Deflater(flate2::Compress);

impl Default for Deflater {
    fn default() -> Self {
        Deflater::new()
    }
}

impl Deflater {
    /// zlib's default level: `best` costs three times the time for about 1% of size on
    /// content streams.
    pub fn new() -> Deflater {
        Deflater(flate2::Compress::new(flate2::Compression::new(6), true))
    }

    /// zlib's fastest level, for the object streams of a long book: on 25,000 footnotes it
    /// packs them in a third of the time (the save 235 → 75 ms); on the guide it would cost
    /// 6 % of the file, so a short book keeps the default level.
    pub fn fast() -> Deflater {
        Deflater(flate2::Compress::new(flate2::Compression::new(1), true))
    }

    /// The zlib data of `data` (`None` should compressing into memory ever fail).
    pub fn pack(&mut self, data: &[u8]) -> Option<Vec<u8>> {
        self.0.reset();
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        loop {
            let read = self.0.total_in() as usize;
            let status =
                self.0
                    .compress_vec(&data[read..], &mut out, flate2::FlushCompress::Finish);
            match status {
                Ok(flate2::Status::StreamEnd) => return Some(out),
                Ok(_) => out.reserve(out.capacity().max(64)),
                Err(_) => return None,
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A file of `n` written arrays (each `[k (some words)]`) in a document with a catalog.
    fn file_of(n: usize) -> PdfFile {
        let mut doc = lopdf::Document::with_version("1.7");
        let catalog = doc.add_object(lopdf::dictionary! { "Type" => "Catalog" });
        doc.trailer.set("Root", catalog);
        let mut file = PdfFile::new(doc);
        for k in 0..n {
            let r = file.reserve();
            let mut a = file.object(r).array();
            a.item(k as i32);
            a.item(Str(b"a few words to fill the object"));
        }
        file
    }

    #[test]
    fn a_long_books_objects_are_packed_as_written_and_all_found() {
        // over 1 MB of objects: packed in batches by the helper while more are written
        let n = 40_000;
        let file = file_of(n);
        assert!(file.packer.is_some(), "no batch was handed to the packer");
        let bytes = file.save();
        let doc = lopdf::Document::load_mem(&bytes).expect("the file reads back");
        let mut seen = 0;
        for (_, object) in doc.objects.iter() {
            if let Ok(items) = object.as_array() {
                let k = items[0].as_i64().unwrap() as usize;
                assert!(k < n);
                assert_eq!(
                    items[1].as_str().unwrap(),
                    b"a few words to fill the object"
                );
                seen += 1;
            }
        }
        assert_eq!(seen, n);
        // the same objects give the same file, the helper thread or not
        assert_eq!(file_of(n).save(), bytes);
        let mut in_place = file_of(0);
        in_place.packer = Some(Packer::InPlace(Box::new(Packed::with(Deflater::fast()))));
        let mut threaded = file_of(0);
        threaded.packer = Some(Packer::start());
        for f in [&mut in_place, &mut threaded] {
            for k in 0..n {
                let r = f.reserve();
                f.object(r).array().item(k as i32);
            }
        }
        assert_eq!(in_place.save(), threaded.save());
    }

    #[test]
    fn a_short_books_objects_wait_for_the_save() {
        let file = file_of(100);
        assert!(file.packer.is_none());
        let doc = lopdf::Document::load_mem(&file.save()).expect("the file reads back");
        assert_eq!(
            doc.objects
                .values()
                .filter(|o| o.as_array().is_ok())
                .count(),
            100
        );
    }

    #[test]
    fn a_classic_file_has_every_object_at_the_offset_its_table_gives() {
        let mut file = file_of(1500);
        file.set_classic();
        file.doc.version = "1.3".into();
        let bytes = file.save();
        assert!(bytes.starts_with(b"%PDF-1.3\n"));
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("/ObjStm") && !text.contains("/XRef"));
        // the table: each in-use entry's offset starts that object
        let at = text.rfind("\nxref\n").unwrap() + 1;
        let mut rows = text[at..].lines().skip(1);
        let size: usize = rows
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let mut used = 0;
        for (n, row) in rows.take(size).enumerate() {
            let (offset, kind) = (&row[..10], &row[17..18]);
            if kind == "n" {
                let offset: usize = offset.parse().unwrap();
                assert!(
                    text[offset..].starts_with(&format!("{n} 0 obj")),
                    "object {n}"
                );
                used += 1;
            }
        }
        // 1,500 arrays and the catalog, none packed though past the packing threshold
        assert!(used >= 1501, "{used}");
        let doc = lopdf::Document::load_mem(&bytes).expect("the file reads back");
        assert_eq!(
            doc.objects
                .values()
                .filter(|o| o.as_array().is_ok())
                .count(),
            1500
        );
    }
}
