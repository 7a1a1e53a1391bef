/*
 * cmd_run.c - `calcsim run [SCENARIO] [options]`: simulate one scenario, write CSV.
 *
 * Data flows one way: scenario file -> parameter set -> --years, --every and --set in
 * command-line order, each through cs_params_set_text() (C-locale parse, range check; this
 * part is cli_build_params() of cli_args.c, which plot and sweep use too) ->
 * cs_params_check() -> cs_sim_run() into an in-memory row store -> CSV. The rows are kept
 * in memory because the CSV comments carry the solver statistics, which are known only
 * after the run; RUN_MAX_ROWS bounds that memory.
 *
 * Writing -o FILE is atomic (outfile.c): the CSV goes to a mkstemp() file in FILE's
 * directory that is renamed over FILE only when complete, and removed on any failure.
 * SIGINT, SIGTERM and SIGHUP are blocked while that temporary file exists, so an interrupt
 * cannot leave it behind (the signal is delivered once it is gone). FILE's directory is
 * checked before the run, so a typo in -o fails at once rather than after a long run.
 *
 * A run that breaks a plausibility bound (calcsim/plausibility.h) is still written whole
 * and still exits 0; its CSV says so in "# plausibility:", and one warning line on stderr
 * names the first bound broken, even with --quiet (it is about validity, not chatter).
 */
#include "cli.h"
#include "cli_args.h"
#include "meta_json.h"
#include "outfile.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Most rows a run may produce: 2e6 rows x 23 columns is about 370 MB in memory. */
#define RUN_MAX_ROWS 2000000.0

/* What the options of `calcsim run` ask for. */
typedef struct {
    const char *scenario;   /* name or path; NULL until given */
    const char *output;     /* -o FILE; NULL or "-" for standard output */
    int summary;            /* -1: only for -o FILE; 0: never (--quiet); 1: always */
    int no_comments;        /* --no-comments: no '#' lines, the header row first */
    const char *meta;       /* --meta FILE: the metadata as JSON, or NULL */
    cli_assignments assign; /* --set, --years, --every; items has room for argc */
} run_args;

static int opt_set(void *ctx, const char *value, cs_error *err)
{
    return cli_opt_set(&((run_args *)ctx)->assign, value, err);
}

static int opt_years(void *ctx, const char *value, cs_error *err)
{
    return cli_opt_years(&((run_args *)ctx)->assign, value, err);
}

static int opt_every(void *ctx, const char *value, cs_error *err)
{
    return cli_opt_every(&((run_args *)ctx)->assign, value, err);
}

static int opt_output(void *ctx, const char *value, cs_error *err)
{
    run_args *a = ctx;
    if (!value[0])
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--output",
                            "-o needs a file name (or - for standard output)");
    a->output = value;
    return CS_OK;
}

static int opt_no_comments(void *ctx, const char *value, cs_error *err)
{
    (void)value;
    (void)err;
    ((run_args *)ctx)->no_comments = 1;
    return CS_OK;
}

static int opt_meta(void *ctx, const char *value, cs_error *err)
{
    if (!value[0] || strcmp(value, "-") == 0)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--meta",
                            "--meta needs a file name for the JSON metadata (standard output "
                            "carries the CSV), for example --meta out.meta.json");
    ((run_args *)ctx)->meta = value;
    return CS_OK;
}

static int opt_summary(void *ctx, const char *value, cs_error *err)
{
    (void)value;
    (void)err;
    ((run_args *)ctx)->summary = 1;
    return CS_OK;
}

static int opt_quiet(void *ctx, const char *value, cs_error *err)
{
    (void)value;
    (void)err;
    ((run_args *)ctx)->summary = 0;
    return CS_OK;
}

static int run_positional(void *ctx, const char *arg, cs_error *err)
{
    run_args *a = ctx;
    if (a->scenario)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "'calcsim run' takes one scenario, got '%s' and '%s'", a->scenario,
                            arg);
    a->scenario = arg;
    return CS_OK;
}

static const cli_option run_options[] = {
    {"--set", NULL, "NAME=VALUE", opt_set,
     "set a parameter (repeatable; after the scenario file; see 'calcsim params')"},
    {"--years", NULL, "Y", opt_years, "length of the run [yr] (parameter years)"},
    {"--every", NULL, "DAYS", opt_every,
     "days between output rows (output_every_days; 0.041667 = hourly)"},
    {"--output", "-o", "FILE", opt_output,
     "write the CSV to FILE, atomically (default and '-': standard output)"},
    {"--no-comments", NULL, NULL, opt_no_comments,
     "write a plain CSV: the header row first, no '#' lines"},
    {"--meta", NULL, "FILE", opt_meta,
     "also write the metadata ('#' lines, totals) as JSON to FILE, e.g. OUT.meta.json"},
    {"--summary", NULL, NULL, opt_summary, "print the summary on stderr also for standard output"},
    {"--quiet", "-q", NULL, opt_quiet, "print no summary"},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- the output file ----------------------------------------------------------------- */

/* Returns 1 when path means standard output. */
static int is_stdout(const char *path)
{
    return !path || strcmp(path, "-") == 0;
}

/*
 * Checks before the run that path can be written (cli_outfile_check()). `calcsim run` words
 * two refusals as it always has: "-o: the path is too long" and "-o names a directory; give
 * a file name". path is not empty (opt_output() refuses that). Returns CS_OK or CS_EUSAGE.
 */
static int check_output_path(const char *path, cs_error *err)
{
    struct stat st;
    size_t len = strlen(path);
    if (len + 32 >= CLI_OUTFILE_PATH_MAX)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--output", "-o: the path is too long");
    if (path[len - 1] == '/' || (stat(path, &st) == 0 && S_ISDIR(st.st_mode)))
        return cs_error_set(err, CS_EUSAGE, path, 0, "--output",
                            "-o names a directory; give a file name");
    return cli_outfile_check(path, "-o", err);
}

/*
 * Checks --meta FILE before the run: its directory is writable, it is not a directory, and it
 * is not the CSV's file. Returns CS_OK or CS_EUSAGE.
 */
static int check_meta_path(const run_args *a, cs_error *err)
{
    if (strlen(a->meta) + 32 >= CLI_OUTFILE_PATH_MAX)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--meta", "--meta: the path is too long");
    if (!is_stdout(a->output) && cli_outfile_same(a->meta, a->output)) {
        size_t n = strlen(a->output);
        int stem = n > 4 && strcmp(a->output + n - 4, ".csv") == 0 ? (int)n - 4 : (int)n;
        return cs_error_set(err, CS_EUSAGE, a->meta, 0, "--meta",
                            "--meta %s is the CSV's own file (-o %s); give the metadata another "
                            "name, for example %.*s.meta.json",
                            a->meta, a->output, stem, a->output);
    }
    return cli_outfile_check(a->meta, "--meta", err);
}

/* ---- metadata and summary ------------------------------------------------------------ */

/* Mean of column col over the run, weighted by time (trapezoids on t_days). */
static double time_mean(const cs_output_rows *rows, int col)
{
    size_t n = cs_output_rows_count(rows);
    const double *first = cs_output_rows_at(rows, 0);
    const double *last = cs_output_rows_at(rows, n - 1);
    double span = last[CS_O_T_DAYS] - first[CS_O_T_DAYS];
    if (n < 2 || !(span > 0))
        return first[col];
    double sum = 0;
    for (size_t i = 1; i < n; i++) {
        const double *a = cs_output_rows_at(rows, i - 1), *b = cs_output_rows_at(rows, i);
        sum += 0.5 * (a[col] + b[col]) * (b[CS_O_T_DAYS] - a[CS_O_T_DAYS]);
    }
    return sum / span;
}

static const char *unit_of(int col)
{
    return cs_output_info_at(col)->unit;
}

/* Prints the human summary of a finished run (8 lines, every number with its unit). */
static void print_summary(FILE *f, const cs_output_rows *rows, const char *dest, const char *meta,
                          const cs_scenario *sc)
{
    size_t n = cs_output_rows_count(rows);
    if (n == 0)
        return;
    const double *first = cs_output_rows_at(rows, 0);
    const double *last = cs_output_rows_at(rows, n - 1);
    double years = last[CS_O_T_YEARS] - first[CS_O_T_YEARS];
    double lo = first[CS_O_BLOOD_CA], hi = lo;
    for (size_t i = 1; i < n; i++) {
        double c = cs_output_rows_at(rows, i)[CS_O_BLOOD_CA];
        lo = c < lo ? c : lo;
        hi = c > hi ? c : hi;
    }
    double b0 = first[CS_O_BONE_CA], b1 = last[CS_O_BONE_CA];
    fprintf(f, "calcsim: wrote %zu rows x %d columns to %s%s%s (scenario %s, %.4g yr)\n", n,
            CS_NOUTPUT, dest, meta ? ", metadata to " : "", meta ? meta : "", sc->name, years);
    fprintf(f, "  blood calcium: %.3f to %.3f %s\n", lo, hi, unit_of(CS_O_BLOOD_CA));
    fprintf(f, "  bone calcium: %.6g -> %.6g %s (%+.3g %s", b0, b1, unit_of(CS_O_BONE_CA), b1 - b0,
            unit_of(CS_O_BONE_CA));
    if (years > 0 && b0 > 0)
        fprintf(f, ", %+.3g %%/yr", 100.0 * (b1 - b0) / b0 / years);
    fprintf(f, ")\n");
    fprintf(f, "  vessel calcium: %.4g -> %.4g %s\n", first[CS_O_VESSEL_CA], last[CS_O_VESSEL_CA],
            unit_of(CS_O_VESSEL_CA));
    fprintf(f, "  mean carboxylated MGP: %.3g %s\n", time_mean(rows, CS_O_MGP_PCT),
            unit_of(CS_O_MGP_PCT));
    char text[400];
    cs_params_d3_describe(&sc->params, text, sizeof text);
    fprintf(f, "  vitamin D3 in: %s\n", text);
    cs_params_vitk_describe(&sc->params, text, sizeof text);
    fprintf(f, "  vitamin K in: %s\n", text);
    fprintf(f, "  %s\n", CS_OUTPUT_DISCLAIMER);
}

/*
 * Reports a solver failure: where the run stopped and what to try. started says whether
 * the run had begun (else no starting state was found). Returns exit status 3.
 */
static int report_solver_failure(const cs_error *e, const cs_params *p, int started)
{
    cs_error r;
    cs_error_clear(&r);
    double t_end = cs_params_get(p, "years") * CS_DAYS_PER_YEAR;
    if (started)
        cs_error_set(&r, CS_ESOLVER, NULL, 0, NULL,
                     "solver failure at day %.6g of %.6g (year %.4g): %s; try a shorter --every, "
                     "or move extreme --set values back toward their defaults",
                     e->t_reached, t_end, e->t_reached / CS_DAYS_PER_YEAR, e->text);
    else
        cs_error_set(&r, CS_ESOLVER, NULL, 0, NULL, "solver failure at day 0 of %.6g: %s", t_end,
                     e->text);
    return cli_report(&r, CLI_EXIT_SOLVER);
}

/* ---- the command --------------------------------------------------------------------- */

/* Checks that the run gives at most RUN_MAX_ROWS rows; returns the row bound or -1. */
static double row_bound(const cs_params *p, cs_error *err)
{
    double years = cs_params_get(p, "years"), every = cs_params_get(p, "output_every_days");
    double rows = floor(years * CS_DAYS_PER_YEAR / every) + 2;
    if (rows > RUN_MAX_ROWS) {
        cs_error_set(err, CS_ERANGE, NULL, 0, "output_every_days",
                     "output every %.6g d for %.6g yr gives %.0f rows, more than the %.0f "
                     "allowed; use a larger --every or a smaller --years",
                     every, years, rows, RUN_MAX_ROWS);
        return -1;
    }
    return rows;
}

/* Everything one run owns; run_main() frees it all in one place. */
typedef struct {
    run_args a;
    cs_scenario *sc;
    const char *origin[CS_PARAM_CAPACITY]; /* where each parameter value came from */
    cs_sim *sim;
    cs_output_rows *rows;
    char *command; /* the command line, for the CSV comments */
} run_state;

/* A cli_outfile_write_fn, also used for standard output: writes the CSV of the finished run
 * ctx (a run_state). */
static int write_csv(void *ctx, FILE *f, cs_error *err)
{
    const run_state *s = ctx;
    if (s->a.no_comments)
        return cli_write_run_csv_plain(f, s->rows, err);
    return cli_write_run_csv(f, s->sc, s->command, s->origin, s->sim, s->rows, err);
}

/* A cli_outfile_write_fn: writes the --meta JSON of the finished run ctx (a run_state). */
static int write_meta(void *ctx, FILE *f, cs_error *err)
{
    const run_state *s = ctx;
    cs_output_meta m = cli_run_output_meta(s->sc, s->command, s->origin, s->sim);
    return cli_json_run_meta(f, &m, is_stdout(s->a.output) ? NULL : s->a.output, !s->a.no_comments,
                             err);
}

/*
 * Writes the CSV to path (NULL: standard output, only with --meta) atomically and durably
 * (cli_outfile_write()), and with --meta the JSON too, both or neither
 * (cli_outfile_write_set()), with SIGINT, SIGTERM and SIGHUP blocked while temporary files
 * exist. Returns CS_OK, CS_EIO (err names the file) or what a writer returns.
 */
static int write_file(run_state *s, const char *path, cs_error *err)
{
    sigset_t saved;
    cli_outfile_block_signals(&saved);
    int rc;
    if (s->a.meta) {
        /* Both files or neither; the CSV part last, since standard output cannot be undone. */
        const cli_outfile_part parts[] = {{s->a.meta, write_meta, s}, {path, write_csv, s}};
        rc = cli_outfile_write_set(parts, 2, cli_outfile_mode(), 1, err);
    } else {
        rc = cli_outfile_write(path, cli_outfile_mode(), 1, write_csv, s, err);
    }
    sigprocmask(SIG_SETMASK, &saved, NULL);
    return rc;
}

/* Parses, runs and writes; returns the exit status. s->a.assign.items and s->sc are
 * allocated. */
static int run_execute(run_state *s, int argc, char **argv)
{
    cs_error err;
    cs_error_clear(&err);
    int status = cli_start(&cli_cmd_run, argc, argv, run_positional, &s->a);
    if (status >= 0)
        return status;
    const run_args *a = &s->a;
    int rc = is_stdout(a->output) ? CS_OK : check_output_path(a->output, &err);
    if (rc == CS_OK && a->meta)
        rc = check_meta_path(a, &err);
    if (rc == CS_OK)
        rc = cli_build_params(a->scenario, &a->assign, s->sc, s->origin, &err);
    if (rc == CS_OK && !is_stdout(a->output)) {
        const char *inputs[] = {s->sc->path};
        rc = cli_outfile_not_input(a->output, "-o", inputs, 1, &err);
    }
    if (rc == CS_OK && a->meta) {
        const char *inputs[] = {s->sc->path};
        rc = cli_outfile_not_input(a->meta, "--meta", inputs, 1, &err);
    }
    if (rc == CS_OK)
        rc = cs_params_check(&s->sc->params, &err);
    double bound = rc == CS_OK ? row_bound(&s->sc->params, &err) : -1;
    if (rc != CS_OK || bound < 0)
        return cli_report(&err, CLI_EXIT_USAGE);

    const cs_params *p = &s->sc->params;
    s->sim = cs_sim_alloc(p, &err);
    if (!s->sim)
        return err.code == CS_ESOLVER ? report_solver_failure(&err, p, 0)
                                      : cli_report(&err, cli_exit_status(err.code));
    s->rows = cs_output_rows_alloc((size_t)bound + 16, &err);
    s->command = cli_command_line(argc, argv);
    if (!s->rows || !s->command) {
        cs_error_set(&err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
        return cli_report(&err, CLI_EXIT_FAILURE);
    }

    rc = cs_sim_run(s->sim, cs_output_rows_sink, s->rows, &err);
    if (rc == CS_ESOLVER)
        return report_solver_failure(&err, p, 1);
    if (rc == CS_ESINK) {
        cs_error_clear(&err);
        cs_error_set(&err, CS_ENOMEM, NULL, 0, NULL, "%s after %zu output rows",
                     cs_output_rows_status(s->rows) == CS_ENOMEM ? "out of memory"
                                                                 : "more rows than expected",
                     cs_output_rows_count(s->rows));
    }
    if (rc != CS_OK)
        return cli_report(&err, CLI_EXIT_FAILURE);

    if (is_stdout(a->output) && !a->meta)
        rc = write_csv(s, stdout, &err);
    else
        rc = write_file(s, is_stdout(a->output) ? NULL : a->output, &err);
    if (rc != CS_OK)
        return cli_report(&err, CLI_EXIT_FAILURE);
    cli_warn_implausible(s->sim, NULL); /* also with --quiet: it is about validity */
    if (a->summary == 1 || (a->summary == -1 && !is_stdout(a->output)))
        print_summary(stderr, s->rows, is_stdout(a->output) ? "standard output" : a->output,
                      a->meta, s->sc);
    return CLI_EXIT_OK;
}

static int run_main(int argc, char **argv)
{
    run_state s = {.a = {.summary = -1}};
    s.a.assign.items = calloc((size_t)argc, sizeof *s.a.assign.items);
    s.sc = malloc(sizeof *s.sc);
    int status;
    if (!s.a.assign.items || !s.sc) {
        cs_error err;
        cs_error_clear(&err);
        cs_error_set(&err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
        status = cli_report(&err, CLI_EXIT_FAILURE);
    } else {
        status = run_execute(&s, argc, argv);
    }
    free(s.command);
    cs_output_rows_free(&s.rows);
    cs_sim_free(&s.sim);
    free(s.sc);
    free(s.a.assign.items);
    return status;
}

const cli_command cli_cmd_run = {
    "run",
    "[SCENARIO] [--set NAME=VALUE]... [--years Y] [--every DAYS] [-o FILE]\n"
    "                   [--no-comments] [--meta FILE]",
    "Run a scenario and write its output as CSV",
    "SCENARIO is a name from 'calcsim scenarios' or a path to an .ini file (default:\n"
    "baseline). --years, --every and --set are applied after the scenario file, in the\n"
    "order given, and are range-checked against the parameter table. The CSV (comment\n"
    "lines starting with '#', a header row, one row per output time) goes to standard\n"
    "output, or to FILE, which is replaced only when complete. After writing FILE a short\n"
    "summary is printed on stderr. A result outside the model's plausibility bounds\n"
    "(docs/model.md, \"Validity\") is still written whole, marked '# plausibility:\n"
    "implausible: REASON' in the CSV, with one warning line on stderr (also with\n"
    "--quiet). --no-comments writes a plain CSV (header row first) for readers that take\n"
    "no comment lines; --meta FILE writes what the '#' lines say as JSON (with or\n"
    "without --no-comments); FILE and the CSV are written together or not at all.\n"
    "Exit status: 0 success (implausible results too), 2 bad usage or input,\n"
    "3 solver failure, 1 other errors. See docs/cli.md.\n",
    run_options,
    run_main,
    NULL,
};
