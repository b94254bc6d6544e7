"""The benchmark behind ``make bench``: the loader and the dbt project against the fake Stats API.

Prints one markdown table (measure, value, target, met?, load average) and the machine's facts; what each
number means is in docs/benchmarks.md. One loaded season per engine serves the CPU, dbt, incremental and
storage measures:

1. paced load: games ÷ rate cap is the API's floor; the loader's wall time over it is its overhead;
2. requests per distinct game for a list of tracked players (schedule + batched game logs + feed, counted by
   the server);
3. loader CPU per game and peak RSS, at two season sizes, no latency and no rate cap;
4. ``dbt build`` / ``dbt run`` over a bare unnest of every pitch from the raw JSON, on DuckDB and PostgreSQL;
5. a nightly increment (new games loaded, then ``dbt build``) over the full build;
6. bytes stored: raw per game, the pitch model (int_pitches, which the pitch tables are views of) per pitch;
7. the old way: the seed app's per-player backfill (every game of each player's log fetched one at a time,
   with its pauses) against this loader on the same players, the same fake API and latency;
8. seasons loaded one after another into one warehouse: CPU per game and peak RSS of each;
9. with ``--spark``: ``dbt build`` of a small generated season on a local Spark session (the lake the loader
   writes on ``target=spark``) over DuckDB's build of the same games (``--spark-only``: that row alone).

The fake server runs as its own process (``fake-statsapi serve``) so its CPU (it renders each feed, ~12 ms)
is measured apart from the loader's; loader and dbt run as subprocesses measured with ``wait4``. Everything
is written under ``var/bench/<size>/`` and into PostgreSQL databases ``milb_bench_<size>_*``, all removed at
the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import duckdb
import psutil
import psycopg2
import requests

from fake_statsapi.generator import FIRST_GAME_PK, FakeSeason
from fake_statsapi.league import ORGANIZATIONS
from fake_statsapi.players import default_tracked_players, write_tracked_players_csv
from loader import postgres
from loader.levels import minor_league_levels
from loader.settings import GAME_LOG_BATCH_SIZE, PITCHER_POSITIONS

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DBT_DIR = ROOT / "dbt_project"
SEASON = 2025
SEED = 7
POSITIONS = ("SS", "CF", "C", "RHP", "3B", "2B", "LHP", "OF", "1B", "RHP")


@dataclass(frozen=True)
class Size:
    """How big each measure runs."""

    season_games: int  # minor-league games generated (the new games of item 5 included)
    new_games: int  # loaded after the full build, for the daily-run measure (a day of the minors: ~120)
    small_load: int  # item 3: the smaller of the two loads (the larger is the whole season)
    paced_games: int  # item 1
    tracked: int  # item 2
    old_way: tuple[int, ...] = (10, 100)  # item 7: tracked players per comparison
    rate: float = 20.0
    latency_ms: float = 100.0
    concurrency: int = 8
    dbt_vars: str | None = None
    spark_games: int = 120  # item 9 (Spark pays about a second per dbt node: the demo's size, not the season's)


# Item 8: seasons loaded one after another into one warehouse, each its own games (own game_pks).
SEASONS = (2023, 2024, 2025)
SEASON_PK_STRIDE = 100_000

SIZES = {
    "small": Size(season_games=400, new_games=120, small_load=30, paced_games=200, tracked=20, old_way=(5, 20)),
    "full": Size(season_games=8400, new_games=120, small_load=830, paced_games=2000, tracked=200, spark_games=600),
}

# Item 7: the seed app's pauses (``asyncio.sleep(0.3)`` after each game, 1.0 s between players).
OLD_GAME_PAUSE = 0.3
OLD_PLAYER_PAUSE = 1.0
# A comparison whose pauses alone would pass this is run with its pauses scaled down (stated in the row).
OLD_WAY_BUDGET_SECONDS = 600.0
# The old way's players are split into this many sequences run side by side, each one player after another as
# the app does; its wall is the sum of the sequences' walls (what one sequence of them all would take).
OLD_WAY_SEQUENCES = 10


# ---------------------------------------------------------------------------------------------- measuring
@dataclass
class Measured:
    """One subprocess: wall time, its own CPU (and its children's), peak RSS, exit status, output."""

    wall: float
    user: float
    system: float
    max_rss_mb: float
    returncode: int
    output: str

    @property
    def cpu(self) -> float:
        return self.user + self.system


def run_measured(command: list[str], env: dict[str, str], cwd: Path, log: Path) -> Measured:
    """Run a command to completion, its rusage read with ``wait4`` (so it is this process's, not ours)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w", encoding="utf-8") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
    return Measured(
        wall=wall,
        user=usage.ru_utime,
        system=usage.ru_stime,
        max_rss_mb=usage.ru_maxrss / 1024,
        returncode=proc.returncode,
        output=log.read_text(encoding="utf-8", errors="replace"),
    )


def load_average() -> float:
    return os.getloadavg()[0]


def step(text: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {text}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------- fake API
class FakeApi:
    """``fake-statsapi serve`` in its own process: base URL, request counters, CPU used."""

    def __init__(
        self,
        games: int,
        latency_ms: float,
        players_csv: Path,
        log: Path,
        verbose: bool = False,
        command: list[str] | None = None,
    ) -> None:
        command = command or [
            str(BIN / "fake-statsapi"),
            "serve",
            "--port",
            "0",
            "--games",
            str(games),
            "--seed",
            str(SEED),
            "--season",
            str(SEASON),
            "--latency-ms",
            str(latency_ms),
            "--players",
            str(players_csv),
        ] + (["--verbose"] if verbose else [])
        self.log = log
        log.parent.mkdir(parents=True, exist_ok=True)
        self._stderr = open(log, "w", encoding="utf-8")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=self._stderr, text=True)
        assert self.proc.stdout is not None
        banner = self.proc.stdout.readline()
        match = re.search(r" on (http://\S+)", banner)
        if not match:
            self.stop()
            sys.exit(f"error: the fake Stats API did not start: {banner!r}")
        self.base_url = match.group(1)
        self.process = psutil.Process(self.proc.pid)

    def cpu(self) -> float:
        times = self.process.cpu_times()
        return times.user + times.system

    def stats(self) -> dict[str, Any]:
        with urllib.request.urlopen(f"{self.base_url}/__stats", timeout=30) as response:
            return json.loads(response.read())

    def reset_stats(self) -> None:
        request = urllib.request.Request(f"{self.base_url}/__control", data=b'{"reset_stats": true}', method="POST")
        with urllib.request.urlopen(request, timeout=30):
            pass

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._stderr.close()


@contextmanager
def fake_api(
    games: int,
    latency_ms: float,
    players_csv: Path,
    log: Path,
    verbose: bool = False,
    command: list[str] | None = None,
) -> Iterator[FakeApi]:
    api = FakeApi(games, latency_ms, players_csv, log, verbose, command)
    try:
        yield api
    finally:
        api.stop()


def idle_seconds(server_log: Path) -> tuple[int, int]:
    """Whole seconds with no feed request between the first and the last one, and that span (verbose log)."""
    per_second: Counter[datetime] = Counter()
    pattern = re.compile(r"\[(\d{2}/\w{3}/\d{4} \d{2}:\d{2}:\d{2})\] \"GET /api/v1\.1/game/")
    for line in server_log.read_text(encoding="utf-8", errors="replace").splitlines():
        match = pattern.search(line)
        if match:
            per_second[datetime.strptime(match.group(1), "%d/%b/%Y %H:%M:%S")] += 1
    if not per_second:
        return 0, 0
    first, last = min(per_second), max(per_second)
    span = int((last - first).total_seconds()) + 1
    return span - len(per_second), span


# ---------------------------------------------------------------------------------------------- warehouses
@dataclass
class Warehouse:
    """A fresh DuckDB file or PostgreSQL database, with the environment the loader and dbt read."""

    target: str
    name: str
    work: Path
    dbname: str | None = None
    logs: Path = field(init=False)

    def __post_init__(self) -> None:
        self.logs = self.work / "logs" / self.name

    @property
    def path(self) -> Path:
        return self.work / f"{self.name}.duckdb"

    def env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "MILB_TARGET": self.target,
            "MILB_PIPELINES_DIR": str(self.work / "dlt" / self.name),
            "DBT_TARGET_PATH": str(self.work / "dbt-target" / self.name),
            "DBT_LOG_PATH": str(self.work / "dbt-logs" / self.name),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "RUNTIME__DLTHUB_TELEMETRY": "false",
        }
        if self.target == "duckdb":
            env["MILB_DUCKDB_PATH"] = str(self.path)
        elif self.target == "spark":
            env["MILB_LAKE_PATH"] = str(self.work / "lake" / self.name)
            env["MILB_SPARK_WAREHOUSE"] = str(self.work / "spark" / self.name)
        else:
            env["MILB_PG_DATABASE"] = str(self.dbname)
        return env

    def create(self) -> Warehouse:
        stale_paths = (self.path, self.path.with_name(self.path.name + ".wal"), self.work / "dlt" / self.name)
        for stale in (*stale_paths, self.work / "lake" / self.name, self.work / "spark" / self.name):
            if stale.is_dir():
                shutil.rmtree(stale)
            else:
                stale.unlink(missing_ok=True)
        if self.target == "postgres":
            with _pg_admin() as cur:
                cur.execute(f'drop database if exists "{self.dbname}" with (force)')
                cur.execute(f'create database "{self.dbname}"')
        return self

    def drop(self) -> None:
        if self.target == "postgres":
            with _pg_admin() as cur:
                cur.execute(f'drop database if exists "{self.dbname}" with (force)')
        else:
            for suffix in ("", ".wal", ".lock"):
                self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
        for folder in ("dlt", "lake", "spark"):
            shutil.rmtree(self.work / folder / self.name, ignore_errors=True)

    def load(self, label: str, base_url: str, *args: str, check: bool = True) -> Measured:
        command = [str(BIN / "milb-load"), "--season", str(SEASON), "--target", self.target, "--yes"]
        command += ["--base-url", base_url, *args]
        result = run_measured(command, self.env(), ROOT, self.logs / f"load-{label}.log")
        if check and result.returncode != 0:
            sys.exit(f"error: load {label} on {self.name} failed ({result.returncode}):\n{result.output[-3000:]}")
        return result

    def dbt(self, label: str, *args: str) -> Measured:
        command = [str(BIN / "dbt"), *args, "--target", self.target]
        return run_measured(command, self.env(), DBT_DIR, self.logs / f"dbt-{label}.log")

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        if self.target == "duckdb":
            with duckdb.connect(str(self.path)) as con:
                return con.sql(sql).fetchall()
        with postgres.connect(dbname=self.dbname, application_name="milb bench") as con, con.cursor() as cur:
            cur.execute(sql)
            rows = cur.fetchall()
        con.close()
        return rows

    def scalar(self, sql: str) -> Any:
        return self.query(sql)[0][0]


@contextmanager
def _pg_admin() -> Iterator[Any]:
    con = postgres.connect(dbname="postgres", application_name="milb bench")
    con.autocommit = True
    try:
        with con.cursor() as cur:
            yield cur
    finally:
        con.close()


def postgres_available() -> tuple[bool, str]:
    try:
        with _pg_admin() as cur:
            cur.execute("show server_version")
            return True, str(cur.fetchone()[0])
    except psycopg2.Error as exc:
        return False, str(exc).strip().splitlines()[0]


@dataclass
class LoadSummary:
    planned: int
    fetched: int
    requests: int


def load_summary(output: str) -> LoadSummary:
    planned = re.search(r"games planned (\d+), fetched (\d+)", output)
    requests = re.search(r"HTTP requests (\d+)", output)
    return LoadSummary(
        planned=int(planned.group(1)) if planned else 0,
        fetched=int(planned.group(2)) if planned else 0,
        requests=int(requests.group(1)) if requests else 0,
    )


def dbt_outcome(result: Measured) -> str:
    done = re.findall(r"Done\. (PASS=\d+ WARN=\d+ ERROR=\d+ SKIP=\d+)", result.output)
    return done[-1] if done else f"exit {result.returncode}"


# ---------------------------------------------------------------------------------------------- the season
def tracked_players(count: int) -> list[dict[str, Any]]:
    """The default prospects first (the seeded minimums name them), then invented ones from 600001.

    The generator places each on his organization's affiliates and promotes most of them, as it does the
    defaults; ids below 900000 never collide with generated players.
    """
    players: list[dict[str, Any]] = list(default_tracked_players())[:count]
    for i in range(count - len(players)):
        players.append(
            {
                "player_id": 600001 + i,
                "full_name": f"Bench Prospect{i + 1}",
                "position": POSITIONS[i % len(POSITIONS)],
                "organization": ORGANIZATIONS[i % len(ORGANIZATIONS)].name,
            }
        )
    return players


def pks_arg(game_pks: list[int]) -> str:
    return ",".join(str(pk) for pk in game_pks)


# ---------------------------------------------------------------------------------------------- the old way
@dataclass
class OldWayRun:
    """The seed app's backfill replayed: seconds, requests, pause seconds slept and what they would be unscaled."""

    wall: float = 0.0  # summed over the sequences: one sequence of every player would take this long
    requests: int = 0
    feeds: int = 0
    games: set[int] = field(default_factory=set)
    paused: float = 0.0
    scale: float = 1.0

    @property
    def full_wall(self) -> float:
        """The wall with the pauses at the app's length (the scaled-down part added back)."""
        return self.wall + self.paused * (1 / self.scale - 1)


def old_way_sequence(base_url: str, players: list[dict[str, Any]], scale: float) -> OldWayRun:
    """One after another, as the app's backfill does: each player's game log per level, then every game of it.

    The app reads a player's games from the game logs its collectors fetched per (player, stat group,
    sportId), then fetches ``feed/live`` for each game in turn, sleeping 0.3 s after each, and 1.0 s
    between players: a game in two players' logs is fetched twice. Each body is read whole; the app's
    JSON parse and row inserts are not replayed (that favours the old way).
    """
    run = OldWayRun(scale=scale)
    sport_ids = [level.sport_id for level in minor_league_levels()]
    started = time.perf_counter()
    with requests.Session() as http:
        for index, player in enumerate(players):
            if index:
                time.sleep(OLD_PLAYER_PAUSE * scale)
                run.paused += OLD_PLAYER_PAUSE * scale
            group = "pitching" if player["position"] in PITCHER_POSITIONS else "hitting"
            game_pks: list[int] = []
            for sport_id in sport_ids:
                response = http.get(
                    f"{base_url}/api/v1/people/{player['player_id']}/stats",
                    params={"stats": "gameLog", "group": group, "season": SEASON, "sportId": sport_id},
                    timeout=60,
                )
                run.requests += 1
                for block in response.json().get("stats", []):
                    game_pks += [split["game"]["gamePk"] for split in block.get("splits", [])]
            for game_pk in game_pks:
                response = http.get(f"{base_url}/api/v1.1/game/{game_pk}/feed/live", timeout=60)
                _ = response.content
                run.requests += 1
                run.feeds += 1
                run.games.add(game_pk)
                time.sleep(OLD_GAME_PAUSE * scale)
                run.paused += OLD_GAME_PAUSE * scale
    run.wall = time.perf_counter() - started
    return run


def old_way(base_url: str, players: list[dict[str, Any]], scale: float) -> OldWayRun:
    """The players in ``OLD_WAY_SEQUENCES`` sequences side by side (contiguous slices), their figures summed.

    Between sequences the app would also pause 1.0 s; that is added back so the sum is one sequence's wall.
    """
    count = min(OLD_WAY_SEQUENCES, len(players))
    slices = [players[i * len(players) // count : (i + 1) * len(players) // count] for i in range(count)]
    with ThreadPoolExecutor(count) as pool:
        runs = list(pool.map(lambda part: old_way_sequence(base_url, part, scale), slices))
    total = OldWayRun(scale=scale)
    for run in runs:
        total.wall += run.wall
        total.requests += run.requests
        total.feeds += run.feeds
        total.games |= run.games
        total.paused += run.paused
    between = OLD_PLAYER_PAUSE * scale * (count - 1)
    total.wall += between
    total.paused += between
    return total


# ---------------------------------------------------------------------------------------------- the table
@dataclass
class Row:
    measure: str
    value: str
    target: str = "—"
    met: str = "info"
    load: float = field(default_factory=load_average)


def verdict(ok: bool) -> str:
    return "yes" if ok else "**no**"


def _item(row: Row) -> tuple[int, str]:
    match = re.match(r"(\d+)([a-z]?)\.", row.measure)
    return (int(match.group(1)), match.group(2)) if match else (99, "")


def table(rows: list[Row]) -> str:
    """Rows in item order (they are measured in the order that lets one season serve several items)."""
    lines = ["| measure | value | target | met? | load avg (1 min) |", "|---|---|---|---|---|"]
    lines += [f"| {r.measure} | {r.value} | {r.target} | {r.met} | {r.load:.2f} |" for r in sorted(rows, key=_item)]
    return "\n".join(lines)


def machine_facts(pg_version: str) -> list[str]:
    memory = psutil.virtual_memory().total / 2**30
    model = ""
    with suppress(OSError), open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        model = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "")
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("dlt", "dbt-core", "dbt-duckdb", "dbt-postgres", "duckdb", "pyarrow", "orjson")
    )
    return [
        f"- cores: {os.cpu_count()} ({model or platform.processor() or 'unknown CPU'}), RAM {memory:.0f} GiB",
        f"- {platform.system()} {platform.release()}, Python {platform.python_version()}",
        f"- {versions}",
        f"- PostgreSQL {pg_version}",
    ]


# ---------------------------------------------------------------------------------------------- the measures
class Bench:
    def __init__(
        self, size_name: str, work: Path, use_postgres: bool, keep: bool, skip: frozenset[str] = frozenset()
    ) -> None:
        self.skip = skip
        self.size_name = size_name
        self.size = SIZES[size_name]
        self.work = work
        self.use_postgres = use_postgres
        self.keep = keep
        self.rows: list[Row] = []
        self.warehouses: list[Warehouse] = []
        self.players = tracked_players(self.size.tracked)
        self.players_csv = write_tracked_players_csv(self.players, work / "tracked_players.csv")
        self.default_csv = write_tracked_players_csv(default_tracked_players(), work / "default_players.csv")
        season = FakeSeason(season=SEASON, n_games=self.size.season_games, seed=SEED, tracked_players=self.players)
        self.season = season
        self.minor_pks = sorted(game.game_pk for game in season.games if game.sport_id != 1)
        self.startup: Measured | None = None

    def warehouse(self, target: str, name: str) -> Warehouse:
        dbname = f"milb_bench_{self.size_name}_{name}" if target == "postgres" else None
        warehouse = Warehouse(target, name, self.work, dbname).create()
        self.warehouses.append(warehouse)
        return warehouse

    def add(self, measure: str, value: str, target: str = "—", met: str = "info") -> None:
        self.rows.append(Row(measure, value, target, met))
        # The rows so far, so that a run stopped half-way still leaves what it measured.
        (self.work / "results-partial.md").write_text(table(self.rows) + "\n", encoding="utf-8")

    def per_game_cpu(self, result: Measured, games: int) -> float:
        assert self.startup is not None
        return 1000 * max(result.cpu - self.startup.cpu, 0.0) / max(games, 1)

    # 1 ------------------------------------------------------------------------------------------------
    def paced(self) -> None:
        size = self.size
        games = self.minor_pks[: size.paced_games]
        floor = len(games) / size.rate
        step(
            f"1. paced load: {len(games)} games at {size.rate:g} req/s, {size.latency_ms:g} ms latency "
            f"(floor {floor:.0f} s)"
        )
        log = self.work / "logs" / "fake-api-paced.log"
        with fake_api(size.season_games, size.latency_ms, self.players_csv, log, verbose=True) as api:
            warehouse = self.warehouse("duckdb", "paced")
            server_cpu = api.cpu()
            result = warehouse.load(
                "paced",
                api.base_url,
                "--games",
                pks_arg(games),
                "--rate",
                f"{size.rate:g}",
                "--concurrency",
                str(size.concurrency),
            )
            server_cpu = api.cpu() - server_cpu
            feeds = api.stats()["requests"].get("feed", 0)
            # Planning at the same latency: schedule and gameLog calls for the default prospects.
            api.reset_stats()
            plan = warehouse.load("plan", api.base_url, "--plan", "--players", str(self.default_csv))
            plan_requests = api.stats()["total"]
        idle, span = idle_seconds(log)
        ratio = result.wall / floor
        self.add(
            f"1. paced load: wall ÷ (games ÷ rate cap), {len(games):,} games, {size.rate:g} req/s, "
            f"{size.latency_ms:g} ms latency, concurrency {size.concurrency}",
            f"{result.wall:.1f} s ÷ {floor:.0f} s = **{ratio:.3f}×**",
            "≤ 1.05×",
            verdict(ratio <= 1.05),
        )
        self.add(
            "1a. … of which: no feed request in flight at the server",
            f"{idle} whole seconds of the {span} s between first and last feed request "
            f"(start-up before the first: ~{self.startup.wall if self.startup else 0:.1f} s)",
        )
        self.add(
            "1b. … fake API CPU (its own process), loader CPU",
            f"server {server_cpu:.1f} s ({1000 * server_cpu / max(feeds, 1):.1f} ms per feed, {feeds} feeds); "
            f"loader {result.cpu:.1f} s",
        )
        self.add(
            f"1c. planning at {size.latency_ms:g} ms latency: {len(default_tracked_players())} players' "
            "schedule and batched game-log calls (concurrent, under the rate cap)",
            f"{plan.wall:.1f} s for {plan_requests} requests = {1000 * plan.wall / max(plan_requests, 1):.0f} ms "
            f"per request (the cap allows {1000 / size.rate:.0f} ms)",
        )

    # 7 ------------------------------------------------------------------------------------------------
    def old_way_rows(self) -> None:
        """The seed app's backfill against this loader, same players, same fake API and latency."""
        size = self.size
        sport_ids = [level.sport_id for level in minor_league_levels()]
        log = self.work / "logs" / "fake-api-old-way.log"
        with fake_api(size.season_games, size.latency_ms, self.players_csv, log) as api:
            for number, count in enumerate(size.old_way):
                item, floor_item = ("7", "7a") if number == 0 else (f"7{'bdf'[number - 1]}", f"7{'ceg'[number - 1]}")
                players = self.players[:count]
                # Upper bound of the games in their logs (every game their clubs played while they were on them).
                games = sum(len(self.season.player_games(p["player_id"], sid)) for p in players for sid in sport_ids)
                requests_estimate = games + count * len(sport_ids)
                estimate = (
                    OLD_GAME_PAUSE * games + OLD_PLAYER_PAUSE * count + requests_estimate * size.latency_ms / 1000
                )
                scale = 1.0 if estimate <= OLD_WAY_BUDGET_SECONDS else 0.1
                step(
                    f"7. the old way: {count} players one after another ({games:,} games at most, pauses × {scale:g}, "
                    f"{OLD_WAY_SEQUENCES} sequences side by side)"
                )
                api.reset_stats()
                old = old_way(api.base_url, players, scale)
                old_served = api.stats()["total"]
                step(f"   {old.wall:.0f} s summed ({old.requests:,} requests); this loader on the same players")
                players_csv = write_tracked_players_csv(players, self.work / f"old-way-{count}.csv")
                warehouse = self.warehouse("duckdb", f"oldway{count}")
                api.reset_stats()
                new = warehouse.load(
                    "old-way",
                    api.base_url,
                    "--players",
                    str(players_csv),
                    "--rate",
                    f"{size.rate:g}",
                    "--concurrency",
                    str(size.concurrency),
                    "--timeout",
                    "300",
                )
                new_requests = api.stats()["total"]
                step(f"   loader {new.wall:.0f} s ({new_requests:,} requests)")
                pauses = (
                    "pauses as the app's"
                    if scale == 1
                    else f"pauses × {scale:g} (unscaled they would pass {OLD_WAY_BUDGET_SECONDS / 60:.0f} min); "
                    f"at the app's pauses {old.full_wall:,.0f} s, ratio {old.full_wall / new.wall:.1f}×"
                )
                self.add(
                    f"{item}. the old way vs this loader, {count} tracked players, {size.latency_ms:g} ms latency: "
                    "the app's backfill (players one after another, every game of each log fetched in turn, "
                    f"0.3 s after each game, 1.0 s between players) ÷ `milb-load --players` (--rate {size.rate:g})",
                    f"old {old.wall:,.0f} s, {old.requests:,} requests ({old.feeds:,} feeds for {len(old.games):,} "
                    f"distinct games; server counted {old_served:,}) ÷ loader {new.wall:,.1f} s, {new_requests:,} "
                    f"requests = **{old.wall / new.wall:.1f}×** wall, {old.requests / max(new_requests, 1):.2f}× "
                    f"requests ({pauses})",
                    "the loader faster",
                    verdict(new.wall < old.wall and new.returncode == 0),
                )
                self.add(
                    f"{floor_item}. … physical floor, {count} players: requests ÷ rate cap ({size.rate:g} req/s)",
                    f"loader {new_requests:,} ÷ {size.rate:g} = {new_requests / size.rate:,.1f} s (its wall "
                    f"{new.wall / (new_requests / size.rate):.2f}× that); the old way's requests at the same cap "
                    f"{old.requests / size.rate:,.1f} s; the old way spends {old.wall / max(old.requests, 1):.3f} s "
                    f"per request ({old.paused / max(old.requests, 1):.3f} s of it paused)",
                )

    # 8 ------------------------------------------------------------------------------------------------
    def seasons_rows(self) -> None:
        """Three seasons loaded in turn into one DuckDB warehouse: CPU per game and peak RSS of each load."""
        games = self.size.small_load
        command = [sys.executable, __file__, "--serve-seasons", str(games), "--players", str(self.players_csv)]
        log = self.work / "logs" / "fake-api-seasons.log"
        warehouse = self.warehouse("duckdb", "seasons")
        loads: list[tuple[int, Measured, int]] = []
        with fake_api(games, 0, self.players_csv, log, command=command) as api:
            for index, year in enumerate(SEASONS):
                first = FIRST_GAME_PK + index * SEASON_PK_STRIDE
                # Every pk of the season's range: the loader keeps the minor-league games the schedule holds.
                pks = list(range(first, first + games))
                step(
                    f"8. season {year}: {games:,} games into the same warehouse (season {index + 1} of {len(SEASONS)})"
                )
                result = run_measured(
                    [str(BIN / "milb-load"), "--season", str(year), "--target", "duckdb", "--yes"]
                    + ["--base-url", api.base_url, "--games", pks_arg(pks), "--rate", "0"],
                    warehouse.env(),
                    ROOT,
                    warehouse.logs / f"load-season-{year}.log",
                )
                if result.returncode != 0:
                    sys.exit(f"error: season {year} load failed ({result.returncode}):\n{result.output[-3000:]}")
                loads.append((year, result, load_summary(result.output).fetched))
                step(f"   {result.wall:.0f} s, {result.cpu:.1f} s CPU, peak RSS {result.max_rss_mb:,.0f} MB")
        _, first_run, first_games = loads[0]
        base_cpu = self.per_game_cpu(first_run, first_games)
        parts, ok = [], True
        for year, result, loaded in loads:
            cpu = self.per_game_cpu(result, loaded)
            cpu_ratio, rss_ratio = cpu / base_cpu, result.max_rss_mb / first_run.max_rss_mb
            ok = ok and 0.9 <= cpu_ratio <= 1.1 and 0.9 <= rss_ratio <= 1.1
            parts.append(
                f"{year}: {cpu:.1f} ms/game ({cpu_ratio:.2f}×), {result.max_rss_mb:,.0f} MB ({rss_ratio:.2f}×), "
                f"{loaded:,} games"
            )
        self.add(
            f"8. seasons loaded in turn into one DuckDB warehouse, {games:,} game_pks each: loader "
            "CPU per game and peak RSS of the 2nd and 3rd ÷ the 1st",
            "; ".join(parts),
            "± 10%",
            verdict(ok),
        )

    # 2 ------------------------------------------------------------------------------------------------
    def requests_per_game(self, warehouse: Warehouse, api: FakeApi) -> set[int]:
        step(f"2. requests per distinct game: {len(self.players)} tracked players, fresh {warehouse.target} warehouse")
        api.reset_stats()
        # The fake renders a 40-player batch of game logs from cold simulations (~18 s of its one process's
        # CPU, five batches at once): a longer timeout keeps its slowness from showing up as retried requests.
        result = warehouse.load(
            "tracked", api.base_url, "--players", str(self.players_csv), "--rate", "0", "--timeout", "300"
        )
        by_route = api.stats()["requests"]
        summary = load_summary(result.output)
        wanted = {int(pk) for (pk,) in warehouse.query("select distinct game_pk from milb_raw.game_logs")}
        total = sum(by_route.values())
        distinct = summary.planned
        ratio = total / max(distinct, 1)
        batched, per_player = by_route.get("people", 0), by_route.get("gameLog", 0)
        self.add(
            f"2. HTTP requests ÷ distinct games needed, {len(self.players)} tracked players, fresh warehouse",
            f"{total:,} ÷ {distinct:,} = **{ratio:.3f}** (schedule {by_route.get('schedule', 0)}, people (batched "
            f"game logs) {batched}, gameLog {per_player}, feed {by_route.get('feed', 0)})",
            "≤ 1.02",
            verdict(ratio <= 1.02),
        )
        floor = -(-len(self.players) // GAME_LOG_BATCH_SIZE)
        self.add(
            "2a. … feed requests ÷ distinct games; lower bound of game-log calls",
            f"{by_route.get('feed', 0) / max(distinct, 1):.3f}; game logs are one people?personIds= request per "
            f"{GAME_LOG_BATCH_SIZE} players (both stat groups, every MiLB level): ⌈{len(self.players)} ÷ "
            f"{GAME_LOG_BATCH_SIZE}⌉ = {floor}, made {batched} + {per_player} per-(player, group, level) gameLog "
            f"fallbacks, which is {(batched + per_player) / max(distinct, 1):.4f} per game",
        )
        return wanted

    # 3 ------------------------------------------------------------------------------------------------
    def startup_cost(self, api: FakeApi) -> None:
        step("3. no-op start-up run (--plan --games PK: imports, pipeline, warehouse check, then exits)")
        runs = []
        for attempt in range(2):
            warehouse = self.warehouse("duckdb", f"noop{attempt}")
            runs.append(warehouse.load("noop", api.base_url, "--plan", "--games", str(self.minor_pks[0])))
        self.startup = min(runs, key=lambda r: r.cpu)
        self.add(
            "3a. loader no-op start-up (subtracted below)",
            f"{self.startup.cpu:.2f} s CPU, {self.startup.wall:.2f} s wall, peak RSS {self.startup.max_rss_mb:.0f} MB",
        )

    def stages(self, api: FakeApi, game_pks: list[int]) -> None:
        """Where the loader's CPU and memory go: dlt's extract, normalize and load steps, timed in-process."""
        step(f"3. stage probe: {len(game_pks):,} games, dlt steps timed inside the loader process")
        warehouse = self.warehouse("duckdb", "stages")
        pks_file = self.work / "stage-probe-pks.txt"
        pks_file.write_text(pks_arg(game_pks), encoding="utf-8")
        command = [sys.executable, __file__, "--stage-probe", str(pks_file), "--base-url", api.base_url]
        result = run_measured(command, warehouse.env(), ROOT, warehouse.logs / "stage-probe.log")
        report = json.loads(result.output.strip().splitlines()[-1])
        games = max(report["fetched"], 1)
        parts = [
            f"{name} {1000 * cpu / games:.1f} ms ({wall:.0f} s wall, peak RSS {peak:,.0f} MB)"
            for name, (wall, cpu, peak) in report["stages"].items()
        ]
        self.add(
            f"3d. … where the loader's CPU goes, per game loaded ({games:,} games, DuckDB, commits every 500)",
            "; ".join(parts) + " — extract includes the fetch threads (HTTP, JSON decode)",
        )

    def cpu_load(self, warehouse: Warehouse, api: FakeApi, game_pks: list[int]) -> tuple[Measured, int]:
        step(f"3. loading {len(game_pks):,} games into {warehouse.name} ({warehouse.target}), no latency, no rate cap")
        server_cpu = api.cpu()
        result = warehouse.load(f"games-{len(game_pks)}", api.base_url, "--games", pks_arg(game_pks), "--rate", "0")
        server_cpu = api.cpu() - server_cpu
        fetched = load_summary(result.output).fetched
        step(
            f"   {result.wall:.0f} s wall, loader {result.cpu:.1f} s CPU, {result.max_rss_mb:.0f} MB peak; "
            f"server {server_cpu:.1f} s CPU"
        )
        return result, fetched

    # 4, 5, 6 ------------------------------------------------------------------------------------------
    def floor_query(self, warehouse: Warehouse) -> tuple[float, int]:
        if warehouse.target == "duckdb":
            compiled = (
                Path(warehouse.env()["DBT_TARGET_PATH"])
                / "compiled"
                / "milb"
                / "models"
                / "intermediate"
                / "int_pitches_unnested.sql"
            )
            schema = re.search(r"from_json\(all_plays, '([^']+)'\)", compiled.read_text(encoding="utf-8"))
            if not schema:
                sys.exit(f"error: no typed from_json schema found in {compiled}")
            sql = (
                "select count(*) from (select unnest(play.playEvents) as event from (select unnest(from_json("
                f"all_plays, '{schema.group(1)}')) as play from milb_raw.games)) where event.isPitch"
            )
        else:
            sql = (
                "select count(*) from milb_raw.games cross join lateral jsonb_array_elements(all_plays) as p (play) "
                "cross join lateral jsonb_array_elements(p.play -> 'playEvents') as e (event) "
                "where (e.event ->> 'isPitch')::boolean"
            )
        timings, pitches = [], 0
        for _ in range(2):
            started = time.perf_counter()
            pitches = int(warehouse.scalar(sql))
            timings.append(time.perf_counter() - started)
        return min(timings), pitches

    def storage(self, warehouse: Warehouse) -> tuple[float, float, str]:
        """Bytes per raw game and per row of int_pitches (the pitch tables are its views), and a note on the rest."""
        games = int(warehouse.scalar("select count(*) from milb_raw.games"))
        pitches = int(warehouse.scalar("select count(*) from analytics.int_pitches"))
        if warehouse.target == "postgres":
            raw = int(warehouse.scalar("select pg_total_relation_size('milb_raw.games')"))
            mart = int(warehouse.scalar("select pg_total_relation_size('analytics.int_pitches')"))
            database = int(warehouse.scalar("select pg_database_size(current_database())"))
            return raw / games, mart / pitches, f"database {database / 2**20:,.0f} MiB"
        file_size = warehouse.path.stat().st_size
        raw = self.duckdb_table_bytes(warehouse, "milb_raw.games")
        mart = self.duckdb_table_bytes(warehouse, "analytics.int_pitches")
        return raw / games, mart / pitches, f"warehouse file {file_size / 2**20:,.0f} MiB"

    def duckdb_table_bytes(self, warehouse: Warehouse, table: str) -> int:
        """A table copied alone into a fresh DuckDB file, minus the same file holding it empty."""
        sizes = []
        for limit in ("limit 0", ""):
            copy = self.work / f"sizing-{table}.duckdb"
            copy.unlink(missing_ok=True)
            with duckdb.connect(str(warehouse.path)) as con:
                con.execute(f"attach '{copy}' as sizing")
                con.execute(f"create table sizing.t as select * from {table} {limit}")
                con.execute("checkpoint sizing")
                con.execute("detach sizing")
            sizes.append(copy.stat().st_size)
            copy.unlink()
        return sizes[1] - sizes[0]

    def build_and_increment(self, warehouse: Warehouse, api: FakeApi, new_pks: list[int]) -> None:
        engine = "DuckDB" if warehouse.target == "duckdb" else "PostgreSQL"
        target = "≤ 3×" if warehouse.target == "duckdb" else "≤ 5×"
        limit = 3.0 if warehouse.target == "duckdb" else 5.0
        build_item, run_item = ("4", "4a") if warehouse.target == "duckdb" else ("4b", "4c")
        vars_args = ["--vars", self.size.dbt_vars] if self.size.dbt_vars else []
        games = int(warehouse.scalar("select count(*) from milb_raw.games"))
        step(f"4. dbt build on {engine} ({games:,} games)")
        build = warehouse.dbt("build", "build", *vars_args)
        step(f"   {build.wall:.0f} s, {dbt_outcome(build)}; dbt run --full-refresh")
        models = warehouse.dbt("run", "run", "--full-refresh", *vars_args)
        step(f"   {models.wall:.0f} s, {dbt_outcome(models)}; floor query")
        floor, pitches = self.floor_query(warehouse)
        step(f"   floor {floor:.1f} s ({pitches:,} pitches)")
        self.add(
            f"{build_item}. {engine}: `dbt build` ÷ floor (bare unnest of every pitch), {games:,} games, "
            f"{pitches:,} pitches",
            f"{build.wall:.1f} s ÷ {floor:.1f} s = **{build.wall / floor:.1f}×** ({dbt_outcome(build)})",
            target,
            verdict(build.wall / floor <= limit and build.returncode == 0),
        )
        self.add(
            f"{run_item}. {engine}: `dbt run --full-refresh` (models only) ÷ floor",
            f"{models.wall:.1f} s ÷ {floor:.1f} s = **{models.wall / floor:.1f}×**",
            target,
            verdict(models.wall / floor <= limit and models.returncode == 0),
        )
        raw_per_game, mart_per_pitch, note = self.storage(warehouse)
        self.add(
            f"6. {engine}: bytes stored",
            f"raw `games` {raw_per_game / 1024:,.1f} KiB per game; `int_pitches` {mart_per_pitch:,.0f} B per "
            f"pitch ({note})",
        )
        step(f"5. incremental on {engine}: {len(new_pks)} new games, then dbt build")
        load = warehouse.load("new", api.base_url, "--games", pks_arg(new_pks), "--rate", "0")
        # What `make daily` runs: the unit tests check the models' code, which a day's games do not change.
        increment = warehouse.dbt("build-incremental", "build", "--exclude-resource-type", "unit_test", *vars_args)
        ratio = (load.wall + increment.wall) / build.wall
        self.add(
            f"5a. … {engine}: where the daily `dbt build` goes",
            self.dbt_breakdown(warehouse, increment),
        )
        self.add(
            f"5. {engine}: daily run (`make daily`), load + `dbt build` (no unit tests) of {len(new_pks)} new games "
            "(a day) ÷ full build",
            f"({load.wall:.1f} s + {increment.wall:.1f} s) ÷ {build.wall:.1f} s = **{ratio:.3f}×** "
            f"({dbt_outcome(increment)})",
            "≤ 0.05×",
            verdict(ratio <= 0.05 and increment.returncode == 0),
        )

    def dbt_breakdown(self, warehouse: Warehouse, result: Measured) -> str:
        """dbt's start-up (wall before its first node and after its last) and its nodes' summed seconds by kind."""
        path = Path(warehouse.env()["DBT_TARGET_PATH"]) / "run_results.json"
        with suppress(OSError, ValueError, KeyError, TypeError):
            results = json.loads(path.read_text(encoding="utf-8"))
            kinds: Counter[str] = Counter()
            counts: Counter[str] = Counter()
            for node in results["results"]:
                kind = node["unique_id"].split(".")[0]
                kinds[kind] += node["execution_time"]
                counts[kind] += 1
            parts = [f"{kind} {counts[kind]} nodes {seconds:.1f} s" for kind, seconds in kinds.most_common()]
            outside = result.wall - float(results.get("elapsed_time", 0.0))
            return f"outside the nodes (start-up, parse, exit) {outside:.1f} s; summed over 2 threads: " + ", ".join(
                parts
            )
        return "run_results.json not readable"

    # 9 ------------------------------------------------------------------------------------------------
    def spark_vs_duckdb(self) -> None:
        games = self.size.spark_games
        step(f"9. Spark vs DuckDB: a {games}-game season loaded into a lake and a DuckDB file, then dbt build")
        with fake_api(games, 0, self.players_csv, self.work / "logs" / "fake-api-spark.log") as api:
            duck = self.warehouse("duckdb", "spark_cmp_duckdb")
            lake = self.warehouse("spark", "spark_cmp_lake")
            for warehouse in (duck, lake):
                warehouse.load("season", api.base_url, "--players", str(self.players_csv), "--all-games", "--rate", "0")
        duck_build = duck.dbt("build", "build")
        step(f"   DuckDB {duck_build.wall:.0f} s, {dbt_outcome(duck_build)}; Spark")
        spark_build = lake.dbt("build", "build")
        step(f"   Spark {spark_build.wall:.0f} s, {dbt_outcome(spark_build)}")
        pitches = int(duck.scalar("select count(*) from analytics.milb_batter_pitches"))
        self.add(
            f"9. Spark (local[1] session, parquet lake): `dbt build` ÷ DuckDB's, {games:,}-game season, "
            f"{pitches:,} pitches",
            f"{spark_build.wall:.1f} s ÷ {duck_build.wall:.1f} s = **{spark_build.wall / duck_build.wall:.1f}×** "
            f"(Spark {dbt_outcome(spark_build)}; peak RSS {spark_build.max_rss_mb:,.0f} MB)",
        )

    # ------------------------------------------------------------------------------------------------
    def run(self) -> None:
        size = self.size
        with fake_api(size.season_games, 0, self.players_csv, self.work / "logs" / "fake-api-startup.log") as api:
            self.startup_cost(api)
        if "1" not in self.skip:
            self.paced()
        if "7" not in self.skip:
            self.old_way_rows()
        if "8" not in self.skip:
            self.seasons_rows()
        with fake_api(size.season_games, 0, self.players_csv, self.work / "logs" / "fake-api.log") as api:
            second = self.warehouse(
                "postgres" if self.use_postgres else "duckdb", "season_pg" if self.use_postgres else "tracked"
            )
            wanted = self.requests_per_game(second, api)
            # The newest games no tracked player needs arrive after the full build (item 5).
            new_pks = [pk for pk in self.minor_pks if pk not in wanted][-size.new_games :]
            new_set = set(new_pks)
            season_pks = [pk for pk in self.minor_pks if pk not in new_set]

            small = self.warehouse("duckdb", f"load{size.small_load}")
            small_run, small_games = self.cpu_load(small, api, season_pks[: size.small_load])
            duck = self.warehouse("duckdb", "season_duckdb")
            big_run, big_games = self.cpu_load(duck, api, season_pks)
            # The same game logs and tracked players as the other engine (no feed left to fetch).
            duck.load("logs", api.base_url, "--players", str(self.players_csv), "--rate", "0")
            self.add_cpu_rows(small_run, small_games, big_run, big_games)
            self.stages(api, season_pks[: size.small_load])

            if self.use_postgres:
                rest = [pk for pk in season_pks if pk not in wanted]
                pg_run, pg_games = self.cpu_load(second, api, rest)
                self.add(
                    f"3e. PostgreSQL load (csv COPY), {len(rest):,} games not already loaded by item 2",
                    f"{self.per_game_cpu(pg_run, pg_games):.1f} ms CPU per game loaded, peak RSS "
                    f"{pg_run.max_rss_mb:,.0f} MB, {pg_run.wall:.0f} s wall",
                )
                self.build_and_increment(duck, api, new_pks)
                self.build_and_increment(second, api, new_pks)
            else:
                self.build_and_increment(duck, api, new_pks)

    def add_cpu_rows(self, small: Measured, small_games: int, big: Measured, big_games: int) -> None:
        for result, games in ((small, small_games), (big, big_games)):
            per_game = self.per_game_cpu(result, games)
            self.add(
                f"3. loader CPU per game (parse + normalize + load, DuckDB), {games:,} games loaded, no latency",
                f"**{per_game:.1f} ms** ((CPU {result.cpu:.1f} s − start-up) ÷ games; {result.wall:.0f} s wall)",
                "≤ 15 ms",
                verdict(per_game <= 15),
            )
        marginal = 1000 * (big.cpu - small.cpu) / max(big_games - small_games, 1)
        self.add("3b. … marginal CPU per game between the two loads", f"{marginal:.1f} ms")
        ratio = big.max_rss_mb / small.max_rss_mb
        self.add(
            f"3c. loader peak RSS, {big_games:,} vs {small_games:,} games",
            f"{big.max_rss_mb:,.0f} MB vs {small.max_rss_mb:,.0f} MB = **{ratio:.2f}×**",
            "≤ 1.3×",
            verdict(ratio <= 1.3),
        )

    def cleanup(self) -> None:
        if self.keep:
            return
        for warehouse in self.warehouses:
            with suppress(Exception):
                warehouse.drop()
        for name in ("dlt", "dbt-target", "dbt-logs"):
            shutil.rmtree(self.work / name, ignore_errors=True)


def stage_probe(pks_file: Path, base_url: str) -> None:
    """``--stage-probe``: one DuckDB load in this process, timing dlt's three steps; prints JSON.

    The CPU of a step is the whole process's (the fetch threads run during extract).
    """
    import threading

    from dlt.pipeline.pipeline import Pipeline

    from loader.levels import parse_levels
    from loader.run import LoadOptions, run_load

    process = psutil.Process()
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.02):
            peak[0] = max(peak[0], process.memory_info().rss)

    threading.Thread(target=sample, daemon=True).start()
    totals: dict[str, list[float]] = {}

    def timed(name: str, method: Any) -> Any:
        def wrapper(self: Pipeline, *args: Any, **kwargs: Any) -> Any:
            peak[0] = process.memory_info().rss
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return method(self, *args, **kwargs)
            finally:
                total = totals.setdefault(name, [0.0, 0.0, 0.0])
                total[0] += time.perf_counter() - wall
                total[1] += time.process_time() - cpu
                total[2] = max(total[2], peak[0] / 2**20)

        return wrapper

    for name in ("extract", "normalize", "load"):
        setattr(Pipeline, name, timed(name, getattr(Pipeline, name)))
    game_pks = [int(pk) for pk in pks_file.read_text(encoding="utf-8").split(",")]
    options = LoadOptions(
        season=SEASON, levels=parse_levels(None), base_url=base_url, game_pks=game_pks, rate_per_second=0
    )
    summary = run_load(options)
    stop.set()
    print(json.dumps({"fetched": summary.games_fetched, "stages": totals}))


def serve_seasons(games: int, players_csv: Path) -> None:
    """``--serve-seasons``: the seasons of item 8 from one fake API (each season its own game_pks)."""
    from fake_statsapi.cli import _serve_until_stopped
    from fake_statsapi.players import read_tracked_players_csv
    from fake_statsapi.server import FakeStatsApiServer

    tracked = read_tracked_players_csv(players_csv)
    seasons = [
        FakeSeason(
            season=year,
            n_games=games,
            seed=SEED + index,
            tracked_players=tracked,
            first_game_pk=FIRST_GAME_PK + index * SEASON_PK_STRIDE,
        )
        for index, year in enumerate(SEASONS)
    ]
    _serve_until_stopped(FakeStatsApiServer(seasons), f"fake Stats API (seasons {SEASONS}, {games} games each)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=sorted(SIZES), default="small", help="small: a quick look; full: the spec")
    parser.add_argument("--dir", type=Path, default=ROOT / "var" / "bench", help="working directory")
    parser.add_argument("--no-postgres", action="store_true", help="DuckDB only")
    parser.add_argument("--keep", action="store_true", help="keep the warehouses and PostgreSQL databases")
    parser.add_argument(
        "--skip", default="", help="items left out, comma-separated, of those that stand alone: 1, 7, 8 (e.g. 7,8)"
    )
    parser.add_argument("--spark", action="store_true", help="item 9 too: Spark's dbt build over DuckDB's")
    parser.add_argument("--spark-only", action="store_true", help="item 9 alone")
    parser.add_argument("--stage-probe", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    parser.add_argument("--serve-seasons", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--players", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_seasons:
        serve_seasons(args.serve_seasons, args.players)
        return
    if args.stage_probe:
        stage_probe(args.stage_probe, args.base_url)
        return

    pg_ok, pg_version = (False, "skipped (--no-postgres)") if args.no_postgres else postgres_available()
    if not args.no_postgres and not pg_ok:
        step(f"PostgreSQL not available ({pg_version}): DuckDB only")
    work = (args.dir / args.size).resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)

    started = time.perf_counter()
    load_before = os.getloadavg()
    skip = frozenset(item.strip() for item in args.skip.split(",") if item.strip())
    if not skip <= {"1", "7", "8"}:
        sys.exit(f"error: --skip takes items 1, 7 and 8, not {','.join(sorted(skip - {'1', '7', '8'}))}")
    bench = Bench(args.size, work, pg_ok, args.keep, skip)
    try:
        if not args.spark_only:
            bench.run()
        if args.spark or args.spark_only:
            bench.spark_vs_duckdb()
    finally:
        bench.cleanup()
    elapsed = time.perf_counter() - started
    load_after = os.getloadavg()

    size = SIZES[args.size]
    lines = [
        f"## `make bench size={args.size}` — {datetime.now():%Y-%m-%d %H:%M}",
        "",
        f"Generated season {SEASON} (seed {SEED}): {size.season_games:,} minor-league games, "
        f"{size.tracked} tracked players; ran {elapsed / 60:.1f} min.",
        "",
        table(bench.rows),
        "",
        "Machine:",
        "",
        *machine_facts(pg_version if pg_ok else f"not measured: {pg_version}"),
        f"- load average (1, 5, 15 min) before: {', '.join(f'{x:.2f}' for x in load_before)}; after: "
        f"{', '.join(f'{x:.2f}' for x in load_after)} (the machine is shared: the column above is sampled as "
        "each measure ends and includes the benchmark's own processes)",
    ]
    report = "\n".join(lines)
    (work / "results.md").write_text(report + "\n", encoding="utf-8")
    with open(work / "results.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["measure", "value", "target", "met", "load_avg_1min"])
        writer.writerows([r.measure, r.value, r.target, r.met, f"{r.load:.2f}"] for r in bench.rows)
    print(report)


if __name__ == "__main__":
    main()
