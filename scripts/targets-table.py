#!/usr/bin/env python3
"""Prints the "Model now" table of docs/model.md section 10 (targets T1-T28) from the CLI.

Usage: python3 scripts/targets-table.py [BUILD_DIR]   (default: build; Python 3 standard
library only). Each number is computed with the run length and output grid of the target's
test in tests/test_targets.c or tests/test_robust.c, so the table can be pasted into
docs/model.md whenever the model changes.
"""
import csv
import subprocess
import sys

EXE = (sys.argv[1] if len(sys.argv) > 1 else "build") + "/calcsim"


def run(sets="", years=10, every=30):
    cmd = [EXE, "run", "--years", str(years), "--every", str(every), "-q"]
    for s in sets.split():
        cmd += ["--set", s]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rows = list(csv.DictReader(l for l in out.splitlines() if not l.startswith("#")))
    return [{k: float(v) for k, v in r.items()} for r in rows]


def acc(r):
    return r[-1]["vessel_ca_mg"] - r[0]["vessel_ca_mg"]


def growth(r):
    return 100 * ((r[-1]["vessel_ca_mg"] / r[0]["vessel_ca_mg"]) ** (1 / r[-1]["t_years"]) - 1)


def uc(r, i):
    return 100 - r[i]["mgp_carboxylated_pct"]


def col(r, name):
    return [x[name] for x in r]


rows = []
b = run(every=7)
rows.append(("T1", "blood calcium %.4f-%.4f mmol/L; PTH %.3f-%.3f (relative)" % (
    min(col(b, "blood_ca_mmol_l")), max(col(b, "blood_ca_mmol_l")), min(col(b, "pth_rel")),
    max(col(b, "pth_rel")))))
d = run(years=30 / 365.25, every=30)[-1]
rows.append(("T2", "net absorption %.1f mg/day (%.1f - %.1f mg/day); urine %.1f mg/day; "
             "formation %.1f mg/day; resorption %.1f mg/day" % (
                 d["absorbed_mg_per_day"] - d["faecal_endogenous_mg_per_day"],
                 d["absorbed_mg_per_day"], d["faecal_endogenous_mg_per_day"],
                 d["urine_mg_per_day"], d["bone_formation_mg_per_day"],
                 d["bone_resorption_mg_per_day"])))
b30 = run()
loss = -100 * ((b30[-1]["bone_ca_g"] / b30[0]["bone_ca_g"]) ** 0.1 - 1)
rows.append(("T3", "%.2f %%/yr (%.0f g to %.1f g)" % (loss, b30[0]["bone_ca_g"], b30[-1]["bone_ca_g"])))
lo, hi = run("calcium_intake_mg_per_day=500", every=7), run("calcium_intake_mg_per_day=1500", every=7)
dm = max(abs(a["blood_ca_mmol_l"] - c["blood_ca_mmol_l"]) for a, c in zip(lo, hi))
rows.append(("T4", "largest difference %.3f mmol/L; PTH %.2f vs %.2f (relative); absorbed "
             "fraction %.1f %% vs %.1f %%" % (dm, lo[-1]["pth_rel"], hi[-1]["pth_rel"],
                                             100 * lo[-1]["absorbed_fraction"],
                                             100 * hi[-1]["absorbed_fraction"])))
d5 = run("d3_intake_iu_per_day=1400", years=1)
rows.append(("T5", "baseline 25(OH)D %.1f nmol/L; +1000 IU/day gives %.1f nmol/L (+%.1f nmol/L)" % (
    b[0]["vitd_25oh_nmol_l"], d5[-1]["vitd_25oh_nmol_l"],
    d5[-1]["vitd_25oh_nmol_l"] - b[0]["vitd_25oh_nmol_l"])))
v = [run(s, years=1) [-1] for s in ("d3_intake_iu_per_day=0 skin_d3_iu_per_day=600",
                                    "d3_intake_iu_per_day=0 skin_d3_iu_per_day=2870",
                                    "d3_intake_iu_per_day=3060 skin_d3_iu_per_day=5000")]
rows.append(("T6", "25(OH)D %.1f, %.1f and %.1f nmol/L give absorbed fractions of %.1f %%, "
             "%.1f %% and %.1f %%" % tuple([x["vitd_25oh_nmol_l"] for x in v] +
                                          [100 * x["absorbed_fraction"] for x in v])))
s1 = run("mk7_supplement_ug_per_day=180", years=3, every=7)
s2 = run("mk7_supplement_ug_per_day=360", years=12 / 52, every=7)
rows.append(("T7", "-%.1f %% at 180 ug/day, -%.1f %% at 360 ug/day (12 weeks; Dalmeijer 2012: "
             "-31 %% and -46 %%)" % (100 * (1 - uc(s1, 12) / uc(s1, 0)),
                                     100 * (1 - uc(s2, -1) / uc(s2, 0)))))
rows.append(("T9", "%.1f %%/yr (50 mg to %.1f mg)" % (growth(b30), b30[-1]["vessel_ca_mg"])))
a15, a45 = acc(run("k2_intake_ug_per_day=15")), acc(run("k2_intake_ug_per_day=45"))
rows.append(("T10", "ratio %.2f (%.1f mg vs %.1f mg)" % (a45 / a15, a45, a15)))
k2 = [0, 15, 30, 60, 120, 240, 360]
runs = [run("k2_intake_ug_per_day=%d" % k) for k in k2]
rows.append(("T11", "accrual %s mg; MGP %s %%" % (
    ", ".join("%.1f" % acc(r) for r in runs),
    ", ".join("%.1f" % r[-1]["mgp_carboxylated_pct"] for r in runs))))
t12 = [acc(run(s)) for s in ("k2_intake_ug_per_day=0",
                             "k2_intake_ug_per_day=0 d3_intake_iu_per_day=4000",
                             "k2_intake_ug_per_day=0 mk7_supplement_ug_per_day=180",
                             "k2_intake_ug_per_day=0 d3_intake_iu_per_day=4000 "
                             "mk7_supplement_ug_per_day=180")]
rows.append(("T12", "+%.1f %% (%.1f to %.1f mg); with MK-7 +%.1f mg against +%.1f mg" % (
    100 * (t12[1] / t12[0] - 1), t12[0], t12[1], t12[3] - t12[2], t12[1] - t12[0])))
e1 = run("initial_vessel_ca_mg=1000 mk7_supplement_ug_per_day=360", years=5, every=7)
e0 = run("initial_vessel_ca_mg=1000", years=5, every=7)
rows.append(("T13", "lowest %.1f mg; accrual %.1f mg with MK-7 vs %.1f mg without" % (
    min(col(e1, "vessel_ca_mg")), acc(e1), acc(e0))))
w, b5 = run("warfarin_inhibition=0.8", years=5), run(years=5)
rows.append(("T14", "MGP %.1f %% vs %.1f %%; accrual %.1f mg vs %.1f mg" % (
    w[-1]["mgp_carboxylated_pct"], b5[-1]["mgp_carboxylated_pct"], acc(w), acc(b5))))
c = run("kidney_function=0.3", years=5)
ck = run("kidney_function=0.3 mk7_supplement_ug_per_day=180", years=5)
rows.append(("T15", "phosphate %.2f mmol/L; PTH %.2f (relative); growth %.1f %%/yr; MK-7 lowers "
             "accrual by %.1f %% (%.1f to %.1f mg)" % (
                 c[-1]["phosphate_mmol_l"], c[-1]["pth_rel"], growth(c),
                 100 * (1 - acc(ck) / acc(c)), acc(c), acc(ck))))
a = run("k1_supplement_ug_per_day=100", years=0.5)
m = run("mk7_supplement_ug_per_day=100", years=0.5)
rows.append(("T16", "+%.2f vs +%.2f percentage points" % (
    a[-1]["mgp_carboxylated_pct"] - a[0]["mgp_carboxylated_pct"],
    m[-1]["mgp_carboxylated_pct"] - m[0]["mgp_carboxylated_pct"])))
k3, b3 = run("mk7_supplement_ug_per_day=180", years=3), run(years=3)
rows.append(("T17", "osteocalcin %.1f %% vs %.1f %%; bone loss %.2f g vs %.2f g" % (
    k3[-1]["oc_carboxylated_pct"], b3[-1]["oc_carboxylated_pct"],
    k3[0]["bone_ca_g"] - k3[-1]["bone_ca_g"], b3[0]["bone_ca_g"] - b3[-1]["bone_ca_g"])))
gap = 0.0
for sets in ("", "kidney_function=0.3 d3_supplement_iu_per_day=4000",
             "mk7_supplement_ug_per_day=360 initial_vessel_ca_mg=1000"):
    r = run(sets, every=7)
    gap = max([gap] + [abs(x["body_ca_mg"] - r[0]["body_ca_mg"] - x["net_intake_mg"]) for x in r])
rows.append(("T18", "largest gap %.2g mg (%.1g of body calcium)" % (gap, gap / b[0]["body_ca_mg"])))
rows.append(("T22", "uncarboxylated MGP -%.1f %% at 12 weeks, -%.1f %% at 3 years (Knapen 2015: "
             "about -50 %%)" % (100 * (1 - uc(s1, 12) / uc(s1, 0)),
                               100 * (1 - uc(s1, -1) / uc(s1, 0)))))
k1a, k1b = acc(run("k1_intake_ug_per_day=100")), acc(run("k1_intake_ug_per_day=300"))
rows.append(("T23", "%.1f mg vs %.1f mg (%.1f %% apart)" % (k1a, k1b, 100 * abs(k1b / k1a - 1))))
rows.append(("T24", "ratio %.2f (%.1f mg vs %.1f mg)" % (acc(w) / acc(b5), acc(w), acc(b5))))
l = run(years=40, every=365.25)
vv = col(l, "vessel_ca_mg")
rows.append(("T25", "%.0f mg at year 40; %.1f %%/yr in years 0-10, %.1f %%/yr in years 30-40" % (
    vv[40], 100 * ((vv[10] / vv[0]) ** 0.1 - 1), 100 * ((vv[40] / vv[30]) ** 0.1 - 1))))
z = run("initial_vessel_ca_mg=0", years=30, every=365.25)
rows.append(("T26", "%.1f mg after 30 years" % z[-1]["vessel_ca_mg"]))
m1, m2 = acc(run("magnesium_intake_mg_per_day=160")), acc(b30)
rows.append(("T27", "+%.1f %% (%.1f mg vs %.1f mg)" % (100 * (m1 / m2 - 1), m1, m2)))
for tid, text in rows:
    print("| %s | %s |" % (tid, text))
