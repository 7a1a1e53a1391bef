/*
 * cmd_sweep.c - `calcsim sweep SCENARIO --vary ...`: run a scenario over a grid or a Latin
 * hypercube of parameter values, in parallel, and write one summary row per run.
 *
 * Workload: from ten runs in class to 10,000 or a million runs overnight, each a few
 * milliseconds (a 10-year run) to seconds (a century of hourly rows), started from scripts,
 * split over machines with --shard, and interrupted at any time. That shaped it:
 *
 *   - Data flows one way: scenario -> base parameter set (--set, --years, --every in order)
 *     -> the design (cs_sweep, --vary) -> per run: cs_sweep_apply() -> cs_sim_run() into a
 *     cs_sweep_metrics sink (and, for --series, a row store) -> one formatted row.
 *   - Threads: --jobs workers (pthreads) take runs in run_id order from a shared cursor,
 *     each with its own cs_sim, and put the finished row in a reorder window. The main
 *     thread writes rows strictly in run_id order as soon as the next one is ready, one
 *     write() per row, so the file is the same byte for byte for any --jobs and grows
 *     only by whole rows. A worker waits while it is more than the window ahead of the
 *     writer, so memory stays flat however uneven the runs are.
 *   - Interrupts: SIGINT, SIGTERM and SIGHUP are taken by the main thread only (workers
 *     block them). The first one stops handing out runs and lets the runs in progress
 *     finish and be written; a second one cancels them (the sink stops the run at its next
 *     output row). Then the signal is raised again with its default action, so the caller
 *     sees the usual "killed by SIGINT" status. Rows already written are complete; --resume
 *     reads the file, checks that it holds the same sweep, drops an unfinished last line
 *     (left by kill -9 or a full disk), and runs only the missing run_ids.
 *   - The result file is locked (fcntl) while a sweep writes it, so two sweeps cannot
 *     interleave rows in one file.
 * Numbers are written with "%.10g"; the program never calls setlocale(), so every thread
 * formats in the C locale.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* sched_getaffinity(): the CPUs a Slurm job or taskset allows */
#endif
#include "calcsim/runner.h"
#include "cli.h"
#include "cli_args.h"
#include "meta_json.h"
#include "outfile.h"
#include "sweep_io.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sched.h>
#endif

/* A sweep with more runs than this needs --yes. */
#define SWEEP_CONFIRM_RUNS 1000000ULL
/* Most worker threads. */
#define SWEEP_MAX_JOBS 1024
/* Most rows one run may produce with --series (as for `calcsim run`). */
#define SWEEP_SERIES_MAX_ROWS 2000000.0
/* Longest failure reason kept in a status field. */
#define SWEEP_REASON_MAX 300
/* Seconds between progress updates. */
#define SWEEP_PROGRESS_EVERY 0.25

/* ---- options ------------------------------------------------------------------------- */

typedef struct {
    const char *text; /* NAME=SPEC as typed */
    int log;          /* --log followed it */
} sweep_vary;

typedef struct {
    const char *scenario; /* name or path; NULL: baseline */
    const char *output;   /* -o FILE; NULL or "-": standard output */
    const char *series;   /* --series DIR, or NULL */
    const char *meta;     /* --meta FILE, or NULL */
    cli_assignments assign;
    sweep_vary *vary; /* capacity argc */
    int nvary;
    uint64_t samples, seed;
    int have_samples, have_seed;
    int *metrics; /* chosen metric indices; capacity cs_sweep_metric_count() */
    int nmetrics;
    uint64_t jobs;             /* 0: one per available core */
    uint64_t shard_k, shard_n; /* 1 <= K <= N, or 0/0 */
    int resume, force, yes, quiet, no_comments;
} sweep_args;

static int opt_vary(void *ctx, const char *value, cs_error *err)
{
    sweep_args *a = ctx;
    (void)err;
    a->vary[a->nvary++] = (sweep_vary){value, 0};
    return CS_OK;
}

static int opt_log(void *ctx, const char *value, cs_error *err)
{
    sweep_args *a = ctx;
    (void)value;
    if (a->nvary == 0)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--log",
                            "--log applies to the --vary before it; give it after a --vary");
    a->vary[a->nvary - 1].log = 1;
    return CS_OK;
}

static int opt_samples(void *ctx, const char *value, cs_error *err)
{
    sweep_args *a = ctx;
    if (sweep_parse_uint(value, 1, CS_SWEEP_MAX_SAMPLES, &a->samples) != CS_OK)
        return cs_error_set(err, CS_ERANGE, NULL, 0, "--samples",
                            "--samples needs a whole number from 1 to %lu, got '%s'",
                            CS_SWEEP_MAX_SAMPLES, value);
    a->have_samples = 1;
    return CS_OK;
}

static int opt_seed(void *ctx, const char *value, cs_error *err)
{
    sweep_args *a = ctx;
    if (sweep_parse_uint(value, 0, CS_SWEEP_MAX_SEED, &a->seed) != CS_OK)
        return cs_error_set(err, CS_ERANGE, NULL, 0, "--seed",
                            "--seed needs a whole number from 0 to 4294967295, got '%s'", value);
    a->have_seed = 1;
    return CS_OK;
}

static int opt_metric(void *ctx, const char *value, cs_error *err)
{
    sweep_args *a = ctx;
    char name[96];
    for (const char *p = value;;) {
        size_t len = strcspn(p, ",");
        snprintf(name, sizeof name, "%.*s", (int)(len < sizeof name ? len : sizeof name - 1), p);
        int m = cli_metric_find(name, "--metric");
        if (m < 0)
            return cs_error_set(err, CS_EUSAGE, NULL, 0, "--metric",
                                "unknown metric '%s' ('calcsim help sweep' lists them all)", name);
        for (int i = 0; i < a->nmetrics; i++)
            if (a->metrics[i] == m)
                return cs_error_set(err, CS_EUSAGE, NULL, 0, "--metric",
                                    "metric '%s' is asked for twice", name);
        a->metrics[a->nmetrics++] = m;
        if (!p[len])
            return CS_OK;
        p += len + 1;
    }
}

static int opt_jobs(void *ctx, const char *value, cs_error *err)
{
    sweep_args *a = ctx;
    if (sweep_parse_uint(value, 1, SWEEP_MAX_JOBS, &a->jobs) != CS_OK)
        return cs_error_set(err, CS_ERANGE, NULL, 0, "--jobs",
                            "--jobs needs a whole number from 1 to %d, got '%s'", SWEEP_MAX_JOBS,
                            value);
    return CS_OK;
}

static int opt_shard(void *ctx, const char *value, cs_error *err)
{
    sweep_args *a = ctx;
    const char *slash = strchr(value, '/');
    char k[32];
    if (slash && (size_t)(slash - value) < sizeof k) {
        memcpy(k, value, (size_t)(slash - value));
        k[slash - value] = '\0';
        if (sweep_parse_uint(slash + 1, 1, CS_SWEEP_MAX_RUNS, &a->shard_n) == CS_OK &&
            sweep_parse_uint(k, 1, a->shard_n, &a->shard_k) == CS_OK)
            return CS_OK;
    }
    return cs_error_set(err, CS_EUSAGE, NULL, 0, "--shard",
                        "--shard needs K/N, whole numbers with 1 <= K <= N (for example --shard "
                        "2/8), got '%s'",
                        value);
}

static int opt_output(void *ctx, const char *value, cs_error *err)
{
    if (!value[0])
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--output",
                            "-o needs a file name (or - for standard output)");
    ((sweep_args *)ctx)->output = value;
    return CS_OK;
}

static int opt_series(void *ctx, const char *value, cs_error *err)
{
    if (!value[0])
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--series", "--series needs a directory");
    ((sweep_args *)ctx)->series = value;
    return CS_OK;
}

static int opt_meta(void *ctx, const char *value, cs_error *err)
{
    if (!value[0] || strcmp(value, "-") == 0)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--meta",
                            "--meta needs a file name for the JSON metadata, for example --meta "
                            "out.meta.json");
    ((sweep_args *)ctx)->meta = value;
    return CS_OK;
}

#define SWEEP_FLAG(fn, field)                                                                      \
    static int fn(void *ctx, const char *value, cs_error *err)                                     \
    {                                                                                              \
        (void)value;                                                                               \
        (void)err;                                                                                 \
        ((sweep_args *)ctx)->field = 1;                                                            \
        return CS_OK;                                                                              \
    }
SWEEP_FLAG(opt_resume, resume)
SWEEP_FLAG(opt_force, force)
SWEEP_FLAG(opt_yes, yes)
SWEEP_FLAG(opt_quiet, quiet)
SWEEP_FLAG(opt_no_comments, no_comments)

static int opt_set(void *ctx, const char *value, cs_error *err)
{
    return cli_opt_set(&((sweep_args *)ctx)->assign, value, err);
}

static int opt_years(void *ctx, const char *value, cs_error *err)
{
    return cli_opt_years(&((sweep_args *)ctx)->assign, value, err);
}

static int opt_every(void *ctx, const char *value, cs_error *err)
{
    return cli_opt_every(&((sweep_args *)ctx)->assign, value, err);
}

static int sweep_positional(void *ctx, const char *arg, cs_error *err)
{
    sweep_args *a = ctx;
    if (a->scenario)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "'calcsim sweep' takes one scenario, got '%s' and '%s'", a->scenario,
                            arg);
    a->scenario = arg;
    return CS_OK;
}

static const cli_option sweep_options[] = {
    {"--vary", NULL, "NAME=SPEC", opt_vary,
     "vary a parameter: FROM:TO:N (grid), V1,V2,... (list), FROM:TO (with --samples)"},
    {"--log", NULL, NULL, opt_log, "space the --vary before it evenly in log space"},
    {"--samples", NULL, "N", opt_samples, "draw N Latin hypercube samples over the FROM:TO axes"},
    {"--seed", NULL, "S", opt_seed, "seed of the Latin hypercube (default 1)"},
    {"--set", NULL, "NAME=VALUE", opt_set, "set a parameter for every run (repeatable)"},
    {"--years", NULL, "Y", opt_years, "length of every run [yr] (parameter years)"},
    {"--every", NULL, "DAYS", opt_every, "days between output rows (output_every_days)"},
    {"--metric", NULL, "NAME", opt_metric,
     "write only these metrics (repeatable, or comma-separated; default all)"},
    {"--jobs", "-j", "N", opt_jobs, "run N runs at a time (default: the CPUs available)"},
    {"--shard", NULL, "K/N", opt_shard, "run only shard K of N (run_id = K, K+N, K+2N, ...)"},
    {"--output", "-o", "FILE", opt_output, "write the results to FILE (default: standard output)"},
    {"--series", NULL, "DIR", opt_series, "also write each run's time series as DIR/run_ID.csv"},
    {"--resume", NULL, NULL, opt_resume, "continue the sweep in FILE: run only the missing runs"},
    {"--force", NULL, NULL, opt_force, "replace a FILE that exists and holds rows"},
    {"--no-comments", NULL, NULL, opt_no_comments,
     "write a plain CSV: the header row first, no '#' lines (not with --resume or --shard)"},
    {"--meta", NULL, "FILE", opt_meta,
     "write the metadata as JSON to FILE once every run has its row, e.g. OUT.meta.json"},
    {"--yes", NULL, NULL, opt_yes, "run a sweep of more than 1,000,000 runs"},
    {"--quiet", "-q", NULL, opt_quiet, "no progress line and no summary"},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- the sweep ----------------------------------------------------------------------- */

/* Everything a sweep owns; sweep_main() frees it in one place. Read-only once workers run. */
typedef struct {
    sweep_args a;
    cs_scenario *sc;
    const char *origin[CS_PARAM_CAPACITY];     /* where each base value came from */
    const char *run_origin[CS_PARAM_CAPACITY]; /* the same, "command line" for varied ones */
    cs_sweep *sw;
    int *metrics; /* the metric columns, in order (a.metrics or all) */
    int nmetrics;
    uint64_t total;      /* runs in the sweep */
    uint64_t k0, n;      /* this shard: runs i with i % n == k0 (0-based) */
    uint64_t nshard;     /* runs in this shard */
    unsigned char *have; /* bitmap over shard positions: rows already in the file */
    uint64_t nhave;      /* rows already in the file */
    uint64_t ntodo;      /* runs to do now */
    int dropped_torn;    /* an unfinished last line was dropped */
    char *meta;          /* the metadata lines and header, as written */
    char *command;       /* the canonical sweep command */
    char *run_command;   /* "calcsim run SCENARIO --set ..." without the varied values */
    cs_solver_settings solver;
    mode_t mode; /* for --series files: 0666 & ~umask */
    int fd;      /* results: a file, or standard output */
    int to_file;
    int stream;  /* -o names a device or FIFO: written in place, never truncated or locked */
    int created; /* we created the file and hold its lock (remove it on an early error) */
    off_t end;   /* bytes in the results file */
} sweep_state;

static int bit_get(const unsigned char *b, uint64_t i)
{
    return b && (b[i / 8] >> (i % 8) & 1);
}

static void bit_set(unsigned char *b, uint64_t i)
{
    b[i / 8] |= (unsigned char)(1u << (i % 8));
}

/* The number of CPUs this process may run on (its affinity mask, e.g. a Slurm allocation). */
static uint64_t available_cpus(void)
{
#ifdef __linux__
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return (uint64_t)CPU_COUNT(&set);
#endif
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (uint64_t)n : 1;
}

/* Builds the design from the --vary options and checks the sweep as a whole. */
static int build_design(sweep_state *s, cs_error *err)
{
    const sweep_args *a = &s->a;
    if (a->nvary == 0)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--vary",
                            "calcsim sweep needs at least one --vary NAME=FROM:TO:N (see "
                            "'calcsim help sweep')");
    s->sw = cs_sweep_alloc(err);
    if (!s->sw)
        return CS_ENOMEM;
    int lhs = 0;
    for (int i = 0; i < a->nvary; i++) {
        cs_error e;
        cs_error_clear(&e);
        int rc = cs_sweep_add_text(s->sw, a->vary[i].text, a->vary[i].log, &e);
        if (rc != CS_OK)
            return cs_error_set(err, rc, NULL, 0, e.key, "--vary %s: %s", a->vary[i].text, e.text);
        lhs += cs_sweep_axis_at(s->sw, i)->kind == CS_SWEEP_LHS;
    }
    if (lhs && !a->have_samples)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--vary",
                            "--vary NAME=FROM:TO without :N is a Latin hypercube axis and needs "
                            "--samples N; for a grid give FROM:TO:N");
    if (a->have_samples && !lhs)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--samples",
                            "--samples needs at least one --vary NAME=FROM:TO (without :N) to "
                            "draw over");
    if (a->have_seed && !a->have_samples)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--seed",
                            "--seed only makes sense with --samples");
    if (a->have_samples) {
        int rc = cs_sweep_set_samples(s->sw, (size_t)a->samples, a->have_seed ? a->seed : 1, err);
        if (rc != CS_OK)
            return rc;
    }
    int rc = cs_sweep_prepare(s->sw, err);
    if (rc != CS_OK)
        return rc;
    s->total = cs_sweep_count(s->sw);
    if (s->total > SWEEP_CONFIRM_RUNS && !a->yes)
        return cs_error_set(err, CS_ERANGE, NULL, 0, "--yes",
                            "the sweep has %llu runs, more than %llu; add --yes to run it anyway",
                            (unsigned long long)s->total, SWEEP_CONFIRM_RUNS);
    for (int i = 0; i < a->assign.n; i++) {
        int p = cs_param_find(a->assign.items[i].name);
        for (int j = 0; j < cs_sweep_axis_count(s->sw); j++)
            if (cs_sweep_axis_at(s->sw, j)->param == p)
                return cs_error_set(err, CS_EUSAGE, NULL, 0, a->assign.items[i].name,
                                    "%s is both varied (--vary) and set (%s); give one of them",
                                    a->assign.items[i].name, a->assign.items[i].option);
    }
    s->k0 = a->shard_n ? a->shard_k - 1 : 0;
    s->n = a->shard_n ? a->shard_n : 1;
    s->nshard = s->k0 < s->total ? (s->total - s->k0 + s->n - 1) / s->n : 0;
    return CS_OK;
}

/* Writes "name = value, ..." of run's varied values into buf. */
static void describe_run(const sweep_state *s, uint64_t run, char *buf, size_t n)
{
    double v[CS_PARAM_CAPACITY];
    size_t used = 0;
    buf[0] = '\0';
    if (cs_sweep_values(s->sw, run, v, NULL) != CS_OK)
        return;
    for (int i = 0; i < cs_sweep_axis_count(s->sw) && used < n; i++) {
        int w = snprintf(buf + used, n - used, "%s%s = %.10g", i ? ", " : "",
                         cs_param_info_at(cs_sweep_axis_at(s->sw, i)->param)->name, v[i]);
        used += w > 0 ? (size_t)w : 0;
    }
}

/*
 * Checks, before anything runs, the relations between parameters (cs_params_check()) for
 * every run of this shard, and with --series the rows each run would write. A sweep whose
 * runs could never start is bad input, as it is for `calcsim run`.
 */
static int check_runs(const sweep_state *s, cs_error *err)
{
    int years_at = cs_param_find("years"), every_at = cs_param_find("output_every_days");
    /* The model's own check (cs_model_init(): physiology that leaves no calcium for the
     * urine) depends on the physiology parameters only: once, or per run when one is varied. */
    int per_run_model = 0;
    for (int i = 0; i < cs_sweep_axis_count(s->sw); i++)
        per_run_model |=
            strcmp(cs_param_info_at(cs_sweep_axis_at(s->sw, i)->param)->group, "physiology") == 0;
    cs_model *model = malloc(sizeof *model);
    if (!model)
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    for (uint64_t j = 0; j < s->nshard; j++) {
        uint64_t run = s->k0 + j * s->n;
        cs_params p = s->sc->params;
        cs_error e;
        cs_error_clear(&e);
        int rc = cs_sweep_apply(s->sw, run, &p, &e);
        if (rc == CS_OK)
            rc = cs_params_check(&p, &e);
        if (rc == CS_OK && (j == 0 || per_run_model))
            rc = cs_model_init(model, &p, &e);
        double years = p.v[years_at], every = p.v[every_at];
        double rows = floor(years * CS_DAYS_PER_YEAR / every) + 2;
        if (rc == CS_OK && s->a.series && rows > SWEEP_SERIES_MAX_ROWS)
            rc = cs_error_set(&e, CS_ERANGE, NULL, 0, "output_every_days",
                              "--series: output every %.6g d for %.6g yr gives %.0f rows, more "
                              "than the %.0f allowed; use a larger --every",
                              every, years, rows, SWEEP_SERIES_MAX_ROWS);
        if (rc != CS_OK) {
            char what[512];
            free(model);
            describe_run(s, run, what, sizeof what);
            return cs_error_set(err, rc, NULL, 0, e.key, "run_id %llu (%s): %s",
                                (unsigned long long)run + 1, what, e.text);
        }
    }
    free(model);
    return CS_OK;
}

/* Room for the text of axis ax (cs_sweep_axis_text()): a list writes every value, a range
 * only FROM:TO:N, however many values it has. */
static size_t axis_text_size(const cs_sweep_axis *ax)
{
    return 64 + 24 * (ax->kind == CS_SWEEP_LIST ? ax->n + 2 : 4);
}

/* Builds the canonical sweep command and the base of each run's `calcsim run` command. */
static int build_commands(sweep_state *s)
{
    size_t len = 0, cap = 0, rlen = 0, rcap = 0;
    char buf[128];
    const char *scenario = s->a.scenario ? s->a.scenario : "baseline";
    int rc = cli_append_arg(&s->command, &len, &cap, "calcsim");
    rc |= cli_append_arg(&s->command, &len, &cap, "sweep");
    rc |= cli_append_arg(&s->command, &len, &cap, scenario);
    rc |= cli_append_arg(&s->run_command, &rlen, &rcap, "calcsim");
    rc |= cli_append_arg(&s->run_command, &rlen, &rcap, "run");
    rc |= cli_append_arg(&s->run_command, &rlen, &rcap, scenario);
    for (int i = 0; i < cs_param_count() && rc == CS_OK; i++) {
        if (!s->origin[i] || strcmp(s->origin[i], "command line") != 0)
            continue;
        snprintf(buf, sizeof buf, "%s=%.10g", cs_param_info_at(i)->name, s->sc->params.v[i]);
        rc |= cli_append_arg(&s->command, &len, &cap, "--set");
        rc |= cli_append_arg(&s->command, &len, &cap, buf);
        rc |= cli_append_arg(&s->run_command, &rlen, &rcap, "--set");
        rc |= cli_append_arg(&s->run_command, &rlen, &rcap, buf);
    }
    for (int i = 0; i < cs_sweep_axis_count(s->sw) && rc == CS_OK; i++) {
        const cs_sweep_axis *ax = cs_sweep_axis_at(s->sw, i);
        size_t n = axis_text_size(ax);
        char *spec = malloc(n);
        if (!spec)
            return CS_ENOMEM;
        int w = snprintf(spec, n, "%s=", cs_param_info_at(ax->param)->name);
        cs_sweep_axis_text(s->sw, i, spec + w, n - (size_t)w);
        rc |= cli_append_arg(&s->command, &len, &cap, "--vary");
        rc |= cli_append_arg(&s->command, &len, &cap, spec);
        if (ax->log)
            rc |= cli_append_arg(&s->command, &len, &cap, "--log");
        free(spec);
    }
    if (s->a.have_samples && rc == CS_OK) {
        rc |= cli_append_arg(&s->command, &len, &cap, "--samples");
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)cs_sweep_samples(s->sw));
        rc |= cli_append_arg(&s->command, &len, &cap, buf);
        rc |= cli_append_arg(&s->command, &len, &cap, "--seed");
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)cs_sweep_seed(s->sw));
        rc |= cli_append_arg(&s->command, &len, &cap, buf);
    }
    for (int i = 0; i < s->a.nmetrics && rc == CS_OK; i++) {
        rc |= cli_append_arg(&s->command, &len, &cap, "--metric");
        rc |=
            cli_append_arg(&s->command, &len, &cap, cs_sweep_metric_info_at(s->a.metrics[i])->name);
    }
    return rc == CS_OK ? CS_OK : CS_ENOMEM;
}

/* Writes s with control characters as '?', so a metadata line stays one line. */
static void put_one_line(FILE *f, const char *s)
{
    for (; *s; s++)
        fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, f);
}

/* Builds the metadata lines and the header row (docs/cli.md, "calcsim sweep"). */
static int build_meta(sweep_state *s)
{
    size_t size = 0;
    FILE *f = open_memstream(&s->meta, &size);
    if (!f)
        return CS_ENOMEM;
    const cs_sweep *sw = s->sw;
    int naxes = cs_sweep_axis_count(sw);
    fprintf(f, "# calcsim %s\n# %s\n# scenario: ", cs_version(), CS_OUTPUT_DISCLAIMER);
    put_one_line(f, s->sc->name);
    if (s->sc->title[0]) {
        fputs(" (", f);
        put_one_line(f, s->sc->title);
        fputc(')', f);
    }
    fputs("\n# scenario file: ", f);
    put_one_line(f, s->sc->path);
    fputs("\n# command: ", f);
    put_one_line(f, s->command);
    int grid = 0;
    for (int i = 0; i < naxes; i++)
        grid |= cs_sweep_axis_at(sw, i)->kind != CS_SWEEP_LHS;
    fprintf(f, "\n# design: %s", grid ? "grid" : "");
    if (cs_sweep_samples(sw))
        fprintf(f, "%slatin hypercube, %zu samples, seed %llu", grid ? " x " : "",
                cs_sweep_samples(sw), (unsigned long long)cs_sweep_seed(sw));
    fprintf(f, "\n# runs: %llu\n", (unsigned long long)s->total);
    for (int i = 0; i < naxes; i++) {
        const cs_sweep_axis *ax = cs_sweep_axis_at(sw, i);
        const cs_param_info *pi = cs_param_info_at(ax->param);
        size_t n = axis_text_size(ax);
        char *spec = malloc(n);
        if (!spec) {
            fclose(f);
            return CS_ENOMEM;
        }
        fprintf(f, "# vary %s = %s %s (%s%s)\n", pi->name, cs_sweep_axis_text(sw, i, spec, n),
                pi->unit, ax->kind == CS_SWEEP_LHS ? "latin hypercube" : "grid",
                ax->log ? ", log" : "");
        free(spec);
    }
    if (s->a.shard_n)
        fprintf(f, "# shard: %llu/%llu, %llu runs (run_id = %llu, %llu, ...)\n",
                (unsigned long long)s->a.shard_k, (unsigned long long)s->a.shard_n,
                (unsigned long long)s->nshard, (unsigned long long)s->a.shard_k,
                (unsigned long long)(s->a.shard_k + s->a.shard_n));
    for (int i = 0; i < cs_param_count(); i++) {
        const cs_param_info *pi = cs_param_info_at(i);
        const char *note = s->origin[i];
        for (int j = 0; j < naxes; j++)
            if (cs_sweep_axis_at(sw, j)->param == i)
                note = "varied";
        fprintf(f, "# parameter %s = %.10g %s", pi->name, s->sc->params.v[i], pi->unit);
        if (note)
            fprintf(f, " (%s)", note);
        fputc('\n', f);
    }
    fprintf(f, "# solver: %s rtol=%.10g atol_scale=%.10g hmin=%.10g nmax=%lu\n", s->solver.method,
            s->solver.rtol, s->solver.atol_scale, s->solver.hmin, s->solver.nmax);
    fputs("# columns: run_id [1]", f);
    for (int i = 0; i < naxes; i++) {
        const cs_param_info *pi = cs_param_info_at(cs_sweep_axis_at(sw, i)->param);
        fprintf(f, ", %s [%s]", pi->name, pi->unit);
    }
    fputs(", status [text]", f);
    for (int i = 0; i < s->nmetrics; i++) {
        const cs_sweep_metric_info *m = cs_sweep_metric_info_at(s->metrics[i]);
        fprintf(f, ", %s [%s]", m->name, m->unit);
    }
    fputs("\nrun_id", f);
    for (int i = 0; i < naxes; i++)
        fprintf(f, ",%s", cs_param_info_at(cs_sweep_axis_at(sw, i)->param)->name);
    fputs(",status", f);
    for (int i = 0; i < s->nmetrics; i++)
        fprintf(f, ",%s", cs_sweep_metric_info_at(s->metrics[i])->name);
    fputc('\n', f);
    return fclose(f) == 0 ? CS_OK : CS_ENOMEM;
}

/* Removes the '#' lines from meta (metadata lines, then the header row), in place. */
static void drop_comment_lines(char *meta)
{
    char *p = meta;
    while (*p == '#') {
        char *nl = strchr(p, '\n');
        if (!nl)
            break;
        p = nl + 1;
    }
    memmove(meta, p, strlen(p) + 1);
}

/* A cli_outfile_write_fn: writes the --meta JSON of the sweep ctx (a sweep_state). */
static int write_meta_json(void *ctx, FILE *f, cs_error *err)
{
    const sweep_state *s = ctx;
    const cs_sweep *sw = s->sw;
    int naxes = cs_sweep_axis_count(sw);
    const char *origin[CS_PARAM_CAPACITY];
    errno = 0;
    cli_json_head(f, "sweep", s->sc->name, s->sc->title, s->sc->path, s->command);
    fputs("  \"csv\": {\"file\": ", f);
    cli_json_string(f, s->to_file ? s->a.output : NULL);
    fprintf(f, ", \"comment_lines\": %s},\n", s->a.no_comments ? "false" : "true");
    fprintf(f, "  \"runs\": %llu,\n  \"samples\": %zu,\n  \"seed\": ", (unsigned long long)s->total,
            cs_sweep_samples(sw));
    if (cs_sweep_samples(sw))
        fprintf(f, "%llu", (unsigned long long)cs_sweep_seed(sw));
    else
        fputs("null", f);
    fputs(",\n  \"vary\": [", f);
    for (int i = 0; i < cs_param_count(); i++)
        origin[i] = s->origin[i];
    for (int i = 0; i < naxes; i++) {
        const cs_sweep_axis *ax = cs_sweep_axis_at(sw, i);
        const cs_param_info *pi = cs_param_info_at(ax->param);
        size_t n = axis_text_size(ax);
        char *spec = malloc(n);
        if (!spec)
            return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
        fputs(i ? ",\n    {\"name\": " : "\n    {\"name\": ", f);
        cli_json_string(f, pi->name);
        fputs(", \"spec\": ", f);
        cli_json_string(f, cs_sweep_axis_text(sw, i, spec, n));
        fputs(", \"unit\": ", f);
        cli_json_string(f, pi->unit);
        fprintf(f, ", \"kind\": \"%s\", \"log\": %s}",
                ax->kind == CS_SWEEP_LHS ? "latin hypercube" : "grid", ax->log ? "true" : "false");
        free(spec);
        origin[ax->param] = "varied";
    }
    fputs("\n  ],\n  \"shard\": ", f);
    if (s->a.shard_n)
        fprintf(f, "{\"k\": %llu, \"n\": %llu, \"runs\": %llu}", (unsigned long long)s->a.shard_k,
                (unsigned long long)s->a.shard_n, (unsigned long long)s->nshard);
    else
        fputs("null", f);
    fputs(",\n", f);
    cli_json_parameters(f, &s->sc->params, origin);
    fputs(",\n", f);
    cli_json_intake(f, &s->sc->params);
    fputs(",\n  \"intake_note\": \"the totals of the parameters above; a varied parameter "
          "changes them run by run\",\n  \"solver\": {\"method\": ",
          f);
    cli_json_string(f, s->solver.method);
    fputs(", \"rtol\": ", f);
    cli_json_number(f, s->solver.rtol);
    fputs(", \"atol_scale\": ", f);
    cli_json_number(f, s->solver.atol_scale);
    fputs(", \"hmin\": ", f);
    cli_json_number(f, s->solver.hmin);
    fprintf(f, ", \"nmax\": %lu},\n", s->solver.nmax);
    fputs(
        "  \"columns\": {\n    \"run_id\": {\"unit\": \"1\", \"description\": \"the run's number, "
        "from 1\"}",
        f);
    for (int i = 0; i < naxes; i++) {
        const cs_param_info *pi = cs_param_info_at(cs_sweep_axis_at(sw, i)->param);
        fputs(",\n    ", f);
        cli_json_string(f, pi->name);
        fputs(": {\"unit\": ", f);
        cli_json_string(f, pi->unit);
        fputs(", \"description\": ", f);
        cli_json_string(f, pi->desc);
        fputc('}', f);
    }
    fputs(",\n    \"status\": {\"unit\": \"text\", \"description\": \"ok, implausible: REASON "
          "or failed: REASON\"}",
          f);
    for (int i = 0; i < s->nmetrics; i++) {
        const cs_sweep_metric_info *m = cs_sweep_metric_info_at(s->metrics[i]);
        fputs(",\n    ", f);
        cli_json_column(f, m->name, m->unit, m->desc);
    }
    fputs("\n  }\n}\n", f);
    if (ferror(f))
        return cs_error_set(err, CS_EIO, NULL, 0, NULL, "cannot write the metadata: %s",
                            errno ? strerror(errno) : "write error");
    return CS_OK;
}

/* ---- the results file ---------------------------------------------------------------- */

/* Writes all n bytes of buf to fd. Returns 0, or -1 with errno set. */
static int write_all(int fd, const char *buf, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, buf, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = EIO;
            return -1;
        }
        buf += w;
        n -= (size_t)w;
    }
    return 0;
}

/* What resume_row() needs to know: the sweep, and the file's metadata for the first row. */
typedef struct {
    sweep_state *s;
    const sweep_file *ours; /* this command's metadata, parsed */
    sweep_file *theirs;     /* the file's, filled while reading */
    const char *path;
    int checked; /* the definitions were compared */
} resume_ctx;

/* Compares the file's sweep with this command's; an error names the first difference. */
static int resume_compare(resume_ctx *r, cs_error *err)
{
    char what[600];
    r->checked = 1;
    if (sweep_definition_diff(r->theirs, r->ours, 1, "this command", what, sizeof what))
        return cs_error_set(err, CS_EUSAGE, r->path, 0, "--resume",
                            "--resume: the file holds a different sweep: %s", what);
    return CS_OK;
}

static int resume_row(void *ctx, uint64_t run_id, off_t offset, size_t len, long line,
                      cs_error *err)
{
    resume_ctx *r = ctx;
    sweep_state *s = r->s;
    (void)offset;
    (void)len;
    if (!r->checked) {
        int rc = resume_compare(r, err);
        if (rc != CS_OK)
            return rc;
    }
    uint64_t run = run_id - 1;
    if (run % s->n != s->k0)
        return cs_error_set(err, CS_EPARSE, r->path, (int)line, NULL,
                            "run_id %llu does not belong to shard %llu/%llu",
                            (unsigned long long)run_id, (unsigned long long)s->k0 + 1,
                            (unsigned long long)s->n);
    uint64_t pos = run / s->n;
    if (bit_get(s->have, pos))
        return cs_error_set(err, CS_EPARSE, r->path, (int)line, NULL, "run_id %llu appears twice",
                            (unsigned long long)run_id);
    bit_set(s->have, pos);
    s->nhave++;
    return CS_OK;
}

/*
 * Reads the results file for --resume: checks that it holds this sweep, marks the runs it
 * holds, and drops an unfinished last line. *restart is set when the file holds no more
 * than an unfinished start of this sweep's own metadata (then it is written afresh).
 */
static int resume_read(sweep_state *s, int *restart, cs_error *err)
{
    const char *path = s->a.output;
    sweep_file ours, theirs;
    memset(&theirs, 0, sizeof theirs);
    FILE *mf = fmemopen(s->meta, strlen(s->meta), "r");
    if (!mf)
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    int rc = sweep_file_read(mf, "(this sweep)", &ours, NULL, NULL, err);
    fclose(mf);
    int dup_fd = rc == CS_OK ? dup(s->fd) : -1;
    FILE *f = dup_fd >= 0 ? fdopen(dup_fd, "r") : NULL;
    if (rc == CS_OK && !f) {
        if (dup_fd >= 0)
            close(dup_fd);
        rc = cs_error_set(err, CS_EIO, path, 0, NULL, "cannot read: %s", strerror(errno));
    }
    if (rc == CS_OK) {
        resume_ctx r = {s, &ours, &theirs, path, 0};
        rewind(f);
        rc = sweep_file_read(f, path, &theirs, resume_row, &r, err);
        if (rc == CS_OK && !theirs.header) {
            /* No header: only the start of the metadata got written. */
            size_t n = (size_t)theirs.size;
            char *head = malloc(n + 1);
            rewind(f);
            int prefix = head && fread(head, 1, n, f) == n && n <= strlen(s->meta) &&
                         memcmp(head, s->meta, n) == 0;
            free(head);
            if (prefix)
                *restart = 1;
            else
                rc = cs_error_set(err, CS_EUSAGE, path, 0, "--resume",
                                  "--resume: not a calcsim sweep result file (no header row)");
        } else if (rc == CS_OK && !r.checked) {
            rc = resume_compare(&r, err);
        }
        if (rc == CS_OK && !*restart && theirs.torn) {
            if (ftruncate(s->fd, theirs.good_end) != 0)
                rc = cs_error_set(err, CS_EIO, path, 0, NULL,
                                  "cannot drop the unfinished last line: %s", strerror(errno));
            s->dropped_torn = 1;
        }
        s->end = theirs.good_end;
    }
    if (f)
        fclose(f);
    sweep_file_free(&ours);
    sweep_file_free(&theirs);
    return rc;
}

/* Writes the metadata to a device or FIFO named by -o (/dev/null, /dev/full, a pipe): in
 * place, as to standard output, with no lock, truncation or --resume. */
static int open_stream_output(sweep_state *s, cs_error *err)
{
    const char *path = s->a.output;
    if (s->a.resume)
        return cs_error_set(err, CS_EUSAGE, path, 0, "--resume",
                            "--resume needs a regular file to continue, not a device or pipe");
    s->stream = 1;
    s->fd = cli_outfile_open_stream(path, O_WRONLY | O_CLOEXEC);
    if (s->fd < 0)
        return cs_error_set(err, CS_EIO, path, 0, NULL, "cannot open: %s", strerror(errno));
    if (write_all(s->fd, s->meta, strlen(s->meta)) != 0)
        return cs_error_set(err, CS_EIO, path, 0, NULL, "cannot write: %s", strerror(errno));
    return CS_OK;
}

/*
 * Opens the results file and takes its lock. Two sweeps started together into one FILE
 * race here, so: the file is created with O_EXCL (only the sweep that really made it may
 * remove it on an early error), the lock is taken without waiting (the loser stops with
 * status 2 and touches nothing), and once locked the path must still name the locked file
 * (a sweep that made it and then failed removes it; a sweep that opened it meanwhile then
 * holds a lock on a file nobody can see, and opens the path again). A file we made but
 * another sweep locked and wrote first is not ours to remove either. Sets s->fd and
 * s->created; *size is the file's size once locked.
 */
static int open_locked(sweep_state *s, off_t *size, cs_error *err)
{
    const char *path = s->a.output;
    for (int attempt = 0; attempt < 16; attempt++) {
        int created = 1;
        s->fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (s->fd < 0 && errno == EEXIST) {
            created = 0;
            s->fd = open(path, O_RDWR | O_CLOEXEC);
            if (s->fd < 0 && errno == ENOENT)
                continue; /* removed between the two opens: try again */
        }
        if (s->fd < 0)
            return cs_error_set(err, errno == EACCES || errno == EROFS ? CS_EUSAGE : CS_EIO, path,
                                0, NULL, "cannot open: %s", strerror(errno));
        struct flock lk = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
        if (fcntl(s->fd, F_SETLK, &lk) != 0) {
            struct flock who = lk;
            int pid =
                fcntl(s->fd, F_GETLK, &who) == 0 && who.l_type != F_UNLCK ? (int)who.l_pid : 0;
            return cs_error_set(err, CS_EUSAGE, path, 0, "--output",
                                "another calcsim sweep (process %d) is writing this file", pid);
        }
        struct stat mine, now;
        if (fstat(s->fd, &mine) == 0 && stat(path, &now) == 0 && mine.st_dev == now.st_dev &&
            mine.st_ino == now.st_ino) {
            /* Made by us, but written by a sweep that locked it before we did: not ours. */
            s->created = created && mine.st_size == 0;
            *size = mine.st_size;
            return CS_OK;
        }
        close(s->fd); /* locked a file that is no longer at path */
        s->fd = -1;
    }
    return cs_error_set(err, CS_EIO, path, 0, NULL,
                        "cannot open: the file keeps being removed or replaced");
}

/*
 * Opens the results file: refuses to replace rows without --force or --resume, locks it,
 * and either reads it back (--resume) or writes the metadata. A device or FIFO is written in
 * place (open_stream_output()).
 */
static int open_output(sweep_state *s, cs_error *err)
{
    const char *path = s->a.output;
    if (!s->to_file) {
        s->fd = STDOUT_FILENO;
        if (write_all(s->fd, s->meta, strlen(s->meta)) != 0)
            return cs_error_set(err, CS_EIO, NULL, 0, NULL, "cannot write to standard output: %s",
                                strerror(errno));
        return CS_OK;
    }
    if (cli_outfile_is_stream(path))
        return open_stream_output(s, err);
    static const char *const exists_text =
        "the file exists; --resume continues the sweep in it, --force starts it over";
    struct stat st;
    if (stat(path, &st) == 0 && st.st_size > 0 && !s->a.resume && !s->a.force)
        return cs_error_set(err, CS_EUSAGE, path, 0, "--output", "%s", exists_text);
    off_t size = 0;
    int rc = open_locked(s, &size, err);
    if (rc != CS_OK)
        return rc;
    /* Checked again under the lock: another sweep may have filled it since. */
    if (size > 0 && !s->a.resume && !s->a.force)
        return cs_error_set(err, CS_EUSAGE, path, 0, "--output", "%s", exists_text);
    int restart = 1;
    if (s->a.resume && size > 0) {
        restart = 0;
        rc = resume_read(s, &restart, err);
        if (rc != CS_OK)
            return rc;
    }
    if (restart) {
        s->nhave = 0;
        if (s->have)
            memset(s->have, 0, (size_t)(s->nshard / 8 + 1));
        if (ftruncate(s->fd, 0) != 0 || lseek(s->fd, 0, SEEK_SET) != 0 ||
            write_all(s->fd, s->meta, strlen(s->meta)) != 0)
            return cs_error_set(err, CS_EIO, path, 0, NULL, "cannot write: %s", strerror(errno));
        s->end = (off_t)strlen(s->meta);
    }
    if (lseek(s->fd, s->end, SEEK_SET) < 0)
        return cs_error_set(err, CS_EIO, path, 0, NULL, "cannot seek: %s", strerror(errno));
    return CS_OK;
}

/* ---- one run ------------------------------------------------------------------------- */

/* The sink of one run: the metrics, the rows for --series, and the cancel flag. */
typedef struct {
    cs_sweep_metrics m;
    cs_output_rows *rows;     /* NULL without --series */
    const atomic_int *cancel; /* non-zero: stop the run now */
    int cancelled;
} run_sink;

static int run_sink_fn(void *ctx, const double row[])
{
    run_sink *k = ctx;
    if (atomic_load_explicit(k->cancel, memory_order_relaxed)) {
        k->cancelled = 1;
        return 1;
    }
    cs_sweep_metrics_sink(&k->m, row);
    return k->rows ? cs_output_rows_sink(k->rows, row) : 0;
}

/* What writing one --series file needs. */
typedef struct {
    const sweep_state *s;
    const cs_params *p;
    const cs_sim *sim;
    const cs_output_rows *rows;
    const char *command;
} series_ctx;

static int write_series(void *ctx, FILE *f, cs_error *err)
{
    const series_ctx *c = ctx;
    cs_output_meta meta = {
        .scenario_name = c->s->sc->name,
        .scenario_title = c->s->sc->title,
        .scenario_path = c->s->sc->path,
        .command = c->command,
        .params = c->p,
        .param_origin = c->s->run_origin,
        .solver = cs_sim_settings(c->sim),
        .stats = cs_sim_get_stats(c->sim),
        .plausibility = cs_sim_plausibility(c->sim),
    };
    return cs_output_csv_write(f, &meta, c->rows, err);
}

/* Writes run's time series to DIR/run_ID.csv, atomically, with a `calcsim run` command. */
static int save_series(const sweep_state *s, uint64_t run, const double *values, const cs_params *p,
                       const cs_sim *sim, const cs_output_rows *rows, cs_error *err)
{
    size_t len = strlen(s->run_command), cap = len + 1;
    char *command = malloc(cap), path[4096], buf[128];
    if (!command)
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    memcpy(command, s->run_command, cap);
    int rc = CS_OK;
    for (int i = 0; i < cs_sweep_axis_count(s->sw) && rc == CS_OK; i++) {
        snprintf(buf, sizeof buf, "%s=%.10g",
                 cs_param_info_at(cs_sweep_axis_at(s->sw, i)->param)->name, values[i]);
        rc = cli_append_arg(&command, &len, &cap, "--set");
        if (rc == CS_OK)
            rc = cli_append_arg(&command, &len, &cap, buf);
    }
    if (rc != CS_OK) {
        free(command);
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    snprintf(path, sizeof path, "%s/run_%llu.csv", s->a.series, (unsigned long long)run + 1);
    series_ctx c = {s, p, sim, rows, command};
    rc = cli_outfile_write(path, s->mode, 0, write_series, &c, err);
    free(command);
    return rc;
}

/* Writes "PREFIX: REASON" ("failed", "implausible") to status, with commas and quotes
 * replaced so that the field never needs CSV quoting, and control characters as spaces. */
static void reason_status(char *status, size_t n, const char *prefix, const char *reason)
{
    int w = snprintf(status, n, "%s: ", prefix);
    size_t i = (size_t)w;
    for (const char *c = reason; *c && i + 1 < n; c++)
        status[i++] = *c == ',' ? ';' : *c == '"' ? '\'' : (unsigned char)*c < 0x20 ? ' ' : *c;
    status[i] = '\0';
}

/* Formats the result row of run (with its newline) into a new string, or NULL. */
static char *format_row(const sweep_state *s, uint64_t run, const double *values,
                        const char *status, const cs_sweep_metrics *m)
{
    int naxes = cs_sweep_axis_count(s->sw);
    size_t cap = 64 + strlen(status) + 26 * (size_t)(naxes + s->nmetrics);
    char *row = malloc(cap);
    if (!row)
        return NULL;
    size_t used = (size_t)snprintf(row, cap, "%llu", (unsigned long long)run + 1);
    for (int i = 0; i < naxes; i++)
        used += (size_t)snprintf(row + used, cap - used, ",%.10g", values[i]);
    used += (size_t)snprintf(row + used, cap - used, ",%s", status);
    for (int i = 0; i < s->nmetrics; i++) {
        double v;
        if (m && cs_sweep_metrics_value(m, s->metrics[i], &v) == 1 && isfinite(v))
            used += (size_t)snprintf(row + used, cap - used, ",%.10g", v);
        else
            row[used++] = ',';
    }
    row[used++] = '\n';
    row[used] = '\0';
    return row;
}

/* What one run gave. */
typedef struct {
    char *row;     /* the result row, or NULL when cancelled or on a fatal error */
    int failed;    /* the run failed (its row says why) */
    int cancelled; /* stopped by a second interrupt: no row */
} run_result;

/*
 * Runs run (0-based) and formats its row. A solver failure is a row with a "failed:" status
 * and no metrics; a run that broke a plausibility bound, one with an "implausible:" status
 * and its metrics. Running out of memory or failing to write a --series file is fatal (err
 * filled).
 */
static run_result run_one(const sweep_state *s, uint64_t run, const atomic_int *cancel,
                          cs_error *err)
{
    run_result r = {NULL, 0, 0};
    double values[CS_PARAM_CAPACITY];
    cs_params p = s->sc->params;
    cs_error e;
    cs_error_clear(&e);
    if (cs_sweep_values(s->sw, run, values, err) != CS_OK ||
        cs_sweep_apply(s->sw, run, &p, err) != CS_OK)
        return r;
    run_sink k = {.rows = NULL, .cancel = cancel, .cancelled = 0};
    cs_sweep_metrics_reset(&k.m);
    char status[SWEEP_REASON_MAX + 16] = "ok";
    int rc = CS_OK;
    if (s->a.series && !(k.rows = cs_output_rows_alloc(0, err)))
        return r;
    cs_sim *sim = cs_sim_alloc(&p, &e);
    if (!sim)
        rc = e.code;
    else
        rc = cs_sim_run(sim, run_sink_fn, &k, &e);
    if (rc == CS_ENOMEM || (rc == CS_ESINK && !k.cancelled)) {
        cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory in run_id %llu",
                     (unsigned long long)run + 1);
    } else if (k.cancelled) {
        r.cancelled = 1;
    } else {
        if (rc != CS_OK) {
            char reason[SWEEP_REASON_MAX];
            snprintf(reason, sizeof reason, "%s%.*s",
                     sim ? "" : "no starting state: ", SWEEP_REASON_MAX - 24, e.text);
            reason_status(status, sizeof status, "failed", reason);
            r.failed = 1;
        } else {
            char reason[SWEEP_REASON_MAX];
            if (cs_sim_implausible(sim, NULL, reason, sizeof reason))
                reason_status(status, sizeof status, "implausible", reason);
        }
        if (rc == CS_OK && s->a.series)
            rc = save_series(s, run, values, &p, sim, k.rows, err);
        if (rc == CS_OK || r.failed) {
            r.row = format_row(s, run, values, status, r.failed ? NULL : &k.m);
            if (!r.row)
                cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
        }
    }
    cs_sim_free(&sim);
    cs_output_rows_free(&k.rows);
    return r;
}

/* ---- the runner: workers in the library, the writer here -------------------------- */

/* One finished run on its way to the writer. */
typedef struct {
    char *row;
    int failed;
} sweep_row;

/* What the runner's callbacks share. Only claim() (under the runner's lock) moves cursor;
 * only the calling thread (deliver, poll) touches the rest. */
typedef struct {
    sweep_state *s;
    uint64_t cursor;       /* shard position of the next candidate run */
    uint64_t done, failed; /* rows written this time, and how many are failed runs */
    int progress;          /* draw the progress line */
    double t0, last_shown; /* start, and when the progress line was last drawn */
} sweep_pool;

/* The run behind the item-th run to do: skips runs the file already has (--resume). */
static uint64_t pool_claim(void *ctx, uint64_t item)
{
    (void)item;
    sweep_pool *p = ctx;
    const sweep_state *s = p->s;
    while (bit_get(s->have, p->cursor))
        p->cursor++;
    return s->k0 + p->cursor++ * s->n;
}

static int pool_run(void *ctx, uint64_t item, uint64_t run, const atomic_int *cancel, void **result,
                    int *cancelled, cs_error *err)
{
    (void)item;
    sweep_pool *p = ctx;
    run_result r = run_one(p->s, run, cancel, err);
    if (r.cancelled) {
        *cancelled = 1;
        return CS_OK;
    }
    if (!r.row)
        return err->code != CS_OK ? err->code : CS_ENOMEM;
    sweep_row *row = malloc(sizeof *row);
    if (!row) {
        free(r.row);
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    row->row = r.row;
    row->failed = r.failed;
    *result = row;
    return CS_OK;
}

static void pool_discard(void *ctx, void *result)
{
    (void)ctx;
    sweep_row *row = result;
    free(row->row);
    free(row);
}

/* Writes one row at the end of the results; on a failed write, keeps whole rows only. */
static int pool_deliver(void *ctx, uint64_t item, void *result, cs_error *err)
{
    (void)item;
    sweep_pool *p = ctx;
    sweep_state *s = p->s;
    sweep_row *row = result;
    size_t len = strlen(row->row);
    int bad = write_all(s->fd, row->row, len) != 0;
    int saved_errno = errno;
    p->failed += (uint64_t)row->failed;
    pool_discard(ctx, row);
    if (bad) {
        if (s->to_file && !s->stream && ftruncate(s->fd, s->end) == 0)
            lseek(s->fd, s->end, SEEK_SET);
        return cs_error_set(
            err, CS_EIO, s->to_file ? s->a.output : NULL, 0, NULL, "cannot write %s: %s",
            s->to_file ? "the results" : "to standard output", strerror(saved_errno));
    }
    s->end += (off_t)len;
    p->done++;
    return CS_OK;
}

/* Signals received while the sweep runs, and the last one; set by on_signal() only. */
static volatile sig_atomic_t sweep_signals, sweep_last_signal;

static void on_signal(int sig)
{
    sweep_last_signal = sig;
    if (sweep_signals < 2)
        sweep_signals = sweep_signals + 1;
}

static const int sweep_stop_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define NSTOP_SIGNALS (sizeof sweep_stop_signals / sizeof sweep_stop_signals[0])

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Formats seconds as "42s", "3m07s" or "5h02m". */
static void format_duration(char *buf, size_t n, double sec)
{
    long t = sec > 0 && sec < 1e9 ? (long)(sec + 0.5) : 0;
    if (t < 60)
        snprintf(buf, n, "%lds", t);
    else if (t < 3600)
        snprintf(buf, n, "%ldm%02lds", t / 60, t % 60);
    else
        snprintf(buf, n, "%ldh%02ldm", t / 3600, t / 60 % 60);
}

/* Draws the progress line (stderr is a terminal): runs done, rate and ETA. */
static void show_progress(const sweep_state *s, uint64_t done, uint64_t failed, double elapsed,
                          int stopping)
{
    double rate = elapsed > 0 ? (double)done / elapsed : 0;
    char eta[32] = "?";
    if (rate > 0)
        format_duration(eta, sizeof eta, (double)(s->ntodo - done) / rate);
    char failed_text[48] = "";
    if (failed)
        snprintf(failed_text, sizeof failed_text, " (%llu failed)", (unsigned long long)failed);
    fprintf(stderr, "\rcalcsim: %llu/%llu runs%s, %.0f runs/s, ETA %s%s\033[K",
            (unsigned long long)(s->nhave + done), (unsigned long long)s->nshard, failed_text, rate,
            eta,
            stopping ? "; stopping after the runs in progress (interrupt again to stop now)" : "");
    fflush(stderr);
}

/* How the pool ended. */
typedef struct {
    uint64_t written; /* rows written this time */
    uint64_t failed;  /* of them, failed runs */
    int signal;       /* the signal that stopped the sweep, or 0 */
    double seconds;   /* wall time */
    int jobs;
} sweep_outcome;

/* The runner's poll(): interrupts stop the sweep (a second one cancels the runs in
 * progress), and the progress line is redrawn every SWEEP_PROGRESS_EVERY seconds. */
static int pool_poll(void *ctx, uint64_t delivered)
{
    (void)delivered;
    sweep_pool *p = ctx;
    double now = now_seconds();
    if (p->progress && now - p->last_shown >= SWEEP_PROGRESS_EVERY) {
        show_progress(p->s, p->done, p->failed, now - p->t0, sweep_signals == 1);
        p->last_shown = now;
    }
    return sweep_signals >= 2   ? CS_RUNNER_CANCEL
           : sweep_signals == 1 ? CS_RUNNER_STOP
                                : CS_RUNNER_GO;
}

/*
 * Runs the runs to do on jobs threads (the library's runner) and writes their rows in
 * order. Returns CS_OK, or the first fatal error (a write that failed, out of memory); out
 * says how far it got.
 */
static int run_pool(sweep_state *s, int jobs, sweep_outcome *out, cs_error *err)
{
    sweep_pool p;
    memset(&p, 0, sizeof p);
    p.s = s;
    p.progress = !s->a.quiet && isatty(STDERR_FILENO);
    p.t0 = now_seconds();
    p.last_shown = -1;

    /* The stop signals only set a flag; pool_poll() acts on it. */
    struct sigaction sa, saved[NSTOP_SIGNALS];
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < NSTOP_SIGNALS; i++)
        sigaddset(&sa.sa_mask, sweep_stop_signals[i]);
    sweep_signals = 0;
    sweep_last_signal = 0;
    for (size_t i = 0; i < NSTOP_SIGNALS; i++) {
        sigaction(sweep_stop_signals[i], NULL, &saved[i]);
        if (saved[i].sa_handler != SIG_IGN) /* nohup and `cmd &` ignore some: keep that */
            sigaction(sweep_stop_signals[i], &sa, NULL);
    }
    cs_runner_job job = {.ctx = &p,
                         .claim = pool_claim,
                         .run = pool_run,
                         .deliver = pool_deliver,
                         .discard = pool_discard,
                         .poll = pool_poll,
                         .poll_seconds = 0.1};
    cs_runner_stats st;
    int rc = cs_runner_run(&job, s->ntodo, jobs, &st, err);
    for (size_t i = 0; i < NSTOP_SIGNALS; i++)
        sigaction(sweep_stop_signals[i], &saved[i], NULL);
    if (p.progress)
        fputs("\r\033[K", stderr);
    out->written = p.done;
    out->failed = p.failed; /* failed rows are written in order like the rest */
    out->signal = sweep_signals ? (int)sweep_last_signal : 0;
    out->seconds = now_seconds() - p.t0;
    out->jobs = st.jobs;
    return rc;
}

/* ---- the command --------------------------------------------------------------------- */

/* Prepares everything that can be checked before a file is touched. */
static int sweep_prepare(sweep_state *s, cs_error *err)
{
    sweep_args *a = &s->a;
    s->to_file = a->output && strcmp(a->output, "-") != 0;
    if (a->resume && a->force)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--resume",
                            "give --resume (continue the file) or --force (start it over), not "
                            "both");
    if (a->resume && !s->to_file)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--resume",
                            "--resume needs -o FILE: the results file to continue");
    if (a->no_comments && a->resume)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--no-comments",
                            "--no-comments cannot be used with --resume: --resume checks the '#' "
                            "lines that define the sweep, and a plain CSV has none; keep the '#' "
                            "lines (readers can skip them) or start over with --force");
    if (a->no_comments && a->shard_n)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--no-comments",
                            "--no-comments cannot be used with --shard: 'calcsim sweep-merge' "
                            "needs the '#' lines of every shard; merge the shards first, then "
                            "drop the '#' lines (grep -v '^#')");
    if (a->meta) {
        if (strlen(a->meta) + 32 >= CLI_OUTFILE_PATH_MAX)
            return cs_error_set(err, CS_EUSAGE, NULL, 0, "--meta", "--meta: the path is too long");
        if (s->to_file && cli_outfile_same(a->meta, a->output))
            return cs_error_set(err, CS_EUSAGE, a->meta, 0, "--meta",
                                "--meta %s is the results file itself (-o %s); give the metadata "
                                "another name, for example OUT.meta.json",
                                a->meta, a->output);
        int rc = cli_outfile_check(a->meta, "--meta", err);
        if (rc != CS_OK)
            return rc;
    }
    if (s->to_file) {
        int rc = cli_outfile_check(a->output, "-o", err);
        if (rc != CS_OK)
            return rc;
    }
    int rc = cli_build_params(a->scenario, &a->assign, s->sc, s->origin, err);
    if (rc == CS_OK && s->to_file) {
        const char *inputs[] = {s->sc->path};
        rc = cli_outfile_not_input(a->output, "-o", inputs, 1, err);
    }
    if (rc == CS_OK && a->meta) {
        const char *inputs[] = {s->sc->path};
        rc = cli_outfile_not_input(a->meta, "--meta", inputs, 1, err);
    }
    if (rc == CS_OK)
        rc = build_design(s, err);
    if (rc != CS_OK)
        return rc;
    for (int i = 0; i < cs_param_count(); i++)
        s->run_origin[i] = s->origin[i];
    for (int i = 0; i < cs_sweep_axis_count(s->sw); i++)
        s->run_origin[cs_sweep_axis_at(s->sw, i)->param] = "command line";
    if (a->nmetrics) {
        s->metrics = a->metrics;
        s->nmetrics = a->nmetrics;
    } else {
        s->nmetrics = cs_sweep_metric_count();
        for (int i = 0; i < s->nmetrics; i++)
            a->metrics[i] = i;
        s->metrics = a->metrics;
    }
    rc = check_runs(s, err);
    if (rc != CS_OK)
        return rc;
    /* --series DIR is made only now, when the input is known to be good. */
    if (a->series) {
        struct stat st;
        if (stat(a->series, &st) != 0 && mkdir(a->series, 0777) != 0)
            return cs_error_set(err, CS_EUSAGE, a->series, 0, "--series",
                                "--series: cannot create the directory: %s", strerror(errno));
        if (stat(a->series, &st) != 0 || !S_ISDIR(st.st_mode) ||
            access(a->series, W_OK | X_OK) != 0)
            return cs_error_set(err, CS_EUSAGE, a->series, 0, "--series",
                                "--series: not a writable directory");
    }
    /* The solver settings, as a run reports them (CALCSIM_METHOD may change the method). */
    cs_sim *probe = cs_sim_alloc(&s->sc->params, NULL);
    s->solver = probe ? cs_sim_settings(probe) : cs_solver_defaults();
    cs_sim_free(&probe);
    s->mode = cli_outfile_mode();
    if (build_commands(s) != CS_OK || build_meta(s) != CS_OK)
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    if (a->no_comments) /* the header row alone: the last line of the metadata */
        drop_comment_lines(s->meta);
    s->have = calloc((size_t)(s->nshard / 8 + 1), 1);
    if (!s->have)
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    return CS_OK;
}

/* Prints the summary of a finished (or interrupted) sweep on stderr. */
static void print_summary(const sweep_state *s, const sweep_outcome *o)
{
    char extra[160] = "";
    size_t used = 0;
    if (s->nhave)
        used += (size_t)snprintf(extra + used, sizeof extra - used, "; %llu were there already",
                                 (unsigned long long)s->nhave);
    if (s->dropped_torn)
        snprintf(extra + used, sizeof extra - used, "; dropped an unfinished last line");
    if (s->ntodo == 0)
        fprintf(stderr, "calcsim: nothing to do: %s holds all %llu runs%s\n", s->a.output,
                (unsigned long long)s->nshard, extra);
    else
        fprintf(stderr,
                "calcsim: wrote %llu runs (%llu failed) to %s in %.3g s (%.0f runs/s, %d "
                "jobs)%s\n",
                (unsigned long long)o->written, (unsigned long long)o->failed, s->a.output,
                o->seconds, o->seconds > 0 ? (double)o->written / o->seconds : 0.0, o->jobs, extra);
    fprintf(stderr, "  %s\n", CS_OUTPUT_DISCLAIMER);
}

static int sweep_execute(sweep_state *s, int argc, char **argv)
{
    cs_error err;
    cs_error_clear(&err);
    int status = cli_start(&cli_cmd_sweep, argc, argv, sweep_positional, &s->a);
    if (status >= 0)
        return status;
    int rc = sweep_prepare(s, &err);
    if (rc == CS_OK)
        rc = open_output(s, &err);
    if (rc != CS_OK) {
        if (s->created && s->fd >= 0) /* only a file this sweep made and holds locked */
            unlink(s->a.output);
        return cli_report(&err, cli_exit_status(rc));
    }
    s->ntodo = s->nshard - s->nhave;
    sweep_outcome o = {0, 0, 0, 0, 0};
    uint64_t jobs = s->a.jobs ? s->a.jobs : available_cpus();
    if (jobs > s->ntodo)
        jobs = s->ntodo;
    if (s->ntodo > 0)
        rc = run_pool(s, (int)jobs, &o, &err);
    if (s->to_file && !s->stream && fsync(s->fd) != 0 && rc == CS_OK)
        rc = cs_error_set(&err, CS_EIO, s->a.output, 0, NULL, "cannot write: %s", strerror(errno));
    if (rc != CS_OK)
        return cli_report(&err, CLI_EXIT_FAILURE);
    if (o.signal) {
        cs_error_clear(&err);
        if (s->to_file && s->a.no_comments)
            cs_error_set(&err, CS_EUSAGE, NULL, 0, NULL,
                         "interrupted: %s holds %llu of %llu runs; a plain CSV (--no-comments) "
                         "cannot be resumed: run the same command with --force to start over",
                         s->a.output, (unsigned long long)(s->nhave + o.written),
                         (unsigned long long)s->nshard);
        else if (s->to_file)
            cs_error_set(&err, CS_EUSAGE, NULL, 0, NULL,
                         "interrupted: %s holds %llu of %llu runs; run the same command with "
                         "--resume to finish",
                         s->a.output, (unsigned long long)(s->nhave + o.written),
                         (unsigned long long)s->nshard);
        else
            cs_error_set(&err, CS_EUSAGE, NULL, 0, NULL, "interrupted after %llu of %llu runs",
                         (unsigned long long)o.written, (unsigned long long)s->ntodo);
        cli_report(&err, CLI_EXIT_FAILURE);
        close(s->fd);
        s->fd = -1;
        signal(o.signal, SIG_DFL);
        raise(o.signal);
        return 128 + o.signal; /* when the signal is ignored by the parent's setting */
    }
    if (s->a.meta) {
        /* Written only now, when every run of the sweep (or shard) has its row. */
        sigset_t saved;
        cli_outfile_block_signals(&saved);
        rc = cli_outfile_write(s->a.meta, s->mode, 1, write_meta_json, s, &err);
        sigprocmask(SIG_SETMASK, &saved, NULL);
        if (rc != CS_OK)
            return cli_report(&err, CLI_EXIT_FAILURE);
    }
    if (s->to_file && !s->a.quiet)
        print_summary(s, &o);
    return CLI_EXIT_OK;
}

static int sweep_main(int argc, char **argv)
{
    sweep_state s;
    memset(&s, 0, sizeof s);
    s.fd = -1;
    s.a.assign.items = calloc((size_t)argc, sizeof *s.a.assign.items);
    s.a.vary = calloc((size_t)argc, sizeof *s.a.vary);
    s.a.metrics = calloc((size_t)cs_sweep_metric_count(), sizeof *s.a.metrics);
    s.sc = malloc(sizeof *s.sc);
    int status;
    if (!s.a.assign.items || !s.a.vary || !s.a.metrics || !s.sc) {
        cs_error err;
        cs_error_clear(&err);
        cs_error_set(&err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
        status = cli_report(&err, CLI_EXIT_FAILURE);
    } else {
        status = sweep_execute(&s, argc, argv);
    }
    if (s.fd >= 0 && s.fd != STDOUT_FILENO)
        close(s.fd);
    free(s.have);
    free(s.meta);
    free(s.command);
    free(s.run_command);
    cs_sweep_free(&s.sw);
    free(s.sc);
    free(s.a.metrics);
    free(s.a.vary);
    free(s.a.assign.items);
    return status;
}

const cli_command cli_cmd_sweep = {
    "sweep",
    "[SCENARIO] --vary NAME=SPEC [--log]... [--samples N [--seed S]]\n"
    "                     [--set NAME=VALUE]... [--years Y] [--every DAYS] [--metric NAME]...\n"
    "                     [--jobs N] [--shard K/N] [-o FILE [--resume | --force]] [--series DIR]\n"
    "                     [--no-comments] [--meta FILE]",
    "Run a scenario over a grid or Latin hypercube of parameters; one summary row per run",
    "Runs SCENARIO (default: baseline) once for every point of a design, in parallel, and\n"
    "writes one CSV row per run: run_id, the varied parameters, status (\"ok\",\n"
    "\"implausible: REASON\" for a result outside the model's plausibility bounds, or\n"
    "\"failed: REASON\"), then the metrics. The rows are in run_id order and the same byte\n"
    "for byte for any --jobs. --set, --years and --every apply to every run.\n"
    "\n"
    "Designs. Each --vary adds an axis; several form a full grid, the first --vary\n"
    "changing slowest. NAME=FROM:TO:N gives N evenly spaced values, both ends included\n"
    "(--log: evenly spaced in log space); NAME=V1,V2,... the values given. NAME=FROM:TO\n"
    "(no :N) is a Latin hypercube axis: --samples N draws N points over all such axes,\n"
    "one in each of N equal strata of every axis, reproducibly from --seed (default 1);\n"
    "with grid axes too, every grid point is run with every sample. Values are rounded\n"
    "to 10 significant digits, so the value in a row is exactly the value run. Every\n"
    "value must lie in the parameter's range; a sweep over 1,000,000 runs needs --yes.\n"
    "\n"
    "Metrics (default: all, in this order; --metric NAME picks and orders them). Each is\n"
    "named COLUMN_STATISTIC, with the statistic's unit added when it is not the column's:\n"
    "  bone_ca_g_lost_pct [%]          bone calcium lost, in % of the start (negative:\n"
    "                                  gained)\n"
    "  mgp_carboxylated_pct_mean [%]   carboxylated MGP averaged over the run, weighted by\n"
    "                                  time (trapezoids between output rows)\n"
    "  vessel_ca_mg_doubling_yr [yr]   first time vessel calcium reached twice its start,\n"
    "                                  interpolated between rows; empty if it never did\n"
    "  Then for each output column C below, in C's unit: C_end (at the end of the run),\n"
    "  C_change (end minus start; vessel_ca_mg_change is the calcium the vessel wall\n"
    "  gained), C_min and C_max (lowest and highest output row):\n"
    "  blood_ca_mmol_l [mmol/L], bone_ca_g [g], vessel_ca_mg [mg],\n"
    "  cac_agatston_au [AU], pth_rel [1],\n"
    "  phosphate_mmol_l [mmol/L], magnesium_mmol_l [mmol/L], vitd_25oh_nmol_l [nmol/L],\n"
    "  k1_nmol_l [nmol/L], mk4_nmol_l [nmol/L], mk7_nmol_l [nmol/L],\n"
    "  tissue_k_nmol_l [nmol/L], mgp_carboxylated_pct [%],\n"
    "  oc_carboxylated_pct [%], absorbed_mg_per_day [mg/day], absorbed_fraction [1],\n"
    "  urine_mg_per_day [mg/day], faecal_endogenous_mg_per_day [mg/day],\n"
    "  bone_formation_mg_per_day [mg/day], bone_resorption_mg_per_day [mg/day],\n"
    "  vessel_deposition_mg_per_day [mg/day], calcitriol_rel [1], body_ca_mg [mg],\n"
    "  net_intake_mg [mg]. (The extremes are those of the output rows: --every sets how\n"
    "  finely they are resolved.) A failed run has empty metrics. The names of calcsim\n"
    "  0.1.0 (vessel_ca_accrued_mg, bone_lost_pct, mgp_carboxylated_mean_pct,\n"
    "  vessel_ca_doubling_yr) still work in --metric, with a warning, until 0.3.0.\n"
    "\n"
    "Files. With -o FILE, rows are written as runs finish, whole lines only. Ctrl-C stops\n"
    "after the runs in progress (twice: at once); --resume then runs only the missing\n"
    "runs, after checking that FILE holds the same sweep (it drops an unfinished last\n"
    "line). An existing FILE with rows is replaced only with --force. --shard K/N runs\n"
    "run_id K, K+N, K+2N, ...; 'calcsim sweep-merge' joins the shards. A progress line\n"
    "is shown when stderr is a terminal, and a summary after writing FILE (not with\n"
    "--quiet). --no-comments writes the header row first and no '#' lines (not with\n"
    "--resume or --shard, which need them); --meta FILE writes the metadata as JSON,\n"
    "atomically, once every run has its row.\n"
    "Exit status: 0 done (failed runs are rows, not errors), 2 bad usage or\n"
    "input, 1 other errors; killed by the signal after an interrupt. See docs/sweeps.md.\n",
    sweep_options,
    sweep_main,
    NULL,
};
