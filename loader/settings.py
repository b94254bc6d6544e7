"""The project's settings: constants, paths and the values of ``.dlt/config.toml``.

Configuration has one surface, the dlt way: ``.dlt/config.toml`` (committed: dlt's knobs and the project's
defaults) and ``.dlt/secrets.toml`` (git-ignored), read through ``dlt.config`` / ``dlt.secrets`` from
wherever a command runs, each value overridable by an environment variable: dlt's own name
(``SOURCES__STATSAPI__RATE_PER_SECOND``) or the one the README lists (``MLB_API_BASE_URL``, ``MILB_PG_HOST``,
...), which wins. The raw schema name is defined once, as the dbt var ``raw_schema`` in
``dbt_project/dbt_project.yml``, so the dlt dataset and the dbt sources can never disagree.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import dlt
import yaml
from dlt.common.configuration.container import Container
from dlt.common.configuration.providers.toml import SettingsTomlProvider
from dlt.common.configuration.specs.pluggable_run_context import PluggableRunContext

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
SETTINGS_DIR = PROJECT_ROOT / ".dlt"
LEVELS_SEED = DBT_PROJECT_DIR / "seeds" / "levels.csv"
DEFAULT_PLAYERS_CSV = PROJECT_ROOT / "tracked_players.csv"
VAR_DIR = PROJECT_ROOT / "var"

TARGETS = ("duckdb", "postgres", "spark")
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


class _ProjectToml(SettingsTomlProvider):
    """A toml file of the project's ``.dlt/`` folder, whatever the working directory.

    dlt's own providers read ``./.dlt`` of the working directory; ``make`` runs at the root, but dbt's steps,
    the tests and a user's shell may not.
    """

    def __init__(self, file_name: str, secrets: bool) -> None:
        super().__init__(f"project {file_name}", secrets, file_name, [str(SETTINGS_DIR)])


def _register_project_settings() -> None:
    providers = Container()[PluggableRunContext].providers
    for file_name, secrets, accessor in (("config.toml", False, dlt.config), ("secrets.toml", True, dlt.secrets)):
        if f"project {file_name}" not in providers:
            accessor.register_provider(_ProjectToml(file_name, secrets))


_register_project_settings()

T = TypeVar("T")


def _value(variable: str | None, key: str, cast: Callable[[Any], T], default: Any = None) -> T:
    """The environment variable ``variable`` if set, else ``key`` of dlt's config (env, then the toml files)."""
    configured = os.environ.get(variable) if variable else None
    if configured:
        return cast(configured)
    value = dlt.secrets.get(key) if key.endswith("password") else dlt.config.get(key)
    return cast(default if value is None else value)


@dataclass(frozen=True)
class ApiSettings:
    """How the loader talks to the Stats API (``[sources.statsapi]``)."""

    base_url: str
    rate_per_second: float
    concurrency: int
    timeout_seconds: float
    max_attempts: int
    backoff_seconds: float
    commit_every: int


def api_settings() -> ApiSettings:
    key = "sources.statsapi."
    return ApiSettings(
        base_url=_value("MLB_API_BASE_URL", key + "base_url", str),
        rate_per_second=_value(None, key + "rate_per_second", float),
        concurrency=_value(None, key + "concurrency", int),
        timeout_seconds=_value(None, key + "timeout_seconds", float),
        max_attempts=_value(None, key + "max_attempts", int),
        backoff_seconds=_value(None, key + "backoff_seconds", float),
        commit_every=_value(None, key + "commit_every", int),
    )


def target() -> str:
    """The warehouse a command works on when none is named."""
    return _value("MILB_TARGET", "warehouse.target", str)


@cache
def raw_schema() -> str:
    """The raw dataset name, read from the dbt project's vars (its single definition)."""
    with open(DBT_PROJECT_DIR / "dbt_project.yml", encoding="utf-8") as f:
        project = yaml.safe_load(f)
    return str(project["vars"]["raw_schema"])


def dbt_schema() -> str:
    """The schema dbt builds models in."""
    return _value("MILB_SCHEMA", "warehouse.schema", str)


def _path(variable: str, key: str) -> Path:
    """A path setting: the variable relative to where the command runs, the config's default to the root."""
    configured = os.environ.get(variable)
    if configured:
        return Path(configured).resolve()
    return PROJECT_ROOT / _value(None, key, str)


def duckdb_path() -> Path:
    """The DuckDB warehouse file (``MILB_DUCKDB_PATH``; dbt's steps hand it to dbt made absolute)."""
    return _path("MILB_DUCKDB_PATH", "warehouse.duckdb_path")


def lake_url() -> str:
    """The spark target's lake root (``MILB_LAKE_PATH``): a local folder (absolute) or any fsspec URL.

    A relative path is taken from where the command runs, as for ``MILB_DUCKDB_PATH``; the default is
    ``var/lake`` at the root.
    """
    configured = os.environ.get("MILB_LAKE_PATH") or ""
    if "://" in configured:
        return configured.removeprefix("file://") if configured.startswith("file:///") else configured
    return str(_path("MILB_LAKE_PATH", "warehouse.lake_path"))


def local_lake() -> Path | None:
    """The lake root as a local folder, or None for a remote URL (s3://, gs://, az://, ...)."""
    url = lake_url()
    return None if "://" in url else Path(url)


def spark_warehouse() -> Path:
    """Spark's own folder (``MILB_SPARK_WAREHOUSE``): its warehouse directory and the Derby metastore beside it."""
    return _path("MILB_SPARK_WAREHOUSE", "warehouse.spark_warehouse")


def pipelines_dir() -> Path:
    """dlt's working directory: pending load packages, per warehouse."""
    return _path("MILB_PIPELINES_DIR", "warehouse.pipelines_dir")


def postgres_settings() -> dict[str, Any]:
    """Connection settings of the postgres target, keyed as dlt's credentials are."""
    key = "warehouse.postgres."
    return {
        "host": _value("MILB_PG_HOST", key + "host", str),
        "port": _value("MILB_PG_PORT", key + "port", int),
        "username": _value("MILB_PG_USER", key + "username", str),
        "password": _value("MILB_PG_PASSWORD", key + "password", str, default=""),
        "database": _value("MILB_PG_DATABASE", key + "database", str),
    }


def dbt_variables() -> dict[str, str]:
    """The environment variables profiles.yml reads, as these settings resolve them (for dbt's runs)."""
    pg = postgres_settings()
    return {
        "MILB_TARGET": target(),
        "MILB_SCHEMA": dbt_schema(),
        "MILB_DUCKDB_PATH": str(duckdb_path()),
        "MILB_LAKE_PATH": lake_url(),
        "MILB_SPARK_WAREHOUSE": str(spark_warehouse()),
        "MILB_PG_HOST": str(pg["host"]),
        "MILB_PG_PORT": str(pg["port"]),
        "MILB_PG_USER": str(pg["username"]),
        "MILB_PG_PASSWORD": str(pg["password"]),
        "MILB_PG_DATABASE": str(pg["database"]),
    }
