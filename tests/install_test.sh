#!/usr/bin/env bash
# Installs calcsim into a temporary prefix and builds a small program against it with
# pkg-config, as a user of the library would. Usage: install_test.sh BUILD_DIR [CFLAGS]
# CFLAGS are the flags the library was built with (the sanitizers, when it is instrumented),
# which a consumer needs too.
set -euo pipefail
build=$1
flags=${2:-}
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
pc=$(dirname "$(find "$prefix" -name calcsim.pc | head -n 1)")
cat > "$prefix/use.c" <<'C'
#include <calcsim/calcsim.h>
#include <stdio.h>
int main(void)
{
    cs_params p;
    cs_params_default(&p);
    cs_error e;
    cs_error_clear(&e);
    cs_sim *s = cs_sim_alloc(&p, &e);
    if (!s || cs_sim_advance(s, 30.0, &e) != CS_OK)
        return 1;
    printf("calcsim %s: blood calcium after 30 d %.3f mmol/L\n", cs_version(),
           cs_sim_state(s)[CS_Y_ECF_CA] / cs_sim_model(s)->v_ecf);
    cs_sim_free(&s);
    return 0;
}
C
# shellcheck disable=SC2046,SC2086
cc -std=c11 $flags "$prefix/use.c" -o "$prefix/use" $(PKG_CONFIG_PATH="$pc" pkg-config --cflags --libs calcsim)
"$prefix/use"
test -x "$prefix/bin/calcsim"
CALCSIM_MODELS="$prefix/share/calcsim/models" "$prefix/bin/calcsim" scenarios | grep -q '^baseline'
echo "install test: 1 passed, 0 failed"
