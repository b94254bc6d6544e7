"""Turn Stats API documents into raw-schema rows (see docs/raw_schema.md).

Pure functions, no I/O: the feed parser is where malformed input is caught, so it is easy to test and fuzz.
Nested play-by-play stays nested (one json value per game); dbt unnests it in SQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import msgspec
import orjson

# The parts of a play that the models read; runners, credits and indexes are dropped to keep rows small.
PLAY_KEYS = ("atBatIndex", "result", "about", "count", "matchup", "playEvents")
MATCHUP_KEYS = ("batter", "batSide", "pitcher", "pitchHand")


class MalformedDocument(ValueError):
    """A document that does not have the shape the Stats API promises."""


class RejectedDocument(ValueError):
    """A game document that parses but cannot be stored as it is: quarantined in the ledger, never retried alone.

    Attributes:
        reason: the ledger reason (one of ``REJECTION_REASONS``).
        path: the JSON path of the offending value, e.g. ``liveData.plays.allPlays[12].atBatIndex``.
    """

    def __init__(self, reason: str, path: str, detail: str = "") -> None:
        super().__init__(f"{reason} at {path}" + (f": {detail}" if detail else ""))
        self.reason = reason
        self.path = path


# Ledger reasons of a rejected document (see RejectedDocument and check_game_document).
REJECTION_REASONS = frozenset(
    {"wrong_game_pk", "nul_character", "duplicate_play", "duplicate_pitch", "invalid_pitch_number"}
)


@dataclass(frozen=True)
class GameDefaults:
    """What the load already knows of a game, for fields its feed may lack in some era.

    Attributes:
        season: the season of the request (a feed without ``gameData.game.season``).
        game_date: the schedule day (or the game log's date) that listed the game, the last fallback of its
            date after ``officialDate`` and ``originalDate``.
        sport_id: the sportId the schedule was asked for (a feed whose home team lacks ``sport.id``).
    """

    season: int | None = None
    game_date: date | None = None
    sport_id: int | None = None


def _json(value: Any) -> str:
    # Json columns are handed to dlt already serialised: the database parses the text on load, and dlt's
    # normaliser no longer walks every nested value of a game (most of its CPU per game).
    try:
        return orjson.dumps(value).decode()
    except orjson.JSONEncodeError as error:  # e.g. an integer past 64 bits, which no column can hold
        raise MalformedDocument(f"a value cannot be stored as JSON: {error}") from None


def _date(value: Any, what: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise MalformedDocument(f"{what} is not a date: {value!r}") from None


def _objects(value: Any, what: str) -> list[dict[str, Any]]:
    """A list of JSON objects (None counts as empty); anything else is malformed."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise MalformedDocument(f"{what} is not a list of objects")
    return value


def _state(value: Any) -> str:
    if not isinstance(value, str):
        raise MalformedDocument(f"gameData.status.abstractGameState is not a string: {value!r}")
    return value


def _dig(document: dict[str, Any], *path: str) -> Any:
    value: Any = document
    for key in path:
        if not isinstance(value, dict) or key not in value:
            raise MalformedDocument("missing " + ".".join(path))
        value = value[key]
    return value


def _opt(document: Any, *path: str) -> Any:
    value = document
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _int(value: Any, what: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        raise MalformedDocument(f"{what} is not an integer: {value!r}") from None


def _opt_int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError, OverflowError):
        return None


def _text(value: Any) -> str | None:
    """An optional text field: anything but a string is treated as absent."""
    return value if isinstance(value, str) else None


def _prune_play(play: Any) -> dict[str, Any]:
    if not isinstance(play, dict):
        raise MalformedDocument("a play is not an object")
    events = play.get("playEvents")
    if not isinstance(events, list):
        raise MalformedDocument(f"play {play.get('atBatIndex')!r} has no playEvents list")
    if not all(isinstance(event, dict) for event in events):
        raise MalformedDocument(f"play {play.get('atBatIndex')!r} has a playEvent that is not an object")
    pruned = {key: play[key] for key in PLAY_KEYS if key in play}
    matchup = play.get("matchup")
    if isinstance(matchup, dict):
        pruned["matchup"] = {key: matchup[key] for key in MATCHUP_KEYS if key in matchup}
    return pruned


def _boxscore_players(boxscore: Any) -> list[dict[str, Any]]:
    players: list[dict[str, Any]] = []
    for side in ("away", "home"):
        team = _opt(boxscore, "teams", side)
        entries = _opt(team, "players")
        if not isinstance(entries, dict):
            continue  # no box score yet (a game not started): reconciliation shows it, loading goes on
        team_id = _opt_int(_opt(team, "team", "id"))
        for entry in entries.values():
            players.append(
                {
                    "side": side,
                    "team_id": team_id,
                    "person_id": _opt_int(_opt(entry, "person", "id")),
                    "full_name": _text(_opt(entry, "person", "fullName")),
                    "batting": _opt(entry, "stats", "batting") or {},
                    "pitching": _opt(entry, "stats", "pitching") or {},
                }
            )
    return players


def _game_date(game_data: Any, defaults: GameDefaults) -> date:
    """``officialDate``, else ``originalDate`` (a 2021 in-progress feed has only that and ``dateTime``), else the
    schedule day that listed the game."""
    for key in ("officialDate", "originalDate"):
        value = _opt(game_data, "datetime", key)
        if value is not None:
            return _date(value, f"gameData.datetime.{key}")  # type: ignore[return-value]
    if defaults.game_date is not None:
        return defaults.game_date
    raise MalformedDocument("missing gameData.datetime.officialDate (no originalDate, no schedule day)")


def game_row(document: dict[str, Any], fetched_at: datetime, defaults: GameDefaults | None = None) -> dict[str, Any]:
    """The ``games`` row of one feed/live document.

    Every field the row needs either falls back to what the load knows (``defaults``: the request's season,
    the schedule day, the requested sportId) or is truly required: the game's identity, status and plays.

    Raises:
        MalformedDocument: when a truly required field is absent or not as promised (the message names its
            JSON path).
    """
    defaults = defaults or GameDefaults()
    game_data = _dig(document, "gameData")
    game_pk = _int(document.get("gamePk", _opt(game_data, "game", "pk")), "gamePk")
    plays = _dig(document, "liveData", "plays", "allPlays")
    if not isinstance(plays, list):
        raise MalformedDocument("liveData.plays.allPlays is not a list")
    teams = _dig(document, "gameData", "teams")
    all_plays = [_prune_play(play) for play in plays]
    season = _opt(game_data, "game", "season")
    home_sport_id = _opt(teams, "home", "sport", "id")
    if season is None and defaults.season is None:
        raise MalformedDocument("missing gameData.game.season")
    if home_sport_id is None and defaults.sport_id is None:
        raise MalformedDocument("missing gameData.teams.home.sport.id")
    return {
        "game_pk": game_pk,
        "season": _int(season, "gameData.game.season") if season is not None else defaults.season,
        "game_type": _text(_opt(game_data, "game", "type")),
        "game_date": _game_date(game_data, defaults),
        "abstract_game_state": _state(_dig(document, "gameData", "status", "abstractGameState")),
        "detailed_state": _text(_opt(game_data, "status", "detailedState")),
        "double_header": _text(_opt(game_data, "game", "doubleHeader")),
        "game_number": _opt_int(_opt(game_data, "game", "gameNumber")),
        "home_team_id": _opt_int(_opt(teams, "home", "id")),
        "away_team_id": _opt_int(_opt(teams, "away", "id")),
        "home_sport_id": (
            _int(home_sport_id, "gameData.teams.home.sport.id") if home_sport_id is not None else defaults.sport_id
        ),
        "away_sport_id": _opt_int(_opt(teams, "away", "sport", "id")),
        "home_league_id": _opt_int(_opt(teams, "home", "league", "id")),
        "away_league_id": _opt_int(_opt(teams, "away", "league", "id")),
        "venue_id": _opt_int(_opt(game_data, "venue", "id")),
        "play_count": len(plays),
        "pitch_count": sum(1 for play in all_plays for event in play["playEvents"] if event.get("isPitch") is True),
        "fetched_at": fetched_at,
        "feed_timestamp": _feed_timestamp(_opt(document, "metaData", "timeStamp")),
        "all_plays": _json(all_plays),
        "boxscore_players": _json(_boxscore_players(_opt(document, "liveData", "boxscore"))),
    }


def _feed_timestamp(value: Any) -> datetime | None:
    """``metaData.timeStamp`` (``20240701_214404``, UTC) as a timestamp; absent or unreadable is None."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.strptime(value[:15], "%Y%m%d_%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def _nul_path(value: Any, path: str) -> str | None:
    """The path of the first string (key or value) holding a NUL character, or None."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in key:
                return f"{path}.{key!r}"
            found = _nul_path(item, f"{path}.{key}" if path else key)
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_path(item, f"{path}[{index}]")
            if found:
                return found
    return None


def check_game_document(document: dict[str, Any], game_pk: int, row: dict[str, Any]) -> None:
    """Refuse a feed that would store wrong rows: another game's, a NUL PostgreSQL cannot hold, repeated keys.

    The checks run on what is stored (the row), before anything reaches dlt, so a bad game is one ledger row
    and the rest of its chunk loads. Both engines refuse the same documents.

    Raises:
        RejectedDocument: naming the reason and the JSON path.
    """
    if row["game_pk"] != game_pk:
        raise RejectedDocument("wrong_game_pk", "gamePk", f"{row['game_pk']} served for game {game_pk}")
    for column, value in row.items():
        # orjson writes a NUL inside a string as the escape \u0000, which jsonb (and text) refuse.
        if isinstance(value, str) and ("\\u0000" in value or "\x00" in value):
            source = document.get("liveData") if column in ("all_plays", "boxscore_players") else document
            found = _nul_path(source, "liveData" if column in ("all_plays", "boxscore_players") else "")
            if found or "\x00" in value:
                raise RejectedDocument("nul_character", found or column)
    _check_plays(_opt(document, "liveData", "plays", "allPlays") or [])


def _check_plays(plays: list[dict[str, Any]]) -> None:
    """Repeated plate appearances, events or pitch numbers, and pitch numbers below 1 (check_game_document)."""
    seen_plays: set[int] = set()
    for play_index, play in enumerate(plays):
        where = f"liveData.plays.allPlays[{play_index}]"
        at_bat = _opt_int(play.get("atBatIndex"))
        if at_bat is not None:
            if at_bat in seen_plays:
                raise RejectedDocument("duplicate_play", f"{where}.atBatIndex", str(at_bat))
            seen_plays.add(at_bat)
        seen_pitches: set[int] = set()
        seen_events: set[int] = set()
        for event_index, event in enumerate(play.get("playEvents") or []):
            event_where = f"{where}.playEvents[{event_index}]"
            index = _opt_int(event.get("index"))
            if index is not None:
                if index in seen_events:
                    raise RejectedDocument("duplicate_pitch", f"{event_where}.index", str(index))
                seen_events.add(index)
            if event.get("isPitch") is not True:
                continue
            number = event.get("pitchNumber")
            if number is None:
                continue
            pitch_number = _opt_int(number)
            if pitch_number is None or pitch_number < 1:
                raise RejectedDocument("invalid_pitch_number", f"{event_where}.pitchNumber", repr(number))
            if pitch_number in seen_pitches:
                raise RejectedDocument("duplicate_pitch", f"{event_where}.pitchNumber", str(pitch_number))
            seen_pitches.add(pitch_number)


def _game_log_row(split: dict[str, Any], group: str, fetched_at: datetime, player_id: Any) -> dict[str, Any]:
    stat = split.get("stat") if isinstance(split.get("stat"), dict) else {}
    return {
        "player_id": _int(player_id, "split.player.id"),
        "stat_group": group,
        "season": _int(split.get("season"), "split.season"),
        "sport_id": _int(_opt(split, "sport", "id"), "split.sport.id"),
        "league_id": _opt_int(_opt(split, "league", "id")),
        "team_id": _opt_int(_opt(split, "team", "id")),
        "game_pk": _int(_opt(split, "game", "gamePk"), "split.game.gamePk"),
        "game_date": _date(split.get("date"), "split.date"),
        "game_type": _text(split.get("gameType")),
        "is_home": split.get("isHome") if isinstance(split.get("isHome"), bool) else None,
        "plate_appearances": _opt_int(stat.get("plateAppearances")),
        "batters_faced": _opt_int(stat.get("battersFaced")),
        "number_of_pitches": _opt_int(stat.get("numberOfPitches")),
        "fetched_at": fetched_at,
        "stat": _json(stat),
    }


def game_log_rows(document: dict[str, Any], group: str, fetched_at: datetime) -> Iterator[dict[str, Any]]:
    """``game_logs`` rows of one gameLog response (an empty ``stats`` list yields nothing)."""
    stats = document.get("stats")
    if not isinstance(stats, list):
        raise MalformedDocument("gameLog response has no stats list")
    for block in stats:
        for split in _objects(_opt(block, "splits"), "gameLog splits"):
            yield _game_log_row(split, group, fetched_at, _opt(split, "player", "id"))


@dataclass
class PeopleGameLogs:
    """The ``game_logs`` rows of a batched response, by person.

    Attributes:
        rows: Person id -> rows, every group and level the response holds (``[]`` for a person without games).
        unlabelled: Persons with a split lacking ``sport.id``: their level is unknown, so none of their rows
            is kept (``rows`` leaves them out) and the caller asks per level instead.
    """

    rows: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    unlabelled: set[int] = field(default_factory=set)


def people_game_log_rows(document: dict[str, Any], fetched_at: datetime) -> PeopleGameLogs:
    """Rows of ``/people?personIds=…&hydrate=stats(group=[…],type=[gameLog],…)``, the same as the per-player route's.

    Blocks of another stat type are skipped; a split without ``player`` belongs to the person holding it.

    Raises:
        MalformedDocument: when ``people``, a person's id, a block's group or a split's game is not as promised.
    """
    people = document.get("people")
    if not isinstance(people, list):
        raise MalformedDocument("people response has no people list")
    out = PeopleGameLogs()
    for person in _objects(people, "people"):
        person_id = _int(person.get("id"), "person.id")
        rows: list[dict[str, Any]] = []
        for block in _objects(person.get("stats"), "person.stats"):
            if _opt(block, "type", "displayName") not in (None, "gameLog"):
                continue
            group = _opt(block, "group", "displayName")
            if not isinstance(group, str):
                raise MalformedDocument(f"person {person_id}: a stats block has no group.displayName")
            for split in _objects(block.get("splits"), "gameLog splits"):
                if _opt_int(_opt(split, "sport", "id")) is None:
                    out.unlabelled.add(person_id)
                    continue
                rows.append(_game_log_row(split, group, fetched_at, _opt(split, "player", "id") or person_id))
        if person_id not in out.unlabelled:
            out.rows[person_id] = rows
    for person_id in out.unlabelled:
        out.rows.pop(person_id, None)  # a person listed twice
    return out


def schedule_rows(
    document: dict[str, Any], sport_id: int, fetched_at: datetime, season: int | None = None
) -> Iterator[dict[str, Any]]:
    """``schedule_games`` rows: one per listing (a suspended game is listed under both of its dates).

    A 2019-era listing has no ``officialDate``: the day it is listed under is its date. A listing without
    ``season`` takes the request's ``season``.
    """
    dates = document.get("dates")
    if not isinstance(dates, list):
        raise MalformedDocument("schedule response has no dates list")
    for day in _objects(dates, "schedule dates"):
        for game in _objects(day.get("games"), "schedule games"):
            teams = game.get("teams")
            yield {
                "game_pk": _int(game.get("gamePk"), "gamePk"),
                "season": _int(game.get("season", season), "dates[].games[].season"),
                "sport_id": sport_id,
                "game_date": _date(game.get("officialDate") or day.get("date"), "dates[].games[].officialDate"),
                "game_type": _text(game.get("gameType")),
                "abstract_game_state": _text(_opt(game, "status", "abstractGameState")),
                "detailed_state": _text(_opt(game, "status", "detailedState")),
                "double_header": _text(game.get("doubleHeader")),
                "game_number": _opt_int(game.get("gameNumber")),
                "home_team_id": _opt_int(_opt(teams, "home", "team", "id")),
                "away_team_id": _opt_int(_opt(teams, "away", "team", "id")),
                "home_league_id": _opt_int(_opt(teams, "home", "team", "league", "id")),
                "away_league_id": _opt_int(_opt(teams, "away", "team", "league", "id")),
                "home_sport_id": _opt_int(_opt(teams, "home", "team", "sport", "id")),
                "away_sport_id": _opt_int(_opt(teams, "away", "team", "sport", "id")),
                "venue_id": _opt_int(_opt(game, "venue", "id")),
                "fetched_at": fetched_at,
            }


# ---------------------------------------------------------------------------------------------- the fast reader
# A feed is about half a megabyte of pretty-printed JSON, nearly all of it play events that are stored but never
# read here. Decoding all of it into Python objects (orjson) and writing it back was half of the loader's CPU per
# game. feed_row decodes only what the row and the checks read (msgspec skips the rest without building it) and
# stores the plays' kept parts as the feed's own JSON text, compacted. A feed it does not take as it is (a shape
# it does not expect, a NUL, anything to refuse) goes the whole way through game_row and check_game_document,
# which name what is wrong; so both ways accept the same feeds and store the same values.
_ABSENT = msgspec.Raw()  # a key the object does not have (a present null is the raw text "null")


class _Event(msgspec.Struct):
    index: Any = None
    isPitch: Any = None
    pitchNumber: Any = None


class _PlayKeys(msgspec.Struct):
    atBatIndex: Any = None
    playEvents: list[_Event] = msgspec.field(default_factory=list)


class _Matchup(msgspec.Struct):  # MATCHUP_KEYS
    batter: msgspec.Raw = _ABSENT
    batSide: msgspec.Raw = _ABSENT
    pitcher: msgspec.Raw = _ABSENT
    pitchHand: msgspec.Raw = _ABSENT


class _Play(msgspec.Struct):  # PLAY_KEYS, as text
    atBatIndex: msgspec.Raw = _ABSENT
    result: msgspec.Raw = _ABSENT
    about: msgspec.Raw = _ABSENT
    count: msgspec.Raw = _ABSENT
    matchup: _Matchup | msgspec.UnsetType = msgspec.UNSET
    playEvents: msgspec.Raw = _ABSENT


class _BoxscorePlayer(msgspec.Struct):
    person: Any = None
    stats: Any = None


class _BoxscoreTeam(msgspec.Struct):
    team: Any = None
    players: dict[str, _BoxscorePlayer] | None = None


class _GameData(msgspec.Struct):  # the keys of gameData that game_row reads
    game: Any = msgspec.UNSET
    datetime: Any = msgspec.UNSET
    status: Any = msgspec.UNSET
    teams: Any = msgspec.UNSET
    venue: Any = msgspec.UNSET


class _Boxscore(msgspec.Struct):
    teams: dict[str, _BoxscoreTeam] | None = None


class _LiveData(msgspec.Struct):  # the plays are read by _CHECKS and _TEXT, which require them
    boxscore: _Boxscore | None = None


class _Head(msgspec.Struct):
    gamePk: Any = msgspec.UNSET
    metaData: Any = None
    gameData: _GameData | msgspec.UnsetType = msgspec.UNSET
    liveData: _LiveData | msgspec.UnsetType = msgspec.UNSET


class _PlaysOf(msgspec.Struct):
    allPlays: list[_PlayKeys]


class _LiveOf(msgspec.Struct):
    plays: _PlaysOf


class _ChecksOf(msgspec.Struct):
    liveData: _LiveOf


class _TextPlays(msgspec.Struct):
    allPlays: list[_Play]


class _TextLive(msgspec.Struct):
    plays: _TextPlays


class _TextOf(msgspec.Struct):
    liveData: _TextLive


_HEAD = msgspec.json.Decoder(_Head)
_CHECKS = msgspec.json.Decoder(_ChecksOf)
_TEXT = msgspec.json.Decoder(_TextOf)


def compact_json(body: bytes) -> bytes:
    """A JSON document without its insignificant whitespace; raises ``msgspec.DecodeError`` when it is not JSON."""
    return msgspec.json.format(body, indent=-1)


_PLAY_PREFIXES = tuple(b'"' + key.encode() + b'":' for key in PLAY_KEYS)
_MATCHUP_PREFIXES = tuple(b'"' + key.encode() + b'":' for key in MATCHUP_KEYS)


def _play_text(play: _Play) -> bytes:
    """The play as game_row prunes it: PLAY_KEYS (matchup: MATCHUP_KEYS) it holds, in that order, as JSON text."""
    parts = []
    for prefix, value in zip(_PLAY_PREFIXES, msgspec.structs.astuple(play), strict=True):
        if isinstance(value, _Matchup):
            kept = zip(_MATCHUP_PREFIXES, msgspec.structs.astuple(value), strict=True)
            parts.append(prefix + b"{" + b",".join(key + bytes(text) for key, text in kept if text) + b"}")
        elif value:  # neither absent (an empty Raw) nor UNSET
            parts.append(prefix + bytes(value))
    return b"{" + b",".join(parts) + b"}"


def _fast_row(body: bytes, game_pk: int, fetched_at: datetime, defaults: GameDefaults | None) -> dict[str, Any] | None:
    """The row of a compact feed as game_row and check_game_document make it, or None to take the whole way."""
    # Any \u escape (a NUL, a lone surrogate jsonb refuses) is decoded and written again the whole way; the API
    # writes its text as UTF-8, so its feeds have none.
    if b"\\u" in body or b"\x00" in body:
        return None
    try:
        head = _HEAD.decode(body)
        if not isinstance(head.liveData, _LiveData):
            return None
        plays = _CHECKS.decode(body).liveData.plays.allPlays
        text = _TEXT.decode(body).liveData.plays.allPlays
    except msgspec.ValidationError:
        return None
    if any(not play.playEvents for play in text):  # no playEvents: game_row says so
        return None
    game_data = head.gameData
    document: dict[str, Any] = {"liveData": {"plays": {"allPlays": []}}}
    if head.gamePk is not msgspec.UNSET:
        document["gamePk"] = head.gamePk
    if head.metaData is not None:
        document["metaData"] = head.metaData
    if isinstance(game_data, _GameData):
        document["gameData"] = {
            key: getattr(game_data, key)
            for key in _GameData.__struct_fields__
            if getattr(game_data, key) is not msgspec.UNSET
        }
    boxscore = head.liveData.boxscore
    if boxscore is not None and boxscore.teams is not None:
        document["liveData"]["boxscore"] = {
            "teams": {
                side: {
                    "team": team.team,
                    "players": None
                    if team.players is None
                    else {key: {"person": entry.person, "stats": entry.stats} for key, entry in team.players.items()},
                }
                for side, team in boxscore.teams.items()
            }
        }
    checked = [
        {
            "atBatIndex": play.atBatIndex,
            "playEvents": [
                {"index": event.index, "isPitch": event.isPitch, "pitchNumber": event.pitchNumber}
                for event in play.playEvents
            ],
        }
        for play in plays
    ]
    try:
        row = game_row(document, fetched_at, defaults)
        row["play_count"] = len(checked)
        row["pitch_count"] = sum(1 for play in checked for event in play["playEvents"] if event["isPitch"] is True)
        row["all_plays"] = (b"[" + b",".join(_play_text(play) for play in text) + b"]").decode()
        check_game_document(document, game_pk, row)
        _check_plays(checked)
    except (MalformedDocument, RejectedDocument):
        return None
    return row


def feed_row(body: bytes, game_pk: int, fetched_at: datetime, defaults: GameDefaults | None = None) -> dict[str, Any]:
    """The ``games`` row of the compact feed/live ``body`` (``compact_json``) of ``game_pk``, checked.

    Raises:
        MalformedDocument: as game_row does (and for a body that is not a JSON object).
        RejectedDocument: as check_game_document does.
    """
    row = _fast_row(body, game_pk, fetched_at, defaults)
    if row is not None:
        return row
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise MalformedDocument(f"the feed is not JSON: {exc}") from None
    if not isinstance(document, dict):
        raise MalformedDocument("the feed is not a JSON object")
    row = game_row(document, fetched_at, defaults)
    check_game_document(document, game_pk, row)
    return row
