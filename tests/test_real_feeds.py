"""The four recorded real game feeds, end to end: replayed over HTTP, loaded by the loader, built by dbt.

Pitch counts must equal the box score's, per game and per batter; non-pitch events must never appear;
``pitch_number`` must be the API's. On DuckDB and on PostgreSQL.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ANALYTICS, CURRENT_GAMES, RAW, REAL_GAMES, Warehouse, make_warehouse, replay_server

pytestmark = pytest.mark.slow
GAME_PKS = ",".join(str(pk) for pk in REAL_GAMES)


def feed_path(root: Path, game_pk: int) -> Path:
    return root / "api" / "v1.1" / "game" / str(game_pk) / "feed" / "live.json"


def read_feed(root: Path, game_pk: int) -> dict[str, Any]:
    return json.loads(feed_path(root, game_pk).read_text(encoding="utf-8"))


def pitches_of(feed: dict[str, Any]) -> list[tuple[int, int, int, int]]:
    """(at_bat_index, event index, pitchNumber, batter id) of every isPitch event, from the JSON itself."""
    return [
        (play["atBatIndex"], event["index"], event["pitchNumber"], play["matchup"]["batter"]["id"])
        for play in feed["liveData"]["plays"]["allPlays"]
        for event in play["playEvents"]
        if event.get("isPitch")
    ]


def box_score_pitches(feed: dict[str, Any]) -> int:
    return sum(
        player["stats"]["pitching"].get("numberOfPitches", 0)
        for side in ("home", "away")
        for player in feed["liveData"]["boxscore"]["teams"][side]["players"].values()
    )


def drop_last_plays(feed: dict[str, Any], count: int) -> None:
    """Remove the last plays and take them out of the box score, as a corrected re-publication would.

    The removed plays' pitches come off the pitcher of each play (none of them has a mid-at-bat pitching
    change), their plate appearances off the batter.
    """
    plays = feed["liveData"]["plays"]["allPlays"]
    removed, feed["liveData"]["plays"]["allPlays"] = plays[-count:], plays[:-count]
    pitches: Counter[int] = Counter()
    appearances: Counter[int] = Counter()
    for play in removed:
        appearances[play["matchup"]["batter"]["id"]] += 1
        pitches[play["matchup"]["pitcher"]["id"]] += sum(1 for e in play["playEvents"] if e.get("isPitch"))
    for side in ("home", "away"):
        for player in feed["liveData"]["boxscore"]["teams"][side]["players"].values():
            stats, person = player["stats"], player["person"]["id"]
            if stats.get("pitching") and person in pitches:
                stats["pitching"]["numberOfPitches"] -= pitches[person]
            if stats.get("batting") and person in appearances:
                stats["batting"]["plateAppearances"] -= appearances[person]


def live_snapshot(feed: dict[str, Any], plays: int, events: int) -> dict[str, Any]:
    """The feed as a poll in the middle of an inning would have it, in the 2021 shape.

    The first ``plays`` plays are done; the next one is in progress with its first ``events`` events (no
    result yet). The status is Live; like a real 2021 in-progress feed it has no ``officialDate``.
    """
    snapshot = json.loads(json.dumps(feed))
    done = snapshot["liveData"]["plays"]["allPlays"][:plays]
    current = snapshot["liveData"]["plays"]["allPlays"][plays]
    assert current["about"]["halfInning"] == done[-1]["about"]["halfInning"], "cut in the middle of an inning"
    current["playEvents"] = current["playEvents"][:events]
    current["result"] = {"type": "atBat"}
    current["about"]["isComplete"] = False
    snapshot["liveData"]["plays"]["allPlays"] = [*done, current]
    snapshot["gameData"]["status"].update(abstractGameState="Live", detailedState="In Progress", codedGameState="I")
    del snapshot["gameData"]["datetime"]["officialDate"]
    return snapshot


@pytest.mark.parametrize("target", ["duckdb", "postgres"])
def test_a_live_snapshot_loads_and_is_fetched_again_until_final(
    target: str, tmp_path: Path, shared_statsapi: Path
) -> None:
    feed = read_feed(shared_statsapi, 718594)
    snapshot = live_snapshot(feed, plays=40, events=2)
    expected_live = len(pitches_of(snapshot))
    write_feed(tmp_path / "live", 718594, snapshot)
    (tmp_path / "warehouse").mkdir()
    for warehouse in make_warehouse(target, tmp_path / "warehouse"):
        with replay_server(tmp_path / "live") as base_url:
            warehouse.load("--season", "2023", "--games", "718594", "--base-url", base_url)
        row = warehouse.query(f"select abstract_game_state, cast(game_date as varchar), season from {RAW}.games")
        assert row == [("Live", feed["gameData"]["datetime"]["originalDate"], 2023)]
        warehouse.dbt("build")
        assert warehouse.scalar(f"select count(*) from {ANALYTICS}.milb_batter_pitches") == expected_live
        in_progress = warehouse.query(
            f"select is_complete, is_plate_appearance from {ANALYTICS}.milb_plate_appearances where at_bat_index = 40"
        )
        assert in_progress == [(False, False)]
        # The next run fetches it again (it is not Final in the warehouse): the Final feed replaces it.
        with replay_server(shared_statsapi) as base_url:
            warehouse.load("--season", "2023", "--base-url", base_url, "--games", "718594")
        # Raw games only appends: the Final feed is the game's newest version, the one staging keeps.
        assert warehouse.query(f"select abstract_game_state from {CURRENT_GAMES}") == [("Final",)]
        warehouse.dbt("build")
        assert warehouse.scalar(f"select count(*) from {ANALYTICS}.milb_batter_pitches") == REAL_GAMES[718594]
        assert warehouse.query(
            f"select pitch_count_gap, plate_appearance_gap from {ANALYTICS}.milb_game_reconciliation"
        ) == [(0, 0)]


def write_feed(root: Path, game_pk: int, feed: dict[str, Any]) -> None:
    target = feed_path(root, game_pk)
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps(feed), encoding="utf-8")


@pytest.fixture(scope="module", params=["duckdb", "postgres"])
def built(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, shared_statsapi: Path
) -> Iterator[Warehouse]:
    """The four real games loaded and built once per engine."""
    tmp = tmp_path_factory.mktemp(f"real-{request.param}")
    for warehouse in make_warehouse(request.param, tmp):
        with replay_server(shared_statsapi) as base_url:
            warehouse.load("--season", "2024", "--games", GAME_PKS, "--base-url", base_url)
        warehouse.dbt("build")
        yield warehouse


def test_pitches_per_game_equal_the_box_score(built: Warehouse, shared_statsapi: Path) -> None:
    counts = dict(built.query(f"select game_pk, count(*) from {ANALYTICS}.milb_batter_pitches group by game_pk"))
    assert counts == REAL_GAMES
    for game_pk, expected in REAL_GAMES.items():
        assert box_score_pitches(read_feed(shared_statsapi, game_pk)) == expected
    pitcher_counts = dict(
        built.query(f"select game_pk, count(*) from {ANALYTICS}.milb_pitcher_pitches group by game_pk")
    )
    assert pitcher_counts == REAL_GAMES


def test_pitches_per_batter_equal_the_play_by_play(built: Warehouse, shared_statsapi: Path) -> None:
    for game_pk in REAL_GAMES:
        expected = Counter(batter for *_, batter in pitches_of(read_feed(shared_statsapi, game_pk)))
        rows = built.query(
            f"select mlb_batter_id, count(*) from {ANALYTICS}.milb_batter_pitches where game_pk = {game_pk} group by 1"
        )
        assert dict(rows) == dict(expected)


def test_only_pitches_with_the_apis_pitch_number(built: Warehouse, shared_statsapi: Path) -> None:
    for game_pk in REAL_GAMES:
        expected = {(ab, number) for ab, _, number, _ in pitches_of(read_feed(shared_statsapi, game_pk))}
        rows = built.query(
            f"select at_bat_index, pitch_number from {ANALYTICS}.milb_batter_pitches where game_pk = {game_pk}"
        )
        assert len(rows) == len(expected)
        assert set(rows) == expected


def box_score_plate_appearances(feed: dict[str, Any]) -> Counter[int]:
    """Each batter's ``plateAppearances`` in the feed's box score (batters with none left out)."""
    appearances: Counter[int] = Counter()
    for side in ("home", "away"):
        for player in feed["liveData"]["boxscore"]["teams"][side]["players"].values():
            count = player["stats"].get("batting", {}).get("plateAppearances", 0)
            if count:
                appearances[player["person"]["id"]] += count
    return appearances


def test_plate_appearances_per_game_equal_the_box_score(built: Warehouse, shared_statsapi: Path) -> None:
    rows = built.query(
        "select game_pk, plate_appearance_count, boxscore_plate_appearance_count "
        f"from {ANALYTICS}.milb_game_reconciliation"
    )
    assert {game_pk for game_pk, *_ in rows} == set(REAL_GAMES)
    for game_pk, loaded, official in rows:
        assert loaded == official == sum(box_score_plate_appearances(read_feed(shared_statsapi, game_pk)).values())


def test_plate_appearances_per_batter_equal_the_box_score(built: Warehouse, shared_statsapi: Path) -> None:
    for game_pk in REAL_GAMES:
        rows = built.query(
            f"select mlb_batter_id, count(*) from {ANALYTICS}.milb_plate_appearances "
            f"where game_pk = {game_pk} and is_plate_appearance group by 1"
        )
        assert dict(rows) == dict(box_score_plate_appearances(read_feed(shared_statsapi, game_pk)))


def test_every_real_result_is_in_the_event_type_registry(built: Warehouse) -> None:
    unknown = built.query(
        f"select distinct pa_result from {ANALYTICS}.milb_plate_appearances "
        f"where pa_result is not null and pa_result not in (select code from {ANALYTICS}.event_types)"
    )
    assert unknown == []


def test_mlb_games_are_labelled_mlb(built: Warehouse) -> None:
    assert built.query(f"select distinct level from {ANALYTICS}.milb_batter_pitches") == [("MLB",)]


def test_count_before_the_pitch(built: Warehouse, shared_statsapi: Path) -> None:
    feed = read_feed(shared_statsapi, 744914)
    expected = {}
    for play in feed["liveData"]["plays"]["allPlays"]:
        balls = strikes = 0
        for event in play["playEvents"]:
            if event.get("isPitch"):
                expected[(play["atBatIndex"], event["pitchNumber"])] = (balls, strikes)
            balls, strikes = event["count"]["balls"], event["count"]["strikes"]
    rows = built.query(
        f"select at_bat_index, pitch_number, balls, strikes from {ANALYTICS}.milb_batter_pitches where game_pk = 744914"
    )
    assert {(ab, n): (b, s) for ab, n, b, s in rows} == expected


def test_a_second_identical_run_changes_nothing(built: Warehouse, shared_statsapi: Path) -> None:
    checksum = (
        "select count(*), sum(at_bat_index * 1000 + pitch_number), count(distinct raw_load_id) "
        f"from {ANALYTICS}.milb_batter_pitches"
    )
    before = built.query(checksum)
    with replay_server(shared_statsapi) as base_url:
        built.load("--season", "2024", "--games", GAME_PKS, "--base-url", base_url)
    built.dbt("build")
    after = built.query(checksum)
    assert after[0][:2] == before[0][:2]
    assert built.scalar(f"select count(*) from {CURRENT_GAMES}") == len(REAL_GAMES)


def test_a_republished_game_replaces_its_rows(built: Warehouse, shared_statsapi: Path, tmp_path: Path) -> None:
    feed = read_feed(shared_statsapi, 718594)
    drop_last_plays(feed, 5)
    expected = len(pitches_of(feed))
    assert expected < REAL_GAMES[718594]
    target = feed_path(tmp_path, 718594)
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps(feed), encoding="utf-8")
    with replay_server(tmp_path) as base_url:
        built.load("--season", "2023", "--games", "718594", "--base-url", base_url)
    built.dbt("build")
    counts = dict(built.query(f"select game_pk, count(*) from {ANALYTICS}.milb_batter_pitches group by game_pk"))
    assert counts == {**REAL_GAMES, 718594: expected}
    assert built.scalar(f"select count(*) from {CURRENT_GAMES}") == len(REAL_GAMES)
