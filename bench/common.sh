# Sourced by the city-scale bench scripts (bench/students/run.sh, bench/health/run.sh) from the
# repository root, under `set -euo pipefail`. `bench_city NAME [STUDENTS] [DISTRICTS]` readies a
# run and sets, for the script that called it:
#   students, districts  the script's arguments (default 3500000 students over 38 districts);
#   bin                  the junheng binary: $JUNHENG_BIN, or a release build (honours
#                        $CARGO_TARGET_DIR);
#   work, db             a fresh directory for the run, deleted on exit, and a SQLite database URL
#                        in it (city.db).
# It installs pandas and DuckDB, the peers' needs, into bench/.venv when missing (bench/venv.sh).
# The timers: `now` (seconds since the epoch), `since START` (seconds since START) and `cpu` (CPU
# seconds, user + system, of the calling shell's finished children: the machine may be shared).
bench_city() {
  local name="$1"
  students="${2:-3500000}"
  districts="${3:-38}"
  if [ -z "${JUNHENG_BIN:-}" ]; then
    cargo build --release --quiet -p junheng
    bin="${CARGO_TARGET_DIR:-$PWD/target}/release/junheng"
  else
    bin="$JUNHENG_BIN"
  fi
  . bench/venv.sh
  bench_venv pandas duckdb
  work=$(mktemp -d "${TMPDIR:-/tmp}/junheng-$name-XXXXXX")
  trap 'rm -rf "$work"' EXIT
  db="sqlite://$work/city.db"
  tick=$(getconf CLK_TCK)
}

now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }
cpu() { awk -v t="$tick" '{ printf "%.2f", ($16 + $17) / t }' "/proc/$$/stat"; }
