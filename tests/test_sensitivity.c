/*
 * test_sensitivity.c - local sensitivity: cs_sensitivity() in the library against runs done
 * by hand, `calcsim sensitivity` as a command (T29 of targets.md: its elasticities match
 * finite differences through `calcsim run` within 5 %; the same output for any --jobs),
 * and `calcsim plot-sensitivity` drawing the tornado.
 */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* 10-year accrual [mg] with the settings sets. */
static double accrual(const char *sets)
{
    cs_test_run r = cs_test_run_params(sets, 10, 30);
    double a = cs_test_at(&r, -1, CS_O_VESSEL_CA) - cs_test_at(&r, 0, CS_O_VESSEL_CA);
    cs_test_run_free(&r);
    return a;
}

/* The library's elasticities equal those of three runs done by hand, and the rows are
 * ranked by |elasticity|. */
static void library_matches_hand_runs(void **state)
{
    (void)state;
    cs_params base;
    cs_test_params(&base, "years=10 output_every_days=30");
    int metric = cs_sweep_metric_find("vessel_ca_mg_change");
    cs_sens_spec spec = {&base, &metric, 1, 0.1, 2};
    cs_sens_row *rows = NULL;
    size_t n = 0;
    cs_error e;
    cs_error_clear(&e);
    assert_int_equal(cs_sensitivity(&spec, &rows, &n, &e), CS_OK);
    int included = 0;
    for (int i = 0; i < cs_param_count(); i++)
        included += cs_sens_includes(&base, i);
    assert_int_equal(n, (size_t)included);
    for (size_t k = 1; k < n; k++)
        if (isfinite(rows[k].elasticity))
            assert_true(fabs(rows[k - 1].elasticity) >= fabs(rows[k].elasticity));
    assert_int_equal(rows[0].rank, 1);
    /* kidney_function sits at 1 with a maximum of 1.2: both sides move. */
    const cs_sens_row *kid = NULL;
    for (size_t k = 0; k < n; k++)
        if (rows[k].param == cs_param_find("kidney_function"))
            kid = &rows[k];
    assert_non_null(kid);
    double y0 = accrual(""), yd = accrual("kidney_function=0.9"),
           yu = accrual("kidney_function=1.1");
    assert_close(kid->y0, y0, 1e-9, 0, "base accrual [mg]");
    assert_close(kid->elasticity, ((yu - yd) / y0) / 0.2, 1e-9, 0, "central elasticity");
    assert_close(kid->elasticity_down, ((yd - y0) / y0) / -0.1, 1e-9, 0, "elasticity down");
    assert_close(kid->elasticity_up, ((yu - y0) / y0) / 0.1, 1e-9, 0, "elasticity up");
    free(rows);

    /* Bad specifications. */
    spec.step = 0;
    assert_int_equal(cs_sensitivity(&spec, &rows, &n, &e), CS_EUSAGE);
    spec.step = 0.6;
    assert_int_equal(cs_sensitivity(&spec, &rows, &n, &e), CS_EUSAGE);
    spec.step = 0.1;
    spec.jobs = 0;
    assert_int_equal(cs_sensitivity(&spec, &rows, &n, &e), CS_EUSAGE);
    assert_int_equal(cs_sensitivity(NULL, &rows, &n, &e), CS_EUSAGE);
}

/* A parameter at its bound gets the one-sided value as its elasticity. */
static void one_sided_at_a_bound(void **state)
{
    (void)state;
    cs_params base;
    cs_test_params(&base, "years=2 output_every_days=30 kidney_function=1.2");
    int metric = cs_sweep_metric_find("vessel_ca_mg_change");
    cs_sens_spec spec = {&base, &metric, 1, 0.1, 1};
    cs_sens_row *rows = NULL;
    size_t n = 0;
    cs_error e;
    cs_error_clear(&e);
    assert_int_equal(cs_sensitivity(&spec, &rows, &n, &e), CS_OK);
    for (size_t k = 0; k < n; k++)
        if (rows[k].param == cs_param_find("kidney_function")) {
            assert_true(rows[k].up == 1.2);
            assert_true(isnan(rows[k].elasticity_up));
            assert_close(rows[k].elasticity, rows[k].elasticity_down, 0, 0, "one-sided");
        }
    free(rows);
}

/* ---- the command ----------------------------------------------------------------------- */

static cs_test_result calcsim_env(const char *const *args, const char *const *extra)
{
    static const char *const env[] = {"CALCSIM_MODELS=" CALCSIM_MODELS_DIR, NULL};
    static const char *const unset[] = {"LC_ALL", "LANG", "LC_NUMERIC", NULL};
    cs_test_cmd cmd = {.args = args, .env = env, .unset = unset, .extra_env = extra};
    return cs_test_exec(&cmd);
}

static cs_test_result calcsim(const char *const *args)
{
    return calcsim_env(args, NULL);
}

/* Field col of the comma-separated line (no quotes in the fields read here), or "". */
static void csv_field(const char *line, int col, char *out, size_t n)
{
    for (int c = 0; c < col && line; c++) {
        line = strchr(line, ',');
        if (line)
            line++;
    }
    size_t len = line ? strcspn(line, ",\n") : 0;
    snprintf(out, n, "%.*s", (int)len, line ? line : "");
}

/* Index of column name in the header line, or -1. */
static int csv_col(const char *header, const char *name)
{
    char f[64];
    for (int c = 0; c < 40; c++) {
        csv_field(header, c, f, sizeof f);
        if (strcmp(f, name) == 0)
            return c;
    }
    return -1;
}

/* vessel_ca_mg at the last row minus at the first, from the CSV of `calcsim run`. */
static double run_accrual(const char *out)
{
    const char *header = strstr(out, "\nt_days,");
    assert_non_null(header);
    header++;
    int col = csv_col(header, "vessel_ca_mg");
    assert_true(col >= 0);
    const char *first = strchr(header, '\n') + 1, *last = first;
    for (const char *p = first; *p; p++)
        if (*p == '\n' && p[1])
            last = p + 1;
    char a[64], b[64];
    csv_field(first, col, a, sizeof a);
    csv_field(last, col, b, sizeof b);
    return atof(b) - atof(a);
}

static double run_with(const char *name, const char *value)
{
    char set[128];
    snprintf(set, sizeof set, "%s=%s", name, value);
    cs_test_result r =
        calcsim((const char *[]){"run", "baseline", "--every", "30", "--set", set, "-q", NULL});
    assert_int_equal(r.status, 0);
    double a = run_accrual(r.out);
    cs_test_result_free(&r);
    return a;
}

/*
 * T29: `calcsim sensitivity baseline --metric vessel_ca_mg_change --format csv` has one row
 * per parameter with `parameter` and `elasticity`; for the three largest effects the
 * elasticity matches finite differences through `calcsim run` within 5 %.
 */
static void T29_sensitivity_matches_run(void **state)
{
    (void)state;
    cs_test_result r = calcsim((const char *[]){"sensitivity", "baseline", "--metric",
                                                "vessel_ca_mg_change", "--format", "csv", NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "# Educational toy model - not medical advice\n"));
    const char *header = strstr(r.out, "\nmetric,");
    assert_non_null(header);
    header++;
    int cp = csv_col(header, "parameter"), ce = csv_col(header, "elasticity");
    int cd = csv_col(header, "value_down"), cu = csv_col(header, "value_up");
    assert_true(cp >= 0 && ce >= 0 && cd >= 0 && cu >= 0);
    assert_true(csv_col(header, "default") >= 0 && csv_col(header, "unit") >= 0);
    assert_true(csv_col(header, "elasticity_up") >= 0 && csv_col(header, "elasticity_down") >= 0);
    cs_params base;
    cs_params_default(&base);
    int included = 0;
    for (int i = 0; i < cs_param_count(); i++)
        included += cs_sens_includes(&base, i);
    assert_int_equal(cs_test_count_lines(strchr(header, '\n') + 1), included);

    double y0 = run_with("years", "10");
    const char *line = strchr(header, '\n') + 1;
    for (int k = 0; k < 3; k++) {
        char p[64], e[64], d[64], u[64];
        csv_field(line, cp, p, sizeof p);
        csv_field(line, ce, e, sizeof e);
        csv_field(line, cd, d, sizeof d);
        csv_field(line, cu, u, sizeof u);
        double v = base.v[cs_param_find(p)];
        double fd = ((run_with(p, u) - run_with(p, d)) / y0) / ((atof(u) - atof(d)) / v);
        char what[160];
        snprintf(what, sizeof what, "T29 elasticity of %s (calcsim run gives %.4g)", p, fd);
        assert_between(atof(e), fd - 0.05 * fabs(fd), fd + 0.05 * fabs(fd), what);
        line = strchr(line, '\n') + 1;
    }
    cs_test_result_free(&r);
}

/* The output is the same for any --jobs, except the command line it quotes. */
static void same_for_any_jobs(void **state)
{
    (void)state;
    cs_test_result a = calcsim((const char *[]){"sensitivity", "ckd", "--years", "3", "--format",
                                                "csv", "--jobs", "1", NULL});
    cs_test_result b = calcsim((const char *[]){"sensitivity", "ckd", "--years", "3", "--format",
                                                "csv", "--jobs", "3", NULL});
    assert_int_equal(a.status, 0);
    assert_int_equal(b.status, 0);
    const char *ra = strstr(a.out, "\nmetric,"), *rb = strstr(b.out, "\nmetric,");
    assert_non_null(ra);
    assert_non_null(rb);
    assert_string_equal(ra, rb);
    cs_test_result_free(&a);
    cs_test_result_free(&b);
}

/* The text table names the metric with its unit, ranks, and explains an elasticity. */
static void text_table(void **state)
{
    (void)state;
    cs_test_result r =
        calcsim((const char *[]){"sensitivity", "--years", "2", "--metric", "bone_ca_g_lost_pct",
                                 "--metric", "vessel_ca_mg_change", NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Sensitivity of bone_ca_g_lost_pct [%] in scenario baseline"));
    assert_non_null(strstr(r.out, "Sensitivity of vessel_ca_mg_change [mg] in scenario"));
    assert_non_null(strstr(r.out, "   1  "));
    assert_non_null(strstr(r.out, "+1 means 10 % more of the parameter"));
    assert_non_null(strstr(r.out, "not medical advice"));
    cs_test_result_free(&r);
}

/* -o FILE and plot-sensitivity: a PNG of the size of every figure; --keep leaves figure.gp. */
static void tornado_figure(void **state)
{
    (void)state;
    char dir[256], csv[512], png[512], keep[512], gp[600];
    assert_int_equal(cs_test_make_temp_dir(dir, sizeof dir, "sens"), 0);
    snprintf(csv, sizeof csv, "%s/s.csv", dir);
    snprintf(png, sizeof png, "%s/t.png", dir);
    snprintf(keep, sizeof keep, "%s/keep/", dir); /* a trailing slash is allowed */
    cs_test_result r = calcsim(
        (const char *[]){"sensitivity", "--years", "2", "--format", "csv", "-o", csv, NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "calcsim: wrote the sensitivity of 1 metric to "));
    cs_test_result_free(&r);
    r = calcsim((const char *[]){"plot-sensitivity", csv, "--top", "8", "-o", png, "--keep", keep,
                                 "-q", NULL});
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    cs_test_result_free(&r);
    size_t len = 0;
    char *bytes = cs_test_read_file(png, &len);
    assert_non_null(bytes);
    assert_true(len > 20000);
    assert_memory_equal(bytes, "\x89PNG", 4);
    /* PNG IHDR: width and height, big-endian, at bytes 16-23. */
    const unsigned char *u = (const unsigned char *)bytes;
    assert_int_equal((u[16] << 24) | (u[17] << 16) | (u[18] << 8) | u[19], 1600);
    assert_int_equal((u[20] << 24) | (u[21] << 16) | (u[22] << 8) | u[23], 1000);
    free(bytes);
    snprintf(gp, sizeof gp, "%sfigure.gp", keep);
    char *driver = cs_test_slurp(gp);
    assert_non_null(driver);
    assert_non_null(strstr(driver, "tornado.gp"));
    free(driver);

    /* SVG and PDF by extension; the SVG has one bar label per parameter drawn. */
    char svg[512], pdf[512];
    snprintf(svg, sizeof svg, "%s/t.svg", dir);
    snprintf(pdf, sizeof pdf, "%s/t.pdf", dir);
    r = calcsim((const char *[]){"plot-sensitivity", csv, "--top", "5", "-o", svg, "-q", NULL});
    assert_int_equal(r.status, 0);
    cs_test_result_free(&r);
    char *text = cs_test_slurp(svg);
    assert_non_null(strstr(text, "<svg"));
    assert_non_null(strstr(text, "vessel_growth_per_year"));
    assert_non_null(strstr(text, "not medical advice"));
    free(text);
    r = calcsim((const char *[]){"plot-sensitivity", csv, "-o", pdf, "-q", NULL});
    assert_int_equal(r.status, 0);
    cs_test_result_free(&r);
    bytes = cs_test_read_file(pdf, &len);
    assert_non_null(bytes);
    assert_memory_equal(bytes, "%PDF", 4);
    free(bytes);

    /* In the terminal: text on standard output, the bars and the disclaimer. */
    r = calcsim((const char *[]){"plot-sensitivity", csv, "--term", "--top", "4", NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "vessel_growth_per_year"));
    assert_non_null(strstr(r.out, "not medical advice"));
    cs_test_result_free(&r);

    /* Without gnuplot: exit 4 before anything is written. */
    char none[512];
    snprintf(none, sizeof none, "%s/none.png", dir);
    r = calcsim_env((const char *[]){"plot-sensitivity", csv, "-o", none, NULL},
                    (const char *const[]){"CALCSIM_GNUPLOT=/no/such/dir/gnuplot", NULL});
    assert_int_equal(r.status, 4);
    assert_int_equal(access(none, F_OK), -1);
    cs_test_result_free(&r);
    cs_test_remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(library_matches_hand_runs),
        cmocka_unit_test(one_sided_at_a_bound),
        cmocka_unit_test(T29_sensitivity_matches_run),
        cmocka_unit_test(same_for_any_jobs),
        cmocka_unit_test(text_table),
        cmocka_unit_test(tornado_figure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
