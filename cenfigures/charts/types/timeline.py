"""`timeline`: every dated event, earliest at the top, one colour per region; an event dated to the
day is a point, one dated to the month or year a bar over that month or year (paler the vaguer),
so a reader sees how precisely each is dated."""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from cenfigures.charts.kit import (
    PX_PER_UNIT,
    SOURCE_TEXT,
    Chart,
    chart,
    is_unreviewed,
    marked,
)
from cenfigures.view.colors import region_color
from cenfigures.view.dates import event_spans, stated_date, stated_span
from cenfigures.view.linebreak import display_units, wrap
from cenfigures.view.model import ChartSpec, View

# How each precision is drawn: a point for a day, bars that fade as the date gets vaguer.
PRECISION_OPACITY = {"day": 1.0, "month": 0.55, "year": 0.3}
LABEL_UNITS = 24  # an event's title wraps after about 12 CJK or 24 Latin characters
LINE_PX = 16


def event_hover(view: View, event: Mapping) -> str:
    """Title in both languages (the page's first), date as stated with its precision, quote, article."""
    t = view.t
    width = int(t("chart.hover.width"))

    def lines(value: str, units: int) -> str:
        return "<br>".join(html.escape(line) for line in wrap(value, units))

    draft = [f"<b>{html.escape(t('review.unreviewed_event'))}</b>"] if is_unreviewed(event) else []
    return "<br>".join([
        f"<b>{lines(t.field(event, 'title'), width)}</b>",
        lines(t.other.field(event, "title"), width + 20),
        f"{html.escape(marked(view, event, stated_span(event, t)))} · {html.escape(t.precision(str(event['precision'])))}",
        *draft,
        html.escape(view.region_name(event["region_id"])),
        f"{html.escape(t('chart.hover.quote'))}{t('word.colon')}“{lines(str(event['quote']), width)}”",
        f"<span style='color:{SOURCE_TEXT}'>{html.escape(t.labelled(t('chart.hover.source'), view.source_name(event.get('source_id', ''))))}"
        f" · {html.escape(str(event['event_id']))}</span>",
    ])


def _ms(delta: pd.Timedelta) -> float:
    return delta.total_seconds() * 1000


def build(view: View, spec: ChartSpec) -> Chart:
    t = view.t
    spans = event_spans(view.events)
    fig = go.Figure()
    labels = {e["event_id"]: wrap(marked(view, e, t.field(e, "title")), LABEL_UNITS) or [""] for _, e in spans.iterrows()}
    # Numeric rows (0 = earliest) with the titles as tick text: the order stays the time order
    # whatever the trace order is; a row is as tall as its title needs.
    position, y = {}, 0.0
    for event_id in spans["event_id"]:
        position[event_id] = y
        y += max(len(labels[event_id]), 2) * 0.55 + 0.4
    in_legend: set[str] = set()
    for (region_id, precision), part in spans.groupby(["region_id", "precision"], sort=False):
        color = region_color(region_id)
        opacity = PRECISION_OPACITY.get(precision, PRECISION_OPACITY["year"])
        point = part["date_end"].astype(str).eq("") & (precision == "day")
        for is_point, group in ((True, part[point]), (False, part[~point])):
            if group.empty:
                continue
            common = {
                "y": [position[e] for e in group["event_id"]], "name": view.region_name(region_id), "legendgroup": region_id,
                "showlegend": region_id not in in_legend, "hovertext": [event_hover(view, e) for _, e in group.iterrows()], "hoverinfo": "text",
            }
            in_legend.add(region_id)
            if is_point:
                fig.add_scatter(
                    x=group["start"] + pd.Timedelta(hours=12), mode="markers",
                    marker={"symbol": "circle", "size": 14, "color": color, "opacity": opacity, "line": {"color": "white", "width": 1.5}}, **common,
                )
            else:
                fig.add_bar(
                    base=[s.isoformat() for s in group["start"]], x=[_ms(e - s) for s, e in zip(group["start"], group["end"])],
                    orientation="h", width=0.6, marker={"color": color, "opacity": opacity, "line": {"color": color, "width": 1.5}}, **common,
                )
    fig.update_xaxes(type="date", title_text=t("timeline.col.date"), tickformat=t("date.axis_year"), dtick="M12")
    fig.update_yaxes(
        tickmode="array", tickvals=list(position.values()), ticktext=["<br>".join(html.escape(x) for x in labels[e]) for e in position],
        range=[y, -0.6], showgrid=False, zeroline=False,
    )
    fig.update_layout(barmode="overlay", legend={"traceorder": "normal"})
    rows = spans.assign(figure_id=spans["event_id"]) if not spans.empty else pd.DataFrame(columns=["figure_id", "source_id"])
    values = {}
    if not spans.empty:
        first = spans.iloc[0]
        last = spans.loc[spans["end"].idxmax()]
        days = spans[spans["precision"] == "day"]
        latest = days.iloc[-1] if not days.empty else None
        values = {
            "count": len(spans), "first": stated_date(str(first["date"]), str(first["precision"]), t),
            "last": stated_date(str(last["date_end"]) or str(last["date"]), str(last["precision"]), t),
            "latest": t("timeline.latest", date=stated_date(str(latest["date"]), "day", t), title=t.field(latest, "title")) if latest is not None else "",
        }
    widest = max((display_units(line) for lines in labels.values() for line in lines), default=10)
    # Array tick text: finish() cannot measure it, so the room it needs is given.
    return chart(view, spec, fig, rows, values, height=220 + int(42 * y), min_left=int(24 + PX_PER_UNIT * widest))
