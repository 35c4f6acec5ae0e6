#!/usr/bin/env bash
# Builds every manuscript the repository holds with the release binary and runs the outside
# checkers on the results. Exits non-zero if any check fails; nothing is skippable.
#
#   EPUB: EPUBCheck 5.3.0 (0 fatals / 0 errors / 0 warnings / 0 infos), DAISY Ace 1.4.6 (exit 0,
#         0 violations)
#   PDF:  qpdf --check (exit 0), pdffonts (every font emb yes, sub yes), mutool draw and
#         Ghostscript render every page without a complaint, pdftotext gives text; every PDF
#         but the booklets (which are for paper, not tagged): pdfinfo says `Tagged: yes` and
#         pdfua 0.1.3 finds nothing (its machine-checkable PDF/UA-1 rules; veraPDF, which
#         checks all of them, needs a download this machine cannot make)
#   The bundled guide: `guidebuild build` writes both files; EPUB < 150 KB, PDF < 80 KB
#   A generated 60,000-word book: PDF of 200+ pages through the same PDF checks
#   The guide as a booklet (`--for booklet`) on Letter and on A4 sheets: the same PDF checks
#   Print-shop interiors (`--for kdp`, `--for ingramspark`; the guide, with bleed and in
#         colour, a user's guide, the long book): the same PDF checks but fonts whole (pdffonts
#         emb yes, sub no) and untagged; pypdf reads the PDF/X-1a:2001 keys, output intent,
#         boxes and images (scripts/lib/pdfx_keys.py); pdfinfo: PDF 1.3; pdftoppm renders
#   Bad manuscripts (tests/fixtures/bad/*): exit 2, one error line naming the file, no output
#
# Needs the tools from scripts/install-validators.sh. Output goes to target/conformance/
# (override with CONFORMANCE_OUT). Usage: scripts/conformance.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="${CONFORMANCE_OUT:-$ROOT/target/conformance}"
LONG_WORDS="${CONFORMANCE_LONG_WORDS:-60000}"
LONG_MIN_PAGES=200

say() { printf 'conformance: %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

# --- Tools: all of them, or stop here ----------------------------------------------------------
[ -f "$ROOT/.verify/env.sh" ] || die "checkers not installed: run scripts/install-validators.sh"
# shellcheck source=/dev/null
. "$ROOT/.verify/env.sh"
for t in java qpdf pdffonts pdftotext pdfinfo mutool gs python3 node cargo "$CHROMIUM" "$ACE_CLI" "$PDFUA" "$VENV_PY"; do
    command -v "$t" >/dev/null 2>&1 || die "$t is missing: run scripts/install-validators.sh"
done
[ -f "$EPUBCHECK_JAR" ] || die "EPUBCheck jar missing ($EPUBCHECK_JAR): run scripts/install-validators.sh"
PY=python3

rm -rf "$OUT"
mkdir -p "$OUT/books" "$OUT/logs" "$OUT/epubcheck" "$OUT/ace" "$OUT/bad"

if [ -n "${CONFORMANCE_BIN:-}" ]; then
    # For testing this script itself against another binary; never in CI.
    [ "${CI:-}" != true ] || die "CONFORMANCE_BIN is not allowed when CI=true"
    BIN="$CONFORMANCE_BIN"
else
    say "building the release binary"
    cargo build --release --locked --quiet
    BIN="$ROOT/target/release/guidebuild"
fi
[ -x "$BIN" ] || die "no binary at $BIN"

# --- The results table -----------------------------------------------------------------------
RESULTS="$OUT/results.tsv"
: >"$RESULTS"
record() { # book check PASS|FAIL detail
    printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4//$'\n'/ }" >>"$RESULTS"
    if [ "$3" != PASS ]; then say "FAIL $1 $2: $4"; fi
}

# --- The manuscripts -------------------------------------------------------------------------
declare -a NAMES=() DIRS=()
add_book() { NAMES+=("$1"); DIRS+=("$2"); }
[ -d manuscript ] || die "no manuscript/ folder"
add_book guide manuscript
for d in tests/fixtures/*/; do
    d="${d%/}"
    case "$(basename "$d")" in bad|authors) continue ;; esac
    add_book "$(basename "$d")" "$d"
done
# manuscripts written the way other authors write: each folder and each .md file is a book
for d in tests/fixtures/authors/*/; do
    d="${d%/}"
    add_book "authors-$(basename "$d")" "$d"
done
for f in tests/fixtures/authors/*.md; do
    case "$(basename "$f")" in README.md) continue ;; esac
    add_book "authors-$(basename "$f" .md)" "$f"
done
for f in tests/fixtures/*.md; do
    [ -e "$f" ] || continue
    add_book "$(basename "$f" .md)" "$f"
done
LONG_DIR="$OUT/long-book"
say "generating the ${LONG_WORDS}-word book"
# the benchmark's generator (benches/build/genbook.rs), in the test profile that `cargo test` built
cargo test --quiet --locked --bench build -- genbook "$LONG_DIR" "$LONG_WORDS"

# build KIND NAME DIR -> writes $OUT/books/NAME.KIND, records the result
build() {
    local kind="$1" name="$2" dir="$3" target="$OUT/books/$2.$1" log="$OUT/logs/$2.$1.log" rc=0
    local t0 t1
    t0=$(date +%s%N)
    "$BIN" "$kind" "$dir" -o "$target" --color never >"$log" 2>&1 || rc=$?
    t1=$(date +%s%N)
    local warnings
    warnings=$(grep -cE '(^|: )warning(\[|:)' "$log" || true)
    if [ "$rc" -eq 0 ] && [ -s "$target" ]; then
        record "$name" "build $kind" PASS "$(( (t1 - t0) / 1000000 )) ms, $(stat -c %s "$target") bytes, $warnings warning(s)"
    else
        record "$name" "build $kind" FAIL "exit $rc: $(grep -m1 -i 'error\|panicked' "$log" || head -1 "$log")"
        rm -f "$target"
    fi
}

for i in "${!NAMES[@]}"; do
    build epub "${NAMES[$i]}" "${DIRS[$i]}"
    build pdf "${NAMES[$i]}" "${DIRS[$i]}"
done
build pdf long-book "$LONG_DIR"

# The guide as a booklet to print at home, on Letter and on A4 sheets.
BOOKLETS=()
for sheet in letter a4; do
    n="guide-booklet-$sheet"; f="$OUT/books/$n.pdf"; rc=0
    "$BIN" pdf manuscript --for booklet --paper "$sheet" -o "$f" --color never \
        >"$OUT/logs/$n.pdf.log" 2>&1 || rc=$?
    if [ "$rc" -eq 0 ] && [ -s "$f" ]; then
        record "$n" "build pdf --for booklet" PASS "$(stat -c %s "$f") bytes"
        BOOKLETS+=("$n")
    else
        record "$n" "build pdf --for booklet" FAIL "exit $rc: $(head -1 "$OUT/logs/$n.pdf.log")"
    fi
done

# Print-shop interiors (issue 14): name, source, arguments, the trim (pt) and the bleed.
PRINTS=()
declare -A PRINT_BOX=()
print_ms="$OUT/print-guide"
rm -rf "$print_ms"; cp -r manuscript "$print_ms"
printf '\n[pdf.print]\nbleed = true\ncolor = true\n' >>"$print_ms/guide.toml"
while IFS='|' read -r n src args box; do
    f="$OUT/books/$n.pdf"; rc=0
    # shellcheck disable=SC2086
    "$BIN" pdf "$src" $args -o "$f" --color never >"$OUT/logs/$n.pdf.log" 2>&1 || rc=$?
    if [ "$rc" -eq 0 ] && [ -s "$f" ]; then
        record "$n" "build pdf $args" PASS "$(stat -c %s "$f") bytes, $(grep -c 'warning\[GB6' "$OUT/logs/$n.pdf.log" || true) preflight warning(s)"
        PRINTS+=("$n"); PRINT_BOX[$n]="$box"
    else
        record "$n" "build pdf $args" FAIL "exit $rc: $(head -1 "$OUT/logs/$n.pdf.log")"
    fi
done <<EOF_PRINTS
guide-kdp|manuscript|--for kdp|432 648 0
guide-ingramspark-bleed-color|$print_ms|--for ingramspark --paper 5.5x8.5|396 612 9
authors-user-guide-kdp|tests/fixtures/authors/user-guide.md|--for kdp --paper 5x8|360 576 0
long-book-ingramspark|$LONG_DIR|--for ingramspark|432 648 0
EOF_PRINTS

# The workbook fixtures as fillable PDFs (issue 13): built with --fillable, checked like every
# PDF below (the form's font is embedded whole on purpose: a reader types any letter), tagged,
# and put through the round trip further down.
FILLABLE=()
for src in tests/fixtures/authors/workbook.md tests/fixtures/authors/worksheet; do
    n="authors-$(basename "$src" .md)-fillable"; f="$OUT/books/$n.pdf"; rc=0
    "$BIN" pdf "$src" --fillable -o "$f" --color never >"$OUT/logs/$n.pdf.log" 2>&1 || rc=$?
    if [ "$rc" -eq 0 ] && [ -s "$f" ]; then
        record "$n" "build pdf --fillable" PASS "$(stat -c %s "$f") bytes"
        FILLABLE+=("$n")
    else
        record "$n" "build pdf --fillable" FAIL "exit $rc: $(head -1 "$OUT/logs/$n.pdf.log")"
    fi
done

# The guide is small enough to email: EPUB under 150 KB, PDF under 80 KB (issues 2 and 3).
size_limit() { # FILE LIMIT_BYTES LABEL
    if [ -s "$1" ]; then
        local n
        n=$(stat -c %s "$1")
        if [ "$n" -lt "$2" ]; then record guide "$3" PASS "$n bytes < $2"
        else record guide "$3" FAIL "$n bytes, limit $2"; fi
    fi
}
size_limit "$OUT/books/guide.epub" 150000 "EPUB size"
size_limit "$OUT/books/guide.pdf" 80000 "PDF size"

# `build` writes both outputs of the bundled guide from one parse.
rc=0
"$BIN" build manuscript -o "$OUT/build-all" --color never >"$OUT/logs/guide.build.log" 2>&1 || rc=$?
n_pdf=$(find "$OUT/build-all" -maxdepth 1 -name '*.pdf' -size +0 2>/dev/null | wc -l)
n_epub=$(find "$OUT/build-all" -maxdepth 1 -name '*.epub' -size +0 2>/dev/null | wc -l)
if [ "$rc" -eq 0 ] && [ "$n_pdf" -eq 1 ] && [ "$n_epub" -eq 1 ]; then
    record guide "build (both)" PASS "$(tr '\n' ' ' <"$OUT/logs/guide.build.log" | cut -c1-160)"
else
    record guide "build (both)" FAIL "exit $rc, $n_pdf pdf, $n_epub epub"
fi

# --- EPUB checks -----------------------------------------------------------------------------
EPUBS=()
for n in "${NAMES[@]}"; do
    if [ -s "$OUT/books/$n.epub" ]; then EPUBS+=("$n"); fi
done

# EPUBCheck's command line takes one book and the JVM start is slow, so all the books go
# through one JVM (a small launcher calling EPUBCheck's own entry point per book) when the
# Java compiler is there to run it; otherwise one run per book. It runs in the background
# while Ace works.
epubcheck_all() {
    local args=() n
    for n in "${EPUBS[@]}"; do args+=("$OUT/books/$n.epub" "$OUT/epubcheck/$n.json"); done
    if java --list-modules 2>/dev/null | grep -q '^jdk.compiler'; then
        java -XX:TieredStopAtLevel=1 -cp "$EPUBCHECK_JAR" "$ROOT/scripts/lib/EpubCheckMany.java" "${args[@]}" \
            >"$OUT/logs/epubcheck.log" 2>&1 || true
    else
        for n in "${EPUBS[@]}"; do
            java -XX:TieredStopAtLevel=1 -jar "$EPUBCHECK_JAR" "$OUT/books/$n.epub" --json "$OUT/epubcheck/$n.json" --quiet \
                >>"$OUT/logs/epubcheck.log" 2>&1 || true
        done
    fi
}
EC_PID=""
if [ "${#EPUBS[@]}" -gt 0 ]; then
    say "EPUBCheck on ${#EPUBS[@]} book(s), Ace on each"
    epubcheck_all &
    EC_PID=$!
fi

for n in "${EPUBS[@]}"; do
    rc=0
    PUPPETEER_EXECUTABLE_PATH="$CHROMIUM" timeout 300 "$ACE_CLI" -s -f -E -o "$OUT/ace/$n" "$OUT/books/$n.epub" \
        >"$OUT/logs/$n.ace.log" 2>&1 || rc=$?
    if [ ! -f "$OUT/ace/$n/report.json" ]; then
        record "$n" "Ace" FAIL "exit $rc, no report: $(tail -1 "$OUT/logs/$n.ace.log")"
        continue
    fi
    detail=$($PY - "$OUT/ace/$n/report.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
bad = []
for doc in d.get("assertions", []):
    where = doc.get("earl:testSubject", {}).get("url", "?")
    for a in doc.get("assertions", []):
        if a.get("earl:result", {}).get("earl:outcome") != "pass":
            t = a.get("earl:test", {})
            bad.append(f"{t.get('dct:title', '?')} ({t.get('earl:impact', '?')}) in {where}")
outcome = d.get("earl:result", {}).get("earl:outcome", "?")
print(f"{outcome}; {len(bad)} violation(s)" + ("" if not bad else ": " + "; ".join(bad[:4])))
EOF
    )
    if [ "$rc" -eq 0 ] && [[ "$detail" == "pass; 0 violation(s)" ]]; then
        record "$n" "Ace" PASS "$detail"
    else
        record "$n" "Ace" FAIL "exit $rc, $detail"
    fi
done

if [ -n "$EC_PID" ]; then wait "$EC_PID" || true; fi
for n in "${EPUBS[@]}"; do
    j="$OUT/epubcheck/$n.json"
    if [ ! -s "$j" ]; then
        record "$n" "EPUBCheck" FAIL "no report (see logs/epubcheck.log)"
        continue
    fi
    detail=$($PY - "$j" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
msgs = d.get("messages", [])
count = {}
for m in msgs:
    count[m["severity"]] = count.get(m["severity"], 0) + 1
c = d.get("checker", {})
summary = "{} fatal / {} error / {} warning / {} info".format(
    count.get("FATAL", 0), count.get("ERROR", 0), count.get("WARNING", 0), count.get("INFO", 0))
first = "; ".join(
    "{} {} {}".format(m["severity"], m["ID"], m["message"][:90]) for m in msgs[:3])
ok = not msgs and not c.get("nFatal") and not c.get("nError") and not c.get("nWarning")
print(("OK " if ok else "BAD ") + summary + ("" if not first else ": " + first))
EOF
    )
    if [[ "$detail" == OK* ]]; then
        record "$n" "EPUBCheck" PASS "${detail#OK }"
    else
        record "$n" "EPUBCheck" FAIL "${detail#BAD }"
    fi
done

# --- PDF checks ------------------------------------------------------------------------------
KNOWN_POPPLER='Syntax Error: Suspects object is wrong type \(boolean\)'
pdf_checks() { # NAME FILE [whole (a form font) | print (every font whole)]
    local n="$1" f="$2" whole="${3:-}" rc out err
    # qpdf: any non-zero exit (3 = warnings) fails.
    rc=0; out=$(qpdf --check "$f" 2>&1) || rc=$?
    if [ "$rc" -eq 0 ]; then record "$n" "qpdf --check" PASS "exit 0"
    else record "$n" "qpdf --check" FAIL "exit $rc: $(grep -v '^checking\|^PDF Version\|^File is' <<<"$out" | head -2)"; fi

    # pdffonts: every font embedded and subset, and at least one font.
    rc=0; out=$(pdffonts "$f" 2>"$OUT/logs/$n.pdffonts.err") || rc=$?
    err=$(grep -Ev "$KNOWN_POPPLER" "$OUT/logs/$n.pdffonts.err" || true)
    local fonts bad
    fonts=$(tail -n +3 <<<"$out" | grep -c . || true)
    # (a fillable PDF's one WinAnsi TrueType font is the form's, embedded whole on purpose)
    if [ "$whole" = print ]; then
        # a print shop's: every font embedded whole (KDP asks for it; no subset tag)
        bad=$(tail -n +3 <<<"$out" | awk 'NF >= 7 && ($(NF-4) != "yes" || $(NF-3) != "no") {print $1}' | tr '\n' ' ')
    else
        bad=$(tail -n +3 <<<"$out" | awk -v whole="$whole" 'NF >= 7 && ($(NF-4) != "yes" || ($(NF-3) != "yes" && !(whole != "" && $2 == "TrueType" && $3 == "WinAnsi"))) {print $1}' | tr '\n' ' ')
    fi
    if [ "$rc" -eq 0 ] && [ -z "$err" ] && [ "$fonts" -gt 0 ] && [ -z "$bad" ]; then
        case "$whole" in
            print) record "$n" "pdffonts" PASS "$fonts font(s), all emb, none a subset" ;;
            *) record "$n" "pdffonts" PASS "$fonts font(s), all emb+sub${whole:+ but the form font, whole}" ;;
        esac
    else
        record "$n" "pdffonts" FAIL "exit $rc, $fonts font(s), not emb/sub: ${bad:-none} ${err:0:120}"
    fi

    # mutool: renders every page; only the ICC notice is allowed on stderr.
    rc=0; out=$(mutool draw -q -o /dev/null "$f" 2>&1) || rc=$?
    out=$(grep -v 'warning: ICC support is not available' <<<"$out" | grep . || true)
    if [ "$rc" -eq 0 ] && [ -z "$out" ]; then record "$n" "mutool draw" PASS "clean"
    else record "$n" "mutool draw" FAIL "exit $rc: $(head -2 <<<"$out")"; fi

    # Ghostscript: no -q, so "file had errors that were repaired" shows.
    rc=0; out=$(gs -dNOPAUSE -dBATCH -dSAFER -sDEVICE=nullpage -dPDFSTOPONERROR "$f" 2>&1) || rc=$?
    if [ "$rc" -eq 0 ] && ! grep -qiE 'error|repaired' <<<"$out"; then
        record "$n" "ghostscript" PASS "clean"
    else
        record "$n" "ghostscript" FAIL "exit $rc: $(grep -iE -m2 'error|repaired' <<<"$out")"
    fi

    # pdftotext: text comes back; poppler complains on stderr only.
    rc=0; out=$(pdftotext -enc UTF-8 "$f" - 2>"$OUT/logs/$n.pdftotext.err") || rc=$?
    err=$(grep -Ev "$KNOWN_POPPLER" "$OUT/logs/$n.pdftotext.err" || true)
    local words
    words=$(wc -w <<<"$out")
    if [ "$rc" -eq 0 ] && [ -z "$err" ] && [ "$words" -gt 0 ]; then
        record "$n" "pdftotext" PASS "$words words"
    else
        record "$n" "pdftotext" FAIL "exit $rc, $words words ${err:0:120}"
    fi
}

# Tagged PDF: pdfinfo says so, and pdfua's PDF/UA-1 rules find nothing (not even a warning;
# a rule it could not evaluate fails too).
tagged_checks() { # NAME FILE
    local n="$1" f="$2" rc out
    if pdfinfo "$f" 2>/dev/null | grep -q '^Tagged: *yes'; then record "$n" "pdfinfo tagged" PASS "Tagged: yes"
    else record "$n" "pdfinfo tagged" FAIL "not tagged"; fi
    rc=0; out=$("$PDFUA" check "$f" 2>&1) || rc=$?
    if [ "$rc" -eq 0 ] && grep -q 'result: PASS' <<<"$out" && ! grep -q '\[skip' <<<"$out"; then
        record "$n" "pdfua" PASS "$(grep -o 'checked against [0-9]* of [0-9]* PDF/UA-1 rules' <<<"$out")"
    else
        record "$n" "pdfua" FAIL "exit $rc: $(grep -E -m2 'ERROR|WARN|skip' <<<"$out" | tr -s ' ')"
    fi
}

for n in "${NAMES[@]}" long-book "${BOOKLETS[@]}"; do
    f="$OUT/books/$n.pdf"
    [ -s "$f" ] || continue
    pdf_checks "$n" "$f"
done
for n in "${NAMES[@]}" long-book "${FILLABLE[@]}"; do
    f="$OUT/books/$n.pdf"
    [ -s "$f" ] || continue
    tagged_checks "$n" "$f"
done
for n in "${PRINTS[@]}"; do
    f="$OUT/books/$n.pdf"
    pdf_checks "$n" "$f" print
    read -r tw th bleed <<<"${PRINT_BOX[$n]}"
    rc=0; out=$("$VENV_PY" scripts/lib/pdfx_keys.py "$f" "$tw" "$th" "$bleed" 2>&1) || rc=$?
    if [ "$rc" -eq 0 ]; then record "$n" "PDF/X-1a keys, boxes, images (pypdf)" PASS "$out"
    else record "$n" "PDF/X-1a keys, boxes, images (pypdf)" FAIL "$(tail -1 <<<"$out")"; fi
    info=$(pdfinfo "$f" 2>/dev/null || true)
    if grep -q '^PDF version: *1.3' <<<"$info" && grep -q '^Tagged: *no' <<<"$info"; then
        record "$n" "pdfinfo" PASS "PDF 1.3, untagged, $(awk '/^Pages:/ {print $2}' <<<"$info") pages"
    else
        record "$n" "pdfinfo" FAIL "$(grep -E '^(PDF version|Tagged)' <<<"$info" | tr '\n' ' ')"
    fi
    rc=0; pdftoppm -r 40 -f 1 -l 12 -png "$f" "$OUT/logs/$n.page" >/dev/null 2>&1 || rc=$?
    if [ "$rc" -eq 0 ]; then record "$n" "pdftoppm" PASS "pages 1-12 rendered (logs/$n.page-*.png)"
    else record "$n" "pdftoppm" FAIL "exit $rc"; fi
done
for n in "${FILLABLE[@]}"; do
    f="$OUT/books/$n.pdf"
    pdf_checks "$n" "$f" whole
    # the round trip: pypdf fills every field, saves, opens the file again, reads them back
    filled="$OUT/books/$n.filled.pdf"; rc=0
    out=$("$VENV_PY" scripts/lib/fill_form.py "$f" "$filled" 2>&1) || rc=$?
    if [ "$rc" -eq 0 ]; then
        record "$n" "fill and read back (pypdf)" PASS "$(grep -c '^ok' <<<"$out") fields"
    else
        record "$n" "fill and read back (pypdf)" FAIL "$(tail -1 <<<"$out")"
        continue
    fi
    want=$(grep -c "^ok .* = 'Answer for" <<<"$out" || true)
    # the filled file renders (mutool, pdftoppm) and, flattened by qpdf, shows every answer
    rc=0; out=$(mutool draw -q -o /dev/null "$filled" 2>&1) || rc=$?
    out=$(grep -v 'warning: ICC support is not available' <<<"$out" | grep . || true)
    if [ "$rc" -eq 0 ] && [ -z "$out" ]; then record "$n" "mutool draw (filled)" PASS "clean"
    else record "$n" "mutool draw (filled)" FAIL "exit $rc: $(head -2 <<<"$out")"; fi
    rc=0; pdftoppm -r 40 -png "$filled" "$OUT/logs/$n.filled" >/dev/null 2>&1 || rc=$?
    if [ "$rc" -eq 0 ]; then record "$n" "pdftoppm (filled)" PASS "every page rendered"
    else record "$n" "pdftoppm (filled)" FAIL "exit $rc"; fi
    flat="$OUT/books/$n.flat.pdf"; rc=0
    qpdf --generate-appearances --flatten-annotations=all "$filled" "$flat" >/dev/null 2>&1 || rc=$?
    typed=$(pdftotext -enc UTF-8 "$flat" - 2>/dev/null | grep -o 'Answer for [a-z0-9]*\.[a-z0-9]*' | sort -u | wc -l)
    if [ "$rc" -ne 2 ] && [ "$typed" -gt 0 ] && [ "$typed" -eq "$want" ]; then
        record "$n" "answers on the page (qpdf flatten, pdftotext)" PASS "$typed of $want"
    else
        record "$n" "answers on the page (qpdf flatten, pdftotext)" FAIL "qpdf exit $rc, $typed of $want"
    fi
    # PDFium (headless Chromium's PDF viewer) opens the filled file: a screenshot to look at
    shot="$OUT/logs/$n.chromium.png"; rc=0
    CHROMIUM="$CHROMIUM" timeout 120 node scripts/lib/pdf_screenshot.js \
        "$PUPPETEER" "$filled" "$shot" >/dev/null 2>&1 || rc=$?
    size=$(stat -c %s "$shot" 2>/dev/null || echo 0)
    if [ "$rc" -eq 0 ] && [ "$size" -gt 20000 ]; then
        record "$n" "PDFium screenshot" PASS "$shot ($size bytes)"
    else
        record "$n" "PDFium screenshot" FAIL "exit $rc, $size bytes (a viewer that shows nothing is about 5 KB)"
    fi
done
if [ -s "$OUT/books/long-book.pdf" ]; then
    pages=$(pdfinfo "$OUT/books/long-book.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
    if [ "${pages:-0}" -ge "$LONG_MIN_PAGES" ]; then
        record long-book "pages" PASS "$pages pages from $LONG_WORDS words"
    else
        record long-book "pages" FAIL "${pages:-?} pages from $LONG_WORDS words (want >= $LONG_MIN_PAGES)"
    fi
fi

# --- Bad manuscripts -------------------------------------------------------------------------
# What the one error line must name, per fixture.
# What the error must name, per fixture: every one of these regexes must match.
declare -A BAD_NAMES=(
    [missing-image]='01-chapter\.md:[0-9]+ nowhere\.png'
    [escaping-image]='01-chapter\.md:[0-9]+ secret\.png'
    [non-utf8]='01-chapter\.md:3'
    [unknown-key]='guide\.toml:[0-9]+ subtitel'
    [bad-value]='guide\.toml:[0-9]+ date'
    [empty]='bad/empty'
)
for d in tests/fixtures/bad/*/; do
    d="${d%/}"
    n="$(basename "$d")"
    want="${BAD_NAMES[$n]:-}"
    if [ -z "$want" ]; then
        record "bad/$n" "bad input" FAIL "no expectation for this fixture in conformance.sh"
        continue
    fi
    for kind in epub pdf; do
        target="$OUT/bad/$n.$kind"
        rc=0
        "$BIN" "$kind" "$d" -o "$target" --color never >"$OUT/bad/$n.$kind.out" 2>"$OUT/bad/$n.$kind.err" || rc=$?
        # One diagnostic: its first line says what is wrong (`error[GBnnn]: …`, maybe after a
        # `path:line:col: ` prefix); the file and line are on that line or on the location line
        # (`┌─ path:line:col`) that follows it. A snippet of the source may come after.
        err="$OUT/bad/$n.$kind.err"
        nerr=$(grep -cE '(^|: )error(\[|:)' "$err" || true)
        head2=$(grep -m1 -A1 -E '(^|: )error(\[|:)' "$err" | tr '\n' ' ' || true)
        line=$(grep -m1 -E '(^|: )error(\[|:)' "$err" || true)
        problems=()
        [ "$rc" -eq 2 ] || problems+=("exit $rc, want 2")
        [ "$nerr" -eq 1 ] || problems+=("$nerr error diagnostics, want one")
        for re in $want; do
            grep -qE "$re" <<<"$head2" || problems+=("the error does not name /$re/")
        done
        ! grep -q 'panicked' "$err" || problems+=("panicked")
        [ ! -e "$target" ] || problems+=("an output file was written")
        loc=$(grep -m1 -A1 -E '(^|: )error(\[|:)' "$err" | sed -n '2s/^ *┌─ */ at /p' || true)
        line="$line$loc"
        if [ "${#problems[@]}" -eq 0 ]; then
            record "bad/$n" "$kind exits 2" PASS "$line"
        else
            record "bad/$n" "$kind exits 2" FAIL "$(IFS=';'; echo "${problems[*]}") | ${line:-$(head -1 "$OUT/bad/$n.$kind.err")}"
        fi
    done
done

# --- Report ----------------------------------------------------------------------------------
$PY - "$RESULTS" <<'EOF'
import sys
rows = [l.rstrip("\n").split("\t", 3) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
order = {}
for r in rows:
    order.setdefault(r[0], len(order))
rows.sort(key=lambda r: order[r[0]])  # stable: each book's checks together, in run order
w = [max(len(r[i]) for r in rows + [["book", "check", "result", ""]]) for i in range(3)]
print()
print(f"| {'book':<{w[0]}} | {'check':<{w[1]}} | {'result':<{w[2]}} | detail")
print(f"|{'-' * (w[0] + 2)}|{'-' * (w[1] + 2)}|{'-' * (w[2] + 2)}|-------")
for r in rows:
    detail = r[3] if len(r) > 3 else ""
    print(f"| {r[0]:<{w[0]}} | {r[1]:<{w[1]}} | {r[2]:<{w[2]}} | {detail[:150]}")
EOF
pass=$(awk -F'\t' '$3 == "PASS"' "$RESULTS" | wc -l)
fail=$(awk -F'\t' '$3 != "PASS"' "$RESULTS" | wc -l)
echo
echo "conformance: $pass passed, $fail failed"
echo "(reports and logs in ${OUT#"$ROOT/"})"
[ "$fail" -eq 0 ]
