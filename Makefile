# Every target depends on .venv (created by `make setup`), so a newcomer never runs setup by hand.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The spark target's packages (pyspark is ~490 MB): installed by `make test` and by any target=spark step.
SPARK_STAMP := $(VENV)/.installed-spark

# Options (`make help` lists the lines starting with `#:`).
#: season=2025         load, plan, daily: a season, a range (2021-2025) or a list (2023,2025); fake-api: one season
#: target=duckdb       load, plan, daily, build, docs, check, report: duckdb or postgres; load, plan, build: spark (a lake + local Spark)
#: levels=AAA,AA       load, plan, daily: levels to load (default: every MiLB level)
#: game_types=R,F     load, plan, daily: schedule game types (R regular season, default; F, D, L, W postseason rounds)
#: games=PK1,PK2       load, plan, daily: exactly these game_pks; fake-api: games=N, the size of the season
#: base_url=URL        load, plan, daily: the Stats API root (default https://statsapi.mlb.com)
#: players=path.csv    load, plan, daily, fake-api: tracked players (default tracked_players.csv)
#: players_sql="…"    load, plan, daily: tracked players from a query on the target database (player_id, full_name, position, organization)
#: games_sql="…"      load, plan, daily: known games from a query on the target database (game_pk [, season])
#: skip_unresolved=1   load, plan, daily: go on when names of a names-only players file cannot be resolved
#: all_games=1         load, plan, daily: the whole schedule's played games too
#: retry_missing=1     load, plan, daily: fetch again games the ledger holds as missing
#: yes=1               load: no question (required without a terminal)
#: verbose=1           load, plan, daily: on failure, the chain of errors behind the one error line
#: port=8765           fake-api, replay: the port; docs: the port (default 8080)
#: seed=7 latency_ms=0 fake-api: the generated season's seed, added latency per response
#: dir=PATH            replay: a directory of recorded responses
#: player="Name"       check: a tracked player's name or MLBAM id
#: out=var/report.html report: the file to write
#: size=small          bench: small (default, ~5 min) or full (~30 min on a quiet machine)
#: skip=7,8            bench: leave out items that stand alone (1 paced load, 7 the old way, 8 seasons in turn)
#: spark=1             bench: Spark's dbt build of a small season over DuckDB's too (spark=only: that alone)
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
# What a step needs installed: the spark extra too on target=spark.
NEEDS := $(STAMP) $(if $(filter spark,$(target)),$(SPARK_STAMP))

# Queries hold quotes and spaces: the shell reads them from the environment (make exports command-line
# variables to recipes), never from text make pasted into the command line.
BACKFILL_OPTIONS = $(if $(players_sql),--players-sql "$$players_sql") $(if $(games_sql),--games-sql "$$games_sql") \
	$(if $(skip_unresolved),--skip-unresolved)

.PHONY: help setup setup-spark load plan build daily demo test lint format fake-api replay docs clean check report cache-clear bench

help: ## Show this help: targets, then options
	@if [ -t 1 ]; then on=$$'\033[36m'; off=$$'\033[0m'; else on=; off=; fi; \
	echo "targets:"; \
	grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) \
		| awk -v on="$$on" -v off="$$off" 'BEGIN {FS = ":.*?## "}; {printf "  %s%-12s%s %s\n", on, $$1, off, $$2}'; \
	echo "options (make TARGET name=value):"; \
	grep -hE '^#: ' $(MAKEFILE_LIST) | sed 's/^#: /  /'; \
	echo "make exits 2 on any failure; for the loader's own exit codes run .venv/bin/milb-load (see README)"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(SPARK_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,spark]'
	touch $(SPARK_STAMP)

setup: $(STAMP) ## Create .venv and install the pinned dependencies (the spark extra: make setup-spark)

setup-spark: $(SPARK_STAMP) ## Install the spark target's packages too (pyspark, dbt-spark, dlt filesystem; needs Java 17)

# `--opt=value` keeps an empty or dash-led value (season=, games=-5) attached to its option.
LOAD_ARGS = --season="$(season)" --target="$(target)" \
	$(if $(levels),--levels="$(levels)") $(if $(games),--games="$(games)") $(if $(game_types),--game-types="$(game_types)") \
	$(if $(base_url),--base-url="$(base_url)") $(if $(players),--players="$(players)") \
	$(if $(retry_missing),--retry-missing) $(if $(all_games),--all-games) $(if $(verbose),--verbose) \
	$(BACKFILL_OPTIONS)

load: $(NEEDS) ## Load seasons (plan, confirm, fetch): make load season=2025|2021-2025|2023,2025 [levels= games= game_types=R,F,D,L,W base_url= players= players_sql= games_sql= skip_unresolved=1 all_games=1 retry_missing=1 target=duckdb|postgres|spark yes=1]
	@$(BIN)/milb-load $(LOAD_ARGS) $(if $(yes),--yes)

plan: $(NEEDS) ## Dry run of a load: who needs backfill, games to fetch by level, time at the rate cap (same options)
	@$(BIN)/milb-load --plan $(LOAD_ARGS)

build: $(NEEDS) ## Run dbt build on the chosen target (one error line without raw data): make build [target=postgres|spark]
	@$(BIN)/python scripts/dbt_steps.py build --target "$(target)"
	$(if $(MILB_REDIS_URL),@$(BIN)/python -m tools.cache)

daily: $(NEEDS) ## The in-season job: load the games played since the last run (no question), then dbt build without the unit tests: make daily [season= target= players= base_url=]
	@$(BIN)/milb-load $(LOAD_ARGS) --yes
	@$(BIN)/python scripts/dbt_steps.py build --daily --target "$(target)"
	$(if $(MILB_REDIS_URL),@$(BIN)/python -m tools.cache)

fake-api: $(STAMP) ## Serve a generated season on 127.0.0.1, its tracked players those of players= (default tracked_players.csv): make fake-api port=8765 [games=N seed=S latency_ms=M]
	@$(BIN)/fake-statsapi serve --port $(port) --seed $(seed) --season $(season) \
		--latency-ms $(latency_ms) $(if $(games),--games $(games)) --players "$(or $(players),tracked_players.csv)"

replay: $(STAMP) ## Serve a directory of recorded responses: make replay dir=PATH port=N
	$(BIN)/fake-statsapi replay --dir $(dir) --port $(port)

demo: $(STAMP) ## Offline demo: generated season -> load -> dbt build -> docs, on DuckDB
	$(BIN)/python scripts/demo.py

bench: $(STAMP) $(if $(spark),$(SPARK_STAMP)) ## Benchmark loader and dbt against the fake API, print a table: make bench [size=small|full] [skip=7,8] [spark=1|only]
	$(BIN)/python scripts/bench.py $(if $(size),--size $(size)) $(if $(skip),--skip "$(skip)") \
		$(if $(filter only,$(spark)),--spark-only,$(if $(spark),--spark))

test: $(STAMP) $(SPARK_STAMP) lint ## Run the whole test suite (DuckDB, the local PostgreSQL, a local Spark session)
	$(BIN)/pytest

lint: $(STAMP) ## ruff + sqlfluff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	cd dbt_project && ../$(BIN)/sqlfluff lint models macros tests --disable-progress-bar

format: $(STAMP) ## Apply ruff format and sqlfluff fix
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	cd dbt_project && ../$(BIN)/sqlfluff fix models macros tests --disable-progress-bar

docs: $(STAMP) ## Generate the dbt docs (site + single-file static_index.html) and serve them; after make demo, the demo's: make docs [port=8080]
	@$(BIN)/python scripts/dbt_steps.py docs --target "$(target)" --port $(if $(filter command line,$(origin port)),$(port),8080)

clean: ## Remove the venv, var/ (demo, dlt's working dirs, report), the DuckDB warehouse, lock files and dbt's output
	rm -rf $(VENV) var milb.duckdb milb.duckdb.wal milb.duckdb.lock milb.duckdb.tmp dbt_project/target dbt_project/logs

check: $(STAMP) ## Validate a player per season and level: make check player="Mateo Valdespino" (or an MLBAM id) [target=postgres]
	$(BIN)/python -m tools.check_player "$(player)" --target $(target)

report: $(STAMP) ## Write the coverage report, one self-contained HTML page: make report [out=var/report.html] [target=postgres]
	$(BIN)/python -m tools.report --out "$(or $(out),var/report.html)" --target $(target)

cache-clear: $(STAMP) ## Invalidate the app's rankings cache in Redis (MILB_REDIS_URL, MILB_REDIS_CACHE_PATTERN); make build does it too
	$(BIN)/python -m tools.cache
