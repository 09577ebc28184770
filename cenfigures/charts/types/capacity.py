"""`capacity`: a need against a capacity (one 4K stream's uplink against the 5G rate measured on
site), with a mark at every whole multiple of the need that fits under the capacity. Which
indicator is the need and which the capacity is declared (`options.need`, `options.capacity`)."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from cenfigures.charts.kit import (
    Chart,
    apart,
    bar_markers,
    category_names,
    category_rows_px,
    chart,
    marks,
    value_label,
)
from cenfigures.view.colors import NEUTRAL, SOURCE_TEXT, region_color
from cenfigures.view.model import ChartSpec, View

MARK_ROW_PX = 15
HEIGHT_PX = 340  # a chart of a few bars
FRAME_PX = 126  # what `chart` takes from the height for the title and the x axis: the rest is the rows


def _mark(view: View, spec: ChartSpec, n: int) -> str:
    """The label of the n-th multiple: declared per chart ("{n}路" for streams), else "{n}×"."""
    template = spec.options.get(f"mark_{view.t.lang}")
    return template.format(n=n) if template else view.t("chart.times", n=n)


def _categories(view: View, rows: pd.DataFrame) -> pd.Series:
    """Each bar's label: the indicator's name, with its region when the chart shows several, and
    the period too when a region's indicator has several ("北京（2023） · 场馆现场5G速率"): bars of one
    label would lie on each other in one row."""
    several_periods = bool(rows.duplicated(["region_id", "indicator_id"], keep=False).any())
    if several_periods:
        region_period = rows[["region_name", "period"]].astype(str).drop_duplicates()
        named = {
            (region, period): view.t("chart.region_period", region=region, period=period)
            for region, period in zip(region_period["region_name"], region_period["period"])
        }
        keys = pd.MultiIndex.from_frame(rows[["region_name", "period"]].astype(str))
        rows = rows.assign(region_name=[named[key] for key in keys])
    several = several_periods or rows["region_id"].nunique() > 1
    return apart(view, category_names(view, rows, several), rows)


def build(view: View, spec: ChartSpec) -> Chart:
    rows = marks(view, spec.select)
    if not rows.empty:  # a region's bars together, in the order the regions first appear, by period
        region_order = pd.factorize(rows["region_id"])[0]
        rows = rows.assign(region_order=region_order).sort_values(["region_order", "period_end"], kind="stable")
    needs = rows[rows["indicator_id"] == spec.options.get("need")] if not rows.empty else rows
    capacities = rows[rows["indicator_id"] == spec.options.get("capacity")] if not rows.empty else rows
    need = needs.iloc[0] if not needs.empty else None
    capacity = capacities.iloc[0] if not capacities.empty else None
    fig = go.Figure()
    # Needs grey (the yardstick), capacities in their region's colour.
    colors = rows["region_id"].map({r: region_color(r) for r in rows["region_id"].unique()})
    colors = colors.where(~rows.index.isin(needs.index), NEUTRAL)
    labels = _categories(view, rows) if not rows.empty else pd.Series(dtype=str)
    fig.add_bar(
        x=rows["value"],
        y=labels.tolist(),
        orientation="h",
        marker=bar_markers(rows["kind"], colors.tolist()),
        customdata=rows["figure_id"],
        hovertext=rows["hover"].tolist(),
        hoverinfo="text",
        showlegend=False,
        cliponaxis=False,
    )
    # The value beside its bar on a white ground: the dotted marks run behind it, not through it.
    # (y by position: the category's text is wrapped later.) One per fact drawn. Annotations and
    # lines are set as one list each: plotly's add_annotation copies every earlier one (quadratic).
    annotations = [
        {
            "x": value,
            "y": position,
            "text": text,
            "showarrow": False,
            "xanchor": "left",
            "xshift": 3,
            "bgcolor": "white",
            "borderpad": 1,
            "font": {"size": 13},
            "name": "bar-value",
        }
        for position, (value, text) in enumerate(zip(rows["value"], rows["value_text"]))
    ]
    shapes = []
    fits = 0
    if need is not None and capacity is not None and need["value"] > 0:
        fits = math.floor(capacity["value"] / need["value"])
        for n in range(1, fits + 1):
            # Marks at 1x, 2x, 3x the need: how many whole units the capacity holds.
            shapes.append(
                {
                    "type": "line",
                    "x0": n * need["value"],
                    "x1": n * need["value"],
                    "xref": "x",
                    "y0": 0,
                    "y1": 1,
                    "yref": "y domain",
                    "line": {"color": SOURCE_TEXT, "dash": "dot", "width": 1.5},
                }
            )
            # Every other mark a row higher: marks a phone's width apart would run into each other.
            annotations.append(
                {
                    "x": n * need["value"],
                    "y": 1.0,
                    "yref": "paper",
                    "yanchor": "bottom",
                    "text": _mark(view, spec, n),
                    "yshift": MARK_ROW_PX * ((n + 1) % 2),
                    "showarrow": False,
                    "font": {"size": 11, "color": SOURCE_TEXT},
                }
            )
    top = float(rows["value"].max()) if not rows.empty else 1.0
    unit = rows.iloc[0]["unit"] if not rows.empty else "mbps"
    fig.update_xaxes(title_text=view.t.unit(unit), range=[0, top * 1.3])
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(bargap=0.45, annotations=annotations, shapes=shapes)
    values = {}
    if need is not None and capacity is not None:
        values = {"need": value_label(view, need), "rate": value_label(view, capacity), "streams": fits}
    # A row per bar, as tall as its label needs: past a few bars the chart grows with them.
    height = max(HEIGHT_PX, FRAME_PX + category_rows_px(labels))
    return chart(view, spec, fig, rows, values, height=height, top_extra=14 + (MARK_ROW_PX if fits > 1 else 0))
