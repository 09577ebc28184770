"""Charts of 5G at the Beijing Winter Olympics (topic "olympics_5g"): uplink capacity, 4K streams,
the train studio and its dated events. Pure builders: figures (and events) in, Chart out."""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from cenfigures.charts.kit import (
    Chart,
    bar_marker,
    chart_from,
    hover_text,
    indicator,
    point_marker,
    row_of,
    select,
)
from cenfigures.view.colors import NEUTRAL, SOURCE_TEXT, region_color
from cenfigures.view.formatting import format_figure
from cenfigures.view.labels import column, precision_label, text, unit_name

UPLINK_IDS = ("olympics-4k-uplink-required", "olympics-venue-5g-rate")
STREAM_IDS = ("olympics-4k-streams-stated", "olympics-4k-streams-derived")
TRAIN_IDS = ("olympics-train-studio-speed",)
ALL_IDS = UPLINK_IDS + STREAM_IDS + TRAIN_IDS
TOPIC = "olympics_5g"
NO_EVENTS = pd.DataFrame(columns=["event_id", "date", "date_end", "precision", "title_zh", "title_en", "topic", "region_id", "quote"])
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")



def _wrapped(label: str, lang: str, width_zh: int = 10, width_en: int = 24) -> str:
    # Long Chinese labels squeeze the plot on a phone; wrap them onto lines plotly understands.
    width = width_en if lang == "en" else width_zh
    return "<br>".join(textwrap.wrap(html.escape(label, quote=False), width)) or label


def _listing(rows: pd.DataFrame, lang: str) -> str:
    if rows.empty:
        return text("app.no_rows", lang)
    separator, joiner = ("; ", ": ") if lang == "en" else ("；", "")
    items = separator.join(f"{indicator(r, lang)}{joiner}{format_figure(r, lang)}" for _, r in rows.iterrows())
    return text("uhd.takeaway.listing", lang, items=items)


def uplink(figures: pd.DataFrame, lang: str, source: Mapping) -> Chart:
    """The rate one 4K stream needs against the rate measured on site, with a mark at every whole
    multiple of the need that fits under the measured rate."""
    rows = select(figures, UPLINK_IDS)
    need, rate = (row_of(figures, i) for i in UPLINK_IDS)
    fig = go.Figure()
    palette = {"olympics-4k-uplink-required": NEUTRAL, "olympics-venue-5g-rate": region_color("beijing")}
    fig.add_bar(
        x=rows["value"], y=[indicator(r, lang) for _, r in rows.iterrows()], orientation="h",
        marker={"color": [palette.get(i, NEUTRAL) for i in rows["figure_id"]]}, text=[format_figure(r, lang) for _, r in rows.iterrows()],
        textposition="outside", customdata=rows["figure_id"], hovertext=[hover_text(r, lang) for _, r in rows.iterrows()],
        hoverinfo="text", showlegend=False, cliponaxis=False,
    )
    fits = 0
    if need is not None and rate is not None and need["value"] > 0:
        fits = math.floor(rate["value"] / need["value"])
        for n in range(1, fits + 1):
            # Marks at 1x, 2x, 3x the need: how many whole streams the measured rate holds.
            fig.add_vline(x=n * need["value"], line={"color": SOURCE_TEXT, "dash": "dot", "width": 1.5})
            fig.add_annotation(
                x=n * need["value"], y=1.0, yref="paper", yanchor="bottom", text=text("olympics.mark.streams", lang, n=n),
                showarrow=False, font={"size": 11, "color": SOURCE_TEXT},
            )
    top = float(rows["value"].max()) if not rows.empty else 1.0
    fig.update_xaxes(title_text=text("olympics.axis.mbps", lang), range=[0, top * 1.25])
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(bargap=0.45)
    if need is not None and rate is not None:
        takeaway = text("olympics.takeaway.uplink", lang, rate=format_figure(rate, lang), need=format_figure(need, lang), streams=fits)
    else:
        takeaway = _listing(rows, lang)
    return chart_from("olympics-uplink", fig, takeaway, rows, title=text("olympics.title.uplink", lang), source=source, lang=lang, height=340)


def streams(figures: pd.DataFrame, lang: str, source: Mapping) -> Chart:
    """Streams as stated (solid) against rate / need as computed (hatched, a theoretical ceiling)."""
    rows = select(figures, STREAM_IDS)
    stated, derived = (row_of(figures, i) for i in STREAM_IDS)
    color = region_color("beijing")
    fig = go.Figure()
    for _, row in rows.iterrows():
        fig.add_bar(
            x=[indicator(row, lang)], y=[row["value"]], name=indicator(row, lang),
            marker=bar_marker(row["kind"], color), text=[format_figure(row, lang)], textposition="outside",
            customdata=[row["figure_id"]], hovertext=[hover_text(row, lang)], hoverinfo="text", showlegend=False, cliponaxis=False,
        )
    top = float(rows["value"].max()) if not rows.empty else 1.0
    fig.update_yaxes(title_text=text("olympics.axis.streams", lang), range=[0, math.ceil(top) + 1], dtick=1)
    fig.update_layout(bargap=0.5)
    if stated is not None and derived is not None:
        note = str(derived.get(column("note", lang)) or "").rstrip("。.")
        takeaway = text("olympics.takeaway.streams", lang, stated=format_figure(stated, lang), derived=format_figure(derived, lang), note=note)
    else:
        takeaway = _listing(rows, lang)
    return chart_from("olympics-streams", fig, takeaway, rows, title=text("olympics.title.streams", lang), source=source, lang=lang, height=400)


def _parse_date(value: str) -> tuple[int, int, int]:
    parts = [int(p) for p in str(value).split("-")]
    return (parts + [1, 1])[0], (parts + [1, 1])[1], (parts + [1, 1, 1])[2]


def event_date(event: Mapping, lang: str) -> str:
    """The date as precisely as the article states it: "2021年12月" / "Dec 2021", "2022年1月6日" / "6 Jan 2022"."""
    year, month, day = _parse_date(event["date"])
    key = "olympics.date.day" if event["precision"] == "day" else "olympics.date.month"
    return text(key, lang, year=year, month=month, day=day, month_name=_MONTHS_EN[month - 1])


def _span(event: Mapping) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last moment the date can mean: a whole month for month precision, a day otherwise."""
    year, month, day = _parse_date(event["date"])
    start = pd.Timestamp(year=year, month=month, day=day)
    if event["precision"] == "month":
        return start, start + pd.offsets.MonthEnd(1)
    return start, start


def topic_events(events: pd.DataFrame) -> pd.DataFrame:
    """This page's dated events, in date order."""
    if events.empty or "topic" not in events:
        return NO_EVENTS
    return events[events["topic"] == TOPIC].sort_values("date")


def train_studio(figures: pd.DataFrame, lang: str, source: Mapping, events: pd.DataFrame = NO_EVENTS) -> Chart:
    """The train's speed as a big number, and a small dated strip of the page's events: a month-
    precise date is drawn as a band over the whole month, a day-precise one as a point."""
    rows = select(figures, TRAIN_IDS)
    speed = row_of(figures, TRAIN_IDS[0])
    dated = topic_events(events)
    color = region_color("beijing")
    fig = make_subplots(
        rows=2, cols=1, row_heights=[0.3, 0.7], vertical_spacing=0.25,
    )
    if speed is not None:
        # One bar: the speed is a single number, its label says it in full.
        fig.add_bar(
            x=[speed["value"]], y=[""], orientation="h", marker=bar_marker(speed["kind"], color), text=[format_figure(speed, lang)],
            textposition="inside", insidetextanchor="end", textfont={"size": 16, "color": "white"}, customdata=[speed["figure_id"]],
            hovertext=[hover_text(speed, lang)], hoverinfo="text", showlegend=False, row=1, col=1,
        )
        # The name goes in the axis title (in the gap between the panels), not a subplot title that
        # would run into the chart title on a phone.
        axis_title = f"{indicator(speed, lang)} ({unit_name(speed['unit'], lang)})" if lang == "en" else f"{indicator(speed, lang)}（{unit_name(speed['unit'], lang)}）"
        fig.update_xaxes(title_text=_wrapped(axis_title, lang, 18, 40), rangemode="tozero", row=1, col=1)
        fig.update_yaxes(showticklabels=False, row=1, col=1)
    color = region_color("beijing")
    for position, (_, event) in enumerate(dated.iterrows()):
        start, end = _span(event)
        title = _wrapped(str(event[column("title", lang)]), lang, 14, 30)
        # No legend (it would collide with the panel title on a phone): each label says its precision.
        label = f"{html.escape(event_date(event, lang))} · {html.escape(precision_label(event['precision'], lang))}<br>{title}"
        hover = f"<b>{title}</b><br>{html.escape(event_date(event, lang))} · {html.escape(precision_label(event['precision'], lang))}<br>“{_wrapped(str(event['quote']), lang, 28, 60)}”"
        legend = precision_label(event["precision"], lang)
        common = {"name": legend, "showlegend": False, "hovertext": hover, "hoverinfo": "text"}
        if event["precision"] == "day":
            fig.add_scatter(x=[start], y=[position], mode="markers", marker=point_marker("observed", color, size=14), row=2, col=1, **common)
        else:
            fig.add_scatter(
                x=[start, end], y=[position, position], mode="lines", line={"color": color, "width": 14}, opacity=0.45, row=2, col=1, **common,
            )
        middle = start + (end - start) / 2
        fig.add_annotation(x=middle, y=position, text=label, showarrow=False, yshift=14, yanchor="bottom", font={"size": 11}, row=2, col=1)
    if not dated.empty:
        first, last = _span(dated.iloc[0])[0], _span(dated.iloc[-1])[1]
        pad = max((last - first) / 3, pd.Timedelta(days=10))
        fig.update_xaxes(range=[first - pad, last + pad], type="date", dtick="M1", tickformat="%b %Y" if lang == "en" else "%Y年%-m月", row=2, col=1)
        fig.update_yaxes(range=[-0.5, len(dated) + 0.2], visible=False, row=2, col=1)
    else:
        fig.update_xaxes(visible=False, row=2, col=1)
        fig.update_yaxes(visible=False, row=2, col=1)
    if speed is not None:
        items = ("; " if lang == "en" else "；").join(
            text("olympics.event_item", lang, date=event_date(e, lang), title=e[column("title", lang)]) for _, e in dated.iterrows()
        )
        takeaway = text("olympics.takeaway.train", lang, indicator=indicator(speed, lang), speed=format_figure(speed, lang),
                        events=(items + ("." if lang == "en" else "。")) if items else "")
    else:
        takeaway = _listing(rows, lang)
    return chart_from("olympics-train", fig, takeaway.strip(), rows, title=text("olympics.title.train", lang), source=source, lang=lang, height=460)


BUILDERS = (uplink, streams, train_studio)
