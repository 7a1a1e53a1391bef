#!/usr/bin/env bash
# The sources web/calcsim.html is built from, and their hash.
#
#   bash scripts/web-source-hash.sh                 # prints the hash of the current sources
#   bash scripts/web-source-hash.sh --list          # prints the files hashed
#   bash scripts/web-source-hash.sh --check PAGE    # exit 1 when PAGE was built from other
#                                                   # sources (a stale committed page)
#
# scripts/build-web.sh embeds the hash in the page (<meta name="calcsim-source-hash">) and
# takes the library sources it compiles from CSWEB_LIB_SOURCES below; the test
# web_page_fresh (tests/CMakeLists.txt) runs --check, natively, without emscripten.
# The hash is sha256 over `sha256sum FILE...` of the sorted list, paths relative to the
# source root, so any tool can recompute it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The library files compiled to WebAssembly: everything one run needs, without the INI
# loader (scenario.c, libinih) and the threaded runner, sweeps and sensitivity.
CSWEB_LIB_SOURCES=(src/error.c src/params.c src/model.c src/sim.c src/plausibility.c src/foods.c src/intake.c
  src/output_csv.c src/version.c)

csweb_source_files() {
  {
    printf '%s\n' "${CSWEB_LIB_SOURCES[@]}"
    # headers, the scenario export (scenario.c parses, cmd_scenarios.c writes the JSON),
    # the scenarios, the page, its npm pins and the build scripts
    ls src/*.h include/calcsim/*.h models/*.ini web/src/* src/scenario.c \
      src/cli/cmd_scenarios.c web/package.json web/package-lock.json scripts/build-web.sh \
      scripts/web-source-hash.sh scripts/web-assemble.js
  } | LC_ALL=C sort -u
}

csweb_source_hash() {
  # shellcheck disable=SC2046
  sha256sum $(csweb_source_files) | sha256sum | cut -d' ' -f1
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-}" in
  "") csweb_source_hash ;;
  --list) csweb_source_files ;;
  --check)
    page=${2:?--check needs the page}
    want=$(csweb_source_hash)
    have=$(grep -o '<meta name="calcsim-source-hash" content="[0-9a-f]*"' "$page" |
      sed 's/.*content="//; s/"$//' || true)
    if [ "$want" != "$have" ]; then
      echo "web-source-hash: $page is stale: built from sources with hash '${have:-none}'," \
        "the sources now hash to $want; rebuild it with: bash scripts/build-web.sh" >&2
      exit 1
    fi
    echo "web-source-hash: $page is up to date ($want)"
    ;;
  *)
    echo "usage: $0 [--list | --check PAGE]" >&2
    exit 2
    ;;
  esac
fi
