"""Same file, same computation, same run: junheng vs pandas vs DuckDB.

The computation is the cn-2017 resource evaluation with the national defaults
(shared/domain/templates.md §2): one unit per section with students (teaching points
separate, special schools out), facilities apportioned pro rata by students (高中 included),
teaching rooms without the gym, the 7 indicators, the per-unit 6-of-7 rule with the 85 %
floor, and the student-weighted 差异系数 per section. The peers compute exactly that and
are checked against junheng's JSON to 1e-9. junheng is timed as a whole process (start,
parse, validate, evaluate, gaps, improvement plans, full JSON report written); the peers
are timed in-process from reading the CSV to the section results (interpreter start and
imports excluded), which favours them.
"""

import json
import re
import subprocess
import sys
import time

import duckdb
import numpy as np
import pandas as pd

STANDARD = {
    "primary": [4.2, 1.0, 0.9, 4.5, 7.5, 2000.0, 2.3],
    "junior": [5.3, 1.0, 0.9, 5.8, 10.2, 2500.0, 2.4],
}
CV_MAX = {"primary": 0.50, "junior": 0.45}
IDS = [
    "qualified_teachers_per_100", "backbone_teachers_per_100", "pe_arts_teachers_per_100",
    "teaching_room_area_per_student", "sports_area_per_student",
    "equipment_value_per_student", "multimedia_rooms_per_100",
]
KINDS = {
    "primary": ["小学", "教学点", "九年一贯制学校", "十二年一贯制学校"],
    "junior": ["初中", "九年一贯制学校", "十二年一贯制学校", "完全中学"],
    "senior": ["十二年一贯制学校", "完全中学"],
}
PREFIX = {"primary": "小学", "junior": "初中"}
TOL = 1e-9


def pandas_eval(path):
    df = pd.read_csv(path, dtype={"学校标识码": str, "上级学校标识码": str}, encoding="utf-8-sig")
    df = df[df["办学类型"] != "特殊教育学校"]
    weight = sum(
        df[f"{'高中' if s == 'senior' else PREFIX[s]}在校生数"].where(df["办学类型"].isin(KINDS[s]), 0)
        for s in ("primary", "junior", "senior")
    )
    out = {}
    for section, p in PREFIX.items():
        d = df[df["办学类型"].isin(KINDS[section]) & (df[f"{p}在校生数"] > 0)]
        students = d[f"{p}在校生数"].astype(float)
        share = students / weight[d.index]
        values = np.column_stack([
            100 * d[f"{p}高于规定学历教师数"] / students,
            100 * d[f"{p}骨干教师数"] / students,
            100 * d[f"{p}体育艺术专任教师数"] / students,
            share * (d["教学及辅助用房面积"] - d["体育馆面积"]) / students,
            share * (d["体育馆面积"] + d["运动场地面积"]) / students,
            share * d["教学仪器设备资产值"] * 10000 / students,
            100 * share * d["网络多媒体教室数"] / students,
        ])
        std = np.array(STANDARD[section])
        meets = values >= std * (1 - TOL)
        met = meets.sum(axis=1)
        floors = (meets | (values >= 0.85 * std * (1 - TOL))).all(axis=1)
        passes = (met >= 6) & floors
        w = students.to_numpy()
        mean = (values * w[:, None]).sum(axis=0) / w.sum()
        sd = np.sqrt((w[:, None] * (values - mean) ** 2).sum(axis=0) / w.sum())
        out[section] = {"units": len(d), "failing": int((~passes).sum()), "cv": list(sd / mean)}
    return out


DUCK_SQL = """
WITH s AS (
  SELECT *,
    (CASE WHEN 办学类型 IN ('小学','教学点','九年一贯制学校','十二年一贯制学校') THEN 小学在校生数 ELSE 0 END
   + CASE WHEN 办学类型 IN ('初中','九年一贯制学校','十二年一贯制学校','完全中学') THEN 初中在校生数 ELSE 0 END
   + CASE WHEN 办学类型 IN ('十二年一贯制学校','完全中学') THEN 高中在校生数 ELSE 0 END) AS w
  FROM read_csv('{path}', header = true, types = {{'学校标识码': 'VARCHAR', '上级学校标识码': 'VARCHAR'}})
  WHERE 办学类型 <> '特殊教育学校'
), u AS (
  SELECT 'primary' AS section, 小学在校生数::DOUBLE AS p, 小学在校生数::DOUBLE / w AS share,
    小学高于规定学历教师数 AS q, 小学骨干教师数 AS b, 小学体育艺术专任教师数 AS pe,
    教学及辅助用房面积 - 体育馆面积 AS room, 体育馆面积 + 运动场地面积 AS sport,
    教学仪器设备资产值 AS eq, 网络多媒体教室数 AS mm
  FROM s WHERE 办学类型 IN ('小学','教学点','九年一贯制学校','十二年一贯制学校') AND 小学在校生数 > 0
  UNION ALL
  SELECT 'junior', 初中在校生数::DOUBLE, 初中在校生数::DOUBLE / w,
    初中高于规定学历教师数, 初中骨干教师数, 初中体育艺术专任教师数,
    教学及辅助用房面积 - 体育馆面积, 体育馆面积 + 运动场地面积, 教学仪器设备资产值, 网络多媒体教室数
  FROM s WHERE 办学类型 IN ('初中','九年一贯制学校','十二年一贯制学校','完全中学') AND 初中在校生数 > 0
), v AS (
  SELECT section, p,
    100 * q / p AS x1, 100 * b / p AS x2, 100 * pe / p AS x3, share * room / p AS x4,
    share * sport / p AS x5, share * eq * 10000 / p AS x6, 100 * share * mm / p AS x7
  FROM u
), t AS (
  SELECT v.*,
    CASE section WHEN 'primary' THEN [4.2, 1.0, 0.9, 4.5, 7.5, 2000.0, 2.3]
                 ELSE [5.3, 1.0, 0.9, 5.8, 10.2, 2500.0, 2.4] END AS std
  FROM v
), m AS (
  SELECT section,
    sum(p * x1) / sum(p) AS m1, sum(p * x2) / sum(p) AS m2, sum(p * x3) / sum(p) AS m3,
    sum(p * x4) / sum(p) AS m4, sum(p * x5) / sum(p) AS m5, sum(p * x6) / sum(p) AS m6,
    sum(p * x7) / sum(p) AS m7
  FROM t GROUP BY section
), verdict AS (
  SELECT t.*,
    (x1 >= std[1] * (1 - 1e-9))::INT + (x2 >= std[2] * (1 - 1e-9))::INT + (x3 >= std[3] * (1 - 1e-9))::INT
    + (x4 >= std[4] * (1 - 1e-9))::INT + (x5 >= std[5] * (1 - 1e-9))::INT + (x6 >= std[6] * (1 - 1e-9))::INT
    + (x7 >= std[7] * (1 - 1e-9))::INT AS met,
    (x1 >= 0.85 * std[1] * (1 - 1e-9) AND x2 >= 0.85 * std[2] * (1 - 1e-9) AND x3 >= 0.85 * std[3] * (1 - 1e-9)
     AND x4 >= 0.85 * std[4] * (1 - 1e-9) AND x5 >= 0.85 * std[5] * (1 - 1e-9)
     AND x6 >= 0.85 * std[6] * (1 - 1e-9) AND x7 >= 0.85 * std[7] * (1 - 1e-9)) AS floors
  FROM t
)
SELECT section, count(*) AS units, sum(CASE WHEN met >= 6 AND floors THEN 0 ELSE 1 END) AS failing,
  sqrt(sum(p * (x1 - m1) ^ 2) / sum(p)) / m1, sqrt(sum(p * (x2 - m2) ^ 2) / sum(p)) / m2,
  sqrt(sum(p * (x3 - m3) ^ 2) / sum(p)) / m3, sqrt(sum(p * (x4 - m4) ^ 2) / sum(p)) / m4,
  sqrt(sum(p * (x5 - m5) ^ 2) / sum(p)) / m5, sqrt(sum(p * (x6 - m6) ^ 2) / sum(p)) / m6,
  sqrt(sum(p * (x7 - m7) ^ 2) / sum(p)) / m7
FROM verdict JOIN m USING (section) GROUP BY section, m1, m2, m3, m4, m5, m6, m7
"""


def duckdb_eval(path):
    con = duckdb.connect()
    rows = con.execute(DUCK_SQL.format(path=path)).fetchall()
    return {r[0]: {"units": r[1], "failing": int(r[2]), "cv": list(r[3:])} for r in rows}


def phases(stderr):
    """Read + validate and evaluate milliseconds from `junheng evaluate --timings`."""
    text = stderr.decode()
    read = float(re.search(r"读取与校验 ([0-9.]+) ms", text).group(1))
    evaluate = float(re.search(r"评估 ([0-9.]+) ms", text).group(1))
    return read / 1000, evaluate / 1000


def best_of(runs, fn):
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main():
    binary, path = sys.argv[1], sys.argv[2]
    rows = sum(1 for _ in open(path, encoding="utf-8-sig")) - 1

    def ours():
        done = subprocess.run([binary, "evaluate", path, "--format", "json", "--timings"], capture_output=True)
        if done.returncode not in (0, 1):
            raise SystemExit(done.stderr.decode())
        return done

    t_ours, done = best_of(5, ours)
    computes = [sum(phases(ours().stderr)) for _ in range(5)]
    t_compute = min(computes)
    report = json.loads(done.stdout)
    reference = {
        s["section"]: {
            "units": s["units"], "failing": s["failing_units"],
            "cv": [next(i["cv"] for i in s["indicators"] if i["id"] == k) for k in IDS],
        }
        for s in report["sections"]
    }
    t_pandas, r_pandas = best_of(3, lambda: pandas_eval(path))
    t_duck, r_duck = best_of(3, lambda: duckdb_eval(path))
    for name, r in (("pandas", r_pandas), ("DuckDB", r_duck)):
        for section, ref in reference.items():
            got = r[section]
            assert got["units"] == ref["units"], (name, section, got["units"], ref["units"])
            assert got["failing"] == ref["failing"], (name, section, got["failing"], ref["failing"])
            for a, b in zip(got["cv"], ref["cv"]):
                assert abs(a - b) <= 1e-9 * max(1.0, abs(b)), (name, section, a, b)
    print(f"file: {path} ({rows} rows; {sum(s['units'] for s in reference.values())} units)")
    print("results agree: units, failing units and all 14 差异系数 within 1e-9")
    print("read the CSV and evaluate, in process (interpreter/process start and output excluded):")
    print(f"  {'engine':<26}{'best time':>12}{'peer / junheng':>18}")
    print(f"  {'junheng':<26}{t_compute * 1000:>10.0f}ms{1.0:>17.2f}x")
    print(f"  {'pandas ' + pd.__version__:<26}{t_pandas * 1000:>10.0f}ms{t_pandas / t_compute:>17.2f}x")
    print(f"  {'DuckDB ' + duckdb.__version__:<26}{t_duck * 1000:>10.0f}ms{t_duck / t_compute:>17.2f}x")
    print(f"junheng as a whole process (start, read, evaluate, gaps, plans, {len(done.stdout) / 1e6:.0f} MB JSON"
          f" report piped to this script): {t_ours * 1000:.0f} ms")


if __name__ == "__main__":
    main()
