/*
 * sweep_metrics.c - the summary of one run that a sweep writes as one result row.
 *
 * Workload: a sweep of 10,000 runs, each of up to a million output rows, on several threads.
 * So the summary is a sink that keeps a fixed amount of state (first and last row, running
 * minimum and maximum, one integral, one crossing time) and never stores rows.
 *
 * Names: <output column>_<statistic>, with the statistic's unit appended when it is not the
 * column's (sweep.h). Definitions (rows at t_0 < t_1 < ... < t_n, the output grid of the run):
 *   bone_ca_g_lost_pct         100 (B(t_0) - B(t_n)) / B(t_0)   (negative when bone is gained)
 *   mgp_carboxylated_pct_mean  (1 / (t_n - t_0)) * trapezoid integral of MGP over the rows
 *   vessel_ca_mg_doubling_yr   the first t with V(t) >= 2 V(t_0), linear between the two rows
 *                              around the crossing, in years since t_0; none when V never
 *                              doubles or V(t_0) = 0
 *   C_end, C_change, C_min, C_max  for every output column C except t_days and t_years: the
 *                              last value, last minus first, and the extremes over the rows
 *                              (vessel_ca_mg_change is the calcium the vessel wall gained)
 * The extremes and the crossing are those of the output rows, so a finer --every resolves
 * them better; the end values are exact whatever the grid.
 */
#include "calcsim/sweep.h"
#include "calcsim/sim.h"

#include <string.h>

/* Every output column after the two time columns, with its name, unit and a short human
 * label as string literals (names and units checked against cs_output_info_at() by
 * tests/test_sweep.c). The label names the quantity in the figures of plot-sweep. */
#define SWEEP_COLUMNS(X)                                                                           \
    X(blood_ca_mmol_l, "mmol/L", "blood calcium")                                                  \
    X(bone_ca_g, "g", "bone calcium")                                                              \
    X(vessel_ca_mg, "mg", "vessel calcium")                                                        \
    X(cac_agatston_au, "AU", "calcium score (CAC)")                                                \
    X(pth_rel, "1", "PTH")                                                                         \
    X(phosphate_mmol_l, "mmol/L", "phosphate")                                                     \
    X(magnesium_mmol_l, "mmol/L", "magnesium")                                                     \
    X(vitd_25oh_nmol_l, "nmol/L", "25(OH)D")                                                       \
    X(k1_nmol_l, "nmol/L", "plasma K1")                                                            \
    X(mk4_nmol_l, "nmol/L", "plasma MK-4")                                                         \
    X(mk7_nmol_l, "nmol/L", "plasma MK-7")                                                         \
    X(tissue_k_nmol_l, "nmol/L", "tissue vitamin K")                                               \
    X(mgp_carboxylated_pct, "%", "carboxylated MGP")                                               \
    X(oc_carboxylated_pct, "%", "carboxylated osteocalcin")                                        \
    X(absorbed_mg_per_day, "mg/day", "calcium absorbed")                                           \
    X(absorbed_fraction, "1", "share absorbed")                                                    \
    X(urine_mg_per_day, "mg/day", "urine calcium")                                                 \
    X(faecal_endogenous_mg_per_day, "mg/day", "faecal calcium")                                    \
    X(bone_formation_mg_per_day, "mg/day", "bone formation")                                       \
    X(bone_resorption_mg_per_day, "mg/day", "bone resorption")                                     \
    X(vessel_deposition_mg_per_day, "mg/day", "vessel deposition")                                 \
    X(calcitriol_rel, "1", "calcitriol")                                                           \
    X(body_ca_mg, "mg", "body calcium")                                                            \
    X(net_intake_mg, "mg", "net calcium intake")

#define SWEEP_COLUMN_METRICS(NAME, UNIT, LABEL)                                                    \
    {#NAME "_end", UNIT, #NAME " at the end of the run", LABEL " at end"},                         \
        {#NAME "_change", UNIT, #NAME " at the end minus at the start of the run",                 \
         LABEL " change"},                                                                         \
        {#NAME "_min", UNIT, "lowest " #NAME " over the output rows", "lowest " LABEL},            \
        {#NAME "_max", UNIT, "highest " #NAME " over the output rows", "highest " LABEL},

static const cs_sweep_metric_info metrics[] = {
    [CS_M_BONE_LOST] = {"bone_ca_g_lost_pct", "%",
                        "bone calcium lost over the run, in % of the start (negative: gained)",
                        "bone calcium lost"},
    [CS_M_MGP_MEAN] = {"mgp_carboxylated_pct_mean", "%",
                       "mean carboxylated MGP over the run, weighted by time",
                       "mean carboxylated MGP"},
    [CS_M_VESSEL_DOUBLING] = {"vessel_ca_mg_doubling_yr", "yr",
                              "time until vessel calcium first reached twice its start, "
                              "interpolated between output rows; empty when it never did",
                              "vessel calcium doubling time"},
    SWEEP_COLUMNS(SWEEP_COLUMN_METRICS)};

/* The names of calcsim 0.1.0 and the current ones (cs_sweep_metric_renamed()). */
static const char *const renamed[][2] = {
    {"vessel_ca_accrued_mg", "vessel_ca_mg_change"},
    {"bone_lost_pct", "bone_ca_g_lost_pct"},
    {"mgp_carboxylated_mean_pct", "mgp_carboxylated_pct_mean"},
    {"vessel_ca_doubling_yr", "vessel_ca_mg_doubling_yr"},
};

#define NMETRICS ((int)(sizeof metrics / sizeof metrics[0]))
_Static_assert(sizeof metrics / sizeof metrics[0] == CS_M_PER_COLUMN + 4 * (CS_NOUTPUT - 2),
               "one group of four metrics per output column after the time columns");

int cs_sweep_metric_count(void)
{
    return NMETRICS;
}

const cs_sweep_metric_info *cs_sweep_metric_info_at(int i)
{
    return i >= 0 && i < NMETRICS ? &metrics[i] : NULL;
}

int cs_sweep_metric_find(const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; i < NMETRICS; i++)
        if (strcmp(metrics[i].name, name) == 0)
            return i;
    return -1;
}

void cs_sweep_metrics_reset(cs_sweep_metrics *m)
{
    memset(m, 0, sizeof *m);
    m->doubling_days = -1;
}

int cs_sweep_metrics_sink(void *ctx, const double row[])
{
    cs_sweep_metrics *m = ctx;
    if (m->rows == 0) {
        memcpy(m->first, row, sizeof m->first);
        memcpy(m->min, row, sizeof m->min);
        memcpy(m->max, row, sizeof m->max);
    } else {
        const double *prev = m->last;
        double dt = row[CS_O_T_DAYS] - prev[CS_O_T_DAYS];
        m->mgp_area += 0.5 * (prev[CS_O_MGP_PCT] + row[CS_O_MGP_PCT]) * dt;
        double target = 2.0 * m->first[CS_O_VESSEL_CA];
        if (m->doubling_days < 0 && target > 0 && row[CS_O_VESSEL_CA] >= target) {
            double v0 = prev[CS_O_VESSEL_CA], v1 = row[CS_O_VESSEL_CA];
            double frac = v1 > v0 ? (target - v0) / (v1 - v0) : 1.0;
            m->doubling_days = prev[CS_O_T_DAYS] + frac * dt - m->first[CS_O_T_DAYS];
        }
        for (int i = 0; i < CS_NOUTPUT; i++) {
            if (row[i] < m->min[i])
                m->min[i] = row[i];
            if (row[i] > m->max[i])
                m->max[i] = row[i];
        }
    }
    memcpy(m->last, row, sizeof m->last);
    m->rows++;
    return 0;
}

const char *cs_sweep_metric_renamed(const char *old_name)
{
    if (!old_name)
        return NULL;
    for (size_t i = 0; i < sizeof renamed / sizeof renamed[0]; i++)
        if (strcmp(renamed[i][0], old_name) == 0)
            return renamed[i][1];
    return NULL;
}

int cs_sweep_metrics_value(const cs_sweep_metrics *m, int i, double *value)
{
    if (i < 0 || i >= NMETRICS)
        return -1;
    if (!m || m->rows == 0)
        return 0;
    const double *a = m->first, *b = m->last;
    double span = b[CS_O_T_DAYS] - a[CS_O_T_DAYS];
    switch (i) {
    case CS_M_BONE_LOST:
        if (!(a[CS_O_BONE_CA] > 0))
            return 0;
        *value = 100.0 * (a[CS_O_BONE_CA] - b[CS_O_BONE_CA]) / a[CS_O_BONE_CA];
        return 1;
    case CS_M_MGP_MEAN:
        *value = span > 0 ? m->mgp_area / span : a[CS_O_MGP_PCT];
        return 1;
    case CS_M_VESSEL_DOUBLING:
        if (m->doubling_days < 0)
            return 0;
        *value = m->doubling_days / CS_DAYS_PER_YEAR;
        return 1;
    default:
        break;
    }
    int k = i - CS_M_PER_COLUMN, col = CS_O_BLOOD_CA + k / 4;
    switch (k % 4) {
    case 0:
        *value = b[col];
        break;
    case 1:
        *value = b[col] - a[col];
        break;
    case 2:
        *value = m->min[col];
        break;
    default:
        *value = m->max[col];
        break;
    }
    return 1;
}
