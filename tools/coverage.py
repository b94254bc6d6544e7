"""A tracked player's coverage, game by game, from ``milb_player_game_reconciliation``.

The unit is a game of a player's game log in one role (``stat_group``): the pitches the log counts
(``numberOfPitches``) against the pitches the marts hold for him in it, or, when the warehouse does not hold
the game, why (the ledger's reason, or ``not_fetched``). Summed per season and level, those are the lines of
``make check``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from loader.levels import levels
from tools.warehouse import WarehouseReader

ROLES = ("hitting", "pitching")
# A logged game the warehouse does not hold and the ledger does not explain: no load has asked for it yet.
NOT_FETCHED = "not_fetched"


def level_order(level: str) -> int:
    """Highest level first (MLB, AAA, ..., ROK), as in the levels seed; unknown labels last."""
    return {code: rank for rank, code in enumerate(levels())}.get(level, 99)


@dataclass
class PlayerGame:
    """One game of a player's game log in one role, against what the warehouse holds of it."""

    player_id: int
    stat_group: str
    game_pk: int
    season: int
    level: str
    is_loaded: bool
    feed_status: str
    expected_pitches: int
    pitches: int
    plate_appearances: int
    game_date: date | None = None


@dataclass
class Coverage:
    """Sums over a set of player games (a season at a level, a player-season, ...)."""

    games_logged: int = 0
    games_loaded: int = 0
    games_missing: int = 0
    pitches_loaded: int = 0
    expected_pitches: int = 0
    missing_pitches: int = 0
    plate_appearances: int = 0
    missing_reasons: dict[str, int] = field(default_factory=dict)

    @property
    def coverage_pct(self) -> float | None:
        return 100.0 * self.pitches_loaded / self.expected_pitches if self.expected_pitches else None

    @property
    def pitches_per_pa(self) -> float | None:
        return self.pitches_loaded / self.plate_appearances if self.plate_appearances else None

    def add(self, game: PlayerGame) -> None:
        self.games_logged += 1
        if game.is_loaded:
            self.games_loaded += 1
        else:
            self.games_missing += 1
            self.missing_pitches += game.expected_pitches
            self.missing_reasons[game.feed_status] = self.missing_reasons.get(game.feed_status, 0) + 1
        self.pitches_loaded += game.pitches
        self.expected_pitches += game.expected_pitches
        self.plate_appearances += game.plate_appearances


def player_games(reader: WarehouseReader, player_id: int) -> list[PlayerGame]:
    """Every game of the player's game logs (``milb_player_game_reconciliation``), both roles."""
    rows = reader.rows(f"""
        select
            player_id,
            stat_group,
            game_pk,
            season,
            level,
            is_feed_loaded,
            feed_status,
            log_pitches,
            loaded_pitches,
            loaded_plate_appearances,
            game_date
        from {reader.analytics}.milb_player_game_reconciliation
        where player_id = {int(player_id)}
        order by stat_group, season, game_pk
    """)
    return [
        PlayerGame(
            player_id=int(row["player_id"]),
            stat_group=row["stat_group"],
            game_pk=int(row["game_pk"]),
            season=int(row["season"]),
            level=row["level"] or "?",
            is_loaded=bool(row["is_feed_loaded"]),
            feed_status=row["feed_status"] or NOT_FETCHED,
            expected_pitches=int(row["log_pitches"] or 0),
            pitches=int(row["loaded_pitches"] or 0),
            plate_appearances=int(row["loaded_plate_appearances"] or 0),
            game_date=row["game_date"],
        )
        for row in rows
    ]
