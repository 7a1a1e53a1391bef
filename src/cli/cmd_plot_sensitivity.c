/*
 * cmd_plot_sensitivity.c - `calcsim plot-sensitivity FILE [options]`: draws the CSV of
 * `calcsim sensitivity --format csv` as a tornado with gnuplot.
 *
 * The file is read whole and checked first (its header, one metric chosen, numbers parsed
 * in the C locale); then the rows of the chosen metric, ranked, become tornado.csv (row,
 * label, down, up: the change of the metric in % when the parameter is lowered or raised)
 * and plots/tornado.gp draws them in the house style, through figure.c exactly as `calcsim
 * plot-sweep` does (work directory, signals, atomic output, --keep, --term).
 */
#include "cli.h"
#include "cli_args.h"
#include "csv_read.h"
#include "figure.h"
#include "gnuplot.h"
#include "outfile.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TOP_DEFAULT 15
#define TOP_MAX     60

typedef struct {
    cli_figure_args fig; /* first: the shared figure options take this struct as ctx */
    const char *input;
    const char *metric;
    const char *title;
    int top;
} pse_args;

/* One row of the chosen metric. */
typedef struct {
    char param[64], unit[32];
    double base, value_down, value_up, down, up; /* metric change in % */
    int rank;
} pse_row;

typedef struct {
    pse_args a;
    cli_figure fig;
    char output[CLI_FIGURE_PATH_MAX];
    const char *format;
    char metric[96], metric_unit[32], scenario_line[256];
    double step_pct;
    pse_row *rows;
    int nrows, cap;
    char *command;
} pse_state;

static int opt_top(void *ctx, const char *value, cs_error *err)
{
    pse_args *a = ctx;
    char *end = NULL;
    errno = 0;
    long v = strtol(value, &end, 10);
    if (errno || end == value || *end || value[0] < '0' || value[0] > '9' || v < 1 || v > TOP_MAX)
        return cs_error_set(err, CS_ERANGE, NULL, 0, "--top",
                            "--top needs a whole number from 1 to %d, got '%s'", TOP_MAX, value);
    a->top = (int)v;
    return CS_OK;
}

static int opt_metric(void *ctx, const char *value, cs_error *err)
{
    (void)err;
    const char *now = cs_sweep_metric_renamed(value);
    if (now)
        cli_metric_warn_renamed("--metric", value, now);
    ((pse_args *)ctx)->metric = now ? now : value;
    return CS_OK;
}

static int opt_title(void *ctx, const char *value, cs_error *err)
{
    (void)err;
    ((pse_args *)ctx)->title = value;
    return CS_OK;
}

static int pse_positional(void *ctx, const char *arg, cs_error *err)
{
    pse_args *a = ctx;
    if (a->input)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "'calcsim plot-sensitivity' takes one file, got '%s' and '%s'",
                            a->input, arg);
    a->input = arg;
    return CS_OK;
}

static const cli_option pse_options[] = {
    {"--output", "-o", "FILE", cli_figure_opt_output,
     "write the figure to FILE: .png (1600x1000), .svg or .pdf (default: INPUT.png)"},
    {"--top", NULL, "N", opt_top, "draw the N largest effects (default 15)"},
    {"--metric", NULL, "NAME", opt_metric, "the metric to draw when the file has several"},
    {"--title", NULL, "TEXT", opt_title, "the figure's heading"},
    {"--term", NULL, NULL, cli_figure_opt_term, "draw the figure in the terminal, as text"},
    {"--keep", NULL, "DIR", cli_figure_opt_keep, "leave the data and the gnuplot scripts in DIR"},
    {"--quiet", "-q", NULL, cli_figure_opt_quiet, "print nothing on success"},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- reading ------------------------------------------------------------------------- */

/* The columns read, by name. */
enum { C_METRIC, C_MUNIT, C_PARAM, C_UNIT, C_VDOWN, C_VUP, C_BASE, C_DOWN, C_UP, C_RANK, NCOL };
static const char *const col_names[NCOL] = {
    "metric",   "metric_unit", "parameter",   "unit",      "value_down",
    "value_up", "metric_base", "metric_down", "metric_up", "rank"};

/* A cli_csv_reader meta function: the scenario line and the step. */
static void take_meta(void *ctx, const char *line)
{
    pse_state *s = ctx;
    const char *key = "# sensitivity of scenario ";
    if (strncmp(line, key, strlen(key)) == 0)
        snprintf(s->scenario_line, sizeof s->scenario_line, "%.200s", line + 2);
    const char *st = strstr(line, ", step ");
    if (st)
        s->step_pct = strtod(st + 7, NULL);
}

/* A cli_csv_reader row function: keeps the rows of the chosen metric. */
static int take_row(void *ctx, const char *const *v, long line, cs_error *err)
{
    pse_state *s = ctx;
    const char *path = s->a.input;
    const char *metric = v[C_METRIC];
    if (cs_sweep_metric_renamed(metric)) /* a file of calcsim 0.1.0 */
        metric = cs_sweep_metric_renamed(metric);
    if (!s->metric[0]) {
        if (s->a.metric && strcmp(s->a.metric, metric) != 0)
            return CS_OK;
        snprintf(s->metric, sizeof s->metric, "%s", metric);
        snprintf(s->metric_unit, sizeof s->metric_unit, "%s", v[C_MUNIT]);
    } else if (strcmp(s->metric, metric) != 0) {
        return CS_OK;
    }
    double x[6];
    const int which[6] = {C_VDOWN, C_VUP, C_BASE, C_DOWN, C_UP, C_RANK};
    int rc = CS_OK;
    for (int i = 0; i < 6 && rc == CS_OK; i++)
        rc = cli_csv_number(v[which[i]], col_names[which[i]], 1, path, line, &x[i], err);
    if (rc != CS_OK)
        return rc;
    double rank = x[5];
    if (!(rank >= 1 && rank == floor(rank)))
        return cs_error_set(err, CS_EPARSE, path, (int)line, NULL,
                            "column rank: '%s' is not a rank (1, 2, ...)", v[C_RANK]);
    if (s->nrows == s->cap) {
        int cap = s->cap ? 2 * s->cap : 64;
        pse_row *r = realloc(s->rows, sizeof *r * (size_t)cap);
        if (!r)
            return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
        s->rows = r;
        s->cap = cap;
    }
    pse_row *r = &s->rows[s->nrows++];
    snprintf(r->param, sizeof r->param, "%s", v[C_PARAM]);
    snprintf(r->unit, sizeof r->unit, "%s", v[C_UNIT]);
    r->value_down = x[0];
    r->value_up = x[1];
    r->base = x[2];
    r->down = isfinite(x[3]) && x[2] != 0 ? 100 * (x[3] - x[2]) / x[2] : NAN;
    r->up = isfinite(x[4]) && x[2] != 0 ? 100 * (x[4] - x[2]) / x[2] : NAN;
    r->rank = (int)rank;
    return CS_OK;
}

static int read_input(pse_state *s, cs_error *err)
{
    const char *path = s->a.input;
    const cli_csv_reader r = {
        path, "a file of 'calcsim sensitivity --format csv'", col_names, NCOL, take_meta, take_row,
        s};
    int rc = cli_csv_read(&r, NULL, err);
    if (rc == CS_OK && s->nrows == 0)
        rc = s->a.metric ? cs_error_set(err, CS_EUSAGE, path, 0, "--metric",
                                        "--metric: the file has no rows for '%s'", s->a.metric)
                         : cs_error_set(err, CS_EPARSE, path, 0, NULL, "the file has no rows");
    return rc;
}

static int by_rank(const void *a, const void *b)
{
    const pse_row *x = a, *y = b;
    return (x->rank > y->rank) - (x->rank < y->rank);
}

/* ---- the figure's files ---------------------------------------------------------------- */

static void put_num(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, "%.6g", v);
}

static int write_data(void *ctx, FILE *f, cs_error *err)
{
    const pse_state *s = ctx;
    int n = s->nrows < s->a.top ? s->nrows : s->a.top;
    fprintf(f, "# %s\n# %s; change of %s in %%\nrow,label,down,up\n", CS_OUTPUT_DISCLAIMER,
            s->scenario_line, s->metric);
    for (int i = 0; i < n; i++) {
        const pse_row *r = &s->rows[i];
        char label[128];
        if (strcmp(r->unit, "1") == 0)
            snprintf(label, sizeof label, "%s", r->param);
        else
            snprintf(label, sizeof label, "%s [%s]", r->param, r->unit);
        fprintf(f, "%d,", i + 1);
        cli_put_csv_field(f, label);
        fputc(',', f);
        put_num(f, r->down);
        fputc(',', f);
        put_num(f, r->up);
        fputc('\n', f);
    }
    return ferror(f) ? cs_error_set(err, CS_EIO, NULL, 0, NULL, "cannot write: %s", strerror(errno))
                     : CS_OK;
}

static int write_driver(void *ctx, FILE *f, cs_error *err)
{
    const pse_state *s = ctx;
    const char *out = s->output[0] ? s->output : "-";
    char buf[512];
    cli_figure_put_driver_head(f, "sensitivity", s->command);
    fputs("# Redraw it with: gnuplot figure.gp (or gnuplot -c figure.gp OTHER.svg)\n\n", f);
    double step = s->step_pct > 0 ? s->step_pct : 10;
    snprintf(buf, sizeof buf, "change of %s [%%]", s->metric);
    cli_figure_put_assign(f, "xlabel", buf);
    snprintf(buf, sizeof buf, "parameter -%g %%", step);
    cli_figure_put_assign(f, "down_title", buf);
    snprintf(buf, sizeof buf, "parameter +%g %%", step);
    cli_figure_put_assign(f, "up_title", buf);
    if (s->a.title)
        snprintf(buf, sizeof buf, "%s", s->a.title);
    else
        snprintf(buf, sizeof buf, "What %s depends on most", s->metric);
    cli_figure_put_assign(f, "figure_title", buf);
    int n = s->nrows < s->a.top ? s->nrows : s->a.top;
    snprintf(buf, sizeof buf, "calcsim %s, %s; %d largest of %d parameters", cs_version(),
             s->scenario_line[0] ? s->scenario_line : "sensitivity", n, s->nrows);
    cli_figure_put_assign(f, "figure_note", buf);
    cli_figure_put_here_and_out(f, out);
    fputs("\ncall here . 'tornado.gp' (here . 'tornado.csv') out\n", f);
    return ferror(f) ? cs_error_set(err, CS_EIO, NULL, 0, NULL, "cannot write: %s", strerror(errno))
                     : CS_OK;
}

static int write_files(void *ctx, const char *dir, cs_error *err)
{
    static const char *const scripts[] = {"tornado.gp", "style.gp", NULL};
    char path[CLI_FIGURE_PATH_MAX];
    mode_t mode = cli_outfile_mode();
    int rc = cli_figure_join(path, dir, "tornado.csv", err);
    if (rc == CS_OK)
        rc = cli_outfile_write(path, mode, 0, write_data, ctx, err);
    if (rc == CS_OK)
        rc = cli_figure_copy_scripts(dir, scripts, err);
    if (rc == CS_OK)
        rc = cli_figure_join(path, dir, "figure.gp", err);
    if (rc == CS_OK)
        rc = cli_outfile_write(path, mode, 0, write_driver, ctx, err);
    return rc;
}

/* ---- the command ----------------------------------------------------------------------- */

static int pse_execute(pse_state *s, int argc, char **argv)
{
    cs_error err;
    cs_error_clear(&err);
    int status = cli_start(&cli_cmd_plot_sensitivity, argc, argv, pse_positional, &s->a);
    if (status >= 0)
        return status;
    int rc = CS_OK;
    if (!s->a.input)
        rc = cs_error_set(&err, CS_EUSAGE, NULL, 0, NULL,
                          "plot-sensitivity needs a file of 'calcsim sensitivity --format csv'");
    if (rc == CS_OK)
        rc = read_input(s, &err);
    if (rc == CS_OK)
        rc = cli_figure_check_outputs(&s->a.fig, s->a.input, s->output, sizeof s->output,
                                      &s->format, &err);
    if (rc != CS_OK)
        return cli_report(&err,
                          rc == CS_ENOMEM || rc == CS_EIO ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE);
    qsort(s->rows, (size_t)s->nrows, sizeof *s->rows, by_rank);
    status = cli_figure_run(&s->fig, &s->a.fig, s->output, s->format, argc, argv, &s->command,
                            write_files, s);
    if (status == CLI_EXIT_OK && !s->a.fig.quiet && s->output[0]) {
        int n = s->nrows < s->a.top ? s->nrows : s->a.top;
        fprintf(stderr, "calcsim: wrote %s (tornado of %s, %d largest of %d parameters)\n",
                s->output, s->metric, n, s->nrows);
        cli_figure_print_kept(&s->a.fig);
    }
    return status;
}

static int pse_main(int argc, char **argv)
{
    pse_state *s = calloc(1, sizeof *s);
    if (!s)
        return cli_report_nomem();
    s->a.top = TOP_DEFAULT;
    int status = pse_execute(s, argc, argv);
    cli_figure_end(&s->fig);
    free(s->rows);
    free(s->command);
    free(s);
    return status;
}

const cli_command cli_cmd_plot_sensitivity = {
    "plot-sensitivity",
    "FILE [--top N] [--metric NAME] [-o FILE] [--title TEXT]\n"
    "                                [--term] [--keep DIR]",
    "Draw the result of 'calcsim sensitivity' as a tornado figure",
    "Reads FILE, written by 'calcsim sensitivity --format csv', and draws one row of bars\n"
    "per parameter, the largest effect on top: how much the metric changes, in %, when\n"
    "the parameter is lowered (first bar) or raised (second bar) by the step. --top N\n"
    "keeps the N largest (default 15); a file with several metrics needs --metric NAME\n"
    "unless the first is wanted. The format comes from -o FILE's extension: .png\n"
    "(1600x1000), .svg or .pdf; FILE is replaced only by a complete figure. --term draws\n"
    "it in the terminal. --keep DIR leaves the data, plots/tornado.gp, style.gp and\n"
    "figure.gp, which redraws the figure. Exit status: 0 success, 2 bad usage or input,\n"
    "4 gnuplot not found, 1 other errors. See docs/cli.md.\n",
    pse_options,
    pse_main,
    NULL,
};
