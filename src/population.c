/*
 * population.c - distributions, drawing people, and cohort and trial files
 * (calcsim/population.h). Running them: population_run.c. Statistics: popstats.c.
 */
#include "calcsim/population.h"
#include "calcsim/sweep.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "param_ids.h"
#include "pop_table.h"

#define D(NAME, KIND, A, B, C, LO, HI, UNIT, SRC) {NAME, -1, KIND, A, B, C, LO, HI, UNIT, SRC},
static const cs_dist defaults[] = {CS_POP_TABLE(D)};
#undef D
#define NDEFAULTS ((int)(sizeof defaults / sizeof defaults[0]))

int cs_dist_count(void)
{
    return NDEFAULTS;
}

const cs_dist *cs_dist_default_at(int i)
{
    return i >= 0 && i < NDEFAULTS ? &defaults[i] : NULL;
}

static const char *const kind_names[] = {"fixed", "normal", "lognormal", "uniform",
                                         "lognormal_age"};
static const int kind_numbers[] = {1, 2, 2, 2, 3};

const char *cs_dist_kind_name(cs_dist_kind k)
{
    return (unsigned)k < sizeof kind_names / sizeof kind_names[0] ? kind_names[k] : "?";
}

char *cs_dist_text(const cs_dist *d, char *buf, size_t n)
{
    double v[3] = {d->a, d->b, d->c};
    int used = snprintf(buf, n, "%s", cs_dist_kind_name(d->kind));
    for (int i = 0; i < kind_numbers[d->kind] && used >= 0 && (size_t)used < n; i++)
        used += snprintf(buf + used, n - (size_t)used, " %.6g", v[i]);
    return buf;
}

/* Reads the next C-locale number of text at *s; returns 1, or 0 when there is none. */
static int next_number(const char **s, double *out)
{
    while (**s == ' ' || **s == '\t')
        (*s)++;
    const char *start = *s;
    while (**s && **s != ' ' && **s != '\t' && **s != ':' && **s != ',' && **s != ';')
        (*s)++;
    if (*s == start)
        return 0;
    char tok[64];
    size_t len = (size_t)(*s - start);
    if (len >= sizeof tok)
        return 0;
    memcpy(tok, start, len);
    tok[len] = '\0';
    return cs_parse_double(tok, out) == CS_OK;
}

/* The quantity's range: the parameter table's, or [0, 120] for age_years. */
static int quantity_range(const char *name, int *param, double *lo, double *hi, const char **unit)
{
    if (strcmp(name, "age_years") == 0) {
        *param = -1, *lo = 18, *hi = 110, *unit = "yr";
        return 1;
    }
    int i = cs_param_find(name);
    const cs_param_info *in = cs_param_info_at(i);
    if (!in || strcmp(in->group, "run") == 0)
        return 0;
    *param = i, *lo = in->min, *hi = in->max, *unit = in->unit;
    return 1;
}

int cs_dist_parse(const char *name, const char *text, cs_dist *d, char *why, size_t n)
{
    int param;
    double qlo, qhi;
    const char *unit;
    if (!quantity_range(name, &param, &qlo, &qhi, &unit)) {
        snprintf(why, n,
                 "'%s' cannot be drawn; allowed: age_years or a parameter outside the run "
                 "group (did you mean '%s'?)",
                 name, cs_param_suggest(name));
        return CS_EUSAGE;
    }
    memset(d, 0, sizeof *d);
    snprintf(d->name, sizeof d->name, "%s", name);
    d->param = param;
    d->unit = unit;
    d->source = "the file";
    const char *s = text;
    while (*s == ' ' || *s == '\t')
        s++;
    int k = -1;
    for (int i = 0; i < (int)(sizeof kind_names / sizeof kind_names[0]); i++) {
        size_t l = strlen(kind_names[i]);
        if (strncmp(s, kind_names[i], l) == 0 && (s[l] == ' ' || s[l] == '\t'))
            k = i;
    }
    if (k < 0) {
        snprintf(why, n,
                 "'%s' is not a distribution; write KIND NUMBERS [: LO HI] with KIND fixed, "
                 "normal, lognormal, uniform or lognormal_age",
                 text);
        return CS_EPARSE;
    }
    d->kind = (cs_dist_kind)k;
    s += strlen(kind_names[k]);
    double v[3] = {0, 0, 0};
    for (int i = 0; i < kind_numbers[k]; i++)
        if (!next_number(&s, &v[i])) {
            snprintf(why, n, "%s needs %d number%s (C-locale decimals) after its name",
                     kind_names[k], kind_numbers[k], kind_numbers[k] > 1 ? "s" : "");
            return CS_EPARSE;
        }
    d->a = v[0], d->b = v[1], d->c = v[2];
    d->lo = qlo, d->hi = qhi;
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == ':') {
        s++;
        double lo, hi;
        if (!next_number(&s, &lo) || !next_number(&s, &hi) || !(lo < hi)) {
            snprintf(why, n, "after ':' give LO HI with LO < HI, the truncation of %s", name);
            return CS_EPARSE;
        }
        if (lo < qlo || hi > qhi) {
            snprintf(why, n, "%s truncation %g to %g is outside its range %g to %g %s", name, lo,
                     hi, qlo, qhi, unit);
            return CS_ERANGE;
        }
        d->lo = lo, d->hi = hi;
    }
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s) {
        snprintf(why, n, "unexpected '%s' after the numbers of %s", s, kind_names[k]);
        return CS_EPARSE;
    }
    int bad = 0;
    switch (d->kind) {
    case CS_DIST_FIXED:
        bad = !(d->a >= d->lo && d->a <= d->hi);
        break;
    case CS_DIST_NORMAL:
        bad = !(d->b >= 0);
        break;
    case CS_DIST_LOGNORMAL:
        bad = !(d->a > 0 && d->b >= 0);
        break;
    case CS_DIST_UNIFORM:
        bad = !(d->a < d->b && d->a >= d->lo && d->b <= d->hi);
        break;
    case CS_DIST_LOGNORMAL_AGE:
        bad = !(d->a > 0 && d->c >= 0);
        break;
    }
    if (bad) {
        snprintf(why, n,
                 "%s %s: the numbers are not a valid distribution inside %g to %g %s (SD and "
                 "sigma >= 0, medians > 0, uniform LOW < HIGH)",
                 name, kind_names[k], d->lo, d->hi, unit);
        return CS_ERANGE;
    }
    return CS_OK;
}

int cs_population_find(const cs_population *pop, const char *name)
{
    for (int i = 0; i < pop->ndist; i++)
        if (strcmp(pop->dist[i].name, name) == 0)
            return i;
    return -1;
}

/* SplitMix64 finaliser: a fixed, well-mixed hash of 64 bits. */
static uint64_t mix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

void cs_population_set_years(cs_params *p, double years)
{
    if (!(years >= 0.01))
        years = 0.01;
    p->v[CS_P_YEARS] = years;
    p->v[CS_P_OUTPUT_EVERY] = years * 365.25 < 91.3125 ? years * 365.25 : 91.3125;
}

uint64_t cs_pop_hash(uint64_t seed, uint64_t stream, uint64_t index)
{
    return mix64(mix64(mix64(seed) ^ stream) ^ index);
}

/* One draw of d at age (the age the distribution is evaluated at). */
static double draw_once(const cs_dist *d, double age, gsl_rng *r)
{
    switch (d->kind) {
    case CS_DIST_FIXED:
        return d->a;
    case CS_DIST_NORMAL:
        return d->a + gsl_ran_gaussian(r, d->b);
    case CS_DIST_LOGNORMAL:
        return d->a * exp(gsl_ran_gaussian(r, d->b));
    case CS_DIST_UNIFORM:
        return d->a + (d->b - d->a) * gsl_rng_uniform(r);
    case CS_DIST_LOGNORMAL_AGE:
        return d->a * exp(d->b * (age - 50.0) + gsl_ran_gaussian(r, d->c));
    }
    return NAN;
}

int cs_population_draw(const cs_population *pop, uint64_t seed, uint64_t stream, uint64_t index,
                       cs_person *out, cs_error *err)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r)
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    uint64_t h = cs_pop_hash(seed, stream, index);
    gsl_rng_set(r, (unsigned long)(h & 0xFFFFFFFFUL) ^ (unsigned long)(h >> 32));
    memset(out, 0, sizeof *out);
    out->p = pop->sc.params;
    int rc = CS_OK;
    for (int i = 0; i < pop->ndist && rc == CS_OK; i++) {
        const cs_dist *d = &pop->dist[i];
        double age = out->age;
        if (d->kind == CS_DIST_LOGNORMAL_AGE) {
            double end = out->age + pop->follow_up_years;
            age = d->param == CS_P_VESSEL0 ? out->start_age : 0.5 * (out->start_age + end);
        }
        double v = NAN;
        int tries = 0;
        do
            v = draw_once(d, age, r);
        while (!(v >= d->lo && v <= d->hi) && ++tries < 1000);
        if (tries >= 1000) {
            rc = cs_error_set(err, CS_ERANGE, NULL, 0, d->name,
                              "%s: 1000 draws in a row fell outside %g to %g; widen the "
                              "truncation or move the distribution",
                              d->name, d->lo, d->hi);
            break;
        }
        out->value[i] = v;
        if (d->param < 0) {
            out->age = v;
            out->start_age =
                pop->history_from_age > 0 && pop->history_from_age < v ? pop->history_from_age : v;
        } else {
            out->p.v[d->param] = v;
        }
    }
    gsl_rng_free(r);
    if (rc != CS_OK)
        return rc;
    cs_population_set_years(&out->p, out->age + pop->follow_up_years - out->start_age);
    return CS_OK;
}

/* ---- loading ---------------------------------------------------------------------------- */

/* What the loaders share while the scenario loader reads a file. */
typedef struct {
    cs_population *pop;
    cs_cohort *cohort; /* one of these two */
    cs_trial *trial;
    int seen[CS_POP_MAX_DIST];
    int have_people, have_outcome;
} pop_loader;

static int set_why(char *why, size_t n, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Writes one line of what is wrong into why (size n) and returns code. */
static int set_why(char *why, size_t n, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, n, fmt, ap);
    va_end(ap);
    return code;
}

/* Parses a whole number in [lo, hi]. */
static int parse_count(const char *text, uint64_t lo, uint64_t hi, uint64_t *out)
{
    double v;
    if (cs_parse_double(text, &v) != CS_OK || v != floor(v) || v < (double)lo || v > (double)hi)
        return 0;
    *out = (uint64_t)v;
    return 1;
}

static int parse_number_in(const char *text, double lo, double hi, double *out)
{
    double v;
    if (cs_parse_double(text, &v) != CS_OK || !(v >= lo && v <= hi))
        return 0;
    *out = v;
    return 1;
}

/* [population] NAME = KIND ... : replaces the default or adds a distribution. */
static int on_population(pop_loader *L, const char *name, const char *value, char *why, size_t n)
{
    cs_dist d;
    int rc = cs_dist_parse(name, value, &d, why, n);
    if (rc != CS_OK)
        return rc;
    int i = cs_population_find(L->pop, name);
    if (i >= 0 && L->seen[i])
        return set_why(why, n, CS_EPARSE, "'%s' is given twice in [population]", name);
    if (i < 0) {
        if (L->pop->ndist >= CS_POP_MAX_DIST)
            return set_why(why, n, CS_EUSAGE, "too many distributions (at most 24)");
        i = L->pop->ndist++;
    }
    L->pop->dist[i] = d;
    L->seen[i] = 1;
    return CS_OK;
}

/* Keys every population file's head section has. Returns 1 when handled (rc set). */
static int on_common_head(pop_loader *L, const char *name, const char *value, char *why, size_t n,
                          int *rc)
{
    cs_population *pop = L->pop;
    *rc = CS_OK;
    if (strcmp(name, "source") == 0) {
        snprintf(pop->source, sizeof pop->source, "%s", value);
    } else if (strcmp(name, "history_from_age") == 0) {
        if (!parse_number_in(value, 0, 110, &pop->history_from_age))
            *rc = set_why(why, n, CS_ERANGE,
                          "history_from_age '%s' must be a number from 0 (none) to 110 yr", value);
    } else if (strcmp(name, "follow_up_years") == 0) {
        if (!parse_number_in(value, 0, 60, &pop->follow_up_years))
            *rc = set_why(why, n, CS_ERANGE, "follow_up_years '%s' must be 0 to 60 yr", value);
    } else {
        return 0;
    }
    return 1;
}

/* Parses "A B C; A B C; ..." into pub; returns the number of triples, or -1. */
static int parse_published(const char *text, double pub[][3], int max)
{
    const char *s = text;
    int k = 0;
    while (*s) {
        if (k >= max)
            return -1;
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == '-' && (s[1] == ';' || s[1] == ' ' || s[1] == '\0')) { /* not published */
            s++;
            pub[k][0] = pub[k][1] = pub[k][2] = NAN;
            k++;
            while (*s == ' ' || *s == '\t')
                s++;
            if (*s == ';')
                s++;
            else if (*s)
                return -1;
            continue;
        }
        for (int j = 0; j < 3; j++)
            if (!next_number(&s, &pub[k][j]) || !(pub[k][j] > 0))
                return -1;
        if (!(pub[k][1] <= pub[k][0] && pub[k][0] <= pub[k][2]))
            return -1;
        k++;
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == ';')
            s++;
        else if (*s)
            return -1;
    }
    return k;
}

static int on_exposure(pop_loader *L, const char *section, const char *name, const char *value,
                       char *why, size_t n)
{
    cs_cohort *c = L->cohort;
    const char *q = section + strlen("exposure.");
    int e = -1;
    for (int i = 0; i < c->nexp; i++)
        if (strcmp(c->exp[i].name, q) == 0)
            e = i;
    if (e < 0) {
        int d = cs_population_find(&c->pop, q);
        if (d < 0)
            return set_why(why, n, CS_EUSAGE,
                           "[exposure.%s]: '%s' is not drawn in [population] or the default "
                           "table; an exposure must be a drawn quantity",
                           q, q);
        if (c->nexp >= CS_POP_MAX_EXPOSURES)
            return set_why(why, n, CS_EUSAGE, "too many exposures (at most 4)");
        e = c->nexp++;
        cs_exposure *x = &c->exp[e];
        memset(x, 0, sizeof *x);
        snprintf(x->name, sizeof x->name, "%s", q);
        x->dist = d;
        x->groups = 3;
        snprintf(x->measure, sizeof x->measure, "odds_ratio");
    }
    cs_exposure *x = &c->exp[e];
    if (strcmp(name, "groups") == 0) {
        uint64_t g;
        if (!parse_count(value, 2, CS_POP_MAX_GROUPS, &g))
            return set_why(why, n, CS_ERANGE, "groups '%s' must be a whole number from 2 to 5",
                           value);
        x->groups = (int)g;
    } else if (strcmp(name, "cuts") == 0) {
        const char *s = value;
        x->ncuts = 0;
        while (*s) {
            double v;
            if (x->ncuts >= CS_POP_MAX_GROUPS - 1 || !next_number(&s, &v) ||
                (x->ncuts > 0 && !(v > x->cuts[x->ncuts - 1])))
                return set_why(why, n, CS_EPARSE,
                               "cuts '%s' must be up to 4 rising numbers separated by commas",
                               value);
            x->cuts[x->ncuts++] = v;
            while (*s == ' ' || *s == ',')
                s++;
        }
    } else if (strcmp(name, "published") == 0) {
        int k = parse_published(value, x->pub, CS_POP_MAX_GROUPS - 1);
        if (k < 1)
            return set_why(why, n, CS_EPARSE,
                           "published '%s' must be 'ESTIMATE LOW HIGH' (or '-' when not "
                           "published) per group from the second, separated by ';', with LOW "
                           "<= ESTIMATE <= HIGH, all > 0",
                           value);
        x->npub = k;
    } else if (strcmp(name, "published_measure") == 0) {
        if (strcmp(value, "odds_ratio") != 0 && strcmp(value, "risk_ratio") != 0)
            return set_why(why, n, CS_EUSAGE,
                           "published_measure '%s' must be odds_ratio or risk_ratio", value);
        snprintf(x->measure, sizeof x->measure, "%s", value);
    } else {
        return set_why(why, n, CS_EPARSE,
                       "unknown key '%s' in [%s]; allowed: groups, cuts, published, "
                       "published_measure",
                       name, section);
    }
    return CS_OK;
}

/* "METRIC >= NUMBER" */
static int parse_outcome(cs_cohort *c, const char *value, char *why, size_t n)
{
    char metric[96];
    const char *ge = strstr(value, ">=");
    size_t len = ge ? (size_t)(ge - value) : 0;
    while (len > 0 && (value[len - 1] == ' ' || value[len - 1] == '\t'))
        len--;
    if (!ge || len == 0 || len >= sizeof metric)
        return set_why(why, n, CS_EPARSE,
                       "outcome '%s' must read METRIC >= NUMBER, e.g. cac_agatston_au_end >= "
                       "100",
                       value);
    memcpy(metric, value, len);
    metric[len] = '\0';
    int m = cs_sweep_metric_find(metric);
    const char *now = m < 0 ? cs_sweep_metric_renamed(metric) : NULL;
    if (now) {
        m = cs_sweep_metric_find(now);
        snprintf(c->outcome_renamed, sizeof c->outcome_renamed, "%.31s", metric);
    }
    if (m < 0)
        return set_why(why, n, CS_EUSAGE,
                       "outcome: unknown metric '%s'; allowed: the sweep metrics (calcsim help "
                       "sweep)",
                       metric);
    const char *num = ge + 2;
    while (*num == ' ' || *num == '\t')
        num++;
    if (cs_parse_double(num, &c->outcome_threshold) != CS_OK)
        return set_why(why, n, CS_EPARSE, "outcome threshold '%s' is not a number", num);
    c->outcome_metric = m;
    return CS_OK;
}

static int cohort_pair(void *ctx, const char *section, const char *name, const char *value,
                       char *why, unsigned long n)
{
    pop_loader *L = ctx;
    cs_cohort *c = L->cohort;
    if (strcmp(section, "population") == 0)
        return on_population(L, name, value, why, n);
    if (strncmp(section, "exposure.", 9) == 0)
        return on_exposure(L, section, name, value, why, n);
    int rc;
    if (on_common_head(L, name, value, why, n, &rc))
        return rc;
    if (strcmp(name, "people") == 0) {
        if (!parse_count(value, 1, CS_POP_MAX_PEOPLE, &c->people))
            return set_why(why, n, CS_ERANGE,
                           "people '%s' must be a whole number from 1 to 10000000", value);
        L->have_people = 1;
        return CS_OK;
    }
    if (strcmp(name, "outcome") == 0) {
        L->have_outcome = 1;
        return parse_outcome(c, value, why, n);
    }
    if (strcmp(name, "outcome_name") == 0) {
        snprintf(c->outcome_name, sizeof c->outcome_name, "%s", value);
        return CS_OK;
    }
    return set_why(why, n, CS_EPARSE,
                   "unknown key '%s' in [cohort]; allowed: title, teaches, source, people, "
                   "history_from_age, follow_up_years, outcome, outcome_name",
                   name);
}

static void population_defaults(cs_population *pop)
{
    memset(pop, 0, sizeof *pop);
    pop->ndist = NDEFAULTS;
    for (int i = 0; i < NDEFAULTS; i++) {
        pop->dist[i] = defaults[i];
        int param;
        double lo, hi;
        const char *unit;
        if (quantity_range(defaults[i].name, &param, &lo, &hi, &unit))
            pop->dist[i].param = param;
    }
}

int cs_cohort_load(const char *path, cs_cohort *c, cs_error *err)
{
    if (!path || !c)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL, "cs_cohort_load: NULL argument");
    memset(c, 0, sizeof *c);
    population_defaults(&c->pop);
    c->outcome_metric = -1;
    pop_loader L = {.pop = &c->pop, .cohort = c};
    static const char *const sections[] = {"population", "exposure.*", NULL};
    cs_scenario_ext ext = {"cohort", sections, cohort_pair, &L};
    int rc = cs_scenario_load_ext(path, &c->pop.sc, &ext, err);
    if (rc != CS_OK)
        return rc;
    if (!L.have_people || !L.have_outcome)
        return cs_error_set(err, CS_EPARSE, path, 0, NULL,
                            "[cohort] needs people = N and outcome = METRIC >= NUMBER");
    if (c->nexp == 0)
        return cs_error_set(err, CS_EPARSE, path, 0, NULL,
                            "a cohort needs at least one [exposure.NAME] section");
    for (int e = 0; e < c->nexp; e++) {
        cs_exposure *x = &c->exp[e];
        if (x->ncuts && x->ncuts != x->groups - 1)
            return cs_error_set(err, CS_EPARSE, path, 0, x->name,
                                "[exposure.%s]: %d cuts for %d groups; give groups - 1 cuts",
                                x->name, x->ncuts, x->groups);
        if (x->npub && x->npub != x->groups - 1)
            return cs_error_set(err, CS_EPARSE, path, 0, x->name,
                                "[exposure.%s]: %d published estimates for %d groups; give one "
                                "per group from the second",
                                x->name, x->npub, x->groups);
    }
    if (!c->outcome_name[0])
        snprintf(c->outcome_name, sizeof c->outcome_name, "%s >= %g",
                 cs_sweep_metric_info_at(c->outcome_metric)->name, c->outcome_threshold);
    return CS_OK;
}

/* ---- trial files ------------------------------------------------------------------------ */

static int on_arm(pop_loader *L, int arm, const char *name, const char *value, char *why, size_t n)
{
    cs_trial *t = L->trial;
    cs_params tmp = t->pop.sc.params;
    cs_error e;
    cs_error_clear(&e);
    int rc = cs_params_set_text(&tmp, name, value, &e);
    if (rc != CS_OK) {
        snprintf(why, n, "%s", e.text);
        return rc;
    }
    if (t->narm[arm] >= CS_POP_MAX_ARM_SET)
        return set_why(why, n, CS_EUSAGE, "too many values in one arm (at most 16)");
    int i = cs_param_find(name);
    for (int k = 0; k < t->narm[arm]; k++)
        if (t->arm[arm][k].param == i)
            return set_why(why, n, CS_EPARSE, "'%s' is given twice in [%s]", name,
                           arm ? "treated" : "control");
    t->arm[arm][t->narm[arm]++] = (cs_param_value){i, tmp.v[i]};
    return CS_OK;
}

static int trial_pair(void *ctx, const char *section, const char *name, const char *value,
                      char *why, unsigned long n)
{
    pop_loader *L = ctx;
    cs_trial *t = L->trial;
    if (strcmp(section, "population") == 0)
        return on_population(L, name, value, why, n);
    if (strcmp(section, "control") == 0 || strcmp(section, "treated") == 0)
        return on_arm(L, strcmp(section, "treated") == 0, name, value, why, n);
    if (strcmp(section, "inclusion") == 0) {
        const char *s = value;
        double lo, hi;
        if (!next_number(&s, &lo) || !next_number(&s, &hi) || *s || !(lo <= hi))
            return set_why(why, n, CS_EPARSE, "inclusion '%s = %s' must read NAME = LO HI", name,
                           value);
        if (strcmp(name, "cac_agatston_au") == 0) {
            if (lo < 0)
                return set_why(why, n, CS_ERANGE, "cac_agatston_au inclusion '%s' must be >= 0",
                               value);
            t->cac_lo = lo, t->cac_hi = hi;
            return CS_OK;
        }
        int d = cs_population_find(&t->pop, name);
        if (d < 0)
            return set_why(why, n, CS_EUSAGE,
                           "inclusion on '%s', which is not drawn; allowed: cac_agatston_au or "
                           "a quantity of [population]",
                           name);
        if (t->nincl >= CS_POP_MAX_INCLUSION)
            return set_why(why, n, CS_EUSAGE, "too many inclusion criteria (at most 8)");
        t->incl[t->nincl].dist = d;
        t->incl[t->nincl].lo = lo;
        t->incl[t->nincl].hi = hi;
        t->nincl++;
        return CS_OK;
    }
    int rc;
    if (on_common_head(L, name, value, why, n, &rc))
        return rc;
    if (strcmp(name, "per_arm") == 0) {
        if (!parse_count(value, 2, 100000, &t->per_arm))
            return set_why(why, n, CS_ERANGE,
                           "per_arm '%s' must be a whole number from 2 to "
                           "100000",
                           value);
        L->have_people = 1;
        return CS_OK;
    }
    if (strcmp(name, "replicates") == 0) {
        if (!parse_count(value, 1, 100000, &t->replicates))
            return set_why(why, n, CS_ERANGE,
                           "replicates '%s' must be a whole number from 1 to 100000", value);
        return CS_OK;
    }
    struct {
        const char *key;
        double *dst, lo, hi;
    } nums[] = {{"duration_years", &t->duration_years, 0.01, 20},
                {"cac_noise_scale", &t->cac_noise_scale, 0, 5},
                {"mgp_assay_cv", &t->mgp_assay_cv, 0, 1},
                {"bone_scan_cv", &t->bone_scan_cv, 0, 0.2},
                {"adherence", &t->adherence, 0, 1}};
    for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++)
        if (strcmp(name, nums[k].key) == 0) {
            if (!parse_number_in(value, nums[k].lo, nums[k].hi, nums[k].dst)) {
                snprintf(why, n, "%s '%s' must be a number from %g to %g", name, value, nums[k].lo,
                         nums[k].hi);
                return CS_ERANGE;
            }
            if (k == 0)
                L->have_outcome = 1;
            return CS_OK;
        }
    return set_why(why, n, CS_EPARSE,
                   "unknown key '%s' in [trial]; allowed: title, teaches, source, per_arm, "
                   "replicates, duration_years, history_from_age, follow_up_years, "
                   "cac_noise_scale, mgp_assay_cv, bone_scan_cv, adherence",
                   name);
}

int cs_trial_load(const char *path, cs_trial *t, cs_error *err)
{
    if (!path || !t)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL, "cs_trial_load: NULL argument");
    memset(t, 0, sizeof *t);
    population_defaults(&t->pop);
    t->replicates = 200;
    t->cac_noise_scale = 1;
    t->mgp_assay_cv = 0.1;
    t->bone_scan_cv = 0.01;
    t->adherence = 1;
    pop_loader L = {.pop = &t->pop, .trial = t};
    static const char *const sections[] = {"population", "inclusion", "control", "treated", NULL};
    cs_scenario_ext ext = {"trial", sections, trial_pair, &L};
    int rc = cs_scenario_load_ext(path, &t->pop.sc, &ext, err);
    if (rc != CS_OK)
        return rc;
    if (!L.have_people || !L.have_outcome)
        return cs_error_set(err, CS_EPARSE, path, 0, NULL,
                            "[trial] needs per_arm = N and duration_years = Y");
    if (t->narm[1] == 0)
        return cs_error_set(err, CS_EPARSE, path, 0, NULL,
                            "a trial needs a [treated] section with what the treated arm gets");
    t->pop.follow_up_years = 0; /* the trial itself is the follow-up */
    return CS_OK;
}
