#!/usr/bin/env bash
# A whole city on one deployment, on SQLite and on PostgreSQL: 41 districts × 200 schools × 3
# school years with rosters and ledgers (`junheng demo --city --build-only`), then
#   - the city comparison page (市级 user) and a district dashboard (its administrator) under
#     16 concurrent clients with wrk (latency percentiles; the first, cold, city page timed apart),
#   - importing one district's school year (200 schools) into the loaded database,
#   - report-up of one district's year out of it and receive into another database (数据上报),
#   - the server's resident memory with the whole city loaded (after the load).
# Usage: bench/city.sh [DISTRICTS] [SCHOOLS] [SECONDS]   (default 41 200 10)
# Installs wrk and PostgreSQL with apt-get if missing (PostgreSQL through scripts/pg.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
districts="${1:-41}"
schools="${2:-200}"
seconds="${3:-10}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release --quiet -p junheng
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/junheng"
work=$(mktemp -d)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  [ -n "${JUNHENG_TEST_PG_DIR:-}" ] && scripts/pg.sh stop 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

login() { # port name password -> session cookie value
  local jar="$work/jar-$2" csrf
  csrf=$(curl -s -c "$jar" "http://127.0.0.1:$1/login" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | grep -o '[0-9a-f]\{64\}')
  curl -s -b "$jar" -c "$jar" -o /dev/null -d "name=$2&password=$3&csrf=$csrf&next=/dashboard" "http://127.0.0.1:$1/login"
  awk '$6 == "junheng_session" {print $7}' "$jar"
}

load() { # label port path cookie
  echo "   $1"
  wrk -t2 -c16 -d"${seconds}s" --latency -H "Cookie: $4" "http://127.0.0.1:$2$3" \
    | grep -E "Requests/sec|^ +(50|90|99)%|Non-2xx|Socket errors" | sed 's/^/     /'
}

bench() { # backend url receiver-url
  local backend=$1 url=$2 out port city_pw admin_pw started
  echo "== $backend: $districts districts × $schools schools × 3 years"
  started=$(date +%s.%N)
  out=$("$bin" demo --city --build-only --districts "$districts" --city-schools "$schools" \
    --database "$url" --db-file "$work/unused.db")
  printf '   build (statistics, rosters, ledgers, phases): %.1f s\n' "$(echo "$(date +%s.%N) - $started" | bc)"
  city_pw=$(echo "$out" | sed -n 's/^市级账号：shiji　密码：\(.*\)$/\1/p')
  admin_pw=$(echo "$out" | sed -n 's/^区县管理员（.*）：admin　密码：\(.*\)$/\1/p')
  "$bin" demo generate --schools "$schools" --seed 99 --year 2025 -o "$work/year.csv" 2>/dev/null
  started=$(date +%s.%N)
  "$bin" import "$work/year.csv" --district 509901 --database "$url" >/dev/null
  printf '   import one district'"'"'s year (%s schools): %.2f s\n' "$schools" "$(echo "$(date +%s.%N) - $started" | bc)"
  echo "   $(echo "$out" | grep '^合计')"

  # 数据上报: the first district's latest year out of the loaded city (statistics, roster and
  # ledger counted, evaluation; signed), into a second database that holds the district and its key.
  local receiver="$3"
  rm -f "$work/k.key" "$work/k.pub" "$work/p.jhpkg"
  "$bin" keys init --district 509901 -o "$work/k.key" --public-out "$work/k.pub" >/dev/null 2>&1
  "$bin" district add --code 509901 --name 渝州区 --database "$receiver" >/dev/null
  "$bin" district key add 509901 --key "$work/k.pub" --database "$receiver" >/dev/null
  started=$(date +%s.%N)
  "$bin" report-up --year 2024 --district 509901 --key "$work/k.key" -o "$work/p.jhpkg" --database "$url" >/dev/null 2>&1
  local made
  made=$(date +%s.%N)
  "$bin" receive "$work/p.jhpkg" --database "$receiver" >/dev/null
  printf '   report-up %.2f s + receive %.2f s (package %s KB, %s schools)\n' \
    "$(echo "$made - $started" | bc)" "$(echo "$(date +%s.%N) - $made" | bc)" \
    "$(( $(stat -c %s "$work/p.jhpkg") / 1024 ))" "$schools"

  port=$(free_port)
  JUNHENG_LOG=warn "$bin" serve --database "$url" --bind "127.0.0.1:$port" >/dev/null 2>&1 &
  server=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/login" >/dev/null && break; sleep 0.1; done
  local city admin
  city=$(login "$port" shiji "$city_pw")
  admin=$(login "$port" admin "$admin_pw")
  [ -n "$city" ] && [ -n "$admin" ] || { echo "login failed" >&2; exit 1; }
  started=$(date +%s.%N)
  curl -sf -o /dev/null -H "Cookie: junheng_session=$city" "http://127.0.0.1:$port/city"
  printf '   first (cold) city page: %.2f s\n' "$(echo "$(date +%s.%N) - $started" | bc)"
  load "city comparison page (市级, $districts districts)" "$port" "/city" "junheng_session=$city"
  load "district dashboard (its administrator)" "$port" "/dashboard" "junheng_session=$admin"
  echo "   server memory (VmRSS): $(awk '/VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$server/status")"
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
}

bench sqlite "sqlite://$work/city.db" "sqlite://$work/receiver.db"

eval "$(scripts/pg.sh start)"
pg_db="${JUNHENG_TEST_POSTGRES%/*}/junheng_city_bench"
psql -q "$JUNHENG_TEST_POSTGRES" -c "CREATE DATABASE junheng_city_bench" >/dev/null
psql -q "$JUNHENG_TEST_POSTGRES" -c "CREATE DATABASE junheng_city_receiver" >/dev/null
bench postgres "$pg_db" "${JUNHENG_TEST_POSTGRES%/*}/junheng_city_receiver"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(date -u +%Y-%m-%d)"
