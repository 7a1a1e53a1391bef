# plots/panels.gp - the panels a calcsim figure can show, by name.
#
# Educational toy model - not medical advice.
#
# dashboard.gp loads this file and draws the panels named in its `panels` variable
# (`calcsim plot --panels blood,vessel`). Each panel NAME is a few variables:
#
#   panel_NAME_heading  what the panel shows, written above it (keep it short)
#   panel_NAME_ylabel   the label of the y axis: a short quantity and its unit in brackets
#                       (at most about 20 characters, so that it fits beside a low panel)
#   panel_NAME_columns  the CSV columns drawn (names from docs/cli.md), separated by spaces
#   panel_NAME_labels   one legend entry per column, each a quoted word (several columns;
#                       the legend is drawn under the heading)
#   panel_NAME_scale    optional factor on the values, e.g. 100 for a fraction in %
#   panel_NAME_ymin     optional fixed bottom of the y axis (e.g. 0); else from the data
#   panel_NAME_ymax     optional fixed top of the y axis (e.g. 100 for a percentage)
#   panel_NAME_ycover   optional "LOW HIGH": the y axis shows at least this range, so a
#                       nearly constant quantity is drawn flat, not as magnified noise
#   panel_NAME_band     optional "LOW HIGH": a grey band marks this reference range
#   panel_NAME_log      optional 1: logarithmic y axis
#
# To add a panel, add its variables and its name to cs_panel_names; calcsim accepts a name
# in --panels only when src/cli/cmd_plot.c lists it too (test_plot checks that both agree).

cs_panel_names = "blood bone vessel carboxylation mgp osteocalcin vitd vitk k1 mk4 mk7 " . \
                 "pth phosphate calcitriol absorption absorbed_share urine deposition fluxes"

# The default figure: the four pools a lesson starts with.
cs_default_panels = "blood bone vessel carboxylation"

# ---- calcium pools ---------------------------------------------------------------------
panel_blood_heading = "Calcium in the blood"
panel_blood_ylabel  = "calcium [mmol/L]"
panel_blood_columns = "blood_ca_mmol_l"
panel_blood_ycover  = "2.0 2.8"           # always shown, so that a flat line looks flat
panel_blood_band    = "2.15 2.55"         # the usual adult reference range

panel_bone_heading = "Calcium in bone"
panel_bone_ylabel  = "calcium [g]"
panel_bone_columns = "bone_ca_g"

panel_vessel_heading = "Calcium in the vessel wall"
panel_vessel_ylabel  = "calcium [mg]"
panel_vessel_columns = "vessel_ca_mg"
panel_vessel_ymin    = 0

# ---- vitamin K-dependent proteins -----------------------------------------------------
panel_carboxylation_heading = "Active MGP and osteocalcin"
panel_carboxylation_ylabel  = "carboxylated [%]"
panel_carboxylation_columns = "mgp_carboxylated_pct oc_carboxylated_pct"
panel_carboxylation_labels  = '"MGP" "osteocalcin"'
panel_carboxylation_ymin    = 0
panel_carboxylation_ymax    = 100

panel_mgp_heading = "Active MGP (vessel-wall guard)"
panel_mgp_ylabel  = "carboxylated [%]"
panel_mgp_columns = "mgp_carboxylated_pct"
panel_mgp_ymin    = 0
panel_mgp_ymax    = 100

panel_osteocalcin_heading = "Active osteocalcin (builds bone)"
panel_osteocalcin_ylabel  = "carboxylated [%]"
panel_osteocalcin_columns = "oc_carboxylated_pct"
panel_osteocalcin_ymin    = 0
panel_osteocalcin_ymax    = 100

# ---- vitamins ----------------------------------------------------------------------------
panel_vitd_heading = "Vitamin D status: serum 25(OH)D"
panel_vitd_ylabel  = "25(OH)D [nmol/L]"
panel_vitd_columns = "vitd_25oh_nmol_l"
panel_vitd_ymin  = 0

panel_vitk_heading = "Vitamin K in plasma"
panel_vitk_ylabel  = "vitamin K [nmol/L]"
panel_vitk_columns = "k1_nmol_l mk4_nmol_l mk7_nmol_l"
panel_vitk_labels  = '"K1" "MK-4" "MK-7"'
panel_vitk_ymin  = 0

panel_k1_heading = "Vitamin K1 in plasma"
panel_k1_ylabel  = "K1 [nmol/L]"
panel_k1_columns = "k1_nmol_l"
panel_k1_ymin  = 0

# The height of the MK-4 peaks rests on assumed constants (docs/model.md, limits): in
# people MK-4 is barely detectable after doses this small, so the heading says so.
panel_mk4_heading = "MK-4 in plasma (height assumed)"
panel_mk4_ylabel  = "MK-4 [nmol/L]"
panel_mk4_columns = "mk4_nmol_l"
panel_mk4_ymin  = 0

panel_mk7_heading = "MK-7 in plasma"
panel_mk7_ylabel  = "MK-7 [nmol/L]"
panel_mk7_columns = "mk7_nmol_l"
panel_mk7_ymin  = 0

# ---- hormones and minerals -------------------------------------------------------------
panel_pth_heading = "Parathyroid hormone (PTH)"
panel_pth_ylabel  = "PTH [1 = normal]"
panel_pth_columns = "pth_rel"
panel_pth_ymin  = 0

panel_phosphate_heading = "Serum phosphate"
panel_phosphate_ylabel  = "phosphate [mmol/L]"
panel_phosphate_columns = "phosphate_mmol_l"
panel_phosphate_ymin  = 0
panel_phosphate_band    = "0.8 1.45"      # the usual adult reference range

panel_calcitriol_heading = "Calcitriol (active vitamin D)"
panel_calcitriol_ylabel  = "activity [1 = normal]"
panel_calcitriol_columns = "calcitriol_rel"
panel_calcitriol_ymin  = 0

# ---- daily fluxes ------------------------------------------------------------------------
panel_absorption_heading = "Calcium absorbed from the gut"
panel_absorption_ylabel  = "calcium [mg/day]"
panel_absorption_columns = "absorbed_mg_per_day"
panel_absorption_ymin  = 0

panel_absorbed_share_heading = "Share of dietary calcium absorbed"
panel_absorbed_share_ylabel  = "absorbed [%]"
panel_absorbed_share_columns = "absorbed_fraction"
panel_absorbed_share_scale   = 100
panel_absorbed_share_ymin  = 0

panel_urine_heading = "Calcium lost in urine"
panel_urine_ylabel  = "calcium [mg/day]"
panel_urine_columns = "urine_mg_per_day"
panel_urine_ymin  = 0

panel_deposition_heading = "Calcium deposited in the vessel wall"
panel_deposition_ylabel  = "deposited [mg/day]"
panel_deposition_columns = "vessel_deposition_mg_per_day"
panel_deposition_ymin  = 0

# Vessel deposition is about a thousandth of the other fluxes: a log axis shows all five.
# (The other four are close to each other: intake and output nearly balance.)
panel_fluxes_heading = "Daily calcium fluxes (log scale)"
panel_fluxes_ylabel  = "flux [mg/day]"
panel_fluxes_columns = "absorbed_mg_per_day urine_mg_per_day bone_formation_mg_per_day " . \
                       "bone_resorption_mg_per_day vessel_deposition_mg_per_day"
panel_fluxes_labels  = '"absorbed" "urine" "bone formation" "bone resorption" "vessel deposition"'
panel_fluxes_log     = 1
