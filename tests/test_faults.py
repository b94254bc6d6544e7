"""The loader under the Stats API's faults, on both engines: every game that can be fetched is loaded, every
game that cannot is in the ledger, retries are bounded and counted, and a later run heals what was transient.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from fake_statsapi import documents
from fake_statsapi.faults import Faults
from fake_statsapi.generator import FakeSeason
from fake_statsapi.server import start_server
from tests.conftest import ANALYTICS, CURRENT_GAMES, RAW, Warehouse

pytestmark = pytest.mark.slow
SEASON = 2025
FAST_RETRIES = ("--rate", "0", "--backoff", "0.1", "--max-attempts", "4", "--timeout", "1")


@pytest.fixture(scope="module")
def season() -> FakeSeason:
    return FakeSeason(season=SEASON, n_games=80, seed=9)


def playable(season: FakeSeason) -> list[int]:
    unplayable = set(season.not_found_games()) | set(season.empty_play_games()) | set(season.in_progress_games())
    return [game.game_pk for game in season.games if game.game_pk not in unplayable]


def retries_in(stdout: str) -> int:
    match = re.search(r"\(retries (\d+)\)", stdout)
    assert match, stdout
    return int(match.group(1))


@pytest.fixture
def faulty(season: FakeSeason) -> Iterator[tuple[Any, dict[str, list[int]]]]:
    games = playable(season)
    healed = {  # fail the first attempts only: a retry in the same run gets the game
        games[0]: ("429", 2),
        games[1]: ("503", 2),
        games[2]: ("reset", 1),
        games[3]: ("reset_mid", 1),
        games[4]: ("truncate", 1),
        games[5]: ("invalid_json", 1),
        games[6]: ("hang", 1),
    }
    broken = {games[7]: "500", games[8]: "truncate", games[9]: "reset"}  # every attempt of this run fails
    faults = Faults(seed=3, retry_after_s=1, hang_s=3, fail_game_pks={**healed, **broken})
    groups = {"healed": list(healed), "broken": list(broken), "clean": games[10:16]}
    with start_server(season, faults=faults) as api:
        yield api, groups


def test_faults_end_in_rows_or_ledger_and_a_rerun_heals_the_transient(
    warehouse: Warehouse, faulty: tuple[Any, dict[str, list[int]]], season: FakeSeason
) -> None:
    api, groups = faulty
    missing = [season.not_found_games()[0], season.empty_play_games()[0]]
    wanted = groups["healed"] + groups["broken"] + groups["clean"] + missing
    args = ("--season", str(SEASON), "--games", ",".join(map(str, wanted)), "--base-url", api.base_url)
    first = warehouse.load(*args, *FAST_RETRIES, check=False)
    assert first.returncode == 3, first.stdout + first.stderr
    error = [line for line in first.stderr.splitlines() if line.startswith("error:")]
    assert len(error) == 1 and "3 game(s) could not be fetched" in error[0]
    assert retries_in(first.stdout) >= 2 + 2 + 1 + 1 + 1 + 1 + 1 + 3 * 3

    loaded = {pk for (pk,) in warehouse.query(f"select game_pk from {RAW}.games")}
    assert loaded == set(groups["healed"] + groups["clean"])
    ledger = dict(warehouse.query(f"select game_pk, reason from {RAW}.game_fetch_ledger"))
    assert ledger[missing[0]] == "not_found"
    assert ledger[missing[1]] == "empty_plays"
    assert {ledger[pk] for pk in groups["broken"]} <= {"http_error", "malformed_response"}
    assert set(ledger) == set(missing + groups["broken"])

    # Without faults, the next planned run fetches the transient failures again, not the permanent ones.
    with start_server(season) as healthy:
        planned = (
            "--season",
            str(SEASON),
            "--base-url",
            healthy.base_url,
            "--players",
            str(season.write_tracked_players_csv(warehouse.tmp / "players.csv")),
            *FAST_RETRIES,
        )
        warehouse.load("--games", ",".join(map(str, groups["broken"])), *planned[:1], *planned[1:])
    loaded = {pk for (pk,) in warehouse.query(f"select game_pk from {RAW}.games")}
    assert set(groups["broken"]) <= loaded
    resolved = dict(warehouse.query(f"select game_pk, is_resolved from {RAW}.game_fetch_ledger"))
    assert all(resolved[pk] for pk in groups["broken"])
    assert not resolved[missing[0]] and not resolved[missing[1]]
    assert warehouse.scalar(f"select count(*) - count(distinct game_pk) from {RAW}.games") == 0


def test_a_live_game_is_fetched_until_final_then_never_again(warehouse: Warehouse) -> None:
    season = FakeSeason(season=SEASON, n_games=60, seed=4, live_games=2)
    live = season.in_progress_games()
    assert len(live) == 2
    with start_server(season) as api:
        args = (
            "--season",
            str(SEASON),
            "--all-games",
            "--base-url",
            api.base_url,
            *FAST_RETRIES,
            "--players",
            str(season.write_tracked_players_csv(warehouse.tmp / "players.csv")),
        )
        warehouse.load(*args, check=False)
        states = dict(warehouse.query(f"select game_pk, abstract_game_state from {RAW}.games"))
        assert {states[pk] for pk in live} == {"Live"}
        partial = dict(warehouse.query(f"select game_pk, pitch_count from {RAW}.games"))

        again = warehouse.load(*args, check=False)
        assert "games planned 2," in again.stdout  # the two unfinished games, nothing else

        season.finish_live_games()
        final = warehouse.load(*args, check=False)
        assert "games planned 2," in final.stdout
        states = dict(warehouse.query(f"select game_pk, abstract_game_state from {RAW}.games"))
        assert {states[pk] for pk in live} == {"Final"}
        full = dict(warehouse.query(f"select game_pk, pitch_count from {RAW}.games"))
        assert all(full[pk] > partial[pk] for pk in live)

        after = warehouse.load(*args, check=False)
        assert "games planned 0," in after.stdout
    warehouse.dbt("build", "--select", "+milb_batter_pitches", "--indirect-selection", "cautious")
    rows = dict(warehouse.query(f"select game_pk, count(*) from {ANALYTICS}.milb_batter_pitches group by 1"))
    assert all(rows[pk] == full[pk] for pk in live)


def test_a_republished_game_replaces_its_rows(warehouse: Warehouse) -> None:
    season = FakeSeason(season=SEASON, n_games=40, seed=6)
    game_pk = playable(season)[0]
    with start_server(season) as api:
        args = ("--season", str(SEASON), "--games", str(game_pk), "--base-url", api.base_url, *FAST_RETRIES)
        warehouse.load(*args)
        warehouse.dbt("build", "--select", "+milb_batter_pitches", "--indirect-selection", "cautious")
        before = warehouse.query(
            f"select pitch_number, at_bat_index, pitch_call from {ANALYTICS}.milb_batter_pitches "
            f"where game_pk = {game_pk} order by 2, 1"
        )
        season.republish(game_pk)
        corrected = documents.feed(season, game_pk)
        warehouse.load(*args)
        warehouse.dbt("build", "--select", "+milb_batter_pitches", "--indirect-selection", "cautious")
    after = warehouse.query(
        f"select pitch_number, at_bat_index, pitch_call from {ANALYTICS}.milb_batter_pitches "
        f"where game_pk = {game_pk} order by 2, 1"
    )
    expected = sum(
        1 for play in corrected["liveData"]["plays"]["allPlays"] for event in play["playEvents"] if event.get("isPitch")
    )
    assert len(after) == expected
    assert after != before
    # The corrected version is a second raw row; staging keeps it, the newest by the API's document time.
    assert warehouse.scalar(f"select count(*) from {RAW}.games where game_pk = {game_pk}") == 2
    assert warehouse.scalar(f"select count(*) from {CURRENT_GAMES} where game_pk = {game_pk}") == 1


def test_suspended_and_doubleheader_games_are_each_loaded_once(duckdb_warehouse: Warehouse) -> None:
    season = FakeSeason(season=SEASON, n_games=120, seed=8)
    suspended = season.suspended_games()
    doubleheader = season.doubleheaders()[0]
    with start_server(season) as api:
        duckdb_warehouse.load(
            "--season",
            str(SEASON),
            "--all-games",
            "--base-url",
            api.base_url,
            # No faults here: a 1 s timeout on a loaded machine would retry a feed and count it twice.
            "--rate",
            "0",
            "--timeout",
            "30",
            "--players",
            str(season.write_tracked_players_csv(duckdb_warehouse.tmp / "players.csv")),
        )
        feeds = api.stats()["requests"]["feed"]
    listings = dict(duckdb_warehouse.query(f"select game_pk, count(*) from {RAW}.schedule_games group by 1"))
    assert all(listings[pk] == 2 for pk in suspended)
    held = {
        pk
        for (pk,) in duckdb_warehouse.query(
            f"select game_pk from {RAW}.games union all select game_pk from {RAW}.game_fetch_ledger"
        )
    }
    assert set(suspended) <= held and set(doubleheader) <= held
    assert feeds == len(held)
