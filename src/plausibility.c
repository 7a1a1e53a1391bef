/*
 * plausibility.c - the checker of a run's rows against the plausibility bounds.
 *
 * Workload: called once per output row, up to about a million rows per run, on every
 * thread of a sweep. So a check is a handful of comparisons on plain data that the caller
 * owns, and the reason is only formatted when someone asks for it. The bounds, their order
 * and their reasons are in calcsim/plausibility.h and docs/model.md, "Validity".
 *
 * The reason's numbers are formatted in the C locale (newlocale/uselocale, this thread
 * only), as every number the library writes.
 */
#include "calcsim/plausibility.h"
#include "calcsim/model.h"
#include "calcsim/sim.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* The calcium pools among the states, with what the reason calls them. */
static const struct {
    int state;
    const char *what;
} pools[] = {
    {CS_Y_ECF_CA, "blood/ECF calcium"},
    {CS_Y_EXCH_CA, "exchangeable bone calcium"},
    {CS_Y_BONE_CA, "mineralised bone calcium"},
    {CS_Y_VESSEL_CA, "vessel-wall calcium"},
};

void cs_plausibility_reset(cs_plausibility *pl)
{
    if (!pl)
        return;
    memset(pl, 0, sizeof *pl);
    pl->bone_start_g = NAN;
    pl->kind = CS_PLAUSIBLE;
    pl->index = -1;
}

/* Records bound number kind, broken by value against bound in column (or state) index. */
static void record(cs_plausibility *pl, const double row[], cs_plausibility_kind kind, int index,
                   double value, double bound)
{
    pl->kind = kind;
    pl->t_days = row[CS_O_T_DAYS];
    pl->index = index;
    pl->value = value;
    pl->bound = bound;
}

/* Checks one row (and its pools, when y is not NULL) in the documented order; records the
 * first bound broken. */
static void check(cs_plausibility *pl, const double row[], const double y[])
{
    for (int i = 0; i < CS_NOUTPUT; i++)
        if (!isfinite(row[i])) {
            record(pl, row, CS_IMPLAUSIBLE_NOT_FINITE, i, row[i], 0.0);
            return;
        }
    for (size_t i = 0; y && i < sizeof pools / sizeof pools[0]; i++)
        if (!(y[pools[i].state] >= -CS_PLAUSIBLE_POOL_SLACK_MMOL)) {
            record(pl, row, CS_IMPLAUSIBLE_NEGATIVE_POOL, pools[i].state, y[pools[i].state], 0.0);
            return;
        }
    double ca = row[CS_O_BLOOD_CA];
    if (ca < CS_PLAUSIBLE_BLOOD_CA_MIN_MMOL_L) {
        record(pl, row, CS_IMPLAUSIBLE_BLOOD_CA_LOW, CS_O_BLOOD_CA, ca,
               CS_PLAUSIBLE_BLOOD_CA_MIN_MMOL_L);
        return;
    }
    if (ca > CS_PLAUSIBLE_BLOOD_CA_MAX_MMOL_L) {
        record(pl, row, CS_IMPLAUSIBLE_BLOOD_CA_HIGH, CS_O_BLOOD_CA, ca,
               CS_PLAUSIBLE_BLOOD_CA_MAX_MMOL_L);
        return;
    }
    double fabs_ = row[CS_O_ABSORBED_FRACTION];
    if (fabs_ > CS_PLAUSIBLE_ABSORBED_FRACTION_MAX) {
        record(pl, row, CS_IMPLAUSIBLE_ABSORBED_FRACTION, CS_O_ABSORBED_FRACTION, fabs_,
               CS_PLAUSIBLE_ABSORBED_FRACTION_MAX);
        return;
    }
    double b = row[CS_O_BONE_CA], b0 = pl->bone_start_g;
    if (!(b0 > 0))
        return; /* a start of 0 (or below) has no share to compare with */
    double lo = b0 * CS_PLAUSIBLE_BONE_CA_MIN_PCT / 100.0;
    double hi = b0 * CS_PLAUSIBLE_BONE_CA_MAX_PCT / 100.0;
    if (b < lo)
        record(pl, row, CS_IMPLAUSIBLE_BONE_CA_LOW, CS_O_BONE_CA, b, lo);
    else if (b > hi)
        record(pl, row, CS_IMPLAUSIBLE_BONE_CA_HIGH, CS_O_BONE_CA, b, hi);
}

int cs_plausibility_check_row(cs_plausibility *pl, const double row[], const double y[])
{
    if (!pl || !row)
        return 0;
    if (pl->rows++ == 0)
        pl->bone_start_g = row[CS_O_BONE_CA];
    if (pl->kind == CS_PLAUSIBLE)
        check(pl, row, y);
    return pl->kind != CS_PLAUSIBLE;
}

int cs_plausibility_failed(const cs_plausibility *pl)
{
    return pl && pl->kind != CS_PLAUSIBLE;
}

/* Writes the reason of pl (broken) into buf, without the time. */
static void describe(const cs_plausibility *pl, char *buf, size_t n)
{
    const cs_output_info *o = cs_output_info_at(pl->index);
    switch (pl->kind) {
    case CS_IMPLAUSIBLE_NOT_FINITE:
        snprintf(buf, n, "%s is not a finite number (%g)", o ? o->name : "an output", pl->value);
        break;
    case CS_IMPLAUSIBLE_NEGATIVE_POOL: {
        const char *what = "a calcium pool";
        for (size_t i = 0; i < sizeof pools / sizeof pools[0]; i++)
            if (pools[i].state == pl->index)
                what = pools[i].what;
        snprintf(buf, n, "%s is negative (%.3g mmol)", what, pl->value);
        break;
    }
    case CS_IMPLAUSIBLE_BLOOD_CA_LOW:
    case CS_IMPLAUSIBLE_BLOOD_CA_HIGH:
        snprintf(buf, n, "blood calcium %.3g mmol/L is %s %.3g mmol/L", pl->value,
                 pl->kind == CS_IMPLAUSIBLE_BLOOD_CA_LOW ? "below" : "above", pl->bound);
        break;
    case CS_IMPLAUSIBLE_ABSORBED_FRACTION:
        snprintf(buf, n, "absorbed fraction %.3g is above %.3g (more calcium absorbed than eaten)",
                 pl->value, pl->bound);
        break;
    case CS_IMPLAUSIBLE_BONE_CA_LOW:
    case CS_IMPLAUSIBLE_BONE_CA_HIGH:
        snprintf(buf, n, "bone calcium %.4g g is %s %.3g %% of its start (%.4g g)", pl->value,
                 pl->kind == CS_IMPLAUSIBLE_BONE_CA_LOW ? "below" : "above",
                 pl->kind == CS_IMPLAUSIBLE_BONE_CA_LOW ? CS_PLAUSIBLE_BONE_CA_MIN_PCT
                                                        : CS_PLAUSIBLE_BONE_CA_MAX_PCT,
                 pl->bone_start_g);
        break;
    default:
        snprintf(buf, n, "plausible");
        break;
    }
}

char *cs_plausibility_reason(const cs_plausibility *pl, char *buf, size_t n)
{
    if (!buf || n == 0)
        return NULL;
    if (!cs_plausibility_failed(pl)) {
        snprintf(buf, n, "plausible");
        return buf;
    }
    locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    locale_t old = c ? uselocale(c) : (locale_t)0;
    describe(pl, buf, n);
    size_t used = strlen(buf);
    if (used + 1 < n)
        snprintf(buf + used, n - used, " at day %.6g (year %.3g)", pl->t_days,
                 pl->t_days / CS_DAYS_PER_YEAR);
    if (c) {
        uselocale(old);
        freelocale(c);
    }
    return buf;
}
