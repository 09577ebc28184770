"""`capacity`: a need against a capacity (one 4K stream's uplink against the 5G rate measured on
site), with a mark at every whole multiple of the need that fits under the capacity. Which
indicator is the need and which the capacity is declared (`options.need`, `options.capacity`)."""

from __future__ import annotations

import math

import plotly.graph_objects as go

from cenfigures.charts.kit import (
    Chart,
    apart,
    bar_markers,
    chart,
    marks,
    value_label,
)
from cenfigures.view.colors import NEUTRAL, SOURCE_TEXT, region_color
from cenfigures.view.model import ChartSpec, View

MARK_ROW_PX = 15


def _mark(view: View, spec: ChartSpec, n: int) -> str:
    """The label of the n-th multiple: declared per chart ("{n}路" for streams), else "{n}×"."""
    template = spec.options.get(f"mark_{view.t.lang}")
    return template.format(n=n) if template else view.t("chart.times", n=n)


def build(view: View, spec: ChartSpec) -> Chart:
    rows = marks(view, spec.select)
    needs = rows[rows["indicator_id"] == spec.options.get("need")] if not rows.empty else rows
    capacities = rows[rows["indicator_id"] == spec.options.get("capacity")] if not rows.empty else rows
    need = needs.iloc[0] if not needs.empty else None
    capacity = capacities.iloc[0] if not capacities.empty else None
    fig = go.Figure()
    colors = [
        NEUTRAL if need is not None and f == need["figure_id"] else region_color(r)
        for f, r in zip(rows["figure_id"], rows["region_id"])
    ]
    fig.add_bar(
        x=rows["value"],
        y=apart(view, rows["name"], rows).tolist(),
        orientation="h",
        marker=bar_markers(rows["kind"], colors),
        customdata=rows["figure_id"],
        hovertext=rows["hover"].tolist(),
        hoverinfo="text",
        showlegend=False,
        cliponaxis=False,
    )
    for position, (value, text) in enumerate(zip(rows["value"], rows["value_text"])):
        # The value beside its bar on a white ground: the dotted marks run behind it, not through it.
        # (y by position: the category's text is wrapped later.) One per fact drawn.
        fig.add_annotation(
            x=value,
            y=position,
            text=text,
            showarrow=False,
            xanchor="left",
            xshift=3,
            bgcolor="white",
            borderpad=1,
            font={"size": 13},
            name="bar-value",
        )
    fits = 0
    if need is not None and capacity is not None and need["value"] > 0:
        fits = math.floor(capacity["value"] / need["value"])
        for n in range(1, fits + 1):
            # Marks at 1x, 2x, 3x the need: how many whole units the capacity holds.
            fig.add_vline(x=n * need["value"], line={"color": SOURCE_TEXT, "dash": "dot", "width": 1.5})
            # Every other mark a row higher: marks a phone's width apart would run into each other.
            fig.add_annotation(
                x=n * need["value"],
                y=1.0,
                yref="paper",
                yanchor="bottom",
                text=_mark(view, spec, n),
                yshift=MARK_ROW_PX * ((n + 1) % 2),
                showarrow=False,
                font={"size": 11, "color": SOURCE_TEXT},
            )
    top = float(rows["value"].max()) if not rows.empty else 1.0
    unit = rows.iloc[0]["unit"] if not rows.empty else "mbps"
    fig.update_xaxes(title_text=view.t.unit(unit), range=[0, top * 1.3])
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(bargap=0.45)
    values = {}
    if need is not None and capacity is not None:
        values = {"need": value_label(view, need), "rate": value_label(view, capacity), "streams": fits}
    return chart(view, spec, fig, rows, values, height=340, top_extra=14 + (MARK_ROW_PX if fits > 1 else 0))
