/*
 * test_plot.c - `calcsim plot` (docs/cli.md), tested from outside: the figures it writes and
 * every way it can fail.
 *
 * Each test runs the built program (CALCSIM_EXE) with posix_spawn (cs_test_exec() of
 * testutil.c), with CALCSIM_MODELS and CALCSIM_PLOTS set to the source tree and TMPDIR set
 * to a private directory, so that the tests also see that no temporary file is left behind.
 * The figures are checked by their structure: a PNG's signature and IHDR size (1600x1000),
 * an SVG's root element, curves, colours and texts, a PDF's header and trailer, and the
 * text drawing of --term.
 *
 * Tests that need gnuplot skip with a message when it is not installed. The failure paths
 * run everywhere: a missing gnuplot (exit 4) and gnuplot failing (exit 1, its messages
 * shown) are provoked with CALCSIM_GNUPLOT pointing at small shell scripts that stand in
 * for gnuplot.
 *
 * `calcsim plot-cohort` and `calcsim plot-trial` are tested here too, on small summaries
 * that the tests write.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Shared by all tests. */
typedef struct {
    char dir[256];     /* private directory: outputs go to dir/out */
    char out[300];     /* where the tests write figures; emptied by each test */
    char tmp[300];     /* TMPDIR of the program: must be empty after every run */
    char gnuplot[512]; /* the real gnuplot, "" when not installed */
} plot_env;

/*
 * Runs CALCSIM_EXE with args (NULL-terminated) in working directory cwd (NULL: ours), with
 * our environment minus CALCSIM_GNUPLOT and the locale, plus CALCSIM_MODELS, CALCSIM_PLOTS,
 * TMPDIR and the "KEY=VALUE" entries of extra (which replace entries of the same key).
 */
static cs_test_result run_in(plot_env *env, const char *cwd, const char *const *args,
                             const char *const *extra)
{
    static const char *const unset[] = {"CALCSIM_GNUPLOT", "LANG", NULL};
    char tmpdir[320];
    snprintf(tmpdir, sizeof tmpdir, "TMPDIR=%s", env->tmp);
    const char *const fixed[] = {"CALCSIM_MODELS=" CALCSIM_MODELS_DIR,
                                 "CALCSIM_PLOTS=" CALCSIM_SOURCE_DIR "/plots", "LC_ALL=C", tmpdir,
                                 NULL};
    cs_test_cmd cmd = {.args = args, .cwd = cwd, .unset = unset, .env = fixed, .extra_env = extra};
    return cs_test_exec(&cmd);
}

static cs_test_result run(plot_env *env, const char *const *args)
{
    return run_in(env, NULL, args, NULL);
}

/* Joins env->out and name into buf (size 512). */
static const char *out_file(const plot_env *env, const char *name, char *buf)
{
    snprintf(buf, 512, "%s/%s", env->out, name);
    return buf;
}

/* Asserts that the output directory holds exactly the names in want (sorted, space-joined)
 * and that the program's TMPDIR is empty: no partial or temporary file is left. */
static void assert_files(const plot_env *env, const char *want)
{
    char got[2048];
    if (strcmp(cs_test_list_dir(env->out, got, sizeof got), want) != 0)
        fail_msg("the output directory holds '%s', expected '%s'", got, want);
    if (strcmp(cs_test_list_dir(env->tmp, got, sizeof got), "") != 0)
        fail_msg("temporary files were left behind in TMPDIR: %s", got);
}

static void assert_contains(const char *s, const char *what, const char *where)
{
    if (!strstr(s, what))
        fail_msg("%s does not contain '%s'", where, what);
}

/* Counts the non-overlapping occurrences of what in s. */
static int count_of(const char *s, const char *what)
{
    int n = 0;
    for (const char *p = strstr(s, what); p; p = strstr(p + strlen(what), what))
        n++;
    return n;
}

/* Skips the current test when gnuplot is not installed. */
#define NEED_GNUPLOT(env)                                                                          \
    do {                                                                                           \
        if (!(env)->gnuplot[0]) {                                                                  \
            print_message("gnuplot is not installed (Debian: apt-get install gnuplot-nox); "       \
                          "skipping a test that draws a figure\n");                                \
            skip();                                                                                \
        }                                                                                          \
    } while (0)

/* Writes an executable shell script at dir/name with body; returns its path in buf. */
static const char *fake_program(const plot_env *env, const char *name, const char *body, char *buf)
{
    snprintf(buf, 512, "%s/%s", env->dir, name);
    FILE *f = fopen(buf, "w");
    assert_non_null(f);
    fprintf(f, "#!/bin/sh\n%s\n", body);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(chmod(buf, 0755), 0);
    return buf;
}

/* ---- setup -------------------------------------------------------------------------------- */

/* Looks gnuplot up in PATH; fills env->gnuplot or leaves it "". */
static void find_gnuplot(plot_env *env)
{
    const char *path = getenv("PATH");
    env->gnuplot[0] = '\0';
    for (const char *p = path ? path : ""; p && *p;) {
        size_t len = strcspn(p, ":");
        char cand[512];
        snprintf(cand, sizeof cand, "%.*s/gnuplot", (int)len, p);
        if (len && access(cand, X_OK) == 0) {
            snprintf(env->gnuplot, sizeof env->gnuplot, "%s", cand);
            return;
        }
        p += len + (p[len] == ':');
    }
}

static int setup_group(void **state)
{
    plot_env *env = calloc(1, sizeof *env);
    if (!env || cs_test_make_temp_dir(env->dir, sizeof env->dir, "calcsim-test-plot") != 0)
        return -1;
    snprintf(env->out, sizeof env->out, "%s/out", env->dir);
    snprintf(env->tmp, sizeof env->tmp, "%s/tmp", env->dir);
    if (mkdir(env->out, 0755) != 0 || mkdir(env->tmp, 0755) != 0)
        return -1;
    find_gnuplot(env);
    if (!env->gnuplot[0])
        print_message("gnuplot is not installed: the tests that draw figures will be skipped "
                      "(Debian: apt-get install gnuplot-nox)\n");
    *state = env;
    return 0;
}

static int teardown_group(void **state)
{
    plot_env *env = *state;
    cs_test_remove_tree(env->dir);
    free(env);
    return 0;
}

/* Each test starts with empty output and TMPDIR directories. */
static int setup_test(void **state)
{
    plot_env *env = *state;
    cs_test_empty_dir(env->out);
    cs_test_empty_dir(env->tmp);
    return 0;
}

/* ---- figures ------------------------------------------------------------------------------ */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Asserts that the file at path is a PNG of width x height pixels. */
static void assert_png(const char *path, uint32_t width, uint32_t height)
{
    size_t n;
    unsigned char *png = (unsigned char *)cs_test_read_file(path, &n);
    assert_non_null(png);
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    assert_true(n > 1000);
    assert_memory_equal(png, sig, 8);
    /* The first chunk is IHDR: length 13, then width and height, big-endian. */
    assert_int_equal(be32(png + 8), 13);
    assert_memory_equal(png + 12, "IHDR", 4);
    assert_int_equal(be32(png + 16), width);
    assert_int_equal(be32(png + 20), height);
    /* The last chunk is IEND. */
    assert_memory_equal(png + n - 8, "IEND", 4);
    free(png);
}

static void test_png(void **state)
{
    plot_env *env = *state;
    NEED_GNUPLOT(env);
    char path[512];
    cs_test_result r = run(env, (const char *const[]){"plot", "k2_supplement", "--years", "1", "-o",
                                                      out_file(env, "k2.png", path), NULL});
    assert_run_ok(&r, "calcsim plot");
    assert_string_equal(r.out, "");
    assert_contains(r.err, "calcsim: wrote ", "stderr");
    assert_contains(r.err, CS_OUTPUT_DISCLAIMER, "stderr");
    cs_test_result_free(&r);
    assert_png(path, 1600, 1000);
    assert_files(env, "k2.png");

    /* A fifth and sixth panel make three rows and a taller canvas; the width stays. */
    r = run(env,
            (const char *const[]){"plot", "baseline", "--years", "0.5", "--panels",
                                  "blood,bone,vessel,carboxylation,pth,fluxes", "-o", path, NULL});
    assert_int_equal(r.status, 0);
    cs_test_result_free(&r);
    assert_png(path, 1600, 1320);
}

static void test_svg(void **state)
{
    plot_env *env = *state;
    NEED_GNUPLOT(env);
    char path[512];
    cs_test_result r =
        run(env, (const char *const[]){"plot", "warfarin", "--years", "1", "-o",
                                       out_file(env, "w.svg", path), "--quiet", NULL});
    assert_run_ok(&r, "calcsim plot");
    assert_string_equal(r.err, "");
    cs_test_result_free(&r);
    char *svg = cs_test_slurp(path);
    /* A well-formed document: the XML declaration, one <svg> root of 1600x1000, closed at
     * the end, and as many <g> elements closed as opened. */
    assert_true(strncmp(svg, "<?xml", 5) == 0);
    assert_int_equal(count_of(svg, "<svg"), 1);
    assert_contains(svg, "width=\"1600\" height=\"1000\"", "the SVG");
    const char *end = svg + strlen(svg);
    while (end > svg && (end[-1] == '\n' || end[-1] == ' '))
        end--;
    assert_true(end - svg > 6 && strncmp(end - 6, "</svg>", 6) == 0);
    assert_int_equal(count_of(svg, "<g ") + count_of(svg, "<g>"), count_of(svg, "</g>"));
    /* The disclaimer, the headings, every axis label with its unit, the scenario title. */
    assert_int_equal(count_of(svg, CS_OUTPUT_DISCLAIMER), 1);
    assert_contains(svg, "Calcium in the blood", "the SVG");
    assert_contains(svg, "calcium [mmol/L]", "the SVG");
    assert_contains(svg, "calcium [g]", "the SVG");
    assert_contains(svg, "calcium [mg]", "the SVG");
    assert_contains(svg, "carboxylated [%]", "the SVG");
    assert_contains(svg, "time [years]", "the SVG");
    assert_contains(svg, "Vitamin K antagonist (warfarin-type)", "the SVG");
    /* One run: its total vitamin D3 and K inputs under the title. */
    assert_contains(svg,
                    "vitamin D3 in: 2400 IU/day (diet 400 + skin 2000 [assumed] + supplement 0)",
                    "the SVG");
    free(svg);
    assert_files(env, "w.svg");
}

static void test_pdf(void **state)
{
    plot_env *env = *state;
    NEED_GNUPLOT(env);
    char path[512];
    cs_test_result r = run(env, (const char *const[]){"plot", "ckd", "ckd_with_k2", "--years", "1",
                                                      "-o", out_file(env, "ckd.PDF", path), NULL});
    assert_run_ok(&r, "calcsim plot");
    cs_test_result_free(&r);
    size_t n;
    char *pdf = cs_test_read_file(path, &n);
    assert_non_null(pdf);
    assert_true(n > 1000);
    assert_true(strncmp(pdf, "%PDF-1.", 7) == 0);
    /* The trailer: %%EOF at the end, after the cross-reference offset. */
    const char *tail = pdf + (n > 64 ? n - 64 : 0);
    assert_non_null(strstr(tail, "%%EOF"));
    assert_non_null(strstr(tail, "startxref"));
    free(pdf);
    assert_files(env, "ckd.PDF");
}

/* The curves of the first panel in a gnuplot SVG: groups gnuplot_plot_1a, 2a, ... */
static int svg_curves(const char *svg, char colours[][32], int max)
{
    int n = 0;
    char id[64];
    for (;; n++) {
        snprintf(id, sizeof id, "<g id=\"gnuplot_plot_%da\"", n + 1);
        const char *g = strstr(svg, id);
        if (!g)
            break;
        const char *stroke = strstr(g, "<path stroke='");
        if (n < max && stroke)
            snprintf(colours[n], 32, "%.*s", (int)strcspn(stroke + 14, "'"), stroke + 14);
    }
    return n;
}

static void test_two_scenarios_two_curves(void **state)
{
    plot_env *env = *state;
    NEED_GNUPLOT(env);
    char path[512], keep[512];
    snprintf(keep, sizeof keep, "%s/kept", env->out);
    cs_test_result r =
        run(env, (const char *const[]){"plot", "k2_deficient", "k2_supplement", "--years", "1",
                                       "--panels", "vessel", "-o", out_file(env, "two.svg", path),
                                       "--keep", keep, NULL});
    assert_run_ok(&r, "calcsim plot");
    cs_test_result_free(&r);
    char *svg = cs_test_slurp(path);
    char colours[8][32];
    assert_int_equal(svg_curves(svg, colours, 8), 2);
    /* One colour per scenario, and the second one dashed. */
    assert_string_not_equal(colours[0], colours[1]);
    const char *second = strstr(svg, "<g id=\"gnuplot_plot_2a\"");
    const char *next = strstr(second + 1, "<g id=");
    const char *dash = strstr(second, "stroke-dasharray");
    assert_true(dash && (!next || dash < next));
    /* The legend uses the scenarios' short labels, not their long titles. */
    assert_contains(svg, ">No dietary K2: D3 2400 IU/day, K 100 ug/day<", "the SVG");
    assert_null(strstr(svg, "silent loss of MGP activity"));
    assert_contains(svg, ">MK-7 180 ug/day: D3 2400 IU/day, K 310 ug/day<", "the SVG");
    free(svg);

    /* The kept driver draws both CSVs. */
    char driver_path[600];
    snprintf(driver_path, sizeof driver_path, "%s/figure.gp", keep);
    char *driver = cs_test_slurp(driver_path);
    assert_contains(driver, "(here . 'k2_deficient.csv') out (here . 'k2_supplement.csv')",
                    "figure.gp");
    assert_contains(driver, "panels = 'vessel'", "figure.gp");
    free(driver);

    /* One scenario: one curve. */
    r = run(env, (const char *const[]){"plot", "k2_deficient", "--years", "1", "--panels", "vessel",
                                       "-o", path, NULL});
    assert_int_equal(r.status, 0);
    cs_test_result_free(&r);
    svg = cs_test_slurp(path);
    assert_int_equal(svg_curves(svg, colours, 8), 1);
    free(svg);
}

static void test_term(void **state)
{
    plot_env *env = *state;
    NEED_GNUPLOT(env);
    cs_test_result r = run_in(
        env, env->out, (const char *const[]){"plot", "baseline", "--years", "2", "--term", NULL},
        (const char *const[]){"COLUMNS=100", "LINES=50", NULL});
    assert_run_ok(&r, "calcsim plot");
    assert_string_equal(r.err, "");
    /* The dumb terminal writes every axis label (the y labels beside the headings). */
    assert_contains(r.out, "calcium [mmol/L]", "the text drawing");
    assert_contains(r.out, "calcium [g]", "the text drawing");
    assert_contains(r.out, "calcium [mg]", "the text drawing");
    assert_contains(r.out, "carboxylated [%]", "the text drawing");
    assert_contains(r.out, "time [years]", "the text drawing");
    assert_contains(r.out, "Calcium in the vessel", "the text drawing");
    assert_contains(r.out, CS_OUTPUT_DISCLAIMER, "the text drawing");
    /* 100 columns wide, as COLUMNS says (after the form feed that gnuplot writes first);
     * no escape sequences. */
    const char *start = r.out[0] == '\f' ? r.out + 1 : r.out;
    const char *nl = strchr(start, '\n');
    assert_non_null(nl);
    assert_int_equal(nl - start, 100);
    assert_null(strchr(r.out, '\033'));
    cs_test_result_free(&r);
    /* --term alone writes no file, not even a default one. */
    assert_files(env, "");
}

static void test_keep_redraws(void **state)
{
    plot_env *env = *state;
    NEED_GNUPLOT(env);
    char path[512], keep[512];
    snprintf(keep, sizeof keep, "%s/kept", env->out);
    cs_test_result r =
        run(env, (const char *const[]){"plot", "baseline", "baseline", "--years", "0.5", "--set",
                                       "k2_intake_ug_per_day=0", "--title", "It's a test", "-o",
                                       out_file(env, "a.png", path), "--keep", keep, NULL});
    assert_run_ok(&r, "calcsim plot");
    assert_contains(r.err, "kept in", "stderr");
    cs_test_result_free(&r);
    char got[2048];
    assert_string_equal(cs_test_list_dir(keep, got, sizeof got), "baseline-2.csv baseline.csv "
                                                                 "dashboard.gp figure.gp panels.gp "
                                                                 "style.gp");
    /* Each CSV is what `calcsim run` writes, with the equivalent command. */
    char csv_path[600];
    snprintf(csv_path, sizeof csv_path, "%s/baseline.csv", keep);
    char *csv = cs_test_slurp(csv_path);
    assert_true(strncmp(csv, "# calcsim ", 10) == 0);
    assert_contains(csv, "# " CS_OUTPUT_DISCLAIMER "\n", "the CSV");
    assert_contains(csv,
                    "# command: calcsim run baseline --years 0.5 --set "
                    "k2_intake_ug_per_day=0\n",
                    "the CSV");
    assert_contains(csv, "\nt_days,t_years,blood_ca_mmol_l,", "the CSV");
    free(csv);

    /* gnuplot redraws the figure from the kept files alone, from another directory. */
    char driver[600], again[512];
    snprintf(driver, sizeof driver, "%s/figure.gp", keep);
    out_file(env, "again.png", again);
    cs_test_cmd redraw = {.program = env->gnuplot,
                          .args = (const char *const[]){"-c", driver, again, NULL}};
    r = cs_test_exec(&redraw);
    assert_run_ok(&r, "gnuplot -c figure.gp");
    cs_test_result_free(&r);
    assert_png(again, 1600, 1000);
}

static void test_default_output_name(void **state)
{
    plot_env *env = *state;
    NEED_GNUPLOT(env);
    cs_test_result r = run_in(env, env->out,
                              (const char *const[]){"plot", "k1_extra", "k2_extra", "--years",
                                                    "0.2", "--panels", "mgp", NULL},
                              NULL);
    assert_run_ok(&r, "calcsim plot");
    assert_contains(r.err, "wrote k1_extra-vs-k2_extra.png", "stderr");
    cs_test_result_free(&r);
    assert_files(env, "k1_extra-vs-k2_extra.png");
}

/* ---- failures ----------------------------------------------------------------------------- */

static void test_no_gnuplot_exit_4(void **state)
{
    plot_env *env = *state;
    char path[512], empty[512];
    snprintf(empty, sizeof empty, "PATH=%s", env->tmp); /* a directory without gnuplot */
    const char *const args[] = {
        "plot", "baseline", "--years", "0.1", "-o", out_file(env, "x.png", path), NULL};

    cs_test_result r = run_in(env, NULL, args, (const char *const[]){empty, NULL});
    assert_error_line(&r, 4, "gnuplot not found", NULL);
    assert_contains(r.err, "apt-get install gnuplot-nox", "the error line");
    cs_test_result_free(&r);
    assert_files(env, "");

    r = run_in(env, NULL, args,
               (const char *const[]){"CALCSIM_GNUPLOT=/no/such/dir/gnuplot", NULL});
    assert_error_line(&r, 4, "CALCSIM_GNUPLOT=/no/such/dir/gnuplot", NULL);
    assert_contains(r.err, "apt-get install gnuplot-nox", "the error line");
    cs_test_result_free(&r);
    assert_files(env, "");

    /* Bad input is reported first (exit 2), even without gnuplot. */
    r = run_in(env, NULL, (const char *const[]){"plot", "no_such_scenario", "-o", path, NULL},
               (const char *const[]){empty, NULL});
    assert_error_line(&r, 2, "no_such_scenario", NULL);
    cs_test_result_free(&r);
}

static void test_gnuplot_failure_exit_1(void **state)
{
    plot_env *env = *state;
    char path[512], fake[512], setenv_fake[600];
    const char *const args[] = {
        "plot", "baseline", "--years", "0.1", "-o", out_file(env, "x.png", path), NULL};

    /* gnuplot reports an error: its messages are shown below calcsim's line. */
    fake_program(env, "gnuplot-fails",
                 "echo '\"dashboard.gp\" line 42: undefined variable: foo' >&2\nexit 1", fake);
    snprintf(setenv_fake, sizeof setenv_fake, "CALCSIM_GNUPLOT=%s", fake);
    cs_test_result r = run_in(env, NULL, args, (const char *const[]){setenv_fake, NULL});
    assert_int_equal(r.status, 1);
    assert_string_equal(r.out, "");
    assert_true(strncmp(r.err, "calcsim: gnuplot failed (exit status 1); its messages:\n", 55) ==
                0);
    assert_contains(r.err, "\n  \"dashboard.gp\" line 42: undefined variable: foo\n", "stderr");
    cs_test_result_free(&r);
    assert_files(env, "");

    /* gnuplot is killed. */
    fake_program(env, "gnuplot-killed", "kill -9 $$", fake);
    snprintf(setenv_fake, sizeof setenv_fake, "CALCSIM_GNUPLOT=%s", fake);
    r = run_in(env, NULL, args, (const char *const[]){setenv_fake, NULL});
    assert_error_line(&r, 1, "gnuplot was stopped by signal 9", NULL);
    cs_test_result_free(&r);
    assert_files(env, "");

    /* gnuplot succeeds but writes nothing. */
    fake_program(env, "gnuplot-silent", "exit 0", fake);
    snprintf(setenv_fake, sizeof setenv_fake, "CALCSIM_GNUPLOT=%s", fake);
    r = run_in(env, NULL, args, (const char *const[]){setenv_fake, NULL});
    assert_error_line(&r, 1, "wrote no figure", NULL);
    cs_test_result_free(&r);
    assert_files(env, "");

    /* An existing FILE is left as it was when gnuplot fails. */
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("old figure\n", f);
    fclose(f);
    fake_program(env, "gnuplot-fails2", "echo broken >&2\nexit 3", fake);
    snprintf(setenv_fake, sizeof setenv_fake, "CALCSIM_GNUPLOT=%s", fake);
    r = run_in(env, NULL, args, (const char *const[]){setenv_fake, NULL});
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "exit status 3", "stderr");
    cs_test_result_free(&r);
    char *old = cs_test_slurp(path);
    assert_string_equal(old, "old figure\n");
    free(old);
    assert_files(env, "x.png");
}

static void test_usage_errors(void **state)
{
    plot_env *env = *state;
    char missing[512], png[512], txt[512], file[512];
    snprintf(missing, sizeof missing, "%s/missing/x.png", env->out);
    out_file(env, "x.png", png);
    out_file(env, "x.txt", txt);
    out_file(env, "a-file", file);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fclose(f);
    const struct {
        const char *args[16];
        const char *text;
    } cases[] = {
        {{"plot", "--panels", "blood,nope", "-o", png}, "--panels 'nope' is not one of: blood"},
        {{"plot", "--panels", ",", "-o", png}, "--panels needs at least one panel"},
        {{"plot", "-o", missing}, "the directory does not exist"},
        {{"plot", "-o", env->out}, "names a directory"},
        {{"plot", "-o", txt}, "must end in .png, .svg or .pdf"},
        {{"plot", "-o", "-"}, "use --term"},
        {{"plot", "--keep", file, "-o", png}, "not a directory"},
        {{"plot", "--keep", missing, "-o", png}, "does not exist"},
        {{"plot", "a", "b", "c", "d", "e", "f", "g", "h", "i", "-o", png}, "at most 8 scenarios"},
        {{"plot", "no_such_scenario", "-o", png}, "no_such_scenario"},
        {{"plot", "--set", "k2_intake=1", "-o", png}, "unknown parameter 'k2_intake'"},
        {{"plot", "--years", "1000", "-o", png}, "out of range"},
        {{"plot", "--years", "40", "--every", "0.01", "-o", png}, "more than the 500000"},
        {{"plot", "--bogus"}, "unknown option '--bogus'"},
        {{"plot", "--term=yes"}, "takes no value"},
        /* issue 13: labels, overrides, lengths, looks */
        {{"plot", "baseline", "k2_deficient", "--labels", "A", "-o", png},
         "--labels gives 1 label for 2 scenarios"},
        {{"plot", "baseline", "--labels", "A,B", "-o", png}, "more labels than the 1 scenario"},
        {{"plot", "baseline", "k2_deficient", "--labels", "A,", "-o", png}, "label 2 is empty"},
        {{"plot", "baseline:", "-o", png}, "SCENARIO:NAME=VALUE"},
        {{"plot", "baseline:k2_intake_ug_per_day", "-o", png}, "is not NAME=VALUE"},
        {{"plot", "baseline:nope=1", "-o", png}, "baseline:nope=1: unknown parameter 'nope'"},
        {{"plot", "baseline:k2_intake_ug_per_day=-5", "-o", png}, "k2_intake_ug_per_day"},
        {{"plot", "baseline", "mk7_weekly", "-o", png}, "the runs have different lengths"},
        {{"plot", "--size", "big", "-o", png}, "--size 'big': a size is WIDTHxHEIGHT"},
        {{"plot", "--size", "100x100", "-o", png}, "a figure file is 200x200 to 10000x10000"},
        {{"plot", "--size", "20x10", "--term"}, "a text drawing is 40x12 to 1000x1000"},
        {{"plot", "--font-size", "0", "-o", png}, "--font-size needs a number from 6 to 72"},
        {{"plot", "--line-width", "x", "-o", png}, "--line-width needs a number from 0.5 to 20"},
        {{"plot", "--palette", "rainbow", "-o", png}, "--palette 'rainbow' is not one of"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cs_test_result r = run(env, cases[i].args);
        char what[128];
        snprintf(what, sizeof what, "case %zu (%s %s ...)", i, cases[i].args[1],
                 cases[i].args[2] ? cases[i].args[2] : "");
        assert_error_line(&r, 2, cases[i].text, what);
        cs_test_result_free(&r);
        assert_files(env, "a-file");
    }
}

/* Counts the lines of s and its widest line, in characters (the form feed gnuplot writes
 * first is not a column). */
static void text_extent(const char *s, int *lines, int *widest)
{
    *lines = 0;
    *widest = 0;
    int w = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '\n') {
            (*lines)++;
            *widest = w > *widest ? w : *widest;
            w = 0;
        } else if (*p != '\f') {
            w++;
        }
    }
}

/* Issue 13: labels in the legend, per-run overrides, coinciding lines, the change in %, the
 * look options, and a text drawing that keeps to its size. */
static void test_teacher_options(void **state)
{
    plot_env *env = *state;
    NEED_GNUPLOT(env);
    char svg_path[512], keep[512], png[512];
    out_file(env, "o.svg", svg_path);
    out_file(env, "kept", keep);
    /* k2_deficient is baseline with no dietary K2: the override draws on top of it. */
    cs_test_result r =
        run(env, (const char *const[]){
                     "plot",         "baseline",
                     "k2_deficient", "baseline:k2_intake_ug_per_day=0,mk7_supplement_ug_per_day=0",
                     "--years",      "2",
                     "--palette",    "tol",
                     "--font-size",  "18",
                     "--line-width", "2",
                     "--size",       "1200x800",
                     "-o",           svg_path,
                     "--keep",       keep,
                     "--quiet",      NULL});
    assert_run_ok(&r, "calcsim plot");
    cs_test_result_free(&r);
    char *svg = cs_test_slurp(svg_path);
    assert_non_null(svg);
    assert_contains(svg, "width=\"1200\" height=\"800\"", "the SVG");
    assert_contains(svg, ">Baseline adult: D3 2400 IU/day, K 130 ug/day<", "the SVG");
    assert_contains(svg,
                    ">Baseline adult (k2_intake_ug_per_day=0, mk7_supplement_ug_per_day=0): D3 "
                    "2400 IU/day, K 100 ug/day<",
                    "the SVG");
    /* The coinciding lines are named, and the bone panel (axis not from zero) shows %. */
    assert_contains(svg, "lies on No dietary K2", "the SVG");
    assert_contains(svg, ">change<", "the SVG");
    assert_contains(svg, " %<", "the SVG");
    assert_contains(svg, "rgb( 68, 119, 170)", "the SVG (tol palette: #4477AA)");
    free(svg);
    /* The kept CSV of the override says what was set, as `calcsim run` would. */
    char csv[600];
    snprintf(csv, sizeof csv, "%s/baseline-2.csv", keep);
    char *data = cs_test_slurp(csv);
    assert_non_null(data);
    assert_contains(data, "--set k2_intake_ug_per_day=0 --set mk7_supplement_ug_per_day=0",
                    "the override's CSV");
    free(data);

    /* --labels replace the legend. */
    r = run(env,
            (const char *const[]){"plot", "baseline", "k2_supplement", "--years", "1", "--labels",
                                  "usual diet,with MK-7", "-o", svg_path, "--quiet", NULL});
    assert_run_ok(&r, "calcsim plot");
    cs_test_result_free(&r);
    svg = cs_test_slurp(svg_path);
    assert_contains(svg, ">usual diet: D3 2400 IU/day, K 130 ug/day<", "the SVG");
    assert_contains(svg, ">with MK-7: D3 2400 IU/day, K 310 ug/day<", "the SVG");
    free(svg);

    /* The same lengths after --years: mixed scenarios are drawn over one time axis. */
    r = run(env, (const char *const[]){"plot", "baseline", "mk7_weekly", "--years", "0.05", "-o",
                                       out_file(env, "w.png", png), "--quiet", NULL});
    assert_run_ok(&r, "calcsim plot");
    cs_test_result_free(&r);

    /* The text drawing keeps to 80 x 24 (no terminal, no COLUMNS): one panel, the legend, the
     * disclaimer, and a line saying which panels were left out. */
    r = run_in(env, env->out,
               (const char *const[]){"plot", "baseline", "k2_deficient", "k2_supplement", "--years",
                                     "2", "--term", NULL},
               (const char *const[]){"COLUMNS=", "LINES=", NULL});
    assert_run_ok(&r, "calcsim plot --term");
    int lines, widest;
    text_extent(r.out, &lines, &widest);
    assert_true(lines <= 24);
    assert_true(widest <= 80);
    assert_contains(r.out, CS_OUTPUT_DISCLAIMER, "the text drawing");
    assert_contains(r.out, "Baseline adult", "the text drawing");
    assert_contains(r.out, "MK-7 180 ug/day", "the text drawing");
    assert_contains(r.out, "not shown at 80x24: bone vessel carboxylation", "the text drawing");
    cs_test_result_free(&r);
    /* --size gives the drawing's size in characters. */
    r = run(env, (const char *const[]){"plot", "baseline", "--years", "2", "--term", "--size",
                                       "132x60", "--panels", "vessel,bone", NULL});
    assert_run_ok(&r, "calcsim plot --term --size");
    text_extent(r.out, &lines, &widest);
    assert_true(lines <= 60 && lines > 40);
    assert_true(widest <= 132 && widest > 100);
    assert_contains(r.out, "Calcium in bone", "the text drawing");
    assert_contains(r.out, "Calcium in the vessel wall", "the text drawing");
    assert_null(strstr(r.out, "not shown"));
    cs_test_result_free(&r);
}

/* The panel names calcsim accepts are the ones plots/panels.gp defines, and the help lists
 * each of them. */
static void test_panel_names_match_scripts(void **state)
{
    plot_env *env = *state;
    cs_test_result r = run(env, (const char *const[]){"plot", "--panels", "nope", NULL});
    assert_error_line(&r, 2, "is not one of: ", NULL);
    char accepted[1024];
    const char *list = strstr(r.err, "is not one of: ") + strlen("is not one of: ");
    snprintf(accepted, sizeof accepted, "%.*s", (int)strcspn(list, "\n"), list);
    cs_test_result_free(&r);
    /* "blood, bone, ..." -> "blood bone ..." */
    char want[1024];
    size_t k = 0;
    for (const char *p = accepted; *p && k + 1 < sizeof want; p++)
        if (*p != ',')
            want[k++] = *p;
    want[k] = '\0';

    char *gp = cs_test_slurp(CALCSIM_SOURCE_DIR "/plots/panels.gp");
    const char *def = strstr(gp, "cs_panel_names = \"");
    assert_non_null(def);
    def += strlen("cs_panel_names = \"");
    char names[1024];
    k = 0;
    /* The string may continue on the next line: "..." . \ "..." */
    for (const char *p = def; *p && k + 1 < sizeof names; p++) {
        if (*p == '"') {
            const char *more = strstr(p, ". \\\n");
            if (more != p + 2)
                break;
            p = strchr(more + 4, '"');
            assert_non_null(p);
            continue;
        }
        names[k++] = *p;
    }
    names[k] = '\0';
    while (k > 0 && names[k - 1] == ' ')
        names[--k] = '\0';
    if (strcmp(names, want) != 0)
        fail_msg("calcsim accepts '%s' but plots/panels.gp defines '%s'", want, names);

    /* Every panel has its variables in panels.gp, and the help names it. */
    r = run(env, (const char *const[]){"help", "plot", NULL});
    assert_int_equal(r.status, 0);
    for (char *tok = strtok(names, " "); tok; tok = strtok(NULL, " ")) {
        char var[128];
        snprintf(var, sizeof var, "panel_%s_columns", tok);
        assert_contains(gp, var, "plots/panels.gp");
        snprintf(var, sizeof var, "panel_%s_ylabel", tok);
        assert_contains(gp, var, "plots/panels.gp");
        snprintf(var, sizeof var, " %s", tok);
        assert_contains(r.out, var, "'calcsim help plot'");
    }
    cs_test_result_free(&r);
    free(gp);
}

/* Every column a panel draws is a column of the CSV. */
static void test_panel_columns_exist(void **state)
{
    (void)state;
    char *gp = cs_test_slurp(CALCSIM_SOURCE_DIR "/plots/panels.gp");
    int checked = 0;
    for (const char *p = strstr(gp, "_columns = \""); p; p = strstr(p + 1, "_columns = \"")) {
        const char *q = p + strlen("_columns = \"");
        for (;;) {
            size_t len = strcspn(q, " \"");
            if (len > 0) {
                int found = 0;
                for (int i = 0; i < CS_NOUTPUT; i++)
                    found |= strlen(cs_output_info_at(i)->name) == len &&
                             strncmp(cs_output_info_at(i)->name, q, len) == 0;
                if (!found)
                    fail_msg("plots/panels.gp draws '%.*s', which is not a CSV column", (int)len,
                             q);
                checked++;
            }
            q += len;
            if (*q == '"') {
                /* A continued string: `" . \` newline, then `"`. */
                if (strncmp(q, "\" . \\\n", 6) != 0)
                    break;
                q = strchr(q + 6, '"') + 1;
                continue;
            }
            q++;
        }
    }
    assert_true(checked >= 20);
    free(gp);
}

static void test_solver_failure_exit_3(void **state)
{
    plot_env *env = *state;
    char path[512];
    /* No parameter set in range makes the solver fail: cap it (CALCSIM_SOLVER_NMAX). */
    cs_test_result r =
        run_in(env, NULL,
               (const char *const[]){"plot", "baseline", "-o", out_file(env, "x.png", path), NULL},
               (const char *const[]){"CALCSIM_GNUPLOT=/bin/true", "CALCSIM_SOLVER_NMAX=5", NULL});
    assert_error_line(&r, 3, "scenario baseline: solver failure at day ", NULL);
    assert_files(env, "");
    cs_test_result_free(&r);
}

/* ---- plot-cohort and plot-trial ------------------------------------------------------------ */

/* A small cohort summary as `calcsim cohort --summary` writes it: two exposures, the first
 * with published odds ratios. */
static const char cohort_summary[] =
    "# calcsim test\n# " CS_OUTPUT_DISCLAIMER "\n"
    "# cohort: tiny (A tiny cohort: menaquinone and calcification)\n"
    "# source: Someone et al., J Test 2004 1:1 (300 people)\n"
    "# people: 300 (0 failed, 0 implausible)\n"
    "# outcome: calcified (vessel_ca_mg_end >= 600)\n"
    "exposure,unit,group,n,exposure_low,exposure_high,cases,prevalence,odds_ratio,or_low,"
    "or_high,risk_ratio,rr_low,rr_high,published_measure,published,published_low,"
    "published_high\n"
    "k2_intake_ug_per_day,ug/day,1,100,3,21.5,30,0.3,1,1,1,1,1,1,odds_ratio,1,1,1\n"
    "k2_intake_ug_per_day,ug/day,2,100,21.7,32.6,25,0.25,0.78,0.42,1.4,0.83,0.53,1.3,"
    "odds_ratio,0.71,0.5,1\n"
    "k2_intake_ug_per_day,ug/day,3,100,32.8,130,20,0.2,0.58,0.31,1.1,0.67,0.41,1.09,"
    "odds_ratio,0.48,0.32,0.71\n"
    "k1_intake_ug_per_day,ug/day,1,150,40,170,45,0.3,1,1,1,1,1,1,,,,\n"
    "k1_intake_ug_per_day,ug/day,2,150,171,700,42,0.28,0.91,0.55,1.5,0.93,0.65,1.3,,,,\n";

/* A trial summary with two sizes (or only the first when one_size) and its people. */
static const char trial_head[] =
    "# calcsim test\n# " CS_OUTPUT_DISCLAIMER "\n"
    "# trial: tiny (A tiny trial: MK-7 against placebo)\n"
    "# duration: 1 yr; replicates: 5; inclusion: measured CAC 0-0 AU\n"
    "endpoint,unit,per_arm,mean_control,mean_treated,difference,ci_low,ci_high,p_value,power,"
    "mean_difference_all,replicates,failed_runs\n"
    "cac_change_au,AU,10,50,40,-10,-30,10,0.3,0.2,-8,5,0\n"
    "ucmgp_change_pct,%,10,1,-20,-21,-30,-12,0.001,0.8,-20,5,0\n";
static const char trial_more[] = "cac_change_au,AU,40,50,41,-9,-20,2,0.1,0.4,-8,5,0\n"
                                 "ucmgp_change_pct,%,40,1,-21,-22,-26,-18,1e-06,1,-20,5,0\n";
static const char people[] =
    "# trial: tiny (A tiny trial: MK-7 against placebo)\n"
    "participant,arm,age_years,cac_true_start_au,cac_true_end_au,cac_measured_start_au,"
    "cac_measured_end_au,cac_change_au,ucmgp_change_pct,bone_change_pct,status\n"
    "1,control,60,100,150,90,160,70,1,-1,ok\n"
    "2,control,61,100,130,110,120,10,2,-1,ok\n"
    "3,control,62,100,,,,,,,failed\n"
    "4,treated,63,100,120,100,140,40,-20,-1,ok\n"
    "5,treated,64,100,110,105,95,-10,-22,-1,ok\n";

static const char *write_text(const plot_env *env, const char *name, const char *a, const char *b,
                              char *buf)
{
    snprintf(buf, 512, "%s/%s", env->dir, name);
    FILE *f = fopen(buf, "w");
    assert_non_null(f);
    fputs(a, f);
    fputs(b, f);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static void test_plot_cohort(void **state)
{
    plot_env *env = *state;
    NEED_GNUPLOT(env);
    char csv[512], png[512], keep[512];
    write_text(env, "cohort.csv", cohort_summary, "", csv);
    snprintf(keep, sizeof keep, "%s/kept", env->out);
    cs_test_result r =
        run(env, (const char *const[]){"plot-cohort", csv, "-o", out_file(env, "c.png", png),
                                       "--keep", keep, NULL});
    assert_run_ok(&r, "calcsim plot-cohort");
    assert_string_equal(r.out, "");
    assert_contains(r.err, "calcsim: wrote ", "stderr");
    assert_contains(r.err, "(cohort tiny, 2 exposures)", "stderr");
    cs_test_result_free(&r);
    assert_png(png, 1600, 1000);
    char got[2048];
    assert_string_equal(cs_test_list_dir(keep, got, sizeof got),
                        "cohort.csv cohort.gp figure.gp style.gp");
    /* The tick labels: the ranges between the groups, the unit on the last. */
    char data[600];
    snprintf(data, sizeof data, "%s/cohort.csv", keep);
    char *d = cs_test_slurp(data);
    assert_contains(d, "1,1,1: <21.6,1,1,1,1,1,1\n", "cohort.csv");
    assert_contains(d, "1,2,2: 21.6-32.7,0.78,0.42,1.4,0.71,0.5,1\n", "cohort.csv");
    assert_contains(d, "1,3,3: >32.7 ug/day,", "cohort.csv");
    assert_contains(d, "2,2,2: >170 ug/day,0.91,0.55,1.5,,,\n", "cohort.csv");
    free(d);
    snprintf(data, sizeof data, "%s/figure.gp", keep);
    d = cs_test_slurp(data);
    assert_contains(d, "pub_title = 'published (Someone et al. 2004)'", "figure.gp");
    assert_contains(d, "figure_title = 'A tiny cohort: menaquinone and calcification'",
                    "figure.gp");
    free(d);

    /* The text drawing: the disclaimer, the headings and the legend. */
    r = run_in(env, env->out, (const char *const[]){"plot-cohort", csv, "--term", NULL},
               (const char *const[]){"COLUMNS=120", "LINES=40", NULL});
    assert_run_ok(&r, "calcsim plot-cohort --term");
    assert_string_equal(r.err, "");
    assert_contains(r.out, CS_OUTPUT_DISCLAIMER, "the text drawing");
    assert_contains(r.out, "vitamin K2 intake (tertiles)", "the text drawing");
    assert_contains(r.out, "odds ratio, 95 % CI [1]", "the text drawing");
    assert_contains(r.out, "published (Someone et al. 2004)", "the text drawing");
    cs_test_result_free(&r);

    /* A risk ratio published: the risk ratios are drawn. */
    char rr[sizeof cohort_summary];
    snprintf(rr, sizeof rr, "%s", cohort_summary);
    /* (the published_measure fields, not the header's column) */
    for (char *m = strstr(rr, ",odds_ratio,"); m; m = strstr(m + 1, ",odds_ratio,"))
        if (m[12] >= '0' && m[12] <= '9')
            memcpy(m + 1, "risk", 4);
    write_text(env, "rr.csv", rr, "", csv);
    r = run_in(env, env->out, (const char *const[]){"plot-cohort", csv, "--term", NULL}, NULL);
    assert_run_ok(&r, "calcsim plot-cohort (risk ratios)");
    assert_contains(r.out, "risk ratio, 95 % CI [1]", "the text drawing");
    cs_test_result_free(&r);
}

static void test_plot_trial(void **state)
{
    plot_env *env = *state;
    NEED_GNUPLOT(env);
    char csv[512], ppl[512], png[512];
    write_text(env, "trial.csv", trial_head, trial_more, csv);
    write_text(env, "people.csv", people, "", ppl);
    cs_test_result r = run(env, (const char *const[]){"plot-trial", csv, "--people", ppl, "-o",
                                                      out_file(env, "t.png", png), NULL});
    assert_run_ok(&r, "calcsim plot-trial");
    assert_contains(r.err, "(trial tiny, power curve of 2 endpoints and the arms' changes of CAC)",
                    "stderr");
    cs_test_result_free(&r);
    assert_png(png, 1600, 1000);

    r = run_in(env, env->out,
               (const char *const[]){"plot-trial", csv, "--people", ppl, "--term", NULL},
               (const char *const[]){"COLUMNS=120", "LINES=40", NULL});
    assert_run_ok(&r, "calcsim plot-trial --term");
    assert_contains(r.out, CS_OUTPUT_DISCLAIMER, "the text drawing");
    assert_contains(r.out, "power [%]", "the text drawing");
    assert_contains(r.out, "participants per arm [people]", "the text drawing");
    assert_contains(r.out, "cac_change_au [AU]", "the text drawing");
    assert_contains(r.out, "control", "the text drawing");
    assert_contains(r.out, "(n = 2)", "the text drawing");
    cs_test_result_free(&r);

    /* One size, no people: the differences, a panel per endpoint. */
    write_text(env, "one.csv", trial_head, "", csv);
    r = run(env, (const char *const[]){"plot-trial", csv, "-o", png, "-q", NULL});
    assert_run_ok(&r, "calcsim plot-trial (one size)");
    assert_string_equal(r.err, "");
    cs_test_result_free(&r);
    assert_png(png, 1600, 1000);
    r = run_in(env, env->out, (const char *const[]){"plot-trial", csv, "--term", NULL}, NULL);
    assert_run_ok(&r, "calcsim plot-trial --term (one size)");
    assert_contains(r.out, CS_OUTPUT_DISCLAIMER, "the text drawing");
    assert_contains(r.out, "treated - control [AU]", "the text drawing");
    assert_contains(r.out, "treated - control [%]", "the text drawing");
    cs_test_result_free(&r);
    assert_files(env, "t.png");

    /* No gnuplot: exit 4, after the input was found good. */
    char empty[512];
    snprintf(empty, sizeof empty, "PATH=%s", env->tmp);
    r = run_in(env, NULL, (const char *const[]){"plot-trial", csv, "-o", png, NULL},
               (const char *const[]){empty, NULL});
    assert_error_line(&r, 4, "gnuplot not found", NULL);
    cs_test_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_png, setup_test),
        cmocka_unit_test_setup(test_svg, setup_test),
        cmocka_unit_test_setup(test_pdf, setup_test),
        cmocka_unit_test_setup(test_two_scenarios_two_curves, setup_test),
        cmocka_unit_test_setup(test_term, setup_test),
        cmocka_unit_test_setup(test_keep_redraws, setup_test),
        cmocka_unit_test_setup(test_default_output_name, setup_test),
        cmocka_unit_test_setup(test_no_gnuplot_exit_4, setup_test),
        cmocka_unit_test_setup(test_gnuplot_failure_exit_1, setup_test),
        cmocka_unit_test_setup(test_usage_errors, setup_test),
        cmocka_unit_test_setup(test_teacher_options, setup_test),
        cmocka_unit_test_setup(test_panel_names_match_scripts, setup_test),
        cmocka_unit_test_setup(test_panel_columns_exist, setup_test),
        cmocka_unit_test_setup(test_solver_failure_exit_3, setup_test),
        cmocka_unit_test_setup(test_plot_cohort, setup_test),
        cmocka_unit_test_setup(test_plot_trial, setup_test),
    };
    return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
