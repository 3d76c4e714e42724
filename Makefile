# The two set-up commands (see README): `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO_DIR ?= build/demo

.PHONY: demo test lint typecheck unit bench docs ceads-data clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/peakzero demo --output $(DEMO_DIR)

test: $(VENV)/.installed-dev lint typecheck unit

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

unit: $(VENV)/.installed-dev
	$(BIN)/pytest -q

bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/bench_accounting.py
	$(BIN)/python benchmarks/bench_ceads_import.py
	$(BIN)/python benchmarks/bench_pathways.py

# Regenerates the reference pages generated from declarations (a test checks they are current).
docs: $(VENV)/.installed
	$(BIN)/python -m peakzero.programme.reference > docs/reference/programme-records.md

# Regenerates the packaged Beijing inventory from the CEADs workbooks in ../shared/data/ceads.
ceads-data: $(VENV)/.installed
	$(BIN)/peakzero inventory import-ceads ../shared/data/ceads/*.xlsx --region CN-BJ \
	  --drop-empty-series --output src/peakzero/data/ceads/beijing_1997_2019.csv

clean:
	rm -rf $(VENV) build .mypy_cache .ruff_cache .pytest_cache
