/*
 * sim.c - the simulation object: GSL odeiv2 msbdf driver, discrete doses and output grid.
 *
 * Workload: runs of days to a century, with output every hour to every year, and up to one
 * supplement dose a day (thousands of discontinuities). The model is stiff (PTH half-life
 * of minutes against bone turnover of years), so the stepper is msbdf with the analytic
 * Jacobian. Each dose is an impulse into a gut depot: the integration stops exactly at the
 * dose time, the depot jumps, and the driver is reset, because msbdf's history would
 * otherwise carry the old state past the jump (model-brief.md, solver notes).
 *
 * Dense output: the doses and the end of the run are the only stops. The stepper keeps
 * its step size and history between them, and each output row is computed from the cubic
 * Hermite interpolant of the accepted step that covers it, from y and dy/dt at both ends
 * (msbdf returns both, so the interpolant costs no extra right-hand side). A ten-year
 * baseline takes 49 steps whatever the grid, where a stop at each weekly row took 1,164.
 */
#include "calcsim/sim.h"
#include "param_ids.h"

#include <gsl/gsl_errno.h>
#include <pthread.h>
#include <gsl/gsl_odeiv2.h>
#include <float.h>
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
    double h;                /* step the stepper proposes next [d], > 0 */
    double t0;               /* start of the last accepted step [d] (t0 < t once one is taken) */
    double y0[CS_NSTATE];    /* state at t0 */
    double f0[CS_NSTATE];    /* dy/dt at (t0, y0) */
    double f1[CS_NSTATE];    /* dy/dt at (t, y) after the last accepted step */
    unsigned long run_steps; /* steps since the last row or stop, against nmax */
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
 * between two output rows or hard stops. It exists so that the tests (and a curious student) can
 * make the solver fail on purpose: no parameter set inside the documented ranges does. Read once.
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
    cs_solver_settings s = {"msbdf", 0.0, 1.0, 5e-4, 1e-11, nmax_default};
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
 * relative part) keep bone (~25,000 mmol) as precise as blood (~34 mmol) in absolute terms.
 * Vessel calcium, bone and carboxylated MGP, the outputs that matter, come out within 1e-5
 * relative of a converged reference on every bench case (bench/bench.c prints the errors).
 * The vitamin K depots are followed to 1 nmol in the gut and 1e-3 nmol/L in plasma: they
 * enter the calcium states only through MGP and osteocalcin, whose own tolerances keep
 * them accurate, and the former 0.01 nmol and 1e-4 nmol/L cost 1.8 times the steps on
 * dosing days without changing MGP by more than 2e-6 relative.
 */
static const double abs_tol[CS_NSTATE] = {
    [CS_Y_ECF_CA] = 1e-6,    [CS_Y_EXCH_CA] = 1e-5,    [CS_Y_BONE_CA] = 1e-4,
    [CS_Y_VESSEL_CA] = 1e-7, [CS_Y_PTH] = 1e-6,        [CS_Y_GUT] = 1e-6,
    [CS_Y_D3] = 1e-2,        [CS_Y_VITD25] = 1e-5,     [CS_Y_K1_GUT] = 1.0,
    [CS_Y_K1_PLASMA] = 1e-3, [CS_Y_MK4_GUT] = 1.0,     [CS_Y_MK4_PLASMA] = 1e-3,
    [CS_Y_MK7_GUT] = 1.0,    [CS_Y_MK7_PLASMA] = 1e-3, [CS_Y_MGP] = 1e-6,
    [CS_Y_OC] = 1e-6,        [CS_Y_K_TISSUE] = 1e-5,   [CS_Y_MGP_WALL] = 1e-6,
    [CS_Y_CUM_IN] = 1e-3,    [CS_Y_CUM_OUT] = 1e-3,
};

double cs_sim_abs_tol(int i)
{
    return (i >= 0 && i < CS_NSTATE) ? abs_tol[i] : 0.0;
}

/*
 * Step size control: GSL's "scaled" control (error level eps_abs scale_i + eps_rel (a_y |y|
 * + a_dydt h |y'|) per state, a step rejected above 1.1 times it, lengthened by at most 4.9
 * when below 0.5 times it), except that a step is only lengthened when the error allows at
 * least eta_min = 1.5 times it, as CVODE does, and that the safety factor is 0.85, not 0.9.
 * Each change of h makes msbdf rescale its history and, above 20 %, factorise its Newton
 * matrix again: for a year of daily doses the threshold takes 6 % more steps but 14 % fewer
 * LU factorisations and 8 % fewer instructions; the safety factor takes a 10-year baseline
 * from 54 steps and 133 right-hand sides to 49 and 109.
 */
typedef struct {
    double eps_abs, eps_rel, a_y, a_dydt;
    const double *scale; /* per-state absolute scale, CS_NSTATE values */
    double eta_min;      /* smallest growth of h worth taking [1] */
} hyst_control;

static void *hyst_alloc(void)
{
    return calloc(1, sizeof(hyst_control));
}

static int hyst_init(void *vs, double eps_abs, double eps_rel, double a_y, double a_dydt)
{
    hyst_control *c = vs;
    c->eps_abs = eps_abs;
    c->eps_rel = eps_rel;
    c->a_y = a_y;
    c->a_dydt = a_dydt;
    c->eta_min = 1.5;
    return GSL_SUCCESS;
}

static double hyst_level(const hyst_control *c, double y, double dydt, double h, size_t i)
{
    return c->eps_rel * (c->a_y * fabs(y) + c->a_dydt * fabs(h * dydt)) + c->eps_abs * c->scale[i];
}

static int hyst_hadjust(void *vs, size_t dim, unsigned int ord, const double y[],
                        const double yerr[], const double yp[], double *h)
{
    const hyst_control *c = vs;
    double rmax = DBL_MIN;
    for (size_t i = 0; i < dim; i++) {
        double r = fabs(yerr[i]) / hyst_level(c, y[i], yp[i], *h, i);
        if (r > rmax)
            rmax = r;
    }
    const double safety = 0.85;
    if (rmax > 1.1) {
        double r = safety / pow(rmax, 1.0 / ord);
        *h *= r < 0.2 ? 0.2 : r;
        return GSL_ODEIV_HADJ_DEC;
    }
    if (rmax < 0.5) {
        double r = safety / pow(rmax, 1.0 / (ord + 1.0));
        if (r > 4.9)
            r = 4.9;
        if (r < c->eta_min || r < 1.0)
            return GSL_ODEIV_HADJ_NIL;
        *h *= r;
        return GSL_ODEIV_HADJ_INC;
    }
    return GSL_ODEIV_HADJ_NIL;
}

static int hyst_errlevel(void *vs, const double y, const double dydt, const double h,
                         const size_t i, double *errlev)
{
    *errlev = hyst_level(vs, y, dydt, h, i);
    return *errlev > 0 ? GSL_SUCCESS : GSL_ESANITY;
}

static int hyst_set_driver(void *vs, const gsl_odeiv2_driver *d)
{
    (void)vs;
    (void)d;
    return GSL_SUCCESS;
}

static const gsl_odeiv2_control_type hyst_type = {
    "scaled, growth of at least eta_min",
    hyst_alloc,
    hyst_init,
    hyst_hadjust,
    hyst_errlevel,
    hyst_set_driver,
    free,
};

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
    /* The driver's own control gives way to one that lengthens steps only by 1.5 or more. */
    gsl_odeiv2_control *c = gsl_odeiv2_control_alloc(&hyst_type);
    if (!c || !c->state) {
        gsl_odeiv2_control_free(c);
        gsl_odeiv2_driver_free(s->drv);
        free(s);
        cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory (GSL control)");
        return NULL;
    }
    gsl_odeiv2_control_init(c, s->set.atol_scale, s->set.rtol, 1.0, 0.0);
    ((hyst_control *)c->state)->scale = s->scale;
    gsl_odeiv2_control_free(s->drv->c);
    s->drv->c = c;
    gsl_odeiv2_control_set_driver(c, s->drv);
    double row0[CS_NOUTPUT]; /* the starting state sets the bone reference of the checks */
    cs_model_outputs(&s->model, s->t, s->y, row0);
    cs_plausibility_reset(&s->plaus);
    cs_plausibility_check_row(&s->plaus, row0, s->y);
    gsl_odeiv2_driver_set_hmin(s->drv, s->set.hmin);
    gsl_odeiv2_driver_set_nmax(s->drv, s->set.nmax);
    s->h = s->set.hstart;

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
    s->h = s->set.hstart;
    s->stats.resets++;
}

/* Fills err with a solver failure at day t on the way to day t1, and returns CS_ESOLVER. */
static int solver_error(cs_error *err, double t, double t1, const char *why)
{
    cs_error_set(err, CS_ESOLVER, NULL, 0, NULL,
                 "the solver stopped at day %.6g before reaching day %.6g (%s)", t, t1, why);
    if (err)
        err->t_reached = t;
    return CS_ESOLVER;
}

/*
 * Takes one accepted step from s->t toward the hard stop t_stop, never past it, and keeps
 * both ends of the step with dy/dt at each (the data of the interpolant). The stepper keeps
 * its history between calls, so consecutive steps are one integration. Returns CS_OK, or
 * CS_ESOLVER with err filled and the state left at the last good point.
 */
static int step_once(cs_sim *s, double t_stop, cs_error *err)
{
    gsl_odeiv2_driver *d = s->drv;
    if (s->run_steps >= s->set.nmax)
        return solver_error(err, s->t, t_stop, gsl_strerror(GSL_EMAXITER));
    double t = s->t;
    memcpy(s->y0, s->y, sizeof s->y0);
    int st = gsl_odeiv2_evolve_apply(d->e, d->c, d->s, &s->sys, &t, t_stop, &s->h, s->y);
    s->run_steps++;
    if (st == GSL_SUCCESS && !(t > s->t))
        st = GSL_ENOPROG;
    if (st == GSL_SUCCESS && t < t_stop && s->h < s->set.hmin)
        st = GSL_ENOPROG;
    for (int i = 0; st == GSL_SUCCESS && i < CS_NSTATE; i++)
        if (!isfinite(s->y[i])) {
            memcpy(s->y, s->y0, sizeof s->y);
            cs_error_set(err, CS_ESOLVER, NULL, 0, NULL,
                         "the solution stopped being finite near day %.6g", t);
            if (err)
                err->t_reached = s->t;
            return CS_ESOLVER;
        }
    if (st != GSL_SUCCESS) {
        memcpy(s->y, s->y0, sizeof s->y);
        return solver_error(err, s->t, t_stop, gsl_strerror(st));
    }
    s->t0 = s->t;
    s->t = t;
    if (d->s->type->can_use_dydt_in && d->s->type->gives_exact_dydt_out) {
        memcpy(s->f0, d->e->dydt_in, sizeof s->f0);
        memcpy(s->f1, d->e->dydt_out, sizeof s->f1);
    } else {
        rhs_counted(s->t0, s->y0, s->f0, s);
        rhs_counted(s->t, s->y, s->f1, s);
    }
    return CS_OK;
}

/*
 * The state at t, s->t0 <= t <= s->t, from the cubic Hermite interpolant of the last step
 * through (t0, y0, f0) and (t, y, f1). It is linear in (y, f), so every linear invariant of
 * the model (the calcium mass balance) holds at t as it does at the step's ends.
 */
static void interpolate(const cs_sim *s, double t, double y[])
{
    if (t >= s->t) {
        memcpy(y, s->y, sizeof s->y);
        return;
    }
    double h = s->t - s->t0, x = (t - s->t0) / h, r = 1.0 - x;
    double a0 = (1.0 + 2.0 * x) * r * r, b0 = x * r * r * h;
    double a1 = x * x * (3.0 - 2.0 * x), b1 = -x * x * r * h;
    for (int i = 0; i < CS_NSTATE; i++)
        y[i] = a0 * s->y0[i] + b0 * s->f0[i] + a1 * s->y[i] + b1 * s->f1[i];
}

/* Integrates from s->t to the hard stop t1 with no dose in between. */
static int integrate(cs_sim *s, double t1, cs_error *err)
{
    s->run_steps = 0;
    while (s->t < t1) {
        int st = step_once(s, t1, err);
        if (st != CS_OK)
            return st;
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

/* Computes the row at time t from state y, checks it against the plausibility bounds and
 * hands it to the sink. Returns CS_OK or CS_ESINK. */
static int emit_row(cs_sim *s, double t, const double y[], cs_sink_fn sink, void *ctx,
                    cs_error *err)
{
    double row[CS_NOUTPUT];
    cs_model_outputs(&s->model, t, y, row);
    cs_plausibility_check_row(&s->plaus, row, y);
    s->run_steps = 0;
    if (sink && sink(ctx, row) != 0)
        return cs_error_set(err, CS_ESINK, NULL, 0, NULL, "the output sink failed");
    return CS_OK;
}

int cs_sim_run(cs_sim *s, cs_sink_fn sink, void *ctx, cs_error *err)
{
    if (!s)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL, "cs_sim_run: no simulation given");
    const double *v = s->model.p.v;
    double t_end = v[CS_P_YEARS] * CS_DAYS_PER_YEAR, every = v[CS_P_OUTPUT_EVERY];
    double slack = 1e-9 * (t_end > 1.0 ? t_end : 1.0);
    double y[CS_NSTATE];
    unsigned long i = 0;
    if (s->t > 0.0)
        i = (unsigned long)floor(s->t / every + 1e-9) + 1;
    double t_row = (double)i * every;
    if (t_row > t_end - slack)
        t_row = t_end;
    int done = 0;
    while (!done) {
        /* The next hard stop: a dose, or the end. The solver steps freely up to it; the
         * rows before it come from the interpolant of the step that covers them. */
        double t_stop = t_end, td;
        if (dose_due_before(s, t_end, &td))
            t_stop = td;
        s->run_steps = 0;
        for (;;) {
            while (t_row <= s->t && t_row < t_stop && !done) {
                interpolate(s, t_row, y);
                int st = emit_row(s, t_row, y, sink, ctx, err);
                if (st != CS_OK)
                    return st;
                done = t_row >= t_end;
                t_row = (double)++i * every;
                if (t_row > t_end - slack)
                    t_row = t_end;
            }
            if (s->t >= t_stop || done)
                break;
            int st = step_once(s, t_stop, err);
            if (st != CS_OK)
                return st;
        }
        s->t = t_stop;
        /* At the stop: the doses due now, then a row that falls on the stop itself. */
        while (dose_due_before(s, t_stop, &td))
            give_dose(s);
        if (t_row <= s->t && !done) {
            int st = emit_row(s, s->t, s->y, sink, ctx, err);
            if (st != CS_OK)
                return st;
            done = t_row >= t_end;
            t_row = (double)++i * every;
            if (t_row > t_end - slack)
                t_row = t_end;
        }
        if (s->t >= t_end)
            done = 1;
    }
    return CS_OK;
}
