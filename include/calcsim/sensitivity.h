/*
 * calcsim/sensitivity.h - local sensitivity: normalised elasticities of sweep metrics to
 * every parameter, by central differences.
 *
 * For a parameter p with value v and a metric y with value y0 in the base run, the runs at
 * v_up = min(v (1 + h), max) and v_down = max(v (1 - h), min) give
 *   elasticity_up   = ((y_up - y0) / y0) / ((v_up - v) / v)
 *   elasticity_down = ((y_down - y0) / y0) / ((v_down - v) / v)
 *   elasticity      = ((y_up - y_down) / y0) / ((v_up - v_down) / v)
 * ("10 % more of p gives about 10 x E % more of y"). When v sits at a bound, the central
 * value is the one-sided value. Parameters whose value is 0, and the run-control and
 * supplement-timing parameters, are left out. The runs go through the library's ordered
 * runner (calcsim/runner.h), so the result is the same for any number of threads.
 */
#ifndef CALCSIM_SENSITIVITY_H
#define CALCSIM_SENSITIVITY_H

#include <stddef.h>

#include "calcsim/error.h"
#include "calcsim/params.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest relative step, as a fraction (50 %). */
#define CS_SENS_MAX_STEP 0.5

/* One parameter against one metric. Values are in the units of the table and the metric;
 * elasticities are dimensionless, NAN where undefined (a failed run, y0 = 0). */
typedef struct {
    int metric;              /* index of the sweep metric (cs_sweep_metric_info_at) */
    int param;               /* index in the parameter table */
    double value, down, up;  /* the parameter's value and its perturbed values */
    double y0, y_down, y_up; /* the metric in the base run and the two perturbed runs */
    double elasticity;       /* central (or one-sided at a bound) */
    double elasticity_down;  /* from the run below (NAN when v sits at its minimum) */
    double elasticity_up;    /* from the run above (NAN when v sits at its maximum) */
    int rank;                /* 1 = largest |elasticity| for this metric; NAN ranks last */
    char note[96];           /* "" or why a value is missing ("run failed: ...") */
} cs_sens_row;

/* What to compute. */
typedef struct {
    const cs_params *base; /* the base parameter set (a scenario with its settings) */
    const int *metrics;    /* metric indices */
    int nmetrics;          /* at least 1 */
    double step;           /* relative step h, 0 < h <= CS_SENS_MAX_STEP */
    int jobs;              /* threads, >= 1 */
} cs_sens_spec;

/* Returns 1 when parameter i takes part in a sensitivity analysis of base (its value is not
 * 0 and it is not run control or supplement timing), else 0. */
int cs_sens_includes(const cs_params *base, int i);

/*
 * Runs the base and two perturbed runs per parameter, and fills *rows (malloc'd, *nrows
 * entries: for each metric in spec order, its parameters ranked by |elasticity|, ties in
 * table order). Returns CS_OK, CS_EUSAGE for a bad spec, CS_ESOLVER when the base run
 * fails, or CS_ENOMEM. A failed perturbed run is not an error: its values are NAN and note
 * says why. The caller frees *rows.
 */
int cs_sensitivity(const cs_sens_spec *spec, cs_sens_row **rows, size_t *nrows, cs_error *err);

#ifdef __cplusplus
}
#endif
#endif
