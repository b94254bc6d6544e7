"""The loader against the generated season served over real HTTP on 127.0.0.1, on both engines."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import orjson
import pytest
import requests

from fake_statsapi import documents
from fake_statsapi.generator import FakeSeason
from fake_statsapi.server import ApiRequest, ApiResponse, GeneratedSource, start_replay_server, start_server
from loader import pipeline as pipelines
from loader import plan as plan_module
from loader.documents import game_log_rows
from loader.inputs import read_players, stat_groups
from loader.levels import Level, parse_levels
from loader.plan import WarehouseState, plan_load
from loader.statsapi import StatsApiClient
from tests.conftest import RAW, Warehouse

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


def test_each_game_once_and_game_logs_in_batches_of_players(warehouse: Warehouse, api: Any, players_csv: Path) -> None:
    warehouse.load("--season", str(SEASON), "--base-url", api.base_url, "--players", str(players_csv), "--rate", "0")
    counts = request_counts(api)
    distinct_games = warehouse.scalar(f"select count(distinct game_pk) from {RAW}.game_logs")
    loaded = warehouse.scalar(f"select count(*) from {RAW}.games")
    missing = warehouse.scalar(f"select count(*) from {RAW}.game_fetch_ledger where not is_resolved")
    assert distinct_games > 0
    assert loaded + missing == distinct_games
    assert counts["feed"] == distinct_games
    assert counts["people"] == -(-len(tracked_players(players_csv)) // 40)
    assert "gameLog" not in counts
    assert counts["schedule"] == 5
    assert warehouse.scalar(f"select count(*) from {RAW}.tracked_players") == len(tracked_players(players_csv))


def test_a_second_run_fetches_no_final_game_again(warehouse: Warehouse, api: Any, players_csv: Path) -> None:
    args = ("--season", str(SEASON), "--base-url", api.base_url, "--players", str(players_csv), "--rate", "0")
    warehouse.load(*args)
    before = warehouse.query(f"select game_pk, _dlt_load_id from {RAW}.games order by game_pk")
    feeds_before = request_counts(api)["feed"]
    second = warehouse.load(*args)
    assert "games planned 0" in second.stdout
    assert request_counts(api)["feed"] == feeds_before
    assert warehouse.query(f"select game_pk, _dlt_load_id from {RAW}.games order by game_pk") == before


def test_missing_games_are_ledgered_and_retried_only_when_asked(
    warehouse: Warehouse, api: Any, players_csv: Path
) -> None:
    args = ("--season", str(SEASON), "--base-url", api.base_url, "--players", str(players_csv), "--rate", "0")
    warehouse.load(*args)
    ledger = warehouse.query(f"select game_pk, reason, attempts from {RAW}.game_fetch_ledger")
    assert ledger, "the generated season has games without play-by-play"
    assert {reason for _, reason, _ in ledger} <= {"not_found", "empty_plays"}
    assert {attempts for *_, attempts in ledger} == {1}
    feeds = request_counts(api)["feed"]
    warehouse.load(*args)
    assert request_counts(api)["feed"] == feeds
    warehouse.load(*args, "--retry-missing")
    assert request_counts(api)["feed"] == feeds + len(ledger)
    assert {
        attempts for *_, attempts in warehouse.query(f"select game_pk, reason, attempts from {RAW}.game_fetch_ledger")
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
    assert duckdb_warehouse.query(f"select distinct sport_id from {RAW}.schedule_games") == [(11,)]
    assert duckdb_warehouse.query(f"select distinct sport_id from {RAW}.game_logs") in ([(11,)], [])
    assert request_counts(api)["schedule"] == 1


def test_all_games_loads_the_played_schedule(
    duckdb_warehouse: Warehouse, api: Any, players_csv: Path, season: FakeSeason
) -> None:
    duckdb_warehouse.load(
        "--season", str(SEASON), "--all-games", "--base-url", api.base_url, "--players", str(players_csv), "--rate", "0"
    )
    scheduled = duckdb_warehouse.scalar(
        f"select count(distinct game_pk) from {RAW}.schedule_games where abstract_game_state in ('Final', 'Live')"
        " and detailed_state not in ('Postponed', 'Cancelled')"
    )
    held = duckdb_warehouse.scalar(
        f"select count(*) from (select game_pk from {RAW}.games union select game_pk from {RAW}.game_fetch_ledger)"
    )
    assert held >= scheduled > 0


# ---------------------------------------------------------------------- game logs while planning
NOW = datetime(2025, 6, 1, tzinfo=UTC)


def row_set(rows: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    return {tuple(sorted((k, v) for k, v in row.items() if k != "fetched_at")) for row in rows}


def per_player_rows(base_url: str, players: list[dict[str, Any]], levels: list[Level]) -> list[dict[str, Any]]:
    """What planning stored before batching: one gameLog call per (player, stat group, level)."""
    client = StatsApiClient(base_url, rate_per_second=0)
    try:
        return [
            row
            for player in players
            for group in stat_groups(player["position"])
            for level in levels
            for row in game_log_rows(client.game_log(player["player_id"], group, SEASON, level.sport_id), group, NOW)
        ]
    finally:
        client.close()


def planned_rows(base_url: str, players: list[dict[str, Any]], levels: list[Level]) -> list[dict[str, Any]]:
    client = StatsApiClient(base_url, rate_per_second=0)
    try:
        plan = plan_load(client, WarehouseState(), SEASON, levels, players)
    finally:
        client.close()
    assert plan.game_logs is not None
    return plan.game_logs


@pytest.mark.parametrize("levels", ["", "AAA,AA", "MLB,A"])
def test_batched_game_logs_store_the_per_player_rows(
    season: FakeSeason, players_csv: Path, levels: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plan_module, "GAME_LOG_BATCH_SIZE", 7)
    players = read_players(players_csv)
    chosen = parse_levels(levels)
    with start_server(season) as server:
        batched = planned_rows(server.base_url, players, chosen)
        counts = server.stats()["requests"]
        expected = per_player_rows(server.base_url, players, chosen)
    assert expected and row_set(batched) == row_set(expected)
    assert len(batched) == len(expected)
    scopes = ("MLB" in levels) + any(level.is_minor_league for level in chosen)
    assert counts == {"schedule": len(chosen), "people": scopes * -(-len(players) // 7)}


class SportlessFor:
    """The generated season, with ``sport`` left out of one player's batched game-log splits."""

    def __init__(self, season: FakeSeason, player_id: int) -> None:
        self.inner = GeneratedSource(season)
        self.player_id = player_id

    def describe(self) -> str:
        return self.inner.describe()

    def respond(self, request: ApiRequest) -> ApiResponse:
        response = self.inner.respond(request)
        if request.route != "people":
            return response
        document = orjson.loads(response.body)
        for person in document["people"]:
            if person["id"] == self.player_id:
                for block in person["stats"]:
                    for split in block["splits"]:
                        split.pop("sport", None)
        return ApiResponse(response.status, orjson.dumps(document))


def test_a_batched_split_without_sport_falls_back_to_per_level_calls(season: FakeSeason, players_csv: Path) -> None:
    players = read_players(players_csv)
    chosen = parse_levels("")
    target = next(p for p in players if season.levels_of(p["player_id"]))
    with start_server(SportlessFor(season, target["player_id"])) as server:
        batched = planned_rows(server.base_url, players, chosen)
        counts = server.stats()["requests"]
        expected = per_player_rows(server.base_url, players, chosen)
    assert row_set(batched) == row_set(expected)
    assert counts["gameLog"] == len(stat_groups(target["position"])) * len(chosen)


def test_a_replay_without_the_batched_route_falls_back_to_per_player_calls(tmp_path: Path) -> None:
    small = FakeSeason(season=SEASON, n_games=40, seed=5)
    documents.write_directory(small, tmp_path, game_pks=[])
    players = read_players(tmp_path / "tracked_players.csv")
    chosen = parse_levels("")
    with start_replay_server(tmp_path) as server:
        batched = planned_rows(server.base_url, players, chosen)
        counts = server.stats()["requests"]
        expected = per_player_rows(server.base_url, players, chosen)
    assert expected and row_set(batched) == row_set(expected)
    groups = sum(len(stat_groups(p["position"])) for p in players)
    assert counts == {"schedule": len(chosen), "people": 1, "gameLog": groups * len(chosen)}


def test_the_loader_plans_against_a_replay_of_per_player_game_logs(duckdb_warehouse: Warehouse, tmp_path: Path) -> None:
    small = FakeSeason(season=SEASON, n_games=40, seed=5)
    documents.write_directory(small, tmp_path / "replay", game_pks=[])
    with start_replay_server(tmp_path / "replay") as server:
        result = duckdb_warehouse.load(
            "--season",
            str(SEASON),
            "--plan",
            "--base-url",
            server.base_url,
            "--players",
            str(tmp_path / "replay" / "tracked_players.csv"),
            "--rate",
            "0",
        )
        counts = server.stats()["requests"]
    assert counts["people"] == 1 and counts["gameLog"] > 0
    assert "games to fetch:" in result.stdout + result.stderr


def test_the_loaders_duckdb_connection_runs_one_thread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The fetch thread parses while a package loads: DuckDB keeps to one core (and a lower peak memory), as
    # .dlt/config.toml says, from any working directory.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MILB_DUCKDB_PATH", str(tmp_path / "milb.duckdb"))
    monkeypatch.setenv("MILB_PIPELINES_DIR", str(tmp_path / "dlt"))
    monkeypatch.delenv("DESTINATION__DUCKDB__CREDENTIALS__GLOBAL_CONFIG", raising=False)
    try:
        with pipelines.open_pipeline("duckdb") as pipeline, pipeline.sql_client() as client:
            assert client.execute_sql("select current_setting('threads')") == [(1,)]
    finally:
        monkeypatch.delenv("DESTINATION__DUCKDB__CREDENTIALS__GLOBAL_CONFIG", raising=False)


def test_the_loaders_duckdb_row_groups_stay_small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A checkpoint rewrites whole the row groups it merges: with raw games rows of hundreds of kB, row groups
    # of DuckDB's default size made one late commit of a season rewrite thousands of games (loader/pipeline.py).
    monkeypatch.setenv("MILB_DUCKDB_PATH", str(tmp_path / "milb.duckdb"))
    monkeypatch.setenv("MILB_PIPELINES_DIR", str(tmp_path / "dlt"))
    with pipelines.open_pipeline("duckdb") as pipeline, pipeline.sql_client() as client:
        client.execute_sql("create table row_group_probe as select range as k from range(5000)")
        client.execute_sql("checkpoint")
        sizes = client.execute_sql(
            "select max(count) from pragma_storage_info('row_group_probe') where column_name = 'k'"
            " group by row_group_id"
        )
    assert len(sizes) == 3 and max(size for (size,) in sizes) == pipelines.RAW_ROW_GROUP_SIZE
    # Closed with the block: another process may open the file at once.
    duckdb.connect(str(tmp_path / "milb.duckdb")).close()
