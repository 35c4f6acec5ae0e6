#!/usr/bin/env python3
"""Compiles a Typst file to PDF with the PyPI `typst` package (the Typst compiler as a Python
module; there is no typst binary in it), using only the given font folder so the comparison
sets the same fonts as guidebuild. Prints the in-process compile time to stderr.
    python3 bench/typst_compile.py IN.typ OUT.pdf FONT_DIR
"""
import sys
import time

import typst

src, out, fonts = sys.argv[1], sys.argv[2], sys.argv[3]
t0 = time.perf_counter()
typst.compile(src, output=out, font_paths=[fonts], ignore_system_fonts=True, timestamp=0)
print(f"typst compile: {(time.perf_counter() - t0) * 1000:.0f} ms", file=sys.stderr)
