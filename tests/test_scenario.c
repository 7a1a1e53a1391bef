/*
 * test_scenario.c - scenario files: every committed scenario (models/NAME.ini), every error path of
 * cs_scenario_load() with its line number, and cs_scenario_resolve() / cs_scenario_list().
 *
 * Bad files are written to a fresh temporary folder from tables below (bytes and all, so
 * NUL and invalid UTF-8 are exact), loaded, and checked for status, line, key and a piece
 * of the text. The committed scenarios are found through CALCSIM_MODELS_DIR.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "calcsim/calcsim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Scenarios the brief asks for; models/ must hold at least these. */
static const char *const required_models[] = {
    "baseline",
    "cheese_lover",
    "natto_daily",
    "vegan_no_k2",
    "western_typical",
    "calcium_high",
    "calcium_low",
    "ckd",
    "ckd_with_k2",
    "d3_high_with_k2",
    "d3_high_without_k2",
    "established_calcification",
    "established_calcification_with_k2",
    "k1_extra",
    "k2_deficient",
    "k2_extra",
    "k2_supplement",
    "lifelong_high_k2",
    "lifelong_low_k2",
    "mk4_weekly",
    "mk7_weekly",
    "warfarin",
    "warfarin_with_k2",
};
#define NREQUIRED (sizeof required_models / sizeof required_models[0])

/* ---- helpers ------------------------------------------------------------------------ */

/* A temporary folder for one test (tmp_setup), removed with its files by tmp_teardown(). */
typedef struct {
    char dir[64];
    char files[64][64];
    int nfiles;
} tmp_dir;

/* cmocka setup: a fresh temporary folder as the test's state. */
static int tmp_setup(void **state)
{
    tmp_dir *t = calloc(1, sizeof *t);
    if (!t)
        return -1;
    snprintf(t->dir, sizeof t->dir, "/tmp/cs_test_scenario_XXXXXX");
    if (!mkdtemp(t->dir)) {
        free(t);
        return -1;
    }
    *state = t;
    return 0;
}

/* Writes len bytes of data (len 0: strlen) to t->dir/name; returns the path in path. */
static void tmp_write(tmp_dir *t, const char *name, const char *data, size_t len, char *path,
                      size_t n)
{
    snprintf(path, n, "%s/%s", t->dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    if (len == 0)
        len = strlen(data);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    assert_true(t->nfiles < 64);
    snprintf(t->files[t->nfiles++], sizeof t->files[0], "%s", name);
}

/* cmocka teardown: removes the folder and what the test wrote into it, even after a failure. */
static int tmp_teardown(void **state)
{
    tmp_dir *t = *state;
    char path[256];
    for (int i = t->nfiles - 1; i >= 0; i--) {
        snprintf(path, sizeof path, "%s/%s", t->dir, t->files[i]);
        if (unlink(path) != 0)
            rmdir(path);
    }
    rmdir(t->dir);
    free(t);
    return 0;
}

/* Relative comparison of doubles (cmocka 1.1.5 has no assert_double_equal). */
static void assert_close(double got, double want, double rel, const char *what)
{
    double tol = rel * fmax(fabs(want), 1e-300);
    if (!(fabs(got - want) <= tol))
        fail_msg("%s: got %.17g, want %.17g (rel. tolerance %g)", what, got, want, rel);
}

/* ---- every committed scenario ------------------------------------------------------- */

typedef struct {
    int n;
    char names[64][128];
    int sorted;
} list_acc;

static void collect(void *ctx, const char *name, const char *path)
{
    list_acc *a = ctx;
    char want[1200];
    snprintf(want, sizeof want, "%s/%s.ini", CALCSIM_MODELS_DIR, name);
    if (strcmp(path, want) != 0)
        fail_msg("list gave path '%s' for '%s', expected '%s'", path, name, want);
    if (a->n > 0 && strcmp(a->names[a->n - 1], name) >= 0)
        a->sorted = 0;
    if (a->n < 64)
        snprintf(a->names[a->n++], sizeof a->names[0], "%s", name);
}

/* Every models/NAME.ini loads, has a title and a paragraph, sets only non-default values. */
static void test_models_all_load(void **state)
{
    (void)state;
    list_acc acc = {.sorted = 1};
    cs_error err;
    cs_error_clear(&err);
    int n = cs_scenario_list(CALCSIM_MODELS_DIR, collect, &acc, &err);
    assert_int_equal(n, acc.n);
    assert_true(n >= (int)NREQUIRED);
    assert_true(acc.sorted);
    cs_params defaults;
    cs_params_default(&defaults);
    for (int i = 0; i < acc.n; i++) {
        char path[1200];
        snprintf(path, sizeof path, "%s/%s.ini", CALCSIM_MODELS_DIR, acc.names[i]);
        cs_scenario sc;
        cs_error_clear(&err);
        int rc = cs_scenario_load(path, &sc, &err);
        if (rc != CS_OK) {
            char buf[1400];
            fail_msg("%s", cs_error_format(&err, buf, sizeof buf));
        }
        assert_string_equal(sc.name, acc.names[i]);
        assert_string_equal(sc.path, path);
        if (strlen(sc.title) < 10 || strlen(sc.title) > 100)
            fail_msg("%s: the title should be one line of 10-100 characters", sc.name);
        if (strlen(sc.teaches) < 300)
            fail_msg("%s: teaches should be a real paragraph (%zu characters)", sc.name,
                     strlen(sc.teaches));
        if (!strstr(sc.teaches, "not medical advice"))
            fail_msg("%s: teaches should say it is not medical advice", sc.name);
        if (strstr(sc.teaches, "  "))
            fail_msg("%s: teaches holds a double space", sc.name);
        int differ = 0;
        for (int k = 0; k < cs_param_count(); k++)
            differ += sc.base.v[k] != defaults.v[k]; /* [parameters]; foods add to params */
        if (differ != sc.nset)
            fail_msg("%s: sets %d parameters but only %d differ from the defaults", sc.name,
                     sc.nset, differ);
        cs_error_clear(&err);
        if (cs_params_check(&sc.params, &err) != CS_OK)
            fail_msg("%s: parameters fail cs_params_check: %s", sc.name, err.text);
    }
    for (size_t r = 0; r < NREQUIRED; r++) {
        int found = 0;
        for (int i = 0; i < acc.n; i++)
            found |= strcmp(acc.names[i], required_models[r]) == 0;
        if (!found)
            fail_msg("models/%s.ini is missing", required_models[r]);
    }
}

/* The values each scenario is meant to set (the story it tells depends on them). */
static void test_models_values(void **state)
{
    (void)state;
    static const struct {
        const char *scenario, *param;
        double value;
    } want[] = {
        {"k2_deficient", "k2_intake_ug_per_day", 0},
        {"k2_supplement", "mk7_supplement_ug_per_day", 180},
        {"mk4_weekly", "mk4_supplement_ug_per_day", 180},
        {"mk4_weekly", "years", 0.0192},
        {"mk4_weekly", "output_every_days", 0.041667},
        {"mk7_weekly", "mk7_supplement_ug_per_day", 180},
        {"mk7_weekly", "mk4_supplement_ug_per_day", 0},
        {"mk7_weekly", "years", 0.0192},
        {"mk7_weekly", "output_every_days", 0.041667},
        {"d3_high_without_k2", "d3_supplement_iu_per_day", 4000},
        {"d3_high_without_k2", "k2_intake_ug_per_day", 0},
        {"d3_high_with_k2", "d3_supplement_iu_per_day", 4000},
        {"d3_high_with_k2", "mk7_supplement_ug_per_day", 180},
        {"warfarin", "warfarin_inhibition", 0.8},
        {"warfarin_with_k2", "warfarin_inhibition", 0.8},
        {"warfarin_with_k2", "mk7_supplement_ug_per_day", 180},
        {"natto_daily", "k2_intake_ug_per_day", 30 + 109.85}, /* 10 g natto, docs/foods.md */
        {"vegan_no_k2", "k2_intake_ug_per_day", 0},
        {"ckd", "kidney_function", 0.3},
        {"ckd_with_k2", "kidney_function", 0.3},
        {"ckd_with_k2", "mk7_supplement_ug_per_day", 180},
        {"established_calcification", "initial_vessel_ca_mg", 1000},
        {"established_calcification_with_k2", "initial_vessel_ca_mg", 1000},
        {"established_calcification_with_k2", "mk7_supplement_ug_per_day", 360},
        {"established_calcification_with_k2", "years", 5},
        {"k1_extra", "k1_supplement_ug_per_day", 100},
        {"k2_extra", "mk7_supplement_ug_per_day", 100},
        {"lifelong_high_k2", "k2_intake_ug_per_day", 45},
        {"lifelong_high_k2", "years", 40},
        {"lifelong_low_k2", "k2_intake_ug_per_day", 15},
        {"lifelong_low_k2", "years", 40},
        {"calcium_low", "calcium_intake_mg_per_day", 500},
        {"calcium_high", "calcium_intake_mg_per_day", 1500},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char path[1200], what[256];
        snprintf(path, sizeof path, "%s/%s.ini", CALCSIM_MODELS_DIR, want[i].scenario);
        cs_scenario sc;
        cs_error err;
        cs_error_clear(&err);
        assert_int_equal(cs_scenario_load(path, &sc, &err), CS_OK);
        snprintf(what, sizeof what, "%s: %s", want[i].scenario, want[i].param);
        assert_close(cs_params_get(&sc.params, want[i].param), want[i].value, 1e-12, what);
    }
    /* baseline changes nothing. */
    char path[1200];
    snprintf(path, sizeof path, "%s/baseline.ini", CALCSIM_MODELS_DIR);
    cs_scenario sc;
    assert_int_equal(cs_scenario_load(path, &sc, NULL), CS_OK);
    assert_int_equal(sc.nset, 0);
    assert_close(cs_params_get(&sc.params, "years"), 10, 0, "baseline years");
}

/* ---- loading: what a good file gives ------------------------------------------------ */

static void test_load_good(void **state)
{
    tmp_dir *t = *state;
    char path[256];
    /* BOM, CRLF endings, comments of both kinds, inline comment, continuation lines,
       an empty first teaches line, ':' as separator, white space around values. */
    tmp_write(t, "good_one.ini",
              "\xEF\xBB\xBF# a comment\r\n"
              "; another\r\n"
              "[scenario]\r\n"
              "title =   A title with \xC3\xA9 and \xE2\x80\x94 in UTF-8   \r\n"
              "teaches =\r\n"
              "    First line,\r\n"
              "\tsecond line ; an inline comment\r\n"
              "    third.\r\n"
              "\r\n"
              "[parameters]\r\n"
              "  years = 2.385\r\n"
              "k2_intake_ug_per_day: 47.25 ; inline\r\n",
              0, path, sizeof path);
    cs_scenario sc;
    cs_error err;
    cs_error_clear(&err);
    int rc = cs_scenario_load(path, &sc, &err);
    char buf[1400];
    if (rc != CS_OK)
        fail_msg("%s", cs_error_format(&err, buf, sizeof buf));
    assert_string_equal(sc.name, "good_one");
    assert_string_equal(sc.path, path);
    assert_string_equal(sc.title, "A title with \xC3\xA9 and \xE2\x80\x94 in UTF-8");
    assert_string_equal(sc.teaches, "First line, second line third.");
    assert_int_equal(sc.nset, 2);
    assert_close(cs_params_get(&sc.params, "years"), 2.385, 1e-15, "years");
    assert_close(cs_params_get(&sc.params, "k2_intake_ug_per_day"), 47.25, 1e-15, "k2");
    cs_params defaults;
    cs_params_default(&defaults);
    assert_close(cs_params_get(&sc.params, "calcium_intake_mg_per_day"),
                 cs_params_get(&defaults, "calcium_intake_mg_per_day"), 0, "default kept");
    assert_int_equal(err.code, CS_OK);

    /* Only [scenario]: every parameter keeps its default; a line of exactly the limit. */
    char longline[256];
    snprintf(longline, sizeof longline, "[scenario]\ntitle = T\nteaches = %0188d\n", 0);
    tmp_write(t, "long_ok.ini", longline, 0, path, sizeof path);
    assert_int_equal(cs_scenario_load(path, &sc, &err), CS_OK);
    assert_int_equal(sc.nset, 0);
    assert_int_equal((int)strlen(sc.teaches), 188);
    assert_int_equal(memcmp(&sc.params, &defaults, sizeof defaults), 0);
}

/* ---- loading: every error path ------------------------------------------------------ */

/* One bad file: its bytes, and the status, line, key and text expected. */
typedef struct {
    const char *what;
    const char *data;
    size_t len; /* 0: strlen(data) */
    int code;
    int line;
    const char *key;
    const char *text;
} bad_file;

#define HDR      "[scenario]\ntitle = T\nteaches = P\n"
#define BYTES(s) s, sizeof(s) - 1 /* a literal that holds NUL bytes, and its length */

static const bad_file bad_files[] = {
    {"unknown parameter", HDR "[parameters]\nyears = 2\nk2_intake_ug_per_dy = 10\n", 0, CS_EUSAGE,
     6, "k2_intake_ug_per_dy",
     "unknown parameter 'k2_intake_ug_per_dy' in [parameters]; did you mean "
     "'k2_intake_ug_per_day'?"},
    {"malformed number", HDR "[parameters]\nyears = 1O\n", 0, CS_EPARSE, 5, "years",
     "'1O' is not a number"},
    {"number with a unit", HDR "[parameters]\nyears = 5 yr\n", 0, CS_EPARSE, 5, "years",
     "not a number"},
    {"comma decimal", HDR "[parameters]\nyears = 2,5\n", 0, CS_EPARSE, 5, "years", "not a number"},
    {"empty value", HDR "[parameters]\nyears =\n", 0, CS_EPARSE, 5, "years", "not a number"},
    {"nan", HDR "[parameters]\nyears = nan\n", 0, CS_EPARSE, 5, "years", "'nan' is not a number"},
    {"inf", HDR "[parameters]\nkidney_function = inf\n", 0, CS_EPARSE, 5, "kidney_function",
     "'inf' is not a number"},
    {"-infinity", HDR "[parameters]\nkidney_function = -Infinity\n", 0, CS_EPARSE, 5,
     "kidney_function", "not a number"},
    {"overflow", HDR "[parameters]\nyears = 1e999\n", 0, CS_EPARSE, 5, "years", "not a number"},
    {"above range", HDR "[parameters]\n\nk2_intake_ug_per_day = 5000\n", 0, CS_ERANGE, 6,
     "k2_intake_ug_per_day", "k2_intake_ug_per_day = 5000 is out of range; allowed 0 to 500"},
    {"below range", HDR "[parameters]\nkidney_function = 0.05\n", 0, CS_ERANGE, 5,
     "kidney_function", "allowed 0.15 to 1.2"},
    {"duplicate parameter", HDR "[parameters]\nyears = 2\nkidney_function = 1\nyears = 3\n", 0,
     CS_EPARSE, 7, "years", "duplicate key 'years' (first given on line 5)"},
    {"duplicate across sections",
     HDR "[parameters]\nyears = 2\n[scenario]\n[parameters]\nyears = 2\n", 0, CS_EPARSE, 8, "years",
     "first given on line 5"},
    {"duplicate title", "[scenario]\ntitle = A\nteaches = P\ntitle = B\n", 0, CS_EPARSE, 4, "title",
     "duplicate key 'title' (first given on line 2)"},
    {"duplicate teaches", "[scenario]\nteaches = P\ntitle = A\n\nteaches = Q\n", 0, CS_EPARSE, 5,
     "teaches", "first given on line 2"},
    {"unknown section with keys", HDR "[parameter]\nyears = 2\n", 0, CS_EPARSE, 4, "parameter",
     "unknown section [parameter]; did you mean [parameters]? allowed: [scenario], [parameters], "
     "[foods]"},
    {"unknown empty section", HDR "\n[remarks]\n; nothing here\n", 0, CS_EPARSE, 5, "remarks",
     "unknown section [remarks]; allowed: [scenario], [parameters], [foods]"},
    {"section name case", "[Scenario]\ntitle = T\n", 0, CS_EPARSE, 1, "Scenario",
     "unknown section [Scenario]"},
    {"unknown key in [scenario]", HDR "author = Me\n", 0, CS_EPARSE, 4, "author",
     "unknown key 'author' in [scenario]; allowed: title, label, teaches"},
    {"missing title", "# c\n[scenario]\nteaches = P\n", 0, CS_EPARSE, 2, "title",
     "[scenario] has no title"},
    {"missing teaches", "[scenario]\ntitle = T\n[parameters]\nyears = 2\n", 0, CS_EPARSE, 1,
     "teaches", "[scenario] has no teaches"},
    {"empty title", "[scenario]\nteaches = P\ntitle =\n", 0, CS_EPARSE, 3, "title",
     "title is empty"},
    {"empty teaches", "[scenario]\ntitle = T\nteaches = ; only a comment\n", 0, CS_EPARSE, 3,
     "teaches", "teaches is empty"},
    {"no [scenario]", "[parameters]\nyears = 2\n", 0, CS_EPARSE, 0, "", "no [scenario] section"},
    {"key before any section", "years = 2\n" HDR, 0, CS_EPARSE, 1, "years",
     "'years' comes before any section"},
    {"line without '='", HDR "[parameters]\nyears 2\n", 0, CS_EPARSE, 5, "", "line has no '='"},
    {"no closing ']'", HDR "[parameters\nyears = 2\n", 0, CS_EPARSE, 4, "",
     "section header has no closing ']'"},
    {"indented parameter continues a value", HDR "[parameters]\nyears = 2\n  kidney_function = 1\n",
     0, CS_EPARSE, 6, "years", "only teaches may run over several lines"},
    {"indented title continuation", "[scenario]\ntitle = T\n  more title\nteaches = P\n", 0,
     CS_EPARSE, 3, "title", "continues the value of 'title'"},
    {"empty file", "", 0, CS_EPARSE, 0, "",
     "file is empty; a scenario needs [scenario] title and teaches"},
    {"only comments and blanks", "; comment\n\n   # another\n\t\n", 0, CS_EPARSE, 0, "",
     "file is empty"},
    {"NUL byte", BYTES("[scenario]\ntitle = T\x00x\nteaches = P\n"), CS_EPARSE, 2, "",
     "binary data (byte 0x00 in column 10); scenario files are UTF-8 INI text"},
    {"control byte", "[scenario]\ntitle = T\x1b[1m\nteaches = P\n", 0, CS_EPARSE, 2, "",
     "binary data (byte 0x1B"},
    {"DEL byte", "[scenario]\ntitle = T\nteaches = P\x7f\n", 0, CS_EPARSE, 3, "",
     "binary data (byte 0x7F"},
    {"lone CR", "[scenario]\rtitle = T\nteaches = P\n", 0, CS_EPARSE, 1, "",
     "binary data (byte 0x0D"},
    {"Latin-1 byte", "[scenario]\ntitle = Caf\xe9\nteaches = P\n", 0, CS_EPARSE, 2, "",
     "binary data (byte 0xE9 in column 12)"},
    {"overlong UTF-8", "[scenario]\ntitle = \xc0\xaf\nteaches = P\n", 0, CS_EPARSE, 2, "",
     "binary data"},
    {"UTF-8 surrogate", "[scenario]\ntitle = \xed\xa0\x80\nteaches = P\n", 0, CS_EPARSE, 2, "",
     "binary data"},
    {"truncated UTF-8 at end", "[scenario]\ntitle = T\nteaches = P\xe2\x80", 0, CS_EPARSE, 3, "",
     "binary data"},
    {"binary data is refused before parsing", "[scenario]\ntitle = T\nbogus\n\x01\n", 0, CS_EPARSE,
     4, "", "binary data"},
    {"first error wins: syntax before handler",
     HDR "this line has no equals\n[parameters]\nbogus = 1\n", 0, CS_EPARSE, 4, "",
     "line has no '='"},
    {"first error wins: handler before syntax", HDR "[parameters]\nbogus = 1\nno equals\n", 0,
     CS_EUSAGE, 5, "bogus", "unknown parameter 'bogus'"},
    {"first error wins: header before syntax", HDR "[bogus]\nno equals\n", 0, CS_EPARSE, 4, "bogus",
     "unknown section [bogus]"},
    {"first error wins: range before missing title", "[parameters]\nyears = 1000\n", 0, CS_ERANGE,
     2, "years", "out of range"},
};

/* Loads each bad file and checks status, file, line, key and text. */
static void test_load_errors(void **state)
{
    tmp_dir *t = *state;
    for (size_t i = 0; i < sizeof bad_files / sizeof bad_files[0]; i++) {
        const bad_file *b = &bad_files[i];
        char name[32], path[256], buf[1400];
        snprintf(name, sizeof name, "bad_%02zu.ini", i);
        tmp_write(t, name, b->data, b->len, path, sizeof path);
        cs_scenario sc;
        cs_error err;
        cs_error_clear(&err);
        int rc = cs_scenario_load(path, &sc, &err);
        cs_error_format(&err, buf, sizeof buf);
        if (rc != b->code || err.code != b->code)
            fail_msg("%s: status %s (record %s), expected %s: %s", b->what, cs_status_name(rc),
                     cs_status_name(err.code), cs_status_name(b->code), buf);
        if (strcmp(err.file, path) != 0)
            fail_msg("%s: error file '%s', expected '%s'", b->what, err.file, path);
        if (err.line != b->line)
            fail_msg("%s: line %d, expected %d: %s", b->what, err.line, b->line, buf);
        if (strcmp(err.key, b->key) != 0)
            fail_msg("%s: key '%s', expected '%s': %s", b->what, err.key, b->key, buf);
        if (!strstr(err.text, b->text))
            fail_msg("%s: text lacks '%s': %s", b->what, b->text, buf);
        if (strchr(err.text, '\n'))
            fail_msg("%s: the text must be one line: %s", b->what, buf);
    }
}

/* Lines longer than libinih's buffer are refused with their line number. */
static void test_load_long_line(void **state)
{
    tmp_dir *t = *state;
    char data[1024], path[256];
    /* Line 3: "teaches = " + 189 characters = 199 bytes, one more than the limit. */
    snprintf(data, sizeof data, "[scenario]\ntitle = T\nteaches = %0189d\n", 0);
    tmp_write(t, "long.ini", data, 0, path, sizeof path);
    cs_scenario sc;
    cs_error err;
    cs_error_clear(&err);
    assert_int_equal(cs_scenario_load(path, &sc, &err), CS_EPARSE);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.text, "line is too long (199 bytes, at most 198)"));

    /* Long comment lines count too, and the next lines are not misread. */
    snprintf(data, sizeof data, "; %0500d\n[scenario]\ntitle = T\n", 0);
    tmp_write(t, "long_comment.ini", data, 0, path, sizeof path);
    cs_error_clear(&err);
    assert_int_equal(cs_scenario_load(path, &sc, &err), CS_EPARSE);
    assert_int_equal(err.line, 1);

    /* teaches joined over many lines may not pass the 2047 bytes the struct holds. */
    size_t used = (size_t)snprintf(data, sizeof data, "[scenario]\ntitle = T\nteaches = x\n");
    char big[4096];
    memcpy(big, data, used);
    for (int i = 0; i < 25; i++)
        used += (size_t)snprintf(big + used, sizeof big - used, "    %0100d\n", i);
    tmp_write(t, "long_teaches.ini", big, 0, path, sizeof path);
    cs_error_clear(&err);
    assert_int_equal(cs_scenario_load(path, &sc, &err), CS_EPARSE);
    assert_string_equal(err.key, "teaches");
    assert_int_equal(err.line, 3 + 21); /* 1 + 21 * 101 > 2047 on the 21st continuation */
    assert_non_null(strstr(err.text, "teaches is too long"));
}

/* Files that cannot be opened or read, and bad arguments. */
static void test_load_io_and_usage(void **state)
{
    tmp_dir *t = *state;
    cs_scenario sc;
    cs_error err;
    char path[256];

    snprintf(path, sizeof path, "%s/missing.ini", t->dir);
    cs_error_clear(&err);
    assert_int_equal(cs_scenario_load(path, &sc, &err), CS_EIO);
    assert_string_equal(err.file, path);
    assert_int_equal(err.line, 0);
    assert_non_null(strstr(err.text, "cannot open file: "));

    cs_error_clear(&err);
    assert_int_equal(cs_scenario_load(t->dir, &sc, &err), CS_EIO);
    assert_string_equal(err.file, t->dir);
    assert_non_null(strstr(err.text, "cannot open file: "));

    cs_error_clear(&err);
    assert_int_equal(cs_scenario_load(NULL, &sc, &err), CS_EUSAGE);
    cs_error_clear(&err);
    assert_int_equal(cs_scenario_load(path, NULL, &err), CS_EUSAGE);
    /* A NULL error record is allowed. */
    assert_int_equal(cs_scenario_load(path, &sc, NULL), CS_EIO);

    /* The first error wins: a record that already holds one is left alone. */
    cs_error_clear(&err);
    cs_error_set(&err, CS_ERANGE, "earlier", 7, "k", "an earlier error");
    assert_int_equal(cs_scenario_load(path, &sc, &err), CS_EIO);
    assert_int_equal(err.code, CS_ERANGE);
    assert_string_equal(err.text, "an earlier error");
}

/* ---- resolve and list --------------------------------------------------------------- */

static void test_resolve(void **state)
{
    (void)state;
    char out[1024], want[1024];
    cs_error err;

    cs_error_clear(&err);
    assert_int_equal(cs_scenario_resolve("baseline", CALCSIM_MODELS_DIR, out, sizeof out, &err),
                     CS_OK);
    snprintf(want, sizeof want, "%s/baseline.ini", CALCSIM_MODELS_DIR);
    assert_string_equal(out, want);

    /* Paths are taken as they are, whether or not they exist. */
    assert_int_equal(cs_scenario_resolve("some/where.ini", "/nonexistent", out, sizeof out, &err),
                     CS_OK);
    assert_string_equal(out, "some/where.ini");
    assert_int_equal(cs_scenario_resolve("mine.ini", CALCSIM_MODELS_DIR, out, sizeof out, &err),
                     CS_OK);
    assert_string_equal(out, "mine.ini");
    assert_int_equal(cs_scenario_resolve("./baseline", NULL, out, sizeof out, &err), CS_OK);
    assert_string_equal(out, "./baseline");
    assert_int_equal(err.code, CS_OK);

    /* An unknown bare name: the closest name and the full list. */
    assert_int_equal(cs_scenario_resolve("basline", CALCSIM_MODELS_DIR, out, sizeof out, &err),
                     CS_EUSAGE);
    assert_non_null(strstr(err.text, "unknown scenario 'basline'; did you mean 'baseline'?"));
    assert_non_null(
        strstr(err.text, "known: baseline, calcium_high, calcium_low, cheese_lover, ckd, "));
    assert_non_null(strstr(err.text, "warfarin_with_k2"));
    assert_null(strchr(err.text, '\n'));

    cs_error_clear(&err);
    assert_int_equal(
        cs_scenario_resolve("lifelong_hihg_k2", CALCSIM_MODELS_DIR, out, sizeof out, &err),
        CS_EUSAGE);
    assert_non_null(strstr(err.text, "did you mean 'lifelong_high_k2'?"));

    /* Bad arguments and an unreadable folder. */
    cs_error_clear(&err);
    assert_int_equal(cs_scenario_resolve("", CALCSIM_MODELS_DIR, out, sizeof out, &err), CS_EUSAGE);
    cs_error_clear(&err);
    assert_int_equal(cs_scenario_resolve(NULL, CALCSIM_MODELS_DIR, out, sizeof out, &err),
                     CS_EUSAGE);
    cs_error_clear(&err);
    assert_int_equal(cs_scenario_resolve("baseline", NULL, out, sizeof out, &err), CS_EUSAGE);
    cs_error_clear(&err);
    assert_int_equal(cs_scenario_resolve("baseline", CALCSIM_MODELS_DIR, out, 8, &err), CS_EUSAGE);
    assert_non_null(strstr(err.text, "too long"));
    cs_error_clear(&err);
    assert_int_equal(cs_scenario_resolve("x", "/nonexistent_dir", out, sizeof out, &err), CS_EIO);
    assert_non_null(strstr(err.text, "unknown scenario 'x'"));
}

static void count_names(void *ctx, const char *name, const char *path)
{
    list_acc *a = ctx;
    (void)path;
    if (a->n < 64)
        snprintf(a->names[a->n++], sizeof a->names[0], "%s", name);
}

static void test_list(void **state)
{
    tmp_dir *t = *state;
    char path[256];
    tmp_write(t, "zeta.ini", "x", 0, path, sizeof path);
    tmp_write(t, "alpha.ini", "x", 0, path, sizeof path);
    tmp_write(t, "Mid.ini", "x", 0, path, sizeof path);
    tmp_write(t, "notes.txt", "x", 0, path, sizeof path);
    tmp_write(t, ".hidden.ini", "x", 0, path, sizeof path);
    tmp_write(t, ".ini", "x", 0, path, sizeof path);
    tmp_write(t, "backup.ini~", "x", 0, path, sizeof path);
    snprintf(path, sizeof path, "%s/folder.ini", t->dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(t->files[t->nfiles++], sizeof t->files[0], "folder.ini");

    list_acc acc = {.sorted = 1};
    cs_error err;
    cs_error_clear(&err);
    assert_int_equal(cs_scenario_list(t->dir, count_names, &acc, &err), 3);
    assert_int_equal(acc.n, 3);
    assert_string_equal(acc.names[0], "Mid"); /* byte order: upper case first */
    assert_string_equal(acc.names[1], "alpha");
    assert_string_equal(acc.names[2], "zeta");
    assert_int_equal(cs_scenario_list(t->dir, NULL, NULL, &err), 3);
    assert_int_equal(err.code, CS_OK);

    assert_int_equal(cs_scenario_list("/nonexistent_dir", count_names, &acc, &err), CS_EIO);
    assert_string_equal(err.file, "/nonexistent_dir");
    assert_non_null(strstr(err.text, "cannot read scenario folder"));
    cs_error_clear(&err);
    assert_int_equal(cs_scenario_list(NULL, count_names, &acc, &err), CS_EUSAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_models_all_load),
        cmocka_unit_test(test_models_values),
        cmocka_unit_test_setup_teardown(test_load_good, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_load_errors, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_load_long_line, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_load_io_and_usage, tmp_setup, tmp_teardown),
        cmocka_unit_test(test_resolve),
        cmocka_unit_test_setup_teardown(test_list, tmp_setup, tmp_teardown),
    };
    return cmocka_run_group_tests_name("scenario", tests, NULL, NULL);
}
