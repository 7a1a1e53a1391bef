#!/usr/bin/env bash
# Quick start: installs the Debian/Ubuntu packages calcsim needs, builds it, and runs the
# main job: a 10-year baseline run that writes out/baseline.csv and prints a short summary.
set -euo pipefail
cd "$(dirname "$0")/.."
pkgs="build-essential cmake pkg-config libgsl-dev libinih-dev libcmocka-dev gnuplot-nox python3 python3-numpy dpkg-dev file librsvg2-bin poppler-utils"
missing=$(for p in $pkgs; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"; done)
if [ -n "$missing" ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
fi
cmake -S . -B build >/dev/null
cmake --build build -j"$(nproc)"
mkdir -p out
./build/calcsim run baseline -o out/baseline.csv
