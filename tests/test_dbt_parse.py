"""The dbt project parses on every target, in seconds: a dispatch macro one engine lacks fails here first.

dbt resolves each ``adapter.dispatch`` call in a macro when it parses the project, for the profile's adapter,
whether or not a model of that engine ever calls the macro. A macro written for DuckDB and Spark alone would
otherwise surface only half an hour into the suite, as every PostgreSQL build failing at once.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DBT_DIR, IN_CI

ADAPTERS = {"duckdb": "dbt.adapters.duckdb", "postgres": "dbt.adapters.postgres", "spark": "dbt.adapters.spark"}


@pytest.mark.parametrize("target", sorted(ADAPTERS))
def test_the_project_parses_on_every_target(target: str, tmp_path: Path) -> None:
    if importlib.util.find_spec(ADAPTERS[target]) is None:
        if IN_CI:
            pytest.fail(f"the {target} adapter is not installed (make test installs every extra)")
        pytest.skip(f"the {target} adapter is not installed (make setup-spark)")
    result = subprocess.run(
        [str(Path(sys.executable).parent / "dbt"), "parse", "--no-partial-parse", "--target", target],
        cwd=DBT_DIR,
        # Its own target folder: parsing must not disturb the manifest a build in dbt_project/ keeps.
        env={**os.environ, "MILB_TARGET": target, "DBT_TARGET_PATH": str(tmp_path / "target")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
