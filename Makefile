# Meldwijzer — one entry point for people and CI.
# Every target creates the virtualenv and installs what it needs when missing.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)

.PHONY: run test lint typecheck kader-test bench clean

$(BIN)/uv:
	@# Debian ships venv separately; install it when the first try fails (we run as root there).
	$(PY) -m venv $(VENV) || { rm -rf $(VENV); apt-get update -qq && \
		apt-get install -y -qq python3-venv && $(PY) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv

$(STAMP): pyproject.toml | $(BIN)/uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[web,dev]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/meldwijzer afwegen

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy src/meldwijzer/kader

kader-test: $(STAMP)
	$(BIN)/pytest -q -n 2 tests/kader

test: $(STAMP)
	bash scripts/test.sh

bench: $(STAMP)
	$(BIN)/python bench/kader_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
