"""A tracked player's coverage as the marts hold it: per season and level (``milb_player_coverage``), and
game by game (``milb_player_game_reconciliation``) for the games the warehouse does not hold and why.

The unit is a game of a player's game log in one role (``stat_group``): the pitches the log counts
(``numberOfPitches``) against the pitches the marts hold for him in it, or, when the warehouse does not hold
the game, why (the ledger's reason, or ``not_fetched``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tools.warehouse import WarehouseReader

ROLES = ("hitting", "pitching")
# A logged game the warehouse does not hold and the ledger does not explain: no load has asked for it yet.
NOT_FETCHED = "not_fetched"


@dataclass
class MissingGame:
    """A game of a player's game log in one role that the warehouse does not hold."""

    stat_group: str
    game_pk: int
    season: int
    level: str
    feed_status: str
    game_date: date | None = None


@dataclass
class LevelCoverage:
    """One line of ``make check``: a season at a level (``level`` "all": the season's levels together)."""

    season: int
    level: str
    games_logged: int = 0
    games_loaded: int = 0
    games_missing: int = 0
    pitches_loaded: int = 0
    expected_pitches: int = 0
    missing_pitches: int = 0
    plate_appearances: int = 0
    coverage_pct: float | None = None
    pitches_per_pa: float | None = None
    missing_reasons: dict[str, int] = field(default_factory=dict)

    @classmethod
    def total(cls, season: int, lines: list[LevelCoverage]) -> LevelCoverage:
        """The season's line across its levels: the sums of theirs, and the shares of those sums."""
        total = cls(season, "all")
        for line in lines:
            for name in (
                "games_logged",
                "games_loaded",
                "games_missing",
                "pitches_loaded",
                "expected_pitches",
                "missing_pitches",
                "plate_appearances",
            ):
                setattr(total, name, getattr(total, name) + getattr(line, name))
            for reason, count in line.missing_reasons.items():
                total.missing_reasons[reason] = total.missing_reasons.get(reason, 0) + count
        if total.expected_pitches:
            total.coverage_pct = 100.0 * total.pitches_loaded / total.expected_pitches
        if total.plate_appearances:
            total.pitches_per_pa = total.pitches_loaded / total.plate_appearances
        return total


def level_lines(reader: WarehouseReader, player_id: int) -> dict[str, list[LevelCoverage]]:
    """The rows of ``milb_player_coverage`` for one player, by role."""
    rows = reader.rows(f"""
        select
            stat_group,
            season,
            level,
            games_in_logs,
            games_loaded,
            games_missing,
            loaded_pitches,
            expected_pitches,
            missing_pitches,
            loaded_plate_appearances,
            coverage_ratio,
            pitches_per_plate_appearance
        from {reader.analytics}.milb_player_coverage
        where player_id = {int(player_id)}
    """)
    by_role: dict[str, list[LevelCoverage]] = {}
    for row in rows:
        ratio, ppa = row["coverage_ratio"], row["pitches_per_plate_appearance"]
        by_role.setdefault(row["stat_group"], []).append(
            LevelCoverage(
                season=int(row["season"]),
                level=row["level"] or "?",
                games_logged=int(row["games_in_logs"] or 0),
                games_loaded=int(row["games_loaded"] or 0),
                games_missing=int(row["games_missing"] or 0),
                pitches_loaded=int(row["loaded_pitches"] or 0),
                expected_pitches=int(row["expected_pitches"] or 0),
                missing_pitches=int(row["missing_pitches"] or 0),
                plate_appearances=int(row["loaded_plate_appearances"] or 0),
                coverage_pct=None if ratio is None else 100.0 * float(ratio),
                pitches_per_pa=None if ppa is None else float(ppa),
            )
        )
    return by_role


def missing_games(reader: WarehouseReader, player_id: int) -> list[MissingGame]:
    """The games of his logs, both roles, that the warehouse does not hold (``milb_player_game_reconciliation``)."""
    rows = reader.rows(f"""
        select stat_group, game_pk, season, level, feed_status, game_date
        from {reader.analytics}.milb_player_game_reconciliation
        where player_id = {int(player_id)} and not is_feed_loaded
        order by stat_group, season, game_pk
    """)
    return [
        MissingGame(
            stat_group=row["stat_group"],
            game_pk=int(row["game_pk"]),
            season=int(row["season"]),
            level=row["level"] or "?",
            feed_status=row["feed_status"] or NOT_FETCHED,
            game_date=row["game_date"],
        )
        for row in rows
    ]
