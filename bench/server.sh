#!/usr/bin/env bash
# Load test of the web server on loopback: a 500-school district, the dashboard (session cookie)
# and the evaluation API (bearer token), with wrk on 2 connections per core for a fixed time.
# Also times `junheng import` of a 10 000-school file. Prints requests/s and latency percentiles.
# Usage: bench/server.sh [SECONDS]   (default 10; installs wrk with apt-get if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release --quiet -p junheng
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/junheng"
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
db="sqlite://$work/bench.db"

"$bin" demo generate --schools 500 --seed 2024 -o "$work/district.csv" 2>/dev/null
"$bin" import "$work/district.csv" --database "$db" >/dev/null
echo 'bench-password-1' | "$bin" user add --name bench --role supervisor --password-stdin --database "$db" >/dev/null
token=$("$bin" token create --user bench --database "$db" 2>/dev/null)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
JUNHENG_LOG=warn "$bin" serve --database "$db" --bind "127.0.0.1:$port" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/login" >/dev/null && break; sleep 0.1; done

# A session: fetch the login form (CSRF cookie + token), post it, keep the session cookie.
jar="$work/cookies"
csrf=$(curl -s -c "$jar" "http://127.0.0.1:$port/login" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | grep -o '[0-9a-f]\{64\}')
curl -s -b "$jar" -c "$jar" -o /dev/null -d "name=bench&password=bench-password-1&csrf=$csrf&next=/dashboard" "http://127.0.0.1:$port/login"
session=$(awk '$6 == "junheng_session" {print $7}' "$jar")
[ -n "$session" ] || { echo "login failed" >&2; exit 1; }

run() { # name url header
  echo "== $1"
  wrk -t2 -c8 -d"${seconds}s" --latency -H "$3" "http://127.0.0.1:$port$2" \
    | grep -E "Requests/sec|Latency  |50%|90%|99%|Non-2xx|Socket errors"
}
run "dashboard (500 schools, logged in)" "/dashboard" "Cookie: junheng_session=$session"
run "GET /api/v1/evaluation (500 schools, bearer token)" "/api/v1/evaluation" "Authorization: Bearer $token"

echo "== import of a 10 000-school file into a fresh SQLite database"
"$bin" demo generate --schools 10000 --seed 7 -o "$work/big.csv" 2>/dev/null
start=$(date +%s.%N)
"$bin" import "$work/big.csv" --database "sqlite://$work/import.db" >/dev/null
end=$(date +%s.%N)
python3 -c "print(f'import 10 000 schools (read, validate, store, audit): {($end - $start) * 1000:.0f} ms')"

# A new version of a large year imported while pages are under load: every request keeps being
# answered from the version already evaluated while the new one is evaluated once, in the
# background (before: each concurrent request evaluated the new version itself).
echo "== dashboard under load while a 50 000-school version of the year is imported"
"$bin" demo generate --schools 50000 --seed 11 -o "$work/huge.csv" 2>/dev/null
wrk -t2 -c8 -d"$((seconds * 3))s" --latency -H "Cookie: junheng_session=$session" \
  "http://127.0.0.1:$port/dashboard" > "$work/under-import.txt" &
loadgen=$!
sleep "$seconds"
start=$(date +%s.%N)
"$bin" import "$work/huge.csv" --database "$db" >/dev/null
end=$(date +%s.%N)
wait $loadgen
python3 -c "print(f'import of 50 000 schools during the load: {($end - $start):.1f} s')"
grep -E "Requests/sec|Latency  |50%|90%|99%|Non-2xx|Socket errors" "$work/under-import.txt"
curl -s -o /dev/null -w "dashboard after the load (new version): %{http_code} in %{time_total}s\n" \
  -H "Cookie: junheng_session=$session" "http://127.0.0.1:$port/dashboard"
