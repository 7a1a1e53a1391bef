/*
 * cmd_population.c - `calcsim cohort` and `calcsim trial`: virtual populations.
 *
 * Thin layers on cs_cohort_run() and cs_trial_run() (calcsim/population.h), which run the
 * people through the library's ordered runner. This file resolves the file names
 * (models/cohorts/NAME.ini, models/trials/NAME.ini), parses the options, keeps the rows in
 * memory while the people run, and writes every output file atomically at the end, so a
 * failure leaves no partial file. Without -o or --summary, a readable summary goes to
 * standard output.
 */
#include "cli.h"
#include "cli_args.h"
#include "outfile.h"
#include "sweep_io.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define POP_MAX_JOBS  256
#define POP_MAX_SIZES 8

typedef struct {
    const cli_command *cmd;
    const char *name;       /* the cohort or trial */
    const char *output;     /* -o */
    const char *summary;    /* --summary (cohort) */
    const char *people_out; /* --people (trial) */
    uint64_t people, seed, jobs, shard_k, shard_n, replicates;
    uint64_t sizes[POP_MAX_SIZES]; /* --per-arm values */
    int nsizes;
    int quiet;
    int distributions; /* --distributions: print the table and stop */
    cli_assignments assign;
} pop_args;

static int opt_count(const char *option, const char *value, uint64_t lo, uint64_t hi, uint64_t *out,
                     cs_error *err)
{
    if (sweep_parse_uint(value, lo, hi, out) != CS_OK)
        return cs_error_set(err, CS_ERANGE, NULL, 0, option,
                            "%s needs a whole number from %llu to %llu, got '%s'", option,
                            (unsigned long long)lo, (unsigned long long)hi, value);
    return CS_OK;
}

static int opt_people(void *ctx, const char *v, cs_error *err)
{
    return opt_count("--people", v, 1, CS_POP_MAX_PEOPLE, &((pop_args *)ctx)->people, err);
}

static int opt_seed(void *ctx, const char *v, cs_error *err)
{
    return opt_count("--seed", v, 0, CS_SWEEP_MAX_SEED, &((pop_args *)ctx)->seed, err);
}

static int opt_jobs(void *ctx, const char *v, cs_error *err)
{
    return opt_count("--jobs", v, 1, POP_MAX_JOBS, &((pop_args *)ctx)->jobs, err);
}

static int opt_replicates(void *ctx, const char *v, cs_error *err)
{
    return opt_count("--replicates", v, 1, 100000, &((pop_args *)ctx)->replicates, err);
}

static int opt_per_arm(void *ctx, const char *v, cs_error *err)
{
    pop_args *a = ctx;
    char buf[256];
    if (strlen(v) >= sizeof buf)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--per-arm", "--per-arm is too long");
    snprintf(buf, sizeof buf, "%s", v);
    a->nsizes = 0;
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        if (a->nsizes >= POP_MAX_SIZES)
            return cs_error_set(err, CS_EUSAGE, NULL, 0, "--per-arm",
                                "--per-arm takes at most %d sizes", POP_MAX_SIZES);
        int rc = opt_count("--per-arm", tok, 2, 100000, &a->sizes[a->nsizes], err);
        if (rc != CS_OK)
            return rc;
        a->nsizes++;
    }
    if (a->nsizes == 0)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--per-arm",
                            "--per-arm needs N or a list N1,N2,... of people per arm");
    return CS_OK;
}

static int opt_shard(void *ctx, const char *v, cs_error *err)
{
    pop_args *a = ctx;
    const char *slash = strchr(v, '/');
    char k[32];
    if (!slash || (size_t)(slash - v) >= sizeof k)
        return cs_error_set(err, CS_EPARSE, NULL, 0, "--shard",
                            "--shard needs K/N with 1 <= K <= N, got '%s'", v);
    memcpy(k, v, (size_t)(slash - v));
    k[slash - v] = '\0';
    if (sweep_parse_uint(slash + 1, 1, 1000000, &a->shard_n) != CS_OK ||
        sweep_parse_uint(k, 1, a->shard_n, &a->shard_k) != CS_OK)
        return cs_error_set(err, CS_EPARSE, NULL, 0, "--shard",
                            "--shard needs K/N with 1 <= K <= N <= 1000000, got '%s'", v);
    return CS_OK;
}

static int opt_file(const char *option, const char *value, const char **dst, cs_error *err)
{
    if (!value[0])
        return cs_error_set(err, CS_EUSAGE, NULL, 0, option, "%s needs a file name", option);
    *dst = value;
    return CS_OK;
}

static int opt_output(void *ctx, const char *v, cs_error *err)
{
    return opt_file("-o", v, &((pop_args *)ctx)->output, err);
}

static int opt_summary(void *ctx, const char *v, cs_error *err)
{
    return opt_file("--summary", v, &((pop_args *)ctx)->summary, err);
}

static int opt_people_out(void *ctx, const char *v, cs_error *err)
{
    return opt_file("--people", v, &((pop_args *)ctx)->people_out, err);
}

static int opt_set(void *ctx, const char *value, cs_error *err)
{
    return cli_opt_set(&((pop_args *)ctx)->assign, value, err);
}

static int opt_quiet(void *ctx, const char *value, cs_error *err)
{
    (void)value;
    (void)err;
    ((pop_args *)ctx)->quiet = 1;
    return CS_OK;
}

static int pop_positional(void *ctx, const char *arg, cs_error *err)
{
    pop_args *a = ctx;
    if (a->name)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "'calcsim %s' takes one %s, got '%s' and '%s'", a->cmd->name,
                            a->cmd->name, a->name, arg);
    a->name = arg;
    return CS_OK;
}

/* models/SUB/NAME.ini, or NAME itself when it holds '/' or ends in .ini. */
static int resolve(const pop_args *a, const char *sub, char *path, size_t n, cs_error *err)
{
    if (!a->name)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "'calcsim %s' needs a %s: a name from %s/%s/ or a path to an .ini "
                            "file",
                            a->cmd->name, a->cmd->name, cli_models_dir(), sub);
    char dir[CLI_OUTFILE_PATH_MAX];
    snprintf(dir, sizeof dir, "%s/%s", cli_models_dir(), sub);
    return cs_scenario_resolve_kind(a->name, dir, a->cmd->name, path, n, err);
}

/* Applies --set: a drawn quantity becomes fixed for everyone; anything else is set. */
static int apply_sets(const pop_args *a, cs_population *pop, cs_error *err)
{
    for (int i = 0; i < a->assign.n; i++) {
        const cli_assignment *s = &a->assign.items[i];
        cs_params tmp = pop->sc.params;
        cs_error e;
        cs_error_clear(&e);
        int rc = cs_params_set_text(&tmp, s->name, s->text, &e);
        if (rc != CS_OK)
            return cs_error_set(err, rc, NULL, 0, e.key, "--set: %s", e.text);
        int k = cs_param_find(s->name), d = cs_population_find(pop, s->name);
        pop->sc.params.v[k] = tmp.v[k];
        if (d >= 0) {
            pop->dist[d].kind = CS_DIST_FIXED;
            pop->dist[d].a = tmp.v[k];
            pop->dist[d].lo = pop->dist[d].hi = tmp.v[k];
            pop->dist[d].source = "--set";
        }
    }
    return CS_OK;
}

static int check_outputs(const pop_args *a, const char *input, cs_error *err)
{
    const char *outs[] = {a->output, a->summary, a->people_out};
    const char *opts[] = {"-o", "--summary", "--people"};
    for (int i = 0; i < 3; i++) {
        if (!outs[i] || strcmp(outs[i], "-") == 0)
            continue;
        for (int j = 0; j < i; j++)
            if (outs[j] && strcmp(outs[i], outs[j]) == 0)
                return cs_error_set(err, CS_EUSAGE, outs[i], 0, opts[i],
                                    "%s and %s name the same file; give each its own", opts[j],
                                    opts[i]);
        const char *const inputs[] = {input};
        int rc = cli_outfile_check(outs[i], opts[i], err);
        if (rc == CS_OK)
            rc = cli_outfile_not_input(outs[i], opts[i], inputs, 1, err);
        if (rc != CS_OK)
            return rc;
    }
    return CS_OK;
}

/* An in-memory file that is written out atomically at the end. */
typedef struct {
    char *buf;
    size_t len;
    FILE *f;
} membuf;

static int membuf_open(membuf *m, cs_error *err)
{
    m->buf = NULL;
    m->len = 0;
    m->f = open_memstream(&m->buf, &m->len);
    return m->f ? CS_OK : cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
}

static int membuf_close(membuf *m, cs_error *err)
{
    if (!m->f)
        return CS_OK;
    int bad = ferror(m->f) | fclose(m->f);
    m->f = NULL;
    return bad ? cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory") : CS_OK;
}

static int write_membuf(void *ctx, FILE *f, cs_error *err)
{
    const membuf *m = ctx;
    if (fwrite(m->buf, 1, m->len, f) != m->len || fflush(f) != 0)
        return cs_error_set(err, CS_EIO, NULL, 0, NULL, "cannot write the output");
    return CS_OK;
}

/* Writes m to path ("-" or NULL: standard output). */
static int emit(const char *path, membuf *m, cs_error *err)
{
    int rc = membuf_close(m, err);
    if (rc != CS_OK)
        return rc;
    if (!path || strcmp(path, "-") == 0)
        return write_membuf(m, stdout, err);
    sigset_t saved;
    cli_outfile_block_signals(&saved);
    rc = cli_outfile_write(path, cli_outfile_mode(), 1, write_membuf, m, err);
    sigprocmask(SIG_SETMASK, &saved, NULL);
    return rc;
}

static void put_num(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, "%.10g", v);
}

/* The metadata every population file starts with. */
static void put_meta(FILE *f, const char *kind, const cs_population *pop, const char *command,
                     uint64_t seed)
{
    fprintf(f, "# calcsim %s\n# %s\n", cs_version(), CS_OUTPUT_DISCLAIMER);
    fprintf(f, "# %s: %s (%s)\n", kind, pop->sc.name, pop->sc.title);
    fprintf(f, "# %s file: %s\n", kind, pop->sc.path);
    if (pop->source[0])
        fprintf(f, "# source: %s\n", pop->source);
    fprintf(f, "# command: %s\n", command);
    fprintf(f, "# seed: %llu\n", (unsigned long long)seed);
    for (int i = 0; i < pop->ndist; i++) {
        char t[96];
        const cs_dist *d = &pop->dist[i];
        fprintf(f, "# population %s = %s [%g, %g] %s (%s)\n", d->name, cs_dist_text(d, t, sizeof t),
                d->lo, d->hi, d->unit, d->source);
    }
    if (pop->history_from_age > 0)
        fprintf(f,
                "# population history: each run starts at age %g yr (or the person's age "
                "if younger) with the deposit drawn for that age\n",
                pop->history_from_age);
}

typedef struct {
    int progress;
    double t0, last;
    uint64_t total;
    const char *what;
} progress;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void progress_show(progress *p, uint64_t done, int last)
{
    if (!p->progress)
        return;
    double t = now_s();
    if (!last && t - p->last < 0.5)
        return;
    p->last = t;
    fprintf(stderr, "\rcalcsim: %llu of %llu %s, %.0f s%s", (unsigned long long)done,
            (unsigned long long)p->total, p->what, t - p->t0, last ? "\n" : "   ");
    fflush(stderr);
}

/* ---- cohort ------------------------------------------------------------------------------ */

typedef struct {
    const cs_cohort *c;
    membuf people;
    double *values[CS_POP_MAX_EXPOSURES];
    int *cases;
    size_t n;
    uint64_t failed, implausible;
    progress prog;
} cohort_out;

static int cohort_row(void *ctx, const cs_cohort_row *r, cs_error *err)
{
    cohort_out *o = ctx;
    const cs_cohort *c = o->c;
    FILE *f = o->people.f;
    if (f) {
        fprintf(f, "%llu,%.10g,%.10g", (unsigned long long)(r->index + 1), r->person->age,
                r->person->start_age);
        for (int i = 1; i < c->pop.ndist; i++) {
            fputc(',', f);
            put_num(f, r->person->value[i]);
        }
        char status[128];
        static const char *const kinds[] = {"ok", "implausible: ", "failed: "};
        snprintf(status, sizeof status, "%s%s", kinds[r->status], r->status ? r->why : "");
        fputc(',', f);
        cli_put_csv_field(f, status);
        fprintf(f, ",%d", r->status == 2 ? 0 : r->is_case);
        for (int m = 0; m < cs_sweep_metric_count(); m++) {
            fputc(',', f);
            put_num(f, r->metrics[m]);
        }
        fputc('\n', f);
    }
    for (int e = 0; e < c->nexp; e++)
        o->values[e][o->n] = r->status == 2 ? NAN : r->person->value[c->exp[e].dist];
    o->cases[o->n] = r->is_case;
    o->n++;
    o->failed += r->status == 2;
    o->implausible += r->status == 1;
    (void)err;
    return CS_OK;
}

static int cohort_poll(void *ctx, uint64_t delivered)
{
    progress_show(&((cohort_out *)ctx)->prog, delivered, 0);
    return CS_RUNNER_GO;
}

static void put_summary_csv(FILE *f, const cs_cohort *c, const cs_cohort_group *g, size_t ng)
{
    fprintf(f, "# outcome: %s (%s >= %g)\n", c->outcome_name,
            cs_sweep_metric_info_at(c->outcome_metric)->name, c->outcome_threshold);
    fputs("# odds_ratio and risk_ratio against group 1 (the lowest), 95 % CIs by Woolf and "
          "Katz; prevalence = cases / n\n",
          f);
    fputs("exposure,unit,group,n,exposure_low,exposure_high,cases,prevalence,odds_ratio,or_low,"
          "or_high,risk_ratio,rr_low,rr_high,published_measure,published,published_low,"
          "published_high\n",
          f);
    for (size_t k = 0; k < ng; k++) {
        const cs_exposure *x = &c->exp[g[k].exposure];
        fprintf(f, "%s,%s,%d,%llu,", x->name, c->pop.dist[x->dist].unit, g[k].group,
                (unsigned long long)g[k].n);
        const double v[] = {g[k].exposure_low, g[k].exposure_high};
        put_num(f, v[0]);
        fputc(',', f);
        put_num(f, v[1]);
        fprintf(f, ",%llu", (unsigned long long)g[k].cases);
        const double w[] = {g[k].prevalence, g[k].odds_ratio, g[k].or_low, g[k].or_high,
                            g[k].risk_ratio, g[k].rr_low,     g[k].rr_high};
        for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
            fputc(',', f);
            put_num(f, w[i]);
        }
        int gi = g[k].group - 2;
        if (x->npub && gi >= 0 && isfinite(x->pub[gi][0]))
            fprintf(f, ",%s,%.10g,%.10g,%.10g\n", x->measure, x->pub[gi][0], x->pub[gi][1],
                    x->pub[gi][2]);
        else if (x->npub && gi >= 0)
            fprintf(f, ",%s,,,\n", x->measure);
        else if (x->npub)
            fprintf(f, ",%s,1,1,1\n", x->measure);
        else
            fputs(",,,,\n", f);
    }
}

static void put_summary_text(FILE *f, const cs_cohort *c, const cs_cohort_group *g, size_t ng,
                             const cohort_out *o)
{
    fprintf(f, "calcsim %s - %s\n\n%s: %s\n", cs_version(), CS_OUTPUT_DISCLAIMER, c->pop.sc.name,
            c->pop.sc.title);
    fprintf(f, "%zu people (%llu failed, %llu implausible); outcome: %s (%s >= %g)\n", o->n,
            (unsigned long long)o->failed, (unsigned long long)o->implausible, c->outcome_name,
            cs_sweep_metric_info_at(c->outcome_metric)->name, c->outcome_threshold);
    for (size_t k = 0; k < ng; k++) {
        const cs_exposure *x = &c->exp[g[k].exposure];
        if (g[k].group == 1)
            fprintf(f, "\nBy %s (%s), group 1 = reference:\n%5s %21s %6s %6s %10s %22s %22s%s\n",
                    x->name, c->pop.dist[x->dist].unit, "group", "range", "n", "cases",
                    "prevalence", "odds ratio (95% CI)", "risk ratio (95% CI)",
                    x->npub ? "   published" : "");
        char range[40], orr[40], rr[40], pub[48] = "";
        snprintf(range, sizeof range, "%.3g-%.3g", g[k].exposure_low, g[k].exposure_high);
        snprintf(orr, sizeof orr, "%.2f (%.2f-%.2f)", g[k].odds_ratio, g[k].or_low, g[k].or_high);
        snprintf(rr, sizeof rr, "%.2f (%.2f-%.2f)", g[k].risk_ratio, g[k].rr_low, g[k].rr_high);
        if (x->npub && g[k].group > 1 && isfinite(x->pub[g[k].group - 2][0])) {
            const double *p = x->pub[g[k].group - 2];
            snprintf(pub, sizeof pub, "   %s %.2f (%.2f-%.2f)",
                     strcmp(x->measure, "odds_ratio") == 0 ? "OR" : "RR", p[0], p[1], p[2]);
        }
        fprintf(f, "%5d %21s %6llu %6llu %9.1f%% %22s %22s%s\n", g[k].group, range,
                (unsigned long long)g[k].n, (unsigned long long)g[k].cases, 100 * g[k].prevalence,
                orr, rr, pub);
    }
    fputs("\nAn odds ratio below 1 means fewer cases than in group 1. These are simulated "
          "people:\nthe model's own mechanism, not evidence (docs/populations.md).\n",
          f);
}

static int cohort_execute(pop_args *a, cs_cohort *c, int argc, char **argv)
{
    cs_error err;
    cs_error_clear(&err);
    char path[CLI_OUTFILE_PATH_MAX];
    int rc = resolve(a, "cohorts", path, sizeof path, &err);
    if (rc == CS_OK)
        rc = check_outputs(a, path, &err);
    if (rc == CS_OK)
        rc = cs_cohort_load(path, c, &err);
    if (rc == CS_OK && c->outcome_renamed[0]) {
        char where[CLI_OUTFILE_PATH_MAX + 16];
        snprintf(where, sizeof where, "%s: outcome", path);
        cli_metric_warn_renamed(where, c->outcome_renamed,
                                cs_sweep_metric_info_at(c->outcome_metric)->name);
    }
    if (rc == CS_OK)
        rc = apply_sets(a, &c->pop, &err);
    if (rc != CS_OK)
        return cli_report(&err, CLI_EXIT_USAGE);
    uint64_t people = a->people ? a->people : c->people;
    if (a->shard_n > people) {
        cs_error_set(&err, CS_EUSAGE, NULL, 0, "--shard",
                     "--shard %llu/%llu: more shards than the %llu people",
                     (unsigned long long)a->shard_k, (unsigned long long)a->shard_n,
                     (unsigned long long)people);
        return cli_report(&err, CLI_EXIT_USAGE);
    }
    cohort_out o = {.c = c};
    char *command = cli_command_line(argc, argv);
    for (int e = 0; e < c->nexp; e++)
        o.values[e] = malloc(sizeof(double) * people);
    o.cases = malloc(sizeof(int) * people);
    cs_cohort_group *groups = calloc(CS_POP_MAX_EXPOSURES * CS_POP_MAX_GROUPS, sizeof *groups);
    size_t ng = 0;
    rc = command && o.cases && groups
             ? CS_OK
             : cs_error_set(&err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    for (int e = 0; e < c->nexp && rc == CS_OK; e++)
        if (!o.values[e])
            rc = cs_error_set(&err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    if (rc == CS_OK && a->output)
        rc = membuf_open(&o.people, &err);
    if (rc == CS_OK && o.people.f) {
        FILE *f = o.people.f;
        put_meta(f, "cohort", &c->pop, command, a->seed);
        fprintf(f, "# runs: %llu\n", (unsigned long long)people);
        if (a->shard_n)
            fprintf(f, "# shard: %llu/%llu\n", (unsigned long long)a->shard_k,
                    (unsigned long long)a->shard_n);
        fprintf(f, "# outcome: %s = %s >= %g\n", c->outcome_name,
                cs_sweep_metric_info_at(c->outcome_metric)->name, c->outcome_threshold);
        fputs("# columns: run_id = person number; the drawn values (units: docs/populations.md);"
              " case = 1 when the outcome holds; then the sweep metrics of the person's run\n",
              f);
        fputs("run_id,age_years,start_age_years", f);
        for (int i = 1; i < c->pop.ndist; i++)
            fprintf(f, ",%s", c->pop.dist[i].name);
        fputs(",status,case", f);
        for (int m = 0; m < cs_sweep_metric_count(); m++)
            fprintf(f, ",%s", cs_sweep_metric_info_at(m)->name);
        fputc('\n', f);
    }
    if (rc == CS_OK) {
        o.prog = (progress){!a->quiet && isatty(2), now_s(), 0, 0, "people"};
        o.prog.total =
            a->shard_n ? people / a->shard_n + (a->shard_k - 1 < people % a->shard_n) : people;
        cs_cohort_run_opts ro = {people,     a->seed,    (int)a->jobs, a->shard_k,
                                 a->shard_n, cohort_row, cohort_poll,  &o};
        rc = cs_cohort_run(c, &ro, NULL, &err);
        progress_show(&o.prog, o.n, 1);
    }
    if (rc == CS_OK)
        rc = cs_cohort_summarise(c, (const double *const *)o.values, o.cases, o.n, groups, &ng,
                                 &err);
    if (rc == CS_OK && a->output)
        rc = emit(a->output, &o.people, &err);
    if (rc == CS_OK && (a->summary || !a->output)) {
        membuf s;
        rc = membuf_open(&s, &err);
        if (rc == CS_OK) {
            if (a->summary) {
                put_meta(s.f, "cohort", &c->pop, command, a->seed);
                fprintf(s.f, "# people: %zu (%llu failed, %llu implausible)\n", o.n,
                        (unsigned long long)o.failed, (unsigned long long)o.implausible);
                put_summary_csv(s.f, c, groups, ng);
            } else {
                put_summary_text(s.f, c, groups, ng, &o);
            }
            rc = emit(a->summary, &s, &err);
            free(s.buf);
        }
    }
    membuf_close(&o.people, NULL);
    free(o.people.buf);
    for (int e = 0; e < c->nexp; e++)
        free(o.values[e]);
    free(o.cases);
    free(groups);
    free(command);
    if (rc != CS_OK)
        return cli_report(&err, cli_exit_status(rc));
    if (!a->quiet && (a->output || a->summary))
        fprintf(stderr,
                "calcsim: %zu people of cohort %s (%llu failed, %llu implausible)%s%s%s%s\n", o.n,
                c->pop.sc.name, (unsigned long long)o.failed, (unsigned long long)o.implausible,
                a->output ? "; people in " : "", a->output ? a->output : "",
                a->summary ? "; summary in " : "", a->summary ? a->summary : "");
    return CLI_EXIT_OK;
}

/* ---- trial ------------------------------------------------------------------------------- */

typedef struct {
    const cs_trial *t;
    membuf people;
    progress prog;
} trial_out;

static int trial_person(void *ctx, const cs_trial_person *p, cs_error *err)
{
    (void)err;
    trial_out *o = ctx;
    FILE *f = o->people.f;
    if (!f)
        return CS_OK;
    fprintf(f, "%llu,%s,%.10g", (unsigned long long)(p->index + 1), p->arm ? "treated" : "control",
            p->person->age);
    for (int i = 1; i < o->t->pop.ndist; i++) {
        fputc(',', f);
        put_num(f, p->person->value[i]);
    }
    const double v[] = {p->cac_true0, p->cac_true1, p->cac0, p->cac1};
    for (size_t i = 0; i < 4; i++) {
        fputc(',', f);
        put_num(f, v[i]);
    }
    for (int e = 0; e < CS_NENDPOINTS; e++) {
        fputc(',', f);
        put_num(f, p->endpoint[e]);
    }
    fprintf(f, ",%s\n", p->ok ? "ok" : "failed");
    return CS_OK;
}

static int trial_poll(void *ctx, uint64_t delivered)
{
    progress_show(&((trial_out *)ctx)->prog, delivered, 0);
    return CS_RUNNER_GO;
}

static const char *arm_text(const cs_trial *t, int arm, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < t->narm[arm] && used < n; i++)
        used +=
            (size_t)snprintf(buf + used, n - used, "%s%s = %g", i ? ", " : "",
                             cs_param_info_at(t->arm[arm][i].param)->name, t->arm[arm][i].value);
    if (!buf[0])
        snprintf(buf, n, "nothing (the population's own diet)");
    return buf;
}

static int trial_execute(pop_args *a, cs_trial *t, int argc, char **argv)
{
    cs_error err;
    cs_error_clear(&err);
    char path[CLI_OUTFILE_PATH_MAX];
    int rc = resolve(a, "trials", path, sizeof path, &err);
    if (rc == CS_OK)
        rc = check_outputs(a, path, &err);
    if (rc == CS_OK)
        rc = cs_trial_load(path, t, &err);
    if (rc == CS_OK)
        rc = apply_sets(a, &t->pop, &err);
    if (rc != CS_OK)
        return cli_report(&err, CLI_EXIT_USAGE);
    if (a->nsizes == 0)
        a->sizes[a->nsizes++] = t->per_arm;
    uint64_t reps = a->replicates ? a->replicates : t->replicates;
    char *command = cli_command_line(argc, argv);
    trial_out o = {.t = t};
    cs_trial_result *res = calloc((size_t)a->nsizes * CS_NENDPOINTS, sizeof *res);
    rc = command && res ? CS_OK : cs_error_set(&err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    if (rc == CS_OK && a->people_out)
        rc = membuf_open(&o.people, &err);
    if (rc == CS_OK && o.people.f) {
        FILE *f = o.people.f;
        put_meta(f, "trial", &t->pop, command, a->seed);
        fprintf(f,
                "# participants of replicate 1 with %llu per arm; cac_true: the model's "
                "score, cac_measured: with scan-rescan noise [AU]\n",
                (unsigned long long)a->sizes[0]);
        fputs("participant,arm,age_years", f);
        for (int i = 1; i < t->pop.ndist; i++)
            fprintf(f, ",%s", t->pop.dist[i].name);
        fputs(",cac_true_start_au,cac_true_end_au,cac_measured_start_au,cac_measured_end_au", f);
        for (int e = 0; e < CS_NENDPOINTS; e++)
            fprintf(f, ",%s", cs_endpoint_name(e));
        fputs(",status\n", f);
    }
    for (int s = 0; s < a->nsizes && rc == CS_OK; s++) {
        o.prog =
            (progress){!a->quiet && isatty(2), now_s(), 0, reps * 2 * a->sizes[s], "participants"};
        cs_trial_run_opts ro = {
            a->sizes[s], reps, a->seed, (int)a->jobs, s == 0 ? trial_person : NULL, trial_poll, &o};
        rc = cs_trial_run(t, &ro, res + (size_t)s * CS_NENDPOINTS, NULL, &err);
        progress_show(&o.prog, o.prog.total, 1);
    }
    if (rc == CS_OK && a->people_out)
        rc = emit(a->people_out, &o.people, &err);
    if (rc == CS_OK) {
        membuf s;
        rc = membuf_open(&s, &err);
        if (rc == CS_OK && a->output) {
            char arm[512];
            put_meta(s.f, "trial", &t->pop, command, a->seed);
            fprintf(s.f, "# control arm: %s\n", arm_text(t, 0, arm, sizeof arm));
            fprintf(s.f, "# treated arm: %s\n", arm_text(t, 1, arm, sizeof arm));
            fprintf(s.f, "# duration: %g yr; replicates: %llu; inclusion: measured CAC %g-%g AU\n",
                    t->duration_years, (unsigned long long)reps, t->cac_lo, t->cac_hi);
            fputs("# difference = treated - control; ci and p_value: Welch t-test on replicate 1;"
                  " power = share of replicates with p < 0.05\n",
                  s.f);
            fputs("endpoint,unit,per_arm,mean_control,mean_treated,difference,ci_low,ci_high,"
                  "p_value,power,mean_difference_all,replicates,failed_runs\n",
                  s.f);
            for (int k = 0; k < a->nsizes * CS_NENDPOINTS; k++) {
                const cs_trial_result *r = &res[k];
                fprintf(s.f, "%s,%s,%llu", cs_endpoint_name(r->endpoint),
                        cs_endpoint_unit(r->endpoint), (unsigned long long)r->per_arm);
                const double v[] = {r->mean_control, r->mean_treated,   r->difference,
                                    r->ci_low,       r->ci_high,        r->p_value,
                                    r->power,        r->mean_difference};
                for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
                    fputc(',', s.f);
                    put_num(s.f, v[i]);
                }
                fprintf(s.f, ",%llu,%llu\n", (unsigned long long)r->replicates,
                        (unsigned long long)r->failed);
            }
        } else if (rc == CS_OK) {
            char arm[512];
            fprintf(s.f, "calcsim %s - %s\n\n%s: %s\n", cs_version(), CS_OUTPUT_DISCLAIMER,
                    t->pop.sc.name, t->pop.sc.title);
            fprintf(s.f, "control: %s\n", arm_text(t, 0, arm, sizeof arm));
            fprintf(s.f, "treated: %s\n", arm_text(t, 1, arm, sizeof arm));
            fprintf(s.f, "%g yr, %llu replicate trials\n", t->duration_years,
                    (unsigned long long)reps);
            for (int k = 0; k < a->nsizes * CS_NENDPOINTS; k++) {
                const cs_trial_result *r = &res[k];
                if (r->endpoint == 0)
                    fprintf(s.f, "\n%llu per arm   %-17s %10s %10s %24s %8s %7s\n",
                            (unsigned long long)r->per_arm, "endpoint", "control", "treated",
                            "difference (95% CI)", "p", "power");
                char d[48];
                snprintf(d, sizeof d, "%.3g (%.3g to %.3g)", r->difference, r->ci_low, r->ci_high);
                fprintf(s.f, "%12s %-17s %10.4g %10.4g %24s %8.3g %6.0f%%\n", "",
                        cs_endpoint_name(r->endpoint), r->mean_control, r->mean_treated, d,
                        r->p_value, 100 * r->power);
            }
            fputs("\np: Welch t-test on the first replicate trial. power: the share of "
                  "replicate trials\nwith p < 0.05. Simulated people: the model's mechanism, not "
                  "evidence (docs/populations.md).\n",
                  s.f);
        }
        if (rc == CS_OK)
            rc = emit(a->output, &s, &err);
        free(s.buf);
    }
    membuf_close(&o.people, NULL);
    free(o.people.buf);
    free(res);
    free(command);
    if (rc != CS_OK)
        return cli_report(&err, cli_exit_status(rc));
    return CLI_EXIT_OK;
}

/* ---- the distribution table -------------------------------------------------------------- */

/* Prints the table of default distributions (src/pop_table.h) as text, or as the Markdown
 * table of docs/populations.md when markdown is 1. */
static void print_distributions(FILE *f, int markdown)
{
    if (markdown)
        fputs("| quantity | unit | distribution | drawn within | source |\n|---|---|---|---|---|\n",
              f);
    for (int i = 0; i < cs_dist_count(); i++) {
        const cs_dist *d = cs_dist_default_at(i);
        char t[96];
        cs_dist_text(d, t, sizeof t);
        if (markdown)
            fprintf(f, "| `%s` | %s | %s | %g to %g | %s |\n", d->name, d->unit, t, d->lo, d->hi,
                    d->source);
        else
            fprintf(f, "  %-30s %-7s %-30s [%g, %g]\n      %s\n", d->name, d->unit, t, d->lo, d->hi,
                    d->source);
    }
}

static int opt_distributions(void *ctx, const char *value, cs_error *err)
{
    (void)err;
    (void)value;
    ((pop_args *)ctx)->distributions = 1;
    return CS_OK;
}

static void distributions_help(FILE *f)
{
    fputs("\nThe default distributions (a file's [population] section may replace each):\n\n", f);
    print_distributions(f, 0);
}

/* ---- the commands ------------------------------------------------------------------------ */

static int pop_main(const cli_command *cmd, int argc, char **argv)
{
    pop_args a = {.cmd = cmd};
    a.assign.items = calloc((size_t)argc, sizeof *a.assign.items);
    int trial = cmd == &cli_cmd_trial;
    void *spec = trial ? calloc(1, sizeof(cs_trial)) : calloc(1, sizeof(cs_cohort));
    cs_error err;
    cs_error_clear(&err);
    int status;
    if (!a.assign.items || !spec) {
        cs_error_set(&err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
        status = cli_report(&err, CLI_EXIT_FAILURE);
    } else if ((status = cli_start(cmd, argc, argv, pop_positional, &a)) < 0 && a.distributions) {
        print_distributions(stdout, 1);
        status = fflush(stdout) == 0 && !ferror(stdout) ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
    } else if (status < 0) {
        if (a.jobs == 0) {
            long cpus = sysconf(_SC_NPROCESSORS_ONLN);
            a.jobs = cpus > 0 ? (uint64_t)(cpus < POP_MAX_JOBS ? cpus : POP_MAX_JOBS) : 1;
        }
        status = trial ? trial_execute(&a, spec, argc, argv) : cohort_execute(&a, spec, argc, argv);
    }
    free(spec);
    free(a.assign.items);
    return status;
}

static int cohort_main(int argc, char **argv)
{
    return pop_main(&cli_cmd_cohort, argc, argv);
}

static int trial_main(int argc, char **argv)
{
    return pop_main(&cli_cmd_trial, argc, argv);
}

static const cli_option cohort_options[] = {
    {"--people", NULL, "N", opt_people, "people in the cohort (default: the file's)"},
    {"--seed", NULL, "S", opt_seed, "random seed, 0 to 4294967295 (default 0)"},
    {"--jobs", "-j", "N", opt_jobs, "people simulated in parallel (default: the number of CPUs)"},
    {"--set", NULL, "NAME=VALUE", opt_set,
     "fix a parameter for everyone (a drawn one stops being drawn; repeatable)"},
    {"--output", "-o", "PEOPLE.csv", opt_output, "one row per person (atomically)"},
    {"--summary", NULL, "SUMMARY.csv", opt_summary, "one row per exposure group (atomically)"},
    {"--shard", NULL, "K/N", opt_shard, "run only people K, K+N, K+2N, ... (merge: sweep-merge)"},
    {"--quiet", "-q", NULL, opt_quiet, "no progress line and no closing message"},
    {"--distributions", NULL, NULL, opt_distributions,
     "print the default distributions as the Markdown table of docs/populations.md"},
    {NULL, NULL, NULL, NULL, NULL},
};

static const cli_option trial_options[] = {
    {"--replicates", NULL, "R", opt_replicates, "replicate trials (default: the file's)"},
    {"--per-arm", NULL, "N[,N...]", opt_per_arm,
     "people per arm, or a list for a power curve (default: the file's)"},
    {"--seed", NULL, "S", opt_seed, "random seed, 0 to 4294967295 (default 0)"},
    {"--jobs", "-j", "N", opt_jobs, "participants simulated in parallel (default: CPUs)"},
    {"--set", NULL, "NAME=VALUE", opt_set, "fix a parameter for everyone (repeatable)"},
    {"--output", "-o", "SUMMARY.csv", opt_output,
     "the summary as CSV (default: a table on standard output)"},
    {"--people", NULL, "FILE", opt_people_out, "the participants of the first replicate as CSV"},
    {"--quiet", "-q", NULL, opt_quiet, "no progress line"},
    {NULL, NULL, NULL, NULL, NULL},
};

const cli_command cli_cmd_cohort = {
    "cohort",
    "COHORT [--people N] [--seed S] [--jobs N] [--set NAME=VALUE]...\n"
    "                           [-o PEOPLE.csv] [--summary SUMMARY.csv] [--shard K/N]",
    "Simulate a virtual cohort and compare the odds of an outcome between intake groups",
    "Draws every person of COHORT (models/cohorts/COHORT.ini, or a path) from the\n"
    "population's distributions (age, intakes, kidney function falling with age, the\n"
    "spread of the vessel constants, the deposit at the start; 'calcsim help cohort' lists\n"
    "the defaults below), simulates each from the start of the file's history to the\n"
    "survey, and counts the cases of the file's outcome (for example severe aortic\n"
    "calcification: vessel_ca_mg_end >= a threshold). People are grouped by each exposure\n"
    "the file names (tertiles or quartiles, or fixed cut-offs), and each group is compared\n"
    "with the lowest: odds ratio and risk ratio with 95 % confidence intervals, next to the\n"
    "published values where the file gives them.\n"
    "-o writes one row per person (run_id, the drawn values, status, case, the sweep\n"
    "metrics); --summary the columns exposure, unit, group, n, exposure_low, exposure_high,\n"
    "cases, prevalence, odds_ratio, or_low, or_high, risk_ratio, rr_low, rr_high and the\n"
    "published estimate. With neither, a table goes to standard output. The same seed gives\n"
    "the same people, byte for byte, for any --jobs. --shard K/N runs every N-th person;\n"
    "'calcsim sweep-merge' joins the people files of all shards. Exit status: 0 success,\n"
    "2 bad usage or input, 1 other errors. See docs/populations.md and docs/cli.md.\n",
    cohort_options,
    cohort_main,
    distributions_help,
};

const cli_command cli_cmd_trial = {
    "trial",
    "TRIAL [--replicates R] [--per-arm N[,N...]] [--seed S] [--jobs N]\n"
    "                           [--set NAME=VALUE]... [-o SUMMARY.csv] [--people FILE]",
    "Simulate a randomised trial many times: effect sizes, p-values and power",
    "Runs TRIAL (models/trials/TRIAL.ini, or a path): people are drawn from the trial's\n"
    "population until they meet its inclusion criteria (a screening calcium score measured\n"
    "with scan-rescan noise, kidney function, age), split into a control and a treated arm\n"
    "(each gets the file's [control] or [treated] values, e.g. an MK-7 supplement), followed\n"
    "for the trial's duration and measured again. Endpoints: cac_change_au (measured\n"
    "calcium score, end minus start), ucmgp_change_pct (uncarboxylated MGP, with assay\n"
    "noise) and bone_change_pct (bone calcium, with scan noise). Per endpoint the summary\n"
    "gives mean_control, mean_treated, difference (treated - control), ci_low, ci_high and\n"
    "p_value (Welch t-test on the first replicate trial), and power: the share of the R\n"
    "replicate trials with p < 0.05. --per-arm 25,75,300 gives one block per size (a power\n"
    "curve: how many people would the trial have needed?). Exit status: 0 success, 2 bad\n"
    "usage or input, 1 other errors. See docs/populations.md and docs/cli.md.\n",
    trial_options,
    trial_main,
    distributions_help,
};
