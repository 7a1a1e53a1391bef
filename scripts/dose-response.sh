#!/usr/bin/env bash
# Redraws the model 2.0 figures of docs/model.md section 14: the dose-response of the 10-year
# vessel accrual against one input at a time (healthy kidneys and CKD at 0.3), and the
# 40-year baseline and the sensitivity tornado. Usage: bash scripts/dose-response.sh [BUILD_DIR] (default: build).
set -euo pipefail
cd "$(dirname "$0")/.."
B="$PWD/${1:-build}/calcsim"
F="$PWD/docs/figures"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
one() { # NAME SPEC TITLE: a sweep of SPEC for kidney function 0.3 and 1
  "$B" sweep --vary "$2" --vary kidney_function=0.3,1 --metric vessel_ca_mg_change -q \
    -o "$tmp/$1.csv"
  "$B" plot-sweep "$tmp/$1.csv" --x "${2%%=*}" --group kidney_function --title "$3" \
    -o "$F/dose_response_$1.png" -q
  echo "figures: $F/dose_response_$1.png"
}
one k2 k2_intake_ug_per_day=0:400:9 \
  "Dietary K2 slows vessel calcification but never reverses it (10 years)"
one mk7 mk7_supplement_ug_per_day=0:400:9 \
  "An MK-7 supplement slows vessel calcification, with diminishing returns (10 years)"
one k1 k1_intake_ug_per_day=20:1000:8 \
  "K1 from greens barely changes vessel calcification (10 years)"
one d3 d3_intake_iu_per_day=0:10000:9 "More D3 raises vessel calcification a little (10 years)"
one calcium calcium_intake_mg_per_day=200:3000:8 \
  "Dietary calcium and vessel calcification in the model (10 years)"
one magnesium magnesium_intake_mg_per_day=100:800:8 \
  "Magnesium is a modest brake on vessel calcification (10 years)"
"$B" sweep --vary kidney_function=0.15:1.2:15 --metric vessel_ca_mg_change -q \
  -o "$tmp/kidney.csv"
"$B" plot-sweep "$tmp/kidney.csv" --x kidney_function \
  --title "Failing kidneys speed up vessel calcification most (10 years)" \
  -o "$F/dose_response_kidney.png" -q
echo "figures: $F/dose_response_kidney.png"
"$B" plot baseline --years 40 --panels vessel,bone \
  --title "A 40-year baseline: vessel calcium grows more slowly in %/yr as it builds up" \
  -o "$F/lifetime_40yr.png" -q
echo "figures: $F/lifetime_40yr.png"
# The tornado of docs/model.md section 14: what the baseline's 10-year accrual depends on.
"$B" sensitivity baseline --format csv -o "$tmp/sensitivity.csv" -q
"$B" plot-sensitivity "$tmp/sensitivity.csv" \
  --title "What the baseline's 10-year vessel accrual depends on most" \
  -o "$F/tornado_baseline.png" -q
echo "figures: $F/tornado_baseline.png"
