"""Feeds that parse but would store wrong rows are quarantined in the ledger, on both engines; the rest loads.

Each case is a real failure seen in the wild or in an attack on the load: a NUL character (PostgreSQL's jsonb
refuses it), another game's feed served at this game's path, a play or a pitch repeated, a negative pitch
number. None may block the chunk it is in, be retried forever, or reach the pitch tables.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import orjson
import pytest

from fake_statsapi import documents
from fake_statsapi.generator import FakeSeason
from loader.documents import RejectedDocument, check_game_document, game_row
from loader.plan import PERMANENT_REASONS
from tests.conftest import ANALYTICS, CURRENT_GAMES, RAW, Warehouse, replay_server

pytestmark = pytest.mark.slow
SEASON = 2025


def _first_pitch(document: dict[str, Any]) -> tuple[int, int]:
    for play_index, play in enumerate(document["liveData"]["plays"]["allPlays"]):
        for event_index, event in enumerate(play["playEvents"]):
            if event.get("isPitch") and event.get("pitchNumber"):
                return play_index, event_index
    raise AssertionError("no pitch in the feed")


def _poison(kind: str, document: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    document = copy.deepcopy(document)
    plays = document["liveData"]["plays"]["allPlays"]
    play_index, event_index = _first_pitch(document)
    if kind == "nul_character":
        plays[3]["result"]["description"] = "Runner\x00 out"
    elif kind == "wrong_game_pk":
        return copy.deepcopy(other)
    elif kind == "duplicate_play":
        plays.insert(5, copy.deepcopy(plays[4]))
    elif kind == "duplicate_pitch":
        events = plays[play_index]["playEvents"]
        events.insert(event_index + 1, copy.deepcopy(events[event_index]))
    elif kind == "invalid_pitch_number":
        plays[play_index]["playEvents"][event_index]["pitchNumber"] = -1
    return document


KINDS = ("nul_character", "wrong_game_pk", "duplicate_play", "duplicate_pitch", "invalid_pitch_number")
PATHS = {
    "nul_character": "liveData.plays.allPlays[3].result.description",
    "wrong_game_pk": "gamePk",
    "duplicate_play": "liveData.plays.allPlays[5].atBatIndex",
}


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int], list[int]]:
    season = FakeSeason(season=SEASON, n_games=40, seed=21)
    unplayable = set(season.not_found_games()) | set(season.empty_play_games()) | set(season.in_progress_games())
    games = [game.game_pk for game in season.games if game.game_pk not in unplayable]
    root = documents.write_directory(season, tmp_path_factory.mktemp("poison"), game_pks=games[:12])
    by_kind = dict(zip(KINDS, games, strict=False))
    for kind, game_pk in by_kind.items():
        path = root / "api" / "v1.1" / "game" / str(game_pk) / "feed" / "live.json"
        other = documents.feed(season, games[11])
        path.write_bytes(orjson.dumps(_poison(kind, documents.feed(season, game_pk), other)))
    return root, by_kind, games[:12]


@pytest.mark.parametrize("kind", KINDS)
def test_each_poison_is_named_with_its_json_path(kind: str) -> None:
    season = FakeSeason(season=SEASON, n_games=20, seed=21)
    game_pk, other_pk = season.games[0].game_pk, season.games[1].game_pk
    document = _poison(kind, documents.feed(season, game_pk), documents.feed(season, other_pk))
    with pytest.raises(RejectedDocument) as caught:
        check_game_document(document, game_pk, game_row(document, season.games[0].start_utc))
    assert caught.value.reason == kind
    if kind in PATHS:
        assert caught.value.path == PATHS[kind]
    else:
        assert caught.value.path.endswith(".pitchNumber") or caught.value.path.endswith(".index")


def test_a_poisoned_game_is_ledgered_and_the_rest_of_its_chunk_loads(
    warehouse: Warehouse, poisoned: tuple[Path, dict[str, int], list[int]]
) -> None:
    root, by_kind, games = poisoned
    with replay_server(root) as base_url:
        args = ("--season", str(SEASON), "--base-url", base_url, "--rate", "0", "--games", ",".join(map(str, games)))
        first = warehouse.load(*args)
        assert first.returncode == 0, first.stderr
        warehouse.load(*args)  # explicit games are always fetched: the same rows, nothing doubled
    assert set(KINDS) <= PERMANENT_REASONS  # quarantined: a plan skips them unless --retry-missing
    assert warehouse.scalar(f"select count(*) - count(distinct game_pk) from {RAW}.game_fetch_ledger") == 0
    ledger = dict(warehouse.query(f"select game_pk, reason from {RAW}.game_fetch_ledger where not is_resolved"))
    assert {ledger[game_pk] for game_pk in by_kind.values()} == set(KINDS)
    details = dict(warehouse.query(f"select game_pk, detail from {RAW}.game_fetch_ledger"))
    for kind, path in PATHS.items():
        assert path in details[by_kind[kind]]
    loaded = {pk for (pk,) in warehouse.query(f"select game_pk from {CURRENT_GAMES}")}
    assert loaded == set(games) - set(by_kind.values())
    warehouse.dbt("build")
    in_marts = {pk for (pk,) in warehouse.query(f"select distinct game_pk from {ANALYTICS}.milb_batter_pitches")}
    assert in_marts == loaded
