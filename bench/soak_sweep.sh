#!/usr/bin/env bash
# Soak test of long sweeps (not run by ctest or CI: it takes minutes to hours).
#
# A 100,000-run sweep (1000 K2 intakes x 100 D3 intakes) is started with --resume, killed
# at random times SOAK_KILLS times (default 20; SIGTERM, SIGINT or SIGKILL, chosen at random:
# SIGKILL leaves an unfinished last line for --resume to drop), resumed each time, and then
# finished. The result must be the same, byte for byte, as the same sweep run without
# interruption; the maximum resident set size of every piece is printed, and should be flat
# (the sweep writes rows as they finish and keeps none).
#
#   bench/soak_sweep.sh [CALCSIM]          (default: ./build/calcsim)
#
# SOAK_YEARS and SOAK_EVERY (default 10 and 7, the defaults of a run) shorten the runs,
# SOAK_KILLS sets the number of kills, SOAK_MAX_SLEEP the longest pause before a kill in
# seconds (default 3), SOAK_SEED the random seed, SOAK_DIR the working folder (default: a
# temporary folder, removed afterwards).
set -euo pipefail
B=$(cd "$(dirname "${1:-./build/calcsim}")" && pwd)/$(basename "${1:-./build/calcsim}")
years=${SOAK_YEARS:-10}
every=${SOAK_EVERY:-7}
kills=${SOAK_KILLS:-20}
max_sleep=${SOAK_MAX_SLEEP:-3}
RANDOM=${SOAK_SEED:-$$}
command -v /usr/bin/time >/dev/null || { echo "soak: needs /usr/bin/time (Debian: apt-get install time)" >&2; exit 2; }
dir=${SOAK_DIR:-}
if [ -z "$dir" ]; then
  dir=$(mktemp -d "${TMPDIR:-/tmp}/calcsim-soak.XXXXXX")
  trap 'rm -rf "$dir"' EXIT
fi
cd "$dir"
sweep=("$B" sweep --years "$years" --every "$every"
  --vary k2_intake_ug_per_day=0:360:1000 --vary d3_intake_iu_per_day=400:4000:100 --quiet)

rows() { [ -f "$1" ] && grep -vc '^#' "$1" || echo 1; } # with the header row

echo "soak: 100000 runs of $years yr (rows every $every d), $kills kills; folder $dir"
t0=$SECONDS
/usr/bin/time -f %M -o ref.rss "${sweep[@]}" -o reference.csv
echo "soak: uninterrupted sweep: $((SECONDS - t0)) s, max RSS $(cat ref.rss) KB"

t0=$SECONDS
rss=()
for ((i = 1; i <= kills; i++)); do
  # A background job of a script starts with SIGINT ignored (and calcsim keeps an ignored
  # signal ignored, as under nohup): give it back its default action first.
  (trap - INT && exec /usr/bin/time -f %M -o piece.rss "${sweep[@]}" --resume -o soak.csv 2>piece.err) &
  timer=$!
  pause=$(awk -v r=$RANDOM -v m="$max_sleep" 'BEGIN { printf "%.2f", 0.2 + (m - 0.2) * r / 32767 }')
  sleep "$pause"
  child=$(pgrep -P "$timer" || true)
  sig=$(printf 'TERM\nINT\nKILL\n' | sed -n "$((RANDOM % 3 + 1))p")
  [ -n "$child" ] && kill -"$sig" "$child" 2>/dev/null || true
  wait "$timer" || true
  [ -n "$child" ] || echo "soak: kill $i: the sweep had already finished"
  torn=no
  [ -s soak.csv ] && [ -n "$(tail -c 1 soak.csv)" ] && torn=yes
  rss+=("$(tail -n 1 piece.rss | grep -o '[0-9]*$' || echo 0)")
  echo "soak: kill $i after ${pause} s with SIG$sig: $(($(rows soak.csv) - 1)) rows, unfinished last line: $torn, max RSS ${rss[-1]} KB"
done
/usr/bin/time -f %M -o piece.rss "${sweep[@]}" --resume -o soak.csv
rss+=("$(grep -o '[0-9]*$' piece.rss | tail -n 1)")
echo "soak: finished after $kills kills in $((SECONDS - t0)) s; last piece max RSS ${rss[-1]} KB"
sorted=$(printf '%s\n' "${rss[@]}" | sort -n)
echo "soak: max RSS of the pieces: $(head -n 1 <<<"$sorted") to $(tail -n 1 <<<"$sorted") KB (uninterrupted: $(cat ref.rss) KB)"
if cmp -s soak.csv reference.csv; then
  echo "soak: byte-identical: yes ($(($(rows soak.csv) - 1)) runs, $(wc -c <soak.csv) bytes)"
else
  echo "soak: byte-identical: NO"
  cmp soak.csv reference.csv || true
  exit 1
fi
