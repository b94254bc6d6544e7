"""``make check player=...``: the table a user reads equals a direct SQL count, on both engines."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from typing import TYPE_CHECKING, Any

import pytest

from tests.conftest import ANALYTICS, RAW, ROOT, Warehouse

if TYPE_CHECKING:
    from tests.fixtures_demo import DemoWarehouse

pytest_plugins = ["tests.fixtures_demo"]
pytestmark = pytest.mark.slow

HITTER = (700001, "Mateo Valdespino")  # AA -> AAA, plus three MLB games
PITCHER = (700004, "Dawson Pruitt")
MART = {"hitting": ("milb_batter_pitches", "mlb_batter_id"), "pitching": ("milb_pitcher_pitches", "mlb_pitcher_id")}
HEADER = (
    "season",
    "level",
    "games in logs",
    "games loaded",
    "games missing",
    "pitches loaded",
    "expected pitches",
    "coverage",
    "pitches/PA",
    "missing (ledger reason)",
)


def run_check(demo: DemoWarehouse, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tools.check_player", *args, "--target", demo.warehouse.target],
        cwd=ROOT,
        env=demo.env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def parse_tables(stdout: str) -> dict[str, dict[tuple[int, str], dict[str, str]]]:
    """The printed tables, by role ("hitting"/"pitching"), each keyed by (season, level)."""
    tables: dict[str, dict[tuple[int, str], dict[str, str]]] = {}
    role = None
    for line in stdout.splitlines():
        if "pitches seen as a hitter" in line:
            role = "hitting"
        elif "pitches thrown as a pitcher" in line:
            role = "pitching"
        elif role and line.startswith("season"):
            assert tuple(re.split(r"\s{2,}", line.strip())) == HEADER
            tables[role] = {}
        elif role and line[:4].isdigit():
            cells = dict(zip(HEADER, re.split(r"\s{2,}", line.strip()), strict=True))
            tables[role][(int(cells["season"]), cells["level"])] = cells
    return tables


def expected_lines(warehouse: Warehouse, player_id: int, stat_group: str) -> dict[tuple[int, str], dict[str, str]]:
    """The table's lines counted straight from the warehouse, without the coverage marts: dbt's leveled game
    logs, the raw games and ledger, the role's pitch mart and the plate appearances mart."""
    mart, column = MART[stat_group]
    logs = f"""
        select season, level, game_pk, number_of_pitches
        from {ANALYTICS}.int_game_logs_leveled
        where player_id = {player_id} and stat_group = '{stat_group}'
    """
    logged = warehouse.query(f"""
        select logs.season, logs.level, count(*), count(games.game_pk), sum(logs.number_of_pitches)
        from ({logs}) as logs
        left join {RAW}.games as games on logs.game_pk = games.game_pk
        group by logs.season, logs.level
    """)
    missing = warehouse.query(f"""
        select logs.season, logs.level, coalesce(ledger.reason, 'not_fetched'), count(*)
        from ({logs}) as logs
        left join {RAW}.games as games on logs.game_pk = games.game_pk
        left join {RAW}.game_fetch_ledger as ledger on logs.game_pk = ledger.game_pk
        where games.game_pk is null
        group by logs.season, logs.level, coalesce(ledger.reason, 'not_fetched')
    """)
    pitches = warehouse.query(f"""
        select logs.season, logs.level, count(*)
        from ({logs}) as logs
        inner join {ANALYTICS}.{mart} as pitches on logs.game_pk = pitches.game_pk and pitches.{column} = {player_id}
        group by logs.season, logs.level
    """)
    plate_appearances = warehouse.query(f"""
        select logs.season, logs.level, count(*)
        from ({logs}) as logs
        inner join {ANALYTICS}.milb_plate_appearances as plays
            on logs.game_pk = plays.game_pk and plays.{column} = {player_id} and plays.is_plate_appearance
        group by logs.season, logs.level
    """)
    sums: dict[tuple[int, str], dict[str, Any]] = {}

    def line(season: int, level: str) -> dict[str, Any]:
        empty = {"logged": 0, "loaded": 0, "expected": 0, "pitches": 0, "pas": 0, "reasons": Counter()}
        return sums.setdefault((int(season), level), empty)

    for season, level, games, loaded, expected in logged:
        line(season, level).update(logged=int(games), loaded=int(loaded), expected=int(expected or 0))
    for season, level, reason, count in missing:
        line(season, level)["reasons"][reason] = int(count)
    for season, level, count in pitches:
        line(season, level)["pitches"] = int(count)
    for season, level, count in plate_appearances:
        line(season, level)["pas"] = int(count)
    for season in {season for season, _ in sums}:
        levels = [value for (s, _), value in sums.items() if s == season]
        if len(levels) > 1:  # a season at several levels closes with its total
            total = line(season, "all")
            for value in levels:
                for key in ("logged", "loaded", "expected", "pitches", "pas", "reasons"):
                    total[key] += value[key]
    return {
        key: {
            "games in logs": str(value["logged"]),
            "games loaded": str(value["loaded"]),
            "games missing": str(value["logged"] - value["loaded"]),
            "pitches loaded": str(value["pitches"]),
            "expected pitches": str(value["expected"]),
            "coverage": f"{100 * value['pitches'] / value['expected']:.1f}%" if value["expected"] else "-",
            "pitches/PA": f"{value['pitches'] / value['pas']:.2f}" if value["pas"] else "-",
            "missing (ledger reason)": ", ".join(f"{r} {c}" for r, c in sorted(value["reasons"].items())) or "-",
        }
        for key, value in sums.items()
    }


def assert_table_matches(table: dict[tuple[int, str], dict[str, str]], expected: dict[Any, dict[str, str]]) -> None:
    assert set(table) == set(expected)
    for key, cells in expected.items():
        shown = {name: table[key][name] for name in cells}
        assert shown == cells, key


def player_with_most_missing_games(warehouse: Warehouse) -> int:
    return warehouse.scalar(f"""
        select logs.player_id
        from {RAW}.game_logs as logs
        left join {RAW}.games as games on logs.game_pk = games.game_pk
        where games.game_pk is null
        group by logs.player_id
        order by count(*) desc, logs.player_id
        limit 1
    """)


def test_a_hitters_table_equals_a_direct_count(demo_warehouse: DemoWarehouse) -> None:
    result = run_check(demo_warehouse, HITTER[1])
    assert result.returncode == 0, result.stderr
    tables = parse_tables(result.stdout)
    assert list(tables) == ["hitting"]
    expected = expected_lines(demo_warehouse.warehouse, HITTER[0], "hitting")
    assert {level for _, level in expected} >= {"AA", "MLB"}, "the generated season moved him AA -> AAA -> MLB"
    assert_table_matches(tables["hitting"], expected)


def test_a_player_with_missing_games_shows_how_many_and_why(demo_warehouse: DemoWarehouse) -> None:
    player_id = player_with_most_missing_games(demo_warehouse.warehouse)
    result = run_check(demo_warehouse, str(player_id))
    assert result.returncode == 0, result.stderr
    tables = parse_tables(result.stdout)
    for role, table in tables.items():
        assert_table_matches(table, expected_lines(demo_warehouse.warehouse, player_id, role))
    lines = [cells for table in tables.values() for cells in table.values()]
    assert any(cells["games missing"] != "0" for cells in lines)
    assert any(
        re.search(r"(not_found|empty_plays|not_fetched) \d", cells["missing (ledger reason)"]) for cells in lines
    )
    assert any(cells["coverage"] != "100.0%" for cells in lines)


def test_a_pitcher_gets_the_pitches_he_threw(demo_warehouse: DemoWarehouse) -> None:
    result = run_check(demo_warehouse, str(PITCHER[0]))
    assert result.returncode == 0, result.stderr
    assert f"{PITCHER[1]} (id {PITCHER[0]}, RHP" in result.stdout
    tables = parse_tables(result.stdout)
    assert list(tables) == ["pitching"]
    assert_table_matches(tables["pitching"], expected_lines(demo_warehouse.warehouse, PITCHER[0], "pitching"))


def test_name_match_ignores_case_accents_and_spacing_and_equals_the_id(demo_duckdb: DemoWarehouse) -> None:
    by_id = run_check(demo_duckdb, str(HITTER[0]))
    by_name = run_check(demo_duckdb, "  MATÉO   valdéspino ")
    assert by_id.returncode == by_name.returncode == 0
    assert by_name.stdout == by_id.stdout
    assert by_id.stdout.startswith(f"{HITTER[1]} (id {HITTER[0]}, SS, Toronto Blue Jays)")


def test_an_unknown_player_is_one_error_line_with_the_closest_names_and_exit_2(demo_warehouse: DemoWarehouse) -> None:
    result = run_check(demo_warehouse, "Mateo Valdespinx")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Mateo Valdespinx" in lines[0] and "closest: Mateo Valdespino" in lines[0]

    unknown_id = run_check(demo_warehouse, "123")
    assert unknown_id.returncode == 2
    assert unknown_id.stderr == "error: no tracked player has MLBAM id 123\n"


def test_both_engines_print_the_same_table(demo_duckdb: DemoWarehouse, demo_postgres: DemoWarehouse) -> None:
    def body(demo: DemoWarehouse) -> str:
        result = run_check(demo, HITTER[1])
        assert result.returncode == 0, result.stderr
        return result.stdout.split("\n", 1)[1]  # the heading names the warehouse

    assert body(demo_duckdb) == body(demo_postgres)


def test_make_check_passes_the_name_and_the_exit_status_through(demo_duckdb: DemoWarehouse) -> None:
    ok = subprocess.run(
        ["make", "-s", "check", f"player={HITTER[1]}"],
        cwd=ROOT,
        env=demo_duckdb.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    assert f"{HITTER[1]} (id {HITTER[0]}" in ok.stdout
    unknown = subprocess.run(
        ["make", "-s", "check", "player=Nobody Atall"],
        cwd=ROOT,
        env=demo_duckdb.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert unknown.returncode != 0
    assert "error: no tracked player named 'Nobody Atall'; closest: " in unknown.stderr


def test_the_missing_games_are_listed_with_date_level_and_reason(demo_duckdb: DemoWarehouse) -> None:
    warehouse = demo_duckdb.warehouse
    player_id = player_with_most_missing_games(warehouse)
    result = run_check(demo_duckdb, str(player_id))
    assert result.returncode == 0, result.stderr
    expected = warehouse.query(f"""
        select distinct
            logs.game_pk, cast(logs.game_date as varchar), logs.level, coalesce(ledger.reason, 'not_fetched')
        from {ANALYTICS}.int_game_logs_leveled as logs
        left join {RAW}.games as games on logs.game_pk = games.game_pk
        left join {RAW}.game_fetch_ledger as ledger on logs.game_pk = ledger.game_pk
        where logs.player_id = {player_id} and games.game_pk is null
    """)
    assert expected
    listed = {
        tuple(line.split())
        for line in result.stdout.splitlines()
        if line.startswith("  ") and line.strip()[:1].isdigit()
    }
    assert listed == {(str(pk), day, level, reason) for pk, day, level, reason in expected}
    assert "missing games (" in result.stdout
