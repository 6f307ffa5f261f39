#!/usr/bin/env bash
# The whole test suite, fast checks first, each stage timed. Called by `make test` and by CI.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
export CI="${CI:-}"
TOTAL_START=$(date +%s)
declare -a STAGES=()

stage() {
  local name="$1"; shift
  local start end
  start=$(date +%s)
  echo
  echo "==> [$name] $*"
  "$@"
  end=$(date +%s)
  STAGES+=("$(printf '%-28s %5ss' "$name" "$((end - start))")")
  echo "<== [$name] klaar in $((end - start))s"
}

summary() {
  local rc=$?
  echo
  echo "Duur per stap:"
  for s in "${STAGES[@]}"; do echo "  $s"; done
  echo "  $(printf '%-28s %5ss' totaal "$(( $(date +%s) - TOTAL_START ))")"
  [ $rc -eq 0 ] || echo "MISLUKT (exitcode $rc)"
}
trap summary EXIT

# pyproject.toml names the settings (meldwijzer.conf.test) and the test paths: a bare `pytest` runs
# all of it; the stages below run its parts one by one, each timed.
PYTEST=($BIN/pytest -p no:cacheprovider -q -n 2)

run_django_suites() {  # $1: label for the database
  stage "django-tests ($1)" "${PYTEST[@]}" src/meldwijzer
  stage "browserwandelingen ($1)" env DJANGO_ALLOW_ASYNC_UNSAFE=true "${PYTEST[@]}" tests/e2e
}

# uv.lock still matches pyproject.toml's dependencies (`make lock` refreshes it).
stage "lock actueel (uv)" $BIN/uv lock --check --quiet
stage "lint (ruff)" $BIN/ruff check src tests bench
stage "opmaak (ruff format)" $BIN/ruff format --check src tests bench
# The layers (docs/adr/0015): kader without Django, web and api apart, no domain app on a face.
stage "lagen (import-linter)" $BIN/lint-imports
stage "typen (mypy over src, kader strikt)" $BIN/mypy src
# The kader tests run here without the Django plugin (a bare `pytest` runs them under it too): the
# engine must not need Django. Without the plugin pyproject's DJANGO_SETTINGS_MODULE is an unknown
# option, hence the filter on that one warning.
# The same stage runs the project-file checks beside it (tests/test_*.py: publiccode.yml and the like).
stage "kader- en projecttests" "${PYTEST[@]}" -p no:django -W ignore::pytest.PytestConfigWarning \
  tests --ignore=tests/e2e --ignore=tests/meerdere_nodes
stage "django check" $BIN/python manage.py check --fail-level WARNING
stage "migraties compleet" $BIN/python manage.py makemigrations --check --dry-run
stage "chromium, pdf, axe-core, redis, nginx" make --no-print-directory chromium pdf-deps axe \
  multinode-deps

unset DATABASE_URL
run_django_suites sqlite

# PostgreSQL 15: a throwaway cluster of our own, stopped again whatever happens.
PGDIR="$(mktemp -d /tmp/meldwijzer-pg.XXXXXX)"
chmod 755 "$PGDIR"
stop_pg() { bash scripts/pg.sh stop "$PGDIR" >/dev/null 2>&1 || true; rm -rf "$PGDIR"; }
trap 'stop_pg; summary' EXIT
# A free port, so a cluster someone already runs on this machine is never in the way.
PGPORT="$($BIN/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export PGPORT
stage "postgresql starten" bash scripts/pg.sh start "$PGDIR"
DATABASE_URL="$(bash scripts/pg.sh url "$PGDIR")"
export DATABASE_URL
run_django_suites postgresql
# Two app nodes behind nginx, with Redis, on this cluster (tests/meerdere_nodes; its own database
# in it). Without the Django plugin: it starts the servers itself and talks to them over HTTP.
stage "twee nodes (postgresql)" env MELDWIJZER_MEERDERE_NODES=verplicht $BIN/pytest -p no:django \
  -p no:cacheprovider -q -W ignore::pytest.PytestConfigWarning tests/meerdere_nodes
