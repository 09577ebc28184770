"""`cagr_multiple`: what a compound annual growth rate implies. An index with the first year = 1
and the last year = the multiple (a derived figure, hatched); the rate labels the step between the
bars, since a rate is not a level. The multiple's assumption is quoted from its note."""

from __future__ import annotations

import html

import plotly.graph_objects as go

from cenfigures.charts.kit import (
    Chart,
    bar_marker,
    chart,
    concat,
    marks,
    value_label,
)
from cenfigures.view.colors import NEUTRAL, readable, region_color
from cenfigures.view.model import ChartSpec, View


def build(view: View, spec: ChartSpec) -> Chart:
    rates = marks(view, spec.select)
    multiples = marks(view, spec.related["multiple"]) if "multiple" in spec.related else rates.iloc[0:0]
    rate = rates.iloc[0] if not rates.empty else None
    multiple = multiples.iloc[0] if not multiples.empty else None
    anchor = rate if rate is not None else multiple
    fig = go.Figure()
    values = {}
    if anchor is not None:
        t = view.t
        start, end = int(anchor["period_start"]), int(anchor["period_end"])
        color = region_color(anchor["region_id"])
        base_label = t("chart.base_year", year=start)
        fig.add_bar(
            x=[base_label],
            y=[1],
            marker={"color": "rgba(255,255,255,0)", "line": {"color": NEUTRAL, "width": 1.5}},
            text=[t.number(1, "multiple")],
            textposition="outside",
            hoverinfo="skip",
            showlegend=False,
        )
        if multiple is not None:
            fig.add_bar(
                x=[str(end)],
                y=[multiple["value"]],
                marker=bar_marker("derived", color),
                text=[value_label(view, multiple)],
                textposition="outside",
                constraintext="none",
                cliponaxis=False,
                customdata=[multiple["figure_id"]],
                hovertext=[multiple["hover"]],
                hoverinfo="text",
                showlegend=False,
            )
        if rate is not None:
            fig.add_annotation(
                x=0.02,
                xref="x domain",
                xanchor="left",
                y=0.6,
                yref="y domain",
                text=html.escape(t("chart.cagr_label", cagr=value_label(view, rate))),
                hovertext=rate["hover"],
                showarrow=False,
                font={"size": 13, "color": readable(color)},
            )
        note = t.field(multiple, "note") if multiple is not None else ""
        fig.update_yaxes(title_text=t("chart.index_axis", year=start), rangemode="tozero")
        # The base year's label ("2019年（基期=1）") is wider than its bar: room on the left keeps it
        # off the value axis' labels on a phone.
        fig.update_xaxes(range=[-0.8, 1.5])
        fig.update_layout(bargap=0.5)
        values = {
            "start_year": start,
            "end_year": end,
            "cagr": value_label(view, rate) if rate is not None else None,
            "multiple": value_label(view, multiple) if multiple is not None else None,
            "note": note,
        }
    rows = concat(rates.iloc[:1], multiples.iloc[:1])  # what is drawn; others would be cited unseen
    # The multiple's assumption goes under the plot, where the kit makes room for it.
    return chart(view, spec, fig, rows, values, height=480, note=values.get("note", ""))
