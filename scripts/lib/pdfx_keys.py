"""Reads a print-shop interior with pypdf (a parser that is not guidebuild's) and prints
`ok` or what is wrong with what PDF/X-1a:2001 and the services ask of the file's objects:
the version, the output intent, the Info keys, every page's boxes, no annotations, no
outline, no form, no soft masks, images in DeviceGray or DeviceCMYK only.

Usage: pdfx_keys.py FILE.pdf TRIM_W TRIM_H BLEED
"""

import sys

from pypdf import PdfReader
from pypdf.generic import IndirectObject


def main():
    path, tw, th, bleed = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
    r = PdfReader(path)
    bad = []
    if r.pdf_header != "%PDF-1.3":
        bad.append(f"header {r.pdf_header}")
    info = r.trailer["/Info"].get_object()
    for key, want in [("/GTS_PDFXVersion", "PDF/X-1:2001"), ("/GTS_PDFXConformance", "PDF/X-1a:2001")]:
        if info.get(key) != want:
            bad.append(f"{key} = {info.get(key)!r}")
    if info.get("/Trapped") != "/False":
        bad.append(f"/Trapped = {info.get('/Trapped')!r}")
    for key in ("/Title", "/CreationDate", "/ModDate"):
        if key not in info:
            bad.append(f"no {key}")
    if "/ID" not in r.trailer:
        bad.append("no /ID")
    root = r.trailer["/Root"].get_object()
    intents = root.get("/OutputIntents")
    if not intents or intents[0].get_object().get("/S") != "/GTS_PDFX":
        bad.append("no GTS_PDFX output intent")
    elif not intents[0].get_object().get("/OutputConditionIdentifier"):
        bad.append("no OutputConditionIdentifier")
    for key in ("/Outlines", "/AcroForm", "/StructTreeRoot", "/Names", "/OpenAction"):
        if key in root:
            bad.append(f"catalog has {key}")
    if len(r.pages) % 2:
        bad.append(f"{len(r.pages)} pages, an odd count")

    def box(page, key):
        return [float(v) for v in page[key]]

    for k, page in enumerate(r.pages):
        if "/Annots" in page:
            bad.append(f"page {k + 1} has annotations")
        trim, bleed_box, media = box(page, "/TrimBox"), box(page, "/BleedBox"), box(page, "/MediaBox")
        within = lambda a, b: a[0] >= b[0] - 0.01 and a[1] >= b[1] - 0.01 and a[2] <= b[2] + 0.01 and a[3] <= b[3] + 0.01
        if not (within(trim, bleed_box) and within(bleed_box, media)):
            bad.append(f"page {k + 1}: boxes not nested: {trim} {bleed_box} {media}")
        if abs(trim[2] - trim[0] - tw) > 0.01 or abs(trim[3] - trim[1] - th) > 0.01:
            bad.append(f"page {k + 1}: trim {trim}")
        if abs(media[2] - media[0] - tw - bleed) > 0.01 or abs(media[3] - media[1] - th - 2 * bleed) > 0.01:
            bad.append(f"page {k + 1}: media {media}")
        xobjects = page["/Resources"].get("/XObject", {})
        for name, ref in xobjects.items():
            x = ref.get_object()
            if x.get("/Subtype") != "/Image":
                continue
            if "/SMask" in x:
                bad.append(f"page {k + 1}: image {name} has a soft mask")
            if x.get("/ColorSpace") not in ("/DeviceGray", "/DeviceCMYK"):
                bad.append(f"page {k + 1}: image {name} in {x.get('/ColorSpace')}")
    if bad:
        print("; ".join(bad[:6]))
        sys.exit(1)
    print(f"ok: {len(r.pages)} pages")


main()
