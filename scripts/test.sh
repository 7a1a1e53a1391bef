#!/usr/bin/env bash
# Builds calcsim and runs the whole test suite with ctest. This is the README's test command.
# BUILD_DIR (default: build) and CMAKE_EXTRA (extra cmake arguments) may be set.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${BUILD_DIR:-build}
# shellcheck disable=SC2086
cmake -S . -B "$dir" ${CMAKE_EXTRA:-} >/dev/null
cmake --build "$dir" -j"$(nproc)"
ctest --test-dir "$dir" --output-on-failure -j"$(nproc)"
