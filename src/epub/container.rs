//! The container: the book's files in container order, zipped once. [`build`] writes the
//! package documents (`opf.rs`, `nav.rs`) and lays them out with every file. epub-builder 0.8.3 keeps
//! its `Zip` trait in a private module (nothing outside the crate can implement it), and the
//! archive its `generate` writes carries the crate's own package documents, which are not what
//! the book needs (see `opf.rs` and `nav.rs`); so the book is laid out here instead of being
//! zipped by the crate and then unzipped, patched and zipped again. The order is fixed:
//! `mimetype` first and stored, then `META-INF/` (the container file pointing to the package
//! document, and Apple Books' display options, which let it use the embedded fonts), the
//! package document, the navigation, the NCX, then every other file in the order it was added,
//! each deflated and dated 1980-01-01 00:00 with fixed permissions.

use super::package::Package;
use crate::diag::Diagnostic;
use std::collections::BTreeSet;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Files of the book: (path in the container, bytes).
pub type Parts = Vec<(String, Vec<u8>)>;

pub const MIMETYPE: &str = "mimetype";
pub const OPF: &str = "OEBPS/content.opf";
pub const NAV: &str = "OEBPS/nav.xhtml";
pub const NCX: &str = "OEBPS/toc.ncx";

const CONTAINER_XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">
  <rootfiles>
    <rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\" />
  </rootfiles>
</container>
";

const IBOOKS_XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<display_options>
  <platform name=\"*\">
    <option name=\"specified-fonts\">true</option>
  </platform>
</display_options>
";

/// Deflate level 2: with the zlib-rs backend level 1 leaves the guide 19% bigger (74.6 KB
/// against 62.7 KB) for no gain in time. Most of the bytes are font subsets, which level 9 shrinks
/// only 5% more (measured on the bundled guide: 70 KB against 67 KB) at twice the time.
const LEVEL: i64 = 2;

/// The files of the book, in container order.
pub struct Container {
    entries: Parts,
    names: BTreeSet<String>,
}

impl Container {
    /// A container holding `mimetype` and `META-INF/`.
    pub fn begin() -> Container {
        let mut c = Container {
            entries: Vec::new(),
            names: BTreeSet::new(),
        };
        for (name, text) in [
            (MIMETYPE, "application/epub+zip"),
            ("META-INF/container.xml", CONTAINER_XML),
            ("META-INF/com.apple.ibooks.display-options.xml", IBOOKS_XML),
        ] {
            c.names.insert(name.to_string());
            c.entries.push((name.to_string(), text.as_bytes().to_vec()));
        }
        c
    }

    /// Adds a file after those already there; a path may be used once.
    pub fn add(&mut self, name: String, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        if !self.names.insert(name.clone()) {
            return Err(
                Diagnostic::error("GB401", format!("the EPUB would carry {name} twice"))
                    .help("this is a bug in guidebuild; please report it with the manuscript"),
            );
        }
        self.entries.push((name, bytes));
        Ok(())
    }

    pub fn into_parts(self) -> Parts {
        self.entries
    }
}

fn zip_err(e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error("GB401", format!("could not zip the EPUB: {e}"))
        .help("this is a bug in guidebuild; please report it with the manuscript")
}

/// The book's files in container order, and the zipped book when it was asked for.
pub struct Built {
    pub parts: Parts,
    pub zip: Vec<u8>,
}

/// Writes our package documents, lays out the container with them and every file, and (when
/// `zipped` is set) zips it.
pub fn build(pkg: Package, zipped: bool) -> Result<Built, Diagnostic> {
    let mut c = Container::begin();
    c.add(OPF.into(), super::opf::content_opf(&pkg)?.into_bytes())?;
    c.add(NAV.into(), super::nav::nav_xhtml(&pkg)?.into_bytes())?;
    c.add(NCX.into(), super::nav::toc_ncx(&pkg).into_bytes())?;
    for item in pkg.items {
        let file = format!("OEBPS/{}", item.file());
        c.add(file, item.into_bytes())?;
    }
    let parts = c.into_parts();
    let zip = if zipped { zip(&parts)? } else { Vec::new() };
    Ok(Built { parts, zip })
}

/// Zips the entries as an EPUB container: `mimetype` first and stored, the rest deflated in
/// the given order, every date 1980-01-01 00:00, fixed permissions.
pub fn zip(entries: &[(String, Vec<u8>)]) -> Result<Vec<u8>, Diagnostic> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let base = SimpleFileOptions::default()
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    w.start_file(MIMETYPE, base.compression_method(CompressionMethod::Stored))
        .map_err(zip_err)?;
    w.write_all(b"application/epub+zip").map_err(zip_err)?;
    for (name, data) in entries.iter().filter(|(n, _)| n != MIMETYPE) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use zip::ZipArchive;

    #[test]
    fn files_follow_the_container_files_and_each_path_is_used_once() {
        let mut c = Container::begin();
        c.add(OPF.into(), b"<package/>".to_vec()).unwrap();
        c.add("OEBPS/a.css".into(), b"css".to_vec()).unwrap();
        let e = c.add("OEBPS/a.css".into(), b"again".to_vec()).unwrap_err();
        assert_eq!(e.code, "GB401");
        let parts = c.into_parts();
        let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                MIMETYPE,
                "META-INF/container.xml",
                "META-INF/com.apple.ibooks.display-options.xml",
                OPF,
                "OEBPS/a.css"
            ]
        );
        assert_eq!(parts[4].1, b"css");
        let container = String::from_utf8_lossy(&parts[1].1).into_owned();
        assert!(container.contains("full-path=\"OEBPS/content.opf\""));
    }

    #[test]
    fn zip_puts_a_stored_mimetype_first_with_fixed_dates() {
        let entries = vec![
            ("b.txt".to_string(), b"bbbb".to_vec()),
            ("mimetype".to_string(), b"ignored".to_vec()),
            ("a.txt".to_string(), b"aaaa".to_vec()),
        ];
        let z = zip(&entries).unwrap();
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
        assert_eq!(zip(&entries).unwrap(), z);
    }
}
