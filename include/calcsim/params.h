/*
 * calcsim/params.h - the parameter table and parameter sets.
 *
 * One table (src/param_table.h) describes every model and run parameter: its name, unit,
 * default, allowed range, a one-line description and the source of its value. That table
 * drives scenario parsing, --set, range checks, `calcsim params` and docs/parameters.md.
 * A cs_params holds one value per table entry, indexed by table position.
 */
#ifndef CALCSIM_PARAMS_H
#define CALCSIM_PARAMS_H

#include "calcsim/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Capacity of a parameter set; the table holds at most this many entries. */
#define CS_PARAM_CAPACITY 96

/* One table entry. All strings are static and never NULL. */
typedef struct {
    const char *name;   /* public name, e.g. "k2_intake_ug_per_day" */
    const char *unit;   /* unit text, e.g. "ug/day"; "1" for dimensionless */
    double def;         /* default value, in unit */
    double min;         /* smallest allowed value, in unit */
    double max;         /* largest allowed value, in unit */
    const char *group;  /* "run", "diet", "supplement", "condition" or "physiology" */
    const char *desc;   /* one line: what the parameter means */
    const char *source; /* where the default comes from (facts.md tags) */
    const char *range;  /* why [min, max] is what it is */
    const char *label;  /* a short human name without the unit, for axes and legends (at
                           most 32 characters), e.g. "vitamin K2 intake" */
} cs_param_info;

/* A full parameter set: one value per table entry, in table units. */
typedef struct {
    double v[CS_PARAM_CAPACITY];
} cs_params;

/* Returns the number of entries in the parameter table. */
int cs_param_count(void);

/* Returns entry i (0 <= i < cs_param_count()), or NULL when i is out of range. */
const cs_param_info *cs_param_info_at(int i);

/* Returns the index of the parameter called name, or -1 when there is none (or name is NULL). */
int cs_param_find(const char *name);

/*
 * Returns the table name closest to name (Levenshtein distance), for "did you mean"
 * messages. Never NULL when the table is non-empty.
 */
const char *cs_param_suggest(const char *name);

/* Fills p with every default from the table. p must not be NULL. */
void cs_params_default(cs_params *p);

/* Returns the value of the parameter called name, or NAN when the name is unknown. */
double cs_params_get(const cs_params *p, const char *name);

/*
 * Sets parameter name to value after checking that the name exists and the value is finite
 * and inside [min, max]. On failure p is unchanged, err is filled (key = name) and
 * CS_EUSAGE (unknown name) or CS_ERANGE (non-finite or out of range) is returned.
 */
int cs_params_set(cs_params *p, const char *name, double value, cs_error *err);

/*
 * Like cs_params_set(), but parses text as a number first (C locale, whole string, no
 * trailing characters; "nan" and "inf" are refused). A malformed number gives CS_EPARSE.
 */
int cs_params_set_text(cs_params *p, const char *name, const char *text, cs_error *err);

/*
 * Checks the relations between parameters that single ranges cannot express: the output
 * interval must not be longer than the run, and supplement_stop_day must not come before
 * supplement_start_day. Returns CS_OK or CS_ERANGE with err filled.
 */
int cs_params_check(const cs_params *p, cs_error *err);

/*
 * Parses text as a finite double in the C locale, whatever the process locale is.
 * Returns CS_OK and stores the value, or CS_EPARSE when text is empty, has trailing
 * characters, overflows, or spells nan/inf. out is untouched on failure.
 */
int cs_parse_double(const char *text, double *out);

#ifdef __cplusplus
}
#endif
#endif
