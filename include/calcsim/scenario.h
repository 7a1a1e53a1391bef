/*
 * calcsim/scenario.h - scenario files (models/NAME.ini), read with libinih.
 *
 * A scenario file has two sections:
 *
 *   [scenario]
 *   title = K2 supplement (MK-7)
 *   label = MK-7 180 ug/day
 *   teaches = One paragraph on what the scenario shows. Continuation lines
 *     start with white space.
 *
 *   [parameters]
 *   mk7_supplement_ug_per_day = 180
 *
 *   [foods]
 *   natto = 10
 *
 * label (optional, at most 40 characters) is the short name a figure's legend shows.
 * Every key in [parameters] must be a name from the parameter table, given once, with a
 * finite number inside the allowed range. [foods] (optional) names foods from the food table
 * (calcsim/foods.h) with grams eaten per day; their nutrients add to the intake parameters
 * of [parameters] (cs_plate_apply()). Unknown sections, unknown keys, duplicate keys,
 * malformed numbers, empty files and binary files are errors that name file:line.
 */
#ifndef CALCSIM_SCENARIO_H
#define CALCSIM_SCENARIO_H

#include "calcsim/error.h"
#include "calcsim/foods.h"
#include "calcsim/params.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    char name[128];     /* file name without directory and .ini */
    char path[1024];    /* the path it was loaded from */
    char title[256];    /* one-line title */
    char label[41];     /* short legend label ("label =", optional); "" when not given:
                           cs_scenario_label() then gives the name */
    char teaches[2048]; /* paragraph: what the scenario teaches */
    cs_params params;   /* what a run uses: base plus the foods (cs_plate_apply()) */
    int nset;           /* how many parameters the file sets */
    cs_params base;     /* defaults overridden by the file's [parameters] and by
                           cs_scenario_set(), before the foods are added */
    cs_plate foods;     /* grams per day of each food, from [foods] and cs_scenario_set() */
} cs_scenario;

/*
 * Loads the scenario file at path into sc (defaults first, then the file's values).
 * Returns CS_OK, CS_EIO (missing or unreadable), or CS_EPARSE / CS_ERANGE / CS_EUSAGE with
 * err->file and err->line naming the offending line.
 */
int cs_scenario_load(const char *path, cs_scenario *sc, cs_error *err);

/* The scenario's legend label: its "label =" value, or its name when the file gives none. */
const char *cs_scenario_label(const cs_scenario *sc);

/*
 * Sets one value of a loaded scenario from text, as --set NAME=VALUE does: "food.FOOD" sets
 * grams per day of FOOD on the plate, any other name a parameter of the base; then
 * sc->params is rebuilt as base plus foods. So an intake parameter set here is the diet
 * besides the foods, and the foods still add to it. On failure sc is unchanged and the code
 * of cs_params_set_text() or cs_plate_set_text() is returned (CS_ERANGE when the foods would
 * push an intake out of its range).
 */
int cs_scenario_set(cs_scenario *sc, const char *name, const char *text, cs_error *err);

/*
 * Files that are scenarios plus more (cohort and trial definitions, calcsim/population.h)
 * are read by the same loader, with the same checks and messages. head names the section
 * that holds title and teaches instead of [scenario]; its other keys, and every key of the
 * extra sections, go to on_pair(). A section written "NAME.*" admits [NAME.anything].
 * on_pair() returns CS_OK, or an error code with why (size n) filled: one line saying what
 * is wrong and what is allowed; the loader adds file:line.
 */
typedef struct {
    const char *head;            /* e.g. "cohort"; NULL: "scenario" */
    const char *const *sections; /* further sections, NULL-terminated; may be NULL */
    int (*on_pair)(void *ctx, const char *section, const char *name, const char *value, char *why,
                   unsigned long n);
    void *ctx;
} cs_scenario_ext;

/* Loads a file with extra sections (see cs_scenario_ext). ext may be NULL. */
int cs_scenario_load_ext(const char *path, cs_scenario *sc, const cs_scenario_ext *ext,
                         cs_error *err);

/*
 * Resolves name to a file: a name containing '/' or ending in ".ini" is taken as a path;
 * any other name is looked up as dir/NAME.ini. Writes the path to out (size n).
 * Returns CS_OK, or CS_EUSAGE when a bare name has no file in dir (err names the
 * scenarios that exist).
 */
int cs_scenario_resolve(const char *name, const char *dir, char *out, unsigned long n,
                        cs_error *err);

/* The same, with kind ("cohort", "trial") naming what is looked up in the messages. */
int cs_scenario_resolve_kind(const char *name, const char *dir, const char *kind, char *out,
                             unsigned long n, cs_error *err);

/*
 * Lists the scenario names in dir (files NAME.ini), sorted. Calls fn(ctx, name, path) for
 * each. Returns the number found, or CS_EIO when dir cannot be read.
 */
int cs_scenario_list(const char *dir, void (*fn)(void *ctx, const char *name, const char *path),
                     void *ctx, cs_error *err);

#ifdef __cplusplus
}
#endif
#endif
