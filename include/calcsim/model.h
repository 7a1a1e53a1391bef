/*
 * calcsim/model.h - the calcium / vitamin K / vitamin D compartment model.
 *
 * The model is an ODE system y' = f(t, y) in days and mmol (see docs/model.md for every
 * equation, unit and source). cs_model holds a parameter set plus the constants that are
 * computed from the reference (default) adult so that the baseline balances. The right-hand
 * side and Jacobian have the GSL odeiv2 signatures and are re-entrant: all state lives in
 * the cs_model passed as params.
 */
#ifndef CALCSIM_MODEL_H
#define CALCSIM_MODEL_H

#include "calcsim/error.h"
#include "calcsim/params.h"

#ifdef __cplusplus
extern "C" {
#endif

/* State vector layout. Amounts of calcium are in mmol. */
enum {
    CS_Y_ECF_CA = 0, /* calcium in blood/extracellular fluid [mmol] */
    CS_Y_EXCH_CA,    /* fast exchangeable bone calcium [mmol] */
    CS_Y_BONE_CA,    /* mineralised (slow) bone calcium [mmol] */
    CS_Y_VESSEL_CA,  /* calcium deposited in the arterial wall [mmol] */
    CS_Y_PTH,        /* parathyroid hormone, relative to normal [1] */
    CS_Y_GUT,        /* calcitriol-driven active absorption capacity, relative [1] */
    CS_Y_D3,         /* vitamin D3 (cholecalciferol) body pool awaiting conversion [IU] */
    CS_Y_VITD25,     /* serum 25(OH)D [nmol/L] */
    CS_Y_K1_GUT,     /* K1 in the gut, not yet absorbed [nmol] */
    CS_Y_K1_PLASMA,  /* plasma K1 [nmol/L] */
    CS_Y_MK4_GUT,    /* MK-4 in the gut [nmol] */
    CS_Y_MK4_PLASMA, /* plasma MK-4 [nmol/L] */
    CS_Y_MK7_GUT,    /* MK-7 in the gut [nmol] */
    CS_Y_MK7_PLASMA, /* plasma MK-7 [nmol/L] */
    CS_Y_MGP,        /* carboxylated fraction of matrix Gla protein [0-1] */
    CS_Y_OC,         /* carboxylated fraction of osteocalcin [0-1] */
    CS_Y_K_TISSUE,   /* slow extra-hepatic vitamin K store, MK-7 equivalent [nmol/L] */
    CS_Y_MGP_WALL,   /* active MGP bound in the arterial wall, as a carboxylated fraction [0-1] */
    CS_Y_CUM_IN,     /* cumulative calcium absorbed since t = 0 [mmol] */
    CS_Y_CUM_OUT,    /* cumulative calcium excreted (urine + endogenous faecal) [mmol] */
    CS_NSTATE
};

/* Output columns, in CSV order. cs_output_info_at() gives names and units. */
enum {
    CS_O_T_DAYS = 0,
    CS_O_T_YEARS,
    CS_O_BLOOD_CA,
    CS_O_BONE_CA,
    CS_O_VESSEL_CA,
    CS_O_CAC,
    CS_O_PTH,
    CS_O_PHOSPHATE,
    CS_O_MAGNESIUM,
    CS_O_VITD25,
    CS_O_K1,
    CS_O_MK4,
    CS_O_MK7,
    CS_O_K_TISSUE,
    CS_O_MGP_PCT,
    CS_O_OC_PCT,
    CS_O_ABSORBED,
    CS_O_ABSORBED_FRACTION,
    CS_O_URINE,
    CS_O_FAECAL,
    CS_O_BONE_FORMATION,
    CS_O_BONE_RESORPTION,
    CS_O_VESSEL_DEPOSITION,
    CS_O_CALCITRIOL,
    CS_O_BODY_CA,
    CS_O_NET_INTAKE,
    CS_NOUTPUT
};

/* One output column: CSV header name, unit and a one-line description. */
typedef struct {
    const char *name;
    const char *unit;
    const char *desc;
} cs_output_info;

/* One state variable: short name and unit. */
typedef struct {
    const char *name;
    const char *unit;
} cs_state_info;

/* Returns state i (0 <= i < CS_NSTATE), or NULL when out of range. */
const cs_state_info *cs_state_info_at(int i);

/* Returns output column i (0 <= i < CS_NOUTPUT), or NULL when out of range. */
const cs_output_info *cs_output_info_at(int i);

/* Molar mass of calcium [g/mol]: 1 mmol = 40.08 mg. */
#define CS_CA_MG_PER_MMOL 40.08

/*
 * The model: a parameter set, its derived rate constants, and the constants calibrated on
 * the reference adult. Fill it with cs_model_init(); treat the fields as read-only.
 */
typedef struct {
    cs_params p; /* the parameter values, in table units */
    /* Derived rates [1/d] and scales; see model.c for their definitions. */
    double v_ecf;          /* ECF volume [L] */
    double c_ref;          /* calcium set point [mmol/L] */
    double k_pth;          /* PTH elimination rate [1/d] */
    double c50;            /* calcium at PTH half-activation, calibrated [mmol/L] */
    double k_u;            /* urine constant, calibrated so the baseline balances [mmol/d] */
    double k_pq, k_qp;     /* fast ECF <-> exchangeable bone exchange rates [1/d] */
    double q_ref;          /* exchangeable bone pool at baseline [mmol] */
    double b_ref;          /* initial bone calcium [mmol] */
    double jf0, jr0;       /* bone formation and resorption at baseline [mmol/d] */
    double oc_ref;         /* carboxylated osteocalcin of the reference adult [1] */
    double fd_ref;         /* 25(OH)D saturation of the reference adult [1] */
    double k_d3, k_d25;    /* D3 conversion and 25(OH)D elimination rates [1/d] */
    double vitd_gain;      /* 25(OH)D per unit of D3 production, calibrated [nmol/L per IU/d] */
    double ka;             /* vitamin K gut absorption rate [1/d] */
    double ke[3];          /* plasma elimination of K1, MK-4, MK-7 [1/d] */
    double fv[3];          /* bioavailability / volume of K1, MK-4, MK-7 [1/L] */
    double nmol_per_ug[3]; /* molar conversion of K1, MK-4, MK-7 [nmol/ug] */
    double k_g;            /* vessel growth rate [1/d] */
    double k_nuc;          /* nucleation on a clean wall with no active MGP [mmol/d] */
    double w_cap;          /* MGP inhibition of the reference adult, as growth drive [mmol] */
    double w_half;     /* deposit above which the growth drive rises as its square root [mmol] */
    double d0;         /* growth drive at which the drive starts to overwhelm inhibition [mmol] */
    double mgp_ref;    /* carboxylated MGP of the reference adult [1] */
    double mg_rel;     /* serum magnesium relative to the reference adult [1] */
    double k_off;      /* vessel regression rate [1/d] */
    double k_tis;      /* filling rate of the tissue vitamin K store [1/d] */
    double vact;       /* active absorption capacity at G = 1 [mmol/d] */
    double km_act;     /* half-saturating calcium intake of active absorption [mmol/d] */
    double efc_scale;  /* endogenous faecal loss per unit of (0.81 - 0.63 fabs) [mmol/d] */
    double d3_sat;     /* D3 production at which 25-hydroxylation halves [IU/d] */
    double kid_ctriol; /* kidney_function^calcitriol_kidney_exponent [1] */
    double kid_phos;   /* kidney_function^-phosphate_kidney_exponent [1] */
    double kid_urine;  /* kidney_function^urine_kidney_exponent [1] */
    double uremic;     /* kidney_function^-vessel_uremic_exponent: growth drive factor [1] */
    double ca_in;      /* dietary calcium [mmol/d] */
    double d3_in;      /* continuous D3 input, diet + skin [IU/d] */
    double k_in[3];    /* continuous K1, MK-4, MK-7 input [nmol/d] */
} cs_model;

/*
 * Fills m from p: copies the parameters, derives rate constants and calibrates the
 * balancing constants on the reference adult (p's physiology parameters with the table's
 * default diet, supplements and conditions), so that a scenario that changes an input
 * shows the effect of that change. Returns CS_OK, CS_EUSAGE for NULL arguments, or
 * CS_ERANGE when the physiology leaves the reference adult no calcium for the urine.
 */
int cs_model_init(cs_model *m, const cs_params *p, cs_error *err);

/*
 * The right-hand side dy/dt at (t, y), GSL signature; params is a const cs_model *.
 * Always returns GSL_SUCCESS (0); it never prints or aborts.
 */
int cs_model_rhs(double t, const double y[], double dydt[], void *params);

/*
 * The analytic Jacobian dfdy (row-major CS_NSTATE x CS_NSTATE) and dfdt (zero: the system
 * is autonomous between doses), GSL signature. Returns 0.
 */
int cs_model_jac(double t, const double y[], double *dfdy, double dfdt[], void *params);

/*
 * Computes the starting state: vitamin pools and carboxylation at the steady state of the
 * continuous diet (supplements off), the blood/PTH/gut subsystem at its quasi-steady state,
 * bone and vessel at their initial values, and the cumulative counters at zero.
 * Returns CS_OK, or CS_ESOLVER when the steady state cannot be found.
 */
int cs_model_initial_state(const cs_model *m, double y[], cs_error *err);

/* Calcium mass fraction of hydroxyapatite, Ca10(PO4)6(OH)2 [1]. */
#define CS_HA_CA_FRACTION 0.399

/*
 * The coronary calcium score (Agatston units) equivalent to vessel_mg of arterial-wall
 * calcium with the parameters p: vessel_mg * cac_coronary_fraction / (CS_HA_CA_FRACTION *
 * cac_mg_ha_per_au). A conversion for comparing with trials, not a model of the scan
 * (docs/populations.md).
 */
double cs_cac_au(const cs_params *p, double vessel_mg);

/*
 * Computes every output column at (t, y) into out[CS_NOUTPUT], in the units of
 * cs_output_info_at(). net_intake_mg comes from the cumulative counters in y.
 */
void cs_model_outputs(const cs_model *m, double t, const double y[], double out[]);

#ifdef __cplusplus
}
#endif
#endif
