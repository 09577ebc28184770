"""`timeline`: every dated event, earliest at the top, one colour per region; an event dated to the
day is a point, one dated to the month or year a bar over that month or year (paler the vaguer),
so a reader sees how precisely each is dated.

Each event's title stands above its mark, across the whole width, as the comparison chart's names
do: titles beside the marks took most of a phone's width and left the plot a third of it. The
year ticks are spaced for the plot's width on a phone (`kit.tick_step`), so they never crowd;
a wider screen keeps a grid line every year.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from cenfigures.charts.kit import (
    PHONE_CHART_PX,
    PX_PER_UNIT,
    RIGHT_PX,
    SOURCE_TEXT,
    Chart,
    chart,
    is_unreviewed,
    marked,
    tick_step,
)
from cenfigures.view.colors import GRID, TEXT, region_color
from cenfigures.view.dates import event_spans, stated_date, stated_span
from cenfigures.view.linebreak import display_units, wrap
from cenfigures.view.model import ChartSpec, View

# How each precision is drawn: a point for a day, bars that fade as the date gets vaguer.
PRECISION_OPACITY = {"day": 1.0, "month": 0.55, "year": 0.3}
LABEL_UNITS = 40  # an event's title wraps after about 20 CJK or 40 Latin characters (a phone's plot width)
LINE_PX = 17  # a line of an event's title
LABEL_GAP_PX = 6  # between an event's title and the row of its mark
MARK_PX = 18  # the row of an event's bar or point
GAP_PX = 18  # between one event's mark and the next event's title: more than above, so a title reads with its own mark
# plot height = the `height` given to chart() minus this (title, legend gap, x axis, source line)
FRAME_PX = 134


def event_hover(view: View, event: Mapping) -> str:
    """Title in both languages (the page's first), date as stated with its precision, quote, article."""
    t = view.t
    width = int(t("chart.hover.width"))

    def lines(value: str, units: int) -> str:
        return "<br>".join(html.escape(line) for line in wrap(value, units))

    draft = [f"<b>{html.escape(t('review.unreviewed_event'))}</b>"] if is_unreviewed(event) else []
    return "<br>".join(
        [
            f"<b>{lines(t.field(event, 'title'), width)}</b>",
            lines(t.other.field(event, "title"), width + 20),
            f"{html.escape(marked(view, event, stated_span(event, t)))} · "
            f"{html.escape(t.precision(str(event['precision'])))}",
            *draft,
            html.escape(view.region_name(event["region_id"])),
            f"{html.escape(t('chart.hover.quote'))}{t('word.colon')}“{lines(str(event['quote']), width)}”",
            f"<span style='color:{SOURCE_TEXT}'>"
            f"{html.escape(t.labelled(t('chart.hover.source'), view.source_name(event.get('source_id', ''))))}"
            f" · {html.escape(str(event['event_id']))}</span>",
        ]
    )


def _ms(delta: pd.Timedelta) -> float:
    return delta.total_seconds() * 1000


def whole_years(spans: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """From the start of the first event's year to the end of the last event's year."""
    last = spans["end"].max()
    last_year = last.year + (last != pd.Timestamp(year=last.year, month=1, day=1))
    return pd.Timestamp(year=spans["start"].min().year, month=1, day=1), pd.Timestamp(year=last_year, month=1, day=1)


def year_axis(view: View, spans: pd.DataFrame) -> tuple[dict, int]:
    """The date axis over whole years and the left margin it needs (half of the first year's label,
    centred on the plot's edge). Labels go every 1, 2, 5, ... years: the smallest step whose labels
    keep apart on the plot of a phone; a wider screen gets a grid line every year between them."""
    fmt = view.t("date.axis_year")
    if spans.empty:
        return {"dtick": "M12", "tickformat": fmt}, 14
    first, last = whole_years(spans)
    label_px = PX_PER_UNIT * max(display_units(first.strftime(fmt)), display_units(last.strftime(fmt)))
    left = int(label_px / 2) + 10
    step = tick_step(last.year - first.year, PHONE_CHART_PX - left - RIGHT_PX, label_px)
    axis = {
        "range": [first, last],
        "dtick": f"M{12 * step}",
        "tick0": pd.Timestamp(year=first.year - first.year % step, month=1, day=1),
        "tickformat": fmt,
        "tickangle": 0,
        "minor": {"dtick": "M12", "showgrid": step > 1, "gridcolor": GRID},
    }
    return axis, left


def build(view: View, spec: ChartSpec) -> Chart:
    t = view.t
    spans = event_spans(view.events)
    fig = go.Figure()
    # Rows in pixels from the top: each event's title, then its mark (the time order, whatever the
    # order of the traces).
    center, y = {}, 0
    for _, event in spans.iterrows():
        lines = wrap(marked(view, event, t.field(event, "title")), LABEL_UNITS) or [""]
        fig.add_annotation(
            x=0,
            y=y,
            xref="x domain",
            yref="y",
            text="<br>".join(html.escape(line) for line in lines),
            showarrow=False,
            xanchor="left",
            yanchor="top",
            align="left",
            font={"size": 13, "color": TEXT},
            name="event-label",
        )
        y += LINE_PX * len(lines) + LABEL_GAP_PX
        center[event["event_id"]] = y + MARK_PX / 2
        y += MARK_PX + GAP_PX
    in_legend: set[str] = set()
    for (region_id, precision), part in spans.groupby(["region_id", "precision"], sort=False):
        color = region_color(region_id)
        opacity = PRECISION_OPACITY.get(precision, PRECISION_OPACITY["year"])
        point = part["date_end"].astype(str).eq("") & (precision == "day")
        for is_point, group in ((True, part[point]), (False, part[~point])):
            if group.empty:
                continue
            common = {
                "y": [center[e] for e in group["event_id"]],
                "name": view.region_name(region_id),
                "legendgroup": region_id,
                "showlegend": region_id not in in_legend,
                "hovertext": [event_hover(view, e) for _, e in group.iterrows()],
                "hoverinfo": "text",
            }
            in_legend.add(region_id)
            if is_point:
                fig.add_scatter(
                    x=group["start"] + pd.Timedelta(hours=12),
                    mode="markers",
                    marker={
                        "symbol": "circle",
                        "size": 14,
                        "color": color,
                        "opacity": opacity,
                        "line": {"color": "white", "width": 1.5},
                    },
                    **common,
                )
            else:
                fig.add_bar(
                    base=[s.isoformat() for s in group["start"]],
                    x=[_ms(e - s) for s, e in zip(group["start"], group["end"])],
                    orientation="h",
                    width=MARK_PX * 0.75,
                    marker={"color": color, "opacity": opacity, "line": {"color": color, "width": 1.5}},
                    **common,
                )
    axis, left = year_axis(view, spans)
    fig.update_xaxes(type="date", title_text=t("timeline.col.date"), **axis)
    fig.update_yaxes(range=[max(y, 1), 0], visible=False)
    fig.update_layout(barmode="overlay", legend={"traceorder": "normal"})
    rows = (
        spans.assign(figure_id=spans["event_id"])
        if not spans.empty
        else pd.DataFrame(columns=["figure_id", "source_id"])
    )
    values = {}
    if not spans.empty:
        first = spans.iloc[0]
        last = spans.loc[spans["end"].idxmax()]
        days = spans[spans["precision"] == "day"]
        latest = days.iloc[-1] if not days.empty else None
        values = {
            "count": len(spans),
            "first": stated_date(str(first["date"]), str(first["precision"]), t),
            "last": stated_date(str(last["date_end"]) or str(last["date"]), str(last["precision"]), t),
            "latest": t(
                "timeline.latest", date=stated_date(str(latest["date"]), "day", t), title=t.field(latest, "title")
            )
            if latest is not None
            else "",
        }
    return chart(view, spec, fig, rows, values, height=FRAME_PX + max(y, 60), min_left=left)
