"""Connections to the postgres target, from ``settings.postgres_settings()``."""

from __future__ import annotations

from typing import Any

from loader import settings


def connect(
    connect_timeout: int = 10, application_name: str = "milb", dbname: str | None = None, **options: Any
) -> Any:
    """A psycopg2 connection (raises ``psycopg2.OperationalError`` when unreachable).

    ``dbname`` another database of the same server (tests and the benchmark create and drop their own);
    ``options`` more of libpq's connection parameters.
    """
    import psycopg2  # only the postgres target needs the driver loaded

    pg = settings.postgres_settings()
    return psycopg2.connect(
        host=pg["host"],
        port=pg["port"],
        user=pg["username"],
        password=pg["password"],
        dbname=dbname or pg["database"],
        connect_timeout=connect_timeout,
        application_name=application_name,
        **options,
    )
