/*
 * calcsim/plausibility.h - the plausibility bounds of a run, and the checker of its rows.
 *
 * The model is a teaching toy calibrated on one reference adult. Far from that adult (an
 * extreme --set value, a century of fast bone loss) its equations still return numbers, but
 * numbers that no living body could show: blood calcium at which a person would be dead, a
 * gut that absorbs more calcium than was eaten. Such a result is outside the model's range
 * of validity. It is not a solver failure and it is still written; it is flagged, so that
 * nobody teaches from it by accident (docs/model.md, "Validity").
 *
 * A run is implausible when any of its output rows breaks one of the bounds below. The
 * checks of one row, in this order (the first that fails is the one recorded):
 *
 *   1. every output column is a finite number (no NaN, no infinity);
 *   2. no calcium pool is negative: the states ECF, exchangeable bone, mineralised bone and
 *      vessel-wall calcium, each at least -CS_PLAUSIBLE_POOL_SLACK_MMOL (when the states
 *      are given);
 *   3. blood_ca_mmol_l within [CS_PLAUSIBLE_BLOOD_CA_MIN_MMOL_L, _MAX_MMOL_L];
 *   4. absorbed_fraction at most CS_PLAUSIBLE_ABSORBED_FRACTION_MAX;
 *   5. bone_ca_g within [CS_PLAUSIBLE_BONE_CA_MIN_PCT, _MAX_PCT] % of its value in the first
 *      row checked (the row at t = 0 of a run).
 *
 * Across rows, the earliest row that breaks a bound wins; later rows are still counted but
 * change nothing. A cs_plausibility is plain data owned by the caller: one per run, no
 * globals, so runs on several threads check independently. Nothing here prints.
 */
#ifndef CALCSIM_PLAUSIBILITY_H
#define CALCSIM_PLAUSIBILITY_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Lowest and highest plausible total blood calcium [mmol/L]. The reference range is
 * 2.15-2.55; below 1.5 tetany and cardiac arrest, above 3.5 a hypercalcaemic crisis. */
#define CS_PLAUSIBLE_BLOOD_CA_MIN_MMOL_L 1.5
#define CS_PLAUSIBLE_BLOOD_CA_MAX_MMOL_L 3.5

/* Highest plausible absorbed share of dietary calcium [1]: the gut cannot absorb more
 * calcium than the diet holds. */
#define CS_PLAUSIBLE_ABSORBED_FRACTION_MAX 1.0

/* Lowest and highest plausible bone calcium, in % of its value at t = 0 [%]. Losing half
 * the skeleton's calcium, or gaining half again, lies outside anything the model was
 * calibrated on (age-related loss is 0.5-1 %/yr). */
#define CS_PLAUSIBLE_BONE_CA_MIN_PCT 50.0
#define CS_PLAUSIBLE_BONE_CA_MAX_PCT 150.0

/* How far below zero a calcium pool may be before it counts as negative [mmol]: 1e-6 mmol
 * (0.04 ug) is the solver's absolute tolerance on blood and vessel calcium, so rounding
 * noise around an empty pool is not reported. */
#define CS_PLAUSIBLE_POOL_SLACK_MMOL 1e-6

/* Which bound was broken. */
typedef enum {
    CS_PLAUSIBLE = 0,                 /* no bound broken */
    CS_IMPLAUSIBLE_NOT_FINITE,        /* an output column is NaN or infinite */
    CS_IMPLAUSIBLE_NEGATIVE_POOL,     /* a calcium pool (state) is negative */
    CS_IMPLAUSIBLE_BLOOD_CA_LOW,      /* blood_ca_mmol_l below the minimum */
    CS_IMPLAUSIBLE_BLOOD_CA_HIGH,     /* blood_ca_mmol_l above the maximum */
    CS_IMPLAUSIBLE_ABSORBED_FRACTION, /* absorbed_fraction above the maximum */
    CS_IMPLAUSIBLE_BONE_CA_LOW,       /* bone_ca_g below the minimum share of its start */
    CS_IMPLAUSIBLE_BONE_CA_HIGH       /* bone_ca_g above the maximum share of its start */
} cs_plausibility_kind;

/* The checks of one run so far. Fill it with cs_plausibility_reset(); read the fields. */
typedef struct {
    unsigned long rows;        /* rows checked */
    double bone_start_g;       /* bone_ca_g of the first row checked [g]; NaN before it */
    cs_plausibility_kind kind; /* the first bound broken, or CS_PLAUSIBLE */
    double t_days;             /* t_days of the row that broke it [d] */
    double value;              /* the value that broke it, in its unit (bone: g) */
    double bound;              /* the bound it broke, in the same unit (bone: g) */
    int index;                 /* the output column, or for a pool the state index */
} cs_plausibility;

/* Clears pl for a new run: no rows checked, no bound broken. Accepts NULL. */
void cs_plausibility_reset(cs_plausibility *pl);

/*
 * Checks one output row (CS_NOUTPUT values, as cs_model_outputs() gives them) and, when y
 * is not NULL, the calcium pools of the state y (CS_NSTATE values) it was computed from.
 * Records the first bound broken, in the order of the file comment, unless an earlier row
 * already broke one. Returns 1 when pl holds a broken bound (from this row or an earlier
 * one), 0 when every row so far is plausible, and 0 for NULL pl or row (nothing checked).
 */
int cs_plausibility_check_row(cs_plausibility *pl, const double row[], const double y[]);

/* Returns 1 when pl holds a broken bound, else 0 (also for NULL). */
int cs_plausibility_failed(const cs_plausibility *pl);

/*
 * Writes one line of English about the first broken bound into buf (size n > 0), with its
 * time, e.g. "blood calcium 0.765 mmol/L is below 1.5 mmol/L at day 312 (year 0.854)";
 * "plausible" when none was broken. The text has no newline and no comma. Truncated to
 * fit. Returns buf, or NULL when buf is NULL or n is 0.
 */
char *cs_plausibility_reason(const cs_plausibility *pl, char *buf, size_t n);

#ifdef __cplusplus
}
#endif
#endif
