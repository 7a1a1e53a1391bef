#!/usr/bin/env bash
# Runs a reading example of a doc against fresh calcsim output, so the doc cannot drift.
#
#   bash scripts/doc-examples.sh CALCSIM_EXE DOC.md numpy|pandas|r [PYTHON]
#
# DOC.md holds fenced blocks whose first line is "# doc-test: NAME". The block "files" (sh)
# makes the input files, with `calcsim` on PATH meaning CALCSIM_EXE; the block NAME is then
# run in the same scratch folder: numpy and pandas with the first of PYTHON, /usr/bin/python3
# and python3 that imports the module, r with Rscript. Exit status: 0 passed, 1 failed,
# 77 skipped (pandas or R, or R's jsonlite, not installed; numpy is required: CI installs
# python3-numpy).
set -euo pipefail
exe=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
doc=$2
name=$3
python=${4:-}

# Prints the fenced block of $doc whose first line is "# doc-test: $1" (without the fences).
block() {
  awk -v want="# doc-test: $1" '
    /^```/ { if (inside) { if (keep) exit; inside = 0; next } inside = 1; first = 1; next }
    inside && first { first = 0; keep = ($0 == want) }
    inside && keep { print }
  ' "$doc"
}

code=$(block "$name")
files=$(block files)
[ -n "$code" ] || { echo "doc-examples: no block '# doc-test: $name' in $doc" >&2; exit 1; }
[ -n "$files" ] || { echo "doc-examples: no block '# doc-test: files' in $doc" >&2; exit 1; }

run=()
case $name in
  numpy | pandas)
    for py in $python /usr/bin/python3 python3; do
      if command -v "$py" >/dev/null && "$py" -c "import $name" 2>/dev/null; then
        run=("$py" -)
        break
      fi
    done
    if [ ${#run[@]} -eq 0 ]; then
      echo "doc-examples: no python3 here imports $name (Debian: python3-$name)" >&2
      [ "$name" = numpy ] && exit 1
      exit 77
    fi
    ;;
  r)
    command -v Rscript >/dev/null || { echo "doc-examples: Rscript not installed: skipped" >&2; exit 77; }
    Rscript -e 'if (!requireNamespace("jsonlite", quietly = TRUE)) quit(status = 3)' ||
      { echo "doc-examples: R package jsonlite not installed (r-cran-jsonlite): skipped" >&2; exit 77; }
    run=(Rscript -)
    ;;
  *) echo "doc-examples: unknown example '$name'" >&2; exit 1 ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/calcsim-doc-examples.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin"
ln -s "$exe" "$tmp/bin/calcsim"
cd "$tmp"
PATH="$tmp/bin:$PATH" bash -euo pipefail -c "$files"
printf '%s\n' "$code" | "${run[@]}"
echo "doc-examples: the $name example of $doc ran"
