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
    """The DuckDB warehouse file, as profiles.yml resolves it (MILB_DUCKDB_PATH or milb.duckdb at the root)."""
    configured = os.environ.get("MILB_DUCKDB_PATH")
    if not configured:
        return DEFAULT_DUCKDB_PATH
    path = Path(configured)
    # profiles.yml resolves relative paths from dbt_project/, so the loader does the same.
    return path if path.is_absolute() else (DBT_PROJECT_DIR / path).resolve()


def _from_dbt_project(configured: str) -> Path:
    path = Path(configured)
    # profiles.yml resolves relative paths from dbt_project/, so the loader does the same.
    return path if path.is_absolute() else (DBT_PROJECT_DIR / path).resolve()


def lake_url() -> str:
    """The spark target's lake root (MILB_LAKE_PATH): a local folder (absolute) or any fsspec URL.

    A relative path is taken from dbt_project/, as MILB_DUCKDB_PATH is; the default is var/lake at the root.
    """
    configured = os.environ.get("MILB_LAKE_PATH") or "../var/lake"
    if "://" in configured:
        return configured.removeprefix("file://") if configured.startswith("file:///") else configured
    return str(_from_dbt_project(configured))


def local_lake() -> Path | None:
    """The lake root as a local folder, or None for a remote URL (s3://, gs://, az://, ...)."""
    url = lake_url()
    return None if "://" in url else Path(url)


def spark_warehouse() -> Path:
    """Spark's own folder (MILB_SPARK_WAREHOUSE): its warehouse directory and the Derby metastore beside it."""
    return _from_dbt_project(os.environ.get("MILB_SPARK_WAREHOUSE") or "../var/spark")


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
