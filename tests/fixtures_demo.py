"""Session fixtures for the tools' tests: one built demo warehouse per engine, headless Chromium, Redis.

A test module imports the fixtures it uses (``from tests.fixtures_demo import demo_duckdb``); each warehouse
is built once per session, however many modules ask for it: a generated season served on 127.0.0.1, loaded
with ``--all-games`` and built with ``dbt build`` (data tests included, no var relaxed), the same way on both
engines.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from fake_statsapi import FakeSeason, start_server
from tests.conftest import IN_CI, Warehouse, make_warehouse

SEASON = 2025
GAMES = 300
SEED = 7
LEVELS = "AAA,AA,A+,A,ROK,MLB"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own, emptied by no one else


@dataclass
class DemoWarehouse:
    """A built warehouse and the generated season it was loaded from."""

    warehouse: Warehouse
    season: FakeSeason

    @property
    def env(self) -> dict[str, str]:
        """The environment that points the tools (and dbt) at this warehouse."""
        return self.warehouse.environ()


def _build(target: str, tmp: Path) -> Iterator[DemoWarehouse]:
    with contextmanager(make_warehouse)(target, tmp) as warehouse:
        season = FakeSeason(season=SEASON, n_games=GAMES, seed=SEED)
        players_csv = tmp / "tracked_players.csv"
        season.write_tracked_players_csv(players_csv)
        with start_server(season) as api:
            warehouse.load(
                "--season",
                str(SEASON),
                "--base-url",
                api.base_url,
                "--players",
                str(players_csv),
                "--all-games",
                "--levels",
                LEVELS,
                "--rate",
                "0",
            )
        # The whole build, data tests included, with the product's vars: the coverage thresholds are shares of
        # the logs' own counts, so a 300-game season holds them as a full one does. Unit tests are the
        # models' business (they run in every other build).
        warehouse.dbt("build", "--exclude-resource-type", "unit_test")
        yield DemoWarehouse(warehouse, season)


@pytest.fixture(scope="session")
def demo_duckdb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoWarehouse]:
    """The generated season, loaded and built on DuckDB (once per session)."""
    yield from _build("duckdb", tmp_path_factory.mktemp("demo-duckdb"))


@pytest.fixture(scope="session")
def demo_postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoWarehouse]:
    """The same season on a fresh PostgreSQL database (skips without PostgreSQL, fails in CI)."""
    yield from _build("postgres", tmp_path_factory.mktemp("demo-postgres"))


@pytest.fixture(params=["duckdb", "postgres"])
def demo_warehouse(request: pytest.FixtureRequest) -> DemoWarehouse:
    """Each engine's demo warehouse in turn."""
    return request.getfixturevalue(f"demo_{request.param}")


def require_tool(what: str, available: bool, how: str) -> None:
    """Skip when a local tool is missing, except in CI, where it is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing in CI ({how})")
    pytest.skip(f"{what} is missing ({how})")


@dataclass
class Chromium:
    """Debian's headless Chromium, each run with a fresh profile and no network of its own."""

    executable: str

    def dump_dom(self, url: str, *, wait_ms: int = 0, timeout: float = 90) -> str:
        """The DOM after the page's scripts ran (``wait_ms`` of virtual time for pages that fetch and render)."""
        extra = [f"--virtual-time-budget={wait_ms}"] if wait_ms else []
        return self._run([*extra, "--dump-dom", url], timeout).stdout

    def screenshot(self, url: str, out: Path, *, width: int = 1100, height: int = 2400, timeout: float = 90) -> Path:
        self._run([f"--window-size={width},{height}", f"--screenshot={out}", url], timeout)
        return out

    def _run(self, args: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
        profile = tempfile.mkdtemp(prefix="chromium-profile-")
        try:
            result = subprocess.run(
                [self.executable, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                capture_output=True,
                text=True,
                timeout=timeout,
                env={**os.environ, "HOME": profile},
            )
        finally:
            shutil.rmtree(profile, ignore_errors=True)
        assert result.returncode == 0, f"chromium failed ({result.returncode}):\n{result.stderr[-3000:]}"
        return result


@pytest.fixture(scope="session")
def chromium() -> Chromium:
    """Headless Chromium (Debian's ``chromium``): skipped when missing locally, a failure in CI."""
    executable = CHROMIUM if os.access(CHROMIUM, os.X_OK) else shutil.which("chromium")
    require_tool("chromium", executable is not None, "apt-get install -y chromium")
    assert executable is not None
    return Chromium(executable)


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The local Redis (database 15): skipped when it is down locally, a failure in CI."""
    try:
        import redis
    except ImportError:
        require_tool("the redis package", False, "pip install redis")
        raise
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
        up = True
    except redis.RedisError:
        up = False
    finally:
        client.close()
    require_tool("Redis on 127.0.0.1:6379", up, "redis-server --daemonize yes --bind 127.0.0.1 --port 6379")
    return REDIS_URL
