/*
 * model.c - right-hand side, Jacobian, calibration and outputs of the calcsim model.
 *
 * Time is in days and calcium in mmol (1 mmol = 40.08 mg). docs/model.md derives every
 * equation below and gives the source of every number. In short, with c = P / V_ecf:
 *
 *   dP/dt  = J_abs - J_efc - J_urine - J_exch - J_form + J_res - J_dep + J_reg   (blood/ECF)
 *   dQ/dt  = J_exch = k_pq P - k_qp Q                             (exchangeable bone)
 *   dB/dt  = J_form - J_res                                       (mineralised bone)
 *   dW/dt  = J_dep - J_reg                                        (arterial wall)
 *   dH/dt  = k_pth (S(c) (phos/phos0)^a_pp ctriol^-a_pc - H)      (PTH, relative)
 *   dG/dt  = (ctriol - G) / tau_gut                               (gut active capacity)
 *   dV3/dt = I_d3 - k_d3 V3,  dD/dt = k_d25 (g F / (1 + F/F_sat) - D),  F = k_d3 V3
 *   dKg/dt = I_k - ka Kg,  dKp/dt = (F/V) ka Kg - ke Kp           (K1, MK-4, MK-7)
 *   dM/dt  = (u* / (u* + K_mgp) - M) / tau_mgp,  dO/dt likewise   (carboxylated MGP, OC)
 *
 * where ctriol = (fD(D) / fD_ref) H^a_ch kidney^a_ck is relative calcitriol activity,
 * S(c) is a reverse sigmoid (Shrestha 2010), u* is usable extra-hepatic vitamin K after
 * warfarin, and the vessel deposit grows as
 *   J_dep = k_g softplus(S_cp W / (1 + W / W_half) - W_cap M) + k_nuc S_cp^2 (1 - M):
 * MGP inhibition is a capacity that a large deposit or a high calcium x phosphate product
 * S_cp overwhelms (model-brief.md), and a clean wall gains deposit only by nucleation. Constants
 * that balance the baseline (urine constant, PTH half-activation, 25(OH)D gain) are computed in
 * cs_model_init(), as Peterson & Riggs (2010) do, rather than typed in.
 */
#include "calcsim/model.h"
#include "calcsim/sim.h"
#include "param_ids.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multiroots.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <string.h>

#define LN2                    0.69314718055994530942
#define CS_DAYS_PER_YEAR_MODEL 365.25
#define BONE_HALF              0.05 /* bone at which resorption halves, as a share of b_ref */
/* The growth drive of a large deposit rises as W^(1 - s): s = 1/2, square-root tracks. A
 * structural choice (docs/model.md), not a parameter: as an exponent it would dominate
 * every sensitivity ranking without teaching anything. */
#define DRIVE_SATURATION (2.0 / 3.0)

static const cs_output_info outputs[CS_NOUTPUT] = {
    [CS_O_T_DAYS] = {"t_days", "d", "Time since the start of the run"},
    [CS_O_T_YEARS] = {"t_years", "yr", "Time since the start of the run (365.25 d per year)"},
    [CS_O_BLOOD_CA] = {"blood_ca_mmol_l", "mmol/L", "Total calcium in blood/ECF"},
    [CS_O_BONE_CA] = {"bone_ca_g", "g", "Calcium in bone (mineralised plus exchangeable)"},
    [CS_O_VESSEL_CA] = {"vessel_ca_mg", "mg", "Calcium deposited in the arterial wall"},
    [CS_O_CAC] = {"cac_agatston_au", "AU",
                  "Coronary calcium score equivalent to vessel_ca_mg (Agatston units; a "
                  "conversion, docs/populations.md)"},
    [CS_O_PTH] = {"pth_rel", "1", "Parathyroid hormone relative to normal (1 = normal)"},
    [CS_O_PHOSPHATE] = {"phosphate_mmol_l", "mmol/L", "Serum phosphate"},
    [CS_O_MAGNESIUM] = {"magnesium_mmol_l", "mmol/L", "Serum magnesium"},
    [CS_O_VITD25] = {"vitd_25oh_nmol_l", "nmol/L", "Serum 25-hydroxyvitamin D"},
    [CS_O_K1] = {"k1_nmol_l", "nmol/L", "Plasma vitamin K1 (phylloquinone)"},
    [CS_O_MK4] = {"mk4_nmol_l", "nmol/L", "Plasma MK-4"},
    [CS_O_MK7] = {"mk7_nmol_l", "nmol/L", "Plasma MK-7"},
    [CS_O_K_TISSUE] = {"tissue_k_nmol_l", "nmol/L",
                       "Slow extra-hepatic vitamin K store, MK-7 equivalent (an assumption)"},
    [CS_O_MGP_PCT] = {"mgp_carboxylated_pct", "%", "Carboxylated (active) matrix Gla protein"},
    [CS_O_OC_PCT] = {"oc_carboxylated_pct", "%", "Carboxylated osteocalcin"},
    [CS_O_ABSORBED] = {"absorbed_mg_per_day", "mg/day", "Calcium absorbed from the gut"},
    [CS_O_ABSORBED_FRACTION] = {"absorbed_fraction", "1", "Absorbed share of dietary calcium"},
    [CS_O_URINE] = {"urine_mg_per_day", "mg/day", "Calcium lost in urine"},
    [CS_O_FAECAL] = {"faecal_endogenous_mg_per_day", "mg/day",
                     "Endogenous faecal calcium (secreted into the gut, not reabsorbed)"},
    [CS_O_BONE_FORMATION] = {"bone_formation_mg_per_day", "mg/day", "Calcium built into bone"},
    [CS_O_BONE_RESORPTION] = {"bone_resorption_mg_per_day", "mg/day", "Calcium released from bone"},
    [CS_O_VESSEL_DEPOSITION] = {"vessel_deposition_mg_per_day", "mg/day",
                                "Calcium deposited in the arterial wall (gross)"},
    [CS_O_CALCITRIOL] = {"calcitriol_rel", "1", "Calcitriol activity relative to normal"},
    [CS_O_BODY_CA] = {"body_ca_mg", "mg", "Calcium in blood, bone and arterial wall together"},
    [CS_O_NET_INTAKE] = {"net_intake_mg", "mg",
                         "Cumulative calcium absorbed minus excreted since t = 0"},
};

static const cs_state_info states[CS_NSTATE] = {
    [CS_Y_ECF_CA] = {"ecf_ca", "mmol"},
    [CS_Y_EXCH_CA] = {"exchangeable_bone_ca", "mmol"},
    [CS_Y_BONE_CA] = {"bone_ca", "mmol"},
    [CS_Y_VESSEL_CA] = {"vessel_ca", "mmol"},
    [CS_Y_PTH] = {"pth", "1"},
    [CS_Y_GUT] = {"gut_capacity", "1"},
    [CS_Y_D3] = {"d3_pool", "IU"},
    [CS_Y_VITD25] = {"vitd_25oh", "nmol/L"},
    [CS_Y_K1_GUT] = {"k1_gut", "nmol"},
    [CS_Y_K1_PLASMA] = {"k1_plasma", "nmol/L"},
    [CS_Y_MK4_GUT] = {"mk4_gut", "nmol"},
    [CS_Y_MK4_PLASMA] = {"mk4_plasma", "nmol/L"},
    [CS_Y_MK7_GUT] = {"mk7_gut", "nmol"},
    [CS_Y_MK7_PLASMA] = {"mk7_plasma", "nmol/L"},
    [CS_Y_MGP] = {"mgp_carboxylated", "1"},
    [CS_Y_OC] = {"oc_carboxylated", "1"},
    [CS_Y_K_TISSUE] = {"tissue_k", "nmol/L"},
    [CS_Y_MGP_WALL] = {"mgp_wall_active", "1"},
    [CS_Y_CUM_IN] = {"cumulative_absorbed", "mmol"},
    [CS_Y_CUM_OUT] = {"cumulative_excreted", "mmol"},
};

const cs_state_info *cs_state_info_at(int i)
{
    return (i >= 0 && i < CS_NSTATE) ? &states[i] : NULL;
}

const cs_output_info *cs_output_info_at(int i)
{
    return (i >= 0 && i < CS_NOUTPUT) ? &outputs[i] : NULL;
}

/* Everything the right-hand side needs, with the partial derivatives the Jacobian needs. */
typedef struct {
    double c, cr;                  /* blood calcium [mmol/L] and c / c_ref */
    double fd, dfd_dD;             /* 25(OH)D saturation and its slope */
    double ct, dct_dD, dct_dH;     /* calcitriol activity and slopes */
    double phos, dphos_dct;        /* phosphate [mmol/L] and slope against calcitriol */
    double sig, dsig_dc;           /* PTH reverse sigmoid S(c) and slope */
    double sec, dsec_dc, dsec_dct; /* PTH secretion target and slopes */
    double fabs, dfabs_dG;         /* absorbed fraction and slope */
    double j_abs, dabs_dG;         /* absorption [mmol/d] */
    double efc_k, j_efc, defc_dG;  /* endogenous faecal loss */
    double j_u;                    /* urine */
    double j_f, df_dO;             /* bone formation */
    double j_r, bfac;              /* bone resorption and its bone-availability factor */
    double scp;                    /* Ca x phosphate product relative to normal */
    double se, dse_dscp;           /* the same, after magnesium's inhibition, and its slope */
    double weff, dweff;            /* deposit that drives growth (sub-linear in W) and its slope */
    double drive, inhib;           /* growth drive D and MGP inhibition I [mmol] */
    double j_grow, dg_dD, dg_dI;   /* growth flux k_g D (D + D0) / (D + D0 + I) and slopes */
    double M;                      /* clamped carboxylated MGP */
    double j_nuc, j_dep,
        j_reg;            /* vessel nucleation, deposition (growth + nucleation), regression */
    double u, us, dus_du; /* usable vitamin K before and after warfarin */
    double mss, dmss, oss, doss; /* carboxylation targets and slopes against u* */
    double H, P, G, O, W, B;     /* clamped states */
} fluxes;

static double pos(double x)
{
    return x > 0.0 ? x : 0.0;
}

/* Usable extra-hepatic vitamin K [nmol/L, MK-7 equivalent] from plasma levels. */
static double usable_k(const cs_model *m, const double y[])
{
    const double *p = m->p.v;
    return p[CS_P_K1_WEIGHT] * pos(y[CS_Y_K1_PLASMA]) + pos(y[CS_Y_MK4_PLASMA]) +
           pos(y[CS_Y_MK7_PLASMA]) + pos(y[CS_Y_K_TISSUE]);
}

/* Warfarin blocks the VKOR share (1 - I) of recycling; a warfarin-insensitive reductase
 * carries a share u / (u + K_bypass) of the blocked part at high vitamin K. */
static double after_warfarin(const cs_model *m, double u, double *slope)
{
    double I = m->p.v[CS_P_WARFARIN], kb = m->p.v[CS_P_WARF_BYPASS];
    double s = u + kb;
    if (slope)
        *slope = (1.0 - I) + I * (u * u + 2.0 * u * kb) / (s * s);
    return u * ((1.0 - I) + I * u / s);
}

/* Level the tissue vitamin K store tends to [nmol/L]: a diet-independent floor plus a gain
 * on plasma menaquinones (and, weakly, K1). An assumption: see docs/model.md. */
static double tissue_k_target(const cs_model *m, const double y[])
{
    const double *p = m->p.v;
    return p[CS_P_K_TISSUE_FLOOR] +
           p[CS_P_K_TISSUE_GAIN] * (pos(y[CS_Y_MK7_PLASMA]) + pos(y[CS_Y_MK4_PLASMA]) +
                                    p[CS_P_K_TISSUE_K1_SHARE] * pos(y[CS_Y_K1_PLASMA]));
}

static void compute(const cs_model *m, const double y[], fluxes *f)
{
    const double *p = m->p.v;
    f->P = pos(y[CS_Y_ECF_CA]);
    f->H = y[CS_Y_PTH] > 1e-9 ? y[CS_Y_PTH] : 1e-9;
    f->G = pos(y[CS_Y_GUT]);
    f->O = y[CS_Y_OC];
    f->W = pos(y[CS_Y_VESSEL_CA]);
    f->B = pos(y[CS_Y_BONE_CA]);
    double D = pos(y[CS_Y_VITD25]);

    f->c = f->P / m->v_ecf;
    f->cr = f->c / m->c_ref;

    double kd = p[CS_P_CTRIOL_VITD_KM];
    f->fd = D / (D + kd);
    f->dfd_dD = kd / ((D + kd) * (D + kd));
    double a_ch = p[CS_P_CTRIOL_PTH_EXP];
    /* H >= 1e-9: its four powers below share one logarithm (pow() costs two exp()s). */
    double ln_h = log(f->H);
    double hpow = exp(a_ch * ln_h);
    f->ct = (f->fd / m->fd_ref) * hpow * m->kid_ctriol;
    f->dct_dD = (f->dfd_dD / m->fd_ref) * hpow * m->kid_ctriol;
    f->dct_dH = a_ch * f->ct / f->H;

    double s = p[CS_P_PHOS_CTRIOL_SHARE], ph0 = p[CS_P_PHOS_NORMAL];
    f->phos = ph0 * (1.0 - s + s * f->ct) * m->kid_phos;
    f->dphos_dct = ph0 * s * m->kid_phos;

    /* Reverse sigmoid, written so that exp() never overflows. */
    double w = p[CS_P_PTH_WIDTH], smin = p[CS_P_PTH_MIN], smax = p[CS_P_PTH_MAX];
    double zz = (f->c - m->c50) / w, lg;
    if (zz > 0) {
        double e = exp(-zz);
        lg = e / (1.0 + e);
    } else {
        lg = 1.0 / (1.0 + exp(zz));
    }
    f->sig = smin + (smax - smin) * lg;
    f->dsig_dc = -(smax - smin) * lg * (1.0 - lg) / w;
    double a_pp = p[CS_P_PTH_PHOS_EXP], a_pc = p[CS_P_PTH_CTRIOL_EXP];
    double ctc = f->ct > 1e-9 ? f->ct : 1e-9;
    double phr = f->phos / ph0;
    f->sec = f->sig * pow(phr, a_pp) * pow(ctc, -a_pc);
    f->dsec_dc = f->sec * f->dsig_dc / f->sig;
    f->dsec_dct = f->sec * (a_pp * f->dphos_dct / f->phos - (f->ct > 1e-9 ? a_pc / ctc : 0.0));

    /* Gut: passive share plus saturable active transport scaled by capacity G. */
    /* The active share a = G vact / (I + Km) is bounded: fabs = p + (1 - p)(1 - e^(-a/(1-p)))
     * is p + a for a small a and never reaches 1. */
    double I = m->ca_in, pas = p[CS_P_CA_PASSIVE], rest = 1.0 - pas;
    double a_per_g = m->vact / (I + m->km_act);
    double e_a = exp(-f->G * a_per_g / rest);
    f->fabs = pas + rest * (1.0 - e_a);
    f->dfabs_dG = a_per_g * e_a;
    f->j_abs = f->fabs * I;
    f->dabs_dG = I * f->dfabs_dG;

    /* Endogenous faecal loss, Heaney & Abrams (2004): (0.81 - 0.63 fabs) mg/cm/d. */
    double fa = f->fabs < 1.0 ? f->fabs : 1.0;
    f->efc_k = m->efc_scale * (0.81 - 0.63 * fa);
    f->j_efc = f->efc_k * f->cr;
    f->defc_dG = (f->fabs < 1.0) ? -m->efc_scale * 0.63 * f->dfabs_dG * f->cr : 0.0;

    f->j_u = m->k_u * m->kid_urine * pow(f->cr, p[CS_P_URINE_CA_EXP]) *
             exp(-p[CS_P_URINE_PTH_EXP] * ln_h);

    double oc_term = 1.0 + p[CS_P_OC_EFFECT] * (f->O - m->oc_ref);
    double fh = exp(p[CS_P_FORM_PTH_EXP] * ln_h);
    f->j_f = m->jf0 * fh * oc_term * f->cr;
    f->df_dO = m->jf0 * fh * p[CS_P_OC_EFFECT] * f->cr;
    /* Resorption needs bone to resorb; the factor is 1 at b_ref and ~flat above 5% of it. */
    f->bfac = (1.0 + BONE_HALF) * f->B / (f->B + BONE_HALF * m->b_ref);
    f->j_r = m->jr0 * exp(p[CS_P_BONE_PTH_EXP] * ln_h) * f->bfac;

    /* Vessel wall. Magnesium inhibits crystal growth: the effective product is
     * S_e = S (1 + k S) / (1 + k S mg), k = magnesium_inhibition, mg = serum Mg relative to
     * normal, so S_e = S at normal magnesium and the effect grows with S (stronger in CKD). */
    f->scp = f->cr * f->phos / ph0;
    double kmg = p[CS_P_MG_INHIB], S = f->scp;
    double num = 1.0 + kmg * S, den = 1.0 + kmg * S * m->mg_rel;
    f->se = S * num / den;
    f->dse_dscp = ((num + kmg * S) * den - S * num * kmg * m->mg_rel) / (den * den);
    double se = f->se > 1e-12 ? f->se : 1e-12;
    /* Drive D = U S_e^n W / (1 + W / W_s)^s: linear in a small deposit, W^(1-s) in a large
     * one (U: uremic promotion). Inhibition I = W_cap (M / M_ref) / S_e^m: a high product
     * overwhelms it. Growth k_g D (D + D0) / (D + D0 + I): no threshold; the elasticity of growth
     * to M is -I / (D + D0 + I), between -1 and 0. */
    double x = f->W / m->w_half, pd = DRIVE_SATURATION;
    double qp = pow(1.0 + x, -pd);
    f->weff = f->W * qp;
    f->dweff = qp * (1.0 + x - pd * x) / (1.0 + x);
    f->M = pos(y[CS_Y_MGP_WALL]); /* the wall's own, slowly renewed pool of active MGP */
    double ln_se = log(se);       /* se >= 1e-12 */
    double sen = exp(p[CS_P_VESSEL_SCP_EXP] * ln_se);
    f->drive = m->uremic * sen * f->weff;
    f->inhib = m->w_cap * (f->M / m->mgp_ref) * exp(-p[CS_P_VESSEL_OVERWHELM_EXP] * ln_se);
    double a = f->drive + m->d0, b = a + f->inhib;
    f->j_grow = m->k_g * f->drive * a / b;
    f->dg_dD = m->k_g * ((f->drive + a) * b - f->drive * a) / (b * b);
    f->dg_dI = -m->k_g * f->drive * a / (b * b);
    /* Nucleation on a clean wall: effective product squared, inhibited by active MGP. */
    double om = 1.0 - f->M > 0 ? 1.0 - f->M : 0.0;
    f->j_nuc = m->k_nuc * se * se * om;
    f->j_dep = f->j_grow + f->j_nuc;
    f->j_reg = m->k_off * f->W;

    f->u = usable_k(m, y);
    f->us = after_warfarin(m, f->u, &f->dus_du);
    double km = p[CS_P_MGP_KM], ko = p[CS_P_OC_KM];
    f->mss = f->us / (f->us + km);
    f->dmss = km / ((f->us + km) * (f->us + km));
    f->oss = f->us / (f->us + ko);
    f->doss = ko / ((f->us + ko) * (f->us + ko));
}

int cs_model_rhs(double t, const double y[], double dydt[], void *params)
{
    (void)t;
    const cs_model *m = params;
    const double *p = m->p.v;
    fluxes f;
    compute(m, y, &f);
    double j_pq = m->k_pq * y[CS_Y_ECF_CA] - m->k_qp * y[CS_Y_EXCH_CA];

    dydt[CS_Y_ECF_CA] = f.j_abs - f.j_efc - f.j_u - j_pq - f.j_f + f.j_r - f.j_dep + f.j_reg;
    dydt[CS_Y_EXCH_CA] = j_pq;
    dydt[CS_Y_BONE_CA] = f.j_f - f.j_r;
    dydt[CS_Y_VESSEL_CA] = f.j_dep - f.j_reg;
    dydt[CS_Y_PTH] = m->k_pth * (f.sec - y[CS_Y_PTH]);
    dydt[CS_Y_GUT] = (f.ct - y[CS_Y_GUT]) / p[CS_P_GUT_TAU];

    double F = m->k_d3 * y[CS_Y_D3];
    dydt[CS_Y_D3] = m->d3_in - F;
    dydt[CS_Y_VITD25] = m->k_d25 * (m->vitd_gain * F / (1.0 + F / m->d3_sat) - y[CS_Y_VITD25]);

    for (int k = 0; k < 3; k++) {
        int g = CS_Y_K1_GUT + 2 * k, pl = g + 1;
        dydt[g] = m->k_in[k] - m->ka * y[g];
        dydt[pl] = m->fv[k] * m->ka * y[g] - m->ke[k] * y[pl];
    }
    dydt[CS_Y_K_TISSUE] = m->k_tis * (tissue_k_target(m, y) - y[CS_Y_K_TISSUE]);
    dydt[CS_Y_MGP] = (f.mss - y[CS_Y_MGP]) / p[CS_P_MGP_TAU];
    dydt[CS_Y_MGP_WALL] = (y[CS_Y_MGP] - y[CS_Y_MGP_WALL]) / p[CS_P_MGP_WALL_TAU];
    dydt[CS_Y_OC] = (f.oss - y[CS_Y_OC]) / p[CS_P_OC_TAU];
    dydt[CS_Y_CUM_IN] = f.j_abs;
    dydt[CS_Y_CUM_OUT] = f.j_efc + f.j_u;
    return GSL_SUCCESS;
}

int cs_model_jac(double t, const double y[], double *dfdy, double dfdt[], void *params)
{
    (void)t;
    const cs_model *m = params;
    const double *p = m->p.v;
    fluxes f;
    compute(m, y, &f);
    const int n = CS_NSTATE;
    memset(dfdy, 0, sizeof(double) * n * n);
    memset(dfdt, 0, sizeof(double) * n);
#define J(i, j) dfdy[(i)*n + (j)]

    /* Partial derivatives of the shared fluxes. Zero where a state was clamped. */
    double inP = y[CS_Y_ECF_CA] > 0 ? 1.0 : 0.0;
    double inH = y[CS_Y_PTH] > 1e-9 ? 1.0 : 0.0;
    double inG = y[CS_Y_GUT] > 0 ? 1.0 : 0.0;
    double inW = y[CS_Y_VESSEL_CA] > 0 ? 1.0 : 0.0;
    double inB = y[CS_Y_BONE_CA] > 0 ? 1.0 : 0.0;
    double inD = y[CS_Y_VITD25] > 0 ? 1.0 : 0.0;
    double dc_dP = inP / m->v_ecf;
    double P = f.P > 1e-12 ? f.P : 1e-12;

    double dct_dD = f.dct_dD * inD, dct_dH = f.dct_dH * inH;
    /* absorption */
    double dabs_dG = f.dabs_dG * inG;
    /* faecal */
    double defc_dP = inP * f.j_efc / P, defc_dG = f.defc_dG * inG;
    /* urine */
    double du_dP = inP * p[CS_P_URINE_CA_EXP] * f.j_u / P;
    double du_dH = -inH * p[CS_P_URINE_PTH_EXP] * f.j_u / f.H;
    /* bone */
    double dfm_dP = inP * f.j_f / P, dfm_dH = inH * p[CS_P_FORM_PTH_EXP] * f.j_f / f.H;
    double dfm_dO = f.df_dO;
    double dr_dH = inH * p[CS_P_BONE_PTH_EXP] * f.j_r / f.H;
    double kb = BONE_HALF * m->b_ref;
    double dr_dB = inB * m->jr0 * pow(f.H, p[CS_P_BONE_PTH_EXP]) * (1.0 + BONE_HALF) * kb /
                   ((f.B + kb) * (f.B + kb));
    /* vessel: J_dep = k_g D (D + D0) / (D + D0 + I) + k_nuc S_e^2 (1 - M), with
     * D = S_e^n W_eff, I = W_cap (M / M_ref) / S_e^m, S_e = S_e(scp), scp = cr phos / phos0 */
    double ph0 = p[CS_P_PHOS_NORMAL];
    double se = f.se > 1e-12 ? f.se : 1e-12;
    double inM = y[CS_Y_MGP_WALL] > 0 ? 1.0 : 0.0, om = 1.0 - f.M > 0 ? 1.0 : 0.0;
    double dgrow_dse = f.dg_dD * p[CS_P_VESSEL_SCP_EXP] * f.drive / se -
                       f.dg_dI * p[CS_P_VESSEL_OVERWHELM_EXP] * f.inhib / se;
    double dnuc_dse = 2.0 * m->k_nuc * se * (om > 0 ? 1.0 - f.M : 0.0);
    double ddep_dscp = (dgrow_dse + dnuc_dse) * f.dse_dscp;
    double dscp_dP = inP * f.scp / P;
    double dscp_dct = f.cr * f.dphos_dct / ph0;
    double ddep_dP = ddep_dscp * dscp_dP;
    double ddep_dD = ddep_dscp * dscp_dct * dct_dD;
    double ddep_dH = ddep_dscp * dscp_dct * dct_dH;
    double ddep_dW = f.dg_dD * m->uremic * pow(se, p[CS_P_VESSEL_SCP_EXP]) * f.dweff * inW;
    double ddep_dM =
        inM * (f.dg_dI * m->w_cap / (m->mgp_ref * pow(se, p[CS_P_VESSEL_OVERWHELM_EXP])) -
               om * m->k_nuc * se * se);
    double dreg_dW = m->k_off * inW;

    /* ECF calcium row */
    int r = CS_Y_ECF_CA;
    J(r, CS_Y_ECF_CA) = -defc_dP - du_dP - m->k_pq - dfm_dP - ddep_dP;
    J(r, CS_Y_EXCH_CA) = m->k_qp;
    J(r, CS_Y_BONE_CA) = dr_dB;
    J(r, CS_Y_VESSEL_CA) = -ddep_dW + dreg_dW;
    J(r, CS_Y_PTH) = -du_dH - dfm_dH + dr_dH - ddep_dH;
    J(r, CS_Y_GUT) = dabs_dG - defc_dG;
    J(r, CS_Y_VITD25) = -ddep_dD;
    J(r, CS_Y_MGP_WALL) = -ddep_dM;
    J(r, CS_Y_OC) = -dfm_dO;

    r = CS_Y_EXCH_CA;
    J(r, CS_Y_ECF_CA) = m->k_pq;
    J(r, CS_Y_EXCH_CA) = -m->k_qp;

    r = CS_Y_BONE_CA;
    J(r, CS_Y_ECF_CA) = dfm_dP;
    J(r, CS_Y_PTH) = dfm_dH - dr_dH;
    J(r, CS_Y_BONE_CA) = -dr_dB;
    J(r, CS_Y_OC) = dfm_dO;

    r = CS_Y_VESSEL_CA;
    J(r, CS_Y_ECF_CA) = ddep_dP;
    J(r, CS_Y_PTH) = ddep_dH;
    J(r, CS_Y_VITD25) = ddep_dD;
    J(r, CS_Y_VESSEL_CA) = ddep_dW - dreg_dW;
    J(r, CS_Y_MGP_WALL) = ddep_dM;

    r = CS_Y_PTH;
    J(r, CS_Y_ECF_CA) = m->k_pth * f.dsec_dc * dc_dP;
    J(r, CS_Y_PTH) = m->k_pth * (f.dsec_dct * dct_dH - 1.0);
    J(r, CS_Y_VITD25) = m->k_pth * f.dsec_dct * dct_dD;

    r = CS_Y_GUT;
    double tg = p[CS_P_GUT_TAU];
    J(r, CS_Y_GUT) = -1.0 / tg;
    J(r, CS_Y_PTH) = dct_dH / tg;
    J(r, CS_Y_VITD25) = dct_dD / tg;

    J(CS_Y_D3, CS_Y_D3) = -m->k_d3;
    double F = m->k_d3 * y[CS_Y_D3], den = 1.0 + F / m->d3_sat;
    J(CS_Y_VITD25, CS_Y_D3) = m->k_d25 * m->vitd_gain * m->k_d3 / (den * den);
    J(CS_Y_VITD25, CS_Y_VITD25) = -m->k_d25;

    for (int k = 0; k < 3; k++) {
        int g = CS_Y_K1_GUT + 2 * k, pl = g + 1;
        J(g, g) = -m->ka;
        J(pl, g) = m->fv[k] * m->ka;
        J(pl, pl) = -m->ke[k];
    }

    /* Carboxylation: u = w1 K1 + MK4 + MK7 + T (each clamped at 0); the tissue store T
     * follows floor + gain (MK7 + MK4 + s1 K1). */
    double wts[3] = {p[CS_P_K1_WEIGHT], 1.0, 1.0};
    double tis[3] = {p[CS_P_K_TISSUE_K1_SHARE], 1.0, 1.0};
    for (int k = 0; k < 3; k++) {
        int pl = CS_Y_K1_PLASMA + 2 * k;
        double du = y[pl] > 0 ? wts[k] * f.dus_du : 0.0;
        J(CS_Y_MGP, pl) = f.dmss * du / p[CS_P_MGP_TAU];
        J(CS_Y_OC, pl) = f.doss * du / p[CS_P_OC_TAU];
        J(CS_Y_K_TISSUE, pl) = y[pl] > 0 ? m->k_tis * p[CS_P_K_TISSUE_GAIN] * tis[k] : 0.0;
    }
    J(CS_Y_K_TISSUE, CS_Y_K_TISSUE) = -m->k_tis;
    double dut = y[CS_Y_K_TISSUE] > 0 ? f.dus_du : 0.0;
    J(CS_Y_MGP, CS_Y_K_TISSUE) = f.dmss * dut / p[CS_P_MGP_TAU];
    J(CS_Y_OC, CS_Y_K_TISSUE) = f.doss * dut / p[CS_P_OC_TAU];
    J(CS_Y_MGP, CS_Y_MGP) = -1.0 / p[CS_P_MGP_TAU];
    J(CS_Y_MGP_WALL, CS_Y_MGP) = 1.0 / p[CS_P_MGP_WALL_TAU];
    J(CS_Y_MGP_WALL, CS_Y_MGP_WALL) = -1.0 / p[CS_P_MGP_WALL_TAU];
    J(CS_Y_OC, CS_Y_OC) = -1.0 / p[CS_P_OC_TAU];

    r = CS_Y_CUM_IN;
    J(r, CS_Y_GUT) = dabs_dG;
    r = CS_Y_CUM_OUT;
    J(r, CS_Y_ECF_CA) = defc_dP + du_dP;
    J(r, CS_Y_PTH) = du_dH;
    J(r, CS_Y_GUT) = defc_dG;
#undef J
    return GSL_SUCCESS;
}

/* Derived constants that depend on p only (no calibration). */
static void derive(cs_model *m)
{
    const double *p = m->p.v;
    m->v_ecf = p[CS_P_ECF_VOLUME];
    m->c_ref = p[CS_P_CA_SETPOINT];
    m->k_pth = LN2 / (p[CS_P_PTH_HALF_LIFE] / 1440.0);
    double p_ref = m->c_ref * m->v_ecf;
    m->q_ref = p[CS_P_EXCH_POOL];
    m->k_pq = p[CS_P_EXCH_FLUX] / p_ref;
    m->k_qp = p[CS_P_EXCH_FLUX] / m->q_ref;
    m->b_ref = p[CS_P_BONE0] * 1000.0 / CS_CA_MG_PER_MMOL - m->q_ref;
    m->jf0 = p[CS_P_BONE_FORM] / CS_CA_MG_PER_MMOL;
    m->jr0 = m->jf0 + p[CS_P_BONE_LOSS] / 100.0 * (m->b_ref + m->q_ref) / CS_DAYS_PER_YEAR_MODEL;
    m->vact = p[CS_P_CA_VMAX] / CS_CA_MG_PER_MMOL;
    m->km_act = p[CS_P_CA_KM] / CS_CA_MG_PER_MMOL;
    m->efc_scale = p[CS_P_HEIGHT] / CS_CA_MG_PER_MMOL;
    m->k_d3 = LN2 / p[CS_P_D3_HALF_LIFE];
    m->k_d25 = LN2 / p[CS_P_VITD_HALF_LIFE];
    m->d3_sat = p[CS_P_VITD_SAT];
    double kid = p[CS_P_KIDNEY];
    m->kid_ctriol = pow(kid, p[CS_P_CTRIOL_KIDNEY_EXP]);
    m->kid_phos = pow(kid, -p[CS_P_PHOS_KIDNEY_EXP]);
    m->kid_urine = pow(kid, p[CS_P_URINE_KIDNEY_EXP]);
    m->uremic = pow(kid, -p[CS_P_VESSEL_UREMIC_EXP]);
    m->ka = LN2 / (p[CS_P_K_ABS_HALF] / 24.0);
    m->ke[0] = LN2 / (p[CS_P_K1_HALF] / 24.0);
    m->ke[1] = LN2 / (p[CS_P_MK4_HALF] / 24.0);
    m->ke[2] = LN2 / (p[CS_P_MK7_HALF] / 24.0);
    m->fv[0] = p[CS_P_K1_FV];
    m->fv[1] = p[CS_P_MK4_FV];
    m->fv[2] = p[CS_P_MK7_FV];
    m->nmol_per_ug[0] = 1000.0 / 450.7; /* K1 450.7 g/mol */
    m->nmol_per_ug[1] = 1000.0 / 444.7; /* MK-4 444.7 g/mol */
    m->nmol_per_ug[2] = 1000.0 / 649.0; /* MK-7 ~649 g/mol */
    m->k_g = p[CS_P_VESSEL_GROWTH] / CS_DAYS_PER_YEAR_MODEL;
    m->k_nuc = p[CS_P_VESSEL_NUC] / CS_CA_MG_PER_MMOL / CS_DAYS_PER_YEAR_MODEL;
    m->w_cap = p[CS_P_MGP_CAPACITY] / CS_CA_MG_PER_MMOL;
    m->d0 = p[CS_P_VESSEL_OFFSET] / CS_CA_MG_PER_MMOL;
    m->w_half = p[CS_P_VESSEL_HALF] / CS_CA_MG_PER_MMOL;
    m->k_off = 1.0 / (p[CS_P_VESSEL_REGRESS] * CS_DAYS_PER_YEAR_MODEL);
    m->k_tis = 1.0 / p[CS_P_K_TISSUE_TAU];
    /* Serum magnesium relative to the reference adult (default intake, healthy kidneys). */
    double mg_def = cs_param_info_at(CS_P_MG_INTAKE)->def;
    m->mg_rel =
        pow(p[CS_P_MG_INTAKE] / mg_def, p[CS_P_MG_INTAKE_EXP]) * pow(kid, -p[CS_P_MG_KIDNEY_EXP]);
    m->ca_in = p[CS_P_CA_INTAKE] / CS_CA_MG_PER_MMOL;
    m->d3_in = p[CS_P_D3_INTAKE] + p[CS_P_SKIN_D3];
    double k2 = p[CS_P_K2_INTAKE], f4 = p[CS_P_K2_MK4_FRACTION];
    m->k_in[0] = p[CS_P_K1_INTAKE] * m->nmol_per_ug[0];
    m->k_in[1] = k2 * f4 * m->nmol_per_ug[1];
    m->k_in[2] = k2 * (1.0 - f4) * m->nmol_per_ug[2];
}

/* Steady plasma levels of the continuous vitamin K inputs, written into y. */
static void vitamin_k_steady(const cs_model *m, double y[])
{
    for (int k = 0; k < 3; k++) {
        int g = CS_Y_K1_GUT + 2 * k;
        y[g] = m->k_in[k] / m->ka;
        y[g + 1] = m->fv[k] * m->k_in[k] / m->ke[k];
    }
}

/* Steady D3 pool and 25(OH)D for the continuous input, written into y. */
static void vitamin_d_steady(const cs_model *m, double y[])
{
    double F = m->d3_in;
    y[CS_Y_D3] = F / m->k_d3;
    y[CS_Y_VITD25] = m->vitd_gain * F / (1.0 + F / m->d3_sat);
}

/* Steady carboxylated fractions (and tissue store) for the vitamin K levels in y. */
static void carboxylation_steady(const cs_model *m, double y[])
{
    y[CS_Y_K_TISSUE] = tissue_k_target(m, y);
    double us = after_warfarin(m, usable_k(m, y), NULL);
    y[CS_Y_MGP] = us / (us + m->p.v[CS_P_MGP_KM]);
    y[CS_Y_MGP_WALL] = y[CS_Y_MGP];
    y[CS_Y_OC] = us / (us + m->p.v[CS_P_OC_KM]);
}

int cs_model_init(cs_model *m, const cs_params *p, cs_error *err)
{
    if (!m || !p)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL, "cs_model_init: NULL argument");
    /* The reference adult: p's physiology, with the table's default diet, supplements and
     * conditions. The balancing constants are calibrated on it. */
    cs_model ref;
    memset(&ref, 0, sizeof ref);
    ref.p = *p;
    for (int i = 0; i < cs_param_count(); i++) {
        const cs_param_info *in = cs_param_info_at(i);
        if (strcmp(in->group, "physiology") != 0)
            ref.p.v[i] = in->def;
    }
    derive(&ref);
    double F = ref.d3_in, D = ref.p.v[CS_P_VITD_BASELINE];
    ref.vitd_gain = F > 0 ? D * (1.0 + F / ref.d3_sat) / F : 0.0;
    double kd = ref.p.v[CS_P_CTRIOL_VITD_KM];
    ref.fd_ref = D / (D + kd);
    /* PTH half-activation so that secretion is exactly 1 at the set point. */
    const double *rp = ref.p.v;
    double lg = (1.0 - rp[CS_P_PTH_MIN]) / (rp[CS_P_PTH_MAX] - rp[CS_P_PTH_MIN]);
    ref.c50 = ref.c_ref - rp[CS_P_PTH_WIDTH] * log(1.0 / lg - 1.0);
    ref.oc_ref = 0.0;
    ref.mgp_ref = 1.0;
    ref.k_u = 1.0;

    double y[CS_NSTATE] = {0};
    vitamin_k_steady(&ref, y);
    vitamin_d_steady(&ref, y);
    carboxylation_steady(&ref, y);
    ref.oc_ref = y[CS_Y_OC];
    ref.mgp_ref = y[CS_Y_MGP] > 1e-6 ? y[CS_Y_MGP] : 1e-6;
    y[CS_Y_ECF_CA] = ref.c_ref * ref.v_ecf;
    y[CS_Y_EXCH_CA] = ref.q_ref;
    y[CS_Y_BONE_CA] = ref.b_ref;
    y[CS_Y_VESSEL_CA] = rp[CS_P_VESSEL0] / CS_CA_MG_PER_MMOL;
    y[CS_Y_PTH] = 1.0;
    y[CS_Y_GUT] = 1.0;
    /* Urine constant: the flux that makes dP/dt = 0 for the reference adult. */
    fluxes f;
    compute(&ref, y, &f);
    double need = f.j_abs - f.j_efc - f.j_f + f.j_r - f.j_dep + f.j_reg;
    if (!(need > 0))
        return cs_error_set(err, CS_ERANGE, NULL, 0, NULL,
                            "these physiology parameters leave no calcium for the urine of the "
                            "reference adult (net %.3g mg/day); raise absorption or lower bone "
                            "loss",
                            need * CS_CA_MG_PER_MMOL);

    /* The model itself: p as given, with the calibrated constants of the reference. */
    memset(m, 0, sizeof *m);
    m->p = *p;
    derive(m);
    m->vitd_gain = ref.vitd_gain;
    m->fd_ref = ref.fd_ref;
    m->c50 = ref.c50;
    m->oc_ref = ref.oc_ref;
    m->mgp_ref = ref.mgp_ref;
    m->k_u = need; /* reference: kidney 1, c = c_ref, H = 1 */
    return CS_OK;
}

/* The blood/PTH subsystem for the root finder: unknowns (P, H); Q and G follow them. */
typedef struct {
    const cs_model *m;
    double *y;
} qss_ctx;

static void qss_fill(const qss_ctx *q, const gsl_vector *x)
{
    const cs_model *m = q->m;
    double *y = q->y;
    y[CS_Y_ECF_CA] = gsl_vector_get(x, 0);
    y[CS_Y_PTH] = gsl_vector_get(x, 1);
    y[CS_Y_EXCH_CA] = m->k_pq * y[CS_Y_ECF_CA] / m->k_qp;
    fluxes f;
    compute(m, y, &f);
    y[CS_Y_GUT] = f.ct;
}

static int qss_f(const gsl_vector *x, void *params, gsl_vector *out)
{
    qss_ctx *q = params;
    double d[CS_NSTATE];
    qss_fill(q, x);
    cs_model_rhs(0.0, q->y, d, (void *)q->m);
    gsl_vector_set(out, 0, d[CS_Y_ECF_CA]);
    gsl_vector_set(out, 1, d[CS_Y_PTH] / q->m->k_pth);
    return GSL_SUCCESS;
}

static int qss_df(const gsl_vector *x, void *params, gsl_matrix *J)
{
    qss_ctx *q = params;
    const cs_model *m = q->m;
    double jac[CS_NSTATE * CS_NSTATE], dt[CS_NSTATE];
    qss_fill(q, x);
    cs_model_jac(0.0, q->y, jac, dt, (void *)m);
    fluxes f;
    compute(m, q->y, &f);
    double dq_dp = m->k_pq / m->k_qp, dg_dh = f.dct_dH;
    const int n = CS_NSTATE;
    int rows[2] = {CS_Y_ECF_CA, CS_Y_PTH};
    double scale[2] = {1.0, 1.0 / m->k_pth};
    for (int i = 0; i < 2; i++) {
        const double *row = jac + rows[i] * n;
        gsl_matrix_set(J, i, 0, scale[i] * (row[CS_Y_ECF_CA] + row[CS_Y_EXCH_CA] * dq_dp));
        gsl_matrix_set(J, i, 1, scale[i] * (row[CS_Y_PTH] + row[CS_Y_GUT] * dg_dh));
    }
    return GSL_SUCCESS;
}

static int qss_fdf(const gsl_vector *x, void *params, gsl_vector *f, gsl_matrix *J)
{
    qss_f(x, params, f);
    return qss_df(x, params, J);
}

/* Residual of the PTH equation at H for the blood calcium held in q->y, for the 1-D
 * fallback below: secretion target minus H. */
static double pth_residual(double H, void *params)
{
    const qss_ctx *q = params;
    gsl_vector_view x = gsl_vector_view_array((double[2]){q->y[CS_Y_ECF_CA], H}, 2);
    double d[CS_NSTATE];
    qss_fill(q, &x.vector);
    cs_model_rhs(0.0, q->y, d, (void *)q->m);
    return d[CS_Y_PTH];
}

/* Brent's method on f over [lo, hi] (which must bracket a sign change); NAN when it does not
 * converge. */
static double brent_root(double (*f)(double, void *), void *params, double lo, double hi,
                         double tol)
{
    gsl_function fn = {f, params};
    double flo = f(lo, params), fhi = f(hi, params);
    if (!(flo * fhi <= 0))
        return NAN;
    gsl_root_fsolver *r = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!r)
        return NAN;
    double x = NAN;
    if (gsl_root_fsolver_set(r, &fn, lo, hi) == GSL_SUCCESS) {
        for (int it = 0; it < 200; it++) {
            if (gsl_root_fsolver_iterate(r))
                break;
            double a = gsl_root_fsolver_x_lower(r), b = gsl_root_fsolver_x_upper(r);
            if (gsl_root_test_interval(a, b, 0.0, tol) == GSL_SUCCESS) {
                x = gsl_root_fsolver_root(r);
                break;
            }
        }
    }
    gsl_root_fsolver_free(r);
    return x;
}

/* PTH in quasi-steady state for the blood calcium P (1-D: secretion falls as H rises). */
static double pth_for(qss_ctx *q, double P)
{
    q->y[CS_Y_ECF_CA] = P;
    return brent_root(pth_residual, q, 1e-6, 1e3, 1e-13);
}

/* dP/dt with PTH, exchangeable bone and gut capacity in quasi-steady state for P. */
static double blood_residual(double P, void *params)
{
    qss_ctx *q = params;
    double H = pth_for(q, P);
    if (isnan(H))
        return NAN;
    gsl_vector_view x = gsl_vector_view_array((double[2]){P, H}, 2);
    double d[CS_NSTATE];
    qss_fill(q, &x.vector);
    cs_model_rhs(0.0, q->y, d, (void *)q->m);
    return d[CS_Y_ECF_CA];
}

/*
 * Fallback when the 2-D Newton-type solver fails: nested 1-D Brent solves, PTH for a given
 * blood calcium inside, blood calcium over 0.25-4 times the set point outside. Slower but
 * it cannot wander off. Returns 1 with (P, H) filled, or 0.
 */
static int qss_bracketed(qss_ctx *q, double *P, double *H)
{
    double p_ref = q->m->c_ref * q->m->v_ecf;
    double p = brent_root(blood_residual, q, 0.25 * p_ref, 4.0 * p_ref, 1e-13);
    if (isnan(p))
        return 0;
    double h = pth_for(q, p);
    if (isnan(h))
        return 0;
    *P = p;
    *H = h;
    return 1;
}

int cs_model_initial_state(const cs_model *m, double y[], cs_error *err)
{
    if (!m || !y)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL, "cs_model_initial_state: NULL argument");
    memset(y, 0, sizeof(double) * CS_NSTATE);
    vitamin_k_steady(m, y);
    vitamin_d_steady(m, y);
    carboxylation_steady(m, y);
    y[CS_Y_BONE_CA] = m->b_ref;
    y[CS_Y_VESSEL_CA] = m->p.v[CS_P_VESSEL0] / CS_CA_MG_PER_MMOL;

    cs_library_init(); /* GSL's aborting error handler off, once */
    qss_ctx ctx = {m, y};
    gsl_multiroot_function_fdf fn = {qss_f, qss_df, qss_fdf, 2, &ctx};
    gsl_vector *x = gsl_vector_alloc(2);
    gsl_multiroot_fdfsolver *s = gsl_multiroot_fdfsolver_alloc(gsl_multiroot_fdfsolver_hybridsj, 2);
    int status = GSL_CONTINUE;
    if (x && s) {
        gsl_vector_set(x, 0, m->c_ref * m->v_ecf);
        gsl_vector_set(x, 1, 1.0);
        gsl_multiroot_fdfsolver_set(s, &fn, x);
        for (int it = 0; it < 200 && status == GSL_CONTINUE; it++) {
            if (gsl_multiroot_fdfsolver_iterate(s))
                break;
            status = gsl_multiroot_test_residual(s->f, 1e-12);
        }
        /* hybridsj may stall (no progress) a hair short of 1e-12 mmol/d where the fluxes
         * are large; 1e-8 mmol/d (0.4 ug/day of calcium) is settled for every purpose. */
        if (status != GSL_SUCCESS && gsl_multiroot_test_residual(s->f, 1e-8) == GSL_SUCCESS)
            status = GSL_SUCCESS;
    }
    double P = s ? gsl_vector_get(s->x, 0) : 0, H = s ? gsl_vector_get(s->x, 1) : 0;
    if (s && status != GSL_SUCCESS && qss_bracketed(&ctx, &P, &H)) {
        gsl_vector_set(s->x, 0, P);
        gsl_vector_set(s->x, 1, H);
        status = GSL_SUCCESS;
    }
    if (s)
        qss_fill(&ctx, s->x);
    gsl_multiroot_fdfsolver_free(s);
    gsl_vector_free(x);
    if (status != GSL_SUCCESS || !(P > 0) || !(H > 0))
        return cs_error_set(err, CS_ESOLVER, NULL, 0, NULL,
                            "no steady starting state for blood calcium and PTH with these "
                            "parameters; move extreme values back toward their defaults");
    return CS_OK;
}

double cs_cac_au(const cs_params *p, double vessel_mg)
{
    return vessel_mg * p->v[CS_P_CAC_CORONARY] / (CS_HA_CA_FRACTION * p->v[CS_P_CAC_MG_HA_PER_AU]);
}

void cs_model_outputs(const cs_model *m, double t, const double y[], double out[])
{
    fluxes f;
    compute(m, y, &f);
    const double mg = CS_CA_MG_PER_MMOL;
    out[CS_O_T_DAYS] = t;
    out[CS_O_T_YEARS] = t / CS_DAYS_PER_YEAR_MODEL;
    out[CS_O_BLOOD_CA] = f.c;
    out[CS_O_BONE_CA] = (y[CS_Y_EXCH_CA] + y[CS_Y_BONE_CA]) * mg / 1000.0;
    out[CS_O_VESSEL_CA] = y[CS_Y_VESSEL_CA] * mg;
    out[CS_O_PTH] = y[CS_Y_PTH];
    out[CS_O_PHOSPHATE] = f.phos;
    out[CS_O_MAGNESIUM] = m->p.v[CS_P_MG_SERUM_NORMAL] * m->mg_rel;
    out[CS_O_VITD25] = y[CS_Y_VITD25];
    out[CS_O_K1] = y[CS_Y_K1_PLASMA];
    out[CS_O_MK4] = y[CS_Y_MK4_PLASMA];
    out[CS_O_MK7] = y[CS_Y_MK7_PLASMA];
    out[CS_O_K_TISSUE] = y[CS_Y_K_TISSUE];
    out[CS_O_MGP_PCT] = 100.0 * y[CS_Y_MGP];
    out[CS_O_OC_PCT] = 100.0 * y[CS_Y_OC];
    out[CS_O_ABSORBED] = f.j_abs * mg;
    out[CS_O_ABSORBED_FRACTION] = f.fabs;
    out[CS_O_URINE] = f.j_u * mg;
    out[CS_O_FAECAL] = f.j_efc * mg;
    out[CS_O_BONE_FORMATION] = f.j_f * mg;
    out[CS_O_BONE_RESORPTION] = f.j_r * mg;
    out[CS_O_VESSEL_DEPOSITION] = f.j_dep * mg;
    out[CS_O_CALCITRIOL] = f.ct;
    out[CS_O_BODY_CA] =
        (y[CS_Y_ECF_CA] + y[CS_Y_EXCH_CA] + y[CS_Y_BONE_CA] + y[CS_Y_VESSEL_CA]) * mg;
    out[CS_O_NET_INTAKE] = (y[CS_Y_CUM_IN] - y[CS_Y_CUM_OUT]) * mg;
    out[CS_O_CAC] = cs_cac_au(&m->p, out[CS_O_VESSEL_CA]);
}
