#!/usr/bin/env bash
# junheng's exam analytics beside DuckDB (threads = 2) and polars, in the same run, on the same
# long files, end to end from one file: load, then every figure of practices.md §1 per school ×
# subject (一分四率, mean, SD, Z/T, 超均率, 比值赋分, rank, quartiles, 区分度), the 校际差异率
# estimates (η², ICC(1), S) and value added (residual method) for consecutive exams. The results
# are compared to 1e-9; the run fails on any mismatch.
#
# Usage: bench/exam/run.sh [STUDENTS] [--keep] [--format csv|parquet|both]
#   STUDENTS  default 350000 (≈ 10⁷ sitting rows: × 8 subjects × 4 exams); 3500000 for 10⁸.
#             At 10⁸ the CSV would take ~13 GB of disk, so the default format there is Parquet only.
#   --keep    keep the generated files under bench/out/exam-STUDENTS (deleted by default).
# Installs what it needs: a venv at bench/exam/.venv with duckdb, polars (if pip can install it)
# and psutil; builds junheng in release mode (honours $CARGO_TARGET_DIR).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
students=350000
keep=0
format=""
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) keep=1 ;;
    --format) format="$2"; shift ;;
    [0-9]*) students="$1" ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
if [ -z "$format" ]; then
  if [ "$students" -gt 1000000 ]; then
    format=parquet
    echo "note: $students students ≈ $((students * 32 / 1000000)) M rows; Parquet only (the CSV would need ~$((students * 32 * 130 / 1000000000)) GB)."
  else
    format=both
  fi
fi

venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -c "import duckdb, psutil" 2>/dev/null || "$venv/bin/pip" install -q duckdb psutil
have_polars=1
"$venv/bin/python" -c "import polars" 2>/dev/null || "$venv/bin/pip" install -q polars || have_polars=0
py="$venv/bin/python"

(cd "$root" && cargo build --release --quiet -p junheng)
bin="${CARGO_TARGET_DIR:-$root/target}/release/junheng"
out="$root/bench/out/exam-$students"
mkdir -p "$out"
cleanup() { [ "$keep" = 1 ] || rm -f "$out"/exams.parquet "$out"/exams.csv "$out"/*.json; }
trap cleanup EXIT

need=0
[ "$format" != csv ] && [ ! -f "$out/exams.parquet" ] && need=1
[ "$format" != parquet ] && [ ! -f "$out/exams.csv" ] && need=1
if [ "$need" = 1 ]; then
  "$bin" exam synth --students "$students" --format "$format" -o "$out"
fi

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/Mem:/ {print $2}') GB RAM; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# Runs a command under `time -v`; prints its stdout's last line (a JSON) with max_rss added, or
# {"failed": …} with its exit status and last error line when it fails (a peer may run out of
# memory at 10⁸: said in the table, never hidden). RSS in kB is printed with %.0f: awk's %d stops
# at 2³¹ (it showed every peak above 2 GiB as 2.00 G).
timed() {
  local log; log="$(mktemp)"
  local rc=0
  /usr/bin/time -v "$@" > "$log.out" 2> "$log" || rc=$?
  local rss; rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 * 1024}' "$log")
  if [ "$rc" != 0 ]; then
    "$py" -c 'import json,sys; print(json.dumps({"failed": sys.argv[1], "max_rss": int(sys.argv[2] or 0)}))' \
      "exit $rc: $(grep -v '^[[:space:]]' "$log" | tail -1 | cut -c1-200)" "$rss"
  else
    "$py" -c 'import json,sys; d=json.loads(sys.argv[1]); d["max_rss"]=int(sys.argv[2]); print(json.dumps(d))' "$(tail -1 "$log.out")" "$rss"
  fi
  rm -f "$log" "$log.out"
}
status=0
formats=()
[ "$format" != csv ] && formats+=(parquet)
[ "$format" != parquet ] && formats+=(csv)
rows=()
for f in "${formats[@]}"; do
  file="$out/exams.$f"
  j=$(timed "$bin" exam bench "$file" --json "$out/junheng-$f.json")
  [ -f "$out/junheng-$f.json" ] || status=1
  rows+=("junheng $f $j")
  d=$(timed "$py" "$here/peer.py" duckdb "$file" "$out/duckdb-$f.json")
  rows+=("duckdb $f $d")
  if [ -f "$out/duckdb-$f.json" ]; then
    "$py" "$here/peer.py" compare "$out/junheng-$f.json" "$out/duckdb-$f.json" "duckdb ($f)" || status=1
  fi
  if [ "$have_polars" = 1 ]; then
    p=$(timed env POLARS_MAX_THREADS=2 "$py" "$here/peer.py" polars "$file" "$out/polars-$f.json")
    rows+=("polars $f $p")
    if [ -f "$out/polars-$f.json" ]; then
      "$py" "$here/peer.py" compare "$out/junheng-$f.json" "$out/polars-$f.json" "polars ($f)" || status=1
    fi
  fi
done
"$py" - "${rows[@]}" <<'PY'
import json, sys
rows = [r.split(" ", 2) for r in sys.argv[1:]]
base = {}
print(f"\n{'engine':8} {'file':8} {'load s':>8} {'analyse s':>10} {'total s':>8} {'peak RSS':>9} {'junheng/this (total)':>21}")
for engine, f, j in rows:
    d = json.loads(j)
    if "failed" in d:
        print(f"{engine:8} {f:8} failed ({d['failed']}); peak RSS {d['max_rss'] / 2**30:.2f} G")
        continue
    total = d["load_s"] + d["analyse_s"]
    if engine == "junheng":
        base[f] = (total, d["analyse_s"])
    ratio = base[f][0] / total if f in base else float("nan")
    print(f"{engine:8} {f:8} {d['load_s']:8.2f} {d['analyse_s']:10.3f} {total:8.2f} {d['max_rss'] / 2**30:7.2f} G {ratio:21.3f}")
PY
exit $status
