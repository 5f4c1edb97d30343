#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for one test: initdb and pg_ctl in a fresh
# temporary directory, listening only on a Unix socket in that directory (no
# TCP port), stopped and removed when the script that started it exits, on
# failure too (trap). As root (CI) the cluster runs as the `postgres` system
# user the Debian package creates (initdb refuses root), and the directory is
# owned by it. Missing PostgreSQL binaries are installed like every other
# Debian package (scripts/deps.sh).
#
#   source tests/pg_cluster.sh; pg_start [postgres -c options...]
#       sets PG_DIR and PG_BASE (a libpq conninfo without dbname)
#   pg_newdb NAME   creates database NAME, prints its conninfo ("pg:..." for prodhost)
#   bash tests/pg_cluster.sh run CMD ARGS...
#       starts a cluster, creates database "t", runs CMD with PRODHOST_PG set to
#       its conninfo, and stops the cluster; exits with CMD's status.
# Tests use fsync=off unless told otherwise (they kill prodhost, never the
# database, so the database's own durability is not what they test).

pg_bin() {
  local dir=""
  command -v pg_config >/dev/null 2>&1 && dir="$(pg_config --bindir)"
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  fi
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    bash "$(dirname "${BASH_SOURCE[0]}")/../scripts/deps.sh" postgresql >&2
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  fi
  [ -x "$dir/initdb" ] || { echo "pg_cluster: no initdb found" >&2; return 1; }
  echo "$dir"
}

as_pg() { # run a command as the cluster's owner
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  as_pg "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=""
}

pg_start() {
  PG_BINDIR="$(pg_bin)" || return 1
  PG_DIR="$(mktemp -d /tmp/prodhost-pg.XXXXXX)"
  trap pg_stop EXIT
  [ "$(id -u)" -ne 0 ] || chown postgres: "$PG_DIR"
  as_pg "$PG_BINDIR/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 --no-sync \
    >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  local opts="-k $PG_DIR -c listen_addresses='' -c max_connections=30 -c fsync=off"
  [ $# -eq 0 ] || opts="-k $PG_DIR -c listen_addresses='' -c max_connections=30 $*"
  as_pg "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -o "$opts" start \
    >/dev/null || { cat "$PG_DIR/server.log" >&2; return 1; }
  PG_BASE="host=$PG_DIR user=postgres"
}

pg_newdb() {
  "$PG_BINDIR/psql" -X -q -h "$PG_DIR" -U postgres -d postgres -c "CREATE DATABASE \"$1\"" \
    >/dev/null || return 1
  echo "pg:$PG_BASE dbname=$1"
}

if [ "${BASH_SOURCE[0]}" = "$0" ] && [ "${1:-}" = run ]; then
  set -euo pipefail
  shift
  pg_start
  PRODHOST_PG="$(pg_newdb t)"
  export PRODHOST_PG
  status=0
  "$@" || status=$?
  exit "$status"
fi
