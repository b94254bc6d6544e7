"""Horizontal bar charts as inline SVG: no script, no font or style from outside the page.

Every bar is a ``<g class="bar">`` carrying its numbers as ``data-*`` attributes (exact values, not the
rounded labels), so a test reading the rendered page can compare them with the warehouse.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape

BAR_HEIGHT = 16
BAR_GAP = 3
GROUP_GAP = 12
TOP = 34
AXIS_HEIGHT = 22
VALUE_ROOM = 200
FONT_SIZE = 12


@dataclass
class Series:
    """One set of bars across the categories; ``values`` and ``labels`` are keyed by category."""

    name: str
    css_class: str
    values: dict[str, float | None]
    labels: dict[str, str] = field(default_factory=dict)
    data: dict[str, dict[str, object]] = field(default_factory=dict)


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least ``top`` (1, 2, 2.5 or 5 times a power of ten apart)."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    ticks = [0.0]
    while ticks[-1] < top - 1e-9:
        ticks.append(ticks[-1] + step)
    return ticks


def data_attributes(data: dict[str, object]) -> str:
    return "".join(f' data-{escape(key)}="{escape(_data_value(value))}"' for key, value in data.items())


def _data_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)  # round-trips exactly
    return str(value)


def _tick_label(value: float, unit: str) -> str:
    text = f"{value:g}" if value < 1e4 else f"{value:,.0f}"
    return f"{text}{unit}"


def bar_chart(
    chart_id: str,
    title: str,
    categories: list[str],
    series: list[Series],
    *,
    max_value: float | None = None,
    unit: str = "",
    label_width: int = 90,
    width: int = 760,
    category_data: dict[str, dict[str, object]] | None = None,
) -> str:
    """One horizontal bar per category and series, grouped by category, with an x axis and a legend.

    Args:
        chart_id: the svg's ``data-chart`` and the prefix of its element ids.
        title: the accessible title (``<title>``) and the caption above the plot.
        categories: y-axis labels, top to bottom.
        series: the bars; a missing or None value draws no bar and the label "no data".
        max_value: the axis end (100 for percentages); by default the largest value, rounded up.
        unit: appended to tick labels ("%").
        label_width: room left of the axis for the category labels.
        width: the svg's width in pixels (it scales down with the page).
        category_data: extra ``data-*`` attributes of each category's group.
    """
    values = [v for s in series for v in s.values.values() if v is not None]
    ticks = nice_ticks(max(values, default=0.0) if max_value is None else max_value)
    axis_end = ticks[-1]
    plot_width = width - label_width - VALUE_ROOM
    group_height = len(series) * BAR_HEIGHT + (len(series) - 1) * BAR_GAP
    height = TOP + len(categories) * (group_height + GROUP_GAP) + AXIS_HEIGHT
    legend_height = 18 if len(series) > 1 else 0
    height += legend_height

    def x(value: float) -> float:
        return label_width + plot_width * (min(value, axis_end) / axis_end if axis_end else 0)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="{escape(chart_id)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
    ]
    if len(series) > 1:
        legend_x = label_width
        for s in series:
            parts.append(
                f'<g class="legend" transform="translate({legend_x},6)">'
                f'<rect class="{escape(s.css_class)}" width="12" height="12" rx="2"/>'
                f'<text x="17" y="10">{escape(s.name)}</text></g>'
            )
            legend_x += 24 + 7 * len(s.name)
    plot_top = TOP - 12 + legend_height
    plot_bottom = height - AXIS_HEIGHT
    for tick in ticks:
        tx = x(tick)
        parts.append(f'<line class="grid" x1="{tx:.1f}" x2="{tx:.1f}" y1="{plot_top}" y2="{plot_bottom}"/>')
        parts.append(
            f'<text class="tick" x="{tx:.1f}" y="{plot_bottom + 15}" text-anchor="middle">'
            f"{escape(_tick_label(tick, unit))}</text>"
        )
    y = TOP + legend_height - 6
    for category in categories:
        extra = data_attributes((category_data or {}).get(category, {}))
        parts.append(f'<g class="category" data-category="{escape(category)}"{extra}>')
        parts.append(
            f'<text class="category-label" x="{label_width - 8}" y="{y + group_height / 2 + FONT_SIZE / 2 - 2:.1f}" '
            f'text-anchor="end">{escape(category)}</text>'
        )
        for s in series:
            value = s.values.get(category)
            data = {"series": s.name, "category": category, "value": value, **s.data.get(category, {})}
            label = s.labels.get(category, "no data" if value is None else f"{value:g}")
            bar_width = 0.0 if value is None else max(x(value) - label_width, 0.0)
            parts.append(f'<g class="bar"{data_attributes(data)}>')
            if value is not None:
                parts.append(
                    f'<rect class="{escape(s.css_class)}" x="{label_width}" y="{y}" width="{bar_width:.1f}" '
                    f'height="{BAR_HEIGHT}" rx="2"><title>{escape(category)}, {escape(s.name)}: '
                    f"{escape(label)}</title></rect>"
                )
            parts.append(
                f'<text class="value" x="{label_width + bar_width + 5:.1f}" y="{y + BAR_HEIGHT - 4}">'
                f"{escape(label)}</text></g>"
            )
            y += BAR_HEIGHT + BAR_GAP
        y += GROUP_GAP - BAR_GAP
        parts.append("</g>")
    parts.append(f'<line class="axis" x1="{label_width}" x2="{label_width}" y1="{plot_top}" y2="{plot_bottom}"/></svg>')
    return "\n".join(parts)
