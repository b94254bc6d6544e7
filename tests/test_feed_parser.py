"""The feed parser against malformed input: shapes of the real feeds, mutated by hypothesis.

Whatever the API sends, the parser either returns a row the raw schema accepts or raises
MalformedDocument (a ledger row, 'malformed_response'); never another exception that would stop a load.
"""

from __future__ import annotations

import contextlib
import copy
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loader.documents import (
    GameDefaults,
    MalformedDocument,
    game_log_rows,
    game_row,
    people_game_log_rows,
    schedule_rows,
)
from tests.conftest import SHARED_STATSAPI

NOW = datetime(2025, 6, 1, tzinfo=UTC)
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _small_feed() -> dict[str, Any]:
    path = SHARED_STATSAPI / "api" / "v1.1" / "game" / "744914" / "feed" / "live.json"
    if not path.is_file():
        pytest.skip(f"recorded feed not found at {path}")
    feed = json.loads(path.read_text(encoding="utf-8"))
    feed["liveData"]["plays"]["allPlays"] = feed["liveData"]["plays"]["allPlays"][:6]
    return feed


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            if (
                key in ("liveData", "gameData", "plays", "allPlays", "playEvents", "teams", "boxscore")
                or len(prefix) < 7
            ):
                found.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node[:2]):
            found.extend(_paths(value, (*prefix, index)))
    return found


FEED = _small_feed() if (SHARED_STATSAPI / "api").is_dir() else None
PATHS = _paths(FEED) if FEED else [("gamePk",)]


def _mutate(feed: dict[str, Any], path: tuple[Any, ...], action: str, junk: Any) -> dict[str, Any]:
    mutated = copy.deepcopy(feed)
    parent: Any = mutated
    for key in path[:-1]:
        parent = parent[key]
    if action == "delete":
        if isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent.pop(path[-1])
    else:
        parent[path[-1]] = junk
    return mutated


def check_row(row: dict[str, Any]) -> None:
    assert isinstance(row["game_pk"], int)
    assert isinstance(row["season"], int)
    assert isinstance(row["game_date"], date)
    assert isinstance(row["abstract_game_state"], str | type(None))
    plays = orjson.loads(row["all_plays"])
    assert isinstance(plays, list) and len(plays) == row["play_count"]
    assert row["pitch_count"] == sum(1 for p in plays for e in p["playEvents"] if e.get("isPitch") is True)
    assert isinstance(orjson.loads(row["boxscore_players"]), list)


@pytest.mark.skipif(FEED is None, reason=f"recorded feeds not found at {SHARED_STATSAPI}")
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(PATHS), action=st.sampled_from(["delete", "replace"]), junk=JUNK)
def test_a_mutated_real_feed_is_a_row_or_malformed(path: tuple[Any, ...], action: str, junk: Any) -> None:
    try:
        row = game_row(_mutate(FEED, path, action, junk), NOW)
    except MalformedDocument:
        return
    check_row(row)


@settings(max_examples=200, deadline=None)
@given(
    document=st.recursive(
        JUNK,
        lambda inner: st.dictionaries(st.text(max_size=12), inner, max_size=4) | st.lists(inner, max_size=3),
        max_leaves=20,
    )
)
def test_arbitrary_json_never_escapes_as_another_exception(document: Any) -> None:
    for parse in (
        lambda d: game_row(d, NOW),
        lambda d: list(game_log_rows(d, "hitting", NOW)),
        lambda d: people_game_log_rows(d, NOW),
        lambda d: list(schedule_rows(d, 11, NOW)),
    ):
        with contextlib.suppress(MalformedDocument):
            parse(
                document if isinstance(document, dict) else {"stats": document, "dates": document, "people": document}
            )


def test_the_malformed_fragment_is_reported_not_raised() -> None:
    path = SHARED_STATSAPI / "fragments" / "malformed_play_events.json"
    if not path.is_file():
        pytest.skip(f"recorded fragment not found at {path}")
    play = json.loads(path.read_text(encoding="utf-8-sig"))
    feed = _small_feed()
    feed["liveData"]["plays"]["allPlays"] = [play] if isinstance(play, dict) else play
    with contextlib.suppress(MalformedDocument):
        check_row(game_row(feed, NOW))


def test_real_feed_parses(tmp_path: Path) -> None:
    if FEED is None:
        pytest.skip(f"recorded feeds not found at {SHARED_STATSAPI}")
    row = game_row(FEED, NOW)
    check_row(row)
    assert row["game_pk"] == 744914 and row["home_sport_id"] == 1


def _earlier_era(feed: dict[str, Any]) -> dict[str, Any]:
    """The feed as a 2021 in-progress one has it: no officialDate (originalDate and dateTime only)."""
    feed = copy.deepcopy(feed)
    del feed["gameData"]["datetime"]["officialDate"]
    return feed


def test_a_feed_without_official_date_takes_its_original_date() -> None:
    if FEED is None:
        pytest.skip(f"recorded feeds not found at {SHARED_STATSAPI}")
    feed = _earlier_era(FEED)
    row = game_row(feed, NOW)
    check_row(row)
    assert row["game_date"] == date.fromisoformat(feed["gameData"]["datetime"]["originalDate"])


def test_a_feed_without_any_date_takes_the_schedule_day_and_the_requested_season_and_sport() -> None:
    if FEED is None:
        pytest.skip(f"recorded feeds not found at {SHARED_STATSAPI}")
    feed = _earlier_era(FEED)
    del feed["gameData"]["datetime"]["originalDate"]
    del feed["gameData"]["game"]["season"]
    del feed["gameData"]["teams"]["home"]["sport"]
    row = game_row(feed, NOW, GameDefaults(season=2021, game_date=date(2021, 5, 4), sport_id=12))
    check_row(row)
    assert (row["season"], row["game_date"], row["home_sport_id"]) == (2021, date(2021, 5, 4), 12)


@pytest.mark.parametrize(
    ("path", "named"),
    [
        (("gameData", "datetime"), "gameData.datetime.officialDate"),
        (("gameData", "game", "season"), "gameData.game.season"),
        (("gameData", "teams", "home", "sport"), "gameData.teams.home.sport.id"),
        (("gameData", "status", "abstractGameState"), "gameData.status.abstractGameState"),
    ],
)
def test_a_truly_required_field_missing_is_named_by_its_path(path: tuple[str, ...], named: str) -> None:
    if FEED is None:
        pytest.skip(f"recorded feeds not found at {SHARED_STATSAPI}")
    feed = copy.deepcopy(FEED)
    parent = feed
    for key in path[:-1]:
        parent = parent[key]
    del parent[path[-1]]
    with pytest.raises(MalformedDocument, match=named.replace(".", r"\.")):
        game_row(feed, NOW)


def test_a_2019_schedule_listing_takes_the_day_it_is_listed_under() -> None:
    document = {
        "dates": [
            {
                "date": "2019-04-06",
                "games": [{"gamePk": 566001, "gameType": "R", "status": {"abstractGameState": "Final"}}],
            }
        ]
    }
    (row,) = schedule_rows(document, 13, NOW, season=2019)
    assert (row["game_date"], row["season"]) == (date(2019, 4, 6), 2019)


def _split(game_pk: int, sport: dict[str, Any] | None, player: int | None = 7) -> dict[str, Any]:
    split: dict[str, Any] = {
        "season": "2025",
        "date": "2025-05-01",
        "game": {"gamePk": game_pk},
        "stat": {"numberOfPitches": 12, "plateAppearances": 3},
        "team": {"id": 500},
        "league": {"id": 117},
    }
    if sport is not None:
        split["sport"] = sport
    if player is not None:
        split["player"] = {"id": player}
    return split


def _people(*people: dict[str, Any]) -> dict[str, Any]:
    return {"copyright": "", "people": list(people)}


def _block(group: str, *splits: dict[str, Any], kind: str = "gameLog") -> dict[str, Any]:
    return {"group": {"displayName": group}, "type": {"displayName": kind}, "splits": list(splits)}


def test_batched_game_logs_are_the_per_player_rows_by_person() -> None:
    split = _split(1001, {"id": 11, "abbreviation": "AAA"})
    batched = people_game_log_rows(
        _people(
            {"id": 7, "stats": [_block("hitting", split), _block("pitching", _split(1002, {"id": 12}))]},
            {"id": 8},  # a person without game logs
        ),
        NOW,
    )
    single = list(game_log_rows({"stats": [_block("hitting", split)]}, "hitting", NOW))
    assert batched.rows[7][0] == single[0]
    assert [(row["stat_group"], row["sport_id"], row["game_pk"]) for row in batched.rows[7]] == [
        ("hitting", 11, 1001),
        ("pitching", 12, 1002),
    ]
    assert batched.rows[8] == [] and batched.unlabelled == set()


def test_batched_splits_take_the_persons_id_and_skip_other_stat_types() -> None:
    batched = people_game_log_rows(
        _people(
            {
                "id": 9,
                "stats": [
                    _block("hitting", _split(1, {"id": 13}, player=None)),
                    _block("hitting", _split(2, {"id": 13}), kind="season"),
                ],
            }
        ),
        NOW,
    )
    assert [(row["player_id"], row["game_pk"]) for row in batched.rows[9]] == [(9, 1)]


def test_a_batched_split_without_sport_marks_its_person_unlabelled() -> None:
    batched = people_game_log_rows(
        _people(
            {"id": 7, "stats": [_block("hitting", _split(1, {"id": 11}), _split(2, None))]},
            {"id": 8, "stats": [_block("pitching", _split(3, {"abbreviation": "AA"}))]},
            {"id": 9, "stats": [_block("pitching", _split(4, {"id": 14}))]},
        ),
        NOW,
    )
    assert batched.unlabelled == {7, 8}
    assert 7 not in batched.rows and 8 not in batched.rows
    assert [row["game_pk"] for row in batched.rows[9]] == [4]


@pytest.mark.parametrize(
    "document",
    [
        {},
        {"people": {}},
        {"people": [1]},
        {"people": [{"stats": []}]},
        {"people": [{"id": 7, "stats": {}}]},
        {"people": [{"id": 7, "stats": [{"type": {"displayName": "gameLog"}, "splits": []}]}]},
        {"people": [{"id": 7, "stats": [_block("hitting", _split(1, {"id": 11}) | {"game": {}})]}]},
    ],
)
def test_a_malformed_batched_response_is_reported(document: dict[str, Any]) -> None:
    with pytest.raises(MalformedDocument):
        people_game_log_rows(document, NOW)


def test_an_integer_past_64_bits_is_malformed_not_a_crash() -> None:
    feed = _small_feed()
    feed["liveData"]["plays"]["allPlays"][0]["playEvents"][0]["pitchData"] = {"startSpeed": 2**70}
    with pytest.raises(MalformedDocument, match="cannot be stored as JSON"):
        game_row(feed, NOW)
