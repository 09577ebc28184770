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
    each,
    indicator_name,
    lone_value,
    marks,
    point_marker,
    text_column,
    unreviewed,
    value_label,
)
from cenfigures.charts.types.timeline import event_marks, events_behind
from cenfigures.view.colors import region_color
from cenfigures.view.dates import stated_date, stated_spans
from cenfigures.view.linebreak import wrap
from cenfigures.view.model import ChartSpec, View

TITLE_UNITS = 28
MAX_LABELLED = 12


def _lines(text: str, units: int) -> str:
    return "<br>".join(html.escape(line) for line in wrap(text, units))


def build(view: View, spec: ChartSpec) -> Chart:
    t = view.t
    rows = marks(view, spec.select).iloc[:1]  # the one figure drawn big; others would be cited unseen
    speed = rows.iloc[0] if not rows.empty else None
    topics = set(rows["topic"]) if not rows.empty else set()
    events = view.events[view.events["topic"].isin(topics)] if not view.events.empty else view.events
    spans = event_marks(view, events).reset_index(drop=True)  # one per event, however many articles
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
    day = spans["precision"].eq("day") if not spans.empty else spans.index.to_series().astype(bool)
    days, bands = spans[day], spans[~day]
    if not days.empty:  # events dated to the day: one trace of points
        fig.add_scatter(
            x=days["start"],
            y=days.index,
            mode="markers",
            marker=point_marker("observed", color, size=14),
            name=t.precision("day"),
            showlegend=False,
            hovertext=days["hover"].tolist(),
            hoverinfo="text",
            row=2,
            col=1,
        )
    if not bands.empty:  # a month or a year: one trace of bands over what each covers (gaps between)
        last = bands["end"] - pd.Timedelta(days=1)
        fig.add_scatter(
            x=[x for start, end in zip(bands["start"], last) for x in (start, end, None)],
            y=[y for position in bands.index for y in (position, position, None)],
            mode="lines",
            line={"color": color, "width": 14},
            opacity=0.45,
            name=t.precision("month"),
            showlegend=False,
            hovertext=[h for hover in bands["hover"] for h in (hover, hover, None)],
            hoverinfo="text",
            row=2,
            col=1,
        )
    labelled = spans.iloc[:MAX_LABELLED]  # beyond these, hover says it: a corpus can date hundreds of events
    if not labelled.empty:
        dates = stated_spans(labelled.assign(date_end=""), t)
        dates = dates.where(~unreviewed(labelled), each(view, "review.marked", dates))
        when = dates + " · " + labelled["precision"].astype(str).map(t.precision)
        middle = labelled["start"] + (labelled["end"] - labelled["start"]) / 2
        for position, at, said, title in zip(labelled.index, middle, when, _titles(view, labelled)):
            fig.add_annotation(
                x=at,
                y=position,
                text=f"{html.escape(said)}<br>{title}",
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
            t("chart.event_item", date=stated_date(str(date), str(precision), t), title=title)
            for date, precision, title in zip(spans["date"], spans["precision"], text_titles(view, spans))
        )
        values = {"speed": value_label(view, speed), "events": t.sentence(listed) if listed else ""}
    behind = events_behind(view, spans)
    cited = pd.concat([rows, behind.assign(figure_id=behind["event_id"])]) if not behind.empty else rows
    built = chart(view, spec, fig, rows, values, cited=cited, height=460)
    # The source line names the events' articles too; the rows, ids and CSV of figures are the
    # figures, and the events go with the chart as events (their own CSV, cited as events).
    made = built.rows
    figures = made[made["event_id"].isna()] if "event_id" in made else made  # the figures, not the events
    built.rows, built.events = figures, behind
    return built


def text_titles(view: View, events: pd.DataFrame) -> pd.Series:
    return text_column(events, "title", view.t.lang)


def _titles(view: View, events: pd.DataFrame) -> pd.Series:
    return text_titles(view, events).map(lambda title: _lines(title, TITLE_UNITS))
