"""The fillable PDF's round trip, with a real PDF library: fill every field of IN (text
fields with a sentence naming the field, boxes ticked or cleared against what they were),
save as OUT, open OUT again and read every value back. Prints one line per field and
exits 1 when a value does not come back, a field has no name or tooltip, or two fields
share a name. Usage: fill_form.py IN OUT"""
import sys

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

src, dst = sys.argv[1], sys.argv[2]
reader = PdfReader(src)
fields = reader.get_fields() or {}
if not fields:
    sys.exit(f"{src}: no form fields")

terminal = {n: f for n, f in fields.items() if f.get("/FT") is not None}
names = list(terminal)
if len(set(names)) != len(names):
    sys.exit(f"{src}: field names repeat")

writer = PdfWriter(clone_from=reader)
want = {}
for page in writer.pages:
    values = {}
    for annot in page.get("/Annots") or []:
        a = annot.get_object()
        if a.get("/Subtype") != "/Widget":
            continue
        parent = a.get("/Parent")
        name = a["/T"] if parent is None else f'{parent.get_object()["/T"]}.{a["/T"]}'
        if not a.get("/TU"):
            sys.exit(f"{src}: field {name} has no tooltip (/TU)")
        if a.get("/FT") == "/Tx":
            values[name] = f"Answer for {name}"
        else:
            on = a.get("/V") == "/Yes"
            values[name] = "/Off" if on else "/Yes"
        want[name] = values[name]
    if values:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
writer.write(dst)

back = PdfReader(dst).get_fields() or {}
bad = 0
for name, value in want.items():
    got = back.get(name, {}).get("/V")
    ok = str(got) == value
    bad += not ok
    print(f"{'ok ' if ok else 'BAD'} {name} = {got!r}")
if bad or len(want) != len(terminal):
    sys.exit(f"{dst}: {bad} values did not come back ({len(want)} filled of {len(terminal)})")
