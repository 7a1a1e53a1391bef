/*
 * bench.c - wall time, solver work and accuracy of representative runs (the speed issue).
 *
 * Each case runs the library end to end (parameters -> cs_sim_alloc -> cs_sim_run into an
 * in-memory row store -> free) REPEATS times and reports the median, minimum and maximum
 * wall time with CLOCK_MONOTONIC, the median CPU time of the thread (which leaves out the
 * time other processes take on a shared machine), and the solver's work in one run: steps,
 * right-hand side evaluations, Jacobian evaluations and LU factorisations of the Newton matrix. The
 * last are counted by wrapping GSL's gsl_linalg_LU_decomp (msbdf factorises through it; the wrapper
 * is found before libgsl's own by the dynamic linker), so this program must stay single-threaded.
 *
 * Accuracy: each case is also run once against a converged reference, the same rows computed
 * with tolerances 1e-4 times the defaults and a stop of the solver at every row (no
 * interpolation); a second reference at 1e-3 times the defaults shows that the first has
 * converged. The columns err_* give the largest relative error over the rows of vessel
 * calcium, bone calcium and carboxylated MGP; err_any the largest error of any output column,
 * relative to that column's largest magnitude. This is a benchmark, not a test: it never fails
 * on time (tests/test_model.c checks the accuracy). Usage: calcsim_bench [REPEATS] (default 15)
 */
#define _GNU_SOURCE /* RTLD_NEXT */
#include "calcsim/calcsim.h"
#include "calcsim/output.h"

#include <dlfcn.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    const char *name;
    const char *sets; /* name=value pairs, space separated */
    double target_ms; /* the speed issue's target on the 2-core machine (1.5x CVODE) */
} bench_case;

static const bench_case cases[] = {
    {"baseline, 10 yr, weekly rows", "years=10", 0.3},
    {"baseline, 40 yr, weekly rows", "years=40", 0.9},
    {"daily MK-7 180 ug, 1 yr, weekly rows", "years=1 mk7_supplement_ug_per_day=180", 25},
};

/* LU factorisations since the start (single-threaded program). */
static unsigned long lu_count;

typedef int (*lu_fn)(gsl_matrix *, gsl_permutation *, int *);

/* Counts, then calls GSL's own factorisation. */
int gsl_linalg_LU_decomp(gsl_matrix *A, gsl_permutation *p, int *signum)
{
    static lu_fn real;
    if (!real) {
        void *sym = dlsym(RTLD_NEXT, "gsl_linalg_LU_decomp");
        memcpy(&real, &sym, sizeof real);
    }
    lu_count++;
    return real(A, p, signum);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* CPU time of this thread [ms]: unlike wall time, it leaves out the time other processes
 * on a shared machine take the core away. */
static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int case_params(const bench_case *c, cs_params *p, cs_error *e)
{
    cs_params_default(p);
    char buf[256];
    snprintf(buf, sizeof buf, "%s", c->sets);
    char *save = NULL;
    for (char *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(tok, '=');
        *eq = '\0';
        if (cs_params_set_text(p, tok, eq + 1, e) != CS_OK)
            return -1;
    }
    return 0;
}

/* One run; returns its wall time [ms] and fills cpu (its CPU time [ms]), stats and lu, or
 * returns a negative value on error. When keep is not NULL, *keep gets the rows (the caller
 * frees them). */
static double run_once(const bench_case *c, double *cpu, cs_sim_stats *stats, unsigned long *lu,
                       cs_output_rows **keep)
{
    unsigned long lu0 = lu_count;
    double t0 = now_ms(), c0 = cpu_ms();
    cs_params p;
    cs_error e;
    cs_error_clear(&e);
    if (case_params(c, &p, &e) != 0)
        return -1;
    cs_output_rows *r = cs_output_rows_alloc(0, &e);
    cs_sim *s = cs_sim_alloc(&p, &e);
    if (!s || !r || cs_sim_run(s, cs_output_rows_sink, r, &e) != CS_OK) {
        fprintf(stderr, "bench: %s: %s\n", c->name, e.text);
        return -1;
    }
    *stats = cs_sim_get_stats(s);
    cs_sim_free(&s);
    double ms = now_ms() - t0;
    *cpu = cpu_ms() - c0;
    *lu = lu_count - lu0;
    if (keep)
        *keep = r;
    else
        cs_output_rows_free(&r);
    return ms;
}

/* The reference rows of c: tolerances scaled by scale, the solver stopped at every row. */
static cs_output_rows *reference(const bench_case *c, double scale)
{
    cs_params p;
    cs_error e;
    cs_error_clear(&e);
    if (case_params(c, &p, &e) != 0)
        return NULL;
    cs_solver_settings set = cs_solver_defaults();
    set.atol_scale = scale;
    set.nmax = 200000;
    cs_output_rows *r = cs_output_rows_alloc(0, &e);
    cs_sim *s = cs_sim_alloc_with(&p, &set, &e);
    if (!s || !r) {
        cs_sim_free(&s);
        cs_output_rows_free(&r);
        return NULL;
    }
    double t_end = p.v[cs_param_find("years")] * CS_DAYS_PER_YEAR;
    double every = p.v[cs_param_find("output_every_days")];
    double row[CS_NOUTPUT];
    int rc = CS_OK;
    for (unsigned long i = 0; rc == CS_OK; i++) {
        double t = (double)i * every;
        if (t > t_end - 1e-9 * t_end)
            t = t_end;
        rc = cs_sim_advance(s, t, &e);
        if (rc != CS_OK)
            break;
        cs_model_outputs(cs_sim_model(s), cs_sim_time(s), cs_sim_state(s), row);
        rc = cs_output_rows_sink(r, row) == 0 ? CS_OK : CS_ESINK;
        if (t >= t_end)
            break;
    }
    cs_sim_free(&s);
    if (rc != CS_OK)
        cs_output_rows_free(&r);
    return r;
}

/* Largest relative error of column col over the rows of a against ref; for col < 0, the
 * largest error of any column relative to that column's largest magnitude in ref. */
static double max_error(const cs_output_rows *a, const cs_output_rows *ref, int col, int *where)
{
    size_t n = cs_output_rows_count(a);
    if (n != cs_output_rows_count(ref))
        return INFINITY;
    double worst = 0;
    for (int c = col < 0 ? 2 : col; c < (col < 0 ? CS_NOUTPUT : col + 1); c++) {
        double big = 0;
        for (size_t i = 0; i < n; i++)
            big = fmax(big, fabs(cs_output_rows_at(ref, i)[c]));
        for (size_t i = 0; i < n; i++) {
            double x = cs_output_rows_at(a, i)[c], r = cs_output_rows_at(ref, i)[c];
            double den = col < 0 ? big : fabs(r);
            if (den > 0 && fabs(x - r) / den > worst) {
                worst = fabs(x - r) / den;
                if (where)
                    *where = c;
            }
        }
    }
    return worst;
}

int main(int argc, char **argv)
{
    int repeats = 15;
    if (argc > 1) {
        double v;
        if (cs_parse_double(argv[1], &v) != CS_OK || v < 1 || v > 10000) {
            fprintf(stderr, "calcsim_bench: REPEATS must be a whole number from 1 to 10000\n");
            return 2;
        }
        repeats = (int)v;
    }
    printf("calcsim %s benchmark: median of %d runs each (wall time, CLOCK_MONOTONIC; cpu_ms: "
           "median thread CPU time); errors against a converged reference (1e-4 x tolerances, a "
           "stop at every row)\n",
           cs_version(), repeats);
    printf("%-37s %9s %8s %8s %8s %7s %6s %6s %5s %5s %5s %5s %8s %8s %8s %8s %8s %s\n", "case",
           "median_ms", "min_ms", "max_ms", "cpu_ms", "target", "steps", "rhs", "jac", "lu",
           "doses", "rows", "err_vess", "err_bone", "err_mgp", "err_any", "ref_conv",
           "worst_column");
    int rc = 0;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        double *t = calloc((size_t)repeats, sizeof *t), *cpu = calloc((size_t)repeats, sizeof *cpu);
        cs_sim_stats st = {0};
        unsigned long lu = 0;
        cs_output_rows *rows = NULL;
        if (run_once(&cases[k], &cpu[0], &st, &lu, &rows) < 0) /* warm-up; rows to check */
            rc = 1;
        for (int i = 0; i < repeats; i++)
            if ((t[i] = run_once(&cases[k], &cpu[i], &st, &lu, NULL)) < 0)
                rc = 1;
        qsort(t, (size_t)repeats, sizeof *t, cmp_double);
        qsort(cpu, (size_t)repeats, sizeof *cpu, cmp_double);
        cs_output_rows *ref = reference(&cases[k], 1e-4), *ref3 = reference(&cases[k], 1e-3);
        double ev = NAN, eb = NAN, em = NAN, ea = NAN, conv = NAN;
        int worst_col = 0;
        if (rows && ref && ref3) {
            ev = max_error(rows, ref, CS_O_VESSEL_CA, NULL);
            eb = max_error(rows, ref, CS_O_BONE_CA, NULL);
            em = max_error(rows, ref, CS_O_MGP_PCT, NULL);
            ea = max_error(rows, ref, -1, &worst_col);
            conv = max_error(ref3, ref, -1, NULL);
        } else {
            rc = 1;
        }
        printf("%-37s %9.3f %8.3f %8.3f %8.3f %6gms %6lu %6lu %5lu %5lu %5lu %5zu %8.1e %8.1e "
               "%8.1e %8.1e %8.1e %s\n",
               cases[k].name, t[repeats / 2], t[0], t[repeats - 1], cpu[repeats / 2],
               cases[k].target_ms, st.steps, st.rhs_evals, st.jac_evals, lu, st.doses,
               rows ? cs_output_rows_count(rows) : 0, ev, eb, em, ea, conv,
               cs_output_info_at(worst_col)->name);
        cs_output_rows_free(&rows);
        cs_output_rows_free(&ref);
        cs_output_rows_free(&ref3);
        free(t);
        free(cpu);
    }
    return rc;
}
