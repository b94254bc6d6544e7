"""``make report``: one self-contained HTML page, rendered by headless Chromium, whose plots and tables hold
exactly the marts' numbers (read back from the rendered DOM's data-* attributes), on both engines."""

from __future__ import annotations

import re
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import ANALYTICS, ROOT

if TYPE_CHECKING:
    from tests.fixtures_demo import Chromium, DemoWarehouse

pytest_plugins = ["tests.fixtures_demo"]
pytestmark = pytest.mark.slow

CHARTS = ("coverage-by-level", "furthest-from-complete", "pitches-per-pa", "tracking-fidelity")
FIDELITY_SERIES = {
    "speed": "share_with_speed",
    "spin": "share_with_spin",
    "plate location": "share_with_location",
    "launch speed": "share_of_balls_in_play_with_launch_speed",
}


VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    chart: str | None  # data-chart of the enclosing svg
    table: str | None  # data-table of the enclosing table
    parent: Element | None = None


class PageParser(HTMLParser):
    """Every element of the page, with the chart or table it sits in."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[Element] = []
        self.stack: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        chart = values.get("data-chart") if tag == "svg" else (self.stack[-1].chart if self.stack else None)
        table = values.get("data-table") if tag == "table" else (self.stack[-1].table if self.stack else None)
        element = Element(tag, values, chart, table, self.stack[-1] if self.stack else None)
        self.elements.append(element)
        if tag not in VOID_ELEMENTS:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        if any(element.tag == tag for element in self.stack):
            while self.stack.pop().tag != tag:
                pass

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if self.stack and self.stack[-1].tag == tag:
            self.stack.pop()


@dataclass
class Page:
    elements: list[Element]

    def bars(self, chart: str) -> list[dict[str, str]]:
        return [e.attrs for e in self.elements if e.chart == chart and e.tag == "g" and e.attrs.get("class") == "bar"]

    def rows(self, table: str) -> list[dict[str, str]]:
        return [e.attrs for e in self.elements if e.table == table and e.tag == "tr" and "data-season" in e.attrs]

    def charts(self) -> set[str]:
        return {e.attrs["data-chart"] for e in self.elements if e.tag == "svg" and "data-chart" in e.attrs}

    def bar_rects(self, chart: str) -> int:
        """Drawn bars: rects inside a bar group (not the legend's swatches)."""
        return sum(
            1
            for e in self.elements
            if e.chart == chart and e.tag == "rect" and e.parent and "bar" in e.parent.attrs.get("class", "").split()
        )

    def total(self, name: str) -> str:
        return next(e.attrs["data-value"] for e in self.elements if e.attrs.get("data-total") == name)


def parse(html: str) -> Page:
    parser = PageParser()
    parser.feed(html)
    return Page(parser.elements)


@dataclass
class Rendered:
    demo: DemoWarehouse
    html: str
    dom: Page
    path: Path


@pytest.fixture(scope="module", params=["duckdb", "postgres"])
def rendered(request: pytest.FixtureRequest, chromium: Chromium, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """``make report`` on each engine's demo warehouse, and the DOM headless Chromium renders from the file."""
    demo: DemoWarehouse = request.getfixturevalue(f"demo_{request.param}")
    out = tmp_path_factory.mktemp(f"report-{request.param}") / "report.html"
    result = subprocess.run(
        ["make", "-s", "report", f"out={out}", f"target={request.param}"],
        cwd=ROOT,
        env=demo.env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"coverage report: {out}" in result.stdout
    html = out.read_text(encoding="utf-8")
    return Rendered(demo, html, parse(chromium.dump_dom(out.as_uri())), out)


def number(text: str) -> float:
    return float(text)


def test_the_page_loads_nothing_from_anywhere(rendered: Rendered) -> None:
    html = rendered.html
    for pattern in (r"<script", r"<link", r"<iframe", r"<img", r"\bsrc=", r"url\(", r"@import"):
        assert not re.search(pattern, html, re.I), pattern
    addresses = set(re.findall(r"\w+://[^\s\"'<>)]+", html))
    # The SVG namespace name, never fetched; and the generated-data banner names the local API it came from,
    # as text (nothing above loads a resource).
    named = {address for address in addresses if address.startswith(("http://127.0.0.1", "http://localhost"))}
    assert addresses - named <= {"http://www.w3.org/2000/svg"}, addresses
    assert "<style>" in html


def test_chromium_renders_the_four_plots_with_their_bars(rendered: Rendered, chromium: Chromium) -> None:
    dom = rendered.dom
    assert set(CHARTS) <= dom.charts()
    for chart in CHARTS:
        bars = dom.bars(chart)
        assert bars, chart
        assert dom.bar_rects(chart) == sum(1 for bar in bars if bar["data-value"]), chart
    assert {bar["data-series"] for bar in dom.bars("tracking-fidelity")} == set(FIDELITY_SERIES)
    png = chromium.screenshot(rendered.path.as_uri(), rendered.path.with_suffix(".png"))
    assert png.stat().st_size > 20_000  # a rendered page, not a blank one


def test_coverage_by_level_equals_milb_player_coverage(rendered: Rendered) -> None:
    mart = rendered.demo.warehouse.query(f"""
        select
            season, level, count(distinct player_id), sum(games_in_logs), sum(games_loaded), sum(games_missing),
            sum(expected_pitches), sum(loaded_pitches), sum(missing_pitches)
        from {ANALYTICS}.milb_player_coverage
        group by season, level
    """)
    expected = {
        (str(season), level): {
            "data-players": str(players),
            "data-games-logged": str(logged),
            "data-games-loaded": str(loaded),
            "data-games-missing": str(missing),
            "data-expected-pitches": str(expected_pitches),
            "data-pitches-loaded": str(pitches),
            "data-missing-pitches": str(missing_pitches),
        }
        for season, level, players, logged, loaded, missing, expected_pitches, pitches, missing_pitches in mart
    }
    rows = {(row["data-season"], row["data-level"]): row for row in rendered.dom.rows("coverage-by-level")}
    assert set(rows) == set(expected)
    bars = {(bar["data-season"], bar["data-level"]): bar for bar in rendered.dom.bars("coverage-by-level")}
    assert set(bars) == set(expected)
    for key, values in expected.items():
        assert {name: rows[key][name] for name in values} == values, key
        share = 100 * int(values["data-pitches-loaded"]) / int(values["data-expected-pitches"])
        assert number(rows[key]["data-coverage-pct"]) == pytest.approx(share, rel=1e-12)
        assert number(bars[key]["data-value"]) == pytest.approx(share, rel=1e-12)
    assert any(int(values["data-games-missing"]) > 0 for values in expected.values()), "the season has 404s"

    logged, missing, pitches, expected_pitches = rendered.demo.warehouse.query(f"""
        select sum(games_in_logs), sum(games_missing), sum(loaded_pitches), sum(expected_pitches)
        from {ANALYTICS}.milb_player_coverage
    """)[0]
    assert rendered.dom.total("games-logged") == str(logged)
    assert rendered.dom.total("games-missing") == str(missing)
    assert rendered.dom.total("pitches-loaded") == str(pitches)
    assert number(rendered.dom.total("coverage-pct")) == pytest.approx(100 * int(pitches) / int(expected_pitches))


def test_the_players_furthest_from_complete_are_the_marts_top_20(rendered: Rendered) -> None:
    mart = rendered.demo.warehouse.query(f"""
        select player_id, stat_group, season, sum(missing_pitches), sum(expected_pitches), sum(loaded_pitches)
        from {ANALYTICS}.milb_player_coverage
        group by player_id, full_name, stat_group, season
        having sum(missing_pitches) > 0
        order by sum(missing_pitches) desc, full_name, season, stat_group
        limit 20
    """)
    expected = [tuple(str(value) for value in row) for row in mart]
    assert expected, "the generated season leaves some tracked player short"
    shown = [
        tuple(
            row[name]
            for name in (
                "data-player-id",
                "data-stat-group",
                "data-season",
                "data-missing-pitches",
                "data-expected-pitches",
                "data-pitches-loaded",
            )
        )
        for row in rendered.dom.rows("furthest-from-complete")
    ]
    assert shown == expected
    bars = [
        (bar["data-player-id"], bar["data-stat-group"], bar["data-season"], bar["data-value"])
        for bar in rendered.dom.bars("furthest-from-complete")
    ]
    assert bars == [(p, g, s, repr(float(m))) for p, g, s, m, _, _ in expected]


def test_pitches_per_pa_by_level_equals_milb_plate_appearances(rendered: Rendered) -> None:
    mart = rendered.demo.warehouse.query(f"""
        select season, level, sum(pitch_count), sum(case when is_plate_appearance then 1 else 0 end)
        from {ANALYTICS}.milb_plate_appearances
        group by season, level
    """)
    rows = {(row["data-season"], row["data-level"]): row for row in rendered.dom.rows("pitches-per-pa")}
    bars = {(bar["data-season"], bar["data-level"]): bar for bar in rendered.dom.bars("pitches-per-pa")}
    assert set(rows) == set(bars) == {(str(season), level) for season, level, _, _ in mart}
    for season, level, pitches, plate_appearances in mart:
        key = (str(season), level)
        assert rows[key]["data-pitches"] == str(pitches)
        assert rows[key]["data-plate-appearances"] == str(plate_appearances)
        ratio = int(pitches) / int(plate_appearances)
        assert number(rows[key]["data-pitches-per-pa"]) == pytest.approx(ratio, rel=1e-12)
        assert number(bars[key]["data-value"]) == pytest.approx(ratio, rel=1e-12)
        assert 3.0 < ratio < 5.0, key


def test_tracking_fidelity_by_level_equals_milb_tracking_fidelity(rendered: Rendered) -> None:
    columns = ", ".join(FIDELITY_SERIES.values())
    mart = rendered.demo.warehouse.query(
        f"select season, level, pitches, balls_in_play, {columns} from {ANALYTICS}.milb_tracking_fidelity"
    )
    bars: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for bar in rendered.dom.bars("tracking-fidelity"):
        bars[(bar["data-season"], bar["data-level"])][bar["data-series"]] = bar["data-value"]
    rows = {(row["data-season"], row["data-level"]): row for row in rendered.dom.rows("tracking-fidelity")}
    assert set(bars) == set(rows) == {(str(row[0]), row[1]) for row in mart}
    for season, level, pitches, balls_in_play, *shares in mart:
        key = (str(season), level)
        assert rows[key]["data-pitches"] == str(pitches)
        assert rows[key]["data-balls-in-play"] == str(balls_in_play)
        for series, share in zip(FIDELITY_SERIES, shares, strict=True):
            shown = bars[key][series]
            if share is None:
                assert shown == "", (key, series)
            else:
                assert number(shown) == pytest.approx(100 * float(share), rel=1e-12), (key, series)
    speed = {key: number(values["speed"]) for key, values in bars.items()}
    assert max(speed.values()) == pytest.approx(100.0), "Triple-A parks track every pitch's speed"
    assert min(speed.values()) < 90, "rookie parks track fewer"


def test_the_table_text_shows_the_same_numbers_rounded(rendered: Rendered) -> None:
    """The numbers a reader sees are the data-* values, formatted (no second computation)."""
    cells = re.findall(
        r'<tr data-season="(\d+)" data-level="([^"]+)"[^>]*data-coverage-pct="([^"]*)"[^>]*>(.*?)</tr>',
        rendered.html,
    )
    assert cells
    for _, _, pct, row in cells:
        assert f"<td>{float(pct):.1f}%</td>" in row


def test_report_without_a_built_warehouse_is_one_error_line(tmp_path: Path) -> None:
    result = subprocess.run(
        ["make", "-s", "report", f"out={tmp_path / 'r.html'}"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "MILB_DUCKDB_PATH": str(tmp_path / "none.duckdb")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "error: no DuckDB warehouse at" in result.stderr
    assert not (tmp_path / "r.html").exists()


def test_report_into_a_folder_writes_report_html_there_with_the_generated_data_banner(
    demo_duckdb: DemoWarehouse, tmp_path: Path
) -> None:
    result = subprocess.run(
        ["make", "-s", "report", f"out={tmp_path}"],
        cwd=ROOT,
        env=demo_duckdb.env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert f"coverage report: {tmp_path / 'report.html'}" in result.stdout
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    # The demo warehouse was loaded from the fake API on 127.0.0.1: the page says its data is generated.
    banner = re.search(r'<p class="generated" role="note">([^<]*)</p>', html)
    assert banner, "no generated-data banner"
    assert banner.group(1).startswith("Generated data: this warehouse was loaded from http://127.0.0.1:")
