"""The README's demo command, end to end on DuckDB: generated season → fake API → load → dbt build → docs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import ANALYTICS, RAW, ROOT

pytestmark = pytest.mark.slow


def test_demo_builds_a_warehouse_with_every_level_and_the_docs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "scripts/demo.py", "--dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert f"warehouse: {tmp_path / 'milb.duckdb'}" in result.stdout
    assert "demo data, not real" in result.stdout
    assert (tmp_path / "dbt-target" / "index.html").is_file()
    assert (tmp_path / "dbt-target" / "static_index.html").is_file()
    with duckdb.connect(str(tmp_path / "milb.duckdb"), read_only=True) as con:
        levels = dict(con.sql(f"select level, count(*) from {ANALYTICS}.milb_batter_pitches group by 1").fetchall())
        assert {"AAA", "AA", "A+", "A", "ROK"} <= set(levels)
        assert set(levels) <= {"MLB", "AAA", "AA", "A+", "A", "ROK"}
        loaded = con.sql(f"select sum(pitch_count) from {RAW}.games").fetchall()[0][0]
        assert sum(levels.values()) == loaded
        assert con.sql(f"select count(*) from {RAW}.game_fetch_ledger").fetchall()[0][0] > 0
