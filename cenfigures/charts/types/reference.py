"""`versus_reference`: each indicator of a region beside the national value of the same indicator
and period, one small panel per indicator (two unrelated indices never share an axis). The gap
and the ratio come from the derived figures the chart declares (`related.derived`)."""

from __future__ import annotations

import pandas as pd
from plotly.subplots import make_subplots

from cenfigures.charts.kit import (
    Chart,
    bar_marker,
    chart,
    concat,
    hover_texts,
    indicator_name,
    lone_value,
    panel_titles_left,
    series_key,
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
    rows = view.select(spec.select)
    derived = view.select(spec.related.get("derived", {"kind": ("none",)}))
    panels = list(dict.fromkeys(series_key(r) for _, r in rows.iterrows())) if not rows.empty else []
    titles = []
    for key in panels:
        first = rows[rows.apply(series_key, axis=1) == key].iloc[0]
        titles.append("<br>".join(wrap(indicator_name(view, first), PANEL_TITLE_UNITS)))
    fig = make_subplots(
        rows=max(len(panels), 1), cols=1, subplot_titles=titles or None, vertical_spacing=0.5 / max(len(panels), 1)
    )
    values: dict[str, object] = {}
    for panel, key in enumerate(panels, start=1):
        part = rows[rows.apply(series_key, axis=1) == key]
        part = pd.concat([part[part["region_id"] != REFERENCE], part[part["region_id"] == REFERENCE]])
        if len(part) == 1:  # no national value beside it: written, not a bar on a scale of its own
            lone = part.iloc[0]
            lone_value(
                fig,
                view,
                lone,
                y=view.region_name(lone["region_id"]),
                color=region_color(lone["region_id"]),
                row=panel,
                col=1,
            )
            fig.update_yaxes(autorange="reversed", row=panel, col=1)
            continue
        for _, row in part.iterrows():
            fig.add_bar(
                x=[row["value"]],
                y=[view.region_name(row["region_id"])],
                orientation="h",
                name=view.region_name(row["region_id"]),
                marker=bar_marker("observed", region_color(row["region_id"])),
                text=[value_label(view, row)],
                textposition="outside",
                cliponaxis=False,
                customdata=[row["figure_id"]],
                hovertext=hover_texts(view, part[part["figure_id"] == row["figure_id"]]),
                hoverinfo="text",
                showlegend=False,
                row=panel,
                col=1,
            )
        fig.update_xaxes(range=[0, float(part["value"].max()) * 1.3], row=panel, col=1)
        fig.update_yaxes(autorange="reversed", row=panel, col=1)
        region_rows, national = part[part["region_id"] != REFERENCE], part[part["region_id"] == REFERENCE]
        if not values and not region_rows.empty and not national.empty:
            mine, theirs = region_rows.iloc[0], national.iloc[0]
            gap = _derived_value(derived, mine["unit"])
            ratio = _derived_value(derived, "multiple")
            values = {
                "indicator": indicator_name(view, mine),
                "region": view.region_name(mine["region_id"]),
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
