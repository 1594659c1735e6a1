#!/usr/bin/env bash
# Times `junheng evaluate` end to end on a national-scale file (200 000 schools) beside the same
# computation in pandas and in DuckDB, in the same run, and prints the ratios.
# Usage: bench/compare.sh [SCHOOLS]   (default 200000)
set -euo pipefail
cd "$(dirname "$0")/.."
schools="${1:-200000}"
mkdir -p bench/out
. bench/venv.sh
bench_venv pandas duckdb
cargo build --release --quiet -p junheng
bin="${CARGO_TARGET_DIR:-target}/release/junheng"
file="bench/out/national-${schools}.csv"
[ -f "$file" ] || "$bin" demo generate --schools "$schools" --seed 2024 -o "$file"
bench/.venv/bin/python bench/compare.py "$bin" "$file"
