/*
 * intake.c - the total vitamin D3 and vitamin K inputs of a parameter set (calcsim/intake.h).
 *
 * The sums mirror what the model does with the parameters: model.c feeds diet + skin D3 as
 * one continuous input and splits dietary menaquinones into MK-4 and long-chain (MK-7) by
 * k2_diet_mk4_fraction; sim.c gives each supplement as doses of the daily amount times
 * supplement_interval_days. Kept out of model.c so that the model's sources stay as they
 * are.
 */
#include "calcsim/intake.h"
#include "calcsim/sim.h"

#include "param_ids.h"

#include <math.h>
#include <stdio.h>

double cs_params_d3_total_iu_per_day(const cs_params *p)
{
    return cs_params_d3_totals(p).total_iu;
}

cs_d3_totals cs_params_d3_totals(const cs_params *p)
{
    cs_d3_totals t = {NAN, NAN, NAN, NAN};
    if (!p)
        return t;
    t.diet_iu = p->v[CS_P_D3_INTAKE];
    t.skin_iu = p->v[CS_P_SKIN_D3];
    t.supplement_iu = p->v[CS_P_D3_SUPP];
    t.total_iu = t.diet_iu + t.skin_iu + t.supplement_iu;
    return t;
}

cs_vitk_totals cs_params_vitk_totals(const cs_params *p)
{
    cs_vitk_totals t = {NAN, NAN, NAN, NAN, NAN, NAN};
    if (!p)
        return t;
    double k1 = p->v[CS_P_K1_INTAKE], k2 = p->v[CS_P_K2_INTAKE];
    double f4 = p->v[CS_P_K2_MK4_FRACTION];
    double s1 = p->v[CS_P_K1_SUPP], s4 = p->v[CS_P_MK4_SUPP], s7 = p->v[CS_P_MK7_SUPP];
    t.k1_ug = k1 + s1;
    t.mk4_ug = k2 * f4 + s4;
    t.mk7_ug = k2 * (1.0 - f4) + s7;
    t.total_ug = t.k1_ug + t.mk4_ug + t.mk7_ug;
    t.diet_ug = k1 + k2;
    t.supplement_ug = s1 + s4 + s7;
    return t;
}

cs_supplement_schedule cs_params_supplement_schedule(const cs_params *p)
{
    cs_supplement_schedule s = {NAN, NAN, NAN, NAN, 0, 0};
    if (!p)
        return s;
    s.interval_days = p->v[CS_P_SUPP_INTERVAL];
    s.start_day = p->v[CS_P_SUPP_START];
    s.stop_day = p->v[CS_P_SUPP_STOP];
    s.run_days = p->v[CS_P_YEARS] * CS_DAYS_PER_YEAR;
    s.daily = s.interval_days == 1.0;
    s.whole_run = s.start_day == 0.0 && s.stop_day >= s.run_days;
    return s;
}

/*
 * Writes the schedule note of a supplement of amount per day (unit "IU" or "ug") into buf:
 * "" when it is taken daily over the whole run (or not at all), else " [taken as 2800 IU
 * every 7 d, from day 30 to day 365]" with only the parts that apply.
 */
static void schedule_note(const cs_params *p, double amount, const char *unit, char *buf, size_t n)
{
    cs_supplement_schedule s = cs_params_supplement_schedule(p);
    buf[0] = '\0';
    if (!(amount > 0) || (s.daily && s.whole_run))
        return;
    if (s.start_day >= s.run_days || s.stop_day <= s.start_day) {
        snprintf(buf, n, " [no dose within the run]");
        return;
    }
    size_t used = 0;
    int w = snprintf(buf, n, " [");
    used += w > 0 ? (size_t)w : 0;
    const char *sep = "";
    if (!s.daily && used < n) {
        w = snprintf(buf + used, n - used, "taken as %.6g %s every %.6g d",
                     amount * s.interval_days, unit, s.interval_days);
        used += w > 0 ? (size_t)w : 0;
        sep = ", ";
    }
    if (s.start_day > 0 && used < n) {
        w = snprintf(buf + used, n - used, "%sfrom day %.6g", sep, s.start_day);
        used += w > 0 ? (size_t)w : 0;
        sep = " ";
    }
    if (s.stop_day < s.run_days && used < n) {
        w = snprintf(buf + used, n - used, "%sto day %.6g", sep, s.stop_day);
        used += w > 0 ? (size_t)w : 0;
    }
    if (used < n)
        snprintf(buf + used, n - used, "]");
}

int cs_params_d3_describe(const cs_params *p, char *buf, size_t n)
{
    if (!buf || n == 0)
        return 0;
    buf[0] = '\0';
    if (!p)
        return 0;
    cs_d3_totals t = cs_params_d3_totals(p);
    char note[160];
    schedule_note(p, t.supplement_iu, "IU", note, sizeof note);
    return snprintf(buf, n, "%.6g IU/day (diet %.6g + skin %.6g [assumed] + supplement %.6g%s)",
                    t.total_iu, t.diet_iu, t.skin_iu, t.supplement_iu, note);
}

int cs_params_vitk_describe(const cs_params *p, char *buf, size_t n)
{
    if (!buf || n == 0)
        return 0;
    buf[0] = '\0';
    if (!p)
        return 0;
    cs_vitk_totals t = cs_params_vitk_totals(p);
    char note[160];
    schedule_note(p, t.supplement_ug, "ug", note, sizeof note);
    return snprintf(buf, n,
                    "%.6g ug/day (K1 %.6g, MK-4 %.6g, MK-7 %.6g; diet %.6g + supplement %.6g%s)",
                    t.total_ug, t.k1_ug, t.mk4_ug, t.mk7_ug, t.diet_ug, t.supplement_ug, note);
}
