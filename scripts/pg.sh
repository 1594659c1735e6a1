#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the store and server test suites.
#
#   eval "$(scripts/pg.sh start)"   # prints: export JUNHENG_TEST_POSTGRES=… JUNHENG_TEST_PG_DIR=…
#   cargo test …
#   scripts/pg.sh stop              # stops it and deletes its directory (reads JUNHENG_TEST_PG_DIR)
#
# The cluster lives in a fresh `mktemp -d` directory, listens on 127.0.0.1 only, on a free port,
# with trust authentication and fsync off: for tests, never for data. Debian's PostgreSQL is
# installed with apt-get if missing. initdb refuses to run as root, so as root the server runs
# as the `postgres` user (created by the package) through runuser.
set -euo pipefail

log() { echo "pg.sh: $*" >&2; }
die() { log "$*"; exit 1; }

pg_bin() { # the newest installed server's bin directory, or nothing
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; fi
}

as_owner() { # run a command as the cluster's owner
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install_postgres() {
  log "PostgreSQL not found under /usr/lib/postgresql: installing it with apt-get"
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "run as root or install the postgresql package"
    sudo=sudo
  fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >&2
}

port_is_free() { # nothing accepts connections on 127.0.0.1:$1
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  local bin dir port tries
  bin=$(pg_bin)
  if [ -z "$bin" ]; then
    install_postgres
    bin=$(pg_bin)
    [ -n "$bin" ] || die "the postgresql package installed no server under /usr/lib/postgresql"
  fi
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "user postgres missing (it comes with the postgresql package)"
  fi

  dir=$(mktemp -d "${TMPDIR:-/tmp}/junheng-pg.XXXXXX")
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; fi
  fail() { # leave nothing behind
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    die "$@"
  }

  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; fail "initdb failed"; }

  port=""
  for tries in 1 2 3 4 5 6 7 8 9 10; do
    local candidate=$((20000 + RANDOM % 40000))
    port_is_free "$candidate" || continue
    local options="-c listen_addresses=127.0.0.1 -p $candidate -k $dir -c fsync=off \
       -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
      "$options" >/dev/null; then
      port=$candidate
      echo "$options" >"$dir/options"
      break
    fi
    log "could not start on port $candidate (attempt $tries), retrying"
  done
  if [ -z "$port" ]; then
    tail -n 20 "$dir/server.log" >&2 || true
    fail "PostgreSQL did not start"
  fi
  as_owner "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -t 30 || fail "PostgreSQL is not ready"
  log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir"
  echo "export JUNHENG_TEST_POSTGRES=postgres://postgres@127.0.0.1:$port/postgres"
  echo "export JUNHENG_TEST_PG_DIR=$dir"
}

stop() {
  local dir=${JUNHENG_TEST_PG_DIR:-}
  [ -n "$dir" ] || die "JUNHENG_TEST_PG_DIR is not set (run: eval \"\$(scripts/pg.sh start)\")"
  # Never delete a directory this script did not make.
  case "$(basename "$dir")" in junheng-pg.*) ;; *) die "$dir is not a pg.sh cluster" ;; esac
  [ -d "$dir" ] || { log "$dir is already gone"; return 0; }
  local bin
  bin=$(pg_bin)
  if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || log "pg_ctl stop failed"
  fi
  rm -rf "$dir"
  log "stopped and removed $dir"
}

# pause / resume: stop the server of JUNHENG_TEST_PG_DIR (fast: connections are cut) and start
# it again on the same port, keeping its data — for the test of a database restart under load.
cluster_dir() {
  local dir=${JUNHENG_TEST_PG_DIR:-}
  [ -n "$dir" ] || die "JUNHENG_TEST_PG_DIR is not set"
  case "$(basename "$dir")" in junheng-pg.*) ;; *) die "$dir is not a pg.sh cluster" ;; esac
  [ -f "$dir/options" ] || die "$dir has no options file (started by an older pg.sh?)"
  echo "$dir"
}

pause() {
  local dir bin
  dir=$(cluster_dir)
  bin=$(pg_bin)
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || die "pg_ctl stop failed"
  log "paused $dir"
}

resume() {
  local dir bin
  dir=$(cluster_dir)
  bin=$(pg_bin)
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "$(cat "$dir/options")" >/dev/null || die "pg_ctl start failed"
  log "resumed $dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  pause) pause ;;
  resume) resume ;;
  *) die "usage: scripts/pg.sh start|stop|pause|resume" ;;
esac
