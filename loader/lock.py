"""One load at a time per warehouse: a second load started meanwhile refuses with a clear message.

DuckDB: an exclusive ``flock`` on ``<warehouse>.lock`` (released by the kernel if the process dies, even on
kill -9). PostgreSQL: a session-level advisory lock on a connection held for the whole run (released when
that connection closes, which a killed process's does).
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg2

from loader import postgres, settings
from loader.pipeline import WarehouseUnavailable

log = logging.getLogger("loader")


class LoadInProgress(Exception):
    """Another load holds the warehouse."""


class LockLost(LoadInProgress):
    """The load's lock went away mid-run (its session ended) and another load holds it now."""


class HeldLock:
    """A lock held for the whole load; ``check()`` before each commit proves it is still this load's."""

    def check(self) -> None:
        """Raise ``LockLost`` when another load could be writing; a no-op where the kernel holds the lock."""


@contextmanager
def warehouse_lock(target: str) -> Iterator[HeldLock]:
    """Hold the warehouse's load lock for the duration of the block."""
    if target == "duckdb":
        # Keyed by the resolved file, so two spellings of one warehouse (a symlink) share one lock.
        with _file_lock(settings.duckdb_path().resolve()):
            yield HeldLock()
    elif target == "spark":
        # A local lake holds its lock beside the raw dataset's folder; a remote one (s3://, ...) has no file
        # lock to offer, so loads from this machine lock a file of their own, keyed by the URL.
        lake = settings.local_lake()
        if lake is None:
            key = hashlib.sha1(settings.lake_url().encode()).hexdigest()[:10]
            lake = settings.VAR_DIR / "locks" / f"lake-{key}"
        lake.mkdir(parents=True, exist_ok=True)
        with _file_lock(lake / settings.raw_schema()):
            yield HeldLock()
    else:
        lock = _AdvisoryLock()
        try:
            lock.acquire()
            yield lock
        finally:
            lock.release()


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


class _AdvisoryLock(HeldLock):
    """A session-level advisory lock on a connection of its own, in autocommit.

    Autocommit: a session idle *in a transaction* is ended by ``idle_in_transaction_session_timeout`` and
    takes its lock with it, while dlt writes on its own connections and would never notice. A session lock
    outlives transactions, so the connection never holds one open. If the session still ends (a restart, a
    terminated backend), ``check`` takes the lock again or stops the load.
    """

    def __init__(self) -> None:
        self.key = zlib.crc32(f"milb-load:{settings.raw_schema()}".encode())
        self.database = settings.postgres_settings()["database"]
        self._connection: Any = None

    def _try_lock(self) -> bool:
        try:
            self._connection = postgres.connect(connect_timeout=10, application_name="milb-load lock")
        except psycopg2.OperationalError as exc:
            raise WarehouseUnavailable(str(exc).strip().splitlines()[0]) from None
        self._connection.autocommit = True
        with self._connection.cursor() as cursor:
            cursor.execute("select pg_try_advisory_lock(%s)", (self.key,))
            (acquired,) = cursor.fetchone()
        if not acquired:
            self.release()
        return bool(acquired)

    def acquire(self) -> None:
        if not self._try_lock():
            raise LoadInProgress(f"another load is running on PostgreSQL database {self.database!r}")

    def check(self) -> None:
        try:
            with self._connection.cursor() as cursor:
                cursor.execute("select 1")
            return
        except psycopg2.Error:
            self.release()
        log.warning("the load lock's session ended; taking the lock again before the next commit")
        if not self._try_lock():
            raise LockLost(
                f"lost the load lock on PostgreSQL database {self.database!r} and another load holds it now: "
                "stopped before the next commit (what is committed stays; run the load again when it ends)"
            )

    def release(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            finally:
                self._connection = None
