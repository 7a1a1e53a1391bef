/*
 * pop_table.h - THE table of between-person distributions for virtual populations.
 *
 * X-macro: D(name, kind, a, b, c, lo, hi, unit, source). It drives population.c (the
 * defaults every cohort and trial file starts from), `calcsim help cohort` and the table in
 * docs/populations.md (generated, checked by a test). Kinds and their numbers:
 *   fixed A; normal MEAN SD; lognormal MEDIAN SIGMA; uniform LOW HIGH;
 *   lognormal_age MEDIAN_AT_50 SLOPE_PER_YEAR SIGMA (median * exp(slope * (age - 50))).
 * lo and hi truncate (values outside are drawn again); parameters are also kept inside
 * their table ranges. Tags as in param_table.h: [R] read in the source, [M] background
 * knowledge not checked here, [D] derived, [C] calibrated to a target, ASSUMPTION.
 */
/* clang-format off */
#define CS_POP_TABLE(D) \
D("age_years", CS_DIST_NORMAL, 65, 8, 0, 40, 95, "yr", \
  "ASSUMPTION: an older adult; every cohort and trial file sets its own ages") \
D("k2_intake_ug_per_day", CS_DIST_LOGNORMAL, 26.6, 0.48, 0, 0, 500, "ug/day", \
  "[D] Rotterdam tertile cut-offs 21.6 and 32.7 ug/day (Geleijnse 2004 [M]) as the 33rd and " \
  "67th percentiles: median sqrt(21.6 x 32.7), sigma ln(32.7/21.6)/0.861; right-skewed") \
D("k1_intake_ug_per_day", CS_DIST_LOGNORMAL, 200, 0.4, 0, 20, 1000, "ug/day", \
  "[M] Western phylloquinone intakes ~100-300 ug/day; Prospect-EPIC mean ~200 (facts.md 5)") \
D("calcium_intake_mg_per_day", CS_DIST_LOGNORMAL, 1000, 0.3, 0, 200, 3000, "mg/day", \
  "[M] Dutch and US adult intakes ~700-1300 mg/day") \
D("d3_intake_iu_per_day", CS_DIST_LOGNORMAL, 160, 0.6, 0, 0, 10000, "IU/day", \
  "[M] dietary vitamin D ~2-10 ug/day (80-400 IU) in European adults") \
D("magnesium_intake_mg_per_day", CS_DIST_LOGNORMAL, 320, 0.2, 0, 100, 800, "mg/day", \
  "[M] adult intakes ~300-420 mg/day (facts.md 8)") \
D("kidney_function", CS_DIST_LOGNORMAL_AGE, 0.9, -0.01, 0.15, 0.15, 1.2, "1", \
  "[M] GFR falls by ~1 %/yr after 40 (0.9 at 50, 0.67 at 80); evaluated at the middle of " \
  "the simulated years") \
D("vessel_growth_per_year", CS_DIST_LOGNORMAL, 1, 0.5, 0, 0.25, 2.5, "1/yr", \
  "ASSUMPTION [C]: between-person spread of progression (MESA: SD of yearly CAC change " \
  "2.6 x its mean, facts.md 2), with the scan noise and the other spreads to T32") \
D("mk7_bioavail_per_volume_per_l", CS_DIST_LOGNORMAL, 0.004, 0.5, 0, 0.0005, 0.05, "1/L", \
  "[R] inter-individual variability of MK-7 absorption is large (Knapen 2014, facts.md 3); " \
  "sigma 0.5 is an ASSUMPTION") \
D("mgp_inhibition_capacity_mg", CS_DIST_LOGNORMAL, 300, 0.3, 0, 150, 600, "mg", \
  "ASSUMPTION: between-person spread of MGP-dependent inhibition") \
D("initial_vessel_ca_mg", CS_DIST_LOGNORMAL_AGE, 20, 0.08, 1.2, 0, 3000, "mg", \
  "ASSUMPTION [C]: the deposit at the start of the run, rising ~8 %/yr with age and very " \
  "spread, as CAC percentiles are (Heinz Nixdorf Recall, Erbel 2014 [R])")
/* clang-format on */
