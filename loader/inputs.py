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


def read_players(path: Path) -> list[dict[str, Any]]:
    """Tracked players from a CSV with columns ``full_name, player_id, position, organization``."""
    if not path.is_file():
        raise PlayersFileError(f"tracked players file not found: {path}")
    players: list[dict[str, Any]] = []
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = {"player_id", "full_name"} - set(reader.fieldnames or [])
        if missing:
            raise PlayersFileError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for line, row in enumerate(reader, start=2):
            try:
                player_id = int(row["player_id"])
            except (TypeError, ValueError):
                raise PlayersFileError(f"{path}:{line}: player_id {row['player_id']!r} is not a number") from None
            players.append(
                {
                    "player_id": player_id,
                    "full_name": (row.get("full_name") or "").strip(),
                    "position": (row.get("position") or "").strip(),
                    "organization": (row.get("organization") or "").strip(),
                }
            )
    return players


def stat_groups(position: str) -> tuple[str, ...]:
    """Pitchers' logs are pitching logs, everyone else's hitting; two-way players (``TWP``) get both."""
    position = position.upper()
    if position == "TWP":
        return STAT_GROUPS
    return ("pitching",) if position in PITCHER_POSITIONS else ("hitting",)
