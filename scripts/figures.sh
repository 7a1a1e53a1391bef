#!/usr/bin/env bash
# Regenerates the teaching figures in docs/figures/: one figure for each story of the model
# brief, drawn by `calcsim plot` (see docs/figures.md for what each one teaches).
#
#   cmake --build build --target figures          (the usual way)
#   bash scripts/figures.sh [CALCSIM] [OUTDIR]      (default: build/calcsim docs/figures)
#
# Needs gnuplot. Each figure is written atomically; a failure stops the script.
# Educational toy model - not medical advice.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
calcsim=${1:-$root/build/calcsim}
out=${2:-$root/docs/figures}
# The committed scenarios and scripts, whatever the environment says.
export CALCSIM_MODELS="$root/models" CALCSIM_PLOTS="$root/plots"
mkdir -p "$out"

# fig NAME SCENARIO... [OPTIONS]: draws docs/figures/NAME.png.
fig() {
  local name=$1
  shift
  "$calcsim" plot "$@" --quiet -o "$out/$name.png"
  echo "figures: $out/$name.png"
}

# Where the baseline adult is shown, it comes first: the reference is always the solid
# blue line.

# 1. K2 against no K2: the default dashboard (blood, bone, vessel wall, carboxylation).
fig k2_vs_no_k2 baseline k2_deficient k2_supplement \
  --title "K2 against no K2: the blood looks the same, the vessel wall does not"

# 2. D3 without K2: D3 raises absorption; without K2 more of the calcium ends in the wall.
fig d3_without_k2 k2_deficient d3_high_without_k2 d3_high_with_k2 \
  --panels vitd,absorption,vessel,mgp \
  --title "D3 without K2: more calcium absorbed, and more of it in the vessel wall"

# 3. Prevention, not removal: an established deposit with and without 360 ug/day MK-7.
fig prevention_not_removal established_calcification established_calcification_with_k2 \
  --years 10 --panels vessel,deposition,mgp \
  --title "Prevention, not removal: K2 slows a large deposit but never shrinks it"

# 4. MK-4 against MK-7: the same daily dose, one week, one point per hour.
fig mk4_vs_mk7 mk4_weekly mk7_weekly --panels mk4,mk7 \
  --title "MK-4 against MK-7: 180 ug once a day for a week, hour by hour"

# 5. Warfarin: less active MGP and faster calcification; K2 works against the drug.
fig warfarin baseline warfarin warfarin_with_k2 --panels mgp,vessel,osteocalcin,bone \
  --title "Warfarin blocks vitamin K recycling: less active MGP, faster calcification"

# 6. Chronic kidney disease: phosphate drives calcification; K2 slows it only modestly.
fig ckd baseline ckd ckd_with_k2 --panels phosphate,pth,vessel,mgp \
  --title "Kidney disease: phosphate speeds calcification, K2 slows it only a little"

# 7. K1 against K2: the same extra 100 ug/day, a much smaller effect outside the liver.
fig k1_vs_k2 baseline k1_extra k2_extra --panels mgp,vessel,osteocalcin,bone \
  --title "K1 is not K2: the same extra 100 ug/day, a much smaller effect"

# 8. A sweep (calcsim sweep, then plot-sweep): ten-year vessel accrual against dietary K2,
#    one line per D3 intake. The sweep's result file is made in a temporary directory.
sweep_dir=$(mktemp -d)
trap 'rm -rf "$sweep_dir"' EXIT
"$calcsim" sweep baseline --years 10 --vary d3_intake_iu_per_day=400,2000,4000 \
  --vary k2_intake_ug_per_day=0:360:37 --quiet -o "$sweep_dir/k2_d3.csv"
"$calcsim" plot-sweep "$sweep_dir/k2_d3.csv" --x k2_intake_ug_per_day \
  --group d3_intake_iu_per_day --y vessel_ca_mg_change --quiet -o "$out/sweep_k2_d3_vessel.png" \
  --title "Ten years of vessel calcium against dietary K2, at three vitamin D3 intakes"
echo "figures: $out/sweep_k2_d3_vessel.png"
