/*
 * cmd_sensitivity.c - `calcsim sensitivity [SCENARIO] [options]`: which parameters a result
 * depends on most.
 *
 * A thin layer on cs_sensitivity() (calcsim/sensitivity.h), which runs the base and two
 * perturbed runs per parameter through the library's ordered runner: this file parses the
 * options, builds the parameter set as `calcsim run` does (scenario, then --years and --set
 * in order), and writes a ranked table (text for a projector, CSV for scripts), to standard
 * output or atomically to -o FILE.
 */
#include "cli.h"
#include "cli_args.h"
#include "outfile.h"
#include "sweep_io.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SENS_MAX_METRICS 16
#define SENS_MAX_JOBS    256

typedef struct {
    const char *scenario;
    const char *output;
    int metrics[SENS_MAX_METRICS];
    int nmetrics;
    double step_pct;
    uint64_t jobs;
    int csv;
    int quiet;
    cli_assignments assign;
} sens_args;

static int opt_set(void *ctx, const char *value, cs_error *err)
{
    return cli_opt_set(&((sens_args *)ctx)->assign, value, err);
}

static int opt_years(void *ctx, const char *value, cs_error *err)
{
    return cli_opt_years(&((sens_args *)ctx)->assign, value, err);
}

static int opt_metric(void *ctx, const char *value, cs_error *err)
{
    sens_args *a = ctx;
    int m = cli_metric_find(value, "--metric");
    if (m < 0)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--metric",
                            "--metric: unknown metric '%s'; allowed: the metrics of 'calcsim "
                            "help sweep', e.g. vessel_ca_mg_change",
                            value);
    for (int i = 0; i < a->nmetrics; i++)
        if (a->metrics[i] == m)
            return cs_error_set(err, CS_EUSAGE, NULL, 0, "--metric",
                                "--metric: '%s' is asked for twice", value);
    if (a->nmetrics >= SENS_MAX_METRICS)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--metric",
                            "--metric: at most %d metrics at once", SENS_MAX_METRICS);
    a->metrics[a->nmetrics++] = m;
    return CS_OK;
}

static int opt_step(void *ctx, const char *value, cs_error *err)
{
    sens_args *a = ctx;
    double v;
    if (cs_parse_double(value, &v) != CS_OK || !(v > 0 && v <= 100 * CS_SENS_MAX_STEP))
        return cs_error_set(err, CS_ERANGE, NULL, 0, "--step",
                            "--step needs a percentage above 0 and at most %g, got '%s'",
                            100 * CS_SENS_MAX_STEP, value);
    a->step_pct = v;
    return CS_OK;
}

static int opt_jobs(void *ctx, const char *value, cs_error *err)
{
    sens_args *a = ctx;
    if (sweep_parse_uint(value, 1, SENS_MAX_JOBS, &a->jobs) != CS_OK)
        return cs_error_set(err, CS_ERANGE, NULL, 0, "--jobs",
                            "--jobs needs a whole number from 1 to %d, got '%s'", SENS_MAX_JOBS,
                            value);
    return CS_OK;
}

static int opt_format(void *ctx, const char *value, cs_error *err)
{
    static const char *const formats[] = {"text", "csv", NULL};
    int k = cli_parse_choice("--format", value, formats, err);
    if (k < 0)
        return k;
    ((sens_args *)ctx)->csv = k == 1;
    return CS_OK;
}

static int opt_output(void *ctx, const char *value, cs_error *err)
{
    if (!value[0])
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--output",
                            "-o needs a file name (or - for standard output)");
    ((sens_args *)ctx)->output = value;
    return CS_OK;
}

static int opt_quiet(void *ctx, const char *value, cs_error *err)
{
    (void)value;
    (void)err;
    ((sens_args *)ctx)->quiet = 1;
    return CS_OK;
}

static int sens_positional(void *ctx, const char *arg, cs_error *err)
{
    sens_args *a = ctx;
    if (a->scenario)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "'calcsim sensitivity' takes one scenario, got '%s' and '%s'",
                            a->scenario, arg);
    a->scenario = arg;
    return CS_OK;
}

static const cli_option sens_options[] = {
    {"--metric", NULL, "NAME", opt_metric,
     "the metric to explain (repeatable; default vessel_ca_mg_change)"},
    {"--step", NULL, "PCT", opt_step, "relative change of each parameter, in % (default 10)"},
    {"--set", NULL, "NAME=VALUE", opt_set, "set a parameter of the base run (repeatable)"},
    {"--years", NULL, "Y", opt_years, "length of every run [yr] (default: the scenario's)"},
    {"--jobs", "-j", "N", opt_jobs, "runs in parallel (default: the number of CPUs)"},
    {"--format", NULL, "FMT", opt_format, "text (a ranked table, default) or csv"},
    {"--output", "-o", "FILE", opt_output, "write to FILE, atomically (default: standard output)"},
    {"--quiet", "-q", NULL, opt_quiet, "print nothing on stderr"},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- writing ------------------------------------------------------------------------- */

typedef struct {
    const sens_args *a;
    const cs_scenario *sc;
    const cs_sens_row *rows;
    size_t n;
    int nparams;
    char *command;
} sens_out;

/* A number for the CSV: %.10g, or empty when undefined. */
static void put_num(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, "%.10g", v);
}

static int write_csv(void *ctx, FILE *f, cs_error *err)
{
    const sens_out *o = ctx;
    fprintf(f, "# calcsim %s\n# %s\n", cs_version(), CS_OUTPUT_DISCLAIMER);
    fprintf(f, "# sensitivity of scenario %s, %g yr runs, step %g %%\n", o->sc->name,
            o->sc->params.v[cs_param_find("years")], o->a->step_pct);
    fprintf(f, "# command: %s\n", o->command);
    fputs("# elasticity = (relative change of the metric) / (relative change of the parameter);"
          " dimensionless\n",
          f);
    fputs("metric,metric_unit,parameter,unit,default,value_down,value_up,metric_base,"
          "metric_down,metric_up,elasticity,elasticity_down,elasticity_up,rank,note\n",
          f);
    for (size_t k = 0; k < o->n; k++) {
        const cs_sens_row *r = &o->rows[k];
        const cs_sweep_metric_info *m = cs_sweep_metric_info_at(r->metric);
        const cs_param_info *p = cs_param_info_at(r->param);
        cli_put_csv_field(f, m->name);
        fputc(',', f);
        cli_put_csv_field(f, m->unit);
        fputc(',', f);
        cli_put_csv_field(f, p->name);
        fputc(',', f);
        cli_put_csv_field(f, p->unit);
        const double v[] = {r->value,        r->down, r->up,         r->y0,
                            r->y_down,       r->y_up, r->elasticity, r->elasticity_down,
                            r->elasticity_up};
        for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
            fputc(',', f);
            put_num(f, v[i]);
        }
        fprintf(f, ",%d,", r->rank);
        cli_put_csv_field(f, r->note);
        fputc('\n', f);
    }
    if (fflush(f) != 0 || ferror(f))
        return cs_error_set(err, CS_EIO, NULL, 0, NULL, "cannot write the output");
    return CS_OK;
}

/* "+1.234" or "   n/a" */
static void fmt_e(char *buf, size_t n, double e)
{
    if (isfinite(e))
        snprintf(buf, n, "%+.3f", e);
    else
        snprintf(buf, n, "n/a");
}

static int write_text(void *ctx, FILE *f, cs_error *err)
{
    const sens_out *o = ctx;
    fprintf(f, "calcsim %s - %s\n", cs_version(), CS_OUTPUT_DISCLAIMER);
    for (size_t k = 0; k < o->n; k++) {
        const cs_sens_row *r = &o->rows[k];
        const cs_sweep_metric_info *m = cs_sweep_metric_info_at(r->metric);
        if (r->rank == 1) {
            fprintf(f,
                    "\nSensitivity of %s [%s] in scenario %s (%g yr; base value %.4g %s),\n"
                    "each parameter changed by +-%g %%, ranked by the size of its effect:\n\n",
                    m->name, m->unit, o->sc->name, o->sc->params.v[cs_param_find("years")], r->y0,
                    m->unit, o->a->step_pct);
            fprintf(f, "%4s  %-36s %12s %-8s %11s %11s %11s\n", "rank", "parameter", "default",
                    "unit", "elasticity", "down", "up");
        }
        const cs_param_info *p = cs_param_info_at(r->param);
        char e[16], ed[16], eu[16];
        fmt_e(e, sizeof e, r->elasticity);
        fmt_e(ed, sizeof ed, r->elasticity_down);
        fmt_e(eu, sizeof eu, r->elasticity_up);
        fprintf(f, "%4d  %-36s %12.6g %-8s %11s %11s %11s%s%s\n", r->rank, p->name, r->value,
                p->unit, e, ed, eu, r->note[0] ? "  " : "", r->note);
    }
    fputs("\nElasticity: the relative change of the metric divided by the relative change of\n"
          "the parameter. +1 means 10 % more of the parameter gives about 10 % more of the\n"
          "metric; -0.5 means about 5 % less. Above 2 in size would be a knife-edge.\n",
          f);
    if (fflush(f) != 0 || ferror(f))
        return cs_error_set(err, CS_EIO, NULL, 0, NULL, "cannot write the output");
    return CS_OK;
}

/* ---- the command --------------------------------------------------------------------- */

static int is_stdout(const char *path)
{
    return !path || strcmp(path, "-") == 0;
}

static int sens_execute(sens_args *a, cs_scenario *sc, int argc, char **argv)
{
    cs_error err;
    cs_error_clear(&err);
    int status = cli_start(&cli_cmd_sensitivity, argc, argv, sens_positional, a);
    if (status >= 0)
        return status;
    const char *origin[CS_PARAM_CAPACITY];
    int rc = CS_OK;
    if (!is_stdout(a->output)) {
        struct stat st;
        size_t len = strlen(a->output);
        if (a->output[len - 1] == '/' || (stat(a->output, &st) == 0 && S_ISDIR(st.st_mode)))
            rc = cs_error_set(&err, CS_EUSAGE, a->output, 0, "--output",
                              "-o names a directory; give a file name");
        else
            rc = cli_outfile_check(a->output, "-o", &err);
    }
    if (rc == CS_OK)
        rc = cli_build_params(a->scenario, &a->assign, sc, origin, &err);
    if (rc == CS_OK && !is_stdout(a->output)) {
        const char *inputs[] = {sc->path};
        rc = cli_outfile_not_input(a->output, "-o", inputs, 1, &err);
    }
    if (rc == CS_OK)
        rc = cs_params_check(&sc->params, &err);
    if (rc != CS_OK)
        return cli_report(&err, CLI_EXIT_USAGE);
    if (a->nmetrics == 0)
        a->metrics[a->nmetrics++] = cs_sweep_metric_find("vessel_ca_mg_change");
    if (a->jobs == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        a->jobs = cpus > 0 ? (uint64_t)(cpus < SENS_MAX_JOBS ? cpus : SENS_MAX_JOBS) : 1;
    }

    cs_sens_spec spec = {&sc->params, a->metrics, a->nmetrics, a->step_pct / 100.0, (int)a->jobs};
    sens_out o = {a, sc, NULL, 0, 0, cli_command_line(argc, argv)};
    cs_sens_row *rows = NULL;
    if (!o.command) {
        cs_error_set(&err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
        return cli_report(&err, CLI_EXIT_FAILURE);
    }
    rc = cs_sensitivity(&spec, &rows, &o.n, &err);
    if (rc != CS_OK) {
        free(o.command);
        return cli_report(&err, cli_exit_status(rc));
    }
    o.rows = rows;
    cli_outfile_write_fn fn = a->csv ? write_csv : write_text;
    if (is_stdout(a->output)) {
        rc = fn(&o, stdout, &err);
    } else {
        sigset_t saved;
        cli_outfile_block_signals(&saved);
        rc = cli_outfile_write(a->output, cli_outfile_mode(), 1, fn, &o, &err);
        sigprocmask(SIG_SETMASK, &saved, NULL);
    }
    free(rows);
    free(o.command);
    if (rc != CS_OK)
        return cli_report(&err, CLI_EXIT_FAILURE);
    if (!a->quiet && !is_stdout(a->output))
        fprintf(stderr, "calcsim: wrote the sensitivity of %d metric%s to %zu parameters to %s\n",
                a->nmetrics, a->nmetrics == 1 ? "" : "s", o.n / (size_t)a->nmetrics, a->output);
    return CLI_EXIT_OK;
}

static int sens_main(int argc, char **argv)
{
    sens_args a = {.step_pct = 10};
    a.assign.items = calloc((size_t)argc, sizeof *a.assign.items);
    cs_scenario *sc = malloc(sizeof *sc);
    int status;
    if (!a.assign.items || !sc) {
        cs_error err;
        cs_error_clear(&err);
        cs_error_set(&err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
        status = cli_report(&err, CLI_EXIT_FAILURE);
    } else {
        status = sens_execute(&a, sc, argc, argv);
    }
    free(sc);
    free(a.assign.items);
    return status;
}

const cli_command cli_cmd_sensitivity = {
    "sensitivity",
    "[SCENARIO] [--metric NAME]... [--step PCT] [--set NAME=VALUE]...\n"
    "                           [--years Y] [--jobs N] [--format text|csv] [-o FILE]",
    "Rank the parameters by how much a result depends on them (elasticities)",
    "Runs SCENARIO (default: baseline) once as it is and twice more for every parameter\n"
    "whose value is not 0 (run control and supplement timing aside): with the parameter\n"
    "PCT % lower and PCT % higher (default 10 %, kept inside its range). For each metric\n"
    "(a sweep metric, default vessel_ca_mg_change) it reports the normalised elasticity\n"
    "E = (dy / y) / (dp / p) by central differences, and the one-sided values down and up,\n"
    "ranked by |E|: E = +1 means 10 % more of the parameter gives about 10 % more of the\n"
    "metric. The runs go through the same parallel, ordered runner as 'calcsim sweep', so\n"
    "the output is the same for any --jobs. --format csv has the columns metric,\n"
    "metric_unit, parameter, unit, default, value_down, value_up, metric_base,\n"
    "metric_down, metric_up, elasticity, elasticity_down, elasticity_up, rank, note (an\n"
    "empty field: undefined, e.g. a failed run). 'calcsim plot-sensitivity FILE' draws it\n"
    "as a tornado. Exit status: 0 success, 2 bad usage or input, 3 the base run failed,\n"
    "1 other errors. See docs/cli.md.\n",
    sens_options,
    sens_main,
    NULL,
};
