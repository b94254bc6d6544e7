"""What the user asks a load for: the tracked players (a CSV, a query, or names looked up), seasons, known games.

Reading and validating inputs is one step of its own, before the warehouse or the API is asked anything.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from loader import postgres, settings
from loader.pipeline import WarehouseUnavailable
from loader.settings import FIRST_SEASON, PITCHER_POSITIONS, STAT_GROUPS
from loader.statsapi import StatsApiClient


class PlayersFileError(ValueError):
    """The tracked players CSV is missing or malformed."""


PLAYER_COLUMNS = ("player_id", "full_name", "position", "organization")
# Without these a load would go wrong silently: no id, no name to report, pitchers fetched as hitters.
REQUIRED_PLAYER_COLUMNS = ("player_id", "full_name", "position")


def read_players(path: Path) -> list[dict[str, Any]]:
    """Tracked players from a CSV with columns ``player_id, full_name, position, organization``.

    The file is validated as a whole before anything else runs: a BOM and CRLF line ends (a spreadsheet's
    export) are accepted; a missing column, a non-numeric or duplicate ``player_id`` or a file without a
    single player raises ``PlayersFileError`` naming the file, the line and the column.
    """
    if not path.is_file():
        raise PlayersFileError(f"tracked players file not found: {path}")
    try:
        # utf-8-sig drops the BOM Excel writes; newline="" lets csv handle CRLF itself.
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
    except UnicodeDecodeError as exc:
        raise PlayersFileError(f"{path}: not UTF-8 text (byte {exc.start}): save it as CSV UTF-8") from None
    except csv.Error as exc:
        raise PlayersFileError(f"{path}: not a CSV file ({exc})") from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise PlayersFileError(f"{path}, line 1: no header (expected {','.join(PLAYER_COLUMNS)})")
    header = [cell.strip().lower() for cell in rows[0]]
    missing = [column for column in REQUIRED_PLAYER_COLUMNS if column not in header]
    if missing:
        raise PlayersFileError(
            f"{path}, line 1: missing column(s) {', '.join(missing)} (the header has {','.join(header)})"
        )
    index = {column: header.index(column) for column in PLAYER_COLUMNS if column in header}
    players: list[dict[str, Any]] = []
    first_line: dict[int, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # a blank line, as spreadsheets leave at the end

        def cell(column: str, row: list[str] = row) -> str:
            position = index.get(column)
            return row[position].strip() if position is not None and position < len(row) else ""

        text = cell("player_id")
        if not text.isdigit():
            raise PlayersFileError(f"{path}, line {line}, column player_id: {text!r} is not an MLBAM id (a number)")
        player_id = int(text)
        if player_id in first_line:
            raise PlayersFileError(
                f"{path}, line {line}, column player_id: {player_id} is listed twice (first on line "
                f"{first_line[player_id]})"
            )
        first_line[player_id] = line
        players.append(
            {
                "player_id": player_id,
                "full_name": cell("full_name"),
                "position": cell("position"),
                "organization": cell("organization"),
            }
        )
    if not players:
        raise PlayersFileError(f"{path}: a header and no player (one player per line after line 1)")
    return players


def stat_groups(position: str) -> tuple[str, ...]:
    """Pitchers' logs are pitching logs, everyone else's hitting; two-way players (``TWP``) get both."""
    position = position.upper()
    if position == "TWP":
        return STAT_GROUPS
    return ("pitching",) if position in PITCHER_POSITIONS else ("hitting",)


# --------------------------------------------------------------------------- seasons, queries, names
# Added beside read_players, which keeps its own validation: these are the inputs of a backfill.


class InputRejected(ValueError):
    """Seasons, a query or player names the load cannot use: one ``error:`` line, exit 2, nothing fetched."""


class UnresolvedPlayers(InputRejected):
    """Names of a players file that the API's players lists do not hold, or hold more than once."""


PLAYER_QUERY_COLUMNS = ("player_id", "full_name", "position", "organization")


def parse_seasons(text: str, last: int | None = None) -> list[int]:
    """``2025``, ``2021-2025``, ``2023,2025`` (or both forms mixed) as sorted distinct years.

    Each year must be one the Stats API has play-by-play for: ``FIRST_SEASON`` to next year (``last``).
    """
    last = date.today().year + 1 if last is None else last
    seasons: set[int] = set()
    parts = [part.strip() for part in text.split(",")]
    if not any(parts):
        raise InputRejected(
            "season is empty: give a year, a range or a list, e.g. --season 2025 (make load season=2025, "
            "season=2021-2025, season=2023,2025)"
        )
    for part in parts:
        if not part:
            continue
        low, dash, high = part.partition("-")
        if not low.strip().isdigit() or (dash and not high.strip().isdigit()):
            raise InputRejected(f"season must be a year, a range (2021-2025) or a list (2023,2025), got {part!r}")
        first_year, last_year = int(low), int(high) if dash else int(low)
        if first_year > last_year:
            raise InputRejected(f"season range {part!r} runs backwards")
        for year in (first_year, last_year):
            if not FIRST_SEASON <= year <= last:
                raise InputRejected(
                    f"season {year} is out of range: a year from {FIRST_SEASON} (the Stats API's first season with "
                    f"play-by-play) to {last}"
                )
        seasons.update(range(first_year, last_year + 1))
    return sorted(seasons)


def run_query(target: str, sql: str, option: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Column names and rows of a read-only query on the target warehouse's database.

    PostgreSQL: the database the postgres target loads into, in a read-only transaction. DuckDB: the warehouse
    file, opened read-only (the text may attach a PostgreSQL database first, with DuckDB's postgres extension).

    Raises:
        InputRejected: the query failed or returns no result set (``option`` names it in the message).
        WarehouseUnavailable: the PostgreSQL server cannot be reached.
    """
    if not sql.strip():
        raise InputRejected(f"{option} is empty")
    try:
        if target == "postgres":
            return _postgres_query(sql)
        return _duckdb_query(sql)
    except (InputRejected, WarehouseUnavailable):
        raise
    except Exception as exc:  # each driver has its own error classes; any failure of the query is the same here
        raise InputRejected(f"{option} failed on {target}: {_first_line(exc)}") from None


def _postgres_query(sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    import psycopg2

    try:
        connection = postgres.connect(application_name="milb-load query")
    except psycopg2.OperationalError as exc:
        raise WarehouseUnavailable(_first_line(exc)) from None
    try:
        # The query reads the app's tables; a read-only session makes sure it can do nothing else.
        connection.set_session(readonly=True)
        with connection.cursor() as cursor:
            cursor.execute(sql)
            if cursor.description is None:
                raise InputRejected("returns no rows: it must be a select")
            return [column.name for column in cursor.description], list(cursor.fetchall())
    finally:
        connection.close()


def _duckdb_query(sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    import duckdb

    path = settings.duckdb_path()
    # No warehouse yet: the query runs on an empty database (and fails naming the table it looked for).
    connection = duckdb.connect(str(path), read_only=True) if path.is_file() else duckdb.connect()
    try:
        result = connection.execute(sql)
        if result.description is None:
            raise InputRejected("returns no rows: it must be a select")
        return [str(column[0]) for column in result.description], list(result.fetchall())
    finally:
        connection.close()


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def _as_id(value: Any) -> int | None:
    """An integer, an integral number or a string of digits (the app keeps ``prospects.mlb_id`` as text)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal | float) and value == int(value):
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def players_from_query(target: str, sql: str) -> list[dict[str, Any]]:
    """Tracked players from ``--players-sql``: a query returning ``player_id, full_name, position, organization``.

    Raises:
        InputRejected: the query fails, lacks a column, returns no rows, or an id is null or not a number.
    """
    columns, rows = run_query(target, sql, "players_sql")
    missing = [column for column in PLAYER_QUERY_COLUMNS if column not in columns]
    if missing:
        raise InputRejected(
            f"players_sql returns no column {', '.join(missing)} (it must return {', '.join(PLAYER_QUERY_COLUMNS)};"
            f" it returned {', '.join(columns) or 'none'})"
        )
    index = {column: columns.index(column) for column in PLAYER_QUERY_COLUMNS}
    players: dict[int, dict[str, Any]] = {}
    for number, row in enumerate(rows, start=1):
        raw, name = row[index["player_id"]], row[index["full_name"]]
        player_id = _as_id(raw)
        if player_id is None:
            what = "is null" if raw is None else f"{raw!r} is not a number"
            raise InputRejected(f"players_sql row {number} ({name or 'no name'}): player_id {what}")
        players.setdefault(
            player_id,
            {
                "player_id": player_id,
                "full_name": str(name or "").strip(),
                "position": str(row[index["position"]] or "").strip(),
                "organization": str(row[index["organization"]] or "").strip(),
            },
        )
    if not players:
        raise InputRejected("players_sql returns no players")
    return list(players.values())


def game_pks_from_query(target: str, sql: str) -> dict[int, int | None]:
    """Known games from ``--games-sql``: ``game_pk`` (and, optionally, ``season``) of each row.

    Returns:
        Each distinct game_pk with its season (None when the query returns no ``season`` column).

    Raises:
        InputRejected: the query fails, returns no ``game_pk`` column, or a game_pk is null or not a number.
    """
    columns, rows = run_query(target, sql, "games_sql")
    if "game_pk" not in columns:
        raise InputRejected(f"games_sql returns no column game_pk (it returned {', '.join(columns) or 'none'})")
    pk_at = columns.index("game_pk")
    season_at = columns.index("season") if "season" in columns else None
    games: dict[int, int | None] = {}
    for number, row in enumerate(rows, start=1):
        game_pk = _as_id(row[pk_at])
        if game_pk is None:
            what = "is null" if row[pk_at] is None else f"{row[pk_at]!r} is not a number"
            raise InputRejected(f"games_sql row {number}: game_pk {what}")
        season = _as_id(row[season_at]) if season_at is not None else None
        if season_at is not None and season is None:
            raise InputRejected(f"games_sql row {number}: season {row[season_at]!r} is not a year")
        games.setdefault(game_pk, season)
    return games


def players_file_names_only(path: Path) -> bool:
    """Whether a players CSV gives names without ids (its header has ``full_name`` and no ``player_id``)."""
    if not path.is_file():
        return False
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            header = next(csv.reader(f), [])
    except UnicodeDecodeError:
        return False  # read_players names the encoding error, with the line
    columns = {column.strip() for column in header}
    return "full_name" in columns and "player_id" not in columns


def read_named_players(path: Path) -> list[dict[str, Any]]:
    """Players given by name (``full_name``, optionally ``position`` and ``organization``), ids to be resolved."""
    players: list[dict[str, Any]] = []
    with open(path, encoding="utf-8-sig", newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            name = (row.get("full_name") or "").strip()
            if not name:
                raise PlayersFileError(f"{path}:{line}: full_name is empty")
            players.append(
                {
                    "player_id": None,
                    "full_name": name,
                    "position": (row.get("position") or "").strip(),
                    "organization": (row.get("organization") or "").strip(),
                }
            )
    if not players:
        raise PlayersFileError(f"{path}: no players")
    return players


def name_key(text: str) -> str:
    """A name as compared: accents dropped, case folded, spaces collapsed (``José Ramírez`` = ``jose ramirez``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.casefold().split())


@dataclass
class NameLookup:
    """Players whose names the API's players lists resolved, and those they did not (with why)."""

    resolved: list[dict[str, Any]] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)


def resolve_names(players: list[dict[str, Any]], people_lists: Iterable[dict[str, Any]]) -> NameLookup:
    """Match each player's name against ``sports/{id}/players`` answers (pure: the documents are given).

    A name held by one person resolves; held by several, the file's ``organization`` (the parent club's name)
    picks one when it can; otherwise the name is ambiguous. Position and organization missing from the file
    come from the API's person.
    """
    people: dict[str, dict[int, dict[str, Any]]] = {}
    for document in people_lists:
        for person in document.get("people") or []:
            if not isinstance(person, dict) or not isinstance(person.get("id"), int) or not person.get("fullName"):
                continue
            people.setdefault(name_key(str(person["fullName"])), {}).setdefault(person["id"], person)
    lookup = NameLookup()
    for player in players:
        candidates = people.get(name_key(player["full_name"]), {})
        if len(candidates) > 1 and player["organization"]:
            wanted = name_key(player["organization"])
            same_org = {pid: p for pid, p in candidates.items() if name_key(_parent_org(p)) == wanted}
            candidates = same_org or candidates
        if len(candidates) == 1:
            ((player_id, person),) = candidates.items()
            lookup.resolved.append(
                {
                    "player_id": player_id,
                    "full_name": player["full_name"],
                    "position": player["position"]
                    or str((person.get("primaryPosition") or {}).get("abbreviation", "")),
                    "organization": player["organization"] or _parent_org(person),
                }
            )
        elif not candidates:
            lookup.unresolved.append(f"{player['full_name']!r} unknown")
        else:
            listed = ", ".join(
                f"{pid} ({(p.get('currentTeam') or {}).get('name') or '?'}, {_parent_org(p) or '?'})"
                for pid, p in sorted(candidates.items())
            )
            lookup.unresolved.append(f"{player['full_name']!r} ambiguous: {listed}")
    return lookup


def _parent_org(person: dict[str, Any]) -> str:
    return str((person.get("currentTeam") or {}).get("parentOrgName") or "")


def lookup_player_ids(
    client: StatsApiClient, players: list[dict[str, Any]], seasons: list[int], sport_ids: list[int]
) -> NameLookup:
    """Resolve names through the players list of each level and season: one request each, a few at a time."""
    calls = [(sport_id, season) for season in seasons for sport_id in sport_ids]
    documents = client.map_bounded(lambda call: client.sport_players(call[0], call[1]), calls)
    return resolve_names(players, documents)


def write_resolved_players(path: Path, players: list[dict[str, Any]]) -> Path:
    """Write resolved players beside the names file (``<name>.resolved.csv``), to be passed as ``players=``."""
    out = path.with_name(f"{path.stem}.resolved.csv")
    with open(out, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(PLAYER_QUERY_COLUMNS))
        writer.writeheader()
        writer.writerows(players)
    return out
