"""`counts`: how many of each thing, one colour per region. Bars on a linear scale when the counts
are of one magnitude; dots on a log scale when they span more than two orders of magnitude (23,000
base stations beside 6 pilot projects), since a bar's length on a log scale means nothing."""

from __future__ import annotations

import math

import plotly.graph_objects as go

from cenfigures.charts.kit import (
    CATEGORY_ROW_PX,
    Chart,
    apart,
    bar_marker,
    category_names,
    category_rows_px,
    chart,
    item,
    marks,
    point_marker,
    value_axis,
)
from cenfigures.view.colors import region_color
from cenfigures.view.model import ChartSpec, View

LOG_SPAN = 100  # largest / smallest above which the chart switches to dots on a log scale


def build(view: View, spec: ChartSpec) -> Chart:
    rows = marks(view, spec.select)
    several_regions = rows["region_id"].nunique() > 1 if not rows.empty else False
    labels = apart(view, category_names(view, rows, several_regions), rows)
    positive = rows[rows["value"] > 0] if not rows.empty else rows
    use_log = not positive.empty and float(positive["value"].max()) / float(positive["value"].min()) > LOG_SPAN
    fig = go.Figure()
    in_legend: set[str] = set()
    traces = []
    # One trace per region and kind: a target or derived count is drawn as one, never as data.
    for (region, kind), part in rows.groupby(["region_id", "kind"], sort=False):
        common = {
            "x": part["value"],
            "y": labels[part.index].tolist(),
            "name": part["region_name"].iloc[0],
            "customdata": part["figure_id"],
            "hovertext": part["hover"].tolist(),
            "hoverinfo": "text",
            "text": part["value_text"].tolist(),
            "cliponaxis": False,
            "legendgroup": region,
            "showlegend": several_regions and region not in in_legend,
        }
        in_legend.add(region)
        if use_log:
            dots = {"mode": "markers+text", "textposition": "middle right"}
            traces.append(
                {"type": "scatter", **dots, "marker": point_marker(kind, region_color(region), size=13), **common}
            )
        else:
            bars = {"orientation": "h", "textposition": "outside"}
            traces.append({"type": "bar", **bars, "marker": bar_marker(kind, region_color(region)), **common})
    fig.add_traces(traces)  # at once, as dicts: plotly checks the traces so far again on each one added
    top = float(rows["value"].max()) if not rows.empty else 1.0
    if use_log:
        smallest = float(positive["value"].min())
        powers = [10.0**k for k in range(int(math.floor(math.log10(smallest))), int(math.ceil(math.log10(top))) + 1)]
        # A grid line at every power of ten, a label at every other one when there are many: five
        # labels a phone's plot apart were turned on their side, into the axis title.
        step = 2 if len(powers) > 4 else 1
        fig.update_xaxes(
            type="log",
            title_text=view.t("chart.count_axis_log"),
            tickvals=powers,
            ticktext=[view.t.number(v, "index") if k % step == 0 else "" for k, v in enumerate(powers)],
            range=[math.log10(powers[0]) - 0.1, math.log10(top) + 0.5],
        )
    else:
        fig.update_xaxes(range=[0, top * 1.3], title_text=view.t.unit("count"))
        value_axis(fig, view, top * 1.25)
    fig.update_yaxes(autorange="reversed")
    values = {}
    if not rows.empty:
        largest = rows.loc[rows["value"].idxmax()]
        values = {"top": item(view, largest, with_region=True), "count": len(rows)}
    return chart(
        view, spec, fig, rows, values, height=140 + (category_rows_px(labels) if len(labels) else CATEGORY_ROW_PX)
    )
