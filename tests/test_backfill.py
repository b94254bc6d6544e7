"""Backfills the way the app's owner runs them: players and known games from the app's own tables, several
seasons in one run, names-only player files. Against the fake API over HTTP and a real PostgreSQL / DuckDB
holding ``prospects`` and ``milb_game_logs`` shaped like the app's (afinewinecompany/afinewinedynasty)."""

from __future__ import annotations

import csv
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
import requests

from fake_statsapi import FakeSeason, documents, start_server
from loader import settings
from loader.describe import describe_sources
from loader.inputs import InputRejected, name_key, parse_seasons, resolve_names
from tests.conftest import RAW, ROOT, Warehouse, make_warehouse, pg_connect

SEASONS = (2024, 2025)
PLAYERS_SQL = "select mlb_id as player_id, name as full_name, position, organization from prospects"
GAMES_SQL = "select distinct game_pk, season from milb_game_logs where season between 2024 and 2025"
# A game no Stats API game log lists (the guide's claim) and one the API does not have at all.
NOT_IN_THE_API = 999_999

# The app's two tables, as its migrations create them (the columns a backfill reads, their types).
APP_DDL = (
    """
    create table prospects (
        id integer primary key,
        mlb_id varchar(10) not null unique,
        name varchar(100) not null,
        position varchar(10) not null,
        organization varchar(50),
        level varchar(20),
        mlb_player_id integer
    )
    """,
    """
    create table milb_game_logs (
        id integer primary key,
        prospect_id integer not null references prospects (id),
        mlb_player_id integer not null,
        season integer not null,
        game_pk bigint not null,
        game_date date not null,
        game_type varchar(1) not null,
        level varchar(20),
        plate_appearances integer,
        number_of_pitches integer,
        data_source varchar(50) not null
    )
    """,
)


@pytest.fixture(scope="module")
def seasons() -> list[FakeSeason]:
    return [
        FakeSeason(season=2024, n_games=60, seed=5, first_game_pk=675001),
        FakeSeason(season=2025, n_games=60, seed=11),
    ]


@pytest.fixture
def api(seasons: list[FakeSeason]) -> Iterator[Any]:
    server = start_server(seasons)
    try:
        yield server
    finally:
        server.stop()


def app_rows(seasons: list[FakeSeason]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], int]:
    """The app's prospects and game logs, from the fake seasons' own logs, plus one game only the app knows."""
    tracked = seasons[-1].tracked_players
    prospects = [
        (n, str(row["player_id"]), row["full_name"], row["position"], row["organization"], None, row["player_id"])
        for n, row in enumerate(tracked, start=1)
    ]
    logs: list[tuple[Any, ...]] = []
    seen: set[tuple[int, int]] = set()
    for season in seasons:
        for n, row in enumerate(tracked, start=1):
            for sport_id in season.levels_of(int(row["player_id"])):
                group = "pitching" if row["position"] in ("P", "SP", "RP", "RHP", "LHP") else "hitting"
                for block in documents.game_log(season, int(row["player_id"]), group, season.season, sport_id)["stats"]:
                    for split in block["splits"]:
                        key = (int(row["player_id"]), split["game"]["gamePk"])
                        if key in seen or sport_id == 1:
                            continue
                        seen.add(key)
                        logs.append(
                            (len(logs) + 1, n, key[0], season.season, key[1], split["date"], "R", None, 4, 16, "api")
                        )
    # The app knows a 2025 game its players' API logs do not list, and one the API has no feed of.
    logged = {game_pk for _, game_pk in seen}
    extra = next(g.game_pk for g in seasons[-1].games if g.game_pk not in logged and g.sport_id != 1 and g.is_final)
    for game_pk in (extra, NOT_IN_THE_API):
        logs.append((len(logs) + 1, 1, prospects[0][6], 2025, game_pk, "2025-06-01", "R", None, 4, 16, "app"))
    return prospects, logs, extra


def create_app_tables(warehouse: Warehouse, prospects: list[tuple[Any, ...]], logs: list[tuple[Any, ...]]) -> None:
    """The app's tables in the target's own database (PostgreSQL: public schema; DuckDB: the warehouse file)."""
    if warehouse.target == "postgres":
        with pg_connect(warehouse.dbname) as con, con.cursor() as cur:
            for ddl in APP_DDL:
                cur.execute(ddl)
            cur.executemany("insert into prospects values (%s, %s, %s, %s, %s, %s, %s)", prospects)
            cur.executemany("insert into milb_game_logs values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", logs)
        return
    with duckdb.connect(warehouse.env["MILB_DUCKDB_PATH"]) as con:
        for ddl in APP_DDL:
            con.execute(ddl)
        con.executemany("insert into prospects values (?, ?, ?, ?, ?, ?, ?)", prospects)
        con.executemany("insert into milb_game_logs values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", logs)


def make(warehouse: Warehouse, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a make target with this warehouse's environment, as the app's owner would."""
    env = {k: v for k, v in warehouse.environ().items() if not k.startswith(("MAKE", "MFLAGS"))}
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )


def requests_by_route(api: Any) -> dict[str, int]:
    return dict(requests.get(f"{api.base_url}/__stats", timeout=5).json()["requests"])


def test_plan_and_load_two_seasons_from_the_apps_tables(
    warehouse: Warehouse, api: Any, seasons: list[FakeSeason]
) -> None:
    prospects, logs, extra = app_rows(seasons)
    create_app_tables(warehouse, prospects, logs)
    options = (
        "season=2024-2025",
        f"players_sql={PLAYERS_SQL}",
        f"games_sql={GAMES_SQL}",
        f"target={warehouse.target}",
        f"base_url={api.base_url}",
    )
    plan = make(warehouse, "plan", *options)
    assert plan.returncode == 0, plan.stdout + plan.stderr
    assert f"tracked players: {len(prospects)}," in plan.stdout
    for season in SEASONS:
        assert re.search(rf"^  season {season}: \d+ games to fetch of \d+ ", plan.stdout, re.M), plan.stdout
    app_games = {row[4] for row in logs}
    api_games = app_games - {extra, NOT_IN_THE_API}
    assert (
        f"games by source: game logs {len(api_games)}, games_sql {len(app_games)} "
        f"(only in game logs 0, only in games_sql 2)" in plan.stdout
    ), plan.stdout
    # Each season's schedule (5 levels) and game logs (one batch of players) asked once.
    assert requests_by_route(api) == {"schedule": 10, "people": 2}

    load = make(warehouse, "load", *options, "yes=1")
    # The game the API has no feed of is a ledger row (not_found): permanent, so the run is complete.
    assert load.returncode == 0, load.stdout + load.stderr
    assert re.search(r"^  season 2024: games planned \d+, loaded \d+, pitches \d+$", load.stdout, re.M)
    assert re.search(r"^  season 2025: games planned \d+, loaded \d+, pitches \d+$", load.stdout, re.M)
    loaded = {int(pk) for (pk,) in warehouse.query(f"select game_pk from {RAW}.games")}
    missing = dict(warehouse.query(f"select game_pk, reason from {RAW}.game_fetch_ledger"))
    not_found = {pk for g in seasons for pk in g.not_found_games()}
    assert loaded | set(missing) == app_games
    assert extra in loaded
    assert missing[NOT_IN_THE_API] == "not_found" and set(missing) - {NOT_IN_THE_API} <= not_found
    assert dict(warehouse.query(f"select season, count(*) from {RAW}.games group by season")).keys() == set(SEASONS)
    tracked = warehouse.query(f"select player_id, full_name from {RAW}.tracked_players order by player_id")
    assert tracked == sorted((row[6], row[2]) for row in prospects)


@pytest.mark.parametrize(
    ("players_sql", "games_sql", "message"),
    [
        ("select mlb_id as player_id, name as full_name from prospects", None, "no column position, organization"),
        (
            "select 'x' || mlb_id as player_id, name as full_name, position, organization from prospects",
            None,
            "player_id 'x",
        ),
        (
            "select null as player_id, name as full_name, position, organization from prospects",
            None,
            "player_id is null",
        ),
        ("select * from prospectz", None, "players_sql failed on"),
        (PLAYERS_SQL, "select distinct game_pk::varchar || 'a' as game_pk from milb_game_logs", "game_pk '"),
        (PLAYERS_SQL, "select distinct mlb_player_id from milb_game_logs", "games_sql returns no column game_pk"),
        (PLAYERS_SQL, "select game_pk from milb_game_log", "games_sql failed on"),
    ],
)
def test_a_bad_query_is_one_error_line_and_nothing_is_fetched(
    warehouse: Warehouse,
    api: Any,
    seasons: list[FakeSeason],
    players_sql: str,
    games_sql: str | None,
    message: str,
) -> None:
    prospects, logs, _ = app_rows(seasons)
    create_app_tables(warehouse, prospects, logs)
    args = ["--season", "2024-2025", "--base-url", api.base_url, "--players-sql", players_sql]
    result = warehouse.load(*args, *(["--games-sql", games_sql] if games_sql else []), check=False)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert result.returncode == 2, result.stdout + result.stderr
    assert len(errors) == 1 and message in errors[0], result.stderr
    assert requests_by_route(api) == {}
    schema = "milb_raw"
    tables = warehouse.query(
        f"select count(*) from information_schema.tables where table_schema = '{schema}' and table_name = 'games'"
    )
    assert tables == [(0,)]


def test_an_interrupted_multi_season_load_resumes_where_it_stopped(
    duckdb_warehouse: Warehouse, api: Any, seasons: list[FakeSeason], tmp_path: Path
) -> None:
    players = tmp_path / "players.csv"
    seasons[-1].write_tracked_players_csv(players)
    args = ("--season", "2024,2025", "--base-url", api.base_url, "--players", str(players), "--rate", "0")
    # Killed (as kill -9) once the first chunk of 10 games (all of 2024's first) is extracted.
    duckdb_warehouse.env["MILB_KILL_AT"] = "extracted"
    killed = duckdb_warehouse.load(*args, "--commit-every", "10", check=False)
    del duckdb_warehouse.env["MILB_KILL_AT"]
    assert killed.returncode != 0
    resumed = duckdb_warehouse.load(*args, "--commit-every", "10")
    assert "finishing the load packages a previous run left pending" in resumed.stderr
    planned = re.search(
        r"games planned (\d+), fetched \d+, skipped \(already Final\) (\d+), "
        r"skipped \(known missing\) (\d+)",
        resumed.stdout,
    )
    assert planned is not None, resumed.stdout
    games = duckdb_warehouse.query(f"select game_pk, count(*) from {RAW}.games group by game_pk")
    assert all(count == 1 for _, count in games)
    logged = {pk for (pk,) in duckdb_warehouse.query(f"select distinct game_pk from {RAW}.game_logs")}
    missing = {pk for (pk,) in duckdb_warehouse.query(f"select game_pk from {RAW}.game_fetch_ledger")}
    assert {pk for pk, _ in games} | missing == logged
    # The killed run's 10 games are not fetched again: they count as loaded (or known missing).
    assert int(planned.group(1)) == len(logged) - 10
    assert int(planned.group(2)) + int(planned.group(3)) == 10
    assert re.search(r"^  season 2024: games planned \d+, loaded \d+", resumed.stdout, re.M)
    again = duckdb_warehouse.load(*args)
    assert "games planned 0" in again.stdout


def names_file(path: Path, rows: list[dict[str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["full_name", "organization"])
        writer.writeheader()
        writer.writerows(rows)
    return path


def accented(name: str) -> str:
    """The name as another source spells it: upper case, an accent on each vowel a."""
    return name.upper().replace("A", "Á")


def test_names_only_players_are_resolved_through_the_players_lists(
    duckdb_warehouse: Warehouse, api: Any, seasons: list[FakeSeason], tmp_path: Path
) -> None:
    tracked = seasons[-1].tracked_players
    ids_by_name: dict[str, set[int]] = {}
    for season in seasons:
        for player in season.players_by_id.values():
            ids_by_name.setdefault(name_key(player.full_name), set()).add(player.player_id)
    assert all(len(ids_by_name[name_key(str(row["full_name"]))]) == 1 for row in tracked[:5])
    names = [{"full_name": accented(str(row["full_name"])), "organization": ""} for row in tracked[:5]]
    path = names_file(tmp_path / "names.csv", [*names, {"full_name": "Nobody Atall", "organization": ""}])
    args = ("--season", "2024-2025", "--base-url", api.base_url, "--players", str(path), "--rate", "0", "--plan")

    stopped = duckdb_warehouse.load(*args, check=False)
    errors = [line for line in stopped.stderr.splitlines() if line.startswith("error:")]
    assert stopped.returncode == 2 and len(errors) == 1, stopped.stderr
    assert "1 of 6 player name(s)" in errors[0] and "'Nobody Atall' unknown" in errors[0]
    assert "--skip-unresolved" in errors[0]
    # One players list per level and season, and no game log or feed asked.
    assert requests_by_route(api) == {"sportPlayers": 10}
    resolved = tmp_path / "names.resolved.csv"
    with open(resolved, encoding="utf-8", newline="") as f:
        kept = list(csv.DictReader(f))
    assert [int(row["player_id"]) for row in kept] == [int(row["player_id"]) for row in tracked[:5]]
    assert all(row["organization"] and row["position"] for row in kept)

    skipped = duckdb_warehouse.load(*args, "--skip-unresolved")
    assert "tracked players: 5," in skipped.stdout
    reused = duckdb_warehouse.load(*args[:-1], "--players", str(resolved), "--plan")
    assert "tracked players: 5," in reused.stdout


def test_an_ambiguous_name_is_listed_and_the_organization_picks_one() -> None:
    def person(pid: int, org: str) -> dict[str, Any]:
        return {"id": pid, "fullName": "José Pérez", "currentTeam": {"name": f"{org} AA", "parentOrgName": org}}

    lists = [{"people": [person(1, "Miami Marlins"), person(2, "Chicago Cubs")]}, {"people": [person(1, "x")]}]
    players = [
        {"player_id": None, "full_name": "jose perez", "position": "SS", "organization": ""},
        {"player_id": None, "full_name": "JOSE PEREZ", "position": "", "organization": "chicago cubs"},
    ]
    lookup = resolve_names(players, lists)
    assert lookup.unresolved == [
        "'jose perez' ambiguous: 1 (Miami Marlins AA, Miami Marlins), 2 (Chicago Cubs AA, Chicago Cubs)"
    ]
    assert [(p["player_id"], p["organization"]) for p in lookup.resolved] == [(2, "chicago cubs")]


@pytest.mark.parametrize(
    ("text", "seasons"),
    [
        ("2025", [2025]),
        ("2021-2025", [2021, 2022, 2023, 2024, 2025]),
        ("2023,2025", [2023, 2025]),
        ("2025, 2021-2022,2025", [2021, 2022, 2025]),
    ],
)
def test_seasons_are_a_year_a_range_or_a_list(text: str, seasons: list[int]) -> None:
    assert parse_seasons(text, last=2026) == seasons


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-2021", "runs backwards"),
        ("2004-2006", "out of range"),
        ("20x5", "must be a year"),
        (",", "season is empty"),
    ],
)
def test_bad_seasons_are_rejected(text: str, message: str) -> None:
    with pytest.raises(InputRejected, match=message):
        parse_seasons(text, last=2026)


def test_sources_say_what_only_one_of_them_knew() -> None:
    line = describe_sources({"game logs": {1, 2, 3}, "games_sql": {2, 3, 4, 5}})
    assert line == "games by source: game logs 3, games_sql 4 (only in game logs 1, only in games_sql 2)"
    assert describe_sources({"game logs": {1}}) == "games by source: game logs 1"


def test_players_sql_on_duckdb_can_read_the_apps_postgresql(
    duckdb_warehouse: Warehouse, api: Any, seasons: list[FakeSeason], tmp_path: Path
) -> None:
    """The DuckDB target reading the app's PostgreSQL through DuckDB's postgres extension (ATTACH)."""
    with duckdb.connect() as con:
        try:
            con.execute("load postgres")
        except duckdb.Error as exc:
            pytest.skip(f"DuckDB's postgres extension is not installed here (offline): {str(exc).splitlines()[0]}")
    for pg in make_warehouse("postgres", tmp_path):
        prospects, logs, _ = app_rows(seasons)
        create_app_tables(pg, prospects, logs)
        server = settings.postgres_settings()
        dsn = f"host={server['host']} port={server['port']} user={server['username']} dbname={pg.dbname}"
        attach = f"attach '{dsn}' as app (type postgres, read_only); "
        result = duckdb_warehouse.load(
            "--season",
            "2025",
            "--base-url",
            api.base_url,
            "--plan",
            "--players-sql",
            attach + PLAYERS_SQL.replace("from prospects", "from app.public.prospects"),
        )
        assert f"tracked players: {len(prospects)}," in result.stdout


def test_known_games_without_a_season_column_go_to_the_season_that_lists_them(
    duckdb_warehouse: Warehouse, api: Any, seasons: list[FakeSeason]
) -> None:
    prospects, logs, _ = app_rows(seasons)
    create_app_tables(duckdb_warehouse, prospects, logs)
    common = ("--base-url", api.base_url, "--players-sql", PLAYERS_SQL, "--plan")
    # The app's guide asks one season at a time: every game of the query belongs to it.
    one = duckdb_warehouse.load(
        "--season", "2025", *common, "--games-sql", "select distinct game_pk from milb_game_logs where season = 2025"
    )
    logged_2025 = {row[4] for row in logs if row[3] == 2025}
    assert f"games_sql {len(logged_2025)} (only in game logs 0, only in games_sql 2)" in one.stdout, one.stdout
    assert "  season 2025:" not in one.stdout  # one season: the overall lines are that season's
    # Two seasons, no season column: a game goes to the season whose schedule lists it; one no season
    # lists (no feed either) is shown on its own.
    two = duckdb_warehouse.load(
        "--season", "2024-2025", *common, "--games-sql", "select distinct game_pk from milb_game_logs"
    )
    lines = two.stdout.splitlines()
    season_2025 = lines[lines.index(next(line for line in lines if line.startswith("  season 2025:"))) + 1]
    assert "only in games_sql 1" in season_2025, two.stdout
    assert any(line.startswith("  season not known (only games_sql lists them): 1 games") for line in lines)
    # A season column naming seasons not asked for: those rows are left out, and said so.
    other = duckdb_warehouse.load(
        "--season", "2025", *common, "--games-sql", "select distinct game_pk, season from milb_game_logs"
    )
    left_out = len({row[4] for row in logs if row[3] == 2024})
    assert f"games_sql: {left_out} game(s) of seasons not asked for left out" in other.stdout


def test_a_query_waits_for_no_running_load(
    warehouse: Warehouse, api: Any, seasons: list[FakeSeason], monkeypatch: pytest.MonkeyPatch
) -> None:
    from loader.lock import warehouse_lock

    prospects, logs, _ = app_rows(seasons)
    create_app_tables(warehouse, prospects, logs)
    for key, value in warehouse.env.items():
        monkeypatch.setenv(key, value)
    with warehouse_lock(warehouse.target):
        result = warehouse.load(
            "--season", "2025", "--base-url", api.base_url, "--players-sql", PLAYERS_SQL, check=False
        )
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert result.returncode == 1 and len(errors) == 1 and "another load is running" in errors[0], result.stderr
    assert requests_by_route(api) == {}


@pytest.mark.parametrize(
    ("season", "message"),
    [("2025-2021", "runs backwards"), ("2004-2025", "out of range"), ("2023,,x", "got 'x'")],
)
def test_a_bad_season_range_is_one_error_line(duckdb_warehouse: Warehouse, season: str, message: str) -> None:
    result = duckdb_warehouse.load("--season", season, "--plan", check=False)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert result.returncode == 2 and len(errors) == 1 and message in errors[0], result.stderr
    assert not Path(duckdb_warehouse.env["MILB_DUCKDB_PATH"]).exists()
