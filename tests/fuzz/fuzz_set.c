/*
 * fuzz_set.c - libFuzzer harness for `--set NAME=VALUE` as the CLI applies it: the name up
 * to the first '=', then cs_params_set_text() (cs_parse_double(): C-locale decimal numbers
 * only, then the parameter's range), and cs_parse_double() on the whole input.
 *
 * Checks beyond "no crash": a value that is accepted is finite and inside the parameter's
 * [min, max], and an accepted text reads back as the same number after "%.17g".
 */
#include "calcsim/calcsim.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0'; /* a NUL inside ends the argument, as it would in argv */

    double v;
    if (cs_parse_double(text, &v) == CS_OK) {
        char again[64];
        double w;
        if (!isfinite(v))
            abort();
        snprintf(again, sizeof again, "%.17g", v);
        if (cs_parse_double(again, &w) != CS_OK || w != v)
            abort();
    }

    char *eq = strchr(text, '=');
    if (eq && eq != text) {
        *eq = '\0';
        cs_params p;
        cs_params_default(&p);
        cs_error err;
        cs_error_clear(&err);
        int rc = cs_params_set_text(&p, text, eq + 1, &err);
        if (rc == CS_OK) {
            int i = cs_param_find(text);
            const cs_param_info *in = cs_param_info_at(i);
            if (i < 0 || !in || !isfinite(p.v[i]) || p.v[i] < in->min || p.v[i] > in->max)
                abort();
        } else if (!err.text[0]) {
            abort();
        }
    }
    free(text);
    return 0;
}
