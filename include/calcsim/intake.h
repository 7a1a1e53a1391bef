/*
 * calcsim/intake.h - the total vitamin D3 and vitamin K a parameter set feeds the model.
 *
 * A student sees two knobs for each vitamin (diet and supplement), and vitamin D3 has a
 * third, less visible source: synthesis in the skin (skin_d3_iu_per_day, 2000 IU/day by
 * default, an assumption of the model). These functions add them up, from a cs_params in
 * which the scenario's [foods] and every --set are already applied (cs_plate_apply() adds
 * the foods to the diet parameters, so "diet" below includes them).
 *
 * Supplements are given as discrete doses: every supplement_interval_days, a dose of the
 * daily amount times the interval, from supplement_start_day until (not on)
 * supplement_stop_day. The supplement parts below are the *daily average while the
 * supplement is taken* (a weekly 2800 IU dose counts as 400 IU/day), not the average over
 * a run that only partly overlaps the dosing window; cs_supplement_schedule tells whether
 * the dosing is daily and when it runs.
 *
 * Pure functions of the parameter values: no allocation, no output.
 */
#ifndef CALCSIM_INTAKE_H
#define CALCSIM_INTAKE_H

#include <stddef.h>

#include "calcsim/params.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The vitamin D3 inputs [IU/day]. */
typedef struct {
    double diet_iu;       /* d3_intake_iu_per_day (foods included) */
    double skin_iu;       /* skin_d3_iu_per_day: skin synthesis, a model assumption */
    double supplement_iu; /* d3_supplement_iu_per_day: daily average while it is taken */
    double total_iu;      /* diet + skin + supplement */
} cs_d3_totals;

/* The vitamin K inputs [ug/day], by kind; MK-7 stands for every long-chain menaquinone
 * (MK-5 to MK-10), as in the model. */
typedef struct {
    double k1_ug;         /* k1_intake_ug_per_day + k1_supplement_ug_per_day */
    double mk4_ug;        /* k2_intake x k2_diet_mk4_fraction + mk4_supplement_ug_per_day */
    double mk7_ug;        /* k2_intake x (1 - k2_diet_mk4_fraction) + mk7_supplement */
    double total_ug;      /* k1 + mk4 + mk7 */
    double diet_ug;       /* of the total, from the diet (foods included) */
    double supplement_ug; /* of the total, from supplements: daily average while taken */
} cs_vitk_totals;

/* When the supplements are taken (the same schedule for all four). */
typedef struct {
    double interval_days; /* supplement_interval_days: days between doses */
    double start_day;     /* supplement_start_day: the first dose */
    double stop_day;      /* supplement_stop_day: no dose on or after this day */
    double run_days;      /* the length of the run, years x 365.25 [d] */
    int daily;            /* 1 when interval_days is 1 */
    int whole_run;        /* 1 when doses run from day 0 to the end of the run */
} cs_supplement_schedule;

/*
 * The total vitamin D3 input [IU/day]: diet + skin + supplement (the supplement as its
 * daily average while taken). Returns NAN for NULL.
 */
double cs_params_d3_total_iu_per_day(const cs_params *p);

/* The vitamin D3 input split into diet, skin and supplement [IU/day]; all NAN for NULL. */
cs_d3_totals cs_params_d3_totals(const cs_params *p);

/* The vitamin K input by kind and by source [ug/day]; all NAN for NULL. */
cs_vitk_totals cs_params_vitk_totals(const cs_params *p);

/* The supplement dosing schedule of p; all NAN (daily and whole_run 0) for NULL. */
cs_supplement_schedule cs_params_supplement_schedule(const cs_params *p);

/*
 * Writes the vitamin D3 input as one line of text into buf (size n, always terminated):
 *   "2400 IU/day (diet 400 + skin 2000 [assumed] + supplement 0)"
 * A supplement that is not taken daily over the whole run gets its schedule in brackets:
 *   "... + supplement 400 [taken as 2800 IU every 7 d, from day 30])"
 * Numbers are "%.6g" in the calling thread's locale. Returns what snprintf() returns (the
 * length the text needs); 0 with buf "" for NULL p.
 */
int cs_params_d3_describe(const cs_params *p, char *buf, size_t n);

/*
 * Writes the vitamin K input as one line of text into buf, like cs_params_d3_describe():
 *   "130 ug/day (K1 100, MK-4 6, MK-7 24; diet 130 + supplement 0)"
 */
int cs_params_vitk_describe(const cs_params *p, char *buf, size_t n);

#ifdef __cplusplus
}
#endif
#endif
