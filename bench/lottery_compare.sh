#!/usr/bin/env bash
# The same deferred-acceptance instance in junheng-lottery and in the Python `matching` library
# (student-optimal stable matching), timed in the same run; the ratio is printed and the two
# matchings are compared. Usage: bench/lottery_compare.sh [APPLICANTS] [SCHOOLS]
set -euo pipefail
cd "$(dirname "$0")"
applicants=${1:-10000}
schools=${2:-50}
. ./venv.sh
bench_venv matching==1.4.3
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-../target}
cargo build --release --quiet --manifest-path lottery_da/Cargo.toml
out=out/lottery
mkdir -p "$out"
rust_seconds=$("$CARGO_TARGET_DIR/release/lottery-da-bench" "$applicants" "$schools" "$out")
.venv/bin/python lottery_compare.py "$out" "$rust_seconds"
