#!/usr/bin/env bash
# Draws the teaching figures of docs/figures.md into docs/figures/, by running the commands
# written in docs/figures.md itself: so the docs show exactly what made each figure.
#
#   cmake --build build --target figures              (the usual way: every figure)
#   bash scripts/figures.sh [CALCSIM [OUTDIR [NAME...]]]
#        CALCSIM  the program (default: build/calcsim); OUTDIR (default: docs/figures);
#        NAME...  only these figures (default: all; the names are listed by --list)
#   bash scripts/figures.sh --list                    the figure names, one per line
#   bash scripts/figures.sh --print NAME              the commands that draw NAME
#   bash scripts/figures.sh --check [CALCSIM]         what the test figures_docs runs:
#        every figure shown in docs/figures.md has one block of commands and each block
#        draws the figure it is named after; the count in the introduction is right; and
#        every figure not marked slow is drawn (into a temporary folder) with the size of
#        the committed one.
#
# In docs/figures.md a figure's commands are a fenced block opened with ```sh figure=NAME
# (```sh figure=NAME slow for those that take minutes). They call `calcsim` as a user
# would after installing it; here `calcsim` is CALCSIM, and the commands run in a
# temporary folder, from which NAME.png is copied to OUTDIR (by a rename, so atomically).
# Needs gnuplot. A failure stops the script.
# Educational toy model - not medical advice.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
doc=$root/docs/figures.md
# The committed scenarios and scripts, whatever the environment says.
export CALCSIM_MODELS="$root/models" CALCSIM_PLOTS="$root/plots"

# blocks: prints "NAME<TAB>FLAGS" for each figure block, in order.
blocks() {
  awk '/^```sh figure=/ { sub(/^```sh figure=/, ""); n = split($0, w, " ");
                          printf "%s\t%s\n", w[1], (n > 1 ? w[2] : "") }' "$doc"
}

# commands NAME: prints the commands of NAME's block.
commands() {
  awk -v want="$1" '
    /^```sh figure=/ { split(substr($0, 14), w, " "); inside = (w[1] == want); next }
    /^```/ { inside = 0; next }
    inside { print }' "$doc"
}

# draw CALCSIM WORKDIR NAME: runs NAME's commands in WORKDIR with calcsim = CALCSIM.
draw() {
  local bin work=$2 name=$3 cmds
  bin=$(realpath "$1")
  cmds=$(commands "$name")
  [ -n "$cmds" ] || { echo "figures: no commands for '$name' in docs/figures.md" >&2; return 1; }
  (
    cd "$work"
    calcsim() { "$bin" "$@"; }
    set -e
    eval "$cmds"
  )
  [ -s "$work/$name.png" ] || {
    echo "figures: the commands of '$name' in docs/figures.md did not draw $name.png" >&2
    return 1
  }
}

# png_size FILE: prints "WIDTHxHEIGHT" from the PNG header.
png_size() {
  od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%dx%d\n", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }'
}

check() {
  local bin=${1:-$root/build/calcsim} bad=0 shown named n stated work
  shown=$(grep -o '](figures/[A-Za-z0-9_]*\.png)' "$doc" | sed 's|](figures/||; s|\.png)||' | sort)
  named=$(blocks | cut -f1 | sort)
  if [ "$shown" != "$named" ]; then
    echo "figures_docs: the figures shown and the command blocks of docs/figures.md differ:" >&2
    diff <(echo "$shown") <(echo "$named") | sed 's/^</  shown, no block:/; s/^>/  block, not shown:/' | grep '^ ' >&2
    bad=1
  fi
  if [ -n "$(echo "$named" | uniq -d)" ]; then
    echo "figures_docs: more than one block for: $(echo "$named" | uniq -d | tr '\n' ' ')" >&2
    bad=1
  fi
  n=$(echo "$named" | grep -c .)
  stated=$(grep -m1 -o '^[0-9]* figures' "$doc" | cut -d' ' -f1)
  if [ "$stated" != "$n" ]; then
    echo "figures_docs: docs/figures.md says '${stated:-?} figures' but shows $n" >&2
    bad=1
  fi
  while IFS=$'\t' read -r name flags; do
    if ! commands "$name" | grep -q -- "-o $name\.png"; then
      echo "figures_docs: the block of '$name' does not write -o $name.png" >&2
      bad=1
    fi
    if commands "$name" | grep -q '\./build/calcsim'; then
      echo "figures_docs: the block of '$name' calls ./build/calcsim; write calcsim" >&2
      bad=1
    fi
  done < <(blocks)
  [ "$bad" = 0 ] || return 1
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  while IFS=$'\t' read -r name flags; do
    [ "$flags" = slow ] && { echo "figures_docs: $name not drawn (marked slow)"; continue; }
    draw "$bin" "$work" "$name" || return 1
    if [ "$(png_size "$work/$name.png")" != "$(png_size "$root/docs/figures/$name.png")" ]; then
      echo "figures_docs: $name.png is $(png_size "$work/$name.png") drawn from the docs," \
        "$(png_size "$root/docs/figures/$name.png") committed: redraw it (cmake --build build --target figures)" >&2
      return 1
    fi
    echo "figures_docs: $name drawn from the docs' commands"
  done < <(blocks)
}

case "${1:-}" in
  --list) blocks | cut -f1; exit 0 ;;
  --print) commands "${2:?--print NAME}"; exit 0 ;;
  --check) check "${2:-}"; exit $? ;;
esac

calcsim=${1:-$root/build/calcsim}
out=${2:-$root/docs/figures}
shift $(( $# > 2 ? 2 : $# ))
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
names=("$@")
[ ${#names[@]} -gt 0 ] || mapfile -t names < <(blocks | cut -f1)
for name in "${names[@]}"; do
  draw "$calcsim" "$work" "$name"
  cp "$work/$name.png" "$out/.$name.png.tmp" && mv "$out/.$name.png.tmp" "$out/$name.png"
  echo "figures: $out/$name.png"
done
