#!/usr/bin/env python3
"""Writes the teacher's answer keys of the lessons (docs/lessons/keys/lesson-N-key.md) from
the numbers the model gives, by running ./build/calcsim; or, with --check, regenerates them
in memory and fails when a committed key is stale.

Usage: python3 scripts/lesson-keys.py [--exe BUILD/calcsim] [--out DIR] [--check]

Every number in a key is printed with 3 significant figures, so changes in the last digits
of the model (solver speed-ups) do not make a key stale; a change a student could see does.
Lesson 5 also needs `calcsim cohort` and `calcsim trial`: until its cohort and trial questions
are added to LESSONS (COHORT_QUESTIONS_ADDED), those parts of its key are written as a TODO
block (KEY_TODO below) and the rest of the key is still generated. Python 3 standard library only.
"""
import argparse
import csv
import io
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# What each lesson asks. A run is (scenario, ((name, value), ...), years or None); a
# question is (id, text, run, what, unit). what is "end:COL", "start:COL", "min:COL",
# "max:COL", "mean:COL" (time mean), "delta:COL" (end - start), "at:YEARS:COL" (row nearest
# that time) or "param:NAME" (the value in the CSV metadata, foods included).
BASE = ("baseline", (), None)
LOW = ("calcium_low", (), None)
HIGH = ("calcium_high", (), None)
K2DEF = ("k2_deficient", (), None)
NATTO = ("natto_daily", (), None)
K1X = ("k1_extra", (), None)
K2X = ("k2_extra", (), None)
VEGAN = ("vegan_no_k2", (), None)
VEGAN_NATTO = ("vegan_no_k2", (("food.natto", "10"),), None)
D3NO = ("d3_high_without_k2", (), None)
D3K2 = ("d3_high_with_k2", (), None)
EST5 = ("established_calcification", (), 5)
ESTK2 = ("established_calcification_with_k2", (), None)
EST_NATTO5 = ("established_calcification", (("food.natto", "10"),), 5)
CLEAN_NATTO = ("natto_daily", (("initial_vessel_ca_mg", "0"),), None)
CLEAN = ("baseline", (("initial_vessel_ca_mg", "0"),), None)
LIFE_LO = ("lifelong_low_k2", (), None)
LIFE_HI = ("lifelong_high_k2", (), None)
WARF = ("warfarin", (), None)
WARFK2 = ("warfarin_with_k2", (), None)
WARF_NATTO = ("warfarin", (("food.natto", "10"),), None)
CKD = ("ckd", (), None)
CKDK2 = ("ckd_with_k2", (), None)
MGCKD = ("magnesium_ckd", (), None)
CHEESE = ("cheese_lover", (), None)
WEST = ("western_typical", (), None)

LESSONS = [
    (1, "Where calcium goes", [
        ("1.1", "baseline: calcium absorbed from the gut, first row", BASE,
         "start:absorbed_mg_per_day", "mg/day"),
        ("1.2", "baseline: calcium lost in urine, first row", BASE,
         "start:urine_mg_per_day", "mg/day"),
        ("1.3", "baseline: calcium the gut gives back (endogenous faecal), first row", BASE,
         "start:faecal_endogenous_mg_per_day", "mg/day"),
        ("1.4", "baseline: bone formation, first row", BASE,
         "start:bone_formation_mg_per_day", "mg/day"),
        ("1.5", "baseline: bone resorption, first row", BASE,
         "start:bone_resorption_mg_per_day", "mg/day"),
        ("1.6", "baseline: calcium going into the vessel wall, first row", BASE,
         "start:vessel_deposition_mg_per_day", "mg/day"),
        ("1.7", "baseline: share of dietary calcium absorbed, first row", BASE,
         "start:absorbed_fraction", "1"),
        ("1.8", "baseline: lowest blood calcium in 10 years", BASE, "min:blood_ca_mmol_l",
         "mmol/L"),
        ("1.9", "baseline: highest blood calcium in 10 years", BASE, "max:blood_ca_mmol_l",
         "mmol/L"),
        ("1.10", "calcium_low (500 mg/day): blood calcium at the end", LOW,
         "end:blood_ca_mmol_l", "mmol/L"),
        ("1.11", "calcium_high (1500 mg/day): blood calcium at the end", HIGH,
         "end:blood_ca_mmol_l", "mmol/L"),
        ("1.12", "calcium_low: PTH at the end (1 = normal)", LOW, "end:pth_rel", "1"),
        ("1.13", "calcium_high: PTH at the end (1 = normal)", HIGH, "end:pth_rel", "1"),
        ("1.14", "baseline: change in bone calcium over 10 years", BASE, "delta:bone_ca_g", "g"),
        ("1.15", "calcium_low: change in bone calcium over 10 years", LOW, "delta:bone_ca_g",
         "g"),
        ("1.16", "calcium_high: change in bone calcium over 10 years", HIGH,
         "delta:bone_ca_g", "g"),
        ("1.17", "baseline: vessel calcium at the end (start 50 mg)", BASE,
         "end:vessel_ca_mg", "mg"),
        ("1.18", "calcium_high: vessel calcium at the end", HIGH, "end:vessel_ca_mg", "mg"),
        ("1.19", "calcium_low: vessel calcium at the end", LOW, "end:vessel_ca_mg", "mg"),
    ]),
    (2, "Vitamin K2, MGP and the arteries; K1 is not K2", [
        ("2.1", "baseline: carboxylated (active) MGP", BASE, "mean:mgp_carboxylated_pct", "%"),
        ("2.2", "k2_deficient: carboxylated MGP", K2DEF, "mean:mgp_carboxylated_pct", "%"),
        ("2.3", "natto_daily: carboxylated MGP", NATTO, "mean:mgp_carboxylated_pct", "%"),
        ("2.4", "natto_daily: K2 intake in the metadata (30 + natto)", NATTO,
         "param:k2_intake_ug_per_day", "ug/day"),
        ("2.5", "baseline: vessel calcium after 10 years", BASE, "end:vessel_ca_mg", "mg"),
        ("2.6", "k2_deficient: vessel calcium after 10 years", K2DEF, "end:vessel_ca_mg", "mg"),
        ("2.7", "natto_daily: vessel calcium after 10 years", NATTO, "end:vessel_ca_mg", "mg"),
        ("2.8", "k1_extra (+100 ug/day K1): carboxylated MGP", K1X,
         "mean:mgp_carboxylated_pct", "%"),
        ("2.9", "k2_extra (+100 ug/day MK-7): carboxylated MGP", K2X,
         "mean:mgp_carboxylated_pct", "%"),
        ("2.10", "k1_extra: vessel calcium after 10 years", K1X, "end:vessel_ca_mg", "mg"),
        ("2.11", "k2_extra: vessel calcium after 10 years", K2X, "end:vessel_ca_mg", "mg"),
        ("2.12", "vegan_no_k2: K1 intake in the metadata", VEGAN, "param:k1_intake_ug_per_day",
         "ug/day"),
        ("2.13", "vegan_no_k2: carboxylated MGP", VEGAN, "mean:mgp_carboxylated_pct", "%"),
        ("2.14", "vegan_no_k2: vessel calcium after 10 years", VEGAN, "end:vessel_ca_mg", "mg"),
        ("2.15", "vegan_no_k2 with 10 g natto: vessel calcium after 10 years", VEGAN_NATTO,
         "end:vessel_ca_mg", "mg"),
        ("2.16", "baseline: tissue vitamin K", BASE, "end:tissue_k_nmol_l", "nmol/L"),
        ("2.17", "natto_daily: tissue vitamin K", NATTO, "end:tissue_k_nmol_l", "nmol/L"),
    ]),
    (3, "D3 and K2 together", [
        ("3.1", "baseline: 25(OH)D at the end", BASE, "end:vitd_25oh_nmol_l", "nmol/L"),
        ("3.2", "d3_high_without_k2: 25(OH)D at the end", D3NO, "end:vitd_25oh_nmol_l",
         "nmol/L"),
        ("3.3", "baseline: calcium absorbed at the end", BASE, "end:absorbed_mg_per_day",
         "mg/day"),
        ("3.4", "d3_high_without_k2: calcium absorbed at the end", D3NO,
         "end:absorbed_mg_per_day", "mg/day"),
        ("3.5", "d3_high_without_k2: carboxylated MGP", D3NO, "mean:mgp_carboxylated_pct", "%"),
        ("3.6", "d3_high_with_k2: carboxylated MGP", D3K2, "mean:mgp_carboxylated_pct", "%"),
        ("3.7", "d3_high_without_k2: vessel calcium after 10 years", D3NO, "end:vessel_ca_mg",
         "mg"),
        ("3.8", "d3_high_with_k2: vessel calcium after 10 years", D3K2, "end:vessel_ca_mg",
         "mg"),
        ("3.9", "d3_high_without_k2: bone calcium at the end", D3NO, "end:bone_ca_g", "g"),
        ("3.10", "d3_high_with_k2: bone calcium at the end", D3K2, "end:bone_ca_g", "g"),
        ("3.11", "d3_high_without_k2: blood calcium at the end", D3NO, "end:blood_ca_mmol_l",
         "mmol/L"),
    ]),
    (4, "Prevention, not removal", [
        ("4.1", "established_calcification (5 years): vessel calcium at the start", EST5,
         "start:vessel_ca_mg", "mg"),
        ("4.2", "established_calcification (5 years): vessel calcium at the end", EST5,
         "end:vessel_ca_mg", "mg"),
        ("4.3", "established_calcification_with_k2 (360 ug/day MK-7, 5 years): vessel calcium "
         "at the end", ESTK2, "end:vessel_ca_mg", "mg"),
        ("4.4", "established_calcification_with_k2: lowest vessel calcium during the run",
         ESTK2, "min:vessel_ca_mg", "mg"),
        ("4.5", "established_calcification with 10 g natto (5 years): vessel calcium at the end",
         EST_NATTO5, "end:vessel_ca_mg", "mg"),
        ("4.6", "clean wall (initial_vessel_ca_mg = 0), baseline diet: vessel calcium after 10 "
         "years", CLEAN, "end:vessel_ca_mg", "mg"),
        ("4.7", "clean wall with 10 g natto a day: vessel calcium after 10 years", CLEAN_NATTO,
         "end:vessel_ca_mg", "mg"),
        ("4.8", "lifelong_low_k2 (15 ug/day, 40 years): vessel calcium at the end", LIFE_LO,
         "end:vessel_ca_mg", "mg"),
        ("4.9", "lifelong_high_k2 (45 ug/day, 40 years): vessel calcium at the end", LIFE_HI,
         "end:vessel_ca_mg", "mg"),
    ]),
    (5, "From one person to a population", [
        ("5.1", "lifelong_low_k2: vessel calcium after 10 years", LIFE_LO,
         "at:10:vessel_ca_mg", "mg"),
        ("5.2", "lifelong_high_k2: vessel calcium after 10 years", LIFE_HI,
         "at:10:vessel_ca_mg", "mg"),
        ("5.3", "lifelong_low_k2: vessel calcium after 40 years", LIFE_LO, "end:vessel_ca_mg",
         "mg"),
        ("5.4", "lifelong_high_k2: vessel calcium after 40 years", LIFE_HI, "end:vessel_ca_mg",
         "mg"),
        ("5.5", "established_calcification (5 years): vessel calcium at the end", EST5,
         "end:vessel_ca_mg", "mg"),
        ("5.6", "established_calcification_with_k2 (5 years): vessel calcium at the end", ESTK2,
         "end:vessel_ca_mg", "mg"),
    ]),
    (6, "Medicines and disease: warfarin and the kidneys", [
        ("6.1", "warfarin: carboxylated MGP", WARF, "mean:mgp_carboxylated_pct", "%"),
        ("6.2", "warfarin: carboxylated osteocalcin", WARF, "mean:oc_carboxylated_pct", "%"),
        ("6.3", "warfarin: vessel calcium after 10 years", WARF, "end:vessel_ca_mg", "mg"),
        ("6.4", "warfarin_with_k2 (180 ug/day MK-7): carboxylated MGP at the end", WARFK2,
         "end:mgp_carboxylated_pct", "%"),
        ("6.5", "warfarin_with_k2: vessel calcium after 10 years", WARFK2, "end:vessel_ca_mg",
         "mg"),
        ("6.6", "warfarin with 10 g natto a day: carboxylated MGP at the end", WARF_NATTO,
         "end:mgp_carboxylated_pct", "%"),
        ("6.7", "ckd (kidney function 0.3): phosphate", CKD, "end:phosphate_mmol_l", "mmol/L"),
        ("6.8", "ckd: PTH at the end (1 = normal)", CKD, "end:pth_rel", "1"),
        ("6.9", "ckd: vessel calcium after 10 years", CKD, "end:vessel_ca_mg", "mg"),
        ("6.10", "ckd_with_k2: vessel calcium after 10 years", CKDK2, "end:vessel_ca_mg", "mg"),
        ("6.11", "magnesium_ckd: vessel calcium after 10 years", MGCKD, "end:vessel_ca_mg", "mg"),
        ("6.12", "ckd: bone calcium at the end", CKD, "end:bone_ca_g", "g"),
    ]),
]

# Lesson 5 also needs the population commands the lead is adding. Until the program has them
# (calcsim help cohort / trial exits 0), this block stands in the key.
KEY_TODO = """## Parts that need `calcsim cohort` and `calcsim trial` (TODO)

TODO (lead): the numbers of worksheet parts B and C are not generated yet, because the
`calcsim cohort` / `calcsim trial` commands were being built when this key was written. Add
their questions to LESSONS[5] in scripts/lesson-keys.py (run `calcsim cohort rotterdam` and
`calcsim trial vitak_cac`; wanted: the relative risk or hazard ratio between the highest and
lowest K2 tertile in the cohort, the mean CAC progression in each trial arm and their
difference, and the trial's length and size), set COHORT_QUESTIONS_ADDED = True and
regenerate with `python3 scripts/lesson-keys.py`.
"""

# Set to True once LESSONS[5] asks the cohort and trial questions (then KEY_TODO goes away).
COHORT_QUESTIONS_ADDED = True


def fmt(v):
    """v rounded to 3 significant figures, written without an exponent (1130, 2.40,
    0.0220); -0 is written 0."""
    if v == 0 or not math.isfinite(v):
        return "0" if v == 0 else str(v)
    digits = 2 - int(math.floor(math.log10(abs(v))))
    r = round(v, digits)
    s = "%.*f" % (max(digits, 0), r)
    return "0" if float(s) == 0 else s


def link(run):
    scen, sets, years = run
    parts = ["scenario=" + scen] + ["%s=%s" % kv for kv in sets]
    if years is not None:
        parts.append("years=%g" % years)
    return "web/calcsim.html#" + "&".join(parts)


def command(run):
    scen, sets, years = run
    c = "./build/calcsim run " + scen
    for k, v in sets:
        c += " --set %s=%s" % (k, v)
    if years is not None:
        c += " --years %g" % years
    name = scen + "".join("_%s%s" % (k.replace("food.", "").replace("initial_vessel_ca_mg",
                                                                     "wall"), v)
                          for k, v in sets)
    return c + " -o " + name + ".csv"


class Runner:
    def __init__(self, exe):
        self.exe = exe
        self.cache = {}

    def run(self, run):
        if run not in self.cache:
            scen, sets, years = run
            args = [self.exe, "run", scen, "-q"]
            for k, v in sets:
                args += ["--set", "%s=%s" % (k, v)]
            if years is not None:
                args += ["--years", str(years)]
            env = dict(os.environ, LC_ALL="C", CALCSIM_MODELS=os.path.join(ROOT, "models"))
            out = subprocess.run(args, capture_output=True, text=True, check=True,
                                 env=env).stdout
            meta = {}
            for line in out.splitlines():
                if line.startswith("# parameter "):
                    name, rest = line[len("# parameter "):].split(" = ", 1)
                    meta[name] = float(rest.split()[0])
            rows = list(csv.DictReader(io.StringIO(
                "\n".join(l for l in out.splitlines() if not l.startswith("#")))))
            rows = [{k: float(v) for k, v in r.items()} for r in rows]
            self.cache[run] = (rows, meta)
        return self.cache[run]

    def value(self, run, what):
        rows, meta = self.run(run)
        kind, _, col = what.partition(":")
        if kind == "param":
            return meta[col]
        if kind == "at":
            years, _, col = col.partition(":")
            return min(rows, key=lambda r: abs(r["t_years"] - float(years)))[col]
        xs = [r[col] for r in rows]
        if kind == "start":
            return xs[0]
        if kind == "end":
            return xs[-1]
        if kind == "min":
            return min(xs)
        if kind == "max":
            return max(xs)
        if kind == "delta":
            return xs[-1] - xs[0]
        if kind == "mean":
            t = [r["t_days"] for r in rows]
            if len(t) < 2 or t[-1] == t[0]:
                return xs[0]
            area = sum(0.5 * (xs[i] + xs[i - 1]) * (t[i] - t[i - 1]) for i in range(1, len(t)))
            return area / (t[-1] - t[0])
        raise ValueError("unknown quantity " + what)


def csv_rows(text):
    return list(csv.DictReader(io.StringIO(
        "\n".join(l for l in text.splitlines() if not l.startswith("#")))))


# Worksheet 5, parts B and C. The trial is repeated 8 times (not the 200 of
# docs/populations.md) so that the key is quick to check.
TRIAL_REPLICATES = 8


def population_key(runner):
    env = dict(os.environ, LC_ALL="C", CALCSIM_MODELS=os.path.join(ROOT, "models"))
    coh = subprocess.run([runner.exe, "cohort", "rotterdam", "-q", "--summary", "-"],
                         capture_output=True, text=True, check=True, env=env).stdout
    tri = subprocess.run([runner.exe, "trial", "vitak_cac", "-q", "--replicates",
                          str(TRIAL_REPLICATES), "-o", "-"],
                         capture_output=True, text=True, check=True, env=env).stdout
    out = ["", "## Part B: the cohort (`./build/calcsim cohort rotterdam`)", "",
           "| K2 third | K2 intake [ug/day] | People | With severe calcification | Share | "
           "Odds ratio (95 % CI) |", "|---|---|--:|--:|--:|--:|"]
    names = {"1": "lowest", "2": "middle", "3": "highest"}
    for r in csv_rows(coh):
        if r["exposure"] != "k2_intake_ug_per_day":
            continue
        out.append("| %s | %s-%s | %s | %s | %s %% | %s (%s-%s) |" % (
            names.get(r["group"], r["group"]), fmt(float(r["exposure_low"])),
            fmt(float(r["exposure_high"])), r["n"], r["cases"],
            fmt(100 * float(r["prevalence"])), fmt(float(r["odds_ratio"])),
            fmt(float(r["or_low"])), fmt(float(r["or_high"]))))
    out += ["", "Question 3: the odds ratio of the highest against the lowest third is the last "
            "line's (the Rotterdam Study found 0.48).", "",
            "## Part C: the trial (`./build/calcsim trial vitak_cac --replicates %d`)"
            % TRIAL_REPLICATES, "",
            "| Endpoint | Placebo | MK-7 | Difference (95 %% CI) | p (first trial) | Share of "
            "the %d trials with p < 0.05 |" % TRIAL_REPLICATES, "|---|--:|--:|--:|--:|--:|"]
    for r in csv_rows(tri):
        unit = " " + r["unit"]
        out.append("| %s | %s%s | %s%s | %s (%s to %s)%s | %s | %s %% |" % (
            r["endpoint"], fmt(float(r["mean_control"])), unit, fmt(float(r["mean_treated"])),
            unit, fmt(float(r["difference"])), fmt(float(r["ci_low"])),
            fmt(float(r["ci_high"])), unit,
            "< 0.0001" if float(r["p_value"]) < 1e-4 else fmt(float(r["p_value"])),
            fmt(100 * float(r["power"]))))
    out += ["", "75 people per arm, 2 years. Question 5: the calcium-score difference is small "
            "against the spread between people and the scan noise, so many of the repeated "
            "trials miss it; the MGP biomarker difference is found in every one."]
    return out


def key_text(runner, number, title, questions):
    out = ["# Lesson %d answer key: %s" % (number, title), "",
           "Generated by `python3 scripts/lesson-keys.py` from the model (calcsim %s); do not "
           "edit by hand. The `lesson_keys` test fails when a number here no longer matches "
           "the model to 3 significant figures. These are the numbers of an educational toy "
           "model, not facts about real people."
           % subprocess.run([runner.exe, "--version"], capture_output=True,
                            text=True).stdout.split()[-1], "",
           "| # | What | Model value |", "|---|---|--:|"]
    runs = []
    for qid, text, run, what, unit in questions:
        v = runner.value(run, what)
        out.append("| %s | %s | %s%s |" % (qid, text, fmt(v), "" if unit == "1" else " " + unit))
        if run not in runs:
            runs.append(run)
    out += ["", "## The runs behind these numbers", "",
            "| Command | Browser page |", "|---|---|"]
    for run in runs:
        out.append("| `%s` | `%s` |" % (command(run), link(run)))
    if number == 5 and not COHORT_QUESTIONS_ADDED:
        out += ["", KEY_TODO.rstrip("\n")]
    if number == 5 and COHORT_QUESTIONS_ADDED:
        out += population_key(runner)
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--exe", default=os.path.join(ROOT, "build", "calcsim"))
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "lessons", "keys"))
    ap.add_argument("--check", action="store_true",
                    help="compare with the committed keys; exit 1 when one is stale")
    a = ap.parse_args()
    runner = Runner(a.exe)
    stale = []
    for number, title, questions in LESSONS:
        text = key_text(runner, number, title, questions)
        path = os.path.join(a.out, "lesson-%d-key.md" % number)
        if a.check:
            try:
                with open(path, encoding="utf-8") as f:
                    old = f.read()
            except OSError:
                old = None
            if old != text:
                stale.append(path)
                if old is not None:
                    for i, (x, y) in enumerate(zip(old.splitlines(), text.splitlines())):
                        if x != y:
                            print("%s:%d: committed: %s\n%s:%d: model now: %s"
                                  % (path, i + 1, x, path, i + 1, y))
                            break
        else:
            os.makedirs(a.out, exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    if stale:
        print("lesson keys are stale: %s\nregenerate from the source root with: python3 "
              "scripts/lesson-keys.py" % ", ".join(stale))
        return 1
    print("%d lesson keys %s" % (len(LESSONS), "are current" if a.check else "written"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
