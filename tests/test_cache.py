"""The post-build hook: the app's cached rankings are dropped from Redis (SCAN + DEL, never KEYS), only the
keys matching the pattern, only when MILB_REDIS_URL is set, and by ``make build`` only after dbt succeeded."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.conftest import ROOT
from tools.cache import invalidate

if TYPE_CHECKING:
    from tests.fixtures_demo import DemoWarehouse

pytest_plugins = ["tests.fixtures_demo"]


class RecordingClient:
    """A Redis client that refuses KEYS and records the size of every DEL."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.deletes: list[int] = []
        self.scans = 0

    def scan_iter(self, **kwargs: Any) -> Iterator[Any]:
        self.scans += 1
        return self.client.scan_iter(**kwargs)

    def delete(self, *keys: Any) -> int:
        self.deletes.append(len(keys))
        return self.client.delete(*keys)

    def keys(self, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError("KEYS blocks a production Redis: use SCAN")


@pytest.fixture
def client(redis_url: str) -> Iterator[Any]:
    import redis

    client = redis.Redis.from_url(redis_url)
    yield client
    client.close()


@pytest.fixture
def prefix(client: Any) -> Iterator[str]:
    """A key prefix no other test or run shares; its keys are removed afterwards."""
    prefix = f"milb-test-{uuid.uuid4().hex[:12]}"
    yield prefix
    leftovers = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if leftovers:
        client.delete(*leftovers)


def fill(client: Any, prefix: str, rankings: int, others: int) -> None:
    with client.pipeline(transaction=False) as pipe:
        for i in range(rankings):
            pipe.set(f"{prefix}:composite_rankings:AAA:2025:{i}", "{}")
        for i in range(others):
            pipe.set(f"{prefix}:player_page:{i}", "{}")
        pipe.set(f"{prefix}:composite_rankings", "not under the pattern")
        pipe.execute()


def count(client: Any, pattern: str) -> int:
    return sum(1 for _ in client.scan_iter(match=pattern, count=1000))


def keys_calls(client: Any) -> int:
    return int(client.info("commandstats").get("cmdstat_keys", {}).get("calls", 0))


def test_invalidate_deletes_every_matching_key_in_batches_and_nothing_else(client: Any, prefix: str) -> None:
    fill(client, prefix, rankings=1234, others=77)
    keys_before = keys_calls(client)
    recording = RecordingClient(client)

    deleted = invalidate(recording, f"{prefix}:composite_rankings:*", batch_size=100)

    assert deleted == 1234
    assert count(client, f"{prefix}:composite_rankings:*") == 0
    assert count(client, f"{prefix}:player_page:*") == 77
    assert client.exists(f"{prefix}:composite_rankings") == 1
    assert recording.deletes and max(recording.deletes) <= 100 and sum(recording.deletes) >= 1234
    assert len(recording.deletes) >= 13
    assert keys_calls(client) == keys_before, "the server counted a KEYS command"


def test_nothing_to_delete_is_not_an_error(client: Any, prefix: str) -> None:
    assert invalidate(client, f"{prefix}:composite_rankings:*") == 0


def run_hook(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("MILB_REDIS")}
    return subprocess.run(
        [sys.executable, "-m", "tools.cache", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_hook_is_off_without_a_url(client: Any, prefix: str) -> None:
    fill(client, prefix, rankings=5, others=0)
    result = run_hook({"MILB_REDIS_CACHE_PATTERN": f"{prefix}:composite_rankings:*"})
    assert result.returncode == 0, result.stderr
    assert "MILB_REDIS_URL is not set" in result.stdout
    assert count(client, f"{prefix}:composite_rankings:*") == 5


def test_the_hook_reads_url_and_pattern_from_the_environment(redis_url: str, client: Any, prefix: str) -> None:
    fill(client, prefix, rankings=40, others=3)
    result = run_hook({"MILB_REDIS_URL": redis_url, "MILB_REDIS_CACHE_PATTERN": f"{prefix}:composite_rankings:*"})
    assert result.returncode == 0, result.stderr
    assert f"deleted 40 key(s) matching '{prefix}:composite_rankings:*'" in result.stdout
    assert count(client, f"{prefix}:*") == 4


def test_an_unreachable_redis_is_one_error_line_without_the_password() -> None:
    result = run_hook({"MILB_REDIS_URL": "redis://:s3cret@127.0.0.1:1/0"})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot reach Redis at redis://***@127.0.0.1:1/0"), lines
    assert "s3cret" not in result.stderr + result.stdout


def make_build(env: dict[str, str], *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", *flags, "build"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_make_build_runs_the_hook_after_dbt_only_when_configured(redis_url: str) -> None:
    base = {k: v for k, v in os.environ.items() if not k.startswith("MILB_REDIS")}
    plain = make_build(base, "-n").stdout.splitlines()
    assert any("dbt_steps.py build" in line for line in plain)
    assert not any("tools.cache" in line for line in plain)

    hooked = make_build({**base, "MILB_REDIS_URL": redis_url}, "-n").stdout.splitlines()
    dbt_line = next(i for i, line in enumerate(hooked) if "dbt_steps.py build" in line)
    hook_line = next(i for i, line in enumerate(hooked) if "tools.cache" in line)
    assert dbt_line < hook_line


@pytest.mark.slow
def test_make_build_invalidates_after_a_successful_build_and_not_after_a_failed_one(
    redis_url: str, client: Any, prefix: str, demo_duckdb: DemoWarehouse, tmp_path: Path
) -> None:
    pattern = f"{prefix}:composite_rankings:*"
    hook = {"MILB_REDIS_URL": redis_url, "MILB_REDIS_CACHE_PATTERN": pattern}
    fill(client, prefix, rankings=25, others=2)

    # An empty warehouse: make build stops on the missing raw tables, and the cache must survive it.
    empty = {
        **demo_duckdb.env,
        **hook,
        "MILB_DUCKDB_PATH": str(tmp_path / "empty.duckdb"),
        "DBT_TARGET_PATH": str(tmp_path / "dbt-target"),
        "DBT_LOG_PATH": str(tmp_path / "dbt-logs"),
    }
    failed = make_build(empty)
    assert failed.returncode != 0
    assert "tools.cache" not in failed.stdout
    assert count(client, pattern) == 25

    # Models and seeds only (data tests are test_demo's business): the build succeeds whatever the thresholds.
    built = make_build({**demo_duckdb.env, **hook, "DBT_EXCLUDE_RESOURCE_TYPES": "test unit_test"})
    assert built.returncode == 0, built.stdout[-4000:] + built.stderr[-2000:]
    assert f"rankings cache: deleted 25 key(s) matching '{pattern}'" in built.stdout
    assert count(client, pattern) == 0
    assert count(client, f"{prefix}:player_page:*") == 2


def test_a_url_that_is_not_redis_is_one_error_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tools.cache"],
        cwd=ROOT,
        env={**os.environ, "MILB_REDIS_URL": "http://user:pw@127.0.0.1:6379/0"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "error: MILB_REDIS_URL=http://***@127.0.0.1:6379/0 is not a Redis URL: use redis://host:6379/0 "
        "(or rediss://, unix://)"
    ]
