#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the store tests and print its SQLAlchemy URL.
# Installs the server from Debian's packages when it is missing. Prints nothing (and exits 1)
# when PostgreSQL cannot be started, so that the caller can say so and go on.
# `postgres.sh stop DIR` stops the server started in DIR (the URL's host) and removes DIR.
set -euo pipefail

run() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}

if [ "${1:-}" = stop ]; then
  dir=${2:?usage: postgres.sh stop DIR}
  case $dir in /tmp/peakzero-pg.*) ;; *) echo "not a peakzero test server: $dir" >&2; exit 2 ;; esac
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  if [ -f "$dir/data/postmaster.pid" ]; then
    run "$bin/pg_ctl -D $dir/data -m fast -w stop" >/dev/null
  fi
  rm -rf "$dir"
  exit 0
fi

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1
  else
    exit 1
  fi
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
dir=$(mktemp -d /tmp/peakzero-pg.XXXXXX)
port=${PEAKZERO_CI_PG_PORT:-54329}
# A server that fails to start is stopped (it may be half up) and its folder removed.
trap 'run "$bin/pg_ctl -D $dir/data -m immediate stop" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
[ "$(id -u)" = 0 ] && chown postgres "$dir"
run "$bin/initdb -D $dir/data -A trust -U postgres" >/dev/null
run "$bin/pg_ctl -D $dir/data -o \"-p $port -k $dir -c listen_addresses=''\" -l $dir/log -w start" >/dev/null
trap - EXIT  # started: the caller stops it (postgres.sh stop DIR)
echo "postgresql+psycopg://postgres@/postgres?host=$dir&port=$port"
