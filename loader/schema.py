"""The raw tables' column hints, and their rows as Arrow tables typed by them.

dlt takes the hints from here (``loader.source``); the pipeline creates tables no load has created yet from
the same hints (``loader.pipeline.ensure_raw_tables``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyarrow as pa
from dlt.common.schema.typing import TTableSchemaColumns

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
    # The API's own time of this version of the document (metaData.timeStamp): staging keeps the newest
    # version of each game by it, whichever host's clock loaded it.
    "feed_timestamp": {"data_type": "timestamp"},
    # The API root it came from: a warehouse loaded from a local fake (or replay) says so in its data.
    "fetched_from": {"data_type": "text"},
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
RAW_TABLES: dict[str, TTableSchemaColumns] = {
    "games": GAME_COLUMNS,
    "game_logs": GAME_LOG_COLUMNS,
    "schedule_games": SCHEDULE_COLUMNS,
    "tracked_players": PLAYER_COLUMNS,
    "game_fetch_ledger": LEDGER_COLUMNS,
}
ARROW_TYPES = {
    "bigint": pa.int64(),
    "text": pa.string(),
    "date": pa.date32(),
    "timestamp": pa.timestamp("us", tz="UTC"),
    "bool": pa.bool_(),
    # Serialised JSON text; PostgreSQL parses it into jsonb on load.
    "json": pa.string(),
}


def for_target(columns: TTableSchemaColumns, target: str) -> TTableSchemaColumns:
    """Column hints as a target stores them: on DuckDB and in the lake json documents are kept as text.

    DuckDB's JSON type parses every value on insert, a whole vector of games at a time; the models parse
    the text once anyway (``from_json``, on Spark too). PostgreSQL parses ``jsonb`` row by row and stores it
    smaller.
    """
    if target == "postgres":
        return columns
    return {
        name: {**spec, "data_type": "text"} if spec["data_type"] == "json" else spec for name, spec in columns.items()
    }


def arrow_table(rows: list[dict[str, Any]], columns: TTableSchemaColumns) -> pa.Table:
    """Rows as an Arrow table typed by the table's column hints.

    dlt writes Arrow tables straight to parquet (DuckDB) or csv (PostgreSQL) without normalising each row,
    which is most of the CPU per game and lets the database read a columnar file instead of JSON lines.
    """
    schema = pa.schema([(name, ARROW_TYPES[spec["data_type"]]) for name, spec in columns.items()])
    return pa.Table.from_pylist(rows, schema=schema)


def arrow_tables(rows: list[dict[str, Any]], columns: TTableSchemaColumns, size: int = 10_000) -> Iterator[pa.Table]:
    for start in range(0, len(rows), size):
        yield arrow_table(rows[start : start + size], columns)
