"""`rank_over_time`: national ranks over the years on an inverted axis (1st at the top), one line
per indicator and region. Points that would sit on each other (two indicators both 8th in 2020)
are spread sideways, and every point of a short line carries its label (a long line: its ends).

A corpus on many regions has hundreds of lines (500 articles, a third on other provinces: 170).
Past `options.lines`, the chart does what a grapher of many entities does: the lines of a few
regions are drawn in colour, named in the legend and labelled (`options.region` first, the page's
own, then the regions the articles state most), and every other line is one thin grey line behind
them, without legend entries or labels (its hover still names it); a note under the plot counts
the grey lines and says how to pick regions. A chart within the limit is drawn as before."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from cenfigures.charts.kit import (
    Chart,
    category_names,
    chart,
    concat,
    indicator_name,
    marks,
    point_marker,
    spread,
    value_label,
)
from cenfigures.view.colors import readable, series_colors
from cenfigures.view.model import ChartSpec, View

SPREAD = 0.5  # years between points that share a year and a rank
COLOURED_LINES = 10  # options.lines left out: the most lines drawn in colour
BACKGROUND_LINE = "#C4C4C4"  # the lines past the limit: context, not marks to read one by one
LABELLED_POINTS = 4  # a line of up to this many points has each labelled; a longer one its ends
MAX_YEAR_TICKS = 8  # a year a tick up to this many years; more, every second (third...) year
LINE = ["series", "region_id"]  # what one line is
DRAWN = (*LINE, "period_end", "value", "value_text", "figure_id", "hover", "articles", "name", "region_name")


def _trend_values(view: View, rows: pd.DataFrame, changes: pd.DataFrame) -> tuple[dict[str, object], pd.DataFrame]:
    """Values of the takeaway from the indicator with the longest run of ranks, and the stated
    changes it uses (those over exactly the line's years: a later article may add a year)."""
    runs = (
        rows.groupby(["indicator_id", "region_id"], sort=False).size()
        if "indicator_id" in rows
        else pd.Series(dtype=int)
    )
    if runs.empty or runs.max() < 2:
        return {}, changes.iloc[0:0]
    indicator, region = runs.idxmax()
    line = rows[(rows["indicator_id"] == indicator) & (rows["region_id"] == region)].sort_values("period_end")
    first, last = line.iloc[0], line.iloc[-1]
    stated = (
        changes[
            (changes["region_id"] == region)
            & (changes["period_start"].astype(int) == int(first["period_end"]))
            & (changes["period_end"].astype(int) == int(last["period_end"]))
        ]
        if not changes.empty
        else changes
    )
    places = float(stated.iloc[0]["value"]) if not stated.empty else float(first["value"] - last["value"])
    return {
        "indicator": indicator_name(view, first),
        "region": view.region_name(region),
        "first_year": int(first["period_end"]),
        "last_year": int(last["period_end"]),
        "first_rank": value_label(view, first),
        "last_rank": value_label(view, last),
        "places": view.t.change(places, "rank"),
    }, stated


def coloured_regions(lines: pd.DataFrame, most: int, first: str = "") -> pd.Series:
    """Which regions' lines are drawn in colour, by region (in the order of `lines`), from one row
    per line (`region_id`, and `articles`: how many articles state its points). Every region when
    all the lines fit in `most`; else regions in order, `first` (the page's own) before the rest,
    the rest by the articles stating their lines (ties: the order they first appear), for as long
    as their lines fit in `most`; the first region always, however many lines it has."""
    regions = lines.groupby("region_id", sort=False).agg(lines=("region_id", "size"), articles=("articles", "sum"))
    if regions["lines"].sum() <= most:
        return pd.Series(True, index=regions.index)
    order = regions.assign(own=regions.index == first, appears=np.arange(len(regions)))
    order = order.sort_values(["own", "articles", "appears"], ascending=[False, False, True], kind="stable")
    fits = order["lines"].cumsum() <= most
    fits.iloc[0] = True
    # Regions in order while they fit: a smaller region after one that does not fit stays grey too,
    # so the colours follow the order the rule says, not a packing of the rest.
    return fits.cummin().reindex(regions.index)


def label_sides(position: pd.Series, size: pd.Series, offset: pd.Series) -> np.ndarray:
    """Where each point of a line is labelled, from its place on its line: off its own line (the
    first on the left, the last on the right, one between above), a lone point on the right; a
    point moved aside of its year (coinciding with another) on that side, so that the labels of a
    coinciding pair part too."""
    position, size, offset = position.to_numpy(), size.to_numpy(), offset.to_numpy()
    return np.select(
        [offset < 0, offset > 0, size == 1, position == 0, position == size - 1],
        ["middle left", "middle right", "middle right", "middle left", "middle right"],
        "top center",
    ).astype(object)


def labelled(position: pd.Series, size: pd.Series, offset: pd.Series) -> pd.Series:
    """Which points of the lines carry their label: every point of a short line, the first and the
    last of a longer one (twenty years of one indicator, or of two articles in conflict, would write
    a label over every other). An end of a long line moved inwards, beside another line's end of
    the same year and rank, leaves the label to that one: the two labels say the same and the
    inward one would sit on the other's point."""
    short = size <= LABELLED_POINTS
    inward = ((position == 0) & (offset > 0)) | ((position == size - 1) & (offset < 0))
    return short | (((position == 0) | (position == size - 1)) & ~inward)


def _coloured_traces(view: View, rows: pd.DataFrame, several_regions: bool) -> list[dict]:
    """One trace per line of `rows`, in the order they first appear, each in its colour with its
    legend entry and its labels (the words and places computed a column at a time, then cut)."""
    if rows.empty:
        return []
    # Spread in the order of the years (the table's order within one), then cut into lines.
    line = rows.groupby(LINE, sort=False).ngroup()
    rows = rows.assign(line=line.to_numpy(), offset=spread(rows, SPREAD)).sort_values("line", kind="stable")
    offsets = rows["offset"]
    lines = rows.groupby("line", sort=False)
    position, size = lines.cumcount(), lines["line"].transform("size")
    shown = labelled(position, size, offsets)
    x = (rows["period_end"].astype(float) + offsets).to_numpy()
    text = rows["value_text"].where(shown, "").to_numpy(dtype=object)
    sides = label_sides(position, size, offsets)
    names = category_names(view, rows.drop_duplicates("line"), several_regions).tolist()
    colors = series_colors(len(names))
    cuts = np.flatnonzero(np.diff(rows["line"].to_numpy())) + 1
    traces = []
    for name, color, part in zip(names, colors, np.split(np.arange(len(rows)), cuts)):
        traces.append(
            dict(  # a trace's properties, checked once by add_traces
                type="scatter",
                x=x[part],
                y=rows["value"].to_numpy()[part],
                mode="lines+markers+text" if len(part) > 1 else "markers+text",
                name=name,
                line={"color": color, "width": 3},
                # Points of a long line smaller: twenty years of 13 px points touch on a phone.
                marker=point_marker("rank", color, size=13 if len(part) <= LABELLED_POINTS else 8),
                text=text[part].tolist(),
                textposition=sides[part].tolist(),
                textfont={"color": readable(color)},
                cliponaxis=False,
                customdata=rows["figure_id"].to_numpy()[part],
                hovertext=rows["hover"].to_numpy()[part].tolist(),
                hoverinfo="text",
            )
        )
    return traces


def _background_trace(rows: pd.DataFrame) -> dict:
    """Every line of `rows` as one thin grey trace, lines apart by a gap (plotly breaks a line at a
    missing value): no legend entry, no labels; the hover names each point's region and indicator."""
    rows = rows.assign(line=rows.groupby(LINE, sort=False).ngroup().to_numpy()).sort_values(
        ["line", "period_end"], kind="stable"
    )
    last = np.append(np.diff(rows["line"].to_numpy()) != 0, True)  # a gap after each line's last point
    order = np.arange(len(rows)) + np.cumsum(last) - last  # each point's place among the points and gaps
    places = len(rows) + int(last.sum())

    def with_gaps(values: np.ndarray) -> list:
        out = np.full(places, None, dtype=object)
        out[order] = values
        return out.tolist()

    return dict(
        type="scatter",
        x=with_gaps(rows["period_end"].astype(float).to_numpy()),
        y=with_gaps(rows["value"].to_numpy()),
        mode="lines+markers",
        line={"color": BACKGROUND_LINE, "width": 1},
        marker={"color": BACKGROUND_LINE, "size": 5},
        connectgaps=False,
        showlegend=False,
        customdata=with_gaps(rows["figure_id"].to_numpy()),
        hovertext=with_gaps(rows["hover"].to_numpy()),
        hoverinfo="text",
    )


def _note(view: View, grey: pd.DataFrame) -> str:
    """The sentence under a chart with grey lines: how many, and how to pick regions (the region
    filter, when the page has it)."""
    if grey.empty:
        return ""
    count = grey.groupby(LINE, sort=False).ngroups
    regions = view.t("count.regions", count=grey["region_id"].nunique())
    if "region" in view.uses:
        return view.t("chart.ranks.grey_pick", count=count, regions=regions, filter=view.t("filter.region"))
    return view.t("chart.ranks.grey", count=count, regions=regions)


def build(view: View, spec: ChartSpec) -> Chart:
    rows = marks(view, spec.select).sort_values("period_end", kind="stable")
    changes = marks(view, spec.related.get("change", {"kind": ("none",)}))
    fig = go.Figure()
    # What the lines draw, narrow: a grouping of the whole frame of marks copies every column.
    drawn = rows[[c for c in DRAWN if c in rows]]
    coloured, grey = drawn, drawn.iloc[0:0]
    if not rows.empty:
        lines = drawn.groupby(LINE, sort=False)["articles"].sum().reset_index()
        # Regions picked in the page's region filter are all drawn in colour: the reader chose them.
        picked = "region" in view.uses and bool(view.state.regions)
        most = len(lines) if picked else int(spec.options.get("lines", COLOURED_LINES))
        colour = coloured_regions(lines, most, spec.options.get("region", ""))
        in_colour = drawn["region_id"].map(colour).to_numpy(dtype=bool)
        coloured, grey = drawn[in_colour], drawn[~in_colour]
    several_regions = rows["region_id"].nunique() > 1 if not rows.empty else False
    # The grey lines first: drawn behind the coloured ones.
    fig.add_traces(
        ([_background_trace(grey)] if not grey.empty else []) + _coloured_traces(view, coloured, several_regions)
    )
    values, stated = _trend_values(view, rows, changes) if not rows.empty else ({}, changes.iloc[0:0])
    if not rows.empty:
        lowest = float(rows["value"].max())
        first_year, last_year = int(rows["period_end"].min()), int(rows["period_end"].max())
        fig.update_yaxes(
            range=[lowest + 1.5, 0.5], title_text=view.t("chart.rank_axis"), dtick=max(1, round(lowest / 6))
        )
        fig.update_xaxes(
            title_text=view.t("chart.year"),
            dtick=max(1, math.ceil((last_year - first_year) / MAX_YEAR_TICKS)),
            range=[first_year - 0.9, last_year + 0.9],
            tickformat="d",
        )
    height = 420 + 10 * (coloured.groupby(LINE, sort=False).ngroups if not coloured.empty else 0)
    # The changes the takeaway states are cited; one over other years would be cited but shown nowhere.
    return chart(view, spec, fig, rows, values, cited=concat(rows, stated), height=height, note=_note(view, grey))
