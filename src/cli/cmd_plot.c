/*
 * cmd_plot.c - `calcsim plot SCENARIO... [options]`: run scenarios and draw them with gnuplot.
 *
 * Data flow: for each scenario, the same path as `calcsim run` (cli_build_params(): scenario
 * file, then --years, --every and --set in command-line order; cs_params_check(); a row
 * bound; cs_sim_run() into an in-memory row store). Only when every run has succeeded does
 * anything touch the disk: a private temporary directory receives one CSV per scenario
 * (cs_output_csv_write(), the format of `calcsim run`), copies of the gnuplot scripts from
 * plots/ (dashboard.gp, panels.gp, style.gp) and a small driver, figure.gp, that calls
 * dashboard.gp with the CSVs. gnuplot runs the driver and writes the figure into that
 * directory; the figure is then copied to a temporary file beside -o FILE and renamed over
 * it, so FILE is replaced only by a complete figure (figure.c, shared with plot-sweep).
 * --keep DIR receives the same CSVs and scripts, so `gnuplot DIR/figure.gp` redraws the
 * figure exactly. A scenario whose run broke a plausibility bound is drawn all the same,
 * with one warning line on stderr naming it (as `calcsim run` warns), even with --quiet.
 *
 * Everything that can be checked is checked before the first run: options, panel names, the
 * output's format and directory, the --keep directory, every scenario and parameter, and
 * that gnuplot is installed (exit status 4 when it is not). SIGINT, SIGTERM and SIGHUP are
 * blocked while the temporary files exist (gnuplot itself stays interruptible), so an
 * interrupt cannot leave them behind; the signal is delivered once they are gone.
 */
#include "cli.h"
#include "cli_args.h"
#include "figure.h"
#include "gnuplot.h"
#include "outfile.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Most scenarios in one figure: gnuplot passes at most 9 arguments to a script (OUT and
 * 8 CSVs), and style.gp has 8 line styles. */
#define PLOT_MAX_SCENARIOS 8
/* Most panels in one figure (a grid of 4 rows and 3 columns). */
#define PLOT_MAX_PANELS 12
/* Most rows per scenario: far more points than a figure has pixels across. */
#define PLOT_MAX_ROWS 500000.0
/* Longest path built here. */
#define PLOT_PATH_MAX 4096
/* --font-size [pt on the 1600 px PNG] and --line-width [px on it]: the allowed ranges. */
#define PLOT_MIN_FONT 6.0
#define PLOT_MAX_FONT 72.0
#define PLOT_MIN_LINE 0.5
#define PLOT_MAX_LINE 20.0
/* The text drawing's size when neither --size nor the terminal gives one. */
#define PLOT_TERM_COLS  80
#define PLOT_TERM_LINES 24
/* Most parameters one run can override (SCENARIO:NAME=VALUE,...). */
#define PLOT_MAX_OVERRIDES 16
/* Two runs may coincide in a column when they never differ by more than this share of the
 * widest axis the column could get; dashboard.gp decides on the axis it draws (lines
 * closer than their width coincide). */
#define PLOT_SAME_SHARE 0.03

/* The colour sets of plots/style.gp (cs_palette there). */
static const char *const plot_palettes[] = {"okabe-ito", "tol", "grey", NULL};

/* The panels plots/panels.gp defines (cs_panel_names there; test_plot checks both agree). */
static const char *const plot_panels[] = {
    "blood",     "bone",        "vessel",     "carboxylation",
    "mgp",       "osteocalcin", "vitd",       "vitk",
    "k1",        "mk4",         "mk7",        "pth",
    "phosphate", "calcitriol",  "absorption", "absorbed_share",
    "urine",     "deposition",  "fluxes",     NULL,
};
#define PLOT_DEFAULT_PANELS "blood bone vessel carboxylation"
/* The scenario drawn when none is named, as for `calcsim run`. */
#define PLOT_DEFAULT_SCENARIO "baseline"

/* The gnuplot scripts copied beside the data; dashboard.gp loads the other two. */
static const char *const plot_scripts[] = {"dashboard.gp", "panels.gp", "style.gp", NULL};

/* What the options of `calcsim plot` ask for. */
typedef struct {
    cli_figure_args fig; /* -o, --keep, --term, --quiet; first, for cli_figure_opt_*() */
    const char *scenario[PLOT_MAX_SCENARIOS]; /* names or paths, in order */
    int nscenario;
    cli_assignments assign; /* --set, --years, --every; items has room for argc */
    const char *panels;     /* --panels LIST as typed, or NULL */
    const char *title;      /* --title TEXT, or NULL */
    const char *labels;     /* --labels A,B,... as typed, or NULL */
    double font_size;       /* --font-size [pt on the PNG], 0 for the default */
    const char *palette;    /* --palette NAME, or NULL (okabe-ito) */
    double line_width;      /* --line-width [px on the PNG], 0 for the default */
} plot_args;

static int opt_set(void *ctx, const char *value, cs_error *err)
{
    return cli_opt_set(&((plot_args *)ctx)->assign, value, err);
}

static int opt_years(void *ctx, const char *value, cs_error *err)
{
    return cli_opt_years(&((plot_args *)ctx)->assign, value, err);
}

static int opt_every(void *ctx, const char *value, cs_error *err)
{
    return cli_opt_every(&((plot_args *)ctx)->assign, value, err);
}

static int opt_panels(void *ctx, const char *value, cs_error *err)
{
    (void)err;
    ((plot_args *)ctx)->panels = value;
    return CS_OK;
}

static int opt_title(void *ctx, const char *value, cs_error *err)
{
    (void)err;
    ((plot_args *)ctx)->title = value;
    return CS_OK;
}

static int opt_labels(void *ctx, const char *value, cs_error *err)
{
    (void)err;
    ((plot_args *)ctx)->labels = value;
    return CS_OK;
}

/* Parses a number from lo to hi for option into *out. */
static int opt_number(const char *option, const char *value, double lo, double hi, double *out,
                      cs_error *err)
{
    double v;
    if (cs_parse_double(value, &v) != CS_OK || !(v >= lo && v <= hi))
        return cs_error_set(err, CS_EUSAGE, NULL, 0, option,
                            "%s needs a number from %g to %g, got '%s'", option, lo, hi, value);
    *out = v;
    return CS_OK;
}

static int opt_font_size(void *ctx, const char *value, cs_error *err)
{
    return opt_number("--font-size", value, PLOT_MIN_FONT, PLOT_MAX_FONT,
                      &((plot_args *)ctx)->font_size, err);
}

static int opt_line_width(void *ctx, const char *value, cs_error *err)
{
    return opt_number("--line-width", value, PLOT_MIN_LINE, PLOT_MAX_LINE,
                      &((plot_args *)ctx)->line_width, err);
}

static int opt_palette(void *ctx, const char *value, cs_error *err)
{
    if (cli_parse_choice("--palette", value, plot_palettes, err) < 0)
        return CS_EUSAGE;
    ((plot_args *)ctx)->palette = value;
    return CS_OK;
}

static int plot_positional(void *ctx, const char *arg, cs_error *err)
{
    plot_args *a = ctx;
    if (a->nscenario == PLOT_MAX_SCENARIOS)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "'calcsim plot' draws at most %d scenarios in one figure, got '%s' "
                            "as number %d",
                            PLOT_MAX_SCENARIOS, arg, PLOT_MAX_SCENARIOS + 1);
    a->scenario[a->nscenario++] = arg;
    return CS_OK;
}

static const cli_option plot_options[] = {
    {"--set", NULL, "NAME=VALUE", opt_set,
     "set a parameter in every scenario (repeatable; see 'calcsim params')"},
    {"--years", NULL, "Y", opt_years, "length of every run [yr] (parameter years)"},
    {"--every", NULL, "DAYS", opt_every, "days between data points (output_every_days)"},
    {"--panels", NULL, "LIST", opt_panels,
     "the panels, in order, separated by commas (default blood,bone,vessel,carboxylation)"},
    {"--output", "-o", "FILE", cli_figure_opt_output,
     "write the figure to FILE: .png (1600x1000), .svg or .pdf (default: NAME.png)"},
    {"--term", NULL, NULL, cli_figure_opt_term, "draw the figure in the terminal, as text"},
    {"--keep", NULL, "DIR", cli_figure_opt_keep, "leave the CSVs and the gnuplot scripts in DIR"},
    {"--title", NULL, "TEXT", opt_title,
     "the figure's heading (default: the scenario title with one scenario, none with more)"},
    {"--labels", NULL, "A,B,...", opt_labels,
     "the legend, one label per scenario (default: each scenario's label)"},
    {"--size", NULL, "WxH", cli_figure_opt_size,
     "size: characters of the --term drawing (default: the terminal's, else 80x24); "
     "without --term, pixels of -o FILE (default 1600x1000; a .pdf is W/160 x H/160 in)"},
    {"--font-size", NULL, "PT", opt_font_size,
     "text size in points on the PNG (default 22; other formats scale alike)"},
    {"--line-width", NULL, "PX", opt_line_width, "line width in pixels on the PNG (default 3.5)"},
    {"--palette", NULL, "NAME", opt_palette,
     "line colours: okabe-ito (default), tol or grey; each line also has its own dash"},
    {"--quiet", "-q", NULL, cli_figure_opt_quiet, "print nothing on success"},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- one scenario run ---------------------------------------------------------------- */

/* One scenario: its parameters, its run and its CSV file name. */
typedef struct {
    cs_scenario *sc;                       /* loaded, with the assignments applied */
    const char *origin[CS_PARAM_CAPACITY]; /* where each parameter value came from */
    double bound;                          /* most rows the run can give */
    cs_sim *sim;
    cs_output_rows *rows;
    char *command; /* "calcsim run NAME ...", for the CSV's "# command:" line */
    char csv[160]; /* the CSV's file name in the work and --keep directories */
    char *spec;    /* the positional argument's overrides (after ':'), split in place */
    cli_assignment item[PLOT_MAX_OVERRIDES]; /* those overrides, as --set would give them */
    int nitem;
    char label[256];  /* the legend entry: label, overrides, total intakes */
    char intake[400]; /* the run's total vitamin D3 and K inputs, in words */
    char name[256];   /* the legend entry without the totals, for notes */
} plot_run;

/*
 * Splits the positional argument arg, SCENARIO or SCENARIO:NAME=VALUE[,NAME=VALUE...], into
 * the scenario (*scenario, a pointer into r->spec or arg) and r's overrides. An argument
 * that names an existing file is a path, even with a ':' in it.
 */
static int split_overrides(const char *arg, plot_run *r, const char **scenario, cs_error *err)
{
    struct stat st;
    const char *colon = strchr(arg, ':');
    *scenario = arg;
    if (!colon || stat(arg, &st) == 0)
        return CS_OK;
    r->spec = malloc(strlen(arg) + 1);
    if (!r->spec)
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    memcpy(r->spec, arg, strlen(arg) + 1);
    char *rest = r->spec + (colon - arg);
    *rest++ = '\0';
    *scenario = r->spec;
    if (r->spec[0] == '\0' || rest[0] == '\0')
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "'%s': a run with overrides is SCENARIO:NAME=VALUE[,NAME=VALUE...] "
                            "(for example baseline:k2_intake_ug_per_day=0)",
                            arg);
    for (char *tok = rest; tok;) {
        char *next = strchr(tok, ',');
        if (next)
            *next++ = '\0';
        char *eq = strchr(tok, '=');
        if (!eq || eq == tok || eq[1] == '\0')
            return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                                "'%s': override '%s' is not NAME=VALUE; write "
                                "SCENARIO:NAME=VALUE[,NAME=VALUE...] (see 'calcsim params')",
                                arg, tok);
        if (r->nitem == PLOT_MAX_OVERRIDES)
            return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL, "'%s': at most %d overrides per run",
                                arg, PLOT_MAX_OVERRIDES);
        cli_assignment *x = &r->item[r->nitem];
        if ((size_t)(eq - tok) >= sizeof x->name)
            return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                                "'%s': '%.32s...' is not a parameter name (see 'calcsim params')",
                                arg, tok);
        *eq = '\0';
        snprintf(x->name, sizeof x->name, "%s", tok);
        x->option = arg; /* messages name the whole argument */
        x->text = eq + 1;
        r->nitem++;
        tok = next;
    }
    return CS_OK;
}

/* Appends "--set NAME=TEXT" (or "--years TEXT", "--every TEXT") for x to the command *s. */
static int append_assignment(char **s, size_t *len, size_t *cap, const cli_assignment *x)
{
    char buf[1024];
    int per_run = strncmp(x->option, "--", 2) != 0; /* an override from SCENARIO:... */
    int rc = cli_append_arg(s, len, cap, per_run ? "--set" : x->option);
    if (per_run || strcmp(x->option, "--set") == 0)
        snprintf(buf, sizeof buf, "%s=%s", x->name, x->text);
    else
        snprintf(buf, sizeof buf, "%s", x->text);
    if (rc == CS_OK)
        rc = cli_append_arg(s, len, cap, buf);
    return rc;
}

/* Loads scenario i, applies --set, --years, --every and then its own overrides, and checks
 * its parameters and its row count. */
static int prepare_run(const plot_args *a, int i, plot_run *r, cs_error *err)
{
    r->sc = malloc(sizeof *r->sc);
    if (!r->sc)
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    const char *scenario = a->scenario[i];
    int rc = scenario ? split_overrides(scenario, r, &scenario, err) : CS_OK;
    if (rc != CS_OK)
        return rc;
    /* The options first, then the overrides of this run: the more specific one wins. */
    cli_assignments all = {NULL, 0};
    all.items = malloc(((size_t)a->assign.n + (size_t)r->nitem + 1) * sizeof *all.items);
    if (!all.items)
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    for (int k = 0; k < a->assign.n; k++)
        all.items[all.n++] = a->assign.items[k];
    for (int k = 0; k < r->nitem; k++)
        all.items[all.n++] = r->item[k];
    rc = cli_build_params(scenario, &all, r->sc, r->origin, err);
    if (rc == CS_OK)
        rc = cs_params_check(&r->sc->params, err);
    if (rc != CS_OK) {
        free(all.items);
        return rc;
    }
    double years = cs_params_get(&r->sc->params, "years");
    double every = cs_params_get(&r->sc->params, "output_every_days");
    r->bound = floor(years * CS_DAYS_PER_YEAR / every) + 2;
    if (r->bound > PLOT_MAX_ROWS) {
        free(all.items);
        return cs_error_set(err, CS_ERANGE, NULL, 0, "output_every_days",
                            "%s: output every %.6g d for %.6g yr gives %.0f points, more than the "
                            "%.0f a figure takes; use a larger --every or a smaller --years",
                            r->sc->name, every, years, r->bound, PLOT_MAX_ROWS);
    }
    /* The equivalent `calcsim run` command, for the CSV's metadata. */
    size_t len = 0, cap = 0;
    rc = cli_append_arg(&r->command, &len, &cap, "calcsim");
    if (rc == CS_OK)
        rc = cli_append_arg(&r->command, &len, &cap, "run");
    if (rc == CS_OK)
        rc = cli_append_arg(&r->command, &len, &cap, scenario ? scenario : PLOT_DEFAULT_SCENARIO);
    for (int k = 0; k < all.n && rc == CS_OK; k++)
        rc = append_assignment(&r->command, &len, &cap, &all.items[k]);
    free(all.items);
    if (rc != CS_OK)
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    return CS_OK;
}

/* Runs r. On a solver failure, err says which scenario stopped where and what to try. */
static int execute_run(plot_run *r, cs_error *err)
{
    cs_error e;
    cs_error_clear(&e);
    const cs_params *p = &r->sc->params;
    double t_end = cs_params_get(p, "years") * CS_DAYS_PER_YEAR;
    r->sim = cs_sim_alloc(p, &e);
    if (!r->sim) {
        if (e.code == CS_ESOLVER)
            return cs_error_set(err, CS_ESOLVER, NULL, 0, NULL,
                                "scenario %s: solver failure at day 0 of %.6g: %s", r->sc->name,
                                t_end, e.text);
        return cs_error_set(err, e.code, NULL, 0, NULL, "scenario %s: %s", r->sc->name, e.text);
    }
    r->rows = cs_output_rows_alloc((size_t)r->bound + 16, err);
    if (!r->rows)
        return CS_ENOMEM;
    int rc = cs_sim_run(r->sim, cs_output_rows_sink, r->rows, &e);
    if (rc == CS_ESOLVER)
        return cs_error_set(err, CS_ESOLVER, NULL, 0, NULL,
                            "scenario %s: solver failure at day %.6g of %.6g (year %.4g): %s; try "
                            "a shorter --every, or move extreme --set values back toward their "
                            "defaults",
                            r->sc->name, e.t_reached, t_end, e.t_reached / CS_DAYS_PER_YEAR,
                            e.text);
    if (rc != CS_OK)
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "scenario %s: %s after %zu rows",
                            r->sc->name,
                            cs_output_rows_status(r->rows) == CS_ENOMEM ? "out of memory"
                                                                        : "more rows than expected",
                            cs_output_rows_count(r->rows));
    return CS_OK;
}

static void free_run(plot_run *r)
{
    cs_output_rows_free(&r->rows);
    cs_sim_free(&r->sim);
    free(r->command);
    free(r->sc);
    free(r->spec);
    r->command = NULL;
    r->sc = NULL;
    r->spec = NULL;
}

/* ---- the state of one `calcsim plot` --------------------------------------------------- */

typedef struct {
    plot_args a;
    plot_run run[PLOT_MAX_SCENARIOS];
    char panels[PLOT_MAX_PANELS * 24]; /* the panel names, separated by spaces */
    int npanels;
    char output[PLOT_PATH_MAX]; /* the figure file, "" with --term alone */
    const char *format;         /* "png", "svg" or "pdf" */
    cli_figure fig;             /* gnuplot, the work directory and the signal mask */
    char *command;              /* this command line, for figure.gp */
} plot_state;

/* Splits a->panels (names separated by commas or spaces) into s->panels, checking each. */
static int parse_panels(plot_state *s, cs_error *err)
{
    const char *list = s->a.panels ? s->a.panels : PLOT_DEFAULT_PANELS;
    size_t used = 0;
    s->npanels = 0;
    s->panels[0] = '\0';
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ", ");
        if (len > 0) {
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)(len < 63 ? len : 63), p);
            if (cli_parse_choice("--panels", name, plot_panels, err) < 0)
                return CS_EUSAGE;
            if (s->npanels == PLOT_MAX_PANELS)
                return cs_error_set(err, CS_EUSAGE, NULL, 0, "--panels",
                                    "--panels: at most %d panels in one figure", PLOT_MAX_PANELS);
            used += (size_t)snprintf(s->panels + used, sizeof s->panels - used, "%s%s",
                                     used ? " " : "", name);
            s->npanels++;
        }
        p += len;
        p += strspn(p, ", ");
    }
    if (s->npanels == 0)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--panels",
                            "--panels needs at least one panel name (for example "
                            "--panels blood,vessel)");
    return CS_OK;
}

/* Makes s->output: -o FILE, or NAME.png from the scenario names when neither -o nor --term
 * was given. Checks the format and that the directory can be written. */
static int choose_output(plot_state *s, cs_error *err)
{
    if (s->a.fig.output) {
        if (strlen(s->a.fig.output) >= sizeof s->output)
            return cs_error_set(err, CS_EUSAGE, NULL, 0, "--output", "-o: the path is too long");
        snprintf(s->output, sizeof s->output, "%s", s->a.fig.output);
    } else if (!s->a.fig.term) {
        size_t used = 0;
        for (int i = 0; i < s->a.nscenario || (i == 0 && s->a.nscenario == 0); i++) {
            const char *name = s->run[i].sc->name;
            if (used + strlen(name) + 12 >= 200) {
                used = (size_t)snprintf(s->output, sizeof s->output, "figure");
                break;
            }
            used += (size_t)snprintf(s->output + used, sizeof s->output - used, "%s%s",
                                     i ? "-vs-" : "", name);
        }
        snprintf(s->output + used, sizeof s->output - used, ".png");
    }
    if (!s->output[0])
        return CS_OK;
    int rc = cli_outfile_check(s->output, "-o", err);
    if (rc != CS_OK)
        return rc;
    return cli_figure_output_format(s->output, &s->format, err);
}

/* Sets each run's CSV file name: the scenario's name, made safe for any file system and
 * unique among the runs ("baseline.csv", "baseline-2.csv"). */
static void name_csvs(plot_state *s, int n)
{
    for (int i = 0; i < n; i++) {
        char base[120];
        size_t k = 0;
        for (const char *c = s->run[i].sc->name; *c && k + 1 < sizeof base; c++)
            base[k++] = (char)(strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                      "0123456789_-",
                                      *c)
                                   ? *c
                                   : '_');
        base[k] = '\0';
        if (!k)
            snprintf(base, sizeof base, "scenario");
        int dup = 1;
        for (int j = 0; j < i; j++) {
            char want[160];
            snprintf(want, sizeof want, dup == 1 ? "%s.csv" : "%s-%d.csv", base, dup);
            if (strcmp(s->run[j].csv, want) == 0) {
                dup++;
                j = -1; /* start over with the next number */
            }
        }
        snprintf(s->run[i].csv, sizeof s->run[i].csv, dup == 1 ? "%s.csv" : "%s-%d.csv", base, dup);
    }
}

/* Sets each run's legend entry: its --labels entry, else the scenario's label followed by
 * its overrides ("Baseline adult (k2_intake_ug_per_day=0)"). Double quotes become single
 * ones: gnuplot reads the legend as a list of quoted words. */
static int make_labels(plot_state *s, int n, cs_error *err)
{
    const char *given = s->a.labels;
    for (int i = 0; i < n; i++) {
        plot_run *r = &s->run[i];
        size_t used = 0;
        if (given) {
            size_t len = strcspn(given, ",");
            if (len == 0 || len >= 120)
                return cs_error_set(err, CS_EUSAGE, NULL, 0, "--labels",
                                    "--labels: label %d is %s; give one label of 1 to 119 "
                                    "characters per scenario, separated by commas",
                                    i + 1, len ? "too long" : "empty");
            used = (size_t)snprintf(r->label, sizeof r->label, "%.*s", (int)len, given);
            given += len;
            if (*given == ',')
                given++;
            else if (i + 1 < n)
                return cs_error_set(err, CS_EUSAGE, NULL, 0, "--labels",
                                    "--labels gives %d label%s for %d scenarios; give one per "
                                    "scenario, separated by commas",
                                    i + 1, i ? "s" : "", n);
        } else {
            /* Built in a local buffer: the overrides' text lives in the same state. */
            char text[sizeof r->label];
            used = (size_t)snprintf(text, sizeof text, "%s", cs_scenario_label(r->sc));
            for (int k = 0; k < r->nitem && used < sizeof text; k++)
                used += (size_t)snprintf(text + used, sizeof text - used, "%s%s=%s%s",
                                         k ? ", " : " (", r->item[k].name, r->item[k].text,
                                         k + 1 == r->nitem ? ")" : "");
            memcpy(r->label, text, sizeof r->label);
        }
        memcpy(r->name, r->label, sizeof r->name); /* for the notes: no totals */
        r->name[sizeof r->name - 1] = '\0';
        for (char *c = r->name; *c; c++)
            if (*c == '"')
                *c = '\'';
        /* The total vitamin D3 and K inputs, the same in every figure (calcsim/intake.h). */
        cs_d3_totals d3 = cs_params_d3_totals(&r->sc->params);
        cs_vitk_totals vk = cs_params_vitk_totals(&r->sc->params);
        if (used < sizeof r->label)
            snprintf(r->label + used, sizeof r->label - used, ": D3 %.4g IU/day, K %.4g ug/day",
                     d3.total_iu, vk.total_ug);
        char dtext[240];
        cs_params_d3_describe(&r->sc->params, dtext, sizeof dtext);
        snprintf(r->intake, sizeof r->intake,
                 "vitamin D3 in: %s; vitamin K in: %.4g ug/day (K1 %.4g, MK-4 %.4g, MK-7 %.4g)",
                 dtext, vk.total_ug, vk.k1_ug, vk.mk4_ug, vk.mk7_ug);
        for (char *c = r->label; *c; c++)
            if (*c == '"')
                *c = '\'';
    }
    if (given && *given)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--labels",
                            "--labels gives more labels than the %d scenario%s; give one per "
                            "scenario, separated by commas",
                            n, n > 1 ? "s" : "");
    return CS_OK;
}

/* Refuses runs of different lengths: their time axes would not match. */
static int check_lengths(const plot_state *s, int n, cs_error *err)
{
    double y0 = cs_params_get(&s->run[0].sc->params, "years");
    for (int i = 1; i < n; i++) {
        double y = cs_params_get(&s->run[i].sc->params, "years");
        if (y != y0)
            return cs_error_set(err, CS_EUSAGE, NULL, 0, "years",
                                "the runs have different lengths (%s %.6g yr, %s %.6g yr); "
                                "draw them over the same time with --years Y, or give one run "
                                "its own length with SCENARIO:years=Y",
                                s->run[0].sc->name, y0, s->run[i].sc->name, y);
    }
    return CS_OK;
}

/*
 * Writes, for each output column and each pair of runs i < j with the same output times
 * whose values never differ by more than 1.5 PLOT_SAME_SHARE of the widest axis the column
 * could get (its magnitude, or its range), the gnuplot assignment
 * cs_diff_COLUMN_J_I = MAXDIFF (1-based). dashboard.gp then compares MAXDIFF with the axis
 * each panel really draws: lines closer than their own width coincide, the earlier run is
 * drawn wider underneath, and a note names them.
 */
static void put_coincidences(FILE *f, const plot_state *s, int n)
{
    for (int c = CS_O_T_YEARS + 1; c < CS_NOUTPUT; c++) {
        double lo = HUGE_VAL, hi = -HUGE_VAL;
        for (int i = 0; i < n; i++)
            for (size_t k = 0; k < cs_output_rows_count(s->run[i].rows); k++) {
                double v = cs_output_rows_at(s->run[i].rows, k)[c];
                lo = v < lo ? v : lo;
                hi = v > hi ? v : hi;
            }
        double tol = 1.5 * PLOT_SAME_SHARE * fmax(hi - lo, fmax(fabs(hi), fabs(lo)));
        for (int j = 1; j < n; j++) {
            const cs_output_rows *b = s->run[j].rows;
            for (int i = 0; i < j; i++) {
                const cs_output_rows *a = s->run[i].rows;
                size_t m = cs_output_rows_count(a);
                int same = m == cs_output_rows_count(b) && m > 0;
                double diff = 0;
                for (size_t k = 0; k < m && same; k++) {
                    const double *ra = cs_output_rows_at(a, k), *rb = cs_output_rows_at(b, k);
                    diff = fmax(diff, fabs(ra[c] - rb[c]));
                    same = ra[CS_O_T_DAYS] == rb[CS_O_T_DAYS] && diff <= tol;
                }
                if (same)
                    fprintf(f, "cs_diff_%s_%d_%d = %.6g\n", cs_output_info_at(c)->name, j + 1,
                            i + 1, diff);
            }
        }
    }
}

/* ---- files ------------------------------------------------------------------------------ */

/* Writes "# " + s with control characters as '?' (one comment line). */
static void put_comment(FILE *f, const char *s)
{
    fputs("# ", f);
    for (; *s; s++)
        fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, f);
    fputc('\n', f);
}

/* A cli_outfile_write_fn: the driver script figure.gp (see the file header) of the
 * plot_state ctx. */
static int write_driver(void *ctx, FILE *f, cs_error *err)
{
    const plot_state *s = ctx;
    int n = s->a.nscenario ? s->a.nscenario : 1;
    const char *out = s->output[0] ? s->output : "-";

    fprintf(f, "# figure.gp - redraws a figure of calcsim %s; made by\n", cs_version());
    put_comment(f, s->command);
    fprintf(f, "#\n# %s.\n#\n", CS_OUTPUT_DISCLAIMER);
    fprintf(f, "# Redraw it with\n"
               "#   gnuplot figure.gp                  writes ");
    fputs(out[0] == '-' ? "the text drawing to the terminal" : out, f);
    fprintf(f, "\n"
               "#   gnuplot -c figure.gp OTHER.svg     to NAME.png, NAME.svg or NAME.pdf instead,\n"
               "#                                      or - for a text drawing in the terminal\n"
               "# (a relative name is relative to the directory gnuplot runs in). The data are\n"
               "# the CSV files beside this script, one per scenario, written as `calcsim run`\n"
               "# writes them. dashboard.gp draws them; panels.gp defines the panels and\n"
               "# style.gp the look (colours, fonts, size): edit these copies, or the\n"
               "# variables below, to change the figure.\n\n");
    cli_figure_put_assign(f, "panels", s->panels);
    {
        /* "calcsim VERSION" and the options that changed every run, quoted for a shell. */
        char *note = NULL;
        size_t len = 0, cap = 0;
        int rc = cli_append_arg(&note, &len, &cap, "calcsim");
        if (rc == CS_OK)
            rc = cli_append_arg(&note, &len, &cap, cs_version());
        for (int k = 0; k < s->a.assign.n && rc == CS_OK; k++) {
            const cli_assignment *x = &s->a.assign.items[k];
            char buf[1024];
            if (strcmp(x->option, "--set") == 0)
                snprintf(buf, sizeof buf, "%s=%s", x->name, x->text);
            else
                snprintf(buf, sizeof buf, "%s", x->text);
            rc = cli_append_arg(&note, &len, &cap, x->option);
            if (rc == CS_OK)
                rc = cli_append_arg(&note, &len, &cap, buf);
        }
        if (rc != CS_OK) {
            free(note);
            return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
        }
        cli_figure_put_assign(f, "figure_note", note);
        free(note);
    }
    if (s->a.title)
        cli_figure_put_assign(f, "figure_title", s->a.title);
    else if (n == 1) /* one run: its title heads the figure; several: the legend names them */
        cli_figure_put_assign(f, "figure_title", s->run[0].sc->title);
    {
        /* The legend: one double-quoted word per scenario. */
        size_t cap = 16;
        for (int i = 0; i < n; i++)
            cap += strlen(s->run[i].label) + 3;
        char *titles = malloc(cap);
        if (!titles)
            return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
        size_t used = 0;
        for (int i = 0; i < n; i++)
            used += (size_t)snprintf(titles + used, cap - used, "%s\"%s\"", i ? " " : "",
                                     s->run[i].label);
        cli_figure_put_assign(f, "titles", titles);
        used = 0;
        for (int i = 0; i < n; i++)
            used += (size_t)snprintf(titles + used, cap - used, "%s\"%s\"", i ? " " : "",
                                     s->run[i].name);
        cli_figure_put_assign(f, "names", titles);
        free(titles);
    }
    if (n == 1 && s->run[0].intake[0])
        cli_figure_put_assign(f, "figure_subtitle", s->run[0].intake);
    fputs("# The look (plots/style.gp): unset a line to get the default.\n", f);
    if (s->a.font_size > 0)
        fprintf(f, "cs_font_pt = %.6g\n", s->a.font_size);
    if (s->a.line_width > 0)
        fprintf(f, "cs_line_px = %.6g\n", s->a.line_width);
    if (s->fig.file_w > 0)
        fprintf(f, "cs_size = '%d %d'\n", s->fig.file_w, s->fig.file_h);
    if (s->a.palette)
        cli_figure_put_assign(f, "cs_palette", s->a.palette);
    fputs("# Runs that may coincide: the largest difference of run J from run I in a column.\n", f);
    put_coincidences(f, s, n);
    cli_figure_put_here_and_out(f, out);
    fputs("\ncall here . 'dashboard.gp' (here . ", f);
    cli_figure_put_string(f, s->run[0].csv);
    fputs(") out", f);
    for (int i = 1; i < n; i++) {
        fputs(" (here . ", f);
        cli_figure_put_string(f, s->run[i].csv);
        fputc(')', f);
    }
    fputc('\n', f);
    return ferror(f) ? cs_error_set(err, CS_EIO, NULL, 0, NULL, "cannot write: %s", strerror(errno))
                     : CS_OK;
}

/* A cli_outfile_write_fn: writes the CSV of the run ctx. */
static int write_csv(void *ctx, FILE *f, cs_error *err)
{
    const plot_run *r = ctx;
    return cli_write_run_csv(f, r->sc, r->command, r->origin, r->sim, r->rows, err);
}

/*
 * A cli_figure_files_fn: writes every file of the figure of the plot_state ctx into dir:
 * the CSVs, the gnuplot scripts copied from the plots directory, and the driver. Each file
 * is written atomically.
 */
static int write_files(void *ctx, const char *dir, cs_error *err)
{
    plot_state *s = ctx;
    char path[CLI_FIGURE_PATH_MAX];
    int n = s->a.nscenario ? s->a.nscenario : 1;
    for (int i = 0; i < n; i++) {
        int rc = cli_figure_join(path, dir, s->run[i].csv, err);
        if (rc == CS_OK)
            rc = cli_outfile_write(path, cli_outfile_mode(), 0, write_csv, &s->run[i], err);
        if (rc != CS_OK)
            return rc;
    }
    int rc = cli_figure_copy_scripts(dir, plot_scripts, err);
    if (rc == CS_OK)
        rc = cli_figure_join(path, dir, "figure.gp", err);
    if (rc == CS_OK)
        rc = cli_outfile_write(path, cli_outfile_mode(), 0, write_driver, s, err);
    return rc;
}

/* Parses, checks, runs, writes and draws; returns the exit status. */
static int plot_execute(plot_state *s, int argc, char **argv)
{
    cs_error err;
    cs_error_clear(&err);
    int status = cli_start(&cli_cmd_plot, argc, argv, plot_positional, &s->a);
    if (status >= 0)
        return status;
    plot_args *a = &s->a;
    int n = a->nscenario ? a->nscenario : 1;

    /* Everything that can be wrong with the request, before anything runs. */
    int rc = parse_panels(s, &err);
    for (int i = 0; i < n && rc == CS_OK; i++)
        rc = prepare_run(a, i, &s->run[i], &err);
    if (rc == CS_OK)
        rc = check_lengths(s, n, &err);
    if (rc == CS_OK)
        rc = make_labels(s, n, &err);
    if (rc == CS_OK)
        rc = choose_output(s, &err);
    if (rc == CS_OK) /* --size, and the text drawing's size: the terminal's, else 80x24 */
        rc = cli_figure_apply_size(&s->fig, &a->fig, &err);
    if (rc == CS_OK && s->output[0]) {
        const char *inputs[PLOT_MAX_SCENARIOS];
        for (int i = 0; i < n; i++)
            inputs[i] = s->run[i].sc->path;
        rc = cli_outfile_not_input(s->output, "-o", inputs, n, &err);
    }
    if (rc == CS_OK && a->fig.keep)
        rc = cli_figure_check_keep(a->fig.keep, &err);
    if (rc != CS_OK)
        return cli_report(&err, rc == CS_ENOMEM ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE);
    if (cli_gnuplot_find(s->fig.gnuplot, sizeof s->fig.gnuplot, &err) != CS_OK)
        return cli_report(&err, CLI_EXIT_NO_GNUPLOT);

    for (int i = 0; i < n; i++) {
        rc = execute_run(&s->run[i], &err);
        if (rc != CS_OK)
            return cli_report(&err, cli_exit_status(rc));
    }
    name_csvs(s, n);
    s->command = cli_command_line(argc, argv);
    if (!s->command) {
        cs_error_set(&err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
        return cli_report(&err, CLI_EXIT_FAILURE);
    }

    /* The temporary files: the work directory, then the figure beside -o FILE. */
    status =
        cli_figure_render(&s->fig, s->output, s->format, a->fig.term, a->fig.keep, write_files, s);

    for (int i = 0; i < n && status == CLI_EXIT_OK; i++) /* also with --quiet */
        cli_warn_implausible(s->run[i].sim, s->run[i].sc->name);
    if (status == CLI_EXIT_OK && !a->fig.quiet && s->output[0]) {
        fprintf(stderr, "calcsim: wrote %s (%d scenario%s: ", s->output, n, n > 1 ? "s" : "");
        for (int i = 0; i < n; i++)
            fprintf(stderr, "%s%s", i ? ", " : "", s->run[i].sc->name);
        fprintf(stderr, "; panels: %s)\n", s->panels);
        if (a->fig.keep) {
            int len = (int)strlen(a->fig.keep);
            while (len > 1 && a->fig.keep[len - 1] == '/')
                len--;
            fprintf(stderr,
                    "  data and gnuplot scripts kept in %.*s (redraw: gnuplot %.*s/figure.gp)\n",
                    len, a->fig.keep, len, a->fig.keep);
        }
        fprintf(stderr, "  %s\n", CS_OUTPUT_DISCLAIMER);
    }
    return status;
}

static int plot_main(int argc, char **argv)
{
    plot_state *s = calloc(1, sizeof *s);
    cli_assignment *items = calloc((size_t)argc + 1, sizeof *items);
    int status;
    if (!s || !items) {
        cs_error err;
        cs_error_clear(&err);
        cs_error_set(&err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
        status = cli_report(&err, CLI_EXIT_FAILURE);
    } else {
        s->a.assign.items = items;
        status = plot_execute(s, argc, argv);
        cli_figure_end(&s->fig);
        for (int i = 0; i < PLOT_MAX_SCENARIOS; i++)
            free_run(&s->run[i]);
        free(s->command);
    }
    free(items);
    free(s);
    return status;
}

const cli_command cli_cmd_plot = {
    "plot",
    "[SCENARIO[:NAME=VALUE,...]...] [--set NAME=VALUE]...\n"
    "                    [--years Y] [--every DAYS] [--panels LIST] [-o FILE] [--term]\n"
    "                    [--keep DIR] [--title TEXT] [--labels A,B,...] [--size WxH]\n"
    "                    [--font-size PT] [--line-width PX] [--palette NAME]",
    "Run scenarios and draw them in one figure, with gnuplot",
    "Runs each SCENARIO (a name from 'calcsim scenarios' or a path to an .ini file;\n"
    "default: baseline; at most 8) as 'calcsim run' would, with --set, --years and --every\n"
    "applied to every one, and draws them overlaid in one figure: one colour and dash\n"
    "pattern per scenario, each scenario's short label in the legend. SCENARIO:NAME=VALUE\n"
    "runs a variant with its own values (after --set), for example\n"
    "  calcsim plot baseline baseline:k2_intake_ug_per_day=0\n"
    "and the legend says what was changed. All runs must have the same length (--years).\n"
    "The panels share the time axis; the default is blood,bone,vessel,carboxylation:\n"
    "  blood bone vessel               calcium in blood [mmol/L], bone [g], vessel wall [mg]\n"
    "  carboxylation mgp osteocalcin   active (carboxylated) MGP, osteocalcin [%]\n"
    "  vitd vitk k1 mk4 mk7            25(OH)D; plasma K1, MK-4, MK-7 [nmol/L]\n"
    "  pth phosphate calcitriol        PTH [1 = normal], phosphate [mmol/L], calcitriol\n"
    "  absorption absorbed_share urine deposition fluxes\n"
    "                                  daily calcium fluxes [mg/day], absorbed share [%]\n"
    "Lines that coincide are drawn wider underneath and named; panels whose axis does not\n"
    "start at zero show each run's change in %. The format comes from FILE's extension:\n"
    ".png (1600x1000), .svg or .pdf. FILE is replaced only by a complete figure. --term\n"
    "draws in the terminal instead (or as well), at most its size (else 80x24), with the\n"
    "panels that fit. --keep DIR leaves the CSVs, the gnuplot scripts and figure.gp, which\n"
    "redraws the figure: gnuplot DIR/figure.gp. gnuplot must be installed (or named by\n"
    "CALCSIM_GNUPLOT). Exit status: 0 success, 2 bad usage or input, 3 solver failure,\n"
    "4 gnuplot not found, 1 other errors (gnuplot failed: its messages are shown).\n"
    "See docs/cli.md and docs/figures.md.\n",
    plot_options,
    plot_main,
    NULL,
};
