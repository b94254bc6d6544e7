"""The fast feed reader (``documents.feed_row``) stores what the whole decode (``game_row``) stores.

``feed_row`` reads a compact feed without decoding its play events; a feed it does not take as it is goes
through ``game_row`` and ``check_game_document``. Both ways must accept the same feeds, refuse the same ones
with the same reason, and store the same values (the JSON columns compared as values: the fast way keeps the
feed's own number text, e.g. ``2.50`` where a re-encode writes ``2.5``).
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fake_statsapi import documents as fake_documents
from fake_statsapi.generator import FakeSeason
from loader import documents
from loader.documents import GameDefaults, MalformedDocument, RejectedDocument, compact_json, feed_row
from tests.conftest import REAL_GAMES
from tests.test_feed_parser import FEED, JUNK, PATHS, _mutate

NOW = datetime(2025, 6, 1, tzinfo=UTC)
JSON_COLUMNS = ("all_plays", "boxscore_players")


def whole_way(document: dict[str, Any], game_pk: int, defaults: GameDefaults | None = None) -> dict[str, Any]:
    row = documents.game_row(document, NOW, defaults)
    documents.check_game_document(document, game_pk, row)
    return row


def as_values(row: dict[str, Any]) -> dict[str, Any]:
    return {key: orjson.loads(value) if key in JSON_COLUMNS else value for key, value in row.items()}


def assert_same_row(body: bytes, game_pk: int, defaults: GameDefaults | None = None) -> None:
    compact = compact_json(body)
    fast = documents._fast_row(compact, game_pk, NOW, defaults)
    assert fast is not None, "the fast reader passed a well-formed feed to the whole decode"
    assert as_values(fast) == as_values(whole_way(orjson.loads(body), game_pk, defaults))
    assert feed_row(compact, game_pk, NOW, defaults) == fast


def outcome(read: Any) -> Any:
    try:
        return as_values(read())
    except RejectedDocument as exc:
        return ("rejected", exc.reason, exc.path)
    except MalformedDocument as exc:
        return ("malformed", str(exc))


def test_generated_feeds_of_every_kind_read_the_same() -> None:
    for season in (
        FakeSeason(season=2025, n_games=60, seed=7, live_games=3),
        FakeSeason(season=2019, n_games=30, seed=3),  # the earlier era's documents
    ):
        season.republish(next(game.game_pk for game in season.games if game.fate == "ok"))
        read = 0
        for game in season.games:
            body = fake_documents.feed_bytes(season, game.game_pk)
            if body is None:
                continue
            assert_same_row(body, game.game_pk, GameDefaults(season=season.season, sport_id=game.sport_id))
            read += 1
        assert read > 20


def test_recorded_feeds_read_the_same(shared_statsapi: Path) -> None:
    for game_pk in REAL_GAMES:
        body = (shared_statsapi / "api" / "v1.1" / "game" / str(game_pk) / "feed" / "live.json").read_bytes()
        assert_same_row(body, game_pk)


@pytest.mark.parametrize("text", ["Jos\\u00e9", "nul \\u0000 inside"])
def test_escapes_take_the_whole_way(text: str) -> None:
    """The API writes UTF-8; an escape is decoded (a NUL refused with its path) as the whole way does."""
    if FEED is None:
        pytest.skip("recorded feeds not found")
    body = orjson.dumps(FEED).replace(b'"atBat"', b'"' + text.encode() + b'"', 1)
    compact = compact_json(body)
    assert documents._fast_row(compact, 744914, NOW, None) is None
    assert outcome(lambda: feed_row(compact, 744914, NOW)) == outcome(lambda: whole_way(orjson.loads(body), 744914))


def test_a_lone_surrogate_is_not_json_either_way() -> None:
    body = b'{"gamePk": 1, "liveData": {"plays": {"allPlays": [{"result": {"event": "\\ud800 x"}}]}}}'
    with pytest.raises(msgspec.DecodeError):
        compact_json(body)
    with pytest.raises(orjson.JSONDecodeError):
        orjson.loads(body)


def test_another_games_feed_is_refused_by_both() -> None:
    if FEED is None:
        pytest.skip("recorded feeds not found")
    compact = compact_json(orjson.dumps(FEED))
    with pytest.raises(RejectedDocument, match="wrong_game_pk"):
        feed_row(compact, 1, NOW)


@pytest.mark.skipif(FEED is None, reason="recorded feeds not found")
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    path=st.sampled_from(PATHS),
    action=st.sampled_from(["delete", "replace", "duplicate"]),
    junk=JUNK,
)
def test_a_mutated_feed_has_the_same_outcome_both_ways(path: tuple[Any, ...], action: str, junk: Any) -> None:
    assert FEED is not None
    if action == "duplicate":  # a play or event twice: what check_game_document refuses
        mutated = copy.deepcopy(FEED)
        plays = mutated["liveData"]["plays"]["allPlays"]
        plays.append(copy.deepcopy(plays[0]))
    else:
        mutated = _mutate(FEED, path, action, junk)
    try:
        body = orjson.dumps(mutated)
    except orjson.JSONEncodeError:
        return  # not a document any server can send (an integer past 64 bits)
    compact = compact_json(body)
    assert outcome(lambda: feed_row(compact, 744914, NOW)) == outcome(lambda: whole_way(orjson.loads(body), 744914))


def test_the_readers_play_fields_are_the_kept_keys_in_order() -> None:
    assert tuple(documents._Play.__struct_fields__) == documents.PLAY_KEYS
    assert tuple(documents._Matchup.__struct_fields__) == documents.MATCHUP_KEYS
