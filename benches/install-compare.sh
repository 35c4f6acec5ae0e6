#!/usr/bin/env bash
# Makes the venv the benchmark's pandoc/Typst comparison runs from (benches/build/compare.rs):
# pandoc 3 from PyPI's pypandoc-binary (it carries the pandoc binary) and the Typst compiler as
# a Python module (PyPI typst, which has no typst binary), both pinned, in .verify/bench-venv.
#   Usage: benches/install-compare.sh      (then: cargo bench --bench build)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.verify/bench-venv"
PANDOC_PKG=pypandoc-binary==1.17
TYPST_PKG=typst==0.15.0
if "$VENV/bin/python" -c 'import typst, pypandoc' 2>/dev/null; then
    echo "install-compare: $VENV already has pandoc and typst"
    exit 0
fi
echo "install-compare: pip install $PANDOC_PKG $TYPST_PKG into $VENV"
python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check "$PANDOC_PKG" "$TYPST_PKG"
