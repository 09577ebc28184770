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
from plotly.subplots import make_subplots

from cenfigures.charts.kit import (
    Chart,
    bar_marker,
    by_period,
    chart,
    comparable,
    concat,
    hover_texts,
    indicator_name,
    items,
    panel_titles_left,
    series_key,
    value_axis,
    value_label,
)
from cenfigures.view.colors import TEXT, region_color
from cenfigures.view.linebreak import wrap
from cenfigures.view.model import ChartSpec, View

LINE_PX = 17  # a line of the label above a block
BAR_PX = 24
GAP_PX = 16
LABEL_UNITS = 44
PANEL_GAP_PX = 62
LIST = "list"  # the panel of values alone in their unit: listed, not drawn as bars


def outcomes_of(view: View, targets: pd.DataFrame) -> pd.DataFrame:
    """Observed or derived figures of the indicators and regions of `targets`, from any article."""
    if targets.empty:
        return targets
    wanted = {(series_key(row), row["region_id"]) for _, row in targets.iterrows()}
    others = view.figures[view.figures["kind"].isin(("observed", "derived"))]
    keep = [(series_key(row), row["region_id"]) in wanted for _, row in others.iterrows()]
    return others[keep] if any(keep) else others.iloc[0:0]


def series_name(view: View, row) -> str:
    """ "2025年目标" / "Target, 2025": what one bar of a block is."""
    return view.t("chart.series", kind=view.t.kind(row["kind"]), period=row["period"])


def _block_label(view: View, block: pd.DataFrame, several_regions: bool, listed: bool = False) -> list[str]:
    """Lines above a block: the values (with what each is when there are several), then the name; a
    listed value (alone in its unit, no bar) also says its unit."""
    first = block.iloc[0]
    name = indicator_name(view, first)
    if several_regions:
        name = view.t("chart.category_region", region=view.region_name(first["region_id"]), indicator=name)
    if len(block) == 1:
        values = f"<b>{html.escape(value_label(view, first))}</b>"
    else:
        values = " · ".join(
            f"{html.escape(series_name(view, r))} <b>{html.escape(value_label(view, r))}</b>"
            for _, r in block.iterrows()
        )
    unit = [html.escape(view.t("chart.panel_unit", unit=view.t.unit(first["unit"])))] if listed else []
    return [values, *(html.escape(line) for line in wrap(name, LABEL_UNITS)), *unit]


def _blocks(rows: pd.DataFrame) -> list[pd.DataFrame]:
    """One block per indicator and region, in the order they first appear."""
    keys = list(dict.fromkeys((series_key(r), r["region_id"]) for _, r in rows.iterrows()))
    return [rows[[(series_key(r), r["region_id"]) == key for _, r in rows.iterrows()]] for key in keys]


def build(view: View, spec: ChartSpec) -> Chart:
    selected = view.select(spec.select)
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
    layout = []  # per panel: (blocks with their label lines and pixel positions, panel height in px)
    for unit in [*panels, LIST]:
        part = listed if unit is LIST else rows_drawn if unit is None else rows_drawn[rows_drawn["unit"] == unit]
        if unit is LIST and part.empty:
            continue
        placed, y = [], 0
        for block in _blocks(part):
            lines = _block_label(view, block, several_regions, listed=unit is LIST)
            top = y
            y += LINE_PX * len(lines) + 4
            bars = 0 if unit is LIST else len(block)
            centers = [y + BAR_PX * (i + 0.5) for i in range(bars)]
            y += BAR_PX * bars + GAP_PX
            placed.append((block, lines, top, centers))
        layout.append((placed, max(y, 40)))
    if not listed.empty:
        panels = [*panels, LIST]
    titles = (
        [view.t("chart.list_title") if u is LIST else view.t("chart.panel_unit", unit=view.t.unit(u)) for u in panels]
        if panels != [None]
        else None
    )
    total_px = sum(height for _, height in layout)
    in_legend: set[str] = set()
    panels = panels or [None]
    fig = make_subplots(
        rows=len(panels),
        cols=1,
        row_heights=[height / total_px for _, height in layout] or None,  # None: nothing drawn
        # Between panels: room for a panel's scale (tick labels) and the next panel's title.
        vertical_spacing=PANEL_GAP_PX / (total_px + PANEL_GAP_PX * (len(panels) - 1)) if len(panels) > 1 else 0.02,
        subplot_titles=titles,
    )
    for panel, (placed, height) in enumerate(layout, start=1):
        top_value = max((float(b["value"].max()) for b, _, _, _ in placed), default=1.0) or 1.0
        series: dict[tuple, dict[str, list]] = {}  # one trace per kind, period and region: a corpus has many bars
        for block, lines, top, centers in placed:
            fig.add_annotation(
                x=0,
                y=top,
                xref=f"x{panel if panel > 1 else ''} domain",
                yref=f"y{panel if panel > 1 else ''}",
                text="<br>".join(lines),
                showarrow=False,
                xanchor="left",
                yanchor="top",
                align="left",
                font={"size": 13, "color": TEXT},
            )
            hovers = hover_texts(view, block)
            if not centers:  # a listed value: its words, no bar
                continue
            for (_, row), center, hover in zip(block.iterrows(), centers, hovers):
                bars = series.setdefault(
                    (row["kind"], row["period"], row["region_id"]),
                    {"x": [], "y": [], "ids": [], "hover": [], "row": row},
                )
                bars["x"].append(row["value"])
                bars["y"].append(center)
                bars["ids"].append(row["figure_id"])
                bars["hover"].append(hover)
        for (kind, _, region), bars in series.items():
            name = series_name(view, bars["row"])
            fig.add_bar(
                x=bars["x"],
                y=bars["y"],
                width=BAR_PX * 0.72,
                orientation="h",
                name=name,
                legendgroup=name,
                showlegend=name not in in_legend,
                marker=bar_marker(kind, region_color(region)),
                customdata=bars["ids"],
                hovertext=bars["hover"],
                hoverinfo="text",
                row=panel,
                col=1,
            )
            in_legend.add(name)
        fig.update_yaxes(range=[height, 0], visible=False, row=panel, col=1)
        if panels[panel - 1] is LIST:
            fig.update_xaxes(visible=False, range=[0, 1], row=panel, col=1)
            continue
        # Shares are drawn against their whole (100%), other units against the largest value; the
        # scale is shown, so bars of one unit are read against it.
        percent = all(b.iloc[0]["unit"] == "percent" for b, _, _, _ in placed)
        top = max(top_value, 100.0) if percent else top_value * 1.05
        fig.update_xaxes(range=[0, top], visible=True, showgrid=True, row=panel, col=1)
        value_axis(fig, view, top, "x", row=panel, col=1)
    fig.update_layout(barmode="overlay")
    values = {"items": items(view, selected) if not selected.empty else ""}
    extra_px = PANEL_GAP_PX * (len(panels) - 1)
    return chart(view, spec, fig, rows, values, height=110 + total_px + extra_px, top_extra=panel_titles_left(fig))
