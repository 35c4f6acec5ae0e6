#!/usr/bin/env bash
# Makes the README's pictures from the bundled guide, so they can be refreshed after any change:
#   docs/images/guide-page.png  the PDF page that holds the first avoid/try pair and a check list
#   docs/images/epub-page.png   the EPUB's chapter with that pair, as a phone-sized reader shows it
#                               (headless Chromium on the unzipped chapter, its own stylesheet)
# Needs pdftoppm and pdftotext (poppler-utils), unzip and chromium: scripts/install-validators.sh
# installs them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
OUT=docs/images
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"
cargo build --release --quiet
./target/release/guidebuild build manuscript -o "$TMP/book" --color never >/dev/null
pdf=$(ls "$TMP"/book/*.pdf)
epub=$(ls "$TMP"/book/*.epub)

# the first page with both an avoid/try pair and a check list
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
page=""
for ((p = 1; p <= pages; p++)); do
    text=$(pdftotext -f "$p" -l "$p" "$pdf" -)
    if grep -q "Avoid saying" <<<"$text" && grep -q "Taking responsibility means" <<<"$text"; then
        page=$p
        break
    fi
done
[ -n "$page" ] || { echo "readme-pictures: no page holds the pair and the check list" >&2; exit 1; }
pdftoppm -r 110 -png -f "$page" -l "$page" -singlefile "$pdf" "$OUT/guide-page"

# the chapter that holds the first avoid/try pair, in a phone-sized window with the margins a
# reading system adds around the text (the book's own stylesheet leaves those to the reader)
mkdir -p "$TMP/epub"
unzip -q "$epub" -d "$TMP/epub"
chapter=$(grep -l "Avoid saying" "$TMP"/epub/OEBPS/*.xhtml | head -1)
sed -i 's#</head>#<style>body { margin: 1.4em 1.2em; }</style></head>#' "$chapter"
CHROMIUM=${CHROMIUM:-chromium}
"$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$TMP/profile" --hide-scrollbars --force-device-scale-factor=2 \
    --window-size=390,844 --screenshot="$OUT/epub-page.png" "file://$chapter" 2>/dev/null
echo "readme-pictures: $OUT/guide-page.png (PDF page $page), $OUT/epub-page.png ($(basename "$chapter"))"
