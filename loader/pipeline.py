"""One dlt pipeline per target, writing the raw schema into the same database dbt reads."""

from __future__ import annotations

import hashlib
import logging
import os
import socket
from pathlib import Path
from typing import Any

import dlt
from dlt.destinations.exceptions import DatabaseUndefinedRelation
from dlt.pipeline.pipeline import Pipeline

from loader import settings
from loader.schema import RAW_TABLES
from loader.settings import TARGETS

_SQL_TYPES = {
    "duckdb": {
        "bigint": "bigint",
        "text": "varchar",
        "date": "date",
        "timestamp": "timestamp with time zone",
        "bool": "boolean",
        "json": "varchar",  # json text: see schema.for_target
    },
    "postgres": {
        "bigint": "bigint",
        "text": "varchar",
        "date": "date",
        "timestamp": "timestamp with time zone",
        "bool": "boolean",
        "json": "jsonb",
    },
}


class _ArrowHintsNotice(logging.Filter):
    """Drop dlt's per-batch warning that Arrow string columns carry json/date hints: that is by design."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "when merging arrow schema with dlt schema" not in record.getMessage()


logging.getLogger("dlt").addFilter(_ArrowHintsNotice())


class WarehouseUnavailable(Exception):
    """The target database cannot be reached or opened."""


def _destination(target: str) -> tuple[Any, str]:
    if target == "duckdb":
        path = settings.duckdb_path()
        # The identity keys the pending load packages: one file under any spelling (a symlink, ..) is one key.
        return dlt.destinations.duckdb(str(path)), f"duckdb:{path.resolve()}"
    if target == "postgres":
        pg = settings.postgres_settings()
        identity = f"postgres:{_host_address(str(pg['host']))}:{pg['port']}/{pg['database']}"
        return dlt.destinations.postgres(credentials=pg), identity
    if target == "spark":
        url = settings.lake_url()
        return dlt.destinations.filesystem(bucket_url=url), f"lake:{url}"
    raise ValueError(f"unknown target {target!r}; known targets: {', '.join(TARGETS)}")


def _host_address(host: str) -> str:
    """``localhost`` and ``127.0.0.1`` are one server: key it by address where the name resolves."""
    try:
        return socket.gethostbyname(host)
    except OSError:
        return host


def make_pipeline(target: str) -> Pipeline:
    """The dlt pipeline of a target, its working directory keyed by the warehouse it writes to.

    Pending load packages are kept per warehouse, so a run killed mid-load is finished by the next run
    against the same warehouse and never replayed into another one. dlt's knobs (buffers, compression,
    signals, DuckDB's threads) are in ``.dlt/config.toml``.
    """
    destination, identity = _destination(target)
    pipelines_dir, pipeline_name = pipeline_location(target, identity)
    return dlt.pipeline(
        pipeline_name=pipeline_name,
        destination=destination,
        dataset_name=settings.raw_schema(),
        pipelines_dir=str(pipelines_dir),
        progress="log" if os.environ.get("MILB_PROGRESS") == "log" else None,
    )


def pipeline_location(target: str, identity: str | None = None) -> tuple[Path, str]:
    """Where the target's pipeline keeps its working directory: (pipelines dir, pipeline name)."""
    identity = identity or _destination(target)[1]
    key = hashlib.sha1(identity.encode()).hexdigest()[:10]
    return settings.pipelines_dir(), f"milb_{target}_{key}"


def loader_file_format(target: str) -> str:
    """The files dlt hands the database: parquet for DuckDB and the lake, csv (COPY) for PostgreSQL, from Arrow."""
    return "csv" if target == "postgres" else "parquet"


def check_warehouse(pipeline: Pipeline) -> None:
    """Open a connection once, so an unreachable database fails before anything is fetched."""
    if pipeline.destination.destination_type.endswith("duckdb"):
        folder = settings.duckdb_path().parent
        if not folder.is_dir():
            raise WarehouseUnavailable(f"the folder of the DuckDB file does not exist: {folder} (MILB_DUCKDB_PATH)")
    if pipeline.destination.destination_type.endswith("filesystem"):
        # dlt creates the lake's folders itself; a remote lake (s3://, ...) is reached on the first write.
        return
    try:
        with pipeline.sql_client() as client:
            client.execute_sql("select 1")
    except Exception as exc:  # dlt wraps driver errors in several types; all mean the same here
        raise WarehouseUnavailable(_driver_reason(exc)) from exc


def _driver_reason(exc: BaseException) -> str:
    """The driver's own words, without dlt's generic "check your credentials / internet connection" text."""
    text = _one_line(exc)
    marker = "The actual reason given is:"
    return text.split(marker, 1)[1].strip() if marker in text else text


def ensure_raw_tables(pipeline: Pipeline, target: str) -> None:
    """Create any raw table that no load has created yet, so dbt's sources always exist.

    dlt creates a table only when data first arrives for it; a season with no failed game would leave
    ``game_fetch_ledger`` undefined and every dbt build would fail on the missing source. A table made by an
    earlier version gains the columns added since (dlt adds only what its stored schema lacks).

    Raises:
        WarehouseUnavailable: the database went away (one line, like every other warehouse failure).
    """
    if target == "spark":
        # Files, not tables: the dbt project declares the lake's tables with their columns (macro lake_sources),
        # so a table no load has written yet is an empty table there.
        return
    types = _SQL_TYPES[target]
    try:
        with pipeline.sql_client() as client:
            client.execute_sql(f"create schema if not exists {client.fully_qualified_dataset_name()}")
            for table, columns in RAW_TABLES.items():
                qualified_table = client.make_qualified_table_name(table)
                column_sql = [f"{name} {types[spec['data_type']]}" for name, spec in columns.items()]
                column_sql += ["_dlt_load_id varchar not null", "_dlt_id varchar not null"]
                client.execute_sql(f"create table if not exists {qualified_table} ({', '.join(column_sql)})")
                existing = raw_columns(pipeline, table)
                for name, spec in columns.items():
                    if name not in existing:
                        client.execute_sql(
                            f"alter table {qualified_table} add column {name} {types[spec['data_type']]}"
                        )
    except Exception as exc:  # dlt wraps driver errors in several types; all mean the database went away
        raise WarehouseUnavailable(_one_line(exc)) from None


def query(pipeline: Pipeline, sql: str) -> list[tuple[Any, ...]]:
    """Rows of a query on the raw dataset ([] when the dataset does not exist yet)."""
    with pipeline.sql_client() as client:
        if not client.has_dataset():
            return []
        try:
            with client.execute_query(sql) as cursor:
                return list(cursor.fetchall())
        except DatabaseUndefinedRelation:
            # A lake table exists once a load has written files for it (a database's table, at once).
            if pipeline.destination.destination_type.endswith("filesystem"):
                return []
            raise


def raw_columns(pipeline: Pipeline, table: str) -> set[str]:
    """The columns a raw table has in the database (empty when it does not exist yet)."""
    if pipeline.destination.destination_type.endswith("filesystem"):
        # A lake has no information_schema: the columns are those of dlt's stored schema of the files.
        tables = pipeline.default_schema.tables if pipeline.default_schema_name else {}
        return set(tables.get(table, {}).get("columns", {}))
    sql = (
        "select column_name from information_schema.columns"
        f" where table_schema = '{pipeline.dataset_name}' and table_name = '{table}'"
    )
    return {name for (name,) in query(pipeline, sql)}


def qualified(pipeline: Pipeline, table: str) -> str:
    with pipeline.sql_client() as client:
        return client.make_qualified_table_name(table)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
