"""The peer of bench/health/run.sh: the same 体质健康 CSVs read and the 50 m run scored by a join
on the standard's threshold table (the score of a time is the highest step whose threshold it
meets), then the mean score per school — a part of what the import does, without checking a
row, matching a child to the registry, scoring the other items, encryption or a database — with
DuckDB and with pandas, each timed. Prints one line per tool:
`peer <tool> <seconds> <rows> <scored> <schools>`.

Usage: peer.py DIR THRESHOLDS.csv   (DIR/<district>/<school>.csv; THRESHOLDS: grade,sex,score,threshold)
"""

import glob
import os
import sys
import time

RUN = "50米跑(秒)"


def duckdb_score(root, table):
    import duckdb

    started = time.perf_counter()
    con = duckdb.connect()
    rows, scored, schools = con.execute(
        f"""
        WITH f AS (
          SELECT filename, "学籍号" AS number, CAST("年级" AS INTEGER) AS grade,
                 CASE "性别" WHEN '男' THEN 'M' ELSE 'F' END AS sex,
                 TRY_CAST("{RUN}" AS DOUBLE) AS run
          FROM read_csv('{root}/*/*.csv', filename = true, header = true, all_varchar = true)),
        t AS (SELECT grade, sex, score, threshold FROM read_csv('{table}', header = true)),
        s AS (
          SELECT f.filename, f.number, max(t.score) AS score
          FROM f JOIN t ON t.grade = f.grade AND t.sex = f.sex AND f.run <= t.threshold
          GROUP BY f.filename, f.number),
        per AS (SELECT filename, avg(score) AS mean FROM s GROUP BY filename)
        SELECT (SELECT count(*) FROM f), (SELECT count(*) FROM s), (SELECT count(*) FROM per)
        """
    ).fetchone()
    return time.perf_counter() - started, rows, scored, schools


def pandas_score(root, table):
    import pandas as pd

    started = time.perf_counter()
    frames = []
    for path in glob.glob(os.path.join(root, "*", "*.csv")):
        frame = pd.read_csv(path, dtype=str, usecols=["学籍号", "年级", "性别", RUN])
        frame["school"] = path  # the district's folder and the school's code
        frames.append(frame)
    data = pd.concat(frames, ignore_index=True)
    rows = len(data)
    data["grade"] = data["年级"].astype(int)
    data["sex"] = data["性别"].map({"男": "M", "女": "F"})
    data["run"] = pd.to_numeric(data[RUN], errors="coerce")
    data = data.dropna(subset=["run"])
    steps = pd.read_csv(table)
    # The smallest threshold at or above the time is the highest step met.
    scored = pd.merge_asof(
        data.sort_values("run"),
        steps.sort_values("threshold"),
        left_on="run",
        right_on="threshold",
        by=["grade", "sex"],
        direction="forward",
    ).dropna(subset=["score"])
    means = scored.groupby("school")["score"].mean()
    return time.perf_counter() - started, rows, len(scored), len(means)


def main():
    root, table = sys.argv[1], sys.argv[2]
    for name, run in [("duckdb", duckdb_score), ("pandas", pandas_score)]:
        try:
            seconds, rows, scored, schools = run(root, table)
        except ImportError as e:
            print(f"peer {name} unavailable ({e})", file=sys.stderr)
            continue
        print(f"peer {name} {seconds:.2f} {rows} {scored} {schools}")


if __name__ == "__main__":
    main()
