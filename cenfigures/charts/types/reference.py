"""`versus_reference`: each indicator of a region beside the national value of the same indicator
and period, one small panel per indicator (two unrelated indices never share an axis). The gap
and the ratio come from the derived figures the chart declares (`related.derived`)."""

from __future__ import annotations

import pandas as pd
from plotly.subplots import make_subplots

from cenfigures.charts.kit import (
    Chart,
    apart,
    bar_markers,
    chart,
    concat,
    lone_value,
    marks,
    panel_titles_left,
    value_label,
)
from cenfigures.view.colors import region_color
from cenfigures.view.linebreak import wrap
from cenfigures.view.model import ChartSpec, View

REFERENCE = "national"
PANEL_TITLE_UNITS = 40


def _derived_value(derived: pd.DataFrame, unit: str) -> float | None:
    match = derived[derived["unit"] == unit] if not derived.empty else derived
    return float(match.iloc[0]["value"]) if not match.empty else None


def build(view: View, spec: ChartSpec) -> Chart:
    rows = marks(view, spec.select)
    derived = marks(view, spec.related.get("derived", {"kind": ("none",)}))
    panels = [part for _, part in rows.groupby("series", sort=False)] if not rows.empty else []
    titles = ["<br>".join(wrap(part["name"].iloc[0], PANEL_TITLE_UNITS)) for part in panels]
    fig = make_subplots(
        rows=max(len(panels), 1), cols=1, subplot_titles=titles or None, vertical_spacing=0.5 / max(len(panels), 1)
    )
    values: dict[str, object] = {}
    for panel, part in enumerate(panels, start=1):  # one panel per indicator: the regions, then the country
        national = part["region_id"] == REFERENCE
        part = pd.concat([part[~national], part[national]])
        if len(part) == 1:  # no national value beside it: written, not a bar on a scale of its own
            lone = part.iloc[0]
            lone_value(fig, view, lone, y=lone["region_name"], color=region_color(lone["region_id"]), row=panel, col=1)
            fig.update_yaxes(autorange="reversed", row=panel, col=1)
            continue
        fig.add_bar(
            x=part["value"],
            y=apart(view, part["region_name"], part).tolist(),
            orientation="h",
            marker=bar_markers(["observed"] * len(part), part["region_id"].map(region_color)),
            text=part["value_text"].tolist(),
            textposition="outside",
            cliponaxis=False,
            customdata=part["figure_id"],
            hovertext=part["hover"].tolist(),
            hoverinfo="text",
            showlegend=False,
            row=panel,
            col=1,
        )
        fig.update_xaxes(range=[0, float(part["value"].max()) * 1.3], row=panel, col=1)
        fig.update_yaxes(autorange="reversed", row=panel, col=1)
        region_rows, reference = part[part["region_id"] != REFERENCE], part[part["region_id"] == REFERENCE]
        if not values and not region_rows.empty and not reference.empty:
            mine, theirs = region_rows.iloc[0], reference.iloc[0]
            gap = _derived_value(derived, mine["unit"])
            ratio = _derived_value(derived, "multiple")
            values = {
                "indicator": mine["name"],
                "region": mine["region_name"],
                "last_year": int(mine["period_end"]),
                "value": value_label(view, mine),
                "reference": value_label(view, theirs),
                "gap": view.t.number(gap, mine["unit"]) if gap is not None else None,
                "ratio": view.t.number(ratio, "multiple") if ratio is not None else None,
            }
    fig.update_layout(bargap=0.35)
    height = 110 + 130 * max(len(panels), 1)
    return chart(
        view, spec, fig, rows, values, cited=concat(rows, derived), height=height, top_extra=panel_titles_left(fig)
    )
