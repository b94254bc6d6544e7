"""One load at a time per warehouse: a second load started meanwhile refuses with a clear message.

DuckDB: an exclusive ``flock`` on ``<warehouse>.lock`` (released by the kernel if the process dies, even on
kill -9). PostgreSQL: a session-level advisory lock on a connection held for the whole run (released when
that connection closes, which a killed process's does).
"""

from __future__ import annotations

import fcntl
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg2

from loader import settings
from loader.pipeline import WarehouseUnavailable


class LoadInProgress(Exception):
    """Another load holds the warehouse."""


@contextmanager
def warehouse_lock(target: str) -> Iterator[None]:
    """Hold the warehouse's load lock for the duration of the block."""
    if target == "duckdb":
        with _file_lock(settings.duckdb_path()):
            yield
    else:
        with _advisory_lock():
            yield


@contextmanager
def _file_lock(warehouse: Path) -> Iterator[None]:
    if not warehouse.parent.is_dir():
        raise WarehouseUnavailable(f"the folder of the DuckDB file does not exist: {warehouse.parent}")
    path = warehouse.with_name(warehouse.name + ".lock")
    while True:
        try:
            handle = open(path, "a+")  # noqa: SIM115 -- held past the loop, closed in the finally below
        except OSError as exc:
            raise WarehouseUnavailable(f"cannot create the lock file {path}: {exc.strerror}") from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            handle.close()
            raise LoadInProgress(f"another load is running on {warehouse} (pid {holder})") from None
        # The holder before us deletes the file before it unlocks: a lock won on a deleted file is no lock.
        try:
            same_file = os.stat(path).st_ino == os.fstat(handle.fileno()).st_ino
        except FileNotFoundError:
            same_file = False
        if same_file:
            break
        handle.close()
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        # Deleted while still held, so that no lock file outlives the run (see the inode check above).
        path.unlink(missing_ok=True)
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


@contextmanager
def _advisory_lock() -> Iterator[None]:
    pg = settings.postgres_settings()
    key = zlib.crc32(f"milb-load:{settings.raw_schema()}".encode())
    try:
        connection = settings.postgres_connect(connect_timeout=10, application_name="milb-load lock")
    except psycopg2.OperationalError as exc:
        raise WarehouseUnavailable(str(exc).strip().splitlines()[0]) from None
    try:
        with connection.cursor() as cursor:
            cursor.execute("select pg_try_advisory_lock(%s)", (key,))
            (acquired,) = cursor.fetchone()
        if not acquired:
            raise LoadInProgress(f"another load is running on PostgreSQL database {pg['database']!r}")
        yield
    finally:
        connection.close()
