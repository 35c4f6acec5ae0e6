#!/usr/bin/env python3
"""Concatenates a guidebuild manuscript into one Markdown file for pandoc, for the comparison
benchmark: YAML metadata from guide.toml (or the first chapter's front matter), then every
chapter in guidebuild's order (guide.toml `chapters`, else file-name order), front matter
stripped.    python3 bench/concat.py MANUSCRIPT_DIR OUT.md
"""
import json
import pathlib
import sys
import tomllib


def strip_front_matter(text: str):
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        for i, line in enumerate(lines[1:], 1):
            if line.strip() in ("---", "..."):
                return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :])
    return "", text


def main() -> int:
    src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    cfg = {}
    if (src / "guide.toml").is_file():
        cfg = tomllib.loads((src / "guide.toml").read_text(encoding="utf-8"))
    if "chapters" in cfg:
        files = [src / c for c in cfg["chapters"]]
    else:
        files = sorted(p for p in src.iterdir() if p.suffix in (".md", ".markdown"))
    bodies, first_front = [], ""
    for i, f in enumerate(files):
        front, body = strip_front_matter(f.read_text(encoding="utf-8"))
        if i == 0:
            first_front = front
        bodies.append(body.strip() + "\n")
    meta = []
    for key in ("title", "subtitle", "author", "date"):
        if key in cfg:
            meta.append(f"{key}: {json.dumps(cfg[key], ensure_ascii=False)}")
    if "language" in cfg or "lang" in cfg:
        meta.append(f"lang: {cfg.get('language', cfg.get('lang'))}")
    header = "---\n" + ("\n".join(meta) if meta else first_front) + "\n---\n\n"
    out.write_text(header + "\n".join(bodies), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
