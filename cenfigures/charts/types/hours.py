"""`daily_hours`: each channel's day on a 0-24 h clock. Round-the-clock channels fill it; a window
stated with its clock times ("6：00—12：00") occupies that window."""

from __future__ import annotations

import re
from collections.abc import Mapping

import plotly.graph_objects as go

from cenfigures.charts.kit import (
    Chart,
    bar_marker,
    chart,
    hover_text,
    indicator_name,
    value_label,
)
from cenfigures.view.colors import region_color
from cenfigures.view.model import ChartSpec, View

HOURS_PER_DAY = 24  # a clock, not a figure: the axis of the chart
_CLOCK = re.compile(r"(\d{1,2})\s*[:：]\s*\d{2}")


def window_start(row: Mapping) -> float:
    """Where a broadcast window starts on the clock: the first "6:00" of the value as stated, else midnight."""
    match = _CLOCK.search(str(row.get("value_as_stated", "")))
    return float(match.group(1)) if match else 0.0


def build(view: View, spec: ChartSpec) -> Chart:
    rows = view.select(spec.select)
    fig = go.Figure()
    for _, row in rows.iterrows():
        start = window_start(row)
        fig.add_bar(
            x=[row["value"]],
            base=[start],
            y=[indicator_name(view, row)],
            orientation="h",
            name=indicator_name(view, row),
            marker=bar_marker(row["kind"], region_color(row["region_id"])),
            text=[value_label(view, row)],
            # A window shorter than the day gets its label beside it: inside, plotly would shrink it unreadably.
            textposition="outside" if start else "inside",
            insidetextanchor="middle",
            cliponaxis=False,
            customdata=[row["figure_id"]],
            hovertext=[hover_text(view, row)],
            hoverinfo="text",
            showlegend=False,
        )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title_text=view.t("chart.hour_of_day"), range=[0, HOURS_PER_DAY], dtick=3)
    return chart(view, spec, fig, rows, height=140 + 70 * max(len(rows), 1))
