#!/usr/bin/env bash
# Runs every libFuzzer harness of a fuzz build for SECONDS each (default 20) and fails on the
# first crash, sanitizer report, leak or timeout. Usage: tests/fuzz/run.sh BUILD_DIR [SECONDS]
# [NAME...]. BUILD_DIR is configured with -DCMAKE_C_COMPILER=clang -DCALCSIM_FUZZ=ON.
# Each harness starts from its seed folders (tests/fuzz/CMakeLists.txt); what it finds is
# kept in $CALCSIM_FUZZ_CORPUS/NAME (default: a temporary folder, removed afterwards), and a
# crashing input is saved as $CALCSIM_FUZZ_ARTIFACTS/crash-... (default: the current folder).
# docs/testing.md says how to run them for hours.
set -euo pipefail
build=${1:?usage: tests/fuzz/run.sh BUILD_DIR [SECONDS] [NAME...]}
seconds=${2:-20}
shift $(($# >= 2 ? 2 : 1))
list=$build/tests/fuzz/fuzzers.list
[ -f "$list" ] || { echo "fuzz: $list not found: configure $build with -DCALCSIM_FUZZ=ON" >&2; exit 2; }
corpus_root=${CALCSIM_FUZZ_CORPUS:-}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/calcsim-fuzz.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
[ -n "$corpus_root" ] || corpus_root=$tmp/corpus
artifacts=${CALCSIM_FUZZ_ARTIFACTS:-$PWD}
failed=0
while read -r name binary seeds; do
  case $name in '#'* | '') continue ;; esac
  if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$name"; then continue; fi
  mkdir -p "$corpus_root/$name"
  # shellcheck disable=SC2086
  if "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus_root/$name" $seeds \
    >"$tmp/$name.log" 2>&1; then
    echo "fuzz: $name: $(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$tmp/$name.log" | grep -o '[0-9]*$') inputs in ${seconds} s, no crash"
  else
    echo "fuzz: $name FAILED; the end of its log:" >&2
    tail -n 40 "$tmp/$name.log" >&2
    failed=1
  fi
done <"$list"
exit $failed
