# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8501
CHROMIUM := /usr/bin/chromium

.PHONY: run test lint typecheck pytest bench bench-all curate chromium clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.runtime: $(BIN)/python requirements.txt pyproject.toml
	$(BIN)/pip install -q -r requirements.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

## run: serve the dashboard on the offline snapshot at http://127.0.0.1:8501
run: $(VENV)/.runtime
	@echo "gia-stats dashboard: http://$(HOST):$(PORT)"
	$(BIN)/streamlit run app.py --server.address $(HOST) --server.port $(PORT) --server.headless true

## chromium: Debian's Chromium for the browser tests and chart images (no browser downloads)
chromium:
	@test -x $(CHROMIUM) || { command -v apt-get >/dev/null && \
		(apt-get update -qq || true) && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; }

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev
	$(BIN)/mypy

pytest: $(VENV)/.dev chromium
	$(BIN)/pytest -n 2 --timeout 300

## test: ruff, mypy (strict on src/) and pytest, browser tests included
test: lint typecheck pytest

## bench: load (cache vs raw), rerun per page, growth, cold start (prints tables)
bench: $(VENV)/.dev chromium
	$(BIN)/python bench/load.py
	$(BIN)/python bench/rerun.py
	$(BIN)/python bench/growth.py
	$(BIN)/python bench/startup.py

## bench-all: also the 20-session load test and the 20-chart export pack (several minutes)
bench-all: bench
	$(BIN)/python bench/load_test.py
	$(BIN)/python bench/export.py

curate: $(VENV)/.runtime
	$(BIN)/gia-stats curate

clean:
	rm -rf $(VENV) datasets/cache .mypy_cache .ruff_cache .pytest_cache
