"""The one table of levels (sportId / league -> level), shared with dbt as the seed ``levels.csv``."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from loader.settings import LEVELS_SEED


@dataclass(frozen=True)
class Level:
    """A level of play and the Stats API sportId that carries it."""

    code: str
    sport_id: int
    name: str
    is_minor_league: bool


@cache
def levels() -> dict[str, Level]:
    """Levels by code (AAA, AA, A+, A, ROK, MLB), one per sportId, from the seed."""
    found: dict[str, Level] = {}
    with open(LEVELS_SEED, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["league_id"]:
                continue  # league rows refine a sportId's label; they add no sportId to fetch
            found[row["level"]] = Level(
                code=row["level"],
                sport_id=int(row["sport_id"]),
                name=row["level_name"],
                is_minor_league=row["is_minor_league"] == "true",
            )
    return found


def minor_league_levels() -> list[Level]:
    """The minor-league levels, highest first: the default scope of a load."""
    return [level for level in levels().values() if level.is_minor_league]


def parse_levels(text: str | None) -> list[Level]:
    """Parse a comma-separated list such as ``AAA,AA,a+`` into levels.

    Raises:
        ValueError: for an unknown level, naming the known ones.
    """
    if not text:
        return minor_league_levels()
    known = levels()
    chosen: list[Level] = []
    for raw in text.split(","):
        code = raw.strip().upper()
        if not code:
            continue
        if code not in known:
            raise ValueError(f"unknown level {raw.strip()!r}; known levels: {', '.join(known)}")
        if known[code] not in chosen:
            chosen.append(known[code])
    if not chosen:
        raise ValueError("no level given; known levels: " + ", ".join(known))
    return chosen


def level_order(code: str) -> int:
    """Highest level first (MLB, AAA, ..., ROK), as in the levels seed; unknown labels last."""
    return {level: rank for rank, level in enumerate(levels())}.get(code, 99)
