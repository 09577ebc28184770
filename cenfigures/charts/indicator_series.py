"""The Indicators page's chart: one indicator over the periods every article states it for, one
line per region; observed points solid, targets hollow diamonds, derived ones open; each point's
hover names its article and quotes it."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from cenfigures.charts.kit import (
    Chart,
    chart,
    label_sides,
    marks,
    point_marker,
    spread,
    value_axis,
)
from cenfigures.view.colors import region_color
from cenfigures.view.model import ChartSpec, View
from cenfigures.view.words import indicator_name, items

SPREAD = 0.3  # years between points of the same year and value


def build(view: View, indicator_id: str) -> Chart:
    t = view.t
    # One point per fact, however many articles state it; the figures are in period order.
    rows = marks(view, {"indicator": (indicator_id,)}).sort_values(
        ["period_end", "region_id", "source_id"], kind="stable"
    )
    spec = ChartSpec(
        page="indicators",
        id=indicator_id,
        type="indicator_series",
        title={lang: "" for lang in ("zh", "en")},
        tab={"zh": indicator_id, "en": indicator_id},
    )
    # What articles give differently for one year and kind (a conflict, a target beside an outcome): side by side.
    offsets = spread(rows, SPREAD, by=("period_end", "region_id"))
    at = rows["period_end"].astype(float) + offsets if not rows.empty else rows["period_end"]

    def years(part: pd.DataFrame) -> pd.Series:
        return at[part.index]

    fig = go.Figure()
    for region, part in rows.groupby("region_id", sort=False):
        color = region_color(region)
        facts = part[part["kind"] != "target"]
        if len(facts) > 1:
            fig.add_scatter(
                x=years(facts),
                y=facts["value"],
                mode="lines",
                line={"color": color, "width": 2, "dash": "dot"},
                hoverinfo="skip",
                showlegend=False,
            )
        for kind, points in part.groupby("kind", sort=False):
            fig.add_scatter(
                x=years(points),
                y=points["value"],
                mode="markers+text",
                name=f"{view.region_name(region)} · {t.kind(kind)}",
                marker=point_marker(kind, color, size=14),
                text=points["value_text"].tolist(),
                textposition=label_sides(offsets[points.index]),
                cliponaxis=False,
                customdata=points["figure_id"],
                hovertext=points["hover"].tolist(),
                hoverinfo="text",
            )
    if not rows.empty:
        years = sorted(set(int(y) for y in rows["period_end"]))
        fig.update_xaxes(
            title_text=t("chart.year"), tickvals=years, tickformat="d", range=[years[0] - 0.7, years[-1] + 0.7]
        )
        unit = rows.iloc[0]["unit"]
        top = float(rows["value"].max())
        if unit == "rank":
            fig.update_yaxes(range=[top + 1.5, 0.5], title_text=t("chart.rank_axis"))
        else:
            fig.update_yaxes(
                range=[0, max(top * 1.25, 100.0 if unit == "percent" else 0.0) or 1.0], title_text=t.unit(unit)
            )
            value_axis(fig, view, top * 1.2, axis="y")
        name = indicator_name(view, rows.iloc[0])
    else:
        name = indicator_id
    # The takeaway lists every value with its period and kind: the page follows one measure over time.
    listed = items(view, rows, with_period=True) if not rows.empty else ""
    built = chart(view, spec, fig, rows, {"indicator": name, "items": listed}, height=460)
    built.title = name
    fig.update_layout(title_text=name, meta={"finish": {**fig.layout.meta["finish"], "title": name}})
    return built
