/*
 * fuzz_sweep_spec.c - libFuzzer harness for the sweep design: `--vary NAME=SPEC` texts
 * (cs_sweep_add_text(): grids FROM:TO:N, lists V1,V2,..., hypercube axes FROM:TO, --log),
 * --samples/--seed, cs_sweep_prepare(), and the values of the first, last and a middle run.
 *
 * Input: lines; each is one --vary spec, a leading '~' meaning --log; a line "#S SEED" asks
 * for S hypercube samples (capped at 2000 here, to keep each input fast). Checks: a prepared
 * sweep has 1 to CS_SWEEP_MAX_RUNS runs, and every value of the runs looked at is finite and
 * inside its parameter's range (the design promises that before anything runs).
 */
#include "calcsim/calcsim.h"
#include "calcsim/sweep.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_MAX_AXES    6
#define FUZZ_MAX_SAMPLES 2000

static void check_run(const cs_sweep *sw, uint64_t run)
{
    double v[CS_PARAM_CAPACITY];
    cs_error err;
    cs_error_clear(&err);
    if (cs_sweep_values(sw, run, v, &err) != CS_OK)
        abort();
    for (int i = 0; i < cs_sweep_axis_count(sw); i++) {
        const cs_param_info *in = cs_param_info_at(cs_sweep_axis_at(sw, i)->param);
        if (!isfinite(v[i]) || v[i] < in->min || v[i] > in->max)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    cs_error err;
    cs_error_clear(&err);
    cs_sweep *sw = cs_sweep_alloc(&err);
    int rc = sw ? CS_OK : CS_ENOMEM, axes = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line && rc == CS_OK;
         line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#') {
            unsigned long samples = 0;
            unsigned long long seed = 0;
            if (sscanf(line + 1, "%lu %llu", &samples, &seed) >= 1)
                rc = cs_sweep_set_samples(sw, samples % (FUZZ_MAX_SAMPLES + 1), seed, &err);
            continue;
        }
        if (axes++ == FUZZ_MAX_AXES)
            break;
        int log = line[0] == '~';
        rc = cs_sweep_add_text(sw, line + log, log, &err);
    }
    if (rc == CS_OK && cs_sweep_axis_count(sw) > 0 && cs_sweep_prepare(sw, &err) == CS_OK) {
        uint64_t n = cs_sweep_count(sw);
        if (n < 1 || n > CS_SWEEP_MAX_RUNS)
            abort();
        check_run(sw, 0);
        check_run(sw, n / 2);
        check_run(sw, n - 1);
        char buf[256];
        for (int i = 0; i < cs_sweep_axis_count(sw); i++)
            cs_sweep_axis_text(sw, i, buf, sizeof buf);
    } else if (rc != CS_OK && !err.text[0]) {
        abort();
    }
    cs_sweep_free(&sw);
    free(text);
    return 0;
}
