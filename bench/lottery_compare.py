#!/usr/bin/env python3
"""Times the Python `matching` library's student-optimal stable matching on the instance written
by lottery_da (bench/lottery_compare.sh) and checks it equals the engine's DA matching.

Every school ranks applicants by (tier, rank) — the engine's single tie-break, taken from its
results — so the student-optimal stable matching is unique and both must give the same one.
Usage: lottery_compare.py DIR RUST_SECONDS
"""

import json
import sys
import time

from matching.games import HospitalResident

out, rust_seconds = sys.argv[1], float(sys.argv[2])
with open(f"{out}/inputs.json", encoding="utf-8") as f:
    inputs = json.load(f)
with open(f"{out}/results.json", encoding="utf-8") as f:
    results = json.load(f)
rank = {a["id"]: a["rank"] for a in results["applicants"]}
tier = {a["id"]: a["tier"] for a in inputs["applicants"]}

resident_prefs = {a["id"]: list(a["preferences"]) for a in inputs["applicants"]}
listed = {s["id"]: [] for s in inputs["schools"]}
for a in inputs["applicants"]:
    for s in a["preferences"]:
        listed[s].append(a["id"])
hospital_prefs = {s: sorted(ids, key=lambda i: (tier[i], rank[i])) for s, ids in listed.items()}
capacities = {s["id"]: s["capacity"] for s in inputs["schools"]}

start = time.perf_counter()
game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
solution = game.solve(optimal="resident")
py_seconds = time.perf_counter() - start

theirs = {}
for hospital, residents in solution.items():
    for r in residents:
        theirs[r.name] = hospital.name
ours = {a["id"]: a["school"] for a in results["applicants"] if a["school"] is not None}
same = theirs == ours
n = len(inputs["applicants"])
print(f"实例：{n} 名报名者，{len(capacities)} 所学校，学位 {sum(capacities.values())}，平行志愿（延迟接受），单一随机号")
print(f"junheng-lottery 派位：{rust_seconds * 1000:.1f} ms（进程内，5 次取最快）")
print(f"matching {__import__('matching').__version__} HospitalResident(resident-optimal)：{py_seconds * 1000:.1f} ms（建模 + 求解）")
print(f"比值：Python / Rust = {py_seconds / rust_seconds:.0f}×")
print(f"匹配结果{'完全相同' if same else '不同'}（录取 {len(ours)} 人 / {len(theirs)} 人）")
sys.exit(0 if same else 1)
