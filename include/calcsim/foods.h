/*
 * calcsim/foods.h - the food table and plates: foods as scenario input.
 *
 * One table (src/food_table.h) lists what 100 g of each food brings: vitamin K1, MK-4, MK-7,
 * the long-chain menaquinones MK-8 to MK-10, calcium, vitamin D and magnesium, each value with
 * its source. It drives the [foods] section of scenario files, --set food.NAME=GRAMS,
 * `calcsim foods` and docs/foods.md.
 *
 * A plate is grams per day of each food. Its totals add to the intake parameters of a base
 * parameter set (cs_plate_apply()):
 *
 *   k1_intake_ug_per_day        += K1
 *   k2_intake_ug_per_day        += MK-4 + MK-7 + MK-8..10
 *   k2_diet_mk4_fraction         = (base K2 x base fraction + food MK-4) / total K2
 *   calcium_intake_mg_per_day   += calcium
 *   d3_intake_iu_per_day        += 40 x vitamin D [ug]
 *   magnesium_intake_mg_per_day += magnesium
 *
 * ASSUMPTION: all menaquinones longer than MK-4 count one to one, by mass, as the model's
 * long-chain (MK-7-like) kind; see docs/foods.md.
 */
#ifndef CALCSIM_FOODS_H
#define CALCSIM_FOODS_H

#include "calcsim/error.h"
#include "calcsim/params.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Capacity of a plate; the food table holds at most this many foods. */
#define CS_FOOD_CAPACITY 64

/* Most of one food a plate may hold [g/day]: about three large plates of it. */
#define CS_FOOD_MAX_G_PER_DAY 1500.0

/* International units of vitamin D per microgram. */
#define CS_FOOD_IU_PER_UG_D 40.0

/* One food. Amounts are per 100 g of food; all strings are static and never NULL. */
typedef struct {
    const char *name;   /* key in [foods] and food.NAME, e.g. "natto" */
    const char *label;  /* a readable name, e.g. "Natto (fermented soybeans)" */
    const char *group;  /* "cheese", "dairy", "fermented", "egg", "meat", "fish", ... */
    double k1_ug;       /* vitamin K1 (phylloquinone) [ug/100 g] */
    double mk4_ug;      /* menaquinone-4 [ug/100 g] */
    double mk7_ug;      /* menaquinone-7 (with MK-5, MK-6 where listed) [ug/100 g] */
    double mk8_10_ug;   /* menaquinones MK-8 to MK-10 [ug/100 g] */
    double ca_mg;       /* calcium [mg/100 g] */
    double d_ug;        /* vitamin D [ug/100 g] */
    double mg_mg;       /* magnesium [mg/100 g] */
    const char *source; /* where each value comes from, with [R]/[D]/[M] tags */
} cs_food_info;

/* Grams per day of each food, indexed by table position. Zero it for an empty plate. */
typedef struct {
    double g[CS_FOOD_CAPACITY];
} cs_plate;

/* What a plate adds per day. */
typedef struct {
    double k1_ug;     /* vitamin K1 [ug/day] */
    double mk4_ug;    /* MK-4 [ug/day] */
    double mklong_ug; /* MK-5 to MK-10, counted as MK-7 [ug/day] */
    double ca_mg;     /* calcium [mg/day] */
    double d3_iu;     /* vitamin D [IU/day] */
    double mg_mg;     /* magnesium [mg/day] */
} cs_food_totals;

/* Returns the number of foods in the table. */
int cs_food_count(void);

/* Returns food i (0 <= i < cs_food_count()), or NULL when i is out of range. */
const cs_food_info *cs_food_info_at(int i);

/* Returns the index of the food called name, or -1 (also for NULL). */
int cs_food_find(const char *name);

/* Returns the food name closest to name, for "did you mean" messages; never NULL. */
const char *cs_food_suggest(const char *name);

/*
 * Sets grams per day of food name on plate p after checking that the food exists and that
 * 0 <= grams <= CS_FOOD_MAX_G_PER_DAY. On failure p is unchanged, err is filled (key = name)
 * and CS_EUSAGE (unknown food, with the closest name) or CS_ERANGE (negative, too much or
 * not finite) is returned.
 */
int cs_plate_set(cs_plate *p, const char *name, double grams, cs_error *err);

/* Like cs_plate_set(), but parses text first (C locale, whole string); CS_EPARSE when it is
 * not a number. */
int cs_plate_set_text(cs_plate *p, const char *name, const char *text, cs_error *err);

/* Returns the number of foods on the plate with a positive amount (0 for NULL). */
int cs_plate_count(const cs_plate *p);

/* Fills t with what plate p adds per day (all zero for NULL p). */
void cs_plate_totals(const cs_plate *p, cs_food_totals *t);

/*
 * Writes base plus the plate's totals to out (out may be base): the mapping in the header
 * comment. Fails with CS_ERANGE, out unchanged, when a total leaves its parameter's range;
 * err then names the parameter, the base and food parts and the range. p may be NULL (out =
 * base).
 */
int cs_plate_apply(const cs_plate *p, const cs_params *base, cs_params *out, cs_error *err);

#ifdef __cplusplus
}
#endif
#endif
