#!/usr/bin/env bash
# A city's student registry at scale (issue 13: "a city registry of 3.5 M students imports in
# ≤ 60 s on 2 cores and computes all rates for every district in ≤ 1 s; a district's watch list
# page < 100 ms"), on SQLite, end to end through the `junheng` binary:
#   1. generates N students over D districts (`junheng students synth`: each district's school
#      statistics, as `junheng demo generate` makes them, and one registry CSV per school, grade
#      sizes from the statistics) — untimed;
#   2. creates the districts and imports their statistics into a fresh database — untimed;
#   3. times `junheng students import` of every school's file (one command per district: read,
#      check every row, key and seal every child, write), and the database's size;
#   4. times `junheng students rates` for every district (one command each: the district's and
#      every school's rates), and a district's watch list (`students watch`, with a few dozen
#      open cases) — each a whole process: start, open the database, compute, print;
#   5. times a peer on the same CSVs in the same run: DuckDB and pandas reading every file and
#      counting children per school and grade (no checking, no keys, no database), and prints
#      the ratios.
# Usage: bench/students/run.sh [STUDENTS] [DISTRICTS]   (default 3500000 38)
# JUNHENG_BIN=path/to/junheng skips the release build. Installs pandas and DuckDB into
# bench/.venv when missing (bench/common.sh, through bench/venv.sh as every bench script does).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/common.sh
bench_city students "$@"

echo "== $students students over $districts districts (SQLite; $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo); load average $(cut -d' ' -f1-3 /proc/loadavg))"
started=$(now)
"$bin" students synth --districts "$districts" --students "$students" --out "$work/synth" \
  > "$work/districts.tsv" 2>/dev/null
printf '   generate (untimed for the targets): %.1f s, %s MB of CSV\n' "$(since "$started")" \
  "$(du -sm "$work/synth" | cut -f1)"
mkdir "$work/keys"
"$bin" students keygen --dir "$work/keys" >/dev/null
started=$(now)
while IFS=$'\t' read -r code name _ _; do
  "$bin" district add --code "$code" --name "$name" --database "$db" >/dev/null
  "$bin" import "$work/synth/$code/statistics.csv" --district "$code" --database "$db" >/dev/null
done < "$work/districts.tsv"
printf '   districts and statistics (untimed): %.1f s\n' "$(since "$started")"

started=$(now)
cpu_before=$(cpu)
imported=0
while IFS=$'\t' read -r code _ _ children; do
  "$bin" students import --year 2024 --keys "$work/keys" --district "$code" --database "$db" \
    "$work/synth/$code"/registry/*.csv >/dev/null
  imported=$((imported + children))
done < "$work/districts.tsv"
import_s=$(since "$started")
import_cpu=$(echo "$(cpu) - $cpu_before" | bc)
printf '   import %s students: %.1f s, CPU %.1f s (%.0f students/s; target ≤ 60 s for 3.5 M); database %s MB\n' \
  "$imported" "$import_s" "$import_cpu" "$(echo "$imported / $import_s" | bc -l)" \
  "$(( $(stat -c %s "$work/city.db") / 1048576 ))"

started=$(now)
while IFS=$'\t' read -r code _ _ _; do
  "$bin" students rates --year 2024 --district "$code" --database "$db" >/dev/null
done < "$work/districts.tsv"
rates_s=$(since "$started")
printf '   rates of every district (%s commands, each a process): %.2f s, %.0f ms per district (target ≤ 1 s for all)\n' \
  "$districts" "$rates_s" "$(echo "$rates_s * 1000 / $districts" | bc -l)"
started=$(now)
"$bin" rulebook >/dev/null 2>&1 || true
empty_ms=$(echo "$(since "$started") * 1000" | bc -l)
printf '   (a process that opens no database: %.0f ms)\n' "$empty_ms"

# A few dozen open cases in the first district, then its watch list.
first=$(head -1 "$work/districts.tsv" | cut -f1)
n=0
for f in "$work/synth/$first"/registry/*.csv; do
  for row in 2 3 4; do
    line=$(sed -n "${row}p" "$f")
    number=${line%%,*}
    grade=$(echo "$line" | cut -d, -f6)
    "$bin" students absence --student "$number" --school "$(basename "$f" .csv)" --grade "$grade" \
      --date 2025-03-03 --days 3 --keys "$work/keys" --district "$first" --database "$db" >/dev/null
    n=$((n + 1))
  done
  [ "$n" -ge 40 ] && break
done
"$bin" students refresh --today 2025-03-20 --district "$first" --database "$db" >/dev/null
started=$(now)
"$bin" students watch --today 2025-03-20 --district "$first" --database "$db" >/dev/null
printf '   watch list of a district (%s open cases, one process): %.0f ms (target < 100 ms for the page)\n' \
  "$n" "$(echo "$(since "$started") * 1000" | bc -l)"

bench/.venv/bin/python bench/students/peer.py "$work/synth" | while read -r _ tool seconds rows groups; do
  printf '   peer %s: read and count %s rows into %s school×grade groups: %.2f s — junheng import takes %.1f× as long\n' \
    "$tool" "$rows" "$groups" "$seconds" "$(echo "$import_s / $seconds" | bc -l)"
done
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(date -u +%Y-%m-%d)"
