"""What the raw schema already holds: the one question a load asks the warehouse before it plans.

Raw tables only, never dbt's models: a plan does not depend on a build having run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dlt.pipeline.pipeline import Pipeline

from loader.pipeline import WarehouseUnavailable, qualified, query, raw_tables_columns


@dataclass
class WarehouseState:
    """What the raw schema already holds."""

    final_games: set[int] = field(default_factory=set)
    unfinished_games: set[int] = field(default_factory=set)
    ledger: dict[int, dict[str, Any]] = field(default_factory=dict)

    @property
    def loaded_games(self) -> set[int]:
        """Every game the raw schema holds a version of, Final or not."""
        return self.final_games | self.unfinished_games


def current_games_query(table: str, columns: str, by_feed_timestamp: bool = True) -> str:
    """Each game's newest version in raw ``games`` (append-only), picked as stg_statsapi__games picks it.

    Newest by the API's own document time (``feed_timestamp``), then by load, then by row; a warehouse loaded
    before ``feed_timestamp`` existed orders by load alone.
    """
    newest = "_dlt_load_id desc, _dlt_id desc"
    if by_feed_timestamp:
        newest = "feed_timestamp desc nulls last, " + newest
    return (
        f"select {columns} from (select *, row_number() over (partition by game_pk order by {newest}) as version"
        f" from {table}) as versions where version = 1"
    )


def warehouse_state(pipeline: Pipeline) -> WarehouseState:
    """Read which games are loaded (Final or not) and the unresolved ledger, from the warehouse itself.

    A raw table that does not exist yet holds nothing: a first run, or one stopped (a database gone away)
    between creating the raw schema and its tables.

    Raises:
        WarehouseUnavailable: the database went away (one line, like every other warehouse failure).
    """
    try:
        return _read_state(pipeline)
    except Exception as exc:  # dlt wraps driver errors in several types; all mean the database went away
        lines = str(exc).strip().splitlines()
        raise WarehouseUnavailable(lines[0] if lines else type(exc).__name__) from None


def _read_state(pipeline: Pipeline) -> WarehouseState:
    state = WarehouseState()
    raw_columns = raw_tables_columns(pipeline)
    games_columns = raw_columns.get("games", set())
    if games_columns:
        current = current_games_query(
            qualified(pipeline, "games"),
            "game_pk, abstract_game_state",
            by_feed_timestamp="feed_timestamp" in games_columns,
        )
        for game_pk, game_state in query(pipeline, current):
            (state.final_games if game_state == "Final" else state.unfinished_games).add(int(game_pk))
    if raw_columns.get("game_fetch_ledger"):
        columns = ("game_pk", "reason", "detail", "last_status", "attempts", "first_seen_at", "last_seen_at")
        table = qualified(pipeline, "game_fetch_ledger")
        if pipeline.destination.destination_type.endswith("filesystem"):
            # A lake appends the ledger (a database merges it on game_pk): each game's newest entry is its state.
            table = (
                f"(select * from (select *, row_number() over (partition by game_pk order by _dlt_load_id desc,"
                f" _dlt_id desc) as entry from {table}) as entries where entry = 1) as ledger"
            )
        ledger = f"select {', '.join(columns)} from {table} where not is_resolved"
        for row in query(pipeline, ledger):
            entry = dict(zip(columns, row, strict=True))
            state.ledger[int(entry["game_pk"])] = entry
    return state
