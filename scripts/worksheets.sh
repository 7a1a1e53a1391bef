#!/usr/bin/env bash
# Renders the lessons, worksheets and answer keys of docs/lessons/ to print-ready HTML and to
# PDF for A4 and for US Letter:
#
#   bash scripts/worksheets.sh [OUT_DIR]      (default build/worksheets)
#
# Needs pandoc (Markdown -> HTML) and weasyprint (HTML + docs/lessons/print.css -> PDF), both
# Debian packages: apt-get install pandoc weasyprint. With pdftoppm (poppler-utils) it also
# writes a PNG preview of the first page of worksheet 1 at A4, to check the layout. Not part
# of the test suite: the tools are optional; the answer keys are checked by ctest
# (lesson_keys) without them.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/worksheets}
for tool in pandoc weasyprint; do
  command -v "$tool" >/dev/null || { echo "worksheets: $tool not found (apt-get install pandoc weasyprint)" >&2; exit 4; }
done
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
for md in docs/lessons/*.md docs/lessons/keys/*.md; do
  name=$(basename "$md" .md)
  dir=$(dirname "$md")
  # print-ready HTML: one file, images and style embedded
  pandoc "$md" --from markdown-smart --to html5 --standalone --self-contained --metadata title="$name" \
    --resource-path="$dir" --css docs/lessons/print.css -o "$out/$name.html"
  for size in a4 letter; do
    css="$tmp/$size.css"
    case $size in a4) echo '@page { size: A4; }' >"$css" ;; letter) echo '@page { size: letter; }' >"$css" ;; esac
    weasyprint --quiet -s "$css" "$out/$name.html" "$out/$name-$size.pdf"
  done
  n=$((n + 1))
done
if command -v pdftoppm >/dev/null; then
  pdftoppm -png -r 60 -f 1 -l 1 "$out/worksheet-1-a4.pdf" "$out/worksheet-1-a4-page"
  pdftoppm -png -r 60 -f 1 -l 1 "$out/worksheet-2-letter.pdf" "$out/worksheet-2-letter-page"
fi
echo "worksheets: $n documents, HTML and PDF (A4 and Letter) in $out"
