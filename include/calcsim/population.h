/*
 * calcsim/population.h - virtual populations: cohorts and randomised trials.
 *
 * One simulated person cannot show a population odds ratio or a null trial. A population is
 * many people, each a parameter set drawn from documented distributions (intakes, age,
 * kidney function falling with age, between-person spread of the vessel constants, the
 * deposit already there). The distributions come from one table (src/pop_table.h), which a
 * cohort or trial file may override line by line in its [population] section.
 *
 * Files (read by the scenario loader, so they share its checks and file:line messages):
 *
 *   models/cohorts/NAME.ini   [cohort] title, teaches, people, history_from_age,
 *                             follow_up_years, outcome, outcome_name, source
 *                             [population] NAME = KIND A B [C] [: LO HI]
 *                             [exposure.PARAM] groups, cuts, published, published_measure
 *                             [parameters] fixed values, as in a scenario
 *   models/trials/NAME.ini    [trial] title, teaches, per_arm, replicates, duration_years,
 *                             cac_screen, cac_noise_scale, mgp_assay_cv, bone_scan_cv, source
 *                             [population], [inclusion] NAME = LO HI, [parameters],
 *                             [control] and [treated]: parameter values per arm
 *
 * Random numbers: person i of stream s (a trial replicate; 0 for a cohort) draws from its own
 * MT19937 generator, seeded from (seed, s, i) by a fixed hash, so the people do not depend on
 * the number of threads or on which people a shard runs.
 *
 * Everything is run through the library's ordered runner (calcsim/runner.h). Nothing here
 * prints, exits or aborts.
 */
#ifndef CALCSIM_POPULATION_H
#define CALCSIM_POPULATION_H

#include <stddef.h>
#include <stdint.h>

#include "calcsim/error.h"
#include "calcsim/params.h"
#include "calcsim/runner.h"
#include "calcsim/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CS_POP_MAX_DIST      24 /* distributions in one population */
#define CS_POP_MAX_EXPOSURES 4  /* exposures one cohort reports */
#define CS_POP_MAX_GROUPS    5  /* groups (quantiles) per exposure */
#define CS_POP_MAX_PEOPLE    10000000ULL
#define CS_POP_MAX_ARM_SET   16 /* parameter values one trial arm sets */
#define CS_POP_MAX_INCLUSION 8

/* The kinds of distribution. */
typedef enum {
    CS_DIST_FIXED = 0,    /* a: the value */
    CS_DIST_NORMAL,       /* a: mean, b: standard deviation */
    CS_DIST_LOGNORMAL,    /* a: median, b: sigma of ln */
    CS_DIST_UNIFORM,      /* a: low, b: high */
    CS_DIST_LOGNORMAL_AGE /* a: median at age 50, b: slope of ln(median) per year, c: sigma */
} cs_dist_kind;

/* One distribution: what is drawn and how. */
typedef struct {
    char name[64];      /* "age_years" or a parameter name */
    int param;          /* parameter index, or -1 for age_years */
    cs_dist_kind kind;  /* how */
    double a, b, c;     /* the kind's numbers (see cs_dist_kind) */
    double lo, hi;      /* truncation: drawn values outside are drawn again */
    const char *unit;   /* static */
    const char *source; /* static: where the numbers come from, or "the file" */
} cs_dist;

/* The default table (src/pop_table.h): entry i, or NULL. */
int cs_dist_count(void);
const cs_dist *cs_dist_default_at(int i);
const char *cs_dist_kind_name(cs_dist_kind k);
/* "lognormal 26.6 0.48" (C locale, %.6g), truncated to fit n. Returns buf. */
char *cs_dist_text(const cs_dist *d, char *buf, size_t n);
/* Parses "KIND A B [C] [: LO HI]" for the named quantity into d. CS_OK or CS_EPARSE /
 * CS_ERANGE / CS_EUSAGE with why filled (one line). */
int cs_dist_parse(const char *name, const char *text, cs_dist *d, char *why, size_t n);

/* A population: the base scenario, the distributions and the simulated span. */
typedef struct {
    cs_scenario sc; /* title, teaches, fixed [parameters] */
    int ndist;      /* distributions, age_years first */
    cs_dist dist[CS_POP_MAX_DIST];
    double history_from_age; /* > 0: the run starts at this age; 0: at the person's age */
    double follow_up_years;  /* the run ends this long after the person's age */
    char source[512];        /* the study it stands for */
} cs_population;

/* One drawn person. */
typedef struct {
    double age;                    /* age at entry (survey or enrolment) [yr] */
    double start_age;              /* age at which the run starts [yr] */
    double value[CS_POP_MAX_DIST]; /* the drawn values, in the population's order */
    cs_params p;                   /* the parameter set, years and output grid included */
} cs_person;

/*
 * Draws person `index` of stream `stream` into out. Parameter values are drawn inside their
 * table ranges and the file's LO HI. Returns CS_OK, or CS_ERANGE when truncation rejects
 * 1000 draws in a row (err says which distribution).
 */
int cs_population_draw(const cs_population *pop, uint64_t seed, uint64_t stream, uint64_t index,
                       cs_person *out, cs_error *err);

/* Sets the run length of p to years (at least 0.01) with quarterly output rows (or one row
 * at the end of a shorter run): population runs need only the ends of each run. */
void cs_population_set_years(cs_params *p, double years);

/* The fixed 64-bit hash that seeds person `index` of `stream` (SplitMix64 finaliser). */
uint64_t cs_pop_hash(uint64_t seed, uint64_t stream, uint64_t index);

/* Index of the distribution called name, or -1. */
int cs_population_find(const cs_population *pop, const char *name);

/* ---- cohorts ------------------------------------------------------------------------- */

typedef struct {
    char name[64]; /* the drawn quantity, e.g. "k2_intake_ug_per_day" */
    int dist;      /* its index in the population */
    int groups;    /* 2 .. CS_POP_MAX_GROUPS */
    int ncuts;     /* 0: sample quantiles; else groups - 1 fixed cut-offs */
    double cuts[CS_POP_MAX_GROUPS - 1];
    int npub;                         /* published estimates for groups 2..groups (0 when none) */
    double pub[CS_POP_MAX_GROUPS][3]; /* estimate, low, high */
    char measure[16];                 /* "odds_ratio" or "risk_ratio": what pub holds */
} cs_exposure;

typedef struct {
    cs_population pop;
    uint64_t people;          /* default number of people */
    int outcome_metric;       /* sweep metric index */
    char outcome_renamed[32]; /* the calcsim 0.1.0 name the file gave the metric (accepted
                                 until 0.3.0, cs_sweep_metric_renamed()), else "" */
    double outcome_threshold; /* a case has metric >= threshold */
    char outcome_name[128];
    int nexp;
    cs_exposure exp[CS_POP_MAX_EXPOSURES];
} cs_cohort;

int cs_cohort_load(const char *path, cs_cohort *c, cs_error *err);

/* One person's result, as a cohort delivers it. */
typedef struct {
    uint64_t index; /* 0-based person number */
    const cs_person *person;
    int status;            /* 0 ok, 1 implausible, 2 failed */
    char why[96];          /* failure or implausibility reason */
    const double *metrics; /* cs_sweep_metric_count() values (NAN for a failed run) */
    int is_case;           /* outcome metric >= threshold */
} cs_cohort_row;

typedef struct {
    uint64_t people, seed;
    int jobs;
    uint64_t shard_k, shard_n; /* run people with index % shard_n == shard_k - 1 (1-based k);
                                  0, 0: all */
    /* Called in person order for every person run. Non-CS_OK stops the cohort. */
    int (*row)(void *ctx, const cs_cohort_row *r, cs_error *err);
    int (*poll)(void *ctx, uint64_t delivered); /* optional, as cs_runner_job.poll */
    void *ctx;
} cs_cohort_run_opts;

int cs_cohort_run(const cs_cohort *c, const cs_cohort_run_opts *o, cs_runner_stats *st,
                  cs_error *err);

/* One line of a cohort summary. */
typedef struct {
    int exposure; /* index in c->exp */
    int group;    /* 1 = lowest */
    uint64_t n, cases;
    double exposure_low, exposure_high; /* lowest and highest value in the group */
    double prevalence;                  /* cases / n */
    double odds_ratio, or_low, or_high; /* against group 1 (1 for group 1) */
    double risk_ratio, rr_low, rr_high;
} cs_cohort_group;

/*
 * Groups n people by each exposure (values[e][i]) and counts cases (is_case[i]); people with
 * a NAN value are left out. out holds nexp * groups lines (exposure, then group). Returns
 * CS_OK or CS_EUSAGE.
 */
int cs_cohort_summarise(const cs_cohort *c, const double *const *values, const int *is_case,
                        size_t n, cs_cohort_group *out, size_t *nout, cs_error *err);

/* ---- trials -------------------------------------------------------------------------- */

enum { CS_EP_CAC = 0, CS_EP_UCMGP, CS_EP_BONE, CS_NENDPOINTS };
/* Endpoint name ("cac_change_au", ...) and unit. */
const char *cs_endpoint_name(int e);
const char *cs_endpoint_unit(int e);

typedef struct {
    int param;
    double value;
} cs_param_value;

typedef struct {
    cs_population pop;
    uint64_t per_arm, replicates;
    double duration_years;
    double cac_lo, cac_hi;  /* inclusion on the measured screening score [AU]; hi 0: none */
    double cac_noise_scale; /* 1: MESA scan-rescan repeatability; 0: perfect scans */
    double mgp_assay_cv, bone_scan_cv; /* relative SD of one measurement */
    double adherence;                  /* share of the treated arm who take what it gets (ITT) */
    int nincl;
    struct {
        int dist;
        double lo, hi;
    } incl[CS_POP_MAX_INCLUSION];
    int narm[2]; /* [0] control, [1] treated */
    cs_param_value arm[2][CS_POP_MAX_ARM_SET];
} cs_trial;

int cs_trial_load(const char *path, cs_trial *t, cs_error *err);

/* One participant, as a trial delivers it. */
typedef struct {
    uint64_t replicate, index; /* index within the replicate, 0 .. 2 per_arm - 1 */
    int arm;                   /* 0 control, 1 treated */
    const cs_person *person;
    double cac_true0, cac_true1;    /* the model's score at entry and at the end [AU] */
    double cac0, cac1;              /* the measured scores */
    double endpoint[CS_NENDPOINTS]; /* measured changes */
    int ok;                         /* 0: the run failed (endpoints NAN) */
} cs_trial_person;

/* Per endpoint, the result of a trial. */
typedef struct {
    int endpoint;
    uint64_t per_arm;
    double mean_control, mean_treated, difference, ci_low, ci_high, p_value; /* replicate 1 */
    double power;                /* share of replicates with p < 0.05 */
    double mean_difference;      /* over all replicates */
    uint64_t replicates, failed; /* failed runs, all replicates */
} cs_trial_result;

typedef struct {
    uint64_t per_arm, replicates, seed;
    int jobs;
    /* Optional: called in order for every participant of replicate 1. */
    int (*person)(void *ctx, const cs_trial_person *p, cs_error *err);
    int (*poll)(void *ctx, uint64_t delivered);
    void *ctx;
} cs_trial_run_opts;

/* Runs the trial; res[CS_NENDPOINTS]. */
int cs_trial_run(const cs_trial *t, const cs_trial_run_opts *o, cs_trial_result *res,
                 cs_runner_stats *st, cs_error *err);

/* ---- statistics (exposed for tests) ----------------------------------------------------- */

/* Welch's t-test of b against a: difference mean_b - mean_a, its 95 % CI and the two-sided
 * p (GSL's t distribution). Needs na, nb >= 2. Returns CS_OK or CS_EUSAGE. */
int cs_welch(double mean_a, double var_a, double na, double mean_b, double var_b, double nb,
             double *diff, double *lo, double *hi, double *p);

/* Odds ratio and risk ratio of (a cases of n1) against (c cases of n0) with 95 % CIs (Woolf
 * and Katz, on the log scale; 0.5 added to every cell when one is 0). */
void cs_odds_ratio(double a, double n1, double c, double n0, double *or_, double *lo, double *hi);
void cs_risk_ratio(double a, double n1, double c, double n0, double *rr, double *lo, double *hi);

#ifdef __cplusplus
}
#endif
#endif
