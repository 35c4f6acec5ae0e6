#!/usr/bin/env bash
# Times guidebuild (release build) and, for comparison, pandoc 3 -> Typst -> PDF on the same
# Markdown. Prints a Markdown table for the README. No assertions: numbers only.
#
#   (a) `guidebuild build manuscript`: the bundled guide's PDF and EPUB, whole process
#   (b) the PDF of a generated 60,000-word book (6x9 in, ~250 pages), with peak memory
#   (c) PDFs of 15k / 30k / 60k-word books: does time grow linearly?
#   (d) pandoc 3 (PyPI pypandoc-binary) -> Typst (PyPI typst, the compiler as a Python module)
#       on the guide and on the 60k book, with the same fonts (Literata) and paper
#
# Needs hyperfine and GNU time (apt) and a venv with pandoc and typst in .verify/bench-venv,
# all installed here on first use. Usage: bench/run.sh [RUNS]   (default 20 runs per timing)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${1:-20}"
OUT="$ROOT/bench/out"
VENV="$ROOT/.verify/bench-venv"
PANDOC_PKG=pypandoc-binary==1.17
TYPST_PKG=typst==0.15.0

say() { printf 'bench: %s\n' "$*" >&2; }

# --- Tools ---------------------------------------------------------------------------------
need_apt=()
command -v hyperfine >/dev/null || need_apt+=(hyperfine)
[ -x /usr/bin/time ] || need_apt+=(time)
command -v pdfinfo >/dev/null || need_apt+=(poppler-utils)
if [ "${#need_apt[@]}" -gt 0 ]; then
    say "apt-get install ${need_apt[*]}"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${need_apt[@]}" >/dev/null
fi
if ! "$VENV/bin/python" -c 'import typst, pypandoc' 2>/dev/null; then
    say "pip install $PANDOC_PKG $TYPST_PKG into .verify/bench-venv"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check "$PANDOC_PKG" "$TYPST_PKG"
fi
PANDOC="$("$VENV/bin/python" -c 'import pathlib, pypandoc; print(pathlib.Path(pypandoc.__file__).parent / "files" / "pandoc")')"
[ -x "$PANDOC" ] || { say "no pandoc binary in pypandoc-binary"; exit 1; }
PY="$VENV/bin/python"

say "building the release binary"
cargo build --release --locked --quiet
BIN="$ROOT/target/release/guidebuild"

rm -rf "$OUT"
mkdir -p "$OUT/json"
for w in 15000 30000 60000; do
    python3 bench/genbook.py "$OUT/book-$w" --words "$w" 2>/dev/null
done

# hyperfine NAME RUNS ARGS... -> mean and stddev in ms in $OUT/json/NAME.json
hf() {
    local name="$1" runs="$2"
    shift 2
    hyperfine --style none --warmup "${WARMUP:-2}" --runs "$runs" --export-json "$OUT/json/$name.json" "$@" >/dev/null
}
ms() { # NAME -> "mean ± sd"
    python3 -c "
import json, sys
r = json.load(open('$OUT/json/$1.json'))['results'][0]
print(f\"{r['mean']*1000:.1f} ± {r['stddev']*1000:.1f}\")"
}
cpu_ms() { # NAME -> mean user+sys CPU time in ms (less disturbed by other load than wall time)
    python3 -c "
import json
r = json.load(open('$OUT/json/$1.json'))['results'][0]
print(f\"{(r['user'] + r['system'])*1000:.1f}\")"
}
dist_ms() { # NAME -> "mean ± sd (median M, p90 P)": host noise makes the mean alone misleading
    python3 -c "
import json, statistics
r = json.load(open('$OUT/json/$1.json'))['results'][0]
t = sorted(x * 1000 for x in r['times'])
print(f\"{r['mean']*1000:.1f} ± {r['stddev']*1000:.1f} (median {statistics.median(t):.1f}, p90 {t[(9 * len(t)) // 10]:.1f})\")"
}
mean_ms() {
    python3 -c "import json; print(json.load(open('$OUT/json/$1.json'))['results'][0]['mean']*1000)"
}
peak_mb() { # CMD... -> peak RSS in MB of one run
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident set size/ {printf "%.1f", $2 / 1024}'
}
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }
kb() { echo "$(( ($(stat -c %s "$1") + 512) / 1024 ))"; }

# --- (a) the guide, both outputs -------------------------------------------------------------
say "(a) guidebuild build manuscript"
# the guide's rows are short: more runs, so the median and p90 mean something
GUIDE_RUNS=$(( RUNS < 100 ? 100 : RUNS ))
hf guide-build "$GUIDE_RUNS" -N "$BIN build manuscript -o $OUT/guide"
GUIDE_PDF=$(find "$OUT/guide" -name '*.pdf' | head -1)
GUIDE_EPUB=$(find "$OUT/guide" -name '*.epub' | head -1)
hf guide-pdf "$GUIDE_RUNS" -N "$BIN pdf manuscript -o $OUT/guide-only.pdf"
hf guide-epub "$GUIDE_RUNS" -N "$BIN epub manuscript -o $OUT/guide-only.epub"
GUIDE_MEM=$(peak_mb "$BIN" build manuscript -o "$OUT/guide")

# --- (b, c) generated books ------------------------------------------------------------------
for w in 15000 30000 60000; do
    say "(b/c) PDF of the $w-word book"
    runs=$RUNS
    [ "$w" -lt 60000 ] || runs=$(( RUNS < 10 ? RUNS : 10 ))
    hf "book-$w" "$runs" -N "$BIN pdf $OUT/book-$w -o $OUT/book-$w.pdf"
done
BOOK_MEM=$(peak_mb "$BIN" pdf "$OUT/book-60000" -o "$OUT/book-60000.pdf")
hf book-60000-epub 5 -N "$BIN epub $OUT/book-60000 -o $OUT/book-60000.epub"

# --- (d) pandoc 3 -> Typst -> PDF ----------------------------------------------------------
# Same Markdown (the chapters concatenated), same body font (Literata from fonts/, no system
# fonts), same paper. pandoc writes Typst source; the typst module compiles it to PDF.
declare -A PT_RUNS=([guide]=$RUNS [book-60000]=$(( RUNS < 3 ? RUNS : 3 )))
declare -A PT_WARM=([guide]=2 [book-60000]=1)
declare -A PT_MEM
for name in guide book-60000; do
    if [ "$name" = guide ]; then src=manuscript; paper=us-letter; else src="$OUT/book-60000"; paper=us-trade; fi
    say "(d) pandoc -> typst on $name"
    python3 bench/concat.py "$src" "$OUT/pt-$name.md"
    pd=("$PANDOC" -f markdown -t typst --standalone -V mainfont=Literata -V "papersize=$paper" "$OUT/pt-$name.md" -o "$OUT/pt-$name.typ")
    ty=("$PY" bench/typst_compile.py "$OUT/pt-$name.typ" "$OUT/pt-$name.pdf" fonts)
    "${pd[@]}"
    WARMUP=${PT_WARM[$name]} hf "pt-$name-pandoc" "${PT_RUNS[$name]}" -N "${pd[*]}"
    WARMUP=${PT_WARM[$name]} hf "pt-$name-typst" "${PT_RUNS[$name]}" -N "${ty[*]}"
    m1=$(peak_mb "${pd[@]}")
    m2=$(peak_mb "${ty[@]}")
    PT_MEM[$name]=$(python3 -c "print(max($m1, $m2))")
done

# --- The table -------------------------------------------------------------------------------
CPU=$(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | sed 's/^ *//')
echo
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
echo "Release build, $(nproc) cores ($CPU), load average $LOAD at the end; $RUNS runs per row unless noted"
echo "(hyperfine, mean ± sd, whole process; $GUIDE_RUNS runs for the guide's rows, which also give the median"
echo "and 90th percentile; fewer runs for the 60k book and the pandoc/Typst rows)."
echo
echo "| what | input | output | wall time (ms) | CPU time (ms) | peak memory |"
echo "|---|---|---|---:|---:|---:|"
echo "| guidebuild build (PDF + EPUB) | the guide | $(pages "$GUIDE_PDF") pages, $(kb "$GUIDE_PDF") KB PDF + $(kb "$GUIDE_EPUB") KB EPUB | $(dist_ms guide-build) | $(cpu_ms guide-build) | $GUIDE_MEM MB |"
echo "| guidebuild pdf | the guide | | $(dist_ms guide-pdf) | $(cpu_ms guide-pdf) | |"
echo "| guidebuild epub | the guide | | $(dist_ms guide-epub) | $(cpu_ms guide-epub) | |"
for w in 15000 30000 60000; do
    f="$OUT/book-$w.pdf"
    mem=""; [ "$w" -ne 60000 ] || mem="$BOOK_MEM MB"
    echo "| guidebuild pdf | $w words | $(pages "$f") pages, $(kb "$f") KB | $(ms "book-$w") | $(cpu_ms "book-$w") | $mem |"
done
echo "| guidebuild epub | 60000 words | $(kb "$OUT/book-60000.epub") KB | $(ms book-60000-epub) | $(cpu_ms book-60000-epub) | |"
for name in guide book-60000; do
    label="the guide"; [ "$name" = guide ] || label="60000 words"
    total=$(python3 -c "print(f'{$(mean_ms "pt-$name-pandoc") + $(mean_ms "pt-$name-typst"):.1f}')")
    cpu=$(python3 -c "print(f'{$(cpu_ms "pt-$name-pandoc") + $(cpu_ms "pt-$name-typst"):.1f}')")
    echo "| pandoc 3 → Typst → PDF | $label | $(pages "$OUT/pt-$name.pdf") pages, $(kb "$OUT/pt-$name.pdf") KB | $total (pandoc $(ms "pt-$name-pandoc") + typst $(ms "pt-$name-typst")) | $cpu | ${PT_MEM[$name]} MB |"
done
echo
python3 - "$(cpu_ms book-15000)" "$(cpu_ms book-30000)" "$(cpu_ms book-60000)" <<'EOF'
import sys
t = [float(x) for x in sys.argv[1:]]
w = [15, 30, 60]
per = [a / b for a, b in zip(t, w)]
print("Growth (CPU time): " + ", ".join(f"{a:.1f} ms per 1000 words at {b}k" for a, b in zip(per, w))
      + f"; 60k/15k ratio {t[2] / t[0]:.2f} for 4x the words.")
EOF
echo
echo "pandoc $("$PANDOC" --version | head -1 | cut -d' ' -f2), typst (PyPI) $("$PY" -c 'import importlib.metadata as m; print(m.version("typst"))'); the Typst step runs in a Python process (the PyPI package has no typst binary)."
