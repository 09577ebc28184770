"""`rank_over_time`: national ranks over the years on an inverted axis (1st at the top), one line
per indicator and region. Points that would sit on each other (two indicators both 8th in 2020)
are spread sideways, and every point carries its label."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from cenfigures.charts.kit import (
    Chart,
    category_names,
    chart,
    concat,
    indicator_name,
    marks,
    point_marker,
    spread,
    value_label,
)
from cenfigures.view.colors import readable, series_colors
from cenfigures.view.model import ChartSpec, View

SPREAD = 0.5  # years between points that share a year and a rank


def _trend_values(view: View, rows: pd.DataFrame, changes: pd.DataFrame) -> tuple[dict[str, object], pd.DataFrame]:
    """Values of the takeaway from the indicator with the longest run of ranks, and the stated
    changes it uses (those over exactly the line's years: a later article may add a year)."""
    runs = (
        rows.groupby(["indicator_id", "region_id"], sort=False).size()
        if "indicator_id" in rows
        else pd.Series(dtype=int)
    )
    if runs.empty or runs.max() < 2:
        return {}, changes.iloc[0:0]
    indicator, region = runs.idxmax()
    line = rows[(rows["indicator_id"] == indicator) & (rows["region_id"] == region)].sort_values("period_end")
    first, last = line.iloc[0], line.iloc[-1]
    stated = (
        changes[
            (changes["region_id"] == region)
            & (changes["period_start"].astype(int) == int(first["period_end"]))
            & (changes["period_end"].astype(int) == int(last["period_end"]))
        ]
        if not changes.empty
        else changes
    )
    places = float(stated.iloc[0]["value"]) if not stated.empty else float(first["value"] - last["value"])
    return {
        "indicator": indicator_name(view, first),
        "region": view.region_name(region),
        "first_year": int(first["period_end"]),
        "last_year": int(last["period_end"]),
        "first_rank": value_label(view, first),
        "last_rank": value_label(view, last),
        "places": view.t.change(places, "rank"),
    }, stated


def _label_sides(line: pd.DataFrame, offsets: pd.Series) -> list[str]:
    """Where each point of one line is labelled: off its own line (the first on the left, the last
    on the right, one between above), and a point moved left of its year on its left, so that the
    labels of a coinciding pair part too."""
    moved_left = offsets.reindex(line.index).fillna(0.0).to_numpy() < 0
    if len(line) == 1:
        return ["middle left" if moved_left[0] else "middle right"]
    sides = np.array(["middle left", *(["top center"] * (len(line) - 2)), "middle right"], dtype=object)
    return np.where(moved_left, "middle left", sides).tolist()


def build(view: View, spec: ChartSpec) -> Chart:
    rows = marks(view, spec.select).sort_values("period_end", kind="stable")
    changes = marks(view, spec.related.get("change", {"kind": ("none",)}))
    offsets = spread(rows, SPREAD)
    fig = go.Figure()
    groups = list(rows.groupby(["series", "region_id"], sort=False)) if not rows.empty else []
    colors = series_colors(len(groups))
    several_regions = rows["region_id"].nunique() > 1 if not rows.empty else False
    for (_, line), color in zip(groups, colors):  # one line per indicator and region
        fig.add_scatter(
            x=line["period_end"].astype(float) + offsets.reindex(line.index).fillna(0.0),
            y=line["value"],
            mode="lines+markers+text" if len(line) > 1 else "markers+text",
            name=category_names(view, line.iloc[:1], several_regions).iloc[0],
            line={"color": color, "width": 3},
            marker=point_marker("rank", color, size=13),
            text=line["value_text"].tolist(),
            textposition=_label_sides(line, offsets),
            textfont={"color": readable(color)},
            cliponaxis=False,
            customdata=line["figure_id"],
            hovertext=line["hover"].tolist(),
            hoverinfo="text",
        )
    values, stated = _trend_values(view, rows, changes) if not rows.empty else ({}, changes.iloc[0:0])
    if not rows.empty:
        lowest = float(rows["value"].max())
        first_year, last_year = int(rows["period_end"].min()), int(rows["period_end"].max())
        fig.update_yaxes(
            range=[lowest + 1.5, 0.5], title_text=view.t("chart.rank_axis"), dtick=max(1, round(lowest / 6))
        )
        fig.update_xaxes(
            title_text=view.t("chart.year"), dtick=1, range=[first_year - 0.9, last_year + 0.9], tickformat="d"
        )
    height = 420 + 10 * len(groups)
    # The changes the takeaway states are cited; one over other years would be cited but shown nowhere.
    return chart(view, spec, fig, rows, values, cited=concat(rows, stated), height=height)
