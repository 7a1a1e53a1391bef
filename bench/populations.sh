#!/usr/bin/env bash
# bench/populations.sh - how long a virtual cohort and a virtual trial take, against a
# `calcsim sweep` of the same number of runs (the ratio should be close to 1: both go
# through the library's runner). Not a test: run it by hand on a quiet machine.
#   bash bench/populations.sh [BUILD_DIR] [JOBS]
# Prints wall times (medians of REPEAT runs, default 3) and the full-size T30-T32 results.
set -euo pipefail
build=${1:-build}
jobs=${2:-2}
repeat=${REPEAT:-3}
exe="$build/calcsim"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timed() { # prints the wall time of "$@" in seconds
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}

echo "== cohort rotterdam, 10000 people, --jobs $jobs"
for i in $(seq "$repeat"); do timed "$exe" cohort rotterdam --people 10000 --jobs "$jobs" -q \
  -o "$tmp/people.csv"; done | median | sed 's/^/median wall s: /'
# The same number of runs as a sweep: 10000 runs of the cohort's mean length (its people's
# years differ; the sweep uses their mean) with quarterly rows.
years=$(grep -v '^#' "$tmp/people.csv" | awk -F, 'NR==1 {for (i=1;i<=NF;i++) if ($i=="age_years") a=i; else if ($i=="start_age_years") s=i; next} {t+=$a-$s; n++} END {printf "%.2f", t/n}')
echo "== sweep of 10000 runs of $years yr (the cohort's mean), --jobs $jobs"
for i in $(seq "$repeat"); do rm -f "$tmp/s.csv"; timed "$exe" sweep --set years="$years" \
  --set output_every_days=91.3125 --vary k2_intake_ug_per_day=5:100 --samples 10000 \
  --jobs "$jobs" -q -o "$tmp/s.csv"; done | median | sed 's/^/median wall s: /'

echo "== trial vitak_cac, 200 replicates (30000 participants), --jobs $jobs"
t=$(timed "$exe" trial vitak_cac --replicates 200 --jobs "$jobs" -q -o "$tmp/trial.csv")
echo "wall s: $t"
grep -v '^#' "$tmp/trial.csv"
echo "== sweep of 30000 two-year runs, half with daily MK-7 360 ug (as the trial's arms)"
rm -f "$tmp/s.csv"
t=$(timed "$exe" sweep --set years=2 --set output_every_days=91.3125 \
  --vary mk7_supplement_ug_per_day=0,360 --vary k2_intake_ug_per_day=5:100 --samples 15000 \
  --jobs "$jobs" -q -o "$tmp/s.csv")
echo "wall s: $t"

echo "== T30 and T31 at full size, seeds 0-4"
for s in 0 1 2 3 4; do
  "$exe" cohort rotterdam --seed "$s" -q --summary "$tmp/r.csv"
  "$exe" cohort prospect_epic --seed "$s" -q --summary "$tmp/p.csv"
  printf 'seed %s  rotterdam OR mid/upper: %s  prospect RR top quartile K2/K1: %s\n' "$s" \
    "$(grep -v '^#' "$tmp/r.csv" | awk -F, '$1=="k2_intake_ug_per_day" && $3>1 {printf "%.3f ", $9}')" \
    "$(grep -v '^#' "$tmp/p.csv" | awk -F, '$3==4 {printf "%.3f ", $12}')"
done
