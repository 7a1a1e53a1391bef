/*
 * test_foods.c - the food table (calcsim/foods.h), plates, the [foods] section of scenario
 * files, --set food.NAME=GRAMS, `calcsim foods` and docs/foods.md being current.
 *
 * The plate arithmetic is checked against hand calculations from the table rows (an oracle
 * that knows nothing of foods.c): grams / 100 x value, vitamin D x 40 IU/ug, and the MK-4 share
 * of dietary K2 as a mass-weighted mean. Every error path is provoked on purpose.
 */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Runs the calcsim program with args (NULL-terminated) on the source tree's models/. */
static cs_test_result run(const char *const *args)
{
    static const char *const env[] = {"CALCSIM_MODELS=" CALCSIM_MODELS_DIR, "LC_ALL=C", NULL};
    cs_test_cmd cmd = {.args = args, .env = env};
    return cs_test_exec(&cmd);
}

/* Writes text to a new file dir/name and returns its path in buf. */
static const char *write_file(char *buf, size_t n, const char *dir, const char *name,
                              const char *text)
{
    snprintf(buf, n, "%s/%s", dir, name);
    FILE *f = fopen(buf, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static void test_table_is_sane(void **state)
{
    (void)state;
    assert_true(cs_food_count() >= 25);
    assert_null(cs_food_info_at(-1));
    assert_null(cs_food_info_at(cs_food_count()));
    static const char *const must[] = {"natto",      "gouda",
                                       "jarlsberg",  "emmental",
                                       "brie",       "curd_cheese",
                                       "egg_yolk",   "egg",
                                       "butter",     "chicken_leg",
                                       "beef_liver", "sauerkraut",
                                       "milk",       "yoghurt",
                                       "spinach",    "kale",
                                       "broccoli",   "lettuce",
                                       "salmon",     "sardines",
                                       "milk_us",    "fortified_plant_drink"};
    for (size_t k = 0; k < sizeof must / sizeof must[0]; k++)
        if (cs_food_find(must[k]) < 0)
            fail_msg("the food table lacks %s", must[k]);
    for (int i = 0; i < cs_food_count(); i++) {
        const cs_food_info *f = cs_food_info_at(i);
        assert_int_equal(cs_food_find(f->name), i); /* names are unique */
        for (const char *c = f->name; *c; c++)
            if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_'))
                fail_msg("%s: a food name is lower_snake_case", f->name);
        const double v[] = {f->k1_ug, f->mk4_ug, f->mk7_ug, f->mk8_10_ug,
                            f->ca_mg, f->d_ug,   f->mg_mg};
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
            if (!isfinite(v[k]) || v[k] < 0)
                fail_msg("%s: value %zu is %g", f->name, k, v[k]);
        if (strlen(f->label) < 3 || strlen(f->source) < 10)
            fail_msg("%s: needs a label and a source", f->name);
        if (!strstr(f->source, "[R]") && !strstr(f->source, "[D]") && !strstr(f->source, "[M]"))
            fail_msg("%s: the source must tag its values [R], [D] or [M]", f->name);
    }
    /* natto is the richest menaquinone source by far; cheese carries mostly MK-8..10 */
    const cs_food_info *natto = cs_food_info_at(cs_food_find("natto"));
    const cs_food_info *gouda = cs_food_info_at(cs_food_find("gouda"));
    assert_between(natto->mk4_ug + natto->mk7_ug + natto->mk8_10_ug, 800, 1200, "natto K2");
    assert_true(gouda->mk8_10_ug > gouda->mk4_ug + gouda->mk7_ug);
}

static void test_suggest(void **state)
{
    (void)state;
    assert_string_equal(cs_food_suggest("nato"), "natto");
    assert_string_equal(cs_food_suggest("Gouda"), "gouda");
    assert_string_equal(cs_food_suggest("egg_yolks"), "egg_yolk");
    assert_non_null(cs_food_suggest(NULL));
    assert_int_equal(cs_food_find(NULL), -1);
}

static void test_plate_set_errors(void **state)
{
    (void)state;
    cs_plate p;
    memset(&p, 0, sizeof p);
    cs_error err;
    cs_error_clear(&err);
    assert_int_equal(cs_plate_set(&p, "nato", 10, &err), CS_EUSAGE);
    assert_non_null(strstr(err.text, "did you mean 'natto'"));
    cs_error_clear(&err);
    assert_int_equal(cs_plate_set(&p, "natto", -2.385, &err), CS_ERANGE);
    assert_non_null(strstr(err.text, "negative"));
    cs_error_clear(&err);
    assert_int_equal(cs_plate_set(&p, "natto", CS_FOOD_MAX_G_PER_DAY + 0.5, &err), CS_ERANGE);
    assert_non_null(strstr(err.text, "implausible"));
    cs_error_clear(&err);
    assert_int_equal(cs_plate_set(&p, "natto", NAN, &err), CS_ERANGE);
    cs_error_clear(&err);
    assert_int_equal(cs_plate_set_text(&p, "natto", "10 g", &err), CS_EPARSE);
    assert_string_equal(err.key, "natto");
    cs_error_clear(&err);
    assert_int_equal(cs_plate_set_text(&p, "natto", "nan", &err), CS_EPARSE);
    assert_int_equal(cs_plate_set(NULL, "natto", 1, NULL), CS_EUSAGE);
    assert_int_equal(cs_plate_count(&p), 0); /* nothing failed half-way */
    assert_int_equal(cs_plate_set_text(&p, "natto", "1e1", NULL), CS_OK);
    assert_int_equal(cs_plate_set(&p, "gouda", CS_FOOD_MAX_G_PER_DAY, NULL), CS_OK);
    assert_int_equal(cs_plate_count(&p), 2);
    assert_int_equal(cs_plate_count(NULL), 0);
}

/* The oracle: what grams of food i add, by hand from the table row. */
static void test_plate_apply_matches_hand_calculation(void **state)
{
    (void)state;
    static const struct {
        const char *food;
        double g;
    } eat[] = {{"natto", 7.385}, {"gouda", 23.85}, {"egg_yolk", 17}, {"salmon", 123.4}};
    cs_plate p;
    memset(&p, 0, sizeof p);
    double k1 = 0, mk4 = 0, mkl = 0, ca = 0, d = 0, mg = 0;
    for (size_t k = 0; k < sizeof eat / sizeof eat[0]; k++) {
        assert_int_equal(cs_plate_set(&p, eat[k].food, eat[k].g, NULL), CS_OK);
        const cs_food_info *f = cs_food_info_at(cs_food_find(eat[k].food));
        double s = eat[k].g / 100;
        k1 += s * f->k1_ug, mk4 += s * f->mk4_ug, mkl += s * (f->mk7_ug + f->mk8_10_ug);
        ca += s * f->ca_mg, d += s * f->d_ug * 40, mg += s * f->mg_mg;
    }
    cs_params base, out;
    cs_test_params(&base, "k2_intake_ug_per_day=12.5 k2_diet_mk4_fraction=0.4 "
                          "calcium_intake_mg_per_day=700");
    assert_int_equal(cs_plate_apply(&p, &base, &out, NULL), CS_OK);
    assert_close(cs_params_get(&out, "k1_intake_ug_per_day"), 100 + k1, 1e-12, 0, "K1");
    assert_close(cs_params_get(&out, "k2_intake_ug_per_day"), 12.5 + mk4 + mkl, 1e-12, 0, "K2");
    assert_close(cs_params_get(&out, "k2_diet_mk4_fraction"),
                 (12.5 * 0.4 + mk4) / (12.5 + mk4 + mkl), 1e-12, 0, "MK-4 share");
    assert_close(cs_params_get(&out, "calcium_intake_mg_per_day"), 700 + ca, 1e-12, 0, "Ca");
    assert_close(cs_params_get(&out, "d3_intake_iu_per_day"), 400 + d, 1e-12, 0, "D3");
    assert_close(cs_params_get(&out, "magnesium_intake_mg_per_day"), 320 + mg, 1e-12, 0, "Mg");
    assert_close(cs_params_get(&out, "years"), 10, 0, 0, "other parameters are untouched");

    /* the check of the issue: 10 g of natto is about 100 ug/day more menaquinone */
    memset(&p, 0, sizeof p);
    assert_int_equal(cs_plate_set(&p, "natto", 10, NULL), CS_OK);
    cs_food_totals t;
    cs_plate_totals(&p, &t);
    assert_between(t.mk4_ug + t.mklong_ug, 90, 120, "10 g natto, ug/day");

    /* an empty plate changes nothing, not even the MK-4 share */
    assert_int_equal(cs_plate_apply(NULL, &base, &out, NULL), CS_OK);
    assert_memory_equal(&out, &base, sizeof out);

    /* totals out of range are refused and out stays as it was */
    assert_int_equal(cs_plate_set(&p, "natto", 50, NULL), CS_OK);
    cs_error err;
    cs_error_clear(&err);
    out = base;
    assert_int_equal(cs_plate_apply(&p, &base, &out, &err), CS_ERANGE);
    assert_string_equal(err.key, "k2_intake_ug_per_day");
    assert_non_null(strstr(err.text, "allowed 0 to 500 ug/day"));
    assert_memory_equal(&out, &base, sizeof out);
    assert_int_equal(cs_plate_apply(&p, NULL, &out, NULL), CS_EUSAGE);
}

typedef struct {
    char dir[512];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f || cs_test_make_temp_dir(f->dir, sizeof f->dir, "calcsim-foods") != 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    cs_test_remove_tree(f->dir);
    free(f);
    return 0;
}

#define HDR "[scenario]\ntitle = T\nteaches = P\n"

/* The total vitamin inputs (calcsim/intake.h) of a parameter set with foods, supplements and
 * a weekly dose, against sums done by hand. */
static void test_intake_totals(void **state)
{
    (void)state;
    cs_params base, p;
    cs_params_default(&base);
    cs_error err;
    cs_error_clear(&err);
    assert_int_equal(cs_params_set(&base, "k2_intake_ug_per_day", 40, &err), CS_OK);
    assert_int_equal(cs_params_set(&base, "mk7_supplement_ug_per_day", 90, &err), CS_OK);
    assert_int_equal(cs_params_set(&base, "k1_supplement_ug_per_day", 500, &err), CS_OK);
    assert_int_equal(cs_params_set(&base, "d3_supplement_iu_per_day", 1000, &err), CS_OK);
    assert_int_equal(cs_params_set(&base, "supplement_interval_days", 7, &err), CS_OK);
    cs_plate plate;
    memset(&plate, 0, sizeof plate);
    assert_int_equal(cs_plate_set(&plate, "natto", 10, &err), CS_OK);
    assert_int_equal(cs_plate_apply(&plate, &base, &p, &err), CS_OK);
    const cs_food_info *natto = cs_food_info_at(cs_food_find("natto"));
    double k2 = 40 + 0.1 * (natto->mk4_ug + natto->mk7_ug + natto->mk8_10_ug);
    double k1 = 100 + 0.1 * natto->k1_ug;
    double d3 = 400 + 0.1 * natto->d_ug * 40;

    cs_d3_totals d = cs_params_d3_totals(&p);
    assert_true(fabs(d.diet_iu - d3) < 1e-9);
    assert_true(fabs(d.skin_iu - 2000) < 1e-12);
    assert_true(fabs(d.supplement_iu - 1000) < 1e-12);
    assert_true(fabs(d.total_iu - (d3 + 3000)) < 1e-9);
    assert_true(fabs(cs_params_d3_total_iu_per_day(&p) - d.total_iu) < 1e-12);

    cs_vitk_totals k = cs_params_vitk_totals(&p);
    double f4 = p.v[cs_param_find("k2_diet_mk4_fraction")];
    assert_true(fabs(k.k1_ug - (k1 + 500)) < 1e-9);
    assert_true(fabs(k.mk4_ug - k2 * f4) < 1e-9);
    assert_true(fabs(k.mk7_ug - (k2 * (1 - f4) + 90)) < 1e-9);
    assert_true(fabs(k.total_ug - (k1 + k2 + 590)) < 1e-9);
    assert_true(fabs(k.diet_ug - (k1 + k2)) < 1e-9);
    assert_true(fabs(k.supplement_ug - 590) < 1e-12);

    char text[400];
    cs_params_d3_describe(&p, text, sizeof text);
    assert_non_null(strstr(text, " + skin 2000 [assumed] + supplement 1000 [taken as 7000 IU "
                                 "every 7 d])"));
    cs_params_vitk_describe(&p, text, sizeof text);
    assert_non_null(strstr(text, "; diet "));
    assert_non_null(strstr(text, " + supplement 590 [taken as 4130 ug every 7 d])"));
    assert_true(isnan(cs_params_d3_total_iu_per_day(NULL)));
    assert_true(isnan(cs_params_vitk_totals(NULL).total_ug));
    assert_int_equal(cs_params_d3_describe(NULL, text, sizeof text), 0);
    assert_string_equal(text, "");
}

static void test_scenario_foods(void **state)
{
    fixture *fx = *state;
    char path[1024];
    cs_scenario sc;
    cs_error err;
    cs_error_clear(&err);
    write_file(path, sizeof path, fx->dir, "ok.ini",
               HDR "[foods]\nnatto = 10\n\n[parameters]\nk2_intake_ug_per_day = 20\n");
    assert_int_equal(cs_scenario_load(path, &sc, &err), CS_OK);
    assert_close(cs_params_get(&sc.base, "k2_intake_ug_per_day"), 20, 0, 0, "base K2");
    assert_close(cs_params_get(&sc.params, "k2_intake_ug_per_day"), 20 + 109.85, 1e-12, 0, "K2");
    assert_int_equal(sc.nset, 1);

    /* --set semantics: an intake set later is the diet besides the foods */
    assert_int_equal(cs_scenario_set(&sc, "k2_intake_ug_per_day", "0", NULL), CS_OK);
    assert_close(cs_params_get(&sc.params, "k2_intake_ug_per_day"), 109.85, 1e-12, 0, "K2");
    assert_int_equal(cs_scenario_set(&sc, "food.natto", "0", NULL), CS_OK);
    assert_close(cs_params_get(&sc.params, "k2_intake_ug_per_day"), 0, 0, 0, "no natto");
    assert_int_equal(cs_scenario_set(&sc, "food.gouda", "100", NULL), CS_OK);
    assert_close(cs_params_get(&sc.params, "k2_diet_mk4_fraction"), 5.0 / 56, 1e-12, 0,
                 "all K2 from Gouda: its MK-4 share");
    cs_scenario before = sc;
    assert_int_equal(cs_scenario_set(&sc, "food.nato", "1", &err), CS_EUSAGE);
    cs_error_clear(&err);
    assert_int_equal(cs_scenario_set(&sc, "food.natto", "100", &err), CS_ERANGE);
    assert_int_equal(cs_scenario_set(&sc, "years", "1000", NULL), CS_ERANGE);
    assert_memory_equal(&sc, &before, sizeof sc); /* unchanged on failure */
    assert_int_equal(cs_scenario_set(NULL, "years", "1", NULL), CS_EUSAGE);

    static const struct {
        const char *text;
        int code, line;
        const char *want;
    } bad[] = {
        {HDR "[foods]\nnato = 10\n", CS_EUSAGE, 5,
         "unknown food 'nato' in [foods]; did you mean 'natto'?"},
        {HDR "[foods]\nnatto = -1\n", CS_ERANGE, 5, "negative"},
        {HDR "[foods]\nmilk = 5000\n", CS_ERANGE, 5, "at most 1500 g/day"},
        {HDR "[foods]\nnatto = ten\n", CS_EPARSE, 5, "not a number"},
        {HDR "[foods]\nnatto = 1\nnatto = 2\n", CS_EPARSE, 6, "duplicate key 'natto'"},
        {HDR "[foods]\nnatto = 30\nnatto_x = 1\n", CS_EUSAGE, 6, "unknown food"},
        {HDR "[foods]\nnatto = 30\ngouda = 300\n", CS_ERANGE, 6, "k2_intake_ug_per_day"},
        {HDR "\n[foods]\nnatto = 40\n[parameters]\nk2_intake_ug_per_day = 100\n", CS_ERANGE, 5,
         "the foods bring k2_intake_ug_per_day to 539.4"},
        {HDR "[food]\nnatto = 1\n", CS_EPARSE, 4, "did you mean [foods]?"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        write_file(path, sizeof path, fx->dir, "bad.ini", bad[i].text);
        cs_error_clear(&err);
        int rc = cs_scenario_load(path, &sc, &err);
        if (rc != bad[i].code || err.line != bad[i].line || !strstr(err.text, bad[i].want))
            fail_msg("case %zu: got %d line %d '%s'; want %d line %d '%s'", i, rc, err.line,
                     err.text, bad[i].code, bad[i].line, bad[i].want);
    }
}

static void test_cli_foods(void **state)
{
    (void)state;
    cs_test_result r = run((const char *[]){"foods", "--format", "csv", NULL});
    assert_run_ok(&r, "calcsim foods --format csv");
    assert_non_null(strstr(r.out, "name,unit,k1_ug,mk4_ug,mk7_ug,mk8_10_ug,calcium_mg,"
                                  "vitamin_d_ug,magnesium_mg,source,label,group\n"));
    assert_int_equal(cs_test_count_lines(r.out), cs_food_count() + 1);
    assert_non_null(strstr(r.out, "\nnatto,per 100 g,32.1,0,1098.5,"));
    cs_test_result_free(&r);
    r = run((const char *[]){"foods", "--format", "json", NULL});
    assert_run_ok(&r, "calcsim foods --format json");
    assert_non_null(strstr(r.out, "{\"name\": \"natto\", \"label\": "));
    assert_int_equal(r.out[strlen(r.out) - 2], '}');
    cs_test_result_free(&r);
    r = run((const char *[]){"foods", NULL});
    assert_run_ok(&r, "calcsim foods");
    assert_non_null(strstr(r.out, "source: "));
    cs_test_result_free(&r);
    r = run((const char *[]){"foods", "--format", "xml", NULL});
    assert_error_line(&r, 2, "--format 'xml' is not one of: text, csv, markdown, json", NULL);
    cs_test_result_free(&r);

    /* the metadata of a run lists the foods and the totals they make */
    r = run((const char *[]){"run", "natto_daily", "--years", "0.1", "-q", "--set", "food.gouda=30",
                             NULL});
    assert_run_ok(&r, "natto_daily with Gouda");
    assert_non_null(strstr(r.out, "\n# food natto = 10 g/day\n"));
    assert_non_null(strstr(r.out, "\n# food gouda = 30 g/day\n"));
    assert_non_null(strstr(r.out, "\n# food totals: k1 +3.96 ug/day, k2 +126.65 ug/day "));
    assert_non_null(strstr(r.out, "\n# parameter k2_intake_ug_per_day = 156.65 ug/day (foods)\n"));
    cs_test_result_free(&r);
    r = run((const char *[]){"run", "baseline", "--set", "food.nato=10", NULL});
    assert_error_line(&r, 2, "--set food.nato=10: unknown food 'nato'; did you mean 'natto'?",
                      NULL);
    cs_test_result_free(&r);
}

static void test_foods_md_is_current(void **state)
{
    (void)state;
    cs_test_result r = run((const char *[]){"foods", "--format", "markdown", NULL});
    assert_run_ok(&r, "calcsim foods --format markdown");
    char *doc = cs_test_slurp(CALCSIM_SOURCE_DIR "/docs/foods.md");
    if (strcmp(doc, r.out) != 0) {
        size_t i = 0;
        int line = 1;
        for (; doc[i] && doc[i] == r.out[i]; i++)
            line += doc[i] == '\n';
        fail_msg("docs/foods.md is stale (first difference on line %d); regenerate it from the "
                 "source root with: ./build/calcsim foods --format markdown > docs/foods.md",
                 line);
    }
    free(doc);
    cs_test_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_is_sane),
        cmocka_unit_test(test_suggest),
        cmocka_unit_test(test_plate_set_errors),
        cmocka_unit_test(test_plate_apply_matches_hand_calculation),
        cmocka_unit_test(test_intake_totals),
        cmocka_unit_test_setup_teardown(test_scenario_foods, setup, teardown),
        cmocka_unit_test(test_cli_foods),
        cmocka_unit_test(test_foods_md_is_current),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
