"""``make report``: one self-contained HTML page on how complete the warehouse is.

Four plots, each with the table of its numbers: coverage by level, the players furthest from complete,
pitches per plate appearance by level, and tracking fidelity by level, each read from its mart. The page
(``templates/report.html.j2``) has its CSS and SVG inline and loads nothing, so it opens from a file, offline,
or as a mail attachment. Every number in it is also written, unrounded, into ``data-*`` attributes of the
plot's bars and of the table's rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import click
import jinja2
from markupsafe import Markup

from loader.levels import level_order
from loader.settings import TARGETS, VAR_DIR
from tools.entry import run_command
from tools.svg import Series, bar_chart, data_attributes
from tools.warehouse import WarehouseReader, generated_data_notice, open_warehouse

DEFAULT_OUT = VAR_DIR / "report.html"
TOP_PLAYERS = 20
MARTS = ("milb_level_coverage", "milb_player_coverage", "milb_plate_appearances", "milb_tracking_fidelity")
TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    trim_blocks=True,
    undefined=jinja2.StrictUndefined,
)
TEMPLATES.filters["data_attributes"] = lambda data: Markup(data_attributes(data))

Row = dict[str, Any]


@dataclass
class Section:
    """One plot and the table of its numbers (``rows``: each row's data-* values and its cells)."""

    id: str
    title: str
    note: str
    empty: str
    headers: list[tuple[str, bool]] = field(default_factory=list)
    rows: list[tuple[dict[str, object], list[str]]] = field(default_factory=list)
    chart: str = ""


def _pct(share: Any) -> float | None:
    """A mart's share (0-1) as a percentage."""
    return None if share is None else 100.0 * float(share)


def _fmt_int(value: int) -> str:
    return f"{value:,}"


def _fmt_pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}%"


def _fmt_ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _by_level(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda row: (int(row["season"]), level_order(row["level"])))


def _level_labels(rows: list[Row]) -> list[str]:
    one_season = len({row["season"] for row in rows}) == 1
    return [row["level"] if one_season else f"{row['season']} {row['level']}" for row in rows]


def _series(
    name: str,
    css_class: str,
    labels: list[str],
    rows: list[Row],
    value: Callable[[Row], float | None],
    text: Callable[[Row], str],
    data: Callable[[Row], dict[str, object]] = lambda row: {"season": row["season"], "level": row["level"]},
) -> Series:
    """A chart series over mart rows, one bar per row under the row's label."""
    pairs = list(zip(labels, rows, strict=True))
    return Series(
        name,
        css_class,
        {label: value(row) for label, row in pairs},
        labels={label: text(row) for label, row in pairs},
        data={label: data(row) for label, row in pairs},
    )


def coverage_section(reader: WarehouseReader) -> Section:
    """``milb_level_coverage``: tracked players' pitches loaded against the logs' counts, by level."""
    rows = _by_level(reader.rows(f"select * from {reader.analytics}.milb_level_coverage"))
    section = Section(
        "coverage-by-level",
        "Coverage by level",
        "Tracked players' pitches loaded against the pitches their game logs count (numberOfPitches), "
        "hitters' pitches seen and pitchers' pitches thrown together, at the level each log puts the game.",
        "No tracked player has a game log yet.",
    )
    if not rows:
        return section
    for row in rows:
        row["coverage_pct"] = _pct(row["coverage_ratio"])
    labels = _level_labels(rows)
    section.chart = bar_chart(
        section.id,
        "Pitches loaded as a share of the pitches the game logs count, by level",
        labels,
        [
            _series(
                "coverage",
                "s-coverage",
                labels,
                rows,
                lambda row: row["coverage_pct"],
                lambda row: (
                    f"{_fmt_pct(row['coverage_pct'])} ({_fmt_int(row['loaded_pitches'])} of "
                    f"{_fmt_int(row['expected_pitches'])})"
                ),
            )
        ],
        max_value=100,
        unit="%",
    )
    counts = (
        ("players", "players", "players"),
        ("games in logs", "games_in_logs", "games-logged"),
        ("games loaded", "games_loaded", "games-loaded"),
        ("games missing", "games_missing", "games-missing"),
        ("expected pitches", "expected_pitches", "expected-pitches"),
        ("pitches loaded", "loaded_pitches", "pitches-loaded"),
        ("missing pitches", "missing_pitches", "missing-pitches"),
    )
    section.headers = [("season", True), ("level", True)] + [(title, False) for title, *_ in counts]
    section.headers.append(("coverage", False))
    section.rows = [
        (
            {
                "season": row["season"],
                "level": row["level"],
                **{name: row[column] for _, column, name in counts},
                "coverage-pct": row["coverage_pct"],
            },
            [str(row["season"]), row["level"]]
            + [_fmt_int(row[column]) for _, column, _ in counts]
            + [_fmt_pct(row["coverage_pct"])],
        )
        for row in rows
    ]
    return section


def players_section(reader: WarehouseReader) -> Section:
    """The player-seasons of ``milb_player_coverage`` missing the most pitches, each role apart."""
    rows = reader.rows(f"""
        select
            player_id,
            coalesce(full_name, 'player ' || cast(player_id as varchar)) as full_name,
            stat_group,
            season,
            min(levels_seen) as levels,
            sum(games_missing) as games_missing,
            sum(expected_pitches) as expected_pitches,
            sum(loaded_pitches) as loaded_pitches,
            sum(missing_pitches) as missing_pitches
        from {reader.analytics}.milb_player_coverage
        group by player_id, full_name, stat_group, season
        having sum(missing_pitches) > 0
        order by sum(missing_pitches) desc, full_name, season, stat_group
        limit {TOP_PLAYERS}
    """)
    section = Section(
        "furthest-from-complete",
        "Players furthest from complete",
        f"The top {TOP_PLAYERS} player-seasons by missing pitches (expected by the game logs, not loaded); "
        "H: as a hitter, P: as a pitcher; make check player=ID lists his missing games and why.",
        "Every tracked player's logged pitches are loaded.",
    )
    if not rows:
        return section
    for row in rows:
        # The shares of one row of the table: the share of his logged pitches that are loaded.
        row["coverage_pct"] = 100.0 * int(row["loaded_pitches"]) / int(row["expected_pitches"])
    labels = [
        f"{row['full_name']} ({'P' if row['stat_group'] == 'pitching' else 'H'}, {row['season']})" for row in rows
    ]

    def keys(row: Row) -> dict[str, object]:
        return {"player-id": row["player_id"], "stat-group": row["stat_group"], "season": row["season"]}

    section.chart = bar_chart(
        section.id,
        f"The {len(rows)} player-seasons missing the most pitches",
        labels,
        [
            _series(
                "missing pitches",
                "s-missing",
                labels,
                rows,
                lambda row: float(row["missing_pitches"]),
                lambda row: f"{_fmt_int(row['missing_pitches'])} missing ({_fmt_pct(row['coverage_pct'])} loaded)",
                keys,
            )
        ],
        label_width=230,
    )
    section.headers = [(title, True) for title in ("player", "id", "role", "season", "levels")] + [
        (title, False)
        for title in ("games missing", "expected pitches", "pitches loaded", "missing pitches", "coverage")
    ]
    section.rows = [
        (
            {
                **keys(row),
                "games-missing": row["games_missing"],
                "expected-pitches": row["expected_pitches"],
                "pitches-loaded": row["loaded_pitches"],
                "missing-pitches": row["missing_pitches"],
                "coverage-pct": row["coverage_pct"],
            },
            [
                row["full_name"],
                str(row["player_id"]),
                "pitcher" if row["stat_group"] == "pitching" else "hitter",
                str(row["season"]),
                row["levels"] or "",
                _fmt_int(row["games_missing"]),
                _fmt_int(row["expected_pitches"]),
                _fmt_int(row["loaded_pitches"]),
                _fmt_int(row["missing_pitches"]),
                _fmt_pct(row["coverage_pct"]),
            ],
        )
        for row in rows
    ]
    return section


def pitches_per_pa_section(reader: WarehouseReader) -> Section:
    """Pitches over plate appearances by season and level, over every loaded game (``milb_plate_appearances``:
    a pitchless plate appearance, an automatic intentional walk, counts too)."""
    rows = _by_level(
        reader.rows(f"""
        select
            season,
            level,
            sum(pitch_count) as pitches,
            sum(case when is_plate_appearance then 1 else 0 end) as plate_appearances
        from {reader.analytics}.milb_plate_appearances
        group by season, level
    """)
    )
    section = Section(
        "pitches-per-pa",
        "Pitches per plate appearance by level",
        "Every loaded pitch (all games, not only tracked players') over the plate appearances with at least one "
        "pitch. A level far from about 3.9 points at pitches lost or doubled in the unnesting.",
        "No pitch is loaded yet.",
    )
    if not rows:
        return section
    for row in rows:
        pas = int(row["plate_appearances"] or 0)
        row["pitches_per_pa"] = int(row["pitches"] or 0) / pas if pas else None
    labels = _level_labels(rows)
    section.chart = bar_chart(
        section.id,
        "Pitches per plate appearance, by level",
        labels,
        [
            _series(
                "pitches per PA",
                "s-ppa",
                labels,
                rows,
                lambda row: row["pitches_per_pa"],
                lambda row: _fmt_ratio(row["pitches_per_pa"]),
            )
        ],
    )
    section.headers = [("season", True), ("level", True)] + [
        (title, False) for title in ("pitches", "plate appearances", "pitches/PA")
    ]
    section.rows = [
        (
            {
                "season": row["season"],
                "level": row["level"],
                "pitches": row["pitches"],
                "plate-appearances": row["plate_appearances"],
                "pitches-per-pa": row["pitches_per_pa"],
            },
            [
                str(row["season"]),
                row["level"],
                _fmt_int(row["pitches"]),
                _fmt_int(row["plate_appearances"]),
                _fmt_ratio(row["pitches_per_pa"]),
            ],
        )
        for row in rows
    ]
    return section


# (series name, css class, mart column, table header)
FIDELITY_SERIES = (
    ("speed", "s-speed", "share_with_speed", "pitches with a speed"),
    ("spin", "s-spin", "share_with_spin", "pitches with a spin rate"),
    ("plate location", "s-location", "share_with_location", "pitches with a plate location"),
    ("launch speed", "s-launch", "share_of_balls_in_play_with_launch_speed", "balls in play with a launch speed"),
)


def fidelity_section(reader: WarehouseReader) -> Section:
    """``milb_tracking_fidelity``: shares of pitches with a speed, a spin rate and a plate location, and of
    balls in play with a launch speed, per level-season."""
    columns = ", ".join(column for _, _, column, _ in FIDELITY_SERIES)
    rows = _by_level(
        reader.rows(
            f"select season, level, pitches, balls_in_play, {columns} from {reader.analytics}.milb_tracking_fidelity"
        )
    )
    section = Section(
        "tracking-fidelity",
        "Tracking fidelity by level",
        "Below Triple-A many parks track a pitch's speed only, or nothing: a percentile computed from these "
        "columns stands on fewer pitches than the level's count suggests.",
        "No pitch is loaded yet.",
    )
    if not rows:
        return section
    labels = _level_labels(rows)
    section.chart = bar_chart(
        section.id,
        "Share of pitches with tracking data, by level",
        labels,
        [
            _series(
                name,
                css,
                labels,
                rows,
                lambda row, column=column: _pct(row[column]),
                lambda row, column=column: _fmt_pct(_pct(row[column])),
            )
            for name, css, column, _ in FIDELITY_SERIES
        ],
        max_value=100,
        unit="%",
    )
    headers = [title for *_, title in FIDELITY_SERIES]
    section.headers = [("season", True), ("level", True), ("pitches", False)]
    section.headers += [(title, False) for title in headers[:3]] + [("balls in play", False), (headers[3], False)]
    section.rows = [
        (
            {
                "season": row["season"],
                "level": row["level"],
                "pitches": row["pitches"],
                "speed-pct": _pct(row["share_with_speed"]),
                "spin-pct": _pct(row["share_with_spin"]),
                "location-pct": _pct(row["share_with_location"]),
                "balls-in-play": row["balls_in_play"],
                "launch-speed-pct": _pct(row["share_of_balls_in_play_with_launch_speed"]),
            },
            [str(row["season"]), row["level"], _fmt_int(row["pitches"])]
            + [_fmt_pct(_pct(row[column])) for _, _, column, _ in FIDELITY_SERIES[:3]]
            + [_fmt_int(row["balls_in_play"]), _fmt_pct(_pct(row["share_of_balls_in_play_with_launch_speed"]))],
        )
        for row in rows
    ]
    return section


def cards(reader: WarehouseReader) -> list[dict[str, Any]]:
    """The totals above the plots: the sums of ``milb_level_coverage``."""
    totals = reader.rows(f"""
        select
            coalesce(sum(games_in_logs), 0) as games_logged,
            coalesce(sum(games_missing), 0) as games_missing,
            coalesce(sum(loaded_pitches), 0) as pitches_loaded,
            coalesce(sum(expected_pitches), 0) as expected_pitches
        from {reader.analytics}.milb_level_coverage
    """)[0]
    tracked = int(reader.rows(f"select count(*) as players from {reader.raw}.tracked_players")[0]["players"])
    expected = int(totals["expected_pitches"])
    coverage = 100.0 * int(totals["pitches_loaded"]) / expected if expected else None
    shown = [
        ("tracked-players", tracked, "tracked players"),
        ("games-logged", int(totals["games_logged"]), "player-games in logs"),
        ("games-missing", int(totals["games_missing"]), "player-games missing"),
        ("pitches-loaded", int(totals["pitches_loaded"]), "pitches loaded"),
        ("expected-pitches", expected, "pitches expected"),
    ]
    return [
        {"name": name, "text": _fmt_int(value), "label": label, "data": {"value": value}}
        for name, value, label in shown
    ] + [{"name": "coverage-pct", "text": _fmt_pct(coverage), "label": "coverage", "data": {"value": coverage}}]


def render(reader: WarehouseReader, generated_at: datetime | None = None) -> str:
    """The whole page, every number read from the marts."""
    reader.require_models(*MARTS)
    generated_at = generated_at or datetime.now(timezone.utc)
    return TEMPLATES.get_template("report.html.j2").render(
        description=reader.description,
        generated=generated_at.strftime("%Y-%m-%d %H:%M UTC"),
        notice=generated_data_notice(reader),
        cards=cards(reader),
        sections=[
            section(reader) for section in (coverage_section, players_section, pitches_per_pa_section, fidelity_section)
        ],
    )


def report_path(out: Path) -> Path:
    """Where the page goes: ``out``, or ``report.html`` inside it when ``out`` is a folder."""
    return out / DEFAULT_OUT.name if out.is_dir() or str(out).endswith("/") else out


def write_report(reader: WarehouseReader, out: Path) -> Path:
    out = report_path(out)
    page = render(reader)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(page, encoding="utf-8")
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
    run_command(report, argv)


if __name__ == "__main__":
    main()
