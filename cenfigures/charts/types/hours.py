"""`daily_hours`: each channel's day on a 0-24 h clock. Round-the-clock channels fill it; a window
stated with its clock times ("6：00—12：00") occupies that window."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from cenfigures.charts.kit import (
    Chart,
    apart,
    bar_markers,
    chart,
    marks,
)
from cenfigures.view.colors import region_color
from cenfigures.view.model import ChartSpec, View

HOURS_PER_DAY = 24  # a clock, not a figure: the axis of the chart
_CLOCK = re.compile(r"(\d{1,2})\s*[:：]\s*\d{2}")


def window_start(row: Mapping) -> float:
    """Where a broadcast window starts on the clock: the first "6:00" of the value as stated, else midnight."""
    return float(window_starts(pd.Series([str(row.get("value_as_stated", ""))])).iloc[0])


def window_starts(stated: pd.Series) -> pd.Series:
    """window_start for a column of values as stated."""
    return stated.astype(str).str.extract(_CLOCK, expand=False).astype(float).fillna(0.0)


def build(view: View, spec: ChartSpec) -> Chart:
    rows = marks(view, spec.select)
    fig = go.Figure()
    if not rows.empty:
        starts = window_starts(rows["value_as_stated"])
        categories = apart(view, rows["name"], rows)
        fig.add_bar(  # every channel's window in one trace
            x=rows["value"],
            base=starts,
            y=categories.tolist(),
            orientation="h",
            marker=bar_markers(rows["kind"], rows["region_id"].map(region_color)),
            text=rows["value_text"].tolist(),
            # A window shorter than the day gets its label beside it: inside, plotly would shrink it unreadably.
            textposition=["outside" if start else "inside" for start in starts],
            insidetextanchor="middle",
            cliponaxis=False,
            customdata=rows["figure_id"],
            hovertext=rows["hover"].tolist(),
            hoverinfo="text",
            showlegend=False,
        )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title_text=view.t("chart.hour_of_day"), range=[0, HOURS_PER_DAY], dtick=3)
    return chart(view, spec, fig, rows, height=140 + 70 * max(len(rows), 1))
