/*
 * sweep.c - the design of a parameter sweep: grid axes, Latin hypercube axes, and the values
 * of every run (see calcsim/sweep.h for the numbering of runs).
 *
 * Workload: from a handful of runs to about a million (a grid of 100 x 100 x 100), read by
 * several worker threads at once. So the hypercube is drawn once, in cs_sweep_prepare(),
 * as one array of samples x (LHS axes) values; a list axis holds its values; a range axis
 * holds none (its k-th value is computed when asked, so that a grid of 10^8 points is
 * counted, and refused, at once rather than after allocating it). A run's values are found
 * by mixed-radix division of its number, with no allocation and no locking.
 *
 * Latin hypercube sampling: McKay, Beckman & Conover, "A comparison of three methods for
 * selecting values of input variables in the analysis of output from a computer code",
 * Technometrics 21 (1979) 239-245. Random numbers: GSL's MT19937 generator (gsl_rng_mt19937,
 * Matsumoto & Nishimura 1998) with gsl_ran_shuffle() for the strata and gsl_rng_uniform()
 * within them. MT19937 is defined on 32-bit integers, so a seed gives the same design on every
 * platform. Seeds are 0 to 2^32 - 1; seed 0 stands for GSL's default 4357.
 */
#include "calcsim/sweep.h"

#include <errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cs_sweep {
    cs_sweep_axis *axes; /* in the order added */
    double **values;     /* per axis: the n grid values, or NULL for an LHS axis */
    int naxes, cap;
    size_t samples;   /* Latin hypercube samples; 0 when not asked for */
    uint64_t seed;    /* hypercube seed */
    int nlhs;         /* LHS axes */
    double *lhs;      /* samples x nlhs values, row-major; NULL without LHS axes */
    uint64_t npoints; /* grid points (1 when there is no grid axis) */
    uint64_t count;   /* runs: npoints x max(samples, 1); 0 until prepared */
    int prepared;
};

/* ---- values ------------------------------------------------------------------------- */

/*
 * Rounds v to 10 significant digits, exactly as "%.10g" prints it, so that a value read
 * back from a result file is the value that was run. printf and strtod use the same thread
 * locale, so the round trip holds whatever the decimal separator is.
 */
static double round10(double v)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.10g", v);
    return strtod(buf, NULL);
}

/* The point u in [0, 1] of the range from..to, linear or logarithmic, rounded. */
static double map_unit(const cs_sweep_axis *a, double u)
{
    if (u <= 0)
        return a->from;
    if (u >= 1)
        return a->to;
    double v = a->log ? exp(log(a->from) + (log(a->to) - log(a->from)) * u)
                      : a->from + (a->to - a->from) * u;
    return round10(v);
}

/* Checks name = v against the table, with the standard message. */
static int check_value(const char *name, double v, cs_error *err)
{
    cs_params scratch;
    cs_params_default(&scratch);
    return cs_params_set(&scratch, name, v, err);
}

cs_sweep *cs_sweep_alloc(cs_error *err)
{
    cs_sweep *sw = calloc(1, sizeof *sw);
    if (!sw)
        cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory for the sweep");
    return sw;
}

void cs_sweep_free(cs_sweep **sw)
{
    if (!sw || !*sw)
        return;
    for (int i = 0; i < (*sw)->naxes; i++)
        free((*sw)->values[i]);
    free((*sw)->values);
    free((*sw)->axes);
    free((*sw)->lhs);
    free(*sw);
    *sw = NULL;
}

/* Checks that name can be added as a new axis and makes room; returns its table index. */
static int axis_begin(cs_sweep *sw, const char *name, cs_error *err)
{
    if (!sw || sw->prepared)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, name,
                            "cannot add an axis: no sweep, or the sweep is already prepared");
    int param = cs_param_find(name);
    if (param < 0)
        return check_value(name, 0.0, err); /* the standard unknown-name message */
    for (int i = 0; i < sw->naxes; i++)
        if (sw->axes[i].param == param)
            return cs_error_set(err, CS_EUSAGE, NULL, 0, name,
                                "%s is varied twice; give each parameter one axis", name);
    if (sw->naxes == sw->cap) {
        int cap = sw->cap ? 2 * sw->cap : 8;
        cs_sweep_axis *axes = realloc(sw->axes, (size_t)cap * sizeof *axes);
        if (axes)
            sw->axes = axes;
        double **values = axes ? realloc(sw->values, (size_t)cap * sizeof *values) : NULL;
        if (!values)
            return cs_error_set(err, CS_ENOMEM, NULL, 0, name, "out of memory for the sweep");
        sw->values = values;
        sw->cap = cap;
    }
    return param;
}

int cs_sweep_add_range(cs_sweep *sw, const char *name, double from, double to, size_t n, int log,
                       cs_error *err)
{
    int param = axis_begin(sw, name, err);
    if (param < 0)
        return param;
    const char *pname = cs_param_info_at(param)->name;
    from = round10(from);
    to = round10(to);
    int rc = check_value(pname, from, err);
    if (rc == CS_OK)
        rc = check_value(pname, to, err);
    if (rc != CS_OK)
        return rc;
    if (log && !(from > 0 && to > 0))
        return cs_error_set(err, CS_EUSAGE, NULL, 0, pname,
                            "%s: log spacing needs a range above 0, got %g to %g", pname, from, to);
    if (n > CS_SWEEP_MAX_RUNS)
        return cs_error_set(err, CS_ERANGE, NULL, 0, pname,
                            "%s: %zu values are more than the %llu a sweep may have", pname, n,
                            (unsigned long long)CS_SWEEP_MAX_RUNS);
    cs_sweep_axis *a = &sw->axes[sw->naxes];
    *a = (cs_sweep_axis){param, n ? CS_SWEEP_RANGE : CS_SWEEP_LHS, log ? 1 : 0, from, to, n};
    sw->values[sw->naxes] = NULL;
    sw->naxes++;
    return CS_OK;
}

int cs_sweep_add_list(cs_sweep *sw, const char *name, const double *values, size_t n, cs_error *err)
{
    int param = axis_begin(sw, name, err);
    if (param < 0)
        return param;
    const char *pname = cs_param_info_at(param)->name;
    if (!values || n == 0)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, pname, "%s: a list needs at least one value",
                            pname);
    double *v = malloc(n * sizeof *v);
    if (!v)
        return cs_error_set(err, CS_ENOMEM, NULL, 0, pname, "out of memory for the sweep");
    for (size_t i = 0; i < n; i++) {
        v[i] = round10(values[i]);
        int rc = check_value(pname, v[i], err);
        if (rc != CS_OK) {
            free(v);
            return rc;
        }
    }
    sw->axes[sw->naxes] = (cs_sweep_axis){param, CS_SWEEP_LIST, 0, v[0], v[n - 1], n};
    sw->values[sw->naxes] = v;
    sw->naxes++;
    return CS_OK;
}

/* Parses a whole number >= 1 from the n characters at s (digits only). */
static int parse_count(const char *s, size_t *out)
{
    if (!*s || strspn(s, "0123456789") != strlen(s))
        return CS_EPARSE;
    errno = 0;
    unsigned long long v = strtoull(s, NULL, 10);
    if (errno == ERANGE || v < 1 || v > CS_SWEEP_MAX_RUNS)
        return CS_ERANGE;
    *out = (size_t)v;
    return CS_OK;
}

/* Parses the numbers of a list "V1,V2,..." (text is modified) into a new array. */
static int parse_list(const char *pname, char *text, double **out, size_t *n, cs_error *err)
{
    size_t cap = 1;
    for (const char *c = text; *c; c++)
        cap += *c == ',';
    double *v = malloc(cap * sizeof *v);
    if (!v)
        return cs_error_set(err, CS_ENOMEM, NULL, 0, pname, "out of memory for the sweep");
    size_t k = 0;
    for (char *tok = text;; k++) {
        char *comma = strchr(tok, ',');
        if (comma)
            *comma = '\0';
        if (cs_parse_double(tok, &v[k]) != CS_OK) {
            free(v);
            return cs_error_set(err, CS_EPARSE, NULL, 0, pname,
                                "%s: '%s' is not a number; a list is V1,V2,... of C-locale "
                                "decimal numbers",
                                pname, tok);
        }
        if (!comma)
            break;
        tok = comma + 1;
    }
    *out = v;
    *n = k + 1;
    return CS_OK;
}

int cs_sweep_add_text(cs_sweep *sw, const char *spec, int log, cs_error *err)
{
    static const char form[] = "NAME=FROM:TO:N, NAME=FROM:TO (with --samples) or NAME=V1,V2,...";
    const char *eq = spec ? strchr(spec, '=') : NULL;
    char name[64];
    if (!eq || eq == spec || (size_t)(eq - spec) >= sizeof name)
        return cs_error_set(err, CS_EPARSE, NULL, 0, NULL, "'%s' is not an axis; expected %s",
                            spec ? spec : "", form);
    memcpy(name, spec, (size_t)(eq - spec));
    name[eq - spec] = '\0';
    if (cs_param_find(name) < 0)
        return check_value(name, 0.0, err);
    char *text = strdup(eq + 1);
    if (!text)
        return cs_error_set(err, CS_ENOMEM, NULL, 0, name, "out of memory for the sweep");
    int rc;
    char *colon = strchr(text, ':');
    if (!colon) {
        double *v = NULL;
        size_t n = 0;
        rc = log ? cs_error_set(err, CS_EUSAGE, NULL, 0, name,
                                "%s: log spacing needs a range FROM:TO:N, not a list", name)
                 : parse_list(name, text, &v, &n, err);
        if (rc == CS_OK)
            rc = cs_sweep_add_list(sw, name, v, n, err);
        free(v);
        free(text);
        return rc;
    }
    *colon = '\0';
    char *to_text = colon + 1, *n_text = strchr(to_text, ':');
    if (n_text)
        *n_text++ = '\0';
    double from, to;
    size_t n = 0;
    const char *bad = cs_parse_double(text, &from) != CS_OK    ? text
                      : cs_parse_double(to_text, &to) != CS_OK ? to_text
                                                               : NULL;
    if (n_text && strchr(n_text, ':'))
        rc = cs_error_set(err, CS_EPARSE, NULL, 0, name, "'%s' is not an axis; expected %s", spec,
                          form);
    else if (bad)
        rc = cs_error_set(err, CS_EPARSE, NULL, 0, name,
                          "%s: '%s' is not a number; give C-locale decimal numbers, as in %s", name,
                          bad, form);
    else if (n_text && (rc = parse_count(n_text, &n)) != CS_OK)
        rc = cs_error_set(err, rc, NULL, 0, name,
                          "%s: N must be a whole number from 1 to %llu, got '%s'", name,
                          (unsigned long long)CS_SWEEP_MAX_RUNS, n_text);
    else
        rc = cs_sweep_add_range(sw, name, from, to, n, log, err);
    free(text);
    return rc;
}

int cs_sweep_set_samples(cs_sweep *sw, size_t samples, uint64_t seed, cs_error *err)
{
    if (!sw || sw->prepared)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "cannot set samples: no sweep, or the sweep is already prepared");
    if (samples < 1 || samples > CS_SWEEP_MAX_SAMPLES)
        return cs_error_set(err, CS_ERANGE, NULL, 0, NULL,
                            "the number of samples must be from 1 to %lu, got %zu",
                            CS_SWEEP_MAX_SAMPLES, samples);
    if (seed > CS_SWEEP_MAX_SEED)
        return cs_error_set(err, CS_ERANGE, NULL, 0, NULL,
                            "the seed must be from 0 to %llu (MT19937 takes 32 bits), got %llu",
                            (unsigned long long)CS_SWEEP_MAX_SEED, (unsigned long long)seed);
    sw->samples = samples;
    sw->seed = seed;
    return CS_OK;
}

/* The k-th of the n values of grid range axis a (0 <= k < n), rounded like every value. */
static double range_value(const cs_sweep_axis *a, uint64_t k)
{
    return a->n == 1 ? a->from : map_unit(a, (double)k / (double)(a->n - 1));
}

/* Draws the Latin hypercube: per LHS axis, a shuffle of the strata, then one point in each. */
static int prepare_lhs(cs_sweep *sw, cs_error *err)
{
    size_t n = sw->samples;
    size_t *perm = malloc(n * sizeof *perm);
    sw->lhs = malloc(n * (size_t)sw->nlhs * sizeof *sw->lhs);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!perm || !sw->lhs || !rng) {
        free(perm);
        gsl_rng_free(rng);
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL,
                            "out of memory for %zu Latin hypercube samples", n);
    }
    gsl_rng_set(rng, (unsigned long)sw->seed);
    int d = 0;
    for (int i = 0; i < sw->naxes; i++) {
        const cs_sweep_axis *a = &sw->axes[i];
        if (a->kind != CS_SWEEP_LHS)
            continue;
        for (size_t s = 0; s < n; s++)
            perm[s] = s;
        gsl_ran_shuffle(rng, perm, n, sizeof *perm);
        for (size_t s = 0; s < n; s++) {
            double u = ((double)perm[s] + gsl_rng_uniform(rng)) / (double)n;
            sw->lhs[s * (size_t)sw->nlhs + (size_t)d] = map_unit(a, u);
        }
        d++;
    }
    free(perm);
    gsl_rng_free(rng);
    return CS_OK;
}

int cs_sweep_prepare(cs_sweep *sw, cs_error *err)
{
    if (!sw || sw->prepared)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "cannot prepare: no sweep, or the sweep is already prepared");
    if (sw->naxes == 0)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL, "a sweep needs at least one axis");
    sw->nlhs = 0;
    uint64_t points = 1;
    for (int i = 0; i < sw->naxes; i++) {
        const cs_sweep_axis *a = &sw->axes[i];
        if (a->kind == CS_SWEEP_LHS) {
            sw->nlhs++;
            continue;
        }
        if (points > CS_SWEEP_MAX_RUNS / a->n)
            return cs_error_set(err, CS_ERANGE, NULL, 0, NULL, "the grid has more than %llu points",
                                (unsigned long long)CS_SWEEP_MAX_RUNS);
        points *= a->n;
    }
    if (sw->nlhs && !sw->samples)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, cs_param_info_at(sw->axes[0].param)->name,
                            "an axis FROM:TO without :N is a Latin hypercube dimension and "
                            "needs a number of samples");
    if (!sw->nlhs && sw->samples)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "samples need at least one axis FROM:TO without :N to draw over");
    uint64_t count = points;
    if (sw->samples) {
        if (points > CS_SWEEP_MAX_RUNS / sw->samples)
            return cs_error_set(err, CS_ERANGE, NULL, 0, NULL, "the sweep has more than %llu runs",
                                (unsigned long long)CS_SWEEP_MAX_RUNS);
        count = points * sw->samples;
    }
    /* The runs are counted before anything is built, and a grid range's values are never
     * stored (cs_sweep_values() computes them), so a huge grid costs nothing until run. */
    if (sw->nlhs) {
        int rc = prepare_lhs(sw, err);
        if (rc != CS_OK)
            return rc;
    }
    sw->npoints = points;
    sw->count = count;
    sw->prepared = 1;
    return CS_OK;
}

uint64_t cs_sweep_count(const cs_sweep *sw)
{
    return sw && sw->prepared ? sw->count : 0;
}

int cs_sweep_axis_count(const cs_sweep *sw)
{
    return sw ? sw->naxes : 0;
}

const cs_sweep_axis *cs_sweep_axis_at(const cs_sweep *sw, int i)
{
    return sw && i >= 0 && i < sw->naxes ? &sw->axes[i] : NULL;
}

size_t cs_sweep_samples(const cs_sweep *sw)
{
    return sw && sw->nlhs ? sw->samples : 0;
}

uint64_t cs_sweep_seed(const cs_sweep *sw)
{
    return sw ? sw->seed : 0;
}

char *cs_sweep_axis_text(const cs_sweep *sw, int i, char *buf, size_t n)
{
    const cs_sweep_axis *a = cs_sweep_axis_at(sw, i);
    if (n == 0)
        return buf;
    buf[0] = '\0';
    if (!a)
        return buf;
    locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    locale_t old = c ? uselocale(c) : (locale_t)0;
    size_t used = 0;
    if (a->kind == CS_SWEEP_LIST) {
        for (size_t k = 0; k < a->n && used < n; k++) {
            int w = snprintf(buf + used, n - used, "%s%.10g", k ? "," : "", sw->values[i][k]);
            used += w > 0 ? (size_t)w : 0;
        }
    } else if (a->kind == CS_SWEEP_RANGE) {
        snprintf(buf, n, "%.10g:%.10g:%zu", a->from, a->to, a->n);
    } else {
        snprintf(buf, n, "%.10g:%.10g", a->from, a->to);
    }
    if (c) {
        uselocale(old);
        freelocale(c);
    }
    return buf;
}

int cs_sweep_values(const cs_sweep *sw, uint64_t run, double values[], cs_error *err)
{
    if (!sw || !sw->prepared || !values || run >= sw->count)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "cs_sweep_values: no prepared sweep, or run %llu is out of range",
                            (unsigned long long)run);
    uint64_t per_point = sw->samples ? sw->samples : 1;
    uint64_t point = run / per_point, sample = run % per_point;
    int d = sw->nlhs;
    for (int i = sw->naxes - 1; i >= 0; i--) {
        const cs_sweep_axis *a = &sw->axes[i];
        if (a->kind == CS_SWEEP_LHS) {
            values[i] = sw->lhs[sample * (uint64_t)sw->nlhs + (uint64_t)--d];
        } else {
            values[i] = a->kind == CS_SWEEP_RANGE ? range_value(a, point % a->n)
                                                  : sw->values[i][point % a->n];
            point /= a->n;
        }
    }
    return CS_OK;
}

int cs_sweep_apply(const cs_sweep *sw, uint64_t run, cs_params *p, cs_error *err)
{
    double v[CS_PARAM_CAPACITY];
    if (!p)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL, "cs_sweep_apply: no parameter set");
    int rc = cs_sweep_values(sw, run, v, err);
    if (rc != CS_OK)
        return rc;
    /* Every value was range-checked when the axis was added or the design prepared. */
    for (int i = 0; i < sw->naxes; i++)
        p->v[sw->axes[i].param] = v[i];
    return CS_OK;
}
