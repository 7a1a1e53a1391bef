#!/usr/bin/env bash
# Builds web/calcsim.html: the real calcsim model (libcalcsim) compiled to WebAssembly with
# Debian's emscripten, against the parts of GSL it needs, built from Debian's gsl source
# package, plus the page (web/src/) and the chart library uPlot from npm, all inlined into
# one self-contained HTML file that opens from file:// with no server and no network.
#
#   bash scripts/build-web.sh            # writes web/calcsim.html
#
# Environment:
#   CALCSIM_WEB_CACHE  where the GSL source and its WebAssembly build are kept between
#                      builds (default: ${XDG_CACHE_HOME:-$HOME/.cache}/calcsim-web)
#   CALCSIM_BIN        a native `calcsim` program, used to export the scenarios as JSON
#                      (default: build it in build-web/native)
#   BUILD_DIR          scratch folder (default: build-web, gitignored)
#   OUT                the page (default: web/calcsim.html)
#
# Needs: emscripten, nodejs, npm (Debian packages; npm fetches uPlot, pinned by
# web/package-lock.json). Getting GSL's source needs root (a temporary deb-src entry).
# Rebuilding without changes writes a byte-identical page. See docs/web.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
cache=${CALCSIM_WEB_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/calcsim-web}
bdir=${BUILD_DIR:-build-web}
out=${OUT:-web/calcsim.html}
mkdir -p "$cache" "$bdir"
bdir=$(cd "$bdir" && pwd)

# emscripten 3.1.6 runs its JS tools with the machine's node: they need Debian's shared
# node modules (acorn, ...) and must not use node's built-in fetch.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
export NODE_OPTIONS="--no-experimental-fetch${NODE_OPTIONS:+ $NODE_OPTIONS}"

log() { echo "build-web: $*" >&2; }
now() { date +%s; }
t_start=$(now)

for tool in emcc emar node npm; do
  command -v "$tool" >/dev/null || { log "$tool not found (apt-get install emscripten nodejs npm)"; exit 1; }
done
emver=$(emcc --version | sed -n '1s/.* \([0-9][0-9.]*\) .*/\1/p') # sed reads it all: no broken pipe

# ---- 1. GSL's source, from Debian's source package -----------------------------------------
# apt-get source needs a deb-src entry; it is derived from this machine's own apt
# configuration (each deb822 file with "Types: deb" copied as "Types: deb-src") and removed
# afterwards.
srclists=() # temporary deb-src files, removed however the script ends
remove_srclists() {
  [ ${#srclists[@]} -eq 0 ] || rm -f "${srclists[@]}"
  srclists=()
}
trap remove_srclists EXIT
fetch_gsl_source() {
  local dest=$1 f n=0
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && grep -q '^Types:.*\bdeb\b' "$f" || continue
    n=$((n + 1))
    local copy=/etc/apt/sources.list.d/calcsim-web-src-$n.sources
    srclists+=("$copy")
    sed 's/^Types:.*/Types: deb-src/' "$f" >"$copy"
  done
  [ ${#srclists[@]} -gt 0 ] || { log "no deb822 apt source to derive deb-src from"; return 1; }
  apt-get update -qq
  mkdir -p "$dest"
  (cd "$dest" && apt-get source -qq gsl)
  remove_srclists
  apt-get update -qq
}

# The GSL modules libcalcsim needs (checked with nm, and by linking with every API function
# exported, see docs/web.md), in dependency order.
gsl_dirs="sys utils err complex block vector matrix permutation blas cblas linalg roots multiroots ode-initval2"
gsl_key="gsl-emcc$emver-$(echo "$gsl_dirs" | sha256sum | cut -c1-8)"
gsl_prefix=$cache/$gsl_key
if [ ! -f "$gsl_prefix/lib/libgsl.a" ]; then
  t0=$(now)
  src=$(ls -d "$cache"/src/gsl-*/ 2>/dev/null | head -1 || true)
  if [ -z "$src" ]; then
    log "fetching GSL's source (apt-get source gsl)"
    fetch_gsl_source "$cache/src"
    src=$(ls -d "$cache"/src/gsl-*/ | head -1)
  fi
  log "building GSL ($gsl_dirs) from $src with emscripten $emver"
  gb=$cache/$gsl_key-build
  rm -rf "$gb"
  cp -r "$src" "$gb"
  (
    cd "$gb"
    # No --host (emconfigure sets the compiler); the answers a cross build cannot find out
    # by running a test program are given.
    emconfigure ./configure --disable-shared --enable-static --prefix="$gsl_prefix" \
      CFLAGS="-O2" ac_cv_c_extended_fp=no ac_cv_c_ieee_interface=unknown \
      ac_cv_c_ieee_comparisons=yes ac_cv_c_ieee_denormals=yes >configure.out 2>&1 ||
      { tail -30 configure.out; exit 1; }
    emmake make -C gsl >/dev/null
    objs=()
    for d in $gsl_dirs; do
      emmake make -C "$d" -j"$(nproc)" >"$d.make.out" 2>&1 || { tail -20 "$d.make.out"; exit 1; }
    done
    mkdir -p "$gsl_prefix/lib" "$gsl_prefix/include"
    find $gsl_dirs -maxdepth 2 -name '*.o' ! -name 'test*' -print0 | sort -z |
      xargs -0 emar rcs "$gsl_prefix/lib/libgsl.a.tmp"
    cp -rL gsl "$gsl_prefix/include/"
    rm -f "$gsl_prefix"/include/gsl/Makefile*
  )
  mv "$gsl_prefix/lib/libgsl.a.tmp" "$gsl_prefix/lib/libgsl.a"
  rm -rf "$gb"
  log "GSL built in $(($(now) - t0)) s (cached in $gsl_prefix)"
fi

# ---- 2. libcalcsim and the glue, compiled to WebAssembly ---------------------------------
# shellcheck source=scripts/web-source-hash.sh
. scripts/web-source-hash.sh
t0=$(now)
exports=$(sed -n 's/^EMSCRIPTEN_KEEPALIVE [^(]*[ *]\(csweb_[a-z_]*\)(.*/_\1/p' web/src/csweb.c |
  paste -sd, -)
emcc -std=c11 -O2 -Wall -Wextra -Wpedantic -Werror -D_POSIX_C_SOURCE=200809L \
  -DCALCSIM_VERSION="\"$(sed -n 's/^project(calcsim VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)\"" \
  -Iinclude -Isrc -I"$gsl_prefix/include" \
  "${CSWEB_LIB_SOURCES[@]}" web/src/csweb.c "$gsl_prefix/lib/libgsl.a" \
  -sMODULARIZE=1 -sEXPORT_NAME=createCalcsimModule -sENVIRONMENT=web -sSINGLE_FILE=1 \
  -sALLOW_MEMORY_GROWTH=1 -sFILESYSTEM=0 -sERROR_ON_UNDEFINED_SYMBOLS=1 \
  -sEXPORTED_FUNCTIONS="_malloc,_free,$exports" \
  -sEXPORTED_RUNTIME_METHODS=ccall,cwrap,UTF8ToString \
  -o "$bdir/calcsim-wasm.js"
log "libcalcsim compiled to WebAssembly in $(($(now) - t0)) s"

# ---- 3. the scenarios, exported by the native program -----------------------------------
if [ -z "${CALCSIM_BIN:-}" ]; then
  cmake -S . -B "$bdir/native" -DCMAKE_BUILD_TYPE=Release -DCALCSIM_TESTS=OFF >/dev/null
  cmake --build "$bdir/native" -j"$(nproc)" --target calcsim_cli >/dev/null
  CALCSIM_BIN=$bdir/native/calcsim
fi
CALCSIM_MODELS=$root/models "$CALCSIM_BIN" scenarios --format json >"$bdir/scenarios.json"

# ---- 4. the chart library (npm, pinned by web/package-lock.json) and the page ------------
if [ ! -f web/node_modules/uplot/package.json ] ||
  [ "$(node -p 'require("./web/node_modules/uplot/package.json").version')" != \
    "$(node -p 'require("./web/package-lock.json").packages["node_modules/uplot"].version')" ]; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi
node scripts/web-assemble.js --wasm-js "$bdir/calcsim-wasm.js" \
  --scenarios "$bdir/scenarios.json" --hash "$(csweb_source_hash)" --out "$out.tmp"
mv "$out.tmp" "$out"
raw=$(wc -c <"$out")
gz=$(gzip -9n <"$out" | wc -c)
log "wrote $out: $raw bytes ($gz gzipped) in $(($(now) - t_start)) s"
