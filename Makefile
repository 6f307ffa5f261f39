# Meldwijzer — one entry point for people and CI.
# Every target creates the virtualenv and installs what it needs when missing.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml uv.lock | sha1sum | cut -c1-12)
# uv itself, pinned: it reads and writes uv.lock.
UV_VERSION := 0.13.9

.PHONY: install lock run test lint typecheck kader-test bench bench-web clean django-test e2e chromium axe pg-run pg-test pg-stop pdf-deps multinode-deps multinode-test

$(BIN)/uv:
	@# Debian ships venv separately; install it when the first try fails (we run as root there).
	$(PY) -m venv $(VENV) || { rm -rf $(VENV); apt-get update -qq && \
		apt-get install -y -qq python3-venv && $(PY) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Exactly the versions in uv.lock, the ones CI tested (hashes checked); --locked refuses a lock
# that no longer matches pyproject.toml's dependencies, --inexact leaves uv and pip in the venv.
$(STAMP): pyproject.toml uv.lock | $(BIN)/uv
	$(BIN)/uv sync --quiet --locked --inexact --extra web --extra dev
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

# After changing dependencies in pyproject.toml: `make lock` (keeps every other pin);
# `make lock UPGRADE=1` moves every package to its newest allowed version.
lock: | $(BIN)/uv
	$(BIN)/uv lock $(if $(UPGRADE),--upgrade)

PORT ?= 8000
# pyproject.toml names the settings module: a bare `pytest` runs the whole suite.
DJANGO_TEST := $(BIN)/pytest -p no:cacheprovider

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py laadkaders
	$(BIN)/python manage.py demo
	$(BIN)/meldwijzer rapportage bijwerken  # termijnen and counts of casussen recorded before
	@echo "Meldwijzer draait op http://127.0.0.1:$(PORT)/ (stoppen met Ctrl+C)"
	$(BIN)/python manage.py runserver --noreload 127.0.0.1:$(PORT)

django-test: $(STAMP) pdf-deps
	$(DJANGO_TEST) -q -n 2 src/meldwijzer

# Debian's Chromium for the browser walks (never a browser downloaded by Playwright itself).
chromium:
	@test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium)

# WeasyPrint's Pango and fonts, and pdftotext for the PDF tests: Debian packages, installed only
# when missing (MACHINE-NOTES).
PDF_DEBS := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-liberation poppler-utils
pdf-deps:
	@ontbreekt=$$(for p in $(PDF_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$ontbreekt" ]; then apt-get update -qq && apt-get install -y -qq $$ontbreekt; fi

# axe-core from the npm registry, pinned by web-tools/package-lock.json.
axe: web-tools/node_modules/axe-core/axe.min.js

web-tools/node_modules/axe-core/axe.min.js: web-tools/package.json web-tools/package-lock.json
	@command -v npm >/dev/null || (apt-get update -qq && apt-get install -y -qq npm)
	cd web-tools && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

e2e: $(STAMP) chromium axe pdf-deps
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(DJANGO_TEST) -q -n 2 tests/e2e

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy src

kader-test: $(STAMP)
	$(BIN)/pytest -q -n 2 -p no:django -W ignore::pytest.PytestConfigWarning tests --ignore=tests/e2e \
		--ignore=tests/meerdere_nodes

test: $(STAMP)
	bash scripts/test.sh

# PostgreSQL locally: `make pg-run` serves the app on a throwaway cluster, `make pg-test` runs the
# Django suites against one (both start it with scripts/pg.sh; `make pg-stop` stops it).
pg-run: $(STAMP)
	DATABASE_URL=$$(bash scripts/pg.sh start) $(MAKE) --no-print-directory run

pg-test: $(STAMP) chromium axe pdf-deps
	export DATABASE_URL=$$(bash scripts/pg.sh start) && $(DJANGO_TEST) -q -n 2 src/meldwijzer && \
		DJANGO_ALLOW_ASYNC_UNSAFE=true $(DJANGO_TEST) -q -n 2 tests/e2e

pg-stop:
	bash scripts/pg.sh stop

# Two app nodes behind nginx with PostgreSQL and Redis (tests/meerdere_nodes, docs/deploy.md):
# Debian's redis-server and nginx, installed only when missing; the test starts and stops its
# own instances on loopback, never the system services. `make multinode-test` runs it alone, on
# a throwaway PostgreSQL cluster of its own.
multinode-deps:
	@ontbreekt=$$(test -x /usr/bin/redis-server || echo redis-server; test -x /usr/sbin/nginx || echo nginx); \
	if [ -n "$$ontbreekt" ]; then apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$ontbreekt; fi

multinode-test: $(STAMP) multinode-deps
	@map=$$(mktemp -d /tmp/meldwijzer-pg.XXXXXX); chmod 755 $$map; \
	export PGPORT=$$($(BIN)/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'); \
	export DATABASE_URL=$$(bash scripts/pg.sh start $$map) MELDWIJZER_MEERDERE_NODES=verplicht; \
	$(BIN)/pytest -p no:django -p no:cacheprovider -q -W ignore::pytest.PytestConfigWarning \
		tests/meerdere_nodes; rc=$$?; \
	bash scripts/pg.sh stop $$map; rm -rf $$map; exit $$rc

bench: $(STAMP)
	$(BIN)/python bench/kader_bench.py

# The web app as in production on generated data (docs/performance.md); wrk from Debian. The
# working folder with the (large) database is deleted afterwards.
CASUSSEN ?= 10000
ORGANISATIES ?= 10
DB ?= sqlite
bench-web: $(STAMP)
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python bench/web_bench.py --casussen $(CASUSSEN) --organisaties $(ORGANISATIES) \
		--db $(DB) --opruimen

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
