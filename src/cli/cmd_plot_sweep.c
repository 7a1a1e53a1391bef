/*
 * cmd_plot_sweep.c - `calcsim plot-sweep RESULTS.csv --x NAME [--y METRIC] [--group NAME]`:
 * draw the result file of a sweep with gnuplot.
 *
 * Which figure: a line plot of METRIC against the varied parameter --x, one line per value of
 * --group (at most 8, the line styles of plots/style.gp); without --group, one line for a
 * sweep that varies one parameter, or a heatmap over --x and the other varied parameter for
 * a sweep that varies two (coloured cells for a grid, coloured points for a Latin
 * hypercube). Every varied parameter that is neither --x nor --group must take one value,
 * so that each point of the figure is one run; otherwise the message says which parameter
 * to fix or group by.
 *
 * Data flow: the result file is read with the strict reader of sweep_io.c (a file still
 * being written is fine: an unfinished last line is ignored), the runs are sorted into a
 * small CSV (group,x,y or x,y,value and the cell bounds) in a private work directory, next
 * to copies of plots/sweep_lines.gp or sweep_heatmap.gp and style.gp and a driver
 * figure.gp; then gnuplot draws, exactly as for `calcsim plot` (figure.c, gnuplot.c). Failed
 * runs, and implausible ones (a result outside the model's plausibility bounds, whose
 * numbers a teaching figure must not show as if they were valid), are left out; the
 * figure's note and the summary say how many of each. --keep DIR leaves the files, so
 * `gnuplot DIR/figure.gp` redraws the figure.
 */
#include "cli.h"
#include "cli_args.h"
#include "figure.h"
#include "gnuplot.h"
#include "outfile.h"
#include "sweep_io.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Most lines in one figure: the line styles of plots/style.gp. */
#define PSW_MAX_GROUPS 8
/* The metric drawn when --y is not given. */
#define PSW_DEFAULT_METRIC "vessel_ca_mg_change"

typedef struct {
    cli_figure_args fig; /* -o, --keep, --term, --quiet; first, for cli_figure_opt_*() */
    const char *input, *x, *y, *group, *title;
} psw_args;

#define PSW_STRING_OPTION(fn, field, what)                                                         \
    static int fn(void *ctx, const char *value, cs_error *err)                                     \
    {                                                                                              \
        if (!value[0])                                                                             \
            return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL, "%s", what);                        \
        ((psw_args *)ctx)->field = value;                                                          \
        return CS_OK;                                                                              \
    }
PSW_STRING_OPTION(opt_x, x, "--x needs the name of a varied parameter")
PSW_STRING_OPTION(opt_group, group, "--group needs the name of a varied parameter")
PSW_STRING_OPTION(opt_title, title, "--title needs a text")

/* --y METRIC; a name of calcsim 0.1.0 is taken with a warning. */
static int opt_y(void *ctx, const char *value, cs_error *err)
{
    if (!value[0])
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL, "--y needs the name of a metric column");
    const char *now = cs_sweep_metric_renamed(value);
    if (now)
        cli_metric_warn_renamed("--y", value, now);
    ((psw_args *)ctx)->y = now ? now : value;
    return CS_OK;
}
static int psw_positional(void *ctx, const char *arg, cs_error *err)
{
    psw_args *a = ctx;
    if (a->input)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "'calcsim plot-sweep' draws one result file, got '%s' and '%s'",
                            a->input, arg);
    a->input = arg;
    return CS_OK;
}

static const cli_option psw_options[] = {
    {"--x", NULL, "NAME", opt_x, "the varied parameter on the x axis (required)"},
    {"--y", NULL, "METRIC", opt_y, "the metric drawn (default " PSW_DEFAULT_METRIC ")"},
    {"--group", NULL, "NAME", opt_group, "one line per value of this varied parameter"},
    {"--output", "-o", "FILE", cli_figure_opt_output,
     "write the figure to FILE: .png (1600x1000), .svg or .pdf (default: RESULTS.png)"},
    {"--term", NULL, NULL, cli_figure_opt_term,
     "draw the figure in the terminal, as text (lines only)"},
    {"--size", NULL, "WxH", cli_figure_opt_size,
     "the size: characters with --term (default: the terminal's, else 80x24), else pixels"},
    {"--keep", NULL, "DIR", cli_figure_opt_keep, "leave the data and the gnuplot scripts in DIR"},
    {"--title", NULL, "TEXT", opt_title, "the figure's heading"},
    {"--quiet", "-q", NULL, cli_figure_opt_quiet, "print nothing on success"},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- the result file ----------------------------------------------------------------- */

/* The runs of the file: the varied values, the metric and whether the run is ok. */
typedef struct {
    psw_args a;
    sweep_file sf;
    FILE *in;
    char **fields; /* the header's column names */
    int nfields;
    int status_col;       /* index of "status"; the varied columns are 1 .. status_col - 1 */
    int xcol, ycol, gcol; /* gcol: -1 without --group */
    int nvaried;
    double *v;         /* nrows x nvaried */
    double *y;         /* nrows; NAN when empty */
    unsigned char *ok; /* nrows */
    size_t nrows, cap;
    size_t nfailed;      /* rows with a "failed: ..." status (or any other but ok) */
    size_t nimplausible; /* rows with an "implausible: ..." status */
    char *line;          /* a row being parsed */
    size_t linecap;
    /* The figure. */
    int heatmap; /* 0: lines, 1: heatmap */
    int cells;   /* heatmap of a grid (else points) */
    int other;   /* heatmap: the varied column on the y axis */
    double groups[PSW_MAX_GROUPS];
    int ngroups;
    char output[CLI_FIGURE_PATH_MAX];
    const char *format;
    cli_figure fig;
    char *command; /* this command line, for figure.gp */
} psw_state;

/* Splits the header into s->fields and finds the columns asked for. */
static int find_columns(psw_state *s, cs_error *err)
{
    char *h = strdup(s->sf.header);
    if (!h)
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    s->fields = calloc(s->sf.nfields + 1, sizeof *s->fields);
    if (!s->fields) {
        free(h);
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    s->status_col = -1;
    for (char *p = h; p; s->nfields++) {
        s->fields[s->nfields] = p;
        p = strchr(p, ',');
        if (p)
            *p++ = '\0';
        if (strcmp(s->fields[s->nfields], "status") == 0 && s->status_col < 0)
            s->status_col = s->nfields;
    }
    if (s->status_col < 2)
        return cs_error_set(err, CS_EUSAGE, s->a.input, 0, NULL,
                            "not a calcsim sweep result file: no varied parameter before the "
                            "status column");
    s->nvaried = s->status_col - 1;
    char varied[512] = "";
    size_t used = 0;
    for (int i = 1; i < s->status_col; i++) {
        int w =
            snprintf(varied + used, sizeof varied - used, "%s%s", i > 1 ? ", " : "", s->fields[i]);
        used += w > 0 && (size_t)w < sizeof varied - used ? (size_t)w : 0;
    }
    s->xcol = s->gcol = s->ycol = -1;
    const char *y = s->a.y ? s->a.y : PSW_DEFAULT_METRIC;
    for (int i = 0; i < s->nfields; i++) {
        if (i >= 1 && i < s->status_col && strcmp(s->fields[i], s->a.x) == 0)
            s->xcol = i;
        if (s->a.group && i >= 1 && i < s->status_col && strcmp(s->fields[i], s->a.group) == 0)
            s->gcol = i;
        if (i > s->status_col && strcmp(s->fields[i], y) == 0)
            s->ycol = i;
    }
    /* A file of calcsim 0.1.0 names some metrics by their old names. */
    for (int i = s->status_col + 1; s->ycol < 0 && i < s->nfields; i++) {
        const char *now = cs_sweep_metric_renamed(s->fields[i]);
        if (now && strcmp(now, y) == 0)
            s->ycol = i;
    }
    if (s->xcol < 0)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--x",
                            "--x %s: not a varied parameter of this sweep; it varies %s", s->a.x,
                            varied);
    if (s->a.group && s->gcol < 0)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--group",
                            "--group %s: not a varied parameter of this sweep; it varies %s",
                            s->a.group, varied);
    if (s->gcol == s->xcol)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--group", "--group must differ from --x (%s)",
                            s->a.x);
    if (s->ycol < 0)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--y",
                            "--y %s: the file has no such metric column ('calcsim help sweep' "
                            "lists the metrics; its header names those it holds)",
                            y);
    return CS_OK;
}

/* Parses field text as a number, or NAN when empty. Returns CS_OK or CS_EPARSE. */
static int field_value(const char *text, double *v)
{
    if (!text[0]) {
        *v = NAN;
        return CS_OK;
    }
    return cs_parse_double(text, v);
}

static int take_row(void *ctx, uint64_t run_id, off_t offset, size_t len, long line, cs_error *err)
{
    psw_state *s = ctx;
    (void)run_id;
    if (!s->fields) {
        int rc = find_columns(s, err);
        if (rc != CS_OK)
            return rc;
    }
    if (s->nrows == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 1024;
        double *v = realloc(s->v, cap * (size_t)s->nvaried * sizeof *v);
        if (v)
            s->v = v;
        double *y = v ? realloc(s->y, cap * sizeof *y) : NULL;
        if (y)
            s->y = y;
        unsigned char *ok = y ? realloc(s->ok, cap) : NULL;
        if (!ok)
            return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
        s->ok = ok;
        s->cap = cap;
    }
    if (len + 1 > s->linecap) {
        char *l = realloc(s->line, len + 1);
        if (!l)
            return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
        s->line = l;
        s->linecap = len + 1;
    }
    if (pread(fileno(s->in), s->line, len, offset) != (ssize_t)len)
        return cs_error_set(err, CS_EIO, s->a.input, (int)line, NULL, "cannot read the row");
    s->line[len - 1] = '\0';
    char *p = s->line;
    size_t r = s->nrows;
    for (int i = 0; i < s->nfields && p; i++) {
        char *f = p;
        p = strchr(p, ',');
        if (p)
            *p++ = '\0';
        double v;
        if (i >= 1 && i < s->status_col) {
            if (cs_parse_double(f, &s->v[r * (size_t)s->nvaried + (size_t)(i - 1)]) != CS_OK)
                return cs_error_set(err, CS_EPARSE, s->a.input, (int)line, NULL,
                                    "%s '%s' is not a number", s->fields[i], f);
        } else if (i == s->status_col) {
            s->ok[r] = strcmp(f, "ok") == 0;
            int implausible = strncmp(f, "implausible", 11) == 0;
            s->nimplausible += implausible;
            s->nfailed += !s->ok[r] && !implausible;
        } else if (i == s->ycol) {
            if (field_value(f, &v) != CS_OK)
                return cs_error_set(err, CS_EPARSE, s->a.input, (int)line, NULL,
                                    "%s '%s' is not a number", s->fields[i], f);
            s->y[r] = v;
        }
    }
    s->nrows++;
    return CS_OK;
}

/* Reads the result file. */
static int read_results(psw_state *s, cs_error *err)
{
    if (cli_input_check(s->a.input, 1, err) != CS_OK)
        return CS_EUSAGE;
    s->in = fopen(s->a.input, "r");
    if (!s->in)
        return cs_error_set(err, CS_EUSAGE, s->a.input, 0, NULL, "cannot open: %s",
                            strerror(errno));
    int rc = sweep_file_read(s->in, s->a.input, &s->sf, take_row, s, err);
    if (rc == CS_OK && !s->sf.header)
        rc = cs_error_set(err, CS_EUSAGE, s->a.input, 0, NULL,
                          "not a calcsim sweep result file (no header row)");
    if (rc == CS_OK && !s->fields)
        rc = find_columns(s, err);
    if (rc == CS_OK && s->nrows == 0)
        rc = cs_error_set(err, CS_EUSAGE, s->a.input, 0, NULL, "the file holds no runs yet");
    if (rc == CS_OK && s->nfailed + s->nimplausible == s->nrows)
        rc = cs_error_set(err, CS_EUSAGE, s->a.input, 0, NULL,
                          "every run in the file %s: nothing to draw (see its status column)",
                          s->nimplausible ? "failed or is implausible" : "failed");
    return rc == CS_EIO || rc == CS_ENOMEM ? rc : rc == CS_OK ? CS_OK : CS_EUSAGE;
}

/* ---- the figure's data --------------------------------------------------------------- */

/* Writes what the figure leaves out, "2 failed", "3 implausible" or "2 failed and 3
 * implausible", into buf (size n); returns buf. */
static const char *not_shown(const psw_state *s, char *buf, size_t n)
{
    if (s->nfailed && s->nimplausible)
        snprintf(buf, n, "%zu failed and %zu implausible", s->nfailed, s->nimplausible);
    else if (s->nimplausible)
        snprintf(buf, n, "%zu implausible", s->nimplausible);
    else
        snprintf(buf, n, "%zu failed", s->nfailed);
    return buf;
}

static double value_at(const psw_state *s, size_t r, int col)
{
    return s->v[r * (size_t)s->nvaried + (size_t)(col - 1)];
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The distinct values of column col over all rows, sorted, in a new array; *n their count. */
static double *distinct(const psw_state *s, int col, size_t *n)
{
    double *u = malloc((s->nrows ? s->nrows : 1) * sizeof *u);
    if (!u)
        return NULL;
    for (size_t r = 0; r < s->nrows; r++)
        u[r] = value_at(s, r, col);
    qsort(u, s->nrows, sizeof *u, cmp_double);
    size_t k = 0;
    for (size_t r = 0; r < s->nrows; r++)
        if (k == 0 || u[r] != u[k - 1])
            u[k++] = u[r];
    *n = k;
    return u;
}

/* Index of v in the sorted array u of n values (it is there). */
static size_t index_of(const double *u, size_t n, double v)
{
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (u[mid] <= v)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* 1 when the sweep's "# vary NAME = ..." line says the axis is log-spaced. */
static int is_log_axis(const psw_state *s, const char *name)
{
    char prefix[128];
    snprintf(prefix, sizeof prefix, "# vary %s = ", name);
    for (size_t i = 0; i < s->sf.nmeta; i++) {
        const char *m = s->sf.meta[i];
        size_t n = strlen(m);
        if (strncmp(m, prefix, strlen(prefix)) == 0)
            return n > 6 && strcmp(m + n - 6, ", log)") == 0;
    }
    return 0;
}

/* Decides the kind of figure and checks that every point is one run. */
static int choose_figure(psw_state *s, cs_error *err)
{
    s->heatmap = s->gcol < 0 && s->nvaried == 2;
    s->other = -1;
    if (s->heatmap)
        s->other = s->xcol == 1 ? 2 : 1;
    if (s->gcol < 0 && s->nvaried > 2)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--group",
                            "the sweep varies %d parameters: give --group NAME for one line per "
                            "value of a second one (the others must take one value each)",
                            s->nvaried);
    for (int c = 1; c <= s->nvaried; c++) {
        if (c == s->xcol || c == s->gcol || c == s->other)
            continue;
        for (size_t r = 1; r < s->nrows; r++)
            if (value_at(s, r, c) != value_at(s, 0, c))
                return cs_error_set(err, CS_EUSAGE, NULL, 0, "--group",
                                    "the sweep also varies %s (%.10g, %.10g, ...), so a point "
                                    "of the figure would be several runs; draw it as --group, "
                                    "or sweep it with one value",
                                    s->fields[c], value_at(s, 0, c), value_at(s, r, c));
    }
    if (s->heatmap && s->a.fig.term)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--term",
                            "--term draws line plots only; a heatmap (a sweep of two parameters "
                            "without --group) needs -o FILE.png, .svg or .pdf");
    if (s->gcol >= 0) {
        size_t n;
        double *u = distinct(s, s->gcol, &n);
        if (!u)
            return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
        if (n > PSW_MAX_GROUPS) {
            free(u);
            return cs_error_set(err, CS_EUSAGE, NULL, 0, "--group",
                                "--group %s has %zu values; one figure holds at most %d lines",
                                s->a.group, n, PSW_MAX_GROUPS);
        }
        memcpy(s->groups, u, n * sizeof *u);
        s->ngroups = (int)n;
        free(u);
    } else if (!s->heatmap) {
        s->ngroups = 1;
    }
    return CS_OK;
}

/* Row order for the line data: by group, then x. */
typedef struct {
    const psw_state *s;
    size_t r;
} psw_ref;

static int cmp_line_rows(const void *a, const void *b)
{
    const psw_ref *p = a, *q = b;
    const psw_state *s = p->s;
    if (s->gcol >= 0) {
        double g1 = value_at(s, p->r, s->gcol), g2 = value_at(s, q->r, s->gcol);
        if (g1 != g2)
            return (g1 > g2) - (g1 < g2);
    }
    double x1 = value_at(s, p->r, s->xcol), x2 = value_at(s, q->r, s->xcol);
    return (x1 > x2) - (x1 < x2);
}

static void put_number(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, "%.10g", v);
}

/* A cli_outfile_write_fn: the data of a line figure, "group,x,y", by group and x. */
static int write_lines(void *ctx, FILE *f, cs_error *err)
{
    const psw_state *s = ctx;
    psw_ref *order = malloc((s->nrows ? s->nrows : 1) * sizeof *order);
    if (!order)
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    size_t n = 0;
    for (size_t r = 0; r < s->nrows; r++)
        if (s->ok[r])
            order[n++] = (psw_ref){s, r};
    qsort(order, n, sizeof *order, cmp_line_rows);
    fputs("# calcsim plot-sweep data: one line per group (1, 2, ...), sorted by x\ngroup,x,y\n", f);
    for (size_t i = 0; i < n; i++) {
        size_t r = order[i].r;
        int g = s->gcol >= 0
                    ? (int)index_of(s->groups, (size_t)s->ngroups, value_at(s, r, s->gcol)) + 1
                    : 1;
        fprintf(f, "%d,", g);
        put_number(f, value_at(s, r, s->xcol));
        fputc(',', f);
        put_number(f, s->y[r]);
        fputc('\n', f);
    }
    free(order);
    return ferror(f) ? cs_error_set(err, CS_EIO, NULL, 0, NULL, "cannot write") : CS_OK;
}

/* The cell of value i of the sorted values u (n of them): half way to the neighbours,
 * geometrically on a log axis. */
static void cell(const double *u, size_t n, size_t i, int log_axis, double *lo, double *hi)
{
    int geo = log_axis && u[0] > 0;
    if (n == 1) {
        *lo = geo ? u[0] / 1.5 : u[0] - 0.5;
        *hi = geo ? u[0] * 1.5 : u[0] + 0.5;
        return;
    }
#define MID(a, b) (geo ? sqrt((a) * (b)) : 0.5 * ((a) + (b)))
    *lo = i > 0 ? MID(u[i - 1], u[i])
          : geo ? u[0] * u[0] / MID(u[0], u[1])
                : 2 * u[0] - MID(u[0], u[1]);
    *hi = i + 1 < n ? MID(u[i], u[i + 1])
          : geo     ? u[n - 1] * u[n - 1] / MID(u[n - 2], u[n - 1])
                    : 2 * u[n - 1] - MID(u[n - 2], u[n - 1]);
#undef MID
}

/* A cli_outfile_write_fn: the data of a heatmap, cells of a grid or points. */
static int write_heatmap(void *ctx, FILE *f, cs_error *err)
{
    const psw_state *s = ctx;
    size_t nx, ny;
    double *ux = distinct(s, s->xcol, &nx), *uy = distinct(s, s->other, &ny);
    if (!ux || !uy) {
        free(ux);
        free(uy);
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    int xlog = is_log_axis(s, s->fields[s->xcol]), ylog = is_log_axis(s, s->fields[s->other]);
    fprintf(f, "# calcsim plot-sweep data: %s\n%s\n",
            s->cells ? "the cells of a grid" : "one point per run",
            s->cells ? "x,y,value,x_lo,x_hi,y_lo,y_hi" : "x,y,value");
    for (size_t r = 0; r < s->nrows; r++) {
        double x = value_at(s, r, s->xcol), y = value_at(s, r, s->other);
        if (!s->cells && (!s->ok[r] || !isfinite(s->y[r])))
            continue;
        put_number(f, x);
        fputc(',', f);
        put_number(f, y);
        fputc(',', f);
        if (s->ok[r])
            put_number(f, s->y[r]);
        if (s->cells) {
            double xlo, xhi, ylo, yhi;
            cell(ux, nx, index_of(ux, nx, x), xlog, &xlo, &xhi);
            cell(uy, ny, index_of(uy, ny, y), ylog, &ylo, &yhi);
            fprintf(f, ",%.10g,%.10g,%.10g,%.10g", xlo, xhi, ylo, yhi);
        }
        fputc('\n', f);
    }
    free(ux);
    free(uy);
    return ferror(f) ? cs_error_set(err, CS_EIO, NULL, 0, NULL, "cannot write") : CS_OK;
}

/* Whether the two heatmap columns form a full grid: every pair of values exactly once. */
static int is_grid(const psw_state *s, int *grid, cs_error *err)
{
    size_t nx, ny;
    double *ux = distinct(s, s->xcol, &nx), *uy = distinct(s, s->other, &ny);
    unsigned char *seen = ux && uy && nx * ny <= 4 * s->nrows ? calloc(nx * ny, 1) : NULL;
    *grid = seen && nx * ny == s->nrows;
    for (size_t r = 0; *grid && r < s->nrows; r++) {
        size_t k = index_of(ux, nx, value_at(s, r, s->xcol)) * ny +
                   index_of(uy, ny, value_at(s, r, s->other));
        *grid = !seen[k];
        seen[k] = 1;
    }
    int oom = !ux || !uy;
    free(ux);
    free(uy);
    free(seen);
    return oom ? cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory") : CS_OK;
}

/* ---- the driver ---------------------------------------------------------------------- */

/* The human label and the unit of a column of the result file, a varied parameter or a
 * metric (also under its calcsim 0.1.0 name), from the parameter and metric tables; the
 * column name itself and no unit for a column in neither. */
static void column_label(const char *name, const char **label, const char **unit)
{
    int p = cs_param_find(name);
    int m =
        cs_sweep_metric_find(cs_sweep_metric_renamed(name) ? cs_sweep_metric_renamed(name) : name);
    *label = p >= 0   ? cs_param_info_at(p)->label
             : m >= 0 ? cs_sweep_metric_info_at(m)->label
                      : name;
    *unit = p >= 0 ? cs_param_info_at(p)->unit : m >= 0 ? cs_sweep_metric_info_at(m)->unit : NULL;
}

/* "label [unit]" of a column (column_label()); no brackets for a dimensionless quantity. */
static void axis_label(char *buf, size_t n, const char *name)
{
    const char *label, *unit;
    column_label(name, &label, &unit);
    if (unit && strcmp(unit, "1") != 0)
        snprintf(buf, n, "%s [%s]", label, unit);
    else
        snprintf(buf, n, "%s", label);
}

/* The human label of a column, without the unit. */
static const char *plain_label(const char *name)
{
    const char *label, *unit;
    column_label(name, &label, &unit);
    return label;
}

/* The scenario name from "# scenario: NAME (TITLE)". */
static void scenario_name(const psw_state *s, char *buf, size_t n)
{
    const char *sc = sweep_meta_value(&s->sf, "# scenario: ");
    snprintf(buf, n, "%.*s", sc ? (int)strcspn(sc, " ") : 0, sc ? sc : "");
}

/* A cli_outfile_write_fn: the driver figure.gp of the psw_state ctx, which sets the labels
 * and calls the script. */
static int write_driver(void *ctx, FILE *f, cs_error *err)
{
    const psw_state *s = ctx;
    const char *out = s->output[0] ? s->output : "-";
    const char *script = s->heatmap ? "sweep_heatmap.gp" : "sweep_lines.gp";
    char buf[1024], scen[128], ylab[256];
    cli_figure_put_driver_head(f, "sweep", s->command);
    fprintf(f,
            "# Redraw it with\n"
            "#   gnuplot figure.gp                  writes %s\n"
            "#   gnuplot -c figure.gp OTHER.svg     to NAME.png, NAME.svg or NAME.pdf instead\n"
            "# The data, sweep.csv, were taken from the sweep's result file; %s draws\n"
            "# them and style.gp sets the look: edit these copies, or the variables below.\n\n",
            out[0] == '-' ? "the text drawing to the terminal" : out, script);
    axis_label(buf, sizeof buf, s->fields[s->xcol]);
    cli_figure_put_assign(f, "xlabel", buf);
    axis_label(ylab, sizeof ylab, s->fields[s->ycol]);
    if (s->heatmap) {
        axis_label(buf, sizeof buf, s->fields[s->other]);
        cli_figure_put_assign(f, "ylabel", buf);
        cli_figure_put_assign(f, "zlabel", ylab);
        cli_figure_put_assign(f, "kind", s->cells ? "cells" : "points");
        fprintf(f, "ylog = %d\n", is_log_axis(s, s->fields[s->other]));
    } else {
        cli_figure_put_assign(f, "ylabel", ylab);
        if (s->gcol >= 0) {
            /* The label without a unit: the group titles carry it. */
            cli_figure_put_assign(f, "group_label", plain_label(s->fields[s->gcol]));
            size_t used = 0;
            const char *unit = cs_param_find(s->fields[s->gcol]) >= 0
                                   ? cs_param_info_at(cs_param_find(s->fields[s->gcol]))->unit
                                   : "";
            for (int g = 0; g < s->ngroups; g++) {
                int w = snprintf(buf + used, sizeof buf - used, "%s\"%.10g %s\"", g ? " " : "",
                                 s->groups[g], strcmp(unit, "1") == 0 ? "" : unit);
                used += w > 0 && (size_t)w < sizeof buf - used ? (size_t)w : 0;
            }
            cli_figure_put_assign(f, "group_titles", buf);
        }
    }
    fprintf(f, "xlog = %d\n", is_log_axis(s, s->fields[s->xcol]));
    scenario_name(s, scen, sizeof scen);
    if (s->a.title)
        snprintf(buf, sizeof buf, "%s", s->a.title);
    else if (s->heatmap)
        snprintf(buf, sizeof buf, "%s over %s and %s (%s)", plain_label(s->fields[s->ycol]),
                 plain_label(s->fields[s->xcol]), plain_label(s->fields[s->other]), scen);
    else
        snprintf(buf, sizeof buf, "%s against %s (%s)", plain_label(s->fields[s->ycol]),
                 plain_label(s->fields[s->xcol]), scen);
    cli_figure_put_assign(f, "figure_title", buf);
    const char *years = sweep_meta_value(&s->sf, "# parameter years = ");
    char left_out[96];
    int n = snprintf(buf, sizeof buf, "calcsim %s, sweep of %s: %zu runs", cs_version(), scen,
                     s->nrows);
    if (years && !strstr(years, "(varied)") && n > 0 && (size_t)n < sizeof buf) {
        int len = (int)strcspn(years, "(");
        while (len > 0 && years[len - 1] == ' ')
            len--;
        n += snprintf(buf + n, sizeof buf - (size_t)n, " of %.*s", len, years);
    }
    if (s->nfailed + s->nimplausible && n > 0 && (size_t)n < sizeof buf)
        snprintf(buf + n, sizeof buf - (size_t)n, "; %s runs not shown",
                 not_shown(s, left_out, sizeof left_out));
    cli_figure_put_assign(f, "figure_note", buf);
    cli_figure_put_here_and_out(f, out);
    /* The size it was drawn at (plots/sweep_size.gp): characters for the text drawing,
     * pixels for a file; '' for style.gp's. */
    char text_size[32] = "", file_size[32] = "";
    if (s->fig.text_w > 0)
        snprintf(text_size, sizeof text_size, "%d %d", s->fig.text_w, s->fig.text_h);
    if (s->fig.file_w > 0)
        snprintf(file_size, sizeof file_size, "%d %d", s->fig.file_w, s->fig.file_h);
    fprintf(f, "\nif (!exists(\"cs_size\")) { cs_size = out eq '-' ? '%s' : '%s' }", text_size,
            file_size);
    fprintf(f, "\ncall here . '%s' (here . 'sweep.csv') out\n", script);
    return ferror(f) ? cs_error_set(err, CS_EIO, NULL, 0, NULL, "cannot write: %s", strerror(errno))
                     : CS_OK;
}

/* A cli_figure_files_fn: writes the data, the scripts and the driver of the psw_state ctx
 * into dir. */
static int write_files(void *ctx, const char *dir, cs_error *err)
{
    psw_state *s = ctx;
    static const char *const lines[] = {"sweep_lines.gp", "style.gp", "sweep_size.gp", NULL};
    static const char *const heat[] = {"sweep_heatmap.gp", "style.gp", "sweep_size.gp", NULL};
    char path[CLI_FIGURE_PATH_MAX];
    mode_t mode = cli_outfile_mode();
    int rc = cli_figure_join(path, dir, "sweep.csv", err);
    if (rc == CS_OK)
        rc = cli_outfile_write(path, mode, 0, s->heatmap ? write_heatmap : write_lines, s, err);
    if (rc == CS_OK)
        rc = cli_figure_copy_scripts(dir, s->heatmap ? heat : lines, err);
    if (rc == CS_OK)
        rc = cli_figure_join(path, dir, "figure.gp", err);
    if (rc == CS_OK)
        rc = cli_outfile_write(path, mode, 0, write_driver, s, err);
    return rc;
}

/* ---- the command --------------------------------------------------------------------- */

static int psw_execute(psw_state *s, int argc, char **argv)
{
    cs_error err;
    cs_error_clear(&err);
    int status = cli_start(&cli_cmd_plot_sweep, argc, argv, psw_positional, &s->a);
    if (status >= 0)
        return status;
    int rc = CS_OK;
    if (!s->a.input)
        rc = cs_error_set(&err, CS_EUSAGE, NULL, 0, NULL,
                          "plot-sweep needs a result file of 'calcsim sweep' (see 'calcsim help "
                          "plot-sweep')");
    else if (!s->a.x)
        rc = cs_error_set(&err, CS_EUSAGE, NULL, 0, "--x",
                          "plot-sweep needs --x NAME, the varied parameter on the x axis");
    if (rc == CS_OK)
        rc = read_results(s, &err);
    if (rc == CS_OK)
        rc = choose_figure(s, &err);
    if (rc == CS_OK && s->heatmap)
        rc = is_grid(s, &s->cells, &err);
    if (rc == CS_OK)
        rc = cli_figure_check_outputs(&s->a.fig, s->a.input, s->output, sizeof s->output,
                                      &s->format, &err);
    if (rc == CS_OK)
        rc = cli_figure_apply_size(&s->fig, &s->a.fig, &err);
    if (rc != CS_OK)
        return cli_report(&err,
                          rc == CS_ENOMEM || rc == CS_EIO ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE);
    status = cli_figure_run(&s->fig, &s->a.fig, s->output, s->format, argc, argv, &s->command,
                            write_files, s);
    if (status == CLI_EXIT_OK && !s->a.fig.quiet && s->output[0]) {
        fprintf(stderr, "calcsim: wrote %s (%s of %s against %s", s->output,
                s->heatmap ? (s->cells ? "heatmap" : "coloured points") : "lines",
                s->fields[s->ycol], s->fields[s->xcol]);
        if (s->heatmap)
            fprintf(stderr, " and %s", s->fields[s->other]);
        if (s->gcol >= 0)
            fprintf(stderr, ", %d lines by %s", s->ngroups, s->fields[s->gcol]);
        fprintf(stderr, "; %zu runs", s->nrows - s->nfailed - s->nimplausible);
        if (s->nfailed + s->nimplausible) {
            char left_out[96];
            fprintf(stderr, ", %s not shown", not_shown(s, left_out, sizeof left_out));
        }
        fprintf(stderr, ")\n");
        cli_figure_print_kept(&s->a.fig);
    }
    return status;
}

static int psw_main(int argc, char **argv)
{
    psw_state *s = calloc(1, sizeof *s);
    int status;
    if (!s)
        return cli_report_nomem();
    status = psw_execute(s, argc, argv);
    cli_figure_end(&s->fig);
    if (s->in)
        fclose(s->in);
    sweep_file_free(&s->sf);
    if (s->fields)
        free(s->fields[0]);
    free(s->fields);
    free(s->v);
    free(s->y);
    free(s->ok);
    free(s->line);
    free(s->command);
    free(s);
    return status;
}

const cli_command cli_cmd_plot_sweep = {
    "plot-sweep",
    "RESULTS.csv --x NAME [--y METRIC] [--group NAME] [-o FILE] [--term] [--size WxH]\n"
    "                          [--keep DIR] [--title TEXT]",
    "Draw a sweep's results with gnuplot: lines, or a heatmap of two parameters",
    "Draws the metric --y (default " PSW_DEFAULT_METRIC ") of a result file of 'calcsim\n"
    "sweep' against the varied parameter --x: one line, or one line per value of the\n"
    "varied parameter --group (at most 8), in the colours and dash patterns of 'calcsim\n"
    "plot'. Without --group, a sweep of two parameters is drawn as a heatmap over --x and\n"
    "the other one (viridis colours; coloured points for a Latin hypercube). Every other\n"
    "varied parameter must take one value. A --vary ... --log axis is drawn logarithmic.\n"
    "Failed and implausible runs are left out (the figure's note counts them); a file\n"
    "still being written can be drawn. The format comes from FILE's extension: .png\n"
    "(1600x1000), .svg or .pdf; FILE is replaced only by a complete figure. --term draws\n"
    "lines in the terminal, as text that fits it (80x24 when standard output is not a\n"
    "terminal). --size WxH sets the size: characters with --term, else pixels (fonts\n"
    "scale with it). Axes, legend and title name the quantities and their units from the\n"
    "parameter and metric tables. --keep DIR leaves the data, plots/sweep_*.gp, style.gp\n"
    "and figure.gp, which redraws the figure: gnuplot DIR/figure.gp. Exit status: 0\n"
    "success, 2 bad usage or input, 4 gnuplot not found, 1 other errors. See\n"
    "docs/sweeps.md.\n",
    psw_options,
    psw_main,
    NULL,
};
