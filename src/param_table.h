/*
 * param_table.h - THE parameter table: the single source of truth for every parameter.
 *
 * X-macro: CS_PARAM(ID, name, unit, default, min, max, group, description, source).
 * params.c turns it into the public table and model.c into the CS_P_* indices. Sources
 * refer to ../shared/science/facts.md: [R] read in the named source, [M] background
 * knowledge, [D] derived, [C] calibrated here to a target in targets.md.
 */
/* clang-format off */
#define CS_PARAM_TABLE(X) \
/* --- run control ------------------------------------------------------------------ */ \
X(YEARS, "years", "yr", 10, 0.001, 100, "run", \
  "Length of the run", "teaching choice") \
X(OUTPUT_EVERY, "output_every_days", "d", 7, 0.001, 36525, "run", \
  "Interval between output rows (0.041667 gives hourly rows)", "teaching choice") \
/* --- diet ------------------------------------------------------------------------- */ \
X(CA_INTAKE, "calcium_intake_mg_per_day", "mg/day", 1000, 200, 3000, "diet", \
  "Dietary calcium", "adult RDA 1000-1200 mg/d, IOM 2011 [M]; OpenBoneMin OralCa 964 mg/d [R]") \
X(D3_INTAKE, "d3_intake_iu_per_day", "IU/day", 400, 0, 10000, "diet", \
  "Dietary vitamin D3, a continuous intake", "targets.md baseline adult") \
X(SKIN_D3, "skin_d3_iu_per_day", "IU/day", 2000, 0, 5000, "diet", \
  "Vitamin D3 made in the skin, as a continuous input", \
  "all-source basal input ~2667 IU/d in healthy adults, Heaney, Armas & French [R]") \
X(K1_INTAKE, "k1_intake_ug_per_day", "ug/day", 100, 20, 1000, "diet", \
  "Dietary phylloquinone (K1, leafy greens), a continuous intake", \
  "US AI 90-120 ug/d, Bruno 2016 [R]; targets.md baseline") \
X(K2_INTAKE, "k2_intake_ug_per_day", "ug/day", 30, 0, 500, "diet", \
  "Dietary menaquinones (cheese, curd, natto, egg yolk), a continuous intake", \
  "Western intake ~20-40 ug/d [M]; Rotterdam tertiles 21.6/32.7 ug/d [M]") \
X(K2_MK4_FRACTION, "k2_diet_mk4_fraction", "1", 0.2, 0, 1, "diet", \
  "Share of dietary menaquinones that is short-chain MK-4 (the rest acts as long-chain MK-7)", \
  "cheese/natto menaquinones are mostly long-chain, PMC5946231 [R]; share is a toy choice") \
X(MG_INTAKE, "magnesium_intake_mg_per_day", "mg/day", 320, 100, 800, "diet", \
  "Dietary magnesium (whole grains, nuts, greens), a continuous intake", \
  "adult RDA 310-420 mg/d [M]; 50 mg/d more, 22 % lower CAC, Hruby 2014 [R]") \
/* --- supplements (discrete doses) ------------------------------------------------- */ \
X(MK7_SUPP, "mk7_supplement_ug_per_day", "ug/day", 0, 0, 1000, "supplement", \
  "MK-7 supplement, taken as discrete doses", "trial doses 45-360 ug/d, Dalmeijer 2012 [R]") \
X(MK4_SUPP, "mk4_supplement_ug_per_day", "ug/day", 0, 0, 45000, "supplement", \
  "MK-4 supplement, taken as discrete doses", "45 mg/d is the Japanese osteoporosis dose [R]") \
X(K1_SUPP, "k1_supplement_ug_per_day", "ug/day", 0, 0, 5000, "supplement", \
  "K1 supplement, taken as discrete doses", "Shea 2009: 500 ug/d [R]; Brandenburg 2017: 2 mg/d [M]") \
X(D3_SUPP, "d3_supplement_iu_per_day", "IU/day", 0, 0, 10000, "supplement", \
  "Vitamin D3 supplement, taken as discrete doses", "EFSA upper level 4000 IU/d [R]") \
X(SUPP_START, "supplement_start_day", "d", 0, 0, 36525, "supplement", \
  "Day of the first supplement dose", "teaching choice") \
X(SUPP_STOP, "supplement_stop_day", "d", 36525, 0, 36525, "supplement", \
  "No supplement dose is given on or after this day", "teaching choice") \
X(SUPP_INTERVAL, "supplement_interval_days", "d", 1, 0.25, 28, "supplement", \
  "Days between doses; each dose is the daily amount times this interval", \
  "one dose a day (issue 2)") \
/* --- conditions ------------------------------------------------------------------- */ \
X(WARFARIN, "warfarin_inhibition", "1", 0, 0, 1, "condition", \
  "Fraction of vitamin K recycling (VKOR) blocked by a vitamin K antagonist", \
  "Wajima 2009 Emax with Imax = 1 [R]; VKA users OR 1.2-3.1, Kosciuszek 2022 [R]") \
X(KIDNEY, "kidney_function", "1", 1, 0.15, 1.2, "condition", \
  "Kidney function relative to healthy (1 = healthy, 0.3 = CKD stage 4)", "CKD stages [M]") \
X(VESSEL0, "initial_vessel_ca_mg", "mg", 50, 0, 3000, "condition", \
  "Calcium in the arterial wall at t = 0", \
  "CAC 400 AU ~ 32 mg Ca [D]; aorta up to ~1 g [D]; targets.md baseline 50 mg") \
X(BONE0, "initial_bone_ca_g", "g", 1000, 600, 1400, "condition", \
  "Calcium in bone at t = 0", "skeleton ~1 kg Ca, Bronner [R]; OpenBoneMin Qbone 24,900 mmol [R]") \
/* --- physiology: calcium and PTH --------------------------------------------------- */ \
X(ECF_VOLUME, "ecf_volume_l", "L", 14, 10, 18, "physiology", \
  "Extracellular fluid volume", "OpenBoneMin V1 = 14 L [R]") \
X(CA_SETPOINT, "blood_ca_setpoint_mmol_l", "mmol/L", 2.4, 2.25, 2.55, "physiology", \
  "Total blood calcium the PTH loop holds (the reference adult's level)", \
  "serum total Ca 2.2-2.6 mmol/L [R]; OpenBoneMin 2.35 [R]") \
X(PTH_HALF_LIFE, "pth_half_life_min", "min", 4, 2, 10, "physiology", \
  "Plasma half-life of PTH", "2.0-2.9 min, Schmitt [R]; 5.8 min OpenBoneMin [D]") \
X(PTH_MAX, "pth_max_rel", "1", 3, 2, 5, "physiology", \
  "PTH secretion at very low calcium, relative to normal", \
  "tonic secretion 255% in steady hypocalcaemia, Schmitt [R]") \
X(PTH_MIN, "pth_min_rel", "1", 0.25, 0.1, 0.5, "physiology", \
  "PTH secretion at very high calcium, relative to normal", \
  "hypercalcaemia cuts tonic secretion by 75%, Schmitt [R]") \
X(PTH_WIDTH, "pth_sigmoid_width_mmol_l", "mmol/L", 0.05, 0.03, 0.1, "physiology", \
  "Width of the reverse sigmoid of PTH secretion against calcium (smaller = steeper)", \
  "steep CaSR curve, Shrestha 2010 [R]; width [C] to T1/T4") \
X(PTH_PHOS_EXP, "pth_phosphate_exponent", "1", 1, 0.5, 1.5, "physiology", \
  "How strongly high phosphate raises PTH secretion", "CKD secondary hyperparathyroidism [M]; [C] to T15") \
X(PTH_CTRIOL_EXP, "pth_calcitriol_exponent", "1", 0.3, 0.1, 0.6, "physiology", \
  "How strongly calcitriol suppresses PTH secretion", "OpenBoneMin CtriolPTeff [R]; size [C]") \
/* --- physiology: gut -------------------------------------------------------------- */ \
X(CA_PASSIVE, "ca_passive_fraction", "1", 0.10, 0.05, 0.2, "physiology", \
  "Fraction of dietary calcium absorbed passively (paracellular)", "Fleet 2022 [R]; size [C] to T2") \
X(CA_VMAX, "ca_active_vmax_mg_per_day", "mg/day", 350, 200, 500, "physiology", \
  "Most calcium the active (calcitriol-driven) route absorbs at normal calcitriol", \
  "Heaney 1990 load curve [R]; [C] to T2") \
X(CA_KM, "ca_active_km_mg_per_day", "mg/day", 700, 400, 1200, "physiology", \
  "Calcium intake at which the active route is half-saturated", "Heaney 1990 [R]; [C]") \
X(GUT_TAU, "gut_adaptation_days", "d", 2, 1, 7, "physiology", \
  "Time constant of gut absorption capacity following calcitriol", \
  "OpenBoneMin gut R ~25 h [D]; human adaptation 1-2 wk [R]") \
X(HEIGHT, "height_cm", "cm", 170, 150, 195, "physiology", \
  "Body height, which scales endogenous faecal calcium", "Heaney & Abrams 2004 [R]") \
/* --- physiology: kidney, phosphate, calcitriol ------------------------------------ */ \
X(URINE_CA_EXP, "urine_ca_exponent", "1", 3, 2, 4, "physiology", \
  "Steepness of urinary calcium against blood calcium", "filtered load ~ Ca, 98% reabsorbed [R]; [C]") \
X(URINE_PTH_EXP, "urine_pth_exponent", "1", 0.5, 0.25, 1, "physiology", \
  "How strongly PTH cuts urinary calcium (reabsorption)", "OpenBoneMin PTH-dependent reabsorption [R]") \
X(URINE_KIDNEY_EXP, "urine_kidney_exponent", "1", 0.2, 0, 0.5, "physiology", \
  "How urinary calcium capacity scales with kidney function", "CKD hypocalciuria [M]; [C] so that CKD blood Ca sits slightly low (CRIC [R])") \
X(PHOS_NORMAL, "phosphate_normal_mmol_l", "mmol/L", 1.1, 0.9, 1.3, "physiology", \
  "Serum phosphate of the reference adult", "normal 0.8-1.45 mmol/L [M]") \
X(PHOS_KIDNEY_EXP, "phosphate_kidney_exponent", "1", 0.45, 0.3, 0.6, "physiology", \
  "How phosphate rises as kidney function falls", "CRIC: lower eGFR, higher phosphate [R]; [C] to T15") \
X(PHOS_CTRIOL_SHARE, "phosphate_calcitriol_share", "1", 0.3, 0.1, 0.5, "physiology", \
  "Share of phosphate absorption that calcitriol drives", "OpenBoneMin calcitriol-phosphate link [R]; size [M]") \
X(CTRIOL_VITD_KM, "calcitriol_vitd_km_nmol_l", "nmol/L", 20, 10, 40, "physiology", \
  "25(OH)D at which calcitriol synthesis is half-saturated", \
  "IOM 2011: absorption plateaus above ~50 nmol/L (Need, Devine) [R]; [C] to T6") \
X(CTRIOL_PTH_EXP, "calcitriol_pth_exponent", "1", 0.5, 0.25, 1, "physiology", \
  "How strongly PTH drives calcitriol synthesis", "OpenBoneMin AOH driven by PTH [R]; size [M]") \
X(CTRIOL_KIDNEY_EXP, "calcitriol_kidney_exponent", "1", 1, 0.5, 1.5, "physiology", \
  "How calcitriol synthesis scales with kidney function", "renal CYP27B1 [R]; size [M]") \
/* --- physiology: vitamin D -------------------------------------------------------- */ \
X(D3_HALF_LIFE, "d3_half_life_days", "d", 1, 0.5, 5, "physiology", \
  "Half-life of vitamin D3 before hepatic 25-hydroxylation", "serum D3 clears in days [M]") \
X(VITD_HALF_LIFE, "vitd_half_life_days", "d", 15, 10, 25, "physiology", \
  "Half-life of serum 25(OH)D", "15.1 +/- 3.1 d, Jones 2014 [R]") \
X(VITD_BASELINE, "vitd_reference_nmol_l", "nmol/L", 65, 40, 100, "physiology", \
  "25(OH)D of the reference adult (defaults); sets the production gain", \
  "sufficiency >= 50 nmol/L, IOM [M]; targets.md T5 50-80") \
X(VITD_SAT, "vitd_saturation_iu_per_day", "IU/day", 10000, 5000, 30000, "physiology", \
  "D3 input at which hepatic 25-hydroxylation has fallen to half its linear rate", \
  "dose-response flattens at high intake, Ekwaru 2014 [R]; [C]") \
/* --- physiology: bone ------------------------------------------------------------- */ \
X(BONE_FORM, "bone_formation_mg_per_day", "mg/day", 300, 200, 500, "physiology", \
  "Bone formation (mineralisation) flux of the reference adult", \
  "remodelling ~200-500 mg/d each way [R][M]; OpenBoneMin ~585 mg/d [D]") \
X(BONE_LOSS, "age_bone_loss_pct_per_year", "%/yr", 0.5, 0, 2, "physiology", \
  "Net bone loss from the age-related remodelling imbalance", "older adults ~0.5-1%/yr [M]; targets.md T3") \
X(BONE_PTH_EXP, "resorption_pth_exponent", "1", 0.4, 0.2, 0.8, "physiology", \
  "How strongly PTH drives bone resorption", "OpenBoneMin osteoclast drive [R]; size [C]") \
X(FORM_PTH_EXP, "formation_pth_exponent", "1", 0.3, 0.1, 0.5, "physiology", \
  "How strongly PTH raises formation (coupled remodelling)", "coupling of remodelling [M]") \
X(OC_EFFECT, "oc_formation_effect", "1", 0.05, 0, 0.15, "physiology", \
  "Relative rise in bone formation per unit rise in carboxylated osteocalcin", \
  "Knapen 2013: MK-7 slowed BMC loss [R]; size [C] to T17") \
X(EXCH_FLUX, "bone_exchange_mmol_per_day", "mmol/day", 88, 40, 150, "physiology", \
  "Fast calcium exchange between blood and exchangeable bone, each way", "OpenBoneMin CaDay [R]") \
X(EXCH_POOL, "exchangeable_bone_mmol", "mmol", 100, 50, 200, "physiology", \
  "Fast exchangeable bone calcium pool", "OpenBoneMin Q = 100 mmol [R]") \
/* --- physiology: vitamin K -------------------------------------------------------- */ \
X(K_ABS_HALF, "k_absorption_half_life_h", "h", 0.7, 0.3, 3, "physiology", \
  "Half-life of vitamin K in the gut before absorption", "K1/MK-7 peak ~4 h after intake, Schurgers 2007 [R]") \
X(K1_HALF, "k1_half_life_h", "h", 1.5, 0.5, 6, "physiology", "Plasma half-life of K1", "1-2 h [R]") \
X(MK4_HALF, "mk4_half_life_h", "h", 1, 0.25, 6, "physiology", "Plasma half-life of MK-4", "~1 h [R]") \
X(MK7_HALF, "mk7_half_life_h", "h", 68, 24, 144, "physiology", \
  "Plasma half-life of MK-7", "~68 h, Schurgers 2007 [R]") \
X(K1_FV, "k1_bioavail_per_volume_per_l", "1/L", 0.025, 0.001, 0.2, "physiology", \
  "K1 bioavailability divided by its volume of distribution", \
  "gives 0.5 nmol/L at 100 ug/d; fasting Western K1 0.3-2.6 nmol/L [M]; VitaK-CAC 0.55-0.60 ug/L [R]") \
X(MK4_FV, "mk4_bioavail_per_volume_per_l", "1/L", 0.03, 0.001, 0.2, "physiology", \
  "MK-4 bioavailability divided by its volume of distribution", "MK-4 undetectable after nutritional doses [R]; [M]") \
X(MK7_FV, "mk7_bioavail_per_volume_per_l", "1/L", 0.004, 0.0005, 0.05, "physiology", \
  "MK-7 bioavailability divided by its volume of distribution", \
  "MK-7 ~0.8 nmol/L at ~30 ug/d (VitaK-CAC), 11-22 nmol/L in natto eaters (Ikari 2016) [R]; [D]") \
X(K1_WEIGHT, "extrahepatic_k1_weight", "1", 0.15, 0, 0.4, "physiology", \
  "How much plasma K1 counts for extra-hepatic carboxylation (liver triage)", \
  "triage, Vermeer 2012 [R]; dp-ucMGP follows MK not K1 intake, Caluwe 2014 [R]; size [M]") \
X(K_TISSUE_FLOOR, "tissue_k_floor_nmol_l", "nmol/L", 2.5, 1, 5, "physiology", \
  "Extra-hepatic vitamin K that does not depend on diet (gut bacteria, K1-derived MK-4), MK-7 equivalent", \
  "ASSUMPTION [C] so that the reference adult's MGP is ~30 % carboxylated; see docs/model.md") \
X(K_TISSUE_GAIN, "tissue_k_gain", "1", 2.9, 1.5, 4, "physiology", \
  "Steady tissue vitamin K store per nmol/L of plasma menaquinone", \
  "ASSUMPTION [C] to T7 (Dalmeijer, 12 wk) and T22 (Knapen 2015, 3 yr) together") \
X(K_TISSUE_TAU, "tissue_k_time_constant_days", "d", 365, 120, 900, "physiology", \
  "Time constant of the slow extra-hepatic vitamin K store", \
  "ASSUMPTION: fills over months to years (facts.md section 8); [C] to T22") \
X(K_TISSUE_K1_SHARE, "tissue_k_k1_share", "1", 0.05, 0, 0.2, "physiology", \
  "How much plasma K1 fills the tissue store, relative to menaquinones", \
  "K1 is mostly kept by the liver (triage, Vermeer 2012) [R]; size ASSUMPTION [C] to T23") \
X(WARF_BYPASS, "warfarin_bypass_nmol_l", "nmol/L", 50, 20, 200, "physiology", \
  "Usable vitamin K at which the warfarin-insensitive reductase carries half the load", \
  "high-dose K reverses VKA (NQO1/FSP1) [M]") \
X(MGP_KM, "mgp_k_half_nmol_l", "nmol/L", 11.8, 6, 25, "physiology", \
  "Usable vitamin K giving half-maximal MGP carboxylation", "[C] to Dalmeijer 2012 (T7)") \
X(OC_KM, "oc_k_half_nmol_l", "nmol/L", 2, 0.5, 5, "physiology", \
  "Usable vitamin K giving half-maximal osteocalcin carboxylation (below MGP's)", \
  "osteocalcin more K-sensitive; ucOC:cOC fell 60%/74%, Dalmeijer 2012 [R]; [C]") \
X(MGP_TAU, "mgp_time_constant_days", "d", 21, 10, 60, "physiology", \
  "Time constant of MGP carboxylation following vitamin K", "dp-ucMGP lower by 4-12 wk, Dalmeijer 2012 [R]") \
X(OC_TAU, "oc_time_constant_days", "d", 14, 7, 60, "physiology", \
  "Time constant of osteocalcin carboxylation following vitamin K", "new plateau within 1-3 months [M]") \
/* --- physiology: magnesium ------------------------------------------------------- */ \
X(MG_SERUM_NORMAL, "magnesium_normal_mmol_l", "mmol/L", 0.85, 0.7, 1, "physiology", \
  "Serum magnesium of the reference adult", "normal serum Mg 0.7-1.0 mmol/L [M]; see docs/model.md") \
X(MG_INTAKE_EXP, "magnesium_diet_exponent", "1", 0.15, 0.05, 0.3, "physiology", \
  "How serum magnesium follows intake (small: the kidney holds it)", \
  "supplements raise serum Mg only a little [M]; ASSUMPTION, see docs/model.md") \
X(MG_KIDNEY_EXP, "magnesium_kidney_exponent", "1", 0.2, 0, 0.4, "physiology", \
  "How serum magnesium rises as kidney function falls", "serum Mg rises in advanced CKD [M]; size ASSUMPTION") \
X(MG_INHIB, "magnesium_inhibition", "1", 0.5, 0, 1, "physiology", \
  "Strength of magnesium's inhibition of calcium phosphate crystal growth at normal Ca x P", \
  "ASSUMPTION [C] to T27: modest, as MAGiCAL-CKD (Bressendorff 2023) was null [R]") \
/* --- physiology: vessel wall ------------------------------------------------------ */ \
X(VESSEL_GROWTH, "vessel_growth_per_year", "1/yr", 1.0, 0.5, 2, "physiology", \
  "Growth rate of an uninhibited deposit per mg of growth drive", \
  "MESA ~15-25%/yr, CKD 30-50%/yr [R][M]; [C] to T9/T15") \
X(VESSEL_NUC, "vessel_nucleation_mg_per_year", "mg/yr", 0.5, 0, 2, "physiology", \
  "New deposit formed on a clean wall at normal calcium x phosphate with no active MGP", \
  "CKD: 25% of CAC = 0 developed CAC in 3.3 yr, CRIC (Bundy 2018) [R]; size [M]") \
X(MGP_CAPACITY, "mgp_inhibition_capacity_mg", "mg", 300, 150, 600, "physiology", \
  "Inhibition by active MGP in the reference adult, in mg of growth drive it offsets", \
  "[C] to T10/T15/T24; bounded, threshold-free form, docs/model.md") \
X(VESSEL_OFFSET, "vessel_inhibition_offset_mg", "mg", 100, 50, 200, "physiology", \
  "Growth drive at which the drive itself starts to overwhelm MGP inhibition", \
  "[C] so that a large deposit (T13) and CKD (T15) blunt K2's effect") \
X(VESSEL_HALF, "vessel_drive_half_mg", "mg", 30, 15, 60, "physiology", \
  "Deposit above which the growth drive rises only with its square root (sub-linear growth)", \
  "CAC grows ~linearly in sqrt(CAC), Hokanson 2004 [M]; log tracks, Erbel 2014 [R]; [C] to T25") \
X(VESSEL_SCP_EXP, "vessel_supersaturation_exponent", "1", 1, 0.5, 2, "physiology", \
  "How steeply the growth drive rises with the calcium x phosphate product", \
  "CKD: higher phosphate, faster progression (CRIC) [R]; [C] to T15") \
X(VESSEL_OVERWHELM_EXP, "inhibition_overwhelm_exponent", "1", 2, 1, 3, "physiology", \
  "How fast a high calcium x phosphate product overwhelms MGP inhibition", \
  "K2 slows CKD calcification only modestly (Kurnatowska 2015) [R]; [C] to T15") \
X(VESSEL_UREMIC_EXP, "vessel_uremic_exponent", "1", 0.45, 0, 0.8, "physiology", \
  "How strongly failing kidneys promote calcification beyond phosphate (uremic toxins, less fetuin-A)", \
  "CKD calcifies faster than its phosphate alone explains [M]; ASSUMPTION [C] to T15/T20") \
X(VESSEL_REGRESS, "vessel_regression_years", "yr", 80, 40, 200, "physiology", \
  "Time constant of the very slow loss of vessel calcium (not sped up by vitamin K)", \
  "no RCT shows regression [R]; decades, model-brief.md") \
/* --- measurement: the calcium score (no effect on the dynamics) -------------------- */ \
X(CAC_CORONARY, "cac_coronary_fraction", "1", 0.2, 0.1, 0.4, "physiology", \
  "Share of the arterial-wall calcium that lies in the coronary arteries, for cac_agatston_au", \
  "ASSUMPTION [M]: aorta holds most arterial calcium; 0.2 gives ~125 AU for the 50 mg baseline") \
X(CAC_MG_HA_PER_AU, "cac_mg_ha_per_au", "mg/AU", 0.2, 0.15, 0.25, "physiology", \
  "Hydroxyapatite mass per Agatston unit (mass score / Agatston score)", \
  "~0.2 mg HA per AU, scanner-dependent [M]; HA is 39.9 % Ca [D]")
/* clang-format on */

/*
 * Why each range is what it is: CS_PARAM_RANGE(R), R(ID, reason). Every range is meant to be
 * physiologically meaningful on its own and safe in combination with the others (an
 * all-parameter Latin hypercube, targets.md T28). docs/parameters.md prints the reasons.
 */
/* clang-format off */
#define CS_PARAM_RANGE(R) \
R(YEARS, "teaching choice: from a day to a lifetime") \
R(OUTPUT_EVERY, "from about a minute to a century") \
R(CA_INTAKE, "from a very poor diet to well above the upper level (2500 mg/d, IOM 2011)") \
R(D3_INTAKE, "none to the EFSA/IOM tolerable upper level and beyond it to 10,000 IU/d") \
R(SKIN_D3, "no sun (winter, covered skin) to a summer outdoor worker") \
R(K1_INTAKE, "poor diet to a large daily portion of leafy greens") \
R(K2_INTAKE, "none to daily natto eaters (hundreds of ug/d)") \
R(K2_MK4_FRACTION, "all long-chain to all MK-4") \
R(MG_INTAKE, "a poor diet to a high intake with supplements (upper level for supplements 350 mg/d)") \
R(MK7_SUPP, "trial doses 45-360 ug/d (Dalmeijer, Knapen) with room above") \
R(MK4_SUPP, "up to the Japanese osteoporosis dose of 45 mg/d") \
R(K1_SUPP, "up to the 2-5 mg/d of K1 trials") \
R(D3_SUPP, "up to 10,000 IU/d, 2.5 times the upper level") \
R(SUPP_START, "within the longest run") \
R(SUPP_STOP, "within the longest run") \
R(SUPP_INTERVAL, "four doses a day to one every four weeks") \
R(WARFARIN, "none to complete VKOR block") \
R(KIDNEY, "CKD stage 4-5 (eGFR ~15 % of normal) to hyperfiltration") \
R(VESSEL0, "a clean wall to a heavily calcified aorta and coronaries") \
R(BONE0, "osteoporotic small adult to a large healthy skeleton") \
R(ECF_VOLUME, "small to large adult") \
R(CA_SETPOINT, "the normal range of total serum calcium") \
R(PTH_HALF_LIFE, "measured 2-5 min; OpenBoneMin's 5.8 min with room") \
R(PTH_MAX, "2-5 times normal secretion at low calcium (Schmitt: 255 %)") \
R(PTH_MIN, "hypercalcaemia suppresses tonic secretion by 50-90 %") \
R(PTH_WIDTH, "a steep CaSR set-point curve (Shrestha 2010); wider makes homeostasis fail") \
R(PTH_PHOS_EXP, "a modest to strong phosphate drive of PTH; shape parameter") \
R(PTH_CTRIOL_EXP, "weak to strong suppression of PTH by calcitriol; shape parameter") \
R(CA_PASSIVE, "paracellular absorption 5-20 % of intake") \
R(CA_VMAX, "keeps net absorption at 1000 mg/d within 100-300 mg/d") \
R(CA_KM, "half-saturation near usual intakes, Heaney 1990") \
R(GUT_TAU, "gut adapts to calcitriol in one to several days") \
R(HEIGHT, "adult heights") \
R(URINE_CA_EXP, "steep but not switch-like renal calcium handling") \
R(URINE_PTH_EXP, "modest to strong PTH-driven reabsorption") \
R(URINE_KIDNEY_EXP, "CKD keeps most urine calcium capacity to halves it") \
R(PHOS_NORMAL, "inside the normal 0.8-1.45 mmol/L") \
R(PHOS_KIDNEY_EXP, "CKD stage 4 phosphate 1.4-1.9 mmol/L (CRIC)") \
R(PHOS_CTRIOL_SHARE, "share of phosphate absorption driven by calcitriol") \
R(CTRIOL_VITD_KM, "absorption plateaus above ~50 nmol/L 25(OH)D (IOM)") \
R(CTRIOL_PTH_EXP, "PTH drives renal 1-alpha-hydroxylase; shape parameter") \
R(CTRIOL_KIDNEY_EXP, "calcitriol falls roughly in proportion to kidney mass") \
R(D3_HALF_LIFE, "D3 clears from serum within days") \
R(VITD_HALF_LIFE, "15.1 +/- 3.1 d (Jones 2014), +-3 SD") \
R(VITD_BASELINE, "sufficient adults (IOM: >= 50 nmol/L) with room below") \
R(VITD_SAT, "the 25(OH)D dose-response flattens at several thousand IU/d") \
R(BONE_FORM, "remodelling ~200-500 mg/d each way") \
R(BONE_LOSS, "none to early post-menopausal loss") \
R(BONE_PTH_EXP, "shape of the PTH drive of resorption") \
R(FORM_PTH_EXP, "formation follows resorption less than one to one (coupling)") \
R(OC_EFFECT, "no effect to the size that matches Knapen 2013") \
R(EXCH_FLUX, "half to nearly double OpenBoneMin's 88 mmol/d") \
R(EXCH_POOL, "half to double OpenBoneMin's 100 mmol") \
R(K_ABS_HALF, "plasma peaks 2-6 h after a dose") \
R(K1_HALF, "measured 1-2 h, with room") \
R(MK4_HALF, "about 1 h, with room") \
R(MK7_HALF, "about 68 h (Schurgers 2007), one to six days") \
R(K1_FV, "keeps fasting plasma K1 within the observed 0.3-2.6 nmol/L and beyond") \
R(MK4_FV, "MK-4 is barely detectable after food; wide because unmeasured") \
R(MK7_FV, "spans plasma MK-7 from Western diets to natto eaters") \
R(K1_WEIGHT, "K1 reaches vessels weakly (triage)") \
R(K_TISSUE_FLOOR, "ASSUMPTION: keeps baseline MGP 15-45 % carboxylated") \
R(K_TISSUE_GAIN, "ASSUMPTION: keeps T7 and T22 in their ranges") \
R(K_TISSUE_TAU, "ASSUMPTION: months to a few years") \
R(K_TISSUE_K1_SHARE, "ASSUMPTION: K1 fills the store far less than menaquinones (T23)") \
R(WARF_BYPASS, "high-dose vitamin K reverses VKA; shape parameter") \
R(MGP_KM, "keeps baseline MGP 20-50 % carboxylated") \
R(OC_KM, "osteocalcin is more K-sensitive than MGP") \
R(MGP_TAU, "dp-ucMGP moves within 4-12 weeks (Dalmeijer)") \
R(OC_TAU, "osteocalcin settles within 1-3 months") \
R(MG_SERUM_NORMAL, "the normal serum range") \
R(MG_INTAKE_EXP, "serum Mg follows intake only weakly") \
R(MG_KIDNEY_EXP, "serum Mg rises in advanced CKD, up to ~1.2 mmol/L") \
R(MG_INHIB, "none to a strong effect (T27 keeps halving Mg within +5-50 %)") \
R(VESSEL_GROWTH, "half to double the calibrated rate (T9: 10-25 %/yr)") \
R(VESSEL_NUC, "no nucleation to a CKD-like rate") \
R(MGP_CAPACITY, "half to double the calibrated inhibition") \
R(VESSEL_OFFSET, "half to double the calibrated offset") \
R(VESSEL_HALF, "half to double the calibrated scale") \
R(VESSEL_SCP_EXP, "from weak to steep dependence on Ca x P") \
R(VESSEL_OVERWHELM_EXP, "how fast high Ca x P overwhelms MGP; shape parameter") \
R(VESSEL_UREMIC_EXP, "no uremic promotion to a strong one") \
R(VESSEL_REGRESS, "regression over decades (no RCT shows it faster)") \
R(CAC_CORONARY, "coronary share of arterial calcium, a tenth to two fifths (ASSUMPTION)") \
R(CAC_MG_HA_PER_AU, "calibration of the mass score differs between scanners by about 25 %")
/* clang-format on */
