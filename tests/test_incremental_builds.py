"""Incremental models never skip a game: a partial build, a load between builds or a loader's clock ahead of
another's leave them right or one build away from right (each model compares the (game_pk, raw_load_id) pairs
it holds with each game's current version, not a high-water mark)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fake_statsapi.generator import FakeSeason
from fake_statsapi.server import start_server
from tests.conftest import ANALYTICS, CURRENT_GAMES, RAW, ROOT, Warehouse

pytestmark = pytest.mark.slow
SEASON = 2025


@pytest.fixture(scope="module")
def season() -> FakeSeason:
    return FakeSeason(season=SEASON, n_games=40, seed=31)


@pytest.fixture(scope="module")
def api(season: FakeSeason) -> Iterator[Any]:
    with start_server(season) as server:
        yield server


def _games(season: FakeSeason) -> list[int]:
    unplayable = set(season.not_found_games()) | set(season.empty_play_games()) | set(season.in_progress_games())
    return [game.game_pk for game in season.games if game.game_pk not in unplayable]


def _load(warehouse: Warehouse, api: Any, game_pks: list[int]) -> None:
    warehouse.load(
        "--season", str(SEASON), "--base-url", api.base_url, "--rate", "0", "--games", ",".join(map(str, game_pks))
    )


def _assert_marts_hold_every_current_game(warehouse: Warehouse) -> None:
    current = dict(warehouse.query(f"select game_pk, pitch_count from {CURRENT_GAMES}"))
    pitches = dict(warehouse.query(f"select game_pk, count(*) from {ANALYTICS}.milb_batter_pitches group by 1"))
    assert pitches == {game_pk: n for game_pk, n in current.items() if n}
    reconciled = dict(warehouse.query(f"select game_pk, pitch_count from {ANALYTICS}.milb_game_reconciliation"))
    assert reconciled == current


def test_a_partial_build_between_loads_leaves_the_marts_one_build_from_right(
    warehouse: Warehouse, season: FakeSeason, api: Any
) -> None:
    games = _games(season)
    _load(warehouse, api, games[:10])
    warehouse.dbt("build")
    _load(warehouse, api, games[10:20])
    # Only the reconciliation: the pitch models it reads still hold the first ten games.
    warehouse.dbt("run", "--select", "milb_game_reconciliation")
    held = {pk for (pk,) in warehouse.query(f"select game_pk from {ANALYTICS}.milb_game_reconciliation")}
    assert held == set(games[:10])  # the new games wait for their pitches, they are not recorded with none
    warehouse.dbt("build")
    _assert_marts_hold_every_current_game(warehouse)


def test_a_loader_clock_behind_the_previous_ones_still_reaches_the_marts(
    warehouse: Warehouse, season: FakeSeason, api: Any
) -> None:
    games = _games(season)
    _load(warehouse, api, games[:8])
    # As if the first load ran on a host whose clock was years ahead: its load ids sort after every later one.
    warehouse.execute(f"update {RAW}.games set _dlt_load_id = '9999999999.000000'")
    warehouse.dbt("build")
    _load(warehouse, api, games[8:16])
    warehouse.dbt("build")
    _assert_marts_hold_every_current_game(warehouse)


def test_a_daily_build_tests_the_games_it_built_and_dbt_test_alone_every_game(
    warehouse: Warehouse, season: FakeSeason, api: Any
) -> None:
    games = _games(season)
    _load(warehouse, api, games[:10])
    warehouse.dbt("build")
    # A row of an old game goes bad after it was built and tested (as if edited by hand).
    warehouse.execute(f"update analytics.int_pitches set outs = null where game_pk = {games[0]}")
    _load(warehouse, api, games[10:12])
    warehouse.dbt("build")  # the per-game tests read the two games it built
    scope = warehouse.query("select distinct game_pk, kind from analytics.dbt_build_scope")
    assert {kind for _, kind in scope} == {"game"}
    assert {pk for pk, _ in scope} == set(games[10:12])
    _assert_marts_hold_every_current_game(warehouse)
    # `dbt test` alone reads every game, and finds the old one.
    result = warehouse.dbt("test", check=False)
    assert result.returncode != 0
    assert "not_null_milb_batter_pitches_outs" in result.stdout


def test_make_daily_loads_what_is_new_and_builds_without_the_unit_tests(
    duckdb_warehouse: Warehouse, season: FakeSeason, api: Any
) -> None:
    warehouse = duckdb_warehouse
    games = _games(season)
    _load(warehouse, api, games[:10])
    warehouse.dbt("build")

    def daily() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["make", "--no-print-directory", "daily", f"season={SEASON}", f"base_url={api.base_url}", "all_games=1"],
            cwd=ROOT,
            env=warehouse.environ(),
            capture_output=True,
            text=True,
            timeout=900,
        )

    first = daily()  # no terminal: no question asked
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    results = json.loads((Path(warehouse.env["DBT_TARGET_PATH"]) / "run_results.json").read_text())["results"]
    kinds = {node["unique_id"].split(".")[0] for node in results}
    assert "unit_test" not in kinds and {"model", "test"} <= kinds
    assert all(node["status"] in ("success", "pass", "warn", "no-op") for node in results)
    _assert_marts_hold_every_current_game(warehouse)
    built = {pk for (pk,) in warehouse.query("select distinct game_pk from analytics.dbt_build_scope")}
    assert built and built.isdisjoint(games[:10])  # the per-game tests read the games the daily run built

    second = daily()  # nothing new: nothing fetched, the build still green
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    assert "games to fetch: 0" in second.stdout + second.stderr
    _assert_marts_hold_every_current_game(warehouse)
