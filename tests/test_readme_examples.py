"""The README's commands as a user types them at the repo root: relative paths mean relative to there."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from loader import settings
from scripts.dbt_steps import dbt_environment
from tests.conftest import ROOT

if TYPE_CHECKING:
    from tests.fixtures_demo import DemoWarehouse

pytest_plugins = ["tests.fixtures_demo"]

README = (ROOT / "README.md").read_text(encoding="utf-8")
# `MILB_DUCKDB_PATH=var/demo/milb.duckdb make check player="Mateo Valdespino"`, as the README writes it.
CHECK_EXAMPLE = re.search(r"`(MILB_DUCKDB_PATH=(\S+) make check player=\"[^\"]+\")`", README)


def test_a_relative_duckdb_path_is_taken_from_where_the_command_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MILB_DUCKDB_PATH", "var/demo/milb.duckdb")
    assert settings.duckdb_path() == tmp_path / "var" / "demo" / "milb.duckdb"
    env = dbt_environment("duckdb", {"MILB_DUCKDB_PATH": "w.duckdb", "DBT_TARGET_PATH": "t", "PATH": "/bin"})
    assert env["MILB_DUCKDB_PATH"] == str(tmp_path / "w.duckdb")
    assert env["DBT_TARGET_PATH"] == str(tmp_path / "t")
    assert env["MILB_TARGET"] == "duckdb" and env["PATH"] == "/bin"


@pytest.mark.slow
def test_the_readme_check_example_runs_as_written_from_the_repo_root(demo_duckdb: DemoWarehouse) -> None:
    assert CHECK_EXAMPLE, "the README no longer shows the make check example"
    command, written_path = CHECK_EXAMPLE.group(1), CHECK_EXAMPLE.group(2)
    assert not Path(written_path).is_absolute()
    # The same command with the relative path of the session's demo warehouse in place of var/demo's.
    relative = os.path.relpath(demo_duckdb.env["MILB_DUCKDB_PATH"], ROOT)
    env = {key: value for key, value in demo_duckdb.env.items() if key != "MILB_DUCKDB_PATH"}
    result = subprocess.run(
        ["bash", "-c", command.replace(written_path, shlex.quote(relative), 1).replace("make ", "make -s ", 1)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "Mateo Valdespino (id 700001" in result.stdout
    assert "pitches seen as a hitter" in result.stdout
