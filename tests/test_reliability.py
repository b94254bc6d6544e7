"""Kills, concurrent loads and re-runs never lose or duplicate a pitch, on both engines."""

from __future__ import annotations

import contextlib
import fcntl
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fake_statsapi.generator import FakeSeason
from fake_statsapi.server import start_server
from tests.conftest import ANALYTICS, CURRENT_GAMES, RAW, ROOT, Warehouse, make_warehouse, pg_connect

pytestmark = pytest.mark.slow
SEASON = 2025
KILL_POINTS = ["fetch:7", "extracted", "normalized", "loaded"]

# What "the same warehouse" means: every raw game and ledger row, every pitch key of the marts.
SNAPSHOT = {
    "games": f"select game_pk, abstract_game_state, pitch_count from {CURRENT_GAMES} order by 1",
    "games_rows": f"select count(*) from {CURRENT_GAMES}",
    "ledger": f"select game_pk, reason from {RAW}.game_fetch_ledger where not is_resolved order by 1",
    "game_logs": "select count(*), count(distinct player_id || '-' || stat_group || '-' || game_pk) "
    f"from {RAW}.game_logs",
    "pitches": "select game_pk, count(*), count(distinct at_bat_index * 1000 + pitch_number) "
    f"from {ANALYTICS}.milb_batter_pitches group by 1 order by 1",
    "pitcher_pitches": f"select count(*) from {ANALYTICS}.milb_pitcher_pitches",
}


@pytest.fixture(scope="module")
def season() -> FakeSeason:
    return FakeSeason(season=SEASON, n_games=120, seed=5)


@pytest.fixture(scope="module")
def api(season: FakeSeason) -> Iterator[Any]:
    with start_server(season) as server:
        yield server


@pytest.fixture(scope="module")
def players_csv(season: FakeSeason, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return season.write_tracked_players_csv(tmp_path_factory.mktemp("players") / "players.csv")


def snapshot(warehouse: Warehouse) -> dict[str, list[tuple[Any, ...]]]:
    return {name: warehouse.query(sql) for name, sql in SNAPSHOT.items()}


def load_args(api: Any, players_csv: Path) -> tuple[str, ...]:
    return ("--season", str(SEASON), "--base-url", api.base_url, "--players", str(players_csv), "--rate", "0")


@pytest.fixture(scope="module", params=["duckdb", "postgres"])
def clean_run(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, api: Any, players_csv: Path
) -> Iterator[tuple[str, dict[str, list[tuple[Any, ...]]]]]:
    """The reference: one uninterrupted load and build per engine."""
    for warehouse in make_warehouse(request.param, tmp_path_factory.mktemp(f"clean-{request.param}")):
        warehouse.load(*load_args(api, players_csv))
        warehouse.dbt("build")
        yield request.param, snapshot(warehouse)


@pytest.mark.parametrize("kill_at", KILL_POINTS)
def test_a_killed_load_then_a_rerun_equals_a_clean_run(
    clean_run: tuple[str, dict[str, list[tuple[Any, ...]]]],
    kill_at: str,
    tmp_path: Path,
    api: Any,
    players_csv: Path,
) -> None:
    target, expected = clean_run
    for warehouse in make_warehouse(target, tmp_path):
        warehouse.env["MILB_KILL_AT"] = kill_at
        killed = warehouse.load(*load_args(api, players_csv), check=False)
        assert killed.returncode == -9, killed.stderr[-2000:]
        del warehouse.env["MILB_KILL_AT"]
        warehouse.load(*load_args(api, players_csv))
        warehouse.dbt("build")
        assert snapshot(warehouse) == expected
        # A third run has nothing left to do and changes nothing.
        third = warehouse.load(*load_args(api, players_csv))
        assert "games planned 0," in third.stdout
        warehouse.dbt("build")
        assert snapshot(warehouse) == expected


def _lock_is_held(warehouse: Warehouse) -> bool:
    if warehouse.target == "duckdb":
        path = Path(warehouse.env["MILB_DUCKDB_PATH"] + ".lock")
        if not path.exists():
            return False
        with open(path, "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle, fcntl.LOCK_UN)
            return False
    return bool(
        warehouse.scalar(
            "select count(*) from pg_locks where locktype = 'advisory' "
            "and database = (select oid from pg_database where datname = current_database())"
        )
    )


def test_a_second_load_refuses_while_one_runs(warehouse: Warehouse, season: FakeSeason) -> None:
    game_pks = ",".join(str(game.game_pk) for game in season.games[:40])
    with start_server(season, latency_ms=400) as slow_api:
        args = [
            "--season",
            str(SEASON),
            "--games",
            game_pks,
            "--base-url",
            slow_api.base_url,
            "--rate",
            "0",
            "--concurrency",
            "2",
        ]
        first = subprocess.Popen(
            [sys.executable, "-m", "loader", "--target", warehouse.target, "--yes", *args],
            cwd=ROOT,
            env=warehouse.environ(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 60
            while not _lock_is_held(warehouse):
                assert first.poll() is None, first.communicate()
                assert time.monotonic() < deadline, "the first load never took the lock"
                time.sleep(0.1)
            second = warehouse.load(*args, check=False)
            assert second.returncode == 1
            errors = [line for line in second.stderr.splitlines() if line.startswith("error:")]
            assert errors and "another load is running" in errors[0]
        finally:
            out, err = first.communicate(timeout=300)
        assert first.returncode == 0, err[-3000:]
    assert (
        warehouse.scalar(f"select count(*) from {RAW}.games")
        + warehouse.scalar(f"select count(*) from {RAW}.game_fetch_ledger")
        == 40
    )
    assert warehouse.scalar(f"select count(*) - count(distinct game_pk) from {RAW}.games") == 0


def _start_load(warehouse: Warehouse, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "loader", "--target", warehouse.target, "--yes", *args],
        cwd=ROOT,
        env=warehouse.environ(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _execute(warehouse: Warehouse, sql: str) -> None:
    with contextlib.closing(pg_connect(warehouse.dbname)) as connection:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(sql)


@pytest.mark.postgres
def test_the_postgres_lock_outlives_an_idle_in_transaction_timeout(tmp_path: Path, season: FakeSeason) -> None:
    for warehouse in make_warehouse("postgres", tmp_path):
        _execute(warehouse, f"alter database {warehouse.dbname} set idle_in_transaction_session_timeout = '1s'")
        game_pks = ",".join(str(game.game_pk) for game in season.games[:30])
        with start_server(season, latency_ms=400) as slow_api:
            args = ("--season", str(SEASON), "--games", game_pks, "--base-url", slow_api.base_url)
            first = _start_load(warehouse, *args, "--rate", "0", "--concurrency", "2", "--commit-every", "10")
            try:
                deadline = time.monotonic() + 60
                while not _lock_is_held(warehouse):
                    assert first.poll() is None, first.communicate()
                    assert time.monotonic() < deadline, "the first load never took the lock"
                    time.sleep(0.1)
                time.sleep(2.5)  # past the timeout: an idle transaction holding the lock would be ended by now
                second = warehouse.load(*args, check=False)
                assert second.returncode == 1, second.stdout + second.stderr
                assert "another load is running" in second.stderr
            finally:
                out, err = first.communicate(timeout=300)
            assert first.returncode == 0, err[-3000:]
        assert warehouse.scalar(f"select count(*) - count(distinct game_pk) from {RAW}.games") == 0


@pytest.mark.postgres
def test_a_lost_lock_is_taken_again_or_stops_the_load_before_it_commits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from loader.lock import LockLost, warehouse_lock

    for warehouse in make_warehouse("postgres", tmp_path):
        for name, value in warehouse.env.items():
            monkeypatch.setenv(name, value)
        end_lock_session = (
            "select pg_terminate_backend(pid) from pg_stat_activity "
            "where datname = current_database() and application_name = 'milb-load lock'"
        )
        with warehouse_lock("postgres") as lock:
            _execute(warehouse, end_lock_session)
            lock.check()  # nobody else took it: taken again, the load goes on
            assert _lock_is_held(warehouse)
            _execute(warehouse, end_lock_session)
            with contextlib.closing(pg_connect(warehouse.dbname)) as other:
                other.autocommit = True
                with other.cursor() as cursor:
                    cursor.execute("select pg_advisory_lock(%s)", (lock.key,))
                with pytest.raises(LockLost, match="lost the load lock"):
                    lock.check()


def test_a_pending_package_finished_under_another_spelling_doubles_nothing(
    duckdb_warehouse: Warehouse, api: Any, season: FakeSeason
) -> None:
    games = [game.game_pk for game in season.games if game.game_pk not in season.not_found_games()][:12]
    args = ("--season", str(SEASON), "--base-url", api.base_url, "--rate", "0")
    real = duckdb_warehouse.env["MILB_DUCKDB_PATH"]
    duckdb_warehouse.load(*args, "--games", str(games[0]))
    alias = Path(real).parent / "alias" / "warehouse.duckdb"
    alias.parent.mkdir()
    alias.symlink_to(real)
    duckdb_warehouse.env.update(MILB_DUCKDB_PATH=str(alias), MILB_KILL_AT="normalized")
    killed = duckdb_warehouse.load(*args, "--games", ",".join(map(str, games[1:11])), check=False)
    assert killed.returncode == -9
    del duckdb_warehouse.env["MILB_KILL_AT"]
    duckdb_warehouse.env["MILB_DUCKDB_PATH"] = real
    finished = duckdb_warehouse.load(*args, "--games", str(games[11]))
    assert "pending" in finished.stderr  # the real spelling finds the alias's package: one warehouse, one key
    duckdb_warehouse.env["MILB_DUCKDB_PATH"] = str(alias)
    duckdb_warehouse.load(*args, "--games", str(games[11]))
    assert duckdb_warehouse.query(f"select count(*), count(distinct game_pk) from {CURRENT_GAMES}") == [(12, 12)]
    assert duckdb_warehouse.scalar(f"select count(*) from {RAW}.games") == 13  # games[11] twice: asked twice


def test_the_lock_dies_with_a_killed_load(duckdb_warehouse: Warehouse, api: Any, season: FakeSeason) -> None:
    game_pks = ",".join(str(game.game_pk) for game in season.games[:5])
    args = ("--season", str(SEASON), "--games", game_pks, "--base-url", api.base_url, "--rate", "0")
    duckdb_warehouse.env["MILB_KILL_AT"] = "extracted"
    assert duckdb_warehouse.load(*args, check=False).returncode == -9
    del duckdb_warehouse.env["MILB_KILL_AT"]
    assert not _lock_is_held(duckdb_warehouse)
    duckdb_warehouse.load(*args)


def test_a_wrong_password_is_never_printed(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "MILB_PG_PASSWORD": "hunter2-secret",
        "MILB_PG_DATABASE": "no_such_database_here",
        "MILB_PIPELINES_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "loader",
            "--target",
            "postgres",
            "--yes",
            "--season",
            "2025",
            "--games",
            "1",
            "--base-url",
            "http://127.0.0.1:9",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "hunter2-secret" not in result.stdout + result.stderr
    assert result.stderr.strip().startswith("error: cannot open the postgres warehouse")


class TcpCut:
    """A TCP proxy to PostgreSQL that a test can cut, as a database going down mid-run would."""

    def __init__(self, port: int) -> None:
        import socket
        import threading

        self._target = ("127.0.0.1", port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._sockets: list[Any] = []
        self._open = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        import socket
        import threading

        while self._open:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self._target)
            self._sockets += [client, upstream]
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(src, dst), daemon=True).start()

    @staticmethod
    def _pipe(src: Any, dst: Any) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                with contextlib.suppress(OSError):
                    sock.close()

    def cut(self) -> None:
        import socket

        self._open = False
        self._listener.close()
        for sock in self._sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            except OSError:
                pass


def test_postgres_going_down_mid_run_fails_in_one_line_and_loses_nothing(tmp_path: Path, season: FakeSeason) -> None:
    for warehouse in make_warehouse("postgres", tmp_path):
        proxy = TcpCut(int(os.environ.get("MILB_PG_PORT", "5432")))
        game_pks = [game.game_pk for game in season.games[:30]]
        args = ["--season", str(SEASON), "--games", ",".join(map(str, game_pks)), "--rate", "0", "--concurrency", "2"]
        with start_server(season, latency_ms=150) as slow_api:
            running = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "loader",
                    "--target",
                    "postgres",
                    "--yes",
                    *args,
                    "--base-url",
                    slow_api.base_url,
                ],
                cwd=ROOT,
                env={**warehouse.environ(), "MILB_PG_PORT": str(proxy.port)},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            deadline = time.monotonic() + 60
            while not _lock_is_held(warehouse):
                assert running.poll() is None, running.communicate()
                assert time.monotonic() < deadline
                time.sleep(0.1)
            time.sleep(0.5)
            proxy.cut()
            out, err = running.communicate(timeout=300)
        assert running.returncode == 1, out + err
        errors = [line for line in err.splitlines() if line.startswith("error:")]
        assert len(errors) == 1, err[-3000:]
        # The database "comes back": a restart ends every session of the outage, the lock's included (a cut
        # TCP connection alone can stay half-open on the server for a long time).
        warehouse.query(
            "select pg_terminate_backend(pid) from pg_stat_activity "
            "where datname = current_database() and pid <> pg_backend_pid()"
        )
        with start_server(season) as api:
            warehouse.load(*args, "--base-url", api.base_url)
        held = warehouse.scalar(f"select count(*) from {CURRENT_GAMES}") + warehouse.scalar(
            f"select count(*) from {RAW}.game_fetch_ledger"
        )
        assert held == len(game_pks)
