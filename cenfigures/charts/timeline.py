"""Every dated event of the article on a time axis (events.csv). Pure builders and filters.

A date is drawn as precisely as the article states it: a day is a filled point on that day; a
month is a pale bar over the whole month; a year (or a period with an end) is a paler bar over
the whole span. So "October 2021" never looks like "25 October 2021".
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Iterable, Mapping

import pandas as pd
import plotly.graph_objects as go

from cenfigures.charts.kit import Chart, chart_from
from cenfigures.view.colors import region_color
from cenfigures.view.filters import ViewState
from cenfigures.view.labels import column, precision_label, text, topic_label

# How each precision is drawn: a point for a day, bars that fade as the date gets vaguer.
PRECISION_STYLE: dict[str, dict[str, float]] = {
    "day": {"opacity": 1.0},
    "month": {"opacity": 0.55},
    "year": {"opacity": 0.3},
}
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _year_span(events: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    start = events["date"].astype(str).str[:4].astype(int)
    end_text = events["date_end"].astype(str).where(events["date_end"].astype(str) != "", events["date"].astype(str))
    return start, end_text.str[:4].astype(int)


def apply_events(events: pd.DataFrame, state: ViewState, uses: Iterable[str] = ("region", "topic", "years")) -> pd.DataFrame:
    """The events the filters named in `uses` let through (years: the event's span overlaps them)."""
    if events.empty:
        return events
    uses = set(uses)
    mask = pd.Series(True, index=events.index)
    if "region" in uses and state.regions:
        mask &= events["region_id"].isin(state.regions)
    if "topic" in uses and state.topics:
        mask &= events["topic"].isin(state.topics)
    if "years" in uses and state.years:
        first, last = state.years
        start, end = _year_span(events)
        mask &= (start <= last) & (end >= first)
    return events[mask]


def _period(value: str, precision: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First instant of the date as stated and the first instant after it."""
    if precision == "year" or len(value) == 4:
        start = pd.Timestamp(f"{value[:4]}-01-01")
        return start, start + pd.DateOffset(years=1)
    if precision == "month" or len(value) == 7:
        start = pd.Timestamp(f"{value[:7]}-01")
        return start, start + pd.DateOffset(months=1)
    start = pd.Timestamp(value[:10])
    return start, start + pd.Timedelta(days=1)


def event_spans(events: pd.DataFrame) -> pd.DataFrame:
    """`events` in time order with `start` and `end` (exclusive) timestamps: a month spans the
    whole month, a year the whole year, and an end date runs to the end of its month or year."""
    if events.empty:
        return events.assign(start=pd.Series(dtype="datetime64[ns]"), end=pd.Series(dtype="datetime64[ns]"))
    starts, ends = [], []
    for _, event in events.iterrows():
        start, end = _period(str(event["date"]), str(event["precision"]))
        if str(event["date_end"]):
            _, end = _period(str(event["date_end"]), str(event["precision"]))
        starts.append(start)
        ends.append(end)
    spans = events.assign(start=starts, end=ends)
    return spans.sort_values(["start", "end", "event_id"], kind="stable")


def stated_date(value: str, precision: str, lang: str) -> str:
    """A date as precisely as stated: "2021年10月" / "Oct 2021", "2022年1月6日" / "6 Jan 2022"."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1 or precision == "year":
        return f"{parts[0]}年" if lang == "zh" else str(parts[0])
    if len(parts) == 2 or precision == "month":
        return f"{parts[0]}年{parts[1]}月" if lang == "zh" else f"{MONTHS_EN[parts[1] - 1]} {parts[0]}"
    return f"{parts[0]}年{parts[1]}月{parts[2]}日" if lang == "zh" else f"{parts[2]} {MONTHS_EN[parts[1] - 1]} {parts[0]}"


def stated_span(event: Mapping, lang: str) -> str:
    start = stated_date(str(event["date"]), str(event["precision"]), lang)
    if not str(event["date_end"]):
        return start
    return f"{start}–{stated_date(str(event['date_end']), str(event['precision']), lang)}"


def _wrap(value: str, width: int) -> str:
    return "<br>".join(textwrap.wrap(html.escape(value, quote=False), width))


def event_hover(event: Mapping, lang: str) -> str:
    """Title in both languages (the page's first), date as stated with its precision, quote."""
    width = 28 if lang == "zh" else 60
    other = "zh" if lang == "en" else "en"
    lines = [
        f"<b>{_wrap(str(event[column('title', lang)]), width)}</b>",
        _wrap(str(event[column("title", other)]), width + 20),
        f"{html.escape(stated_span(event, lang))} · {html.escape(precision_label(str(event['precision']), lang))}",
        html.escape(str(event["region_en" if lang == "en" else "region"])),
        f"{text('chart.hover.quote', lang)}: “{_wrap(str(event['quote']), width)}”",
        f"<span style='color:#6B6B6B'>{html.escape(str(event['event_id']))}</span>",
    ]
    return "<br>".join(lines)


def _label(event: Mapping, lang: str) -> str:
    """The title on at most two short lines, so the axis labels leave room for the time axis."""
    title = html.escape(str(event[column("title", lang)]), quote=False)
    width = 10 if lang == "zh" else 24
    lines = textwrap.wrap(title, width) if lang == "en" else [title[i:i + width] for i in range(0, len(title), width)]
    if len(lines) > 2:
        lines = [lines[0], lines[1][: width - 1] + "…"]
    return "<br>".join(lines)


def _takeaway(spans: pd.DataFrame, lang: str) -> str:
    if spans.empty:
        return text("timeline.no_events", lang)
    first = spans.iloc[0]
    last = spans.loc[spans["end"].idxmax()]
    first_text = stated_date(str(first["date"]), str(first["precision"]), lang)
    last_date = str(last["date_end"]) or str(last["date"])
    last_text = stated_date(last_date, str(last["precision"]), lang)
    days = spans[spans["precision"] == "day"]
    latest = days.iloc[-1] if not days.empty else None
    if lang == "en":
        sentence = f"{len(spans)} events from {first_text} to {last_text}"
        if latest is not None:
            sentence += f"; the latest dated to the day: {stated_date(str(latest['date']), 'day', lang)}, {latest['title_en']}"
        return sentence + "."
    sentence = f"共{len(spans)}个事件，时间从{first_text}到{last_text}"
    if latest is not None:
        sentence += f"；精确到日的最新事件：{stated_date(str(latest['date']), 'day', lang)}，{latest['title_zh']}"
    return sentence + "。"


def _ms(delta: pd.Timedelta) -> float:
    return delta.total_seconds() * 1000


def timeline(figures: pd.DataFrame, lang: str, source: Mapping, *, events: pd.DataFrame | None = None) -> Chart:
    """One row per event, earliest at the top; colour per region; marks by date precision.
    `figures` is unused (events carry their own quotes) but kept for the shared builder signature."""
    events = pd.DataFrame() if events is None else events
    spans = event_spans(events)
    fig = go.Figure()
    # Numeric rows (0 = earliest) with the titles as tick text: the order stays the time order
    # whatever the trace order is.
    position = {event_id: number for number, event_id in enumerate(spans["event_id"])}
    name_column = "region_en" if lang == "en" else "region"
    in_legend: set[str] = set()
    for (region_id, precision), part in spans.groupby(["region_id", "precision"], sort=False):
        color = region_color(region_id)
        style = PRECISION_STYLE.get(precision, PRECISION_STYLE["year"])
        point = part["date_end"].astype(str).eq("") & (precision == "day")
        for is_point, group in ((True, part[point]), (False, part[~point])):
            if group.empty:
                continue
            common = {
                "y": [position[event_id] for event_id in group["event_id"]], "name": str(group.iloc[0][name_column]),
                "legendgroup": region_id, "showlegend": region_id not in in_legend,
                "hovertext": [event_hover(event, lang) for _, event in group.iterrows()], "hoverinfo": "text",
            }
            in_legend.add(region_id)
            if is_point:
                fig.add_scatter(
                    x=group["start"] + pd.Timedelta(hours=12), mode="markers",
                    marker={"symbol": "circle", "size": 14, "color": color, "opacity": style["opacity"], "line": {"color": "white", "width": 1.5}},
                    **common,
                )
            else:
                fig.add_bar(
                    base=[s.isoformat() for s in group["start"]], x=[_ms(e - s) for s, e in zip(group["start"], group["end"])],
                    orientation="h", width=0.6,
                    marker={"color": color, "opacity": style["opacity"], "line": {"color": color, "width": 1.5}},
                    **common,
                )
    fig.update_xaxes(type="date", title_text=text("timeline.col.date", lang), tickformat="%Y" if lang == "en" else "%Y年", dtick="M12")
    fig.update_yaxes(
        tickmode="array", tickvals=list(position.values()), ticktext=[_label(event, lang) for _, event in spans.iterrows()],
        autorange="reversed", showgrid=False, zeroline=False,
    )
    fig.update_layout(barmode="overlay", legend={"traceorder": "normal"})
    height = 300 + 48 * max(len(position), 1)
    rows = spans.assign(figure_id=spans["event_id"]) if not spans.empty else pd.DataFrame(columns=["figure_id"])
    title = "Every dated event of the article" if lang == "en" else "报道中有日期的事件"
    chart = chart_from("timeline-events", fig, _takeaway(spans, lang), rows, title=title, source=source, lang=lang, height=height)
    # plotly's automargin does not grow for array tick text: room for two lines of title, set here.
    fig.update_layout(margin={"l": 180 if lang == "en" else 150})
    fig.update_yaxes(automargin=False)
    return chart


def events_table(events: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The events as a table for reading, in time order, with translated headers and values."""
    headers = ("date", "date_end", "precision", "title", "region", "topic", "quote", "id")
    names = [text(f"timeline.col.{key}", lang) for key in headers]
    if events.empty:
        return pd.DataFrame(columns=names)
    spans = event_spans(events)
    return pd.DataFrame({
        names[0]: [stated_date(str(e["date"]), str(e["precision"]), lang) for _, e in spans.iterrows()],
        names[1]: [stated_date(str(e["date_end"]), str(e["precision"]), lang) if str(e["date_end"]) else "" for _, e in spans.iterrows()],
        names[2]: [precision_label(str(p), lang) for p in spans["precision"]],
        names[3]: list(spans[column("title", lang)]),
        names[4]: list(spans["region_en" if lang == "en" else "region"]),
        names[5]: [topic_label(str(t), lang) for t in spans["topic"]],
        names[6]: list(spans["quote"]),
        names[7]: list(spans["event_id"]),
    })


BUILDERS = (timeline,)
