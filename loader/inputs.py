"""What the user asks a load for: the tracked players (and, later, seasons and known games).

Reading and validating inputs is one step of its own, before the warehouse or the API is asked anything.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from loader.settings import PITCHER_POSITIONS, STAT_GROUPS


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
