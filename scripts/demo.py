"""The offline demo: a generated season served on 127.0.0.1, loaded, built and documented on DuckDB.

Run by ``make demo``. Everything it writes stays under ``var/demo/`` (or ``--dir``; the
warehouse is ``var/demo/milb.duckdb``), so it never touches the warehouse of real loads (``milb.duckdb``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from dbt_steps import LINEAGE, default_demo_dir  # beside this script

from fake_statsapi.generator import FakeSeason
from fake_statsapi.server import start_server

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def step(title: str) -> None:
    print(f"\n==> {title}", flush=True)


def run(command: list[str], cwd: Path, env: dict[str, str]) -> None:
    result = subprocess.run(command, cwd=cwd, env=env)
    if result.returncode != 0:
        sys.exit(f"error: demo step failed ({result.returncode}): {' '.join(command)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--games", type=int, default=600, help="games in the generated season")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--season", type=int, default=2025)
    parser.add_argument("--dir", type=Path, default=default_demo_dir(), help="where the demo writes everything")
    args = parser.parse_args()
    demo_dir: Path = args.dir.resolve()

    started = time.monotonic()
    demo_dir.mkdir(parents=True, exist_ok=True)
    warehouse = demo_dir / "milb.duckdb"
    # A fresh start each time, removing only what the demo itself writes.
    for name in ("milb.duckdb", "milb.duckdb.wal", "dlt", "dbt-target", "dbt-logs"):
        path = demo_dir / name
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    env = {
        **os.environ,
        "MILB_TARGET": "duckdb",
        "MILB_DUCKDB_PATH": str(warehouse),
        "MILB_PIPELINES_DIR": str(demo_dir / "dlt"),
        "DBT_TARGET_PATH": str(demo_dir / "dbt-target"),
        "DBT_LOG_PATH": str(demo_dir / "dbt-logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "RUNTIME__DLTHUB_TELEMETRY": "false",
    }

    step(f"generating a {args.games}-game minor-league season (seed {args.seed}) — demo data, not real")
    season = FakeSeason(season=args.season, n_games=args.games, seed=args.seed)
    players_csv = demo_dir / "tracked_players.csv"
    season.write_tracked_players_csv(players_csv)
    server = start_server(season)
    try:
        print(f"fake Stats API on {server.base_url}")
        step("loading the tracked players' games and the whole schedule")
        run(
            [
                str(BIN / "milb-load"),
                "--season",
                str(args.season),
                "--base-url",
                server.base_url,
                "--players",
                str(players_csv),
                "--all-games",
                "--yes",
                "--levels",
                "AAA,AA,A+,A,ROK,MLB",
                "--rate",
                "0",
            ],
            ROOT,
            env,
        )
    finally:
        server.stop()

    step("dbt build")
    run([str(BIN / "dbt"), "build"], ROOT / "dbt_project", env)
    step("dbt docs generate")
    run([sys.executable, str(ROOT / "scripts" / "dbt_steps.py"), "docs", "--no-serve"], ROOT, env)

    docs = demo_dir / "dbt-target"
    print(f"\nDemo done in {time.monotonic() - started:.0f} s.")
    print(f"  warehouse: {warehouse}")
    print(
        f"     query:  .venv/bin/python -c \"import duckdb; print(duckdb.connect('{warehouse}')"
        ".sql('select level, count(*) from analytics.milb_batter_pitches group by 1'))\""
    )
    static = docs / "static_index.html"
    print(f"  docs:      {static} (one file, opens from disk; `make docs` serves it)")
    print(f"   lineage:  {static.as_uri()}{LINEAGE}")
    example = season.tracked_players[0]["full_name"]
    print(f'  a player:  MILB_DUCKDB_PATH={warehouse} make check player="{example}"')
    print(f"  report:    MILB_DUCKDB_PATH={warehouse} make report out={demo_dir / 'report.html'}")


if __name__ == "__main__":
    main()
