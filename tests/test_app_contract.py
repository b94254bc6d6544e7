"""The rankings app's contract, on both engines: its queries run unchanged and return the numbers they define.

The app (afinewinecompany/afinewinedynasty, apps/api/app/services: the pitch data aggregators) reads
``milb_batter_pitches``, ``milb_pitcher_pitches`` and the two ``mv_*_percentiles_by_level`` views by
unqualified name, with SQLAlchemy ``text()`` queries and bind parameters (``:mlb_player_id``, ``:season``,
``:levels``, ``:player_ids``, ``:min_pitches``, ``:days``). The queries below are written here from the facts of
those services (same tables, columns, filters, aggregates, arrays and parameters), not copied, and run on the
built demo season the way the app would: unqualified names found through the search path. The percentile
views are checked against an independent computation in Python of each metric's definition over the pitch
tables, and the call-code flags against the seed ``pitch_codes`` on a recorded real feed.
"""

from __future__ import annotations

import csv
import datetime
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pytest

from tests.conftest import ANALYTICS, DBT_DIR, Warehouse, make_warehouse, pg_connect, replay_server

if TYPE_CHECKING:
    from tests.fixtures_demo import DemoWarehouse

pytest_plugins = ["tests.fixtures_demo"]
SEASON = 2025  # the demo warehouse's (tests/fixtures_demo.py)

FRACTIONS = (0.1, 0.25, 0.5, 0.75, 0.9)
HITTER_MIN_PITCHES, PITCHER_MIN_PITCHES = 50, 100  # the services' minimums, and the vars' defaults
MIN_TRACKING_SHARE = 0.5  # var('percentile_min_tracking_coverage')
FASTBALLS = ("FF", "FA", "SI")
BALL_IN_PLAY_CODES = ("X", "D", "E")


def app_sql(sql: str, target: str) -> str:
    """SQLAlchemy's ``:name`` placeholders in each driver's form (psycopg2 ``%(name)s``, DuckDB ``$name``)."""
    return re.sub(r"(?<![:\w]):(\w+)", r"%(\1)s" if target == "postgres" else r"$\1", sql)


def run_as_app(warehouse: Warehouse, sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """Run a query as the app does: unqualified names, found through the search path set to the schema."""
    params = params or {}
    if warehouse.target == "duckdb":
        with duckdb.connect(warehouse.env["MILB_DUCKDB_PATH"], read_only=True) as con:
            con.execute("set search_path = 'analytics'")
            return con.execute(app_sql(sql, "duckdb"), params).fetchall()
    con = pg_connect(warehouse.dbname, options="-c search_path=analytics")
    try:
        with con.cursor() as cur:
            cur.execute(app_sql(sql, "postgres"), params)
            return cur.fetchall()
    finally:
        con.close()


# --- the app's queries (same shape, filters, aggregates and parameters as its services) -------------------

LEVELS_BY_SEASON = """
    select level, count(*) as pitch_count from {table}
    where {player} = :mlb_player_id and season = :season
    group by level order by pitch_count desc
"""
LEVELS_BY_DAYS = """
    select level, count(*) as pitch_count from {table}
    where {player} = :mlb_player_id and game_date >= current_date - cast(:days || ' days' as interval)
    group by level order by pitch_count desc
"""
HITTER_STATS = """
    percentile_cont(0.9) within group (order by launch_speed) filter (where launch_speed is not null) as ev90,
    count(*) filter (where launch_speed >= 95) * 100.0
        / nullif(count(*) filter (where launch_speed is not null), 0) as hard_hit_rate,
    count(*) filter (where contact = true) * 100.0 / nullif(count(*) filter (where swing = true), 0) as contact_rate,
    count(*) filter (where swing_and_miss = true) * 100.0
        / nullif(count(*) filter (where swing = true), 0) as whiff_rate,
    count(*) filter (where swing = true and zone > 9) * 100.0 / nullif(count(*) filter (where zone > 9), 0)
        as chase_rate,
    count(*) as pitches_seen
"""
PITCHER_STATS = """
    count(*) filter (where swing_and_miss = true) * 100.0
        / nullif(count(*) filter (where swing = true), 0) as whiff_rate,
    count(*) filter (where zone between 1 and 9) * 100.0 / nullif(count(*), 0) as zone_rate,
    avg(start_speed) filter (where pitch_type in ('FF', 'FA', 'SI') and start_speed is not null) as avg_fb_velo,
    count(*) filter (where launch_speed >= 95) * 100.0
        / nullif(count(*) filter (where launch_speed is not null), 0) as hard_contact_rate,
    count(*) filter (where swing = true and zone > 9) * 100.0 / nullif(count(*) filter (where zone > 9), 0)
        as chase_rate,
    count(*) as pitches_thrown
"""
PLAYER_METRICS = """
    with player_stats as (
        select {stats}, array_agg(distinct level order by level) as levels_included
        from {table}
        where {player} = :mlb_player_id and level = any(:levels) and season = :season
    )
    select * from player_stats where {count} >= :min_pitches
"""
PLAYER_METRICS_BY_DAYS = """
    with player_stats as (
        select {stats}, array_agg(distinct level order by level) as levels_included
        from {table}
        where {player} = :mlb_player_id and level = any(:levels)
            and game_date >= current_date - cast(:days || ' days' as interval)
    )
    select * from player_stats where {count} >= :min_pitches
"""
BATCH_METRICS = """
    with player_stats as (
        select {player}, {stats}, max(level) as level
        from {table}
        where {player} = any(:player_ids) and season = :season
        group by {player}
    )
    select * from player_stats where {count} >= :min_pitches
"""
HITTER_VIEW = """
    select exit_velo_percentiles, hard_hit_percentiles, contact_percentiles, whiff_percentiles, chase_percentiles
    from mv_hitter_percentiles_by_level where level = :level and season = {season}
"""
PITCHER_VIEW = """
    select whiff_percentiles, zone_percentiles, velo_percentiles, hard_contact_percentiles, chase_percentiles
    from mv_pitcher_percentiles_by_level where level = :level and season = {season}
"""
PRELOAD_HITTER_VIEW = """
    select level, exit_velo_percentiles, hard_hit_percentiles, contact_percentiles, whiff_percentiles,
        chase_percentiles
    from mv_hitter_percentiles_by_level where level = any(:levels) and season = {season}
"""
PRELOAD_PITCHER_VIEW = """
    select level, whiff_percentiles, zone_percentiles, velo_percentiles, hard_contact_percentiles, chase_percentiles
    from mv_pitcher_percentiles_by_level where level = any(:levels) and season = {season}
"""
ENHANCED_HITTER = """
    with pitch_data as (
        select * from milb_batter_pitches
        where mlb_batter_id = :mlb_player_id and level = any(:levels) and season = :season
    ),
    basic as (
        select
            count(*) as total_pitches,
            count(*) filter (where swing = true) as swings,
            count(*) filter (where foul = true) as fouls,
            count(*) filter (where contact = true) * 100.0 / nullif(count(*) filter (where swing = true), 0)
                as contact_rate,
            count(*) filter (where contact = true and foul = false) * 100.0 / nullif(count(*), 0) as in_play_rate,
            count(*) filter (where pitch_call = 'B') * 100.0 / nullif(count(*), 0) as ball_rate
        from pitch_data
    ),
    counts as (
        select
            count(*) filter (where contact = true and strikes = 2) * 100.0
                / nullif(count(*) filter (where swing = true and strikes = 2), 0) as two_strike_contact_rate,
            count(*) filter (where swing = true and balls = 0 and strikes = 0) * 100.0
                / nullif(count(*) filter (where balls = 0 and strikes = 0), 0) as first_pitch_swing_rate
        from pitch_data
    )
    select b.*, c.*, coalesce(b.contact_rate, 75) * 0.3 + coalesce(b.ball_rate, 35) * 0.2 as discipline_score
    from basic b, counts c
"""
ENHANCED_PITCHER = """
    with pitch_data as (
        select * from milb_pitcher_pitches
        where mlb_pitcher_id = :mlb_player_id and level = any(:levels) and season = :season
    ),
    basic as (
        select
            count(*) as total_pitches,
            count(*) filter (where zone <= 9) * 100.0 / nullif(count(*), 0) as zone_rate,
            count(*) filter (where foul = true) * 100.0 / nullif(count(*) filter (where swing = true), 0) as foul_rate
        from pitch_data
    ),
    counts as (
        select
            count(*) filter (where swing_and_miss = true and strikes = 2) * 100.0
                / nullif(count(*) filter (where strikes = 2), 0) as two_strike_putaway,
            count(*) filter (where is_strike = true and balls = 0 and strikes = 0) * 100.0
                / nullif(count(*) filter (where balls = 0 and strikes = 0), 0) as first_pitch_strike
        from pitch_data
    )
    select b.*, c.* from basic b, counts c
"""
BATTED_BALLS = """
    with pitch_data as (
        select * from milb_batter_pitches
        where mlb_batter_id = :mlb_player_id and level = any(:levels) and season = :season
    ),
    batted as (
        select
            count(*) filter (where trajectory = 'ground_ball') * 100.0
                / nullif(count(*) filter (where trajectory is not null), 0) as ground_ball_rate,
            count(*) filter (where hardness = 'hard') * 100.0
                / nullif(count(*) filter (where hardness is not null), 0) as hard_hit_rate,
            count(*) filter (where hit_location in (7, 78, 4, 1)) * 100.0
                / nullif(count(*) filter (where hit_location is not null), 0) as pull_rate,
            count(*) filter (where trajectory = 'fly_ball' and hit_location in (7, 78)) * 100.0
                / nullif(count(*) filter (where trajectory = 'fly_ball'), 0) as pull_fly_ball_rate,
            count(*) filter (where hit_location is not null) as with_hit_location,
            count(*) as balls_in_play
        from pitch_data
        where contact = true and foul = false
    )
    select * from batted
"""
SIDES = {
    "hitter": ("milb_batter_pitches", "mlb_batter_id", HITTER_STATS, "pitches_seen", HITTER_MIN_PITCHES),
    "pitcher": ("milb_pitcher_pitches", "mlb_pitcher_id", PITCHER_STATS, "pitches_thrown", PITCHER_MIN_PITCHES),
}


# --- an independent computation of the definitions, in Python ---------------------------------------------


def percentile_cont(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (position - low) * (ordered[high] - ordered[low])


def percent(numerator: int, denominator: int) -> float | None:
    return 100.0 * numerator / denominator if denominator else None


def player_metrics(rows: list[dict[str, Any]], side: str) -> dict[str, float | None]:
    """One player's metrics over his pitches, as the app's services define them."""
    speeds = [r["launch_speed"] for r in rows if r["launch_speed"] is not None]
    swings = sum(1 for r in rows if r["swing"])
    out_of_zone = [r for r in rows if r["zone"] is not None and r["zone"] > 9]
    common = {
        "whiff": percent(sum(1 for r in rows if r["swing_and_miss"]), swings),
        "chase": percent(sum(1 for r in out_of_zone if r["swing"]), len(out_of_zone)),
    }
    hard = percent(sum(1 for s in speeds if s >= 95), len(speeds))
    if side == "hitter":
        return {
            **common,
            "exit_velo": percentile_cont(speeds, 0.9) if speeds else None,
            "hard_hit": hard,
            "contact": percent(sum(1 for r in rows if r["contact"]), swings),
        }
    fastballs = [r["start_speed"] for r in rows if r["pitch_type"] in FASTBALLS and r["start_speed"] is not None]
    return {
        **common,
        "zone": percent(sum(1 for r in rows if r["zone"] is not None and 1 <= r["zone"] <= 9), len(rows)),
        "velo": sum(fastballs) / len(fastballs) if fastballs else None,
        "hard_contact": hard,
    }


def tracking_shares(rows: list[dict[str, Any]]) -> dict[str, float]:
    """A level-season's share of pitches (or balls in play) carrying each tracking field."""
    in_play = [r for r in rows if r["pitch_call"] in BALL_IN_PLAY_CODES]
    return {
        "launch_speed": sum(1 for r in in_play if r["launch_speed"] is not None) / len(in_play) if in_play else 0.0,
        "zone": sum(1 for r in rows if r["zone"] is not None) / len(rows),
        "speed_and_type": sum(1 for r in rows if r["start_speed"] is not None and r["pitch_type"] is not None)
        / len(rows),
    }


TRACKING = {
    "exit_velo": "launch_speed",
    "hard_hit": "launch_speed",
    "hard_contact": "launch_speed",
    "chase": "zone",
    "zone": "zone",
    "velo": "speed_and_type",
}
VIEW_METRICS = {
    "hitter": ("exit_velo", "hard_hit", "contact", "whiff", "chase"),
    "pitcher": ("whiff", "zone", "velo", "hard_contact", "chase"),
}
PITCH_COLUMNS = "level, season, launch_speed, swing, contact, swing_and_miss, zone, start_speed, pitch_type, pitch_call"


def expected_views(
    warehouse: Warehouse, side: str, since: datetime.date | None = None
) -> dict[tuple[str, int], dict[str, Any]]:
    """Each level-season's cohort size and [p10..p90] per metric, from the pitch table alone (the cohort from
    the pitches of ``since`` and later when given; tracking is judged on the whole season)."""
    table, player = SIDES[side][0], SIDES[side][1]
    names = [player, *PITCH_COLUMNS.split(", "), "game_date"]
    pitches = [
        dict(zip(names, row, strict=True))
        for row in warehouse.query(f"select {player}, {PITCH_COLUMNS}, game_date from {ANALYTICS}.{table}")
    ]
    by_level: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    by_player: dict[tuple[str, int, int], list[dict[str, Any]]] = defaultdict(list)
    for pitch in pitches:
        by_level[(pitch["level"], pitch["season"])].append(pitch)
        if since is None or pitch["game_date"] >= since:
            by_player[(pitch["level"], pitch["season"], pitch[player])].append(pitch)
    expected = {}
    for key, rows in by_level.items():
        shares = tracking_shares(rows)
        cohort = [
            player_metrics(player_rows, side)
            for (level, season, _), player_rows in by_player.items()
            if (level, season) == key and len(player_rows) >= SIDES[side][4]
        ]
        arrays: dict[str, list[float] | None] = {}
        for metric in VIEW_METRICS[side]:
            values = [m[metric] for m in cohort if m[metric] is not None]
            gated = metric in TRACKING and shares[TRACKING[metric]] < MIN_TRACKING_SHARE
            arrays[metric] = None if gated or not values else [percentile_cont(values, f) for f in FRACTIONS]
        expected[key] = {"cohort_size": len(cohort), **arrays}
    return expected


def assert_close(actual: Any, expected: Any, what: str) -> None:
    if expected is None:
        assert actual is None, what
        return
    assert actual is not None, what
    if isinstance(expected, list):
        assert len(actual) == len(expected), what
        for a, e in zip(actual, expected, strict=True):
            assert math.isclose(float(a), e, rel_tol=1e-9, abs_tol=1e-9), (what, actual, expected)
        return
    assert math.isclose(float(actual), float(expected), rel_tol=1e-9, abs_tol=1e-9), (what, actual, expected)


def busiest_player(warehouse: Warehouse, side: str) -> int:
    table, player = SIDES[side][0], SIDES[side][1]
    return warehouse.scalar(
        f"select {player} from {ANALYTICS}.{table} where season = {SEASON} group by {player} "
        f"order by count(*) desc, {player} limit 1"
    )


# --- the tests --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("side", ["hitter", "pitcher"])
def test_the_player_queries_run_and_return_the_players_numbers(demo_warehouse: DemoWarehouse, side: str) -> None:
    warehouse = demo_warehouse.warehouse
    table, player, stats, count, min_pitches = SIDES[side]
    player_id = busiest_player(warehouse, side)
    levels = run_as_app(
        warehouse, LEVELS_BY_SEASON.format(table=table, player=player), {"mlb_player_id": player_id, "season": SEASON}
    )
    assert levels and all(n > 0 for _, n in levels)
    level_names = [level for level, _ in levels]
    params = {"mlb_player_id": player_id, "levels": level_names, "season": SEASON, "min_pitches": min_pitches}
    rows = run_as_app(warehouse, PLAYER_METRICS.format(stats=stats, table=table, player=player, count=count), params)
    assert len(rows) == 1
    *values, pitches, levels_included = rows[0]
    assert pitches == sum(n for _, n in levels)
    assert sorted(levels_included) == sorted(level_names)

    names = [player, *PITCH_COLUMNS.split(", ")]
    own = [
        dict(zip(names, row, strict=True))
        for row in warehouse.query(
            f"select {player}, {PITCH_COLUMNS} from {ANALYTICS}.{table} "
            f"where {player} = {player_id} and season = {SEASON}"
        )
    ]
    expected = player_metrics(own, side)
    order = (
        ("exit_velo", "hard_hit", "contact", "whiff", "chase")
        if side == "hitter"
        else ("whiff", "zone", "velo", "hard_contact", "chase")
    )
    for name, value in zip(order, values, strict=True):
        assert_close(value, expected[name], f"{side} {player_id} {name}")

    # The rolling variant and the batch form run too (the demo season is older than the window: no rows).
    assert (
        run_as_app(
            warehouse, LEVELS_BY_DAYS.format(table=table, player=player), {"mlb_player_id": player_id, "days": "60"}
        )
        == []
    )
    by_days = PLAYER_METRICS_BY_DAYS.format(stats=stats, table=table, player=player, count=count)
    by_days_params = {"mlb_player_id": player_id, "levels": level_names, "days": "60", "min_pitches": min_pitches}
    assert run_as_app(warehouse, by_days, by_days_params) == []
    top = [
        r[0]
        for r in warehouse.query(
            f"select {player} from {ANALYTICS}.{table} where season = {SEASON} "
            "group by 1 order by count(*) desc limit 20"
        )
    ]
    batch = run_as_app(
        warehouse,
        BATCH_METRICS.format(stats=stats, table=table, player=player, count=count),
        {"player_ids": top, "season": SEASON, "min_pitches": min_pitches},
    )
    assert player_id in {row[0] for row in batch}
    assert all(row[-2] >= min_pitches for row in batch)


def test_the_enhanced_and_batted_ball_queries_run(demo_warehouse: DemoWarehouse) -> None:
    warehouse = demo_warehouse.warehouse
    hitter, pitcher = busiest_player(warehouse, "hitter"), busiest_player(warehouse, "pitcher")
    hitter_levels = [
        r[0]
        for r in warehouse.query(
            f"select distinct level from {ANALYTICS}.milb_batter_pitches where mlb_batter_id = {hitter}"
        )
    ]
    pitcher_levels = [
        r[0]
        for r in warehouse.query(
            f"select distinct level from {ANALYTICS}.milb_pitcher_pitches where mlb_pitcher_id = {pitcher}"
        )
    ]
    hitter_params = {"mlb_player_id": hitter, "levels": hitter_levels, "season": SEASON}
    (enhanced,) = run_as_app(warehouse, ENHANCED_HITTER, hitter_params)
    total, swings, fouls = enhanced[:3]
    assert total >= HITTER_MIN_PITCHES and 0 < fouls < swings < total
    assert all(value is not None for value in enhanced)
    (batted,) = run_as_app(warehouse, BATTED_BALLS, hitter_params)
    assert batted[-1] > 0 and batted[-2] > 0 and batted[2] is not None  # balls in play, hit locations, pull %
    (pitching,) = run_as_app(
        warehouse, ENHANCED_PITCHER, {"mlb_player_id": pitcher, "levels": pitcher_levels, "season": SEASON}
    )
    assert pitching[0] >= PITCHER_MIN_PITCHES and all(value is not None for value in pitching)


@pytest.mark.parametrize("side", ["hitter", "pitcher"])
def test_the_percentile_views_equal_their_definition(demo_warehouse: DemoWarehouse, side: str) -> None:
    warehouse = demo_warehouse.warehouse
    metrics = VIEW_METRICS[side]
    rows = warehouse.query(
        f"select level, season, num_{side}s, cohort_size, {', '.join(m + '_percentiles' for m in metrics)} "
        f"from {ANALYTICS}.mv_{side}_percentiles_by_level"
    )
    expected = expected_views(warehouse, side)
    assert {(level, season) for level, season, *_ in rows} == set(expected)
    published = 0
    for level, season, num_players, cohort_size, *arrays in rows:
        want = expected[(level, season)]
        assert num_players == cohort_size == want["cohort_size"], (level, season)
        for metric, array in zip(metrics, arrays, strict=True):
            assert_close(array, want[metric], f"{side} {level} {season} {metric}")
            if array is not None:
                assert len(array) == 5 and list(array) == sorted(array)
                published += 1
    assert published > 0

    # The app's look-ups by level (one, or several at once) find one row per level-season.
    view, preload = (HITTER_VIEW, PRELOAD_HITTER_VIEW) if side == "hitter" else (PITCHER_VIEW, PRELOAD_PITCHER_VIEW)
    level = max(expected, key=lambda key: expected[key]["cohort_size"])[0]
    (row,) = run_as_app(warehouse, view.format(season=":season"), {"level": level, "season": SEASON})
    assert any(array is not None and len(array) == 5 for array in row)
    levels = sorted({lvl for lvl, _ in expected})
    assert len(run_as_app(warehouse, preload.format(season=":season"), {"levels": levels, "season": SEASON})) == len(
        levels
    )
    # As the app writes it, against the current year: runs (no row for the generated 2025 season today).
    run_as_app(warehouse, view.format(season="extract(year from current_date)"), {"level": level})
    run_as_app(warehouse, preload.format(season="extract(year from current_date)"), {"levels": levels})


def test_the_rolling_window_var_gives_the_last_days_cohort(demo_warehouse: DemoWarehouse) -> None:
    """var('app_percentile_window_days'): the cohort from the last N days of game_date (the app's rolling form)."""
    warehouse = demo_warehouse.warehouse
    first, last = warehouse.query(f"select min(game_date), max(game_date) from {ANALYTICS}.int_pitches")[0]
    midpoint = first + (last - first) / 2
    days = (datetime.date.today() - midpoint).days
    views = ["mv_hitter_percentiles_by_level", "mv_pitcher_percentiles_by_level"]
    # --full-refresh: dbt would only refresh an existing materialized view, keeping its old SQL.
    rebuild = ("run", "--full-refresh", "--select", *views)
    warehouse.dbt(*rebuild, "--vars", f"{{app_percentile_window_days: {days}}}")
    try:
        since = datetime.date.today() - datetime.timedelta(days=days)
        for side in ("hitter", "pitcher"):
            expected = expected_views(warehouse, side, since)
            whole_season = expected_views(warehouse, side)
            rows = warehouse.query(
                f"select level, season, cohort_size, whiff_percentiles from {ANALYTICS}.mv_{side}_percentiles_by_level"
            )
            for level, season, cohort_size, whiff in rows:
                assert cohort_size == expected[(level, season)]["cohort_size"], (side, level)
                assert_close(whiff, expected[(level, season)]["whiff"], f"{side} {level} rolling whiff")
            assert sum(r[2] for r in rows) < sum(v["cohort_size"] for v in whole_season.values())
    finally:
        warehouse.dbt(*rebuild)


# The app's DDL (milb_batter_pitches / milb_pitcher_pitches): every column it declares, with its type.
APP_COLUMN_TYPES = {
    **dict.fromkeys(
        [
            "mlb_batter_id",
            "mlb_pitcher_id",
            "season",
            "at_bat_index",
            "pitch_number",
            "inning",
            "zone",
            "balls",
            "strikes",
            "outs",
        ],
        "integer",
    ),
    "game_pk": "bigint",
    "game_date": "date",
    **dict.fromkeys(
        [
            "level",
            "half_inning",
            "pitch_type",
            "pitch_type_description",
            "pitch_call",
            "pitch_result",
            "pa_result",
            "pa_result_description",
            "trajectory",
            "hardness",
        ],
        "text",
    ),
    **dict.fromkeys(
        [
            "start_speed",
            "end_speed",
            "pfx_x",
            "pfx_z",
            "release_pos_x",
            "release_pos_y",
            "release_pos_z",
            "release_extension",
            "spin_rate",
            "spin_direction",
            "plate_x",
            "plate_z",
            "launch_speed",
            "launch_angle",
            "total_distance",
            "coord_x",
            "coord_y",
        ],
        "double",
    ),
    **dict.fromkeys(["is_strike", "swing", "contact", "swing_and_miss", "foul", "is_final_pitch"], "boolean"),
    "hit_location": "integer",
}
TYPE_NAMES = {
    "integer": {"integer", "INTEGER"},
    "bigint": {"bigint", "BIGINT"},
    "date": {"date", "DATE"},
    "text": {"character varying", "text", "VARCHAR"},
    "double": {"double precision", "DOUBLE"},
    "boolean": {"boolean", "BOOLEAN"},
}


@pytest.mark.parametrize("table", ["milb_batter_pitches", "milb_pitcher_pitches"])
def test_the_pitch_tables_have_the_apps_columns_and_types(demo_warehouse: DemoWarehouse, table: str) -> None:
    columns = dict(
        demo_warehouse.warehouse.query(
            "select column_name, data_type from information_schema.columns "
            f"where table_schema = 'analytics' and table_name = '{table}'"
        )
    )
    for column, kind in APP_COLUMN_TYPES.items():
        assert column in columns, column
        assert columns[column] in TYPE_NAMES[kind], (column, columns[column])


def test_the_views_are_materialized_with_a_unique_level_season_index(demo_postgres: DemoWarehouse) -> None:
    warehouse = demo_postgres.warehouse
    for view in ("mv_hitter_percentiles_by_level", "mv_pitcher_percentiles_by_level"):
        assert warehouse.scalar(f"select count(*) from pg_matviews where matviewname = '{view}'") == 1
        indexes = warehouse.query(f"select indexdef from pg_indexes where tablename = '{view}'")
        assert any("UNIQUE" in d and "(level, season)" in d for (d,) in indexes), indexes
        kinds = dict(
            warehouse.query(
                "select a.attname, format_type(a.atttypid, a.atttypmod) from pg_attribute a "
                f"where a.attrelid = '{ANALYTICS}.{view}'::regclass and a.attnum > 0"
            )
        )
        assert {k for n, k in kinds.items() if n.endswith("_percentiles")} == {"double precision[]"}


# --- the call-code flags, release point and ids on a recorded real feed ------------------------------------

REAL_GAME = 718096  # has foul tips (T) and a foul bunt (L)
# No recorded feed has a missed bunt or a pitchout: three of its pitches are given those calls in a copy.
REWRITTEN_CALLS = {"M": "Missed Bunt", "P": "Pitchout", "Q": "Swinging Pitchout"}


def pitch_codes() -> dict[str, dict[str, bool]]:
    with (DBT_DIR / "seeds" / "pitch_codes.csv").open(encoding="utf-8") as seed:
        return {
            row["code"]: {flag: row[flag] == "true" for flag in ("is_swing", "is_contact", "is_whiff", "is_foul")}
            for row in csv.DictReader(seed)
        }


@pytest.fixture(scope="module", params=["duckdb", "postgres"])
def real_feed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, shared_statsapi: Path
) -> Iterator[tuple[Warehouse, dict[str, Any]]]:
    """The real game, three calls rewritten, loaded and built up to the pitch tables once per engine."""
    feed = json.loads(
        (shared_statsapi / "api" / "v1.1" / "game" / str(REAL_GAME) / "feed" / "live.json").read_text("utf-8")
    )
    balls = [
        event
        for play in feed["liveData"]["plays"]["allPlays"]
        for event in play["playEvents"]
        if event.get("isPitch") and event["details"].get("call", {}).get("code") == "B"
    ]
    for event, (code, description) in zip(balls, REWRITTEN_CALLS.items(), strict=False):
        event["details"]["call"] = {"code": code, "description": description}
    tmp = tmp_path_factory.mktemp(f"app-real-{request.param}")
    served = tmp / "served"
    path = served / "api" / "v1.1" / "game" / str(REAL_GAME) / "feed" / "live.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(feed), encoding="utf-8")
    for warehouse in make_warehouse(request.param, tmp):
        with replay_server(served) as base_url:
            warehouse.load("--season", "2023", "--games", str(REAL_GAME), "--base-url", base_url)
        warehouse.dbt(
            "build",
            "--select",
            "+milb_batter_pitches",
            "+milb_pitcher_pitches",
            "--exclude-resource-type",
            "test",
            "--exclude-resource-type",
            "unit_test",
        )
        yield warehouse, feed


def test_flags_are_the_call_codes_of_pitch_codes(real_feed: tuple[Warehouse, dict[str, Any]]) -> None:
    warehouse, _ = real_feed
    codes = pitch_codes()
    rows = warehouse.query(
        f"select pitch_call, swing, contact, swing_and_miss, foul from {ANALYTICS}.milb_batter_pitches"
    )
    seen = {call for call, *_ in rows}
    assert {"T", "L", "F", "S", "X", *REWRITTEN_CALLS} <= seen
    for call, swing, contact, whiff, foul in rows:
        flags = codes[call]
        assert (swing, contact, whiff, foul) == (
            flags["is_swing"],
            flags["is_contact"],
            flags["is_whiff"],
            flags["is_foul"],
        ), call
    by_code = {call: flags for call, *flags in rows}
    assert by_code["T"] == [True, False, True, False]  # a foul tip is a swing and miss, not a foul
    assert by_code["M"] == [True, False, True, False]  # a missed bunt too
    assert by_code["P"] == [False, False, False, False]  # a pitchout is taken
    assert by_code["Q"] == [True, False, True, False]
    assert by_code["L"] == [True, True, False, True]


def test_ids_results_and_release_point_come_from_the_feed(real_feed: tuple[Warehouse, dict[str, Any]]) -> None:
    warehouse, feed = real_feed
    expected_ids, descriptions, extensions = {}, {}, {}
    for play in feed["liveData"]["plays"]["allPlays"]:
        pitches = [e for e in play["playEvents"] if e.get("isPitch")]
        for event in pitches:
            key = (play["atBatIndex"], event["pitchNumber"])
            expected_ids[key] = event["playId"]
            extensions[key] = event["pitchData"].get("extension")
        if pitches and play["about"].get("isComplete"):
            descriptions[(play["atBatIndex"], pitches[-1]["pitchNumber"])] = play["result"]["description"]
    rows = warehouse.query(
        "select at_bat_index, pitch_number, pitch_id, pa_result_description, release_pos_x, release_pos_y, "
        f"release_pos_z, release_extension from {ANALYTICS}.milb_pitcher_pitches"
    )
    assert {(ab, n): pitch_id for ab, n, pitch_id, *_ in rows} == expected_ids
    assert {(ab, n): d for ab, n, _, d, *_ in rows if d is not None} == descriptions
    with_release = 0
    for ab, n, _, _, x, y, z, extension in rows:
        if extensions[(ab, n)] is None:
            assert (x, y, z) == (None, None, None)
            continue
        with_release += 1
        assert math.isclose(y, 60.5 - extension)
        assert abs(x) < 4.5 and 3.5 < z < 8  # feet: a real release point, not the 50-ft position
    assert with_release > 0.9 * len(rows)


# The enhanced services' count and batted-ball numbers, on the real feed: the count before each pitch, the
# strike flag and the hit data are the feed's own, so each player's number follows from the feed alone.
AHEAD = {(1, 0), (2, 0), (2, 1), (3, 0), (3, 1)}  # the hitter's counts, as the services list them
BEHIND = {(0, 1), (0, 2), (1, 2)}
HITTER_COUNTS_AND_BATTED = """
    with pitch_data as (
        select * from milb_batter_pitches
        where mlb_batter_id = :mlb_player_id and level = any(:levels) and season = :season
    ),
    counts as (
        select
            count(*) filter (where swing = true and strikes = 2) * 100.0
                / nullif(count(*) filter (where strikes = 2), 0) as two_strike_swing_rate,
            count(*) filter (where swing = true and balls = 0 and strikes = 0) * 100.0
                / nullif(count(*) filter (where balls = 0 and strikes = 0), 0) as first_pitch_swing_rate,
            count(*) filter (where swing = true and ((balls = 1 and strikes = 0) or (balls = 2 and strikes = 0)
                or (balls = 2 and strikes = 1) or (balls = 3 and strikes = 0) or (balls = 3 and strikes = 1)))
                * 100.0 / nullif(count(*) filter (where (balls = 1 and strikes = 0) or (balls = 2 and strikes = 0)
                or (balls = 2 and strikes = 1) or (balls = 3 and strikes = 0) or (balls = 3 and strikes = 1)), 0)
                as ahead_swing_rate,
            count(*) filter (where contact = true and ((balls = 0 and strikes = 1) or (balls = 0 and strikes = 2)
                or (balls = 1 and strikes = 2))) * 100.0 / nullif(count(*) filter (where swing = true and (
                (balls = 0 and strikes = 1) or (balls = 0 and strikes = 2) or (balls = 1 and strikes = 2))), 0)
                as behind_contact_rate,
            count(*) filter (where pitch_call = 'B') * 100.0 / nullif(count(*), 0) as ball_rate
        from pitch_data
    ),
    batted as (
        select
            count(*) filter (where trajectory = 'line_drive') * 100.0
                / nullif(count(*) filter (where trajectory is not null), 0) as line_drive_rate,
            count(*) filter (where trajectory = 'popup') * 100.0
                / nullif(count(*) filter (where trajectory is not null), 0) as popup_rate,
            count(*) filter (where hardness = 'soft') * 100.0
                / nullif(count(*) filter (where hardness is not null), 0) as soft_hit_rate,
            count(*) filter (where hit_location in (8, 5, 2)) * 100.0
                / nullif(count(*) filter (where hit_location is not null), 0) as center_rate,
            count(*) filter (where hit_location in (9, 89, 6, 3)) * 100.0
                / nullif(count(*) filter (where hit_location is not null), 0) as oppo_rate,
            count(*) filter (where hit_location is not null) as with_hit_location
        from pitch_data
        where contact = true and foul = false
    )
    select c.*, b.* from counts c, batted b
"""
PITCHER_COUNTS = """
    with pitch_data as (
        select * from milb_pitcher_pitches
        where mlb_pitcher_id = :mlb_player_id and level = any(:levels) and season = :season
    )
    select
        count(*) as total_pitches,
        count(*) filter (where swing_and_miss = true and strikes = 2) * 100.0
            / nullif(count(*) filter (where strikes = 2), 0) as two_strike_putaway,
        count(*) filter (where is_strike = true and balls = 0 and strikes = 0) * 100.0
            / nullif(count(*) filter (where balls = 0 and strikes = 0), 0) as first_pitch_strike,
        count(*) filter (where zone <= 9 and ((balls = 0 and strikes = 1) or (balls = 0 and strikes = 2)
            or (balls = 1 and strikes = 2))) * 100.0 / nullif(count(*) filter (where (balls = 0 and strikes = 1)
            or (balls = 0 and strikes = 2) or (balls = 1 and strikes = 2)), 0) as ahead_control
    from pitch_data
"""


def feed_pitches(feed: dict[str, Any]) -> list[dict[str, Any]]:
    """Every pitch of the feed with what the app's count and batted-ball numbers read, taken from the feed:
    the count before it (the previous event's count in the plate appearance, 0-0 first), its pitcher (a
    pitching change inside a plate appearance hands the later pitches to the new pitcher) and its hit data."""
    codes = pitch_codes()
    pitches = []
    pitcher_of_side: dict[str, int] = {}
    for play in feed["liveData"]["plays"]["allPlays"]:
        side = play["about"]["halfInning"]
        matchup_pitcher = play["matchup"]["pitcher"]["id"]
        pitcher = pitcher_of_side.get(side, matchup_pitcher)
        balls = strikes = 0
        for event in play["playEvents"]:
            details = event.get("details", {})
            if details.get("eventType") == "pitching_substitution" and event.get("player"):
                pitcher = event["player"]["id"]
            if event.get("isPitch"):
                call = details.get("call", {}).get("code")
                flags = codes.get(call)
                hit = event.get("hitData") or {}
                location = hit.get("location")
                pitches.append(
                    {
                        "batter": play["matchup"]["batter"]["id"],
                        "pitcher": pitcher,
                        "balls": balls,
                        "strikes": strikes,
                        "call": call,
                        "swing": flags["is_swing"] if flags else None,
                        "contact": flags["is_contact"] if flags else None,
                        "whiff": flags["is_whiff"] if flags else None,
                        "foul": flags["is_foul"] if flags else None,
                        "is_strike": details.get("isStrike"),
                        "zone": (event.get("pitchData") or {}).get("zone"),
                        "trajectory": hit.get("trajectory"),
                        "hardness": hit.get("hardness"),
                        "location": int(location) if str(location).isdigit() else None,
                    }
                )
            if event.get("count"):
                balls, strikes = event["count"]["balls"], event["count"]["strikes"]
        pitcher_of_side[side] = matchup_pitcher
    return pitches


def share(rows: list[dict[str, Any]], hit: Any, among: Any = lambda _: True) -> float | None:
    """100 x rows meeting ``hit`` among those meeting ``among`` (None when none do), as the services divide."""
    pool = [r for r in rows if among(r)]
    return percent(sum(1 for r in pool if hit(r)), len(pool))


def test_the_count_and_batted_ball_numbers_follow_from_the_feed(real_feed: tuple[Warehouse, dict[str, Any]]) -> None:
    warehouse, feed = real_feed
    pitches = feed_pitches(feed)
    season = int(feed["gameData"]["game"]["season"])
    levels = [level for (level,) in warehouse.query(f"select distinct level from {ANALYTICS}.milb_batter_pitches")]
    count = lambda r: (r["balls"], r["strikes"])  # noqa: E731
    batters = sorted({p["batter"] for p in pitches})
    for batter in batters:
        own = [p for p in pitches if p["batter"] == batter]
        in_play = [p for p in own if p["contact"] and p["foul"] is False]
        params = {"mlb_player_id": batter, "levels": levels, "season": season}
        (row,) = run_as_app(warehouse, HITTER_COUNTS_AND_BATTED, params)
        expected = [
            share(own, lambda r: r["swing"], lambda r: r["strikes"] == 2),
            share(own, lambda r: r["swing"], lambda r: count(r) == (0, 0)),
            share(own, lambda r: r["swing"], lambda r: count(r) in AHEAD),
            share(own, lambda r: r["contact"], lambda r: r["swing"] and count(r) in BEHIND),
            share(own, lambda r: r["call"] == "B"),
            share(in_play, lambda r: r["trajectory"] == "line_drive", lambda r: r["trajectory"] is not None),
            share(in_play, lambda r: r["trajectory"] == "popup", lambda r: r["trajectory"] is not None),
            share(in_play, lambda r: r["hardness"] == "soft", lambda r: r["hardness"] is not None),
            share(in_play, lambda r: r["location"] in (8, 5, 2), lambda r: r["location"] is not None),
            share(in_play, lambda r: r["location"] in (9, 89, 6, 3), lambda r: r["location"] is not None),
            sum(1 for r in in_play if r["location"] is not None),
        ]
        for index, (value, want) in enumerate(zip(row, expected, strict=True)):
            assert_close(value, want, f"batter {batter} column {index}")
    assert any(p["location"] == 89 for p in pitches)  # a two-digit zone is read as one integer

    for pitcher in sorted({p["pitcher"] for p in pitches}):
        own = [p for p in pitches if p["pitcher"] == pitcher]
        params = {"mlb_player_id": pitcher, "levels": levels, "season": season}
        (row,) = run_as_app(warehouse, PITCHER_COUNTS, params)
        expected = [
            len(own),
            share(own, lambda r: r["whiff"], lambda r: r["strikes"] == 2),
            share(own, lambda r: r["is_strike"], lambda r: count(r) == (0, 0)),
            share(own, lambda r: r["zone"] is not None and r["zone"] <= 9, lambda r: count(r) in BEHIND),
        ]
        for index, (value, want) in enumerate(zip(row, expected, strict=True)):
            assert_close(value, want, f"pitcher {pitcher} column {index}")
