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
    articles_named,
    chart,
    each,
    escaped,
    region_names,
    source_names,
    text_column,
    tick_step,
    unreviewed,
)
from cenfigures.view.colors import GRID, TEXT, region_color
from cenfigures.view.dates import event_spans, stated_date, stated_spans
from cenfigures.view.facts import event_facts
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


def event_hovers(view: View, events: pd.DataFrame) -> pd.Series:
    """Each event's hover, a column at a time: title in both languages (the page's first), date as
    stated with its precision, draft, region, quote, the articles that report it (an event of several
    articles), the article and id."""
    t = view.t
    if events.empty:
        return pd.Series(dtype=str, index=events.index)
    width = int(t("chart.hover.width"))
    drafts = unreviewed(events)
    dates = stated_spans(events, t)
    dates = dates.where(~drafts, each(view, "review.marked", dates))
    hover = (
        "<b>" + _lines(text_column(events, "title", t.lang), width) + "</b><br>"
        + _lines(text_column(events, "title", t.other.lang), width + 20) + "<br>"
        + escaped(dates) + " · " + escaped(events["precision"].astype(str).map(t.precision))
    )  # fmt: skip
    hover += pd.Series("<br><b>" + html.escape(t("review.unreviewed_event")) + "</b>", index=events.index).where(
        drafts, ""
    )
    hover += "<br>" + escaped(region_names(view, events["region_id"]))
    hover += f"<br>{html.escape(t('chart.hover.quote'))}{t('word.colon')}“" + _lines(events["quote"], width) + "”"
    if "articles" in events:
        several = events["articles"] > 1
        said = pd.Series("", index=events.index, dtype=str)
        said[several] = [
            "<br>" + html.escape(t("chart.hover.said_by", sources=articles_named(view, first, count)))
            for first, count in zip(events.loc[several, "first_sources"], events.loc[several, "articles"])
        ]
        hover += said
    source = t.labelled(t("chart.hover.source"), "")
    return hover + (
        f"<br><span style='color:{SOURCE_TEXT}'>" + escaped(source + source_names(view, events["source_id"]))
        + " · " + escaped(events["event_id"]) + "</span>"
    )  # fmt: skip


def event_hover(view: View, event: Mapping) -> str:
    """event_hovers of one event."""
    return event_hovers(view, pd.DataFrame([dict(event)])).iloc[0]


def _lines(column: pd.Series, units: int) -> pd.Series:
    text = column.fillna("").astype(str)
    return text.map({v: "<br>".join(html.escape(line) for line in wrap(v, units)) for v in text.unique()})


def event_marks(view: View, events: pd.DataFrame) -> pd.DataFrame:
    """What a chart draws of `events`: one row per event however many articles report it
    (facts.event_facts), in time order (event_spans), with its `hover`."""

    def make() -> pd.DataFrame:
        spans = event_spans(event_facts(events))
        return spans.assign(hover=event_hovers(view, spans))

    return view.memo(("events", id(events)), make) if events is view.events else make()


def events_behind(view: View, drawn: pd.DataFrame) -> pd.DataFrame:
    """Every event (of the view) reported as one of `drawn`: what a chart cites and downloads."""
    if drawn.empty:
        return drawn
    columns = [c for c in ("date", "date_end", "title_zh") if c in drawn]
    wanted = pd.MultiIndex.from_frame(drawn[columns].astype(str))
    events = view.events
    return event_spans(events[pd.MultiIndex.from_frame(events[columns].astype(str)).isin(wanted)])


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
    spans = event_marks(view, view.events)
    fig = go.Figure()
    # Rows in pixels from the top: each event's title, then its mark (the time order, whatever the
    # order of the traces).
    titles = text_column(spans, "title", t.lang)
    titles = titles.where(~unreviewed(spans), each(view, "review.marked", titles))
    lines = titles.map(lambda title: wrap(title, LABEL_UNITS) or [""]).astype(object)
    count = lines.map(len).astype(int) if not spans.empty else pd.Series(dtype=int)
    row_px = LINE_PX * count + LABEL_GAP_PX + MARK_PX + GAP_PX
    top = row_px.cumsum() - row_px
    center = top + LINE_PX * count + LABEL_GAP_PX + MARK_PX / 2
    y = int(row_px.sum()) if not spans.empty else 0
    fig.layout.annotations = [  # each event's title above its mark: one per event, however many articles
        {
            "x": 0,
            "y": at,
            "xref": "x domain",
            "yref": "y",
            "text": "<br>".join(html.escape(line) for line in title),
            "showarrow": False,
            "xanchor": "left",
            "yanchor": "top",
            "align": "left",
            "font": {"size": 13, "color": TEXT},
            "name": "event-label",
        }
        for at, title in zip(top, lines)
    ]
    in_legend: set[str] = set()
    point = spans["date_end"].astype(str).eq("") & spans["precision"].eq("day") if not spans.empty else spans["date"]
    for (region_id, precision, is_point), group in spans.assign(point=point).groupby(
        ["region_id", "precision", "point"], sort=False
    ):  # one trace per region, precision and shape
        color = region_color(region_id)
        opacity = PRECISION_OPACITY.get(precision, PRECISION_OPACITY["year"])
        common = {
            "y": center[group.index],
            "name": view.region_name(region_id),
            "legendgroup": region_id,
            "showlegend": region_id not in in_legend,
            "hovertext": group["hover"].tolist(),
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
                base=group["start"].dt.strftime("%Y-%m-%dT%H:%M:%S"),
                x=(group["end"] - group["start"]).dt.total_seconds() * 1000,
                orientation="h",
                width=MARK_PX * 0.75,
                marker={"color": color, "opacity": opacity, "line": {"color": color, "width": 1.5}},
                **common,
            )
    axis, left = year_axis(view, spans)
    fig.update_xaxes(type="date", title_text=t("timeline.col.date"), **axis)
    fig.update_yaxes(range=[max(y, 1), 0], visible=False)
    fig.update_layout(barmode="overlay", legend={"traceorder": "normal"})
    cited = events_behind(view, spans)
    empty = pd.DataFrame(columns=["figure_id", "source_id"])
    rows = cited.assign(figure_id=cited["event_id"]) if not cited.empty else empty
    drawn = spans.assign(figure_id=spans["event_id"]) if not spans.empty else rows
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
    return chart(view, spec, fig, drawn, values, cited=rows, height=FRAME_PX + max(y, 60), min_left=left)
