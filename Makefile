# The two set-up commands (see README): `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO_DIR ?= build/demo
# `make demo` serves the platform after the report until Ctrl-C; DEMO_SERVE=0 stops after it.
DEMO_SERVE ?= 1

.PHONY: demo test lint typecheck unit bench docs ceads-data clean vendor messages screenshots

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
	$(BIN)/peakzero demo --output $(DEMO_DIR) $(if $(filter 0,$(DEMO_SERVE)),--no-serve,--serve)

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
	$(BIN)/python benchmarks/bench_platform.py
	$(BIN)/python benchmarks/bench_explorer_analysis.py
	$(BIN)/python benchmarks/bench_monitoring_import.py
	$(BIN)/python benchmarks/bench_monitoring.py

# Regenerates the reference pages generated from declarations and from the API's OpenAPI schema
# (tests check they are current).
docs: $(VENV)/.installed
	$(BIN)/python -m peakzero.programme.reference > docs/reference/programme-records.md
	$(BIN)/python -m peakzero.api.reference

# Regenerates the user guide's screenshots (docs/platform/guide.md, README): the browser tests save
# each page they show into docs/images/platform instead of build/screenshots. The browser is
# PEAKZERO_CHROMIUM (default Debian's binary, as .ci/run chooses it).
SCREENSHOTS_DIR := docs/images/platform
CHROMIUM ?= $(firstword $(wildcard /usr/lib/chromium/chromium) $(shell command -v chromium))
screenshots: $(VENV)/.installed-dev
	PEAKZERO_SCREENSHOTS=$(SCREENSHOTS_DIR) PEAKZERO_REQUIRE_BROWSER=1 \
	PEAKZERO_CHROMIUM=$${PEAKZERO_CHROMIUM:-$(CHROMIUM)} $(BIN)/pytest -q tests/web

# Regenerates the packaged Beijing inventory from the CEADs workbooks in ../shared/data/ceads.
ceads-data: $(VENV)/.installed
	$(BIN)/peakzero inventory import-ceads ../shared/data/ceads/*.xlsx --region CN-BJ \
	  --drop-empty-series --output src/peakzero/data/ceads/beijing_1997_2019.csv

clean:
	rm -rf $(VENV) build .mypy_cache .ruff_cache .pytest_cache

# Re-fetches the vendored front-end files from the npm registry and checks them against the
# committed SHA256SUMS before copying them into place (CI has no npm step: the files are committed).
ECHARTS_VERSION := 6.1.0
HTMX_VERSION := 2.0.11
VENDOR := src/peakzero/web/static/vendor
vendor:
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	(cd "$$tmp" && npm pack --silent echarts@$(ECHARTS_VERSION) htmx.org@$(HTMX_VERSION) >/dev/null && \
	 mkdir -p e h out/echarts out/htmx && tar xzf echarts-$(ECHARTS_VERSION).tgz -C e && \
	 tar xzf htmx.org-$(HTMX_VERSION).tgz -C h && \
	 cp e/package/dist/echarts.min.js e/package/LICENSE e/package/NOTICE \
	    e/package/licenses/LICENSE-d3 out/echarts/ && \
	 cp h/package/dist/htmx.min.js h/package/LICENSE out/htmx/) && \
	(cd "$$tmp/out" && sha256sum --check --strict --quiet "$(CURDIR)/$(VENDOR)/SHA256SUMS") && \
	cp -r "$$tmp/out/echarts" "$$tmp/out/htmx" $(VENDOR)/

# The platform's catalogue: extract the messages, merge them into zh_CN and en, compile the .mo
# files (committed; a test checks they are current and that every message has both languages).
LOCALE_DIR := src/peakzero/web/locale
messages: $(VENV)/.installed-dev
	$(BIN)/pybabel extract -F babel.cfg --no-location --omit-header -o $(LOCALE_DIR)/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i $(LOCALE_DIR)/messages.pot -d $(LOCALE_DIR)
	$(BIN)/pybabel compile --statistics -d $(LOCALE_DIR)
