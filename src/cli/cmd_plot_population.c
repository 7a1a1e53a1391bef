/*
 * cmd_plot_population.c - `calcsim plot-cohort SUMMARY.csv` and `calcsim plot-trial
 * SUMMARY.csv [--people PEOPLE.csv]`: draw the summaries of `calcsim cohort --summary` and
 * `calcsim trial -o` (cmd_population.c) with gnuplot.
 *
 * Each file is read whole and checked first (csv_read.h: columns by name, numbers in the C
 * locale, file:line in every message); then the figure's data become cohort.csv, or
 * trial.csv and people.csv, and plots/cohort.gp or plots/trial.gp draws them in the house
 * style, through figure.c as the other figure commands do (work directory, signals, atomic
 * output, --keep, --term).
 *
 * The cohort figure: one panel per exposure, the simulated odds ratios (risk ratios where
 * the cohort file's published measure is risk_ratio) with their 95 % CIs by group on a log
 * axis, the published estimates beside them. The trial figure: the power against the
 * people per arm, one line per endpoint, when the summary has several sizes; else the
 * difference of each endpoint with its CI; and with --people, the arms' changes of CAC.
 */
#include "cli.h"
#include "csv_read.h"
#include "figure.h"
#include "outfile.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_EXPOSURES 6  /* panels of the cohort figure */
#define MAX_GROUPS    10 /* groups of one exposure */
#define MAX_ENDPOINTS 8  /* lines of the power curve: the linetypes of style.gp */
#define MAX_SIZES     40 /* people-per-arm values of the power curve */

typedef struct {
    cli_figure_args fig; /* first: the shared figure options take this struct as ctx */
    const char *input;
    const char *people;
    const char *title;
    const cli_command *cmd;
} ppo_args;

/* One exposure group of a cohort summary. */
typedef struct {
    double n, low, high;
    double ratio[2][3]; /* [0] odds ratio, [1] risk ratio: estimate, CI low, CI high */
    double pub[3];      /* the published estimate, CI low, CI high; NAN when none */
} coh_group;

typedef struct {
    char name[64], unit[32];
    char measure[16]; /* published_measure: "odds_ratio", "risk_ratio" or "" */
    int rr;           /* 1: draw risk ratios */
    coh_group g[MAX_GROUPS];
    int ngroups;
} coh_exposure;

/* One row of a trial summary. */
typedef struct {
    int endpoint; /* index into ppo_state.ep */
    double per_arm, diff, lo, hi, p, power;
} tri_row;

typedef struct {
    char name[48], unit[16];
} tri_endpoint;

typedef struct {
    ppo_args a;
    cli_figure fig;
    char output[CLI_FIGURE_PATH_MAX];
    const char *format;
    char *command;
    /* the metadata of the summary */
    char kind[8]; /* "cohort" or "trial" */
    char name[64], title[256], source[256], people_meta[96], outcome[160], people_name[64];
    double replicates;
    /* plot-cohort */
    coh_exposure x[MAX_EXPOSURES];
    int nx;
    /* plot-trial */
    tri_endpoint ep[MAX_ENDPOINTS];
    int nep;
    tri_row *rows;
    int nrows, cap;
    double sizes[MAX_SIZES];
    int nsizes;
    double *change; /* the participants' cac_change_au, ok ones only */
    int *arm;       /* 0 control, 1 treated */
    int npeople, capp, narm[2];
} ppo_state;

/* ---- options --------------------------------------------------------------------------- */

static int opt_title(void *ctx, const char *value, cs_error *err)
{
    (void)err;
    ((ppo_args *)ctx)->title = value;
    return CS_OK;
}

static int opt_people(void *ctx, const char *value, cs_error *err)
{
    if (!value[0])
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--people",
                            "--people needs the people file of 'calcsim trial --people'");
    ((ppo_args *)ctx)->people = value;
    return CS_OK;
}

static int ppo_positional(void *ctx, const char *arg, cs_error *err)
{
    ppo_args *a = ctx;
    if (a->input)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "'calcsim %s' takes one summary file, got '%s' and '%s'", a->cmd->name,
                            a->input, arg);
    a->input = arg;
    return CS_OK;
}

#define FIGURE_OPTIONS                                                                             \
    {"--output", "-o", "FILE", cli_figure_opt_output,                                              \
     "write the figure to FILE: .png (1600x1000), .svg or .pdf (default: INPUT.png)"},             \
        {"--title", NULL, "TEXT", opt_title, "the figure's heading"},                              \
        {"--term", NULL, NULL, cli_figure_opt_term, "draw the figure in the terminal, as text"},   \
        {"--keep", NULL, "DIR", cli_figure_opt_keep,                                               \
         "leave the data and the gnuplot scripts in DIR"},                                         \
        {"--quiet", "-q", NULL, cli_figure_opt_quiet, "print nothing on success"},                 \
        {NULL, NULL, NULL, NULL, NULL},

static const cli_option cohort_options[] = {FIGURE_OPTIONS};

static const cli_option trial_options[] = {
    {"--people", NULL, "FILE", opt_people,
     "also draw the arms' changes of CAC from FILE ('calcsim trial --people')"},
    FIGURE_OPTIONS};

/* ---- reading: what both summaries share ------------------------------------------------ */

/* A cli_csv_reader meta function: the lines the figures name. */
static void take_meta(void *ctx, const char *line)
{
    ppo_state *s = ctx;
    char key[32];
    snprintf(key, sizeof key, "# %s: ", s->kind);
    size_t klen = strlen(key);
    if (strncmp(line, key, klen) == 0) {
        const char *v = line + klen;
        size_t n = strcspn(v, " ");
        snprintf(s->name, sizeof s->name, "%.*s", (int)(n < 60 ? n : 60), v);
        const char *open = strchr(v, '(');
        size_t len = strlen(v);
        if (open && len > 1 && v[len - 1] == ')')
            snprintf(s->title, sizeof s->title, "%.*s", (int)(v + len - 1 - open - 1), open + 1);
        else
            snprintf(s->title, sizeof s->title, "%s", v);
    } else if (strncmp(line, "# source: ", 10) == 0) {
        snprintf(s->source, sizeof s->source, "%s", line + 10);
    } else if (strncmp(line, "# people: ", 10) == 0) {
        /* "4807 (0 failed, 18 implausible)" becomes "4807 people (0 failed, ...)". */
        const char *v = line + 10;
        size_t n = strspn(v, "0123456789");
        snprintf(s->people_meta, sizeof s->people_meta, "%.*s people%.60s", (int)(n < 12 ? n : 12),
                 v, v + n);
    } else if (strncmp(line, "# outcome: ", 11) == 0) {
        snprintf(s->outcome, sizeof s->outcome, "%s", line + 11);
    } else if (strncmp(line, "# duration: ", 12) == 0) {
        const char *r = strstr(line, "replicates: ");
        if (r)
            s->replicates = strtod(r + 12, NULL);
    }
}

/* A whole number of at least lo in text, else 0. */
static int whole_number(const char *text, double lo, double *v)
{
    return cs_parse_double(text, v) == CS_OK && *v >= lo && *v == floor(*v) && *v < 1e9;
}

static void *grow(void *p, int *cap, size_t size)
{
    int n = *cap ? 2 * *cap : 64;
    void *q = realloc(p, size * (size_t)n);
    if (q)
        *cap = n;
    return q;
}

/* ---- reading the cohort summary -------------------------------------------------------- */

enum {
    K_EXPOSURE,
    K_UNIT,
    K_GROUP,
    K_N,
    K_LOW,
    K_HIGH,
    K_OR,
    K_OR_LOW,
    K_OR_HIGH,
    K_RR,
    K_RR_LOW,
    K_RR_HIGH,
    K_MEASURE,
    K_PUB,
    K_PUB_LOW,
    K_PUB_HIGH,
    K_NCOL
};
static const char *const cohort_cols[K_NCOL] = {
    "exposure",          "unit",          "group",         "n",
    "exposure_low",      "exposure_high", "odds_ratio",    "or_low",
    "or_high",           "risk_ratio",    "rr_low",        "rr_high",
    "published_measure", "published",     "published_low", "published_high"};

static int cohort_row(void *ctx, const char *const *v, long line, cs_error *err)
{
    ppo_state *s = ctx;
    const char *path = s->a.input;
    coh_exposure *x = s->nx ? &s->x[s->nx - 1] : NULL;
    if (!x || strcmp(x->name, v[K_EXPOSURE]) != 0) {
        for (int i = 0; i < s->nx; i++)
            if (strcmp(s->x[i].name, v[K_EXPOSURE]) == 0)
                return cs_error_set(err, CS_EPARSE, path, (int)line, NULL,
                                    "exposure '%s' again after '%s': the rows of an exposure "
                                    "must follow each other",
                                    v[K_EXPOSURE], x->name);
        if (s->nx == MAX_EXPOSURES)
            return cs_error_set(err, CS_EPARSE, path, (int)line, NULL,
                                "more than %d exposures: one panel each, at most %d", MAX_EXPOSURES,
                                MAX_EXPOSURES);
        if (!v[K_EXPOSURE][0] || strlen(v[K_EXPOSURE]) >= sizeof x->name)
            return cs_error_set(err, CS_EPARSE, path, (int)line, NULL,
                                "column exposure: '%.80s' is not a name (1 to %d characters)",
                                v[K_EXPOSURE], (int)sizeof x->name - 1);
        x = &s->x[s->nx++];
        snprintf(x->name, sizeof x->name, "%s", v[K_EXPOSURE]);
        snprintf(x->unit, sizeof x->unit, "%.31s", v[K_UNIT]);
    }
    double group;
    if (!whole_number(v[K_GROUP], 1, &group) || group != x->ngroups + 1)
        return cs_error_set(err, CS_EPARSE, path, (int)line, NULL,
                            "column group: '%s' where group %d of %s was expected (groups are "
                            "numbered 1, 2, ... in order)",
                            v[K_GROUP], x->ngroups + 1, x->name);
    if (x->ngroups == MAX_GROUPS)
        return cs_error_set(err, CS_EPARSE, path, (int)line, NULL, "more than %d groups of %s",
                            MAX_GROUPS, x->name);
    coh_group *g = &x->g[x->ngroups++];
    int rc = cli_csv_number(v[K_N], cohort_cols[K_N], 0, path, line, &g->n, err);
    if (rc == CS_OK && !(g->n >= 0 && g->n == floor(g->n)))
        rc = cs_error_set(err, CS_EPARSE, path, (int)line, NULL,
                          "column n: '%s' is not a number of people (0, 1, ...)", v[K_N]);
    if (rc == CS_OK)
        rc = cli_csv_number(v[K_LOW], cohort_cols[K_LOW], 1, path, line, &g->low, err);
    if (rc == CS_OK)
        rc = cli_csv_number(v[K_HIGH], cohort_cols[K_HIGH], 1, path, line, &g->high, err);
    if (rc == CS_OK && g->low > g->high)
        rc = cs_error_set(err, CS_EPARSE, path, (int)line, NULL,
                          "exposure_low %s is above exposure_high %s", v[K_LOW], v[K_HIGH]);
    /* The ratios: odds, risk, published; each a number above 0, or empty (not drawn). */
    for (int k = 0; k < 9 && rc == CS_OK; k++) {
        int c = k < 3 ? K_OR + k : k < 6 ? K_RR + k - 3 : K_PUB + k - 6;
        double *d = k < 6 ? &g->ratio[k / 3][k % 3] : &g->pub[k - 6];
        rc = cli_csv_number(v[c], cohort_cols[c], 1, path, line, d, err);
        if (rc == CS_OK && *d < 0)
            rc = cs_error_set(err, CS_EPARSE, path, (int)line, NULL,
                              "column %s: '%s' is not a ratio (a number of at least 0, or empty)",
                              cohort_cols[c], v[c]);
    }
    if (rc != CS_OK)
        return rc;
    const char *m = v[K_MEASURE];
    if (m[0] && strcmp(m, "odds_ratio") != 0 && strcmp(m, "risk_ratio") != 0)
        return cs_error_set(err, CS_EPARSE, path, (int)line, NULL,
                            "column published_measure: '%.40s' is none of odds_ratio, "
                            "risk_ratio or empty",
                            m);
    if (x->ngroups > 1 && strcmp(x->measure, m) != 0)
        return cs_error_set(err, CS_EPARSE, path, (int)line, NULL,
                            "column published_measure: '%s' where the rows before of %s say "
                            "'%s'",
                            m, x->name, x->measure);
    snprintf(x->measure, sizeof x->measure, "%s", m);
    return CS_OK;
}

static int read_cohort(ppo_state *s, cs_error *err)
{
    const cli_csv_reader r = {s->a.input,
                              "a summary of 'calcsim cohort --summary'",
                              cohort_cols,
                              K_NCOL,
                              take_meta,
                              cohort_row,
                              s};
    int rc = cli_csv_read(&r, NULL, err);
    if (rc == CS_OK && s->nx == 0)
        rc = cs_error_set(err, CS_EPARSE, s->a.input, 0, NULL, "the file has no rows");
    if (rc != CS_OK)
        return rc;
    /* The measure of every panel: its published one, else the file's, else odds ratio. */
    int rr = 0;
    for (int i = 0; i < s->nx; i++)
        if (s->x[i].measure[0]) {
            rr = strcmp(s->x[i].measure, "risk_ratio") == 0;
            break;
        }
    for (int i = 0; i < s->nx; i++)
        s->x[i].rr = s->x[i].measure[0] ? strcmp(s->x[i].measure, "risk_ratio") == 0 : rr;
    return CS_OK;
}

/* ---- reading the trial summary and the people ------------------------------------------- */

enum { T_ENDPOINT, T_UNIT, T_PER_ARM, T_DIFF, T_LOW, T_HIGH, T_P, T_POWER, T_NCOL };
static const char *const trial_cols[T_NCOL] = {"endpoint", "unit",    "per_arm", "difference",
                                               "ci_low",   "ci_high", "p_value", "power"};

static int trial_row(void *ctx, const char *const *v, long line, cs_error *err)
{
    ppo_state *s = ctx;
    const char *path = s->a.input;
    int e = 0;
    while (e < s->nep && strcmp(s->ep[e].name, v[T_ENDPOINT]) != 0)
        e++;
    if (e == s->nep) {
        if (s->nep == MAX_ENDPOINTS)
            return cs_error_set(err, CS_EPARSE, path, (int)line, NULL,
                                "more than %d endpoints: one line each, at most %d", MAX_ENDPOINTS,
                                MAX_ENDPOINTS);
        if (!v[T_ENDPOINT][0] || strlen(v[T_ENDPOINT]) >= sizeof s->ep[0].name)
            return cs_error_set(err, CS_EPARSE, path, (int)line, NULL,
                                "column endpoint: '%.80s' is not a name (1 to %d characters)",
                                v[T_ENDPOINT], (int)sizeof s->ep[0].name - 1);
        snprintf(s->ep[e].name, sizeof s->ep[e].name, "%s", v[T_ENDPOINT]);
        snprintf(s->ep[e].unit, sizeof s->ep[e].unit, "%.15s", v[T_UNIT]);
        s->nep++;
    }
    tri_row r = {.endpoint = e};
    if (!whole_number(v[T_PER_ARM], 2, &r.per_arm))
        return cs_error_set(err, CS_EPARSE, path, (int)line, NULL,
                            "column per_arm: '%s' is not a number of people per arm (2, 3, ...)",
                            v[T_PER_ARM]);
    double *d[] = {&r.diff, &r.lo, &r.hi, &r.p, &r.power};
    for (int k = 0; k < 5; k++) {
        int rc = cli_csv_number(v[T_DIFF + k], trial_cols[T_DIFF + k], 1, path, line, d[k], err);
        if (rc != CS_OK)
            return rc;
    }
    if (!(isnan(r.power) || (r.power >= 0 && r.power <= 1)))
        return cs_error_set(err, CS_EPARSE, path, (int)line, NULL,
                            "column power: '%s' is not a share from 0 to 1", v[T_POWER]);
    if (!(isnan(r.p) || (r.p >= 0 && r.p <= 1)))
        return cs_error_set(err, CS_EPARSE, path, (int)line, NULL,
                            "column p_value: '%s' is not a probability from 0 to 1", v[T_P]);
    int k = 0;
    while (k < s->nsizes && s->sizes[k] != r.per_arm)
        k++;
    if (k == s->nsizes) {
        if (s->nsizes == MAX_SIZES)
            return cs_error_set(err, CS_EPARSE, path, (int)line, NULL,
                                "more than %d values of per_arm", MAX_SIZES);
        s->sizes[s->nsizes++] = r.per_arm;
    }
    for (int i = 0; i < s->nrows; i++)
        if (s->rows[i].endpoint == e && s->rows[i].per_arm == r.per_arm)
            return cs_error_set(err, CS_EPARSE, path, (int)line, NULL,
                                "a second row of %s with %s per arm", v[T_ENDPOINT], v[T_PER_ARM]);
    if (s->nrows == s->cap) {
        tri_row *p = grow(s->rows, &s->cap, sizeof *p);
        if (!p)
            return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
        s->rows = p;
    }
    s->rows[s->nrows++] = r;
    return CS_OK;
}

/* The people file names its trial too; it must be the summary's. */
static void people_meta(void *ctx, const char *line)
{
    ppo_state *s = ctx;
    if (strncmp(line, "# trial: ", 9) == 0)
        snprintf(s->people_name, sizeof s->people_name, "%.*s", (int)strcspn(line + 9, " "),
                 line + 9);
}

enum { P_ARM, P_CHANGE, P_STATUS, P_NCOL };
static const char *const people_cols[P_NCOL] = {"arm", "cac_change_au", "status"};

static int people_row(void *ctx, const char *const *v, long line, cs_error *err)
{
    ppo_state *s = ctx;
    const char *path = s->a.people;
    int arm = strcmp(v[P_ARM], "control") == 0 ? 0 : strcmp(v[P_ARM], "treated") == 0 ? 1 : -1;
    if (arm < 0)
        return cs_error_set(err, CS_EPARSE, path, (int)line, NULL,
                            "column arm: '%.40s' is neither control nor treated", v[P_ARM]);
    if (strcmp(v[P_STATUS], "ok") != 0)
        return CS_OK; /* a failed run: no change to draw */
    double change;
    int rc = cli_csv_number(v[P_CHANGE], people_cols[P_CHANGE], 0, path, line, &change, err);
    if (rc != CS_OK)
        return rc;
    if (s->npeople == s->capp) {
        int cap = s->capp;
        double *c = grow(s->change, &cap, sizeof *c);
        if (c)
            s->change = c;
        int *a = c ? grow(s->arm, &s->capp, sizeof *a) : NULL;
        if (!a)
            return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
        s->arm = a;
    }
    s->change[s->npeople] = change;
    s->arm[s->npeople++] = arm;
    s->narm[arm]++;
    return CS_OK;
}

static int read_trial(ppo_state *s, cs_error *err)
{
    const cli_csv_reader r = {
        s->a.input, "a summary of 'calcsim trial -o'", trial_cols, T_NCOL, take_meta, trial_row, s};
    int rc = cli_csv_read(&r, NULL, err);
    if (rc == CS_OK && s->nrows == 0)
        rc = cs_error_set(err, CS_EPARSE, s->a.input, 0, NULL, "the file has no rows");
    if (rc != CS_OK || !s->a.people)
        return rc;
    const cli_csv_reader p = {s->a.people,
                              "a people file of 'calcsim trial --people'",
                              people_cols,
                              P_NCOL,
                              people_meta,
                              people_row,
                              s};
    rc = cli_csv_read(&p, NULL, err);
    if (rc == CS_OK && (s->narm[0] == 0 || s->narm[1] == 0))
        rc = cs_error_set(err, CS_EPARSE, s->a.people, 0, "--people",
                          "--people: no participant of the %s arm with status ok",
                          s->narm[0] ? "treated" : "control");
    if (rc == CS_OK && s->people_name[0] && s->name[0] && strcmp(s->people_name, s->name) != 0)
        rc = cs_error_set(err, CS_EUSAGE, s->a.people, 0, "--people",
                          "--people: the participants of trial %s, but the summary is of trial %s",
                          s->people_name, s->name);
    return rc;
}

/* ---- the figure's files ---------------------------------------------------------------- */

static void put_num(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, "%.6g", v);
}

static int write_status(FILE *f, cs_error *err)
{
    return ferror(f) ? cs_error_set(err, CS_EIO, NULL, 0, NULL, "cannot write: %s", strerror(errno))
                     : CS_OK;
}

/* The tic label of group k of x: "1: <21.6", "2: 21.6-32.7", "3: >32.7 ug/day", the
 * boundaries half way between the neighbouring groups' extreme values. */
static void group_label(const coh_exposure *x, int k, char *buf, size_t n)
{
    double lo = k > 0 ? (x->g[k - 1].high + x->g[k].low) / 2 : NAN;
    double hi = k + 1 < x->ngroups ? (x->g[k].high + x->g[k + 1].low) / 2 : NAN;
    const char *unit = k + 1 == x->ngroups && strcmp(x->unit, "1") != 0 ? x->unit : "";
    const char *sp = unit[0] ? " " : "";
    if (x->ngroups == 1 || (!isfinite(lo) && !isfinite(hi)))
        snprintf(buf, n, "%d", k + 1);
    else if (!isfinite(lo))
        snprintf(buf, n, "%d: <%.3g%s%s", k + 1, hi, sp, unit);
    else if (!isfinite(hi))
        snprintf(buf, n, "%d: >%.3g%s%s", k + 1, lo, sp, unit);
    else
        snprintf(buf, n, "%d: %.3g-%.3g%s%s", k + 1, lo, hi, sp, unit);
}

/* A ratio for a log axis: above 0 and finite, else not drawn. */
static double drawable(double v)
{
    return isfinite(v) && v > 0 ? v : NAN;
}

static int write_cohort_data(void *ctx, FILE *f, cs_error *err)
{
    const ppo_state *s = ctx;
    fprintf(f, "# %s\n# cohort %s: %s\n", CS_OUTPUT_DISCLAIMER, s->name, s->title);
    fputs("panel,group,label,estimate,low,high,published,published_low,published_high\n", f);
    for (int i = 0; i < s->nx; i++) {
        const coh_exposure *x = &s->x[i];
        for (int k = 0; k < x->ngroups; k++) {
            const coh_group *g = &x->g[k];
            char label[96];
            group_label(x, k, label, sizeof label);
            fprintf(f, "%d,%d,", i + 1, k + 1);
            cli_put_csv_field(f, label);
            double v[6] = {drawable(g->ratio[x->rr][0]), drawable(g->ratio[x->rr][1]),
                           drawable(g->ratio[x->rr][2]), drawable(g->pub[0]),
                           drawable(g->pub[1]),          drawable(g->pub[2])};
            /* A CI with an end not drawable is left out whole. */
            for (int c = 0; c < 6; c += 3)
                if (isnan(v[c + 1]) || isnan(v[c + 2]) || isnan(v[c]))
                    v[c + 1] = v[c + 2] = NAN;
            for (int c = 0; c < 6; c++) {
                fputc(',', f);
                put_num(f, v[c]);
            }
            fputc('\n', f);
        }
    }
    return write_status(f, err);
}

/* "Geleijnse et al. 2004" from "Geleijnse et al., J Nutr 2004 134:3100 (...)": the authors
 * and the first year; the source's first 40 characters when it has no such shape. */
static void study_name(const char *source, char *buf, size_t n)
{
    size_t a = strcspn(source, ",(");
    const char *y = source + a;
    while (*y && !(y[0] >= '1' && y[0] <= '2' && strspn(y, "0123456789") == 4 && y[-1] == ' '))
        y++;
    if (a > 0 && a < 60 && *y)
        snprintf(buf, n, "%.*s %.4s", (int)a, source, y);
    else
        snprintf(buf, n, "%.40s", source);
}

static const char *group_word(int n)
{
    static const char *const w[] = {"", "", "halves", "tertiles", "quartiles", "quintiles"};
    return n >= 2 && n <= 5 ? w[n] : "groups";
}

/* Appends to buf (size n, used *len) "a" or " b" with a space-separated list's quoting. */
static void put_word(char *buf, size_t n, size_t *len, const char *word)
{
    int w = snprintf(buf + *len, n - *len, "%s\"%s\"", *len ? " " : "", word);
    if (w > 0 && (size_t)w < n - *len)
        *len += (size_t)w;
}

/* The driver's common end: title, note, and the call of script on the data files. */
static void put_title_and_call(FILE *f, const ppo_state *s, const char *fallback, const char *note,
                               const char *call)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", s->a.title ? s->a.title : s->title[0] ? s->title : fallback);
    cli_figure_put_assign(f, "figure_title", buf);
    cli_figure_put_assign(f, "figure_note", note);
    cli_figure_put_here_and_out(f, s->output[0] ? s->output : "-");
    fprintf(f, "\n%s\n", call);
}

static int write_cohort_driver(void *ctx, FILE *f, cs_error *err)
{
    const ppo_state *s = ctx;
    char titles[1024] = "", ylabels[512] = "", xlabels[1024] = "", buf[512], study[96];
    size_t lt = 0, ly = 0, lx = 0;
    cli_figure_put_driver_head(f, "cohort", s->command);
    fputs("# Redraw it with: gnuplot figure.gp (or gnuplot -c figure.gp OTHER.svg)\n\n", f);
    for (int i = 0; i < s->nx; i++) {
        const coh_exposure *x = &s->x[i];
        /* The parameter's human name where the exposure is a parameter (as plot-sweep). */
        int k = cs_param_find(x->name);
        const cs_param_info *info = k >= 0 ? cs_param_info_at(k) : NULL;
        const char *label = info && info->label ? info->label : x->name;
        snprintf(buf, sizeof buf, "%s (%s)", label, group_word(x->ngroups));
        put_word(titles, sizeof titles, &lt, buf);
        put_word(ylabels, sizeof ylabels, &ly,
                 x->rr ? "risk ratio, 95 % CI [1]" : "odds ratio, 95 % CI [1]");
        if (strcmp(x->unit, "1") == 0)
            snprintf(buf, sizeof buf, "group: %s", label);
        else
            snprintf(buf, sizeof buf, "group: %s [%s]", label, x->unit);
        put_word(xlabels, sizeof xlabels, &lx, buf);
    }
    cli_figure_put_assign(f, "panel_titles", titles);
    cli_figure_put_assign(f, "panel_ylabels", ylabels);
    cli_figure_put_assign(f, "panel_xlabels", xlabels);
    double people = 0;
    for (int k = 0; k < s->x[0].ngroups; k++)
        people += s->x[0].g[k].n;
    snprintf(buf, sizeof buf, "simulated (%.0f people)", people);
    cli_figure_put_assign(f, "sim_title", buf);
    study_name(s->source, study, sizeof study);
    snprintf(buf, sizeof buf, "published (%s)", study[0] ? study : "the study");
    cli_figure_put_assign(f, "pub_title", buf);
    if (s->outcome[0])
        snprintf(buf, sizeof buf, "outcome: %.200s; group 1 = reference", s->outcome);
    else
        snprintf(buf, sizeof buf, "group 1 = reference");
    cli_figure_put_assign(f, "figure_subtitle", buf);
    char note[256];
    snprintf(note, sizeof note, "calcsim %s, cohort %s%s%s", cs_version(),
             s->name[0] ? s->name : "(unnamed)", s->people_meta[0] ? ": " : "", s->people_meta);
    put_title_and_call(f, s, "Simulated cohort", note,
                       "call here . 'cohort.gp' (here . 'cohort.csv') out");
    return write_status(f, err);
}

static int by_endpoint_size(const void *a, const void *b)
{
    const tri_row *x = a, *y = b;
    if (x->endpoint != y->endpoint)
        return x->endpoint - y->endpoint;
    return (x->per_arm > y->per_arm) - (x->per_arm < y->per_arm);
}

static int write_trial_data(void *ctx, FILE *f, cs_error *err)
{
    const ppo_state *s = ctx;
    fprintf(f, "# %s\n# trial %s: %s\n", CS_OUTPUT_DISCLAIMER, s->name, s->title);
    fputs("series,endpoint,per_arm,power_pct,difference,ci_low,ci_high,p_value\n", f);
    for (int i = 0; i < s->nrows; i++) {
        const tri_row *r = &s->rows[i];
        char label[80];
        snprintf(label, sizeof label, "%s [%s]", s->ep[r->endpoint].name, s->ep[r->endpoint].unit);
        fprintf(f, "%d,", r->endpoint + 1);
        cli_put_csv_field(f, label);
        fprintf(f, ",%.0f,", r->per_arm);
        const double v[] = {100 * r->power, r->diff, r->lo, r->hi, r->p};
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
            if (k)
                fputc(',', f);
            put_num(f, v[k]);
        }
        fputc('\n', f);
    }
    return write_status(f, err);
}

static int write_people_data(void *ctx, FILE *f, cs_error *err)
{
    const ppo_state *s = ctx;
    fprintf(f, "# %s\n# trial %s: the participants of the first replicate trial\n",
            CS_OUTPUT_DISCLAIMER, s->name);
    fputs("arm,x,cac_change_au\n", f);
    int seen[2] = {0, 0};
    for (int i = 0; i < s->npeople; i++) {
        int a = s->arm[i];
        /* Spread across the arm's strip by the golden ratio: even, and the same every time. */
        double u = fmod(0.5 + 0.6180339887498949 * seen[a]++, 1.0);
        fprintf(f, "%d,%.4f,", a + 1, a + 1 + 0.5 * (u - 0.5));
        put_num(f, s->change[i]);
        fputc('\n', f);
    }
    return write_status(f, err);
}

static int write_trial_driver(void *ctx, FILE *f, cs_error *err)
{
    const ppo_state *s = ctx;
    char buf[512], note[256];
    cli_figure_put_driver_head(f, "trial", s->command);
    fputs("# Redraw it with: gnuplot figure.gp (or gnuplot -c figure.gp OTHER.svg)\n\n", f);
    if (s->nsizes > 1) {
        snprintf(buf, sizeof buf,
                 "power: the share of %.0f replicate trials with p < 0.05 (Welch t-test)",
                 s->replicates > 0 ? s->replicates : 0);
        if (!(s->replicates > 0))
            snprintf(buf, sizeof buf, "power: the share of replicate trials with p < 0.05");
    } else {
        snprintf(buf, sizeof buf,
                 "treated - control, %.0f per arm, with the 95 %% CI of the first replicate "
                 "trial (Welch)",
                 s->sizes[0]);
    }
    cli_figure_put_assign(f, "figure_subtitle", buf);
    if (s->a.people) {
        snprintf(buf, sizeof buf, "control (n = %d)", s->narm[0]);
        cli_figure_put_assign(f, "control_label", buf);
        snprintf(buf, sizeof buf, "treated (n = %d)", s->narm[1]);
        cli_figure_put_assign(f, "treated_label", buf);
    }
    snprintf(note, sizeof note, "calcsim %s, trial %s", cs_version(),
             s->name[0] ? s->name : "(unnamed)");
    put_title_and_call(f, s, "Simulated trial", note,
                       s->a.people ? "call here . 'trial.gp' (here . 'trial.csv') out "
                                     "(here . 'people.csv')"
                                   : "call here . 'trial.gp' (here . 'trial.csv') out");
    return write_status(f, err);
}

/* Writes the data (name, fn), the scripts and the driver into dir. */
static int write_set(const char *dir, const char *const *data, const cli_outfile_write_fn *fns,
                     const char *const *scripts, cli_outfile_write_fn driver, void *ctx,
                     cs_error *err)
{
    char path[CLI_FIGURE_PATH_MAX];
    mode_t mode = cli_outfile_mode();
    int rc = CS_OK;
    for (int i = 0; data[i] && rc == CS_OK; i++) {
        rc = cli_figure_join(path, dir, data[i], err);
        if (rc == CS_OK)
            rc = cli_outfile_write(path, mode, 0, fns[i], ctx, err);
    }
    if (rc == CS_OK)
        rc = cli_figure_copy_scripts(dir, scripts, err);
    if (rc == CS_OK)
        rc = cli_figure_join(path, dir, "figure.gp", err);
    if (rc == CS_OK)
        rc = cli_outfile_write(path, mode, 0, driver, ctx, err);
    return rc;
}

static int write_cohort_files(void *ctx, const char *dir, cs_error *err)
{
    static const char *const data[] = {"cohort.csv", NULL};
    static const cli_outfile_write_fn fns[] = {write_cohort_data};
    static const char *const scripts[] = {"cohort.gp", "style.gp", NULL};
    return write_set(dir, data, fns, scripts, write_cohort_driver, ctx, err);
}

static int write_trial_files(void *ctx, const char *dir, cs_error *err)
{
    const ppo_state *s = ctx;
    static const char *const data[] = {"trial.csv", "people.csv", NULL};
    static const cli_outfile_write_fn fns[] = {write_trial_data, write_people_data};
    static const char *const scripts[] = {"trial.gp", "style.gp", NULL};
    static const char *const data_only[] = {"trial.csv", NULL};
    return write_set(dir, s->a.people ? data : data_only, fns, scripts, write_trial_driver, ctx,
                     err);
}

/* ---- the commands ---------------------------------------------------------------------- */

static int ppo_execute(ppo_state *s, int argc, char **argv)
{
    cs_error err;
    cs_error_clear(&err);
    int cohort = s->a.cmd == &cli_cmd_plot_cohort;
    snprintf(s->kind, sizeof s->kind, "%s", cohort ? "cohort" : "trial");
    int status = cli_start(s->a.cmd, argc, argv, ppo_positional, &s->a);
    if (status >= 0)
        return status;
    int rc = CS_OK;
    if (!s->a.input)
        rc = cs_error_set(&err, CS_EUSAGE, NULL, 0, NULL,
                          cohort ? "plot-cohort needs a summary of 'calcsim cohort --summary'"
                                 : "plot-trial needs a summary of 'calcsim trial -o'");
    if (rc == CS_OK)
        rc = cohort ? read_cohort(s, &err) : read_trial(s, &err);
    if (rc == CS_OK)
        rc = cli_figure_check_outputs(&s->a.fig, s->a.input, s->output, sizeof s->output,
                                      &s->format, &err);
    if (rc != CS_OK)
        return cli_report(&err, cli_exit_status(rc));
    if (!cohort)
        qsort(s->rows, (size_t)s->nrows, sizeof *s->rows, by_endpoint_size);
    status = cli_figure_run(&s->fig, &s->a.fig, s->output, s->format, argc, argv, &s->command,
                            cohort ? write_cohort_files : write_trial_files, s);
    if (status == CLI_EXIT_OK && !s->a.fig.quiet && s->output[0]) {
        if (cohort)
            fprintf(stderr, "calcsim: wrote %s (cohort %s, %d exposure%s)\n", s->output, s->name,
                    s->nx, s->nx == 1 ? "" : "s");
        else
            fprintf(stderr, "calcsim: wrote %s (trial %s, %s of %d endpoint%s%s)\n", s->output,
                    s->name, s->nsizes > 1 ? "power curve" : "differences", s->nep,
                    s->nep == 1 ? "" : "s", s->a.people ? " and the arms' changes of CAC" : "");
        cli_figure_print_kept(&s->a.fig);
    }
    return status;
}

static int ppo_main(const cli_command *cmd, int argc, char **argv)
{
    ppo_state *s = calloc(1, sizeof *s);
    if (!s)
        return cli_report_nomem();
    s->a.cmd = cmd;
    int status = ppo_execute(s, argc, argv);
    cli_figure_end(&s->fig);
    free(s->rows);
    free(s->change);
    free(s->arm);
    free(s->command);
    free(s);
    return status;
}

static int plot_cohort_main(int argc, char **argv)
{
    return ppo_main(&cli_cmd_plot_cohort, argc, argv);
}

static int plot_trial_main(int argc, char **argv)
{
    return ppo_main(&cli_cmd_plot_trial, argc, argv);
}

const cli_command cli_cmd_plot_cohort = {
    "plot-cohort",
    "SUMMARY.csv [-o FILE] [--title TEXT] [--term] [--keep DIR]",
    "Draw the odds ratios of 'calcsim cohort' against the published ones",
    "Reads SUMMARY.csv, written by 'calcsim cohort --summary', and draws one panel per\n"
    "exposure: the simulated odds ratio of every group against group 1 with its 95 % CI,\n"
    "on a log axis with a line at 1, and beside it the published estimate where the cohort\n"
    "file gives one. Where the published measure is a risk ratio (prospect_epic), the\n"
    "simulated risk ratios are drawn instead. The format comes from -o FILE's extension:\n"
    ".png (1600x1000), .svg or .pdf (default: SUMMARY.png); FILE is replaced only by a\n"
    "complete figure. --term draws it in the terminal. --keep DIR leaves the data,\n"
    "plots/cohort.gp, style.gp and figure.gp, which redraws the figure. Exit status: 0\n"
    "success, 2 bad usage or input, 4 gnuplot not found, 1 other errors. See docs/cli.md.\n",
    cohort_options,
    plot_cohort_main,
    NULL,
};

const cli_command cli_cmd_plot_trial = {
    "plot-trial",
    "SUMMARY.csv [--people FILE] [-o FILE] [--title TEXT]\n"
    "                          [--term] [--keep DIR]",
    "Draw the power curve of 'calcsim trial', and the arms' changes",
    "Reads SUMMARY.csv, written by 'calcsim trial -o', and draws the power (the share of\n"
    "replicate trials with p < 0.05) against the people per arm, one line per endpoint,\n"
    "with a dashed line at 80 %, when the summary has several --per-arm sizes; with one\n"
    "size, the difference treated - control of each endpoint with its 95 % CI. --people\n"
    "FILE (from 'calcsim trial --people') adds a panel of every participant's change of\n"
    "the CAC score by arm, with the arm means. -o, --term, --keep and --title work as for\n"
    "'calcsim plot-cohort'; the script is plots/trial.gp. Exit status: 0 success, 2 bad\n"
    "usage or input, 4 gnuplot not found, 1 other errors. See docs/cli.md.\n",
    trial_options,
    plot_trial_main,
    NULL,
};
