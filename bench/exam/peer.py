"""The peers of `junheng exam bench`: the same figures from the same long file with DuckDB
(threads = 2) and polars, and the comparison of their results with junheng's to 1e-9.

    peer.py duckdb FILE OUT.json      # prints {"load_s", "analyse_s"} on stdout
    peer.py polars FILE OUT.json
    peer.py compare JUNHENG.json PEER.json NAME

Settings are junheng's defaults (QualitySettings::default): denominator 实考 (scored + 作弊),
作弊 counted as a score of 0, 缺考/免考 out of every figure; lines 85/70/60/40 % of full marks;
比值赋分 weights mean 60, 优秀率 70, 及格率 70; value added by the residual method over the
students scored (作弊 excluded) on the paper in both exams, consecutive exams paired.
"""

import json
import math
import sys
import time

EXAMS = [f"2024学年八年级{n}" for n in ["期中统考", "期末", "联考", "质量监测"]]
FULL = {"语文": 150, "数学": 150, "英语": 150, "物理": 100, "化学": 100,
        "道德与法治": 100, "历史": 100, "生物": 100}
LINES = {150: (127.5, 105.0, 90.0, 60.0), 100: (85.0, 70.0, 60.0, 40.0)}
W_AVG, W_EXC, W_PASS = 60.0, 70.0, 70.0
THREADS = 2


def papers_sql():
    rows = []
    for subject, full in FULL.items():
        e, g, p, l = LINES[full]
        rows.append(f"('{subject}', {full}.0, {e}, {g}, {p}, {l})")
    return "(VALUES " + ", ".join(rows) + ") AS p(subject, fullm, l_exc, l_good, l_pass, l_low)"


def pairs_sql():
    rows = [f"('{a}', '{b}')" for a, b in zip(EXAMS, EXAMS[1:])]
    return "(VALUES " + ", ".join(rows) + ") AS q(input, output)"


def run_duckdb(path, out):
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET threads = {THREADS}")
    source = (f"read_parquet('{path}')" if path.endswith(".parquet") else
              f"read_csv('{path}', types = {{'学校标识码': 'VARCHAR', '学生标识': 'VARCHAR', '分数': 'DOUBLE'}})")
    t0 = time.perf_counter()
    con.execute(f"""
        CREATE TABLE s AS SELECT "考试" AS exam, "学校标识码" AS school, "学生标识" AS student,
               "科目" AS subject, CAST("分数" AS DOUBLE) AS score, "状态" AS status
        FROM {source}""")
    t1 = time.perf_counter()
    # The score population: scored, and 作弊 as 0.
    con.execute(f"""
        CREATE TEMP TABLE pop AS
        SELECT exam, school, s.subject, COALESCE(score, 0.0) AS x, fullm, l_exc, l_good, l_pass, l_low
        FROM s JOIN {papers_sql()} ON s.subject = p.subject
        WHERE score IS NOT NULL OR status IN ('作弊', '违纪')""")
    con.execute(f"""
        CREATE TEMP TABLE sch AS
        SELECT exam, school, subject, any_value(fullm) AS fullm, count(*) AS n,
               avg(x) AS mean, stddev_pop(x) AS sd, var_pop(x) AS var,
               count_if(x >= l_exc) / count(*) AS excellent,
               count_if(x >= l_good) / count(*) AS good,
               count_if(x >= l_pass) / count(*) AS pass,
               count_if(x < l_low) / count(*) AS low,
               quantile_cont(x, [0.0, 0.25, 0.5, 0.75, 1.0]) AS q
        FROM pop GROUP BY exam, school, subject""")
    con.execute("""
        CREATE TEMP TABLE pool AS
        SELECT exam, subject, count(*) AS n, avg(x) AS mean, stddev_pop(x) AS sd
        FROM pop GROUP BY exam, subject""")
    schools = con.execute("""
        SELECT s.school, s.exam, s.subject, s.n, s.mean, s.sd, s.excellent, s.good, s.pass, s.low,
               (s.mean - p.mean) / p.sd AS z, 50 + 10 * (s.mean - p.mean) / p.sd AS t,
               (s.mean - p.mean) / p.mean AS over_mean,
               rank() OVER (PARTITION BY s.exam, s.subject ORDER BY s.mean DESC) AS rank,
               CASE WHEN max(s.mean) OVER w > 0 THEN s.mean / max(s.mean) OVER w * 60 ELSE 0 END
             + CASE WHEN max(s.excellent) OVER w > 0 THEN s.excellent / max(s.excellent) OVER w * 70 ELSE 0 END
             + CASE WHEN max(s.pass) OVER w > 0 THEN s.pass / max(s.pass) OVER w * 70 ELSE 0 END
                 AS composite,
               s.q[1] AS min, s.q[2] AS q1, s.q[3] AS median, s.q[4] AS q3, s.q[5] AS max
        FROM sch s JOIN pool p USING (exam, subject)
        WINDOW w AS (PARTITION BY s.exam, s.subject)""").fetchall()
    # 区分度 from the pool's histogram: the top and bottom ⌈0.27·N⌉ by count.
    disc = con.execute(f"""
        WITH h AS (SELECT exam, subject, x, count(*) AS c FROM pop GROUP BY exam, subject, x),
        k AS (SELECT exam, subject, (27 * sum(c) + 99) // 100 AS k FROM h GROUP BY ALL),
        cum AS (
          SELECT h.*, k.k,
                 sum(c) OVER (PARTITION BY h.exam, h.subject ORDER BY x) AS up,
                 sum(c) OVER (PARTITION BY h.exam, h.subject ORDER BY x DESC) AS down
          FROM h JOIN k USING (exam, subject))
        SELECT cum.exam, cum.subject,
               (sum(x * greatest(0, least(c, k - (down - c))))
                - sum(x * greatest(0, least(c, k - (up - c))))) / any_value(k) / any_value(p.fullm)
        FROM cum JOIN {papers_sql()} ON cum.subject = p.subject GROUP BY ALL""").fetchall()
    # 校际差异率 estimates over scores normalised by full marks.
    spread = con.execute("""
        WITH g AS (
          SELECT exam, subject, sum(n) AS nn, count(*) AS j,
                 sum(n * mean / fullm) / sum(n) AS ybar,
                 sum(n * n) AS n2
          FROM sch GROUP BY ALL),
        ss AS (
          SELECT s.exam, s.subject, any_value(g.nn) AS nn, any_value(g.j) AS j, any_value(g.n2) AS n2,
                 sum(s.n * power(s.mean / s.fullm - g.ybar, 2)) AS ssb,
                 sum(s.n * s.var / (s.fullm * s.fullm)) AS ssw
          FROM sch s JOIN g USING (exam, subject) GROUP BY ALL)
        SELECT exam, subject, ssb / (ssb + ssw) AS eta2,
               (ssb / (j - 1) - ssw / (nn - j))
                 / (ssb / (j - 1) + ((nn - n2 / nn) / (j - 1) - 1) * ssw / (nn - j)) AS icc1,
               sqrt(ssb / nn) AS sd_of_means
        FROM ss""").fetchall()
    # Value added, residual method: per pair and subject, the students scored on the paper in
    # both exams, z-standardised over themselves; OLS of z_out on z_in (slope r); a school's VA
    # is its mean residual, SE = s/√n, s = √(N(1 − r²)/(N − 2)).
    va = con.execute(f"""
        WITH m AS (
          SELECT q.input, q.output, o.subject, o.school, i.score AS x, o.score AS y
          FROM {pairs_sql()}
          JOIN s o ON o.exam = q.output AND o.score IS NOT NULL
          JOIN s i ON i.exam = q.input AND i.student = o.student AND i.subject = o.subject
                  AND i.score IS NOT NULL),
        f AS (
          SELECT input, output, subject, count(*) AS nn, avg(x) AS mx, avg(y) AS my,
                 stddev_pop(x) AS sx, stddev_pop(y) AS sy, corr(y, x) AS r
          FROM m GROUP BY ALL),
        u AS (SELECT input, output, subject, school, count(*) AS n, avg(x) AS ux, avg(y) AS uy
              FROM m GROUP BY ALL)
        SELECT u.input, u.output, u.subject, u.school, u.n,
               (u.uy - f.my) / f.sy - f.r * (u.ux - f.mx) / f.sx AS va,
               sqrt(f.nn * (1 - f.r * f.r) / (f.nn - 2)) / sqrt(u.n) AS se, f.r
        FROM u JOIN f USING (input, output, subject)""").fetchall()
    t2 = time.perf_counter()
    write_results(out, schools, disc, spread, va)
    return t1 - t0, t2 - t1


def run_polars(path, out):
    import os

    os.environ.setdefault("POLARS_MAX_THREADS", str(THREADS))
    import polars as pl

    cols = ["考试", "学校标识码", "学生标识", "科目", "分数", "状态"]
    t0 = time.perf_counter()
    if path.endswith(".parquet"):
        s = pl.read_parquet(path, columns=cols)
    else:
        s = pl.read_csv(path, columns=cols, schema_overrides={"分数": pl.Float64, "学校标识码": pl.Utf8})
    s = s.rename({"考试": "exam", "学校标识码": "school", "学生标识": "student", "科目": "subject",
                  "分数": "score", "状态": "status"})
    t1 = time.perf_counter()
    papers = pl.DataFrame({
        "subject": list(FULL),
        "full": [float(FULL[k]) for k in FULL],
        "l_exc": [LINES[FULL[k]][0] for k in FULL],
        "l_good": [LINES[FULL[k]][1] for k in FULL],
        "l_pass": [LINES[FULL[k]][2] for k in FULL],
        "l_low": [LINES[FULL[k]][3] for k in FULL],
    })
    pop = (s.filter(pl.col("score").is_not_null() | pl.col("status").is_in(["作弊", "违纪"]))
           .select("exam", "school", "subject", pl.col("score").fill_null(0.0).alias("x"))
           .join(papers, on="subject"))
    x = pl.col("x")
    sch = pop.group_by("exam", "school", "subject").agg(
        pl.col("full").first(), pl.len().alias("n"), x.mean().alias("mean"),
        x.std(ddof=0).alias("sd"), x.var(ddof=0).alias("var"),
        (x >= pl.col("l_exc")).mean().alias("excellent"),
        (x >= pl.col("l_good")).mean().alias("good"),
        (x >= pl.col("l_pass")).mean().alias("pass"),
        (x < pl.col("l_low")).mean().alias("low"),
        x.min().alias("min"), x.quantile(0.25, "linear").alias("q1"),
        x.median().alias("median"), x.quantile(0.75, "linear").alias("q3"), x.max().alias("max"))
    pool = pop.group_by("exam", "subject").agg(x.mean().alias("pm"), x.std(ddof=0).alias("psd"))
    w = ["exam", "subject"]
    best = lambda c: pl.col(c).max().over(w)
    rated = lambda c, wt: pl.when(best(c) > 0).then(pl.col(c) / best(c) * wt).otherwise(0.0)
    table = sch.join(pool, on=w).with_columns(
        ((pl.col("mean") - pl.col("pm")) / pl.col("psd")).alias("z"),
        ((pl.col("mean") - pl.col("pm")) / pl.col("pm")).alias("over_mean"),
        pl.col("mean").rank("min", descending=True).over(w).alias("rank"),
        (rated("mean", W_AVG) + rated("excellent", W_EXC) + rated("pass", W_PASS)).alias("composite"),
    ).with_columns((50 + 10 * pl.col("z")).alias("t"))
    schools = table.select("school", "exam", "subject", "n", "mean", "sd", "excellent", "good",
                           "pass", "low", "z", "t", "over_mean", "rank", "composite", "min", "q1",
                           "median", "q3", "max").rows()
    h = pop.group_by("exam", "subject", "x").agg(pl.len().cast(pl.Int64).alias("c")).join(papers.select("subject", "full"), on="subject")
    h = h.with_columns(((27 * pl.col("c").sum().over(w) + 99) // 100).alias("k")).sort("x")
    h = h.with_columns(pl.col("c").cum_sum().over(w).alias("up"),
                       pl.col("c").cum_sum(reverse=True).over(w).alias("down"))
    take = lambda cum: pl.min_horizontal(pl.col("c"), pl.max_horizontal(pl.col("k") - (pl.col(cum) - pl.col("c")), 0))
    disc = h.group_by(w).agg(
        (((x * take("down")).sum() - (x * take("up")).sum()) / pl.col("k").first() / pl.col("full").first()).alias("d")).rows()
    g = sch.group_by(w).agg(pl.col("n").sum().alias("nn"), pl.len().alias("j"),
                            ((pl.col("n") * pl.col("mean") / pl.col("full")).sum() / pl.col("n").sum()).alias("ybar"),
                            (pl.col("n").cast(pl.Float64) ** 2).sum().alias("n2"))
    ss = sch.join(g, on=w).group_by(w).agg(
        pl.col("nn").first(), pl.col("j").first(), pl.col("n2").first(),
        (pl.col("n") * (pl.col("mean") / pl.col("full") - pl.col("ybar")) ** 2).sum().alias("ssb"),
        (pl.col("n") * pl.col("var") / pl.col("full") ** 2).sum().alias("ssw"))
    spread = ss.select(w[0], w[1], (pl.col("ssb") / (pl.col("ssb") + pl.col("ssw"))).alias("eta2"),
                       ((pl.col("ssb") / (pl.col("j") - 1) - pl.col("ssw") / (pl.col("nn") - pl.col("j")))
                        / (pl.col("ssb") / (pl.col("j") - 1) + ((pl.col("nn") - pl.col("n2") / pl.col("nn")) / (pl.col("j") - 1) - 1)
                           * pl.col("ssw") / (pl.col("nn") - pl.col("j")))).alias("icc1"),
                       (pl.col("ssb") / pl.col("nn")).sqrt().alias("s")).rows()
    scored = s.filter(pl.col("score").is_not_null()).select("exam", "school", "student", "subject", "score")
    va_rows = []
    for a, b in zip(EXAMS, EXAMS[1:]):
        o = scored.filter(pl.col("exam") == b).select("school", "student", "subject", pl.col("score").alias("y"))
        i = scored.filter(pl.col("exam") == a).select("student", "subject", pl.col("score").alias("x"))
        m = o.join(i, on=["student", "subject"])
        f = m.group_by("subject").agg(pl.len().alias("nn"), x.mean().alias("mx"), pl.col("y").mean().alias("my"),
                                      x.std(ddof=0).alias("sx"), pl.col("y").std(ddof=0).alias("sy"),
                                      pl.corr("x", "y").alias("r"))
        u = m.group_by("subject", "school").agg(pl.len().alias("n"), x.mean().alias("ux"), pl.col("y").mean().alias("uy"))
        r = pl.col("r")
        va_rows += u.join(f, on="subject").select(
            pl.lit(a).alias("input"), pl.lit(b).alias("output"), "subject", "school", "n",
            ((pl.col("uy") - pl.col("my")) / pl.col("sy") - r * (pl.col("ux") - pl.col("mx")) / pl.col("sx")).alias("va"),
            ((pl.col("nn") * (1 - r * r) / (pl.col("nn") - 2)).sqrt() / pl.col("n").sqrt()).alias("se"), r).rows()
    t2 = time.perf_counter()
    write_results(out, schools, disc, spread, va_rows)
    return t1 - t0, t2 - t1


SCHOOL_FIELDS = ["n", "mean", "sd", "excellent", "good", "pass", "low", "z", "t", "over_mean", "rank",
                 "composite", "min", "q1", "median", "q3", "max"]


def write_results(out, schools, disc, spread, va):
    doc = {
        "schools": [dict(zip(["school", "exam", "subject"] + SCHOOL_FIELDS, r)) for r in schools],
        "papers": {f"{e}|{s}": {"discrimination": d} for e, s, d in disc},
        "va": [dict(zip(["input", "exam", "subject", "school", "matched", "va", "se", "r"], r)) for r in va],
    }
    for e, s, eta2, icc1, sd in spread:
        doc["papers"].setdefault(f"{e}|{s}", {}).update(eta2=eta2, icc1=icc1, sd_of_means=sd)
    with open(out, "w") as f:
        json.dump(doc, f)


def compare(ours_path, peer_path, name, tol=1e-9):
    ours = json.load(open(ours_path))
    peer = json.load(open(peer_path))
    worst = {}
    missing = 0

    def diff(field, a, b):
        if a is None and b is None:
            return
        if a is None or b is None or (isinstance(b, float) and math.isnan(b)):
            worst[field] = max(worst.get(field, 0.0), math.inf)
            return
        worst[field] = max(worst.get(field, 0.0), abs(float(a) - float(b)))

    theirs = {(r["school"], r["exam"], r["subject"]): r for r in peer["schools"]}
    for r in ours["schools"]:
        p = theirs.pop((r["school"], r["exam"], r["subject"]), None)
        if p is None:
            missing += 1
            continue
        for f in SCHOOL_FIELDS:
            diff(f, r[f], p[f])
    missing += len(theirs)
    for r in ours["papers"]:
        p = peer["papers"].get(f"{r['exam']}|{r['subject']}")
        if p is None:
            missing += 1
            continue
        for f in ["discrimination", "eta2", "icc1", "sd_of_means"]:
            diff(f, r[f], p.get(f))
    theirs = {(r["input"], r["exam"], r["subject"], r["school"]): r for r in peer["va"]}
    for r in ours["va"]:
        p = theirs.pop((r["input"], r["exam"], r["subject"], r["school"]), None)
        if p is None:
            if r["matched"]:
                missing += 1
            continue
        diff("va_matched", r["matched"], p["matched"])
        diff("va", r["va"], p["va"])
        diff("va_se", r["se"], p["se"])
        diff("va_r", r["r"], p["r"])
    missing += len(theirs)
    bad = {f: d for f, d in worst.items() if not d <= tol}
    print(f"junheng vs {name}: {len(ours['schools'])} school×subject rows, {len(ours['papers'])} papers, "
          f"{len(ours['va'])} VA rows; missing on either side: {missing}")
    print("  max |diff|: " + ", ".join(f"{f} {d:.1e}" for f, d in sorted(worst.items())))
    if bad or missing:
        print(f"  MISMATCH beyond {tol}: {bad} missing={missing}", file=sys.stderr)
        return 1
    return 0


def main():
    cmd = sys.argv[1]
    if cmd == "compare":
        sys.exit(compare(sys.argv[2], sys.argv[3], sys.argv[4]))
    run = {"duckdb": run_duckdb, "polars": run_polars}[cmd]
    load_s, analyse_s = run(sys.argv[2], sys.argv[3])
    print(json.dumps({"load_s": load_s, "analyse_s": analyse_s}))


if __name__ == "__main__":
    main()
