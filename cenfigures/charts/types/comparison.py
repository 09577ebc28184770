"""`comparison`: bars per indicator, observed solid, target hollow, derived hatched.

With `options.outcomes`, each target is joined by the observed (or derived) values of the same
indicator and region from any article, so a plan's target stands beside what was reached. With
`options.panels = "unit"` the chart splits into one panel per unit (yuan, households, percent...),
since bars of different units on one axis would compare nothing.

Each indicator is a block: its values in bold and its name above its bars, across the whole
width. Names beside the bars would leave a phone too little room for the bars, and values at the
end of a bar run off the edge.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from cenfigures.charts.kit import (
    Chart,
    bar_markers,
    by_period,
    category_names,
    chart,
    comparable,
    concat,
    items,
    marks,
    panel_titles_left,
    value_ticks,
    view_facts,
    with_hover,
)
from cenfigures.view.colors import TEXT, region_colors
from cenfigures.view.linebreak import display_units, wrap
from cenfigures.view.model import ChartSpec, View, select

LINE_PX = 17  # a line of the label above a block
BAR_PX = 24
GAP_PX = 16
LABEL_UNITS = 44
VALUE_SEPARATOR = " · "
PANEL_GAP_PX = 62
LIST = "list"  # the panel of values alone in their unit: listed, not drawn as bars


def outcomes_of(view: View, targets: pd.DataFrame) -> pd.DataFrame:
    """The facts observed or derived of the indicators and regions of `targets`, from any article."""
    if targets.empty:
        return targets
    # From the view's facts, hovers written for those kept only: every observed value of a large
    # corpus would be wrapped for a handful of targets.
    done = select(view_facts(view), {"kind": ("observed", "derived")})
    if done.empty:
        return with_hover(view, done)
    wanted = pd.MultiIndex.from_frame(targets[["series", "region_id"]])
    return with_hover(view, done[pd.MultiIndex.from_frame(done[["series", "region_id"]]).isin(wanted)])


def series_names(view: View, rows: pd.DataFrame) -> pd.Series:
    """ "2025年目标" / "Target, 2025": what each bar of a block is."""
    distinct = rows[["kind", "period"]].drop_duplicates()
    named = {
        (kind, period): view.t("chart.series", kind=view.t.kind(kind), period=period)
        for kind, period in zip(distinct["kind"], distinct["period"])
    }
    return pd.Series([named[key] for key in zip(rows["kind"], rows["period"])], index=rows.index, dtype=str)


def _labels(view: View, part: pd.DataFrame, several_regions: bool, listed: bool = False) -> pd.DataFrame:
    """Per block of `part` (its `block`): the lines above it (the values, with what each is when
    there are several, then the name; a listed value, alone in its unit and drawn as no bar, also
    says its unit) and how many bars it has."""
    names = series_names(view, part)
    said = names.map(html.escape) + " <b>" + part["value_text"].map(html.escape) + "</b>"
    frame = pd.DataFrame(
        {
            "block": part["block"],
            "said": said,
            "value": part["value_text"],
            "name": category_names(view, part, several_regions),
        }
    )
    # The values of a block of many bars (a target for every year) wrap, as many a line as the widest
    # fits in LABEL_UNITS, so that none runs past a phone's edge.
    widest = int((names + " " + part["value_text"]).map(display_units).max()) + len(VALUE_SEPARATOR)
    frame["line"] = part.groupby("block").cumcount() // max(LABEL_UNITS // widest, 1)
    grouped = frame.groupby("block", sort=True)
    count = grouped.size()
    first = frame.drop_duplicates("block").set_index("block")
    lines_said = frame.groupby(["block", "line"], sort=True)["said"].agg(VALUE_SEPARATOR.join)
    values = lines_said.groupby(level=0).agg("<br>".join)
    values = values.where(count > 1, "<b>" + first["value"].map(html.escape) + "</b>")
    names = first["name"].map(lambda name: "<br>".join(html.escape(line) for line in wrap(name, LABEL_UNITS)))
    lines = values + "<br>" + names
    if listed:
        units = part.drop_duplicates("block").set_index("block")["unit"]
        lines = lines + "<br>" + units.map(lambda unit: html.escape(view.t("chart.panel_unit", unit=view.t.unit(unit))))
    return pd.DataFrame({"lines": lines, "count": 0 if listed else count})


def build(view: View, spec: ChartSpec) -> Chart:
    selected = marks(view, spec.select)
    extra = outcomes_of(view, selected) if spec.options.get("outcomes") else selected.iloc[0:0]
    rows = by_period(concat(selected, extra))
    several_regions = rows["region_id"].nunique() > 1 if not rows.empty else False
    # Bars only where two or more values share a unit (kit.comparable); the others are a list after them.
    drawn = comparable(rows)
    listed, rows_drawn = rows[~drawn], rows[drawn]
    units = list(dict.fromkeys(rows_drawn["unit"])) if not rows_drawn.empty else []
    panels: list[str | None] = units if len(units) > 1 or (units and not listed.empty) else [None]
    if not rows_drawn.empty and len(units) == 1 and listed.empty and spec.options.get("panels") != "unit":
        panels = [None]  # one unit, nothing listed: no panel title unless the declaration asks for panels
    panels = panels if not rows_drawn.empty else []
    layout = []  # per panel: (its rows with their bar's centre, its blocks' labels and tops, its height in px)
    for unit in [*panels, LIST]:
        part = listed if unit is LIST else rows_drawn if unit is None else rows_drawn[rows_drawn["unit"] == unit]
        if part.empty:
            continue
        # Blocks in the order they first appear; a block's bars follow its label lines.
        block = part.groupby(["series", "region_id"], sort=False).ngroup()
        part = part.assign(block=block.to_numpy()).sort_values("block", kind="stable")
        labels = _labels(view, part, several_regions, listed=unit is LIST)
        label_px = LINE_PX * labels["lines"].str.count("<br>").add(1) + 4
        block_px = label_px + BAR_PX * labels["count"] + GAP_PX
        top = block_px.cumsum() - block_px
        first_bar = top + label_px
        centers = part["block"].map(first_bar) + BAR_PX * (part.groupby("block").cumcount() + 0.5)
        layout.append((part.assign(center=centers), labels.assign(top=top), max(int(block_px.sum()), 40)))
    if not listed.empty:
        panels = [*panels, LIST]
    titles = (
        [view.t("chart.list_title") if u is LIST else view.t("chart.panel_unit", unit=view.t.unit(u)) for u in panels]
        if panels != [None]
        else None
    )
    total_px = sum(height for _, _, height in layout)
    in_legend: set[str] = set()
    panels = panels or [None]
    fig = make_subplots(
        rows=len(panels),
        cols=1,
        row_heights=[height / total_px for _, _, height in layout] or None,  # None: nothing drawn
        # Between panels: room for a panel's scale (tick labels) and the next panel's title.
        vertical_spacing=PANEL_GAP_PX / (total_px + PANEL_GAP_PX * (len(panels) - 1)) if len(panels) > 1 else 0.02,
        subplot_titles=titles,
    )
    titles_px = panel_titles_left(fig)  # before the blocks' labels join the titles: fewer to look through
    annotations, bars = [], []
    axes: dict[str, dict] = {}  # every panel's axes, set in one step: plotly checks the layout again per update
    for panel, (part, labels, height) in enumerate(layout, start=1):
        axis = f"{panel if panel > 1 else ''}"
        annotations += [  # a label per block (indicator and region)
            {
                "x": 0,
                "y": top,
                "xref": f"x{axis} domain",
                "yref": f"y{axis}",
                "text": lines,
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "top",
                "align": "left",
                "font": {"size": 13, "color": TEXT},
            }
            for lines, top in zip(labels["lines"], labels["top"])
        ]
        axes[f"yaxis{axis}"] = {"range": [height, 0], "visible": False}
        if panels[panel - 1] is LIST:  # listed values: their words, no bar
            axes[f"xaxis{axis}"] = {"visible": False, "range": [0, 1]}
            continue
        # One trace per kind and period (a series), its bars coloured by region: a corpus has many
        # bars, one per fact, and a trace per region made a corpus of 30 provinces 80 traces.
        part = part.assign(series_name=series_names(view, part), color=region_colors(part["region_id"]))
        for _, series in part.groupby(["kind", "period"], sort=False):
            name = series["series_name"].iat[0]
            bars.append(
                {
                    "type": "bar",
                    "x": series["value"].to_numpy(),
                    "y": series["center"].to_numpy(),
                    "width": BAR_PX * 0.72,
                    "orientation": "h",
                    "name": name,
                    "legendgroup": name,
                    "showlegend": name not in in_legend,
                    "marker": bar_markers(series["kind"], series["color"]),
                    "customdata": series["figure_id"].to_numpy(),
                    "hovertext": series["hover"].tolist(),
                    "hoverinfo": "text",
                    "xaxis": f"x{axis}",
                    "yaxis": f"y{axis}",
                }
            )
            in_legend.add(name)
        top_value = float(part["value"].max()) or 1.0
        # Shares are drawn against their whole (100%), other units against the largest value; the
        # scale is shown, so bars of one unit are read against it.
        percent = bool((part["unit"] == "percent").all())
        top = max(top_value, 100.0) if percent else top_value * 1.05
        axes[f"xaxis{axis}"] = {"range": [0, top], "visible": True, "showgrid": True, **value_ticks(view, top)}
    # The figure from plain dicts, not checked by plotly: make_subplots' layout was checked, and the
    # bars, axes and labels are built above from our own columns (plotly's check of 80 traces, 6
    # panels' axes and a label per block took half a second at 500 articles).
    frame = fig.layout.to_plotly_json()
    for name, settings in axes.items():
        frame[name] = {**frame.get(name, {}), **settings}
    frame["annotations"] = [*frame.get("annotations", ()), *annotations]
    frame["barmode"] = "overlay"
    fig = go.Figure({"data": bars, "layout": frame}, _validate=False)
    values = {"items": items(view, selected) if not selected.empty else ""}
    extra_px = PANEL_GAP_PX * (len(panels) - 1)
    return chart(view, spec, fig, rows, values, height=110 + total_px + extra_px, top_extra=titles_px)
