/*
 * sim.c - the simulation object: GSL odeiv2 msbdf driver, discrete doses and output grid.
 *
 * Workload: runs of days to a century, with output every hour to every year, and up to one
 * supplement dose a day (thousands of discontinuities). The model is stiff (PTH half-life
 * of minutes against bone turnover of years), so the stepper is msbdf with the analytic
 * Jacobian. Each dose is an impulse into a gut depot: the integration stops exactly at the
 * dose time, the depot jumps, and the driver is reset, because msbdf's history would
 * otherwise carry the old state past the jump (model-brief.md, solver notes).
 */
#include "calcsim/sim.h"
#include "param_ids.h"

#include <gsl/gsl_errno.h>
#include <pthread.h>
#include <gsl/gsl_odeiv2.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct cs_sim {
    cs_model model;          /* parameters and constants */
    cs_solver_settings set;  /* tolerances and limits */
    double y[CS_NSTATE];     /* current state */
    double t;                /* current time [d] */
    double scale[CS_NSTATE]; /* per-state absolute tolerance scale */
    gsl_odeiv2_system sys;   /* {rhs, jac, dim, this} */
    gsl_odeiv2_driver *drv;  /* owns stepper, control and evolve */
    cs_sim_stats stats;      /* counters; steps are folded in at each reset */
    unsigned long next_dose; /* index k of the next dose, at start + k * interval */
    double dose_amount[4];   /* per dose: K1, MK-4, MK-7 [nmol], D3 [IU] */
    int dosing;              /* non-zero when any supplement is given */
    cs_plausibility plaus;   /* the rows of cs_sim_run() against the plausibility bounds */
};

/* Stiff steppers that take the analytic Jacobian; the first is the default. */
static const struct {
    const char *name;
    const gsl_odeiv2_step_type **type;
} methods[] = {
    {"msbdf", &gsl_odeiv2_step_msbdf},
    {"bsimp", &gsl_odeiv2_step_bsimp},
    {"rk4imp", &gsl_odeiv2_step_rk4imp},
};

/*
 * CALCSIM_SOLVER_NMAX, when set to a whole number from 1 to 200000, lowers the most steps
 * per driver call. It exists so that the tests (and a curious student) can make the solver
 * fail on purpose: no parameter set inside the documented ranges does. Read once.
 */
static pthread_once_t nmax_once = PTHREAD_ONCE_INIT;
static unsigned long nmax_default = 200000;

static void read_nmax(void)
{
    const char *v = getenv("CALCSIM_SOLVER_NMAX");
    if (!v || !*v)
        return;
    char *end = NULL;
    unsigned long n = strtoul(v, &end, 10);
    if (*end == '\0' && v[0] >= '0' && v[0] <= '9' && n >= 1 && n <= 200000)
        nmax_default = n;
}

cs_solver_settings cs_solver_defaults(void)
{
    pthread_once(&nmax_once, read_nmax);
    cs_solver_settings s = {"msbdf", 0.0, 1.0, 1e-3, 1e-11, nmax_default};
    return s;
}

static int rhs_counted(double t, const double y[], double dydt[], void *params)
{
    cs_sim *s = params;
    s->stats.rhs_evals++;
    return cs_model_rhs(t, y, dydt, &s->model);
}

static int jac_counted(double t, const double y[], double *dfdy, double dfdt[], void *params)
{
    cs_sim *s = params;
    s->stats.jac_evals++;
    return cs_model_jac(t, y, dfdy, dfdt, &s->model);
}

/*
 * Absolute error tolerance of each state, in its own unit. Pure absolute tolerances (no
 * relative part) keep bone (~25,000 mmol) as precise as blood (~34 mmol) in absolute terms,
 * and let a gut depot that holds a fresh dose be followed to 0.01 nmol instead of to a
 * relative 1e-6 of the dose, which would cost hundreds of steps a day.
 */
static const double abs_tol[CS_NSTATE] = {
    [CS_Y_ECF_CA] = 1e-6,    [CS_Y_EXCH_CA] = 1e-5,    [CS_Y_BONE_CA] = 1e-4,
    [CS_Y_VESSEL_CA] = 1e-7, [CS_Y_PTH] = 1e-6,        [CS_Y_GUT] = 1e-6,
    [CS_Y_D3] = 1e-2,        [CS_Y_VITD25] = 1e-5,     [CS_Y_K1_GUT] = 1e-2,
    [CS_Y_K1_PLASMA] = 1e-4, [CS_Y_MK4_GUT] = 1e-2,    [CS_Y_MK4_PLASMA] = 1e-4,
    [CS_Y_MK7_GUT] = 1e-2,   [CS_Y_MK7_PLASMA] = 1e-4, [CS_Y_MGP] = 1e-6,
    [CS_Y_OC] = 1e-6,        [CS_Y_K_TISSUE] = 1e-5,   [CS_Y_MGP_WALL] = 1e-6,   [CS_Y_CUM_IN] = 1e-3,
    [CS_Y_CUM_OUT] = 1e-3,
};

double cs_sim_abs_tol(int i)
{
    return (i >= 0 && i < CS_NSTATE) ? abs_tol[i] : 0.0;
}

cs_sim *cs_sim_alloc(const cs_params *p, cs_error *err)
{
    cs_solver_settings set = cs_solver_defaults();
    return cs_sim_alloc_with(p, &set, err);
}

static pthread_once_t gsl_quiet_once = PTHREAD_ONCE_INIT;

/* GSL's default handler prints and aborts; the library must do neither. GSL's handler is
 * process-wide, so it is switched off once, before the first simulation, not per thread. */
static void gsl_quiet(void)
{
    gsl_set_error_handler_off();
}

void cs_library_init(void)
{
    pthread_once(&gsl_quiet_once, gsl_quiet);
}

cs_sim *cs_sim_alloc_with(const cs_params *p, const cs_solver_settings *set, cs_error *err)
{
    cs_library_init(); /* the library never aborts */
    const gsl_odeiv2_step_type *type = NULL;
    for (size_t i = 0; set && set->method && i < sizeof methods / sizeof methods[0]; i++)
        if (strcmp(set->method, methods[i].name) == 0)
            type = *methods[i].type;
    if (!type || !(set->atol_scale > 0) || !(set->rtol >= 0) || !(set->hstart > 0) ||
        !(set->hmin > 0) || set->nmax == 0) {
        cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                     "cs_sim_alloc_with: solver settings must name msbdf, bsimp or rk4imp, "
                     "with atol_scale > 0, rtol >= 0, hstart > 0, hmin > 0 and nmax > 0");
        return NULL;
    }
    if (!p) {
        cs_error_set(err, CS_EUSAGE, NULL, 0, NULL, "cs_sim_alloc: no parameters given");
        return NULL;
    }
    if (cs_params_check(p, err) != CS_OK)
        return NULL;
    cs_sim *s = calloc(1, sizeof *s);
    if (!s) {
        cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
        return NULL;
    }
    s->set = *set;
    if (cs_model_init(&s->model, p, err) != CS_OK ||
        cs_model_initial_state(&s->model, s->y, err) != CS_OK) {
        free(s);
        return NULL;
    }
    for (int i = 0; i < CS_NSTATE; i++)
        s->scale[i] = abs_tol[i];
    s->sys = (gsl_odeiv2_system){rhs_counted, jac_counted, CS_NSTATE, s};
    s->drv = gsl_odeiv2_driver_alloc_scaled_new(&s->sys, type, s->set.hstart, s->set.atol_scale,
                                                s->set.rtol, 1.0, 0.0, s->scale);
    if (!s->drv) {
        free(s);
        cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory (GSL driver)");
        return NULL;
    }
    double row0[CS_NOUTPUT]; /* the starting state sets the bone reference of the checks */
    cs_model_outputs(&s->model, s->t, s->y, row0);
    cs_plausibility_reset(&s->plaus);
    cs_plausibility_check_row(&s->plaus, row0, s->y);
    gsl_odeiv2_driver_set_hmin(s->drv, s->set.hmin);
    gsl_odeiv2_driver_set_nmax(s->drv, s->set.nmax);

    const double *v = s->model.p.v;
    double iv = v[CS_P_SUPP_INTERVAL];
    s->dose_amount[0] = v[CS_P_K1_SUPP] * iv * s->model.nmol_per_ug[0];
    s->dose_amount[1] = v[CS_P_MK4_SUPP] * iv * s->model.nmol_per_ug[1];
    s->dose_amount[2] = v[CS_P_MK7_SUPP] * iv * s->model.nmol_per_ug[2];
    s->dose_amount[3] = v[CS_P_D3_SUPP] * iv;
    s->dosing = s->dose_amount[0] > 0 || s->dose_amount[1] > 0 || s->dose_amount[2] > 0 ||
                s->dose_amount[3] > 0;
    return s;
}

void cs_sim_free(cs_sim **s)
{
    if (!s || !*s)
        return;
    gsl_odeiv2_driver_free((*s)->drv);
    free(*s);
    *s = NULL;
}

/* Time of dose k [d]; computed from k so that no rounding accumulates. */
static double dose_time(const cs_sim *s, unsigned long k)
{
    const double *v = s->model.p.v;
    return v[CS_P_SUPP_START] + (double)k * v[CS_P_SUPP_INTERVAL];
}

static int dose_due_before(const cs_sim *s, double t1, double *td)
{
    if (!s->dosing)
        return 0;
    double t = dose_time(s, s->next_dose);
    if (t >= s->model.p.v[CS_P_SUPP_STOP] || t > t1)
        return 0;
    *td = t;
    return 1;
}

static void give_dose(cs_sim *s)
{
    s->y[CS_Y_K1_GUT] += s->dose_amount[0];
    s->y[CS_Y_MK4_GUT] += s->dose_amount[1];
    s->y[CS_Y_MK7_GUT] += s->dose_amount[2];
    s->y[CS_Y_D3] += s->dose_amount[3];
    s->next_dose++;
    s->stats.doses++;
    s->stats.steps += s->drv->e->count;
    gsl_odeiv2_driver_reset_hstart(s->drv, s->set.hstart);
    s->stats.resets++;
}

/* Integrates from s->t to t1 with no dose in between. */
static int integrate(cs_sim *s, double t1, cs_error *err)
{
    if (t1 <= s->t)
        return CS_OK;
    double t = s->t;
    int st = gsl_odeiv2_driver_apply(s->drv, &t, t1, s->y);
    if (st != GSL_SUCCESS || t != t1) {
        s->t = t;
        cs_error_set(err, CS_ESOLVER, NULL, 0, NULL,
                     "the solver stopped at day %.6g before reaching day %.6g (%s)", t, t1,
                     gsl_strerror(st));
        if (err)
            err->t_reached = t;
        return CS_ESOLVER;
    }
    for (int i = 0; i < CS_NSTATE; i++)
        if (!isfinite(s->y[i])) {
            cs_error_set(err, CS_ESOLVER, NULL, 0, NULL,
                         "the solution stopped being finite near day %.6g", t);
            if (err)
                err->t_reached = t;
            return CS_ESOLVER;
        }
    s->t = t1;
    return CS_OK;
}

int cs_sim_advance(cs_sim *s, double t1, cs_error *err)
{
    if (!s || !(t1 >= s->t))
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "cs_sim_advance: the target time must not lie before the current one");
    double td;
    while (dose_due_before(s, t1, &td)) {
        int st = integrate(s, td, err);
        if (st != CS_OK)
            return st;
        give_dose(s);
    }
    return integrate(s, t1, err);
}

double cs_sim_time(const cs_sim *s)
{
    return s->t;
}

const double *cs_sim_state(const cs_sim *s)
{
    return s->y;
}

const cs_model *cs_sim_model(const cs_sim *s)
{
    return &s->model;
}

cs_sim_stats cs_sim_get_stats(const cs_sim *s)
{
    cs_sim_stats st = s->stats;
    st.steps += s->drv->e->count;
    return st;
}

cs_solver_settings cs_sim_settings(const cs_sim *s)
{
    return s->set;
}

const cs_plausibility *cs_sim_plausibility(const cs_sim *s)
{
    return s ? &s->plaus : NULL;
}

int cs_sim_implausible(const cs_sim *s, double *t_days, char *reason, size_t n)
{
    if (!s || !cs_plausibility_failed(&s->plaus))
        return 0;
    if (t_days)
        *t_days = s->plaus.t_days;
    if (reason && n > 0)
        cs_plausibility_reason(&s->plaus, reason, n);
    return 1;
}

int cs_sim_run(cs_sim *s, cs_sink_fn sink, void *ctx, cs_error *err)
{
    if (!s)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL, "cs_sim_run: no simulation given");
    const double *v = s->model.p.v;
    double t_end = v[CS_P_YEARS] * CS_DAYS_PER_YEAR, every = v[CS_P_OUTPUT_EVERY];
    double row[CS_NOUTPUT];
    double slack = 1e-9 * (t_end > 1.0 ? t_end : 1.0);
    unsigned long i = 0;
    if (s->t > 0.0)
        i = (unsigned long)floor(s->t / every + 1e-9) + 1;
    for (;; i++) {
        double t = (double)i * every;
        if (t > t_end - slack)
            t = t_end;
        int st = cs_sim_advance(s, t, err);
        if (st != CS_OK)
            return st;
        cs_model_outputs(&s->model, s->t, s->y, row);
        cs_plausibility_check_row(&s->plaus, row, s->y);
        if (sink && sink(ctx, row) != 0)
            return cs_error_set(err, CS_ESINK, NULL, 0, NULL, "the output sink failed");
        if (t >= t_end)
            break;
    }
    return CS_OK;
}
