/*
 * test_targets.c - the calibration targets T1-T19 of ../shared/science/targets.md, one
 * named test each. Every bound is the one in targets.md and is printed when it fails.
 * Unless a target says otherwise, a run starts from the baseline scenario (the defaults).
 */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Vessel accrual over the run [mg]. */
static double accrual(const cs_test_run *r)
{
    return cs_test_at(r, -1, CS_O_VESSEL_CA) - cs_test_at(r, 0, CS_O_VESSEL_CA);
}

/* Geometric mean growth per year of column col over the run [fraction/yr]. */
static double growth_per_year(const cs_test_run *r, int col)
{
    double years = cs_test_at(r, -1, CS_O_T_YEARS);
    return pow(cs_test_at(r, -1, col) / cs_test_at(r, 0, col), 1.0 / years) - 1.0;
}

static double uncarboxylated_mgp(const cs_test_run *r, long i)
{
    return 100.0 - cs_test_at(r, i, CS_O_MGP_PCT);
}

static void T01_homeostasis(void **state)
{
    (void)state;
    cs_test_run r = cs_test_run_params(NULL, 10, 7);
    for (size_t i = 0; i < cs_test_nrows(&r); i++) {
        assert_between(cs_test_at(&r, (long)i, CS_O_BLOOD_CA), 2.30, 2.50,
                       "T1 blood_ca_mmol_l [mmol/L]");
        assert_between(cs_test_at(&r, (long)i, CS_O_PTH), 0.7, 1.4, "T1 pth_rel");
    }
    cs_test_run_free(&r);
}

static void T02_baseline_fluxes(void **state)
{
    (void)state;
    cs_test_run r = cs_test_run_params(NULL, 30 / 365.25, 30);
    double net = cs_test_at(&r, -1, CS_O_ABSORBED) - cs_test_at(&r, -1, CS_O_FAECAL);
    assert_close(cs_test_at(&r, -1, CS_O_T_DAYS), 30, 1e-9, 0, "row at day 30");
    assert_between(net, 100, 300, "T2 net absorption [mg/day]");
    assert_between(cs_test_at(&r, -1, CS_O_URINE), 100, 250, "T2 urine [mg/day]");
    assert_between(cs_test_at(&r, -1, CS_O_BONE_FORMATION), 150, 600, "T2 formation [mg/day]");
    assert_between(cs_test_at(&r, -1, CS_O_BONE_RESORPTION), 150, 600, "T2 resorption [mg/day]");
    cs_test_run_free(&r);
}

static void T03_baseline_bone_loss(void **state)
{
    (void)state;
    cs_test_run r = cs_test_run_params(NULL, 10, 30);
    assert_between(-100 * growth_per_year(&r, CS_O_BONE_CA), 0.2, 1.0, "T3 bone loss [%/yr]");
    cs_test_run_free(&r);
}

static void T04_calcium_intake(void **state)
{
    (void)state;
    cs_test_run lo = cs_test_run_params("calcium_intake_mg_per_day=500", 10, 7);
    cs_test_run hi = cs_test_run_params("calcium_intake_mg_per_day=1500", 10, 7);
    assert_int_equal(cs_test_nrows(&lo), cs_test_nrows(&hi));
    for (size_t i = 0; i < cs_test_nrows(&lo); i++) {
        long k = (long)i;
        double d = fabs(cs_test_at(&lo, k, CS_O_BLOOD_CA) - cs_test_at(&hi, k, CS_O_BLOOD_CA));
        assert_between(d, 0, 0.0999, "T4 |blood Ca(500) - blood Ca(1500)| [mmol/L] < 0.1");
        assert_true(cs_test_at(&lo, k, CS_O_PTH) > cs_test_at(&hi, k, CS_O_PTH));
        assert_true(cs_test_at(&lo, k, CS_O_ABSORBED_FRACTION) >
                    cs_test_at(&hi, k, CS_O_ABSORBED_FRACTION));
    }
    cs_test_run_free(&lo);
    cs_test_run_free(&hi);
}

static void T05_vitamin_d(void **state)
{
    (void)state;
    cs_test_run b = cs_test_run_params(NULL, 1, 30);
    double base = cs_test_at(&b, -1, CS_O_VITD25);
    assert_between(base, 50, 80, "T5 baseline 25(OH)D [nmol/L]");
    cs_test_run_free(&b);
    /* +1000 IU/day for a year, then stop; daily rows. */
    cs_test_run r = cs_test_run_params("d3_supplement_iu_per_day=1000 supplement_stop_day=365",
                                       500 / 365.25, 1);
    double high = cs_test_at(&r, 364, CS_O_VITD25);
    assert_between(high - base, 12, 30, "T5 rise with +1000 IU/day [nmol/L]");
    double half = 0.5 * (high + base), t_half = -1;
    for (long i = 365; i < (long)cs_test_nrows(&r); i++)
        if (cs_test_at(&r, i, CS_O_VITD25) <= half) {
            t_half = cs_test_at(&r, i, CS_O_T_DAYS) - 364;
            break;
        }
    assert_between(t_half, 10, 20, "T5 days to fall half-way back [d]");
    cs_test_run_free(&r);
}

static void T06_vitamin_d_absorption(void **state)
{
    (void)state;
    /* Three vitamin D states set by the all-source input (diet plus skin). */
    const char *sets[3] = {"d3_intake_iu_per_day=0 skin_d3_iu_per_day=600",
                           "d3_intake_iu_per_day=0 skin_d3_iu_per_day=2870",
                           "d3_intake_iu_per_day=3060 skin_d3_iu_per_day=5000"};
    double vd[3], fa[3];
    for (int k = 0; k < 3; k++) {
        cs_test_run r = cs_test_run_params(sets[k], 1, 30);
        vd[k] = cs_test_at(&r, -1, CS_O_VITD25);
        fa[k] = cs_test_at(&r, -1, CS_O_ABSORBED_FRACTION);
        cs_test_run_free(&r);
    }
    assert_between(vd[0], 0, 24.99, "T6 deficient 25(OH)D [nmol/L]");
    assert_between(vd[1], 72, 78, "T6 75 nmol/L case [nmol/L]");
    assert_between(vd[2], 145, 155, "T6 150 nmol/L case [nmol/L]");
    assert_true(fa[0] < fa[1]);
    assert_between(100 * (fa[2] - fa[1]), -5, 4.999, "T6 rise 75 -> 150 nmol/L [points]");
}

static void T07_mgp_dose_response(void **state)
{
    (void)state;
    double fall[2];
    const char *sets[2] = {"mk7_supplement_ug_per_day=180", "mk7_supplement_ug_per_day=360"};
    for (int k = 0; k < 2; k++) {
        cs_test_run r = cs_test_run_params(sets[k], 84 / 365.25, 84);
        fall[k] = 100 * (1 - uncarboxylated_mgp(&r, -1) / uncarboxylated_mgp(&r, 0));
        cs_test_run_free(&r);
    }
    assert_between(fall[0], 20, 40, "T7 fall in uncarboxylated MGP at 180 ug/day [%]");
    assert_between(fall[1], 35, 55, "T7 fall in uncarboxylated MGP at 360 ug/day [%]");
    assert_true(fall[1] > fall[0]);
}

/* Peak and trough of column col over rows with day in [d0, d1). */
static void peak_trough(const cs_test_run *r, int col, double d0, double d1, double *pk, double *tr)
{
    *pk = -1;
    *tr = 1e300;
    for (size_t i = 0; i < cs_test_nrows(r); i++) {
        double t = cs_test_at(r, (long)i, CS_O_T_DAYS), v = cs_test_at(r, (long)i, col);
        if (t < d0 || t >= d1)
            continue;
        *pk = fmax(*pk, v);
        *tr = fmin(*tr, v);
    }
}

static void T08_mk7_vs_mk4(void **state)
{
    (void)state;
    double h = 1.0 / 24;
    cs_test_run m7 =
        cs_test_run_params("mk7_supplement_ug_per_day=180 supplement_stop_day=30", 45 / 365.25, h);
    cs_test_run m4 =
        cs_test_run_params("mk4_supplement_ug_per_day=180 supplement_stop_day=30", 45 / 365.25, h);
    double p7, t7, p4, t4;
    peak_trough(&m7, CS_O_MK7, 20, 30, &p7, &t7);
    peak_trough(&m4, CS_O_MK4, 20, 30, &p4, &t4);
    assert_between(t7 / t4, 5.0001, 1e12, "T8 MK-7 trough / MK-4 trough (> 5)");
    assert_between(p7 / t7, 0, 1.9999, "T8 MK-7 peak / trough (< 2)");
    assert_between(p4 / t4, 10.0001, 1e12, "T8 MK-4 peak / trough (> 10)");
    /* After the last dose (day 29): from its peak to half of it. As in a pharmacokinetic
     * study, the level is taken above the pre-supplement (dietary) baseline of row 0. */
    double peak = -1, tpeak = 0, thalf = -1, base = cs_test_at(&m7, 0, CS_O_MK7);
    for (size_t i = 0; i < cs_test_nrows(&m7); i++) {
        double t = cs_test_at(&m7, (long)i, CS_O_T_DAYS);
        double v = cs_test_at(&m7, (long)i, CS_O_MK7) - base;
        if (t < 29)
            continue;
        if (v > peak) {
            peak = v;
            tpeak = t;
        } else if (v <= 0.5 * peak) {
            thalf = t - tpeak;
            break;
        }
    }
    assert_between(thalf, 2.5, 3.3, "T8 MK-7 halving time after the last dose [d]");
    cs_test_run_free(&m7);
    cs_test_run_free(&m4);
}

static void T09_baseline_vessel_growth(void **state)
{
    (void)state;
    cs_test_run r = cs_test_run_params(NULL, 10, 30);
    assert_between(100 * growth_per_year(&r, CS_O_VESSEL_CA), 10, 25,
                   "T9 vessel growth [%/yr, geometric mean over 10 yr]");
    cs_test_run_free(&r);
}

static void T10_rotterdam(void **state)
{
    (void)state;
    cs_test_run lo = cs_test_run_params("k2_intake_ug_per_day=15", 10, 30);
    cs_test_run hi = cs_test_run_params("k2_intake_ug_per_day=45", 10, 30);
    assert_between(accrual(&hi) / accrual(&lo), 0.35, 0.75,
                   "T10 10-yr accrual at 45 / at 15 ug/day K2");
    cs_test_run_free(&lo);
    cs_test_run_free(&hi);
}

static void T11_k2_dose_response(void **state)
{
    (void)state;
    const double k2[] = {0, 15, 30, 60, 120, 240, 360};
    double prev_acc = 1e300, prev_mgp = -1;
    for (size_t k = 0; k < sizeof k2 / sizeof k2[0]; k++) {
        char sets[64];
        snprintf(sets, sizeof sets, "k2_intake_ug_per_day=%g", k2[k]);
        cs_test_run r = cs_test_run_params(sets, 10, 30);
        double acc = accrual(&r), mgp = cs_test_at(&r, -1, CS_O_MGP_PCT);
        if (!(acc < prev_acc && mgp > prev_mgp)) {
            print_error("T11 at %g ug/day: accrual %.4g mg (previous %.4g) must fall, "
                        "MGP %.4g %% (previous %.4g) must rise\n",
                        k2[k], acc, prev_acc, mgp, prev_mgp);
            fail();
        }
        prev_acc = acc;
        prev_mgp = mgp;
        cs_test_run_free(&r);
    }
}

/* One literal, so that clang's -Wstring-concatenation does not mistake it for a lost comma. */
#define D3_HIGH_WITH_MK7                                                                           \
    "k2_intake_ug_per_day=0 d3_intake_iu_per_day=4000 mk7_supplement_ug_per_day=180"

static void T12_d3_without_k2(void **state)
{
    (void)state;
    const char *sets[4] = {
        "k2_intake_ug_per_day=0", "k2_intake_ug_per_day=0 d3_intake_iu_per_day=4000",
        "k2_intake_ug_per_day=0 mk7_supplement_ug_per_day=180", D3_HIGH_WITH_MK7};
    double acc[4];
    for (int k = 0; k < 4; k++) {
        cs_test_run r = cs_test_run_params(sets[k], 10, 30);
        acc[k] = accrual(&r);
        cs_test_run_free(&r);
    }
    assert_between(100 * (acc[1] / acc[0] - 1), 5.0001, 1e9,
                   "T12 rise in accrual, D3 400 -> 4000 IU/day without K2 [%] (> 5)");
    assert_between(acc[3] - acc[2], -1e9, (acc[1] - acc[0]) - 1e-9,
                   "T12 rise with MK-7 [mg] (< rise without)");
}

static void T13_prevention_not_removal(void **state)
{
    (void)state;
    cs_test_run k =
        cs_test_run_params("initial_vessel_ca_mg=1000 mk7_supplement_ug_per_day=360", 5, 7);
    cs_test_run n = cs_test_run_params("initial_vessel_ca_mg=1000", 5, 7);
    for (size_t i = 0; i < cs_test_nrows(&k); i++)
        assert_between(cs_test_at(&k, (long)i, CS_O_VESSEL_CA), 980, 1e9,
                       "T13 vessel calcium with MK-7 [mg] (>= 98 % of 1000)");
    assert_true(accrual(&k) < accrual(&n));
    cs_test_run_free(&k);
    cs_test_run_free(&n);
}

static void T14_warfarin(void **state)
{
    (void)state;
    cs_test_run w = cs_test_run_params("warfarin_inhibition=0.8", 5, 30);
    cs_test_run b = cs_test_run_params(NULL, 5, 30);
    assert_between(cs_test_at(&w, -1, CS_O_MGP_PCT), 0, cs_test_at(&b, -1, CS_O_MGP_PCT) - 1e-6,
                   "T14 carboxylated MGP on warfarin [%] (< baseline)");
    assert_between(accrual(&w), accrual(&b) + 1e-6, 1e9,
                   "T14 5-yr accrual on warfarin [mg] (> baseline)");
    cs_test_run_free(&w);
    cs_test_run_free(&b);
}

static void T15_ckd(void **state)
{
    (void)state;
    cs_test_run c = cs_test_run_params("kidney_function=0.3", 5, 30);
    cs_test_run k = cs_test_run_params("kidney_function=0.3 mk7_supplement_ug_per_day=180", 5, 30);
    for (size_t i = 0; i < cs_test_nrows(&c); i++) {
        assert_between(cs_test_at(&c, (long)i, CS_O_PHOSPHATE), 1.4501, 10,
                       "T15 phosphate in CKD [mmol/L] (> 1.45)");
        assert_between(cs_test_at(&c, (long)i, CS_O_PTH), 1.3001, 100, "T15 PTH in CKD (> 1.3)");
    }
    assert_between(100 * growth_per_year(&c, CS_O_VESSEL_CA), 30, 50,
                   "T15 vessel growth in CKD [%/yr]");
    double cut = 1 - accrual(&k) / accrual(&c);
    assert_between(100 * cut, 1e-6, 49.999, "T15 MK-7 cut of 5-yr accrual in CKD [%] (0-50)");
    cs_test_run_free(&c);
    cs_test_run_free(&k);
}

static void T16_k1_is_not_k2(void **state)
{
    (void)state;
    cs_test_run k1 = cs_test_run_params("k1_supplement_ug_per_day=100", 0.5, 30);
    cs_test_run k2 = cs_test_run_params("mk7_supplement_ug_per_day=100", 0.5, 30);
    double d1 = cs_test_at(&k1, -1, CS_O_MGP_PCT) - cs_test_at(&k1, 0, CS_O_MGP_PCT);
    double d2 = cs_test_at(&k2, -1, CS_O_MGP_PCT) - cs_test_at(&k2, 0, CS_O_MGP_PCT);
    assert_between(d1, -1e9, d2 - 1e-6, "T16 MGP rise with +100 ug K1 [points] (< MK-7's)");
    cs_test_run_free(&k1);
    cs_test_run_free(&k2);
}

static void T17_osteocalcin_and_bone(void **state)
{
    (void)state;
    cs_test_run k = cs_test_run_params("mk7_supplement_ug_per_day=180", 3, 30);
    cs_test_run b = cs_test_run_params(NULL, 3, 30);
    assert_between(cs_test_at(&k, -1, CS_O_OC_PCT), cs_test_at(&b, -1, CS_O_OC_PCT) + 1e-6, 100,
                   "T17 carboxylated osteocalcin with MK-7 [%] (> baseline)");
    double loss_k = cs_test_at(&k, 0, CS_O_BONE_CA) - cs_test_at(&k, -1, CS_O_BONE_CA);
    double loss_b = cs_test_at(&b, 0, CS_O_BONE_CA) - cs_test_at(&b, -1, CS_O_BONE_CA);
    assert_between(loss_k, -1e9, loss_b - 1e-9, "T17 3-yr bone loss with MK-7 [g] (< baseline)");
    cs_test_run_free(&k);
    cs_test_run_free(&b);
}

static void T18_mass_balance(void **state)
{
    (void)state;
    const char *sets[] = {NULL, "kidney_function=0.3 d3_supplement_iu_per_day=4000",
                          "mk7_supplement_ug_per_day=360 initial_vessel_ca_mg=1000"};
    for (size_t s = 0; s < sizeof sets / sizeof sets[0]; s++) {
        cs_test_run r = cs_test_run_params(sets[s], 10, 7);
        double body0 = cs_test_at(&r, 0, CS_O_BODY_CA);
        for (size_t i = 0; i < cs_test_nrows(&r); i++) {
            double gap = cs_test_at(&r, (long)i, CS_O_BODY_CA) - body0 -
                         cs_test_at(&r, (long)i, CS_O_NET_INTAKE);
            assert_between(fabs(gap), 0, 1e-6 * body0,
                           "T18 |body - body0 - net_intake| [mg] (<= 1e-6 x body0)");
        }
        cs_test_run_free(&r);
    }
}

static void check_sane(const cs_test_run *r, const char *what)
{
    for (size_t i = 0; i < cs_test_nrows(r); i++)
        for (int c = 0; c < CS_NOUTPUT; c++) {
            double v = cs_test_at(r, (long)i, c);
            if (!isfinite(v) || (c != CS_O_NET_INTAKE && v < 0)) {
                print_error("T19 %s: %s = %g at row %zu (must be finite and >= 0)\n", what,
                            cs_output_info_at(c)->name, v, i);
                fail();
            }
        }
}

static void T19_edges(void **state)
{
    (void)state;
    for (int i = 0; i < cs_param_count(); i++) {
        const cs_param_info *in = cs_param_info_at(i);
        for (int end = 0; end < 2; end++) {
            double v = end ? in->max : in->min;
            double years = 10, every = 30;
            if (strcmp(in->name, "years") == 0) {
                years = v;
                every = fmin(30, v * 365.25);
            } else if (strcmp(in->name, "output_every_days") == 0) {
                every = v;
                years = fmax(10, v / 365.25);
            }
            char sets[160];
            snprintf(sets, sizeof sets, "%s=%.17g", in->name, v);
            cs_test_run r = cs_test_run_params(sets, years, every);
            check_sane(&r, sets);
            cs_test_run_free(&r);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(T01_homeostasis),
        cmocka_unit_test(T02_baseline_fluxes),
        cmocka_unit_test(T03_baseline_bone_loss),
        cmocka_unit_test(T04_calcium_intake),
        cmocka_unit_test(T05_vitamin_d),
        cmocka_unit_test(T06_vitamin_d_absorption),
        cmocka_unit_test(T07_mgp_dose_response),
        cmocka_unit_test(T08_mk7_vs_mk4),
        cmocka_unit_test(T09_baseline_vessel_growth),
        cmocka_unit_test(T10_rotterdam),
        cmocka_unit_test(T11_k2_dose_response),
        cmocka_unit_test(T12_d3_without_k2),
        cmocka_unit_test(T13_prevention_not_removal),
        cmocka_unit_test(T14_warfarin),
        cmocka_unit_test(T15_ckd),
        cmocka_unit_test(T16_k1_is_not_k2),
        cmocka_unit_test(T17_osteocalcin_and_bone),
        cmocka_unit_test(T18_mass_balance),
        cmocka_unit_test(T19_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
