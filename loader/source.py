"""The dlt source: schedule, game logs, tracked players, game feeds and the ledger of games that failed.

The plan (which games to fetch) is made before extraction (``loader.plan``) and the games are fetched ahead
on their own thread (``loader.fetch``); the resources here only hand dlt each table's rows with its hints
(``loader.schema``). Each distinct game_pk is fetched once, however many tracked players appear in it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import dlt
import pyarrow as pa

from loader.fetch import FeedOutcome
from loader.schema import (
    GAME_COLUMNS,
    GAME_LOG_COLUMNS,
    LEDGER_COLUMNS,
    PLAYER_COLUMNS,
    SCHEDULE_COLUMNS,
    arrow_table,
    arrow_tables,
    for_target,
)

# Games per Arrow batch: big enough for columnar files, small enough to keep a few MB in memory.
BATCH_GAMES = 50


@dlt.source(name="statsapi", max_table_nesting=0)
def statsapi_source(
    feeds: Iterable[FeedOutcome],
    schedule: list[dict[str, Any]] | None = None,
    game_logs: list[dict[str, Any]] | None = None,
    players: list[dict[str, Any]] | None = None,
    target: str = "duckdb",
) -> Iterable[Any]:
    """The raw-schema resources of one load (or one chunk of it).

    Args:
        feeds: this chunk's fetched games, each a games row or a ledger row (``FeedPrefetch.take``).
        schedule: schedule rows fetched while planning (None: leave the table alone).
        game_logs: game-log rows fetched while planning (None: leave the table alone).
        players: the tracked players list (None: leave the table alone).
        target: the destination (``duckdb``, ``postgres`` or ``spark``, a lake), which decides how json
            documents are stored and whether tables merge (a lake appends).
    """

    def outcomes() -> Iterator[list[FeedOutcome]]:
        """Each game of the chunk, in batches: its games row, or the ledger row saying why not."""
        batch: list[FeedOutcome] = []
        for outcome in feeds:
            batch.append(outcome)
            if len(batch) >= BATCH_GAMES:
                yield batch
                batch = []
        if batch:
            yield batch

    # A lake of parquet files only appends (docs/scale-out.md): the models keep each key's newest row.
    merge = "append" if target == "spark" else "merge"

    # Two transformers over one fetch, so each table keeps static hints: per-item (callable) hints made
    # dlt recompute and validate a table schema for every game.
    fetched = dlt.resource(outcomes, name="feed_outcomes", selected=False)

    # Appended, never deleted or merged: a game fetched again is a new row, and staging keeps each game's
    # newest version (stg_statsapi__games). A replayed package, a second writer or a crash between a delete
    # and an insert can then never double or lose a game, and dlt's merge would copy every document through
    # a staging table although most games of a load are new.
    @dlt.transformer(
        data_from=fetched,
        name="games",
        write_disposition="append",
        columns=for_target(GAME_COLUMNS, target),
    )
    def games(batch: list[FeedOutcome]) -> Iterator[pa.Table]:
        rows = [outcome.game for outcome in batch if outcome.game is not None]
        if rows:
            yield arrow_table(rows, GAME_COLUMNS)

    @dlt.transformer(
        data_from=fetched,
        name="game_fetch_ledger",
        write_disposition=merge,
        primary_key="game_pk",
        columns=for_target(LEDGER_COLUMNS, target),
    )
    def game_fetch_ledger(batch: list[FeedOutcome]) -> Iterator[pa.Table]:
        rows = [outcome.ledger for outcome in batch if outcome.ledger is not None]
        if rows:
            yield arrow_table(rows, LEDGER_COLUMNS)

    yield games
    yield game_fetch_ledger
    if schedule is not None:
        yield dlt.resource(
            arrow_tables(schedule, SCHEDULE_COLUMNS),
            name="schedule_games",
            write_disposition=merge,
            primary_key=("game_pk", "game_date"),
            columns=for_target(SCHEDULE_COLUMNS, target),
        )
    if game_logs is not None:
        yield dlt.resource(
            arrow_tables(game_logs, GAME_LOG_COLUMNS),
            name="game_logs",
            write_disposition=merge,
            primary_key=("player_id", "stat_group", "game_pk"),
            columns=for_target(GAME_LOG_COLUMNS, target),
        )
    if players is not None:
        yield dlt.resource(
            arrow_tables(players, PLAYER_COLUMNS),
            name="tracked_players",
            write_disposition="replace",
            columns=for_target(PLAYER_COLUMNS, target),
        )
