/*
 * population_run.c - cohorts and trials run through the library's ordered runner, and the
 * statistics they report (calcsim/population.h).
 *
 * A cohort is one item per person: draw, simulate from start_age to age + follow-up, sum the
 * run up with the sweep metrics. A trial is one item per participant of every replicate:
 * draw until the inclusion criteria hold (the screening scan is measured, with noise), run
 * the trial's duration with the arm's values, measure again. Items are delivered in order,
 * so the output does not depend on the number of threads.
 */
#include "calcsim/population.h"
#include "calcsim/sim.h"
#include "calcsim/sweep.h"
#include "param_ids.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- statistics ------------------------------------------------------------------------- */

int cs_welch(double mean_a, double var_a, double na, double mean_b, double var_b, double nb,
             double *diff, double *lo, double *hi, double *p)
{
    *diff = mean_b - mean_a;
    *lo = *hi = *p = NAN;
    if (!(na >= 2 && nb >= 2))
        return CS_EUSAGE;
    double sa = var_a / na, sb = var_b / nb, se2 = sa + sb;
    if (!(se2 > 0)) {
        *lo = *hi = *diff;
        *p = *diff == 0 ? 1.0 : 0.0;
        return CS_OK;
    }
    double df = se2 * se2 / (sa * sa / (na - 1) + sb * sb / (nb - 1));
    double se = sqrt(se2), t = *diff / se;
    double q = gsl_cdf_tdist_Qinv(0.025, df);
    *lo = *diff - q * se;
    *hi = *diff + q * se;
    *p = 2.0 * gsl_cdf_tdist_Q(fabs(t), df);
    if (*p > 1)
        *p = 1;
    return CS_OK;
}

void cs_odds_ratio(double a, double n1, double c, double n0, double *or_, double *lo, double *hi)
{
    double b = n1 - a, d = n0 - c;
    if (a == 0 || b == 0 || c == 0 || d == 0)
        a += 0.5, b += 0.5, c += 0.5, d += 0.5;
    double l = log(a * d / (b * c)), se = sqrt(1 / a + 1 / b + 1 / c + 1 / d);
    *or_ = exp(l);
    *lo = exp(l - 1.959963985 * se);
    *hi = exp(l + 1.959963985 * se);
}

void cs_risk_ratio(double a, double n1, double c, double n0, double *rr, double *lo, double *hi)
{
    if (a == 0 || c == 0)
        a += 0.5, c += 0.5, n1 += 0.5, n0 += 0.5;
    double l = log((a / n1) / (c / n0)), se = sqrt(1 / a - 1 / n1 + 1 / c - 1 / n0);
    *rr = exp(l);
    *lo = exp(l - 1.959963985 * se);
    *hi = exp(l + 1.959963985 * se);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int cs_cohort_summarise(const cs_cohort *c, const double *const *values, const int *is_case,
                        size_t n, cs_cohort_group *out, size_t *nout, cs_error *err)
{
    *nout = 0;
    double *sorted = malloc(sizeof *sorted * (n ? n : 1));
    if (!sorted)
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    for (int e = 0; e < c->nexp; e++) {
        const cs_exposure *x = &c->exp[e];
        double cuts[CS_POP_MAX_GROUPS - 1];
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (isfinite(values[e][i]))
                sorted[m++] = values[e][i];
        qsort(sorted, m, sizeof *sorted, cmp_double);
        for (int g = 0; g < x->groups - 1; g++) {
            if (x->ncuts) {
                cuts[g] = x->cuts[g];
            } else if (m > 0) { /* sample quantile, linear between order statistics */
                double h = (double)(m - 1) * (g + 1) / x->groups;
                size_t k = (size_t)h;
                cuts[g] = k + 1 < m ? sorted[k] + (h - (double)k) * (sorted[k + 1] - sorted[k])
                                    : sorted[m - 1];
            } else {
                cuts[g] = NAN;
            }
        }
        cs_cohort_group *gr = out + *nout;
        for (int g = 0; g < x->groups; g++) {
            memset(&gr[g], 0, sizeof gr[g]);
            gr[g].exposure = e;
            gr[g].group = g + 1;
            gr[g].exposure_low = INFINITY;
            gr[g].exposure_high = -INFINITY;
        }
        for (size_t i = 0; i < n; i++) {
            double v = values[e][i];
            if (!isfinite(v))
                continue;
            int g = 0;
            while (g < x->groups - 1 && !(v < cuts[g] || (!x->ncuts && v <= cuts[g])))
                g++;
            gr[g].n++;
            gr[g].cases += is_case[i] != 0;
            if (v < gr[g].exposure_low)
                gr[g].exposure_low = v;
            if (v > gr[g].exposure_high)
                gr[g].exposure_high = v;
        }
        for (int g = 0; g < x->groups; g++) {
            cs_cohort_group *r = &gr[g];
            r->prevalence = r->n ? (double)r->cases / (double)r->n : NAN;
            if (!r->n)
                r->exposure_low = r->exposure_high = NAN;
            if (g == 0) {
                r->odds_ratio = r->or_low = r->or_high = 1;
                r->risk_ratio = r->rr_low = r->rr_high = 1;
            } else if (r->n && gr[0].n) {
                cs_odds_ratio((double)r->cases, (double)r->n, (double)gr[0].cases, (double)gr[0].n,
                              &r->odds_ratio, &r->or_low, &r->or_high);
                cs_risk_ratio((double)r->cases, (double)r->n, (double)gr[0].cases, (double)gr[0].n,
                              &r->risk_ratio, &r->rr_low, &r->rr_high);
            } else {
                r->odds_ratio = r->or_low = r->or_high = NAN;
                r->risk_ratio = r->rr_low = r->rr_high = NAN;
            }
        }
        *nout += (size_t)x->groups;
    }
    free(sorted);
    return CS_OK;
}

/* ---- one simulation --------------------------------------------------------------------- */

/* Runs p, summing up with the sweep metrics. status 0 ok, 1 implausible, 2 failed. */
static int simulate(const cs_params *p, cs_sweep_metrics *sum, int *status, char *why, size_t n,
                    cs_error *err)
{
    cs_error e;
    cs_error_clear(&e);
    cs_sweep_metrics_reset(sum);
    cs_sim *sim = cs_sim_alloc(p, &e);
    int rc = sim ? cs_sim_run(sim, cs_sweep_metrics_sink, sum, &e) : e.code;
    why[0] = '\0';
    *status = 0;
    if (rc == CS_ENOMEM) {
        cs_sim_free(&sim);
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    if (rc != CS_OK) {
        *status = 2;
        snprintf(why, n, "%.90s", e.text);
    } else if (cs_sim_implausible(sim, NULL, why, n)) {
        *status = 1;
    }
    cs_sim_free(&sim);
    return CS_OK;
}

/* ---- cohorts ---------------------------------------------------------------------------- */

typedef struct {
    const cs_cohort *c;
    const cs_cohort_run_opts *o;
    int nmetrics;
} cohort_ctx;

typedef struct {
    cs_person person;
    int status;
    char why[96];
    double metrics[];
} cohort_result;

static uint64_t cohort_claim(void *ctx, uint64_t item)
{
    const cohort_ctx *k = ctx;
    if (!k->o->shard_n)
        return item;
    return item * k->o->shard_n + (k->o->shard_k - 1);
}

static int cohort_item(void *ctx, uint64_t item, uint64_t key, const atomic_int *cancel,
                       void **result, int *cancelled, cs_error *err)
{
    (void)item;
    (void)cancel;
    (void)cancelled;
    const cohort_ctx *k = ctx;
    cohort_result *r = calloc(1, sizeof *r + sizeof(double) * (size_t)k->nmetrics);
    if (!r)
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    int rc = cs_population_draw(&k->c->pop, k->o->seed, 0, key, &r->person, err);
    cs_sweep_metrics sum;
    if (rc == CS_OK)
        rc = simulate(&r->person.p, &sum, &r->status, r->why, sizeof r->why, err);
    if (rc != CS_OK) {
        free(r);
        return rc;
    }
    for (int m = 0; m < k->nmetrics; m++)
        if (r->status == 2 || !cs_sweep_metrics_value(&sum, m, &r->metrics[m]))
            r->metrics[m] = NAN;
    *result = r;
    return CS_OK;
}

static int cohort_deliver(void *ctx, uint64_t item, void *result, cs_error *err)
{
    const cohort_ctx *k = ctx;
    cohort_result *r = result;
    cs_cohort_row row = {.index = cohort_claim(ctx, item),
                         .person = &r->person,
                         .status = r->status,
                         .metrics = r->metrics};
    memcpy(row.why, r->why, sizeof row.why);
    double y = r->metrics[k->c->outcome_metric];
    row.is_case = isfinite(y) && y >= k->c->outcome_threshold;
    int rc = k->o->row ? k->o->row(k->o->ctx, &row, err) : CS_OK;
    free(r);
    return rc;
}

static void free_result(void *ctx, void *result)
{
    (void)ctx;
    free(result);
}

static int forward_poll(void *ctx, uint64_t delivered);

int cs_cohort_run(const cs_cohort *c, const cs_cohort_run_opts *o, cs_runner_stats *st,
                  cs_error *err)
{
    if (!c || !o || o->people < 1 || o->jobs < 1)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL, "cs_cohort_run: bad argument");
    if (o->shard_n && !(o->shard_k >= 1 && o->shard_k <= o->shard_n))
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL, "cs_cohort_run: bad shard");
    cohort_ctx k = {c, o, cs_sweep_metric_count()};
    uint64_t count = o->people;
    if (o->shard_n)
        count = o->people / o->shard_n + (o->shard_k - 1 < o->people % o->shard_n);
    cs_runner_job job = {.ctx = &k,
                         .claim = cohort_claim,
                         .run = cohort_item,
                         .deliver = cohort_deliver,
                         .discard = free_result,
                         .poll = o->poll ? forward_poll : NULL};
    return cs_runner_run(&job, count, o->jobs, st, err);
}

/* ---- trials ----------------------------------------------------------------------------- */

static const char *const endpoint_names[CS_NENDPOINTS] = {"cac_change_au", "ucmgp_change_pct",
                                                          "bone_change_pct"};
static const char *const endpoint_units[CS_NENDPOINTS] = {"AU", "%", "%"};

const char *cs_endpoint_name(int e)
{
    return e >= 0 && e < CS_NENDPOINTS ? endpoint_names[e] : NULL;
}

const char *cs_endpoint_unit(int e)
{
    return e >= 0 && e < CS_NENDPOINTS ? endpoint_units[e] : NULL;
}

/*
 * One measured calcium score: the true score plus scan-rescan noise with the SD implied by
 * MESA's 95 % repeatability limit for the difference of two scans, (0.17 A + 4.89 sqrt(A) +
 * 0.44 BMI - 10.84) at BMI 27 (AJR 2008, PubMed 18212206 [R]), divided by 1.96 sqrt(2).
 */
static double measure_cac(double a, double scale, gsl_rng *r)
{
    double limit = 0.17 * a + 4.89 * sqrt(a) + 0.44 * 27.0 - 10.84;
    double sd = scale * (limit > 0 ? limit : 0) / (1.959963985 * 1.4142135623730951);
    double v = a + gsl_ran_gaussian(r, sd);
    return v > 0 ? v : 0;
}

static double measure_rel(double v, double cv, gsl_rng *r)
{
    double m = v * (1.0 + gsl_ran_gaussian(r, cv));
    return m > 0 ? m : 0;
}

typedef struct {
    const cs_trial *t;
    const cs_trial_run_opts *o;
    uint64_t per_arm;
    int m_vessel_end, m_mgp_end, m_mgp_change, m_bone_end; /* sweep metric indices */
    /* running sums per replicate in progress: [arm][endpoint] */
    double n[2][CS_NENDPOINTS], mean[2][CS_NENDPOINTS], m2[2][CS_NENDPOINTS];
    uint64_t significant[CS_NENDPOINTS], failed, replicates_done;
    double sum_diff[CS_NENDPOINTS];
    cs_trial_result *res;
} trial_ctx;

typedef struct {
    cs_trial_person tp;
    cs_person person;
} trial_result;

static int trial_item(void *ctx, uint64_t item, uint64_t key, const atomic_int *cancel,
                      void **result, int *cancelled, cs_error *err)
{
    (void)key;
    (void)cancel;
    (void)cancelled;
    const trial_ctx *k = ctx;
    const cs_trial *t = k->t;
    uint64_t size = 2 * k->per_arm, rep = item / size, idx = item % size;
    trial_result *r = calloc(1, sizeof *r);
    if (!r)
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    if (!g) {
        free(r);
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    /* Screening: candidate j of this participant's stream until one is included. */
    int rc = CS_OK;
    uint64_t j = 0;
    for (;; j++) {
        if (j >= 100000) {
            rc = cs_error_set(err, CS_ERANGE, NULL, 0, NULL,
                              "the inclusion criteria admit fewer than 1 in 100000 people; "
                              "widen them or change [population]");
            break;
        }
        rc = cs_population_draw(&t->pop, k->o->seed, rep * 1000003ULL + idx, j, &r->person, err);
        if (rc != CS_OK)
            break;
        int ok = 1;
        for (int c = 0; c < t->nincl && ok; c++) {
            double v = r->person.value[t->incl[c].dist];
            ok = v >= t->incl[c].lo && v <= t->incl[c].hi;
        }
        if (!ok)
            continue;
        gsl_rng_set(g, (unsigned long)(cs_pop_hash(k->o->seed, rep * 1000003ULL + idx, j) >> 32));
        double a0 = cs_cac_au(&r->person.p, r->person.p.v[CS_P_VESSEL0]);
        double m0 = measure_cac(a0, t->cac_noise_scale, g);
        if (t->cac_hi > 0 && !(m0 >= t->cac_lo && m0 <= t->cac_hi))
            continue;
        r->tp.cac_true0 = a0;
        r->tp.cac0 = m0;
        break;
    }
    if (rc != CS_OK) {
        gsl_rng_free(g);
        free(r);
        return rc;
    }
    cs_person *pp = &r->person;
    int arm = idx >= k->per_arm;
    /* Intention to treat: a non-adherent participant of the treated arm stays in it but
     * takes nothing (the draw comes from the measurement stream, after the screening). */
    int takes = arm == 0 || gsl_rng_uniform(g) < t->adherence;
    for (int a = 0; a < (takes ? t->narm[arm] : 0); a++)
        pp->p.v[t->arm[arm][a].param] = t->arm[arm][a].value;
    cs_population_set_years(&pp->p, t->duration_years);
    pp->start_age = pp->age;
    cs_sweep_metrics sum;
    int status;
    char why[96];
    rc = simulate(&pp->p, &sum, &status, why, sizeof why, err);
    if (rc != CS_OK) {
        gsl_rng_free(g);
        free(r);
        return rc;
    }
    cs_trial_person *tp = &r->tp;
    tp->replicate = rep;
    tp->index = idx;
    tp->arm = arm;
    tp->ok = status != 2;
    for (int e = 0; e < CS_NENDPOINTS; e++)
        tp->endpoint[e] = NAN;
    tp->cac_true1 = tp->cac1 = NAN;
    if (tp->ok) {
        double v1, mgp0, mgp1, b0, b1;
        cs_sweep_metrics_value(&sum, k->m_vessel_end, &v1);
        cs_sweep_metrics_value(&sum, k->m_mgp_end, &mgp1);
        cs_sweep_metrics_value(&sum, k->m_mgp_change, &mgp0);
        cs_sweep_metrics_value(&sum, k->m_bone_end, &b1);
        mgp0 = mgp1 - mgp0;
        b0 = pp->p.v[CS_P_BONE0];
        tp->cac_true1 = cs_cac_au(&pp->p, v1);
        tp->cac1 = measure_cac(tp->cac_true1, t->cac_noise_scale, g);
        tp->endpoint[CS_EP_CAC] = tp->cac1 - tp->cac0;
        double u0 = measure_rel(100 - mgp0, t->mgp_assay_cv, g);
        double u1 = measure_rel(100 - mgp1, t->mgp_assay_cv, g);
        tp->endpoint[CS_EP_UCMGP] = u0 > 0 ? 100 * (u1 / u0 - 1) : NAN;
        double mb0 = measure_rel(b0, t->bone_scan_cv, g), mb1 = measure_rel(b1, t->bone_scan_cv, g);
        tp->endpoint[CS_EP_BONE] = mb0 > 0 ? 100 * (mb1 / mb0 - 1) : NAN;
    }
    gsl_rng_free(g);
    *result = r;
    return CS_OK;
}

static void trial_close_replicate(trial_ctx *k, uint64_t rep)
{
    for (int e = 0; e < CS_NENDPOINTS; e++) {
        double var[2];
        for (int a = 0; a < 2; a++)
            var[a] = k->n[a][e] > 1 ? k->m2[a][e] / (k->n[a][e] - 1) : NAN;
        double d, lo, hi, p;
        cs_welch(k->mean[0][e], var[0], k->n[0][e], k->mean[1][e], var[1], k->n[1][e], &d, &lo, &hi,
                 &p);
        if (p < 0.05)
            k->significant[e]++;
        k->sum_diff[e] += d;
        if (rep == 0) {
            cs_trial_result *r = &k->res[e];
            r->mean_control = k->mean[0][e];
            r->mean_treated = k->mean[1][e];
            r->difference = d;
            r->ci_low = lo;
            r->ci_high = hi;
            r->p_value = p;
        }
    }
    memset(k->n, 0, sizeof k->n);
    memset(k->mean, 0, sizeof k->mean);
    memset(k->m2, 0, sizeof k->m2);
    k->replicates_done++;
}

static int trial_deliver(void *ctx, uint64_t item, void *result, cs_error *err)
{
    trial_ctx *k = ctx;
    trial_result *r = result;
    cs_trial_person *tp = &r->tp;
    tp->person = &r->person;
    int rc = CS_OK;
    if (tp->replicate == 0 && k->o->person)
        rc = k->o->person(k->o->ctx, tp, err);
    if (!tp->ok)
        k->failed++;
    for (int e = 0; e < CS_NENDPOINTS; e++) {
        double x = tp->endpoint[e];
        if (!isfinite(x))
            continue;
        int a = tp->arm;
        double n = ++k->n[a][e], dlt = x - k->mean[a][e];
        k->mean[a][e] += dlt / n;
        k->m2[a][e] += dlt * (x - k->mean[a][e]);
    }
    if ((item + 1) % (2 * k->per_arm) == 0)
        trial_close_replicate(k, tp->replicate);
    free(r);
    return rc;
}

static int forward_poll(void *ctx, uint64_t delivered)
{
    const cs_cohort_run_opts *o = ((const cohort_ctx *)ctx)->o;
    return o->poll(o->ctx, delivered);
}

static int trial_poll(void *ctx, uint64_t delivered)
{
    const cs_trial_run_opts *o = ((const trial_ctx *)ctx)->o;
    return o->poll(o->ctx, delivered);
}

int cs_trial_run(const cs_trial *t, const cs_trial_run_opts *o, cs_trial_result *res,
                 cs_runner_stats *st, cs_error *err)
{
    if (!t || !o || !res || o->per_arm < 2 || o->replicates < 1 || o->jobs < 1)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL, "cs_trial_run: bad argument");
    trial_ctx *k = calloc(1, sizeof *k);
    if (!k)
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    k->t = t;
    k->o = o;
    k->per_arm = o->per_arm;
    k->res = res;
    k->m_vessel_end = cs_sweep_metric_find("vessel_ca_mg_end");
    k->m_mgp_end = cs_sweep_metric_find("mgp_carboxylated_pct_end");
    k->m_mgp_change = cs_sweep_metric_find("mgp_carboxylated_pct_change");
    k->m_bone_end = cs_sweep_metric_find("bone_ca_g_end");
    memset(res, 0, sizeof *res * CS_NENDPOINTS);
    cs_runner_job job = {.ctx = k,
                         .run = trial_item,
                         .deliver = trial_deliver,
                         .discard = free_result,
                         .poll = o->poll ? trial_poll : NULL};
    int rc = cs_runner_run(&job, o->replicates * 2 * o->per_arm, o->jobs, st, err);
    for (int e = 0; e < CS_NENDPOINTS; e++) {
        res[e].endpoint = e;
        res[e].per_arm = o->per_arm;
        res[e].replicates = k->replicates_done;
        res[e].failed = k->failed;
        res[e].power =
            k->replicates_done ? (double)k->significant[e] / (double)k->replicates_done : NAN;
        res[e].mean_difference =
            k->replicates_done ? k->sum_diff[e] / (double)k->replicates_done : NAN;
    }
    free(k);
    return rc;
}
