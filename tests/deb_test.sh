#!/usr/bin/env bash
# The Debian package: builds it with `cpack -G DEB` from the build tree, checks its control
# fields and its files, unpacks it with `dpkg -x` into a scratch folder and runs the unpacked
# calcsim from there (scenarios, run, plot), as a user who installed the .deb would.
# Usage: deb_test.sh BUILD_DIR VERSION SOURCE_DIR
#
# Everything it writes is in a scratch folder inside BUILD_DIR, removed at exit. It fails
# (exit 1) when a tool it needs is missing, and skips (exit 77) only the last check, the
# figure, when gnuplot is not installed, after every other check has passed.
set -euo pipefail
build=$(cd "$1" && pwd)
version=$2
source_dir=$3

fail() {
    echo "deb test: FAIL: $*" >&2
    exit 1
}

for tool in cpack dpkg dpkg-deb dpkg-shlibdeps file pkg-config; do
    command -v "$tool" >/dev/null ||
        fail "$tool is not installed (Debian packages: cmake, dpkg, dpkg-dev, file, pkg-config)"
done

scratch=$(mktemp -d "$build/deb_test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# 1. Build the package into the scratch folder (cpack's own work files go there too).
(cd "$build" && cpack -G DEB -B "$scratch/out" >"$scratch/cpack.log" 2>&1) ||
    { cat "$scratch/cpack.log" >&2; fail "cpack -G DEB failed"; }
arch=$(dpkg --print-architecture)
deb="$scratch/out/calcsim_${version}_${arch}.deb"
[ -f "$deb" ] || fail "no $(basename "$deb") (found: $(cd "$scratch/out" && echo *.deb))"

# 2. Control fields.
dpkg-deb --info "$deb" >/dev/null || fail "dpkg-deb --info cannot read the package"
field() { dpkg-deb --field "$deb" "$1"; }
[ "$(field Package)" = calcsim ] || fail "Package is '$(field Package)', not calcsim"
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', not $version"
[ "$(field Architecture)" = "$arch" ] || fail "Architecture is '$(field Architecture)'"
[ "$(field Section)" = science ] || fail "Section is '$(field Section)', not science"
[ -n "$(field Maintainer)" ] || fail "no Maintainer"
[ -n "$(field Description)" ] || fail "no Description"
depends=$(field Depends)
for lib in libc6 libgsl libinih; do
    [[ ", $depends" == *", $lib"* ]] || fail "Depends ('$depends') does not name $lib"
done
[[ "$(field Recommends)" == *gnuplot-nox* ]] ||
    fail "Recommends ('$(field Recommends)') does not name gnuplot-nox"
[ -z "$(field Homepage)" ] || fail "a Homepage field: '$(field Homepage)'"

# 3. Files: every one owned by root, and the same set `cmake --install` installs.
dpkg-deb --contents "$deb" >"$scratch/contents" || fail "dpkg-deb --contents failed"
owners=$(awk '{print $2}' "$scratch/contents" | sort -u)
[ "$owners" = root/root ] || fail "files not owned by root/root: $owners"
root="$scratch/root"
dpkg -x "$deb" "$root"
usr="$root/usr"
for f in bin/calcsim share/calcsim/models/baseline.ini share/calcsim/models/cohorts/rotterdam.ini \
    share/calcsim/models/trials/vitak_cac.ini share/calcsim/plots/dashboard.gp \
    share/calcsim/plots/style.gp share/doc/calcsim/README.md share/doc/calcsim/cli.md \
    share/doc/calcsim/testing.md include/calcsim/calcsim.h; do
    [ -f "$usr/$f" ] || fail "the package has no /usr/$f"
done
[ -x "$usr/bin/calcsim" ] || fail "/usr/bin/calcsim is not executable"
if [ -f "$source_dir/CHANGELOG.md" ]; then
    [ -f "$usr/share/doc/calcsim/CHANGELOG.md" ] || fail "CHANGELOG.md exists but is not packaged"
fi
pc=$(find "$usr" -name calcsim.pc)
[ -n "$pc" ] || fail "the package has no calcsim.pc"
libdir=$(dirname "$(dirname "$pc")")
includedir=$(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --variable=includedir calcsim)
[ -f "$includedir/calcsim/calcsim.h" ] ||
    fail "the packaged calcsim.pc points to '$includedir', not the packaged headers"
cmake --install "$build" --prefix "$scratch/prefix" >/dev/null
diff <(cd "$usr" && find . -type f | sort) <(cd "$scratch/prefix" && find . -type f | sort) >&2 ||
    fail "the .deb's files under /usr differ from those of cmake --install (diff above)"

# 4. Run the unpacked program. Nothing may come from the source tree: the environment
# variables that point elsewhere are unset, and a scenario and a marker line added to the
# unpacked files must show up, proving the program reads its own copy (../share/calcsim next
# to it). LD_LIBRARY_PATH covers a build with BUILD_SHARED_LIBS=ON.
calcsim=("env" "-u" "CALCSIM_MODELS" "-u" "CALCSIM_PLOTS" "LD_LIBRARY_PATH=$libdir"
    "$usr/bin/calcsim")
cd "$scratch"
help=$("${calcsim[@]}" --help)
[[ "$help" == *"Scenarios are read from $usr/bin/../share/calcsim/models"* ]] ||
    fail "the unpacked calcsim does not read its own scenarios: $(grep -i 'read from' <<<"$help")"
cp "$usr/share/calcsim/models/baseline.ini" "$usr/share/calcsim/models/deb_test_marker.ini"
scenarios=$("${calcsim[@]}" scenarios) || fail "calcsim scenarios failed"
grep -q '^baseline' <<<"$scenarios" || fail "calcsim scenarios does not list baseline"
grep -q '^deb_test_marker' <<<"$scenarios" || fail "calcsim scenarios ignores the unpacked models/"
"${calcsim[@]}" run baseline -o "$scratch/baseline.csv" >/dev/null || fail "calcsim run baseline failed"
rows=$(grep -vc '^#' "$scratch/baseline.csv" || true)
[ "$rows" -gt 100 ] || fail "calcsim run baseline wrote $rows rows"
echo "deb test: $(basename "$deb"), $(stat -c %s "$deb") bytes; Depends: $depends"

# 5. The figure, with the packaged gnuplot scripts.
if ! command -v gnuplot >/dev/null; then
    echo "deb test: gnuplot not installed: calcsim plot not checked (skipped)"
    exit 77
fi
echo "# deb_test marker" >>"$usr/share/calcsim/plots/dashboard.gp"
"${calcsim[@]}" plot baseline -o "$scratch/baseline.png" --keep "$scratch/keep" --quiet ||
    fail "calcsim plot baseline failed"
[ -s "$scratch/baseline.png" ] || fail "calcsim plot wrote no PNG"
grep -q 'deb_test marker' "$scratch/keep/dashboard.gp" ||
    fail "calcsim plot did not use the packaged gnuplot scripts"
echo "deb test: passed"
