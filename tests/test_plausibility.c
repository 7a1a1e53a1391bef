/*
 * test_plausibility.c - the plausibility checker (calcsim/plausibility.h) and its use by the
 * simulation (cs_sim_implausible()).
 *
 * The checker is tested on synthetic rows, so that these tests do not depend on which
 * parameter values make the model misbehave (the model changes; the bounds do not): every
 * bound on both sides of its edge, the order of the checks within a row, the first
 * violation winning across rows with its time, the negative-pool slack, the reason text
 * (also under a comma-decimal locale), truncation and NULL arguments. The simulation is
 * tested against an oracle: a run is checked by cs_sim_run(), and the same rows, kept in
 * memory, by a plain loop over the bounds; both must name the same first row. The one model
 * run that must be implausible is one that is implausible by arithmetic, whatever the
 * equations: a net bone loss of 2 %/yr for 100 years leaves less than half the bone.
 */
#include "testutil.h"

#include <locale.h>
#include <math.h>
#include <string.h>

/* A plausible row: the reference adult, roughly, at time t [d]. */
static void plain_row(double row[CS_NOUTPUT], double t)
{
    for (int i = 0; i < CS_NOUTPUT; i++)
        row[i] = 1.385 + i / 7.0; /* positive, finite, not special */
    row[CS_O_T_DAYS] = t;
    row[CS_O_T_YEARS] = t / CS_DAYS_PER_YEAR;
    row[CS_O_BLOOD_CA] = 2.385;
    row[CS_O_BONE_CA] = 1000.0;
    row[CS_O_ABSORBED_FRACTION] = 0.3125;
}

/* Plausible calcium pools [mmol]; the other states are irrelevant to the checks. */
static void plain_state(double y[CS_NSTATE])
{
    for (int i = 0; i < CS_NSTATE; i++)
        y[i] = 0.5;
    y[CS_Y_ECF_CA] = 33.6;
    y[CS_Y_EXCH_CA] = 98.3;
    y[CS_Y_BONE_CA] = 24850.0;
    y[CS_Y_VESSEL_CA] = 1.2475;
}

/* Checks the row at t = 0 (bone 1000 g) and then row; returns pl's kind afterwards. */
static cs_plausibility_kind after(const double row[], const double y[], cs_plausibility *pl)
{
    double first[CS_NOUTPUT];
    plain_row(first, 0.0);
    cs_plausibility_reset(pl);
    assert_int_equal(cs_plausibility_check_row(pl, first, NULL), 0);
    cs_plausibility_check_row(pl, row, y);
    assert_int_equal(pl->rows, 2);
    return pl->kind;
}

/* One column set to value in an otherwise plausible row at day 7.5; returns the kind. */
static cs_plausibility_kind with_column(int col, double value, cs_plausibility *pl)
{
    double row[CS_NOUTPUT];
    plain_row(row, 7.5);
    row[col] = value;
    return after(row, NULL, pl);
}

static void test_plain_rows_pass(void **state)
{
    (void)state;
    cs_plausibility pl;
    double row[CS_NOUTPUT], y[CS_NSTATE];
    plain_state(y);
    cs_plausibility_reset(&pl);
    for (int i = 0; i < 5; i++) {
        plain_row(row, 7.0 * i);
        assert_int_equal(cs_plausibility_check_row(&pl, row, i % 2 ? y : NULL), 0);
    }
    assert_int_equal(pl.rows, 5);
    assert_int_equal(pl.kind, CS_PLAUSIBLE);
    assert_int_equal(cs_plausibility_failed(&pl), 0);
    assert_true(pl.bone_start_g == 1000.0);
    char buf[64];
    assert_string_equal(cs_plausibility_reason(&pl, buf, sizeof buf), "plausible");
}

/* Each bound: just inside passes, just outside fails and is named, with value and bound. */
static void test_each_bound(void **state)
{
    (void)state;
    cs_plausibility pl;
    const struct {
        int col;
        double inside, outside;
        cs_plausibility_kind kind;
        double bound;
    } cases[] = {
        {CS_O_BLOOD_CA, CS_PLAUSIBLE_BLOOD_CA_MIN_MMOL_L, 1.49, CS_IMPLAUSIBLE_BLOOD_CA_LOW,
         CS_PLAUSIBLE_BLOOD_CA_MIN_MMOL_L},
        {CS_O_BLOOD_CA, CS_PLAUSIBLE_BLOOD_CA_MAX_MMOL_L, 3.51, CS_IMPLAUSIBLE_BLOOD_CA_HIGH,
         CS_PLAUSIBLE_BLOOD_CA_MAX_MMOL_L},
        {CS_O_ABSORBED_FRACTION, CS_PLAUSIBLE_ABSORBED_FRACTION_MAX, 1.0001,
         CS_IMPLAUSIBLE_ABSORBED_FRACTION, CS_PLAUSIBLE_ABSORBED_FRACTION_MAX},
        {CS_O_BONE_CA, 10.0 * CS_PLAUSIBLE_BONE_CA_MIN_PCT, 499.9, CS_IMPLAUSIBLE_BONE_CA_LOW,
         10.0 * CS_PLAUSIBLE_BONE_CA_MIN_PCT},
        {CS_O_BONE_CA, 10.0 * CS_PLAUSIBLE_BONE_CA_MAX_PCT, 1500.1, CS_IMPLAUSIBLE_BONE_CA_HIGH,
         10.0 * CS_PLAUSIBLE_BONE_CA_MAX_PCT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (with_column(cases[i].col, cases[i].inside, &pl) != CS_PLAUSIBLE)
            fail_msg("case %zu: %.10g is inside the bound", i, cases[i].inside);
        if (with_column(cases[i].col, cases[i].outside, &pl) != cases[i].kind)
            fail_msg("case %zu: %.10g gave kind %d", i, cases[i].outside, (int)pl.kind);
        assert_int_equal(cs_plausibility_failed(&pl), 1);
        assert_int_equal(pl.index, cases[i].col);
        assert_true(pl.value == cases[i].outside);
        assert_close(pl.bound, cases[i].bound, 1e-12, 0, "bound");
        assert_true(pl.t_days == 7.5);
    }
}

static void test_not_finite(void **state)
{
    (void)state;
    cs_plausibility pl;
    const double bad[] = {NAN, INFINITY, -INFINITY};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        for (int col = CS_O_BLOOD_CA; col < CS_NOUTPUT; col++) {
            assert_int_equal(with_column(col, bad[i], &pl), CS_IMPLAUSIBLE_NOT_FINITE);
            assert_int_equal(pl.index, col);
        }
    char buf[128];
    with_column(CS_O_PTH, NAN, &pl);
    cs_plausibility_reason(&pl, buf, sizeof buf);
    assert_non_null(strstr(buf, "pth_rel is not a finite number (nan) at day 7.5"));
}

static void test_negative_pools(void **state)
{
    (void)state;
    const int pools[] = {CS_Y_ECF_CA, CS_Y_EXCH_CA, CS_Y_BONE_CA, CS_Y_VESSEL_CA};
    cs_plausibility pl;
    double row[CS_NOUTPUT], y[CS_NSTATE];
    plain_row(row, 14.0);
    for (size_t i = 0; i < sizeof pools / sizeof pools[0]; i++) {
        plain_state(y);
        y[pools[i]] = 0.0; /* empty is fine */
        assert_int_equal(after(row, y, &pl), CS_PLAUSIBLE);
        y[pools[i]] = -0.5 * CS_PLAUSIBLE_POOL_SLACK_MMOL; /* solver noise is fine */
        assert_int_equal(after(row, y, &pl), CS_PLAUSIBLE);
        y[pools[i]] = -2.385e-3;
        assert_int_equal(after(row, y, &pl), CS_IMPLAUSIBLE_NEGATIVE_POOL);
        assert_int_equal(pl.index, pools[i]);
        assert_true(pl.value == -2.385e-3);
        y[pools[i]] = NAN;
        assert_int_equal(after(row, y, &pl), CS_IMPLAUSIBLE_NEGATIVE_POOL);
    }
    /* Other states may be anything; without states the pools are not checked. */
    plain_state(y);
    y[CS_Y_PTH] = -1.0;
    assert_int_equal(after(row, y, &pl), CS_PLAUSIBLE);
    assert_int_equal(after(row, NULL, &pl), CS_PLAUSIBLE);
    char buf[128];
    y[CS_Y_VESSEL_CA] = -0.0125;
    after(row, y, &pl);
    assert_string_equal(cs_plausibility_reason(&pl, buf, sizeof buf),
                        "vessel-wall calcium is negative (-0.0125 mmol) at day 14 (year 0.0383)");
}

/* Within one row the documented order decides which bound is named. */
static void test_order_within_a_row(void **state)
{
    (void)state;
    cs_plausibility pl;
    double row[CS_NOUTPUT], y[CS_NSTATE];
    plain_row(row, 30.0);
    plain_state(y);
    row[CS_O_BLOOD_CA] = 0.77;
    row[CS_O_ABSORBED_FRACTION] = 6.75;
    row[CS_O_BONE_CA] = 100.0;
    assert_int_equal(after(row, y, &pl), CS_IMPLAUSIBLE_BLOOD_CA_LOW);
    y[CS_Y_BONE_CA] = -1.0;
    assert_int_equal(after(row, y, &pl), CS_IMPLAUSIBLE_NEGATIVE_POOL);
    row[CS_O_URINE] = NAN;
    assert_int_equal(after(row, y, &pl), CS_IMPLAUSIBLE_NOT_FINITE);
    plain_row(row, 30.0);
    row[CS_O_ABSORBED_FRACTION] = 6.75;
    row[CS_O_BONE_CA] = 100.0;
    assert_int_equal(after(row, NULL, &pl), CS_IMPLAUSIBLE_ABSORBED_FRACTION);
}

/* Across rows the earliest violation wins and keeps its time; later rows are counted. */
static void test_first_violation_wins(void **state)
{
    (void)state;
    cs_plausibility pl;
    double row[CS_NOUTPUT];
    cs_plausibility_reset(&pl);
    plain_row(row, 0.0);
    assert_int_equal(cs_plausibility_check_row(&pl, row, NULL), 0);
    plain_row(row, 7.0);
    assert_int_equal(cs_plausibility_check_row(&pl, row, NULL), 0);
    plain_row(row, 312.0);
    row[CS_O_BLOOD_CA] = 1.21;
    assert_int_equal(cs_plausibility_check_row(&pl, row, NULL), 1);
    plain_row(row, 319.0);
    row[CS_O_ABSORBED_FRACTION] = 2.0;
    row[CS_O_BLOOD_CA] = 0.5;
    assert_int_equal(cs_plausibility_check_row(&pl, row, NULL), 1); /* still 1: sticky */
    plain_row(row, 326.0);
    assert_int_equal(cs_plausibility_check_row(&pl, row, NULL), 1);
    assert_int_equal(pl.rows, 5);
    assert_int_equal(pl.kind, CS_IMPLAUSIBLE_BLOOD_CA_LOW);
    assert_true(pl.t_days == 312.0);
    assert_true(pl.value == 1.21);
    char buf[160];
    assert_string_equal(cs_plausibility_reason(&pl, buf, sizeof buf),
                        "blood calcium 1.21 mmol/L is below 1.5 mmol/L at day 312 (year 0.854)");
    /* reset starts over. */
    cs_plausibility_reset(&pl);
    assert_int_equal(pl.rows, 0);
    assert_int_equal(cs_plausibility_failed(&pl), 0);
    assert_true(isnan(pl.bone_start_g));
}

/* The bone bounds are relative to the first row checked, whatever its time and value. */
static void test_bone_reference_is_the_first_row(void **state)
{
    (void)state;
    cs_plausibility pl;
    double row[CS_NOUTPUT];
    cs_plausibility_reset(&pl);
    plain_row(row, 0.0);
    row[CS_O_BONE_CA] = 700.0;
    cs_plausibility_check_row(&pl, row, NULL);
    plain_row(row, 3652.5);
    row[CS_O_BONE_CA] = 351.0; /* > 350: fine against 700, not against 1000 */
    assert_int_equal(cs_plausibility_check_row(&pl, row, NULL), 0);
    row[CS_O_BONE_CA] = 349.9;
    assert_int_equal(cs_plausibility_check_row(&pl, row, NULL), 1);
    assert_true(pl.bound == 350.0);
    char buf[160];
    assert_string_equal(cs_plausibility_reason(&pl, buf, sizeof buf),
                        "bone calcium 349.9 g is below 50 % of its start (700 g) at day 3652.5 "
                        "(year 10)");
    /* A first row without bone has nothing to compare with: no bone bound. */
    cs_plausibility_reset(&pl);
    plain_row(row, 0.0);
    row[CS_O_BONE_CA] = 0.0;
    cs_plausibility_check_row(&pl, row, NULL);
    row[CS_O_BONE_CA] = 1000.0;
    assert_int_equal(cs_plausibility_check_row(&pl, row, NULL), 0);
}

static void test_reason_text(void **state)
{
    (void)state;
    cs_plausibility pl;
    char buf[200];
    with_column(CS_O_ABSORBED_FRACTION, 6.7512, &pl);
    assert_string_equal(cs_plausibility_reason(&pl, buf, sizeof buf),
                        "absorbed fraction 6.75 is above 1 (more calcium absorbed than eaten) at "
                        "day 7.5 (year 0.0205)");
    with_column(CS_O_BLOOD_CA, 3.6149, &pl);
    assert_string_equal(cs_plausibility_reason(&pl, buf, sizeof buf),
                        "blood calcium 3.61 mmol/L is above 3.5 mmol/L at day 7.5 (year 0.0205)");
    with_column(CS_O_BONE_CA, 1612.25, &pl);
    assert_string_equal(cs_plausibility_reason(&pl, buf, sizeof buf),
                        "bone calcium 1612 g is above 150 % of its start (1000 g) at day 7.5 "
                        "(year 0.0205)");
    /* No comma, no line break: it goes into CSV fields and one-line messages. */
    assert_null(strpbrk(buf, ",\n\r"));
    /* Truncated to fit, always terminated. */
    char small[12];
    memset(small, 'x', sizeof small);
    assert_ptr_equal(cs_plausibility_reason(&pl, small, sizeof small), small);
    assert_int_equal(strlen(small), sizeof small - 1);
    assert_null(cs_plausibility_reason(&pl, NULL, 10));
    assert_null(cs_plausibility_reason(&pl, buf, 0));
    assert_string_equal(cs_plausibility_reason(NULL, buf, sizeof buf), "plausible");
}

/* Numbers in the reason are C-locale numbers even when the process locale is not. */
static void test_reason_ignores_process_locale(void **state)
{
    (void)state;
    char locpath[300];
    int have = cs_test_de_locale(locpath, sizeof locpath);
    if (have)
        assert_non_null(setlocale(LC_ALL, CS_TEST_DE_LOCALE));
    if (locpath[0])
        cs_test_remove_tree(locpath);
    if (!have) {
        print_message("no %s locale and localedef failed: skipped\n", CS_TEST_DE_LOCALE);
        skip();
    }
    char probe[16];
    snprintf(probe, sizeof probe, "%.1f", 1.5);
    assert_string_equal(probe, "1,5"); /* the locale really is comma-decimal */
    cs_plausibility pl;
    char buf[200];
    with_column(CS_O_BLOOD_CA, 1.21, &pl);
    cs_plausibility_reason(&pl, buf, sizeof buf);
    setlocale(LC_ALL, "C");
    assert_string_equal(buf, "blood calcium 1.21 mmol/L is below 1.5 mmol/L at day 7.5 (year "
                             "0.0205)");
}

static void test_null_arguments(void **state)
{
    (void)state;
    double row[CS_NOUTPUT];
    plain_row(row, 0.0);
    cs_plausibility pl;
    cs_plausibility_reset(&pl);
    cs_plausibility_reset(NULL);
    assert_int_equal(cs_plausibility_check_row(NULL, row, NULL), 0);
    assert_int_equal(cs_plausibility_check_row(&pl, NULL, NULL), 0);
    assert_int_equal(pl.rows, 0);
    assert_int_equal(cs_plausibility_failed(NULL), 0);
    assert_int_equal(cs_sim_implausible(NULL, NULL, NULL, 0), 0);
    assert_null(cs_sim_plausibility(NULL));
}

/* ---- the simulation ------------------------------------------------------------------ */

/* A run of the defaults changed by sets, for years with rows every `every` days; the sim
 * is returned unfreed, its rows in *rows. */
static cs_sim *run_sim(const char *sets, double years, double every, cs_output_rows **rows)
{
    cs_params p;
    cs_test_params(&p, sets);
    cs_error e;
    cs_error_clear(&e);
    assert_int_equal(cs_params_set(&p, "years", years, &e), CS_OK);
    assert_int_equal(cs_params_set(&p, "output_every_days", every, &e), CS_OK);
    cs_sim *s = cs_sim_alloc(&p, &e);
    if (!s)
        fail_msg("cs_sim_alloc(%s): %s", sets, e.text);
    *rows = cs_output_rows_alloc(0, &e);
    assert_non_null(*rows);
    if (cs_sim_run(s, cs_output_rows_sink, *rows, &e) != CS_OK)
        fail_msg("cs_sim_run(%s): %s", sets, e.text);
    return s;
}

/* The oracle: index of the first row that breaks a row bound, by a plain loop; -1 if none. */
static long first_bad_row(const cs_output_rows *rows)
{
    double b0 = cs_output_rows_at(rows, 0)[CS_O_BONE_CA];
    for (size_t i = 0; i < cs_output_rows_count(rows); i++) {
        const double *r = cs_output_rows_at(rows, i);
        for (int c = 0; c < CS_NOUTPUT; c++)
            if (!isfinite(r[c]))
                return (long)i;
        double ca = r[CS_O_BLOOD_CA], bone = 100.0 * r[CS_O_BONE_CA] / b0;
        if (ca < CS_PLAUSIBLE_BLOOD_CA_MIN_MMOL_L || ca > CS_PLAUSIBLE_BLOOD_CA_MAX_MMOL_L ||
            r[CS_O_ABSORBED_FRACTION] > CS_PLAUSIBLE_ABSORBED_FRACTION_MAX ||
            bone < CS_PLAUSIBLE_BONE_CA_MIN_PCT || bone > CS_PLAUSIBLE_BONE_CA_MAX_PCT)
            return (long)i;
    }
    return -1;
}

static void test_sim_baseline_is_plausible(void **state)
{
    (void)state;
    cs_output_rows *rows;
    cs_sim *s = run_sim("", 2, 30, &rows);
    double t = -1;
    char reason[200] = "untouched";
    assert_int_equal(cs_sim_implausible(s, &t, reason, sizeof reason), 0);
    assert_true(t == -1);
    assert_string_equal(reason, "untouched");
    assert_int_equal(first_bad_row(rows), -1);
    const cs_plausibility *pl = cs_sim_plausibility(s);
    assert_non_null(pl);
    /* The starting state, then every row. */
    assert_int_equal(pl->rows, cs_output_rows_count(rows) + 1);
    assert_true(pl->bone_start_g == cs_output_rows_at(rows, 0)[CS_O_BONE_CA]);
    cs_sim_free(&s);
    cs_output_rows_free(&rows);
}

/* 2 %/yr net bone loss for 100 years leaves 0.98^100 = 13 % (or, linearly, nothing) of the
 * bone under any equations: implausible, first at the row the oracle names. */
static void test_sim_bone_loss_is_implausible(void **state)
{
    (void)state;
    cs_output_rows *rows;
    cs_sim *s = run_sim("age_bone_loss_pct_per_year=2", 100, 365.25, &rows);
    double t = -1;
    char reason[200];
    assert_int_equal(cs_sim_implausible(s, &t, reason, sizeof reason), 1);
    long i = first_bad_row(rows);
    assert_true(i > 0);
    const double *r = cs_output_rows_at(rows, (size_t)i);
    assert_true(t == r[CS_O_T_DAYS]);
    assert_int_equal(cs_sim_plausibility(s)->kind, CS_IMPLAUSIBLE_BONE_CA_LOW);
    if (strncmp(reason, "bone calcium ", 13) != 0 || !strstr(reason, " is below 50 % of its "))
        fail_msg("reason: %s", reason);
    /* The run went on to the end all the same. */
    assert_int_equal(cs_output_rows_count(rows), 101);
    assert_int_equal(cs_sim_implausible(s, NULL, NULL, 0), 1);
    cs_sim_free(&s);
    cs_output_rows_free(&rows);
}

/* Without a sink the rows are still computed and checked. */
static void test_sim_checks_without_a_sink(void **state)
{
    (void)state;
    cs_params p;
    cs_test_params(&p, "age_bone_loss_pct_per_year=2 years=100 output_every_days=365.25");
    cs_error e;
    cs_error_clear(&e);
    cs_sim *s = cs_sim_alloc(&p, &e);
    assert_non_null(s);
    assert_int_equal(cs_sim_run(s, NULL, NULL, &e), CS_OK);
    assert_int_equal(cs_sim_implausible(s, NULL, NULL, 0), 1);
    cs_sim_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_rows_pass),
        cmocka_unit_test(test_each_bound),
        cmocka_unit_test(test_not_finite),
        cmocka_unit_test(test_negative_pools),
        cmocka_unit_test(test_order_within_a_row),
        cmocka_unit_test(test_first_violation_wins),
        cmocka_unit_test(test_bone_reference_is_the_first_row),
        cmocka_unit_test(test_reason_text),
        cmocka_unit_test(test_reason_ignores_process_locale),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_sim_baseline_is_plausible),
        cmocka_unit_test(test_sim_bone_loss_is_implausible),
        cmocka_unit_test(test_sim_checks_without_a_sink),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
