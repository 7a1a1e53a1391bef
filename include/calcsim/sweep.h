/*
 * calcsim/sweep.h - parameter sweeps: the design (which runs) and the metrics (what each run
 * is summed up by).
 *
 * A sweep runs the model once per point of a design. The design is built from axes, one per
 * varied parameter, in the order they are added:
 *
 *   grid range   NAME=FROM:TO:N   N values from FROM to TO, evenly spaced (or evenly in log
 *                                 space); both ends are included; N = 1 gives FROM alone
 *   grid list    NAME=V1,V2,...   the values given, in that order
 *   LHS range    NAME=FROM:TO     a dimension of a Latin hypercube of cs_sweep_set_samples()
 *                                 samples (McKay, Beckman & Conover, Technometrics 21, 1979)
 *
 * The grid axes form a full factorial grid; when there are LHS axes, every grid point is run
 * with every sample. Runs are numbered 0 .. count-1: the first grid axis changes slowest, the
 * last fastest, and the sample index fastest of all (run = grid_point * samples + sample).
 *
 * Every value is rounded to 10 significant digits, the precision result files are written
 * with ("%.10g"), so the number a file shows is exactly the value that was run. Every value,
 * after rounding, is checked against the parameter table's range.
 *
 * The Latin hypercube: for each LHS axis in turn, a shuffle (gsl_ran_shuffle) of the strata
 * 0 .. samples-1, then one uniform draw per sample; sample s takes the point
 * (perm[s] + u_s) / samples of [0, 1), mapped linearly (or logarithmically) onto FROM..TO.
 * So each of the `samples` equal strata of every axis holds exactly one sample. The random
 * numbers come from GSL's MT19937 generator seeded with the seed (0 to 2^32 - 1; 0 stands for
 * GSL's default, 4357): the same seed gives the same design on every platform.
 *
 * The metrics: a cs_sweep_metrics is a sink (cs_sink_fn) that sums up a run in one pass
 * over its rows, without storing them. cs_sweep_metric_info_at() names every metric.
 *
 * Lifecycle: cs_sweep_alloc() -> cs_sweep_add_*() / cs_sweep_set_samples() ->
 * cs_sweep_prepare() -> cs_sweep_count(), cs_sweep_values(), cs_sweep_apply() ->
 * cs_sweep_free(). A prepared sweep is read-only, so several threads may share it.
 * Nothing here prints, exits or aborts.
 */
#ifndef CALCSIM_SWEEP_H
#define CALCSIM_SWEEP_H

#include <stddef.h>
#include <stdint.h>

#include "calcsim/error.h"
#include "calcsim/model.h"
#include "calcsim/params.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Most runs a design may have (the count must also fit the caller's limits). */
#define CS_SWEEP_MAX_RUNS 1000000000ULL
/* Most samples of a Latin hypercube (its values are kept in memory). */
#define CS_SWEEP_MAX_SAMPLES 1000000UL

typedef struct cs_sweep cs_sweep;

/* The kinds of axis. */
typedef enum {
    CS_SWEEP_RANGE = 0, /* grid: N values from FROM to TO */
    CS_SWEEP_LIST = 1,  /* grid: the values given */
    CS_SWEEP_LHS = 2    /* a Latin hypercube dimension over FROM..TO */
} cs_sweep_kind;

/* What one axis is, as given. */
typedef struct {
    int param;          /* index in the parameter table */
    cs_sweep_kind kind; /* range, list or LHS */
    int log;            /* 1: evenly spaced (or uniform) in log space; ranges only */
    double from, to;    /* the range, rounded to 10 digits (lists: first and last value) */
    size_t n;           /* values on a grid axis; 0 for an LHS axis */
} cs_sweep_axis;

/* Allocates an empty design. Returns NULL with err filled (CS_ENOMEM). */
cs_sweep *cs_sweep_alloc(cs_error *err);

/* Frees *sw and sets *sw to NULL. Accepts NULL and a pointer to NULL. */
void cs_sweep_free(cs_sweep **sw);

/*
 * Adds a range axis over parameter name: a grid axis of n >= 1 values, or an LHS axis when
 * n == 0. log = 1 spaces the values evenly in log space (FROM and TO must then be > 0).
 * Returns CS_OK; CS_EUSAGE for an unknown name, a parameter already varied, log with a
 * range that is not positive, or a prepared sweep; CS_ERANGE for an end outside the
 * parameter's range. err->key is the parameter name.
 */
int cs_sweep_add_range(cs_sweep *sw, const char *name, double from, double to, size_t n, int log,
                       cs_error *err);

/* Adds a grid axis that takes the n >= 1 values given, in order. Errors as above. */
int cs_sweep_add_list(cs_sweep *sw, const char *name, const double *values, size_t n,
                      cs_error *err);

/*
 * Adds an axis from text, "NAME=FROM:TO:N", "NAME=FROM:TO" (an LHS axis) or
 * "NAME=V1,V2,..." (a single "NAME=V" is a list of one). Numbers are C-locale decimals, N a
 * whole number >= 1. Returns what the functions above return, or CS_EPARSE for malformed
 * text (err->text says what form is expected).
 */
int cs_sweep_add_text(cs_sweep *sw, const char *spec, int log, cs_error *err);

/*
 * Asks for a Latin hypercube of samples points (1 .. CS_SWEEP_MAX_SAMPLES) over the LHS
 * axes, drawn with seed. Returns CS_OK, or CS_ERANGE / CS_EUSAGE (prepared sweep).
 */
/* Largest seed: MT19937 is seeded with 32 bits. */
#define CS_SWEEP_MAX_SEED 4294967295ULL

int cs_sweep_set_samples(cs_sweep *sw, size_t samples, uint64_t seed, cs_error *err);

/*
 * Checks the design and computes every value: the grid values and the hypercube. Returns
 * CS_OK; CS_EUSAGE when there is no axis, when LHS axes have no samples or samples have no
 * LHS axis; CS_ERANGE when the design has more than CS_SWEEP_MAX_RUNS runs; CS_ENOMEM.
 */
int cs_sweep_prepare(cs_sweep *sw, cs_error *err);

/* Number of runs of a prepared design (0 before cs_sweep_prepare() or for NULL). */
uint64_t cs_sweep_count(const cs_sweep *sw);

/* Number of axes (varied parameters). */
int cs_sweep_axis_count(const cs_sweep *sw);

/* Axis i (0 <= i < cs_sweep_axis_count()), or NULL when out of range. */
const cs_sweep_axis *cs_sweep_axis_at(const cs_sweep *sw, int i);

/* Number of Latin hypercube samples (0 when the design has no LHS axis), and the seed. */
size_t cs_sweep_samples(const cs_sweep *sw);
uint64_t cs_sweep_seed(const cs_sweep *sw);

/*
 * Writes axis i's definition as text into buf (size n): "0:360:10", "400,1000,2000" or
 * "500:1500" (C locale, "%.10g"), truncated to fit. Returns buf ("" when i is out of range).
 */
char *cs_sweep_axis_text(const cs_sweep *sw, int i, char *buf, size_t n);

/*
 * Stores the value of every axis for run (0 <= run < cs_sweep_count()) in values[], one per
 * axis in axis order. Returns CS_OK, or CS_EUSAGE for an unprepared sweep or a run out of
 * range.
 */
int cs_sweep_values(const cs_sweep *sw, uint64_t run, double values[], cs_error *err);

/*
 * Sets the varied parameters of p to their values for run, each through cs_params_set().
 * Returns CS_OK or an error as cs_sweep_values() and cs_params_set() return.
 */
int cs_sweep_apply(const cs_sweep *sw, uint64_t run, cs_params *p, cs_error *err);

/* ---- metrics ------------------------------------------------------------------------ */

/*
 * One metric. Every name follows one pattern, <output column>_<statistic>, where the output
 * column is a column of the run CSV (whose name already ends in its unit) and the statistic
 * is end, change, min, max, mean, lost or doubling; the statistic's own unit is appended
 * when it differs from the column's: bone_ca_g_lost_pct [%], vessel_ca_mg_doubling_yr [yr],
 * but vessel_ca_mg_change [mg] and mgp_carboxylated_pct_mean [%].
 */
typedef struct {
    const char *name;  /* e.g. "vessel_ca_mg_change" */
    const char *unit;  /* e.g. "mg"; "1" for dimensionless */
    const char *desc;  /* one line */
    const char *label; /* a short human name without the unit, for axes and legends (at most
                          32 characters), e.g. "vessel calcium change" */
} cs_sweep_metric_info;

/* The three summary metrics, then four per output column (time columns excluded). */
enum {
    CS_M_BONE_LOST = 0,   /* bone_ca_g_lost_pct: 100 (start - end) / start [%] */
    CS_M_MGP_MEAN,        /* mgp_carboxylated_pct_mean: time-weighted mean [%] */
    CS_M_VESSEL_DOUBLING, /* vessel_ca_mg_doubling_yr: first time at twice the start [yr] */
    CS_M_PER_COLUMN       /* then, per output column c >= CS_O_BLOOD_CA: c_end, c_change,
                             c_min, c_max */
};

/* Returns the number of metrics. */
int cs_sweep_metric_count(void);

/* Returns metric i (0 <= i < cs_sweep_metric_count()), or NULL when out of range. */
const cs_sweep_metric_info *cs_sweep_metric_info_at(int i);

/* Returns the index of the metric called name, or -1 (also for NULL). Old names are not
 * found: see cs_sweep_metric_renamed(). */
int cs_sweep_metric_find(const char *name);

/* The calcsim version that renamed the metrics of 0.1.0 (see CHANGELOG.md). */
#define CS_SWEEP_METRICS_RENAMED_IN "0.2.0"

/*
 * Returns the current name of a metric that calcsim 0.1.0 called old_name
 * ("vessel_ca_accrued_mg" -> "vessel_ca_mg_change", "bone_lost_pct" -> "bone_ca_g_lost_pct",
 * "mgp_carboxylated_mean_pct" -> "mgp_carboxylated_pct_mean", "vessel_ca_doubling_yr" ->
 * "vessel_ca_mg_doubling_yr"), or NULL when old_name is no such name (also for NULL). Input
 * that names metrics may accept these old names, with a warning, until calcsim 0.3.0.
 */
const char *cs_sweep_metric_renamed(const char *old_name);

/*
 * The running summary of one run. Fill it with cs_sweep_metrics_reset(), feed it every row
 * of the run through cs_sweep_metrics_sink(), then read it with cs_sweep_metrics_value().
 * Plain data: copy it, keep one per thread.
 */
typedef struct {
    unsigned long rows;                      /* rows seen */
    double first[CS_NOUTPUT];                /* the first row */
    double last[CS_NOUTPUT];                 /* the latest row */
    double min[CS_NOUTPUT], max[CS_NOUTPUT]; /* per column, over the rows seen */
    double mgp_area;      /* integral of mgp_carboxylated_pct over t_days [% d] */
    double doubling_days; /* t_days when vessel_ca_mg first reached twice its start, or -1 */
} cs_sweep_metrics;

/* Clears m for a new run. */
void cs_sweep_metrics_reset(cs_sweep_metrics *m);

/* A cs_sink_fn: ctx is a cs_sweep_metrics *. Adds row to the summary. Returns 0. */
int cs_sweep_metrics_sink(void *ctx, const double row[]);

/*
 * Stores metric i of the run summed up in m in *value. Returns 1 when the metric has a
 * value, 0 when it has none (no rows yet; vessel calcium that never doubled, or that started
 * at 0), or -1 when i is out of range.
 */
int cs_sweep_metrics_value(const cs_sweep_metrics *m, int i, double *value);

#ifdef __cplusplus
}
#endif
#endif
