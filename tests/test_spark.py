"""The spark target end to end: the loader writes a parquet lake, dbt builds it on a local Spark session.

The recorded real feeds and a generated season go into one lake (and, for comparison, into one DuckDB
warehouse); the same dbt project builds both. One Spark session serves the whole module: dbt runs in this
process (dbt-spark's ``session`` method), so the tests read its tables through the same session, and embedded
Derby, which admits one process, is never opened twice. The real feeds must reconcile per game, batter and
pitcher as on the other engines; the pitch tables must equal DuckDB's row for row; a re-fetched game must
replace its rows.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

from fake_statsapi import FakeSeason, start_server
from loader.pipeline import RAW_TABLES
from tests.conftest import (
    CURRENT_GAMES,
    DBT_DIR,
    IN_CI,
    REAL_GAMES,
    ROOT,
    SHARED_STATSAPI,
    Warehouse,
    make_warehouse,
    pitches_thrown,
    replay_server,
)
from tests.test_real_feeds import (
    box_score_pitches,
    box_score_plate_appearances,
    drop_last_plays,
    feed_path,
    pitches_of,
    read_feed,
)

pytestmark = [pytest.mark.slow, pytest.mark.spark]

SEASON = 2025
# Small, since every dbt node costs Spark a query plan and a job (about a second here): big enough for the
# coverage and pitches-per-plate-appearance tests to mean what they mean on the 300-game demo.
GAMES = 120
SEED = 7
LEVELS = "AAA,AA,A+,A,ROK,MLB"
GAME_PKS = ",".join(str(pk) for pk in REAL_GAMES)
# The lake's types as Spark names them, from the loader's column hints.
SPARK_TYPES = {
    "bigint": "bigint",
    "text": "string",
    "date": "date",
    "timestamp": "timestamp",
    "bool": "boolean",
    "json": "string",
}


def require_spark() -> None:
    """Skip without Java or the spark extra, except in CI, where either missing is a failure."""
    missing = [
        what
        for what, present in (
            ("java", shutil.which("java") is not None),
            ("pyspark", importlib.util.find_spec("pyspark") is not None),
            ("dbt-spark", importlib.util.find_spec("dbt.adapters.spark") is not None),
        )
        if not present
    ]
    if not missing:
        return
    how = "Java 17 and `make setup-spark` (make test installs the extra itself)"
    if IN_CI:
        pytest.fail(f"{', '.join(missing)} missing in CI: {how}")
    pytest.skip(f"{', '.join(missing)} missing: {how}")


def test_the_lake_tables_have_the_loaders_columns() -> None:
    """macros/lake_sources.sql declares the lake's tables; its columns are the loader's, in Spark types."""
    text = (DBT_DIR / "macros" / "lake_sources.sql").read_text(encoding="utf-8")
    body = text[text.index("{% macro lake_tables() %}") : text.index("{% endmacro %}", text.index("lake_tables"))]
    declared: dict[str, str] = {}
    for table, columns in re.findall(r"'(\w+)': ((?:'[^']*'\s*(?:~\s*)?)+)", body):
        declared[table] = "".join(re.findall(r"'([^']*)'", columns))
    expected = {
        table: ", ".join(f"{name} {SPARK_TYPES[spec['data_type']]}" for name, spec in columns.items())
        for table, columns in RAW_TABLES.items()
    }
    assert declared == expected


def test_a_build_without_a_lake_is_one_error_line(tmp_path: Path) -> None:
    """No Spark is started for an empty lake: the build says what to run first."""
    result = subprocess.run(
        [sys.executable, "scripts/dbt_steps.py", "build", "--target", "spark"],
        cwd=ROOT,
        env={**os.environ, "MILB_LAKE_PATH": str(tmp_path / "lake")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"error: the lake {tmp_path / 'lake'} holds no raw data (no {tmp_path / 'lake' / 'milb_raw' / 'games'}"
        "/*.parquet): run `make load target=spark` first"
    ]


@dataclass
class SparkLake:
    """The lake, its Spark session (dbt's own), and the DuckDB warehouse loaded with the same games."""

    lake: Warehouse
    duck: Warehouse
    has_real_feeds: bool

    def dbt(self, *args: str) -> None:
        """dbt in this process, on the spark target (the session, once started, stays for the module)."""
        from dbt.cli.main import dbtRunner

        with environment(self.lake.env):
            result = dbtRunner().invoke(
                [*args, "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR), "--target", "spark"]
            )
        failed = [
            f"{node.node.name}: {node.status} {node.message}"
            for node in (result.result or [])
            if str(node.status) in ("error", "fail")
        ]
        assert result.success, f"dbt {' '.join(args)} on spark failed: {result.exception or failed}"

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in session().sql(sql).collect()]

    def scalar(self, sql: str) -> Any:
        return self.query(sql)[0][0]


def session() -> Any:
    """dbt's Spark session (the process-wide one dbt-spark started; "active" sessions are per thread)."""
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    assert SparkContext._active_spark_context is not None, "no Spark session: dbt has not run in this process"
    return SparkSession.builder.getOrCreate()


@contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def load_both(warehouses: list[Warehouse], tmp: Path) -> bool:
    """The real feeds (when recorded) and a generated season, into each warehouse; whether real ones were."""
    has_real = (SHARED_STATSAPI / "api" / "v1.1" / "game").is_dir()
    if has_real:
        with replay_server(SHARED_STATSAPI) as base_url:
            for warehouse in warehouses:
                warehouse.load("--season", "2024", "--games", GAME_PKS, "--base-url", base_url)
    season = FakeSeason(season=SEASON, n_games=GAMES, seed=SEED)
    players_csv = tmp / "tracked_players.csv"
    season.write_tracked_players_csv(players_csv)
    with start_server(season) as api:
        for warehouse in warehouses:
            warehouse.load(
                "--season", str(SEASON), "--base-url", api.base_url, "--players", str(players_csv),
                "--all-games", "--levels", LEVELS, "--rate", "0",
            )  # fmt: skip
    return has_real


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparkLake]:
    """One lake and one DuckDB warehouse with the same games, each built once by the whole `dbt build`."""
    require_spark()
    tmp = tmp_path_factory.mktemp("spark")
    (tmp / "duckdb").mkdir()
    for duck in make_warehouse("duckdb", tmp / "duckdb"):
        env = {
            **duck.env,
            "MILB_TARGET": "spark",
            "MILB_LAKE_PATH": str(tmp / "lake"),
            "MILB_SPARK_WAREHOUSE": str(tmp / "spark"),
            "MILB_PIPELINES_DIR": str(tmp / "dlt-lake"),
            "DBT_TARGET_PATH": str(tmp / "dbt-target-spark"),
            "DBT_LOG_PATH": str(tmp / "dbt-logs-spark"),
        }
        env.pop("MILB_DUCKDB_PATH")
        lake = Warehouse("spark", env, tmp)
        has_real = load_both([lake, duck], tmp)
        built = SparkLake(lake, duck, has_real)
        # Data tests included, with the product's vars (unit tests are the models' business: other builds run them).
        built.dbt("build", "--exclude-resource-type", "unit_test")
        duck.dbt("build", "--exclude-resource-type", "unit_test")
        yield built


@pytest.fixture
def real(built: SparkLake) -> SparkLake:
    if not built.has_real_feeds:
        pytest.skip(f"recorded Stats API responses not found at {SHARED_STATSAPI}")
    return built


def test_the_demo_season_builds_green_on_spark(built: SparkLake) -> None:
    """The fixture's `dbt build` passed every data test; the lake holds what the loader wrote."""
    loaded = built.scalar(f"select count(*) from {CURRENT_GAMES}")
    assert loaded == built.duck.scalar(f"select count(*) from {CURRENT_GAMES}")
    assert built.scalar("select count(*) from analytics.milb_batter_pitches") > 10_000


def test_real_pitches_per_game_and_batter_equal_the_box_score(real: SparkLake) -> None:
    games = ", ".join(str(pk) for pk in REAL_GAMES)
    counts = dict(
        real.query(
            f"select game_pk, count(*) from analytics.milb_batter_pitches where game_pk in ({games}) group by game_pk"
        )
    )
    assert counts == REAL_GAMES
    for game_pk, expected in REAL_GAMES.items():
        feed = read_feed(SHARED_STATSAPI, game_pk)
        assert box_score_pitches(feed) == expected
        batters = Counter(batter for *_, batter in pitches_of(feed))
        rows = real.query(
            f"select mlb_batter_id, count(*) from analytics.milb_batter_pitches where game_pk = {game_pk} group by 1"
        )
        assert dict(rows) == dict(batters)


def test_real_pitches_per_pitcher_equal_who_threw_them(real: SparkLake) -> None:
    for game_pk in REAL_GAMES:
        thrown, _ = pitches_thrown(read_feed(SHARED_STATSAPI, game_pk)["liveData"]["plays"]["allPlays"])
        rows = real.query(
            f"select mlb_pitcher_id, count(*) from analytics.milb_pitcher_pitches where game_pk = {game_pk} group by 1"
        )
        assert dict(rows) == dict(thrown)


def test_real_plate_appearances_reconcile_per_game_and_batter(real: SparkLake) -> None:
    rows = real.query(
        "select game_pk, plate_appearance_count, boxscore_plate_appearance_count, is_reconciled "
        f"from analytics.milb_game_reconciliation where game_pk in ({GAME_PKS})"
    )
    assert {game_pk for game_pk, *_ in rows} == set(REAL_GAMES)
    for game_pk, loaded, official, reconciled in rows:
        appearances = box_score_plate_appearances(read_feed(SHARED_STATSAPI, game_pk))
        assert loaded == official == sum(appearances.values())
        assert reconciled
        by_batter = real.query(
            "select mlb_batter_id, count(*) from analytics.milb_plate_appearances "
            f"where game_pk = {game_pk} and is_plate_appearance group by 1"
        )
        assert dict(by_batter) == dict(appearances)


def pitch_table_columns() -> list[str]:
    """The pitch tables' columns but raw_load_id (the two warehouses were loaded by two runs)."""
    text = (DBT_DIR / "macros" / "pitch_table_columns.sql").read_text(encoding="utf-8")
    columns = ["mlb_batter_id", "mlb_pitcher_id", *re.findall(r"'(\w+)'", text)]
    return [column for column in columns if column != "raw_load_id"]


@pytest.mark.parametrize("table", ["milb_batter_pitches", "milb_pitcher_pitches"])
def test_the_pitch_tables_equal_duckdbs(built: SparkLake, table: str, tmp_path: Path) -> None:
    """Every column of every pitch, both ways (EXCEPT), against DuckDB's build of the same games."""
    columns = ", ".join(pitch_table_columns())
    spark_rows = session().sql(f"select {columns} from analytics.{table}").toArrow()
    with duckdb.connect() as con:
        con.execute(f"attach '{built.duck.env['MILB_DUCKDB_PATH']}' as duck (read_only)")
        con.register("spark_rows", spark_rows)
        duck_rows = f"select {columns} from duck.analytics.{table}"
        only_spark = con.execute(f"select count(*) from (select {columns} from spark_rows except all {duck_rows})")
        spark_count = only_spark.fetchall()[0][0]
        only_duck = con.execute(f"select count(*) from ({duck_rows} except all select {columns} from spark_rows)")
        counts = (spark_count, only_duck.fetchall()[0][0])
        total = con.execute(f"select count(*) from duck.analytics.{table}").fetchall()[0][0]
    assert total > 10_000
    assert spark_rows.num_rows == total
    assert counts == (0, 0)


def test_a_refetched_game_replaces_its_rows(real: SparkLake, tmp_path: Path) -> None:
    """The lake only appends: the newer version of a game is one more file, and the models keep only it."""
    feed = read_feed(SHARED_STATSAPI, 718594)
    drop_last_plays(feed, 5)
    expected = len(pitches_of(feed))
    assert expected < REAL_GAMES[718594]
    target = feed_path(tmp_path, 718594)
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps(feed), encoding="utf-8")
    with replay_server(tmp_path) as base_url:
        real.lake.load("--season", "2023", "--games", "718594", "--base-url", base_url)
    real.dbt("run")
    games = ", ".join(str(pk) for pk in REAL_GAMES)
    counts = dict(
        real.query(
            f"select game_pk, count(*) from analytics.milb_batter_pitches where game_pk in ({games}) group by game_pk"
        )
    )
    assert counts == {**REAL_GAMES, 718594: expected}
    assert real.scalar("select count(*) from milb_raw.games where game_pk = 718594") == 2
    assert real.scalar(f"select count(*) from {CURRENT_GAMES} where game_pk in ({games})") == len(REAL_GAMES)
