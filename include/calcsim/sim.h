/*
 * calcsim/sim.h - running the model: the GSL stiff driver, supplement doses and sinks.
 *
 * Lifecycle: cs_sim_alloc() -> [cs_sim_advance()...] or cs_sim_run() -> cs_sim_free().
 * A cs_sim owns its own GSL driver, so several can run in parallel threads. The library
 * turns the GSL error handler off; it never prints, exits or aborts.
 *
 * Method: GSL odeiv2 msbdf (variable-order BDF) with the analytic Jacobian, absolute
 * tolerances scaled per state, nmax and hmin checked on every step. Supplement doses are
 * discrete: the integration stops exactly at each dose time, the dose is added to its gut
 * depot, and the stepper is reset. Between such hard stops (doses, the end of a run, the
 * target of cs_sim_advance()) the stepper runs freely: cs_sim_run() takes each output row
 * from the cubic Hermite interpolant of the step that covers it (docs/model.md section 8),
 * so the output grid changes neither the steps nor the trajectory.
 *
 * Validity: the starting state and every row cs_sim_run() computes are checked against the
 * plausibility bounds of calcsim/plausibility.h; the first bound broken is kept, with its
 * time, for cs_sim_implausible(). An implausible run is not an error: it runs to the end.
 */
#ifndef CALCSIM_SIM_H
#define CALCSIM_SIM_H

#include "calcsim/error.h"
#include "calcsim/model.h"
#include "calcsim/params.h"
#include "calcsim/plausibility.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cs_sim cs_sim;

/*
 * Turns GSL's error handler off for the whole process (once; later calls do nothing), so
 * that no GSL error prints or aborts. Every entry point that uses GSL calls it; a program
 * that also uses GSL directly may call it first. Thread-safe.
 */
void cs_library_init(void);

/* Solver statistics, counted since cs_sim_alloc(). */
typedef struct {
    unsigned long steps;     /* accepted and rejected steps taken by the stepper */
    unsigned long rhs_evals; /* right-hand side evaluations */
    unsigned long jac_evals; /* Jacobian evaluations */
    unsigned long doses;     /* discrete supplement doses given */
    unsigned long resets;    /* driver resets (one after each dose) */
} cs_sim_stats;

/* Solver settings; cs_sim_alloc() uses these defaults. */
typedef struct {
    const char *method; /* "msbdf" */
    double rtol;        /* relative tolerance [1]; 0: tolerances are absolute, per state */
    double atol_scale;  /* factor on the per-state absolute tolerances (cs_sim_abs_tol) [1] */
    double hstart;      /* first step [d] */
    double hmin;        /* smallest step [d] */
    unsigned long nmax; /* most steps between two output rows or hard stops */
} cs_solver_settings;

/* Absolute tolerance of state i (0 <= i < CS_NSTATE) in the state's unit, before atol_scale;
 * 0 for an index out of range. */
double cs_sim_abs_tol(int i);

/* Returns the default solver settings. */
cs_solver_settings cs_solver_defaults(void);

/*
 * Allocates a simulation of the model with parameters p, at t = 0 in its starting state.
 * Returns NULL on failure with err filled (CS_ENOMEM, CS_ERANGE from cs_params_check(),
 * CS_ESOLVER when no starting state exists).
 */
cs_sim *cs_sim_alloc(const cs_params *p, cs_error *err);

/*
 * Like cs_sim_alloc(), with solver settings of the caller's choosing: method "msbdf"
 * (default), "bsimp" or "rk4imp" (all take the analytic Jacobian), atol_scale multiplying
 * the per-state absolute tolerances, rtol, hstart, hmin and nmax. Returns NULL with
 * CS_EUSAGE for settings outside those.
 */
cs_sim *cs_sim_alloc_with(const cs_params *p, const cs_solver_settings *set, cs_error *err);

/* Frees *s and sets *s to NULL. Accepts NULL and a pointer to NULL. */
void cs_sim_free(cs_sim **s);

/*
 * Advances the simulation to time t1 [d] (t1 >= the current time), giving every dose due
 * on the way, in order. A dose due exactly at t1 is given before returning. Returns CS_OK,
 * or CS_ESOLVER with err->t_reached set (the state is then the last good one).
 */
int cs_sim_advance(cs_sim *s, double t1, cs_error *err);

/* Current time [d]. */
double cs_sim_time(const cs_sim *s);

/* Current state (CS_NSTATE values); valid until the next call that changes s. */
const double *cs_sim_state(const cs_sim *s);

/* The model the simulation runs (parameters and derived constants). */
const cs_model *cs_sim_model(const cs_sim *s);

/* The statistics so far. */
cs_sim_stats cs_sim_get_stats(const cs_sim *s);

/* The solver settings in use. */
cs_solver_settings cs_sim_settings(const cs_sim *s);

/*
 * A sink receives the rows of a run. row holds CS_NOUTPUT values (see cs_output_info_at()).
 * Return 0 to go on, non-zero to stop the run with CS_ESINK.
 */
typedef int (*cs_sink_fn)(void *ctx, const double row[]);

/*
 * Runs from the current time to years*365.25 days, calling sink at t = 0 (if the
 * simulation is at 0) and then every output_every_days, plus once at the end if the end
 * is not on the grid. Returns CS_OK, CS_ESOLVER (err->t_reached set) or CS_ESINK.
 */
int cs_sim_run(cs_sim *s, cs_sink_fn sink, void *ctx, cs_error *err);

/*
 * Returns 1 when the starting state or a row that cs_sim_run() computed (sink or not) broke
 * a plausibility bound (calcsim/plausibility.h), else 0 (also for NULL s). When it returns
 * 1, *t_days gets the time of the first row that broke one [d] and reason (size n) a line
 * such as "blood calcium 0.765 mmol/L is below 1.5 mmol/L at day 312 (year 0.854)", as
 * cs_plausibility_reason() writes it; either may be NULL. Rows reached with
 * cs_sim_advance() alone are not checked.
 */
int cs_sim_implausible(const cs_sim *s, double *t_days, char *reason, size_t n);

/* The plausibility checks of s so far (see cs_sim_implausible()); NULL for NULL s. Valid
 * until s is freed. */
const cs_plausibility *cs_sim_plausibility(const cs_sim *s);

/* Days per year used to convert years to days. */
#define CS_DAYS_PER_YEAR 365.25

#ifdef __cplusplus
}
#endif
#endif
