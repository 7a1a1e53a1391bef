/*
 * bench.c - wall time and solver statistics of representative runs (issue 2, item 10).
 *
 * Each case runs the library end to end (parameters -> cs_sim_alloc -> cs_sim_run into an
 * in-memory row store -> free) REPEATS times and reports the median, minimum and maximum
 * wall time with CLOCK_MONOTONIC. This is a benchmark, not a test: it never fails on time.
 * Usage: calcsim_bench [REPEATS]   (default 15)
 */
#include "calcsim/calcsim.h"
#include "calcsim/output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    const char *name;
    const char *sets; /* name=value pairs, space separated */
    double target_ms; /* the target on the 2-core machine */
} bench_case;

static const bench_case cases[] = {
    {"baseline, 10 yr, weekly rows", "years=10", 5},
    {"baseline, 40 yr, weekly rows", "years=40", 20},
    {"daily MK-7 180 ug, 1 yr, weekly rows", "years=1 mk7_supplement_ug_per_day=180", 50},
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One run; returns its wall time [ms] and fills stats, or a negative value on error. */
static double run_once(const bench_case *c, cs_sim_stats *stats, size_t *rows)
{
    double t0 = now_ms();
    cs_params p;
    cs_params_default(&p);
    cs_error e;
    cs_error_clear(&e);
    char buf[256];
    snprintf(buf, sizeof buf, "%s", c->sets);
    char *save = NULL;
    for (char *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(tok, '=');
        *eq = '\0';
        if (cs_params_set_text(&p, tok, eq + 1, &e) != CS_OK)
            return -1;
    }
    cs_output_rows *r = cs_output_rows_alloc(0, &e);
    cs_sim *s = cs_sim_alloc(&p, &e);
    if (!s || !r || cs_sim_run(s, cs_output_rows_sink, r, &e) != CS_OK) {
        fprintf(stderr, "bench: %s: %s\n", c->name, e.text);
        return -1;
    }
    *stats = cs_sim_get_stats(s);
    *rows = cs_output_rows_count(r);
    cs_sim_free(&s);
    cs_output_rows_free(&r);
    return now_ms() - t0;
}

int main(int argc, char **argv)
{
    int repeats = 15;
    if (argc > 1) {
        double v;
        if (cs_parse_double(argv[1], &v) != CS_OK || v < 1 || v > 10000) {
            fprintf(stderr, "calcsim_bench: REPEATS must be a whole number from 1 to 10000\n");
            return 2;
        }
        repeats = (int)v;
    }
    printf("calcsim %s benchmark: median of %d runs each (wall time, CLOCK_MONOTONIC)\n",
           cs_version(), repeats);
    printf("%-40s %10s %10s %10s %8s %8s %8s %8s %6s %6s\n", "case", "median_ms", "min_ms",
           "max_ms", "target", "steps", "rhs", "jac", "doses", "rows");
    int rc = 0;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        double *t = calloc((size_t)repeats, sizeof *t);
        cs_sim_stats st = {0};
        size_t rows = 0;
        for (int i = 0; i < repeats; i++)
            if ((t[i] = run_once(&cases[k], &st, &rows)) < 0)
                rc = 1;
        qsort(t, (size_t)repeats, sizeof *t, cmp_double);
        printf("%-40s %10.3f %10.3f %10.3f %7gms %8lu %8lu %8lu %6lu %6zu\n", cases[k].name,
               t[repeats / 2], t[0], t[repeats - 1], cases[k].target_ms, st.steps, st.rhs_evals,
               st.jac_evals, st.doses, rows);
        free(t);
    }
    return rc;
}
