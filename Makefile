# Every target depends on .venv (created by `make setup`), so a newcomer never runs setup by hand.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

season ?= 2025
target ?= duckdb
levels ?=
games ?=
base_url ?=
port ?= 8765
seed ?= 7
latency_ms ?= 0
dir ?= ../shared/data/statsapi

export MILB_TARGET := $(target)

.PHONY: help setup load plan build demo test lint format fake-api replay docs clean check report cache-clear bench

help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP) ## Create .venv and install the pinned dependencies

load: $(STAMP) ## Load a season (plan, confirm, fetch): make load season=2025 [levels=AAA,AA] [games=PK1,PK2] [game_types=R,F,D,L,W] [base_url=URL] [target=duckdb|postgres] [yes=1]
	$(BIN)/milb-load --season $(season) --target $(target) \
		$(if $(levels),--levels $(levels)) $(if $(games),--games $(games)) $(if $(game_types),--game-types $(game_types)) \
		$(if $(base_url),--base-url $(base_url)) $(if $(players),--players $(players)) \
		$(if $(retry_missing),--retry-missing) $(if $(all_games),--all-games) $(if $(yes),--yes)

plan: $(STAMP) ## Dry run of a load: who needs backfill, games to fetch by level, time at the rate cap (same options)
	$(BIN)/milb-load --plan --season $(season) --target $(target) \
		$(if $(levels),--levels $(levels)) $(if $(games),--games $(games)) $(if $(game_types),--game-types $(game_types)) \
		$(if $(base_url),--base-url $(base_url)) $(if $(players),--players $(players)) \
		$(if $(retry_missing),--retry-missing) $(if $(all_games),--all-games)

build: $(STAMP) ## Run dbt build on the chosen target: make build [target=postgres]
	cd dbt_project && ../$(BIN)/dbt build --target $(target)
	$(if $(MILB_REDIS_URL),$(BIN)/python -m tools.cache)

fake-api: $(STAMP) ## Serve a generated season on 127.0.0.1: make fake-api port=8765 [games=N seed=S latency_ms=M]
	$(BIN)/fake-statsapi serve --port $(port) --seed $(seed) --season $(season) \
		--latency-ms $(latency_ms) $(if $(games),--games $(games))

replay: $(STAMP) ## Serve a directory of recorded responses: make replay dir=PATH port=N
	$(BIN)/fake-statsapi replay --dir $(dir) --port $(port)

demo: $(STAMP) ## Offline demo: generated season -> load -> dbt build -> docs, on DuckDB
	$(BIN)/python scripts/demo.py

bench: $(STAMP) ## Benchmark loader and dbt against the fake API, print a table: make bench [size=small|full]
	$(BIN)/python scripts/bench.py $(if $(size),--size $(size))

test: $(STAMP) lint ## Run the whole test suite (DuckDB and the local PostgreSQL)
	$(BIN)/pytest

lint: $(STAMP) ## ruff + sqlfluff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	cd dbt_project && ../$(BIN)/sqlfluff lint models macros tests --disable-progress-bar

format: $(STAMP) ## Apply ruff format and sqlfluff fix
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	cd dbt_project && ../$(BIN)/sqlfluff fix models macros tests --disable-progress-bar

docs: $(STAMP) ## Generate the dbt docs (site + single-file static_index.html) and serve them: make docs [port=8080]
	cd dbt_project && ../$(BIN)/dbt docs generate --static --target $(target) \
		&& echo "single-file docs: dbt_project/target/static_index.html" \
		&& ../$(BIN)/dbt docs serve --port $(if $(filter command line,$(origin port)),$(port),8080) --no-browser

clean: ## Remove the venv, the DuckDB warehouse and dbt's build output
	rm -rf $(VENV) milb.duckdb dbt_project/target dbt_project/logs

check: $(STAMP) ## Validate a player per season and level: make check player="Mateo Valdespino" (or an MLBAM id) [target=postgres]
	$(BIN)/python -m tools.check_player "$(player)" --target $(target)

report: $(STAMP) ## Write the coverage report, one self-contained HTML page: make report [out=var/report.html] [target=postgres]
	$(BIN)/python -m tools.report --out "$(or $(out),var/report.html)" --target $(target)

cache-clear: $(STAMP) ## Invalidate the app's rankings cache in Redis (MILB_REDIS_URL, MILB_REDIS_CACHE_PATTERN); make build does it too
	$(BIN)/python -m tools.cache
