#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests and local runs.
#   scripts/pg.sh start [DIR]   initialise (once) and start on port ${PGPORT:-5433}; prints DATABASE_URL
#   scripts/pg.sh stop [DIR]    stop it
#   scripts/pg.sh url [DIR]     print the DATABASE_URL
# Installs PostgreSQL from Debian's packages when it is missing (run as root, as CI does).
set -euo pipefail
cmd="${1:-start}"
DIR="$(realpath -m "${2:-${PGDATA_DIR:-var/pg}}")"
PORT="${PGPORT:-5433}"
PGBIN="/usr/lib/postgresql/15/bin"

ensure_installed() {
  if [ ! -x "$PGBIN/initdb" ]; then
    echo "PostgreSQL 15 ontbreekt; installeren uit Debian…" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >&2
  fi
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

url() { echo "postgres://postgres@127.0.0.1:${PORT}/meldwijzer"; }

case "$cmd" in
  start)
    ensure_installed
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$DIR"
    if [ ! -f "$DIR/PG_VERSION" ]; then
      as_pg "$PGBIN/initdb -D '$DIR' -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
    fi
    if ! as_pg "$PGBIN/pg_ctl -D '$DIR' status" >/dev/null 2>&1; then
      as_pg "$PGBIN/pg_ctl -D '$DIR' -o \"-p $PORT -k '$DIR' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200\" -l '$DIR/server.log' -w start" >/dev/null
    fi
    as_pg "$PGBIN/../bin/psql -h 127.0.0.1 -p $PORT -U postgres -tc \"SELECT 1 FROM pg_database WHERE datname='meldwijzer'\"" | grep -q 1 \
      || as_pg "/usr/bin/createdb -h 127.0.0.1 -p $PORT -U postgres meldwijzer"
    url
    ;;
  stop)
    if [ -f "$DIR/PG_VERSION" ]; then
      as_pg "$PGBIN/pg_ctl -D '$DIR' -m fast stop" >/dev/null 2>&1 || true
    fi
    ;;
  url) url ;;
  *) echo "gebruik: $0 start|stop|url [MAP]" >&2; exit 2 ;;
esac
