/*
 * sensitivity.c - normalised local elasticities of sweep metrics to every parameter
 * (calcsim/sensitivity.h), run through the library's ordered runner.
 *
 * Run 0 is the base; run 2k+1 and 2k+2 lower and raise the k-th included parameter. A run
 * whose value would not move (a parameter at its bound) is skipped.
 */
#include "calcsim/sensitivity.h"
#include "calcsim/runner.h"
#include "calcsim/sim.h"
#include "calcsim/sweep.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parameters a sensitivity analysis leaves out: what to run, not what is modelled. */
static const char *const skipped[] = {"years", "output_every_days", "supplement_start_day",
                                      "supplement_stop_day", "supplement_interval_days"};

int cs_sens_includes(const cs_params *base, int i)
{
    const cs_param_info *in = cs_param_info_at(i);
    if (!base || !in || base->v[i] == 0)
        return 0;
    for (size_t k = 0; k < sizeof skipped / sizeof skipped[0]; k++)
        if (strcmp(in->name, skipped[k]) == 0)
            return 0;
    return 1;
}

typedef struct {
    const cs_sens_spec *spec;
    const int *params; /* the included parameters */
    int nparams;
    double *down, *up; /* perturbed values per included parameter */
    double *y;         /* metric values: run r, metric m at y[r * nmetrics + m] */
    char (*why)[80];   /* per run: "" or why it failed */
} sens_ctx;

/* The parameter set of run r, or 0 when the run is skipped (the value cannot move). */
static int run_params(const sens_ctx *c, uint64_t r, cs_params *p)
{
    *p = *c->spec->base;
    if (r == 0)
        return 1;
    int k = (int)((r - 1) / 2), i = c->params[k];
    double v = (r % 2) ? c->down[k] : c->up[k];
    if (v == p->v[i])
        return 0;
    p->v[i] = v;
    return 1;
}

typedef struct {
    int ok;
    char why[80];
    double y[];
} sens_result;

static int sens_run(void *ctx, uint64_t item, uint64_t key, const atomic_int *cancel, void **result,
                    int *cancelled, cs_error *err)
{
    (void)key;
    (void)cancel;
    (void)cancelled;
    const sens_ctx *c = ctx;
    int nm = c->spec->nmetrics;
    sens_result *r = calloc(1, sizeof *r + sizeof(double) * (size_t)nm);
    if (!r)
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    for (int m = 0; m < nm; m++)
        r->y[m] = NAN;
    cs_params p;
    if (run_params(c, item, &p)) {
        cs_error e;
        cs_error_clear(&e);
        cs_sweep_metrics sum;
        cs_sweep_metrics_reset(&sum);
        cs_sim *sim = cs_sim_alloc(&p, &e);
        int rc = sim ? cs_sim_run(sim, cs_sweep_metrics_sink, &sum, &e) : e.code;
        cs_sim_free(&sim);
        if (rc == CS_ENOMEM) {
            free(r);
            return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
        }
        if (rc == CS_OK) {
            r->ok = 1;
            for (int m = 0; m < nm; m++)
                if (!cs_sweep_metrics_value(&sum, c->spec->metrics[m], &r->y[m]))
                    r->y[m] = NAN;
        } else {
            snprintf(r->why, sizeof r->why, "run failed: %.60s", e.text);
        }
    }
    *result = r;
    return CS_OK;
}

static int sens_deliver(void *ctx, uint64_t item, void *result, cs_error *err)
{
    (void)err;
    sens_ctx *c = ctx;
    sens_result *r = result;
    int nm = c->spec->nmetrics;
    for (int m = 0; m < nm; m++)
        c->y[item * (uint64_t)nm + (uint64_t)m] = r->y[m];
    memcpy(c->why[item], r->why, sizeof r->why);
    free(r);
    return CS_OK;
}

static void sens_discard(void *ctx, void *result)
{
    (void)ctx;
    free(result);
}

/* Normalised elasticity of y (from y0) to a change of the parameter from v to w. */
static double elasticity(double y0, double y, double v, double w)
{
    if (!isfinite(y) || !isfinite(y0) || y0 == 0 || w == v)
        return NAN;
    return ((y - y0) / y0) / ((w - v) / v);
}

static int by_rank(const void *a, const void *b)
{
    const cs_sens_row *x = a, *y = b;
    if (x->metric != y->metric)
        return 0; /* rows are sorted one metric at a time */
    int xf = isfinite(x->elasticity), yf = isfinite(y->elasticity);
    if (xf != yf)
        return yf - xf;
    if (xf) {
        double ax = fabs(x->elasticity), ay = fabs(y->elasticity);
        if (ax != ay)
            return ax < ay ? 1 : -1;
    }
    return (x->param > y->param) - (x->param < y->param);
}

int cs_sensitivity(const cs_sens_spec *spec, cs_sens_row **rows, size_t *nrows, cs_error *err)
{
    if (rows)
        *rows = NULL;
    if (nrows)
        *nrows = 0;
    if (!spec || !spec->base || !spec->metrics || spec->nmetrics < 1 || !rows || !nrows)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL, "cs_sensitivity: NULL argument");
    if (!(spec->step > 0 && spec->step <= CS_SENS_MAX_STEP))
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "the step must be above 0 and at most %g %%", 100 * CS_SENS_MAX_STEP);
    if (spec->jobs < 1)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL, "at least one job is needed");
    for (int m = 0; m < spec->nmetrics; m++)
        if (!cs_sweep_metric_info_at(spec->metrics[m]))
            return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL, "unknown metric index %d",
                                spec->metrics[m]);

    int np = cs_param_count(), nm = spec->nmetrics, n = 0;
    int *params = malloc(sizeof *params * (size_t)np);
    double *down = malloc(sizeof *down * (size_t)np), *up = malloc(sizeof *up * (size_t)np);
    if (!params || !down || !up) {
        free(params);
        free(down);
        free(up);
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    for (int i = 0; i < np; i++) {
        if (!cs_sens_includes(spec->base, i))
            continue;
        const cs_param_info *in = cs_param_info_at(i);
        double v = spec->base->v[i];
        double a = v * (1 - spec->step), b = v * (1 + spec->step);
        double lo = fmin(a, b), hi = fmax(a, b); /* a negative value flips the order */
        params[n] = i;
        down[n] = fmax(lo, in->min);
        up[n] = fmin(hi, in->max);
        n++;
    }
    uint64_t nruns = 1 + 2 * (uint64_t)n;
    sens_ctx c = {spec,
                  params,
                  n,
                  down,
                  up,
                  malloc(sizeof(double) * nruns * (uint64_t)nm),
                  calloc(nruns, sizeof(char[80]))};
    cs_sens_row *out = calloc((size_t)n * (size_t)nm + 1, sizeof *out);
    int rc = CS_OK;
    if (!c.y || !c.why || !out) {
        rc = cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    } else {
        cs_runner_job job = {
            .ctx = &c, .run = sens_run, .deliver = sens_deliver, .discard = sens_discard};
        rc = cs_runner_run(&job, nruns, spec->jobs, NULL, err);
    }
    if (rc == CS_OK && c.why[0][0])
        rc = cs_error_set(err, CS_ESOLVER, NULL, 0, NULL, "the base run failed: %s",
                          c.why[0] + strlen("run failed: "));
    if (rc == CS_OK) {
        size_t k = 0;
        for (int m = 0; m < nm; m++) {
            size_t first = k;
            double y0 = c.y[m];
            for (int j = 0; j < n; j++, k++) {
                cs_sens_row *r = &out[k];
                int i = params[j];
                double v = spec->base->v[i];
                r->metric = spec->metrics[m];
                r->param = i;
                r->value = v;
                r->down = down[j];
                r->up = up[j];
                r->y0 = y0;
                r->y_down = down[j] == v ? y0 : c.y[(uint64_t)(2 * j + 1) * nm + m];
                r->y_up = up[j] == v ? y0 : c.y[(uint64_t)(2 * j + 2) * nm + m];
                r->elasticity_down = elasticity(y0, r->y_down, v, down[j]);
                r->elasticity_up = elasticity(y0, r->y_up, v, up[j]);
                if (down[j] != v && up[j] != v)
                    r->elasticity =
                        isfinite(r->y_up) && isfinite(r->y_down) && y0 != 0 && isfinite(y0)
                            ? ((r->y_up - r->y_down) / y0) / ((up[j] - down[j]) / v)
                            : NAN;
                else
                    r->elasticity = down[j] != v ? r->elasticity_down : r->elasticity_up;
                const char *why = c.why[2 * j + 1][0] ? c.why[2 * j + 1] : c.why[2 * j + 2];
                if (why[0])
                    snprintf(r->note, sizeof r->note, "%s", why);
                else if (!isfinite(y0) || y0 == 0)
                    snprintf(r->note, sizeof r->note, "the metric is %s in the base run",
                             isfinite(y0) ? "0" : "undefined");
            }
            qsort(out + first, (size_t)n, sizeof *out, by_rank);
            for (int j = 0; j < n; j++)
                out[first + (size_t)j].rank = j + 1;
        }
        *rows = out;
        *nrows = (size_t)n * (size_t)nm;
        out = NULL;
    }
    free(out);
    free(c.y);
    free(c.why);
    free(params);
    free(down);
    free(up);
    return rc;
}
