"""One dlt pipeline per target, writing the raw schema into the same database dbt reads."""

from __future__ import annotations

import hashlib
import logging
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dlt
from dlt.destinations.exceptions import DatabaseUndefinedRelation
from dlt.destinations.impl.duckdb.configuration import DuckDbCredentials
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


# Each commit appends its games as a row group of their own, and DuckDB's checkpoint merges adjacent small row
# groups into bigger ones, rewriting them whole. A raw games row is large (~365 kB of play JSON), so at the
# default row group size (122,880 rows) one checkpoint late in a season rewrote 4,000+ games at once: the
# loader's peak memory and its CPU per game grew with what the warehouse already held (docs/benchmarks.md).
# Row groups of 2,048 rows (DuckDB's smallest) cap what any checkpoint rewrites. The size is an option of
# ATTACH, not of a connection's config, so the loader opens the file itself and hands dlt the connection.
RAW_ROW_GROUP_SIZE = 2048
# The file's name inside the loader's connection (dbt names it after the file; no query here names it).
_ATTACHED = "warehouse"


def _duckdb_connection(path: Path) -> Any:
    """A connection whose current database is the warehouse file, attached with ``RAW_ROW_GROUP_SIZE``."""
    import duckdb

    if not path.parent.is_dir():
        raise WarehouseUnavailable(f"the folder of the DuckDB file does not exist: {path.parent} (MILB_DUCKDB_PATH)")
    # Spills go beside the file, where DuckDB puts them for a file it opens itself (not into the cwd).
    connection = duckdb.connect(config={"temp_directory": f"{path}.tmp"})
    try:
        literal = str(path).replace("'", "''")
        connection.execute(f"attach '{literal}' as {_ATTACHED} (row_group_size {RAW_ROW_GROUP_SIZE})")
        connection.execute(f"use {_ATTACHED}")
    except duckdb.Error as exc:
        connection.close()
        raise WarehouseUnavailable(_one_line(exc)) from None
    return connection


def _destination(target: str) -> tuple[Any, Any]:
    """dlt's destination for a target and the connection the loader must close (None: dlt manages its own)."""
    if target == "duckdb":
        connection = _duckdb_connection(settings.duckdb_path())
        credentials = DuckDbCredentials(connection)
        # dlt hands each step a clone of the connection, a session of its own: each one is pointed at the file.
        credentials.local_config = {"schema": f"{_ATTACHED}.main"}
        return dlt.destinations.duckdb(credentials=credentials), connection
    if target == "postgres":
        return dlt.destinations.postgres(credentials=settings.postgres_settings()), None
    if target == "spark":
        return dlt.destinations.filesystem(bucket_url=settings.lake_url()), None
    raise ValueError(f"unknown target {target!r}; known targets: {', '.join(TARGETS)}")


def _identity(target: str) -> str:
    """What keys the pending load packages: one warehouse under any spelling (a symlink, ..) is one key."""
    if target == "duckdb":
        return f"duckdb:{settings.duckdb_path().resolve()}"
    if target == "postgres":
        pg = settings.postgres_settings()
        return f"postgres:{_host_address(str(pg['host']))}:{pg['port']}/{pg['database']}"
    if target == "spark":
        return f"lake:{settings.lake_url()}"
    raise ValueError(f"unknown target {target!r}; known targets: {', '.join(TARGETS)}")


def _host_address(host: str) -> str:
    """``localhost`` and ``127.0.0.1`` are one server: key it by address where the name resolves."""
    try:
        return socket.gethostbyname(host)
    except OSError:
        return host


@contextmanager
def open_pipeline(target: str) -> Iterator[Pipeline]:
    """The dlt pipeline of a target, its working directory keyed by the warehouse it writes to.

    Pending load packages are kept per warehouse, so a run killed mid-load is finished by the next run
    against the same warehouse and never replayed into another one. dlt's knobs (buffers, compression,
    signals, DuckDB's threads) are in ``.dlt/config.toml``. A DuckDB file is open for the block and closed
    (checkpointed) when it ends.

    Raises:
        WarehouseUnavailable: the DuckDB file cannot be opened (its folder is missing, another process holds it).
    """
    pipelines_dir, pipeline_name = pipeline_location(target)
    destination, connection = _destination(target)
    try:
        yield dlt.pipeline(
            pipeline_name=pipeline_name,
            destination=destination,
            dataset_name=settings.raw_schema(),
            pipelines_dir=str(pipelines_dir),
            progress="log" if os.environ.get("MILB_PROGRESS") == "log" else None,
        )
    finally:
        if connection is not None:
            connection.close()


def pipeline_location(target: str) -> tuple[Path, str]:
    """Where the target's pipeline keeps its working directory: (pipelines dir, pipeline name)."""
    key = hashlib.sha1(_identity(target).encode()).hexdigest()[:10]
    return settings.pipelines_dir(), f"milb_{target}_{key}"


def loader_file_format(target: str) -> str:
    """The files dlt hands the database: parquet for DuckDB and the lake, csv (COPY) for PostgreSQL, from Arrow."""
    return "csv" if target == "postgres" else "parquet"


def check_warehouse(pipeline: Pipeline) -> None:
    """Open a connection once, so an unreachable database fails before anything is fetched."""
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
        # One client for every statement: each sql_client() resolves dlt's destination configuration anew.
        with pipeline.sql_client() as client:
            client.execute_sql(f"create schema if not exists {client.fully_qualified_dataset_name()}")
            for table, columns in RAW_TABLES.items():
                qualified_table = client.make_qualified_table_name(table)
                column_sql = [f"{name} {types[spec['data_type']]}" for name, spec in columns.items()]
                column_sql += ["_dlt_load_id varchar not null", "_dlt_id varchar not null"]
                client.execute_sql(f"create table if not exists {qualified_table} ({', '.join(column_sql)})")
            existing_columns = raw_tables_columns(pipeline)
            for table, columns in RAW_TABLES.items():
                qualified_table = client.make_qualified_table_name(table)
                existing = existing_columns.get(table, set())
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


def raw_tables_columns(pipeline: Pipeline) -> dict[str, set[str]]:
    """The columns of each raw table in the database, in one query (a table not created yet is absent)."""
    if pipeline.destination.destination_type.endswith("filesystem"):
        # A lake has no information_schema: the columns are those of dlt's stored schema of the files.
        tables = pipeline.default_schema.tables if pipeline.default_schema_name else {}
        return {table: set(spec.get("columns", {})) for table, spec in tables.items() if spec.get("columns")}
    sql = (
        f"select table_name, column_name from information_schema.columns where table_schema = '{pipeline.dataset_name}'"
    )
    columns: dict[str, set[str]] = {}
    for table, name in query(pipeline, sql):
        columns.setdefault(table, set()).add(name)
    return columns


def qualified(pipeline: Pipeline, table: str) -> str:
    with pipeline.sql_client() as client:
        return client.make_qualified_table_name(table)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
