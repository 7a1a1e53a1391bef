#!/usr/bin/env bash
# Builds web/calcsim.html from the current sources (scripts/build-web.sh) and runs the browser
# tests (web/test/, node's test runner, Debian's chromium headless through playwright-core).
#   CALCSIM_BIN=build/calcsim bash scripts/test-web.sh
# CALCSIM_BIN (required) is the native program the page's numbers are compared with.
# Also checks that the build is reproducible: when the committed page was built from the
# same sources (same source hash), the rebuilt page must be byte-identical to it.
# Screenshots, the exported figure and the timings go to build-web/browser-test/.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${CALCSIM_BIN:?set CALCSIM_BIN to the native calcsim program}"
export CALCSIM_BIN=$(cd "$(dirname "$CALCSIM_BIN")" && pwd)/$(basename "$CALCSIM_BIN")
t0=$SECONDS
committed=$(mktemp)
trap 'rm -f "$committed"' EXIT
cp web/calcsim.html "$committed"
fresh=0
bash scripts/web-source-hash.sh --check "$committed" >/dev/null 2>&1 && fresh=1
(cd web && npm ci --no-audit --no-fund --loglevel=error)
bash scripts/build-web.sh
if [ "$fresh" = 1 ] && ! cmp -s "$committed" web/calcsim.html; then
  echo "test-web: the committed page has the current source hash but the rebuilt page differs:" \
    "the build is not reproducible" >&2
  exit 1
fi
[ "$fresh" = 1 ] && echo "test-web: rebuilt page is byte-identical to the committed one"
echo "test-web: build took $((SECONDS - t0)) s"
node --test web/test/
echo "test-web: build and browser tests took $((SECONDS - t0)) s"
