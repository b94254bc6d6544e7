"""The dlt source: schedule, game logs, tracked players, game feeds and the ledger of games that failed.

The plan (which games to fetch) is made before extraction by ``loader.plan``; the resources here only fetch
and shape. Each distinct game_pk is fetched once, however many tracked players appear in it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import dlt
from dlt.common.schema.typing import TTableSchemaColumns

from loader import killpoints
from loader.documents import MalformedDocument, game_row
from loader.progress import FetchProgress
from loader.statsapi import FeedResult, StatsApiClient

GAME_COLUMNS: TTableSchemaColumns = {
    "game_pk": {"data_type": "bigint", "nullable": False},
    "season": {"data_type": "bigint"},
    "game_type": {"data_type": "text"},
    "game_date": {"data_type": "date"},
    "abstract_game_state": {"data_type": "text"},
    "detailed_state": {"data_type": "text"},
    "double_header": {"data_type": "text"},
    "game_number": {"data_type": "bigint"},
    "home_team_id": {"data_type": "bigint"},
    "away_team_id": {"data_type": "bigint"},
    "home_sport_id": {"data_type": "bigint"},
    "away_sport_id": {"data_type": "bigint"},
    "home_league_id": {"data_type": "bigint"},
    "away_league_id": {"data_type": "bigint"},
    "venue_id": {"data_type": "bigint"},
    "play_count": {"data_type": "bigint"},
    "pitch_count": {"data_type": "bigint"},
    "fetched_at": {"data_type": "timestamp"},
    # One json value per game: the normaliser does not explode plays into child tables (slow, large);
    # the dbt models unnest them in SQL.
    "all_plays": {"data_type": "json"},
    "boxscore_players": {"data_type": "json"},
}
GAME_LOG_COLUMNS: TTableSchemaColumns = {
    "player_id": {"data_type": "bigint", "nullable": False},
    "stat_group": {"data_type": "text", "nullable": False},
    "season": {"data_type": "bigint"},
    "sport_id": {"data_type": "bigint"},
    "league_id": {"data_type": "bigint"},
    "team_id": {"data_type": "bigint"},
    "game_pk": {"data_type": "bigint", "nullable": False},
    "game_date": {"data_type": "date"},
    "game_type": {"data_type": "text"},
    "is_home": {"data_type": "bool"},
    "plate_appearances": {"data_type": "bigint"},
    "batters_faced": {"data_type": "bigint"},
    "number_of_pitches": {"data_type": "bigint"},
    "fetched_at": {"data_type": "timestamp"},
    "stat": {"data_type": "json"},
}
SCHEDULE_COLUMNS: TTableSchemaColumns = {
    "game_pk": {"data_type": "bigint", "nullable": False},
    "season": {"data_type": "bigint"},
    "sport_id": {"data_type": "bigint"},
    "game_date": {"data_type": "date", "nullable": False},
    "game_type": {"data_type": "text"},
    "abstract_game_state": {"data_type": "text"},
    "detailed_state": {"data_type": "text"},
    "double_header": {"data_type": "text"},
    "game_number": {"data_type": "bigint"},
    "home_team_id": {"data_type": "bigint"},
    "away_team_id": {"data_type": "bigint"},
    "home_league_id": {"data_type": "bigint"},
    "away_league_id": {"data_type": "bigint"},
    "home_sport_id": {"data_type": "bigint"},
    "away_sport_id": {"data_type": "bigint"},
    "venue_id": {"data_type": "bigint"},
    "fetched_at": {"data_type": "timestamp"},
}
PLAYER_COLUMNS: TTableSchemaColumns = {
    "player_id": {"data_type": "bigint", "nullable": False},
    "full_name": {"data_type": "text"},
    "position": {"data_type": "text"},
    "organization": {"data_type": "text"},
}
LEDGER_COLUMNS: TTableSchemaColumns = {
    "game_pk": {"data_type": "bigint", "nullable": False},
    "reason": {"data_type": "text"},
    "detail": {"data_type": "text"},
    "last_status": {"data_type": "bigint"},
    "attempts": {"data_type": "bigint"},
    "first_seen_at": {"data_type": "timestamp"},
    "last_seen_at": {"data_type": "timestamp"},
    "is_resolved": {"data_type": "bool"},
}


@dataclass
class FeedOutcome:
    """One fetched game: a ``games`` row, a ``game_fetch_ledger`` row, or both (a missing game now found)."""

    game: dict[str, Any] | None
    ledger: dict[str, Any] | None


class FetchTally:
    """Counts of what the games resource did, for progress and the run summary."""

    def __init__(self, progress: FetchProgress | None = None) -> None:
        self.fetched = 0
        self.failed: dict[str, int] = {}
        self.pitches_by_sport: dict[int, int] = {}
        self._progress = progress

    def loaded(self, row: dict[str, Any]) -> None:
        self.fetched += 1
        sport_id = row["home_sport_id"]
        self.pitches_by_sport[sport_id] = self.pitches_by_sport.get(sport_id, 0) + row["pitch_count"]
        if self._progress is not None:
            self._progress.advance(ok=True)

    def fail(self, reason: str) -> None:
        self.failed[reason] = self.failed.get(reason, 0) + 1
        if self._progress is not None:
            self._progress.advance(ok=False)


def _ledger_row(
    result: FeedResult, reason: str, detail: str | None, previous: dict[str, Any] | None, now: datetime
) -> dict[str, Any]:
    previous = previous or {}
    return {
        "game_pk": result.game_pk,
        "reason": reason,
        "detail": detail,
        "last_status": result.status,
        "attempts": int(previous.get("attempts") or 0) + 1,
        "first_seen_at": previous.get("first_seen_at") or now,
        "last_seen_at": now,
        "is_resolved": False,
    }


@dlt.source(name="statsapi", max_table_nesting=0)
def statsapi_source(
    client: StatsApiClient,
    game_pks: list[int],
    schedule: list[dict[str, Any]] | None = None,
    game_logs: list[dict[str, Any]] | None = None,
    players: list[dict[str, Any]] | None = None,
    ledger: dict[int, dict[str, Any]] | None = None,
    tally: FetchTally | None = None,
) -> Iterable[Any]:
    """The raw-schema resources of one load.

    Args:
        client: the Stats API client (one per run).
        game_pks: the distinct games to fetch, already planned.
        schedule: schedule rows fetched while planning (None: leave the table alone).
        game_logs: game-log rows fetched while planning (None: leave the table alone).
        players: the tracked players list (None: leave the table alone).
        ledger: unresolved ledger rows by game_pk, to carry attempts and first-seen times forward.
        tally: receives the counts of fetched and failed games.
    """
    ledger = ledger or {}
    tally = tally if tally is not None else FetchTally()

    def outcomes() -> Iterator[FeedOutcome]:
        """Each planned game fetched once: its games row, or the ledger row saying why there is none."""
        kill_limit = killpoints.fetch_limit()
        for count, result in enumerate(client.map_bounded(client.feed, game_pks), start=1):
            killpoints.fetched(count, kill_limit)
            now = datetime.now(UTC)
            reason, detail = result.reason, result.error
            row = None
            if result.document is not None:
                try:
                    row = game_row(result.document, now)
                except MalformedDocument as exc:
                    reason, detail = "malformed_response", str(exc)
                else:
                    if row["play_count"] == 0 and row["abstract_game_state"] == "Final":
                        reason, detail, row = "empty_plays", "Final game without play-by-play", None
            if row is not None:
                tally.loaded(row)
                previous = ledger.get(result.game_pk)
                resolved = dict(previous, is_resolved=True, last_seen_at=now) if previous else None
                yield FeedOutcome(row, resolved)
            else:
                tally.fail(reason or "http_error")
                entry = _ledger_row(result, reason or "http_error", detail, ledger.get(result.game_pk), now)
                yield FeedOutcome(None, entry)

    # Two transformers over one fetch, so each table keeps static hints: per-item (callable) hints made
    # dlt recompute and validate a table schema for every game.
    fetched = dlt.resource(outcomes, name="feed_outcomes", selected=False)

    @dlt.transformer(
        data_from=fetched, name="games", write_disposition="merge", primary_key="game_pk", columns=GAME_COLUMNS
    )
    def games(outcome: FeedOutcome) -> Iterator[dict[str, Any]]:
        if outcome.game is not None:
            yield outcome.game

    @dlt.transformer(
        data_from=fetched,
        name="game_fetch_ledger",
        write_disposition="merge",
        primary_key="game_pk",
        columns=LEDGER_COLUMNS,
    )
    def game_fetch_ledger(outcome: FeedOutcome) -> Iterator[dict[str, Any]]:
        if outcome.ledger is not None:
            yield outcome.ledger

    yield games
    yield game_fetch_ledger
    if schedule is not None:
        yield dlt.resource(
            schedule,
            name="schedule_games",
            write_disposition="merge",
            primary_key=("game_pk", "game_date"),
            columns=SCHEDULE_COLUMNS,
        )
    if game_logs is not None:
        yield dlt.resource(
            game_logs,
            name="game_logs",
            write_disposition="merge",
            primary_key=("player_id", "stat_group", "game_pk"),
            columns=GAME_LOG_COLUMNS,
        )
    if players is not None:
        yield dlt.resource(players, name="tracked_players", write_disposition="replace", columns=PLAYER_COLUMNS)
