"""``make report``: one self-contained HTML page on how complete the warehouse is.

Four plots, each with the table of its numbers: coverage by level, the players furthest from complete,
pitches per plate appearance by level, and tracking fidelity by level. The page has its CSS and SVG inline
and loads nothing, so it opens from a file, offline, or as a mail attachment. Every number in it is also
written, unrounded, into ``data-*`` attributes of the plot's bars and of the table's rows.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from html import escape
from pathlib import Path
from typing import Any

import click

from loader.settings import VAR_DIR
from tools.coverage import level_order
from tools.svg import Series, bar_chart, data_attributes
from tools.warehouse import TARGETS, WarehouseError, WarehouseReader, generated_data_notice, open_warehouse

DEFAULT_OUT = VAR_DIR / "report.html"
TOP_PLAYERS = 20


@dataclass
class PlayerLevelCoverage:
    """One row of ``milb_player_coverage``: a tracked player's season at a level, in one role."""

    player_id: int
    full_name: str
    stat_group: str
    season: int
    level: str
    games_logged: int
    games_loaded: int
    games_missing: int
    expected_pitches: int
    pitches_loaded: int
    missing_pitches: int


@dataclass
class CoverageSum:
    """Sums over player-level rows (a level, a player-season, the whole warehouse)."""

    players: set[int] = field(default_factory=set)
    levels: set[str] = field(default_factory=set)
    games_logged: int = 0
    games_loaded: int = 0
    games_missing: int = 0
    expected_pitches: int = 0
    pitches_loaded: int = 0
    missing_pitches: int = 0

    @property
    def coverage_pct(self) -> float | None:
        return 100.0 * self.pitches_loaded / self.expected_pitches if self.expected_pitches else None

    def add(self, row: PlayerLevelCoverage) -> None:
        self.players.add(row.player_id)
        self.levels.add(row.level)
        self.games_logged += row.games_logged
        self.games_loaded += row.games_loaded
        self.games_missing += row.games_missing
        self.expected_pitches += row.expected_pitches
        self.pitches_loaded += row.pitches_loaded
        self.missing_pitches += row.missing_pitches


@dataclass
class LevelCoverageRow:
    season: int
    level: str
    coverage: CoverageSum


@dataclass
class PlayerRow:
    player_id: int
    full_name: str
    stat_group: str
    season: int
    coverage: CoverageSum


@dataclass
class PitchesPerPaRow:
    season: int
    level: str
    pitches: int
    plate_appearances: int
    pitches_per_pa: float | None


@dataclass
class FidelityRow:
    season: int
    level: str
    pitches: int
    speed_pct: float | None
    spin_pct: float | None
    location_pct: float | None
    balls_in_play: int
    launch_speed_pct: float | None


@dataclass
class ReportData:
    description: str
    generated_at: datetime
    tracked_players: int
    totals: CoverageSum
    coverage_by_level: list[LevelCoverageRow]
    furthest_from_complete: list[PlayerRow]
    pitches_per_pa: list[PitchesPerPaRow]
    tracking_fidelity: list[FidelityRow]
    generated_notice: str | None = None


def _pct(share: Any) -> float | None:
    """A mart's share (0-1) as a percentage."""
    return None if share is None else 100.0 * float(share)


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _by_level_key(row: Any) -> tuple[int, int]:
    return (row.season, level_order(row.level))


def player_level_coverage(reader: WarehouseReader) -> list[PlayerLevelCoverage]:
    """The rows of ``milb_player_coverage``."""
    rows = reader.rows(f"""
        select
            player_id,
            full_name,
            stat_group,
            season,
            level,
            games_in_logs,
            games_loaded,
            games_missing,
            expected_pitches,
            loaded_pitches,
            missing_pitches
        from {reader.analytics}.milb_player_coverage
    """)
    return [
        PlayerLevelCoverage(
            player_id=int(row["player_id"]),
            full_name=row["full_name"] or f"player {row['player_id']}",
            stat_group=row["stat_group"],
            season=int(row["season"]),
            level=row["level"] or "?",
            games_logged=int(row["games_in_logs"] or 0),
            games_loaded=int(row["games_loaded"] or 0),
            games_missing=int(row["games_missing"] or 0),
            expected_pitches=int(row["expected_pitches"] or 0),
            pitches_loaded=int(row["loaded_pitches"] or 0),
            missing_pitches=int(row["missing_pitches"] or 0),
        )
        for row in rows
    ]


def summarize_coverage(rows: list[PlayerLevelCoverage]) -> tuple[list[LevelCoverageRow], list[PlayerRow], CoverageSum]:
    """Coverage by season and level, the player-seasons missing the most pitches, and the totals."""
    by_level: dict[tuple[int, str], CoverageSum] = {}
    by_player: dict[tuple[int, str, int], tuple[str, CoverageSum]] = {}
    totals = CoverageSum()
    for row in rows:
        by_level.setdefault((row.season, row.level), CoverageSum()).add(row)
        by_player.setdefault((row.player_id, row.stat_group, row.season), (row.full_name, CoverageSum()))[1].add(row)
        totals.add(row)
    levels = sorted(
        (LevelCoverageRow(season, level, coverage) for (season, level), coverage in by_level.items()),
        key=_by_level_key,
    )
    players = sorted(
        (
            PlayerRow(player_id, name, stat_group, season, coverage)
            for (player_id, stat_group, season), (name, coverage) in by_player.items()
            if coverage.missing_pitches > 0
        ),
        key=lambda row: (-row.coverage.missing_pitches, row.full_name, row.season, row.stat_group),
    )
    return levels, players[:TOP_PLAYERS], totals


def pitches_per_pa(reader: WarehouseReader) -> list[PitchesPerPaRow]:
    """Pitches over plate appearances by season and level, over every loaded game (``milb_plate_appearances``:
    a pitchless plate appearance, an automatic intentional walk, counts too)."""
    rows = reader.rows(f"""
        select
            season,
            level,
            sum(pitch_count) as pitches,
            sum(case when is_plate_appearance then 1 else 0 end) as plate_appearances
        from {reader.analytics}.milb_plate_appearances
        group by season, level
    """)
    result = [
        PitchesPerPaRow(
            season=int(row["season"]),
            level=row["level"],
            pitches=int(row["pitches"] or 0),
            plate_appearances=int(row["plate_appearances"] or 0),
            pitches_per_pa=_ratio(int(row["pitches"] or 0), int(row["plate_appearances"] or 0)),
        )
        for row in rows
    ]
    return sorted(result, key=_by_level_key)


def tracking_fidelity(reader: WarehouseReader) -> list[FidelityRow]:
    """``milb_tracking_fidelity``: shares of pitches with a speed, a spin rate and a plate location, and of
    balls in play with a launch speed, per level-season."""
    rows = reader.rows(f"""
        select
            season,
            level,
            pitches,
            share_with_speed,
            share_with_spin,
            share_with_location,
            balls_in_play,
            share_of_balls_in_play_with_launch_speed
        from {reader.analytics}.milb_tracking_fidelity
    """)
    result = [
        FidelityRow(
            season=int(row["season"]),
            level=row["level"],
            pitches=int(row["pitches"] or 0),
            speed_pct=_pct(row["share_with_speed"]),
            spin_pct=_pct(row["share_with_spin"]),
            location_pct=_pct(row["share_with_location"]),
            balls_in_play=int(row["balls_in_play"] or 0),
            launch_speed_pct=_pct(row["share_of_balls_in_play_with_launch_speed"]),
        )
        for row in rows
    ]
    return sorted(result, key=_by_level_key)


MARTS = ("milb_player_coverage", "milb_plate_appearances", "milb_tracking_fidelity")


def gather(reader: WarehouseReader) -> ReportData:
    """Every number of the page, read from the marts."""
    reader.require_models(*MARTS)
    levels, players, totals = summarize_coverage(player_level_coverage(reader))
    tracked = reader.rows(f"select count(*) as players from {reader.raw}.tracked_players")[0]["players"]
    return ReportData(
        description=reader.description,
        generated_at=datetime.now(timezone.utc),
        tracked_players=int(tracked),
        totals=totals,
        coverage_by_level=levels,
        furthest_from_complete=players,
        pitches_per_pa=pitches_per_pa(reader),
        tracking_fidelity=tracking_fidelity(reader),
        generated_notice=generated_data_notice(reader),
    )


# ---------------------------------------------------------------- rendering

CSS = """
:root { --ink: #1d2733; --muted: #5b6775; --line: #d8dee6; --bg: #f6f8fa; --blue: #2f6fb3; --teal: #2a9d8f;
        --amber: #d08c1f; --red: #c0483b; --violet: #7a5bb5; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       background: var(--bg); }
main { max-width: 1000px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 4px; }
p.meta, p.note { color: var(--muted); margin: 0 0 12px; }
p.generated { background: #fff4d6; border: 1px solid var(--amber); border-radius: 6px; padding: 8px 12px;
              margin: 8px 0 12px; font-weight: 600; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 18px 20px; margin: 18px 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 18px 0; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card .value { font-size: 22px; font-weight: 600; }
.card .label { color: var(--muted); font-size: 12px; }
svg.chart { max-width: 100%; height: auto; display: block; margin: 8px 0 14px; font-size: 12px; }
svg.chart text { fill: var(--ink); }
svg.chart text.tick { fill: var(--muted); font-size: 11px; }
svg.chart line.grid { stroke: var(--line); }
svg.chart line.axis { stroke: var(--muted); }
svg.chart .s-coverage { fill: var(--blue); }
svg.chart .s-missing { fill: var(--red); }
svg.chart .s-ppa { fill: var(--teal); }
svg.chart .s-speed { fill: var(--blue); }
svg.chart .s-spin { fill: var(--teal); }
svg.chart .s-location { fill: var(--amber); }
svg.chart .s-launch { fill: var(--violet); }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
.table-wrap { overflow-x: auto; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th { white-space: normal; vertical-align: bottom; }
th:first-child, td:first-child, th.text, td.text { text-align: left; }
th { color: var(--muted); font-weight: 600; }
details summary { cursor: pointer; color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
"""


def _fmt_int(value: int) -> str:
    return f"{value:,}"


def _fmt_pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}%"


def _fmt_ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _coverage_label(coverage: CoverageSum) -> str:
    loaded, expected = _fmt_int(coverage.pitches_loaded), _fmt_int(coverage.expected_pitches)
    return f"{_fmt_pct(coverage.coverage_pct)} ({loaded} of {expected})"


def _missing_label(coverage: CoverageSum) -> str:
    return f"{_fmt_int(coverage.missing_pitches)} missing ({_fmt_pct(coverage.coverage_pct)} loaded)"


def _level_label(season: int, level: str, seasons: set[int]) -> str:
    return level if len(seasons) == 1 else f"{season} {level}"


def _season_level(row: Any) -> dict[str, object]:
    return {"season": row.season, "level": row.level}


def _series(
    name: str,
    css_class: str,
    labels: list[str],
    rows: list[Any],
    value: Callable[[Any], float | None],
    text: Callable[[Any], str],
    data: Callable[[Any], dict[str, object]] = _season_level,
) -> Series:
    """A chart series over report rows, one bar per row under the row's label."""
    pairs = list(zip(labels, rows, strict=True))
    return Series(
        name,
        css_class,
        {label: value(row) for label, row in pairs},
        labels={label: text(row) for label, row in pairs},
        data={label: data(row) for label, row in pairs},
    )


def _table(name: str, headers: list[tuple[str, bool]], rows: list[tuple[dict[str, object], list[str]]]) -> str:
    """A table whose rows carry their exact numbers as data-* attributes; headers are (title, is_text)."""
    text = ' class="text"'
    head = "".join(f"<th{text if is_text else ''}>{escape(h)}</th>" for h, is_text in headers)
    body = []
    for data, cells in rows:
        tds = "".join(
            f"<td{text if is_text else ''}>{escape(cell)}</td>"
            for (_, is_text), cell in zip(headers, cells, strict=True)
        )
        body.append(f"<tr{data_attributes(data)}>{tds}</tr>")
    return f'<table data-table="{escape(name)}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _coverage_section(data: ReportData) -> str:
    rows = data.coverage_by_level
    if not rows:
        return _empty_section("coverage-by-level", "Coverage by level", "No tracked player has a game log yet.")
    seasons = {row.season for row in rows}
    labels = [_level_label(row.season, row.level, seasons) for row in rows]
    chart = bar_chart(
        "coverage-by-level",
        "Pitches loaded as a share of the pitches the game logs count, by level",
        labels,
        [
            _series(
                "coverage",
                "s-coverage",
                labels,
                rows,
                lambda row: row.coverage.coverage_pct,
                lambda row: _coverage_label(row.coverage),
            )
        ],
        max_value=100,
        unit="%",
    )
    table = _table(
        "coverage-by-level",
        [
            ("season", True),
            ("level", True),
            ("players", False),
            ("games in logs", False),
            ("games loaded", False),
            ("games missing", False),
            ("expected pitches", False),
            ("pitches loaded", False),
            ("missing pitches", False),
            ("coverage", False),
        ],
        [
            (
                {
                    "season": row.season,
                    "level": row.level,
                    "players": len(row.coverage.players),
                    "games-logged": row.coverage.games_logged,
                    "games-loaded": row.coverage.games_loaded,
                    "games-missing": row.coverage.games_missing,
                    "expected-pitches": row.coverage.expected_pitches,
                    "pitches-loaded": row.coverage.pitches_loaded,
                    "missing-pitches": row.coverage.missing_pitches,
                    "coverage-pct": row.coverage.coverage_pct,
                },
                [
                    str(row.season),
                    row.level,
                    _fmt_int(len(row.coverage.players)),
                    _fmt_int(row.coverage.games_logged),
                    _fmt_int(row.coverage.games_loaded),
                    _fmt_int(row.coverage.games_missing),
                    _fmt_int(row.coverage.expected_pitches),
                    _fmt_int(row.coverage.pitches_loaded),
                    _fmt_int(row.coverage.missing_pitches),
                    _fmt_pct(row.coverage.coverage_pct),
                ],
            )
            for row in rows
        ],
    )
    return _section(
        "coverage-by-level",
        "Coverage by level",
        "Tracked players' pitches loaded against the pitches their game logs count (numberOfPitches), "
        "hitters' pitches seen and pitchers' pitches thrown together, at the level each log puts the game.",
        chart,
        table,
    )


def _players_section(data: ReportData) -> str:
    rows = data.furthest_from_complete
    if not rows:
        return _empty_section(
            "furthest-from-complete",
            "Players furthest from complete",
            "Every tracked player's logged pitches are loaded.",
        )
    labels = [f"{row.full_name} ({'P' if row.stat_group == 'pitching' else 'H'}, {row.season})" for row in rows]
    chart = bar_chart(
        "furthest-from-complete",
        f"The {len(rows)} player-seasons missing the most pitches",
        labels,
        [
            _series(
                "missing pitches",
                "s-missing",
                labels,
                rows,
                lambda row: float(row.coverage.missing_pitches),
                lambda row: _missing_label(row.coverage),
                lambda row: {"player-id": row.player_id, "stat-group": row.stat_group, "season": row.season},
            )
        ],
        label_width=230,
    )
    table = _table(
        "furthest-from-complete",
        [
            ("player", True),
            ("id", True),
            ("role", True),
            ("season", True),
            ("levels", True),
            ("games missing", False),
            ("expected pitches", False),
            ("pitches loaded", False),
            ("missing pitches", False),
            ("coverage", False),
        ],
        [
            (
                {
                    "player-id": row.player_id,
                    "stat-group": row.stat_group,
                    "season": row.season,
                    "games-missing": row.coverage.games_missing,
                    "expected-pitches": row.coverage.expected_pitches,
                    "pitches-loaded": row.coverage.pitches_loaded,
                    "missing-pitches": row.coverage.missing_pitches,
                    "coverage-pct": row.coverage.coverage_pct,
                },
                [
                    row.full_name,
                    str(row.player_id),
                    "pitcher" if row.stat_group == "pitching" else "hitter",
                    str(row.season),
                    ", ".join(sorted(row.coverage.levels, key=level_order)),
                    _fmt_int(row.coverage.games_missing),
                    _fmt_int(row.coverage.expected_pitches),
                    _fmt_int(row.coverage.pitches_loaded),
                    _fmt_int(row.coverage.missing_pitches),
                    _fmt_pct(row.coverage.coverage_pct),
                ],
            )
            for row in rows
        ],
    )
    return _section(
        "furthest-from-complete",
        "Players furthest from complete",
        f"The top {TOP_PLAYERS} player-seasons by missing pitches (expected by the game logs, not loaded); "
        "H: as a hitter, P: as a pitcher; make check player=ID lists his missing games and why.",
        chart,
        table,
    )


def _pitches_per_pa_section(data: ReportData) -> str:
    rows = data.pitches_per_pa
    if not rows:
        return _empty_section("pitches-per-pa", "Pitches per plate appearance by level", "No pitch is loaded yet.")
    seasons = {row.season for row in rows}
    labels = [_level_label(row.season, row.level, seasons) for row in rows]
    chart = bar_chart(
        "pitches-per-pa",
        "Pitches per plate appearance, by level",
        labels,
        [
            _series(
                "pitches per PA",
                "s-ppa",
                labels,
                rows,
                lambda row: row.pitches_per_pa,
                lambda row: _fmt_ratio(row.pitches_per_pa),
            )
        ],
    )
    table = _table(
        "pitches-per-pa",
        [("season", True), ("level", True), ("pitches", False), ("plate appearances", False), ("pitches/PA", False)],
        [
            (
                {
                    "season": row.season,
                    "level": row.level,
                    "pitches": row.pitches,
                    "plate-appearances": row.plate_appearances,
                    "pitches-per-pa": row.pitches_per_pa,
                },
                [
                    str(row.season),
                    row.level,
                    _fmt_int(row.pitches),
                    _fmt_int(row.plate_appearances),
                    _fmt_ratio(row.pitches_per_pa),
                ],
            )
            for row in rows
        ],
    )
    return _section(
        "pitches-per-pa",
        "Pitches per plate appearance by level",
        "Every loaded pitch (all games, not only tracked players') over the plate appearances with at least one "
        "pitch. A level far from about 3.9 points at pitches lost or doubled in the unnesting.",
        chart,
        table,
    )


FIDELITY_SERIES = (
    ("speed", "s-speed", "speed_pct", "pitches with a speed"),
    ("spin", "s-spin", "spin_pct", "pitches with a spin rate"),
    ("plate location", "s-location", "location_pct", "pitches with a plate location"),
    ("launch speed", "s-launch", "launch_speed_pct", "balls in play with a launch speed"),
)


def _fidelity_section(data: ReportData) -> str:
    rows = data.tracking_fidelity
    if not rows:
        return _empty_section("tracking-fidelity", "Tracking fidelity by level", "No pitch is loaded yet.")
    seasons = {row.season for row in rows}
    labels = [_level_label(row.season, row.level, seasons) for row in rows]
    series = [
        _series(
            name,
            css,
            labels,
            rows,
            lambda row, attr=attr: getattr(row, attr),
            lambda row, attr=attr: _fmt_pct(getattr(row, attr)),
        )
        for name, css, attr, _ in FIDELITY_SERIES
    ]
    chart = bar_chart(
        "tracking-fidelity", "Share of pitches with tracking data, by level", labels, series, max_value=100, unit="%"
    )
    table = _table(
        "tracking-fidelity",
        [("season", True), ("level", True), ("pitches", False)]
        + [(title, False) for *_, title in FIDELITY_SERIES[:3]]
        + [("balls in play", False), (FIDELITY_SERIES[3][3], False)],
        [
            (
                {
                    "season": row.season,
                    "level": row.level,
                    "pitches": row.pitches,
                    "speed-pct": row.speed_pct,
                    "spin-pct": row.spin_pct,
                    "location-pct": row.location_pct,
                    "balls-in-play": row.balls_in_play,
                    "launch-speed-pct": row.launch_speed_pct,
                },
                [
                    str(row.season),
                    row.level,
                    _fmt_int(row.pitches),
                    _fmt_pct(row.speed_pct),
                    _fmt_pct(row.spin_pct),
                    _fmt_pct(row.location_pct),
                    _fmt_int(row.balls_in_play),
                    _fmt_pct(row.launch_speed_pct),
                ],
            )
            for row in rows
        ],
    )
    return _section(
        "tracking-fidelity",
        "Tracking fidelity by level",
        "Below Triple-A many parks track a pitch's speed only, or nothing: a percentile computed from these "
        "columns stands on fewer pitches than the level's count suggests.",
        chart,
        table,
    )


def _section(section_id: str, title: str, note: str, chart: str, table: str) -> str:
    return (
        f'<section id="{escape(section_id)}"><h2>{escape(title)}</h2><p class="note">{escape(note)}</p>'
        f'{chart}<details open><summary>the numbers</summary><div class="table-wrap">{table}</div></details></section>'
    )


def _empty_section(section_id: str, title: str, message: str) -> str:
    heading = f'<section id="{escape(section_id)}"><h2>{escape(title)}</h2>'
    return f'{heading}<p class="empty">{escape(message)}</p></section>'


def _cards(data: ReportData) -> str:
    totals = data.totals
    cards = [
        ("tracked-players", _fmt_int(data.tracked_players), "tracked players", data.tracked_players),
        ("games-logged", _fmt_int(totals.games_logged), "player-games in logs", totals.games_logged),
        ("games-missing", _fmt_int(totals.games_missing), "player-games missing", totals.games_missing),
        ("pitches-loaded", _fmt_int(totals.pitches_loaded), "pitches loaded", totals.pitches_loaded),
        ("expected-pitches", _fmt_int(totals.expected_pitches), "pitches expected", totals.expected_pitches),
        ("coverage-pct", _fmt_pct(totals.coverage_pct), "coverage", totals.coverage_pct),
    ]
    return (
        '<div class="cards">'
        + "".join(
            f'<div class="card" data-total="{name}"{data_attributes({"value": raw})}>'
            f'<div class="value">{escape(text)}</div><div class="label">{escape(label)}</div></div>'
            for name, text, label, raw in cards
        )
        + "</div>"
    )


def _banner(notice: str | None) -> str:
    return f'<p class="generated" role="note">{escape(notice)}</p>\n' if notice else ""


def render(data: ReportData) -> str:
    """The whole page as one string."""
    generated = data.generated_at.strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>MiLB pitches: coverage report</title>
<style>{CSS}</style>
</head>
<body>
<main>
<h1>MiLB pitches: coverage report</h1>
{_banner(data.generated_notice)}<p class="meta">Warehouse {escape(data.description)}, generated {escape(generated)}.</p>
{_cards(data)}
{_coverage_section(data)}
{_players_section(data)}
{_pitches_per_pa_section(data)}
{_fidelity_section(data)}
</main>
</body>
</html>
"""


def report_path(out: Path) -> Path:
    """Where the page goes: ``out``, or ``report.html`` inside it when ``out`` is a folder."""
    return out / DEFAULT_OUT.name if out.is_dir() or str(out).endswith("/") else out


def write_report(reader: WarehouseReader, out: Path) -> Path:
    out = report_path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render(gather(reader)), encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot write the report to {out}: {exc.strerror or exc}") from None
    return out


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=DEFAULT_OUT,
    show_default=True,
    help="HTML file (or a folder: report.html in it).",
)
@click.option("--target", type=click.Choice(TARGETS), default=None, help="Warehouse (default: MILB_TARGET or duckdb).")
def report(out: Path, target: str | None) -> None:
    """Write the coverage report: one self-contained HTML page."""
    with open_warehouse(target) as reader:
        written = write_report(reader, out)
    click.echo(f"coverage report: {written.resolve()}")


def main(argv: list[str] | None = None) -> None:
    """Entry point: every failure is one ``error:`` line."""
    try:
        report.main(args=argv, standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        click.echo(f"error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except WarehouseError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    sys.exit(0)


if __name__ == "__main__":
    main()
