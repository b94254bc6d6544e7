"""A read-only connection to the warehouse dbt built, on either target, from the variables profiles.yml reads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import duckdb
import psycopg2

from loader import postgres, settings
from loader.settings import TARGETS


class WarehouseError(Exception):
    """The warehouse cannot be opened, or is not built yet."""


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


@dataclass
class WarehouseReader:
    """Runs queries against one warehouse; ``analytics`` and ``raw`` are the quoted schema names."""

    target: str
    connection: Any
    description: str

    @property
    def analytics(self) -> str:
        return quote(settings.dbt_schema())

    @property
    def raw(self) -> str:
        return quote(settings.raw_schema())

    def rows(self, sql: str) -> list[dict[str, Any]]:
        """The result of one query as dicts keyed by column name."""
        if self.target == "duckdb":
            relation = self.connection.execute(sql)
            names = [column[0] for column in relation.description]
            return [dict(zip(names, row, strict=True)) for row in relation.fetchall()]
        with self.connection.cursor() as cursor:
            cursor.execute(sql)
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def has_relation(self, schema: str, name: str) -> bool:
        """Whether a table or view (or, on PostgreSQL, a materialized view) exists."""
        if self.target == "duckdb":
            found = self.connection.execute(
                "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
                [schema, name],
            ).fetchone()
            return bool(found and found[0])
        with self.connection.cursor() as cursor:
            # information_schema does not list materialized views; the catalog does.
            cursor.execute("select to_regclass(%s) is not null", [f"{quote(schema)}.{quote(name)}"])
            return bool(cursor.fetchone()[0])

    def has_model(self, name: str) -> bool:
        return self.has_relation(settings.dbt_schema(), name)

    def require_models(self, *names: str) -> None:
        missing = [name for name in names if not self.has_model(name)]
        if missing:
            raise WarehouseError(
                f"the {self.description} warehouse has no {', '.join(missing)} in schema {settings.dbt_schema()!r}: "
                "run `make build` first"
            )


LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


def local_sources(reader: WarehouseReader) -> list[str]:
    """The API roots on this machine the raw games were fetched from (a fake API or a replay), if any.

    The loader records each game's ``fetched_from``; games loaded before it did have none and count as real.
    """
    try:
        rows = reader.rows(f"select distinct fetched_from from {reader.raw}.games where fetched_from is not null")
    except (duckdb.Error, psycopg2.Error):  # a warehouse loaded before the column existed
        return []
    urls = sorted(str(row["fetched_from"]) for row in rows)
    return [url for url in urls if (urlsplit(url).hostname or "") in {host.strip("[]") for host in LOCAL_HOSTS}]


def generated_data_notice(reader: WarehouseReader) -> str | None:
    """The banner a page built on such a warehouse carries, or None for data from the real API."""
    sources = local_sources(reader)
    if not sources:
        return None
    return (
        f"Generated data: this warehouse was loaded from {', '.join(sources)} (the local fake Stats API or a "
        "replay), not from statsapi.mlb.com. Its players and numbers are not real baseball."
    )


@contextmanager
def open_warehouse(target: str | None = None) -> Iterator[WarehouseReader]:
    """A read-only connection to the chosen target (``MILB_TARGET``, default duckdb)."""
    target = target or settings.target()
    if target not in TARGETS:
        raise WarehouseError(f"unknown target {target!r}; known targets: {', '.join(TARGETS)}")
    if target == "duckdb":
        path = settings.duckdb_path()
        if not path.is_file():
            raise WarehouseError(f"no DuckDB warehouse at {path} (set MILB_DUCKDB_PATH, or run `make load` first)")
        try:
            connection = duckdb.connect(str(path), read_only=True)
        except duckdb.Error as exc:
            # A load or a dbt build holding the file's write lock ends up here.
            raise WarehouseError(f"cannot open {path}: {str(exc).splitlines()[0]}") from None
        reader = WarehouseReader(target, connection, f"duckdb ({path})")
    else:
        pg = settings.postgres_settings()
        try:
            connection = postgres.connect(connect_timeout=5)
        except psycopg2.OperationalError as exc:
            lines = str(exc).strip().splitlines()
            raise WarehouseError(f"cannot connect to PostgreSQL: {lines[0] if lines else exc}") from None
        connection.set_session(readonly=True, autocommit=True)
        reader = WarehouseReader(target, connection, f"postgres ({pg['host']}:{pg['port']}/{pg['database']})")
    try:
        yield reader
    finally:
        connection.close()
