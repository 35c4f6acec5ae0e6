//! PDF/X-1a:2001 (ISO 15930-1) marks on a finished file: the output intent (`/S /GTS_PDFX`
//! with a registered characterisation, so no ICC profile need be embedded), the Info keys
//! naming the version and conformance level (`Trapped` is already `/False`), and PDF 1.3,
//! the version the 2001 standard is built on. What makes the content conform — DeviceGray
//! or DeviceCMYK only, no soft masks, fonts embedded, no annotations or forms — is done
//! where the content is made (`emit::Press`, `print::prepare`, and the caller leaving out
//! links, fields, bookmarks and tags).

use lopdf::{Dictionary, Object, StringFormat};

use crate::diag::Diagnostic;
use crate::model::Metadata;

/// The characterisation the interior is prepared for: the ICC registry's name for the
/// common US offset and print-on-demand condition (CGATS TR 001, SWOP coated).
pub const OUTPUT_CONDITION: &str = "CGATS TR 001";
const REGISTRY: &str = "http://www.color.org";
const CONDITION_INFO: &str = "U.S. Web Coated (SWOP) v2";

fn literal(s: &str) -> Object {
    Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
}

fn broken(e: lopdf::Error) -> Diagnostic {
    Diagnostic::error("GB304", format!("the print PDF could not be finished: {e}"))
        .help("this is a bug in guidebuild; please report it")
}

/// Adds the output intent and the PDF/X Info keys, and sets the version to 1.3.
pub(super) fn mark(doc: &mut lopdf::Document, meta: &Metadata) -> Result<(), Diagnostic> {
    doc.version = "1.3".into();
    let mut intent = Dictionary::new();
    intent.set("Type", Object::Name(b"OutputIntent".to_vec()));
    intent.set("S", Object::Name(b"GTS_PDFX".to_vec()));
    intent.set("OutputConditionIdentifier", literal(OUTPUT_CONDITION));
    intent.set("OutputCondition", literal(CONDITION_INFO));
    intent.set("RegistryName", literal(REGISTRY));
    intent.set("Info", literal(CONDITION_INFO));
    let intent = doc.add_object(intent);
    let info_id = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .map_err(broken)?;
    let info = doc.get_dictionary_mut(info_id).map_err(broken)?;
    info.set("GTS_PDFXVersion", literal("PDF/X-1:2001"));
    info.set("GTS_PDFXConformance", literal("PDF/X-1a:2001"));
    info.set("Trapped", Object::Name(b"False".to_vec()));
    if info.get(b"Title").is_err() {
        info.set("Title", crate::pdf::nav::text(&meta.title));
    }
    let catalog = doc.catalog_mut().map_err(broken)?;
    catalog.set(
        "OutputIntents",
        Object::Array(vec![Object::Reference(intent)]),
    );
    Ok(())
}
