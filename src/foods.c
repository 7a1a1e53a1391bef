/*
 * foods.c - the public view of THE food table (food_table.h) and plates of foods.
 *
 * A plate (grams per day of each food) is turned into daily amounts of K1, MK-4, long-chain
 * menaquinones, calcium, vitamin D and magnesium, which add to the intake parameters of a
 * base parameter set (cs_plate_apply(); the mapping is in calcsim/foods.h). Values are per
 * 100 g, so a food contributes grams / 100 times its table row. Every check happens here, so
 * no caller can put an unchecked amount into a model. The library never prints.
 */
#include "calcsim/foods.h"
#include "food_table.h"
#include "param_ids.h"
#include "suggest.h"

#include <math.h>
#include <string.h>

#define X(ID, NAME, LABEL, GROUP, K1, MK4, MK7, MK8, CA, D, MG, SRC)                               \
    {NAME, LABEL, GROUP, K1, MK4, MK7, MK8, CA, D, MG, SRC},
static const cs_food_info food_table[] = {CS_FOOD_TABLE(X)};
#undef X

#define CS_NFOOD ((int)(sizeof food_table / sizeof food_table[0]))
_Static_assert(sizeof food_table / sizeof food_table[0] <= CS_FOOD_CAPACITY,
               "raise CS_FOOD_CAPACITY");

int cs_food_count(void)
{
    return CS_NFOOD;
}

const cs_food_info *cs_food_info_at(int i)
{
    return (i >= 0 && i < CS_NFOOD) ? &food_table[i] : NULL;
}

int cs_food_find(const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; i < CS_NFOOD; i++)
        if (strcmp(food_table[i].name, name) == 0)
            return i;
    return -1;
}

static const char *food_name_at(int i)
{
    return food_table[i].name;
}

const char *cs_food_suggest(const char *name)
{
    return cs_nearest_name(name, food_name_at, CS_NFOOD);
}

int cs_plate_set(cs_plate *p, const char *name, double grams, cs_error *err)
{
    int i = cs_food_find(name);
    if (!p)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, name, "no plate given");
    if (i < 0)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, name,
                            "unknown food '%s'; did you mean '%s'? ('calcsim foods' lists all)",
                            name ? name : "(null)", cs_food_suggest(name));
    if (!isfinite(grams) || grams < 0)
        return cs_error_set(err, CS_ERANGE, NULL, 0, name,
                            "%s = %g g/day is negative; give grams eaten per day, 0 to %g", name,
                            grams, CS_FOOD_MAX_G_PER_DAY);
    if (grams > CS_FOOD_MAX_G_PER_DAY)
        return cs_error_set(err, CS_ERANGE, NULL, 0, name,
                            "%s = %g g/day is implausible; at most %g g/day of one food", name,
                            grams, CS_FOOD_MAX_G_PER_DAY);
    p->g[i] = grams;
    return CS_OK;
}

int cs_plate_set_text(cs_plate *p, const char *name, const char *text, cs_error *err)
{
    if (cs_food_find(name) < 0)
        return cs_plate_set(p, name, 0.0, err); /* reports the unknown name */
    double v;
    if (cs_parse_double(text, &v) != CS_OK)
        return cs_error_set(err, CS_EPARSE, NULL, 0, name,
                            "%s = '%s' is not a number; give grams eaten per day, 0 to %g", name,
                            text ? text : "", CS_FOOD_MAX_G_PER_DAY);
    return cs_plate_set(p, name, v, err);
}

int cs_plate_count(const cs_plate *p)
{
    int n = 0;
    for (int i = 0; p && i < CS_NFOOD; i++)
        n += p->g[i] > 0;
    return n;
}

void cs_plate_totals(const cs_plate *p, cs_food_totals *t)
{
    memset(t, 0, sizeof *t);
    for (int i = 0; p && i < CS_NFOOD; i++) {
        double f = p->g[i] / 100.0;
        const cs_food_info *in = &food_table[i];
        t->k1_ug += f * in->k1_ug;
        t->mk4_ug += f * in->mk4_ug;
        t->mklong_ug += f * (in->mk7_ug + in->mk8_10_ug);
        t->ca_mg += f * in->ca_mg;
        t->d3_iu += f * in->d_ug * CS_FOOD_IU_PER_UG_D;
        t->mg_mg += f * in->mg_mg;
    }
}

/* Sets q->v[id] to base + add after checking the parameter's range. */
static int food_add(cs_params *q, int id, double base, double add, cs_error *err)
{
    const cs_param_info *in = cs_param_info_at(id);
    double v = base + add;
    if (v > in->max)
        return cs_error_set(
            err, CS_ERANGE, NULL, 0, in->name,
            "the foods bring %s to %g %s (%g without the foods + %g from the foods); "
            "allowed %g to %g %s: eat less",
            in->name, v, in->unit, base, add, in->min, in->max, in->unit);
    if (v < in->min)
        return cs_error_set(err, CS_ERANGE, NULL, 0, in->name,
                            "%s = %g is out of range; allowed %g to %g %s", in->name, v, in->min,
                            in->max, in->unit);
    q->v[id] = v;
    return CS_OK;
}

int cs_plate_apply(const cs_plate *p, const cs_params *base, cs_params *out, cs_error *err)
{
    if (!base || !out)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "cs_plate_apply: base and out must not be NULL");
    cs_params q = *base;
    cs_food_totals t;
    cs_plate_totals(p, &t);
    double k2 = base->v[CS_P_K2_INTAKE], frac = base->v[CS_P_K2_MK4_FRACTION];
    double k2_food = t.mk4_ug + t.mklong_ug;
    int rc = food_add(&q, CS_P_K1_INTAKE, base->v[CS_P_K1_INTAKE], t.k1_ug, err);
    if (rc == CS_OK)
        rc = food_add(&q, CS_P_K2_INTAKE, k2, k2_food, err);
    if (rc == CS_OK)
        rc = food_add(&q, CS_P_CA_INTAKE, base->v[CS_P_CA_INTAKE], t.ca_mg, err);
    if (rc == CS_OK)
        rc = food_add(&q, CS_P_D3_INTAKE, base->v[CS_P_D3_INTAKE], t.d3_iu, err);
    if (rc == CS_OK)
        rc = food_add(&q, CS_P_MG_INTAKE, base->v[CS_P_MG_INTAKE], t.mg_mg, err);
    if (rc != CS_OK)
        return rc;
    if (k2 + k2_food > 0 && k2_food > 0)
        q.v[CS_P_K2_MK4_FRACTION] = (k2 * frac + t.mk4_ug) / (k2 + k2_food);
    *out = q;
    return CS_OK;
}
