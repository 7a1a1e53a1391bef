#!/usr/bin/env python3
"""Prints the numbers of docs/scenarios.md from the CLI: the "Numbers at a glance" table and
one "Numbers now" line per scenario, each run with the scenario's own run length and grid.

Usage: python3 scripts/scenario-numbers.py [BUILD_DIR] [table|bullets]   (default: build,
both). Python 3 standard library only.
"""
import csv
import subprocess
import sys

EXE = (sys.argv[1] if len(sys.argv) > 1 else "build") + "/calcsim"
WHAT = sys.argv[2] if len(sys.argv) > 2 else "both"


def run(name, *extra):
    out = subprocess.run([EXE, "run", name, "-q", *extra], capture_output=True, text=True,
                         check=True).stdout
    rows = list(csv.DictReader(l for l in out.splitlines() if not l.startswith("#")))
    return [{k: float(v) for k, v in r.items()} for r in rows]


def scenarios():
    out = subprocess.run([EXE, "scenarios", "--format", "csv"], capture_output=True, text=True,
                         check=True).stdout
    return [r["name"] for r in csv.DictReader(out.splitlines())]


def se(r, col, fmt):
    a, b = fmt % r[0][col], fmt % r[-1][col]
    return b if a == b else "%s (%s)" % (b, a)


def at_year(r, y):
    best = min(r, key=lambda x: abs(x["t_years"] - y))
    return best["vessel_ca_mg"] if abs(best["t_years"] - y) < 0.05 else None


def bullet(name, r):
    years = r[-1]["t_years"]
    v0, v1 = r[0]["vessel_ca_mg"], r[-1]["vessel_ca_mg"]
    parts = []
    if years >= 1:
        marks = [y for y in (1, 5, 10, 20, 30, 40) if y <= years + 1e-9]
        vs = ", ".join("%.1f mg (%g yr)" % (at_year(r, y), y) for y in marks if at_year(r, y))
        parts.append("vessel calcium %.0f mg to %s; accrual %.1f mg" % (v0, vs, v1 - v0))
        if v0 > 0:
            parts.append("growth %.1f %%/yr (geometric mean)" %
                         (100 * ((v1 / v0) ** (1 / years) - 1)))
    else:
        parts.append("vessel calcium %.2f to %.2f mg in %.1f days" % (v0, v1, r[-1]["t_days"]))
    parts.append("carboxylated MGP %.1f %% to %.1f %%, osteocalcin %.1f %% to %.1f %%" % (
        r[0]["mgp_carboxylated_pct"], r[-1]["mgp_carboxylated_pct"],
        r[0]["oc_carboxylated_pct"], r[-1]["oc_carboxylated_pct"]))
    parts.append("tissue vitamin K %.2f to %.2f nmol/L" % (r[0]["tissue_k_nmol_l"],
                                                         r[-1]["tissue_k_nmol_l"]))
    parts.append("blood calcium %.3f to %.3f mmol/L, PTH %.2f to %.2f (relative)" % (
        r[0]["blood_ca_mmol_l"], r[-1]["blood_ca_mmol_l"], r[0]["pth_rel"], r[-1]["pth_rel"]))
    parts.append("phosphate %.2f mmol/L, magnesium %.2f mmol/L, 25(OH)D %.1f to %.1f nmol/L" % (
        r[-1]["phosphate_mmol_l"], r[-1]["magnesium_mmol_l"], r[0]["vitd_25oh_nmol_l"],
        r[-1]["vitd_25oh_nmol_l"]))
    parts.append("absorbed fraction %.1f %%, bone %.1f g to %.1f g" % (
        100 * r[-1]["absorbed_fraction"], r[0]["bone_ca_g"], r[-1]["bone_ca_g"]))
    return "- **Numbers now:** " + "; ".join(parts) + "."


names = scenarios()
runs = {n: run(n) for n in names}
if WHAT in ("table", "both"):
    print("| Scenario | Run [yr] | Blood Ca [mmol/L] | PTH [relative] | Vessel Ca [mg] | "
          "Carboxylated MGP [%] | Carboxylated OC [%] | Bone Ca [g] |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|")
    for n in names:
        r = runs[n]
        y = r[-1]["t_years"]
        ys = "%g" % round(y, 2) if y >= 1 else "%.4f (%.2f d)" % (y, r[-1]["t_days"])
        print("| %s | %s | %s | %s | %.0f -> %.1f | %s | %s | %.0f -> %.1f |" % (
            n, ys, se(r, "blood_ca_mmol_l", "%.3f"), se(r, "pth_rel", "%.3f"),
            r[0]["vessel_ca_mg"], r[-1]["vessel_ca_mg"], se(r, "mgp_carboxylated_pct", "%.1f"),
            se(r, "oc_carboxylated_pct", "%.1f"), r[0]["bone_ca_g"], r[-1]["bone_ca_g"]))
if WHAT in ("bullets", "both"):
    for n in names:
        print("%s\t%s" % (n, bullet(n, runs[n])))
