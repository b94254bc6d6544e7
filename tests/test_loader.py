"""The loader against the generated season served over real HTTP on 127.0.0.1, on both engines."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from fake_statsapi.generator import FakeSeason
from fake_statsapi.server import start_server
from tests.conftest import Warehouse

SEASON = 2025


@pytest.fixture(scope="module")
def season() -> FakeSeason:
    return FakeSeason(season=SEASON, n_games=160, seed=11)


@pytest.fixture
def api(season: FakeSeason) -> Iterator[Any]:
    server = start_server(season)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def players_csv(season: FakeSeason, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("players") / "tracked_players.csv"
    season.write_tracked_players_csv(path)
    return path


def request_counts(api: Any) -> dict[str, int]:
    return requests.get(f"{api.base_url}/__stats", timeout=5).json()["requests"]


def tracked_players(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_each_game_once_and_one_game_log_call_per_sport_id(warehouse: Warehouse, api: Any, players_csv: Path) -> None:
    warehouse.load("--season", str(SEASON), "--base-url", api.base_url, "--players", str(players_csv), "--rate", "0")
    counts = request_counts(api)
    distinct_games = warehouse.scalar("select count(distinct game_pk) from milb_raw.game_logs")
    loaded = warehouse.scalar("select count(*) from milb_raw.games")
    missing = warehouse.scalar("select count(*) from milb_raw.game_fetch_ledger where not is_resolved")
    assert distinct_games > 0
    assert loaded + missing == distinct_games
    assert counts["feed"] == distinct_games
    groups = sum(2 if p["position"].upper() == "TWP" else 1 for p in tracked_players(players_csv))
    assert counts["gameLog"] == groups * 5
    assert counts["schedule"] == 5
    assert warehouse.scalar("select count(*) from milb_raw.tracked_players") == len(tracked_players(players_csv))


def test_a_second_run_fetches_no_final_game_again(warehouse: Warehouse, api: Any, players_csv: Path) -> None:
    args = ("--season", str(SEASON), "--base-url", api.base_url, "--players", str(players_csv), "--rate", "0")
    warehouse.load(*args)
    before = warehouse.query("select game_pk, _dlt_load_id from milb_raw.games order by game_pk")
    feeds_before = request_counts(api)["feed"]
    second = warehouse.load(*args)
    assert "games planned 0" in second.stdout
    assert request_counts(api)["feed"] == feeds_before
    assert warehouse.query("select game_pk, _dlt_load_id from milb_raw.games order by game_pk") == before


def test_missing_games_are_ledgered_and_retried_only_when_asked(
    warehouse: Warehouse, api: Any, players_csv: Path
) -> None:
    args = ("--season", str(SEASON), "--base-url", api.base_url, "--players", str(players_csv), "--rate", "0")
    warehouse.load(*args)
    ledger = warehouse.query("select game_pk, reason, attempts from milb_raw.game_fetch_ledger")
    assert ledger, "the generated season has games without play-by-play"
    assert {reason for _, reason, _ in ledger} <= {"not_found", "empty_plays"}
    assert {attempts for *_, attempts in ledger} == {1}
    feeds = request_counts(api)["feed"]
    warehouse.load(*args)
    assert request_counts(api)["feed"] == feeds
    warehouse.load(*args, "--retry-missing")
    assert request_counts(api)["feed"] == feeds + len(ledger)
    assert {
        attempts for *_, attempts in warehouse.query("select game_pk, reason, attempts from milb_raw.game_fetch_ledger")
    } == {2}


def test_levels_limit_what_is_asked(duckdb_warehouse: Warehouse, api: Any, players_csv: Path) -> None:
    duckdb_warehouse.load(
        "--season",
        str(SEASON),
        "--levels",
        "AAA",
        "--base-url",
        api.base_url,
        "--players",
        str(players_csv),
        "--rate",
        "0",
    )
    assert duckdb_warehouse.query("select distinct sport_id from milb_raw.schedule_games") == [(11,)]
    assert duckdb_warehouse.query("select distinct sport_id from milb_raw.game_logs") in ([(11,)], [])
    assert request_counts(api)["schedule"] == 1


def test_all_games_loads_the_played_schedule(
    duckdb_warehouse: Warehouse, api: Any, players_csv: Path, season: FakeSeason
) -> None:
    duckdb_warehouse.load(
        "--season", str(SEASON), "--all-games", "--base-url", api.base_url, "--players", str(players_csv), "--rate", "0"
    )
    scheduled = duckdb_warehouse.scalar(
        "select count(distinct game_pk) from milb_raw.schedule_games where abstract_game_state in ('Final', 'Live')"
        " and detailed_state not in ('Postponed', 'Cancelled')"
    )
    held = duckdb_warehouse.scalar(
        "select count(*) from (select game_pk from milb_raw.games union select game_pk from milb_raw.game_fetch_ledger)"
    )
    assert held >= scheduled > 0
