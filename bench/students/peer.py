"""The peer of bench/students/run.sh: the same registry CSVs read and counted per school and
grade — what the import's counts hold, without any checking, encryption or database — with
DuckDB and with pandas, each timed. Prints one line per tool: `peer <tool> <seconds> <rows>`.

Usage: peer.py DIR   (DIR/<district>/registry/<school>.csv)
"""

import glob
import os
import sys
import time


def duckdb_counts(root):
    import duckdb

    started = time.perf_counter()
    con = duckdb.connect()
    total, rows = con.execute(
        f"""
        SELECT sum(n), count(*) FROM (
          SELECT filename, "年级", count(*) AS n
          FROM read_csv('{root}/*/registry/*.csv', filename = true, header = true,
                        all_varchar = true)
          GROUP BY filename, "年级")
        """
    ).fetchone()
    return time.perf_counter() - started, total, rows


def pandas_counts(root):
    import pandas as pd

    started = time.perf_counter()
    frames = []
    for path in glob.glob(os.path.join(root, "*", "registry", "*.csv")):
        frame = pd.read_csv(path, dtype=str, usecols=["学籍号", "年级"])
        frame["school"] = path  # the district's folder and the school's code
        frames.append(frame)
    data = pd.concat(frames, ignore_index=True)
    counts = data.groupby(["school", "年级"]).size()
    return time.perf_counter() - started, len(data), len(counts)


def main():
    root = sys.argv[1]
    for name, run in [("duckdb", duckdb_counts), ("pandas", pandas_counts)]:
        try:
            seconds, total, groups = run(root)
        except ImportError as e:
            print(f"peer {name} unavailable ({e})", file=sys.stderr)
            continue
        print(f"peer {name} {seconds:.2f} {total} {groups}")


if __name__ == "__main__":
    main()
