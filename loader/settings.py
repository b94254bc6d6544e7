"""Constants and paths shared by the loader's modules.

The raw schema name is defined once, as the dbt var ``raw_schema`` in ``dbt_project/dbt_project.yml``; the
loader reads it from there so the dlt dataset and the dbt sources can never disagree.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
LEVELS_SEED = DBT_PROJECT_DIR / "seeds" / "levels.csv"
DEFAULT_PLAYERS_CSV = PROJECT_ROOT / "tracked_players.csv"
DEFAULT_DUCKDB_PATH = PROJECT_ROOT / "milb.duckdb"
VAR_DIR = PROJECT_ROOT / "var"

DEFAULT_BASE_URL = "https://statsapi.mlb.com"
USER_AGENT = "milb-pitches-loader/0.1 (+https://github.com/milb-pitches/milb-pitches)"

# The first season the Stats API carries minor-league play-by-play for.
FIRST_SEASON = 2005
STAT_GROUPS = ("hitting", "pitching")
# Schedule game types a load may ask for: R regular season, F wild card, D division series, L league
# championship, W (World) series (the finals of a minor league's playoffs use the same codes).
GAME_TYPES = ("R", "F", "D", "L", "W")
DEFAULT_GAME_TYPES = ("R",)
PITCHER_POSITIONS = frozenset({"P", "SP", "RP", "RHP", "LHP"})
# Players per batched game-log request (``people?personIds=…``), as public clients of the API send them.
GAME_LOG_BATCH_SIZE = 40

# Defaults sized for the public API: a polite rate, a handful of connections.
DEFAULT_RATE_PER_SECOND = 10.0
DEFAULT_CONCURRENCY = 8
DEFAULT_TIMEOUT_SECONDS = 30.0
DEFAULT_MAX_ATTEMPTS = 5


@cache
def raw_schema() -> str:
    """The raw dataset name, read from the dbt project's vars (its single definition)."""
    with open(DBT_PROJECT_DIR / "dbt_project.yml", encoding="utf-8") as f:
        project = yaml.safe_load(f)
    return str(project["vars"]["raw_schema"])


def dbt_schema() -> str:
    """The schema dbt builds models in, as profiles.yml resolves it."""
    return os.environ.get("MILB_SCHEMA", "analytics")


def duckdb_path() -> Path:
    """The DuckDB warehouse file: MILB_DUCKDB_PATH, relative to where the command runs, or milb.duckdb at the root.

    dbt runs in ``dbt_project/``, so ``scripts/dbt_steps.py`` hands it this path made absolute.
    """
    configured = os.environ.get("MILB_DUCKDB_PATH")
    return Path(configured).resolve() if configured else DEFAULT_DUCKDB_PATH


def postgres_settings() -> dict[str, str | int]:
    """Connection settings for the postgres target, from the same variables profiles.yml reads."""
    return {
        "host": os.environ.get("MILB_PG_HOST", "127.0.0.1"),
        "port": int(os.environ.get("MILB_PG_PORT", "5432")),
        "username": os.environ.get("MILB_PG_USER", "postgres"),
        "password": os.environ.get("MILB_PG_PASSWORD", ""),
        "database": os.environ.get("MILB_PG_DATABASE", "milb"),
    }


def postgres_connect(connect_timeout: int = 10, application_name: str | None = None) -> Any:
    """A psycopg2 connection to the postgres target (raises ``psycopg2.OperationalError`` when unreachable)."""
    import psycopg2  # only the postgres target needs the driver loaded

    pg = postgres_settings()
    return psycopg2.connect(
        host=pg["host"],
        port=pg["port"],
        user=pg["username"],
        password=pg["password"],
        dbname=pg["database"],
        connect_timeout=connect_timeout,
        application_name=application_name or "milb",
    )
