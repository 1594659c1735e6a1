#!/usr/bin/env bash
# A city's 体质健康 test at scale (issue 14: "3.5 M students' fitness results import in ≤ 60 s
# on 2 cores"), on SQLite, end to end through the `junheng` binary:
#   1. generates N students over D districts (`junheng students synth`, as bench/students/run.sh
#      does), creates the districts, imports their statistics and registries into a fresh
#      database — untimed;
#   2. writes one 体质健康 CSV per school with the same 学籍号, grades, classes and sexes
#      (`junheng health synth`: `junheng_core::demo::health::fitness`, each school's ability drawn
#      from its code) — untimed;
#   3. times `junheng health import fitness` of every school's file (one command per district:
#      read, check every row, match every child to the registry, score every item by the
#      tables, key and seal every record, write), and the database's growth;
#   4. times `junheng health rates fitness` for every district (counts only, no record opened);
#   5. times a peer on the same CSVs in the same run: DuckDB and pandas reading every file and
#      scoring the 50 m run with a join on the threshold table (no checking, no registry, no
#      keys, no database), and prints the ratios.
# Usage: bench/health/run.sh [STUDENTS] [DISTRICTS]   (default 3500000 38)
# JUNHENG_BIN=path/to/junheng skips the release build. Installs pandas and DuckDB into
# bench/.venv when missing (bench/common.sh, through bench/venv.sh as every bench script does).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/common.sh
bench_city health "$@"
round="2024学年体质健康测试"

echo "== $students students over $districts districts (SQLite; $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo); load average $(cut -d' ' -f1-3 /proc/loadavg))"
started=$(now)
"$bin" students synth --districts "$districts" --students "$students" --out "$work/synth" \
  > "$work/districts.tsv" 2>/dev/null
mkdir "$work/keys"
"$bin" students keygen --dir "$work/keys" >/dev/null
while IFS=$'\t' read -r code name _ _; do
  "$bin" district add --code "$code" --name "$name" --database "$db" >/dev/null
  "$bin" import "$work/synth/$code/statistics.csv" --district "$code" --database "$db" >/dev/null
  "$bin" students import --year 2024 --keys "$work/keys" --district "$code" --database "$db" \
    "$work/synth/$code"/registry/*.csv >/dev/null
done < "$work/districts.tsv"
printf '   registry generated and imported (untimed): %.1f s; database %s MB\n' "$(since "$started")" \
  "$(( $(stat -c %s "$work/city.db") / 1048576 ))"
started=$(now)
"$bin" health synth --from "$work/synth" --out "$work/fitness" > "$work/fitness.tsv" 2>/dev/null
printf '   体质健康 files generated (untimed): %.1f s, %s MB of CSV\n' "$(since "$started")" \
  "$(du -sm "$work/fitness" | cut -f1)"
before_mb=$(( $(stat -c %s "$work/city.db") / 1048576 ))

started=$(now)
cpu_before=$(cpu)
imported=0
while IFS=$'\t' read -r code _ children; do
  "$bin" health import fitness --round "$round" --year 2024 --date 2024-10-15 \
    --keys "$work/keys" --district "$code" --database "$db" "$work/fitness/$code"/*.csv >/dev/null
  imported=$((imported + children))
done < "$work/fitness.tsv"
import_s=$(since "$started")
import_cpu=$(echo "$(cpu) - $cpu_before" | bc)
printf '   import %s students'"'"' results: %.1f s, CPU %.1f s (%.0f students/s; target ≤ 60 s for 3.5 M); database +%s MB\n' \
  "$imported" "$import_s" "$import_cpu" "$(echo "$imported / $import_s" | bc -l)" \
  "$(( $(stat -c %s "$work/city.db") / 1048576 - before_mb ))"

started=$(now)
while IFS=$'\t' read -r code _ _; do
  "$bin" health rates fitness --round "$round" --district "$code" --database "$db" >/dev/null
done < "$work/fitness.tsv"
rates_s=$(since "$started")
printf '   rates of every district (%s commands, each a process): %.2f s, %.0f ms per district\n' \
  "$districts" "$rates_s" "$(echo "$rates_s * 1000 / $districts" | bc -l)"

bench/.venv/bin/python bench/health/peer.py "$work/fitness" crates/junheng-core/fitness/run50m_seconds.csv |
  while read -r _ tool seconds rows scored groups; do
    printf '   peer %s: read %s rows, score 50 m run of %s by a join on the thresholds into %s schools: %.2f s — junheng import takes %.1f× as long\n' \
      "$tool" "$rows" "$scored" "$groups" "$seconds" "$(echo "$import_s / $seconds" | bc -l)"
  done
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(date -u +%Y-%m-%d)"
