/*
 * params.c - the public view of THE parameter table (param_table.h) and parameter sets.
 *
 * Every check a value meets on its way in (scenario file, --set, API) happens here, against
 * the table's range, so no caller can put an unchecked value into a model. Numbers are
 * parsed in the C locale whatever the process locale is (newlocale/uselocale, thread-safe).
 */
#include "calcsim/params.h"
#include "param_ids.h"
#include "suggest.h"
#include "param_labels.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define R(ID, WHY) [CS_P_##ID] = WHY,
static const char *const range_reason[CS_NPARAM] = {CS_PARAM_RANGE(R)};
#undef R
#define R(ID, WHY) +1
_Static_assert(0 CS_PARAM_RANGE(R) == CS_NPARAM, "every parameter needs one range reason");
#undef R

#define L(ID, LABEL) [CS_P_##ID] = LABEL,
static const char *const label[CS_NPARAM] = {CS_PARAM_LABEL(L)};
#undef L

#define X(ID, NAME, UNIT, DEF, MIN, MAX, GROUP, DESC, SRC)                                         \
    {NAME, UNIT, DEF, MIN, MAX, GROUP, DESC, SRC, NULL, NULL},
static cs_param_info table[] = {CS_PARAM_TABLE(X)};
#undef X

_Static_assert(sizeof table / sizeof table[0] == CS_NPARAM, "table and ids disagree");
_Static_assert(CS_NPARAM <= CS_PARAM_CAPACITY, "raise CS_PARAM_CAPACITY");

int cs_param_count(void)
{
    return (int)CS_NPARAM;
}

static pthread_once_t range_once = PTHREAD_ONCE_INIT;

/* Joins each table entry with its range reason and its label (kept apart so the table stays
 * readable); a parameter without a label is labelled with its name. */
static void attach_range_reasons(void)
{
    for (int i = 0; i < (int)CS_NPARAM; i++) {
        table[i].range = range_reason[i] ? range_reason[i] : "";
        table[i].label = label[i] ? label[i] : table[i].name;
    }
}

const cs_param_info *cs_param_info_at(int i)
{
    pthread_once(&range_once, attach_range_reasons);
    return (i >= 0 && i < (int)CS_NPARAM) ? &table[i] : NULL;
}

int cs_param_find(const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; i < (int)CS_NPARAM; i++)
        if (strcmp(table[i].name, name) == 0)
            return i;
    return -1;
}

/* Levenshtein distance between a and b, case-insensitive, capped at 255 characters. */
static int edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 255)
        la = 255;
    if (lb > 255)
        lb = 255;
    int row[256];
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j];
            int cost = (tolower_ascii(a[i - 1]) == tolower_ascii(b[j - 1])) ? 0 : 1;
            int best = diag + cost;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            if (up + 1 < best)
                best = up + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *cs_nearest_name(const char *query, const char *(*name_at)(int i), int n)
{
    const char *best = name_at(0);
    int best_d = 1 << 30;
    if (!query)
        return best;
    for (int i = 0; i < n; i++) {
        const char *name = name_at(i);
        int d = edit_distance(query, name);
        /* A name that contains the query (or the reverse) is a strong hint. */
        if (query[0] && (strstr(name, query) || strstr(query, name)))
            d = d / 2;
        if (d < best_d) {
            best_d = d;
            best = name;
        }
    }
    return best;
}

static const char *param_name_at(int i)
{
    return table[i].name;
}

const char *cs_param_suggest(const char *name)
{
    return cs_nearest_name(name, param_name_at, (int)CS_NPARAM);
}

/*
 * Formats v into buf (n >= 32 bytes) with the fewest significant digits (up to 17) that read
 * back as v, so that a message never shows a value that is out of range as one that is not
 * ("years = 0.000999999999", not "0.001"). Returns buf.
 */
static const char *fmt_exact(char *buf, size_t n, double v)
{
    for (int prec = 6; prec <= 17; prec++) {
        snprintf(buf, n, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return buf;
}

void cs_params_default(cs_params *p)
{
    memset(p, 0, sizeof *p);
    for (int i = 0; i < (int)CS_NPARAM; i++)
        p->v[i] = table[i].def;
}

double cs_params_get(const cs_params *p, const char *name)
{
    int i = cs_param_find(name);
    return (p && i >= 0) ? p->v[i] : NAN;
}

int cs_params_set(cs_params *p, const char *name, double value, cs_error *err)
{
    int i = cs_param_find(name);
    if (!p)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, name, "no parameter set given");
    if (i < 0)
        return cs_error_set(
            err, CS_EUSAGE, NULL, 0, name,
            "unknown parameter '%s' (did you mean '%s'? 'calcsim params' lists all)",
            name ? name : "(null)", cs_param_suggest(name));
    const cs_param_info *in = &table[i];
    if (!isfinite(value))
        return cs_error_set(err, CS_ERANGE, NULL, 0, name,
                            "%s must be a finite number in %g to %g %s", in->name, in->min, in->max,
                            in->unit);
    if (value < in->min || value > in->max) {
        char v[40], lo[40], hi[40];
        return cs_error_set(err, CS_ERANGE, NULL, 0, name,
                            "%s = %s is out of range; allowed %s to %s %s", in->name,
                            fmt_exact(v, sizeof v, value), fmt_exact(lo, sizeof lo, in->min),
                            fmt_exact(hi, sizeof hi, in->max), in->unit);
    }
    p->v[i] = value;
    return CS_OK;
}

int cs_parse_double(const char *text, double *out)
{
    if (!text || !out)
        return CS_EPARSE;
    const char *s = text;
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '\0')
        return CS_EPARSE;
    /* A C-locale decimal number only: an optional sign, digits with at most one '.', an
     * optional exponent. This refuses what strtod() would also take: hexadecimal (0x10),
     * nan and inf, and leading white space other than blanks and tabs ("\r1"). */
    const char *q = s;
    if (*q == '+' || *q == '-')
        q++;
    size_t digits = strspn(q, "0123456789");
    q += digits;
    if (*q == '.') {
        size_t frac = strspn(q + 1, "0123456789");
        digits += frac;
        q += 1 + frac;
    }
    if (digits == 0)
        return CS_EPARSE;
    if (*q == 'e' || *q == 'E') {
        q++;
        if (*q == '+' || *q == '-')
            q++;
        size_t exp = strspn(q, "0123456789");
        if (exp == 0)
            return CS_EPARSE;
        q += exp;
    }
    if (strspn(q, " \t") != strlen(q))
        return CS_EPARSE;
    locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    locale_t old = c ? uselocale(c) : (locale_t)0;
    errno = 0;
    char *end = NULL;
    double v = strtod(s, &end);
    int e = errno;
    if (c) {
        uselocale(old);
        freelocale(c);
    }
    if (end == s)
        return CS_EPARSE;
    while (*end == ' ' || *end == '\t')
        end++;
    if (*end != '\0' || (e == ERANGE && fabs(v) > 1.0) || !isfinite(v))
        return CS_EPARSE;
    *out = v;
    return CS_OK;
}

int cs_params_set_text(cs_params *p, const char *name, const char *text, cs_error *err)
{
    int i = cs_param_find(name);
    if (i < 0)
        return cs_params_set(p, name, 0.0, err); /* reports the unknown name */
    const cs_param_info *in = &table[i];
    double v;
    if (cs_parse_double(text, &v) != CS_OK)
        return cs_error_set(err, CS_EPARSE, NULL, 0, name,
                            "%s = '%s' is not a number; give a finite decimal number in %g to "
                            "%g %s",
                            in->name, text ? text : "", in->min, in->max, in->unit);
    return cs_params_set(p, name, v, err);
}

int cs_params_check(const cs_params *p, cs_error *err)
{
    if (!p)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL, "no parameter set given");
    for (int i = 0; i < (int)CS_NPARAM; i++) {
        double v = p->v[i];
        if (!isfinite(v) || v < table[i].min || v > table[i].max) {
            char vs[40], lo[40], hi[40];
            return cs_error_set(err, CS_ERANGE, NULL, 0, table[i].name,
                                "%s = %s is out of range; allowed %s to %s %s", table[i].name,
                                fmt_exact(vs, sizeof vs, v), fmt_exact(lo, sizeof lo, table[i].min),
                                fmt_exact(hi, sizeof hi, table[i].max), table[i].unit);
        }
    }
    double run_days = p->v[CS_P_YEARS] * 365.25;
    if (p->v[CS_P_OUTPUT_EVERY] > run_days)
        return cs_error_set(err, CS_ERANGE, NULL, 0, "output_every_days",
                            "output_every_days = %g d is longer than the run (%g d = %g yr); "
                            "choose an interval of at most %g d",
                            p->v[CS_P_OUTPUT_EVERY], run_days, p->v[CS_P_YEARS], run_days);
    if (p->v[CS_P_SUPP_STOP] < p->v[CS_P_SUPP_START])
        return cs_error_set(err, CS_ERANGE, NULL, 0, "supplement_stop_day",
                            "supplement_stop_day = %g d comes before supplement_start_day = %g d; "
                            "the stop day must be on or after the start day",
                            p->v[CS_P_SUPP_STOP], p->v[CS_P_SUPP_START]);
    return CS_OK;
}
