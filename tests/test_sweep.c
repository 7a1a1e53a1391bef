/*
 * test_sweep.c - parameter sweeps: the design and metrics in the library, and the `calcsim
 * sweep` / `sweep-merge` commands from outside.
 *
 * Library: grid values (linear, log, lists, N = 1), the run numbering (first axis slowest,
 * samples fastest), the Latin hypercube (every stratum of every axis hit exactly once, for
 * several sizes and seeds, linear and log; reproducible; pinned values so that a change of
 * generator cannot go unnoticed), every error of the design, and the metrics against hand
 * calculations on synthetic rows and against a real run.
 *
 * Program (posix_spawn of CALCSIM_EXE, files in a private temporary directory): the rows
 * are the same byte for byte for --jobs 1, 2 and 3, failed runs included; three shards
 * merge back to the full sweep byte for byte, and sweep-merge refuses a missing shard, a
 * shard given twice and a different sweep; a sweep killed with SIGKILL, or stopped with
 * SIGINT, and then resumed gives the same file as an uninterrupted one, also after an
 * unfinished last line; --resume refuses a different sweep; an existing file needs --resume
 * or --force; --series writes each run as `calcsim run` would; the progress line appears on
 * a terminal only; `calcsim help sweep` documents every metric; and the bad inputs that do
 * not fit tests/cases/invalid/ each give one line and exit status 2.
 */
#if !defined(_XOPEN_SOURCE)
#define _XOPEN_SOURCE 700 /* posix_openpt(), grantpt(), ptsname() for the progress test */
#endif
#include "testutil.h"

#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- library: the design -------------------------------------------------------------- */

static cs_sweep *design(const char *const *specs, size_t samples, uint64_t seed)
{
    cs_error e;
    cs_error_clear(&e);
    cs_sweep *sw = cs_sweep_alloc(&e);
    assert_non_null(sw);
    for (; *specs; specs++)
        if (cs_sweep_add_text(sw, *specs, 0, &e) != CS_OK)
            fail_msg("%s: %s", *specs, e.text);
    if (samples)
        assert_int_equal(cs_sweep_set_samples(sw, samples, seed, &e), CS_OK);
    if (cs_sweep_prepare(sw, &e) != CS_OK)
        fail_msg("prepare: %s", e.text);
    return sw;
}

static void test_grid_values(void **state)
{
    (void)state;
    cs_sweep *sw = design((const char *[]){"k2_intake_ug_per_day=0:360:4",
                                           "d3_intake_iu_per_day=400,1000,2000", NULL},
                          0, 0);
    assert_int_equal(cs_sweep_count(sw), 12);
    assert_int_equal(cs_sweep_axis_count(sw), 2);
    assert_int_equal(cs_sweep_samples(sw), 0);
    double v[2];
    const double k2[] = {0, 120, 240, 360}, d3[] = {400, 1000, 2000};
    for (uint64_t run = 0; run < 12; run++) {
        assert_int_equal(cs_sweep_values(sw, run, v, NULL), CS_OK);
        /* The first axis changes slowest. */
        assert_true(v[0] == k2[run / 3]);
        assert_true(v[1] == d3[run % 3]);
    }
    assert_int_equal(cs_sweep_values(sw, 12, v, NULL), CS_EUSAGE);
    char buf[64];
    assert_string_equal(cs_sweep_axis_text(sw, 0, buf, sizeof buf), "0:360:4");
    assert_string_equal(cs_sweep_axis_text(sw, 1, buf, sizeof buf), "400,1000,2000");
    cs_params p;
    cs_params_default(&p);
    assert_int_equal(cs_sweep_apply(sw, 7, &p, NULL), CS_OK);
    assert_true(cs_params_get(&p, "k2_intake_ug_per_day") == 240);
    assert_true(cs_params_get(&p, "d3_intake_iu_per_day") == 1000);
    cs_sweep_free(&sw);
    assert_null(sw);
    cs_sweep_free(&sw);
    cs_sweep_free(NULL);
}

static void test_grid_log_and_rounding(void **state)
{
    (void)state;
    cs_error e;
    cs_error_clear(&e);
    cs_sweep *sw = cs_sweep_alloc(&e);
    /* Log spacing: exact decades after rounding to 10 digits. */
    assert_int_equal(cs_sweep_add_text(sw, "mk7_supplement_ug_per_day=1:1000:4", 1, &e), CS_OK);
    /* 0.1 steps that binary arithmetic would not hit exactly. */
    assert_int_equal(cs_sweep_add_text(sw, "warfarin_inhibition=0:0.3:4", 0, &e), CS_OK);
    /* N = 1 gives FROM alone. */
    assert_int_equal(cs_sweep_add_range(sw, "kidney_function", 0.7, 0.9, 1, 0, &e), CS_OK);
    assert_int_equal(cs_sweep_prepare(sw, &e), CS_OK);
    assert_int_equal(cs_sweep_count(sw), 16);
    const double mk7[] = {1, 10, 100, 1000}, warf[] = {0, 0.1, 0.2, 0.3};
    double v[3];
    for (uint64_t run = 0; run < 16; run++) {
        cs_sweep_values(sw, run, v, NULL);
        assert_true(v[0] == mk7[run / 4]);
        assert_true(v[1] == warf[run % 4]);
        assert_true(v[2] == 0.7);
        /* Every value prints as itself with %.10g. */
        for (int i = 0; i < 3; i++) {
            char buf[32];
            snprintf(buf, sizeof buf, "%.10g", v[i]);
            assert_true(strtod(buf, NULL) == v[i]);
        }
    }
    const cs_sweep_axis *a = cs_sweep_axis_at(sw, 0);
    assert_int_equal(a->kind, CS_SWEEP_RANGE);
    assert_int_equal(a->log, 1);
    assert_int_equal(a->n, 4);
    assert_null(cs_sweep_axis_at(sw, 3));
    cs_sweep_free(&sw);
}

/* Stratum of v among n equal strata of axis a (linear or log). */
static long stratum(const cs_sweep_axis *a, double v, size_t n)
{
    double u = a->log ? (log(v) - log(a->from)) / (log(a->to) - log(a->from))
                      : (v - a->from) / (a->to - a->from);
    return (long)floor(u * (double)n);
}

static void check_lhs(size_t n, uint64_t seed)
{
    cs_error e;
    cs_error_clear(&e);
    cs_sweep *sw = cs_sweep_alloc(&e);
    assert_int_equal(cs_sweep_add_text(sw, "k2_intake_ug_per_day=0:360", 0, &e), CS_OK);
    assert_int_equal(cs_sweep_add_text(sw, "d3_intake_iu_per_day=400,2000", 0, &e), CS_OK);
    assert_int_equal(cs_sweep_add_text(sw, "calcium_intake_mg_per_day=500:1500", 0, &e), CS_OK);
    assert_int_equal(cs_sweep_add_text(sw, "mk7_supplement_ug_per_day=1:1000", 1, &e), CS_OK);
    assert_int_equal(cs_sweep_set_samples(sw, n, seed, &e), CS_OK);
    assert_int_equal(cs_sweep_prepare(sw, &e), CS_OK);
    assert_int_equal(cs_sweep_count(sw), 2 * n);
    assert_int_equal(cs_sweep_samples(sw), n);
    const int lhs_axes[] = {0, 2, 3};
    int *hits = calloc(n, sizeof *hits);
    for (int k = 0; k < 3; k++) {
        const cs_sweep_axis *a = cs_sweep_axis_at(sw, lhs_axes[k]);
        assert_int_equal(a->kind, CS_SWEEP_LHS);
        for (int point = 0; point < 2; point++) {
            memset(hits, 0, n * sizeof *hits);
            for (size_t s = 0; s < n; s++) {
                double v[4];
                cs_sweep_values(sw, (uint64_t)point * n + s, v, NULL);
                assert_true(v[1] == (point ? 2000 : 400)); /* grid point outermost */
                double x = v[lhs_axes[k]];
                assert_true(x >= fmin(a->from, a->to) && x <= fmax(a->from, a->to));
                long st = stratum(a, x, n);
                if (st == (long)n) /* only the rounded end of the range itself */
                    st--;
                assert_true(st >= 0 && st < (long)n);
                hits[st]++;
            }
            for (size_t s = 0; s < n; s++)
                if (hits[s] != 1)
                    fail_msg("n=%zu seed=%llu axis %d: stratum %zu hit %d times", n,
                             (unsigned long long)seed, lhs_axes[k], s, hits[s]);
        }
    }
    free(hits);
    cs_sweep_free(&sw);
}

static void test_lhs_stratification(void **state)
{
    (void)state;
    const size_t sizes[] = {1, 2, 7, 100, 1000};
    const uint64_t seeds[] = {0, 1, 42, CS_SWEEP_MAX_SEED};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        for (size_t j = 0; j < sizeof seeds / sizeof seeds[0]; j++)
            check_lhs(sizes[i], seeds[j]);
}

static void test_lhs_reproducible(void **state)
{
    (void)state;
    const char *const specs[] = {"k2_intake_ug_per_day=0:360", "calcium_intake_mg_per_day=500:1500",
                                 NULL};
    cs_sweep *a = design(specs, 50, 7), *b = design(specs, 50, 7), *c = design(specs, 50, 8);
    int differ = 0;
    for (uint64_t r = 0; r < 50; r++) {
        double va[2], vb[2], vc[2];
        cs_sweep_values(a, r, va, NULL);
        cs_sweep_values(b, r, vb, NULL);
        cs_sweep_values(c, r, vc, NULL);
        assert_true(va[0] == vb[0] && va[1] == vb[1]);
        differ |= va[0] != vc[0];
    }
    assert_true(differ);
    /* Pinned: GSL's MT19937 seeded with 7, a gsl_ran_shuffle of the strata then a draw in
       each, rounded to 10 digits.
       A change here changes every existing Latin hypercube sweep. */
    double v[2];
    cs_sweep_values(a, 0, v, NULL);
    char buf[64];
    snprintf(buf, sizeof buf, "%.10g %.10g", v[0], v[1]);
    assert_string_equal(buf, "35.55093123 1154.836944");
    cs_error e;
    cs_error_clear(&e);
    cs_sweep *big = cs_sweep_alloc(&e);
    assert_int_equal(cs_sweep_set_samples(big, 5, CS_SWEEP_MAX_SEED + 1, &e), CS_ERANGE);
    assert_non_null(strstr(e.text, "4294967295"));
    cs_sweep_free(&big);
    cs_sweep_free(&a);
    cs_sweep_free(&b);
    cs_sweep_free(&c);
}

/* Adds spec to a fresh design; returns the status and leaves the message in e. */
static int add_one(const char *spec, int log, cs_error *e)
{
    cs_error_clear(e);
    cs_sweep *sw = cs_sweep_alloc(e);
    int rc = cs_sweep_add_text(sw, spec, log, e);
    cs_sweep_free(&sw);
    return rc;
}

static void test_design_errors(void **state)
{
    (void)state;
    static const struct {
        const char *spec;
        int log;
        int code;
        const char *text; /* part of the message */
    } cases[] = {
        {"k2_intake=0:360:10", 0, CS_EUSAGE, "did you mean 'k2_intake_ug_per_day'"},
        {"k2_intake_ug_per_day=0:5000:10", 0, CS_ERANGE, "allowed 0 to 500 ug/day"},
        {"k2_intake_ug_per_day=-1:360:10", 0, CS_ERANGE, "out of range"},
        {"k2_intake_ug_per_day=0,90,5000", 0, CS_ERANGE, "5000 is out of range"},
        {"k2_intake_ug_per_day=0:360:0", 0, CS_ERANGE, "N must be a whole number from 1"},
        {"k2_intake_ug_per_day=0:360:-3", 0, CS_EPARSE, "N must be a whole number"},
        {"k2_intake_ug_per_day=0:360:2.5", 0, CS_EPARSE, "N must be a whole number"},
        {"k2_intake_ug_per_day=0:360:10:2", 0, CS_EPARSE, "expected NAME=FROM:TO:N"},
        {"k2_intake_ug_per_day=a:360:10", 0, CS_EPARSE, "'a' is not a number"},
        {"k2_intake_ug_per_day=0:nan:10", 0, CS_EPARSE, "'nan' is not a number"},
        {"k2_intake_ug_per_day=", 0, CS_EPARSE, "is not a number"},
        {"k2_intake_ug_per_day=1,,2", 0, CS_EPARSE, "is not a number"},
        {"k2_intake_ug_per_day=0,5e", 0, CS_EPARSE, "'5e' is not a number"},
        {"=1,2", 0, CS_EPARSE, "expected NAME=FROM:TO:N"},
        {"k2_intake_ug_per_day", 0, CS_EPARSE, "expected NAME=FROM:TO:N"},
        {"k2_intake_ug_per_day=0:360:10", 1, CS_EUSAGE, "log spacing needs a range above 0"},
        {"k2_intake_ug_per_day=1,2", 1, CS_EUSAGE, "not a list"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cs_error e;
        int rc = add_one(cases[i].spec, cases[i].log, &e);
        if (rc != cases[i].code || !strstr(e.text, cases[i].text))
            fail_msg("'%s': got %s '%s', want %s with '%s'", cases[i].spec, cs_status_name(rc),
                     e.text, cs_status_name(cases[i].code), cases[i].text);
    }

    cs_error e;
    cs_error_clear(&e);
    cs_sweep *sw = cs_sweep_alloc(&e);
    assert_int_equal(cs_sweep_prepare(sw, &e), CS_EUSAGE); /* no axis */
    cs_sweep_free(&sw);

    sw = cs_sweep_alloc(&e);
    assert_int_equal(cs_sweep_add_text(sw, "years=1:2:2", 0, &e), CS_OK);
    cs_error_clear(&e);
    assert_int_equal(cs_sweep_add_text(sw, "years=3,4", 0, &e), CS_EUSAGE); /* twice */
    assert_non_null(strstr(e.text, "varied twice"));
    cs_error_clear(&e);
    assert_int_equal(cs_sweep_set_samples(sw, 0, 1, &e), CS_ERANGE);
    assert_int_equal(cs_sweep_set_samples(sw, 5, 1, &e), CS_OK);
    cs_error_clear(&e);
    assert_int_equal(cs_sweep_prepare(sw, &e), CS_EUSAGE); /* samples, no LHS axis */
    cs_sweep_free(&sw);

    sw = cs_sweep_alloc(&e);
    assert_int_equal(cs_sweep_add_text(sw, "years=1:2", 0, &e), CS_OK);
    assert_int_equal(cs_sweep_prepare(sw, &e), CS_EUSAGE); /* LHS axis, no samples */
    cs_sweep_free(&sw);

    /* 1001^3 runs is more than CS_SWEEP_MAX_RUNS. */
    sw = cs_sweep_alloc(&e);
    assert_int_equal(cs_sweep_add_text(sw, "years=1:2:1001", 0, &e), CS_OK);
    assert_int_equal(cs_sweep_add_text(sw, "k1_intake_ug_per_day=20:22:1001", 0, &e), CS_OK);
    assert_int_equal(cs_sweep_add_text(sw, "k2_intake_ug_per_day=1:2:1001", 0, &e), CS_OK);
    cs_error_clear(&e);
    assert_int_equal(cs_sweep_prepare(sw, &e), CS_ERANGE);
    assert_int_equal(cs_sweep_count(sw), 0);
    cs_sweep_free(&sw);

    /* A prepared design takes no more axes. */
    sw = design((const char *[]){"years=1,2", NULL}, 0, 0);
    cs_error_clear(&e);
    assert_int_equal(cs_sweep_add_text(sw, "k2_intake_ug_per_day=1,2", 0, &e), CS_EUSAGE);
    assert_int_equal(cs_sweep_prepare(sw, &e), CS_EUSAGE);
    cs_sweep_free(&sw);
}

/* ---- library: the metrics ------------------------------------------------------------- */

static void test_metric_names(void **state)
{
    (void)state;
    static const char *const suffix[] = {"_end", "_change", "_min", "_max"};
    assert_int_equal(cs_sweep_metric_count(), CS_M_PER_COLUMN + 4 * (CS_NOUTPUT - 2));
    for (int c = CS_O_BLOOD_CA; c < CS_NOUTPUT; c++) {
        const cs_output_info *o = cs_output_info_at(c);
        for (int k = 0; k < 4; k++) {
            char name[128];
            snprintf(name, sizeof name, "%s%s", o->name, suffix[k]);
            int i = CS_M_PER_COLUMN + 4 * (c - CS_O_BLOOD_CA) + k;
            const cs_sweep_metric_info *m = cs_sweep_metric_info_at(i);
            assert_string_equal(m->name, name);
            assert_string_equal(m->unit, o->unit);
            assert_int_equal(cs_sweep_metric_find(name), i);
        }
    }
    assert_int_equal(cs_sweep_metric_find("bone_ca_g_lost_pct"), CS_M_BONE_LOST);
    assert_int_equal(cs_sweep_metric_find("mgp_carboxylated_pct_mean"), CS_M_MGP_MEAN);
    assert_int_equal(cs_sweep_metric_find("vessel_ca_mg_doubling_yr"), CS_M_VESSEL_DOUBLING);
    /* One pattern: every name starts with an output column's name, whose unit it keeps
       unless the statistic has its own (then appended); every metric has a short label. */
    for (int i = 0; i < cs_sweep_metric_count(); i++) {
        const cs_sweep_metric_info *m = cs_sweep_metric_info_at(i);
        int column = -1;
        for (int c = CS_O_BLOOD_CA; c < CS_NOUTPUT; c++) {
            size_t len = strlen(cs_output_info_at(c)->name);
            if (strncmp(m->name, cs_output_info_at(c)->name, len) == 0 && m->name[len] == '_')
                column = c;
        }
        if (column < 0)
            fail_msg("metric %s does not start with an output column's name", m->name);
        const char *unit = cs_output_info_at(column)->unit;
        if (strcmp(m->unit, unit) != 0) {
            const char *suffix = strcmp(m->unit, "%") == 0 ? "_pct" : "_yr";
            assert_string_equal(m->name + strlen(m->name) - strlen(suffix), suffix);
        }
        assert_non_null(m->label);
        if (strlen(m->label) < 3 || strlen(m->label) > 32)
            fail_msg("metric %s has the label '%s' (3 to 32 characters)", m->name, m->label);
    }
    /* The names of calcsim 0.1.0: not found, but renamed. */
    static const char *const old[][2] = {{"vessel_ca_accrued_mg", "vessel_ca_mg_change"},
                                         {"bone_lost_pct", "bone_ca_g_lost_pct"},
                                         {"mgp_carboxylated_mean_pct", "mgp_carboxylated_pct_mean"},
                                         {"vessel_ca_doubling_yr", "vessel_ca_mg_doubling_yr"}};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(cs_sweep_metric_find(old[i][0]), -1);
        assert_string_equal(cs_sweep_metric_renamed(old[i][0]), old[i][1]);
        assert_true(cs_sweep_metric_find(old[i][1]) >= 0);
    }
    assert_null(cs_sweep_metric_renamed("vessel_ca_mg_change"));
    assert_null(cs_sweep_metric_renamed(NULL));
    assert_int_equal(cs_sweep_metric_find("t_days_end"), -1);
    assert_int_equal(cs_sweep_metric_find(NULL), -1);
    assert_null(cs_sweep_metric_info_at(-1));
    assert_null(cs_sweep_metric_info_at(cs_sweep_metric_count()));
}

/* Every parameter has a short label of its own (param_labels.h), for the sweep figures. */
static void test_param_labels(void **state)
{
    (void)state;
    for (int i = 0; i < cs_param_count(); i++) {
        const cs_param_info *p = cs_param_info_at(i);
        assert_non_null(p->label);
        if (strcmp(p->label, p->name) == 0 || strlen(p->label) < 3 || strlen(p->label) > 32)
            fail_msg("parameter %s has the label '%s' (its own, 3 to 32 characters)", p->name,
                     p->label);
    }
    assert_string_equal(cs_param_info_at(cs_param_find("k2_intake_ug_per_day"))->label,
                        "vitamin K2 intake");
}

/* A cohort file whose outcome names a metric of calcsim 0.1.0 loads, with the old name
 * kept for the warning the command prints. */
static void test_cohort_old_outcome_name(void **state)
{
    (void)state;
    char path[] = "/tmp/calcsim-test-cohort-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    static const char text[] = "[cohort]\ntitle = t\nteaches = t\nsource = s\npeople = 10\n"
                               "outcome = bone_lost_pct >= 1\noutcome_name = bone loss\n\n"
                               "[exposure.k2_intake_ug_per_day]\ngroups = 2\n";
    assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fd);
    static cs_cohort c;
    cs_error err;
    cs_error_clear(&err);
    int rc = cs_cohort_load(path, &c, &err);
    unlink(path);
    assert_int_equal(rc, CS_OK);
    assert_int_equal(c.outcome_metric, CS_M_BONE_LOST);
    assert_string_equal(c.outcome_renamed, "bone_lost_pct");
}

/* A synthetic row at t days with vessel V, bone B, MGP and blood calcium. */
static void row_at(double *row, double t, double v, double b, double mgp, double ca)
{
    for (int i = 0; i < CS_NOUTPUT; i++)
        row[i] = 1.5 + i;
    row[CS_O_T_DAYS] = t;
    row[CS_O_T_YEARS] = t / CS_DAYS_PER_YEAR;
    row[CS_O_VESSEL_CA] = v;
    row[CS_O_BONE_CA] = b;
    row[CS_O_MGP_PCT] = mgp;
    row[CS_O_BLOOD_CA] = ca;
}

static double metric(const cs_sweep_metrics *m, const char *name)
{
    double v = NAN;
    int i = cs_sweep_metric_find(name);
    assert_true(i >= 0);
    assert_int_equal(cs_sweep_metrics_value(m, i, &v), 1);
    return v;
}

static void test_metrics_by_hand(void **state)
{
    (void)state;
    cs_sweep_metrics m;
    cs_sweep_metrics_reset(&m);
    double v;
    assert_int_equal(cs_sweep_metrics_value(&m, CS_M_BONE_LOST, &v), 0); /* no rows */
    assert_int_equal(cs_sweep_metrics_value(&m, -1, &v), -1);
    double row[CS_NOUTPUT];
    /* Vessel 40 -> 70 -> 100 -> 90 mg at days 0, 365.25, 730.5, 1095.75; it reaches 80
       (twice 40) 1/3 of the way from year 1 to year 2. */
    const double t[] = {0, 365.25, 730.5, 1095.75}, ves[] = {40, 70, 100, 90},
                 bone[] = {1000, 990, 985, 980}, mgp[] = {50, 60, 40, 50},
                 ca[] = {2.4, 2.3, 2.6, 2.5};
    for (int i = 0; i < 4; i++) {
        row_at(row, t[i], ves[i], bone[i], mgp[i], ca[i]);
        assert_int_equal(cs_sweep_metrics_sink(&m, row), 0);
    }
    assert_close(metric(&m, "bone_ca_g_lost_pct"), 2.0, 1e-14, 0, "bone lost");
    /* Trapezoids: (55 + 50 + 45) * 365.25 / 1095.75 = 50. */
    assert_close(metric(&m, "mgp_carboxylated_pct_mean"), 50, 1e-14, 0, "mgp mean");
    assert_close(metric(&m, "vessel_ca_mg_doubling_yr"), 1.0 + 1.0 / 3.0, 1e-14, 0, "doubling");
    assert_close(metric(&m, "vessel_ca_mg_end"), 90, 0, 0, "end");
    assert_close(metric(&m, "vessel_ca_mg_change"), 50, 0, 0, "change");
    assert_close(metric(&m, "vessel_ca_mg_min"), 40, 0, 0, "min");
    assert_close(metric(&m, "vessel_ca_mg_max"), 100, 0, 0, "max");
    assert_close(metric(&m, "blood_ca_mmol_l_min"), 2.3, 0, 0, "ca min");
    assert_close(metric(&m, "blood_ca_mmol_l_max"), 2.6, 0, 0, "ca max");
    assert_close(metric(&m, "blood_ca_mmol_l_change"), 0.1, 1e-12, 0, "ca change");
    assert_close(metric(&m, "net_intake_mg_end"), 1.5 + CS_O_NET_INTAKE, 0, 0, "other column");

    /* Never doubles: no value. Starts at 0: no value either. One row: mean = that row. */
    cs_sweep_metrics_reset(&m);
    row_at(row, 0, 40, 1000, 50, 2.4);
    cs_sweep_metrics_sink(&m, row);
    assert_close(metric(&m, "mgp_carboxylated_pct_mean"), 50, 0, 0, "one-row mean");
    row_at(row, 10, 79.999, 1000, 50, 2.4);
    cs_sweep_metrics_sink(&m, row);
    assert_int_equal(cs_sweep_metrics_value(&m, CS_M_VESSEL_DOUBLING, &v), 0);
    cs_sweep_metrics_reset(&m);
    row_at(row, 0, 0, 1000, 50, 2.4);
    cs_sweep_metrics_sink(&m, row);
    row_at(row, 10, 5, 1000, 50, 2.4);
    cs_sweep_metrics_sink(&m, row);
    assert_int_equal(cs_sweep_metrics_value(&m, CS_M_VESSEL_DOUBLING, &v), 0);
    /* Doubling exactly on a row. */
    cs_sweep_metrics_reset(&m);
    row_at(row, 0, 10, 1000, 50, 2.4);
    cs_sweep_metrics_sink(&m, row);
    row_at(row, 73.05, 20, 1000, 50, 2.4);
    cs_sweep_metrics_sink(&m, row);
    assert_close(metric(&m, "vessel_ca_mg_doubling_yr"), 0.2, 1e-14, 0, "doubling on a row");
}

/* The metrics of a real run match its rows (an oracle: the row store). */
static void test_metrics_of_a_run(void **state)
{
    (void)state;
    cs_test_run r = cs_test_run_params("k2_intake_ug_per_day=0", 10, 30);
    cs_sweep_metrics m;
    cs_sweep_metrics_reset(&m);
    size_t n = cs_test_nrows(&r);
    for (size_t i = 0; i < n; i++)
        cs_sweep_metrics_sink(&m, cs_output_rows_at(r.rows, i));
    assert_true(metric(&m, "vessel_ca_mg_end") == cs_test_at(&r, -1, CS_O_VESSEL_CA));
    assert_true(metric(&m, "bone_ca_g_end") == cs_test_at(&r, -1, CS_O_BONE_CA));
    assert_true(metric(&m, "vessel_ca_mg_change") ==
                cs_test_at(&r, -1, CS_O_VESSEL_CA) - cs_test_at(&r, 0, CS_O_VESSEL_CA));
    double lo = INFINITY, hi = -INFINITY, tdouble = -1;
    for (size_t i = 0; i < n; i++) {
        double v = cs_test_at(&r, (long)i, CS_O_PTH);
        lo = fmin(lo, v);
        hi = fmax(hi, v);
        if (tdouble < 0 &&
            cs_test_at(&r, (long)i, CS_O_VESSEL_CA) >= 2 * cs_test_at(&r, 0, CS_O_VESSEL_CA))
            tdouble = cs_test_at(&r, (long)i, CS_O_T_YEARS);
    }
    assert_true(metric(&m, "pth_rel_min") == lo);
    assert_true(metric(&m, "pth_rel_max") == hi);
    /* Without K2 the vessel deposit doubles within 10 years; the interpolated time lies
       within one output interval before the first row at or above twice the start. */
    assert_true(tdouble > 0);
    double d = metric(&m, "vessel_ca_mg_doubling_yr");
    assert_between(d, tdouble - 30 / CS_DAYS_PER_YEAR, tdouble, "doubling time");
    cs_test_run_free(&r);
}

/* ---- the program ---------------------------------------------------------------------- */

/* The temporary directory shared by the program tests. */
typedef struct {
    char dir[256];
    int n; /* files made so far, for unique names */
} sweep_env;

/* Starts CALCSIM_EXE with args (NULL-terminated) and CALCSIM_MODELS set; stdout to out_path
 * and stderr to err_path, each captured when NULL. */
static cs_test_proc start(const char *const *args, const char *out_path, const char *err_path)
{
    static const char *const env[] = {"CALCSIM_MODELS=" CALCSIM_MODELS_DIR, NULL};
    cs_test_cmd cmd = {.args = args, .env = env, .out_path = out_path, .err_path = err_path};
    return cs_test_start(&cmd);
}

/* Runs the program to the end; stdout to out_path (NULL: captured). */
static cs_test_result run_to(const char *const *args, const char *out_path)
{
    cs_test_proc p = start(args, out_path, NULL);
    return cs_test_finish(&p, 0);
}

static cs_test_result run(const char *const *args)
{
    return run_to(args, NULL);
}

/* A fresh path in the temporary directory. */
static const char *path_for(sweep_env *env, const char *name, char *buf, size_t n)
{
    snprintf(buf, n, "%s/%d-%s", env->dir, env->n++, name);
    return buf;
}

/* Returns the number of data rows (lines that are not '#' lines or the header). */
static int data_rows(const char *csv)
{
    int rows = 0, header = 0;
    for (const char *p = csv; *p;) {
        const char *nl = strchr(p, '\n');
        if (!nl)
            break;
        if (*p != '#') {
            if (header)
                rows++;
            header = 1;
        }
        p = nl + 1;
    }
    return rows;
}

static void assert_same_file(const char *a, const char *b)
{
    char *x = cs_test_read_file(a, NULL), *y = cs_test_read_file(b, NULL);
    assert_non_null(x);
    assert_non_null(y);
    if (strcmp(x, y) != 0) {
        size_t i = 0;
        while (x[i] && x[i] == y[i])
            i++;
        size_t from = i > 80 ? i - 80 : 0;
        fail_msg("%s and %s differ at byte %zu:\n%.160s\n---\n%.160s", a, b, i, x + from, y + from);
    }
    free(x);
    free(y);
}

static int setup_group(void **state)
{
    sweep_env *env = calloc(1, sizeof *env);
    if (!env || cs_test_make_temp_dir(env->dir, sizeof env->dir, "calcsim-test-sweep") != 0)
        return -1;
    *state = env;
    return 0;
}

static int teardown_group(void **state)
{
    sweep_env *env = *state;
    cs_test_remove_tree(env->dir);
    free(env);
    return 0;
}

/* Fails unless csv holds a row that starts with prefix, then status "ok" or "implausible: ",
 * and has a first metric. */
static void assert_ran(const char *csv, const char *prefix)
{
    const char *p = strstr(csv, prefix);
    if (!p)
        fail_msg("no row '%s...'", prefix + 1);
    p += strlen(prefix);
    if (strncmp(p, "ok,", 3) != 0 && strncmp(p, "implausible: ", 13) != 0)
        fail_msg("row '%s...' has status %.*s", prefix + 1, (int)strcspn(p, ","), p);
    p += strcspn(p, ",");
    assert_true(p[0] == ',' && p[1] != ',' && p[1] != '\n');
}

/* A small grid with failing runs: 3 x 4 = 12 runs of 2 years. No parameter set inside the
 * documented ranges makes the solver fail, so the tests that use it cap the solver at 17
 * steps per output interval (CALCSIM_SOLVER_NMAX), which the stiffer CKD runs exceed: 8 of
 * them fail. */
#define SMALL_SWEEP                                                                                \
    "sweep", "baseline", "--years", "2", "--every", "30", "--set", "vessel_growth_per_year=1.2",   \
        "--vary", "kidney_function=0.15,0.3,1", "--vary", "k2_intake_ug_per_day=0:360:4"

static void test_jobs_give_the_same_bytes(void **state)
{
    sweep_env *env = *state;
    char f1[512], f2[512], f3[512], f4[512];
    cs_test_result r = run((const char *[]){SMALL_SWEEP, "--jobs", "1", "-o",
                                            path_for(env, "j1.csv", f1, sizeof f1), NULL});
    assert_run_ok(&r, "jobs 1");
    /* The summary is the only thing on stderr (no progress line: not a terminal). */
    assert_non_null(strstr(r.err, "calcsim: wrote 12 runs (8 failed) to "));
    assert_int_equal(cs_test_count_lines(r.err), 2);
    cs_test_result_free(&r);
    r = run((const char *[]){SMALL_SWEEP, "--jobs", "2", "-q", "-o",
                             path_for(env, "j2.csv", f2, sizeof f2), NULL});
    assert_run_ok(&r, "jobs 2");
    assert_string_equal(r.err, "");
    cs_test_result_free(&r);
    r = run((const char *[]){SMALL_SWEEP, "-j", "3", "-q", "-o",
                             path_for(env, "j3.csv", f3, sizeof f3), NULL});
    assert_run_ok(&r, "jobs 3");
    cs_test_result_free(&r);
    /* Standard output gets the same bytes. */
    r = run_to((const char *[]){SMALL_SWEEP, "--jobs", "2", NULL},
               path_for(env, "stdout.csv", f4, sizeof f4));
    assert_run_ok(&r, "stdout");
    assert_string_equal(r.err, "");
    cs_test_result_free(&r);
    assert_same_file(f1, f2);
    assert_same_file(f1, f3);
    assert_same_file(f1, f4);

    char *csv = cs_test_slurp(f1);
    assert_int_equal(data_rows(csv), 12);
    assert_non_null(strstr(csv, "# runs: 12\n"));
    assert_non_null(strstr(csv, "# design: grid\n"));
    assert_non_null(strstr(csv, "# vary kidney_function = 0.15,0.3,1 1 (grid)\n"));
    assert_non_null(strstr(csv, "# vary k2_intake_ug_per_day = 0:360:4 ug/day (grid)\n"));
    assert_non_null(strstr(csv, "# parameter vessel_growth_per_year = 1.2 1/yr (command line)\n"));
    assert_non_null(strstr(csv, "# parameter kidney_function = 1 1 (varied)\n"));
    assert_non_null(strstr(csv, "\nrun_id,kidney_function,k2_intake_ug_per_day,status,"
                                "bone_ca_g_lost_pct,mgp_carboxylated_pct_mean,"
                                "vessel_ca_mg_doubling_yr,blood_ca_mmol_l_end,"));
    assert_non_null(strstr(csv, "\n1,0.15,0,failed: the solver stopped at day "));
    assert_non_null(strstr(csv, "\n8,0.3,360,failed: "));
    /* The runs that finish are ok (or implausible, should the model ever make them so);
       either way they have metrics. */
    assert_ran(csv, "\n9,1,0,");
    assert_ran(csv, "\n12,1,360,");
    /* A failed run has empty metrics; every row has the header's number of fields. */
    const char *header = strstr(csv, "\nrun_id,") + 1;
    int fields = 1;
    for (const char *p = header; *p != '\n'; p++)
        fields += *p == ',';
    for (const char *p = strchr(header, '\n') + 1; *p; p = strchr(p, '\n') + 1) {
        int n = 1;
        for (const char *q = p; *q != '\n'; q++)
            n += *q == ',';
        assert_int_equal(n, fields);
    }
    free(csv);
}

/* The sweep's row for run_id equals `calcsim run` with the same values: the end values are
 * the last row's, written the same way (%.10g). */
static void test_rows_match_calcsim_run(void **state)
{
    sweep_env *env = *state;
    char f[512], g[512];
    cs_test_result r = run_to((const char *[]){"sweep", "k2_supplement", "--years", "3", "--vary",
                                               "d3_intake_iu_per_day=400,1000", "--metric",
                                               "vessel_ca_mg_end,bone_ca_g_end", NULL},
                              path_for(env, "sw.csv", f, sizeof f));
    assert_run_ok(&r, "sweep");
    cs_test_result_free(&r);
    r = run_to((const char *[]){"run", "k2_supplement", "--years", "3", "--set",
                                "d3_intake_iu_per_day=1000", NULL},
               path_for(env, "run.csv", g, sizeof g));
    assert_run_ok(&r, "run");
    cs_test_result_free(&r);
    char *sw = cs_test_slurp(f), *rn = cs_test_slurp(g);
    const char *last = rn + strlen(rn) - 1;
    while (last > rn && last[-1] != '\n')
        last--;
    /* Columns: t_days, t_years, blood, bone (3), vessel (4). */
    char bone[64], vessel[64], want[160];
    const char *p = last;
    for (int i = 0; i < 3; i++)
        p = strchr(p, ',') + 1;
    snprintf(bone, sizeof bone, "%.*s", (int)strcspn(p, ","), p);
    p = strchr(p, ',') + 1;
    snprintf(vessel, sizeof vessel, "%.*s", (int)strcspn(p, ","), p);
    snprintf(want, sizeof want, "\n2,1000,ok,%s,%s\n", vessel, bone);
    if (!strstr(sw, want))
        fail_msg("no row '%s' in:\n%s", want + 1, strstr(sw, "run_id"));
    free(sw);
    free(rn);
}

static void test_shards_merge_to_the_full_sweep(void **state)
{
    sweep_env *env = *state;
    char full[512], s[3][512], merged[512], part[512];
    cs_test_result r = run((const char *[]){SMALL_SWEEP, "-q", "-o",
                                            path_for(env, "full.csv", full, sizeof full), NULL});
    assert_run_ok(&r, "full");
    cs_test_result_free(&r);
    const char *shards[] = {"1/3", "2/3", "3/3"};
    for (int k = 0; k < 3; k++) {
        r = run((const char *[]){SMALL_SWEEP, "--shard", shards[k], "-q", "-o",
                                 path_for(env, "shard.csv", s[k], sizeof s[k]), NULL});
        assert_run_ok(&r, shards[k]);
        cs_test_result_free(&r);
        char *csv = cs_test_slurp(s[k]);
        assert_int_equal(data_rows(csv), 4);
        assert_non_null(strstr(csv, "# shard: "));
        free(csv);
    }
    /* In any order. */
    r = run((const char *[]){"sweep-merge", s[2], s[0], s[1], "-o",
                             path_for(env, "merged.csv", merged, sizeof merged), NULL});
    assert_run_ok(&r, "merge");
    assert_non_null(strstr(r.err, "merged 3 files, 12 runs (8 failed"));
    cs_test_result_free(&r);
    assert_same_file(full, merged);

    /* A missing shard, a shard twice, and another sweep: exit 2, nothing written. */
    path_for(env, "bad-merge.csv", part, sizeof part);
    r = run((const char *[]){"sweep-merge", s[0], s[2], "-o", part, NULL});
    assert_error_line(&r, 2, "4 of the sweep's 12 runs are missing (run_id 2, 5, 8, 11)",
                      "missing");
    cs_test_result_free(&r);
    r = run((const char *[]){"sweep-merge", s[0], s[1], s[2], s[1], "-o", part, NULL});
    assert_error_line(&r, 2, "run_id 2 is also in ", "duplicate");
    cs_test_result_free(&r);
    char other[512];
    r = run((const char *[]){SMALL_SWEEP, "--years", "1", "--shard", "2/3", "-q", "-o",
                             path_for(env, "other.csv", other, sizeof other), NULL});
    assert_run_ok(&r, "other sweep");
    cs_test_result_free(&r);
    r = run((const char *[]){"sweep-merge", s[0], other, s[2], "-o", part, NULL});
    assert_error_line(&r, 2, "not the same sweep as ", "other sweep");
    assert_non_null(strstr(r.err, "# parameter years = 1 yr"));
    cs_test_result_free(&r);
    r = run((const char *[]){"sweep-merge", "-o", part, NULL});
    assert_error_line(&r, 2, "needs the result files", "no inputs");
    cs_test_result_free(&r);
    assert_int_equal(access(part, F_OK), -1);
}

/* A longer sweep, for the interrupt tests: 240 runs of 5 years. */
#define LONG_SWEEP                                                                                 \
    "sweep", "--years", "5", "--vary", "k2_intake_ug_per_day=0:360:40", "--vary",                  \
        "d3_intake_iu_per_day=400:4000:6"

/* Waits until the file at path holds at least rows data rows (or the process ended). */
static int wait_for_rows(const char *path, int rows, pid_t pid)
{
    for (int i = 0; i < 12000; i++) {
        char *csv = cs_test_read_file(path, NULL);
        int n = csv ? data_rows(csv) : 0;
        free(csv);
        if (n >= rows)
            return n;
        if (waitpid(pid, NULL, WNOHANG) == pid)
            return -1;
        struct timespec ts = {0, 5 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return -1;
}

/* Every line of the file ends in a newline: no torn row. */
static void assert_whole_lines(const char *path)
{
    char *csv = cs_test_slurp(path);
    assert_true(csv[0] == '\0' || csv[strlen(csv) - 1] == '\n');
    free(csv);
}

static void interrupt_and_resume(sweep_env *env, int sig)
{
    char ref[512], f[512];
    cs_test_result r = run(
        (const char *[]){LONG_SWEEP, "-q", "-o", path_for(env, "ref.csv", ref, sizeof ref), NULL});
    assert_run_ok(&r, "reference");
    cs_test_result_free(&r);

    path_for(env, "killed.csv", f, sizeof f);
    cs_test_proc p = start((const char *[]){LONG_SWEEP, "--jobs", "2", "-o", f, NULL}, NULL, NULL);
    int got = wait_for_rows(f, 20, p.pid);
    if (got < 0)
        fail_msg("the sweep ended before it could be interrupted");
    kill(p.pid, sig);
    r = cs_test_finish(&p, 0);
    assert_int_equal(r.signal, sig); /* it dies by the signal, as a shell expects */
    if (sig != SIGKILL) {
        assert_int_equal(cs_test_count_lines(r.err), 1);
        assert_non_null(strstr(r.err, "calcsim: interrupted: "));
        assert_non_null(strstr(r.err, "--resume"));
    }
    cs_test_result_free(&r);
    assert_whole_lines(f);
    char *csv = cs_test_slurp(f);
    int rows = data_rows(csv);
    free(csv);
    if (rows >= 240)
        fail_msg("the sweep finished (%d rows) before the signal; make it longer", rows);

    r = run((const char *[]){LONG_SWEEP, "--jobs", "2", "--resume", "-o", f, NULL});
    assert_run_ok(&r, "resume");
    char want[128];
    snprintf(want, sizeof want, "%d were there already", rows);
    if (!strstr(r.err, want))
        fail_msg("want '%s' in: %s", want, r.err);
    cs_test_result_free(&r);
    assert_same_file(ref, f);
}

static void test_resume_after_sigkill(void **state)
{
    interrupt_and_resume(*state, SIGKILL);
}

static void test_resume_after_sigint(void **state)
{
    interrupt_and_resume(*state, SIGINT);
}

static void test_resume_drops_a_torn_line(void **state)
{
    sweep_env *env = *state;
    char ref[512], f[512];
    cs_test_result r = run(
        (const char *[]){SMALL_SWEEP, "-q", "-o", path_for(env, "ref.csv", ref, sizeof ref), NULL});
    assert_run_ok(&r, "reference");
    cs_test_result_free(&r);
    /* Keep the metadata, 9 rows and half of the 10th: what a kill -9 during a write or a
       full disk can leave. */
    char *csv = cs_test_slurp(ref);
    const char *p = strstr(csv, "\n10,") + 1;
    size_t keep = (size_t)(p - csv) + 25;
    path_for(env, "torn.csv", f, sizeof f);
    FILE *out = fopen(f, "wb");
    fwrite(csv, 1, keep, out);
    fclose(out);
    free(csv);
    r = run((const char *[]){SMALL_SWEEP, "--resume", "-o", f, NULL});
    assert_run_ok(&r, "resume");
    assert_non_null(strstr(r.err, "9 were there already; dropped an unfinished last line"));
    cs_test_result_free(&r);
    assert_same_file(ref, f);

    /* Resuming a complete file does nothing; resuming a missing file starts it. */
    r = run((const char *[]){SMALL_SWEEP, "--resume", "-o", f, NULL});
    assert_run_ok(&r, "resume complete");
    assert_non_null(strstr(r.err, "nothing to do"));
    cs_test_result_free(&r);
    assert_same_file(ref, f);
    char g[512];
    r = run((const char *[]){SMALL_SWEEP, "--resume", "-q", "-o",
                             path_for(env, "new.csv", g, sizeof g), NULL});
    assert_run_ok(&r, "resume new");
    cs_test_result_free(&r);
    assert_same_file(ref, g);

    /* Only the start of the metadata (killed at once): written afresh. */
    csv = cs_test_slurp(ref);
    out = fopen(g, "wb");
    fwrite(csv, 1, 100, out);
    fclose(out);
    free(csv);
    r = run((const char *[]){SMALL_SWEEP, "--resume", "-q", "-o", g, NULL});
    assert_run_ok(&r, "resume metadata only");
    cs_test_result_free(&r);
    assert_same_file(ref, g);
}

static void test_resume_refuses_another_sweep(void **state)
{
    sweep_env *env = *state;
    char f[512], copy[512];
    cs_test_result r = run(
        (const char *[]){SMALL_SWEEP, "-q", "-o", path_for(env, "mine.csv", f, sizeof f), NULL});
    assert_run_ok(&r, "sweep");
    cs_test_result_free(&r);
    char *before = cs_test_slurp(f);
    r = run((const char *[]){"sweep", "baseline", "--years", "2", "--every", "30", "--set",
                             "vessel_growth_per_year=1.2", "--vary", "kidney_function=0.15,0.3,1",
                             "--vary", "k2_intake_ug_per_day=0:360:5", "--resume", "-o", f, NULL});
    assert_error_line(&r, 2,
                      "--resume: the file holds a different sweep: it has '# runs: 12' where "
                      "this command has '# runs: 15'",
                      "other grid");
    cs_test_result_free(&r);
    r = run((const char *[]){SMALL_SWEEP, "--set", "calcium_intake_mg_per_day=800", "--resume",
                             "-o", f, NULL});
    assert_error_line(&r, 2,
                      "'# parameter calcium_intake_mg_per_day = 1000 mg/day' where this "
                      "command has '# parameter calcium_intake_mg_per_day = 800",
                      "other parameter");
    cs_test_result_free(&r);
    r = run(
        (const char *[]){SMALL_SWEEP, "--metric", "bone_ca_g_lost_pct", "--resume", "-o", f, NULL});
    assert_error_line(&r, 2, "its header row", "other metrics");
    cs_test_result_free(&r);
    r = run((const char *[]){SMALL_SWEEP, "--shard", "1/2", "--resume", "-o", f, NULL});
    assert_error_line(&r, 2, "# shard: 1/2", "a shard of it");
    cs_test_result_free(&r);
    /* Without --resume or --force an existing file is not touched; --force replaces it. */
    r = run((const char *[]){SMALL_SWEEP, "--years", "1", "-o", f, NULL});
    assert_error_line(&r, 2, "the file exists; --resume continues", "exists");
    cs_test_result_free(&r);
    char *after = cs_test_slurp(f);
    assert_string_equal(before, after);
    free(after);
    r = run((const char *[]){SMALL_SWEEP, "--resume", "--force", "-o", f, NULL});
    assert_error_line(&r, 2, "not both", "resume and force");
    cs_test_result_free(&r);
    /* Not a sweep file at all. */
    path_for(env, "notes.csv", copy, sizeof copy);
    FILE *out = fopen(copy, "w");
    fputs("a,b\n1,2\n", out);
    fclose(out);
    r = run((const char *[]){SMALL_SWEEP, "--resume", "-o", copy, NULL});
    assert_error_line(&r, 2, "not a calcsim sweep result file", "not a sweep file");
    cs_test_result_free(&r);
    r = run((const char *[]){SMALL_SWEEP, "--years", "1", "--force", "-q", "-o", f, NULL});
    assert_run_ok(&r, "force");
    cs_test_result_free(&r);
    after = cs_test_slurp(f);
    assert_non_null(strstr(after, "# parameter years = 1 yr (command line)"));
    free(after);
    free(before);
}

static void test_series(void **state)
{
    sweep_env *env = *state;
    char f[512], dir[512], run_csv[512], series[600];
    path_for(env, "series", dir, sizeof dir);
    cs_test_result r = run((const char *[]){"sweep", "--years", "1", "--vary",
                                            "k2_intake_ug_per_day=0,90", "--series", dir, "-q",
                                            "-o", path_for(env, "s.csv", f, sizeof f), NULL});
    assert_run_ok(&r, "series");
    cs_test_result_free(&r);
    snprintf(series, sizeof series, "%s/run_2.csv", dir);
    char *csv = cs_test_slurp(series);
    assert_non_null(csv);
    assert_non_null(strstr(csv, "# command: calcsim run baseline --set years=1 --set "
                                "k2_intake_ug_per_day=90\n"));
    assert_non_null(strstr(csv, "# parameter k2_intake_ug_per_day = 90 ug/day (command line)\n"));
    r = run_to((const char *[]){"run", "baseline", "--set", "years=1", "--set",
                                "k2_intake_ug_per_day=90", NULL},
               path_for(env, "run.csv", run_csv, sizeof run_csv));
    assert_run_ok(&r, "run");
    cs_test_result_free(&r);
    /* The same rows as `calcsim run` (the data after the header). */
    char *want = cs_test_slurp(run_csv);
    assert_string_equal(strstr(csv, "\nt_days,"), strstr(want, "\nt_days,"));
    free(want);
    free(csv);
    snprintf(series, sizeof series, "%s/run_1.csv", dir);
    assert_int_equal(access(series, R_OK), 0);
    snprintf(series, sizeof series, "%s/run_3.csv", dir);
    assert_int_equal(access(series, F_OK), -1);
}

/* The first field of csv's row that starts with prefix, after the prefix, up to its comma. */
static void field_after(const char *csv, const char *prefix, char *buf, size_t n)
{
    const char *p = strstr(csv, prefix);
    if (!p)
        fail_msg("no row '%s...'", prefix + 1);
    p += strlen(prefix);
    snprintf(buf, n, "%.*s", (int)strcspn(p, ",\n"), p);
}

/* A sweep with a run that is implausible by arithmetic, whatever the model's equations: a
 * net bone loss of 2 %/yr for 100 years leaves less than half the bone (0.98^100 = 13 %). */
#define BONE_SWEEP                                                                                 \
    "sweep", "--years", "100", "--every", "365.25", "--vary", "age_bone_loss_pct_per_year=0,0.2,2"

/* An implausible run: status "implausible: REASON" (one field, no comma) with its metrics, in
 * its --series file's metadata too; sweep-merge counts it, plot-sweep leaves it out. */
static void test_implausible_runs(void **state)
{
    sweep_env *env = *state;
    char f[512], dir[512], series[600], status[512], metric[64];
    path_for(env, "series", dir, sizeof dir);
    cs_test_result r = run((const char *[]){BONE_SWEEP, "--series", dir, "-q", "-o",
                                            path_for(env, "bone.csv", f, sizeof f), NULL});
    assert_run_ok(&r, "bone sweep");
    assert_string_equal(r.err, ""); /* the rows say it; no warning lines */
    cs_test_result_free(&r);
    char *csv = cs_test_slurp(f);
    assert_non_null(strstr(csv, "\n1,0,ok,"));
    assert_non_null(strstr(csv, "\n2,0.2,ok,"));
    field_after(csv, "\n3,2,", status, sizeof status);
    if (strncmp(status, "implausible: bone calcium ", 26) != 0 ||
        !strstr(status, " is below 50 % of its start (") || !strstr(status, " at day "))
        fail_msg("run 3 has status '%s'", status);
    /* The metrics follow: bone_ca_g_lost_pct is the first; more than half the bone is gone. */
    const char *p = strstr(csv, status) + strlen(status) + 1;
    snprintf(metric, sizeof metric, "%.*s", (int)strcspn(p, ","), p);
    assert_true(strtod(metric, NULL) > 50.0);
    /* Every row has the header's number of fields. */
    const char *header = strstr(csv, "\nrun_id,") + 1;
    int fields = 1;
    for (const char *q = header; *q != '\n'; q++)
        fields += *q == ',';
    for (const char *q = strchr(header, '\n') + 1; *q; q = strchr(q, '\n') + 1) {
        int n = 1;
        for (const char *c = q; *c != '\n'; c++)
            n += *c == ',';
        assert_int_equal(n, fields);
    }

    /* The --series files carry the verdict, in the words of the status. */
    snprintf(series, sizeof series, "%s/run_3.csv", dir);
    char *run3 = cs_test_slurp(series), line[600];
    snprintf(line, sizeof line, "\n# plausibility: %s\n", status);
    assert_non_null(strstr(run3, line));
    free(run3);
    snprintf(series, sizeof series, "%s/run_1.csv", dir);
    char *run1 = cs_test_slurp(series);
    assert_non_null(strstr(run1, "\n# plausibility: ok\n"));
    free(run1);

    /* sweep-merge copies the rows and counts them. */
    char s1[512], s2[512], merged[512];
    r = run((const char *[]){BONE_SWEEP, "--shard", "1/2", "-q", "-o",
                             path_for(env, "b1.csv", s1, sizeof s1), NULL});
    assert_run_ok(&r, "shard 1/2");
    cs_test_result_free(&r);
    r = run((const char *[]){BONE_SWEEP, "--shard", "2/2", "-q", "-o",
                             path_for(env, "b2.csv", s2, sizeof s2), NULL});
    assert_run_ok(&r, "shard 2/2");
    cs_test_result_free(&r);
    r = run((const char *[]){"sweep-merge", s1, s2, "-o",
                             path_for(env, "bm.csv", merged, sizeof merged), NULL});
    assert_run_ok(&r, "merge");
    assert_non_null(strstr(r.err, "merged 2 files, 3 runs (0 failed, 1 implausible), into "));
    cs_test_result_free(&r);
    assert_same_file(f, merged);

    /* plot-sweep draws the two plausible runs and says it left one out. */
    char png[512], keep[512], kept[600];
    path_for(env, "keep-bone", keep, sizeof keep);
    r = run((const char *[]){"plot-sweep", f, "--x", "age_bone_loss_pct_per_year", "--y",
                             "bone_ca_g_lost_pct", "--keep", keep, "-o",
                             path_for(env, "bone.png", png, sizeof png), NULL});
    if (r.status == 4) {
        cs_test_result_free(&r);
        free(csv);
        print_message("gnuplot is not installed: plot-sweep part not tested\n");
        skip();
    }
    assert_run_ok(&r, "plot-sweep");
    assert_non_null(strstr(r.err, "; 2 runs, 1 implausible not shown)"));
    cs_test_result_free(&r);
    snprintf(kept, sizeof kept, "%s/sweep.csv", keep);
    char *data = cs_test_slurp(kept);
    assert_int_equal(data_rows(data), 2);
    free(data);
    snprintf(kept, sizeof kept, "%s/figure.gp", keep);
    data = cs_test_slurp(kept);
    assert_non_null(strstr(data, "; 1 implausible runs not shown"));
    free(data);

    /* Nothing plausible to draw: exit 2, one line. */
    char only[512];
    r = run((const char *[]){"sweep", "--years", "100", "--every", "365.25", "--vary",
                             "age_bone_loss_pct_per_year=2", "-q", "-o",
                             path_for(env, "only.csv", only, sizeof only), NULL});
    assert_run_ok(&r, "one implausible run");
    cs_test_result_free(&r);
    r = run(
        (const char *[]){"plot-sweep", only, "--x", "age_bone_loss_pct_per_year", "-o", png, NULL});
    assert_error_line(&r, 2, "every run in the file failed or is implausible: nothing to draw",
                      "all implausible");
    cs_test_result_free(&r);
    free(csv);
}

static void test_progress_on_a_terminal_only(void **state)
{
    sweep_env *env = *state;
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) {
        print_message("no pseudo-terminal: skipped\n");
        skip();
    }
    char f[512], slave[256];
    snprintf(slave, sizeof slave, "%s", ptsname(master));
    const char *args[] = {LONG_SWEEP, "-o", path_for(env, "tty.csv", f, sizeof f), NULL};
    cs_test_proc p = start(args, NULL, slave);
    char buf[1 << 16];
    size_t n = 0;
    for (;;) { /* read the terminal until the program closes it */
        ssize_t got = read(master, buf + n, sizeof buf - 1 - n);
        if (got <= 0)
            break;
        n += (size_t)got;
    }
    buf[n] = '\0';
    cs_test_result r = cs_test_finish(&p, 0);
    close(master);
    assert_run_ok(&r, "sweep on a terminal");
    cs_test_result_free(&r);
    assert_non_null(strstr(buf, "/240 runs"));
    assert_non_null(strstr(buf, "runs/s, ETA "));
    assert_non_null(strstr(buf, "calcsim: wrote 240 runs"));
    (void)args;
}

static void test_help_documents_every_metric(void **state)
{
    sweep_env *env = *state;
    char out[512];
    cs_test_result r =
        run_to((const char *[]){"help", "sweep", NULL}, path_for(env, "h", out, sizeof out));
    assert_run_ok(&r, "help");
    cs_test_result_free(&r);
    char *help = cs_test_slurp(out);
    for (int i = 0; i < CS_M_PER_COLUMN; i++) {
        const cs_sweep_metric_info *m = cs_sweep_metric_info_at(i);
        char want[128];
        snprintf(want, sizeof want, "%s [%s]", m->name, m->unit);
        if (!strstr(help, want))
            fail_msg("'calcsim help sweep' does not document %s", want);
    }
    for (int c = CS_O_BLOOD_CA; c < CS_NOUTPUT; c++) {
        char want[128];
        snprintf(want, sizeof want, "%s [%s]", cs_output_info_at(c)->name,
                 cs_output_info_at(c)->unit);
        if (!strstr(help, want))
            fail_msg("'calcsim help sweep' does not list column %s", want);
    }
    assert_non_null(strstr(help, "C_end"));
    assert_non_null(strstr(help, "C_change"));
    assert_non_null(strstr(help, "C_min and C_max"));
    assert_non_null(strstr(help, "--shard K/N"));
    free(help);
}

/* Bad input that tests/cases/invalid/ cannot express (it needs a file made first) or that
 * this file checks in bulk: each one line and exit status 2, and no file left behind. */
static void test_bad_input(void **state)
{
    sweep_env *env = *state;
    char f[512];
    path_for(env, "never.csv", f, sizeof f);
    static const struct {
        const char *args[16];
        const char *text;
    } cases[] = {
        {{"sweep", NULL}, "needs at least one --vary"},
        {{"sweep", "--vary", "k2_intake_ug_per_day=0:360", NULL}, "needs --samples N"},
        {{"sweep", "--vary", "k2_intake_ug_per_day=0:360:3", "--samples", "4", NULL},
         "--samples needs at least one --vary NAME=FROM:TO"},
        {{"sweep", "--vary", "k2_intake_ug_per_day=0:360:3", "--seed", "4", NULL},
         "--seed only makes sense with --samples"},
        {{"sweep", "--vary", "k2_intake_ug_per_day=0:360", "--samples", "0", NULL},
         "--samples needs a whole number from 1 to 1000000, got '0'"},
        {{"sweep", "--log", "--vary", "k2_intake_ug_per_day=1:360:3", NULL},
         "--log applies to the --vary before it"},
        {{"sweep", "--vary", "k2_intake_ug_per_day=0:360:3", "--log", NULL},
         "log spacing needs a range above 0"},
        {{"sweep", "--vary", "k2_intake_ug_per_day=0:360:3", "--set", "k2_intake_ug_per_day=5",
          NULL},
         "k2_intake_ug_per_day is both varied (--vary) and set (--set)"},
        {{"sweep", "--vary", "years=1,2", "--years", "3", NULL}, "both varied"},
        {{"sweep", "--vary", "years=1,2", "--vary", "years=3,4", NULL}, "years is varied twice"},
        {{"sweep", "--vary", "years=0.01,1", NULL},
         "run_id 1 (years = 0.01): output_every_days = 7 d is longer than the run"},
        {{"sweep", "--vary", "years=1,2", "--metric", "vessel_ca", NULL},
         "unknown metric 'vessel_ca'"},
        {{"sweep", "--vary", "years=1,2", "--metric", "bone_ca_g_lost_pct,bone_ca_g_lost_pct",
          NULL},
         "asked for twice"},
        {{"sweep", "--vary", "years=1,2", "--jobs", "0", NULL}, "--jobs needs a whole number"},
        {{"sweep", "--vary", "years=1,2", "--resume", NULL}, "--resume needs -o FILE"},
        {{"sweep", "--vary", "years=1,2", "-o", "/no/such/dir/x.csv", NULL},
         "the directory does not exist"},
        {{"sweep", "--vary", "years=1,2", "--series", "/no/such/dir/s", NULL},
         "--series: cannot create the directory"},
        {{"sweep", "no_such_scenario", "--vary", "years=1,2", NULL}, "no_such_scenario"},
        {{"sweep-merge", "/no/such/file.csv", NULL}, "cannot open"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *args[20];
        int n = 0;
        for (; cases[i].args[n]; n++)
            args[n] = cases[i].args[n];
        int with_output = strcmp(args[0], "sweep") == 0 && !strstr(cases[i].text, "-o FILE") &&
                          !strstr(cases[i].text, "directory does not exist");
        if (with_output) {
            args[n++] = "-o";
            args[n++] = f;
        }
        args[n] = NULL;
        cs_test_result r = run(args);
        char what[64];
        snprintf(what, sizeof what, "case %zu", i);
        assert_error_line(&r, 2, cases[i].text, what);
        cs_test_result_free(&r);
        assert_int_equal(access(f, F_OK), -1);
    }
}

/* ---- plot-sweep ------------------------------------------------------------------------ */

/* Returns 1 when the file at path starts with the bytes magic. */
static int starts_with(const char *path, const char *magic, size_t n)
{
    char buf[16] = "";
    FILE *f = fopen(path, "rb");
    size_t got = f ? fread(buf, 1, n, f) : 0;
    if (f)
        fclose(f);
    return got == n && memcmp(buf, magic, n) == 0;
}

/* Makes the result files the figures are drawn from; skips when gnuplot is missing. */
static void plot_inputs(sweep_env *env, char *grid, char *lhs, char *three, size_t n)
{
    cs_test_result r = run((const char *[]){"sweep", "--years", "1", "--every", "30", "--vary",
                                            "k2_intake_ug_per_day=0:360:5", "--vary",
                                            "d3_intake_iu_per_day=100:10000:3", "--log", "-q", "-o",
                                            path_for(env, "grid.csv", grid, n), NULL});
    assert_run_ok(&r, "grid");
    cs_test_result_free(&r);
    r = run((const char *[]){"sweep", "--years", "1", "--every", "30", "--vary",
                             "k2_intake_ug_per_day=0:360", "--vary",
                             "calcium_intake_mg_per_day=500:1500", "--samples", "20", "-q", "-o",
                             path_for(env, "lhs.csv", lhs, n), NULL});
    assert_run_ok(&r, "lhs");
    cs_test_result_free(&r);
    r = run((const char *[]){"sweep", "--years", "1", "--every", "30", "--vary",
                             "k2_intake_ug_per_day=0:360:3", "--vary",
                             "d3_intake_iu_per_day=400,4000", "--vary", "kidney_function=0.5,1",
                             "-q", "-o", path_for(env, "three.csv", three, n), NULL});
    assert_run_ok(&r, "three");
    cs_test_result_free(&r);
}

static void test_plot_sweep(void **state)
{
    sweep_env *env = *state;
    char grid[512], lhs[512], three[512], png[512], svg[512], pdf[512], keep[512], text[512];
    plot_inputs(env, grid, lhs, three, sizeof grid);
    cs_test_result r = run((const char *[]){"plot-sweep", grid, "--x", "k2_intake_ug_per_day",
                                            "--group", "d3_intake_iu_per_day", "-o",
                                            path_for(env, "lines.png", png, sizeof png), NULL});
    if (r.status == 4) {
        cs_test_result_free(&r);
        print_message("gnuplot is not installed: plot-sweep not tested\n");
        skip();
    }
    assert_run_ok(&r, "lines");
    assert_non_null(strstr(r.err, "lines of vessel_ca_mg_change against k2_intake_ug_per_day, "
                                  "3 lines by d3_intake_iu_per_day; 15 runs"));
    cs_test_result_free(&r);
    assert_true(starts_with(png, "\x89PNG", 4));

    /* Two parameters without --group: a heatmap of the grid; of a hypercube: points. */
    path_for(env, "keep", keep, sizeof keep);
    r = run((const char *[]){"plot-sweep", grid, "--x", "d3_intake_iu_per_day", "--y",
                             "bone_ca_g_lost_pct", "--keep", keep, "-q", "-o",
                             path_for(env, "heat.svg", svg, sizeof svg), NULL});
    assert_run_ok(&r, "heatmap");
    assert_string_equal(r.err, "");
    cs_test_result_free(&r);
    assert_true(starts_with(svg, "<?xml", 5));
    char kept[600];
    snprintf(kept, sizeof kept, "%s/sweep.csv", keep);
    char *data = cs_test_slurp(kept);
    assert_non_null(strstr(data, "\nx,y,value,x_lo,x_hi,y_lo,y_hi\n"));
    /* The log axis 100, 1000, 10000: the cell of 1000 reaches from sqrt(1e5) to sqrt(1e7);
       on the linear axis 0, 90, ... the cell of 0 from -45 to 45. */
    assert_non_null(strstr(data, ",316.227766,3162.27766,-45,45\n"));
    free(data);
    snprintf(kept, sizeof kept, "%s/figure.gp", keep);
    data = cs_test_slurp(kept);
    assert_non_null(strstr(data, "ylabel = 'vitamin K2 intake [ug/day]'"));
    assert_non_null(strstr(data, "zlabel = 'bone calcium lost [%]'"));
    assert_non_null(strstr(data, "xlog = 1"));
    assert_non_null(strstr(data, "call here . 'sweep_heatmap.gp' (here . 'sweep.csv') out"));
    free(data);
    r = run((const char *[]){"plot-sweep", lhs, "--x", "k2_intake_ug_per_day", "-q", "-o",
                             path_for(env, "points.pdf", pdf, sizeof pdf), NULL});
    assert_run_ok(&r, "points");
    cs_test_result_free(&r);
    assert_true(starts_with(pdf, "%PDF", 4));

    /* Lines in the terminal; one fixed parameter may be left out of the figure. */
    r = run_to((const char *[]){"plot-sweep", three, "--x", "k2_intake_ug_per_day", "--group",
                                "kidney_function", "--term", NULL},
               path_for(env, "term.txt", text, sizeof text));
    assert_error_line(&r, 2, "the sweep also varies d3_intake_iu_per_day (400, 4000, ...)",
                      "three varied");
    cs_test_result_free(&r);
    r = run_to((const char *[]){"plot-sweep", grid, "--x", "k2_intake_ug_per_day", "--group",
                                "d3_intake_iu_per_day", "--term", NULL},
               text);
    assert_run_ok(&r, "term");
    cs_test_result_free(&r);
    data = cs_test_slurp(text);
    assert_non_null(strstr(data, "vitamin K2 intake [ug/day]"));
    assert_non_null(strstr(data, "Educational toy model - not medical advice"));
    free(data);
}

/* The width and height of the PNG at path (its IHDR), 0 x 0 when it is none. */
static void png_size(const char *path, unsigned *w, unsigned *h)
{
    unsigned char b[24] = {0};
    FILE *f = fopen(path, "rb");
    size_t got = f ? fread(b, 1, sizeof b, f) : 0;
    if (f)
        fclose(f);
    *w = *h = 0;
    if (got == sizeof b && memcmp(b, "\x89PNG", 4) == 0) {
        *w = (unsigned)b[16] << 24 | (unsigned)b[17] << 16 | (unsigned)b[18] << 8 | b[19];
        *h = (unsigned)b[20] << 24 | (unsigned)b[21] << 16 | (unsigned)b[22] << 8 | b[23];
    }
}

/* Asserts that a text drawing fits cols x lines (gnuplot's leading form feed aside) and
 * shows the whole disclaimer and the legend of the grid sweep. */
static void assert_fits(const char *text, int cols, int lines, const char *what)
{
    int n = 0;
    for (const char *p = text; *p; n++) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        size_t skip = p == text && *p == '\f';
        if ((int)(len - skip) > cols)
            fail_msg("%s: line %d has %zu columns, more than %d:\n%s", what, n + 1, len - skip,
                     cols, text);
        p = nl ? nl + 1 : p + len;
    }
    if (n > lines)
        fail_msg("%s: %d lines, more than %d:\n%s", what, n, lines, text);
    if (!strstr(text, "Educational toy model - not medical advice"))
        fail_msg("%s: the disclaimer is not whole:\n%s", what, text);
    if (!strstr(text, "vitamin D3 intake (diet):") || !strstr(text, "100 IU/day") ||
        !strstr(text, "1000 IU/day") || !strstr(text, "10000 IU/day"))
        fail_msg("%s: the legend is not whole:\n%s", what, text);
    if (!strstr(text, "vitamin K2 intake [ug/day]"))
        fail_msg("%s: no x label:\n%s", what, text);
}

/* --term fits 80 x 24 by default (standard output is no terminal here) and --size WxH;
 * --size for a file is pixels; --keep DIR/ (a new directory, trailing slash) keeps files
 * whose figure.gp redraws the same drawing. */
static void test_plot_sweep_size(void **state)
{
    sweep_env *env = *state;
    char grid[512], lhs[512], three[512], text[512], keep[512], png[512], again[512];
    char driver[600];
    plot_inputs(env, grid, lhs, three, sizeof grid);
    static const char *const k2 = "k2_intake_ug_per_day", *d3 = "d3_intake_iu_per_day";
    cs_test_result r =
        run_to((const char *[]){"plot-sweep", grid, "--x", k2, "--group", d3, "--term", "-q", NULL},
               path_for(env, "default.txt", text, sizeof text));
    if (r.status == 4) {
        cs_test_result_free(&r);
        print_message("gnuplot is not installed: plot-sweep --size not tested\n");
        skip();
    }
    assert_run_ok(&r, "--term");
    cs_test_result_free(&r);
    char *data = cs_test_slurp(text);
    assert_fits(data, 80, 24, "--term");
    free(data);
    static const struct {
        const char *size;
        int cols, lines;
    } sizes[] = {{"80x24", 80, 24}, {"100x30", 100, 30}, {"60x20", 60, 20}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        path_for(env, "keep/", keep, sizeof keep); /* a new directory, with a slash */
        r = run_to((const char *[]){"plot-sweep", grid, "--x", k2, "--group", d3, "--term",
                                    "--size", sizes[i].size, "--keep", keep, NULL},
                   path_for(env, "size.txt", text, sizeof text));
        assert_run_ok(&r, sizes[i].size);
        cs_test_result_free(&r);
        data = cs_test_slurp(text);
        assert_fits(data, sizes[i].cols, sizes[i].lines, sizes[i].size);
        /* The kept driver draws the same text again. */
        snprintf(driver, sizeof driver, "%sfigure.gp", keep);
        cs_test_cmd redraw = {.program = "gnuplot",
                              .args = (const char *const[]){driver, NULL},
                              .out_path = path_for(env, "again.txt", again, sizeof again)};
        r = cs_test_exec(&redraw);
        assert_int_equal(r.status, 0);
        cs_test_result_free(&r);
        char *redrawn = cs_test_slurp(again);
        assert_string_equal(redrawn, data);
        free(redrawn);
        free(data);
    }
    /* Without --term, --size is the PNG's size in pixels; the kept figure.gp redraws it at
       that size. */
    path_for(env, "keep-png/", keep, sizeof keep);
    r = run((const char *[]){"plot-sweep", grid, "--x", k2, "--group", d3, "--size", "800x500",
                             "--keep", keep, "-q", "-o", path_for(env, "s.png", png, sizeof png),
                             NULL});
    assert_run_ok(&r, "--size 800x500");
    cs_test_result_free(&r);
    unsigned w, h;
    png_size(png, &w, &h);
    assert_int_equal(w, 800);
    assert_int_equal(h, 500);
    snprintf(driver, sizeof driver, "%sfigure.gp", keep);
    cs_test_cmd redraw = {.program = "gnuplot",
                          .args = (const char *const[]){
                              "-c", driver, path_for(env, "again.png", again, sizeof again), NULL}};
    r = cs_test_exec(&redraw);
    assert_int_equal(r.status, 0);
    cs_test_result_free(&r);
    png_size(again, &w, &h);
    assert_int_equal(w, 800);
    assert_int_equal(h, 500);
}

/* The metric names of calcsim 0.1.0 still work, with one warning line that names the new
 * name; result files use the new names. */
static void test_old_metric_names(void **state)
{
    sweep_env *env = *state;
    char f[512], png[512];
    cs_test_result r = run((const char *[]){"sweep", "--years", "1", "--every", "30", "--vary",
                                            "k2_intake_ug_per_day=0,100", "--metric",
                                            "vessel_ca_accrued_mg,bone_lost_pct", "-q", "-o",
                                            path_for(env, "old.csv", f, sizeof f), NULL});
    assert_run_ok(&r, "sweep --metric with old names");
    assert_int_equal(cs_test_count_lines(r.err), 2);
    assert_non_null(strstr(r.err, "calcsim: warning: --metric: metric vessel_ca_accrued_mg is "
                                  "now called vessel_ca_mg_change (renamed in calcsim 0.2.0"));
    assert_non_null(strstr(r.err, "calcsim: warning: --metric: metric bone_lost_pct is now "
                                  "called bone_ca_g_lost_pct"));
    cs_test_result_free(&r);
    char *csv = cs_test_slurp(f);
    assert_non_null(strstr(csv, "\nrun_id,k2_intake_ug_per_day,status,vessel_ca_mg_change,"
                                "bone_ca_g_lost_pct\n"));
    free(csv);
    r = run((const char *[]){"plot-sweep", f, "--x", "k2_intake_ug_per_day", "--y",
                             "vessel_ca_doubling_yr", "-q", "-o",
                             path_for(env, "old.png", png, sizeof png), NULL});
    if (r.status == 4) {
        cs_test_result_free(&r);
        print_message("gnuplot is not installed: plot-sweep --y OLD not tested\n");
        skip();
    }
    /* The file has no doubling time: the new name in the error, after the one warning. */
    assert_int_equal(r.status, 2);
    assert_int_equal(cs_test_count_lines(r.err), 2);
    assert_non_null(strstr(r.err, "--y: metric vessel_ca_doubling_yr is now called "
                                  "vessel_ca_mg_doubling_yr"));
    assert_non_null(strstr(r.err, "--y vessel_ca_mg_doubling_yr: the file has no such metric"));
    cs_test_result_free(&r);
    r = run((const char *[]){"plot-sweep", f, "--x", "k2_intake_ug_per_day", "--y", "bone_lost_pct",
                             "-q", "-o", png, NULL});
    assert_run_ok(&r, "plot-sweep --y bone_lost_pct");
    assert_int_equal(cs_test_count_lines(r.err), 1);
    assert_non_null(strstr(r.err, "is now called bone_ca_g_lost_pct"));
    cs_test_result_free(&r);
}

static void test_plot_sweep_bad_input(void **state)
{
    sweep_env *env = *state;
    char grid[512], lhs[512], three[512], f[512], many[512];
    plot_inputs(env, grid, lhs, three, sizeof grid);
    path_for(env, "never.png", f, sizeof f);
    cs_test_result r = run((const char *[]){"sweep", "--years", "1", "--every", "30", "--vary",
                                            "k2_intake_ug_per_day=0:360:2", "--vary",
                                            "d3_intake_iu_per_day=100:1000:9", "-q", "-o",
                                            path_for(env, "many.csv", many, sizeof many), NULL});
    assert_run_ok(&r, "nine groups");
    cs_test_result_free(&r);
    static const char *const k2 = "k2_intake_ug_per_day", *d3 = "d3_intake_iu_per_day";
    const struct {
        const char *args[12];
        const char *text;
    } cases[] = {
        {{"plot-sweep", "--x", k2, NULL}, "plot-sweep needs a result file"},
        {{"plot-sweep", grid, NULL}, "plot-sweep needs --x NAME"},
        {{"plot-sweep", grid, "--x", "years", NULL},
         "--x years: not a varied parameter of this sweep; it varies k2_intake_ug_per_day, "
         "d3_intake_iu_per_day"},
        {{"plot-sweep", grid, "--x", k2, "--group", "years", NULL},
         "--group years: not a varied parameter"},
        {{"plot-sweep", grid, "--x", k2, "--group", k2, NULL}, "--group must differ from --x"},
        {{"plot-sweep", grid, "--x", k2, "--y", "vessel_ca", NULL},
         "--y vessel_ca: the file has no such metric column"},
        {{"plot-sweep", three, "--x", k2, NULL}, "the sweep varies 3 parameters: give --group"},
        {{"plot-sweep", many, "--x", k2, "--group", d3, NULL},
         "--group d3_intake_iu_per_day has 9 values; one figure holds at most 8 lines"},
        {{"plot-sweep", grid, "--x", k2, "--term", NULL}, "--term draws line plots only"},
        {{"plot-sweep", grid, "--x", k2, "-o", "figure.gif", NULL},
         "cannot tell the format of -o figure.gif"},
        {{"plot-sweep", "/no/such/results.csv", "--x", k2, NULL}, "cannot open"},
        {{"plot-sweep", CALCSIM_MODELS_DIR "/baseline.ini", "--x", k2, NULL},
         "not a calcsim sweep result file"},
        {{"plot-sweep", grid, "--x", k2, "--group", d3, "--size", "80", NULL},
         "--size '80': a size is WIDTHxHEIGHT"},
        {{"plot-sweep", grid, "--x", k2, "--group", d3, "--size", "80x24", NULL},
         "--size 80x24: a figure file is 200x200 to 10000x10000 pixels"},
        {{"plot-sweep", grid, "--x", k2, "--group", d3, "--term", "--size", "30x10", NULL},
         "--size 30x10: a text drawing is 40x12 to 1000x1000 characters"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *args[16];
        int n = 0;
        for (; cases[i].args[n]; n++)
            args[n] = cases[i].args[n];
        int has_o = 0;
        for (int k = 0; k < n; k++)
            has_o |= strcmp(args[k], "-o") == 0;
        if (!has_o) {
            args[n++] = "-o";
            args[n++] = f;
        }
        args[n] = NULL;
        r = run(args);
        char what[64];
        snprintf(what, sizeof what, "plot-sweep case %zu", i);
        assert_error_line(&r, 2, cases[i].text, what);
        cs_test_result_free(&r);
        assert_int_equal(access(f, F_OK), -1);
    }
    /* Without gnuplot: exit status 4 and one line, as for `calcsim plot`. */
    setenv("CALCSIM_GNUPLOT", "/no/such/gnuplot", 1);
    r = run((const char *[]){"plot-sweep", grid, "--x", k2, "-o", f, NULL});
    unsetenv("CALCSIM_GNUPLOT");
    assert_int_equal(r.status, 4);
    assert_int_equal(cs_test_count_lines(r.err), 1);
    assert_non_null(strstr(r.err, "calcsim: gnuplot not found"));
    cs_test_result_free(&r);
}

/* See SMALL_SWEEP: its failing runs come from a solver capped at 17 steps per interval. */
static int cap_solver(void **state)
{
    (void)state;
    return setenv("CALCSIM_SOLVER_NMAX", "17", 1);
}

static int uncap_solver(void **state)
{
    (void)state;
    return unsetenv("CALCSIM_SOLVER_NMAX");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grid_values),
        cmocka_unit_test(test_grid_log_and_rounding),
        cmocka_unit_test(test_lhs_stratification),
        cmocka_unit_test(test_lhs_reproducible),
        cmocka_unit_test(test_design_errors),
        cmocka_unit_test(test_metric_names),
        cmocka_unit_test(test_param_labels),
        cmocka_unit_test(test_cohort_old_outcome_name),
        cmocka_unit_test(test_metrics_by_hand),
        cmocka_unit_test(test_metrics_of_a_run),
        cmocka_unit_test_setup_teardown(test_jobs_give_the_same_bytes, cap_solver, uncap_solver),
        cmocka_unit_test(test_rows_match_calcsim_run),
        cmocka_unit_test_setup_teardown(test_shards_merge_to_the_full_sweep, cap_solver,
                                        uncap_solver),
        cmocka_unit_test(test_resume_after_sigkill),
        cmocka_unit_test(test_resume_after_sigint),
        cmocka_unit_test_setup_teardown(test_resume_drops_a_torn_line, cap_solver, uncap_solver),
        cmocka_unit_test_setup_teardown(test_resume_refuses_another_sweep, cap_solver,
                                        uncap_solver),
        cmocka_unit_test(test_series),
        cmocka_unit_test(test_implausible_runs),
        cmocka_unit_test(test_progress_on_a_terminal_only),
        cmocka_unit_test(test_help_documents_every_metric),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_plot_sweep),
        cmocka_unit_test(test_plot_sweep_bad_input),
        cmocka_unit_test(test_plot_sweep_size),
        cmocka_unit_test(test_old_metric_names),
    };
    return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
