"""The CLI's input validation: one clear error line, a non-zero exit, nothing written."""

from __future__ import annotations

import contextlib
import os
import pty
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from loader.cli import main
from tests.conftest import CURRENT_GAMES, RAW, ROOT, Warehouse


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    with pytest.raises(SystemExit) as exited:
        main(list(argv))
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    return int(exited.value.code or 0), err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--season", "twenty"], "season must be a year"),
        (["--season", "2004"], "out of range"),
        (["--season", "2025", "--levels", "AAA,MiLB"], "unknown level 'MiLB'"),
        (["--season", ""], "season is empty: give a year"),
        (["--season=", "--target", "duckdb"], "season is empty: give a year"),
        (["--season", "20255"], "a year from 2005 (the Stats API's first season with play-by-play) to"),
        (["--season", "2025", "--games", "744914,abc"], "game_pk must be a positive whole number, got 'abc'"),
        (["--season", "2025", "--games", "-5"], "game_pk must be a positive whole number, got '-5'"),
        (["--season", "2025", "--games=-5"], "game_pk must be a positive whole number, got '-5'"),
        (["--season", "2025", "--games", "0"], "game_pk must be a positive whole number, got '0'"),
        (["--season", "2025", "--target", "sqlite"], "unknown target 'sqlite'"),
        (["--season", "2025", "--game-types", "R,X"], "unknown game type 'X'; known game types: R,F,D,L,W"),
        (["--season", "2025", "--base-url", "statsapi.mlb.com"], "must start with http"),
        (["--season", "2025", "--players", "/nonexistent/players.csv"], "tracked players file not found"),
        (["--season"], "requires an argument"),
        (["--sesaon", "2025"], "No such option"),
    ],
)
def test_bad_input_is_one_error_line_and_writes_nothing(
    capsys: pytest.CaptureFixture[str],
    duckdb_warehouse: Warehouse,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    message: str,
) -> None:
    for key, value in duckdb_warehouse.env.items():
        monkeypatch.setenv(key, value)
    # Nothing listens on port 9: a run that got past validation would fail differently.
    offline = ["--yes"] + ([] if "--base-url" in argv else ["--base-url", "http://127.0.0.1:9"])
    code, err = run_cli(capsys, *offline, *argv)
    assert code == 2
    assert len(err) == 1, err
    assert err[0].startswith("error: ")
    assert message in err[0]
    assert not Path(duckdb_warehouse.env["MILB_DUCKDB_PATH"]).exists()


def test_levels_are_case_insensitive_and_known_from_the_seed() -> None:
    from loader.levels import parse_levels

    assert [level.sport_id for level in parse_levels("aaa, a+ ,rok")] == [11, 13, 16]
    assert [level.code for level in parse_levels(None)] == ["AAA", "AA", "A+", "A", "ROK"]
    assert [level.sport_id for level in parse_levels("MLB")] == [1]


def test_unreachable_postgres_is_one_line_with_no_password(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MILB_PG_PORT", "9")
    monkeypatch.setenv("MILB_PG_PASSWORD", "s3cret-pw")
    monkeypatch.setenv("MILB_PIPELINES_DIR", str(tmp_path))
    code, err = run_cli(
        capsys, "--season", "2025", "--target", "postgres", "--games", "1", "--yes", "--base-url", "http://127.0.0.1:9"
    )
    assert code == 1
    assert len(err) == 1, err
    assert err[0].startswith("error: cannot open the postgres warehouse")
    assert "s3cret-pw" not in err[0]


def test_help_lists_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    for option in (
        "--season",
        "--levels",
        "--games",
        "--base-url",
        "--target",
        "--retry-missing",
        "--rate",
        "--plan",
        "--yes",
    ):
        assert option in out


def test_without_a_terminal_a_load_needs_yes(
    capsys: pytest.CaptureFixture[str], duckdb_warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in duckdb_warehouse.env.items():
        monkeypatch.setenv(key, value)
    code, err = run_cli(capsys, "--season", "2025", "--games", "1", "--base-url", "http://127.0.0.1:9")
    assert code == 2
    assert err == ["error: stdin is not a terminal: pass --yes (make load ... yes=1) to load without the prompt"]
    assert not Path(duckdb_warehouse.env["MILB_DUCKDB_PATH"]).exists()


HEADER = "player_id,full_name,position,organization\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            HEADER + "691185,Maximo Acosta,SS,Miami Marlins\n691185,Maximo Acosta,SS,Miami Marlins\n",
            "line 3, column player_id: 691185 is listed twice (first on line 2)",
        ),
        (
            "player_id,full_name,organization\n691185,Maximo Acosta,Miami Marlins\n",
            "line 1: missing column(s) position",
        ),
        (HEADER, "a header and no player"),
        ("", "line 1: no header"),
        (
            HEADER + "691185,Maximo Acosta,SS,Miami Marlins\nabc,Someone,P,\n",
            "line 3, column player_id: 'abc' is not an MLBAM id",
        ),
        (HEADER + "691185,Jos\xe9,SS,\n", "not UTF-8 text"),
    ],
    ids=["duplicate-id", "no-position", "header-only", "empty", "bad-id", "latin-1"],
)
def test_a_bad_players_file_is_one_error_line_naming_file_line_and_column(
    capsys: pytest.CaptureFixture[str],
    duckdb_warehouse: Warehouse,
    monkeypatch: pytest.MonkeyPatch,
    content: str,
    message: str,
) -> None:
    for key, value in duckdb_warehouse.env.items():
        monkeypatch.setenv(key, value)
    players = duckdb_warehouse.tmp / "players.csv"
    players.write_bytes(content.encode("latin-1" if "\xe9" in content else "utf-8"))
    code, err = run_cli(
        capsys, "--yes", "--season", "2025", "--base-url", "http://127.0.0.1:9", "--players", str(players)
    )
    assert code == 2
    assert len(err) == 1, err
    assert err[0].startswith(f"error: {players}")
    assert message in err[0]
    assert not Path(duckdb_warehouse.env["MILB_DUCKDB_PATH"]).exists()


def test_a_spreadsheet_export_with_bom_and_crlf_is_read(tmp_path: Path) -> None:
    from loader.inputs import read_players

    path = tmp_path / "players.csv"
    path.write_bytes(
        "\ufeffplayer_id,full_name,position,organization\r\n691185,Maximo Acosta,SS,Miami Marlins\r\n\r\n".encode()
    )
    assert read_players(path) == [
        {"player_id": 691185, "full_name": "Maximo Acosta", "position": "SS", "organization": "Miami Marlins"}
    ]


def test_make_help_lists_the_documented_options_without_colour_codes_off_a_terminal() -> None:
    out = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "\033" not in out.stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for option in ("players=", "all_games=1", "retry_missing=1", "levels=", "games=", "base_url=", "yes=1", "out="):
        assert option in readme
        assert f"  {option}" in out.stdout, option


@pytest.fixture(scope="module")
def small_api() -> Iterator[tuple[str, Path]]:
    from fake_statsapi import FakeSeason, start_server

    season = FakeSeason(season=2025, n_games=40, seed=5)
    folder = Path(tempfile.mkdtemp())
    players = season.write_tracked_players_csv(folder / "players.csv")
    with start_server(season) as api:
        yield api.base_url, players


def _load_on_a_terminal(env: dict[str, str], answer: str, *argv: str) -> subprocess.CompletedProcess[str]:
    """Run the loader with a pseudo-terminal as stdin, answering the confirmation as a user would."""
    controller, terminal = pty.openpty()
    try:
        os.write(controller, answer.encode())
        return subprocess.run(
            [sys.executable, "-m", "loader", *argv],
            cwd=ROOT,
            env={**os.environ, **env},
            stdin=terminal,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        os.close(terminal)
        os.close(controller)


@pytest.mark.parametrize("run", ["plan", "declined", "unreachable-api"])
def test_a_run_that_writes_nothing_leaves_no_file_behind(
    duckdb_warehouse: Warehouse, small_api: tuple[str, Path], run: str
) -> None:
    base_url, players = small_api
    argv = ["--season", "2025", "--players", str(players), "--rate", "0"]
    if run == "plan":
        result = duckdb_warehouse.load(*argv, "--plan", "--base-url", base_url)
    elif run == "declined":
        result = _load_on_a_terminal(duckdb_warehouse.env, "n\n", *argv, "--base-url", base_url)
        assert result.returncode == 0, result.stderr
        assert "error" not in result.stderr.lower()
        assert result.stdout.strip().endswith("not confirmed: nothing fetched or written")
    else:
        result = duckdb_warehouse.load(*argv, "--base-url", "http://127.0.0.1:9", "--max-attempts", "1", check=False)
        assert result.returncode == 1
    # No warehouse file, no lock file, no dlt working directory.
    assert sorted(str(p.relative_to(duckdb_warehouse.tmp)) for p in duckdb_warehouse.tmp.rglob("*")) == []


def test_the_progress_line_counts_games_without_a_feed_as_missing_not_as_failures() -> None:
    import io

    from loader.fetch import FetchTally
    from loader.plan import PERMANENT_REASONS
    from loader.progress import FetchProgress

    progress = FetchProgress(4, stream=io.StringIO())
    tally = FetchTally(progress, missing_reasons=PERMANENT_REASONS)
    for reason in ("not_found", "empty_plays", "http_error"):
        tally.fail(reason)
    assert progress.line().endswith("missing 2, failures 1")


def test_an_unreachable_api_is_one_line_and_verbose_shows_the_chain(duckdb_warehouse: Warehouse) -> None:
    argv = ("--season", "2025", "--plan", "--base-url", "http://127.0.0.1:9", "--max-attempts", "2", "--backoff", "0")
    result = duckdb_warehouse.load(*argv, check=False)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(
        "error: cannot reach the Stats API at 127.0.0.1:9: connection refused (GET /api/v1/schedule, 2 attempts in "
    )
    verbose = duckdb_warehouse.load(*argv, "--verbose", check=False)
    assert "Traceback" in verbose.stderr and "NewConnectionError" in verbose.stderr
    assert verbose.stderr.strip().splitlines()[-1] == result.stderr.strip()


def test_ctrl_c_during_the_fetch_says_what_is_committed(duckdb_warehouse: Warehouse) -> None:
    from fake_statsapi import FakeSeason, start_server

    season = FakeSeason(season=2025, n_games=40, seed=5)
    game_pks = ",".join(str(game.game_pk) for game in season.games[:40])
    args = ["--season", "2025", "--games", game_pks, "--rate", "0", "--concurrency", "1"]
    with start_server(season, latency_ms=150) as slow_api:
        load = subprocess.Popen(
            [sys.executable, "-m", "loader", "--yes", *args, "--commit-every", "2", "--base-url", slow_api.base_url],
            cwd=ROOT,
            env=duckdb_warehouse.environ(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 60
        # Interrupted once a few chunks are committed (dlt moves each package to load/loaded/).
        while len(list((duckdb_warehouse.tmp / "dlt").glob("*/load/loaded/*"))) < 3:
            assert load.poll() is None and time.monotonic() < deadline, load.communicate()
            time.sleep(0.1)
        load.send_signal(signal.SIGINT)
        _, err = load.communicate(timeout=60)
        assert load.returncode == 130, err
        last = err.strip().splitlines()[-1]
        assert re.fullmatch(r"interrupted: \d+ games committed, the next run goes on from there", last), err
        assert "Traceback" not in err
        committed = int(last.split()[1])
    assert 0 < committed < 40
    # A chunk whose insert ended just as Ctrl-C came is committed too, and not counted: at least N are there.
    assert committed <= duckdb_warehouse.scalar(f"select count(*) from {RAW}.games") < 40
    with start_server(season) as api:
        duckdb_warehouse.load(*args, "--base-url", api.base_url)
    # --games fetches its games again: raw holds versions, staging one row per game.
    ((current, distinct),) = duckdb_warehouse.query(f"select count(*), count(distinct game_pk) from {CURRENT_GAMES}")
    ledgered = duckdb_warehouse.scalar(f"select count(*) from {RAW}.game_fetch_ledger where not is_resolved")
    assert current == distinct and current + ledgered == 40


@pytest.mark.parametrize(
    ("warehouse", "message"),
    [
        ("missing/folder/milb.duckdb", "the folder of the DuckDB file does not exist: "),
        ("not-duckdb.duckdb", "exists, but it is not a valid DuckDB database file"),
    ],
)
def test_a_duckdb_file_that_cannot_be_opened_is_one_line(
    capsys: pytest.CaptureFixture[str],
    duckdb_warehouse: Warehouse,
    monkeypatch: pytest.MonkeyPatch,
    warehouse: str,
    message: str,
) -> None:
    for key, value in duckdb_warehouse.env.items():
        monkeypatch.setenv(key, value)
    path = duckdb_warehouse.tmp / warehouse
    if path.parent.is_dir():
        path.write_text("not a database\n")
    monkeypatch.setenv("MILB_DUCKDB_PATH", str(path))
    code, err = run_cli(capsys, "--yes", "--season", "2025", "--games", "1", "--base-url", "http://127.0.0.1:9")
    assert code == 1
    assert len(err) == 1, err
    assert err[0].startswith("error: cannot open the duckdb warehouse: ")
    assert message in err[0]
    assert "credentials" not in err[0]
    assert not (duckdb_warehouse.tmp / "dlt").exists()


@pytest.mark.parametrize("warehouse", ["missing/milb.duckdb", "empty.duckdb"])
def test_make_build_without_raw_data_is_one_error_line(tmp_path: Path, warehouse: str) -> None:
    import duckdb

    path = tmp_path / warehouse
    if warehouse == "empty.duckdb":
        duckdb.connect(str(path)).close()
    result = subprocess.run(
        ["make", "--no-print-directory", "build"],
        cwd=ROOT,
        env={**os.environ, "MILB_DUCKDB_PATH": str(path), "MILB_TARGET": "duckdb"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    # make's own failure line: "make: ***", or "make[1]: ***" when the suite itself runs under make.
    errors = [line for line in result.stderr.splitlines() if not re.match(r"make(\[\d+\])?: \*\*\*", line)]
    assert len(errors) == 1 and errors[0].startswith("error: "), result.stderr
    assert "make load" in errors[0]
    assert result.stdout == ""


def test_the_shipped_players_file_finds_games_on_make_fake_api(duckdb_warehouse: Warehouse) -> None:
    """As the README says: `make fake-api` in one terminal, `make plan base_url=...` in another."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        ["make", "--no-print-directory", "fake-api", f"port={port}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert server.stdout is not None
        assert f"on http://127.0.0.1:{port}" in server.stdout.readline()
        plan = duckdb_warehouse.load("--season", "2025", "--plan", "--base-url", f"http://127.0.0.1:{port}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            # Read what it still writes, so a full pipe never keeps it from ending.
            server.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.communicate()
            raise
    found = re.search(r"games to fetch: (\d+)", plan.stdout)
    assert found and int(found.group(1)) > 0, plan.stdout


def test_ctrl_c_inside_a_duckdb_call_is_not_lost() -> None:
    # The duckdb module can hold a SIGINT back until the interpreter exits; the load notes it and stops at the
    # next chunk boundary (loader/run.py, _ctrl_c_noted).
    import duckdb

    from loader.run import _ctrl_c_noted

    connection = duckdb.connect()
    timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT))
    ctrl_c = threading.Event()
    before = signal.getsignal(signal.SIGINT)  # ignored when the suite runs as a background job
    with pytest.raises(KeyboardInterrupt), _ctrl_c_noted(ctrl_c):
        timer.start()
        # duckdb answers the signal with its own error ("Query interrupted"), which dlt may retry.
        with contextlib.suppress(KeyboardInterrupt, RuntimeError, duckdb.Error):
            connection.execute("select count(*) from range(2000000000) as a, range(3) as b").fetchall()
        timer.join()
        assert ctrl_c.is_set()
        raise KeyboardInterrupt  # what the chunk loop does with the note
    assert signal.getsignal(signal.SIGINT) is before
