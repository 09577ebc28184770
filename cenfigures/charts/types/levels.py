"""`before_after`: the levels of one or more indicators at the periods the articles state, joined by
a dashed span (no invented years between), and the change between the first and last level drawn
as a hatched bracket beside the last point, with the compound annual rate when one is declared."""

from __future__ import annotations

import html
import math
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from cenfigures.charts.kit import (
    Chart,
    bar_marker,
    chart,
    concat,
    indicator_name,
    label_sides,
    marks,
    point_marker,
    spread,
    value_label,
)
from cenfigures.view.colors import readable, region_color, series_colors
from cenfigures.view.linebreak import wrap
from cenfigures.view.model import ChartSpec, View

NOTE_UNITS = 26
SPREAD = 0.3  # years between points of the same year and value
BRACKET_WIDTH = 0.22  # years
NOTE_FONT_PX = 12
NOTE_GAP_PX = 14  # from a point's centre to the change note: past the marker (16 px)
LABEL_PX = 18  # a point's value label above it


def _top(levels: pd.DataFrame) -> float:
    """The top of the value axis: 100 for percentages, else a quarter above the highest level."""
    unit = levels.iloc[0]["unit"] if not levels.empty else "percent"
    top = 100.0 if unit == "percent" else float(levels["value"].max()) * 1.25 if not levels.empty else 1.0
    return max(top, 1.0)


def _room(levels: pd.DataFrame, below: bool) -> float:
    """The share of the value axis free below the lowest point (or above the highest)."""
    top = _top(levels)
    return float(levels["value"].min()) / top if below else (top - float(levels["value"].max())) / top


def _main_series(levels: pd.DataFrame, changes: pd.DataFrame) -> str | None:
    """The series the change belongs to: the first (in order of first appearance) with a point of a
    change's region and end year, else the one with most points."""
    if levels.empty:
        return None
    if not changes.empty:
        ends = pd.MultiIndex.from_arrays([changes["region_id"], changes["period_end"].astype(int)])
        hit = pd.MultiIndex.from_arrays([levels["region_id"], levels["period_end"].astype(int)]).isin(ends)
        matched = set(levels.loc[hit, "series"])
        first = next((key for key in levels["series"].drop_duplicates() if key in matched), None)
        if first is not None:
            return str(first)
    sizes = levels.groupby("series", sort=False).size()
    return str(sizes.idxmax())


def _matching(frame: pd.DataFrame, line: pd.DataFrame) -> pd.Series | None:
    """The first row of `frame` for the line's region that ends where the line ends."""
    if frame.empty or line.empty:
        return None
    last = line.iloc[-1]
    match = frame[
        (frame["region_id"] == last["region_id"]) & (frame["period_end"].astype(int) == int(last["period_end"]))
    ]
    return match.iloc[0] if not match.empty else None


def rounded_rate(percent: float) -> str:
    """A compound rate to two significant figures ("18", not "18.18"): it is computed from levels
    stated to three (30.8% and 71%), so its second decimal is noise."""
    digits = max(0, 1 - math.floor(math.log10(abs(percent)))) if percent else 0
    return f"{round(percent, digits):.{digits}f}"


def yearly_factor(percent: float) -> str:
    """The multiple a yearly rate means: 18% a year is ×1.18 each year (not 18 points a year)."""
    return f"{1 + percent / 100:.2f}"


def build(view: View, spec: ChartSpec) -> Chart:
    levels = marks(view, spec.select).sort_values("period_end", kind="stable")
    changes = marks(view, spec.related["change"]) if "change" in spec.related else levels.iloc[0:0]
    cagrs = marks(view, spec.related["cagr"]) if "cagr" in spec.related else levels.iloc[0:0]
    main = _main_series(levels, changes)
    keys = list(levels["series"].drop_duplicates())
    colors = {key: color for key, color in zip(keys, series_colors(len(keys)))}
    if len(keys) == 1 and not levels.empty:
        colors[keys[0]] = region_color(levels.iloc[0]["region_id"])
    # What articles give differently for the same year (a conflict): side by side.
    offsets = spread(levels, SPREAD, by=("period_end", "series", "region_id"))
    at = levels["period_end"].astype(int) + offsets if not levels.empty else levels["period_end"]
    fig = go.Figure()
    values: dict[str, Any] = {}
    for key, line in levels.groupby("series", sort=False):  # one series: a dashed span, a trace per kind
        color = colors[key]
        if len(line) > 1:
            fig.add_scatter(
                x=at[line.index],
                y=line["value"],
                mode="lines",
                line={"color": color, "dash": "dash", "width": 2},
                hoverinfo="skip",
                showlegend=False,
            )
        name = line["name"].iloc[0]
        for kind, part in line.groupby("kind", sort=False):
            fig.add_scatter(
                x=at[part.index],
                y=part["value"],
                mode="markers+text",
                name=f"{name} · {view.t.kind(kind)}",
                marker=point_marker(kind, color, size=16),
                text=part["value_text"].tolist(),
                textposition=label_sides(offsets[part.index]),
                cliponaxis=False,
                customdata=part["figure_id"],
                hovertext=part["hover"].tolist(),
                hoverinfo="text",
            )
    line = levels[levels["series"] == main] if main is not None else levels.iloc[0:0]
    if len(line) >= 2:  # the main series' change, as a bracket beside its last point
        color, name = colors[main], line["name"].iloc[0]
        start, end = line.iloc[0], line.iloc[-1]
        change, cagr = _matching(changes, line), _matching(cagrs, line)
        gain = float(change["value"]) if change is not None else float(end["value"] - start["value"])
        values = {
            "indicator": name,
            "region": view.region_name(end["region_id"]),
            "start": value_label(view, start),
            "end": value_label(view, end),
            "start_year": int(start["period_end"]),
            "end_year": int(end["period_end"]),
            "change": value_label(view, change) if change is not None else None,
            # A compound rate of a share beside a change in points reads as points a year: the rate is
            # said as the share's growth, rounded, with the yearly multiple it means.
            "cagr": f"{rounded_rate(float(cagr['value']))}%" if cagr is not None else None,
            "cagr_factor": yearly_factor(float(cagr["value"])) if cagr is not None else None,
        }
        if change is not None:
            hover = change["hover"] + ("<br><br>" + cagr["hover"] if cagr is not None else "")
            fig.add_bar(  # the change: one bracket, beside the main series' last point
                x=[int(end["period_end"]) + 0.35],
                y=[gain],
                base=[float(start["value"])],
                width=BRACKET_WIDTH,
                # In the legend: the hatched bar is a figure we derived, said as such.
                name=f"{indicator_name(view, change)} · {view.t.kind(str(change['kind']))}",
                marker=bar_marker("derived" if change["kind"] == "derived" else "change", color),
                customdata=[change["figure_id"]],
                hovertext=[hover],
                hoverinfo="text",
                showlegend=True,
            )
            notes = [view.t("chart.change_note", change=view.t.change(gain, change["unit"]))]
            if cagr is not None:
                notes.append(view.t("chart.cagr_note", cagr=values["cagr"]))
                notes.append(view.t("chart.cagr_factor_note", factor=values["cagr_factor"]))
            # Under the bracket, below the lowest point of every line (or above the highest, where
            # there is more room): clear of the dashed lines and the markers at any width.
            below = _room(levels, below=True) >= _room(levels, below=False)
            fig.add_annotation(
                x=int(end["period_end"]) + 0.35 + BRACKET_WIDTH / 2,
                y=float(levels["value"].min() if below else levels["value"].max()),
                yanchor="top" if below else "bottom",
                yshift=-NOTE_GAP_PX if below else NOTE_GAP_PX + LABEL_PX,
                text="<br>".join(html.escape(n) for n in notes),
                showarrow=False,
                xanchor="right",
                align="right",
                font={"size": NOTE_FONT_PX, "color": readable(color)},
                name="change-note",
            )
    if len(levels["period_end"].unique() if not levels.empty else []) > 1 and keys:
        fig.add_annotation(
            x=0.02,
            xref="x domain",
            y=0.98,
            yref="y domain",
            xanchor="left",
            yanchor="top",
            align="left",
            showarrow=False,
            text="- - " + "<br>".join(html.escape(line) for line in wrap(view.t("chart.span_note"), NOTE_UNITS)),
            font={"size": 11, "color": "#6B6B6B"},
        )
    years = sorted(set(levels["period_end"].astype(int))) if not levels.empty else []
    if years:
        fig.update_xaxes(
            title_text=view.t("chart.year"), tickvals=years, range=[years[0] - 0.8, years[-1] + 0.8], tickformat="d"
        )
    unit = levels.iloc[0]["unit"] if not levels.empty else "percent"
    fig.update_yaxes(title_text=view.t.unit(unit), range=[0, _top(levels)])
    return chart(view, spec, fig, levels, values, cited=concat(levels, changes, cagrs), height=440)
