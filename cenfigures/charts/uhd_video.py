"""Charts of ultra-HD video and TV (topic "uhd_video"): 4K penetration, 8K growth, Guangzhou's
targets, plans and broadcast hours. Pure builders: figures in, Chart out."""

from __future__ import annotations

import html
import re
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
    hover_texts,
    indicator,
    point_marker,
    row_of,
    select,
)
from cenfigures.view.colors import KIND_STYLE, NEUTRAL, region_color
from cenfigures.view.formatting import format_change, format_figure, format_value
from cenfigures.view.labels import column, region_column, text, unit_name

PENETRATION_IDS = ("tv-4k-penetration-2015", "tv-4k-penetration-2020")
PENETRATION_DERIVED_IDS = ("tv-4k-penetration-gain-2015-2020", "tv-4k-penetration-cagr-2015-2020")
RETAIL_8K_IDS = ("tv-8k-retail-volume-cagr-2019-2021", "tv-8k-retail-volume-multiple-2019-2021")
TARGET_IDS = (
    "guangzhou-uhd-display-output-2023",
    "guangzhou-uhd-content-industry-2023",
    "guangzhou-av-device-output-2023",
    "guangzhou-uhd-program-hours-2023",
    "guangzhou-uhd-households-2023",
    "guangzhou-rd-intensity-2023",
    "guangzhou-innovation-centres-2023",
)
PLAN_IDS = (
    "guangzhou-plan-goals-2021-2023",
    "guangzhou-plan-task-areas-2021-2023",
    "guangzhou-plan-tasks-2021-2023",
    "bai-cheng-qian-ping-ministries",
)
BROADCAST_IDS = ("cctv16-daily-broadcast-hours", "btv-8k-channel-daily-hours", "btv-8k-original-programming-hours")
ALL_IDS = PENETRATION_IDS + PENETRATION_DERIVED_IDS + RETAIL_8K_IDS + TARGET_IDS + PLAN_IDS + BROADCAST_IDS

HOURS_PER_DAY = 24  # a clock, not a figure: the axis of the broadcast chart
_CLOCK = re.compile(r"(\d{1,2})\s*[:：]\s*\d{2}")



def _wrapped(label: str, lang: str, width_zh: int = 10, width_en: int = 24) -> str:
    # Long Chinese labels squeeze the plot on a phone; wrap them onto lines plotly understands.
    width = width_en if lang == "en" else width_zh
    return "<br>".join(textwrap.wrap(html.escape(label, quote=False), width)) or label


def _listing(rows: pd.DataFrame, lang: str) -> str:
    """"indicator value; indicator value" for a fallback takeaway when part of a chart is filtered out."""
    separator = "; " if lang == "en" else "；"
    joiner = ": " if lang == "en" else ""
    return separator.join(f"{indicator(r, lang)}{joiner}{format_figure(r, lang)}" for _, r in rows.iterrows())


def _fallback(rows: pd.DataFrame, lang: str) -> str:
    return text("app.no_rows", lang) if rows.empty else text("uhd.takeaway.listing", lang, items=_listing(rows, lang))


def penetration_4k(figures: pd.DataFrame, lang: str, source: Mapping) -> Chart:
    """The two observed points only, joined by a dashed span (no invented years between); the
    derived gain drawn as a hatched bracket at the end, the CAGR beside it."""
    points = select(figures, PENETRATION_IDS)
    derived = select(figures, PENETRATION_DERIVED_IDS)
    gain, cagr = (row_of(figures, i) for i in PENETRATION_DERIVED_IDS)
    start, end = (row_of(figures, i) for i in PENETRATION_IDS)
    color = region_color("national")
    fig = go.Figure()
    if len(points) == 2:
        fig.add_scatter(
            x=points["period_end"].astype(int), y=points["value"], mode="lines", name=text("chart.span_note", lang),
            line={"color": color, "dash": "dash", "width": 2}, hoverinfo="skip", showlegend=False,
        )
        # Said in the empty top-left corner rather than in a legend, which a phone would cut off.
        fig.add_annotation(
            x=0.02, xref="x domain", y=0.98, yref="y domain", xanchor="left", yanchor="top", align="left", showarrow=False,
            text="- - " + _wrapped(text("chart.span_note", lang), lang, 14, 30), font={"size": 11, "color": color},
        )
    if not points.empty:
        fig.add_scatter(
            x=points["period_end"].astype(int), y=points["value"], mode="markers+text", name=indicator(points.iloc[0], lang),
            marker=point_marker("observed", color, size=16), text=[format_figure(r, lang) for _, r in points.iterrows()],
            textposition="top center", customdata=points["figure_id"], hovertext=hover_texts(points, lang), hoverinfo="text",
            showlegend=False,
        )
    years = [int(r["period_end"]) for _, r in points.iterrows()] or [int(r["period_end"]) for _, r in derived.iterrows()]
    end_year = max(years) if years else 0
    if gain is not None:
        base = float(start["value"]) if start is not None else 0.0
        hover = hover_text(gain, lang) + ("<br><br>" + hover_text(cagr, lang) if cagr is not None else "")
        note = text(
            "uhd.gain_note", lang, gain=format_change(gain["value"], gain["unit"], lang),
            cagr=format_figure(cagr, lang) if cagr is not None else "–",
        )
        fig.add_bar(
            x=[end_year + 0.35], y=[gain["value"]], base=[base], width=0.22, name=indicator(gain, lang),
            marker=bar_marker("derived", color), customdata=[gain["figure_id"]], hovertext=[hover], hoverinfo="text",
            showlegend=False,
        )
        # The note sits in the empty corner under the dashed span, pointing at the bracket, so it
        # never runs off the right edge on a phone.
        fig.add_annotation(
            x=end_year + 0.35, y=base + gain["value"] / 2, text=note, showarrow=True, arrowhead=0, arrowcolor=color,
            ax=-20, ay=0, xanchor="right", yanchor="top", align="right", font={"size": 12, "color": color},
            axref="pixel", ayref="pixel", yshift=0,
        )
    elif cagr is not None:
        fig.add_annotation(
            x=end_year, y=50, text=text("uhd.cagr_note", lang, cagr=format_figure(cagr, lang)), showarrow=False,
        )
    first_year = min(years) if years else end_year
    fig.update_xaxes(title_text=text("chart.year", lang), tickvals=sorted(set(years)), range=[first_year - 0.8, end_year + 0.8])
    fig.update_yaxes(title_text=text("uhd.axis.penetration", lang), range=[0, 100])
    if start is not None and end is not None and gain is not None and cagr is not None:
        takeaway = text(
            "uhd.takeaway.penetration", lang, start=format_figure(start, lang), end=format_figure(end, lang),
            start_year=int(start["period_end"]), end_year=int(end["period_end"]),
            # zh says "提升" (rose by), so no sign; en reads "+40.2 pp".
            gain=format_change(gain["value"], gain["unit"], lang) if lang == "en" else format_figure(gain, lang), cagr=format_figure(cagr, lang),
        )
    else:
        takeaway = _fallback(pd.concat([points, derived]), lang)
    both = pd.concat([points, derived])
    title = text("uhd.title.penetration", lang, start=both["period_start"].min() if not both.empty else "", end=both["period_end"].max() if not both.empty else "")
    return chart_from("uhd-4k-penetration", fig, takeaway, pd.concat([points, derived]), title=title, source=source, lang=lang, height=420)


def retail_8k(figures: pd.DataFrame, lang: str, source: Mapping) -> Chart:
    """An index with the first year = 1 and the last year = the multiple the CAGR implies; the
    multiple is derived, so hatched; its assumption is quoted from the row's note."""
    rows = select(figures, RETAIL_8K_IDS)
    cagr, multiple = (row_of(figures, i) for i in RETAIL_8K_IDS)
    color = region_color("national")
    any_row = cagr if cagr is not None else multiple
    fig = go.Figure()
    if any_row is not None:
        start, end = int(any_row["period_start"]), int(any_row["period_end"])
        base_label, end_label = text("uhd.base_year", lang, year=start), str(end)
        fig.add_bar(
            x=[base_label], y=[1], name=base_label, marker={"color": "rgba(255,255,255,0)", "line": {"color": NEUTRAL, "width": 1.5}},
            text=[format_value(1, "multiple", lang)], textposition="outside", hoverinfo="skip", showlegend=False,
        )
        if multiple is not None:
            fig.add_bar(
                x=[end_label], y=[multiple["value"]], name=indicator(multiple, lang), marker=bar_marker("derived", color),
                text=[format_figure(multiple, lang)], textposition="outside", constraintext="none", cliponaxis=False, customdata=[multiple["figure_id"]],
                hovertext=hover_texts(rows[rows["figure_id"] == multiple["figure_id"]], lang), hoverinfo="text", showlegend=False,
            )
        if cagr is not None:
            # The CAGR is a rate, not a level: it labels the step between the bars instead of being one.
            fig.add_annotation(
                x=0.02, xref="x domain", xanchor="left", y=0.6, yref="y domain", text=text("uhd.cagr_note", lang, cagr=format_figure(cagr, lang)),
                hovertext=hover_text(cagr, lang), showarrow=False, font={"size": 13, "color": color},
            )
        fig.update_yaxes(title_text=text("uhd.axis.retail_index", lang, year=start), rangemode="tozero")
        fig.update_layout(bargap=0.5)
    if cagr is not None and multiple is not None:
        takeaway = text(
            "uhd.takeaway.retail_8k", lang, start=int(cagr["period_start"]), end=int(cagr["period_end"]),
            cagr=format_figure(cagr, lang), multiple=format_figure(multiple, lang), note=str(multiple[column("note", lang)]),
        )
    else:
        takeaway = _fallback(rows, lang)
    chart = chart_from("uhd-8k-retail", fig, takeaway, rows, title=text("uhd.title.retail_8k", lang), source=source, lang=lang, height=460)
    if multiple is not None and multiple.get(column("note", lang)):
        _footnote(chart.figure, str(multiple[column("note", lang)]), lang)
    return chart


def _footnote(figure: go.Figure, note: str, lang: str) -> None:
    """A note under the x axis, above the source line: the margin grows and the source line moves down."""
    wrapped = _wrapped(note, lang, 30, 60)
    extra = 15 * (wrapped.count("<br>") + 1) + 10
    bottom = figure.layout.margin.b
    source = figure.layout.annotations[-1]  # finish() adds the source line last
    figure.update_layout(margin_b=bottom + extra, height=figure.layout.height + extra)
    source.yshift = source.yshift - extra
    figure.add_annotation(
        text=wrapped, xref="paper", yref="paper", x=0, y=0, xshift=source.xshift or 0, yshift=-(bottom - 14 * (source.text.count("<br>") + 1)) + 6,
        xanchor="left", yanchor="top", align="left", showarrow=False, font={"size": 11, "color": NEUTRAL},
    )


_UNIT_ORDER = ("yuan", "device", "household", "hour", "percent", "count")


def guangzhou_targets(figures: pd.DataFrame, lang: str, source: Mapping) -> Chart:
    """Small multiples, one panel per unit (yuan, units, households...), each target a hollow
    diamond on a dashed stem with its "more than" spelled out."""
    rows = select(figures, TARGET_IDS)
    units = [u for u in _UNIT_ORDER if u in set(rows["unit"])] + sorted(set(rows["unit"]) - set(_UNIT_ORDER))
    panels = max(len(units), 1)
    heights = [max((rows["unit"] == u).sum(), 1) + 0.8 for u in units] or [1]
    fig = make_subplots(
        rows=panels, cols=1, row_heights=heights, vertical_spacing=0.25 / panels,
        subplot_titles=[text("uhd.panel_unit", lang, unit=unit_name(u, lang)) for u in units],
    )
    for panel, unit in enumerate(units, start=1):
        part = rows[rows["unit"] == unit]
        for position, (_, row) in enumerate(part.iterrows()):
            color = region_color(row["region_id"])
            # The name and the value ("超过2500亿元") are written above the stem, from its start: no
            # tick labels to squeeze the plot on a phone, and "more than" is read with the number.
            label = f"<b>{html.escape(format_figure(row, lang))}</b><br>{_wrapped(indicator(row, lang), lang, 18, 40)}"
            fig.add_scatter(
                x=[0, row["value"]], y=[position, position], mode="lines",
                line={"color": color, "dash": KIND_STYLE["target"]["dash"], "width": 2}, hoverinfo="skip", showlegend=False, row=panel, col=1,
            )
            fig.add_annotation(
                x=0, y=position, text=label, xanchor="left", yanchor="bottom", yshift=3, align="left", showarrow=False,
                font={"size": 12}, row=panel, col=1,
            )
            fig.add_scatter(
                x=[row["value"]], y=[position], mode="markers", marker=point_marker(row["kind"], color, size=15),
                customdata=[row["figure_id"]], hovertext=[hover_text(row, lang)], hoverinfo="text", showlegend=False,
                name=indicator(row, lang), row=panel, col=1,
            )
        top = float(part["value"].max())
        fig.update_xaxes(range=[0, top * 1.05], row=panel, col=1)
        fig.update_yaxes(range=[-0.3, len(part) + 0.1], showticklabels=False, showgrid=False, row=panel, col=1)
    # The value sits on each diamond and the unit in the panel title: ticks like "250G" would only confuse.
    fig.update_xaxes(showticklabels=False, showgrid=False, zeroline=False)
    if rows.empty:
        takeaway = text("app.no_rows", lang)
    else:
        separator = "; " if lang == "en" else "；"
        items = separator.join(
            f"{indicator(r, lang)} {format_figure(r, lang)}" if lang == "en" else f"{indicator(r, lang)}{format_figure(r, lang)}" for _, r in rows.iterrows()
        )
        takeaway = text("uhd.takeaway.targets", lang, year=int(rows["period_end"].max()), items=items)
    year = int(rows["period_end"].max()) if not rows.empty else ""
    height = 100 + 95 * len(rows) + 50 * panels
    return chart_from("uhd-guangzhou-targets", fig, takeaway, rows, title=text("uhd.title.targets", lang, year=year), source=source, lang=lang, height=height)


def plans(figures: pd.DataFrame, lang: str, source: Mapping) -> Chart:
    """How many goals, task areas, tasks and ministries: counts as horizontal bars (long names)."""
    rows = select(figures, PLAN_IDS)
    fig = go.Figure()
    for region_id, part in rows.groupby("region_id", sort=False):
        fig.add_bar(
            x=part["value"], y=[indicator(r, lang) for _, r in part.iterrows()], orientation="h",
            name=str(part.iloc[0][region_column(lang)]), marker=bar_marker("observed", region_color(region_id)),
            text=[format_figure(r, lang) for _, r in part.iterrows()], textposition="outside", customdata=part["figure_id"],
            hovertext=hover_texts(part, lang), hoverinfo="text",
        )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title_text=text("uhd.axis.count", lang), rangemode="tozero",
                     range=[0, float(rows["value"].max()) * 1.2] if not rows.empty else None)
    return chart_from("uhd-plans", fig, _fallback(rows, lang), rows, title=text("uhd.title.plans", lang), source=source, lang=lang, height=460)


def _window_start(row: Mapping) -> float:
    """Where a broadcast window starts on the clock: the first "6:00" of the text as stated, else midnight."""
    match = _CLOCK.search(str(row.get("value_as_stated", "")))
    return float(match.group(1)) if match else 0.0


def broadcast_hours(figures: pd.DataFrame, lang: str, source: Mapping) -> Chart:
    """Each channel's day on a 0-24 h clock: round-the-clock channels fill it, the original 8K
    programmes occupy their stated window."""
    rows = select(figures, BROADCAST_IDS)
    fig = go.Figure()
    for _, row in rows.iterrows():
        start = _window_start(row)
        fig.add_bar(
            x=[row["value"]], base=[start], y=[indicator(row, lang)], orientation="h",
            name=indicator(row, lang), marker=bar_marker(row["kind"], region_color(row["region_id"])),
            # A window shorter than the day gets its label beside it: inside, plotly would shrink it unreadably.
            text=[format_figure(row, lang)],
            textposition="outside" if start else "inside", insidetextanchor="middle", cliponaxis=False,
            customdata=[row["figure_id"]], hovertext=[hover_text(row, lang)], hoverinfo="text", showlegend=False,
        )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title_text=text("uhd.axis.hour_of_day", lang), range=[0, HOURS_PER_DAY], dtick=3)
    return chart_from("uhd-broadcast", fig, _fallback(rows, lang), rows, title=text("uhd.title.broadcast", lang), source=source, lang=lang, height=360)


BUILDERS = (penetration_4k, retail_8k, guangzhou_targets, plans, broadcast_hours)
