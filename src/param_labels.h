/*
 * param_labels.h - a short human label for every parameter of param_table.h, for the axes
 * and legends of figures ("vitamin K2 intake", drawn as "vitamin K2 intake [ug/day]"):
 * CS_PARAM_LABEL(L), L(ID, label). At most 32 characters, no unit (the table has it). Kept
 * apart from the table, like the range reasons, so the table stays readable; params.c joins
 * them, and tests/test_sweep.c checks that every parameter has one.
 */
#ifndef CALCSIM_PARAM_LABELS_H
#define CALCSIM_PARAM_LABELS_H

/* clang-format off */
#define CS_PARAM_LABEL(L) \
L(YEARS, "run length") \
L(OUTPUT_EVERY, "output interval") \
L(CA_INTAKE, "calcium intake") \
L(D3_INTAKE, "vitamin D3 intake (diet)") \
L(SKIN_D3, "vitamin D3 from the skin") \
L(K1_INTAKE, "vitamin K1 intake") \
L(K2_INTAKE, "vitamin K2 intake") \
L(K2_MK4_FRACTION, "MK-4 share of dietary K2") \
L(MG_INTAKE, "magnesium intake") \
L(MK7_SUPP, "MK-7 supplement") \
L(MK4_SUPP, "MK-4 supplement") \
L(K1_SUPP, "K1 supplement") \
L(D3_SUPP, "vitamin D3 supplement") \
L(SUPP_START, "first supplement day") \
L(SUPP_STOP, "supplement stop day") \
L(SUPP_INTERVAL, "days between doses") \
L(WARFARIN, "warfarin inhibition") \
L(KIDNEY, "kidney function") \
L(VESSEL0, "initial vessel calcium") \
L(BONE0, "initial bone calcium") \
L(ECF_VOLUME, "extracellular fluid volume") \
L(CA_SETPOINT, "blood calcium set point") \
L(PTH_HALF_LIFE, "PTH half-life") \
L(PTH_MAX, "maximal PTH secretion") \
L(PTH_MIN, "minimal PTH secretion") \
L(PTH_WIDTH, "PTH sigmoid width") \
L(PTH_PHOS_EXP, "PTH phosphate exponent") \
L(PTH_CTRIOL_EXP, "PTH calcitriol exponent") \
L(CA_PASSIVE, "passive calcium absorption") \
L(CA_VMAX, "active absorption maximum") \
L(CA_KM, "active absorption half-max") \
L(GUT_TAU, "gut adaptation time") \
L(HEIGHT, "height") \
L(URINE_CA_EXP, "urine calcium exponent") \
L(URINE_PTH_EXP, "urine PTH exponent") \
L(URINE_KIDNEY_EXP, "urine kidney exponent") \
L(PHOS_NORMAL, "normal phosphate") \
L(PHOS_KIDNEY_EXP, "phosphate kidney exponent") \
L(PHOS_CTRIOL_SHARE, "phosphate calcitriol share") \
L(CTRIOL_VITD_KM, "calcitriol 25(OH)D half-max") \
L(CTRIOL_PTH_EXP, "calcitriol PTH exponent") \
L(CTRIOL_KIDNEY_EXP, "calcitriol kidney exponent") \
L(D3_HALF_LIFE, "vitamin D3 half-life") \
L(VITD_HALF_LIFE, "25(OH)D half-life") \
L(VITD_BASELINE, "reference 25(OH)D") \
L(VITD_SAT, "vitamin D saturation intake") \
L(BONE_FORM, "bone formation") \
L(BONE_LOSS, "age-related bone loss") \
L(BONE_PTH_EXP, "resorption PTH exponent") \
L(FORM_PTH_EXP, "formation PTH exponent") \
L(OC_EFFECT, "osteocalcin formation effect") \
L(EXCH_FLUX, "bone exchange flux") \
L(EXCH_POOL, "exchangeable bone calcium") \
L(K_ABS_HALF, "vitamin K absorption half-life") \
L(K1_HALF, "K1 half-life") \
L(MK4_HALF, "MK-4 half-life") \
L(MK7_HALF, "MK-7 half-life") \
L(K1_FV, "K1 bioavailability/volume") \
L(MK4_FV, "MK-4 bioavailability/volume") \
L(MK7_FV, "MK-7 bioavailability/volume") \
L(K1_WEIGHT, "extra-hepatic K1 weight") \
L(K_TISSUE_FLOOR, "tissue vitamin K floor") \
L(K_TISSUE_GAIN, "tissue vitamin K gain") \
L(K_TISSUE_TAU, "tissue vitamin K time constant") \
L(K_TISSUE_K1_SHARE, "K1 share of tissue vitamin K") \
L(WARF_BYPASS, "warfarin bypass level") \
L(MGP_KM, "MGP vitamin K half-max") \
L(OC_KM, "osteocalcin vitamin K half-max") \
L(MGP_WALL_TAU, "wall MGP time constant") \
L(MGP_TAU, "MGP time constant") \
L(OC_TAU, "osteocalcin time constant") \
L(MG_SERUM_NORMAL, "normal magnesium") \
L(MG_INTAKE_EXP, "magnesium diet exponent") \
L(MG_KIDNEY_EXP, "magnesium kidney exponent") \
L(MG_INHIB, "magnesium inhibition") \
L(VESSEL_GROWTH, "vessel calcium growth rate") \
L(VESSEL_NUC, "vessel nucleation") \
L(MGP_CAPACITY, "MGP inhibition capacity") \
L(VESSEL_OFFSET, "vessel inhibition offset") \
L(VESSEL_HALF, "vessel drive half-max") \
L(VESSEL_SCP_EXP, "supersaturation exponent") \
L(VESSEL_OVERWHELM_EXP, "inhibition overwhelm exponent") \
L(VESSEL_UREMIC_EXP, "uraemic vessel exponent") \
L(VESSEL_REGRESS, "vessel regression time") \
L(CAC_CORONARY, "coronary share of vessel calcium") \
L(CAC_MG_HA_PER_AU, "hydroxyapatite per Agatston unit")
/* clang-format on */

#endif
