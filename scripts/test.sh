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

stage "lint (ruff)" $BIN/ruff check src tests bench
stage "opmaak (ruff format)" $BIN/ruff format --check src tests bench
stage "types (mypy strict kader)" $BIN/mypy src/meldwijzer/kader
# The kader tests run without the Django plugin: the engine must not need Django.
stage "kader-tests" $BIN/pytest -q -p no:django -p no:cacheprovider -n 2 tests/kader
