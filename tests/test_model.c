/*
 * test_model.c - the model and solver against hand calculations and exact solutions:
 * the right-hand side at the reference adult, the Jacobian against finite differences,
 * vitamin K pharmacokinetics against the closed-form Bateman solution, dose timing on an
 * output grid coarser than the dosing interval, and mass balance.
 */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define LN2 0.69314718055994530942

/* Fluxes of the reference adult, worked out by hand from the parameter defaults. */
static void rhs_matches_hand_calculation(void **state)
{
    (void)state;
    cs_params p;
    cs_params_default(&p);
    cs_model m;
    cs_error e;
    cs_error_clear(&e);
    assert_int_equal(cs_model_init(&m, &p, &e), CS_OK);
    double y[CS_NSTATE], out[CS_NOUTPUT], d[CS_NSTATE];
    assert_int_equal(cs_model_initial_state(&m, y, &e), CS_OK);
    cs_model_outputs(&m, 0.0, y, out);
    cs_model_rhs(0.0, y, d, &m);

    /* Absorption: 10 % passive, plus the active share a = 350 mg/d / (1000 + 700) mg/d
     * bounded as 0.9 (1 - exp(-a / 0.9)). */
    double a = 350.0 / 1700.0;
    double abs_mg = 1000 * (0.10 + 0.9 * (1 - exp(-a / 0.9)));
    assert_close(out[CS_O_ABSORBED], abs_mg, 1e-9, 0, "absorbed mg/day");
    assert_close(out[CS_O_ABSORBED_FRACTION], abs_mg / 1000.0, 1e-9, 0, "absorbed fraction");
    /* Endogenous faecal loss (Heaney & Abrams): 170 cm x (0.81 - 0.63 fabs). */
    assert_close(out[CS_O_FAECAL], 170 * (0.81 - 0.63 * abs_mg / 1000.0), 1e-9, 0, "faecal");
    /* Bone: 300 mg/d formation; resorption adds 0.5 %/yr of 1000 g. */
    assert_close(out[CS_O_BONE_FORMATION], 300.0, 1e-9, 0, "formation");
    assert_close(out[CS_O_BONE_RESORPTION], 300.0 + 0.005 * 1e6 / 365.25, 1e-9, 0, "resorption");
    /* Plasma vitamin K at steady state: (F/V) x input / ke. */
    double k1 = 0.025 * (100 * 1000 / 450.7) / (LN2 / (1.5 / 24));
    double mk4 = 0.03 * (6 * 1000 / 444.7) / (LN2 / (1.0 / 24));
    double mk7 = 0.004 * (24 * 1000 / 649.0) / (LN2 / (68.0 / 24));
    assert_close(out[CS_O_K1], k1, 1e-9, 0, "plasma K1");
    assert_close(out[CS_O_MK4], mk4, 1e-9, 0, "plasma MK-4");
    assert_close(out[CS_O_MK7], mk7, 1e-9, 0, "plasma MK-7");
    /* Tissue store at steady state: 2.5 + 2.9 (MK-7 + MK-4 + 0.05 K1). */
    double tis = 2.5 + 2.9 * (mk7 + mk4 + 0.05 * k1);
    assert_close(out[CS_O_K_TISSUE], tis, 1e-9, 0, "tissue vitamin K store");
    double u = 0.15 * k1 + mk4 + mk7 + tis;
    double mgp = u / (u + 11.8), oc = u / (u + 2.0);
    assert_close(out[CS_O_MGP_PCT], 100 * mgp, 1e-9, 0, "carboxylated MGP");
    assert_close(out[CS_O_OC_PCT], 100 * oc, 1e-9, 0, "carboxylated osteocalcin");
    /* Vessel: 1.0/yr x D (D + 100) / (D + 100 + 300), D = W / (1 + W/30)^(2/3), plus
     * nucleation 0.5 mg/yr x (1 - MGP), all in mg, with S = 1 and MGP = its reference. */
    double D = 50.0 / pow(1 + 50.0 / 30, 2.0 / 3.0);
    double dep = 1.0 / 365.25 * D * (D + 100) / (D + 400) + 0.5 / 365.25 * (1 - mgp);
    assert_close(out[CS_O_VESSEL_DEPOSITION], dep, 1e-6, 0, "deposition");
    /* The reference adult is calibrated to balance: urine closes the calcium budget. */
    double reg = 50.0 / (80 * 365.25);
    double urine = abs_mg - out[CS_O_FAECAL] + (out[CS_O_BONE_RESORPTION] - 300.0) -
                   out[CS_O_VESSEL_DEPOSITION] + reg;
    assert_close(out[CS_O_URINE], urine, 1e-9, 0, "urine");
    assert_close(out[CS_O_BLOOD_CA], 2.4, 1e-9, 0, "blood calcium at the set point");
    assert_close(out[CS_O_PTH], 1.0, 1e-9, 0, "PTH at normal");
    assert_close(out[CS_O_VITD25], 65.0, 1e-9, 0, "25(OH)D of the reference adult");
    for (int i = 0; i < CS_NSTATE; i++)
        if (i != CS_Y_BONE_CA && i != CS_Y_VESSEL_CA && i != CS_Y_CUM_IN && i != CS_Y_CUM_OUT)
            assert_close(d[i], 0.0, 0, 1e-9, cs_output_info_at(0)->name);
    /* Bone loses exactly the age-related imbalance. */
    assert_close(d[CS_Y_BONE_CA] * CS_CA_MG_PER_MMOL, -0.005 * 1e6 / 365.25, 1e-9, 0, "dB/dt");
}

/* The analytic Jacobian against central differences at several perturbed states. */
static void jacobian_matches_finite_differences(void **state)
{
    (void)state;
    const char *cases[] = {"", "warfarin_inhibition=0.61 kidney_function=0.37",
                           "calcium_intake_mg_per_day=385 d3_intake_iu_per_day=2385"};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        cs_params p;
        cs_test_params(&p, cases[c]);
        cs_model m;
        cs_error e;
        cs_error_clear(&e);
        assert_int_equal(cs_model_init(&m, &p, &e), CS_OK);
        double y[CS_NSTATE];
        assert_int_equal(cs_model_initial_state(&m, y, &e), CS_OK);
        /* Move away from the steady state so that every term is active. */
        y[CS_Y_ECF_CA] *= 0.9813;
        y[CS_Y_PTH] *= 1.237;
        y[CS_Y_GUT] = 1.173;
        y[CS_Y_VESSEL_CA] = 3.385;
        y[CS_Y_MGP] = 0.4137;
        y[CS_Y_OC] = 0.6385;
        y[CS_Y_MK7_GUT] = 238.5;
        y[CS_Y_K1_PLASMA] = 1.385;
        y[CS_Y_D3] *= 1.385;
        double J[CS_NSTATE * CS_NSTATE], dt[CS_NSTATE], fp[CS_NSTATE], fm[CS_NSTATE];
        cs_model_jac(0.0, y, J, dt, &m);
        for (int j = 0; j < CS_NSTATE; j++) {
            double h = 1e-6 * fmax(fabs(y[j]), 1e-3);
            double yy[CS_NSTATE];
            memcpy(yy, y, sizeof yy);
            yy[j] = y[j] + h;
            cs_model_rhs(0.0, yy, fp, &m);
            yy[j] = y[j] - h;
            cs_model_rhs(0.0, yy, fm, &m);
            for (int i = 0; i < CS_NSTATE; i++) {
                double fd = (fp[i] - fm[i]) / (2 * h);
                char what[96];
                snprintf(what, sizeof what, "case %zu: J[%d][%d]", c, i, j);
                assert_close(J[i * CS_NSTATE + j], fd, 1e-5, 1e-9, what);
            }
        }
        for (int i = 0; i < CS_NSTATE; i++)
            assert_true(dt[i] == 0.0);
    }
}

/* Total calcium changes only by what crosses the gut and kidney: the RHS conserves it. */
static void rhs_conserves_calcium(void **state)
{
    (void)state;
    cs_params p;
    cs_test_params(&p, "kidney_function=0.42 warfarin_inhibition=0.3");
    cs_model m;
    cs_error e;
    cs_error_clear(&e);
    assert_int_equal(cs_model_init(&m, &p, &e), CS_OK);
    double y[CS_NSTATE], d[CS_NSTATE];
    assert_int_equal(cs_model_initial_state(&m, y, &e), CS_OK);
    y[CS_Y_ECF_CA] *= 1.0385;
    y[CS_Y_PTH] = 0.7385;
    cs_model_rhs(0.0, y, d, &m);
    double body = d[CS_Y_ECF_CA] + d[CS_Y_EXCH_CA] + d[CS_Y_BONE_CA] + d[CS_Y_VESSEL_CA];
    assert_close(body, d[CS_Y_CUM_IN] - d[CS_Y_CUM_OUT], 1e-12, 1e-12, "d(body)/dt vs net");
}

/* Plasma MK-7 after daily doses, by superposing the Bateman function of each dose. */
static double mk7_exact(double t, double start, double amount_nmol, double fv, double ka, double ke,
                        double baseline)
{
    double c = baseline;
    for (int k = 0;; k++) {
        double td = start + k;
        if (td > t)
            break;
        double s = t - td;
        c += fv * amount_nmol * ka / (ka - ke) * (exp(-ke * s) - exp(-ka * s));
    }
    return c;
}

/*
 * Doses land exactly at their times even when rows are a week apart: the run with
 * 7-day rows must match the exact solution of the linear vitamin K model and the run
 * with hourly rows, and count every dose.
 */
static void doses_land_exactly_on_a_coarse_grid(void **state)
{
    (void)state;
    const char *sets = "mk7_supplement_ug_per_day=180 supplement_start_day=0.5";
    cs_test_run weekly = cs_test_run_params(sets, 70.0 / 365.25, 7);
    cs_test_run hourly = cs_test_run_params(sets, 70.0 / 365.25, 1.0 / 24);
    assert_int_equal(weekly.stats.doses, 70);
    assert_int_equal(hourly.stats.doses, 70);
    double ka = LN2 / (0.7 / 24), ke = LN2 / (68.0 / 24), fv = 0.004;
    double amount = 180 * 1000 / 649.0;
    double base = cs_test_at(&weekly, 0, CS_O_MK7);
    /* The solver follows plasma vitamin K to its absolute tolerance (1e-3 nmol/L, docs/model.md
     * section 8): allow twice that. A dose an hour off would be 0.01 nmol/L off at these rows. */
    double tol = 2 * cs_sim_abs_tol(CS_Y_MK7_PLASMA);
    for (size_t i = 1; i < cs_test_nrows(&weekly); i++) {
        double t = cs_test_at(&weekly, (long)i, CS_O_T_DAYS);
        double exact = mk7_exact(t, 0.5, amount, fv, ka, ke, base);
        assert_close(cs_test_at(&weekly, (long)i, CS_O_MK7), exact, 1e-4, tol, "MK-7 weekly");
        long h = lround(t * 24);
        assert_close(cs_test_at(&hourly, h, CS_O_T_DAYS), t, 1e-9, 1e-9, "hourly grid");
        assert_close(cs_test_at(&hourly, h, CS_O_MK7), exact, 1e-4, tol, "MK-7 hourly");
    }
    /* A dose at a row's own time is given before that row is written. */
    cs_test_run on = cs_test_run_params("mk7_supplement_ug_per_day=180", 3.0 / 365.25, 1);
    assert_int_equal(on.stats.doses, 4); /* days 0, 1, 2 and 3 (the last row's time) */
    assert_int_equal(on.stats.resets, 4);
    cs_test_run_free(&on);
    cs_test_run_free(&weekly);
    cs_test_run_free(&hourly);
}

/* No dose on or after supplement_stop_day, and none before supplement_start_day. */
static void dosing_window_is_respected(void **state)
{
    (void)state;
    cs_test_run r = cs_test_run_params("mk7_supplement_ug_per_day=90 supplement_start_day=10 "
                                       "supplement_stop_day=20 supplement_interval_days=2",
                                       40.0 / 365.25, 1);
    assert_int_equal(r.stats.doses, 5); /* days 10, 12, 14, 16, 18 */
    assert_close(cs_test_at(&r, 9, CS_O_MK7), cs_test_at(&r, 0, CS_O_MK7), 1e-9, 1e-12,
                 "no MK-7 rise before the first dose");
    cs_test_run_free(&r);
}

/* Steps, RHS and Jacobian evaluations are counted and sensible. */
static void statistics_are_counted(void **state)
{
    (void)state;
    cs_test_run r = cs_test_run_params(NULL, 1, 30);
    assert_true(r.stats.steps > 0);
    assert_true(r.stats.rhs_evals >= r.stats.steps);
    assert_true(r.stats.jac_evals > 0);
    assert_int_equal(r.stats.doses, 0);
    cs_test_run_free(&r);
}

/* Runs p with the given method and tolerance factor, keeping the last row. */
static void last_row_with(const cs_params *p, const char *method, double atol_scale,
                          double out[CS_NOUTPUT])
{
    cs_solver_settings set = cs_solver_defaults();
    set.method = method;
    set.atol_scale = atol_scale;
    cs_error e;
    cs_error_clear(&e);
    cs_sim *s = cs_sim_alloc_with(p, &set, &e);
    assert_non_null(s);
    assert_int_equal(cs_sim_advance(s, 2 * 365.25, &e), CS_OK);
    cs_model_outputs(cs_sim_model(s), cs_sim_time(s), cs_sim_state(s), out);
    cs_sim_free(&s);
}

/* Three different stiff methods, and a 100 times tighter msbdf, agree on a 2-year run. */
static void methods_agree(void **state)
{
    (void)state;
    cs_params p;
    cs_test_params(&p, "kidney_function=0.55 mk7_supplement_ug_per_day=90 "
                       "supplement_interval_days=7");
    double ref[CS_NOUTPUT], other[CS_NOUTPUT];
    last_row_with(&p, "msbdf", 0.01, ref);
    const char *methods[] = {"msbdf", "bsimp", "rk4imp"};
    for (int k = 0; k < 3; k++) {
        last_row_with(&p, methods[k], 1.0, other);
        for (int c = 0; c < CS_NOUTPUT; c++) {
            char what[96];
            snprintf(what, sizeof what, "%s vs tight msbdf: %s", methods[k],
                     cs_output_info_at(c)->name);
            assert_close(other[c], ref[c], 1e-3, 1e-6, what);
        }
    }
    cs_solver_settings bad = cs_solver_defaults();
    bad.method = "euler";
    cs_error e;
    cs_error_clear(&e);
    assert_null(cs_sim_alloc_with(&p, &bad, &e));
    assert_int_equal(e.code, CS_EUSAGE);
}

/* The library reports a solver that cannot reach the end instead of aborting. */
static void solver_failure_is_reported(void **state)
{
    (void)state;
    cs_params p;
    cs_params_default(&p);
    cs_error e;
    cs_error_clear(&e);
    cs_sim *s = cs_sim_alloc(&p, &e);
    assert_non_null(s);
    assert_int_equal(cs_sim_advance(s, 10, &e), CS_OK);
    assert_int_equal(cs_sim_advance(s, 5, &e), CS_EUSAGE); /* backwards */
    cs_sim_free(&s);
    assert_null(s);
    cs_sim_free(&s); /* NULL is fine */
    cs_sim_free(NULL);
    assert_null(cs_sim_alloc(NULL, &e));
}

/* The rows of a converged reference: tolerances 1e-4 times the defaults and a stop of the
 * solver at every row, so that no row is interpolated. */
static cs_output_rows *reference_rows(const char *sets, double years, double every)
{
    cs_params p;
    cs_test_params(&p, sets);
    cs_error e;
    cs_error_clear(&e);
    cs_solver_settings set = cs_solver_defaults();
    set.atol_scale = 1e-4;
    set.nmax = 200000;
    cs_sim *s = cs_sim_alloc_with(&p, &set, &e);
    assert_non_null(s);
    cs_output_rows *r = cs_output_rows_alloc(0, &e);
    assert_non_null(r);
    double t_end = years * CS_DAYS_PER_YEAR, row[CS_NOUTPUT];
    for (unsigned long i = 0;; i++) {
        double t = (double)i * every;
        if (t > t_end - 1e-9 * t_end)
            t = t_end;
        assert_int_equal(cs_sim_advance(s, t, &e), CS_OK);
        cs_model_outputs(cs_sim_model(s), cs_sim_time(s), cs_sim_state(s), row);
        assert_int_equal(cs_output_rows_sink(r, row), 0);
        if (t >= t_end)
            break;
    }
    cs_sim_free(&s);
    return r;
}

/*
 * Allowed error of output column c whose largest magnitude over a run is big: 1e-5 of it
 * (twice that for the fast PTH and gut signals), and for plasma vitamin K 2e-3 nmol/L, twice
 * the depots' absolute tolerance (docs/model.md section 8).
 */
static double allowed_error(int c, double big)
{
    if (c == CS_O_K1 || c == CS_O_MK4 || c == CS_O_MK7)
        return 2e-3 + 1e-5 * big;
    return 1e-5 * big + 1e-12;
}

/* Every column of a against ref, row by row, within allowed_error(). */
static void rows_agree(const cs_output_rows *a, const cs_output_rows *ref, const char *what)
{
    size_t n = cs_output_rows_count(ref);
    assert_int_equal(cs_output_rows_count(a), n);
    for (int c = 0; c < CS_NOUTPUT; c++) {
        double big = 0, worst = 0;
        for (size_t i = 0; i < n; i++)
            big = fmax(big, fabs(cs_output_rows_at(ref, i)[c]));
        for (size_t i = 0; i < n; i++)
            worst = fmax(worst, fabs(cs_output_rows_at(a, i)[c] - cs_output_rows_at(ref, i)[c]));
        if (worst > allowed_error(c, big)) {
            print_error("%s: %s is off by %.3g (allowed %.3g, largest value %.6g)\n", what,
                        cs_output_info_at(c)->name, worst, allowed_error(c, big), big);
            fail();
        }
    }
}

/*
 * Dense output: rows taken from the solver's interpolant agree with a converged reference,
 * in every output column, on weekly, daily and hourly grids, with and without daily doses;
 * mass balance (T18) holds on every interpolated row; and the grid does not change the
 * trajectory: the weekly rows of a daily-grid run are the weekly run's rows.
 */
static void dense_rows_match_a_converged_reference(void **state)
{
    (void)state;
    static const struct {
        const char *sets;
        double years, every;
    } cases[] = {
        {NULL, 10, 7},
        {NULL, 2, 1},
        {NULL, 20 / 365.25, 1.0 / 24},
        {"mk7_supplement_ug_per_day=180", 1, 7},
        {"mk7_supplement_ug_per_day=180", 60 / 365.25, 1},
        {"mk7_supplement_ug_per_day=180 supplement_start_day=0.3", 5 / 365.25, 1.0 / 24},
        {"d3_supplement_iu_per_day=4000 k1_supplement_ug_per_day=500 kidney_function=0.3", 1, 1},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char what[160];
        snprintf(what, sizeof what, "%s, %g yr, rows every %g d",
                 cases[k].sets ? cases[k].sets : "baseline", cases[k].years, cases[k].every);
        cs_test_run r = cs_test_run_params(cases[k].sets, cases[k].years, cases[k].every);
        cs_output_rows *ref = reference_rows(cases[k].sets, cases[k].years, cases[k].every);
        rows_agree(r.rows, ref, what);
        double body0 = cs_test_at(&r, 0, CS_O_BODY_CA);
        for (size_t i = 0; i < cs_test_nrows(&r); i++) {
            double gap = cs_test_at(&r, (long)i, CS_O_BODY_CA) - body0 -
                         cs_test_at(&r, (long)i, CS_O_NET_INTAKE);
            assert_between(fabs(gap), 0, 1e-6 * body0, "mass balance on an interpolated row");
        }
        cs_output_rows_free(&ref);
        cs_test_run_free(&r);
    }
    /* --every does not change the trajectory: daily rows on the weekly run's days. */
    cs_test_run weekly = cs_test_run_params(NULL, 2, 7), daily = cs_test_run_params(NULL, 2, 1);
    for (size_t i = 0; i + 1 < cs_test_nrows(&weekly); i++)
        for (int c = 0; c < CS_NOUTPUT; c++) {
            double w = cs_test_at(&weekly, (long)i, c), d = cs_test_at(&daily, (long)(7 * i), c);
            assert_close(d, w, 1e-5, 1e-12, cs_output_info_at(c)->name);
        }
    cs_test_run_free(&weekly);
    cs_test_run_free(&daily);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rhs_matches_hand_calculation),
        cmocka_unit_test(jacobian_matches_finite_differences),
        cmocka_unit_test(rhs_conserves_calcium),
        cmocka_unit_test(doses_land_exactly_on_a_coarse_grid),
        cmocka_unit_test(dosing_window_is_respected),
        cmocka_unit_test(statistics_are_counted),
        cmocka_unit_test(methods_agree),
        cmocka_unit_test(solver_failure_is_reported),
        cmocka_unit_test(dense_rows_match_a_converged_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
