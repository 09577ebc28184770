"""`speed_and_events`: one stated figure written big (the studio train's speed) and, below it, a
small dated strip of the events of the same topic: a month-precise date is a band over the whole
month, a day-precise one a point."""

from __future__ import annotations

import html

import pandas as pd
from plotly.subplots import make_subplots

from cenfigures.charts.kit import (
    Chart,
    chart,
    concat,
    indicator_name,
    lone_value,
    marked,
    point_marker,
    value_label,
)
from cenfigures.charts.types.timeline import event_hover
from cenfigures.view.colors import region_color
from cenfigures.view.dates import event_spans, stated_date
from cenfigures.view.linebreak import wrap
from cenfigures.view.model import ChartSpec, View, ids_of

TITLE_UNITS = 28
MAX_LABELLED = 12


def _lines(text: str, units: int) -> str:
    return "<br>".join(html.escape(line) for line in wrap(text, units))


def build(view: View, spec: ChartSpec) -> Chart:
    t = view.t
    rows = view.select(spec.select).iloc[:1]  # the one figure drawn big; others would be cited unseen
    speed = rows.iloc[0] if not rows.empty else None
    topics = set(rows["topic"]) if not rows.empty else set()
    events = view.events[view.events["topic"].isin(topics)] if not view.events.empty else view.events
    spans = event_spans(events)
    color = region_color(speed["region_id"]) if speed is not None else region_color("national")
    fig = make_subplots(rows=2, cols=1, row_heights=[0.3, 0.7], vertical_spacing=0.25)
    if speed is not None:
        # One value: written big, not a bar (a bar alone on its own scale compares nothing).
        lone_value(fig, view, speed, size=22, color=color, row=1, col=1)
        # The name goes in the axis title (between the panels), not a subplot title that would run
        # into the chart title on a phone.
        axis_title = t("chart.axis_with_unit", name=indicator_name(view, speed), unit=t.unit(speed["unit"]))
        fig.update_xaxes(title_text=_lines(axis_title, 40), rangemode="tozero", row=1, col=1)
        fig.update_yaxes(showticklabels=False, row=1, col=1)
    for position, (_, event) in enumerate(spans.iterrows()):
        title = _lines(t.field(event, "title"), TITLE_UNITS)
        when = (
            f"{marked(view, event, stated_date(str(event['date']), str(event['precision']), t))} · "
            f"{t.precision(str(event['precision']))}"
        )
        common = {
            "name": t.precision(str(event["precision"])),
            "showlegend": False,
            "hovertext": event_hover(view, event),
            "hoverinfo": "text",
        }
        if event["precision"] == "day":
            fig.add_scatter(
                x=[event["start"]],
                y=[position],
                mode="markers",
                marker=point_marker("observed", color, size=14),
                row=2,
                col=1,
                **common,
            )
        else:
            last = event["end"] - pd.Timedelta(days=1)
            fig.add_scatter(
                x=[event["start"], last],
                y=[position, position],
                mode="lines",
                line={"color": color, "width": 14},
                opacity=0.45,
                row=2,
                col=1,
                **common,
            )
        if position < MAX_LABELLED:  # beyond these, hover says it: a corpus can date hundreds of events
            middle = event["start"] + (event["end"] - event["start"]) / 2
            fig.add_annotation(
                x=middle,
                y=position,
                text=f"{html.escape(when)}<br>{title}",
                showarrow=False,
                yshift=14,
                yanchor="bottom",
                font={"size": 11},
                row=2,
                col=1,
            )
    if not spans.empty:
        first, last = spans["start"].min(), spans["end"].max()
        pad = max((last - first) / 3, pd.Timedelta(days=10))
        fig.update_xaxes(
            range=[first - pad, last + pad], type="date", dtick="M1", tickformat=t("date.axis_month"), row=2, col=1
        )
        fig.update_yaxes(range=[-0.5, len(spans) + 0.2], visible=False, row=2, col=1)
    else:
        fig.update_xaxes(visible=False, row=2, col=1)
        fig.update_yaxes(visible=False, row=2, col=1)
    values = {}
    if speed is not None:
        listed = t.listing(
            t("chart.event_item", date=stated_date(str(e["date"]), str(e["precision"]), t), title=t.field(e, "title"))
            for _, e in spans.iterrows()
        )
        values = {"speed": value_label(view, speed), "events": t.sentence(listed) if listed else ""}
    cited = concat(rows, spans.assign(figure_id=spans["event_id"]) if not spans.empty else None)
    built = chart(view, spec, fig, rows, values, cited=cited, height=460)
    # The source line names the events' articles too; the rows, ids and CSV of figures are the
    # figures, and the events go with the chart as events (their own CSV, cited as events).
    built.rows, built.figure_ids, built.events = rows, ids_of(rows), spans
    return built
