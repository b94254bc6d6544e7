"""How complete the warehouse is, computed from the marts, the game logs and the ledger.

The unit is a player's game in one role (``stat_group``): listed in his game log (which counts the pitches
he saw or threw, ``numberOfPitches``), held in the marts, or both. Summed per season and level, those give
the lines of ``make check`` and the report's player numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from loader.levels import levels
from tools.warehouse import WarehouseReader

# stat_group -> (the mart holding the player's pitches, its player column)
ROLES = {
    "hitting": ("milb_batter_pitches", "mlb_batter_id"),
    "pitching": ("milb_pitcher_pitches", "mlb_pitcher_id"),
}
# A logged game the warehouse does not hold and the ledger does not explain: no load has asked for it yet.
NOT_FETCHED = "not_fetched"


def level_order(level: str) -> int:
    """Highest level first (MLB, AAA, ..., ROK), as in the levels seed; unknown labels last."""
    return {code: rank for rank, code in enumerate(levels())}.get(level, 99)


@dataclass
class PlayerGame:
    """One game of a player in one role."""

    player_id: int
    stat_group: str
    game_pk: int
    season: int
    level: str
    is_logged: bool
    is_loaded: bool
    expected_pitches: int | None
    pitches: int
    plate_appearances: int
    missing_reason: str | None


@dataclass
class Coverage:
    """Sums over a set of player games (a season at a level, a player-season, ...)."""

    games_logged: int = 0
    games_loaded: int = 0
    games_missing: int = 0
    pitches_loaded: int = 0
    expected_pitches: int = 0
    plate_appearances: int = 0
    missing_reasons: dict[str, int] = field(default_factory=dict)

    @property
    def coverage_pct(self) -> float | None:
        return 100.0 * self.pitches_loaded / self.expected_pitches if self.expected_pitches else None

    @property
    def missing_pitches(self) -> int:
        return max(self.expected_pitches - self.pitches_loaded, 0)

    @property
    def pitches_per_pa(self) -> float | None:
        return self.pitches_loaded / self.plate_appearances if self.plate_appearances else None

    def add(self, game: PlayerGame) -> None:
        self.games_logged += game.is_logged
        self.games_loaded += game.is_loaded
        if game.is_logged and not game.is_loaded:
            self.games_missing += 1
            reason = game.missing_reason or NOT_FETCHED
            self.missing_reasons[reason] = self.missing_reasons.get(reason, 0) + 1
        self.pitches_loaded += game.pitches
        self.expected_pitches += game.expected_pitches or 0
        self.plate_appearances += game.plate_appearances

    @classmethod
    def of(cls, games: Iterable[PlayerGame]) -> Coverage:
        coverage = cls()
        for game in games:
            coverage.add(game)
        return coverage


def player_games(reader: WarehouseReader, stat_group: str, player_id: int | None = None) -> list[PlayerGame]:
    """Every game of one player (or of every tracked player) in one role: logged, loaded, or both.

    A game is loaded when the warehouse holds its feed (a row of the raw ``games``); its pitches are the
    player's rows in the role's mart. A logged game not loaded takes the ledger's reason.
    The level is the log's (as ``int_game_logs_leveled`` places it), else the game's.
    """
    mart, column = ROLES[stat_group]
    a, raw = reader.analytics, reader.raw
    players = (
        f"select {player_id} as player_id"
        if player_id is not None
        else f"select distinct player_id from {raw}.tracked_players"
    )
    sql = f"""
        with

        players as (

            {players}

        ),

        levels as (

            select * from {a}.levels

        ),

        logs as (

            select
                game_logs.player_id,
                game_logs.game_pk,
                game_logs.season,
                -- A league row (the complex leagues) refines its sport's row.
                coalesce(league_levels.level, sport_levels.level) as level,
                game_logs.number_of_pitches
            from {raw}.game_logs as game_logs
            inner join players
                on game_logs.player_id = players.player_id
            left join levels as league_levels
                on
                    game_logs.sport_id = league_levels.sport_id
                    and game_logs.league_id = league_levels.league_id
            left join levels as sport_levels
                on
                    game_logs.sport_id = sport_levels.sport_id
                    and sport_levels.league_id is null
            where game_logs.stat_group = '{stat_group}'

        ),

        pitches as (

            select
                pitches.{column} as player_id,
                pitches.game_pk,
                min(pitches.season) as season,
                min(pitches.level) as level,
                count(*) as pitches,
                count(distinct pitches.at_bat_index) as plate_appearances
            from {a}.{mart} as pitches
            inner join players
                on pitches.{column} = players.player_id
            group by pitches.{column}, pitches.game_pk

        ),

        games as (

            select game_pk from {raw}.games

        ),

        ledger as (

            select game_pk, reason
            from {raw}.game_fetch_ledger
            where not coalesce(is_resolved, false)

        ),

        player_games as (

            select
                coalesce(logs.player_id, pitches.player_id) as player_id,
                coalesce(logs.game_pk, pitches.game_pk) as game_pk,
                coalesce(logs.season, pitches.season) as season,
                coalesce(logs.level, pitches.level) as level,
                logs.game_pk is not null as is_logged,
                logs.number_of_pitches as expected_pitches,
                coalesce(pitches.pitches, 0) as pitches,
                coalesce(pitches.plate_appearances, 0) as plate_appearances
            from logs
            full outer join pitches
                on
                    logs.player_id = pitches.player_id
                    and logs.game_pk = pitches.game_pk

        )

        select
            player_games.*,
            games.game_pk is not null as is_loaded,
            ledger.reason as missing_reason
        from player_games
        left join games
            on player_games.game_pk = games.game_pk
        left join ledger
            on player_games.game_pk = ledger.game_pk
        order by player_games.player_id, player_games.season, player_games.game_pk
    """
    return [
        PlayerGame(
            player_id=int(row["player_id"]),
            stat_group=stat_group,
            game_pk=int(row["game_pk"]),
            season=int(row["season"]),
            level=row["level"] or "?",
            is_logged=bool(row["is_logged"]),
            is_loaded=bool(row["is_loaded"]),
            expected_pitches=None if row["expected_pitches"] is None else int(row["expected_pitches"]),
            pitches=int(row["pitches"]),
            plate_appearances=int(row["plate_appearances"]),
            missing_reason=row["missing_reason"],
        )
        for row in reader.rows(sql)
    ]
