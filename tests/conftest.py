"""Shared fixtures: warehouses on both engines, the recorded real responses, dbt runs."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import psycopg2
import pytest

from loader import postgres, settings
from loader.state import current_games_query

ROOT = Path(__file__).resolve().parent.parent
DBT_DIR = ROOT / "dbt_project"
SHARED_STATSAPI = ROOT.parent / "shared" / "data" / "statsapi"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
REAL_GAMES = {744914: 244, 718096: 321, 718263: 355, 718594: 270}
# The schemas tests query, named as the loader and dbt name them (``loader.settings``).
RAW = settings.raw_schema()
ANALYTICS = settings.dbt_schema()
# Raw games is append-only: each game's newest version, as staging picks it (use as a table: "from CURRENT_GAMES").
CURRENT_GAMES = f"({current_games_query(f'{RAW}.games', '*')}) as games"

# The project's own copy of the API's event-type registry: which play results are plate appearances.
EVENT_TYPES = DBT_DIR / "seeds" / "event_types.csv"
with EVENT_TYPES.open(encoding="utf-8") as _registry:
    PLATE_APPEARANCE_TYPES = frozenset(
        row["code"] for row in csv.DictReader(_registry) if row["is_plate_appearance"] == "true"
    )


def is_plate_appearance(play: dict[str, Any]) -> bool:
    return play["result"].get("eventType") in PLATE_APPEARANCE_TYPES


def pitches_thrown(plays: list[dict[str, Any]]) -> tuple[Counter[int], int]:
    """Pitches per pitcher who threw them, and how many changes came in the middle of a plate appearance.

    The pitches before a ``pitching_substitution`` event are the fielding side's previous pitcher's, though the
    play's matchup.pitcher is the new one (as in the recorded feed 718594, at-bat 21).
    """
    thrown: Counter[int] = Counter()
    changes = 0
    last_pitcher: dict[bool, int] = {}  # by isTopInning: the fielding side's pitcher so far
    for play in plays:
        top = play["about"]["isTopInning"]
        pitcher = last_pitcher.get(top, play["matchup"]["pitcher"]["id"])
        pitched = False
        for event in play["playEvents"]:
            if event.get("details", {}).get("eventType") == "pitching_substitution":
                changes += pitched
                pitcher = event["player"]["id"]  # the pitcher coming in
            if event["isPitch"]:
                thrown[pitcher] += 1
                pitched = True
        last_pitcher[top] = play["matchup"]["pitcher"]["id"]
    return thrown, changes


def pg_connect(dbname: str = "postgres", **options: Any) -> Any:
    """A connection to a database of the configured PostgreSQL server (``settings.postgres_settings()``)."""
    return postgres.connect(connect_timeout=5, application_name="milb tests", dbname=dbname, **options)


def postgres_available() -> bool:
    try:
        pg_connect().close()
    except psycopg2.OperationalError:
        return False
    return True


def require_postgres() -> None:
    """Skip without PostgreSQL, except in CI, where a missing server is a failure, not a skip."""
    if postgres_available():
        return
    if IN_CI:
        pytest.fail("PostgreSQL is not answering on 127.0.0.1:5432 (CI must start it: see .ci/run)")
    pytest.skip("PostgreSQL is not answering on 127.0.0.1:5432")


@pytest.fixture(scope="session")
def shared_statsapi() -> Path:
    """The recorded real Stats API responses (kept outside the repository)."""
    if not (SHARED_STATSAPI / "api" / "v1.1" / "game").is_dir():
        pytest.skip(f"recorded Stats API responses not found at {SHARED_STATSAPI}")
    return SHARED_STATSAPI


@dataclass
class Warehouse:
    """One empty warehouse (a DuckDB file or a PostgreSQL database) and how to load, build and query it."""

    target: str
    env: dict[str, str]
    tmp: Path
    dbname: str | None = None
    dbt_log: list[str] = field(default_factory=list)

    def environ(self) -> dict[str, str]:
        return {**os.environ, **self.env}

    def load(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run the loader CLI, as a user would."""
        result = subprocess.run(
            [sys.executable, "-m", "loader", "--target", self.target, "--yes", *args],
            cwd=ROOT,
            env=self.environ(),
            capture_output=True,
            text=True,
            timeout=900,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"load failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
        return result

    def dbt(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run dbt in dbt_project/ against this warehouse (profiles found through the symlink)."""
        dbt = Path(sys.executable).parent / "dbt"
        result = subprocess.run(
            [str(dbt), *args, "--target", self.target],
            cwd=DBT_DIR,
            env=self.environ(),
            capture_output=True,
            text=True,
            timeout=1200,
        )
        self.dbt_log.append(result.stdout)
        if check and result.returncode != 0:
            raise AssertionError(f"dbt {' '.join(args)} failed:\n{result.stdout[-6000:]}\n{result.stderr[-2000:]}")
        return result

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        if self.target == "duckdb":
            with duckdb.connect(self.env["MILB_DUCKDB_PATH"], read_only=True) as con:
                return con.sql(sql).fetchall()
        with pg_connect(self.dbname) as con, con.cursor() as cur:
            cur.execute(sql)
            return cur.fetchall()

    def execute(self, sql: str) -> None:
        """Run a statement that returns no rows (and commit it)."""
        if self.target == "duckdb":
            with duckdb.connect(self.env["MILB_DUCKDB_PATH"]) as con:
                con.execute(sql)
            return
        with pg_connect(self.dbname) as con, con.cursor() as cur:
            cur.execute(sql)

    def scalar(self, sql: str) -> Any:
        return self.query(sql)[0][0]


def make_warehouse(target: str, tmp: Path) -> Iterator[Warehouse]:
    env = {
        "MILB_TARGET": target,
        "MILB_PIPELINES_DIR": str(tmp / "dlt"),
        "DBT_TARGET_PATH": str(tmp / "dbt-target"),
        "DBT_LOG_PATH": str(tmp / "dbt-logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "RUNTIME__DLTHUB_TELEMETRY": "false",
    }
    if target == "duckdb":
        env["MILB_DUCKDB_PATH"] = str(tmp / "milb.duckdb")
        yield Warehouse(target, env, tmp)
        return
    require_postgres()
    dbname = f"milb_test_{uuid.uuid4().hex[:10]}"
    con = pg_connect()
    con.autocommit = True
    with con.cursor() as cur:
        cur.execute(f'create database "{dbname}"')
    env["MILB_PG_DATABASE"] = dbname
    try:
        yield Warehouse(target, env, tmp, dbname=dbname)
    finally:
        with con.cursor() as cur:
            cur.execute(f'drop database if exists "{dbname}" with (force)')
        con.close()


@pytest.fixture(params=["duckdb", "postgres"])
def warehouse(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Warehouse]:
    """An empty warehouse on each engine."""
    yield from make_warehouse(request.param, tmp_path)


@pytest.fixture
def duckdb_warehouse(tmp_path: Path) -> Iterator[Warehouse]:
    yield from make_warehouse("duckdb", tmp_path)


@contextmanager
def replay_server(directory: Path) -> Iterator[str]:
    """Serve a directory of recorded responses (API path + ``.json``) on 127.0.0.1; yields the base URL."""
    from fake_statsapi.server import start_replay_server

    server = start_replay_server(directory)
    try:
        yield server.base_url
    finally:
        server.stop()
