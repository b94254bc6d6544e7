"""A warehouse of the user's own season builds green: no demo data in the product, thresholds that hold mid-season.

The product's defaults (no ``--vars``) are held to a generated season whose tracked players are not the demo's,
loaded part-way (games in progress) and again once they are Final, on DuckDB and PostgreSQL.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from fake_statsapi import FakeSeason, documents, start_server
from fake_statsapi.players import write_tracked_players_csv
from tests.conftest import ANALYTICS, CURRENT_GAMES, RAW, ROOT, Warehouse

SEASON = 2024
LEVELS = "AAA,AA,A+,A,ROK,MLB"
# Invented prospects of the user's own: none of the demo's ids (7000xx), names or organizations' order.
OWN_PLAYERS = [
    {"player_id": 810001, "full_name": "Alder Quintero", "position": "2B", "organization": "Miami Marlins"},
    {"player_id": 810002, "full_name": "Bram Ostrowski", "position": "LHP", "organization": "Oakland Athletics"},
    {"player_id": 810003, "full_name": "Cato Ferreira", "position": "CF", "organization": "St. Louis Cardinals"},
    {"player_id": 810004, "full_name": "Dax Whitfield", "position": "RHP", "organization": "Arizona Diamondbacks"},
    {"player_id": 810005, "full_name": "Emil Sandoval", "position": "SS", "organization": "Colorado Rockies"},
    {"player_id": 810006, "full_name": "Fitz Okafor", "position": "C", "organization": "San Francisco Giants"},
]


def make_build(warehouse: Warehouse) -> subprocess.CompletedProcess[str]:
    """``make build`` as a user runs it: the product's vars, nothing passed."""
    result = subprocess.run(
        ["make", "--no-print-directory", "build", f"target={warehouse.target}"],
        cwd=ROOT,
        env=warehouse.environ(),
        capture_output=True,
        text=True,
        timeout=1200,
    )
    warehouse.dbt_log.append(result.stdout)
    return result


def load(warehouse: Warehouse, base_url: str, players_csv: Path) -> None:
    warehouse.load(
        "--season",
        str(SEASON),
        "--base-url",
        base_url,
        "--players",
        str(players_csv),
        "--all-games",
        "--levels",
        LEVELS,
        "--rate",
        "0",
    )


def test_postseason_game_types_are_asked_of_the_schedule(duckdb_warehouse: Warehouse, tmp_path: Path) -> None:
    season = FakeSeason(season=SEASON, n_games=40, seed=23, tracked_players=OWN_PLAYERS)
    players_csv = write_tracked_players_csv(OWN_PLAYERS, tmp_path / "my_players.csv")
    with start_server(season) as api:
        duckdb_warehouse.load(
            "--plan",
            "--season",
            str(SEASON),
            "--base-url",
            api.base_url,
            "--players",
            str(players_csv),
            "--levels",
            "AAA,AA",
            "--game-types",
            "R,F,D",
            "--rate",
            "0",
        )
        assert api.stats()["requests"]["schedule"] == 2 * 3


@pytest.mark.slow
def test_a_season_of_other_players_builds_green_mid_season_and_at_its_end(warehouse: Warehouse, tmp_path: Path) -> None:
    season = FakeSeason(season=SEASON, n_games=160, seed=23, tracked_players=OWN_PLAYERS, live_games=3)
    players_csv = write_tracked_players_csv(OWN_PLAYERS, tmp_path / "my_players.csv")
    live = season.in_progress_games()
    assert len(live) == 3
    with start_server(season) as api:
        load(warehouse, api.base_url, players_csv)
        states = dict(warehouse.query(f"select game_pk, abstract_game_state from {RAW}.games"))
        assert {states[pk] for pk in live} == {"Live"}
        mid_season = make_build(warehouse)
        assert mid_season.returncode == 0, mid_season.stdout[-6000:]
        assert "ERROR=0" in mid_season.stdout and "SKIP=0" in mid_season.stdout
        # A game in progress is in the warehouse with the plays it had, and fetched again until it is Final.
        season.finish_live_games()
        api.reset_stats()
        load(warehouse, api.base_url, players_csv)
        assert api.stats()["requests"].get("feed") == len(live)
    states = dict(warehouse.query(f"select game_pk, abstract_game_state from {CURRENT_GAMES}"))
    assert {states[pk] for pk in live} == {"Final"}
    # Raw games only appends: the games fetched again are a second version each, staging keeps one per game.
    assert warehouse.scalar(f"select count(*) from {RAW}.games") == len(states) + len(live)
    end = make_build(warehouse)
    assert end.returncode == 0, end.stdout[-6000:]
    assert "ERROR=0" in end.stdout and "SKIP=0" in end.stdout
    tracked = {row[0] for row in warehouse.query(f"select distinct player_id from {ANALYTICS}.milb_player_coverage")}
    assert tracked and tracked <= {player["player_id"] for player in OWN_PLAYERS}
    # The finished games reconcile with their box scores like every other.
    rows = warehouse.query(
        f"select game_pk, pitch_count_gap, plate_appearance_gap from {ANALYTICS}.milb_game_reconciliation "
        f"where game_pk in ({', '.join(str(pk) for pk in live)})"
    )
    assert sorted(rows) == sorted((pk, 0, 0) for pk in live)
    # Innings that end on a runner's out (caught stealing, pickoff caught stealing, other_out) are in it, and
    # plate appearances reconcile exactly, per game and per batter, with the box score.
    runner_outs = warehouse.query(
        f"select distinct pa_result from {ANALYTICS}.milb_plate_appearances "
        "where is_complete and not is_plate_appearance"
    )
    assert {row[0] for row in runner_outs} == {"caught_stealing_2b", "pickoff_caught_stealing_2b", "other_out"}
    gaps = warehouse.query(
        "select count(*), sum(abs(plate_appearance_gap)), sum(batter_plate_appearance_gap), sum(pitcher_pitch_gap) "
        f"from {ANALYTICS}.milb_game_reconciliation where game_state = 'Final'"
    )
    assert gaps[0][0] > 100 and gaps[0][1:] == (0, 0, 0)


@pytest.mark.slow
def test_a_failing_coverage_test_skips_no_coverage_mart(duckdb_warehouse: Warehouse, tmp_path: Path) -> None:
    season = FakeSeason(season=SEASON, n_games=80, seed=23, tracked_players=OWN_PLAYERS)
    players_csv = write_tracked_players_csv(OWN_PLAYERS, tmp_path / "my_players.csv")
    with start_server(season) as api:
        load(duckdb_warehouse, api.base_url, players_csv)
    failing = duckdb_warehouse.dbt(
        "build",
        "--vars",
        '{"top_tracked_hitter_min_coverage": 1.5, "multi_level_min_coverage": 1.5, '
        '"player_game_reconciliation_tolerance": -1}',
        check=False,
    )
    assert failing.returncode != 0
    assert "assert_top_tracked_hitters_are_covered" in failing.stdout
    assert "assert_tracked_player_games_reconcile" in failing.stdout
    assert "SKIP=0" in failing.stdout, failing.stdout[-6000:]
    for mart in (
        "milb_level_coverage",
        "milb_player_coverage",
        "milb_player_game_reconciliation",
        "milb_game_reconciliation",
    ):
        assert duckdb_warehouse.scalar(f"select count(*) from {ANALYTICS}.{mart}") > 0


@pytest.mark.slow
def test_an_earlier_era_season_loads_and_builds_green(warehouse: Warehouse, tmp_path: Path) -> None:
    season = FakeSeason(season=2019, n_games=60, seed=31, tracked_players=OWN_PLAYERS)
    pk = next(game.game_pk for game in season.games if game.fate == "ok")
    feed = documents.feed(season, pk)
    assert feed is not None and "officialDate" not in feed["gameData"]["datetime"]
    players_csv = write_tracked_players_csv(OWN_PLAYERS, tmp_path / "my_players.csv")
    with start_server(season) as api:
        warehouse.load(
            "--season", "2019", "--base-url", api.base_url, "--players", str(players_csv),
            "--all-games", "--levels", LEVELS, "--rate", "0",
        )  # fmt: skip
    assert warehouse.scalar(f"select count(*) from {RAW}.game_fetch_ledger where reason = 'malformed_response'") == 0
    dates = dict(warehouse.query(f"select game_pk, cast(game_date as varchar) from {RAW}.games"))
    assert dates[pk] == feed["gameData"]["datetime"]["originalDate"]
    build = make_build(warehouse)
    assert build.returncode == 0, build.stdout[-6000:]
    assert "ERROR=0" in build.stdout and "SKIP=0" in build.stdout
    assert warehouse.scalar(f"select count(break_vertical_induced) from {ANALYTICS}.milb_batter_pitches") == 0
    assert warehouse.scalar(f"select count(*) from {ANALYTICS}.milb_batter_pitches where season = 2019") > 1000
