/*
 * test_population.c - virtual cohorts and trials (calcsim/population.h): the statistics
 * against hand calculations, the files, and targets T30-T34 of targets.md.
 *
 * Sizes: T30 and T31 run the cohorts at their published size or close to it. T32 and T33
 * run fewer replicate trials than the 200 of targets.md (each participant of a supplement
 * arm takes hundreds of daily doses); the full 200 are run by bench/ and quoted in
 * docs/populations.md.
 */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void path_of(char *buf, size_t n, const char *sub, const char *name)
{
    snprintf(buf, n, "%s/%s/%s.ini", CALCSIM_MODELS_DIR, sub, name);
}

/* ---- statistics ------------------------------------------------------------------------- */

static void test_welch(void **state)
{
    (void)state;
    /* Two samples by hand: a = {1, 2, 3, 4} (mean 2.5, var 5/3), b = {2, 4, 6, 8, 10}
     * (mean 6, var 10). t = 3.5 / sqrt(5/12 + 2) = 2.2514; Welch df = 5.52; two-sided
     * p = 0.06913 (the t density integrated numerically). */
    double d, lo, hi, p;
    assert_int_equal(cs_welch(2.5, 5.0 / 3, 4, 6, 10, 5, &d, &lo, &hi, &p), CS_OK);
    assert_close(d, 3.5, 1e-12, 0, "Welch difference");
    assert_close(p, 0.06913, 0, 0.0001, "Welch p");
    assert_true(lo < 0 && hi > 7);
    assert_int_equal(cs_welch(1, 1, 1, 2, 1, 5, &d, &lo, &hi, &p), CS_EUSAGE);
}

static void test_odds_and_risk_ratio(void **state)
{
    (void)state;
    /* 20 of 100 against 40 of 100: OR = (20 * 60) / (80 * 40) = 0.375, SE of ln OR =
     * sqrt(1/20 + 1/80 + 1/40 + 1/60) = 0.3227; RR = 0.5, SE sqrt(1/20 - 1/100 + 1/40 -
     * 1/100) = 0.2345. */
    double r, lo, hi;
    cs_odds_ratio(20, 100, 40, 100, &r, &lo, &hi);
    assert_close(r, 0.375, 1e-12, 0, "odds ratio");
    assert_close(lo, 0.375 * exp(-1.959963985 * 0.32275), 1e-4, 0, "OR lower limit");
    cs_risk_ratio(20, 100, 40, 100, &r, &lo, &hi);
    assert_close(r, 0.5, 1e-12, 0, "risk ratio");
    assert_close(hi, 0.5 * exp(1.959963985 * 0.234521), 1e-4, 0, "RR upper limit");
    cs_odds_ratio(0, 50, 10, 50, &r, &lo, &hi); /* a zero cell: 0.5 added to every cell */
    assert_true(r > 0 && r < 0.1 && isfinite(lo));
}

/* ---- drawing ---------------------------------------------------------------------------- */

static void test_distributions(void **state)
{
    (void)state;
    cs_dist d;
    char why[256];
    assert_int_equal(
        cs_dist_parse("k2_intake_ug_per_day", "lognormal 26.6 0.48", &d, why, sizeof why), CS_OK);
    assert_int_equal(cs_dist_parse("years", "fixed 3", &d, why, sizeof why), CS_EUSAGE);
    assert_int_equal(cs_dist_parse("age_years", "gamma 1 2", &d, why, sizeof why), CS_EPARSE);
    assert_int_equal(cs_dist_parse("age_years", "normal 60", &d, why, sizeof why), CS_EPARSE);
    assert_int_equal(cs_dist_parse("kidney_function", "uniform 0.1 0.5", &d, why, sizeof why),
                     CS_ERANGE);
    /* The default K2 distribution puts the Rotterdam cut-offs at its tertiles. */
    cs_cohort c;
    cs_error err;
    cs_error_clear(&err);
    char path[1024];
    path_of(path, sizeof path, "cohorts", "rotterdam");
    assert_int_equal(cs_cohort_load(path, &c, &err), CS_OK);
    int k = cs_population_find(&c.pop, "k2_intake_ug_per_day");
    assert_true(k > 0);
    int below = 0, above = 0, n = 6000;
    for (int i = 0; i < n; i++) {
        cs_person p;
        assert_int_equal(cs_population_draw(&c.pop, 7, 0, (uint64_t)i, &p, &err), CS_OK);
        below += p.value[k] < 21.6;
        above += p.value[k] > 32.7;
        assert_true(p.age >= 55 && p.age <= 95);
        assert_true(p.start_age == 45);
        assert_close(p.p.v[cs_param_find("years")], p.age - 45, 1e-12, 1e-9, "years");
    }
    assert_between((double)below / n, 0.31, 0.36, "share below 21.6 ug/day (a tertile)");
    assert_between((double)above / n, 0.31, 0.36, "share above 32.7 ug/day (a tertile)");
}

/* ---- cohorts ---------------------------------------------------------------------------- */

typedef struct {
    double *values[CS_POP_MAX_EXPOSURES];
    int *cases;
    size_t n;
    int nexp;
    const cs_cohort *c;
    unsigned long long hash; /* of every delivered value, for T34 */
} collect;

static unsigned long long mix(unsigned long long h, double v)
{
    unsigned long long b;
    memcpy(&b, &v, sizeof b);
    return (h ^ b) * 1099511628211ULL;
}

static int collect_row(void *ctx, const cs_cohort_row *r, cs_error *err)
{
    (void)err;
    collect *k = ctx;
    for (int e = 0; e < k->nexp; e++)
        k->values[e][k->n] = r->status == 2 ? NAN : r->person->value[k->c->exp[e].dist];
    k->cases[k->n] = r->is_case;
    k->hash = mix(k->hash, (double)r->index);
    for (int i = 0; i < k->c->pop.ndist; i++)
        k->hash = mix(k->hash, r->person->value[i]);
    for (int m = 0; m < cs_sweep_metric_count(); m++)
        k->hash = mix(k->hash, r->metrics[m]);
    k->n++;
    return CS_OK;
}

/* Runs a cohort of people and summarises it into g (at most 20 lines). */
static unsigned long long run_cohort(const char *name, uint64_t people, uint64_t seed, int jobs,
                                     cs_cohort *c, cs_cohort_group *g, size_t *ng)
{
    char path[1024];
    cs_error err;
    cs_error_clear(&err);
    path_of(path, sizeof path, "cohorts", name);
    assert_int_equal(cs_cohort_load(path, c, &err), CS_OK);
    collect k = {.nexp = c->nexp, .c = c, .hash = 14695981039346656037ULL};
    for (int e = 0; e < c->nexp; e++)
        k.values[e] = malloc(sizeof(double) * people);
    k.cases = malloc(sizeof(int) * people);
    cs_cohort_run_opts o = {people, seed, jobs, 0, 0, collect_row, NULL, &k};
    assert_int_equal(cs_cohort_run(c, &o, NULL, &err), CS_OK);
    assert_int_equal(k.n, people);
    assert_int_equal(
        cs_cohort_summarise(c, (const double *const *)k.values, k.cases, k.n, g, ng, &err), CS_OK);
    for (int e = 0; e < c->nexp; e++)
        free(k.values[e]);
    free(k.cases);
    return k.hash;
}

static const cs_cohort_group *group_of(const cs_cohort *c, const cs_cohort_group *g, size_t ng,
                                       const char *exposure, int group)
{
    for (size_t i = 0; i < ng; i++)
        if (strcmp(c->exp[g[i].exposure].name, exposure) == 0 && g[i].group == group)
            return &g[i];
    fail_msg("no group %d for %s", group, exposure);
    return NULL;
}

static void T30_rotterdam(void **state)
{
    (void)state;
    cs_cohort *c = malloc(sizeof *c);
    cs_cohort_group g[20];
    size_t ng;
    run_cohort("rotterdam", 4807, 0, 2, c, g, &ng);
    const cs_cohort_group *mid = group_of(c, g, ng, "k2_intake_ug_per_day", 2);
    const cs_cohort_group *top = group_of(c, g, ng, "k2_intake_ug_per_day", 3);
    printf("T30 Rotterdam: OR middle %.3f (%.3f-%.3f), upper %.3f (%.3f-%.3f), prevalence "
           "lower tertile %.3f\n",
           mid->odds_ratio, mid->or_low, mid->or_high, top->odds_ratio, top->or_low, top->or_high,
           group_of(c, g, ng, "k2_intake_ug_per_day", 1)->prevalence);
    assert_between(mid->odds_ratio, 0.50, 0.95,
                   "T30 OR of severe aortic calcification, middle vs lower K2 tertile");
    assert_between(top->odds_ratio, 0.30, 0.70,
                   "T30 OR of severe aortic calcification, upper vs lower K2 tertile");
    free(c);
}

static void T31_prospect_epic(void **state)
{
    (void)state;
    cs_cohort *c = malloc(sizeof *c);
    cs_cohort_group g[20];
    size_t ng;
    run_cohort("prospect_epic", 564, 0, 2, c, g, &ng);
    const cs_cohort_group *k2 = group_of(c, g, ng, "k2_intake_ug_per_day", 4);
    const cs_cohort_group *k1 = group_of(c, g, ng, "k1_intake_ug_per_day", 4);
    printf("T31 Prospect-EPIC: RR top vs bottom quartile: menaquinone %.3f, phylloquinone "
           "%.3f\n",
           k2->risk_ratio, k1->risk_ratio);
    assert_between(k2->risk_ratio, 0.65, 0.95, "T31 RR menaquinone, top vs bottom quartile");
    assert_between(k1->risk_ratio, 0.85, 1.15, "T31 RR phylloquinone, top vs bottom quartile");
    free(c);
}

/* ---- trials ----------------------------------------------------------------------------- */

typedef struct {
    unsigned long long hash;
    uint64_t n;
} trial_collect;

static int collect_person(void *ctx, const cs_trial_person *p, cs_error *err)
{
    (void)err;
    trial_collect *k = ctx;
    k->hash = mix(k->hash, p->cac0);
    k->hash = mix(k->hash, p->cac1);
    for (int e = 0; e < CS_NENDPOINTS; e++)
        k->hash = mix(k->hash, p->endpoint[e]);
    k->n++;
    return CS_OK;
}

static unsigned long long run_trial(const char *name, uint64_t per_arm, uint64_t reps, int jobs,
                                    cs_trial_result *res)
{
    char path[1024];
    cs_error err;
    cs_error_clear(&err);
    path_of(path, sizeof path, "trials", name);
    cs_trial *t = malloc(sizeof *t);
    assert_int_equal(cs_trial_load(path, t, &err), CS_OK);
    trial_collect k = {14695981039346656037ULL, 0};
    cs_trial_run_opts o = {per_arm ? per_arm : t->per_arm, reps, 0, jobs, collect_person, NULL, &k};
    assert_int_equal(cs_trial_run(t, &o, res, NULL, &err), CS_OK);
    assert_int_equal(k.n, 2 * o.per_arm);
    free(t);
    for (int e = 0; e < CS_NENDPOINTS; e++)
        k.hash = mix(k.hash, res[e].power), k.hash = mix(k.hash, res[e].p_value);
    return k.hash;
}

static void T32_vitak_cac(void **state)
{
    (void)state;
    cs_trial_result r[CS_NENDPOINTS];
    run_trial("vitak_cac", 0, 16, 2, r);
    printf("T32 VitaK-CAC, 16 replicates: CAC %.1f vs %.1f AU (power %.2f); ucMGP power %.2f\n",
           r[CS_EP_CAC].mean_control, r[CS_EP_CAC].mean_treated, r[CS_EP_CAC].power,
           r[CS_EP_UCMGP].power);
    assert_between(r[CS_EP_CAC].power, 0, 0.4999,
                   "T32 share of trials with a significant CAC "
                   "difference");
    assert_between(r[CS_EP_UCMGP].power, 0.9501, 1,
                   "T32 share of trials with a significant ucMGP difference");
    assert_true(r[CS_EP_CAC].mean_treated < r[CS_EP_CAC].mean_control);
}

static void T33_kurnatowska(void **state)
{
    (void)state;
    cs_trial_result r[CS_NENDPOINTS];
    run_trial("kurnatowska_2015", 0, 40, 2, r);
    printf("T33 Kurnatowska: CAC %.1f vs %.1f AU, power %.2f\n", r[CS_EP_CAC].mean_control,
           r[CS_EP_CAC].mean_treated, r[CS_EP_CAC].power);
    assert_between(r[CS_EP_CAC].mean_control, 1, 1e6, "T33 CAC change, control arm [AU]");
    assert_between(r[CS_EP_CAC].mean_treated, 1, 1e6, "T33 CAC change, treated arm [AU]");
    assert_between(r[CS_EP_CAC].power, 0, 0.4999,
                   "T33 share of trials with a significant CAC difference");
}

static void T34_reproducible(void **state)
{
    (void)state;
    cs_cohort *c = malloc(sizeof *c);
    cs_cohort_group g[20];
    size_t ng;
    unsigned long long h1 = run_cohort("rotterdam", 300, 5, 1, c, g, &ng);
    unsigned long long h3 = run_cohort("rotterdam", 300, 5, 3, c, g, &ng);
    assert_true(h1 == h3);
    unsigned long long h4 = run_cohort("rotterdam", 300, 6, 3, c, g, &ng);
    assert_true(h1 != h4); /* another seed, other people */
    free(c);
    cs_trial_result a[CS_NENDPOINTS], b[CS_NENDPOINTS];
    unsigned long long t1 = run_trial("kurnatowska_2015", 10, 3, 1, a);
    unsigned long long t2 = run_trial("kurnatowska_2015", 10, 3, 4, b);
    assert_true(t1 == t2);
    assert_memory_equal(a, b, sizeof a);
}

/* Shards: person i of a sharded run is person i of the whole cohort. */
typedef struct {
    double vessel[64];
    int seen[64];
} by_index;

static int keep_row(void *ctx, const cs_cohort_row *r, cs_error *err)
{
    (void)err;
    by_index *b = ctx;
    assert_true(r->index < 64);
    b->vessel[r->index] = r->metrics[cs_sweep_metric_find("vessel_ca_mg_end")] + r->person->age;
    b->seen[r->index]++;
    return CS_OK;
}

static void test_shards(void **state)
{
    (void)state;
    char path[1024];
    cs_error err;
    cs_error_clear(&err);
    path_of(path, sizeof path, "cohorts", "rotterdam");
    cs_cohort *c = malloc(sizeof *c);
    assert_int_equal(cs_cohort_load(path, c, &err), CS_OK);
    by_index whole = {{0}, {0}}, parts = {{0}, {0}};
    cs_cohort_run_opts o = {21, 4, 2, 0, 0, keep_row, NULL, &whole};
    assert_int_equal(cs_cohort_run(c, &o, NULL, &err), CS_OK);
    for (uint64_t k = 1; k <= 3; k++) {
        cs_cohort_run_opts s = {21, 4, 2, k, 3, keep_row, NULL, &parts};
        assert_int_equal(cs_cohort_run(c, &s, NULL, &err), CS_OK);
    }
    for (int i = 0; i < 21; i++) {
        assert_int_equal(whole.seen[i], 1);
        assert_int_equal(parts.seen[i], 1);
        assert_true(whole.vessel[i] == parts.vessel[i]);
    }
    free(c);
}

/* docs/populations.md holds the table of `calcsim cohort --distributions` between markers. */
static void test_distribution_table_is_current(void **state)
{
    (void)state;
    const char *args[] = {"cohort", "--distributions", NULL};
    cs_test_cmd cmd = {.args = args};
    cs_test_result r = cs_test_exec(&cmd);
    cs_test_assert_run_ok(&r, "calcsim cohort --distributions", __FILE__, __LINE__);
    char *doc = cs_test_slurp(CALCSIM_SOURCE_DIR "/docs/populations.md");
    assert_non_null(doc);
    const char *begin = "<!-- distributions:begin -->\n";
    char *a = strstr(doc, begin), *b = strstr(doc, "<!-- distributions:end -->");
    assert_true(a && b && b > a);
    a += strlen(begin);
    size_t n = (size_t)(b - a);
    if (n != strlen(r.out) || memcmp(a, r.out, n) != 0)
        fail_msg("docs/populations.md: the distribution table is stale; regenerate it from "
                 "'./build/calcsim cohort --distributions' (between the distributions markers)");
    free(doc);
    cs_test_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_welch),
        cmocka_unit_test(test_odds_and_risk_ratio),
        cmocka_unit_test(test_distributions),
        cmocka_unit_test(T30_rotterdam),
        cmocka_unit_test(T31_prospect_epic),
        cmocka_unit_test(T32_vitak_cac),
        cmocka_unit_test(test_distribution_table_is_current),
        cmocka_unit_test(test_shards),
        cmocka_unit_test(T33_kurnatowska),
        cmocka_unit_test(T34_reproducible),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
