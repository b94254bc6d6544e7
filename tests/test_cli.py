"""The CLI's input validation: one clear error line, a non-zero exit, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from loader.cli import main
from tests.conftest import Warehouse


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
        (["--season", "2025", "--games", "744914,abc"], "game_pk must be a number, got 'abc'"),
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
