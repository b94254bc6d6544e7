"""After a build: drop the rankings the app cached in Redis, so it recomputes them from the new marts.

Off unless ``MILB_REDIS_URL`` is set (``make build`` calls it only then). Keys are found with SCAN and
deleted in batches with DEL: KEYS would block a production Redis for as long as it walks the keyspace.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import click

from tools.entry import run_command

DEFAULT_PATTERN = "composite_rankings:*"
DEFAULT_BATCH = 500
URL_VARIABLE = "MILB_REDIS_URL"
PATTERN_VARIABLE = "MILB_REDIS_CACHE_PATTERN"


class CacheError(Exception):
    """Redis cannot be reached, or refused a command."""


def _batches(keys: Iterator[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for key in keys:
        batch.append(key)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def invalidate(client: Any, pattern: str = DEFAULT_PATTERN, batch_size: int = DEFAULT_BATCH) -> int:
    """Delete every key matching ``pattern``, ``batch_size`` keys per DEL; returns how many were deleted.

    SCAN may return a key twice, and keys written while it runs may or may not be seen: a key the app
    writes during the invalidation was computed from the new marts anyway.
    """
    deleted = 0
    for batch in _batches(client.scan_iter(match=pattern, count=batch_size), batch_size):
        deleted += int(client.delete(*batch))
    return deleted


def connect(url: str) -> Any:
    """A Redis client for ``url`` (``redis://[:password@]host:port/db``), checked with a PING."""
    import redis  # only a configured hook needs the package

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30)
    except ValueError:  # not a redis://, rediss:// or unix:// URL
        raise CacheError(
            f"{URL_VARIABLE}={_redact(url)} is not a Redis URL: use redis://host:6379/0 (or rediss://, unix://)"
        ) from None
    try:
        client.ping()
    except redis.RedisError as exc:
        raise CacheError(f"cannot reach Redis at {_redact(url)}: {exc}") from None
    return client


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    scheme, sep, rest = url.partition("://")
    if "@" in rest:
        rest = "***@" + rest.split("@", 1)[1]
    return scheme + sep + rest


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--url", default=None, help=f"Redis URL (default: ${URL_VARIABLE}; without one, nothing is done).")
@click.option(
    "--pattern",
    default=None,
    help=f"Keys to delete, a SCAN MATCH pattern (default: ${PATTERN_VARIABLE} or {DEFAULT_PATTERN!r}).",
)
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=DEFAULT_BATCH, show_default=True)
def invalidate_command(url: str | None, pattern: str | None, batch_size: int) -> None:
    """Invalidate the app's rankings cache in Redis (SCAN + DEL in batches)."""
    url = url or os.environ.get(URL_VARIABLE, "")
    pattern = pattern or os.environ.get(PATTERN_VARIABLE, "") or DEFAULT_PATTERN
    if not url:
        click.echo(f"rankings cache: {URL_VARIABLE} is not set, nothing to invalidate")
        return
    try:
        import redis
    except ImportError:
        raise CacheError(f"{URL_VARIABLE} is set but the redis package is not installed (pip install redis)") from None

    client = connect(url)
    try:
        deleted = invalidate(client, pattern, batch_size)
    except redis.RedisError as exc:
        raise CacheError(f"Redis at {_redact(url)} failed: {exc}") from None
    finally:
        client.close()
    click.echo(f"rankings cache: deleted {deleted} key(s) matching {pattern!r} at {_redact(url)}")


def main(argv: list[str] | None = None) -> None:
    run_command(invalidate_command, argv, {CacheError: 1})


if __name__ == "__main__":
    main()
