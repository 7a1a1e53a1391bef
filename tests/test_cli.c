/*
 * test_cli.c - the command-line contract of `calcsim` (docs/cli.md), tested from outside.
 *
 * Each test runs the built program (CALCSIM_EXE) with posix_spawn (cs_test_exec() of
 * testutil.c), with CALCSIM_MODELS set to the source tree's models/ and stdout and stderr
 * captured, and checks what scripts rely on: the CSV comment block, the exact header, C
 * locale numbers (also under LC_ALL=de_DE.UTF-8), the summary on stderr, atomic -o, --set
 * echoed in the metadata, the params/scenarios listings, docs/parameters.md being current,
 * and the exit status of every kind of failure, each with one line on stderr.
 *
 * When the system has no de_DE.UTF-8 locale, the group setup compiles one with localedef
 * into a temporary directory of its own and points LOCPATH at it, so the locale tests run
 * under a comma-decimal locale; they are skipped only when that fails too.
 */
#include "testutil.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DE_LOCALE CS_TEST_DE_LOCALE

/* Shared by all tests: the temporary directory and the comma-decimal locale, if any. */
typedef struct {
    char dir[256];     /* private temporary directory */
    char locpath[300]; /* LOCPATH holding DE_LOCALE (a directory of its own), or "" */
    int have_de;       /* 1 when setlocale(LC_ALL, DE_LOCALE) works (with locpath) */
} cli_env;

/*
 * Runs CALCSIM_EXE with args (NULL-terminated) and the environment of this process, minus
 * the locale variables, plus CALCSIM_MODELS and the "KEY=VALUE" entries of extra_env.
 * stdout goes to stdout_path when it is not NULL (then r.out is empty).
 */
static cs_test_result run_with(const char *const *args, const char *const *extra_env,
                               const char *stdout_path)
{
    static const char *const unset[] = {"LC_ALL",   "LANG",    "LC_NUMERIC",
                                        "LANGUAGE", "LOCPATH", NULL};
    static const char *const env[] = {"CALCSIM_MODELS=" CALCSIM_MODELS_DIR, NULL};
    cs_test_cmd cmd = {
        .args = args, .unset = unset, .env = env, .extra_env = extra_env, .out_path = stdout_path};
    return cs_test_exec(&cmd);
}

static cs_test_result run(const char *const *args)
{
    return run_with(args, NULL, NULL);
}

/* Returns the start of the line of s that begins with prefix, or NULL. */
static const char *find_line(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);
    for (const char *p = s; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (strncmp(p, prefix, n) == 0)
            return p;
    return NULL;
}

static void assert_has_line(const char *s, const char *prefix)
{
    if (!find_line(s, prefix))
        fail_msg("no line starting with '%s' in:\n%.2000s", prefix, s);
}

/* The header row the contract fixes: the output column names, comma-separated. */
static void expected_header(char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < CS_NOUTPUT; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? "," : "",
                                 cs_output_info_at(i)->name);
}

/*
 * Checks a CSV produced by `calcsim run`: the comment block, the header, and that every
 * data row has CS_NOUTPUT fields that parse completely as finite C-locale numbers with
 * increasing time. Stores up to maxrows values of t_days in t. Returns the row count.
 */
static int check_csv(const char *csv, double *t, int maxrows)
{
    char line[64];
    snprintf(line, sizeof line, "# calcsim %s\n", cs_version());
    assert_true(strncmp(csv, line, strlen(line)) == 0);
    assert_has_line(csv, "# " CS_OUTPUT_DISCLAIMER "\n");
    assert_has_line(csv, "# scenario: ");
    assert_has_line(csv, "# scenario file: ");
    assert_has_line(csv, "# command: calcsim run");
    assert_has_line(csv, "# solver: msbdf rtol=");
    assert_has_line(csv, "# solver statistics: steps=");
    assert_has_line(csv, "# plausibility: ");
    assert_has_line(csv, "# columns: t_days [d], t_years [yr], ");
    assert_has_line(csv, "# vitamin D3 in: ");
    assert_has_line(csv, "# vitamin K in: ");
    for (int i = 0; i < cs_param_count(); i++) {
        char prefix[128];
        snprintf(prefix, sizeof prefix, "# parameter %s = ", cs_param_info_at(i)->name);
        assert_has_line(csv, prefix);
    }

    const char *p = csv;
    while (*p == '#')
        p = strchr(p, '\n') + 1;
    char header[4096];
    expected_header(header, sizeof header);
    size_t hl = strlen(header);
    if (strncmp(p, header, hl) != 0 || p[hl] != '\n')
        fail_msg("header row differs:\n got: %.*s\nwant: %s", (int)strcspn(p, "\n"), p, header);
    p += hl + 1;

    int rows = 0;
    double last_t = -1;
    while (*p) {
        const char *end = strchr(p, '\n');
        assert_non_null(end);
        for (int i = 0; i < CS_NOUTPUT; i++) {
            char *stop;
            double v = strtod(p, &stop);
            if (stop == p || !isfinite(v) || *stop != (i + 1 < CS_NOUTPUT ? ',' : '\n'))
                fail_msg("row %d, column %d is not a C-locale number: %.*s", rows + 1, i + 1,
                         (int)(end - p), p);
            if (i == CS_O_T_DAYS) {
                assert_true(v > last_t);
                last_t = v;
                if (rows < maxrows)
                    t[rows] = v;
            }
            p = stop + 1;
        }
        rows++;
    }
    return rows;
}

/* ---- group setup: temporary directory and a comma-decimal locale --------------------- */

static int setup_group(void **state)
{
    cli_env *env = calloc(1, sizeof *env);
    if (!env || cs_test_make_temp_dir(env->dir, sizeof env->dir, "calcsim-test-cli") != 0)
        return -1;
    env->have_de = cs_test_de_locale(env->locpath, sizeof env->locpath);
    *state = env;
    return 0;
}

static int teardown_group(void **state)
{
    cli_env *env = *state;
    cs_test_remove_tree(env->dir);
    if (env->locpath[0])
        cs_test_remove_tree(env->locpath);
    free(env);
    return 0;
}

/* ---- tests --------------------------------------------------------------------------- */

static void test_version(void **state)
{
    (void)state;
    cs_test_result r = run((const char *[]){"--version", NULL});
    char want[64];
    snprintf(want, sizeof want, "calcsim %s\n", cs_version());
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, want);
    assert_string_equal(r.err, "");
    cs_test_result_free(&r);
}

static void test_help(void **state)
{
    (void)state;
    cs_test_result r = run((const char *[]){"--help", NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "usage: calcsim COMMAND"));
    assert_non_null(strstr(r.out, "  run "));
    assert_non_null(strstr(r.out, "  params "));
    assert_non_null(strstr(r.out, "  scenarios "));
    assert_non_null(strstr(r.out, CS_OUTPUT_DISCLAIMER));
    cs_test_result_free(&r);

    cs_test_result h = run((const char *[]){"help", "run", NULL});
    cs_test_result o = run((const char *[]){"run", "--help", NULL});
    assert_int_equal(h.status, 0);
    assert_int_equal(o.status, 0);
    assert_string_equal(h.out, o.out);
    static const char *const options[] = {"--set NAME=VALUE",  "--years Y", "--every DAYS",
                                          "-o, --output FILE", "--summary", "--help"};
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        if (!strstr(h.out, options[i]))
            fail_msg("'calcsim help run' does not list %s:\n%s", options[i], h.out);
    cs_test_result_free(&h);
    cs_test_result_free(&o);
}

static void test_run_stdout(void **state)
{
    cli_env *env = *state;
    const char *const args[] = {"run", "--years", "0.5", NULL};
    cs_test_result r = run(args);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, ""); /* no summary when writing to a pipe */
    double t[4];
    int rows = check_csv(r.out, t, 4);
    /* 0.5 yr = 182.625 d: rows at 0, 7, ..., 182, and the end. */
    assert_int_equal(rows, 28);
    assert_true(t[0] == 0 && t[1] == 7);
    assert_has_line(r.out, "# scenario: baseline (");
    assert_has_line(r.out, "# parameter years = 0.5 yr (command line)\n");
    assert_has_line(r.out, "# parameter output_every_days = 7 d\n");
    assert_has_line(r.out, "# plausibility: ok\n");

    if (!env->have_de) {
        print_message("no %s locale and localedef failed: locale part skipped\n", DE_LOCALE);
    } else {
        char locpath[320];
        snprintf(locpath, sizeof locpath, "LOCPATH=%s", env->locpath);
        const char *const de_env[] = {"LC_ALL=" DE_LOCALE, "LANG=" DE_LOCALE,
                                      env->locpath[0] ? locpath : "LC_NUMERIC=" DE_LOCALE, NULL};
        cs_test_result d = run_with(args, de_env, NULL);
        assert_int_equal(d.status, 0);
        assert_string_equal(d.out, r.out); /* byte for byte: the locale changes nothing */
        cs_test_result_free(&d);
    }
    cs_test_result_free(&r);
}

static void test_run_summary_on_request(void **state)
{
    (void)state;
    cs_test_result r = run((const char *[]){"run", "--years", "0.1", "--summary", NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "blood calcium"));
    assert_non_null(strstr(r.err, "to standard output"));
    cs_test_result_free(&r);
}

static void test_csv_writer_ignores_process_locale(void **state)
{
    cli_env *env = *state;
    if (!env->have_de) {
        print_message("no %s locale and localedef failed\n", DE_LOCALE);
        skip();
    }
    assert_non_null(setlocale(LC_ALL, DE_LOCALE));
    char probe[32];
    snprintf(probe, sizeof probe, "%.2f", 2.5);
    assert_string_equal(probe, "2,50"); /* the locale really is comma-decimal */

    double row[CS_NOUTPUT];
    for (int i = 0; i < CS_NOUTPUT; i++)
        row[i] = 2.385 + i / 7.0;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    cs_error err;
    cs_error_clear(&err);
    assert_int_equal(cs_output_csv_write_row(f, row, &err), CS_OK);
    fclose(f);
    setlocale(LC_ALL, "C");

    const char *p = buf;
    for (int i = 0; i < CS_NOUTPUT; i++) {
        char *stop;
        double v = strtod(p, &stop);
        assert_true(fabs(v - row[i]) <= 1e-9 * fabs(row[i]));
        assert_int_equal(*stop, i + 1 < CS_NOUTPUT ? ',' : '\n');
        p = stop + 1;
    }
    free(buf);
}

static void test_run_to_file(void **state)
{
    cli_env *env = *state;
    char path[512], listing[1024];
    snprintf(path, sizeof path, "%s/out.csv", env->dir);
    cs_test_result r = run((const char *[]){"run", "--years", "1", "-o", path, NULL});
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "");
    int n = cs_test_count_lines(r.err);
    if (n < 3 || n > 8)
        fail_msg("the summary should have 3-8 lines, got:\n%s", r.err);
    static const char *const parts[] = {
        "blood calcium",
        "mmol/L",
        "bone calcium",
        "%/yr",
        "vessel calcium",
        " mg",
        "MGP",
        "  vitamin D3 in: 2400 IU/day (diet 400 + skin 2000 [assumed] + supplement 0)\n",
        "  vitamin K in: 130 ug/day (K1 100, MK-4 6, MK-7 24; diet 130 + supplement 0)\n",
        CS_OUTPUT_DISCLAIMER};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (!strstr(r.err, parts[i]))
            fail_msg("the summary lacks '%s':\n%s", parts[i], r.err);
    cs_test_result_free(&r);

    char *csv = cs_test_slurp(path);
    double t[1];
    assert_int_equal(check_csv(csv, t, 1), 54); /* 0, 7, ..., 364, 365.25 */
    free(csv);
    assert_string_equal(cs_test_list_dir(env->dir, listing, sizeof listing), "out.csv");

    /* --quiet: no summary; the file is replaced. */
    r = run((const char *[]){"run", "--years", "0.1", "--quiet", "-o", path, NULL});
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    cs_test_result_free(&r);
    csv = cs_test_slurp(path);
    assert_has_line(csv, "# parameter years = 0.1 yr (command line)\n");
    free(csv);
    unlink(path);
}

/* The reason in the warning on stderr (between "result: " and "; see"), or fails. */
static void warning_reason(const char *err, char *buf, size_t n)
{
    static const char head[] = "calcsim: warning: implausible result: ";
    static const char tail[] = "; see docs/model.md, \"Validity\"\n";
    size_t len = strlen(err);
    if (cs_test_count_lines(err) != 1 || strncmp(err, head, strlen(head)) != 0 ||
        len < strlen(head) + strlen(tail) || strcmp(err + len - strlen(tail), tail) != 0)
        fail_msg("expected one line '%s...%s', got:\n%s", head, tail, err);
    snprintf(buf, n, "%.*s", (int)(len - strlen(head) - strlen(tail)), err + strlen(head));
}

/* A result outside the plausibility bounds: every row still written, exit 0, the reason in
 * the metadata, and one warning line on stderr, also with --quiet. The run is implausible by
 * arithmetic whatever the model's equations: a net bone loss of 2 %/yr for 100 years leaves
 * less than half the bone (0.98^100 = 13 %). */
static void test_run_implausible(void **state)
{
    cli_env *env = *state;
    char path[512], reason[512], line[600];
    snprintf(path, sizeof path, "%s/implausible.csv", env->dir);
    cs_test_result r =
        run((const char *[]){"run", "--set", "age_bone_loss_pct_per_year=2", "--years", "100",
                             "--every", "365.25", "-q", "-o", path, NULL});
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "");
    warning_reason(r.err, reason, sizeof reason);
    if (strncmp(reason, "bone calcium ", 13) != 0 || !strstr(reason, " at day "))
        fail_msg("unexpected reason: %s", reason);
    cs_test_result_free(&r);
    char *csv = cs_test_slurp(path);
    double t[1];
    assert_int_equal(check_csv(csv, t, 1), 101); /* every row: years 0, 1, ..., 100 */
    snprintf(line, sizeof line, "# plausibility: implausible: %s\n", reason);
    assert_has_line(csv, line);
    free(csv);
    unlink(path);

    /* To standard output, without --quiet: the same warning (no summary for a pipe). */
    r = run((const char *[]){"run", "--set", "age_bone_loss_pct_per_year=2", "--years", "100",
                             "--every", "365.25", NULL});
    assert_int_equal(r.status, 0);
    char again[512];
    warning_reason(r.err, again, sizeof again);
    assert_string_equal(again, reason);
    assert_int_equal(check_csv(r.out, t, 1), 101);
    assert_has_line(r.out, line);
    cs_test_result_free(&r);
}

static void test_run_hourly(void **state)
{
    (void)state;
    cs_test_result r = run((const char *[]){"run", "--every", "0.041667", "--years", "0.01", NULL});
    assert_int_equal(r.status, 0);
    double t[128];
    int rows = check_csv(r.out, t, 128);
    /* 0.01 yr = 3.6525 d = 87.66 hours: 88 rows on the hourly grid plus the end. */
    assert_int_equal(rows, 89);
    for (int i = 1; i < 88; i++)
        assert_true(fabs(t[i] - t[i - 1] - 0.041667) < 1e-8);
    assert_true(fabs(t[88] - 3.6525) < 1e-9);
    cs_test_result_free(&r);
}

static void test_run_set(void **state)
{
    (void)state;
    cs_test_result r =
        run((const char *[]){"run", "--years", "1", "--set", "k2_intake_ug_per_day=180", "--set",
                             "years=0.25", "--set", "mk7_supplement_ug_per_day=45.5", NULL});
    assert_int_equal(r.status, 0);
    double t[1];
    assert_int_equal(check_csv(r.out, t, 1), 15); /* --set years after --years wins */
    assert_has_line(r.out, "# parameter k2_intake_ug_per_day = 180 ug/day (command line)\n");
    assert_has_line(r.out, "# parameter mk7_supplement_ug_per_day = 45.5 ug/day (command line)\n");
    assert_has_line(r.out, "# parameter years = 0.25 yr (command line)\n");
    assert_has_line(r.out, "# parameter k1_intake_ug_per_day = 100 ug/day\n");
    assert_has_line(r.out, "# command: calcsim run --years 1 --set k2_intake_ug_per_day=180 "
                           "--set years=0.25 --set mk7_supplement_ug_per_day=45.5\n");
    cs_test_result_free(&r);
}

static void test_run_scenario_file(void **state)
{
    cli_env *env = *state;
    char path[512];
    snprintf(path, sizeof path, "%s/mine.ini", env->dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("[scenario]\ntitle = A test scenario\nteaches = Nothing.\n\n[parameters]\n"
          "calcium_intake_mg_per_day = 1234.5\nyears = 0.2\n",
          f);
    fclose(f);
    cs_test_result r = run((const char *[]){"run", path, "--every", "14", NULL});
    assert_int_equal(r.status, 0);
    double t[1];
    assert_int_equal(check_csv(r.out, t, 1), 7); /* 73.05 d: 0, 14, ..., 70, end */
    assert_has_line(r.out, "# scenario: mine (A test scenario)\n");
    assert_has_line(r.out, "# parameter calcium_intake_mg_per_day = 1234.5 mg/day (scenario)\n");
    assert_has_line(r.out, "# parameter output_every_days = 14 d (command line)\n");
    cs_test_result_free(&r);

    /* A bad file: one line naming file:line, exit 2. */
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("[scenario]\ntitle = Bad\nteaches = Bad.\n[parameters]\nno_such_parameter = 1\n", f);
    fclose(f);
    r = run((const char *[]){"run", path, NULL});
    assert_error_line(&r, 2, NULL, "a bad scenario file");
    char want[600];
    snprintf(want, sizeof want, "calcsim: %s:5: ", path);
    if (strncmp(r.err, want, strlen(want)) != 0)
        fail_msg("expected '%s...', got %s", want, r.err);
    cs_test_result_free(&r);
    unlink(path);
}

static void test_params(void **state)
{
    (void)state;
    cs_test_result r = run((const char *[]){"params", "--format", "csv", NULL});
    assert_int_equal(r.status, 0);
    assert_int_equal(cs_test_count_lines(r.out), cs_param_count() + 1);
    assert_has_line(r.out, "name,unit,default,min,max,description,source,group,range_reason\n");
    for (int i = 0; i < cs_param_count(); i++) {
        const cs_param_info *p = cs_param_info_at(i);
        char prefix[256];
        snprintf(prefix, sizeof prefix, "%s,", p->name);
        assert_has_line(r.out, prefix);
    }
    assert_has_line(r.out, "years,yr,10,0.001,100,");
    cs_test_result_free(&r);

    cs_test_result text = run((const char *[]){"params", NULL});
    cs_test_result text2 = run((const char *[]){"params", "--format", "text", NULL});
    cs_test_result md = run((const char *[]){"params", "--format=markdown", NULL});
    assert_int_equal(text.status, 0);
    assert_int_equal(md.status, 0);
    assert_string_equal(text.out, text2.out);
    for (int i = 0; i < cs_param_count(); i++) {
        const cs_param_info *p = cs_param_info_at(i);
        char cell[256];
        snprintf(cell, sizeof cell, "| `%s` | ", p->name);
        assert_non_null(strstr(md.out, cell));
        snprintf(cell, sizeof cell, "%s ", p->name);
        assert_has_line(text.out, cell);
    }
    cs_test_result_free(&text);
    cs_test_result_free(&text2);
    cs_test_result_free(&md);
}

static void test_parameters_md_is_current(void **state)
{
    (void)state;
    cs_test_result r = run((const char *[]){"params", "--format", "markdown", NULL});
    assert_int_equal(r.status, 0);
    char *doc = cs_test_slurp(CALCSIM_SOURCE_DIR "/docs/parameters.md");
    if (strcmp(doc, r.out) != 0) {
        size_t i = 0;
        int line = 1;
        for (; doc[i] && doc[i] == r.out[i]; i++)
            line += doc[i] == '\n';
        fail_msg("docs/parameters.md is stale (first difference on line %d); regenerate it "
                 "from the source root with: ./build/calcsim params --format markdown > "
                 "docs/parameters.md",
                 line);
    }
    free(doc);
    cs_test_result_free(&r);
}

static void test_scenarios(void **state)
{
    (void)state;
    cs_test_result r = run((const char *[]){"scenarios", NULL});
    assert_int_equal(r.status, 0);
    assert_has_line(r.out, "baseline ");
    assert_string_equal(r.err, "");
    cs_test_result_free(&r);
    r = run((const char *[]){"scenarios", "--format", "csv", NULL});
    assert_int_equal(r.status, 0);
    assert_has_line(r.out, "name,title,path\n");
    assert_has_line(r.out, "baseline,");
    cs_test_result_free(&r);
    /* json (the web page's scenario table): every parameter of every scenario, no paths */
    r = run((const char *[]){"scenarios", "--format", "json", NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "{\"name\": \"ckd\", \"title\": "));
    assert_non_null(strstr(r.out, "\"kidney_function\": 0.29999999999999999"));
    for (int i = 0; i < cs_param_count(); i++) {
        char key[96];
        snprintf(key, sizeof key, "\"%s\": ", cs_param_info_at(i)->name);
        assert_non_null(strstr(r.out, key));
    }
    assert_null(strstr(r.out, "\"path\""));
    cs_test_result_free(&r);
}

static void test_usage_errors(void **state)
{
    (void)state;
    static const char *const cases[][8] = {
        {NULL},
        {"frobnicate", NULL},
        {"--frobnicate", NULL},
        {"run", "--bogus", NULL},
        {"run", "--years", NULL},
        {"run", "--years", "abc", NULL},
        {"run", "--years", "1e3", NULL},
        {"run", "--years", "nan", NULL},
        {"run", "--every", "0", NULL},
        {"run", "--every", "30", "--years", "0.01", NULL},
        {"run", "--set", "no_such_parameter=1", NULL},
        {"run", "--set", "k2_intake_ug_per_day", NULL},
        {"run", "--set", "k2_intake_ug_per_day=1,5", NULL},
        {"run", "no_such_scenario", NULL},
        {"run", "baseline", "baseline", NULL},
        {"run", "/no/such/dir/x.ini", NULL},
        {"run", "-o", "/no/such/dir/out.csv", NULL},
        {"run", "--summary=yes", NULL},
        {"params", "--format", "xml", NULL},
        {"params", "extra", NULL},
        {"scenarios", "--bogus", NULL},
        {"help", "no_such_command", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cs_test_result r = run(cases[i]);
        char what[256];
        snprintf(what, sizeof what, "case %zu (%s %s %s)", i, cases[i][0] ? cases[i][0] : "",
                 cases[i][0] && cases[i][1] ? cases[i][1] : "",
                 cases[i][0] && cases[i][1] && cases[i][2] ? cases[i][2] : "");
        assert_error_line(&r, 2, NULL, what);
        cs_test_result_free(&r);
    }
}

static void test_output_dir_is_checked_first(void **state)
{
    cli_env *env = *state;
    char path[512];
    snprintf(path, sizeof path, "%s/missing/out.csv", env->dir);
    cs_test_result r = run((const char *[]){"run", "-o", path, NULL});
    assert_error_line(&r, 2, "does not exist", "-o in a missing directory");
    cs_test_result_free(&r);
    r = run((const char *[]){"run", "-o", env->dir, NULL});
    assert_error_line(&r, 2, NULL, "-o naming a directory");
    cs_test_result_free(&r);
}

static void test_write_failure_exit_1(void **state)
{
    (void)state;
    cs_test_result r = run_with((const char *[]){"run", "--years", "1", NULL}, NULL, "/dev/full");
    assert_error_line(&r, 1, NULL, "-o /dev/full");
    cs_test_result_free(&r);
}

/* -o naming a device writes into it and leaves the device node alone (as root, a rename
 * over /dev/null would replace it with a regular file). */
static void test_output_to_a_device(void **state)
{
    (void)state;
    struct stat before, after;
    assert_int_equal(stat("/dev/null", &before), 0);
    cs_test_result r =
        run((const char *[]){"run", "--years", "0.1", "-q", "-o", "/dev/null", NULL});
    assert_int_equal(r.status, 0);
    cs_test_result_free(&r);
    assert_int_equal(stat("/dev/null", &after), 0);
    assert_true(S_ISCHR(after.st_mode));
    assert_true(after.st_rdev == before.st_rdev);
    if (stat("/dev/full", &before) == 0 && S_ISCHR(before.st_mode)) {
        r = run((const char *[]){"run", "--years", "0.1", "-o", "/dev/full", NULL});
        assert_error_line(&r, 1, NULL, "No space left on device");
        cs_test_result_free(&r);
        assert_int_equal(stat("/dev/full", &after), 0);
        assert_true(S_ISCHR(after.st_mode));
    }
}

static void test_solver_failure_exit_3(void **state)
{
    cli_env *env = *state;
    /* No parameter set inside the documented ranges makes the solver fail, so the solver
     * is capped at 5 steps per output interval (CALCSIM_SOLVER_NMAX, docs/cli.md). A failure
     * during the run, with -o: exit 3, the message names the day reached and what to try,
     * and neither FILE nor a temporary file is left behind. */
    static const char *const capped[] = {"CALCSIM_SOLVER_NMAX=5", NULL};
    char path[512], listing[1024];
    snprintf(path, sizeof path, "%s/fail.csv", env->dir);
    cs_test_result r = run_with(
        (const char *[]){"run", "--years", "5", "--every", "30", "-o", path, NULL}, capped, NULL);
    assert_error_line(&r, 3, "solver failure at day ", "a failure during the run");
    assert_non_null(strstr(r.err, "--every"));
    cs_test_result_free(&r);
    assert_string_equal(cs_test_list_dir(env->dir, listing, sizeof listing), "");
}

/* --no-comments gives the header row first; --meta writes the JSON beside it. */
static void test_run_no_comments_and_meta(void **state)
{
    cli_env *env = *state;
    char csv_path[512], meta_path[512], listing[1024], header[4096];
    snprintf(csv_path, sizeof csv_path, "%s/plain.csv", env->dir);
    snprintf(meta_path, sizeof meta_path, "%s/plain.meta.json", env->dir);
    cs_test_result r =
        run((const char *[]){"run", "--years", "0.5", "--every", "30", "--no-comments", "-o",
                             csv_path, "--meta", meta_path, "--quiet", NULL});
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    cs_test_result_free(&r);
    char *csv = cs_test_slurp(csv_path);
    expected_header(header, sizeof header);
    assert_true(strncmp(csv, header, strlen(header)) == 0);
    assert_int_equal(csv[strlen(header)], '\n');
    assert_null(strchr(csv, '#'));
    assert_int_equal(cs_test_count_lines(csv), 1 + 8); /* 0, 30, ..., 180, 182.625 */
    free(csv);
    char *meta = cs_test_slurp(meta_path);
    static const char *const keys[] = {
        "\"calcsim\": \"",
        "\"disclaimer\": \"" CS_OUTPUT_DISCLAIMER "\"",
        "\"command\": \"calcsim run --years 0.5 --every 30 --no-comments -o ",
        "\"comment_lines\": false",
        "\"years\": {\"value\": 0.5, \"unit\": \"yr\", \"origin\": \"command line\"}",
        "\"skin_d3_iu_per_day\": {\"value\": 2000, \"unit\": \"IU/day\", \"origin\": "
        "\"default\"}",
        "\"vitamin_d3_in\": {\"unit\": \"IU/day\", \"total\": 2400, \"diet\": 400, \"skin\": "
        "2000, \"supplement\": 0,",
        "\"vitamin_k_in\": {\"unit\": \"ug/day\", \"total\": 130, \"k1\": 100, \"mk4\": 6, "
        "\"mk7\": 24,",
        "\"plausibility\": \"ok\"",
        "\"t_days\": {\"unit\": \"d\"",
        "\"net_intake_mg\": {\"unit\": \"mg\""};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (!strstr(meta, keys[i]))
            fail_msg("the metadata lacks '%s':\n%.3000s", keys[i], meta);
    free(meta);
    /* With the '#' lines and the JSON: the CSV is the usual one. */
    r = run((const char *[]){"run", "--years", "0.5", "--every", "30", "-o", csv_path, "--meta",
                             meta_path, NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, ", metadata to "));
    cs_test_result_free(&r);
    csv = cs_test_slurp(csv_path);
    double t[16];
    assert_int_equal(check_csv(csv, t, 16), 8);
    free(csv);
    meta = cs_test_slurp(meta_path);
    assert_non_null(strstr(meta, "\"comment_lines\": true"));
    free(meta);
    unlink(csv_path);
    unlink(meta_path);
    assert_string_equal(cs_test_list_dir(env->dir, listing, sizeof listing), "");
}

/* The CSV and its --meta JSON are written together or not at all. */
static void test_run_meta_all_or_nothing(void **state)
{
    cli_env *env = *state;
    char csv_path[512], meta_path[512], listing[1024];
    snprintf(csv_path, sizeof csv_path, "%s/pair.csv", env->dir);
    snprintf(meta_path, sizeof meta_path, "%s/pair.meta.json", env->dir);
    /* The CSV cannot be written: no JSON either. */
    cs_test_result r = run(
        (const char *[]){"run", "--years", "0.1", "-o", "/dev/full", "--meta", meta_path, NULL});
    assert_error_line(&r, 1, "No space left on device", "CSV to /dev/full");
    cs_test_result_free(&r);
    assert_string_equal(cs_test_list_dir(env->dir, listing, sizeof listing), "");
    /* The CSV on standard output fails: no JSON. */
    r = run_with((const char *[]){"run", "--years", "0.1", "--meta", meta_path, NULL}, NULL,
                 "/dev/full");
    assert_int_equal(r.status, 1);
    cs_test_result_free(&r);
    assert_string_equal(cs_test_list_dir(env->dir, listing, sizeof listing), "");
    /* The JSON cannot be written: no CSV. */
    r = run((const char *[]){"run", "--years", "0.1", "-o", csv_path, "--meta", "/dev/full", NULL});
    assert_error_line(&r, 1, "cannot write the metadata", "JSON to /dev/full");
    cs_test_result_free(&r);
    assert_string_equal(cs_test_list_dir(env->dir, listing, sizeof listing), "");
    /* The solver fails: neither. */
    static const char *const capped[] = {"CALCSIM_SOLVER_NMAX=5", NULL};
    r = run_with((const char *[]){"run", "--years", "5", "--every", "30", "-o", csv_path, "--meta",
                                  meta_path, NULL},
                 capped, NULL);
    assert_error_line(&r, 3, "solver failure at day ", "a failure during the run");
    cs_test_result_free(&r);
    assert_string_equal(cs_test_list_dir(env->dir, listing, sizeof listing), "");
}

/* sweep --no-comments: the header row first; --meta: the JSON once every run has its row. */
static void test_sweep_no_comments_and_meta(void **state)
{
    cli_env *env = *state;
    char csv_path[512], meta_path[512], listing[1024];
    snprintf(csv_path, sizeof csv_path, "%s/sweep.csv", env->dir);
    snprintf(meta_path, sizeof meta_path, "%s/sweep.meta.json", env->dir);
    cs_test_result r =
        run((const char *[]){"sweep", "--years", "0.2", "--vary", "k2_intake_ug_per_day=0:90:4",
                             "--metric", "vessel_ca_mg_end,bone_ca_g_end", "--no-comments", "-o",
                             csv_path, "--meta", meta_path, "-q", NULL});
    assert_int_equal(r.status, 0);
    cs_test_result_free(&r);
    char *csv = cs_test_slurp(csv_path);
    assert_true(
        strncmp(
            csv, "run_id,k2_intake_ug_per_day,status,vessel_ca_mg_end,bone_ca_g_end\n1,0,ok,",
            strlen("run_id,k2_intake_ug_per_day,status,vessel_ca_mg_end,bone_ca_g_end\n1,0,ok,")) ==
        0);
    assert_null(strchr(csv, '#'));
    assert_int_equal(cs_test_count_lines(csv), 5);
    free(csv);
    char *meta = cs_test_slurp(meta_path);
    static const char *const keys[] = {
        "\"kind\": \"sweep\"",
        "\"comment_lines\": false",
        "\"runs\": 4",
        "{\"name\": \"k2_intake_ug_per_day\", \"spec\": \"0:90:4\", \"unit\": \"ug/day\", "
        "\"kind\": "
        "\"grid\", \"log\": false}",
        "\"k2_intake_ug_per_day\": {\"value\": 30, \"unit\": \"ug/day\", \"origin\": \"varied\"}",
        "\"vessel_ca_mg_end\": {\"unit\": \"mg\"",
        "\"bone_ca_g_end\": {\"unit\": \"g\"",
        "\"status\": {\"unit\": \"text\"",
        "\"vitamin_d3_in\": {\"unit\": \"IU/day\", \"total\": 2400"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (!strstr(meta, keys[i]))
            fail_msg("the sweep metadata lacks '%s':\n%.3000s", keys[i], meta);
    free(meta);
    unlink(csv_path);
    unlink(meta_path);
    assert_string_equal(cs_test_list_dir(env->dir, listing, sizeof listing), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_help),
        cmocka_unit_test(test_run_stdout),
        cmocka_unit_test(test_run_summary_on_request),
        cmocka_unit_test(test_csv_writer_ignores_process_locale),
        cmocka_unit_test(test_run_to_file),
        cmocka_unit_test(test_run_implausible),
        cmocka_unit_test(test_run_hourly),
        cmocka_unit_test(test_run_set),
        cmocka_unit_test(test_run_scenario_file),
        cmocka_unit_test(test_params),
        cmocka_unit_test(test_parameters_md_is_current),
        cmocka_unit_test(test_scenarios),
        cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_output_dir_is_checked_first),
        cmocka_unit_test(test_write_failure_exit_1),
        cmocka_unit_test(test_output_to_a_device),
        cmocka_unit_test(test_solver_failure_exit_3),
        cmocka_unit_test(test_run_no_comments_and_meta),
        cmocka_unit_test(test_run_meta_all_or_nothing),
        cmocka_unit_test(test_sweep_no_comments_and_meta),
    };
    return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
